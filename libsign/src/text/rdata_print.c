/* SPDX-License-Identifier: MIT */
/* RDATA and RRs in wire form to presentation format: the RDATA descriptor table for the
 * types libsign knows, ldns for the long tail when its text reads back to the same bytes,
 * and RFC 3597 "\# len hex" for everything else. */
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>
#include <libsign/time.h>

#include "../wire/name_internal.h"
#include "../wire/rdesc.h"
#include "text_internal.h"

/* -- wire to text --
 * The text of a record is written into room made once for the longest text its fields
 * can have (field_text_max): one growth check per record, not one per piece; printing is
 * on the signer's hot path, beside the signatures. */

static char *put_bytes(char *p, const void *s, size_t len)
{
	memcpy(p, s, len);
	return p + len;
}

/* Decimal without printf: the digits counted, then written from the right two at a time. */
static char *put_uint(char *p, uint32_t v)
{
	static const uint32_t tens[9] = { 10, 100, 1000, 10000, 100000, 1000000, 10000000,
		                          100000000, 1000000000 };
	size_t n = 1;
	while (n < 10 && v >= tens[n - 1]) {
		n++;
	}
	char *q = p + n;
	for (; v >= 100; v /= 100) {
		q -= 2;
		memcpy(q, sgn__digit_pairs + 2 * (v % 100), 2);
	}
	if (v >= 10) {
		memcpy(q - 2, sgn__digit_pairs + 2 * v, 2);
	} else {
		q[-1] = (char)('0' + v);
	}
	return p + n;
}

/* The mnemonics of the types below 256 and their lengths, made once from
 * sgn_type_to_str(): every RRSIG and NSEC line names types, and a copy of a fixed size
 * costs less than looking a type up and measuring its name. */
static struct {
	char text[SGN_TYPE_STR_MAX];
	size_t len;
} mnemonics[256];
static pthread_once_t mnemonics_once = PTHREAD_ONCE_INIT;

static void mnemonics_make(void)
{
	for (unsigned t = 0; t < 256; t++) {
		mnemonics[t].len = strlen(sgn_type_to_str(mnemonics[t].text, (uint16_t)t));
	}
}

/* A type's mnemonic; writes up to SGN_TYPE_STR_MAX bytes at @p p whatever its length. */
static char *put_type(char *p, uint16_t type)
{
	if (type >= 256) {
		return p + strlen(sgn_type_to_str(p, type));
	}
	pthread_once(&mnemonics_once, mnemonics_make);
	memcpy(p, mnemonics[type].text, SGN_TYPE_STR_MAX);
	return p + mnemonics[type].len;
}

static char *put_ipv4(char *p, const uint8_t *a)
{
	for (int i = 0; i < 4; i++) {
		if (i > 0) {
			*p++ = '.';
		}
		p = put_uint(p, a[i]);
	}
	return p;
}

/* An IPv6 address as inet_ntop() writes it (the text zone files have always held): the
 * 16-bit groups in lower-case hex without leading zeros, the first longest run of two or
 * more zero groups as "::", and the last 32 bits as IPv4 after ::ffff: or :: followed by
 * a non-zero group. Written here because inet_ntop() goes through sprintf for every
 * group. */
static char *put_ipv6(char *p, const uint8_t *a)
{
	static const char hex[] = "0123456789abcdef";
	unsigned w[8];
	int best = -1, best_len = 0;
	for (int i = 0, run = 0; i < 8; i++) {
		w[i] = (unsigned)a[2 * i] << 8 | a[2 * i + 1];
		run = w[i] == 0 ? run + 1 : 0;
		if (run > best_len) {
			best = i - run + 1;
			best_len = run;
		}
	}
	if (best_len < 2) {
		best = -1;
	}
	for (int i = 0; i < 8; i++) {
		if (best >= 0 && i >= best && i < best + best_len) {
			if (i == best) {
				*p++ = ':';
			}
			continue;
		}
		if (i > 0) {
			*p++ = ':';
		}
		if (i == 6 && best == 0 && (best_len == 6 || (best_len == 5 && w[5] == 0xffff))) {
			return put_ipv4(p, a + 12);
		}
		for (int shift = w[i] >= 0x1000 ? 12 : w[i] >= 0x100 ? 8 : w[i] >= 0x10 ? 4 : 0;
		     shift >= 0; shift -= 4) {
			*p++ = hex[(w[i] >> shift) & 15];
		}
	}
	if (best >= 0 && best + best_len == 8) {
		*p++ = ':';
	}
	return p;
}

