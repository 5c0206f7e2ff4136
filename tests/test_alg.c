/* SPDX-License-Identifier: MIT */
/* Unit tests for alg.h and the algorithm table: every row's invariants, every algorithm number
 * through the public API, key size boundaries, sign -> verify round trips, and the BIND dst
 * raw-signature vectors (testzones/peer-suites/bind-dst). Digests: test_digest.c. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/alg.h>
#include <libsign/codec.h>
#include <libsign/key.h>
#include <libsign/validate.h>

#include "alg/alg.h"
#include "helpers.h"

/* The algorithms RFC 8624 lets us sign with, and the older ones we still verify. */
static const uint8_t signing_algs[] = { 8, 10, 13, 14, 15, 16 };
static const uint8_t verify_only_algs[] = { 5, 7 };

static bool in_list(uint8_t alg, const uint8_t *list, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (list[i] == alg) {
			return true;
		}
	}
	return false;
}

static int setup(void **state)
{
	(void)state;
	return sgn_init() == SGN_OK ? 0 : -1;
}

/* -- the table -- */

static void alg_table_rows_are_consistent(void **state)
{
	(void)state;
	size_t rows = 0;
	for (const struct sgn__alg_row *row; (row = sgn__alg_at(rows)) != NULL; rows++) {
		uint8_t back = 0;
		assert_non_null(row->mnemonic);
		assert_ptr_equal(sgn__alg_find(row->number), row);
		assert_string_equal(sgn_alg_mnemonic(row->number), row->mnemonic);
		/* mnemonic -> number, in any case, and the alias too */
		assert_int_equal(sgn_alg_from_str(&back, row->mnemonic), SGN_OK);
		assert_int_equal(back, row->number);
		char lower[32];
		size_t n = strlen(row->mnemonic);
		assert_true(n < sizeof(lower));
		for (size_t i = 0; i <= n; i++) {
			char c = row->mnemonic[i];
			lower[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
		}
		assert_int_equal(sgn_alg_from_str(&back, lower), SGN_OK);
		assert_int_equal(back, row->number);
		if (row->alias != NULL) {
			assert_int_equal(sgn_alg_from_str(&back, row->alias), SGN_OK);
			assert_int_equal(back, row->number);
		}
		/* a row that may sign has a backend and sane key sizes */
		if (row->may_sign) {
			assert_non_null(row->be);
			assert_true(row->bits_min > 0);
			assert_true(row->bits_min <= row->bits_default);
			assert_true(row->bits_default <= row->bits_max);
			assert_false(row->deprecated);
		}
		if (row->be != NULL && row->be != &sgn__be_openssl_rsa) {
			assert_true(row->params.key_size > 0);
			assert_true(row->params.sig_size > 0);
		}
		/* rows are unique */
		for (size_t k = 0; k < rows; k++) {
			assert_int_not_equal(sgn__alg_at(k)->number, row->number);
			assert_true(strcasecmp(sgn__alg_at(k)->mnemonic, row->mnemonic) != 0);
		}
	}
	assert_true(rows >= 14);
}

static void alg_every_number_answers_without_crashing(void **state)
{
	(void)state;
	for (unsigned a = 0; a <= 255; a++) {
		uint8_t alg = (uint8_t)a, back = 0;
		bool sign = sgn_alg_can_sign(alg), verify = sgn_alg_can_verify(alg);
		assert_int_equal(sign, in_list(alg, signing_algs, sizeof(signing_algs)));
		assert_int_equal(verify,
		                 sign || in_list(alg, verify_only_algs, sizeof(verify_only_algs)));
		unsigned min = 0, max = 0, dflt = 0;
		assert_int_equal(sgn_alg_key_bits(&min, &max, &dflt, alg),
		                 sign ? SGN_OK : SGN_EUNSUPPORTED);
		/* every number parses as decimal */
		char num[8];
		snprintf(num, sizeof(num), "%u", a);
		assert_int_equal(sgn_alg_from_str(&back, num), SGN_OK);
		assert_int_equal(back, alg);
		if (sgn_alg_mnemonic(alg) == NULL) {
			assert_null(sgn__alg_find(alg));
			assert_false(verify);
		}
	}
}

static void alg_mnemonics_map_both_ways(void **state)
{
	(void)state;
	uint8_t a = 0;
	assert_string_equal(sgn_alg_mnemonic(8), "RSASHA256");
	assert_string_equal(sgn_alg_mnemonic(13), "ECDSAP256SHA256");
	assert_string_equal(sgn_alg_mnemonic(15), "ED25519");
	assert_string_equal(sgn_alg_mnemonic(7), "RSASHA1-NSEC3-SHA1");
	assert_null(sgn_alg_mnemonic(0));
	assert_null(sgn_alg_mnemonic(200));
	assert_int_equal(sgn_alg_from_str(&a, "NSEC3RSASHA1"), SGN_OK);
	assert_int_equal(a, 7);
	assert_int_equal(sgn_alg_from_str(&a, "ecdsap384sha384"), SGN_OK);
	assert_int_equal(a, 14);
	assert_int_equal(sgn_alg_from_str(&a, "Ed448"), SGN_OK);
	assert_int_equal(a, 16);
	assert_int_equal(sgn_alg_from_str(&a, "256"), SGN_ENOTFOUND);
	assert_int_equal(sgn_alg_from_str(&a, ""), SGN_ENOTFOUND);
	assert_int_equal(sgn_alg_from_str(&a, "RSASHA256x"), SGN_ENOTFOUND);
	assert_int_equal(sgn_alg_from_str(&a, "-1"), SGN_ENOTFOUND);
	assert_int_equal(sgn_alg_from_str(&a, "8 "), SGN_ENOTFOUND);
}

static void alg_policy_flags_follow_rfc8624_and_rfc5155(void **state)
{
	(void)state;
	assert_true(sgn_alg_is_deprecated(5));
	assert_true(sgn_alg_is_deprecated(7));
	assert_true(sgn_alg_is_deprecated(1));
	assert_false(sgn_alg_is_deprecated(8));
	assert_false(sgn_alg_is_deprecated(13));
	assert_false(sgn_alg_is_deprecated(15));
	assert_false(sgn_alg_allows_nsec3(5));
	assert_false(sgn_alg_allows_nsec3(3));
	assert_true(sgn_alg_allows_nsec3(7));
	assert_true(sgn_alg_allows_nsec3(8));
	assert_true(sgn_alg_allows_nsec3(16));
	/* INDIRECT and the private algorithms (RFC 4034 A.1.1): named, never signed or verified
	 * (what a private algorithm is, only its key says), nothing checked in their keys, and
	 * not marked for NSEC3 (RFC 5155 section 2 gives them no NSEC3 identifier); the
	 * aliases without a backend (6, DSA; 12, GOST) are verified by no one either */
	static const uint8_t unsupported[] = { 6, 12, 252, 253, 254 };
	static const uint8_t key[] = { 1, 1, 3, 0, 0xde, 0xad };
	for (size_t i = 0; i < sizeof(unsupported); i++) {
		uint8_t rd[sizeof(key)];
		memcpy(rd, key, sizeof(key));
		rd[3] = unsupported[i];
		assert_non_null(sgn_alg_mnemonic(unsupported[i]));
		assert_false(sgn_alg_can_sign(unsupported[i]));
		assert_false(sgn_alg_can_verify(unsupported[i]));
		assert_int_equal(sgn_alg_check_dnskey(NULL, 0, rd, sizeof(rd), true), SGN_OK);
		assert_int_equal(sgn_alg_allows_nsec3(unsupported[i]), unsupported[i] < 252);
	}
	assert_int_equal(SGN_ALG_DEFAULT, 13);
}

static void alg_key_bits_report_the_table_limits(void **state)
{
	(void)state;
	static const struct {
		uint8_t alg;
		unsigned min, max, dflt;
	} want[] = {
		{ 8, 1024, 4096, 2048 }, { 10, 1024, 4096, 2048 }, { 13, 256, 256, 256 },
		{ 14, 384, 384, 384 },   { 15, 256, 256, 256 },    { 16, 456, 456, 456 },
	};
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		unsigned min, max, dflt;
		assert_int_equal(sgn_alg_key_bits(&min, &max, &dflt, want[i].alg), SGN_OK);
		assert_int_equal(min, want[i].min);
		assert_int_equal(max, want[i].max);
		assert_int_equal(dflt, want[i].dflt);
	}
	assert_int_equal(sgn_alg_key_bits(NULL, NULL, NULL, 13), SGN_OK);
	assert_int_equal(sgn_alg_key_bits(NULL, NULL, NULL, 5), SGN_EUNSUPPORTED);
	assert_int_equal(sgn_alg_key_bits(NULL, NULL, NULL, 200), SGN_EUNSUPPORTED);
}

