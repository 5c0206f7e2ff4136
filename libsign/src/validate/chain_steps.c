/* SPDX-License-Identifier: MIT */
/* The steps of a chain walk: a zone's DNSKEY RRset against its anchor or DS set, a zone
 * cut, an answer, a denial; and the walk itself. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/name.h>

#include "answer.h"
#include "chain_internal.h"
#include "proof.h"

/* A key is a trust point when an anchor or a usable DS names it (never when revoked). */
static bool trusted_key(struct sgn__walk *w, const sgn_key_t *key, const sgn_zone_rrset_t *ds)
{
	sgn_rdata_t rd = sgn_key_get_rdata(key);
	if (sgn_key_get_flags(key) & SGN_DNSKEY_REVOKE) {
		return false;
	}
	if (ds == NULL) {
		return sgn_anchors_match(w->anchors, w->zone, rd.data, rd.len);
	}
	for (size_t i = 0; i < ds->rrset.count; i++) {
		bool match = false;
		if (sgn_ds_match(&match, ds->rrset.rdata[i].data, ds->rrset.rdata[i].len, w->zone,
		    rd.data,
		                 rd.len) == SGN_OK &&
		    match) {
			return true;
		}
	}
	return false;
}

/* Does the DS set hold a record whose digest length does not fit its type (which never
 * matches a key)? The first one's reason goes to @p why. */
static bool ds_malformed(const sgn_zone_rrset_t *ds, char *why, size_t cap)
{
	for (size_t i = 0; i < ds->rrset.count; i++) {
		if (sgn_alg_check_ds(why, cap, ds->rrset.rdata[i].data, ds->rrset.rdata[i].len) ==
		    SGN_EPARSE) {
			return true;
		}
	}
	return false;
}

/* The zone's DNSKEY RRset: signed by a key the anchor or the DS set names (RFC 4035 §5.2).
 * On success the zone's keys become the current keys. */
static sgn_err_t step_dnskey(struct sgn__walk *w, const sgn_zone_rrset_t *ds, bool *secure)
{
	sgn_link_t *l = sgn__chain_link(w, SGN_LINK_DNSKEY, w->zone, SGN_TYPE_DNSKEY);
	*secure = false;
	if (l == NULL) {
		return SGN_ENOMEM;
	}
	const sgn_node_t *apex = w->z != NULL ? sgn_zone_find(w->z, w->zone) : NULL;
	const sgn_zone_rrset_t *dk = apex != NULL ? sgn_node_find_rrset(apex, SGN_TYPE_DNSKEY) : NULL;
	sgn__vctx_forget(&w->v); /* its key contexts belong to the keyset about to be replaced */
	sgn__keyset_release(&w->keys);
	if (dk == NULL && apex != NULL) {
		/* What shows that the zone exists without keys, so that a saved bundle replays
		 * to bogus too rather than to missing data: its SOA, else any apex RRset. */
		const sgn_zone_rrset_t *soa = sgn_node_find_rrset(apex, SGN_TYPE_SOA);
		if (soa == NULL && sgn_node_rrset_count(apex) > 0) {
			soa = sgn_node_get_rrset(apex, 0);
		}
		if (soa != NULL && sgn__chain_use(w, soa) != SGN_OK) {
			return SGN_ENOMEM;
		}
	}
	if (dk == NULL && w->z != NULL && sgn__audit_zone(w, ds, NULL, NULL) != SGN_OK) {
		return SGN_ENOMEM;
	}
	if (dk == NULL) {
		sgn__chain_fail(w, l, w->z == NULL ? SGN_INDETERMINATE : SGN_BOGUS,
		                w->z == NULL ? SGN_FIND_DATA_MISSING : SGN_FIND_DNSKEY_MISSING,
		                w->z == NULL ? "no data for this zone" : NULL);
		return SGN_OK;
	}
	sgn_err_t err = sgn__chain_use(w, dk);
	if (err == SGN_OK) {
		err = sgn__keyset_init(&w->keys, w->zone, dk->rrset.rdata, dk->rrset.count);
	}
	bool *valid = calloc(2 * w->keys.n + 1, sizeof(bool));
	if (err != SGN_OK || valid == NULL) {
		free(valid);
		return SGN_ENOMEM;
	}
	bool *trusted = valid + w->keys.n;
	struct sgn__rrset_check chk = { .allow_revoked = true };
	struct sgn__rrset_result res;
	memset(&res, 0, sizeof(res));
	res.key_valid = valid;
	err = sgn__rrset_validate(&w->v, dk, &w->keys, &chk, &res);
	for (size_t k = 0; err == SGN_OK && k < w->keys.n; k++) {
		trusted[k] = trusted_key(w, w->keys.keys[k], ds);
	}
	if (err == SGN_OK) {
		err = sgn__audit_zone(w, ds, valid, trusted);
	}
	if (err == SGN_OK) {
		err = sgn__audit_rrset(w, dk, res.has_valid_expiry, res.valid_earliest);
	}
	for (size_t k = 0; err == SGN_OK && k < w->keys.n; k++) {
		valid[k] = valid[k] && trusted[k];
		*secure = *secure || valid[k];
	}
	l->records = dk->rrset.count;
	if (err == SGN_OK && *secure) {
		for (size_t k = 0; k < w->keys.n && l->nkeys < SGN_LINK_KEYS_MAX; k++) {
			if (valid[k]) {
				l->key_tags[l->nkeys] = sgn_key_get_tag(w->keys.keys[k]);
				l->algorithms[l->nkeys++] = sgn_key_get_algorithm(w->keys.keys[k]);
			}
		}
		l->has_expiry = res.has_valid_expiry;
		l->expires = res.valid_earliest;
	} else if (err == SGN_OK) {
		char why[128];
		bool bad_ds = ds != NULL && ds_malformed(ds, why, sizeof(why));
		sgn__chain_fail(w, l, res.limited ? SGN_INDETERMINATE : SGN_BOGUS,
		                bad_ds ? SGN_FIND_DSC_DIGEST_LENGTH
		                : ds != NULL ? SGN_FIND_DS_NO_MATCHING_DNSKEY
		                             : SGN_FIND_DNSKEY_NOT_ANCHORED,
		                bad_ds ? why : NULL);
	}
	free(valid);
	return err;
}

