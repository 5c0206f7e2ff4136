/* SPDX-License-Identifier: MIT */
/* Questions to one server (query_ldns.c): what the live collector does for a zone, but to
 * the server and over the transport the caller names, for callers that must hear every
 * server (the registrar's DS check asks each authoritative server of a child). A set of
 * questions goes out at once: over UDP from one socket, over TCP pipelined on one
 * connection, so that asking a server four things costs one round trip, not four, and one
 * TCP handshake, not four. */
#ifndef SGN_SOURCE_QUERY_H
#define SGN_SOURCE_QUERY_H

#include <libsign/rr.h>

#include "../internal.h"

/* Most questions in one set. */
#define SGN__QUERY_SET_MAX 8

/* The sections of an answer, as sgn__qsink_fn sees them. */
enum sgn__qsection { SGN__QS_ANSWER = 0, SGN__QS_AUTHORITY, SGN__QS_ADDITIONAL };

struct sgn__qresult {
	bool answered;   /* a response to this very question came back */
	bool aa;         /* with the AA bit */
	bool tc;         /* truncated (UDP) */
	int rcode;
	char why[128];   /* when not answered: the transport's error */
};

/* Receives every RR (class IN, well-formed RDATA, no OPT) of every section of a complete
 * (not truncated) answer to question @p q; a failure other than SGN_OK stops the set. */
typedef sgn_err_t (*sgn__qsink_fn)(void *arg, size_t q, enum sgn__qsection sec,
                                   const sgn_rr_t *rr);

struct sgn__question {
	const uint8_t *name;     /* wire form, borrowed */
	uint16_t type;
	struct sgn__qresult r;   /* filled in */
};

/* Ask @p addr (an IPv4 or IPv6 address in presentation form) on @p port the @p n
 * questions of @p q (1 to SGN__QUERY_SET_MAX), class IN, RD=0, CD=1, with the DO bit
 * (EDNS, 1232 bytes), all at once over TCP when @p tcp (pipelined on one connection, RFC
 * 7766 section 6.2.1.1: the answers may come in any order) else over UDP from one
 * connected socket; wait at most @p timeout_ms for all of them. Answers are matched to
 * questions by ID and question section. SGN_OK when the questions were put, whatever came
 * back (see each q[i].r); SGN_ENOMEM; SGN_EPARSE for a bad address; SGN_EINVAL for a bad
 * @p n; or what @p sink returned. */
sgn_err_t sgn__query_set(const char *addr, uint16_t port, bool tcp, unsigned timeout_ms,
                         struct sgn__question *q, size_t n, sgn__qsink_fn sink,
                         void *arg) SGN_INTERNAL;

#endif
