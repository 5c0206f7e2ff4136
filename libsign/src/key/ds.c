/* SPDX-License-Identifier: MIT */
/* DS records: digest of (canonical owner | DNSKEY RDATA) (RFC 4034 §5.1.4), and matching a
 * DS against a DNSKEY. */
#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/key.h>
#include <libsign/name.h>

#include "../internal.h"

/* Digest input: the owner in canonical form followed by the DNSKEY RDATA. */
static sgn_err_t ds_digest(const uint8_t *owner, const uint8_t *dnskey, size_t dnskey_len,
                           uint8_t digest_type, uint8_t *out)
{
	uint8_t buf[SGN_NAME_MAX + 4096];
	size_t olen = sgn_name_len(owner, SGN_NAME_MAX);
	if (olen == 0 || dnskey_len < 4 || olen + dnskey_len > sizeof(buf)) {
		return SGN_EPARSE;
	}
	memcpy(buf, owner, olen);
	sgn_name_lower(buf);
	memcpy(buf + olen, dnskey, dnskey_len);
	return sgn_digest(out, digest_type, buf, olen + dnskey_len);
}

sgn_err_t sgn_ds_from_dnskey(uint8_t *out, size_t *outlen, const uint8_t *owner,
                             const uint8_t *dnskey, size_t dnskey_len, uint8_t digest_type)
{
	size_t dlen = sgn_digest_size(digest_type);
	if (dlen == 0) {
		return SGN_EUNSUPPORTED;
	}
	sgn_err_t err = ds_digest(owner, dnskey, dnskey_len, digest_type, out + 4);
	if (err != SGN_OK) {
		return err;
	}
	sgn__put16(out, sgn_keytag(dnskey, dnskey_len));
	out[2] = dnskey[3];
	out[3] = digest_type;
	*outlen = 4 + dlen;
	return SGN_OK;
}

sgn_err_t sgn_ds_match(bool *match, const uint8_t *ds, size_t ds_len,
                       const uint8_t *owner, const uint8_t *dnskey, size_t dnskey_len)
{
	sgn_ds_view_t v;
	uint8_t digest[64];
	*match = false;
	if (sgn_ds_parse(&v, ds, ds_len) != SGN_OK || dnskey_len < 4) {
		return SGN_EPARSE;
	}
	if (v.key_tag != sgn_keytag(dnskey, dnskey_len) || v.algorithm != dnskey[3]) {
		return SGN_OK;
	}
	/* A digest of the wrong length for its type never matches, supported or not. */
	if (sgn_alg_check_ds(NULL, 0, ds, ds_len) != SGN_OK) {
		return SGN_OK;
	}
	size_t dlen = sgn_digest_size(v.digest_type);
	if (dlen == 0) {
		return SGN_EUNSUPPORTED;
	}
	sgn_err_t err = ds_digest(owner, dnskey, dnskey_len, v.digest_type, digest);
	if (err == SGN_OK) {
		*match = memcmp(digest, v.digest, dlen) == 0;
	}
	return err;
}

sgn_ds_pick_t sgn_ds_pick_key(const sgn_key_t *key, bool any_zone_key)
{
	uint16_t flags = sgn_key_get_flags(key);
	if (!(flags & SGN_DNSKEY_ZONE)) {
		return SGN_DS_NOT_ZONE_KEY;
	}
	if (flags & SGN_DNSKEY_REVOKE) {
		return SGN_DS_REVOKED;
	}
	return any_zone_key || (flags & SGN_DNSKEY_SEP) ? SGN_DS_PICKED : SGN_DS_NOT_SEP;
}
