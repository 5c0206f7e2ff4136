/* SPDX-License-Identifier: MIT */
/* Nodes and RRsets of the zone model: lookup, replacement, and the public accessors. */
#include <string.h>

#include <libsign/name.h>
#include <libsign/rrset.h>

#include "zone_internal.h"

struct sgn__zrrset *sgn__node_rrset(const sgn_node_t *node, uint16_t type)
{
	for (size_t i = 0; i < node->nrrsets; i++) {
		if (node->rrsets[i].v.rrset.type == type) {
			return &node->rrsets[i];
		}
	}
	return NULL;
}

struct sgn__zrrset *sgn__node_put_rrset(sgn_node_t *node, uint16_t type, sgn__arena_t *arena)
{
	struct sgn__zrrset *slot = sgn__node_rrset(node, type);
	if (slot == NULL) {
		/* Keep type order: insert at the first RRset of a larger type. */
		size_t pos = 0;
		while (pos < node->nrrsets && node->rrsets[pos].v.rrset.type < type) {
			pos++;
		}
		if (node->nrrsets == node->cap) { /* full: move to a larger array */
			uint16_t cap = (uint16_t)(node->cap + 2);
			struct sgn__zrrset *a = sgn__arena_alloc(arena, cap * sizeof(*a));
			if (a == NULL) {
				return NULL;
			}
			if (node->nrrsets > 0) {
				memcpy(a, node->rrsets, node->nrrsets * sizeof(*a));
			}
			node->rrsets = a;
			node->cap = cap;
		}
		memmove(node->rrsets + pos + 1, node->rrsets + pos,
		        (node->nrrsets - pos) * sizeof(*node->rrsets));
		node->nrrsets++;
		slot = &node->rrsets[pos];
	}
	memset(slot, 0, sizeof(*slot));
	slot->v.rrset.owner = node->name;
	slot->v.rrset.type = type;
	slot->v.rrset.rclass = SGN_CLASS_IN;
	return slot;
}

static bool same_data(const struct sgn__zrrset *old, uint32_t ttl, const sgn_rdata_t *rd, size_t n)
{
	if (old->v.rrset.ttl != ttl || old->v.rrset.count != n) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (sgn_rdata_compare(old->v.rrset.rdata[i].data, old->v.rrset.rdata[i].len, rd[i].data,
		                      rd[i].len) != 0) {
			return false;
		}
	}
	return true;
}

struct sgn__zrrset *sgn__node_set_rrset(sgn_node_t *node, uint16_t type, uint32_t ttl,
                                        const sgn_rdata_t *rdata, size_t n, sgn__arena_t *arena)
{
	/* The common case when re-signing: one record, unchanged. No copy then. */
	struct sgn__zrrset *prev = sgn__node_rrset(node, type);
	if (prev != NULL && n == 1 && same_data(prev, ttl, rdata, 1)) {
		return prev;
	}
	sgn_rdata_t *rd = sgn__arena_alloc(arena, (n > 0 ? n : 1) * sizeof(*rd));
	if (rd == NULL) {
		return NULL;
	}
	for (size_t i = 0; i < n; i++) {
		rd[i].len = rdata[i].len;
		rd[i].data = sgn__arena_dup(arena, rdata[i].data, rdata[i].len);
		if (rd[i].data == NULL && rdata[i].len > 0) {
			return NULL;
		}
	}
	sgn_rdata_sort_unique(rd, &n);
	struct sgn__zrrset *old = sgn__node_rrset(node, type);
	if (old != NULL && same_data(old, ttl, rd, n)) {
		return old; /* nothing changed: keep the data and its signatures */
	}
	unsigned long line = old != NULL ? old->v.line : 0;
	struct sgn__zrrset *slot = sgn__node_put_rrset(node, type, arena);
	if (slot == NULL) {
		return NULL;
	}
	slot->v.rrset.ttl = ttl;
	slot->v.rrset.count = n;
	slot->v.rrset.rdata = rd;
	slot->v.line = line;
	return slot;
}

