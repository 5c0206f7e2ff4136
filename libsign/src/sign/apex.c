/* SPDX-License-Identifier: MIT */
/* The records a signer writes at the apex: the DNSKEY RRset (our published keys plus any
 * foreign DNSKEYs, which stay as data), CDS/CDNSKEY (RFC 7344), NSEC3PARAM, the SOA serial
 * (RFC 1982) and a ZONEMD placeholder filled in after signing (RFC 8976). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/denial.h>
#include <libsign/ds.h>
#include <libsign/time.h>

#include "../zone/zonemd.h"
#include "signer.h"

static bool is_ours(const struct sgn__signer *s, const sgn_rdata_t *rd)
{
	for (size_t i = 0; i < s->all->count; i++) {
		if (sgn_key_matches_rdata(s->all->keys[i], rd->data, rd->len, false)) {
			return true;
		}
	}
	return false;
}

static uint32_t dnskey_ttl(const struct sgn__signer *s, const struct sgn__zrrset *old,
                           uint32_t soa_ttl)
{
	for (size_t i = 0; i < s->published.count; i++) {
		if (sgn_key_get_ttl(s->published.keys[i]) != 0) {
			return sgn_key_get_ttl(s->published.keys[i]);
		}
	}
	return old != NULL ? old->v.rrset.ttl : soa_ttl;
}

/* A foreign DNSKEY that shares (algorithm, tag) with one of ours means an RRSIG naming
 * that pair may be someone else's: such keys never take signatures on trust. */
static void mark_trust(struct sgn__signer *s, const sgn_rdata_t *rd, size_t n)
{
	for (size_t k = 0; k < s->nkeys; k++) {
		struct sgn__signkey *sk = &s->keys[k];
		sk->trust_ok = true;
		for (size_t i = 0; i < n; i++) {
			if (rd[i].len >= 4 && rd[i].data[3] == sk->alg &&
			    sgn_keytag(rd[i].data, rd[i].len) == sk->tag &&
			    !sgn_key_matches_rdata(sk->key, rd[i].data, rd[i].len, true)) {
				sk->trust_ok = false;
			}
		}
	}
}

static sgn_err_t set_dnskeys(struct sgn__signer *s, uint32_t soa_ttl)
{
	sgn_node_t *apex = s->zone->apex_node;
	const struct sgn__zrrset *old = sgn__node_rrset(apex, SGN_TYPE_DNSKEY);
	size_t nold = old != NULL ? old->v.rrset.count : 0;
	sgn_rdata_t *rd = calloc(nold + s->published.count + 1, sizeof(*rd));
	size_t n = 0;
	if (rd == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < nold; i++) {
		if (!is_ours(s, &old->v.rrset.rdata[i])) {
			rd[n++] = old->v.rrset.rdata[i]; /* multi-signer: someone else's key */
		}
	}
	for (size_t i = 0; i < s->published.count; i++) {
		rd[n++] = sgn_key_get_rdata(s->published.keys[i]);
	}
	uint32_t ttl = dnskey_ttl(s, old, soa_ttl);
	mark_trust(s, rd, n);
	sgn_err_t err = sgn__node_set_rrset(apex, SGN_TYPE_DNSKEY, ttl, rd, n, &s->zone->arena) != NULL
	                        ? SGN_OK
	                        : SGN_ENOMEM;
	free(rd);
	return err;
}

/* RFC 7344 §4: CDS and CDNSKEY for the SEP keys in the DNSKEY RRset (SyncPublish honoured,
 * revoked keys left out). */
