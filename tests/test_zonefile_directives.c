/* SPDX-License-Identifier: MIT */
/* Unit tests for the $INCLUDE and $GENERATE directives of the zone text reader (text.h):
 * origins across included files, nesting limits, BIND's ${offset,width,base} modifiers,
 * the generate budget at its limit and limit+1, and the options that refuse both. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/text.h>

#include "helpers.h"

/* Each $INCLUDE test gets its own mkdtemp directory, removed even when the test fails. */
/* -- $INCLUDE -- */

static void zonefile_include_reads_the_file_and_restores_the_origin(void **state)
{
	const char *dir = *state;
	char main_text[1024];
	th_write_file(th_join(dir, "inc.zone"), "$ORIGIN sub.example.\n"
	                                        "host A 192.0.2.10\n"
	                                        "other 120 A 192.0.2.11\n");
	snprintf(main_text, sizeof(main_text),
	         "$TTL 300\n"
	         "before A 192.0.2.1\n"
	         "$INCLUDE %s\n"
	         "after A 192.0.2.2\n"
	         "$INCLUDE %s other.example.\n"
	         "last A 192.0.2.3\n",
	         th_join(dir, "inc.zone"), th_join(dir, "inc.zone"));
	th_zone_t z;
	th_zone_load_text_ok(&z, main_text, "example.");
	assert_int_equal(z.count, 7);
	assert_string_equal(th_name_str(z.rrs[0].owner), "before.example.");
	assert_string_equal(th_name_str(z.rrs[1].owner), "host.sub.example.");
	assert_int_equal(z.rrs[1].ttl, 300); /* $TTL carries into the included file */
	assert_int_equal(z.rrs[2].ttl, 120);
	assert_string_equal(th_name_str(z.rrs[3].owner), "after.example."); /* origin restored */
	assert_string_equal(th_name_str(z.rrs[4].owner), "host.sub.example.");
	assert_string_equal(th_name_str(z.rrs[6].owner), "last.example.");
	th_zone_release(&z);
}

static void zonefile_include_origin_argument_sets_the_included_origin(void **state)
{
	const char *dir = *state;
	char main_text[512];
	th_write_file(th_join(dir, "hosts.zone"), "www A 192.0.2.20\n@ MX 10 mail\n");
	snprintf(main_text, sizeof(main_text),
	         "$TTL 60\n$INCLUDE %s shop.example.\nx A 192.0.2.1\n", th_join(dir, "hosts.zone"));
	th_zone_t z;
	th_zone_load_text_ok(&z, main_text, "example.");
	assert_int_equal(z.count, 3);
	th_expect_rr(&z.rrs[0], "www.shop.example.", 60, SGN_TYPE_A, "192.0.2.20");
	th_expect_rr(&z.rrs[1], "shop.example.", 60, SGN_TYPE_MX, "10 mail.shop.example.");
	th_expect_rr(&z.rrs[2], "x.example.", 60, SGN_TYPE_A, "192.0.2.1");
	th_zone_release(&z);
}

static void zonefile_include_finds_files_beside_the_including_file(void **state)
{
	const char *dir = *state;
	th_write_file(th_join(dir, "main.zone"), "$TTL 60\n$INCLUDE part-of-sigil-test.inc\n");
	th_write_file(th_join(dir, "part-of-sigil-test.inc"), "p A 192.0.2.30\n");
	sgn_zonefile_opts_t opts;
	uint8_t origin[SGN_NAME_MAX];
	sgn_zonefile_opts_init(&opts);
	opts.origin = th_name(origin, "example.");
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zonefile_open(&zf, th_join(dir, "main.zone"), &opts, &diag), SGN_OK);
	assert_int_equal(sgn_zonefile_next(zf, &rr, &diag), SGN_OK);
	assert_int_equal(rr.type, SGN_TYPE_A);
	const char *file;
	unsigned long line;
	sgn_zonefile_location(zf, &file, &line);
	assert_string_equal(file, th_join(dir, "part-of-sigil-test.inc"));
	assert_int_equal(line, 1);
	assert_int_equal(sgn_zonefile_next(zf, &rr, &diag), SGN_ENOTFOUND);
	sgn_zonefile_free(zf);
}

