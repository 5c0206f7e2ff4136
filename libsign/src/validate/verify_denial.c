/* SPDX-License-Identifier: MIT */
/* Checking the denial of existence chain of a zone: NSEC (RFC 4034 §4, RFC 4035 §2.3) or
 * NSEC3 (RFC 5155 §7.1), each record compared with what the zone's names require. */
#include <stdlib.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/denial.h>
#include <libsign/name.h>

#include "../denial/chain.h"
#include "../pool/pool.h"
#include "../wire/name_internal.h"
#include "../wire/rdesc.h"
#include "verify.h"

static int type_cmp(const void *a, const void *b)
{
	uint16_t x = *(const uint16_t *)a, y = *(const uint16_t *)b;
	return (x > y) - (x < y);
}

/* Compare the types a bitmap lists with the types expected; describe the difference. */
static bool bitmap_equal(const uint8_t *bitmap, size_t len, uint16_t *want, size_t nwant,
                         uint16_t *have, char *detail, size_t cap)
{
	size_t nhave = sgn__bitmap_types(bitmap, len, have);
	qsort(want, nwant, sizeof(*want), type_cmp);
	size_t i = 0, j = 0, k = 0;
	bool equal = true;
	detail[0] = '\0';
	while (i < nwant || j < nhave) {
		char tb[SGN_TYPE_STR_MAX];
		if (j >= nhave || (i < nwant && want[i] < have[j])) {
			k += (size_t)snprintf(detail + k, k < cap ? cap - k : 0, "%smissing %s",
			                      equal ? "" : ", ", sgn_type_to_str(tb, want[i++]));
			equal = false;
		} else if (i >= nwant || have[j] < want[i]) {
			k += (size_t)snprintf(detail + k, k < cap ? cap - k : 0, "%sextra %s",
			                      equal ? "" : ", ", sgn_type_to_str(tb, have[j++]));
			equal = false;
		} else {
			i++;
			j++;
		}
	}
	return equal;
}

/* -- NSEC -- */

static sgn_err_t check_nsec(struct sgn__verifier *vf, const sgn_node_t *node,
                            const sgn_node_t *next, uint16_t *want, uint16_t *have)
{
	const struct sgn__zrrset *ns = sgn__node_rrset(node, SGN_TYPE_NSEC);
	sgn_findings_t *out = vf->out;
	char detail[SGN_FINDING_DETAIL_MAX];
	if (ns == NULL) {
		return sgn__vfind(out, SGN_FIND_NSEC_MISSING, node->name, 0, -1, 0, 0, NULL);
	}
	const sgn_rdata_t *rd = &ns->v.rrset.rdata[0];
	size_t nlen = sgn_name_len(rd->data, rd->len);
	if (ns->v.rrset.count != 1 || nlen == 0) {
		return sgn__vfind(out, SGN_FIND_NSEC_NEXT, node->name, SGN_TYPE_NSEC, -1, 0, 0,
		                  "%zu NSEC records at one name", ns->v.rrset.count);
	}
	sgn_err_t err = SGN_OK;
	if (!sgn_name_equal(rd->data, next->name)) {
		char got[SGN_NAME_STR_MAX], exp[SGN_NAME_STR_MAX];
		if (sgn_name_to_str(got, sizeof(got), rd->data) != SGN_OK ||
		    sgn_name_to_str(exp, sizeof(exp), next->name) != SGN_OK) {
			got[0] = exp[0] = '\0';
		}
		err = sgn__vfind(out, SGN_FIND_NSEC_NEXT, node->name, SGN_TYPE_NSEC, -1, 0, 0,
		                 "points to %s, the next name is %s", got, exp);
	}
	size_t nwant = sgn__denial_types(node, true, want);
	if (err == SGN_OK &&
	    !bitmap_equal(rd->data + nlen, rd->len - nlen, want, nwant, have, detail, sizeof(detail))) {
		err = sgn__vfind(out, SGN_FIND_NSEC_BITMAP, node->name, SGN_TYPE_NSEC, -1, 0, 0, "%s",
		                 detail);
	}
	return err;
}

/* RFC 9077: one warning for all denial records whose TTL is not min(SOA TTL, MINIMUM). */
struct ttl_check {
	size_t wrong;
	const uint8_t *first;
	uint32_t ttl;
};