/* RFC 4035 §5.2: a DS set with no supported algorithm and digest makes the child insecure. */
static bool ds_usable(const sgn_zone_rrset_t *ds, sgn_finding_code_t *why)
{
	*why = SGN_FIND_DS_DIGEST_UNSUPPORTED;
	for (size_t i = 0; i < ds->rrset.count; i++) {
		sgn_ds_view_t v;
		if (sgn_ds_parse(&v, ds->rrset.rdata[i].data, ds->rrset.rdata[i].len) != SGN_OK) {
			continue;
		}
		if (!sgn_alg_can_verify(v.algorithm)) {
			*why = SGN_FIND_DS_ALGORITHM_UNSUPPORTED;
		} else if (sgn_digest_is_supported(v.digest_type)) {
			return true;
		}
	}
	return false;
}

/* Check the proof records of an answer with the zone's keys and ask what they prove. */
static sgn_err_t step_denial(struct sgn__walk *w, sgn_link_t *l, const struct sgn__answer *a,
                             enum sgn__deny what, const uint8_t *qname, uint16_t qtype,
                             const uint8_t *encloser, enum sgn__proof *res)
{
	const sgn_zone_rrset_t *ok[SGN__PROOF_MAX];
	unsigned labels[SGN__PROOF_MAX];
	size_t n = 0;
	char detail[SGN_FINDING_DETAIL_MAX];
	for (size_t i = 0; i < a->nproof; i++) {
		bool valid;
		sgn_link_t scratch = *l;
		sgn_err_t err = sgn__chain_use(w, a->proof[i]);
		if (err == SGN_OK) {
			err = sgn__chain_check_rrset(w, &scratch, a->proof[i], &valid, &labels[n]);
		}
		if (err == SGN_OK) {
			err = sgn__audit_proof(w, a->proof[i], valid);
		}
		if (err != SGN_OK) {
			return err;
		}
		if (valid) {
			ok[n++] = a->proof[i];
			if (scratch.has_expiry && (!l->has_expiry || scratch.expires < l->expires)) {
				l->has_expiry = true;
				l->expires = scratch.expires;
			}
			for (size_t k = 0; k < scratch.nkeys && l->nkeys < SGN_LINK_KEYS_MAX; k++) {
				bool seen = false;
				for (size_t j = 0; j < l->nkeys; j++) {
					seen = seen || (l->key_tags[j] == scratch.key_tags[k] &&
					                l->algorithms[j] == scratch.algorithms[k]);
				}
				if (!seen) {
					l->key_tags[l->nkeys] = scratch.key_tags[k];
					l->algorithms[l->nkeys++] = scratch.algorithms[k];
				}
			}
		}
	}
	l->records = n;
	struct sgn__proofset ps = { w->zone, ok, labels, n, &w->limits, 0 };
	*res = sgn__prove(&ps, what, qname, qtype, encloser, detail);
	switch (*res) {
	case SGN__PROOF_OK:
		l->status = SGN_SECURE;
		break;
	case SGN__PROOF_OPTOUT:
		l->status = SGN_INSECURE;
		l->has_reason = true;
		l->reason = l->kind == SGN_LINK_NO_DS ? SGN_FIND_NO_DS_PROVEN : SGN_FIND_OPTOUT_INSECURE;
		snprintf(l->detail, sizeof(l->detail), "covered by NSEC3 opt-out");
		break;
	case SGN__PROOF_INSECURE:
		l->status = SGN_INSECURE;
		l->has_reason = true;
		l->reason = SGN_FIND_LIMIT_NSEC3_ITERATIONS;
		snprintf(l->detail, sizeof(l->detail), "%s", detail);
		/* RFC 9276 §3.2: not an error here; the verdict is insecure, and this says why. */
		(void)sgn__vfind_as(&w->chain->findings, SGN_SEV_NOTICE, SGN_FIND_LIMIT_NSEC3_ITERATIONS,
		                    qname, qtype, detail);
		break;
	case SGN__PROOF_LIMIT:
		sgn__chain_fail(w, l, SGN_INDETERMINATE, SGN_FIND_LIMIT_WORK, detail);
		break;
	default:
		sgn__chain_fail(w, l, SGN_BOGUS, what == SGN__DENY_NO_CLOSER
		                                         ? SGN_FIND_WILDCARD_PROOF_MISSING
		                                         : SGN_FIND_PROOF_INVALID,
		                detail);
	}
	return SGN_OK;
}

