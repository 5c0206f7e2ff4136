/* SPDX-License-Identifier: MIT */
/* Unit tests for the zone text reader of text.h: origins, TTLs and classes, line logic
 * (blank owners, parentheses, comments, quotes), RFC 3597, errors with file and line, and the
 * RFC and root zone fixtures. $INCLUDE and $GENERATE: test_zonefile_directives.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/text.h>

#include "helpers.h"

/* -- directives and line logic -- */

static void zonefile_origin_ttl_and_relative_names_resolve(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z,
	                     "$ORIGIN example.com.\n"
	                     "$TTL 1h\n"
	                     "@ IN SOA ns1 hostmaster 1 7200 900 1209600 300\n"
	                     "www A 192.0.2.1\n"
	                     "mail.other.org. 60 MX 10 mail\n"
	                     "$ORIGIN sub\n"
	                     "host AAAA 2001:db8::1\n"
	                     "@ NS ns1.example.com.\n",
	                     NULL);
	assert_int_equal(z.count, 5);
	th_expect_rr(&z.rrs[0], "example.com.", 3600, SGN_TYPE_SOA,
	             "ns1.example.com. hostmaster.example.com. 1 7200 900 1209600 300");
	th_expect_rr(&z.rrs[1], "www.example.com.", 3600, SGN_TYPE_A, "192.0.2.1");
	th_expect_rr(&z.rrs[2], "mail.other.org.", 60, SGN_TYPE_MX, "10 mail.example.com.");
	th_expect_rr(&z.rrs[3], "host.sub.example.com.", 3600, SGN_TYPE_AAAA, "2001:db8::1");
	th_expect_rr(&z.rrs[4], "sub.example.com.", 3600, SGN_TYPE_NS, "ns1.example.com.");
	th_zone_release(&z);
}

static void zonefile_origin_option_applies_before_any_directive(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z, "$TTL 300\nwww A 192.0.2.1\n@ NS ns\n", "example.net.");
	th_expect_rr(&z.rrs[0], "www.example.net.", 300, SGN_TYPE_A, "192.0.2.1");
	th_expect_rr(&z.rrs[1], "example.net.", 300, SGN_TYPE_NS, "ns.example.net.");
	th_zone_release(&z);
}

static void zonefile_blank_owner_continues_the_previous_owner(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z,
	                     "$TTL 300\n"
	                     "www A 192.0.2.1\n"
	                     "    A 192.0.2.2\n"
	                     "\tAAAA 2001:db8::2\n"
	                     "ftp A 192.0.2.3\n"
	                     " TXT \"x\"\n",
	                     "example.");
	assert_int_equal(z.count, 5);
	assert_string_equal(th_name_str(z.rrs[1].owner), "www.example.");
	assert_string_equal(th_name_str(z.rrs[2].owner), "www.example.");
	assert_string_equal(th_name_str(z.rrs[4].owner), "ftp.example.");
	th_zone_release(&z);
}

static void zonefile_ttl_and_class_come_in_either_order(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z,
	                     "a 100 IN A 192.0.2.1\n"
	                     "b IN 200 A 192.0.2.2\n"
	                     "c CH 300 TXT \"chaos\"\n"
	                     "d 1w2d3h4m5s CLASS4 TXT \"hs\"\n"
	                     "e IN A 192.0.2.5\n",
	                     "example.");
	assert_int_equal(z.count, 5);
	assert_int_equal(z.rrs[0].ttl, 100);
	assert_int_equal(z.rrs[1].ttl, 200);
	assert_int_equal(z.rrs[2].ttl, 300);
	assert_int_equal(z.rrs[2].rclass, 3);
	assert_int_equal(z.rrs[3].ttl, 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	assert_int_equal(z.rrs[3].rclass, 4);
	/* no TTL and no $TTL: the last explicitly stated TTL (RFC 1035 §5.1) */
	assert_int_equal(z.rrs[4].ttl, z.rrs[3].ttl);
	assert_int_equal(z.rrs[4].rclass, SGN_CLASS_IN);
	th_zone_release(&z);
}

