/* SPDX-License-Identifier: MIT */
/* Unit tests for sgn_zone_verify() (validate.h): the RFC 4035 and RFC 5155 example zones at
 * fixed times, a corrupted signature, and every sgn_limits_t budget of a whole-zone
 * verification at its limit and one past it, on zones signed here with fixed times. */
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
#include <libsign/finding.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/sign.h>
#include <libsign/validate.h>
#include <libsign/zone.h>

#include "helpers.h"

/* -- helpers -- */

static sgn_zone_t *load_zone(const char *path, const char *origin)
{
	sgn_zone_opts_t opts;
	sgn_diag_t diag;
	uint8_t apex[SGN_NAME_MAX];
	sgn_zone_t *zone = NULL;
	sgn_zone_opts_init(&opts);
	if (origin != NULL) {
		opts.origin = th_name(apex, origin);
	}
	memset(&diag, 0, sizeof(diag));
	sgn_err_t err = sgn_zone_load(&zone, path, &opts, &diag);
	if (err != SGN_OK) {
		print_error("%s:%lu: %s\n", path, (unsigned long)diag.line, diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	assert_non_null(zone);
	return zone;
}

/* Verify at @p now with @p limits (NULL: the defaults) on two workers. */
static void verify(const sgn_zone_t *zone, int64_t now, const sgn_limits_t *limits,
                   sgn_findings_t *found, sgn_verify_stats_t *stats)
{
	sgn_verify_opts_t opts;
	sgn_verify_opts_init(&opts, now);
	opts.threads = 2;
	if (limits != NULL) {
		opts.limits = *limits;
	}
	sgn_findings_init(found);
	found->keep_per_code = 0;
	assert_int_equal(sgn_zone_verify(zone, found, stats, &opts), SGN_OK);
}

static void verify_file(const char *path, const char *origin, int64_t now,
                        const sgn_limits_t *limits, sgn_findings_t *found,
                        sgn_verify_stats_t *stats)
{
	sgn_zone_t *zone = load_zone(path, origin);
	verify(zone, now, limits, found, stats);
	sgn_zone_free(zone);
}

/* A finding of @p code at @p owner (presentation form). */
static bool has_finding(const sgn_findings_t *found, sgn_finding_code_t code, const char *owner)
{
	uint8_t name[SGN_NAME_MAX];
	th_name(name, owner);
	for (size_t i = 0; i < found->count; i++) {
		if (found->items[i].code == code && sgn_name_equal(found->items[i].owner, name)) {
			return true;
		}
	}
	return false;
}

/* Print the findings (on failure, to see why). */
static void dump(const sgn_findings_t *found)
{
	for (size_t i = 0; i < found->count && i < 20; i++) {
		const sgn_finding_t *f = &found->items[i];
		print_message("  %s %s at %s: %s\n", sgn_severity_str(f->severity),
		              sgn_finding_id(f->code), th_name_str(f->owner), f->detail);
	}
}

static void expect_valid(const sgn_findings_t *found)
{
	if (found->errors != 0) {
		dump(found);
	}
	assert_int_equal(found->errors, 0);
}

static void expect_finding(const sgn_findings_t *found, sgn_finding_code_t code, const char *owner)
{
	if (!has_finding(found, code, owner)) {
		print_message("expected %s at %s; got:\n", sgn_finding_id(code), owner);
		dump(found);
	}
	assert_true(has_finding(found, code, owner));
	assert_true(found->errors > 0);
}

/* -- zones signed here -- */

#define ORIGIN "t.test."
#define SIGN_AT "20231101000000" /* signing time; validity 14 days, inception 1 hour before */
#define CHECK_AT "20231105000000"

static const char base_zone[] = "$ORIGIN t.test.\n"
                                "$TTL 3600\n"
                                "@\tSOA\tns1 hostmaster 1 7200 3600 1209600 300\n"
                                "@\tNS\tns1\n"
                                "@\tMX\t10 mail\n"
                                "ns1\tA\t192.0.2.1\n"
                                "mail\tA\t192.0.2.25\n"
                                "www\tA\t192.0.2.80\n"
                                "www\tAAAA\t2001:db8::80\n"
                                "*.wild\tTXT\t\"wildcard\"\n"
                                "a.b.c\tA\t192.0.2.90\n"
                                "sub\tNS\tns.sub\n"
                                "ns.sub\tA\t192.0.2.53\n";

/* How to build a signed zone. */
typedef struct build {
	unsigned zsks;          /* ZSKs beside the KSK; 0: the KSK alone signs everything */
	unsigned fake_keys;     /* extra DNSKEYs (flags 256, sorted before the real key) with the
	                           algorithm and tag of the signing key */
	bool nsec3;
	uint16_t iterations;
} build_t;

/* DNSKEY RDATA text "256 3 15 <base64>" of a key that is not one (random bytes) but has
 * key tag @p tag: the last two bytes of the key form one 16-bit word of the RFC 4034
 * App. B sum, solved for (allowing for the folded carry). */
static void fake_dnskey(char *out, size_t cap, uint16_t tag, uint32_t seed)
{
	uint8_t rd[4 + 32] = { 0x01, 0x00, 3, SGN_ALG_ED25519 };
	sgn_buf_t b64;
	bool found = false;
	th_fill(rd + 4, 30, seed);
	for (unsigned carry = 0; carry < 64 && !found; carry++) {
		rd[34] = rd[35] = 0;
		uint16_t rest = sgn_keytag(rd, sizeof(rd));
		uint16_t w = (uint16_t)(tag - rest - carry);
		rd[34] = (uint8_t)(w >> 8);
		rd[35] = (uint8_t)w;
		found = sgn_keytag(rd, sizeof(rd)) == tag;
	}
	assert_true(found);
	sgn_buf_init(&b64);
	assert_int_equal(sgn_base64_encode(&b64, rd + 4, 32), SGN_OK);
	snprintf(out, cap, "256 3 15 %s", (const char *)b64.data);
	sgn_buf_release(&b64);
}

/* Sign @p text as described into "<dir>/signed" and return that path (th_join buffer). */
static const char *build_zone(const char *dir, const char *text, const build_t *b)
{
	uint8_t apex[SGN_NAME_MAX];
	sgn_keylist_t keys;
	sgn_key_t *key = NULL;
	size_t cap = strlen(text) + 200 * (b->fake_keys + 1);
	char *zone_text = malloc(cap);
	assert_non_null(zone_text);
	th_name(apex, ORIGIN);
	sgn_keylist_init(&keys);
	assert_int_equal(sgn_key_generate_unique(&key, &keys, apex, SGN_ALG_ED25519, 0,
	                                         SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP),
	                 SGN_OK);
	uint16_t tag = sgn_key_get_tag(key);
	assert_int_equal(sgn_keylist_add_take(&keys, key), SGN_OK);
	for (unsigned i = 0; i < b->zsks; i++) {
		assert_int_equal(sgn_key_generate_unique(&key, &keys, apex, SGN_ALG_ED25519, 0,
		                                         SGN_DNSKEY_ZONE),
		                 SGN_OK);
		assert_int_equal(sgn_keylist_add_take(&keys, key), SGN_OK);
	}
	size_t len = (size_t)snprintf(zone_text, cap, "%s", text);
	for (unsigned i = 0; i < b->fake_keys; i++) {
		char rdata[128];
		fake_dnskey(rdata, sizeof(rdata), tag, 1000 + i);
		len += (size_t)snprintf(zone_text + len, cap - len, "@\tDNSKEY\t%s\n", rdata);
	}
	const char *in = th_join(dir, "zone");
	th_write_file(in, zone_text);
	free(zone_text);

	sgn_zone_t *zone = load_zone(in, ORIGIN);
	sgn_sign_policy_t pol;
	sgn_diag_t diag;
	memset(&diag, 0, sizeof(diag));
	sgn_sign_policy_init(&pol, th_time(SIGN_AT));
	pol.threads = 1;
	if (b->nsec3) {
		pol.denial = SGN_DENIAL_NSEC3;
		pol.nsec3_iterations = b->iterations;
		pol.force_iterations = true; /* the test is about zones past the limit */
	}
	sgn_err_t err = sgn_zone_sign(zone, NULL, &keys, &pol, &diag);
	if (err != SGN_OK) {
		print_error("sgn_zone_sign: %s: %s\n", sgn_strerror(err), diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	const char *out = th_join(dir, "signed");
	FILE *fp = fopen(out, "w");
	assert_non_null(fp);
	assert_int_equal(sgn_zone_write(zone, fp, &diag), SGN_OK);
	assert_int_equal(fclose(fp), 0);
	sgn_zone_free(zone);
	sgn_keylist_release(&keys);
	return out;
}

/* Count the RRSIGs over (owner, type) in a signed zone file written by sgn_zone_write(). */
static size_t count_rrsigs(const char *path, const char *owner, const char *type)
{
	char *text = th_read_file(path, NULL);
	char pat[128];
	size_t n = 0;
	snprintf(pat, sizeof(pat), "\n%s\t", owner);
	for (const char *p = strstr(text, pat); p != NULL; p = strstr(p + 1, pat)) {
		const char *eol = strchr(p + 1, '\n');
		const char *r = strstr(p + 1, "\tRRSIG\t");
		size_t tlen = strlen(type);
		if (r != NULL && (eol == NULL || r < eol) && strncmp(r + 7, type, tlen) == 0 &&
		    r[7 + tlen] == ' ') {
			n++;
		}
	}
	free(text);
	return n;
}

/* -- the RFC example zones -- */

static void verify_rfc4035_zone_is_valid_on_2004_04_20(void **state)
{
	(void)state;
	sgn_findings_t found;
	sgn_verify_stats_t st;
	verify_file(th_path("testzones/rfc4035-signed-zone-example/example.zone"), "example.",
	            th_time("20040420000000"), NULL, &found, &st);
	expect_valid(&found);
	assert_int_equal(st.signatures, 27);
	assert_int_equal(st.valid, 27);
	assert_false(st.nsec3);
	assert_int_equal(st.denial_records, 10);
	assert_true(st.has_expiry);
	assert_int_equal(st.earliest_expiry, th_time("20040509183619"));
	sgn_findings_release(&found);
}

static void verify_rfc4035_zone_is_expired_on_2004_05_10(void **state)
{
	(void)state;
	sgn_findings_t found;
	sgn_verify_stats_t st;
	verify_file(th_path("testzones/rfc4035-signed-zone-example/example.zone"), "example.",
	            th_time("20040510000000"), NULL, &found, &st);
	expect_finding(&found, SGN_FIND_RRSIG_EXPIRED, "example.");
	expect_finding(&found, SGN_FIND_RRSIG_EXPIRED, "x.w.example.");
	assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_RRSIG_EXPIRED), 27);
	assert_int_equal(st.valid, 0);
	assert_int_equal(st.verifications, 0); /* the window is checked before any crypto */
	assert_int_equal(st.earliest_expiry, th_time("20040509183619"));
	sgn_findings_release(&found);
}

static void verify_rfc4035_zone_is_not_yet_valid_on_2004_04_01(void **state)
{
	(void)state;
	sgn_findings_t found;
	verify_file(th_path("testzones/rfc4035-signed-zone-example/example.zone"), "example.",
	            th_time("20040401000000"), NULL, &found, NULL);
	expect_finding(&found, SGN_FIND_RRSIG_NOT_YET_VALID, "example.");
	assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_RRSIG_NOT_YET_VALID), 27);
	sgn_findings_release(&found);
}

