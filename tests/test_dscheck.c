/* SPDX-License-Identifier: MIT */
/* The registrar's DS check (dscheck.h) through the library, on the test hierarchy's
 * nsec.test. (signed 2026-2036, KSK 56177 whose DS test. publishes). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdio.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/dscheck.h>
#include <libsign/sign.h>
#include <libsign/text.h>

#include "helpers.h"

#define GOOD_DS "56177 13 2 845DF46463D0FD3F9C8CBA9E03509C0AF5FD54CEE72099B2DB9B53B2E6EB5558"
#define BAD_DS  "56177 13 2 845DF46463D0FD3F9C8CBA9E03509C0AF5FD54CEE72099B2DB9B53B2E6EB5559"
#define SHA1_DS "56177 13 1 0123456789ABCDEF0123456789ABCDEF01234567"
#define SHORT_DS "56177 13 2 845DF46463D0FD3F"

static void add_ds(sgn_dsset_t *set, const char *text)
{
	sgn_buf_t rd;
	sgn_buf_init(&rd);
	assert_int_equal(sgn_rdata_from_str(&rd, SGN_TYPE_DS, text, NULL, NULL), SGN_OK);
	assert_int_equal(sgn_dsset_add(set, rd.data, rd.len), SGN_OK);
	sgn_buf_release(&rd);
}

/* Check nsec.test. with a proposed and a current set (NULL: none). */
static sgn_dsc_result_t *check(sgn_dsc_mode_t mode, const char *proposed, const char *current)
{
	uint8_t name[SGN_NAME_MAX];
	sgn_dsc_input_t in;
	sgn_dsc_opts_t o;
	sgn_dsc_result_t *res = NULL;
	sgn_diag_t diag;
	assert_int_equal(sgn_dsc_input_init(&in, th_name(name, "nsec.test.")), SGN_OK);
	assert_int_equal(sgn_dsc_input_add_zone(&in, th_path("testzones/hierarchy/signed/nsec.test.zone"),
	                                        &diag),
	                 SGN_OK);
	if (proposed != NULL) {
		add_ds(&in.proposed, proposed);
	}
	if (current != NULL) {
		add_ds(&in.current, current);
	}
	sgn_dsc_opts_init(&o, th_time("20270101000000"));
	o.mode = mode;
	assert_int_equal(sgn_dsc_check(&res, &in, &o), SGN_OK);
	sgn_dsc_input_release(&in);
	return res;
}

static void dscheck_good_ds_is_accepted(void **state)
{
	(void)state;
	sgn_dsc_result_t *r = check(SGN_DSC_FROM_DS, GOOD_DS, NULL);
	assert_int_equal(r->verdict, SGN_DSC_ACCEPT);
	assert_int_equal(r->newset.n, 1);
	assert_int_equal(r->newkeys.n, 1);
	assert_true(r->newkeys.rd[0].len > 4); /* the KSK, for EPP keyData */
	assert_int_equal(r->findings.errors, 0);
	sgn_dsc_result_free(r);
}

static void dscheck_same_ds_is_no_change(void **state)
{
	(void)state;
	sgn_dsc_result_t *r = check(SGN_DSC_FROM_DS, GOOD_DS, GOOD_DS);
	assert_int_equal(r->verdict, SGN_DSC_NO_CHANGE);
	sgn_dsc_result_free(r);
}

static void dscheck_wrong_digest_is_refused_with_finding(void **state)
{
	(void)state;
	sgn_dsc_result_t *r = check(SGN_DSC_FROM_DS, BAD_DS, NULL);
	assert_int_equal(r->verdict, SGN_DSC_REFUSE);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_DS_NO_KEY), 1);
	assert_int_equal(r->newset.n, 0); /* refused: the current (empty) set stays */
	sgn_dsc_result_free(r);
}

