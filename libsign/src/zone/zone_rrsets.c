/* SPDX-License-Identifier: MIT */
/* A node's RRsets from the entries loaded for it, with their RRSIGs, and the content rules
 * of one name; for many nodes at once on the worker pool. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/rrset.h>

#include "../pool/pool.h"
#include "../wire/rdesc.h"
#include "zone_internal.h"

/* -- RRsets from entries -- */

/* Ranges of nodes are built on the worker pool: each worker allocates in an arena of its
 * own (merged into the zone's afterwards) and each range holds its warnings back, so that
 * they come out in node order, and notes its first node that breaks a rule, so that the
 * first error is the one a serial build reports. One range, built on the calling thread
 * straight into the zone, is the serial build. */
#define BUILD_PAR_MIN 8192      /* fewer nodes are built serially */
#define BUILD_RANGE_MIN 2048    /* nodes at least per range */
#define BUILD_RANGES_PER_THREAD 8

size_t sgn__zone_ranges(unsigned threads, size_t n)
{
	if (threads < 2 || n < BUILD_PAR_MIN) {
		return 1;
	}
	return SGN_MIN((size_t)threads * BUILD_RANGES_PER_THREAD, n / BUILD_RANGE_MIN);
}

struct for_ranges {
	sgn__range_fn fn;
	void *ctx;
	size_t n, nparts;
};

static sgn_err_t range_job(void *ctx, unsigned worker, size_t job)
{
	const struct for_ranges *r = ctx;
	SGN_UNUSED(worker);
	r->fn(r->ctx, r->n * job / r->nparts, r->n * (job + 1) / r->nparts);
	return SGN_OK;
}

sgn_err_t sgn__zone_for_ranges(unsigned threads, size_t n, sgn__range_fn fn, void *ctx)
{
	struct for_ranges r = { fn, ctx, n, sgn__zone_ranges(threads, n) };
	if (r.nparts == 1) {
		fn(ctx, 0, n);
		return SGN_OK;
	}
	return sgn__pool_run(threads, r.nparts, range_job, &r);
}

/* A warning held back until the ranges before it have given theirs. */
struct held {
	uint16_t file;
	uint32_t line;
	size_t off; /* its text in the range's text */
};

/* A range of nodes and what building it gave. */
struct part {
	size_t lo, hi;
	bool direct;         /* warnings go out at once (the serial build) */
	struct held *w;
	size_t nw, wcap;
	char *text;
	size_t tlen, tcap;
	sgn_err_t err;       /* building failed (out of memory): the build's error */
	size_t bad;          /* first node breaking a content rule; hi: none */
};

/* A worker's own memory: its arena and the scratch array of one node's entries. */
struct worker {
	sgn__arena_t own;
	sgn__arena_t *arena; /* &own, or the zone's for the serial build */
	struct sgn__rr_entry **tmp;
	size_t tmpcap;
};

struct build_ctx {
	sgn_zone_t *z;
	const sgn_zone_opts_t *opts;
	sgn_diag_t *diag;
	sgn_node_t **nodes;  /* those the pool builds */
	bool check;          /* and checks */
	struct part *parts;
	size_t nparts;
	struct worker *workers;
};

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

#define SORT_INSERTION_MAX 32

/* A node's entries into w->tmp[0, *n), sorted as qsort (a stable merge sort in glibc)
 * sorts them in the order of the list, which is file order reversed; equal entries keep
 * that order. Few entries are put in file order, mostly sorted already, and insertion
 * sorted, an equal entry going before those met earlier: the same order. */
static sgn_err_t sort_entries(struct worker *w, const sgn_node_t *node, size_t *n)
{
	size_t count = 0;
	for (const struct sgn__rr_entry *e = node->entries; e != NULL; e = e->next) {
		count++;
	}
	*n = count;
	if (sgn__grow(&w->tmp, &w->tmpcap, count, sizeof(*w->tmp), 64) != SGN_OK) {
		return SGN_ENOMEM;
	}
	struct sgn__rr_entry **t = w->tmp;
	if (count > SORT_INSERTION_MAX) {
		size_t i = 0;
		for (struct sgn__rr_entry *e = node->entries; e != NULL; e = e->next) {
			t[i++] = e;
		}
		qsort(t, count, sizeof(*t), entry_cmp);
		return SGN_OK;
	}
	size_t i = count;
	for (struct sgn__rr_entry *e = node->entries; e != NULL; e = e->next) {
		t[--i] = e;
	}
	for (i = 1; i < count; i++) {
		struct sgn__rr_entry *x = t[i];
		size_t j = i;
		while (j > 0 && entry_cmp(&t[j - 1], &x) >= 0) {
			t[j] = t[j - 1];
			j--;
		}
		t[j] = x;
	}
	return SGN_OK;
}

