/* SPDX-License-Identifier: MIT */
/* Live collection: iterative resolution with the ldns resolver (UDP with the DO bit, TCP on
 * truncation), gathering what a chain validation needs - each zone's DNSKEY RRset, the DS
 * (or its denial) at each cut, the answer or its denial - into a zone set. Nothing here
 * judges the data: the validator does, whatever the servers said. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <ldns/ldns.h>

#include <libsign/chain.h>
#include <libsign/name.h>
#include <libsign/text.h>

#include "../internal.h"

#define LIVE_SRV_MAX 16    /* addresses kept per zone */
#define LIVE_TRIES 3       /* servers tried per question */
#define LIVE_NS_MAX 8      /* NS names looked at per cut */
#define LIVE_NEST_MAX 2    /* nested lookups for glueless NS names */
#define LIVE_EDNS_SIZE 1232 /* DNS flag day 2020: no IP fragmentation */

struct lsrv {
	char addr[INET6_ADDRSTRLEN];
	uint16_t port;
	bool v6;
};

/* A zone met on the way, and where to ask about it. */
struct lzone {
	uint8_t apex[SGN_NAME_MAX];
	struct lsrv srv[LIVE_SRV_MAX];
	size_t nsrv;
	bool keys_asked;
};

/* A question already asked of a zone's servers: each is asked once per collection. */
struct lasked {
	size_t zone;
	uint8_t name[SGN_NAME_MAX];
	uint16_t type;
	ldns_pkt *pkt; /* NULL: no usable answer */
};

struct live {
	sgn_zoneset_t *zs;
	const sgn_live_opts_t *o;
	sgn_diag_t *diag;
	bool fixed;              /* opts->servers: ask them for every zone */
	struct lzone *zones;     /* zones[0] is the root */
	size_t nzones, zcap;
	struct lasked *asked;
	size_t nasked, acap;
	unsigned queries, answers;
	ldns_buffer *rdata;
	char why[160];           /* the last failure, for the "no server answered" message */
};

/* The root servers' addresses (IANA root hints), used only when neither hints nor
 * servers are given. */
static const char *const builtin_roots[] = {
	"198.41.0.4",   "170.247.170.2", "192.33.4.12",  "199.7.91.13",  "192.203.230.10",
	"192.5.5.241",  "192.112.36.4",  "198.97.190.53", "192.36.148.17", "192.58.128.30",
	"193.0.14.129", "199.7.83.42",   "202.12.27.33", "2001:503:ba3e::2:30", "2801:1b8:10::b",
	"2001:500:2::c", "2001:500:2d::d", "2001:500:a8::e", "2001:500:2f::f", "2001:500:12::d0d",
	"2001:500:1::53", "2001:7fe::53", "2001:503:c27::2:30", "2001:7fd::1", "2001:500:9f::42",
	"2001:dc3::35",
};

/* -- addresses -- */

static bool srv_set(struct lsrv *s, const char *addr, uint16_t port)
{
	uint8_t bin[16];
	s->v6 = strchr(addr, ':') != NULL;
	s->port = port;
	if (inet_pton(s->v6 ? AF_INET6 : AF_INET, addr, bin) != 1) {
		return false;
	}
	return inet_ntop(s->v6 ? AF_INET6 : AF_INET, bin, s->addr, sizeof(s->addr)) != NULL;
}

/* "ADDR" or "ADDR@PORT"; the port after the last '@' so IPv6 addresses need no brackets. */
static bool srv_parse(struct lsrv *s, const char *spec, uint16_t defport)
{
	char addr[INET6_ADDRSTRLEN];
	const char *at = strrchr(spec, '@');
	size_t len = at != NULL ? (size_t)(at - spec) : strlen(spec);
	unsigned long port = defport;
	if (len == 0 || len >= sizeof(addr)) {
		return false;
	}
	if (at != NULL) {
		char *end;
		port = strtoul(at + 1, &end, 10);
		if (at[1] == '\0' || *end != '\0' || port == 0 || port > 65535) {
			return false;
		}
	}
	memcpy(addr, spec, len);
	addr[len] = '\0';
	return srv_set(s, addr, (uint16_t)port);
}

