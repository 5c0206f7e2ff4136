/* SPDX-License-Identifier: MIT */
/* Unit tests for key tags (RFC 4034 Appendix B): the RFC 4034 example, the tag printed with
 * every test vector, the RSAMD5 special case, the REVOKE bit, and long keys against the RFC's
 * reference code. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include <libsign/key.h>

#include "helpers.h"

/* RFC 4034 Appendix B, the reference function, transcribed (the algorithm-1 case aside). */
static unsigned rfc4034_keytag(const unsigned char key[], unsigned int keysize)
{
	unsigned long ac;
	unsigned int i;
	for (ac = 0, i = 0; i < keysize; ++i) {
		ac += (i & 1) ? key[i] : (unsigned long)key[i] << 8;
	}
	ac += (ac >> 16) & 0xFFFF;
	return ac & 0xFFFF;
}

/* The tags of every DNSKEY at @p owner in a zone fixture, compared with @p want (any order). */
static void expect_zone_tags(const char *rel, const char *origin, const char *owner,
                             const uint16_t *want, size_t n)
{
	th_zone_t z;
	bool seen[8] = { false };
	assert_true(n <= 8);
	th_zone_load(&z, rel, origin);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_DNSKEY), n);
	for (size_t i = 0; i < n; i++) {
		const th_rr_t *r = th_zone_find(&z, owner, SGN_TYPE_DNSKEY, i);
		assert_non_null(r);
		uint16_t tag = sgn_keytag(r->rdata, r->rdlen);
		bool found = false;
		for (size_t k = 0; k < n && !found; k++) {
			if (tag == want[k] && !seen[k]) {
				seen[k] = found = true;
			}
		}
		if (!found) {
			fail_msg("%s: DNSKEY #%zu has tag %u, not one of the printed tags", rel, i,
			         tag);
		}
		assert_int_equal(tag, rfc4034_keytag(r->rdata, r->rdlen));
	}
	th_zone_release(&z);
}

static void keytag_rfc4034_example_matches(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load(&z, "testzones/rfc4034-ds-example/dskey.example.com.zone", NULL);
	const th_rr_t *k = th_zone_find(&z, "dskey.example.com.", SGN_TYPE_DNSKEY, 0);
	assert_non_null(k);
	assert_int_equal(sgn_keytag(k->rdata, k->rdlen), 60485);
	/* and the DS printed next to it carries the same tag */
	const th_rr_t *ds = th_zone_find(&z, "dskey.example.com.", SGN_TYPE_DS, 0);
	assert_non_null(ds);
	assert_int_equal((ds->rdata[0] << 8) | ds->rdata[1], 60485);
	th_zone_release(&z);
}

static void keytag_rfc5702_rfc6605_rfc8080_vectors_match(void **state)
{
	(void)state;
	static const uint16_t rsa256[] = { 9033 }, rsa512[] = { 3740 }, p256[] = { 55648 },
	                      p384[] = { 10771 }, ed1[] = { 3613 }, ed2[] = { 35217 },
	                      ed448a[] = { 9713 }, ed448b[] = { 38353 };
	expect_zone_tags("testzones/rfc5702-rsasha2-examples/rsasha256.zone", NULL, "example.net.",
	                 rsa256, 1);
	expect_zone_tags("testzones/rfc5702-rsasha2-examples/rsasha512.zone", NULL, "example.net.",
	                 rsa512, 1);
	expect_zone_tags("testzones/rfc6605-ecdsa-examples/p256.zone", NULL, "example.net.", p256,
	                 1);
	expect_zone_tags("testzones/rfc6605-ecdsa-examples/p384.zone", NULL, "example.net.", p384,
	                 1);
	expect_zone_tags("testzones/rfc8080-eddsa-examples/ed25519-ex1.resigned.zone", NULL,
	                 "example.com.", ed1, 1);
	expect_zone_tags("testzones/rfc8080-eddsa-examples/ed25519-ex2.resigned.zone", NULL,
	                 "example.com.", ed2, 1);
	expect_zone_tags("testzones/rfc8080-eddsa-examples/ed448-ex1.resigned.zone", NULL,
	                 "example.com.", ed448a, 1);
	expect_zone_tags("testzones/rfc8080-eddsa-examples/ed448-ex2.resigned.zone", NULL,
	                 "example.com.", ed448b, 1);
}

static void keytag_rfc4035_and_rfc5155_zone_keys_match(void **state)
{
	(void)state;
	static const uint16_t rfc4035[] = { 38519, 9465 }, rfc5155[] = { 40430, 12708 };
	expect_zone_tags("testzones/rfc4035-signed-zone-example/example.zone", "example.",
	                 "example.", rfc4035, 2);
	expect_zone_tags("testzones/rfc5155-nsec3-example-zone/example.zone", "example.",
	                 "example.", rfc5155, 2);
}

static void keytag_root_anchors_and_root_zone_keys_match(void **state)
{
	(void)state;
	static const uint16_t anchors[] = { 20326, 38696 }, root2023[] = { 60955, 20326 },
	                      root2017[] = { 15768, 19036, 20326 };
	expect_zone_tags("keys/root-anchors/root.key", NULL, ".", anchors, 2);
	expect_zone_tags("testzones/root-zone-2023051100/root.zone", NULL, ".", root2023, 2);
	expect_zone_tags("testzones/root-zone-2017082100/root.zone", NULL, ".", root2017, 3);
}

