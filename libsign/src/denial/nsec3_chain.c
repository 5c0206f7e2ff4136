/* SPDX-License-Identifier: MIT */
/* NSEC3 chains (RFC 5155 §7.1): hash every name that needs one (empty non-terminals
 * included, insecure delegations left out under opt-out), sort by hash, link each record
 * to the next hash, and hang the records on owners "<base32hex hash>.<apex>". */
#include <stdlib.h>
#include <string.h>

#include <libsign/denial.h>
#include <libsign/rr.h>

#include "../pool/pool.h"
#include "../wire/name_internal.h"
#include "../wire/rdesc.h"
#include "chain.h"

struct hash_job {
	sgn_node_t *const *nodes;
	struct sgn__hashed *h;
	size_t n;
	const uint8_t *salt;
	uint8_t salt_len;
	uint16_t iterations;
};

#define HASH_CHUNK 512 /* names: small enough to share 2,500-iteration work evenly */

static sgn_err_t hash_chunk(void *ctx, unsigned worker, size_t job)
{
	struct hash_job *j = ctx;
	SGN_UNUSED(worker);
	size_t end = SGN_MIN(j->n, (job + 1) * HASH_CHUNK);
	for (size_t i = job * HASH_CHUNK; i < end; i++) {
		sgn_err_t err = sgn_nsec3_hash(j->h[i].hash, j->nodes[j->h[i].node]->name,
		                               SGN_NSEC3_HASH_SHA1, j->salt, j->salt_len, j->iterations);
		if (err != SGN_OK) {
			return err;
		}
	}
	return SGN_OK;
}

sgn_err_t sgn__nsec3_hash_zone(const sgn_zone_t *z, bool opt_out, const uint8_t *salt,
                               uint8_t salt_len, uint16_t iterations, unsigned threads,
                               struct sgn__hashed **out, size_t *n)
{
	struct hash_job job = { z->nodes, malloc((z->nnodes + 1) * sizeof(*job.h)), 0, salt,
		                salt_len, iterations };
	*out = job.h;
	*n = 0;
	if (job.h == NULL || z->nnodes > UINT32_MAX) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < z->nnodes; i++) {
		if (sgn__nsec3_wanted(z->nodes[i], opt_out)) {
			job.h[job.n++].node = (uint32_t)i;
		}
	}
	*n = job.n;
	return sgn__pool_run(threads, (job.n + HASH_CHUNK - 1) / HASH_CHUNK, hash_chunk, &job);
}

/* Sorting by hash: an in-place radix sort on the leading bytes (American flag sort), so
 * no merge buffer as big as the plan sits on top of the zone model at the peak of a
 * signing run. SHA-1 hashes are uniform, so two levels of 256 buckets leave a few names
 * each, which insertion sort finishes; the first level's buckets sort on the pool. */
#define HASH_SMALL 24 /* hashes: below this, insertion sort */

static void insertion_sort(struct sgn__hashed *h, size_t n, unsigned d)
{
	for (size_t i = 1; i < n; i++) {
		struct sgn__hashed t = h[i];
		size_t j = i;
		for (; j > 0 && memcmp(h[j - 1].hash + d, t.hash + d, SGN_NSEC3_HASH_LEN - d) > 0; j--) {
			h[j] = h[j - 1];
		}
		h[j] = t;
	}
}

/* Put @p h in order of byte @p d into 256 buckets; their starts into @p start[0..256]. */
static void partition(struct sgn__hashed *h, size_t n, unsigned d, size_t start[257])
{
	size_t next[256] = { 0 };
	for (size_t i = 0; i < n; i++) {
		next[h[i].hash[d]]++;
	}
	start[0] = 0;
	for (unsigned b = 0; b < 256; b++) {
		start[b + 1] = start[b] + next[b];
		next[b] = start[b];
	}
	for (unsigned b = 0; b < 256; b++) {
		while (next[b] < start[b + 1]) {
			struct sgn__hashed v = h[next[b]];
			for (unsigned c = v.hash[d]; c != b; c = v.hash[d]) {
				struct sgn__hashed t = h[next[c]];
				h[next[c]++] = v;
				v = t;
			}
			h[next[b]++] = v;
		}
	}
}

