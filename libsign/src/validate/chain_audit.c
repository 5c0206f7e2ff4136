/* SPDX-License-Identifier: MIT */
/* What an audit report of a chain shows beyond its links: each zone's DNSKEYs and the DS
 * records (or anchors) that vouch for them, the denial records of each link, and warnings
 * that do not change the verdict (signatures about to expire, TTLs longer than the
 * signatures, weak algorithms and keys, NSEC3 iterations). */
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "chain_internal.h"

/* -- warnings, each once per code, owner, type and key -- */

static bool seen(const sgn_findings_t *f, sgn_finding_code_t code, const uint8_t *owner,
                 uint16_t type, int tag)
{
	for (size_t i = 0; i < f->count; i++) {
		const sgn_finding_t *x = &f->items[i];
		if (x->code == code && x->type == type && sgn_name_equal(x->owner, owner) &&
		    (tag < 0 || (x->has_key && x->key_tag == tag))) {
			return true;
		}
	}
	return false;
}

static sgn_err_t warn_key(struct sgn__walk *w, const sgn_key_t *key)
{
	sgn_findings_t *f = &w->chain->findings;
	uint8_t alg = sgn_key_get_algorithm(key);
	int tag = sgn_key_get_tag(key);
	unsigned bits = sgn_key_get_bits(key);
	sgn_err_t err = SGN_OK;
	if (sgn_alg_is_deprecated(alg) && !seen(f, SGN_FIND_ALGORITHM_DEPRECATED, w->zone,
	                                         SGN_TYPE_DNSKEY, tag)) {
		err = sgn__vfind(f, SGN_FIND_ALGORITHM_DEPRECATED, w->zone, SGN_TYPE_DNSKEY, tag, alg,
		                 0, "%s", sgn_alg_mnemonic(alg));
	}
	bool rsa = alg == SGN_ALG_RSASHA1 || alg == SGN_ALG_RSASHA1_NSEC3_SHA1 ||
	           alg == SGN_ALG_RSASHA256 || alg == SGN_ALG_RSASHA512;
	if (err == SGN_OK && rsa && bits != 0 && bits < 2048 &&
	    !seen(f, SGN_FIND_RSA_KEY_SHORT, w->zone, SGN_TYPE_DNSKEY, tag)) {
		err = sgn__vfind(f, SGN_FIND_RSA_KEY_SHORT, w->zone, SGN_TYPE_DNSKEY, tag, alg, 0,
		                 "%u bits", bits);
	}
	return err;
}

sgn_err_t sgn__audit_rrset(struct sgn__walk *w, const sgn_zone_rrset_t *rs, bool has_expiry,
                           int64_t expires)
{
	sgn_findings_t *f = &w->chain->findings;
	const sgn_rrset_t *r = &rs->rrset;
	int64_t left = expires - w->opts->now;
	sgn_err_t err = SGN_OK;
	if (!has_expiry) {
		return SGN_OK;
	}
	if (w->opts->expire_within > 0 && left < w->opts->expire_within &&
	    !seen(f, SGN_FIND_RRSIG_EXPIRING_SOON, r->owner, r->type, -1)) {
		err = sgn__vfind(f, SGN_FIND_RRSIG_EXPIRING_SOON, r->owner, r->type, -1, 0, expires,
		                 "in %lld hours", (long long)(left / 3600));
	}
	/* RFC 4035 §5.3.3: a resolver keeps the RRset for its TTL, past the signature. */
	if (err == SGN_OK && (int64_t)r->ttl > left &&
	    !seen(f, SGN_FIND_TTL_EXCEEDS_VALIDITY, r->owner, r->type, -1)) {
		err = sgn__vfind(f, SGN_FIND_TTL_EXCEEDS_VALIDITY, r->owner, r->type, -1, 0, expires,
		                 "TTL %u s, signature valid %lld s more", r->ttl, (long long)left);
	}
	if (err == SGN_OK && r->type == SGN_TYPE_NSEC3 && r->count > 0) {
		sgn_nsec3param_view_t p;
		if (sgn_nsec3param_parse(&p, r->rdata[0].data, r->rdata[0].len) == SGN_OK &&
		    p.iterations > 0 && !seen(f, SGN_FIND_NSEC3_ITERATIONS, w->zone, SGN_TYPE_NSEC3, -1)) {
			err = sgn__vfind(f, SGN_FIND_NSEC3_ITERATIONS, w->zone, SGN_TYPE_NSEC3, -1, 0, 0,
			                 "%u iterations (RFC 9276: 0)", p.iterations);
		}
	}
	return err;
}

/* -- zones, keys, DS -- */

static sgn_chain_zone_t *zone_entry(sgn_chain_t *c, const uint8_t *apex)
{
	for (size_t i = c->nzones; i > 0; i--) {
		if (sgn_name_equal(c->zones[i - 1].apex, apex)) {
			return &c->zones[i - 1];
		}
	}
	return NULL;
}

