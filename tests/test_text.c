/* SPDX-License-Identifier: MIT */
/* Unit tests for presentation-format printing and one-line parsing in text.h: text -> wire ->
 * text -> wire round trips for many types, the printed form of the DNSSEC types, RFC 3597
 * output, and sgn_rr_from_str/sgn_rr_to_str. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/text.h>

#include "helpers.h"

/* -- printing -- */

/* text -> wire -> text -> wire: the wire forms must be identical. Returns the printed RDATA. */
static char *round_trip(uint16_t type, const char *text)
{
	sgn_buf_t w1, t1, w2;
	sgn_diag_t diag;
	char tbuf[SGN_TYPE_STR_MAX];
	sgn_buf_init(&w1);
	sgn_buf_init(&t1);
	sgn_buf_init(&w2);
	sgn_diag_init(&diag);
	if (sgn_rdata_from_str(&w1, type, text, NULL, &diag) != SGN_OK) {
		fail_msg("%s '%s' does not parse: %s", sgn_type_to_str(tbuf, type), text, diag.msg);
	}
	assert_int_equal(sgn_rdata_to_str(&t1, type, w1.data, w1.len), SGN_OK);
	assert_int_equal(sgn_buf_append(&t1, "", 1), SGN_OK);
	if (sgn_rdata_from_str(&w2, type, (const char *)t1.data, NULL, &diag) != SGN_OK) {
		fail_msg("%s printed as '%s' does not parse back: %s", sgn_type_to_str(tbuf, type),
		         (const char *)t1.data, diag.msg);
	}
	if (w1.len != w2.len || (w1.len > 0 && memcmp(w1.data, w2.data, w1.len) != 0)) {
		fail_msg("%s '%s' printed as '%s' changes the wire form",
		         sgn_type_to_str(tbuf, type), text, (const char *)t1.data);
	}
	sgn_buf_release(&w1);
	sgn_buf_release(&w2);
	return (char *)t1.data;
}

static void expect_printed(uint16_t type, const char *text, const char *want)
{
	char *got = round_trip(type, text);
	assert_string_equal(got, want);
	free(got);
}

static void rdata_text_round_trips_for_many_types(void **state)
{
	(void)state;
	static const struct {
		uint16_t type;
		const char *text;
	} cases[] = {
		{ SGN_TYPE_A, "192.0.2.1" },
		{ SGN_TYPE_AAAA, "2001:db8::53" },
		{ SGN_TYPE_NS, "ns1.Example." },
		{ SGN_TYPE_CNAME, "a\\.b.example." },
		{ SGN_TYPE_SOA,
		  "ns1.example. hostmaster.example. 2023051100 1800 900 604800 86400" },
		{ SGN_TYPE_PTR, "host.example." },
		{ SGN_TYPE_HINFO, "\"PC\" \"Linux 6\"" },
		{ SGN_TYPE_MINFO, "rmail.example. email.example." },
		{ SGN_TYPE_MX, "10 mail.example." },
		{ SGN_TYPE_TXT, "\"v=spf1 -all\" \"semi;colon\" \"q\\\"d\" \"\\255\\000\" \"\"" },
		{ SGN_TYPE_RP, "admin.example. txt.example." },
		{ SGN_TYPE_AFSDB, "1 afs.example." },
		{ SGN_TYPE_RT, "5 relay.example." },
		{ SGN_TYPE_PX, "10 map822.example. mapx400.example." },
		{ SGN_TYPE_SRV, "0 5 5060 sip.example." },
		{ SGN_TYPE_NAPTR, "100 10 \"S\" \"SIP+D2U\" \"!^.*$!sip:info@example.com!\" ." },
		{ SGN_TYPE_KX, "10 kx.example." },
		{ SGN_TYPE_DNAME, "target.example." },
		{ SGN_TYPE_DS, "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118" },
		{ 44 /* SSHFP */, "2 1 123456789ABCDEF67890123456789ABCDEF67890" },
		{ SGN_TYPE_RRSIG, "A 8 3 3600 20300101000000 20000101000000 9033 example.net. "
		                  "kRCOH6u7l0QGy9qpC9l1sLncJcOKFLJ7GhiUOibu4teYp5VE9RncriShZNz85mwl"
		                  "MgNEacFYK/lPtPiVYP4bwg==" },
		{ SGN_TYPE_NSEC, "host.example. A MX RRSIG NSEC TYPE1234" },
		{ SGN_TYPE_NSEC, "host.example." },
		{ SGN_TYPE_DNSKEY, "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=" },
		{ 49 /* DHCID */, "AAIBY2/AuCccgoJbsaxcQc9TUapptP69lOjxfNuVAA2kjEA=" },
		{ SGN_TYPE_NSEC3,
		  "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr MX DNSKEY NS SOA "
		  "NSEC3PARAM RRSIG" },
		{ SGN_TYPE_NSEC3, "1 0 0 - 2t7b4g4vsa5smi47k61mv5bv1a22bojr" },
		{ SGN_TYPE_NSEC3PARAM, "1 0 12 aabbccdd" },
		{ SGN_TYPE_NSEC3PARAM, "1 0 0 -" },
		{ 52 /* TLSA */,
		  "3 1 1 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef" },
		{ 53 /* SMIMEA */, "3 0 1 00ff" },
		{ SGN_TYPE_CDS, "0 0 0 00" },
		{ SGN_TYPE_CDNSKEY, "0 3 0 AA==" },
		{ 61 /* OPENPGPKEY */, "AQIDBAU=" },
		{ 62 /* CSYNC */, "66 3 A NS AAAA" },
		{ SGN_TYPE_ZONEMD,
		  "2018031900 1 1 FEBE3D4CE2EC2FFA4BA99D46CD69D6D29711E55217057BEE7EB1A7"
		  "B641A47BA7FED2DD5B97AE499FAFA4F22C6BD647DE" },
		{ 99 /* SPF */, "\"v=spf1 -all\"" },
		{ 256 /* URI */, "10 1 \"ftp://ftp1.example.com/public\"" },
		{ 257 /* CAA */, "0 issue \"ca.example.net\"" },
		{ SGN_TYPE_KEY, "256 3 8 AwEAAQ==" },
		/* types libsign hands to ldns */
		{ 29 /* LOC */, "52 22 23.000 N 4 53 32.000 E -2.00m 0.00m 10000m 10m" },
		{ 42 /* APL */, "1:192.168.32.0/21 !1:192.168.38.0/28" },
		{ 45 /* IPSECKEY */,
		  "10 1 2 192.0.2.38 AQNRU3mG7TVTO2BkR47usntb102uFJtugbo6BSGvgqt4AQ==" },
		{ 64 /* SVCB */, "1 . alpn=h2" },
		{ 65 /* HTTPS */, "1 . alpn=h2,h3 port=8443" },
		{ 108 /* EUI48 */, "00-00-5e-00-53-2a" },
		/* RFC 3597 */
		{ 65280, "\\# 4 0A000001" },
		{ SGN_TYPE_A, "\\# 4 C0000201" },
	};
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		free(round_trip(cases[i].type, cases[i].text));
	}
}

