/* SPDX-License-Identifier: MIT */
/* sigil ds check: shared between the command (ds_check.c), its output (ds_check_out.c)
 * and batch mode (ds_check_batch.c). The checking itself is libsign's (dscheck.h). */
#ifndef SIGIL_DS_CHECK_H
#define SIGIL_DS_CHECK_H

#include <libsign/dscheck.h>

#include "cli.h"
#include "opt.h"

enum dsc_fmt { DSC_FMT_TEXT = 0, DSC_FMT_ZONE, DSC_FMT_JSON, DSC_FMT_EPP, DSC_FMT_NSUPDATE };

struct dsc_args {
	const char *ds, *current, *zone, *bundle, *anchor, *hints, *format, *state, *ttl_text, *epp;
	const char *batch, *resume, *zone_dir, *signals_path;
	bool cds, bootstrap, live, keydata;
	struct opt_list digests, allow, ns, servers;
	struct opt_time at, not_before;
	unsigned long port, timeout, jobs, per_server, budget, work;
	/* worked out from the options */
	enum dsc_fmt fmt;
	bool epp_create;
	sgn_dsc_opts_t opts;
	sgn_anchors_t *anchors;
	sgn_zoneset_t *signals;   /* --signals, loaded once for every domain */
	sgn_dsc_live_opts_t live_opts;
};

/* Where one domain's data comes from (the command line, or a batch line). */
struct dsc_job {
	const char *domain, *current, *proposed, *zone;
};

/* Check one domain: *res and *in are filled for printing (release both afterwards, also on
 * failure). Returns SIGIL_EXIT_OK when a verdict was reached, else the exit code of the
 * error, with @p why (may be NULL) saying what it was. */
int dsc_run(struct cli *cli, const struct dsc_args *a, const struct dsc_job *job,
            sgn_dsc_input_t *in, sgn_dsc_result_t **res, char *why, size_t whylen);

/* The exit code of a verdict: 0 accept and no change, 1 refuse. */
int dsc_exit(const sgn_dsc_result_t *res);
/* (dsc_run and dsc_exit: ds_check_run.c) */

/* Print a result in the chosen format (ds_check_out.c). */
void dsc_print(struct out *o, const struct dsc_args *a, enum dsc_fmt fmt, const sgn_dsc_input_t *in,
               const sgn_dsc_result_t *res);
/* One JSON object for a domain whose check could not run (batch). */
void dsc_print_error(struct out *o, const char *domain, int code, const char *why);

/* Batch mode (ds_check_batch.c). */
int dsc_batch(struct cli *cli, const struct dsc_args *a);

int cmd_ds_check(struct cli *cli, int argc, char **argv);

#endif
