/* SPDX-License-Identifier: MIT */
/* The authoritative servers of a live chain (sgn_chain_add_servers): for each zone on the
 * chain, every server the collection asked, how it answered, where its answers differ from
 * the reference server's on an RRset the chain uses, and how the chain would come out
 * validated with its answers instead. Every finding made here names its server. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/chain.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/rrset.h>

#include "../internal.h"
#include "vcore.h"

#define MERGED_MAX 64 /* findings of one server's own validation added to the chain */
#define SEEN_MAX 64   /* RRsets of one server compared (and reported) once each */

static const char *const cmp_names[] = {
	[SGN_CHAIN_CMP_NONE] = "none",       [SGN_CHAIN_CMP_SAME] = "same",
	[SGN_CHAIN_CMP_SIGS_DIFFER] = "signatures-differ", [SGN_CHAIN_CMP_DIFFERS] = "differs",
	[SGN_CHAIN_CMP_MISSING] = "missing",
};

const char *sgn_chain_cmp_str(sgn_chain_cmp_t cmp)
{
	return (unsigned)cmp < ARRAY_LEN(cmp_names) ? cmp_names[cmp] : "unknown";
}

struct audit {
	sgn_chain_t *c;
	const sgn_live_t *lv;
	const sgn_anchors_t *anchors;
	const sgn_chain_opts_t *opts;
	size_t base;                 /* the chain's own findings: items[0 .. base) */
	size_t z;                    /* the live zone being looked at */
	size_t entry;                /* its server's entry in c->servers */
	size_t acap;                 /* capacity of c->answers */
	size_t scap;                 /* capacity of c->servers */
	struct {
		const uint8_t *owner;
		uint16_t type;
	} seen[SEEN_MAX];            /* RRsets of the current server already compared */
	size_t nseen;
};

/* -- findings that name a server -- */

static void name_text(char *buf, size_t cap, const uint8_t *name)
{
	if (sgn_name_to_str(buf, cap, name) != SGN_OK) {
		snprintf(buf, cap, "?");
	}
}

/* "NAME ADDR", or "ADDR" for a server given by address. */
static void server_text(char *buf, size_t cap, const sgn_live_server_t *s)
{
	char name[SGN_NAME_STR_MAX];
	name_text(name, sizeof(name), s->name);
	snprintf(buf, cap, "%s%s%s", s->name[0] != 0 ? name : "", s->name[0] != 0 ? " " : "",
	         s->address);
}

static sgn_err_t add(struct audit *A, const sgn_live_server_t *s, sgn_severity_t sev,
                     sgn_finding_code_t code, const uint8_t *owner, uint16_t type,
                     const char *fmt, ...) SGN_PRINTF(7, 8);

static sgn_err_t add(struct audit *A, const sgn_live_server_t *s, sgn_severity_t sev,
                     sgn_finding_code_t code, const uint8_t *owner, uint16_t type,
                     const char *fmt, ...)
{
	sgn_finding_t f;
	va_list ap;
	memset(&f, 0, sizeof(f));
	f.code = code;
	f.severity = sev;
	memcpy(f.owner, owner, sgn_name_len(owner, SGN_NAME_MAX));
	f.type = type;
	va_start(ap, fmt);
	vsnprintf(f.detail, sizeof(f.detail), fmt, ap);
	va_end(ap);
	f.has_server = true;
	f.server_port = s->port;
	memcpy(f.server_name, s->name, sgn_name_len(s->name, SGN_NAME_MAX));
	snprintf(f.server_address, sizeof(f.server_address), "%s", s->address);
	return sgn_findings_push(&A->c->findings, &f);
}

/* ": SOA serial X here, Y at the reference" when both are known. */
static void serials(char *buf, size_t cap, const sgn_live_server_t *here,
                    const sgn_live_server_t *ref)
{
	buf[0] = '\0';
	if (here->has_serial && ref->has_serial && here->serial != ref->serial) {
		snprintf(buf, cap, "; SOA serial %u here, %u there: a change may still be propagating",
		         here->serial, ref->serial);
	} else if (here->has_serial && ref->has_serial) {
		snprintf(buf, cap, "; the same SOA serial %u", here->serial);
	}
}

