/* SPDX-License-Identifier: MIT */
/* Parsing and printing of times and durations for the command line. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/time.h>

#include "timefmt.h"

/* Relative times: at most this far from now (about 34000 years), so now + offset cannot
 * overflow. */
#define RELATIVE_MAX (INT64_C(1) << 40)

bool timefmt_parse_duration(const char *s, int64_t *out)
{
	return sgn_duration_from_str(out, s) == SGN_OK;
}

static bool all_digits(const char *s)
{
	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s)) {
			return false;
		}
	}
	return true;
}

/* ISO 8601: date, optional "T" or " " and time, optional "Z" or +hh:mm / -hh:mm. */
static bool parse_iso(const char *s, int64_t *out)
{
	int y, mo, d, h = 0, mi = 0, sec = 0, n = 0;
	char stamp[SGN_TIME_STR_MAX + 1];
	if (sscanf(s, "%4d-%2d-%2d%n", &y, &mo, &d, &n) != 3) {
		return false;
	}
	s += n;
	if (*s == 'T' || *s == ' ') {
		s++;
		n = 0;
		if (sscanf(s, "%2d:%2d%n", &h, &mi, &n) != 2) {
			return false;
		}
		s += n;
		if (*s == ':') {
			n = 0;
			if (sscanf(s, ":%2d%n", &sec, &n) != 1) {
				return false;
			}
			s += n;
		}
	}
	int64_t offset = 0;
	if (*s == 'Z') {
		s++;
	} else if (*s == '+' || *s == '-') {
		int oh, om;
		int sign = *s == '-' ? -1 : 1;
		n = 0;
		if (sscanf(s + 1, "%2d:%2d%n", &oh, &om, &n) != 2) {
			return false;
		}
		offset = sign * (oh * 3600 + om * 60);
		s += 1 + n;
	}
	if (*s != '\0' || y < 0 || y > 9999 || mo < 0 || mo > 99 || d < 0 || d > 99 || h < 0 ||
	    h > 99 || mi < 0 || mi > 99 || sec < 0 || sec > 99) {
		return false;
	}
	snprintf(stamp, sizeof(stamp), "%04d%02d%02d%02d%02d%02d", y, mo, d, h, mi, sec);
	if (sgn_time_from_str(out, stamp) != SGN_OK) {
		return false;
	}
	*out -= offset;
	return true;
}

bool timefmt_parse_time_rel(const char *s, int64_t now, int64_t *out, bool *relative,
                            int64_t *offset)
{
	int64_t dur;
	*relative = false;
	*offset = 0;
	if (strcmp(s, "now") == 0) {
		*out = now;
		*relative = true;
		return true;
	}
	if (strncmp(s, "now", 3) == 0 && (s[3] == '+' || s[3] == '-')) {
		s += 3;
	}
	if (s[0] == '+' || s[0] == '-') {
		if (!timefmt_parse_duration(s + 1, &dur) || dur > RELATIVE_MAX) {
			return false;
		}
		*offset = s[0] == '+' ? dur : -dur;
		*out = now + *offset;
		*relative = true;
		return true;
	}
	size_t len = strlen(s);
	if ((len == 14 || len == 8) && all_digits(s)) {
		char stamp[15];
		snprintf(stamp, sizeof(stamp), len == 8 ? "%s000000" : "%s", s);
		return sgn_time_from_str(out, stamp) == SGN_OK;
	}
	if (all_digits(s) && len <= 12) {
		*out = strtoll(s, NULL, 10);
		return true;
	}
	return parse_iso(s, out);
}

bool timefmt_parse_time(const char *s, int64_t now, int64_t *out)
{
	bool rel;
	int64_t off;
	return timefmt_parse_time_rel(s, now, out, &rel, &off);
}

bool timefmt_parse_ttl(const char *s, uint32_t *out)
{
	return sgn_ttl_from_str(out, s) == SGN_OK;
}

const char *timefmt_iso(int64_t t, char *buf)
{
	char stamp[SGN_TIME_STR_MAX];
	sgn_time_to_str(stamp, t);
	snprintf(buf, 32, "%.4s-%.2s-%.2sT%.2s:%.2s:%.2sZ", stamp, stamp + 4, stamp + 6, stamp + 8,
	         stamp + 10, stamp + 12);
	return buf;
}
