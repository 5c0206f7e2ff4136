/* SPDX-License-Identifier: MIT */
/* Unit tests for the NSEC3 hash (RFC 5155 §5): all 16 hashes of RFC 5155 Appendices A and B,
 * parsed from the fixture file, the NSEC3 owners of the Appendix A zone, extra vectors (no
 * salt, long salt, many iterations), and refused input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/denial.h>

#include "helpers.h"

/* The base32hex NSEC3 hash of @p name. */
static void hash_str(const char *name, const uint8_t *salt, size_t salt_len, uint16_t iterations,
                     char out[SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1])
{
	uint8_t wire[SGN_NAME_MAX], h[SGN_NSEC3_HASH_LEN];
	assert_int_equal(
	    sgn_nsec3_hash(h, th_name(wire, name), SGN_NSEC3_HASH_SHA1, salt, salt_len, iterations),
	    SGN_OK);
	assert_int_equal(
	    sgn_base32hex_encode(out, SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1, h, sizeof(h)),
	    SGN_OK);
}

/* Each "<fields>" line of a vector file (comments and blank lines skipped), split at blanks. */
typedef void (*line_fn)(char **fields, int n, void *ctx);

static size_t each_line(const char *rel, line_fn fn, void *ctx)
{
	char *text = th_read_file(th_path(rel), NULL);
	size_t lines = 0;
	for (char *save = NULL, *line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *fields[8], *fsave = NULL;
		int n = 0;
		if (line[0] == ';' || line[0] == '#') {
			continue;
		}
		for (char *f = strtok_r(line, " \t", &fsave); f != NULL && n < 8;
		     f = strtok_r(NULL, " \t", &fsave)) {
			fields[n++] = f;
		}
		if (n > 0) {
			fn(fields, n, ctx);
			lines++;
		}
	}
	free(text);
	return lines;
}

static void check_rfc5155_line(char **f, int n, void *ctx)
{
	char got[SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1];
	(void)ctx;
	assert_int_equal(n, 2);
	hash_str(f[0], (const uint8_t *)"\xaa\xbb\xcc\xdd", 4, 12, got);
	if (strcmp(got, f[1]) != 0) {
		fail_msg("H(%s) = %s, RFC 5155 says %s", f[0], got, f[1]);
	}
}

static void nsec3_hash_matches_all_16_rfc5155_hashes(void **state)
{
	(void)state;
	size_t n = each_line("testzones/rfc5155-nsec3-example-zone/nsec3-hashes.txt",
	                     check_rfc5155_line, NULL);
	assert_int_equal(n, 16);
}

static void check_extra_line(char **f, int n, void *ctx)
{
	uint8_t salt[255];
	size_t salt_len = 0;
	char got[SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1];
	(void)ctx;
	assert_int_equal(n, 4);
	if (strcmp(f[1], "seq255") == 0) {
		for (size_t i = 0; i < 255; i++) {
			salt[i] = (uint8_t)i;
		}
		salt_len = 255;
	} else if (strcmp(f[1], "-") != 0) {
		salt_len = th_hex(salt, sizeof(salt), f[1]);
	}
	hash_str(f[0], salt, salt_len, (uint16_t)atoi(f[2]), got);
	if (strcmp(got, f[3]) != 0) {
		fail_msg("H(%s, salt %s, %s iterations) = %s, expected %s", f[0], f[1], f[2], got,
		         f[3]);
	}
}

static void nsec3_hash_matches_extra_vectors(void **state)
{
	(void)state;
	size_t n = each_line("tests/vectors/nsec3-extra-hashes.txt", check_extra_line, NULL);
	assert_int_equal(n, 8);
}

