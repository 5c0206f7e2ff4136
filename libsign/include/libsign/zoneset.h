/* SPDX-License-Identifier: MIT */
/** @file zoneset.h
 * Where chain data comes from: a zone set holds full or partial zone models, one per zone
 * apex, whatever their source - zone files, a saved bundle (presentation text or RFC 9102
 * wire form), or records collected from live servers. The chain validator (chain.h)
 * reads them; nothing here validates anything.
 */
#ifndef LIBSIGN_ZONESET_H
#define LIBSIGN_ZONESET_H

#include <stdio.h>

#include <libsign/base.h>
#include <libsign/rr.h>
#include <libsign/zone.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Zones by apex. Opaque. */
typedef struct sgn_zoneset sgn_zoneset_t;

/**
 * An empty zone set.
 * @param out receives the set
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_zoneset_free() (NULL on error).
 * Errors: ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_new(sgn_zoneset_t **out) SGN_NONNULL(1);

/**
 * Free the set, its zones and the records added but not sealed.
 * Ownership: frees @p zs; NULL is ignored. Zones and RRsets borrowed from it (chains
 *         validated over it, views of its zones) die with it. Errors: none (cannot fail).
 */
SGN_API void sgn_zoneset_free(sgn_zoneset_t *zs);

/**
 * Add a zone; the set takes it (and frees it on failure too). A second zone with the
 * same apex is refused with ::SGN_EEXIST.
 * @return ::SGN_OK, ::SGN_EEXIST or ::SGN_ENOMEM.
 * Ownership: takes @p zone, also on failure.
 * Errors: ::SGN_EEXIST when the set has a zone with the same apex; ::SGN_ENOMEM. @p zone
 *         is freed either way, the set unchanged.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_add_take(sgn_zoneset_t *zs, sgn_zone_t *zone)
	SGN_NONNULL(1, 2);

/**
 * Load every zone file of a directory: regular files named *.zone, *.signed or *.db,
 * each with the apex of its SOA, in file-name order. (Names are matched, then types: a
 * directory, FIFO or device named so is refused, as the zone reader refuses an $INCLUDE
 * of one, rather than read, waited on or read without end.)
 * @param opts options of every load (NULL for the defaults)
 * @return ::SGN_OK; the first failing file's error with @p diag naming it; ::SGN_ENOTFOUND
 *         when the directory holds no zone file.
 * Ownership: the set owns the zones loaded.
 * Errors: ::SGN_EIO when the directory cannot be read; ::SGN_EPARSE "not a regular file"
 *         for an entry of another type; the errors of sgn_zone_load() for the first file
 *         that fails; ::SGN_EEXIST for a second file with the same apex;
 *         ::SGN_ENOTFOUND when no file has such a name; ::SGN_ENOMEM. The zones loaded
 *         before an error stay in the set.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_load_dir(sgn_zoneset_t *zs, const char *dir,
                                                     const sgn_zone_opts_t *opts,
                                                     sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Load a bundle: a set of RRsets with their RRSIGs, as presentation text (what
 * sgn_zoneset_write_bundle() writes) or RFC 9102 wire form (a sequence of uncompressed
 * wire RRs), told apart by content. RRsets are sorted into partial zones by the signer of
 * their RRSIGs (DNSKEY, SOA and NSEC3PARAM by owner; unsigned data into the deepest zone
 * above it). The records are sealed into @p zs (see sgn_zoneset_seal()).
 * @return ::SGN_OK; ::SGN_EPARSE with file and line (or byte offset); ::SGN_EIO.
 * Ownership: the set owns the partial zones made.
 * Errors: ::SGN_EIO when the file cannot be read; ::SGN_EPARSE "not a regular file" for
 *         a directory, FIFO or device; ::SGN_ELIMIT for a file over 64 MiB or
 *         a text line over 1 MiB; ::SGN_EPARSE with file and line (or byte offset) for
 *         malformed text or wire RRs ($INCLUDE and $GENERATE are refused); the errors of
 *         sgn_zoneset_seal(); ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_load_bundle(sgn_zoneset_t *zs, const char *path,
                                                        sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Add records to the set as a bundle would (for collectors such as the live resolver):
 * RRs of any zones, in any order, sorted into partial zones on sgn_zoneset_seal(). The
 * class is not kept (every record is taken as IN).
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: copies the owner (lower-cased) and RDATA of @p rr into the set.
 * Errors: ::SGN_EPARSE for a malformed owner name; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_add_rr(sgn_zoneset_t *zs, const sgn_rr_t *rr)
	SGN_NONNULL(1, 2);

/**
 * Build partial zones from records added with sgn_zoneset_add_rr() (every zone apex that
 * signs a record, or owns DNSKEY, SOA, NSEC3PARAM, CDS or CDNSKEY records, gets one); a
 * zone for an apex the set has already keeps the zone it has, and the new records of that
 * apex are dropped. The added records are consumed, also on failure.
 * @return ::SGN_OK, ::SGN_EPARSE, ::SGN_EZONE or ::SGN_ENOMEM.
 * Ownership: the set owns the zones made.
 * Errors: ::SGN_EPARSE for malformed RDATA; ::SGN_EZONE for records a zone may not hold
 *         together (CNAME beside other data, two CNAMEs or DNAMEs at a name, an SOA below
 *         the apex, a DS at the apex); ::SGN_ENOMEM. The zones built before the error stay
 *         in the set.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_seal(sgn_zoneset_t *zs, sgn_diag_t *diag)
	SGN_NONNULL(1);

/**
 * Write every RR of every zone as presentation text (one RR per line, zones in canonical
 * order of their apex; each zone after a "; zone NAME" comment line) or, with @p wire, as
 * RFC 9102 wire RRs.
 * @return ::SGN_OK or ::SGN_EIO.
 * Ownership: @p fp stays the caller's (not flushed, not closed).
 * Errors: ::SGN_EIO when a write fails (@p diag has the system's reason); ::SGN_ENOMEM.
 *         Check ferror() or fflush() too: a buffered write may fail only later.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zoneset_write_bundle(const sgn_zoneset_t *zs, FILE *fp, bool wire,
                                                         sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * The zones of a set: sgn_zoneset_count() of them, sgn_zoneset_get() the @p i-th (apexes
 * in canonical order; NULL out of range), sgn_zoneset_find() the zone with the deepest
 * apex at or above the well-formed @p name (NULL if none).
 * Ownership: the zones are borrowed from @p zs, valid until it is freed (adding a zone
 *         changes the indices, not the zones). Errors: none (cannot fail).
 */
