/* SPDX-License-Identifier: MIT */
/* An update session: the zone's chain, keys and ZONEMD found once, then each change set
 * staged (stage.c), put into the zone with its names, chain and serial repaired
 * (repair.c, repair3.c), the touched RRsets signed (sign/), the ZONEMD computed again,
 * and the difference written - or everything undone (txn.c). */
#include <stdlib.h>
#include <string.h>

#include <libsign/denial.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/time.h>

#include "../alg/alg.h"
#include "../zone/zonemd.h"
#include "upd.h"

struct sgn_update {
	sgn_zone_t *zone;
	sgn_sign_policy_t pol;    /* the caller's, with the zone's chain */
	struct sgn__signer s;
	struct sgn__nsec3_params p;
	bool zonemd;
	uint8_t zonemd_alg;
	bool authenticated;       /* the file ended with our authenticator */
};

static const struct sgn__zrrset *apex_rrset(const sgn_zone_t *z, uint16_t type)
{
	return z->apex_node != NULL ? sgn__node_rrset(z->apex_node, type) : NULL;
}

static uint32_t soa_serial(const sgn_zone_t *z)
{
	const sgn_rdata_t *rd = &apex_rrset(z, SGN_TYPE_SOA)->v.rrset.rdata[0];
	return sgn__get32(rd->data + rd->len - 20);
}

/* RFC 9077: denial records live as long as the SOA and its negative TTL allow. */
static uint32_t denial_ttl(const sgn_zone_t *z)
{
	const sgn_zone_rrset_t *soa = &apex_rrset(z, SGN_TYPE_SOA)->v;
	const sgn_rdata_t *rd = &soa->rrset.rdata[0];
	return SGN_MIN(soa->rrset.ttl, sgn__get32(rd->data + rd->len - 4));
}

/* -- the session -- */

static sgn_err_t zone_denial(struct sgn_update *u, sgn_diag_t *diag)
{
	const sgn_zone_t *z = u->zone;
	const struct sgn__zrrset *first =
		z->nn3 > 0 ? sgn__node_rrset(z->n3nodes[0], SGN_TYPE_NSEC3) : NULL;
	if (first != NULL && sgn__zone_nsec3param(z, &u->pol)) {
		/* The chain's own opt-out flag, from one record: sigil's chains set it alike
		 * (looking at every record would cost a pass over the zone). */
		const sgn_rdata_t *r0 = &first->v.rrset.rdata[0];
		u->pol.nsec3_opt_out = r0->len > 1 && (r0->data[1] & SGN_NSEC3_FLAG_OPTOUT);
		u->pol.force_iterations = true; /* the zone's chain stays as it is */
		u->p = (struct sgn__nsec3_params){ .iterations = u->pol.nsec3_iterations,
			                           .salt_len = u->pol.nsec3_salt_len,
			                           .salt = u->pol.nsec3_salt,
			                           .opt_out = u->pol.nsec3_opt_out };
		return SGN_OK;
	}
	if (apex_rrset(z, SGN_TYPE_NSEC) != NULL) {
		u->pol.denial = SGN_DENIAL_NSEC;
		return SGN_OK;
	}
	return sgn_diag_set(diag, SGN_EZONE, "", 0,
	                    "the zone has no NSEC or NSEC3 chain: sign it with sigil sign first");
}

/* The keys must publish the DNSKEY RRset the zone has: otherwise every RRset would need
 * signing again, which is what sigil sign is for. */
