/* SPDX-License-Identifier: MIT */
/* Putting a staged change set into the zone and repairing what depends on it: names and
 * empty non-terminals made or removed, the classification of the changed names and of
 * everything below a cut that came or went, the opt-out marks of empty non-terminals
 * (RFC 5155 §7.1), and the NSEC chain (RFC 4035 §2.3) around every name that changed. The
 * NSEC3 chain is mended in repair3.c. Every node is saved in the transaction before it
 * changes. */
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "upd.h"

static bool in_tree(const sgn_zone_t *z, const sgn_node_t *node)
{
	return node->kind != SGN_NODE_NSEC3 && sgn__zone_lookup(z, node->name) == node;
}

/* -- names -- */

/* A new name, and the empty non-terminals between it and the nearest existing ancestor. */
static sgn_err_t make_name(struct sgn__repair *r, const uint8_t *name, sgn_node_t **out)
{
	sgn_zone_t *z = r->zone;
	unsigned labels = sgn_name_labels(name), apex_labels = sgn_name_labels(z->apex);
	for (unsigned up = labels - apex_labels - 1; up >= 1 && labels > apex_labels + 1; up--) {
		const uint8_t *anc = sgn_name_strip(name, up);
		sgn_node_t *ent;
		if (sgn__zone_lookup(z, anc) == NULL) {
			sgn_err_t err = sgn__txn_insert(r->txn, anc, false, &ent);
			if (err != SGN_OK) {
				return err;
			}
			r->names_added++;
		}
	}
	r->names_added++;
	return sgn__txn_insert(r->txn, name, false, out);
}

static void count_rrs(const struct sgn__sname *s, const struct sgn__stype *t,
                      sgn_update_result_t *res)
{
	const struct sgn__zrrset *zr = s->node != NULL ? sgn__node_rrset(s->node, t->type) : NULL;
	size_t old = zr != NULL ? zr->v.rrset.count : 0, kept = 0;
	for (size_t i = 0; i < t->n; i++) {
		for (size_t k = 0; k < old; k++) {
			if (sgn_rdata_compare(t->rd[i].data, t->rd[i].len, zr->v.rrset.rdata[k].data,
			                      zr->v.rrset.rdata[k].len) == 0) {
				kept++;
				break;
			}
		}
	}
	res->rrs_added += t->n - kept;
	res->rrs_deleted += old - kept;
}

/* The staged RRsets of one name into the zone. */
static sgn_err_t commit_name(struct sgn__repair *r, const struct sgn__stage *st,
                             struct sgn__sname *s)
{
	sgn_zone_t *z = r->zone;
	sgn_node_t *node = sgn__zone_lookup(z, s->name); /* ancestors of other names may be new */
	for (size_t i = 0; i < s->ntypes; i++) {
		struct sgn__stype *t = &s->types[i];
		if (!t->touched || !sgn__stage_differs(s, t)) {
			continue;
		}
		count_rrs(s, t, st->res);
		sgn_err_t err = SGN_OK;
		if (node == NULL && t->n > 0) {
			err = make_name(r, s->name, &node);
		} else if (node != NULL) {
			err = sgn__txn_save(r->txn, node);
		}
		if (err != SGN_OK) {
			return err;
		}
		if (t->n > 0) {
			if (sgn__node_set_rrset(node, t->type, t->ttl, t->rd, t->n, &z->arena) == NULL) {
				return SGN_ENOMEM;
			}
		} else if (node != NULL) {
			sgn__node_drop_rrset(node, t->type);
		}
	}
	return SGN_OK;
}

/* A name left without data: an empty non-terminal when names lie below it, else gone,
 * and with it every empty non-terminal above that has nothing else below. */
static sgn_err_t prune(struct sgn__repair *r, sgn_node_t *node)
{
	sgn_zone_t *z = r->zone;
	while (node != NULL && node != z->apex_node && !sgn__node_has_data(node)) {
		bool found;
		size_t pos = sgn__zone_pos(z, node->name, &found);
		sgn_err_t err = sgn__txn_save(r->txn, node);
		if (err != SGN_OK || !found) {
			return err;
		}
		node->nrrsets = 0; /* its NSEC and stray signatures go with the data */
		if (sgn__zone_subtree_end(z, pos) > pos + 1) {
			return SGN_OK;
		}
		const uint8_t *parent = sgn_name_strip(node->name, 1);
		if ((err = sgn__txn_remove(r->txn, node)) != SGN_OK) {
			return err;
		}
		r->names_removed++;
		node = sgn__zone_lookup(z, parent);
	}
	return SGN_OK;
}

/* Did the name's cut change: NS or DNAME appeared or went? Then everything below it is
 * classified again. */
static bool cut_changed(const struct sgn__saved *s)
{
	bool ns = false, dname = false;
	for (size_t i = 0; s->present && i < s->nrrsets; i++) {
		ns = ns || s->copy[i].v.rrset.type == SGN_TYPE_NS;
		dname = dname || s->copy[i].v.rrset.type == SGN_TYPE_DNAME;
	}
	return ns != (sgn__node_rrset(s->node, SGN_TYPE_NS) != NULL) ||
	       dname != (sgn__node_rrset(s->node, SGN_TYPE_DNAME) != NULL);
}

