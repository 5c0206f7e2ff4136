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
		if (left < 1) {
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
	size_t pos = 0;
	int i = 0;
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

sgn_err_t sgn_rdata_check(uint16_t type, const uint8_t *rdata, size_t len)
{
	size_t off[SGN__RDESC_FIELDS + 1];
	const struct sgn__rdesc *d = sgn__rdesc_find(type);
	if (d == NULL) {
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
