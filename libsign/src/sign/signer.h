/* SPDX-License-Identifier: MIT */
/* State shared by the parts of zone signing: which keys sign what, the zone, the policy,
 * and the per-worker scratch space. */
#ifndef SGN_SIGN_SIGNER_H
#define SGN_SIGN_SIGNER_H

#include <pthread.h>
#include <stdio.h>

#include <libsign/key.h>
#include <libsign/sign.h>

#include "../alg/alg.h"
#include "../arena.h"
#include "../denial/chain.h"
#include "../key/keyctx.h"
#include "../zone/zone_internal.h"
#include "../zone/zonemd.h"

/* One active key and the RRsets it signs. */
struct sgn__signkey {
	sgn_key_t *key;        /* owned copy (REVOKE flag set when revoked) */
	uint8_t alg;
	uint16_t tag;
	bool signs_keys;       /* DNSKEY, CDS, CDNSKEY */
	bool signs_data;       /* everything else */
	bool trust_ok;         /* no foreign DNSKEY shares (alg, tag): a trusted source's RRSIGs
	                          with this (alg, tag) are ours */
};

/* One position of the output, in 4 bytes (there is one per name and NSEC3 owner): a name
 * of the zone by its index in zone->nodes, or, with SGN__ITEM_N3, an NSEC3 owner by its
 * index in zone->n3nodes, or in the plan when streaming NSEC3. */
typedef uint32_t sgn__item_t;
#define SGN__ITEM_N3 0x80000000u
#define SGN__ITEM_MAX 0x7fffffffu

/* Names signed and written per job. */
#define SGN__SIGN_CHUNK 256

/* A node's RRset array before a streamed NSEC was added to it: nodes are built with no room
 * to spare, so the NSEC may move the array into the worker's arena for a while. */
struct sgn__rrsets_saved {
	struct sgn__zrrset *rrsets;
	uint16_t cap;
};

struct sgn__sworker {
	struct sgn__denial_scratch dsc; /* streaming denial records */
	struct sgn__rrsets_saved saved[SGN__SIGN_CHUNK]; /* this chunk's nodes, streaming NSEC */
	sgn__arena_t arena;    /* new signatures and their arrays */
	sgn_buf_t text;        /* this chunk's output */
	sgn_buf_t wire;        /* and its ZONEMD digest input, when streaming one */
	struct sgn__zonemd_scratch zsc;
	struct sgn__keyctx **sign_ctx;   /* per signing key, made on first use */
	struct sgn__keyctx **verify_ctx;
	sgn_buf_t scratch;     /* signing data */
	sgn_buf_t sig;         /* one RRSIG RDATA */
	size_t created, reused, verified, dropped, rrsets;
};

struct sgn__signer {
	sgn_zone_t *zone;
	const sgn_sign_policy_t *pol;
	sgn_diag_t *diag;
	struct sgn__signkey *keys; /* active signing keys */
	size_t nkeys;
	sgn_keylist_t published;   /* keys in the DNSKEY RRset (copies with current flags) */
	const sgn_keylist_t *all;  /* every key given: a DNSKEY of one of them is ours, whatever
	                              its state (a deleted key's DNSKEY must go) */
	bool trusted;              /* the input's signatures are authenticated by its ZONEMD */
	bool prev_trusted;         /* the same for policy->previous */
	uint32_t denial_ttl;       /* min(SOA TTL, SOA MINIMUM): RFC 9077 */
	struct sgn__sworker *workers;
	unsigned nworkers;
	size_t njobs, chunk;
	size_t done;               /* progress, written by worker 0 only */
	sgn__item_t *order;        /* everything in output order */
	size_t norder;
	bool stream;               /* signatures and denial records live only until written */
	struct sgn__nsec3_plan plan; /* streaming NSEC3: the chain, made as it is written */
	FILE *out;                 /* this pass writes here, chunks in order */
	pthread_mutex_t lock;      /* the writer's turn */
	pthread_cond_t turn;
	size_t next_write;
	bool aborted;
	sgn_err_t abort_err;       /* the error that aborted the writes (the others only wait) */
	int write_errno;           /* why the write failed (the writer's errno) */
	uint32_t serial;           /* the new SOA serial (sgn__signer_serial) */
	sgn_zone_rrset_t old_zonemd;  /* the input's ZONEMD: its signature may still serve */
	bool had_zonemd;
	struct sgn__md *out_md;    /* SHA-256 of what was written, for the authenticator */
	struct sgn__md *zonemd_md; /* streaming with ZONEMD: the digest of the records written so
	                              far (the apex ZONEMD is written last, once it is known) */
};

/* Choose the keys that publish and sign at policy->now (keyset.c). */
sgn_err_t sgn__signer_keys(struct sgn__signer *s, const sgn_keylist_t *keys) SGN_INTERNAL;
void sgn__signer_keys_release(struct sgn__signer *s) SGN_INTERNAL;

