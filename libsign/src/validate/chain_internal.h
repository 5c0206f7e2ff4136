/* SPDX-License-Identifier: MIT */
/* State of one chain walk, shared by its steps (chain.c, chain_steps.c). */
#ifndef SGN_VALIDATE_CHAIN_INTERNAL_H
#define SGN_VALIDATE_CHAIN_INTERNAL_H

#include <libsign/chain.h>

#include "../source/zoneset_internal.h"
#include "vcore.h"

struct sgn__walk {
	const sgn_zoneset_t *zs;
	const sgn_anchors_t *anchors;
	const sgn_chain_opts_t *opts;
	sgn_chain_t *chain;
	sgn_limits_t limits;
	struct sgn__budget budget;
	struct sgn__vctx v;
	struct sgn__keyset keys;      /* the current zone's DNSKEYs, once its RRset is secure */
	uint8_t zone[255];            /* the current zone */
	const sgn_zone_t *z;
	size_t link_findings;         /* findings count when the current link began */
	size_t mark;                  /* error count when the current link began */
	size_t linkcap, usedcap, zonecap, proofcap; /* sgn__grow capacities of the chain's
	                                 links, used, zones and proofs */
};

sgn_link_t *sgn__chain_link(struct sgn__walk *w, sgn_link_kind_t kind, const uint8_t *owner,
                            uint16_t type) SGN_INTERNAL;
void sgn__chain_fail(struct sgn__walk *w, sgn_link_t *l, sgn_status_t status,
                     sgn_finding_code_t fallback, const char *detail) SGN_INTERNAL;
/* Remember an RRset the validation looked at (for sgn_chain_write_bundle). */
sgn_err_t sgn__chain_use(struct sgn__walk *w, const sgn_zone_rrset_t *rs) SGN_INTERNAL;
/* @p labels (may be NULL) receives the labels field of its valid signature (0 if none). */
sgn_err_t sgn__chain_check_rrset(struct sgn__walk *w, sgn_link_t *l, const sgn_zone_rrset_t *rs,
                                 bool *ok, unsigned *labels) SGN_INTERNAL;

/* Audit records (chain_audit.c): a zone's keys and DS set once its DNSKEY RRset was
 * checked (@p ds NULL for an anchored zone; the arrays per key of w->keys, may be NULL); keys
 * that signed an RRset of the current zone; a proof record of the last link; and warnings
 * about an RRset whose valid signatures expire at @p expires. */
sgn_err_t sgn__audit_zone(struct sgn__walk *w, const sgn_zone_rrset_t *ds, const bool *signs_keys,
                          const bool *trusted) SGN_INTERNAL;
void sgn__audit_signed(struct sgn__walk *w, const bool *valid) SGN_INTERNAL;
sgn_err_t sgn__audit_proof(struct sgn__walk *w, const sgn_zone_rrset_t *rs, bool valid) SGN_INTERNAL;
sgn_err_t sgn__audit_rrset(struct sgn__walk *w, const sgn_zone_rrset_t *rs, bool has_expiry,
                           int64_t expires) SGN_INTERNAL;

#endif
