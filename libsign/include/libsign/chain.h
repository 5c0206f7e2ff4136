/* SPDX-License-Identifier: MIT */
/** @file chain.h
 * Chains of trust: validating one name and type from a trust anchor down (RFC 4035 §5,
 * RFC 6840) over a zone set (zoneset.h), whatever its source. One validator answers the
 * questions a resolver would ask of those zones and checks every answer; the same RRset,
 * DS and denial checks serve sgn_zone_verify() (validate.h).
 */
#ifndef LIBSIGN_CHAIN_H
#define LIBSIGN_CHAIN_H

#include <stdio.h>

#include <libsign/anchor.h>
#include <libsign/base.h>
#include <libsign/finding.h>
#include <libsign/validate.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#ifdef __cplusplus
extern "C" {
#endif

/** What one link of a chain is. */
typedef enum sgn_link_kind {
	SGN_LINK_DNSKEY = 0,  /**< a zone's DNSKEY RRset, against an anchor or the DS above */
	SGN_LINK_DS,          /**< a DS RRset at a zone cut, signed by the parent */
	SGN_LINK_NO_DS,       /**< a zone cut without DS: insecure if proven */
	SGN_LINK_ANSWER,      /**< the RRset asked for */
	SGN_LINK_CNAME,       /**< a CNAME on the way to the answer */
	SGN_LINK_DNAME,       /**< a DNAME on the way to the answer */
	SGN_LINK_NODATA,      /**< the name exists, the type does not: proven by NSEC/NSEC3 */
	SGN_LINK_NXDOMAIN,    /**< the name does not exist: proven by NSEC/NSEC3 */
} sgn_link_kind_t;

/** "dnskey", "ds", "no-ds", "answer", "cname", "dname", "nodata", "nxdomain". */
SGN_API const char *sgn_link_kind_str(sgn_link_kind_t kind);

#define SGN_LINK_KEYS_MAX 8

/** One link of a chain: what was checked, its status, why, and when it expires. */
typedef struct sgn_link {
	sgn_link_kind_t kind;
	uint8_t owner[255];
	uint16_t type;
	uint8_t zone[255];        /**< the zone whose keys vouch for this link */
	sgn_status_t status;
	bool has_reason;
	sgn_finding_code_t reason;/**< why, when not secure (or the kind of insecurity) */
	size_t nkeys;             /**< keys that made valid signatures (or that DS records name) */
	uint16_t key_tags[SGN_LINK_KEYS_MAX];
	uint8_t algorithms[SGN_LINK_KEYS_MAX];
	bool has_expiry;
	int64_t expires;          /**< earliest expiration of the valid signatures used */
	bool wildcard;            /**< the answer was synthesised from a wildcard */
	size_t records;           /**< RRs in the RRset (or proof records) */
	char detail[SGN_FINDING_DETAIL_MAX];
} sgn_link_t;

#define SGN_CHAIN_KEYS_MAX 32
#define SGN_CHAIN_DS_MAX 16

/** A DNSKEY of a zone the chain went through (for audit reports). */
typedef struct sgn_chain_key {
	uint16_t tag;
	uint16_t flags;           /**< ZONE 256, SEP 1, REVOKE 128 */
	uint8_t algorithm;
	unsigned bits;            /**< key size, 0 when the algorithm is not supported */
	bool trusted;             /**< a DS at the parent or an anchor names it, not revoked */
	bool signs_keys;          /**< made a valid signature over the DNSKEY RRset */
	bool signs_data;          /**< made a valid signature over another RRset of the chain */
} sgn_chain_key_t;

/** A DS record at a zone cut, or a trust anchor of an anchored zone. */
typedef struct sgn_chain_ds {
	uint16_t tag;
	uint8_t algorithm;
	uint8_t digest_type;      /**< 0 for a DNSKEY trust anchor */
	bool usable;              /**< algorithm and digest type supported (RFC 4035 §5.2) */
	int key;                  /**< index of the zone's DNSKEY it matches, -1 for none */
} sgn_chain_ds_t;

/** A zone the chain went through: its keys and what vouches for them. */
typedef struct sgn_chain_zone {
	uint8_t apex[255];
	bool anchored;            /**< a trust anchor's zone: ds[] are its anchors */
	size_t nkeys;             /**< DNSKEYs shown (at most ::SGN_CHAIN_KEYS_MAX) */
	size_t keys_total;        /**< DNSKEYs in the RRset */
	sgn_chain_key_t keys[SGN_CHAIN_KEYS_MAX];
	size_t nds;               /**< at most ::SGN_CHAIN_DS_MAX */
	size_t ds_total;
	sgn_chain_ds_t ds[SGN_CHAIN_DS_MAX];
} sgn_chain_zone_t;

/** An NSEC or NSEC3 RRset that a denial link (or a wildcard answer) rests on. */
typedef struct sgn_chain_proof {
	size_t link;              /**< index into sgn_chain_t.links */
	const sgn_zone_rrset_t *rrset; /**< borrowed from the zone set, valid while it lives */
	bool valid;               /**< its signature was found valid */
} sgn_chain_proof_t;

/** A validated chain. */
typedef struct sgn_chain {
	sgn_link_t *links;
	size_t nlinks;
	sgn_status_t verdict;     /**< the chain as a whole */
	sgn_findings_t findings;  /**< every problem met, with details */
	uint8_t qname[255];
	uint16_t qtype;
	size_t verifications;     /**< signature checks made */
	const sgn_zone_rrset_t **used; /**< the RRsets the validation looked at (borrowed from
	                                    the zone set, valid while it lives) */
	size_t nused;
	sgn_chain_zone_t *zones;  /**< every zone whose DNSKEY RRset the chain checked, once */
	size_t nzones;
	sgn_chain_proof_t *proofs;/**< the denial records of each link */
	size_t nproofs;
} sgn_chain_t;

/** Options of sgn_chain_validate(). */
typedef struct sgn_chain_opts {
	int64_t now;
	sgn_limits_t limits;      /**< limits.work 0: 5000 signature checks per chain */
	unsigned max_redirects;   /**< CNAME/DNAME steps followed (default 8) */
	int64_t expire_within;    /**< warn (rrsig-expiring-soon) of signatures that expire
	                               within this many seconds (default 7 days; 0: never) */
} sgn_chain_opts_t;

SGN_API void sgn_chain_opts_init(sgn_chain_opts_t *opts, int64_t now);

/**
 * Whether @p qtype can be validated as a chain: not a meta-type or question-only type
 * (OPT, TYPE0, 128-255: ANY, AXFR, IXFR, MAILA, MAILB, TSIG, ...; RFC 6895 section 3.1),
 * which name no RRset a signature could cover, and not RRSIG, whose RRsets are never
 * signed themselves (RFC 4034 section 3; ask for the type they cover instead).
 */
SGN_API bool sgn_chain_can_ask(uint16_t qtype);

/**
 * Validate @p qname / @p qtype from the trust anchors down over the zones of @p zs. Each
 * link gets a status; the verdict is the status of the whole: secure, insecure (an
 * insecure delegation proven on the way, or an algorithm or digest the validator does
 * not support, RFC 4035 §5.2), bogus, or indeterminate (missing data, or a work limit:
 * reason limit-...). For audits the chain also lists each zone's keys and DS records and
 * the denial records of each link, and adds warnings (severity warning, no effect on the
 * verdict): rrsig-expiring-soon, ttl-exceeds-validity, algorithm-deprecated,
 * rsa-key-short, nsec3-iterations.
 * @param out receives the chain; free with sgn_chain_free()
 * @return ::SGN_OK whenever a verdict was reached; ::SGN_ENOMEM; ::SGN_EINVAL, also for a
 *         type that sgn_chain_can_ask() refuses.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_chain_validate(const sgn_zoneset_t *zs,
                                                   const sgn_anchors_t *anchors,
                                                   const uint8_t *qname, uint16_t qtype,
                                                   const sgn_chain_opts_t *opts,
                                                   sgn_chain_t **out);

/** NULL is ignored. */
SGN_API void sgn_chain_free(sgn_chain_t *chain);

/**
 * Write the RRsets the validation used (with their RRSIGs): a bundle that reproduces the
 * same chain offline with sgn_zoneset_load_bundle(). Text, or RFC 9102 wire form.
 * The zone set the chain was validated over must still exist.
 * @return ::SGN_OK or ::SGN_EIO.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_chain_write_bundle(const sgn_chain_t *chain, FILE *fp, bool wire,
                                                       sgn_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
