/* SPDX-License-Identifier: MIT */
/* Unit tests for ds.h: DS creation against the RFC 4034, RFC 4509, RFC 6605 and RFC 8080
 * vectors and the root trust anchors, and DS matching (true, false, unsupported, malformed). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/key.h>

#include "helpers.h"

/* DS of the DNSKEY with @p tag at @p owner, compared byte for byte with the DS RR with the same
 * digest type found in @p ds_zone (which may be the same zone). */
static void expect_ds_in_zone(const th_zone_t *keys, const th_zone_t *dss, const char *owner,
                              uint16_t tag, uint8_t digest)
{
	uint8_t o[SGN_NAME_MAX], ds[SGN_DS_RDATA_MAX];
	size_t len = 0;
	th_name(o, owner);
	sgn_key_t *key = th_zone_key(keys, owner, tag);
	sgn_rdata_t dk = sgn_key_get_rdata(key);
	assert_int_equal(sgn_ds_from_dnskey(ds, &len, o, dk.data, dk.len, digest), SGN_OK);
	assert_int_equal(len, 4 + sgn_digest_size(digest));
	const th_rr_t *want = NULL;
	for (size_t i = 0; (want = th_zone_find(dss, owner, SGN_TYPE_DS, i)) != NULL; i++) {
		if (want->rdlen >= 4 && want->rdata[3] == digest &&
		    ((want->rdata[0] << 8) | want->rdata[1]) == tag) {
			break;
		}
	}
	if (want == NULL) {
		fail_msg("no DS %u digest %u at %s in the fixture", tag, digest, owner);
	}
	assert_int_equal(want->rdlen, len);
	if (memcmp(want->rdata, ds, len) != 0) {
		fail_msg("DS %u/%u for %s: computed %s, printed %s", tag, digest, owner,
		         th_to_hex(ds, len), th_to_hex(want->rdata, want->rdlen));
	}
	bool match = false;
	assert_int_equal(sgn_ds_match(&match, want->rdata, want->rdlen, o, dk.data, dk.len),
	                 SGN_OK);
	assert_true(match);
	sgn_key_free(key);
}

static void expect_ds_file(const char *rel, const char *owner, uint16_t tag, uint8_t digest)
{
	th_zone_t z;
	th_zone_load(&z, rel, NULL);
	expect_ds_in_zone(&z, &z, owner, tag, digest);
	th_zone_release(&z);
}

/* DS of a key from a fixture zone against a digest given in hex (derived vectors). */
static void expect_ds_hex(const char *rel, const char *origin, const char *owner, uint16_t tag,
                          uint8_t digest, const char *hex)
{
	th_zone_t z;
	uint8_t o[SGN_NAME_MAX], ds[SGN_DS_RDATA_MAX], want[64];
	size_t len = 0, n = th_hex(want, sizeof(want), hex);
	th_zone_load(&z, rel, origin);
	sgn_key_t *key = th_zone_key(&z, owner, tag);
	sgn_rdata_t dk = sgn_key_get_rdata(key);
	assert_int_equal(sgn_ds_from_dnskey(ds, &len, th_name(o, owner), dk.data, dk.len, digest),
	                 SGN_OK);
	assert_int_equal(len, 4 + n);
	assert_int_equal((ds[0] << 8) | ds[1], tag);
	assert_int_equal(ds[2], sgn_key_get_algorithm(key));
	assert_int_equal(ds[3], digest);
	assert_memory_equal(ds + 4, want, n);
	sgn_key_free(key);
	th_zone_release(&z);
}

/* -- RFC vectors -- */

static void ds_rfc4034_sha1_example_matches(void **state)
{
	(void)state;
	expect_ds_file("testzones/rfc4034-ds-example/dskey.example.com.zone", "dskey.example.com.",
	               60485, SGN_DIGEST_SHA1);
}

static void ds_rfc4509_sha256_example_matches(void **state)
{
	(void)state;
	expect_ds_file("testzones/rfc4509-ds-sha256-example/dskey.example.com.zone",
	               "dskey.example.com.", 60485, SGN_DIGEST_SHA256);
}

static void ds_rfc6605_p256_sha256_and_p384_sha384_match(void **state)
{
	(void)state;
	expect_ds_file("testzones/rfc6605-ecdsa-examples/p256.zone", "example.net.", 55648,
	               SGN_DIGEST_SHA256);
	expect_ds_file("testzones/rfc6605-ecdsa-examples/p384.zone", "example.net.", 10771,
	               SGN_DIGEST_SHA384);
}

