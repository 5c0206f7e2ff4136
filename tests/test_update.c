/* SPDX-License-Identifier: MIT */
/* Unit tests for dynamic updates (update.h): the change-set readers (nsupdate commands and
 * the three IXFR forms, with their errors, line numbers and limits), the prerequisites and
 * rules of RFC 2136 (each refusal with its rcode, and the zone left as it was), the local
 * repair of the NSEC and NSEC3 chains (names and empty non-terminals that come and go,
 * cuts that appear and vanish, opt-out), the serial, ZONEMD and the journal. Ed25519 keys
 * and a fixed time: an updated zone must be byte for byte what sgn_zone_sign() makes of
 * the same data. test_update_random.c runs long random sequences. */
#include "update_fixture.h"

/* -- the readers -- */

static sgn_changes_t *parse_ok(const char *text, sgn_changes_format_t format)
{
	uint8_t apex[SGN_NAME_MAX];
	sgn_changes_opts_t o;
	sgn_changes_t *ch = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_update_changes_opts_init(&o, th_name(apex, ORIGIN));
	o.format = format;
	sgn_err_t err = sgn_update_changes_parse(&ch, "c.txt", text, strlen(text), &o, &diag);
	if (err != SGN_OK) {
		print_error("%s:%lu: %s\n", diag.file, diag.line, diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	return ch;
}

static sgn_diag_t parse_fails(const char *text, size_t max, sgn_err_t want, unsigned long line)
{
	uint8_t apex[SGN_NAME_MAX];
	sgn_changes_opts_t o;
	sgn_changes_t *ch = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_update_changes_opts_init(&o, th_name(apex, ORIGIN));
	if (max > 0) {
		o.max_records = max;
	}
	assert_int_equal(sgn_update_changes_parse(&ch, "c.txt", text, strlen(text), &o, &diag), want);
	assert_null(ch);
	assert_string_equal(diag.file, "c.txt");
	assert_int_equal(diag.line, line);
	assert_true(diag.msg[0] != '\0');
	return diag;
}

static void changes_nsupdate_sets_and_lines(void **state)
{
	(void)state;
	sgn_changes_t *ch = parse_ok("; a comment\n"
	                             "server 192.0.2.1 53\n"
	                             "zone upd.test.\n"
	                             "ttl 300\n"
	                             "update add www A 192.0.2.1\n"
	                             "add mail 600 IN MX 10 mx\n"
	                             "send\n"
	                             "\n"
	                             "prereq yxdomain www\n"
	                             "update delete www A\n"
	                             "\n"
	                             "del mail.upd.test.\n"
	                             "quit\n"
	                             "update add after.quit 300 A 192.0.2.9\n",
	                             SGN_CHANGES_AUTO);
	assert_int_equal(sgn_update_changes_format(ch), SGN_CHANGES_NSUPDATE);
	assert_int_equal(sgn_update_changes_count(ch), 3);
	assert_int_equal(sgn_update_changes_line(ch, 0), 5); /* where its first record is */
	assert_int_equal(sgn_update_changes_line(ch, 1), 9);
	assert_int_equal(sgn_update_changes_line(ch, 2), 12);
	assert_int_equal(sgn_update_changes_line(ch, 3), 0);
	sgn_update_changes_free(ch);
}

static void changes_nsupdate_errors_name_their_line(void **state)
{
	(void)state;
	parse_fails("update add www A 192.0.2.1\n", 0, SGN_EPARSE, 1); /* no TTL */
	parse_fails("ttl 60\nupdate add www 60 CH A 192.0.2.1\n", 0, SGN_EPARSE, 2);
	parse_fails("\nupdate frobnicate www\n", 0, SGN_EPARSE, 2);
	parse_fails("send\nfrobnicate\n", 0, SGN_EPARSE, 2);
	parse_fails("zone other.test.\n", 0, SGN_EPARSE, 1);
	parse_fails("update add www 60 ANY 192.0.2.1\n", 0, SGN_EPARSE, 1);
	parse_fails("prereq yxrrset www AXFR\n", 0, SGN_EPARSE, 1);
	parse_fails("prereq maybe www\n", 0, SGN_EPARSE, 1);
	parse_fails("update delete www A 300.1.1.1\n", 0, SGN_EPARSE, 1);
	parse_fails("ttl 60\nupdate add www A 192.0.2.1\nupdate delete\n", 0, SGN_EPARSE, 3);
	sgn_diag_t d = parse_fails("update add a 60 A 192.0.2.1\nx\0y\n", 0, SGN_EPARSE, 2);
	(void)d;
	/* DNSSEC RDATA the zone reader refuses (found by fuzz_changes): a SHA-256 DS with a
	 * 16-byte digest, a 3-byte P-256 DNSKEY; the file would not load again afterwards */
	d = parse_fails("ttl 60\nupdate add sub 300 NS ns.sub\n"
	                "update add sub 300 DS 1 13 2 0123456789ABCDEF0123456789ABCDEF\n",
	                0, SGN_EPARSE, 3);
	assert_non_null(strstr(d.msg, "malformed DS"));
	d = parse_fails("update add k 300 DNSKEY 256 3 13 AQID\n", 0, SGN_EPARSE, 1);
	assert_non_null(strstr(d.msg, "malformed DNSKEY"));
}

/* The record limit: at the limit it reads, one more is SGN_ELIMIT at that record's line. */
static void changes_record_limit_at_limit_and_beyond(void **state)
{
	(void)state;
	const char *two = "update add a 60 A 192.0.2.1\nupdate add b 60 A 192.0.2.2\n";
	uint8_t apex[SGN_NAME_MAX];
	sgn_changes_opts_t o;
	sgn_changes_t *ch = NULL;
	sgn_update_changes_opts_init(&o, th_name(apex, ORIGIN));
	o.max_records = 2;
	assert_int_equal(sgn_update_changes_parse(&ch, "c.txt", two, strlen(two), &o, NULL), SGN_OK);
	sgn_update_changes_free(ch);
	parse_fails(two, 1, SGN_ELIMIT, 2);
}

static void changes_long_line_is_refused(void **state)
{
	(void)state;
	size_t n = SGN_UPDATE_LINE_MAX + 10;
	char *text = malloc(n + 64);
	assert_non_null(text);
	strcpy(text, "ttl 60\nupdate add x TXT \"");
	size_t k = strlen(text);
	memset(text + k, 'a', n);
	strcpy(text + k + n, "\"\n");
	parse_fails(text, 0, SGN_EPARSE, 2);
	free(text);
}

static void changes_ixfr_forms_agree(void **state)
{
	(void)state;
	static const char *const forms[] = {
		/* named-journalprint */
		"del upd.test. 3600 IN SOA ns1 h 5 7200 3600 1209600 300\n"
		"del www.upd.test. 300 IN A 192.0.2.80\n"
		"add upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
		"add www.upd.test. 300 IN A 192.0.2.81\n"
		"del upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
		"add upd.test. 3600 IN SOA ns1 h 7 7200 3600 1209600 300\n"
		"add new.upd.test. 300 IN TXT \"n\"\n",
		/* - and + */
		"- upd.test. 3600 IN SOA ns1 h 5 7200 3600 1209600 300\n"
		"-www.upd.test. 300 IN A 192.0.2.80\n"
		"+ upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
		"+ www 300 IN A 192.0.2.81\n"
		"- upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
		"+ upd.test. 3600 IN SOA ns1 h 7 7200 3600 1209600 300\n"
		"+ new 300 IN TXT \"n\"\n",
		/* an IXFR answer (RFC 1995 section 4) */
		"upd.test. 3600 IN SOA ns1 h 7 7200 3600 1209600 300\n"
		"upd.test. 3600 IN SOA ns1 h 5 7200 3600 1209600 300\n"
		"www.upd.test. 300 IN A 192.0.2.80\n"
		"upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
		"www.upd.test. 300 IN A 192.0.2.81\n"
		"upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
		"upd.test. 3600 IN SOA ns1 h 7 7200 3600 1209600 300\n"
		"new.upd.test. 300 IN TXT \"n\"\n"
		"upd.test. 3600 IN SOA ns1 h 7 7200 3600 1209600 300\n",
	};
	for (size_t i = 0; i < ARRAY_LEN(forms); i++) {
		sgn_changes_t *ch = parse_ok(forms[i], SGN_CHANGES_AUTO);
		assert_int_equal(sgn_update_changes_format(ch), SGN_CHANGES_IXFR);
		assert_int_equal(sgn_update_changes_count(ch), 2);
		assert_int_equal(ch->sets[0].from, 5);
		assert_int_equal(ch->sets[0].to, 6);
		assert_int_equal(ch->sets[1].from, 6);
		assert_int_equal(ch->sets[1].to, 7);
		assert_int_equal(ch->sets[0].n, 3); /* del, new SOA, add */
		assert_int_equal(ch->sets[1].n, 2);
		assert_non_null(ch->sets[1].soa);
		sgn_update_changes_free(ch);
	}
}

static void changes_ixfr_errors(void **state)
{
	(void)state;
	parse_fails("del upd.test. 3600 IN SOA ns1 h 5 7200 3600 1209600 300\n"
	            "del www.upd.test. 300 IN A 192.0.2.80\n", 0, SGN_EPARSE, 2);
	parse_fails("upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
	            "upd.test. 3600 IN SOA ns1 h 5 7200 3600 1209600 300\n"
	            "upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n", 0, SGN_EPARSE, 3);
	parse_fails("www.upd.test. 300 IN A 192.0.2.80\n", 0, SGN_EPARSE, 1);
	parse_fails("add www.upd.test. 300 IN A 192.0.2.80\nwww 300 A 192.0.2.1\n", 0,
	            SGN_EPARSE, 2);
	sgn_diag_t d = parse_fails("upd.test. 3600 IN SOA ns1 h 5 7200 3600 1209600 300\n"
	                           "upd.test. 3600 IN SOA ns1 h 6 7200 3600 1209600 300\n"
	                           "secure.upd.test. 3600 IN DS 12345 13 1 0123456789ABCDEF\n",
	                           0, SGN_EPARSE, 3);
	assert_non_null(strstr(d.msg, "malformed DS"));
}

/* -- prerequisites and rules -- */

/* Well-formed DNSSEC RDATA (the readers refuse sizes that do not fit the type): a
 * SHA-256 digest and an Ed25519 public key. */
#define DIGEST32 "0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF"
#define KEY32 "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="

struct refusal {
	const char *changes;
	sgn_update_rcode_t rcode;
	unsigned long line;
};

static void update_refusals_leave_the_zone_as_it_was(void **state)
{
	struct fixture *f = *state;
	static const struct refusal cases[] = {
		{ "prereq yxdomain nothere\nupdate add x 60 A 192.0.2.1\n", SGN_UPDATE_NXDOMAIN, 1 },
		{ "prereq nxdomain www\nupdate add x 60 A 192.0.2.1\n", SGN_UPDATE_YXDOMAIN, 1 },
		{ "prereq yxrrset www MX\nupdate add x 60 A 192.0.2.1\n", SGN_UPDATE_NXRRSET, 1 },
		{ "prereq nxrrset www A\nupdate add x 60 A 192.0.2.1\n", SGN_UPDATE_YXRRSET, 1 },
		{ "prereq yxrrset www A 192.0.2.80\nupdate add x 60 A 192.0.2.1\n",
		  SGN_UPDATE_NXRRSET, 1 }, /* the RRset has a second record */
		{ "prereq yxdomain b.c\nupdate add x 60 A 192.0.2.1\n", SGN_UPDATE_NXDOMAIN, 1 },
		{ "update add x 60 A 192.0.2.1\nupdate add elsewhere.example. 60 A 192.0.2.1\n",
		  SGN_UPDATE_NOTZONE, 2 },
		{ "update add www 60 RRSIG A 13 3 60 20240201000000 20240101000000 1 upd.test. AAAA\n",
		  SGN_UPDATE_REFUSED, 1 },
		{ "update delete upd.test. NSEC\n", SGN_UPDATE_REFUSED, 1 },
		{ "update add upd.test. 60 DNSKEY 256 3 15 " KEY32 "\n", SGN_UPDATE_REFUSED, 1 },
		{ "update delete upd.test. SOA\n", SGN_UPDATE_REFUSED, 1 },
		{ "update add www 60 SOA ns1 h 9 1 1 1 1\n", SGN_UPDATE_REFUSED, 1 },
		{ "update delete upd.test. NS\n", SGN_UPDATE_REFUSED, 1 },
		{ "update delete upd.test. NS ns1.upd.test.\n", SGN_UPDATE_REFUSED, 1 },
		{ "update add www 60 CNAME elsewhere.example.\n", SGN_UPDATE_REFUSED, 1 },
		{ "update add alias 60 TXT \"x\"\n", SGN_UPDATE_REFUSED, 1 },
		{ "update add upd.test. 60 DS 1 13 2 " DIGEST32 "\n", SGN_UPDATE_REFUSED, 1 },
		{ "update add www 60 DS 1 13 2 " DIGEST32 "\n", SGN_UPDATE_REFUSED, 1 },
		{ "update delete secure NS\n", SGN_UPDATE_REFUSED, 1 }, /* DS left alone */
	};
	for (size_t i = 0; i < ARRAY_LEN(cases); i++) {
		sgn_zone_t *zone = signed_zone(f, SGN_DENIAL_NSEC, false, false);
		char *before = zone_to_text(zone);
		sgn_update_result_t res;
		apply_text(f, zone, cases[i].changes, &res, NULL);
		if (res.rcode != cases[i].rcode || res.line != cases[i].line) {
			print_error("case %zu: %s at %lu (%s)\n", i, sgn_update_rcode_str(res.rcode),
			            res.line, res.msg);
		}
		assert_int_equal(res.rcode, cases[i].rcode);
		assert_int_equal(res.line, cases[i].line);
		assert_false(res.changed);
		assert_true(res.msg[0] != '\0');
		expect_unchanged(zone, before);
		sgn_zone_free(zone);
	}
}

/* Prerequisites that hold, RFC 2136 §3.4.2's replacements, and a change set that changes
 * nothing (no new serial). */
static void update_prerequisites_that_hold(void **state)
{
	struct fixture *f = *state;
	sgn_zone_t *zone = signed_zone(f, SGN_DENIAL_NSEC, false, false);
	sgn_update_result_t res;
	apply_text(f, zone, "prereq yxdomain www\nprereq nxdomain nothere\nprereq yxrrset www A\n"
	                    "prereq nxrrset www MX\n"
	                    "prereq yxrrset www A 192.0.2.80\nprereq yxrrset www A 192.0.2.81\n"
	                    "prereq yxrrset upd.test. RRSIG\n"
	                    "update add alias 60 CNAME ns1\n", &res, NULL);
	assert_int_equal(res.rcode, SGN_UPDATE_NOERROR);
	assert_true(res.changed);
	assert_int_equal(res.serial, res.serial_before + 1);
	assert_int_equal(res.rrs_added, 1); /* the CNAME replaced: one in, one out */
	assert_int_equal(res.rrs_deleted, 1);
	uint32_t serial = res.serial;
	apply_text(f, zone, "update add www 60 A 192.0.2.80\nupdate delete nothere A\n", &res, NULL);
	assert_int_equal(res.rcode, SGN_UPDATE_NOERROR);
	assert_false(res.changed);
	assert_int_equal(res.serial, serial);
	expect_fresh(f, zone, SGN_DENIAL_NSEC, false, false);
	sgn_zone_free(zone);
}

/* -- the chain repairs -- */

/* Change sets that move names, empty non-terminals and cuts about, each checked against a
 * fresh signing of the same data, for each chain. */
static const char *const moves[] = {
	"update add new 60 A 192.0.2.7\n",                   /* a name */
	"update add p.q.r 60 TXT \"deep\"\n",                 /* and two empty non-terminals */
	"update delete p.q.r\n",                             /* gone again */
	"update delete a.b.c\n",                             /* empty non-terminals vanish */
	"update add x.b.c 60 A 192.0.2.3\n",                 /* and come back */
	"update add www 60 MX 10 mail\nupdate delete www AAAA\n", /* a type bitmap */
	"update add sub 60 NS ns.sub\nupdate add ns.sub 60 A 192.0.2.9\n", /* an insecure cut */
	"update add sub 60 DS 1 13 2 0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF\n",
	"update add a.sub 60 TXT \"occluded\"\n",             /* data below a cut (move 8) */
	"update delete sub DS\n",                            /* insecure again: opt-out span */
	"update delete sub NS\n",                            /* the cut goes: all is data */
	"update add insecure 60 TXT \"x\"\nupdate delete insecure NS\n", /* glue becomes data */
	"update add d 60 DNAME elsewhere.example.\nupdate add x.d 60 A 192.0.2.1\n",
	"update delete d DNAME\n",
	"update add *.w 60 TXT \"wild\"\nupdate delete *.wild\n", /* wildcards */
	"update add upd.test. 60 MX 10 mail\n",                 /* the apex bitmap */
	"update delete www\nupdate delete ns1 A 192.0.2.53\nupdate add ns1 60 A 192.0.2.54\n",
	"update add upd.test. 60 SOA ns1 h 1 7200 3600 1209600 60\n", /* denial TTL 60: all */
	"update add upd.test. 60 SOA ns1 h 4000000000 7200 3600 1209600 60\n", /* its serial */
};

static void check_moves(struct fixture *f, sgn_denial_t denial, bool opt_out, bool zonemd)
{
	sgn_zone_t *zone = signed_zone(f, denial, opt_out, zonemd);
	uint32_t serial = 0;
	for (size_t i = 0; i < ARRAY_LEN(moves); i++) {
		sgn_update_result_t res;
		apply_text(f, zone, moves[i], &res, NULL);
		if (res.rcode != SGN_UPDATE_NOERROR || !res.changed) {
			print_error("move %zu: %s (%s)\n", i, sgn_update_rcode_str(res.rcode), res.msg);
		}
		assert_int_equal(res.rcode, SGN_UPDATE_NOERROR);
		assert_true(res.changed);
		if (i == 8) { /* data below a cut is not in the chain */
			assert_int_equal(res.denial_changed, 0);
		}
		assert_int_equal(res.zonemd, zonemd);
		serial = res.serial;
		expect_fresh(f, zone, denial, opt_out, zonemd);
	}
	assert_int_equal(serial, 4000000000u);
	sgn_zone_free(zone);
}

static void repair_nsec(void **state)
{
	check_moves(*state, SGN_DENIAL_NSEC, false, false);
}

static void repair_nsec3(void **state)
{
	check_moves(*state, SGN_DENIAL_NSEC3, false, false);
}

static void repair_nsec3_opt_out(void **state)
{
	check_moves(*state, SGN_DENIAL_NSEC3, true, false);
}

static void repair_nsec3_opt_out_with_zonemd(void **state)
{
	check_moves(*state, SGN_DENIAL_NSEC3, true, true);
}

/* The transaction's undo restores every node, array and table exactly. */
static void txn_undo_restores_the_zone(void **state)
{
	struct fixture *f = *state;
	for (int d = 0; d < 3; d++) {
		sgn_denial_t denial = d == 0 ? SGN_DENIAL_NSEC : SGN_DENIAL_NSEC3;
		sgn_zone_t *zone = signed_zone(f, denial, d == 2, false);
		char *before = zone_to_text(zone);
		struct sgn__txn t;
		sgn__txn_init(&t, zone, d == 2);
		uint8_t name[SGN_NAME_MAX];
		sgn_node_t *node, *www = sgn__zone_lookup(zone, th_name(name, "www." ORIGIN));
		assert_int_equal(sgn__txn_insert(&t, th_name(name, "q.r." ORIGIN), false, &node), SGN_OK);
		assert_int_equal(sgn__txn_insert(&t, th_name(name, "p.q.r." ORIGIN), false, &node), SGN_OK);
		assert_int_equal(sgn__txn_save(&t, www), SGN_OK);
		sgn__node_drop_rrset(www, SGN_TYPE_A);
		assert_int_equal(sgn__txn_remove(&t, www), SGN_OK);
		if (zone->nn3 > 0) {
			assert_int_equal(sgn__txn_remove(&t, zone->n3nodes[1]), SGN_OK);
		}
		sgn__txn_undo(&t);
		sgn__txn_release(&t);
		expect_unchanged(zone, before);
		assert_ptr_equal(sgn__zone_lookup(zone, th_name(name, "www." ORIGIN)), www);
		assert_null(sgn__zone_lookup(zone, th_name(name, "q.r." ORIGIN)));
		sgn_zone_free(zone);
	}
}

/* -- the journal -- */

static void journal_is_the_difference(void **state)
{
	struct fixture *f = *state;
	sgn_zone_t *zone = signed_zone(f, SGN_DENIAL_NSEC, false, false);
	sgn_buf_t j;
	sgn_buf_init(&j);
	sgn_update_result_t res;
	apply_text(f, zone, "update add new 60 A 192.0.2.7\n", &res, &j);
	assert_true(res.changed);
	assert_non_null(j.data);
	char *text = (char *)j.data;
	/* old SOA first, then deletions, the new SOA, the additions */
	assert_true(strncmp(text, "del upd.test.\t", 14) == 0);
	char *add_soa = strstr(text, "\nadd upd.test.\t3600\tIN\tSOA");
	assert_non_null(add_soa);
	assert_null(strstr(add_soa, "\ndel "));
	assert_non_null(strstr(text, "add new.upd.test.\t60\tIN\tA\t192.0.2.7\n"));
	assert_non_null(strstr(text, "add new.upd.test.\t60\tIN\tRRSIG\tA "));
	assert_non_null(strstr(text, "add new.upd.test.\t300\tIN\tNSEC\t"));
	/* the NSEC before it changed its next name */
	assert_non_null(strstr(text, "del mail.upd.test.\t300\tIN\tNSEC\t"));
	size_t lines = 0;
	for (size_t i = 0; i < j.len; i++) {
		lines += j.data[i] == '\n';
	}
	assert_int_equal(lines, res.journal_records);
	/* A refused change set adds nothing. */
	size_t len = j.len;
	apply_text(f, zone, "update delete upd.test. SOA\n", &res, &j);
	assert_int_equal(j.len, len);
	sgn_buf_release(&j);
	sgn_zone_free(zone);
}

/* -- sessions -- */

static void session_refuses_unsigned_zones_and_other_keys(void **state)
{
	struct fixture *f = *state;
	sgn_zone_t *plain = load_text(f, zone_src);
	sgn_sign_policy_t pol;
	sgn_update_t *u = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_sign_policy_init(&pol, th_time(AT));
	assert_int_equal(sgn_update_new(&u, plain, &f->keys, &pol, &diag), SGN_EZONE);
	assert_null(u);
	sgn_zone_free(plain);
	/* A key the zone's DNSKEY RRset lacks: sigil sign's job. */
	sgn_zone_t *zone = signed_zone(f, SGN_DENIAL_NSEC, false, false);
	sgn_keylist_t more;
	sgn_keylist_init(&more);
	for (size_t i = 0; i < f->keys.count; i++) {
		sgn_key_t *k;
		assert_int_equal(sgn_key_dup(&k, f->keys.keys[i]), SGN_OK);
		assert_int_equal(sgn_keylist_add_take(&more, k), SGN_OK);
	}
	assert_int_equal(sgn_keylist_add_take(&more, th_key_generate(ORIGIN, SGN_ALG_ED25519,
	                                                             SGN_DNSKEY_ZONE)), SGN_OK);
	assert_int_equal(sgn_update_new(&u, zone, &more, &pol, &diag), SGN_EKEY);
	assert_non_null(strstr(diag.msg, "sigil sign"));
	sgn_keylist_release(&more);
	sgn_zone_free(zone);
}

/* A difference that does not start at the zone's serial is refused; one that ends there
 * has been applied. */
static void session_ixfr_serials(void **state)
{
	struct fixture *f = *state;
	sgn_zone_t *zone = signed_zone(f, SGN_DENIAL_NSEC3, false, false);
	sgn_update_result_t res;
	char text[512];
	uint32_t s = soa_serial_of(zone);
	snprintf(text, sizeof(text),
	         "del upd.test. 3600 IN SOA ns1 h %u 7200 3600 1209600 300\n"
	         "add upd.test. 3600 IN SOA ns1 h %u 7200 3600 1209600 300\n"
	         "add new.upd.test. 60 IN A 192.0.2.7\n", s + 1, s + 2);
	apply_text(f, zone, text, &res, NULL);
	assert_int_equal(res.rcode, SGN_UPDATE_NXRRSET);
	snprintf(text, sizeof(text),
	         "del upd.test. 3600 IN SOA ns1 h %u 7200 3600 1209600 300\n"
	         "add upd.test. 3600 IN SOA ns1 h %u 7200 3600 1209600 300\n"
	         "add new.upd.test. 60 IN A 192.0.2.7\n", s, s + 5);
	apply_text(f, zone, text, &res, NULL);
	assert_int_equal(res.rcode, SGN_UPDATE_NOERROR);
	assert_int_equal(res.serial, s + 5);
	apply_text(f, zone, text, &res, NULL); /* again: applied already */
	assert_int_equal(res.rcode, SGN_UPDATE_NOERROR);
	assert_false(res.changed);
	expect_fresh(f, zone, SGN_DENIAL_NSEC3, false, false);
	sgn_zone_free(zone);
}

/* -- the authenticator line -- */

/* Sign with the authenticator into a file; its text. */
static char *sign_to_file(const struct fixture *f, const char *path)
{
	sgn_zone_t *zone = load_text(f, zone_src);
	sgn_sign_policy_t pol;
	fx_policy(&pol, SGN_DENIAL_NSEC, false, false);
	pol.authenticator = true;
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(sgn_zone_sign_write(&zone, fp, NULL, &f->keys, &pol, NULL), SGN_OK);
	assert_int_equal(fclose(fp), 0);
	return th_read_file(path, NULL);
}

/* Re-sign the file at @p path (serial kept): whether its signatures were taken on trust,
 * and how many were verified. */
static bool resign_trusts(const struct fixture *f, const char *path, size_t *verified)
{
	sgn_zone_t *zone = NULL;
	sgn_sign_policy_t pol;
	sgn_sign_stats_t st;
	assert_int_equal(sgn_zone_load(&zone, path, NULL, NULL), SGN_OK);
	fx_policy(&pol, SGN_DENIAL_NSEC, false, false);
	pol.serial = SGN_SERIAL_KEEP;
	assert_int_equal(sgn_zone_sign(zone, &st, &f->keys, &pol, NULL), SGN_OK);
	sgn_zone_free(zone);
	*verified = st.sigs_verified;
	return st.source_trusted;
}

static void auth_line_vouches_for_the_file_and_nothing_else(void **state)
{
	struct fixture *f = *state;
	const char *path = th_join(f->dir, "signed.zone");
	char *text = sign_to_file(f, path);
	size_t verified;
	assert_non_null(strstr(text, "\n; sigil-auth v1 "));
	assert_true(resign_trusts(f, path, &verified));
	assert_int_equal(verified, 0);
	/* One byte changed anywhere: verified in full. */
	char *edited = strdup(text);
	char *at = strstr(edited, "192.0.2.53");
	assert_non_null(at);
	at[9] = '4';
	th_write_file(path, edited);
	assert_false(resign_trusts(f, path, &verified));
	assert_true(verified > 0);
	/* A directive before the records: not vouched for (an $INCLUDE would not be hashed). */
	size_t len = strlen(text) + 16;
	char *dir = malloc(len);
	snprintf(dir, len, "$TTL 300\n%s", text);
	th_write_file(path, dir);
	assert_false(resign_trusts(f, path, &verified));
	/* A MAC field longer than a MAC: no authenticator (and no overflow reading it). */
	free(dir);
	len = strlen(text) + 256;
	dir = malloc(len);
	snprintf(dir, len, "%.*s; sigil-auth v1 1 15 %0200d\n", (int)(strstr(text, "; sigil") - text),
	         text, 7);
	th_write_file(path, dir);
	assert_false(resign_trusts(f, path, &verified));
	/* An update session says whether the file was ours, and writes a fresh line. */
	th_write_file(path, text);
	sgn_zone_t *zone = NULL;
	sgn_update_t *u = NULL;
	sgn_sign_policy_t pol;
	fx_policy(&pol, SGN_DENIAL_NSEC, false, false);
	assert_int_equal(sgn_zone_load(&zone, path, NULL, NULL), SGN_OK);
	assert_int_equal(sgn_update_new(&u, zone, &f->keys, &pol, NULL), SGN_OK);
	assert_true(sgn_update_zone_authenticated(u));
	FILE *fp = fopen(path, "w");
	assert_non_null(fp);
	assert_int_equal(sgn_update_write(u, fp, NULL), SGN_OK);
	assert_int_equal(fclose(fp), 0);
	char *again = th_read_file(path, NULL);
	assert_string_equal(again, text); /* nothing applied: the same text, the same line */
	sgn_update_free(u);
	sgn_zone_free(zone);
	free(again);
	free(dir);
	free(edited);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(changes_nsupdate_sets_and_lines),
		cmocka_unit_test(changes_nsupdate_errors_name_their_line),
		cmocka_unit_test(changes_record_limit_at_limit_and_beyond),
		cmocka_unit_test(changes_long_line_is_refused),
		cmocka_unit_test(changes_ixfr_forms_agree),
		cmocka_unit_test(changes_ixfr_errors),
		cmocka_unit_test_setup_teardown(update_refusals_leave_the_zone_as_it_was, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(update_prerequisites_that_hold, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(repair_nsec, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(repair_nsec3, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(repair_nsec3_opt_out, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(repair_nsec3_opt_out_with_zonemd, fx_setup,
		                                fx_teardown),
		cmocka_unit_test_setup_teardown(txn_undo_restores_the_zone, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(journal_is_the_difference, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(session_refuses_unsigned_zones_and_other_keys,
		                                fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(session_ixfr_serials, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(auth_line_vouches_for_the_file_and_nothing_else,
		                                fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests_name("update", tests, NULL, NULL);
}