static void ttl_note(struct ttl_check *t, const struct sgn__verifier *vf, const sgn_node_t *node,
                     uint16_t type)
{
	const struct sgn__zrrset *rs = sgn__node_rrset(node, type);
	if (rs != NULL && rs->v.rrset.ttl != vf->denial_ttl && t->wrong++ == 0) {
		t->first = node->name;
		t->ttl = rs->v.rrset.ttl;
	}
}

static sgn_err_t ttl_report(const struct ttl_check *t, struct sgn__verifier *vf,
                            sgn_finding_code_t code, uint16_t type)
{
	if (t->wrong == 0) {
		return SGN_OK;
	}
	return sgn__vfind(vf->out, code, t->first, type, -1, 0, 0,
	                  "%zu records; e.g. TTL %u, expected %u", t->wrong, t->ttl, vf->denial_ttl);
}

static sgn_err_t verify_nsec(struct sgn__verifier *vf, sgn_verify_stats_t *st, uint16_t *want,
                             uint16_t *have)
{
	const sgn_zone_t *z = vf->zone;
	struct ttl_check ttl = { 0 };
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < z->nnodes && err == SGN_OK; i++) {
		const sgn_node_t *node = z->nodes[i];
		bool has = sgn__node_rrset(node, SGN_TYPE_NSEC) != NULL;
		st->denial_records += has;
		if (!sgn__nsec_wanted(node)) {
			if (has) {
				err = sgn__vfind(vf->out, SGN_FIND_NSEC_UNEXPECTED, node->name, SGN_TYPE_NSEC, -1,
				                 0, 0, "at a %s",
				                 node->kind == SGN_NODE_AUTH
				                         ? "name without data (an NSEC left behind)"
				                         : sgn_node_kind_str((sgn_node_kind_t)node->kind));
			}
			continue;
		}
		size_t j = i + 1;
		while (j < z->nnodes && !sgn__nsec_wanted(z->nodes[j])) {
			j++;
		}
		ttl_note(&ttl, vf, node, SGN_TYPE_NSEC);
		err = check_nsec(vf, node, j < z->nnodes ? z->nodes[j] : z->apex_node, want, have);
	}
	return err == SGN_OK ? ttl_report(&ttl, vf, SGN_FIND_NSEC_TTL, SGN_TYPE_NSEC) : err;
}

/* -- NSEC3 -- */

/* One per NSEC3 owner, all at once beside the zone: kept small (48 bytes). */
struct n3rec {
	uint8_t hash[SGN_NSEC3_HASH_LEN];
	uint8_t flags;            /* the NSEC3's */
	bool used;
	uint16_t bitmap_len;
	const sgn_node_t *node;
	const uint8_t *next;      /* next hashed owner, SGN_NSEC3_HASH_LEN bytes, or NULL */
	const uint8_t *bitmap;
};

static int n3_cmp(const void *a, const void *b)
{
	return memcmp(a, b, SGN_NSEC3_HASH_LEN);
}

/* The chain's parameters: the NSEC3PARAM with flags 0 (RFC 5155 §4.1.2), else the first
 * NSEC3's. False when there is nothing to go by. */
static bool chain_params(struct sgn__verifier *vf, sgn_nsec3param_view_t *p, bool *from_param)
{
	const struct sgn__zrrset *np = sgn__node_rrset(vf->zone->apex_node, SGN_TYPE_NSEC3PARAM);
	for (size_t i = 0; np != NULL && i < np->v.rrset.count; i++) {
		const sgn_rdata_t *rd = &np->v.rrset.rdata[i];
		if (sgn_nsec3param_parse(p, rd->data, rd->len) == SGN_OK && p->flags == 0) {
			*from_param = true;
			return true;
		}
	}
	*from_param = false;
	for (size_t i = 0; i < vf->zone->nn3; i++) {
		const struct sgn__zrrset *rs = sgn__node_rrset(vf->zone->n3nodes[i], SGN_TYPE_NSEC3);
		if (rs != NULL && sgn_nsec3param_parse(p, rs->v.rrset.rdata[0].data,
		                                       rs->v.rrset.rdata[0].len) == SGN_OK) {
			return true;
		}
	}
	return false;
}

