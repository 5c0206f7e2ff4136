/* SPDX-License-Identifier: MIT */
/* What a live collection keeps: the zones met, their servers, each question and every
 * server's answer to it, apart; and the zone sets made of them - the consistent view the
 * chain is validated over, and each server's own. Nothing here talks to the network. */
#include <stdlib.h>
#include <string.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "live.h"

#define ANSWER_ARENA 2048 /* bytes per arena block of one answer */

static const char *const state_names[] = {
	[SGN_LIVE_ANSWERED] = "answered", [SGN_LIVE_UNREACHABLE] = "unreachable",
	[SGN_LIVE_REFUSED] = "refused",   [SGN_LIVE_LAME] = "lame",
	[SGN_LIVE_FAILED] = "failed",     [SGN_LIVE_NOT_ASKED] = "not-asked",
};

const char *sgn_live_state_str(sgn_live_state_t state)
{
	return (unsigned)state < ARRAY_LEN(state_names) ? state_names[state] : "unknown";
}

/* -- building -- */

sgn_err_t sgn__live_new(sgn_live_t **out, bool every, sgn__live_send_fn send, void *arg)
{
	sgn_live_t *L = calloc(1, sizeof(*L));
	*out = L;
	if (L == NULL) {
		return SGN_ENOMEM;
	}
	L->every = every;
	L->send = send;
	L->send_arg = arg;
	atomic_init(&L->queries, 0);
	atomic_init(&L->spent, false);
	return SGN_OK;
}

static void question_release(struct sgn__lquestion *q)
{
	for (size_t s = 0; s < q->nans; s++) {
		free(q->ans[s].rrs);
		sgn__arena_release(&q->ans[s].arena);
	}
	free(q->ans);
}

void sgn_live_free(sgn_live_t *L)
{
	if (L == NULL) {
		return;
	}
	for (size_t z = 0; z < L->nzones; z++) {
		for (size_t q = 0; q < L->zones[z].nq; q++) {
			question_release(&L->zones[z].q[q]);
		}
		free(L->zones[z].q);
	}
	free(L->zones);
	sgn_zoneset_free(L->zs);
	free(L);
}

sgn_err_t sgn__live_zone_add(sgn_live_t *L, const uint8_t *apex, size_t *out)
{
	for (*out = 0; *out < L->nzones; (*out)++) {
		if (sgn_name_equal(L->zones[*out].apex, apex)) {
			return SGN_OK;
		}
	}
	if (sgn__grow(&L->zones, &L->zcap, L->nzones + 1, sizeof(*L->zones), 8) != SGN_OK) {
		return SGN_ENOMEM;
	}
	struct sgn__lzone *z = &L->zones[L->nzones];
	memset(z, 0, sizeof(*z));
	memcpy(z->apex, apex, sgn_name_len(apex, SGN_NAME_MAX));
	sgn_name_lower(z->apex);
	z->ref = SIZE_MAX;
	if (L->fixed && L->nzones > 0) { /* every zone is asked of the given servers */
		for (size_t s = 0; s < L->zones[0].nsrv; s++) {
			z->srv[s] = L->zones[0].srv[s];
			z->srv[s].pub.state = SGN_LIVE_NOT_ASKED;
			z->srv[s].pub.has_serial = false;
			z->srv[s].pub.asked = z->srv[s].pub.answered = 0;
			z->srv[s].pub.why[0] = '\0';
		}
		z->nsrv = L->zones[0].nsrv;
	}
	*out = L->nzones++;
	return SGN_OK;
}

