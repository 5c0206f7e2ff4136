/* SPDX-License-Identifier: MIT */
/* The zone text reader (sgn_zonefile_open_mem + next) with every directive, $INCLUDE
 * confined to the scratch directory, and each RR printed and read back as one line. */
#include <libsign/name.h>
#include <libsign/text.h>

#include "fuzz.h"

/* Work per input stays small: libFuzzer wants many executions per second. */
#define FUZZ_MAX_RRS 5000

static void reread(const sgn_rr_t *rr)
{
	sgn_buf_t line, rdata;
	uint8_t owner[SGN_NAME_MAX];
	sgn_rr_t back;
	sgn_buf_init(&line);
	sgn_buf_init(&rdata);
	if (sgn_rr_to_str(&line, rr) == SGN_OK) {
		sgn_diag_t diag;
		sgn_diag_init(&diag);
		sgn_err_t err = sgn_rr_from_str(&back, owner, &rdata, (const char *)line.data, NULL,
		                                0, &diag);
		if (err != SGN_OK) {
			fprintf(stderr, "'%s' does not read back: %s\n", (const char *)line.data,
			        diag.msg);
		}
		FUZZ_ASSERT(err == SGN_OK);
		FUZZ_ASSERT(back.type == rr->type && back.rdlen == rr->rdlen &&
		            (rr->rdlen == 0 || memcmp(back.rdata, rr->rdata, rr->rdlen) == 0));
		size_t olen = sgn_name_len(rr->owner, SGN_NAME_MAX);
		FUZZ_ASSERT(memcmp(back.owner, rr->owner, olen) == 0);
	}
	sgn_buf_release(&line);
	sgn_buf_release(&rdata);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static char zone[4096];
	if (zone[0] == '\0') {
		char inc[4096];
		static const char text[] = "$TTL 300\nincluded A 192.0.2.1\n";
		fuzz_write("inc.zone", (const uint8_t *)text, sizeof(text) - 1, inc);
		snprintf(zone, sizeof(zone), "%s/fuzz.zone", fuzz_dir());
	}
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.include_confine = true;
	opts.max_generate = 1000;
	sgn_zonefile_t *zf;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_zonefile_open_mem(&zf, zone, (const char *)data, size, &opts, &diag) != SGN_OK) {
		return 0;
	}
	sgn_rr_t rr;
	for (size_t n = 0; n < FUZZ_MAX_RRS && sgn_zonefile_next(zf, &rr, &diag) == SGN_OK; n++) {
		reread(&rr);
	}
	sgn_zonefile_free(zf);
	return 0;
}