/* -- key generation boundaries -- */

static sgn_err_t try_generate(uint8_t alg, unsigned bits, unsigned *got_bits)
{
	uint8_t owner[SGN_NAME_MAX];
	sgn_key_t *key = (sgn_key_t *)&key; /* must be reset to NULL on failure */
	sgn_err_t err =
	    sgn_key_generate(&key, th_name(owner, "example."), alg, bits, SGN_DNSKEY_ZONE);
	if (err == SGN_OK) {
		assert_non_null(key);
		assert_true(sgn_key_has_private(key));
		assert_int_equal(sgn_key_get_algorithm(key), alg);
		*got_bits = sgn_key_get_bits(key);
	} else {
		assert_null(key);
	}
	sgn_key_free(key);
	return err;
}

static void keygen_rsa_sizes_min_minus_one_to_max_plus_one(void **state)
{
	(void)state;
	unsigned bits = 0;
	assert_int_equal(try_generate(8, 1023, &bits), SGN_EINVAL);
	assert_int_equal(try_generate(8, 1024, &bits), SGN_OK);
	assert_int_equal(bits, 1024);
	assert_int_equal(try_generate(8, 4096, &bits), SGN_OK);
	assert_int_equal(bits, 4096);
	assert_int_equal(try_generate(8, 4097, &bits), SGN_EINVAL);
	assert_int_equal(try_generate(10, 1023, &bits), SGN_EINVAL);
	assert_int_equal(try_generate(10, 1024, &bits), SGN_OK);
	assert_int_equal(bits, 1024);
	assert_int_equal(try_generate(10, 4097, &bits), SGN_EINVAL);
	assert_int_equal(try_generate(8, 0, &bits), SGN_OK); /* the default */
	assert_int_equal(bits, 2048);
}

