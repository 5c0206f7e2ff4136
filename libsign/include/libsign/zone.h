/* SPDX-License-Identifier: MIT */
/** @file zone.h
 * The zone model: a zone file loaded into canonical wire-form RRs, in canonical order,
 * grouped into RRsets with the RRSIGs that cover them, and every name classified
 * (apex, authoritative, delegation point, glue, occluded, empty non-terminal).
 *
 * Everything lives in one arena owned by the zone; views returned here are borrowed and
 * valid until the zone is freed or changed (signing changes it).
 */
#ifndef LIBSIGN_ZONE_H
#define LIBSIGN_ZONE_H

#include <stdio.h>

#include <libsign/base.h>
#include <libsign/rr.h>
#include <libsign/rrset.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A loaded zone. Opaque. */
typedef struct sgn_zone sgn_zone_t;
/** One owner name in a zone. Opaque. */
typedef struct sgn_node sgn_node_t;

/** What a name is in its zone (RFC 4035 §2.2, §2.3). */
typedef enum sgn_node_kind {
	SGN_NODE_APEX = 0,     /**< the zone apex */
	SGN_NODE_AUTH,         /**< authoritative data */
	SGN_NODE_DELEGATION,   /**< a zone cut: NS below the apex */
	SGN_NODE_GLUE,         /**< address records below a zone cut */
	SGN_NODE_OCCLUDED,     /**< other data below a zone cut or a DNAME */
	SGN_NODE_EMPTY,        /**< empty non-terminal: no data, names below */
	SGN_NODE_NSEC3,        /**< an NSEC3 owner (hashed name), kept apart from the name tree */
} sgn_node_kind_t;

/**
 * "apex", "authoritative", "delegation", "glue", "occluded", "empty", "nsec3" ("unknown"
 * out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_node_kind_str(sgn_node_kind_t kind);

/** An RRset in the zone with the RRSIG RDATA that cover it. Borrowed view. The zone holds
 * one per RRset, so it is kept to 48 bytes: the counts fit in 32 bits (a zone file's line
 * numbers do too, and an RRset has fewer than 65536 RRSIGs). */
typedef struct sgn_zone_rrset {
	sgn_rrset_t rrset;       /**< the data, canonical and sorted */
	const sgn_rdata_t *sigs; /**< RRSIG RDATA covering this RRset */
	uint32_t sig_count;
	uint32_t line;           /**< line of its first RR in the input, 0 if made by libsign */
} sgn_zone_rrset_t;

/** Called for each warning while loading (TTL differences inside an RRset, ...). */
typedef void (*sgn_warn_fn)(void *ctx, const char *file, unsigned long line, const char *msg);

/** Options for sgn_zone_load(). */
typedef struct sgn_zone_opts {
	const uint8_t *origin;   /**< the apex; NULL: taken from the SOA record */
	bool no_include;         /**< refuse $INCLUDE */
	bool no_generate;        /**< refuse $GENERATE */
	bool include_confine;    /**< $INCLUDE only files in the zone file's directory (see
	                              sgn_zonefile_opts_t) */
	unsigned long max_generate; /**< RRs $GENERATE may make in the zone; 0: the default,
	                                 ::SGN_ZONEFILE_MAX_GENERATE */
	bool lenient_dnssec;     /**< load DS, CDS, DNSKEY and CDNSKEY records whose digest or
	                              public key does not fit their type (sgn_alg_check_ds(),
	                              sgn_alg_check_dnskey()) instead of refusing the zone with
	                              ::SGN_EPARSE: for a verifier that reports them */
	bool skip_out_of_zone;   /**< drop records outside the zone with a warning (as BIND
	                              does when loading), instead of refusing the zone */
	sgn_warn_fn warn;        /**< warnings, or NULL to drop them */
	void *warn_ctx;
	unsigned threads;        /**< workers that read a large file in parallel (the result is
	                              the same); 0: the online processors, 1: one */
} sgn_zone_opts_t;

