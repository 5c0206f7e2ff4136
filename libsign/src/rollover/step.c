/* SPDX-License-Identifier: MIT */
/* sgn_rollover_step(): perform every stage whose time has come. A stage that changes the
 * DS set is done in two halves: what the zone itself changes (CDS/CDNSKEY, keys) when it is
 * due, the DS records only when the parent is known to serve the new set. A stage whose
 * time has not come is left, with what would break if it were done now (the simulator on
 * the plan with that stage moved to now); --force does it anyway, with that warning. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/time.h>

#include "step.h"

#define STEP_ROUNDS 16 /* stages one step may perform in a row */

/* -- what changed: key files and the result -- */

struct snapshot {
	sgn_rstate_t st[SGN_REC__COUNT];
};

static struct snapshot *snap(const sgn_rollover_t *r)
{
	struct snapshot *s = calloc(r->n + 1, sizeof(*s));
	for (size_t i = 0; s != NULL && i < r->n; i++) {
		memcpy(s[i].st, r->k[i].v.state, sizeof(s[i].st));
	}
	return s;
}

static void set_time(struct sgn__rkey *k, sgn_key_event_t ev, int64_t t)
{
	if (k->key != NULL) {
		sgn_key_set_time(k->key, ev, true, t);
	}
}

/* The timing metadata a signer reads for a record that changed at @p t. */
static void metadata(struct sgn__rkey *k, sgn_rec_t rec, bool up, int64_t t)
{
	switch (rec) {
	case SGN_REC_DNSKEY:
		set_time(k, up ? SGN_KEY_PUBLISH : SGN_KEY_DELETE, t);
		break;
	case SGN_REC_KRRSIG:
	case SGN_REC_ZRRSIG:
		set_time(k, up ? SGN_KEY_ACTIVATE : SGN_KEY_INACTIVE, t);
		break;
	case SGN_REC_DS:
		*(up ? &k->sf.has_ds_publish : &k->sf.has_ds_removed) = true;
		*(up ? &k->sf.ds_publish : &k->sf.ds_removed) = t;
		break;
	default:
		break;
	}
}

static const char *const change_words[SGN_REC__COUNT][2] = {
	[SGN_REC_DNSKEY] = { "DNSKEY removed from the zone", "DNSKEY published" },
	[SGN_REC_KRRSIG] = { "stops signing the DNSKEY RRset", "signs the DNSKEY RRset" },
	[SGN_REC_ZRRSIG] = { "stops signing the zone data", "signs the zone data" },
	[SGN_REC_DS] = { "DS withdrawn at the parent", "DS served by the parent" },
};

/* A key out of the DNSKEY RRset that still signs (an algorithm rollover's old keys, RFC 6781
 * §4.1.4) must say so in its timing: retired later, at a time step will set. */
static void still_signing(struct sgn__rkey *k)
{
	int64_t t;
	bool signs = sgn__is_up(k->v.state[SGN_REC_KRRSIG]) || sgn__is_up(k->v.state[SGN_REC_ZRRSIG]);
	if (k->key != NULL && signs && !sgn__is_up(k->v.state[SGN_REC_DNSKEY]) &&
	    !sgn_key_get_time(k->key, &t, SGN_KEY_INACTIVE)) {
		sgn_key_set_time(k->key, SGN_KEY_INACTIVE, true, SGN__NOT_YET);
	}
}

/* Compare with the snapshot: record, mark dirty, write metadata. */
static void changes(sgn_rollover_t *r, const struct snapshot *before, struct sgn__step *st)
{
	for (size_t i = 0; i < r->n; i++) {
		struct sgn__rkey *k = &r->k[i];
		for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
			sgn_rstate_t a = before[i].st[rec], b = k->v.state[rec];
			if (!k->v.has_rec[rec] || a == b) {
				continue;
			}
			st->dirty[i] = true;
			if (b == SGN_RS_RUMOURED || b == SGN_RS_UNRETENTIVE) {
				bool up = b == SGN_RS_RUMOURED;
				metadata(k, (sgn_rec_t)rec, up, k->v.changed[rec]);
				sgn__step_note(st, "%s %u: %s (%s %s)", sgn_role_name(k->v.role), k->v.tag,
				               change_words[rec][up], sgn_rec_name((sgn_rec_t)rec),
				               sgn_rstate_name(b));
			}
		}
		if (st->dirty[i]) {
			still_signing(k);
		}
	}
}

/* -- DS: the CDS half, the parent's half -- */

struct ds_ctx {
	sgn_rollover_t *r;
	struct sgn__step *st;
	int64_t now;
	bool ups, downs;
	bool *want;      /* the DS set the stage leads to, per model key */
};