static void verify_rfc5155_zone_is_valid_on_2010_01_01(void **state)
{
	(void)state;
	sgn_findings_t found;
	sgn_verify_stats_t st;
	verify_file(th_path("testzones/rfc5155-nsec3-example-zone/example.zone"), "example.",
	            th_time("20100101000000"), NULL, &found, &st);
	expect_valid(&found);
	assert_true(st.nsec3);
	assert_int_equal(st.denial_records, 12);
	assert_int_equal(st.valid, st.signatures);
	/* RFC 9276 warnings: 12 iterations and a salt */
	assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_NSEC3_ITERATIONS), 1);
	assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_NSEC3_SALT), 1);
	sgn_findings_release(&found);
}

/* -- a corrupted signature -- */

static void verify_signed_zone_built_here_is_valid(void **state)
{
	(void)state;
	char dir[64];
	sgn_findings_t found;
	sgn_verify_stats_t st;
	const build_t b = { .zsks = 1 };
	th_tmpdir_new(dir);
	const char *path = build_zone(dir, base_zone, &b);
	verify_file(path, ORIGIN, th_time(CHECK_AT), NULL, &found, &st);
	expect_valid(&found);
	assert_int_equal(st.valid, st.signatures);
	assert_int_equal(st.verifications, st.signatures);
	sgn_findings_release(&found);
	th_tmpdir_remove(dir);
}

