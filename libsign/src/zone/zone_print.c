/* SPDX-License-Identifier: MIT */
/* Writing the zone model as presentation format: names in canonical order, NSEC3 owners
 * merged in, each RRset followed by its RRSIGs; formatted on the worker pool. */
#include <errno.h>
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
 * batch in order while the next one is formatted (the first job of its pool run): the
 * text is the same whatever the thread count. */
#define WRITE_CHUNK 512  /* names per job */
#define WRITE_BATCH 8    /* jobs per worker and batch: two batches of text are in memory */

struct write_job {
	sgn_node_t **order;
	size_t n;
	size_t first;        /* the batch being formatted: its first chunk */
	sgn_buf_t *text;     /* its text, one buffer per chunk */
	sgn_buf_t *done;     /* the batch before it, formatted and not yet written */
	size_t ndone;
	FILE *fp;
	struct sgn__md *md;
	int write_errno;     /* of the failed write, which may have been on another thread */
};

sgn_err_t sgn__zone_text_out(FILE *fp, struct sgn__md *md, const sgn_buf_t *text,
                             int *write_errno)
{
	if (text->len > 0 && fwrite(text->data, 1, text->len, fp) != text->len) {
		*write_errno = errno;
		return SGN_EIO;
	}
	return md != NULL ? sgn__md_update(md, text->data, text->len) : SGN_OK;
}

static sgn_err_t write_done(struct write_job *w)
{
	for (size_t j = 0; j < w->ndone; j++) {
		sgn_err_t err = sgn__zone_text_out(w->fp, w->md, &w->done[j], &w->write_errno);
		if (err != SGN_OK) {
			return err;
		}
	}
	w->ndone = 0;
	return SGN_OK;
}

static sgn_err_t format_job(void *ctx, unsigned worker, size_t job)
{
	struct write_job *w = ctx;
	SGN_UNUSED(worker);
	if (job == 0) {
		return write_done(w);
	}
	sgn_buf_t *b = &w->text[job - 1];
	size_t begin = (w->first + job - 1) * WRITE_CHUNK, end = SGN_MIN(w->n, begin + WRITE_CHUNK);
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
	sgn_buf_t *bufs = calloc(2 * batch, sizeof(*bufs));
	struct write_job w = { .text = bufs, .done = bufs + batch, .fp = fp, .md = md };
	sgn_err_t err = bufs != NULL ? sgn__zone_order(zone, &w.order, &w.n) : SGN_ENOMEM;
	size_t njobs = (w.n + WRITE_CHUNK - 1) / WRITE_CHUNK;
	for (w.first = 0; err == SGN_OK && w.first < njobs; w.first += batch) {
		size_t jobs = SGN_MIN(batch, njobs - w.first);
		err = sgn__pool_run(jobs > 1 ? threads : 1, jobs + 1, format_job, &w);
		sgn_buf_t *t = w.done;
		w.done = w.text;
		w.text = t;
		w.ndone = jobs;
	}
	if (err == SGN_OK) {
		err = write_done(&w);
	}
	for (size_t j = 0; bufs != NULL && j < 2 * batch; j++) {
		sgn_buf_release(&bufs[j]);
	}
	free(bufs);
	free(w.order);
	if (err == SGN_EIO) {
		errno = w.write_errno;
		return sgn__diag_from_errno(diag, "", "write failed");
	}
	return err;
}
