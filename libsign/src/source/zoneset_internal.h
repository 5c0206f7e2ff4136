/* SPDX-License-Identifier: MIT */
/* The zone set's layout. */
#ifndef SGN_SOURCE_ZONESET_INTERNAL_H
#define SGN_SOURCE_ZONESET_INTERNAL_H

#include <libsign/zoneset.h>

#include "../arena.h"

/* A record waiting to be sorted into a partial zone (sgn_zoneset_add_rr). */
struct sgn__pending {
	uint8_t *owner;      /* canonical */
	uint8_t *rdata;
	uint32_t ttl;
	uint16_t type;
	uint16_t rdlen;
};

struct sgn_zoneset {
	sgn_zone_t **zones;  /* sorted by apex, canonical order */
	size_t n, cap;
	sgn__arena_t arena;  /* pending records */
	struct sgn__pending *pending;
	size_t npending, pcap;
	size_t seal_lookups; /* apex lookups of the last sgn_zoneset_seal(): its work, for tests */
};

#endif
