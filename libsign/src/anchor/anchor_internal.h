/* SPDX-License-Identifier: MIT */
/* The trust anchor set's layout. */
#ifndef SGN_ANCHOR_ANCHOR_INTERNAL_H
#define SGN_ANCHOR_ANCHOR_INTERNAL_H

#include <libsign/anchor.h>
#include <libsign/name.h>

#include "../internal.h"

struct sgn__anchor {
	uint8_t owner[SGN_NAME_MAX];
	uint16_t type;      /* DS or DNSKEY */
	uint16_t len;
	uint8_t *rdata;
};

struct sgn_anchors {
	struct sgn__anchor *items;
	size_t count, cap;
	size_t skipped;     /* XML entries outside their validity period */
};

/* IANA root-anchors.xml (RFC 7958): <TrustAnchor><Zone>.</Zone><KeyDigest validFrom=...
 * validUntil=...><KeyTag/><Algorithm/><DigestType/><Digest/></KeyDigest>... */
sgn_err_t sgn__anchors_load_xml(sgn_anchors_t *a, const char *path, const char *xml, int64_t now,
                                sgn_diag_t *diag) SGN_INTERNAL;

#endif
