/* SPDX-License-Identifier: MIT */
/* The live source, shared by its parts: the collection and what it keeps (live_store.c),
 * asking a zone's servers (live_ask.c), the walk from the root down (live_walk.c), one
 * question to one server through ldns (live_ldns.c), and where the servers come from
 * (live_servers.c). The transport is a function in the collection, so that tests can put
 * a server of their own in place of the network. */
#ifndef SGN_SOURCE_LIVE_H
#define SGN_SOURCE_LIVE_H

#include <stdatomic.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>

#include "../arena.h"
#include "../internal.h"

#define SGN__LIVE_SRV_MAX 32 /* addresses asked per zone (the root has 26) */
#define SGN__LIVE_NS_MAX  16 /* NS names looked at per zone cut, or in the root hints */
#define SGN__LIVE_TRIES   3  /* servers tried for a question that one server answers */

/* A server: what the caller sees, and how to reach it. */
struct sgn__lsrv {
	sgn_live_server_t pub;
	bool v6;
};

/* One server's answer to one question; its RRs live in its own arena, so that answers
 * of one question can be filled by several threads at once. */
struct sgn__lanswer {
	sgn_live_answer_t pub;
	sgn_live_rr_t *rrs;
	size_t cap;
	sgn__arena_t arena;
	unsigned queries;    /* attempts made (UDP, then TCP) */
	bool usable;         /* NOERROR or NXDOMAIN to this question: its RRs count */
};

struct sgn__lquestion {
	sgn_live_question_t pub;
	struct sgn__lanswer *ans; /* one per server the zone had when it was asked */
	size_t nans;
};

/* A zone met on the way, its servers and the questions put to them. */
struct sgn__lzone {
	uint8_t apex[SGN_NAME_MAX];
	struct sgn__lsrv srv[SGN__LIVE_SRV_MAX];
	size_t nsrv;
	size_t ref;          /* the reference server (SIZE_MAX: none yet) */
	size_t left_out;     /* addresses beyond SGN__LIVE_SRV_MAX, each counted once */
	uint32_t out_hash[SGN__LIVE_SRV_MAX]; /* (by a hash of the first ones) */
	size_t names_left_out; /* NS names beyond SGN__LIVE_NS_MAX */
	bool probed;         /* the servers were asked for the SOA */
	bool keys_asked;
	struct sgn__lquestion *q;
	size_t nq, qcap;
};

/* What one attempt brought back (a transport fills it). */
struct sgn__lsent {
	bool response;       /* a response to this very question */
	bool mismatch;       /* a response, but to another question */
	bool tc, aa;
	int rcode;
	char why[128];       /* without a response: why not */
};

/* The transport: put @p name / @p type to server @p s (RD and CD set when @p recursive),
 * over TCP or UDP, waiting at most @p timeout_ms; fill @p r, and add the RRs of a complete
 * response (not truncated, to this question) to @p out with sgn__lanswer_add(). SGN_OK
 * whatever came back; SGN_ENOMEM. Called from several threads at once, each with its own
 * @p out. */
typedef sgn_err_t (*sgn__live_send_fn)(void *arg, const struct sgn__lsrv *s, bool recursive,
                                       bool tcp, unsigned timeout_ms, const uint8_t *name,
                                       uint16_t type, struct sgn__lanswer *out,
                                       struct sgn__lsent *r);

struct sgn_live {
	const sgn_live_opts_t *o;   /* during the collection */
	sgn_diag_t *diag;
	bool every;                 /* ask every server (sgn_live_run), else one until it answers */
	bool fixed;                 /* o->servers: ask them for every zone */
	struct sgn__lzone *zones;   /* zones[0] is the root */
	size_t nzones, zcap;
	atomic_uint queries;
	atomic_bool spent;          /* a server was left unasked for the query budget */
	unsigned answers;           /* questions some server answered */
	char why[160];              /* the last failure, for "no server answered" */
	sgn_zoneset_t *zs;          /* the consistent view, once sealed */
	sgn__live_send_fn send;
	void *send_arg;
};

/* -- live_store.c -- */