/* A <character-string> in quotes, with \" \\ and \DDD for the rest that is not printable. */
static char *put_string(char *p, const uint8_t *s, size_t len)
{
	*p++ = '"';
	for (size_t i = 0; i < len; i++) {
		uint8_t c = s[i];
		if (c == '"' || c == '\\') {
			*p++ = '\\';
			*p++ = (char)c;
		} else if (c < 0x20 || c >= 0x7f) {
			*p++ = '\\';
			*p++ = (char)('0' + c / 100);
			*p++ = (char)('0' + c / 10 % 10);
			*p++ = (char)('0' + c % 10);
		} else {
			*p++ = (char)c;
		}
	}
	*p++ = '"';
	return p;
}

/* A CAA tag as the bare word RFC 8659 §4.1.1 defines (letters and digits); anything else,
 * which a conforming tag never holds, quoted so that it still reads back. */
static char *put_tag(char *p, const uint8_t *s, size_t len)
{
	bool word = len > 0;
	for (size_t i = 0; i < len && word; i++) {
		uint8_t c = s[i];
		word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}
	return word ? put_bytes(p, s, len) : put_string(p, s, len);
}

static char *put_bitmap(char *p, const uint8_t *bm, size_t len)
{
	char *start = p;
	for (size_t i = 0; i + 2 <= len; i += 2 + (size_t)bm[i + 1]) {
		unsigned window = bm[i], blen = bm[i + 1];
		for (unsigned j = 0; j < blen; j++) {
			/* The set bits from the left (the lowest type first), skipping the clear ones. */
			for (unsigned octet = bm[i + 2 + j]; octet != 0;) {
				unsigned b = (unsigned)__builtin_clz(octet) - (8 * sizeof(unsigned) - 8);
				octet &= ~(0x80u >> b);
				if (p != start) {
					*p++ = ' ';
				}
				p = put_type(p, (uint16_t)(window * 256 + j * 8 + b));
			}
		}
	}
	return p;
}

/* The longest text a field of @p kind with the @p len wire bytes at @p rdata + @p at can
 * print as, with the NUL that some printers below write after it. (An offset, not a
 * pointer: empty RDATA may come as NULL.) */
static size_t field_text_max(uint8_t kind, const uint8_t *rdata, size_t at, size_t len)
{
	size_t bits = 0;
	switch (kind) {
	case SGN_F_NAME:
	case SGN_F_NAME_KEEP:
		return 4 * len + 1; /* \DDD at most per octet, a dot per length octet ("." alone) */
	case SGN_F_TYPE:
		return SGN_TYPE_STR_MAX;
	case SGN_F_TIME:
		return SGN_TIME_STR_MAX;
	case SGN_F_IPV4:
	case SGN_F_IPV6:
		return INET6_ADDRSTRLEN;
	case SGN_F_STR:
	case SGN_F_TAG:
	case SGN_F_TEXT:
		return 4 * len + 2;
	case SGN_F_STRS:
		return 7 * len; /* a length octet: two quotes and a blank; the others \DDD at most */
	case SGN_F_B64:
		return SGN_BASE64_LEN(len) + 1;
	case SGN_F_HEX:
	case SGN_F_SALT:
		return 2 * len + 1;
	case SGN_F_B32HEX:
		return SGN_BASE32HEX_LEN(len) + 1;
	case SGN_F_BITMAP:
		for (size_t i = 0; i < len; i++) {
			for (unsigned octet = rdata[at + i]; octet != 0; octet &= octet - 1) {
				bits++; /* window and length octets too: a bound */
			}
		}
		return bits * (1 + SGN_TYPE_STR_MAX); /* a blank and a type (put_type()) */
	default:
		return 10; /* the integers */
	}
}

/* Print one field at @p p, which has field_text_max() bytes of room; the end of its text,
 * NULL for a kind without a printer (sgn__rdata_split() checked the names already). */
