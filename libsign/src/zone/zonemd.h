/* SPDX-License-Identifier: MIT */
/* ZONEMD (RFC 8976): the SIMPLE scheme digest over a zone model. */
#ifndef SGN_ZONE_ZONEMD_H
#define SGN_ZONE_ZONEMD_H

#include "zone_internal.h"

#define SGN__ZONEMD_SCHEME_SIMPLE 1
#define SGN__ZONEMD_SHA384 1
#define SGN__ZONEMD_SHA512 2
#define SGN__ZONEMD_DIGEST_MAX 64

/* Digest size for a ZONEMD hash algorithm, 0 when unsupported. */
size_t sgn__zonemd_digest_size(uint8_t hash_alg) SGN_INTERNAL;

/* RFC 8976 §3.3.1 SIMPLE digest of the zone: every RR in canonical order, duplicates
 * removed, except the apex ZONEMD RRset and the RRSIGs that cover it. Its input is made on
 * @p threads workers (the hashing itself is serial). */
sgn_err_t sgn__zonemd_compute(const sgn_zone_t *z, uint8_t hash_alg, unsigned threads,
                              uint8_t *out, size_t *len) SGN_INTERNAL;

#endif