static void ds_one(void *ctx, size_t k, const struct sgn__act *act)
{
	struct ds_ctx *c = ctx;
	if (act->rec != SGN_REC_DS || sgn__is_up(c->r->k[k].v.state[SGN_REC_DS]) == act->up) {
		return;
	}
	c->ups = c->ups || act->up;
	c->downs = c->downs || !act->up;
	c->want[k] = act->up;
}

/* CDS/CDNSKEY (RFC 7344) say the whole DS set the stage leads to: SyncPublish for its keys,
 * SyncDelete for the others. When a key of that set is not in the DNSKEY RRset (a
 * double-DS rollover's new KSK) no CDS can say the set, so none is published (no CDS: no
 * change, RFC 7344 §4) and its DS goes to the parent by hand. */
static bool cds_now(const sgn_key_t *key, int64_t now)
{
	int64_t p, d;
	return sgn_key_get_time(key, &p, SGN_KEY_SYNC_PUBLISH) && p <= now &&
	       !(sgn_key_get_time(key, &d, SGN_KEY_SYNC_DELETE) && d <= now);
}

static void ds_cds(sgn_rollover_t *r, struct sgn__step *st, const bool *want, const bool *had)
{
	int64_t now = st->o->now;
	bool expressible = true;
	for (size_t k = 0; k < r->n; k++) {
		expressible = expressible && !(want[k] && r->k[k].key != NULL &&
		                               !sgn__is_up(r->k[k].v.state[SGN_REC_DNSKEY]));
	}
	for (size_t k = 0; k < r->n; k++) {
		struct sgn__rkey *key = &r->k[k];
		if (key->key == NULL || !key->v.has_rec[SGN_REC_DS]) {
			continue;
		}
		bool in = sgn__is_up(key->v.state[SGN_REC_DNSKEY]), cds = cds_now(key->key, now);
		if (want[k] && !in && !had[k]) {
			sgn__step_note(st, "%s %u: submit its DS to the parent by hand (no CDS can say a "
			               "DS set with a key not in the DNSKEY RRset)",
			               sgn_role_name(key->v.role), key->v.tag);
		}
		if ((want[k] && expressible) == cds) {
			continue;
		}
		sgn_key_set_time(key->key, cds ? SGN_KEY_SYNC_DELETE : SGN_KEY_SYNC_PUBLISH, true, now);
		if (!cds) {
			sgn_key_set_time(key->key, SGN_KEY_SYNC_DELETE, false, 0);
		}
		st->dirty[k] = true;
		sgn__step_note(st, "%s %u: %s CDS/CDNSKEY%s", sgn_role_name(key->v.role), key->v.tag,
		               cds ? "withdraw" : "publish",
		               want[k] == had[k] ? ""
		               : want[k]         ? "; submit its DS to the parent"
		                                 : "; withdraw its DS from the parent");
	}
}

/* The DS half of stage @p s: true when it may be applied (or there is none). */
static bool ds_confirmed(sgn_rollover_t *r, const struct sgn__roll *roll, size_t s,
                         struct sgn__step *st)
{
	bool *want = calloc(2 * (r->n + 1), sizeof(*want)), *had = want + r->n + 1;
	struct ds_ctx c = { r, st, st->o->now, false, false, want };
	if (want == NULL) {
		return false;
	}
	for (size_t i = 0; i < r->n; i++) {
		want[i] = had[i] = r->k[i].v.has_rec[SGN_REC_DS] && sgn__is_up(r->k[i].v.state[SGN_REC_DS]);
	}
	sgn__stage_each(r, roll, s, ds_one, &c);
	ds_cds(r, st, want, had);
	bool ok = !c.ups && !c.downs;
	char why[SGN_STEP_TEXT_MAX] = "";
	if (!ok && st->o->check_parent != NULL) {
		ok = sgn__live_parent_ok(r, want, st->o->check_parent, why, sizeof(why));
	}
	if (!ok) {
		ok = c.ups ? st->o->ds_seen : st->o->ds_withdrawn;
	}
	if (!ok) {
		st->res->blocked = true;
		snprintf(st->res->why, sizeof(st->res->why),
		         "%s: waiting for the parent to %s; then run 'sigil rollover step %s'%s%.300s",
		         sgn__method(roll->method)->stages[s].name,
		         c.ups ? "serve the new DS set (see 'sigil rollover status')"
		               : "stop serving the withdrawn DS",
		         c.ups ? "--ds-seen" : "--ds-withdrawn", why[0] != '\0' ? ": " : "", why);
	}
	free(want);
	return ok;
}

