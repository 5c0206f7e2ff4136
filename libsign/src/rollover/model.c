/* SPDX-License-Identifier: MIT */
/* The keys of a directory as the rollover model sees them: each key's role, and for each
 * of its records a state and when it last changed - from its `.state` file (settled by the
 * policy's intervals up to `now`), or, when it has none, from its timing metadata, read as
 * a signer reads it (published from Publish until Delete, signing from Activate until
 * Inactive). */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsign/key.h>

#include "roll.h"

/* -- the view -- */

static bool key_time(const sgn_key_t *key, sgn_key_event_t ev, int64_t *t)
{
	return key != NULL && sgn_key_get_time(key, t, ev);
}

/* The metadata events a signer reads for a record: introduced, withdrawn. */
static void rec_events(sgn_rec_t rec, sgn_key_event_t *up, sgn_key_event_t *down)
{
	bool dnskey = rec == SGN_REC_DNSKEY;
	*up = dnskey ? SGN_KEY_PUBLISH : SGN_KEY_ACTIVATE;
	*down = dnskey ? SGN_KEY_DELETE : SGN_KEY_INACTIVE;
}

/* The role of a key without a `.state` file, as a signer uses it: a SEP key is a KSK when
 * the directory has a non-SEP key of its algorithm, else a CSK (it signs everything). */
static unsigned infer_role(const sgn_rollover_t *r, const sgn_key_t *key)
{
	uint8_t alg = sgn_key_get_algorithm(key);
	if (!sgn_key_is_sep(key)) {
		return SGN_ROLE_ZSK;
	}
	for (size_t i = 0; i < r->nfile; i++) {
		const sgn_key_t *o = r->k[i].key;
		if (o != NULL && sgn_key_get_algorithm(o) == alg && !sgn_key_is_sep(o)) {
			return SGN_ROLE_KSK;
		}
	}
	return SGN_ROLE_CSK;
}

static int64_t policy_lifetime(const sgn_policy_t *p, unsigned role, uint8_t alg, bool *found)
{
	for (size_t i = 0; i < p->nkeys; i++) {
		if (p->keys[i].role == role && p->keys[i].algorithm == alg) {
			*found = true;
			return p->keys[i].lifetime;
		}
	}
	*found = false;
	return 0;
}

/* A record's state from the timing metadata at @p now. */
static void derive_rec(sgn_rollover_t *r, struct sgn__rkey *k, sgn_rec_t rec)
{
	sgn_key_event_t eu, ed;
	int64_t u = 0, d = 0, now = r->now;
	rec_events(rec, &eu, &ed);
	bool has_u = key_time(k->key, eu, &u), has_d = key_time(k->key, ed, &d);
	sgn_rstate_t *st = &k->v.state[rec];
	int64_t *chg = &k->v.changed[rec];
	if (has_d && d <= now) {
		bool gone = now >= d + r->iv.ret[rec];
		*st = gone ? SGN_RS_HIDDEN : SGN_RS_UNRETENTIVE;
		*chg = gone ? d + r->iv.ret[rec] : d;
		k->act_time[rec][0] = d;
	} else if (!has_u || u <= now) {
		bool settled = !has_u || now >= u + r->iv.pub[rec];
		*st = settled ? SGN_RS_OMNIPRESENT : SGN_RS_RUMOURED;
		*chg = !has_u ? 0 : settled ? u + r->iv.pub[rec] : u;
	} else {
		*st = SGN_RS_HIDDEN;
		*chg = 0;
	}
	if (has_u && u <= now) {
		k->act_time[rec][1] = u;
	}
}

/* No `.state` file: the DS is where the key's signing says it is. */
static void derive_ds(struct sgn__rkey *k)
{
	sgn_rstate_t ks = k->v.state[SGN_REC_KRRSIG];
	bool up = ks == SGN_RS_OMNIPRESENT || ks == SGN_RS_RUMOURED;
	k->v.state[SGN_REC_DS] = up ? SGN_RS_OMNIPRESENT : SGN_RS_HIDDEN;
	k->v.changed[SGN_REC_DS] = up ? k->v.changed[SGN_REC_KRRSIG] : 0;
	k->v.ds_assumed = up;
}

/* Future times the key files schedule for records not yet there (or still there). */
static void schedule(sgn_rollover_t *r, struct sgn__rkey *k, sgn_rec_t rec)
{
	sgn_key_event_t eu, ed;
	int64_t t;
	rec_events(rec, &eu, &ed);
	sgn_rstate_t st = k->v.state[rec];
	bool up = st == SGN_RS_RUMOURED || st == SGN_RS_OMNIPRESENT;
	if (rec != SGN_REC_DS && !up && key_time(k->key, eu, &t) && t > r->now && t < SGN__NOT_YET) {
		k->sched[rec][1] = t;
	}
	if (rec != SGN_REC_DS && up && key_time(k->key, ed, &t) && t > r->now && t < SGN__NOT_YET) {
		k->sched[rec][0] = t;
	}
}

