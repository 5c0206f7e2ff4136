/* SPDX-License-Identifier: MIT */
/* RFC 8976 ZONEMD SIMPLE digest over the zone model. */
#include <stdlib.h>
#include <string.h>

#include <libsign/rr.h>

#include "../alg/alg.h"
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

struct digest_ctx {
	struct sgn__md *md;
	struct sig_rr *sigs;
	size_t cap;
	const sgn_node_t *apex;
};

static sgn_err_t put_rr(struct digest_ctx *d, const sgn_node_t *node, uint16_t type,
                        uint32_t ttl, const sgn_rdata_t *rd)
{
	uint8_t hdr[10];
	sgn__put16(hdr, type);
	sgn__put16(hdr + 2, SGN_CLASS_IN);
	sgn__put32(hdr + 4, ttl);
	sgn__put16(hdr + 8, rd->len);
	sgn_err_t err = sgn__md_update(d->md, node->name, node->namelen);
	if (err == SGN_OK) {
		err = sgn__md_update(d->md, hdr, sizeof(hdr));
	}
	if (err == SGN_OK) {
		err = sgn__md_update(d->md, rd->data, rd->len);
	}
	return err;
}

/* All RRSIGs at a node form one RRset of type RRSIG, in RDATA order (RFC 8976 §3.3.1.2). */
static sgn_err_t put_sigs(struct digest_ctx *d, const sgn_node_t *node)
{
	size_t n = 0;
	for (size_t i = 0; i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		bool orphans = rs->rrset.type == SGN_TYPE_RRSIG;
		if (node == d->apex && rs->rrset.type == SGN_TYPE_ZONEMD) {
			continue; /* §3.3.1.1: the apex ZONEMD's RRSIGs are left out */
		}
		size_t count = orphans ? rs->rrset.count : rs->sig_count;
		const sgn_rdata_t *rd = orphans ? rs->rrset.rdata : rs->sigs;
		if (sgn__grow(&d->sigs, &d->cap, n + count, sizeof(*d->sigs), 16) != SGN_OK) {
			return SGN_ENOMEM;
		}
		for (size_t k = 0; k < count; k++) {
			d->sigs[n].rd = rd[k];
			d->sigs[n].ttl = rs->rrset.ttl;
			n++;
		}
	}
	if (n > 1) {
		qsort(d->sigs, n, sizeof(*d->sigs), sig_cmp);
	}
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (i > 0 && sig_cmp(&d->sigs[i - 1], &d->sigs[i]) == 0) {
			continue;
		}
		err = put_rr(d, node, SGN_TYPE_RRSIG, d->sigs[i].ttl, &d->sigs[i].rd);
	}
	return err;
}

static sgn_err_t put_node(struct digest_ctx *d, const sgn_node_t *node)
{
	bool sigs_done = false;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		uint16_t type = rs->rrset.type;
		if (!sigs_done && type >= SGN_TYPE_RRSIG) {
			err = put_sigs(d, node);
			sigs_done = true;
		}
		if (type == SGN_TYPE_RRSIG || (node == d->apex && type == SGN_TYPE_ZONEMD)) {
			continue;
		}
		for (size_t k = 0; err == SGN_OK && k < rs->rrset.count; k++) {
			err = put_rr(d, node, type, rs->rrset.ttl, &rs->rrset.rdata[k]);
		}
	}
	if (err == SGN_OK && !sigs_done) {
		err = put_sigs(d, node);
	}
	return err;
}

sgn_err_t sgn__zonemd_compute(const sgn_zone_t *z, uint8_t hash_alg, uint8_t *out, size_t *len)
{
	struct digest_ctx d = { .apex = z->apex_node };
	const char *name = hash_alg == SGN__ZONEMD_SHA384   ? "SHA384"
	                   : hash_alg == SGN__ZONEMD_SHA512 ? "SHA512"
	                                                    : NULL;
	if (name == NULL) {
		return SGN_EUNSUPPORTED;
	}
	sgn_node_t **order = NULL;
	size_t n = 0;
	sgn_err_t err = sgn__md_new(name, &d.md);
	if (err == SGN_OK) {
		err = sgn__zone_order(z, &order, &n);
	}
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		err = put_node(&d, order[i]);
	}
	free(order);
	if (err == SGN_OK) {
		err = sgn__md_final(d.md, out, len);
	}
	sgn__md_free(d.md);
	free(d.sigs);
	return err;
}
