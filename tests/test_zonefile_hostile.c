/* SPDX-License-Identifier: MIT */
/* Unit tests for the zone text reader on hostile input (text.h): $INCLUDE of devices,
 * FIFOs and files outside a confined directory, unbounded lines, NUL bytes, $GENERATE
 * ranges that overflow and the per-zone $GENERATE budget, TTLs out of range, and
 * SVCB/HTTPS RDATA whose SvcParams are malformed (refused when read, printed in RFC 3597
 * form, never handed to ldns's printer). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsign/rr.h>
#include <libsign/text.h>

#include "helpers.h"

/* A blocked read must fail the test, not hang it: on the old reader a FIFO or /dev/zero
 * never returned. */
#define HANG_GUARD_SECONDS 20

/* Read @p len bytes of zone text named @p name with @p opts until an error or the end;
 * returns the error (SGN_OK at the end) with @p diag and the count of RRs read. */
static sgn_err_t read_all(const char *name, const char *text, size_t len,
                          const sgn_zonefile_opts_t *opts, sgn_diag_t *diag, size_t *count)
{
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_err_t err;
	sgn_diag_init(diag);
	alarm(HANG_GUARD_SECONDS);
	err = sgn_zonefile_open_mem(&zf, name, text, len, opts, diag);
	*count = 0;
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		(*count)++;
	}
	sgn_zonefile_free(zf);
	alarm(0);
	return err == SGN_ENOTFOUND ? SGN_OK : err;
}

static sgn_err_t read_text(const char *text, sgn_diag_t *diag, size_t *count)
{
	return read_all("hostile.zone", text, strlen(text), NULL, diag, count);
}

/* -- $INCLUDE -- */

static void zonefile_include_of_a_device_is_refused(void **state)
{
	(void)state;
	sgn_diag_t d;
	size_t n;
	assert_int_equal(read_text("$TTL 60\na A 192.0.2.1\n$INCLUDE /dev/zero\n", &d, &n),
	                 SGN_EPARSE);
	assert_int_equal(d.line, 3);
	assert_string_equal(d.file, "hostile.zone");
	assert_non_null(strstr(d.msg, "'/dev/zero' is not a regular file"));
	assert_int_equal(read_text("$INCLUDE /dev/urandom\n", &d, &n), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "not a regular file"));
	assert_int_equal(read_text("$INCLUDE /\n", &d, &n), SGN_EPARSE); /* a directory */
}

static void zonefile_include_of_a_fifo_is_refused_without_blocking(void **state)
{
	const char *dir = *state;
	char text[512];
	const char *fifo = th_join(dir, "pipe.zone");
	assert_int_equal(mkfifo(fifo, 0600), 0);
	snprintf(text, sizeof(text), "$INCLUDE %s\n", fifo);
	sgn_diag_t d;
	size_t n;
	assert_int_equal(read_text(text, &d, &n), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "is not a regular file"));
}

/* The zone file (its name, for text in memory) sits in @p dir; includes confined. */
static sgn_err_t read_confined(const char *dir, const char *text, sgn_diag_t *d)
{
	sgn_zonefile_opts_t opts;
	size_t n;
	char name[600];
	sgn_zonefile_opts_init(&opts);
	opts.include_confine = true;
	snprintf(name, sizeof(name), "%s/main.zone", dir);
	return read_all(name, text, strlen(text), &opts, d, &n);
}

static void zonefile_confined_include_stays_in_the_zone_directory(void **state)
{
	const char *dir = *state;
	char sub[512], text[600];
	snprintf(sub, sizeof(sub), "%s/sub", dir);
	assert_int_equal(mkdir(sub, 0700), 0);
	th_write_file(th_join(dir, "sub/part.zone"), "p 60 A 192.0.2.1\n");
	th_write_file(th_join(dir, "outside.zone"), "o 60 A 192.0.2.2\n");
	sgn_diag_t d;
	/* a relative name below the directory: read */
	assert_int_equal(read_confined(dir, "$INCLUDE sub/part.zone\n", &d), SGN_OK);
	/* absolute names and ".." are refused even when they point inside */
	snprintf(text, sizeof(text), "$INCLUDE %s/sub/part.zone\n", dir);
	assert_int_equal(read_confined(dir, text, &d), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "outside the zone file's directory"));
	assert_int_equal(read_confined(sub, "$INCLUDE ../outside.zone\n", &d), SGN_EPARSE);
	assert_int_equal(d.line, 1);
	assert_int_equal(read_confined(dir, "$INCLUDE sub/../sub/part.zone\n", &d), SGN_EPARSE);
	/* a symbolic link that leads out */
	assert_int_equal(symlink(th_join(dir, "outside.zone"), th_join(dir, "sub/link.zone")), 0);
	assert_int_equal(read_confined(sub, "$INCLUDE link.zone\n", &d), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "leads outside"));
	/* a name that merely starts with two dots is a name */
	th_write_file(th_join(dir, "sub/..x.zone"), "x 60 A 192.0.2.3\n");
	assert_int_equal(read_confined(sub, "$INCLUDE ..x.zone\n", &d), SGN_OK);
}