static char *put_field(char *p, uint8_t kind, const uint8_t *f, size_t len)
{
	switch (kind) {
	case SGN_F_NAME:
	case SGN_F_NAME_KEEP:
		return p + sgn__name_text(p, f);
	case SGN_F_U8:
	case SGN_F_ALG:
		return put_uint(p, f[0]);
	case SGN_F_U16:
		return put_uint(p, sgn__get16(f));
	case SGN_F_U32:
	case SGN_F_TTL:
		return put_uint(p, sgn__get32(f));
	case SGN_F_TYPE:
		return put_type(p, sgn__get16(f));
	case SGN_F_TIME:
		return p + strlen(sgn_time_to_str(p, sgn__get32(f)));
	case SGN_F_IPV4:
		return put_ipv4(p, f);
	case SGN_F_IPV6:
		return put_ipv6(p, f);
	case SGN_F_STR:
		return put_string(p, f + 1, f[0]);
	case SGN_F_TAG:
		return put_tag(p, f + 1, f[0]);
	case SGN_F_STRS:
		for (size_t i = 0; i < len; i += 1 + (size_t)f[i]) {
			if (i > 0) {
				*p++ = ' ';
			}
			p = put_string(p, f + i + 1, f[i]);
		}
		return p;
	case SGN_F_TEXT:
		return put_string(p, f, len);
	case SGN_F_B64:
		return p + sgn__base64_put(p, f, len);
	case SGN_F_HEX:
		return p + sgn__hex_put(p, f, len, true);
	case SGN_F_BITMAP:
		return put_bitmap(p, f, len);
	case SGN_F_SALT:
		return f[0] == 0 ? put_bytes(p, "-", 1) : p + sgn__hex_put(p, f + 1, f[0], true);
	case SGN_F_B32HEX:
		return p + sgn__base32hex_put(p, f + 1, f[0]);
	default:
		return NULL;
	}
}

static sgn_err_t print_generic(sgn_buf_t *out, const uint8_t *rdata, size_t len)
{
	sgn_err_t err = sgn__buf_printf(out, "\\# %zu", len);
	if (err == SGN_OK && len > 0) {
		err = sgn_buf_reserve(out, 2 * len + 2);
	}
	if (err == SGN_OK && len > 0) {
		out->data[out->len++] = ' ';
		out->len += sgn__hex_put((char *)out->data + out->len, rdata, len, true);
	}
	return err;
}

/* Does ldns read @p text back into exactly @p rdata? */
static bool ldns_text_reads_back(uint16_t type, const char *text, const uint8_t *rdata,
                                 size_t len)
{
	static const uint8_t root[1] = { 0 };
	sgn_buf_t back;
	sgn_buf_init(&back);
	/* Through the zone text reader, which tokenizes first: what a zone file gets. */
	bool same = sgn_rdata_from_str(&back, type, text, root, NULL) == SGN_OK &&
	            back.len == len && memcmp(back.data, rdata, len) == 0;
	sgn_buf_release(&back);
	return same;
}

static sgn_err_t rdata_to_str(sgn_buf_t *out, const struct sgn__rdesc *d, uint16_t type,
                              const uint8_t *rdata, size_t len);

/* Room for @p n more bytes; the check inline, since it runs for every piece of a line. */
static sgn_err_t room_for(sgn_buf_t *out, size_t n)
{
	return out->cap - out->len >= n ? SGN_OK : sgn_buf_reserve(out, n);
}

sgn_err_t sgn_rdata_to_str(sgn_buf_t *out, uint16_t type, const uint8_t *rdata, size_t len)
{
	/* NUL-terminated even when nothing was printed (an empty key or digest). */
	sgn_err_t err = rdata_to_str(out, sgn__rdesc_find(type), type, rdata, len);
	if (err == SGN_OK) {
		err = room_for(out, 1);
	}
	if (err == SGN_OK) {
		out->data[out->len] = '\0';
	}
	return err;
}

