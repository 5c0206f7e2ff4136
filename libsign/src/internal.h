/* SPDX-License-Identifier: MIT */
/* Private helpers shared by every libsign source file: array length, checked arithmetic,
 * unused markers and the internal symbol prefix. */
#ifndef SGN_INTERNAL_H
#define SGN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>
#include <stdbool.h>

#include <libsign/base.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define SGN_UNUSED(x) ((void)(x))
#define SGN_MIN(a, b) ((a) < (b) ? (a) : (b))
#define SGN_MAX(a, b) ((a) > (b) ? (a) : (b))

/* Internal symbols shared between files carry the sgn__ prefix and hidden visibility. */
#define SGN_INTERNAL __attribute__((visibility("hidden")))

/* Checked size arithmetic: return false on overflow. */
static inline bool sgn__add_ok(size_t a, size_t b, size_t *out)
{
	return !__builtin_add_overflow(a, b, out);
}

static inline bool sgn__mul_ok(size_t a, size_t b, size_t *out)
{
	return !__builtin_mul_overflow(a, b, out);
}

static inline uint16_t sgn__get16(const uint8_t *p)
{
	return (uint16_t)((p[0] << 8) | p[1]);
}

static inline uint32_t sgn__get32(const uint8_t *p)
{
	return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static inline void sgn__put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static inline void sgn__put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* Make room for @p need elements of @p size bytes in the array *@p items of capacity *@p cap
 * (doubling, at least @p first), with the multiplication checked. *@p items and *@p cap
 * change only on success. @return SGN_OK, or SGN_ENOMEM (overflow included). */
SGN_INTERNAL sgn_err_t sgn__grow(void *items, size_t *cap, size_t need, size_t size,
                                 size_t first);

/* Append a big-endian integer to a buffer. */
SGN_INTERNAL sgn_err_t sgn__buf_put8(sgn_buf_t *b, uint8_t v);
SGN_INTERNAL sgn_err_t sgn__buf_put16(sgn_buf_t *b, uint16_t v);
SGN_INTERNAL sgn_err_t sgn__buf_put32(sgn_buf_t *b, uint32_t v);
/* Append a NUL-terminated string without its NUL (the buffer stays NUL-terminated). */
SGN_INTERNAL sgn_err_t sgn__buf_puts(sgn_buf_t *b, const char *s);
SGN_INTERNAL sgn_err_t sgn__buf_printf(sgn_buf_t *b, const char *fmt, ...) SGN_PRINTF(2, 3);

/* "00" to "99" (time.c): decimal text two digits at a time, for RRSIG times and the
 * integers of every line of a zone file. */
SGN_INTERNAL extern const char sgn__digit_pairs[201];

/* The encoders for a caller that made room already (codec.c): base64 into
 * SGN_BASE64_LEN(len) + 1 bytes (what sgn_base64_encode() appends), base32hex into
 * SGN_BASE32HEX_LEN(len) + 1, hexadecimal into 2 * len + 1; NUL-terminated. They return
 * the length of the text, NUL not counted. */
SGN_INTERNAL size_t sgn__base64_put(char *out, const uint8_t *data, size_t len);
SGN_INTERNAL size_t sgn__base32hex_put(char *out, const uint8_t *data, size_t len);
SGN_INTERNAL size_t sgn__hex_put(char *out, const uint8_t *data, size_t len, bool upper);

/* Copy a diag message with a prefix, used when one layer adds context to another's. */
SGN_INTERNAL sgn_err_t sgn__diag_from_errno(sgn_diag_t *diag, const char *file, const char *what);

/* A time as people read it in key files, "Mon Jan  1 00:00:00 2024" (UTC), into @p buf
 * (at least 64 bytes); "" when it cannot be written. */
SGN_INTERNAL const char *sgn__time_human(int64_t t, char *buf, size_t cap);

/* SGN_OK when @p path names a regular file (a symbolic link to one included); SGN_EPARSE
 * "not a regular file" for a directory, FIFO or device (which would fail, block or never
 * end), as the zone reader's $INCLUDE rule; SGN_EIO when it cannot be looked at. */
SGN_INTERNAL sgn_err_t sgn__check_regular(const char *path, sgn_diag_t *diag);

/* Read a whole file (at most @p max bytes) into @p out, NUL-terminated (NUL not counted). */
SGN_INTERNAL sgn_err_t sgn__read_file(const char *path, size_t max, sgn_buf_t *out,
                                      sgn_diag_t *diag);

/* The names in directory @p dir that @p keep (called with @p arg) accepts, sorted with
 * strcmp so that no result depends on the directory's order: *@p names, *@p n of them,
 * freed with sgn__dir_names_free() (NULL and 0 on error). A directory that cannot be
 * read is reported as sgn__diag_from_errno(@p diag, @p dir, @p what).
 * @return SGN_OK, SGN_ENOMEM, or the error of a directory that cannot be read. */
SGN_INTERNAL sgn_err_t sgn__dir_names(const char *dir, bool (*keep)(const char *, const void *),
                                      const void *arg, const char *what, char ***names,
                                      size_t *n, sgn_diag_t *diag);
SGN_INTERNAL void sgn__dir_names_free(char **names, size_t n);

#endif
