/* SPDX-License-Identifier: MIT */
/* The worker pool: run N independent jobs on T threads. Jobs are handed out in order from
 * an atomic counter, so workers stay busy whatever the jobs cost; results go wherever the
 * job function puts them, which is how output stays identical for any thread count. */
#ifndef SGN_POOL_POOL_H
#define SGN_POOL_POOL_H

#include "../internal.h"

/* Run job(ctx, worker, i) for i in [0, njobs). worker is in [0, threads). The first error
 * any job returns stops the handing out of further jobs and is returned. */
typedef sgn_err_t (*sgn__job_fn)(void *ctx, unsigned worker, size_t job);

sgn_err_t sgn__pool_run(unsigned threads, size_t njobs, sgn__job_fn job, void *ctx) SGN_INTERNAL;

/* Threads to use for @p requested (0: the online processors). */
unsigned sgn__pool_threads(unsigned requested) SGN_INTERNAL;

#endif
