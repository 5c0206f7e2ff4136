/* SPDX-License-Identifier: MIT */
/* The parallel zone reader (zone/zone_load_par.c) against the serial one: for large zone
 * files of every shape - directives at the top, no $TTL (TTLs carried from record to
 * record), owners left blank, multi-line records, comments, CRLF, NSEC3 owners - the zone
 * read on 4 workers is the zone read on one: the same text, the same line of every
 * RRset; and a file with an error anywhere, a directive after the records, $INCLUDE or
 * $GENERATE gives exactly the serial reader's result and diagnostic. The reader is tuned
 * down (48 KB blocks, 1 KB chunks) so that small files cross many block and chunk
 * boundaries; sgn_zone_load() itself leaves files under 4 MB to the serial reader, which
 * is what expect_same() compares against after checking the parallel reader's own result. */
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
#include "zone/zone_internal.h"

#define BYTES (600 << 10) /* with the tuning below: many blocks, many chunks each */

struct load {
	sgn_err_t err;
	sgn_diag_t diag;
	char *text;   /* sgn_zone_write() */
	char *lines;  /* every RRset's line */
};

/* The zone's text and the line of every RRset (the lines the builder's messages name). */
static void describe(const sgn_zone_t *z, char **text, char **lines)
{
	size_t len = 0;
	FILE *fp = open_memstream(lines, &len);
	assert_non_null(fp);
	*text = th_zone_to_text(z);
	for (size_t i = 0; i < sgn_zone_node_count(z); i++) {
		const sgn_node_t *n = sgn_zone_get_node(z, i);
		for (size_t k = 0; k < sgn_node_rrset_count(n); k++) {
			fprintf(fp, "%u\n", sgn_node_get_rrset(n, k)->line);
		}
	}
	fclose(fp);
}

static struct load load_with(const char *path, unsigned threads)
{
	struct load l = { 0 };
	sgn_zone_opts_t o;
	sgn_zone_t *z = NULL;
	sgn_zone_opts_init(&o);
	o.threads = threads;
	sgn_diag_init(&l.diag);
	l.err = sgn_zone_load(&z, path, &o, &l.diag);
	if (l.err == SGN_OK) {
		describe(z, &l.text, &l.lines);
	}
	sgn_zone_free(z);
	return l;
}

/* Whether the parallel reader takes the file itself (rather than leave it to the serial
 * one); when it does, its zone is returned as text and RRset lines. */
static bool parallel_takes(const char *path, char **text, char **lines)
{
	sgn_zone_opts_t o;
	sgn_zone_t *z = NULL;
	bool fallback = true;
	struct sgn__zone_par_tuning t = { .min_bytes = 1, .block = 48 << 10, .chunk_min = 1024 };
	sgn_zone_opts_init(&o);
	o.threads = 4;
	assert_int_equal(sgn__zone_load_parallel(&z, path, &o, &t, &fallback, NULL), SGN_OK);
	*text = *lines = NULL;
	if (z != NULL) {
		describe(z, text, lines);
	}
	assert_true(fallback == (z == NULL));
	sgn_zone_free(z);
	return !fallback;
}

static void expect_same(const char *path)
{
	struct load a = load_with(path, 1), b = load_with(path, 4);
	assert_int_equal(a.err, b.err);
	assert_string_equal(a.diag.file, b.diag.file);
	assert_int_equal(a.diag.line, b.diag.line);
	assert_string_equal(a.diag.msg, b.diag.msg);
	if (a.err == SGN_OK) {
		assert_string_equal(a.text, b.text);
		assert_string_equal(a.lines, b.lines);
	}
	free(a.text);
	free(b.text);
	free(a.lines);
	free(b.lines);
}

