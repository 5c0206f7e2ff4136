/* SPDX-License-Identifier: MIT */
/* The registrar's DS check: the views must agree, then the new DS set is worked out for
 * the mode (a registrant's set, the child's CDS/CDNSKEY, a bootstrap) and checked against
 * the child's keys; the verdict follows from the errors found. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/name.h>

#include "../internal.h"
#include "dsc.h"

/* Signature checks one domain may cost when the caller sets no limit. */
#define DSC_WORK_DEFAULT 2000

const char *sgn_dsc_mode_str(sgn_dsc_mode_t mode)
{
	static const char *const names[] = { "ds", "cds", "bootstrap" };
	return (unsigned)mode < ARRAY_LEN(names) ? names[mode] : "unknown";
}

const char *sgn_dsc_verdict_str(sgn_dsc_verdict_t v)
{
	static const char *const names[] = { "accept", "no-change", "refuse" };
	return (unsigned)v < ARRAY_LEN(names) ? names[v] : "unknown";
}

void sgn_dsc_opts_init(sgn_dsc_opts_t *opts, int64_t now)
{
	memset(opts, 0, sizeof(*opts));
	opts->now = now;
	opts->policy.digests[0] = SGN_DIGEST_SHA256;
	opts->policy.ndigests = 1;
	sgn_limits_init(&opts->limits);
}

void sgn_dsc_result_free(sgn_dsc_result_t *res)
{
	if (res == NULL) {
		return;
	}
	sgn_dsset_release(&res->newset);
	sgn_dsset_release(&res->newkeys);
	sgn_findings_release(&res->findings);
	free(res);
}

/* -- the views -- */

static const sgn_zone_rrset_t *apex_rrset(const sgn_zone_t *z, const uint8_t *domain, uint16_t type)
{
	const sgn_node_t *apex = z != NULL ? sgn_zone_find(z, domain) : NULL;
	return apex != NULL ? sgn_node_find_rrset(apex, type) : NULL;
}

static bool same_rrset(const sgn_zone_rrset_t *a, const sgn_zone_rrset_t *b)
{
	size_t na = a != NULL ? a->rrset.count : 0, nb = b != NULL ? b->rrset.count : 0;
	if (na != nb) {
		return false;
	}
	for (size_t i = 0; i < na; i++) {
		const sgn_rdata_t *x = &a->rrset.rdata[i], *y = &b->rrset.rdata[i];
		if (x->len != y->len || memcmp(x->data, y->data, x->len) != 0) {
			return false; /* both canonical and sorted: equal sets are equal arrays */
		}
	}
	return true;
}

/* Every view answered, and all serve the same DNSKEY, CDS and CDNSKEY RRsets. */
static sgn_err_t check_views(struct sgn__dsc *d)
{
	static const uint16_t types[] = { SGN_TYPE_DNSKEY, SGN_TYPE_CDS, SGN_TYPE_CDNSKEY };
	const sgn_dsc_input_t *in = d->in;
	const sgn_dsc_view_t *ref = NULL;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < in->nviews && err == SGN_OK; i++) {
		const sgn_dsc_view_t *v = &in->views[i];
		if (v->zone == NULL) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_SERVER_UNUSABLE, 0, -1, 0, "%s: %s", v->source,
			                    v->error[0] != '\0' ? v->error : "no answer");
			continue;
		}
		if (ref == NULL) {
			ref = v;
			continue;
		}
		for (size_t t = 0; t < ARRAY_LEN(types) && err == SGN_OK; t++) {
			char tb[SGN_TYPE_STR_MAX];
			if (!same_rrset(apex_rrset(ref->zone, in->domain, types[t]),
			                apex_rrset(v->zone, in->domain, types[t]))) {
				err = sgn__dsc_find(d, SGN_FIND_DSC_SERVERS_DISAGREE, types[t], -1, 0,
				                    "%s serves another %s RRset than %s", v->source,
				                    sgn_type_to_str(tb, types[t]), ref->source);
			}
		}
	}
	if (err == SGN_OK && ref == NULL) {
		err = sgn__dsc_find(d, SGN_FIND_DSC_SERVER_UNUSABLE, 0, -1, 0, "%s",
		                    in->nviews == 0 ? "no source of the child's data"
		                                    : "no source gave the child's data");
	}
	d->z = ref != NULL ? ref->zone : NULL;
	d->dnskey = apex_rrset(d->z, in->domain, SGN_TYPE_DNSKEY);
	d->cds = apex_rrset(d->z, in->domain, SGN_TYPE_CDS);
	d->cdnskey = apex_rrset(d->z, in->domain, SGN_TYPE_CDNSKEY);
	return err;
}

