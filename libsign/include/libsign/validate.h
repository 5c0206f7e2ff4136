/* SPDX-License-Identifier: MIT */
/** @file validate.h
 * Validation outcomes and RRSIG verification over an RRset (RFC 4035 §5.3).
 *
 * A bad signature is a *successful* run whose result says so; an ::sgn_err_t is only
 * returned when the check could not be run at all.
 */
#ifndef LIBSIGN_VALIDATE_H
#define LIBSIGN_VALIDATE_H

#include <libsign/anchor.h>
#include <libsign/base.h>
#include <libsign/finding.h>
#include <libsign/key.h>
#include <libsign/rrset.h>
#include <libsign/zone.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What validation concluded (RFC 4033 §5, RFC 4035 §4.3). */
typedef enum sgn_status {
	SGN_SECURE = 0,
	SGN_INSECURE,
	SGN_BOGUS,
	SGN_INDETERMINATE,
} sgn_status_t;

/** "secure", "insecure", "bogus", "indeterminate". @return a static string. */
SGN_API const char *sgn_status_str(sgn_status_t status);

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

/** Short description of a result ("signature expired"). @return a static string. */
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
 * @param rrset    the covered RRset; RDATA canonical, sorted and unique
 * @param rrsig    RRSIG RDATA
 * @param key      candidate DNSKEY (public half suffices)
 * @param opts     time and options
 * @param result   receives the verdict
 * @param scratch  work buffer, reset and reused (may be NULL)
 * @return ::SGN_OK whenever a verdict was reached (including bad signatures);
 *         ::SGN_ENOMEM; ::SGN_ECRYPTO when the crypto library itself failed.
 * Thread safety: re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rrsig_check(const sgn_rrset_t *rrset, const uint8_t *rrsig,
                                                size_t rrsig_len, const sgn_key_t *key,
                                                const sgn_sigcheck_opts_t *opts,
                                                sgn_sig_result_t *result, sgn_buf_t *scratch);

/**
 * RFC 1982 serial arithmetic on 32-bit RRSIG times: is @p t within
 * [inception, expiration]? @p now is Unix seconds, compared modulo 2^32.
 * @param cmp receives <0 when not yet valid, >0 when expired, 0 when inside
 */
SGN_API void sgn_sig_time_check(uint32_t inception, uint32_t expiration, int64_t now, int *cmp);

/**
 * Work limits against hostile data (KeyTrap, CVE-2023-50387; NSEC3 cost, CVE-2023-50868).
 * Reaching one is a finding of its own, and validation stops doing that work at once.
 */
typedef struct sgn_limits {
	unsigned keys_per_tag;      /**< DNSKEYs tried per (algorithm, key tag) (default 4) */
	unsigned sigs_per_rrset;    /**< RRSIGs examined per RRset (default 8) */
	unsigned nsec3_iterations;  /**< NSEC3 iterations accepted (default 150, RFC 9276) */
	unsigned nsec3_hashes;      /**< NSEC3 hash computations per denial proof (default 32) */
	uint64_t work;              /**< signature verifications in all; 0: automatic (twice
	                                 the RRSIGs in a zone plus 1000, or 5000 per chain) */
} sgn_limits_t;

/** Set the documented defaults. */
SGN_API void sgn_limits_init(sgn_limits_t *limits);

/** Options of a whole-zone verification. */
typedef struct sgn_verify_opts {
	int64_t now;                 /**< validation time, Unix seconds */
	int64_t expire_within;       /**< warn about signatures expiring this soon (default 7d) */
	unsigned threads;            /**< workers; 0: the online processors */
	sgn_limits_t limits;
	const sgn_anchors_t *anchors;/**< the DNSKEY RRset must be signed by a key matching one;
	                                  NULL: by a key with the SEP bit */
} sgn_verify_opts_t;

/** Defaults, with @p now as the validation time. */
SGN_API void sgn_verify_opts_init(sgn_verify_opts_t *opts, int64_t now);

/** What a verification looked at. */
typedef struct sgn_verify_stats {
	size_t names;                /**< names with data (empty non-terminals not counted) */
	size_t rrsets;               /**< RRsets checked for signatures */
	size_t signatures;           /**< RRSIG records examined */
	size_t verifications;        /**< cryptographic checks made */
	size_t valid;                /**< signatures found valid */
	bool has_expiry;
	int64_t earliest_expiry;     /**< earliest RRSIG expiration in the zone */
	uint8_t earliest_owner[255]; /**< and the RRset it signs */
	uint16_t earliest_type;
	size_t denial_records;       /**< NSEC or NSEC3 records */
	bool nsec3;                  /**< the zone uses NSEC3 */
	uint8_t algorithms[16];      /**< algorithms of the zone keys (ZONE bit, not revoked) */
	size_t nalgorithms;
} sgn_verify_stats_t;

/**
 * Verify a whole signed zone offline and record every defect in @p findings: each
 * RRSIG (signature, signer, labels, key, validity window, original TTL), coverage by
 * every algorithm of the DNSKEY RRset (RFC 4035 §2.2, RFC 6840 §5.11), the DNSKEY RRset
 * signed by a SEP key or a trust anchor, the NSEC or NSEC3 chain (names, order, type
 * bitmaps, parameters, opt-out), ZONEMD, and the warnings of finding.h. Signature checks
 * run on the worker pool, bounded by @p opts->limits.
 * @return ::SGN_OK when the verification ran (the zone is valid when @p findings has no
 *         errors); ::SGN_ENOMEM; ::SGN_ECRYPTO.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zone_verify(const sgn_zone_t *zone, const sgn_verify_opts_t *opts,
                                                sgn_findings_t *findings,
                                                sgn_verify_stats_t *stats);

#ifdef __cplusplus
}
#endif
#endif
