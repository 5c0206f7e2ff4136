/* SPDX-License-Identifier: MIT */
/* RDATA presentation format to wire form, driven by the RDATA descriptor table, plus
 * RFC 3597 generic "\# len hex" for everything else (rdata_print.c goes the other way). */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/alg.h>
#include <libsign/codec.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>
#include <libsign/time.h>

#include "../wire/name_internal.h"
#include "../wire/rdesc.h"
#include "text_internal.h"

#define FAIL(...) (snprintf(msg, SGN__MSG_MAX, __VA_ARGS__), SGN_EPARSE)

/* -- scalar helpers -- */

static bool parse_uint(const char *s, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (*s == '\0') {
		return false;
	}
	for (; *s != '\0'; s++) {
		if (*s < '0' || *s > '9') {
			return false;
		}
		v = v * 10 + (uint64_t)(*s - '0');
		if (v > max) {
			return false;
		}
	}
	*out = v;
	return true;
}

sgn_err_t sgn__class_from_str(const char *s, uint16_t *out)
{
	/* Every record's class or type token is tried as a class: be quick to say no. */
	if (s[0] == '\0' || s[1] == '\0' || (s[2] != '\0' && (s[0] | 0x20) != 'c')) {
		return SGN_ENOTFOUND;
	}
	/* Lower case: c | 0x20 is a lower-case letter only for that letter in either case. */
	static const struct {
		char name[2];
		uint16_t value;
	} classes[] = { { "in", 1 }, { "cs", 2 }, { "ch", 3 }, { "hs", 4 } };
	if (s[2] == '\0') {
		for (size_t i = 0; i < ARRAY_LEN(classes); i++) {
			if ((s[0] | 0x20) == classes[i].name[0] && (s[1] | 0x20) == classes[i].name[1]) {
				*out = classes[i].value;
				return SGN_OK;
			}
		}
		return SGN_ENOTFOUND;
	}
	uint64_t v;
	if (strncasecmp(s, "CLASS", 5) == 0 && parse_uint(s + 5, 65535, &v)) {
		*out = (uint16_t)v;
		return SGN_OK;
	}
	return SGN_ENOTFOUND;
}

const char *sgn__class_to_str(uint16_t rclass, char *buf)
{
	static const char *const names[] = { [1] = "IN", [2] = "CS", [3] = "CH", [4] = "HS" };
	if (rclass < ARRAY_LEN(names) && names[rclass] != NULL) {
		return names[rclass];
	}
	snprintf(buf, 16, "CLASS%u", rclass);
	return buf;
}

sgn_err_t sgn__type_from_tok(struct sgn__type_memo *m, const struct sgn__tok *t, uint16_t *type)
{
	if (t->len == 0 || t->len >= SGN__TYPE_MEMO_TEXT) {
		return sgn_type_from_str(type, t->s);
	}
	/* The text NUL-padded is the key; the slot is a hash of it. */
	char key[SGN__TYPE_MEMO_TEXT] = { 0 };
	uint32_t h = (uint32_t)t->len;
	for (size_t i = 0; i < t->len; i++) {
		key[i] = t->s[i];
		h = (h * 33) ^ (uint8_t)t->s[i];
	}
	h = (h * 2654435761u) >> (32 - SGN__TYPE_MEMO_BITS);
	struct sgn__type_memo_slot *slot = &m->slot[h];
	if (memcmp(slot->text, key, sizeof(key)) == 0) {
		*type = slot->type;
		return SGN_OK;
	}
	sgn_err_t err = sgn_type_from_str(type, t->s);
	if (err == SGN_OK) {
		memcpy(slot->text, key, sizeof(key));
		slot->type = *type;
	}
	return err;
}

/* Decode a <character-string> token with \X and \DDD escapes, appending to @p out. */
static sgn_err_t decode_string(const struct sgn__tok *t, sgn_buf_t *out)
{
	sgn_err_t err = sgn_buf_reserve(out, t->len);
	if (err != SGN_OK) {
		return err;
	}
	for (const char *p = t->s; *p != '\0'; p++) {
		unsigned c = (unsigned char)*p;
		if (c == '\\') {
			if (isdigit((unsigned char)p[1])) {
				if (!isdigit((unsigned char)p[2]) || !isdigit((unsigned char)p[3])) {
					return SGN_EPARSE;
				}
				c = (unsigned)(p[1] - '0') * 100 + (unsigned)(p[2] - '0') * 10 +
				    (unsigned)(p[3] - '0');
				if (c > 255) {
					return SGN_EPARSE;
				}
				p += 3;
			} else if (p[1] != '\0') {
				c = (unsigned char)*++p;
			} else {
				return SGN_EPARSE;
			}
		}
		out->data[out->len++] = (uint8_t)c; /* never longer than the token */
	}
	return SGN_OK;
}

