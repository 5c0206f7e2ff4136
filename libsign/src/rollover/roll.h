/* SPDX-License-Identifier: MIT */
/* The rollover model shared by the files of rollover/: intervals (intervals.c), the stages
 * of every method (methods.c), keys with their record states (model.c, statefile.c), the
 * rollovers found in a key set (rolls.c), the projection of a plan (plan.c, plan_events.c)
 * and the step (step.c, step_files.c). */
#ifndef SGN_ROLLOVER_ROLL_H
#define SGN_ROLLOVER_ROLL_H

#include <libsign/name.h>
#include <libsign/rollover.h>

#include "../internal.h"

#define SGN__NEVER INT64_MAX
/* The time step writes for a record not introduced yet (Publish or Activate of a key whose
 * turn has not come): the last second a 32-bit BIND time holds, 2106-02-07T06:28:15Z, so that
 * every signer following the timing metadata leaves the record out until step sets the real
 * time. Never read as a schedule. */
#define SGN__NOT_YET INT64_C(4294967295)

/* A record in the zone (or at the parent): rumoured or omnipresent. */
static inline bool sgn__is_up(sgn_rstate_t st)
{
	return st == SGN_RS_RUMOURED || st == SGN_RS_OMNIPRESENT;
}

/* -- intervals -- */

/* How long a record takes to settle: rumoured -> omnipresent (pub), unretentive -> hidden
 * (ret), by record (RFC 7583 §3 with BIND's safety margins). */
struct sgn__intervals {
	int64_t pub[SGN_REC__COUNT];
	int64_t ret[SGN_REC__COUNT];
};

void sgn__intervals_init(struct sgn__intervals *iv, const sgn_policy_t *p) SGN_INTERNAL;
/* RFC 7583's name and formula of the wait for a record introduced (@p up) or withdrawn. */
const char *sgn__interval_name(sgn_rec_t rec, bool up) SGN_INTERNAL;
const char *sgn__interval_formula(sgn_rec_t rec, bool up) SGN_INTERNAL;
/* The record belongs to keys of this role (DNSKEY: all; KRRSIG, DS: KSK; ZRRSIG: ZSK). */
bool sgn__rec_applies(sgn_rec_t rec, unsigned role) SGN_INTERNAL;

/* -- methods -- */

enum { SGN__OLD = 0, SGN__NEW = 1 };

/* One change of a stage: the record @p rec of every key of group @p grp (old or new keys)
 * that has it, introduced (@p up) or withdrawn. */
struct sgn__act {
	uint8_t grp;
	uint8_t rec;
	bool up;
};

#define SGN__ACTS_MAX 6

struct sgn__stage_def {
	const char *name;
	struct sgn__act acts[SGN__ACTS_MAX];
	size_t nacts;
};

struct sgn__method_def {
	const char *name;
	const char *rfc;
	const struct sgn__stage_def *stages;
	size_t nstages;
	size_t takeover; /* the first stage that withdraws an old record: where the old key's
	                    lifetime ends */
};

const struct sgn__method_def *sgn__method(sgn_roll_method_t m) SGN_INTERNAL;
/* The stage changes the DS set (waits for the parent). */
bool sgn__stage_needs_parent(const struct sgn__stage_def *st) SGN_INTERNAL;

/* -- keys and their records -- */

/* The timing fields of a BIND `.state` file beyond the record states. */
struct sgn__statefile {
	bool present;
	bool has_role;                        /* KSK:/ZSK: lines */
	unsigned role;
	bool has_goal;
	bool goal_omnipresent;
	bool has_rec[SGN_REC__COUNT];         /* a *State line for the record */
	sgn_rstate_t state[SGN_REC__COUNT];
	int64_t changed[SGN_REC__COUNT];      /* *Change, 0 when absent */
	bool has_ds_publish, has_ds_removed;
	int64_t ds_publish, ds_removed;
	bool has_lifetime;
	int64_t lifetime;
	uint16_t predecessor, successor;
};

/* One key of the model: a directory's, or one a plan generates. */
struct sgn__rkey {
	sgn_roll_key_t v;          /* the public view; v.key points at `key` */
	sgn_key_t *key;            /* owned; NULL for a planned key */
	unsigned bits;             /* planned keys: the policy's size */
	struct sgn__statefile sf;  /* as read (or to be written) */
	int64_t act_time[SGN_REC__COUNT][2]; /* when the record was introduced [1] / withdrawn
	                                        [0], SGN__NEVER when unknown */
	int64_t sched[SGN_REC__COUNT][2];   /* future times the key files schedule, SGN__NEVER */
	bool removed;              /* gone from the model (purged) */
};

struct sgn_rollover {
	uint8_t zone[SGN_NAME_MAX];
	char dir[4096];
	const sgn_policy_t *pol;
	struct sgn__intervals iv;
	int64_t now;
	struct sgn__rkey *k;
	size_t n, cap;
	size_t nfile;              /* keys read from the directory (the rest are planned) */
};

/* Read the keys and their `.state` files; derive states at r->now. */
sgn_err_t sgn__model_load(sgn_rollover_t *r, sgn_diag_t *diag) SGN_INTERNAL;
void sgn__model_release(sgn_rollover_t *r) SGN_INTERNAL;
/* A copy for projecting a plan (keys shared, not owned: release with sgn__model_release_copy). */
sgn_err_t sgn__model_copy(sgn_rollover_t *dst, const sgn_rollover_t *src) SGN_INTERNAL;
void sgn__model_release_copy(sgn_rollover_t *r) SGN_INTERNAL;
/* Add a key the plan will generate; its index in *idx. */
sgn_err_t sgn__model_add_planned(sgn_rollover_t *r, unsigned role, uint8_t alg, unsigned bits,
                                 size_t *idx) SGN_INTERNAL;
