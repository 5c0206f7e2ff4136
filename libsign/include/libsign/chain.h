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

/**
 * "dnskey", "ds", "no-ds", "answer", "cname", "dname", "nodata", "nxdomain" ("unknown"
 * out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
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

/** How a server's RRset compares with the reference server's answer to the same question. */
typedef enum sgn_chain_cmp {
	SGN_CHAIN_CMP_NONE = 0,    /**< not compared (not an RRset the chain uses, a question
	                                only one server was asked, or the reference's own) */
	SGN_CHAIN_CMP_SAME,        /**< the same records and signatures */
	SGN_CHAIN_CMP_SIGS_DIFFER, /**< the same records, other RRSIGs */
	SGN_CHAIN_CMP_DIFFERS,     /**< other records */
	SGN_CHAIN_CMP_MISSING,     /**< not in this server's answer (records 0) */
} sgn_chain_cmp_t;

/**
 * "none", "same", "signatures-differ", "differs", "missing" ("unknown" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_chain_cmp_str(sgn_chain_cmp_t cmp);

#define SGN_CHAIN_ANSWER_RRSETS_MAX 8

/** An RRset of one server's answer (RRSIGs counted with the type they cover). */
typedef struct sgn_chain_answer_rrset {
	uint8_t owner[255];
	uint16_t type;
	uint8_t section;          /**< 0 answer, 1 authority, 2 additional */
	size_t records;
	size_t sigs;
	bool used;                /**< an RRset the chain uses */
	sgn_chain_cmp_t cmp;
} sgn_chain_answer_rrset_t;

/** What one server answered to one question put to its zone. */
typedef struct sgn_chain_answer {
	size_t server;            /**< index into sgn_chain_t.servers */
	uint8_t qname[255];
	uint16_t qtype;
	bool every_server;        /**< a question put to every server (sgn_live_question_t) */
	bool reference;           /**< this answer is in the view the chain was validated with */
	sgn_live_state_t state;
	int rcode;                /**< -1 without a response */
	bool aa;
	bool tcp;
	char why[128];
	size_t nrrsets;           /**< at most ::SGN_CHAIN_ANSWER_RRSETS_MAX shown: the RRsets
	                               the chain uses first */
	size_t rrsets_total;
	sgn_chain_answer_rrset_t rrsets[SGN_CHAIN_ANSWER_RRSETS_MAX];
} sgn_chain_answer_t;

/** An authoritative server of a zone the chain went through (a live chain). */
typedef struct sgn_chain_server {
	uint8_t zone[255];
	sgn_live_server_t info;   /**< name, address, port, state, SOA serial, counts */
	bool reference;           /**< the zone's reference server: its answers are the view
	                               the chain was validated with */
	size_t differs;           /**< RRsets the chain uses that it serves with other records
	                               or not at all, compared with the reference's answers */
	size_t sigs_differ;       /**< ... with the same records but other RRSIGs */
	bool checked;             /**< the chain was validated with its answers too */
	sgn_status_t verdict;     /**< the verdict then (when checked) */
	bool verdict_differs;     /**< a link of that validation, or its verdict, differs */
	size_t first_answer;      /**< its answers: sgn_chain_t.answers[first_answer ...] */
	size_t nanswers;
	size_t first_finding;     /**< the findings about it: sgn_chain_t.findings.items[...] */
	size_t nfindings;
	size_t zone_left_out;     /**< addresses or names of the zone's NS set not asked (the
	                               same for every server of the zone) */
} sgn_chain_server_t;

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
	/* Appended (sgn_chain_t is only ever made by the library: new fields go at the end). */
	sgn_chain_server_t *servers; /**< after sgn_chain_add_servers(): the servers of each
	                                  zone the chain has a link in, zone by zone */
	size_t nservers;
	sgn_chain_answer_t *answers; /**< their answers, server by server */
	size_t nanswers;
} sgn_chain_t;

/** Options of sgn_chain_validate(). */
typedef struct sgn_chain_opts {
	int64_t now;
	sgn_limits_t limits;      /**< limits.work 0: 5000 signature checks per chain */
	unsigned max_redirects;   /**< CNAME/DNAME steps followed (default 8) */
	int64_t expire_within;    /**< warn (rrsig-expiring-soon) of signatures that expire
	                               within this many seconds (default 7 days; 0: never) */
} sgn_chain_opts_t;