static void from_statefile(sgn_rollover_t *r, struct sgn__rkey *k, sgn_rec_t rec)
{
	sgn_key_event_t eu, ed;
	int64_t t;
	rec_events(rec, &eu, &ed);
	k->v.state[rec] = k->sf.state[rec];
	k->v.changed[rec] = k->sf.changed[rec];
	if (rec == SGN_REC_DS) {
		k->act_time[rec][1] = k->sf.has_ds_publish ? k->sf.ds_publish : SGN__NEVER;
		k->act_time[rec][0] = k->sf.has_ds_removed ? k->sf.ds_removed : SGN__NEVER;
		return;
	}
	if (key_time(k->key, eu, &t) && t <= r->now) {
		k->act_time[rec][1] = t;
	}
	if (key_time(k->key, ed, &t) && t <= r->now) {
		k->act_time[rec][0] = t;
	}
}

static void derive(sgn_rollover_t *r, struct sgn__rkey *k)
{
	const sgn_key_t *key = k->key;
	bool found;
	k->v.key = key;
	k->v.algorithm = sgn_key_get_algorithm(key);
	k->v.tag = sgn_key_get_tag(key);
	k->v.role = k->sf.has_role && k->sf.role != 0 ? k->sf.role : infer_role(r, key);
	k->v.has_state_file = k->sf.present;
	k->v.predecessor = k->sf.predecessor;
	k->v.successor = k->sf.successor;
	k->v.lifetime = policy_lifetime(r->pol, k->v.role, k->v.algorithm, &found);
	if (!found && k->sf.has_lifetime) {
		k->v.lifetime = k->sf.lifetime;
	}
	for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
		k->act_time[rec][0] = k->act_time[rec][1] = SGN__NEVER;
		k->sched[rec][0] = k->sched[rec][1] = SGN__NEVER;
		k->v.has_rec[rec] = sgn__rec_applies((sgn_rec_t)rec, k->v.role);
		if (!k->v.has_rec[rec]) {
			continue;
		}
		if (k->sf.present && k->sf.has_rec[rec]) {
			from_statefile(r, k, (sgn_rec_t)rec);
		} else if (rec == SGN_REC_DS) {
			derive_ds(k);
		} else {
			derive_rec(r, k, (sgn_rec_t)rec);
		}
		schedule(r, k, (sgn_rec_t)rec);
	}
	int64_t t;
	bool retiring = key_time(key, SGN_KEY_INACTIVE, &t) || key_time(key, SGN_KEY_DELETE, &t);
	k->v.goal_omnipresent = k->sf.has_goal ? k->sf.goal_omnipresent : !retiring;
	sgn__model_settle(r, (size_t)(k - r->k), r->now);
}

/* -- loading -- */

static sgn_err_t grow(sgn_rollover_t *r)
{
	return sgn__grow(&r->k, &r->cap, r->n + 1, sizeof(*r->k), 8);
}

static sgn_err_t load_key(sgn_rollover_t *r, sgn_key_t *key, sgn_diag_t *diag)
{
	sgn_err_t err = grow(r);
	if (err != SGN_OK) {
		sgn_key_free(key);
		return err;
	}
	struct sgn__rkey *k = &r->k[r->n];
	memset(k, 0, sizeof(*k));
	k->key = key;
	err = sgn_key_bind_basename(key, k->v.basename, sizeof(k->v.basename));
	char path[4096 + 300];
	snprintf(path, sizeof(path), "%s/%s.state", r->dir, k->v.basename);
	if (err == SGN_OK && access(path, F_OK) == 0) {
		err = sgn__statefile_read(&k->sf, path, diag);
	}
	r->n++; /* owned by the model from here on, freed with it */
	return err;
}

sgn_err_t sgn__model_load(sgn_rollover_t *r, sgn_diag_t *diag)
{
	sgn_keylist_t list;
	sgn_keylist_init(&list);
	sgn__intervals_init(&r->iv, r->pol);
	sgn_err_t err = sgn_keylist_read_dir(&list, r->dir, r->zone, false, diag);
	for (size_t i = 0; err == SGN_OK && i < list.count; i++) {
		err = load_key(r, list.keys[i], diag);
		list.keys[i] = NULL;
	}
	for (size_t i = 0; i < list.count; i++) {
		sgn_key_free(list.keys[i]);
	}
	list.count = 0;
	sgn_keylist_release(&list);
	r->nfile = r->n;
	for (size_t i = 0; err == SGN_OK && i < r->n; i++) {
		derive(r, &r->k[i]);
	}
	for (size_t i = 0; err == SGN_OK && i < r->n; i++) {
		sgn__model_describe(r, i);
	}
	return err;
}