/* Sorted RDATA without its duplicates (sgn_rdata_sort_unique() of sorted input). */
static size_t drop_duplicates(sgn_rdata_t *rd, size_t n)
{
	size_t k = n > 0 ? 1 : 0;
	for (size_t i = 1; i < n; i++) {
		if (rd[i].len != rd[k - 1].len || memcmp(rd[i].data, rd[k - 1].data, rd[i].len) != 0) {
			rd[k++] = rd[i];
		}
	}
	return k;
}

const char *sgn__zone_file(const sgn_zone_t *z, uint16_t idx)
{
	return idx < z->nfiles ? z->files[idx] : "";
}

static void warn(const struct build_ctx *b, uint16_t file, unsigned long line, const char *msg)
{
	if (b->opts->warn != NULL) {
		b->opts->warn(b->opts->warn_ctx, sgn__zone_file(b->z, file), line, msg);
	}
}

/* A warning of a range: out at once, or held back. */
static sgn_err_t part_warn(const struct build_ctx *b, struct part *p, uint16_t file,
                           unsigned long line, const char *msg)
{
	if (p->direct || b->opts->warn == NULL) {
		warn(b, file, line, msg);
		return SGN_OK;
	}
	size_t len = strlen(msg) + 1;
	if (sgn__grow(&p->w, &p->wcap, p->nw + 1, sizeof(*p->w), 16) != SGN_OK ||
	    sgn__grow(&p->text, &p->tcap, p->tlen + len, 1, 1024) != SGN_OK) {
		return SGN_ENOMEM;
	}
	p->w[p->nw++] = (struct held){ .file = file, .line = (uint32_t)line, .off = p->tlen };
	memcpy(p->text + p->tlen, msg, len);
	p->tlen += len;
	return SGN_OK;
}

/* Turn the @p n sorted entries of one type, with their RDATA @p rd, into the RRset at
 * @p slot. */
