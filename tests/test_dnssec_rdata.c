/* SPDX-License-Identifier: MIT */
/* Unit tests for DS and DNSKEY RDATA checked against the algorithm table (alg.h): digest
 * lengths per digest type and public key sizes per algorithm, at the size and one off;
 * the zone loader refusing such records (what `sigil sign` reads) unless lenient; the
 * verifier's findings; DS matching; and a chain whose only DS has a short digest. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/chain.h>
#include <libsign/ds.h>
#include <libsign/key.h>
#include <libsign/sign.h>
#include <libsign/text.h>
#include <libsign/validate.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#include "alg/alg.h"
#include "helpers.h"

#define SIGN_AT "20260101000000"
#define CHECK_AT "20260102000000"

/* RDATA from presentation text. */
static size_t rdata(uint16_t type, const char *text, uint8_t *out, size_t cap)
{
	sgn_buf_t b;
	sgn_diag_t d;
	sgn_buf_init(&b);
	sgn_diag_init(&d);
	if (sgn_rdata_from_str(&b, type, text, NULL, &d) != SGN_OK) {
		fail_msg("'%s': %s", text, d.msg);
	}
	assert_true(b.len <= cap);
	memcpy(out, b.data, b.len);
	size_t n = b.len;
	sgn_buf_release(&b);
	return n;
}

/* DS RDATA of digest type @p digest with @p n digest bytes. */
static size_t ds_of(uint8_t digest, size_t n, uint8_t *out)
{
	out[0] = 0x30;
	out[1] = 0x39;
	out[2] = SGN_ALG_ECDSAP256SHA256;
	out[3] = digest;
	th_fill(out + 4, n, 7);
	return 4 + n;
}

/* -- the table -- */

static void alg_table_rows_with_a_backend_know_their_key_sizes(void **state)
{
	(void)state;
	for (size_t i = 0; sgn__alg_at(i) != NULL; i++) {
		const struct sgn__alg_row *row = sgn__alg_at(i);
		if (row->be == NULL) {
			continue;
		}
		assert_true(row->pub_min > 0);
		assert_true(row->pub_min <= row->pub_max);
		if (row->params.key_size != 0) { /* ECDSA, EdDSA: exactly the raw key */
			assert_int_equal(row->pub_min, row->params.key_size);
			assert_int_equal(row->pub_max, row->params.key_size);
		}
	}
}

static void ds_digest_length_fits_each_digest_type_exactly(void **state)
{
	(void)state;
	static const struct {
		uint8_t digest;
		size_t size;
	} sizes[] = { { SGN_DIGEST_SHA1, 20 }, { SGN_DIGEST_SHA256, 32 }, { SGN_DIGEST_GOST, 32 },
	              { SGN_DIGEST_SHA384, 48 } };
	uint8_t ds[4 + 64];
	char why[128];
	for (size_t i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		size_t n = sizes[i].size;
		assert_int_equal(sgn_alg_check_ds(why, sizeof(why), ds, ds_of(sizes[i].digest, n,
		                 ds)),
		                 SGN_OK);
		assert_int_equal(sgn_alg_check_ds(why, sizeof(why), ds,
		                                  ds_of(sizes[i].digest, n - 1, ds)), SGN_EPARSE);
		assert_int_equal(sgn_alg_check_ds(NULL, 0, ds, ds_of(sizes[i].digest, n + 1, ds)),
		                 SGN_EPARSE);
	}
	assert_int_equal(sgn_alg_check_ds(why, sizeof(why), ds, ds_of(SGN_DIGEST_SHA256, 1, ds)),
	                 SGN_EPARSE);
	assert_string_equal(why, "SHA-256 digest of 1 byte, not 32");
	assert_int_equal(sgn_alg_check_ds(why, sizeof(why), ds, ds_of(SGN_DIGEST_SHA256, 2, ds)),
	                 SGN_EPARSE);
	assert_int_equal(sgn_alg_check_ds(why, sizeof(why), ds, ds_of(SGN_DIGEST_SHA1, 32, ds)),
	                 SGN_EPARSE);
	assert_string_equal(why, "SHA-1 digest of 32 bytes, not 20");
	/* unknown digest types and the CDS delete record (RFC 8078 §4) are not judged */
	assert_int_equal(sgn_alg_check_ds(why, sizeof(why), ds, ds_of(9, 3, ds)), SGN_OK);
	static const uint8_t cds_delete[] = { 0, 0, 0, 0, 0 };
	assert_int_equal(sgn_alg_check_ds(why, sizeof(why), cds_delete, sizeof(cds_delete)),
	                 SGN_OK);
	assert_int_equal(sgn_alg_check_ds(why, sizeof(why), ds, 3), SGN_EPARSE);
}

