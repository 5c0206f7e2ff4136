/* SPDX-License-Identifier: MIT */
/* NSEC and NSEC3 chains over the zone model: building them (for signing) and the type
 * lists they carry (for signing and verifying alike). */
#ifndef SGN_DENIAL_CHAIN_H
#define SGN_DENIAL_CHAIN_H

#include "../zone/zone_internal.h"

/* Room for any type list. */
#define SGN__TYPES_MAX 65536

/* The types an NSEC or NSEC3 at @p node lists (RFC 4034 §4.1.2, RFC 5155 §3.1.8): the
 * authoritative RRsets there (NS and DS only at a delegation), plus RRSIG when the record
 * set at the name is signed. With @p nsec, NSEC and RRSIG are added (the NSEC itself is
 * signed). Returns the count written to @p types (room for SGN__TYPES_MAX). */
size_t sgn__denial_types(const sgn_node_t *node, bool nsec, uint16_t *types) SGN_INTERNAL;

/* Does @p node take part in the NSEC chain? (apex, authoritative names, delegations) */
bool sgn__nsec_wanted(const sgn_node_t *node) SGN_INTERNAL;
/* Does @p node need an NSEC3 record of its own (RFC 5155 §7.1)? */
bool sgn__nsec3_wanted(const sgn_node_t *node, bool opt_out) SGN_INTERNAL;

/* Work space for making denial records: type lists and one RDATA. */
#define SGN__DENIAL_RDATA_MAX (6 + 255 + 1 + 255 + 256 * 34)
struct sgn__denial_scratch {
	uint16_t *types;
	uint8_t *rdata;
};
sgn_err_t sgn__denial_scratch_init(struct sgn__denial_scratch *sc) SGN_INTERNAL;
void sgn__denial_scratch_release(struct sgn__denial_scratch *sc) SGN_INTERNAL;

/* Mark the names of the NSEC chain (before sgn__nsec_set); returns their number. */
size_t sgn__nsec_mark(sgn_zone_t *z) SGN_INTERNAL;
/* Set the NSEC of tree position @p i (or drop it where none belongs), RDATA in @p arena;
 * an unchanged NSEC keeps its signatures. */
sgn_err_t sgn__nsec_set(sgn_zone_t *z, size_t i, uint32_t ttl, sgn__arena_t *arena,
                        struct sgn__denial_scratch *sc) SGN_INTERNAL;

/* Set the NSEC of @p node, pointing at @p next, with the types at @p node (RDATA in
 * @p arena); an unchanged NSEC keeps its signatures. */
sgn_err_t sgn__nsec_put(sgn_node_t *node, const sgn_node_t *next, uint32_t ttl,
                        sgn__arena_t *arena, struct sgn__denial_scratch *sc) SGN_INTERNAL;
/* Replace the zone's NSEC chain; records that come out unchanged keep their signatures.
 * @p count receives the number of NSEC records. */
sgn_err_t sgn__nsec_chain_build(sgn_zone_t *z, uint32_t ttl, size_t *count) SGN_INTERNAL;
/* Remove every NSEC RRset. */
sgn_err_t sgn__nsec_chain_drop(sgn_zone_t *z, unsigned threads) SGN_INTERNAL;

struct sgn__nsec3_params {
	uint16_t iterations;
	uint8_t salt_len;
	const uint8_t *salt;
	bool opt_out;
	uint32_t ttl;
	unsigned threads;
};

/* The NSEC3 RDATA of @p node (RFC 5155 §3.2): the parameters, @p next (the next owner's
 * hash) and the types at @p node, written to @p out (::SGN__DENIAL_RDATA_MAX bytes, type
 * list room in @p types); returns its length. */
size_t sgn__nsec3_rdata(const struct sgn__nsec3_params *p, const uint8_t *next,
                        const sgn_node_t *node, uint16_t *types, uint8_t *out) SGN_INTERNAL;

/* A name's NSEC3 hash; the name by its place in the zone's node array (24 bytes, not 32:
 * a chain plan holds one per name). */
struct sgn__hashed {
	uint8_t hash[20];
	uint32_t node;
};

/* The NSEC3 hashes of the names of the zone that need an NSEC3 (opt-out leaves insecure
 * delegations out), on @p threads workers, in name order. *out is malloc'd. */
sgn_err_t sgn__nsec3_hash_zone(const sgn_zone_t *z, bool opt_out, const uint8_t *salt,
                               uint8_t salt_len, uint16_t iterations, unsigned threads,
                               struct sgn__hashed **out, size_t *n) SGN_INTERNAL;

/* An NSEC3 chain described but not built: every name's hash, in hash order. */
struct sgn__nsec3_plan {
	struct sgn__nsec3_params p;
	struct sgn__hashed *h;
	size_t n;
};
/* Hash every name that needs an NSEC3, sort; SGN_EZONE on a hash collision. */
sgn_err_t sgn__nsec3_plan_make(const sgn_zone_t *z, const struct sgn__nsec3_params *p,
                               struct sgn__nsec3_plan *plan, sgn_diag_t *diag) SGN_INTERNAL;
void sgn__nsec3_plan_release(struct sgn__nsec3_plan *plan) SGN_INTERNAL;
/* A transient node for position @p k of the plan, in @p arena, holding its NSEC3 (with the
 * old chain's signatures when the record is unchanged). Not entered in the zone. */
sgn_err_t sgn__nsec3_node(sgn_zone_t *z, const struct sgn__nsec3_plan *plan, size_t k,
                          sgn__arena_t *arena, struct sgn__denial_scratch *sc,
                          sgn_node_t **out) SGN_INTERNAL;

/* Replace the zone's NSEC3 chain (RFC 5155 §7.1); records that come out unchanged keep
 * their signatures. SGN_EZONE on a hash collision (choose another salt). */
sgn_err_t sgn__nsec3_chain_build(sgn_zone_t *z, const struct sgn__nsec3_params *p, size_t *count,
                                 sgn_diag_t *diag) SGN_INTERNAL;
/* Remove every NSEC3 owner. */
void sgn__nsec3_chain_drop(sgn_zone_t *z) SGN_INTERNAL;

#endif
