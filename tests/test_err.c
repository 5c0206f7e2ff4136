/* SPDX-License-Identifier: MIT */
/* Unit tests for base.h: error strings, diagnostics, byte buffers, initialisation, and the
 * result/status strings of validate.h. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include <libsign/base.h>
#include <libsign/validate.h>
#include <libsign/version.h>

#include "helpers.h"

static void strerror_every_code_has_its_own_message(void **state)
{
	(void)state;
	for (int i = 0; i < SGN_ERR__COUNT; i++) {
		const char *m = sgn_strerror((sgn_err_t)i);
		assert_non_null(m);
		assert_true(strlen(m) > 0);
		assert_string_not_equal(m, "unknown error");
		for (int k = 0; k < i; k++) {
			assert_string_not_equal(m, sgn_strerror((sgn_err_t)k));
		}
	}
	assert_string_equal(sgn_strerror(SGN_OK), "success");
	assert_string_equal(sgn_strerror(SGN_EEXIST), "already exists");
}

static void strerror_out_of_range_is_unknown_error(void **state)
{
	(void)state;
	assert_string_equal(sgn_strerror(SGN_ERR__COUNT), "unknown error");
	assert_string_equal(sgn_strerror((sgn_err_t)1000), "unknown error");
	assert_string_equal(sgn_strerror((sgn_err_t)-1), "unknown error");
}

static void diag_set_records_file_line_and_message(void **state)
{
	(void)state;
	sgn_diag_t d;
	sgn_diag_init(&d);
	sgn_err_t err =
	    sgn_diag_set(&d, SGN_EPARSE, "zone.db", 42, "unknown RR type '%s'", "AAAAA");
	assert_int_equal(err, SGN_EPARSE);
	assert_int_equal(d.err, SGN_EPARSE);
	assert_int_equal(d.line, 42);
	assert_string_equal(d.file, "zone.db");
	assert_string_equal(d.msg, "unknown RR type 'AAAAA'");
}

static void diag_set_with_null_file_records_empty_file(void **state)
{
	(void)state;
	sgn_diag_t d;
	sgn_diag_init(&d);
	assert_int_equal(sgn_diag_set(&d, SGN_EIO, NULL, 0, "x"), SGN_EIO);
	assert_string_equal(d.file, "");
}

static void diag_set_without_diag_still_returns_the_error(void **state)
{
	(void)state;
	assert_int_equal(sgn_diag_set(NULL, SGN_EKEY, "f", 1, "m"), SGN_EKEY);
}

static void diag_set_truncates_long_text_safely(void **state)
{
	(void)state;
	char longtext[2 * SGN_DIAG_FILE_MAX];
	memset(longtext, 'x', sizeof(longtext) - 1);
	longtext[sizeof(longtext) - 1] = '\0';
	sgn_diag_t d;
	sgn_diag_init(&d);
	sgn_diag_set(&d, SGN_EPARSE, longtext, 1, "%s", longtext);
	assert_int_equal(strlen(d.file), SGN_DIAG_FILE_MAX - 1);
	assert_int_equal(strlen(d.msg), SGN_DIAG_MSG_MAX - 1);
}

static void diag_init_resets_everything(void **state)
{
	(void)state;
	sgn_diag_t d;
	sgn_diag_set(&d, SGN_EPARSE, "f", 7, "m");
	sgn_diag_init(&d);
	assert_int_equal(d.err, SGN_OK);
	assert_int_equal(d.line, 0);
	assert_string_equal(d.file, "");
	assert_string_equal(d.msg, "");
	sgn_diag_init(NULL); /* accepted */
}