static void dscheck_sha1_and_short_digest_are_refused(void **state)
{
	(void)state;
	sgn_dsc_result_t *r = check(SGN_DSC_FROM_DS, SHA1_DS, NULL);
	assert_int_equal(r->verdict, SGN_DSC_REFUSE);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_DIGEST_NOT_ALLOWED), 1);
	sgn_dsc_result_free(r);
	r = check(SGN_DSC_FROM_DS, SHORT_DS, NULL);
	assert_int_equal(r->verdict, SGN_DSC_REFUSE);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_DIGEST_LENGTH), 1);
	sgn_dsc_result_free(r);
}

static void dscheck_empty_proposal_deletes(void **state)
{
	(void)state;
	sgn_dsc_result_t *r = check(SGN_DSC_FROM_DS, NULL, GOOD_DS);
	assert_int_equal(r->verdict, SGN_DSC_ACCEPT);
	assert_true(r->delete_requested);
	assert_int_equal(r->newset.n, 0);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_DELETE), 1);
	sgn_dsc_result_free(r);
}

static void dscheck_cds_mode_without_cds_is_no_change(void **state)
{
	(void)state;
	sgn_dsc_result_t *r = check(SGN_DSC_FROM_CDS, NULL, GOOD_DS);
	assert_int_equal(r->verdict, SGN_DSC_NO_CHANGE);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_CDS_ABSENT), 1);
	sgn_dsc_result_free(r);
	/* not authenticated by a broken current set: refused */
	r = check(SGN_DSC_FROM_CDS, NULL, BAD_DS);
	assert_int_equal(r->verdict, SGN_DSC_REFUSE);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_NOT_AUTHENTICATED), 1);
	sgn_dsc_result_free(r);
}

static void dscheck_no_views_is_refused(void **state)
{
	(void)state;
	uint8_t name[SGN_NAME_MAX];
	sgn_dsc_input_t in;
	sgn_dsc_opts_t o;
	sgn_dsc_result_t *r = NULL;
	assert_int_equal(sgn_dsc_input_init(&in, th_name(name, "nsec.test.")), SGN_OK);
	add_ds(&in.proposed, GOOD_DS);
	sgn_dsc_opts_init(&o, th_time("20270101000000"));
	assert_int_equal(sgn_dsc_check(&r, &in, &o), SGN_OK);
	assert_int_equal(r->verdict, SGN_DSC_REFUSE);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_SERVER_UNUSABLE), 1);
	sgn_dsc_result_free(r);
	o.mode = SGN_DSC_BOOTSTRAP; /* a bootstrap needs anchors */
	assert_int_equal(sgn_dsc_check(&r, &in, &o), SGN_EINVAL);
	sgn_dsc_input_release(&in);
	/* a malformed domain is refused, not taken for the root */
	uint8_t bad[SGN_NAME_MAX] = { 64 };
	assert_int_equal(sgn_dsc_input_init(&in, bad), SGN_EINVAL);
	sgn_dsc_input_release(&in);
}

static void dscheck_dsset_limit_and_dedup(void **state)
{
	(void)state;
	sgn_dsset_t s;
	uint8_t rd[8] = { 0 };
	sgn_dsset_init(&s);
	for (unsigned i = 0; i < SGN_DSSET_MAX; i++) {
		rd[0] = (uint8_t)i;
		assert_int_equal(sgn_dsset_add(&s, rd, sizeof(rd)), SGN_OK);
		assert_int_equal(sgn_dsset_add(&s, rd, sizeof(rd)), SGN_OK); /* a duplicate: once */
	}
	assert_int_equal(s.n, SGN_DSSET_MAX);
	rd[1] = 1;
	assert_int_equal(sgn_dsset_add(&s, rd, sizeof(rd)), SGN_ELIMIT); /* limit + 1 */
	sgn_dsset_release(&s);
}

/* A child whose CDS RRset makes more than SGN_DSSET_MAX DS records: a refusal with a
 * finding, not an error of the check. */
