/* SPDX-License-Identifier: MIT */
/* Key objects: construction from DNSKEY RDATA or by generation, accessors, signing and
 * verifying raw data through the algorithm table. */
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/key.h>

#include "key_internal.h"
#include "keyctx.h"

static const char *const event_names[] = {
	[SGN_KEY_CREATED] = "Created",
	[SGN_KEY_PUBLISH] = "Publish",
	[SGN_KEY_ACTIVATE] = "Activate",
	[SGN_KEY_REVOKE] = "Revoke",
	[SGN_KEY_INACTIVE] = "Inactive",
	[SGN_KEY_DELETE] = "Delete",
	[SGN_KEY_SYNC_PUBLISH] = "SyncPublish",
	[SGN_KEY_SYNC_DELETE] = "SyncDelete",
};
_Static_assert(ARRAY_LEN(event_names) == SGN_KEY_EVENT__COUNT, "one name per event");

const char *sgn_key_event_name(sgn_key_event_t ev)
{
	return (unsigned)ev < ARRAY_LEN(event_names) ? event_names[ev] : NULL;
}

void sgn_key_free(sgn_key_t *key)
{
	if (key == NULL) {
		return;
	}
	if (key->row != NULL && key->row->be != NULL) {
		if (key->priv != NULL) {
			key->row->be->priv_free(key->priv);
		}
		if (key->pub != NULL) {
			key->row->be->pub_free(key->pub);
		}
	}
	sgn_buf_release(&key->rdata);
	free(key);
}

/* Load the backend public key from the RDATA; a key the backend rejects stays usable as
 * data (pub NULL) so that it can still be listed, tagged and hashed into a DS. */
static void load_pub(sgn_key_t *key)
{
	sgn_dnskey_view_t v;
	if (key->row == NULL || key->row->be == NULL ||
	    sgn_dnskey_parse(&v, key->rdata.data, key->rdata.len) != SGN_OK) {
		return;
	}
	if (key->row->be->pub_load(key->row, v.pubkey, v.pubkey_len, &key->pub) != SGN_OK) {
		key->pub = NULL;
	}
}

sgn_err_t sgn__key_new(sgn_key_t **out, const uint8_t *owner, const uint8_t *rdata, size_t len,
                       void *priv)
{
	sgn_key_t *key = NULL;
	sgn_err_t err = SGN_EPARSE;
	size_t olen = sgn_name_len(owner, SGN_NAME_MAX);
	*out = NULL;
	if (len < 4 || len > UINT16_MAX || olen == 0) { /* RDATA has a 16-bit length */
		goto fail;
	}
	key = calloc(1, sizeof(*key));
	if (key == NULL) {
		err = SGN_ENOMEM;
		goto fail;
	}
	memcpy(key->owner, owner, olen);
	sgn_name_lower(key->owner);
	sgn_buf_init(&key->rdata);
	err = sgn_buf_append(&key->rdata, rdata, len);
	if (err != SGN_OK) {
		goto fail;
	}
	key->tag = sgn_keytag(rdata, len);
	key->row = sgn__alg_find(rdata[3]);
	key->priv = priv;
	priv = NULL;
	load_pub(key);
	*out = key;
	return SGN_OK;
fail:
	if (priv != NULL) {
		const struct sgn__alg_row *row = len >= 4 ? sgn__alg_find(rdata[3]) : NULL;
		if (row != NULL && row->be != NULL) {
			row->be->priv_free(priv);
		}
	}
	sgn_key_free(key);
	return err;
}

sgn_err_t sgn_key_from_dnskey(sgn_key_t **out, const uint8_t *owner, const uint8_t *rdata,
                              size_t len)
{
	return sgn__key_new(out, owner, rdata, len, NULL);
}