static void nsec3_hash_owners_of_the_rfc5155_zone_are_hashes_of_its_names(void **state)
{
	(void)state;
	static const char *const names[] = {
		"example.",       "a.example.",   "ai.example.",
		"ns1.example.",   "ns2.example.", "w.example.",
		"*.w.example.",   "x.w.example.", "y.w.example.",
		"x.y.w.example.", "xx.example.",  "2t7b4g4vsa5smi47k61mv5bv1a22bojr.example."
	};
	char hashes[12][SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1];
	bool used[12] = { false };
	th_zone_t z;
	for (size_t i = 0; i < 12; i++) {
		hash_str(names[i], (const uint8_t *)"\xaa\xbb\xcc\xdd", 4, 12, hashes[i]);
	}
	th_zone_load(&z, "testzones/rfc5155-nsec3-example-zone/example.zone", "example.");
	size_t n3 = 0;
	for (const th_rr_t *r; (r = th_zone_find(&z, NULL, SGN_TYPE_NSEC3, n3)) != NULL; n3++) {
		char label[64];
		assert_int_equal(r->owner[0], 32);
		memcpy(label, r->owner + 1, 32);
		label[32] = '\0';
		bool found = false;
		for (size_t i = 0; i < 12 && !found; i++) {
			if (strcmp(label, hashes[i]) == 0) {
				found = used[i] = true;
			}
		}
		if (!found) {
			fail_msg("NSEC3 owner %s is no hash of a name of the zone", label);
		}
	}
	assert_int_equal(n3, 12);
	for (size_t i = 0; i < 12; i++) {
		assert_true(used[i]);
	}
	th_zone_release(&z);
}

static void nsec3_hash_ignores_the_case_of_the_name(void **state)
{
	(void)state;
	char a[40], b[40];
	hash_str("X.Y.W.Example.", (const uint8_t *)"\xaa\xbb\xcc\xdd", 4, 12, a);
	hash_str("x.y.w.example.", (const uint8_t *)"\xaa\xbb\xcc\xdd", 4, 12, b);
	assert_string_equal(a, b);
	assert_string_equal(a, "2vptu5timamqttgl4luu9kg21e0aor3s");
}

static void nsec3_hash_depends_on_salt_and_iterations(void **state)
{
	(void)state;
	char base[40], other[40];
	hash_str("example.", (const uint8_t *)"\xaa\xbb\xcc\xdd", 4, 12, base);
	hash_str("example.", (const uint8_t *)"\xaa\xbb\xcc\xdd", 4, 11, other);
	assert_string_not_equal(base, other);
	hash_str("example.", (const uint8_t *)"\xaa\xbb\xcc\xde", 4, 12, other);
	assert_string_not_equal(base, other);
	hash_str("example.", (const uint8_t *)"\xaa\xbb\xcc\xdd", 3, 12, other);
	assert_string_not_equal(base, other);
}

static void nsec3_hash_refuses_other_algorithms_and_bad_input(void **state)
{
	(void)state;
	uint8_t h[SGN_NSEC3_HASH_LEN], name[SGN_NAME_MAX], salt[256] = { 0 };
	th_name(name, "example.");
	assert_int_equal(sgn_nsec3_hash(h, name, 0, NULL, 0, 0), SGN_EUNSUPPORTED);
	assert_int_equal(sgn_nsec3_hash(h, name, 2, NULL, 0, 0), SGN_EUNSUPPORTED);
	assert_int_equal(sgn_nsec3_hash(h, name, 1, salt, 256, 0), SGN_EPARSE);
	assert_int_equal(sgn_nsec3_hash(h, name, 1, salt, 255, 0), SGN_OK);
	const uint8_t pointer[] = { 0xc0, 0x0c };
	assert_int_equal(sgn_nsec3_hash(h, pointer, 1, NULL, 0, 0), SGN_EPARSE);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nsec3_hash_matches_all_16_rfc5155_hashes),
		cmocka_unit_test(nsec3_hash_matches_extra_vectors),
		cmocka_unit_test(nsec3_hash_owners_of_the_rfc5155_zone_are_hashes_of_its_names),
		cmocka_unit_test(nsec3_hash_ignores_the_case_of_the_name),
		cmocka_unit_test(nsec3_hash_depends_on_salt_and_iterations),
		cmocka_unit_test(nsec3_hash_refuses_other_algorithms_and_bad_input),
	};
	return cmocka_run_group_tests_name("nsec3_hash", tests, NULL, NULL);
}
