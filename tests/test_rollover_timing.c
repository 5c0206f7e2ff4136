/* SPDX-License-Identifier: MIT */
/* Unit tests for rollover timing (rollover.h): the plan of every method against RFC 7583's
 * formulas (and RFC 6781 §4.1.4's order for an algorithm rollover), each stage exact to
 * the second, with the interval that sets it. The policy's TTLs and delays are distinct
 * (rollover_fixture.h), so a missing or wrong term moves a time. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libsign/codec.h>
#include <libsign/time.h>

#include "rollover_fixture.h"

#define A (TH_NOW - 10 * 86400) /* when the directory's keys became active */

static const char keys_zsk30[] = "  ksk lifetime unlimited algorithm 13;\n"
                                 "  zsk lifetime 30d algorithm 13;\n";
static const char keys_ksk1y[] = "  ksk lifetime P1Y algorithm 13;\n"
                                 "  zsk lifetime unlimited algorithm 13;\n";

static void two_keys(const char *dir)
{
	trf_key(dir, SGN_ROLE_KSK, 13, A);
	trf_key(dir, SGN_ROLE_ZSK, 13, A);
}

static size_t count_events(const sgn_plan_t *p, sgn_roll_event_kind_t kind, int64_t t)
{
	size_t n = 0;
	for (size_t i = 0; i < p->nevents; i++) {
		n += p->events[i].kind == kind && p->events[i].time == t;
	}
	return n;
}

/* RFC 7583 §3.2.1: Tpub(N+1) = Tact(N) + Lzsk - Ipub, Tact(N+1) = Tret(N) = Tpub(N+1) + Ipub,
 * Trem(N) = Tret(N) + Iret, Iret = Dsgn + Dprp + TTLsig. */
static void timing_zsk_pre_publication_matches_rfc7583(void **state)
{
	struct trf_case c;
	two_keys(*state);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, keys_zsk30,
	                                            NULL, TH_NOW, SGN_ROLL_ZSK_PRE_PUBLICATION);
	const sgn_plan_t *plan = c.plan;
	int64_t tret = A + T_LZSK;
	assert_int_equal(roll->nstages, 3);
	assert_false(roll->under_way);
	trf_stage(roll, 0, A + T_LZSK - I_PUB, NULL);
	trf_stage(roll, 1, tret, "Ipub");
	assert_int_equal(roll->stages[1].wait.value, T_DPRP + T_KEY + T_PUBS);
	trf_stage(roll, 2, tret + I_RET, "Iret");
	assert_int_equal(roll->stages[2].wait.value, T_DSGN + T_DPRP + T_SIG + T_RETS);
	assert_int_equal(roll->purge, tret + I_RET + I_RETC + T_PURGE);
	assert_int_equal(count_events(plan, SGN_EV_GENERATE, tret - I_PUB), 1);
	assert_int_equal(count_events(plan, SGN_EV_PUBLISH_DNSKEY, tret - I_PUB), 1);
	assert_int_equal(count_events(plan, SGN_EV_ACTIVATE, tret), 1);
	assert_int_equal(count_events(plan, SGN_EV_RETIRE, tret), 1);
	assert_int_equal(count_events(plan, SGN_EV_REMOVE_DNSKEY, tret + I_RET), 1);
	assert_int_equal(count_events(plan, SGN_EV_PURGE, roll->purge), 1);
	trf_case_close(&c);
}

/* RFC 7583 §3.2.2: the new key is published and signs at once; the old one goes once the
 * new DNSKEY and its signatures are in every cache (the longer of the two). */
static void timing_zsk_double_signature_matches_rfc7583(void **state)
{
	struct trf_case c;
	two_keys(*state);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, keys_zsk30,
	                                            " zsk-roll-method double-signature;\n",
	                                            TH_NOW, SGN_ROLL_ZSK_DOUBLE_SIGNATURE);
	const sgn_plan_t *plan = c.plan;
	int64_t tret = A + T_LZSK;
	assert_int_equal(roll->nstages, 2);
	trf_stage(roll, 0, tret - I_PUBZ, NULL);
	trf_stage(roll, 1, tret, "IpubZ");
	assert_int_equal(roll->purge, tret + I_RET + T_PURGE);
	assert_int_equal(count_events(plan, SGN_EV_ACTIVATE, tret - I_PUBZ), 1);
	assert_int_equal(count_events(plan, SGN_EV_PUBLISH_DNSKEY, tret - I_PUBZ), 1);
	assert_int_equal(count_events(plan, SGN_EV_REMOVE_DNSKEY, tret), 1);
	trf_case_close(&c);
}

