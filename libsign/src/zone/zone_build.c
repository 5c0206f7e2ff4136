/* SPDX-License-Identifier: MIT */
/* Building the zone model after loading: the apex, NSEC3 owners set apart, empty
 * non-terminals, canonical order, RRsets with their RRSIGs, classification of every name,
 * and the content rules a zone must satisfy. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "../pool/pool.h"
#include "zone_internal.h"

struct build_ctx {
	sgn_zone_t *z;
	const sgn_zone_opts_t *opts;
	sgn_diag_t *diag;
	size_t apexlen; /* of z->apex, once known */
	unsigned threads;
};

static sgn_err_t zone_error(const struct build_ctx *b, const sgn_node_t *node,
                            unsigned long line, const char *before, const char *after)
{
	return sgn__zone_name_error(b->z, b->diag, node, line, before, after);
}

/* -- the whole zone -- */

static void zone_warn(const struct build_ctx *b, const sgn_node_t *node, const char *before,
                      const char *after)
{
	char name[SGN_NAME_STR_MAX], msg[SGN_NAME_STR_MAX + 128];
	if (sgn_name_to_str(name, sizeof(name), node->name) != SGN_OK) {
		snprintf(name, sizeof(name), "?");
	}
	snprintf(msg, sizeof(msg), "%s'%s'%s", before, name, after);
	if (b->opts->warn != NULL) {
		b->opts->warn(b->opts->warn_ctx, sgn__zone_file(b->z, node->file), node->line, msg);
	}
}

/* sgn_name_is_subdomain(node->name, z->apex) for the canonical names of the model: the
 * apex's bytes end the name, from a label's start. */
static bool in_zone(const struct build_ctx *b, const sgn_node_t *node)
{
	size_t off = node->namelen - b->apexlen, i = 0;
	if (node->namelen < b->apexlen || memcmp(node->name + off, b->z->apex, b->apexlen) != 0) {
		return false;
	}
	while (i < off) {
		i += 1u + node->name[i];
	}
	return i == off;
}

/* Once the apex is known, every name is looked at on the pool: one outside the zone is
 * marked so, one whose parent name is missing gets SGN__NODE_MARK for
 * add_empty_nonterminals (most names have their parent, so the serial part is short).
 * Only the names' own flags are written; the table is only read. */
struct survey {
	const struct build_ctx *b;
	sgn_node_t **all;
	unsigned apex_labels;
};

static void survey_range(void *ctx, size_t lo, size_t hi)
{
	const struct survey *s = ctx;
	for (size_t i = lo; i < hi; i++) {
		sgn_node_t *node = s->all[i];
		if (!in_zone(s->b, node)) {
			node->flags |= SGN__NODE_OUT_OF_ZONE;
		} else if (sgn_name_labels(node->name) - 1 > s->apex_labels &&
		           sgn__zone_lookup(s->b->z, sgn_name_strip(node->name, 1)) == NULL) {
			node->flags |= SGN__NODE_MARK;
		}
	}
}

static sgn_err_t survey(const struct build_ctx *b, sgn_node_t **all, size_t n)
{
	struct survey s = { b, all, sgn_name_labels(b->z->apex) };
	return sgn__zone_for_ranges(b->threads, n, survey_range, &s);
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
				return sgn_diag_set(b->diag, SGN_EZONE, sgn__zone_file(z, e->file), line,
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
	b->apexlen = z->apex_node->namelen;
	sgn_err_t err = survey(b, all, n);
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (!(all[i]->flags & SGN__NODE_OUT_OF_ZONE)) {
			continue;
		}
		if (b->opts->skip_out_of_zone) {
			zone_warn(b, all[i], "ignoring records for ", ", which is outside the zone");
		} else {
			char apex[SGN_NAME_STR_MAX], after[SGN_NAME_STR_MAX + 32];
			if (sgn_name_to_str(apex, sizeof(apex), z->apex) != SGN_OK) {
				apex[0] = '\0';
			}
			snprintf(after, sizeof(after), " is outside the zone '%s'", apex);
			return zone_error(b, all[i], 0, "record for ", after);
		}
	}
	return err;
}

/* Empty non-terminals: every missing name between a node and the apex. Only names the
 * survey marked have a missing parent; one made for an earlier name is found here. */
