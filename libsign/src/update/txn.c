/* SPDX-License-Identifier: MIT */
/* One change set's transaction: each node's state (RRsets, class, flags) kept before it
 * first changes, names added and removed logged, so that a failed change set is undone
 * exactly, and the difference (old records against new, signatures and denial records
 * included) can be written as IXFR text. Node memory lives in the zone's arena and is never
 * freed, so a kept state stays valid however the node changes afterwards. */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "upd.h"

void sgn__txn_init(struct sgn__txn *t, sgn_zone_t *zone, bool opt_out)
{
	memset(t, 0, sizeof(*t));
	t->zone = zone;
	t->opt_out = opt_out;
	sgn__arena_init(&t->arena, 64 * 1024);
}

void sgn__txn_release(struct sgn__txn *t)
{
	sgn__arena_release(&t->arena);
	free(t->saved);
	free(t->log);
	t->saved = NULL;
	t->log = NULL;
	t->nsaved = t->nlog = t->savedcap = t->logcap = 0;
}

static sgn_err_t log_op(struct sgn__txn *t, enum sgn__txn_op op, sgn_node_t *node, size_t saved)
{
	if (sgn__grow(&t->log, &t->logcap, t->nlog + 1, sizeof(*t->log), 64) != SGN_OK) {
		return SGN_ENOMEM;
	}
	t->log[t->nlog++] = (struct sgn__txn_entry){ .op = (uint8_t)op, .saved = saved, .node = node };
	return SGN_OK;
}

static sgn_err_t save(struct sgn__txn *t, sgn_node_t *node, bool present)
{
	if (node->flags & SGN__NODE_SAVED) {
		return SGN_OK;
	}
	if (sgn__grow(&t->saved, &t->savedcap, t->nsaved + 1, sizeof(*t->saved), 64) != SGN_OK) {
		return SGN_ENOMEM;
	}
	struct sgn__saved *s = &t->saved[t->nsaved];
	memset(s, 0, sizeof(*s));
	s->node = node;
	s->rrsets = node->rrsets;
	s->nrrsets = node->nrrsets;
	s->cap = node->cap;
	s->kind = node->kind;
	s->flags = node->flags;
	s->present = present;
	if (node->nrrsets > 0) {
		s->copy = sgn__arena_dup(&t->arena, node->rrsets, node->nrrsets * sizeof(*node->rrsets));
		if (s->copy == NULL) {
			return SGN_ENOMEM;
		}
	}
	if (present && node->kind != SGN_NODE_NSEC3) {
		s->nsec_before = sgn__nsec_wanted(node);
		s->nsec3_before = sgn__nsec3_wanted(node, t->opt_out);
	}
	sgn_err_t err = log_op(t, SGN__TXN_SAVED, node, t->nsaved);
	if (err == SGN_OK) {
		t->nsaved++;
		node->flags |= SGN__NODE_SAVED;
	}
	return err;
}

sgn_err_t sgn__txn_save(struct sgn__txn *t, sgn_node_t *node)
{
	return save(t, node, true);
}

sgn_err_t sgn__txn_insert(struct sgn__txn *t, const uint8_t *name, bool n3, sgn_node_t **out)
{
	sgn_err_t err = n3 ? sgn__zone_n3_insert(t->zone, name, out)
	                   : sgn__zone_insert(t->zone, name, out);
	if (err == SGN_OK && (err = log_op(t, SGN__TXN_INSERTED, *out, 0)) != SGN_OK) {
		sgn__zone_remove(t->zone, *out);
	}
	return err == SGN_OK ? save(t, *out, false) : err;
}

sgn_err_t sgn__txn_remove(struct sgn__txn *t, sgn_node_t *node)
{
	sgn_err_t err = save(t, node, true);
	if (err == SGN_OK) {
		err = log_op(t, SGN__TXN_REMOVED, node, 0);
	}
	if (err == SGN_OK) {
		node->nrrsets = 0;
		sgn__zone_remove(t->zone, node);
	}
	return err;
}

void sgn__txn_undo(struct sgn__txn *t)
{
	for (size_t i = t->nlog; i-- > 0;) {
		const struct sgn__txn_entry *e = &t->log[i];
		if (e->op == SGN__TXN_INSERTED) {
			sgn__zone_remove(t->zone, e->node);
		} else if (e->op == SGN__TXN_REMOVED) {
			/* The arrays only shrank since: putting it back needs no more memory than
			 * they had, which realloc gives back in place. */
			(void)sgn__zone_reinsert(t->zone, e->node);
		} else {
			const struct sgn__saved *s = &t->saved[e->saved];
			sgn_node_t *n = s->node;
			n->rrsets = s->rrsets;
			if (s->nrrsets > 0) {
				memcpy(n->rrsets, s->copy, s->nrrsets * sizeof(*n->rrsets));
			}
			n->nrrsets = s->nrrsets;
			n->cap = s->cap;
			n->kind = s->kind;
			n->flags = s->flags;
		}
	}
	t->nlog = 0;
	t->nsaved = 0;
}

void sgn__txn_commit(struct sgn__txn *t)
{
	for (size_t i = 0; i < t->nsaved; i++) {
		t->saved[i].node->flags &= (uint8_t)~SGN__NODE_SAVED;
	}
}

/* -- the difference -- */

/* One record of a node, for comparing its old and new states. */
struct jrr {
	uint16_t type;  /* RRSIG for signatures */
	uint32_t ttl;
	const sgn_rdata_t *rd;
};

static int jrr_cmp(const void *a, const void *b)
{
	const struct jrr *x = a, *y = b;
	if (x->type != y->type) {
		return x->type < y->type ? -1 : 1;
	}
	if (x->ttl != y->ttl) {
		return x->ttl < y->ttl ? -1 : 1;
	}
	return sgn_rdata_compare(x->rd->data, x->rd->len, y->rd->data, y->rd->len);
}