static void note_ds(struct sgn__walk *w, sgn_chain_zone_t *z, const sgn_zone_rrset_t *ds)
{
	for (size_t i = 0; ds != NULL && i < ds->rrset.count; i++) {
		sgn_ds_view_t v;
		const sgn_rdata_t *rd = &ds->rrset.rdata[i];
		if (sgn_ds_parse(&v, rd->data, rd->len) != SGN_OK || z->nds >= SGN_CHAIN_DS_MAX) {
			continue;
		}
		sgn_chain_ds_t *d = &z->ds[z->nds++];
		d->tag = v.key_tag;
		d->algorithm = v.algorithm;
		d->digest_type = v.digest_type;
		d->usable = sgn_alg_can_verify(v.algorithm) && sgn_digest_is_supported(v.digest_type);
		d->key = -1;
		for (size_t k = 0; k < w->keys.n && k < SGN_CHAIN_KEYS_MAX && d->key < 0; k++) {
			sgn_rdata_t key = sgn_key_get_rdata(w->keys.keys[k]);
			bool match = false;
			if (sgn_ds_match(&match, rd->data, rd->len, w->zone, key.data,
			    key.len) == SGN_OK &&
			    match) {
				d->key = (int)k;
			}
		}
	}
	z->ds_total = ds != NULL ? ds->rrset.count : 0;
}

/* Anchors of an anchored zone, as DS rows (a DNSKEY anchor with digest type 0). */
static void note_anchors(struct sgn__walk *w, sgn_chain_zone_t *z)
{
	const uint8_t *owner;
	uint16_t type;
	sgn_rdata_t rd;
	for (size_t i = 0; sgn_anchors_get(w->anchors, &owner, &type, &rd, i); i++) {
		if (!sgn_name_equal(owner, w->zone) || rd.len < 4 || z->nds >= SGN_CHAIN_DS_MAX) {
			continue;
		}
		sgn_chain_ds_t *d = &z->ds[z->nds++];
		z->ds_total++;
		d->tag = type == SGN_TYPE_DS ? sgn__get16(rd.data) : sgn_keytag(rd.data, rd.len);
		d->algorithm = rd.data[type == SGN_TYPE_DS ? 2 : 3];
		d->digest_type = type == SGN_TYPE_DS ? rd.data[3] : 0;
		d->usable = sgn_alg_can_verify(d->algorithm) &&
		            (type != SGN_TYPE_DS || sgn_digest_is_supported(d->digest_type));
		d->key = -1;
		for (size_t k = 0; k < w->keys.n && k < SGN_CHAIN_KEYS_MAX && d->key < 0; k++) {
			sgn_rdata_t key = sgn_key_get_rdata(w->keys.keys[k]);
			bool match = false;
			if (type == SGN_TYPE_DS) {
				match = sgn_ds_match(&match, rd.data, rd.len, w->zone, key.data,
				                     key.len) ==
				                SGN_OK &&
				        match;
			} else {
				match = rd.len == key.len && memcmp(rd.data + 2, key.data + 2, rd.len - 2) == 0;
			}
			d->key = match ? (int)k : -1;
		}
	}
}

sgn_err_t sgn__audit_zone(struct sgn__walk *w, const sgn_zone_rrset_t *ds, const bool *signs_keys,
                          const bool *trusted)
{
	sgn_chain_t *c = w->chain;
	if (zone_entry(c, w->zone) != NULL) {
		return SGN_OK; /* met again after a CNAME: shown once */
	}
	if (sgn__grow(&c->zones, &w->zonecap, c->nzones + 1, sizeof(*c->zones), 4) != SGN_OK) {
		return SGN_ENOMEM;
	}
	sgn_chain_zone_t *z = &c->zones[c->nzones++];
	memset(z, 0, sizeof(*z));
	memcpy(z->apex, w->zone, sgn_name_len(w->zone, SGN_NAME_MAX));
	z->anchored = ds == NULL;
	z->keys_total = w->keys.n;
	sgn_err_t err = SGN_OK;
	for (size_t k = 0; k < w->keys.n && err == SGN_OK; k++) {
		const sgn_key_t *key = w->keys.keys[k];
		if (k < SGN_CHAIN_KEYS_MAX) {
			sgn_chain_key_t *x = &z->keys[z->nkeys++];
			x->tag = sgn_key_get_tag(key);
			x->flags = sgn_key_get_flags(key);
			x->algorithm = sgn_key_get_algorithm(key);
			x->bits = sgn_key_get_bits(key);
			x->trusted = trusted != NULL && trusted[k];
			x->signs_keys = signs_keys != NULL && signs_keys[k];
		}
		err = warn_key(w, key);
	}
	if (ds != NULL) {
		note_ds(w, z, ds);
	} else {
		note_anchors(w, z);
	}
	return err;
}

void sgn__audit_signed(struct sgn__walk *w, const bool *valid)
{
	sgn_chain_zone_t *z = zone_entry(w->chain, w->zone);
	for (size_t k = 0; z != NULL && k < w->keys.n && k < z->nkeys; k++) {
		z->keys[k].signs_data = z->keys[k].signs_data || valid[k];
	}
}

sgn_err_t sgn__audit_proof(struct sgn__walk *w, const sgn_zone_rrset_t *rs, bool valid)
{
	sgn_chain_t *c = w->chain;
	size_t link = c->nlinks - 1;
	for (size_t i = 0; i < c->nproofs; i++) {
		if (c->proofs[i].link == link && c->proofs[i].rrset == rs) {
			return SGN_OK;
		}
	}
	if (sgn__grow(&c->proofs, &w->proofcap, c->nproofs + 1, sizeof(*c->proofs), 8) != SGN_OK) {
		return SGN_ENOMEM;
	}
	c->proofs[c->nproofs++] = (sgn_chain_proof_t){ .link = link, .rrset = rs, .valid = valid };
	return SGN_OK;
}