static void buf_append_grows_and_keeps_earlier_bytes(void **state)
{
	(void)state;
	sgn_buf_t b;
	uint8_t chunk[300];
	sgn_buf_init(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	for (int i = 0; i < 20; i++) {
		th_fill(chunk, sizeof(chunk), (uint32_t)i + 1);
		assert_int_equal(sgn_buf_append(&b, chunk, sizeof(chunk)), SGN_OK);
	}
	assert_int_equal(b.len, 20 * sizeof(chunk));
	assert_true(b.cap >= b.len);
	for (int i = 0; i < 20; i++) {
		th_fill(chunk, sizeof(chunk), (uint32_t)i + 1);
		assert_memory_equal(b.data + i * sizeof(chunk), chunk, sizeof(chunk));
	}
	assert_int_equal(sgn_buf_append(&b, chunk, 0), SGN_OK);
	assert_int_equal(b.len, 20 * sizeof(chunk));
	sgn_buf_release(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	assert_int_equal(b.cap, 0);
}

static void buf_reserve_refuses_sizes_that_overflow(void **state)
{
	(void)state;
	sgn_buf_t b;
	sgn_buf_init(&b);
	assert_int_equal(sgn_buf_append(&b, "abc", 3), SGN_OK);
	assert_int_equal(sgn_buf_reserve(&b, SIZE_MAX), SGN_ENOMEM);
	assert_int_equal(sgn_buf_reserve(&b, SIZE_MAX - 1), SGN_ENOMEM);
	/* the buffer is unchanged and still usable */
	assert_int_equal(b.len, 3);
	assert_memory_equal(b.data, "abc", 3);
	assert_int_equal(sgn_buf_reserve(&b, 100), SGN_OK);
	assert_true(b.cap >= 103);
	sgn_buf_release(&b);
}

static void buf_release_wipe_leaves_an_empty_buffer(void **state)
{
	(void)state;
	sgn_buf_t b;
	sgn_buf_init(&b);
	assert_int_equal(sgn_buf_append(&b, "secret", 6), SGN_OK);
	sgn_buf_release_wipe(&b);
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	sgn_buf_release_wipe(&b); /* releasing an empty buffer is harmless */
}

static void wipe_zeroes_the_bytes(void **state)
{
	(void)state;
	uint8_t secret[32], zero[32] = { 0 };
	memset(secret, 0xa5, sizeof(secret));
	sgn_wipe(secret, sizeof(secret));
	assert_memory_equal(secret, zero, sizeof(zero));
	sgn_wipe(NULL, 10); /* accepted */
}

static void init_is_idempotent(void **state)
{
	(void)state;
	assert_int_equal(sgn_init(), SGN_OK);
	assert_int_equal(sgn_init(), SGN_OK);
}

static void version_string_matches_the_macros(void **state)
{
	(void)state;
	char want[32];
	snprintf(want, sizeof(want), "%d.%d.%d", SGN_VERSION_MAJOR, SGN_VERSION_MINOR,
	         SGN_VERSION_PATCH);
	assert_string_equal(sgn_version_string(), want);
}

static void sig_result_every_value_has_distinct_text(void **state)
{
	(void)state;
	for (int i = 0; i < SGN_SIG_RESULT__COUNT; i++) {
		const char *s = sgn_sig_result_str((sgn_sig_result_t)i);
		assert_non_null(s);
		assert_string_not_equal(s, "unknown");
		for (int k = 0; k < i; k++) {
			assert_string_not_equal(s, sgn_sig_result_str((sgn_sig_result_t)k));
		}
	}
	assert_string_equal(sgn_sig_result_str(SGN_SIG_RESULT__COUNT), "unknown");
	assert_string_equal(sgn_sig_result_str(SGN_SIG_EXPIRED), "signature expired");
}

static void status_str_names_each_outcome(void **state)
{
	(void)state;
	assert_string_equal(sgn_status_str(SGN_SECURE), "secure");
	assert_string_equal(sgn_status_str(SGN_INSECURE), "insecure");
	assert_string_equal(sgn_status_str(SGN_BOGUS), "bogus");
	assert_string_equal(sgn_status_str(SGN_INDETERMINATE), "indeterminate");
	assert_string_equal(sgn_status_str((sgn_status_t)99), "unknown");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(strerror_every_code_has_its_own_message),
		cmocka_unit_test(strerror_out_of_range_is_unknown_error),
		cmocka_unit_test(diag_set_records_file_line_and_message),
		cmocka_unit_test(diag_set_with_null_file_records_empty_file),
		cmocka_unit_test(diag_set_without_diag_still_returns_the_error),
		cmocka_unit_test(diag_set_truncates_long_text_safely),
		cmocka_unit_test(diag_init_resets_everything),
		cmocka_unit_test(buf_append_grows_and_keeps_earlier_bytes),
		cmocka_unit_test(buf_reserve_refuses_sizes_that_overflow),
		cmocka_unit_test(buf_release_wipe_leaves_an_empty_buffer),
		cmocka_unit_test(wipe_zeroes_the_bytes),
		cmocka_unit_test(init_is_idempotent),
		cmocka_unit_test(version_string_matches_the_macros),
		cmocka_unit_test(sig_result_every_value_has_distinct_text),
		cmocka_unit_test(status_str_names_each_outcome),
	};
	return cmocka_run_group_tests_name("err", tests, NULL, NULL);
}