/* Settle every record whose interval has passed by @p t (R -> O, U -> H), the change time
 * being the instant it settled. */
void sgn__model_settle(sgn_rollover_t *r, size_t key, int64_t t) SGN_INTERNAL;
/* The instant record @p rec of key @p k has settled (its change time when it is hidden or
 * omnipresent). */
int64_t sgn__settled_at(const sgn_rollover_t *r, size_t k, sgn_rec_t rec) SGN_INTERNAL;
/* Introduce or withdraw a record at @p t. */
void sgn__model_set(sgn_rollover_t *r, size_t k, sgn_rec_t rec, bool up, int64_t t) SGN_INTERNAL;
/* The RFC 7583 §3.1 name of a key's state; fills v.rfc7583_state. */
void sgn__model_describe(sgn_rollover_t *r, size_t k) SGN_INTERNAL;

/* BIND `.state` files (statefile.c). */
sgn_err_t sgn__statefile_read(struct sgn__statefile *sf, const char *path,
                              sgn_diag_t *diag) SGN_INTERNAL;
sgn_err_t sgn__statefile_format(const struct sgn__rkey *k, const uint8_t *zone,
                                sgn_buf_t *out) SGN_INTERNAL;

/* -- rollovers in a key set (rolls.c) -- */

#define SGN__ROLL_KEYS 4

struct sgn__roll {
	sgn_roll_method_t method;
	size_t old[SGN__ROLL_KEYS], nold;
	size_t new_[SGN__ROLL_KEYS], nnew;
	bool started;              /* a stage is done, or the new keys exist */
	int64_t start;             /* not started: when it should start */
};

#define SGN__ROLLS_MAX 8

/* The rollovers under way, and those the policy asks for (new keys added as planned keys
 * to @p r); @p lifetime_rolls: also the next lifetime rollover of every stable key. */
sgn_err_t sgn__rolls_find(sgn_rollover_t *r, bool lifetime_rolls, struct sgn__roll *rolls,
                          size_t *nrolls, sgn_diag_t *diag) SGN_INTERNAL;

/* Stage @p s of @p roll is applied: its changes are in the key states. */
bool sgn__stage_applied(const sgn_rollover_t *r, const struct sgn__roll *roll,
                        size_t s) SGN_INTERNAL;
/* The first stage not applied (nstages when done). */
size_t sgn__roll_current(const sgn_rollover_t *r, const struct sgn__roll *roll) SGN_INTERNAL;
/* The earliest safe time of stage @p s: every record an earlier stage changed has settled;
 * the binding record in @p wait (may be NULL). */
int64_t sgn__stage_earliest(const sgn_rollover_t *r, const struct sgn__roll *roll, size_t s,
                            sgn_roll_wait_t *wait) SGN_INTERNAL;
/* When the key files schedule stage @p s (the latest of its changes' future times), or
 * SGN__NEVER. */
int64_t sgn__stage_scheduled(const sgn_rollover_t *r, const struct sgn__roll *roll,
                             size_t s) SGN_INTERNAL;
/* Apply stage @p s at @p t: @p with_ds false leaves its DS changes out. */
void sgn__stage_apply(sgn_rollover_t *r, const struct sgn__roll *roll, size_t s, int64_t t,
                      bool with_ds) SGN_INTERNAL;
/* Every key of the roll whose record @p rec must change in stage @p s; calls @p fn. */
typedef void (*sgn__act_fn)(void *ctx, size_t key, const struct sgn__act *act);
void sgn__stage_each(const sgn_rollover_t *r, const struct sgn__roll *roll, size_t s,
                     sgn__act_fn fn, void *ctx) SGN_INTERNAL;
/* When a key whose records are all hidden (or will be, as planned) may be purged:
 * purge-keys after its last record settled (SGN__NEVER with purge-keys 0). */
int64_t sgn__key_purge_time(const sgn_rollover_t *r, size_t k) SGN_INTERNAL;
/* When the old keys of a finished roll may be purged (SGN__NEVER with purge-keys 0). */
int64_t sgn__roll_purge_time(const sgn_rollover_t *r, const struct sgn__roll *roll) SGN_INTERNAL;

/* -- plans (plan.c) -- */

/* Project the plan of @p r (not changed) into @p out. */
sgn_err_t sgn__plan_build(const sgn_rollover_t *r, sgn_plan_t **out) SGN_INTERNAL;

/* -- timelines (timeline.c) -- */

/* Add a key named after its plan label; returns its index through @p idx. */
sgn_err_t sgn__timeline_add_named(sgn_timeline_t *tl, const char *label, unsigned role,
                                  uint8_t alg, size_t *idx) SGN_INTERNAL;
/* The name of key @p i. */
const char *sgn__timeline_key_name(const sgn_timeline_t *tl, size_t i) SGN_INTERNAL;
size_t sgn__timeline_key_count(const sgn_timeline_t *tl) SGN_INTERNAL;
uint8_t sgn__timeline_key_alg(const sgn_timeline_t *tl, size_t i) SGN_INTERNAL;
unsigned sgn__timeline_key_role(const sgn_timeline_t *tl, size_t i) SGN_INTERNAL;
/* Sort the events by time (stable). */
void sgn__timeline_sort(sgn_timeline_t *tl) SGN_INTERNAL;

#endif