/* Every signature expires at the same moment: the summary names the first RRset in
 * canonical order (the apex NS), whichever worker checked which names. */
static void verify_earliest_expiry_is_the_same_for_any_thread_count(void **state)
{
	(void)state;
	char dir[64];
	enum { NAMES = 3000 }; /* a dozen verification jobs */
	size_t cap = sizeof(base_zone) + NAMES * 32, len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text, cap, "%s", base_zone);
	for (unsigned i = 0; i < NAMES; i++) {
		len += (size_t)snprintf(text + len, cap - len, "h%u\tA\t192.0.2.%u\n", i, i % 256);
	}
	th_tmpdir_new(dir);
	const build_t b = { .zsks = 1 };
	sgn_zone_t *zone = load_zone(build_zone(dir, text, &b), ORIGIN);
	uint8_t apex[SGN_NAME_MAX];
	th_name(apex, ORIGIN);
	const unsigned threads[] = { 1, 2, 3, 8 };
	for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		for (int run = 0; run < 5; run++) {
			sgn_verify_opts_t opts;
			sgn_findings_t found;
			sgn_verify_stats_t st;
			sgn_verify_opts_init(&opts, th_time(CHECK_AT));
			opts.threads = threads[t];
			sgn_findings_init(&found);
			assert_int_equal(sgn_zone_verify(zone, &found, &st, &opts), SGN_OK);
			assert_true(st.has_expiry);
			assert_true(sgn_name_equal(st.earliest_owner, apex));
			assert_int_equal(st.earliest_type, SGN_TYPE_NS);
			sgn_findings_release(&found);
		}
	}
	sgn_zone_free(zone);
	free(text);
	th_tmpdir_remove(dir);
}