/* -- comparing RRsets of two answers -- */

static bool is_used(const sgn_chain_t *c, const uint8_t *owner, uint16_t type)
{
	for (size_t i = 0; i < c->nused; i++) {
		if (c->used[i]->rrset.type == type && sgn_name_equal(c->used[i]->rrset.owner, owner)) {
			return true;
		}
	}
	for (size_t i = 0; i < c->nproofs; i++) {
		const sgn_rrset_t *r = &c->proofs[i].rrset->rrset;
		if (r->type == type && sgn_name_equal(r->owner, owner)) {
			return true;
		}
	}
	return false;
}

/* The type an RR counts for: an RRSIG for the type it covers. */
static uint16_t counted_type(const sgn_rr_t *rr)
{
	return rr->type == SGN_TYPE_RRSIG && rr->rdlen >= 2 ? sgn__get16(rr->rdata) : rr->type;
}

/* The RDATA of (@p owner, @p type) in the answer and authority sections - the records, or
 * with @p sigs the RRSIGs over them - canonical, sorted, each once. */
struct rset {
	sgn_rdata_t *rd;
	size_t n;
	uint8_t *store;
};

static sgn_err_t gather(const sgn_live_answer_t *a, const uint8_t *owner, uint16_t type,
                        bool sigs, struct rset *out)
{
	size_t n = 0, bytes = 0;
	memset(out, 0, sizeof(*out));
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; a != NULL && i < a->nrrs; i++) {
			const sgn_rr_t *rr = &a->rrs[i].rr;
			if (a->rrs[i].section > 1 || (rr->type == SGN_TYPE_RRSIG) != sigs ||
			    counted_type(rr) != type || !sgn_name_equal(rr->owner, owner)) {
				continue;
			}
			if (pass == 0) {
				n++;
				bytes += rr->rdlen;
				continue;
			}
			uint8_t *p = out->store + bytes;
			memcpy(p, rr->rdata, rr->rdlen);
			if (sgn_rdata_canonicalize(rr->type, p, rr->rdlen) != SGN_OK) {
				continue; /* checked on receipt: cannot happen */
			}
			out->rd[out->n++] = (sgn_rdata_t){ .data = p, .len = rr->rdlen };
			bytes += rr->rdlen;
		}
		if (pass == 0) {
			out->rd = calloc(n + 1, sizeof(*out->rd));
			out->store = malloc(bytes + 1);
			if (out->rd == NULL || out->store == NULL) {
				free(out->rd);
				free(out->store);
				return SGN_ENOMEM;
			}
			bytes = 0;
		}
	}
	sgn_rdata_sort_unique(out->rd, &out->n);
	return SGN_OK;
}

static bool rset_equal(const struct rset *a, const struct rset *b)
{
	if (a->n != b->n) {
		return false;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (a->rd[i].len != b->rd[i].len || memcmp(a->rd[i].data, b->rd[i].data, a->rd[i].len)) {
			return false;
		}
	}
	return true;
}

struct cmp {
	sgn_chain_cmp_t cmp;
	size_t rec[2], sig[2];       /* [0] this server, [1] the reference */
};

static sgn_err_t compare(const sgn_live_answer_t *here, const sgn_live_answer_t *ref,
                         const uint8_t *owner, uint16_t type, struct cmp *out)
{
	struct rset r[4];
	sgn_err_t err = gather(here, owner, type, false, &r[0]);
	err = err == SGN_OK ? gather(ref, owner, type, false, &r[1]) : err;
	err = err == SGN_OK ? gather(here, owner, type, true, &r[2]) : err;
	err = err == SGN_OK ? gather(ref, owner, type, true, &r[3]) : err;
	if (err == SGN_OK) {
		out->rec[0] = r[0].n;
		out->rec[1] = r[1].n;
		out->sig[0] = r[2].n;
		out->sig[1] = r[3].n;
		out->cmp = r[0].n == 0 && r[2].n == 0 ? SGN_CHAIN_CMP_MISSING
		           : !rset_equal(&r[0], &r[1]) ? SGN_CHAIN_CMP_DIFFERS
		           : !rset_equal(&r[2], &r[3]) ? SGN_CHAIN_CMP_SIGS_DIFFER
		                                       : SGN_CHAIN_CMP_SAME;
	}
	for (size_t i = 0; i < ARRAY_LEN(r); i++) {
		free(r[i].rd);
		free(r[i].store);
	}
	return err;
}

