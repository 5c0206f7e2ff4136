/* SPDX-License-Identifier: MIT */
/* Unit tests for making signatures: sgn_rrset_sign (sign.h) fills the RRSIG fields as RFC 4035
 * §2.2 says, wildcards, refusals, revoked self-signatures, signatures across the 2106 wrap,
 * and sgn_rrset_signing_data (rrset.h) against RFC 4034 §3.1.8.1 built by hand. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <libsign/key.h>
#include <libsign/rrset.h>
#include <libsign/sign.h>
#include <libsign/validate.h>

#include "helpers.h"

static int setup(void **state)
{
	(void)state;
	return sgn_init() == SGN_OK ? 0 : -1;
}

/* -- signing -- */

static void rrset_sign_writes_the_rfc4035_fields(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX];
	sgn_key_t *key = NULL;
	th_rrset_t set;
	sgn_buf_t sig;
	sgn_rrsig_view_t v;
	sgn_sig_window_t w = { .inception = 1000, .expiration = 2000 };
	assert_int_equal(
	    sgn_key_generate(&key, th_name(owner, "EXAMPLE.com."), 13, 0, SGN_DNSKEY_ZONE), SGN_OK);
	th_rrset_from_text(&set, "www.Example.com.", SGN_TYPE_A, 7200, "192.0.2.2", "192.0.2.1",
	                   NULL);
	sgn_buf_init(&sig);
	assert_int_equal(sgn_buf_append(&sig, "xx", 2), SGN_OK); /* appended, not reset */
	assert_int_equal(sgn_rrset_sign(&sig, &set.set, key, &w, NULL), SGN_OK);
	assert_memory_equal(sig.data, "xx", 2);
	assert_int_equal(sgn_rrsig_parse(&v, sig.data + 2, sig.len - 2), SGN_OK);
	assert_int_equal(v.type_covered, SGN_TYPE_A);
	assert_int_equal(v.algorithm, 13);
	assert_int_equal(v.labels, 3);
	assert_int_equal(v.original_ttl, 7200);
	assert_int_equal(v.inception, 1000);
	assert_int_equal(v.expiration, 2000);
	assert_int_equal(v.key_tag, sgn_key_get_tag(key));
	assert_memory_equal(v.signer, "\7example\3com", 13); /* the key owner, lower case */
	assert_int_equal(v.signature_len, 64);
	th_expect_sig(th_sig_check(&set.set, sig.data + 2, sig.len - 2, key, 1500), SGN_SIG_VALID,
	              "fresh signature");
	sgn_buf_release(&sig);
	th_rrset_release(&set);
	sgn_key_free(key);
}

static void rrset_sign_wildcard_signature_covers_expansions(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX], expanded[SGN_NAME_MAX];
	sgn_key_t *key = NULL;
	th_rrset_t set;
	sgn_buf_t sig;
	sgn_rrsig_view_t v;
	sgn_sig_window_t w = { .inception = 1000, .expiration = 2000 };
	assert_int_equal(
	    sgn_key_generate(&key, th_name(owner, "example.com."), 15, 0, SGN_DNSKEY_ZONE), SGN_OK);
	th_rrset_from_text(&set, "*.example.com.", SGN_TYPE_TXT, 60, "\"wild\"", NULL);
	sgn_buf_init(&sig);
	assert_int_equal(sgn_rrset_sign(&sig, &set.set, key, &w, NULL), SGN_OK);
	assert_int_equal(sgn_rrsig_parse(&v, sig.data, sig.len), SGN_OK);
	assert_int_equal(v.labels, 2); /* the "*" label is not counted */
	th_expect_sig(th_sig_check(&set.set, sig.data, sig.len, key, 1500), SGN_SIG_VALID,
	              "wildcard");
	/* the same RRSIG validates the RRset synthesised for a.b.example.com. */
	set.set.owner = th_name(expanded, "a.b.example.com.");
	th_expect_sig(th_sig_check(&set.set, sig.data, sig.len, key, 1500), SGN_SIG_VALID,
	              "expansion");
	/* but not an RRset at the non-wildcard name example.com. itself */
	set.set.owner = th_name(expanded, "example.com.");
	th_expect_sig(th_sig_check(&set.set, sig.data, sig.len, key, 1500), SGN_SIG_BAD, "apex");
	sgn_buf_release(&sig);
	th_rrset_release(&set);
	sgn_key_free(key);
}