/* Concatenate tokens [i, n) into one string, for base64 and hex split across lines. */
static sgn_err_t join_tokens(const struct sgn__tok *toks, size_t i, size_t n, sgn_buf_t *out)
{
	out->len = 0;
	sgn_err_t err = sgn_buf_reserve(out, 1);
	for (; err == SGN_OK && i < n; i++) {
		err = sgn_buf_append(out, toks[i].s, toks[i].len);
	}
	if (err == SGN_OK) {
		err = sgn_buf_reserve(out, 1);
	}
	if (err == SGN_OK) {
		out->data[out->len] = '\0';
	}
	return err;
}

/* Types in a bitmap kept on the stack: an NSEC or NSEC3 names a few. */
#define BITMAP_STACK_TYPES 64

static sgn_err_t bitmap_from_tokens(const struct sgn__tok *toks, size_t n,
                                    struct sgn__type_memo *memo, sgn_buf_t *out, char *msg)
{
	uint16_t stack[BITMAP_STACK_TYPES];
	uint16_t *types = n <= ARRAY_LEN(stack) ? stack : malloc(n * sizeof(*types));
	/* Built in place: the room a bitmap can take is reserved in @p out. */
	sgn_err_t err = types == NULL ? SGN_ENOMEM : sgn_buf_reserve(out, SGN__BITMAP_MAX);
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (sgn__type_from_tok(memo, &toks[i], &types[i]) != SGN_OK) {
			err = FAIL("unknown type '%s' in type bitmap", toks[i].s);
		}
	}
	if (err == SGN_OK) {
		out->len += sgn__bitmap_build(types, n, out->data + out->len);
	}
	if (types != stack) {
		free(types);
	}
	return err;
}

/* -- one field, text to wire -- */

struct field_in {
	const struct sgn__tok *toks;
	size_t n;
	size_t i; /* next token */
	const uint8_t *origin;
	struct sgn__type_memo *memo;
	sgn_buf_t *out;
	sgn_buf_t tmp; /* only for base64 or hex split over tokens */
	char *msg;
};

static sgn_err_t put_uint(struct field_in *f, const char *s, unsigned bytes, const char *what)
{
	uint64_t v;
	uint64_t max = bytes == 1 ? 0xff : bytes == 2 ? 0xffff : 0xffffffff;
	char *msg = f->msg;
	if (!parse_uint(s, max, &v)) {
		return FAIL("bad %s '%s'", what, s);
	}
	uint8_t b[4];
	sgn__put32(b, (uint32_t)v);
	return sgn_buf_append(f->out, b + 4 - bytes, bytes);
}

static sgn_err_t field_scalar(struct field_in *f, uint8_t kind, const struct sgn__tok *t)
{
	const char *s = t->s;
	char *msg = f->msg;
	uint8_t b[16];
	switch (kind) {
	case SGN_F_U8:
		return put_uint(f, s, 1, "number");
	case SGN_F_U16:
		return put_uint(f, s, 2, "number");
	case SGN_F_U32:
		return put_uint(f, s, 4, "number");
	case SGN_F_TTL: {
		/* A 32-bit field (SOA timers, RRSIG original TTL) with BIND's units. */
		int64_t v;
		if (sgn_duration_from_str(&v, s) != SGN_OK || v > UINT32_MAX) {
			return FAIL("bad TTL '%s'", s);
		}
		sgn__put32(b, (uint32_t)v);
		return sgn_buf_append(f->out, b, 4);
	}
	case SGN_F_ALG: {
		uint8_t alg;
		if (sgn_alg_from_str(&alg, s) != SGN_OK) {
			return FAIL("unknown algorithm '%s'", s);
		}
		return sgn_buf_append(f->out, &alg, 1);
	}
	case SGN_F_TYPE: {
		uint16_t type;
		if (sgn__type_from_tok(f->memo, t, &type) != SGN_OK) {
			return FAIL("unknown RR type '%s'", s);
		}
		sgn__put16(b, type);
		return sgn_buf_append(f->out, b, 2);
	}
	case SGN_F_TIME: {
		int64_t when;
		uint64_t v;
		if (t->len == 14 && sgn_time_from_str(&when, s) == SGN_OK) {
			v = (uint64_t)when;
		} else if (!parse_uint(s, UINT32_MAX, &v)) {
			return FAIL("bad time '%s'", s);
		}
		sgn__put32(b, (uint32_t)v);
		return sgn_buf_append(f->out, b, 4);
	}
	case SGN_F_IPV4:
		if (inet_pton(AF_INET, s, b) != 1) {
			return FAIL("bad IPv4 address '%s'", s);
		}
		return sgn_buf_append(f->out, b, 4);
	case SGN_F_IPV6:
		if (inet_pton(AF_INET6, s, b) != 1) {
			return FAIL("bad IPv6 address '%s'", s);
		}
		return sgn_buf_append(f->out, b, 16);
	default:
		return FAIL("internal: bad field kind");
	}
}

