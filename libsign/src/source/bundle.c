/* SPDX-License-Identifier: MIT */
/* Bundles: loose RRsets of several zones (a saved chain, RFC 9102 wire form, a live
 * collection), sorted into partial zones by who signed them, and written back out. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>
#include <libsign/text.h>

#include "../wire/rdesc.h"
#include "../wire/rrwire.h"
#include "../wire/wirectx.h"
#include "../text/text_internal.h"
#include "../zone/zone_internal.h"
#include "zoneset_internal.h"

#define BUNDLE_MAX (64 * 1024 * 1024)

sgn_err_t sgn_zoneset_add_rr(sgn_zoneset_t *zs, const sgn_rr_t *rr)
{
	if (sgn__grow(&zs->pending, &zs->pcap, zs->npending + 1, sizeof(*zs->pending), 64) != SGN_OK) {
		return SGN_ENOMEM;
	}
	struct sgn__pending *p = &zs->pending[zs->npending];
	size_t olen = sgn_name_len(rr->owner, SGN_NAME_MAX);
	p->owner = sgn__arena_dup(&zs->arena, rr->owner, olen);
	/* Empty RDATA (RFC 3597 "\# 0", an APL with no items) may come as NULL: copy nothing. */
	p->rdata = rr->rdlen > 0 ? sgn__arena_dup(&zs->arena, rr->rdata, rr->rdlen)
	                         : sgn__arena_alloc(&zs->arena, 1);
	if (p->owner == NULL || p->rdata == NULL || olen == 0) {
		return olen == 0 ? SGN_EPARSE : SGN_ENOMEM;
	}
	sgn_name_lower(p->owner);
	p->ttl = rr->ttl;
	p->type = rr->type;
	p->rdlen = rr->rdlen;
	zs->npending++;
	return SGN_OK;
}

/* -- sorting records into zones --
 * Near-linear in the records: the apexes are sorted once, each record's zone is found by
 * looking up its owner's ancestors among them (one binary search per label), and each zone
 * is built from its own records only. */

static bool is_apex_type(uint16_t t)
{
	return t == SGN_TYPE_DNSKEY || t == SGN_TYPE_SOA || t == SGN_TYPE_NSEC3PARAM ||
	       t == SGN_TYPE_CDS || t == SGN_TYPE_CDNSKEY;
}

struct signed_by {
	const uint8_t *owner;
	uint16_t type;
	const uint8_t *signer;
};

static int signed_by_cmp(const void *a, const void *b)
{
	const struct signed_by *x = a, *y = b;
	int c = sgn_name_compare(x->owner, y->owner);
	return c != 0 ? c : (x->type > y->type) - (x->type < y->type);
}

static int name_cmp(const void *a, const void *b)
{
	return sgn_name_compare(*(const uint8_t *const *)a, *(const uint8_t *const *)b);
}

#define NO_ZONE SIZE_MAX

struct sorter {
	struct signed_by *sigs;
	size_t nsigs;
	const uint8_t **apexes;  /* sorted, each once */
	size_t napex;
	size_t *lookups;         /* the zone set's work counter */
};

static size_t apex_index(const struct sorter *s, const uint8_t *name)
{
	(*s->lookups)++;
	const uint8_t **hit = bsearch(&name, s->apexes, s->napex, sizeof(*s->apexes), name_cmp);
	return hit != NULL ? (size_t)(hit - s->apexes) : NO_ZONE;
}

/* The deepest known apex at or above @p name (strictly above with @p strict). */
static size_t deepest_apex(const struct sorter *s, const uint8_t *name, bool strict)
{
	unsigned labels = sgn_name_labels(name);
	for (unsigned up = strict ? 1 : 0; up <= labels; up++) {
		size_t i = apex_index(s, sgn_name_strip(name, up));
		if (i != NO_ZONE) {
			return i;
		}
	}
	return NO_ZONE;
}

