/* SPDX-License-Identifier: MIT */
/* The lookups of a live DS check: the child's NS set from its parent, and the addresses of
 * NS hosts, by referrals from the deepest zone whose servers are known (the root at first),
 * remembering the servers of every zone cut met and the addresses found in the lookups
 * cache (dsc_cache.c) - a batch's, or the collection's own. Only the NS question is put to
 * each zone: the DS check validates no chain here (the views are checked against the
 * current DS set, the signals through the chain validator), so DNSKEY and DS on the way
 * would be wasted queries. Glue is taken only from a zone for names within it. */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include <libsign/name.h>

#include "../internal.h"
#include "../source/live.h"
#include "../source/query.h"
#include "dsc.h"

#define RES_TRIES      3   /* servers of a zone tried per question */
#define RES_NEST_MAX   2   /* depth of lookups for the addresses of glueless NS hosts */
#define RES_STEPS_MAX  16  /* referrals followed per lookup */
#define RES_GLUE_MAX   16  /* glue records kept from one answer */

/* What one answer says about a question, gathered by the sink. */
struct msg {
	const uint8_t *qname;
	uint16_t qtype;
	const uint8_t *zone;              /* the apex of the zone asked */
	uint8_t owner[SGN_NAME_MAX];      /* of the NS RRset found (answer or authority) */
	uint8_t ns[SGN_DSC_NS_MAX][SGN_NAME_MAX];
	size_t nns;
	bool ns_in_answer, answer_other;  /* answer: NS at the question / other records */
	uint32_t ns_ttl, addr_ttl;
	struct sgn__dsc_addrs addrs;      /* answer: A or AAAA records of the question */
	struct {
		uint8_t name[SGN_NAME_MAX];
		struct sgn__dsc_addrs one;
	} glue[RES_GLUE_MAX];
	size_t nglue;
};

/* -- addresses -- */

void sgn__dsc_addrs_add(struct sgn__dsc_addrs *a, uint16_t type, const uint8_t *rd, size_t len)
{
	size_t alen = type == SGN_TYPE_A ? 4 : type == SGN_TYPE_AAAA ? 16 : 0;
	if (alen == 0 || len != alen || a->n >= SGN__DSC_ADDRS_MAX) {
		return;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (a->a[i].v6 == (alen == 16) && memcmp(a->a[i].b, rd, alen) == 0) {
			return;
		}
	}
	a->a[a->n].v6 = alen == 16;
	memset(a->a[a->n].b, 0, sizeof(a->a[a->n].b));
	memcpy(a->a[a->n].b, rd, alen);
	a->n++;
}

bool sgn__dsc_addr_str(const struct sgn__dsc_addrs *a, size_t i, char *out, size_t cap)
{
	return i < a->n && inet_ntop(a->a[i].v6 ? AF_INET6 : AF_INET, a->a[i].b, out, (socklen_t)cap) != NULL;
}

/* -- one question to one zone -- */

static sgn_err_t sink(void *arg, size_t q, enum sgn__qsection sec, const sgn_rr_t *rr)
{
	struct msg *m = arg;
	SGN_UNUSED(q);
	if (rr->type == SGN_TYPE_NS && sec != SGN__QS_ADDITIONAL && rr->rdlen <= SGN_NAME_MAX &&
	    (m->nns == 0 || sgn_name_equal(rr->owner, m->owner)) && m->nns < SGN_DSC_NS_MAX) {
		memcpy(m->owner, rr->owner, sgn_name_len(rr->owner, SGN_NAME_MAX));
		memcpy(m->ns[m->nns++], rr->rdata, rr->rdlen);
		m->ns_in_answer = m->ns_in_answer || sec == SGN__QS_ANSWER;
		m->ns_ttl = m->nns == 1 ? rr->ttl : SGN_MIN(m->ns_ttl, rr->ttl);
	} else if (sec == SGN__QS_ANSWER && rr->type == m->qtype && sgn_name_equal(rr->owner, m->qname)) {
		sgn__dsc_addrs_add(&m->addrs, rr->type, rr->rdata, rr->rdlen);
		m->addr_ttl = m->addrs.n == 1 ? rr->ttl : SGN_MIN(m->addr_ttl, rr->ttl);
	} else if (sec == SGN__QS_ANSWER && rr->type != SGN_TYPE_RRSIG) {
		m->answer_other = true;
	} else if (sec == SGN__QS_ADDITIONAL && sgn_name_is_subdomain(rr->owner, m->zone) &&
	           (rr->type == SGN_TYPE_A || rr->type == SGN_TYPE_AAAA)) {
		size_t g = 0;
		while (g < m->nglue && !sgn_name_equal(m->glue[g].name, rr->owner)) {
			g++;
		}
		if (g == m->nglue && g < RES_GLUE_MAX) {
			memcpy(m->glue[g].name, rr->owner, sgn_name_len(rr->owner, SGN_NAME_MAX));
			m->glue[g].one.n = 0;
			m->nglue++;
		}
		if (g < m->nglue) {
			sgn__dsc_addrs_add(&m->glue[g].one, rr->type, rr->rdata, rr->rdlen);
		}
	}
	return SGN_OK;
}