static void keytag_key_file_names_agree_with_the_keys(void **state)
{
	(void)state;
	static const char *const peers[] = {
		"testzones/peer-suites/bind-dst/Ktest.+008+11349",
		"testzones/peer-suites/bind-dst/Ktest.+013+49130",
	};
	const char *files[TH_RFC_KEYS + 2];
	memcpy(files, th_rfc_keys, sizeof(th_rfc_keys));
	memcpy(files + TH_RFC_KEYS, peers, sizeof(peers));
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		sgn_key_t *key = NULL;
		sgn_diag_t diag;
		char base[64];
		sgn_diag_init(&diag);
		if (sgn_key_read_bind(&key, th_path(files[i]), false, &diag) != SGN_OK) {
			fail_msg("%s:%lu: %s", diag.file, diag.line, diag.msg);
		}
		const char *name = strrchr(files[i], '/') + 1;
		unsigned tag = (unsigned)atoi(strrchr(name, '+') + 1);
		assert_int_equal(sgn_key_get_tag(key), tag);
		assert_int_equal(sgn_key_bind_basename(key, base, sizeof(base)), SGN_OK);
		assert_string_equal(base, name);
		sgn_key_free(key);
	}
}

static void keytag_of_rsamd5_is_taken_from_the_modulus(void **state)
{
	(void)state;
	/* RFC 4034 B.1: the most significant 16 of the least significant 24 bits of the modulus */
	const uint8_t rdata[] = { 1, 0, 3, 1, 1, 3, 0xde, 0xad, 0xbe, 0xef, 0x12, 0x34, 0x56 };
	assert_int_equal(sgn_keytag(rdata, sizeof(rdata)), 0x1234);
	assert_int_not_equal(sgn_keytag(rdata, sizeof(rdata)),
	                     rfc4034_keytag(rdata, sizeof(rdata)));
}

static void keytag_of_short_rdata_is_zero(void **state)
{
	(void)state;
	const uint8_t rdata[] = { 1, 1, 3 };
	assert_int_equal(sgn_keytag(rdata, 3), 0);
	assert_int_equal(sgn_keytag(rdata, 0), 0);
}

static void keytag_matches_the_reference_code_for_long_keys(void **state)
{
	(void)state;
	uint8_t *rdata = malloc(4 + 8192);
	assert_non_null(rdata);
	for (size_t len = 4; len <= 4 + 8192; len += 97) {
		th_fill(rdata, len, (uint32_t)len);
		rdata[3] = 8;
		assert_int_equal(sgn_keytag(rdata, len), rfc4034_keytag(rdata, (unsigned)len));
	}
	/* all 0xff: the largest sums, where a carry could be lost */
	memset(rdata, 0xff, 4 + 8192);
	rdata[3] = 8;
	assert_int_equal(sgn_keytag(rdata, 4 + 8192), rfc4034_keytag(rdata, 4 + 8192));
	free(rdata);
}

static void keytag_changes_with_the_revoke_bit(void **state)
{
	(void)state;
	th_zone_t z;
	sgn_key_t *key;
	th_zone_load(&z, "keys/root-anchors/root.key", NULL);
	key = th_zone_key(&z, ".", 20326);
	assert_int_equal(sgn_key_set_flags(key, 257 | SGN_DNSKEY_REVOKE), SGN_OK);
	sgn_rdata_t rd = sgn_key_get_rdata(key);
	assert_int_equal(rd.data[1], (257 | SGN_DNSKEY_REVOKE) & 0xff);
	/* the tag follows the new flags: 20326 + 128, no carry here */
	assert_int_equal(sgn_key_get_tag(key), 20454);
	assert_int_equal(sgn_key_get_tag(key), sgn_keytag(rd.data, rd.len));
	assert_true(sgn_key_matches_rdata(key, z.rrs[0].rdata, z.rrs[0].rdlen, false) ||
	            sgn_key_matches_rdata(key, z.rrs[1].rdata, z.rrs[1].rdlen, false));
	assert_int_equal(sgn_key_set_flags(key, 257), SGN_OK);
	assert_int_equal(sgn_key_get_tag(key), 20326);
	sgn_key_free(key);
	th_zone_release(&z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keytag_rfc4034_example_matches),
		cmocka_unit_test(keytag_rfc5702_rfc6605_rfc8080_vectors_match),
		cmocka_unit_test(keytag_rfc4035_and_rfc5155_zone_keys_match),
		cmocka_unit_test(keytag_root_anchors_and_root_zone_keys_match),
		cmocka_unit_test(keytag_key_file_names_agree_with_the_keys),
		cmocka_unit_test(keytag_of_rsamd5_is_taken_from_the_modulus),
		cmocka_unit_test(keytag_of_short_rdata_is_zero),
		cmocka_unit_test(keytag_matches_the_reference_code_for_long_keys),
		cmocka_unit_test(keytag_changes_with_the_revoke_bit),
	};
	return cmocka_run_group_tests_name("keytag", tests, NULL, NULL);
}
