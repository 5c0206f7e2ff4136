/* SPDX-License-Identifier: MIT */
/* Domain names in wire form: presentation conversion, comparison, canonical order
 * (RFC 1035 §3.1, RFC 4034 §6.1). */
#include <string.h>

#include <libsign/codec.h>
#include <libsign/name.h>

#include "../internal.h"
#include "name_internal.h"

static inline uint8_t lower(uint8_t c)
{
	return (c >= 'A' && c <= 'Z') ? (uint8_t)(c + 32) : c;
}

size_t sgn_name_len(const uint8_t *name, size_t max)
{
	size_t i = 0;
	if (max > SGN_NAME_MAX) {
		max = SGN_NAME_MAX;
	}
	while (i < max) {
		uint8_t l = name[i];
		if (l == 0) {
			return i + 1;
		}
		if (l > SGN_LABEL_MAX) { /* compression pointers and extended labels */
			return 0;
		}
		i += 1 + (size_t)l;
	}
	return 0;
}

unsigned sgn_name_labels(const uint8_t *name)
{
	unsigned n = 0;
	for (const uint8_t *p = name; *p != 0; p += 1 + *p) {
		n++;
	}
	return n;
}

bool sgn_name_is_wildcard(const uint8_t *name)
{
	return name[0] == 1 && name[1] == '*';
}

unsigned sgn_name_rrsig_labels(const uint8_t *name)
{
	unsigned n = sgn_name_labels(name);
	return sgn_name_is_wildcard(name) ? n - 1 : n;
}

sgn_err_t sgn_name_wildcard(uint8_t *out, const uint8_t *encloser)
{
	size_t len = sgn_name_len(encloser, SGN_NAME_MAX);
	if (len == 0 || len + 2 > SGN_NAME_MAX) {
		return SGN_EPARSE;
	}
	out[0] = 1;
	out[1] = '*';
	memcpy(out + 2, encloser, len);
	return SGN_OK;
}

/* lower() of the eight bytes of @p w at once: a byte gets 0x20 when it is 'A' to 'Z'
 * (its low seven bits in range and its top bit clear). No carry crosses a byte. */
static inline uint64_t lower8(uint64_t w)
{
	const uint64_t ones = 0x0101010101010101u;
	uint64_t low7 = w & (0x7f * ones);
	uint64_t from_a = low7 + (0x80 - 'A') * ones; /* top bit: at least 'A' */
	uint64_t past_z = low7 + (0x7f - 'Z') * ones; /* top bit: more than 'Z' */
	uint64_t upper = from_a & ~past_z & ~w & (0x80 * ones);
	return w | (upper >> 2);
}

void sgn_name_lower(uint8_t *name)
{
	/* Label lengths (0 to 63) are no letters: every byte of the name is lowered, eight
	 * at a time (every RR read has its owner lowered). */
	size_t len = 1, i = 0;
	for (const uint8_t *p = name; *p != 0; p += 1 + *p) {
		len += 1 + (size_t)*p;
	}
	for (; len - i >= 8; i += 8) {
		uint64_t w;
		memcpy(&w, name + i, 8);
		w = lower8(w);
		memcpy(name + i, &w, 8);
	}
	for (; i < len; i++) {
		name[i] = lower(name[i]);
	}
}

bool sgn_name_equal(const uint8_t *a, const uint8_t *b)
{
	for (;;) {
		if (*a != *b) {
			return false;
		}
		if (*a == 0) {
			return true;
		}
		for (unsigned i = 1; i <= *a; i++) {
			if (lower(a[i]) != lower(b[i])) {
				return false;
			}
		}
		a += 1 + *a;
		b += 1 + *b;
	}
}

const uint8_t *sgn_name_strip(const uint8_t *name, unsigned n)
{
	while (n-- > 0 && *name != 0) {
		name += 1 + *name;
	}
	return name;
}

/* Offsets of each label, left to right; returns the count. */
static unsigned label_offsets(const uint8_t *name, uint8_t off[128])
{
	unsigned n = 0;
	for (unsigned i = 0; name[i] != 0 && n < 128; i += 1u + name[i]) {
		off[n++] = (uint8_t)i;
	}
	return n;
}

int sgn_name_compare(const uint8_t *a, const uint8_t *b)
{
	uint8_t oa[128], ob[128];
	unsigned na = label_offsets(a, oa), nb = label_offsets(b, ob);
	while (na > 0 && nb > 0) {
		const uint8_t *la = a + oa[--na], *lb = b + ob[--nb];
		unsigned n = SGN_MIN(la[0], lb[0]);
		for (unsigned i = 1; i <= n; i++) {
			if (la[i] == lb[i]) {
				continue; /* most octets of names compared are equal: no folding for them */
			}
			uint8_t ca = lower(la[i]), cb = lower(lb[i]);
			if (ca != cb) {
				return ca < cb ? -1 : 1;
			}
		}
		if (la[0] != lb[0]) {
			return la[0] < lb[0] ? -1 : 1;
		}
	}
	return na == nb ? 0 : (na < nb ? -1 : 1);
}

