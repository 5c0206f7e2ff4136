/* SPDX-License-Identifier: MIT */
/* Unit tests for the cache simulator (rollover.h): every plan sigil makes, for every method
 * and a grid of TTLs, delays, signing delays and safety margins, is safe; each deliberately
 * unsafe variant (an event of a correct plan moved early) is rejected with the right
 * counterexample - instant, cached versions and broken link; and timeline files. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include "rollover_fixture.h"

#define A (TH_NOW - 10 * 86400)

enum setup { S_TWO, S_CSK, S_EMPTY };

struct method_case {
	const char *name;
	enum setup setup;
	const char *keys;
	const char *extra;
};

#define ZSK30 "ksk lifetime unlimited algorithm 13; zsk lifetime 30d algorithm 13;"
#define KSK1Y "ksk lifetime P1Y algorithm 13; zsk lifetime unlimited algorithm 13;"
#define ALG15 "ksk lifetime unlimited algorithm 15; zsk lifetime unlimited algorithm 15;"
#define ALG13 "ksk lifetime unlimited algorithm 13; zsk lifetime unlimited algorithm 13;"

static const struct method_case cases[] = {
	{ "zsk-pre-publication", S_TWO, ZSK30, NULL },
	{ "zsk-double-signature", S_TWO, ZSK30, "zsk-roll-method double-signature;" },
	{ "ksk-double-ksk", S_TWO, KSK1Y, NULL },
	{ "ksk-double-ds", S_TWO, KSK1Y, "ksk-roll-method double-ds;" },
	{ "ksk-double-rrset", S_TWO, KSK1Y, "ksk-roll-method double-rrset;" },
	{ "csk", S_CSK, "csk lifetime 60d algorithm 13;", NULL },
	{ "algorithm", S_TWO, ALG15, NULL },
	{ "algorithm from a CSK", S_CSK, ALG15, NULL },
	{ "go-secure", S_EMPTY, ALG13, NULL },
	{ "go-insecure", S_TWO, "", NULL },
};

static void make_keys(const char *dir, enum setup s)
{
	if (s == S_TWO) {
		trf_key(dir, SGN_ROLE_KSK, 13, A);
		trf_key(dir, SGN_ROLE_ZSK, 13, A);
	} else if (s == S_CSK) {
		trf_key(dir, SGN_ROLE_CSK, 13, A);
	}
}

struct grid {
	int64_t key_ttl, sig_ttl, ds_ttl, dprp, dprpp, dsgn, pubs, rets;
};

static void apply_grid(sgn_policy_t *p, const struct grid *g)
{
	p->dnskey_ttl = g->key_ttl;
	p->max_zone_ttl = g->sig_ttl;
	p->parent_ds_ttl = g->ds_ttl;
	p->zone_propagation_delay = g->dprp;
	p->parent_propagation_delay = g->dprpp;
	p->signing_delay = g->dsgn;
	p->publish_safety = g->pubs;
	p->retire_safety = g->rets;
}

/* The plan of one case under one grid point: rollovers found, and safe. */
static size_t check_safe(const char *dir, const struct method_case *c, const sgn_policy_t *p,
                         const struct grid *g)
{
	sgn_rollover_t *r = trf_open(dir, p, TH_NOW);
	sgn_plan_t *plan = trf_plan(r);
	size_t n = plan->nrolls;
	sgn_sim_result_t res = trf_simulate(plan->timeline, p, TH_NOW, false);
	if (!res.safe) {
		fail_msg("%s with TTLkey %lld TTLsig %lld TTLds %lld Dprp %lld DprpP %lld Dsgn %lld "
		         "safety %lld/%lld: %s",
		         c->name, (long long)g->key_ttl, (long long)g->sig_ttl, (long long)g->ds_ttl,
		         (long long)g->dprp, (long long)g->dprpp, (long long)g->dsgn, (long long)g->pubs,
		         (long long)g->rets, res.message);
	}
	assert_true(res.instants > 0);
	sgn_plan_free(plan);
	sgn_rollover_free(r);
	return n;
}

