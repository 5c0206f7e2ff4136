/* SPDX-License-Identifier: MIT */
/* Unit tests for trust anchors (anchor.h): IANA's real root-anchors.xml at dates around
 * each KSK's validity period (RFC 7958 §2.2), the real root.ds and root.key in zone text,
 * matching a DNSKEY by DS or by the key itself (the REVOKE bit aside, RFC 5011), and the
 * errors of a file with no anchor. Fixtures: keys/root-anchors (see its SOURCE.md). */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/anchor.h>
#include <libsign/codec.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const uint8_t root[1] = { 0 };

/* The tags of the anchors in the set, in order, as "19036 20326". */
static const char *tags(const sgn_anchors_t *a)
{
	static char out[128];
	size_t n = 0;
	out[0] = '\0';
	const uint8_t *owner;
	uint16_t type;
	sgn_rdata_t rd;
	for (size_t i = 0; sgn_anchors_get(a, i, &owner, &type, &rd); i++) {
		n += (size_t)snprintf(out + n, sizeof(out) - n, "%s%u", i ? " " : "",
		                      (unsigned)((rd.data[0] << 8) | rd.data[1]));
	}
	return out;
}

struct xml_case {
	const char *at;
	const char *tags;  /* KeyDigest entries valid then */
	size_t skipped;
};

/* validFrom/validUntil of the three KSKs: 19036 2010-07-15..2019-01-11, 20326 from
 * 2017-02-02, 38696 from 2024-07-18. */
static const struct xml_case xml_cases[] = {
	{ "20150101000000", "19036", 2 },
	{ "20180101000000", "19036 20326", 1 },
	{ "20190110235959", "19036 20326", 1 },
	{ "20190111000001", "20326", 2 },
	{ "20200101000000", "20326", 2 },
	{ "20240717235959", "20326", 2 },
	{ "20240718000000", "20326 38696", 1 },
	{ "20261203000000", "20326 38696", 1 },
};

static void anchors_iana_xml_keeps_what_is_valid_at_the_time(void **state)
{
	(void)state;
	const char *xml = th_path("keys/root-anchors/root-anchors.xml");
	for (size_t i = 0; i < ARRAY_LEN(xml_cases); i++) {
		sgn_anchors_t *a;
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		assert_int_equal(sgn_anchors_new(&a), SGN_OK);
		sgn_err_t err = sgn_anchors_load(a, xml, th_time(xml_cases[i].at), &diag);
		if (err != SGN_OK || strcmp(tags(a), xml_cases[i].tags) != 0) {
			print_error("at %s: %s, anchors '%s'\n", xml_cases[i].at, diag.msg, tags(a));
		}
		assert_int_equal(err, SGN_OK);
		assert_string_equal(tags(a), xml_cases[i].tags);
		assert_int_equal(sgn_anchors_skipped(a), xml_cases[i].skipped);
		assert_true(sgn_anchors_has(a, root));
		sgn_anchors_free(a);
	}
}

static void anchors_iana_xml_before_any_key_is_not_found(void **state)
{
	(void)state;
	sgn_anchors_t *a;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_anchors_new(&a), SGN_OK);
	assert_int_equal(sgn_anchors_load(a, th_path("keys/root-anchors/root-anchors.xml"),
	                                  th_time("20090101000000"), &diag),
	                 SGN_ENOTFOUND);
	assert_non_null(strstr(diag.msg, "no trust anchor valid at this time"));
	sgn_anchors_free(a);
}

/* The DNSKEY RDATA of the root.key line with tag @p tag. */
static size_t root_dnskey(uint8_t *out, size_t cap, uint16_t tag)
{
	char *text = th_read_file(th_path("keys/root-anchors/root.key"), NULL);
	size_t len = 0;
	for (char *line = strtok(text, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		sgn_rr_t rr;
		uint8_t owner[SGN_NAME_MAX];
		sgn_buf_t rd;
		sgn_buf_init(&rd);
		if (line[0] != ';' && sgn_rr_from_str(line, root, 3600, &rr, owner, &rd, NULL) == SGN_OK &&
		    rr.type == SGN_TYPE_DNSKEY && sgn_keytag(rr.rdata, rr.rdlen) == tag) {
			assert_true(rr.rdlen <= cap);
			memcpy(out, rr.rdata, rr.rdlen);
			len = rr.rdlen;
		}
		sgn_buf_release(&rd);
	}
	free(text);
	assert_true(len > 0);
	return len;
}

static void anchors_match_a_key_by_ds_or_by_itself(void **state)
{
	(void)state;
	uint8_t k20326[1024], k38696[1024];
	size_t n20326 = root_dnskey(k20326, sizeof(k20326), 20326);
	size_t n38696 = root_dnskey(k38696, sizeof(k38696), 38696);
	static const char *const files[] = { "keys/root-anchors/root.ds", "keys/root-anchors/root.key" };
	for (size_t f = 0; f < ARRAY_LEN(files); f++) {
		sgn_anchors_t *a;
		assert_int_equal(sgn_anchors_new(&a), SGN_OK);
		assert_int_equal(sgn_anchors_load(a, th_path(files[f]), th_time("20250101000000"), NULL),
		                 SGN_OK);
		assert_true(sgn_anchors_match(a, root, k20326, n20326));
		assert_true(sgn_anchors_match(a, root, k38696, n38696));
		/* Another owner, or one changed bit of the key, does not match. */
		uint8_t com[SGN_NAME_MAX];
		assert_false(sgn_anchors_match(a, th_name(com, "com."), k20326, n20326));
		k20326[n20326 - 1] ^= 1;
		assert_false(sgn_anchors_match(a, root, k20326, n20326));
		k20326[n20326 - 1] ^= 1;
		/* With the REVOKE bit the key is still the anchor's key for a DNSKEY anchor (RFC
		 * 5011 §2.1 self-signature); a DS describes the flags too, so it no longer
		 * matches. */
		k20326[1] |= 0x80;
		assert_int_equal(sgn_anchors_match(a, root, k20326, n20326), f == 1);
		k20326[1] &= 0x7f;
		sgn_anchors_free(a);
	}
}

static void anchors_file_without_anchors_is_an_error(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "no-anchors");
	th_write_file(path, ". 3600 IN NS a.root-servers.net.\n");
	sgn_anchors_t *a;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_anchors_new(&a), SGN_OK);
	assert_int_equal(sgn_anchors_load(a, path, 0, &diag), SGN_ENOTFOUND);
	assert_non_null(strstr(diag.msg, "no DS or DNSKEY trust anchor"));
	assert_int_equal(sgn_anchors_count(a), 0);
	th_write_file(path, ". 3600 IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D\n"
	                    ". 3600 IN DS tag 8 2 E06D\n");
	sgn_diag_init(&diag);
	assert_int_not_equal(sgn_anchors_load(a, path, 0, &diag), SGN_OK);
	assert_int_equal(diag.line, 2); /* the broken record's line */
	sgn_anchors_free(a);
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
		cmocka_unit_test(anchors_iana_xml_keeps_what_is_valid_at_the_time),
		cmocka_unit_test(anchors_iana_xml_before_any_key_is_not_found),
		cmocka_unit_test(anchors_match_a_key_by_ds_or_by_itself),
		cmocka_unit_test(anchors_file_without_anchors_is_an_error),
	};
	return cmocka_run_group_tests_name("anchors", tests, setup, teardown);
}
