/* SPDX-License-Identifier: MIT */
/* The child's keys and the new DS set: which keys sign the DNSKEY RRset validly now, and
 * whether every DS of the new set names such a key and passes the policy. The signature
 * checks are the validator core's (vcore.h, which goes through rrsig.h). */
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/name.h>
#include <libsign/time.h>

#include "../internal.h"
#include "dsc.h"

/* The RRSIGs of @p rs made at or after the replay bound, in @p copy (which borrows them). */
static sgn_err_t fresh_sigs(struct sgn__dsc *d, const sgn_zone_rrset_t *rs, sgn_zone_rrset_t *copy,
                            sgn_rdata_t **store)
{
	const sgn_dsc_policy_t *p = &d->o->policy;
	*copy = *rs;
	*store = NULL;
	if (!p->has_not_before || rs->sig_count == 0) {
		return SGN_OK;
	}
	*store = calloc(rs->sig_count, sizeof(**store));
	if (*store == NULL) {
		return SGN_ENOMEM;
	}
	size_t n = 0;
	for (size_t i = 0; i < rs->sig_count; i++) {
		sgn_rrsig_view_t s;
		if (sgn_rrsig_parse(&s, rs->sigs[i].data, rs->sigs[i].len) == SGN_OK &&
		    sgn_time_from_serial(s.inception, d->o->now) < p->not_before) {
			d->stale = true;
			continue;
		}
		(*store)[n++] = rs->sigs[i];
	}
	copy->sigs = *store;
	copy->sig_count = n;
	return SGN_OK;
}

/* The newest inception among the signatures of @p rs by keys marked in @p valid. */
static void note_inception(struct sgn__dsc *d, const sgn_zone_rrset_t *rs, const bool *valid)
{
	for (size_t i = 0; i < rs->sig_count; i++) {
		sgn_rrsig_view_t s;
		if (sgn_rrsig_parse(&s, rs->sigs[i].data, rs->sigs[i].len) != SGN_OK) {
			continue;
		}
		for (size_t k = 0; k < d->keys.n; k++) {
			int64_t t = sgn_time_from_serial(s.inception, d->o->now);
			if (valid[k] && sgn_key_get_tag(d->keys.keys[k]) == s.key_tag &&
			    sgn_key_get_algorithm(d->keys.keys[k]) == s.algorithm &&
			    t > d->res->newest_inception) {
				d->res->newest_inception = t;
			}
		}
	}
}

/* Validate @p rs with the child's keys; @p valid (keys.n) receives the keys that made a
 * valid, fresh signature. */
static sgn_err_t validate(struct sgn__dsc *d, const sgn_zone_rrset_t *rs, bool allow_revoked,
                          bool *valid, uint8_t *algs)
{
	sgn_zone_rrset_t copy;
	sgn_rdata_t *store;
	struct sgn__rrset_check chk = { .allow_revoked = allow_revoked };
	struct sgn__rrset_result res;
	memset(&res, 0, sizeof(res));
	res.key_valid = valid;
	sgn_err_t err = fresh_sigs(d, rs, &copy, &store);
	if (err == SGN_OK) {
		err = sgn__rrset_validate(&d->v, &copy, &d->keys, &chk, &res);
	}
	if (err == SGN_OK && algs != NULL) {
		memcpy(algs, res.algs, sizeof(res.algs));
	}
	if (err == SGN_OK) {
		note_inception(d, rs, valid);
	}
	free(store);
	return err;
}

sgn_err_t sgn__dsc_keys(struct sgn__dsc *d)
{
	if (d->dnskey == NULL) {
		return sgn__dsc_find(d, SGN_FIND_DSC_DNSKEY_MISSING, SGN_TYPE_DNSKEY, -1, 0, "%s",
		                     "the child zone is not signed, or its servers hide the keys");
	}
	sgn_err_t err = sgn__keyset_init(&d->keys, d->in->domain, d->dnskey->rrset.rdata,
	                                 d->dnskey->rrset.count);
	d->signs = err == SGN_OK ? calloc(d->keys.n + 1, sizeof(bool)) : NULL;
	if (err != SGN_OK || d->signs == NULL) {
		return SGN_ENOMEM;
	}
	/* A revoked key's self-signature is no reason to trust the set (RFC 5011 section 2.1):
	 * signs[] of revoked keys is cleared below. */
	err = validate(d, d->dnskey, true, d->signs, d->signing_algs);
	for (size_t k = 0; k < d->keys.n; k++) {
		if (sgn_key_get_flags(d->keys.keys[k]) & SGN_DNSKEY_REVOKE) {
			d->signs[k] = false;
		}
	}
	return err;
}

sgn_err_t sgn__dsc_signed_by(struct sgn__dsc *d, const sgn_zone_rrset_t *rs, const bool *trusted,
                             bool *ok)
{
	bool *valid = calloc(d->keys.n + 1, sizeof(bool));
	*ok = false;
	if (valid == NULL) {
		return SGN_ENOMEM;
	}
	sgn_err_t err = validate(d, rs, false, valid, NULL);
	for (size_t k = 0; k < d->keys.n; k++) {
		*ok = *ok || (valid[k] && trusted[k]);
	}
	free(valid);
	return err;
}

void sgn__dsc_named_by(const struct sgn__dsc *d, const sgn_dsset_t *set, bool *out)
{
	for (size_t k = 0; k < d->keys.n; k++) {
		sgn_rdata_t kr = sgn_key_get_rdata(d->keys.keys[k]);
		for (size_t i = 0; i < set->n && !out[k]; i++) {
			bool match = false;
			out[k] = sgn_ds_match(&match, set->rd[i].data, set->rd[i].len,
			                      d->in->domain, kr.data,
			                      kr.len) == SGN_OK &&
			         match;
		}
	}
}

