/* SPDX-License-Identifier: MIT */
/* Unit tests for BIND key files (key.h): write/read round trips for every signing algorithm
 * with timing fields, file modes, refusing to overwrite, the ways a key pair can be broken,
 * and the RFC and BIND fixture keys. Every test works in its own mkdtemp directory under /tmp.
 * Key lists, key copies and tag collisions: test_keylist.c. */
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

#include <libsign/alg.h>
#include <libsign/codec.h>
#include <libsign/key.h>
#include <libsign/time.h>

#include "helpers.h"

static const uint8_t signing_algs[] = { 8, 10, 13, 14, 15, 16 };

static sgn_key_t *read_key(const char *path, bool need_private)
{
	sgn_key_t *key = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_key_read_bind(&key, path, need_private, &diag) != SGN_OK) {
		fail_msg("%s:%lu: %s", diag.file, diag.line, diag.msg);
	}
	return key;
}

/* Expect reading @p path to fail with @p want; returns the diagnostic. */
static sgn_diag_t read_fails(const char *path, bool need_private, sgn_err_t want)
{
	sgn_key_t *key = (sgn_key_t *)&key;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_err_t err = sgn_key_read_bind(&key, path, need_private, &diag);
	if (err != want) {
		fail_msg("reading %s gave %s (%s), expected %s", path, sgn_strerror(err), diag.msg,
		         sgn_strerror(want));
	}
	assert_null(key);
	assert_int_equal(diag.err, want);
	return diag;
}

static const char *with_ext(const char *base, const char *ext)
{
	static char buf[4][512];
	static unsigned next;
	char *b = buf[next++ % 4];
	snprintf(b, sizeof(buf[0]), "%s%s", base, ext);
	return b;
}

static bool exists(const char *path)
{
	return access(path, F_OK) == 0;
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

/* Replace the first occurrence of @p from with @p to in a file. */
static void edit_file(const char *path, const char *from, const char *to)
{
	char *text = th_read_file(path, NULL);
	char *at = strstr(text, from);
	if (at == NULL) {
		fail_msg("'%s' not found in %s", from, path);
	}
	size_t n = strlen(text) - strlen(from) + strlen(to) + 1;
	char *out = malloc(n);
	assert_non_null(out);
	snprintf(out, n, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	th_write_file(path, out);
	free(out);
	free(text);
}

/* -- round trips -- */

static void keyfile_round_trip_keeps_every_field_for_every_signing_algorithm(void **state)
{
	const char *dir = *state;
	for (size_t i = 0; i < sizeof(signing_algs); i++) {
		uint8_t alg = signing_algs[i];
		sgn_key_t *key =
		    th_key_generate("Example.COM.", alg, SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP);
		sgn_key_set_ttl(key, 3600);
		for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
			sgn_key_set_time(key, (sgn_key_event_t)ev, true, TH_NOW + ev * 86400);
		}
		const char *base = th_key_write(key, dir);

		/* the name BIND would give it: lower-case zone, 3-digit algorithm, 5-digit tag */
		char want[128];
		snprintf(want, sizeof(want), "%s/Kexample.com.+%03u+%05u", dir, alg,
		         sgn_key_get_tag(key));
		assert_string_equal(base, want);
		struct stat st;
		assert_int_equal(stat(with_ext(base, ".private"), &st), 0);
		assert_int_equal(st.st_mode & 0777, 0600);
		assert_int_equal(stat(with_ext(base, ".key"), &st), 0);
		assert_int_equal(st.st_mode & 0777, 0644);

		sgn_key_t *back = read_key(base, true);
		sgn_rdata_t a = sgn_key_get_rdata(key), b = sgn_key_get_rdata(back);
		assert_int_equal(a.len, b.len);
		assert_memory_equal(a.data, b.data, a.len);
		assert_memory_equal(sgn_key_get_owner(back), "\7example\3com", 13);
		assert_int_equal(sgn_key_get_tag(back), sgn_key_get_tag(key));
		assert_int_equal(sgn_key_get_flags(back), 257);
		assert_int_equal(sgn_key_get_algorithm(back), alg);
		assert_int_equal(sgn_key_get_bits(back), sgn_key_get_bits(key));
		assert_int_equal(sgn_key_get_ttl(back), 3600);
		assert_true(sgn_key_has_private(back));
		for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
			int64_t when = 0;
			assert_true(sgn_key_get_time(back, &when, (sgn_key_event_t)ev));
			assert_int_equal(when, TH_NOW + ev * 86400);
		}
		expect_same_pair(back, key);
		expect_same_pair(key, back);

		/* the public half alone, timing taken from the .key comments */
		sgn_key_t *pub = read_key(with_ext(base, ".key"), false);
		assert_false(sgn_key_has_private(pub));
		assert_int_equal(sgn_key_get_ttl(pub), 3600);
		for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
			int64_t when = 0;
			assert_true(sgn_key_get_time(pub, &when, (sgn_key_event_t)ev));
			assert_int_equal(when, TH_NOW + ev * 86400);
		}
		expect_same_pair(back, pub);
		sgn_key_free(pub);
		sgn_key_free(back);
		sgn_key_free(key);
	}
}

