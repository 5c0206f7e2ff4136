/* SPDX-License-Identifier: MIT */
/** @file rrsig.h
 * Checking one RRSIG over one RRset with one candidate DNSKEY (RFC 4035 §5.3): the check
 * the validator makes for every signature and the signer makes before it keeps one.
 *
 * A bad signature is a *successful* check whose result says so; an ::sgn_err_t is only
 * returned when the check could not be run at all.
 */
#ifndef LIBSIGN_RRSIG_H
#define LIBSIGN_RRSIG_H

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/rrset.h>
#include <libsign/time.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The result of checking one RRSIG against one RRset and one key, in the order the
 * checks are made: structure, key eligibility, time window, crypto.
 */
typedef enum sgn_sig_result {
	SGN_SIG_VALID = 0,     /**< the signature verifies */
	SGN_SIG_MALFORMED,     /**< RRSIG RDATA cannot be parsed */
	SGN_SIG_TYPE_MISMATCH, /**< type covered differs from the RRset's type */
	SGN_SIG_LABELS,        /**< labels field larger than the owner's label count */
	SGN_SIG_SIGNER,        /**< signer name is not the key owner, or owner not under signer */
	SGN_SIG_ALG_MISMATCH,  /**< RRSIG algorithm differs from the key's */
	SGN_SIG_TAG_MISMATCH,  /**< RRSIG key tag differs from the key's */
	SGN_SIG_KEY_NOT_ZONE,  /**< the DNSKEY lacks the ZONE flag */
	SGN_SIG_KEY_PROTOCOL,  /**< the DNSKEY protocol is not 3 */
	SGN_SIG_KEY_REVOKED,   /**< the DNSKEY has the REVOKE bit (only a self-signature counts) */
	SGN_SIG_UNSUPPORTED,   /**< algorithm libsign cannot verify */
	SGN_SIG_NOT_YET_VALID, /**< now is before the inception */
	SGN_SIG_EXPIRED,       /**< now is after the expiration */
	SGN_SIG_BAD,           /**< cryptographic check failed */
	SGN_SIG_RESULT__COUNT
} sgn_sig_result_t;

/**
 * Short description of a result ("signature expired"; "unknown" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_sig_result_str(sgn_sig_result_t res);

/** Options of one RRSIG check. */
typedef struct sgn_sigcheck_opts {
	int64_t now;          /**< validation time, Unix seconds (never the wall clock inside libsign) */
	bool skip_time;       /**< do not check the validity window */
	bool allow_revoked;   /**< accept a REVOKE'd key (RFC 5011 self-signature of the DNSKEY RRset) */
} sgn_sigcheck_opts_t;

/**
 * Check one RRSIG over an RRset with one candidate key: structure, key eligibility,
 * validity window (RFC 1982 serial arithmetic), then the signature itself.
 * @param result   receives the verdict
 * @param rrset    the covered RRset; RDATA canonical, sorted and unique
 * @param rrsig    RRSIG RDATA
 * @param key      candidate DNSKEY (public half suffices)
 * @param opts     time and options
 * @param scratch  work buffer, reset and reused (may be NULL)
 * @return ::SGN_OK whenever a verdict was reached (including bad signatures);
 *         ::SGN_ENOMEM; ::SGN_ECRYPTO when the crypto library itself failed.
 * Ownership: nothing is kept; @p scratch stays the caller's (its data may move).
 * Errors: ::SGN_ENOMEM; ::SGN_ECRYPTO. Malformed RRSIG RDATA, a key whose public half
 *         cannot be loaded or an algorithm libsign cannot verify are verdicts of an
 *         ::SGN_OK result, not errors.
 * Thread safety: re-entrant (one key may be used on several threads at once; @p scratch
 *         must not be shared).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rrsig_check(sgn_sig_result_t *result, const sgn_rrset_t *rrset,
                                                const uint8_t *rrsig, size_t rrsig_len,
                                                const sgn_key_t *key,
                                                const sgn_sigcheck_opts_t *opts, sgn_buf_t *scratch)
	SGN_NONNULL(1, 2, 5, 6);

#ifdef __cplusplus
}
#endif
#endif