/* RFC 7583 §3.3.1: new KSK published and signing; after IpubC the DS is replaced; after
 * the old DS is out of every cache (IretP = DprpP + TTLds) the old KSK goes. */
static void timing_ksk_double_ksk_matches_rfc7583(void **state)
{
	struct trf_case c;
	two_keys(*state);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, keys_ksk1y,
	                                            NULL, TH_NOW, SGN_ROLL_KSK_DOUBLE_KSK);
	const sgn_plan_t *plan = c.plan;
	int64_t tret = A + T_LKSK;
	trf_stage(roll, 0, tret - I_PUB, NULL);
	trf_stage(roll, 1, tret, "Ipub");
	assert_true(roll->stages[1].needs_parent);
	trf_stage(roll, 2, tret + I_RETP, "IretP");
	assert_int_equal(roll->stages[2].wait.value, T_DPRPP + T_DS + T_RETS);
	assert_int_equal(count_events(plan, SGN_EV_SUBMIT_DS, tret), 1);
	assert_int_equal(count_events(plan, SGN_EV_WITHDRAW_DS, tret), 1);
	assert_int_equal(count_events(plan, SGN_EV_PUBLISH_CDS, tret), 1);
	assert_int_equal(roll->purge, tret + I_RETP + I_RETC + T_PURGE);
	trf_case_close(&c);
}

/* RFC 7583 §3.3.2: the new DS first; after IpubP the KSKs swap; after the old DNSKEY is out
 * of caches the old DS goes. */
static void timing_ksk_double_ds_matches_rfc7583(void **state)
{
	struct trf_case c;
	two_keys(*state);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, keys_ksk1y,
	                                            " ksk-roll-method double-ds;\n",
	                                            TH_NOW, SGN_ROLL_KSK_DOUBLE_DS);
	const sgn_plan_t *plan = c.plan;
	int64_t tret = A + T_LKSK;
	trf_stage(roll, 0, tret - I_PUBP, NULL);
	assert_true(roll->stages[0].needs_parent);
	trf_stage(roll, 1, tret, "IpubP");
	trf_stage(roll, 2, tret + I_RETC, "IretC");
	assert_true(roll->stages[2].needs_parent);
	assert_int_equal(count_events(plan, SGN_EV_SUBMIT_DS, tret - I_PUBP), 1);
	assert_int_equal(count_events(plan, SGN_EV_PUBLISH_DNSKEY, tret), 1);
	assert_int_equal(count_events(plan, SGN_EV_REMOVE_DNSKEY, tret), 1);
	assert_int_equal(count_events(plan, SGN_EV_WITHDRAW_DS, tret + I_RETC), 1);
	assert_int_equal(roll->purge, tret + I_RETC + I_RETP + T_PURGE);
	trf_case_close(&c);
}

/* RFC 7583 §3.3.3: new DNSKEY and DS together, both old ones together once both new ones
 * are everywhere. */
static void timing_ksk_double_rrset_matches_rfc7583(void **state)
{
	struct trf_case c;
	two_keys(*state);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, keys_ksk1y,
	                                            " ksk-roll-method double-rrset;\n",
	                                            TH_NOW, SGN_ROLL_KSK_DOUBLE_RRSET);
	const sgn_plan_t *plan = c.plan;
	int64_t tret = A + T_LKSK;
	trf_stage(roll, 0, tret - I_PUBP, NULL);
	trf_stage(roll, 1, tret, "IpubP");
	assert_int_equal(count_events(plan, SGN_EV_PUBLISH_DNSKEY, tret - I_PUBP), 1);
	assert_int_equal(count_events(plan, SGN_EV_SUBMIT_DS, tret - I_PUBP), 1);
	assert_int_equal(count_events(plan, SGN_EV_WITHDRAW_DS, tret), 1);
	assert_int_equal(count_events(plan, SGN_EV_REMOVE_DNSKEY, tret), 1);
	assert_int_equal(roll->purge, tret + I_RETP + T_PURGE);
	trf_case_close(&c);
}

/* A CSK: published and signing everything at once; the DS once its DNSKEY and signatures
 * are everywhere; the old CSK once the old DS is gone. */
