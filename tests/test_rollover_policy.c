/* SPDX-License-Identifier: MIT */
/* Unit tests for dnssec-policy blocks and durations (rollover.h): BIND 9.18's defaults,
 * every option, named.conf around the block, and errors that name the file and line -
 * syntax, unknown options, bad values, and policies that cannot be rolled safely. Also
 * BIND `.state` files: one written by dnssec-settime 9.18 (testzones/rollover) reads as
 * BIND means it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>

#include "rollover_fixture.h"

/* Durations as a policy takes them (sgn_duration_from_str, tested in test_time.c, with
 * BIND's 32-bit limit): each in a dnssec-policy, read back as dnskey-ttl. */
static void duration_iso8601_and_ttl_styles(void **state)
{
	static const struct {
		const char *text;
		int64_t secs;
	} ok[] = {
		{ "P30D", 2592000 }, { "PT1H", 3600 }, { "P1Y", 31536000 }, { "P1M", 2678400 },
		{ "PT1M", 60 }, { "P2W", 1209600 }, { "P1DT2H3M4S", 93784 }, { "p1dt1s", 86401 },
		{ "30d", 2592000 }, { "1h30m", 5400 }, { "3600", 3600 }, { "1W2D", 777600 },
		{ "4294967295", 4294967295 },
	};
	static const char *const bad[] = { "P", "PT", "30x", "P1H", "-5", "1y", "4294967296",
		                           "P137Y", "1.5h" };
	(void)state;
	for (size_t i = 0; i < TRF_LEN(ok); i++) {
		char text[128];
		sgn_policy_t p;
		sgn_diag_t diag;
		snprintf(text, sizeof(text), "dnssec-policy d { dnskey-ttl %s; };", ok[i].text);
		if (sgn_policy_parse(&p, text, strlen(text), "d", NULL, &diag) != SGN_OK ||
		    p.dnskey_ttl != ok[i].secs) {
			fail_msg("'%s': %lld, want %lld (%s)", ok[i].text, (long long)p.dnskey_ttl,
			         (long long)ok[i].secs, diag.msg);
		}
	}
	for (size_t i = 0; i < TRF_LEN(bad); i++) {
		char text[128];
		sgn_policy_t p;
		sgn_diag_t diag;
		snprintf(text, sizeof(text), "dnssec-policy d { dnskey-ttl %s; };", bad[i]);
		if (sgn_policy_parse(&p, text, strlen(text), "d", NULL, &diag) != SGN_EPARSE ||
		    strstr(diag.msg, "bad duration") == NULL) {
			fail_msg("'%s' accepted", bad[i]);
		}
	}
	char buf[32];
	assert_string_equal(sgn_duration_str(buf, 93784), "1d2h3m4s");
	assert_string_equal(sgn_duration_str(buf, 0), "0s");
	assert_string_equal(sgn_duration_str(buf, 7500), "2h5m");
	/* the extremes: -INT64_MIN does not fit an int64_t, the magnitude is taken unsigned */
	assert_string_equal(sgn_duration_str(buf, INT64_MIN), "-106751991167300d15h30m8s");
	assert_string_equal(sgn_duration_str(buf, INT64_MAX), "106751991167300d15h30m7s");
	assert_string_equal(sgn_duration_str(buf, -3600), "-1h");
}

/* BIND 9.18's defaults (lib/dns/include/dns/kasp.h, the ARM's dnssec-policy grammar). */
static void policy_defaults_are_binds(void **state)
{
	sgn_policy_t p;
	(void)state;
	sgn_policy_init(&p);
	assert_string_equal(p.name, "default");
	assert_int_equal(p.nkeys, 1);
	assert_int_equal(p.keys[0].role, SGN_ROLE_CSK);
	assert_int_equal(p.keys[0].lifetime, 0);
	assert_int_equal(p.keys[0].algorithm, 13);
	assert_int_equal(p.dnskey_ttl, 3600);
	assert_int_equal(p.max_zone_ttl, 86400);
	assert_int_equal(p.publish_safety, 3600);
	assert_int_equal(p.retire_safety, 3600);
	assert_int_equal(p.purge_keys, 90 * 86400);
	assert_int_equal(p.zone_propagation_delay, 300);
	assert_int_equal(p.parent_ds_ttl, 86400);
	assert_int_equal(p.parent_propagation_delay, 3600);
	assert_int_equal(p.signatures_validity, 14 * 86400);
	assert_int_equal(p.signatures_validity_dnskey, 14 * 86400);
	assert_int_equal(p.signatures_refresh, 5 * 86400);
	assert_int_equal(p.signing_delay, 9 * 86400);
	assert_false(p.nsec3);
	assert_int_equal(p.ncds_digests, 1);
	assert_int_equal(p.cds_digests[0], 2);
	assert_int_equal(p.zsk_method, SGN_ROLL_ZSK_PRE_PUBLICATION);
	assert_int_equal(p.ksk_method, SGN_ROLL_KSK_DOUBLE_KSK);
}

