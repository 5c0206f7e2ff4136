/* SPDX-License-Identifier: MIT */
/* Mending the NSEC3 chain (RFC 5155 §7.1, §7.3) around the names a change set touched: a
 * name that now needs an NSEC3 record gets one between its hash neighbours, one that no
 * longer does loses it, and the rest get their type bitmaps again. Each step leaves a
 * closed chain behind, so several steps in one change set need no ordering. Whether a
 * name had a record before is known from its saved state, which also catches hash
 * collisions and chains that were broken to begin with. */
#include <string.h>

#include <libsign/denial.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "../wire/name_internal.h"
#include "upd.h"

/* The hash an owner "<base32hex>.<apex>" of the zone stands for; SGN_EZONE if none. */
static sgn_err_t owner_hash(const sgn_node_t *owner, uint8_t *hash)
{
	sgn_err_t err = sgn__nsec3_owner_hash(owner->name, hash, SGN_NSEC3_HASH_LEN);
	return err == SGN_EPARSE ? SGN_EZONE : err;
}

/* Where the next-hash field of an NSEC3 RDATA lies (RFC 5155 §3.2), or 0 if malformed. */
static size_t next_at(const sgn_rdata_t *rd)
{
	if (rd->len < 5) {
		return 0;
	}
	size_t k = 5 + rd->data[4];
	return k + 1 + SGN_NSEC3_HASH_LEN <= rd->len && rd->data[k] == SGN_NSEC3_HASH_LEN ? k + 1 : 0;
}

static const sgn_rdata_t *nsec3_of(const sgn_node_t *owner)
{
	const struct sgn__zrrset *rs = sgn__node_rrset(owner, SGN_TYPE_NSEC3);
	return rs != NULL && rs->v.rrset.count == 1 ? &rs->v.rrset.rdata[0] : NULL;
}

/* The next hash an owner's record points at. */
static sgn_err_t next_of(const sgn_node_t *owner, uint8_t *next)
{
	const sgn_rdata_t *rd = nsec3_of(owner);
	size_t at = rd != NULL ? next_at(rd) : 0;
	if (at == 0) {
		return SGN_EZONE;
	}
	memcpy(next, rd->data + at, SGN_NSEC3_HASH_LEN);
	return SGN_OK;
}

static sgn_err_t set_nsec3(struct sgn__repair *r, sgn_node_t *owner, const uint8_t *rdata,
                           size_t len)
{
	sgn_rdata_t rd = { rdata, (uint16_t)len };
	const sgn_rdata_t *old = nsec3_of(owner);
	if (sgn__node_set_rrset(owner, SGN_TYPE_NSEC3, r->denial_ttl, &rd, 1, &r->zone->arena) == NULL) {
		return SGN_ENOMEM;
	}
	r->denial_changed += old == NULL || nsec3_of(owner)->data != old->data;
	return SGN_OK;
}

/* Point an owner's record at @p next, everything else as it was. */
static sgn_err_t set_next(struct sgn__repair *r, sgn_node_t *owner, const uint8_t *next)
{
	const sgn_rdata_t *rd = nsec3_of(owner);
	size_t at = rd != NULL ? next_at(rd) : 0;
	if (at == 0) {
		return SGN_EZONE;
	}
	sgn_err_t err = sgn__txn_save(r->txn, owner);
	if (err == SGN_OK) {
		memcpy(r->sc.rdata, rd->data, rd->len);
		memcpy(r->sc.rdata + at, next, SGN_NSEC3_HASH_LEN);
		err = set_nsec3(r, owner, r->sc.rdata, rd->len);
	}
	return err;
}

static sgn_err_t broken(sgn_diag_t *diag, const sgn_node_t *name, const char *what)
{
	char text[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(text, sizeof(text), name->name) != SGN_OK) {
		text[0] = '\0';
	}
	return sgn_diag_set(diag, SGN_EZONE, "", 0, "'%s': %s", text, what);
}

/* A new record for @p name between its neighbours. */
static sgn_err_t insert(struct sgn__repair *r, const sgn_node_t *name, const uint8_t *owner,
                        const uint8_t *hash)
{
	sgn_zone_t *z = r->zone;
	sgn_node_t *o;
	uint8_t next[SGN_NSEC3_HASH_LEN];
	sgn_err_t err = sgn__txn_insert(r->txn, owner, true, &o);
	if (err != SGN_OK) {
		return err;
	}
	size_t pos = sgn__zone_n3_pos(z, owner, NULL);
	sgn_node_t *succ = z->n3nodes[(pos + 1) % z->nn3];
	sgn_node_t *pred = z->n3nodes[(pos + z->nn3 - 1) % z->nn3];
	if (succ == o) {
		memcpy(next, hash, sizeof(next)); /* the only record points at itself */
	} else if ((err = owner_hash(succ, next)) != SGN_OK) {
		return err;
	}
	size_t len = sgn__nsec3_rdata(&r->p, next, name, r->sc.types, r->sc.rdata);
	err = set_nsec3(r, o, r->sc.rdata, len);
	if (err == SGN_OK && pred != o) {
		err = set_next(r, pred, hash);
	}
	return err;
}