static void dnskey_key_size_fits_each_algorithm(void **state)
{
	(void)state;
	uint8_t rd[1100];
	char why[128];
	/* RFC 6605 section 6.1: a real P-256 key */
	size_t n = rdata(SGN_TYPE_DNSKEY,
	                 "257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYb"
	                 "cB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
	                 rd, sizeof(rd));
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, n, true), SGN_OK);
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, n - 1, true), SGN_EPARSE);
	assert_string_equal(why, "ECDSAP256SHA256 public key of 63 bytes, not 64");
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, 4 + 3, true), SGN_EPARSE);
	assert_string_equal(why, "ECDSAP256SHA256 public key of 3 bytes, not 64");
	/* 64 bytes that are no point on P-256: malformed when loaded, of the right size */
	memset(rd + 4, 0xff, 64);
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, n, true), SGN_EPARSE);
	assert_string_equal(why, "ECDSAP256SHA256 public key that does not decode");
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, n, false), SGN_OK);
	/* Ed25519 32 bytes, Ed448 57 */
	rd[3] = SGN_ALG_ED25519;
	th_fill(rd + 4, 32, 1);
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, 4 + 32, true), SGN_OK);
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, 4 + 31, true), SGN_EPARSE);
	rd[3] = SGN_ALG_ED448;
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, 4 + 56, true), SGN_EPARSE);
	/* algorithms without sizes (private, unknown) are not judged */
	rd[3] = SGN_ALG_PRIVATEDNS;
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, 4 + 3, true), SGN_OK);
	rd[3] = 200;
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, 4 + 3, true), SGN_OK);
}

static void dnskey_rsa_sizes_follow_rfc3110_and_rfc5702(void **state)
{
	(void)state;
	uint8_t rd[1100];
	char why[128];
	/* RFC 5702 section 6.1: a 512-bit RSASHA256 key */
	size_t n = rdata(SGN_TYPE_DNSKEY,
	                 "256 3 8 AwEAAcFcGsaxxdgiuuGmCkVImy4h99CqT7jwY3pexPGcnUFtR2Fh36Bp"
	                 "oncwtkZ4cAgtvd4Qs8PkxUdp6p/DlUmObdk=",
	                 rd, sizeof(rd));
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, n, true), SGN_OK);
	rd[3] = SGN_ALG_RSASHA512; /* RFC 5702 section 2.2: at least 1024 bits */
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, n, true), SGN_EPARSE);
	assert_string_equal(why, "RSASHA512 public key of 68 bytes, not 130 to 1027");
	rd[3] = SGN_ALG_RSASHA256;
	rd[4] = 0x60; /* an exponent longer than the key */
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, n, true), SGN_EPARSE);
	assert_string_equal(why, "RSASHA256 public key that does not decode");
	assert_int_equal(sgn_alg_check_dnskey(why, sizeof(why), rd, 4 + 3, true), SGN_EPARSE);
}

static void ds_with_a_wrong_digest_length_never_matches(void **state)
{
	(void)state;
	uint8_t key[128], ds[SGN_DS_RDATA_MAX], owner[SGN_NAME_MAX];
	size_t klen = rdata(SGN_TYPE_DNSKEY,
	                    "257 3 13 GojIhhXUN/u4v54ZQqGSnyhWJwaubCvTmeexv7bR6edbkrSqQpF64cYb"
	                    "cB7wNcP+e+MAnLr+Wi9xMWyQLc8NAA==",
	                    key, sizeof(key));
	size_t dlen;
	th_name(owner, "example.net.");
	assert_int_equal(sgn_ds_from_dnskey(ds, &dlen, owner, key, klen, SGN_DIGEST_SHA256), SGN_OK);
	bool match = false;
	assert_int_equal(sgn_ds_match(&match, ds, dlen, owner, key, klen), SGN_OK);
	assert_true(match);
	assert_int_equal(sgn_ds_match(&match, ds, 4 + 2, owner, key, klen), SGN_OK);
	assert_false(match);
	/* a GOST DS (not supported) of the wrong length does not match either: it is no
	 * digest libsign could not check, it is malformed */
	ds[3] = SGN_DIGEST_GOST;
	assert_int_equal(sgn_ds_match(&match, ds, 4 + 2, owner, key, klen), SGN_OK);
	assert_false(match);
	assert_int_equal(sgn_ds_match(&match, ds, 4 + 32, owner, key, klen), SGN_EUNSUPPORTED);
}

/* -- loading: refused for signing, kept for verify -- */

static const char apex_text[] = "$TTL 300\n"
                                "@ SOA ns hostmaster 1 7200 3600 1209600 300\n"
                                "@ NS ns\n"
                                "ns A 192.0.2.1\n"
                                "sub NS ns.sub\n"
                                "ns.sub A 192.0.2.2\n";