static void keygen_fixed_size_algorithms_take_zero_or_their_size(void **state)
{
	(void)state;
	static const struct {
		uint8_t alg;
		unsigned bits;
	} fixed[] = { { 13, 256 }, { 14, 384 }, { 15, 256 }, { 16, 456 } };
	for (size_t i = 0; i < sizeof(fixed) / sizeof(fixed[0]); i++) {
		unsigned bits = 0;
		assert_int_equal(try_generate(fixed[i].alg, 0, &bits), SGN_OK);
		assert_int_equal(try_generate(fixed[i].alg, fixed[i].bits, &bits), SGN_OK);
		assert_int_equal(try_generate(fixed[i].alg, fixed[i].bits - 1, &bits), SGN_EINVAL);
		assert_int_equal(try_generate(fixed[i].alg, fixed[i].bits + 1, &bits), SGN_EINVAL);
	}
}

static void keygen_refuses_algorithms_that_cannot_sign(void **state)
{
	(void)state;
	unsigned bits;
	assert_int_equal(try_generate(5, 0, &bits), SGN_EUNSUPPORTED);   /* verify only */
	assert_int_equal(try_generate(3, 0, &bits), SGN_EUNSUPPORTED);   /* known, no backend */
	assert_int_equal(try_generate(200, 0, &bits), SGN_EUNSUPPORTED); /* unknown */
	assert_int_equal(try_generate(0, 0, &bits), SGN_EUNSUPPORTED);
}

