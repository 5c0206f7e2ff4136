/* SPDX-License-Identifier: MIT */
/* Unit tests for time.h: the RRSIG YYYYMMDDHHmmSS form both ways, calendar edge cases, bad
 * input, 32-bit serial times, and the RFC 1982 validity-window check of validate.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libsign/time.h>
#include <libsign/validate.h>

#include "helpers.h"

static void expect_time(const char *s, int64_t want)
{
	int64_t t = -12345;
	char buf[SGN_TIME_STR_MAX];
	if (sgn_time_from_str(s, &t) != SGN_OK) {
		fail_msg("'%s' did not parse", s);
	}
	assert_int_equal(t, want);
	assert_string_equal(sgn_time_to_str(want, buf), s);
}

static void expect_bad(const char *s)
{
	int64_t t = 777;
	if (sgn_time_from_str(s, &t) != SGN_EPARSE) {
		fail_msg("'%s' parsed, expected a parse error", s);
	}
	assert_int_equal(t, 777); /* untouched */
}

static void time_known_dates_convert_both_ways(void **state)
{
	(void)state;
	expect_time("19700101000000", 0);
	expect_time("20000101000000", 946684800);  /* RFC 5702 inception */
	expect_time("20300101000000", 1893456000); /* RFC 5702 expiration */
	expect_time("20100812100439", 1281607479); /* RFC 6605 P-256 inception */
	expect_time("20150729220000", 1438207200); /* RFC 8080 inception */
	expect_time("20051021000000", 1129852800); /* RFC 5155 inception */
	expect_time("20150420235959", 1429574399); /* RFC 5155 expiration */
	expect_time("20231114221320", TH_NOW);
	expect_time("21060207062815", INT64_C(4294967295)); /* the last 32-bit second */
	expect_time("21060207062816", INT64_C(4294967296));
}

static void time_leap_years_follow_the_gregorian_rules(void **state)
{
	(void)state;
	int64_t t;
	expect_time("20240229000000", 1709164800);
	expect_time("20000229120000", 951825600); /* divisible by 400: leap */
	expect_bad("21000229000000");             /* divisible by 100: not leap */
	expect_bad("20230229000000");
	assert_int_equal(sgn_time_from_str("20240301000000", &t), SGN_OK);
	assert_int_equal(t, 1709164800 + 86400);
	expect_time("19991231235959", 946684799);
}

static void time_rejects_out_of_range_fields(void **state)
{
	(void)state;
	expect_bad("20231301000000"); /* month 13 */
	expect_bad("20230001000000"); /* month 0 */
	expect_bad("20230100000000"); /* day 0 */
	expect_bad("20230132000000"); /* day 32 */
	expect_bad("20230431000000"); /* April 31 */
	expect_bad("20230101240000"); /* hour 24 */
	expect_bad("20230101006000"); /* minute 60 */
	expect_bad("20230101000061"); /* second 61 */
}

static void time_rejects_wrong_length_and_non_digits(void **state)
{
	(void)state;
	expect_bad("");
	expect_bad("2023010100000");   /* 13 digits */
	expect_bad("202301010000000"); /* 15 digits */
	expect_bad("2023-01-0100000");
	expect_bad("2023010100000a");
	expect_bad(" 20230101000000");
	expect_bad("+2023010100000");
	expect_bad("1700000000"); /* Unix seconds are the caller's business */
}

static void time_to_str_handles_times_before_1970(void **state)
{
	(void)state;
	char buf[SGN_TIME_STR_MAX];
	assert_string_equal(sgn_time_to_str(-1, buf), "19691231235959");
	assert_string_equal(sgn_time_to_str(-86400, buf), "19691231000000");
}

static void time_round_trips_every_day_for_two_centuries(void **state)
{
	(void)state;
	for (int64_t t = 0; t < INT64_C(200) * 366 * 86400; t += 86400 + 3661) {
		char buf[SGN_TIME_STR_MAX];
		int64_t back = -1;
		sgn_time_to_str(t, buf);
		assert_int_equal(strlen(buf), 14);
		assert_int_equal(sgn_time_from_str(buf, &back), SGN_OK);
		assert_int_equal(back, t);
	}
}

static void time_from_serial_takes_the_value_nearest_now(void **state)
{
	(void)state;
	const int64_t wrap = INT64_C(0x100000000);
	assert_int_equal(sgn_time_from_serial((uint32_t)TH_NOW, TH_NOW), TH_NOW);
	assert_int_equal(sgn_time_from_serial((uint32_t)(TH_NOW + 86400), TH_NOW), TH_NOW + 86400);
	assert_int_equal(sgn_time_from_serial((uint32_t)(TH_NOW - 86400), TH_NOW), TH_NOW - 86400);
	/* after 2106 the 32-bit value wraps; the full time is recovered near now */
	assert_int_equal(sgn_time_from_serial(100u, wrap + 50), wrap + 100);
	assert_int_equal(sgn_time_from_serial(0xffffff00u, wrap + 50), wrap - 256);
	assert_int_equal(sgn_time_from_serial(0xfffffff0u, wrap + 5), wrap - 16);
	assert_int_equal(sgn_time_from_serial(5u, wrap - 16), wrap + 5);
	assert_int_equal(sgn_time_from_serial(0u, 0), 0);
}

/* -- RFC 1982 time arithmetic -- */

static int time_cmp(uint32_t inception, uint32_t expiration, int64_t now)
{
	int cmp = 99;
	sgn_sig_time_check(inception, expiration, now, &cmp);
	return cmp;
}

static void sig_time_check_uses_serial_arithmetic_across_the_wrap(void **state)
{
	(void)state;
	const int64_t wrap = INT64_C(0x100000000); /* 2106-02-07 06:28:16 UTC */
	/* an ordinary window */
	assert_int_equal(time_cmp(1000, 2000, 999), -1);
	assert_int_equal(time_cmp(1000, 2000, 1000), 0);
	assert_int_equal(time_cmp(1000, 2000, 2000), 0);
	assert_int_equal(time_cmp(1000, 2000, 2001), 1);
	/* a window across 2^32: inception near the top, expiration wrapped past zero */
	uint32_t inc = 0xffffff00u, exp = 0x00000100u;
	assert_int_equal(time_cmp(inc, exp, wrap - 0x100), 0);
	assert_int_equal(time_cmp(inc, exp, wrap), 0);
	assert_int_equal(time_cmp(inc, exp, wrap + 0x100), 0);
	assert_int_equal(time_cmp(inc, exp, wrap + 0x101), 1);
	assert_int_equal(time_cmp(inc, exp, wrap - 0x101), -1);
	/* the same 32-bit values one full cycle later mean the same thing */
	assert_int_equal(time_cmp(1000, 2000, wrap + 1500), 0);
	assert_int_equal(time_cmp(1000, 2000, wrap + 2001), 1);
	/* far after the expiration, but less than 2^31 from it, is still after it */
	assert_int_equal(time_cmp(1000, 2000, 2000 + INT64_C(0x70000000)), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(time_known_dates_convert_both_ways),
		cmocka_unit_test(time_leap_years_follow_the_gregorian_rules),
		cmocka_unit_test(time_rejects_out_of_range_fields),
		cmocka_unit_test(time_rejects_wrong_length_and_non_digits),
		cmocka_unit_test(time_to_str_handles_times_before_1970),
		cmocka_unit_test(time_round_trips_every_day_for_two_centuries),
		cmocka_unit_test(time_from_serial_takes_the_value_nearest_now),
		cmocka_unit_test(sig_time_check_uses_serial_arithmetic_across_the_wrap),
	};
	return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
