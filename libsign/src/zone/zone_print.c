/* SPDX-License-Identifier: MIT */
/* Writing the zone model as presentation format: names in canonical order, NSEC3 owners
 * merged in, each RRset followed by its RRSIGs; formatted on the worker pool. */
#include <errno.h>
#include <stdio.h>

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

sgn_err_t sgn__node_format_body(sgn_buf_t *buf, const sgn_node_t *node, const sgn_node_t *apex)
{
	uint16_t skip = node == apex ? SGN_TYPE_ZONEMD : 0; /* it comes last (zone_internal.h) */
	struct sgn__rr_head h;
	const uint8_t *owner = NULL;
	sgn_err_t err = SGN_OK;
	/* The SOA first, as every zone file reader expects; then the rest in type order. */
	const struct sgn__zrrset *soa = sgn__node_rrset(node, SGN_TYPE_SOA);
	if (soa != NULL) {
		err = rrset_lines(buf, &h, &owner, &soa->v);
	}
	for (size_t i = 0; err == SGN_OK && i < node->nrrsets; i++) {
		if (&node->rrsets[i] != soa && node->rrsets[i].v.rrset.type != skip) {
			err = rrset_lines(buf, &h, &owner, &node->rrsets[i].v);
		}
	}
	return err;
}

sgn_err_t sgn__zonemd_out(FILE *fp, struct sgn__md *md, const sgn_node_t *apex,
                          int *write_errno)
{
	const struct sgn__zrrset *zm = sgn__node_rrset(apex, SGN_TYPE_ZONEMD);
	sgn_buf_t text;
	sgn_buf_init(&text);
	sgn_err_t err = zm != NULL ? sgn__rrset_format(&text, &zm->v) : SGN_OK;
	if (err == SGN_OK) {
		err = sgn__zone_text_out(fp, md, &text, write_errno);
	}
	sgn_buf_release(&text);
	return err;
}

sgn_err_t sgn__zone_text_out(FILE *fp, struct sgn__md *md, const sgn_buf_t *text,
                             int *write_errno)
{
	if (text->len > 0 && fwrite(text->data, 1, text->len, fp) != text->len) {
		*write_errno = errno;
		return SGN_EIO;
	}
	return md != NULL ? sgn__md_update(md, text->data, text->len) : SGN_OK;
}

/* Writing formats chunks of names on the worker pool and writes them in order (the
 * zone pipe): the text is the same whatever the thread count. */
struct text_out {
	FILE *fp;
	struct sgn__md *md;
	const sgn_node_t *apex;
	int write_errno; /* of the failed write, which may have been on another thread */
};

static sgn_err_t format_node(void *ctx, unsigned worker, const sgn_node_t *node, sgn_buf_t *out)
{
	const struct text_out *t = ctx;
	SGN_UNUSED(worker);
	return sgn__node_format_body(out, node, t->apex);
}

static sgn_err_t write_text(void *ctx, const sgn_buf_t *text)
{
	struct text_out *t = ctx;
	return sgn__zone_text_out(t->fp, t->md, text, &t->write_errno);
}

sgn_err_t sgn_zone_write(const sgn_zone_t *zone, FILE *fp, sgn_diag_t *diag)
{
	return sgn__zone_write_md(zone, fp, NULL, diag);
}

sgn_err_t sgn__zone_write_md(const sgn_zone_t *zone, FILE *fp, struct sgn__md *md,
                             sgn_diag_t *diag)
{
	struct text_out t = { .fp = fp, .md = md, .apex = zone->apex_node };
	struct sgn__zone_pipe pipe = { .make = format_node, .take = write_text, .ctx = &t };
	sgn_err_t err = sgn__zone_pipe_run(zone, sgn__pool_threads(0), &pipe);
	if (err == SGN_OK && zone->apex_node != NULL) {
		err = sgn__zonemd_out(fp, md, zone->apex_node, &t.write_errno);
	}
	if (err == SGN_EIO) {
		errno = t.write_errno;
		return sgn__diag_from_errno(diag, "", "write failed");
	}
	return err;
}
