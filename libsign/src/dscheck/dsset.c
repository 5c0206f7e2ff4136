/* SPDX-License-Identifier: MIT */
/* DS sets: owned DS RDATA, compared octet for octet, read from zone text; and the helpers
 * every part of the DS check shares (findings, RRsets as sets). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/dscheck.h>
#include <libsign/finding.h>
#include <libsign/name.h>
#include <libsign/text.h>

#include "../internal.h"
#include "dsc.h"

/* A TTL no zone text can state (TTLs are at most 2^31-1): "none was given". */
#define TTL_UNSTATED UINT32_MAX

void sgn_dsset_init(sgn_dsset_t *set)
{
	memset(set, 0, sizeof(*set));
}

void sgn_dsset_release(sgn_dsset_t *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free((void *)set->rd[i].data);
	}
	free(set->rd);
	sgn_dsset_init(set);
}

bool sgn_dsset_contains(const sgn_dsset_t *set, const uint8_t *rd, size_t len)
{
	for (size_t i = 0; i < set->n; i++) {
		if (set->rd[i].len == len && (len == 0 || memcmp(set->rd[i].data, rd, len) == 0)) {
			return true;
		}
	}
	return false;
}

sgn_err_t sgn__dsset_push(sgn_dsset_t *set, const uint8_t *rd, size_t len)
{
	if (len > UINT16_MAX) {
		return SGN_EINVAL;
	}
	if (set->n >= SGN_DSSET_MAX) {
		return SGN_ELIMIT;
	}
	if (sgn__grow(&set->rd, &set->cap, set->n + 1, sizeof(*set->rd), 4) != SGN_OK) {
		return SGN_ENOMEM;
	}
	uint8_t *copy = malloc(len + 1);
	if (copy == NULL) {
		return SGN_ENOMEM;
	}
	if (len > 0) {
		memcpy(copy, rd, len);
	}
	set->rd[set->n++] = (sgn_rdata_t){ copy, (uint16_t)len };
	return SGN_OK;
}

sgn_err_t sgn_dsset_add(sgn_dsset_t *set, const uint8_t *rd, size_t len)
{
	return sgn_dsset_contains(set, rd, len) ? SGN_OK : sgn__dsset_push(set, rd, len);
}

sgn_err_t sgn_dsset_read(sgn_dsset_t *set, const char *path, const uint8_t *domain,
                         sgn_diag_t *diag)
{
	sgn_zonefile_opts_t opts;
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_zonefile_opts_init(&opts);
	opts.origin = domain;
	opts.has_default_ttl = true;
	opts.default_ttl = TTL_UNSTATED;
	opts.no_include = true;
	opts.no_generate = true;
	sgn_err_t err = sgn_zonefile_open(&zf, path, &opts, diag);
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		const char *file;
		unsigned long line;
		sgn_ds_view_t v;
		if (rr.type != SGN_TYPE_DS && rr.type != SGN_TYPE_CDS) {
			continue;
		}
		sgn_zonefile_location(zf, &file, &line);
		if (!sgn_name_equal(rr.owner, domain)) {
			char owner[SGN_NAME_STR_MAX];
			err = sgn_name_to_str(owner, sizeof(owner), rr.owner);
			err = sgn_diag_set(diag, SGN_EPARSE, file, line, "DS record of '%s', not of the domain",
			                   err == SGN_OK ? owner : "?");
			break;
		}
		if (sgn_ds_parse(&v, rr.rdata, rr.rdlen) != SGN_OK) {
			err = sgn_diag_set(diag, SGN_EPARSE, file, line, "malformed DS record");
			break;
		}
		if (rr.ttl != TTL_UNSTATED && !set->has_ttl) {
			set->ttl = rr.ttl;
			set->has_ttl = true;
		}
		err = sgn_dsset_add(set, rr.rdata, rr.rdlen);
		if (err == SGN_ELIMIT) {
			err = sgn_diag_set(diag, err, file, line, "more than %d DS records", SGN_DSSET_MAX);
		}
	}
	sgn_zonefile_free(zf);
	return err == SGN_ENOTFOUND ? SGN_OK : err;
}

/* -- helpers shared by the parts -- */

sgn_err_t sgn__dsc_find(struct sgn__dsc *d, sgn_finding_code_t code, uint16_t type, int key_tag,
                        int alg, const char *fmt, ...)
{
	char detail[SGN_FINDING_DETAIL_MAX] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return sgn__vfind(&d->res->findings, code, d->in->domain, type, key_tag, alg, 0, "%s", detail);
}

sgn_err_t sgn__dsc_find_as(struct sgn__dsc *d, sgn_severity_t sev, sgn_finding_code_t code,
                           uint16_t type, const char *fmt, ...)
{
	char detail[SGN_FINDING_DETAIL_MAX] = "";
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
	return sgn__vfind_as(&d->res->findings, sev, code, d->in->domain, type, detail);
}

sgn_err_t sgn__dsc_rrset_set(const sgn_zone_rrset_t *rs, sgn_dsset_t *out)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; rs != NULL && i < rs->rrset.count && err == SGN_OK; i++) {
		err = sgn_dsset_add(out, rs->rrset.rdata[i].data, rs->rrset.rdata[i].len);
	}
	return err;
}

bool sgn__dsset_equal(const sgn_dsset_t *a, const sgn_dsset_t *b)
{
	if (a->n != b->n) {
		return false;
	}
	for (size_t i = 0; i < a->n; i++) {
		if (!sgn_dsset_contains(b, a->rd[i].data, a->rd[i].len)) {
			return false;
		}
	}
	return true;
}


/* -- the bootstrap signaling name -- */

/* _dsboot.<child>._signal.<host> (RFC 9615 sections 3.2 and 4.1); false when it would be too long. */
bool sgn__dsc_signal_name(const uint8_t *child, const uint8_t *host, uint8_t *out)
{
	static const uint8_t dsboot[] = "\7_dsboot", sig[] = "\7_signal";
	size_t cl = sgn_name_len(child, SGN_NAME_MAX) - 1, hl = sgn_name_len(host, SGN_NAME_MAX);
	size_t n = 8 + cl + 8 + hl;
	if (n > SGN_NAME_MAX) {
		return false;
	}
	memcpy(out, dsboot, 8);
	memcpy(out + 8, child, cl);
	memcpy(out + 8 + cl, sig, 8);
	memcpy(out + 16 + cl, host, hl);
	return true;
}


/* -- looking up collected data -- */

/* The RRset of @p type at @p name in any zone of @p zs (a delegation's first). */
const sgn_zone_rrset_t *sgn__dsc_find_any(const sgn_zoneset_t *zs, const uint8_t *name, uint16_t type)
{
	const sgn_zone_rrset_t *found = NULL;
	for (size_t i = 0; zs != NULL && i < sgn_zoneset_count(zs); i++) {
		const sgn_node_t *n = sgn_zone_find(sgn_zoneset_get(zs, i), name);
		const sgn_zone_rrset_t *rs = n != NULL ? sgn_node_find_rrset(n, type) : NULL;
		if (rs != NULL && (found == NULL || sgn_node_get_kind(n) == SGN_NODE_DELEGATION ||
		                   (found->sig_count == 0 && rs->sig_count > 0))) {
			found = rs;
		}
	}
	return found;
}

