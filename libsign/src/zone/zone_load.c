/* SPDX-License-Identifier: MIT */
/* Loading zone text into the zone model: every RR canonicalised once, stored in the arena
 * and hung on its owner's node (found through the name index, zone_index.c, or the
 * previous RR's node, since zone files mostly keep an owner's records together). */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/text.h>

#include "zone_internal.h"

static sgn_err_t add_rr(sgn_zone_t *z, const sgn_rr_t *rr, const char *file, unsigned long line,
                        sgn_node_t **last, sgn_diag_t *diag)
{
	uint8_t owner[SGN_NAME_MAX];
	uint16_t fidx;
	bool n3;
	struct sgn__rr_entry *e;
	sgn_err_t err = sgn__zone_file_index(z, file, &fidx);
	if (err == SGN_OK) {
		err = sgn__zone_entry(&z->loaded, rr, file, line, fidx, owner, &n3, &e, diag);
	}
	return err == SGN_OK ? sgn__zone_link(z, owner, n3, e, last) : err;
}

sgn_err_t sgn__zone_add_rr(sgn_zone_t *z, const sgn_rr_t *rr, const char *file, unsigned long line,
                           sgn_diag_t *diag)
{
	return add_rr(z, rr, file, line, &z->last, diag);
}

sgn_err_t sgn__zone_finish(sgn_zone_t *z, const sgn_zone_opts_t *opts, sgn_diag_t *diag)
{
	sgn_zone_opts_t defaults;
	if (opts == NULL) {
		sgn_zone_opts_init(&defaults);
		opts = &defaults;
	}
	return sgn__zone_build(z, opts, diag);
}

sgn_err_t sgn_zone_load(sgn_zone_t **out, const char *path, const sgn_zone_opts_t *opts,
                        sgn_diag_t *diag)
{
	sgn_zone_opts_t defaults;
	sgn_zonefile_opts_t zopts;
	sgn_zonefile_t *zf = NULL;
	sgn_zone_t *z;
	sgn_rr_t rr;
	*out = NULL;
	if (opts == NULL) {
		sgn_zone_opts_init(&defaults);
		opts = &defaults;
	}
	/* A large file is read on the worker pool when it can be (zone_load_par.c). */
	bool fallback = true;
	struct sgn__zone_par_tuning tuning;
	sgn__zone_par_tuning_init(&tuning);
	sgn_err_t err = sgn__zone_load_parallel(&z, path, opts, &tuning, &fallback, diag);
	if (!fallback) {
		*out = err == SGN_OK ? z : NULL;
		return err;
	}
	if ((err = sgn__zone_new(&z, opts->origin, false)) != SGN_OK) {
		return err;
	}
	sgn_zonefile_opts_init(&zopts);
	zopts.origin = opts->origin;
	zopts.no_include = opts->no_include;
	zopts.no_generate = opts->no_generate;
	zopts.include_confine = opts->include_confine;
	if (opts->max_generate != 0) {
		zopts.max_generate = opts->max_generate;
	}
	err = sgn_zonefile_open(&zf, path, &zopts, diag);
	size_t nrr = 0;
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		nrr++;
		const char *file;
		unsigned long line;
		sgn_zonefile_location(zf, &file, &line);
		err = opts->lenient_dnssec ? SGN_OK : sgn__zone_check_dnssec(&rr, file, line, diag);
		if (err == SGN_OK) {
			err = add_rr(z, &rr, file, line, &z->last, diag);
		}
	}
	sgn_zonefile_free(zf);
	if (err == SGN_ENOTFOUND && nrr == 0) {
		/* Nothing to build a zone from: unreadable input, not a zone that breaks a rule. */
		err = sgn_diag_set(diag, SGN_EPARSE, strcmp(path, "-") == 0 ? "<stdin>" : path, 0,
		                   "no records, so no SOA record (an empty zone file)");
	} else if (err == SGN_ENOTFOUND) {
		err = sgn__zone_build(z, opts, diag);
	}
	if (err != SGN_OK) {
		sgn_zone_free(z);
		return err;
	}
	if (strcmp(path, "-") != 0) {
		sgn__zone_auth_file(z, path);
	}
	*out = z;
	return SGN_OK;
}