static void keyfile_without_ttl_or_timing_reads_back_without_them(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.net.", 13, SGN_DNSKEY_ZONE);
	const char *base = th_key_write(key, dir);
	sgn_key_t *back = read_key(base, true);
	assert_int_equal(sgn_key_get_ttl(back), 0);
	for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
		assert_false(sgn_key_get_time(back, NULL, (sgn_key_event_t)ev));
	}
	assert_int_equal(sgn_key_get_flags(back), 256);
	sgn_key_free(back);
	sgn_key_free(key);
}

static void keyfile_timing_comes_from_the_private_file_when_it_is_read(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 15, SGN_DNSKEY_ZONE);
	int64_t when = 0;
	sgn_key_set_time(key, SGN_KEY_PUBLISH, true, TH_NOW);
	sgn_key_set_time(key, SGN_KEY_DELETE, true, TH_NOW + 86400);
	const char *base = th_key_write(key, dir);
	/* the .key comments now say something else, and lose the Delete line */
	edit_file(with_ext(base, ".key"), "; Publish: 20231114221320", "; Publish: 20200101000000");
	edit_file(with_ext(base, ".key"), "; Delete:", "; Deleted:");
	sgn_key_t *pair = read_key(base, true);
	assert_true(sgn_key_get_time(pair, &when, SGN_KEY_PUBLISH));
	assert_int_equal(when, TH_NOW);
	assert_true(sgn_key_get_time(pair, &when, SGN_KEY_DELETE));
	assert_int_equal(when, TH_NOW + 86400);
	sgn_key_t *pub = read_key(base, false);
	assert_true(sgn_key_get_time(pub, &when, SGN_KEY_PUBLISH));
	assert_int_equal(when, th_time("20200101000000"));
	assert_false(sgn_key_get_time(pub, NULL, SGN_KEY_DELETE));
	sgn_key_free(pub);
	sgn_key_free(pair);
	sgn_key_free(key);
}

static void keyfile_contents_follow_bind_v1_3(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP);
	sgn_key_set_ttl(key, 3600);
	sgn_key_set_time(key, SGN_KEY_CREATED, true, TH_NOW);
	sgn_key_set_time(key, SGN_KEY_ACTIVATE, true, TH_NOW + 60);
	const char *base = th_key_write(key, dir);
	char *priv = th_read_file(with_ext(base, ".private"), NULL);
	assert_int_equal(strncmp(priv,
	                         "Private-key-format: v1.3\nAlgorithm: 13 (ECDSAP256SHA256)\n"
	                         "PrivateKey: ",
	                         69),
	                 0);
	assert_non_null(strstr(priv, "\nCreated: 20231114221320\n"));
	assert_non_null(strstr(priv, "\nActivate: 20231114221420\n"));
	assert_null(strstr(priv, "Publish:"));
	char *pub = th_read_file(with_ext(base, ".key"), NULL);
	assert_non_null(strstr(pub, "; Created: 20231114221320"));
	assert_non_null(strstr(pub, "key-signing key"));
	assert_non_null(strstr(pub, "\nexample.com. 3600 IN DNSKEY 257 3 13 "));
	free(priv);
	free(pub);
	sgn_key_free(key);
}