static void zonefile_include_of_itself_stops_at_the_depth_limit(void **state)
{
	const char *dir = *state;
	char text[256];
	const char *loop = th_join(dir, "loop.zone");
	snprintf(text, sizeof(text), "x 60 A 192.0.2.1\n$INCLUDE %s\n", loop);
	th_write_file(loop, text);
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_diag_t diag;
	sgn_err_t err;
	size_t n = 0;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zonefile_open(&zf, loop, NULL, &diag), SGN_OK);
	while ((err = sgn_zonefile_next(zf, &rr, &diag)) == SGN_OK) {
		n++;
	}
	assert_int_equal(err, SGN_ELIMIT);
	assert_int_equal(diag.err, SGN_ELIMIT);
	assert_int_equal(diag.line, 2);
	assert_int_equal(n, 17); /* the file itself plus 16 nested includes (the default) */
	sgn_zonefile_free(zf);
}

static void zonefile_include_of_a_missing_file_names_the_including_line(void **state)
{
	(void)state;
	sgn_diag_t d = th_zone_load_text_fails(
	    "$TTL 1\n\n$INCLUDE /nonexistent/sigil-no-such.zone\n", SGN_EIO, 3);
	assert_string_equal(d.file, "test.zone");
	assert_non_null(strstr(d.msg, "sigil-no-such.zone"));
}

static void zonefile_no_include_option_refuses_the_directive(void **state)
{
	const char *dir = *state;
	char text[256];
	th_write_file(th_join(dir, "inc.zone"), "i 60 A 192.0.2.1\n");
	snprintf(text, sizeof(text), "a 60 A 192.0.2.1\n$INCLUDE %s\n", th_join(dir, "inc.zone"));
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.no_include = true;
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zonefile_open_mem(&zf, "untrusted", text, strlen(text), &opts, &diag),
	                 SGN_OK);
	assert_int_equal(sgn_zonefile_next(zf, &rr, &diag), SGN_OK);
	assert_int_equal(sgn_zonefile_next(zf, &rr, &diag), SGN_EPARSE);
	assert_string_equal(diag.file, "untrusted");
	assert_int_equal(diag.line, 2);
	assert_non_null(strstr(diag.msg, "$INCLUDE"));
	sgn_zonefile_free(zf);
}

/* -- $GENERATE -- */

static void zonefile_generate_expands_the_range(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z, "$TTL 60\n$GENERATE 1-3 host$ A 10.0.0.$\nafter A 10.1.1.1\n",
	                     "example.");
	assert_int_equal(z.count, 4);
	for (int i = 0; i < 3; i++) {
		char owner[64], addr[32];
		snprintf(owner, sizeof(owner), "host%d.example.", i + 1);
		snprintf(addr, sizeof(addr), "10.0.0.%d", i + 1);
		th_expect_rr(&z.rrs[i], owner, 60, SGN_TYPE_A, addr);
		assert_int_equal(z.rrs[i].line, 2);
	}
	assert_string_equal(th_name_str(z.rrs[3].owner), "after.example.");
	th_zone_release(&z);
}

static void zonefile_generate_applies_offset_width_and_base(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(
	    &z,
	    "$GENERATE 8-10/2 h${10,3,d} 300 IN TXT \"${0,4,x} ${0,0,o} ${-8,2,X}\"\n"
	    "$GENERATE 0-1 ${0,3,n}.rev. 1 PTR host-${1}.\n",
	    "example.");
	assert_int_equal(z.count, 4);
	/* a quoted rhs is RDATA text: three TXT strings here */
	th_expect_rr(&z.rrs[0], "h018.example.", 300, SGN_TYPE_TXT, "\"0008\" \"10\" \"00\"");
	th_expect_rr(&z.rrs[1], "h020.example.", 300, SGN_TYPE_TXT, "\"000a\" \"12\" \"02\"");
	th_expect_rr(&z.rrs[2], "0.0.rev.", 1, SGN_TYPE_PTR, "host-1.");
	th_expect_rr(&z.rrs[3], "1.0.rev.", 1, SGN_TYPE_PTR, "host-2.");
	th_zone_release(&z);
}

static void zonefile_generate_quoted_rhs_holds_several_fields(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z, "$GENERATE 1-2 @ 60 MX \"$ mx$.example.\"\n", "example.");
	assert_int_equal(z.count, 2);
	th_expect_rr(&z.rrs[0], "example.", 60, SGN_TYPE_MX, "1 mx1.example.");
	th_expect_rr(&z.rrs[1], "example.", 60, SGN_TYPE_MX, "2 mx2.example.");
	th_zone_release(&z);
}

static void zonefile_generate_escaped_dollar_is_literal(void **state)
{
	(void)state;
	th_zone_t z;
	th_zone_load_text_ok(&z, "$GENERATE 5-5 a$ 60 TXT cost\\$$\n", "example.");
	assert_int_equal(z.count, 1);
	th_expect_rr(&z.rrs[0], "a5.example.", 60, SGN_TYPE_TXT, "\"cost$5\"");
	th_zone_release(&z);
}

