/* SPDX-License-Identifier: MIT */
/* Which keys publish and which sign, at the signing time, from their BIND timing metadata
 * (RFC 7583 events), and which RRsets each signs: per algorithm, SEP keys sign the key
 * RRsets and the others the data; an algorithm with keys of only one kind uses them for
 * everything (a CSK). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/name.h>

#include "signer.h"

/* An event is "due" when it is set and not in the future. */
static bool due(const sgn_key_t *key, sgn_key_event_t ev, int64_t now)
{
	int64_t t;
	return sgn_key_get_time(key, &t, ev) && t <= now;
}

static bool set_in_future(const sgn_key_t *key, sgn_key_event_t ev, int64_t now)
{
	int64_t t;
	return sgn_key_get_time(key, &t, ev) && t > now;
}

static void warn_key(const struct sgn__signer *s, const sgn_key_t *key, const char *what)
{
	if (s->pol->warn != NULL) {
		char msg[200];
		snprintf(msg, sizeof(msg), "key %u (%s) %s", sgn_key_get_tag(key),
		         sgn_alg_mnemonic(sgn_key_get_algorithm(key)) != NULL
		                 ? sgn_alg_mnemonic(sgn_key_get_algorithm(key))
		                 : "unknown algorithm",
		         what);
		s->pol->warn(s->pol->warn_ctx, "", 0, msg);
	}
}

void sgn__signer_keys_release(struct sgn__signer *s)
{
	for (size_t i = 0; s->keys != NULL && i < s->nkeys; i++) {
		sgn_key_free(s->keys[i].key);
	}
	free(s->keys);
	s->keys = NULL;
	s->nkeys = 0;
	sgn_keylist_release(&s->published);
}

/* Published now: no Publish time or one that is due, and no Delete time that is due. */
static bool is_published(const sgn_key_t *key, int64_t now)
{
	return !set_in_future(key, SGN_KEY_PUBLISH, now) && !due(key, SGN_KEY_DELETE, now);
}

/* Timing that says on purpose "sign without the DNSKEY": published after it activates, or
 * deleted before it retires - the first and the last stage of an RFC 6781 §4.1.4
 * algorithm rollover (signatures before the DNSKEY on the way in, after it on the way out). */
static bool signs_unpublished(const sgn_key_t *key)
{
	int64_t p, a, i, d;
	bool in = sgn_key_get_time(key, &p, SGN_KEY_PUBLISH) && sgn_key_get_time(key, &a,
	                           SGN_KEY_ACTIVATE);
	bool out = sgn_key_get_time(key, &i, SGN_KEY_INACTIVE) && sgn_key_get_time(key, &d,
	                            SGN_KEY_DELETE);
	return (in && a < p) || (out && d < i);
}

/* Signing now: activated, not retired, not revoked, private half present; and published,
 * unless its timing says otherwise on purpose (see signs_unpublished()). */
static bool is_active(const sgn_key_t *key, int64_t now)
{
	return (is_published(key, now) || signs_unpublished(key)) &&
	       !set_in_future(key, SGN_KEY_ACTIVATE, now) && !due(key, SGN_KEY_INACTIVE, now);
}

static sgn_err_t add_signkey(struct sgn__signer *s, sgn_key_t *copy, bool revoked)
{
	struct sgn__signkey *k = &s->keys[s->nkeys++];
	memset(k, 0, sizeof(*k));
	k->key = copy;
	k->alg = sgn_key_get_algorithm(copy);
	k->tag = sgn_key_get_tag(copy);
	/* RFC 5011 §2.1: a revoked key signs the DNSKEY RRset, and nothing else. */
	k->signs_keys = revoked || sgn_key_is_sep(copy);
	k->signs_data = !revoked && !sgn_key_is_sep(copy);
	return SGN_OK;
}

/* A CSK: an algorithm whose active keys are all SEP, or all non-SEP, signs everything
 * with them. */
static void assign_roles(struct sgn__signer *s)
{
	for (size_t i = 0; i < s->nkeys; i++) {
		bool has_ksk = false, has_zsk = false;
		for (size_t j = 0; j < s->nkeys; j++) {
			if (s->keys[j].alg != s->keys[i].alg ||
			    (sgn_key_get_flags(s->keys[j].key) & SGN_DNSKEY_REVOKE)) {
				continue;
			}
			has_ksk = has_ksk || sgn_key_is_sep(s->keys[j].key);
			has_zsk = has_zsk || !sgn_key_is_sep(s->keys[j].key);
		}
		if (sgn_key_get_flags(s->keys[i].key) & SGN_DNSKEY_REVOKE) {
			continue;
		}
		if (!has_zsk) {
			s->keys[i].signs_data = true;
		}
		if (!has_ksk) {
			s->keys[i].signs_keys = true;
		}
	}
}

/* RFC 4035 §2.2: each algorithm in the DNSKEY RRset must sign every RRset, so a published
 * key's algorithm needs an active key. */
