/* SPDX-License-Identifier: MIT */
/* Zone signing, start to end: keys, trust in earlier signatures, apex records, denial
 * chain, RRSIGs on the worker pool, then the ZONEMD digest and its signature. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/denial.h>
#include <libsign/sign.h>

#include "../pool/pool.h"
#include "../zone/zonemd.h"
#include "signer.h"

void sgn_sign_policy_init(sgn_sign_policy_t *policy, int64_t now)
{
	memset(policy, 0, sizeof(*policy));
	policy->now = now;
	policy->inception_offset = 3600;
	policy->validity = 14 * 86400;
	policy->refresh = policy->validity / 4;
	policy->denial = SGN_DENIAL_NSEC;
	policy->serial = SGN_SERIAL_INCREMENT;
}

bool sgn__zone_nsec3param(const sgn_zone_t *zone, sgn_sign_policy_t *policy)
{
	const struct sgn__zrrset *np = sgn__node_rrset(zone->apex_node, SGN_TYPE_NSEC3PARAM);
	sgn_nsec3param_view_t v;
	for (size_t i = 0; np != NULL && i < np->v.rrset.count; i++) {
		const sgn_rdata_t *rd = &np->v.rrset.rdata[i];
		if (sgn_nsec3param_parse(&v, rd->data, rd->len) != SGN_OK || v.flags != 0 ||
		    v.hash_alg != SGN_NSEC3_HASH_SHA1) {
			continue;
		}
		policy->denial = SGN_DENIAL_NSEC3;
		policy->nsec3_iterations = v.iterations;
		policy->nsec3_salt_len = v.salt_len;
		memcpy(policy->nsec3_salt, v.salt, v.salt_len);
		policy->nsec3_opt_out = false;
		return true;
	}
	return false;
}

bool sgn_sign_policy_denial_from_zone(sgn_sign_policy_t *policy, const sgn_zone_t *zone)
{
	if (!sgn__zone_nsec3param(zone, policy)) {
		return false;
	}
	for (size_t k = 0; k < zone->nn3 && !policy->nsec3_opt_out; k++) {
		const struct sgn__zrrset *r = sgn__node_rrset(zone->n3nodes[k], SGN_TYPE_NSEC3);
		policy->nsec3_opt_out = r != NULL && r->v.rrset.rdata[0].len > 1 &&
		                        (r->v.rrset.rdata[0].data[1] & SGN_NSEC3_FLAG_OPTOUT);
	}
	return true;
}

static sgn_err_t check_policy(const sgn_sign_policy_t *p, sgn_diag_t *diag)
{
	if (p->denial == SGN_DENIAL_NSEC3 && p->nsec3_iterations > SGN_SIGN_NSEC3_ITERATIONS_MAX &&
	    !p->force_iterations) {
		return sgn_diag_set(diag, SGN_EINVAL, "", 0,
		                    "%u NSEC3 iterations: validators may treat more than %d as "
		                    "insecure (RFC 9276 section 3.2); force it to sign anyway",
		                    p->nsec3_iterations, SGN_SIGN_NSEC3_ITERATIONS_MAX);
	}
	if (p->validity == 0 || p->validity > 0x7fffffffu - p->inception_offset) {
		return sgn_diag_set(diag, SGN_EINVAL, "", 0, "signature validity out of range");
	}
	if (p->jitter >= p->validity) {
		return sgn_diag_set(diag, SGN_EINVAL, "", 0, "jitter must be shorter than the validity");
	}
	if (p->refresh >= p->validity) {
		return sgn_diag_set(diag, SGN_EINVAL, "", 0,
		                    "refresh period must be shorter than the validity");
	}
	if (p->denial != SGN_DENIAL_NSEC && p->denial != SGN_DENIAL_NSEC3) {
		return sgn_diag_set(diag, SGN_EINVAL, "", 0, "unknown denial of existence method");
	}
	return SGN_OK;
}

static sgn_err_t build_denial(struct sgn__signer *s, sgn_sign_stats_t *stats)
{
	const sgn_sign_policy_t *pol = s->pol;
	if (pol->denial == SGN_DENIAL_NSEC) {
		sgn__nsec3_chain_drop(s->zone);
		if (s->stream) { /* made node by node as they are written */
			stats->denial_records = sgn__nsec_mark(s->zone);
			return SGN_OK;
		}
		return sgn__nsec_chain_build(s->zone, s->denial_ttl, &stats->denial_records);
	}
	struct sgn__nsec3_params p = {
		.iterations = pol->nsec3_iterations,
		.salt_len = pol->nsec3_salt_len,
		.salt = pol->nsec3_salt,
		.opt_out = pol->nsec3_opt_out,
		.ttl = s->denial_ttl,
		.threads = s->nworkers,
	};
	sgn_err_t err = sgn__nsec_chain_drop(s->zone, s->nworkers);
	if (err != SGN_OK) {
		return err;
	}
	if (s->stream) { /* the old chain stays in the zone's NSEC3 table: its signatures serve */
		err = sgn__nsec3_plan_make(s->zone, &p, &s->plan, s->diag);
		stats->denial_records = s->plan.n;
		return err;
	}
	return sgn__nsec3_chain_build(s->zone, &p, &stats->denial_records, s->diag);
}