static sgn_err_t add_empty_nonterminals(sgn_zone_t *z, sgn_node_t **all, size_t n)
{
	unsigned apex_labels = sgn_name_labels(z->apex);
	for (size_t i = 0; i < n; i++) {
		if (!(all[i]->flags & SGN__NODE_MARK)) {
			continue;
		}
		all[i]->flags &= (uint8_t)~SGN__NODE_MARK;
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

/* The in-zone nodes of a table into @p all (unsorted); returns how many. */
static size_t table_put(const struct sgn__ntable *t, sgn_node_t **all)
{
	size_t n = 0;
	for (size_t i = 0; i < t->size; i++) {
		if (t->slots[i] != NULL && !(t->slots[i]->flags & SGN__NODE_OUT_OF_ZONE)) {
			all[n++] = t->slots[i];
		}
	}
	return n;
}

/* Every in-zone node of a table, in an array (unsorted). */
static sgn_node_t **table_nodes(const struct sgn__ntable *t, size_t *n)
{
	sgn_node_t **all = malloc((t->used + 1) * sizeof(*all));
	*n = all != NULL ? table_put(t, all) : 0;
	return all;
}

/* A node left out of the zone is never built: its entries go with the store. */
static void leave_out(sgn_node_t *node)
{
	node->flags |= SGN__NODE_OUT_OF_ZONE;
	node->entries = NULL;
}

/* NSEC3 owners outside the zone are ignored like other data there. */
static void nsec3_in_zone(const struct build_ctx *b)
{
	const struct sgn__ntable *t = &b->z->n3;
	for (size_t i = 0; i < t->size; i++) {
		if (t->slots[i] != NULL && !in_zone(b, t->slots[i])) {
			leave_out(t->slots[i]);
		}
	}
}

/* The in-zone names and NSEC3 owners in the order they were first met: the order their
 * entries were stored in (the tables' order when it was not kept whole: a name entered
 * another way). */
static sgn_node_t **seq_nodes(const sgn_zone_t *z, size_t *n)
{
	sgn_node_t **all = malloc((z->names.used + z->n3.used + 1) * sizeof(*all));
	if (all == NULL) {
		return NULL;
	}
	if (z->nseq != z->names.used + z->n3.used) {
		*n = table_put(&z->names, all);
		*n += table_put(&z->n3, all + *n);
		return all;
	}
	size_t k = 0;
	for (size_t i = 0; i < z->nseq; i++) {
		if (!(z->seq[i]->flags & SGN__NODE_OUT_OF_ZONE)) {
			all[k++] = z->seq[i];
		}
	}
	*n = k;
	return all;
}

/* The built nodes apart: the name tree's stay in @p all, as z->nodes; NSEC3 owners go
 * to z->n3nodes. Then each in canonical order. */
static sgn_err_t split_and_sort(const struct build_ctx *b, sgn_node_t **all, size_t n)
{
	sgn_zone_t *z = b->z;
	z->n3nodes = malloc((z->n3.used + 1) * sizeof(*z->n3nodes));
	z->n3cap = 0;
	if (z->n3nodes == NULL) {
		free(all);
		return SGN_ENOMEM;
	}
	size_t k = 0;
	for (size_t i = 0; i < n; i++) {
		if (all[i]->kind == SGN_NODE_NSEC3) {
			z->n3nodes[z->nn3++] = all[i];
		} else {
			all[k++] = all[i];
		}
	}
	z->nodes = all;
	z->nnodes = k;
	z->nodecap = 0;
	sgn_err_t err = sgn__nodes_sort_hinted(z->nodes, z->nnodes, b->threads);
	return err == SGN_OK ? sgn__nodes_sort_hinted(z->n3nodes, z->nn3, b->threads) : err;
}

static void classify_range(void *ctx, size_t lo, size_t hi)
{
	sgn__zone_classify_range(ctx, lo, hi);
}

/* Every name classified; ranges on the pool (each looks up the cuts above its start). */
static sgn_err_t classify(const struct build_ctx *b)
{
	return sgn__zone_for_ranges(b->threads, b->z->nnodes, classify_range, b->z);
}

/* A partial zone has the apex it was made with; pieces outside it are ignored. */
static sgn_err_t partial_apex(struct build_ctx *b, sgn_node_t **all, size_t n)
{
	sgn_zone_t *z = b->z;
	b->apexlen = sgn_name_len(z->apex, SGN_NAME_MAX);
	sgn_err_t err = survey(b, all, n);
	return err == SGN_OK ? sgn__zone_intern(z, z->apex, &z->apex_node) : err;
}

sgn_err_t sgn__zone_build(sgn_zone_t *z, const sgn_zone_opts_t *opts, sgn_diag_t *diag)
{
	struct build_ctx b = { .z = z, .opts = opts, .diag = diag,
		               .threads = sgn__pool_threads(opts->threads) };
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
		} else {
			leave_out(all[i]);
		}
	}
	n = err == SGN_OK ? kept : n;
	/* The names first: empty non-terminals and the NSEC3 owners in the zone. */
	if (err == SGN_OK) {
		err = add_empty_nonterminals(z, all, n);
	}
	free(all);
	all = NULL;
	if (err == SGN_OK) {
		nsec3_in_zone(&b);
		all = seq_nodes(z, &n);
		err = all != NULL ? SGN_OK : SGN_ENOMEM;
	}
	free(z->seq);
	z->seq = NULL;
	z->nseq = z->seqcap = 0;
	/* Then the RRsets, in the order the entries were stored, so that the entries' memory
	 * goes back a block at a time while the built model grows: the peak is the larger of
	 * the two, not their sum. Then canonical order. */
	if (err == SGN_OK) {
		err = sgn__zone_build_nodes(z, opts, b.threads, all, n, !z->partial, diag);
	}
	sgn__store_release(&z->loaded);
	if (err == SGN_OK) {
		err = split_and_sort(&b, all, n);
		all = NULL;
	}
	free(all);
	if (err == SGN_OK && !z->partial && sgn__node_rrset(z->apex_node, SGN_TYPE_NS) == NULL) {
		err = zone_error(&b, z->apex_node, 0, "no NS records at the zone apex ", "");
	}
	if (err == SGN_OK) {
		err = classify(&b);
	}
	if (err == SGN_OK) {
		mark_secure_below(z);
	}
	return err;
}
