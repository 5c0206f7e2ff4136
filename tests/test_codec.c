/* SPDX-License-Identifier: MIT */
/* Unit tests for codec.h: base64, base32hex and hex, with the RFC 4648 §10 test vectors, round
 * trips, and truncated or malformed input. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libsign/codec.h>

#include "helpers.h"

/* RFC 4648 §10: the same seven inputs for every encoding. */
static const char *const rfc4648_in[] = { "", "f", "fo", "foo", "foob", "fooba", "foobar" };
static const char *const rfc4648_b64[] = { "",         "Zg==",     "Zm8=",    "Zm9v",
	                                   "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy" };
/* base32hex without padding, lower case (as NSEC3 writes it). */
static const char *const rfc4648_b32hex[] = { "",        "co",       "cpng",      "cpnmu",
	                                      "cpnmuog", "cpnmuoj1", "cpnmuoj1e8" };

/* Decode @p text with @p fn and return the error; the bytes are left in @p out. */
typedef sgn_err_t (*decode_fn)(sgn_buf_t *, const char *, size_t);

static sgn_err_t decode(decode_fn fn, const char *text, sgn_buf_t *out)
{
	sgn_buf_init(out);
	return fn(out, text, strlen(text));
}

static void expect_decode_fails(decode_fn fn, const char *text)
{
	sgn_buf_t b;
	sgn_err_t err = decode(fn, text, &b);
	if (err != SGN_EPARSE) {
		fail_msg("decoding '%s' gave %s, expected a parse error", text, sgn_strerror(err));
	}
	sgn_buf_release(&b);
}

/* -- base64 -- */

static void base64_encode_matches_rfc4648_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < 7; i++) {
		sgn_buf_t b;
		sgn_buf_init(&b);
		assert_int_equal(
		    sgn_base64_encode(&b, (const uint8_t *)rfc4648_in[i], strlen(rfc4648_in[i])),
		    SGN_OK);
		assert_int_equal(b.len, strlen(rfc4648_b64[i]));
		assert_int_equal(b.len, SGN_BASE64_LEN(strlen(rfc4648_in[i])));
		assert_memory_equal(b.data, rfc4648_b64[i], b.len);
		assert_int_equal(b.data[b.len], '\0');
		sgn_buf_release(&b);
	}
}

static void base64_decode_matches_rfc4648_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < 7; i++) {
		sgn_buf_t b;
		assert_int_equal(decode(sgn_base64_decode, rfc4648_b64[i], &b), SGN_OK);
		assert_int_equal(b.len, strlen(rfc4648_in[i]));
		if (b.len > 0) {
			assert_memory_equal(b.data, rfc4648_in[i], b.len);
		}
		sgn_buf_release(&b);
	}
}

static void base64_decode_ignores_whitespace_and_line_breaks(void **state)
{
	(void)state;
	sgn_buf_t b;
	assert_int_equal(decode(sgn_base64_decode, " Zm9v\n YmFy\t\r\n", &b), SGN_OK);
	assert_int_equal(b.len, 6);
	assert_memory_equal(b.data, "foobar", 6);
	sgn_buf_release(&b);
	assert_int_equal(decode(sgn_base64_decode, "Zm9vYg==\n  ", &b), SGN_OK);
	assert_int_equal(b.len, 4);
	assert_memory_equal(b.data, "foob", 4);
	sgn_buf_release(&b);
}

static void base64_decode_appends_to_the_buffer(void **state)
{
	(void)state;
	sgn_buf_t b;
	sgn_buf_init(&b);
	assert_int_equal(sgn_buf_append(&b, "xy", 2), SGN_OK);
	assert_int_equal(sgn_base64_decode(&b, "Zm9v", 4), SGN_OK);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "xyfoo", 5);
	sgn_buf_release(&b);
}

static void base64_decode_truncated_input_fails(void **state)
{
	(void)state;
	expect_decode_fails(sgn_base64_decode, "Z");
	expect_decode_fails(sgn_base64_decode, "Zg");
	expect_decode_fails(sgn_base64_decode, "Zg=");
	expect_decode_fails(sgn_base64_decode, "Zm9vY");
	expect_decode_fails(sgn_base64_decode, "Zm9vYmF");
	/* the RFC 8080 Ed25519 key with its last character cut off */
	expect_decode_fails(sgn_base64_decode, "l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4");
}