/* The text of @p rdata of @p type, whose descriptor is @p d (NULL: none). */
static sgn_err_t rdata_to_str(sgn_buf_t *out, const struct sgn__rdesc *d, uint16_t type,
                              const uint8_t *rdata, size_t len)
{
	size_t off[SGN__RDESC_FIELDS + 1];
	if (d == NULL) {
		/* Empty RDATA: ldns prints nothing, which no reader takes back; RFC 3597 §5 "\# 0"
		 * is valid for every type. A layout libsign knows to be malformed never reaches
		 * ldns's printer (which may abort on it), and ldns's text must read back to the
		 * same bytes, else the RFC 3597 form is the only faithful one. */
		size_t start = out->len;
		if (len > 0 && sgn_rdata_check(type, rdata, len) == SGN_OK &&
		    sgn__ldns_rdata_to_str(out, type, rdata, len) == SGN_OK &&
		    ldns_text_reads_back(type, (const char *)out->data + start, rdata, len)) {
			return SGN_OK;
		}
		out->len = start;
		return print_generic(out, rdata, len);
	}
	int n = sgn__rdata_split(d, rdata, len, off);
	if (n < 0) {
		return print_generic(out, rdata, len); /* malformed: still printable losslessly */
	}
	size_t room = 1;
	for (int i = 0; i < n; i++) {
		room += 1 + field_text_max(d->fields[i], rdata, off[i], off[i + 1] - off[i]);
	}
	sgn_err_t err = room_for(out, room);
	if (err != SGN_OK) {
		return err;
	}
	char *start = (char *)out->data + out->len, *p = start;
	for (int i = 0; p != NULL && i < n; i++) {
		size_t flen = off[i + 1] - off[i];
		if (flen == 0 && sgn__field_takes_rest(d->fields[i]) && d->fields[i] != SGN_F_BITMAP) {
			continue; /* empty key or digest: print nothing */
		}
		if (i > 0 && !(flen == 0 && d->fields[i] == SGN_F_BITMAP)) {
			*p++ = ' ';
		}
		p = put_field(p, d->fields[i], rdata + off[i], flen);
	}
	if (p == NULL) {
		return SGN_EINVAL;
	}
	out->len += (size_t)(p - start);
	return SGN_OK;
}

void sgn__rr_head_owner(struct sgn__rr_head *h, const uint8_t *owner)
{
	h->owner_len = sgn__name_text(h->text, owner);
	h->len = h->owner_len;
	h->type_at = 0;
}

void sgn__rr_head_set(struct sgn__rr_head *h, uint32_t ttl, uint16_t rclass, uint16_t type)
{
	/* The RRSIGs after an RRset, and most RRsets of a name, keep its TTL and class. */
	if (h->type_at == 0 || ttl != h->ttl || rclass != h->rclass) {
		char cbuf[16];
		const char *cls = sgn__class_to_str(rclass, cbuf);
		char *p = h->text + h->owner_len;
		*p++ = '\t';
		p = put_uint(p, ttl);
		*p++ = '\t';
		p = put_bytes(p, cls, strlen(cls));
		*p++ = '\t';
		h->type_at = (size_t)(p - h->text);
		h->ttl = ttl;
		h->rclass = rclass;
	}
	char *p = put_type(h->text + h->type_at, type);
	*p++ = '\t';
	h->len = (size_t)(p - h->text);
	h->type = type;
	h->desc = sgn__rdesc_find(type);
}

sgn_err_t sgn__rr_text(sgn_buf_t *out, const struct sgn__rr_head *h, const uint8_t *rdata,
                       size_t len, bool newline)
{
	sgn_err_t err = room_for(out, h->len);
	if (err == SGN_OK) {
		memcpy(out->data + out->len, h->text, h->len);
		out->len += h->len;
		err = rdata_to_str(out, h->desc, h->type, rdata, len);
	}
	if (err == SGN_OK) {
		err = room_for(out, 2);
	}
	if (err == SGN_OK) {
		if (newline) {
			out->data[out->len++] = '\n';
		}
		out->data[out->len] = '\0';
	}
	return err;
}

sgn_err_t sgn_rr_to_str(sgn_buf_t *out, const sgn_rr_t *rr)
{
	struct sgn__rr_head h;
	if (sgn_name_len(rr->owner, SGN_NAME_MAX) == 0) {
		return SGN_EPARSE;
	}
	sgn__rr_head_owner(&h, rr->owner);
	sgn__rr_head_set(&h, rr->ttl, rr->rclass, rr->type);
	return sgn__rr_text(out, &h, rr->rdata, rr->rdlen, false);
}