static void srv_add(struct lzone *z, const struct lsrv *s)
{
	for (size_t i = 0; i < z->nsrv; i++) {
		if (strcmp(z->srv[i].addr, s->addr) == 0 && z->srv[i].port == s->port) {
			return;
		}
	}
	if (z->nsrv < LIVE_SRV_MAX) {
		z->srv[z->nsrv++] = *s;
	}
}

/* An A or AAAA RDATA as a server on the default port. */
static bool srv_from_rdata(struct lsrv *s, uint16_t type, const uint8_t *rd, size_t len,
                           uint16_t port)
{
	char text[INET6_ADDRSTRLEN];
	int af = type == SGN_TYPE_A ? AF_INET : AF_INET6;
	if ((type != SGN_TYPE_A || len != 4) && (type != SGN_TYPE_AAAA || len != 16)) {
		return false;
	}
	return inet_ntop(af, rd, text, sizeof(text)) != NULL && srv_set(s, text, port);
}

/* -- zones -- */

static size_t zone_find(const struct live *L, const uint8_t *apex)
{
	for (size_t i = 0; i < L->nzones; i++) {
		if (sgn_name_equal(L->zones[i].apex, apex)) {
			return i;
		}
	}
	return SIZE_MAX;
}

static sgn_err_t zone_add(struct live *L, const uint8_t *apex, size_t *out)
{
	if ((*out = zone_find(L, apex)) != SIZE_MAX) {
		return SGN_OK;
	}
	if (L->nzones == L->zcap) {
		size_t cap = L->zcap ? L->zcap * 2 : 8;
		struct lzone *z = realloc(L->zones, cap * sizeof(*z));
		if (z == NULL) {
			return SGN_ENOMEM;
		}
		L->zones = z;
		L->zcap = cap;
	}
	struct lzone *z = &L->zones[L->nzones];
	memset(z, 0, sizeof(*z));
	memcpy(z->apex, apex, sgn_name_len(apex, SGN_NAME_MAX));
	sgn_name_lower(z->apex);
	if (L->fixed) { /* every zone is asked of the given servers */
		memcpy(z->srv, L->zones[0].srv, sizeof(z->srv));
		z->nsrv = L->zones[0].nsrv;
	}
	*out = L->nzones++;
	return SGN_OK;
}

/* The deepest zone with servers at or above @p name (the root at worst). */
static size_t zone_above(const struct live *L, const uint8_t *name)
{
	size_t best = 0;
	for (size_t i = 1; i < L->nzones; i++) {
		if (L->zones[i].nsrv > 0 && sgn_name_is_subdomain(name, L->zones[i].apex) &&
		    sgn_name_labels(L->zones[i].apex) > sgn_name_labels(L->zones[best].apex)) {
			best = i;
		}
	}
	return best;
}

/* -- the root servers -- */

/* Root hints: the addresses of the root's NS names (of every A/AAAA if it lists no NS). */
static sgn_err_t load_hints(struct live *L, struct lzone *root, sgn_diag_t *diag)
{
	uint8_t ns[LIVE_NS_MAX][SGN_NAME_MAX];
	struct { uint8_t owner[SGN_NAME_MAX]; struct lsrv s; } addr[LIVE_SRV_MAX * 2];
	size_t nns = 0, naddr = 0;
	sgn_zonefile_t *zf;
	sgn_rr_t rr;
	sgn_err_t err = sgn_zonefile_open(&zf, L->o->hints, NULL, diag);
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		size_t olen = sgn_name_len(rr.owner, SGN_NAME_MAX);
		if (rr.type == SGN_TYPE_NS && olen == 1 && nns < LIVE_NS_MAX) {
			memcpy(ns[nns++], rr.rdata, sgn_name_len(rr.rdata, rr.rdlen));
		} else if (naddr < ARRAY_LEN(addr) &&
		           srv_from_rdata(&addr[naddr].s, rr.type, rr.rdata, rr.rdlen, L->o->port)) {
			memcpy(addr[naddr++].owner, rr.owner, olen);
		}
	}
	sgn_zonefile_free(zf);
	if (err != SGN_ENOTFOUND) {
		return err == SGN_EIO || err == SGN_ENOMEM ? err : SGN_EPARSE;
	}
	for (size_t i = 0; i < naddr; i++) {
		bool listed = nns == 0;
		for (size_t k = 0; k < nns && !listed; k++) {
			listed = sgn_name_equal(ns[k], addr[i].owner);
		}
		if (listed) {
			srv_add(root, &addr[i].s);
		}
	}
	return root->nsrv > 0 ? SGN_OK
	                      : sgn_diag_set(diag, SGN_EPARSE, L->o->hints, 0,
	                                     "no root server addresses (NS with A/AAAA) in the hints");
}