/* -- lines -- */

static void zonefile_unbounded_line_stops_at_one_mebibyte(void **state)
{
	(void)state;
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_diag_t d;
	sgn_diag_init(&d);
	alarm(HANG_GUARD_SECONDS);
	assert_int_equal(sgn_zonefile_open(&zf, "/dev/zero", NULL, &d), SGN_OK);
	assert_int_equal(sgn_zonefile_next(zf, &rr, &d), SGN_ELIMIT);
	alarm(0);
	assert_int_equal(d.line, 1);
	assert_non_null(strstr(d.msg, "line longer than 1 MiB"));
	sgn_zonefile_free(zf);
	/* in memory too, and one byte less is a line */
	size_t len = 1024 * 1024;
	char *text = malloc(len + 2);
	assert_non_null(text);
	memset(text, 'a', len + 1);
	text[len - 1] = '\n';
	size_t n;
	assert_int_equal(read_all("long", text, len, NULL, &d, &n), SGN_EPARSE); /* bad owner */
	text[len - 1] = 'a';
	text[len] = '\n';
	assert_int_equal(read_all("long", text, len + 1, NULL, &d, &n), SGN_ELIMIT);
	free(text);
}

static void zonefile_nul_byte_is_an_error_with_its_line(void **state)
{
	(void)state;
	static const char cut[] = "$ORIGIN example.com.\n$TTL 60\n"
	                          "www MX 10 mail\0.evil.example.net.\n";
	sgn_diag_t d;
	size_t n;
	assert_int_equal(read_all("nul.zone", cut, sizeof(cut) - 1, NULL, &d, &n), SGN_EPARSE);
	assert_int_equal(n, 0);
	assert_string_equal(d.file, "nul.zone");
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "NUL byte"));
	/* a line that starts with NUL is not dropped */
	static const char first[] = "$TTL 60\n\0www.example. A 192.0.2.1\n";
	assert_int_equal(read_all("nul.zone", first, sizeof(first) - 1, NULL, &d, &n), SGN_EPARSE);
	assert_int_equal(d.line, 2);
	/* an empty text is an empty zone, not a NUL */
	assert_int_equal(read_all("empty", "", 0, NULL, &d, &n), SGN_OK);
	assert_int_equal(n, 0);
}

/* -- $GENERATE -- */

static void zonefile_generate_range_overflow_is_refused(void **state)
{
	(void)state;
	sgn_diag_t d;
	size_t n;
	static const char *const bad[] = {
		"$GENERATE 9223372036854775807-9223372036854775807 h$ 60 A 192.0.2.1\n",
		"$GENERATE 0-18446744073709551617 h$ 60 A 192.0.2.1\n",
		"$GENERATE 4294967296-4294967296 h$ 60 A 192.0.2.1\n",
		"$GENERATE 0-1/9223372036854775808 h$ 60 A 192.0.2.1\n",
		"$GENERATE -5-1 h$ 60 A 192.0.2.1\n",
		"$GENERATE 1- 5 h$ 60 A 192.0.2.1\n",
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(read_text(bad[i], &d, &n), SGN_EPARSE);
		assert_int_equal(n, 0);
		assert_non_null(strstr(d.msg, "bad $GENERATE range"));
	}
	/* the largest values are fine */
	assert_int_equal(read_text("$GENERATE 4294967295-4294967295/4294967295 h$ 60 TXT $\n",
	                           &d, &n), SGN_OK);
	assert_int_equal(n, 1);
	/* offsets that would overflow */
	assert_int_equal(read_text("$GENERATE 1-1 h${9223372036854775807} 60 A 192.0.2.1\n", &d,
	                           &n), SGN_EPARSE);
	assert_int_equal(read_text("$GENERATE 5-5 h${-9223372036854775808} 60 A 192.0.2.1\n", &d,
	                           &n), SGN_EPARSE);
	assert_int_equal(read_text("$GENERATE 5-5 h${-5} 60 TXT ${4294967295}\n", &d, &n), SGN_OK);
}