static sgn_err_t check_keys(const struct sgn_update *u, sgn_diag_t *diag)
{
	const struct sgn__zrrset *dk = apex_rrset(u->zone, SGN_TYPE_DNSKEY);
	const struct sgn__signer *s = &u->s;
	for (size_t i = 0; i < s->published.count; i++) {
		sgn_rdata_t kr = sgn_key_get_rdata(s->published.keys[i]);
		bool found = false;
		for (size_t k = 0; k < dk->v.rrset.count && !found; k++) {
			found = sgn_rdata_compare(kr.data, kr.len, dk->v.rrset.rdata[k].data,
			                          dk->v.rrset.rdata[k].len) == 0;
		}
		if (!found) {
			return sgn_diag_set(diag, SGN_EKEY, "", 0,
			                    "key %u is published now but not in the zone's DNSKEY RRset: "
			                    "re-sign the zone with sigil sign",
			                    sgn_key_get_tag(s->published.keys[i]));
		}
	}
	for (size_t k = 0; k < dk->v.rrset.count; k++) {
		const sgn_rdata_t *rd = &dk->v.rrset.rdata[k];
		bool ours = false, published = false;
		for (size_t i = 0; i < s->all->count && !ours; i++) {
			ours = sgn_key_matches_rdata(s->all->keys[i], rd->data, rd->len, false);
		}
		for (size_t i = 0; i < s->published.count && !published; i++) {
			sgn_rdata_t kr = sgn_key_get_rdata(s->published.keys[i]);
			published = sgn_rdata_compare(kr.data, kr.len, rd->data, rd->len) == 0;
		}
		if (ours && !published) {
			return sgn_diag_set(diag, SGN_EKEY, "", 0,
			                    "key %u is in the zone's DNSKEY RRset but no longer published "
			                    "(or its flags changed): re-sign the zone with sigil sign",
			                    sgn_keytag(rd->data, rd->len));
		}
	}
	return SGN_OK;
}

static void zone_zonemd(struct sgn_update *u)
{
	const struct sgn__zrrset *zm = apex_rrset(u->zone, SGN_TYPE_ZONEMD);
	u->zonemd = zm != NULL;
	u->zonemd_alg = SGN__ZONEMD_SHA384;
	for (size_t i = 0; zm != NULL && i < zm->v.rrset.count; i++) {
		const sgn_rdata_t *rd = &zm->v.rrset.rdata[i];
		if (rd->len >= 6 && rd->data[4] == SGN__ZONEMD_SCHEME_SIMPLE &&
		    sgn__zonemd_digest_size(rd->data[5]) > 0) {
			u->zonemd_alg = rd->data[5];
			break;
		}
	}
}

sgn_err_t sgn_update_new(sgn_update_t **out, sgn_zone_t *zone, const sgn_keylist_t *keys,
                         const sgn_sign_policy_t *policy, sgn_diag_t *diag)
{
	*out = NULL;
	const struct sgn__zrrset *soa = apex_rrset(zone, SGN_TYPE_SOA);
	if (soa == NULL || soa->v.rrset.count != 1 || soa->v.rrset.rdata[0].len < 22) {
		return sgn_diag_set(diag, SGN_EZONE, "", 0, "the zone has no SOA record");
	}
	if (apex_rrset(zone, SGN_TYPE_DNSKEY) == NULL || soa->v.sig_count == 0) {
		return sgn_diag_set(diag, SGN_EZONE, "", 0,
		                    "the zone is not signed: sign it with sigil sign first");
	}
	struct sgn_update *u = calloc(1, sizeof(*u));
	if (u == NULL) {
		return SGN_ENOMEM;
	}
	u->zone = zone;
	u->pol = *policy;
	u->pol.previous = NULL;
	u->pol.cds = false;
	u->pol.progress = NULL;
	if (u->pol.serial == SGN_SERIAL_KEEP) {
		u->pol.serial = SGN_SERIAL_INCREMENT; /* a change set always gives a new serial */
	}
	zone_zonemd(u);
	u->pol.zonemd = u->zonemd;
	sgn_err_t err = zone_denial(u, diag);
	if (err == SGN_OK) {
		err = sgn__signer_open(&u->s, zone, keys, &u->pol, diag);
		if (err == SGN_OK && (err = check_keys(u, diag)) != SGN_OK) {
			sgn__signer_close(&u->s, NULL);
		}
		u->authenticated = err == SGN_OK && sgn__signer_auth_ok(&u->s, zone);
	}
	if (err != SGN_OK) {
		free(u);
		return err;
	}
	*out = u;
	return SGN_OK;
}

