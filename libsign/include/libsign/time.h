/* SPDX-License-Identifier: MIT */
/** @file time.h
 * DNSSEC times: the RRSIG YYYYMMDDHHmmSS form (RFC 4034 §3.2) and BIND key-file times.
 * libsign never reads the wall clock; callers pass `now` in.
 */
#ifndef LIBSIGN_TIME_H
#define LIBSIGN_TIME_H

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Size of a buffer for "YYYYMMDDHHMMSS" plus NUL. */
#define SGN_TIME_STR_MAX 15

/**
 * Parse "YYYYMMDDHHmmSS" (UTC, exactly 14 digits, fields range-checked).
 * @param out receives Unix seconds
 * @return ::SGN_OK or ::SGN_EPARSE.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_time_from_str(const char *str, int64_t *out);

/** Format Unix seconds as "YYYYMMDDHHMMSS" UTC into @p buf (::SGN_TIME_STR_MAX bytes). */
SGN_API const char *sgn_time_to_str(int64_t t, char *buf);

/**
 * Convert a 32-bit RRSIG time to Unix seconds, taking the value closest to @p now
 * (RFC 4034 §3.1.5 serial arithmetic).
 */
SGN_API int64_t sgn_time_from_serial(uint32_t t, int64_t now);

/**
 * RFC 1982 serial arithmetic on 32-bit RRSIG times: is @p t within
 * [inception, expiration]? @p now is Unix seconds, compared modulo 2^32.
 * @param cmp receives <0 when not yet valid, >0 when expired, 0 when inside
 */
SGN_API void sgn_sig_time_check(uint32_t inception, uint32_t expiration, int64_t now, int *cmp);

/**
 * RFC 1982 serial number arithmetic on 32-bit values (SOA serials, RRSIG times): is @p a
 * less than @p b? False when they are equal or (b - a) mod 2^32 is 2^31 or more.
 */
SGN_API bool sgn_serial_is_less(uint32_t a, uint32_t b);

#ifdef __cplusplus
}
#endif
#endif
