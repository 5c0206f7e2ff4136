/* SPDX-License-Identifier: MIT */
/* Unit tests for rr.h and rrset.h: type mnemonics, RDATA structure checks, canonical RDATA form
 * (RFC 4034 §6.2 with RFC 6840 §5.1), canonical RDATA order and duplicate removal, and the
 * parsed views of DNSKEY, DS, RRSIG and NSEC3PARAM. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <string.h>

#include <libsign/rr.h>
#include <libsign/rrset.h>
#include <libsign/text.h>

#include "helpers.h"

/* RDATA of @p type from presentation text (relative names against the root). */
static sgn_buf_t rd(uint16_t type, const char *text)
{
	sgn_buf_t b;
	sgn_diag_t diag;
	sgn_buf_init(&b);
	sgn_diag_init(&diag);
	if (sgn_rdata_from_str(&b, type, text, NULL, &diag) != SGN_OK) {
		fail_msg("bad RDATA '%s': %s", text, diag.msg);
	}
	return b;
}

/* Canonicalize RDATA parsed from @p mixed and compare with RDATA parsed from @p want. */
static void expect_canonical(uint16_t type, const char *mixed, const char *want)
{
	sgn_buf_t a = rd(type, mixed), b = rd(type, want);
	char tbuf[SGN_TYPE_STR_MAX];
	assert_int_equal(sgn_rdata_canonicalize(type, a.data, a.len), SGN_OK);
	assert_int_equal(a.len, b.len);
	if (memcmp(a.data, b.data, a.len) != 0) {
		fail_msg("%s '%s' canonicalised to %s, expected %s", sgn_type_to_str(tbuf, type),
		         mixed, th_to_hex(a.data, a.len), th_to_hex(b.data, b.len));
	}
	sgn_buf_release(&a);
	sgn_buf_release(&b);
}

/* -- canonical form -- */

static void canonicalize_lowercases_names_in_rfc4034_types(void **state)
{
	(void)state;
	expect_canonical(SGN_TYPE_NS, "NS1.Example.COM.", "ns1.example.com.");
	expect_canonical(SGN_TYPE_MD, "A.B.", "a.b.");
	expect_canonical(SGN_TYPE_MF, "A.B.", "a.b.");
	expect_canonical(SGN_TYPE_CNAME, "WWW.Example.", "www.example.");
	expect_canonical(SGN_TYPE_SOA, "NS.Example. HostMaster.EXAMPLE. 1 2 3 4 5",
	                 "ns.example. hostmaster.example. 1 2 3 4 5");
	expect_canonical(SGN_TYPE_MB, "Mail.Example.", "mail.example.");
	expect_canonical(SGN_TYPE_MG, "Mail.Example.", "mail.example.");
	expect_canonical(SGN_TYPE_MR, "Mail.Example.", "mail.example.");
	expect_canonical(SGN_TYPE_PTR, "Host.Example.", "host.example.");
	expect_canonical(SGN_TYPE_MINFO, "A.Example. B.Example.", "a.example. b.example.");
	expect_canonical(SGN_TYPE_MX, "10 MAIL.Example.COM.", "10 mail.example.com.");
	expect_canonical(SGN_TYPE_RP, "Admin.Example. TXT.Example.", "admin.example. txt.example.");
	expect_canonical(SGN_TYPE_AFSDB, "1 AFS.Example.", "1 afs.example.");
	expect_canonical(SGN_TYPE_RT, "5 Relay.Example.", "5 relay.example.");
	expect_canonical(SGN_TYPE_PX, "10 Map822.Example. MapX400.Example.",
	                 "10 map822.example. mapx400.example.");
	expect_canonical(SGN_TYPE_SRV, "0 5 5060 SIP.Example.COM.", "0 5 5060 sip.example.com.");
	expect_canonical(SGN_TYPE_NAPTR, "100 10 \"S\" \"SIP+D2U\" \"\" _SIP._udp.Example.",
	                 "100 10 \"S\" \"SIP+D2U\" \"\" _sip._udp.example.");
	expect_canonical(SGN_TYPE_KX, "10 KX.Example.", "10 kx.example.");
	expect_canonical(SGN_TYPE_DNAME, "Target.EXAMPLE.", "target.example.");
	expect_canonical(SGN_TYPE_SIG,
	                 "A 8 2 3600 20300101000000 20000101000000 1 Signer.Example. AAAA",
	                 "A 8 2 3600 20300101000000 20000101000000 1 signer.example. AAAA");
}