static void ds_rfc8080_all_four_examples_match(void **state)
{
	(void)state;
	expect_ds_file("testzones/rfc8080-eddsa-examples/ed25519-ex1.published.zone",
	               "example.com.", 3613, SGN_DIGEST_SHA256);
	expect_ds_file("testzones/rfc8080-eddsa-examples/ed25519-ex2.published.zone",
	               "example.com.", 35217, SGN_DIGEST_SHA256);
	expect_ds_file("testzones/rfc8080-eddsa-examples/ed448-ex1.published.zone", "example.com.",
	               9713, SGN_DIGEST_SHA256);
	expect_ds_file("testzones/rfc8080-eddsa-examples/ed448-ex2.published.zone", "example.com.",
	               38353, SGN_DIGEST_SHA256);
}

static void ds_derived_digests_agree_with_bind_and_ldns(void **state)
{
	(void)state;
	/* Values listed as "derived, NOT in RFC" in the fixtures' expected.txt, computed there
	 * identically by ldns-key2ds, dnssec-dsfromkey and dnspython. */
	expect_ds_hex("testzones/rfc5702-rsasha2-examples/rsasha256.zone", NULL, "example.net.",
	              9033, 1, "e79237caf5c4218655d93e9743a5aa513efcf289");
	expect_ds_hex("testzones/rfc5702-rsasha2-examples/rsasha256.zone", NULL, "example.net.",
	              9033, 2, "4fb561367705cc70dac0e34755aa13ab400b4a435ab5bdc3834bd04e13d4a086");
	expect_ds_hex("testzones/rfc5702-rsasha2-examples/rsasha512.zone", NULL, "example.net.",
	              3740, 2, "9b9a8a015015b22346297314a130f476521e209cee127fddf610498cd0d85d8d");
	expect_ds_hex("testzones/rfc6605-ecdsa-examples/p256.zone", NULL, "example.net.", 55648, 4,
	              "3be4b980b34443e569255f4a347d4c8e8e18de755fb8072d7b355c44c56b50a6"
	              "1e8050ae636041b9664a04f05aef2680");
	expect_ds_hex("testzones/rfc8080-eddsa-examples/ed25519-ex1.resigned.zone", NULL,
	              "example.com.", 3613, 4,
	              "89389da437fca8372e67359dfc0dd4428fa2615df6e31bc5501677dd068514fe"
	              "a5c4efaf82188530a8a1645d9d3ef884");
	expect_ds_hex("testzones/rfc8080-eddsa-examples/ed448-ex2.resigned.zone", NULL,
	              "example.com.", 38353, 1, "ad77f949f4f4cc275ca57ba687769fbe4d7e5919");
	expect_ds_hex("testzones/rfc5155-nsec3-example-zone/example.zone", "example.", "example.",
	              12708, 2, "E91B0008A43024435DE9C7F2C0DD88D29270368D8BD8EB1EE7D41B67139A988D");
	expect_ds_hex("testzones/rfc4035-signed-zone-example/example.zone", "example.", "example.",
	              9465, 1, "5AC2043EA052D2D854649046FF37793EED159399");
}

/* -- the root trust anchors -- */

static void ds_root_key_matches_root_ds(void **state)
{
	(void)state;
	th_zone_t keys, dss;
	th_zone_load(&keys, "keys/root-anchors/root.key", NULL);
	th_zone_load(&dss, "keys/root-anchors/root.ds", NULL);
	expect_ds_in_zone(&keys, &dss, ".", 20326, SGN_DIGEST_SHA256);
	expect_ds_in_zone(&keys, &dss, ".", 38696, SGN_DIGEST_SHA256);
	th_zone_release(&keys);
	th_zone_release(&dss);
}

static void ds_root_zone_ksks_match_their_anchors(void **state)
{
	(void)state;
	th_zone_t z2023, z2017, rootds, ksk2010;
	th_zone_load(&z2023, "testzones/root-zone-2023051100/root.zone", NULL);
	th_zone_load(&z2017, "testzones/root-zone-2017082100/root.zone", NULL);
	th_zone_load(&rootds, "keys/root-anchors/root.ds", NULL);
	th_zone_load(&ksk2010, "keys/root-anchors/ksk2010.ds", NULL);
	expect_ds_in_zone(&z2023, &rootds, ".", 20326, SGN_DIGEST_SHA256);
	/* KSK-2010's DNSKEY is only in the 2017 zone; its DS only in root-anchors.xml */
	expect_ds_in_zone(&z2017, &ksk2010, ".", 19036, SGN_DIGEST_SHA256);
	expect_ds_in_zone(&z2017, &rootds, ".", 20326, SGN_DIGEST_SHA256);
	th_zone_release(&z2023);
	th_zone_release(&z2017);
	th_zone_release(&rootds);
	th_zone_release(&ksk2010);
}