static sgn_err_t load_roots(struct live *L)
{
	size_t root;
	static const uint8_t dot[1] = { 0 };
	sgn_err_t err = zone_add(L, dot, &root);
	struct lzone *z = &L->zones[0];
	if (err != SGN_OK) {
		return err;
	}
	for (size_t i = 0; i < L->o->nservers; i++) {
		struct lsrv s;
		if (!srv_parse(&s, L->o->servers[i], L->o->port)) {
			return sgn_diag_set(L->diag, SGN_EPARSE, "", 0,
			                    "bad server address '%s' (ADDR or ADDR@PORT)", L->o->servers[i]);
		}
		srv_add(z, &s);
	}
	if (L->o->nservers > 0 || L->o->hints != NULL) {
		return L->o->nservers > 0 ? SGN_OK : load_hints(L, z, L->diag);
	}
	for (size_t i = 0; i < ARRAY_LEN(builtin_roots); i++) {
		struct lsrv s;
		if (srv_set(&s, builtin_roots[i], L->o->port)) {
			srv_add(z, &s);
		}
	}
	return SGN_OK;
}

/* -- asking -- */

static bool pkt_matches(const ldns_pkt *p, const uint8_t *name, uint16_t type)
{
	const ldns_rr_list *q = ldns_pkt_question(p);
	const ldns_rr *rr = q != NULL && ldns_rr_list_rr_count(q) == 1 ? ldns_rr_list_rr(q, 0) : NULL;
	const ldns_rdf *o = rr != NULL ? ldns_rr_owner(rr) : NULL;
	return o != NULL && ldns_pkt_qr(p) && ldns_rr_get_type(rr) == type &&
	       sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) == ldns_rdf_size(o) &&
	       sgn_name_equal(ldns_rdf_data(o), name);
}

static ldns_resolver *resolver_for(const struct live *L, const struct lsrv *s)
{
	ldns_resolver *r = ldns_resolver_new();
	ldns_rdf *a = ldns_rdf_new_frm_str(s->v6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, s->addr);
	struct timeval tv = { .tv_sec = L->o->timeout_ms / 1000,
		              .tv_usec = (long)(L->o->timeout_ms % 1000) * 1000 };
	if (r == NULL || a == NULL || ldns_resolver_push_nameserver(r, a) != LDNS_STATUS_OK) {
		ldns_rdf_deep_free(a);
		ldns_resolver_deep_free(r);
		return NULL;
	}
	ldns_rdf_deep_free(a); /* the resolver keeps its own copy */
	ldns_resolver_set_port(r, s->port);
	ldns_resolver_set_recursive(r, false);   /* we are the iterator: RD=0 */
	ldns_resolver_set_dnssec(r, true);       /* DO bit, so RRSIGs and denials come back */
	ldns_resolver_set_edns_udp_size(r, LIVE_EDNS_SIZE);
	ldns_resolver_set_timeout(r, tv);
	ldns_resolver_set_retry(r, 1);
	ldns_resolver_set_fallback(r, false);    /* truncation is handled in send_one */
	ldns_resolver_set_random(r, false);
	return r;
}

/* One server, one question: UDP, then TCP when the answer is truncated. *out is NULL
 * unless a usable answer (NOERROR or NXDOMAIN to this very question) came back. */
