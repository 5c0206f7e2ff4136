/* SPDX-License-Identifier: MIT */
/* Shared by the update tests and the update fuzzer (no cmocka here): the data of a signed
 * zone's text, for comparing an updated zone with a fresh signing of the same data. */
#ifndef SIGIL_TESTS_ZONE_DATA_H
#define SIGIL_TESTS_ZONE_DATA_H

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Every line of @p text (as sgn_zone_write() prints it) but the records the signer makes:
 * RRSIG, NSEC, NSEC3, NSEC3PARAM and ZONEMD. The DNSKEY RRset stays (a fresh signing
 * keeps its TTL). NULL when out of memory; free() the result. */
static inline char *zone_data_of(const char *text)
{
	static const char *const made[] = { "\tRRSIG\t", "\tNSEC\t", "\tNSEC3\t", "\tNSEC3PARAM\t",
		                            "\tZONEMD\t" };
	char *out = malloc(strlen(text) + 1);
	size_t k = 0;
	for (const char *line = text; out != NULL && *line != '\0';) {
		const char *nl = strchr(line, '\n');
		size_t len = nl != NULL ? (size_t)(nl - line) + 1 : strlen(line);
		bool skip = false;
		for (size_t i = 0; i < sizeof(made) / sizeof(made[0]) && !skip; i++) {
			const char *hit = strstr(line, made[i]);
			skip = hit != NULL && hit < line + len;
		}
		if (!skip) {
			memcpy(out + k, line, len);
			k += len;
		}
		line += len;
	}
	if (out != NULL) {
		out[k] = '\0';
	}
	return out;
}

#endif
