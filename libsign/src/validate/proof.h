/* SPDX-License-Identifier: MIT */
/* Checking denial of existence proofs (RFC 4035 §5.4, RFC 5155 §8, RFC 6840 §4.1) from
 * NSEC or NSEC3 records whose signatures have already been found valid. */
#ifndef SGN_VALIDATE_PROOF_H
#define SGN_VALIDATE_PROOF_H

#include <libsign/validate.h>
#include <libsign/zone.h>

#include "../internal.h"

enum sgn__deny {
	SGN__DENY_NODATA = 0,     /* the name exists without the type (an empty non-terminal too) */
	SGN__DENY_NXDOMAIN,       /* the name and any wildcard that could match do not exist */
	SGN__DENY_NO_CLOSER,      /* a wildcard answer: no closer match exists */
	SGN__DENY_WILDCARD_NODATA /* the wildcard that matches has no such type */
};

enum sgn__proof {
	SGN__PROOF_OK = 0,        /* proven */
	SGN__PROOF_OPTOUT,        /* covered by NSEC3 opt-out: absent from the signed part of the
	                             zone only, so an insecure delegation may be there: insecure */
	SGN__PROOF_INSECURE,      /* NSEC3 iterations above the limit: insecure (RFC 9276 §3.2) */
	SGN__PROOF_LIMIT,         /* the NSEC3 hash budget ran out */
	SGN__PROOF_FAIL,          /* the records do not prove it */
};

struct sgn__proofset {
	const uint8_t *zone;                    /* apex of the zone the records come from */
	const sgn_zone_rrset_t *const *records; /* validated NSEC and NSEC3 RRsets */
	const unsigned *labels;                 /* per record, the labels field of its valid
	                                           RRSIG (NULL: every record is literal) */
	size_t n;
	const sgn_limits_t *limits;
	unsigned hashes;                        /* NSEC3 hashes computed so far */
};

/* Does the set prove @p what about @p qname / @p qtype? For SGN__DENY_NO_CLOSER,
 * @p encloser is the wildcard's parent (from the RRSIG labels field); otherwise NULL.
 * @p detail (SGN_FINDING_DETAIL_MAX bytes) says what is missing on failure. */
enum sgn__proof sgn__prove(struct sgn__proofset *ps, enum sgn__deny what, const uint8_t *qname,
                           uint16_t qtype, const uint8_t *encloser, char *detail) SGN_INTERNAL;

#endif
