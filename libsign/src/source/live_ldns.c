/* SPDX-License-Identifier: MIT */
/* Live collection through the ldns resolver: not written yet (see sgn_live_collect). */
#include <string.h>

#include <libsign/chain.h>

#include "../internal.h"

void sgn_live_opts_init(sgn_live_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->port = 53;
	opts->timeout_ms = 2000;
	opts->max_queries = 200;
	opts->max_redirects = 8;
}

sgn_err_t sgn_live_collect(sgn_zoneset_t *zs, const uint8_t *qname, uint16_t qtype,
                           const sgn_live_opts_t *opts, sgn_diag_t *diag)
{
	SGN_UNUSED(zs);
	SGN_UNUSED(qname);
	SGN_UNUSED(qtype);
	SGN_UNUSED(opts);
	return sgn_diag_set(diag, SGN_EUNSUPPORTED, "", 0, "live collection is not available yet");
}
