/* SPDX-License-Identifier: MIT */
/* RDATA in wire form: structure checks, canonical form, canonical order, and parsed views
 * of the DNSSEC types. */
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "rdesc.h"
#include "wirectx.h"

/* Size of one field starting at @p p with @p left bytes to the end; 0 when malformed. A
 * field "to the end" takes everything left, which may be nothing. */
static bool field_size(uint8_t kind, const uint8_t *p, size_t left, size_t *size)
{
	switch (kind) {
	case SGN_F_NAME:
	case SGN_F_NAME_KEEP:
		*size = sgn_name_len(p, left);
		return *size > 0;
	case SGN_F_U8:
	case SGN_F_ALG:
		*size = 1;
		break;
	case SGN_F_U16:
	case SGN_F_TYPE:
		*size = 2;
		break;
	case SGN_F_U32:
	case SGN_F_TTL:
	case SGN_F_TIME:
	case SGN_F_IPV4:
		*size = 4;
		break;
	case SGN_F_IPV6:
		*size = 16;
		break;
	case SGN_F_STR:
	case SGN_F_TAG:
	case SGN_F_SALT:
	case SGN_F_B32HEX:
		/* An NSEC3 next hashed owner is never empty (RFC 5155 §3.2: it is a hash), and
		 * empty base32hex has no presentation form. */
		if (left < 1 || (kind == SGN_F_B32HEX && p[0] == 0)) {
			return false;
		}
		*size = 1 + (size_t)p[0];
		break;
	case SGN_F_STRS: {
		size_t n = 0;
		if (left == 0) {
			return false;
		}
		while (n < left) {
			n += 1 + (size_t)p[n];
		}
		*size = n;
		break;
	}
	case SGN_F_BITMAP:
		*size = left;
		return sgn__bitmap_is_valid(p, left);
	case SGN_F_B64:
	case SGN_F_HEX:
	case SGN_F_TEXT:
		*size = left;
		return true;
	default:
		return false;
	}
	return *size <= left;
}

int sgn__rdata_split(const struct sgn__rdesc *d, const uint8_t *rdata, size_t len,
                     size_t off[SGN__RDESC_FIELDS + 1])
{
	static const uint8_t none[1];
	size_t pos = 0;
	int i = 0;
	if (rdata == NULL) {
		rdata = none; /* empty RDATA: NULL + 0 is undefined in C */
		len = 0;
	}
	for (; i < SGN__RDESC_FIELDS && d->fields[i] != SGN_F_END; i++) {
		size_t n;
		off[i] = pos;
		if (!field_size(d->fields[i], rdata + pos, len - pos, &n)) {
			return -1;
		}
		pos += n;
	}
	off[i] = pos;
	return pos == len ? i : -1;
}

/* -- layouts of types without a descriptor -- */

/* One SvcParam value (RFC 9460 §7): the keys with a defined format must hold it. */
static bool svc_value_ok(uint16_t key, const uint8_t *v, size_t len)
{
	switch (key) {
	case 0: /* mandatory: keys in strictly increasing order, never "mandatory" itself */
		if (len == 0 || len % 2 != 0) {
			return false;
		}
		for (size_t i = 0; i < len; i += 2) {
			uint16_t k = sgn__get16(v + i);
			if (k == 0 || (i > 0 && k <= sgn__get16(v + i - 2))) {
				return false;
			}
		}
		return true;
	case 1: /* alpn: non-empty alpn-ids, each with its length byte */
		for (size_t i = 0; i < len; i += 1 + (size_t)v[i]) {
			if (v[i] == 0 || i + 1 + v[i] > len) {
				return false;
			}
		}
		return len > 0;
	case 2: /* no-default-alpn */
		return len == 0;
	case 3: /* port */
		return len == 2;
	case 4: /* ipv4hint */
		return len > 0 && len % 4 == 0;
	case 6: /* ipv6hint */
		return len > 0 && len % 16 == 0;
	case 65535: /* the reserved "invalid key" (§14.3.2) */
		return false;
	default: /* ech and keys without a defined format: opaque */
		return true;
	}
}

/* SVCB and HTTPS (RFC 9460 §2.2): priority, an uncompressed target name, then SvcParams
 * with keys in strictly increasing order, each value of its key's format. */
static bool svcb_ok(const uint8_t *rdata, size_t len)
{
	sgn__wctx_t w;
	sgn__wctx_init(&w, rdata, len);
	(void)sgn__wctx_u16(&w);
	(void)sgn__wctx_name(&w);
	long last = -1;
	while (!w.err && sgn__wctx_left(&w) > 0) {
		uint16_t key = sgn__wctx_u16(&w);
		uint16_t vlen = sgn__wctx_u16(&w);
		const uint8_t *v = sgn__wctx_bytes(&w, vlen);
		if (w.err || (long)key <= last || !svc_value_ok(key, v, vlen)) {
			return false;
		}
		last = key;
	}
	return !w.err;
}

