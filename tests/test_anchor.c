/* SPDX-License-Identifier: MIT */
/* Unit tests for trust anchor sets and files (anchor.h): IANA's root-anchors.xml, hostile
 * XML (nested elements, duplicates, too many anchors, a file that is not RFC 7958), and zone
 * text anchors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#include <libsign/anchor.h>

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<TrustAnchor id=\"t\" source=\"t\">\n<Zone>.</Zone>\n"
#define DIGEST_2017 "E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D"

/* Load @p text (written to a file) at 2025-01-01; the error, the anchors in *count. */
static sgn_err_t load(const char *dir, const char *text, size_t *count, sgn_diag_t *diag)
{
	const char *path = th_join(dir, "anchors");
	th_write_file(path, text);
	sgn_anchors_t *a = NULL;
	assert_int_equal(sgn_anchors_new(&a), SGN_OK);
	sgn_diag_init(diag);
	sgn_err_t err = sgn_anchors_load(a, path, th_time("20250101000000"), diag);
	*count = sgn_anchors_count(a);
	sgn_anchors_free(a);
	return err;
}

static char *key_digests(size_t n, bool distinct, const char *pad)
{
	size_t cap = strlen(XML_HEAD) + n * (300 + strlen(pad)) + 64, len = 0;
	char *s = malloc(cap);
	assert_non_null(s);
	len += (size_t)snprintf(s, cap, "%s", XML_HEAD);
	for (size_t i = 0; i < n; i++) {
		len += (size_t)snprintf(s + len, cap - len,
		                        "<KeyDigest id=\"k%zu\" validFrom=\"2017-02-02T00:00:00+00:00\">"
		                        "<KeyTag>%zu</KeyTag><Algorithm>8</Algorithm><DigestType>2"
		                        "</DigestType><Digest>%s</Digest></KeyDigest>%s\n",
		                        i, distinct ? i : 20326, DIGEST_2017, pad);
		assert_true(len < cap);
	}
	snprintf(s + len, cap - len, "</TrustAnchor>\n");
	return s;
}

static void anchors_iana_file_loads_the_keys_valid_then(void **state)
{
	(void)state;
	static const struct {
		const char *at;
		size_t count;
	} when[] = { { "20150101000000", 1 }, { "20180101000000", 2 }, { "20200101000000", 1 },
		     { "20250101000000", 2 } };
	for (size_t i = 0; i < sizeof(when) / sizeof(when[0]); i++) {
		sgn_anchors_t *a = NULL;
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		assert_int_equal(sgn_anchors_new(&a), SGN_OK);
		assert_int_equal(sgn_anchors_load(a, th_path("keys/root-anchors/root-anchors.xml"),
		                                  th_time(when[i].at), &diag),
		                 SGN_OK);
		assert_int_equal(sgn_anchors_count(a), when[i].count);
		sgn_anchors_free(a);
	}
}

/* Issue 10: one element with 10,000 "<KeyDigest" openings loaded 10,000 anchors. */
static void anchors_xml_nested_element_is_refused(void **state)
{
	size_t cap = 200000, len = 0, count;
	char *s = malloc(cap);
	assert_non_null(s);
	len += (size_t)snprintf(s, cap, "%s<KeyDigest id=\"x\" validFrom=\"2017-02-02T00:00:00+00:00\">\n",
	                        XML_HEAD);
	for (int i = 0; i < 10000; i++) {
		len += (size_t)snprintf(s + len, cap - len, "<KeyDigest");
	}
	snprintf(s + len, cap - len,
	         "<KeyTag>20326</KeyTag><Algorithm>8</Algorithm><DigestType>2</DigestType>"
	         "<Digest>%s</Digest></KeyDigest></TrustAnchor>\n",
	         DIGEST_2017);
	sgn_diag_t diag;
	assert_int_equal(load(*state, s, &count, &diag), SGN_EPARSE);
	assert_int_equal(count, 0);
	assert_int_equal(diag.line, 5);
	assert_non_null(strstr(diag.msg, "root-anchors XML: KeyDigest element inside another"));
	free(s);
}

