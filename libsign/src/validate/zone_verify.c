/* SPDX-License-Identifier: MIT */
/* sgn_zone_verify(): every RRSIG and the coverage of every authoritative RRset, on the
 * worker pool; then the denial chain and ZONEMD; then the aggregated warnings. */
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/time.h>

#include "../pool/pool.h"
#include "verify.h"

#define VERIFY_CHUNK 256

void sgn_limits_init(sgn_limits_t *l)
{
	l->keys_per_tag = 4;
	l->sigs_per_rrset = 8;
	l->nsec3_iterations = 150;
	l->nsec3_hashes = 32;
	l->work = 0;
}

void sgn_verify_opts_init(sgn_verify_opts_t *o, int64_t now)
{
	memset(o, 0, sizeof(*o));
	o->now = now;
	o->expire_within = 7 * 86400;
	sgn_limits_init(&o->limits);
}

/* -- the apex keys -- */

static void key_warnings(struct sgn__verifier *vf)
{
	const sgn_zone_t *z = vf->zone;
	for (size_t i = 0; i < vf->keys.n; i++) {
		const sgn_key_t *k = vf->keys.keys[i];
		uint8_t alg = sgn_key_get_algorithm(k);
		uint16_t flags = sgn_key_get_flags(k);
		int tag = sgn_key_get_tag(k);
		if (!(flags & SGN_DNSKEY_ZONE)) {
			continue;
		}
		if (!sgn_alg_can_verify(alg)) {
			(void)sgn__vfind(vf->out, SGN_FIND_DNSKEY_ALGORITHM_UNSUPPORTED, z->apex,
			                 SGN_TYPE_DNSKEY, tag, alg, 0, NULL);
			continue;
		}
		if (sgn_alg_is_deprecated(alg)) {
			(void)sgn__vfind(vf->out, SGN_FIND_ALGORITHM_DEPRECATED, z->apex, SGN_TYPE_DNSKEY,
			                 tag, alg, 0, "%s", sgn_alg_mnemonic(alg));
		}
		unsigned bits = sgn_key_get_bits(k);
		bool rsa = alg == SGN_ALG_RSASHA1 || alg == SGN_ALG_RSASHA1_NSEC3_SHA1 ||
		           alg == SGN_ALG_RSASHA256 || alg == SGN_ALG_RSASHA512;
		if (rsa && bits > 0 && bits < 2048) {
			(void)sgn__vfind(vf->out, SGN_FIND_RSA_KEY_SHORT, z->apex, SGN_TYPE_DNSKEY, tag, alg,
			                 0, "%u bits", bits);
		}
		/* RFC 4035 §2.2: every algorithm of the DNSKEY RRset signs every RRset (revoked keys
		 * only sign the DNSKEY RRset, and do not count). */
		if (!(flags & SGN_DNSKEY_REVOKE)) {
			sgn__alg_set(vf->required, alg);
		}
	}
}

/* -- one node -- */

/* Which RRset a summary line names when several qualify: the earlier time, then the first
 * in canonical order, then the lower type; never the one a worker happened to see first,
 * so that the report is the same for any thread count. */
static bool named_first(int64_t t, const uint8_t *owner, uint16_t type, int64_t best_t,
                        const uint8_t *best_owner, uint16_t best_type)
{
	if (t != best_t) {
		return t < best_t;
	}
	int c = sgn_name_compare(owner, best_owner);
	return c != 0 ? c < 0 : type < best_type;
}

static void note_result(struct sgn__verifier *vf, struct sgn__vworker *w,
                        const sgn_zone_rrset_t *rs, const struct sgn__rrset_result *res)
{
	const sgn_rrset_t *r = &rs->rrset;
	int64_t now = vf->opts->now;
	if (res->has_expiry &&
	    (!w->has_expiry || named_first(res->earliest, r->owner, r->type, w->earliest,
	                                   w->earliest_owner, w->earliest_type))) {
		w->has_expiry = true;
		w->earliest = res->earliest;
		w->earliest_owner = r->owner;
		w->earliest_type = r->type;
	}
	if (!res->has_valid_expiry) {
		return;
	}
	if (res->valid_earliest - now < vf->opts->expire_within) {
		w->expiring++;
		if (!w->has_expiring ||
		    named_first(res->valid_earliest, r->owner, r->type, w->earliest_expiring,
		                w->expiring_owner, w->expiring_type)) {
			w->has_expiring = true;
			w->earliest_expiring = res->valid_earliest;
			w->expiring_owner = r->owner;
			w->expiring_type = r->type;
		}
	}
	/* A resolver may cache the data longer than its signatures are valid. */
	int64_t left = res->valid_earliest - now;
	if ((int64_t)r->ttl > left) {
		w->ttl_long++;
		/* The DNSKEY RRset first: its TTL outliving its signatures strands validators. */
		if (!w->has_ttl_long ||
		    named_first(r->type != SGN_TYPE_DNSKEY, r->owner, r->type,
		                w->ttl_type != SGN_TYPE_DNSKEY, w->ttl_owner, w->ttl_type)) {
			w->has_ttl_long = true;
			w->ttl_owner = r->owner;
			w->ttl_type = r->type;
			w->ttl_value = r->ttl;
			w->ttl_left = left;
		}
	}
}