static void sim_every_plan_on_a_grid_is_safe(void **state)
{
	static const int64_t key_ttl[] = { 1, 300, 86400 }, sig_ttl[] = { 1, 3600, 172800 };
	static const int64_t ds_ttl[] = { 1, 3600, 86400 }, dprp[] = { 0, 7, 600 };
	static const int64_t dprpp[] = { 0, 3600 }, dsgn[] = { 0, 1800 }, margin[] = { 0, 1 };
	size_t plans = 0;
	for (size_t ci = 0; ci < TRF_LEN(cases); ci++) {
		char dir[64];
		sgn_policy_t p;
		th_tmpdir_new(dir);
		make_keys(dir, cases[ci].setup);
		trf_policy(&p, cases[ci].keys, cases[ci].extra);
		for (size_t i = 0; i < 3 * 3 * 3 * 3 * 2 * 2 * 2; i++) {
			size_t k = i;
			struct grid g;
			g.key_ttl = key_ttl[k % 3], k /= 3;
			g.sig_ttl = sig_ttl[k % 3], k /= 3;
			g.ds_ttl = ds_ttl[k % 3], k /= 3;
			g.dprp = dprp[k % 3], k /= 3;
			g.dprpp = dprpp[k % 2], k /= 2;
			g.dsgn = dsgn[k % 2], k /= 2;
			g.pubs = margin[k % 2] * 60;
			g.rets = margin[k % 2] * 120;
			apply_grid(&p, &g);
			assert_true(check_safe(dir, &cases[ci], &p, &g) >= 1);
			plans++;
		}
		th_tmpdir_remove(dir);
		(void)state;
	}
	assert_int_equal(plans, TRF_LEN(cases) * 648);
}

/* -- deliberately unsafe variants -- */

/* The index of the first event of record @p rec going @p up at @p t (fails when none). */
static size_t find_event(const sgn_timeline_t *tl, sgn_rec_t rec, bool up, int64_t t)
{
	for (size_t i = 0; i < sgn_timeline_event_count(tl); i++) {
		int64_t et;
		size_t key;
		sgn_rec_t er;
		bool eu;
		sgn_timeline_get_event(tl, &et, &key, &er, &eu, i);
		if (er == rec && eu == up && et == t) {
			return i;
		}
	}
	fail_msg("no %s %s event at %lld", sgn_rec_name(rec), up ? "up" : "down", (long long)t);
	return 0;
}

/* Move every event at @p from of record @p rec going @p up to @p to. */
static void move_events(sgn_timeline_t *tl, sgn_rec_t rec, bool up, int64_t from, int64_t to)
{
	size_t i = find_event(tl, rec, up, from);
	do {
		assert_int_equal(sgn_timeline_move_event(tl, i, to), SGN_OK);
		i = SIZE_MAX;
		for (size_t j = 0; j < sgn_timeline_event_count(tl) && i == SIZE_MAX; j++) {
			int64_t et;
			size_t key;
			sgn_rec_t er;
			bool eu;
			sgn_timeline_get_event(tl, &et, &key, &er, &eu, j);
			i = er == rec && eu == up && et == from ? j : SIZE_MAX;
		}
	} while (i != SIZE_MAX);
}

struct variant {
	sgn_policy_t p;
	sgn_rollover_t *r;
	sgn_plan_t *plan;
	const sgn_plan_roll_t *roll;
};

static void variant_open(struct variant *v, const char *dir, const struct method_case *c,
                         sgn_roll_method_t m)
{
	make_keys(dir, c->setup);
	trf_policy(&v->p, c->keys, c->extra);
	v->r = trf_open(dir, &v->p, TH_NOW);
	v->plan = trf_plan(v->r);
	v->roll = trf_roll(v->plan, m);
	sgn_sim_result_t res = trf_simulate(v->plan->timeline, &v->p, TH_NOW, false);
	if (!res.safe) {
		fail_msg("the correct %s plan is not safe: %s", c->name, res.message);
	}
}