/* Decoded straight into the output, after a length byte set once the length is known. */
static sgn_err_t field_string(struct field_in *f, const struct sgn__tok *t, bool length_prefix)
{
	char *msg = f->msg;
	size_t at = f->out->len;
	sgn_err_t err = length_prefix ? sgn__buf_put8(f->out, 0) : SGN_OK;
	size_t start = f->out->len;
	if (err == SGN_OK) {
		err = decode_string(t, f->out);
	}
	size_t len = f->out->len - start;
	if (err == SGN_EPARSE || (length_prefix && len > 255)) {
		return FAIL("bad or too long character string");
	}
	if (err == SGN_OK && length_prefix) {
		f->out->data[at] = (uint8_t)len;
	}
	return err;
}

/* A length byte and the bytes @p decode makes of token @p t, decoded straight into the
 * output; SGN_EPARSE when it fails or makes more than 255 bytes (or none, unless
 * @p empty_ok). */
static sgn_err_t put_counted(struct field_in *f, const struct sgn__tok *t, bool empty_ok,
                             sgn_err_t (*decode)(sgn_buf_t *, const char *, size_t))
{
	size_t at = f->out->len;
	sgn_err_t err = sgn__buf_put8(f->out, 0);
	if (err != SGN_OK) {
		return err;
	}
	size_t len = 0;
	if (decode != NULL) {
		err = decode(f->out, t->s, t->len);
		len = f->out->len - at - 1;
	}
	if (err == SGN_ENOMEM) {
		return err;
	}
	if (err != SGN_OK || len > 255 || (len == 0 && !empty_ok)) {
		return SGN_EPARSE;
	}
	f->out->data[at] = (uint8_t)len;
	return SGN_OK;
}

/* Fields that take one token. */
static sgn_err_t field_one(struct field_in *f, uint8_t kind, const struct sgn__tok *t)
{
	char *msg = f->msg;
	switch (kind) {
	case SGN_F_NAME:
	case SGN_F_NAME_KEEP: {
		uint8_t name[SGN_NAME_MAX];
		size_t len;
		const char *why;
		if (sgn__name_from_str_why(name, &len, t->s, f->origin, &why) != SGN_OK) {
			return FAIL("bad domain name '%.60s%s': %s", t->s, t->len > 60 ? "..." : "", why);
		}
		return sgn_buf_append(f->out, name, len);
	}
	case SGN_F_STR:
	case SGN_F_TAG:
		return field_string(f, t, true);
	case SGN_F_TEXT:
		return field_string(f, t, false);
	case SGN_F_SALT: {
		/* "-" is the empty salt (RFC 5155 section 3.3). */
		bool none = t->len == 1 && t->s[0] == '-';
		sgn_err_t err = put_counted(f, t, true, none ? NULL : sgn_hex_decode);
		return err == SGN_EPARSE ? FAIL("bad salt '%s'", t->s) : err;
	}
	case SGN_F_B32HEX: {
		sgn_err_t err = put_counted(f, t, false, sgn_base32hex_decode);
		return err == SGN_EPARSE ? FAIL("bad base32hex hash '%s'", t->s) : err;
	}
	default:
		return field_scalar(f, kind, t);
	}
}

/* Fields that take every remaining token. */
static sgn_err_t field_rest(struct field_in *f, uint8_t kind)
{
	char *msg = f->msg;
	sgn_err_t err = SGN_OK;
	switch (kind) {
	case SGN_F_STRS:
		if (f->i >= f->n) {
			return FAIL("missing character string");
		}
		for (; err == SGN_OK && f->i < f->n; f->i++) {
			err = field_string(f, &f->toks[f->i], true);
		}
		return err;
	case SGN_F_BITMAP:
		err = bitmap_from_tokens(f->toks + f->i, f->n - f->i, f->memo, f->out, msg);
		f->i = f->n;
		return err;
	case SGN_F_B64:
	case SGN_F_HEX: {
		/* Split over tokens, the text is joined first; one token (sigil's own output)
		 * is decoded where it is. Either way straight into the output. */
		const char *text = f->i < f->n ? f->toks[f->i].s : "";
		size_t len = f->i < f->n ? f->toks[f->i].len : 0;
		if (f->n - f->i > 1) {
			err = join_tokens(f->toks, f->i, f->n, &f->tmp);
			text = (const char *)f->tmp.data;
			len = f->tmp.len;
		}
		f->i = f->n;
		if (err != SGN_OK) {
			return err;
		}
		err = kind == SGN_F_B64 ? sgn_base64_decode(f->out, text, len)
		                        : sgn_hex_decode(f->out, text, len);
		if (err == SGN_EPARSE) {
			err = FAIL(kind == SGN_F_B64 ? "invalid or truncated base64 data"
			                             : "invalid hexadecimal data");
		}
		return err;
	}
	default:
		return FAIL("internal: bad field kind");
	}
}

