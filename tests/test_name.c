/* SPDX-License-Identifier: MIT */
/* Unit tests for name.h: presentation <-> wire, escapes, length limits, label counts,
 * wildcards, subdomains and the RFC 4034 §6.1 canonical order; NSEC3 owner names and
 * their hashes (wire/name_internal.h). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/name.h>

#include "helpers.h"
#include "wire/name_internal.h"

/* Parse @p str (relative to @p origin, NULL for the root) and compare with @p wire. */
static void expect_wire(const char *str, const char *origin, const void *wire, size_t len)
{
	uint8_t out[SGN_NAME_MAX], o[SGN_NAME_MAX];
	size_t outlen = 0;
	sgn_err_t err = sgn_name_from_str(out, &outlen, str, origin ? th_name(o, origin) : NULL);
	if (err != SGN_OK) {
		fail_msg("'%s' did not parse: %s", str, sgn_strerror(err));
	}
	assert_int_equal(outlen, len);
	assert_memory_equal(out, wire, len);
	assert_int_equal(sgn_name_len(out, SGN_NAME_MAX), len);
}

static void expect_bad(const char *str)
{
	uint8_t out[SGN_NAME_MAX];
	sgn_err_t err = sgn_name_from_str(out, NULL, str, NULL);
	if (err != SGN_EPARSE) {
		fail_msg("'%s' gave %s, expected a parse error", str, sgn_strerror(err));
	}
}

/* A name of @p labels labels of @p llen 'a's each, as text with a final dot. */
static char *long_name(unsigned labels, unsigned llen)
{
	char *s = malloc(labels * (llen + 1) + 1);
	size_t k = 0;
	assert_non_null(s);
	for (unsigned i = 0; i < labels; i++) {
		memset(s + k, 'a', llen);
		k += llen;
		s[k++] = '.';
	}
	s[k] = '\0';
	return s;
}

/* -- from_str -- */

static void name_from_str_absolute_names_give_wire_form(void **state)
{
	(void)state;
	expect_wire("www.example.com.", NULL, "\3www\7example\3com", 17);
	expect_wire(".", NULL, "", 1);
	expect_wire("Example.", NULL, "\7Example", 9); /* case kept as written */
}

static void name_from_str_relative_names_take_the_origin(void **state)
{
	(void)state;
	expect_wire("www", "example.com.", "\3www\7example\3com", 17);
	expect_wire("a.b", "example.", "\1a\1b\7example", 13);
	expect_wire("@", "example.com.", "\7example\3com", 13);
	expect_wire("www", NULL, "\3www", 5); /* no origin: the root */
	expect_wire("@", NULL, "", 1);
	expect_wire("www.example.com.", "ignored.", "\3www\7example\3com", 17);
}

static void name_from_str_decodes_escapes(void **state)
{
	(void)state;
	expect_wire("a\\.b.example.", NULL, "\3a.b\7example", 13);
	expect_wire("\\065bc.", NULL, "\3Abc", 5);
	expect_wire("\\\\.", NULL, "\1\\", 3);
	expect_wire("\\000\\255.", NULL, "\2\0\377", 4);
	expect_wire("\\@\\$\\ x.", NULL, "\4@$ x", 6);
	expect_wire("\\*.example.", NULL, "\1*\7example", 11);
}

static void name_from_str_rejects_bad_escapes(void **state)
{
	(void)state;
	expect_bad("\\256.");
	expect_bad("\\1.");
	expect_bad("\\12.");
	expect_bad("\\1a2.");
	expect_bad("abc\\");
}

static void name_from_str_rejects_empty_labels(void **state)
{
	(void)state;
	expect_bad("");
	expect_bad("a..b.");
	expect_bad(".a.");
	expect_bad("..");
}

static void name_from_str_accepts_63_byte_labels_and_not_64(void **state)
{
	(void)state;
	char *ok = long_name(1, 63), *bad = long_name(1, 64);
	uint8_t out[SGN_NAME_MAX];
	assert_int_equal(sgn_name_from_str(out, NULL, ok, NULL), SGN_OK);
	assert_int_equal(out[0], 63);
	expect_bad(bad);
	free(ok);
	free(bad);
}

