/* SPDX-License-Identifier: MIT */
/* Unit tests for zone sets (zoneset.h), the source layer of chain validation: loading the
 * test hierarchy's directory, finding the deepest zone for a name, refusing two zones
 * with one apex, and bundles written as text and as RFC 9102 wire RRs that load back into
 * the same zones with the same records. Fixture: testzones/hierarchy/signed. */
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

#include <libsign/name.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
#define HIERARCHY "testzones/hierarchy/signed"
#define HIERARCHY_ZONES 14

static sgn_zoneset_t *load_hierarchy(void)
{
	sgn_zoneset_t *zs;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	sgn_err_t err = sgn_zoneset_load_dir(zs, th_path(HIERARCHY), NULL, &diag);
	if (err != SGN_OK) {
		print_error("%s:%lu: %s\n", diag.file, diag.line, diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	return zs;
}

struct find_case {
	const char *name;
	const char *apex; /* of the deepest zone at or above it */
};

static const struct find_case finds[] = {
	{ ".", "." },
	{ "nonexistent.", "." },
	{ "test.", "test." },
	{ "www.nsec.test.", "nsec.test." },
	{ "a.b.c.nsec3.test.", "nsec3.test." },
	{ "insecure.nsec3.test.", "insecure.nsec3.test." },
	{ "x.insecure.nsec3.test.", "insecure.nsec3.test." },
	{ "WWW.NSEC.TEST.", "nsec.test." },
	{ "other.test.", "test." },
};

static void zoneset_dir_loads_every_zone_and_finds_the_deepest(void **state)
{
	(void)state;
	sgn_zoneset_t *zs = load_hierarchy();
	assert_int_equal(sgn_zoneset_count(zs), HIERARCHY_ZONES);
	for (size_t i = 1; i < sgn_zoneset_count(zs); i++) { /* apexes in canonical order */
		assert_true(sgn_name_compare(sgn_zone_get_apex(sgn_zoneset_get(zs, i - 1)),
		                             sgn_zone_get_apex(sgn_zoneset_get(zs, i))) < 0);
	}
	assert_null(sgn_zoneset_get(zs, HIERARCHY_ZONES));
	for (size_t i = 0; i < ARRAY_LEN(finds); i++) {
		uint8_t name[SGN_NAME_MAX], apex[SGN_NAME_MAX];
		const sgn_zone_t *z = sgn_zoneset_find(zs, th_name(name, finds[i].name));
		assert_non_null(z);
		if (!sgn_name_equal(sgn_zone_get_apex(z), th_name(apex, finds[i].apex))) {
			print_error("%s: found %s, expected %s\n", finds[i].name,
			            th_name_str(sgn_zone_get_apex(z)), finds[i].apex);
		}
		assert_true(sgn_name_equal(sgn_zone_get_apex(z), apex));
	}
	sgn_zoneset_free(zs);
}

static void zoneset_refuses_a_second_zone_with_the_same_apex(void **state)
{
	(void)state;
	sgn_zoneset_t *zs = load_hierarchy();
	sgn_zone_t *again = NULL;
	assert_int_equal(sgn_zone_load(&again, th_path(HIERARCHY "/nsec.test.zone"), NULL, NULL),
	                 SGN_OK);
	assert_int_equal(sgn_zoneset_add_take(zs, again), SGN_EEXIST); /* freed by the set */
	assert_int_equal(sgn_zoneset_count(zs), HIERARCHY_ZONES);
	sgn_zoneset_free(zs);
}

static void zoneset_empty_dir_is_not_found(void **state)
{
	const char *dir = *state;
	sgn_zoneset_t *zs;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	assert_int_equal(sgn_zoneset_load_dir(zs, dir, NULL, &diag), SGN_ENOTFOUND);
	assert_int_equal(sgn_zoneset_count(zs), 0);
	sgn_zoneset_free(zs);
}

/* The signed RRsets and their RRSIGs: what a bundle is for. (Unsigned records - glue,
 * delegation NS - are sorted into the deepest zone above their owner: a bundle cannot
 * tell whose they were.) */
static size_t signed_records(const sgn_zone_t *z)
{
	size_t n = 0;
	for (size_t i = 0; i < sgn_zone_node_count(z); i++) {
		const sgn_node_t *node = sgn_zone_get_node(z, i);
		for (size_t k = 0; k < sgn_node_rrset_count(node); k++) {
			const sgn_zone_rrset_t *rs = sgn_node_get_rrset(node, k);
			n += rs->sig_count > 0 ? rs->rrset.count + rs->sig_count : 0;
		}
	}
	return n;
}

/* Every signed RRset comes back, each with its RRSIGs, and every signed zone's apex is
 * the apex of a zone again. (Which partial zone an RRset lands in is the loader's rule,
 * by the signer of its RRSIGs; a delegation's NSEC or DS stays with the parent.) */
static void expect_same_signed_zones(const sgn_zoneset_t *a, const sgn_zoneset_t *b)
{
	size_t total_a = 0, total_b = 0, signed_zones = 0;
	for (size_t i = 0; i < sgn_zoneset_count(a); i++) {
		const sgn_zone_t *za = sgn_zoneset_get(a, i);
		const uint8_t *apex = sgn_zone_get_apex(za);
		total_a += signed_records(za);
		if (sgn_node_find_rrset(sgn_zone_find(za, apex), SGN_TYPE_DNSKEY) == NULL) {
			continue;
		}
		const sgn_zone_t *zb = sgn_zoneset_find(b, apex);
		assert_non_null(zb);
		assert_true(sgn_name_equal(sgn_zone_get_apex(zb), apex));
		signed_zones++;
	}
	for (size_t i = 0; i < sgn_zoneset_count(b); i++) {
		total_b += signed_records(sgn_zoneset_get(b, i));
	}
	assert_true(signed_zones >= 10);
	assert_true(total_a > 100);
	assert_int_equal(total_a, total_b);
}

static void zoneset_bundle_round_trip_text_and_wire(void **state)
{
	const char *dir = *state;
	sgn_zoneset_t *zs = load_hierarchy();
	for (int wire = 0; wire < 2; wire++) {
		const char *path = th_join(dir, wire ? "bundle.wire" : "bundle.txt");
		FILE *fp = fopen(path, "w");
		assert_non_null(fp);
		assert_int_equal(sgn_zoneset_write_bundle(zs, fp, wire, NULL), SGN_OK);
		assert_int_equal(fclose(fp), 0);
		sgn_zoneset_t *back;
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		assert_int_equal(sgn_zoneset_new(&back), SGN_OK);
		sgn_err_t err = sgn_zoneset_load_bundle(back, path, &diag);
		if (err != SGN_OK) {
			print_error("%s:%lu: %s\n", diag.file, diag.line, diag.msg);
		}
		assert_int_equal(err, SGN_OK);
		expect_same_signed_zones(zs, back);
		sgn_zoneset_free(back);
	}
	sgn_zoneset_free(zs);
}

static void zoneset_bundle_errors_name_the_line(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "bad.bundle");
	th_write_file(path, "test. 3600 IN SOA ns.test. h.test. 1 2 3 4 5\n"
	                    "www.test. 3600 IN A 192.0.2.300\n");
	sgn_zoneset_t *zs;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	assert_int_equal(sgn_zoneset_load_bundle(zs, path, &diag), SGN_EPARSE);
	assert_int_equal(diag.line, 2);
	assert_non_null(strstr(diag.file, "bad.bundle"));
	sgn_zoneset_free(zs);
}

static int setup(void **state)
{
	static char dir[64];
	th_tmpdir_new(dir);
	*state = dir;
	return 0;
}

static int teardown(void **state)
{
	th_tmpdir_remove(*state);
	return 0;
}

/* A directory entry named like a zone file, or a bundle path, that is not a regular file
 * is refused by name, as the zone reader refuses such an $INCLUDE. */
static void zoneset_refuses_what_is_not_a_regular_file(void **state)
{
	(void)state;
	char dir[64];
	sgn_zoneset_t *zs = NULL;
	sgn_diag_t diag;
	th_tmpdir_new(dir);
	assert_int_equal(mkdir(th_join(dir, "sub.zone"), 0700), 0);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zoneset_load_dir(zs, dir, NULL, &diag), SGN_EPARSE);
	assert_string_equal(diag.msg, "not a regular file");
	assert_non_null(strstr(diag.file, "sub.zone"));
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zoneset_load_bundle(zs, th_join(dir, "sub.zone"), &diag), SGN_EPARSE);
	assert_string_equal(diag.msg, "not a regular file");
	assert_int_equal(sgn_zoneset_count(zs), 0);
	assert_int_equal(rmdir(th_join(dir, "sub.zone")), 0);
	sgn_zoneset_free(zs);
	th_tmpdir_remove(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zoneset_dir_loads_every_zone_and_finds_the_deepest),
		cmocka_unit_test(zoneset_refuses_a_second_zone_with_the_same_apex),
		cmocka_unit_test(zoneset_empty_dir_is_not_found),
		cmocka_unit_test(zoneset_refuses_what_is_not_a_regular_file),
		cmocka_unit_test(zoneset_bundle_round_trip_text_and_wire),
		cmocka_unit_test(zoneset_bundle_errors_name_the_line),
	};
	return cmocka_run_group_tests_name("zoneset", tests, setup, teardown);
}
