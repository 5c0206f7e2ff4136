/* SPDX-License-Identifier: MIT */
/* The zone model's builder (zone/zone_build.c, zone_rrsets.c) on the worker pool against the
 * serial build: for a zone large enough to be built in ranges on several workers - TTL
 * differences (warnings) spread over it and over its NSEC3 owners, delegations with glue,
 * DNAMEs with names below, empty non-terminals - the model built with 2, 3 and 8 threads is
 * the one built with 1: the same text, the same kind of every name, the same warnings in the
 * same order (also for a file sorted but for one late name); and a zone breaking the rules
 * per name in several places reports the same first error, after the same warnings. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/zone.h>

#include "helpers.h"

#define NAMES 12000 /* several ranges of the builder's on every thread count */

struct built {
	sgn_err_t err;
	sgn_diag_t diag;
	char *text;     /* sgn_zone_write() */
	char *kinds;    /* every name's kind and RRset lines */
	char *warnings; /* file:line: message, in order */
	size_t wlen;
	FILE *wfp;
};

static void on_warn(void *ctx, const char *file, unsigned long line, const char *msg)
{
	struct built *b = ctx;
	fprintf(b->wfp, "%s:%lu: %s\n", file, line, msg);
}

static char *describe(const sgn_zone_t *z)
{
	char *s = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&s, &len);
	assert_non_null(fp);
	for (size_t i = 0; i < sgn_zone_node_count(z); i++) {
		const sgn_node_t *n = sgn_zone_get_node(z, i);
		fprintf(fp, "%s", sgn_node_kind_str(sgn_node_get_kind(n)));
		for (size_t k = 0; k < sgn_node_rrset_count(n); k++) {
			fprintf(fp, " %u", sgn_node_get_rrset(n, k)->line);
		}
		fputc('\n', fp);
	}
	fclose(fp);
	return s;
}

static struct built build_with(const char *path, unsigned threads)
{
	struct built b = { 0 };
	sgn_zone_opts_t o;
	sgn_zone_t *z = NULL;
	sgn_zone_opts_init(&o);
	o.threads = threads;
	o.warn = on_warn;
	o.warn_ctx = &b;
	b.wfp = open_memstream(&b.warnings, &b.wlen);
	assert_non_null(b.wfp);
	sgn_diag_init(&b.diag);
	b.err = sgn_zone_load(&z, path, &o, &b.diag);
	fclose(b.wfp);
	if (b.err == SGN_OK) {
		b.text = th_zone_to_text(z);
		b.kinds = describe(z);
	}
	sgn_zone_free(z);
	return b;
}

static void built_free(struct built *b)
{
	free(b->text);
	free(b->kinds);
	free(b->warnings);
}

/* A zone of NAMES names; @p bad (sorted, ending in 0) are where names break a rule. */
static void write_zone(const char *path, const unsigned *bad)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("$ORIGIN build.test.\n@ 3600 IN SOA ns h 1 7200 3600 1209600 300\n"
	      "@ 3600 NS ns\nns 3600 A 192.0.2.1\n", fp);
	for (unsigned i = 1; i <= NAMES; i++) {
		fprintf(fp, "h%u 300 A 192.0.2.%u\n", i, i % 250);
		if (i % 97 == 0) {
			fprintf(fp, "h%u 600 A 198.51.100.%u\n", i, i % 250); /* TTL differs */
		}
		if (i % 500 == 0) {
			fprintf(fp, "d%u 300 NS ns.d%u\nd%u 300 DS 1 13 2 %064x\nns.d%u 300 A 192.0.2.9\n"
			        "deep.ns.d%u 300 TXT below\nx.y.e%u 300 TXT ent\n", i, i, i, i, i, i, i);
		}
		if (i % 1000 == 0) {
			fprintf(fp, "dn%u 300 DNAME t.example.\nunder.dn%u 300 A 192.0.2.8\n", i, i);
		}
		if (i % 3000 == 0) {
			fprintf(fp, "%032x 300 NSEC3 1 0 0 - %032x A\n", i, i + 1);
			fprintf(fp, "%032x 900 NSEC3 1 0 0 - %032x AAAA\n", i, i + 2); /* TTL differs */
		}
		for (const unsigned *b = bad; *b != 0; b++) {
			if (*b == i) { /* alternately CNAME and other data, two DNAMEs */
				fprintf(fp, i % 2 ? "c%u 300 CNAME x\nc%u 300 TXT y\n"
				                  : "c%u 300 DNAME x.\nc%u 300 DNAME y.\n", i, i);
			}
		}
	}
	fclose(fp);
}