bool sgn__verify_nsec3_over_limit(struct sgn__verifier *vf, sgn_err_t *err)
{
	sgn_nsec3param_view_t p;
	bool from_param;
	const sgn_zone_t *z = vf->zone;
	*err = SGN_OK;
	if (sgn__node_rrset(z->apex_node, SGN_TYPE_NSEC) != NULL || !chain_params(vf, &p, &from_param) ||
	    p.iterations <= vf->opts->limits.nsec3_iterations) {
		return false;
	}
	*err = sgn__vfind(vf->out, SGN_FIND_LIMIT_NSEC3_ITERATIONS, z->apex, SGN_TYPE_NSEC3PARAM, -1, 0,
	                  0, "%u iterations, limit %u", p.iterations,
	                  vf->opts->limits.nsec3_iterations);
	return true;
}

/* One NSEC3 owner: "<32 base32hex>.<apex>" holding one NSEC3 with the chain's parameters. */
static sgn_err_t collect_one(struct sgn__verifier *vf, const sgn_node_t *node,
                             const sgn_nsec3param_view_t *p, struct n3rec *rec, bool *ok)
{
	const struct sgn__zrrset *rs = sgn__node_rrset(node, SGN_TYPE_NSEC3);
	*ok = false;
	if (rs == NULL) {
		return SGN_OK; /* an owner whose NSEC3 went: nothing left to check */
	}
	/* Its hash label checked first: then the apex follows at name + 1 + 32. */
	bool owner_ok =
	        sgn__nsec3_owner_hash(node->name, rec->hash, SGN_NSEC3_HASH_LEN) == SGN_OK &&
	        sgn_name_equal(node->name + 1 + node->name[0], vf->zone->apex);
	if (!owner_ok) {
		return sgn__vfind(vf->out, SGN_FIND_NSEC3_OWNER, node->name, SGN_TYPE_NSEC3, -1, 0, 0, NULL);
	}
	const sgn_rdata_t *rd = &rs->v.rrset.rdata[0];
	sgn_nsec3param_view_t own;
	rec->node = node;
	if (rs->v.rrset.count != 1 || sgn_nsec3param_parse(&own, rd->data, rd->len) != SGN_OK) {
		return sgn__vfind(vf->out, SGN_FIND_NSEC3_PARAMETERS, node->name, SGN_TYPE_NSEC3, -1, 0, 0,
		                  "%zu NSEC3 records at one owner", rs->v.rrset.count);
	}
	size_t off = 5 + own.salt_len;
	if (own.hash_alg != p->hash_alg || own.iterations != p->iterations ||
	    own.salt_len != p->salt_len || memcmp(own.salt, p->salt, p->salt_len) != 0) {
		char salt[2 * 255 + 1], want[2 * 255 + 1];
		if (sgn_hex_encode(salt, sizeof(salt), own.salt, own.salt_len,
		    true) != SGN_OK ||
		    sgn_hex_encode(want, sizeof(want), p->salt, p->salt_len, true) != SGN_OK) {
			salt[0] = want[0] = '\0';
		}
		return sgn__vfind(vf->out, SGN_FIND_NSEC3_PARAMETERS, node->name, SGN_TYPE_NSEC3, -1, 0, 0,
		                  "hash %u, iterations %u, salt '%s'; the chain's: hash %u, iterations "
		                  "%u, salt '%s'",
		                  own.hash_alg, own.iterations, salt[0] ? salt : "-", p->hash_alg,
		                  p->iterations, want[0] ? want : "-");
	}
	if (off >= rd->len || rd->data[off] != SGN_NSEC3_HASH_LEN ||
	    off + 1 + SGN_NSEC3_HASH_LEN > rd->len) {
		return sgn__vfind(vf->out, SGN_FIND_NSEC3_NEXT, node->name, SGN_TYPE_NSEC3, -1, 0, 0,
		                  "next hashed owner is not a %d-byte hash", SGN_NSEC3_HASH_LEN);
	}
	rec->next = rd->data + off + 1;
	rec->bitmap = rec->next + SGN_NSEC3_HASH_LEN;
	rec->bitmap_len = (uint16_t)(rd->len - (off + 1 + SGN_NSEC3_HASH_LEN));
	rec->flags = own.flags;
	*ok = true;
	return SGN_OK;
}