/* -- the modes -- */

/* RFC 7344 section 4.1: the CDS and CDNSKEY RRsets count only when a key that the current
 * DS set authenticates signs the DNSKEY RRset, and them. */
static sgn_err_t from_cds(struct sgn__dsc *d, bool *go)
{
	bool *trusted = calloc(d->keys.n + 1, sizeof(bool)), any = false, ok = true;
	sgn_err_t err = trusted != NULL ? SGN_OK : SGN_ENOMEM;
	*go = false;
	if (err != SGN_OK) {
		return err;
	}
	sgn__dsc_named_by(d, &d->in->current, trusted);
	for (size_t k = 0; k < d->keys.n; k++) {
		trusted[k] = trusted[k] && d->signs[k];
		any = any || trusted[k];
	}
	if (!any && d->stale && d->in->current.n > 0) {
		err = sgn__dsc_find(d, SGN_FIND_DSC_REPLAY, SGN_TYPE_DNSKEY, -1, 0,
		                    "DNSKEY RRset: no signature made since the replay bound");
	}
	if (err != SGN_OK) {
		free(trusted);
		return err;
	}
	if (!any) {
		err = sgn__dsc_find(d, SGN_FIND_DSC_NOT_AUTHENTICATED, SGN_TYPE_DNSKEY, -1, 0, "%s",
		                    d->in->current.n == 0 ? "the delegation has no DS: bootstrap it "
		                                            "(RFC 9615) or give a DS set"
		                    : d->stale ? "only signatures older than the replay bound"
		                               : "no current DS matches a key that signs the DNSKEY RRset");
	} else if (d->cds == NULL && d->cdnskey == NULL) {
		err = sgn__dsc_find(d, SGN_FIND_DSC_CDS_ABSENT, 0, -1, 0, "%s", "");
	} else {
		const sgn_zone_rrset_t *sets[] = { d->cds, d->cdnskey };
		for (size_t i = 0; i < ARRAY_LEN(sets) && err == SGN_OK; i++) {
			d->stale = false;
			if (sets[i] != NULL && (err = sgn__dsc_signed_by(d, sets[i], trusted, &ok)) == SGN_OK &&
			    !ok) {
				err = d->stale ? sgn__dsc_find(d, SGN_FIND_DSC_REPLAY, sets[i]->rrset.type, -1, 0,
				                               "no signature made since the replay bound")
				               : SGN_OK;
				err = err == SGN_OK ? sgn__dsc_find(d, SGN_FIND_DSC_CDS_NOT_AUTHENTICATED,
				                                    sets[i]->rrset.type, -1, 0, "%s", "")
				                    : err;
			}
		}
		*go = err == SGN_OK && d->res->findings.errors == 0;
	}
	free(trusted);
	return err;
}

static sgn_err_t from_ds(struct sgn__dsc *d)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < d->in->proposed.n && err == SGN_OK; i++) {
		err = sgn_dsset_add(&d->res->newset, d->in->proposed.rd[i].data, d->in->proposed.rd[i].len);
	}
	if (err == SGN_OK && d->in->proposed.n == 0 && d->in->current.n > 0) {
		d->res->delete_requested = true;
		err = sgn__dsc_find(d, SGN_FIND_DSC_DELETE, 0, -1, 0, "an empty DS set was given");
	}
	return err;
}

/* A bootstrap's CDS/CDNSKEY come from the child's signer: signed by a key the new set names
 * and that signs the DNSKEY RRset (the signals vouch for the content, this for its origin). */
static sgn_err_t boot_signed(struct sgn__dsc *d)
{
	const sgn_zone_rrset_t *sets[] = { d->cds, d->cdnskey };
	bool *trusted = calloc(d->keys.n + 1, sizeof(bool)), ok = true;
	sgn_err_t err = trusted != NULL ? SGN_OK : SGN_ENOMEM;
	if (err == SGN_OK) {
		sgn__dsc_named_by(d, &d->res->newset, trusted);
	}
	for (size_t k = 0; err == SGN_OK && k < d->keys.n; k++) {
		trusted[k] = trusted[k] && d->signs[k];
	}
	for (size_t i = 0; i < ARRAY_LEN(sets) && err == SGN_OK && !d->res->delete_requested; i++) {
		if (sets[i] != NULL && (err = sgn__dsc_signed_by(d, sets[i], trusted, &ok)) == SGN_OK && !ok) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_CDS_NOT_AUTHENTICATED, sets[i]->rrset.type, -1, 0,
			                    "%s", "not signed by a key of the new DS set");
		}
	}
	free(trusted);
	return err;
}

