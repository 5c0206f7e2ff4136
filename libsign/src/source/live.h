/* SPDX-License-Identifier: MIT */
/* The live source's servers: addresses, the zones they serve, and the root servers to
 * start from (live_servers.c); the collection itself is in live_ldns.c. */
#ifndef SGN_SOURCE_LIVE_H
#define SGN_SOURCE_LIVE_H

#include <netinet/in.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>

#include "../internal.h"

#define SGN__LIVE_SRV_MAX 16 /* addresses kept per zone */
#define SGN__LIVE_NS_MAX  8  /* NS names looked at per zone cut, or in the root hints */

/* A server: an address in presentation form and a port. */
struct sgn__lsrv {
	char addr[INET6_ADDRSTRLEN];
	uint16_t port;
	bool v6;
};

/* A zone met on the way, and where to ask about it. */
struct sgn__lzone {
	uint8_t apex[SGN_NAME_MAX];
	struct sgn__lsrv srv[SGN__LIVE_SRV_MAX];
	size_t nsrv;
	bool keys_asked;
};

/* An A or AAAA RDATA as a server on @p port; false for anything else. */
bool sgn__lsrv_from_rdata(struct sgn__lsrv *s, uint16_t type, const uint8_t *rd, size_t len,
                          uint16_t port) SGN_INTERNAL;
/* Add a server to a zone, once; beyond SGN__LIVE_SRV_MAX servers it is left out. */
void sgn__lzone_add_srv(struct sgn__lzone *z, const struct sgn__lsrv *s) SGN_INTERNAL;
/* The root's servers: @p o->servers, else the hints file, else the built-in root servers.
 * SGN_EPARSE (with @p diag) for a bad address or hints file; SGN_EIO; SGN_ENOMEM. */
sgn_err_t sgn__live_roots(struct sgn__lzone *root, const sgn_live_opts_t *o,
                          sgn_diag_t *diag) SGN_INTERNAL;

#endif