static sgn_err_t generate_budget(unsigned long max, size_t *n, sgn_diag_t *d)
{
	static const char text[] = "$GENERATE 1-600 a$ 60 A 192.0.2.1\n"
	                           "$GENERATE 1-400/1 b$ 60 A 192.0.2.1\n";
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.max_generate = max;
	return read_all("budget.zone", text, sizeof(text) - 1, &opts, d, n);
}

static void zonefile_generate_budget_counts_every_directive_of_the_zone(void **state)
{
	(void)state;
	sgn_diag_t d;
	size_t n;
	assert_int_equal(generate_budget(1000, &n, &d), SGN_OK);
	assert_int_equal(n, 1000);
	assert_int_equal(generate_budget(999, &n, &d), SGN_ELIMIT);
	assert_int_equal(n, 600); /* the first directive fits, the second does not */
	assert_int_equal(d.line, 2);
	assert_non_null(strstr(d.msg, "more than 999 records in the zone"));
	assert_non_null(strstr(d.msg, "--max-generate"));
	/* the default is a per-zone budget too */
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	assert_int_equal(opts.max_generate, SGN_ZONEFILE_MAX_GENERATE);
	char *text = malloc(64 * 20);
	assert_non_null(text);
	text[0] = '\0';
	for (int i = 0; i < 20; i++) {
		char line[64];
		snprintf(line, sizeof(line), "$GENERATE 0-65535 h%d-$ 60 A 192.0.2.1\n", i);
		strcat(text, line);
	}
	assert_int_equal(read_all("many.zone", text, strlen(text), NULL, &d, &n), SGN_ELIMIT);
	assert_int_equal(n, 15 * 65536); /* 1,000,000 / 65,536 directives */
	assert_int_equal(d.line, 16);
	free(text);
}

/* -- TTLs -- */

static void zonefile_ttl_out_of_range_says_so(void **state)
{
	(void)state;
	sgn_diag_t d;
	size_t n;
	assert_int_equal(read_text("$TTL 4294967296\n", &d, &n), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "TTL '4294967296' is more than 2147483647: out of range"));
	assert_int_equal(read_text("$TTL 2147483648\n", &d, &n), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "out of range"));
	assert_int_equal(read_text("a 99999999999 A 192.0.2.1\n", &d, &n), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "out of range"));
	assert_int_equal(read_text("$TTL 100000w\n", &d, &n), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "out of range"));
	assert_int_equal(read_text("$TTL 2147483647\na A 192.0.2.1\n", &d, &n), SGN_OK);
	assert_int_equal(read_text("$TTL 1x\n", &d, &n), SGN_EPARSE);
	assert_non_null(strstr(d.msg, "bad TTL '1x'"));
}

/* -- SVCB / HTTPS layouts -- */

static void expect_print(uint16_t type, const uint8_t *rdata, size_t len, const char *want)
{
	char *got = th_rdata_str(type, rdata, len);
	assert_string_equal(got, want);
	free(got);
}

static void rdata_svcb_with_malformed_params_is_refused(void **state)
{
	(void)state;
	static const char *const bad[] = {
		"\\# 10 0001 00 0004 0003 010203",   /* ipv4hint of 3 bytes */
		"\\# 8 0001 00 0000 0001 00",        /* mandatory of 1 byte */
		"\\# 7 0001 00 0001 0001 00",        /* alpn cut short */
		"\\# 8 0001 00 0001 0000 ",          /* alpn empty (and RDATA short) */
		"\\# 9 0001 00 0003 0002 01bb 00",   /* trailing byte after port */
		"\\# 14 0001 00 0003 0002 01bb 0001 0002 0168", /* keys out of order */
		"\\# 14 0001 00 0003 0002 01bb 0003 0002 01bb", /* a key twice */
		"\\# 7 0001 00 ffff 0000",           /* the reserved invalid key */
		"\\# 6 0001 03616263",               /* target name without its end */
	};
	sgn_buf_t out;
	sgn_diag_t d;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sgn_buf_init(&out);
		sgn_diag_init(&d);
		sgn_err_t err = sgn_rdata_from_str(&out, SGN_TYPE_SVCB, bad[i], NULL, &d);
		if (err != SGN_EPARSE) {
			fail_msg("'%s' read as %s", bad[i], sgn_strerror(err));
		}
		sgn_buf_release(&out);
		sgn_buf_init(&out);
		assert_int_equal(sgn_rdata_from_str(&out, SGN_TYPE_HTTPS, bad[i], NULL, &d),
		                 SGN_EPARSE);
		sgn_buf_release(&out);
	}
	assert_non_null(strstr(d.msg, "HTTPS RDATA does not match the layout of its type"));
}

