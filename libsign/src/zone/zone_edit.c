/* SPDX-License-Identifier: MIT */
/* Editing a built zone model in place: finding a name's place in canonical order, adding
 * and removing names (the name tree and the NSEC3 owners), and classifying a range of
 * names again after their data changed. The loader classifies the whole tree with the same
 * code; a dynamic update (update/) classifies only what its change can reach. */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "../wire/rdesc.h"
#include "zone_internal.h"

/* -- positions -- */

/* Lower bound of @p name in a canonically sorted node array. */
static size_t lower_bound(sgn_node_t *const *nodes, size_t n, const uint8_t *name, bool *found)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sgn_name_compare(nodes[mid]->name, name) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	if (found != NULL) {
		*found = lo < n && sgn_name_compare(nodes[lo]->name, name) == 0;
	}
	return lo;
}

size_t sgn__zone_pos(const sgn_zone_t *z, const uint8_t *name, bool *found)
{
	return lower_bound(z->nodes, z->nnodes, name, found);
}

size_t sgn__zone_n3_pos(const sgn_zone_t *z, const uint8_t *owner, bool *found)
{
	return lower_bound(z->n3nodes, z->nn3, owner, found);
}

/* The names below nodes[pos] follow it contiguously in canonical order: the end of that run
 * by binary search (is_subdomain is true, then false, along the array). */
size_t sgn__zone_subtree_end(const sgn_zone_t *z, size_t pos)
{
	const uint8_t *top = z->nodes[pos]->name;
	size_t lo = pos + 1, hi = z->nnodes;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sgn_name_is_subdomain(z->nodes[mid]->name, top)) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/* -- adding and removing names -- */

