/* SPDX-License-Identifier: MIT */
/* Which rollovers a key set is in, and where: keys whose records are on their way in or
 * out are grouped into rollovers (by their Predecessor/Successor links, else by role and
 * algorithm), each with the method its keys and the policy call for; stable keys get their
 * next rollover from their lifetime (RFC 7583: Tpub(N+1) <= Tact(N) + L - Ipub), and a key
 * set that is not what the policy asks for (another algorithm, no keys, an insecure
 * policy) gets the rollover that makes it so. */
#include <stdlib.h>
#include <string.h>

#include "policy.h"
#include "roll.h"

/* A key whose records are not where its goal puts them. */
static bool in_flux(const struct sgn__rkey *k)
{
	sgn_rstate_t want = k->v.goal_omnipresent ? SGN_RS_OMNIPRESENT : SGN_RS_HIDDEN;
	for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
		if (k->v.has_rec[rec] && k->v.state[rec] != want) {
			return true;
		}
	}
	return false;
}

static bool gone(const struct sgn__rkey *k)
{
	return !k->v.goal_omnipresent && !in_flux(k);
}

static bool stable(const struct sgn__rkey *k)
{
	return k->v.goal_omnipresent && !in_flux(k) && !k->removed;
}

static size_t find_tag(const sgn_rollover_t *r, uint16_t tag)
{
	for (size_t i = 0; tag != 0 && i < r->nfile; i++) {
		if (r->k[i].v.tag == tag && !r->k[i].removed) {
			return i;
		}
	}
	return SIZE_MAX;
}

static bool roll_has(const struct sgn__roll *roll, size_t k)
{
	for (size_t i = 0; i < roll->nold; i++) {
		if (roll->old[i] == k) {
			return true;
		}
	}
	for (size_t i = 0; i < roll->nnew; i++) {
		if (roll->new_[i] == k) {
			return true;
		}
	}
	return false;
}

static void roll_add(struct sgn__roll *roll, const sgn_rollover_t *r, size_t k)
{
	if (roll_has(roll, k)) {
		return;
	}
	if (r->k[k].v.goal_omnipresent && roll->nnew < SGN__ROLL_KEYS) {
		roll->new_[roll->nnew++] = k;
	} else if (!r->k[k].v.goal_omnipresent && roll->nold < SGN__ROLL_KEYS) {
		roll->old[roll->nold++] = k;
	}
}

/* The method a group of keys calls for. */
static sgn_roll_method_t method_for(const sgn_rollover_t *r, const struct sgn__roll *roll)
{
	if (roll->nnew == 0) {
		return SGN_ROLL_GO_INSECURE;
	}
	if (roll->nold == 0) {
		return SGN_ROLL_GO_SECURE;
	}
	const sgn_roll_key_t *o = &r->k[roll->old[0]].v, *n = &r->k[roll->new_[0]].v;
	if (roll->nold == 1 && roll->nnew == 1 && o->role == n->role && o->algorithm == n->algorithm) {
		return o->role == SGN_ROLE_CSK ? SGN_ROLL_CSK
		       : o->role == SGN_ROLE_KSK ? r->pol->ksk_method
		                                 : r->pol->zsk_method;
	}
	return SGN_ROLL_ALGORITHM;
}

/* Follow Predecessor/Successor links from key @p k through keys in flux. */
static void link_group(const sgn_rollover_t *r, struct sgn__roll *roll, size_t k, bool *used)
{
	if (used[k]) {
		return;
	}
	used[k] = true;
	roll_add(roll, r, k);
	const uint16_t tags[2] = { r->k[k].v.predecessor, r->k[k].v.successor };
	for (int i = 0; i < 2; i++) {
		size_t o = find_tag(r, tags[i]);
		/* The other key of a roll, even one whose records have all settled already. */
		if (o != SIZE_MAX && !gone(&r->k[o])) {
			link_group(r, roll, o, used);
		}
	}
}

/* Keys in flux without links: a retiring key pairs with an incoming one of its role and
 * algorithm. */
static void pair_unlinked(const sgn_rollover_t *r, struct sgn__roll *roll, size_t k, bool *used)
{
	used[k] = true;
	roll_add(roll, r, k);
	for (size_t j = 0; j < r->nfile; j++) {
		const struct sgn__rkey *o = &r->k[j];
		if (!used[j] && in_flux(o) && o->v.goal_omnipresent != r->k[k].v.goal_omnipresent &&
		    o->v.role == r->k[k].v.role && o->v.algorithm == r->k[k].v.algorithm) {
			used[j] = true;
			roll_add(roll, r, j);
			return;
		}
	}
}

