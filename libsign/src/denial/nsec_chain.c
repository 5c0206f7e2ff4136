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

void sgn__nsec_chain_drop(sgn_zone_t *z)
{
	for (size_t i = 0; i < z->nnodes; i++) {
		sgn__node_drop_rrset(z->nodes[i], SGN_TYPE_NSEC);
	}
}

sgn_err_t sgn__nsec_chain_build(sgn_zone_t *z, uint32_t ttl, size_t *count)
{
	uint16_t *types = malloc(SGN__TYPES_MAX * sizeof(*types));
	uint8_t *rdata = malloc(SGN_NAME_MAX + SGN__BITMAP_MAX);
	sgn_err_t err = types != NULL && rdata != NULL ? SGN_OK : SGN_ENOMEM;
	size_t first = z->nnodes, n = 0;
	for (size_t i = 0; err == SGN_OK && i < z->nnodes; i++) {
		sgn_node_t *node = z->nodes[i];
		if (!sgn__nsec_wanted(node)) {
			sgn__node_drop_rrset(node, SGN_TYPE_NSEC);
			continue;
		}
		if (first == z->nnodes) {
			first = i;
		}
		/* Next name in the chain, wrapping round to the apex. */
		size_t j = i + 1;
		while (j < z->nnodes && !sgn__nsec_wanted(z->nodes[j])) {
			j++;
		}
		const sgn_node_t *next = j < z->nnodes ? z->nodes[j] : z->apex_node;
		size_t len = next->namelen;
		memcpy(rdata, next->name, len);
		size_t nt = sgn__denial_types(node, true, types);
		len += sgn__bitmap_build(types, nt, rdata + len);
		sgn_rdata_t rd = { rdata, (uint16_t)len };
		if (sgn__node_set_rrset(node, SGN_TYPE_NSEC, ttl, &rd, 1, &z->arena) == NULL) {
			err = SGN_ENOMEM;
		}
		n++;
	}
	free(types);
	free(rdata);
	*count = n;
	return err;
}
