/* SPDX-License-Identifier: MIT */
/* NSEC chains (RFC 4034 §4, RFC 4035 §2.3): one NSEC per authoritative name and
 * delegation, in canonical order, the last pointing back to the apex. */
#include <stdlib.h>
#include <string.h>

#include <libsign/rr.h>

#include "../wire/rdesc.h"
#include "chain.h"

/* Data other than denial records and stray RRSIGs: a name holding only an NSEC left over
 * from an earlier signing is empty. */
static bool has_data(const sgn_node_t *node)
{
	for (size_t i = 0; i < node->nrrsets; i++) {
		uint16_t t = node->rrsets[i].v.rrset.type;
		if (t != SGN_TYPE_NSEC && t != SGN_TYPE_RRSIG && t != SGN_TYPE_NSEC3) {
			return true;
		}
	}
	return false;
}

bool sgn__nsec_wanted(const sgn_node_t *node)
{
	return node->kind == SGN_NODE_APEX || node->kind == SGN_NODE_DELEGATION ||
	       (node->kind == SGN_NODE_AUTH && has_data(node));
}

bool sgn__nsec3_wanted(const sgn_node_t *node, bool opt_out)
{
	switch (node->kind) {
	case SGN_NODE_APEX:
	case SGN_NODE_AUTH:
		return true;
	case SGN_NODE_DELEGATION:
		return !opt_out || sgn__node_rrset(node, SGN_TYPE_DS) != NULL;
	case SGN_NODE_EMPTY:
		return !opt_out || (node->flags & SGN__NODE_HAS_SECURE_BELOW);
	default:
		return false;
	}
}

size_t sgn__denial_types(const sgn_node_t *node, bool nsec, uint16_t *types)
{
	size_t n = 0;
	bool signed_data = false;
	bool deleg = node->kind == SGN_NODE_DELEGATION;
	for (size_t i = 0; i < node->nrrsets; i++) {
		uint16_t t = node->rrsets[i].v.rrset.type;
		if (t == SGN_TYPE_RRSIG || t == SGN_TYPE_NSEC || t == SGN_TYPE_NSEC3) {
			continue; /* added below when due; NSEC3 never lists itself */
		}
		if (deleg && t != SGN_TYPE_NS && t != SGN_TYPE_DS) {
			continue; /* RFC 4034 §4.1.2: not authoritative at a zone cut */
		}
		types[n++] = t;
		signed_data = signed_data || !deleg || t == SGN_TYPE_DS;
	}
	if (nsec) {
		types[n++] = SGN_TYPE_NSEC;
	}
	if (nsec || signed_data) {
		types[n++] = SGN_TYPE_RRSIG;
	}
	return n;
}

static void drop_range(void *ctx, size_t lo, size_t hi)
{
	sgn_zone_t *z = ctx;
	for (size_t i = lo; i < hi; i++) {
		sgn__node_drop_rrset(z->nodes[i], SGN_TYPE_NSEC);
	}
}

sgn_err_t sgn__nsec_chain_drop(sgn_zone_t *z, unsigned threads)
{
	return sgn__zone_for_ranges(threads, z->nnodes, drop_range, z);
}

sgn_err_t sgn__denial_scratch_init(struct sgn__denial_scratch *sc)
{
	sc->types = malloc(SGN__TYPES_MAX * sizeof(*sc->types));
	sc->rdata = malloc(SGN__DENIAL_RDATA_MAX);
	if (sc->types == NULL || sc->rdata == NULL) {
		sgn__denial_scratch_release(sc);
		return SGN_ENOMEM;
	}
	return SGN_OK;
}

void sgn__denial_scratch_release(struct sgn__denial_scratch *sc)
{
	free(sc->types);
	free(sc->rdata);
	sc->types = NULL;
	sc->rdata = NULL;
}

size_t sgn__nsec_mark(sgn_zone_t *z)
{
	size_t n = 0;
	for (size_t i = 0; i < z->nnodes; i++) {
		if (sgn__nsec_wanted(z->nodes[i])) {
			z->nodes[i]->flags |= SGN__NODE_NSEC;
			n++;
		} else {
			z->nodes[i]->flags &= (uint8_t)~SGN__NODE_NSEC;
		}
	}
	return n;
}

sgn_err_t sgn__nsec_set(sgn_zone_t *z, size_t i, uint32_t ttl, sgn__arena_t *arena,
                        struct sgn__denial_scratch *sc)
{
	sgn_node_t *node = z->nodes[i];
	if (!(node->flags & SGN__NODE_NSEC)) {
		sgn__node_drop_rrset(node, SGN_TYPE_NSEC);
		return SGN_OK;
	}
	/* Next name in the chain, wrapping round to the apex. Workers insert NSEC records
	 * into other nodes meanwhile, so the chain membership is read from a flag fixed
	 * before the pass (sgn__nsec_mark), not from the nodes' RRsets. */
	size_t j = i + 1;
	while (j < z->nnodes && !(z->nodes[j]->flags & SGN__NODE_NSEC)) {
		j++;
	}
	const sgn_node_t *next = j < z->nnodes ? z->nodes[j] : z->apex_node;
	return sgn__nsec_put(node, next, ttl, arena, sc);
}

sgn_err_t sgn__nsec_put(sgn_node_t *node, const sgn_node_t *next, uint32_t ttl,
                        sgn__arena_t *arena, struct sgn__denial_scratch *sc)
{
	size_t len = next->namelen;
	memcpy(sc->rdata, next->name, len);
	size_t nt = sgn__denial_types(node, true, sc->types);
	len += sgn__bitmap_build(sc->types, nt, sc->rdata + len);
	sgn_rdata_t rd = { sc->rdata, (uint16_t)len };
	return sgn__node_set_rrset(node, SGN_TYPE_NSEC, ttl, &rd, 1, arena) != NULL ? SGN_OK
	                                                                             : SGN_ENOMEM;
}

sgn_err_t sgn__nsec_chain_build(sgn_zone_t *z, uint32_t ttl, size_t *count)
{
	struct sgn__denial_scratch sc;
	sgn_err_t err = sgn__denial_scratch_init(&sc);
	size_t n = sgn__nsec_mark(z);
	for (size_t i = 0; err == SGN_OK && i < z->nnodes; i++) {
		err = sgn__nsec_set(z, i, ttl, &z->arena, &sc);
	}
	sgn__denial_scratch_release(&sc);
	*count = n;
	return err;
}