/* Ask the servers @p srv of zone @p zone (a few, until one answers) over UDP, over TCP when
 * truncated. *answered is false when none did (r->why says why). */
static sgn_err_t ask(struct sgn__dsc_res *r, const uint8_t *zone, const struct sgn__dsc_addrs *srv,
                     struct msg *m, bool *answered)
{
	*answered = false;
	for (size_t i = 0; i < srv->n && i < RES_TRIES && !*answered; i++) {
		char addr[INET6_ADDRSTRLEN];
		struct sgn__question q = { .name = m->qname, .type = m->qtype };
		unsigned ms = sgn__dsc_left_ms(r, r->o->live.timeout_ms);
		if (ms == 0 || r->queries >= r->o->live.max_queries || !sgn__dsc_addr_str(srv, i, addr, sizeof(addr))) {
			snprintf(r->why, sizeof(r->why), "%s", ms == 0 ? "the domain's time budget ran out"
			                                       : "the query budget ran out");
			return SGN_OK;
		}
		for (int tcp = 0; tcp < 2; tcp++) {
			struct msg fresh = { .qname = m->qname, .qtype = m->qtype, .zone = zone };
			*m = fresh;
			r->queries++;
			sgn_err_t err = sgn__dsc_query(r->o, addr, tcp, ms, &q, 1, sink, m);
			if (err != SGN_OK) {
				return err;
			}
			if (!q.r.answered || !q.r.tc) {
				break;
			}
		}
		*answered = q.r.answered && !q.r.tc && (q.r.rcode == 0 || q.r.rcode == 3);
		if (!*answered) {
			snprintf(r->why, sizeof(r->why), "%s@%u: %.100s", addr, r->o->live.port,
			         q.r.answered ? "an error, or no complete answer" : q.r.why);
		} else if (q.r.rcode == 3) {
			m->nns = 0; /* NXDOMAIN: nothing there */
			m->addrs.n = 0;
		}
	}
	return SGN_OK;
}

/* -- referrals -- */

static sgn_err_t lookup_addrs(struct sgn__dsc_res *r, const uint8_t *host, unsigned depth,
                              struct sgn__dsc_addrs *out);

/* The servers of the cut a referral @p m leads to: its glue, else its NS hosts looked up. */
static sgn_err_t cut_servers(struct sgn__dsc_res *r, const struct msg *m, unsigned depth,
                             struct sgn__dsc_addrs *out)
{
	sgn_err_t err = SGN_OK;
	out->n = 0;
	for (size_t k = 0; k < m->nns; k++) {
		for (size_t g = 0; g < m->nglue; g++) {
			for (size_t i = 0; sgn_name_equal(m->glue[g].name, m->ns[k]) && i < m->glue[g].one.n; i++) {
				sgn__dsc_addrs_add(out, m->glue[g].one.a[i].v6 ? SGN_TYPE_AAAA : SGN_TYPE_A,
				                   m->glue[g].one.a[i].b, m->glue[g].one.a[i].v6 ? 16 : 4);
			}
		}
	}
	for (size_t k = 0; k < m->nns && out->n == 0 && depth < RES_NEST_MAX && err == SGN_OK; k++) {
		if (!sgn_name_is_subdomain(m->ns[k], m->owner)) { /* glueless (RFC 1034 section 5.3.3) */
			err = lookup_addrs(r, m->ns[k], depth + 1, out);
		}
	}
	return err;
}

/* The root servers: from the cache, else the hints file (or the built-in ones), kept in
 * the cache for the next collections. */
static void roots(struct sgn__dsc_res *r)
{
	static const uint8_t root[1] = { 0 };
	struct sgn__lzone z;
	sgn_diag_t diag;
	if (r->has_roots || sgn__dsc_cache_get(r->cache, SGN__DSC_CACHE_CUT, root, &r->roots)) {
		r->has_roots = true;
		return;
	}
	memset(&z, 0, sizeof(z));
	sgn_diag_init(&diag);
	if (sgn__live_roots(&z, &r->o->live, &diag) != SGN_OK) {
		snprintf(r->why, sizeof(r->why), "%.150s", diag.msg);
		return;
	}
	for (size_t i = 0; i < z.nsrv; i++) {
		uint8_t b[16];
		if (inet_pton(z.srv[i].v6 ? AF_INET6 : AF_INET, z.srv[i].addr, b) == 1) {
			sgn__dsc_addrs_add(&r->roots, z.srv[i].v6 ? SGN_TYPE_AAAA : SGN_TYPE_A, b,
			                   z.srv[i].v6 ? 16 : 4);
		}
	}
	r->has_roots = true;
	sgn__dsc_cache_put(r->cache, SGN__DSC_CACHE_CUT, root, &r->roots, SGN_DSC_CACHE_TTL_MAX);
}