/* A zone cut on the way down: its DS RRset, or a proof there is none. *next tells whether
 * the walk goes on into the child. */
static sgn_err_t step_cut(struct sgn__walk *w, const struct sgn__answer *a, bool *next)
{
	const uint8_t *cut = a->cut;
	const sgn_zone_rrset_t *ns = a->node != NULL ? sgn_node_find_rrset(a->node, SGN_TYPE_NS)
	                                             : NULL;
	*next = false;
	if (ns != NULL && sgn__chain_use(w, ns) != SGN_OK) { /* the cut, for a re-run */
		return SGN_ENOMEM;
	}
	if (a->rrset == NULL) {
		sgn_link_t *l = sgn__chain_link(w, SGN_LINK_NO_DS, cut, SGN_TYPE_DS);
		enum sgn__proof res;
		if (l == NULL) {
			return SGN_ENOMEM;
		}
		sgn_err_t err = step_denial(w, l, a, SGN__DENY_NODATA, cut, SGN_TYPE_DS, NULL, &res);
		if (err == SGN_OK && l->status == SGN_SECURE) {
			l->status = SGN_INSECURE; /* proven absent: the delegation is insecure */
			l->has_reason = true;
			l->reason = SGN_FIND_NO_DS_PROVEN;
		} else if (err == SGN_OK && l->status == SGN_BOGUS) {
			l->reason = SGN_FIND_NO_DS_UNPROVEN;
		}
		return err;
	}
	sgn_link_t *l = sgn__chain_link(w, SGN_LINK_DS, cut, SGN_TYPE_DS);
	bool ok;
	if (l == NULL) {
		return SGN_ENOMEM;
	}
	sgn_err_t err = sgn__chain_use(w, a->rrset);
	if (err == SGN_OK) {
		err = sgn__chain_check_rrset(w, l, a->rrset, &ok, NULL);
	}
	sgn_finding_code_t why;
	if (err != SGN_OK || !ok) {
		return err;
	}
	if (!ds_usable(a->rrset, &why)) {
		l->status = SGN_INSECURE;
		l->has_reason = true;
		l->reason = why;
		return sgn__vfind(&w->chain->findings, why, cut, SGN_TYPE_DS, -1, 0, 0, NULL);
	}
	/* Into the child: its DNSKEY RRset must be vouched for by this DS set. */
	memcpy(w->zone, cut, sgn_name_len(cut, SGN_NAME_MAX));
	w->z = sgn_zoneset_find(w->zs, cut);
	if (w->z != NULL && !sgn_name_equal(sgn_zone_get_apex(w->z), cut)) {
		w->z = NULL;
	}
	bool secure;
	err = step_dnskey(w, a->rrset, &secure);
	*next = err == SGN_OK && secure;
	return err;
}