/* An algorithm rollover, going secure and going insecure change the whole key set: every
 * group of one of them is one rollover (a KSK and a ZSK linked each to its predecessor, or
 * unlinked, make two groups). */
static void merge_key_set_rolls(const sgn_rollover_t *r, struct sgn__roll *rolls, size_t *n,
                                sgn_roll_method_t m)
{
	size_t first = SIZE_MAX;
	for (size_t i = 0; i < *n; i++) {
		if (rolls[i].method != m) {
			continue;
		}
		if (first == SIZE_MAX) {
			first = i;
			continue;
		}
		for (size_t j = 0; j < rolls[i].nold; j++) {
			roll_add(&rolls[first], r, rolls[i].old[j]);
		}
		for (size_t j = 0; j < rolls[i].nnew; j++) {
			roll_add(&rolls[first], r, rolls[i].new_[j]);
		}
		rolls[i--] = rolls[--*n];
	}
}

static sgn_err_t rolls_in_flux(sgn_rollover_t *r, struct sgn__roll *rolls, size_t *n,
                               sgn_diag_t *diag)
{
	bool *used = calloc(r->nfile + 1, sizeof(*used));
	sgn_err_t err = used != NULL ? SGN_OK : SGN_ENOMEM;
	for (int pass = 0; err == SGN_OK && pass < 2; pass++) {
		for (size_t i = 0; err == SGN_OK && i < r->nfile; i++) {
			const struct sgn__rkey *k = &r->k[i];
			bool linked = k->v.predecessor != 0 || k->v.successor != 0;
			if (used[i] || k->removed || gone(k) || !in_flux(k) || linked != (pass == 0) ||
			    *n == SGN__ROLLS_MAX) {
				continue;
			}
			struct sgn__roll *roll = &rolls[(*n)++];
			memset(roll, 0, sizeof(*roll));
			if (pass == 0) {
				link_group(r, roll, i, used);
			} else {
				pair_unlinked(r, roll, i, used);
			}
			roll->method = method_for(r, roll);
			roll->started = true;
			if (roll->method == SGN_ROLL_GO_INSECURE && r->pol->nkeys > 0) {
				err = sgn_diag_set(diag, SGN_EKEY, r->dir, 0,
				                   "key %u is being retired, but no key replaces it",
				                   r->k[roll->old[0]].v.tag);
			}
		}
	}
	free(used);
	merge_key_set_rolls(r, rolls, n, SGN_ROLL_ALGORITHM);
	merge_key_set_rolls(r, rolls, n, SGN_ROLL_GO_SECURE);
	merge_key_set_rolls(r, rolls, n, SGN_ROLL_GO_INSECURE);
	return err;
}

/* -- rollovers the policy asks for -- */

/* The stable key set is what the policy's keys list says (role and algorithm, as a
 * multiset). */
static bool matches_policy(const sgn_rollover_t *r)
{
	size_t nstable = 0;
	bool taken[SGN_POLICY_KEYS_MAX] = { false };
	for (size_t i = 0; i < r->nfile; i++) {
		const struct sgn__rkey *k = &r->k[i];
		if (!stable(k)) {
			continue;
		}
		nstable++;
		size_t j = 0;
		while (j < r->pol->nkeys && (taken[j] || r->pol->keys[j].role != k->v.role ||
		                             r->pol->keys[j].algorithm != k->v.algorithm)) {
			j++;
		}
		if (j == r->pol->nkeys) {
			return false;
		}
		taken[j] = true;
	}
	return nstable == r->pol->nkeys;
}

static sgn_err_t add_policy_keys(sgn_rollover_t *r, struct sgn__roll *roll)
{
	for (size_t i = 0; i < r->pol->nkeys && roll->nnew < SGN__ROLL_KEYS; i++) {
		const sgn_policy_key_t *pk = &r->pol->keys[i];
		size_t idx;
		sgn_err_t err = sgn__model_add_planned(r, pk->role, pk->algorithm, pk->bits, &idx);
		if (err != SGN_OK) {
			return err;
		}
		roll->new_[roll->nnew++] = idx;
	}
	return SGN_OK;
}

static sgn_err_t key_set_roll(sgn_rollover_t *r, struct sgn__roll *roll)
{
	memset(roll, 0, sizeof(*roll));
	for (size_t i = 0; i < r->nfile && roll->nold < SGN__ROLL_KEYS; i++) {
		if (stable(&r->k[i])) {
			roll->old[roll->nold++] = i;
		}
	}
	roll->start = r->now;
	sgn_err_t err = add_policy_keys(r, roll);
	roll->method = roll->nnew == 0 ? SGN_ROLL_GO_INSECURE
	               : roll->nold == 0 ? SGN_ROLL_GO_SECURE
	                                 : SGN_ROLL_ALGORITHM;
	return err;
}