static void rdata_to_str_writes_presentation_form(void **state)
{
	(void)state;
	expect_printed(SGN_TYPE_A, "\\# 4 C0000201", "192.0.2.1");
	expect_printed(SGN_TYPE_MX, "10 MAIL.example.", "10 MAIL.example.");
	expect_printed(SGN_TYPE_DS, "60485 5 1 ( 2bb183af5f22588179a53b0a\n98631fad1a292118 )",
	               "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118");
	expect_printed(SGN_TYPE_TXT, "a\\;b \"\\\"\" \"\\009\"", "\"a;b\" \"\\\"\" \"\\009\"");
	expect_printed(SGN_TYPE_SOA, "a. b. 1 1h 2d 3w 4", "a. b. 1 3600 172800 1814400 4");
	expect_printed(SGN_TYPE_RRSIG, "A 8 3 3600 1893456000 946684800 9033 example.net. AQID",
	               "A 8 3 3600 20300101000000 20000101000000 9033 example.net. AQID");
	expect_printed(SGN_TYPE_DNSKEY, "256 3 ED25519 AQID", "256 3 15 AQID");
	expect_printed(SGN_TYPE_NSEC3PARAM, "1 0 12 AABBCCDD", "1 0 12 AABBCCDD");
	expect_printed(SGN_TYPE_NSEC3, "1 1 12 aabbccdd 2T7B4G4VSA5SMI47K61MV5BV1A22BOJR A",
	               "1 1 12 AABBCCDD 2t7b4g4vsa5smi47k61mv5bv1a22bojr A");
	expect_printed(SGN_TYPE_NSEC, "a.example. TYPE1 TYPE46 TYPE65535",
	               "a.example. A RRSIG TYPE65535");
	expect_printed(65280, "\\# 3 abcdef", "\\# 3 abcdef");
	/* RFC 3597 §5: empty RDATA of a type without a format is "\# 0", never nothing */
	expect_printed(65280, "\\# 0", "\\# 0");
	expect_printed(10 /* NULL */, "\\# 0", "\\# 0");
	/* RFC 8659 §4.1.1: the CAA tag is a bare word; BIND refuses a quoted one */
	expect_printed(257, "0 issue \"ca.example.net\"", "0 issue \"ca.example.net\"");
	expect_printed(257, "128 \"iodef\" \"mailto:a@example.net\"",
	               "128 iodef \"mailto:a@example.net\"");
	/* a tag that is no bare word stays quoted, so that it reads back */
	expect_printed(257, "0 \"a-b\" \"x\"", "0 \"a-b\" \"x\"");
}