static sgn_err_t check_params(struct sgn__verifier *vf, const sgn_nsec3param_view_t *p,
                              bool from_param, bool *stop)
{
	const uint8_t *apex = vf->zone->apex;
	sgn_err_t err = SGN_OK;
	*stop = false;
	if (!from_param) {
		err = sgn__vfind(vf->out, SGN_FIND_NSEC3PARAM_MISSING, apex, SGN_TYPE_NSEC3PARAM, -1, 0,
		                 0, NULL);
	}
	if (err == SGN_OK && p->hash_alg != SGN_NSEC3_HASH_SHA1) {
		*stop = true;
		return sgn__vfind(vf->out, SGN_FIND_NSEC3_HASH_UNSUPPORTED, apex, SGN_TYPE_NSEC3PARAM, -1,
		                  0, 0, "hash algorithm %u", p->hash_alg);
	}
	if (err == SGN_OK && p->iterations > 0) {
		err = sgn__vfind(vf->out, SGN_FIND_NSEC3_ITERATIONS, apex, SGN_TYPE_NSEC3PARAM, -1, 0, 0,
		                 "%u iterations", p->iterations);
	}
	if (err == SGN_OK && p->salt_len > 0) {
		err = sgn__vfind(vf->out, SGN_FIND_NSEC3_SALT, apex, SGN_TYPE_NSEC3PARAM, -1, 0, 0,
		                 "%u bytes", p->salt_len);
	}
	return err;
}

/* Each record's next hash must be the following record's hash, the last the first's. */
static sgn_err_t check_links(struct sgn__verifier *vf, struct n3rec *recs, size_t n)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < n && err == SGN_OK; i++) {
		const struct n3rec *next = &recs[(i + 1) % n];
		if (memcmp(recs[i].next, next->hash, SGN_NSEC3_HASH_LEN) != 0) {
			char b32[SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1];
			if (sgn_base32hex_encode(b32, sizeof(b32), next->hash,
			    SGN_NSEC3_HASH_LEN) != SGN_OK) {
				b32[0] = '\0';
			}
			err = sgn__vfind(vf->out, SGN_FIND_NSEC3_NEXT, recs[i].node->name, SGN_TYPE_NSEC3, -1, 0,
			                 0, "the next hash of the chain is %s", b32);
		}
	}
	return err;
}

static bool optout_eligible(const sgn_node_t *node)
{
	return (node->kind == SGN_NODE_DELEGATION && sgn__node_rrset(node, SGN_TYPE_DS) == NULL) ||
	       (node->kind == SGN_NODE_EMPTY && !(node->flags & SGN__NODE_HAS_SECURE_BELOW));
}

/* Match every name that needs an NSEC3 with its record. */
static sgn_err_t match_names(struct sgn__verifier *vf, struct n3rec *recs, size_t nrec,
                             const struct sgn__hashed *h, size_t n, uint16_t *want,
                             uint16_t *have)
{
	char detail[SGN_FINDING_DETAIL_MAX], text[SGN_NAME_STR_MAX];
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < n && err == SGN_OK; i++) {
		const sgn_node_t *node = vf->zone->nodes[h[i].node];
		struct n3rec *r = bsearch(h[i].hash, recs, nrec, sizeof(*recs), n3_cmp);
		if (r != NULL) {
			r->used = true;
			size_t nwant = sgn__denial_types(node, false, want);
			if (!bitmap_equal(r->bitmap, r->bitmap_len, want, nwant, have, detail, sizeof(detail))) {
				if (sgn_name_to_str(text, sizeof(text), node->name) != SGN_OK) {
					text[0] = '\0';
				}
				err = sgn__vfind(vf->out, SGN_FIND_NSEC3_BITMAP, r->node->name, SGN_TYPE_NSEC3, -1,
				                 0, 0, "for %s: %s", text, detail);
			}
			continue;
		}
		if (!optout_eligible(node)) {
			err = sgn__vfind(vf->out, SGN_FIND_NSEC3_MISSING, node->name, 0, -1, 0, 0, NULL);
			continue;
		}
		/* The covering record: the last hash below this one, wrapping round. */
		size_t lo = 0, hi = nrec;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (memcmp(recs[mid].hash, h[i].hash, SGN_NSEC3_HASH_LEN) < 0) {
				lo = mid + 1;
			} else {
				hi = mid;
			}
		}
		const struct n3rec *cover = nrec > 0 ? &recs[(lo + nrec - 1) % nrec] : NULL;
		if (cover == NULL || !(cover->flags & SGN_NSEC3_FLAG_OPTOUT)) {
			err = sgn__vfind(vf->out, SGN_FIND_NSEC3_OPTOUT, node->name, 0, -1, 0, 0, NULL);
		}
	}
	return err;
}

