/* SPDX-License-Identifier: MIT */
/** @file base.h
 * Error codes, diagnostics with location, byte buffers and library initialisation.
 *
 * Every fallible libsign function returns an ::sgn_err_t: whether the operation *ran*.
 * Validation outcomes (secure, bogus, ...) are a separate type (see validate.h).
 */
#ifndef LIBSIGN_BASE_H
#define LIBSIGN_BASE_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#if defined(__GNUC__)
#define SGN_API __attribute__((visibility("default")))
#define SGN_NODISCARD __attribute__((warn_unused_result))
#define SGN_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
/** The listed pointer parameters (1-based) must not be NULL. */
#define SGN_NONNULL(...) __attribute__((nonnull(__VA_ARGS__)))
#else
#define SGN_API
#define SGN_NODISCARD
#define SGN_PRINTF(fmt, args)
#define SGN_NONNULL(...)
#endif

#ifdef __cplusplus
extern "C" {
#endif

/** Did the operation run? Positive codes, ::SGN_OK is zero. */
typedef enum sgn_err {
	SGN_OK = 0,
	SGN_ENOMEM,       /**< allocation failed */
	SGN_EINVAL,       /**< caller bug: bad argument */
	SGN_EIO,          /**< read/write failed; errno text in the diagnostic */
	SGN_EPARSE,       /**< malformed zone text, key file or wire data */
	SGN_EUNSUPPORTED, /**< algorithm, digest or feature not available */
	SGN_EKEY,         /**< key material unusable or mismatched */
	SGN_ECRYPTO,      /**< crypto library failure - NOT a bad signature */
	SGN_ELIMIT,       /**< a configured work or size budget was exhausted */
	SGN_ENOTFOUND,    /**< the requested item does not exist */
	SGN_EEXIST,       /**< refusing to overwrite an existing file or key */
	SGN_EZONE,        /**< zone content violates a rule (no SOA, CNAME and other data, ...) */
	SGN_ERR__COUNT
} sgn_err_t;

/**
 * Short English description of an error code.
 * @return a static string, never NULL ("unknown error" for codes out of range).
 */
SGN_API const char *sgn_strerror(sgn_err_t err);

/** Size of the message buffer in ::sgn_diag_t. */
#define SGN_DIAG_MSG_MAX 256
/** Size of the file name buffer in ::sgn_diag_t. */
#define SGN_DIAG_FILE_MAX 512

/**
 * Where and why a parse-type operation failed. Caller storage; functions that take a
 * `sgn_diag_t *diag` accept NULL and fill it only on failure.
 */
typedef struct sgn_diag {
	char file[SGN_DIAG_FILE_MAX]; /**< file being read, "" if none */
	unsigned long line;           /**< 1-based line number, 0 if not applicable */
	sgn_err_t err;                /**< the error returned */
	char msg[SGN_DIAG_MSG_MAX];   /**< human message, lower-case, no full stop */
} sgn_diag_t;

/** Reset a diagnostic to "no error". */
SGN_API void sgn_diag_init(sgn_diag_t *diag);

/**
 * Record an error with location and message in @p diag (which may be NULL).
 * @return @p err, so callers can write `return sgn_diag_set(diag, SGN_EPARSE, ...)`.
 */
SGN_API sgn_err_t sgn_diag_set(sgn_diag_t *diag, sgn_err_t err, const char *file,
                               unsigned long line, const char *fmt, ...) SGN_PRINTF(5, 6);

/** A growable byte string. The data belongs to whoever holds the struct. */
typedef struct sgn_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
} sgn_buf_t;

/** Set an empty buffer. Never fails. */
SGN_API void sgn_buf_init(sgn_buf_t *buf);
/** Free the contents (wiped first if @p wipe) and leave the buffer empty. */
SGN_API void sgn_buf_release(sgn_buf_t *buf);
/** Like sgn_buf_release() but zeroes the bytes before freeing: for secrets. */
SGN_API void sgn_buf_release_wipe(sgn_buf_t *buf);
/** Ensure room for @p extra more bytes. @return ::SGN_ENOMEM or ::SGN_OK. */
SGN_API SGN_NODISCARD sgn_err_t sgn_buf_reserve(sgn_buf_t *buf, size_t extra);
/** Append @p len bytes. @return ::SGN_ENOMEM or ::SGN_OK. */
SGN_API SGN_NODISCARD sgn_err_t sgn_buf_append(sgn_buf_t *buf, const void *data, size_t len);

/**
 * Initialise libsodium and OpenSSL once. Idempotent and thread-safe; call before any
 * other function.
 * @return ::SGN_OK, or ::SGN_ECRYPTO when a crypto library fails to start.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_init(void);

/** Zero @p len bytes at @p p in a way the compiler cannot remove (for secrets). */
SGN_API void sgn_wipe(void *p, size_t len);

#ifdef __cplusplus
}
#endif
#endif