/* RFC 9276 §3.1 asks for no additional iterations and no salt: say so when a policy, or a
 * zone whose chain it keeps, has them. */
static void warn_nsec3_params(const sgn_sign_policy_t *p)
{
	if (p->denial != SGN_DENIAL_NSEC3 || p->warn == NULL) {
		return;
	}
	if (p->nsec3_iterations > 0) {
		char msg[128];
		snprintf(msg, sizeof(msg), "%u NSEC3 iterations: RFC 9276 recommends 0",
		         p->nsec3_iterations);
		p->warn(p->warn_ctx, "", 0, msg);
	}
	if (p->nsec3_salt_len > 0) {
		p->warn(p->warn_ctx, "", 0, "NSEC3 salt: RFC 9276 recommends none");
	}
}

/* RFC 8976 §3: fill in the digest now that every other record is final (made as they were
 * written, when streaming), then sign it. */
static sgn_err_t finish_zonemd(struct sgn__signer *s)
{
	struct sgn__zrrset *zm = sgn__node_rrset(s->zone->apex_node, SGN_TYPE_ZONEMD);
	if (zm == NULL || zm->v.rrset.count != 1) {
		return SGN_OK;
	}
	uint8_t *rd = (uint8_t *)zm->v.rrset.rdata[0].data;
	size_t len = 0;
	sgn_err_t err = s->zonemd_md != NULL ? sgn__md_final(s->zonemd_md, rd + 6, &len)
	                                     : sgn__zonemd_compute(s->zone, rd[5], s->nworkers, rd + 6, &len);
	/* Same digest as before (nothing changed): its old signature is a candidate again. */
	const sgn_zone_rrset_t *old = &s->old_zonemd;
	if (err == SGN_OK && s->had_zonemd && old->rrset.count == 1 && old->rrset.ttl == zm->v.rrset.ttl &&
	    sgn_rdata_compare(old->rrset.rdata[0].data, old->rrset.rdata[0].len, rd,
	                      zm->v.rrset.rdata[0].len) == 0) {
		zm->v.sigs = old->sigs;
		zm->v.sig_count = old->sig_count;
	}
	if (err == SGN_OK) {
		err = sgn__sign_rrset(s, &s->workers[0], zm);
	}
	return err;
}

static sgn_err_t workers_init(struct sgn__signer *s)
{
	s->nworkers = sgn__pool_threads(s->pol->threads);
	s->workers = calloc(s->nworkers, sizeof(*s->workers));
	if (s->workers == NULL) {
		return SGN_ENOMEM;
	}
	pthread_mutex_init(&s->lock, NULL);
	pthread_cond_init(&s->turn, NULL);
	for (unsigned i = 0; i < s->nworkers; i++) {
		sgn_buf_init(&s->workers[i].text);
		sgn_buf_init(&s->workers[i].wire);
		if (sgn__denial_scratch_init(&s->workers[i].dsc) != SGN_OK) {
			return SGN_ENOMEM;
		}
		s->workers[i].sign_ctx = calloc(s->nkeys + 1, sizeof(struct sgn__keyctx *));
		s->workers[i].verify_ctx = calloc(s->nkeys + 1, sizeof(struct sgn__keyctx *));
		if (s->workers[i].sign_ctx == NULL || s->workers[i].verify_ctx == NULL) {
			return SGN_ENOMEM;
		}
		sgn__arena_init(&s->workers[i].arena, 1024 * 1024);
		sgn_buf_init(&s->workers[i].scratch);
		sgn_buf_init(&s->workers[i].sig);
	}
	return SGN_OK;
}

