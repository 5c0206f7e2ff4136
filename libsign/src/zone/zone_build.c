/* SPDX-License-Identifier: MIT */
/* Building the zone model after loading: the apex, NSEC3 owners set apart, empty
 * non-terminals, canonical order, RRsets with their RRSIGs, classification of every name,
 * and the content rules a zone must satisfy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "../wire/rdesc.h"
#include "zone_internal.h"

/* -- canonical order -- */

size_t sgn__name_sort_key(const uint8_t *name, uint8_t *key)
{
	uint8_t off[128];
	unsigned n = 0;
	for (unsigned i = 0; name[i] != 0 && n < 128; i += 1u + name[i]) {
		off[n++] = (uint8_t)i;
	}
	size_t k = 0;
	while (n > 0) {
		const uint8_t *l = name + off[--n];
		for (unsigned i = 1; i <= l[0]; i++) {
			uint8_t c = l[i];
			/* 0x00 ends a label; 0x00 and 0x01 inside one become 0x01 0x00/0x01 0x01,
			 * which keeps byte order and makes a shorter label sort first. */
			if (c <= 1) {
				key[k++] = 1;
			}
			key[k++] = c;
		}
		key[k++] = 0;
	}
	return k;
}

int sgn__node_cmp(const void *a, const void *b)
{
	const sgn_node_t *x = *(sgn_node_t *const *)a, *y = *(sgn_node_t *const *)b;
	return sgn_name_compare(x->name, y->name);
}

struct keyed {
	const uint8_t *key;
	size_t len;
	sgn_node_t *node;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

sgn_err_t sgn__nodes_sort(sgn_node_t **nodes, size_t n)
{
	if (n < 2) {
		return SGN_OK;
	}
	struct keyed *k = malloc(n * sizeof(*k));
	sgn__arena_t keys;
	sgn__arena_init(&keys, 1024 * 1024);
	sgn_err_t err = k != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		uint8_t buf[2 * SGN_NAME_MAX];
		k[i].len = sgn__name_sort_key(nodes[i]->name, buf);
		k[i].key = sgn__arena_dup(&keys, buf, k[i].len);
		k[i].node = nodes[i];
		if (k[i].key == NULL) {
			err = SGN_ENOMEM;
		}
	}
	if (err == SGN_OK) {
		qsort(k, n, sizeof(*k), keyed_cmp);
		for (size_t i = 0; i < n; i++) {
			nodes[i] = k[i].node;
		}
	}
	sgn__arena_release(&keys);
	free(k);
	return err;
}

/* -- RRsets from entries -- */

static uint16_t covered_type(const struct sgn__rr_entry *e)
{
	return e->rdlen >= 2 ? sgn__get16(e->rdata) : 0;
}

/* Entries sort by type, then (RRSIGs) type covered, then RDATA. */
static int entry_cmp(const void *a, const void *b)
{
	const struct sgn__rr_entry *x = *(struct sgn__rr_entry *const *)a;
	const struct sgn__rr_entry *y = *(struct sgn__rr_entry *const *)b;
	if (x->type != y->type) {
		return x->type < y->type ? -1 : 1;
	}
	if (x->type == SGN_TYPE_RRSIG && covered_type(x) != covered_type(y)) {
		return covered_type(x) < covered_type(y) ? -1 : 1;
	}
	return sgn_rdata_compare(x->rdata, x->rdlen, y->rdata, y->rdlen);
}

struct build_ctx {
	sgn_zone_t *z;
	const sgn_zone_opts_t *opts;
	sgn_diag_t *diag;
	struct sgn__rr_entry **tmp;
	size_t tmpcap;
};

static const char *file_of(const struct build_ctx *b, uint16_t idx)
{
	return idx < b->z->nfiles ? b->z->files[idx] : "";
}

static void warn(const struct build_ctx *b, uint16_t file, unsigned long line, const char *msg)
{
	if (b->opts->warn != NULL) {
		b->opts->warn(b->opts->warn_ctx, file_of(b, file), line, msg);
	}
}

