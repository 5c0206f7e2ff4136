/* SPDX-License-Identifier: MIT */
/* A change set against the zone, before anything in the zone changes (RFC 2136 §3.2-§3.4):
 * the prerequisites, then each update staged in order on copies of the RRsets it names,
 * then the rules the zone must still keep. Only a change set that passes is put into the
 * zone (repair.c), so a refused one leaves it exactly as it was. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "upd.h"

sgn_err_t sgn__refuse(sgn_update_result_t *res, sgn_update_rcode_t rcode, unsigned long line,
                      const uint8_t *name, const char *fmt, ...)
{
	char text[SGN_NAME_STR_MAX], what[SGN_DIAG_MSG_MAX];
	if (name == NULL || sgn_name_to_str(text, sizeof(text), name) != SGN_OK) {
		snprintf(text, sizeof(text), "?");
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	/* "%N" in the format stands for the name in quotes: compose by hand. */
	char full[sizeof(text) + sizeof(what) + 4];
	char *at = strstr(what, "%N");
	if (at != NULL) {
		*at = '\0';
		snprintf(full, sizeof(full), "%s'%s'%s", what, text, at + 2);
	} else {
		snprintf(full, sizeof(full), "%s", what);
	}
	size_t n = strlen(full) < sizeof(res->msg) ? strlen(full) : sizeof(res->msg) - 1;
	memcpy(res->msg, full, n);
	res->msg[n] = '\0';
	res->rcode = rcode;
	res->line = line;
	return SGN_OK;
}

/* DNSSEC records are made by the signer, never by hand (RFC 3007 §4). */
static bool is_dnssec_type(uint16_t t)
{
	return t == SGN_TYPE_RRSIG || t == SGN_TYPE_NSEC || t == SGN_TYPE_NSEC3 ||
	       t == SGN_TYPE_NSEC3PARAM || t == SGN_TYPE_DNSKEY || t == SGN_TYPE_ZONEMD;
}

/* Types a name holds at most one record of: adding replaces (RFC 2136 §3.4.2.2). */
static bool is_singleton(uint16_t t)
{
	return t == SGN_TYPE_SOA || t == SGN_TYPE_CNAME || t == SGN_TYPE_DNAME;
}

/* -- the staged names -- */

static struct sgn__sname *stage_find(const struct sgn__stage *st, const uint8_t *name)
{
	size_t len = sgn_name_len(name, SGN_NAME_MAX);
	size_t b = sgn__name_hash(name, len) & (st->nbuckets - 1);
	for (struct sgn__sname *s = st->buckets[b]; s != NULL; s = s->next) {
		if (memcmp(s->name, name, len) == 0) {
			return s;
		}
	}
	return NULL;
}