static void zonefile_soa_without_any_ttl_takes_its_minimum(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z, "@ SOA ns hm 1 2 3 4 900\nwww A 192.0.2.1\n", "example.");
	assert_int_equal(z.rrs[0].ttl, 900);
	assert_int_equal(z.rrs[1].ttl, 900);
	th_zone_release(&z);
}

static void zonefile_missing_ttl_is_an_error_on_its_line(void **state)
{
	(void)state;
	sgn_diag_t d = th_zone_load_text_fails("; comment\n\nwww A 192.0.2.1\n", SGN_EPARSE, 3);
	assert_string_equal(d.file, "test.zone");
	th_zone_load_text_fails("$TTL 1h30\n", SGN_EPARSE, 1); /* a bare number after a unit */
	th_zone_load_text_fails("$TTL 4294967296\n", SGN_EPARSE, 1);
	th_zone_load_text_fails("$TTL\n", SGN_EPARSE, 1);
}

static void zonefile_parentheses_span_lines_and_comments(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z,
	                     "$TTL 300\n"
	                     "@ SOA ns hostmaster ( ; the SOA\n"
	                     "      2023051100 ; serial\n"
	                     "      1800 900   ; refresh, retry\n"
	                     "      604800\n"
	                     "      86400 )    ; minimum\n"
	                     "k DNSKEY 256 3 15 ( l02Woi0iS8Aa25FQkUd9\n"
	                     "                    RMzZHJpBoRQwAQEX1SxZJA4= )\n"
	                     "w A 192.0.2.1 ; trailing comment\n",
	                     "example.");
	assert_int_equal(z.count, 3);
	th_expect_rr(&z.rrs[0], "example.", 300, SGN_TYPE_SOA,
	             "ns.example. hostmaster.example. 2023051100 1800 900 604800 86400");
	th_expect_rr(&z.rrs[1], "k.example.", 300, SGN_TYPE_DNSKEY,
	             "256 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=");
	assert_int_equal(z.rrs[0].line, 2);
	assert_int_equal(z.rrs[1].line, 7);
	assert_int_equal(z.rrs[2].line, 9);
	th_zone_release(&z);
}

static void zonefile_unbalanced_parentheses_are_errors(void **state)
{
	(void)state;
	th_zone_load_text_fails("$TTL 300\nw A 192.0.2.1 )\n", SGN_EPARSE, 2);
	/* an open '(' at the end of the file is reported at the line where its entry began */
	th_zone_load_text_fails("$TTL 300\nw TXT ( \"a\"\n\"b\"\n", SGN_EPARSE, 2);
}

static void zonefile_quoted_strings_keep_blanks_semicolons_and_escapes(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z, "$TTL 1\nt TXT \"a b;c\" \"q\\\"d\" \"\\065\\\\\" x(y)\n",
	                     "example.");
	assert_int_equal(z.count, 1);
	th_expect_rr(&z.rrs[0], "t.example.", 1, SGN_TYPE_TXT,
	             "\"a b;c\" \"q\\\"d\" \"A\\\\\" \"x\" \"y\"");
	assert_int_equal(z.rrs[0].rdlen, 6 + 4 + 3 + 2 + 2);
	th_zone_release(&z);
	th_zone_load_text_fails("$TTL 1\nt TXT \"open\n", SGN_EPARSE, 2);
}

static void zonefile_rfc3597_generic_rdata_reads_any_type(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z,
	                     "$TTL 60\n"
	                     "a TYPE65280 \\# 4 0A000001\n"
	                     "b A \\# 4 C0000201\n"
	                     "c A 192.0.2.1\n"
	                     "d TYPE65281 \\# 0\n"
	                     "e CLASS32 TYPE1 \\# 4 ( 0A00\n 0002 )\n",
	                     "example.");
	assert_int_equal(z.count, 5);
	assert_int_equal(z.rrs[0].type, 65280);
	assert_int_equal(z.rrs[0].rdlen, 4);
	assert_memory_equal(z.rrs[0].rdata, "\x0a\x00\x00\x01", 4);
	/* a known type in generic form is the same RDATA as in its own form */
	assert_int_equal(z.rrs[1].rdlen, 4);
	assert_memory_equal(z.rrs[1].rdata, z.rrs[2].rdata, 4);
	assert_int_equal(z.rrs[3].rdlen, 0);
	assert_int_equal(z.rrs[4].rclass, 32);
	assert_memory_equal(z.rrs[4].rdata, "\x0a\x00\x00\x02", 4);
	th_zone_release(&z);
	th_zone_load_text_fails("$TTL 60\na TYPE65280 \\# 3 0A000001\n", SGN_EPARSE,
	                        2); /* length mismatch */
	th_zone_load_text_fails("$TTL 60\na TYPE65280 \\# 2 0A0\n", SGN_EPARSE, 2); /* odd hex */
	th_zone_load_text_fails("$TTL 60\na A \\# 3 0A0000\n", SGN_EPARSE, 2); /* A of 3 bytes */
	th_zone_load_text_fails("$TTL 60\na TYPE65280 \\# x 00\n", SGN_EPARSE, 2);
}

