/* SPDX-License-Identifier: MIT */
/* Durations as BIND's configuration writes them: ISO 8601 ("P30D", "PT1H") or TTL style
 * ("30d", "1h30m", "3600"). Facts from BIND 9.18's documentation and lib/isccfg: a month is
 * 31 days, a year 365; the TTL style takes units w, d, h, m, s in any case. */
#include <ctype.h>
#include <stdio.h>
#include <string.h>

#include <libsign/rollover.h>

#include "../internal.h"

#define DURATION_MAX INT64_C(4294967295) /* BIND keeps durations in 32 bits */

/* Digits at *p into *v (at most DURATION_MAX); false when there are none or too many. */
static bool number(const char **p, int64_t *v)
{
	const char *s = *p;
	int64_t n = 0;
	if (!isdigit((unsigned char)*s)) {
		return false;
	}
	while (isdigit((unsigned char)*s)) {
		n = n * 10 + (*s - '0');
		if (n > DURATION_MAX) {
			return false;
		}
		s++;
	}
	*p = s;
	*v = n;
	return true;
}

static bool add(int64_t *total, int64_t n, int64_t unit)
{
	if (n > DURATION_MAX / unit) {
		return false;
	}
	*total += n * unit;
	return *total <= DURATION_MAX;
}

/* ISO 8601: P[nY][nM][nW][nD][T[nH][nM][nS]], each part at most once and in that order. */
static bool iso8601(const char *s, int64_t *out)
{
	static const char date_units[] = "YMWD", time_units[] = "HMS";
	static const int64_t date_secs[] = { 365 * 86400, 31 * 86400, 7 * 86400, 86400 };
	static const int64_t time_secs[] = { 3600, 60, 1 };
	int64_t total = 0;
	size_t next = 0;
	bool in_time = false, any = false;
	s++; /* the P */
	while (*s != '\0') {
		if (toupper((unsigned char)*s) == 'T' && !in_time) {
			in_time = true;
			next = 0;
			s++;
			if (*s == '\0') {
				return false;
			}
			continue;
		}
		int64_t n;
		if (!number(&s, &n)) {
			return false;
		}
		const char *units = in_time ? time_units : date_units;
		const int64_t *secs = in_time ? time_secs : date_secs;
		const char *u = strchr(units + next, toupper((unsigned char)*s));
		if (*s == '\0' || u == NULL) {
			return false;
		}
		size_t i = (size_t)(u - units);
		if (!add(&total, n, secs[i])) {
			return false;
		}
		next = i + 1;
		any = true;
		s++;
	}
	*out = total;
	return any;
}

/* TTL style: plain seconds, or numbers with units w d h m s (each at most once). */
static bool ttl_style(const char *s, int64_t *out)
{
	static const char units[] = "WDHMS";
	static const int64_t secs[] = { 7 * 86400, 86400, 3600, 60, 1 };
	int64_t total = 0, n;
	bool seen[5] = { false };
	if (!number(&s, &n)) {
		return false;
	}
	if (*s == '\0') {
		*out = n;
		return true;
	}
	for (;;) {
		const char *u = *s != '\0' ? strchr(units, toupper((unsigned char)*s)) : NULL;
		if (u == NULL || seen[u - units] || !add(&total, n, secs[u - units])) {
			return false;
		}
		seen[u - units] = true;
		s++;
		if (*s == '\0') {
			break;
		}
		if (!number(&s, &n)) {
			return false;
		}
	}
	*out = total;
	return true;
}

sgn_err_t sgn_duration_parse(const char *text, int64_t *out)
{
	int64_t v = 0;
	bool ok = text != NULL && *text != '\0' &&
	          (toupper((unsigned char)*text) == 'P' ? iso8601(text, &v) : ttl_style(text, &v));
	if (!ok) {
		return SGN_EPARSE;
	}
	*out = v;
	return SGN_OK;
}

const char *sgn_duration_str(int64_t seconds, char *buf)
{
	static const char units[] = "dhms";
	static const int64_t secs[] = { 86400, 3600, 60, 1 };
	size_t k = 0;
	if (seconds < 0) {
		buf[k++] = '-';
		seconds = -seconds;
	}
	if (seconds == 0) {
		snprintf(buf + k, 32 - k, "0s");
		return buf;
	}
	for (size_t i = 0; i < 4 && k < 28; i++) {
		int64_t n = seconds / secs[i];
		if (n > 0) {
			int w = snprintf(buf + k, 32 - k, "%lld%c", (long long)n, units[i]);
			k += w > 0 ? (size_t)w : 0;
			seconds -= n * secs[i];
		}
	}
	return buf;
}