/* -- sign and verify -- */

/* Expected signature sizes; RSA keys are generated at 1024 bits here. */
static size_t sig_size(uint8_t alg)
{
	switch (alg) {
	case 8:
	case 10:
		return 128;
	case 13:
	case 15:
		return 64;
	case 14:
		return 96;
	case 16:
		return 114;
	default:
		return 0;
	}
}

static void sign_then_verify_round_trips_for_every_signing_algorithm(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX], msg[333];
	th_fill(msg, sizeof(msg), 5);
	for (size_t i = 0; i < sizeof(signing_algs); i++) {
		uint8_t alg = signing_algs[i];
		unsigned bits = (alg == 8 || alg == 10) ? 1024 : 0;
		sgn_key_t *key = NULL, *pub = NULL;
		sgn_buf_t sig;
		bool valid = false;
		assert_int_equal(sgn_key_generate(&key, th_name(owner, "example."), alg, bits,
		                                  SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP),
		                 SGN_OK);
		sgn_buf_init(&sig);
		assert_int_equal(sgn_key_sign(key, &sig, msg, sizeof(msg)), SGN_OK);
		assert_int_equal(sig.len, sig_size(alg));
		/* the public half alone, made from the DNSKEY RDATA, verifies */
		sgn_rdata_t rd = sgn_key_get_rdata(key);
		assert_int_equal(sgn_key_from_dnskey(&pub, owner, rd.data, rd.len), SGN_OK);
		assert_false(sgn_key_has_private(pub));
		assert_true(sgn_key_can_verify(pub));
		assert_int_equal(sgn_key_get_tag(pub), sgn_key_get_tag(key));
		assert_int_equal(sgn_key_get_bits(pub), sgn_key_get_bits(key));
		assert_int_equal(sgn_key_verify(pub, &valid, msg, sizeof(msg), sig.data, sig.len),
		                 SGN_OK);
		assert_true(valid);
		/* a flipped bit in the message or the signature, or a cut signature: bogus, not
		 * an error */
		msg[17] ^= 0x01;
		assert_int_equal(sgn_key_verify(pub, &valid, msg, sizeof(msg), sig.data, sig.len),
		                 SGN_OK);
		assert_false(valid);
		msg[17] ^= 0x01;
		sig.data[sig.len / 2] ^= 0x80;
		assert_int_equal(sgn_key_verify(pub, &valid, msg, sizeof(msg), sig.data, sig.len),
		                 SGN_OK);
		assert_false(valid);
		sig.data[sig.len / 2] ^= 0x80;
		assert_int_equal(
		    sgn_key_verify(pub, &valid, msg, sizeof(msg), sig.data, sig.len - 1), SGN_OK);
		assert_false(valid);
		assert_int_equal(sgn_key_verify(pub, &valid, msg, sizeof(msg), sig.data, 0),
		                 SGN_OK);
		assert_false(valid);
		/* a public-only key cannot sign */
		assert_int_equal(sgn_key_sign(pub, &sig, msg, sizeof(msg)), SGN_EKEY);
		sgn_buf_release(&sig);
		sgn_key_free(pub);
		sgn_key_free(key);
	}
}

