/* SPDX-License-Identifier: MIT */
/* The validator core shared by `verify` (a whole zone) and `chain` (one path from the
 * root): checking the RRSIGs of one RRset against a signer's DNSKEYs, in the order
 * structure, key eligibility, validity window, crypto, under work limits. */
#ifndef SGN_VALIDATE_VCORE_H
#define SGN_VALIDATE_VCORE_H

#include <stdatomic.h>

#include <libsign/finding.h>
#include <libsign/key.h>
#include <libsign/validate.h>
#include <libsign/zone.h>

#include "../key/keyctx.h"

/* A signer's DNSKEYs: the keys an RRSIG of that signer may name. */
struct sgn__keyset {
	uint8_t signer[255];
	sgn_key_t **keys;   /* public keys from the DNSKEY RDATA */
	size_t n;
};

/* Parse a DNSKEY RRset into a keyset. Keys of unsupported algorithms are kept (they can
 * be named, never used). */
sgn_err_t sgn__keyset_init(struct sgn__keyset *ks, const uint8_t *signer, const sgn_rdata_t *rd,
                           size_t n) SGN_INTERNAL;
void sgn__keyset_release(struct sgn__keyset *ks) SGN_INTERNAL;

/* The verification budget, shared by every worker. */
struct sgn__budget {
	atomic_uint_fast64_t used;
	uint64_t max;
	atomic_bool reported;
};

/* One worker's validation state. */
struct sgn__vctx {
	int64_t now;
	const sgn_limits_t *limits;
	struct sgn__budget *budget;
	sgn_findings_t *findings;
	sgn_buf_t scratch;
	const struct sgn__keyset *ks;   /* contexts below belong to this keyset */
	struct sgn__keyctx **ctx;
	size_t examined, verifications, valid;
};

void sgn__vctx_init(struct sgn__vctx *v, int64_t now, const sgn_limits_t *limits,
                    struct sgn__budget *budget, sgn_findings_t *findings) SGN_INTERNAL;
void sgn__vctx_release(struct sgn__vctx *v) SGN_INTERNAL;
/* Drop the key contexts: call before the keyset they belong to changes or goes. */
void sgn__vctx_forget(struct sgn__vctx *v) SGN_INTERNAL;

/* How strictly to check an RRset's signatures. */
struct sgn__rrset_check {
	bool zone_data;      /* records straight from a zone file: the labels field must equal
	                        the owner's (nothing is synthesised) and the original TTL the
	                        RRset's TTL */
	bool allow_revoked;  /* a revoked key's signature counts (its own DNSKEY RRset) */
};

struct sgn__rrset_result {
	uint8_t algs[32];    /* bit set of algorithms with a valid signature */
	size_t nvalid;
	bool *key_valid;     /* optional, ks->n entries: keys that made a valid signature */
	bool *key_timed;     /* optional, ks->n entries: keys whose signature was found outside
	                        its validity period (and so not checked further) */
	bool has_expiry;     /* earliest expiration among all its RRSIGs */
	int64_t earliest;
	bool has_valid_expiry; /* earliest expiration among its valid RRSIGs */
	int64_t valid_earliest;
	unsigned labels;     /* the largest labels field of a valid signature (wildcard
	                        detection: one literal signature makes the RRset literal) */
	bool limited;        /* a limit cut the work short */
};

static inline bool sgn__alg_bit(const uint8_t *set, uint8_t alg)
{
	return (set[alg / 8] >> (alg % 8)) & 1;
}

static inline void sgn__alg_set(uint8_t *set, uint8_t alg)
{
	set[alg / 8] |= (uint8_t)(1u << (alg % 8));
}

/* Check every RRSIG of @p rs (up to the limit) against the keyset; findings for each
 * problem go to v->findings. */
sgn_err_t sgn__rrset_validate(struct sgn__vctx *v, const sgn_zone_rrset_t *rs,
                              const struct sgn__keyset *ks, const struct sgn__rrset_check *chk,
                              struct sgn__rrset_result *res) SGN_INTERNAL;

/* Add a finding with key and time details. */
sgn_err_t sgn__vfind(sgn_findings_t *list, sgn_finding_code_t code, const uint8_t *owner,
                     uint16_t type, int key_tag, int alg, int64_t when, const char *fmt, ...)
	SGN_INTERNAL SGN_PRINTF(8, 9);

/* Add a finding with a severity of its own (a limit that makes a chain insecure, not bogus). */
sgn_err_t sgn__vfind_as(sgn_findings_t *list, sgn_severity_t sev, sgn_finding_code_t code,
                        const uint8_t *owner, uint16_t type, const char *detail) SGN_INTERNAL;

#endif