static sgn_err_t send_one(struct live *L, const struct lsrv *s, const uint8_t *name,
                          uint16_t type, ldns_pkt **out)
{
	ldns_resolver *r = resolver_for(L, s);
	ldns_rdf *qn = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sgn_name_len(name, SGN_NAME_MAX), name);
	ldns_pkt *p = NULL;
	ldns_status st = LDNS_STATUS_MEM_ERR;
	*out = NULL;
	for (int tcp = 0; r != NULL && qn != NULL && tcp < 2 && L->queries < L->o->max_queries; tcp++) {
		ldns_pkt_free(p);
		p = NULL;
		ldns_resolver_set_usevc(r, tcp);
		L->queries++;
		st = ldns_resolver_send(&p, r, qn, type, LDNS_RR_CLASS_IN, 0);
		if (st != LDNS_STATUS_OK || p == NULL || !ldns_pkt_tc(p)) {
			break;
		}
	}
	ldns_pkt_rcode rc = p != NULL ? ldns_pkt_get_rcode(p) : LDNS_RCODE_SERVFAIL;
	if (p != NULL && !ldns_pkt_tc(p) && pkt_matches(p, name, type) &&
	    (rc == LDNS_RCODE_NOERROR || rc == LDNS_RCODE_NXDOMAIN)) {
		*out = p;
		p = NULL;
	} else {
		snprintf(L->why, sizeof(L->why), "%s@%u: %s", s->addr, s->port,
		         st != LDNS_STATUS_OK ? ldns_get_errorstr_by_id(st)
		         : p == NULL || ldns_pkt_tc(p) ? "no complete answer"
		         : !pkt_matches(p, name, type) ? "answer to another question"
		                                       : "error response");
	}
	ldns_pkt_free(p);
	ldns_rdf_deep_free(qn);
	ldns_resolver_deep_free(r);
	return r == NULL || qn == NULL ? SGN_ENOMEM : SGN_OK;
}

/* Every RR of every section into the zone set (the sorting into zones happens on seal).
 * Malformed or non-IN records are left out: the validator never needs them. */
static sgn_err_t add_packet(struct live *L, const ldns_pkt *p)
{
	const ldns_rr_list *sec[] = { ldns_pkt_answer(p), ldns_pkt_authority(p),
		                      ldns_pkt_additional(p) };
	sgn_err_t err = SGN_OK;
	for (size_t s = 0; s < ARRAY_LEN(sec) && err == SGN_OK; s++) {
		for (size_t i = 0; sec[s] != NULL && i < ldns_rr_list_rr_count(sec[s]) && err == SGN_OK; i++) {
			const ldns_rr *rr = ldns_rr_list_rr(sec[s], i);
			const ldns_rdf *o = ldns_rr_owner(rr);
			ldns_buffer_clear(L->rdata);
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT || ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
			    sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) != ldns_rdf_size(o) ||
			    ldns_rr_rdata2buffer_wire(L->rdata, rr) != LDNS_STATUS_OK ||
			    ldns_buffer_position(L->rdata) > UINT16_MAX) {
				continue;
			}
			sgn_rr_t v = { .owner = ldns_rdf_data(o), .type = ldns_rr_get_type(rr),
				       .rclass = SGN_CLASS_IN, .ttl = ldns_rr_ttl(rr),
				       .rdlen = (uint16_t)ldns_buffer_position(L->rdata),
				       .rdata = ldns_buffer_begin(L->rdata) };
			if (sgn_rdata_check(v.type, v.rdata, v.rdlen) == SGN_OK) {
				err = sgn_zoneset_add_rr(L->zs, &v);
			}
		}
	}
	return err;
}

static sgn_err_t remember(struct live *L, size_t zone, const uint8_t *name, uint16_t type,
                          ldns_pkt *p)
{
	if (L->nasked == L->acap) {
		size_t cap = L->acap ? L->acap * 2 : 32;
		struct lasked *a = realloc(L->asked, cap * sizeof(*a));
		if (a == NULL) {
			ldns_pkt_free(p);
			return SGN_ENOMEM;
		}
		L->asked = a;
		L->acap = cap;
	}
	struct lasked *a = &L->asked[L->nasked++];
	a->zone = zone;
	a->type = type;
	a->pkt = p;
	memcpy(a->name, name, sgn_name_len(name, SGN_NAME_MAX));
	return SGN_OK;
}