bool sgn_name_is_subdomain(const uint8_t *name, const uint8_t *parent)
{
	unsigned nl = sgn_name_labels(name), pl = sgn_name_labels(parent);
	if (nl < pl) {
		return false;
	}
	return sgn_name_equal(sgn_name_strip(name, nl - pl), parent);
}

/* -- presentation form -- */

#define NAME_FAIL(text) (*why = (text), SGN_EPARSE)

/* The characters that end a run of plain ones in a name's text. */
static const bool name_special[256] = { ['\0'] = true, ['.'] = true, ['\\'] = true };

sgn_err_t sgn__name_from_str_why(uint8_t *out, size_t *outlen, const char *str,
                                 const uint8_t *origin, const char **why)
{
	const char *ignored;
	if (why == NULL) {
		why = &ignored;
	}
	static const uint8_t root[1] = { 0 };
	size_t len = 0;
	if (origin == NULL) {
		origin = root;
	}
	if (str[0] == '@' && str[1] == '\0') {
		len = sgn_name_len(origin, SGN_NAME_MAX);
		memcpy(out, origin, len);
		goto done;
	}
	if (str[0] == '.' && str[1] == '\0') {
		out[0] = 0;
		len = 1;
		goto done;
	}
	if (str[0] == '\0') {
		return NAME_FAIL("empty name");
	}
	const char *p = str;
	bool absolute = false;
	while (*p != '\0') {
		size_t lpos = len++;
		unsigned llen = 0;
		if (len > SGN_NAME_MAX - 1) {
			return NAME_FAIL("name longer than 255 octets");
		}
		for (;;) {
			/* A run of plain characters, most of a name, copied up to the first one that
			 * would pass a limit: that one fails below, as it would alone. */
			size_t room = SGN_MIN((size_t)(SGN_LABEL_MAX - llen), SGN_NAME_MAX - 1 - len);
			size_t k = 0;
			while (k < room && !name_special[(unsigned char)p[k]]) {
				out[len + k] = (uint8_t)p[k];
				k++;
			}
			p += k;
			len += k;
			llen += (unsigned)k;
			unsigned c = (unsigned char)*p;
			if (c == '\0' || c == '.') {
				break;
			}
			p++;
			if (c == '\\') {
				if (p[0] >= '0' && p[0] <= '9') {
					if (!(p[1] >= '0' && p[1] <= '9' && p[2] >= '0' && p[2] <= '9')) {
						return NAME_FAIL("bad \\DDD escape");
					}
					c = (unsigned)(p[0] - '0') * 100 + (unsigned)(p[1] - '0') * 10 +
					    (unsigned)(p[2] - '0');
					if (c > 255) {
						return NAME_FAIL("\\DDD escape above 255");
					}
					p += 3;
				} else if (*p != '\0') {
					c = (unsigned char)*p++;
				} else {
					return NAME_FAIL("escape at the end of the name");
				}
			}
			if (++llen > SGN_LABEL_MAX) {
				return NAME_FAIL("label longer than 63 octets");
			}
			if (len >= SGN_NAME_MAX - 1) {
				return NAME_FAIL("name longer than 255 octets");
			}
			out[len++] = (uint8_t)c;
		}
		if (llen == 0) {
			return NAME_FAIL("empty label"); /* "a..b" or a leading dot */
		}
		out[lpos] = (uint8_t)llen;
		if (*p == '.') {
			p++;
			if (*p == '\0') {
				absolute = true;
			}
		}
	}
	if (absolute) {
		out[len++] = 0;
	} else {
		size_t olen = sgn_name_len(origin, SGN_NAME_MAX);
		if (olen == 0 || len + olen > SGN_NAME_MAX) {
			return NAME_FAIL("name longer than 255 octets with the origin");
		}
		memcpy(out + len, origin, olen);
		len += olen;
	}
done:
	if (outlen != NULL) {
		*outlen = len;
	}
	return len > 0 ? SGN_OK : NAME_FAIL("bad origin");
}

sgn_err_t sgn_name_from_str(uint8_t *out, size_t *outlen, const char *str, const uint8_t *origin)
{
	return sgn__name_from_str_why(out, outlen, str, origin, NULL);
}

