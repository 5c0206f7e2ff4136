/* SPDX-License-Identifier: MIT */
/* Asking a zone's servers. A collection that asks every server first puts the zone's SOA
 * question to all of them at once (one thread each): how each answers decides whether it
 * is asked more, and the highest serial among those that answered authoritatively makes
 * the reference server, whose answers form the consistent view. Then a question whose
 * answer the chain uses goes to every usable server, at once; one that only finds the way
 * (an NS question, an NS name's address) goes to one after another until one answers. */
#include <stdio.h>
#include <string.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "../pool/pool.h"
#include "live.h"

#define RCODE_NOERROR  0
#define RCODE_NXDOMAIN 3
#define RCODE_REFUSED  5

static const char *rcode_name(int rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		                             "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
		                             "NXRRSET", "NOTAUTH", "NOTZONE" };
	return rcode >= 0 && (unsigned)rcode < ARRAY_LEN(names) ? names[rcode] : "an error";
}

/* What an attempt's result makes of an answer; @p need_aa: it must be authoritative. */
static void judge(struct sgn__lanswer *a, const struct sgn__lsent *r, bool need_aa)
{
	sgn_live_answer_t *p = &a->pub;
	p->rcode = r->response ? r->rcode : -1;
	p->aa = r->response && r->aa;
	a->usable = false;
	p->why[0] = '\0';
	if (!r->response) {
		p->state = r->mismatch ? SGN_LIVE_FAILED : SGN_LIVE_UNREACHABLE;
		snprintf(p->why, sizeof(p->why), "%s", r->why[0] != '\0' ? r->why : "no response");
	} else if (r->tc) {
		p->state = SGN_LIVE_FAILED;
		snprintf(p->why, sizeof(p->why), "truncated over TCP");
	} else if (r->rcode == RCODE_REFUSED) {
		p->state = SGN_LIVE_REFUSED;
		snprintf(p->why, sizeof(p->why), "it does not serve the zone (REFUSED)");
	} else if (r->rcode != RCODE_NOERROR && r->rcode != RCODE_NXDOMAIN) {
		p->state = SGN_LIVE_FAILED;
		snprintf(p->why, sizeof(p->why), "%s", rcode_name(r->rcode));
	} else {
		a->usable = true;
		p->state = need_aa && !r->aa ? SGN_LIVE_LAME : SGN_LIVE_ANSWERED;
		if (p->state == SGN_LIVE_LAME) {
			snprintf(p->why, sizeof(p->why), "not authoritative (no AA bit)");
		}
	}
	if (!a->usable) {
		sgn__lanswer_clear(a);
	}
}

/* One server, one question: UDP, then TCP when the answer is truncated, each attempt
 * within the query budget (a spent budget leaves the answer NOT_ASKED). */
static sgn_err_t ask_server(sgn_live_t *L, const struct sgn__lsrv *s, const uint8_t *name,
                            uint16_t type, bool need_aa, struct sgn__lanswer *a)
{
	struct sgn__lsent r;
	bool sent = false;
	for (int tcp = 0; tcp < 2; tcp++) {
		if (atomic_fetch_add(&L->queries, 1) >= L->o->max_queries) {
			atomic_fetch_sub(&L->queries, 1);
			break;
		}
		memset(&r, 0, sizeof(r));
		sgn__lanswer_clear(a);
		a->queries++;
		a->pub.tcp = tcp;
		sent = true;
		sgn_err_t err = L->send(L->send_arg, s, L->fixed, tcp, L->o->timeout_ms, name, type, a,
		                        &r);
		if (err != SGN_OK) {
			return err;
		}
		if (!r.response || !r.tc) {
			break;
		}
	}
	if (!sent) {
		atomic_store(&L->spent, true);
		a->pub.state = SGN_LIVE_NOT_ASKED;
		snprintf(a->pub.why, sizeof(a->pub.why), "the query budget ran out");
		return SGN_OK;
	}
	judge(a, &r, need_aa);
	return SGN_OK;
}

/* -- every server at once -- */

struct round {
	sgn_live_t *L;
	size_t z, q;
	size_t who[SGN__LIVE_SRV_MAX];
	bool need_aa;
};

static sgn_err_t round_job(void *ctx, unsigned worker, size_t job)
{
	struct round *r = ctx;
	SGN_UNUSED(worker);
	struct sgn__lzone *z = &r->L->zones[r->z];
	struct sgn__lquestion *q = &z->q[r->q];
	size_t s = r->who[job];
	return ask_server(r->L, &z->srv[s], q->pub.name, q->pub.type, r->need_aa, &q->ans[s]);
}

