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

/** Set the defaults: origin root, no default TTL, directives allowed. Never fails. */
SGN_API void sgn_zonefile_opts_init(sgn_zonefile_opts_t *opts);

/**
 * Open a zone file ("-" reads standard input).
 * @param out  receives the reader; free with sgn_zonefile_free()
 * @param opts options (NULL for the defaults)
 * @return ::SGN_OK; ::SGN_EIO (diag names the file); ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zonefile_open(sgn_zonefile_t **out, const char *path,
                                                  const sgn_zonefile_opts_t *opts,
                                                  sgn_diag_t *diag);

/**
 * Read zone text from memory. @p name is used in diagnostics; @p text is copied.
 * $INCLUDE paths are relative to the working directory.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zonefile_open_mem(sgn_zonefile_t **out, const char *name,
                                                      const char *text, size_t len,
                                                      const sgn_zonefile_opts_t *opts,
                                                      sgn_diag_t *diag);

/**
 * Read the next RR. Owner and RDATA are in wire form, owner as written (not
 * lower-cased), RDATA as parsed. Views stay valid until the next call.
 * @return ::SGN_OK with @p rr set; ::SGN_ENOTFOUND at the end; ::SGN_EPARSE with
 *         @p diag naming file and line (a NUL byte in a line is one); ::SGN_EIO;
 *         ::SGN_ENOMEM; ::SGN_ELIMIT when a line is longer than 1 MiB or a $GENERATE or
 *         $INCLUDE limit is reached.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_zonefile_next(sgn_zonefile_t *zf, sgn_rr_t *rr,
                                                  sgn_diag_t *diag);

/**
 * File name and line of the last RR returned (for messages about its content).
 * @param file receives a borrowed string valid until the next call
 */
SGN_API void sgn_zonefile_location(const sgn_zonefile_t *zf, const char **file,
                                   unsigned long *line);

/** The current $ORIGIN (wire form, borrowed). */
SGN_API const uint8_t *sgn_zonefile_origin(const sgn_zonefile_t *zf);

/** Close the reader and every included file. NULL is ignored. */
SGN_API void sgn_zonefile_free(sgn_zonefile_t *zf);

/**
 * Parse one RR from a single line of text, with @p origin for relative names and
 * @p default_ttl when the text has no TTL.
 * @param owner_buf  receives the owner (::SGN_NAME_MAX bytes)
 * @param rdata      receives the RDATA (reset first)
 * @return ::SGN_OK or ::SGN_EPARSE (@p diag has the message, line 1).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rr_from_str(const char *text, const uint8_t *origin,
                                                uint32_t default_ttl, sgn_rr_t *rr,
                                                uint8_t *owner_buf, sgn_buf_t *rdata,
                                                sgn_diag_t *diag);

/**
 * Parse RDATA text ("10 mail.example.com.") for @p type into wire form.
 * @param out appended to
 * @return ::SGN_OK; ::SGN_EPARSE with a message; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rdata_from_str(uint16_t type, const char *text,
                                                   const uint8_t *origin, sgn_buf_t *out,
                                                   sgn_diag_t *diag);

/**
 * Append an RR in presentation form, fields separated by tabs, without a newline:
 * `owner TTL IN TYPE RDATA`. The buffer stays NUL-terminated (the NUL is not counted in
 * its length). Types libsign has no format for are printed by ldns when it knows them,
 * else as RFC 3597 `\# len hex`.
 * @return ::SGN_OK; ::SGN_EPARSE when the RDATA is malformed; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rr_to_str(sgn_buf_t *out, const sgn_rr_t *rr);

/** Append RDATA in presentation form, NUL-terminated like sgn_rr_to_str(). */
SGN_API SGN_NODISCARD sgn_err_t sgn_rdata_to_str(sgn_buf_t *out, uint16_t type,
                                                 const uint8_t *rdata, size_t len);

#ifdef __cplusplus
}
#endif
#endif
