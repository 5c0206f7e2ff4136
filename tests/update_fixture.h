/* SPDX-License-Identifier: MIT */
/* Shared by test_update.c and test_update_random.c: a signed test zone with Ed25519 keys at
 * a fixed time, change sets applied from text, and the check that an updated zone is byte
 * for byte what a fresh signing of its data gives. */
#ifndef SIGIL_TESTS_UPDATE_FIXTURE_H
#define SIGIL_TESTS_UPDATE_FIXTURE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/finding.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/sign.h>
#include <libsign/update.h>
#include <libsign/validate.h>
#include <libsign/zone.h>

#include "helpers.h"
#include "update/upd.h"
#include "zone_data.h"

#define ORIGIN "upd.test."
#define AT "20240110000000"

/* Names, a CNAME, a wildcard, an empty non-terminal, cuts secure and insecure with glue. */
static const char zone_src[] =
	"$ORIGIN upd.test.\n"
	"$TTL 3600\n"
	"@          SOA   ns1 h 2024010100 7200 3600 1209600 300\n"
	"@          NS    ns1\n"
	"ns1        A     192.0.2.53\n"
	"www     60 A     192.0.2.80\n"
	"        60 A     192.0.2.81\n"
	"           AAAA  2001:db8::80\n"
	"alias      CNAME www\n"
	"mail       A     192.0.2.25\n"
	"*.wild     TXT   \"wildcard\"\n"
	"a.b.c      A     192.0.2.3\n"
	"secure     NS    ns.secure\n"
	"           DS    12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
	"ns.secure  A     192.0.2.99\n"
	"insecure   NS    ns.elsewhere.example.\n"
	"x.insecure A     192.0.2.100\n";

struct fixture {
	char dir[64];
	sgn_keylist_t keys; /* a KSK and a ZSK, Ed25519 */
};

static int fx_setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));
	if (f == NULL || sgn_init() != SGN_OK) {
		return -1;
	}
	th_tmpdir_new(f->dir);
	sgn_keylist_init(&f->keys);
	th_keys_ed25519(&f->keys, ORIGIN);
	*state = f;
	return 0;
}

static int fx_teardown(void **state)
{
	struct fixture *f = *state;
	sgn_keylist_release(&f->keys);
	th_tmpdir_remove(f->dir);
	free(f);
	return 0;
}

static sgn_zone_t *load_text(const struct fixture *f, const char *text)
{
	return th_zone_from_text(f->dir, text);
}

#define zone_to_text th_zone_to_text

/* The zone's text is still @p before (which is freed). */
static void expect_unchanged(const sgn_zone_t *zone, char *before)
{
	char *after = zone_to_text(zone);
	assert_string_equal(before, after);
	free(before);
	free(after);
}

static void fx_policy(sgn_sign_policy_t *pol, sgn_denial_t denial, bool opt_out, bool zonemd)
{
	sgn_sign_policy_init(pol, th_time(AT));
	pol->threads = 1;
	pol->denial = denial;
	pol->nsec3_opt_out = opt_out;
	pol->zonemd = zonemd;
}

static void sign_in_place(const struct fixture *f, sgn_zone_t *zone, const sgn_sign_policy_t *pol)
{
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_err_t err = sgn_zone_sign(zone, NULL, &f->keys, pol, &diag);
	if (err != SGN_OK) {
		print_error("sign: %s\n", diag.msg);
	}
	assert_int_equal(err, SGN_OK);
}

static sgn_zone_t *signed_zone(const struct fixture *f, sgn_denial_t denial, bool opt_out,
                               bool zonemd)
{
	sgn_zone_t *zone = load_text(f, zone_src);
	sgn_sign_policy_t pol;
	fx_policy(&pol, denial, opt_out, zonemd);
	sign_in_place(f, zone, &pol);
	return zone;
}

static inline uint32_t soa_serial_of(const sgn_zone_t *zone)
{
	const sgn_zone_rrset_t *soa =
		sgn_node_find_rrset(sgn_zone_find(zone, sgn_zone_get_apex(zone)), SGN_TYPE_SOA);
	const sgn_rdata_t *rd = &soa->rrset.rdata[0];
	return (uint32_t)rd->data[rd->len - 20] << 24 | (uint32_t)rd->data[rd->len - 19] << 16 |
	       (uint32_t)rd->data[rd->len - 18] << 8 | rd->data[rd->len - 17];
}

/* Apply every change set of @p text; @p res gets the last one's outcome. */
static void apply_text(const struct fixture *f, sgn_zone_t *zone, const char *text,
                       sgn_update_result_t *res, sgn_buf_t *journal)
{
	sgn_changes_opts_t o;
	sgn_changes_t *ch = NULL;
	sgn_update_t *u = NULL;
	sgn_sign_policy_t pol;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_update_changes_opts_init(&o, sgn_zone_get_apex(zone));
	sgn_err_t err = sgn_update_changes_parse(&ch, "c.txt", text, strlen(text), &o, &diag);
	if (err != SGN_OK) {
		print_error("%s:%lu: %s\n", diag.file, diag.line, diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	fx_policy(&pol, SGN_DENIAL_NSEC, false, false);
	err = sgn_update_new(&u, zone, &f->keys, &pol, &diag);
	if (err != SGN_OK) {
		print_error("update: %s\n", diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	for (size_t i = 0; i < sgn_update_changes_count(ch); i++) {
		err = sgn_update_apply(u, res, journal, ch, i, &diag);
		if (err != SGN_OK) {
			print_error("apply: %s\n", diag.msg);
		}
		assert_int_equal(err, SGN_OK);
	}
	sgn_update_free(u);
	sgn_update_changes_free(ch);
}

/* The zone's data (zone_data.h), never NULL. */
static char *data_of(const char *text)
{
	char *out = zone_data_of(text);
	assert_non_null(out);
	return out;
}

/* The first line where two texts differ, for the failure message. */
static void print_first_difference(const char *a, const char *b)
{
	size_t line = 1;
	while (*a != '\0' && *a == *b) {
		line += *a == '\n';
		a++;
		b++;
	}
	print_error("first difference at line %zu:\n  update: %.160s\n  fresh:  %.160s\n", line, a, b);
}

/* The zone is byte for byte what sgn_zone_sign() makes of its data at the same time. */
static void expect_fresh(const struct fixture *f, const sgn_zone_t *zone, sgn_denial_t denial,
                         bool opt_out, bool zonemd)
{
	char *got = zone_to_text(zone);
	char *data = data_of(got);
	sgn_zone_t *fresh = load_text(f, data);
	sgn_sign_policy_t pol;
	fx_policy(&pol, denial, opt_out, zonemd);
	pol.serial = SGN_SERIAL_KEEP;
	sign_in_place(f, fresh, &pol);
	char *want = zone_to_text(fresh);
	if (strcmp(got, want) != 0) {
		print_first_difference(got, want);
	}
	assert_string_equal(got, want);
	free(got);
	free(data);
	free(want);
	sgn_zone_free(fresh);
}

#endif