/* -- the new set -- */

/* The policy on one DS: digest type, digest length, algorithm. false: not checkable
 * further (a finding was made, or the policy lets it through unchecked). */
static bool ds_policy(struct sgn__dsc *d, const sgn_ds_view_t *v, sgn_err_t *err)
{
	const sgn_dsc_policy_t *p = &d->o->policy;
	size_t want = sgn_digest_size(v->digest_type);
	if (!sgn_digest_is_supported(v->digest_type) || !sgn_alg_can_verify(v->algorithm)) {
		bool digest = !sgn_digest_is_supported(v->digest_type);
		*err = sgn__dsc_find_as(d, p->allow_unsupported ? SGN_SEV_WARNING : SGN_SEV_ERROR,
		                        SGN_FIND_DSC_UNCHECKABLE, SGN_TYPE_DS, "key %u: %s %u", v->key_tag,
		                        digest ? "digest type" : "algorithm",
		                        digest ? v->digest_type : v->algorithm);
		return false;
	}
	if (v->digest_len != want) {
		*err = sgn__dsc_find(d, SGN_FIND_DSC_DIGEST_LENGTH, SGN_TYPE_DS, v->key_tag, v->algorithm,
		                     "%zu octets, %s takes %zu", v->digest_len,
		                     sgn_digest_mnemonic(v->digest_type), want);
		return false;
	}
	if (v->digest_type == SGN_DIGEST_SHA1 && !p->allow_sha1) {
		*err = sgn__dsc_find(d, SGN_FIND_DSC_DIGEST_NOT_ALLOWED, SGN_TYPE_DS, v->key_tag,
		                     v->algorithm, "SHA-1 (allow it with --allow sha1)");
	}
	if (sgn_alg_is_deprecated(v->algorithm) && !p->allow_deprecated) {
		*err = sgn__dsc_find(d, SGN_FIND_DSC_ALG_NOT_ALLOWED, SGN_TYPE_DS, v->key_tag, v->algorithm,
		                     "%s (allow it with --allow deprecated)", sgn_alg_mnemonic(v->algorithm));
	}
	return true;
}

/* The key one DS names, or -1; its findings when it is unusable. */
static int ds_key(struct sgn__dsc *d, const sgn_rdata_t *ds, const sgn_ds_view_t *v, sgn_err_t *err)
{
	for (size_t k = 0; k < d->keys.n; k++) {
		sgn_rdata_t kr = sgn_key_get_rdata(d->keys.keys[k]);
		uint16_t flags = sgn_key_get_flags(d->keys.keys[k]);
		bool match = false;
		if (sgn_ds_match(&match, ds->data, ds->len, d->in->domain, kr.data,
		    kr.len) != SGN_OK ||
		    !match) {
			continue;
		}
		if (!(flags & SGN_DNSKEY_ZONE) || (flags & SGN_DNSKEY_REVOKE)) {
			*err = sgn__dsc_find(d, SGN_FIND_DSC_DS_KEY_UNUSABLE, SGN_TYPE_DS, v->key_tag,
			                     v->algorithm, "flags %u", flags);
		} else if (!d->signs[k]) {
			*err = sgn__dsc_find(d, SGN_FIND_DSC_DS_KEY_NOT_SIGNING, SGN_TYPE_DS, v->key_tag,
			                     v->algorithm, "%s",
			                     d->stale ? "its signature is older than the replay bound"
			                              : "no valid signature by it over the DNSKEY RRset");
		}
		return (int)k;
	}
	*err = sgn__dsc_find(d, SGN_FIND_DSC_DS_NO_KEY, SGN_TYPE_DS, v->key_tag, v->algorithm,
	                     "DS %u %u %u: no DNSKEY with this tag, algorithm and digest", v->key_tag,
	                     v->algorithm, v->digest_type);
	return -1;
}

sgn_err_t sgn__dsc_check_set(struct sgn__dsc *d)
{
	sgn_dsc_result_t *r = d->res;
	uint8_t algs[32] = { 0 };
	sgn_err_t err = SGN_OK;
	if (d->dnskey == NULL) {
		return SGN_OK; /* reported already */
	}
	for (size_t i = 0; i < r->newset.n && err == SGN_OK; i++) {
		sgn_ds_view_t v;
		int k = -1;
		if (sgn_ds_parse(&v, r->newset.rd[i].data, r->newset.rd[i].len) != SGN_OK) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_DIGEST_LENGTH, SGN_TYPE_DS, -1, 0, "malformed DS");
		} else if (ds_policy(d, &v, &err) && err == SGN_OK) {
			sgn__alg_set(algs, v.algorithm);
			k = ds_key(d, &r->newset.rd[i], &v, &err);
		}
		sgn_rdata_t kr = k >= 0 ? sgn_key_get_rdata(d->keys.keys[k]) : (sgn_rdata_t){ NULL, 0 };
		if (err == SGN_OK) {
			err = sgn__dsset_push(&r->newkeys, kr.data, kr.len);
		}
	}
	/* RFC 4035 section 2.2, RFC 6840 section 5.11: each algorithm of the DS set signs the
	 * DNSKEY RRset (a validator may insist on any of them). */
	for (unsigned a = 0; a < 256 && err == SGN_OK; a++) {
		if (sgn__alg_bit(algs, (uint8_t)a) && !sgn__alg_bit(d->signing_algs, (uint8_t)a)) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_ALG_NOT_SIGNING, SGN_TYPE_DNSKEY, -1, (int)a,
			                    "%s", sgn_alg_mnemonic((uint8_t)a));
		}
	}
	return err;
}