/* RFC 4035 §2.2: each algorithm of the DNSKEY RRset must have a valid signature; an
 * algorithm whose RRSIGs are all broken is reported by those RRSIGs' own findings. */
static sgn_err_t coverage(struct sgn__verifier *vf, struct sgn__vworker *w,
                          const sgn_zone_rrset_t *rs, const struct sgn__rrset_result *res)
{
	const sgn_rrset_t *r = &rs->rrset;
	if (rs->sig_count == 0) {
		return sgn__vfind(&w->findings, SGN_FIND_RRSET_UNSIGNED, r->owner, r->type, -1, 0, 0,
		                  NULL);
	}
	if (res->limited) {
		return SGN_OK;
	}
	uint8_t present[32] = { 0 };
	for (size_t i = 0; i < rs->sig_count; i++) {
		if (rs->sigs[i].len > 2) {
			sgn__alg_set(present, rs->sigs[i].data[2]);
		}
	}
	sgn_err_t err = SGN_OK;
	for (unsigned alg = 0; alg < 256 && err == SGN_OK; alg++) {
		if (sgn__alg_bit(vf->required, (uint8_t)alg) && !sgn__alg_bit(res->algs, (uint8_t)alg) &&
		    !sgn__alg_bit(present, (uint8_t)alg)) {
			err = sgn__vfind(&w->findings, SGN_FIND_RRSET_ALGORITHM_MISSING, r->owner, r->type, -1,
			                 (int)alg, 0, "no %s signature",
			                 sgn_alg_mnemonic((uint8_t)alg) ? sgn_alg_mnemonic((uint8_t)alg)
			                                                : "?");
		}
	}
	return err;
}

/* Does a signature by @p key vouch for the DNSKEY RRset: a SEP key (not revoked), or a key
 * matching the anchors when there are some? */
static bool vouches(const struct sgn__verifier *vf, const sgn_key_t *key)
{
	const sgn_anchors_t *anchors = vf->opts->anchors;
	sgn_rdata_t rd = sgn_key_get_rdata(key);
	return anchors != NULL ? sgn_anchors_match(anchors, vf->zone->apex, rd.data, rd.len)
	                       : sgn_key_is_sep(key) && !(sgn_key_get_flags(key) & SGN_DNSKEY_REVOKE);
}

/* The DNSKEY RRset needs a signature by a SEP key, or by a key matching the anchors. A
 * signature by such a key that is only out of its validity period has its own finding
 * (expired, not yet valid), which says what is wrong; this one would only mislead. */
static sgn_err_t dnskey_signer(struct sgn__verifier *vf, struct sgn__vworker *w,
                               const bool *key_valid, const bool *key_timed)
{
	for (size_t k = 0; k < vf->keys.n; k++) {
		if ((key_valid[k] || key_timed[k]) && vouches(vf, vf->keys.keys[k])) {
			return SGN_OK;
		}
	}
	return sgn__vfind(&w->findings,
	                  vf->opts->anchors != NULL ? SGN_FIND_DNSKEY_NOT_ANCHORED
	                                            : SGN_FIND_DNSKEY_NOT_SEP_SIGNED,
	                  vf->zone->apex, SGN_TYPE_DNSKEY, -1, 0, 0, NULL);
}

/* DS, CDS, DNSKEY and CDNSKEY records must fit the algorithm table (digest lengths, key
 * sizes): the loader refuses them for signing, verify reports them. */
