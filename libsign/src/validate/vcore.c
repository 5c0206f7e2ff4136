/* SPDX-License-Identifier: MIT */
/* The validator core: one RRset's RRSIGs against one signer's DNSKEYs (RFC 4035 §5.3). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/name.h>
#include <libsign/time.h>

#include "../internal.h"
#include "../key/rrsig_check.h"
#include "vcore.h"

/* -- outcomes -- */

static const char *const status_names[] = {
	[SGN_SECURE] = "secure",
	[SGN_INSECURE] = "insecure",
	[SGN_BOGUS] = "bogus",
	[SGN_INDETERMINATE] = "indeterminate",
};

const char *sgn_status_str(sgn_status_t status)
{
	return (unsigned)status < ARRAY_LEN(status_names) ? status_names[status] : "unknown";
}

/* -- keysets -- */

sgn_err_t sgn__keyset_init(struct sgn__keyset *ks, const uint8_t *signer, const sgn_rdata_t *rd,
                           size_t n)
{
	memset(ks, 0, sizeof(*ks));
	memcpy(ks->signer, signer, sgn_name_len(signer, SGN_NAME_MAX));
	ks->keys = calloc(n + 1, sizeof(*ks->keys));
	if (ks->keys == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < n; i++) {
		sgn_err_t err = sgn_key_from_dnskey(&ks->keys[ks->n], signer, rd[i].data, rd[i].len);
		if (err == SGN_ENOMEM) {
			return err;
		}
		if (err == SGN_OK) {
			ks->n++;
		}
	}
	return SGN_OK;
}

void sgn__keyset_release(struct sgn__keyset *ks)
{
	for (size_t i = 0; i < ks->n; i++) {
		sgn_key_free(ks->keys[i]);
	}
	free(ks->keys);
	memset(ks, 0, sizeof(*ks));
}

/* -- worker state -- */

void sgn__vctx_init(struct sgn__vctx *v, int64_t now, const sgn_limits_t *limits,
                    struct sgn__budget *budget, sgn_findings_t *findings)
{
	memset(v, 0, sizeof(*v));
	v->now = now;
	v->limits = limits;
	v->budget = budget;
	v->findings = findings;
	sgn_buf_init(&v->scratch);
}

void sgn__vctx_forget(struct sgn__vctx *v)
{
	for (size_t i = 0; v->ks != NULL && i < v->ks->n; i++) {
		sgn__keyctx_free(v->ctx[i]);
	}
	free(v->ctx);
	v->ctx = NULL;
	v->ks = NULL;
}

void sgn__vctx_release(struct sgn__vctx *v)
{
	sgn__vctx_forget(v);
	sgn_buf_release(&v->scratch);
}

/* Contexts are per key of one keyset; switching keysets drops them. */
static sgn_err_t bind(struct sgn__vctx *v, const struct sgn__keyset *ks)
{
	if (v->ks == ks) {
		return SGN_OK;
	}
	sgn__vctx_forget(v);
	v->ctx = calloc(ks->n + 1, sizeof(*v->ctx));
	if (v->ctx == NULL) {
		return SGN_ENOMEM;
	}
	v->ks = ks;
	return SGN_OK;
}

/* Take one unit of the shared budget; false (with one finding overall) when it is spent. */
static bool spend(struct sgn__vctx *v, const sgn_rrset_t *r)
{
	uint64_t used = atomic_fetch_add(&v->budget->used, 1);
	if (used < v->budget->max) {
		return true;
	}
	bool was = atomic_exchange(&v->budget->reported, true);
	if (!was) {
		(void)sgn__vfind(v->findings, SGN_FIND_LIMIT_WORK, r->owner, r->type, -1, 0, 0,
		                 "%llu signature verifications", (unsigned long long)v->budget->max);
	}
	return false;
}

/* -- one RRSIG -- */

static const sgn_finding_code_t result_finding[SGN_SIG_RESULT__COUNT] = {
	[SGN_SIG_VALID] = SGN_FIND__COUNT,
	[SGN_SIG_MALFORMED] = SGN_FIND_RRSIG_MALFORMED,
	[SGN_SIG_TYPE_MISMATCH] = SGN_FIND_RRSIG_MALFORMED,
	[SGN_SIG_LABELS] = SGN_FIND_RRSIG_LABELS,
	[SGN_SIG_SIGNER] = SGN_FIND_RRSIG_SIGNER,
	[SGN_SIG_ALG_MISMATCH] = SGN_FIND_RRSIG_NO_KEY,
	[SGN_SIG_TAG_MISMATCH] = SGN_FIND_RRSIG_NO_KEY,
	[SGN_SIG_KEY_NOT_ZONE] = SGN_FIND_RRSIG_KEY_NOT_ZONE,
	[SGN_SIG_KEY_PROTOCOL] = SGN_FIND_RRSIG_KEY_PROTOCOL,
	[SGN_SIG_KEY_REVOKED] = SGN_FIND_RRSIG_KEY_REVOKED,
	[SGN_SIG_UNSUPPORTED] = SGN_FIND_RRSIG_ALGORITHM_UNSUPPORTED,
	[SGN_SIG_NOT_YET_VALID] = SGN_FIND_RRSIG_NOT_YET_VALID,
	[SGN_SIG_EXPIRED] = SGN_FIND_RRSIG_EXPIRED,
	[SGN_SIG_BAD] = SGN_FIND_RRSIG_BOGUS,
};

