/* SPDX-License-Identifier: MIT */
/* RRSIG creation over one RRset (RFC 4034 §3.1, RFC 4035 §2.2). */
#include <string.h>

#include <libsign/name.h>
#include <libsign/sign.h>

#include "../internal.h"
#include "../key/keyctx.h"
#include "rrsig.h"

sgn_err_t sgn__rrset_sign_ctx(sgn_buf_t *rrsig, const sgn_rrset_t *rrset,
                              const sgn_key_t *key, struct sgn__keyctx *ctx,
                              const sgn_sig_window_t *window, sgn_buf_t *scratch)
{
	const uint8_t *signer = sgn_key_get_owner(key);
	size_t signer_len = sgn_name_len(signer, SGN_NAME_MAX);
	uint8_t prefix[18 + SGN_NAME_MAX];
	sgn_buf_t local;
	sgn_err_t err;

	if (!sgn_key_has_private(key)) {
		return SGN_EKEY;
	}
	if (rrset->type == SGN_TYPE_RRSIG || !sgn_name_is_subdomain(rrset->owner, signer)) {
		return SGN_EINVAL;
	}
	sgn__put16(prefix, rrset->type);
	prefix[2] = sgn_key_get_algorithm(key);
	prefix[3] = (uint8_t)sgn_name_rrsig_labels(rrset->owner);
	sgn__put32(prefix + 4, rrset->ttl);
	sgn__put32(prefix + 8, window->expiration);
	sgn__put32(prefix + 12, window->inception);
	sgn__put16(prefix + 16, sgn_key_get_tag(key));
	memcpy(prefix + 18, signer, signer_len);

	if (scratch == NULL) {
		sgn_buf_init(&local);
		scratch = &local;
	}
	scratch->len = 0;
	err = sgn_rrset_signing_data(scratch, prefix, 18 + signer_len, rrset);
	if (err == SGN_OK) {
		err = sgn_buf_append(rrsig, prefix, 18 + signer_len);
	}
	if (err == SGN_OK) {
		size_t before = rrsig->len;
		err = ctx != NULL ? sgn__keyctx_sign(ctx, scratch->data, scratch->len, rrsig)
		                  : sgn_key_sign(key, rrsig, scratch->data, scratch->len);
		if (err != SGN_OK) {
			rrsig->len = before - 18 - signer_len;
		}
	}
	if (scratch == &local) {
		sgn_buf_release(&local);
	}
	return err;
}

sgn_err_t sgn_rrset_sign(sgn_buf_t *rrsig, const sgn_rrset_t *rrset,
                         const sgn_key_t *key, const sgn_sig_window_t *window, sgn_buf_t *scratch)
{
	return sgn__rrset_sign_ctx(rrsig, rrset, key, NULL, window, scratch);
}