/* Types that libsign carries as opaque data (no descriptor) but whose printers, ldns's,
 * need a valid layout: checked here so that malformed RDATA is refused when read and
 * printed in RFC 3597 form, never handed to a printer that cannot take it. */
static const struct {
	uint16_t type;
	bool (*ok)(const uint8_t *rdata, size_t len);
} opaque_layouts[] = {
	{ SGN_TYPE_SVCB, svcb_ok },
	{ SGN_TYPE_HTTPS, svcb_ok },
};

sgn_err_t sgn_rdata_check(uint16_t type, const uint8_t *rdata, size_t len)
{
	size_t off[SGN__RDESC_FIELDS + 1];
	const struct sgn__rdesc *d = sgn__rdesc_find(type);
	if (d == NULL) {
		for (size_t i = 0; i < ARRAY_LEN(opaque_layouts); i++) {
			if (opaque_layouts[i].type == type) {
				return opaque_layouts[i].ok(rdata, len) ? SGN_OK : SGN_EPARSE;
			}
		}
		return SGN_OK; /* RFC 3597: opaque */
	}
	return sgn__rdata_split(d, rdata, len, off) >= 0 ? SGN_OK : SGN_EPARSE;
}

sgn_err_t sgn_rdata_canonicalize(uint16_t type, uint8_t *rdata, size_t len)
{
	size_t off[SGN__RDESC_FIELDS + 1];
	const struct sgn__rdesc *d = sgn__rdesc_find(type);
	if (d == NULL) {
		return SGN_OK;
	}
	int n = sgn__rdata_split(d, rdata, len, off);
	if (n < 0) {
		return SGN_EPARSE;
	}
	for (int i = 0; i < n; i++) {
		if (d->fields[i] == SGN_F_NAME) {
			sgn_name_lower(rdata + off[i]);
		}
	}
	return SGN_OK;
}

int sgn_rdata_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen)
{
	size_t n = SGN_MIN(alen, blen);
	int c = n > 0 ? memcmp(a, b, n) : 0;
	if (c != 0) {
		return c;
	}
	return alen == blen ? 0 : (alen < blen ? -1 : 1);
}

/* -- parsed views -- */

sgn_err_t sgn_dnskey_parse(sgn_dnskey_view_t *v, const uint8_t *rdata, size_t len)
{
	sgn__wctx_t w;
	sgn__wctx_init(&w, rdata, len);
	v->flags = sgn__wctx_u16(&w);
	v->protocol = sgn__wctx_u8(&w);
	v->algorithm = sgn__wctx_u8(&w);
	v->pubkey = w.p;
	v->pubkey_len = sgn__wctx_left(&w);
	return w.err ? SGN_EPARSE : SGN_OK;
}

sgn_err_t sgn_ds_parse(sgn_ds_view_t *v, const uint8_t *rdata, size_t len)
{
	sgn__wctx_t w;
	sgn__wctx_init(&w, rdata, len);
	v->key_tag = sgn__wctx_u16(&w);
	v->algorithm = sgn__wctx_u8(&w);
	v->digest_type = sgn__wctx_u8(&w);
	v->digest = w.p;
	v->digest_len = sgn__wctx_left(&w);
	return w.err ? SGN_EPARSE : SGN_OK;
}

sgn_err_t sgn_rrsig_parse(sgn_rrsig_view_t *v, const uint8_t *rdata, size_t len)
{
	sgn__wctx_t w;
	sgn__wctx_init(&w, rdata, len);
	v->type_covered = sgn__wctx_u16(&w);
	v->algorithm = sgn__wctx_u8(&w);
	v->labels = sgn__wctx_u8(&w);
	v->original_ttl = sgn__wctx_u32(&w);
	v->expiration = sgn__wctx_u32(&w);
	v->inception = sgn__wctx_u32(&w);
	v->key_tag = sgn__wctx_u16(&w);
	v->signer = sgn__wctx_name(&w);
	if (w.err) {
		return SGN_EPARSE;
	}
	v->prefix_len = (size_t)(w.p - rdata);
	v->signature = w.p;
	v->signature_len = sgn__wctx_left(&w);
	return SGN_OK;
}

sgn_err_t sgn_nsec3param_parse(sgn_nsec3param_view_t *v, const uint8_t *rdata, size_t len)
{
	sgn__wctx_t w;
	sgn__wctx_init(&w, rdata, len);
	v->hash_alg = sgn__wctx_u8(&w);
	v->flags = sgn__wctx_u8(&w);
	v->iterations = sgn__wctx_u16(&w);
	v->salt_len = sgn__wctx_u8(&w);
	v->salt = sgn__wctx_bytes(&w, v->salt_len);
	return w.err ? SGN_EPARSE : SGN_OK;
}