/* Field checks that need no key. SGN_FIND__COUNT when all hold. */
static sgn_finding_code_t structure(const sgn_rrset_t *r, const sgn_rrsig_view_t *s,
                                    const struct sgn__keyset *ks,
                                    const struct sgn__rrset_check *chk)
{
	unsigned labels = chk->zone_data ? sgn_name_rrsig_labels(r->owner) : sgn_name_labels(r->owner);
	if (s->type_covered != r->type) {
		return SGN_FIND_RRSIG_MALFORMED;
	}
	if (chk->zone_data ? s->labels != labels : s->labels > labels) {
		return SGN_FIND_RRSIG_LABELS;
	}
	if (!sgn_name_equal(s->signer, ks->signer)) {
		return SGN_FIND_RRSIG_SIGNER;
	}
	if (chk->zone_data && s->original_ttl != r->ttl) {
		return SGN_FIND_RRSIG_ORIGINAL_TTL;
	}
	return SGN_FIND__COUNT;
}

static void note_expiry(struct sgn__rrset_result *res, int64_t exp, bool valid)
{
	if (!res->has_expiry || exp < res->earliest) {
		res->earliest = exp;
		res->has_expiry = true;
	}
	if (valid && (!res->has_valid_expiry || exp < res->valid_earliest)) {
		res->valid_earliest = exp;
		res->has_valid_expiry = true;
	}
}

/* Try the candidate keys of one RRSIG: those with its algorithm and tag, at most
 * keys_per_tag of them. */
static sgn_err_t check_sig(struct sgn__vctx *v, const sgn_zone_rrset_t *rs, const sgn_rdata_t *sig,
                           const struct sgn__keyset *ks, const struct sgn__rrset_check *chk,
                           struct sgn__rrset_result *res)
{
	const sgn_rrset_t *r = &rs->rrset;
	sgn_rrsig_view_t s;
	if (sgn_rrsig_parse(&s, sig->data, sig->len) != SGN_OK) {
		return sgn__vfind(v->findings, SGN_FIND_RRSIG_MALFORMED, r->owner, r->type, -1, 0, 0, NULL);
	}
	int64_t exp = sgn_time_from_serial(s.expiration, v->now);
	note_expiry(res, exp, false);
	sgn_finding_code_t f = structure(r, &s, ks, chk);
	if (f != SGN_FIND__COUNT) {
		return sgn__vfind(v->findings, f, r->owner, r->type, s.key_tag, s.algorithm, 0,
		                  f == SGN_FIND_RRSIG_LABELS ? "labels %u" : NULL, s.labels);
	}
	size_t candidates = 0;
	sgn_sig_result_t last = SGN_SIG_TAG_MISMATCH;
	for (size_t k = 0; k < ks->n; k++) {
		const sgn_key_t *key = ks->keys[k];
		if (sgn_key_get_algorithm(key) != s.algorithm || sgn_key_get_tag(key) != s.key_tag) {
			continue;
		}
		if (++candidates > v->limits->keys_per_tag) {
			res->limited = true;
			return sgn__vfind(v->findings, SGN_FIND_LIMIT_KEYS_PER_TAG, r->owner, r->type,
			                  s.key_tag, s.algorithm, 0, "more than %u keys",
			                  v->limits->keys_per_tag);
		}
		if (v->ctx[k] == NULL && sgn_key_can_verify(key)) {
			sgn_err_t err = sgn__keyctx_new(key, false, &v->ctx[k]);
			if (err == SGN_ENOMEM) {
				return err;
			}
		}
		sgn_sigcheck_opts_t opts = { .now = v->now, .allow_revoked = chk->allow_revoked };
		/* Everything but the crypto first: the budget pays for crypto only. */
		last = sgn__rrsig_precheck(r, &s, key, &opts);
		if (last == SGN_SIG_EXPIRED || last == SGN_SIG_NOT_YET_VALID) {
			if (res->key_timed != NULL) {
				res->key_timed[k] = true;
			}
			break; /* a property of the signature: no other key changes it */
		}
		if (last != SGN_SIG_VALID) {
			continue;
		}
		if (!spend(v, r)) {
			res->limited = true;
			return SGN_OK;
		}
		v->verifications++;
		sgn_err_t err = sgn__rrsig_check_ctx(&last, r, sig->data, sig->len, key, v->ctx[k],
		                                     &opts,
		                                     &v->scratch);
		if (err != SGN_OK) {
			return err;
		}
		if (last == SGN_SIG_VALID) {
			sgn__alg_set(res->algs, s.algorithm);
			res->nvalid++;
			res->labels = s.labels > res->labels ? s.labels : res->labels;
			if (res->key_valid != NULL) {
				res->key_valid[k] = true;
			}
			v->valid++;
			note_expiry(res, exp, true);
			return SGN_OK;
		}
	}
	f = candidates == 0 ? SGN_FIND_RRSIG_NO_KEY : result_finding[last];
	return sgn__vfind(v->findings, f, r->owner, r->type, s.key_tag, s.algorithm,
	                  f == SGN_FIND_RRSIG_EXPIRED || f == SGN_FIND_RRSIG_NOT_YET_VALID ? exp : 0,
	                  NULL);
}

sgn_err_t sgn__rrset_validate(struct sgn__vctx *v, const sgn_zone_rrset_t *rs,
                              const struct sgn__keyset *ks, const struct sgn__rrset_check *chk,
                              struct sgn__rrset_result *res)
{
	sgn_err_t err = bind(v, ks);
	size_t n = rs->sig_count;
	if (n > v->limits->sigs_per_rrset) {
		res->limited = true;
		err = sgn__vfind(v->findings, SGN_FIND_LIMIT_SIGS_PER_RRSET, rs->rrset.owner,
		                 rs->rrset.type, -1, 0, 0, "%zu signatures, limit %u", n,
		                 v->limits->sigs_per_rrset);
		n = v->limits->sigs_per_rrset;
	}
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		v->examined++;
		err = check_sig(v, rs, &rs->sigs[i], ks, chk, res);
	}
	return err;
}
