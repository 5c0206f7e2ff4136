/* SPDX-License-Identifier: MIT */
/* Every node of a zone in canonical order, made into bytes on the worker pool a chunk of
 * names at a time and handed on in order: a batch is handed on (the first job of a pool
 * run) while the next batch is made, so that the one thread handing on (writing, hashing)
 * is rarely kept waiting. What is handed on is the same whatever the thread count. The
 * zone writer and the ZONEMD digest both go through it. */
#include <stdlib.h>

#include <libsign/name.h>

#include "../pool/pool.h"
#include "zone_internal.h"

#define PIPE_CHUNK 512 /* names per job */
#define PIPE_BATCH 8   /* jobs per worker and batch: two batches of bytes are in memory */

/* Every node, NSEC3 owners merged in, in canonical (output) order; the caller frees it. */
static sgn_err_t zone_order(const sgn_zone_t *zone, sgn_node_t ***out, size_t *n)
{
	sgn_node_t **order = malloc((zone->nnodes + zone->nn3 + 1) * sizeof(*order));
	size_t i = 0, j = 0, k = 0;
	if (order == NULL) {
		return SGN_ENOMEM;
	}
	while (i < zone->nnodes || j < zone->nn3) {
		if (j >= zone->nn3 ||
		    (i < zone->nnodes && sgn_name_compare(zone->nodes[i]->name, zone->n3nodes[j]->name) <= 0)) {
			order[k++] = zone->nodes[i++];
		} else {
			order[k++] = zone->n3nodes[j++];
		}
	}
	*out = order;
	*n = k;
	return SGN_OK;
}

struct pipe_run {
	const struct sgn__zone_pipe *p;
	sgn_node_t **order;
	size_t n;
	size_t first;    /* the batch being made: its first chunk */
	sgn_buf_t *made; /* its bytes, one buffer per chunk */
	sgn_buf_t *done; /* the batch before it, made and not yet handed on */
	size_t ndone;
};

static sgn_err_t hand_on(struct pipe_run *r)
{
	for (size_t j = 0; j < r->ndone; j++) {
		sgn_err_t err = r->p->take(r->p->ctx, &r->done[j]);
		if (err != SGN_OK) {
			return err;
		}
	}
	r->ndone = 0;
	return SGN_OK;
}

static sgn_err_t pipe_job(void *ctx, unsigned worker, size_t job)
{
	struct pipe_run *r = ctx;
	if (job == 0) {
		return hand_on(r);
	}
	sgn_buf_t *b = &r->made[job - 1];
	size_t begin = (r->first + job - 1) * PIPE_CHUNK, end = SGN_MIN(r->n, begin + PIPE_CHUNK);
	b->len = 0;
	sgn_err_t err = SGN_OK;
	for (size_t i = begin; i < end && err == SGN_OK; i++) {
		err = r->p->make(r->p->ctx, worker, r->order[i], b);
	}
	return err;
}

sgn_err_t sgn__zone_pipe_run(const sgn_zone_t *zone, unsigned threads,
                             const struct sgn__zone_pipe *p)
{
	size_t batch = (size_t)threads * PIPE_BATCH;
	sgn_buf_t *bufs = calloc(2 * batch, sizeof(*bufs));
	struct pipe_run r = { .p = p, .made = bufs, .done = bufs + batch };
	sgn_err_t err = bufs != NULL ? zone_order(zone, &r.order, &r.n) : SGN_ENOMEM;
	size_t njobs = (r.n + PIPE_CHUNK - 1) / PIPE_CHUNK;
	for (r.first = 0; err == SGN_OK && r.first < njobs; r.first += batch) {
		size_t jobs = SGN_MIN(batch, njobs - r.first);
		err = sgn__pool_run(jobs > 1 ? threads : 1, jobs + 1, pipe_job, &r);
		sgn_buf_t *t = r.done;
		r.done = r.made;
		r.made = t;
		r.ndone = jobs;
	}
	if (err == SGN_OK) {
		err = hand_on(&r);
	}
	for (size_t j = 0; bufs != NULL && j < 2 * batch; j++) {
		sgn_buf_release(&bufs[j]);
	}
	free(bufs);
	free(r.order);
	return err;
}
