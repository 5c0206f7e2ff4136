/* SPDX-License-Identifier: MIT */
/* The cache simulator: what any validating resolver may hold at any instant, and whether
 * every combination of it validates.
 *
 * Each published RRset is a sequence of versions; a resolver may hold a version from the
 * moment it is published until it was withdrawn plus the propagation delay (a slow
 * secondary still serves it) plus its TTL - and for the zone's data plus the signing delay
 * too (an incremental signer replaces old signatures RRset by RRset). The versions a cache
 * may hold change only at those instants, so checking every combination at each of them
 * checks every instant. A combination validates when a DS of the DS version matches a key
 * of the DNSKEY version that signs it, and the data version is signed by a key of the
 * DNSKEY version; the strict model also asks what RFC 6840 §5.11 asks of the zone, seen
 * through the cache: every DS algorithm has such a key, and every DNSKEY algorithm signs
 * the DNSKEY RRset and the data (the reason for RFC 6781 §4.1.4's order). An empty DS set
 * is an insecure delegation: nothing to check. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/time.h>

#include "roll.h"

enum { S_DS = 0, S_DNSKEY, S_DATA, S_NEG, S__COUNT };

struct stream {
	sgn_sim_version_t *v;
	size_t n, cap;
	int64_t hold;
};

struct sim {
	const sgn_timeline_t *tl;
	const sgn_sim_opts_t *o;
	struct stream s[S__COUNT];
	sgn_sim_result_t *res;
};

const char *sgn_sim_link_name(sgn_sim_link_t link)
{
	static const char *const names[] = { "ok", "ds-dnskey", "ds-algorithm", "dnskey-algorithm",
		                             "data-signature", "data-algorithm" };
	_Static_assert(ARRAY_LEN(names) == SGN_SIM_LINK__COUNT, "one name per link");
	return (unsigned)link < ARRAY_LEN(names) ? names[link] : "?";
}

void sgn_sim_opts_from_policy(sgn_sim_opts_t *o, const sgn_policy_t *p)
{
	memset(o, 0, sizeof(*o));
	o->dnskey_ttl = p->dnskey_ttl;
	o->max_zone_ttl = p->max_zone_ttl;
	o->negative_ttl = p->max_zone_ttl;
	o->parent_ds_ttl = p->parent_ds_ttl;
	o->zone_propagation_delay = p->zone_propagation_delay;
	o->parent_propagation_delay = p->parent_propagation_delay;
	o->signing_delay = p->signing_delay;
	o->from = INT64_MIN;
}

/* -- versions -- */