static void verify_corrupted_rrsig_is_bogus_at_its_owner(void **state)
{
	(void)state;
	char dir[64];
	sgn_findings_t found;
	const build_t b = { .zsks = 1 };
	th_tmpdir_new(dir);
	const char *path = build_zone(dir, base_zone, &b);
	char *text = th_read_file(path, NULL);
	/* one character in the middle of the signature of www.t.test. AAAA */
	char *sig = strstr(text, "\nwww.t.test.\t3600\tIN\tRRSIG\tAAAA ");
	assert_non_null(sig);
	char *eol = strchr(sig + 1, '\n');
	assert_non_null(eol);
	char *c = eol - 20;
	*c = *c == 'A' ? 'B' : 'A';
	th_write_file(path, text);
	free(text);
	verify_file(path, ORIGIN, th_time(CHECK_AT), NULL, &found, NULL);
	expect_finding(&found, SGN_FIND_RRSIG_BOGUS, "www.t.test.");
	assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_RRSIG_BOGUS), 1);
	assert_int_equal(found.errors, 1);
	sgn_findings_release(&found);
	th_tmpdir_remove(dir);
}

/* -- limits at the limit and one past it -- */

/* keys_per_tag: the signing key is the last of @p fakes + 1 candidates with its tag. */
static void keys_per_tag_case(unsigned fakes, bool limited)
{
	char dir[64];
	sgn_findings_t found;
	sgn_verify_stats_t st;
	sgn_limits_t lim;
	const build_t b = { .fake_keys = fakes };
	sgn_limits_init(&lim);
	assert_int_equal(lim.keys_per_tag, 4);
	th_tmpdir_new(dir);
	const char *path = build_zone(dir, base_zone, &b);
	verify_file(path, ORIGIN, th_time(CHECK_AT), &lim, &found, &st);
	/* Each signature is tried with the keys in DNSKEY order, the fakes (flags 256) first,
	 * and never with more than the limit. */
	assert_int_equal(st.verifications, st.signatures * lim.keys_per_tag);
	if (limited) {
		expect_finding(&found, SGN_FIND_LIMIT_KEYS_PER_TAG, "www.t.test.");
		expect_finding(&found, SGN_FIND_LIMIT_KEYS_PER_TAG, ORIGIN);
		assert_int_equal(st.valid, 0);
	} else {
		expect_valid(&found);
		assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_LIMIT_KEYS_PER_TAG), 0);
		assert_int_equal(st.valid, st.signatures);
	}
	sgn_findings_release(&found);
	th_tmpdir_remove(dir);
}