/* A difference on an RRset the chain uses: counted and reported once per server. */
static sgn_err_t note(struct audit *A, const sgn_live_question_t *q, const uint8_t *owner,
                      uint16_t type, const struct cmp *r)
{
	sgn_chain_server_t *e = &A->c->servers[A->entry];
	const sgn_live_server_t *ref =
	    sgn_live_get_server(A->lv, A->z, q->reference);
	char who[SGN_NAME_STR_MAX + 64], tail[128], qn[SGN_NAME_STR_MAX], tb[SGN_TYPE_STR_MAX];
	for (size_t i = 0; i < A->nseen; i++) {
		if (A->seen[i].type == type && sgn_name_equal(A->seen[i].owner, owner)) {
			return SGN_OK;
		}
	}
	if (A->nseen < SEEN_MAX) {
		A->seen[A->nseen].owner = owner;
		A->seen[A->nseen++].type = type;
	}
	if (r->cmp == SGN_CHAIN_CMP_SAME || ref == NULL) {
		return SGN_OK;
	}
	server_text(who, sizeof(who), ref);
	serials(tail, sizeof(tail), &e->info, ref);
	if (r->cmp == SGN_CHAIN_CMP_SIGS_DIFFER) {
		e->sigs_differ++;
		return add(A, &e->info, SGN_SEV_NOTICE, SGN_FIND_SERVER_DATA_DIFFERS, owner, type,
		           "the same records (%zu), other RRSIGs (%zu here, %zu at %s, whose answers "
		           "were validated)%s",
		           r->rec[0], r->sig[0], r->sig[1], who, tail);
	}
	e->differs++;
	if (r->cmp == SGN_CHAIN_CMP_MISSING) {
		name_text(qn, sizeof(qn), q->name);
		return add(A, &e->info, SGN_SEV_WARNING, SGN_FIND_SERVER_DATA_DIFFERS, owner, type,
		           "not in its answer to %s %s; %s, whose answers were validated, has %zu "
		           "records%s",
		           qn, sgn_type_to_str(tb, q->type), who, r->rec[1], tail);
	}
	return add(A, &e->info, SGN_SEV_WARNING, SGN_FIND_SERVER_DATA_DIFFERS, owner, type,
	           "%zu records (%zu RRSIG) here, other records: %zu (%zu RRSIG) at %s, whose "
	           "answers were validated%s",
	           r->rec[0], r->sig[0], r->rec[1], r->sig[1], who, tail);
}

/* -- one server's answers -- */

/* The RRsets of an answer, the chain's first, each compared with the reference's when
 * @p ref is given; those the reference has and this one lacks are added as missing. */