/* When the key stops being needed: the retirement its files schedule, else Tact + L. */
static int64_t retire_time(const sgn_rollover_t *r, const struct sgn__rkey *k)
{
	sgn_rec_t sig = (k->v.role & SGN_ROLE_ZSK) ? SGN_REC_ZRRSIG : SGN_REC_KRRSIG;
	if (k->sched[sig][0] != SGN__NEVER) {
		return k->sched[sig][0];
	}
	int64_t act = k->act_time[sig][1];
	if (act == SGN__NEVER) {
		act = k->v.changed[sig] - r->iv.pub[sig];
	}
	return k->v.lifetime > 0 ? act + k->v.lifetime : SGN__NEVER;
}

static sgn_err_t lifetime_roll(sgn_rollover_t *r, size_t i, struct sgn__roll *roll)
{
	const struct sgn__rkey *k = &r->k[i];
	int64_t ret = retire_time(r, k);
	memset(roll, 0, sizeof(*roll));
	if (ret == SGN__NEVER) {
		return SGN_ENOTFOUND;
	}
	roll->old[roll->nold++] = i;
	unsigned bits = 0;
	for (size_t j = 0; j < r->pol->nkeys; j++) {
		if (r->pol->keys[j].role == k->v.role && r->pol->keys[j].algorithm == k->v.algorithm) {
			bits = r->pol->keys[j].bits;
		}
	}
	size_t idx;
	sgn_err_t err = sgn__model_add_planned(r, k->v.role, k->v.algorithm, bits, &idx);
	if (err != SGN_OK) {
		return err;
	}
	roll->new_[roll->nnew++] = idx;
	roll->method = k->v.role == SGN_ROLE_CSK ? SGN_ROLL_CSK
	               : k->v.role == SGN_ROLE_KSK ? r->pol->ksk_method
	                                           : r->pol->zsk_method;
	roll->start = ret - sgn__roll_lead(r->pol, roll->method);
	return SGN_OK;
}

/* A role already rolling (so its stable keys wait for their turn). */
static bool role_busy(const sgn_rollover_t *r, const struct sgn__roll *rolls, size_t n,
                      unsigned role, uint8_t alg)
{
	for (size_t i = 0; i < n; i++) {
		for (size_t j = 0; j < rolls[i].nnew; j++) {
			const sgn_roll_key_t *v = &r->k[rolls[i].new_[j]].v;
			if (v->role == role && v->algorithm == alg) {
				return true;
			}
		}
	}
	return false;
}

sgn_err_t sgn__rolls_find(sgn_rollover_t *r, bool lifetime_rolls, struct sgn__roll *rolls,
                          size_t *nrolls, sgn_diag_t *diag)
{
	size_t n = 0;
	sgn_err_t err = rolls_in_flux(r, rolls, &n, diag);
	if (err != SGN_OK) {
		return err;
	}
	if (n == 0 && !matches_policy(r)) {
		err = key_set_roll(r, &rolls[n++]);
	} else if (lifetime_rolls) {
		size_t nflux = n;
		for (size_t i = 0; err == SGN_OK && i < r->nfile && n < SGN__ROLLS_MAX; i++) {
			const struct sgn__rkey *k = &r->k[i];
			if (!stable(k) || role_busy(r, rolls, nflux, k->v.role, k->v.algorithm)) {
				continue;
			}
			err = lifetime_roll(r, i, &rolls[n]);
			if (err == SGN_OK) {
				n++;
			} else if (err == SGN_ENOTFOUND) {
				err = SGN_OK;
			}
		}
	}
	*nrolls = n;
	return err;
}

/* -- stages -- */

void sgn__stage_each(const sgn_rollover_t *r, const struct sgn__roll *roll, size_t s,
                     sgn__act_fn fn, void *ctx)
{
	const struct sgn__stage_def *st = &sgn__method(roll->method)->stages[s];
	for (size_t a = 0; a < st->nacts; a++) {
		const struct sgn__act *act = &st->acts[a];
		const size_t *keys = act->grp == SGN__NEW ? roll->new_ : roll->old;
		size_t nk = act->grp == SGN__NEW ? roll->nnew : roll->nold;
		for (size_t i = 0; i < nk; i++) {
			if (r->k[keys[i]].v.has_rec[act->rec]) {
				fn(ctx, keys[i], act);
			}
		}
	}
}

struct applied_ctx {
	const sgn_rollover_t *r;
	bool all;
};

