/* SPDX-License-Identifier: MIT */
/* Canonical RR order within an RRset and the RRSIG signing data (RFC 4034 §3.1.8.1, §6). */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rrset.h>

#include "rrwire.h"
#include "wirectx.h"

sgn_err_t sgn__rr_wire_put(sgn_buf_t *out, const uint8_t *owner, size_t owner_len, uint16_t type,
                           uint16_t rclass, uint32_t ttl, const sgn_rdata_t *rd)
{
	if (sgn_buf_reserve(out, owner_len + 10 + rd->len) != SGN_OK) {
		return SGN_ENOMEM;
	}
	uint8_t *p = out->data + out->len;
	memcpy(p, owner, owner_len);
	p += owner_len;
	sgn__put16(p, type);
	sgn__put16(p + 2, rclass);
	sgn__put32(p + 4, ttl);
	sgn__put16(p + 8, rd->len);
	memcpy(p + 10, rd->data, rd->len);
	out->len += owner_len + 10 + rd->len;
	return SGN_OK;
}

static int rdata_cmp(const void *a, const void *b)
{
	const sgn_rdata_t *x = a, *y = b;
	return sgn_rdata_compare(x->data, x->len, y->data, y->len);
}

void sgn_rdata_sort_unique(sgn_rdata_t *rdata, size_t *count)
{
	size_t n = *count;
	if (n < 2) {
		return;
	}
	qsort(rdata, n, sizeof(*rdata), rdata_cmp);
	size_t k = 1;
	for (size_t i = 1; i < n; i++) {
		if (rdata_cmp(&rdata[k - 1], &rdata[i]) != 0) {
			rdata[k++] = rdata[i];
		}
	}
	*count = k;
}

sgn_err_t sgn_rrset_signing_data(sgn_buf_t *out, const uint8_t *rrsig_prefix, size_t prefix_len,
                                 const sgn_rrset_t *rrset)
{
	sgn__wctx_t w;
	sgn__wctx_init(&w, rrsig_prefix, prefix_len);
	(void)sgn__wctx_bytes(&w, 3);
	uint8_t labels = sgn__wctx_u8(&w);
	uint32_t orig_ttl = sgn__wctx_u32(&w);
	(void)sgn__wctx_bytes(&w, 10);
	const uint8_t *signer = sgn__wctx_name(&w);
	if (w.err || sgn__wctx_left(&w) != 0) {
		return SGN_EPARSE;
	}

	/* RFC 4035 §5.3.2: an owner with more labels than the RRSIG says was synthesised from
	 * a wildcard; the signed owner is "*." plus its rightmost `labels` labels. */
	uint8_t owner[SGN_NAME_MAX];
	size_t owner_len = sgn_name_len(rrset->owner, SGN_NAME_MAX);
	if (owner_len == 0) { /* before counting labels: that walk trusts the name's form */
		return SGN_EPARSE;
	}
	unsigned owner_labels = sgn_name_labels(rrset->owner);
	if (labels > owner_labels) {
		return SGN_EPARSE;
	}
	if (labels < owner_labels) {
		const uint8_t *suffix = sgn_name_strip(rrset->owner, owner_labels - labels);
		size_t slen = sgn_name_len(suffix, SGN_NAME_MAX);
		owner[0] = 1;
		owner[1] = '*';
		memcpy(owner + 2, suffix, slen);
		owner_len = 2 + slen;
	} else {
		memcpy(owner, rrset->owner, owner_len);
	}
	sgn_name_lower(owner);

	size_t total = prefix_len;
	for (size_t i = 0; i < rrset->count; i++) {
		total += owner_len + 10 + rrset->rdata[i].len;
	}
	sgn_err_t err = sgn_buf_reserve(out, total);
	if (err != SGN_OK) {
		return err;
	}
	uint8_t *p = out->data + out->len;
	memcpy(p, rrsig_prefix, prefix_len);
	/* The signer name in the signed data is canonical (lower case). */
	sgn_name_lower(p + (signer - rrsig_prefix));
	p += prefix_len;
	for (size_t i = 0; i < rrset->count; i++) {
		memcpy(p, owner, owner_len);
		p += owner_len;
		sgn__put16(p, rrset->type);
		sgn__put16(p + 2, rrset->rclass);
		sgn__put32(p + 4, orig_ttl);
		sgn__put16(p + 8, rrset->rdata[i].len);
		memcpy(p + 10, rrset->rdata[i].data, rrset->rdata[i].len);
		p += 10 + rrset->rdata[i].len;
	}
	out->len += total;
	return SGN_OK;
}
