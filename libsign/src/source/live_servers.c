/* SPDX-License-Identifier: MIT */
/* Where the live source starts: server addresses ("ADDR" or "ADDR@PORT"), root hints in
 * zone text, or the IANA root servers; and the servers of a zone. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "live.h"

/* The root servers (IANA root hints), for when neither hints nor servers are given: the
 * IPv4 addresses of a to m.root-servers.net., then their IPv6 addresses. */
static const char *const builtin_roots[] = {
	"198.41.0.4",      "170.247.170.2",       "192.33.4.12",        "199.7.91.13",
	"192.203.230.10",  "192.5.5.241",         "192.112.36.4",       "198.97.190.53",
	"192.36.148.17",   "192.58.128.30",       "193.0.14.129",       "199.7.83.42",
	"202.12.27.33",    "2001:503:ba3e::2:30", "2801:1b8:10::b",     "2001:500:2::c",
	"2001:500:2d::d",  "2001:500:a8::e",      "2001:500:2f::f",     "2001:500:12::d0d",
	"2001:500:1::53",  "2001:7fe::53",        "2001:503:c27::2:30", "2001:7fd::1",
	"2001:500:9f::42", "2001:dc3::35",
};
_Static_assert(ARRAY_LEN(builtin_roots) == 26, "a to m, IPv4 then IPv6");

void sgn_live_opts_init(sgn_live_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->port = 53;
	opts->timeout_ms = 2000;
	opts->max_queries = 200;
	opts->max_redirects = 8;
}

/* A server at @p addr, named @p name (NULL: a server given by address). */
static bool srv_set(struct sgn__lsrv *s, const char *addr, const uint8_t *name, uint16_t port)
{
	uint8_t bin[16];
	memset(s, 0, sizeof(*s));
	s->v6 = strchr(addr, ':') != NULL;
	s->pub.port = port;
	s->pub.state = SGN_LIVE_NOT_ASKED;
	if (name != NULL) {
		memcpy(s->pub.name, name, sgn_name_len(name, SGN_NAME_MAX));
		sgn_name_lower(s->pub.name);
	}
	int af = s->v6 ? AF_INET6 : AF_INET;
	return inet_pton(af, addr, bin) == 1 &&
	       inet_ntop(af, bin, s->pub.address, sizeof(s->pub.address)) != NULL;
}

/* "ADDR" or "ADDR@PORT"; the port after the last '@', so IPv6 needs no brackets. */
static bool srv_parse(struct sgn__lsrv *s, const char *spec, uint16_t port)
{
	char addr[INET6_ADDRSTRLEN];
	const char *at = strrchr(spec, '@');
	size_t len = at != NULL ? (size_t)(at - spec) : strlen(spec);
	if (len == 0 || len >= sizeof(addr)) {
		return false;
	}
	if (at != NULL) {
		char *end;
		unsigned long p = strtoul(at + 1, &end, 10);
		if (at[1] < '0' || at[1] > '9' || *end != '\0' || p == 0 || p > 65535) {
			return false;
		}
		port = (uint16_t)p;
	}
	memcpy(addr, spec, len);
	addr[len] = '\0';
	return srv_set(s, addr, NULL, port);
}

void sgn__lzone_add_srv(struct sgn__lzone *z, const struct sgn__lsrv *s)
{
	for (size_t i = 0; i < z->nsrv; i++) {
		if (strcmp(z->srv[i].pub.address, s->pub.address) == 0 &&
		    z->srv[i].pub.port == s->pub.port) {
			return;
		}
	}
	if (z->nsrv < SGN__LIVE_SRV_MAX) {
		z->srv[z->nsrv++] = *s;
		return;
	}
	uint32_t h = 2166136261u ^ s->pub.port; /* FNV-1a of the address: counted once */
	for (const char *p = s->pub.address; *p != '\0'; p++) {
		h = (h ^ (uint8_t)*p) * 16777619u;
	}
	for (size_t i = 0; i < z->left_out && i < SGN__LIVE_SRV_MAX; i++) {
		if (z->out_hash[i] == h) {
			return;
		}
	}
	if (z->left_out < SGN__LIVE_SRV_MAX) {
		z->out_hash[z->left_out] = h;
	}
	z->left_out++;
}