sgn_err_t sgn__live_new(sgn_live_t **out, bool every, sgn__live_send_fn send, void *arg) SGN_INTERNAL;
/* The zone with @p apex, added (with the given servers, in fixed mode) when new. */
sgn_err_t sgn__live_zone_add(sgn_live_t *L, const uint8_t *apex, size_t *out) SGN_INTERNAL;
/* A new question to zone @p z, with an answer slot (NOT_ASKED) for each of its servers. */
sgn_err_t sgn__live_question_new(sgn_live_t *L, size_t z, const uint8_t *name, uint16_t type,
                                 bool every, size_t *out) SGN_INTERNAL;
/* Append an RR (copied) to an answer. */
sgn_err_t sgn__lanswer_add(struct sgn__lanswer *a, const sgn_rr_t *rr, uint8_t section) SGN_INTERNAL;
/* Forget the RRs of an answer (a truncated one, before the TCP retry). */
void sgn__lanswer_clear(struct sgn__lanswer *a) SGN_INTERNAL;
/* The consistent view into @p zs, sealed. */
sgn_err_t sgn__live_seal(const sgn_live_t *L, sgn_zoneset_t *zs, sgn_diag_t *diag) SGN_INTERNAL;
/* Add to @p zs the RRs of the consistent view: each question's reference answer; for zone
 * @p oz's every-server questions server @p os's answer where it has one (SIZE_MAX: none),
 * and with @p alone nothing else. */
sgn_err_t sgn__live_fill(const sgn_live_t *L, sgn_zoneset_t *zs, size_t oz, size_t os,
                         bool alone) SGN_INTERNAL;

/* -- live_ask.c -- */

/* The answer of zone @p z's servers to @p name / @p type: asked once per collection (of
 * every usable server when @p every and the collection asks every server, else of one
 * after another). *out is the reference answer, NULL when no server answered; borrowed
 * until the collection is freed. SGN_ELIMIT (with L->diag) when the query budget is spent. */
sgn_err_t sgn__live_ask(sgn_live_t *L, size_t z, const uint8_t *name, uint16_t type, bool every,
                        const sgn_live_answer_t **out) SGN_INTERNAL;

/* -- live_walk.c -- */

/* The whole collection, with a transport of the caller's (tests) or ldns's; the consistent
 * view goes into @p into when given, else into a zone set of the collection's own. *out is
 * set on SGN_OK and SGN_ELIMIT (what was collected), NULL otherwise. */
sgn_err_t sgn__live_run_with(sgn_live_t **out, bool every, sgn__live_send_fn send, void *arg,
                             sgn_zoneset_t *into, const uint8_t *qname, uint16_t qtype,
                             const sgn_live_opts_t *opts, sgn_diag_t *diag) SGN_INTERNAL;

/* -- live_ldns.c -- */

sgn_err_t sgn__live_send_ldns(void *arg, const struct sgn__lsrv *s, bool recursive, bool tcp,
                              unsigned timeout_ms, const uint8_t *name, uint16_t type,
                              struct sgn__lanswer *out, struct sgn__lsent *r) SGN_INTERNAL;

/* -- live_servers.c -- */

/* An A or AAAA RDATA as a server named @p name (NULL: none) on @p port; false otherwise. */
bool sgn__lsrv_from_rdata(struct sgn__lsrv *s, uint16_t type, const uint8_t *rd, size_t len,
                          const uint8_t *name, uint16_t port) SGN_INTERNAL;
/* Add a server to a zone, once; beyond SGN__LIVE_SRV_MAX servers it is left out. */
void sgn__lzone_add_srv(struct sgn__lzone *z, const struct sgn__lsrv *s) SGN_INTERNAL;
/* The root's servers: @p o->servers, else the hints file, else the built-in root servers.
 * SGN_EPARSE (with @p diag) for a bad address or hints file; SGN_EIO; SGN_ENOMEM. */
sgn_err_t sgn__live_roots(struct sgn__lzone *root, const sgn_live_opts_t *o,
                          sgn_diag_t *diag) SGN_INTERNAL;

#endif