/* -- writing refuses to overwrite -- */

static void keyfile_write_refuses_to_overwrite_and_leaves_files_untouched(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 15, SGN_DNSKEY_ZONE);
	sgn_diag_t diag;
	const char *base = th_key_write(key, dir);
	char *keytext = th_read_file(with_ext(base, ".key"), NULL);
	char *privtext = th_read_file(with_ext(base, ".private"), NULL);
	assert_int_equal(th_dir_entries(dir), 2);

	/* both files there */
	sgn_diag_init(&diag);
	assert_int_equal(sgn_key_write_bind(key, NULL, 0, dir, &diag), SGN_EEXIST);
	assert_int_equal(diag.err, SGN_EEXIST);
	char *k2 = th_read_file(with_ext(base, ".key"), NULL);
	char *p2 = th_read_file(with_ext(base, ".private"), NULL);
	assert_string_equal(k2, keytext);
	assert_string_equal(p2, privtext);
	free(k2);
	free(p2);
	assert_int_equal(th_dir_entries(dir), 2); /* no temporary file left behind */

	/* only the .key there: nothing written */
	assert_int_equal(unlink(with_ext(base, ".private")), 0);
	assert_int_equal(sgn_key_write_bind(key, NULL, 0, dir, &diag), SGN_EEXIST);
	assert_false(exists(with_ext(base, ".private")));
	assert_int_equal(th_dir_entries(dir), 1);

	/* only the .private there: the .key is not created and the .private kept */
	th_write_file(with_ext(base, ".private"), privtext);
	assert_int_equal(unlink(with_ext(base, ".key")), 0);
	assert_int_equal(sgn_key_write_bind(key, NULL, 0, dir, &diag), SGN_EEXIST);
	assert_false(exists(with_ext(base, ".key")));
	p2 = th_read_file(with_ext(base, ".private"), NULL);
	assert_string_equal(p2, privtext);
	free(p2);
	assert_int_equal(th_dir_entries(dir), 1);

	free(keytext);
	free(privtext);
	sgn_key_free(key);
}

static void keyfile_write_needs_the_private_half_and_a_directory(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE), *pub = NULL;
	sgn_rdata_t rd = sgn_key_get_rdata(key);
	sgn_diag_t diag;
	assert_int_equal(sgn_key_from_dnskey(&pub, sgn_key_get_owner(key), rd.data, rd.len),
	                 SGN_OK);
	sgn_diag_init(&diag);
	assert_int_equal(sgn_key_write_bind(pub, NULL, 0, dir, &diag), SGN_EKEY);
	assert_int_equal(th_dir_entries(dir), 0);
	assert_int_equal(sgn_key_write_bind(key, NULL, 0, th_join(dir, "missing"), &diag),
	                 SGN_EIO);
	assert_int_equal(th_dir_entries(dir), 0);
	char small[8];
	assert_int_equal(sgn_key_bind_basename(key, small, sizeof(small)), SGN_EINVAL);
	sgn_key_free(pub);
	sgn_key_free(key);
}

/* The basename must fit the caller's buffer, and every path its limit, before a file is
 * written: nothing is left behind under a name the caller was not told. */
