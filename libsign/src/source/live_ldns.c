/* SPDX-License-Identifier: MIT */
/* Live collection through the ldns resolver: iterative resolution from root hints (or
 * questions to given servers), UDP with the DO bit and TCP on truncation, gathering what a
 * chain validation needs - each zone's DNSKEY RRset, the DS (or its denial) at each cut,
 * the answer or its denial - into a zone set. Nothing here judges the data: the validator
 * does, whatever the servers said. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>

#include <ldns/ldns.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "live.h"

#define LIVE_TRIES     3    /* servers tried per question */
#define LIVE_NEST_MAX  2    /* depth of lookups for the addresses of glueless NS names */
#define LIVE_EDNS_SIZE 1232 /* DNS flag day 2020: no IP fragmentation */

/* A question already put to a zone's servers: each is asked once per collection. */
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
	bool fixed;               /* opts->servers: ask them for every zone */
	struct sgn__lzone *zones; /* zones[0] is the root */
	size_t nzones, zcap;
	struct lasked *asked;
	size_t nasked, acap;
	unsigned queries, answers;
	ldns_buffer *rdata;
	char why[160]; /* the last failure, for a "no server answered" message */
};

/* -- zones -- */

static sgn_err_t zone_add(struct live *L, const uint8_t *apex, size_t *out)
{
	for (*out = 0; *out < L->nzones; (*out)++) {
		if (sgn_name_equal(L->zones[*out].apex, apex)) {
			return SGN_OK;
		}
	}
	if (L->nzones == L->zcap) {
		size_t cap = L->zcap ? L->zcap * 2 : 8;
		struct sgn__lzone *z = realloc(L->zones, cap * sizeof(*z));
		if (z == NULL) {
			return SGN_ENOMEM;
		}
		L->zones = z;
		L->zcap = cap;
	}
	struct sgn__lzone *z = &L->zones[L->nzones];
	memset(z, 0, sizeof(*z));
	memcpy(z->apex, apex, sgn_name_len(apex, SGN_NAME_MAX));
	sgn_name_lower(z->apex);
	if (L->fixed && L->nzones > 0) { /* every zone is asked of the given servers */
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

/* -- asking -- */

static bool pkt_matches(const ldns_pkt *p, const uint8_t *name, uint16_t type)
{
	const ldns_rr_list *q = ldns_pkt_question(p);
	const ldns_rr *rr =
	    q != NULL && ldns_rr_list_rr_count(q) == 1 ? ldns_rr_list_rr(q, 0) : NULL;
	const ldns_rdf *o = rr != NULL ? ldns_rr_owner(rr) : NULL;
	return o != NULL && ldns_pkt_qr(p) && ldns_rr_get_type(rr) == type &&
	       sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) == ldns_rdf_size(o) &&
	       sgn_name_equal(ldns_rdf_data(o), name);
}

static ldns_resolver *resolver_for(const struct live *L, const struct sgn__lsrv *s)
{
	ldns_resolver *r = ldns_resolver_new();
	ldns_rdf *a = ldns_rdf_new_frm_str(s->v6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, s->addr);
	struct timeval tv = { .tv_sec = L->o->timeout_ms / 1000,
		              .tv_usec = (long)(L->o->timeout_ms % 1000) * 1000 };
	bool ok = r != NULL && a != NULL && ldns_resolver_push_nameserver(r, a) == LDNS_STATUS_OK;
	ldns_rdf_deep_free(a); /* the resolver keeps its own copy */
	if (!ok) {
		ldns_resolver_deep_free(r);
		return NULL;
	}
	ldns_resolver_set_port(r, s->port);
	/* Iterating, we are the resolver: RD=0. Given servers may be recursive ones: RD=1, and
	 * CD=1 so that a validating one hands over bogus data for us to judge. */
	ldns_resolver_set_recursive(r, L->fixed);
	ldns_resolver_set_dnssec_cd(r, L->fixed);
	ldns_resolver_set_dnssec(r, true); /* the DO bit: RRSIGs and denials come back */
	ldns_resolver_set_edns_udp_size(r, LIVE_EDNS_SIZE);
	ldns_resolver_set_timeout(r, tv);
	ldns_resolver_set_retry(r, 1);
	ldns_resolver_set_fallback(r, false); /* truncation is handled in send_one */
	ldns_resolver_set_random(r, false);
	return r;
}

static void note_failure(struct live *L, const struct sgn__lsrv *s, ldns_status st,
                         const ldns_pkt *p, bool matches)
{
	const ldns_lookup_table *rc =
	    p != NULL ? ldns_lookup_by_id(ldns_rcodes, ldns_pkt_get_rcode(p)) : NULL;
	snprintf(L->why, sizeof(L->why), "%s@%u: %s", s->addr, s->port,
	         st != LDNS_STATUS_OK          ? ldns_get_errorstr_by_id(st)
	         : p == NULL || ldns_pkt_tc(p) ? "no complete answer"
	         : !matches                    ? "an answer to another question"
	         : rc != NULL                  ? rc->name
	                                       : "an error");
}

/* One server, one question: UDP, then TCP when the answer is truncated. *out is NULL
 * unless a usable answer (NOERROR or NXDOMAIN to this very question) came back. */
static sgn_err_t send_one(struct live *L, const struct sgn__lsrv *s, const uint8_t *name,
                          uint16_t type, ldns_pkt **out)
{
	ldns_resolver *r = resolver_for(L, s);
	ldns_rdf *qn =
	    ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sgn_name_len(name, SGN_NAME_MAX), name);
	ldns_pkt *p = NULL;
	ldns_status st = LDNS_STATUS_MEM_ERR;
	bool nomem = r == NULL || qn == NULL;
	*out = NULL;
	for (int tcp = 0; !nomem && tcp < 2 && L->queries < L->o->max_queries; tcp++) {
		ldns_pkt_free(p);
		p = NULL;
		ldns_resolver_set_usevc(r, tcp);
		L->queries++;
		st = ldns_resolver_send(&p, r, qn, type, LDNS_RR_CLASS_IN, 0);
		if (st != LDNS_STATUS_OK || p == NULL || !ldns_pkt_tc(p)) {
			break;
		}
	}
	bool matches = p != NULL && pkt_matches(p, name, type);
	if (matches && !ldns_pkt_tc(p) &&
	    (ldns_pkt_get_rcode(p) == LDNS_RCODE_NOERROR ||
	     ldns_pkt_get_rcode(p) == LDNS_RCODE_NXDOMAIN)) {
		*out = p;
		p = NULL;
	} else if (!nomem) {
		note_failure(L, s, st, p, matches);
	}
	ldns_pkt_free(p);
	ldns_rdf_deep_free(qn);
	ldns_resolver_deep_free(r);
	return nomem ? SGN_ENOMEM : SGN_OK;
}

