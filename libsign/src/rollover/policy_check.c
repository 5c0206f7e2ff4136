/* SPDX-License-Identifier: MIT */
/* BIND's default policy, and the checks a policy must pass before sigil plans with it:
 * those BIND 9.18 makes (signatures-refresh against the validities, a KSK and a ZSK role for
 * every algorithm; the algorithms NSEC3 excludes are refused earlier, as sigil cannot sign
 * with them) and one it makes only loosely:
 * a key's lifetime must cover the whole rollover that replaces it, so that rollovers of one
 * role never overlap. */
#include <stdio.h>
#include <string.h>

#include <libsign/alg.h>

#include "policy.h"
#include "roll.h"

void sgn_policy_init(sgn_policy_t *p)
{
	memset(p, 0, sizeof(*p));
	snprintf(p->name, sizeof(p->name), "default");
	/* BIND 9.18 lib/dns/include/dns/kasp.h defaults (facts, from its ARM and source). */
	p->keys[0] = (sgn_policy_key_t){ .role = SGN_ROLE_CSK, .algorithm = SGN_ALG_ECDSAP256SHA256 };
	p->nkeys = 1;
	p->dnskey_ttl = 3600;
	p->max_zone_ttl = 86400;
	p->publish_safety = 3600;
	p->retire_safety = 3600;
	p->purge_keys = 90 * 86400;
	p->zone_propagation_delay = 300;
	p->parent_ds_ttl = 86400;
	p->parent_propagation_delay = 3600;
	p->signatures_validity = 14 * 86400;
	p->signatures_validity_dnskey = 14 * 86400;
	p->signatures_refresh = 5 * 86400;
	p->signing_delay = p->signatures_validity - p->signatures_refresh;
	p->cds_digests[0] = SGN_DIGEST_SHA256;
	p->ncds_digests = 1;
	p->zsk_method = SGN_ROLL_ZSK_PRE_PUBLICATION;
	p->ksk_method = SGN_ROLL_KSK_DOUBLE_KSK;
}

static int64_t interval(const struct sgn__intervals *iv, const struct sgn__act *a)
{
	return a->up ? iv->pub[a->rec] : iv->ret[a->rec];
}

/* The wait before stage @p s: the longest interval of the changes of stage s - 1 (the
 * stages before it had settled when s - 1 started). */
static int64_t stage_wait(const struct sgn__intervals *iv, const struct sgn__method_def *m,
                          size_t s)
{
	int64_t w = 0;
	for (size_t i = 0; s > 0 && i < m->stages[s - 1].nacts; i++) {
		w = SGN_MAX(w, interval(iv, &m->stages[s - 1].acts[i]));
	}
	return w;
}

/* The waits before stages 1 to @p last (nstages: until the last stage's changes settle). */
static int64_t waits(const sgn_policy_t *p, sgn_roll_method_t method, size_t last)
{
	struct sgn__intervals iv;
	const struct sgn__method_def *m = sgn__method(method);
	int64_t d = 0;
	sgn__intervals_init(&iv, p);
	for (size_t s = 1; s <= last && s <= m->nstages; s++) {
		d += stage_wait(&iv, m, s);
	}
	return d;
}

int64_t sgn__roll_duration(const sgn_policy_t *p, sgn_roll_method_t method)
{
	return waits(p, method, sgn__method(method)->nstages);
}

int64_t sgn__roll_lead(const sgn_policy_t *p, sgn_roll_method_t method)
{
	const struct sgn__method_def *m = sgn__method(method);
	return waits(p, method, m->takeover < m->nstages ? m->takeover : m->nstages - 1);
}

static sgn_roll_method_t role_method(const sgn_policy_t *p, unsigned role)
{
	return role == SGN_ROLE_CSK ? SGN_ROLL_CSK : role == SGN_ROLE_KSK ? p->ksk_method : p->zsk_method;
}

static sgn_err_t check_lifetimes(const sgn_policy_t *p, sgn_diag_t *diag)
{
	for (size_t i = 0; i < p->nkeys; i++) {
		const sgn_policy_key_t *k = &p->keys[i];
		sgn_roll_method_t m = role_method(p, k->role);
		int64_t need = sgn__roll_duration(p, m);
		if (k->lifetime != 0 && k->lifetime < need) {
			char a[32], b[32];
			return sgn_diag_set(diag, SGN_EPARSE, p->file, k->line,
			                    "%s lifetime %s is shorter than one %s rollover (%s): the "
			                    "next would start before this one ends",
			                    sgn_role_name(k->role), sgn_duration_str(a,
			                                  k->lifetime),
			                    sgn_roll_method_name(m), sgn_duration_str(b, need));
		}
	}
	return SGN_OK;
}

static sgn_err_t check_roles(const sgn_policy_t *p, sgn_diag_t *diag)
{
	for (size_t i = 0; i < p->nkeys; i++) {
		unsigned roles = 0;
		for (size_t j = 0; j < p->nkeys; j++) {
			if (p->keys[j].algorithm == p->keys[i].algorithm) {
				roles |= p->keys[j].role;
			}
		}
		if (roles != SGN_ROLE_CSK) {
			return sgn_diag_set(diag, SGN_EPARSE, p->file, p->keys[i].line,
			                    "algorithm %s has no %s: every algorithm needs a KSK and a ZSK "
			                    "role (or a CSK)",
			                    sgn_alg_mnemonic(p->keys[i].algorithm),
			                    roles & SGN_ROLE_KSK ? "ZSK" : "KSK");
		}
	}
	return SGN_OK;
}

sgn_err_t sgn__policy_check(const sgn_policy_t *p, sgn_diag_t *diag)
{
	/* BIND: the refresh must leave a tenth of each validity. */
	if (p->signatures_refresh * 10 >= p->signatures_validity * 9 ||
	    p->signatures_refresh * 10 >= p->signatures_validity_dnskey * 9) {
		return sgn_diag_set(diag, SGN_EPARSE, p->file, p->line,
		                    "signatures-refresh must be at most 90%% of signatures-validity "
		                    "and signatures-validity-dnskey");
	}
	if (p->signing_delay > p->signatures_validity) {
		return sgn_diag_set(diag, SGN_EPARSE, p->file, p->line,
		                    "signing-delay is longer than signatures-validity");
	}
	sgn_err_t err = check_roles(p, diag);
	return err == SGN_OK ? check_lifetimes(p, diag) : err;
}
