/* SPDX-License-Identifier: MIT */
/* Live collection for the DS check: the child's NS set (given, or from the parent through
 * the live source), the addresses of its NS hosts, then each address asked on its own over
 * UDP and over TCP for SOA, DNSKEY, CDS and CDNSKEY (source/query.h): one view each. A
 * per-server gate bounds the queries under way to one server over all the threads of a
 * batch; a per-domain time budget bounds the whole. */
#include <arpa/inet.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <libsign/dscheck.h>
#include <libsign/name.h>

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

static struct gate_slot *gate_enter(sgn_dsc_gate_t *g, const char *addr)
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
	while (s != NULL && s->busy >= g->per_server) {
		pthread_cond_wait(&g->freed, &g->mu);
	}
	if (s != NULL) {
		s->busy++;
	}
	pthread_mutex_unlock(&g->mu);
	return s;
}

static void gate_leave(sgn_dsc_gate_t *g, struct gate_slot *s)
{
	if (s == NULL) {
		return;
	}
	pthread_mutex_lock(&g->mu);
	s->busy--;
	pthread_cond_broadcast(&g->freed);
	pthread_mutex_unlock(&g->mu);
}

void sgn_dsc_live_opts_init(sgn_dsc_live_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
	sgn_live_opts_init(&opts->live);
	opts->budget_ms = 10000;
	opts->max_servers = 8;
}

/* -- one collection -- */

struct server {
	char addr[INET6_ADDRSTRLEN];
	char host[96];
};

struct lc {
	sgn_dsc_input_t *in;
	const sgn_dsc_live_opts_t *o;
	struct timespec deadline;
	bool has_deadline;
	struct server srv[SGN_DSC_VIEWS_MAX / 2];
	size_t nsrv;
};