static void canonicalize_keeps_case_in_nsec_and_rrsig(void **state)
{
	(void)state;
	/* RFC 6840 §5.1: NSEC and RRSIG were removed from the RFC 4034 §6.2 list. */
	expect_canonical(SGN_TYPE_NSEC, "Host.Example.COM. A RRSIG NSEC",
	                 "Host.Example.COM. A RRSIG NSEC");
	expect_canonical(SGN_TYPE_RRSIG,
	                 "A 8 2 3600 20300101000000 20000101000000 1 Signer.Example. AAAA",
	                 "A 8 2 3600 20300101000000 20000101000000 1 Signer.Example. AAAA");
	/* and the NSEC next name really does keep its upper case */
	sgn_buf_t a = rd(SGN_TYPE_NSEC, "Host.Example. A");
	assert_int_equal(sgn_rdata_canonicalize(SGN_TYPE_NSEC, a.data, a.len), SGN_OK);
	assert_memory_equal(a.data, "\4Host\7Example", 14);
	sgn_buf_release(&a);
}

static void canonicalize_leaves_text_and_opaque_data_alone(void **state)
{
	(void)state;
	expect_canonical(SGN_TYPE_TXT, "\"Hello World\" \"ABC\"", "\"Hello World\" \"ABC\"");
	expect_canonical(SGN_TYPE_HINFO, "\"PC\" \"Linux\"", "\"PC\" \"Linux\"");
	expect_canonical(257, "0 issue \"CA.Example.NET\"", "0 issue \"CA.Example.NET\"");
	/* an unknown type is opaque: bytes that look like a name stay as they are */
	uint8_t data[] = { 3, 'W', 'W', 'W', 0 };
	assert_int_equal(sgn_rdata_canonicalize(65280, data, sizeof(data)), SGN_OK);
	assert_memory_equal(data, "\3WWW", 5);
}

static void canonicalize_rejects_malformed_rdata(void **state)
{
	(void)state;
	uint8_t mx_short[] = { 0, 10, 3, 'M', 'X' }; /* name runs off the end */
	assert_int_equal(sgn_rdata_canonicalize(SGN_TYPE_MX, mx_short, sizeof(mx_short)),
	                 SGN_EPARSE);
	uint8_t ns_pointer[] = { 0xc0, 0x0c };
	assert_int_equal(sgn_rdata_canonicalize(SGN_TYPE_NS, ns_pointer, sizeof(ns_pointer)),
	                 SGN_EPARSE);
}

/* -- structure checks -- */

static void rdata_check_fixed_sizes_are_exact(void **state)
{
	(void)state;
	const uint8_t bytes[20] = { 0 };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_A, bytes, 4), SGN_OK);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_A, bytes, 3), SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_A, bytes, 5), SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_AAAA, bytes, 16), SGN_OK);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_AAAA, bytes, 15), SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_AAAA, bytes, 17), SGN_EPARSE);
}

static void rdata_check_names_must_be_complete_and_uncompressed(void **state)
{
	(void)state;
	sgn_buf_t soa = rd(SGN_TYPE_SOA, "ns.example. host.example. 1 2 3 4 5");
	assert_int_equal(sgn_rdata_check(SGN_TYPE_SOA, soa.data, soa.len), SGN_OK);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_SOA, soa.data, soa.len - 1), SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_SOA, soa.data, 12), SGN_EPARSE);
	sgn_buf_release(&soa);
	const uint8_t mx_pointer[] = { 0, 10, 0xc0, 0x0c };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_MX, mx_pointer, sizeof(mx_pointer)), SGN_EPARSE);
	const uint8_t mx_trailing[] = { 0, 10, 0, 0xff };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_MX, mx_trailing, sizeof(mx_trailing)),
	                 SGN_EPARSE);
	const uint8_t mx_ok[] = { 0, 10, 0 };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_MX, mx_ok, sizeof(mx_ok)), SGN_OK);
}