/* Ask @p zone's servers (a few of them, until one answers). *out is borrowed: the
 * collection keeps every answer until it ends, and a repeated question is not re-sent. */
static sgn_err_t ask(struct live *L, size_t zone, const uint8_t *name, uint16_t type,
                     const ldns_pkt **out)
{
	ldns_pkt *p = NULL;
	*out = NULL;
	for (size_t i = 0; i < L->nasked; i++) {
		if (L->asked[i].zone == zone && L->asked[i].type == type &&
		    sgn_name_equal(L->asked[i].name, name)) {
			*out = L->asked[i].pkt;
			return SGN_OK;
		}
	}
	const struct lzone *z = &L->zones[zone];
	for (size_t i = 0; i < z->nsrv && i < LIVE_TRIES && p == NULL; i++) {
		if (L->queries >= L->o->max_queries) {
			return sgn_diag_set(L->diag, SGN_ELIMIT, "", 0,
			                    "the query budget (%u) ran out", L->o->max_queries);
		}
		sgn_err_t err = send_one(L, &z->srv[i], name, type, &p);
		if (err != SGN_OK) {
			return err;
		}
	}
	sgn_err_t err = remember(L, zone, name, type, p);
	if (err == SGN_OK && p != NULL) {
		L->answers++;
		*out = p;
		err = add_packet(L, p);
	}
	return err;
}

/* -- reading answers -- */

static bool rr_is(const ldns_rr *rr, uint16_t type, const uint8_t *owner)
{
	const ldns_rdf *o = ldns_rr_owner(rr);
	return ldns_rr_get_type(rr) == type && (owner == NULL || sgn_name_equal(ldns_rdf_data(o), owner));
}

/* The first RR of @p type (owned by @p owner unless NULL) in a section, or NULL. */
static const ldns_rr *find_rr(const ldns_rr_list *l, uint16_t type, const uint8_t *owner)
{
	for (size_t i = 0; l != NULL && i < ldns_rr_list_rr_count(l); i++) {
		if (rr_is(ldns_rr_list_rr(l, i), type, owner)) {
			return ldns_rr_list_rr(l, i);
		}
	}
	return NULL;
}

/* A zone cut below @p apex on the way to @p name: a referral (NS in the authority section
 * of a non-authoritative answer), or, from a server that also serves the child, an
 * authoritative NS RRset at the name asked about. */
static bool find_cut(const ldns_pkt *p, const uint8_t *apex, const uint8_t *name,
                     uint16_t type, uint8_t *cut)
{
	const ldns_rr_list *auth = ldns_pkt_authority(p);
	const uint8_t *owner = NULL;
	if (ldns_pkt_get_rcode(p) != LDNS_RCODE_NOERROR) {
		return false;
	}
	if (ldns_pkt_aa(p) && type == SGN_TYPE_NS && find_rr(ldns_pkt_answer(p), SGN_TYPE_NS, name)) {
		owner = name;
	}
	for (size_t i = 0; owner == NULL && !ldns_pkt_aa(p) && ldns_pkt_ancount(p) == 0 && auth != NULL &&
	                   i < ldns_rr_list_rr_count(auth); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(auth, i);
		if (rr_is(rr, SGN_TYPE_NS, NULL)) {
			owner = ldns_rdf_data(ldns_rr_owner(rr));
		}
	}
	if (owner == NULL || !sgn_name_is_subdomain(name, owner) || !sgn_name_is_subdomain(owner, apex) ||
	    sgn_name_equal(owner, apex)) {
		return false; /* no cut, or an upward or sideways referral */
	}
	memcpy(cut, owner, sgn_name_len(owner, SGN_NAME_MAX));
	sgn_name_lower(cut);
	return true;
}

