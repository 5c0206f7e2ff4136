/* SPDX-License-Identifier: MIT */
/* The live collection's walk: iterative resolution from root hints (or questions to given
 * servers), gathering what a chain validation needs - each zone's DNSKEY RRset, the DS (or
 * its denial) at each cut, the answer or its denial - following CNAME and DNAME. It reads
 * the answers the collection keeps (live_ask.c asks); nothing here judges the data: the
 * validator does, whatever the servers said. */
#include <stdlib.h>
#include <string.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "live.h"

#define LIVE_NEST_MAX 2 /* depth of lookups for the addresses of glueless NS names */

enum { SEC_ANSWER = 0, SEC_AUTHORITY = 1, SEC_ADDITIONAL = 2 };

/* -- reading answers -- */

static bool rr_is(const sgn_live_rr_t *rr, int section, uint16_t type, const uint8_t *owner)
{
	return rr->section == section && rr->rr.type == type &&
	       (owner == NULL || sgn_name_equal(rr->rr.owner, owner));
}

/* The first RR of @p type (owned by @p owner unless NULL) in a section, or NULL. */
static const sgn_live_rr_t *find_rr(const sgn_live_answer_t *a, int section, uint16_t type,
                                    const uint8_t *owner)
{
	for (size_t i = 0; a != NULL && i < a->nrrs; i++) {
		if (rr_is(&a->rrs[i], section, type, owner)) {
			return &a->rrs[i];
		}
	}
	return NULL;
}

static size_t section_count(const sgn_live_answer_t *a, int section)
{
	size_t n = 0;
	for (size_t i = 0; i < a->nrrs; i++) {
		n += a->rrs[i].section == section;
	}
	return n;
}

/* The domain-name RDATA of an NS, CNAME or DNAME record, or NULL. */
static const uint8_t *rr_target(const sgn_live_rr_t *rr)
{
	const sgn_rr_t *r = &rr->rr;
	return r->rdlen > 0 && sgn_name_len(r->rdata, r->rdlen) == r->rdlen ? r->rdata : NULL;
}

/* A zone cut below @p apex on the way to @p name: a referral (NS in the authority section,
 * nothing in the answer, no AA), or the NS RRset of the very name asked about, which a
 * server serving parent and child alike (or a recursive one) answers. */
