/* SPDX-License-Identifier: MIT */
/** @file text.h
 * Presentation format: reading zone text one RR at a time (RFC 1035 §5 master files with
 * $ORIGIN, $TTL, $INCLUDE, BIND's $GENERATE, RFC 3597 unknown types) and printing RRs.
 */
#ifndef LIBSIGN_TEXT_H
#define LIBSIGN_TEXT_H

#include <libsign/base.h>
#include <libsign/rr.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A zone text reader. Opaque. */
typedef struct sgn_zonefile sgn_zonefile_t;

/** Reader options; set defaults with sgn_zonefile_opts_init(). */
typedef struct sgn_zonefile_opts {
	const uint8_t *origin;   /**< initial origin (wire form, copied); NULL: the root */
	uint32_t default_ttl;    /**< TTL for RRs without one when the text has stated none
	                              (no $TTL, no earlier explicit TTL) */
	bool has_default_ttl;    /**< whether @ref default_ttl is set */
	bool no_include;         /**< refuse $INCLUDE (untrusted input) */
	bool no_generate;        /**< refuse $GENERATE (untrusted input) */
	bool include_confine;    /**< $INCLUDE only relative names without "..", looked up in
	                              the zone file's directory (of the name given to
	                              sgn_zonefile_open_mem() for text in memory) and resolving
	                              inside it; without it, the working directory first, then
	                              the including file's. Either way only regular files are
	                              read, never a FIFO or a device. */
	unsigned max_include_depth; /**< nested $INCLUDE limit (default 16) */
	unsigned long max_generate; /**< RRs all $GENERATE directives together may create in
	                                 one zone (default ::SGN_ZONEFILE_MAX_GENERATE) */
} sgn_zonefile_opts_t;

/** Default budget of RRs made by $GENERATE in one zone. */
#define SGN_ZONEFILE_MAX_GENERATE 1000000UL

/**
 * Set the defaults: origin root, no default TTL, directives allowed, $INCLUDE not
 * confined, 16 levels of $INCLUDE, ::SGN_ZONEFILE_MAX_GENERATE generated RRs.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_zonefile_opts_init(sgn_zonefile_opts_t *opts) SGN_NONNULL(1);

/**
 * Open a zone file ("-" reads standard input).
 * @param out  receives the reader; free with sgn_zonefile_free()
 * @param opts options (NULL for the defaults); copied, origin included
 * @return ::SGN_OK; ::SGN_EIO (diag names the file); ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_zonefile_free() (NULL on error); @p path
 *         and @p opts are copied.
 * Errors: ::SGN_EIO when the file cannot be opened (@p diag names it); ::SGN_EINVAL for a
 *         malformed opts->origin; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zonefile_open(sgn_zonefile_t **out, const char *path,
                                                  const sgn_zonefile_opts_t *opts,
                                                  sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Read zone text from memory. @p name is used in diagnostics; @p text is copied.
 * $INCLUDE paths are relative to the working directory (with include_confine, to the
 * directory part of @p name).
 * @param text the text (may be NULL when @p len is 0); it may hold NUL bytes, which are
 *             refused by sgn_zonefile_next() as any other malformed line
 * @return ::SGN_OK, ::SGN_EINVAL or ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_zonefile_free() (NULL on error); @p name,
 *         @p text and @p opts are copied.
 * Errors: ::SGN_EINVAL for a malformed opts->origin; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zonefile_open_mem(sgn_zonefile_t **out, const char *name,
                                                      const char *text, size_t len,
                                                      const sgn_zonefile_opts_t *opts,
                                                      sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Read the next RR. Owner and RDATA are in wire form, owner as written (not
 * lower-cased), RDATA as parsed. Views stay valid until the next call.
 * @return ::SGN_OK with @p rr set; ::SGN_ENOTFOUND at the end; ::SGN_EPARSE with
 *         @p diag naming file and line (a NUL byte in a line is one); ::SGN_EIO;
 *         ::SGN_ENOMEM; ::SGN_ELIMIT when a line is longer than 1 MiB or a $GENERATE or
 *         $INCLUDE limit is reached.
 * Ownership: rr->owner and rr->rdata are borrowed from @p zf, valid until the next call
 *         or sgn_zonefile_free().
 * Errors: ::SGN_ENOTFOUND at the end (and again on every later call); ::SGN_EPARSE for
 *         malformed text, a refused or unknown directive, or an $INCLUDE file that is not
 *         a regular file or lies outside the confinement; ::SGN_EIO when reading fails or
 *         an $INCLUDE file cannot be opened; ::SGN_ELIMIT for a line or entry over 1 MiB, $INCLUDE
 *         nested too deeply, or the $GENERATE budget spent; ::SGN_ENOMEM. @p diag names
 *         file and line (except for ::SGN_ENOMEM). After an error the reader should not
 *         be read further.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zonefile_next(sgn_zonefile_t *zf, sgn_rr_t *rr,
                                                  sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * File name and line of the last RR returned (for messages about its content): "" and 0
 * before the first one.
 * @param file receives a borrowed string valid until the next call
 * @param line receives the 1-based line (of the $GENERATE directive for a generated RR)
 * Ownership: *@p file is borrowed from @p zf, valid until the next call or
 *         sgn_zonefile_free(). Errors: none (cannot fail).
 */