static void sign_is_deterministic_except_for_ecdsa(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX], msg[64];
	th_fill(msg, sizeof(msg), 9);
	for (size_t i = 0; i < sizeof(signing_algs); i++) {
		uint8_t alg = signing_algs[i];
		sgn_key_t *key = NULL;
		sgn_buf_t a, b;
		bool valid = false;
		assert_int_equal(sgn_key_generate(&key, th_name(owner, "example."), alg,
		                                  (alg == 8 || alg == 10) ? 1024 : 0,
		                                  SGN_DNSKEY_ZONE),
		                 SGN_OK);
		sgn_buf_init(&a);
		sgn_buf_init(&b);
		assert_int_equal(sgn_key_sign(key, &a, msg, sizeof(msg)), SGN_OK);
		assert_int_equal(sgn_key_sign(key, &b, msg, sizeof(msg)), SGN_OK);
		assert_int_equal(a.len, b.len);
		bool same = memcmp(a.data, b.data, a.len) == 0;
		/* RSA PKCS#1 v1.5 and EdDSA are deterministic; ECDSA draws a fresh nonce */
		assert_int_equal(same, alg != 13 && alg != 14);
		assert_int_equal(sgn_key_verify(key, &valid, msg, sizeof(msg), b.data, b.len),
		                 SGN_OK);
		assert_true(valid);
		sgn_buf_release(&a);
		sgn_buf_release(&b);
		sgn_key_free(key);
	}
}

static void verify_with_another_key_of_the_same_algorithm_is_bogus(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX], msg[32] = { 1, 2, 3 };
	for (size_t i = 0; i < sizeof(signing_algs); i++) {
		uint8_t alg = signing_algs[i];
		unsigned bits = (alg == 8 || alg == 10) ? 1024 : 0;
		sgn_key_t *k1 = NULL, *k2 = NULL;
		sgn_buf_t sig;
		bool valid = true;
		th_name(owner, "example.");
		assert_int_equal(sgn_key_generate(&k1, owner, alg, bits, SGN_DNSKEY_ZONE), SGN_OK);
		assert_int_equal(sgn_key_generate(&k2, owner, alg, bits, SGN_DNSKEY_ZONE), SGN_OK);
		sgn_buf_init(&sig);
		assert_int_equal(sgn_key_sign(k1, &sig, msg, sizeof(msg)), SGN_OK);
		assert_int_equal(sgn_key_verify(k2, &valid, msg, sizeof(msg), sig.data, sig.len),
		                 SGN_OK);
		assert_false(valid);
		sgn_buf_release(&sig);
		sgn_key_free(k1);
		sgn_key_free(k2);
	}
}

static void unknown_algorithm_200_is_unsupported_and_never_crashes(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX], rdata[4 + 32];
	sgn_key_t *key = NULL;
	bool valid = true;
	rdata[0] = 1;
	rdata[1] = 1;
	rdata[2] = 3;
	rdata[3] = 200;
	th_fill(rdata + 4, 32, 200);
	assert_false(sgn_alg_can_sign(200));
	assert_false(sgn_alg_can_verify(200));
	assert_null(sgn_alg_mnemonic(200));
	assert_int_equal(
	    sgn_key_from_dnskey(&key, th_name(owner, "example."), rdata, sizeof(rdata)), SGN_OK);
	assert_false(sgn_key_can_verify(key));
	assert_int_equal(sgn_key_get_algorithm(key), 200);
	assert_int_equal(sgn_key_get_tag(key), sgn_keytag(rdata, sizeof(rdata)));
	assert_int_equal(sgn_key_get_bits(key), 0);
	assert_int_equal(sgn_key_verify(key, &valid, rdata, 4, rdata, 4), SGN_EUNSUPPORTED);
	assert_false(valid);
	sgn_buf_t sig;
	sgn_buf_init(&sig);
	assert_int_equal(sgn_key_sign(key, &sig, rdata, 4), SGN_EKEY);
	assert_int_equal(sig.len, 0);
	sgn_key_free(key);
	/* a known number without a backend (DSA) behaves the same */
	rdata[3] = 3;
	assert_int_equal(sgn_key_from_dnskey(&key, owner, rdata, sizeof(rdata)), SGN_OK);
	assert_false(sgn_key_can_verify(key));
	assert_int_equal(sgn_key_verify(key, &valid, rdata, 4, rdata, 4), SGN_EUNSUPPORTED);
	sgn_key_free(key);
}