/* -- errors and locations -- */

static void zonefile_ttls_stop_at_2_to_the_31_minus_1(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z,
	                     "$TTL PT1H\n"
	                     "a A 192.0.2.1\n"
	                     "b 2147483647 A 192.0.2.2\n"
	                     "c 24855d3h14m7s A 192.0.2.3\n"
	                     "@ SOA ns hm 1 4294967295 1h 1w 0\n",
	                     "example.");
	assert_int_equal(z.count, 4);
	assert_int_equal(z.rrs[0].ttl, 3600);
	assert_int_equal(z.rrs[1].ttl, 2147483647);
	assert_int_equal(z.rrs[2].ttl, 2147483647);
	th_zone_release(&z);
	/* RFC 2181 §8: more is not a TTL; the SOA's 32-bit timers may go up to 2^32 - 1 */
	sgn_diag_t d = th_zone_load_text_fails("$TTL 300\nb 2147483648 A 192.0.2.2\n", SGN_EPARSE, 2);
	assert_non_null(strstr(d.msg, "'2147483648' is more than 2147483647"));
	th_zone_load_text_fails("$TTL 2147483648\n", SGN_EPARSE, 1);
	th_zone_load_text_fails("$TTL 300\n@ SOA ns hm 1 4294967296 1 1 1\n", SGN_EPARSE, 2);
}

static void zonefile_errors_name_the_file_line_and_culprit(void **state)
{
	(void)state;
	sgn_diag_t d = th_zone_load_text_fails("$TTL 300\nwww A 192.0.2.1\nmail AAAAA 192.0.2.2\n",
	                                       SGN_EPARSE, 3);
	assert_string_equal(d.file, "test.zone");
	assert_non_null(strstr(d.msg, "'AAAAA'"));
	d = th_zone_load_text_fails("$TTL 300\nw A 300.1.1.1\n", SGN_EPARSE, 2);
	assert_non_null(strstr(d.msg, "300.1.1.1"));
	d = th_zone_load_text_fails("$TTL 300\na..b A 192.0.2.1\n", SGN_EPARSE, 2);
	assert_non_null(strstr(d.msg, "a..b"));
	d = th_zone_load_text_fails("$TTL 300\n$FOO bar\n", SGN_EPARSE, 2);
	assert_non_null(strstr(d.msg, "$FOO"));
	th_zone_load_text_fails("$TTL 300\nw ANY \\# 0\n", SGN_EPARSE, 2); /* meta type */
	th_zone_load_text_fails("$TTL 300\nw MX 10\n", SGN_EPARSE, 2);     /* missing field */
	th_zone_load_text_fails("$TTL 300\nw A 192.0.2.1 192.0.2.2\n", SGN_EPARSE,
	                        2);                                          /* trailing data */
	th_zone_load_text_fails("$TTL 300\nw 300 IN\n", SGN_EPARSE, 2);      /* no type */
	th_zone_load_text_fails("$TTL 300\n  A 192.0.2.1\n", SGN_EPARSE, 2); /* no previous owner */
	th_zone_load_text_fails("$ORIGIN\n", SGN_EPARSE, 1);
}