static void name_from_str_accepts_255_wire_bytes_and_not_256(void **state)
{
	(void)state;
	/* 3 labels of 63 plus one of 61: 3*64 + 62 + 1 = 255 bytes with the root label. */
	char *base = long_name(3, 63), *tail61 = long_name(1, 61), *tail62 = long_name(1, 62);
	char ok[300], bad[300];
	snprintf(ok, sizeof(ok), "%s%s", tail61, base);
	snprintf(bad, sizeof(bad), "%s%s", tail62, base);
	uint8_t out[SGN_NAME_MAX];
	size_t len = 0;
	assert_int_equal(sgn_name_from_str(out, &len, ok, NULL), SGN_OK);
	assert_int_equal(len, 255);
	assert_int_equal(sgn_name_len(out, SGN_NAME_MAX), 255);
	expect_bad(bad);

	/* the same limit for a relative name completed by the origin */
	uint8_t origin[SGN_NAME_MAX];
	th_name(origin, base);
	tail61[61] = '\0'; /* drop the final dot: relative */
	tail62[62] = '\0';
	assert_int_equal(sgn_name_from_str(out, &len, tail61, origin), SGN_OK);
	assert_int_equal(len, 255);
	assert_int_equal(sgn_name_from_str(out, &len, tail62, origin), SGN_EPARSE);
	free(base);
	free(tail61);
	free(tail62);
}

/* -- to_str -- */

static void expect_str(const void *wire, const char *want)
{
	char buf[SGN_NAME_STR_MAX];
	assert_int_equal(sgn_name_to_str(buf, sizeof(buf), wire), SGN_OK);
	assert_string_equal(buf, want);
}

static void name_to_str_writes_a_final_dot(void **state)
{
	(void)state;
	expect_str("", ".");
	expect_str("\3www\7Example\3com", "www.Example.com.");
}

static void name_to_str_escapes_special_and_unprintable_bytes(void **state)
{
	(void)state;
	expect_str("\3a.b\7example", "a\\.b.example.");
	expect_str("\6\\\"();@\0", "\\\\\\\"\\(\\)\\;\\@.");
	expect_str("\1$\0", "\\$.");
	expect_str("\3 \x7f\xff", "\\032\\127\\255.");
	expect_str("\2\0\x1f", "\\000\\031.");
	expect_str("\1*\7example", "*.example.");
}

static void name_to_str_round_trips_every_byte_value(void **state)
{
	(void)state;
	for (unsigned c = 0; c < 256; c++) {
		uint8_t wire[6] = { 3, 'a', (uint8_t)c, 'z', 0 }, back[SGN_NAME_MAX];
		char text[SGN_NAME_STR_MAX];
		size_t len;
		assert_int_equal(sgn_name_to_str(text, sizeof(text), wire), SGN_OK);
		assert_int_equal(sgn_name_from_str(back, &len, text, NULL), SGN_OK);
		assert_int_equal(len, 5);
		assert_memory_equal(back, wire, 5);
	}
}

static void name_to_str_refuses_a_small_buffer(void **state)
{
	(void)state;
	char buf[32];
	const uint8_t *wire = (const uint8_t *)"\3www\7example";
	/* "www.example." needs 12 characters and the NUL */
	assert_int_equal(sgn_name_to_str(buf, 12, wire), SGN_EINVAL);
	assert_int_equal(sgn_name_to_str(buf, 13, wire), SGN_OK);
	assert_string_equal(buf, "www.example.");
	assert_int_equal(sgn_name_to_str(buf, 1, (const uint8_t *)""), SGN_EINVAL);
	assert_int_equal(sgn_name_to_str(buf, 2, (const uint8_t *)""), SGN_OK);
	assert_string_equal(buf, ".");
	/* an escaped byte needs all four of its characters */
	assert_int_equal(sgn_name_to_str(buf, 5, (const uint8_t *)"\1\377"), SGN_EINVAL);
	assert_int_equal(sgn_name_to_str(buf, 6, (const uint8_t *)"\1\377"), SGN_OK);
	assert_string_equal(buf, "\\255.");
}

static void name_to_str_refuses_malformed_wire(void **state)
{
	(void)state;
	char buf[SGN_NAME_STR_MAX];
	const uint8_t pointer[] = { 0xc0, 0x0c };
	const uint8_t label64[] = { 64, 'a' };
	assert_int_equal(sgn_name_to_str(buf, sizeof(buf), pointer), SGN_EINVAL);
	assert_int_equal(sgn_name_to_str(buf, sizeof(buf), label64), SGN_EINVAL);
}

/* -- lengths, labels, wildcards -- */