bool sgn__rrset_is_authoritative(const sgn_node_t *node, uint16_t type)
{
	switch (node->kind) {
	case SGN_NODE_APEX:
	case SGN_NODE_AUTH:
		return true;
	case SGN_NODE_DELEGATION:
		return type == SGN_TYPE_DS || type == SGN_TYPE_NSEC;
	case SGN_NODE_NSEC3:
		return type == SGN_TYPE_NSEC3;
	default:
		return false;
	}
}

void sgn__node_drop_rrset(sgn_node_t *node, uint16_t type)
{
	struct sgn__zrrset *slot = sgn__node_rrset(node, type);
	if (slot == NULL) {
		return;
	}
	size_t pos = (size_t)(slot - node->rrsets);
	memmove(slot, slot + 1, (node->nrrsets - pos - 1) * sizeof(*slot));
	node->nrrsets--;
}

/* -- public accessors -- */

static const char *const kind_names[] = {
	[SGN_NODE_APEX] = "apex",
	[SGN_NODE_AUTH] = "authoritative",
	[SGN_NODE_DELEGATION] = "delegation",
	[SGN_NODE_GLUE] = "glue",
	[SGN_NODE_OCCLUDED] = "occluded",
	[SGN_NODE_EMPTY] = "empty",
	[SGN_NODE_NSEC3] = "nsec3",
};

const char *sgn_node_kind_str(sgn_node_kind_t kind)
{
	return (unsigned)kind < ARRAY_LEN(kind_names) ? kind_names[kind] : "unknown";
}

const uint8_t *sgn_zone_get_apex(const sgn_zone_t *zone)
{
	return zone->apex;
}

size_t sgn_zone_node_count(const sgn_zone_t *zone)
{
	return zone->nnodes;
}

const sgn_node_t *sgn_zone_get_node(const sgn_zone_t *zone, size_t i)
{
	return i < zone->nnodes ? zone->nodes[i] : NULL;
}

size_t sgn_zone_nsec3_count(const sgn_zone_t *zone)
{
	return zone->nn3;
}

const sgn_node_t *sgn_zone_get_nsec3(const sgn_zone_t *zone, size_t i)
{
	return i < zone->nn3 ? zone->n3nodes[i] : NULL;
}

const sgn_node_t *sgn_zone_find(const sgn_zone_t *zone, const uint8_t *name)
{
	uint8_t canon[SGN_NAME_MAX];
	size_t len = sgn_name_len(name, SGN_NAME_MAX);
	if (len == 0) {
		return NULL;
	}
	memcpy(canon, name, len);
	sgn_name_lower(canon);
	const sgn_node_t *node = sgn__zone_lookup(zone, canon);
	if (node == NULL || (node->flags & SGN__NODE_OUT_OF_ZONE)) {
		node = sgn__ntable_lookup(&zone->n3, canon);
	}
	return node != NULL && !(node->flags & SGN__NODE_OUT_OF_ZONE) ? node : NULL;
}

static size_t node_rr_count(const sgn_node_t *node)
{
	size_t n = 0;
	for (size_t i = 0; i < node->nrrsets; i++) {
		n += node->rrsets[i].v.rrset.count + node->rrsets[i].v.sig_count;
	}
	return n;
}

size_t sgn_zone_rr_count(const sgn_zone_t *zone)
{
	size_t n = 0;
	for (size_t i = 0; i < zone->nnodes; i++) {
		n += node_rr_count(zone->nodes[i]);
	}
	for (size_t i = 0; i < zone->nn3; i++) {
		n += node_rr_count(zone->n3nodes[i]);
	}
	return n;
}

const uint8_t *sgn_node_get_name(const sgn_node_t *node)
{
	return node->name;
}

sgn_node_kind_t sgn_node_get_kind(const sgn_node_t *node)
{
	return (sgn_node_kind_t)node->kind;
}

size_t sgn_node_rrset_count(const sgn_node_t *node)
{
	return node->nrrsets;
}

const sgn_zone_rrset_t *sgn_node_get_rrset(const sgn_node_t *node, size_t i)
{
	return i < node->nrrsets ? &node->rrsets[i].v : NULL;
}

const sgn_zone_rrset_t *sgn_node_find_rrset(const sgn_node_t *node, uint16_t type)
{
	const struct sgn__zrrset *r = sgn__node_rrset(node, type);
	return r != NULL ? &r->v : NULL;
}
