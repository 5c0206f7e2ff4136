/* SPDX-License-Identifier: MIT */
/* Signing the RRsets of the zone on the worker pool: for each RRset and each key that must
 * sign it, keep a good existing signature or make a new one. */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/time.h>
#include <libsign/rrsig.h>

#include "../pool/pool.h"
#include "../key/rrsig_check.h"
#include "../wire/name_internal.h"
#include "rrsig.h"
#include "signer.h"

static bool key_signs(const struct sgn__signkey *k, uint16_t type)
{
	bool key_type = type == SGN_TYPE_DNSKEY || type == SGN_TYPE_CDS || type == SGN_TYPE_CDNSKEY;
	return key_type ? k->signs_keys : k->signs_data;
}

/* Deterministic spread of expirations: a hash of owner and type picks the offset, so the
 * output does not depend on threads or runs. */
static uint32_t jitter_for(const sgn_rrset_t *rrset, uint32_t jitter)
{
	if (jitter == 0) {
		return 0;
	}
	size_t len = sgn_name_len(rrset->owner, SGN_NAME_MAX);
	uint32_t h = sgn__name_hash(rrset->owner, len) ^ (rrset->type * 2654435761u);
	h ^= h >> 16;
	return h % (jitter + 1);
}

/* Does an existing RRSIG fit this key and RRset, is it valid now and not due for a refresh?
 * Field checks only. */
static bool sig_fits(const struct sgn__signer *s, const struct sgn__signkey *k,
                     const sgn_rrset_t *rrset, const sgn_rdata_t *sig)
{
	sgn_rrsig_view_t v;
	if (sgn_rrsig_parse(&v, sig->data, sig->len) != SGN_OK || v.algorithm != k->alg ||
	    v.key_tag != k->tag || v.type_covered != rrset->type ||
	    v.original_ttl != rrset->ttl || v.labels != sgn_name_rrsig_labels(rrset->owner) ||
	    !sgn_name_equal(v.signer, s->zone->apex)) {
		return false;
	}
	int64_t now = s->pol->now;
	int cmp;
	sgn_sig_time_check(&cmp, v.inception, v.expiration, now);
	return cmp == 0 && sgn_time_from_serial(v.expiration, now) - now > (int64_t)s->pol->refresh;
}

/* Is an existing RRSIG one we may keep for this key? Cheap field checks first; then trust
 * or a full verification. */
static bool keep_sig(const struct sgn__signer *s, struct sgn__sworker *w,
                     const struct sgn__signkey *k, const sgn_rrset_t *rrset,
                     const sgn_rdata_t *sig, bool trusted)
{
	if (!sig_fits(s, k, rrset, sig)) {
		return false;
	}
	if (trusted && k->trust_ok) {
		return true;
	}
	sgn_sigcheck_opts_t opts = { .now = s->pol->now, .allow_revoked = true };
	sgn_sig_result_t res;
	size_t ki = (size_t)(k - s->keys);
	if (w->verify_ctx[ki] == NULL && sgn__keyctx_new(k->key, false, &w->verify_ctx[ki]) != SGN_OK) {
		return false;
	}
	w->verified++;
	return sgn__rrsig_check_ctx(&res, rrset, sig->data, sig->len, k->key, w->verify_ctx[ki],
	                            &opts, &w->scratch) == SGN_OK &&
	       res == SGN_SIG_VALID;
}

bool sgn__sigs_current(const struct sgn__signer *s, const sgn_zone_rrset_t *rs)
{
	for (size_t i = 0; i < s->nkeys; i++) {
		const struct sgn__signkey *k = &s->keys[i];
		bool found = false;
		if (!key_signs(k, rs->rrset.type)) {
			continue;
		}
		for (size_t j = 0; j < rs->sig_count && !found; j++) {
			found = sig_fits(s, k, &rs->rrset, &rs->sigs[j]);
		}
		if (!found) {
			return false;
		}
	}
	return true;
}

/* Candidates from the previous signed zone, when its RRset has exactly the same data. */
static const sgn_zone_rrset_t *previous_rrset(const struct sgn__signer *s, const sgn_rrset_t *r)
{
	const sgn_zone_t *prev = s->pol->previous;
	const sgn_node_t *node = prev == NULL             ? NULL
	                         : r->type == SGN_TYPE_NSEC3 ? sgn__ntable_lookup(&prev->n3, r->owner)
	                                                     : sgn__zone_lookup(prev, r->owner);
	const struct sgn__zrrset *p = node != NULL ? sgn__node_rrset(node, r->type) : NULL;
	if (p == NULL || p->v.rrset.ttl != r->ttl || p->v.rrset.count != r->count) {
		return NULL;
	}
	for (size_t i = 0; i < r->count; i++) {
		if (sgn_rdata_compare(p->v.rrset.rdata[i].data, p->v.rrset.rdata[i].len,
		                      r->rdata[i].data, r->rdata[i].len) != 0) {
			return NULL;
		}
	}
	return &p->v;
}