static void keyfile_write_checks_every_name_before_writing(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE);
	char base[64], small[8], longdir[4200];
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_key_write_bind(key, small, sizeof(small), dir, &diag), SGN_EINVAL);
	assert_int_equal(th_dir_entries(dir), 0);
	memset(longdir, 'd', sizeof(longdir) - 1);
	longdir[sizeof(longdir) - 1] = '\0';
	assert_int_equal(sgn_key_write_bind(key, NULL, 0, longdir, &diag), SGN_EINVAL);
	assert_int_equal(sgn_key_write_bind(key, base, sizeof(base), dir, &diag), SGN_OK);
	assert_int_equal(th_dir_entries(dir), 2);
	assert_int_equal(strncmp(base, "Kexample.com.+013+", 18), 0);
	sgn_key_free(key);
}

/* -- broken key files -- */

static void keyfile_truncated_base64_is_a_parse_error_at_its_line(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 15, SGN_DNSKEY_ZONE);
	const char *base = th_key_write(key, dir);
	const char *priv = with_ext(base, ".private");
	char *text = th_read_file(priv, NULL);
	/* the PrivateKey value is 44 base64 characters; keep 43 */
	char *v = strstr(text, "PrivateKey: ") + 12;
	char cut[64];
	snprintf(cut, sizeof(cut), "%.43s\n", v);
	char full[64];
	snprintf(full, sizeof(full), "%.44s\n", v);
	free(text);
	edit_file(priv, full, cut);
	sgn_diag_t d = read_fails(base, true, SGN_EPARSE);
	assert_string_equal(d.file, priv);
	assert_int_equal(d.line, 3);
	assert_non_null(strstr(d.msg, "PrivateKey"));
	/* the public half alone still reads */
	sgn_key_free(read_key(base, false));
	sgn_key_free(key);
}

static void keyfile_private_half_of_another_key_is_a_key_error(void **state)
{
	const char *dir = *state;
	static const uint8_t algs[] = { 8, 13, 15, 16 };
	for (size_t i = 0; i < sizeof(algs); i++) {
		sgn_key_t *k1 = th_key_generate("example.com.", algs[i], SGN_DNSKEY_ZONE);
		sgn_key_t *k2 = th_key_generate("example.com.", algs[i], SGN_DNSKEY_ZONE);
		char b1[256];
		snprintf(b1, sizeof(b1), "%s", th_key_write(k1, dir));
		const char *b2 = th_key_write(k2, dir);
		char *other = th_read_file(with_ext(b2, ".private"), NULL);
		th_write_file(with_ext(b1, ".private"), other);
		sgn_diag_t d = read_fails(b1, true, SGN_EKEY);
		assert_string_equal(d.file, with_ext(b1, ".private"));
		free(other);
		sgn_key_free(k1);
		sgn_key_free(k2);
	}
}

static void keyfile_private_algorithm_must_match_the_key(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE);
	const char *base = th_key_write(key, dir);
	edit_file(with_ext(base, ".private"), "Algorithm: 13 ", "Algorithm: 14 ");
	read_fails(base, true, SGN_EKEY);
	edit_file(with_ext(base, ".private"), "Algorithm: 14 ", "Algorithm: x ");
	read_fails(base, true, SGN_EPARSE);
	edit_file(with_ext(base, ".private"), "Algorithm: x (ECDSAP256SHA256)\n", "");
	read_fails(base, true, SGN_EPARSE); /* no Algorithm line at all */
	sgn_key_free(key);
}

static void keyfile_private_format_and_fields_are_checked(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 8, SGN_DNSKEY_ZONE);
	const char *base = th_key_write(key, dir);
	const char *priv = with_ext(base, ".private");
	char *orig = th_read_file(priv, NULL);

	edit_file(priv, "v1.3", "v2.0");
	read_fails(base, true, SGN_EPARSE);
	th_write_file(priv, orig);

	edit_file(priv, "Prime2:", "Prime9:"); /* an RSA field missing */
	sgn_diag_t d = read_fails(base, true, SGN_EKEY);
	assert_string_equal(d.file, priv);
	th_write_file(priv, orig);

	edit_file(priv, "Algorithm:", "no colon here\nAlgorithm:");
	d = read_fails(base, true, SGN_EPARSE);
	assert_int_equal(d.line, 2);
	th_write_file(priv, orig);

	sgn_key_free(read_key(base, true)); /* the original reads again */
	free(orig);
	sgn_key_free(key);
}