static void rdata_check_validates_type_bitmaps(void **state)
{
	(void)state;
	/* NSEC: next name "." then a bitmap */
	const uint8_t ok[] = { 0, 0, 1, 0x40, 1, 1, 0x80 };         /* A; window 1 type 256 */
	const uint8_t descending[] = { 0, 1, 1, 0x80, 0, 1, 0x40 }; /* windows out of order */
	const uint8_t empty_window[] = { 0, 0, 0 };                 /* length 0 */
	const uint8_t trailing_zero[] = { 0, 0, 2, 0x40, 0x00 };    /* last octet zero */
	const uint8_t overlong[] = { 0, 0, 2, 0x40 };               /* says 2, has 1 */
	const uint8_t no_bitmap[] = { 0 };                          /* an empty bitmap is valid */
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC, ok, sizeof(ok)), SGN_OK);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC, descending, sizeof(descending)),
	                 SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC, empty_window, sizeof(empty_window)),
	                 SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC, trailing_zero, sizeof(trailing_zero)),
	                 SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC, overlong, sizeof(overlong)), SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC, no_bitmap, sizeof(no_bitmap)), SGN_OK);
}

/* RFC 4034 §4.3's NSEC example, and the same types given out of order, repeated and with
 * windows 0 and 4 both in use: one bitmap, windows ascending, each as short as it can be. */
static void type_bitmaps_are_built_per_rfc4034(void **state)
{
	(void)state;
	uint8_t want[18 + 8 + 2 + 27] = {
		4, 'h', 'o', 's', 't', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
		0x00, 0x06, 0x40, 0x01, 0x00, 0x00, 0x00, 0x03, /* A MX RRSIG NSEC */
		0x04, 0x1b,                                     /* TYPE1234: the last of 27 bytes */
	};
	want[sizeof(want) - 1] = 0x20;
	const char *texts[] = { "host.example.com. A MX RRSIG NSEC TYPE1234",
		                "host.example.com. TYPE1234 NSEC A RRSIG MX A TYPE1234" };
	for (size_t i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		sgn_buf_t b = rd(SGN_TYPE_NSEC, texts[i]);
		assert_int_equal(b.len, sizeof(want));
		assert_memory_equal(b.data, want, sizeof(want));
		sgn_buf_release(&b);
	}
	/* Windows with empty ones before them, and the last type of all. */
	sgn_buf_t b = rd(SGN_TYPE_NSEC, ". TYPE65535 TYPE512");
	uint8_t high[1 + 3 + 2 + 32] = { 0, 2, 1, 0x80, 255, 32 }; /* next name "." */
	high[sizeof(high) - 1] = 0x01;
	assert_int_equal(b.len, sizeof(high));
	assert_memory_equal(b.data, high, sizeof(high));
	sgn_buf_release(&b);
}

static void rdata_check_character_strings_stay_in_bounds(void **state)
{
	(void)state;
	const uint8_t txt_ok[] = { 2, 'h', 'i', 0 };
	const uint8_t txt_overrun[] = { 5, 'h', 'i' };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_TXT, txt_ok, sizeof(txt_ok)), SGN_OK);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_TXT, txt_overrun, sizeof(txt_overrun)),
	                 SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_TXT, txt_ok, 0), SGN_EPARSE);
	const uint8_t hinfo_one[] = { 2, 'P', 'C' };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_HINFO, hinfo_one, sizeof(hinfo_one)), SGN_EPARSE);
}

static void rdata_check_accepts_unknown_types_as_opaque(void **state)
{
	(void)state;
	const uint8_t junk[] = { 0xc0, 0xff, 0x00 };
	assert_int_equal(sgn_rdata_check(65280, junk, sizeof(junk)), SGN_OK);
	assert_int_equal(sgn_rdata_check(65280, junk, 0), SGN_OK);
}

