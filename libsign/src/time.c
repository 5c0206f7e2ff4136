/* SPDX-License-Identifier: MIT */
/* DNSSEC time formats and RFC 1982 serial arithmetic on 32-bit RRSIG times. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libsign/time.h>

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

sgn_err_t sgn_time_from_str(int64_t *out, const char *str)
{
	/* Fourteen digits and the end (every RRSIG read has two of these). */
	unsigned dig[14];
	for (int i = 0; i < 14; i++) {
		dig[i] = (unsigned)(unsigned char)str[i] - '0';
		if (dig[i] > 9) {
			return SGN_EPARSE; /* a NUL too: the text is shorter */
		}
	}
	if (str[14] != '\0') {
		return SGN_EPARSE;
	}
	unsigned v[6] = { dig[0] * 1000 + dig[1] * 100 + dig[2] * 10 + dig[3] };
	for (int i = 1; i < 6; i++) {
		v[i] = dig[2 * i + 2] * 10 + dig[2 * i + 3];
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

const char sgn__digit_pairs[201] =
	"00010203040506070809101112131415161718192021222324252627282930313233343536373839"
	"40414243444546474849505152535455565758596061626364656667686970717273747576777879"
	"8081828384858687888990919293949596979899";

static char *put_pair(char *p, unsigned v)
{
	memcpy(p, sgn__digit_pairs + 2 * v, 2);
	return p + 2;
}

const char *sgn_time_to_str(char *buf, int64_t t)
{
	int64_t days = t >= 0 ? t / 86400 : (t - 86399) / 86400;
	unsigned secs = (unsigned)(t - days * 86400);
	int64_t y;
	unsigned m, d;
	civil_from_days(days, &y, &m, &d);
	unsigned year = (unsigned)(y % 10000); /* outside 0..9999 still four digits */
	char *p = put_pair(buf, year / 100 % 100);
	p = put_pair(p, year % 100);
	p = put_pair(p, m);
	p = put_pair(p, d);
	p = put_pair(p, secs / 3600);
	p = put_pair(p, secs / 60 % 60);
	p = put_pair(p, secs % 60);
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
bool sgn_serial_is_less(uint32_t a, uint32_t b)
{
	uint32_t diff = b - a;
	return diff != 0 && diff < 0x80000000u;
}

void sgn_sig_time_check(int *cmp, uint32_t inception, uint32_t expiration, int64_t now)
{
	uint32_t n = (uint32_t)now;
	if (sgn_serial_is_less(n, inception)) {
		*cmp = -1;
	} else if (sgn_serial_is_less(expiration, n)) {
		*cmp = 1;
	} else {
		*cmp = 0;
	}
}

/* -- durations -- */

/* Decimal digits at *@p s into @p n, advancing *@p s. SGN_ELIMIT past INT64_MAX. */
static sgn_err_t number(const char **s, int64_t *n)
{
	const char *p = *s;
	int64_t v = 0;
	if (*p < '0' || *p > '9') {
		return SGN_EPARSE;
	}
	for (; *p >= '0' && *p <= '9'; p++) {
		if (__builtin_mul_overflow(v, 10, &v) || __builtin_add_overflow(v, *p - '0', &v)) {
			return SGN_ELIMIT;
		}
	}
	*s = p;
	*n = v;
	return SGN_OK;
}

/* *@p total += @p n * @p unit; false on overflow. */
static bool add_part(int64_t *total, int64_t n, int64_t unit)
{
	int64_t part;
	return !__builtin_mul_overflow(n, unit, &part) && !__builtin_add_overflow(*total, part, total);
}

/* "3600", or BIND's units: "1w2d3h4m5s". */
static sgn_err_t duration_units(const char *s, int64_t *out)
{
	int64_t total = 0, n;
	bool units = false;
	while (*s != '\0') {
		sgn_err_t err = number(&s, &n);
		if (err != SGN_OK) {
			return err;
		}
		if (*s == '\0') {
			if (units) {
				return SGN_EPARSE; /* "1h30" */
			}
			total = n;
			break;
		}
		int64_t unit;
		switch (tolower((unsigned char)*s++)) {
		case 'w': unit = 604800; break;
		case 'd': unit = 86400; break;
		case 'h': unit = 3600; break;
		case 'm': unit = 60; break;
		case 's': unit = 1; break;
		default: return SGN_EPARSE;
		}
		if (!add_part(&total, n, unit)) {
			return SGN_ELIMIT;
		}
		units = true;
	}
	*out = total;
	return SGN_OK;
}

/* ISO 8601: "P1Y2M3DT4H5M6S", "P2W"; a year is 365 days, a month 31 (BIND's dnssec-policy). */
static sgn_err_t duration_iso(const char *s, int64_t *out)
{
	static const char designators[2][4] = { "YMD", "HMS" };
	static const int64_t seconds[2][3] = { { 365 * 86400, 31 * 86400, 86400 }, { 3600, 60, 1 } };
	int64_t total = 0, n;
	int half = 0;            /* 0: the date part, 1: after "T" */
	size_t next = 0;         /* designators before this one in the part are used up */
	int parts[2] = { 0, 0 };
	bool weeks = false;
	for (s++; *s != '\0';) {
		if (toupper((unsigned char)*s) == 'T') {
			if (half == 1 || weeks) {
				return SGN_EPARSE;
			}
			half = 1;
			next = 0;
			s++;
			continue;
		}
		sgn_err_t err = number(&s, &n);
		if (err != SGN_OK) {
			return err;
		}
		char d = (char)toupper((unsigned char)*s);
		const char *hit = d != '\0' ? strchr(designators[half] + next, d) : NULL;
		int64_t unit;
		if (d == 'W' && half == 0 && parts[0] == 0) {
			weeks = true; /* PnW stands alone */
			unit = 604800;
		} else if (hit != NULL && !weeks) {
			next = (size_t)(hit - designators[half]) + 1;
			unit = seconds[half][next - 1];
		} else {
			return SGN_EPARSE;
		}
		if (!add_part(&total, n, unit)) {
			return SGN_ELIMIT;
		}
		parts[half]++;
		s++;
	}
	if (parts[0] + parts[1] == 0 || (half == 1 && parts[1] == 0)) {
		return SGN_EPARSE; /* "P", "PT", "P1DT" */
	}
	*out = total;
	return SGN_OK;
}

sgn_err_t sgn_duration_from_str(int64_t *out, const char *str)
{
	int64_t v;
	if (str[0] == '\0') {
		return SGN_EPARSE;
	}
	sgn_err_t err = str[0] == 'P' || str[0] == 'p' ? duration_iso(str, &v) : duration_units(str, &v);
	if (err == SGN_OK) {
		*out = v;
	}
	return err;
}

sgn_err_t sgn_ttl_from_str(uint32_t *out, const char *str)
{
	int64_t v;
	sgn_err_t err = sgn_duration_from_str(&v, str);
	if (err != SGN_OK) {
		return err;
	}
	if (v > SGN_TTL_MAX) {
		return SGN_ELIMIT;
	}
	*out = (uint32_t)v;
	return SGN_OK;
}
