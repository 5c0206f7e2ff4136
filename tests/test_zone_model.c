/* SPDX-License-Identifier: MIT */
/* Unit tests for the zone model's name classification (zone.h; RFC 4035 §2.2-2.3, RFC 6672
 * §2.4): every name of a zone with delegations, glue, occluded data below a cut and below
 * a DNAME, wildcards and empty non-terminals gets its kind, table-driven, and what is
 * authoritative (and so signed) follows from it. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/zone.h>

#include "helpers.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char zone_text[] =
	"$ORIGIN model.test.\n"
	"$TTL 3600\n"
	"@               SOA   ns1 hostmaster 1 7200 3600 1209600 300\n"
	"@               NS    ns1\n"
	"ns1             A     192.0.2.53\n"
	"www             A     192.0.2.80\n"
	"*.wild          TXT   \"wildcard\"\n"
	"a.b.c           A     192.0.2.3\n"
	/* a secure delegation with in-bailiwick glue, and data below the cut */
	"sub             NS    ns.sub\n"
	"sub             DS    12345 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n"
	"ns.sub          A     192.0.2.99\n"
	"ns.sub          AAAA  2001:db8::99\n"
	"txt.sub         TXT   \"below the cut\"\n"
	"deep.ns.sub     A     192.0.2.98\n"
	/* a delegation whose name also has glue of its own (NS + A at the cut) */
	"self            NS    self\n"
	"self            A     192.0.2.77\n"
	/* a DNAME: names below it are occluded (RFC 6672 §2.4), the DNAME owner is not */
	"moved           DNAME elsewhere.example.\n"
	"moved           A     192.0.2.44\n"
	"x.moved         A     192.0.2.45\n"
	/* an empty non-terminal above a delegation */
	"child.ent       NS    ns.elsewhere.example.\n";

struct kind_case {
	const char *name;
	sgn_node_kind_t kind;
};

static const struct kind_case kinds[] = {
	{ "model.test.", SGN_NODE_APEX },
	{ "ns1.model.test.", SGN_NODE_AUTH },
	{ "www.model.test.", SGN_NODE_AUTH },
	{ "*.wild.model.test.", SGN_NODE_AUTH },
	{ "wild.model.test.", SGN_NODE_EMPTY },
	{ "a.b.c.model.test.", SGN_NODE_AUTH },
	{ "b.c.model.test.", SGN_NODE_EMPTY },
	{ "c.model.test.", SGN_NODE_EMPTY },
	{ "sub.model.test.", SGN_NODE_DELEGATION },
	{ "ns.sub.model.test.", SGN_NODE_GLUE },
	{ "txt.sub.model.test.", SGN_NODE_OCCLUDED },
	{ "deep.ns.sub.model.test.", SGN_NODE_GLUE },
	{ "self.model.test.", SGN_NODE_DELEGATION },
	{ "moved.model.test.", SGN_NODE_AUTH },
	{ "x.moved.model.test.", SGN_NODE_OCCLUDED },
	{ "ent.model.test.", SGN_NODE_EMPTY },
	{ "child.ent.model.test.", SGN_NODE_DELEGATION },
};

static void zone_names_get_their_kind(void **state)
{
	const char *dir = *state;
	sgn_zone_t *zone = th_zone_from_text(dir, zone_text);
	for (size_t i = 0; i < ARRAY_LEN(kinds); i++) {
		uint8_t name[SGN_NAME_MAX];
		const sgn_node_t *node = sgn_zone_find(zone, th_name(name, kinds[i].name));
		if (node == NULL) {
			print_error("%s: not in the zone\n", kinds[i].name);
		}
		assert_non_null(node);
		if (sgn_node_get_kind(node) != kinds[i].kind) {
			print_error("%s: %s, expected %s\n", kinds[i].name,
			            sgn_node_kind_str(sgn_node_get_kind(node)),
			            sgn_node_kind_str(kinds[i].kind));
		}
		assert_int_equal(sgn_node_get_kind(node), kinds[i].kind);
	}
	/* Every name is one of those, in canonical order (RFC 4034 §6.1). */
	assert_int_equal(sgn_zone_node_count(zone), ARRAY_LEN(kinds));
	for (size_t i = 1; i < sgn_zone_node_count(zone); i++) {
		assert_true(sgn_name_compare(sgn_node_get_name(sgn_zone_get_node(zone, i - 1)),
		                             sgn_node_get_name(sgn_zone_get_node(zone, i))) < 0);
	}
	sgn_zone_free(zone);
}

