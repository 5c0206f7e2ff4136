/* SPDX-License-Identifier: MIT */
/* Unit tests for zone signing through the library (sign.h): the two contracts (in place,
 * and signing while writing, which consumes the zone) give the same zone, which verifies;
 * the statistics say what was made; the output does not depend on the thread count;
 * serial policies, with and without a previous version; the refusals, each made before
 * the zone changes; and what a re-sign keeps. Ed25519 keys, so every signature is
 * deterministic and outputs can be compared byte for byte. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/codec.h>
#include <libsign/denial.h>
#include <libsign/finding.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/sign.h>
#include <libsign/validate.h>
#include <libsign/zone.h>

#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

#define ORIGIN "sign.test."
#define T0 "20240101000000"

/* Delegations (secure and not), glue, an occluded name, a wildcard, an empty
 * non-terminal, a CNAME. */
static const char zone_text[] =
	"$ORIGIN sign.test.\n"
	"$TTL 3600\n"
	"@          SOA   ns1 hostmaster 2024010100 7200 3600 1209600 300\n"
	"@          NS    ns1\n"
	"ns1        A     192.0.2.53\n"
	"www        A     192.0.2.80\n"
	"           AAAA  2001:db8::80\n"
	"alias      CNAME www\n"
	"*.wild     TXT   \"wildcard\"\n"
	"a.b.c      A     192.0.2.3\n"
	"secure     NS    ns.secure\n"
	"           DS    12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
	"ns.secure  A     192.0.2.99\n"
	"insecure   NS    ns.elsewhere.example.\n"
	"x.insecure A     192.0.2.100\n";

struct fixture {
	char dir[64];
	sgn_keylist_t keys; /* a KSK and a ZSK, Ed25519 */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || sgn_init() != SGN_OK) {
		return -1;
	}
	th_tmpdir_new(f->dir);
	sgn_keylist_init(&f->keys);
	th_keys_ed25519(&f->keys, ORIGIN);
	*state = f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	sgn_keylist_release(&f->keys);
	th_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static sgn_zone_t *load_text(const struct fixture *f, const char *text)
{
	return th_zone_from_text(f->dir, text);
}

/* The zone as sgn_zone_write() prints it; the caller frees. */
static char *zone_to_text(const sgn_zone_t *zone)
{
	return th_zone_to_text(zone);
}

static void policy(sgn_sign_policy_t *pol, const char *at)
{
	sgn_sign_policy_init(pol, th_time(at));
	pol->threads = 1;
}

