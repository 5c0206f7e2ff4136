/* SPDX-License-Identifier: MIT */
/* NSEC3 chains (RFC 5155 §7.1): hash every name that needs one (empty non-terminals
 * included, insecure delegations left out under opt-out), sort by hash, link each record
 * to the next hash, and hang the records on owners "<base32hex hash>.<apex>". */
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/denial.h>
#include <libsign/rr.h>

#include "../pool/pool.h"
#include "../wire/rdesc.h"
#include "chain.h"

struct hashed {
	uint8_t hash[SGN_NSEC3_HASH_LEN];
	sgn_node_t *node;
};

struct hash_job {
	const sgn_node_t *const *nodes;
	size_t n;
	const uint8_t *salt;
	uint8_t salt_len;
	uint16_t iterations;
	uint8_t (*out)[20];
};

#define HASH_CHUNK 4096

static sgn_err_t hash_chunk(void *ctx, unsigned worker, size_t job)
{
	struct hash_job *j = ctx;
	SGN_UNUSED(worker);
	size_t end = SGN_MIN(j->n, (job + 1) * HASH_CHUNK);
	for (size_t i = job * HASH_CHUNK; i < end; i++) {
		sgn_err_t err = sgn_nsec3_hash(j->out[i], j->nodes[i]->name, SGN_NSEC3_HASH_SHA1, j->salt,
		                               j->salt_len, j->iterations);
		if (err != SGN_OK) {
			return err;
		}
	}
	return SGN_OK;
}

sgn_err_t sgn__nsec3_hash_nodes(const sgn_node_t *const *nodes, size_t n, const uint8_t *salt,
                                uint8_t salt_len, uint16_t iterations, unsigned threads,
                                uint8_t (*out)[20])
{
	struct hash_job job = { nodes, n, salt, salt_len, iterations, out };
	return sgn__pool_run(threads, (n + HASH_CHUNK - 1) / HASH_CHUNK, hash_chunk, &job);
}

static int hashed_cmp(const void *a, const void *b)
{
	return memcmp(((const struct hashed *)a)->hash, ((const struct hashed *)b)->hash,
	              SGN_NSEC3_HASH_LEN);
}

void sgn__nsec3_chain_drop(sgn_zone_t *z)
{
	for (size_t i = 0; i < z->nn3; i++) {
		z->n3nodes[i]->nrrsets = 0;
	}
	z->nn3 = 0;
}

/* NSEC3 RDATA for one name: parameters, next hash, type bitmap. */
static size_t nsec3_rdata(const struct sgn__nsec3_params *p, const uint8_t *next,
                          const sgn_node_t *node, uint16_t *types, uint8_t *out)
{
	size_t k = 0;
	out[k++] = SGN_NSEC3_HASH_SHA1;
	out[k++] = p->opt_out ? SGN_NSEC3_FLAG_OPTOUT : 0;
	sgn__put16(out + k, p->iterations);
	k += 2;
	out[k++] = p->salt_len;
	memcpy(out + k, p->salt, p->salt_len);
	k += p->salt_len;
	out[k++] = SGN_NSEC3_HASH_LEN;
	memcpy(out + k, next, SGN_NSEC3_HASH_LEN);
	k += SGN_NSEC3_HASH_LEN;
	size_t nt = sgn__denial_types(node, false, types);
	return k + sgn__bitmap_build(types, nt, out + k);
}

/* The owner "<hash>.<apex>" of an NSEC3 record. */
static size_t nsec3_owner(const sgn_zone_t *z, const uint8_t *hash, uint8_t *owner)
{
	char b32[SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1];
	if (sgn_base32hex_encode(hash, SGN_NSEC3_HASH_LEN, b32, sizeof(b32)) != SGN_OK) {
		return 0;
	}
	size_t alen = sgn_name_len(z->apex, SGN_NAME_MAX);
	size_t l = strlen(b32);
	if (1 + l + alen > SGN_NAME_MAX) {
		return 0;
	}
	owner[0] = (uint8_t)l;
	memcpy(owner + 1, b32, l);
	memcpy(owner + 1 + l, z->apex, alen);
	return 1 + l + alen;
}