static void variant_close(struct variant *v)
{
	sgn_plan_free(v->plan);
	sgn_rollover_free(v->r);
}

/* The moved plan breaks at @p t with @p link, in the strict model and (when @p lenient_too)
 * in the lenient one as well. */
static sgn_sim_result_t expect_broken(const struct variant *v, int64_t t, sgn_sim_link_t link,
                                      bool lenient_too)
{
	sgn_sim_result_t res = trf_simulate(v->plan->timeline, &v->p, TH_NOW, false);
	if (res.safe) {
		fail_msg("an unsafe variant passed the simulator");
	}
	if (res.link != link || res.time != t) {
		fail_msg("broke at %lld with %s, want %lld with %s: %s", (long long)res.time,
		         sgn_sim_link_name(res.link), (long long)t, sgn_sim_link_name(link), res.message);
	}
	sgn_sim_result_t len = trf_simulate(v->plan->timeline, &v->p, TH_NOW, true);
	assert_int_equal(len.safe, !lenient_too);
	return res;
}

static uint64_t key_bit(const struct variant *v, uint16_t tag)
{
	for (size_t i = 0; i < v->plan->nkeys; i++) {
		if (v->plan->keys[i].tag == tag) {
			return UINT64_C(1) << i;
		}
	}
	fail_msg("key %u is not in the plan", tag);
	return 0;
}

/* The old ZSK's DNSKEY removed one TTLsig early: an RRset still cached with only the old
 * ZSK's signature meets a DNSKEY set without it. */
static void sim_zsk_removed_one_ttlsig_early_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[0], SGN_ROLL_ZSK_PRE_PUBLICATION);
	int64_t trem = v.roll->stages[2].time, early = trem - T_SIG;
	move_events(v.plan->timeline, SGN_REC_DNSKEY, false, trem, early);
	sgn_sim_result_t res = expect_broken(&v, early, SGN_SIM_DATA_SIGNATURE, true);
	uint16_t old = v.plan->keys[v.roll->old_keys[0]].tag;
	assert_int_equal(res.data.keys, key_bit(&v, old));
	assert_int_equal(res.dnskey.keys & key_bit(&v, old), 0);
	assert_int_equal(res.data.cached_until, v.roll->stages[1].time + T_DSGN + T_DPRP + T_SIG);
	assert_false(res.negative);
	variant_close(&v);
}

/* ZSK double-signature, TTLkey the longer TTL: the old key retired and removed before
 * TTLkey has passed since the new DNSKEY appeared. */
static void sim_old_dnskey_removed_before_ttlkey_is_rejected(void **state)
{
	struct variant v;
	make_keys(*state, S_TWO);
	trf_policy(&v.p, cases[1].keys, cases[1].extra);
	v.p.dnskey_ttl = 4 * T_SIG;
	v.r = trf_open(*state, &v.p, TH_NOW);
	v.plan = trf_plan(v.r);
	v.roll = trf_roll(v.plan, SGN_ROLL_ZSK_DOUBLE_SIGNATURE);
	assert_string_equal(v.roll->stages[1].wait.name, "Ipub");
	int64_t t1 = v.roll->stages[1].time, early = v.roll->stages[0].time + v.p.dnskey_ttl - 1;
	move_events(v.plan->timeline, SGN_REC_DNSKEY, false, t1, early);
	move_events(v.plan->timeline, SGN_REC_ZRRSIG, false, t1, early);
	sgn_sim_result_t res = expect_broken(&v, early, SGN_SIM_DATA_SIGNATURE, true);
	assert_int_equal(res.dnskey.from, INT64_MIN); /* the DNSKEY set before the new key */
	variant_close(&v);
}

