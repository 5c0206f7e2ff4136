/* SPDX-License-Identifier: MIT */
/* Unit tests for sgn_rollover_step() (rollover.h): a ZSK and a KSK rollover carried out
 * step by step at their stage boundaries - successor keys generated, the key files'
 * timing and the .state files rewritten, early stages refused with what would break (and
 * done with --force, with that warning), DS stages waiting for the parent's word, purges;
 * dry runs that write nothing, and the lock against a second step. Also the rewrite of a
 * key pair's timing metadata (key.h), which keeps every other line. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/file.h>
#include <unistd.h>

#include "rollover_fixture.h"

#define A (TH_NOW - 10 * 86400)

static const char keys_zsk30[] = "  ksk lifetime unlimited algorithm 13;\n"
                                 "  zsk lifetime 30d algorithm 13;\n";

static sgn_step_result_t step(sgn_rollover_t *r, int64_t now, bool force, bool ds_seen)
{
	sgn_step_opts_t o = { .now = now, .force = force, .ds_seen = ds_seen };
	sgn_step_result_t res;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_err_t err = sgn_rollover_step(r, &res, &o, &diag);
	if (err != SGN_OK) {
		fail_msg("step: %s (%s)", diag.msg, sgn_strerror(err));
	}
	return res;
}

static bool changed(const sgn_step_result_t *res, const char *words)
{
	for (size_t i = 0; i < res->nchanges; i++) {
		if (strstr(res->changes[i], words) != NULL) {
			return true;
		}
	}
	return false;
}

/* The key of @p tag in the directory (NULL when it is gone). */
static const sgn_roll_key_t *key_of(const sgn_rollover_t *r, uint16_t tag)
{
	for (size_t i = 0; i < sgn_rollover_key_count(r); i++) {
		if (sgn_rollover_get_key(r, i)->tag == tag) {
			return sgn_rollover_get_key(r, i);
		}
	}
	return NULL;
}

static const sgn_roll_key_t *successor(const sgn_rollover_t *r, uint16_t tag)
{
	const sgn_roll_key_t *old = key_of(r, tag);
	assert_non_null(old);
	assert_int_not_equal(old->successor, 0);
	const sgn_roll_key_t *k = key_of(r, old->successor);
	assert_non_null(k);
	assert_int_equal(k->predecessor, tag);
	return k;
}

static int64_t key_time(const sgn_roll_key_t *k, sgn_key_event_t ev)
{
	int64_t t = -1;
	assert_true(sgn_key_get_time(k->key, &t, ev));
	return t;
}

static void plan_is_safe(const sgn_rollover_t *r, const sgn_policy_t *p, int64_t now)
{
	sgn_plan_t *plan = trf_plan(r);
	sgn_sim_result_t res = trf_simulate(plan->timeline, p, now, false);
	if (!res.safe) {
		fail_msg("the plan at %lld is not safe: %s", (long long)now, res.message);
	}
	sgn_plan_free(plan);
}