static void zonefile_location_reports_the_line_of_each_rr(void **state)
{
	(void)state;
	const char *text = "$TTL 5\n\na A 192.0.2.1\n; x\nb TXT (\n \"y\" )\nc A 192.0.2.3\n";
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	const char *file;
	unsigned long line;
	const unsigned long want[] = { 3, 5, 7 };
	assert_int_equal(sgn_zonefile_open_mem(&zf, "loc", text, strlen(text), NULL, NULL), SGN_OK);
	for (int i = 0; i < 3; i++) {
		assert_int_equal(sgn_zonefile_next(zf, &rr, NULL), SGN_OK);
		sgn_zonefile_location(zf, &file, &line);
		assert_string_equal(file, "loc");
		assert_int_equal(line, want[i]);
	}
	assert_int_equal(sgn_zonefile_next(zf, &rr, NULL), SGN_ENOTFOUND);
	assert_int_equal(sgn_zonefile_next(zf, &rr, NULL), SGN_ENOTFOUND); /* stays at the end */
	sgn_zonefile_free(zf);
}

static void zonefile_origin_accessor_follows_the_directive(void **state)
{
	(void)state;
	const char *text = "$ORIGIN a.example.\nx 1 A 192.0.2.1\n$ORIGIN b\ny 1 A 192.0.2.2\n";
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	assert_int_equal(sgn_zonefile_open_mem(&zf, "o", text, strlen(text), NULL, NULL), SGN_OK);
	assert_int_equal(sgn_zonefile_origin(zf)[0], 0); /* the root until the directive */
	assert_int_equal(sgn_zonefile_next(zf, &rr, NULL), SGN_OK);
	assert_memory_equal(sgn_zonefile_origin(zf), "\1a\7example", 11);
	assert_int_equal(sgn_zonefile_next(zf, &rr, NULL), SGN_OK);
	assert_memory_equal(sgn_zonefile_origin(zf), "\1b\1a\7example", 13);
	sgn_zonefile_free(zf);
}

static void zonefile_open_of_a_missing_file_is_eio_naming_it(void **state)
{
	(void)state;
	sgn_zonefile_t *zf = (sgn_zonefile_t *)1;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zonefile_open(&zf, "/nonexistent/sigil.zone", NULL, &diag), SGN_EIO);
	assert_null(zf);
	assert_string_equal(diag.file, "/nonexistent/sigil.zone");
	sgn_zonefile_free(NULL);
}

static void zonefile_empty_or_comment_only_input_has_no_records(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z, "", NULL);
	assert_int_equal(z.count, 0);
	th_zone_release(&z);
	th_zone_load_text_ok(&z, "; nothing\n\n   \n$TTL 5\n", NULL);
	assert_int_equal(z.count, 0);
	th_zone_release(&z);
}

static void zonefile_reads_records_longer_than_ldns_can(void **state)
{
	(void)state;
	/* a 30000-byte OPENPGPKEY (DESIGN.md: ldns fails on about 25 KB) */
	enum { KEYLEN = 30000 };
	uint8_t *key = malloc(KEYLEN);
	sgn_buf_t b64;
	assert_non_null(key);
	th_fill(key, KEYLEN, 42);
	sgn_buf_init(&b64);
	assert_int_equal(sgn_buf_append(&b64, "k 60 OPENPGPKEY ", 16), SGN_OK);
	assert_int_equal(sgn_base64_encode(&b64, key, KEYLEN), SGN_OK);
	th_zone_t z;
	th_zone_load_text_ok(&z, (const char *)b64.data, "example.");
	assert_int_equal(z.count, 1);
	assert_int_equal(z.rrs[0].rdlen, KEYLEN);
	assert_memory_equal(z.rrs[0].rdata, key, KEYLEN);
	th_zone_release(&z);
	sgn_buf_release(&b64);

	/* RDATA over 65535 bytes is refused, not truncated */
	enum { BIG = 50000 };
	uint8_t *big = realloc(key, BIG);
	assert_non_null(big);
	th_fill(big, BIG, 43);
	sgn_buf_init(&b64);
	assert_int_equal(sgn_buf_append(&b64, "$TTL 1\nk OPENPGPKEY ", 20), SGN_OK);
	assert_int_equal(sgn_base64_encode(&b64, big, BIG), SGN_OK);
	assert_int_equal(sgn_buf_append(&b64, " ", 1), SGN_OK);
	assert_int_equal(sgn_base64_encode(&b64, big, BIG), SGN_OK);
	th_zone_load_text_fails((const char *)b64.data, SGN_EPARSE, 2);
	sgn_buf_release(&b64);
	free(big);
}