/* Does NSEC RDATA list SOA in its type bitmap? */
static bool nsec_has_soa(const struct sgn__pending *p)
{
	size_t next = sgn_name_len(p->rdata, p->rdlen);
	return next > 0 && sgn__bitmap_has(p->rdata + next, p->rdlen - next, SGN_TYPE_SOA);
}

/* Which zone a record belongs to: its signer's; for unsigned records, by type and place. */
static size_t zone_of(const struct sorter *s, const struct sgn__pending *p)
{
	sgn_rrsig_view_t v;
	if (p->type == SGN_TYPE_RRSIG) {
		return sgn_rrsig_parse(&v, p->rdata, p->rdlen) == SGN_OK ? apex_index(s, v.signer)
		                                                       : NO_ZONE;
	}
	/* At a cut both sides own an NSEC (RFC 4035 §2.3), each signed by its own zone, so the
	 * owner and type do not say whose a record is: the child's, at its apex, lists SOA;
	 * the parent's, at the delegation, does not (RFC 4035 §2.3, §5.4). */
	if (p->type == SGN_TYPE_NSEC && apex_index(s, p->owner) != NO_ZONE) {
		return nsec_has_soa(p) ? apex_index(s, p->owner) : deepest_apex(s, p->owner, true);
	}
	struct signed_by key = { p->owner, p->type, NULL };
	const struct signed_by *hit = bsearch(&key, s->sigs, s->nsigs, sizeof(key), signed_by_cmp);
	if (hit != NULL) {
		return apex_index(s, hit->signer);
	}
	if (is_apex_type(p->type)) {
		return apex_index(s, p->owner);
	}
	/* A DS, or a parent-side NS, belongs above the cut. */
	return deepest_apex(s, p->owner, p->type == SGN_TYPE_DS);
}

/* An NS RRset at the apex of another zone of the set goes into the zone above too: the
 * child's NS is the parent's delegation, and the parent without it would lose the cut. */
static size_t also_into(const struct sorter *s, const struct sgn__pending *p)
{
	if (p->type != SGN_TYPE_NS || apex_index(s, p->owner) == NO_ZONE) {
		return NO_ZONE;
	}
	return deepest_apex(s, p->owner, true);
}

static sgn_err_t sorter_init(struct sorter *s, sgn_zoneset_t *zs)
{
	memset(s, 0, sizeof(*s));
	s->lookups = &zs->seal_lookups;
	s->sigs = calloc(zs->npending + 1, sizeof(*s->sigs));
	s->apexes = calloc(zs->npending + 1, sizeof(*s->apexes));
	if (s->sigs == NULL || s->apexes == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < zs->npending; i++) {
		const struct sgn__pending *p = &zs->pending[i];
		sgn_rrsig_view_t v;
		if (p->type == SGN_TYPE_RRSIG && sgn_rrsig_parse(&v, p->rdata, p->rdlen) == SGN_OK) {
			s->sigs[s->nsigs++] = (struct signed_by){ p->owner, v.type_covered, v.signer };
			s->apexes[s->napex++] = v.signer;
		} else if (is_apex_type(p->type)) {
			s->apexes[s->napex++] = p->owner;
		}
	}
	qsort(s->sigs, s->nsigs, sizeof(*s->sigs), signed_by_cmp);
	qsort(s->apexes, s->napex, sizeof(*s->apexes), name_cmp);
	size_t n = 0;
	for (size_t i = 0; i < s->napex; i++) {
		if (n == 0 || !sgn_name_equal(s->apexes[n - 1], s->apexes[i])) {
			s->apexes[n++] = s->apexes[i];
		}
	}
	s->napex = n;
	return SGN_OK;
}