/* Where a CNAME at @p name or a DNAME above it sends the query (RFC 6672 §2.2). */
static bool redirect(const ldns_pkt *p, const uint8_t *name, uint16_t type, uint8_t *target)
{
	const ldns_rr_list *ans = ldns_pkt_answer(p);
	unsigned nl = sgn_name_labels(name);
	for (size_t i = 0; ans != NULL && i < ldns_rr_list_rr_count(ans); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ans, i);
		const uint8_t *o = ldns_rdf_data(ldns_rr_owner(rr));
		const ldns_rdf *t = ldns_rr_rd_count(rr) == 1 ? ldns_rr_rdf(rr, 0) : NULL;
		size_t tl = t != NULL ? sgn_name_len(ldns_rdf_data(t), ldns_rdf_size(t)) : 0;
		if (tl == 0 || tl != ldns_rdf_size(t)) {
			continue;
		}
		unsigned ol = sgn_name_labels(o);
		size_t prefix = (size_t)(sgn_name_strip(name, nl - SGN_MIN(ol, nl)) - name);
		if (rr_is(rr, SGN_TYPE_DNAME, NULL) && ol < nl && sgn_name_is_subdomain(name, o) &&
		    type != SGN_TYPE_DNAME && prefix + tl <= SGN_NAME_MAX) {
			memcpy(target, name, prefix);
			memcpy(target + prefix, ldns_rdf_data(t), tl);
			return true;
		}
	}
	const ldns_rr *c = type != SGN_TYPE_CNAME ? find_rr(ans, SGN_TYPE_CNAME, name) : NULL;
	const ldns_rdf *t = c != NULL && ldns_rr_rd_count(c) == 1 ? ldns_rr_rdf(c, 0) : NULL;
	if (t == NULL || sgn_name_len(ldns_rdf_data(t), ldns_rdf_size(t)) != ldns_rdf_size(t)) {
		return false;
	}
	memcpy(target, ldns_rdf_data(t), ldns_rdf_size(t));
	return true;
}

/* -- servers of a child zone -- */

/* The addresses of @p host in an answer, as servers of @p zone. */
static void answer_addrs(struct live *L, const ldns_pkt *p, const uint8_t *host, uint16_t type,
                         size_t zone)
{
	const ldns_rr_list *ans = ldns_pkt_answer(p);
	for (size_t i = 0; ans != NULL && i < ldns_rr_list_rr_count(ans); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ans, i);
		const ldns_rdf *a = ldns_rr_rd_count(rr) == 1 ? ldns_rr_rdf(rr, 0) : NULL;
		struct lsrv s;
		if (a != NULL && rr_is(rr, type, host) &&
		    srv_from_rdata(&s, type, ldns_rdf_data(a), ldns_rdf_size(a), L->o->port)) {
			srv_add(&L->zones[zone], &s);
		}
	}
}

static sgn_err_t lookup_addrs(struct live *L, const uint8_t *host, unsigned depth, size_t zone);

/* Addresses for a cut's NS names: the glue of @p p, else (iterating) nested lookups. */
static sgn_err_t child_servers(struct live *L, const ldns_pkt *p, const uint8_t *cut,
                               unsigned depth, size_t zone)
{
	const ldns_rr_list *secs[] = { ldns_pkt_answer(p), ldns_pkt_authority(p) };
	const ldns_rr_list *add = ldns_pkt_additional(p);
	uint8_t ns[LIVE_NS_MAX][SGN_NAME_MAX];
	size_t nns = 0;
	for (size_t s = 0; s < ARRAY_LEN(secs); s++) {
		for (size_t i = 0; secs[s] != NULL && i < ldns_rr_list_rr_count(secs[s]) && nns < LIVE_NS_MAX; i++) {
			const ldns_rr *rr = ldns_rr_list_rr(secs[s], i);
			const ldns_rdf *t = ldns_rr_rd_count(rr) == 1 ? ldns_rr_rdf(rr, 0) : NULL;
			if (rr_is(rr, SGN_TYPE_NS, cut) && t != NULL &&
			    sgn_name_len(ldns_rdf_data(t), ldns_rdf_size(t)) == ldns_rdf_size(t)) {
				memcpy(ns[nns++], ldns_rdf_data(t), ldns_rdf_size(t));
			}
		}
	}
	for (size_t i = 0; add != NULL && i < ldns_rr_list_rr_count(add); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(add, i);
		const ldns_rdf *a = ldns_rr_rd_count(rr) == 1 ? ldns_rr_rdf(rr, 0) : NULL;
		struct lsrv s;
		for (size_t k = 0; a != NULL && k < nns; k++) {
			if (sgn_name_equal(ldns_rdf_data(ldns_rr_owner(rr)), ns[k]) &&
			    srv_from_rdata(&s, ldns_rr_get_type(rr), ldns_rdf_data(a), ldns_rdf_size(a),
			                   L->o->port)) {
				srv_add(&L->zones[zone], &s);
			}
		}
	}
	sgn_err_t err = SGN_OK;
	for (size_t k = 0; k < nns && L->zones[zone].nsrv == 0 && depth < LIVE_NEST_MAX && err == SGN_OK; k++) {
		/* Glueless: never ask a zone about its own servers' names. */
		if (!sgn_name_is_subdomain(ns[k], cut)) {
			err = lookup_addrs(L, ns[k], depth + 1, zone);
		}
	}
	return err;
}