/* Double-KSK: the DS replaced before the new KSK's DNSKEY has propagated. */
static void sim_ds_swapped_before_new_dnskey_propagated_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[2], SGN_ROLL_KSK_DOUBLE_KSK);
	int64_t swap = v.roll->stages[1].time, early = v.roll->stages[0].time + 1;
	move_events(v.plan->timeline, SGN_REC_DS, true, swap, early);
	move_events(v.plan->timeline, SGN_REC_DS, false, swap, early);
	sgn_sim_result_t res = expect_broken(&v, early, SGN_SIM_DS_DNSKEY, true);
	uint16_t nw = v.plan->keys[v.roll->new_keys[0]].tag;
	assert_int_equal(res.ds.keys, key_bit(&v, nw));
	assert_int_equal(res.dnskey.keys & key_bit(&v, nw), 0);
	variant_close(&v);
}

/* Double-RRset: the old DS (and KSK) withdrawn before parent-ds-ttl has passed since the
 * new DS appeared: a cached DS set with only the old DS meets the new DNSKEY set. */
static void sim_old_ds_withdrawn_before_parent_ds_ttl_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[4], SGN_ROLL_KSK_DOUBLE_RRSET);
	int64_t t1 = v.roll->stages[1].time, early = v.roll->stages[0].time + T_DS - 1;
	move_events(v.plan->timeline, SGN_REC_DS, false, t1, early);
	move_events(v.plan->timeline, SGN_REC_DNSKEY, false, t1, early);
	move_events(v.plan->timeline, SGN_REC_KRRSIG, false, t1, early);
	sgn_sim_result_t res = expect_broken(&v, early, SGN_SIM_DS_DNSKEY, true);
	uint16_t old = v.plan->keys[v.roll->old_keys[0]].tag;
	assert_int_equal(res.ds.keys, key_bit(&v, old));
	assert_int_equal(res.ds.from, INT64_MIN);
	variant_close(&v);
}

/* Going insecure: the keys removed before the withdrawn DS is out of caches. */
static void sim_unsigned_before_ds_expired_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[9], SGN_ROLL_GO_INSECURE);
	int64_t t1 = v.roll->stages[1].time, early = TH_NOW + T_DS / 2;
	move_events(v.plan->timeline, SGN_REC_DNSKEY, false, t1, early);
	move_events(v.plan->timeline, SGN_REC_KRRSIG, false, t1, early);
	move_events(v.plan->timeline, SGN_REC_ZRRSIG, false, t1, early);
	/* The first broken combination at that instant: the old DNSKEY set over the unsigned
	 * data (with the empty DNSKEY set the DS link breaks too). */
	sgn_sim_result_t res = expect_broken(&v, early, SGN_SIM_DATA_SIGNATURE, true);
	assert_int_equal(res.data.keys, 0);
	variant_close(&v);
}

/* Algorithm rollover: the new algorithm's DNSKEYs published with their first signatures,
 * before those are in every cache (RFC 6781 §4.1.4): strict validators may fail. */
static void sim_algorithm_dnskey_before_signatures_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[6], SGN_ROLL_ALGORITHM);
	int64_t t1 = v.roll->stages[1].time;
	move_events(v.plan->timeline, SGN_REC_DNSKEY, true, t1, TH_NOW);
	sgn_sim_result_t res = expect_broken(&v, TH_NOW, SGN_SIM_DATA_ALGORITHM, false);
	assert_int_equal(res.algorithm, 15);
	variant_close(&v);
}

/* Algorithm rollover: the new algorithm's DS submitted before its DNSKEYs are everywhere:
 * a replaced DS breaks every validator, an added one the strict ones. */
static void sim_algorithm_ds_early_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[6], SGN_ROLL_ALGORITHM);
	int64_t t2 = v.roll->stages[2].time, early = v.roll->stages[1].time + 1;
	move_events(v.plan->timeline, SGN_REC_DS, true, t2, early);
	sgn_sim_result_t res = expect_broken(&v, early, SGN_SIM_DS_ALGORITHM, false);
	assert_int_equal(res.algorithm, 15);
	move_events(v.plan->timeline, SGN_REC_DS, false, t2, early);
	expect_broken(&v, early, SGN_SIM_DS_DNSKEY, true);
	variant_close(&v);
}