/* Turn entries [i, j) of one type into the RRset at @p slot. */
static sgn_err_t make_rrset(struct build_ctx *b, sgn_node_t *node, struct sgn__rr_entry **e,
                            size_t n, struct sgn__zrrset *slot)
{
	sgn_rdata_t *rd = sgn__arena_alloc(&b->z->arena, n * sizeof(*rd));
	if (rd == NULL) {
		return SGN_ENOMEM;
	}
	const struct sgn__rr_entry *first = e[0];
	for (size_t i = 0; i < n; i++) {
		rd[i].data = e[i]->rdata;
		rd[i].len = e[i]->rdlen;
		if (e[i]->line < first->line) {
			first = e[i];
		}
	}
	size_t count = n;
	sgn_rdata_sort_unique(rd, &count);
	for (size_t i = 0; i < n; i++) {
		if (e[i]->ttl != first->ttl) {
			char msg[128], tb[SGN_TYPE_STR_MAX];
			snprintf(msg, sizeof(msg), "TTL %u differs from %u in the same %s RRset; using %u",
			         e[i]->ttl, first->ttl, sgn_type_to_str(tb, e[i]->type),
			                                                first->ttl);
			warn(b, e[i]->file, e[i]->line, msg);
		}
	}
	memset(slot, 0, sizeof(*slot));
	slot->v.rrset.owner = node->name;
	slot->v.rrset.type = first->type;
	slot->v.rrset.rclass = SGN_CLASS_IN;
	slot->v.rrset.ttl = first->ttl;
	slot->v.rrset.count = count;
	slot->v.rrset.rdata = rd;
	slot->v.line = first->line;
	return SGN_OK;
}

/* Hang RRSIG entries [0, n) (sorted by covered type) on the RRsets they cover; RRSIGs for
 * an absent type form a pseudo RRset of type RRSIG so that verify can report them. */
static sgn_err_t attach_sigs(struct build_ctx *b, sgn_node_t *node, struct sgn__rr_entry **e,
                             size_t n, struct sgn__zrrset *orphans)
{
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && covered_type(e[j]) == covered_type(e[i])) {
			j++;
		}
		struct sgn__zrrset *target = sgn__node_rrset(node, covered_type(e[i]));
		if (target == NULL || covered_type(e[i]) == SGN_TYPE_RRSIG) {
			target = orphans;
		}
		size_t have = target->v.sig_count;
		sgn_rdata_t *sigs = sgn__arena_alloc(&b->z->arena, (have + j - i) * sizeof(*sigs));
		if (sigs == NULL) {
			return SGN_ENOMEM;
		}
		if (have > 0) {
			memcpy(sigs, target->v.sigs, have * sizeof(*sigs));
		}
		for (size_t k = i; k < j; k++) {
			sigs[have + k - i].data = e[k]->rdata;
			sigs[have + k - i].len = e[k]->rdlen;
		}
		size_t count = have + j - i;
		sgn_rdata_sort_unique(sigs, &count);
		target->v.sigs = sigs;
		target->v.sig_count = count;
		i = j;
	}
	return SGN_OK;
}