/* A large zone; @p shape picks its quirks. */
static void write_zone(const char *path, int shape, unsigned long bad_at)
{
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	const char *eol = shape == 4 ? "\r\n" : "\n";
	if (shape != 1) {
		/* a relative $ORIGIN: replayed once too often, it would show */
		fprintf(fp, "$ORIGIN test%s$ORIGIN par%s$TTL 300%s; a comment%s", eol, eol, eol, eol);
	} else {
		fprintf(fp, "$ORIGIN par.test.%s", eol);
	}
	fprintf(fp, "@ 3600 IN SOA ns h (%s 1 ; serial%s 7200 3600 1209600 300 )%s", eol, eol, eol);
	fprintf(fp, "@ 3600 NS ns%sns 3600 A 192.0.2.1%s", eol, eol);
	for (unsigned long i = 0; ftell(fp) < BYTES || (bad_at != (unsigned long)-1 && i <= bad_at); i++) {
		if (i == bad_at) {
			fprintf(fp, "bad%lu 300 A 300.1.1.1%s", i, eol);
			continue;
		}
		switch (shape) {
		case 1: /* no $TTL: a record without TTL takes the last one stated */
			fprintf(fp, "h%lu A 192.0.2.%lu%s", i, i % 250, eol);
			if (i % 7 == 0) {
				fprintf(fp, "t%lu %lu TXT \"x\"%s", i, 60 + i % 5, eol);
			}
			break;
		case 2: /* owners left blank, multi-line records, wildcards, empty non-terminals */
			fprintf(fp, "h%lu.sub%lu A 192.0.2.%lu%s    AAAA 2001:db8::%lx%s", i, i % 13,
			        i % 250, eol, i, eol);
			fprintf(fp, "*.w%lu MX ( 10%s   mail.par.test. )%s", i, eol, eol);
			break;
		case 3: /* NSEC3 owners and comments */
			fprintf(fp, "; host %lu%s%032lx NSEC3 1 0 0 - %032lx A%s", i, eol, i, i + 1, eol);
			fprintf(fp, "h%lu 60 A 192.0.2.1 ; trailing%s", i, eol);
			break;
		default:
			fprintf(fp, "h%lu IN A 192.0.2.%lu%s", i, i % 250, eol);
			break;
		}
	}
	fclose(fp);
}

static void par_equals_serial_for_every_shape(void **state)
{
	const char *dir = *state;
	for (int shape = 0; shape <= 4; shape++) {
		const char *path = th_join(dir, "z.zone");
		write_zone(path, shape, (unsigned long)-1);
		char *text = NULL, *lines = NULL;
		assert_true(parallel_takes(path, &text, &lines)); /* not left to the serial reader */
		struct load serial = load_with(path, 1);
		assert_int_equal(serial.err, SGN_OK);
		assert_string_equal(text, serial.text);
		assert_string_equal(lines, serial.lines);
		free(text);
		free(lines);
		free(serial.text);
		free(serial.lines);
		expect_same(path);
	}
}

static void par_errors_are_the_serial_readers(void **state)
{
	const char *dir = *state;
	unsigned long at[] = { 0, 10, 4000, 6001, 9999 };
	for (size_t i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		const char *path = th_join(dir, "bad.zone");
		write_zone(path, (int)(i % 3), at[i]);
		char *text = NULL, *lines = NULL;
		assert_false(parallel_takes(path, &text, &lines));
		struct load l = load_with(path, 4);
		assert_int_equal(l.err, SGN_EPARSE);
		assert_true(l.diag.line > 0);
		free(l.text);
		free(l.lines);
		expect_same(path);
	}
}

/* Directives past the first records, $INCLUDE and $GENERATE: the serial reader's work. */
static void par_directives_fall_back(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "d.zone");
	const char *inc = th_join(dir, "inc.zone");
	static const char *const tails[] = { "$ORIGIN sub.par.test.\nlate 300 A 192.0.2.9\n",
		                             "$TTL 60\nlate A 192.0.2.9\n",
		                             "$GENERATE 1-3 g$ A 192.0.2.$\n", NULL };
	th_write_file(inc, "included 300 A 192.0.2.7\n");
	for (size_t i = 0; i < 4; i++) {
		write_zone(path, 0, (unsigned long)-1);
		FILE *fp = fopen(path, "a");
		assert_non_null(fp);
		if (tails[i] != NULL) {
			fputs(tails[i], fp);
		} else {
			fprintf(fp, "$INCLUDE %s par.test.\n", inc);
		}
		fclose(fp);
		char *text = NULL, *lines = NULL;
		assert_false(parallel_takes(path, &text, &lines));
		expect_same(path);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(par_equals_serial_for_every_shape, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(par_errors_are_the_serial_readers, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(par_directives_fall_back, th_tmpdir_setup,
		                                th_tmpdir_teardown),
	};
	return cmocka_run_group_tests_name("zone_load_par", tests, NULL, NULL);
}