static void base64_decode_bad_characters_fail(void **state)
{
	(void)state;
	expect_decode_fails(sgn_base64_decode, "Zm9v!");
	expect_decode_fails(sgn_base64_decode, "Zm-v");
	expect_decode_fails(sgn_base64_decode, "Zm_v");
	expect_decode_fails(sgn_base64_decode, "Zm9\x80");
	expect_decode_fails(sgn_base64_decode, "Zm9v;");
}

static void base64_decode_misplaced_padding_fails(void **state)
{
	(void)state;
	expect_decode_fails(sgn_base64_decode, "Zg==Zg=="); /* data after the final quantum */
	expect_decode_fails(sgn_base64_decode, "Zg=a");     /* data after padding */
	expect_decode_fails(sgn_base64_decode, "Z===");     /* three padding characters */
	expect_decode_fails(sgn_base64_decode, "====");
	expect_decode_fails(sgn_base64_decode, "=Zg=");
}

static void base64_round_trips_every_length(void **state)
{
	(void)state;
	uint8_t data[200];
	for (size_t len = 0; len <= sizeof(data); len++) {
		sgn_buf_t text, bytes;
		th_fill(data, len, (uint32_t)len + 7);
		sgn_buf_init(&text);
		sgn_buf_init(&bytes);
		assert_int_equal(sgn_base64_encode(&text, data, len), SGN_OK);
		assert_int_equal(text.len, SGN_BASE64_LEN(len));
		assert_int_equal(sgn_base64_decode(&bytes, (const char *)text.data, text.len),
		                 SGN_OK);
		assert_int_equal(bytes.len, len);
		if (len > 0) {
			assert_memory_equal(bytes.data, data, len);
		}
		sgn_buf_release(&text);
		sgn_buf_release(&bytes);
	}
}

/* -- base32hex -- */

static void base32hex_encode_matches_rfc4648_vectors(void **state)
{
	(void)state;
	for (size_t i = 0; i < 7; i++) {
		char out[32];
		size_t len = strlen(rfc4648_in[i]);
		assert_int_equal(
		    sgn_base32hex_encode(out, sizeof(out), (const uint8_t *)rfc4648_in[i], len),
		    SGN_OK);
		assert_string_equal(out, rfc4648_b32hex[i]);
		assert_int_equal(strlen(out), SGN_BASE32HEX_LEN(len));
	}
}

static void base32hex_decode_matches_rfc4648_vectors_in_either_case(void **state)
{
	(void)state;
	for (size_t i = 0; i < 7; i++) {
		char upper[32];
		size_t n = strlen(rfc4648_b32hex[i]);
		for (size_t k = 0; k <= n; k++) {
			char c = rfc4648_b32hex[i][k];
			upper[k] = (char)(c >= 'a' && c <= 'z' ? c - 32 : c);
		}
		const char *forms[2] = { rfc4648_b32hex[i], upper };
		for (int f = 0; f < 2; f++) {
			sgn_buf_t b;
			assert_int_equal(decode(sgn_base32hex_decode, forms[f], &b), SGN_OK);
			assert_int_equal(b.len, strlen(rfc4648_in[i]));
			if (b.len > 0) {
				assert_memory_equal(b.data, rfc4648_in[i], b.len);
			}
			sgn_buf_release(&b);
		}
	}
}

static void base32hex_decode_rejects_bad_and_truncated_input(void **state)
{
	(void)state;
	expect_decode_fails(sgn_base32hex_decode, "cpw"); /* 'w' is outside base32hex */
	expect_decode_fails(sgn_base32hex_decode, "CPNMUOJ1E8======"); /* padding is not accepted */
	expect_decode_fails(sgn_base32hex_decode, "c");     /* 5 bits: not even one byte */
	expect_decode_fails(sgn_base32hex_decode, "cpn");   /* 15 bits: 7 left over */
	expect_decode_fails(sgn_base32hex_decode, "cp");    /* left-over bits are not zero */
	expect_decode_fails(sgn_base32hex_decode, "cp ng"); /* no whitespace inside */
	/* a 20-byte NSEC3 hash with its last two characters cut off: 6 bits left over */
	expect_decode_fails(sgn_base32hex_decode, "0p9mhaveqvm6t7vbl5lop2u3t2rp3t");
}

