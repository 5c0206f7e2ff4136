/* SPDX-License-Identifier: MIT */
/** @file sign.h
 * Creating RRSIG records over an RRset (RFC 4034 §3, RFC 4035 §2.2), and signing whole
 * zones: in place (sgn_zone_sign()) or straight into a file (sgn_zone_sign_write()).
 */
#ifndef LIBSIGN_SIGN_H
#define LIBSIGN_SIGN_H

#include <stdio.h>

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/rrset.h>
#include <libsign/zone.h>

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
 * @param rrsig   receives the RRSIG RDATA (appended)
 * @param rrset   the RRset; RDATA canonical, sorted and unique (see rrset.h)
 * @param key     a key with its private half
 * @param window  inception and expiration
 * @param scratch work buffer for the signing data; reset and reused (may be NULL)
 * @return ::SGN_OK; ::SGN_EKEY without a private half; ::SGN_EINVAL for an RRset the key
 *         may not sign (owner outside the key's zone, RRSIG type); ::SGN_ECRYPTO;
 *         ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p rrsig; @p scratch stays the caller's.
 * Errors: ::SGN_EKEY without a private half or for an algorithm without a backend;
 *         ::SGN_EINVAL for an RRSIG RRset or an owner outside the key's zone; ::SGN_EPARSE
 *         for a malformed owner; ::SGN_ECRYPTO; ::SGN_ENOMEM. @p rrsig is unchanged on
 *         error.
 * Thread safety: re-entrant; one key may sign on several threads at once.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rrset_sign(sgn_buf_t *rrsig, const sgn_rrset_t *rrset,
                                               const sgn_key_t *key, const sgn_sig_window_t *window,
                                               sgn_buf_t *scratch) SGN_NONNULL(1, 2, 3, 4);

/** Authenticated denial of existence for a signed zone. */
typedef enum sgn_denial {
	SGN_DENIAL_NSEC = 0,  /**< RFC 4034 §4 */
	SGN_DENIAL_NSEC3,     /**< RFC 5155 */
} sgn_denial_t;

/** How the SOA serial changes when a zone is signed (RFC 1982 arithmetic). */
typedef enum sgn_serial_policy {
	SGN_SERIAL_INCREMENT = 0, /**< serial + 1 */
	SGN_SERIAL_KEEP,          /**< unchanged */
	SGN_SERIAL_UNIXTIME,      /**< the signing time, or serial + 1 if that is not larger */
	SGN_SERIAL_DATE,          /**< YYYYMMDDnn of the signing day, or serial + 1 */
} sgn_serial_policy_t;

/**
 * NSEC3 additional iterations a zone may be signed with unless the policy forces more:
 * validators may treat more as insecure or bogus (RFC 9276 §3.2; Unbound's and BIND's
 * limit is 150). RFC 9276 asks for 0; any other number is signed with a warning.
 */
#define SGN_SIGN_NSEC3_ITERATIONS_MAX 150

/** Called now and then while signing: @p done of @p total RRsets handled. */
typedef void (*sgn_progress_fn)(void *ctx, size_t done, size_t total);

/** How to sign a zone. Set the defaults with sgn_sign_policy_init(). */
typedef struct sgn_sign_policy {
	int64_t now;               /**< signing time, Unix seconds (required) */
	uint32_t inception_offset; /**< inception = now - this (default 3600) */
	uint32_t validity;         /**< expiration = now + this (default 14 days) */
	uint32_t jitter;           /**< expirations spread over [validity - jitter, validity],
	                                per RRset, deterministically (default 0) */
	uint32_t refresh;          /**< re-sign signatures expiring within this (default
	                                validity / 4) */
	sgn_denial_t denial;       /**< default NSEC */
	uint16_t nsec3_iterations; /**< default 0 (RFC 9276); above
	                                ::SGN_SIGN_NSEC3_ITERATIONS_MAX only with
	                                `force_iterations` */
	uint8_t nsec3_salt[255];
	uint8_t nsec3_salt_len;    /**< default 0: no salt (RFC 9276) */
	bool nsec3_opt_out;        /**< insecure delegations get no NSEC3 of their own */
	bool force_iterations;     /**< sign with more than ::SGN_SIGN_NSEC3_ITERATIONS_MAX
	                                iterations anyway (a warning, not an error) */
	sgn_serial_policy_t serial;
	bool zonemd;               /**< add a ZONEMD record (RFC 8976, SIMPLE, SHA-384) */
	bool cds;                  /**< publish CDS and CDNSKEY for the KSKs (RFC 7344) */
	unsigned threads;          /**< workers; 0: the online processors */
	const sgn_zone_t *previous;/**< an earlier signed version to take signatures from; the
	                                new serial must be newer than its serial (the serial
	                                policy counts from the newer of the two) */
	sgn_progress_fn progress;  /**< or NULL */
	void *progress_ctx;
	sgn_warn_fn warn;          /**< warnings (keys left out, ...), or NULL */
	void *warn_ctx;
	bool authenticator;        /**< sgn_zone_sign_write() ends the zone with an
	                                authenticator line: a comment holding an HMAC, by a
	                                secret of one of the signing keys, over every byte
	                                before it, so that re-signing the file with the same
	                                keys can take its signatures without verifying them
	                                (default false) */
} sgn_sign_policy_t;

/**
 * Set the defaults listed in ::sgn_sign_policy_t; @p now is the signing time. Every other
 * field is zero: NSEC, serial increment, no ZONEMD or CDS, no previous version, no
 * callbacks.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_sign_policy_init(sgn_sign_policy_t *policy, int64_t now) SGN_NONNULL(1);

/**
 * Take the zone's current denial of existence into the policy: when the zone has an
 * NSEC3PARAM (flags 0, SHA-1), NSEC3 with its iterations and salt, and opt-out when its
 * NSEC3 records carry the flag. A re-sign then keeps the chain the zone had. The
 * iterations taken over are held to ::SGN_SIGN_NSEC3_ITERATIONS_MAX like any others:
 * signing refuses more unless `force_iterations` is set.
 * @return true when the zone uses NSEC3 (the policy was changed), false otherwise.
 * Ownership: copies the salt into @p policy; @p zone is only read. Errors: none (cannot
 *         fail).
 */
SGN_API bool sgn_sign_policy_denial_from_zone(sgn_sign_policy_t *policy, const sgn_zone_t *zone)
	SGN_NONNULL(1, 2);

/** What signing made and did: everything a report needs, so that the zone itself need not
 * outlive sgn_zone_sign_write(). */
typedef struct sgn_sign_stats {
	size_t names;           /**< names of the signed zone (empty non-terminals included,
	                             NSEC3 owners not) */
	size_t rrsets_signed;   /**< RRsets that carry signatures now */
	size_t sigs_created;    /**< signatures made in this run */
	size_t sigs_reused;     /**< existing signatures kept */
	size_t sigs_verified;   /**< existing signatures checked cryptographically to be kept */
	size_t sigs_dropped;    /**< existing signatures removed */
	sgn_denial_t denial;    /**< the chain made: NSEC or NSEC3 */
	size_t denial_records;  /**< NSEC or NSEC3 records in the new chain */
	uint16_t nsec3_iterations; /**< with NSEC3: its parameters */
	uint8_t nsec3_salt_len;
	bool nsec3_opt_out;
	bool zonemd;            /**< a ZONEMD record was made (RFC 8976) */
	size_t cds_records;     /**< CDS records published (as many CDNSKEY) */
	bool source_trusted;    /**< earlier signatures taken unverified on the strength of
	                             the file's authenticator line (see `authenticator`) or of
	                             a ZONEMD digest signed by one of the zone's keys */
	uint32_t serial;        /**< the SOA serial written */
	size_t keys_signing;    /**< keys that made or kept signatures */
	size_t keys_published;  /**< keys in the DNSKEY RRset */
} sgn_sign_stats_t;

/**
 * Sign (or re-sign) a zone in place: the DNSKEY RRset from the keys published at
 * `policy->now` (foreign DNSKEYs in the zone are kept as data), CDS/CDNSKEY and ZONEMD
 * when asked, the SOA serial, a new NSEC or NSEC3 chain, and RRSIGs by every active key:
 * KSKs (SEP) over DNSKEY, CDS and CDNSKEY, ZSKs over the rest, a key that is alone for its
 * algorithm over everything. Existing signatures by active keys over unchanged data that
 * do not expire within `policy->refresh` are kept. Signatures are made on
 * `policy->threads` workers; the result does not depend on the thread count.
 *
 * Afterwards @p zone holds the whole signed zone: sgn_zone_write() prints it and
 * sgn_zone_verify() finds it valid.
 *
 * Refused before anything changes (the zone is then as it was): a policy out of range;
 * more than ::SGN_SIGN_NSEC3_ITERATIONS_MAX iterations without `force_iterations`; no
 * active key, a key for another zone, an algorithm published without an active key
 * (RFC 4035 §2.2), or no active key with the SEP bit to sign the DNSKEY RRset (verifiers
 * reject such a zone); a serial that would not be newer than `policy->previous`'s.
 *
 * @param zone   the zone; signed in place
 * @param stats  receives what was made (may be NULL)
 * @param keys   the zone's keys with their private halves and timing
 * @param policy how to sign (see sgn_sign_policy_init())
 * @param diag   receives the reason of a failure (may be NULL; cleared first)
 * @return ::SGN_OK; ::SGN_EINVAL (policy); ::SGN_EKEY (keys); ::SGN_EZONE (an NSEC3 hash
 *         collision, or the serial); ::SGN_ECRYPTO; ::SGN_ENOMEM. @p diag says which.
 * Ownership: the zone stays the caller's; the keys are only read. Views into the zone
 *         taken before the call are invalid after it.
 * Errors: ::SGN_EINVAL for a policy out of range (validity, jitter, refresh, denial
 *         method) or more NSEC3 iterations than allowed; ::SGN_EKEY for the key problems
 *         above; ::SGN_EZONE for a serial not newer than the previous version's, an
 *         NSEC3 hash collision, or an apex too long for NSEC3 owner names; ::SGN_ELIMIT
 *         for more than 2^31 - 1 names; ::SGN_ECRYPTO; ::SGN_ENOMEM. A failure after the
 *         checks leaves the zone partly signed: free it.
 * Thread safety: one call per zone at a time, no other thread may use the zone or change
 *         `policy->previous` while it runs; the call runs its own workers
 *         (`policy->threads`, joined before it returns) and calls the progress and warn
 *         callbacks on the calling thread only.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zone_sign(sgn_zone_t *zone, sgn_sign_stats_t *stats,
                                              const sgn_keylist_t *keys,
                                              const sgn_sign_policy_t *policy, sgn_diag_t *diag)
	SGN_NONNULL(1, 3, 4);

/**
 * Sign a zone as sgn_zone_sign() does and write it to @p out (the text of
 * sgn_zone_write()) while signing goes, consuming the zone: each part of it is written as
 * soon as it is signed and then given back, so a large zone never needs its signatures and
 * denial chain in memory all at once. A ZONEMD digest is made from the records as they are
 * written, and the ZONEMD RRset goes last, once it is known (where sgn_zone_write() puts
 * it too).
 *
 * @param zone   the zone; freed, whatever the result, and `*zone` set to NULL
 * @param out    where the signed zone goes (for example sgn_outfile_stream()); on an error
 *               it may hold part of it: write to a file that is only named when complete
 *               (outfile.h)
 * @return as sgn_zone_sign(), and ::SGN_EIO when writing failed (@p diag has the system's
 *         reason).
 * Ownership: takes `*zone`, also on failure; @p out stays the caller's (flushed, not
 *         closed); the keys are only read.
 * Errors: those of sgn_zone_sign(); ::SGN_EIO when writing to @p out or flushing it
 *         failed.
 * Thread safety: as sgn_zone_sign(); nothing else may write to @p out meanwhile.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zone_sign_write(sgn_zone_t **zone, FILE *out,
                                                    sgn_sign_stats_t *stats,
                                                    const sgn_keylist_t *keys,
                                                    const sgn_sign_policy_t *policy,
                                                    sgn_diag_t *diag)
	SGN_NONNULL(1, 2, 4, 5);

#ifdef __cplusplus
}
#endif
#endif