static void timing_csk_signs_then_swaps_the_ds(void **state)
{
	struct trf_case c;
	trf_key(*state, SGN_ROLE_CSK, 13, A);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, "  csk lifetime 60d algorithm 13;\n",
	                                            NULL, TH_NOW, SGN_ROLL_CSK);
	assert_int_equal(sgn_rollover_get_key(c.r, 0)->role, SGN_ROLE_CSK);
	int64_t tret = A + 60 * 86400;
	trf_stage(roll, 0, tret - I_PUBZ, NULL);
	trf_stage(roll, 1, tret, "IpubZ");
	trf_stage(roll, 2, tret + I_RETP, "IretP");
	assert_int_equal(roll->purge, tret + I_RETP + I_RET + T_PURGE);
	trf_case_close(&c);
}

/* RFC 6781 §4.1.4: new signatures, then (once they are in every cache) the new DNSKEYs,
 * then the DS, then the old DNSKEYs, then (once those are out of caches) the old
 * signatures. */
static void timing_algorithm_rollover_follows_rfc6781(void **state)
{
	struct trf_case c;
	two_keys(*state);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state,
	                                            "  ksk lifetime unlimited algorithm ED25519;\n"
	                                            "  zsk lifetime unlimited algorithm ED25519;\n",
	                                            NULL, TH_NOW, SGN_ROLL_ALGORITHM);
	const sgn_plan_t *plan = c.plan;
	assert_int_equal(plan->nrolls, 1);
	assert_int_equal(roll->nold, 2);
	assert_int_equal(roll->nnew, 2);
	int64_t t = TH_NOW;
	trf_stage(roll, 0, t, NULL);
	trf_stage(roll, 1, t += I_PUBZ, "IpubZ");
	trf_stage(roll, 2, t += I_PUB, "Ipub");
	trf_stage(roll, 3, t += I_RETP, "IretP");
	trf_stage(roll, 4, t += I_RETC, "IretC");
	assert_int_equal(roll->purge, t + I_RET + T_PURGE);
	assert_int_equal(count_events(plan, SGN_EV_ACTIVATE, TH_NOW), 2);
	assert_int_equal(count_events(plan, SGN_EV_PUBLISH_DNSKEY, TH_NOW + I_PUBZ), 2);
	trf_case_close(&c);
}

/* Going secure: the zone is signed first, and the DS submitted once the DNSKEY and every
 * signature are in every cache (a cached unsigned answer would be bogus under a DS). */
static void timing_go_secure_signs_before_the_ds(void **state)
{
	struct trf_case c;
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, keys_zsk30,
	                                            NULL, TH_NOW, SGN_ROLL_GO_SECURE);
	const sgn_plan_t *plan = c.plan;
	assert_int_equal(sgn_rollover_key_count(c.r), 0);
	assert_int_equal(roll->nnew, 2);
	trf_stage(roll, 0, TH_NOW, NULL);
	trf_stage(roll, 1, TH_NOW + I_PUBZ, "IpubZ");
	assert_int_equal(count_events(plan, SGN_EV_GENERATE, TH_NOW), 2);
	assert_int_equal(count_events(plan, SGN_EV_SUBMIT_DS, TH_NOW + I_PUBZ), 1);
	trf_case_close(&c);
}

/* RFC 8078 §4: the DS goes first (CDS/CDNSKEY delete), the keys once it is out of caches. */
static void timing_go_insecure_withdraws_the_ds_first(void **state)
{
	struct trf_case c;
	two_keys(*state);
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, "", NULL, TH_NOW,
	                                            SGN_ROLL_GO_INSECURE);
	const sgn_plan_t *plan = c.plan;
	assert_int_equal(c.p.nkeys, 0);
	trf_stage(roll, 0, TH_NOW, NULL);
	assert_true(roll->stages[0].needs_parent);
	trf_stage(roll, 1, TH_NOW + I_RETP, "IretP");
	assert_int_equal(count_events(plan, SGN_EV_WITHDRAW_DS, TH_NOW), 1);
	assert_int_equal(count_events(plan, SGN_EV_REMOVE_DNSKEY, TH_NOW + I_RETP), 2);
	trf_case_close(&c);
}

/* An overdue rollover starts now, not in the past. */
static void timing_overdue_rollover_starts_now(void **state)
{
	struct trf_case c;
	two_keys(*state);
	int64_t now = A + T_LZSK + 86400;
	const sgn_plan_roll_t *roll = trf_case_open(&c, *state, keys_zsk30, NULL, now,
	                                            SGN_ROLL_ZSK_PRE_PUBLICATION);
	trf_stage(roll, 0, now, NULL);
	assert_true(roll->stages[0].due);
	trf_stage(roll, 1, now + I_PUB, "Ipub");
	trf_case_close(&c);
}

