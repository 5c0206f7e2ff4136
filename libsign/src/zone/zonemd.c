/* SPDX-License-Identifier: MIT */
/* RFC 8976 ZONEMD SIMPLE digest over the zone model. */
#include <stdlib.h>
#include <string.h>

#include <libsign/rr.h>

#include "../alg/alg.h"
#include "../wire/rrwire.h"
#include "zonemd.h"

size_t sgn__zonemd_digest_size(uint8_t hash_alg)
{
	return hash_alg == SGN__ZONEMD_SHA384 ? 48 : hash_alg == SGN__ZONEMD_SHA512 ? 64 : 0;
}

struct sig_rr {
	sgn_rdata_t rd;
	uint32_t ttl;
};

static int sig_cmp(const void *a, const void *b)
{
	const struct sig_rr *x = a, *y = b;
	return sgn_rdata_compare(x->rd.data, x->rd.len, y->rd.data, y->rd.len);
}

/* The digest's input is made on the worker pool, node by node in canonical order (the zone
 * pipe, or the streaming signer), and hashed in that order on one thread: SHA-384 itself is
 * all that stays serial. Each worker sorts a node's RRSIGs in a scratch array of its own. */
struct digest_ctx {
	struct sgn__md *md;
	struct sgn__zonemd_scratch *scratch; /* one per worker */
	const sgn_node_t *apex;
};

const char *sgn__zonemd_md_name(uint8_t hash_alg)
{
	return hash_alg == SGN__ZONEMD_SHA384 ? "SHA384" : hash_alg == SGN__ZONEMD_SHA512 ? "SHA512" : NULL;
}

void sgn__zonemd_scratch_release(struct sgn__zonemd_scratch *sc)
{
	free(sc->sigs);
	sc->sigs = NULL;
	sc->cap = 0;
}

static sgn_err_t put_rr(sgn_buf_t *out, const sgn_node_t *node, uint16_t type, uint32_t ttl,
                        const sgn_rdata_t *rd)
{
	return sgn__rr_wire_put(out, node->name, node->namelen, type, SGN_CLASS_IN, ttl, rd);
}

/* All RRSIGs at a node form one RRset of type RRSIG, in RDATA order (RFC 8976 §3.3.1.2). */
static sgn_err_t put_sigs(const sgn_node_t *apex, struct sgn__zonemd_scratch *sc, sgn_buf_t *out,
                          const sgn_node_t *node)
{
	size_t n = 0;
	for (size_t i = 0; i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		bool orphans = rs->rrset.type == SGN_TYPE_RRSIG;
		if (node == apex && rs->rrset.type == SGN_TYPE_ZONEMD) {
			continue; /* §3.3.1.1: the apex ZONEMD's RRSIGs are left out */
		}
		size_t count = orphans ? rs->rrset.count : rs->sig_count;
		const sgn_rdata_t *rd = orphans ? rs->rrset.rdata : rs->sigs;
		if (sgn__grow(&sc->sigs, &sc->cap, n + count, sizeof(*sc->sigs), 16) != SGN_OK) {
			return SGN_ENOMEM;
		}
		for (size_t k = 0; k < count; k++) {
			sc->sigs[n].rd = rd[k];
			sc->sigs[n].ttl = rs->rrset.ttl;
			n++;
		}
	}
	if (n > 1) {
		qsort(sc->sigs, n, sizeof(*sc->sigs), sig_cmp);
	}
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (i > 0 && sig_cmp(&sc->sigs[i - 1], &sc->sigs[i]) == 0) {
			continue;
		}
		err = put_rr(out, node, SGN_TYPE_RRSIG, sc->sigs[i].ttl, &sc->sigs[i].rd);
	}
	return err;
}

sgn_err_t sgn__zonemd_node(const sgn_node_t *apex, struct sgn__zonemd_scratch *sc,
                           const sgn_node_t *node, sgn_buf_t *out)
{
	bool sigs_done = false;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		uint16_t type = rs->rrset.type;
		if (!sigs_done && type >= SGN_TYPE_RRSIG) {
			err = put_sigs(apex, sc, out, node);
			sigs_done = true;
		}
		if (type == SGN_TYPE_RRSIG || (node == apex && type == SGN_TYPE_ZONEMD)) {
			continue;
		}
		for (size_t k = 0; err == SGN_OK && k < rs->rrset.count; k++) {
			err = put_rr(out, node, type, rs->rrset.ttl, &rs->rrset.rdata[k]);
		}
	}
	if (err == SGN_OK && !sigs_done) {
		err = put_sigs(apex, sc, out, node);
	}
	return err;
}

static sgn_err_t put_node(void *ctx, unsigned worker, const sgn_node_t *node, sgn_buf_t *out)
{
	const struct digest_ctx *d = ctx;
	return sgn__zonemd_node(d->apex, &d->scratch[worker], node, out);
}

static sgn_err_t hash_bytes(void *ctx, const sgn_buf_t *bytes)
{
	const struct digest_ctx *d = ctx;
	return sgn__md_update(d->md, bytes->data, bytes->len);
}

sgn_err_t sgn__zonemd_compute(const sgn_zone_t *z, uint8_t hash_alg, unsigned threads,
                              uint8_t *out, size_t *len)
{
	const char *name = sgn__zonemd_md_name(hash_alg);
	if (name == NULL) {
		return SGN_EUNSUPPORTED;
	}
	threads = threads > 0 ? threads : 1;
	struct digest_ctx d = { .apex = z->apex_node, .scratch = calloc(threads, sizeof(*d.scratch)) };
	struct sgn__zone_pipe pipe = { .make = put_node, .take = hash_bytes, .ctx = &d };
	sgn_err_t err = d.scratch != NULL ? sgn__md_new(name, &d.md) : SGN_ENOMEM;
	if (err == SGN_OK) {
		err = sgn__zone_pipe_run(z, threads, &pipe);
	}
	if (err == SGN_OK) {
		err = sgn__md_final(d.md, out, len);
	}
	sgn__md_free(d.md);
	for (unsigned i = 0; d.scratch != NULL && i < threads; i++) {
		sgn__zonemd_scratch_release(&d.scratch[i]);
	}
	free(d.scratch);
	return err;
}