static void rdata_to_str_prints_malformed_rdata_generically(void **state)
{
	(void)state;
	sgn_buf_t b;
	const uint8_t three[] = { 1, 2, 3 };
	sgn_buf_init(&b);
	assert_int_equal(sgn_rdata_to_str(&b, SGN_TYPE_A, three, sizeof(three)), SGN_OK);
	assert_int_equal(sgn_buf_append(&b, "", 1), SGN_OK);
	assert_string_equal((const char *)b.data, "\\# 3 010203");
	sgn_buf_release(&b);
}

/* AAAA text is what inet_ntop() has always written (libsign prints it without it): every
 * address made of the groups 0, 1, 0x0abc and 0xffff, which covers each placement of the
 * zero runs, ties between them, and the IPv4 forms ::ffff:a.b.c.d and ::a.b.c.d. */
static void aaaa_prints_as_inet_ntop(void **state)
{
	(void)state;
	static const uint16_t groups[4] = { 0, 1, 0x0abc, 0xffff };
	sgn_buf_t b;
	sgn_buf_init(&b);
	for (unsigned pick = 0; pick < 1u << 16; pick++) {
		uint8_t a[16];
		char want[INET6_ADDRSTRLEN];
		for (unsigned i = 0; i < 8; i++) {
			uint16_t g = groups[(pick >> (2 * i)) & 3];
			a[2 * i] = (uint8_t)(g >> 8);
			a[2 * i + 1] = (uint8_t)g;
		}
		assert_non_null(inet_ntop(AF_INET6, a, want, sizeof(want)));
		b.len = 0;
		assert_int_equal(sgn_rdata_to_str(&b, SGN_TYPE_AAAA, a, sizeof(a)), SGN_OK);
		assert_string_equal((const char *)b.data, want);
	}
	sgn_buf_release(&b);
}

static void rr_to_str_separates_fields_with_tabs(void **state)
{
	(void)state;
	sgn_rr_t rr;
	uint8_t owner[SGN_NAME_MAX], origin[SGN_NAME_MAX];
	sgn_buf_t rdata, out;
	sgn_diag_t diag;
	sgn_buf_init(&rdata);
	sgn_buf_init(&out);
	sgn_diag_init(&diag);
	assert_int_equal(sgn_rr_from_str(&rr, owner, &rdata, "www 300 IN MX 10 mail",
	                                 th_name(origin, "example.com."), 0, &diag),
	                 SGN_OK);
	assert_ptr_equal(rr.owner, owner);
	assert_int_equal(rr.ttl, 300);
	assert_int_equal(sgn_rr_to_str(&out, &rr), SGN_OK);
	assert_int_equal(sgn_buf_append(&out, "", 1), SGN_OK);
	assert_string_equal((const char *)out.data,
	                    "www.example.com.\t300\tIN\tMX\t10 mail.example.com.");
	/* the default TTL applies when the text has none */
	assert_int_equal(sgn_rr_from_str(&rr, owner, &rdata, "x. A 192.0.2.1", NULL, 77, &diag),
	                 SGN_OK);
	assert_int_equal(rr.ttl, 77);
	assert_int_equal(sgn_rr_from_str(&rr, owner, &rdata, "x. A", NULL, 77, &diag), SGN_EPARSE);
	assert_int_equal(diag.line, 1);
	assert_int_equal(sgn_rr_from_str(&rr, owner, &rdata, "", NULL, 77, &diag), SGN_EPARSE);
	sgn_buf_release(&rdata);
	sgn_buf_release(&out);
}

static void rr_from_str_refuses_directives(void **state)
{
	(void)state;
	sgn_rr_t rr;
	uint8_t owner[SGN_NAME_MAX];
	sgn_buf_t rdata;
	sgn_diag_t diag;
	sgn_buf_init(&rdata);
	sgn_diag_init(&diag);
	assert_int_equal(
	    sgn_rr_from_str(&rr, owner, &rdata, "$INCLUDE /etc/passwd", NULL, 0, &diag),
	    SGN_EPARSE);
	assert_int_equal(
	    sgn_rr_from_str(&rr, owner, &rdata, "$GENERATE 1-2 a$ A 10.0.0.$", NULL, 0, &diag),
	    SGN_EPARSE);
	sgn_buf_release(&rdata);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(rdata_text_round_trips_for_many_types),
		cmocka_unit_test(rdata_to_str_writes_presentation_form),
		cmocka_unit_test(rdata_to_str_prints_malformed_rdata_generically),
		cmocka_unit_test(aaaa_prints_as_inet_ntop),
		cmocka_unit_test(rr_to_str_separates_fields_with_tabs),
		cmocka_unit_test(rr_from_str_refuses_directives),
	};
	return cmocka_run_group_tests_name("text", tests, NULL, NULL);
}