static const char named_conf[] =
	"// named.conf as a BIND user has it\n"
	"options {\n\tdirectory \"/var/cache/bind\"; /* a comment { with braces } */\n};\n"
	"zone \"example.\" { type primary; file \"db.example\"; dnssec-policy \"standard\"; };\n"
	"# another comment\n"
	"dnssec-policy \"standard\" {\n"
	"\tkeys {\n"
	"\t\tksk key-directory lifetime unlimited algorithm ecdsap256sha256;\n"
	"\t\tzsk lifetime P60D algorithm RSASHA256 2048;\n"
	"\t\tksk lifetime P2Y algorithm RSASHA256 2048;\n"
	"\t\tzsk lifetime 60d algorithm ECDSA256;\n"
	"\t};\n"
	"\tdnskey-ttl PT2H;\n\tmax-zone-ttl 2d;\n\tpublish-safety 5m;\n\tretire-safety PT10M;\n"
	"\tpurge-keys 0;\n\tzone-propagation-delay 60;\n\tparent-ds-ttl PT12H;\n"
	"\tparent-propagation-delay 2h;\n\tsignatures-validity P21D;\n"
	"\tsignatures-validity-dnskey P30D;\n\tsignatures-refresh P7D;\n"
	"\tnsec3param iterations 0 optout no salt-length 0;\n"
	"\tcds-digest-types { \"sha-256\"; \"sha-384\"; };\n"
	"\tzsk-roll-method double-signature;\n\tksk-roll-method double-ds;\n"
	"\tparent-registration-delay P1D; // BIND 9.16, obsolete: accepted and ignored\n"
	"};\n"
	"dnssec-policy \"other\" { dnskey-ttl 60; };\n";

static void policy_reads_every_option_inside_named_conf(void **state)
{
	sgn_policy_t p;
	sgn_diag_t diag;
	(void)state;
	assert_int_equal(sgn_policy_parse(&p, named_conf, strlen(named_conf), "named.conf",
	                                  "standard", &diag),
	                 SGN_OK);
	assert_string_equal(p.name, "standard");
	assert_int_equal(p.line, 7);
	assert_int_equal(p.nkeys, 4);
	assert_true(p.keys[0].key_directory);
	assert_int_equal(p.keys[0].role, SGN_ROLE_KSK);
	assert_int_equal(p.keys[0].lifetime, 0);
	assert_int_equal(p.keys[1].algorithm, 8);
	assert_int_equal(p.keys[1].bits, 2048);
	assert_int_equal(p.keys[1].lifetime, 60 * 86400);
	assert_int_equal(p.keys[1].line, 10);
	assert_int_equal(p.keys[2].lifetime, 2 * 31536000);
	assert_int_equal(p.keys[3].algorithm, 13);
	assert_int_equal(p.dnskey_ttl, 7200);
	assert_int_equal(p.max_zone_ttl, 2 * 86400);
	assert_int_equal(p.publish_safety, 300);
	assert_int_equal(p.retire_safety, 600);
	assert_int_equal(p.purge_keys, 0);
	assert_int_equal(p.zone_propagation_delay, 60);
	assert_int_equal(p.parent_ds_ttl, 43200);
	assert_int_equal(p.parent_propagation_delay, 7200);
	assert_int_equal(p.signatures_validity, 21 * 86400);
	assert_int_equal(p.signatures_validity_dnskey, 30 * 86400);
	assert_int_equal(p.signatures_refresh, 7 * 86400);
	assert_int_equal(p.signing_delay, 14 * 86400); /* BIND's Dsgn: validity - refresh */
	assert_true(p.nsec3);
	assert_int_equal(p.ncds_digests, 2);
	assert_int_equal(p.cds_digests[1], 4);
	assert_int_equal(p.zsk_method, SGN_ROLL_ZSK_DOUBLE_SIGNATURE);
	assert_int_equal(p.ksk_method, SGN_ROLL_KSK_DOUBLE_DS);
	/* the other block; then the one block of a file without a name */
	assert_int_equal(sgn_policy_parse(&p, named_conf, strlen(named_conf), "named.conf", "other",
	                                  &diag),
	                 SGN_OK);
	assert_int_equal(p.dnskey_ttl, 60);
	assert_int_equal(p.nkeys, 1); /* no keys statement: BIND's default CSK */
	assert_int_equal(sgn_policy_parse(&p, named_conf, strlen(named_conf), "named.conf", NULL,
	                                  &diag),
	                 SGN_ENOTFOUND);
}