/**
 * Defaults: origin from the SOA, directives allowed, strict DNSSEC RDATA, records outside
 * the zone refused, no warnings.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_zone_opts_init(sgn_zone_opts_t *opts) SGN_NONNULL(1);

/**
 * Load a zone file. Refuses, with ::SGN_EZONE and the file and line in @p diag: no SOA or
 * more than one, an SOA not at the apex, records outside the zone, CNAME beside other
 * data, more than one CNAME or DNAME, a DS at the apex, a class other than IN.
 * @param out receives the zone; free with sgn_zone_free()
 * @param opts options (NULL for the defaults)
 * @return ::SGN_OK; ::SGN_EPARSE, ::SGN_EIO (text errors); ::SGN_EZONE; ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_zone_free() (NULL on error); @p opts is
 *         only read during the call.
 * Errors: those of sgn_zonefile_open() and sgn_zonefile_next() (::SGN_EIO, ::SGN_EPARSE,
 *         ::SGN_ELIMIT, ::SGN_EINVAL for a malformed opts->origin, ::SGN_ENOMEM);
 *         ::SGN_EPARSE also for a file without records, malformed RDATA, and DNSSEC RDATA
 *         that does not fit its algorithm (unless lenient_dnssec); ::SGN_EZONE for the
 *         rules above; ::SGN_ELIMIT for more than 65535 included files. @p diag names file
 *         and line.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zone_load(sgn_zone_t **out, const char *path,
                                              const sgn_zone_opts_t *opts, sgn_diag_t *diag)
	SGN_NONNULL(1, 2);

/**
 * Free a zone and everything in its arena.
 * Ownership: frees @p zone; NULL is ignored. Every view into it dies with it.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_zone_free(sgn_zone_t *zone);

/**
 * The apex name (wire form, lower case).
 * Ownership: borrowed from @p zone, valid until it is freed.
 */
SGN_API const uint8_t *sgn_zone_get_apex(const sgn_zone_t *zone) SGN_NONNULL(1);

/**
 * The names of the zone: sgn_zone_node_count() names in the name tree (including empty
 * non-terminals, excluding NSEC3 owners), sgn_zone_get_node() the @p i-th in canonical
 * order; sgn_zone_nsec3_count() NSEC3 owner names, sgn_zone_get_nsec3() the @p i-th in
 * canonical order. A get returns NULL when @p i is out of range.
 * Ownership: the nodes are borrowed from @p zone, valid until it is freed or changed
 *         (signed). Errors: none (cannot fail).
 */
SGN_API size_t sgn_zone_node_count(const sgn_zone_t *zone) SGN_NONNULL(1);
SGN_API const sgn_node_t *sgn_zone_get_node(const sgn_zone_t *zone, size_t i) SGN_NONNULL(1);
SGN_API size_t sgn_zone_nsec3_count(const sgn_zone_t *zone) SGN_NONNULL(1);
SGN_API const sgn_node_t *sgn_zone_get_nsec3(const sgn_zone_t *zone, size_t i) SGN_NONNULL(1);

/**
 * Find a name (tree or NSEC3 owners, compared case-insensitively); NULL when absent or
 * malformed.
 * Ownership: borrowed from @p zone, valid until it is freed or changed (signed).
 */
SGN_API const sgn_node_t *sgn_zone_find(const sgn_zone_t *zone, const uint8_t *name)
	SGN_NONNULL(1, 2);

/**
 * Number of RRs in the zone now (after signing too), RRSIGs included, duplicates not.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API size_t sgn_zone_rr_count(const sgn_zone_t *zone) SGN_NONNULL(1);

/**
 * A node's name (wire form, lower case), its kind, and the number of its RRsets.
 * Ownership: the name is borrowed from the zone of @p node, valid until it is freed or
 *         changed. Errors: none (cannot fail).
 */
SGN_API const uint8_t *sgn_node_get_name(const sgn_node_t *node) SGN_NONNULL(1);
SGN_API sgn_node_kind_t sgn_node_get_kind(const sgn_node_t *node) SGN_NONNULL(1);
SGN_API size_t sgn_node_rrset_count(const sgn_node_t *node) SGN_NONNULL(1);

/**
 * The @p i-th RRset, in type order; NULL out of range.
 * Ownership: borrowed from the zone of @p node, valid until it is freed or changed.
 */
SGN_API const sgn_zone_rrset_t *sgn_node_get_rrset(const sgn_node_t *node, size_t i)
	SGN_NONNULL(1);

/**
 * The RRset of @p type, NULL when absent.
 * Ownership: borrowed from the zone of @p node, valid until it is freed or changed.
 */
SGN_API const sgn_zone_rrset_t *sgn_node_find_rrset(const sgn_node_t *node, uint16_t type)
	SGN_NONNULL(1);

/**
 * Write the zone in presentation format, one RR per line, names in canonical order, each
 * RRset followed by its RRSIGs, NSEC3 owners merged in canonical order; the apex ZONEMD
 * RRset (RFC 8976), which covers all the rest, comes last, as sgn_zone_sign_write() writes
 * it.
 * @return ::SGN_OK or ::SGN_EIO.
 * Ownership: @p fp stays the caller's (not flushed, not closed).
 * Errors: ::SGN_EIO when a write fails (@p diag has the system's reason; what was written
 *         before stays); ::SGN_ENOMEM. Check ferror() or fflush() too: a buffered write
 *         may fail only when @p fp is flushed.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zone_write(const sgn_zone_t *zone, FILE *fp, sgn_diag_t *diag)
	SGN_NONNULL(1, 2);

#ifdef __cplusplus
}
#endif
#endif