static sgn_err_t array_insert(sgn_node_t ***arr, size_t *n, size_t *cap, size_t pos,
                              sgn_node_t *node)
{
	if (sgn__grow(arr, cap, *n + 2, sizeof(**arr), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	sgn_node_t **a = *arr;
	memmove(a + pos + 1, a + pos, (*n - pos) * sizeof(*a));
	a[pos] = node;
	(*n)++;
	return SGN_OK;
}

static void array_remove(sgn_node_t **arr, size_t *n, size_t pos)
{
	memmove(arr + pos, arr + pos + 1, (*n - pos - 1) * sizeof(*arr));
	(*n)--;
}

/* A new node for @p name in the tree or the NSEC3 owners, unless there is one. */
static sgn_err_t insert(sgn_zone_t *z, bool n3, const uint8_t *name, sgn_node_t **out)
{
	bool found;
	sgn_node_t ***arr = n3 ? &z->n3nodes : &z->nodes;
	size_t *n = n3 ? &z->nn3 : &z->nnodes, *cap = n3 ? &z->n3cap : &z->nodecap;
	struct sgn__ntable *t = n3 ? &z->n3 : &z->names;
	size_t pos = lower_bound(*arr, *n, name, &found);
	if (found) {
		*out = (*arr)[pos];
		return SGN_OK;
	}
	sgn_node_t *node;
	sgn_err_t err = sgn__ntable_intern(t, &z->arena, name, &node);
	if (err == SGN_OK) {
		node->kind = n3 ? SGN_NODE_NSEC3 : SGN_NODE_EMPTY;
		node->nrrsets = 0; /* an NSEC3 owner may be one the old chain left empty */
		node->flags = 0;
		err = array_insert(arr, n, cap, pos, node);
		if (err != SGN_OK) {
			sgn__ntable_remove(t, node);
		}
	}
	*out = err == SGN_OK ? node : NULL;
	return err;
}

sgn_err_t sgn__zone_insert(sgn_zone_t *z, const uint8_t *name, sgn_node_t **out)
{
	return insert(z, false, name, out);
}

sgn_err_t sgn__zone_n3_insert(sgn_zone_t *z, const uint8_t *owner, sgn_node_t **out)
{
	return insert(z, true, owner, out);
}

sgn_err_t sgn__zone_reinsert(sgn_zone_t *z, sgn_node_t *node)
{
	bool n3 = node->kind == SGN_NODE_NSEC3;
	struct sgn__ntable *t = n3 ? &z->n3 : &z->names;
	sgn_err_t err = sgn__ntable_put(t, node);
	if (err != SGN_OK) {
		return err;
	}
	size_t pos = n3 ? sgn__zone_n3_pos(z, node->name, NULL) : sgn__zone_pos(z, node->name, NULL);
	err = n3 ? array_insert(&z->n3nodes, &z->nn3, &z->n3cap, pos, node)
	         : array_insert(&z->nodes, &z->nnodes, &z->nodecap, pos, node);
	if (err != SGN_OK) {
		sgn__ntable_remove(t, node);
	}
	return err;
}

void sgn__zone_remove(sgn_zone_t *z, sgn_node_t *node)
{
	bool found;
	if (node->kind == SGN_NODE_NSEC3) {
		size_t pos = sgn__zone_n3_pos(z, node->name, &found);
		if (found && z->n3nodes[pos] == node) {
			array_remove(z->n3nodes, &z->nn3, pos);
		}
		sgn__ntable_remove(&z->n3, node);
		return;
	}
	size_t pos = sgn__zone_pos(z, node->name, &found);
	if (found && z->nodes[pos] == node) {
		array_remove(z->nodes, &z->nnodes, pos);
	}
	sgn__ntable_remove(&z->names, node);
}

/* -- classification -- */

bool sgn__node_has_data(const sgn_node_t *node)
{
	for (size_t i = 0; i < node->nrrsets; i++) {
		uint16_t t = node->rrsets[i].v.rrset.type;
		if (t != SGN_TYPE_NSEC && t != SGN_TYPE_RRSIG && t != SGN_TYPE_NSEC3) {
			return true;
		}
	}
	return false;
}

static bool only_address_types(const sgn_node_t *node)
{
	for (size_t i = 0; i < node->nrrsets; i++) {
		uint16_t t = node->rrsets[i].v.rrset.type;
		if (t != SGN_TYPE_A && t != SGN_TYPE_AAAA) {
			return false;
		}
	}
	return true;
}

/* A zone cut: NS below the apex; in a partial zone, where the NS RRset may be missing,
 * also a DS, or an NSEC listing NS but not SOA (the parent's side of a cut). */
static bool is_cut(const sgn_zone_t *z, const sgn_node_t *node)
{
	if (sgn__node_rrset(node, SGN_TYPE_NS) != NULL) {
		return true;
	}
	if (!z->partial) {
		return false;
	}
	if (sgn__node_rrset(node, SGN_TYPE_DS) != NULL) {
		return true;
	}
	const struct sgn__zrrset *nsec = sgn__node_rrset(node, SGN_TYPE_NSEC);
	if (nsec == NULL) {
		return false;
	}
	const sgn_rdata_t *rd = &nsec->v.rrset.rdata[0];
	size_t nl = sgn_name_len(rd->data, rd->len);
	return nl > 0 && sgn__bitmap_has(rd->data + nl, rd->len - nl, SGN_TYPE_NS) &&
	       !sgn__bitmap_has(rd->data + nl, rd->len - nl, SGN_TYPE_SOA);
}

/* The cut (or DNAME) above @p name that hides it, the topmost one: everything below a
 * cut is glue or occluded whatever else lies between. */
static const sgn_node_t *cut_above(const sgn_zone_t *z, const uint8_t *name, bool *is_dname)
{
	unsigned labels = sgn_name_labels(name), apex_labels = sgn_name_labels(z->apex);
	for (unsigned up = labels - apex_labels; up >= 1 && labels > apex_labels; up--) {
		const sgn_node_t *a = sgn__zone_lookup(z, sgn_name_strip(name, up));
		if (a == NULL) {
			continue;
		}
		if (a != z->apex_node && is_cut(z, a)) {
			*is_dname = false;
			return a;
		}
		if (sgn__node_rrset(a, SGN_TYPE_DNAME) != NULL) {
			*is_dname = true;
			return a;
		}
	}
	return NULL;
}

/* One pass in canonical order: names below a cut follow the cut contiguously. A name
 * without any RRset is an empty non-terminal. */
void sgn__zone_classify_range(sgn_zone_t *z, size_t lo, size_t hi)
{
	bool cut_is_dname = false;
	const sgn_node_t *cut = lo < hi ? cut_above(z, z->nodes[lo]->name, &cut_is_dname) : NULL;
	for (size_t i = lo; i < hi; i++) {
		sgn_node_t *node = z->nodes[i];
		if (cut != NULL && sgn_name_is_subdomain(node->name, cut->name)) {
			node->kind = (!cut_is_dname && only_address_types(node)) ? SGN_NODE_GLUE
			                                                         : SGN_NODE_OCCLUDED;
			continue;
		}
		cut = NULL;
		if (node == z->apex_node) {
			node->kind = SGN_NODE_APEX;
		} else if (is_cut(z, node)) {
			node->kind = SGN_NODE_DELEGATION;
			cut = node;
			cut_is_dname = false;
		} else {
			node->kind = node->nrrsets == 0 ? SGN_NODE_EMPTY : SGN_NODE_AUTH;
		}
		if (cut == NULL && sgn__node_rrset(node, SGN_TYPE_DNAME) != NULL) {
			cut = node;
			cut_is_dname = true;
		}
	}
}

bool sgn__zone_secure_below(const sgn_zone_t *z, size_t pos)
{
	size_t end = sgn__zone_subtree_end(z, pos);
	for (size_t i = pos + 1; i < end; i++) {
		const sgn_node_t *n = z->nodes[i];
		if (n->kind == SGN_NODE_AUTH ||
		    (n->kind == SGN_NODE_DELEGATION && sgn__node_rrset(n, SGN_TYPE_DS) != NULL)) {
			return true;
		}
	}
	return false;
}