/* How each octet of a label is written (sgn_name_to_str()): as itself, after a backslash
 * (the characters zone text gives a meaning), or as \DDD (space, controls, non-ASCII).
 * A table, because names are the bulk of the text a signed zone is written as. */
enum { NAME_PLAIN, NAME_ESCAPE, NAME_DDD };
#define DDD8(c) [(c)] = NAME_DDD, [(c) + 1] = NAME_DDD, [(c) + 2] = NAME_DDD, \
	[(c) + 3] = NAME_DDD, [(c) + 4] = NAME_DDD, [(c) + 5] = NAME_DDD, [(c) + 6] = NAME_DDD, \
	[(c) + 7] = NAME_DDD
#define DDD64(c) DDD8(c), DDD8((c) + 8), DDD8((c) + 16), DDD8((c) + 24), DDD8((c) + 32), \
	DDD8((c) + 40), DDD8((c) + 48), DDD8((c) + 56)
static const uint8_t name_octet[256] = {
	DDD8(0x00), DDD8(0x08), DDD8(0x10), DDD8(0x18), [' '] = NAME_DDD,
	['.'] = NAME_ESCAPE, ['\\'] = NAME_ESCAPE, ['"'] = NAME_ESCAPE, ['('] = NAME_ESCAPE,
	[')'] = NAME_ESCAPE, [';'] = NAME_ESCAPE, ['@'] = NAME_ESCAPE, ['$'] = NAME_ESCAPE,
	[0x7f] = NAME_DDD, DDD64(0x80), DDD64(0xc0),
};

size_t sgn__name_text(char *buf, const uint8_t *name)
{
	char *q = buf;
	if (name[0] == 0) {
		*q++ = '.';
	}
	for (const uint8_t *p = name; *p != 0; p += 1 + *p) {
		for (const uint8_t *s = p + 1, *end = s + *p; s < end; s++) {
			uint8_t c = *s;
			if (name_octet[c] == NAME_PLAIN) {
				*q++ = (char)c;
				continue;
			}
			*q++ = '\\';
			if (name_octet[c] == NAME_ESCAPE) {
				*q++ = (char)c;
			} else {
				*q++ = (char)('0' + c / 100);
				*q++ = (char)('0' + c / 10 % 10);
				*q++ = (char)('0' + c % 10);
			}
		}
		*q++ = '.';
	}
	*q = '\0';
	return (size_t)(q - buf);
}

sgn_err_t sgn_name_to_str(char *buf, size_t cap, const uint8_t *name)
{
	if (sgn_name_len(name, SGN_NAME_MAX) == 0) {
		return SGN_EINVAL;
	}
	if (cap >= SGN_NAME_STR_MAX) {
		sgn__name_text(buf, name);
		return SGN_OK;
	}
	char text[SGN_NAME_STR_MAX];
	size_t len = sgn__name_text(text, name);
	if (len + 1 > cap) {
		memcpy(buf, text, cap); /* the partial, unterminated text the header promises */
		return SGN_EINVAL;
	}
	memcpy(buf, text, len + 1);
	return SGN_OK;
}

size_t sgn__nsec3_owner_name(const uint8_t *hash, size_t len, const uint8_t *apex,
                             uint8_t *owner)
{
	char b32[SGN_BASE32HEX_LEN(SGN_LABEL_MAX) + 1];
	size_t l = SGN_BASE32HEX_LEN(len), alen = sgn_name_len(apex, SGN_NAME_MAX);
	if (l == 0 || l > SGN_LABEL_MAX || alen == 0 || 1 + l + alen > SGN_NAME_MAX ||
	    sgn_base32hex_encode(b32, sizeof(b32), hash, len) != SGN_OK) {
		return 0;
	}
	owner[0] = (uint8_t)l;
	memcpy(owner + 1, b32, l);
	memcpy(owner + 1 + l, apex, alen);
	return 1 + l + alen;
}

sgn_err_t sgn__nsec3_owner_hash(const uint8_t *owner, uint8_t *hash, size_t len)
{
	if (len == 0 || owner[0] != SGN_BASE32HEX_LEN(len)) {
		return SGN_EPARSE;
	}
	sgn_buf_t b;
	sgn_buf_init(&b);
	sgn_err_t err = sgn_base32hex_decode(&b, (const char *)owner + 1, owner[0]);
	if (err == SGN_OK && b.len != len) {
		err = SGN_EPARSE;
	}
	if (err == SGN_OK) {
		memcpy(hash, b.data, len);
	}
	sgn_buf_release(&b);
	return err == SGN_ENOMEM ? err : err != SGN_OK ? SGN_EPARSE : SGN_OK;
}