static sgn_err_t build_zone(sgn_zoneset_t *zs, const uint8_t *apex, const size_t *recs, size_t n,
                            sgn_diag_t *diag)
{
	sgn_zone_t *z;
	sgn_err_t err = sgn__zone_new(&z, apex, true);
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		const struct sgn__pending *p = &zs->pending[recs[i]];
		sgn_rr_t rr = { .owner = p->owner, .type = p->type, .rclass = SGN_CLASS_IN,
			        .ttl = p->ttl, .rdlen = p->rdlen, .rdata = p->rdata };
		err = sgn__zone_add_rr(z, &rr, "bundle", 0, diag);
	}
	if (err == SGN_OK) {
		err = sgn__zone_finish(z, NULL, diag);
	}
	if (err != SGN_OK) {
		sgn_zone_free(z);
		return err;
	}
	err = sgn_zoneset_add_take(zs, z);
	return err == SGN_EEXIST ? SGN_OK : err; /* a full zone for this apex wins */
}

/* Each record's zone (and the second zone of a child's apex NS), then the records of each
 * zone in one array by a counting sort: zone z holds recs[start[z] .. start[z + 1]), in the
 * order they came. */
static sgn_err_t bucket(const sgn_zoneset_t *zs, const struct sorter *s, size_t *recs,
                        size_t *start)
{
	size_t n = zs->npending;
	size_t *zone = malloc((2 * n + 1) * sizeof(*zone));
	size_t *pos = malloc((s->napex + 1) * sizeof(*pos));
	if (zone == NULL || pos == NULL) {
		free(zone);
		free(pos);
		return SGN_ENOMEM;
	}
	memset(start, 0, (s->napex + 1) * sizeof(*start));
	for (size_t i = 0; i < n; i++) {
		zone[2 * i] = zone_of(s, &zs->pending[i]);
		zone[2 * i + 1] = also_into(s, &zs->pending[i]);
		if (zone[2 * i + 1] == zone[2 * i]) {
			zone[2 * i + 1] = NO_ZONE;
		}
	}
	for (size_t i = 0; i < 2 * n; i++) {
		if (zone[i] != NO_ZONE) {
			start[zone[i] + 1]++;
		}
	}
	for (size_t z = 0; z < s->napex; z++) {
		start[z + 1] += start[z];
		pos[z] = start[z];
	}
	for (size_t i = 0; i < 2 * n; i++) {
		if (zone[i] != NO_ZONE) {
			recs[pos[zone[i]]++] = i / 2;
		}
	}
	free(zone);
	free(pos);
	return SGN_OK;
}

sgn_err_t sgn_zoneset_seal(sgn_zoneset_t *zs, sgn_diag_t *diag)
{
	struct sorter s;
	zs->seal_lookups = 0;
	sgn_err_t err = sorter_init(&s, zs);
	size_t *recs = malloc((2 * zs->npending + 1) * sizeof(*recs));
	size_t *start = malloc((s.napex + 1) * sizeof(*start));
	if (err == SGN_OK && (recs == NULL || start == NULL)) {
		err = SGN_ENOMEM;
	}
	if (err == SGN_OK) {
		err = bucket(zs, &s, recs, start);
	}
	for (size_t i = 0; err == SGN_OK && i < s.napex; i++) {
		err = build_zone(zs, s.apexes[i], recs + start[i], start[i + 1] - start[i], diag);
	}
	free(recs);
	free(start);
	free(s.sigs);
	free(s.apexes);
	zs->npending = 0;
	return err;
}

/* -- reading -- */

static bool looks_binary(const uint8_t *p, size_t len)
{
	for (size_t i = 0; i < len && i < 512; i++) {
		if (p[i] == 0 || (p[i] < 0x20 && p[i] != '\n' && p[i] != '\r' && p[i] != '\t')) {
			return true;
		}
	}
	return false;
}

