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

#ifdef __cplusplus
}
#endif
#endif