/* Sign @p text with sgn_zone_sign_write() into a string; the zone is consumed. */
static char *sign_write(const struct fixture *f, const char *text, const sgn_sign_policy_t *pol,
                        sgn_sign_stats_t *st)
{
	sgn_zone_t *zone = load_text(f, text);
	char *buf = NULL;
	size_t len = 0;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	sgn_err_t err = sgn_zone_sign_write(&zone, fp, st, &f->keys, pol, &diag);
	if (err != SGN_OK) {
		print_error("sgn_zone_sign_write: %s\n", diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	assert_null(zone);
	assert_int_equal(fclose(fp), 0);
	return buf;
}

static void expect_valid(const sgn_zone_t *zone, const char *at)
{
	sgn_verify_opts_t opts;
	sgn_findings_t found;
	sgn_verify_opts_init(&opts, th_time(at));
	opts.threads = 1;
	sgn_findings_init(&found);
	assert_int_equal(sgn_zone_verify(zone, &found, NULL, &opts), SGN_OK);
	for (size_t i = 0; i < found.count; i++) {
		if (found.items[i].severity == SGN_SEV_ERROR) {
			print_error("finding: %s at %s\n", sgn_finding_id(found.items[i].code),
			            th_name_str(found.items[i].owner));
		}
	}
	assert_int_equal(found.errors, 0);
	sgn_findings_release(&found);
}

/* -- the two contracts -- */

struct denial_case {
	const char *name;
	sgn_denial_t denial;
	bool opt_out, zonemd;
};

static const struct denial_case denial_cases[] = {
	{ "NSEC", SGN_DENIAL_NSEC, false, false },
	{ "NSEC3", SGN_DENIAL_NSEC3, false, false },
	{ "NSEC3 opt-out", SGN_DENIAL_NSEC3, true, false },
	{ "NSEC with ZONEMD", SGN_DENIAL_NSEC, false, true },
	{ "NSEC3 opt-out with ZONEMD", SGN_DENIAL_NSEC3, true, true },
};

static void zone_sign_in_place_and_while_writing_make_the_same_valid_zone(void **state)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < ARRAY_LEN(denial_cases); i++) {
		const struct denial_case *c = &denial_cases[i];
		sgn_sign_policy_t pol;
		sgn_sign_stats_t in_place, written;
		policy(&pol, T0);
		pol.denial = c->denial;
		pol.nsec3_opt_out = c->opt_out;
		pol.zonemd = c->zonemd;

		sgn_zone_t *zone = load_text(f, zone_text);
		assert_int_equal(sgn_zone_sign(zone, &in_place, &f->keys, &pol, NULL), SGN_OK);
		expect_valid(zone, T0); /* the zone in memory is the signed zone */
		char *text_in_place = zone_to_text(zone);
		assert_int_equal(in_place.names, sgn_zone_node_count(zone));
		sgn_zone_free(zone);

		char *text_written = sign_write(f, zone_text, &pol, &written);
		if (strcmp(text_in_place, text_written) != 0) {
			print_error("%s: the two contracts differ\n", c->name);
		}
		assert_string_equal(text_in_place, text_written);

		/* The stats say what was made, the same either way. */
		assert_int_equal(written.denial, c->denial);
		assert_int_equal(written.nsec3_opt_out, c->opt_out);
		assert_int_equal(written.zonemd, c->zonemd);
		assert_int_equal(written.names, in_place.names);
		assert_int_equal(written.denial_records, in_place.denial_records);
		assert_int_equal(written.sigs_created, in_place.sigs_created);
		assert_int_equal(written.rrsets_signed, in_place.rrsets_signed);
		assert_true(written.denial_records > 0);
		const char *denial_type = c->denial == SGN_DENIAL_NSEC3 ? "\tNSEC3\t" : "\tNSEC\t";
		assert_non_null(strstr(text_written, denial_type));
		free(text_in_place);
		free(text_written);
	}
}

static void zone_sign_output_does_not_depend_on_the_thread_count(void **state)
{
	struct fixture *f = *state;
	static const unsigned threads[] = { 2, 3, 8 };
	for (size_t d = 0; d < ARRAY_LEN(denial_cases); d++) {
		sgn_sign_policy_t pol;
		policy(&pol, T0);
		pol.denial = denial_cases[d].denial;
		pol.nsec3_opt_out = denial_cases[d].opt_out;
		pol.zonemd = denial_cases[d].zonemd;
		pol.jitter = 86400;
		char *one = sign_write(f, zone_text, &pol, NULL);
		for (size_t t = 0; t < ARRAY_LEN(threads); t++) {
			pol.threads = threads[t];
			char *many = sign_write(f, zone_text, &pol, NULL);
			assert_string_equal(one, many);
			free(many);
		}
		free(one);
	}
}

/* -- a chain long enough that the hash sort's buckets are sorted in turn -- */

#define MANY_NAMES 8000 /* 31 hashes per first-byte bucket on average */

static int hash_cmp(const void *a, const void *b)
{
	return memcmp(a, b, 20);
}