/* A nested lookup (RFC 1034 §5.3.3 step 2 on its own): the A, then the AAAA, of an NS
 * name, by referrals from the deepest zone known above it, into @p zone's servers. */
static sgn_err_t lookup_addrs(struct live *L, const uint8_t *host, unsigned depth, size_t zone)
{
	static const uint16_t types[] = { SGN_TYPE_A, SGN_TYPE_AAAA };
	sgn_err_t err = SGN_OK;
	for (size_t t = 0; t < ARRAY_LEN(types) && L->zones[zone].nsrv == 0 && err == SGN_OK; t++) {
		size_t at = zone_above(L, host);
		for (unsigned step = 0; step < SGN_NAME_MAX && err == SGN_OK; step++) {
			const ldns_pkt *p;
			uint8_t cut[SGN_NAME_MAX];
			size_t child;
			if ((err = ask(L, at, host, types[t], &p)) != SGN_OK || p == NULL) {
				break;
			}
			answer_addrs(L, p, host, types[t], zone);
			if (L->zones[zone].nsrv > 0 || !find_cut(p, L->zones[at].apex, host, types[t], cut) ||
			    (err = zone_add(L, cut, &child)) != SGN_OK) {
				break;
			}
			if (L->zones[child].nsrv == 0) {
				err = child_servers(L, p, cut, depth, child);
			}
			if (L->zones[child].nsrv == 0) {
				break;
			}
			at = child;
		}
	}
	return err;
}

/* -- the walk -- */

/* A zone cut on the way down: the DS RRset (or its denial) from the parent, then the
 * child's servers and DNSKEY RRset. *go is false when the walk ends here: without a DS the
 * validator stops at this cut, and data from below it would only be noise. */
static sgn_err_t enter_cut(struct live *L, size_t *zone, const uint8_t *cut, const ldns_pkt *p,
                           bool *go)
{
	const ldns_pkt *ds;
	size_t child;
	*go = false;
	sgn_err_t err = ask(L, *zone, cut, SGN_TYPE_DS, &ds);
	bool has_ds = find_rr(ldns_pkt_authority(p), SGN_TYPE_DS, cut) != NULL ||
	              (ds != NULL && find_rr(ldns_pkt_answer(ds), SGN_TYPE_DS, cut) != NULL);
	if (err != SGN_OK || !has_ds || (err = zone_add(L, cut, &child)) != SGN_OK) {
		return err;
	}
	if (L->zones[child].nsrv == 0) {
		err = child_servers(L, p, cut, 0, child);
	}
	if (err != SGN_OK || L->zones[child].nsrv == 0) {
		return err;
	}
	*zone = child;
	*go = true;
	if (!L->zones[child].keys_asked) {
		L->zones[child].keys_asked = true;
		err = ask(L, child, cut, SGN_TYPE_DNSKEY, &ds);
	}
	return err;
}

/* From the root down to @p qname: one NS question per label finds the zone cuts (as QNAME
 * minimisation would, RFC 9156, so that a server serving parent and child alike cannot
 * hide a cut), then the question itself goes to the deepest zone. A DS question stops at
 * the parent of its owner, which is the zone that answers it. */
