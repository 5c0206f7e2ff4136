/* SPDX-License-Identifier: MIT */
/* Unit tests for trust anchor sets and files (anchor.h): IANA's real root-anchors.xml at
 * dates around each KSK's validity period (RFC 7958 §2.2), the real root.ds and root.key,
 * matching a DNSKEY by DS or by the key itself (the REVOKE bit aside, RFC 5011), hostile XML
 * (nested elements, duplicates, too many anchors, a file that is not RFC 7958), and files
 * without anchors. Fixtures: keys/root-anchors (see its SOURCE.md). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#include <libsign/anchor.h>
#include <libsign/text.h>
#include <libsign/rr.h>
#include <libsign/name.h>
#include <libsign/codec.h>

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))
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
	for (size_t i = 0; sgn_anchors_get(a, &owner, &type, &rd, i); i++) {
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
		if (line[0] != ';' && sgn_rr_from_str(&rr, owner, &rd, line, root, 3600,
		    NULL) == SGN_OK &&
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(anchors_iana_xml_keeps_what_is_valid_at_the_time,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_iana_xml_before_any_key_is_not_found,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_match_a_key_by_ds_or_by_itself,
		                                th_tmpdir_setup, th_tmpdir_teardown),
		cmocka_unit_test_setup_teardown(anchors_file_without_anchors_is_an_error,
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