static void name_len_stops_at_the_root_and_bounds(void **state)
{
	(void)state;
	const uint8_t name[] = "\3www\7example\0garbage";
	assert_int_equal(sgn_name_len(name, sizeof(name)), 13);
	assert_int_equal(sgn_name_len(name, 12), 0); /* root label beyond max */
	assert_int_equal(sgn_name_len(name, 13), 13);
	const uint8_t pointer[] = { 3, 'w', 'w', 'w', 0xc0, 0x04 };
	assert_int_equal(sgn_name_len(pointer, sizeof(pointer)), 0);
	assert_int_equal(sgn_name_len((const uint8_t *)"", 1), 1);
	assert_int_equal(sgn_name_len((const uint8_t *)"", 0), 0);
}

static void name_labels_count_without_the_root(void **state)
{
	(void)state;
	uint8_t n[SGN_NAME_MAX];
	assert_int_equal(sgn_name_labels(th_name(n, ".")), 0);
	assert_int_equal(sgn_name_labels(th_name(n, "com.")), 1);
	assert_int_equal(sgn_name_labels(th_name(n, "www.example.com.")), 3);
	assert_int_equal(sgn_name_labels(th_name(n, "*.example.com.")), 3);
	assert_int_equal(sgn_name_rrsig_labels(th_name(n, "*.example.com.")), 2);
	assert_int_equal(sgn_name_rrsig_labels(th_name(n, "www.example.com.")), 3);
	assert_int_equal(sgn_name_rrsig_labels(th_name(n, "*.")), 0);
	assert_int_equal(sgn_name_rrsig_labels(th_name(n, "a.*.example.")), 3);
}

static void name_is_wildcard_only_for_a_leading_star_label(void **state)
{
	(void)state;
	uint8_t n[SGN_NAME_MAX];
	assert_true(sgn_name_is_wildcard(th_name(n, "*.example.")));
	assert_true(sgn_name_is_wildcard(th_name(n, "*.")));
	assert_false(sgn_name_is_wildcard(th_name(n, "a.*.example.")));
	assert_false(sgn_name_is_wildcard(th_name(n, "*a.example.")));
	assert_false(sgn_name_is_wildcard(th_name(n, "a*.example.")));
	assert_false(sgn_name_is_wildcard(th_name(n, ".")));
}

/* -- comparison -- */

/* RFC 4034 §6.1: "the following names are sorted in canonical DNS name order". */
static const char *const rfc4034_order[] = {
	"example.",         "a.example.",      "yljkjljk.a.example.",
	"Z.a.example.",     "zABC.a.EXAMPLE.", "z.example.",
	"\\001.z.example.", "*.z.example.",    "\\200.z.example.",
};
#define RFC4034_N (sizeof(rfc4034_order) / sizeof(rfc4034_order[0]))

static void name_compare_follows_the_rfc4034_example_order(void **state)
{
	(void)state;
	uint8_t a[SGN_NAME_MAX], b[SGN_NAME_MAX];
	for (size_t i = 0; i < RFC4034_N; i++) {
		th_name(a, rfc4034_order[i]);
		assert_int_equal(sgn_name_compare(a, a), 0);
		for (size_t k = i + 1; k < RFC4034_N; k++) {
			th_name(b, rfc4034_order[k]);
			if (sgn_name_compare(a, b) >= 0 || sgn_name_compare(b, a) <= 0) {
				fail_msg("'%s' must sort before '%s'", rfc4034_order[i],
				         rfc4034_order[k]);
			}
		}
	}
}

static int cmp_names(const void *x, const void *y)
{
	return sgn_name_compare(*(const uint8_t *const *)x, *(const uint8_t *const *)y);
}

static void name_compare_sorts_a_shuffled_list_into_rfc4034_order(void **state)
{
	(void)state;
	static const size_t shuffle[RFC4034_N] = { 5, 8, 0, 3, 7, 1, 6, 4, 2 };
	uint8_t names[RFC4034_N][SGN_NAME_MAX];
	const uint8_t *ptrs[RFC4034_N];
	for (size_t i = 0; i < RFC4034_N; i++) {
		ptrs[i] = th_name(names[i], rfc4034_order[shuffle[i]]);
	}
	qsort(ptrs, RFC4034_N, sizeof(ptrs[0]), cmp_names);
	for (size_t i = 0; i < RFC4034_N; i++) {
		uint8_t want[SGN_NAME_MAX];
		th_name(want, rfc4034_order[i]);
		assert_memory_equal(ptrs[i], want, sgn_name_len(want, SGN_NAME_MAX));
	}
}

