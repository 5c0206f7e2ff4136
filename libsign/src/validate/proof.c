/* SPDX-License-Identifier: MIT */
/* Denial of existence proofs from NSEC (RFC 4035 §5.4) or NSEC3 (RFC 5155 §8) records. */
#include <stdio.h>
#include <string.h>

#include <libsign/denial.h>
#include <libsign/finding.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "../wire/name_internal.h"
#include "../wire/rdesc.h"
#include "proof.h"

#define FAIL_WITH(...) (snprintf(detail, SGN_FINDING_DETAIL_MAX, __VA_ARGS__), SGN__PROOF_FAIL)

/* -- NSEC -- */

struct nsec {
	const uint8_t *owner, *next, *bitmap;
	size_t bitmap_len;
	uint8_t wild[SGN_NAME_MAX]; /* the owner it was signed at, when expanded from a wildcard */
};

/* The owner an RRset was signed at: its own, or for one expanded from a wildcard (the
 * RRSIG labels field @p labels below the owner's count) the wildcard, RFC 4035 §5.3.2.
 * An NSEC proves only what its signed owner proves: a wildcard's NSEC copied to any name
 * below the wildcard's parent must not cover or match that name (CVE-2017-15105; Unbound
 * puts the signed owner back the same way). False when the labels field is impossible. */
static bool signed_owner(const uint8_t *owner, unsigned labels, uint8_t *wild, const uint8_t **out)
{
	unsigned have = sgn_name_rrsig_labels(owner);
	*out = owner;
	if (labels == 0 || labels >= have) {
		return labels <= have;
	}
	if (sgn_name_wildcard(wild, sgn_name_strip(owner, sgn_name_labels(owner) - labels)) != SGN_OK) {
		return false;
	}
	*out = wild;
	return true;
}

static bool nsec_at(const sgn_zone_rrset_t *rs, unsigned labels, struct nsec *n)
{
	const sgn_rdata_t *rd = &rs->rrset.rdata[0];
	size_t nl = sgn_name_len(rd->data, rd->len);
	if (rs->rrset.type != SGN_TYPE_NSEC || nl == 0 ||
	    !signed_owner(rs->rrset.owner, labels, n->wild, &n->owner)) {
		return false;
	}
	n->next = rd->data;
	n->bitmap = rd->data + nl;
	n->bitmap_len = rd->len - nl;
	return true;
}

static bool has(const struct nsec *n, uint16_t t)
{
	return sgn__bitmap_has(n->bitmap, n->bitmap_len, t);
}

/* owner < name < next in canonical order, the last NSEC wrapping round to the apex. */
static bool nsec_covers(const struct nsec *n, const uint8_t *name)
{
	int a = sgn_name_compare(n->owner, name), b = sgn_name_compare(name, n->next);
	if (sgn_name_compare(n->owner, n->next) < 0) {
		return a < 0 && b < 0;
	}
	return a < 0 || b < 0;
}

/* RFC 6840 §4.1: an NSEC from the parent side of a cut, or at a DNAME, says nothing about
 * names below its owner. */
static bool nsec_may_deny_below(const struct nsec *n, const uint8_t *name)
{
	if (!sgn_name_is_subdomain(name, n->owner) || sgn_name_equal(name, n->owner)) {
		return true;
	}
	return !(has(n, SGN_TYPE_NS) && !has(n, SGN_TYPE_SOA)) && !has(n, SGN_TYPE_DNAME);
}

/* The type is absent at the NSEC's owner, and the NSEC may speak for it. */
static bool nsec_type_absent(const struct nsec *n, uint16_t qtype)
{
	if (has(n, qtype) || (qtype != SGN_TYPE_CNAME && has(n, SGN_TYPE_CNAME))) {
		return false;
	}
	if (qtype == SGN_TYPE_DS) {
		return !has(n, SGN_TYPE_SOA); /* the child apex's NSEC cannot deny a DS */
	}
	return !(has(n, SGN_TYPE_NS) && !has(n, SGN_TYPE_SOA)); /* parent side: only DS */
}

static const struct nsec *find_nsec(const struct nsec *all, size_t n, const uint8_t *name,
                                    bool match)
{
	for (size_t i = 0; i < n; i++) {
		if (match ? sgn_name_equal(all[i].owner, name)
		          : nsec_covers(&all[i], name) && nsec_may_deny_below(&all[i], name)) {
			return &all[i];
		}
	}
	return NULL;
}