/* -- what would break -- */

/* Simulate the plan with stage @p s of @p roll done at @p now: the counterexample, or ""
 * when none. */
static void what_breaks(const sgn_rollover_t *r, const struct sgn__roll *roll, size_t s,
                        int64_t now, char *out, size_t cap)
{
	sgn_rollover_t tmp;
	sgn_plan_t *plan = NULL;
	sgn_sim_opts_t so;
	sgn_sim_result_t res;
	out[0] = '\0';
	if (sgn__model_copy(&tmp, r) != SGN_OK) {
		return;
	}
	tmp.now = now;
	sgn__stage_apply(&tmp, roll, s, now, true);
	sgn_sim_opts_from_policy(&so, r->pol);
	so.from = now;
	if (sgn__plan_build(&tmp, &plan) == SGN_OK &&
	    sgn_simulate(&res, plan->timeline, &so) == SGN_OK && !res.safe) {
		snprintf(out, cap, "%s", res.message);
	}
	sgn_plan_free(plan);
	sgn__model_release_copy(&tmp);
}

/* -- one stage -- */

/* Keep the earliest next stage; true when this one is it. */
static bool note_next(struct sgn__step *st, const struct sgn__roll *roll, size_t s, int64_t t,
                      const sgn_roll_wait_t *w)
{
	char d[32];
	if (t >= st->res->next) {
		return false;
	}
	st->res->next = t;
	snprintf(st->res->next_what, sizeof(st->res->next_what), "%s (%s)%s%s%s%s",
	         sgn__method(roll->method)->stages[s].name, sgn_roll_method_name(roll->method),
	         w->name != NULL ? ": " : "", w->name != NULL ? w->name : "",
	         w->name != NULL ? " = " : "", w->name != NULL ? sgn_duration_str(d,
	                                                                          w->value) : "");
	return true;
}

/* Perform the current stage of @p roll if it may be: true when something changed. */
static sgn_err_t stage_step(sgn_rollover_t *r, struct sgn__roll *roll, struct sgn__step *st,
                            bool *progressed, sgn_diag_t *diag)
{
	int64_t now = st->o->now;
	const struct sgn__method_def *md = sgn__method(roll->method);
	if (!roll->started && roll->start > now && !(st->o->force && !st->forced)) {
		sgn_roll_wait_t none = { 0 };
		note_next(st, roll, 0, roll->start, &none);
		return SGN_OK;
	}
	size_t s = sgn__roll_current(r, roll);
	if (s == md->nstages) {
		return SGN_OK;
	}
	sgn_roll_wait_t w;
	int64_t earliest = sgn__stage_earliest(r, roll, s, &w);
	int64_t sched = sgn__stage_scheduled(r, roll, s);
	int64_t t = sched != SGN__NEVER ? SGN_MAX(sched, earliest) : earliest;
	bool early = roll->started && t > now;
	if (early && !(st->o->force && !st->forced)) {
		if (note_next(st, roll, s, t, &w) && !st->res->blocked) {
			what_breaks(r, roll, s, now, st->res->why, sizeof(st->res->why));
		}
		return SGN_OK;
	}
	st->res->due = true;
	if (early) {
		char ts[SGN_TIME_STR_MAX], broken[SGN_STEP_TEXT_MAX];
		st->forced = true;
		what_breaks(r, roll, s, now, broken, sizeof(broken));
		snprintf(st->res->warning, sizeof(st->res->warning),
		         "forced '%s' before %s (%s): %.400s", md->stages[s].name,
		                                 sgn_time_to_str(ts, t),
		         w.name != NULL ? w.name : "its time",
		         broken[0] != '\0' ? broken : "the simulator finds no broken chain");
	}
	struct snapshot *before = snap(r);
	if (before == NULL) {
		return SGN_ENOMEM;
	}
	sgn_err_t err = roll->started ? SGN_OK : sgn__step_generate(r, roll, now, st, diag);
	if (err == SGN_OK) {
		sgn__stage_apply(r, roll, s, now, false);
		if (sgn__stage_needs_parent(&md->stages[s]) && ds_confirmed(r, roll, s, st)) {
			sgn__stage_apply(r, roll, s, now, true);
		}
		changes(r, before, st);
		*progressed = sgn__roll_current(r, roll) != s;
	}
	free(before);
	return err;
}

/* -- purging -- */

