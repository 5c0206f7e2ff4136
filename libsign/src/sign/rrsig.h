/* SPDX-License-Identifier: MIT */
/* RRSIG creation with a per-thread key context (see key/keyctx.h). */
#ifndef SGN_SIGN_RRSIG_H
#define SGN_SIGN_RRSIG_H

#include <libsign/sign.h>

#include "../key/keyctx.h"

/* sgn_rrset_sign() with a signing context for @p key (NULL: a one-off context). */
sgn_err_t sgn__rrset_sign_ctx(sgn_buf_t *rrsig, const sgn_rrset_t *rrset,
                              const sgn_key_t *key, struct sgn__keyctx *ctx,
                              const sgn_sig_window_t *window, sgn_buf_t *scratch) SGN_INTERNAL;

#endif