/* Two keys of one role may share a tag (here two CSKs of algorithms 13 and 8): the plan
 * and its timeline still name each key apart. */
static void timing_keys_sharing_role_and_tag_are_named_apart(void **state)
{
	const char *dir = *state;
	uint16_t tag = trf_key(dir, SGN_ROLE_CSK, 13, A);
	/* a public RSA key whose modulus is tuned to the same tag */
	uint8_t rd[4 + 4 + 128];
	memcpy(rd, (const uint8_t[]){ 1, 1, 3, 8, 3, 1, 0, 1 }, 8);
	th_fill(rd + 8, 128, 8);
	rd[8] |= 0x80;
	for (unsigned v = 0; sgn_keytag(rd, sizeof(rd)) != tag; v++) {
		assert_true(v <= 0xffff);
		rd[sizeof(rd) - 2] = (uint8_t)(v >> 8);
		rd[sizeof(rd) - 1] = (uint8_t)v;
	}
	sgn_buf_t b64;
	char stamp[SGN_TIME_STR_MAX], text[1024], name[64];
	sgn_buf_init(&b64);
	assert_int_equal(sgn_base64_encode(&b64, rd + 4, sizeof(rd) - 4), SGN_OK);
	sgn_time_to_str(stamp, A);
	snprintf(text, sizeof(text),
	         "; Created: %s\n; Publish: %s\n; Activate: %s\nexample. IN DNSKEY 257 3 8 %.*s\n",
	         stamp, stamp, stamp, (int)b64.len, (const char *)b64.data);
	snprintf(name, sizeof(name), "Kexample.+008+%05u.key", tag);
	th_write_file(th_join(dir, name), text);
	sgn_buf_release(&b64);
	sgn_policy_t p;
	trf_policy(&p, "  csk lifetime unlimited algorithm 13;\n  csk lifetime unlimited algorithm 8;\n",
	           NULL);
	sgn_rollover_t *r = trf_open(dir, &p, TH_NOW);
	sgn_plan_t *plan = trf_plan(r);
	assert_int_equal(plan->nkeys, 2);
	assert_int_equal(plan->keys[0].tag, plan->keys[1].tag);
	assert_string_not_equal(plan->keys[0].label, plan->keys[1].label);
	sgn_plan_free(plan);
	sgn_rollover_free(r);
}

/* Without lifetimes and with the policy's keys in place, nothing is planned. */
static void timing_unlimited_keys_plan_nothing(void **state)
{
	sgn_policy_t p;
	two_keys(*state);
	trf_policy(&p, "  ksk lifetime unlimited algorithm 13;\n  zsk lifetime unlimited algorithm 13;\n",
	           NULL);
	sgn_rollover_t *r = trf_open(*state, &p, TH_NOW);
	sgn_plan_t *plan = trf_plan(r);
	assert_int_equal(plan->nrolls, 0);
	for (size_t i = 0; i < sgn_rollover_key_count(r); i++) {
		const sgn_roll_key_t *k = sgn_rollover_get_key(r, i);
		assert_string_equal(k->rfc7583_state, "active");
		assert_int_equal(k->state[SGN_REC_DNSKEY], SGN_RS_OMNIPRESENT);
		assert_false(k->has_state_file);
	}
	sgn_plan_free(plan);
	sgn_rollover_free(r);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_tmpdir_setup, th_tmpdir_teardown)
		T(timing_zsk_pre_publication_matches_rfc7583),
		T(timing_zsk_double_signature_matches_rfc7583),
		T(timing_ksk_double_ksk_matches_rfc7583),
		T(timing_ksk_double_ds_matches_rfc7583),
		T(timing_ksk_double_rrset_matches_rfc7583),
		T(timing_csk_signs_then_swaps_the_ds),
		T(timing_algorithm_rollover_follows_rfc6781),
		T(timing_go_secure_signs_before_the_ds),
		T(timing_go_insecure_withdraws_the_ds_first),
		T(timing_overdue_rollover_starts_now),
		T(timing_unlimited_keys_plan_nothing),
		T(timing_keys_sharing_role_and_tag_are_named_apart),
#undef T
	};
	return cmocka_run_group_tests_name("rollover_timing", tests, NULL, NULL);
}