static sgn_err_t check_dnssec_rdata(struct sgn__vworker *w, const sgn_rrset_t *r)
{
	bool ds = r->type == SGN_TYPE_DS || r->type == SGN_TYPE_CDS;
	if (!ds && r->type != SGN_TYPE_DNSKEY && r->type != SGN_TYPE_CDNSKEY) {
		return SGN_OK;
	}
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < r->count; i++) {
		const sgn_rdata_t *rd = &r->rdata[i];
		char why[128];
		err = ds ? sgn_alg_check_ds(why, sizeof(why), rd->data, rd->len)
		         : sgn_alg_check_dnskey(why, sizeof(why), rd->data, rd->len, true);
		if (err == SGN_EPARSE) {
			int tag = rd->len >= 2 ? (ds ? sgn__get16(rd->data) : sgn_keytag(rd->data, rd->len))
			                       : -1;
			err = sgn__vfind(&w->findings,
			                 ds ? SGN_FIND_DSC_DIGEST_LENGTH : SGN_FIND_DNSKEY_KEY_SIZE,
			                 r->owner, r->type, tag, rd->len >= 4 ? rd->data[2 + !ds] : 0, 0,
			                 "%s", why);
		}
	}
	return err;
}

static sgn_err_t check_rrset(struct sgn__verifier *vf, struct sgn__vworker *w,
                             const sgn_node_t *node, const sgn_zone_rrset_t *rs)
{
	const sgn_rrset_t *r = &rs->rrset;
	sgn_err_t err0 = check_dnssec_rdata(w, r);
	if (err0 != SGN_OK) {
		return err0;
	}
	if (r->type == SGN_TYPE_RRSIG) { /* RRSIGs whose type is not here */
		return sgn__vfind(&w->findings, SGN_FIND_RRSIG_ORPHAN, r->owner, 0, -1, 0, 0,
		                  "%zu RRSIG records", r->count);
	}
	if (!sgn__rrset_is_authoritative(node, r->type)) {
		return rs->sig_count == 0 ? SGN_OK
		                          : sgn__vfind(&w->findings, SGN_FIND_RRSIG_UNEXPECTED, r->owner,
		                                       r->type, -1, 0, 0, "at a %s name",
		                                       sgn_node_kind_str((sgn_node_kind_t)node->kind));
	}
	bool is_dnskey = node == vf->zone->apex_node && r->type == SGN_TYPE_DNSKEY;
	/* For the DNSKEY RRset: which keys signed it (valid, or only out of time). */
	bool *key_valid = is_dnskey ? calloc(2 * (vf->keys.n + 1), sizeof(bool)) : NULL;
	struct sgn__rrset_check chk = { .zone_data = true, .allow_revoked = is_dnskey };
	struct sgn__rrset_result res;
	memset(&res, 0, sizeof(res));
	res.key_valid = key_valid;
	res.key_timed = key_valid != NULL ? key_valid + vf->keys.n + 1 : NULL;
	if (is_dnskey && key_valid == NULL) {
		return SGN_ENOMEM;
	}
	w->rrsets++;
	sgn_err_t err = sgn__rrset_validate(&w->v, rs, &vf->keys, &chk, &res);
	if (err == SGN_OK) {
		note_result(vf, w, rs, &res);
		err = coverage(vf, w, rs, &res);
	}
	if (err == SGN_OK && is_dnskey && !res.limited) {
		err = dnskey_signer(vf, w, res.key_valid, res.key_timed);
	}
	free(key_valid);
	return err;
}

static sgn_err_t check_node(struct sgn__verifier *vf, struct sgn__vworker *w,
                            const sgn_node_t *node)
{
	sgn_err_t err = SGN_OK;
	if (node->kind == SGN_NODE_OCCLUDED) {
		err = sgn__vfind(&w->findings, SGN_FIND_OCCLUDED_DATA, node->name, 0, -1, 0, 0, NULL);
	}
	for (size_t i = 0; err == SGN_OK && i < node->nrrsets; i++) {
		const sgn_zone_rrset_t *rs = &node->rrsets[i].v;
		uint16_t t = rs->rrset.type;
		if (node->kind == SGN_NODE_DELEGATION && t != SGN_TYPE_NS && t != SGN_TYPE_DS &&
		    t != SGN_TYPE_NSEC && t != SGN_TYPE_RRSIG && t != SGN_TYPE_A && t != SGN_TYPE_AAAA) {
			err = sgn__vfind(&w->findings, SGN_FIND_OCCLUDED_DATA, node->name, t, -1, 0, 0,
			                 "at a zone cut");
		}
		if (err == SGN_OK) {
			err = check_rrset(vf, w, node, rs);
		}
	}
	return err;
}

