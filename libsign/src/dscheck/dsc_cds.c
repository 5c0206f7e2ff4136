/* SPDX-License-Identifier: MIT */
/* The new DS set from the child's CDS and CDNSKEY RRsets: an RFC 8078 delete, the
 * agreement of the two RRsets (RFC 9975 section 3.1), and the digest types
 * the policy keeps or makes. */
#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>

#include "../internal.h"
#include "dsc.h"

/* RFC 8078 section 4: CDS "0 0 0 00" and CDNSKEY "0 3 0 AA==". */
static bool is_delete(uint16_t type, const sgn_rdata_t *rd)
{
	static const uint8_t cds[] = { 0, 0, 0, 0, 0 }, cdnskey[] = { 0, 0, 3, 0, 0 };
	const uint8_t *want = type == SGN_TYPE_CDS ? cds : cdnskey;
	return rd->len == 5 && memcmp(rd->data, want, 5) == 0;
}

static size_t deletes(const sgn_zone_rrset_t *rs)
{
	size_t n = 0;
	for (size_t i = 0; rs != NULL && i < rs->rrset.count; i++) {
		n += is_delete(rs->rrset.type, &rs->rrset.rdata[i]);
	}
	return n;
}

static bool cds_matches(const uint8_t *domain, const sgn_rdata_t *cds, const sgn_rdata_t *key)
{
	bool match = false;
	return sgn_ds_match(&match, cds->data, cds->len, domain, key->data,
	                    key->len) == SGN_OK && match;
}

/* Every CDS describes a CDNSKEY, and every CDNSKEY has a CDS (digests libsign cannot
 * compute are left out of the comparison). */
static sgn_err_t consistent(struct sgn__dsc *d)
{
	const sgn_rrset_t *c = &d->cds->rrset, *k = &d->cdnskey->rrset;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < c->count && err == SGN_OK; i++) {
		sgn_ds_view_t v;
		bool found = false;
		if (sgn_ds_parse(&v, c->rdata[i].data, c->rdata[i].len) != SGN_OK ||
		    !sgn_digest_is_supported(v.digest_type)) {
			continue;
		}
		for (size_t j = 0; j < k->count && !found; j++) {
			found = cds_matches(d->in->domain, &c->rdata[i], &k->rdata[j]);
		}
		if (!found) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_CDS_CDNSKEY_MISMATCH, SGN_TYPE_CDS, v.key_tag,
			                    v.algorithm, "CDS %u %u %u describes no CDNSKEY", v.key_tag,
			                    v.algorithm, v.digest_type);
		}
	}
	for (size_t j = 0; j < k->count && err == SGN_OK; j++) {
		bool found = false;
		for (size_t i = 0; i < c->count && !found; i++) {
			found = cds_matches(d->in->domain, &c->rdata[i], &k->rdata[j]);
		}
		if (!found) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_CDS_CDNSKEY_MISMATCH, SGN_TYPE_CDNSKEY,
			                    sgn_keytag(k->rdata[j].data, k->rdata[j].len),
			                    k->rdata[j].len > 3 ? k->rdata[j].data[3] : 0,
			                    "no CDS describes this CDNSKEY");
		}
	}
	return err;
}

/* Add a DS to the new set; past ::SGN_DSSET_MAX records the child asks for more than a
 * DS set may hold: that is a finding that refuses it (*full set), not an error of the run. */
static sgn_err_t add_new(struct sgn__dsc *d, uint16_t type, const uint8_t *rd, size_t len,
                         bool *full)
{
	sgn_err_t err = sgn_dsset_add(&d->res->newset, rd, len);
	if (err != SGN_ELIMIT) {
		return err;
	}
	*full = true;
	return sgn__dsc_find(d, SGN_FIND_DSC_SET_TOO_LARGE, type, -1, 0,
	                     "the %s records make more than %d DS records, more than a DS set "
	                     "may hold",
	                     type == SGN_TYPE_CDS ? "CDS" : "CDNSKEY", SGN_DSSET_MAX);
}

static bool wanted_digest(const sgn_dsc_policy_t *p, uint8_t digest)
{
	for (size_t i = 0; i < p->ndigests; i++) {
		if (p->digests[i] == digest) {
			return true;
		}
	}
	return false;
}