static sgn_err_t walk(struct live *L, const uint8_t *qname, uint16_t qtype, uint8_t *target,
                      bool *follow)
{
	unsigned labels = sgn_name_labels(qname);
	unsigned stop = qtype == SGN_TYPE_DS && labels > 0 ? labels - 1 : labels;
	size_t zone = 0;
	bool go = true;
	const ldns_pkt *p;
	sgn_err_t err = SGN_OK;
	*follow = false;
	if (!L->zones[0].keys_asked) {
		L->zones[0].keys_asked = true;
		err = ask(L, 0, L->zones[0].apex, SGN_TYPE_DNSKEY, &p);
	}
	for (unsigned l = 1, step = 0; err == SGN_OK && go && step < 2 * SGN_NAME_MAX; step++) {
		bool last = l > stop;
		const uint8_t *name = last ? qname : sgn_name_strip(qname, labels - l);
		uint16_t type = last ? qtype : SGN_TYPE_NS;
		uint8_t cut[SGN_NAME_MAX], ignored[SGN_NAME_MAX];
		if ((err = ask(L, zone, name, type, &p)) != SGN_OK || p == NULL) {
			break;
		}
		if (find_cut(p, L->zones[zone].apex, name, type, cut)) {
			err = enter_cut(L, &zone, cut, p, &go);
			l = sgn_name_labels(cut) + 1;
		} else if (last) {
			*follow = redirect(p, qname, qtype, target);
			break;
		} else if (ldns_pkt_get_rcode(p) == LDNS_RCODE_NXDOMAIN || redirect(p, name, type, ignored)) {
			l = stop + 1; /* nothing exists below, or it is elsewhere: ask the question now */
		} else {
			l++;
		}
	}
	return err;
}

void sgn_live_opts_init(sgn_live_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->port = 53;
	opts->timeout_ms = 2000;
	opts->max_queries = 200;
	opts->max_redirects = 8;
}

static void live_release(struct live *L)
{
	for (size_t i = 0; i < L->nasked; i++) {
		ldns_pkt_free(L->asked[i].pkt);
	}
	free(L->asked);
	free(L->zones);
	ldns_buffer_free(L->rdata);
}

sgn_err_t sgn_live_collect(sgn_zoneset_t *zs, const uint8_t *qname, uint16_t qtype,
                           const sgn_live_opts_t *opts, sgn_diag_t *diag)
{
	struct live L = { .zs = zs, .o = opts, .diag = diag, .fixed = opts->nservers > 0 };
	uint8_t name[SGN_NAME_MAX], target[SGN_NAME_MAX];
	bool follow = true;
	size_t len = sgn_name_len(qname, SGN_NAME_MAX);
	if (len == 0 || opts->max_queries == 0) {
		return SGN_EINVAL;
	}
	memcpy(name, qname, len);
	sgn_name_lower(name);
	L.rdata = ldns_buffer_new(UINT16_MAX);
	sgn_err_t err = L.rdata != NULL ? load_roots(&L) : SGN_ENOMEM;
	for (unsigned hops = 0; err == SGN_OK && follow && hops <= opts->max_redirects; hops++) {
		err = walk(&L, name, qtype, target, &follow);
		if (err == SGN_OK && follow) {
			memcpy(name, target, sgn_name_len(target, SGN_NAME_MAX));
			sgn_name_lower(name);
		}
	}
	if (err == SGN_OK && L.answers == 0) {
		err = sgn_diag_set(diag, SGN_EIO, "", 0, "no server answered (%s)",
		                   L.why[0] != '\0' ? L.why : "no server to ask");
	}
	/* What was collected stays usable even when the budget ran out. */
	if (err == SGN_OK || err == SGN_ELIMIT) {
		sgn_diag_t d2;
		sgn_err_t e2 = sgn_zoneset_seal(zs, err == SGN_OK ? diag : &d2);
		err = err == SGN_OK ? e2 : err;
	}
	live_release(&L);
	return err;
}