/* The owner hash of an NSEC3 record: its first label, decoded. */
static void owner_hash(const sgn_node_t *node, uint8_t out[20])
{
	const uint8_t *name = sgn_node_get_name(node);
	sgn_buf_t b;
	sgn_buf_init(&b);
	assert_int_equal(name[0], 32);
	assert_int_equal(sgn_base32hex_decode(&b, (const char *)name + 1, 32), SGN_OK);
	assert_int_equal(b.len, 20);
	memcpy(out, b.data, 20);
	sgn_buf_release(&b);
}

static void zone_sign_nsec3_chain_of_many_names_is_in_hash_order(void **state)
{
	struct fixture *f = *state;
	size_t cap = 256 + MANY_NAMES * 32, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text, cap,
	                        "$ORIGIN " ORIGIN "\n$TTL 3600\n"
	                        "@ SOA ns1 hostmaster 2024010100 7200 3600 1209600 300\n"
	                        "@ NS ns1\nns1 A 192.0.2.53\n");
	for (unsigned i = 0; i < MANY_NAMES; i++) {
		len += (size_t)snprintf(text + len, cap - len, "h%u A 192.0.2.%u\n", i, i % 250);
	}
	sgn_zone_t *zone = load_text(f, text);
	sgn_sign_policy_t pol;
	policy(&pol, T0);
	pol.denial = SGN_DENIAL_NSEC3;
	pol.threads = 2;
	assert_int_equal(sgn_zone_sign(zone, NULL, &f->keys, &pol, NULL), SGN_OK);

	/* The hashes made here, sorted by qsort: the apex, ns1 and every h name. */
	size_t n = MANY_NAMES + 2;
	uint8_t(*want)[20] = malloc(n * sizeof(*want));
	assert_non_null(want);
	uint8_t name[SGN_NAME_MAX];
	assert_int_equal(sgn_nsec3_hash(want[0], th_name(name, ORIGIN), 1, NULL, 0, 0), SGN_OK);
	assert_int_equal(sgn_nsec3_hash(want[1], th_name(name, "ns1." ORIGIN), 1, NULL, 0, 0),
	                 SGN_OK);
	for (unsigned i = 0; i < MANY_NAMES; i++) {
		char str[64];
		snprintf(str, sizeof(str), "h%u." ORIGIN, i);
		assert_int_equal(sgn_nsec3_hash(want[i + 2], th_name(name, str), 1, NULL, 0, 0), SGN_OK);
	}
	qsort(want, n, sizeof(*want), hash_cmp);

	/* The zone's NSEC3 owners are those, in that order, each pointing at the next. */
	assert_int_equal(sgn_zone_nsec3_count(zone), n);
	for (size_t i = 0; i < n; i++) {
		const sgn_node_t *node = sgn_zone_get_nsec3(zone, i);
		uint8_t got[20];
		owner_hash(node, got);
		assert_memory_equal(got, want[i], 20);
		const sgn_zone_rrset_t *rs = sgn_node_find_rrset(node, SGN_TYPE_NSEC3);
		assert_non_null(rs);
		const sgn_rdata_t *rd = &rs->rrset.rdata[0];
		assert_true(rd->len > 26);
		assert_int_equal(rd->data[5], 20); /* no salt: the hash length follows */
		assert_memory_equal(rd->data + 6, want[(i + 1) % n], 20);
	}
	free(want);
	free(text);
	sgn_zone_free(zone);
}

/* -- serials -- */

/* The SOA serial of zone text written by sgn_zone_write(). */
static uint32_t serial_of(const char *text)
{
	const char *soa = strstr(text, "\tSOA\t");
	assert_non_null(soa);
	char mname[256], rname[256];
	unsigned long serial;
	assert_int_equal(sscanf(soa + 5, "%255s %255s %lu", mname, rname, &serial), 3);
	return (uint32_t)serial;
}

static char *with_serial(uint32_t serial)
{
	char *t = strdup(zone_text), *p = strstr(t, "2024010100");
	char num[11];
	snprintf(num, sizeof(num), "%010u", serial);
	memcpy(p, num, 10);
	return t;
}