sgn_err_t sgn__live_question_new(sgn_live_t *L, size_t zi, const uint8_t *name, uint16_t type,
                                 bool every, size_t *out)
{
	struct sgn__lzone *z = &L->zones[zi];
	if (sgn__grow(&z->q, &z->qcap, z->nq + 1, sizeof(*z->q), 8) != SGN_OK) {
		return SGN_ENOMEM;
	}
	struct sgn__lquestion *q = &z->q[z->nq];
	memset(q, 0, sizeof(*q));
	q->ans = calloc(z->nsrv + 1, sizeof(*q->ans));
	if (q->ans == NULL) {
		return SGN_ENOMEM;
	}
	memcpy(q->pub.name, name, sgn_name_len(name, SGN_NAME_MAX));
	sgn_name_lower(q->pub.name);
	q->pub.type = type;
	q->pub.every_server = every;
	q->pub.reference = SIZE_MAX;
	q->nans = z->nsrv;
	for (size_t s = 0; s < q->nans; s++) {
		q->ans[s].pub.state = SGN_LIVE_NOT_ASKED;
		q->ans[s].pub.rcode = -1;
		sgn__arena_init(&q->ans[s].arena, ANSWER_ARENA);
	}
	*out = z->nq++;
	return SGN_OK;
}

sgn_err_t sgn__lanswer_add(struct sgn__lanswer *a, const sgn_rr_t *rr, uint8_t section)
{
	size_t olen = sgn_name_len(rr->owner, SGN_NAME_MAX);
	if (olen == 0) {
		return SGN_OK; /* not a name: nothing a zone could hold */
	}
	if (sgn__grow(&a->rrs, &a->cap, a->pub.nrrs + 1, sizeof(*a->rrs), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	uint8_t *owner = sgn__arena_dup(&a->arena, rr->owner, olen);
	uint8_t *rdata = rr->rdlen > 0 ? sgn__arena_dup(&a->arena, rr->rdata, rr->rdlen)
	                               : sgn__arena_alloc(&a->arena, 1);
	if (owner == NULL || rdata == NULL) {
		return SGN_ENOMEM;
	}
	sgn_live_rr_t *x = &a->rrs[a->pub.nrrs++];
	x->rr = *rr;
	x->rr.owner = owner;
	x->rr.rdata = rdata;
	x->rr.rclass = SGN_CLASS_IN;
	x->section = section;
	a->pub.rrs = a->rrs;
	return SGN_OK;
}

void sgn__lanswer_clear(struct sgn__lanswer *a)
{
	a->pub.nrrs = 0;
	sgn__arena_reset(&a->arena);
}

/* -- zone sets -- */

/* The type an RR stands for: an RRSIG for the type it covers. */
static uint16_t counted_type(const sgn_rr_t *rr)
{
	return rr->type == SGN_TYPE_RRSIG && rr->rdlen >= 2 ? sgn__get16(rr->rdata) : rr->type;
}

static bool has_rrset(const struct sgn__lanswer *a, const sgn_rr_t *rr)
{
	for (size_t i = 0; a->usable && i < a->pub.nrrs; i++) {
		if (counted_type(&a->rrs[i].rr) == counted_type(rr) &&
		    sgn_name_equal(a->rrs[i].rr.owner, rr->owner)) {
			return true;
		}
	}
	return false;
}

/* Is @p rr's RRset in an answer to one of the zone's every-server questions, the
 * reference's or server @p os's? Then in @p os's view it comes from @p os's answers alone,
 * not from a referral only the reference gave (a DS set in its authority section, say). */
static bool in_every(const struct sgn__lzone *z, size_t os, const sgn_rr_t *rr)
{
	for (size_t qi = 0; qi < z->nq; qi++) {
		const struct sgn__lquestion *q = &z->q[qi];
		if (!q->pub.every_server) {
			continue;
		}
		if ((os < q->nans && has_rrset(&q->ans[os], rr)) ||
		    (q->pub.reference < q->nans && has_rrset(&q->ans[q->pub.reference], rr))) {
			return true;
		}
	}
	return false;
}

/* The RRs of @p a, but those of @p z's every-server RRsets when @p z is given. */
static sgn_err_t add_answer(sgn_zoneset_t *zs, const struct sgn__lanswer *a,
                            const struct sgn__lzone *z, size_t os)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < a->pub.nrrs && err == SGN_OK; i++) {
		if (z == NULL || !in_every(z, os, &a->rrs[i].rr)) {
			err = sgn_zoneset_add_rr(zs, &a->rrs[i].rr);
		}
	}
	return err;
}