static void step_carries_out_a_zsk_rollover(void **state)
{
	const char *dir = *state;
	sgn_policy_t p;
	trf_key(dir, SGN_ROLE_KSK, 13, A);
	uint16_t zsk = trf_key(dir, SGN_ROLE_ZSK, 13, A);
	trf_policy(&p, keys_zsk30, NULL);
	int64_t tret = A + T_LZSK, tpub = tret - I_PUB;
	sgn_rollover_t *r = trf_open(dir, &p, A);

	sgn_step_result_t res = step(r, tpub - 1, false, false);
	assert_false(res.due);
	assert_int_equal(res.next, tpub);
	assert_int_equal(sgn_rollover_key_count(r), 2);
	assert_int_equal(th_dir_entries(dir), 2 * 3 + 1); /* .state files written, the lock */

	res = step(r, tpub, false, false);
	assert_true(res.due);
	assert_true(changed(&res, "generated"));
	assert_int_equal(sgn_rollover_key_count(r), 3);
	const sgn_roll_key_t *nz = successor(r, zsk);
	assert_int_equal(key_time(nz, SGN_KEY_PUBLISH), tpub);
	assert_int_equal(key_time(nz, SGN_KEY_ACTIVATE), INT64_C(4294967295)); /* not yet */
	assert_int_equal(nz->state[SGN_REC_DNSKEY], SGN_RS_RUMOURED);
	assert_true(nz->has_state_file);
	assert_false(key_of(r, zsk)->goal_omnipresent);
	assert_int_equal(res.next, tret);
	plan_is_safe(r, &p, tpub);

	/* 100 s early the old DNSKEY set is still in caches: refused, saying what breaks. */
	res = step(r, tret - 100, false, false);
	assert_false(res.due);
	assert_int_equal(res.nchanges, 0);
	assert_non_null(strstr(res.why, "data-signature"));
	res = step(r, tret, false, false);
	nz = successor(r, zsk);
	assert_int_equal(key_time(nz, SGN_KEY_ACTIVATE), tret);
	assert_int_equal(key_time(key_of(r, zsk), SGN_KEY_INACTIVE), tret);
	assert_int_equal(key_of(r, zsk)->state[SGN_REC_ZRRSIG], SGN_RS_UNRETENTIVE);
	plan_is_safe(r, &p, tret);

	res = step(r, tret + I_RET, false, false);
	assert_true(changed(&res, "DNSKEY removed"));
	assert_int_equal(key_time(key_of(r, zsk), SGN_KEY_DELETE), tret + I_RET);
	assert_int_equal(res.next, tret + I_RET + I_RETC + T_PURGE);

	res = step(r, tret + I_RET + I_RETC + T_PURGE, false, false);
	assert_true(changed(&res, "purged"));
	assert_null(key_of(r, zsk));
	assert_int_equal(th_dir_entries(dir), 2 * 3 + 1);
	sgn_rollover_free(r);
}

static void step_force_does_an_early_stage_with_a_warning(void **state)
{
	const char *dir = *state;
	sgn_policy_t p;
	trf_key(dir, SGN_ROLE_KSK, 13, A);
	uint16_t zsk = trf_key(dir, SGN_ROLE_ZSK, 13, A);
	trf_policy(&p, keys_zsk30, NULL);
	int64_t tret = A + T_LZSK;
	sgn_rollover_t *r = trf_open(dir, &p, A);
	step(r, tret - I_PUB, false, false);
	sgn_step_result_t res = step(r, tret - 100, true, false);
	assert_true(res.due);
	assert_non_null(strstr(res.warning, "forced 'sign with the new key"));
	assert_non_null(strstr(res.warning, "data-signature"));
	assert_int_equal(key_time(key_of(r, zsk), SGN_KEY_INACTIVE), tret - 100);
	/* --force moves one stage, not the rest of the roll */
	assert_int_equal(successor(r, zsk)->state[SGN_REC_DNSKEY], SGN_RS_RUMOURED);
	assert_int_equal(key_of(r, zsk)->state[SGN_REC_DNSKEY], SGN_RS_OMNIPRESENT);
	sgn_rollover_free(r);
}

/* A DS stage waits for the parent: CDS published for the new KSK at once, the DS records
 * (and the removal of the old KSK after them) only on --ds-seen. With double-DS, whose
 * DS set names a key not yet in the DNSKEY RRset, no CDS at all. */