static sgn_err_t build_node(struct build_ctx *b, sgn_node_t *node)
{
	size_t n = 0;
	for (struct sgn__rr_entry *e = node->entries; e != NULL; e = e->next) {
		if (sgn__grow(&b->tmp, &b->tmpcap, n + 1, sizeof(*b->tmp), 64) != SGN_OK) {
			return SGN_ENOMEM;
		}
		b->tmp[n++] = e;
	}
	if (n == 0) {
		return SGN_OK;
	}
	qsort(b->tmp, n, sizeof(*b->tmp), entry_cmp);
	size_t ntypes = 0, sig_start = n, sig_end = n;
	for (size_t i = 0; i < n; i++) {
		if (b->tmp[i]->type == SGN_TYPE_RRSIG) {
			if (sig_start == n) {
				sig_start = i;
			}
			sig_end = i + 1;
		} else if (i == 0 || b->tmp[i]->type != b->tmp[i - 1]->type) {
			ntypes++;
		}
	}
	/* No room to spare: most nodes never get another RRset, and a node array is the
	 * biggest part of the model. Adding one moves the array (sgn__node_put_rrset). */
	node->cap = (uint16_t)(ntypes > 0 ? ntypes : 1);
	node->rrsets = sgn__arena_alloc(&b->z->arena, node->cap * sizeof(*node->rrsets));
	if (node->rrsets == NULL) {
		return SGN_ENOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && b->tmp[j]->type == b->tmp[i]->type) {
			j++;
		}
		if (b->tmp[i]->type != SGN_TYPE_RRSIG) {
			sgn_err_t err = make_rrset(b, node, b->tmp + i, j - i, &node->rrsets[k++]);
			if (err != SGN_OK) {
				return err;
			}
		}
		i = j;
	}
	node->nrrsets = (uint16_t)k;
	/* RRSIGs sort between types 46 and 47, so the RRset array is not yet complete when
	 * they come up: attach them after all RRsets exist. */
	struct sgn__zrrset orphans;
	memset(&orphans, 0, sizeof(orphans));
	sgn_err_t err = attach_sigs(b, node, b->tmp + sig_start, sig_end - sig_start, &orphans);
	if (err == SGN_OK && orphans.v.sig_count > 0) {
		struct sgn__zrrset *slot = sgn__node_put_rrset(node, SGN_TYPE_RRSIG, &b->z->arena);
		if (slot == NULL) {
			return SGN_ENOMEM;
		}
		const struct sgn__rr_entry *first = b->tmp[sig_start];
		slot->v.rrset.ttl = first->ttl;
		slot->v.rrset.count = orphans.v.sig_count;
		slot->v.rrset.rdata = orphans.v.sigs;
		slot->v.line = first->line;
	}
	return err;
}

/* -- content rules -- */

/* "<before>'<name>'<after>" at the node's (or the given) line. */
static sgn_err_t zone_error(const struct build_ctx *b, const sgn_node_t *node,
                            unsigned long line, const char *before, const char *after)
{
	char name[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(name, sizeof(name), node->name) != SGN_OK) {
		snprintf(name, sizeof(name), "?");
	}
	return sgn_diag_set(b->diag, SGN_EZONE, file_of(b, node->file), line != 0 ? line : node->line,
	                    "%s'%s'%s", before, name, after);
}

static void zone_warn(const struct build_ctx *b, const sgn_node_t *node, const char *before,
                      const char *after)
{
	char name[SGN_NAME_STR_MAX], msg[SGN_NAME_STR_MAX + 128];
	if (sgn_name_to_str(name, sizeof(name), node->name) != SGN_OK) {
		snprintf(name, sizeof(name), "?");
	}
	snprintf(msg, sizeof(msg), "%s'%s'%s", before, name, after);
	warn(b, node->file, node->line, msg);
}

