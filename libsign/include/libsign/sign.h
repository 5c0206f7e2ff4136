/* SPDX-License-Identifier: MIT */
/** @file sign.h
 * Creating RRSIG records over an RRset (RFC 4034 §3, RFC 4035 §2.2).
 */
#ifndef LIBSIGN_SIGN_H
#define LIBSIGN_SIGN_H

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/rrset.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Validity window of a new signature, as 32-bit RRSIG times (Unix seconds mod 2^32). */
typedef struct sgn_sig_window {
	uint32_t inception;
	uint32_t expiration;
} sgn_sig_window_t;

/**
 * Sign an RRset with @p key and append the complete RRSIG RDATA to @p rrsig.
 * The labels field is the owner's label count without a leading "*" (RFC 4035 §2.2),
 * the original TTL is the RRset's TTL, and the signer is the key's owner.
 *
 * @param rrset   the RRset; RDATA canonical, sorted and unique (see rrset.h)
 * @param key     a key with its private half
 * @param window  inception and expiration
 * @param rrsig   receives the RRSIG RDATA (appended)
 * @param scratch work buffer for the signing data; reset and reused (may be NULL)
 * @return ::SGN_OK; ::SGN_EKEY without a private half; ::SGN_EINVAL for an RRset the key
 *         may not sign (owner outside the key's zone, RRSIG type); ::SGN_ECRYPTO;
 *         ::SGN_ENOMEM.
 * Thread safety: re-entrant; one key may sign on several threads at once.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rrset_sign(const sgn_rrset_t *rrset, const sgn_key_t *key,
                                               const sgn_sig_window_t *window, sgn_buf_t *rrsig,
                                               sgn_buf_t *scratch);

#ifdef __cplusplus
}
#endif
#endif