static sgn_err_t verify_nsec3(struct sgn__verifier *vf, sgn_verify_stats_t *st, uint16_t *want,
                              uint16_t *have)
{
	const sgn_zone_t *z = vf->zone;
	sgn_nsec3param_view_t p;
	bool from_param, stop;
	if (!chain_params(vf, &p, &from_param)) {
		return sgn__vfind(vf->out, SGN_FIND_NSEC3PARAM_MISSING, z->apex, SGN_TYPE_NSEC3PARAM, -1, 0,
		                  0, "and no NSEC3 record to take parameters from");
	}
	sgn_err_t err = check_params(vf, &p, from_param, &stop);
	if (err != SGN_OK || stop) {
		return err;
	}
	struct n3rec *recs = calloc(z->nn3 + 1, sizeof(*recs));
	struct sgn__hashed *h = NULL;
	struct ttl_check ttl = { 0 };
	size_t nrec = 0, n = 0;
	err = recs != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; i < z->nn3 && err == SGN_OK; i++) {
		bool ok;
		err = collect_one(vf, z->n3nodes[i], &p, &recs[nrec], &ok);
		if (ok) {
			ttl_note(&ttl, vf, z->n3nodes[i], SGN_TYPE_NSEC3);
			nrec++;
		}
	}
	st->denial_records = nrec;
	if (err == SGN_OK) {
		qsort(recs, nrec, sizeof(*recs), n3_cmp);
		err = check_links(vf, recs, nrec);
	}
	if (err == SGN_OK) {
		err = sgn__nsec3_hash_zone(z, false, p.salt, p.salt_len, p.iterations, vf->nworkers, &h,
		                           &n);
	}
	if (err == SGN_OK) {
		err = match_names(vf, recs, nrec, h, n, want, have);
	}
	for (size_t i = 0; i < nrec && err == SGN_OK; i++) {
		if (!recs[i].used) {
			err = sgn__vfind(vf->out, SGN_FIND_NSEC3_ORPHAN, recs[i].node->name, SGN_TYPE_NSEC3, -1,
			                 0, 0, NULL);
		}
	}
	if (err == SGN_OK) {
		err = ttl_report(&ttl, vf, SGN_FIND_NSEC3_TTL, SGN_TYPE_NSEC3);
	}
	free(recs);
	free(h);
	return err;
}

sgn_err_t sgn__verify_denial(struct sgn__verifier *vf, sgn_verify_stats_t *st)
{
	const sgn_zone_t *z = vf->zone;
	const struct sgn__zrrset *soa = sgn__node_rrset(z->apex_node, SGN_TYPE_SOA);
	const sgn_rdata_t *srd = &soa->v.rrset.rdata[0];
	vf->denial_ttl = SGN_MIN(soa->v.rrset.ttl, sgn__get32(srd->data + srd->len - 4));
	bool nsec = sgn__node_rrset(z->apex_node, SGN_TYPE_NSEC) != NULL;
	bool nsec3 = z->nn3 > 0 || sgn__node_rrset(z->apex_node, SGN_TYPE_NSEC3PARAM) != NULL;
	for (size_t i = 0; i < z->nnodes && !nsec; i++) {
		nsec = sgn__node_rrset(z->nodes[i], SGN_TYPE_NSEC) != NULL;
	}
	uint16_t *want = malloc(SGN__TYPES_MAX * sizeof(*want));
	uint16_t *have = malloc(SGN__TYPES_MAX * sizeof(*have));
	sgn_err_t err = want != NULL && have != NULL ? SGN_OK : SGN_ENOMEM;
	st->nsec3 = nsec3 && !nsec;
	if (err == SGN_OK && nsec && nsec3) {
		err = sgn__vfind(vf->out, SGN_FIND_DENIAL_MIXED, z->apex, 0, -1, 0, 0, NULL);
	} else if (err == SGN_OK && !nsec && !nsec3) {
		err = sgn__vfind(vf->out, SGN_FIND_DENIAL_MISSING, z->apex, 0, -1, 0, 0, NULL);
	} else if (err == SGN_OK) {
		err = nsec ? verify_nsec(vf, st, want, have) : verify_nsec3(vf, st, want, have);
	}
	free(want);
	free(have);
	return err;
}
