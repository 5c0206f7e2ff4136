/* SPDX-License-Identifier: MIT */
/* Trust anchor sets: DS and DNSKEY anchors per owner name (loading them from files is
 * anchor_load.c's job). */
#include <stdlib.h>
#include <string.h>

#include <libsign/anchor.h>
#include <libsign/ds.h>
#include <libsign/key.h>
#include <libsign/name.h>

#include "anchor_internal.h"

sgn_err_t sgn_anchors_new(sgn_anchors_t **out)
{
	*out = calloc(1, sizeof(**out));
	return *out != NULL ? SGN_OK : SGN_ENOMEM;
}

void sgn_anchors_free(sgn_anchors_t *a)
{
	if (a == NULL) {
		return;
	}
	for (size_t i = 0; i < a->count; i++) {
		free(a->items[i].rdata);
	}
	free(a->items);
	free(a);
}

static sgn_err_t add(sgn_anchors_t *a, uint16_t type, const uint8_t *owner, const uint8_t *rdata,
                     size_t len)
{
	size_t olen = sgn_name_len(owner, SGN_NAME_MAX);
	if (olen == 0 || len < 4 || len > 65535) {
		return SGN_EPARSE;
	}
	for (size_t i = 0; i < a->count; i++) { /* the same anchor twice is one anchor */
		const struct sgn__anchor *y = &a->items[i];
		if (y->type == type && y->len == len && memcmp(y->rdata, rdata, len) == 0 &&
		    sgn_name_equal(y->owner, owner)) {
			return SGN_OK;
		}
	}
	if (a->count >= SGN_ANCHORS_MAX) {
		return SGN_ELIMIT;
	}
	if (sgn__grow(&a->items, &a->cap, a->count + 1, sizeof(*a->items), 8) != SGN_OK) {
		return SGN_ENOMEM;
	}
	struct sgn__anchor *x = &a->items[a->count];
	x->rdata = malloc(len);
	if (x->rdata == NULL) {
		return SGN_ENOMEM;
	}
	memcpy(x->owner, owner, olen);
	sgn_name_lower(x->owner);
	memcpy(x->rdata, rdata, len);
	x->len = (uint16_t)len;
	x->type = type;
	a->count++;
	return SGN_OK;
}

sgn_err_t sgn_anchors_add_ds(sgn_anchors_t *a, const uint8_t *owner, const uint8_t *rdata,
                             size_t len)
{
	return add(a, SGN_TYPE_DS, owner, rdata, len);
}

sgn_err_t sgn_anchors_add_dnskey(sgn_anchors_t *a, const uint8_t *owner, const uint8_t *rdata,
                                 size_t len)
{
	return add(a, SGN_TYPE_DNSKEY, owner, rdata, len);
}

size_t sgn_anchors_count(const sgn_anchors_t *a)
{
	return a->count;
}

size_t sgn_anchors_skipped(const sgn_anchors_t *a)
{
	return a->skipped;
}

bool sgn_anchors_has(const sgn_anchors_t *a, const uint8_t *owner)
{
	for (size_t i = 0; i < a->count; i++) {
		if (sgn_name_equal(a->items[i].owner, owner)) {
			return true;
		}
	}
	return false;
}

bool sgn_anchors_match(const sgn_anchors_t *a, const uint8_t *owner, const uint8_t *dnskey,
                       size_t len)
{
	for (size_t i = 0; i < a->count; i++) {
		const struct sgn__anchor *x = &a->items[i];
		bool match = false;
		if (!sgn_name_equal(x->owner, owner) || len < 4) {
			continue;
		}
		if (x->type == SGN_TYPE_DNSKEY) {
			/* Flags aside from REVOKE must agree; the key itself byte for byte. */
			match = x->len == len && memcmp(x->rdata + 2, dnskey + 2, len - 2) == 0 &&
			        ((sgn__get16(x->rdata) ^ sgn__get16(dnskey)) & ~SGN_DNSKEY_REVOKE) == 0;
		} else if (sgn_ds_match(&match, x->rdata, x->len, owner, dnskey, len) != SGN_OK) {
			match = false;
		}
		if (match) {
			return true;
		}
	}
	return false;
}

bool sgn_anchors_get(const sgn_anchors_t *a, const uint8_t **owner, uint16_t *type,
                     sgn_rdata_t *rdata,
                     size_t i)
{
	if (i >= a->count) {
		return false;
	}
	*owner = a->items[i].owner;
	*type = a->items[i].type;
	rdata->data = a->items[i].rdata;
	rdata->len = a->items[i].len;
	return true;
}