/* Every record of an RRset array but the SOA (the difference frames itself with it). */
static sgn_err_t collect(const struct sgn__zrrset *rs, size_t n, struct jrr **out, size_t *count)
{
	size_t total = 0, k = 0;
	for (size_t i = 0; i < n; i++) {
		total += rs[i].v.rrset.count + rs[i].v.sig_count;
	}
	*out = malloc((total + 1) * sizeof(**out));
	if (*out == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		const sgn_zone_rrset_t *v = &rs[i].v;
		for (size_t j = 0; v->rrset.type != SGN_TYPE_SOA && j < v->rrset.count; j++) {
			(*out)[k++] = (struct jrr){ v->rrset.type, v->rrset.ttl, &v->rrset.rdata[j] };
		}
		for (size_t j = 0; j < v->sig_count; j++) {
			(*out)[k++] = (struct jrr){ SGN_TYPE_RRSIG, v->rrset.ttl, &v->sigs[j] };
		}
	}
	qsort(*out, k, sizeof(**out), jrr_cmp);
	*count = k;
	return SGN_OK;
}

static sgn_err_t put_rr(sgn_buf_t *out, const char *dir, const uint8_t *owner, const struct jrr *r)
{
	sgn_rr_t rr = { .owner = owner, .type = r->type, .rclass = SGN_CLASS_IN, .ttl = r->ttl,
		        .rdlen = r->rd->len, .rdata = r->rd->data };
	sgn_err_t err = sgn__buf_puts(out, dir);
	if (err == SGN_OK) {
		err = sgn_rr_to_str(out, &rr);
	}
	return err == SGN_OK ? sgn_buf_append(out, "\n", 1) : err;
}

/* Records only in @p a go to @p out with @p dir. Both lists sorted. */
static sgn_err_t only_in(const struct jrr *a, size_t na, const struct jrr *b, size_t nb,
                         const char *dir, const uint8_t *owner, sgn_buf_t *out, size_t *nrr)
{
	size_t j = 0;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < na && err == SGN_OK; i++) {
		while (j < nb && jrr_cmp(&b[j], &a[i]) < 0) {
			j++;
		}
		if (j < nb && jrr_cmp(&b[j], &a[i]) == 0) {
			continue;
		}
		err = put_rr(out, dir, owner, &a[i]);
		(*nrr)++;
	}
	return err;
}

static int saved_cmp(const void *a, const void *b)
{
	const struct sgn__saved *x = *(const struct sgn__saved *const *)a;
	const struct sgn__saved *y = *(const struct sgn__saved *const *)b;
	return sgn_name_compare(x->node->name, y->node->name);
}

/* The saved nodes in canonical order of their names (NSEC3 owners among the others). */
static const struct sgn__saved *const *sorted_saved(const struct sgn__txn *t)
{
	const struct sgn__saved **v = malloc((t->nsaved + 1) * sizeof(*v));
	for (size_t i = 0; v != NULL && i < t->nsaved; i++) {
		v[i] = &t->saved[i];
	}
	if (v != NULL) {
		qsort(v, t->nsaved, sizeof(*v), saved_cmp);
	}
	return v;
}

static sgn_err_t soa_line(sgn_buf_t *out, const char *dir, const sgn_node_t *apex,
                          const struct sgn__zrrset *rs, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (rs[i].v.rrset.type == SGN_TYPE_SOA && rs[i].v.rrset.count == 1) {
			struct jrr r = { SGN_TYPE_SOA, rs[i].v.rrset.ttl, &rs[i].v.rrset.rdata[0] };
			return put_rr(out, dir, apex->name, &r);
		}
	}
	return SGN_EINVAL;
}

sgn_err_t sgn__txn_journal(const struct sgn__txn *t, const sgn_node_t *apex, sgn_buf_t *out,
                           size_t *nrr)
{
	const struct sgn__saved *const *v = sorted_saved(t);
	const struct sgn__saved *sa = NULL;
	sgn_buf_t adds;
	sgn_buf_init(&adds);
	sgn_err_t err = v != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; err == SGN_OK && i < t->nsaved; i++) {
		sa = v[i]->node == apex ? v[i] : sa;
	}
	*nrr = 2;
	if (err == SGN_OK) {
		err = sa != NULL ? soa_line(out, "del ", apex, sa->copy, sa->nrrsets) : SGN_EINVAL;
	}
	if (err == SGN_OK) {
		err = soa_line(&adds, "add ", apex, apex->rrsets, apex->nrrsets);
	}
	for (size_t i = 0; err == SGN_OK && i < t->nsaved; i++) {
		const struct sgn__saved *s = v[i];
		struct jrr *old = NULL, *now = NULL;
		size_t nold = 0, nnow = 0;
		err = collect(s->copy, s->present ? s->nrrsets : 0, &old, &nold);
		if (err == SGN_OK) {
			err = collect(s->node->rrsets, s->node->nrrsets, &now, &nnow);
		}
		if (err == SGN_OK) {
			err = only_in(old, nold, now, nnow, "del ", s->node->name, out, nrr);
		}
		if (err == SGN_OK) {
			err = only_in(now, nnow, old, nold, "add ", s->node->name, &adds, nrr);
		}
		free(old);
		free(now);
	}
	if (err == SGN_OK) {
		err = sgn_buf_append(out, adds.data, adds.len);
	}
	if (err == SGN_OK && (err = sgn_buf_reserve(out, 1)) == SGN_OK) {
		out->data[out->len] = '\0'; /* text: NUL-terminated, the NUL not counted */
	}
	sgn_buf_release(&adds);
	free((void *)v);
	return err;
}