static sgn_err_t check_algorithms(struct sgn__signer *s)
{
	for (size_t i = 0; i < s->published.count; i++) {
		const sgn_key_t *pk = s->published.keys[i];
		uint8_t alg = sgn_key_get_algorithm(pk);
		bool data = false, keys = false;
		for (size_t j = 0; j < s->nkeys; j++) {
			if (s->keys[j].alg == alg) {
				data = data || s->keys[j].signs_data;
				keys = keys || s->keys[j].signs_keys;
			}
		}
		if (!data || !keys) {
			return sgn_diag_set(s->diag, SGN_EKEY, "", 0,
			                    "key %u publishes algorithm %u (%s) but no active key of "
			                    "that algorithm signs %s (RFC 4035 section 2.2)",
			                    sgn_key_get_tag(pk), alg,
			                    sgn_alg_mnemonic(alg) ? sgn_alg_mnemonic(alg) : "?",
			                    !data ? "the zone data" : "the DNSKEY RRset");
		}
	}
	return SGN_OK;
}

/* RFC 4034 §2.1.1 makes the SEP bit a hint for validators, but verifiers (dnssec-verify,
 * ldns-verify-zone, sgn_zone_verify without anchors) and parents' DS tooling want the
 * DNSKEY RRset signed by a key that carries it: a zone signed only by ZSKs is one they
 * reject, so it is not written. */
static sgn_err_t check_sep(struct sgn__signer *s)
{
	for (size_t i = 0; i < s->nkeys; i++) {
		if (s->keys[i].signs_keys && sgn_key_is_sep(s->keys[i].key) &&
		    !(sgn_key_get_flags(s->keys[i].key) & SGN_DNSKEY_REVOKE)) {
			return SGN_OK;
		}
	}
	return sgn_diag_set(s->diag, SGN_EKEY, "", 0,
	                    "no active key with the SEP bit (a KSK or a CSK) to sign the DNSKEY "
	                    "RRset: verifiers reject a zone whose keys are all ZSKs");
}

static sgn_err_t take_key(struct sgn__signer *s, const sgn_key_t *key)
{
	int64_t now = s->pol->now;
	char zone[SGN_NAME_STR_MAX];
	if (!sgn_name_equal(sgn_key_get_owner(key), s->zone->apex)) {
		if (sgn_name_to_str(zone, sizeof(zone), sgn_key_get_owner(key)) != SGN_OK) {
			zone[0] = '\0';
		}
		return sgn_diag_set(s->diag, SGN_EKEY, "", 0, "key %u is for zone '%s', not this zone",
		                    sgn_key_get_tag(key), zone);
	}
	if (!(sgn_key_get_flags(key) & SGN_DNSKEY_ZONE)) {
		warn_key(s, key, "has no ZONE flag: left out");
		return SGN_OK;
	}
	bool published = is_published(key, now);
	if (!published && !is_active(key, now)) {
		return SGN_OK;
	}
	sgn_key_t *copy;
	sgn_err_t err = sgn_key_dup(&copy, key);
	if (err != SGN_OK) {
		return err;
	}
	bool revoked = due(key, SGN_KEY_REVOKE, now) ||
	               (sgn_key_get_flags(key) & SGN_DNSKEY_REVOKE) != 0;
	if (revoked && (err = sgn_key_set_flags(copy, sgn_key_get_flags(copy) |
	                                                  SGN_DNSKEY_REVOKE)) != SGN_OK) {
		sgn_key_free(copy);
		return err;
	}
	bool active = is_active(key, now) && sgn_alg_can_sign(sgn_key_get_algorithm(key));
	if (active && !sgn_key_has_private(key)) {
		warn_key(s, key, "is active but its private key is missing: published only");
		active = false;
	}
	if (!active) {
		if (published) {
			return sgn_keylist_add_take(&s->published, copy);
		}
		sgn_key_free(copy);
		return SGN_OK;
	}
	sgn_key_t *signing;
	err = sgn_key_dup(&signing, copy);
	if (err == SGN_OK) {
		err = add_signkey(s, signing, revoked);
	}
	if (err == SGN_OK && published) {
		err = sgn_keylist_add_take(&s->published, copy);
	} else {
		sgn_key_free(copy);
	}
	return err;
}

sgn_err_t sgn__signer_keys(struct sgn__signer *s, const sgn_keylist_t *keys)
{
	sgn_keylist_init(&s->published);
	s->all = keys;
	s->keys = calloc(keys->count + 1, sizeof(*s->keys));
	if (s->keys == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < keys->count; i++) {
		sgn_err_t err = take_key(s, keys->keys[i]);
		if (err != SGN_OK) {
			return err;
		}
	}
	if (s->nkeys == 0) {
		return sgn_diag_set(s->diag, SGN_EKEY, "", 0,
		                    "no active key to sign with (check the keys' timing and private "
		                    "key files)");
	}
	assign_roles(s);
	sgn_err_t err = check_algorithms(s);
	return err == SGN_OK ? check_sep(s) : err;
}