static void keyfile_unknown_algorithm_reads_public_only(void **state)
{
	const char *dir = *state;
	uint8_t rdata[4 + 32];
	char base[256], text[512], b64[64];
	rdata[0] = 1;
	rdata[1] = 1;
	rdata[2] = 3;
	rdata[3] = 200;
	th_fill(rdata + 4, 32, 8);
	uint16_t tag = sgn_keytag(rdata, sizeof(rdata));
	sgn_buf_t enc;
	sgn_buf_init(&enc);
	assert_int_equal(sgn_base64_encode(&enc, rdata + 4, 32), SGN_OK);
	snprintf(b64, sizeof(b64), "%s", (const char *)enc.data);
	sgn_buf_release(&enc);
	snprintf(base, sizeof(base), "%s/Kexample.com.+200+%05u", dir, tag);
	snprintf(text, sizeof(text), "example.com. IN DNSKEY 257 3 200 %s\n", b64);
	th_write_file(with_ext(base, ".key"), text);
	snprintf(text, sizeof(text), "Private-key-format: v1.3\nAlgorithm: 200\nPrivateKey: %s\n",
	         b64);
	th_write_file(with_ext(base, ".private"), text);
	read_fails(base, true, SGN_EUNSUPPORTED);
	sgn_key_t *key = read_key(base, false);
	assert_int_equal(sgn_key_get_algorithm(key), 200);
	assert_int_equal(sgn_key_get_tag(key), tag);
	assert_false(sgn_key_can_verify(key));
	sgn_key_free(key);
}

static void keyfile_missing_or_wrong_files_are_reported(void **state)
{
	const char *dir = *state;
	sgn_diag_t d = read_fails(th_join(dir, "Kexample.com.+013+12345"), false, SGN_EIO);
	assert_string_equal(d.file, th_join(dir, "Kexample.com.+013+12345.key"));
	sgn_key_t *key = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE);
	const char *base = th_key_write(key, dir);
	assert_int_equal(unlink(with_ext(base, ".private")), 0);
	read_fails(base, true, SGN_EIO);
	sgn_key_free(read_key(base, false));
	/* a .key without a DNSKEY record */
	th_write_file(with_ext(base, ".key"), "; nothing\nexample.com. 300 IN A 192.0.2.1\n");
	read_fails(base, false, SGN_EPARSE);
	sgn_key_free(key);
}

static void keyfile_name_must_agree_with_the_content(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE);
	const char *base = th_key_write(key, dir);
	char wrong[256];
	/* another tag */
	snprintf(wrong, sizeof(wrong), "%s/Kexample.com.+013+%05u", dir,
	         (sgn_key_get_tag(key) + 1) % 65536);
	assert_int_equal(rename(with_ext(base, ".key"), with_ext(wrong, ".key")), 0);
	assert_int_equal(rename(with_ext(base, ".private"), with_ext(wrong, ".private")), 0);
	read_fails(wrong, true, SGN_EKEY);
	/* another algorithm */
	char wrong2[256];
	snprintf(wrong2, sizeof(wrong2), "%s/Kexample.com.+014+%05u", dir, sgn_key_get_tag(key));
	assert_int_equal(rename(with_ext(wrong, ".key"), with_ext(wrong2, ".key")), 0);
	read_fails(wrong2, false, SGN_EKEY);
	/* another zone */
	snprintf(wrong, sizeof(wrong), "%s/Kexample.org.+013+%05u", dir, sgn_key_get_tag(key));
	assert_int_equal(rename(with_ext(wrong2, ".key"), with_ext(wrong, ".key")), 0);
	read_fails(wrong, false, SGN_EKEY);
	/* a file name that is not BIND's pattern is not checked */
	char plain[256];
	snprintf(plain, sizeof(plain), "%s/mykey", dir);
	assert_int_equal(rename(with_ext(wrong, ".key"), with_ext(plain, ".key")), 0);
	sgn_key_free(read_key(plain, false));
	sgn_key_free(key);
}