/* Milliseconds left of the domain's budget, at most @p cap; 0 when it is spent. */
static unsigned left_ms(const struct lc *c, unsigned cap)
{
	struct timespec now;
	if (!c->has_deadline || clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
		return cap;
	}
	int64_t ms = (c->deadline.tv_sec - now.tv_sec) * 1000 + (c->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms < cap ? (unsigned)ms : cap;
}

static sgn_err_t own(sgn_dsc_input_t *in, sgn_zoneset_t *zs)
{
	if (in->nzsets >= ARRAY_LEN(in->zsets)) {
		sgn_zoneset_free(zs);
		return SGN_ELIMIT;
	}
	in->zsets[in->nzsets++] = zs;
	return SGN_OK;
}

/* sgn_live_collect() within the budget, into a new zone set the input keeps. */
static sgn_err_t collect(struct lc *c, const uint8_t *name, uint16_t type, sgn_zoneset_t **out)
{
	sgn_live_opts_t lo = c->o->live;
	sgn_diag_t ignored;
	sgn_err_t err = sgn_zoneset_new(out);
	if (err == SGN_OK && (err = own(c->in, *out)) == SGN_OK) {
		lo.timeout_ms = left_ms(c, lo.timeout_ms);
		err = lo.timeout_ms == 0 ? SGN_ELIMIT : sgn_live_collect(*out, name, type, &lo, &ignored);
	}
	return err;
}

static void add_server(struct lc *c, const char *host, const char *addr)
{
	for (size_t i = 0; i < c->nsrv; i++) {
		if (strcmp(c->srv[i].addr, addr) == 0) {
			return;
		}
	}
	unsigned max = c->o->max_servers != 0 ? c->o->max_servers : 8;
	if (c->nsrv < ARRAY_LEN(c->srv) && c->nsrv < max) {
		snprintf(c->srv[c->nsrv].host, sizeof(c->srv[c->nsrv].host), "%s", host);
		snprintf(c->srv[c->nsrv].addr, sizeof(c->srv[c->nsrv].addr), "%s", addr);
		c->nsrv++;
	}
}

/* The addresses of NS host @p ns: from @p zs (glue), else looked up. */
static sgn_err_t host_addrs(struct lc *c, const uint8_t *ns, const sgn_zoneset_t *zs)
{
	static const uint16_t types[] = { SGN_TYPE_A, SGN_TYPE_AAAA };
	char host[SGN_NAME_STR_MAX], text[INET6_ADDRSTRLEN];
	sgn_err_t err = sgn_name_to_str(host, sizeof(host), ns);
	size_t before = c->nsrv;
	for (size_t t = 0; t < ARRAY_LEN(types) && err == SGN_OK; t++) {
		const sgn_zone_rrset_t *rs = sgn__dsc_find_any(zs, ns, types[t]);
		sgn_zoneset_t *mine = NULL;
		if (rs == NULL && c->nsrv == before) {
			sgn_err_t e = collect(c, ns, types[t], &mine);
			if (e == SGN_ENOMEM) {
				return e;
			}
			rs = sgn__dsc_find_any(mine, ns, types[t]);
		}
		for (size_t i = 0; rs != NULL && i < rs->rrset.count; i++) {
			const sgn_rdata_t *rd = &rs->rrset.rdata[i];
			int af = types[t] == SGN_TYPE_A ? AF_INET : AF_INET6;
			if (rd->len == (af == AF_INET ? 4 : 16) && inet_ntop(af, rd->data, text, sizeof(text)) != NULL) {
				add_server(c, host, text);
			}
		}
	}
	return err == SGN_EINVAL ? SGN_OK : err;
}

/* The NS host names: given (HOST or HOST@ADDR), or the parent's NS set for the child. */
static sgn_err_t ns_hosts(struct lc *c, sgn_diag_t *diag)
{
	sgn_dsc_input_t *in = c->in;
	sgn_zoneset_t *zs = NULL;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < c->o->nns && in->nns < SGN_DSC_NS_MAX && err == SGN_OK; i++) {
		char host[SGN_NAME_STR_MAX];
		const char *at = strchr(c->o->ns[i], '@');
		size_t len = at != NULL ? (size_t)(at - c->o->ns[i]) : strlen(c->o->ns[i]);
		uint8_t bin[16];
		snprintf(host, sizeof(host), "%.*s", (int)len, c->o->ns[i]);
		if (sgn_name_from_str(in->ns[in->nns], NULL, host, NULL) != SGN_OK ||
		    (at != NULL && inet_pton(strchr(at, ':') ? AF_INET6 : AF_INET, at + 1, bin) != 1)) {
			return sgn_diag_set(diag, SGN_EPARSE, "", 0, "bad --ns '%s' (HOST or HOST@ADDR)",
			                    c->o->ns[i]);
		}
		if (at != NULL && sgn_name_to_str(host, sizeof(host), in->ns[in->nns]) == SGN_OK) {
			add_server(c, host, at + 1);
		}
		in->nns++;
	}
	if (c->o->nns == 0) {
		err = collect(c, in->domain, SGN_TYPE_NS, &zs);
		const sgn_zone_rrset_t *rs = err == SGN_OK || err == SGN_ELIMIT ? sgn__dsc_find_any(zs, in->domain, SGN_TYPE_NS) : NULL;
		for (size_t i = 0; rs != NULL && i < rs->rrset.count && in->nns < SGN_DSC_NS_MAX; i++) {
			memcpy(in->ns[in->nns++], rs->rrset.rdata[i].data, rs->rrset.rdata[i].len);
		}
		if (in->nns == 0) {
			return sgn_diag_set(diag, SGN_EIO, "", 0, "no NS set found for the domain (%s)",
			                    sgn_strerror(err));
		}
		err = SGN_OK;
	}
	for (size_t i = 0; i < in->nns && err == SGN_OK; i++) {
		bool given = false;
		for (size_t k = 0; k < c->nsrv && !given; k++) {
			char host[SGN_NAME_STR_MAX];
			given = sgn_name_to_str(host, sizeof(host), in->ns[i]) == SGN_OK &&
			        strcasecmp(host, c->srv[k].host) == 0;
		}
		err = given ? SGN_OK : host_addrs(c, in->ns[i], zs);
	}
	return err;
}

