/* SPDX-License-Identifier: MIT */
/* Unit tests for time.h: the RRSIG YYYYMMDDHHmmSS form both ways, calendar edge cases, bad
 * input, 32-bit serial times, the RFC 1982 validity-window check of validate.h, and the
 * duration and TTL parser (BIND units, ISO 8601, overflow). */
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
	if (sgn_time_from_str(&t, s) != SGN_OK) {
		fail_msg("'%s' did not parse", s);
	}
	assert_int_equal(t, want);
	assert_string_equal(sgn_time_to_str(buf, want), s);
}

static void expect_bad(const char *s)
{
	int64_t t = 777;
	if (sgn_time_from_str(&t, s) != SGN_EPARSE) {
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
	assert_int_equal(sgn_time_from_str(&t, "20240301000000"), SGN_OK);
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
	assert_string_equal(sgn_time_to_str(buf, -1), "19691231235959");
	assert_string_equal(sgn_time_to_str(buf, -86400), "19691231000000");
}

static void time_round_trips_every_day_for_two_centuries(void **state)
{
	(void)state;
	for (int64_t t = 0; t < INT64_C(200) * 366 * 86400; t += 86400 + 3661) {
		char buf[SGN_TIME_STR_MAX];
		int64_t back = -1;
		sgn_time_to_str(buf, t);
		assert_int_equal(strlen(buf), 14);
		assert_int_equal(sgn_time_from_str(&back, buf), SGN_OK);
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
	sgn_sig_time_check(&cmp, inception, expiration, now);
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

/* -- durations and TTLs -- */

static void expect_duration(const char *s, int64_t want)
{
	int64_t v = -1;
	sgn_err_t err = sgn_duration_from_str(&v, s);
	if (err != SGN_OK) {
		fail_msg("'%s' did not parse: %s", s, sgn_strerror(err));
	}
	if (v != want) {
		fail_msg("'%s' gave %lld, expected %lld", s, (long long)v, (long long)want);
	}
}

static void expect_duration_err(const char *s, sgn_err_t want)
{
	int64_t v = 777;
	sgn_err_t err = sgn_duration_from_str(&v, s);
	if (err != want) {
		fail_msg("'%s' gave %s, expected %s", s, sgn_strerror(err), sgn_strerror(want));
	}
	assert_int_equal(v, 777); /* untouched */
}

static void duration_plain_seconds_and_bind_units(void **state)
{
	(void)state;
	expect_duration("0", 0);
	expect_duration("3600", 3600);
	expect_duration("007", 7);
	expect_duration("30d", 30 * 86400);
	expect_duration("1w2d3h4m5s", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	expect_duration("1W2D3H4M5S", 604800 + 2 * 86400 + 3 * 3600 + 4 * 60 + 5);
	expect_duration("1h30m", 5400);
	expect_duration("90m", 5400);
	expect_duration("5s1h", 3605);       /* any order, as BIND */
	expect_duration("1h1h", 7200);       /* repeated units add up */
	expect_duration("0s", 0);
	expect_duration("0w0d", 0);
}

static void duration_iso8601_counts_years_365_and_months_31_days(void **state)
{
	(void)state;
	expect_duration("P30D", 30 * 86400);
	expect_duration("PT1H", 3600);
	expect_duration("pt1h", 3600);
	expect_duration("P2W", 14 * 86400);
	expect_duration("P1Y", 365 * 86400);
	expect_duration("P1M", 31 * 86400);
	expect_duration("PT1M", 60);          /* M after T: minutes */
	expect_duration("P1MT1M", 31 * 86400 + 60);
	expect_duration("P1Y2M3DT4H5M6S",
	                365 * 86400 + 2 * 31 * 86400 + 3 * 86400 + 4 * 3600 + 5 * 60 + 6);
	expect_duration("P0D", 0);
	expect_duration("PT0S", 0);
	expect_duration("PT36H", 36 * 3600);  /* no carry limits */
}

static void duration_rejects_what_is_not_a_duration(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"", " ", "1h30", "h", "1x", "-1", "+1", "1.5h", "1 h", " 1h", "1h ", "1e3",
		"1hh", "d1", "1mo", "1y", "0x10",
		"P", "PT", "P1DT", "p", "P1", "PT1", "P1H", "PT1D", "PT1Y", "P1S",
		"P1D2Y", "P1D1D", "PT1S1M", "P1W1D", "P1D1W", "P1WT1H", "P1W1W", "PT1HT1M",
		"P-1D", "P1.5D", "P 1D", "P1D ", "1DP", "PP1D", "P1DX",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		expect_duration_err(bad[i], SGN_EPARSE);
	}
}

static void duration_overflow_is_a_limit_not_a_wrap(void **state)
{
	(void)state;
	expect_duration("9223372036854775807", INT64_MAX);
	expect_duration_err("9223372036854775808", SGN_ELIMIT);
	expect_duration_err("99999999999999999999999", SGN_ELIMIT);
	expect_duration("9223372036854775807s", INT64_MAX);
	expect_duration_err("9223372036854775807m", SGN_ELIMIT);
	expect_duration_err("9223372036854775807s1s", SGN_ELIMIT);
	/* INT64_MAX / 604800 = 15250284452471 weeks fit, one more does not */
	expect_duration("15250284452471w", INT64_C(15250284452471) * 604800);
	expect_duration_err("15250284452472w", SGN_ELIMIT);
	expect_duration("P15250284452471W", INT64_C(15250284452471) * 604800);
	expect_duration_err("P15250284452472W", SGN_ELIMIT);
	expect_duration_err("P292471208678Y", SGN_ELIMIT);
	expect_duration("P292471208677Y", INT64_C(292471208677) * 365 * 86400);
	expect_duration_err("P292471208677Y99999999D", SGN_ELIMIT);
}

static void ttl_is_a_duration_up_to_2_to_the_31_minus_1(void **state)
{
	(void)state;
	uint32_t ttl = 5;
	assert_int_equal(sgn_ttl_from_str(&ttl, "0"), SGN_OK);
	assert_int_equal(ttl, 0);
	assert_int_equal(sgn_ttl_from_str(&ttl, "1h30m"), SGN_OK);
	assert_int_equal(ttl, 5400);
	assert_int_equal(sgn_ttl_from_str(&ttl, "PT1H"), SGN_OK);
	assert_int_equal(ttl, 3600);
	assert_int_equal(sgn_ttl_from_str(&ttl, "2147483647"), SGN_OK);
	assert_int_equal(ttl, SGN_TTL_MAX);
	ttl = 5;
	assert_int_equal(sgn_ttl_from_str(&ttl, "2147483648"), SGN_ELIMIT);
	assert_int_equal(sgn_ttl_from_str(&ttl, "4294967295"), SGN_ELIMIT);
	assert_int_equal(sgn_ttl_from_str(&ttl, "4294967296"), SGN_ELIMIT);
	/* 3550w = 2147040000 s fits, 3551w does not; 24855d = 2147472000, 24856d does not */
	assert_int_equal(sgn_ttl_from_str(&ttl, "3551w"), SGN_ELIMIT);
	assert_int_equal(sgn_ttl_from_str(&ttl, "24856d"), SGN_ELIMIT);
	assert_int_equal(sgn_ttl_from_str(&ttl, "24855d3h14m7s"), SGN_OK);
	assert_int_equal(ttl, SGN_TTL_MAX);
	ttl = 5;
	assert_int_equal(sgn_ttl_from_str(&ttl, "24855d3h14m8s"), SGN_ELIMIT);
	assert_int_equal(sgn_ttl_from_str(&ttl, "1h30"), SGN_EPARSE);
	assert_int_equal(sgn_ttl_from_str(&ttl, ""), SGN_EPARSE);
	assert_int_equal(ttl, 5);
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
		cmocka_unit_test(duration_plain_seconds_and_bind_units),
		cmocka_unit_test(duration_iso8601_counts_years_365_and_months_31_days),
		cmocka_unit_test(duration_rejects_what_is_not_a_duration),
		cmocka_unit_test(duration_overflow_is_a_limit_not_a_wrap),
		cmocka_unit_test(ttl_is_a_duration_up_to_2_to_the_31_minus_1),
	};
	return cmocka_run_group_tests_name("time", tests, NULL, NULL);
}