bool sgn__lsrv_from_rdata(struct sgn__lsrv *s, uint16_t type, const uint8_t *rd, size_t len,
                          const uint8_t *name, uint16_t port)
{
	char text[INET6_ADDRSTRLEN];
	bool a = type == SGN_TYPE_A && len == 4, aaaa = type == SGN_TYPE_AAAA && len == 16;
	return (a || aaaa) && inet_ntop(a ? AF_INET : AF_INET6, rd, text, sizeof(text)) != NULL &&
	       srv_set(s, text, name, port);
}

/* Root hints: the addresses of the root's NS names (of every A/AAAA if it names none). */
static sgn_err_t load_hints(struct sgn__lzone *root, const sgn_live_opts_t *o, sgn_diag_t *diag)
{
	uint8_t ns[SGN__LIVE_NS_MAX][SGN_NAME_MAX];
	struct {
		uint8_t owner[SGN_NAME_MAX];
		struct sgn__lsrv s;
	} addr[2 * SGN__LIVE_SRV_MAX];
	size_t nns = 0, naddr = 0;
	sgn_zonefile_t *zf;
	sgn_rr_t rr;
	sgn_err_t err = sgn_zonefile_open(&zf, o->hints, NULL, diag);
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		if (rr.type == SGN_TYPE_NS && rr.owner[0] == 0 && nns < SGN__LIVE_NS_MAX) {
			memcpy(ns[nns++], rr.rdata, sgn_name_len(rr.rdata, rr.rdlen));
		} else if (naddr < ARRAY_LEN(addr) &&
		           sgn__lsrv_from_rdata(&addr[naddr].s, rr.type, rr.rdata, rr.rdlen,
		                                rr.owner, o->port)) {
			memcpy(addr[naddr++].owner, rr.owner, sgn_name_len(rr.owner, SGN_NAME_MAX));
		}
	}
	sgn_zonefile_free(zf);
	if (err != SGN_ENOTFOUND) {
		return err == SGN_EIO || err == SGN_ENOMEM ? err : SGN_EPARSE;
	}
	for (size_t i = 0; i < naddr; i++) {
		bool listed = nns == 0;
		for (size_t k = 0; k < nns && !listed; k++) {
			listed = sgn_name_equal(ns[k], addr[i].owner);
		}
		if (listed) {
			sgn__lzone_add_srv(root, &addr[i].s);
		}
	}
	return root->nsrv > 0
	           ? SGN_OK
	           : sgn_diag_set(diag, SGN_EPARSE, o->hints, 0,
	                          "no root server addresses (NS with A/AAAA) in the hints");
}

sgn_err_t sgn__live_roots(struct sgn__lzone *root, const sgn_live_opts_t *o, sgn_diag_t *diag)
{
	for (size_t i = 0; i < o->nservers; i++) {
		struct sgn__lsrv s;
		if (!srv_parse(&s, o->servers[i], o->port)) {
			return sgn_diag_set(diag, SGN_EPARSE, "", 0,
			                    "bad server address '%s' (ADDR or ADDR@PORT)",
			                    o->servers[i]);
		}
		sgn__lzone_add_srv(root, &s);
	}
	if (o->nservers > 0 || o->hints != NULL) {
		return o->nservers > 0 ? SGN_OK : load_hints(root, o, diag);
	}
	for (size_t i = 0; i < ARRAY_LEN(builtin_roots); i++) {
		struct sgn__lsrv s;
		uint8_t name[SGN_NAME_MAX];
		char text[32];
		snprintf(text, sizeof(text), "%c.root-servers.net.", (int)('a' + i % 13));
		if (sgn_name_from_str(name, NULL, text, NULL) == SGN_OK &&
		    srv_set(&s, builtin_roots[i], name, o->port)) {
			sgn__lzone_add_srv(root, &s);
		}
	}
	return SGN_OK;
}