/* Hand the workers' memory to the zone and add up their counts. */
static void workers_finish(struct sgn__signer *s, sgn_sign_stats_t *stats)
{
	for (unsigned i = 0; s->workers != NULL && i < s->nworkers; i++) {
		struct sgn__sworker *w = &s->workers[i];
		if (s->stream) {
			sgn__arena_release(&w->arena); /* nothing in the zone points there any more */
		} else {
			sgn__arena_merge(&s->zone->arena, &w->arena);
		}
		for (size_t k = 0; k < s->nkeys; k++) {
			sgn__keyctx_free(w->sign_ctx != NULL ? w->sign_ctx[k] : NULL);
			sgn__keyctx_free(w->verify_ctx != NULL ? w->verify_ctx[k] : NULL);
		}
		free(w->sign_ctx);
		free(w->verify_ctx);
		sgn_buf_release(&w->scratch);
		sgn_buf_release(&w->sig);
		sgn_buf_release(&w->text);
		sgn_buf_release(&w->wire);
		sgn__zonemd_scratch_release(&w->zsc);
		sgn__denial_scratch_release(&w->dsc);
		stats->sigs_created += w->created;
		stats->sigs_reused += w->reused;
		stats->sigs_verified += w->verified;
		stats->sigs_dropped += w->dropped;
		stats->rrsets_signed += w->rrsets;
	}
	if (s->workers != NULL) {
		pthread_mutex_destroy(&s->lock);
		pthread_cond_destroy(&s->turn);
	}
	free(s->workers);
	s->workers = NULL;
	free(s->order);
	s->order = NULL;
	sgn__nsec3_plan_release(&s->plan);
}

/* What the stats say about the result, beyond the counts the passes add up. */
static void stats_result(const struct sgn__signer *s, sgn_sign_stats_t *stats)
{
	const sgn_sign_policy_t *pol = s->pol;
	stats->names = s->zone->nnodes;
	stats->denial = pol->denial;
	if (pol->denial == SGN_DENIAL_NSEC3) {
		stats->nsec3_iterations = pol->nsec3_iterations;
		stats->nsec3_salt_len = pol->nsec3_salt_len;
		stats->nsec3_opt_out = pol->nsec3_opt_out;
	}
	stats->zonemd = pol->zonemd;
	stats->source_trusted = s->trusted;
	stats->keys_signing = s->nkeys;
	stats->keys_published = s->published.count;
}

/* The zone's last records, the ZONEMD (sgn__zonemd_out()); streamed, its signature
 * lived in a worker's arena, which goes with the run. */
static sgn_err_t write_zonemd(struct sgn__signer *s, FILE *out)
{
	sgn_err_t err = sgn__zonemd_out(out, s->out_md, s->zone->apex_node, &s->write_errno);
	struct sgn__zrrset *zm = sgn__node_rrset(s->zone->apex_node, SGN_TYPE_ZONEMD);
	if (zm != NULL) {
		zm->v.sigs = NULL;
		zm->v.sig_count = 0;
	}
	return err;
}

/* The digest of a streamed zone is made as it is written: its hash, for the placeholder's
 * algorithm. */
static sgn_err_t zonemd_stream_init(struct sgn__signer *s)
{
	const struct sgn__zrrset *zm = sgn__node_rrset(s->zone->apex_node, SGN_TYPE_ZONEMD);
	const char *name = zm != NULL && zm->v.rrset.rdata[0].len > 5
	                           ? sgn__zonemd_md_name(zm->v.rrset.rdata[0].data[5])
	                           : NULL;
	return name != NULL ? sgn__md_new(name, &s->zonemd_md) : SGN_EUNSUPPORTED;
}

/* Both contracts in one: with @p out, the zone is written as it is signed, and each
 * chunk's signatures and denial records live only until written (a ZONEMD's digest is
 * made from them on the way, and the ZONEMD written last); without, the signed zone stays
 * whole in memory. */