static void name_compare_ignores_case_and_orders_by_labels(void **state)
{
	(void)state;
	uint8_t a[SGN_NAME_MAX], b[SGN_NAME_MAX];
	assert_int_equal(sgn_name_compare(th_name(a, "EXAMPLE.com."), th_name(b, "example.COM.")),
	                 0);
	/* a parent sorts before every child, whatever the child's first label */
	assert_true(sgn_name_compare(th_name(a, "example."), th_name(b, "\\000.example.")) < 0);
	/* labels are compared right to left: "b.a." vs "a.b." is decided by "a" < "b" */
	assert_true(sgn_name_compare(th_name(a, "b.a."), th_name(b, "a.b.")) < 0);
	/* the shorter label sorts first on a common prefix */
	assert_true(sgn_name_compare(th_name(a, "ab.example."), th_name(b, "abc.example.")) < 0);
	/* octets are unsigned: \200 after 'z' */
	assert_true(sgn_name_compare(th_name(a, "z."), th_name(b, "\\200.")) < 0);
	assert_true(sgn_name_compare(th_name(a, "."), th_name(b, "a.")) < 0);
}

static void name_equal_ignores_ascii_case_only(void **state)
{
	(void)state;
	uint8_t a[SGN_NAME_MAX], b[SGN_NAME_MAX];
	assert_true(sgn_name_equal(th_name(a, "WWW.Example.COM."), th_name(b, "www.example.com.")));
	assert_false(sgn_name_equal(th_name(a, "www.example.com."), th_name(b, "www.example.co.")));
	assert_false(sgn_name_equal(th_name(a, "a.b."), th_name(b, "ab.")));
	/* 0xC1 and 0xE1 differ by 0x20 but are not letters */
	assert_false(sgn_name_equal(th_name(a, "\\193."), th_name(b, "\\225.")));
	assert_true(sgn_name_equal(th_name(a, "."), th_name(b, ".")));
}

static void name_lower_changes_only_ascii_letters(void **state)
{
	(void)state;
	uint8_t n[SGN_NAME_MAX];
	th_name(n, "WwW.EXAMPLE-1.\\193\\090.");
	sgn_name_lower(n);
	assert_memory_equal(n, "\3www\11example-1\2\301z", 18);
}

static void name_is_subdomain_respects_label_boundaries(void **state)
{
	(void)state;
	uint8_t a[SGN_NAME_MAX], b[SGN_NAME_MAX];
	assert_true(
	    sgn_name_is_subdomain(th_name(a, "www.example.com."), th_name(b, "example.com.")));
	assert_true(sgn_name_is_subdomain(th_name(a, "example.com."), th_name(b, "EXAMPLE.com.")));
	assert_true(sgn_name_is_subdomain(th_name(a, "example.com."), th_name(b, ".")));
	assert_false(
	    sgn_name_is_subdomain(th_name(a, "anexample.com."), th_name(b, "example.com.")));
	assert_false(
	    sgn_name_is_subdomain(th_name(a, "example.com."), th_name(b, "www.example.com.")));
	assert_false(sgn_name_is_subdomain(th_name(a, "example.org."), th_name(b, "example.com.")));
	assert_false(sgn_name_is_subdomain(th_name(a, "."), th_name(b, "com.")));
}

static void name_strip_removes_leading_labels(void **state)
{
	(void)state;
	uint8_t n[SGN_NAME_MAX];
	th_name(n, "a.b.example.");
	assert_ptr_equal(sgn_name_strip(n, 0), n);
	assert_memory_equal(sgn_name_strip(n, 1), "\1b\7example", 11);
	assert_memory_equal(sgn_name_strip(n, 2), "\7example", 9);
	assert_int_equal(*sgn_name_strip(n, 3), 0);
	assert_int_equal(*sgn_name_strip(n, 99), 0);
}

/* RFC 5155 Appendix A: H(example) = 0p9mhaveqvm6t7vbl5lop2u3t2rp3tom, the owner of the
 * apex's NSEC3 record. */
static void nsec3_owner_name_and_hash_round_trip_the_rfc5155_example(void **state)
{
	(void)state;
	static const char b32[] = "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom";
	sgn_buf_t raw;
	sgn_buf_init(&raw);
	assert_int_equal(sgn_base32hex_decode(&raw, b32, 32), SGN_OK);
	assert_int_equal(raw.len, 20);
	uint8_t apex[SGN_NAME_MAX], want[SGN_NAME_MAX], owner[SGN_NAME_MAX], hash[20];
	th_name(apex, "example.");
	th_name(want, "0p9mhaveqvm6t7vbl5lop2u3t2rp3tom.example.");
	size_t len = sgn__nsec3_owner_name(raw.data, raw.len, apex, owner);
	assert_int_equal(len, sgn_name_len(want, SGN_NAME_MAX));
	assert_memory_equal(owner, want, len);
	/* Back, from the owner as a zone file may spell it (upper case). */
	th_name(owner, "0P9MHAVEQVM6T7VBL5LOP2U3T2RP3TOM.example.");
	assert_int_equal(sgn__nsec3_owner_hash(owner, hash, sizeof(hash)), SGN_OK);
	assert_memory_equal(hash, raw.data, 20);
	sgn_buf_release(&raw);
}