static void rdata_check_dnssec_types_need_their_fixed_fields(void **state)
{
	(void)state;
	const uint8_t four[4] = { 1, 0, 3, 8 };
	assert_int_equal(sgn_rdata_check(SGN_TYPE_DNSKEY, four, 4), SGN_OK);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_DNSKEY, four, 3), SGN_EPARSE);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_DS, four, 3), SGN_EPARSE);
	sgn_buf_t sig =
	    rd(SGN_TYPE_RRSIG, "A 8 2 3600 20300101000000 20000101000000 1 example. AAAA");
	assert_int_equal(sgn_rdata_check(SGN_TYPE_RRSIG, sig.data, sig.len), SGN_OK);
	assert_int_equal(sgn_rdata_check(SGN_TYPE_RRSIG, sig.data, 18), SGN_EPARSE);
	sgn_buf_release(&sig);
	sgn_buf_t n3 =
	    rd(SGN_TYPE_NSEC3, "1 1 12 aabbccdd 2t7b4g4vsa5smi47k61mv5bv1a22bojr A RRSIG");
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC3, n3.data, n3.len), SGN_OK);
	n3.data[4] = 200; /* salt length now runs past the end */
	assert_int_equal(sgn_rdata_check(SGN_TYPE_NSEC3, n3.data, n3.len), SGN_EPARSE);
	sgn_buf_release(&n3);
}

/* -- canonical order -- */

static void rdata_compare_is_octet_order_shorter_first(void **state)
{
	(void)state;
	assert_int_equal(sgn_rdata_compare((const uint8_t *)"abc", 3, (const uint8_t *)"abc", 3),
	                 0);
	assert_true(sgn_rdata_compare((const uint8_t *)"ab", 2, (const uint8_t *)"abc", 3) < 0);
	assert_true(sgn_rdata_compare((const uint8_t *)"abc", 3, (const uint8_t *)"ab", 2) > 0);
	assert_true(sgn_rdata_compare((const uint8_t *)"\x01", 1, (const uint8_t *)"\x80", 1) < 0);
	assert_true(sgn_rdata_compare((const uint8_t *)"b", 1, (const uint8_t *)"ab", 2) > 0);
	assert_int_equal(sgn_rdata_compare(NULL, 0, NULL, 0), 0);
}

static void sort_unique_orders_and_removes_duplicates(void **state)
{
	(void)state;
	sgn_rdata_t r[] = {
		{ (const uint8_t *)"\xc0\x00\x02\x02", 4 },
		{ (const uint8_t *)"\xc0\x00\x02\x01", 4 },
		{ (const uint8_t *)"\xc0\x00\x02\x02", 4 },
		{ (const uint8_t *)"\x0a\x00\x00\x01", 4 },
		{ (const uint8_t *)"\xc0\x00\x02\x01", 4 },
		{ (const uint8_t *)"\xc0\x00\x02\x02", 4 },
	};
	size_t n = 6;
	sgn_rdata_sort_unique(r, &n);
	assert_int_equal(n, 3);
	assert_memory_equal(r[0].data, "\x0a\x00\x00\x01", 4);
	assert_memory_equal(r[1].data, "\xc0\x00\x02\x01", 4);
	assert_memory_equal(r[2].data, "\xc0\x00\x02\x02", 4);
}

static void sort_unique_puts_a_prefix_first_and_keeps_distinct_lengths(void **state)
{
	(void)state;
	sgn_rdata_t r[] = {
		{ (const uint8_t *)"\x02hi\x01x", 5 },
		{ (const uint8_t *)"\x02hi", 3 },
		{ (const uint8_t *)"\x02hi\x01x", 5 },
		{ (const uint8_t *)"", 0 },
	};
	size_t n = 4;
	sgn_rdata_sort_unique(r, &n);
	assert_int_equal(n, 3);
	assert_int_equal(r[0].len, 0);
	assert_int_equal(r[1].len, 3);
	assert_int_equal(r[2].len, 5);
}

static void sort_unique_handles_zero_and_one_entries(void **state)
{
	(void)state;
	sgn_rdata_t r[1] = { { (const uint8_t *)"\x01", 1 } };
	size_t n = 0;
	sgn_rdata_sort_unique(r, &n);
	assert_int_equal(n, 0);
	n = 1;
	sgn_rdata_sort_unique(r, &n);
	assert_int_equal(n, 1);
	assert_memory_equal(r[0].data, "\x01", 1);
}

static void sort_unique_treats_case_variants_as_duplicates_once_canonical(void **state)
{
	(void)state;
	/* RFC 6840 §5.1: "NS.example." and "ns.example." are the same RR after canonicalisation */
	th_rrset_t s;
	th_rrset_from_text(&s, "example.", SGN_TYPE_NS, 3600, "NS.Example.", "ns.example.",
	                   "ns2.example.", NULL);
	assert_int_equal(s.set.count, 2);
	assert_memory_equal(s.set.rdata[0].data, "\2ns\7example", 12);
	assert_memory_equal(s.set.rdata[1].data, "\3ns2\7example", 13);
	th_rrset_release(&s);
}