/* Going secure: the DS submitted before the DNSKEY set is in every cache (a cached "no
 * DNSKEY" under a DS), or before the signatures are (a cached unsigned RRset). */
static void sim_go_secure_ds_before_signatures_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[8], SGN_ROLL_GO_SECURE);
	int64_t t1 = v.roll->stages[1].time, t = TH_NOW + 1, later = TH_NOW + I_PUB;
	move_events(v.plan->timeline, SGN_REC_DS, true, t1, t);
	sgn_sim_result_t res = expect_broken(&v, t, SGN_SIM_DS_DNSKEY, true);
	assert_int_equal(res.dnskey.keys, 0);
	move_events(v.plan->timeline, SGN_REC_DS, true, t, later);
	res = expect_broken(&v, later, SGN_SIM_DATA_SIGNATURE, true);
	assert_int_equal(res.data.keys, 0);
	variant_close(&v);
}

/* Negative answers held longer than max-zone-ttl outlive the plan's Iret. */
static void sim_negative_ttl_beyond_max_zone_ttl_is_rejected(void **state)
{
	struct variant v;
	variant_open(&v, *state, &cases[0], SGN_ROLL_ZSK_PRE_PUBLICATION);
	sgn_sim_opts_t so;
	sgn_sim_result_t res;
	sgn_sim_opts_from_policy(&so, &v.p);
	so.from = TH_NOW;
	so.negative_ttl = 2 * T_SIG;
	assert_int_equal(sgn_simulate(&res, v.plan->timeline, &so), SGN_OK);
	assert_false(res.safe);
	assert_true(res.negative);
	assert_int_equal(res.link, SGN_SIM_DATA_SIGNATURE);
	assert_int_equal(res.time, v.roll->stages[2].time);
	assert_non_null(strstr(res.message, "a negative answer"));
	variant_close(&v);
}

/* -- timeline files -- */

static void sim_timeline_file_round_trips_and_checks(void **state)
{
	static const char text[] =
		"; a ZSK pre-publication roll, by hand\n"
		"key k KSK ECDSAP256SHA256\nkey z1 ZSK 13\nkey z2 ZSK 13\n"
		"always + k dnskey krrsig ds\nalways + z1 dnskey zrrsig\n"
		"20000 + z2 dnskey\n30000 - z1 zrrsig\n30000 + z2 zrrsig   ; the swap\n"
		"40000 - z1 dnskey\n";
	sgn_timeline_t *tl;
	sgn_diag_t diag;
	sgn_sim_opts_t so = { .dnskey_ttl = 3600, .max_zone_ttl = 3600, .parent_ds_ttl = 3600,
		              .from = INT64_MIN };
	sgn_sim_result_t res;
	(void)state;
	assert_int_equal(sgn_timeline_parse(&tl, text, strlen(text), "t", &diag), SGN_OK);
	assert_int_equal(sgn_timeline_event_count(tl), 9);
	assert_int_equal(sgn_simulate(&res, tl, &so), SGN_OK);
	assert_true(res.safe);
	so.max_zone_ttl = 20000; /* now the old signatures outlive z1's DNSKEY */
	assert_int_equal(sgn_simulate(&res, tl, &so), SGN_OK);
	assert_false(res.safe);
	assert_int_equal(res.time, 40000);
	assert_int_equal(res.link, SGN_SIM_DATA_SIGNATURE);
	assert_non_null(strstr(res.message, "signed by {z1}"));
	sgn_timeline_free(tl);
}

