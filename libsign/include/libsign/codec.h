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
 * Decode base64, ignoring whitespace. Padding is required where RFC 4648 requires it.
 * @return ::SGN_OK; ::SGN_EPARSE for a bad character, bad padding or truncated input;
 *         ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_base64_decode(const char *text, size_t len, sgn_buf_t *out);

/** Encode base64 into @p out (appended, NUL-terminated, NUL not counted in len). */
SGN_API SGN_NODISCARD sgn_err_t sgn_base64_encode(const uint8_t *data, size_t len, sgn_buf_t *out);

/** Decode case-insensitive base32hex without padding. @return ::SGN_OK or ::SGN_EPARSE. */
SGN_API SGN_NODISCARD sgn_err_t sgn_base32hex_decode(const char *text, size_t len, sgn_buf_t *out);

/**
 * Encode lower-case base32hex without padding into @p out, NUL-terminated.
 * @param cap size of @p out; at least SGN_BASE32HEX_LEN(len) + 1
 * @return ::SGN_OK or ::SGN_EINVAL when @p cap is too small.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_base32hex_encode(const uint8_t *data, size_t len, char *out,
                                                     size_t cap);

/** Decode hexadecimal, ignoring whitespace. @return ::SGN_OK or ::SGN_EPARSE (odd count, bad digit). */
SGN_API SGN_NODISCARD sgn_err_t sgn_hex_decode(const char *text, size_t len, sgn_buf_t *out);

/**
 * Encode hexadecimal (upper case when @p upper) into @p out, NUL-terminated.
 * @param cap at least 2 * len + 1
 * @return ::SGN_OK or ::SGN_EINVAL.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_hex_encode(const uint8_t *data, size_t len, bool upper,
                                               char *out, size_t cap);

#ifdef __cplusplus
}
#endif
#endif
