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
#include <libsign/rrsig.h>
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

/**
 * "secure", "insecure", "bogus", "indeterminate" ("unknown" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_status_str(sgn_status_t status);

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

/**
 * Set the documented defaults: 4 keys per tag, 8 signatures per RRset, 150 NSEC3
 * iterations, 32 NSEC3 hashes per proof, automatic work budget.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_limits_init(sgn_limits_t *limits) SGN_NONNULL(1);

/** Options of a whole-zone verification. */
typedef struct sgn_verify_opts {
	int64_t now;                 /**< validation time, Unix seconds */
	int64_t expire_within;       /**< warn about signatures expiring this soon (default 7d) */
	unsigned threads;            /**< workers; 0: the online processors */
	sgn_limits_t limits;
	const sgn_anchors_t *anchors;/**< the DNSKEY RRset must be signed by a key matching one;
	                                  NULL: by a key with the SEP bit */
} sgn_verify_opts_t;

/**
 * Defaults, with @p now as the validation time: warn 7 days before expiry, the online
 * processors, the limits of sgn_limits_init(), no anchors.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_verify_opts_init(sgn_verify_opts_t *opts, int64_t now) SGN_NONNULL(1);

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
 * @param findings an initialised list: the findings are added, and then the whole list is
 *                 sorted (sgn_findings_sort())
 * @param stats    receives what was looked at (may be NULL)
 * @return ::SGN_OK when the verification ran (the zone is valid when @p findings has no
 *         errors); ::SGN_ENOMEM; ::SGN_ECRYPTO.
 * Ownership: the findings copy what they need; @p zone and @p opts are only read.
 * Errors: ::SGN_ENOMEM; ::SGN_ECRYPTO when the crypto library fails (a bad signature is
 *         a finding, not an error); findings may have been added before the error.
 *         Exhausted work limits are findings of an ::SGN_OK result.
 * Thread safety: the call runs its own workers (opts->threads, joined before it returns);
 *         several verifications may share a zone that no thread changes.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zone_verify(const sgn_zone_t *zone, sgn_findings_t *findings,
                                                sgn_verify_stats_t *stats,
                                                const sgn_verify_opts_t *opts) SGN_NONNULL(1, 2, 4);

#ifdef __cplusplus
}
#endif
#endif
