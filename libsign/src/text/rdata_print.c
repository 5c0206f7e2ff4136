/* SPDX-License-Identifier: MIT */
/* RDATA and RRs in wire form to presentation format: the RDATA descriptor table for the
 * types libsign knows, ldns for the long tail when its text reads back to the same bytes,
 * and RFC 3597 "\# len hex" for everything else. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>
#include <libsign/time.h>

#include "../wire/rdesc.h"
#include "text_internal.h"

/* -- wire to text -- */

/* Decimal without printf: printing is on the signer's hot path. */
static sgn_err_t print_uint(sgn_buf_t *out, uint32_t v)
{
	char tmp[10];
	size_t n = 0;
	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v != 0);
	sgn_err_t err = sgn_buf_reserve(out, n + 1);
	if (err != SGN_OK) {
		return err;
	}
	while (n > 0) {
		out->data[out->len++] = (uint8_t)tmp[--n];
	}
	out->data[out->len] = '\0';
	return SGN_OK;
}

static sgn_err_t print_string(sgn_buf_t *out, const uint8_t *s, size_t len)
{
	sgn_err_t err = sgn__buf_puts(out, "\"");
	for (size_t i = 0; err == SGN_OK && i < len; i++) {
		uint8_t c = s[i];
		if (c == '"' || c == '\\') {
			err = sgn__buf_printf(out, "\\%c", c);
		} else if (c < 0x20 || c >= 0x7f) {
			err = sgn__buf_printf(out, "\\%03u", c);
		} else {
			err = sgn_buf_append(out, &c, 1);
		}
	}
	return err == SGN_OK ? sgn__buf_puts(out, "\"") : err;
}

/* A CAA tag as the bare word RFC 8659 §4.1.1 defines (letters and digits); anything else,
 * which a conforming tag never holds, quoted so that it still reads back. */
static sgn_err_t print_tag(sgn_buf_t *out, const uint8_t *s, size_t len)
{
	bool word = len > 0;
	for (size_t i = 0; i < len && word; i++) {
		uint8_t c = s[i];
		word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
	}
	return word ? sgn__buf_printf(out, "%.*s", (int)len, (const char *)s)
	            : print_string(out, s, len);
}

static sgn_err_t print_bitmap(sgn_buf_t *out, const uint8_t *p, size_t len)
{
	sgn_err_t err = SGN_OK;
	bool first = true;
	for (size_t i = 0; err == SGN_OK && i + 2 <= len;) {
		unsigned w = p[i], blen = p[i + 1];
		for (unsigned b = 0; err == SGN_OK && b < blen * 8; b++) {
			if (p[i + 2 + b / 8] & (0x80 >> (b % 8))) {
				char tbuf[SGN_TYPE_STR_MAX];
				err = sgn__buf_printf(out, "%s%s", first ? "" : " ",
				                      sgn_type_to_str(tbuf,
				                                      (uint16_t)(w * 256 + b)));
				first = false;
			}
		}
		i += 2 + blen;
	}
	return err;
}

static sgn_err_t print_hex(sgn_buf_t *out, const uint8_t *p, size_t len)
{
	sgn_err_t err = sgn_buf_reserve(out, 2 * len + 1);
	if (err == SGN_OK) {
		err = sgn_hex_encode((char *)out->data + out->len, 2 * len + 1, p, len, true);
		out->len += 2 * len;
	}
	return err;
}