static const sgn_rdata_t *find_kept(const struct sgn__signer *s, struct sgn__sworker *w,
                                    const struct sgn__signkey *k, const sgn_zone_rrset_t *rs)
{
	for (size_t i = 0; i < rs->sig_count; i++) {
		if (keep_sig(s, w, k, &rs->rrset, &rs->sigs[i], s->trusted)) {
			return &rs->sigs[i];
		}
	}
	const sgn_zone_rrset_t *p = previous_rrset(s, &rs->rrset);
	for (size_t i = 0; p != NULL && i < p->sig_count; i++) {
		if (keep_sig(s, w, k, &rs->rrset, &p->sigs[i], s->prev_trusted)) {
			return &p->sigs[i];
		}
	}
	return NULL;
}

static sgn_err_t make_sig(const struct sgn__signer *s, struct sgn__sworker *w,
                          const struct sgn__signkey *k, const sgn_rrset_t *rrset, sgn_rdata_t *out)
{
	const sgn_sign_policy_t *pol = s->pol;
	sgn_sig_window_t win = {
		.inception = (uint32_t)(pol->now - pol->inception_offset),
		.expiration = (uint32_t)(pol->now + pol->validity - jitter_for(rrset, pol->jitter)),
	};
	size_t ki = (size_t)(k - s->keys);
	if (w->sign_ctx[ki] == NULL) {
		sgn_err_t err = sgn__keyctx_new(k->key, true, &w->sign_ctx[ki]);
		if (err != SGN_OK) {
			return err;
		}
	}
	w->sig.len = 0;
	sgn_err_t err = sgn__rrset_sign_ctx(&w->sig, rrset, k->key, w->sign_ctx[ki], &win,
	                                    &w->scratch);
	if (err != SGN_OK) {
		return err;
	}
	out->data = sgn__arena_dup(&w->arena, w->sig.data, w->sig.len);
	out->len = (uint16_t)w->sig.len;
	w->created++;
	return out->data != NULL ? SGN_OK : SGN_ENOMEM;
}

sgn_err_t sgn__sign_rrset(struct sgn__signer *s, struct sgn__sworker *w, struct sgn__zrrset *rs)
{
	sgn_rdata_t *sigs = sgn__arena_alloc(&w->arena, (s->nkeys + 1) * sizeof(*sigs));
	size_t n = 0, kept = 0;
	if (sigs == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < s->nkeys; i++) {
		const struct sgn__signkey *k = &s->keys[i];
		if (!key_signs(k, rs->v.rrset.type)) {
			continue;
		}
		const sgn_rdata_t *old = find_kept(s, w, k, &rs->v);
		if (old != NULL) {
			sigs[n++] = *old;
			kept++;
			continue;
		}
		sgn_err_t err = make_sig(s, w, k, &rs->v.rrset, &sigs[n++]);
		if (err != SGN_OK) {
			return err;
		}
	}
	w->reused += kept;
	w->dropped += rs->v.sig_count > kept ? rs->v.sig_count - kept : 0;
	sgn_rdata_sort_unique(sigs, &n);
	rs->v.sigs = sigs;
	rs->v.sig_count = n;
	w->rrsets++;
	return SGN_OK;
}

/* The authoritative RRsets; the apex ZONEMD waits for the digest. */
static bool rrset_signed(const struct sgn__signer *s, const sgn_node_t *node, uint16_t type)
{
	return sgn__rrset_is_authoritative(node, type) &&
	       !(node->kind == SGN_NODE_APEX && type == SGN_TYPE_ZONEMD && s->pol->zonemd);
}

static sgn_err_t sign_node(struct sgn__signer *s, struct sgn__sworker *w, sgn_node_t *node)
{
	/* RRSIGs for types that are not there are dropped. */
	struct sgn__zrrset *orphans = sgn__node_rrset(node, SGN_TYPE_RRSIG);
	if (orphans != NULL) {
		w->dropped += orphans->v.rrset.count;
		sgn__node_drop_rrset(node, SGN_TYPE_RRSIG);
	}
	for (size_t i = 0; i < node->nrrsets; i++) {
		struct sgn__zrrset *rs = &node->rrsets[i];
		if (rrset_signed(s, node, rs->v.rrset.type)) {
			sgn_err_t err = sgn__sign_rrset(s, w, rs);
			if (err != SGN_OK) {
				return err;
			}
		} else if (!(node->kind == SGN_NODE_APEX && rs->v.rrset.type == SGN_TYPE_ZONEMD)) {
			w->dropped += rs->v.sig_count;
			rs->v.sigs = NULL;
			rs->v.sig_count = 0;
		}
	}
	return SGN_OK;
}