static void rdata_svcb_malformed_wire_prints_in_rfc3597_form(void **state)
{
	(void)state;
	/* port=443 followed by a stray byte: ldns printed "1 . port=443", dropping it */
	static const uint8_t trailing[] = { 0, 1, 0, 0, 3, 0, 2, 1, 0xbb, 0 };
	expect_print(SGN_TYPE_SVCB, trailing, sizeof(trailing), "\\# 10 0001000003000201BB00");
	static const uint8_t no_end[] = { 0, 1, 3, 'a', 'b', 'c' };
	expect_print(SGN_TYPE_HTTPS, no_end, sizeof(no_end), "\\# 6 000103616263");
	static const uint8_t good[] = { 0, 1, 0, 0, 1, 0, 3, 2, 'h', '2', 0, 3, 0, 2, 1, 0xbb };
	expect_print(SGN_TYPE_HTTPS, good, sizeof(good), "1 . alpn=h2 port=443");
}

static void rdata_ldns_text_with_a_glued_quote_reads_back(void **state)
{
	(void)state;
	/* key9="..." is two tokens to the tokenizer; ldns must get them as one */
	sgn_buf_t out;
	sgn_diag_t d;
	sgn_buf_init(&out);
	sgn_diag_init(&d);
	assert_int_equal(sgn_rdata_from_str(&out, SGN_TYPE_SVCB, "1 . key9=\"a b\"", NULL, &d),
	                 SGN_OK);
	expect_print(SGN_TYPE_SVCB, out.data, out.len, "1 . key9=\"a b\"");
	sgn_buf_release(&out);
}

static void rdata_nsec3_with_empty_next_hash_is_malformed(void **state)
{
	(void)state;
	/* hash 1, flags 0, 0 iterations, no salt, next hash of length 0, no types */
	static const uint8_t rd[] = { 1, 0, 0, 0, 0, 0 };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC3, rd, sizeof(rd)), SGN_EPARSE);
	expect_print(SGN_TYPE_NSEC3, rd, sizeof(rd), "\\# 6 010000000000");
}

/* Found by fuzz_rdata (tests/fuzz/regress/rdata/): empty RDATA, and names holding a '"'
 * that ldns prints bare. */
static void rdata_empty_and_quoted_names_print_and_read_back(void **state)
{
	(void)state;
	sgn_buf_t out;
	sgn_buf_init(&out);
	assert_int_equal(sgn_rdata_to_str(&out, 49 /* DHCID */, NULL, 0), SGN_OK);
	assert_non_null(out.data); /* NUL-terminated even when nothing is printed */
	assert_string_equal((const char *)out.data, "");
	sgn_buf_release(&out);
	sgn_buf_init(&out);
	assert_int_equal(sgn_rdata_from_str(&out, 49 /* DHCID */, "", NULL, NULL), SGN_OK);
	assert_int_equal(out.len, 0);
	sgn_buf_release(&out);
	/* TALINK (58, no descriptor: ldns prints it) with '"' in a label */
	static const uint8_t talink[] = { 2, '"', 'a', 0, 1, 'b', 0 };
	char *text = th_rdata_str(58, talink, sizeof(talink));
	sgn_buf_init(&out);
	assert_int_equal(sgn_rdata_from_str(&out, 58, text, NULL, NULL), SGN_OK);
	assert_int_equal(out.len, sizeof(talink));
	assert_memory_equal(out.data, talink, sizeof(talink));
	sgn_buf_release(&out);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zonefile_include_of_a_device_is_refused),
		cmocka_unit_test_setup_teardown(zonefile_include_of_a_fifo_is_refused_without_blocking,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(zonefile_confined_include_stays_in_the_zone_directory,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test(zonefile_unbounded_line_stops_at_one_mebibyte),
		cmocka_unit_test(zonefile_nul_byte_is_an_error_with_its_line),
		cmocka_unit_test(zonefile_generate_range_overflow_is_refused),
		cmocka_unit_test(zonefile_generate_budget_counts_every_directive_of_the_zone),
		cmocka_unit_test(zonefile_ttl_out_of_range_says_so),
		cmocka_unit_test(rdata_svcb_with_malformed_params_is_refused),
		cmocka_unit_test(rdata_svcb_malformed_wire_prints_in_rfc3597_form),
		cmocka_unit_test(rdata_ldns_text_with_a_glued_quote_reads_back),
		cmocka_unit_test(rdata_nsec3_with_empty_next_hash_is_malformed),
		cmocka_unit_test(rdata_empty_and_quoted_names_print_and_read_back),
	};
	return cmocka_run_group_tests_name("zonefile_hostile", tests, NULL, NULL);
}
