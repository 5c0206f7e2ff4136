/* SPDX-License-Identifier: MIT */
/* Chains of trust, top down (RFC 4035 §5): from a trust anchor to the zone's DNSKEY RRset,
 * through DS at each zone cut (or a proof that there is none), to the answer or its
 * denial; CNAME and DNAME followed from the top again. Every link is checked with the
 * validator core shared with zone verification. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/chain.h>
#include <libsign/ds.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "answer.h"
#include "chain_internal.h"
#include "proof.h"

static const char *const link_names[] = {
	[SGN_LINK_DNSKEY] = "dnskey", [SGN_LINK_DS] = "ds",         [SGN_LINK_NO_DS] = "no-ds",
	[SGN_LINK_ANSWER] = "answer", [SGN_LINK_CNAME] = "cname",   [SGN_LINK_DNAME] = "dname",
	[SGN_LINK_NODATA] = "nodata", [SGN_LINK_NXDOMAIN] = "nxdomain",
};

const char *sgn_link_kind_str(sgn_link_kind_t kind)
{
	return (unsigned)kind < ARRAY_LEN(link_names) ? link_names[kind] : "unknown";
}

bool sgn_chain_can_ask(uint16_t qtype)
{
	return !sgn_type_is_meta(qtype) && qtype != SGN_TYPE_RRSIG;
}

void sgn_chain_opts_init(sgn_chain_opts_t *o, int64_t now)
{
	memset(o, 0, sizeof(*o));
	o->now = now;
	sgn_limits_init(&o->limits);
	o->max_redirects = 8;
	o->expire_within = 7 * 86400;
}

void sgn_chain_free(sgn_chain_t *c)
{
	if (c != NULL) {
		free(c->used);
		free(c->links);
		free(c->zones);
		free(c->proofs);
		free(c->servers);
		free(c->answers);
		sgn_findings_release(&c->findings);
		free(c);
	}
}

/* -- links -- */

sgn_link_t *sgn__chain_link(struct sgn__walk *w, sgn_link_kind_t kind, const uint8_t *owner,
                            uint16_t type)
{
	sgn_chain_t *c = w->chain;
	if (sgn__grow(&c->links, &w->linkcap, c->nlinks + 1, sizeof(*c->links), 8) != SGN_OK) {
		return NULL;
	}
	sgn_link_t *l = &c->links[c->nlinks++];
	memset(l, 0, sizeof(*l));
	l->kind = kind;
	l->type = type;
	memcpy(l->owner, owner, sgn_name_len(owner, SGN_NAME_MAX));
	memcpy(l->zone, w->zone, sgn_name_len(w->zone, SGN_NAME_MAX));
	l->status = SGN_SECURE;
	w->link_findings = c->findings.count;
	w->mark = c->findings.errors;
	return l;
}

/* Fail a link with a reason: the first error its checks recorded, or @p fallback. */
void sgn__chain_fail(struct sgn__walk *w, sgn_link_t *l, sgn_status_t status,
                     sgn_finding_code_t fallback, const char *detail)
{
	const sgn_findings_t *f = &w->chain->findings;
	l->status = status;
	l->has_reason = true;
	l->reason = fallback;
	for (size_t i = w->link_findings; i < f->count; i++) {
		if (f->items[i].severity == SGN_SEV_ERROR) {
			l->reason = f->items[i].code;
			if (detail == NULL && f->items[i].detail[0] != '\0') {
				detail = f->items[i].detail;
			}
			break;
		}
	}
	if (detail != NULL) {
		snprintf(l->detail, sizeof(l->detail), "%s", detail);
	}
	if (w->chain->findings.errors == w->mark) { /* no check said why: the fallback does */
		(void)sgn__vfind(&w->chain->findings, fallback, l->owner, l->type, -1, 0, 0, "%s",
		                 detail != NULL ? detail : "");
	}
}

static void note_keys(sgn_link_t *l, const struct sgn__keyset *ks, const bool *valid)
{
	for (size_t k = 0; k < ks->n && l->nkeys < SGN_LINK_KEYS_MAX; k++) {
		if (valid[k]) {
			l->key_tags[l->nkeys] = sgn_key_get_tag(ks->keys[k]);
			l->algorithms[l->nkeys++] = sgn_key_get_algorithm(ks->keys[k]);
		}
	}
}