/* -- type mnemonics -- */

static void type_mnemonics_map_both_ways(void **state)
{
	(void)state;
	char buf[SGN_TYPE_STR_MAX];
	uint16_t t = 0;
	assert_string_equal(sgn_type_to_str(buf, SGN_TYPE_AAAA), "AAAA");
	assert_string_equal(sgn_type_to_str(buf, SGN_TYPE_NSEC3PARAM), "NSEC3PARAM");
	assert_string_equal(sgn_type_to_str(buf, SGN_TYPE_TSIG), "TSIG");
	assert_string_equal(sgn_type_to_str(buf, 65280), "TYPE65280");
	assert_string_equal(sgn_type_to_str(buf, 0), "TYPE0");
	assert_int_equal(sgn_type_from_str(&t, "aaaa"), SGN_OK);
	assert_int_equal(t, SGN_TYPE_AAAA);
	assert_int_equal(sgn_type_from_str(&t, "Rrsig"), SGN_OK);
	assert_int_equal(t, SGN_TYPE_RRSIG);
	assert_int_equal(sgn_type_from_str(&t, "TYPE1"), SGN_OK);
	assert_int_equal(t, SGN_TYPE_A);
	assert_int_equal(sgn_type_from_str(&t, "type65535"), SGN_OK);
	assert_int_equal(t, 65535);
	assert_int_equal(sgn_type_from_str(&t, "TYPE65536"), SGN_ENOTFOUND);
	assert_int_equal(sgn_type_from_str(&t, "TYPE"), SGN_ENOTFOUND);
	assert_int_equal(sgn_type_from_str(&t, "TYPE1x"), SGN_ENOTFOUND);
	assert_int_equal(sgn_type_from_str(&t, "AAAAA"), SGN_ENOTFOUND);
	assert_int_equal(sgn_type_from_str(&t, ""), SGN_ENOTFOUND);
}

static void type_every_number_round_trips_through_its_mnemonic(void **state)
{
	(void)state;
	for (unsigned type = 0; type <= 65535; type++) {
		char buf[SGN_TYPE_STR_MAX];
		uint16_t back = 0;
		sgn_type_to_str(buf, (uint16_t)type);
		if (sgn_type_from_str(&back, buf) != SGN_OK || back != type) {
			fail_msg("type %u printed as '%s' reads back as %u", type, buf, back);
		}
	}
}

static void type_is_meta_for_question_only_types(void **state)
{
	(void)state;
	assert_true(sgn_type_is_meta(SGN_TYPE_OPT));
	assert_true(sgn_type_is_meta(SGN_TYPE_ANY));
	assert_true(sgn_type_is_meta(SGN_TYPE_AXFR));
	assert_true(sgn_type_is_meta(SGN_TYPE_TSIG));
	assert_true(sgn_type_is_meta(0));
	assert_false(sgn_type_is_meta(SGN_TYPE_A));
	assert_false(sgn_type_is_meta(SGN_TYPE_RRSIG));
	assert_false(sgn_type_is_meta(257));
	assert_false(sgn_type_is_meta(127));
}

/* -- parsed views -- */