static void keyfile_reads_by_basename_or_either_file_name(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 16, SGN_DNSKEY_ZONE);
	const char *base = th_key_write(key, dir);
	const char *names[] = { base, with_ext(base, ".key"), with_ext(base, ".private") };
	for (size_t i = 0; i < 3; i++) {
		sgn_key_t *k = read_key(names[i], true);
		assert_int_equal(sgn_key_get_tag(k), sgn_key_get_tag(key));
		assert_true(sgn_key_has_private(k));
		sgn_key_free(k);
	}
	sgn_key_free(key);
}

/* -- fixture keys -- */

static void keyfile_rfc_keys_read_with_their_private_halves(void **state)
{
	(void)state;
	static const unsigned bits[TH_RFC_KEYS] = { 512, 1024, 256, 384, 256, 256, 456, 456 };
	for (size_t i = 0; i < TH_RFC_KEYS; i++) {
		sgn_key_t *key = read_key(th_path(th_rfc_keys[i]), true);
		assert_true(sgn_key_has_private(key));
		assert_int_equal(sgn_key_get_ttl(key), 3600);
		assert_int_equal(sgn_key_get_bits(key), bits[i]);
		/* v1.2 files: no timing */
		for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
			assert_false(sgn_key_get_time(key, NULL, (sgn_key_event_t)ev));
		}
		expect_same_pair(key, key);
		sgn_key_free(key);
	}
}

static void keyfile_bind_v1_3_timing_fields_are_read(void **state)
{
	(void)state;
	sgn_key_t *key = read_key(th_path("testzones/peer-suites/bind-dst/Ktest.+008+11349"), true);
	int64_t when = 0, want = th_time("20181025090713");
	assert_true(sgn_key_get_time(key, &when, SGN_KEY_CREATED));
	assert_int_equal(when, want);
	assert_true(sgn_key_get_time(key, &when, SGN_KEY_PUBLISH));
	assert_int_equal(when, want);
	assert_true(sgn_key_get_time(key, &when, SGN_KEY_ACTIVATE));
	assert_int_equal(when, want);
	assert_false(sgn_key_get_time(key, NULL, SGN_KEY_INACTIVE));
	assert_false(sgn_key_get_time(key, NULL, SGN_KEY_DELETE));
	assert_int_equal(sgn_key_get_ttl(key), 0); /* "test. IN DNSKEY": no TTL */
	assert_memory_equal(sgn_key_get_owner(key), "\4test", 6);
	sgn_key_free(key);
}

/* Reading a key keeps no hidden state: a caller in the middle of its own strtok(3) loop
 * goes on where it was. */
static void keyfile_reading_leaves_the_callers_strtok_alone(void **state)
{
	const char *dir = *state;
	sgn_key_t *key = th_key_generate("example.com.", 13, SGN_DNSKEY_ZONE);
	int64_t when = 0;
	sgn_key_set_time(key, SGN_KEY_ACTIVATE, true, TH_NOW);
	const char *base = th_key_write(key, dir);
	char words[] = "first second third";
	assert_string_equal(strtok(words, " "), "first");
	sgn_key_t *pub = read_key(base, false);
	const char *w = strtok(NULL, " ");
	assert_non_null(w);
	assert_string_equal(w, "second");
	assert_true(sgn_key_get_time(pub, &when, SGN_KEY_ACTIVATE));
	assert_int_equal(when, TH_NOW);
	sgn_key_free(pub);
	sgn_key_free(key);
}