static sgn_err_t set_cds(struct sgn__signer *s, sgn_sign_stats_t *stats)
{
	sgn_node_t *apex = s->zone->apex_node;
	const sgn_zone_rrset_t *dk = &sgn__node_rrset(apex, SGN_TYPE_DNSKEY)->v;
	size_t n = 0, cap = s->published.count + 1;
	sgn_rdata_t *cds = calloc(cap, sizeof(*cds)), *cdnskey = calloc(cap, sizeof(*cdnskey));
	uint8_t(*ds)[SGN_DS_RDATA_MAX] = calloc(cap, SGN_DS_RDATA_MAX);
	sgn_err_t err = cds != NULL && cdnskey != NULL && ds != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; err == SGN_OK && i < s->published.count; i++) {
		const sgn_key_t *key = s->published.keys[i];
		int64_t t;
		if (sgn_ds_pick_key(key, false) != SGN_DS_PICKED ||
		    (sgn_key_get_time(key, &t, SGN_KEY_SYNC_PUBLISH) && t > s->pol->now) ||
		    (sgn_key_get_time(key, &t, SGN_KEY_SYNC_DELETE) && t <= s->pol->now)) {
			continue;
		}
		sgn_rdata_t kr = sgn_key_get_rdata(key);
		size_t len;
		err = sgn_ds_from_dnskey(ds[n], &len, s->zone->apex, kr.data, kr.len, SGN_DIGEST_SHA256);
		cds[n].data = ds[n];
		cds[n].len = (uint16_t)len;
		cdnskey[n++] = kr;
	}
	if (err == SGN_OK && n > 0 &&
	    (sgn__node_set_rrset(apex, SGN_TYPE_CDS, dk->rrset.ttl, cds, n, &s->zone->arena) == NULL ||
	     sgn__node_set_rrset(apex, SGN_TYPE_CDNSKEY, dk->rrset.ttl, cdnskey, n,
	                         &s->zone->arena) == NULL)) {
		err = SGN_ENOMEM;
	}
	free(cds);
	free(cdnskey);
	free(ds);
	stats->cds_records = err == SGN_OK ? n : 0;
	return err;
}

uint32_t sgn__serial_next(const sgn_sign_policy_t *pol, uint32_t serial)
{
	uint32_t candidate;
	switch (pol->serial) {
	case SGN_SERIAL_KEEP:
		return serial;
	case SGN_SERIAL_UNIXTIME:
		candidate = (uint32_t)pol->now;
		break;
	case SGN_SERIAL_DATE: {
		char stamp[SGN_TIME_STR_MAX];
		sgn_time_to_str(stamp, pol->now);
		stamp[8] = '\0';
		candidate = (uint32_t)strtoul(stamp, NULL, 10) * 100u;
		break;
	}
	default:
		return serial + 1;
	}
	/* RFC 1982: the new serial must be greater than the old one. */
	uint32_t diff = candidate - serial;
	return (diff != 0 && diff < 0x80000000u) ? candidate : serial + 1;
}

/* The SOA serial: the first of the five 32-bit fields that end its RDATA (RFC 1035 §3.3.13). */
static bool soa_serial(const sgn_zone_t *z, uint32_t *serial)
{
	const struct sgn__zrrset *soa =
		z->apex_node != NULL ? sgn__node_rrset(z->apex_node, SGN_TYPE_SOA) : NULL;
	if (soa == NULL || soa->v.rrset.count == 0 || soa->v.rrset.rdata[0].len < 20) {
		return false;
	}
	const sgn_rdata_t *rd = &soa->v.rrset.rdata[0];
	*serial = sgn__get32(rd->data + rd->len - 20);
	return true;
}

/* The serial counts from the newer of the zone's and the previous version's (a source
 * whose serial was not bumped after an edit must not reuse the previous serial), and the
 * result must be newer than the previous one: a secondary only transfers a zone whose
 * serial went up (RFC 1996 §3, RFC 1982). */
sgn_err_t sgn__signer_serial(struct sgn__signer *s)
{
	uint32_t serial = 0, prev = 0;
	(void)soa_serial(s->zone, &serial);
	bool has_prev = s->pol->previous != NULL && soa_serial(s->pol->previous, &prev);
	uint32_t base = serial;
	if (has_prev && s->pol->serial != SGN_SERIAL_KEEP && !sgn_serial_is_less(prev, serial)) {
		base = prev;
	}
	s->serial = sgn__serial_next(s->pol, base);
	if (has_prev && !sgn_serial_is_less(prev, s->serial)) {
		return sgn_diag_set(s->diag, SGN_EZONE, "", 0,
		                    "serial %u is not newer than the previous version's %u: "
		                    "secondaries would not see the change; bump the serial or let "
		                    "the serial policy increment it", s->serial, prev);
	}
	return SGN_OK;
}

