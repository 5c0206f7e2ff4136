/* SPDX-License-Identifier: MIT */
/* Whole-zone verification: shared state of its parts (signatures, denial, ZONEMD). */
#ifndef SGN_VALIDATE_VERIFY_H
#define SGN_VALIDATE_VERIFY_H

#include <libsign/validate.h>

#include "../zone/zone_internal.h"
#include "vcore.h"

/* Per-worker results, added up at the end. */
struct sgn__vworker {
	struct sgn__vctx v;
	sgn_findings_t findings;
	size_t rrsets, expiring, ttl_long;
	bool has_expiry, has_expiring, has_ttl_long;
	int64_t earliest, earliest_expiring;
	const uint8_t *earliest_owner, *expiring_owner, *ttl_owner;
	uint16_t earliest_type, expiring_type, ttl_type;
	uint32_t ttl_value;
	int64_t ttl_left;
};

struct sgn__verifier {
	const sgn_zone_t *zone;
	const sgn_verify_opts_t *opts;
	struct sgn__keyset keys;        /* the apex DNSKEY RRset */
	uint8_t required[32];           /* algorithms every RRset needs (bit set) */
	struct sgn__budget budget;
	struct sgn__vworker *workers;
	unsigned nworkers;
	size_t chunk;
	sgn_findings_t *out;            /* findings not made by workers */
	uint32_t denial_ttl;            /* RFC 9077 */
};

/* A zone whose NSEC3 chain has more iterations than the limit: the limit finding, and true.
 * Checked first, so such a zone costs no work beyond reading it. */
bool sgn__verify_nsec3_over_limit(struct sgn__verifier *vf, sgn_err_t *err) SGN_INTERNAL;
/* NSEC or NSEC3 chain checks (verify_denial.c). */
sgn_err_t sgn__verify_denial(struct sgn__verifier *vf, sgn_verify_stats_t *stats) SGN_INTERNAL;
/* ZONEMD checks (verify_zonemd.c). */
sgn_err_t sgn__verify_zonemd(struct sgn__verifier *vf) SGN_INTERNAL;


#endif