static void key_event_names_are_bind_field_names(void **state)
{
	(void)state;
	static const char *const names[] = { "Created",  "Publish", "Activate",    "Revoke",
		                             "Inactive", "Delete",  "SyncPublish", "SyncDelete" };
	for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
		assert_string_equal(sgn_key_event_name((sgn_key_event_t)ev), names[ev]);
	}
	assert_null(sgn_key_event_name(SGN_KEY_EVENT__COUNT));
}

/* RFC 7583 order: every pair that must not go backwards, each alone. */
static void key_timing_out_of_order_names_the_pair(void **state)
{
	(void)state;
	static const struct {
		sgn_key_event_t first, second;
		const char *msg;
	} pairs[] = {
		{ SGN_KEY_PUBLISH, SGN_KEY_ACTIVATE, "Publish time is after the Activate time" },
		{ SGN_KEY_ACTIVATE, SGN_KEY_INACTIVE, "Activate time is after the Inactive time" },
		{ SGN_KEY_INACTIVE, SGN_KEY_DELETE, "Inactive time is after the Delete time" },
		{ SGN_KEY_PUBLISH, SGN_KEY_DELETE, "Publish time is after the Delete time" },
		{ SGN_KEY_ACTIVATE, SGN_KEY_REVOKE, "Activate time is after the Revoke time" },
		{ SGN_KEY_REVOKE, SGN_KEY_DELETE, "Revoke time is after the Delete time" },
		{ SGN_KEY_SYNC_PUBLISH, SGN_KEY_SYNC_DELETE,
		  "SyncPublish time is after the SyncDelete time" },
	};
	sgn_key_t *key = th_key_generate("example.", SGN_ALG_ED25519, SGN_DNSKEY_ZONE);
	assert_int_equal(sgn_key_check_timing(key, NULL), SGN_OK); /* nothing set */
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++) {
		for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
			sgn_key_set_time(key, (sgn_key_event_t)ev, false, 0);
		}
		sgn_key_set_time(key, pairs[i].first, true, 2000);
		sgn_key_set_time(key, pairs[i].second, true, 2000); /* equal times are in order */
		assert_int_equal(sgn_key_check_timing(key, NULL), SGN_OK);
		sgn_key_set_time(key, pairs[i].second, true, 1999);
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		assert_int_equal(sgn_key_check_timing(key, &diag), SGN_EINVAL);
		assert_string_equal(diag.msg, pairs[i].msg);
	}
	sgn_key_free(key);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_tmpdir_setup, th_tmpdir_teardown)
		T(keyfile_round_trip_keeps_every_field_for_every_signing_algorithm),
		T(keyfile_without_ttl_or_timing_reads_back_without_them),
		T(keyfile_timing_comes_from_the_private_file_when_it_is_read),
		T(keyfile_contents_follow_bind_v1_3),
		T(keyfile_write_refuses_to_overwrite_and_leaves_files_untouched),
		T(keyfile_write_needs_the_private_half_and_a_directory),
		T(keyfile_write_checks_every_name_before_writing),
		T(keyfile_truncated_base64_is_a_parse_error_at_its_line),
		T(keyfile_private_half_of_another_key_is_a_key_error),
		T(keyfile_private_algorithm_must_match_the_key),
		T(keyfile_private_format_and_fields_are_checked),
		T(keyfile_unknown_algorithm_reads_public_only),
		T(keyfile_missing_or_wrong_files_are_reported),
		T(keyfile_name_must_agree_with_the_content),
		T(keyfile_reads_by_basename_or_either_file_name),
		T(keyfile_rfc_keys_read_with_their_private_halves),
		T(keyfile_bind_v1_3_timing_fields_are_read),
		T(keyfile_reading_leaves_the_callers_strtok_alone),
		T(key_event_names_are_bind_field_names),
		T(key_timing_out_of_order_names_the_pair),
#undef T
	};
	return cmocka_run_group_tests_name("keyfile", tests, NULL, NULL);
}
