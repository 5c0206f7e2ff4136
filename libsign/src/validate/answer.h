/* SPDX-License-Identifier: MIT */
/* Answering a query from a zone model as its authoritative server would (RFC 1034 §4.3.2
 * with RFC 4035 §3.1): the answer RRset, a referral, or a denial, with the NSEC/NSEC3
 * records that prove it. The validator trusts none of this classification: it re-derives
 * what each record proves. */
#ifndef SGN_VALIDATE_ANSWER_H
#define SGN_VALIDATE_ANSWER_H

#include "../zone/zone_internal.h"

enum sgn__ans {
	SGN__ANS_DATA = 0,     /* the RRset asked for */
	SGN__ANS_CNAME,        /* a CNAME at the name */
	SGN__ANS_DNAME,        /* a DNAME above the name (node: its owner) */
	SGN__ANS_REFERRAL,     /* the name is at or below a zone cut (node: the cut; rrset: its DS) */
	SGN__ANS_NODATA,       /* the name exists without the type */
	SGN__ANS_NXDOMAIN,     /* the name does not exist */
	SGN__ANS_WILDCARD,     /* synthesised from a wildcard (node: the wildcard) */
	SGN__ANS_WILDCARD_CNAME,
	SGN__ANS_WILDCARD_NODATA,
};

#define SGN__PROOF_MAX 8

struct sgn__answer {
	enum sgn__ans kind;
	const sgn_node_t *node;        /* may be NULL where pieces of a zone show the name only
	                                  by its NSEC3 (a referral, a wildcard NODATA) */
	const uint8_t *cut;            /* a referral's zone cut */
	const sgn_zone_rrset_t *rrset;
	const sgn_zone_rrset_t *proof[SGN__PROOF_MAX]; /* NSEC or NSEC3 RRsets with their RRSIGs */
	size_t nproof;
};

/* Answer @p qname / @p qtype (qname at or below the apex). NSEC3 proofs are not made for
 * chains with more than @p max_iterations iterations (the validator judges those by their
 * parameters alone, RFC 9276). */
sgn_err_t sgn__zone_answer(const sgn_zone_t *z, const uint8_t *qname, uint16_t qtype,
                           unsigned max_iterations, struct sgn__answer *a) SGN_INTERNAL;

#endif