/* The name with a DNAME's owner replaced by its target (RFC 6672 §2.2). */
static bool dname_rewrite(const uint8_t *qname, const sgn_node_t *owner,
                          const sgn_zone_rrset_t *dname, uint8_t *out)
{
	unsigned ql = sgn_name_labels(qname), ol = sgn_name_labels(owner->name);
	size_t prefix = (size_t)(sgn_name_strip(qname, ql - ol) - qname);
	const sgn_rdata_t *t = &dname->rrset.rdata[0];
	size_t tl = sgn_name_len(t->data, t->len);
	if (tl == 0 || prefix + tl > SGN_NAME_MAX) {
		return false;
	}
	memmove(out, qname, prefix);
	memcpy(out + prefix, t->data, tl);
	return true;
}

/* The answer RRset as the resolver sees it: a wildcard's records appear at the name. */
static sgn_zone_rrset_t answer_view(const struct sgn__answer *a, const uint8_t *qname)
{
	sgn_zone_rrset_t v = *a->rrset;
	if (a->kind == SGN__ANS_WILDCARD || a->kind == SGN__ANS_WILDCARD_CNAME) {
		v.rrset.owner = qname;
	}
	return v;
}

/* Answer, CNAME or DNAME: the RRset's signatures, and a wildcard's "no closer" proof. */
static sgn_err_t step_answer(struct sgn__walk *w, const struct sgn__answer *a,
                             const uint8_t *qname, uint16_t qtype, uint8_t *target, bool *follow)
{
	sgn_link_kind_t kind = a->kind == SGN__ANS_DNAME ? SGN_LINK_DNAME
	                       : (a->kind == SGN__ANS_CNAME || a->kind == SGN__ANS_WILDCARD_CNAME)
	                               ? SGN_LINK_CNAME
	                               : SGN_LINK_ANSWER;
	sgn_zone_rrset_t v = answer_view(a, qname);
	sgn_link_t *l = sgn__chain_link(w, kind, v.rrset.owner, v.rrset.type);
	bool ok;
	unsigned signed_labels = 0;
	*follow = false;
	if (l == NULL) {
		return SGN_ENOMEM;
	}
	/* Remember the zone's own RRset (a wildcard's, not the view made for this name). */
	sgn_err_t err = sgn__chain_use(w, a->rrset);
	if (err == SGN_OK) {
		err = sgn__chain_check_rrset(w, l, &v, &ok, &signed_labels);
	}
	if (err == SGN_OK && ok && l->wildcard) {
		/* RFC 4035 §5.3.4: the valid signature's labels give the wildcard's parent. */
		enum sgn__proof res;
		sgn_link_t saved = *l;
		err = step_denial(w, l, a, SGN__DENY_NO_CLOSER, qname, qtype,
		                  sgn_name_strip(qname, sgn_name_labels(qname) - signed_labels), &res);
		ok = l->status == SGN_SECURE;
		l->records = saved.records;
		l->wildcard = true;
	}
	if (err != SGN_OK || !ok || kind == SGN_LINK_ANSWER) {
		return err;
	}
	const sgn_rdata_t *t = &v.rrset.rdata[0];
	if (kind == SGN_LINK_CNAME) {
		memcpy(target, t->data, sgn_name_len(t->data, t->len));
	} else if (!dname_rewrite(qname, a->node, &v, target)) {
		return SGN_OK;
	}
	*follow = true;
	return SGN_OK;
}

static sgn_err_t step_negative(struct sgn__walk *w, const struct sgn__answer *a,
                               const uint8_t *qname, uint16_t qtype)
{
	bool nx = a->kind == SGN__ANS_NXDOMAIN;
	sgn_link_t *l = sgn__chain_link(w, nx ? SGN_LINK_NXDOMAIN : SGN_LINK_NODATA, qname, qtype);
	enum sgn__proof res;
	if (l == NULL) {
		return SGN_ENOMEM;
	}
	enum sgn__deny what = nx ? SGN__DENY_NXDOMAIN
	                      : a->kind == SGN__ANS_WILDCARD_NODATA ? SGN__DENY_WILDCARD_NODATA
	                                                             : SGN__DENY_NODATA;
	l->wildcard = a->kind == SGN__ANS_WILDCARD_NODATA;
	return step_denial(w, l, a, what, qname, qtype, NULL, &res);
}

/* The deepest anchored name above @p qname. */
static bool anchor_zone(const struct sgn__walk *w, const uint8_t *qname, uint8_t *out)
{
	unsigned labels = sgn_name_labels(qname);
	for (unsigned up = 0; up <= labels; up++) {
		const uint8_t *name = sgn_name_strip(qname, up);
		if (sgn_anchors_has(w->anchors, name)) {
			memcpy(out, name, sgn_name_len(name, SGN_NAME_MAX));
			return true;
		}
	}
	return false;
}

