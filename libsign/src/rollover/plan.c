/* SPDX-License-Identifier: MIT */
/* The dated plan: the rollovers of a key set projected forward on a copy of the model -
 * each stage at its earliest safe time (or when the key files schedule it), DS changes
 * assumed seen when due - into stages, events and a timeline for the simulator. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>

#include "roll.h"

struct builder {
	sgn_rollover_t m;          /* the projected model */
	sgn_plan_t *plan;
	size_t ecap;
	size_t *tl_key;            /* model key -> timeline key */
	sgn_err_t err;
};

static const char *const event_names[] = {
	[SGN_EV_GENERATE] = "generate",
	[SGN_EV_PUBLISH_DNSKEY] = "publish-dnskey",
	[SGN_EV_ACTIVATE] = "activate",
	[SGN_EV_PUBLISH_CDS] = "publish-cds",
	[SGN_EV_SUBMIT_DS] = "submit-ds",
	[SGN_EV_DS_SEEN] = "ds-seen",
	[SGN_EV_WITHDRAW_DS] = "withdraw-ds",
	[SGN_EV_DS_GONE] = "ds-gone",
	[SGN_EV_RETIRE] = "retire",
	[SGN_EV_REMOVE_DNSKEY] = "remove-dnskey",
	[SGN_EV_DELETE_CDS] = "delete-cds",
	[SGN_EV_PURGE] = "purge",
};
_Static_assert(ARRAY_LEN(event_names) == SGN_EV__COUNT, "one name per event");

const char *sgn_roll_event_name(sgn_roll_event_kind_t kind)
{
	return (unsigned)kind < ARRAY_LEN(event_names) ? event_names[kind] : NULL;
}

static void add_event(struct builder *b, sgn_roll_event_kind_t kind, int64_t t, size_t key,
                      size_t roll, size_t stage, bool done, const sgn_roll_wait_t *wait)
{
	sgn_plan_t *p = b->plan;
	if (b->err != SGN_OK) {
		return;
	}
	if ((b->err = sgn__grow(&p->events, &b->ecap, p->nevents + 1, sizeof(*p->events), 32)) !=
	    SGN_OK) {
		return;
	}
	bool op = kind == SGN_EV_SUBMIT_DS || kind == SGN_EV_DS_SEEN || kind == SGN_EV_WITHDRAW_DS ||
	          kind == SGN_EV_DS_GONE;
	p->events[p->nevents++] = (sgn_plan_event_t){ t, kind, key, roll, stage, done, op, *wait };
}

/* -- keys -- */

/* How many existing keys before key @p i have its role and tag (two keys may share a tag:
 * another algorithm, or a collision), so that each one's name can say which it is. */
static unsigned same_name_before(const struct builder *b, size_t i)
{
	unsigned n = 0;
	for (size_t j = 0; j < i; j++) {
		n += b->m.k[j].key != NULL && b->m.k[j].v.role == b->m.k[i].v.role &&
		     b->m.k[j].v.tag == b->m.k[i].v.tag;
	}
	return n;
}

static void label_keys(struct builder *b)
{
	unsigned planned = 0;
	for (size_t i = 0; i < b->m.n; i++) {
		const sgn_roll_key_t *v = &b->m.k[i].v;
		sgn_plan_key_t *pk = &b->plan->keys[i];
		const char *alg = sgn_alg_mnemonic(v->algorithm);
		unsigned dup = b->m.k[i].key != NULL ? same_name_before(b, i) : 0;
		pk->tag = v->tag;
		pk->role = v->role;
		pk->algorithm = v->algorithm;
		if (b->m.k[i].key != NULL && dup > 0) {
			snprintf(pk->label, sizeof(pk->label), "%s %u #%u", sgn_role_name(v->role), v->tag,
			         dup + 1);
		} else if (b->m.k[i].key != NULL) {
			snprintf(pk->label, sizeof(pk->label), "%s %u", sgn_role_name(v->role), v->tag);
		} else {
			snprintf(pk->label, sizeof(pk->label), "new %s %u (%s)", sgn_role_name(v->role),
			         ++planned, alg != NULL ? alg : "?");
		}
	}
}

static sgn_err_t timeline_keys(struct builder *b)
{
	sgn_err_t err = sgn_timeline_new(&b->plan->timeline);
	b->tl_key = calloc(b->m.n + 1, sizeof(*b->tl_key));
	if (b->tl_key == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; err == SGN_OK && i < b->m.n; i++) {
		char name[32];
		const sgn_roll_key_t *v = &b->m.k[i].v;
		unsigned dup = b->m.k[i].key != NULL ? same_name_before(b, i) : 0;
		if (b->m.k[i].key != NULL && dup > 0) {
			snprintf(name, sizeof(name), "%s-%u-%u", sgn_role_name(v->role), v->tag, dup + 1);
		} else if (b->m.k[i].key != NULL) {
			snprintf(name, sizeof(name), "%s-%u", sgn_role_name(v->role), v->tag);
		} else {
			snprintf(name, sizeof(name), "new-%s-%zu", sgn_role_name(v->role), i);
		}
		err = sgn__timeline_add_named(b->plan->timeline, name, v->role, v->algorithm,
		                              &b->tl_key[i]);
	}
	return err;
}