/* RFC 1034 §3.6.2, RFC 2181 §10.1, RFC 6672 §2.4, RFC 4035 §2.4: rules per name. */
static sgn_err_t check_node(const struct build_ctx *b, const sgn_node_t *node)
{
	bool apex = node == b->z->apex_node;
	const struct sgn__zrrset *cname = sgn__node_rrset(node, SGN_TYPE_CNAME);
	const struct sgn__zrrset *dname = sgn__node_rrset(node, SGN_TYPE_DNAME);
	const struct sgn__zrrset *soa = sgn__node_rrset(node, SGN_TYPE_SOA);
	if (soa != NULL && !apex) {
		return zone_error(b, node, soa->v.line, "SOA record at ", ", which is not the apex");
	}
	if (apex && sgn__node_rrset(node, SGN_TYPE_DS) != NULL) {
		return zone_error(b, node, sgn__node_rrset(node, SGN_TYPE_DS)->v.line,
		                  "DS record at the zone apex ", " (DS belongs in the parent zone)");
	}
	if (cname != NULL) {
		if (cname->v.rrset.count > 1) {
			return zone_error(b, node, cname->v.line, "more than one CNAME record at ", "");
		}
		for (size_t i = 0; i < node->nrrsets; i++) {
			uint16_t t = node->rrsets[i].v.rrset.type;
			if (t != SGN_TYPE_CNAME && t != SGN_TYPE_RRSIG && t != SGN_TYPE_NSEC &&
			    t != SGN_TYPE_KEY) {
				return zone_error(b, node, cname->v.line, "CNAME and other data at ", "");
			}
		}
	}
	if (dname != NULL && dname->v.rrset.count > 1) {
		return zone_error(b, node, dname->v.line, "more than one DNAME record at ", "");
	}
	return SGN_OK;
}

/* The apex: -o, or the owner of the one SOA. Exactly one SOA, at the apex. */
static sgn_err_t find_apex(struct build_ctx *b, sgn_node_t **all, size_t n)
{
	sgn_zone_t *z = b->z;
	const sgn_node_t *soa_node = NULL;
	const struct sgn__rr_entry *soa_entry = NULL;
	unsigned long soa_line = 0;
	for (size_t i = 0; i < n; i++) {
		if (!(all[i]->flags & SGN__NODE_HAS_SOA)) {
			continue; /* no SOA entry here: its entries need not be walked */
		}
		for (const struct sgn__rr_entry *e = all[i]->entries; e != NULL; e = e->next) {
			if (e->type != SGN_TYPE_SOA) {
				continue;
			}
			/* An AXFR dump repeats the SOA at its end: identical copies are one record. */
			if (soa_node == all[i] && sgn_rdata_compare(e->rdata, e->rdlen, soa_entry->rdata,
			                                            soa_entry->rdlen) == 0) {
				continue;
			}
			if (soa_node != NULL) {
				unsigned long line = e->line > soa_line ? e->line : soa_line;
				return sgn_diag_set(b->diag, SGN_EZONE, file_of(b, e->file), line,
				                    "more than one SOA record");
			}
			soa_node = all[i];
			soa_entry = e;
			soa_line = e->line;
		}
	}
	if (soa_node == NULL) {
		return sgn_diag_set(b->diag, SGN_EZONE, z->nfiles > 0 ? z->files[0] : "", 0,
		                    "no SOA record");
	}
	if (b->opts->origin == NULL) {
		memcpy(z->apex, soa_node->name, soa_node->namelen);
	}
	z->apex_node = sgn__zone_lookup(z, z->apex);
	if (z->apex_node != soa_node) {
		return zone_error(b, soa_node, soa_line, "SOA record at ", ", which is not the apex");
	}
	for (size_t i = 0; i < n; i++) {
		if (!sgn_name_is_subdomain(all[i]->name, z->apex) && b->opts->skip_out_of_zone) {
			all[i]->flags |= SGN__NODE_OUT_OF_ZONE;
			zone_warn(b, all[i], "ignoring records for ", ", which is outside the zone");
		} else if (!sgn_name_is_subdomain(all[i]->name, z->apex)) {
			char apex[SGN_NAME_STR_MAX], after[SGN_NAME_STR_MAX + 32];
			if (sgn_name_to_str(apex, sizeof(apex), z->apex) != SGN_OK) {
				apex[0] = '\0';
			}
			snprintf(after, sizeof(after), " is outside the zone '%s'", apex);
			return zone_error(b, all[i], 0, "record for ", after);
		}
	}
	return SGN_OK;
}

