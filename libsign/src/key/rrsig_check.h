/* SPDX-License-Identifier: MIT */
/* RRSIG checks with a per-thread key context (see key/keyctx.h). */
#ifndef SGN_KEY_RRSIG_CHECK_H
#define SGN_KEY_RRSIG_CHECK_H

#include <libsign/rrsig.h>

#include "keyctx.h"

/* sgn_rrsig_check() with a verifying context for @p key (NULL: a one-off context). */
sgn_err_t sgn__rrsig_check_ctx(sgn_sig_result_t *result, const sgn_rrset_t *rrset,
                               const uint8_t *rrsig,
                               size_t rrsig_len, const sgn_key_t *key,
                               struct sgn__keyctx *ctx, const sgn_sigcheck_opts_t *opts,
                               sgn_buf_t *scratch) SGN_INTERNAL;

/* The checks before any crypto: structure, key eligibility, validity window. */
sgn_sig_result_t sgn__rrsig_precheck(const sgn_rrset_t *rrset, const sgn_rrsig_view_t *sig,
                                     const sgn_key_t *key,
                                     const sgn_sigcheck_opts_t *opts) SGN_INTERNAL;

#endif