static void sim_timeline_errors_name_the_line(void **state)
{
	static const struct {
		const char *text;
		unsigned long line;
	} bad[] = {
		{ "key k KSK 13\n1 + k dnskey\nkey k ZSK 13\n", 3 },
		{ "key k KSK 13\n1 + q dnskey\n", 2 },
		{ "key z ZSK 13\n1 + z ds\n", 2 },
		{ "key k KSK 13\nsoon + k dnskey\n", 2 },
		{ "key k XSK 13\n", 1 },
		{ "key k KSK 13\n1 * k dnskey\n", 2 },
		{ "key k KSK 13\n1 + k rrsig\n", 2 },
		{ "key k KSK 13\n", 1 },
	};
	(void)state;
	for (size_t i = 0; i < TRF_LEN(bad); i++) {
		sgn_timeline_t *tl = NULL;
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		assert_int_equal(sgn_timeline_parse(&tl, bad[i].text, strlen(bad[i].text), "t", &diag),
		                 SGN_EPARSE);
		assert_null(tl);
		if (diag.line != bad[i].line) {
			fail_msg("case %zu: line %lu, want %lu (%s)", i, diag.line, bad[i].line, diag.msg);
		}
	}
}

/* Events added out of order are read back in time order (the same instant in the order
 * added); a line over 511 bytes is an error, not cut off. */
static void sim_timeline_sorts_events_in_and_refuses_long_lines(void **state)
{
	sgn_timeline_t *tl = NULL;
	sgn_diag_t diag;
	size_t k, key;
	int64_t t;
	sgn_rec_t rec;
	bool up;
	(void)state;
	assert_int_equal(sgn_timeline_new(&tl), SGN_OK);
	assert_int_equal(sgn_timeline_add_key(tl, &k, "k", SGN_ROLE_CSK, 13), SGN_OK);
	assert_int_equal(sgn_timeline_add_event(tl, 300, k, SGN_REC_DNSKEY, false), SGN_OK);
	assert_int_equal(sgn_timeline_add_event(tl, 100, k, SGN_REC_DNSKEY, true), SGN_OK);
	assert_int_equal(sgn_timeline_add_event(tl, 300, k, SGN_REC_DS, false), SGN_OK);
	assert_int_equal(sgn_timeline_add_event(tl, 200, k, SGN_REC_DS, true), SGN_OK);
	static const int64_t want_t[] = { 100, 200, 300, 300 };
	static const sgn_rec_t want_rec[] = { SGN_REC_DNSKEY, SGN_REC_DS, SGN_REC_DNSKEY,
		                              SGN_REC_DS };
	for (size_t i = 0; i < TRF_LEN(want_t); i++) {
		assert_true(sgn_timeline_get_event(tl, &t, &key, &rec, &up, i));
		assert_int_equal(t, want_t[i]);
		assert_int_equal(rec, want_rec[i]);
	}
	sgn_timeline_free(tl);
	char text[700];
	int n = snprintf(text, sizeof(text), "key k KSK 13\n1 + k dnskey");
	while (n < 520) {
		n += snprintf(text + n, sizeof(text) - (size_t)n, " dnskey");
	}
	snprintf(text + n, sizeof(text) - (size_t)n, " ds\n");
	tl = NULL;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_timeline_parse(&tl, text, strlen(text), "t", &diag), SGN_EPARSE);
	assert_null(tl);
	assert_int_equal(diag.line, 2);
	assert_non_null(strstr(diag.msg, "longer than 511"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_tmpdir_setup, th_tmpdir_teardown)
		T(sim_every_plan_on_a_grid_is_safe),
		T(sim_zsk_removed_one_ttlsig_early_is_rejected),
		T(sim_old_dnskey_removed_before_ttlkey_is_rejected),
		T(sim_ds_swapped_before_new_dnskey_propagated_is_rejected),
		T(sim_old_ds_withdrawn_before_parent_ds_ttl_is_rejected),
		T(sim_unsigned_before_ds_expired_is_rejected),
		T(sim_algorithm_dnskey_before_signatures_is_rejected),
		T(sim_algorithm_ds_early_is_rejected),
		T(sim_go_secure_ds_before_signatures_is_rejected),
		T(sim_negative_ttl_beyond_max_zone_ttl_is_rejected),
		T(sim_timeline_file_round_trips_and_checks),
		T(sim_timeline_errors_name_the_line),
		T(sim_timeline_sorts_events_in_and_refuses_long_lines),
#undef T
	};
	return cmocka_run_group_tests_name("rollover_sim", tests, NULL, NULL);
}