/* What caches may hold now: records in place (omnipresent, or withdrawn but still held)
 * always, rumoured ones since they changed. */
static sgn_err_t timeline_history(struct builder *b)
{
	const int64_t init = INT64_MIN; /* "always" */
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < b->m.nfile; i++) {
		const sgn_roll_key_t *v = &b->m.k[i].v;
		for (int rec = 0; err == SGN_OK && rec < SGN_REC__COUNT; rec++) {
			sgn_rstate_t st = v->state[rec];
			if (!v->has_rec[rec] || st == SGN_RS_HIDDEN) {
				continue;
			}
			int64_t up = st == SGN_RS_RUMOURED ? v->changed[rec] : init;
			err = sgn_timeline_add_event(b->plan->timeline, up, b->tl_key[i], (sgn_rec_t)rec, true);
			if (err == SGN_OK && st == SGN_RS_UNRETENTIVE) {
				err = sgn_timeline_add_event(b->plan->timeline, v->changed[rec], b->tl_key[i],
				                             (sgn_rec_t)rec, false);
			}
		}
	}
	return err;
}

/* -- stages -- */

static bool stage_introduces(const struct sgn__stage_def *def, uint8_t grp, sgn_rec_t rec)
{
	for (size_t i = 0; i < def->nacts; i++) {
		if (def->acts[i].grp == grp && def->acts[i].rec == rec && def->acts[i].up) {
			return true;
		}
	}
	return false;
}

struct stage_ev {
	struct builder *b;
	const struct sgn__stage_def *def;
	size_t roll, stage;
	int64_t t;
	bool done;
	const sgn_roll_wait_t *wait;
	bool activated[64];
};

static void stage_event(void *ctx, size_t k, const struct sgn__act *act)
{
	struct stage_ev *c = ctx;
	struct builder *b = c->b;
	int64_t t = c->t;
	if (c->done && b->m.k[k].act_time[act->rec][act->up] != SGN__NEVER) {
		t = b->m.k[k].act_time[act->rec][act->up];
	}
#define EV(kind) add_event(b, (kind), t, k, c->roll, c->stage, c->done, c->wait)
	switch (act->rec) {
	case SGN_REC_DNSKEY:
		EV(act->up ? SGN_EV_PUBLISH_DNSKEY : SGN_EV_REMOVE_DNSKEY);
		break;
	case SGN_REC_KRRSIG:
	case SGN_REC_ZRRSIG:
		if (k < ARRAY_LEN(c->activated) && !c->activated[k]) {
			EV(act->up ? SGN_EV_ACTIVATE : SGN_EV_RETIRE);
			c->activated[k] = true;
		}
		break;
	case SGN_REC_DS:
		/* CDS/CDNSKEY only for a key in the DNSKEY RRset (RFC 7344 §4.1): a double-DS
		 * rollover submits the new DS by hand. */
		if (!act->up || sgn__is_up(b->m.k[k].v.state[SGN_REC_DNSKEY]) ||
		    stage_introduces(c->def, act->grp, SGN_REC_DNSKEY)) {
			EV(act->up ? SGN_EV_PUBLISH_CDS : SGN_EV_DELETE_CDS);
		}
		EV(act->up ? SGN_EV_SUBMIT_DS : SGN_EV_WITHDRAW_DS);
		EV(act->up ? SGN_EV_DS_SEEN : SGN_EV_DS_GONE);
		break;
	default:
		break;
	}
#undef EV
	if (!c->done && b->err == SGN_OK) {
		b->err = sgn_timeline_add_event(b->plan->timeline, t, b->tl_key[k], (sgn_rec_t)act->rec,
		                                act->up);
	}
}

/* When a done stage happened: the latest of its changes. */
struct done_ctx {
	const sgn_rollover_t *m;
	int64_t t;
};

static void done_one(void *ctx, size_t k, const struct sgn__act *act)
{
	struct done_ctx *c = ctx;
	int64_t t = c->m->k[k].act_time[act->rec][act->up];
	if (t != SGN__NEVER && (c->t == INT64_MIN || t > c->t)) {
		c->t = t;
	}
}

static int64_t done_time(const sgn_rollover_t *m, const struct sgn__roll *roll, size_t s)
{
	struct done_ctx c = { m, INT64_MIN };
	sgn__stage_each(m, roll, s, done_one, &c);
	return c.t;
}

/* The time of a stage not done: its earliest safe time, unless the key files schedule it. */
static int64_t stage_time(struct builder *b, const struct sgn__roll *roll, size_t s,
                          sgn_plan_stage_t *ps)
{
	int64_t earliest = sgn__stage_earliest(&b->m, roll, s, &ps->wait);
	int64_t t = SGN_MAX(earliest, b->m.now);
	int64_t sched = sgn__stage_scheduled(&b->m, roll, s);
	if (sched != SGN__NEVER) {
		ps->scheduled = true;
		ps->early = sched < earliest;
		t = SGN_MAX(sched, b->m.now);
	}
	return t;
}

