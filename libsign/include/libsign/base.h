/* SPDX-License-Identifier: MIT */
/** @file base.h
 * Error codes, diagnostics with location, byte buffers and library initialisation.
 *
 * Every fallible libsign function returns an ::sgn_err_t: whether the operation *ran*.
 * Validation outcomes (secure, bogus, ...) are a separate type (see validate.h).
 *
 * Conventions of every public header:
 *  - **Ownership:** says who frees what a function makes or takes. Views into an object
 *    ("borrowed") stay valid until that object is freed or changed, never longer. An
 *    output pointer (`**out`) is NULL after a failure unless the function says otherwise.
 *  - **Errors:** lists the ::sgn_err_t values a function can return and when. A `diag`
 *    argument may always be NULL; on failure the function may write a message into it
 *    (file, line, why), but it never clears one it does not write: sgn_diag_init() it
 *    before the call to tell a new message from an old one.
 *  - **Thread safety:** a function without a note is re-entrant: it may run on several
 *    threads at once as long as no object it changes is used by another thread at the
 *    same time; objects that are only read may be shared.
 *  - Pointer parameters marked SGN_NONNULL() must not be NULL; a data pointer with a
 *    length may be NULL when the length is 0.
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
 * Ownership: static storage, never freed.
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

/**
 * Reset a diagnostic to "no error": every field zero, empty file name and message.
 * @param diag the diagnostic; NULL is accepted and ignored
 * Ownership: caller storage, nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_diag_init(sgn_diag_t *diag);

/**
 * Record an error with location and message in @p diag (which may be NULL: then nothing
 * is recorded). The file name and the message are truncated to fit their buffers.
 * @param diag where to record it, or NULL
 * @param err  the error, stored in diag->err and returned
 * @param file the file concerned; NULL stands for ""
 * @param line 1-based line, 0 when none applies
 * @param fmt  printf format of the message (lower case, no full stop)
 * @return @p err, so callers can write `return sgn_diag_set(diag, SGN_EPARSE, ...)`.
 * Ownership: copies @p file and the message into @p diag; nothing is allocated.
 * Errors: none of its own: returns @p err whatever it is.
 */
SGN_API sgn_err_t sgn_diag_set(sgn_diag_t *diag, sgn_err_t err, const char *file,
                               unsigned long line, const char *fmt, ...) SGN_PRINTF(5, 6);

/** A growable byte string. The data belongs to whoever holds the struct. */
typedef struct sgn_buf {
	uint8_t *data;
	size_t len;
	size_t cap;
} sgn_buf_t;

/**
 * Set an empty buffer (no data, length and capacity 0), whatever it held before.
 * Ownership: nothing is allocated; a buffer that held data must be released first, or the
 * data leaks. Errors: none (cannot fail).
 */
SGN_API void sgn_buf_init(sgn_buf_t *buf) SGN_NONNULL(1);

/**
 * Free the contents and leave the buffer empty, ready for reuse.
 * Ownership: frees buf->data; the struct itself is the caller's. Errors: none (cannot fail).
 */
SGN_API void sgn_buf_release(sgn_buf_t *buf) SGN_NONNULL(1);

/**
 * Like sgn_buf_release() but zeroes the whole capacity before freeing: for secrets.
 * Ownership: frees buf->data. Errors: none (cannot fail).
 */
SGN_API void sgn_buf_release_wipe(sgn_buf_t *buf) SGN_NONNULL(1);

/**
 * Ensure room for @p extra more bytes after buf->len (the capacity at least doubles, from
 * 64 bytes); the length and the data are unchanged.
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: buf->data may move (realloc): pointers into it become invalid.
 * Errors: ::SGN_ENOMEM when the allocation fails or len + @p extra overflows; the buffer
 *         is unchanged then.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_buf_reserve(sgn_buf_t *buf, size_t extra) SGN_NONNULL(1);

/**
 * Append @p len bytes.
 * @param data the bytes (may be NULL when @p len is 0)
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: copies @p data; buf->data may move.
 * Errors: ::SGN_ENOMEM, the buffer unchanged then.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_buf_append(sgn_buf_t *buf, const void *data, size_t len)
	SGN_NONNULL(1);

/**
 * Initialise libsodium and OpenSSL once. Idempotent; call before any other function.
 * @return ::SGN_OK, or ::SGN_ECRYPTO when a crypto library fails to start.
 * Ownership: nothing the caller frees (the crypto libraries' state lives until exit).
 * Errors: ::SGN_ECRYPTO when libsodium or OpenSSL cannot start, or pthread_once() fails;
 *         the first outcome is kept: later calls return it again without retrying.
 * Thread safety: thread-safe (pthread_once): any number of threads may call it at once,
 *         and all return once initialisation is done.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_init(void);

/**
 * Zero @p len bytes at @p p in a way the compiler cannot remove (for secrets).
 * @param p the memory; NULL is accepted (nothing is done)
 * Ownership: nothing is allocated or freed. Errors: none (cannot fail).
 */
SGN_API void sgn_wipe(void *p, size_t len);

#ifdef __cplusplus
}
#endif
#endif