/* The closest encloser a covering NSEC implies: the longer common ancestor of the name
 * with the NSEC's owner and with its next name (RFC 4035 §5.4). */
static const uint8_t *nsec_encloser(const struct nsec *n, const uint8_t *name)
{
	const uint8_t *best = NULL;
	unsigned labels = sgn_name_labels(name);
	for (unsigned up = 0; up <= labels && best == NULL; up++) {
		const uint8_t *anc = sgn_name_strip(name, up);
		if (sgn_name_is_subdomain(n->owner, anc) || sgn_name_is_subdomain(n->next, anc)) {
			best = anc;
		}
	}
	return best;
}


static enum sgn__proof prove_nsec(const struct nsec *all, size_t n, enum sgn__deny what,
                                  const uint8_t *qname, uint16_t qtype, const uint8_t *encloser,
                                  char *detail)
{
	const struct nsec *m = find_nsec(all, n, qname, true);
	const struct nsec *c = m == NULL ? find_nsec(all, n, qname, false) : NULL;
	uint8_t wc[SGN_NAME_MAX];
	switch (what) {
	case SGN__DENY_NODATA:
		if (m != NULL) {
			return nsec_type_absent(m, qtype) ? SGN__PROOF_OK
			                                  : FAIL_WITH("the NSEC at the name lists the type");
		}
		/* An empty non-terminal: the covering NSEC's next name lies below it. */
		if (c != NULL && sgn_name_is_subdomain(c->next, qname) &&
		    !sgn_name_equal(c->next, qname)) {
			return SGN__PROOF_OK;
		}
		return FAIL_WITH("no NSEC at the name");
	case SGN__DENY_NXDOMAIN:
		if (c == NULL || (sgn_name_is_subdomain(c->next, qname))) {
			return FAIL_WITH("no NSEC covers the name");
		}
		if (sgn_name_wildcard(wc, nsec_encloser(c, qname)) != SGN_OK) {
			return FAIL_WITH("no closest encloser");
		}
		if (find_nsec(all, n, wc, true) != NULL || find_nsec(all, n, wc, false) == NULL) {
			return FAIL_WITH("no NSEC proves the wildcard absent");
		}
		return SGN__PROOF_OK;
	case SGN__DENY_NO_CLOSER:
		/* RFC 4035 §5.3.4: the name does not exist, and the closest encloser the NSEC
		 * implies is the wildcard's parent (else a closer name exists). */
		if (c == NULL || sgn_name_is_subdomain(c->next, qname)) {
			return FAIL_WITH("no NSEC proves there is no closer match");
		}
		return encloser == NULL || sgn_name_equal(nsec_encloser(c, qname), encloser)
		               ? SGN__PROOF_OK
		               : FAIL_WITH("the NSEC implies another closest encloser than the "
		                           "wildcard's parent");
	case SGN__DENY_WILDCARD_NODATA: {
		if (c == NULL || sgn_name_wildcard(wc, nsec_encloser(c, qname)) != SGN_OK) {
			return FAIL_WITH("no NSEC covers the name");
		}
		const struct nsec *w = find_nsec(all, n, wc, true);
		return w != NULL && nsec_type_absent(w, qtype)
		               ? SGN__PROOF_OK
		               : FAIL_WITH("no NSEC at the wildcard denies the type");
	}
	}
	return SGN__PROOF_FAIL;
}

/* -- NSEC3 -- */

struct nsec3 {
	uint8_t hash[SGN_NSEC3_HASH_LEN];
	const uint8_t *next;
	const uint8_t *bitmap;
	size_t bitmap_len;
	sgn_nsec3param_view_t p;
};

/* An NSEC3 is never signed at a wildcard (its owner is a hash): one whose signature says
 * it was expanded from one is not part of any chain. */
static bool nsec3_at(const sgn_zone_rrset_t *rs, unsigned labels, struct nsec3 *n)
{
	const sgn_rdata_t *rd = &rs->rrset.rdata[0];
	const uint8_t *owner = rs->rrset.owner;
	if (rs->rrset.type != SGN_TYPE_NSEC3 || owner[0] != 32 ||
	    (labels != 0 && labels != sgn_name_labels(owner)) ||
	    sgn_nsec3param_parse(&n->p, rd->data, rd->len) != SGN_OK) {
		return false;
	}
	size_t off = 5u + n->p.salt_len;
	if (off + 1 + SGN_NSEC3_HASH_LEN > rd->len || rd->data[off] != SGN_NSEC3_HASH_LEN) {
		return false;
	}
	bool ok = sgn__nsec3_owner_hash(owner, n->hash, SGN_NSEC3_HASH_LEN) == SGN_OK;
	n->next = rd->data + off + 1;
	n->bitmap = n->next + SGN_NSEC3_HASH_LEN;
	n->bitmap_len = rd->len - (off + 1 + SGN_NSEC3_HASH_LEN);
	return ok;
}