static void project_roll(struct builder *b, const struct sgn__roll *roll, size_t ri)
{
	const struct sgn__method_def *md = sgn__method(roll->method);
	sgn_plan_roll_t *pr = &b->plan->rolls[ri];
	size_t cur = sgn__roll_current(&b->m, roll);
	pr->method = roll->method;
	pr->nold = roll->nold;
	pr->nnew = roll->nnew;
	memcpy(pr->old_keys, roll->old, sizeof(roll->old));
	memcpy(pr->new_keys, roll->new_, sizeof(roll->new_));
	pr->nstages = md->nstages;
	pr->current = cur;
	pr->under_way = cur > 0 || roll->started;
	for (size_t s = 0; s < md->nstages && b->err == SGN_OK; s++) {
		sgn_plan_stage_t *ps = &pr->stages[s];
		struct stage_ev c = { .b = b, .def = &md->stages[s], .roll = ri, .stage = s,
			              .wait = &ps->wait };
		ps->name = md->stages[s].name;
		ps->needs_parent = sgn__stage_needs_parent(&md->stages[s]);
		ps->done = s < cur;
		if (ps->done) {
			ps->time = done_time(&b->m, roll, s);
		} else {
			ps->time = stage_time(b, roll, s, ps);
			ps->due = ps->time <= b->m.now;
		}
		c.t = ps->time;
		c.done = ps->done;
		for (size_t i = 0; s == 0 && !roll->started && i < roll->nnew; i++) {
			add_event(b, SGN_EV_GENERATE, c.t, roll->new_[i], ri, 0, false, &ps->wait);
		}
		sgn__stage_each(&b->m, roll, s, stage_event, &c);
		if (!ps->done) {
			sgn__stage_apply(&b->m, roll, s, ps->time, true);
		}
	}
	pr->purge = sgn__roll_purge_time(&b->m, roll);
	for (size_t i = 0; pr->purge != SGN__NEVER && i < roll->nold; i++) {
		sgn_roll_wait_t w = { "purge-keys", "purge-keys", b->m.pol->purge_keys,
			              pr->purge - b->m.pol->purge_keys, roll->old[i], SGN_REC_DNSKEY };
		add_event(b, SGN_EV_PURGE, pr->purge, roll->old[i], ri, md->nstages - 1, false, &w);
	}
}

static int cmp_event(const void *a, const void *b)
{
	const sgn_plan_event_t *x = a, *y = b;
	if (x->time != y->time) {
		return x->time < y->time ? -1 : 1;
	}
	if (x->roll != y->roll) {
		return x->roll < y->roll ? -1 : 1;
	}
	if (x->stage != y->stage) {
		return x->stage < y->stage ? -1 : 1;
	}
	return x->kind < y->kind ? -1 : x->kind > y->kind;
}

sgn_err_t sgn__plan_build(const sgn_rollover_t *r, sgn_plan_t **out)
{
	struct builder b = { .err = SGN_OK };
	struct sgn__roll rolls[SGN__ROLLS_MAX];
	size_t nrolls = 0;
	*out = NULL;
	b.plan = calloc(1, sizeof(*b.plan));
	if (b.plan == NULL || sgn__model_copy(&b.m, r) != SGN_OK) {
		free(b.plan);
		return SGN_ENOMEM;
	}
	b.plan->now = r->now;
	b.err = sgn__rolls_find(&b.m, true, rolls, &nrolls, NULL);
	if (b.err == SGN_OK) {
		b.plan->keys = calloc(b.m.n + 1, sizeof(*b.plan->keys));
		b.plan->rolls = calloc(nrolls + 1, sizeof(*b.plan->rolls));
		b.err = b.plan->keys != NULL && b.plan->rolls != NULL ? SGN_OK : SGN_ENOMEM;
	}
	if (b.err == SGN_OK) {
		b.plan->nkeys = b.m.n;
		b.plan->nrolls = nrolls;
		label_keys(&b);
		b.err = timeline_keys(&b);
	}
	if (b.err == SGN_OK) {
		b.err = timeline_history(&b);
	}
	for (size_t i = 0; i < nrolls && b.err == SGN_OK; i++) {
		project_roll(&b, &rolls[i], i);
	}
	if (b.err == SGN_OK && b.plan->nevents > 1) {
		qsort(b.plan->events, b.plan->nevents, sizeof(*b.plan->events), cmp_event);
	}
	if (b.err == SGN_OK) {
		sgn__timeline_sort(b.plan->timeline);
	}
	free(b.tl_key);
	sgn__model_release_copy(&b.m);
	if (b.err != SGN_OK) {
		sgn_plan_free(b.plan);
		return b.err;
	}
	*out = b.plan;
	return SGN_OK;
}

void sgn_plan_free(sgn_plan_t *plan)
{
	if (plan == NULL) {
		return;
	}
	free(plan->keys);
	free(plan->rolls);
	free(plan->events);
	sgn_timeline_free(plan->timeline);
	free(plan);
}