void sgn_update_free(sgn_update_t *update)
{
	if (update == NULL) {
		return;
	}
	sgn__signer_close(&update->s, NULL);
	free(update);
}

/* -- one change set -- */

static const char *const rcodes[] = {
	[SGN_UPDATE_NOERROR] = "NOERROR", [SGN_UPDATE_NXDOMAIN] = "NXDOMAIN",
	[SGN_UPDATE_REFUSED] = "REFUSED", [SGN_UPDATE_YXDOMAIN] = "YXDOMAIN",
	[SGN_UPDATE_YXRRSET] = "YXRRSET", [SGN_UPDATE_NXRRSET] = "NXRRSET",
	[SGN_UPDATE_NOTZONE] = "NOTZONE",
};

const char *sgn_update_rcode_str(sgn_update_rcode_t rcode)
{
	return (unsigned)rcode < ARRAY_LEN(rcodes) && rcodes[rcode] != NULL ? rcodes[rcode]
	                                                                      : "unknown";
}

/* The new serial (RFC 1982): a difference's, an SOA's the change set adds when newer, or
 * the policy's next; a difference that does not start at the zone's serial is refused. */
static bool new_serial(const struct sgn_update *u, const struct sgn__changeset *set,
                       const struct sgn__stage *st, sgn_update_result_t *res)
{
	uint32_t cur = res->serial_before;
	uint32_t given = st->soa != NULL ? sgn__get32(st->soa->rdata + st->soa->rdlen - 20) : cur;
	if (set->has_from && !sgn_serial_is_less(cur, given)) {
		sgn__refuse(res, SGN_UPDATE_NXRRSET, set->line, NULL,
		            "the difference's new serial %u is not newer than its old one %u", given,
		            cur);
		return false;
	}
	res->serial = sgn_serial_is_less(cur, given) ? given : sgn__serial_next(&u->pol, cur);
	return true;
}

static sgn_err_t put_serial(struct sgn_update *u, struct sgn__txn *t, uint32_t serial)
{
	sgn_node_t *apex = u->zone->apex_node;
	const sgn_zone_rrset_t *soa = &sgn__node_rrset(apex, SGN_TYPE_SOA)->v;
	uint8_t buf[2 * SGN_NAME_MAX + 20];
	const sgn_rdata_t *old = &soa->rrset.rdata[0];
	memcpy(buf, old->data, old->len);
	sgn__put32(buf + old->len - 20, serial);
	sgn_rdata_t rd = { buf, old->len };
	sgn_err_t err = sgn__txn_save(t, apex);
	if (err == SGN_OK && sgn__node_set_rrset(apex, SGN_TYPE_SOA, soa->rrset.ttl, &rd, 1,
	                                         &u->zone->arena) == NULL) {
		err = SGN_ENOMEM;
	}
	u->s.serial = serial;
	return err;
}

/* RFC 9077: a new SOA TTL or minimum gives every denial record (and NSEC3PARAM) a new TTL. */
static sgn_err_t denial_ttl_change(struct sgn_update *u, struct sgn__txn *t,
                                   struct sgn__repair *r, uint32_t old)
{
	r->denial_ttl = denial_ttl(u->zone);
	r->p.ttl = r->denial_ttl;
	r->ttl_changed = r->denial_ttl != old;
	const struct sgn__zrrset *np = apex_rrset(u->zone, SGN_TYPE_NSEC3PARAM);
	if (!r->ttl_changed || np == NULL) {
		return SGN_OK;
	}
	sgn_err_t err = sgn__txn_save(t, u->zone->apex_node);
	sgn_zone_rrset_t v = np->v;
	if (err == SGN_OK && sgn__node_set_rrset(u->zone->apex_node, SGN_TYPE_NSEC3PARAM, r->denial_ttl,
	                                         v.rrset.rdata, v.rrset.count, &u->zone->arena) == NULL) {
		err = SGN_ENOMEM;
	}
	return err;
}