/* The deepest zone with known servers at or above @p name (strictly above with @p strict). */
static const uint8_t *zone_for(struct sgn__dsc_res *r, const uint8_t *name, bool strict,
                               struct sgn__dsc_addrs *srv)
{
	unsigned labels = sgn_name_labels(name);
	for (unsigned up = strict ? 1 : 0; up < labels; up++) {
		const uint8_t *z = sgn_name_strip(name, up);
		if (sgn__dsc_cache_get(r->cache, SGN__DSC_CACHE_CUT, z, srv)) {
			return z;
		}
	}
	roots(r);
	*srv = r->roots;
	return sgn_name_strip(name, labels);
}

/* Ask for @p qname / @p qtype from the deepest known zone down, following referrals;
 * @p m holds the last answer (nns 0 and no addresses when there was nothing). */
static sgn_err_t walk(struct sgn__dsc_res *r, const uint8_t *qname, uint16_t qtype, unsigned depth,
                      struct msg *m)
{
	struct sgn__dsc_addrs srv;
	uint8_t zone[SGN_NAME_MAX];
	const uint8_t *z = zone_for(r, qname, qtype == SGN_TYPE_NS, &srv);
	memcpy(zone, z, sgn_name_len(z, SGN_NAME_MAX));
	for (unsigned step = 0; step < RES_STEPS_MAX; step++) {
		bool answered;
		m->qname = qname;
		m->qtype = qtype;
		sgn_err_t err = ask(r, zone, &srv, m, &answered);
		if (err != SGN_OK || !answered) {
			m->nns = 0;
			m->addrs.n = 0;
			return err;
		}
		bool done = m->nns == 0 || m->ns_in_answer || m->answer_other || m->addrs.n > 0 ||
		            (qtype == SGN_TYPE_NS && sgn_name_equal(m->owner, qname));
		if (done) {
			return SGN_OK;
		}
		/* a referral: down one cut, never up or sideways */
		if (!sgn_name_is_subdomain(qname, m->owner) || !sgn_name_is_subdomain(m->owner, zone) ||
		    sgn_name_equal(m->owner, zone)) {
			m->nns = 0;
			return SGN_OK;
		}
		memcpy(zone, m->owner, sgn_name_len(m->owner, SGN_NAME_MAX));
		if ((err = cut_servers(r, m, depth, &srv)) != SGN_OK || srv.n == 0) {
			snprintf(r->why, sizeof(r->why), "no address for the servers of a zone on the way");
			m->nns = 0;
			return err;
		}
		sgn__dsc_cache_put(r->cache, SGN__DSC_CACHE_CUT, zone, &srv, m->ns_ttl);
	}
	m->nns = 0;
	return SGN_OK;
}

/* The A, then (when it has none) the AAAA addresses of @p host. */
static sgn_err_t lookup_addrs(struct sgn__dsc_res *r, const uint8_t *host, unsigned depth,
                              struct sgn__dsc_addrs *out)
{
	static const uint16_t types[] = { SGN_TYPE_A, SGN_TYPE_AAAA };
	sgn_err_t err = SGN_OK;
	struct msg m = { 0 };
	if (sgn__dsc_cache_get(r->cache, SGN__DSC_CACHE_HOST, host, out)) {
		return SGN_OK;
	}
	out->n = 0;
	for (size_t t = 0; t < ARRAY_LEN(types) && out->n == 0 && err == SGN_OK; t++) {
		err = walk(r, host, types[t], depth, &m);
		*out = err == SGN_OK ? m.addrs : *out;
		sgn__dsc_cache_put(r->cache, SGN__DSC_CACHE_HOST, host, out, m.addr_ttl);
	}
	return err;
}

/* -- for dsc_live.c -- */

sgn_err_t sgn__dsc_resolve_addrs(struct sgn__dsc_res *r, const uint8_t *host, struct sgn__dsc_addrs *out)
{
	return lookup_addrs(r, host, 0, out);
}

sgn_err_t sgn__dsc_resolve_ns(struct sgn__dsc_res *r, const uint8_t *domain,
                              uint8_t (*ns)[SGN_NAME_MAX], size_t *nns)
{
	struct msg m = { 0 };
	sgn_err_t err = walk(r, domain, SGN_TYPE_NS, 0, &m);
	*nns = 0;
	if (err != SGN_OK || !sgn_name_equal(m.owner, domain)) {
		return err;
	}
	for (size_t i = 0; i < m.nns; i++) {
		memcpy(ns[(*nns)++], m.ns[i], sgn_name_len(m.ns[i], SGN_NAME_MAX));
	}
	/* glue of the hosts within the parent: their addresses, as the parent gave them */
	for (size_t g = 0; g < m.nglue; g++) {
		sgn__dsc_cache_put(r->cache, SGN__DSC_CACHE_HOST, m.glue[g].name, &m.glue[g].one, m.ns_ttl);
	}
	return SGN_OK;
}