static sgn_err_t print_field(sgn_buf_t *out, uint8_t kind, const uint8_t *p, size_t len)
{
	char tmp[SGN_NAME_STR_MAX];
	switch (kind) {
	case SGN_F_NAME:
	case SGN_F_NAME_KEEP:
		if (sgn_name_to_str(tmp, sizeof(tmp), p) != SGN_OK) {
			return SGN_EPARSE;
		}
		return sgn__buf_puts(out, tmp);
	case SGN_F_U8:
	case SGN_F_ALG:
		return print_uint(out, p[0]);
	case SGN_F_U16:
		return print_uint(out, sgn__get16(p));
	case SGN_F_U32:
	case SGN_F_TTL:
		return print_uint(out, sgn__get32(p));
	case SGN_F_TYPE:
		return sgn__buf_puts(out, sgn_type_to_str(tmp, sgn__get16(p)));
	case SGN_F_TIME:
		return sgn__buf_puts(out, sgn_time_to_str(tmp, sgn__get32(p)));
	case SGN_F_IPV4:
	case SGN_F_IPV6:
		inet_ntop(kind == SGN_F_IPV4 ? AF_INET : AF_INET6, p, tmp, sizeof(tmp));
		return sgn__buf_puts(out, tmp);
	case SGN_F_STR:
		return print_string(out, p + 1, p[0]);
	case SGN_F_TAG:
		return print_tag(out, p + 1, p[0]);
	case SGN_F_STRS: {
		sgn_err_t err = SGN_OK;
		for (size_t i = 0; err == SGN_OK && i < len; i += 1 + (size_t)p[i]) {
			if (i > 0) {
				err = sgn__buf_puts(out, " ");
			}
			if (err == SGN_OK) {
				err = print_string(out, p + i + 1, p[i]);
			}
		}
		return err;
	}
	case SGN_F_TEXT:
		return print_string(out, p, len);
	case SGN_F_B64:
		return sgn_base64_encode(out, p, len);
	case SGN_F_HEX:
		return print_hex(out, p, len);
	case SGN_F_BITMAP:
		return print_bitmap(out, p, len);
	case SGN_F_SALT:
		return p[0] == 0 ? sgn__buf_puts(out, "-") : print_hex(out, p + 1, p[0]);
	case SGN_F_B32HEX: {
		char b32[SGN_BASE32HEX_LEN(255) + 1];
		sgn_err_t err = sgn_base32hex_encode(b32, sizeof(b32), p + 1, p[0]);
		return err == SGN_OK ? sgn__buf_puts(out, b32) : err;
	}
	default:
		return SGN_EINVAL;
	}
}

static sgn_err_t print_generic(sgn_buf_t *out, const uint8_t *rdata, size_t len)
{
	sgn_err_t err = sgn__buf_printf(out, "\\# %zu", len);
	if (err == SGN_OK && len > 0) {
		err = sgn__buf_puts(out, " ");
		if (err == SGN_OK) {
			err = print_hex(out, rdata, len);
		}
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

static sgn_err_t rdata_to_str(sgn_buf_t *out, uint16_t type, const uint8_t *rdata, size_t len);

sgn_err_t sgn_rdata_to_str(sgn_buf_t *out, uint16_t type, const uint8_t *rdata, size_t len)
{
	/* NUL-terminated even when nothing was printed (an empty key or digest). */
	sgn_err_t err = rdata_to_str(out, type, rdata, len);
	if (err == SGN_OK) {
		err = sgn_buf_reserve(out, 1);
	}
	if (err == SGN_OK) {
		out->data[out->len] = '\0';
	}
	return err;
}

static sgn_err_t rdata_to_str(sgn_buf_t *out, uint16_t type, const uint8_t *rdata, size_t len)
{
	size_t off[SGN__RDESC_FIELDS + 1];
	const struct sgn__rdesc *d = sgn__rdesc_find(type);
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
	sgn_err_t err = SGN_OK;
	for (int i = 0; err == SGN_OK && i < n; i++) {
		size_t flen = off[i + 1] - off[i];
		if (flen == 0 && sgn__field_takes_rest(d->fields[i]) && d->fields[i] != SGN_F_BITMAP) {
			continue; /* empty key or digest: print nothing */
		}
		if (i > 0 && !(flen == 0 && d->fields[i] == SGN_F_BITMAP)) {
			err = sgn__buf_puts(out, " ");
		}
		if (err == SGN_OK) {
			err = print_field(out, d->fields[i], rdata + off[i], flen);
		}
	}
	return err;
}

sgn_err_t sgn_rr_to_str(sgn_buf_t *out, const sgn_rr_t *rr)
{
	char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], cbuf[16];
	if (sgn_name_to_str(owner, sizeof(owner), rr->owner) != SGN_OK) {
		return SGN_EPARSE;
	}
	sgn_err_t err = sgn__buf_puts(out, owner);
	if (err == SGN_OK) {
		err = sgn__buf_puts(out, "\t");
	}
	if (err == SGN_OK) {
		err = print_uint(out, rr->ttl);
	}
	if (err == SGN_OK) {
		err = sgn__buf_puts(out, "\t");
	}
	if (err == SGN_OK) {
		err = sgn__buf_puts(out, sgn__class_to_str(rr->rclass, cbuf));
	}
	if (err == SGN_OK) {
		err = sgn__buf_puts(out, "\t");
	}
	if (err == SGN_OK) {
		err = sgn__buf_puts(out, sgn_type_to_str(tbuf, rr->type));
	}
	if (err == SGN_OK) {
		err = sgn__buf_puts(out, "\t");
	}
	return err == SGN_OK ? sgn_rdata_to_str(out, rr->type, rr->rdata, rr->rdlen) : err;
}