static void limit_keys_per_tag_at_the_limit_is_valid(void **state)
{
	(void)state;
	keys_per_tag_case(3, false); /* 4 keys share the tag: the default limit */
}

static void limit_keys_per_tag_one_past_is_a_finding(void **state)
{
	(void)state;
	keys_per_tag_case(4, true); /* 5 keys share the tag */
}

/* sigs_per_rrset: @p zsks ZSKs sign every RRset but the DNSKEY RRset. */
static void sigs_per_rrset_case(unsigned zsks, bool limited)
{
	char dir[64];
	sgn_findings_t found;
	sgn_verify_stats_t st;
	sgn_limits_t lim;
	const build_t b = { .zsks = zsks };
	sgn_limits_init(&lim);
	assert_int_equal(lim.sigs_per_rrset, 8);
	th_tmpdir_new(dir);
	const char *path = build_zone(dir, base_zone, &b);
	assert_int_equal(count_rrsigs(path, "www.t.test.", "A"), zsks);
	verify_file(path, ORIGIN, th_time(CHECK_AT), &lim, &found, &st);
	/* never more than the limit examined per RRset (the DNSKEY RRset has one, by the KSK) */
	assert_true(st.signatures <= (st.rrsets - 1) * lim.sigs_per_rrset + 1);
	if (limited) {
		expect_finding(&found, SGN_FIND_LIMIT_SIGS_PER_RRSET, "www.t.test.");
	} else {
		expect_valid(&found);
		assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_LIMIT_SIGS_PER_RRSET), 0);
	}
	sgn_findings_release(&found);
	th_tmpdir_remove(dir);
}

static void limit_sigs_per_rrset_at_the_limit_is_valid(void **state)
{
	(void)state;
	sigs_per_rrset_case(8, false);
}

static void limit_sigs_per_rrset_one_past_is_a_finding(void **state)
{
	(void)state;
	sigs_per_rrset_case(9, true);
}

/* nsec3_iterations: the zone's iterations against the default limit (150). */
static void nsec3_iterations_case(uint16_t iterations, bool limited)
{
	char dir[64];
	sgn_findings_t found;
	sgn_verify_stats_t st;
	sgn_limits_t lim;
	const build_t b = { .zsks = 1, .nsec3 = true, .iterations = iterations };
	sgn_limits_init(&lim);
	assert_int_equal(lim.nsec3_iterations, 150);
	th_tmpdir_new(dir);
	const char *path = build_zone(dir, base_zone, &b);
	verify_file(path, ORIGIN, th_time(CHECK_AT), &lim, &found, &st);
	assert_true(st.nsec3);
	if (limited) {
		expect_finding(&found, SGN_FIND_LIMIT_NSEC3_ITERATIONS, ORIGIN);
		assert_int_equal(found.errors, 1);
		assert_int_equal(st.verifications, 0); /* judged before any other work */
	} else {
		expect_valid(&found);
		assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_LIMIT_NSEC3_ITERATIONS), 0);
		assert_true(has_finding(&found, SGN_FIND_NSEC3_ITERATIONS, ORIGIN)); /* a warning */
	}
	sgn_findings_release(&found);
	th_tmpdir_remove(dir);
}

static void limit_nsec3_iterations_at_the_limit_is_valid(void **state)
{
	(void)state;
	nsec3_iterations_case(150, false);
}

static void limit_nsec3_iterations_one_past_is_a_finding(void **state)
{
	(void)state;
	nsec3_iterations_case(151, true);
}