static void policy_builtins_and_insecure(void **state)
{
	sgn_policy_t p;
	sgn_diag_t diag;
	(void)state;
	assert_int_equal(sgn_policy_parse(&p, "", 0, "x", "insecure", &diag), SGN_OK);
	assert_int_equal(p.nkeys, 0);
	assert_int_equal(sgn_policy_parse(&p, "", 0, "x", "default", &diag), SGN_OK);
	assert_int_equal(p.nkeys, 1);
	static const char empty[] = "dnssec-policy mine { keys { }; };";
	assert_int_equal(sgn_policy_parse(&p, empty, strlen(empty), "x", NULL, &diag), SGN_OK);
	assert_int_equal(p.nkeys, 0);
	assert_int_equal(sgn_policy_parse(&p, empty, strlen(empty), "x", "nope", &diag), SGN_ENOTFOUND);
}

/* Each bad policy is refused with the line of the fault. */
static void policy_errors_name_the_line(void **state)
{
	static const struct {
		const char *text;
		unsigned long line;
		const char *words;
	} bad[] = {
		{ "dnssec-policy p {\n dnskey-tll 1h;\n};", 2, "unknown dnssec-policy option 'dnskey-tll'" },
		{ "dnssec-policy p {\n dnskey-ttl 1x;\n};", 2, "bad duration '1x'" },
		{ "dnssec-policy p {\n dnskey-ttl 1h\n};", 3, "expected ';'" },
		{ "dnssec-policy p {\n keys {\n  ksk lifetime 1d algorithm FOO;\n };\n};", 3,
		  "unknown algorithm 'FOO'" },
		{ "dnssec-policy p {\n keys {\n  kzk lifetime 1d algorithm 13;\n };\n};", 3,
		  "expected ksk, zsk or csk" },
		{ "dnssec-policy p {\n keys { csk algorithm 13; };\n};", 2, "expected 'lifetime'" },
		{ "dnssec-policy p {\n keys {\n csk lifetime P30D algorithm 8 512;\n };\n};", 3,
		  "key size '512' out of range" },
		{ "dnssec-policy p {\n dnskey-ttl 1h;\n dnskey-ttl 2h;\n};", 3, "'dnskey-ttl' given twice" },
		{ "dnssec-policy p {\n zsk-roll-method double-ds;\n};", 2, "unknown zsk-roll-method" },
		{ "dnssec-policy p {\n nsec3param iterations 151;\n};", 2, "bad number '151'" },
		{ "dnssec-policy p {\n cds-digest-types { \"md5\"; };\n};", 2, "unknown digest type" },
		{ "dnssec-policy p {\n keys {\n  ksk lifetime unlimited algorithm 13;\n };\n};", 3,
		  "has no ZSK" },
		{ "dnssec-policy p {\n keys {\n  csk lifetime unlimited algorithm RSASHA1;\n };\n};", 3,
		  "algorithm 'RSASHA1' cannot sign" },
		{ "\n\ndnssec-policy p {\n signatures-refresh P13D;\n};", 3, "90%" },
		/* one ZSK pre-publication roll takes Ipub + Iret + IretC: 2h5m + 1d1h5m + 2h5m (defaults) */
		{ "dnssec-policy p {\n keys {\n  ksk lifetime unlimited algorithm 13;\n"
		  "  zsk lifetime 1d algorithm 13;\n };\n signing-delay 0;\n};", 4,
		  "ZSK lifetime 1d is shorter than one zsk-pre-publication rollover (1d5h15m)" },
		{ "dnssec-policy p {\n keys {\n  csk lifetime 2d algorithm 13;\n };\n signing-delay 0;\n};",
		  3, "CSK lifetime 2d is shorter than one csk rollover" },
		{ "dnssec-policy p {\n dnskey-ttl 1h;\n", 3, "never ends" },
		{ "options { directory \"x\";\n", 1, "statement never ends" },
		{ "dnssec-policy p { /* unterminated\n };", 1, "comment never ends" },
	};
	(void)state;
	for (size_t i = 0; i < TRF_LEN(bad); i++) {
		sgn_policy_t p;
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		assert_int_equal(sgn_policy_parse(&p, bad[i].text, strlen(bad[i].text), "bad.conf", NULL,
		                                  &diag),
		                 SGN_EPARSE);
		if (diag.line != bad[i].line || strstr(diag.msg, bad[i].words) == NULL ||
		    strcmp(diag.file, "bad.conf") != 0) {
			fail_msg("case %zu: %s:%lu: %s (want line %lu, '%s')", i, diag.file, diag.line,
			         diag.msg, bad[i].line, bad[i].words);
		}
	}
}