static sgn_err_t link_chain(sgn_zone_t *z, const struct sgn__nsec3_params *p, struct hashed *h,
                            size_t n, sgn_diag_t *diag)
{
	uint16_t *types = malloc(SGN__TYPES_MAX * sizeof(*types));
	uint8_t *rdata = malloc(6 + 255 + SGN_NSEC3_HASH_LEN + SGN__BITMAP_MAX);
	sgn_node_t **owners = malloc((n > 0 ? n : 1) * sizeof(*owners));
	sgn_err_t err = types != NULL && rdata != NULL && owners != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (i + 1 < n && memcmp(h[i].hash, h[i + 1].hash, SGN_NSEC3_HASH_LEN) == 0) {
			err = sgn_diag_set(diag, SGN_EZONE, "", 0,
			                   "NSEC3 hash collision between two names: choose another salt");
			break;
		}
		uint8_t owner[SGN_NAME_MAX];
		size_t olen = nsec3_owner(z, h[i].hash, owner);
		sgn_node_t *on;
		err = olen > 0 ? sgn__ntable_intern(&z->n3, &z->arena, owner, &on) : SGN_EZONE;
		if (err != SGN_OK) {
			break;
		}
		on->kind = SGN_NODE_NSEC3;
		const uint8_t *next = h[(i + 1) % n].hash;
		size_t len = nsec3_rdata(p, next, h[i].node, types, rdata);
		sgn_rdata_t rd = { rdata, (uint16_t)len };
		if (sgn__node_set_rrset(on, SGN_TYPE_NSEC3, p->ttl, &rd, 1, &z->arena) == NULL) {
			err = SGN_ENOMEM;
		}
		owners[i] = on;
	}
	if (err == SGN_OK) {
		/* Owners of the old chain that are not in the new one lose their NSEC3 RRset. */
		for (size_t i = 0; i < n; i++) {
			owners[i]->flags |= SGN__NODE_MARK;
		}
		for (size_t i = 0; i < z->nn3; i++) {
			if (!(z->n3nodes[i]->flags & SGN__NODE_MARK)) {
				sgn__node_drop_rrset(z->n3nodes[i], SGN_TYPE_NSEC3);
			}
		}
		for (size_t i = 0; i < n; i++) {
			owners[i]->flags &= (uint8_t)~SGN__NODE_MARK;
		}
		/* Hash order is canonical order for single-label owners under one apex. */
		free(z->n3nodes);
		z->n3nodes = owners;
		z->nn3 = n;
		owners = NULL;
	}
	free(owners);
	free(types);
	free(rdata);
	return err;
}

sgn_err_t sgn__nsec3_chain_build(sgn_zone_t *z, const struct sgn__nsec3_params *p, size_t *count,
                                 sgn_diag_t *diag)
{
	size_t n = 0;
	struct hashed *h = malloc((z->nnodes + 1) * sizeof(*h));
	const sgn_node_t **names = malloc((z->nnodes + 1) * sizeof(*names));
	uint8_t(*hashes)[20] = malloc((z->nnodes + 1) * sizeof(*hashes));
	sgn_err_t err = h != NULL && names != NULL && hashes != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; err == SGN_OK && i < z->nnodes; i++) {
		if (sgn__nsec3_wanted(z->nodes[i], p->opt_out)) {
			names[n++] = z->nodes[i];
		}
	}
	if (err == SGN_OK) {
		err = sgn__nsec3_hash_nodes(names, n, p->salt, p->salt_len, p->iterations, p->threads,
		                            hashes);
	}
	if (err == SGN_OK) {
		for (size_t i = 0; i < n; i++) {
			memcpy(h[i].hash, hashes[i], SGN_NSEC3_HASH_LEN);
			h[i].node = (sgn_node_t *)names[i];
		}
		qsort(h, n, sizeof(*h), hashed_cmp);
		err = link_chain(z, p, h, n, diag);
	}
	free(h);
	free(names);
	free(hashes);
	*count = err == SGN_OK ? n : 0;
	return err;
}