static sgn_err_t set_soa(struct sgn__signer *s, sgn_sign_stats_t *stats)
{
	sgn_node_t *apex = s->zone->apex_node;
	const struct sgn__zrrset *soa = sgn__node_rrset(apex, SGN_TYPE_SOA);
	const sgn_rdata_t *old = &soa->v.rrset.rdata[0];
	uint8_t buf[2 * SGN_NAME_MAX + 20];
	memcpy(buf, old->data, old->len);
	sgn__put32(buf + old->len - 20, s->serial);
	stats->serial = s->serial;
	sgn_rdata_t rd = { buf, old->len };
	return sgn__node_set_rrset(apex, SGN_TYPE_SOA, soa->v.rrset.ttl, &rd, 1, &s->zone->arena) !=
	                       NULL
	               ? SGN_OK
	               : SGN_ENOMEM;
}

static sgn_err_t set_nsec3param(struct sgn__signer *s)
{
	const sgn_sign_policy_t *pol = s->pol;
	uint8_t buf[5 + 255];
	buf[0] = SGN_NSEC3_HASH_SHA1;
	buf[1] = 0; /* RFC 5155 §4.1.2: flags are zero in NSEC3PARAM, opt-out included */
	sgn__put16(buf + 2, pol->nsec3_iterations);
	buf[4] = pol->nsec3_salt_len;
	memcpy(buf + 5, pol->nsec3_salt, pol->nsec3_salt_len);
	sgn_rdata_t rd = { buf, (uint16_t)(5 + pol->nsec3_salt_len) };
	/* RFC 5155 §4: TTL as for NSEC3; BIND uses 0, Knot the SOA minimum; we follow the
	 * denial TTL so every denial record of the zone expires together. */
	return sgn__node_set_rrset(s->zone->apex_node, SGN_TYPE_NSEC3PARAM, s->denial_ttl, &rd, 1,
	                           &s->zone->arena) != NULL
	               ? SGN_OK
	               : SGN_ENOMEM;
}

/* A ZONEMD with an all-zero digest: its type must be in the apex NSEC/NSEC3 bitmap before
 * the chain is built; the digest is computed once everything else is signed. */
sgn_err_t sgn__zonemd_placeholder(struct sgn__signer *s, uint32_t serial, uint32_t ttl,
                                  uint8_t hash_alg)
{
	const struct sgn__zrrset *old = sgn__node_rrset(s->zone->apex_node, SGN_TYPE_ZONEMD);
	if (old != NULL) { /* arena data: stays valid after the RRset is replaced */
		s->old_zonemd = old->v;
		s->had_zonemd = true;
	}
	uint8_t buf[6 + SGN__ZONEMD_DIGEST_MAX] = { 0 };
	sgn__put32(buf, serial);
	buf[4] = SGN__ZONEMD_SCHEME_SIMPLE;
	buf[5] = hash_alg;
	sgn_rdata_t rd = { buf, (uint16_t)(6 + sgn__zonemd_digest_size(hash_alg)) };
	return sgn__node_set_rrset(s->zone->apex_node, SGN_TYPE_ZONEMD, ttl, &rd, 1, &s->zone->arena)
	                       != NULL
	               ? SGN_OK
	               : SGN_ENOMEM;
}

sgn_err_t sgn__signer_apex(struct sgn__signer *s, sgn_sign_stats_t *stats)
{
	sgn_node_t *apex = s->zone->apex_node;
	const struct sgn__zrrset *soa = sgn__node_rrset(apex, SGN_TYPE_SOA);
	uint32_t soa_ttl = soa->v.rrset.ttl;
	const sgn_rdata_t *rd = &soa->v.rrset.rdata[0];
	uint32_t minimum = sgn__get32(rd->data + rd->len - 4);
	s->denial_ttl = SGN_MIN(soa_ttl, minimum); /* RFC 9077 */

	sgn_err_t err = set_dnskeys(s, soa_ttl);
	if (err == SGN_OK && s->pol->cds) {
		err = set_cds(s, stats);
	}
	if (err == SGN_OK) {
		err = set_soa(s, stats);
	}
	if (err == SGN_OK && s->pol->denial == SGN_DENIAL_NSEC3) {
		err = set_nsec3param(s);
	} else if (err == SGN_OK) {
		sgn__node_drop_rrset(apex, SGN_TYPE_NSEC3PARAM);
	}
	if (err == SGN_OK && s->pol->zonemd) {
		err = sgn__zonemd_placeholder(s, stats->serial, soa_ttl, SGN__ZONEMD_SHA384);
	}
	return err;
}