sgn_err_t sgn_key_generate(sgn_key_t **out, const uint8_t *owner, uint8_t alg, unsigned bits,
                           uint16_t flags)
{
	const struct sgn__alg_row *row = sgn__alg_find(alg);
	void *priv = NULL;
	sgn_buf_t rdata;
	*out = NULL;
	if (!sgn_alg_can_sign(alg)) {
		return SGN_EUNSUPPORTED;
	}
	if (bits == 0) {
		bits = row->bits_default;
	}
	if (bits < row->bits_min || bits > row->bits_max) {
		return SGN_EINVAL;
	}
	sgn_buf_init(&rdata);
	sgn_err_t err = row->be->keygen(row, bits, &priv);
	if (err == SGN_OK) {
		uint8_t hdr[4] = { (uint8_t)(flags >> 8), (uint8_t)flags, SGN_DNSKEY_PROTOCOL, alg };
		err = sgn_buf_append(&rdata, hdr, sizeof(hdr));
	}
	if (err == SGN_OK) {
		err = row->be->priv_to_pub(row, priv, &rdata);
	}
	if (err == SGN_OK) {
		err = sgn__key_new(out, owner, rdata.data, rdata.len, priv);
		priv = NULL;
	}
	if (priv != NULL) {
		row->be->priv_free(priv);
	}
	sgn_buf_release(&rdata);
	return err;
}

sgn_err_t sgn_key_dup(sgn_key_t **out, const sgn_key_t *key)
{
	void *priv = NULL;
	*out = NULL;
	if (key->priv != NULL) {
		sgn_err_t err = key->row->be->priv_ref(key->priv, &priv);
		if (err != SGN_OK) {
			return err;
		}
	}
	sgn_err_t err = sgn__key_new(out, key->owner, key->rdata.data, key->rdata.len, priv);
	if (err == SGN_OK) {
		(*out)->ttl = key->ttl;
		memcpy((*out)->time_set, key->time_set, sizeof(key->time_set));
		memcpy((*out)->times, key->times, sizeof(key->times));
	}
	return err;
}

/* -- accessors -- */

const uint8_t *sgn_key_get_owner(const sgn_key_t *key)
{
	return key->owner;
}

uint16_t sgn_key_get_flags(const sgn_key_t *key)
{
	return sgn__get16(key->rdata.data);
}

uint8_t sgn_key_get_algorithm(const sgn_key_t *key)
{
	return key->rdata.data[3];
}

uint16_t sgn_key_get_tag(const sgn_key_t *key)
{
	return key->tag;
}

unsigned sgn_key_get_bits(const sgn_key_t *key)
{
	if (key->pub == NULL) {
		return 0;
	}
	return key->row->be->pub_bits(key->row, key->pub);
}

sgn_rdata_t sgn_key_get_rdata(const sgn_key_t *key)
{
	sgn_rdata_t r = { key->rdata.data, (uint16_t)key->rdata.len };
	return r;
}

uint32_t sgn_key_get_ttl(const sgn_key_t *key)
{
	return key->ttl;
}

void sgn_key_set_ttl(sgn_key_t *key, uint32_t ttl)
{
	key->ttl = ttl;
}

sgn_err_t sgn_key_set_flags(sgn_key_t *key, uint16_t flags)
{
	sgn__put16(key->rdata.data, flags);
	key->tag = sgn_keytag(key->rdata.data, key->rdata.len);
	return SGN_OK;
}

bool sgn_key_has_private(const sgn_key_t *key)
{
	return key->priv != NULL;
}

bool sgn_key_is_sep(const sgn_key_t *key)
{
	return (sgn_key_get_flags(key) & SGN_DNSKEY_SEP) != 0;
}

bool sgn_key_can_verify(const sgn_key_t *key)
{
	return key->pub != NULL;
}

bool sgn_key_get_time(const sgn_key_t *key, int64_t *when, sgn_key_event_t ev)
{
	if ((unsigned)ev >= SGN_KEY_EVENT__COUNT || !key->time_set[ev]) {
		return false;
	}
	if (when != NULL) {
		*when = key->times[ev];
	}
	return true;
}

void sgn_key_set_time(sgn_key_t *key, sgn_key_event_t ev, bool set, int64_t when)
{
	if ((unsigned)ev < SGN_KEY_EVENT__COUNT) {
		key->time_set[ev] = set;
		key->times[ev] = set ? when : 0;
	}
}