static void expect_same(const char *path)
{
	struct built one = build_with(path, 1);
	static const unsigned threads[] = { 2, 3, 8 };
	for (size_t t = 0; t < sizeof(threads) / sizeof(threads[0]); t++) {
		struct built par = build_with(path, threads[t]);
		assert_int_equal(one.err, par.err);
		assert_string_equal(one.diag.file, par.diag.file);
		assert_int_equal(one.diag.line, par.diag.line);
		assert_string_equal(one.diag.msg, par.diag.msg);
		assert_string_equal(one.warnings, par.warnings);
		if (one.err == SGN_OK) {
			assert_string_equal(one.text, par.text);
			assert_string_equal(one.kinds, par.kinds);
		}
		built_free(&par);
	}
	built_free(&one);
}

static void build_par_equals_serial(void **state)
{
	const char *path = th_join(*state, "z.zone");
	static const unsigned none[] = { 0 };
	write_zone(path, none);
	struct built one = build_with(path, 1);
	assert_int_equal(one.err, SGN_OK);
	/* what the comparison covers is there: warnings for names and NSEC3 owners, kinds */
	assert_non_null(strstr(one.warnings, "TTL 600 differs from 300 in the same A RRset"));
	assert_non_null(strstr(one.warnings, "TTL 900 differs from 300 in the same NSEC3 RRset"));
	assert_non_null(strstr(one.kinds, "glue"));
	assert_non_null(strstr(one.kinds, "occluded"));
	assert_non_null(strstr(one.kinds, "empty"));
	assert_non_null(strstr(one.kinds, "delegation"));
	built_free(&one);
	expect_same(path);
}

/* Names in canonical order but for one late one: the sorted prefix is looked for in
 * ranges, and must end where the serial build's does. */
static void build_par_sorted_prefix(void **state)
{
	const char *path = th_join(*state, "sorted.zone");
	for (unsigned late = 9000; late <= 12000; late += 3000) {
		FILE *fp = fopen(path, "w");
		assert_non_null(fp);
		fputs("$ORIGIN build.test.\n@ 3600 IN SOA ns h 1 7200 3600 1209600 300\n"
		      "@ 3600 NS ns\n", fp);
		for (unsigned i = 1; i <= NAMES; i++) {
			fprintf(fp, "h%05u 300 A 192.0.2.1\n", i);
			if (i == late) {
				fputs("g0 300 A 192.0.2.2\nns 3600 A 192.0.2.1\n", fp);
			}
		}
		fclose(fp);
		struct built one = build_with(path, 1);
		assert_int_equal(one.err, SGN_OK);
		built_free(&one);
		expect_same(path);
	}
}

static void build_par_first_error_is_serial(void **state)
{
	const char *path = th_join(*state, "bad.zone");
	static const unsigned bad[][4] = { { 1, 0 }, { 7001, 0 }, { 11999, 12000, 0 },
		                           { 4000, 9001, 0 }, { 2, 5003, 11111, 0 } };
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_zone(path, bad[i]);
		struct built one = build_with(path, 1);
		assert_int_equal(one.err, SGN_EZONE);
		/* the first in the file (the build goes in the order names are first met), which
		 * is not the first in canonical order for { 2, 5003, 11111 } ('c11111' < 'c2') */
		char want[64];
		snprintf(want, sizeof(want), "'c%u.", bad[i][0]);
		assert_non_null(strstr(one.diag.msg, want));
		built_free(&one);
		expect_same(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(build_par_equals_serial, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(build_par_sorted_prefix, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(build_par_first_error_is_serial, th_tmpdir_setup,
		                                th_tmpdir_teardown),
	};
	return cmocka_run_group_tests_name("zone_build", tests, NULL, NULL);
}