/* Bytes @p d on: the leading ones are already equal. */
static void sort_from(struct sgn__hashed *h, size_t n, unsigned d)
{
	if (n < HASH_SMALL || d + 1 >= SGN_NSEC3_HASH_LEN) {
		insertion_sort(h, n, d);
		return;
	}
	size_t start[257];
	partition(h, n, d, start);
	for (unsigned b = 0; b < 256; b++) {
		sort_from(h + start[b], start[b + 1] - start[b], d + 1);
	}
}

struct bucket_sort {
	struct sgn__hashed *h;
	size_t start[257];
};

static sgn_err_t bucket_job(void *ctx, unsigned worker, size_t job)
{
	struct bucket_sort *s = ctx;
	SGN_UNUSED(worker);
	sort_from(s->h + s->start[job], s->start[job + 1] - s->start[job], 1);
	return SGN_OK;
}

static sgn_err_t sort_by_hash(struct sgn__hashed *h, size_t n, unsigned threads)
{
	if (n < HASH_SMALL) {
		insertion_sort(h, n, 0);
		return SGN_OK;
	}
	struct bucket_sort s = { .h = h };
	partition(h, n, 0, s.start);
	return sgn__pool_run(threads, 256, bucket_job, &s);
}

void sgn__nsec3_chain_drop(sgn_zone_t *z)
{
	for (size_t i = 0; i < z->nn3; i++) {
		z->n3nodes[i]->nrrsets = 0;
	}
	z->nn3 = 0;
}

size_t sgn__nsec3_rdata(const struct sgn__nsec3_params *p, const uint8_t *next,
                        const sgn_node_t *node, uint16_t *types, uint8_t *out)
{
	size_t k = 0;
	out[k++] = SGN_NSEC3_HASH_SHA1;
	out[k++] = p->opt_out ? SGN_NSEC3_FLAG_OPTOUT : 0;
	sgn__put16(out + k, p->iterations);
	k += 2;
	out[k++] = p->salt_len;
	memcpy(out + k, p->salt, p->salt_len);
	k += p->salt_len;
	out[k++] = SGN_NSEC3_HASH_LEN;
	memcpy(out + k, next, SGN_NSEC3_HASH_LEN);
	k += SGN_NSEC3_HASH_LEN;
	size_t nt = sgn__denial_types(node, false, types);
	return k + sgn__bitmap_build(types, nt, out + k);
}

sgn_err_t sgn__nsec3_plan_make(const sgn_zone_t *z, const struct sgn__nsec3_params *p,
                               struct sgn__nsec3_plan *plan, sgn_diag_t *diag)
{
	memset(plan, 0, sizeof(*plan));
	plan->p = *p;
	sgn_err_t err = sgn__nsec3_hash_zone(z, p->opt_out, p->salt, p->salt_len, p->iterations,
	                                     p->threads, &plan->h, &plan->n);
	if (err == SGN_OK) {
		err = sort_by_hash(plan->h, plan->n, p->threads);
	}
	for (size_t i = 0; err == SGN_OK && i + 1 < plan->n; i++) {
		if (memcmp(plan->h[i].hash, plan->h[i + 1].hash, SGN_NSEC3_HASH_LEN) == 0) {
			err = sgn_diag_set(diag, SGN_EZONE, "", 0,
			                   "NSEC3 hash collision between two names: choose another salt");
		}
	}
	if (err != SGN_OK) {
		sgn__nsec3_plan_release(plan);
	}
	return err;
}

void sgn__nsec3_plan_release(struct sgn__nsec3_plan *plan)
{
	free(plan->h);
	plan->h = NULL;
	plan->n = 0;
}

/* The NSEC3 RDATA of position @p k, into the scratch buffer; its length. */
static size_t plan_rdata(const sgn_zone_t *z, const struct sgn__nsec3_plan *plan, size_t k,
                         struct sgn__denial_scratch *sc)
{
	const uint8_t *next = plan->h[(k + 1) % plan->n].hash;
	return sgn__nsec3_rdata(&plan->p, next, z->nodes[plan->h[k].node], sc->types, sc->rdata);
}

