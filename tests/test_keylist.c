/* SPDX-License-Identifier: MIT */
/* Unit tests for key lists (key.h): reading a zone's keys from a directory in file-name order,
 * keys published without their private half, tag collisions including the REVOKE'd tag
 * (RFC 5011), generation that avoids them, and key copies. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <libsign/key.h>

#include "helpers.h"

static const char *with_ext(const char *base, const char *ext)
{
	static char buf[4][512];
	static unsigned next;
	char *b = buf[next++ % 4];
	snprintf(b, sizeof(buf[0]), "%s%s", base, ext);
	return b;
}

/* Sign with @p a and verify with @p b: proves two keys hold the same pair. */
static void expect_same_pair(const sgn_key_t *a, const sgn_key_t *b)
{
	uint8_t msg[48];
	sgn_buf_t sig;
	bool valid = false;
	th_fill(msg, sizeof(msg), 12);
	sgn_buf_init(&sig);
	assert_int_equal(sgn_key_sign(a, &sig, msg, sizeof(msg)), SGN_OK);
	assert_int_equal(sgn_key_verify(b, &valid, msg, sizeof(msg), sig.data, sig.len), SGN_OK);
	assert_true(valid);
	sgn_buf_release(&sig);
}

/* -- key lists -- */

static void keylist_read_dir_reads_the_zone_keys_in_name_order(void **state)
{
	const char *dir = *state;
	static const uint8_t algs[] = { 15, 13, 8 };
	char bases[3][256];
	uint8_t zone[SGN_NAME_MAX];
	for (size_t i = 0; i < 3; i++) {
		sgn_key_t *k = th_key_generate("example.com.", algs[i], SGN_DNSKEY_ZONE);
		snprintf(bases[i], sizeof(bases[i]), "%s", th_key_write(k, dir));
		sgn_key_free(k);
	}
	sgn_key_t *other = th_key_generate("example.net.", 13, SGN_DNSKEY_ZONE);
	th_key_write(other, dir);
	sgn_key_free(other);
	other = th_key_generate("sub.example.com.", 13, SGN_DNSKEY_ZONE);
	th_key_write(other, dir);
	sgn_key_free(other);
	th_write_file(th_join(dir, "Kexample.com.+013+1.key"), "junk\n"); /* not BIND's name */

	sgn_keylist_t list;
	sgn_diag_t diag;
	sgn_keylist_init(&list);
	sgn_diag_init(&diag);
	assert_int_equal(
	    sgn_keylist_read_dir(&list, dir, th_name(zone, "EXAMPLE.com."), true, &diag),
	    SGN_OK);
	assert_int_equal(list.count, 3);
	/* file-name order: +008 before +013 before +015 */
	assert_int_equal(sgn_key_get_algorithm(list.keys[0]), 8);
	assert_int_equal(sgn_key_get_algorithm(list.keys[1]), 13);
	assert_int_equal(sgn_key_get_algorithm(list.keys[2]), 15);
	for (size_t i = 0; i < 3; i++) {
		assert_true(sgn_key_has_private(list.keys[i]));
	}
	sgn_keylist_release(&list);
	assert_int_equal(list.count, 0);

	/* a key published without its private half here is read public-only */
	assert_int_equal(unlink(with_ext(bases[1], ".private")), 0);
	assert_int_equal(sgn_keylist_read_dir(&list, dir, zone, true, &diag), SGN_OK);
	assert_int_equal(list.count, 3);
	assert_false(sgn_key_has_private(list.keys[1]));
	assert_true(sgn_key_has_private(list.keys[0]));
	sgn_keylist_release(&list);

	/* a broken key file fails the whole read and is named */
	th_write_file(with_ext(bases[0], ".key"), "example.com. IN A 192.0.2.1\n");
	assert_int_equal(sgn_keylist_read_dir(&list, dir, zone, false, &diag), SGN_EPARSE);
	assert_non_null(strstr(diag.file, bases[0] + strlen(dir) + 1));
	sgn_keylist_release(&list);
	assert_int_equal(
	    sgn_keylist_read_dir(&list, th_join(dir, "nonexistent"), zone, false, &diag),
	    SGN_EIO);
	sgn_keylist_release(&list);
}

static void keylist_tag_collisions_include_the_revoked_tag(void **state)
{
	(void)state;
	sgn_keylist_t list;
	sgn_keylist_init(&list);
	sgn_key_t *a = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP);
	sgn_key_t *copy = NULL, *revoked = NULL;
	assert_int_equal(sgn_key_dup(&copy, a), SGN_OK);
	assert_int_equal(sgn_key_dup(&revoked, a), SGN_OK);
	assert_int_equal(sgn_key_set_flags(revoked, 257 | SGN_DNSKEY_REVOKE), SGN_OK);
	assert_int_not_equal(sgn_key_get_tag(revoked), sgn_key_get_tag(a));
	assert_false(sgn_keylist_tag_collides(&list, a)); /* empty list */
	assert_int_equal(sgn_keylist_add_take(&list, a), SGN_OK);
	assert_true(sgn_keylist_tag_collides(&list, copy));
	assert_true(sgn_keylist_tag_collides(&list, revoked)); /* RFC 5011: revoking changes it */
	/* keys drawn by generate_unique never collide with the list */
	for (int i = 0; i < 20; i++) {
		sgn_key_t *k = NULL;
		uint8_t owner[SGN_NAME_MAX];
		assert_int_equal(sgn_key_generate_unique(&k, &list, th_name(owner, "example.com."),
		                                         15, 0, SGN_DNSKEY_ZONE),
		                 SGN_OK);
		assert_false(sgn_keylist_tag_collides(&list, k));
		assert_int_equal(sgn_keylist_add_take(&list, k), SGN_OK);
	}
	assert_int_equal(list.count, 21);
	sgn_keylist_release(&list);
	sgn_key_free(copy);
	sgn_key_free(revoked);
}

static void key_dup_copies_both_halves_ttl_and_timing(void **state)
{
	(void)state;
	sgn_key_t *a = th_key_generate("example.com.", 16, SGN_DNSKEY_ZONE), *b = NULL;
	sgn_key_set_ttl(a, 99);
	sgn_key_set_time(a, SGN_KEY_INACTIVE, true, 12345);
	assert_int_equal(sgn_key_dup(&b, a), SGN_OK);
	sgn_key_free(a); /* the copy must not depend on the original */
	a = NULL;
	int64_t when = 0;
	assert_int_equal(sgn_key_get_ttl(b), 99);
	assert_true(sgn_key_get_time(b, &when, SGN_KEY_INACTIVE));
	assert_int_equal(when, 12345);
	assert_true(sgn_key_has_private(b));
	expect_same_pair(b, b);
	sgn_key_free(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_tmpdir_setup, th_tmpdir_teardown)
		T(keylist_read_dir_reads_the_zone_keys_in_name_order),
		T(keylist_tag_collisions_include_the_revoked_tag),
		T(key_dup_copies_both_halves_ttl_and_timing),
#undef T
	};
	return cmocka_run_group_tests_name("keylist", tests, NULL, NULL);
}