static void rrset_sign_refuses_what_it_may_not_sign(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX];
	sgn_key_t *key = NULL, *pub = NULL;
	th_rrset_t set;
	sgn_buf_t sig;
	sgn_sig_window_t w = { .inception = 1, .expiration = 2 };
	assert_int_equal(
	    sgn_key_generate(&key, th_name(owner, "example.com."), 13, 0, SGN_DNSKEY_ZONE), SGN_OK);
	sgn_buf_init(&sig);
	th_rrset_from_text(&set, "www.example.org.", SGN_TYPE_A, 60, "192.0.2.1", NULL);
	assert_int_equal(sgn_rrset_sign(&sig, &set.set, key, &w, NULL), SGN_EINVAL);
	th_rrset_release(&set);
	th_rrset_from_text(&set, "www.example.com.", SGN_TYPE_RRSIG, 60,
	                   "A 13 3 60 20300101000000 20000101000000 1 example.com. AQID", NULL);
	assert_int_equal(sgn_rrset_sign(&sig, &set.set, key, &w, NULL), SGN_EINVAL);
	th_rrset_release(&set);
	th_rrset_from_text(&set, "www.example.com.", SGN_TYPE_A, 60, "192.0.2.1", NULL);
	sgn_rdata_t rd = sgn_key_get_rdata(key);
	assert_int_equal(sgn_key_from_dnskey(&pub, owner, rd.data, rd.len), SGN_OK);
	assert_int_equal(sgn_rrset_sign(&sig, &set.set, pub, &w, NULL), SGN_EKEY);
	assert_int_equal(sig.len, 0); /* nothing appended on failure */
	sgn_buf_release(&sig);
	th_rrset_release(&set);
	sgn_key_free(pub);
	sgn_key_free(key);
}

/* -- signing data -- */

static void signing_data_is_rrsig_prefix_then_canonical_rrs(void **state)
{
	(void)state;
	th_rrset_t set;
	uint8_t prefix[64] = { 0 }, want[256];
	sgn_buf_t data;
	/* RRSIG A 13 3 3600 exp inc tag EXAMPLE.com. (signer in upper case on purpose) */
	size_t plen =
	    th_hex(prefix, sizeof(prefix),
	           "0001 0d 03 00000e10 00000002 00000001 1234 07 4558414d504c45 03 636f6d 00");
	th_rrset_from_text(&set, "WWW.example.com.", SGN_TYPE_A, 300, "192.0.2.2", "192.0.2.1",
	                   "192.0.2.2", NULL);
	assert_int_equal(set.set.count, 2);
	sgn_buf_init(&data);
	assert_int_equal(sgn_rrset_signing_data(&data, prefix, plen, &set.set), SGN_OK);
	/* RFC 4034 §3.1.8.1: the prefix with the signer lower-cased, then each RR in canonical
	 * order: owner (lower case) | type | class | original TTL | RDLENGTH | RDATA */
	size_t n =
	    th_hex(want, sizeof(want),
	           "0001 0d 03 00000e10 00000002 00000001 1234 07 6578616d706c65 03 636f6d 00"
	           "03 777777 07 6578616d706c65 03 636f6d 00 0001 0001 00000e10 0004 c0000201"
	           "03 777777 07 6578616d706c65 03 636f6d 00 0001 0001 00000e10 0004 c0000202");
	assert_int_equal(data.len, n);
	assert_memory_equal(data.data, want, n);
	/* appended, not reset */
	assert_int_equal(sgn_rrset_signing_data(&data, prefix, plen, &set.set), SGN_OK);
	assert_int_equal(data.len, 2 * n);
	sgn_buf_release(&data);
	th_rrset_release(&set);
}

static void signing_data_rebuilds_the_wildcard_owner(void **state)
{
	(void)state;
	th_rrset_t set;
	uint8_t prefix[64] = { 0 }, want[128];
	sgn_buf_t data;
	/* labels = 2 for an owner with 4 labels: "*.example.com." is what was signed */
	size_t plen =
	    th_hex(prefix, sizeof(prefix),
	           "0001 0d 02 0000003c 00000002 00000001 1234 07 6578616d706c65 03 636f6d 00");
	th_rrset_from_text(&set, "a.b.example.com.", SGN_TYPE_A, 60, "192.0.2.1", NULL);
	sgn_buf_init(&data);
	assert_int_equal(sgn_rrset_signing_data(&data, prefix, plen, &set.set), SGN_OK);
	size_t n = th_hex(want, sizeof(want),
	                  "01 2a 07 6578616d706c65 03 636f6d 00 0001 0001 0000003c 0004 c0000201");
	assert_int_equal(data.len, plen + n);
	assert_memory_equal(data.data + plen, want, n);
	/* labels larger than the owner's count, or a malformed prefix, are refused */
	prefix[3] = 5;
	data.len = 0;
	assert_int_equal(sgn_rrset_signing_data(&data, prefix, plen, &set.set), SGN_EPARSE);
	prefix[3] = 2;
	assert_int_equal(sgn_rrset_signing_data(&data, prefix, plen - 1, &set.set), SGN_EPARSE);
	assert_int_equal(sgn_rrset_signing_data(&data, prefix, plen + 1, &set.set), SGN_EPARSE);
	/* a malformed owner is refused before its labels are counted: 255 bytes of 63-byte
	 * labels and no root label (counting them would read past the buffer) */
	uint8_t *bad = malloc(SGN_NAME_MAX);
	assert_non_null(bad);
	memset(bad, SGN_LABEL_MAX, SGN_NAME_MAX);
	sgn_rrset_t broken = set.set;
	broken.owner = bad;
	assert_int_equal(sgn_rrset_signing_data(&data, prefix, plen, &broken), SGN_EPARSE);
	free(bad);
	sgn_buf_release(&data);
	th_rrset_release(&set);
}