void sgn__model_release(sgn_rollover_t *r)
{
	for (size_t i = 0; i < r->n; i++) {
		sgn_key_free(r->k[i].key);
	}
	free(r->k);
	r->k = NULL;
	r->n = r->cap = r->nfile = 0;
}

sgn_err_t sgn__model_copy(sgn_rollover_t *dst, const sgn_rollover_t *src)
{
	*dst = *src;
	dst->k = malloc((src->n + 1) * sizeof(*dst->k));
	if (dst->k == NULL) {
		return SGN_ENOMEM;
	}
	if (src->n > 0) {
		memcpy(dst->k, src->k, src->n * sizeof(*dst->k));
	}
	dst->cap = src->n + 1;
	return SGN_OK;
}

void sgn__model_release_copy(sgn_rollover_t *r)
{
	free(r->k);
	r->k = NULL;
}

sgn_err_t sgn__model_add_planned(sgn_rollover_t *r, unsigned role, uint8_t alg, unsigned bits,
                                 size_t *idx)
{
	sgn_err_t err = grow(r);
	if (err != SGN_OK) {
		return err;
	}
	struct sgn__rkey *k = &r->k[r->n];
	bool found;
	memset(k, 0, sizeof(*k));
	k->v.role = role;
	k->v.algorithm = alg;
	k->bits = bits;
	k->v.goal_omnipresent = true;
	k->v.lifetime = policy_lifetime(r->pol, role, alg, &found);
	for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
		k->v.has_rec[rec] = sgn__rec_applies((sgn_rec_t)rec, role);
		k->act_time[rec][0] = k->act_time[rec][1] = SGN__NEVER;
		k->sched[rec][0] = k->sched[rec][1] = SGN__NEVER;
	}
	k->v.rfc7583_state = "generated";
	*idx = r->n++;
	return SGN_OK;
}

/* -- states -- */

int64_t sgn__settled_at(const sgn_rollover_t *r, size_t k, sgn_rec_t rec)
{
	const struct sgn__rkey *key = &r->k[k];
	switch (key->v.state[rec]) {
	case SGN_RS_RUMOURED:
		return key->v.changed[rec] + r->iv.pub[rec];
	case SGN_RS_UNRETENTIVE:
		return key->v.changed[rec] + r->iv.ret[rec];
	default:
		return key->v.changed[rec];
	}
}

void sgn__model_settle(sgn_rollover_t *r, size_t k, int64_t t)
{
	struct sgn__rkey *key = &r->k[k];
	for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
		sgn_rstate_t st = key->v.state[rec];
		if (!key->v.has_rec[rec] || (st != SGN_RS_RUMOURED && st != SGN_RS_UNRETENTIVE)) {
			continue;
		}
		int64_t at = sgn__settled_at(r, k, (sgn_rec_t)rec);
		if (at <= t) {
			key->v.state[rec] = st == SGN_RS_RUMOURED ? SGN_RS_OMNIPRESENT : SGN_RS_HIDDEN;
			key->v.changed[rec] = at;
		}
	}
}

void sgn__model_set(sgn_rollover_t *r, size_t k, sgn_rec_t rec, bool up, int64_t t)
{
	struct sgn__rkey *key = &r->k[k];
	if (!key->v.has_rec[rec]) {
		return;
	}
	sgn__model_settle(r, k, t);
	key->v.state[rec] = up ? SGN_RS_RUMOURED : SGN_RS_UNRETENTIVE;
	key->v.changed[rec] = t;
	key->act_time[rec][up] = t;
	key->sched[rec][up] = SGN__NEVER;
}

void sgn__model_describe(sgn_rollover_t *r, size_t i)
{
	struct sgn__rkey *k = &r->k[i];
	sgn_rstate_t dk = k->v.state[SGN_REC_DNSKEY];
	sgn_rec_t sigrec = (k->v.role & SGN_ROLE_ZSK) ? SGN_REC_ZRRSIG : SGN_REC_KRRSIG;
	sgn_rstate_t sig = k->v.state[sigrec];
	const char *s;
	if (dk == SGN_RS_UNRETENTIVE || (dk == SGN_RS_HIDDEN && !k->v.goal_omnipresent)) {
		s = "removed";
	} else if (dk == SGN_RS_HIDDEN) {
		s = "generated";
	} else if (sgn__is_up(sig)) {
		s = "active";
	} else if (sig == SGN_RS_UNRETENTIVE) {
		s = "retired";
	} else if (!k->v.goal_omnipresent) {
		s = "dead";
	} else {
		s = dk == SGN_RS_RUMOURED ? "published" : "ready";
	}
	k->v.rfc7583_state = s;
}