static void base32hex_encode_needs_room_for_the_nul(void **state)
{
	(void)state;
	uint8_t hash[20];
	char out[SGN_BASE32HEX_LEN(20) + 1];
	th_fill(hash, sizeof(hash), 3);
	assert_int_equal(SGN_BASE32HEX_LEN(20), 32);
	assert_int_equal(sgn_base32hex_encode(out, sizeof(out) - 1, hash, sizeof(hash)),
	                 SGN_EINVAL);
	assert_int_equal(sgn_base32hex_encode(out, sizeof(out), hash, sizeof(hash)), SGN_OK);
	assert_int_equal(strlen(out), 32);
}

static void base32hex_round_trips_every_length(void **state)
{
	(void)state;
	uint8_t data[64];
	for (size_t len = 0; len <= sizeof(data); len++) {
		char text[SGN_BASE32HEX_LEN(64) + 1];
		sgn_buf_t bytes;
		th_fill(data, len, (uint32_t)len + 11);
		assert_int_equal(sgn_base32hex_encode(text, sizeof(text), data, len), SGN_OK);
		assert_int_equal(decode(sgn_base32hex_decode, text, &bytes), SGN_OK);
		assert_int_equal(bytes.len, len);
		if (len > 0) {
			assert_memory_equal(bytes.data, data, len);
		}
		sgn_buf_release(&bytes);
	}
}

/* -- hex -- */

static void hex_decode_reads_both_cases_and_skips_whitespace(void **state)
{
	(void)state;
	sgn_buf_t b;
	assert_int_equal(decode(sgn_hex_decode, "00ff7F a0\n0B", &b), SGN_OK);
	assert_int_equal(b.len, 5);
	assert_memory_equal(b.data, "\x00\xff\x7f\xa0\x0b", 5);
	sgn_buf_release(&b);
	assert_int_equal(decode(sgn_hex_decode, "", &b), SGN_OK);
	assert_int_equal(b.len, 0);
	sgn_buf_release(&b);
}

static void hex_decode_rejects_odd_counts_and_bad_digits(void **state)
{
	(void)state;
	expect_decode_fails(sgn_hex_decode, "abc");
	expect_decode_fails(sgn_hex_decode, "0g");
	expect_decode_fails(sgn_hex_decode, "0x12");
	expect_decode_fails(sgn_hex_decode, "12-34");
	/* RFC 4034 §5.4 SHA-1 digest with its last digit cut off */
	expect_decode_fails(sgn_hex_decode, "2BB183AF5F22588179A53B0A98631FAD1A29211");
}

static void hex_encode_writes_upper_or_lower_case(void **state)
{
	(void)state;
	const uint8_t data[] = { 0x00, 0x9a, 0xff, 0x2b };
	char out[9];
	assert_int_equal(sgn_hex_encode(out, sizeof(out), data, sizeof(data), true), SGN_OK);
	assert_string_equal(out, "009AFF2B");
	assert_int_equal(sgn_hex_encode(out, sizeof(out), data, sizeof(data), false), SGN_OK);
	assert_string_equal(out, "009aff2b");
	assert_int_equal(sgn_hex_encode(out, sizeof(out) - 1, data, sizeof(data), false),
	                 SGN_EINVAL);
	assert_int_equal(sgn_hex_encode(out, 1, data, 0, false), SGN_OK);
	assert_string_equal(out, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(base64_encode_matches_rfc4648_vectors),
		cmocka_unit_test(base64_decode_matches_rfc4648_vectors),
		cmocka_unit_test(base64_decode_ignores_whitespace_and_line_breaks),
		cmocka_unit_test(base64_decode_appends_to_the_buffer),
		cmocka_unit_test(base64_decode_truncated_input_fails),
		cmocka_unit_test(base64_decode_bad_characters_fail),
		cmocka_unit_test(base64_decode_misplaced_padding_fails),
		cmocka_unit_test(base64_round_trips_every_length),
		cmocka_unit_test(base32hex_encode_matches_rfc4648_vectors),
		cmocka_unit_test(base32hex_decode_matches_rfc4648_vectors_in_either_case),
		cmocka_unit_test(base32hex_decode_rejects_bad_and_truncated_input),
		cmocka_unit_test(base32hex_encode_needs_room_for_the_nul),
		cmocka_unit_test(base32hex_round_trips_every_length),
		cmocka_unit_test(hex_decode_reads_both_cases_and_skips_whitespace),
		cmocka_unit_test(hex_decode_rejects_odd_counts_and_bad_digits),
		cmocka_unit_test(hex_encode_writes_upper_or_lower_case),
	};
	return cmocka_run_group_tests_name("codec", tests, NULL, NULL);
}