/* The CDS records whose digest type the policy keeps. */
static sgn_err_t keep_cds(struct sgn__dsc *d)
{
	const sgn_rrset_t *c = &d->cds->rrset;
	sgn_err_t err = SGN_OK;
	bool full = false;
	for (size_t i = 0; i < c->count && err == SGN_OK && !full; i++) {
		sgn_ds_view_t v;
		if (sgn_ds_parse(&v, c->rdata[i].data, c->rdata[i].len) == SGN_OK &&
		    !wanted_digest(&d->o->policy, v.digest_type)) {
			err = sgn__dsc_find_as(d, SGN_SEV_NOTICE, SGN_FIND_DSC_DIGEST_NOT_ALLOWED, SGN_TYPE_CDS,
			                       "CDS %u %u %u left out: digest type not among those kept",
			                       v.key_tag, v.algorithm, v.digest_type);
			continue;
		}
		err = add_new(d, SGN_TYPE_CDS, c->rdata[i].data, c->rdata[i].len, &full);
	}
	return err;
}

/* DS records made from the CDNSKEY keys, one per digest type of the policy. */
static sgn_err_t make_from_cdnskey(struct sgn__dsc *d)
{
	const sgn_rrset_t *k = &d->cdnskey->rrset;
	const sgn_dsc_policy_t *p = &d->o->policy;
	sgn_err_t err = SGN_OK;
	bool full = false;
	for (size_t j = 0; j < k->count && err == SGN_OK && !full; j++) {
		sgn_dnskey_view_t kv;
		if (sgn_dnskey_parse(&kv, k->rdata[j].data, k->rdata[j].len) != SGN_OK ||
		    !(kv.flags & SGN_DNSKEY_ZONE) || (kv.flags & SGN_DNSKEY_REVOKE)) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_DS_KEY_UNUSABLE, SGN_TYPE_CDNSKEY,
			                    sgn_keytag(k->rdata[j].data, k->rdata[j].len), kv.algorithm,
			                    "CDNSKEY flags %u", kv.flags);
			continue;
		}
		for (size_t i = 0; i < p->ndigests && err == SGN_OK && !full; i++) {
			uint8_t ds[SGN_DS_RDATA_MAX];
			size_t len;
			err = sgn_ds_from_dnskey(ds, &len, d->in->domain, k->rdata[j].data, k->rdata[j].len,
			                         p->digests[i]);
			err = err == SGN_OK ? add_new(d, SGN_TYPE_CDNSKEY, ds, len, &full)
			      : err == SGN_EUNSUPPORTED || err == SGN_EPARSE
			          ? sgn__dsc_find(d, SGN_FIND_DSC_UNCHECKABLE, SGN_TYPE_CDNSKEY, -1, 0,
			                          "no DS of digest type %u can be made", p->digests[i])
			          : err;
		}
	}
	return err;
}

sgn_err_t sgn__dsc_from_cds(struct sgn__dsc *d)
{
	size_t dc = deletes(d->cds), dk = deletes(d->cdnskey);
	sgn_err_t err = SGN_OK;
	if ((dc > 0 && d->cds->rrset.count > 1) || (dk > 0 && d->cdnskey->rrset.count > 1)) {
		return sgn__dsc_find(d, SGN_FIND_DSC_DELETE_MIXED, dc > 0 ? SGN_TYPE_CDS : SGN_TYPE_CDNSKEY,
		                     -1, 0, "%s", "");
	}
	if (d->cds != NULL && d->cdnskey != NULL && (dc > 0) != (dk > 0)) {
		return sgn__dsc_find(d, SGN_FIND_DSC_CDS_CDNSKEY_MISMATCH, 0, -1, 0,
		                     "only the %s asks for a delete", dc > 0 ? "CDS" : "CDNSKEY");
	}
	if (dc > 0 || dk > 0) {
		d->res->delete_requested = true;
		return sgn__dsc_find(d, SGN_FIND_DSC_DELETE, dc > 0 ? SGN_TYPE_CDS : SGN_TYPE_CDNSKEY, -1,
		                     0, "the child asks for its DS set to be removed");
	}
	if (d->cds != NULL && d->cdnskey != NULL && (err = consistent(d)) != SGN_OK) {
		return err;
	}
	if (d->res->findings.errors > 0) {
		return SGN_OK;
	}
	if (d->cds != NULL) {
		err = keep_cds(d);
	}
	if (err == SGN_OK && d->res->newset.n == 0 && d->cdnskey != NULL) {
		err = make_from_cdnskey(d);
	}
	if (err == SGN_OK && d->res->newset.n == 0 && d->res->findings.errors == 0) {
		err = sgn__dsc_find(d, SGN_FIND_DSC_SET_UNUSABLE, SGN_TYPE_CDS, -1, 0, "%s",
		                    "no CDS has a digest type that is kept, and no CDNSKEY to make one");
	}
	return err;
}