static sgn_err_t push(struct stream *s, int64_t from, uint64_t keys, uint64_t signers)
{
	if (s->n > 0) {
		sgn_sim_version_t *last = &s->v[s->n - 1];
		if (last->keys == keys && last->signers == signers) {
			return SGN_OK;
		}
		last->until = from;
		last->cached_until = from + s->hold;
	}
	if (sgn__grow(&s->v, &s->cap, s->n + 1, sizeof(*s->v), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	int64_t start = s->n == 0 ? INT64_MIN : from;
	s->v[s->n] = (sgn_sim_version_t){ start, INT64_MAX, INT64_MAX, keys, signers };
	s->n++;
	return SGN_OK;
}

static sgn_err_t build_versions(struct sim *m)
{
	uint64_t on[SGN_REC__COUNT] = { 0 };
	size_t n = sgn_timeline_event_count(m->tl);
	sgn_err_t err = SGN_OK;
	int64_t first;
	size_t k0;
	sgn_rec_t r0;
	bool u0;
	/* Before the first instant nothing was published, unless the timeline says "always". */
	if (sgn_timeline_get_event(m->tl, &first, &k0, &r0, &u0, 0) && first != INT64_MIN) {
		for (int s = 0; s < S__COUNT && err == SGN_OK; s++) {
			err = push(&m->s[s], INT64_MIN, 0, 0);
		}
	}
	for (size_t i = 0; i < n && err == SGN_OK;) {
		int64_t t0, t;
		size_t key;
		sgn_rec_t rec;
		bool up;
		sgn_timeline_get_event(m->tl, &t0, &key, &rec, &up, i);
		for (t = t0; i < n && sgn_timeline_get_event(m->tl, &t, &key, &rec, &up,
		     i) && t == t0; i++) {
			on[rec] = up ? on[rec] | (UINT64_C(1) << key) : on[rec] & ~(UINT64_C(1) << key);
		}
		err = push(&m->s[S_DS], t0, on[SGN_REC_DS], 0);
		if (err == SGN_OK) {
			err = push(&m->s[S_DNSKEY], t0, on[SGN_REC_DNSKEY], on[SGN_REC_KRRSIG]);
		}
		if (err == SGN_OK) {
			err = push(&m->s[S_DATA], t0, on[SGN_REC_ZRRSIG], 0);
		}
		if (err == SGN_OK) {
			err = push(&m->s[S_NEG], t0, on[SGN_REC_ZRRSIG], 0);
		}
	}
	return err;
}

/* -- checks -- */

static uint8_t alg_of(const struct sim *m, size_t k)
{
	return sgn__timeline_key_alg(m->tl, k);
}

/* An algorithm of the keys in @p need with none in @p have, 0 when every one has. */
static uint8_t missing_alg(const struct sim *m, uint64_t need, uint64_t have)
{
	for (size_t k = 0; k < 64; k++) {
		if (!(need >> k & 1)) {
			continue;
		}
		bool found = false;
		for (size_t j = 0; j < 64 && !found; j++) {
			found = (have >> j & 1) && alg_of(m, j) == alg_of(m, k);
		}
		if (!found) {
			return alg_of(m, k);
		}
	}
	return 0;
}

static sgn_sim_link_t check_keys(const struct sim *m, const sgn_sim_version_t *d,
                                 const sgn_sim_version_t *k, uint8_t *alg)
{
	uint64_t entry = d->keys & k->keys & k->signers;
	if (entry == 0) {
		return SGN_SIM_DS_DNSKEY;
	}
	if (m->o->lenient) {
		return SGN_SIM_OK;
	}
	if ((*alg = missing_alg(m, d->keys, entry)) != 0) {
		return SGN_SIM_DS_ALGORITHM;
	}
	if ((*alg = missing_alg(m, k->keys, k->keys & k->signers)) != 0) {
		return SGN_SIM_DNSKEY_ALGORITHM;
	}
	return SGN_SIM_OK;
}

static sgn_sim_link_t check_data(const struct sim *m, const sgn_sim_version_t *k,
                                 const sgn_sim_version_t *z, uint8_t *alg)
{
	uint64_t good = z->keys & k->keys;
	if (good == 0) {
		return SGN_SIM_DATA_SIGNATURE;
	}
	if (!m->o->lenient && (*alg = missing_alg(m, k->keys, good)) != 0) {
		return SGN_SIM_DATA_ALGORITHM;
	}
	return SGN_SIM_OK;
}

/* -- the counterexample in words -- */

static void names(const struct sim *m, uint64_t mask, char *buf, size_t cap)
{
	size_t k = (size_t)snprintf(buf, cap, "{");
	bool first = true;
	for (size_t i = 0; i < 64 && k < cap; i++) {
		if (mask >> i & 1) {
			k += (size_t)snprintf(buf + k, cap - k, "%s%s", first ? "" : ", ",
			                      sgn__timeline_key_name(m->tl, i));
			first = false;
		}
	}
	if (k < cap) {
		snprintf(buf + k, cap - k, "}");
	}
}

static const char *when(int64_t t, char *buf)
{
	if (t == INT64_MIN || t == INT64_MAX) {
		snprintf(buf, SGN_TIME_STR_MAX, "%s", t == INT64_MIN ? "ever" : "-");
		return buf;
	}
	return sgn_time_to_str(buf, t);
}

static void describe(const struct sim *m)
{
	sgn_sim_result_t *r = m->res;
	static const char *const why[] = {
		[SGN_SIM_DS_DNSKEY] = "no DS matches a key of the DNSKEY set that signs it",
		[SGN_SIM_DS_ALGORITHM] = "the DS set names an algorithm with no key signing the "
		                         "DNSKEY set",
		[SGN_SIM_DNSKEY_ALGORITHM] = "an algorithm of the DNSKEY set does not sign it",
		[SGN_SIM_DATA_SIGNATURE] = "no key of the DNSKEY set signed the RRset",
		[SGN_SIM_DATA_ALGORITHM] = "an algorithm of the DNSKEY set did not sign the RRset",
	};
	char ds[160], dk[160], sg[160], zs[160], t[SGN_TIME_STR_MAX], u[SGN_TIME_STR_MAX],
		v[SGN_TIME_STR_MAX];
	names(m, r->ds.keys, ds, sizeof(ds));
	names(m, r->dnskey.keys, dk, sizeof(dk));
	names(m, r->dnskey.signers, sg, sizeof(sg));
	names(m, r->data.keys, zs, sizeof(zs));
	int n = snprintf(r->message, sizeof(r->message),
	                 "at %s a resolver may hold the DS set %s (cached until %s), the DNSKEY set %s "
	                 "signed by %s (cached until %s)",
	                 when(r->time, t), ds, when(r->ds.cached_until, u), dk, sg,
	                 when(r->dnskey.cached_until, v));
	if (n > 0 && (size_t)n < sizeof(r->message) && r->link >= SGN_SIM_DATA_SIGNATURE) {
		n += snprintf(r->message + n, sizeof(r->message) - (size_t)n,
		              " and %s signed by %s (cached until %s)",
		              r->negative ? "a negative answer" : "an RRset", zs,
		              when(r->data.cached_until, u));
	}
	if (n > 0 && (size_t)n < sizeof(r->message) && r->algorithm != 0) {
		n += snprintf(r->message + n, sizeof(r->message) - (size_t)n, ": %s (algorithm %u, %s)",
		              why[r->link], r->algorithm, sgn_sim_link_name(r->link));
	} else if (n > 0 && (size_t)n < sizeof(r->message)) {
		n += snprintf(r->message + n, sizeof(r->message) - (size_t)n, ": %s (%s)", why[r->link],
		              sgn_sim_link_name(r->link));
	}
}

static bool fail(struct sim *m, int64_t t, sgn_sim_link_t link, uint8_t alg,
                 const sgn_sim_version_t *d, const sgn_sim_version_t *k,
                 const sgn_sim_version_t *z, bool negative)
{
	sgn_sim_result_t *r = m->res;
	r->safe = false;
	r->time = t;
	r->link = link;
	r->algorithm = link == SGN_SIM_DS_DNSKEY || link == SGN_SIM_DATA_SIGNATURE ? 0 : alg;
	r->ds = *d;
	r->dnskey = *k;
	if (z != NULL) {
		r->data = *z;
	}
	r->negative = negative;
	describe(m);
	return false;
}

static bool cacheable(const sgn_sim_version_t *v, int64_t t)
{
	return v->from <= t && t < v->cached_until;
}

/* Every combination at instant @p t; false at the first that breaks. */
static bool check_instant(struct sim *m, int64_t t)
{
	const struct stream *ds = &m->s[S_DS], *dk = &m->s[S_DNSKEY];
	m->res->instants++;
	for (size_t i = 0; i < ds->n; i++) {
		const sgn_sim_version_t *d = &ds->v[i];
		for (size_t j = 0; cacheable(d, t) && j < dk->n; j++) {
			const sgn_sim_version_t *k = &dk->v[j];
			uint8_t alg = 0;
			if (!cacheable(k, t)) {
				continue;
			}
			m->res->combinations++;
			if (d->keys == 0) {
				continue; /* insecure delegation */
			}
			sgn_sim_link_t link = check_keys(m, d, k, &alg);
			if (link != SGN_SIM_OK) {
				return fail(m, t, link, alg, d, k, NULL, false);
			}
			for (int s = S_DATA; s <= S_NEG; s++) {
				for (size_t z = 0; z < m->s[s].n; z++) {
					const sgn_sim_version_t *zv = &m->s[s].v[z];
					if (!cacheable(zv, t)) {
						continue;
					}
					m->res->combinations++;
					if ((link = check_data(m, k, zv, &alg)) != SGN_SIM_OK) {
						return fail(m, t, link, alg, d, k, zv, s == S_NEG);
					}
				}
			}
		}
	}
	return true;
}

static int cmp_time(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

static sgn_err_t run(struct sim *m)
{
	size_t n = 1;
	for (int s = 0; s < S__COUNT; s++) {
		n += 2 * m->s[s].n;
	}
	int64_t *at = malloc(n * sizeof(*at));
	if (at == NULL) {
		return SGN_ENOMEM;
	}
	size_t k = 0;
	int64_t lo = m->o->from;
	for (int s = 0; s < S__COUNT; s++) {
		for (size_t i = 0; i < m->s[s].n; i++) {
			const sgn_sim_version_t *v = &m->s[s].v[i];
			if (v->from != INT64_MIN) {
				at[k++] = v->from;
			}
			if (v->cached_until != INT64_MAX) {
				at[k++] = v->cached_until;
			}
		}
	}
	qsort(at, k, sizeof(*at), cmp_time);
	/* The first instant checked: @p from, or just before anything changes (the state that
	 * was there always). */
	if (lo != INT64_MIN) {
		at[k++] = lo;
	} else {
		int64_t before = k > 0 && at[0] != INT64_MAX ? at[0] - 1 : 0;
		at[k++] = before;
	}
	qsort(at, k, sizeof(*at), cmp_time);
	for (size_t i = 0; i < k; i++) {
		if ((i > 0 && at[i] == at[i - 1]) || at[i] < lo || at[i] == INT64_MAX) {
			continue;
		}
		if (!check_instant(m, at[i])) {
			break;
		}
	}
	free(at);
	return SGN_OK;
}

sgn_err_t sgn_simulate(sgn_sim_result_t *res, const sgn_timeline_t *tl, const sgn_sim_opts_t *opts)
{
	struct sim m = { .tl = tl, .o = opts, .res = res };
	memset(res, 0, sizeof(*res));
	res->safe = true;
	if (sgn_timeline_event_count(tl) == 0) {
		return SGN_EINVAL;
	}
	m.s[S_DS].hold = opts->parent_ds_ttl + opts->parent_propagation_delay;
	m.s[S_DNSKEY].hold = opts->dnskey_ttl + opts->zone_propagation_delay;
	m.s[S_DATA].hold = opts->signing_delay + opts->zone_propagation_delay + opts->max_zone_ttl;
	m.s[S_NEG].hold = opts->signing_delay + opts->zone_propagation_delay +
	                  (opts->negative_ttl > 0 ? opts->negative_ttl : opts->max_zone_ttl);
	sgn_err_t err = build_versions(&m);
	if (err == SGN_OK) {
		err = run(&m);
	}
	for (int s = 0; s < S__COUNT; s++) {
		free(m.s[s].v);
	}
	return err;
}