static sgn_err_t verify_job(void *ctx, unsigned worker, size_t job)
{
	struct sgn__verifier *vf = ctx;
	const sgn_zone_t *z = vf->zone;
	struct sgn__vworker *w = &vf->workers[worker];
	size_t end = SGN_MIN(z->nnodes + z->nn3, (job + 1) * vf->chunk);
	for (size_t i = job * vf->chunk; i < end; i++) {
		const sgn_node_t *node = i < z->nnodes ? z->nodes[i] : z->n3nodes[i - z->nnodes];
		sgn_err_t err = check_node(vf, w, node);
		if (err != SGN_OK) {
			return err;
		}
	}
	return SGN_OK;
}

/* -- putting it together -- */

static uint64_t count_sigs(const sgn_zone_t *z)
{
	uint64_t n = 0;
	for (size_t i = 0; i < z->nnodes + z->nn3; i++) {
		const sgn_node_t *node = i < z->nnodes ? z->nodes[i] : z->n3nodes[i - z->nnodes];
		for (size_t k = 0; k < node->nrrsets; k++) {
			n += node->rrsets[k].v.sig_count;
		}
	}
	return n;
}

static sgn_err_t workers_init(struct sgn__verifier *vf)
{
	vf->nworkers = sgn__pool_threads(vf->opts->threads);
	vf->workers = calloc(vf->nworkers, sizeof(*vf->workers));
	if (vf->workers == NULL) {
		return SGN_ENOMEM;
	}
	for (unsigned i = 0; i < vf->nworkers; i++) {
		struct sgn__vworker *w = &vf->workers[i];
		sgn_findings_init(&w->findings);
		w->findings.keep_per_code = vf->out->keep_per_code;
		sgn__vctx_init(&w->v, vf->opts->now, &vf->opts->limits, &vf->budget, &w->findings);
	}
	return SGN_OK;
}

/* One warning for all expiring signatures, one for all TTLs longer than validity left. */
static sgn_err_t aggregate(struct sgn__verifier *vf, sgn_verify_stats_t *st)
{
	struct sgn__vworker best = { 0 };
	sgn_err_t err = SGN_OK;
	for (unsigned i = 0; i < vf->nworkers; i++) {
		struct sgn__vworker *w = &vf->workers[i];
		st->rrsets += w->rrsets;
		st->signatures += w->v.examined;
		st->verifications += w->v.verifications;
		st->valid += w->v.valid;
		best.expiring += w->expiring;
		best.ttl_long += w->ttl_long;
		if (w->has_expiry &&
		    (!best.has_expiry || named_first(w->earliest, w->earliest_owner, w->earliest_type,
		                                     best.earliest, best.earliest_owner,
		                                     best.earliest_type))) {
			best.has_expiry = true;
			best.earliest = w->earliest;
			best.earliest_owner = w->earliest_owner;
			best.earliest_type = w->earliest_type;
		}
		if (w->has_expiring &&
		    (!best.has_expiring ||
		     named_first(w->earliest_expiring, w->expiring_owner, w->expiring_type,
		                 best.earliest_expiring, best.expiring_owner, best.expiring_type))) {
			best.has_expiring = true;
			best.earliest_expiring = w->earliest_expiring;
			best.expiring_owner = w->expiring_owner;
			best.expiring_type = w->expiring_type;
		}
		if (w->has_ttl_long &&
		    (!best.has_ttl_long ||
		     named_first(w->ttl_type != SGN_TYPE_DNSKEY, w->ttl_owner, w->ttl_type,
		                 best.ttl_type != SGN_TYPE_DNSKEY, best.ttl_owner, best.ttl_type))) {
			best.has_ttl_long = true;
			best.ttl_owner = w->ttl_owner;
			best.ttl_type = w->ttl_type;
			best.ttl_value = w->ttl_value;
			best.ttl_left = w->ttl_left;
		}
		if (err == SGN_OK) {
			err = sgn_findings_merge(vf->out, &w->findings);
		}
	}
	if (best.has_expiry) {
		st->has_expiry = true;
		st->earliest_expiry = best.earliest;
		memcpy(st->earliest_owner, best.earliest_owner,
		       sgn_name_len(best.earliest_owner, SGN_NAME_MAX));
		st->earliest_type = best.earliest_type;
	}
	if (err == SGN_OK && best.has_expiring) {
		char when[SGN_TIME_STR_MAX];
		err = sgn__vfind(vf->out, SGN_FIND_RRSIG_EXPIRING_SOON, best.expiring_owner,
		                 best.expiring_type, -1, 0, best.earliest_expiring,
		                 "%zu RRsets have signatures expiring within the warning period; the "
		                 "first at %s", best.expiring,
		                 sgn_time_to_str(when, best.earliest_expiring));
	}
	if (err == SGN_OK && best.has_ttl_long) {
		err = sgn__vfind(vf->out, SGN_FIND_TTL_EXCEEDS_VALIDITY, best.ttl_owner, best.ttl_type, -1,
		                 0, 0, "%zu RRsets; e.g. TTL %u with %lld s of validity left",
		                 best.ttl_long, best.ttl_value, (long long)best.ttl_left);
	}
	return err;
}