static void step_waits_for_the_parent(void **state)
{
	const char *dir = *state;
	sgn_policy_t p;
	uint16_t ksk = trf_key(dir, SGN_ROLE_KSK, 13, A);
	trf_key(dir, SGN_ROLE_ZSK, 13, A);
	trf_policy(&p, "  ksk lifetime P1Y algorithm 13;\n  zsk lifetime unlimited algorithm 13;\n",
	           NULL);
	int64_t tret = A + T_LKSK;
	sgn_rollover_t *r = trf_open(dir, &p, A);
	step(r, tret - I_PUB, false, false);
	const sgn_roll_key_t *nk = successor(r, ksk);
	assert_int_equal(nk->state[SGN_REC_KRRSIG], SGN_RS_RUMOURED);

	sgn_step_result_t res = step(r, tret, false, false);
	assert_true(res.due);
	assert_true(res.blocked);
	assert_non_null(strstr(res.why, "--ds-seen"));
	nk = successor(r, ksk);
	/* CDS/CDNSKEY for the new DS set: the new KSK's (the old one never had any) */
	assert_int_equal(key_time(nk, SGN_KEY_SYNC_PUBLISH), tret);
	assert_false(sgn_key_get_time(key_of(r, ksk)->key, NULL, SGN_KEY_SYNC_PUBLISH));
	assert_int_equal(nk->state[SGN_REC_DS], SGN_RS_HIDDEN);

	res = step(r, tret + 3600, false, true);
	assert_false(res.blocked);
	nk = successor(r, ksk);
	assert_int_equal(nk->state[SGN_REC_DS], SGN_RS_RUMOURED);
	assert_int_equal(nk->changed[SGN_REC_DS], tret + 3600);
	assert_int_equal(key_of(r, ksk)->state[SGN_REC_DS], SGN_RS_UNRETENTIVE);
	assert_int_equal(res.next, tret + 3600 + I_RETP);
	plan_is_safe(r, &p, tret + 3600);
	res = step(r, tret + 3600 + I_RETP, false, false);
	assert_int_equal(key_of(r, ksk)->state[SGN_REC_DNSKEY], SGN_RS_UNRETENTIVE);
	sgn_rollover_free(r);
}

static void step_double_ds_publishes_no_cds_for_an_unpublished_key(void **state)
{
	const char *dir = *state;
	sgn_policy_t p;
	uint16_t ksk = trf_key(dir, SGN_ROLE_KSK, 13, A);
	trf_key(dir, SGN_ROLE_ZSK, 13, A);
	trf_policy(&p, "  ksk lifetime P1Y algorithm 13;\n  zsk lifetime unlimited algorithm 13;\n",
	           " ksk-roll-method double-ds;\n");
	int64_t tret = A + T_LKSK;
	sgn_rollover_t *r = trf_open(dir, &p, A);
	sgn_step_result_t res = step(r, tret - I_PUBP, false, false);
	assert_true(res.blocked);
	assert_true(changed(&res, "by hand"));
	const sgn_roll_key_t *nk = successor(r, ksk);
	assert_false(sgn_key_get_time(nk->key, NULL, SGN_KEY_SYNC_PUBLISH));
	assert_false(sgn_key_get_time(key_of(r, ksk)->key, NULL, SGN_KEY_SYNC_PUBLISH));
	res = step(r, tret - I_PUBP + 60, false, true);
	assert_int_equal(successor(r, ksk)->state[SGN_REC_DS], SGN_RS_RUMOURED);
	/* the KSK swap, then the old DS withdrawn: now CDS can say the set {new} */
	step(r, tret + 60, false, false);
	res = step(r, tret + 60 + I_RETC, false, false);
	assert_true(res.blocked);
	nk = successor(r, ksk);
	assert_int_equal(key_time(nk, SGN_KEY_SYNC_PUBLISH), tret + 60 + I_RETC);
	sgn_rollover_free(r);
}

static void step_dry_run_writes_nothing(void **state)
{
	const char *dir = *state;
	sgn_policy_t p;
	trf_key(dir, SGN_ROLE_KSK, 13, A);
	trf_key(dir, SGN_ROLE_ZSK, 13, A);
	trf_policy(&p, keys_zsk30, NULL);
	sgn_rollover_t *r = trf_open(dir, &p, A);
	sgn_step_opts_t o = { .now = A + T_LZSK, .dry_run = true };
	sgn_step_result_t res;
	sgn_diag_t diag;
	assert_int_equal(sgn_rollover_step(r, &res, &o, &diag), SGN_OK);
	assert_true(res.due);
	assert_true(changed(&res, "generated a key"));
	assert_int_equal(th_dir_entries(dir), 4);
	sgn_rollover_free(r);
}

static void step_refuses_a_second_step_on_the_directory(void **state)
{
	const char *dir = *state;
	sgn_policy_t p;
	trf_key(dir, SGN_ROLE_CSK, 13, A);
	trf_policy(&p, "  csk lifetime unlimited algorithm 13;\n", NULL);
	sgn_rollover_t *r = trf_open(dir, &p, A);
	int fd = open(th_join(dir, ".sigil-rollover.lock"), O_RDWR | O_CREAT, 0644);
	assert_true(fd >= 0);
	assert_int_equal(flock(fd, LOCK_EX | LOCK_NB), 0);
	sgn_step_opts_t o = { .now = A };
	sgn_step_result_t res;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_rollover_step(r, &res, &o, &diag), SGN_EEXIST);
	assert_non_null(strstr(diag.msg, "another 'sigil rollover step'"));
	close(fd);
	assert_int_equal(sgn_rollover_step(r, &res, &o, &diag), SGN_OK);
	sgn_rollover_free(r);
}

