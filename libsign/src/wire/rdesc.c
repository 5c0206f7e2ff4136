/* SPDX-License-Identifier: MIT */
/* The RDATA descriptor table and type mnemonics. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/rr.h>

#include "rdesc.h"

#define F(...) { __VA_ARGS__, SGN_F_END }

/* Sorted by type number. Names lower-cased per RFC 4034 §6.2 item 3 (NS, MD, MF, CNAME,
 * SOA, MB, MG, MR, PTR, MINFO, MX, RP, AFSDB, RT, SIG, PX, NXT, NAPTR, KX, SRV, DNAME;
 * HINFO has no names; A6 is historic, RFC 6563) except NSEC and RRSIG (RFC 6840 §5.1). */
static const struct sgn__rdesc rdesc_table[] = {
	{ 1, "A", F(SGN_F_IPV4) },
	{ 2, "NS", F(SGN_F_NAME) },
	{ 3, "MD", F(SGN_F_NAME) },
	{ 4, "MF", F(SGN_F_NAME) },
	{ 5, "CNAME", F(SGN_F_NAME) },
	{ 6, "SOA", F(SGN_F_NAME, SGN_F_NAME, SGN_F_U32, SGN_F_TTL, SGN_F_TTL, SGN_F_TTL, SGN_F_TTL) },
	{ 7, "MB", F(SGN_F_NAME) },
	{ 8, "MG", F(SGN_F_NAME) },
	{ 9, "MR", F(SGN_F_NAME) },
	{ 12, "PTR", F(SGN_F_NAME) },
	{ 13, "HINFO", F(SGN_F_STR, SGN_F_STR) },
	{ 14, "MINFO", F(SGN_F_NAME, SGN_F_NAME) },
	{ 15, "MX", F(SGN_F_U16, SGN_F_NAME) },
	{ 16, "TXT", F(SGN_F_STRS) },
	{ 17, "RP", F(SGN_F_NAME, SGN_F_NAME) },
	{ 18, "AFSDB", F(SGN_F_U16, SGN_F_NAME) },
	{ 21, "RT", F(SGN_F_U16, SGN_F_NAME) },
	{ 24, "SIG", F(SGN_F_TYPE, SGN_F_ALG, SGN_F_U8, SGN_F_TTL, SGN_F_TIME, SGN_F_TIME, SGN_F_U16,
	               SGN_F_NAME, SGN_F_B64) },
	{ 25, "KEY", F(SGN_F_U16, SGN_F_U8, SGN_F_ALG, SGN_F_B64) },
	{ 26, "PX", F(SGN_F_U16, SGN_F_NAME, SGN_F_NAME) },
	{ 28, "AAAA", F(SGN_F_IPV6) },
	{ 30, "NXT", F(SGN_F_NAME, SGN_F_HEX) },
	{ 33, "SRV", F(SGN_F_U16, SGN_F_U16, SGN_F_U16, SGN_F_NAME) },
	{ 35, "NAPTR", F(SGN_F_U16, SGN_F_U16, SGN_F_STR, SGN_F_STR, SGN_F_STR, SGN_F_NAME) },
	{ 36, "KX", F(SGN_F_U16, SGN_F_NAME) },
	{ 39, "DNAME", F(SGN_F_NAME) },
	{ 43, "DS", F(SGN_F_U16, SGN_F_ALG, SGN_F_U8, SGN_F_HEX) },
	{ 44, "SSHFP", F(SGN_F_U8, SGN_F_U8, SGN_F_HEX) },
	{ 46, "RRSIG", F(SGN_F_TYPE, SGN_F_ALG, SGN_F_U8, SGN_F_TTL, SGN_F_TIME, SGN_F_TIME,
	                 SGN_F_U16, SGN_F_NAME_KEEP, SGN_F_B64) },
	{ 47, "NSEC", F(SGN_F_NAME_KEEP, SGN_F_BITMAP) },
	{ 48, "DNSKEY", F(SGN_F_U16, SGN_F_U8, SGN_F_ALG, SGN_F_B64) },
	{ 49, "DHCID", F(SGN_F_B64) },
	{ 50, "NSEC3", F(SGN_F_U8, SGN_F_U8, SGN_F_U16, SGN_F_SALT, SGN_F_B32HEX, SGN_F_BITMAP) },
	{ 51, "NSEC3PARAM", F(SGN_F_U8, SGN_F_U8, SGN_F_U16, SGN_F_SALT) },
	{ 52, "TLSA", F(SGN_F_U8, SGN_F_U8, SGN_F_U8, SGN_F_HEX) },
	{ 53, "SMIMEA", F(SGN_F_U8, SGN_F_U8, SGN_F_U8, SGN_F_HEX) },
	{ 59, "CDS", F(SGN_F_U16, SGN_F_ALG, SGN_F_U8, SGN_F_HEX) },
	{ 60, "CDNSKEY", F(SGN_F_U16, SGN_F_U8, SGN_F_ALG, SGN_F_B64) },
	{ 61, "OPENPGPKEY", F(SGN_F_B64) },
	{ 62, "CSYNC", F(SGN_F_U32, SGN_F_U16, SGN_F_BITMAP) },
	{ 63, "ZONEMD", F(SGN_F_U32, SGN_F_U8, SGN_F_U8, SGN_F_HEX) },
	{ 99, "SPF", F(SGN_F_STRS) },
	{ 256, "URI", F(SGN_F_U16, SGN_F_U16, SGN_F_TEXT) },
	{ 257, "CAA", F(SGN_F_U8, SGN_F_TAG, SGN_F_TEXT) },
};