/* The record of a name that no longer needs one: its predecessor takes its next hash. */
static sgn_err_t erase(struct sgn__repair *r, sgn_node_t *o)
{
	sgn_zone_t *z = r->zone;
	uint8_t next[SGN_NSEC3_HASH_LEN];
	sgn_err_t err = next_of(o, next);
	if (err != SGN_OK) {
		return err;
	}
	size_t pos = sgn__zone_n3_pos(z, o->name, NULL);
	sgn_node_t *pred = z->n3nodes[(pos + z->nn3 - 1) % z->nn3];
	err = sgn__txn_remove(r->txn, o);
	r->denial_changed++;
	return err == SGN_OK && pred != o ? set_next(r, pred, next) : err;
}

/* The bitmap of a record that stays. */
static sgn_err_t retype(struct sgn__repair *r, sgn_node_t *o, const sgn_node_t *name)
{
	uint8_t next[SGN_NSEC3_HASH_LEN];
	sgn_err_t err = next_of(o, next);
	if (err == SGN_OK) {
		err = sgn__txn_save(r->txn, o);
	}
	if (err == SGN_OK) {
		size_t len = sgn__nsec3_rdata(&r->p, next, name, r->sc.types, r->sc.rdata);
		err = set_nsec3(r, o, r->sc.rdata, len);
	}
	return err;
}

static sgn_err_t mend(struct sgn__repair *r, const struct sgn__saved *s, sgn_diag_t *diag)
{
	sgn_zone_t *z = r->zone;
	const sgn_node_t *name = s->node;
	bool present = sgn__zone_lookup(z, name->name) == name;
	bool after = present && sgn__nsec3_wanted(name, r->p.opt_out), before = s->nsec3_before;
	if (!after && !before) {
		return SGN_OK;
	}
	uint8_t hash[SGN_NSEC3_HASH_LEN], owner[SGN_NAME_MAX];
	sgn_err_t err = sgn_nsec3_hash(hash, name->name, SGN_NSEC3_HASH_SHA1, r->p.salt,
	                               r->p.salt_len, r->p.iterations);
	if (err != SGN_OK) {
		return err;
	}
	if (sgn__nsec3_owner_name(hash, SGN_NSEC3_HASH_LEN, z->apex, owner) == 0) {
		return SGN_EZONE;
	}
	bool found;
	size_t pos = sgn__zone_n3_pos(z, owner, &found);
	sgn_node_t *o = found ? z->n3nodes[pos] : NULL;
	if (o != NULL && nsec3_of(o) == NULL) {
		o = NULL;
	}
	if (after && !before) {
		return o == NULL ? insert(r, name, owner, hash)
		                 : broken(diag, name, "NSEC3 hash collision with a name already in "
		                                      "the zone: re-sign with another salt");
	}
	if (o == NULL) {
		return broken(diag, name, "the zone's NSEC3 chain has no record for this name: "
		                          "re-sign the zone with sigil sign");
	}
	return after ? retype(r, o, name) : erase(r, o);
}

sgn_err_t sgn__repair_nsec3(struct sgn__repair *r, sgn_diag_t *diag)
{
	sgn_zone_t *z = r->zone;
	sgn_err_t err = SGN_OK;
	size_t n = r->txn->nsaved;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		const struct sgn__saved *s = &r->txn->saved[i];
		if (s->node->kind != SGN_NODE_NSEC3) {
			err = mend(r, s, diag);
		}
	}
	/* A new SOA TTL or minimum: every denial record takes the new TTL (RFC 9077). */
	for (size_t i = 0; err == SGN_OK && r->ttl_changed && i < z->nn3; i++) {
		const sgn_rdata_t *rd = nsec3_of(z->n3nodes[i]);
		if (rd != NULL && (err = sgn__txn_save(r->txn, z->n3nodes[i])) == SGN_OK) {
			memcpy(r->sc.rdata, rd->data, rd->len);
			err = set_nsec3(r, z->n3nodes[i], r->sc.rdata, rd->len);
		}
	}
	return err;
}
