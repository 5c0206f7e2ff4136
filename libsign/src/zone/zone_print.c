/* SPDX-License-Identifier: MIT */
/* Writing the zone model as presentation format: names in canonical order, NSEC3 owners
 * merged in, each RRset followed by its RRSIGs. */
#include <stdio.h>
#include <stdlib.h>

#include <libsign/name.h>
#include <libsign/text.h>

#include "zone_internal.h"


sgn_err_t sgn__rrset_format(sgn_buf_t *out, const sgn_zone_rrset_t *rs)
{
	sgn_rr_t rr = { .owner = rs->rrset.owner, .type = rs->rrset.type,
		        .rclass = rs->rrset.rclass, .ttl = rs->rrset.ttl };
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < rs->rrset.count; i++) {
		rr.rdlen = rs->rrset.rdata[i].len;
		rr.rdata = rs->rrset.rdata[i].data;
		err = sgn_rr_to_str(out, &rr);
		if (err == SGN_OK) {
			err = sgn_buf_append(out, "\n", 1);
		}
	}
	rr.type = SGN_TYPE_RRSIG;
	for (size_t i = 0; err == SGN_OK && i < rs->sig_count; i++) {
		rr.rdlen = rs->sigs[i].len;
		rr.rdata = rs->sigs[i].data;
		err = sgn_rr_to_str(out, &rr);
		if (err == SGN_OK) {
			err = sgn_buf_append(out, "\n", 1);
		}
	}
	return err;
}

sgn_err_t sgn__node_format(sgn_buf_t *buf, const sgn_node_t *node)
{
	sgn_err_t err = SGN_OK;
	/* The SOA first, as every zone file reader expects; then the rest in type order. */
	const struct sgn__zrrset *soa = sgn__node_rrset(node, SGN_TYPE_SOA);
	if (soa != NULL) {
		err = sgn__rrset_format(buf, &soa->v);
	}
	for (size_t i = 0; err == SGN_OK && i < node->nrrsets; i++) {
		if (&node->rrsets[i] != soa) {
			err = sgn__rrset_format(buf, &node->rrsets[i].v);
		}
	}
	return err;
}

static sgn_err_t write_node(const sgn_node_t *node, sgn_buf_t *buf, FILE *fp)
{
	buf->len = 0;
	sgn_err_t err = sgn__node_format(buf, node);
	if (err == SGN_OK && buf->len > 0 && fwrite(buf->data, 1, buf->len, fp) != buf->len) {
		err = SGN_EIO;
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

sgn_err_t sgn_zone_write(const sgn_zone_t *zone, FILE *fp, sgn_diag_t *diag)
{
	sgn_buf_t buf;
	sgn_buf_init(&buf);
	size_t i = 0, j = 0;
	sgn_err_t err = SGN_OK;
	while (err == SGN_OK && (i < zone->nnodes || j < zone->nn3)) {
		const sgn_node_t *node;
		if (j >= zone->nn3 ||
		    (i < zone->nnodes && sgn_name_compare(zone->nodes[i]->name, zone->n3nodes[j]->name) <= 0)) {
			node = zone->nodes[i++];
		} else {
			node = zone->n3nodes[j++];
		}
		err = write_node(node, &buf, fp);
	}
	sgn_buf_release(&buf);
	if (err == SGN_EIO) {
		return sgn__diag_from_errno(diag, "", "write failed");
	}
	return err;
}