/* Types without a descriptor that still have a mnemonic (data handled as opaque). */
static const struct {
	uint16_t type;
	const char *name;
} other_types[] = {
	{ 10, "NULL" }, { 11, "WKS" }, { 19, "X25" }, { 20, "ISDN" }, { 22, "NSAP" },
	{ 23, "NSAP-PTR" }, { 27, "GPOS" }, { 29, "LOC" }, { 31, "EID" }, { 32, "NIMLOC" },
	{ 34, "ATMA" }, { 37, "CERT" }, { 38, "A6" }, { 40, "SINK" }, { 41, "OPT" }, { 42, "APL" },
	{ 45, "IPSECKEY" }, { 55, "HIP" }, { 64, "SVCB" }, { 65, "HTTPS" }, { 104, "NID" },
	{ 105, "L32" }, { 106, "L64" }, { 107, "LP" }, { 108, "EUI48" }, { 109, "EUI64" },
	{ 249, "TKEY" }, { 250, "TSIG" }, { 251, "IXFR" }, { 252, "AXFR" }, { 253, "MAILB" },
	{ 254, "MAILA" }, { 255, "ANY" }, { 32769, "DLV" },
};

const struct sgn__rdesc *sgn__rdesc_find(uint16_t type)
{
	size_t lo = 0, hi = ARRAY_LEN(rdesc_table);
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (rdesc_table[mid].type == type) {
			return &rdesc_table[mid];
		}
		if (rdesc_table[mid].type < type) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return NULL;
}

static bool same_first(const char *a, const char *b)
{
	return (a[0] & ~0x20) == (b[0] & ~0x20); /* ASCII letters only in type names */
}

const struct sgn__rdesc *sgn__rdesc_find_name(const char *name)
{
	for (size_t i = 0; i < ARRAY_LEN(rdesc_table); i++) {
		if (same_first(rdesc_table[i].name, name) && strcasecmp(rdesc_table[i].name, name) == 0) {
			return &rdesc_table[i];
		}
	}
	return NULL;
}

const char *sgn_type_to_str(char *buf, uint16_t type)
{
	const struct sgn__rdesc *d = sgn__rdesc_find(type);
	if (d != NULL) {
		return strcpy(buf, d->name);
	}
	for (size_t i = 0; i < ARRAY_LEN(other_types); i++) {
		if (other_types[i].type == type) {
			snprintf(buf, SGN_TYPE_STR_MAX, "%s", other_types[i].name);
			return buf;
		}
	}
	snprintf(buf, SGN_TYPE_STR_MAX, "TYPE%u", (unsigned)type);
	return buf;
}