SGN_API size_t sgn_zoneset_count(const sgn_zoneset_t *zs) SGN_NONNULL(1);
SGN_API const sgn_zone_t *sgn_zoneset_get(const sgn_zoneset_t *zs, size_t i) SGN_NONNULL(1);
SGN_API const sgn_zone_t *sgn_zoneset_find(const sgn_zoneset_t *zs, const uint8_t *name)
	SGN_NONNULL(1, 2);

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

/**
 * Defaults: the built-in root servers, iterative resolution, port 53, 2 s per query, 200
 * queries, 8 redirects, no walk below insecure cuts.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_live_opts_init(sgn_live_opts_t *opts) SGN_NONNULL(1);

/**
 * Collect what validating @p qname / @p qtype needs from live servers: iterative
 * resolution from the root hints (or straight to the given servers) over UDP with the DO
 * bit and TCP on truncation, asking each zone on the way for its DNSKEY RRset, the DS (or
 * proof of none) at each cut, and the answer or its denial, following CNAME and DNAME.
 * Every RR of every response goes into @p zs (sgn_zoneset_add_rr), which is then sealed.
 * @return ::SGN_OK when the collection ran (missing data shows up in validation);
 *         ::SGN_EIO when no server answered at all; ::SGN_ELIMIT when max_queries ran
 *         out; ::SGN_EPARSE for a bad hints file or server address.
 * Ownership: the set owns the zones made; @p opts is only read during the call.
 * Errors: ::SGN_EIO when no server answered at all; ::SGN_ELIMIT when max_queries ran
 *         out (what was collected is sealed into @p zs then); ::SGN_EPARSE for a bad hints
 *         file or server address; ::SGN_EINVAL for a malformed @p qname or max_queries 0;
 *         the errors of sgn_zoneset_seal(); ::SGN_ENOMEM. @p zs is untouched by the other
 *         errors.
 * Thread safety: re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_live_collect(sgn_zoneset_t *zs, const uint8_t *qname,
                                                 uint16_t qtype, const sgn_live_opts_t *opts,
                                                 sgn_diag_t *diag) SGN_NONNULL(1, 2, 4);

/* -- every server of every zone (an audit's collection) -- */

/** A collection that kept each server's answers apart (sgn_live_run()). Opaque. */
typedef struct sgn_live sgn_live_t;

