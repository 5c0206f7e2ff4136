/* SPDX-License-Identifier: MIT */
/* Per-thread signing and verifying contexts for one key: made once, used for many
 * signatures (see the algorithm backend). Not shareable between threads. */
#ifndef SGN_KEY_KEYCTX_H
#define SGN_KEY_KEYCTX_H

#include <libsign/key.h>

#include "../internal.h"

struct sgn__keyctx;

/* @p sign: a signing context (needs the private half) or a verifying one.
 * SGN_EKEY without the needed half; SGN_EUNSUPPORTED for an algorithm without backend. */
sgn_err_t sgn__keyctx_new(const sgn_key_t *key, bool sign, struct sgn__keyctx **out) SGN_INTERNAL;
sgn_err_t sgn__keyctx_sign(struct sgn__keyctx *c, const uint8_t *msg, size_t len,
                           sgn_buf_t *sig) SGN_INTERNAL;
sgn_err_t sgn__keyctx_verify(struct sgn__keyctx *c, const uint8_t *msg, size_t len,
                             const uint8_t *sig, size_t siglen, bool *valid) SGN_INTERNAL;
void sgn__keyctx_free(struct sgn__keyctx *c) SGN_INTERNAL;

#endif