/* Every RR of every section into the zone set (sorted into zones when it is sealed).
 * Malformed and non-IN records are left out: the validator has no use for them. */
static sgn_err_t add_packet(struct live *L, const ldns_pkt *p)
{
	const ldns_rr_list *sec[] = { ldns_pkt_answer(p), ldns_pkt_authority(p),
		                      ldns_pkt_additional(p) };
	sgn_err_t err = SGN_OK;
	for (size_t s = 0; s < ARRAY_LEN(sec) && err == SGN_OK; s++) {
		for (size_t i = 0;
		     sec[s] != NULL && i < ldns_rr_list_rr_count(sec[s]) && err == SGN_OK; i++) {
			const ldns_rr *rr = ldns_rr_list_rr(sec[s], i);
			const ldns_rdf *o = ldns_rr_owner(rr);
			ldns_buffer_clear(L->rdata);
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT ||
			    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
			    sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) != ldns_rdf_size(o) ||
			    ldns_rr_rdata2buffer_wire(L->rdata, rr) != LDNS_STATUS_OK ||
			    ldns_buffer_position(L->rdata) > UINT16_MAX) {
				continue;
			}
			sgn_rr_t v = { .owner = ldns_rdf_data(o),
				       .type = ldns_rr_get_type(rr),
				       .rclass = SGN_CLASS_IN,
				       .ttl = ldns_rr_ttl(rr),
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
	*a = (struct lasked){ .zone = zone, .type = type, .pkt = p };
	memcpy(a->name, name, sgn_name_len(name, SGN_NAME_MAX));
	return SGN_OK;
}

/* Ask @p zone's servers, a few of them until one answers. *out is borrowed: every answer
 * is kept until the collection ends, and a question is never sent twice. */
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
	for (size_t i = 0; i < L->zones[zone].nsrv && i < LIVE_TRIES && p == NULL; i++) {
		if (L->queries >= L->o->max_queries) {
			return sgn_diag_set(L->diag, SGN_ELIMIT, "", 0,
			                    "the query budget (%u) ran out", L->o->max_queries);
		}
		sgn_err_t err = send_one(L, &L->zones[zone].srv[i], name, type, &p);
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
	return ldns_rr_get_type(rr) == type &&
	       (owner == NULL || sgn_name_equal(ldns_rdf_data(ldns_rr_owner(rr)), owner));
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

/* The single domain-name RDATA field of an NS, CNAME or DNAME record, or NULL. */
static const uint8_t *rr_target(const ldns_rr *rr)
{
	const ldns_rdf *t = ldns_rr_rd_count(rr) == 1 ? ldns_rr_rdf(rr, 0) : NULL;
	return t != NULL && sgn_name_len(ldns_rdf_data(t), ldns_rdf_size(t)) == ldns_rdf_size(t)
	           ? ldns_rdf_data(t)
	           : NULL;
}

/* A zone cut below @p apex on the way to @p name: a referral (NS in the authority section,
 * nothing in the answer, no AA), or the NS RRset of the very name asked about, which a
 * server serving parent and child alike (or a recursive one) answers. */
static bool find_cut(const ldns_pkt *p, const uint8_t *apex, const uint8_t *name, uint16_t type,
                     uint8_t *cut)
{
	const uint8_t *owner = NULL;
	if (ldns_pkt_get_rcode(p) != LDNS_RCODE_NOERROR) {
		return false;
	}
	if (type == SGN_TYPE_NS && find_rr(ldns_pkt_answer(p), SGN_TYPE_NS, name) != NULL) {
		owner = name;
	} else if (!ldns_pkt_aa(p) && ldns_pkt_ancount(p) == 0) {
		const ldns_rr *ns = find_rr(ldns_pkt_authority(p), SGN_TYPE_NS, NULL);
		owner = ns != NULL ? ldns_rdf_data(ldns_rr_owner(ns)) : NULL;
	}
	if (owner == NULL || !sgn_name_is_subdomain(name, owner) ||
	    !sgn_name_is_subdomain(owner, apex) || sgn_name_equal(owner, apex)) {
		return false; /* no cut, or an upward or sideways referral */
	}
	memcpy(cut, owner, sgn_name_len(owner, SGN_NAME_MAX));
	sgn_name_lower(cut);
	return true;
}

/* Where a DNAME above @p name (RFC 6672 §2.2) or a CNAME at it sends the query. */
static bool redirect(const ldns_pkt *p, const uint8_t *name, uint16_t type, uint8_t *target)
{
	const ldns_rr_list *ans = ldns_pkt_answer(p);
	unsigned nl = sgn_name_labels(name);
	for (size_t i = 0; ans != NULL && i < ldns_rr_list_rr_count(ans) && type != SGN_TYPE_DNAME;
	     i++) {
		const ldns_rr *rr = ldns_rr_list_rr(ans, i);
		const uint8_t *o = ldns_rdf_data(ldns_rr_owner(rr)), *t = rr_target(rr);
		unsigned ol = sgn_name_labels(o);
		if (!rr_is(rr, SGN_TYPE_DNAME, NULL) || t == NULL || ol >= nl ||
		    !sgn_name_is_subdomain(name, o)) {
			continue;
		}
		size_t prefix = (size_t)(sgn_name_strip(name, nl - ol) - name);
		size_t tl = sgn_name_len(t, SGN_NAME_MAX);
		if (prefix + tl <= SGN_NAME_MAX) {
			memmove(target, name, prefix);
			memcpy(target + prefix, t, tl);
			return true;
		}
	}
	const ldns_rr *c = type != SGN_TYPE_CNAME ? find_rr(ans, SGN_TYPE_CNAME, name) : NULL;
	const uint8_t *t = c != NULL ? rr_target(c) : NULL;
	if (t != NULL) {
		memcpy(target, t, sgn_name_len(t, SGN_NAME_MAX));
	}
	return t != NULL;
}

/* -- servers of a child zone -- */

/* Addresses in @p l owned by one of @p names, as servers of @p zone. */
static void take_addrs(struct live *L, const ldns_rr_list *l, const uint8_t (*names)[SGN_NAME_MAX],
                       size_t n, size_t zone)
{
	for (size_t i = 0; l != NULL && i < ldns_rr_list_rr_count(l); i++) {
		const ldns_rr *rr = ldns_rr_list_rr(l, i);
		const ldns_rdf *a = ldns_rr_rd_count(rr) == 1 ? ldns_rr_rdf(rr, 0) : NULL;
		struct sgn__lsrv s;
		for (size_t k = 0; a != NULL && k < n; k++) {
			if (sgn_name_equal(ldns_rdf_data(ldns_rr_owner(rr)), names[k]) &&
			    sgn__lsrv_from_rdata(&s, ldns_rr_get_type(rr), ldns_rdf_data(a),
			                         ldns_rdf_size(a), L->o->port)) {
				sgn__lzone_add_srv(&L->zones[zone], &s);
			}
		}
	}
}

static sgn_err_t lookup_addrs(struct live *L, const uint8_t *host, unsigned depth, size_t zone);

/* Servers for a cut: its NS names' addresses from the glue of @p p, else looked up. */
static sgn_err_t child_servers(struct live *L, const ldns_pkt *p, const uint8_t *cut,
                               unsigned depth, size_t zone)
{
	const ldns_rr_list *secs[] = { ldns_pkt_answer(p), ldns_pkt_authority(p) };
	uint8_t ns[SGN__LIVE_NS_MAX][SGN_NAME_MAX];
	size_t nns = 0;
	for (size_t s = 0; s < ARRAY_LEN(secs); s++) {
		for (size_t i = 0; secs[s] != NULL && i < ldns_rr_list_rr_count(secs[s]); i++) {
			const ldns_rr *rr = ldns_rr_list_rr(secs[s], i);
			const uint8_t *t = rr_target(rr);
			if (rr_is(rr, SGN_TYPE_NS, cut) && t != NULL && nns < SGN__LIVE_NS_MAX) {
				memcpy(ns[nns++], t, sgn_name_len(t, SGN_NAME_MAX));
			}
		}
	}
	take_addrs(L, ldns_pkt_additional(p), (const uint8_t(*)[SGN_NAME_MAX])ns, nns, zone);
	sgn_err_t err = SGN_OK;
	for (size_t k = 0;
	     k < nns && L->zones[zone].nsrv == 0 && depth < LIVE_NEST_MAX && err == SGN_OK; k++) {
		/* Glueless (RFC 1034 §5.3.3): look the name up, unless it is in the zone itself. */
		if (!sgn_name_is_subdomain(ns[k], cut)) {
			err = lookup_addrs(L, ns[k], depth + 1, zone);
		}
	}
	return err;
}

/* The A, then the AAAA, of an NS name: referrals from the deepest zone known above it,
 * to an answer whose addresses become @p zone's servers. */
static sgn_err_t lookup_addrs(struct live *L, const uint8_t *host, unsigned depth, size_t zone)
{
	static const uint16_t types[] = { SGN_TYPE_A, SGN_TYPE_AAAA };
	uint8_t name[1][SGN_NAME_MAX];
	sgn_err_t err = SGN_OK;
	memcpy(name[0], host, sgn_name_len(host, SGN_NAME_MAX));
	for (size_t t = 0; t < ARRAY_LEN(types) && L->zones[zone].nsrv == 0 && err == SGN_OK; t++) {
		size_t at = zone_above(L, host), child;
		for (unsigned step = 0; step < SGN_NAME_MAX && err == SGN_OK; step++) {
			const ldns_pkt *p;
			uint8_t cut[SGN_NAME_MAX];
			if ((err = ask(L, at, host, types[t], &p)) != SGN_OK || p == NULL) {
				break;
			}
			take_addrs(L, ldns_pkt_answer(p), (const uint8_t(*)[SGN_NAME_MAX])name, 1,
			           zone);
			if (L->zones[zone].nsrv > 0 ||
			    !find_cut(p, L->zones[at].apex, host, types[t], cut) ||
			    (err = zone_add(L, cut, &child)) != SGN_OK) {
				break;
			}
			if (L->zones[child].nsrv == 0 &&
			    (err = child_servers(L, p, cut, depth, child)) != SGN_OK) {
				break;
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
	if (err != SGN_OK || (!has_ds && !L->o->follow_insecure) ||
	    (err = zone_add(L, cut, &child)) != SGN_OK) {
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
 * minimisation does, RFC 9156, so that a server serving parent and child alike cannot
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
		} else if (ldns_pkt_get_rcode(p) == LDNS_RCODE_NXDOMAIN ||
		           redirect(p, name, type, ignored)) {
			l = stop + 1; /* nothing below, or it is elsewhere: ask the question now */
		} else {
			l++;
		}
	}
	return err;
}

/* -- public API -- */

sgn_err_t sgn_live_collect(sgn_zoneset_t *zs, const uint8_t *qname, uint16_t qtype,
                           const sgn_live_opts_t *opts, sgn_diag_t *diag)
{
	static const uint8_t root_name[1] = { 0 };
	struct live L = { .zs = zs, .o = opts, .diag = diag, .fixed = opts->nservers > 0 };
	uint8_t name[SGN_NAME_MAX], target[SGN_NAME_MAX];
	size_t len = sgn_name_len(qname, SGN_NAME_MAX), root;
	bool follow = true;
	if (len == 0 || opts->max_queries == 0) {
		return SGN_EINVAL;
	}
	memcpy(name, qname, len);
	sgn_name_lower(name);
	L.rdata = ldns_buffer_new(UINT16_MAX);
	sgn_err_t err = L.rdata != NULL ? zone_add(&L, root_name, &root) : SGN_ENOMEM;
	if (err == SGN_OK) {
		err = sgn__live_roots(&L.zones[root], opts, diag);
	}
	for (unsigned hops = 0; err == SGN_OK && follow && hops <= opts->max_redirects; hops++) {
		err = walk(&L, name, qtype, target, &follow);
		memcpy(name, target, follow ? sgn_name_len(target, SGN_NAME_MAX) : 0);
		sgn_name_lower(name);
	}
	if (err == SGN_OK && L.answers == 0) {
		err = sgn_diag_set(diag, SGN_EIO, "", 0, "no server answered (%s)",
		                   L.why[0] != '\0' ? L.why : "no server to ask");
	}
	if (err == SGN_OK || err == SGN_ELIMIT) { /* what was collected stays usable */
		sgn_diag_t ignored;
		sgn_err_t sealed = sgn_zoneset_seal(zs, err == SGN_OK ? diag : &ignored);
		err = err == SGN_OK ? sealed : err;
	}
	for (size_t i = 0; i < L.nasked; i++) {
		ldns_pkt_free(L.asked[i].pkt);
	}
	free(L.asked);
	free(L.zones);
	ldns_buffer_free(L.rdata);
	return err;
}