/* From the anchor down to one name: returns with *target set when a CNAME or DNAME
 * redirects the query. */
static sgn_err_t walk_name(struct sgn__walk *w, const uint8_t *qname, uint16_t qtype,
                           uint8_t *target, bool *follow)
{
	bool secure;
	*follow = false;
	if (!anchor_zone(w, qname, w->zone)) {
		sgn_link_t *l = sgn__chain_link(w, SGN_LINK_DNSKEY, qname, SGN_TYPE_DNSKEY);
		if (l != NULL) {
			sgn__chain_fail(w, l, SGN_INDETERMINATE, SGN_FIND_DATA_MISSING,
			                "no trust anchor above this name");
		}
		return l != NULL ? SGN_OK : SGN_ENOMEM;
	}
	w->z = sgn_zoneset_find(w->zs, w->zone);
	if (w->z != NULL && !sgn_name_equal(sgn_zone_get_apex(w->z), w->zone)) {
		w->z = NULL;
	}
	sgn_err_t err = step_dnskey(w, NULL, &secure);
	while (err == SGN_OK && secure) {
		struct sgn__answer a;
		err = sgn__zone_answer(w->z, qname, qtype, w->limits.nsec3_iterations, &a);
		if (err != SGN_OK) {
			break;
		}
		switch (a.kind) {
		case SGN__ANS_REFERRAL:
			err = step_cut(w, &a, &secure);
			continue;
		case SGN__ANS_NODATA:
		case SGN__ANS_NXDOMAIN:
		case SGN__ANS_WILDCARD_NODATA:
			return step_negative(w, &a, qname, qtype);
		default:
			return step_answer(w, &a, qname, qtype, target, follow);
		}
	}
	return err;
}

/* The verdict: the first link that is not secure decides. */
static sgn_status_t verdict(const sgn_chain_t *c)
{
	for (size_t i = 0; i < c->nlinks; i++) {
		if (c->links[i].status != SGN_SECURE) {
			return c->links[i].status;
		}
	}
	return c->nlinks > 0 ? SGN_SECURE : SGN_INDETERMINATE;
}

sgn_err_t sgn_chain_validate(sgn_chain_t **out, const sgn_zoneset_t *zs,
                             const sgn_anchors_t *anchors, const uint8_t *qname, uint16_t qtype,
                             const sgn_chain_opts_t *opts)
{
	struct sgn__walk w;
	*out = NULL;
	size_t qlen = sgn_name_len(qname, SGN_NAME_MAX);
	if (!sgn_chain_can_ask(qtype) || qlen == 0) { /* a malformed name is not the root */
		return SGN_EINVAL;
	}
	sgn_chain_t *c = calloc(1, sizeof(*c));
	if (c == NULL) {
		return SGN_ENOMEM;
	}
	memset(&w, 0, sizeof(w));
	sgn_findings_init(&c->findings);
	memcpy(c->qname, qname, qlen);
	sgn_name_lower(c->qname);
	c->qtype = qtype;
	w.zs = zs;
	w.anchors = anchors;
	w.opts = opts;
	w.chain = c;
	w.limits = opts->limits;
	w.budget.max = opts->limits.work != 0 ? opts->limits.work : 5000;
	atomic_init(&w.budget.used, 0);
	atomic_init(&w.budget.reported, false);
	sgn__vctx_init(&w.v, opts->now, &w.limits, &w.budget, &c->findings);

	uint8_t name[SGN_NAME_MAX], target[SGN_NAME_MAX];
	memcpy(name, c->qname, sizeof(name));
	bool follow = true;
	sgn_err_t err = SGN_OK;
	for (unsigned hops = 0; err == SGN_OK && follow; hops++) {
		if (hops > opts->max_redirects) {
			sgn_link_t *l = sgn__chain_link(&w, SGN_LINK_CNAME, name, qtype);
			if (l == NULL) {
				err = SGN_ENOMEM; /* not a verdict without its last link */
				break;
			}
			sgn__chain_fail(&w, l, SGN_INDETERMINATE, SGN_FIND_LIMIT_WORK,
			                "too many CNAME/DNAME redirections");
			break;
		}
		err = walk_name(&w, name, qtype, target, &follow);
		if (err == SGN_OK && follow) {
			memcpy(name, target, sizeof(name));
			sgn_name_lower(name);
		}
	}
	c->verdict = verdict(c);
	c->verifications = w.v.verifications;
	sgn__vctx_release(&w.v);
	sgn__keyset_release(&w.keys);
	if (err != SGN_OK) {
		sgn_chain_free(c);
		return err;
	}
	*out = c;
	return SGN_OK;
}
