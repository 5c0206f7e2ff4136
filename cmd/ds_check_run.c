/* SPDX-License-Identifier: MIT */
/* sigil ds check: one domain's check, from its files or live servers to a result, shared
 * by the single-domain command (ds_check.c) and batch mode (ds_check_batch.c). */
#include <stdio.h>
#include <string.h>

#include <libsign/name.h>

#include "ds_check.h"

static int diag_why(const sgn_diag_t *d, sgn_err_t err, const char *what, char *why, size_t len)
{
	if (why != NULL && d->line > 0) {
		snprintf(why, len, "%s:%lu: %s", d->file, d->line, d->msg);
	} else if (why != NULL) {
		snprintf(why, len, "%s%s%s", d->file[0] != '\0' ? d->file : what,
		         d->file[0] != '\0' || what[0] != '\0' ? ": " : "",
		         d->msg[0] != '\0' ? d->msg : sgn_strerror(err));
	}
	return SIGIL_EXIT_USAGE;
}

int dsc_run(struct cli *cli, const struct dsc_args *a, const struct dsc_job *job,
            sgn_dsc_input_t *in, sgn_dsc_result_t **res, char *why, size_t whylen)
{
	uint8_t domain[SGN_NAME_MAX];
	sgn_diag_t diag;
	sgn_err_t err = SGN_OK;
	(void)cli;
	*res = NULL;
	sgn_diag_init(&diag);
	if (sgn_name_from_str(domain, NULL, job->domain, NULL) != SGN_OK) {
		snprintf(why, whylen, "bad domain name '%s'", job->domain);
		return SIGIL_EXIT_USAGE;
	}
	if (sgn_dsc_input_init(in, domain) != SGN_OK) {
		snprintf(why, whylen, "bad domain name '%s'", job->domain);
		return SIGIL_EXIT_USAGE;
	}
	if (job->current != NULL && strcmp(job->current, "-") != 0) {
		err = sgn_dsset_read(&in->current, job->current, domain, &diag);
	}
	if (err == SGN_OK && a->ds != NULL && job->proposed != NULL) {
		err = sgn_dsset_read(&in->proposed, job->proposed, domain, &diag);
	}
	if (err == SGN_OK && job->zone != NULL) {
		err = a->bundle != NULL ? sgn_dsc_input_add_bundle(in, job->zone, &diag)
		                        : sgn_dsc_input_add_zone(in, job->zone, &diag);
	} else if (err == SGN_OK && a->live) {
		err = sgn_dsc_collect_live(in, &a->live_opts, a->bootstrap, &diag);
	}
	for (size_t i = 0; err == SGN_OK && !a->live && i < a->ns.n; i++) { /* offline bootstrap */
		uint8_t host[SGN_NAME_MAX];
		err = sgn_name_from_str(host, NULL, a->ns.items[i], NULL) == SGN_OK ? sgn_dsc_input_add_ns(in, host)
		      : sgn_diag_set(&diag, SGN_EPARSE, "", 0, "bad --ns '%s'", a->ns.items[i]);
	}
	if (err == SGN_OK && a->signals != NULL) {
		sgn_dsc_input_set_signals(in, a->signals);
	}
	if (err == SGN_OK) {
		err = sgn_dsc_check(res, in, &a->opts);
		if (err != SGN_OK) {
			snprintf(why, whylen, "check failed: %s", sgn_strerror(err));
			return SIGIL_EXIT_USAGE;
		}
		return SIGIL_EXIT_OK;
	}
	return diag_why(&diag, err, job->domain, why, whylen);
}

int dsc_exit(const sgn_dsc_result_t *res)
{
	return res->verdict == SGN_DSC_REFUSE ? SIGIL_EXIT_INVALID : SIGIL_EXIT_OK;
}
