/* SPDX-License-Identifier: MIT */
/* Live collection for the DS check: the child's NS set (given, or from its parent's
 * servers, dsc_resolve.c), the addresses of its NS hosts, then each address asked on its
 * own over UDP and over TCP for SOA, DNSKEY, CDS and CDNSKEY, the four questions at once
 * (source/query.h): one view each. A per-server gate bounds the queries under way to one
 * server over all the threads of a batch, a per-domain time budget the whole (dsc_gate.c). */
#include <arpa/inet.h>
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
	struct sgn__dsc_res res;
	struct server srv[SGN_DSC_VIEWS_MAX / 2];
	size_t nsrv;
};

/* The input takes *@p zs (freed with it); when its slots are full the set is freed and
 * *@p zs set to NULL, so that no caller reads or keeps a freed set. */
static sgn_err_t own(sgn_dsc_input_t *in, sgn_zoneset_t **zs)
{
	if (in->nzsets >= ARRAY_LEN(in->zsets)) {
		sgn_zoneset_free(*zs);
		*zs = NULL;
		return SGN_ELIMIT;
	}
	in->zsets[in->nzsets++] = *zs;
	return SGN_OK;
}

/* sgn_live_collect() within the budget, into a new zone set the input keeps. */
static sgn_err_t collect(struct lc *c, const uint8_t *name, uint16_t type, sgn_zoneset_t **out)
{
	sgn_live_opts_t lo = c->o->live;
	sgn_diag_t ignored;
	sgn_err_t err = sgn_zoneset_new(out);
	if (err == SGN_OK && (err = own(c->in, out)) == SGN_OK) {
		lo.timeout_ms = sgn__dsc_left_ms(&c->res, lo.timeout_ms);
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

/* The addresses of NS host @p ns: through the given (recursive) servers, from @p zs (glue
 * they gave) or looked up there; else by referrals (dsc_resolve.c). */
static sgn_err_t host_addrs(struct lc *c, const uint8_t *ns, const sgn_zoneset_t *zs)
{
	static const uint16_t types[] = { SGN_TYPE_A, SGN_TYPE_AAAA };
	char host[SGN_NAME_STR_MAX], text[INET6_ADDRSTRLEN];
	struct sgn__dsc_addrs a = { 0 };
	sgn_err_t err = sgn_name_to_str(host, sizeof(host), ns);
	if (err == SGN_OK && c->o->live.nservers == 0) {
		err = sgn__dsc_resolve_addrs(&c->res, ns, &a);
	}
	for (size_t t = 0; t < ARRAY_LEN(types) && err == SGN_OK && c->o->live.nservers > 0; t++) {
		const sgn_zone_rrset_t *rs = sgn__dsc_find_any(zs, ns, types[t]);
		sgn_zoneset_t *mine = NULL;
		if (rs == NULL && a.n == 0) { /* the AAAA only when there is no A */
			sgn_err_t e = collect(c, ns, types[t], &mine);
			if (e == SGN_ENOMEM) {
				return e;
			}
			rs = sgn__dsc_find_any(mine, ns, types[t]);
		}
		for (size_t i = 0; rs != NULL && i < rs->rrset.count; i++) {
			sgn__dsc_addrs_add(&a, types[t], rs->rrset.rdata[i].data, rs->rrset.rdata[i].len);
		}
	}
	for (size_t i = 0; err == SGN_OK && sgn__dsc_addr_str(&a, i, text, sizeof(text)); i++) {
		add_server(c, host, text);
	}
	return err == SGN_EINVAL ? SGN_OK : err;
}

/* The parent's NS set for the child: through the given servers, else from the parent's. */
static sgn_err_t parent_ns(struct lc *c, sgn_zoneset_t **zs, sgn_diag_t *diag)
{
	sgn_dsc_input_t *in = c->in;
	sgn_err_t err = SGN_OK;
	if (c->o->live.nservers == 0) {
		err = sgn__dsc_resolve_ns(&c->res, in->domain, in->ns, &in->nns);
	} else {
		err = collect(c, in->domain, SGN_TYPE_NS, zs);
		const sgn_zone_rrset_t *rs =
		    err == SGN_OK || err == SGN_ELIMIT ? sgn__dsc_find_any(*zs, in->domain, SGN_TYPE_NS) : NULL;
		for (size_t i = 0; rs != NULL && i < rs->rrset.count && in->nns < SGN_DSC_NS_MAX; i++) {
			memcpy(in->ns[in->nns++], rs->rrset.rdata[i].data, rs->rrset.rdata[i].len);
		}
		snprintf(c->res.why, sizeof(c->res.why), "%s", sgn_strerror(err));
	}
	if (err == SGN_ENOMEM) {
		return err;
	}
	return in->nns > 0 ? SGN_OK : sgn_diag_set(diag, SGN_EIO, "", 0, "no NS set found for the domain (%s)",
	                                           c->res.why[0] != '\0' ? c->res.why : "no referral to it");
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
	if (c->o->nns == 0 && (err = parent_ns(c, &zs, diag)) != SGN_OK) {
		return err;
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

static sgn_err_t view_sink(void *arg, size_t q, enum sgn__qsection sec, const sgn_rr_t *rr)
{
	SGN_UNUSED(q);
	return sec == SGN__QS_ADDITIONAL ? SGN_OK : sgn_zoneset_add_rr(arg, rr);
}

/* Why a view of one server is unusable ("" when it is usable). */
static void view_error(const struct server *s, const struct sgn__question *q, size_t n,
                       char *why, size_t cap)
{
	why[0] = '\0';
	for (size_t t = 0; t < n && why[0] == '\0'; t++) {
		const struct sgn__qresult *r = &q[t].r;
		if (!r->answered) {
			snprintf(why, cap, "%.100s (%.50s)", r->why, s->host);
		} else if (r->tc) {
			snprintf(why, cap, "a truncated answer (%s)", s->host);
		} else if (!r->aa || (r->rcode != 0 && r->rcode != 3)) {
			snprintf(why, cap, "lame: %s (%s, rcode %d)", r->aa ? "an error" : "not authoritative",
			         s->host, r->rcode);
		}
	}
}

/* One server over one transport: SOA (authoritative?), DNSKEY, CDS, CDNSKEY at once; over
 * UDP, a truncated answer is asked again over TCP, as a resolver would. */
static sgn_err_t ask_server(struct lc *c, const struct server *s, bool tcp)
{
	static const uint16_t types[] = { SGN_TYPE_SOA, SGN_TYPE_DNSKEY, SGN_TYPE_CDS, SGN_TYPE_CDNSKEY };
	sgn_dsc_input_t *in = c->in;
	struct sgn__question q[ARRAY_LEN(types)], again[ARRAY_LEN(types)];
	size_t nagain = 0;
	char why[160] = "";
	sgn_zoneset_t *zs = NULL;
	sgn_err_t err = sgn_zoneset_new(&zs);
	unsigned ms = sgn__dsc_left_ms(&c->res, c->o->live.timeout_ms);
	for (size_t t = 0; t < ARRAY_LEN(types); t++) {
		q[t] = (struct sgn__question){ .name = in->domain, .type = types[t] };
	}
	if (err == SGN_OK && ms == 0) {
		snprintf(why, sizeof(why), "the domain's time budget ran out");
	} else if (err == SGN_OK) {
		err = sgn__dsc_query(c->o, s->addr, tcp, ms, q, ARRAY_LEN(q), view_sink, zs);
	}
	for (size_t t = 0; t < ARRAY_LEN(q) && !tcp && why[0] == '\0'; t++) {
		if (q[t].r.answered && q[t].r.tc) {
			again[nagain++] = (struct sgn__question){ .name = in->domain, .type = types[t] };
		}
	}
	ms = nagain > 0 ? sgn__dsc_left_ms(&c->res, c->o->live.timeout_ms) : 0;
	if (err == SGN_OK && ms > 0) {
		err = sgn__dsc_query(c->o, s->addr, true, ms, again, nagain, view_sink, zs);
		for (size_t t = 0, k = 0; t < ARRAY_LEN(q) && k < nagain; t++) {
			q[t] = q[t].r.answered && q[t].r.tc ? again[k++] : q[t];
		}
	}
	if (err == SGN_OK && why[0] == '\0') {
		view_error(s, q, ARRAY_LEN(q), why, sizeof(why));
	}
	if (err == SGN_OK) {
		err = sgn_zoneset_seal(zs, NULL);
	}
	if (err != SGN_OK && err != SGN_EPARSE) {
		sgn_zoneset_free(zs);
		return err;
	}
	if (in->nviews >= SGN_DSC_VIEWS_MAX) {
		sgn_zoneset_free(zs);
		return SGN_ELIMIT;
	}
	if ((err = own(in, &zs)) != SGN_OK) {
		return err;
	}
	sgn_dsc_view_t *v = &in->views[in->nviews++];
	memset(v, 0, sizeof(*v));
	snprintf(v->source, sizeof(v->source), "%s@%u/%s", s->addr, c->o->live.port, tcp ? "tcp" : "udp");
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

/* The budget's deadline, and the lookups cache: the batch's, or one of our own. */
static sgn_err_t start(struct lc *c, sgn_dsc_cache_t **mine)
{
	const sgn_dsc_live_opts_t *o = c->o;
	c->res.o = o;
	if (o->budget_ms != 0 && clock_gettime(CLOCK_MONOTONIC, &c->res.deadline) == 0) {
		c->res.deadline.tv_sec += o->budget_ms / 1000;
		c->res.deadline.tv_nsec += (long)(o->budget_ms % 1000) * 1000000;
		if (c->res.deadline.tv_nsec >= 1000000000) {
			c->res.deadline.tv_sec++;
			c->res.deadline.tv_nsec -= 1000000000;
		}
		c->res.has_deadline = true;
	}
	if (o->cache == NULL && o->live.nservers == 0 && sgn_dsc_cache_new(mine) != SGN_OK) {
		return SGN_ENOMEM;
	}
	c->res.cache = o->cache != NULL ? o->cache : *mine;
	return SGN_OK;
}

sgn_err_t sgn_dsc_collect_live(sgn_dsc_input_t *in, const sgn_dsc_live_opts_t *opts, bool bootstrap,
                               sgn_diag_t *diag)
{
	struct lc c = { .in = in, .o = opts };
	sgn_dsc_cache_t *mine = NULL;
	sgn_err_t err = start(&c, &mine);
	err = err == SGN_OK ? ns_hosts(&c, diag) : err;
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
	sgn_dsc_cache_free(mine);
	return err;
}