struct n3set {
	struct nsec3 *r;
	size_t n;
	struct sgn__proofset *ps;
	bool limit;
};

static bool n3_hash(struct n3set *s, const uint8_t *name, uint8_t *out)
{
	if (s->ps->hashes >= s->ps->limits->nsec3_hashes) {
		s->limit = true;
		return false;
	}
	s->ps->hashes++;
	const sgn_nsec3param_view_t *p = &s->r[0].p;
	return sgn_nsec3_hash(out, name, p->hash_alg, p->salt, p->salt_len, p->iterations) == SGN_OK;
}

static const struct nsec3 *n3_find(struct n3set *s, const uint8_t *name, bool match)
{
	uint8_t h[SGN_NSEC3_HASH_LEN];
	if (!n3_hash(s, name, h)) {
		return NULL;
	}
	for (size_t i = 0; i < s->n; i++) {
		const struct nsec3 *r = &s->r[i];
		int a = memcmp(r->hash, h, sizeof(h)), b = memcmp(h, r->next, sizeof(h));
		bool wraps = memcmp(r->hash, r->next, sizeof(h)) >= 0;
		if (match ? a == 0 : (wraps ? (a < 0 || b < 0) : (a < 0 && b < 0))) {
			return r;
		}
	}
	return NULL;
}

static bool n3_has(const struct nsec3 *r, uint16_t t)
{
	return sgn__bitmap_has(r->bitmap, r->bitmap_len, t);
}

static bool n3_type_absent(const struct nsec3 *r, uint16_t qtype)
{
	if (n3_has(r, qtype) || (qtype != SGN_TYPE_CNAME && n3_has(r, SGN_TYPE_CNAME))) {
		return false;
	}
	if (qtype == SGN_TYPE_DS) {
		return !n3_has(r, SGN_TYPE_SOA);
	}
	return !(n3_has(r, SGN_TYPE_NS) && !n3_has(r, SGN_TYPE_SOA));
}

/* RFC 5155 §8.3: the closest encloser (matched) and the next closer name (covered). */
static bool closest_encloser(struct n3set *s, const uint8_t *qname, const uint8_t *zone,
                             const uint8_t **ce, const struct nsec3 **cover)
{
	unsigned ql = sgn_name_labels(qname), zl = sgn_name_labels(zone);
	for (unsigned up = 1; ql >= zl + up; up++) {
		const uint8_t *anc = sgn_name_strip(qname, up);
		if (n3_find(s, anc, true) != NULL) {
			*ce = anc;
			*cover = n3_find(s, sgn_name_strip(qname, up - 1), false);
			return *cover != NULL;
		}
		if (s->limit) {
			return false;
		}
	}
	return false;
}

/* RFC 5155 §9.2: no AD for a closest encloser proof whose next closer name is covered by
 * an opt-out NSEC3 - an insecure delegation may be there (§6). Unbound agrees. */
static enum sgn__proof optout_or_ok(const struct nsec3 *cover)
{
	return (cover->p.flags & SGN_NSEC3_FLAG_OPTOUT) ? SGN__PROOF_OPTOUT : SGN__PROOF_OK;
}

