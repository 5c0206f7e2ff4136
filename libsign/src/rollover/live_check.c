/* SPDX-License-Identifier: MIT */
/* Confirming a step against the world, through the live source of `sigil chain`: every
 * authoritative server of the parent must serve exactly the DS set a stage leads to, and
 * every server of the zone the DNSKEY set the keys say is published. Each server is asked
 * on its own (a collection with that one server), so that one lagging secondary is seen. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/ds.h>
#include <libsign/name.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#include "step.h"

#define LIVE_SERVERS_MAX 16

/* The RRset (@p name, @p type) in any zone of the set. */
static const sgn_zone_rrset_t *find_rrset(const sgn_zoneset_t *zs, const uint8_t *name,
                                          uint16_t type)
{
	for (size_t i = 0; i < sgn_zoneset_count(zs); i++) {
		const sgn_node_t *n = sgn_zone_find(sgn_zoneset_get(zs, i), name);
		const sgn_zone_rrset_t *rs = n != NULL ? sgn_node_find_rrset(n, type) : NULL;
		if (rs != NULL) {
			return rs;
		}
	}
	return NULL;
}

static sgn_err_t collect(const uint8_t *name, uint16_t type, const sgn_live_opts_t *lo,
                         sgn_zoneset_t **out)
{
	sgn_err_t err = sgn_zoneset_new(out);
	if (err == SGN_OK) {
		err = sgn_live_collect(*out, name, type, lo, NULL);
	}
	if (err == SGN_ELIMIT) {
		err = SGN_OK; /* what was collected may hold the answer */
	}
	return err;
}

/* The addresses ("ADDR@PORT") of the name servers of @p apex. */
static size_t servers_of(const uint8_t *apex, const sgn_live_opts_t *lo,
                         char addr[][64], size_t cap)
{
	sgn_zoneset_t *zs = NULL;
	size_t n = 0;
	unsigned port = lo->port != 0 ? lo->port : 53;
	if (collect(apex, SGN_TYPE_NS, lo, &zs) != SGN_OK) {
		sgn_zoneset_free(zs);
		return 0;
	}
	const sgn_zone_rrset_t *ns = find_rrset(zs, apex, SGN_TYPE_NS);
	for (size_t i = 0; ns != NULL && i < ns->rrset.count && n < cap; i++) {
		const uint8_t *target = ns->rrset.rdata[i].data;
		const sgn_zone_rrset_t *a = find_rrset(zs, target, SGN_TYPE_A);
		sgn_zoneset_t *more = NULL;
		if (a == NULL && collect(target, SGN_TYPE_A, lo, &more) == SGN_OK) {
			a = find_rrset(more, target, SGN_TYPE_A);
		}
		for (size_t j = 0; a != NULL && j < a->rrset.count && n < cap; j++) {
			const uint8_t *ip = a->rrset.rdata[j].data;
			snprintf(addr[n++], 64, "%u.%u.%u.%u@%u", ip[0], ip[1], ip[2], ip[3], port);
		}
		sgn_zoneset_free(more);
	}
	sgn_zoneset_free(zs);
	return n;
}