/* RFC 9102 §2: a sequence of uncompressed wire-format RRs. */
static sgn_err_t load_wire(sgn_zoneset_t *zs, const char *path, const uint8_t *p, size_t len,
                           sgn_diag_t *diag)
{
	sgn__wctx_t w;
	sgn__wctx_init(&w, p, len);
	while (sgn__wctx_left(&w) > 0) {
		size_t off = (size_t)(w.p - w.start);
		sgn_rr_t rr;
		rr.owner = sgn__wctx_name(&w);
		rr.type = sgn__wctx_u16(&w);
		rr.rclass = sgn__wctx_u16(&w);
		rr.ttl = sgn__wctx_u32(&w);
		rr.rdlen = sgn__wctx_u16(&w);
		rr.rdata = sgn__wctx_bytes(&w, rr.rdlen);
		if (w.err || sgn_rdata_check(rr.type, rr.rdata, rr.rdlen) != SGN_OK) {
			return sgn_diag_set(diag, SGN_EPARSE, path, 0, "malformed wire RR at byte %zu", off);
		}
		sgn_err_t err = sgn_zoneset_add_rr(zs, &rr);
		if (err != SGN_OK) {
			return err;
		}
	}
	return SGN_OK;
}

static sgn_err_t add_text_rr(void *ctx, const sgn_rr_t *rr, const char *file, unsigned long line)
{
	SGN_UNUSED(file);
	SGN_UNUSED(line);
	return sgn_zoneset_add_rr(ctx, rr);
}

sgn_err_t sgn_zoneset_load_bundle(sgn_zoneset_t *zs, const char *path, sgn_diag_t *diag)
{
	sgn_buf_t data;
	sgn_buf_init(&data);
	sgn_err_t err = sgn__check_regular(path, diag);
	if (err == SGN_OK) {
		err = sgn__read_file(path, BUNDLE_MAX, &data, diag);
	}
	if (err == SGN_OK) {
		err = looks_binary(data.data, data.len)
		              ? load_wire(zs, path, data.data, data.len, diag)
		              : sgn__zonetext_each(path, (const char *)data.data, data.len, add_text_rr,
		                                   zs, diag);
	}
	if (err == SGN_OK) {
		err = sgn_zoneset_seal(zs, diag);
	}
	sgn_buf_release(&data);
	return err;
}

/* -- writing -- */

static sgn_err_t put_wire(sgn_buf_t *out, const sgn_rrset_t *r, uint16_t type,
                          const sgn_rdata_t *rd)
{
	return sgn__rr_wire_put(out, r->owner, sgn_name_len(r->owner, SGN_NAME_MAX), type, r->rclass,
	                        r->ttl, rd);
}

static sgn_err_t node_wire(sgn_buf_t *out, const sgn_node_t *node)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		for (size_t k = 0; err == SGN_OK && k < rs->rrset.count; k++) {
			err = put_wire(out, &rs->rrset, rs->rrset.type, &rs->rrset.rdata[k]);
		}
		for (size_t k = 0; err == SGN_OK && k < rs->sig_count; k++) {
			err = put_wire(out, &rs->rrset, SGN_TYPE_RRSIG, &rs->sigs[k]);
		}
	}
	return err;
}

sgn_err_t sgn_zoneset_write_bundle(const sgn_zoneset_t *zs, FILE *fp, bool wire, sgn_diag_t *diag)
{
	sgn_err_t err = SGN_OK;
	sgn_buf_t buf;
	sgn_buf_init(&buf);
	for (size_t z = 0; z < zs->n && err == SGN_OK; z++) {
		const sgn_zone_t *zone = zs->zones[z];
		if (!wire) {
			char apex[SGN_NAME_STR_MAX];
			if (sgn_name_to_str(apex, sizeof(apex), zone->apex) == SGN_OK) {
				fprintf(fp, "; zone %s\n", apex);
			}
			err = sgn_zone_write(zone, fp, diag);
			continue;
		}
		for (size_t i = 0; i < zone->nnodes + zone->nn3 && err == SGN_OK; i++) {
			const sgn_node_t *node = i < zone->nnodes ? zone->nodes[i]
			                                          : zone->n3nodes[i - zone->nnodes];
			buf.len = 0;
			err = node_wire(&buf, node);
			if (err == SGN_OK && buf.len > 0 && fwrite(buf.data, 1, buf.len, fp) != buf.len) {
				err = sgn__diag_from_errno(diag, "", "write failed");
			}
		}
	}
	sgn_buf_release(&buf);
	return err;
}