/* -- matching -- */

typedef struct fixture {
	th_zone_t z;
	uint8_t owner[SGN_NAME_MAX];
	const th_rr_t *dnskey, *ds;
} fixture_t;

static int ds_setup(void **state)
{
	static fixture_t f;
	th_zone_load(&f.z, "testzones/rfc4509-ds-sha256-example/dskey.example.com.zone", NULL);
	th_name(f.owner, "dskey.example.com.");
	f.dnskey = th_zone_find(&f.z, "dskey.example.com.", SGN_TYPE_DNSKEY, 0);
	f.ds = th_zone_find(&f.z, "dskey.example.com.", SGN_TYPE_DS, 0);
	*state = &f;
	return f.dnskey != NULL && f.ds != NULL ? 0 : -1;
}

static int ds_teardown(void **state)
{
	fixture_t *f = *state;
	th_zone_release(&f->z);
	return 0;
}

static bool match(const fixture_t *f, const uint8_t *ds, size_t len, sgn_err_t want_err)
{
	bool m = true;
	assert_int_equal(sgn_ds_match(&m, ds, len, f->owner, f->dnskey->rdata, f->dnskey->rdlen),
	                 want_err);
	return m;
}

static void ds_match_is_true_for_the_right_key_in_any_owner_case(void **state)
{
	fixture_t *f = *state;
	bool m = false;
	uint8_t upper[SGN_NAME_MAX];
	assert_true(match(f, f->ds->rdata, f->ds->rdlen, SGN_OK));
	th_name(upper, "DSKEY.Example.COM.");
	assert_int_equal(
	    sgn_ds_match(&m, f->ds->rdata, f->ds->rdlen, upper, f->dnskey->rdata, f->dnskey->rdlen),
	    SGN_OK);
	assert_true(m);
}

static void ds_match_is_false_for_any_changed_field(void **state)
{
	fixture_t *f = *state;
	uint8_t ds[SGN_DS_RDATA_MAX];
	size_t len = f->ds->rdlen;
	/* every single flipped bit in the digest */
	for (size_t i = 4; i < len; i++) {
		memcpy(ds, f->ds->rdata, len);
		ds[i] ^= 0x10;
		assert_false(match(f, ds, len, SGN_OK));
	}
	memcpy(ds, f->ds->rdata, len);
	ds[1] ^= 1; /* key tag */
	assert_false(match(f, ds, len, SGN_OK));
	memcpy(ds, f->ds->rdata, len);
	ds[2] = 8; /* algorithm */
	assert_false(match(f, ds, len, SGN_OK));
	memcpy(ds, f->ds->rdata, len);
	assert_false(match(f, ds, len - 1, SGN_OK)); /* digest one byte short */
	ds[3] = SGN_DIGEST_SHA1; /* a SHA-256 digest labelled SHA-1: wrong length */
	assert_false(match(f, ds, len, SGN_OK));
	/* the right DS with another owner name */
	uint8_t other[SGN_NAME_MAX];
	bool m = true;
	assert_int_equal(sgn_ds_match(&m, f->ds->rdata, len,
	                              th_name(other, "dskey.example.net."), f->dnskey->rdata,
	                                      f->dnskey->rdlen),
	                 SGN_OK);
	assert_false(m);
}

static void ds_match_reports_unsupported_digest_types(void **state)
{
	fixture_t *f = *state;
	uint8_t ds[SGN_DS_RDATA_MAX];
	memcpy(ds, f->ds->rdata, f->ds->rdlen);
	static const uint8_t types[] = { 0, 3, 5, 200 };
	for (size_t i = 0; i < sizeof(types); i++) {
		ds[3] = types[i];
		assert_false(match(f, ds, f->ds->rdlen, SGN_EUNSUPPORTED));
	}
}