static void workers_release(struct sgn__verifier *vf)
{
	for (unsigned i = 0; vf->workers != NULL && i < vf->nworkers; i++) {
		sgn__vctx_release(&vf->workers[i].v);
		sgn_findings_release(&vf->workers[i].findings);
	}
	free(vf->workers);
	vf->workers = NULL;
}

static sgn_err_t load_keys(struct sgn__verifier *vf, sgn_verify_stats_t *st)
{
	const sgn_zone_t *z = vf->zone;
	const struct sgn__zrrset *dk = sgn__node_rrset(z->apex_node, SGN_TYPE_DNSKEY);
	static const sgn_rdata_t none[1];
	sgn_err_t err = sgn__keyset_init(&vf->keys, z->apex, dk != NULL ? dk->v.rrset.rdata : none,
	                                 dk != NULL ? dk->v.rrset.count : 0);
	if (err == SGN_OK && dk == NULL) {
		err = sgn__vfind(vf->out, SGN_FIND_DNSKEY_MISSING, z->apex, SGN_TYPE_DNSKEY, -1, 0, 0,
		                 NULL);
	}
	if (err == SGN_OK) {
		key_warnings(vf);
		for (unsigned a = 0; a < 256 && st->nalgorithms < sizeof(st->algorithms); a++) {
			if (sgn__alg_bit(vf->required, (uint8_t)a)) {
				st->algorithms[st->nalgorithms++] = (uint8_t)a;
			}
		}
	}
	return err;
}

sgn_err_t sgn_zone_verify(const sgn_zone_t *zone, sgn_findings_t *findings,
                          sgn_verify_stats_t *stats, const sgn_verify_opts_t *opts)
{
	sgn_verify_stats_t local;
	struct sgn__verifier vf;
	if (stats == NULL) {
		stats = &local;
	}
	memset(stats, 0, sizeof(*stats));
	memset(&vf, 0, sizeof(vf));
	vf.zone = zone;
	vf.opts = opts;
	vf.out = findings;
	vf.chunk = VERIFY_CHUNK;
	uint64_t sigs = count_sigs(zone);
	vf.budget.max = opts->limits.work != 0 ? opts->limits.work : 2 * sigs + 1000;
	atomic_init(&vf.budget.used, 0);
	atomic_init(&vf.budget.reported, false);
	for (size_t i = 0; i < zone->nnodes; i++) {
		stats->names += zone->nodes[i]->kind != SGN_NODE_EMPTY;
	}
	sgn_err_t err;
	if (sgn__verify_nsec3_over_limit(&vf, &err)) {
		stats->nsec3 = true;
		sgn_findings_sort(findings);
		return err;
	}
	err = load_keys(&vf, stats);
	if (err == SGN_OK) {
		err = workers_init(&vf);
	}
	if (err == SGN_OK) {
		size_t total = zone->nnodes + zone->nn3;
		err = sgn__pool_run(vf.nworkers, (total + vf.chunk - 1) / vf.chunk, verify_job, &vf);
	}
	if (err == SGN_OK) {
		err = aggregate(&vf, stats);
	}
	if (err == SGN_OK) {
		err = sgn__verify_denial(&vf, stats);
	}
	if (err == SGN_OK) {
		err = sgn__verify_zonemd(&vf);
	}
	workers_release(&vf);
	sgn__keyset_release(&vf.keys);
	sgn_findings_sort(findings);
	return err;
}