struct serial_case {
	const char *name;
	sgn_serial_policy_t policy;
	uint32_t source;
	uint32_t previous;    /* 0: no previous version */
	const char *at;
	uint32_t want;
	bool refused;         /* SGN_EZONE, the zone unchanged */
};

static const struct serial_case serial_cases[] = {
	{ "increment", SGN_SERIAL_INCREMENT, 2024010100, 0, T0, 2024010101 },
	{ "keep", SGN_SERIAL_KEEP, 2024010100, 0, T0, 2024010100 },
	{ "unixtime", SGN_SERIAL_UNIXTIME, 1700000000, 0, "20240301000000", 1709251200 },
	{ "unixtime not newer: +1", SGN_SERIAL_UNIXTIME, 2024010100, 0, T0, 2024010101 },
	{ "date", SGN_SERIAL_DATE, 2023123199, 0, "20240301120000", 2024030100 },
	{ "date not newer: +1", SGN_SERIAL_DATE, 2024030100, 0, "20240301120000", 2024030101 },
	{ "increment wraps to 0 (RFC 1982 §3.1)", SGN_SERIAL_INCREMENT, 4294967295u, 0, T0, 0 },
	/* 2024010100 is newer than any Unix time of this century (RFC 1982 order). */
	/* An edited source whose serial was not bumped: count from the previous version. */
	{ "increment past an unbumped source", SGN_SERIAL_INCREMENT, 2024010100, 2024010101, T0,
	  2024010102 },
	{ "increment from a bumped source", SGN_SERIAL_INCREMENT, 2024010105, 2024010101, T0,
	  2024010106 },
	{ "keep, bumped by hand", SGN_SERIAL_KEEP, 2024010105, 2024010101, T0, 2024010105 },
	{ "keep, not bumped: refused", SGN_SERIAL_KEEP, 2024010101, 2024010101, T0, 0, true },
	{ "keep, older than previous: refused", SGN_SERIAL_KEEP, 2024010100, 2024010101, T0, 0,
	  true },
	{ "unixtime past a previous from the future", SGN_SERIAL_UNIXTIME, 1700000000, 1709251300,
	  "20240301000000", 1709251301 },
};

static void zone_sign_serial_policies(void **state)
{
	struct fixture *f = *state;
	for (size_t i = 0; i < ARRAY_LEN(serial_cases); i++) {
		const struct serial_case *c = &serial_cases[i];
		sgn_sign_policy_t pol;
		sgn_zone_t *prev = NULL;
		policy(&pol, c->at);
		if (c->previous != 0) {
			char *pt = with_serial(c->previous);
			prev = load_text(f, pt);
			free(pt);
			pol.previous = prev;
		}
		pol.serial = c->policy;
		char *src = with_serial(c->source);
		sgn_zone_t *zone = load_text(f, src);
		char *before = zone_to_text(zone);
		sgn_sign_stats_t st;
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		sgn_err_t err = sgn_zone_sign(zone, &st, &f->keys, &pol, &diag);
		if (c->refused) {
			if (err != SGN_EZONE) {
				print_error("%s: %s\n", c->name, sgn_strerror(err));
			}
			assert_int_equal(err, SGN_EZONE);
			assert_non_null(strstr(diag.msg, "not newer than the previous"));
			char *after = zone_to_text(zone); /* refused before anything changed */
			assert_string_equal(before, after);
			free(after);
		} else {
			if (err != SGN_OK || st.serial != c->want) {
				print_error("%s: %s, serial %u\n", c->name, sgn_strerror(err), st.serial);
			}
			assert_int_equal(err, SGN_OK);
			assert_int_equal(st.serial, c->want);
			char *after = zone_to_text(zone);
			assert_int_equal(serial_of(after), c->want);
			free(after);
		}
		free(before);
		free(src);
		sgn_zone_free(zone);
		sgn_zone_free(prev);
	}
}

/* -- refusals -- */