static sgn_err_t purge(sgn_rollover_t *r, struct sgn__step *st, sgn_diag_t *diag)
{
	for (size_t i = 0; i < r->nfile; i++) {
		struct sgn__rkey *k = &r->k[i];
		bool all_out = !k->v.goal_omnipresent; /* every record withdrawn (settled or not) */
		for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
			all_out = all_out && (!k->v.has_rec[rec] || !sgn__is_up(k->v.state[rec]));
		}
		int64_t t = sgn__key_purge_time(r, i); /* after the last of them has settled */
		if (!all_out || k->removed || t == SGN__NEVER) {
			continue;
		}
		if (t > st->o->now) {
			if (t < st->res->next) {
				st->res->next = t;
				snprintf(st->res->next_what, sizeof(st->res->next_what), "purge %.140s", k->v.basename);
			}
			continue;
		}
		sgn_err_t err = st->dry_run ? SGN_OK : sgn__step_purge(r, i, diag);
		if (err != SGN_OK) {
			return err;
		}
		k->removed = true;
		sgn__step_note(st, "purged %s (removed, and purge-keys has passed)", k->v.basename);
	}
	return SGN_OK;
}

/* -- the step -- */

/* --check-child: every server of the zone serves the DNSKEY set the keys say is out there;
 * otherwise nothing may proceed (the intervals count from publication). */
static sgn_err_t check_child(sgn_rollover_t *r, struct sgn__step *st)
{
	bool *want = calloc(r->n + 1, sizeof(*want));
	char why[SGN_STEP_TEXT_MAX];
	if (want == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < r->nfile; i++) {
		want[i] = sgn__is_up(r->k[i].v.state[SGN_REC_DNSKEY]);
	}
	if (!sgn__live_child_ok(r, want, st->o->check_child, why, sizeof(why))) {
		st->res->blocked = true;
		st->res->due = true;
		snprintf(st->res->why, sizeof(st->res->why),
		         "the zone's servers do not serve the DNSKEY set the keys say is published "
		         "(re-sign and reload the zone): %.380s", why);
	}
	free(want);
	return SGN_OK;
}

static sgn_err_t run(sgn_rollover_t *r, struct sgn__step *st, sgn_diag_t *diag)
{
	struct sgn__roll rolls[SGN__ROLLS_MAX];
	size_t n;
	sgn_err_t err = sgn__rolls_find(r, true, rolls, &n, diag);
	for (int round = 0; err == SGN_OK && round < STEP_ROUNDS; round++) {
		bool progressed = false;
		for (size_t i = 0; err == SGN_OK && i < n; i++) {
			bool p = false;
			err = stage_step(r, &rolls[i], st, &p, diag);
			progressed = progressed || p;
		}
		if (!progressed) {
			break;
		}
	}
	if (err == SGN_OK) {
		err = purge(r, st, diag);
	}
	return err;
}

/* Settled records of keys with a `.state` file are written back. */
static void mark_settled(sgn_rollover_t *r, struct sgn__step *st)
{
	for (size_t i = 0; i < r->nfile; i++) {
		const struct sgn__rkey *k = &r->k[i];
		for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
			if (k->v.has_rec[rec] && (!k->sf.present || !k->sf.has_rec[rec] ||
			                          k->sf.state[rec] != k->v.state[rec])) {
				st->dirty[i] = true;
			}
		}
	}
}

sgn_err_t sgn_rollover_step(sgn_rollover_t *r, sgn_step_result_t *res,
                            const sgn_step_opts_t *opts, sgn_diag_t *diag)
{
	struct sgn__step st = { .o = opts, .res = res, .dry_run = opts->dry_run };
	int fd = -1;
	memset(res, 0, sizeof(*res));
	res->next = SGN__NEVER;
	sgn_err_t err = opts->dry_run ? SGN_OK : sgn__step_lock(r->dir, &fd, diag);
	if (err == SGN_OK) {
		/* Read again under the lock: the directory is what counts, not what was read. */
		sgn__model_release(r);
		r->now = opts->now;
		err = sgn__model_load(r, diag);
	}
	if (err == SGN_OK) {
		st.dirty = calloc(r->n + 2 * SGN__ROLLS_MAX * SGN__ROLL_KEYS + 1, sizeof(*st.dirty));
		err = st.dirty != NULL ? SGN_OK : SGN_ENOMEM;
	}
	if (err == SGN_OK && opts->check_child != NULL) {
		err = check_child(r, &st);
	}
	if (err == SGN_OK && !res->blocked) {
		mark_settled(r, &st);
		err = run(r, &st, diag);
	}
	if (err == SGN_OK && !opts->dry_run) {
		err = sgn__step_write(r, &st, diag);
	}
	free(st.dirty);
	sgn__step_unlock(fd);
	if (err == SGN_OK && !opts->dry_run) {
		sgn__model_release(r);
		err = sgn__model_load(r, diag);
	}
	return err;
}