/** What became of a question to a server (for a server: of its zone's SOA question). */
typedef enum sgn_live_state {
	SGN_LIVE_ANSWERED = 0, /**< a usable answer: NOERROR or NXDOMAIN to this very question,
	                            with the AA bit when asked as an authoritative server */
	SGN_LIVE_UNREACHABLE,  /**< no response: a timeout or a network error */
	SGN_LIVE_REFUSED,      /**< REFUSED: the server does not serve the zone */
	SGN_LIVE_LAME,         /**< an answer without the AA bit from a server the NS set names */
	SGN_LIVE_FAILED,       /**< SERVFAIL or another error, an answer to another question,
	                            or a truncated answer over TCP */
	SGN_LIVE_NOT_ASKED,    /**< not asked: the query budget ran out, the server was found
	                            unusable before, or another server answered first */
} sgn_live_state_t;

/**
 * "answered", "unreachable", "refused", "lame", "failed", "not-asked" ("unknown" out of
 * range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_live_state_str(sgn_live_state_t state);

/** A server of a zone: an address of one of the names of its NS set (or a given server). */
typedef struct sgn_live_server {
	uint8_t name[255];        /**< the NS name (wire form); the root name for a server
	                               given by address (sgn_live_opts_t.servers) */
	char address[46];         /**< IPv4 or IPv6 address in presentation form */
	uint16_t port;
	sgn_live_state_t state;   /**< how it answered the zone's SOA question, which decides
	                               whether it is asked more (only ANSWERED ones are, or the
	                               LAME ones when the zone has no other) */
	char why[128];            /**< what went wrong, "" when answered */
	bool has_serial;
	uint32_t serial;          /**< the SOA serial it serves */
	unsigned asked;           /**< questions put to it (a TCP retry counts once) */
	unsigned answered;        /**< usable answers among them */
} sgn_live_server_t;

/** One question to a zone's servers. */
typedef struct sgn_live_question {
	uint8_t name[255];
	uint16_t type;
	bool every_server;        /**< put to every usable server: the zone's SOA and DNSKEY, the
	                               DS at a cut, the question itself; else (the NS questions
	                               that find the cuts, addresses of NS names) to one server
	                               after another until one answered */
	size_t reference;         /**< the server whose answer is in the collection's zone set
	                               (sgn_live_get_zoneset()); SIZE_MAX when none answered */
} sgn_live_question_t;

/** An RR of an answer, with its section (0 answer, 1 authority, 2 additional). */
typedef struct sgn_live_rr {
	sgn_rr_t rr;              /**< owner and RDATA as received (uncompressed) */
	uint8_t section;
} sgn_live_rr_t;

/** One server's answer to one question. */
typedef struct sgn_live_answer {
	sgn_live_state_t state;
	int rcode;                /**< of the response, -1 without one */
	bool aa;
	bool tcp;                 /**< came over TCP (the UDP answer was truncated) */
	char why[128];            /**< what went wrong, "" when answered */
	const sgn_live_rr_t *rrs; /**< every RR of every section but OPT, class IN and
	                               well-formed, in the order received; borrowed */
	size_t nrrs;
} sgn_live_answer_t;

/**
 * Collect what validating @p qname / @p qtype needs, as sgn_live_collect() does, but from
 * every authoritative server of each zone on the way: all addresses of the zone's NS set
 * (at most 32 addresses of 16 names; NS names without glue are looked up), or every given
 * server. Each is first asked for the zone's SOA, all at the same time, and recorded as
 * unreachable, refusing, lame or failing when it does not answer it authoritatively. Then
 * the questions whose answers the chain uses (the zone's DNSKEY RRset, the DS at each cut,
 * the question itself and what a CNAME or DNAME leads to) go to every server that did; the
 * NS questions that find the cuts go to one. Every answer is kept apart. The collection's
 * zone set, which the chain is validated over, holds one consistent view: for each zone the
 * answers of its reference server, the one with the highest SOA serial (RFC 1982) among
 * those that answered, the first in NS order on a tie (another one for a question it did
 * not answer). Bounded by @p opts (max_queries in all, timeout_ms for each query).
 * @param out receives the collection, also on ::SGN_ELIMIT
 * @return as sgn_live_collect(); ::SGN_ELIMIT also when a server was left unasked for the
 *         budget (what was collected is usable then).
 * Ownership: the caller frees *@p out with sgn_live_free(); NULL on other errors.
 * Errors: ::SGN_EIO (no server answered at all), ::SGN_ELIMIT, ::SGN_EPARSE (hints or a
 *         server address), ::SGN_EINVAL (an empty name, max_queries 0), ::SGN_ENOMEM, and
 *         the errors of sgn_zoneset_seal() (::SGN_EPARSE, ::SGN_EZONE) for the view.
 * Thread safety: re-entrant; a round of questions runs one thread per server (at most
 *         32), joined before the next; the collection itself is not shared. After it
 *         returns, *@p out may be read from several threads at once.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_live_run(sgn_live_t **out, const uint8_t *qname,
                                             uint16_t qtype, const sgn_live_opts_t *opts,
                                             sgn_diag_t *diag) SGN_NONNULL(1, 2, 4);

/**
 * Free a collection: its zone set, servers, questions and answers.
 * Ownership: frees @p live; NULL is ignored. Everything borrowed from it (the zone set of
 *         sgn_live_get_zoneset(), and chains validated over it) dies with it.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_live_free(sgn_live_t *live);

/**
 * The consistent view (see sgn_live_run()), sealed.
 * Ownership: borrowed, valid while @p live lives.
 */