sgn_err_t sgn__live_fill(const sgn_live_t *L, sgn_zoneset_t *zs, size_t oz, size_t os, bool alone)
{
	sgn_err_t err = SGN_OK;
	for (size_t zi = 0; zi < L->nzones && err == SGN_OK; zi++) {
		const struct sgn__lzone *z = &L->zones[zi];
		for (size_t qi = 0; qi < z->nq && err == SGN_OK; qi++) {
			const struct sgn__lquestion *q = &z->q[qi];
			bool mine = zi == oz && q->pub.every_server;
			size_t s = q->pub.reference;
			if (mine && os < q->nans && q->ans[os].usable) {
				s = os;
			} else if (alone) {
				continue;
			}
			if (s < q->nans && q->ans[s].usable) {
				bool other = zi == oz && !q->pub.every_server; /* the reference's */
				err = add_answer(zs, &q->ans[s], other ? z : NULL, os);
			}
		}
	}
	return err;
}

sgn_err_t sgn__live_seal(const sgn_live_t *L, sgn_zoneset_t *zs, sgn_diag_t *diag)
{
	sgn_err_t err = sgn__live_fill(L, zs, SIZE_MAX, SIZE_MAX, false);
	return err == SGN_OK ? sgn_zoneset_seal(zs, diag) : err;
}

sgn_err_t sgn_live_view(const sgn_live_t *L, sgn_zoneset_t **out, size_t z, size_t s, bool alone)
{
	*out = NULL;
	if (z >= L->nzones || s >= L->zones[z].nsrv) {
		return SGN_EINVAL;
	}
	sgn_err_t err = sgn_zoneset_new(out);
	if (err == SGN_OK) {
		err = sgn__live_fill(L, *out, z, s, alone);
	}
	if (err == SGN_OK) {
		sgn_diag_t ignored;
		err = sgn_zoneset_seal(*out, &ignored);
	}
	if (err != SGN_OK) {
		sgn_zoneset_free(*out);
		*out = NULL;
	}
	return err;
}

/* -- reading -- */

const sgn_zoneset_t *sgn_live_get_zoneset(const sgn_live_t *L)
{
	return L->zs;
}

unsigned sgn_live_queries(const sgn_live_t *L)
{
	return atomic_load(&((sgn_live_t *)L)->queries);
}

size_t sgn_live_zone_count(const sgn_live_t *L)
{
	return L->nzones;
}

const uint8_t *sgn_live_zone_apex(const sgn_live_t *L, size_t z)
{
	return z < L->nzones ? L->zones[z].apex : NULL;
}

size_t sgn_live_zone_find(const sgn_live_t *L, const uint8_t *apex)
{
	for (size_t z = 0; z < L->nzones; z++) {
		if (sgn_name_equal(L->zones[z].apex, apex)) {
			return z;
		}
	}
	return SIZE_MAX;
}

size_t sgn_live_zone_reference(const sgn_live_t *L, size_t z)
{
	return z < L->nzones ? L->zones[z].ref : SIZE_MAX;
}

size_t sgn_live_zone_left_out(const sgn_live_t *L, size_t z)
{
	return z < L->nzones ? L->zones[z].left_out + L->zones[z].names_left_out : 0;
}

size_t sgn_live_server_count(const sgn_live_t *L, size_t z)
{
	return z < L->nzones ? L->zones[z].nsrv : 0;
}

const sgn_live_server_t *sgn_live_get_server(const sgn_live_t *L, size_t z, size_t s)
{
	return z < L->nzones && s < L->zones[z].nsrv ? &L->zones[z].srv[s].pub : NULL;
}

size_t sgn_live_question_count(const sgn_live_t *L, size_t z)
{
	return z < L->nzones ? L->zones[z].nq : 0;
}

const sgn_live_question_t *sgn_live_get_question(const sgn_live_t *L, size_t z, size_t q)
{
	return z < L->nzones && q < L->zones[z].nq ? &L->zones[z].q[q].pub : NULL;
}

const sgn_live_answer_t *sgn_live_get_answer(const sgn_live_t *L, size_t z, size_t q, size_t s)
{
	if (z >= L->nzones || q >= L->zones[z].nq || s >= L->zones[z].q[q].nans) {
		return NULL;
	}
	return &L->zones[z].q[q].ans[s].pub;
}