sgn_err_t sgn_type_from_str(uint16_t *type, const char *str)
{
	const struct sgn__rdesc *d = sgn__rdesc_find_name(str);
	if (d != NULL) {
		*type = d->type;
		return SGN_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(other_types); i++) {
		if (strcasecmp(other_types[i].name, str) == 0) {
			*type = other_types[i].type;
			return SGN_OK;
		}
	}
	if (strncasecmp(str, "TYPE", 4) == 0 && str[4] >= '0' && str[4] <= '9') {
		char *end;
		unsigned long v = strtoul(str + 4, &end, 10);
		if (*end == '\0' && v <= 65535) {
			*type = (uint16_t)v;
			return SGN_OK;
		}
	}
	return SGN_ENOTFOUND;
}

bool sgn_type_is_meta(uint16_t type)
{
	/* RFC 6895 §3.1: OPT, and the QTYPE range 128-255 */
	return type == 0 || type == SGN_TYPE_OPT || (type >= 128 && type <= 255);
}

bool sgn__bitmap_is_valid(const uint8_t *p, size_t len)
{
	int last_window = -1;
	size_t i = 0;
	while (i < len) {
		if (len - i < 2) {
			return false;
		}
		unsigned window = p[i], blen = p[i + 1];
		if ((int)window <= last_window || blen < 1 || blen > 32 || len - i - 2 < blen ||
		    p[i + 1 + blen] == 0) {
			return false;
		}
		last_window = (int)window;
		i += 2 + blen;
	}
	return true;
}

size_t sgn__bitmap_build(const uint16_t *types, size_t n, uint8_t *out)
{
	/* Every NSEC and NSEC3 record is made here: clear and walk only the windows the types
	 * use (nearly always window 0 alone), not all 256 of them (8 KB per call). */
	uint8_t used[256] = { 0 }; /* bytes of each window in use; 0: not used */
	uint8_t bits[256][32];
	unsigned lo = 256, hi = 0;
	for (size_t i = 0; i < n; i++) {
		unsigned w = types[i] >> 8, b = types[i] & 0xff;
		if (used[w] == 0) {
			memset(bits[w], 0, sizeof(bits[w]));
			lo = SGN_MIN(lo, w);
			hi = SGN_MAX(hi, w);
		}
		bits[w][b / 8] |= (uint8_t)(0x80 >> (b % 8));
		if (used[w] < b / 8 + 1) {
			used[w] = (uint8_t)(b / 8 + 1);
		}
	}
	size_t len = 0;
	for (unsigned w = lo; w <= hi; w++) {
		if (used[w] > 0) {
			out[len++] = (uint8_t)w;
			out[len++] = used[w];
			memcpy(out + len, bits[w], used[w]);
			len += used[w];
		}
	}
	return len;
}

size_t sgn__bitmap_types(const uint8_t *p, size_t len, uint16_t *types)
{
	size_t n = 0;
	for (size_t i = 0; i + 2 <= len;) {
		unsigned w = p[i], blen = p[i + 1];
		for (unsigned b = 0; b < blen * 8 && i + 2 + b / 8 < len; b++) {
			if (p[i + 2 + b / 8] & (0x80 >> (b % 8))) {
				types[n++] = (uint16_t)(w * 256 + b);
			}
		}
		i += 2 + blen;
	}
	return n;
}

bool sgn__bitmap_has(const uint8_t *p, size_t len, uint16_t type)
{
	unsigned w = type >> 8, b = type & 0xff;
	for (size_t i = 0; i + 2 <= len;) {
		unsigned blen = p[i + 1];
		if (p[i] == w) {
			return b / 8 < blen && i + 2 + b / 8 < len && (p[i + 2 + b / 8] & (0x80 >> (b % 8)));
		}
		i += 2 + blen;
	}
	return false;
}