static sgn_err_t sign_zone(sgn_zone_t *zone, const sgn_keylist_t *keys,
                           const sgn_sign_policy_t *policy, FILE *out, sgn_sign_stats_t *stats,
                           sgn_diag_t *diag)
{
	sgn_sign_stats_t local;
	struct sgn__signer s = { .zone = zone, .pol = policy, .diag = diag };
	s.stream = out != NULL;
	if (stats == NULL) {
		stats = &local;
	}
	memset(stats, 0, sizeof(*stats));
	sgn_diag_init(diag); /* a reused diag: only this call's reason may be read from it */
	sgn_err_t err = check_policy(policy, diag);
	if (err == SGN_OK) {
		warn_nsec3_params(policy);
		err = sgn__signer_keys(&s, keys);
	}
	/* Trust is judged on the zone as loaded, before anything in it changes. */
	if (err == SGN_OK) {
		err = sgn__signer_check_trust(&s, zone, &s.trusted);
	}
	if (err == SGN_OK && policy->previous != NULL) {
		err = sgn__signer_check_trust(&s, policy->previous, &s.prev_trusted);
	}
	if (err == SGN_OK) {
		err = sgn__signer_serial(&s);
	}
	/* Nothing in the zone has changed so far; from here on it is being signed. */
	if (err == SGN_OK && !policy->zonemd) {
		sgn__node_drop_rrset(zone->apex_node, SGN_TYPE_ZONEMD); /* it would be stale */
	}
	if (err == SGN_OK) {
		err = sgn__signer_apex(&s, stats);
	}
	if (err == SGN_OK) {
		err = workers_init(&s);
	}
	if (err == SGN_OK && out != NULL && policy->authenticator) {
		err = sgn__md_new("SHA256", &s.out_md);
	}
	if (err == SGN_OK && s.stream && policy->zonemd) {
		err = zonemd_stream_init(&s);
	}
	if (err == SGN_OK) {
		err = build_denial(&s, stats);
	}
	if (err == SGN_OK) {
		err = sgn__signer_order(&s);
	}
	if (err == SGN_OK) {
		err = sgn__signer_run(&s, out);
	}
	if (err == SGN_OK && policy->zonemd) {
		err = finish_zonemd(&s);
	}
	if (err == SGN_OK && policy->zonemd && out != NULL) {
		err = write_zonemd(&s, out);
	}
	if (err == SGN_OK && s.out_md != NULL) {
		err = sgn__signer_auth_write(&s, s.out_md, out);
		s.write_errno = err == SGN_EIO ? errno : 0;
	}
	if (err == SGN_OK && out != NULL && fflush(out) != 0) {
		s.write_errno = errno;
		err = SGN_EIO;
	}
	if (err == SGN_EIO && s.write_errno != 0) { /* a write of ours failed: say why */
		sgn_diag_set(diag, err, "", 0, "write failed: %s", strerror(s.write_errno));
	}
	stats_result(&s, stats);
	sgn__md_free(s.out_md);
	sgn__md_free(s.zonemd_md);
	workers_finish(&s, stats);
	sgn__signer_keys_release(&s);
	if (err != SGN_OK && err != SGN_ENOMEM && diag != NULL && diag->msg[0] == '\0') {
		sgn_diag_set(diag, err, "", 0, "signing failed: %s", sgn_strerror(err));
	}
	return err;
}

/* -- signing a few RRsets outside a whole-zone run (update/) -- */

sgn_err_t sgn__signer_open(struct sgn__signer *s, sgn_zone_t *zone, const sgn_keylist_t *keys,
                           const sgn_sign_policy_t *pol, sgn_diag_t *diag)
{
	memset(s, 0, sizeof(*s));
	s->zone = zone;
	s->pol = pol;
	s->diag = diag;
	sgn_err_t err = check_policy(pol, diag);
	if (err == SGN_OK) {
		err = sgn__signer_keys(s, keys);
	}
	if (err == SGN_OK) {
		err = workers_init(s);
	}
	if (err != SGN_OK) {
		sgn__signer_close(s, NULL);
	}
	return err;
}

void sgn__signer_close(struct sgn__signer *s, sgn_sign_stats_t *stats)
{
	sgn_sign_stats_t local;
	memset(&local, 0, sizeof(local));
	workers_finish(s, stats != NULL ? stats : &local);
	sgn__signer_keys_release(s);
}

sgn_err_t sgn__signer_zonemd(struct sgn__signer *s, uint8_t hash_alg, uint32_t ttl)
{
	sgn_err_t err = sgn__zonemd_placeholder(s, s->serial, ttl, hash_alg);
	return err == SGN_OK ? finish_zonemd(s) : err;
}

sgn_err_t sgn_zone_sign(sgn_zone_t *zone, sgn_sign_stats_t *stats,
                        const sgn_keylist_t *keys, const sgn_sign_policy_t *policy,
                        sgn_diag_t *diag)
{
	return sign_zone(zone, keys, policy, NULL, stats, diag);
}

sgn_err_t sgn_zone_sign_write(sgn_zone_t **zone, FILE *out,
                              sgn_sign_stats_t *stats, const sgn_keylist_t *keys,
                              const sgn_sign_policy_t *policy, sgn_diag_t *diag)
{
	sgn_err_t err = sign_zone(*zone, keys, policy, out, stats, diag);
	sgn_zone_free(*zone);
	*zone = NULL;
	return err;
}