static void ds_match_rejects_malformed_rdata(void **state)
{
	fixture_t *f = *state;
	bool m = true;
	assert_false(match(f, f->ds->rdata, 3, SGN_EPARSE));
	assert_int_equal(
	    sgn_ds_match(&m, f->ds->rdata, f->ds->rdlen, f->owner, f->dnskey->rdata, 3),
	    SGN_EPARSE);
	assert_false(m);
}

static void ds_from_dnskey_refuses_bad_input(void **state)
{
	fixture_t *f = *state;
	uint8_t ds[SGN_DS_RDATA_MAX];
	size_t len = 0;
	const uint8_t bad_owner[] = { 0xc0, 0x0c };
	assert_int_equal(sgn_ds_from_dnskey(ds, &len, f->owner, f->dnskey->rdata, f->dnskey->rdlen,
	                                    SGN_DIGEST_GOST),
	                 SGN_EUNSUPPORTED);
	assert_int_equal(
	    sgn_ds_from_dnskey(ds, &len, f->owner, f->dnskey->rdata, f->dnskey->rdlen, 0),
	    SGN_EUNSUPPORTED);
	assert_int_equal(sgn_ds_from_dnskey(ds, &len, f->owner, f->dnskey->rdata, 3, 2),
	                 SGN_EPARSE);
	assert_int_equal(
	    sgn_ds_from_dnskey(ds, &len, bad_owner, f->dnskey->rdata, f->dnskey->rdlen, 2),
	    SGN_EPARSE);
	/* SHA-384 fills the largest DS exactly */
	assert_int_equal(sgn_ds_from_dnskey(ds, &len, f->owner, f->dnskey->rdata, f->dnskey->rdlen,
	                                    SGN_DIGEST_SHA384),
	                 SGN_OK);
	assert_int_equal(len, SGN_DS_RDATA_MAX);
}

/* The one rule for which keys get a DS (RFC 4034 §5, RFC 5011 §2.1, RFC 7344 §4.1). */
static void ds_pick_key_takes_unrevoked_sep_zone_keys(void **state)
{
	(void)state;
	static const struct {
		uint16_t flags;
		bool any;
		sgn_ds_pick_t want;
	} cases[] = {
		{ SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP, false, SGN_DS_PICKED },
		{ SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP, true, SGN_DS_PICKED },
		{ SGN_DNSKEY_ZONE, false, SGN_DS_NOT_SEP },
		{ SGN_DNSKEY_ZONE, true, SGN_DS_PICKED },
		{ SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP | SGN_DNSKEY_REVOKE, false, SGN_DS_REVOKED },
		{ SGN_DNSKEY_ZONE | SGN_DNSKEY_REVOKE, true, SGN_DS_REVOKED },
		{ SGN_DNSKEY_SEP, true, SGN_DS_NOT_ZONE_KEY },
		{ 0, true, SGN_DS_NOT_ZONE_KEY },
	};
	sgn_key_t *key = th_key_generate("example.", SGN_ALG_ED25519, SGN_DNSKEY_ZONE);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(sgn_key_set_flags(key, cases[i].flags), SGN_OK);
		assert_int_equal(sgn_ds_pick_key(key, cases[i].any), cases[i].want);
	}
	sgn_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(ds_pick_key_takes_unrevoked_sep_zone_keys),
		cmocka_unit_test(ds_rfc4034_sha1_example_matches),
		cmocka_unit_test(ds_rfc4509_sha256_example_matches),
		cmocka_unit_test(ds_rfc6605_p256_sha256_and_p384_sha384_match),
		cmocka_unit_test(ds_rfc8080_all_four_examples_match),
		cmocka_unit_test(ds_derived_digests_agree_with_bind_and_ldns),
		cmocka_unit_test(ds_root_key_matches_root_ds),
		cmocka_unit_test(ds_root_zone_ksks_match_their_anchors),
		cmocka_unit_test_setup_teardown(
		    ds_match_is_true_for_the_right_key_in_any_owner_case, ds_setup, ds_teardown),
		cmocka_unit_test_setup_teardown(ds_match_is_false_for_any_changed_field, ds_setup,
		                                ds_teardown),
		cmocka_unit_test_setup_teardown(ds_match_reports_unsupported_digest_types, ds_setup,
		                                ds_teardown),
		cmocka_unit_test_setup_teardown(ds_match_rejects_malformed_rdata, ds_setup,
		                                ds_teardown),
		cmocka_unit_test_setup_teardown(ds_from_dnskey_refuses_bad_input, ds_setup,
		                                ds_teardown),
	};
	return cmocka_run_group_tests_name("ds", tests, NULL, NULL);
}
