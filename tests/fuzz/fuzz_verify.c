/* SPDX-License-Identifier: MIT */
/* Zone verify: load a (small) zone and run the whole-zone verification over it, one
 * thread, a small work budget, at a fixed time. */
#include <libsign/finding.h>
#include <libsign/validate.h>
#include <libsign/zone.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4096];
	fuzz_write("verify.zone", data, size, path);
	sgn_zone_opts_t zopts;
	sgn_zone_opts_init(&zopts);
	zopts.no_include = true;
	zopts.no_generate = true;
	sgn_zone_t *zone;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_zone_load(&zone, path, &zopts, &diag) != SGN_OK) {
		return 0;
	}
	sgn_verify_opts_t opts;
	sgn_verify_opts_init(&opts, FUZZ_NOW);
	opts.threads = 1;
	opts.limits.work = 500;
	sgn_findings_t findings;
	sgn_verify_stats_t stats;
	sgn_findings_init(&findings);
	sgn_err_t err = sgn_zone_verify(zone, &findings, &stats, &opts);
	FUZZ_ASSERT(err == SGN_OK || err == SGN_ENOMEM);
	sgn_findings_release(&findings);
	sgn_zone_free(zone);
	return 0;
}