SGN_API const sgn_zoneset_t *sgn_live_get_zoneset(const sgn_live_t *live) SGN_NONNULL(1);

/**
 * Queries sent (each UDP or TCP attempt).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API unsigned sgn_live_queries(const sgn_live_t *live) SGN_NONNULL(1);

/**
 * The zones met, in the order they were met (the root first): sgn_live_zone_count() of
 * them; sgn_live_zone_apex() the apex of zone @p z (wire form, lower case; NULL out of
 * range); sgn_live_zone_find() the zone with apex @p apex (SIZE_MAX when none);
 * sgn_live_zone_reference() the server whose SOA made it the zone's reference (SIZE_MAX
 * when none answered, or out of range); sgn_live_zone_left_out() the addresses (beyond
 * the 32nd) and NS names (beyond the 16th) of the zone's NS set that were left out, not
 * asked (0 out of range).
 * Ownership: the apex is borrowed from @p live, valid while it lives. Errors: none (cannot
 *         fail).
 */
SGN_API size_t sgn_live_zone_count(const sgn_live_t *live) SGN_NONNULL(1);
SGN_API const uint8_t *sgn_live_zone_apex(const sgn_live_t *live, size_t z) SGN_NONNULL(1);
SGN_API size_t sgn_live_zone_find(const sgn_live_t *live, const uint8_t *apex)
	SGN_NONNULL(1, 2);
SGN_API size_t sgn_live_zone_reference(const sgn_live_t *live, size_t z) SGN_NONNULL(1);
SGN_API size_t sgn_live_zone_left_out(const sgn_live_t *live, size_t z) SGN_NONNULL(1);

/**
 * The servers of zone @p z: sgn_live_server_count() of them (0 out of range), and
 * server @p s (NULL out of range).
 * Ownership: the server is borrowed from @p live, valid while it lives. Errors: none
 *         (cannot fail).
 */
SGN_API size_t sgn_live_server_count(const sgn_live_t *live, size_t z) SGN_NONNULL(1);
SGN_API const sgn_live_server_t *sgn_live_get_server(const sgn_live_t *live, size_t z, size_t s)
	SGN_NONNULL(1);

/**
 * The questions put to zone @p z's servers, in the order asked: sgn_live_question_count()
 * of them (0 out of range), question @p q (NULL out of range), and server @p s's answer
 * to it (NULL out of range).
 * Ownership: questions and answers (their RRs included) are borrowed from @p live, valid
 *         while it lives. Errors: none (cannot fail).
 */
SGN_API size_t sgn_live_question_count(const sgn_live_t *live, size_t z) SGN_NONNULL(1);
SGN_API const sgn_live_question_t *sgn_live_get_question(const sgn_live_t *live, size_t z,
                                                         size_t q) SGN_NONNULL(1);
SGN_API const sgn_live_answer_t *sgn_live_get_answer(const sgn_live_t *live, size_t z,
                                                     size_t q, size_t s) SGN_NONNULL(1);

/**
 * A zone set like the collection's, but with server @p s's answers in place of the
 * reference's for every question of zone @p z that it answered (the other zones as in the
 * consistent view): how the chain looks to a resolver that asked that server. With
 * @p alone, only server @p s's answers to zone @p z's every-server questions.
 * @param out receives a sealed zone set
 * @return ::SGN_OK, ::SGN_EINVAL (out of range), ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_zoneset_free() (NULL on error); it does not
 *         borrow from @p live.
 * Errors: ::SGN_EINVAL for @p z or @p s out of range; the errors of sgn_zoneset_seal()
 *         (::SGN_EPARSE, ::SGN_EZONE); ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_live_view(const sgn_live_t *live, sgn_zoneset_t **out, size_t z,
                                              size_t s, bool alone)
	SGN_NONNULL(1, 2);

#ifdef __cplusplus
}
#endif
#endif
