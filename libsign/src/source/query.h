/* SPDX-License-Identifier: MIT */
/* One question to one server (query_ldns.c): what the live collector does for a zone, but
 * to the server and over the transport the caller names, for callers that must hear every
 * server (the registrar's DS check asks each authoritative server of a child). */
#ifndef SGN_SOURCE_QUERY_H
#define SGN_SOURCE_QUERY_H

#include <libsign/zoneset.h>

#include "../internal.h"

struct sgn__qresult {
	bool answered;   /* a response to this very question came back */
	bool aa;         /* with the AA bit */
	bool tc;         /* truncated (UDP) */
	int rcode;
	char why[128];   /* when not answered: the transport's error */
};

/* Ask @p addr (an IPv4 or IPv6 address in presentation form) on @p port for @p name and
 * @p type, class IN, RD=0, with the DO bit (EDNS, 1232 bytes), over TCP when @p tcp else
 * UDP; wait at most @p timeout_ms. Every RR of an answer (all sections but OPT) goes into
 * @p zs with sgn_zoneset_add_rr(). SGN_OK when the question was put, whatever came back
 * (see @p r); SGN_ENOMEM; SGN_EPARSE for a bad address. */
sgn_err_t sgn__query_one(const char *addr, uint16_t port, bool tcp, unsigned timeout_ms,
                         const uint8_t *name, uint16_t type, sgn_zoneset_t *zs,
                         struct sgn__qresult *r) SGN_INTERNAL;

#endif