/**
 * Defaults with @p now as the validation time: the limits of sgn_limits_init() (work 0:
 * 5000 signature checks), 8 CNAME/DNAME steps, warnings 7 days before expiry.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_chain_opts_init(sgn_chain_opts_t *opts, int64_t now) SGN_NONNULL(1);

/**
 * Whether @p qtype can be validated as a chain: not a meta-type or question-only type
 * (OPT, TYPE0, 128-255: ANY, AXFR, IXFR, MAILA, MAILB, TSIG, ...; RFC 6895 section 3.1),
 * which name no RRset a signature could cover, and not RRSIG, whose RRsets are never
 * signed themselves (RFC 4034 section 3; ask for the type they cover instead).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
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
 * @param qname wire-form name (copied, lower-cased)
 * @return ::SGN_OK whenever a verdict was reached; ::SGN_ENOMEM; ::SGN_EINVAL for a
 *         malformed @p qname or a type that sgn_chain_can_ask() refuses.
 * Ownership: the caller frees *@p out with sgn_chain_free() (NULL on error); its links,
 *         zones and findings are its own, but chain->used and the proofs' RRsets are
 *         borrowed from @p zs, which must outlive the chain; @p anchors and @p opts are
 *         only read during the call.
 * Errors: ::SGN_EINVAL for a malformed @p qname (not a wire-form name within 255 bytes)
 *         or a type that sgn_chain_can_ask() refuses; ::SGN_ECRYPTO when the
 *         crypto library fails; ::SGN_ENOMEM. Missing data, bad signatures and exhausted
 *         limits are statuses and findings of an ::SGN_OK result.
 * Thread safety: re-entrant: several chains may be validated over one zone set at once
 *         (it is only read).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_chain_validate(sgn_chain_t **out,
                                                   const sgn_zoneset_t *zs,
                                                   const sgn_anchors_t *anchors,
                                                   const uint8_t *qname, uint16_t qtype,
                                                   const sgn_chain_opts_t *opts)
	SGN_NONNULL(1, 2, 3, 4, 6);

/**
 * Free a chain: its links, zones, proofs, servers, answers and findings.
 * Ownership: frees @p chain; NULL is ignored (the zone set it borrowed from is not
 *         touched). Errors: none (cannot fail).
 */
SGN_API void sgn_chain_free(sgn_chain_t *chain);

/**
 * The authoritative servers of a live chain: @p chain must have been validated over
 * sgn_live_get_zoneset(@p live) with @p anchors and @p opts. For each zone the chain has a
 * link in, lists its servers (sgn_chain_t.servers) with their answers (.answers), compares
 * each server's answers with the reference server's for every RRset the chain uses
 * (DNSKEY, DS, the answer, denial records), and validates the chain again with each other
 * server's answers in place of the reference's for its zone (sgn_live_view()). Findings,
 * each with the server's name and address (sgn_finding_t.has_server): server-unreachable
 * and server-lame (its SOA answer, or a later question), server-data-differs (other
 * records, or none: a warning; the same records with other RRSIGs: a notice; the detail
 * gives both servers' SOA serials), server-verdict-differs (the first link, or the
 * verdict, that its answers would change), and the findings of that validation which the
 * chain does not have. The verdict of @p chain does not change.
 * @return ::SGN_OK; ::SGN_ENOMEM; ::SGN_EINVAL when called twice on one chain.
 * Ownership: the servers, answers and findings belong to @p chain (sgn_chain_free()) and
 *         copy what they need from @p live; the chain's used RRsets and proofs stay borrowed
 *         from sgn_live_get_zoneset(@p live), as for any chain from its zone set.
 * Errors: ::SGN_EINVAL when the chain has servers already; the errors of sgn_live_view()
 *         (::SGN_EPARSE, ::SGN_EZONE for a server's answers that make no zone set) and of
 *         sgn_chain_validate() (::SGN_ECRYPTO) for each server's view; ::SGN_ENOMEM.
 *         Servers and findings added before an error stay in @p chain.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_chain_add_servers(sgn_chain_t *chain, const sgn_live_t *live,
                                                      const sgn_anchors_t *anchors,
                                                      const sgn_chain_opts_t *opts)
	SGN_NONNULL(1, 2, 3, 4);

/**
 * Write the RRsets the validation used (with their RRSIGs): a bundle that reproduces the
 * same chain offline with sgn_zoneset_load_bundle(). Text, or RFC 9102 wire form.
 * The zone set the chain was validated over must still exist.
 * @return ::SGN_OK or ::SGN_EIO.
 * Ownership: @p fp stays the caller's (not flushed, not closed).
 * Errors: ::SGN_EIO when a write fails (@p diag has the system's reason; part of the
 *         bundle may be written); ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_chain_write_bundle(const sgn_chain_t *chain, FILE *fp, bool wire,
                                                       sgn_diag_t *diag) SGN_NONNULL(1, 2);

#ifdef __cplusplus
}
#endif
#endif