static sgn_err_t sign_expect_unchanged(const struct fixture *f, const char *text,
                                       const sgn_keylist_t *keys, sgn_sign_policy_t *pol,
                                       bool from_zone, sgn_diag_t *diag)
{
	sgn_zone_t *zone = load_text(f, text);
	if (from_zone) {
		assert_true(sgn_sign_policy_denial_from_zone(pol, zone));
	}
	char *before = zone_to_text(zone);
	sgn_diag_init(diag);
	sgn_err_t err = sgn_zone_sign(zone, NULL, keys, pol, diag);
	if (err != SGN_OK) {
		char *after = zone_to_text(zone);
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	sgn_zone_free(zone);
	return err;
}

static size_t warnings;
static void count_warning(void *ctx, const char *file, unsigned long line, const char *msg)
{
	(void)ctx, (void)file, (void)line, (void)msg;
	warnings++;
}

static void zone_sign_nsec3_iterations_above_the_cap_need_force(void **state)
{
	struct fixture *f = *state;
	sgn_sign_policy_t pol;
	sgn_diag_t diag;
	policy(&pol, T0);
	pol.denial = SGN_DENIAL_NSEC3;
	pol.nsec3_iterations = SGN_SIGN_NSEC3_ITERATIONS_MAX;
	pol.warn = count_warning;
	warnings = 0;
	assert_int_equal(sign_expect_unchanged(f, zone_text, &f->keys, &pol, false, &diag), SGN_OK);
	assert_int_equal(warnings, 1); /* RFC 9276 asks for 0 */
	pol.nsec3_iterations = SGN_SIGN_NSEC3_ITERATIONS_MAX + 1;
	assert_int_equal(sign_expect_unchanged(f, zone_text, &f->keys, &pol, false, &diag),
	                 SGN_EINVAL);
	assert_non_null(strstr(diag.msg, "151 NSEC3 iterations"));
	pol.force_iterations = true;
	assert_int_equal(sign_expect_unchanged(f, zone_text, &f->keys, &pol, false, &diag), SGN_OK);
}

static void zone_sign_nsec3param_iterations_taken_over_are_capped_too(void **state)
{
	struct fixture *f = *state;
	size_t len = strlen(zone_text) + 64;
	char *text = malloc(len);
	snprintf(text, len, "%s@ 0 NSEC3PARAM 1 0 65535 -\n", zone_text);
	sgn_sign_policy_t pol;
	sgn_diag_t diag;
	policy(&pol, T0);
	assert_int_equal(sign_expect_unchanged(f, text, &f->keys, &pol, true, &diag), SGN_EINVAL);
	assert_int_equal(pol.nsec3_iterations, 65535);
	assert_non_null(strstr(diag.msg, "65535 NSEC3 iterations"));
	free(text);
}

static void zone_sign_zsks_alone_are_refused_a_csk_alone_signs(void **state)
{
	struct fixture *f = *state;
	sgn_keylist_t zsk, csk;
	sgn_keylist_init(&zsk);
	sgn_keylist_init(&csk);
	for (size_t i = 0; i < f->keys.count; i++) {
		sgn_key_t *copy;
		assert_int_equal(sgn_key_dup(&copy, f->keys.keys[i]), SGN_OK);
		assert_int_equal(sgn_keylist_add_take(sgn_key_is_sep(copy) ? &csk : &zsk, copy),
		                 SGN_OK);
	}
	sgn_sign_policy_t pol;
	sgn_diag_t diag;
	policy(&pol, T0);
	assert_int_equal(sign_expect_unchanged(f, zone_text, &zsk, &pol, false, &diag), SGN_EKEY);
	assert_non_null(strstr(diag.msg, "SEP"));
	sgn_zone_t *zone = load_text(f, zone_text);
	assert_int_equal(sgn_zone_sign(zone, NULL, &csk, &pol, NULL), SGN_OK);
	expect_valid(zone, T0);
	sgn_zone_free(zone);
	sgn_keylist_release(&zsk);
	sgn_keylist_release(&csk);
}

/* -- re-signing -- */

static void zone_sign_resign_keeps_what_did_not_change(void **state)
{
	struct fixture *f = *state;
	for (int zonemd = 0; zonemd < 2; zonemd++) {
		sgn_sign_policy_t pol;
		sgn_sign_stats_t first, again;
		policy(&pol, T0);
		pol.zonemd = zonemd;
		char *signed_text = sign_write(f, zone_text, &pol, &first);
		/* An hour later, well within the refresh period: only the SOA (new serial) and
		 * what covers it change. */
		policy(&pol, "20240101010000");
		pol.zonemd = zonemd;
		sgn_zone_t *zone = load_text(f, signed_text);
		assert_int_equal(sgn_zone_sign(zone, &again, &f->keys, &pol, NULL), SGN_OK);
		expect_valid(zone, "20240101010000");
		size_t fresh = zonemd ? 2 : 1; /* the SOA's, and ZONEMD's */
		assert_int_equal(again.sigs_created, fresh);
		assert_int_equal(again.sigs_reused + fresh, first.sigs_created);
		/* With ZONEMD the input is trusted as a whole (it matches, and our key signed it):
		 * nothing is verified one by one. */
		if (again.source_trusted != (zonemd == 1)) {
			print_error("zonemd %d: created %zu reused %zu verified %zu\n%s", zonemd,
			            again.sigs_created, again.sigs_reused, again.sigs_verified, signed_text);
		}
		assert_int_equal(again.source_trusted, zonemd == 1);
		if (zonemd) {
			assert_int_equal(again.sigs_verified, 0);
		} else {
			assert_int_equal(again.sigs_verified, again.sigs_reused);
		}
		sgn_zone_free(zone);
		free(signed_text);
	}
}

/* A diag reused from an earlier call holds only this call's reason: none after a
 * success, the write's after a failed write (/dev/full). */
static void zone_sign_diag_holds_only_this_calls_reason(void **state)
{
	struct fixture *f = *state;
	sgn_sign_policy_t pol;
	sgn_diag_t diag;
	policy(&pol, T0);
	sgn_zone_t *zone = load_text(f, zone_text);
	sgn_diag_set(&diag, SGN_EPARSE, "earlier.zone", 7, "an earlier message");
	assert_int_equal(sgn_zone_sign(zone, NULL, &f->keys, &pol, &diag), SGN_OK);
	assert_string_equal(diag.msg, "");
	sgn_zone_free(zone);
	FILE *full = fopen("/dev/full", "w");
	if (full == NULL) {
		skip();
	}
	zone = load_text(f, zone_text);
	sgn_diag_set(&diag, SGN_EPARSE, "earlier.zone", 7, "an earlier message");
	assert_int_equal(sgn_zone_sign_write(&zone, full, NULL, &f->keys, &pol, &diag), SGN_EIO);
	assert_non_null(strstr(diag.msg, "write failed: "));
	assert_string_equal(diag.file, "");
	fclose(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zone_sign_in_place_and_while_writing_make_the_same_valid_zone),
		cmocka_unit_test(zone_sign_output_does_not_depend_on_the_thread_count),
		cmocka_unit_test(zone_sign_nsec3_chain_of_many_names_is_in_hash_order),
		cmocka_unit_test(zone_sign_serial_policies),
		cmocka_unit_test(zone_sign_diag_holds_only_this_calls_reason),
		cmocka_unit_test(zone_sign_nsec3_iterations_above_the_cap_need_force),
		cmocka_unit_test(zone_sign_nsec3param_iterations_taken_over_are_capped_too),
		cmocka_unit_test(zone_sign_zsks_alone_are_refused_a_csk_alone_signs),
		cmocka_unit_test(zone_sign_resign_keeps_what_did_not_change),
	};
	return cmocka_run_group_tests_name("zone_sign", tests, setup, teardown);
}