static sgn_err_t reclassify(struct sgn__repair *r, size_t nsaved)
{
	sgn_zone_t *z = r->zone;
	for (size_t i = 0; i < nsaved; i++) {
		const struct sgn__saved *s = &r->txn->saved[i];
		bool found;
		size_t pos = sgn__zone_pos(z, s->node->name, &found);
		if (!found || z->nodes[pos] != s->node) {
			continue;
		}
		size_t end = cut_changed(s) ? sgn__zone_subtree_end(z, pos) : pos + 1;
		for (size_t k = pos + 1; k < end; k++) {
			sgn_err_t err = sgn__txn_save(r->txn, z->nodes[k]);
			if (err != SGN_OK) {
				return err;
			}
		}
		sgn__zone_classify_range(z, pos, end);
	}
	return SGN_OK;
}

/* Opt-out: an empty non-terminal needs an NSEC3 while a secure name lies below it. Walk up
 * from every saved name through the empty non-terminals above it. */
static sgn_err_t mark_ents(struct sgn__repair *r, size_t nsaved)
{
	sgn_zone_t *z = r->zone;
	for (size_t i = 0; i < nsaved; i++) {
		const uint8_t *name = r->txn->saved[i].node->name;
		for (unsigned up = 0; !sgn_name_equal(sgn_name_strip(name, up), z->apex); up++) {
			bool found;
			size_t pos = sgn__zone_pos(z, sgn_name_strip(name, up), &found);
			sgn_node_t *n = found ? z->nodes[pos] : NULL;
			if (n == NULL) {
				continue; /* the saved name itself, removed */
			}
			if (n->kind != SGN_NODE_EMPTY) {
				if (up > 0) {
					break;
				}
				continue;
			}
			uint8_t want = sgn__zone_secure_below(z, pos) ? SGN__NODE_HAS_SECURE_BELOW : 0;
			if ((n->flags & SGN__NODE_HAS_SECURE_BELOW) != want) {
				sgn_err_t err = sgn__txn_save(r->txn, n);
				if (err != SGN_OK) {
					return err;
				}
				n->flags = (uint8_t)((n->flags & ~SGN__NODE_HAS_SECURE_BELOW) | want);
			}
		}
	}
	return SGN_OK;
}

sgn_err_t sgn__repair_names(struct sgn__repair *r, const struct sgn__stage *st)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < st->nnames; i++) {
		err = commit_name(r, st, st->names[i]);
	}
	/* Names that lost their data, in the order saved (pruning saves more). */
	size_t n = r->txn->nsaved;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		sgn_node_t *node = r->txn->saved[i].node;
		if (in_tree(r->zone, node)) {
			err = prune(r, node);
		}
	}
	if (err == SGN_OK) {
		err = reclassify(r, r->txn->nsaved);
	}
	if (err == SGN_OK && r->denial == SGN_DENIAL_NSEC3 && r->p.opt_out) {
		err = mark_ents(r, r->txn->nsaved);
	}
	return err;
}

/* -- the NSEC chain -- */

static size_t next_wanted(const sgn_zone_t *z, size_t pos)
{
	size_t j = pos + 1;
	while (j < z->nnodes && !sgn__nsec_wanted(z->nodes[j])) {
		j++;
	}
	return j < z->nnodes ? j : 0; /* round to the apex */
}

/* The NSEC of nodes[pos]: made, changed or dropped as the node now stands. */
static sgn_err_t rebuild(struct sgn__repair *r, size_t pos)
{
	sgn_zone_t *z = r->zone;
	sgn_node_t *node = z->nodes[pos];
	const struct sgn__zrrset *old = sgn__node_rrset(node, SGN_TYPE_NSEC);
	const sgn_rdata_t *old_rd = old != NULL ? old->v.rrset.rdata : NULL;
	bool wanted = sgn__nsec_wanted(node);
	if (!wanted && old == NULL) {
		return SGN_OK;
	}
	sgn_err_t err = sgn__txn_save(r->txn, node);
	if (err == SGN_OK && !wanted) {
		sgn__node_drop_rrset(node, SGN_TYPE_NSEC);
		r->denial_changed++;
		return SGN_OK;
	}
	if (err == SGN_OK) {
		err = sgn__nsec_put(node, z->nodes[next_wanted(z, pos)], r->denial_ttl, &z->arena, &r->sc);
	}
	const struct sgn__zrrset *now = sgn__node_rrset(node, SGN_TYPE_NSEC);
	if (err == SGN_OK && (old_rd == NULL || now == NULL || now->v.rrset.rdata != old_rd)) {
		r->denial_changed++;
	}
	return err;
}

/* The NSEC before place @p pos (which may have just changed): its next name may differ. */
static sgn_err_t rebuild_before(struct sgn__repair *r, size_t pos)
{
	const sgn_zone_t *z = r->zone;
	if (pos == 0) {
		return SGN_OK; /* the last NSEC points at the apex, whatever the apex holds */
	}
	size_t j = pos;
	do {
		j--;
	} while (j > 0 && !sgn__nsec_wanted(z->nodes[j]));
	return rebuild(r, j);
}

sgn_err_t sgn__repair_nsec(struct sgn__repair *r)
{
	sgn_zone_t *z = r->zone;
	sgn_err_t err = SGN_OK;
	if (r->ttl_changed) {
		for (size_t i = 0; err == SGN_OK && i < z->nnodes; i++) {
			err = rebuild(r, i);
		}
		return err;
	}
	size_t n = r->txn->nsaved;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		const sgn_node_t *node = r->txn->saved[i].node;
		bool found;
		if (node->kind == SGN_NODE_NSEC3) {
			continue;
		}
		size_t pos = sgn__zone_pos(z, node->name, &found);
		if (found && z->nodes[pos] == node) {
			err = rebuild(r, pos);
		}
		if (err == SGN_OK) {
			err = rebuild_before(r, pos);
		}
	}
	return err;
}