static sgn_err_t stage_name(struct sgn__stage *st, const uint8_t *name, struct sgn__sname **out)
{
	*out = stage_find(st, name);
	if (*out != NULL) {
		return SGN_OK;
	}
	struct sgn__sname *s = sgn__arena_alloc(&st->arena, sizeof(*s));
	if (s == NULL ||
	    sgn__grow(&st->names, &st->namecap, st->nnames + 1, sizeof(*st->names), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	memset(s, 0, sizeof(*s));
	s->name = name;
	s->node = sgn__zone_lookup(st->zone, name);
	size_t b = sgn__name_hash(name, sgn_name_len(name, SGN_NAME_MAX)) & (st->nbuckets - 1);
	s->next = st->buckets[b];
	st->buckets[b] = s;
	st->names[st->nnames++] = s;
	*out = s;
	return SGN_OK;
}

/* Room for one more RDATA in a staged RRset (arena arrays, doubled). */
static sgn_err_t stype_room(struct sgn__stage *st, struct sgn__stype *t)
{
	if (t->n < t->cap) {
		return SGN_OK;
	}
	size_t cap = t->cap > 0 ? t->cap * 2 : 4;
	sgn_rdata_t *rd = sgn__arena_alloc(&st->arena, cap * sizeof(*rd));
	if (rd == NULL) {
		return SGN_ENOMEM;
	}
	if (t->n > 0) {
		memcpy(rd, t->rd, t->n * sizeof(*rd));
	}
	t->rd = rd;
	t->cap = cap;
	return SGN_OK;
}

/* The staged RRset of @p type at a name, starting as the zone has it. */
static sgn_err_t stage_type(struct sgn__stage *st, struct sgn__sname *s, uint16_t type,
                            struct sgn__stype **out)
{
	for (size_t i = 0; i < s->ntypes; i++) {
		if (s->types[i].type == type) {
			*out = &s->types[i];
			return SGN_OK;
		}
	}
	if (s->ntypes == s->cap) {
		size_t cap = s->cap > 0 ? s->cap * 2 : 4;
		struct sgn__stype *a = sgn__arena_alloc(&st->arena, cap * sizeof(*a));
		if (a == NULL) {
			return SGN_ENOMEM;
		}
		if (s->ntypes > 0) {
			memcpy(a, s->types, s->ntypes * sizeof(*a));
		}
		s->types = a;
		s->cap = cap;
	}
	struct sgn__stype *t = &s->types[s->ntypes++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	const struct sgn__zrrset *zr = s->node != NULL ? sgn__node_rrset(s->node, type) : NULL;
	if (zr != NULL) {
		t->ttl = zr->v.rrset.ttl;
		for (size_t i = 0; i < zr->v.rrset.count; i++) {
			if (stype_room(st, t) != SGN_OK) {
				return SGN_ENOMEM;
			}
			t->rd[t->n++] = zr->v.rrset.rdata[i];
		}
	}
	*out = t;
	return SGN_OK;
}

static size_t rd_find(const struct sgn__stype *t, const uint8_t *rd, size_t len)
{
	for (size_t i = 0; i < t->n; i++) {
		if (sgn_rdata_compare(t->rd[i].data, t->rd[i].len, rd, len) == 0) {
			return i;
		}
	}
	return t->n;
}

bool sgn__stage_differs(const struct sgn__sname *sn, const struct sgn__stype *t)
{
	const struct sgn__zrrset *zr = sn->node != NULL ? sgn__node_rrset(sn->node, t->type) : NULL;
	if (zr == NULL || t->n == 0) {
		return (zr == NULL) != (t->n == 0);
	}
	if (zr->v.rrset.ttl != t->ttl || zr->v.rrset.count != t->n) {
		return true;
	}
	for (size_t i = 0; i < t->n; i++) {
		if (rd_find(t, zr->v.rrset.rdata[i].data, zr->v.rrset.rdata[i].len) == t->n) {
			return true;
		}
	}
	return false;
}

/* -- prerequisites (RFC 2136 §3.2) -- */

/* The zone's records of @p type at a node; RRSIG stands for every signature there. */
static size_t zone_rrs(const sgn_node_t *node, uint16_t type, const sgn_rdata_t **one)
{
	size_t n = 0;
	*one = NULL;
	for (size_t i = 0; node != NULL && i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		if (type == SGN_TYPE_RRSIG) {
			n += rs->rrset.type == SGN_TYPE_RRSIG ? rs->rrset.count : rs->sig_count;
		} else if (rs->rrset.type == type) {
			*one = rs->rrset.rdata;
			return rs->rrset.count;
		}
	}
	return n;
}

static bool zone_has_rr(const sgn_node_t *node, uint16_t type, const uint8_t *rd, size_t len)
{
	for (size_t i = 0; node != NULL && i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		bool orphans = rs->rrset.type == SGN_TYPE_RRSIG;
		const sgn_rdata_t *set = type == SGN_TYPE_RRSIG && !orphans ? rs->sigs : rs->rrset.rdata;
		size_t n = type == SGN_TYPE_RRSIG && !orphans ? rs->sig_count : rs->rrset.count;
		if (type != SGN_TYPE_RRSIG && rs->rrset.type != type) {
			continue;
		}
		for (size_t k = 0; k < n; k++) {
			if (sgn_rdata_compare(set[k].data, set[k].len, rd, len) == 0) {
				return true;
			}
		}
	}
	return false;
}

/* §3.2.3: the value-dependent RRset prerequisites of one (name, type) together must be
 * exactly the zone's RRset. */
static bool rrset_matches(const sgn_changes_t *ch, const struct sgn__changeset *set,
                          const struct sgn__change *c, const sgn_node_t *node)
{
	const sgn_rdata_t *one;
	size_t have = zone_rrs(node, c->type, &one), distinct = 0;
	for (size_t k = set->first; k < set->first + set->n; k++) {
		const struct sgn__change *o = &ch->c[k];
		if (o->op != SGN__PRE_YXRRSET_RR || o->type != c->type || !sgn_name_equal(o->name, c->name)) {
			continue;
		}
		if (!zone_has_rr(node, c->type, o->rdata, o->rdlen)) {
			return false;
		}
		bool dup = false;
		for (size_t j = set->first; j < k && !dup; j++) {
			const struct sgn__change *p = &ch->c[j];
			dup = p->op == SGN__PRE_YXRRSET_RR && p->type == o->type &&
			      sgn_name_equal(p->name, o->name) &&
			      sgn_rdata_compare(p->rdata, p->rdlen, o->rdata, o->rdlen) == 0;
		}
		distinct += !dup;
	}
	return distinct == have;
}

static sgn_err_t prereq(struct sgn__stage *st, const sgn_changes_t *ch,
                        const struct sgn__changeset *set, const struct sgn__change *c)
{
	const sgn_node_t *node = sgn__zone_lookup(st->zone, c->name);
	bool in_use = node != NULL && sgn__node_has_data(node);
	const sgn_rdata_t *one;
	char tb[SGN_TYPE_STR_MAX];
	sgn_type_to_str(tb, c->type);
	switch (c->op) {
	case SGN__PRE_YXDOMAIN:
		return in_use ? SGN_OK
		              : sgn__refuse(st->res, SGN_UPDATE_NXDOMAIN, c->line, c->name,
		                            "prerequisite failed: %%N does not exist");
	case SGN__PRE_NXDOMAIN:
		return !in_use ? SGN_OK
		               : sgn__refuse(st->res, SGN_UPDATE_YXDOMAIN, c->line, c->name,
		                             "prerequisite failed: %%N exists");
	case SGN__PRE_YXRRSET:
		return zone_rrs(node, c->type, &one) > 0
		               ? SGN_OK
		               : sgn__refuse(st->res, SGN_UPDATE_NXRRSET, c->line, c->name,
		                             "prerequisite failed: %%N has no %s records", tb);
	case SGN__PRE_NXRRSET:
		return zone_rrs(node, c->type, &one) == 0
		               ? SGN_OK
		               : sgn__refuse(st->res, SGN_UPDATE_YXRRSET, c->line, c->name,
		                             "prerequisite failed: %%N has %s records", tb);
	case SGN__PRE_YXRRSET_RR:
		return rrset_matches(ch, set, c, node)
		               ? SGN_OK
		               : sgn__refuse(st->res, SGN_UPDATE_NXRRSET, c->line, c->name,
		                             "prerequisite failed: the %s RRset at %%N is not the one "
		                             "given", tb);
	default:
		return SGN_OK;
	}
}

/* -- updates (RFC 2136 §3.4) -- */

/* §3.4.1.3 prescan and the rules that do not depend on the order of the updates. */
static sgn_err_t prescan(struct sgn__stage *st, const struct sgn__change *c)
{
	const uint8_t *apex = st->zone->apex;
	char tb[SGN_TYPE_STR_MAX];
	bool at_apex = sgn_name_equal(c->name, apex);
	sgn_type_to_str(tb, c->type);
	if (c->op != SGN__DEL_NAME && is_dnssec_type(c->type)) {
		return sgn__refuse(st->res, SGN_UPDATE_REFUSED, c->line, c->name,
		                   "%s records at %%N are made by the signer, not by hand (RFC 3007 "
		                   "section 4)%s", tb,
		                   c->type == SGN_TYPE_DNSKEY || c->type == SGN_TYPE_NSEC3PARAM
		                           ? "; change the keys or the NSEC3 parameters with sigil sign"
		                           : "");
	}
	if (c->type == SGN_TYPE_SOA && c->op == SGN__ADD && !at_apex) {
		return sgn__refuse(st->res, SGN_UPDATE_REFUSED, c->line, c->name,
		                   "an SOA record at %%N, which is not the apex");
	}
	if (c->type == SGN_TYPE_SOA && c->op != SGN__ADD) {
		return sgn__refuse(st->res, SGN_UPDATE_REFUSED, c->line, c->name,
		                   "the SOA record at %%N cannot be deleted, only replaced");
	}
	if (c->type == SGN_TYPE_NS && c->op == SGN__DEL_RRSET && at_apex) {
		return sgn__refuse(st->res, SGN_UPDATE_REFUSED, c->line, c->name,
		                   "the NS RRset at the apex %%N cannot be deleted");
	}
	if (c->type == SGN_TYPE_DS && c->op == SGN__ADD && at_apex) {
		return sgn__refuse(st->res, SGN_UPDATE_REFUSED, c->line, c->name,
		                   "a DS record at the apex %%N (DS belongs in the parent zone)");
	}
	return SGN_OK;
}

/* §3.4.2.3: every RRset of a name, but at the apex its SOA and NS; DNSSEC records stay
 * the signer's. */
static sgn_err_t delete_name(struct sgn__stage *st, struct sgn__sname *s)
{
	bool apex = sgn_name_equal(s->name, st->zone->apex);
	for (size_t i = 0; s->node != NULL && i < s->node->nrrsets; i++) {
		struct sgn__stype *t;
		uint16_t type = s->node->rrsets[i].v.rrset.type;
		if (is_dnssec_type(type) || (apex && (type == SGN_TYPE_SOA || type == SGN_TYPE_NS))) {
			continue;
		}
		if (stage_type(st, s, type, &t) != SGN_OK) {
			return SGN_ENOMEM;
		}
	}
	for (size_t i = 0; i < s->ntypes; i++) {
		uint16_t type = s->types[i].type;
		if (!(apex && (type == SGN_TYPE_SOA || type == SGN_TYPE_NS))) {
			s->types[i].n = 0;
			s->types[i].touched = true;
		}
	}
	return SGN_OK;
}

static sgn_err_t stage_update(struct sgn__stage *st, const struct sgn__change *c)
{
	struct sgn__sname *s;
	struct sgn__stype *t = NULL;
	sgn_err_t err = stage_name(st, c->name, &s);
	if (err == SGN_OK && c->op == SGN__DEL_NAME) {
		return delete_name(st, s);
	}
	if (err == SGN_OK) {
		err = stage_type(st, s, c->type, &t);
	}
	if (err != SGN_OK) {
		return err;
	}
	t->touched = true;
	size_t at = rd_find(t, c->rdata, c->rdlen);
	switch (c->op) {
	case SGN__ADD:
		if (is_singleton(c->type)) {
			t->n = 0;
			at = 0;
		}
		if (at == t->n) {
			if (stype_room(st, t) != SGN_OK) {
				return SGN_ENOMEM;
			}
			t->rd[t->n].data = c->rdata;
			t->rd[t->n++].len = c->rdlen;
		}
		t->ttl = c->ttl; /* RFC 2181 §5.2: one TTL per RRset, the newest */
		if (c->type == SGN_TYPE_SOA) {
			st->soa = c;
		}
		return SGN_OK;
	case SGN__DEL_RR:
		if (at < t->n) {
			t->rd[at] = t->rd[--t->n];
		}
		return SGN_OK;
	default: /* SGN__DEL_RRSET */
		t->n = 0;
		return SGN_OK;
	}
}

/* -- the rules the result must keep -- */

static size_t final_count(const struct sgn__sname *s, uint16_t type)
{
	for (size_t i = 0; i < s->ntypes; i++) {
		if (s->types[i].type == type) {
			return s->types[i].n;
		}
	}
	const struct sgn__zrrset *zr = s->node != NULL ? sgn__node_rrset(s->node, type) : NULL;
	return zr != NULL ? zr->v.rrset.count : 0;
}

/* Is there data other than CNAME (and what may stand beside it) at the name? */
static bool other_than_cname(const struct sgn__sname *s)
{
	for (size_t i = 0; s->node != NULL && i < s->node->nrrsets; i++) {
		uint16_t t = s->node->rrsets[i].v.rrset.type;
		if (t != SGN_TYPE_CNAME && t != SGN_TYPE_RRSIG && t != SGN_TYPE_NSEC &&
		    t != SGN_TYPE_KEY && final_count(s, t) > 0) {
			return true;
		}
	}
	for (size_t i = 0; i < s->ntypes; i++) {
		uint16_t t = s->types[i].type;
		if (t != SGN_TYPE_CNAME && t != SGN_TYPE_KEY && s->types[i].n > 0) {
			return true;
		}
	}
	return false;
}

static unsigned long line_of(const sgn_changes_t *ch, const struct sgn__changeset *set,
                             const uint8_t *name, uint16_t type)
{
	unsigned long line = set->line;
	for (size_t k = set->first; k < set->first + set->n; k++) {
		if (sgn_name_equal(ch->c[k].name, name) && (type == 0 || ch->c[k].type == type)) {
			line = ch->c[k].line;
		}
	}
	return line;
}

static sgn_err_t check_rules(struct sgn__stage *st, const sgn_changes_t *ch,
                             const struct sgn__changeset *set)
{
	for (size_t i = 0; i < st->nnames && st->res->rcode == SGN_UPDATE_NOERROR; i++) {
		const struct sgn__sname *s = st->names[i];
		bool apex = sgn_name_equal(s->name, st->zone->apex);
		if (final_count(s, SGN_TYPE_CNAME) > 0 && other_than_cname(s)) {
			return sgn__refuse(st->res, SGN_UPDATE_REFUSED, line_of(ch, set, s->name, 0),
			                   s->name, "CNAME and other data at %%N (RFC 2181 section 10.1)");
		}
		if (apex && final_count(s, SGN_TYPE_NS) == 0) {
			return sgn__refuse(st->res, SGN_UPDATE_REFUSED,
			                   line_of(ch, set, s->name, SGN_TYPE_NS), s->name,
			                   "the last NS record at the apex %%N cannot be deleted");
		}
		if (!apex && final_count(s, SGN_TYPE_DS) > 0 && final_count(s, SGN_TYPE_NS) == 0) {
			return sgn__refuse(st->res, SGN_UPDATE_REFUSED, line_of(ch, set, s->name, 0),
			                   s->name, "a DS record at %%N, which has no NS records: DS "
			                   "belongs at a delegation (RFC 4035 section 2.4)");
		}
	}
	return SGN_OK;
}

/* -- the change set -- */

sgn_err_t sgn__stage_run(struct sgn__stage *st, const sgn_changes_t *ch,
                         const struct sgn__changeset *set, sgn_update_result_t *res)
{
	st->res = res;
	sgn__arena_init(&st->arena, 64 * 1024);
	st->nbuckets = 64;
	while (st->nbuckets < 2 * set->n) {
		st->nbuckets *= 2;
	}
	st->buckets = calloc(st->nbuckets, sizeof(*st->buckets));
	if (st->buckets == NULL) {
		return SGN_ENOMEM;
	}
	/* §3.2: the prerequisites in order, against the zone as it is; then the §3.4.1 prescan
	 * of every update, in order; then the updates. */
	for (size_t pass = 0; pass < 3; pass++) {
		for (size_t k = set->first; k < set->first + set->n && res->rcode == 0; k++) {
			const struct sgn__change *c = &ch->c[k];
			bool is_prereq = c->op >= SGN__PRE_YXDOMAIN;
			sgn_err_t err = SGN_OK;
			if (is_prereq != (pass == 0)) {
				continue;
			}
			if (pass < 2 && !sgn_name_is_subdomain(c->name, st->zone->apex)) {
				return sgn__refuse(res, SGN_UPDATE_NOTZONE, c->line, c->name,
				                   "%%N is outside the zone");
			}
			err = pass == 0 ? prereq(st, ch, set, c) : pass == 1 ? prescan(st, c)
			                                                     : stage_update(st, c);
			if (err != SGN_OK) {
				return err;
			}
		}
	}
	return res->rcode == 0 ? check_rules(st, ch, set) : SGN_OK;
}

void sgn__stage_release(struct sgn__stage *st)
{
	sgn__arena_release(&st->arena);
	free(st->buckets);
	free(st->names);
	st->buckets = NULL;
	st->names = NULL;
}