/* -- fixtures -- */

static void zonefile_reads_the_rfc4035_example_zone(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load(&z, "testzones/rfc4035-signed-zone-example/example.zone", "example.");
	assert_int_equal(z.count, 63);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_RRSIG), 27);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_NSEC), 10);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_DNSKEY), 2);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_A), 8);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_DS), 1);
	assert_non_null(th_zone_find(&z, "*.w.example.", SGN_TYPE_MX, 0));
	th_zone_release(&z);
}

static void zonefile_reads_the_rfc5155_example_zone(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load(&z, "testzones/rfc5155-nsec3-example-zone/example.zone", "example.");
	assert_int_equal(z.count, 70);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_NSEC3), 12);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_RRSIG), 30);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_NSEC3PARAM), 1);
	/* TTL and class are written on the SOA line only and carry forward */
	for (size_t i = 0; i < z.count; i++) {
		assert_int_equal(z.rrs[i].ttl, 3600);
		assert_int_equal(z.rrs[i].rclass, SGN_CLASS_IN);
	}
	th_zone_release(&z);
}

static void zonefile_reads_the_2023_root_zone_completely(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load(&z, "testzones/root-zone-2023051100/root.zone", NULL);
	assert_int_equal(z.count, 24911);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_RRSIG), 2849);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_NSEC), 1480);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_DS), 1622);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_NS), 7630);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_A), 5833);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_AAAA), 5494);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_DNSKEY), 2);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_SOA), 1);
	const th_rr_t *soa = th_zone_find(&z, ".", SGN_TYPE_SOA, 0);
	assert_non_null(soa);
	char *text = th_rdata_str(soa->type, soa->rdata, soa->rdlen);
	assert_non_null(strstr(text, " 2023051100 "));
	free(text);
	th_zone_release(&z);
}

static void zonefile_reads_the_2017_root_zone_completely(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load(&z, "testzones/root-zone-2017082100/root.zone", NULL);
	assert_int_equal(z.count, 22772);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_RRSIG), 2950);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_NSEC), 1548);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_DS), 2772);
	assert_int_equal(th_zone_count(&z, SGN_TYPE_DNSKEY), 3);
	th_zone_release(&z);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zonefile_origin_ttl_and_relative_names_resolve),
		cmocka_unit_test(zonefile_origin_option_applies_before_any_directive),
		cmocka_unit_test(zonefile_blank_owner_continues_the_previous_owner),
		cmocka_unit_test(zonefile_ttl_and_class_come_in_either_order),
		cmocka_unit_test(zonefile_soa_without_any_ttl_takes_its_minimum),
		cmocka_unit_test(zonefile_missing_ttl_is_an_error_on_its_line),
		cmocka_unit_test(zonefile_ttls_stop_at_2_to_the_31_minus_1),
		cmocka_unit_test(zonefile_parentheses_span_lines_and_comments),
		cmocka_unit_test(zonefile_unbalanced_parentheses_are_errors),
		cmocka_unit_test(zonefile_quoted_strings_keep_blanks_semicolons_and_escapes),
		cmocka_unit_test(zonefile_rfc3597_generic_rdata_reads_any_type),
		cmocka_unit_test(zonefile_errors_name_the_file_line_and_culprit),
		cmocka_unit_test(zonefile_location_reports_the_line_of_each_rr),
		cmocka_unit_test(zonefile_origin_accessor_follows_the_directive),
		cmocka_unit_test(zonefile_open_of_a_missing_file_is_eio_naming_it),
		cmocka_unit_test(zonefile_empty_or_comment_only_input_has_no_records),
		cmocka_unit_test(zonefile_reads_records_longer_than_ldns_can),
		cmocka_unit_test(zonefile_reads_the_rfc4035_example_zone),
		cmocka_unit_test(zonefile_reads_the_rfc5155_example_zone),
		cmocka_unit_test(zonefile_reads_the_2023_root_zone_completely),
		cmocka_unit_test(zonefile_reads_the_2017_root_zone_completely),
	};
	return cmocka_run_group_tests_name("zonefile", tests, NULL, NULL);
}