bool sgn__field_takes_rest(uint8_t kind)
{
	return kind == SGN_F_STRS || kind == SGN_F_BITMAP || kind == SGN_F_B64 || kind == SGN_F_HEX;
}

static sgn_err_t rdata_from_desc(const struct sgn__rdesc *d, struct field_in *f)
{
	char *msg = f->msg;
	for (int k = 0; k < SGN__RDESC_FIELDS && d->fields[k] != SGN_F_END; k++) {
		uint8_t kind = d->fields[k];
		sgn_err_t err;
		if (sgn__field_takes_rest(kind)) {
			err = field_rest(f, kind);
		} else if (f->i >= f->n) {
			return FAIL("missing RDATA field %d of %s", k + 1, d->name);
		} else {
			err = field_one(f, kind, &f->toks[f->i++]);
		}
		if (err != SGN_OK) {
			return err;
		}
	}
	if (f->i < f->n) {
		return FAIL("trailing data '%s' after %s RDATA", f->toks[f->i].s, d->name);
	}
	return SGN_OK;
}

/* RFC 3597 §5: "\# <length> <hex>". */
static sgn_err_t rdata_generic(const struct sgn__tok *toks, size_t n, sgn_buf_t *out, char *msg)
{
	uint64_t len;
	sgn_buf_t hex, bytes;
	if (n < 2 || !parse_uint(toks[1].s, 65535, &len)) {
		return FAIL("bad RFC 3597 length");
	}
	sgn_buf_init(&hex);
	sgn_buf_init(&bytes);
	sgn_err_t err = join_tokens(toks, 2, n, &hex);
	if (err == SGN_OK) {
		err = sgn_hex_decode(&bytes, (const char *)hex.data, hex.len);
		if (err == SGN_OK && bytes.len != len) {
			err = FAIL("RFC 3597 length %u does not match %zu bytes of data", (unsigned)len,
			           bytes.len);
		} else if (err == SGN_EPARSE) {
			err = FAIL("invalid hexadecimal data");
		}
	}
	if (err == SGN_OK) {
		err = sgn_buf_append(out, bytes.data, bytes.len);
	}
	sgn_buf_release(&hex);
	sgn_buf_release(&bytes);
	return err;
}

sgn_err_t sgn__rdata_from_tokens(uint16_t type, const struct sgn__tok *toks, size_t n,
                                 const uint8_t *origin, struct sgn__type_memo *memo,
                                 sgn_buf_t *out, char msg[SGN__MSG_MAX])
{
	size_t start = out->len;
	sgn_err_t err;
	const struct sgn__rdesc *d = NULL;
	if (n > 0 && !toks[0].quoted && toks[0].len == 2 && toks[0].s[0] == '\\' &&
	    toks[0].s[1] == '#') {
		err = rdata_generic(toks, n, out, msg);
	} else if ((d = sgn__rdesc_find(type)) != NULL) {
		struct field_in f = { toks, n, 0, origin, memo, out, { 0 }, msg };
		err = rdata_from_desc(d, &f);
		sgn_buf_release(&f.tmp);
	} else {
		sgn_buf_t text;
		sgn_buf_init(&text);
		err = SGN_OK;
		for (size_t i = 0; err == SGN_OK && i < n; i++) {
			err = sgn__buf_printf(&text, toks[i].quoted ? "%s\"%s\"" : "%s%s",
			                      i > 0 && !toks[i].glued ? " " : "", toks[i].s);
		}
		if (err == SGN_OK) {
			err = sgn__ldns_rdata_from_str(type, n > 0 ? (const char *)text.data : "",
			                               origin, out, msg);
		}
		sgn_buf_release(&text);
	}
	if (err == SGN_OK && out->len - start > 65535) {
		err = FAIL("RDATA longer than 65535 bytes");
	}
	/* RDATA made from the descriptor has its layout by construction: each field is
	 * written as sgn__rdata_split reads it, and only the last field takes the rest.
	 * RFC 3597 and ldns data is checked. Empty RDATA may leave the buffer unallocated:
	 * NULL + 0 is undefined in C. */
	static const uint8_t none[1];
	const uint8_t *rd = out->data != NULL ? out->data + start : none;
	if (err == SGN_OK && d == NULL && sgn_rdata_check(type, rd, out->len - start) != SGN_OK) {
		char tbuf[SGN_TYPE_STR_MAX];
		err = FAIL("%s RDATA does not match the layout of its type",
		           sgn_type_to_str(tbuf, type));
	}
	return err;
}