sgn_err_t sgn__nsec3_node(sgn_zone_t *z, const struct sgn__nsec3_plan *plan, size_t k,
                          sgn__arena_t *arena, struct sgn__denial_scratch *sc, sgn_node_t **out)
{
	uint8_t owner[SGN_NAME_MAX];
	size_t olen = sgn__nsec3_owner_name(plan->h[k].hash, SGN_NSEC3_HASH_LEN, z->apex, owner);
	if (olen == 0) {
		return SGN_EZONE;
	}
	sgn_node_t *node = sgn__arena_alloc(arena, SGN__NODE_SIZE(olen));
	if (node == NULL) {
		return SGN_ENOMEM;
	}
	memset(node, 0, sizeof(*node));
	memcpy(node->name, owner, olen);
	node->namelen = (uint8_t)olen;
	node->kind = SGN_NODE_NSEC3;
	/* An owner of the old chain with the same record keeps its signatures as candidates. */
	const sgn_node_t *old = sgn__ntable_lookup(&z->n3, owner);
	const struct sgn__zrrset *prev = old != NULL ? sgn__node_rrset(old, SGN_TYPE_NSEC3) : NULL;
	if (prev != NULL) {
		node->rrsets = sgn__arena_dup(arena, prev, sizeof(*prev));
		node->nrrsets = node->cap = node->rrsets != NULL;
	}
	sgn_rdata_t rd = { sc->rdata, (uint16_t)plan_rdata(z, plan, k, sc) };
	if (sgn__node_set_rrset(node, SGN_TYPE_NSEC3, plan->p.ttl, &rd, 1, arena) == NULL) {
		return SGN_ENOMEM;
	}
	node->rrsets[0].v.rrset.owner = node->name;
	*out = node;
	return SGN_OK;
}

/* Materialise the chain in the zone: owners interned in the NSEC3 table. */
static sgn_err_t link_chain(sgn_zone_t *z, const struct sgn__nsec3_plan *plan)
{
	struct sgn__denial_scratch sc;
	sgn_node_t **owners = malloc((plan->n > 0 ? plan->n : 1) * sizeof(*owners));
	sgn_err_t err = sgn__denial_scratch_init(&sc);
	if (err == SGN_OK && owners == NULL) {
		err = SGN_ENOMEM;
	}
	for (size_t k = 0; err == SGN_OK && k < plan->n; k++) {
		uint8_t owner[SGN_NAME_MAX];
		size_t olen = sgn__nsec3_owner_name(plan->h[k].hash, SGN_NSEC3_HASH_LEN, z->apex, owner);
		err = olen > 0 ? sgn__ntable_intern(&z->n3, &z->arena, owner, &owners[k]) : SGN_EZONE;
		if (err == SGN_OK) {
			owners[k]->kind = SGN_NODE_NSEC3;
			sgn_rdata_t rd = { sc.rdata, (uint16_t)plan_rdata(z, plan, k, &sc) };
			if (sgn__node_set_rrset(owners[k], SGN_TYPE_NSEC3, plan->p.ttl, &rd, 1, &z->arena) ==
			    NULL) {
				err = SGN_ENOMEM;
			}
		}
	}
	if (err == SGN_OK) {
		/* Owners of the old chain that are not in the new one lose their NSEC3 RRset. */
		for (size_t i = 0; i < plan->n; i++) {
			owners[i]->flags |= SGN__NODE_MARK;
		}
		for (size_t i = 0; i < z->nn3; i++) {
			if (!(z->n3nodes[i]->flags & SGN__NODE_MARK)) {
				sgn__node_drop_rrset(z->n3nodes[i], SGN_TYPE_NSEC3);
			}
		}
		for (size_t i = 0; i < plan->n; i++) {
			owners[i]->flags &= (uint8_t)~SGN__NODE_MARK;
		}
		/* Hash order is canonical order for single-label owners under one apex. */
		free(z->n3nodes);
		z->n3nodes = owners;
		z->nn3 = plan->n;
		z->n3cap = 0; /* sized for the count (sgn__grow regrows from it) */
		owners = NULL;
	}
	free(owners);
	sgn__denial_scratch_release(&sc);
	return err;
}

sgn_err_t sgn__nsec3_chain_build(sgn_zone_t *z, const struct sgn__nsec3_params *p, size_t *count,
                                 sgn_diag_t *diag)
{
	struct sgn__nsec3_plan plan;
	sgn_err_t err = sgn__nsec3_plan_make(z, p, &plan, diag);
	if (err == SGN_OK) {
		err = link_chain(z, &plan);
	}
	*count = err == SGN_OK ? plan.n : 0;
	sgn__nsec3_plan_release(&plan);
	return err;
}