/* Empty non-terminals: every missing name between a node and the apex. */
static sgn_err_t add_empty_nonterminals(sgn_zone_t *z, sgn_node_t **all, size_t n)
{
	unsigned apex_labels = sgn_name_labels(z->apex);
	for (size_t i = 0; i < n; i++) {
		unsigned labels = sgn_name_labels(all[i]->name);
		for (unsigned up = 1; labels - up > apex_labels; up++) {
			const uint8_t *parent = sgn_name_strip(all[i]->name, up);
			if (sgn__zone_lookup(z, parent) != NULL) {
				break;
			}
			sgn_node_t *ent;
			sgn_err_t err = sgn__zone_intern(z, parent, &ent);
			if (err != SGN_OK) {
				return err;
			}
			ent->kind = SGN_NODE_EMPTY;
		}
	}
	return SGN_OK;
}

/* Mark empty non-terminals above names that need an NSEC3 record even with opt-out
 * (RFC 5155 §7.1): authoritative data and secure delegations. */
static void mark_secure_below(sgn_zone_t *z)
{
	unsigned apex_labels = sgn_name_labels(z->apex);
	for (size_t i = 0; i < z->nnodes; i++) {
		const sgn_node_t *node = z->nodes[i];
		bool secure = node->kind == SGN_NODE_AUTH ||
		              (node->kind == SGN_NODE_DELEGATION &&
		               sgn__node_rrset(node, SGN_TYPE_DS) != NULL);
		if (!secure) {
			continue;
		}
		unsigned labels = sgn_name_labels(node->name);
		for (unsigned up = 1; labels - up > apex_labels; up++) {
			sgn_node_t *p = sgn__zone_lookup(z, sgn_name_strip(node->name, up));
			if (p == NULL || p->kind != SGN_NODE_EMPTY ||
			    (p->flags & SGN__NODE_HAS_SECURE_BELOW)) {
				break;
			}
			p->flags |= SGN__NODE_HAS_SECURE_BELOW;
		}
	}
}

/* Every node of a table, in an array (unsorted). */
static sgn_node_t **table_nodes(const struct sgn__ntable *t, size_t *n)
{
	sgn_node_t **all = malloc((t->used + 1) * sizeof(*all));
	*n = 0;
	for (size_t i = 0; all != NULL && i < t->size; i++) {
		if (t->slots[i] != NULL && !(t->slots[i]->flags & SGN__NODE_OUT_OF_ZONE)) {
			all[(*n)++] = t->slots[i];
		}
	}
	return all;
}

/* The in-zone names in the order they were first met (the table's when that order was
 * not kept whole). */
static sgn_node_t **seq_nodes(const sgn_zone_t *z, size_t *n)
{
	size_t in_table = 0;
	sgn_node_t **all = table_nodes(&z->names, &in_table);
	size_t k = 0;
	for (size_t i = 0; all != NULL && i < z->nseq; i++) {
		if (!(z->seq[i]->flags & SGN__NODE_OUT_OF_ZONE) && k < in_table) {
			all[k++] = z->seq[i];
		}
	}
	if (all != NULL && k != in_table) { /* a name entered another way: the table's order */
		free(all);
		all = table_nodes(&z->names, &k);
	}
	*n = k;
	return all;
}

/* Canonical order, faster when most of it is there already (zone files mostly list names
 * in order; empty non-terminals come last): the longest sorted prefix stays, the rest is
 * sorted and merged in. */
static sgn_err_t sort_hinted(sgn_node_t **nodes, size_t n)
{
	size_t p = 1;
	while (p < n && sgn_name_compare(nodes[p - 1]->name, nodes[p]->name) < 0) {
		p++;
	}
	if (p >= n) {
		return SGN_OK;
	}
	sgn_err_t err = sgn__nodes_sort(nodes + p, n - p);
	sgn_node_t **tmp = err == SGN_OK ? malloc(n * sizeof(*tmp)) : NULL;
	if (err == SGN_OK && tmp == NULL) {
		err = SGN_ENOMEM;
	}
	for (size_t i = 0, j = p, k = 0; err == SGN_OK && k < n; k++) {
		bool left = j >= n || (i < p && sgn_name_compare(nodes[i]->name, nodes[j]->name) < 0);
		tmp[k] = left ? nodes[i++] : nodes[j++];
	}
	if (err == SGN_OK) {
		memcpy(nodes, tmp, n * sizeof(*nodes));
	}
	free(tmp);
	return err;
}