static void zonefile_generate_rejects_bad_ranges_and_modifiers(void **state)
{
	(void)state;
	th_zone_load_text_fails("$GENERATE 3-1 h$ 60 A 10.0.0.$\n", SGN_EPARSE, 1);
	th_zone_load_text_fails("$GENERATE 1-x h$ 60 A 10.0.0.$\n", SGN_EPARSE, 1);
	th_zone_load_text_fails("$GENERATE 1-3/0 h$ 60 A 10.0.0.$\n", SGN_EPARSE, 1);
	th_zone_load_text_fails("$GENERATE 1-3 h$\n", SGN_EPARSE, 1);
	th_zone_load_text_fails("$TTL 1\n$GENERATE 1-2 h${0,3,q} A 10.0.0.1\n", SGN_EPARSE, 2);
	th_zone_load_text_fails("$TTL 1\n$GENERATE 1-2 h${0,3,d A 10.0.0.1\n", SGN_EPARSE, 2);
	th_zone_load_text_fails("$TTL 1\n$GENERATE 1-2 h$ A 10.0.0.${300}\n", SGN_EPARSE,
	                        2); /* 301: bad IPv4 */
}

/* Read @p text with max_generate = @p max; returns the error and the RR count. */
static sgn_err_t generate_with_limit(const char *text, unsigned long max, size_t *count)
{
	sgn_zonefile_opts_t opts;
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_err_t err;
	sgn_diag_t diag;
	sgn_zonefile_opts_init(&opts);
	opts.max_generate = max;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zonefile_open_mem(&zf, "gen", text, strlen(text), &opts, &diag),
	                 SGN_OK);
	*count = 0;
	while ((err = sgn_zonefile_next(zf, &rr, &diag)) == SGN_OK) {
		(*count)++;
	}
	sgn_zonefile_free(zf);
	return err == SGN_ENOTFOUND ? SGN_OK : err;
}

static void zonefile_generate_limit_allows_max_and_refuses_max_plus_one(void **state)
{
	(void)state;
	size_t n;
	const char *text = "$GENERATE 1-100 h$ 60 A 10.0.0.1\n";
	assert_int_equal(generate_with_limit(text, 100, &n), SGN_OK);
	assert_int_equal(n, 100);
	assert_int_equal(generate_with_limit(text, 99, &n), SGN_ELIMIT);
	assert_int_equal(n, 0);
	/* with a step the count is what is generated, not the width of the range */
	assert_int_equal(generate_with_limit("$GENERATE 0-99/10 h$ 60 A 10.0.0.1\n", 10, &n),
	                 SGN_OK);
	assert_int_equal(n, 10);
}

static void zonefile_no_generate_option_refuses_the_directive(void **state)
{
	(void)state;
	const char *text = "$GENERATE 1-3 h$ 60 A 10.0.0.$\n";
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.no_generate = true;
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zonefile_open_mem(&zf, "g", text, strlen(text), &opts, &diag), SGN_OK);
	assert_int_equal(sgn_zonefile_next(zf, &rr, &diag), SGN_EPARSE);
	assert_int_equal(diag.line, 1);
	assert_non_null(strstr(diag.msg, "$GENERATE"));
	sgn_zonefile_free(zf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    zonefile_include_reads_the_file_and_restores_the_origin, th_tmpdir_setup,
		    th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    zonefile_include_origin_argument_sets_the_included_origin, th_tmpdir_setup,
		    th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(
		    zonefile_include_finds_files_beside_the_including_file, th_tmpdir_setup,
		    th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(zonefile_include_of_itself_stops_at_the_depth_limit,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test(zonefile_include_of_a_missing_file_names_the_including_line),
		cmocka_unit_test_setup_teardown(zonefile_no_include_option_refuses_the_directive,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test(zonefile_generate_expands_the_range),
		cmocka_unit_test(zonefile_generate_applies_offset_width_and_base),
		cmocka_unit_test(zonefile_generate_quoted_rhs_holds_several_fields),
		cmocka_unit_test(zonefile_generate_escaped_dollar_is_literal),
		cmocka_unit_test(zonefile_generate_rejects_bad_ranges_and_modifiers),
		cmocka_unit_test(zonefile_generate_limit_allows_max_and_refuses_max_plus_one),
		cmocka_unit_test(zonefile_no_generate_option_refuses_the_directive),
	};
	return cmocka_run_group_tests_name("zonefile_directives", tests, NULL, NULL);
}