static sgn_err_t rrsets(struct audit *A, const sgn_live_question_t *q, const sgn_live_answer_t *a,
                        const sgn_live_answer_t *ref, sgn_chain_answer_t *x)
{
	sgn_err_t err = SGN_OK;
	for (int pass = 0; pass < 3 && err == SGN_OK; pass++) {
		/* pass 0: the chain's RRsets, 1: the others, 2: the chain's that it lacks */
		const sgn_live_answer_t *from = pass < 2 ? a : ref;
		for (size_t i = 0; from != NULL && i < from->nrrs && err == SGN_OK; i++) {
			const sgn_live_rr_t *rr = &from->rrs[i];
			uint16_t type = counted_type(&rr->rr);
			bool used = rr->section < 2 && is_used(A->c, rr->rr.owner, type);
			bool first = true;
			for (size_t k = 0; k < i && first; k++) {
				first = !(from->rrs[k].section == rr->section &&
				          counted_type(&from->rrs[k].rr) == type &&
				          sgn_name_equal(from->rrs[k].rr.owner, rr->rr.owner));
			}
			if (!first || used != (pass != 1)) {
				continue;
			}
			struct cmp r = { .cmp = SGN_CHAIN_CMP_NONE };
			if (used && ref != NULL) {
				err = compare(a, ref, rr->rr.owner, type, &r);
				err = err == SGN_OK ? note(A, q, rr->rr.owner, type, &r) : err;
			}
			if (pass == 2 && r.cmp != SGN_CHAIN_CMP_MISSING) {
				continue; /* this server has it: listed in pass 0 */
			}
			x->rrsets_total++;
			if (x->nrrsets < SGN_CHAIN_ANSWER_RRSETS_MAX) {
				sgn_chain_answer_rrset_t *o = &x->rrsets[x->nrrsets++];
				memcpy(o->owner, rr->rr.owner, sgn_name_len(rr->rr.owner, SGN_NAME_MAX));
				sgn_name_lower(o->owner);
				o->type = type;
				o->section = rr->section;
				o->used = used;
				o->cmp = r.cmp;
				o->records = pass == 2 ? 0 : r.cmp != SGN_CHAIN_CMP_NONE ? r.rec[0] : 0;
				o->sigs = pass == 2 ? 0 : r.cmp != SGN_CHAIN_CMP_NONE ? r.sig[0] : 0;
				for (size_t k = i; pass < 2 && r.cmp == SGN_CHAIN_CMP_NONE && k < a->nrrs; k++) {
					const sgn_live_rr_t *y = &a->rrs[k];
					if (y->section == rr->section && counted_type(&y->rr) == type &&
					    sgn_name_equal(y->rr.owner, rr->rr.owner)) {
						o->records += y->rr.type != SGN_TYPE_RRSIG;
						o->sigs += y->rr.type == SGN_TYPE_RRSIG;
					}
				}
			}
		}
	}
	return err;
}

static bool bad_state(sgn_live_state_t s)
{
	return s == SGN_LIVE_UNREACHABLE || s == SGN_LIVE_REFUSED || s == SGN_LIVE_LAME ||
	       s == SGN_LIVE_FAILED;
}