sgn_err_t sgn_key_check_timing(const sgn_key_t *key, sgn_diag_t *diag)
{
	static const sgn_key_event_t order[][2] = {
		{ SGN_KEY_PUBLISH, SGN_KEY_ACTIVATE },   { SGN_KEY_ACTIVATE, SGN_KEY_INACTIVE },
		{ SGN_KEY_INACTIVE, SGN_KEY_DELETE },    { SGN_KEY_PUBLISH, SGN_KEY_DELETE },
		{ SGN_KEY_ACTIVATE, SGN_KEY_DELETE },    { SGN_KEY_ACTIVATE, SGN_KEY_REVOKE },
		{ SGN_KEY_REVOKE, SGN_KEY_DELETE },      { SGN_KEY_SYNC_PUBLISH, SGN_KEY_SYNC_DELETE },
	};
	for (size_t i = 0; i < ARRAY_LEN(order); i++) {
		int64_t a, b;
		if (sgn_key_get_time(key, &a, order[i][0]) && sgn_key_get_time(key, &b,
		    order[i][1]) &&
		    a > b) {
			return sgn_diag_set(diag, SGN_EINVAL, "", 0, "%s time is after the %s time",
			                    sgn_key_event_name(order[i][0]),
			                    sgn_key_event_name(order[i][1]));
		}
	}
	return SGN_OK;
}

bool sgn_key_matches_rdata(const sgn_key_t *key, const uint8_t *rdata, size_t len,
                           bool same_flags)
{
	if (len != key->rdata.len || len < 4) {
		return false;
	}
	uint16_t a = sgn__get16(key->rdata.data), b = sgn__get16(rdata);
	if (same_flags ? a != b : (a & ~SGN_DNSKEY_REVOKE) != (b & ~SGN_DNSKEY_REVOKE)) {
		return false;
	}
	return memcmp(key->rdata.data + 2, rdata + 2, len - 2) == 0;
}

/* -- crypto -- */

struct sgn__keyctx {
	const struct sgn__alg_row *row;
	void *ctx;
};

sgn_err_t sgn__keyctx_new(const sgn_key_t *key, bool sign, struct sgn__keyctx **out)
{
	*out = NULL;
	if (key->row == NULL || key->row->be == NULL) {
		return SGN_EUNSUPPORTED;
	}
	const void *k = sign ? key->priv : key->pub;
	if (k == NULL) {
		return SGN_EKEY;
	}
	struct sgn__keyctx *c = malloc(sizeof(*c));
	if (c == NULL) {
		return SGN_ENOMEM;
	}
	c->row = key->row;
	sgn_err_t err = key->row->be->ctx_new(key->row, k, sign, &c->ctx);
	if (err != SGN_OK) {
		free(c);
		return err;
	}
	*out = c;
	return SGN_OK;
}

sgn_err_t sgn__keyctx_sign(struct sgn__keyctx *c, const uint8_t *msg, size_t len, sgn_buf_t *sig)
{
	return c->row->be->ctx_sign(c->row, c->ctx, msg, len, sig);
}

sgn_err_t sgn__keyctx_verify(struct sgn__keyctx *c, const uint8_t *msg, size_t len,
                             const uint8_t *sig, size_t siglen, bool *valid)
{
	return c->row->be->ctx_verify(c->row, c->ctx, msg, len, sig, siglen, valid);
}

void sgn__keyctx_free(struct sgn__keyctx *c)
{
	if (c != NULL) {
		c->row->be->ctx_free(c->ctx);
		free(c);
	}
}

sgn_err_t sgn_key_sign(const sgn_key_t *key, sgn_buf_t *sig, const uint8_t *data, size_t len)
{
	struct sgn__keyctx *c;
	sgn_err_t err = sgn__keyctx_new(key, true, &c);
	if (err == SGN_EUNSUPPORTED) {
		err = SGN_EKEY;
	}
	if (err == SGN_OK) {
		err = sgn__keyctx_sign(c, data, len, sig);
		sgn__keyctx_free(c);
	}
	return err;
}

sgn_err_t sgn_key_verify(const sgn_key_t *key, bool *valid, const uint8_t *data,
                         size_t len, const uint8_t *sig, size_t siglen)
{
	struct sgn__keyctx *c;
	*valid = false;
	sgn_err_t err = sgn__keyctx_new(key, false, &c);
	if (err == SGN_OK) {
		err = sgn__keyctx_verify(c, data, len, sig, siglen, valid);
		sgn__keyctx_free(c);
	}
	return err;
}