/* May server @p s be asked more? After the SOA question: those that answered it, or, when
 * none did, those that answered without authority (what else is there to ask). */
static bool usable(const struct sgn__lzone *z, size_t s)
{
	if (!z->probed) {
		return true;
	}
	if (z->srv[s].pub.state == SGN_LIVE_ANSWERED) {
		return true;
	}
	return z->srv[s].pub.state == SGN_LIVE_LAME && z->ref != SIZE_MAX &&
	       z->srv[z->ref].pub.state == SGN_LIVE_LAME;
}

static void count(struct sgn__lzone *z, const struct sgn__lquestion *q, size_t s)
{
	if (q->ans[s].pub.state != SGN_LIVE_NOT_ASKED) {
		z->srv[s].pub.asked++;
		z->srv[s].pub.answered += q->ans[s].usable;
	}
}

/* Put question @p qi to every server of the zone not asked it yet (all of them for the
 * SOA question, the usable ones after it). */
static sgn_err_t ask_every(sgn_live_t *L, size_t zi, size_t qi, bool probe)
{
	struct round r = { .L = L, .z = zi, .q = qi, .need_aa = probe && !L->fixed };
	struct sgn__lzone *z = &L->zones[zi];
	struct sgn__lquestion *q = &z->q[qi];
	size_t n = 0;
	for (size_t s = 0; s < q->nans; s++) {
		if (q->ans[s].pub.state == SGN_LIVE_NOT_ASKED && q->ans[s].queries == 0 &&
		    (probe || usable(z, s))) {
			r.who[n++] = s;
		}
	}
	if (n > 0 && atomic_load(&L->queries) >= L->o->max_queries) {
		return sgn_diag_set(L->diag, SGN_ELIMIT, "", 0, "the query budget (%u) ran out",
		                    L->o->max_queries);
	}
	sgn_err_t err = n > 0 ? sgn__pool_run((unsigned)n, n, round_job, &r) : SGN_OK;
	for (size_t k = 0; k < n; k++) {
		count(z, q, r.who[k]);
	}
	return err;
}

/* RFC 1982: is serial @p a after @p b? */
static bool serial_after(uint32_t a, uint32_t b)
{
	return a != b && (int32_t)(a - b) > 0;
}

/* The serial of an SOA answer for the apex, if there is one. */
static bool soa_serial(const struct sgn__lanswer *a, const uint8_t *apex, uint32_t *serial)
{
	for (size_t i = 0; i < a->pub.nrrs; i++) {
		const sgn_rr_t *rr = &a->rrs[i].rr;
		if (a->rrs[i].section != 0 || rr->type != SGN_TYPE_SOA || !sgn_name_equal(rr->owner, apex)) {
			continue;
		}
		size_t m = sgn_name_len(rr->rdata, rr->rdlen);
		size_t r = m > 0 ? sgn_name_len(rr->rdata + m, rr->rdlen - m) : 0;
		if (r > 0 && m + r + 4 <= rr->rdlen) {
			*serial = sgn__get32(rr->rdata + m + r);
			return true;
		}
	}
	return false;
}

static void note_failure(sgn_live_t *L, const struct sgn__lzone *z, const struct sgn__lquestion *q)
{
	for (size_t s = q->nans; s > 0; s--) {
		const struct sgn__lanswer *a = &q->ans[s - 1];
		if (a->pub.state != SGN_LIVE_NOT_ASKED || a->queries > 0) {
			snprintf(L->why, sizeof(L->why), "%s@%u: %s", z->srv[s - 1].pub.address,
			         z->srv[s - 1].pub.port, a->pub.why[0] != '\0' ? a->pub.why : "no answer");
			return;
		}
	}
}

/* The SOA question to every server: their states, serials, and the reference. */
static sgn_err_t probe(sgn_live_t *L, size_t zi)
{
	size_t qi;
	struct sgn__lzone *z = &L->zones[zi];
	sgn_err_t err = sgn__live_question_new(L, zi, z->apex, SGN_TYPE_SOA, true, &qi);
	if (err == SGN_OK) {
		err = ask_every(L, zi, qi, true);
	}
	z = &L->zones[zi];
	z->probed = true;
	if (err != SGN_OK) {
		return err;
	}
	struct sgn__lquestion *q = &z->q[qi];
	size_t lame = SIZE_MAX;
	for (size_t s = 0; s < q->nans; s++) {
		sgn_live_server_t *p = &z->srv[s].pub;
		const struct sgn__lanswer *a = &q->ans[s];
		p->state = a->pub.state;
		snprintf(p->why, sizeof(p->why), "%s", a->pub.why);
		p->has_serial = a->usable && soa_serial(a, z->apex, &p->serial);
		if (p->state == SGN_LIVE_LAME && lame == SIZE_MAX) {
			lame = s;
		}
		if (p->state == SGN_LIVE_ANSWERED &&
		    (z->ref == SIZE_MAX ||
		     (p->has_serial && (!z->srv[z->ref].pub.has_serial ||
		                        serial_after(p->serial, z->srv[z->ref].pub.serial))))) {
			z->ref = s;
		}
	}
	z->ref = z->ref != SIZE_MAX ? z->ref : lame;
	q->pub.reference = z->ref;
	L->answers += z->ref != SIZE_MAX;
	if (z->ref == SIZE_MAX) {
		note_failure(L, z, q);
	}
	return SGN_OK;
}

