/* SPDX-License-Identifier: MIT */
/* State of one DS check, shared by its parts: the views (dscheck.c), the child's keys and
 * the new DS set (dsc_keys.c), CDS/CDNSKEY (dsc_cds.c) and the bootstrap signals
 * (dsc_boot.c). */
#ifndef SGN_DSCHECK_DSC_H
#define SGN_DSCHECK_DSC_H

#include <libsign/dscheck.h>

#include "../validate/vcore.h"

struct sgn__dsc {
	const sgn_dsc_input_t *in;
	const sgn_dsc_opts_t *o;
	sgn_dsc_result_t *res;
	sgn_limits_t limits;
	struct sgn__budget budget;
	sgn_findings_t vfind;           /* what the validator core says, kept for explanations */
	struct sgn__vctx v;
	const sgn_zone_t *z;            /* the first usable view */
	const sgn_zone_rrset_t *dnskey, *cds, *cdnskey;
	struct sgn__keyset keys;        /* the child's DNSKEY RRset */
	bool *signs;                    /* keys.n: the key signs the DNSKEY RRset validly now */
	uint8_t signing_algs[32];       /* algorithms with a valid signature over it */
	bool stale;                     /* signatures were left out for the replay bound */
};

/* Add a finding about the domain (type 0 for none); key_tag < 0: no key. */
sgn_err_t sgn__dsc_find(struct sgn__dsc *d, sgn_finding_code_t code, uint16_t type, int key_tag,
                        int alg, const char *fmt, ...) SGN_INTERNAL SGN_PRINTF(6, 7);
/* Same, with a severity of its own. */
sgn_err_t sgn__dsc_find_as(struct sgn__dsc *d, sgn_severity_t sev, sgn_finding_code_t code,
                           uint16_t type, const char *fmt, ...) SGN_INTERNAL SGN_PRINTF(5, 6);

/* The child's DNSKEY RRset: which keys sign it validly now (dsc_keys.c). */
sgn_err_t sgn__dsc_keys(struct sgn__dsc *d) SGN_INTERNAL;
/* Does a valid, fresh signature by one of @p trusted (keys.n flags) cover @p rs?
 * Findings of the validator core go to d->vfind. */
sgn_err_t sgn__dsc_signed_by(struct sgn__dsc *d, const sgn_zone_rrset_t *rs, const bool *trusted,
                             bool *ok) SGN_INTERNAL;
/* Check every DS of res->newset against the child's keys and the policy; fill newkeys. */
sgn_err_t sgn__dsc_check_set(struct sgn__dsc *d) SGN_INTERNAL;
/* Keys the DS set @p set names (with a supported digest), as keys.n flags in @p out. */
void sgn__dsc_named_by(const struct sgn__dsc *d, const sgn_dsset_t *set, bool *out) SGN_INTERNAL;

/* The new set from the CDS and CDNSKEY RRsets (dsc_cds.c): delete, consistency, digests. */
sgn_err_t sgn__dsc_from_cds(struct sgn__dsc *d) SGN_INTERNAL;

/* The bootstrap signals under every NS host (dsc_boot.c). */
sgn_err_t sgn__dsc_signals(struct sgn__dsc *d) SGN_INTERNAL;

/* The RDATA of an RRset as a DS set (for comparisons); NULL is an empty set. */
sgn_err_t sgn__dsc_rrset_set(const sgn_zone_rrset_t *rs, sgn_dsset_t *out) SGN_INTERNAL;
/* Append a copy of @p rd, duplicates too (parallel arrays). */
sgn_err_t sgn__dsset_push(sgn_dsset_t *set, const uint8_t *rd, size_t len) SGN_INTERNAL;
/* _dsboot.<child>._signal.<host> (RFC 9615 section 3.1) in @p out (SGN_NAME_MAX bytes);
 * false when it would be too long. */
bool sgn__dsc_signal_name(const uint8_t *child, const uint8_t *host, uint8_t *out) SGN_INTERNAL;
/* The RRset of @p type at @p name in any zone of @p zs (a delegation's first, then one with
 * signatures): collected data may sit in a partial zone of its own. NULL when none. */
const sgn_zone_rrset_t *sgn__dsc_find_any(const sgn_zoneset_t *zs, const uint8_t *name,
                                          uint16_t type) SGN_INTERNAL;
/* Equal as sets. */
bool sgn__dsset_equal(const sgn_dsset_t *a, const sgn_dsset_t *b) SGN_INTERNAL;

#endif