static bool find_cut(const sgn_live_answer_t *a, const uint8_t *apex, const uint8_t *name,
                     uint16_t type, uint8_t *cut)
{
	const uint8_t *owner = NULL;
	if (a->rcode != 0) {
		return false;
	}
	if (type == SGN_TYPE_NS && find_rr(a, SEC_ANSWER, SGN_TYPE_NS, name) != NULL) {
		owner = name;
	} else if (!a->aa && section_count(a, SEC_ANSWER) == 0) {
		const sgn_live_rr_t *ns = find_rr(a, SEC_AUTHORITY, SGN_TYPE_NS, NULL);
		owner = ns != NULL ? ns->rr.owner : NULL;
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
static bool redirect(const sgn_live_answer_t *a, const uint8_t *name, uint16_t type,
                     uint8_t *target)
{
	unsigned nl = sgn_name_labels(name);
	for (size_t i = 0; i < a->nrrs && type != SGN_TYPE_DNAME; i++) {
		const sgn_live_rr_t *rr = &a->rrs[i];
		const uint8_t *o = rr->rr.owner, *t = rr_target(rr);
		unsigned ol = sgn_name_labels(o);
		if (!rr_is(rr, SEC_ANSWER, SGN_TYPE_DNAME, NULL) || t == NULL || ol >= nl ||
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
	const sgn_live_rr_t *c =
	    type != SGN_TYPE_CNAME ? find_rr(a, SEC_ANSWER, SGN_TYPE_CNAME, name) : NULL;
	const uint8_t *t = c != NULL ? rr_target(c) : NULL;
	if (t != NULL) {
		memcpy(target, t, sgn_name_len(t, SGN_NAME_MAX));
	}
	return t != NULL;
}

/* -- zones and their servers -- */

/* The deepest zone with servers at or above @p name (the root at worst). */
static size_t zone_above(const sgn_live_t *L, const uint8_t *name)
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

/* Addresses in a section of @p a owned by @p name, as servers of @p zone so named. */
static bool take_addrs(sgn_live_t *L, const sgn_live_answer_t *a, int section,
                       const uint8_t *name, size_t zone)
{
	bool found = false;
	for (size_t i = 0; a != NULL && i < a->nrrs; i++) {
		const sgn_live_rr_t *rr = &a->rrs[i];
		struct sgn__lsrv s;
		if (rr->section == section && sgn_name_equal(rr->rr.owner, name) &&
		    sgn__lsrv_from_rdata(&s, rr->rr.type, rr->rr.rdata, rr->rr.rdlen, name,
		                         L->o->port)) {
			sgn__lzone_add_srv(&L->zones[zone], &s);
			found = true;
		}
	}
	return found;
}

static sgn_err_t lookup_addrs(sgn_live_t *L, const uint8_t *host, unsigned depth, size_t zone);

/* Servers for a cut: its NS names' addresses from the glue of @p a, else looked up (a
 * collection that asks every server looks up every NS name without glue, one that asks
 * one server only until it has an address). */
static sgn_err_t child_servers(sgn_live_t *L, const sgn_live_answer_t *a, const uint8_t *cut,
                               unsigned depth, size_t zone)
{
	uint8_t ns[SGN__LIVE_NS_MAX][SGN_NAME_MAX];
	bool glue[SGN__LIVE_NS_MAX];
	size_t nns = 0;
	for (size_t i = 0; i < a->nrrs; i++) {
		const sgn_live_rr_t *rr = &a->rrs[i];
		const uint8_t *t = rr_target(rr);
		if (rr->section == SEC_ADDITIONAL || rr->rr.type != SGN_TYPE_NS || t == NULL ||
		    !sgn_name_equal(rr->rr.owner, cut)) {
			continue;
		}
		bool again = false;
		for (size_t k = 0; k < nns && !again; k++) {
			again = sgn_name_equal(ns[k], t);
		}
		if (again) {
			continue;
		}
		if (nns == SGN__LIVE_NS_MAX) {
			L->zones[zone].names_left_out++;
		} else {
			memcpy(ns[nns], t, sgn_name_len(t, SGN_NAME_MAX));
			sgn_name_lower(ns[nns]);
			glue[nns] = take_addrs(L, a, SEC_ADDITIONAL, ns[nns], zone);
			nns++;
		}
	}
	sgn_err_t err = SGN_OK;
	for (size_t k = 0; k < nns && depth < LIVE_NEST_MAX && err == SGN_OK; k++) {
		if (!L->every && L->zones[zone].nsrv > 0) {
			break;
		}
		/* Glueless (RFC 1034 §5.3.3): look the name up, unless it is in the zone itself. */
		if (!glue[k] && !sgn_name_is_subdomain(ns[k], cut)) {
			err = lookup_addrs(L, ns[k], depth + 1, zone);
		}
	}
	return err;
}

/* The A, then the AAAA, of an NS name: referrals from the deepest zone known above it,
 * to an answer whose addresses become @p zone's servers. */
static sgn_err_t lookup_addrs(sgn_live_t *L, const uint8_t *host, unsigned depth, size_t zone)
{
	static const uint16_t types[] = { SGN_TYPE_A, SGN_TYPE_AAAA };
	sgn_err_t err = SGN_OK;
	for (size_t t = 0; t < ARRAY_LEN(types) && err == SGN_OK; t++) {
		if (!L->every && L->zones[zone].nsrv > 0) {
			break;
		}
		size_t at = zone_above(L, host), child;
		for (unsigned step = 0; step < SGN_NAME_MAX && err == SGN_OK; step++) {
			const sgn_live_answer_t *a;
			uint8_t cut[SGN_NAME_MAX];
			if ((err = sgn__live_ask(L, at, host, types[t], false, &a)) != SGN_OK || a == NULL) {
				break;
			}
			if (take_addrs(L, a, SEC_ANSWER, host, zone) ||
			    !find_cut(a, L->zones[at].apex, host, types[t], cut) ||
			    (err = sgn__live_zone_add(L, cut, &child)) != SGN_OK) {
				break;
			}
			if (L->zones[child].nsrv == 0 &&
			    (err = child_servers(L, a, cut, depth, child)) != SGN_OK) {
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
 * validator stops at this cut, and data from below it would only be noise (unless
 * follow_insecure asks to reach an unsigned zone's servers, as rollover's checks do). */
static sgn_err_t enter_cut(sgn_live_t *L, size_t *zone, const uint8_t *cut,
                           const sgn_live_answer_t *a, bool *go)
{
	const sgn_live_answer_t *ds;
	size_t child;
	*go = false;
	sgn_err_t err = sgn__live_ask(L, *zone, cut, SGN_TYPE_DS, true, &ds);
	bool has_ds = find_rr(a, SEC_AUTHORITY, SGN_TYPE_DS, cut) != NULL ||
	              find_rr(ds, SEC_ANSWER, SGN_TYPE_DS, cut) != NULL;
	if (err != SGN_OK || (!has_ds && !L->o->follow_insecure) ||
	    (err = sgn__live_zone_add(L, cut, &child)) != SGN_OK) {
		return err;
	}
	if (L->zones[child].nsrv == 0) {
		err = child_servers(L, a, cut, 0, child);
	}
	if (err != SGN_OK || L->zones[child].nsrv == 0) {
		return err;
	}
	*zone = child;
	*go = true;
	if (!L->zones[child].keys_asked) {
		L->zones[child].keys_asked = true;
		err = sgn__live_ask(L, child, cut, SGN_TYPE_DNSKEY, true, &ds);
	}
	return err;
}

/* From the root down to @p qname: one NS question per label finds the zone cuts (as QNAME
 * minimisation does, RFC 9156, so that a server serving parent and child alike cannot
 * hide a cut), then the question itself goes to the deepest zone. A DS question stops at
 * the parent of its owner, which is the zone that answers it. */
static sgn_err_t walk(sgn_live_t *L, const uint8_t *qname, uint16_t qtype, uint8_t *target,
                      bool *follow)
{
	unsigned labels = sgn_name_labels(qname);
	unsigned stop = qtype == SGN_TYPE_DS && labels > 0 ? labels - 1 : labels;
	size_t zone = 0;
	bool go = true;
	const sgn_live_answer_t *a;
	sgn_err_t err = SGN_OK;
	*follow = false;
	if (!L->zones[0].keys_asked) {
		L->zones[0].keys_asked = true;
		err = sgn__live_ask(L, 0, L->zones[0].apex, SGN_TYPE_DNSKEY, true, &a);
	}
	for (unsigned l = 1, step = 0; err == SGN_OK && go && step < 2 * SGN_NAME_MAX; step++) {
		bool last = l > stop;
		const uint8_t *name = last ? qname : sgn_name_strip(qname, labels - l);
		uint16_t type = last ? qtype : SGN_TYPE_NS;
		uint8_t cut[SGN_NAME_MAX], ignored[SGN_NAME_MAX];
		if ((err = sgn__live_ask(L, zone, name, type, last, &a)) != SGN_OK || a == NULL) {
			break;
		}
		if (find_cut(a, L->zones[zone].apex, name, type, cut)) {
			err = enter_cut(L, &zone, cut, a, &go);
			l = sgn_name_labels(cut) + 1;
		} else if (last) {
			*follow = redirect(a, qname, qtype, target);
			break;
		} else if (a->rcode == 3 || redirect(a, name, type, ignored)) {
			l = stop + 1; /* nothing below, or it is elsewhere: ask the question now */
		} else {
			l++;
		}
	}
	return err;
}

/* -- running a collection -- */

static sgn_err_t collect(sgn_live_t *L, const uint8_t *qname, uint16_t qtype)
{
	static const uint8_t root_name[1] = { 0 };
	uint8_t name[SGN_NAME_MAX], target[SGN_NAME_MAX];
	size_t root;
	bool follow = true;
	memcpy(name, qname, sgn_name_len(qname, SGN_NAME_MAX));
	sgn_name_lower(name);
	sgn_err_t err = sgn__live_zone_add(L, root_name, &root);
	if (err == SGN_OK) {
		err = sgn__live_roots(&L->zones[root], L->o, L->diag);
	}
	for (unsigned hops = 0; err == SGN_OK && follow && hops <= L->o->max_redirects; hops++) {
		err = walk(L, name, qtype, target, &follow);
		memcpy(name, target, follow ? sgn_name_len(target, SGN_NAME_MAX) : 0);
		sgn_name_lower(name);
	}
	if (err == SGN_OK && L->answers == 0) {
		err = sgn_diag_set(L->diag, SGN_EIO, "", 0, "no server answered (%s)",
		                   L->why[0] != '\0' ? L->why : "no server to ask");
	}
	if (err == SGN_OK && atomic_load(&L->spent)) {
		err = sgn_diag_set(L->diag, SGN_ELIMIT, "", 0,
		                   "the query budget (%u) ran out before every server was asked",
		                   L->o->max_queries);
	}
	return err;
}

sgn_err_t sgn__live_run_with(sgn_live_t **out, bool every, sgn__live_send_fn send, void *arg,
                             sgn_zoneset_t *into, const uint8_t *qname, uint16_t qtype,
                             const sgn_live_opts_t *opts, sgn_diag_t *diag)
{
	sgn_live_t *L = NULL;
	*out = NULL;
	if (sgn_name_len(qname, SGN_NAME_MAX) == 0 || opts->max_queries == 0) {
		return SGN_EINVAL;
	}
	sgn_err_t err = sgn__live_new(&L, every, send, arg);
	if (err != SGN_OK) {
		return err;
	}
	L->o = opts;
	L->diag = diag;
	L->fixed = opts->nservers > 0;
	err = collect(L, qname, qtype);
	if (err == SGN_OK || err == SGN_ELIMIT) { /* what was collected stays usable */
		sgn_diag_t ignored;
		sgn_zoneset_t *zs = into;
		sgn_err_t sealed = zs == NULL ? sgn_zoneset_new(&L->zs) : SGN_OK;
		zs = zs != NULL ? zs : L->zs;
		if (sealed == SGN_OK) {
			sealed = sgn__live_seal(L, zs, err == SGN_OK ? diag : &ignored);
		}
		err = sealed != SGN_OK ? sealed : err; /* a set that did not seal is not usable */
	}
	L->o = NULL;
	L->diag = NULL;
	if (err != SGN_OK && err != SGN_ELIMIT) {
		sgn_live_free(L);
		return err;
	}
	*out = L;
	return err;
}

/* -- public API -- */

sgn_err_t sgn_live_collect(sgn_zoneset_t *zs, const uint8_t *qname, uint16_t qtype,
                           const sgn_live_opts_t *opts, sgn_diag_t *diag)
{
	sgn_live_t *L;
	sgn_err_t err =
	    sgn__live_run_with(&L, false, sgn__live_send_ldns, NULL, zs, qname, qtype, opts, diag);
	sgn_live_free(L);
	return err;
}

sgn_err_t sgn_live_run(sgn_live_t **out, const uint8_t *qname, uint16_t qtype,
                       const sgn_live_opts_t *opts, sgn_diag_t *diag)
{
	return sgn__live_run_with(out, true, sgn__live_send_ldns, NULL, NULL, qname, qtype, opts,
	                          diag);
}