static enum sgn__proof prove_nsec3(struct n3set *s, enum sgn__deny what, const uint8_t *qname,
                                   uint16_t qtype, const uint8_t *encloser, char *detail)
{
	const uint8_t *ce = NULL, *zone = s->ps->zone;
	const struct nsec3 *m, *cover = NULL;
	uint8_t wc[SGN_NAME_MAX];
	if (s->r[0].p.hash_alg != SGN_NSEC3_HASH_SHA1) {
		return FAIL_WITH("NSEC3 hash algorithm %u not supported", s->r[0].p.hash_alg);
	}
	/* RFC 9276 §3.2: above the limit, an NSEC3 proof counts as insecure, unhashed. */
	if (s->r[0].p.iterations > s->ps->limits->nsec3_iterations) {
		snprintf(detail, SGN_FINDING_DETAIL_MAX, "%u NSEC3 iterations, limit %u",
		         s->r[0].p.iterations, s->ps->limits->nsec3_iterations);
		return SGN__PROOF_INSECURE;
	}
	enum sgn__proof res = SGN__PROOF_FAIL;
	switch (what) {
	case SGN__DENY_NODATA:
		m = n3_find(s, qname, true);
		if (m != NULL) {
			res = n3_type_absent(m, qtype) ? SGN__PROOF_OK
			                               : FAIL_WITH("the NSEC3 for the name lists the type");
		} else if (closest_encloser(s, qname, zone, &ce, &cover) &&
		           (cover->p.flags & SGN_NSEC3_FLAG_OPTOUT)) {
			/* RFC 5155 §8.6 for a DS; for other types the name may be an empty
			 * non-terminal above an insecure delegation (RFC 5155 erratum 3441). */
			res = SGN__PROOF_OPTOUT;
		} else if (!s->limit) {
			res = FAIL_WITH("no NSEC3 matches the name");
		}
		break;
	case SGN__DENY_NXDOMAIN:
		if (n3_find(s, qname, true) != NULL) {
			res = FAIL_WITH("an NSEC3 matches the name: it exists");
		} else if (closest_encloser(s, qname, zone, &ce, &cover) &&
		           sgn_name_wildcard(wc, ce) == SGN_OK && n3_find(s, wc, false) != NULL) {
			/* An opt-out span may hide an insecure delegation at the next closer name:
			 * the name is then only proven absent from the signed part of the zone
			 * (RFC 5155 §12.2), and the answer is insecure, as Unbound has it. */
			res = optout_or_ok(cover);
		} else if (!s->limit) {
			res = FAIL_WITH("no closest encloser proof with the wildcard covered");
		}
		break;
	case SGN__DENY_NO_CLOSER: {
		unsigned ql = sgn_name_labels(qname), cl = sgn_name_labels(encloser);
		if (ql > cl && (cover = n3_find(s, sgn_name_strip(qname, ql - cl - 1), false)) != NULL) {
			res = optout_or_ok(cover);
		} else if (!s->limit) {
			res = FAIL_WITH("no NSEC3 covers the next closer name");
		}
		break;
	}
	case SGN__DENY_WILDCARD_NODATA:
		if (closest_encloser(s, qname, zone, &ce, &cover) && sgn_name_wildcard(wc, ce) == SGN_OK &&
		    (m = n3_find(s, wc, true)) != NULL && n3_type_absent(m, qtype)) {
			res = optout_or_ok(cover);
		} else if (!s->limit) {
			res = FAIL_WITH("no NSEC3 at the wildcard denies the type");
		}
		break;
	}
	if (s->limit) {
		snprintf(detail, SGN_FINDING_DETAIL_MAX, "more than %u NSEC3 hashes",
		         s->ps->limits->nsec3_hashes);
		return SGN__PROOF_LIMIT;
	}
	return res;
}

enum sgn__proof sgn__prove(struct sgn__proofset *ps, enum sgn__deny what, const uint8_t *qname,
                           uint16_t qtype, const uint8_t *encloser, char *detail)
{
	struct nsec nsec[16];
	struct nsec3 n3[16];
	size_t nn = 0, n3n = 0;
	detail[0] = '\0';
	for (size_t i = 0; i < ps->n; i++) {
		unsigned labels = ps->labels != NULL ? ps->labels[i] : 0;
		if (nn < ARRAY_LEN(nsec) && nsec_at(ps->records[i], labels, &nsec[nn])) {
			nn++;
		} else if (n3n < ARRAY_LEN(n3) && nsec3_at(ps->records[i], labels, &n3[n3n])) {
			/* one chain: records with other parameters than the first are ignored */
			const sgn_nsec3param_view_t *a = &n3[0].p, *b = &n3[n3n].p;
			if (n3n == 0 || (a->hash_alg == b->hash_alg && a->iterations == b->iterations &&
			                 a->salt_len == b->salt_len &&
			                 memcmp(a->salt, b->salt, a->salt_len) == 0)) {
				n3n++;
			}
		}
	}
	if (n3n > 0) {
		struct n3set s = { n3, n3n, ps, false };
		return prove_nsec3(&s, what, qname, qtype, encloser, detail);
	}
	if (nn > 0) {
		return prove_nsec(nsec, nn, what, qname, qtype, encloser, detail);
	}
	return FAIL_WITH("no NSEC or NSEC3 records");
}