struct list_job {
	struct sgn__signer *s;
	struct sgn__zrrset *const *rs;
	size_t n;
};

#define LIST_CHUNK 64 /* RRsets per job */

static sgn_err_t list_job(void *ctx, unsigned worker, size_t job)
{
	struct list_job *j = ctx;
	size_t end = SGN_MIN(j->n, (job + 1) * LIST_CHUNK);
	sgn_err_t err = SGN_OK;
	for (size_t i = job * LIST_CHUNK; i < end && err == SGN_OK; i++) {
		err = sgn__sign_rrset(j->s, &j->s->workers[worker], j->rs[i]);
	}
	return err;
}

sgn_err_t sgn__signer_sign_list(struct sgn__signer *s, struct sgn__zrrset *const *rs, size_t n)
{
	struct list_job j = { s, rs, n };
	size_t njobs = (n + LIST_CHUNK - 1) / LIST_CHUNK;
	/* A few RRsets (the common case) are not worth starting threads for. */
	return sgn__pool_run(njobs > 1 ? s->nworkers : 1, njobs, list_job, &j);
}

/* Wait for this chunk's turn, write it, pass the turn on. Chunks are handed out in
 * order, so the wait is short and at most one chunk per worker waits in memory. */
static sgn_err_t write_in_order(struct sgn__signer *s, size_t job, const struct sgn__sworker *w)
{
	sgn_err_t err = SGN_OK;
	pthread_mutex_lock(&s->lock);
	while (s->next_write != job && !s->aborted) {
		pthread_cond_wait(&s->turn, &s->lock);
	}
	if (s->aborted) {
		err = SGN_EIO;
	} else if ((err = sgn__zone_text_out(s->out, s->out_md, &w->text, &s->write_errno)) != SGN_OK ||
	           (s->zonemd_md != NULL &&
	            (err = sgn__md_update(s->zonemd_md, w->wire.data, w->wire.len)) != SGN_OK)) {
		s->aborted = true;
		s->abort_err = s->abort_err != SGN_OK ? s->abort_err : err;
	}
	s->next_write++;
	pthread_cond_broadcast(&s->turn);
	pthread_mutex_unlock(&s->lock);
	return err;
}

static void abort_writes(struct sgn__signer *s, sgn_err_t err)
{
	pthread_mutex_lock(&s->lock);
	s->aborted = true;
	s->abort_err = s->abort_err != SGN_OK ? s->abort_err : err;
	pthread_cond_broadcast(&s->turn);
	pthread_mutex_unlock(&s->lock);
}

/* The zone's node at an output position; NULL for an NSEC3 owner of the streaming plan. */
static sgn_node_t *item_zone_node(const struct sgn__signer *s, sgn__item_t it)
{
	uint32_t i = it & SGN__ITEM_MAX;
	if (!(it & SGN__ITEM_N3)) {
		return s->zone->nodes[i];
	}
	return s->stream && s->pol->denial == SGN_DENIAL_NSEC3 ? NULL : s->zone->n3nodes[i];
}

/* The node at an output position: a name of the zone (with its NSEC made now when
 * streaming an NSEC zone), or a transient NSEC3 owner made from the plan. */
static sgn_err_t item_node(struct sgn__signer *s, struct sgn__sworker *w, sgn__item_t it,
                           struct sgn__rrsets_saved *saved, sgn_node_t **out)
{
	sgn_zone_t *z = s->zone;
	*out = item_zone_node(s, it);
	if (!s->stream) {
		return SGN_OK;
	}
	if (*out == NULL) {
		return sgn__nsec3_node(z, &s->plan, it & SGN__ITEM_MAX, &w->arena, &w->dsc, out);
	}
	if (s->pol->denial != SGN_DENIAL_NSEC) {
		return SGN_OK;
	}
	saved->rrsets = (*out)->rrsets;
	saved->cap = (*out)->cap;
	return sgn__nsec_set(z, it, s->denial_ttl, &w->arena, &w->dsc);
}

/* Once written, a streamed node gives back what signing added: the chunk's memory is
 * about to be reused. An RRset array the NSEC moved into it goes back where it was. */
static void strip(struct sgn__signer *s, sgn_node_t *node, const struct sgn__rrsets_saved *saved)
{
	if (s->pol->denial == SGN_DENIAL_NSEC) {
		sgn__node_drop_rrset(node, SGN_TYPE_NSEC);
		if (node->rrsets != saved->rrsets && node->nrrsets <= saved->cap) {
			memcpy(saved->rrsets, node->rrsets, node->nrrsets * sizeof(*node->rrsets));
			node->rrsets = saved->rrsets;
			node->cap = saved->cap;
		}
	}
	for (size_t i = 0; i < node->nrrsets; i++) {
		node->rrsets[i].v.sigs = NULL;
		node->rrsets[i].v.sig_count = 0;
	}
}

