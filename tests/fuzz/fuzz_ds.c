/* SPDX-License-Identifier: MIT */
/* What `sigil ds` reads from a DNSKEY set: zone text, each DNSKEY/CDNSKEY made a key,
 * a DS computed for it with every digest type, and the DS matched back (an oracle: a DS
 * made from a key matches that key). */
#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/key.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "fuzz.h"

#define FUZZ_MAX_KEYS 64

static void one_key(const sgn_rr_t *rr)
{
	sgn_key_t *key;
	if (sgn_key_from_dnskey(&key, rr->owner, rr->rdata, rr->rdlen) != SGN_OK) {
		return;
	}
	(void)sgn_key_can_verify(key);
	static const uint8_t digests[] = { SGN_DIGEST_SHA1, SGN_DIGEST_SHA256, SGN_DIGEST_GOST,
	                                   SGN_DIGEST_SHA384, 0, 5, 255 };
	for (size_t i = 0; i < sizeof(digests); i++) {
		uint8_t ds[SGN_DS_RDATA_MAX];
		size_t len = 0;
		if (sgn_ds_from_dnskey(ds, &len, rr->owner, rr->rdata, rr->rdlen, digests[i]) !=
		    SGN_OK) {
			continue;
		}
		FUZZ_ASSERT(len <= sizeof(ds));
		bool match = false;
		FUZZ_ASSERT(sgn_ds_match(&match, ds, len, rr->owner, rr->rdata,
		            rr->rdlen) == SGN_OK);
		FUZZ_ASSERT(match);
	}
	sgn_key_free(key);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.no_include = true;
	opts.no_generate = true;
	opts.default_ttl = 3600;
	opts.has_default_ttl = true;
	sgn_zonefile_t *zf;
	fuzz_dir();
	if (sgn_zonefile_open_mem(&zf, "dnskey", (const char *)data, size, &opts, NULL) != SGN_OK) {
		return 0;
	}
	sgn_rr_t rr;
	for (size_t n = 0; n < FUZZ_MAX_KEYS && sgn_zonefile_next(zf, &rr, NULL) == SGN_OK; n++) {
		if (rr.type == SGN_TYPE_DNSKEY || rr.type == SGN_TYPE_CDNSKEY) {
			one_key(&rr);
		}
	}
	sgn_zonefile_free(zf);
	return 0;
}
