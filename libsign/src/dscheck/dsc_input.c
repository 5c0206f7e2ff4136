/* SPDX-License-Identifier: MIT */
/* The input of a DS check: the sets, and views of the child from zone files and bundles. */
#include <stdio.h>
#include <string.h>

#include <libsign/dscheck.h>
#include <libsign/name.h>

#include "../internal.h"

sgn_err_t sgn_dsc_input_init(sgn_dsc_input_t *in, const uint8_t *domain)
{
	size_t len = sgn_name_len(domain, SGN_NAME_MAX);
	memset(in, 0, sizeof(*in)); /* the root name until a good one is given */
	memcpy(in->domain, domain, len);
	sgn_name_lower(in->domain);
	sgn_dsset_init(&in->current);
	sgn_dsset_init(&in->proposed);
	return len > 0 ? SGN_OK : SGN_EINVAL; /* a malformed name is not the root */
}

void sgn_dsc_input_release(sgn_dsc_input_t *in)
{
	sgn_dsset_release(&in->current);
	sgn_dsset_release(&in->proposed);
	for (size_t i = 0; i < in->nzsets; i++) {
		sgn_zoneset_free(in->zsets[i]);
	}
	uint8_t domain[SGN_NAME_MAX];
	memcpy(domain, in->domain, sizeof(domain));
	(void)!sgn_dsc_input_init(in, domain); /* the input's own name: well-formed */
}

/* A view borrowing the zone at the domain's apex in @p zs (which the input takes). */
static sgn_err_t add_view(sgn_dsc_input_t *in, sgn_zoneset_t *zs, const char *source,
                          sgn_diag_t *diag)
{
	if (in->nviews >= SGN_DSC_VIEWS_MAX || in->nzsets >= ARRAY_LEN(in->zsets)) {
		sgn_zoneset_free(zs);
		return sgn_diag_set(diag, SGN_ELIMIT, source, 0, "more than %d views of the child",
		                    SGN_DSC_VIEWS_MAX);
	}
	in->zsets[in->nzsets++] = zs;
	sgn_dsc_view_t *v = &in->views[in->nviews++];
	memset(v, 0, sizeof(*v));
	snprintf(v->source, sizeof(v->source), "%s", source);
	const sgn_zone_t *z = sgn_zoneset_find(zs, in->domain);
	if (z != NULL && sgn_name_equal(sgn_zone_get_apex(z), in->domain)) {
		v->zone = z;
	} else {
		snprintf(v->error, sizeof(v->error), "no data at the child's apex");
	}
	return SGN_OK;
}

sgn_err_t sgn_dsc_input_add_zone(sgn_dsc_input_t *in, const char *path, sgn_diag_t *diag)
{
	sgn_zone_opts_t opts;
	sgn_zone_t *zone = NULL;
	sgn_zoneset_t *zs = NULL;
	sgn_zone_opts_init(&opts);
	opts.origin = in->domain;
	opts.no_include = true;
	opts.no_generate = true;
	opts.lenient_dnssec = true; /* a malformed CDS/CDNSKEY is a finding of the check */
	sgn_err_t err = sgn_zone_load(&zone, path, &opts, diag);
	if (err != SGN_OK) {
		return err;
	}
	if (!sgn_name_equal(sgn_zone_get_apex(zone), in->domain)) {
		sgn_zone_free(zone);
		return sgn_diag_set(diag, SGN_EZONE, path, 0, "the zone's apex is not the domain");
	}
	err = sgn_zoneset_new(&zs);
	if (err != SGN_OK) {
		sgn_zone_free(zone);
		return err;
	}
	err = sgn_zoneset_add_take(zs, zone);
	if (err != SGN_OK) {
		sgn_zoneset_free(zs);
		return err;
	}
	return add_view(in, zs, path, diag);
}

sgn_err_t sgn_dsc_input_add_bundle(sgn_dsc_input_t *in, const char *path, sgn_diag_t *diag)
{
	sgn_zoneset_t *zs = NULL;
	sgn_err_t err = sgn_zoneset_new(&zs);
	if (err == SGN_OK) {
		err = sgn_zoneset_load_bundle(zs, path, diag);
	}
	if (err != SGN_OK) {
		sgn_zoneset_free(zs);
		return err;
	}
	err = add_view(in, zs, path, diag);
	if (err == SGN_OK && in->nsignals == 0) {
		in->signals[in->nsignals++] = zs; /* one set for every host's signals */
	}
	return err;
}

sgn_err_t sgn_dsc_input_add_ns(sgn_dsc_input_t *in, const uint8_t *host)
{
	size_t len = sgn_name_len(host, SGN_NAME_MAX);
	if (len == 0) {
		return SGN_EINVAL;
	}
	if (in->nns >= SGN_DSC_NS_MAX) {
		return SGN_ELIMIT;
	}
	memcpy(in->ns[in->nns], host, len);
	sgn_name_lower(in->ns[in->nns++]);
	return SGN_OK;
}

void sgn_dsc_input_set_signals(sgn_dsc_input_t *in, const sgn_zoneset_t *zs)
{
	in->signals[0] = zs;
	in->nsignals = 1;
}
