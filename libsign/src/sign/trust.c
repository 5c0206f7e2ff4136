/* SPDX-License-Identifier: MIT */
/* Taking earlier signatures on trust: a zone file that ends with our authenticator line
 * (auth.c), or a zone whose ZONEMD digest (RFC 8976) matches its content and carries a
 * valid RRSIG by one of our active keys, was produced by us as a whole, so each RRSIG in it
 * is known valid for the data it covers there. This is what lets a re-sign skip thousands
 * of verifications. */
#include <string.h>

#include <libsign/rrsig.h>

#include "../pool/pool.h"
#include "../zone/zonemd.h"
#include "signer.h"

/* One ZONEMD record we can check: SIMPLE, a supported hash, the SOA's serial. */
static bool zonemd_matches(const sgn_zone_t *src, const sgn_rdata_t *rd, uint32_t serial,
                           unsigned threads)
{
	uint8_t digest[SGN__ZONEMD_DIGEST_MAX];
	size_t len = 0;
	if (rd->len < 6 || sgn__get32(rd->data) != serial ||
	    rd->data[4] != SGN__ZONEMD_SCHEME_SIMPLE || sgn__zonemd_digest_size(rd->data[5]) == 0 ||
	    (size_t)rd->len - 6 != sgn__zonemd_digest_size(rd->data[5])) {
		return false;
	}
	return sgn__zonemd_compute(src, rd->data[5], threads, digest, &len) == SGN_OK &&
	       len == (size_t)rd->len - 6 && memcmp(digest, rd->data + 6, len) == 0;
}

sgn_err_t sgn__signer_check_trust(struct sgn__signer *s, const sgn_zone_t *src, bool *trusted)
{
	/* The file's own authenticator first: one HMAC, where ZONEMD needs a digest of the
	 * zone and a signature check. */
	*trusted = sgn_name_equal(src->apex, s->zone->apex) && sgn__signer_auth_ok(s, src);
	if (*trusted) {
		return SGN_OK;
	}
	const sgn_node_t *apex = src->apex_node;
	const struct sgn__zrrset *zm = apex != NULL ? sgn__node_rrset(apex, SGN_TYPE_ZONEMD) : NULL;
	const struct sgn__zrrset *soa = apex != NULL ? sgn__node_rrset(apex, SGN_TYPE_SOA) : NULL;
	if (zm == NULL || soa == NULL || zm->v.sig_count == 0 ||
	    !sgn_name_equal(src->apex, s->zone->apex)) {
		return SGN_OK;
	}
	const sgn_rdata_t *srd = &soa->v.rrset.rdata[0];
	uint32_t serial = sgn__get32(srd->data + srd->len - 20);
	bool digest_ok = false;
	for (size_t i = 0; i < zm->v.rrset.count && !digest_ok; i++) {
		digest_ok = zonemd_matches(src, &zm->v.rrset.rdata[i], serial,
		                           sgn__pool_threads(s->pol->threads));
	}
	if (!digest_ok) {
		return SGN_OK;
	}
	sgn_sigcheck_opts_t opts = { .now = s->pol->now };
	sgn_buf_t scratch;
	sgn_buf_init(&scratch);
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < zm->v.sig_count && !*trusted && err == SGN_OK; i++) {
		for (size_t k = 0; k < s->nkeys && !*trusted && err == SGN_OK; k++) {
			sgn_sig_result_t res;
			err = sgn_rrsig_check(&res, &zm->v.rrset, zm->v.sigs[i].data,
			                      zm->v.sigs[i].len, s->keys[k].key, &opts, &scratch);
			*trusted = err == SGN_OK && res == SGN_SIG_VALID;
		}
	}
	sgn_buf_release(&scratch);
	return err;
}