SGN_API void sgn_zonefile_location(const sgn_zonefile_t *zf, const char **file,
                                   unsigned long *line) SGN_NONNULL(1, 2, 3);

/**
 * The current $ORIGIN (wire form, as written: not lower-cased).
 * Ownership: borrowed from @p zf; its content changes with the next $ORIGIN or the end
 *         of an $INCLUDE, and it is valid until sgn_zonefile_free().
 */
SGN_API const uint8_t *sgn_zonefile_origin(const sgn_zonefile_t *zf) SGN_NONNULL(1);

/**
 * Close the reader and every included file (standard input is not closed).
 * Ownership: frees @p zf; NULL is ignored. Errors: none (cannot fail).
 */
SGN_API void sgn_zonefile_free(sgn_zonefile_t *zf);

/**
 * Parse one RR from a single line of text, with @p origin for relative names and
 * @p default_ttl when the text has no TTL. Only the first RR of the text is read.
 * @param rr         receives the RR, its owner and RDATA pointing into @p owner_buf and
 *                   @p rdata
 * @param owner_buf  receives the owner (::SGN_NAME_MAX bytes)
 * @param rdata      receives the RDATA (reset first)
 * @param origin     wire-form origin; NULL: the root
 * @return ::SGN_OK or ::SGN_EPARSE (@p diag has the message, line 1).
 * Ownership: rr->owner is @p owner_buf and rr->rdata is rdata->data: both the caller's;
 *         nothing else is kept.
 * Errors: ::SGN_EPARSE for malformed text or no record at all (@p diag has the message,
 *         line 1; $INCLUDE and $GENERATE are refused); ::SGN_ELIMIT for a line over
 *         1 MiB; ::SGN_EINVAL for a malformed @p origin; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rr_from_str(sgn_rr_t *rr, uint8_t *owner_buf,
                                                sgn_buf_t *rdata, const char *text,
                                                const uint8_t *origin, uint32_t default_ttl,
                                                sgn_diag_t *diag) SGN_NONNULL(1, 2, 3, 4);

/**
 * Parse RDATA text ("10 mail.example.com.") for @p type into wire form.
 * @param out appended to
 * @param origin wire-form origin of relative names; NULL: the root
 * @return ::SGN_OK; ::SGN_EPARSE with a message; ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p out.
 * Errors: those of sgn_rr_from_str() (::SGN_EPARSE with a message, ::SGN_ELIMIT,
 *         ::SGN_EINVAL, ::SGN_ENOMEM); @p out is unchanged on error.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rdata_from_str(sgn_buf_t *out, uint16_t type,
                                                   const char *text, const uint8_t *origin,
                                                   sgn_diag_t *diag) SGN_NONNULL(1, 3);

/**
 * Append an RR in presentation form, fields separated by tabs, without a newline:
 * `owner TTL IN TYPE RDATA`. The buffer stays NUL-terminated (the NUL is not counted in
 * its length). Types libsign has no format for are printed by ldns when it knows them,
 * else as RFC 3597 `\# len hex`; so is RDATA that is malformed for its type.
 * @return ::SGN_OK; ::SGN_EPARSE when the owner name is malformed; ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p out.
 * Errors: ::SGN_EPARSE for a malformed owner name (nothing appended); ::SGN_ENOMEM (@p out
 *         may hold part of the line then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rr_to_str(sgn_buf_t *out, const sgn_rr_t *rr)
	SGN_NONNULL(1, 2);

/**
 * Append RDATA in presentation form, NUL-terminated like sgn_rr_to_str() (malformed RDATA
 * in RFC 3597 form).
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p out.
 * Errors: ::SGN_ENOMEM (@p out may hold part of the text then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rdata_to_str(sgn_buf_t *out, uint16_t type,
                                                 const uint8_t *rdata, size_t len)
	SGN_NONNULL(1);

#ifdef __cplusplus
}
#endif
#endif