/* The new SOA serial by the policy, newer than policy->previous's (apex.c); refused
 * before the zone changes. */
sgn_err_t sgn__signer_serial(struct sgn__signer *s) SGN_INTERNAL;
/* Apex records: DNSKEY, CDS/CDNSKEY, NSEC3PARAM, SOA serial, ZONEMD placeholder (apex.c). */
sgn_err_t sgn__signer_apex(struct sgn__signer *s, sgn_sign_stats_t *stats) SGN_INTERNAL;

/* Whether the input's signatures can be taken unverified: a ZONEMD over the zone as
 * loaded that matches and carries a valid RRSIG by one of our active keys (trust.c). */
sgn_err_t sgn__signer_check_trust(struct sgn__signer *s, const sgn_zone_t *source,
                                  bool *trusted) SGN_INTERNAL;

/* The output order: names and NSEC3 owners merged canonically (rrsets.c). */
sgn_err_t sgn__signer_order(struct sgn__signer *s) SGN_INTERNAL;
/* One pass over the zone on the worker pool (rrsets.c): sign every RRset that needs it,
 * and write each chunk's text to @p out (when not NULL) in order. */
sgn_err_t sgn__signer_run(struct sgn__signer *s, FILE *out) SGN_INTERNAL;
/* Sign (or keep signatures of) one RRset, on the calling thread with worker @p w. */
sgn_err_t sgn__sign_rrset(struct sgn__signer *s, struct sgn__sworker *w,
                          struct sgn__zrrset *rs) SGN_INTERNAL;

/* -- the authenticator line of a written zone (auth.c) -- */

/* The line for a file whose bytes before it have SHA-256 @p digest, appended to @p out. */
sgn_err_t sgn__signer_auth_line(const struct sgn__signer *s, const uint8_t digest[32],
                                sgn_buf_t *out) SGN_INTERNAL;
/* Finish @p md (the bytes written) and write the line to @p out. */
sgn_err_t sgn__signer_auth_write(const struct sgn__signer *s, struct sgn__md *md,
                                 FILE *out) SGN_INTERNAL;
/* Does the zone's file end with an authenticator that one of our active keys made? */
bool sgn__signer_auth_ok(const struct sgn__signer *s, const sgn_zone_t *z) SGN_INTERNAL;

/* -- signing some RRsets outside a whole-zone run (update/) -- */

/* Set @p s up to sign RRsets of @p zone: the policy checked and the keys chosen at
 * policy->now as sgn_zone_sign() does (refused alike), policy->threads workers. On an error
 * nothing is left to release. */
sgn_err_t sgn__signer_open(struct sgn__signer *s, sgn_zone_t *zone, const sgn_keylist_t *keys,
                           const sgn_sign_policy_t *pol, sgn_diag_t *diag) SGN_INTERNAL;
/* Hand the signatures made to the zone, add the workers' counts to @p stats (may be NULL)
 * and free the rest. */
void sgn__signer_close(struct sgn__signer *s, sgn_sign_stats_t *stats) SGN_INTERNAL;
/* Sign rs[0 .. n) (sgn__sign_rrset each), on the workers when there are many. */
sgn_err_t sgn__signer_sign_list(struct sgn__signer *s, struct sgn__zrrset *const *rs,
                                size_t n) SGN_INTERNAL;
/* Do the RRset's signatures serve as they are: for each active key that signs its type,
 * one naming the key, fitting the RRset, valid now and not due for a refresh? Fields only,
 * no cryptography: for signatures the caller does not call into question. */
bool sgn__sigs_current(const struct sgn__signer *s, const sgn_zone_rrset_t *rs) SGN_INTERNAL;
/* The zone's NSEC3 parameters (an NSEC3PARAM with flags 0 and SHA-1) into the policy's
 * denial fields, opt-out off; false (the policy untouched) when it has none. */
bool sgn__zone_nsec3param(const sgn_zone_t *zone, sgn_sign_policy_t *policy) SGN_INTERNAL;
/* The next serial by the policy (RFC 1982; apex.c). */
uint32_t sgn__serial_next(const sgn_sign_policy_t *pol, uint32_t serial) SGN_INTERNAL;
/* A ZONEMD RRset with a zero digest at the apex, for @p serial (apex.c). */
sgn_err_t sgn__zonemd_placeholder(struct sgn__signer *s, uint32_t serial, uint32_t ttl,
                                  uint8_t hash_alg) SGN_INTERNAL;
/* The apex ZONEMD (RFC 8976 SIMPLE, @p hash_alg) of the zone as it is now, serial
 * s->serial, TTL @p ttl, signed. */
sgn_err_t sgn__signer_zonemd(struct sgn__signer *s, uint8_t hash_alg, uint32_t ttl) SGN_INTERNAL;

#endif