static void views_parse_the_dnssec_types(void **state)
{
	(void)state;
	sgn_buf_t k = rd(SGN_TYPE_DNSKEY, "257 3 15 l02Woi0iS8Aa25FQkUd9RMzZHJpBoRQwAQEX1SxZJA4=");
	sgn_dnskey_view_t dk;
	assert_int_equal(sgn_dnskey_parse(&dk, k.data, k.len), SGN_OK);
	assert_int_equal(dk.flags, 257);
	assert_int_equal(dk.protocol, 3);
	assert_int_equal(dk.algorithm, 15);
	assert_int_equal(dk.pubkey_len, 32);
	assert_ptr_equal(dk.pubkey, k.data + 4);
	assert_int_equal(sgn_dnskey_parse(&dk, k.data, 3), SGN_EPARSE);

	sgn_buf_t d = rd(SGN_TYPE_DS, "60485 5 1 2BB183AF5F22588179A53B0A98631FAD1A292118");
	sgn_ds_view_t dv;
	assert_int_equal(sgn_ds_parse(&dv, d.data, d.len), SGN_OK);
	assert_int_equal(dv.key_tag, 60485);
	assert_int_equal(dv.algorithm, 5);
	assert_int_equal(dv.digest_type, 1);
	assert_int_equal(dv.digest_len, 20);
	assert_int_equal(dv.digest[0], 0x2b);
	assert_int_equal(sgn_ds_parse(&dv, d.data, 3), SGN_EPARSE);

	sgn_buf_t s = rd(SGN_TYPE_RRSIG, "MX 15 2 3600 20150819220000 20150729220000 3613 "
	                                 "example.com. AAECAw==");
	sgn_rrsig_view_t sv;
	assert_int_equal(sgn_rrsig_parse(&sv, s.data, s.len), SGN_OK);
	assert_int_equal(sv.type_covered, SGN_TYPE_MX);
	assert_int_equal(sv.algorithm, 15);
	assert_int_equal(sv.labels, 2);
	assert_int_equal(sv.original_ttl, 3600);
	assert_int_equal(sv.expiration, 1440021600);
	assert_int_equal(sv.inception, 1438207200);
	assert_int_equal(sv.key_tag, 3613);
	assert_memory_equal(sv.signer, "\7example\3com", 13);
	assert_int_equal(sv.prefix_len, 18 + 13);
	assert_int_equal(sv.signature_len, 4);
	assert_memory_equal(sv.signature, "\0\1\2\3", 4);
	assert_int_equal(sgn_rrsig_parse(&sv, s.data, 25), SGN_EPARSE); /* signer cut */

	sgn_buf_t p = rd(SGN_TYPE_NSEC3PARAM, "1 0 12 aabbccdd");
	sgn_nsec3param_view_t pv;
	assert_int_equal(sgn_nsec3param_parse(&pv, p.data, p.len), SGN_OK);
	assert_int_equal(pv.hash_alg, 1);
	assert_int_equal(pv.flags, 0);
	assert_int_equal(pv.iterations, 12);
	assert_int_equal(pv.salt_len, 4);
	assert_memory_equal(pv.salt, "\xaa\xbb\xcc\xdd", 4);
	assert_int_equal(sgn_nsec3param_parse(&pv, p.data, p.len - 1), SGN_EPARSE);

	sgn_buf_release(&k);
	sgn_buf_release(&d);
	sgn_buf_release(&s);
	sgn_buf_release(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(canonicalize_lowercases_names_in_rfc4034_types),
		cmocka_unit_test(canonicalize_keeps_case_in_nsec_and_rrsig),
		cmocka_unit_test(canonicalize_leaves_text_and_opaque_data_alone),
		cmocka_unit_test(canonicalize_rejects_malformed_rdata),
		cmocka_unit_test(rdata_check_fixed_sizes_are_exact),
		cmocka_unit_test(rdata_check_names_must_be_complete_and_uncompressed),
		cmocka_unit_test(rdata_check_validates_type_bitmaps),
		cmocka_unit_test(type_bitmaps_are_built_per_rfc4034),
		cmocka_unit_test(rdata_check_character_strings_stay_in_bounds),
		cmocka_unit_test(rdata_check_accepts_unknown_types_as_opaque),
		cmocka_unit_test(rdata_check_dnssec_types_need_their_fixed_fields),
		cmocka_unit_test(rdata_compare_is_octet_order_shorter_first),
		cmocka_unit_test(sort_unique_orders_and_removes_duplicates),
		cmocka_unit_test(sort_unique_puts_a_prefix_first_and_keeps_distinct_lengths),
		cmocka_unit_test(sort_unique_handles_zero_and_one_entries),
		cmocka_unit_test(sort_unique_treats_case_variants_as_duplicates_once_canonical),
		cmocka_unit_test(type_mnemonics_map_both_ways),
		cmocka_unit_test(type_every_number_round_trips_through_its_mnemonic),
		cmocka_unit_test(type_is_meta_for_question_only_types),
		cmocka_unit_test(views_parse_the_dnssec_types),
	};
	return cmocka_run_group_tests_name("rdata", tests, NULL, NULL);
}
