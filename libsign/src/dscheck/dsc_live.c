/* SPDX-License-Identifier: MIT */
/* Live collection for the DS check (placeholder until the per-server query API lands). */
#include <stdlib.h>
#include <string.h>

#include <libsign/dscheck.h>

#include "../internal.h"

struct sgn_dsc_gate {
	unsigned per_server;
};

sgn_err_t sgn_dsc_gate_new(sgn_dsc_gate_t **out, unsigned per_server)
{
	*out = calloc(1, sizeof(**out));
	if (*out == NULL) {
		return SGN_ENOMEM;
	}
	(*out)->per_server = per_server;
	return SGN_OK;
}

void sgn_dsc_gate_free(sgn_dsc_gate_t *gate)
{
	free(gate);
}

void sgn_dsc_live_opts_init(sgn_dsc_live_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
	sgn_live_opts_init(&opts->live);
	opts->budget_ms = 10000;
	opts->max_servers = 8;
}

sgn_err_t sgn_dsc_collect_live(sgn_dsc_input_t *in, const sgn_dsc_live_opts_t *opts, bool bootstrap,
                               sgn_diag_t *diag)
{
	(void)in;
	(void)opts;
	(void)bootstrap;
	return sgn_diag_set(diag, SGN_EUNSUPPORTED, "", 0, "live collection not built yet");
}