/* work: a zone that needs exactly N verifications, with the budget N and N - 1. */
static void limit_work_at_the_limit_and_one_past(void **state)
{
	(void)state;
	char dir[64];
	sgn_findings_t found;
	sgn_verify_stats_t st;
	sgn_limits_t lim;
	const build_t b = { .zsks = 1 };
	th_tmpdir_new(dir);
	const char *path = build_zone(dir, base_zone, &b);
	sgn_zone_t *zone = load_zone(path, ORIGIN);

	verify(zone, th_time(CHECK_AT), NULL, &found, &st); /* automatic budget */
	expect_valid(&found);
	size_t need = st.verifications;
	assert_true(need > 10);
	assert_int_equal(need, st.signatures);
	sgn_findings_release(&found);

	sgn_limits_init(&lim);
	lim.work = need; /* the zone needs exactly the budget */
	verify(zone, th_time(CHECK_AT), &lim, &found, &st);
	expect_valid(&found);
	assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_LIMIT_WORK), 0);
	assert_int_equal(st.verifications, need);
	sgn_findings_release(&found);

	lim.work = need - 1; /* the zone needs one more than the budget */
	verify(zone, th_time(CHECK_AT), &lim, &found, &st);
	assert_int_equal(sgn_findings_code_count(&found, SGN_FIND_LIMIT_WORK), 1);
	assert_true(found.errors > 0);
	assert_true(st.verifications <= need - 1);
	sgn_findings_release(&found);

	sgn_zone_free(zone);
	th_tmpdir_remove(dir);
}

/* Merging keeps @p to's keep_per_code (the rest only counted), and the totals exact. */
static void findings_merge_keeps_the_per_code_limit(void **state)
{
	(void)state;
	sgn_findings_t to, from;
	sgn_findings_init(&to);
	sgn_findings_init(&from);
	to.keep_per_code = 2;
	assert_int_equal(sgn_findings_add(&to, SGN_FIND_RRSIG_EXPIRED, NULL, 0, "to"), SGN_OK);
	for (int i = 0; i < 5; i++) {
		assert_int_equal(sgn_findings_add(&from, SGN_FIND_RRSIG_EXPIRED, NULL, 0, "%d", i),
		                 SGN_OK);
	}
	assert_int_equal(sgn_findings_add(&from, SGN_FIND_RRSIG_NO_KEY, NULL, 0, NULL), SGN_OK);
	size_t errors = to.errors + from.errors;
	assert_int_equal(sgn_findings_merge(&to, &from), SGN_OK);
	assert_int_equal(to.count, 3); /* "to", "0" and the no-key one */
	assert_string_equal(to.items[1].detail, "0");
	assert_int_equal(sgn_findings_code_count(&to, SGN_FIND_RRSIG_EXPIRED), 6);
	assert_int_equal(sgn_findings_code_count(&to, SGN_FIND_RRSIG_NO_KEY), 1);
	assert_int_equal(to.errors, errors);
	assert_int_equal(from.count, 0);
	sgn_findings_release(&to);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(findings_merge_keeps_the_per_code_limit),
		cmocka_unit_test(verify_rfc4035_zone_is_valid_on_2004_04_20),
		cmocka_unit_test(verify_rfc4035_zone_is_expired_on_2004_05_10),
		cmocka_unit_test(verify_rfc4035_zone_is_not_yet_valid_on_2004_04_01),
		cmocka_unit_test(verify_rfc5155_zone_is_valid_on_2010_01_01),
		cmocka_unit_test(verify_signed_zone_built_here_is_valid),
		cmocka_unit_test(verify_earliest_expiry_is_the_same_for_any_thread_count),
		cmocka_unit_test(verify_corrupted_rrsig_is_bogus_at_its_owner),
		cmocka_unit_test(limit_keys_per_tag_at_the_limit_is_valid),
		cmocka_unit_test(limit_keys_per_tag_one_past_is_a_finding),
		cmocka_unit_test(limit_sigs_per_rrset_at_the_limit_is_valid),
		cmocka_unit_test(limit_sigs_per_rrset_one_past_is_a_finding),
		cmocka_unit_test(limit_nsec3_iterations_at_the_limit_is_valid),
		cmocka_unit_test(limit_nsec3_iterations_one_past_is_a_finding),
		cmocka_unit_test(limit_work_at_the_limit_and_one_past),
	};
	assert_int_equal(sgn_init(), SGN_OK);
	return cmocka_run_group_tests_name("verify", tests, NULL, NULL);
}
