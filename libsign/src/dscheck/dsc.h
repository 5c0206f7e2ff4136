/* SPDX-License-Identifier: MIT */
/* State of one DS check, shared by its parts: the views (dscheck.c), the child's keys and
 * the new DS set (dsc_keys.c), CDS/CDNSKEY (dsc_cds.c) and the bootstrap signals
 * (dsc_boot.c). */
#ifndef SGN_DSCHECK_DSC_H
#define SGN_DSCHECK_DSC_H

#include <time.h>

#include <libsign/dscheck.h>
#include <libsign/name.h>

#include "../source/query.h"
#include "../validate/vcore.h"

struct sgn__dsc {
	const sgn_dsc_input_t *in;
	const sgn_dsc_opts_t *o;
	sgn_dsc_result_t *res;
	sgn_limits_t limits;
	struct sgn__budget budget;
	sgn_findings_t vfind;           /* what the validator core says, kept for explanations */
	struct sgn__vctx v;
	const sgn_zone_t *z;            /* the first usable view */
	const sgn_zone_rrset_t *dnskey, *cds, *cdnskey;
	struct sgn__keyset keys;        /* the child's DNSKEY RRset */
	bool *signs;                    /* keys.n: the key signs the DNSKEY RRset validly now */
	uint8_t signing_algs[32];       /* algorithms with a valid signature over it */
	bool stale;                     /* signatures were left out for the replay bound */
	const uint8_t (*ns)[SGN_NAME_MAX]; /* a bootstrap's NS host names: the input's, else the
	                                      child's NS RRset (own_ns) */
	size_t nns;
	uint8_t own_ns[SGN_DSC_NS_MAX][SGN_NAME_MAX];
};

/* Add a finding about the domain (type 0 for none); key_tag < 0: no key. */
sgn_err_t sgn__dsc_find(struct sgn__dsc *d, sgn_finding_code_t code, uint16_t type, int key_tag,
                        int alg, const char *fmt, ...) SGN_INTERNAL SGN_PRINTF(6, 7);
/* Same, with a severity of its own. */
sgn_err_t sgn__dsc_find_as(struct sgn__dsc *d, sgn_severity_t sev, sgn_finding_code_t code,
                           uint16_t type, const char *fmt, ...) SGN_INTERNAL SGN_PRINTF(5, 6);

/* The child's DNSKEY RRset: which keys sign it validly now (dsc_keys.c). */
sgn_err_t sgn__dsc_keys(struct sgn__dsc *d) SGN_INTERNAL;
/* Does a valid, fresh signature by one of @p trusted (keys.n flags) cover @p rs?
 * Findings of the validator core go to d->vfind. */
sgn_err_t sgn__dsc_signed_by(struct sgn__dsc *d, const sgn_zone_rrset_t *rs, const bool *trusted,
                             bool *ok) SGN_INTERNAL;
/* Check every DS of res->newset against the child's keys and the policy; fill newkeys. */
sgn_err_t sgn__dsc_check_set(struct sgn__dsc *d) SGN_INTERNAL;
/* Keys the DS set @p set names (with a supported digest), as keys.n flags in @p out. */
void sgn__dsc_named_by(const struct sgn__dsc *d, const sgn_dsset_t *set, bool *out) SGN_INTERNAL;

/* The new set from the CDS and CDNSKEY RRsets (dsc_cds.c): delete, consistency, digests. */
sgn_err_t sgn__dsc_from_cds(struct sgn__dsc *d) SGN_INTERNAL;

/* The bootstrap signals under every NS host (dsc_boot.c). */
sgn_err_t sgn__dsc_signals(struct sgn__dsc *d) SGN_INTERNAL;

/* The RDATA of an RRset as a DS set (for comparisons); NULL is an empty set. */
sgn_err_t sgn__dsc_rrset_set(const sgn_zone_rrset_t *rs, sgn_dsset_t *out) SGN_INTERNAL;
/* Append a copy of @p rd, duplicates too (parallel arrays). */
sgn_err_t sgn__dsset_push(sgn_dsset_t *set, const uint8_t *rd, size_t len) SGN_INTERNAL;
/* _dsboot.<child>._signal.<host> (RFC 9615 sections 3.2 and 4.1) in @p out (SGN_NAME_MAX bytes);
 * false when it would be too long. */