/* A node's text (the apex's ZONEMD comes last, sgn__node_format_body()), and with a
 * streamed ZONEMD its digest input. */
static sgn_err_t format_node(const struct sgn__signer *s, struct sgn__sworker *w,
                             const sgn_node_t *node)
{
	const sgn_node_t *apex = s->zone->apex_node;
	sgn_err_t err = sgn__node_format_body(&w->text, node, apex);
	if (err == SGN_OK && s->zonemd_md != NULL) {
		err = sgn__zonemd_node(apex, &w->zsc, node, &w->wire);
	}
	return err;
}

static sgn_err_t sign_job(void *ctx, unsigned worker, size_t job)
{
	struct sgn__signer *s = ctx;
	struct sgn__sworker *w = &s->workers[worker];
	size_t begin = job * s->chunk, end = SGN_MIN(s->norder, (job + 1) * s->chunk);
	sgn_err_t err = SGN_OK;
	w->text.len = 0;
	w->wire.len = 0;
	if (s->stream) {
		sgn__arena_reset(&w->arena);
	}
	for (size_t i = begin; i < end && err == SGN_OK; i++) {
		sgn_node_t *node;
		err = item_node(s, w, s->order[i], &w->saved[i - begin], &node);
		if (err == SGN_OK) {
			err = sign_node(s, w, node);
		}
		if (err == SGN_OK && s->out != NULL) {
			err = format_node(s, w, node);
		}
	}
	if (err == SGN_OK && s->out != NULL) {
		err = write_in_order(s, job, w);
	}
	for (size_t i = begin; i < end && err == SGN_OK && s->stream; i++) {
		sgn_node_t *node = item_zone_node(s, s->order[i]);
		if (node != NULL) {
			strip(s, node, &w->saved[i - begin]);
		}
	}
	if (err != SGN_OK && s->out != NULL) {
		abort_writes(s, err);
	}
	if (worker == 0 && s->pol->progress != NULL && err == SGN_OK) {
		s->done = end;
		s->pol->progress(s->pol->progress_ctx, end, s->norder);
	}
	return err;
}

sgn_err_t sgn__signer_run(struct sgn__signer *s, FILE *out)
{
	s->out = out;
	s->next_write = 0;
	s->aborted = false;
	s->abort_err = SGN_OK;
	s->chunk = SGN__SIGN_CHUNK;
	s->njobs = (s->norder + s->chunk - 1) / s->chunk;
	sgn_err_t err = sgn__pool_run(s->nworkers, s->njobs, sign_job, s);
	/* A worker waiting for its turn to write returns EIO when another one aborted: the
	 * first error, not that EIO, is the result. */
	return err != SGN_OK && s->abort_err != SGN_OK ? s->abort_err : err;
}

/* Names and the streaming NSEC3 plan's owners merged in canonical order; without a plan,
 * the zone's own order. */
sgn_err_t sgn__signer_order(struct sgn__signer *s)
{
	const sgn_zone_t *z = s->zone;
	bool plan = s->stream && s->pol->denial == SGN_DENIAL_NSEC3;
	size_t n3 = plan ? s->plan.n : z->nn3;
	if (z->nnodes > SGN__ITEM_MAX || n3 > SGN__ITEM_MAX) {
		return SGN_ELIMIT;
	}
	s->order = malloc((z->nnodes + n3 + 1) * sizeof(*s->order));
	if (s->order == NULL) {
		return SGN_ENOMEM;
	}
	size_t i = 0, k = 0;
	s->norder = 0;
	uint8_t owner[SGN_NAME_MAX];
	const uint8_t *n3name = NULL; /* the owner of NSEC3 record k, made once per k */
	while (i < z->nnodes || k < n3) {
		if (k < n3 && n3name == NULL) {
			n3name = plan ? owner : z->n3nodes[k]->name;
			if (plan && sgn__nsec3_owner_name(s->plan.h[k].hash, sizeof(s->plan.h[k].hash),
			                                  z->apex, owner) == 0) {
				return SGN_EZONE;
			}
		}
		if (k >= n3 || (i < z->nnodes && sgn_name_compare(z->nodes[i]->name, n3name) <= 0)) {
			s->order[s->norder++] = (sgn__item_t)i++;
		} else {
			s->order[s->norder++] = SGN__ITEM_N3 | (sgn__item_t)k++;
			n3name = NULL;
		}
	}
	return SGN_OK;
}
