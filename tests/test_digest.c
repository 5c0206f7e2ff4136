/* SPDX-License-Identifier: MIT */
/* Unit tests for the digest half of alg.h: the DS digest types (RFC 4034, RFC 4509, RFC 6605)
 * against the FIPS 180 "abc" vectors, their names, and the types that are not supported. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <libsign/alg.h>

#include "helpers.h"

static void digests_match_fips180_abc_vectors(void **state)
{
	(void)state;
	static const struct {
		uint8_t type;
		const char *hex;
	} abc[] = {
		{ 1, "a9993e364706816aba3e25717850c26c9cd0d89d" },
		{ 2, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
		{ 4, "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
		     "8086072ba1e7cc2358baeca134c825a7" },
	};
	for (size_t i = 0; i < 3; i++) {
		uint8_t out[48], want[48];
		size_t n = th_hex(want, sizeof(want), abc[i].hex);
		assert_true(sgn_digest_is_supported(abc[i].type));
		assert_int_equal(sgn_digest_size(abc[i].type), n);
		assert_int_equal(sgn_digest(out, abc[i].type, (const uint8_t *)"abc", 3), SGN_OK);
		assert_memory_equal(out, want, n);
	}
}

static void digests_unsupported_and_unknown_types_are_refused(void **state)
{
	(void)state;
	uint8_t out[64];
	assert_false(sgn_digest_is_supported(3)); /* GOST: known, not supported */
	assert_string_equal(sgn_digest_mnemonic(3), "GOST R 34.11-94");
	assert_int_equal(sgn_digest_size(3), 0);
	assert_int_equal(sgn_digest(out, 3, out, 0), SGN_EUNSUPPORTED);
	for (unsigned t = 5; t <= 255; t++) {
		assert_false(sgn_digest_is_supported((uint8_t)t));
		assert_null(sgn_digest_mnemonic((uint8_t)t));
		assert_int_equal(sgn_digest(out, (uint8_t)t, out, 0), SGN_EUNSUPPORTED);
	}
	assert_false(sgn_digest_is_supported(0));
	assert_int_equal(sgn_digest(out, 0, out, 0), SGN_EUNSUPPORTED);
}

static void digest_names_parse_in_every_spelling(void **state)
{
	(void)state;
	uint8_t d = 0;
	const char *sha256[] = { "SHA-256", "SHA256", "sha256", "sha-256", "2" };
	for (size_t i = 0; i < 5; i++) {
		assert_int_equal(sgn_digest_from_str(&d, sha256[i]), SGN_OK);
		assert_int_equal(d, 2);
	}
	assert_int_equal(sgn_digest_from_str(&d, "SHA-1"), SGN_OK);
	assert_int_equal(d, 1);
	assert_int_equal(sgn_digest_from_str(&d, "sha384"), SGN_OK);
	assert_int_equal(d, 4);
	assert_string_equal(sgn_digest_mnemonic(4), "SHA-384");
	assert_int_equal(sgn_digest_from_str(&d, "SHA-512"), SGN_ENOTFOUND);
	assert_int_equal(sgn_digest_from_str(&d, ""), SGN_ENOTFOUND);
	assert_int_equal(sgn_digest_from_str(&d, "3"), SGN_OK); /* numbers need not be supported */
	assert_int_equal(d, 3);
	assert_int_equal(sgn_digest_from_str(&d, "256"), SGN_ENOTFOUND);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(digests_match_fips180_abc_vectors),
		cmocka_unit_test(digests_unsupported_and_unknown_types_are_refused),
		cmocka_unit_test(digest_names_parse_in_every_spelling),
	};
	return cmocka_run_group_tests_name("digest", tests, NULL, NULL);
}
