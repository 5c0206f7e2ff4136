/* SPDX-License-Identifier: MIT */
/* ZONEMD (RFC 8976): the SIMPLE scheme digest over a zone model. */
#ifndef SGN_ZONE_ZONEMD_H
#define SGN_ZONE_ZONEMD_H

#include "zone_internal.h"

#define SGN__ZONEMD_SCHEME_SIMPLE 1
#define SGN__ZONEMD_SHA384 1
#define SGN__ZONEMD_SHA512 2
#define SGN__ZONEMD_DIGEST_MAX 64

/* Digest size for a ZONEMD hash algorithm, 0 when unsupported. */
size_t sgn__zonemd_digest_size(uint8_t hash_alg) SGN_INTERNAL;

/* RFC 8976 §3.3.1 SIMPLE digest of the zone: every RR in canonical order, duplicates
 * removed, except the apex ZONEMD RRset and the RRSIGs that cover it. Its input is made on
 * @p threads workers (the hashing itself is serial). */
sgn_err_t sgn__zonemd_compute(const sgn_zone_t *z, uint8_t hash_alg, unsigned threads,
                              uint8_t *out, size_t *len) SGN_INTERNAL;

/* The digest by pieces, for a caller that goes through the nodes in canonical order
 * itself (the streaming signer): the hash's name for sgn__md_new() (NULL when
 * unsupported), and one node's input appended to @p out (nothing for what the digest leaves
 * out). A scratch is for one thread at a time; zeroed, it is empty. */
struct sgn__zonemd_scratch {
	struct sig_rr *sigs;
	size_t cap;
};
const char *sgn__zonemd_md_name(uint8_t hash_alg) SGN_INTERNAL;
sgn_err_t sgn__zonemd_node(const sgn_node_t *apex, struct sgn__zonemd_scratch *sc,
                           const sgn_node_t *node, sgn_buf_t *out) SGN_INTERNAL;
void sgn__zonemd_scratch_release(struct sgn__zonemd_scratch *sc) SGN_INTERNAL;

#endif