static sgn_err_t load(const char *dir, const char *extra, bool lenient, sgn_zone_t **zone,
                      sgn_diag_t *d)
{
	char text[2048];
	uint8_t apex[SGN_NAME_MAX];
	snprintf(text, sizeof(text), "%s%s\n", apex_text, extra);
	th_write_file(th_join(dir, "zone"), text);
	sgn_zone_opts_t opts;
	sgn_zone_opts_init(&opts);
	opts.origin = th_name(apex, "t.test.");
	opts.lenient_dnssec = lenient;
	sgn_diag_init(d);
	*zone = NULL;
	return sgn_zone_load(zone, th_join(dir, "zone"), &opts, d);
}

static void zone_load_refuses_malformed_ds_and_dnskey_unless_lenient(void **state)
{
	const char *dir = *state;
	static const char *const bad[] = {
		"sub DS 12345 13 2 ab",
		"sub DS 12345 13 2 abcd",
		"sub DS 12345 13 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
		"@ DNSKEY 257 3 13 AAEC",
		"@ CDS 12345 13 4 abcd",
		"@ CDNSKEY 257 3 15 AAEC",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sgn_zone_t *z;
		sgn_diag_t d;
		assert_int_equal(load(dir, bad[i], false, &z, &d), SGN_EPARSE);
		assert_int_equal(d.line, 7);
		assert_non_null(strstr(d.msg, "malformed "));
		assert_int_equal(load(dir, bad[i], true, &z, &d), SGN_OK);
		sgn_zone_free(z);
	}
	sgn_zone_t *z;
	sgn_diag_t d;
	assert_int_equal(load(dir, "sub DS 12345 13 2 ab", false, &z, &d), SGN_EPARSE);
	assert_string_equal(d.msg, "malformed DS: SHA-256 digest of 1 byte, not 32");
	assert_int_equal(load(dir, "@ CDS 0 0 0 00\n@ CDNSKEY 0 3 0 AA==", false, &z, &d), SGN_OK);
	sgn_zone_free(z);
	/* the right size but no point on P-256: not the signer's business (KeyTrap test
	 * zones carry such keys), verify reports it */
	static const char offcurve[] = "@ DNSKEY 256 3 13 "
	                               "//////////////////////////////////////////"
	                               "///////////////////////////////////////////w==";
	assert_int_equal(load(dir, offcurve, false, &z, &d), SGN_OK);
	sgn_zone_free(z);
}

/* Sign the zone of apex_text plus @p extra (loaded leniently) with one Ed25519 CSK. */
static sgn_zone_t *signed_zone(const char *dir, const char *apex, const char *extra,
                               sgn_keylist_t *keys)
{
	char text[2048];
	uint8_t a[SGN_NAME_MAX];
	snprintf(text, sizeof(text), "%s%s\n", apex_text, extra);
	th_write_file(th_join(dir, "zone"), text);
	sgn_zone_opts_t opts;
	sgn_zone_opts_init(&opts);
	opts.origin = th_name(a, apex);
	opts.lenient_dnssec = true;
	sgn_zone_t *zone = NULL;
	sgn_diag_t d;
	sgn_diag_init(&d);
	assert_int_equal(sgn_zone_load(&zone, th_join(dir, "zone"), &opts, &d), SGN_OK);
	sgn_keylist_init(keys);
	assert_int_equal(sgn_keylist_add_take(keys, th_key_generate(apex, SGN_ALG_ED25519,
	                                                            SGN_DNSKEY_ZONE |
	                                                                SGN_DNSKEY_SEP)),
	                 SGN_OK);
	sgn_sign_policy_t pol;
	sgn_sign_policy_init(&pol, th_time(SIGN_AT));
	pol.threads = 1;
	assert_int_equal(sgn_zone_sign(zone, NULL, keys, &pol, &d), SGN_OK);
	return zone;
}

static bool has(const sgn_findings_t *f, sgn_finding_code_t code, const char *detail)
{
	for (size_t i = 0; i < f->count; i++) {
		if (f->items[i].code == code && strstr(f->items[i].detail, detail) != NULL) {
			return true;
		}
	}
	return false;
}