static void malformed_public_keys_load_but_never_verify(void **state)
{
	(void)state;
	uint8_t owner[SGN_NAME_MAX], rdata[4 + 100], msg[4] = { 0 }, sig[64] = { 0 };
	static const struct {
		uint8_t alg;
		size_t keylen;
	} bad[] = {
		{ 13, 63 }, { 13, 65 }, { 14, 95 }, { 15, 31 }, { 16, 58 }, { 8, 0 }, { 8, 2 }
	};
	th_name(owner, "example.");
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		sgn_key_t *key = NULL;
		bool valid = true;
		rdata[0] = 1;
		rdata[1] = 0;
		rdata[2] = 3;
		rdata[3] = bad[i].alg;
		th_fill(rdata + 4, bad[i].keylen, 77);
		if (bad[i].alg == 8 && bad[i].keylen == 2) {
			rdata[4] = 5; /* exponent length past the end */
		}
		assert_int_equal(sgn_key_from_dnskey(&key, owner, rdata, 4 + bad[i].keylen),
		                 SGN_OK);
		assert_false(sgn_key_can_verify(key));
		assert_int_equal(sgn_key_verify(key, &valid, msg, sizeof(msg), sig, sizeof(sig)),
		                 SGN_EKEY);
		assert_false(valid);
		sgn_key_free(key);
	}
	sgn_key_t *key = (sgn_key_t *)&key;
	assert_int_equal(sgn_key_from_dnskey(&key, owner, rdata, 3), SGN_EPARSE);
	assert_null(key);
	/* RDATA an RR cannot carry (a 16-bit length): refused at 65536, taken at 65535 */
	uint8_t *big = calloc(1, 65536);
	assert_non_null(big);
	memcpy(big, (const uint8_t[]){ 1, 0, 3, 200 }, 4);
	key = (sgn_key_t *)&key;
	assert_int_equal(sgn_key_from_dnskey(&key, owner, big, 65536), SGN_EPARSE);
	assert_null(key);
	assert_int_equal(sgn_key_from_dnskey(&key, owner, big, 65535), SGN_OK);
	assert_int_equal(sgn_key_get_rdata(key).len, 65535);
	sgn_key_free(key);
	free(big);
}

/* -- BIND dst vectors: raw signatures over a 122 KB file -- */

typedef struct dst_vectors {
	char *data1, *data2;
	size_t len1, len2;
	uint8_t rsasig[512], ecsig[64];
	size_t rsalen, eclen;
	sgn_key_t *rsa, *ec;
} dst_vectors_t;

static int dst_setup(void **state)
{
	static dst_vectors_t v;
	char *hex;
	sgn_diag_t diag;
	memset(&v, 0, sizeof(v));
	v.data1 = th_read_file(th_path("testzones/peer-suites/bind-dst/test1.data"), &v.len1);
	v.data2 = th_read_file(th_path("testzones/peer-suites/bind-dst/test2.data"), &v.len2);
	hex = th_read_file(th_path("testzones/peer-suites/bind-dst/test1.rsasha256sig"), NULL);
	v.rsalen = th_hex(v.rsasig, sizeof(v.rsasig), hex);
	free(hex);
	hex = th_read_file(th_path("testzones/peer-suites/bind-dst/test1.ecdsa256sig"), NULL);
	v.eclen = th_hex(v.ecsig, sizeof(v.ecsig), hex);
	free(hex);
	sgn_diag_init(&diag);
	if (sgn_key_read_bind(&v.rsa, th_path("testzones/peer-suites/bind-dst/Ktest.+008+11349"),
	                      true, &diag) != SGN_OK ||
	    sgn_key_read_bind(&v.ec, th_path("testzones/peer-suites/bind-dst/Ktest.+013+49130"),
	                      true, &diag) != SGN_OK) {
		print_error("%s:%lu: %s\n", diag.file, diag.line, diag.msg);
		return -1;
	}
	*state = &v;
	return 0;
}

static int dst_teardown(void **state)
{
	dst_vectors_t *v = *state;
	free(v->data1);
	free(v->data2);
	sgn_key_free(v->rsa);
	sgn_key_free(v->ec);
	return 0;
}

