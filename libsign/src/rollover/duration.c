/* SPDX-License-Identifier: MIT */
/* Durations for people ("2h5m"): the plans and messages of rollover/. (They are read by
 * sgn_duration_from_str(), the one duration parser, in time.c.) */
#include <stdio.h>

#include <libsign/rollover.h>

#include "../internal.h"

const char *sgn_duration_str(char *buf, int64_t seconds)
{
	static const char units[] = "dhms";
	static const uint64_t secs[] = { 86400, 3600, 60, 1 };
	size_t k = 0;
	/* The magnitude in unsigned arithmetic: -INT64_MIN does not fit an int64_t. */
	uint64_t left = seconds < 0 ? 0 - (uint64_t)seconds : (uint64_t)seconds;
	if (seconds < 0) {
		buf[k++] = '-';
	}
	if (left == 0) {
		snprintf(buf + k, 32 - k, "0s");
		return buf;
	}
	for (size_t i = 0; i < 4 && k < 28; i++) {
		uint64_t n = left / secs[i];
		if (n > 0) {
			int w = snprintf(buf + k, 32 - k, "%llu%c", (unsigned long long)n, units[i]);
			k += w > 0 ? (size_t)w : 0;
			left -= n * secs[i];
		}
	}
	return buf;
}