static bool present(const sgn_zone_t *z, const sgn_node_t *node)
{
	return node == (node->kind == SGN_NODE_NSEC3 ? sgn__ntable_lookup(&z->n3, node->name)
	                                             : sgn__zone_lookup(z, node->name));
}

/* Every RRset at a saved node: signed again when it changed or its signatures are due,
 * its signatures dropped when it is no longer authoritative (now below a cut). */
static sgn_err_t sign_touched(struct sgn_update *u, const struct sgn__txn *t)
{
	struct sgn__zrrset **list = NULL;
	size_t n = 0, cap = 0;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < t->nsaved; i++) {
		sgn_node_t *node = t->saved[i].node;
		if (!present(u->zone, node)) {
			continue;
		}
		sgn__node_drop_rrset(node, SGN_TYPE_RRSIG); /* signatures of types not there */
		for (size_t k = 0; err == SGN_OK && k < node->nrrsets; k++) {
			struct sgn__zrrset *rs = &node->rrsets[k];
			uint16_t type = rs->v.rrset.type;
			if (node == u->zone->apex_node && type == SGN_TYPE_ZONEMD && u->zonemd) {
				continue; /* signed once the digest is known */
			}
			if (!sgn__rrset_is_authoritative(node, type)) {
				rs->v.sigs = NULL;
				rs->v.sig_count = 0;
			} else if (rs->v.sig_count == 0 || !sgn__sigs_current(&u->s, &rs->v)) {
				err = sgn__grow(&list, &cap, n + 1, sizeof(*list), 16);
				if (err == SGN_OK) {
					list[n++] = rs;
				}
			}
		}
	}
	if (err == SGN_OK) {
		err = sgn__signer_sign_list(&u->s, list, n);
	}
	free(list);
	return err;
}

static void worker_counts(const struct sgn__signer *s, size_t *created, size_t *verified,
                          size_t *rrsets)
{
	*created = *verified = *rrsets = 0;
	for (unsigned i = 0; i < s->nworkers; i++) {
		*created += s->workers[i].created;
		*verified += s->workers[i].verified;
		*rrsets += s->workers[i].rrsets;
	}
}

/* Everything after staging, on the open transaction. */
static sgn_err_t put_changes(struct sgn_update *u, struct sgn__txn *t, const struct sgn__stage *st,
                             sgn_update_result_t *res, sgn_diag_t *diag)
{
	struct sgn__repair r = { .zone = u->zone, .txn = t, .denial = u->pol.denial, .p = u->p };
	uint32_t old_ttl = denial_ttl(u->zone);
	r.denial_ttl = r.p.ttl = old_ttl;
	sgn_err_t err = sgn__denial_scratch_init(&r.sc);
	if (err == SGN_OK) {
		err = sgn__repair_names(&r, st);
	}
	if (err == SGN_OK) {
		err = put_serial(u, t, res->serial);
	}
	if (err == SGN_OK) {
		err = denial_ttl_change(u, t, &r, old_ttl);
	}
	if (err == SGN_OK) {
		err = u->pol.denial == SGN_DENIAL_NSEC ? sgn__repair_nsec(&r)
		                                       : sgn__repair_nsec3(&r, diag);
	}
	if (err == SGN_OK) {
		err = sign_touched(u, t);
	}
	if (err == SGN_OK && u->zonemd) {
		const sgn_zone_rrset_t *soa = &apex_rrset(u->zone, SGN_TYPE_SOA)->v;
		err = sgn__signer_zonemd(&u->s, u->zonemd_alg, soa->rrset.ttl);
		res->zonemd = err == SGN_OK;
	}
	sgn__denial_scratch_release(&r.sc);
	res->names_added = r.names_added;
	res->names_removed = r.names_removed;
	res->denial_changed = r.denial_changed;
	return err;
}

