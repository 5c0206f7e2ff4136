/* SPDX-License-Identifier: MIT */
/* Unit tests for zone sets (zoneset.h), the source layer of chain validation: loading the
 * test hierarchy's directory, finding the deepest zone for a name, refusing two zones
 * with one apex, and bundle errors with their line. Fixture: testzones/hierarchy/signed. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(zoneset_dir_loads_every_zone_and_finds_the_deepest),
		cmocka_unit_test(zoneset_refuses_a_second_zone_with_the_same_apex),
		cmocka_unit_test(zoneset_empty_dir_is_not_found),
		cmocka_unit_test(zoneset_bundle_errors_name_the_line),
	};
	return cmocka_run_group_tests_name("zoneset", tests, setup, teardown);
}