static void nsec3_owner_hash_refuses_labels_that_are_no_hash(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"0p9mhaveqvm6t7vbl5lop2u3t2rp3to.example.",   /* 31 characters */
		"0p9mhaveqvm6t7vbl5lop2u3t2rp3tomm.example.", /* 33 */
		"0p9mhaveqvm6t7vbl5lop2u3t2rp3toz.example.",  /* z is not base32hex */
		"www.example.",
		".",
	};
	uint8_t owner[SGN_NAME_MAX], hash[20];
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		th_name(owner, bad[i]);
		assert_int_equal(sgn__nsec3_owner_hash(owner, hash, sizeof(hash)), SGN_EPARSE);
	}
}

/* "a{63}.a{63}.a{63}.b{last}." in wire form: 3 * 64 + 1 + last + 1 bytes. */
static void long_apex(uint8_t *apex, size_t last)
{
	char text[300];
	memset(text, 'a', sizeof(text));
	text[63] = text[127] = text[191] = '.';
	memset(text + 192, 'b', last);
	text[192 + last] = '.';
	text[193 + last] = '\0';
	th_name(apex, text);
}

static void nsec3_owner_name_refuses_an_apex_too_long_for_the_label(void **state)
{
	(void)state;
	uint8_t hash[20] = { 0 }, apex[SGN_NAME_MAX], owner[SGN_NAME_MAX];
	long_apex(apex, 28); /* 222 bytes: with the 33 of the hash label, 255 */
	assert_int_equal(sgn_name_len(apex, SGN_NAME_MAX), 222);
	assert_int_equal(sgn__nsec3_owner_name(hash, sizeof(hash), apex, owner), 255);
	long_apex(apex, 29); /* 223: 256 */
	assert_int_equal(sgn__nsec3_owner_name(hash, sizeof(hash), apex, owner), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(name_from_str_absolute_names_give_wire_form),
		cmocka_unit_test(name_from_str_relative_names_take_the_origin),
		cmocka_unit_test(name_from_str_decodes_escapes),
		cmocka_unit_test(name_from_str_rejects_bad_escapes),
		cmocka_unit_test(name_from_str_rejects_empty_labels),
		cmocka_unit_test(name_from_str_accepts_63_byte_labels_and_not_64),
		cmocka_unit_test(name_from_str_accepts_255_wire_bytes_and_not_256),
		cmocka_unit_test(name_to_str_writes_a_final_dot),
		cmocka_unit_test(name_to_str_escapes_special_and_unprintable_bytes),
		cmocka_unit_test(name_to_str_round_trips_every_byte_value),
		cmocka_unit_test(name_to_str_refuses_a_small_buffer),
		cmocka_unit_test(name_to_str_refuses_malformed_wire),
		cmocka_unit_test(name_len_stops_at_the_root_and_bounds),
		cmocka_unit_test(name_labels_count_without_the_root),
		cmocka_unit_test(name_is_wildcard_only_for_a_leading_star_label),
		cmocka_unit_test(name_compare_follows_the_rfc4034_example_order),
		cmocka_unit_test(name_compare_sorts_a_shuffled_list_into_rfc4034_order),
		cmocka_unit_test(name_compare_ignores_case_and_orders_by_labels),
		cmocka_unit_test(name_equal_ignores_ascii_case_only),
		cmocka_unit_test(name_lower_changes_only_ascii_letters),
		cmocka_unit_test(name_is_subdomain_respects_label_boundaries),
		cmocka_unit_test(name_strip_removes_leading_labels),
		cmocka_unit_test(nsec3_owner_name_and_hash_round_trip_the_rfc5155_example),
		cmocka_unit_test(nsec3_owner_hash_refuses_labels_that_are_no_hash),
		cmocka_unit_test(nsec3_owner_name_refuses_an_apex_too_long_for_the_label),
	};
	return cmocka_run_group_tests_name("name", tests, NULL, NULL);
}
