/* SPDX-License-Identifier: MIT */
/* One RR in uncompressed wire form (RFC 1035 §3.2.1), for the writers that lay records end
 * to end: the ZONEMD digest's input, bundles. */
#ifndef SGN_WIRE_RRWIRE_H
#define SGN_WIRE_RRWIRE_H

#include <libsign/rr.h>

#include "../internal.h"

/* Owner (@p owner_len bytes, as given), type, class, TTL, RDATA length and RDATA, appended
 * to @p out: SGN_OK or SGN_ENOMEM. */
sgn_err_t sgn__rr_wire_put(sgn_buf_t *out, const uint8_t *owner, size_t owner_len, uint16_t type,
                           uint16_t rclass, uint32_t ttl, const sgn_rdata_t *rd) SGN_INTERNAL;

#endif