static void rrsig_revoked_key_counts_only_when_allowed(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX];
	sgn_key_t *key = NULL;
	th_rrset_t set;
	sgn_buf_t sig;
	sgn_sig_window_t w = { .inception = (uint32_t)(TH_NOW - 3600),
		               .expiration = (uint32_t)(TH_NOW + 86400) };
	assert_int_equal(sgn_key_generate(&key, th_name(owner, "example."), 15, 0,
	                                  SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP | SGN_DNSKEY_REVOKE),
	                 SGN_OK);
	sgn_rdata_t rd = sgn_key_get_rdata(key);
	th_rrset_from_text(&set, "example.", SGN_TYPE_DNSKEY, 3600, "257 3 15 AQID", NULL);
	/* sign a DNSKEY RRset holding the revoked key itself (RFC 5011 §2.1) */
	set.rd[0] = rd;
	sgn_buf_init(&sig);
	assert_int_equal(sgn_rrset_sign(&sig, &set.set, key, &w, NULL), SGN_OK);
	sgn_sigcheck_opts_t opts = { .now = TH_NOW };
	sgn_sig_result_t res;
	assert_int_equal(sgn_rrsig_check(&res, &set.set, sig.data, sig.len, key, &opts, NULL),
	                 SGN_OK);
	th_expect_sig(res, SGN_SIG_KEY_REVOKED, "not allowed");
	opts.allow_revoked = true;
	assert_int_equal(sgn_rrsig_check(&res, &set.set, sig.data, sig.len, key, &opts, NULL),
	                 SGN_OK);
	th_expect_sig(res, SGN_SIG_VALID, "allowed");
	sgn_buf_release(&sig);
	th_rrset_release(&set);
	sgn_key_free(key);
}

static void rrsig_made_across_the_2106_wrap_validates(void **state)
{
	(void)state;
	const int64_t wrap = INT64_C(0x100000000);
	uint8_t owner[SGN_NAME_MAX];
	sgn_key_t *key = NULL;
	th_rrset_t set;
	sgn_buf_t sig;
	sgn_sig_window_t w = { .inception = (uint32_t)(wrap - 3600),
		               .expiration = (uint32_t)(wrap + 3600) };
	assert_int_equal(sgn_key_generate(&key, th_name(owner, "example."), 15, 0, SGN_DNSKEY_ZONE),
	                 SGN_OK);
	th_rrset_from_text(&set, "example.", SGN_TYPE_TXT, 60, "\"2106\"", NULL);
	sgn_buf_init(&sig);
	assert_int_equal(sgn_rrset_sign(&sig, &set.set, key, &w, NULL), SGN_OK);
	th_expect_sig(th_sig_check(&set.set, sig.data, sig.len, key, wrap), SGN_SIG_VALID,
	              "at 2^32");
	th_expect_sig(th_sig_check(&set.set, sig.data, sig.len, key, wrap + 3599), SGN_SIG_VALID,
	              "after the wrap");
	th_expect_sig(th_sig_check(&set.set, sig.data, sig.len, key, wrap + 3601), SGN_SIG_EXPIRED,
	              "expired after the wrap");
	th_expect_sig(th_sig_check(&set.set, sig.data, sig.len, key, wrap - 3601),
	              SGN_SIG_NOT_YET_VALID, "before");
	sgn_buf_release(&sig);
	th_rrset_release(&set);
	sgn_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rrset_sign_writes_the_rfc4035_fields),
		cmocka_unit_test(rrset_sign_wildcard_signature_covers_expansions),
		cmocka_unit_test(rrset_sign_refuses_what_it_may_not_sign),
		cmocka_unit_test(signing_data_is_rrsig_prefix_then_canonical_rrs),
		cmocka_unit_test(signing_data_rebuilds_the_wildcard_owner),
		cmocka_unit_test(rrsig_revoked_key_counts_only_when_allowed),
		cmocka_unit_test(rrsig_made_across_the_2106_wrap_validates),
	};
	return cmocka_run_group_tests_name("sign", tests, setup, NULL);
}
