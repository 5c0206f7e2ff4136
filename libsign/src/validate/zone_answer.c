/* SPDX-License-Identifier: MIT */
/* Authoritative answers from the zone model, with their denial of existence proofs. */
#include <string.h>

#include <libsign/denial.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "../wire/name_internal.h"
#include "../wire/rdesc.h"
#include "answer.h"

static void add_proof(struct sgn__answer *a, const struct sgn__zrrset *rs)
{
	if (rs == NULL || a->nproof >= SGN__PROOF_MAX) {
		return;
	}
	for (size_t i = 0; i < a->nproof; i++) {
		if (a->proof[i] == &rs->v) {
			return;
		}
	}
	a->proof[a->nproof++] = &rs->v;
}

/* Position of the first node not below @p name in canonical order (binary search). */
static size_t lower_bound(sgn_node_t *const *nodes, size_t n, const uint8_t *name)
{
	size_t lo = 0, hi = n;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (sgn_name_compare(nodes[mid]->name, name) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

/* The NSEC whose interval holds @p name: the last NSEC owner before it, wrapping round. */
static const struct sgn__zrrset *nsec_covering(const sgn_zone_t *z, const uint8_t *name)
{
	size_t i = lower_bound(z->nodes, z->nnodes, name);
	for (size_t k = 0; k < z->nnodes; k++) {
		i = (i + z->nnodes - 1) % z->nnodes;
		const struct sgn__zrrset *ns = sgn__node_rrset(z->nodes[i], SGN_TYPE_NSEC);
		if (ns != NULL) {
			return ns;
		}
	}
	return NULL;
}

/* Pieces of a zone hold no node for an empty non-terminal: the NSEC before the name whose
 * next name lies below it shows that it exists (RFC 4035 §3.1.3.2). */
static bool nsec_shows_ent(const sgn_zone_t *z, const uint8_t *name)
{
	const struct sgn__zrrset *ns = nsec_covering(z, name);
	if (ns == NULL) {
		return false;
	}
	const sgn_rdata_t *rd = &ns->v.rrset.rdata[0];
	size_t nl = sgn_name_len(rd->data, rd->len);
	return nl > 0 && sgn_name_is_subdomain(rd->data, name) && !sgn_name_equal(rd->data, name);
}

/* -- NSEC3 -- */

struct n3ctx {
	const sgn_zone_t *z;
	sgn_nsec3param_view_t p;
	bool usable;
};

static void n3_init(struct n3ctx *c, const sgn_zone_t *z, unsigned max_iterations)
{
	c->z = z;
	c->usable = false;
	const struct sgn__zrrset *np = sgn__node_rrset(z->apex_node, SGN_TYPE_NSEC3PARAM);
	const struct sgn__zrrset *any = z->nn3 > 0 ? sgn__node_rrset(z->n3nodes[0], SGN_TYPE_NSEC3) : NULL;
	const struct sgn__zrrset *src = np != NULL ? np : any;
	if (src != NULL && sgn_nsec3param_parse(&c->p, src->v.rrset.rdata[0].data,
	                                        src->v.rrset.rdata[0].len) == SGN_OK) {
		c->usable = c->p.hash_alg == SGN_NSEC3_HASH_SHA1 && c->p.iterations <= max_iterations;
	}
}

/* The hashed owner name of @p name under the apex. */
static bool n3_owner(const struct n3ctx *c, const uint8_t *name, uint8_t *owner)
{
	uint8_t hash[SGN_NSEC3_HASH_LEN];
	return sgn_nsec3_hash(hash, name, c->p.hash_alg, c->p.salt, c->p.salt_len,
	                      c->p.iterations) == SGN_OK &&
	       sgn__nsec3_owner_name(hash, sizeof(hash), c->z->apex, owner) > 0;
}

static const struct sgn__zrrset *n3_match(const struct n3ctx *c, const uint8_t *name)
{
	uint8_t owner[SGN_NAME_MAX];
	if (!c->usable || !n3_owner(c, name, owner)) {
		return NULL;
	}
	const sgn_node_t *node = sgn__ntable_lookup(&c->z->n3, owner);
	return node != NULL ? sgn__node_rrset(node, SGN_TYPE_NSEC3) : NULL;
}

static const struct sgn__zrrset *n3_cover(const struct n3ctx *c, const uint8_t *name)
{
	uint8_t owner[SGN_NAME_MAX];
	const sgn_zone_t *z = c->z;
	if (!c->usable || z->nn3 == 0 || !n3_owner(c, name, owner)) {
		return NULL;
	}
	size_t i = lower_bound(z->n3nodes, z->nn3, owner);
	return sgn__node_rrset(z->n3nodes[(i + z->nn3 - 1) % z->nn3], SGN_TYPE_NSEC3);
}

/* RFC 5155 §7.2.1: the closest encloser's NSEC3 and the NSEC3 covering the next closer. */
static void n3_closest_encloser(const struct n3ctx *c, const uint8_t *qname, const uint8_t *ce,
                                struct sgn__answer *a)
{
	unsigned ql = sgn_name_labels(qname), cl = sgn_name_labels(ce);
	add_proof(a, n3_match(c, ce));
	if (ql > cl) {
		add_proof(a, n3_cover(c, sgn_name_strip(qname, ql - cl - 1)));
	}
}

/* Pieces of an NSEC3 zone (a bundle, a live answer) hold some names only as the NSEC3
 * that matches them: such a name exists. */
static bool n3_known(const struct n3ctx *c, const uint8_t *name)
{
	return c->z->partial && n3_match(c, name) != NULL;
}

static bool n3_bit(const struct sgn__zrrset *n3, uint16_t type)
{
	sgn_nsec3param_view_t p;
	const sgn_rdata_t *rd = &n3->v.rrset.rdata[0];
	if (sgn_nsec3param_parse(&p, rd->data, rd->len) != SGN_OK) {
		return false;
	}
	size_t off = 5u + p.salt_len;
	if (off >= rd->len || off + 1u + rd->data[off] > rd->len) {
		return false;
	}
	off += 1u + rd->data[off];
	return sgn__bitmap_has(rd->data + off, rd->len - off, type);
}

static bool n3_optout(const struct sgn__zrrset *n3)
{
	const sgn_rdata_t *rd = &n3->v.rrset.rdata[0];
	return rd->len > 1 && (rd->data[1] & SGN_NSEC3_FLAG_OPTOUT);
}

/* A zone cut that pieces of an NSEC3 zone show only by NSEC3 records: the NSEC3 matching
 * the name lists NS and not SOA (a delegation); or, for @p unsigned_data below the name,
 * the name's parent exists and an opt-out NSEC3 covers the name: it may be an insecure
 * delegation (RFC 5155 §6), which is what unsigned data needs to be anything but bogus. */
static bool n3_hidden_cut(const struct n3ctx *c, const uint8_t *name, bool unsigned_data,
                          struct sgn__answer *a)
{
	if (!c->z->partial || !c->usable || c->z->nn3 == 0) {
		return false;
	}
	const struct sgn__zrrset *m = n3_match(c, name);
	if (m != NULL) {
		if (!n3_bit(m, SGN_TYPE_NS) || n3_bit(m, SGN_TYPE_SOA)) {
			return false;
		}
		add_proof(a, m);
	} else {
		const struct sgn__zrrset *cover = n3_cover(c, name);
		const struct sgn__zrrset *parent = n3_match(c, sgn_name_strip(name, 1));
		if (!unsigned_data || cover == NULL || parent == NULL || !n3_optout(cover)) {
			return false;
		}
		add_proof(a, parent);
		add_proof(a, cover);
	}
	a->kind = SGN__ANS_REFERRAL;
	a->cut = name;
	return true;
}

/* -- the query -- */


/* No DS at a cut: its NSEC, or the NSEC3 for it, or the opt-out closest encloser proof. */
static void no_ds_proof(const sgn_zone_t *z, const struct n3ctx *c, const sgn_node_t *cut,
                        struct sgn__answer *a)
{
	add_proof(a, sgn__node_rrset(cut, SGN_TYPE_NSEC));
	if (z->nn3 == 0) {
		return;
	}
	const struct sgn__zrrset *m = n3_match(c, cut->name);
	if (m != NULL) {
		add_proof(a, m);
		return;
	}
	/* Opt-out: the closest provable encloser above the cut, then the cover of the next. */
	unsigned labels = sgn_name_labels(cut->name), apex = sgn_name_labels(z->apex);
	for (unsigned up = 1; labels - up >= apex; up++) {
		const uint8_t *ce = sgn_name_strip(cut->name, up);
		if (n3_match(c, ce) != NULL) {
			n3_closest_encloser(c, cut->name, ce, a);
			return;
		}
	}
}

static void denial_for(const sgn_zone_t *z, const struct n3ctx *c, const uint8_t *qname,
                       const sgn_node_t *exact, struct sgn__answer *a)
{
	if (exact != NULL && exact->kind != SGN_NODE_EMPTY) {
		add_proof(a, sgn__node_rrset(exact, SGN_TYPE_NSEC));
	} else {
		add_proof(a, nsec_covering(z, qname));
	}
	add_proof(a, n3_match(c, qname));
}

/* Not at this name: the closest encloser, then a wildcard below it or nothing. */
static void not_found(const sgn_zone_t *z, const struct n3ctx *c, const uint8_t *qname,
                      uint16_t qtype, struct sgn__answer *a)
{
	unsigned labels = sgn_name_labels(qname);
	const uint8_t *ce = z->apex;
	for (unsigned up = 1; up <= labels; up++) {
		const uint8_t *anc = sgn_name_strip(qname, up);
		if (sgn__zone_lookup(z, anc) != NULL || sgn_name_equal(anc, z->apex) ||
		    n3_known(c, anc)) {
			ce = anc;
			break;
		}
	}
	uint8_t wc[SGN_NAME_MAX] = { 0 }; /* the root if the wildcard would be too long */
	const sgn_node_t *wnode = sgn_name_wildcard(wc, ce) == SGN_OK ? sgn__zone_lookup(z, wc) : NULL;
	add_proof(a, nsec_covering(z, qname));
	n3_closest_encloser(c, qname, ce, a);
	if (wnode == NULL && wc[0] != 0 && n3_known(c, wc)) {
		a->kind = SGN__ANS_WILDCARD_NODATA; /* a wildcard shown only by its NSEC3 */
		add_proof(a, n3_match(c, wc));
		return;
	}
	if (wnode == NULL) {
		a->kind = SGN__ANS_NXDOMAIN;
		add_proof(a, nsec_covering(z, wc));
		add_proof(a, n3_cover(c, wc));
		return;
	}
	a->node = wnode;
	const struct sgn__zrrset *rs = sgn__node_rrset(wnode, qtype);
	const struct sgn__zrrset *cname = sgn__node_rrset(wnode, SGN_TYPE_CNAME);
	if (rs != NULL || (cname != NULL && qtype != SGN_TYPE_CNAME)) {
		a->kind = rs != NULL ? SGN__ANS_WILDCARD : SGN__ANS_WILDCARD_CNAME;
		a->rrset = rs != NULL ? &rs->v : &cname->v;
		a->nproof = 0; /* only "no closer match" is needed: the cover of the next closer */
		add_proof(a, nsec_covering(z, qname));
		unsigned cl = sgn_name_labels(ce);
		add_proof(a, n3_cover(c, sgn_name_strip(qname, labels - cl - 1)));
		return;
	}
	a->kind = SGN__ANS_WILDCARD_NODATA;
	add_proof(a, sgn__node_rrset(wnode, SGN_TYPE_NSEC));
	add_proof(a, n3_match(c, wc));
}

/* Pieces of a zone (a bundle, a live answer) hold a wildcard's records already expanded at
 * the name, signed with fewer labels than it has (RFC 4035 §5.3.4). The answer then needs
 * what shows no closer name exists: the NSEC covering the name, or the NSEC3 covering the
 * next closer name below the wildcard's parent. */
static void expanded_proof(const sgn_zone_t *z, const struct n3ctx *c, const uint8_t *qname,
                           const sgn_zone_rrset_t *rs, struct sgn__answer *a)
{
	unsigned ql = sgn_name_labels(qname), fewest = ql;
	for (size_t i = 0; i < rs->sig_count; i++) {
		sgn_rrsig_view_t s;
		if (sgn_rrsig_parse(&s, rs->sigs[i].data, rs->sigs[i].len) == SGN_OK &&
		    s.labels < fewest) {
			fewest = s.labels;
		}
	}
	if (fewest >= ql) {
		return;
	}
	add_proof(a, nsec_covering(z, qname));
	add_proof(a, n3_cover(c, sgn_name_strip(qname, ql - fewest - 1)));
}

/* Pieces of a zone hold a wildcard's records expanded at the names asked for. A node with
 * only such records (and not the type asked for) is no name of the zone: a query for
 * another type there is answered from the wildcard. */
static bool only_expanded(const sgn_node_t *node, uint16_t qtype)
{
	unsigned labels = sgn_name_rrsig_labels(node->name);
	if (node->nrrsets == 0 || sgn__node_rrset(node, qtype) != NULL ||
	    sgn__node_rrset(node, SGN_TYPE_CNAME) != NULL) {
		return false;
	}
	for (size_t i = 0; i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		bool expanded = rs->sig_count > 0;
		for (size_t k = 0; expanded && k < rs->sig_count; k++) {
			sgn_rrsig_view_t v;
			expanded = sgn_rrsig_parse(&v, rs->sigs[k].data, rs->sigs[k].len) == SGN_OK &&
			           v.labels < labels;
		}
		if (!expanded) {
			return false;
		}
	}
	return true;
}

/* The RRset (or CNAME) at the name has no signature. */
static bool is_unsigned(const sgn_zone_t *z, const uint8_t *qname, uint16_t qtype)
{
	const sgn_node_t *node = sgn__zone_lookup(z, qname);
	const struct sgn__zrrset *rs = node != NULL ? sgn__node_rrset(node, qtype) : NULL;
	if (rs == NULL && node != NULL) {
		rs = sgn__node_rrset(node, SGN_TYPE_CNAME);
	}
	return rs != NULL && rs->v.sig_count == 0;
}

sgn_err_t sgn__zone_answer(const sgn_zone_t *z, const uint8_t *qname, uint16_t qtype,
                           unsigned max_iterations, struct sgn__answer *a)
{
	struct n3ctx c;
	memset(a, 0, sizeof(*a));
	if (!sgn_name_is_subdomain(qname, z->apex)) {
		return SGN_EINVAL;
	}
	n3_init(&c, z, max_iterations);
	bool unsigned_data = z->partial && is_unsigned(z, qname, qtype);
	/* Walk down from the apex: a zone cut or a DNAME on the way decides. */
	unsigned labels = sgn_name_labels(qname), apex = sgn_name_labels(z->apex);
	for (unsigned l = apex + 1; l <= labels; l++) {
		const uint8_t *name = sgn_name_strip(qname, labels - l);
		const sgn_node_t *node = sgn__zone_lookup(z, name);
		bool ds_here = l == labels && qtype == SGN_TYPE_DS;
		if ((node == NULL || node->kind == SGN_NODE_EMPTY) && !ds_here &&
		    n3_hidden_cut(&c, name, unsigned_data, a)) {
			return SGN_OK;
		}
		if (node == NULL) {
			break;
		}
		if (node->kind == SGN_NODE_DELEGATION && !ds_here) {
			const struct sgn__zrrset *ds = sgn__node_rrset(node, SGN_TYPE_DS);
			a->kind = SGN__ANS_REFERRAL;
			a->node = node;
			a->cut = node->name;
			a->rrset = ds != NULL ? &ds->v : NULL;
			if (ds == NULL) {
				no_ds_proof(z, &c, node, a);
			}
			return SGN_OK;
		}
		const struct sgn__zrrset *dname = sgn__node_rrset(node, SGN_TYPE_DNAME);
		if (dname != NULL && l < labels) {
			a->kind = SGN__ANS_DNAME;
			a->node = node;
			a->rrset = &dname->v;
			return SGN_OK;
		}
	}
	const sgn_node_t *exact = sgn__zone_lookup(z, qname);
	if (exact != NULL && z->partial && only_expanded(exact, qtype)) {
		exact = NULL; /* the name holds only a wildcard's records: it does not exist */
	}
	if (exact == NULL && z->partial && n3_match(&c, qname) != NULL) {
		/* Pieces of an NSEC3 zone hold a name that exists without the type only as
		 * its hashed NSEC3: a NODATA answer, that NSEC3 the proof. */
		a->kind = SGN__ANS_NODATA;
		add_proof(a, n3_match(&c, qname));
		return SGN_OK;
	}
	if (exact == NULL && z->partial && nsec_shows_ent(z, qname)) {
		/* Likewise an empty non-terminal of an NSEC zone: the NSEC before it. */
		a->kind = SGN__ANS_NODATA;
		add_proof(a, nsec_covering(z, qname));
		return SGN_OK;
	}
	if (exact == NULL) {
		not_found(z, &c, qname, qtype, a);
		return SGN_OK;
	}
	a->node = exact;
	const struct sgn__zrrset *rs = sgn__node_rrset(exact, qtype);
	const struct sgn__zrrset *cname = sgn__node_rrset(exact, SGN_TYPE_CNAME);
	if (rs != NULL && qtype != SGN_TYPE_RRSIG) {
		a->kind = SGN__ANS_DATA;
		a->rrset = &rs->v;
		expanded_proof(z, &c, qname, &rs->v, a);
	} else if (cname != NULL && qtype != SGN_TYPE_CNAME) {
		a->kind = SGN__ANS_CNAME;
		a->rrset = &cname->v;
		expanded_proof(z, &c, qname, &cname->v, a);
	} else {
		a->kind = SGN__ANS_NODATA;
		if (exact->kind == SGN_NODE_DELEGATION && qtype == SGN_TYPE_DS) {
			no_ds_proof(z, &c, exact, a);
		} else {
			denial_for(z, &c, qname, exact, a);
		}
	}
	return SGN_OK;
}
