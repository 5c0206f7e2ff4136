/* SPDX-License-Identifier: MIT */
/* What bounds a live DS check's queries: the per-server gate of a batch (how many queries
 * are under way to one server, over all threads) and the per-domain time budget; every
 * question of dscheck goes through sgn__dsc_query() here. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libsign/dscheck.h>

#include "../internal.h"
#include "../source/query.h"
#include "dsc.h"

#define GATE_SERVERS_MAX 4096 /* servers the gate keeps count of; others pass freely */

/* -- the per-server gate -- */

struct gate_slot {
	char addr[INET6_ADDRSTRLEN + 8];
	unsigned busy;
};

struct sgn_dsc_gate {
	unsigned per_server;
	pthread_mutex_t mu;
	pthread_cond_t freed;
	struct gate_slot *slots;
	size_t n;
};

sgn_err_t sgn_dsc_gate_new(sgn_dsc_gate_t **out, unsigned per_server)
{
	sgn_dsc_gate_t *g = calloc(1, sizeof(*g));
	*out = NULL;
	if (g == NULL || (g->slots = calloc(GATE_SERVERS_MAX, sizeof(*g->slots))) == NULL) {
		free(g);
		return SGN_ENOMEM;
	}
	g->per_server = per_server;
	pthread_mutex_init(&g->mu, NULL);
	pthread_cond_init(&g->freed, NULL);
	*out = g;
	return SGN_OK;
}

void sgn_dsc_gate_free(sgn_dsc_gate_t *gate)
{
	if (gate == NULL) {
		return;
	}
	pthread_mutex_destroy(&gate->mu);
	pthread_cond_destroy(&gate->freed);
	free(gate->slots);
	free(gate);
}

/* Take @p n of the server's places (at most per_server: a set larger than the limit still
 * goes, alone). */
static struct gate_slot *gate_enter(sgn_dsc_gate_t *g, const char *addr, unsigned n)
{
	struct gate_slot *s = NULL;
	if (g == NULL || g->per_server == 0) {
		return NULL;
	}
	pthread_mutex_lock(&g->mu);
	for (size_t i = 0; i < g->n && s == NULL; i++) {
		s = strcmp(g->slots[i].addr, addr) == 0 ? &g->slots[i] : NULL;
	}
	if (s == NULL && g->n < GATE_SERVERS_MAX) {
		s = &g->slots[g->n++];
		snprintf(s->addr, sizeof(s->addr), "%s", addr);
	}
	n = SGN_MIN(n, g->per_server);
	while (s != NULL && s->busy + n > g->per_server) {
		pthread_cond_wait(&g->freed, &g->mu);
	}
	if (s != NULL) {
		s->busy += n;
	}
	pthread_mutex_unlock(&g->mu);
	return s;
}

static void gate_leave(sgn_dsc_gate_t *g, struct gate_slot *s, unsigned n)
{
	if (s == NULL) {
		return;
	}
	pthread_mutex_lock(&g->mu);
	s->busy -= SGN_MIN(n, g->per_server);
	pthread_cond_broadcast(&g->freed);
	pthread_mutex_unlock(&g->mu);
}

/* sgn__query_set() through the gate: the set takes as many places as it has questions. */
sgn_err_t sgn__dsc_query(const sgn_dsc_live_opts_t *o, const char *addr, bool tcp, unsigned ms,
                         struct sgn__question *q, size_t n, sgn__qsink_fn sink, void *arg)
{
	struct gate_slot *g = gate_enter(o->gate, addr, (unsigned)n);
	sgn_err_t err = sgn__query_set(addr, o->live.port, tcp, ms, q, n, sink, arg);
	gate_leave(o->gate, g, (unsigned)n);
	return err;
}

unsigned sgn__dsc_left_ms(const struct sgn__dsc_res *r, unsigned cap)
{
	struct timespec now;
	if (!r->has_deadline || clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
		return cap;
	}
	int64_t ms = (r->deadline.tv_sec - now.tv_sec) * 1000 + (r->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms < cap ? (unsigned)ms : cap;
}