static void anchors_duplicates_count_once(void **state)
{
	size_t count;
	sgn_diag_t diag;
	char *s = key_digests(5000, false, "");
	assert_int_equal(load(*state, s, &count, &diag), SGN_OK);
	assert_int_equal(count, 1);
	free(s);
	static const char text[] =
	    ". IN DS 20326 8 2 " DIGEST_2017 "\n"
	    ". 3600 IN DS 20326 8 2 " DIGEST_2017 "\n"
	    ". IN DS 20326 8 2 e06d44b80b8f1d39a95c0b0d7c65d08458e880409bbc683457104237c7f8ec8d\n";
	assert_int_equal(load(*state, text, &count, &diag), SGN_OK);
	assert_int_equal(count, 1);
}

static void anchors_limit_at_and_above(void **state)
{
	size_t count;
	sgn_diag_t diag;
	char *s = key_digests(SGN_ANCHORS_MAX, true, "");
	assert_int_equal(load(*state, s, &count, &diag), SGN_OK);
	assert_int_equal(count, SGN_ANCHORS_MAX);
	free(s);
	s = key_digests(SGN_ANCHORS_MAX + 1, true, "");
	assert_int_equal(load(*state, s, &count, &diag), SGN_ELIMIT);
	assert_non_null(strstr(diag.msg, "more than 1000 trust anchors"));
	free(s);
}

/* Issue 10: a 1.1 MB file took 16 s (every element searched to the end of the file). Each
 * search now stays inside its element; this file loads (no clock is read). */
static void anchors_large_xml_file_loads(void **state)
{
	char pad[1001];
	memset(pad, ' ', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	char *s = key_digests(SGN_ANCHORS_MAX, true, pad);
	assert_true(strlen(s) > 1000000);
	size_t count;
	sgn_diag_t diag;
	assert_int_equal(load(*state, s, &count, &diag), SGN_OK);
	assert_int_equal(count, SGN_ANCHORS_MAX);
	free(s);
}

/* Issue 10: an XML file that does not parse was reported as zone text. */
static void anchors_broken_xml_is_reported_as_xml(void **state)
{
	static const struct {
		const char *text;
		const char *msg;
		unsigned long line;
	} bad[] = {
		{ "<?xml version=\"1.0\"?>\n<TrustAnchr>\n<Zone>.</Zone>\n</TrustAnchr>\n",
		  "root-anchors XML: no <TrustAnchor> element", 1 },
		{ "\n\n  <TrustAnchor>\n<Zone>not a name..</Zone>\n</TrustAnchor>\n",
		  "root-anchors XML: no valid <Zone>", 3 },
		{ XML_HEAD "<KeyDigest id=\"a\"><KeyTag>1</KeyTag>\n</TrustAnchor>\n",
		  "root-anchors XML: unterminated KeyDigest element", 4 },
		{ XML_HEAD "\n<KeyDigest id=\"a\"><KeyTag>1</KeyTag></KeyDigest></TrustAnchor>\n",
		  "root-anchors XML: incomplete KeyDigest element", 5 },
		{ XML_HEAD "<KeyDigest id=\"a\"><KeyTag>70000</KeyTag><Algorithm>8</Algorithm>"
		           "<DigestType>2</DigestType><Digest>00</Digest></KeyDigest></TrustAnchor>\n",
		  "root-anchors XML: bad KeyDigest", 4 },
	};
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		size_t count;
		sgn_diag_t diag;
		assert_int_equal(load(*state, bad[i].text, &count, &diag), SGN_EPARSE);
		if (strstr(diag.msg, bad[i].msg) == NULL || diag.line != bad[i].line) {
			fail_msg("case %zu: line %lu '%s', want line %lu '%s'", i, diag.line, diag.msg,
			         bad[i].line, bad[i].msg);
		}
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(anchors_iana_file_loads_the_keys_valid_then,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_xml_nested_element_is_refused, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_duplicates_count_once, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_limit_at_and_above, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_large_xml_file_loads, th_tmpdir_setup,
		                                th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_broken_xml_is_reported_as_xml, th_tmpdir_setup,
		                                th_tmpdir_teardown),
	};
	return cmocka_run_group_tests_name("anchor", tests, NULL, NULL);
}