static void verify_reports_malformed_ds_and_dnskey_records(void **state)
{
	const char *dir = *state;
	sgn_keylist_t keys;
	sgn_zone_t *zone = signed_zone(dir, "t.test.",
	                               "sub DS 12345 13 2 abcd\n@ CDNSKEY 257 3 13 AAEC", &keys);
	sgn_verify_opts_t opts;
	sgn_verify_opts_init(&opts, th_time(CHECK_AT));
	opts.threads = 1;
	sgn_findings_t found;
	sgn_verify_stats_t st;
	sgn_findings_init(&found);
	assert_int_equal(sgn_zone_verify(zone, &found, &st, &opts), SGN_OK);
	assert_true(has(&found, SGN_FIND_DSC_DIGEST_LENGTH, "SHA-256 digest of 2 bytes, not 32"));
	assert_true(has(&found, SGN_FIND_DNSKEY_KEY_SIZE, "public key of 3 bytes, not 64"));
	assert_int_equal(sgn_finding_default_severity(SGN_FIND_DSC_DIGEST_LENGTH), SGN_SEV_ERROR);
	assert_string_equal(sgn_finding_id(SGN_FIND_DNSKEY_KEY_SIZE), "dnskey-key-size");
	sgn_findings_release(&found);
	sgn_zone_free(zone);
	sgn_keylist_release(&keys);
}

/* -- a chain: parent t.test. (the anchor) with a DS of the child's key cut short -- */

static void chain_with_a_short_ds_digest_is_bogus_with_that_reason(void **state)
{
	const char *dir = *state;
	sgn_keylist_t ckeys, pkeys;
	sgn_zone_t *child = signed_zone(dir, "sub.t.test.", "", &ckeys);
	/* the child's real DS, its digest then cut to 2 bytes */
	uint8_t ds[SGN_DS_RDATA_MAX], owner[SGN_NAME_MAX];
	size_t dlen;
	sgn_rdata_t kr = sgn_key_get_rdata(ckeys.keys[0]);
	th_name(owner, "sub.t.test.");
	assert_int_equal(sgn_ds_from_dnskey(ds, &dlen, owner, kr.data, kr.len, SGN_DIGEST_SHA256),
	                 SGN_OK);
	char extra[256];
	snprintf(extra, sizeof(extra), "sub DS %u %u 2 %s", sgn_key_get_tag(ckeys.keys[0]),
	         SGN_ALG_ED25519, th_to_hex(ds + 4, 2));
	sgn_zone_t *parent = signed_zone(dir, "t.test.", extra, &pkeys);

	sgn_zoneset_t *zs;
	sgn_anchors_t *anchors;
	uint8_t apex[SGN_NAME_MAX];
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	assert_int_equal(sgn_zoneset_add_take(zs, parent), SGN_OK);
	assert_int_equal(sgn_zoneset_add_take(zs, child), SGN_OK);
	assert_int_equal(sgn_anchors_new(&anchors), SGN_OK);
	kr = sgn_key_get_rdata(pkeys.keys[0]);
	assert_int_equal(sgn_anchors_add_dnskey(anchors, th_name(apex, "t.test."), kr.data, kr.len),
	                 SGN_OK);
	sgn_chain_opts_t co;
	sgn_chain_opts_init(&co, th_time(CHECK_AT));
	sgn_chain_t *chain = NULL;
	assert_int_equal(sgn_chain_validate(&chain, zs, anchors, th_name(apex, "sub.t.test."),
	                                    SGN_TYPE_SOA, &co),
	                 SGN_OK);
	assert_int_equal(chain->verdict, SGN_BOGUS);
	bool seen = false;
	for (size_t i = 0; i < chain->nlinks; i++) {
		const sgn_link_t *l = &chain->links[i];
		if (l->kind == SGN_LINK_DNSKEY && l->status == SGN_BOGUS) {
			assert_true(l->has_reason);
			assert_int_equal(l->reason, SGN_FIND_DSC_DIGEST_LENGTH);
			assert_non_null(strstr(l->detail, "SHA-256 digest of 2 bytes, not 32"));
			seen = true;
		}
	}
	assert_true(seen);
	sgn_chain_free(chain);
	sgn_anchors_free(anchors);
	sgn_zoneset_free(zs);
	sgn_keylist_release(&ckeys);
	sgn_keylist_release(&pkeys);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alg_table_rows_with_a_backend_know_their_key_sizes),
		cmocka_unit_test(ds_digest_length_fits_each_digest_type_exactly),
		cmocka_unit_test(dnskey_key_size_fits_each_algorithm),
		cmocka_unit_test(dnskey_rsa_sizes_follow_rfc3110_and_rfc5702),
		cmocka_unit_test(ds_with_a_wrong_digest_length_never_matches),
		cmocka_unit_test_setup_teardown(zone_load_refuses_malformed_ds_and_dnskey_unless_lenient,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(verify_reports_malformed_ds_and_dnskey_records,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(chain_with_a_short_ds_digest_is_bogus_with_that_reason,
		                                th_tmpdir_setup, th_tmpdir_teardown),
	};
	return cmocka_run_group_tests_name("dnssec_rdata", tests, NULL, NULL);
}
