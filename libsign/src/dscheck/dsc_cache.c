/* SPDX-License-Identifier: MIT */
/* The lookups cache of a batch (dscheck.h): the servers of the zones met on the way to each
 * child's parent, and the addresses of NS hosts, shared by the threads of a batch so that
 * 10,000 checks ask the root and the parent's parent once, not 10,000 times (which would
 * also run into the servers' response rate limits). An open-addressing hash table by
 * (kind, name) under one mutex; entries expire with their records' TTL, at most
 * SGN_DSC_CACHE_TTL_MAX seconds; beyond SGN_DSC_CACHE_MAX names nothing more is cached. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsign/name.h>

#include "../internal.h"
#include "dsc.h"

#define CACHE_SLOTS_MIN 256

struct centry {
	uint8_t kind;               /* 0: a free slot */
	uint8_t name[SGN_NAME_MAX]; /* lower case */
	struct sgn__dsc_addrs addrs;
	int64_t expires;            /* CLOCK_MONOTONIC seconds */
};

struct sgn_dsc_cache {
	pthread_mutex_t mu;
	struct centry *slot;
	size_t cap, n;              /* cap: a power of two */
};

static int64_t mono_now(void)
{
	struct timespec t;
	return clock_gettime(CLOCK_MONOTONIC, &t) == 0 ? (int64_t)t.tv_sec : 0;
}

static size_t hash(int kind, const uint8_t *name)
{
	size_t h = 2166136261u ^ (size_t)kind, len = sgn_name_len(name, SGN_NAME_MAX);
	for (size_t i = 0; i < len; i++) {
		uint8_t c = name[i] >= 'A' && name[i] <= 'Z' ? (uint8_t)(name[i] + 32) : name[i];
		h = (h ^ c) * 16777619u;
	}
	return h;
}

/* The slot of (kind, name), or the free slot where it would go. */
static struct centry *find(const sgn_dsc_cache_t *c, int kind, const uint8_t *name)
{
	size_t i = hash(kind, name) & (c->cap - 1);
	while (c->slot[i].kind != 0 && (c->slot[i].kind != kind || !sgn_name_equal(c->slot[i].name, name))) {
		i = (i + 1) & (c->cap - 1);
	}
	return &c->slot[i];
}

static bool grow(sgn_dsc_cache_t *c)
{
	size_t cap = c->cap * 2;
	struct centry *old = c->slot;
	struct centry *slot = calloc(cap, sizeof(*slot));
	if (slot == NULL) {
		return false;
	}
	size_t oldcap = c->cap;
	c->slot = slot;
	c->cap = cap;
	for (size_t i = 0; i < oldcap; i++) {
		if (old[i].kind != 0) {
			*find(c, old[i].kind, old[i].name) = old[i];
		}
	}
	free(old);
	return true;
}

/* -- public API -- */

sgn_err_t sgn_dsc_cache_new(sgn_dsc_cache_t **out)
{
	sgn_dsc_cache_t *c = calloc(1, sizeof(*c));
	*out = NULL;
	if (c == NULL || (c->slot = calloc(CACHE_SLOTS_MIN, sizeof(*c->slot))) == NULL) {
		free(c);
		return SGN_ENOMEM;
	}
	c->cap = CACHE_SLOTS_MIN;
	pthread_mutex_init(&c->mu, NULL);
	*out = c;
	return SGN_OK;
}

void sgn_dsc_cache_free(sgn_dsc_cache_t *cache)
{
	if (cache == NULL) {
		return;
	}
	pthread_mutex_destroy(&cache->mu);
	free(cache->slot);
	free(cache);
}

/* -- for the resolver -- */

bool sgn__dsc_cache_get(sgn_dsc_cache_t *c, int kind, const uint8_t *name, struct sgn__dsc_addrs *out)
{
	bool hit = false;
	if (c == NULL) {
		return false;
	}
	pthread_mutex_lock(&c->mu);
	const struct centry *e = find(c, kind, name);
	if (e->kind != 0 && e->expires > mono_now() && e->addrs.n > 0) {
		*out = e->addrs;
		hit = true;
	}
	pthread_mutex_unlock(&c->mu);
	return hit;
}

void sgn__dsc_cache_put(sgn_dsc_cache_t *c, int kind, const uint8_t *name,
                        const struct sgn__dsc_addrs *addrs, uint32_t ttl)
{
	if (c == NULL || addrs->n == 0 || ttl == 0) {
		return;
	}
	pthread_mutex_lock(&c->mu);
	struct centry *e = find(c, kind, name);
	if (e->kind == 0 && c->n < SGN_DSC_CACHE_MAX && 2 * (c->n + 1) > c->cap && grow(c)) {
		e = find(c, kind, name);
	}
	if (e->kind != 0 || (c->n < SGN_DSC_CACHE_MAX && 2 * (c->n + 1) <= c->cap)) {
		c->n += e->kind == 0;
		e->kind = (uint8_t)kind;
		memcpy(e->name, name, sgn_name_len(name, SGN_NAME_MAX));
		sgn_name_lower(e->name);
		e->addrs = *addrs;
		e->expires = mono_now() + SGN_MIN(ttl, SGN_DSC_CACHE_TTL_MAX);
	}
	pthread_mutex_unlock(&c->mu);
}
