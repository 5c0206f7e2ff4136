/* SPDX-License-Identifier: MIT */
/* Every RRSIG of the signed fixture zones checked with sgn_rrsig_check (validate.h): the RFC
 * 4035 and RFC 5155 example zones and the 2023 and 2017 root zones, inside their validity
 * windows (all valid) and outside them (all expired or not yet valid), as their expected.txt
 * files say. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libsign/key.h>
#include <libsign/validate.h>

#include "helpers.h"

static int setup(void **state)
{
	(void)state;
	return sgn_init() == SGN_OK ? 0 : -1;
}

/* -- every signature of a signed zone -- */

typedef struct zone_tally {
	size_t total;
	size_t by_result[SGN_SIG_RESULT__COUNT];
	size_t by_covered_dnskey_valid;
} zone_tally_t;

/* Check every RRSIG in @p z against the DNSKEY with its tag at @p apex, at @p now. */
static void check_zone(th_zone_t *z, const char *apex, int64_t now, zone_tally_t *t)
{
	sgn_key_t *keys[8];
	size_t nkeys = 0;
	sgn_buf_t scratch;
	memset(t, 0, sizeof(*t));
	th_zone_sort(z);
	for (const th_rr_t *r; (r = th_zone_find(z, apex, SGN_TYPE_DNSKEY, nkeys)) != NULL;) {
		assert_true(nkeys < 8);
		assert_int_equal(sgn_key_from_dnskey(&keys[nkeys++], r->owner, r->rdata, r->rdlen),
		                 SGN_OK);
	}
	sgn_buf_init(&scratch);
	for (size_t i = 0; i < z->count; i++) {
		const th_rr_t *r = &z->rrs[i];
		sgn_rrsig_view_t v;
		th_rrset_t set;
		if (r->type != SGN_TYPE_RRSIG) {
			continue;
		}
		assert_int_equal(sgn_rrsig_parse(&v, r->rdata, r->rdlen), SGN_OK);
		const sgn_key_t *key = NULL;
		for (size_t k = 0; k < nkeys; k++) {
			if (sgn_key_get_tag(keys[k]) == v.key_tag &&
			    sgn_key_get_algorithm(keys[k]) == v.algorithm) {
				key = keys[k];
			}
		}
		assert_non_null(key);
		assert_true(th_zone_rrset_wire(z, r->owner, v.type_covered, &set));
		sgn_sigcheck_opts_t opts = { .now = now };
		sgn_sig_result_t res;
		assert_int_equal(
		    sgn_rrsig_check(&res, &set.set, r->rdata, r->rdlen, key, &opts, &scratch),
		    SGN_OK);
		t->total++;
		t->by_result[res]++;
		if (res == SGN_SIG_VALID && v.type_covered == SGN_TYPE_DNSKEY) {
			t->by_covered_dnskey_valid++;
		}
		th_rrset_release(&set);
	}
	sgn_buf_release(&scratch);
	for (size_t k = 0; k < nkeys; k++) {
		sgn_key_free(keys[k]);
	}
}

static void expect_all(const zone_tally_t *t, size_t total, sgn_sig_result_t res)
{
	assert_int_equal(t->total, total);
	if (t->by_result[res] != total) {
		fail_msg("%zu of %zu signatures '%s'; valid %zu, bad %zu, expired %zu",
		         t->by_result[res], total, sgn_sig_result_str(res),
		         t->by_result[SGN_SIG_VALID], t->by_result[SGN_SIG_BAD],
		         t->by_result[SGN_SIG_EXPIRED]);
	}
}

static void rrsig_every_signature_in_the_rfc4035_zone_verifies(void **state)
{
	(void)state;
	th_zone_t z;
	zone_tally_t t;
	th_zone_load(&z, "testzones/rfc4035-signed-zone-example/example.zone", "example.");
	check_zone(&z, "example.", th_time("20040420000000"), &t);
	expect_all(&t, 27, SGN_SIG_VALID);
	assert_int_equal(t.by_covered_dnskey_valid, 2); /* by both the KSK and the ZSK */
	check_zone(&z, "example.", th_time("20040510000000"), &t);
	expect_all(&t, 27, SGN_SIG_EXPIRED);
	check_zone(&z, "example.", th_time("20040409183618"), &t);
	expect_all(&t, 27, SGN_SIG_NOT_YET_VALID);
	th_zone_release(&z);
}

static void rrsig_every_signature_in_the_rfc5155_zone_verifies(void **state)
{
	(void)state;
	th_zone_t z;
	zone_tally_t t;
	th_zone_load(&z, "testzones/rfc5155-nsec3-example-zone/example.zone", "example.");
	check_zone(&z, "example.", th_time("20100101000000"), &t);
	expect_all(&t, 30, SGN_SIG_VALID);
	check_zone(&z, "example.", th_time("20150421000000"), &t);
	expect_all(&t, 30, SGN_SIG_EXPIRED);
	th_zone_release(&z);
}

static void rrsig_every_signature_in_the_2023_root_zone_verifies(void **state)
{
	(void)state;
	th_zone_t z;
	zone_tally_t t;
	th_zone_load(&z, "testzones/root-zone-2023051100/root.zone", NULL);
	check_zone(&z, ".", th_time("20230515000000"), &t);
	expect_all(&t, 2849, SGN_SIG_VALID);
	assert_int_equal(t.by_covered_dnskey_valid, 1);
	/* expected.txt: after the ZSK signatures expire only the DNSKEY RRSIG is still valid */
	check_zone(&z, ".", th_time("20230525000000"), &t);
	assert_int_equal(t.by_result[SGN_SIG_VALID], 1);
	assert_int_equal(t.by_covered_dnskey_valid, 1);
	assert_int_equal(t.by_result[SGN_SIG_EXPIRED], 2848);
	check_zone(&z, ".", th_time("20230601000001"), &t);
	expect_all(&t, 2849, SGN_SIG_EXPIRED);
	th_zone_release(&z);
}

static void rrsig_every_signature_in_the_2017_root_zone_verifies(void **state)
{
	(void)state;
	th_zone_t z;
	zone_tally_t t;
	/* the DS and RRSIG DS owners are in upper case in this file */
	th_zone_load(&z, "testzones/root-zone-2017082100/root.zone", NULL);
	check_zone(&z, ".", th_time("20170825000000"), &t);
	expect_all(&t, 2950, SGN_SIG_VALID);
	assert_int_equal(t.by_covered_dnskey_valid, 1); /* only KSK-2010 signs the DNSKEY RRset */
	th_zone_release(&z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rrsig_every_signature_in_the_rfc4035_zone_verifies),
		cmocka_unit_test(rrsig_every_signature_in_the_rfc5155_zone_verifies),
		cmocka_unit_test(rrsig_every_signature_in_the_2023_root_zone_verifies),
		cmocka_unit_test(rrsig_every_signature_in_the_2017_root_zone_verifies),
	};
	return cmocka_run_group_tests_name("rrsig_zones", tests, setup, NULL);
}