static sgn_err_t one_answer(struct audit *A, size_t s, size_t qi)
{
	sgn_chain_t *c = A->c;
	const sgn_live_question_t *q = sgn_live_get_question(A->lv, A->z, qi);
	const sgn_live_answer_t *a = sgn_live_get_answer(A->lv, A->z, qi, s);
	if (a == NULL || a->state == SGN_LIVE_NOT_ASKED) {
		return SGN_OK;
	}
	if (sgn__grow(&c->answers, &A->acap, c->nanswers + 1, sizeof(*c->answers), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	sgn_chain_answer_t *x = &c->answers[c->nanswers++];
	memset(x, 0, sizeof(*x));
	x->server = A->entry;
	memcpy(x->qname, q->name, sgn_name_len(q->name, SGN_NAME_MAX));
	x->qtype = q->type;
	x->every_server = q->every_server;
	x->reference = q->reference == s;
	x->state = a->state;
	x->rcode = a->rcode;
	x->aa = a->aa;
	x->tcp = a->tcp;
	snprintf(x->why, sizeof(x->why), "%s", a->why);
	bool usable = a->state == SGN_LIVE_ANSWERED || (a->state == SGN_LIVE_LAME && a->nrrs > 0);
	bool compared = q->every_server && q->reference != SIZE_MAX && q->reference != s && usable;
	const sgn_live_answer_t *ref = compared ? sgn_live_get_answer(A->lv, A->z, qi, q->reference)
	                                        : NULL;
	sgn_err_t err = rrsets(A, q, usable ? a : NULL, ref, x);
	const sgn_chain_server_t *e = &c->servers[A->entry];
	if (err == SGN_OK && e->info.state == SGN_LIVE_ANSWERED && q->every_server &&
	    bad_state(a->state)) {
		err = add(A, &e->info, SGN_SEV_WARNING,
		          a->state == SGN_LIVE_UNREACHABLE ? SGN_FIND_SERVER_UNREACHABLE
		                                           : SGN_FIND_SERVER_LAME,
		          q->name, q->type, "no answer to this question: %s", a->why);
	}
	return err;
}

/* -- one server's own validation -- */

static bool same_link(const sgn_link_t *a, const sgn_link_t *b)
{
	return a->kind == b->kind && a->type == b->type && sgn_name_equal(a->owner, b->owner);
}

static bool same_outcome(const sgn_link_t *a, const sgn_link_t *b)
{
	return a->status == b->status && a->has_reason == b->has_reason &&
	       (!a->has_reason || a->reason == b->reason);
}

/* "bogus (rrsig-expired)" or "secure". */
static void outcome(char *buf, size_t cap, const sgn_link_t *l)
{
	snprintf(buf, cap, "%s%s%s%s", sgn_status_str(l->status), l->has_reason ? " (" : "",
	         l->has_reason ? sgn_finding_id(l->reason) : "", l->has_reason ? ")" : "");
}

/* The first link that the server's answers change, as a finding. */
static sgn_err_t differ(struct audit *A, const sgn_chain_t *cs, bool *found)
{
	const sgn_chain_t *c = A->c;
	const sgn_live_server_t *s = &c->servers[A->entry].info;
	char was[64], would[64];
	*found = false;
	for (size_t i = 0; i < c->nlinks || i < cs->nlinks; i++) {
		const sgn_link_t *x = i < c->nlinks ? &c->links[i] : NULL;
		const sgn_link_t *y = i < cs->nlinks ? &cs->links[i] : NULL;
		if (x != NULL && y != NULL && same_link(x, y) && same_outcome(x, y)) {
			continue;
		}
		*found = true;
		const sgn_link_t *at = y != NULL ? y : x;
		if (x != NULL && y != NULL && same_link(x, y)) {
			outcome(was, sizeof(was), x);
			outcome(would, sizeof(would), y);
			return add(A, s, SGN_SEV_ERROR, SGN_FIND_SERVER_VERDICT_DIFFERS, at->owner, at->type,
			           "the %s link would be %s, not %s; the verdict %s, not %s",
			           sgn_link_kind_str(at->kind), would, was, sgn_status_str(cs->verdict),
			           sgn_status_str(c->verdict));
		}
		if (y != NULL) {
			outcome(would, sizeof(would), y);
		}
		return add(A, s, SGN_SEV_ERROR, SGN_FIND_SERVER_VERDICT_DIFFERS, at->owner, at->type,
		           "the chain would %s a %s link here%s%s; the verdict %s, not %s",
		           y != NULL ? "go on with" : "end before", sgn_link_kind_str(at->kind),
		           y != NULL ? ", " : "", y != NULL ? would : "", sgn_status_str(cs->verdict),
		           sgn_status_str(c->verdict));
	}
	return SGN_OK;
}

static bool in_chain(const struct audit *A, const sgn_finding_t *f)
{
	for (size_t i = 0; i < A->base; i++) {
		const sgn_finding_t *x = &A->c->findings.items[i];
		if (x->code == f->code && x->type == f->type && x->has_key == f->has_key &&
		    (!x->has_key || x->key_tag == f->key_tag) && sgn_name_equal(x->owner, f->owner)) {
			return true;
		}
	}
	return false;
}

/* Validate the chain with server @p s's answers for its zone; what changes is reported. */
static sgn_err_t check_view(struct audit *A, size_t s)
{
	sgn_zoneset_t *zs = NULL;
	sgn_chain_t *cs = NULL;
	bool found = false;
	sgn_err_t err = sgn_live_view(A->lv, &zs, A->z, s, false);
	if (err == SGN_OK) {
		err = sgn_chain_validate(&cs, zs, A->anchors, A->c->qname, A->c->qtype, A->opts);
	}
	if (err == SGN_OK) {
		err = differ(A, cs, &found);
	}
	sgn_chain_server_t *e = &A->c->servers[A->entry];
	size_t merged = 0;
	for (size_t i = 0; err == SGN_OK && i < cs->findings.count && merged < MERGED_MAX; i++) {
		sgn_finding_t f = cs->findings.items[i];
		if (in_chain(A, &f)) {
			continue;
		}
		f.has_server = true;
		f.server_port = e->info.port;
		memcpy(f.server_name, e->info.name, sizeof(f.server_name));
		snprintf(f.server_address, sizeof(f.server_address), "%s", e->info.address);
		err = sgn_findings_push(&A->c->findings, &f);
		merged++;
	}
	if (err == SGN_OK) {
		e->checked = true;
		e->verdict = cs->verdict;
		e->verdict_differs = found;
	}
	sgn_chain_free(cs);
	sgn_zoneset_free(zs);
	return err;
}

/* -- zones -- */

static bool on_chain(const sgn_chain_t *c, const uint8_t *apex)
{
	for (size_t i = 0; i < c->nlinks; i++) {
		if (sgn_name_equal(c->links[i].zone, apex) ||
		    (c->links[i].kind == SGN_LINK_DNSKEY && sgn_name_equal(c->links[i].owner, apex))) {
			return true;
		}
	}
	return false;
}

/* A server's own state (its SOA answer), as a finding when it is unusable. */
static sgn_err_t server_state(struct audit *A, const uint8_t *apex)
{
	const sgn_live_server_t *s = &A->c->servers[A->entry].info;
	if (s->state == SGN_LIVE_UNREACHABLE) {
		return add(A, s, SGN_SEV_WARNING, SGN_FIND_SERVER_UNREACHABLE, apex, SGN_TYPE_NS, "%s",
		           s->why);
	}
	if (bad_state(s->state)) {
		return add(A, s, SGN_SEV_WARNING, SGN_FIND_SERVER_LAME, apex, SGN_TYPE_NS, "%s",
		           s->why);
	}
	return SGN_OK;
}

static sgn_err_t zone_servers(struct audit *A)
{
	sgn_chain_t *c = A->c;
	const uint8_t *apex = sgn_live_zone_apex(A->lv, A->z);
	size_t n = sgn_live_server_count(A->lv, A->z), ref = sgn_live_zone_reference(A->lv, A->z);
	sgn_err_t err = SGN_OK;
	if (n == 0) { /* a cut whose NS names have no address that could be found */
		return sgn__vfind(&c->findings, SGN_FIND_SERVER_UNREACHABLE, apex, SGN_TYPE_NS, -1, 0,
		                  0, "no address found for any name of its NS set");
	}
	if (sgn__grow(&c->servers, &A->scap, c->nservers + n + 1, sizeof(*c->servers), 8) != SGN_OK) {
		return SGN_ENOMEM;
	}
	for (size_t s = 0; s < n && err == SGN_OK; s++) {
		A->entry = c->nservers++;
		A->nseen = 0;
		sgn_chain_server_t *e = &c->servers[A->entry];
		memset(e, 0, sizeof(*e));
		memcpy(e->zone, apex, sgn_name_len(apex, SGN_NAME_MAX));
		e->info = *sgn_live_get_server(A->lv, A->z, s);
		e->reference = s == ref;
		e->zone_left_out = sgn_live_zone_left_out(A->lv, A->z);
		e->first_answer = c->nanswers;
		e->first_finding = c->findings.count;
		err = server_state(A, apex);
		for (size_t q = 0; q < sgn_live_question_count(A->lv, A->z) && err == SGN_OK; q++) {
			err = one_answer(A, s, q);
		}
		if (err == SGN_OK && s != ref && c->servers[A->entry].info.answered > 0) {
			err = check_view(A, s);
		}
		e = &c->servers[A->entry];
		e->nanswers = c->nanswers - e->first_answer;
		e->nfindings = c->findings.count - e->first_finding;
	}
	return err;
}

/* -- public API -- */

sgn_err_t sgn_chain_add_servers(sgn_chain_t *c, const sgn_live_t *lv, const sgn_anchors_t *anchors,
                                const sgn_chain_opts_t *opts)
{
	struct audit A = { .c = c, .lv = lv, .anchors = anchors, .opts = opts };
	if (c->servers != NULL || c->nservers > 0) {
		return SGN_EINVAL;
	}
	A.base = c->findings.count;
	sgn_err_t err = SGN_OK;
	for (size_t z = 0; z < sgn_live_zone_count(lv) && err == SGN_OK; z++) {
		A.z = z;
		if (on_chain(c, sgn_live_zone_apex(lv, z))) {
			err = zone_servers(&A);
		}
	}
	return err;
}