sgn_err_t sgn__chain_use(struct sgn__walk *w, const sgn_zone_rrset_t *rs)
{
	sgn_chain_t *c = w->chain;
	for (size_t i = 0; i < c->nused; i++) {
		if (c->used[i] == rs) {
			return SGN_OK;
		}
	}
	if (sgn__grow(&c->used, &w->usedcap, c->nused + 1, sizeof(*c->used), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	c->used[c->nused++] = rs;
	return SGN_OK;
}

/* Check an RRset's signatures with the current zone's keys. SGN_OK with *ok. The caller
 * records the RRset with sgn__chain_use() when it is the zone's own (not a view). */
sgn_err_t sgn__chain_check_rrset(struct sgn__walk *w, sgn_link_t *l, const sgn_zone_rrset_t *rs,
                                 bool *ok, unsigned *labels)
{
	bool *valid = calloc(w->keys.n + 1, sizeof(bool));
	struct sgn__rrset_check chk = { .zone_data = false };
	struct sgn__rrset_result res;
	memset(&res, 0, sizeof(res));
	res.key_valid = valid;
	*ok = false;
	if (valid == NULL) {
		return SGN_ENOMEM;
	}
	sgn_err_t err = sgn__rrset_validate(&w->v, rs, &w->keys, &chk, &res);
	if (err == SGN_OK) {
		*ok = res.nvalid > 0;
		note_keys(l, &w->keys, valid);
		sgn__audit_signed(w, valid);
		err = sgn__audit_rrset(w, rs, res.has_valid_expiry, res.valid_earliest);
	}
	if (err == SGN_OK) {
		l->records = rs->rrset.count;
		if (res.has_valid_expiry) {
			l->has_expiry = true;
			l->expires = res.valid_earliest;
		}
		if (res.limited && !*ok) {
			sgn__chain_fail(w, l, SGN_INDETERMINATE, SGN_FIND_LIMIT_WORK, NULL);
		} else if (!*ok) {
			sgn__chain_fail(w, l, SGN_BOGUS,
			                rs->sig_count == 0 ? SGN_FIND_RRSET_UNSIGNED : SGN_FIND_RRSIG_BOGUS,
			                NULL);
		}
		l->wildcard = *ok && res.labels < sgn_name_rrsig_labels(rs->rrset.owner);
		if (labels != NULL) {
			*labels = *ok ? res.labels : 0;
		}
	}
	free(valid);
	return err;
}

/* -- bundles of what was used -- */

static sgn_err_t put_wire(FILE *fp, const sgn_rrset_t *r, uint16_t type, const sgn_rdata_t *rd)
{
	uint8_t hdr[10];
	sgn__put16(hdr, type);
	sgn__put16(hdr + 2, r->rclass);
	sgn__put32(hdr + 4, r->ttl);
	sgn__put16(hdr + 8, rd->len);
	size_t olen = sgn_name_len(r->owner, SGN_NAME_MAX);
	return fwrite(r->owner, 1, olen, fp) == olen && fwrite(hdr, 1, 10, fp) == 10 &&
	               fwrite(rd->data, 1, rd->len, fp) == rd->len
	           ? SGN_OK
	           : SGN_EIO;
}

sgn_err_t sgn_chain_write_bundle(const sgn_chain_t *c, FILE *fp, bool wire, sgn_diag_t *diag)
{
	sgn_buf_t text;
	sgn_err_t err = SGN_OK;
	sgn_buf_init(&text);
	for (size_t i = 0; i < c->nused && err == SGN_OK; i++) {
		const sgn_zone_rrset_t *rs = c->used[i];
		if (!wire) {
			text.len = 0;
			err = sgn__rrset_format(&text, rs);
			if (err == SGN_OK && fwrite(text.data, 1, text.len, fp) != text.len) {
				err = SGN_EIO;
			}
			continue;
		}
		for (size_t k = 0; k < rs->rrset.count && err == SGN_OK; k++) {
			err = put_wire(fp, &rs->rrset, rs->rrset.type, &rs->rrset.rdata[k]);
		}
		for (size_t k = 0; k < rs->sig_count && err == SGN_OK; k++) {
			err = put_wire(fp, &rs->rrset, SGN_TYPE_RRSIG, &rs->sigs[k]);
		}
	}
	sgn_buf_release(&text);
	return err == SGN_EIO ? sgn__diag_from_errno(diag, "", "write failed") : err;
}