/* A `.state` file as BIND 9.18's dnssec-settime writes it (testzones/rollover/bind-9.18). */
static void statefile_from_bind_reads_its_states(void **state)
{
	const char *dir = *state;
	char cmd[1024];
	sgn_policy_t p;
	trf_policy(&p, "  csk lifetime unlimited algorithm 13;\n", NULL);
	snprintf(cmd, sizeof(cmd), "cp %s/Kexample.+013+62146.* %s/",
	         th_path("testzones/rollover/bind-9.18"), dir);
	assert_int_equal(system(cmd), 0);
	sgn_rollover_t *r = trf_open(dir, &p, th_time("20261203080000"));
	assert_int_equal(sgn_rollover_key_count(r), 1);
	const sgn_roll_key_t *k = sgn_rollover_get_key(r, 0);
	assert_int_equal(k->tag, 62146);
	assert_true(k->has_state_file);
	assert_true(k->goal_omnipresent);
	assert_int_equal(k->state[SGN_REC_DNSKEY], SGN_RS_OMNIPRESENT);
	assert_int_equal(k->state[SGN_REC_KRRSIG], SGN_RS_OMNIPRESENT);
	/* DSState rumoured since 07:24:45: IpubP (more than a day) has not passed at 08:00 */
	assert_int_equal(k->state[SGN_REC_DS], SGN_RS_RUMOURED);
	assert_int_equal(k->changed[SGN_REC_DS], th_time("20261203072445"));
	sgn_rollover_free(r);
	/* After IpubP the DS has settled. */
	r = trf_open(dir, &p, th_time("20261203072445") + I_PUBP);
	assert_int_equal(sgn_rollover_get_key(r, 0)->state[SGN_REC_DS], SGN_RS_OMNIPRESENT);
	sgn_rollover_free(r);
}

static void statefile_malformed_is_refused_with_the_line(void **state)
{
	const char *dir = *state;
	sgn_policy_t p;
	uint8_t zone[SGN_NAME_MAX];
	sgn_rollover_t *r = NULL;
	sgn_diag_t diag;
	trf_policy(&p, "  csk lifetime unlimited algorithm 13;\n", NULL);
	trf_key(dir, SGN_ROLE_CSK, 13, TH_NOW - 86400);
	sgn_rollover_t *ok = trf_open(dir, &p, TH_NOW);
	char path[512];
	snprintf(path, sizeof(path), "%s/%s.state", dir, sgn_rollover_get_key(ok, 0)->basename);
	sgn_rollover_free(ok);
	th_write_file(path, "; state\nKSK: yes\nDNSKEYState: everywhere\n");
	assert_int_equal(sgn_rollover_open(&r, th_name(zone, "example."), dir, &p, TH_NOW, &diag),
	                 SGN_EPARSE);
	assert_null(r);
	assert_int_equal(diag.line, 3);
	assert_non_null(strstr(diag.msg, "everywhere"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(duration_iso8601_and_ttl_styles),
		cmocka_unit_test(policy_defaults_are_binds),
		cmocka_unit_test(policy_reads_every_option_inside_named_conf),
		cmocka_unit_test(policy_builtins_and_insecure),
		cmocka_unit_test(policy_errors_name_the_line),
		cmocka_unit_test_setup_teardown(statefile_from_bind_reads_its_states, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(statefile_malformed_is_refused_with_the_line,
		                                th_tmpdir_setup, th_tmpdir_teardown),
	};
	return cmocka_run_group_tests_name("rollover_policy", tests, NULL, NULL);
}