static void dscheck_cds_beyond_the_ds_set_limit_is_refused(void **state)
{
	(void)state;
	char dir[64], zone[65536];
	uint8_t name[SGN_NAME_MAX], ds[SGN_DS_RDATA_MAX];
	size_t dslen;
	sgn_buf_t text;
	sgn_keylist_t keys;
	sgn_diag_t diag;
	th_tmpdir_new(dir);
	sgn_key_t *ksk = th_key_generate("big.test.", 13, SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP);
	sgn_rdata_t rd = sgn_key_get_rdata(ksk);
	sgn_buf_init(&text);
	assert_int_equal(sgn_ds_from_dnskey(ds, &dslen, th_name(name, "big.test."), rd.data, rd.len,
	                                    SGN_DIGEST_SHA256),
	                 SGN_OK);
	assert_int_equal(sgn_rdata_to_str(&text, SGN_TYPE_DS, ds, dslen), SGN_OK);
	int n = snprintf(zone, sizeof(zone),
	                 "big.test. 3600 SOA ns.big.test. h.big.test. 1 3600 600 86400 300\n"
	                 "big.test. 3600 NS ns.big.test.\nns.big.test. 3600 A 192.0.2.1\n"
	                 "big.test. 3600 CDS %.*s\n",
	                 (int)text.len, (const char *)text.data);
	for (int i = 0; i < SGN_DSSET_MAX; i++) { /* and 64 more: 65 in all */
		n += snprintf(zone + n, sizeof(zone) - (size_t)n,
		              "big.test. 3600 CDS %d 13 2 %064X\n", 1000 + i, i + 1);
	}
	th_write_file(th_join(dir, "big.test.unsigned"), zone);
	sgn_zone_t *z = NULL;
	sgn_zone_opts_t zo;
	sgn_zone_opts_init(&zo);
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zone_load(&z, th_join(dir, "big.test.unsigned"), &zo, &diag), SGN_OK);
	sgn_keylist_init(&keys);
	assert_int_equal(sgn_keylist_add_take(&keys, ksk), SGN_OK);
	sgn_sign_policy_t pol;
	sgn_sign_policy_init(&pol, TH_NOW);
	FILE *out = fopen(th_join(dir, "big.test.zone"), "w");
	assert_non_null(out);
	assert_int_equal(sgn_zone_sign_write(&z, out, NULL, &keys, &pol, &diag), SGN_OK);
	assert_int_equal(fclose(out), 0);
	sgn_dsc_input_t in;
	sgn_dsc_opts_t o;
	sgn_dsc_result_t *r = NULL;
	assert_int_equal(sgn_dsc_input_init(&in, name), SGN_OK);
	assert_int_equal(sgn_dsc_input_add_zone(&in, th_join(dir, "big.test.zone"), &diag), SGN_OK);
	assert_int_equal(sgn_dsset_add(&in.current, ds, dslen), SGN_OK);
	sgn_dsc_opts_init(&o, TH_NOW + 3600);
	o.mode = SGN_DSC_FROM_CDS;
	assert_int_equal(sgn_dsc_check(&r, &in, &o), SGN_OK);
	assert_int_equal(r->verdict, SGN_DSC_REFUSE);
	assert_int_equal(sgn_findings_code_count(&r->findings, SGN_FIND_DSC_SET_TOO_LARGE), 1);
	sgn_dsc_result_free(r);
	sgn_dsc_input_release(&in);
	sgn_keylist_release(&keys);
	sgn_buf_release(&text);
	th_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dscheck_good_ds_is_accepted),
		cmocka_unit_test(dscheck_same_ds_is_no_change),
		cmocka_unit_test(dscheck_wrong_digest_is_refused_with_finding),
		cmocka_unit_test(dscheck_sha1_and_short_digest_are_refused),
		cmocka_unit_test(dscheck_empty_proposal_deletes),
		cmocka_unit_test(dscheck_cds_mode_without_cds_is_no_change),
		cmocka_unit_test(dscheck_no_views_is_refused),
		cmocka_unit_test(dscheck_dsset_limit_and_dedup),
		cmocka_unit_test(dscheck_cds_beyond_the_ds_set_limit_is_refused),
	};
	return cmocka_run_group_tests_name("dscheck", tests, NULL, NULL);
}
