/* SPDX-License-Identifier: MIT */
/** @file codec.h
 * The text encodings DNS presentation format uses: base64 (RFC 4648 §4), base32hex
 * without padding (RFC 4648 §7, RFC 5155) and hexadecimal.
 */
#ifndef LIBSIGN_CODEC_H
#define LIBSIGN_CODEC_H

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Characters needed to base64-encode @p len bytes, without NUL. */
#define SGN_BASE64_LEN(len) ((((len) + 2) / 3) * 4)
/** Characters needed to base32hex-encode @p len bytes without padding, without NUL. */
#define SGN_BASE32HEX_LEN(len) (((len) * 8 + 4) / 5)

/**
 * Decode base64, ignoring whitespace (space, tab, CR, LF). Padding is required where
 * RFC 4648 requires it; only whitespace may follow it.
 * @param out  the bytes are appended (not reset)
 * @param text the text (may be NULL when @p len is 0)
 * @return ::SGN_OK; ::SGN_EPARSE for a bad character, bad padding or truncated input;
 *         ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p out.
 * Errors: ::SGN_EPARSE (whole quanta decoded before the error stay appended to @p out);
 *         ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_base64_decode(sgn_buf_t *out, const char *text, size_t len)
	SGN_NONNULL(1);

/**
 * Encode base64 with padding into @p out (appended, NUL-terminated, NUL not counted in len).
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p out. Errors: ::SGN_ENOMEM, @p out unchanged then.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_base64_encode(sgn_buf_t *out, const uint8_t *data, size_t len)
	SGN_NONNULL(1);

/**
 * Decode case-insensitive base32hex without padding (RFC 4648 §7); leftover bits must be
 * zero and fewer than 5 (the canonical form).
 * @param out the bytes are appended (not reset)
 * @return ::SGN_OK, ::SGN_EPARSE or ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p out.
 * Errors: ::SGN_EPARSE for a character outside 0-9, A-V, a-v (whitespace too) or
 *         non-canonical trailing bits (bytes decoded before stay appended); ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_base32hex_decode(sgn_buf_t *out, const char *text, size_t len)
	SGN_NONNULL(1);

/**
 * Encode lower-case base32hex without padding into @p out, NUL-terminated.
 * @param cap size of @p out; at least SGN_BASE32HEX_LEN(len) + 1
 * @return ::SGN_OK or ::SGN_EINVAL when @p cap is too small.
 * Ownership: writes into the caller's @p out; nothing is allocated.
 * Errors: ::SGN_EINVAL when @p cap is too small (@p out untouched then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_base32hex_encode(char *out, size_t cap, const uint8_t *data,
                                                     size_t len) SGN_NONNULL(1);

/**
 * Decode hexadecimal (either case), ignoring whitespace.
 * @param out the bytes are appended (not reset)
 * @return ::SGN_OK, ::SGN_EPARSE (odd count, bad digit) or ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p out.
 * Errors: ::SGN_EPARSE for a bad digit or an odd number of digits (bytes decoded before
 *         stay appended); ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_hex_decode(sgn_buf_t *out, const char *text, size_t len)
	SGN_NONNULL(1);

/**
 * Encode hexadecimal (upper case when @p upper) into @p out, NUL-terminated.
 * @param cap at least 2 * len + 1
 * @return ::SGN_OK or ::SGN_EINVAL.
 * Ownership: writes into the caller's @p out; nothing is allocated.
 * Errors: ::SGN_EINVAL when @p cap is too small (@p out untouched then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_hex_encode(char *out, size_t cap, const uint8_t *data,
                                               size_t len, bool upper) SGN_NONNULL(1);

#ifdef __cplusplus
}
#endif
#endif
