/* SPDX-License-Identifier: MIT */
/* Thread pool over pthreads with an atomic job counter. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <unistd.h>

#include "pool.h"

struct pool {
	sgn__job_fn job;
	void *ctx;
	size_t njobs;
	atomic_size_t next;
	atomic_int err;
};

struct worker {
	struct pool *pool;
	unsigned id;
};

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	for (;;) {
		if (atomic_load(&p->err) != SGN_OK) {
			break;
		}
		size_t i = atomic_fetch_add(&p->next, 1);
		if (i >= p->njobs) {
			break;
		}
		sgn_err_t err = p->job(p->ctx, w->id, i);
		if (err != SGN_OK) {
			int expected = SGN_OK;
			atomic_compare_exchange_strong(&p->err, &expected, (int)err);
		}
	}
	return NULL;
}

unsigned sgn__pool_threads(unsigned requested)
{
	if (requested > 0) {
		return requested > 256 ? 256 : requested;
	}
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	return n > 0 ? (unsigned)(n > 256 ? 256 : n) : 1;
}

sgn_err_t sgn__pool_run(unsigned threads, size_t njobs, sgn__job_fn job, void *ctx)
{
	struct pool p = { .job = job, .ctx = ctx, .njobs = njobs };
	atomic_init(&p.next, 0);
	atomic_init(&p.err, SGN_OK);
	if (threads < 1) {
		threads = 1;
	}
	if (threads > njobs) {
		threads = njobs > 0 ? (unsigned)njobs : 1;
	}
	struct worker *w = calloc(threads, sizeof(*w));
	pthread_t *tid = calloc(threads, sizeof(*tid));
	if (w == NULL || tid == NULL) {
		free(w);
		free(tid);
		return SGN_ENOMEM;
	}
	unsigned started = 0;
	for (unsigned i = 0; i < threads; i++) {
		w[i].pool = &p;
		w[i].id = i;
	}
	/* Worker 0 runs on the calling thread: one thread means no thread at all. */
	for (unsigned i = 1; i < threads; i++) {
		if (pthread_create(&tid[i], NULL, worker_main, &w[i]) != 0) {
			break;
		}
		started = i;
	}
	worker_main(&w[0]);
	for (unsigned i = 1; i <= started; i++) {
		pthread_join(tid[i], NULL);
	}
	free(w);
	free(tid);
	return (sgn_err_t)atomic_load(&p.err);
}