bool sgn__dsc_signal_name(const uint8_t *child, const uint8_t *host, uint8_t *out) SGN_INTERNAL;
/* The RRset of @p type at @p name in any zone of @p zs (a delegation's first, then one with
 * signatures): collected data may sit in a partial zone of its own. NULL when none. */
const sgn_zone_rrset_t *sgn__dsc_find_any(const sgn_zoneset_t *zs, const uint8_t *name,
                                          uint16_t type) SGN_INTERNAL;
/* Equal as sets. */
bool sgn__dsset_equal(const sgn_dsset_t *a, const sgn_dsset_t *b) SGN_INTERNAL;

/* -- live lookups (dsc_live.c, dsc_resolve.c, dsc_cache.c) -- */

#define SGN__DSC_ADDRS_MAX 8

/* Server addresses (A and AAAA RDATA). */
struct sgn__dsc_addrs {
	size_t n;
	struct {
		bool v6;
		uint8_t b[16];
	} a[SGN__DSC_ADDRS_MAX];
};
/* Add A or AAAA RDATA, once; other types, wrong lengths and more than the maximum are left out. */
void sgn__dsc_addrs_add(struct sgn__dsc_addrs *a, uint16_t type, const uint8_t *rd, size_t len) SGN_INTERNAL;
/* The @p i-th address in presentation form; false when there is none. */
bool sgn__dsc_addr_str(const struct sgn__dsc_addrs *a, size_t i, char *out, size_t cap) SGN_INTERNAL;

/* What the lookups cache keeps: the servers of a zone cut, the addresses of a host. */
enum { SGN__DSC_CACHE_CUT = 1, SGN__DSC_CACHE_HOST = 2 };
/* The unexpired addresses of (kind, name); false when none. Thread-safe; NULL cache: false. */
bool sgn__dsc_cache_get(sgn_dsc_cache_t *c, int kind, const uint8_t *name,
                        struct sgn__dsc_addrs *out) SGN_INTERNAL;
/* Keep @p addrs for (kind, name) for @p ttl seconds (at most SGN_DSC_CACHE_TTL_MAX);
 * nothing when empty, when the TTL is 0 or when the cache is full. Thread-safe. */
void sgn__dsc_cache_put(sgn_dsc_cache_t *c, int kind, const uint8_t *name,
                        const struct sgn__dsc_addrs *addrs, uint32_t ttl) SGN_INTERNAL;

/* The state of one collection's lookups. */
struct sgn__dsc_res {
	const sgn_dsc_live_opts_t *o;
	sgn_dsc_cache_t *cache;        /* the batch's (o->cache), or the collection's own */
	struct sgn__dsc_addrs roots;   /* where lookups start when no zone cut is known */
	bool has_roots;                /* roots loaded (from the cache, the hints or built in) */
	struct timespec deadline;      /* of the domain's time budget */
	bool has_deadline;
	unsigned queries;              /* asked so far (at most o->live.max_queries) */
	char why[160];                 /* the last failure */
};
/* Milliseconds left of the domain's budget, at most @p cap; 0 when it is spent. */
unsigned sgn__dsc_left_ms(const struct sgn__dsc_res *r, unsigned cap) SGN_INTERNAL;
/* sgn__query_set() to @p addr on the live port, through the per-server gate. */
sgn_err_t sgn__dsc_query(const sgn_dsc_live_opts_t *o, const char *addr, bool tcp, unsigned ms,
                         struct sgn__question *q, size_t n, sgn__qsink_fn sink, void *arg) SGN_INTERNAL;
/* The NS set of @p domain from its parent's servers (*nns 0 when none was found, with
 * r->why), at most SGN_DSC_NS_MAX host names into @p ns. */
sgn_err_t sgn__dsc_resolve_ns(struct sgn__dsc_res *r, const uint8_t *domain,
                              uint8_t (*ns)[SGN_NAME_MAX], size_t *nns) SGN_INTERNAL;
/* The addresses of NS host @p host: A, or AAAA when it has no A (out->n 0: none found). */
sgn_err_t sgn__dsc_resolve_addrs(struct sgn__dsc_res *r, const uint8_t *host,
                                 struct sgn__dsc_addrs *out) SGN_INTERNAL;

#endif