static sgn_err_t build_nsec3_owners(struct build_ctx *b)
{
	sgn_zone_t *z = b->z;
	size_t n;
	sgn_node_t **n3 = table_nodes(&z->n3, &n);
	sgn_err_t err = n3 != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (!sgn_name_is_subdomain(n3[i]->name, z->apex)) {
			n3[i]->flags |= SGN__NODE_OUT_OF_ZONE; /* outside: ignored like other data */
			continue;
		}
		err = build_node(b, n3[i]);
		z->n3nodes[z->nn3++] = n3[i];
	}
	free(n3);
	return err == SGN_OK ? sgn__nodes_sort(z->n3nodes, z->nn3) : err;
}

/* A partial zone has the apex it was made with; pieces outside it are ignored. */
static sgn_err_t partial_apex(struct build_ctx *b, sgn_node_t **all, size_t n)
{
	sgn_zone_t *z = b->z;
	for (size_t i = 0; i < n; i++) {
		if (!sgn_name_is_subdomain(all[i]->name, z->apex)) {
			all[i]->flags |= SGN__NODE_OUT_OF_ZONE;
		}
	}
	return sgn__zone_intern(z, z->apex, &z->apex_node);
}

sgn_err_t sgn__zone_build(sgn_zone_t *z, const sgn_zone_opts_t *opts, sgn_diag_t *diag)
{
	struct build_ctx b = { .z = z, .opts = opts, .diag = diag };
	size_t n = 0;
	sgn_node_t **all = table_nodes(&z->names, &n);
	if (all == NULL) {
		return SGN_ENOMEM;
	}
	sgn_err_t err = z->partial ? partial_apex(&b, all, n) : find_apex(&b, all, n);
	size_t kept = 0;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (!(all[i]->flags & SGN__NODE_OUT_OF_ZONE)) {
			all[kept++] = all[i];
		}
	}
	n = err == SGN_OK ? kept : n;
	/* The names first: empty non-terminals, then every name in canonical order. Sorting
	 * before any RRset is made keeps its scratch memory off the peak. */
	if (err == SGN_OK) {
		err = add_empty_nonterminals(z, all, n);
	}
	free(all);
	all = NULL;
	if (err == SGN_OK) {
		all = seq_nodes(z, &n);
		z->nodes = all;
		z->nnodes = n;
		z->nodecap = 0;
		err = all != NULL ? sort_hinted(z->nodes, z->nnodes) : SGN_ENOMEM;
	}
	free(z->seq);
	z->seq = NULL;
	z->nseq = z->seqcap = 0;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		err = build_node(&b, all[i]);
	}
	for (size_t i = 0; err == SGN_OK && !z->partial && i < n; i++) {
		err = check_node(&b, all[i]);
	}
	if (err == SGN_OK && !z->partial && sgn__node_rrset(z->apex_node, SGN_TYPE_NS) == NULL) {
		err = zone_error(&b, z->apex_node, 0, "no NS records at the zone apex ", "");
	}
	if (err == SGN_OK) {
		z->n3nodes = malloc((z->n3.used + 1) * sizeof(*z->n3nodes));
		z->n3cap = 0;
		err = z->n3nodes != NULL ? SGN_OK : SGN_ENOMEM;
	}
	if (err == SGN_OK) {
		err = build_nsec3_owners(&b);
	}
	if (err == SGN_OK) {
		sgn__zone_classify_range(z, 0, z->nnodes);
		mark_secure_below(z);
	}
	free(b.tmp);
	return err;
}