/* -- one server after another -- */

static sgn_err_t ask_one(sgn_live_t *L, size_t zi, size_t qi)
{
	struct sgn__lzone *z = &L->zones[zi];
	struct sgn__lquestion *q = &z->q[qi];
	size_t order[SGN__LIVE_SRV_MAX], n = 0;
	if (z->ref != SIZE_MAX && z->ref < q->nans) {
		order[n++] = z->ref;
	}
	for (size_t s = 0; s < q->nans; s++) {
		if (s != z->ref && usable(z, s)) {
			order[n++] = s;
		}
	}
	for (size_t k = 0; k < n && k < SGN__LIVE_TRIES; k++) {
		if (atomic_load(&L->queries) >= L->o->max_queries) {
			return sgn_diag_set(L->diag, SGN_ELIMIT, "", 0, "the query budget (%u) ran out",
			                    L->o->max_queries);
		}
		sgn_err_t err = ask_server(L, &z->srv[order[k]], q->pub.name, q->pub.type, false,
		                           &q->ans[order[k]]);
		if (err != SGN_OK) {
			return err;
		}
		count(z, q, order[k]);
		if (q->ans[order[k]].usable) {
			break;
		}
	}
	return SGN_OK;
}

/* The reference answer of a question: the zone's reference server's, else the first. */
static void pick(struct sgn__lzone *z, struct sgn__lquestion *q)
{
	if (z->ref != SIZE_MAX && z->ref < q->nans && q->ans[z->ref].usable) {
		q->pub.reference = z->ref;
		return;
	}
	for (size_t s = 0; s < q->nans; s++) {
		if (q->ans[s].usable) {
			q->pub.reference = s;
			return;
		}
	}
}

sgn_err_t sgn__live_ask(sgn_live_t *L, size_t zi, const uint8_t *name, uint16_t type, bool every,
                        const sgn_live_answer_t **out)
{
	struct sgn__lzone *z = &L->zones[zi];
	size_t qi = SIZE_MAX;
	sgn_err_t err = SGN_OK;
	*out = NULL;
	every = every && L->every;
	for (size_t i = 0; i < z->nq && qi == SIZE_MAX; i++) {
		if (z->q[i].pub.type == type && sgn_name_equal(z->q[i].pub.name, name)) {
			qi = i;
		}
	}
	if (qi != SIZE_MAX && (!every || z->q[qi].pub.every_server)) {
		size_t ref = z->q[qi].pub.reference;
		*out = ref != SIZE_MAX ? &z->q[qi].ans[ref].pub : NULL;
		return SGN_OK;
	}
	if (every && !z->probed) {
		err = probe(L, zi);
		z = &L->zones[zi];
		if (err == SGN_OK && type == SGN_TYPE_SOA && sgn_name_equal(name, z->apex)) {
			return sgn__live_ask(L, zi, name, type, every, out); /* it was the probe */
		}
	}
	if (err == SGN_OK && qi == SIZE_MAX) {
		err = sgn__live_question_new(L, zi, name, type, every, &qi);
	}
	if (err != SGN_OK) {
		return err;
	}
	z = &L->zones[zi];
	z->q[qi].pub.every_server = z->q[qi].pub.every_server || every;
	bool had = z->q[qi].pub.reference != SIZE_MAX;
	err = every ? ask_every(L, zi, qi, false) : ask_one(L, zi, qi);
	struct sgn__lquestion *q = &z->q[qi];
	if (q->pub.reference == SIZE_MAX) {
		pick(z, q);
	}
	if (q->pub.reference != SIZE_MAX) {
		L->answers += !had;
		*out = &q->ans[q->pub.reference].pub;
	} else {
		note_failure(L, z, q);
	}
	return err;
}
