/* SPDX-License-Identifier: MIT */
/* Times and durations as every sigil command accepts them. */
#ifndef SIGIL_TIMEFMT_H
#define SIGIL_TIMEFMT_H

#include <stdbool.h>
#include <stdint.h>

/* A time: YYYYMMDDHHMMSS or YYYYMMDD (UTC), Unix seconds, ISO 8601 ("2023-05-15", "2023-05-15T10:00:00Z",
 * with an optional +hh:mm offset), "now", or relative "now+30d", "+30d", "now-1h".
 * Returns false when the text is none of these. */
bool timefmt_parse_time(const char *s, int64_t now, int64_t *out);

/* Like timefmt_parse_time(), and says whether the time was relative to now (and by how
 * much), so that it can be re-based on another "now". */
bool timefmt_parse_time_rel(const char *s, int64_t now, int64_t *out, bool *relative,
                            int64_t *offset);

/* A duration, as sgn_duration_from_str() reads it: plain seconds, BIND's units ("30d",
 * "1d12h", "1w2d3h4m5s") or ISO 8601 ("P30D", "PT1H"). */
bool timefmt_parse_duration(const char *s, int64_t *out);

/* A TTL: a duration of at most 2^31 - 1 seconds (RFC 2181 §8), sgn_ttl_from_str(). */
bool timefmt_parse_ttl(const char *s, uint32_t *out);

/* ISO 8601 UTC, "2023-05-15T10:00:00Z"; @p buf holds at least 32 bytes. */
const char *timefmt_iso(int64_t t, char *buf);

#endif
