/* SPDX-License-Identifier: MIT */
/* Trust anchor files: IANA's root-anchors XML (and, told apart by content, DS/DNSKEY
 * zone text), then a lookup over what was loaded. */
#include <libsign/anchor.h>
#include <libsign/rr.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4096];
	fuzz_write("anchors", data, size, path);
	sgn_anchors_t *a;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_anchors_new(&a) != SGN_OK) {
		return 0;
	}
	if (sgn_anchors_load(a, path, FUZZ_NOW, &diag) == SGN_OK) {
		size_t n = sgn_anchors_count(a);
		FUZZ_ASSERT(n > 0);
		for (size_t i = 0; i < n; i++) {
			const uint8_t *owner;
			uint16_t type;
			sgn_rdata_t rd;
			FUZZ_ASSERT(sgn_anchors_get(a, &owner, &type, &rd, i));
			FUZZ_ASSERT(sgn_anchors_has(a, owner));
			if (type == SGN_TYPE_DNSKEY) {
				FUZZ_ASSERT(sgn_anchors_match(a, owner, rd.data, rd.len));
			}
		}
	}
	sgn_anchors_free(a);
	return 0;
}
