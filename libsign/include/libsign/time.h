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
 * Parse "YYYYMMDDHHmmSS" (UTC, exactly 14 digits, fields range-checked: month 1-12, day
 * within the month, hour 0-23, minute 0-59, second 0-60).
 * @param out receives Unix seconds (untouched on error)
 * @return ::SGN_OK or ::SGN_EPARSE.
 * Ownership: nothing is allocated.
 * Errors: ::SGN_EPARSE when @p str is not 14 digits or a field is out of range.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_time_from_str(int64_t *out, const char *str)
	SGN_NONNULL(1, 2);

/**
 * Format Unix seconds as "YYYYMMDDHHMMSS" UTC into @p buf (::SGN_TIME_STR_MAX bytes), for
 * the years 0 to 9999.
 * @return @p buf.
 * Ownership: writes into @p buf, the caller's storage. Errors: none (cannot fail).
 */
SGN_API const char *sgn_time_to_str(char *buf, int64_t t) SGN_NONNULL(1);

/**
 * Convert a 32-bit RRSIG time to Unix seconds, taking the value closest to @p now
 * (RFC 4034 §3.1.5 serial arithmetic).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API int64_t sgn_time_from_serial(uint32_t t, int64_t now);

/**
 * RFC 1982 serial arithmetic on 32-bit RRSIG times: is @p t within
 * [inception, expiration]? @p now is Unix seconds, compared modulo 2^32.
 * @param cmp receives <0 when not yet valid, >0 when expired, 0 when inside
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_sig_time_check(int *cmp, uint32_t inception, uint32_t expiration, int64_t now)
	SGN_NONNULL(1);

/**
 * RFC 1982 serial number arithmetic on 32-bit values (SOA serials, RRSIG times): is @p a
 * less than @p b? False when they are equal or (b - a) mod 2^32 is 2^31 or more.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_serial_is_less(uint32_t a, uint32_t b);

/** The largest TTL: 2^31 - 1 seconds (RFC 2181 §8). */
#define SGN_TTL_MAX INT32_MAX

/**
 * Parse a duration, as zone files, BIND's tools and its dnssec-policy write them:
 *  - plain seconds: "3600";
 *  - BIND's TTL units: one or more number-unit pairs with the units w (604800 s), d (86400),
 *    h (3600), m (60) and s (1), in either letter case, in any order, repeated units added
 *    up ("1w2d3h4m5s", "1h30m", "90m"); a bare number after a unit ("1h30") is refused, as
 *    BIND refuses it;
 *  - ISO 8601 durations: "P", then [nY][nM][nD] in that order, then optionally "T" and
 *    [nH][nM][nS] in that order ("P30D", "PT1H", "P1Y2M3DT4H5M6S"), or "P" nW alone ("P2W");
 *    either letter case; at least one part, and one after "T". A year counts 365 days and a
 *    month 31 days, as BIND's dnssec-policy counts them.
 *
 * Numbers are decimal digits only: no sign, fraction, exponent or space; the empty string is
 * refused.
 * @param out receives the seconds, 0 to INT64_MAX; untouched on error
 * @param str NUL-terminated text
 * @return ::SGN_OK; ::SGN_EPARSE when @p str is not a duration; ::SGN_ELIMIT when it is one
 *         but more than INT64_MAX seconds.
 * Ownership: nothing is allocated. Errors: as above; re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_duration_from_str(int64_t *out, const char *str)
	SGN_NONNULL(1, 2);

/**
 * Parse a TTL: a duration as sgn_duration_from_str() reads it, of at most ::SGN_TTL_MAX
 * seconds (RFC 2181 §8).
 * @param out receives the TTL; untouched on error
 * @return ::SGN_OK; ::SGN_EPARSE when @p str is not a duration; ::SGN_ELIMIT when it is more
 *         than ::SGN_TTL_MAX.
 * Ownership: nothing is allocated. Errors: as above; re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_ttl_from_str(uint32_t *out, const char *str)
	SGN_NONNULL(1, 2);

#ifdef __cplusplus
}
#endif
#endif
