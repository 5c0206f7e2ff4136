/* SPDX-License-Identifier: MIT */
/* Unit tests for bundles (zoneset.h): records with empty RDATA, and sorting
 * many signers' records into zones in near-linear work. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#include <libsign/zone.h>
#include <libsign/zoneset.h>

#include "source/zoneset_internal.h"

static sgn_err_t load_text(const char *dir, const char *text, sgn_zoneset_t **zs,
                           sgn_diag_t *diag)
{
	const char *path = th_join(dir, "bundle");
	th_write_file(path, text);
	assert_int_equal(sgn_zoneset_new(zs), SGN_OK);
	sgn_diag_init(diag);
	return sgn_zoneset_load_bundle(*zs, path, diag);
}

/* Issue 10: a 30-byte text bundle whose first record has empty RDATA crashed (a copy from
 * a NULL RDATA pointer). Empty RDATA is valid for unknown types (RFC 3597 "\# 0"), NULL and
 * APL. */
static void bundle_empty_rdata_first_loads(void **state)
{
	static const char *const texts[] = {
		"a. 1 IN TYPE65000 \\# 0\n",
		"a. 1 IN NULL \\# 0\nb. 1 IN A 192.0.2.1\n",
		"x. 0 IN APL\n",
	};
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		sgn_zoneset_t *zs = NULL;
		sgn_diag_t diag;
		sgn_err_t err = load_text(*state, texts[i], &zs, &diag);
		if (err != SGN_OK) {
			fail_msg("'%s': %s: %s", texts[i], sgn_strerror(err), diag.msg);
		}
		sgn_zoneset_free(zs);
	}
}

static void bundle_empty_rdata_in_wire_form_loads(void **state)
{
	/* a. TYPE65000 IN TTL 1 RDLENGTH 0, then a. A 192.0.2.1 */
	static const uint8_t wire[] = { 1, 'a', 0, 0xfd, 0xe8, 0, 1, 0, 0, 0, 1, 0, 0,
		                        1, 'a', 0, 0, 1,    0, 1, 0, 0, 0, 1, 0, 4, 192, 0, 2, 1 };
	const char *path = th_join(*state, "wire.bundle");
	FILE *fp = fopen(path, "wb");
	assert_non_null(fp);
	assert_int_equal(fwrite(wire, 1, sizeof(wire), fp), sizeof(wire));
	assert_int_equal(fclose(fp), 0);
	sgn_zoneset_t *zs = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	assert_int_equal(sgn_zoneset_load_bundle(zs, path, &diag), SGN_OK);
	sgn_zoneset_free(zs);
}

/* Issue 10: 2,000 signers took over 20 s (every record was checked against every apex for
 * every zone). Now each record costs a few apex lookups; the work counter must grow
 * linearly with the records, not with their square. */
static void bundle_many_signers_sort_in_linear_lookups(void **state)
{
	static const size_t sizes[] = { 200, 2000, 20000 };
	for (size_t k = 0; k < sizeof(sizes) / sizeof(sizes[0]); k++) {
		size_t n = sizes[k], cap = n * 160 + 1, len = 0;
		char *text = malloc(cap);
		assert_non_null(text);
		for (size_t i = 0; i < n; i++) {
			len += (size_t)snprintf(text + len, cap - len,
			                        "www.z%zu.example. 300 IN A 192.0.2.1\n"
			                        "www.z%zu.example. 300 IN RRSIG A 13 3 300 20300101000000 "
			                        "20200101000000 1234 z%zu.example. AAAA\n",
			                        i, i, i);
			assert_true(len < cap);
		}
		sgn_zoneset_t *zs = NULL;
		sgn_diag_t diag;
		assert_int_equal(load_text(*state, text, &zs, &diag), SGN_OK);
		free(text);
		assert_int_equal(sgn_zoneset_count(zs), n);
		/* 2 records a signer: one lookup for the RRSIG's signer, one for the A's */
		if (zs->seal_lookups > 3 * 2 * n) {
			fail_msg("%zu signers: %zu apex lookups", n, zs->seal_lookups);
		}
		uint8_t name[SGN_NAME_MAX], apex[SGN_NAME_MAX];
		char str[64];
		snprintf(str, sizeof(str), "www.z%zu.example.", n / 2);
		const sgn_zone_t *z = sgn_zoneset_find(zs, th_name(name, str));
		assert_non_null(z);
		snprintf(str, sizeof(str), "z%zu.example.", n / 2);
		assert_true(sgn_name_equal(sgn_zone_get_apex(z), th_name(apex, str)));
		assert_null(sgn_zoneset_find(zs, th_name(name, "www.other.")));
		sgn_zoneset_free(zs);
	}
}

/* A child's NS RRset at its apex goes into the parent too (the delegation), DS above. */
static void bundle_sorts_by_signer_and_place(void **state)
{
	static const char text[] =
	    "example. 300 IN SOA ns.example. h.example. 1 2 3 4 5\n"
	    "example. 300 IN RRSIG SOA 13 1 300 20300101000000 20200101000000 1 example. AAAA\n"
	    "child.example. 300 IN DS 1 13 2 00\n"
	    "child.example. 300 IN RRSIG DS 13 2 300 20300101000000 20200101000000 1 example. AAAA\n"
	    "child.example. 300 IN SOA ns.child.example. h.child.example. 1 2 3 4 5\n"
	    "child.example. 300 IN NS ns.child.example.\n"
	    "www.child.example. 300 IN A 192.0.2.1\n";
	sgn_zoneset_t *zs = NULL;
	sgn_diag_t diag;
	uint8_t name[SGN_NAME_MAX];
	assert_int_equal(load_text(*state, text, &zs, &diag), SGN_OK);
	assert_int_equal(sgn_zoneset_count(zs), 2);
	const sgn_zone_t *parent = sgn_zoneset_get(zs, 0), *child = sgn_zoneset_get(zs, 1);
	assert_true(sgn_name_equal(sgn_zone_get_apex(parent), th_name(name, "example.")));
	const sgn_node_t *cut = sgn_zone_find(parent, th_name(name, "child.example."));
	assert_non_null(cut);
	assert_non_null(sgn_node_find_rrset(cut, SGN_TYPE_DS));
	assert_non_null(sgn_node_find_rrset(cut, SGN_TYPE_NS));
	assert_null(sgn_node_find_rrset(cut, SGN_TYPE_SOA));
	const sgn_node_t *apex = sgn_zone_find(child, th_name(name, "child.example."));
	assert_non_null(sgn_node_find_rrset(apex, SGN_TYPE_NS));
	assert_null(sgn_node_find_rrset(apex, SGN_TYPE_DS));
	assert_non_null(sgn_zone_find(child, th_name(name, "www.child.example.")));
	assert_null(sgn_zone_find(parent, th_name(name, "www.child.example.")));
	sgn_zoneset_free(zs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(bundle_empty_rdata_first_loads, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(bundle_empty_rdata_in_wire_form_loads, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(bundle_many_signers_sort_in_linear_lookups,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(bundle_sorts_by_signer_and_place, th_tmpdir_setup,
		                                th_tmpdir_teardown),
	};
	return cmocka_run_group_tests_name("bundle", tests, NULL, NULL);
}