/* A ZSK published at TH_NOW, written to @p dir as *@p base .key and .private. */
static sgn_key_t *published_key(const char *dir, const char **base)
{
	sgn_key_t *k = th_key_generate("example.", 13, SGN_DNSKEY_ZONE);
	sgn_key_set_time(k, SGN_KEY_PUBLISH, true, TH_NOW);
	*base = th_key_write(k, dir);
	return k;
}

/* Without the .key, nothing is rewritten: the .private keeps its old times. */
static void key_update_bind_times_without_the_key_file_changes_nothing(void **state)
{
	const char *dir = *state;
	const char *base;
	sgn_key_t *k = published_key(dir, &base);
	char path[512];
	snprintf(path, sizeof(path), "%s.key", base);
	assert_int_equal(unlink(path), 0);
	snprintf(path, sizeof(path), "%s.private", base);
	char *before = th_read_file(path, NULL);
	sgn_key_set_time(k, SGN_KEY_PUBLISH, true, TH_NOW + 60);
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_key_update_bind_times(k, dir, &diag), SGN_ENOTFOUND);
	char *after = th_read_file(path, NULL);
	assert_string_equal(before, after);
	free(before);
	free(after);
	sgn_key_free(k);
}

/* Rewriting the timing keeps every other line of both files. */
static void key_update_bind_times_keeps_other_lines(void **state)
{
	const char *dir = *state;
	const char *base;
	sgn_key_t *k = published_key(dir, &base);
	char path[512];
	snprintf(path, sizeof(path), "%s.private", base);
	char *priv = th_read_file(path, NULL);
	char *text = malloc(strlen(priv) + 64);
	sprintf(text, "%sLabel: kept\n", priv);
	th_write_file(path, text);
	chmod(path, 0600);
	sgn_key_set_time(k, SGN_KEY_PUBLISH, true, TH_NOW + 60);
	sgn_key_set_time(k, SGN_KEY_INACTIVE, true, TH_NOW + 120);
	sgn_diag_t diag;
	assert_int_equal(sgn_key_update_bind_times(k, dir, &diag), SGN_OK);
	char *now_priv = th_read_file(path, NULL);
	assert_non_null(strstr(now_priv, "Label: kept\n"));
	assert_non_null(strstr(now_priv, "Inactive: 20231114221520\n"));
	assert_null(strstr(now_priv, "Publish: 20231114221320"));
	sgn_key_t *back;
	assert_int_equal(sgn_key_read_bind(&back, base, true, &diag), SGN_OK);
	int64_t t;
	assert_true(sgn_key_get_time(back, &t, SGN_KEY_PUBLISH));
	assert_int_equal(t, TH_NOW + 60);
	sgn_key_free(back);
	assert_int_equal(sgn_key_read_bind(&back, base, false, &diag), SGN_OK); /* the .key's */
	assert_true(sgn_key_get_time(back, &t, SGN_KEY_INACTIVE));
	assert_int_equal(t, TH_NOW + 120);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	sgn_key_free(back);
	free(priv);
	free(text);
	free(now_priv);
	sgn_key_free(k);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_tmpdir_setup, th_tmpdir_teardown)
		T(step_carries_out_a_zsk_rollover),
		T(step_force_does_an_early_stage_with_a_warning),
		T(step_waits_for_the_parent),
		T(step_double_ds_publishes_no_cds_for_an_unpublished_key),
		T(step_dry_run_writes_nothing),
		T(step_refuses_a_second_step_on_the_directory),
		T(key_update_bind_times_keeps_other_lines),
		T(key_update_bind_times_without_the_key_file_changes_nothing),
#undef T
	};
	return cmocka_run_group_tests_name("rollover_step", tests, NULL, NULL);
}