static sgn_err_t run_mode(struct sgn__dsc *d)
{
	bool go = true;
	sgn_err_t err = SGN_OK;
	switch (d->o->mode) {
	case SGN_DSC_FROM_DS:
		return from_ds(d);
	case SGN_DSC_FROM_CDS:
		err = from_cds(d, &go);
		break;
	case SGN_DSC_BOOTSTRAP:
		if (d->in->current.n > 0) {
			return sgn__dsc_find(d, SGN_FIND_DSC_BOOT_ALREADY_SECURE, SGN_TYPE_DS, -1, 0,
			                     "%zu DS records now: use --cds", d->in->current.n);
		}
		if (d->cds == NULL && d->cdnskey == NULL) {
			return sgn__dsc_find(d, SGN_FIND_DSC_CDS_ABSENT, 0, -1, 0, "%s", "");
		}
		err = sgn__dsc_signals(d);
		break;
	}
	if (err == SGN_OK && go) {
		err = sgn__dsc_from_cds(d);
	}
	if (err == SGN_OK && d->o->mode == SGN_DSC_BOOTSTRAP && d->res->findings.errors == 0) {
		err = boot_signed(d);
	}
	return err;
}

/* -- the verdict -- */

static sgn_err_t conclude(struct sgn__dsc *d)
{
	sgn_dsc_result_t *r = d->res;
	sgn_err_t err = SGN_OK;
	if (r->findings.errors > 0) {
		r->verdict = SGN_DSC_REFUSE;
		err = sgn_findings_merge(&r->findings, &d->vfind); /* the validator's reasons too */
	} else if (sgn_findings_code_count(&r->findings, SGN_FIND_DSC_CDS_ABSENT) > 0 ||
	           (sgn__dsset_equal(&r->newset, &d->in->current) && !r->delete_requested) ||
	           (r->delete_requested && d->in->current.n == 0)) {
		r->verdict = SGN_DSC_NO_CHANGE;
	} else {
		r->verdict = SGN_DSC_ACCEPT;
	}
	if (r->verdict != SGN_DSC_ACCEPT) { /* the delegation stays as it is */
		sgn_dsset_release(&r->newset);
		sgn_dsset_release(&r->newkeys);
		r->delete_requested = false;
		for (size_t i = 0; i < d->in->current.n && err == SGN_OK; i++) {
			err = sgn_dsset_add(&r->newset, d->in->current.rd[i].data, d->in->current.rd[i].len);
		}
	}
	r->newset.has_ttl = d->o->has_ttl || d->in->current.has_ttl;
	r->newset.ttl = d->o->has_ttl ? d->o->ttl : d->in->current.ttl;
	r->verifications = d->v.verifications;
	return err;
}

sgn_err_t sgn_dsc_check(sgn_dsc_result_t **out, const sgn_dsc_input_t *in,
                        const sgn_dsc_opts_t *opts)
{
	struct sgn__dsc d = { .in = in, .o = opts };
	*out = NULL;
	if (opts->mode == SGN_DSC_BOOTSTRAP && opts->anchors == NULL) {
		return SGN_EINVAL;
	}
	d.res = calloc(1, sizeof(*d.res));
	if (d.res == NULL) {
		return SGN_ENOMEM;
	}
	sgn_findings_init(&d.res->findings);
	sgn_findings_init(&d.vfind);
	d.limits = opts->limits;
	d.budget.max = opts->limits.work != 0 ? opts->limits.work : DSC_WORK_DEFAULT;
	sgn__vctx_init(&d.v, opts->now, &d.limits, &d.budget, &d.vfind);
	sgn_err_t err = check_views(&d);
	bool need_keys = opts->mode != SGN_DSC_FROM_DS || in->proposed.n > 0;
	if (err == SGN_OK && d.z != NULL && need_keys) {
		err = sgn__dsc_keys(&d);
	}
	if (err == SGN_OK && d.res->findings.errors == 0) {
		err = run_mode(&d);
	}
	if (err == SGN_OK && d.res->findings.errors == 0 && d.res->newset.n > 0) {
		err = sgn__dsc_check_set(&d);
	}
	if (err == SGN_OK) {
		err = conclude(&d);
	}
	sgn__vctx_release(&d.v);
	sgn__keyset_release(&d.keys);
	sgn_findings_release(&d.vfind);
	free(d.signs);
	if (err != SGN_OK) {
		sgn_dsc_result_free(d.res);
		return err;
	}
	*out = d.res;
	return SGN_OK;
}