static void zone_names_not_in_the_zone_are_not_found(void **state)
{
	const char *dir = *state;
	sgn_zone_t *zone = th_zone_from_text(dir, zone_text);
	static const char *const absent[] = { "nope.model.test.", "a.wild.model.test.",
	                                      "model.test.example.", "test." };
	for (size_t i = 0; i < ARRAY_LEN(absent); i++) {
		uint8_t name[SGN_NAME_MAX];
		assert_null(sgn_zone_find(zone, th_name(name, absent[i])));
	}
	/* Lookups ignore case (RFC 4343). */
	uint8_t upper[SGN_NAME_MAX];
	assert_non_null(sgn_zone_find(zone, th_name(upper, "WWW.Model.TEST.")));
	sgn_zone_free(zone);
}

/* The kinds decide what is signed: every type at an authoritative name, the DS (and the
 * NSEC) at a delegation, nothing at glue or occluded names (RFC 4035 §2.2). */
static void zone_rrsets_at_each_kind(void **state)
{
	const char *dir = *state;
	sgn_zone_t *zone = th_zone_from_text(dir, zone_text);
	uint8_t name[SGN_NAME_MAX];
	const sgn_node_t *sub = sgn_zone_find(zone, th_name(name, "sub.model.test."));
	assert_non_null(sgn_node_find_rrset(sub, SGN_TYPE_NS));
	assert_non_null(sgn_node_find_rrset(sub, SGN_TYPE_DS));
	const sgn_node_t *glue = sgn_zone_find(zone, th_name(name, "ns.sub.model.test."));
	assert_int_equal(sgn_node_rrset_count(glue), 2);
	const sgn_node_t *ent = sgn_zone_find(zone, th_name(name, "b.c.model.test."));
	assert_int_equal(sgn_node_rrset_count(ent), 0);
	sgn_zone_free(zone);
}

/* Writing formats batches of names on the pool and writes each batch while the next is
 * formatted: a zone of many batches comes out whole and in order (a zone file already in
 * sigil's form and canonical order reads back as itself), and a failed write says why. */
static void zone_write_is_whole_and_in_order(void **state)
{
	const char *dir = *state;
	enum { NAMES = 30000 }; /* several batches of 512-name jobs on any core count */
	size_t cap = 128 * (NAMES + 4), len = 0;
	char *text = malloc(cap);
	assert_non_null(text);
	len += (size_t)snprintf(text + len, cap - len,
	                        "big.test.\t3600\tIN\tSOA\tns.big.test. h.big.test. 1 7200 3600 "
	                        "1209600 300\nbig.test.\t3600\tIN\tNS\tns.big.test.\n");
	for (unsigned i = 0; i < NAMES; i++) {
		len += (size_t)snprintf(text + len, cap - len, "h%05u.big.test.\t3600\tIN\tA\t192.0.2.%u\n",
		                        i, i % 256);
	}
	len += (size_t)snprintf(text + len, cap - len, "ns.big.test.\t3600\tIN\tA\t192.0.2.53\n");
	sgn_zone_t *zone = th_zone_from_text(dir, text);
	char *out = th_zone_to_text(zone);
	assert_string_equal(out, text);
	free(out);
	FILE *full = fopen("/dev/full", "w");
	if (full == NULL) {
		skip();
	}
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_zone_write(zone, full, &diag), SGN_EIO);
	assert_non_null(strstr(diag.msg, "write failed: No space left on device"));
	fclose(full);
	sgn_zone_free(zone);
	free(text);
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
		cmocka_unit_test(zone_names_get_their_kind),
		cmocka_unit_test(zone_names_not_in_the_zone_are_not_found),
		cmocka_unit_test(zone_rrsets_at_each_kind),
		cmocka_unit_test(zone_write_is_whole_and_in_order),
	};
	return cmocka_run_group_tests_name("zone_model", tests, setup, teardown);
}