/* Does the RRset hold exactly the records of the wanted keys (a DS of each, or its DNSKEY)? */
static bool same_set(const sgn_rollover_t *r, const bool *want, const sgn_zone_rrset_t *rs,
                     bool ds, char *got, size_t cap)
{
	bool ok = true;
	size_t k = (size_t)snprintf(got, cap, "{");
	bool *seen = calloc(r->n + 1, sizeof(*seen));
	for (size_t i = 0; rs != NULL && i < rs->rrset.count; i++) {
		const sgn_rdata_t *rd = &rs->rrset.rdata[i];
		size_t match = SIZE_MAX;
		for (size_t j = 0; j < r->n && match == SIZE_MAX; j++) {
			const sgn_key_t *key = r->k[j].key;
			sgn_rdata_t kr;
			bool m = false;
			if (key == NULL) {
				continue;
			}
			kr = sgn_key_get_rdata(key);
			if (ds) {
				bool same = false;
				m = sgn_ds_match(&same, rd->data, rd->len, r->zone, kr.data,
				                 kr.len) == SGN_OK &&
				    same;
			} else {
				m = sgn_key_matches_rdata(key, rd->data, rd->len, true);
			}
			match = m ? j : SIZE_MAX;
		}
		ok = ok && match != SIZE_MAX && want[match];
		if (match != SIZE_MAX && seen != NULL) {
			seen[match] = true;
		}
		if (k < cap) {
			k += (size_t)snprintf(got + k, cap - k, "%s%u", i ? " " : "",
			                      match != SIZE_MAX ? r->k[match].v.tag : 0);
		}
	}
	for (size_t j = 0; j < r->n && seen != NULL; j++) {
		ok = ok && (!want[j] || seen[j]);
	}
	if (k < cap) {
		snprintf(got + k, cap - k, "}");
	}
	free(seen);
	return ok && seen != NULL;
}

/* Ask each server of @p apex for (@p name, @p type) and compare with the wanted keys. */
static bool each_server(const sgn_rollover_t *r, const uint8_t *apex, uint16_t type,
                        const bool *want, const sgn_live_opts_t *lo, char *why, size_t cap)
{
	char addr[LIVE_SERVERS_MAX][64];
	size_t n = servers_of(apex, lo, addr, LIVE_SERVERS_MAX);
	if (n == 0) {
		snprintf(why, cap, "no name server of the %s could be found",
		         type == SGN_TYPE_DS ? "parent" : "zone");
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		const char *one[1] = { addr[i] };
		sgn_live_opts_t o = *lo;
		sgn_zoneset_t *zs = NULL;
		char got[256];
		o.servers = one;
		o.nservers = 1;
		o.follow_insecure = true; /* an unsigned child (going secure or insecure) too */
		bool ok = collect(r->zone, type, &o, &zs) == SGN_OK &&
		          same_set(r, want, find_rrset(zs, r->zone, type), type == SGN_TYPE_DS, got,
		                   sizeof(got));
		sgn_zoneset_free(zs);
		if (!ok) {
			snprintf(why, cap, "%s serves the %s set %s", addr[i],
			         type == SGN_TYPE_DS ? "DS" : "DNSKEY", zs != NULL ? got : "(no answer)");
			return false;
		}
	}
	return true;
}

bool sgn__live_parent_ok(const sgn_rollover_t *r, const bool *want, const sgn_live_opts_t *lo,
                         char *why, size_t cap)
{
	/* The parent: the zone above, found by the collector on its way to the DS. */
	sgn_zoneset_t *zs = NULL;
	uint8_t parent[SGN_NAME_MAX];
	bool found = false;
	if (collect(r->zone, SGN_TYPE_DS, lo, &zs) == SGN_OK) {
		unsigned best = 0;
		for (size_t i = 0; i < sgn_zoneset_count(zs); i++) {
			const uint8_t *apex = sgn_zone_get_apex(sgn_zoneset_get(zs, i));
			unsigned labels = sgn_name_labels(apex);
			if (!sgn_name_equal(apex, r->zone) && sgn_name_is_subdomain(r->zone, apex) &&
			    (!found || labels > best)) {
				memcpy(parent, apex, sgn_name_len(apex, SGN_NAME_MAX));
				best = labels;
				found = true;
			}
		}
	}
	sgn_zoneset_free(zs);
	if (!found) {
		snprintf(why, cap, "the parent zone could not be found");
		return false;
	}
	return each_server(r, parent, SGN_TYPE_DS, want, lo, why, cap);
}

bool sgn__live_child_ok(const sgn_rollover_t *r, const bool *want, const sgn_live_opts_t *lo,
                        char *why, size_t cap)
{
	return each_server(r, r->zone, SGN_TYPE_DNSKEY, want, lo, why, cap);
}