static void applied_one(void *ctx, size_t k, const struct sgn__act *act)
{
	struct applied_ctx *c = ctx;
	sgn_rstate_t st = c->r->k[k].v.state[act->rec];
	c->all = c->all && (act->up ? sgn__is_up(st) : !sgn__is_up(st));
}

bool sgn__stage_applied(const sgn_rollover_t *r, const struct sgn__roll *roll, size_t s)
{
	struct applied_ctx c = { r, true };
	sgn__stage_each(r, roll, s, applied_one, &c);
	return c.all;
}

size_t sgn__roll_current(const sgn_rollover_t *r, const struct sgn__roll *roll)
{
	size_t n = sgn__method(roll->method)->nstages;
	size_t s = 0;
	while (s < n && sgn__stage_applied(r, roll, s)) {
		s++;
	}
	return s;
}

struct earliest_ctx {
	const sgn_rollover_t *r;
	int64_t t;
	sgn_roll_wait_t *wait;
	bool up; /* the binding change was an introduction */
};

static void earliest_one(void *ctx, size_t k, const struct sgn__act *act)
{
	struct earliest_ctx *c = ctx;
	int64_t at = sgn__settled_at(c->r, k, (sgn_rec_t)act->rec);
	/* On a tie the withdrawal names the wait: RFC 7583 counts removals from retirement. */
	if (at < c->t || (at == c->t && (act->up || !c->up))) {
		return;
	}
	c->t = at;
	c->up = act->up;
	if (c->wait != NULL) {
		int64_t iv = act->up ? c->r->iv.pub[act->rec] : c->r->iv.ret[act->rec];
		*c->wait = (sgn_roll_wait_t){ sgn__interval_name((sgn_rec_t)act->rec, act->up),
			                      sgn__interval_formula((sgn_rec_t)act->rec, act->up), iv,
			                      at - iv, k, (sgn_rec_t)act->rec };
	}
}

int64_t sgn__stage_earliest(const sgn_rollover_t *r, const struct sgn__roll *roll, size_t s,
                            sgn_roll_wait_t *wait)
{
	struct earliest_ctx c = { r, roll->started ? INT64_MIN : roll->start, wait, false };
	if (wait != NULL) {
		memset(wait, 0, sizeof(*wait));
	}
	for (size_t p = 0; p < s; p++) {
		sgn__stage_each(r, roll, p, earliest_one, &c);
	}
	return c.t;
}

struct sched_ctx {
	const sgn_rollover_t *r;
	int64_t t;
};

static void sched_one(void *ctx, size_t k, const struct sgn__act *act)
{
	struct sched_ctx *c = ctx;
	int64_t t = c->r->k[k].sched[act->rec][act->up];
	if (t != SGN__NEVER && (c->t == SGN__NEVER || t > c->t)) {
		c->t = t;
	}
}

int64_t sgn__stage_scheduled(const sgn_rollover_t *r, const struct sgn__roll *roll, size_t s)
{
	struct sched_ctx c = { r, SGN__NEVER };
	sgn__stage_each(r, roll, s, sched_one, &c);
	return c.t;
}

struct apply_ctx {
	sgn_rollover_t *r;
	int64_t t;
	bool with_ds;
};

static void apply_one(void *ctx, size_t k, const struct sgn__act *act)
{
	struct apply_ctx *c = ctx;
	sgn_rstate_t st = c->r->k[k].v.state[act->rec];
	if ((act->rec == SGN_REC_DS && !c->with_ds) || (act->up ? sgn__is_up(st) : !sgn__is_up(st))) {
		return;
	}
	sgn__model_set(c->r, k, (sgn_rec_t)act->rec, act->up, c->t);
}

void sgn__stage_apply(sgn_rollover_t *r, const struct sgn__roll *roll, size_t s, int64_t t,
                      bool with_ds)
{
	struct apply_ctx c = { r, t, with_ds };
	sgn__stage_each(r, roll, s, apply_one, &c);
}

int64_t sgn__key_purge_time(const sgn_rollover_t *r, size_t k)
{
	int64_t t = INT64_MIN;
	if (r->pol->purge_keys == 0) {
		return SGN__NEVER;
	}
	for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
		if (r->k[k].v.has_rec[rec]) {
			t = SGN_MAX(t, sgn__settled_at(r, k, (sgn_rec_t)rec));
		}
	}
	return t + r->pol->purge_keys;
}

int64_t sgn__roll_purge_time(const sgn_rollover_t *r, const struct sgn__roll *roll)
{
	int64_t t = SGN__NEVER;
	for (size_t i = 0; i < roll->nold; i++) {
		int64_t p = sgn__key_purge_time(r, roll->old[i]);
		t = i == 0 ? p : SGN_MAX(t, p);
	}
	return t;
}
