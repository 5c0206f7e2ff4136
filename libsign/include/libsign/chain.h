/* SPDX-License-Identifier: MIT */
/** @file chain.h
 * Chains of trust: validating one name and type from a trust anchor down (RFC 4035 §5,
 * RFC 6840), over data from any source. Every source - zone files, a saved bundle
 * (presentation text or RFC 9102 wire form), or records collected from live servers -
 * becomes a zone set: full or partial zone models, one per zone apex. One validator
 * answers the questions a resolver would ask of those zones and checks every answer.
 */
#ifndef LIBSIGN_CHAIN_H
#define LIBSIGN_CHAIN_H

#include <stdio.h>

#include <libsign/anchor.h>
#include <libsign/base.h>
#include <libsign/finding.h>
#include <libsign/validate.h>
#include <libsign/zone.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Zones by apex. Opaque. */
typedef struct sgn_zoneset sgn_zoneset_t;

/** @return ::SGN_OK or ::SGN_ENOMEM. Free with sgn_zoneset_free(). */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_new(sgn_zoneset_t **out);
/** Free the set and its zones. NULL is ignored. */
SGN_API void sgn_zoneset_free(sgn_zoneset_t *zs);

/**
 * Add a zone; the set takes it (and frees it on failure too). A second zone with the
 * same apex is refused with ::SGN_EEXIST.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_add_take(sgn_zoneset_t *zs, sgn_zone_t *zone);

/**
 * Load every zone file of a directory: regular files named *.zone, *.signed or *.db,
 * each with the apex of its SOA.
 * @return ::SGN_OK; the first failing file's error with @p diag naming it; ::SGN_ENOTFOUND
 *         when the directory holds no zone file.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_load_dir(sgn_zoneset_t *zs, const char *dir,
                                                     const sgn_zone_opts_t *opts,
                                                     sgn_diag_t *diag);

/**
 * Load a bundle: a set of RRsets with their RRSIGs, as presentation text (what
 * sgn_zoneset_write_bundle() writes) or RFC 9102 wire form (a sequence of uncompressed
 * wire RRs), told apart by content. RRsets are sorted into partial zones by the signer of
 * their RRSIGs (DNSKEY, SOA and NSEC3PARAM by owner; unsigned data into the deepest zone
 * above it).
 * @return ::SGN_OK; ::SGN_EPARSE with file and line (or byte offset); ::SGN_EIO.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_load_bundle(sgn_zoneset_t *zs, const char *path,
                                                        sgn_diag_t *diag);

/**
 * Add records to the set as a bundle would (for collectors such as the live resolver):
 * RRs of any zones, in any order, sorted into partial zones on sgn_zoneset_seal().
 * @return ::SGN_OK or ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_add_rr(sgn_zoneset_t *zs, const sgn_rr_t *rr);

/** Build partial zones from records added with sgn_zoneset_add_rr(). */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_seal(sgn_zoneset_t *zs, sgn_diag_t *diag);

/**
 * Write every RR of every zone as presentation text (one RR per line, zones in canonical
 * order of their apex) or, with @p wire, as RFC 9102 wire RRs.
 * @return ::SGN_OK or ::SGN_EIO.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_write_bundle(const sgn_zoneset_t *zs, FILE *fp, bool wire,
                                                         sgn_diag_t *diag);

/** Number of zones. */
SGN_API size_t sgn_zoneset_count(const sgn_zoneset_t *zs);
/** The @p i-th zone (apexes in canonical order). Borrowed. */
SGN_API const sgn_zone_t *sgn_zoneset_get(const sgn_zoneset_t *zs, size_t i);
/** The zone with the deepest apex at or above @p name, NULL if none. Borrowed. */
SGN_API const sgn_zone_t *sgn_zoneset_find(const sgn_zoneset_t *zs, const uint8_t *name);

/** Options of a live collection. */
typedef struct sgn_live_opts {
	const char *hints;          /**< root hints file (zone text with NS and A/AAAA records);
	                                 NULL: the built-in root server addresses */
	const char *const *servers; /**< ask these servers ("ADDR" or "ADDR@PORT") for every
	                                 zone instead of resolving iteratively */
	size_t nservers;
	uint16_t port;              /**< default port, 53 */
	unsigned timeout_ms;        /**< per query, default 2000 */
	unsigned max_queries;       /**< per collection, default 200 */
	unsigned max_redirects;     /**< CNAME/DNAME targets followed, default 8 */
	bool follow_insecure;       /**< also walk below zone cuts without a DS (to reach the
	                                 servers of an unsigned zone); default false */
} sgn_live_opts_t;

SGN_API void sgn_live_opts_init(sgn_live_opts_t *opts);

/**
 * Collect what validating @p qname / @p qtype needs from live servers: iterative
 * resolution from the root hints (or straight to the given servers) over UDP with the DO
 * bit and TCP on truncation, asking each zone on the way for its DNSKEY RRset, the DS (or
 * proof of none) at each cut, and the answer or its denial, following CNAME and DNAME.
 * Every RR of every response goes into @p zs (sgn_zoneset_add_rr), which is then sealed.
 * @return ::SGN_OK when the collection ran (missing data shows up in validation);
 *         ::SGN_EIO when no server answered at all; ::SGN_ELIMIT when max_queries ran
 *         out; ::SGN_EPARSE for a bad hints file or server address.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_live_collect(sgn_zoneset_t *zs, const uint8_t *qname,
                                                 uint16_t qtype, const sgn_live_opts_t *opts,
                                                 sgn_diag_t *diag);

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
} sgn_chain_t;

/** Options of sgn_chain_validate(). */
typedef struct sgn_chain_opts {
	int64_t now;
	sgn_limits_t limits;      /**< limits.work 0: 5000 signature checks per chain */
	unsigned max_redirects;   /**< CNAME/DNAME steps followed (default 8) */
} sgn_chain_opts_t;

SGN_API void sgn_chain_opts_init(sgn_chain_opts_t *opts, int64_t now);

/**
 * Validate @p qname / @p qtype from the trust anchors down over the zones of @p zs. Each
 * link gets a status; the verdict is the status of the whole: secure, insecure (an
 * insecure delegation proven on the way, or an algorithm or digest the validator does
 * not support, RFC 4035 §5.2), bogus, or indeterminate (missing data, or a work limit:
 * reason limit-...).
 * @param out receives the chain; free with sgn_chain_free()
 * @return ::SGN_OK whenever a verdict was reached; ::SGN_ENOMEM; ::SGN_EINVAL.
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
