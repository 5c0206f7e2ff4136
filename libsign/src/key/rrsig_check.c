/* SPDX-License-Identifier: MIT */
/* Checking one RRSIG over an RRset with one candidate DNSKEY (RFC 4035 §5.3), in the order
 * structure, key eligibility, validity window, crypto: cheap checks first, each failure
 * with its own result. */
#include <libsign/alg.h>
#include <libsign/name.h>
#include <libsign/rrsig.h>

#include "../internal.h"
#include "rrsig_check.h"

static const char *const result_names[] = {
	[SGN_SIG_VALID] = "signature valid",
	[SGN_SIG_MALFORMED] = "malformed RRSIG",
	[SGN_SIG_TYPE_MISMATCH] = "type covered differs from the RRset type",
	[SGN_SIG_LABELS] = "labels field larger than the owner's label count",
	[SGN_SIG_SIGNER] = "signer name does not match the key owner or zone",
	[SGN_SIG_ALG_MISMATCH] = "algorithm differs from the key's",
	[SGN_SIG_TAG_MISMATCH] = "key tag differs from the key's",
	[SGN_SIG_KEY_NOT_ZONE] = "DNSKEY lacks the ZONE flag",
	[SGN_SIG_KEY_PROTOCOL] = "DNSKEY protocol is not 3",
	[SGN_SIG_KEY_REVOKED] = "DNSKEY is revoked",
	[SGN_SIG_UNSUPPORTED] = "algorithm not supported",
	[SGN_SIG_NOT_YET_VALID] = "signature not yet valid",
	[SGN_SIG_EXPIRED] = "signature expired",
	[SGN_SIG_BAD] = "signature does not verify",
};
_Static_assert(ARRAY_LEN(result_names) == SGN_SIG_RESULT__COUNT, "one text per result");

const char *sgn_sig_result_str(sgn_sig_result_t res)
{
	return (unsigned)res < ARRAY_LEN(result_names) ? result_names[res] : "unknown";
}

/* Structure and key checks: every reason a signature cannot count before any crypto. */
sgn_sig_result_t sgn__rrsig_precheck(const sgn_rrset_t *rrset, const sgn_rrsig_view_t *sig,
                                     const sgn_key_t *key, const sgn_sigcheck_opts_t *opts)
{
	sgn_dnskey_view_t dk;
	sgn_rdata_t kr = sgn_key_get_rdata(key);
	if (sgn_dnskey_parse(&dk, kr.data, kr.len) != SGN_OK) {
		return SGN_SIG_MALFORMED;
	}
	if (sig->type_covered != rrset->type) {
		return SGN_SIG_TYPE_MISMATCH;
	}
	if (sig->labels > sgn_name_labels(rrset->owner)) { /* RFC 4035 §5.3.1 */
		return SGN_SIG_LABELS;
	}
	if (!sgn_name_equal(sig->signer, sgn_key_get_owner(key)) ||
	    !sgn_name_is_subdomain(rrset->owner, sig->signer)) {
		return SGN_SIG_SIGNER;
	}
	if (sig->algorithm != dk.algorithm) {
		return SGN_SIG_ALG_MISMATCH;
	}
	if (sig->key_tag != sgn_key_get_tag(key)) {
		return SGN_SIG_TAG_MISMATCH;
	}
	if (!(dk.flags & SGN_DNSKEY_ZONE)) {
		return SGN_SIG_KEY_NOT_ZONE;
	}
	if (dk.protocol != SGN_DNSKEY_PROTOCOL) {
		return SGN_SIG_KEY_PROTOCOL;
	}
	if ((dk.flags & SGN_DNSKEY_REVOKE) && !opts->allow_revoked) {
		return SGN_SIG_KEY_REVOKED;
	}
	if (!sgn_alg_can_verify(dk.algorithm)) {
		return SGN_SIG_UNSUPPORTED;
	}
	if (!opts->skip_time) {
		int cmp;
		sgn_sig_time_check(&cmp, sig->inception, sig->expiration, opts->now);
		if (cmp < 0) {
			return SGN_SIG_NOT_YET_VALID;
		}
		if (cmp > 0) {
			return SGN_SIG_EXPIRED;
		}
	}
	return SGN_SIG_VALID;
}

sgn_err_t sgn__rrsig_check_ctx(sgn_sig_result_t *result, const sgn_rrset_t *rrset,
                               const uint8_t *rrsig,
                               size_t rrsig_len, const sgn_key_t *key,
                               struct sgn__keyctx *ctx, const sgn_sigcheck_opts_t *opts,
                               sgn_buf_t *scratch)
{
	sgn_rrsig_view_t sig;
	sgn_buf_t local;
	if (sgn_rrsig_parse(&sig, rrsig, rrsig_len) != SGN_OK) {
		*result = SGN_SIG_MALFORMED;
		return SGN_OK;
	}
	*result = sgn__rrsig_precheck(rrset, &sig, key, opts);
	if (*result != SGN_SIG_VALID) {
		return SGN_OK;
	}
	if (scratch == NULL) {
		sgn_buf_init(&local);
		scratch = &local;
	}
	scratch->len = 0;
	sgn_err_t err = sgn_rrset_signing_data(scratch, rrsig, sig.prefix_len, rrset);
	bool valid = false;
	if (err == SGN_EPARSE) {
		*result = SGN_SIG_MALFORMED;
		err = SGN_OK;
	} else if (err == SGN_OK) {
		err = ctx != NULL ? sgn__keyctx_verify(ctx, scratch->data, scratch->len, sig.signature,
		                                       sig.signature_len, &valid)
		                  : sgn_key_verify(key, &valid, scratch->data, scratch->len,
		                                   sig.signature, sig.signature_len);
		if (err == SGN_EKEY) { /* a public key the backend cannot load never verifies */
			err = SGN_OK;
		}
		*result = valid ? SGN_SIG_VALID : SGN_SIG_BAD;
	}
	if (scratch == &local) {
		sgn_buf_release(&local);
	}
	return err;
}

sgn_err_t sgn_rrsig_check(sgn_sig_result_t *result, const sgn_rrset_t *rrset, const uint8_t *rrsig,
                          size_t rrsig_len, const sgn_key_t *key,
                          const sgn_sigcheck_opts_t *opts, sgn_buf_t *scratch)
{
	return sgn__rrsig_check_ctx(result, rrset, rrsig, rrsig_len, key, NULL, opts, scratch);
}
