/* SPDX-License-Identifier: MIT */
/* DNSSEC time formats and RFC 1982 serial arithmetic on 32-bit RRSIG times. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libsign/time.h>
#include <libsign/validate.h>

#include "internal.h"

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm). */
static int64_t days_from_civil(int64_t y, unsigned m, unsigned d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	unsigned yoe = (unsigned)(y - era * 400);
	unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static void civil_from_days(int64_t z, int64_t *y, unsigned *m, unsigned *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	unsigned doe = (unsigned)(z - era * 146097);
	unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	unsigned mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y = (int64_t)yoe + era * 400 + (*m <= 2);
}

static bool is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

sgn_err_t sgn_time_from_str(const char *str, int64_t *out)
{
	unsigned v[6];
	static const unsigned widths[6] = { 4, 2, 2, 2, 2, 2 };
	if (strlen(str) != 14) {
		return SGN_EPARSE;
	}
	const char *p = str;
	for (int i = 0; i < 6; i++) {
		v[i] = 0;
		for (unsigned k = 0; k < widths[i]; k++, p++) {
			if (*p < '0' || *p > '9') {
				return SGN_EPARSE;
			}
			v[i] = v[i] * 10 + (unsigned)(*p - '0');
		}
	}
	static const unsigned mdays[12] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[3] > 23 || v[4] > 59 || v[5] > 60) {
		return SGN_EPARSE;
	}
	unsigned dmax = mdays[v[1] - 1] + (v[1] == 2 && is_leap(v[0]));
	if (v[2] > dmax) {
		return SGN_EPARSE;
	}
	*out = days_from_civil(v[0], v[1], v[2]) * 86400 + v[3] * 3600 + v[4] * 60 + v[5];
	return SGN_OK;
}

const char *sgn_time_to_str(int64_t t, char *buf)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	int64_t secs = t - days * 86400;
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	/* Written out by hand: RRSIG times are printed twice per signature. */
	unsigned v[6] = { (unsigned)(y % 10000), m, d, (unsigned)(secs / 3600) % 24,
		          (unsigned)(secs / 60 % 60), (unsigned)(secs % 60) };
	char *p = buf;
	for (int i = 0; i < 6; i++) {
		unsigned x = v[i];
		if (i == 0) {
			*p++ = (char)('0' + x / 1000 % 10);
			*p++ = (char)('0' + x / 100 % 10);
		}
		*p++ = (char)('0' + x / 10 % 10);
		*p++ = (char)('0' + x % 10);
	}
	*p = '\0';
	return buf;
}

const char *sgn__time_human(int64_t t, char *buf, size_t cap)
{
	time_t tt = (time_t)t;
	struct tm tm;
	if (gmtime_r(&tt, &tm) == NULL || strftime(buf, cap, "%a %b %e %H:%M:%S %Y", &tm) == 0) {
		buf[0] = '\0';
	}
	return buf;
}

int64_t sgn_time_from_serial(uint32_t t, int64_t now)
{
	/* The 64-bit time congruent to t mod 2^32 nearest to now. */
	int64_t base = now - (int64_t)(uint32_t)now;
	int64_t cand = base + t;
	if (cand - now > INT64_C(0x80000000)) {
		cand -= INT64_C(0x100000000);
	} else if (now - cand > INT64_C(0x80000000)) {
		cand += INT64_C(0x100000000);
	}
	return cand;
}

/* RFC 1982: a < b when (b - a) mod 2^32 is in (0, 2^31). */
static bool serial_lt(uint32_t a, uint32_t b)
{
	uint32_t diff = b - a;
	return diff != 0 && diff < 0x80000000u;
}

void sgn_sig_time_check(uint32_t inception, uint32_t expiration, int64_t now, int *cmp)
{
	uint32_t n = (uint32_t)now;
	if (serial_lt(n, inception)) {
		*cmp = -1;
	} else if (serial_lt(expiration, n)) {
		*cmp = 1;
	} else {
		*cmp = 0;
	}
}