static bool anything_changes(const struct sgn__stage *st)
{
	for (size_t i = 0; i < st->nnames; i++) {
		const struct sgn__sname *s = st->names[i];
		for (size_t k = 0; k < s->ntypes; k++) {
			if (s->types[k].touched && sgn__stage_differs(s, &s->types[k])) {
				return true;
			}
		}
	}
	return false;
}

/* The change set against the zone's serial: refused, already applied, or to be staged. */
static bool serial_applies(const struct sgn__changeset *set, sgn_update_result_t *res)
{
	if (!set->has_from || set->from == res->serial_before) {
		return true;
	}
	if (set->to == res->serial_before) {
		return false; /* applied already: nothing to do */
	}
	sgn__refuse(res, SGN_UPDATE_NXRRSET, set->line, NULL,
	            "the difference goes from serial %u to %u, but the zone is at serial %u",
	            set->from, set->to, res->serial_before);
	return false;
}

sgn_err_t sgn_update_apply(sgn_update_t *u, sgn_update_result_t *res, sgn_buf_t *journal,
                           const sgn_changes_t *ch, size_t i, sgn_diag_t *diag)
{
	memset(res, 0, sizeof(*res));
	if (i >= ch->nsets || !sgn_name_equal(ch->apex, u->zone->apex)) {
		return sgn_diag_set(diag, SGN_EINVAL, "", 0, "no such change set for this zone");
	}
	const struct sgn__changeset *set = &ch->sets[i];
	res->serial_before = res->serial = soa_serial(u->zone);
	struct sgn__stage st = { .zone = u->zone };
	sgn_err_t err = serial_applies(set, res) ? sgn__stage_run(&st, ch, set, res) : SGN_OK;
	if (err != SGN_OK || res->rcode != SGN_UPDATE_NOERROR || st.buckets == NULL ||
	    !anything_changes(&st) || !new_serial(u, set, &st, res)) {
		res->serial = res->rcode == SGN_UPDATE_NOERROR ? res->serial_before : res->serial;
		sgn__stage_release(&st);
		return err;
	}
	size_t created0, verified0, rrsets0, jlen = journal != NULL ? journal->len : 0;
	worker_counts(&u->s, &created0, &verified0, &rrsets0);
	struct sgn__txn t;
	sgn__txn_init(&t, u->zone, u->p.opt_out);
	err = put_changes(u, &t, &st, res, diag);
	if (err == SGN_OK && journal != NULL) {
		err = sgn__txn_journal(&t, u->zone->apex_node, journal, &res->journal_records);
	}
	if (err == SGN_OK) {
		sgn__txn_commit(&t);
		res->changed = true;
		worker_counts(&u->s, &res->sigs_created, &res->sigs_verified, &res->rrsets_signed);
		res->sigs_created -= created0;
		res->sigs_verified -= verified0;
		res->rrsets_signed -= rrsets0;
	} else {
		sgn__txn_undo(&t);
		res->serial = res->serial_before;
		if (journal != NULL) {
			journal->len = jlen;
		}
	}
	sgn__txn_release(&t);
	sgn__stage_release(&st);
	return err;
}

/* -- writing -- */

sgn_err_t sgn_update_write(const sgn_update_t *u, FILE *out, sgn_diag_t *diag)
{
	struct sgn__md *md = NULL;
	sgn_err_t err = sgn__md_new("SHA256", &md);
	if (err == SGN_OK) {
		err = sgn__zone_write_md(u->zone, out, md, diag);
	}
	if (err == SGN_OK) {
		err = sgn__signer_auth_write(&u->s, md, out);
		if (err == SGN_EIO) {
			sgn__diag_from_errno(diag, "", "write failed");
		}
	}
	sgn__md_free(md);
	return err;
}

bool sgn_update_zone_authenticated(const sgn_update_t *u)
{
	return u->authenticated;
}