/* One server over one transport: SOA (authoritative?), DNSKEY, CDS, CDNSKEY. */
static sgn_err_t ask_server(struct lc *c, const struct server *s, bool tcp)
{
	static const uint16_t types[] = { SGN_TYPE_SOA, SGN_TYPE_DNSKEY, SGN_TYPE_CDS, SGN_TYPE_CDNSKEY };
	sgn_dsc_input_t *in = c->in;
	char source[96], why[160] = "";
	sgn_zoneset_t *zs = NULL;
	sgn_err_t err = sgn_zoneset_new(&zs);
	snprintf(source, sizeof(source), "%s@%u/%s", s->addr, c->o->live.port, tcp ? "tcp" : "udp");
	for (size_t t = 0; t < ARRAY_LEN(types) && err == SGN_OK && why[0] == '\0'; t++) {
		struct sgn__qresult r;
		unsigned ms = left_ms(c, c->o->live.timeout_ms);
		if (ms == 0) {
			snprintf(why, sizeof(why), "the domain's time budget ran out");
			break;
		}
		struct gate_slot *g = gate_enter(c->o->gate, s->addr);
		err = sgn__query_one(s->addr, c->o->live.port, tcp, ms, in->domain, types[t], zs, &r);
		if (err == SGN_OK && r.answered && r.tc && !tcp) { /* a resolver would retry over TCP */
			err = sgn__query_one(s->addr, c->o->live.port, true, ms, in->domain, types[t], zs, &r);
		}
		gate_leave(c->o->gate, g);
		if (err == SGN_OK && !r.answered) {
			snprintf(why, sizeof(why), "%.100s (%.50s)", r.why, s->host);
		} else if (err == SGN_OK && (!r.aa || (r.rcode != 0 && r.rcode != 3))) {
			snprintf(why, sizeof(why), "lame: %s (%s, rcode %d)",
			         r.aa ? "an error" : "not authoritative", s->host, r.rcode);
		}
	}
	if (err == SGN_OK) {
		err = sgn_zoneset_seal(zs, NULL);
	}
	if (err != SGN_OK && err != SGN_EPARSE) {
		sgn_zoneset_free(zs);
		return err;
	}
	if (in->nviews >= SGN_DSC_VIEWS_MAX || (err = own(in, zs)) != SGN_OK) {
		return err == SGN_OK ? SGN_ELIMIT : err;
	}
	sgn_dsc_view_t *v = &in->views[in->nviews++];
	memset(v, 0, sizeof(*v));
	snprintf(v->source, sizeof(v->source), "%s", source);
	const sgn_zone_t *z = why[0] == '\0' ? sgn_zoneset_find(zs, in->domain) : NULL;
	v->zone = z != NULL && sgn_name_equal(sgn_zone_get_apex(z), in->domain) ? z : NULL;
	snprintf(v->error, sizeof(v->error), "%s", why[0] != '\0' ? why : v->zone == NULL ? "no data at the apex" : "");
	return SGN_OK;
}

/* The chain data of every NS host's signaling names (RFC 9615). */
static sgn_err_t signals(struct lc *c)
{
	static const uint16_t types[] = { SGN_TYPE_CDS, SGN_TYPE_CDNSKEY };
	sgn_dsc_input_t *in = c->in;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < in->nns && err == SGN_OK; i++) {
		uint8_t name[SGN_NAME_MAX];
		bool usable = !sgn_name_is_subdomain(in->ns[i], in->domain) &&
		              sgn__dsc_signal_name(in->domain, in->ns[i], name);
		for (size_t t = 0; t < ARRAY_LEN(types) && err == SGN_OK; t++) {
			sgn_zoneset_t *zs = NULL;
			if (usable) {
				err = collect(c, name, types[t], &zs);
				err = err == SGN_ENOMEM ? err : SGN_OK; /* missing data shows in validation */
			}
			in->signals[2 * i + t] = zs;
		}
	}
	in->nsignals = 2 * in->nns;
	return err;
}

sgn_err_t sgn_dsc_collect_live(sgn_dsc_input_t *in, const sgn_dsc_live_opts_t *opts, bool bootstrap,
                               sgn_diag_t *diag)
{
	struct lc c = { .in = in, .o = opts };
	if (opts->budget_ms != 0 && clock_gettime(CLOCK_MONOTONIC, &c.deadline) == 0) {
		c.deadline.tv_sec += opts->budget_ms / 1000;
		c.deadline.tv_nsec += (long)(opts->budget_ms % 1000) * 1000000;
		if (c.deadline.tv_nsec >= 1000000000) {
			c.deadline.tv_sec++;
			c.deadline.tv_nsec -= 1000000000;
		}
		c.has_deadline = true;
	}
	sgn_err_t err = ns_hosts(&c, diag);
	for (size_t i = 0; i < c.nsrv && err == SGN_OK; i++) {
		err = ask_server(&c, &c.srv[i], false);
		err = err == SGN_OK ? ask_server(&c, &c.srv[i], true) : err;
	}
	if (err == SGN_OK && c.nsrv == 0) {
		err = sgn_diag_set(diag, SGN_EIO, "", 0, "no address for any NS host of the domain");
	}
	if (err == SGN_OK && bootstrap) {
		err = signals(&c);
	}
	return err;
}
