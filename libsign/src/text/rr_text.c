/* SPDX-License-Identifier: MIT */
/* Zone text in small pieces: one RR from a line, RDATA from its text, and untrusted text
 * in memory read RR by RR (bundles, key sets), all through the zone text reader. */
#include <stdio.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/text.h>

#include "text_internal.h"

/* -- one-line helpers -- */

sgn_err_t sgn_rr_from_str(sgn_rr_t *rr, uint8_t *owner_buf, sgn_buf_t *rdata,
                          const char *text, const uint8_t *origin, uint32_t default_ttl,
                          sgn_diag_t *diag)
{
	sgn_zonefile_opts_t opts;
	sgn_zonefile_t *zf;
	sgn_zonefile_opts_init(&opts);
	opts.origin = origin;
	opts.default_ttl = default_ttl;
	opts.has_default_ttl = true;
	opts.no_include = true;
	opts.no_generate = true;
	sgn_err_t err = sgn_zonefile_open_mem(&zf, "<text>", text, strlen(text), &opts, diag);
	if (err != SGN_OK) {
		return err;
	}
	err = sgn_zonefile_next(zf, rr, diag);
	if (err == SGN_ENOTFOUND) {
		err = sgn_diag_set(diag, SGN_EPARSE, "<text>", 1, "no record");
	}
	if (err == SGN_OK) {
		size_t olen = sgn_name_len(rr->owner, SGN_NAME_MAX);
		memcpy(owner_buf, rr->owner, olen);
		rdata->len = 0;
		err = sgn_buf_append(rdata, rr->rdata, rr->rdlen);
		rr->owner = owner_buf;
		rr->rdata = rdata->data;
	}
	sgn_zonefile_free(zf);
	return err;
}

sgn_err_t sgn_rdata_from_str(sgn_buf_t *out, uint16_t type, const char *text,
                             const uint8_t *origin, sgn_diag_t *diag)
{
	char line[64];
	char tbuf[SGN_TYPE_STR_MAX];
	sgn_buf_t full;
	sgn_rr_t rr;
	uint8_t owner[SGN_NAME_MAX];
	sgn_buf_init(&full);
	snprintf(line, sizeof(line), ". 0 IN %s ", sgn_type_to_str(tbuf, type));
	sgn_err_t err = sgn__buf_puts(&full, line);
	if (err == SGN_OK) {
		err = sgn__buf_puts(&full, text);
	}
	if (err == SGN_OK) {
		sgn_buf_t rd;
		sgn_buf_init(&rd);
		err = sgn_rr_from_str(&rr, owner, &rd, (const char *)full.data, origin, 0, diag);
		if (err == SGN_OK) {
			err = sgn_buf_append(out, rd.data, rd.len);
		}
		sgn_buf_release(&rd);
	}
	sgn_buf_release(&full);
	return err;
}

sgn_err_t sgn__zonetext_each(const char *name, const char *text, size_t len, sgn__rr_fn each,
                             void *ctx, sgn_diag_t *diag)
{
	sgn_zonefile_t *zf;
	sgn_zonefile_opts_t opts;
	sgn_rr_t rr;
	sgn_zonefile_opts_init(&opts);
	opts.has_default_ttl = true;
	opts.no_include = true;
	opts.no_generate = true;
	sgn_err_t err = sgn_zonefile_open_mem(&zf, name, text, len, &opts, diag);
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		const char *file;
		unsigned long line;
		sgn_zonefile_location(zf, &file, &line);
		err = each(ctx, &rr, file, line);
	}
	sgn_zonefile_free(zf);
	return err == SGN_ENOTFOUND ? SGN_OK : err;
}