static void bind_dst_vectors_verify_as_dst_test_expects(void **state)
{
	dst_vectors_t *v = *state;
	bool valid = false;
	assert_int_equal(v->len1, 122549);
	assert_int_equal(v->len2, 122549);
	assert_int_equal(v->eclen, 64);
	/* case 1: ECDSA over test1.data is valid */
	assert_int_equal(
	    sgn_key_verify(v->ec, &valid, (uint8_t *)v->data1, v->len1, v->ecsig, v->eclen),
	    SGN_OK);
	assert_true(valid);
	/* case 2: RSA over test1.data is valid */
	assert_int_equal(
	    sgn_key_verify(v->rsa, &valid, (uint8_t *)v->data1, v->len1, v->rsasig, v->rsalen),
	    SGN_OK);
	assert_true(valid);
	/* case 3: the ECDSA signature checked with the RSA key is invalid */
	assert_int_equal(
	    sgn_key_verify(v->rsa, &valid, (uint8_t *)v->data1, v->len1, v->ecsig, v->eclen),
	    SGN_OK);
	assert_false(valid);
	/* case 4: the ECDSA signature over test2.data is invalid */
	assert_int_equal(
	    sgn_key_verify(v->ec, &valid, (uint8_t *)v->data2, v->len2, v->ecsig, v->eclen),
	    SGN_OK);
	assert_false(valid);
}

static void bind_dst_rsa_key_resigns_the_vector_exactly(void **state)
{
	dst_vectors_t *v = *state;
	sgn_buf_t sig;
	bool valid = false;
	sgn_buf_init(&sig);
	assert_int_equal(sgn_key_get_tag(v->rsa), 11349);
	assert_int_equal(sgn_key_get_tag(v->ec), 49130);
	assert_int_equal(sgn_key_sign(v->rsa, &sig, (uint8_t *)v->data1, v->len1), SGN_OK);
	assert_int_equal(sig.len, v->rsalen);
	assert_memory_equal(sig.data, v->rsasig, v->rsalen);
	sig.len = 0;
	/* ECDSA: a fresh signature differs but verifies */
	assert_int_equal(sgn_key_sign(v->ec, &sig, (uint8_t *)v->data1, v->len1), SGN_OK);
	assert_int_equal(sig.len, 64);
	assert_int_equal(
	    sgn_key_verify(v->ec, &valid, (uint8_t *)v->data1, v->len1, sig.data, sig.len), SGN_OK);
	assert_true(valid);
	sgn_buf_release(&sig);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(alg_table_rows_are_consistent),
		cmocka_unit_test(alg_every_number_answers_without_crashing),
		cmocka_unit_test(alg_mnemonics_map_both_ways),
		cmocka_unit_test(alg_policy_flags_follow_rfc8624_and_rfc5155),
		cmocka_unit_test(alg_key_bits_report_the_table_limits),
		cmocka_unit_test(keygen_rsa_sizes_min_minus_one_to_max_plus_one),
		cmocka_unit_test(keygen_fixed_size_algorithms_take_zero_or_their_size),
		cmocka_unit_test(keygen_refuses_algorithms_that_cannot_sign),
		cmocka_unit_test(sign_then_verify_round_trips_for_every_signing_algorithm),
		cmocka_unit_test(sign_is_deterministic_except_for_ecdsa),
		cmocka_unit_test(verify_with_another_key_of_the_same_algorithm_is_bogus),
		cmocka_unit_test(unknown_algorithm_200_is_unsupported_and_never_crashes),
		cmocka_unit_test(malformed_public_keys_load_but_never_verify),
		cmocka_unit_test_setup_teardown(bind_dst_vectors_verify_as_dst_test_expects,
		                                dst_setup, dst_teardown),
		cmocka_unit_test_setup_teardown(bind_dst_rsa_key_resigns_the_vector_exactly,
		                                dst_setup, dst_teardown),
	};
	return cmocka_run_group_tests_name("alg", tests, setup, NULL);
}
