/* SPDX-License-Identifier: MIT */
/* The chain bundle reader (text or RFC 9102 wire form) and a validation over what it
 * read, from the test hierarchy's root anchor, for a name and type taken from the bundle
 * itself so that the validator walks data the fuzzer controls. */
#include <libsign/anchor.h>
#include <libsign/chain.h>
#include <libsign/rr.h>
#include <libsign/text.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#include "fuzz.h"

/* keys/hierarchy/root.anchor */
static const char root_ds[] =
	"9326 13 2 16116A90FC8DA7FC5C328CFDFD70F2D6CDD9D332D019146EE85D0558A012B95B";

static sgn_anchors_t *anchors(void)
{
	static sgn_anchors_t *a;
	static const uint8_t root[1] = { 0 };
	if (a == NULL) {
		sgn_buf_t ds;
		sgn_buf_init(&ds);
		if (sgn_anchors_new(&a) != SGN_OK ||
		    sgn_rdata_from_str(&ds, SGN_TYPE_DS, root_ds, root, NULL) != SGN_OK ||
		    sgn_anchors_add_ds(a, root, ds.data, ds.len) != SGN_OK) {
			abort();
		}
		sgn_buf_release(&ds);
	}
	return a;
}

/* The deepest zone's names, and each name's first type: the question the bundle answers. */
static void validate_some(const sgn_zoneset_t *zs, uint8_t pick)
{
	size_t nz = sgn_zoneset_count(zs);
	if (nz == 0) {
		return;
	}
	const sgn_zone_t *z = sgn_zoneset_get(zs, (size_t)pick % nz);
	size_t nn = sgn_zone_node_count(z);
	const uint8_t *qname = sgn_zone_get_apex(z);
	uint16_t qtype = SGN_TYPE_A;
	if (nn > 0) {
		const sgn_node_t *node = sgn_zone_get_node(z, (size_t)(pick / 7) % nn);
		qname = sgn_node_get_name(node);
		if (sgn_node_rrset_count(node) > 0) {
			qtype = sgn_node_get_rrset(node, 0)->rrset.type;
		}
	}
	if (!sgn_chain_can_ask(qtype)) {
		qtype = SGN_TYPE_A; /* an RRSIG RRset: ask for data instead */
	}
	sgn_chain_opts_t opts;
	sgn_chain_opts_init(&opts, FUZZ_NOW);
	opts.limits.work = 200;
	sgn_chain_t *chain = NULL;
	sgn_err_t err = sgn_chain_validate(&chain, zs, anchors(), qname, qtype, &opts);
	FUZZ_ASSERT(err == SGN_OK || err == SGN_ENOMEM);
	sgn_chain_free(chain);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[4096];
	fuzz_write("bundle", data, size, path);
	sgn_zoneset_t *zs;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_zoneset_new(&zs) != SGN_OK) {
		return 0;
	}
	if (sgn_zoneset_load_bundle(zs, path, &diag) == SGN_OK) {
		validate_some(zs, size > 0 ? data[size / 2] : 0);
	}
	sgn_zoneset_free(zs);
	return 0;
}