static sgn_err_t make_rrset(const struct build_ctx *b, struct part *p, sgn_node_t *node,
                            struct sgn__rr_entry **e, sgn_rdata_t *rd, size_t n,
                            struct sgn__zrrset *slot)
{
	const struct sgn__rr_entry *first = e[0];
	for (size_t i = 0; i < n; i++) {
		if (e[i]->line < first->line) {
			first = e[i];
		}
	}
	size_t count = drop_duplicates(rd, n);
	for (size_t i = 0; i < n; i++) {
		if (e[i]->ttl != first->ttl) {
			char msg[128], tb[SGN_TYPE_STR_MAX];
			snprintf(msg, sizeof(msg), "TTL %u differs from %u in the same %s RRset; using %u",
			         e[i]->ttl, first->ttl, sgn_type_to_str(tb, e[i]->type),
			                                                first->ttl);
			if (part_warn(b, p, e[i]->file, e[i]->line, msg) != SGN_OK) {
				return SGN_ENOMEM;
			}
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

/* Hang RRSIG entries [0, n) (sorted by covered type), with their RDATA @p rd, on the
 * RRsets they cover; RRSIGs for an absent type form a pseudo RRset of type RRSIG so that
 * verify can report them. */
static sgn_err_t attach_sigs(struct worker *w, sgn_node_t *node, struct sgn__rr_entry **e,
                             sgn_rdata_t *rd, size_t n, struct sgn__zrrset *orphans)
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
		sgn_rdata_t *sigs = rd + i; /* sorted: the duplicates are all that need to go */
		if (have > 0 && (sigs = sgn__arena_alloc(w->arena, (have + j - i) * sizeof(*sigs))) == NULL) {
			return SGN_ENOMEM;
		}
		if (have > 0) {
			memcpy(sigs, target->v.sigs, have * sizeof(*sigs));
			memcpy(sigs + have, rd + i, (j - i) * sizeof(*sigs));
		}
		size_t count = have + j - i;
		if (have > 0) {
			sgn_rdata_sort_unique(sigs, &count);
		} else {
			count = drop_duplicates(sigs, count);
		}
		target->v.sigs = sigs;
		target->v.sig_count = count;
		i = j;
	}
	return SGN_OK;
}

/* Entries [0, n) are done with: told to their store a block at a time. */
static void entries_done(struct sgn__rr_entry *const *t, size_t n)
{
	for (size_t i = 0, j; i < n; i = j) {
		for (j = i + 1; j < n && sgn__store_same_block(t[i], t[j]); j++) {
		}
		sgn__store_done(t[i], j - i);
	}
}

static sgn_err_t build_rrsets(const struct build_ctx *b, struct worker *w, struct part *p,
                              sgn_node_t *node, struct sgn__rr_entry **t, size_t n)
{
	size_t ntypes = 0, sig_start = n, sig_end = n;
	for (size_t i = 0; i < n; i++) {
		if (t[i]->type == SGN_TYPE_RRSIG) {
			if (sig_start == n) {
				sig_start = i;
			}
			sig_end = i + 1;
		} else if (i == 0 || t[i]->type != t[i - 1]->type) {
			ntypes++;
		}
	}
	/* No room to spare: most nodes never get another RRset, and a node array is the
	 * biggest part of the model. Adding one moves the array (sgn__node_put_rrset). The
	 * RDATA arrays of all its RRsets follow it in one allocation, and then the RDATA
	 * itself, copied out of the entries, which are then done with. */
	node->cap = (uint16_t)(ntypes > 0 ? ntypes : 1);
	size_t head = node->cap * sizeof(*node->rrsets), bytes = 0;
	for (size_t i = 0; i < n; i++) {
		bytes += t[i]->rdlen;
	}
	uint8_t *mem = sgn__arena_alloc(w->arena, head + n * sizeof(sgn_rdata_t) + bytes);
	if (mem == NULL) {
		return SGN_ENOMEM;
	}
	node->rrsets = (struct sgn__zrrset *)(void *)mem;
	sgn_rdata_t *rd = (sgn_rdata_t *)(void *)(mem + head);
	uint8_t *data = mem + head + n * sizeof(sgn_rdata_t);
	for (size_t i = 0; i < n; i++) {
		rd[i] = (sgn_rdata_t){ .data = data, .len = t[i]->rdlen };
		memcpy(data, t[i]->rdata, t[i]->rdlen);
		data += t[i]->rdlen;
	}
	size_t k = 0;
	for (size_t i = 0; i < n;) {
		size_t j = i;
		while (j < n && t[j]->type == t[i]->type) {
			j++;
		}
		if (t[i]->type != SGN_TYPE_RRSIG) {
			sgn_err_t err = make_rrset(b, p, node, t + i, rd + i, j - i, &node->rrsets[k++]);
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
	sgn_err_t err = attach_sigs(w, node, t + sig_start, rd + sig_start, sig_end - sig_start,
	                            &orphans);
	if (err == SGN_OK && orphans.v.sig_count > 0) {
		struct sgn__zrrset *slot = sgn__node_put_rrset(node, SGN_TYPE_RRSIG, w->arena);
		if (slot == NULL) {
			return SGN_ENOMEM;
		}
		const struct sgn__rr_entry *first = t[sig_start];
		slot->v.rrset.ttl = first->ttl;
		slot->v.rrset.count = orphans.v.sig_count;
		slot->v.rrset.rdata = orphans.v.sigs;
		slot->v.line = first->line;
	}
	return err;
}

/* A node's RRsets out of its entries, which are then done with (whether or not it
 * worked: a zone that failed to build is only freed). */
static sgn_err_t build_node(const struct build_ctx *b, struct worker *w, struct part *p,
                            sgn_node_t *node)
{
	size_t n = 0;
	if (node->entries == NULL) {
		return SGN_OK;
	}
	if (sort_entries(w, node, &n) != SGN_OK) {
		return SGN_ENOMEM;
	}
	sgn_err_t err = build_rrsets(b, w, p, node, w->tmp, n);
	entries_done(w->tmp, n);
	return err;
}
/* -- rules per name -- */

sgn_err_t sgn__zone_name_error(const sgn_zone_t *z, sgn_diag_t *diag, const sgn_node_t *node,
                               unsigned long line, const char *before, const char *after)
{
	char name[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(name, sizeof(name), node->name) != SGN_OK) {
		snprintf(name, sizeof(name), "?");
	}
	return sgn_diag_set(diag, SGN_EZONE, sgn__zone_file(z, node->file),
	                    line != 0 ? line : node->line, "%s'%s'%s", before, name, after);
}

static sgn_err_t zone_error(const struct build_ctx *b, const sgn_node_t *node,
                            unsigned long line, const char *before, const char *after)
{
	return sgn__zone_name_error(b->z, b->diag, node, line, before, after);
}

/* RFC 1034 §3.6.2, RFC 2181 §10.1, RFC 6672 §2.4, RFC 4035 §2.4: rules per name. */
static sgn_err_t check_node(const struct build_ctx *b, const sgn_node_t *node)
{
	bool apex = node == b->z->apex_node;
	const struct sgn__zrrset *cname = NULL, *dname = NULL, *soa = NULL, *ds = NULL;
	for (size_t i = 0; i < node->nrrsets; i++) { /* one pass: the first of each type */
		const struct sgn__zrrset *r = &node->rrsets[i];
		uint16_t t = r->v.rrset.type;
		cname = t == SGN_TYPE_CNAME && cname == NULL ? r : cname;
		dname = t == SGN_TYPE_DNAME && dname == NULL ? r : dname;
		soa = t == SGN_TYPE_SOA && soa == NULL ? r : soa;
		ds = t == SGN_TYPE_DS && ds == NULL ? r : ds;
	}
	if (soa != NULL && !apex) {
		return zone_error(b, node, soa->v.line, "SOA record at ", ", which is not the apex");
	}
	if (apex && ds != NULL) {
		return zone_error(b, node, ds->v.line,
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

/* -- on the pool -- */

static sgn_err_t build_job(void *ctx, unsigned worker, size_t job)
{
	const struct build_ctx *b = ctx;
	struct build_ctx quiet = *b; /* checks only note where they fail: no message yet */
	quiet.diag = NULL;
	struct part *p = &b->parts[job];
	struct worker *w = &b->workers[worker];
	for (size_t i = p->lo; i < p->hi && p->err == SGN_OK; i++) {
		p->err = build_node(b, w, p, b->nodes[i]);
		if (p->err == SGN_OK && b->check && p->bad == p->hi &&
		    check_node(&quiet, b->nodes[i]) != SGN_OK) {
			p->bad = i;
		}
	}
	return SGN_OK; /* every range runs, so that the first error is found wherever it is */
}

/* The held warnings out in order, up to the first range that failed; then the first
 * node breaking a rule reports it. */
static sgn_err_t parts_finish(struct build_ctx *b)
{
	sgn_err_t err = SGN_OK;
	for (size_t k = 0; k < b->nparts && err == SGN_OK; k++) {
		const struct part *p = &b->parts[k];
		for (size_t i = 0; i < p->nw; i++) {
			warn(b, p->w[i].file, p->w[i].line, p->text + p->w[i].off);
		}
		err = p->err;
	}
	for (size_t k = 0; k < b->nparts && err == SGN_OK; k++) {
		if (b->parts[k].bad < b->parts[k].hi) {
			err = check_node(b, b->nodes[b->parts[k].bad]);
		}
	}
	return err;
}

sgn_err_t sgn__zone_build_nodes(sgn_zone_t *z, const sgn_zone_opts_t *opts, unsigned threads,
                               sgn_node_t **nodes, size_t n, bool check, sgn_diag_t *diag)
{
	struct build_ctx ctx = { .z = z, .opts = opts, .diag = diag }, *b = &ctx;
	size_t nparts = sgn__zone_ranges(threads, n);
	threads = (unsigned)SGN_MIN((size_t)threads, nparts);
	b->nodes = nodes;
	b->check = check;
	b->nparts = nparts;
	b->parts = calloc(nparts, sizeof(*b->parts));
	b->workers = calloc(threads, sizeof(*b->workers));
	sgn_err_t err = b->parts != NULL && b->workers != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t k = 0; err == SGN_OK && k < nparts; k++) {
		b->parts[k].lo = n * k / nparts;
		b->parts[k].hi = b->parts[k].bad = n * (k + 1) / nparts;
		b->parts[k].direct = threads == 1;
	}
	for (unsigned t = 0; err == SGN_OK && t < threads; t++) {
		sgn__arena_init(&b->workers[t].own, 1024 * 1024);
		b->workers[t].arena = threads == 1 ? &b->z->arena : &b->workers[t].own;
	}
	if (err == SGN_OK && threads == 1) {
		err = build_job(b, 0, 0);
	} else if (err == SGN_OK) {
		err = sgn__pool_run(threads, nparts, build_job, b);
	}
	if (err == SGN_OK) {
		err = parts_finish(b);
	}
	for (unsigned t = 0; b->workers != NULL && t < threads; t++) {
		sgn__arena_merge(&b->z->arena, &b->workers[t].own);
		free(b->workers[t].tmp);
	}
	for (size_t k = 0; b->parts != NULL && k < nparts; k++) {
		free(b->parts[k].w);
		free(b->parts[k].text);
	}
	free(b->parts);
	free(b->workers);
	return err;
}
