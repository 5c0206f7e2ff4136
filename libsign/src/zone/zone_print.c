/* SPDX-License-Identifier: MIT */
/* Writing the zone model as presentation format: names in canonical order, NSEC3 owners
 * merged in, each RRset followed by its RRSIGs; formatted on the worker pool. */
#include <stdio.h>
#include <stdlib.h>

#include <libsign/name.h>
#include <libsign/text.h>

#include "../alg/alg.h"
#include "../pool/pool.h"
#include "../text/text_internal.h"
#include "zone_internal.h"


/* The lines of an RRset and its RRSIGs. @p h holds the text of the name *@p owner (none
 * yet when NULL), made again only for another name: the RRsets of a node share its name.
 * TTL, class and type are made once for the RRset and once for its RRSIGs. */
static sgn_err_t rrset_lines(sgn_buf_t *out, struct sgn__rr_head *h, const uint8_t **owner,
                             const sgn_zone_rrset_t *rs)
{
	if (rs->rrset.owner != *owner) {
		if (sgn_name_len(rs->rrset.owner, SGN_NAME_MAX) == 0) {
			return SGN_EPARSE;
		}
		sgn__rr_head_owner(h, rs->rrset.owner);
		*owner = rs->rrset.owner;
	}
	sgn_err_t err = SGN_OK;
	sgn__rr_head_set(h, rs->rrset.ttl, rs->rrset.rclass, rs->rrset.type);
	for (size_t i = 0; err == SGN_OK && i < rs->rrset.count; i++) {
		err = sgn__rr_text(out, h, rs->rrset.rdata[i].data, rs->rrset.rdata[i].len, true);
	}
	if (rs->sig_count > 0) {
		sgn__rr_head_set(h, rs->rrset.ttl, rs->rrset.rclass, SGN_TYPE_RRSIG);
	}
	for (size_t i = 0; err == SGN_OK && i < rs->sig_count; i++) {
		err = sgn__rr_text(out, h, rs->sigs[i].data, rs->sigs[i].len, true);
	}
	return err;
}

sgn_err_t sgn__rrset_format(sgn_buf_t *out, const sgn_zone_rrset_t *rs)
{
	struct sgn__rr_head h;
	const uint8_t *owner = NULL;
	return rrset_lines(out, &h, &owner, rs);
}

sgn_err_t sgn__node_format(sgn_buf_t *buf, const sgn_node_t *node)
{
	struct sgn__rr_head h;
	const uint8_t *owner = NULL;
	sgn_err_t err = SGN_OK;
	/* The SOA first, as every zone file reader expects; then the rest in type order. */
	const struct sgn__zrrset *soa = sgn__node_rrset(node, SGN_TYPE_SOA);
	if (soa != NULL) {
		err = rrset_lines(buf, &h, &owner, &soa->v);
	}
	for (size_t i = 0; err == SGN_OK && i < node->nrrsets; i++) {
		if (&node->rrsets[i] != soa) {
			err = rrset_lines(buf, &h, &owner, &node->rrsets[i].v);
		}
	}
	return err;
}

sgn_err_t sgn__zone_order(const sgn_zone_t *zone, sgn_node_t ***out, size_t *n)
{
	sgn_node_t **order = malloc((zone->nnodes + zone->nn3 + 1) * sizeof(*order));
	size_t i = 0, j = 0, k = 0;
	if (order == NULL) {
		return SGN_ENOMEM;
	}
	while (i < zone->nnodes || j < zone->nn3) {
		if (j >= zone->nn3 ||
		    (i < zone->nnodes && sgn_name_compare(zone->nodes[i]->name, zone->n3nodes[j]->name) <= 0)) {
			order[k++] = zone->nodes[i++];
		} else {
			order[k++] = zone->n3nodes[j++];
		}
	}
	*out = order;
	*n = k;
	return SGN_OK;
}

/* Writing formats chunks of names on the worker pool, a batch at a time, and writes each
 * batch in order: the text is the same whatever the thread count. */
#define WRITE_CHUNK 512  /* names per job */
#define WRITE_BATCH 8    /* jobs per worker and batch: the text of a batch is in memory */

struct write_job {
	sgn_node_t **order;
	size_t n;
	size_t first;    /* the batch's first job */
	sgn_buf_t *text; /* one per job of the batch */
};

static sgn_err_t format_job(void *ctx, unsigned worker, size_t job)
{
	struct write_job *w = ctx;
	SGN_UNUSED(worker);
	sgn_buf_t *b = &w->text[job];
	size_t begin = (w->first + job) * WRITE_CHUNK, end = SGN_MIN(w->n, begin + WRITE_CHUNK);
	b->len = 0;
	sgn_err_t err = SGN_OK;
	for (size_t i = begin; i < end && err == SGN_OK; i++) {
		err = sgn__node_format(b, w->order[i]);
	}
	return err;
}

sgn_err_t sgn_zone_write(const sgn_zone_t *zone, FILE *fp, sgn_diag_t *diag)
{
	return sgn__zone_write_md(zone, fp, NULL, diag);
}

sgn_err_t sgn__zone_write_md(const sgn_zone_t *zone, FILE *fp, struct sgn__md *md,
                             sgn_diag_t *diag)
{
	unsigned threads = sgn__pool_threads(0);
	size_t batch = (size_t)threads * WRITE_BATCH;
	struct write_job w = { .text = calloc(batch, sizeof(*w.text)) };
	sgn_err_t err = w.text != NULL ? sgn__zone_order(zone, &w.order, &w.n) : SGN_ENOMEM;
	size_t njobs = (w.n + WRITE_CHUNK - 1) / WRITE_CHUNK;
	for (w.first = 0; err == SGN_OK && w.first < njobs; w.first += batch) {
		size_t jobs = SGN_MIN(batch, njobs - w.first);
		err = sgn__pool_run(jobs > 1 ? threads : 1, jobs, format_job, &w);
		for (size_t j = 0; err == SGN_OK && j < jobs; j++) {
			if (w.text[j].len > 0 && fwrite(w.text[j].data, 1, w.text[j].len, fp) != w.text[j].len) {
				err = SGN_EIO;
			} else if (md != NULL) {
				err = sgn__md_update(md, w.text[j].data, w.text[j].len);
			}
		}
	}
	for (size_t j = 0; w.text != NULL && j < batch; j++) {
		sgn_buf_release(&w.text[j]);
	}
	free(w.text);
	free(w.order);
	if (err == SGN_EIO) {
		return sgn__diag_from_errno(diag, "", "write failed");
	}
	return err;
}
