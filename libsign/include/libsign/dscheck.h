/* SPDX-License-Identifier: MIT */
/** @file dscheck.h
 * The registrar's DS check: accept, leave alone or refuse a DS submission for a delegated
 * child zone - a DS set a registrant typed in, the child's CDS/CDNSKEY (RFC 7344, RFC
 * 8078), or an RFC 9615 bootstrap of an unsigned delegation - against what the child
 * serves, with a finding (finding.h) for every reason.
 *
 * The data of the child comes as *views*: what one zone file, one bundle, or one
 * authoritative server over one transport serves at the child's apex (DNSKEY, CDS,
 * CDNSKEY and their RRSIGs). Every view must agree. The checks reuse the validator: DS
 * matching (ds.h), the RRSIG checks of rrsig.h through the validator core, and the chain
 * validator (chain.h) for the `_dsboot` signaling names of a bootstrap.
 */
#ifndef LIBSIGN_DSCHECK_H
#define LIBSIGN_DSCHECK_H

#include <libsign/anchor.h>
#include <libsign/base.h>
#include <libsign/finding.h>
#include <libsign/rr.h>
#include <libsign/validate.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -- DS sets -- */

/** A set of DS RDATA, owned (each RDATA allocated). Caller storage: init, then release. */
typedef struct sgn_dsset {
	sgn_rdata_t *rd;
	size_t n, cap;
	uint32_t ttl;     /**< TTL, when @ref has_ttl */
	bool has_ttl;
} sgn_dsset_t;

/**
 * An empty set (no RDATA, no TTL), whatever it held before.
 * Ownership: nothing is allocated; a set that held RDATA must be released first.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_dsset_init(sgn_dsset_t *set) SGN_NONNULL(1);

/**
 * Free the RDATA; the set is empty afterwards (its TTL forgotten too).
 * Ownership: frees every RDATA copy and the array; the struct is the caller's.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_dsset_release(sgn_dsset_t *set) SGN_NONNULL(1);

/**
 * True when @p set holds RDATA equal to @p rd (octet for octet).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_dsset_contains(const sgn_dsset_t *set, const uint8_t *rd, size_t len)
	SGN_NONNULL(1);

/**
 * Add a copy of @p rd unless the set has it already (then ::SGN_OK, nothing added). The
 * RDATA is not checked: any bytes are kept.
 * @return ::SGN_OK; ::SGN_ENOMEM; ::SGN_ELIMIT beyond ::SGN_DSSET_MAX records.
 * Ownership: copies @p rd into the set.
 * Errors: ::SGN_ELIMIT when the set holds ::SGN_DSSET_MAX records; ::SGN_EINVAL for
 *         @p len over 65535; ::SGN_ENOMEM. The set is unchanged on error.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsset_add(sgn_dsset_t *set, const uint8_t *rd, size_t len)
	SGN_NONNULL(1);
/** Most records in one set: more are refused (a bound on untrusted input). */
#define SGN_DSSET_MAX 64

/**
 * Read the DS records of @p domain from zone text (a parent's dsset file, a web form's
 * text). CDS records count as DS; other types are ignored. An empty file is an empty set.
 * The TTL is kept when the text states one (a TTL field or $TTL).
 * Untrusted input: no $INCLUDE, no $GENERATE.
 * @param set    the records are added (duplicates once; it may hold records already)
 * @param path   the file ("-" reads standard input)
 * @param domain wire-form owner the records must have; also the origin of relative names
 * @return ::SGN_OK; ::SGN_EIO; ::SGN_EPARSE (with @p diag), also for a DS of another owner
 *         and for malformed DS RDATA; ::SGN_ELIMIT; ::SGN_ENOMEM.
 * Ownership: copies the RDATA into @p set.
 * Errors: ::SGN_EIO when the file cannot be read; ::SGN_EPARSE with file and line for
 *         malformed text, a DS of another owner, DS RDATA shorter than 4 bytes, $INCLUDE
 *         or $GENERATE; ::SGN_ELIMIT for more than ::SGN_DSSET_MAX records or a line over
 *         1 MiB; ::SGN_EINVAL for a malformed @p domain; ::SGN_ENOMEM. The records read
 *         before an error stay in the set.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsset_read(sgn_dsset_t *set, const char *path,
                                               const uint8_t *domain, sgn_diag_t *diag)
	SGN_NONNULL(1, 2, 3);

/* -- what is checked -- */

/** Where the proposed DS set comes from. */
typedef enum sgn_dsc_mode {
	SGN_DSC_FROM_DS = 0, /**< a DS set given by the registrant */
	SGN_DSC_FROM_CDS,    /**< the child's CDS/CDNSKEY, authenticated by the current DS set */
	SGN_DSC_BOOTSTRAP,   /**< RFC 9615: CDS/CDNSKEY of an unsigned delegation, vouched for
	                          under each NS host's zone */
} sgn_dsc_mode_t;

/**
 * "ds", "cds", "bootstrap" ("unknown" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_dsc_mode_str(sgn_dsc_mode_t mode);

/** The outcome. */
typedef enum sgn_dsc_verdict {
	SGN_DSC_ACCEPT = 0,  /**< publish the new DS set */
	SGN_DSC_NO_CHANGE,   /**< nothing to do: the new set is the current one, or no CDS */
	SGN_DSC_REFUSE,      /**< do not change the delegation: see the error findings */
} sgn_dsc_verdict_t;

/**
 * "accept", "no-change", "refuse" ("unknown" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_dsc_verdict_str(sgn_dsc_verdict_t v);

/** One view of the child: what one source serves at its apex. */
typedef struct sgn_dsc_view {
	char source[96];          /**< "FILE", or "ADDR@PORT/udp" */
	const sgn_zone_t *zone;   /**< the child's (partial) zone, borrowed from the input's
	                               zone sets; NULL when the source gave no usable answer */
	char error[160];          /**< why there is no zone (unreachable, lame, ...) */
} sgn_dsc_view_t;

/** Most views of one domain (servers times transports). */
#define SGN_DSC_VIEWS_MAX 32
/** Most NS host names looked at in a bootstrap. */
#define SGN_DSC_NS_MAX 8

/** Everything one check looks at. Caller storage: init, fill, release. */
typedef struct sgn_dsc_input {
	uint8_t domain[255];      /**< the child, wire form */
	sgn_dsset_t current;      /**< the parent's DS set now (empty: unsigned delegation) */
	sgn_dsset_t proposed;     /**< ::SGN_DSC_FROM_DS: the registrant's DS set */
	sgn_dsc_view_t views[SGN_DSC_VIEWS_MAX];
	size_t nviews;
	uint8_t ns[SGN_DSC_NS_MAX][255]; /**< NS host names (bootstrap) */
	size_t nns;
	/** bootstrap: the signal zone sets, one per NS host and type (CDS, CDNSKEY), or one
	 *  zone set (a bundle) for all; borrowed from @ref zsets */
	const sgn_zoneset_t *signals[2 * SGN_DSC_NS_MAX];
	size_t nsignals;
	sgn_zoneset_t *zsets[SGN_DSC_VIEWS_MAX + 2 * SGN_DSC_NS_MAX + 2]; /**< owned, freed on release */
	size_t nzsets;
} sgn_dsc_input_t;

/**
 * Empty input for @p domain (copied, lower-cased), whatever @p in held before.
 * @param domain wire-form name of the child
 * @return ::SGN_OK or ::SGN_EINVAL.
 * Ownership: nothing is allocated; an input that held data must be released first.
 * Errors: ::SGN_EINVAL for a malformed @p domain: @p in is then an empty input for the
 *         root name (safe to release), not one to check.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_input_init(sgn_dsc_input_t *in, const uint8_t *domain)
	SGN_NONNULL(1, 2);

/**
 * Free the sets and the owned zone sets, and empty the input for the same domain. Views'
 * zones and the signal data go with them; signals set with sgn_dsc_input_set_signals() are
 * forgotten, not freed.
 * Ownership: frees what the input owns; the struct is the caller's. Errors: none (cannot
 * fail).
 */
SGN_API void sgn_dsc_input_release(sgn_dsc_input_t *in) SGN_NONNULL(1);

/**
 * Add the child's zone file as a view (untrusted: no $INCLUDE, no $GENERATE). The file is
 * loaded with the domain as its origin and lenient DNSSEC RDATA (a malformed CDS or
 * CDNSKEY is a finding of the check, not a load error).
 * @return ::SGN_OK; the loader's errors with @p diag; ::SGN_EZONE when the file's apex is
 *         not the domain; ::SGN_ELIMIT past ::SGN_DSC_VIEWS_MAX views.
 * Ownership: the input owns the loaded zone (freed by sgn_dsc_input_release()).
 * Errors: those of sgn_zone_load() (::SGN_EIO, ::SGN_EPARSE, ::SGN_EZONE, ::SGN_ELIMIT,
 *         ::SGN_ENOMEM); ::SGN_EZONE when the apex is not the domain; ::SGN_ELIMIT when
 *         the input has ::SGN_DSC_VIEWS_MAX views or all its zone set slots are used. The
 *         input is unchanged on error.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_input_add_zone(sgn_dsc_input_t *in, const char *path,
                                                       sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Add a bundle (zoneset.h: what `sigil chain --save` writes): its zone at the domain's
 * apex is a view (with the error "no data at the child's apex" when it has none), and the
 * first bundle's set serves as the signal data of a bootstrap unless signals were set.
 * @return ::SGN_OK; the bundle loader's errors; ::SGN_ELIMIT.
 * Ownership: the input owns the bundle's zone set (freed by sgn_dsc_input_release()).
 * Errors: those of sgn_zoneset_load_bundle() (::SGN_EIO, ::SGN_EPARSE, ::SGN_ELIMIT,
 *         ::SGN_EZONE, ::SGN_ENOMEM); ::SGN_ELIMIT when the input's views or zone set
 *         slots are full. The input is unchanged on error.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_input_add_bundle(sgn_dsc_input_t *in, const char *path,
                                                         sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Add an NS host name of the child, for a bootstrap: its signaling domains are
 * _signal.HOST (RFC 9615 section 3.2). Offline there is no parent to ask; without any name,
 * a bootstrap takes the NS RRset at the child's name in the first usable view (the
 * delegation in a bundle, or the apex NS RRset of the child's zone file).
 * @param host wire-form host name (copied, lower-cased; not checked for duplicates)
 * @return ::SGN_OK; ::SGN_ELIMIT past ::SGN_DSC_NS_MAX names; ::SGN_EINVAL for a name that
 *         is not one.
 * Ownership: copies @p host.
 * Errors: ::SGN_EINVAL for a malformed wire name; ::SGN_ELIMIT when the input has
 *         ::SGN_DSC_NS_MAX names already.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_input_add_ns(sgn_dsc_input_t *in, const uint8_t *host)
	SGN_NONNULL(1, 2);

/**
 * Use @p zs as the signal data of a bootstrap, for every NS host: the zones from the trust
 * anchors down to the signaling names (the NS hosts' zone files and those of the zones
 * above them, as sgn_zoneset_load_dir() reads them, or a bundle). Replaces the signal data
 * a bundle gave.
 * Ownership: @p zs is borrowed and must outlive the input (the checks of a batch can share
 * one). Errors: none (cannot fail).
 * Thread safety: several inputs on several threads may share one @p zs (it is only read).
 */
SGN_API void sgn_dsc_input_set_signals(sgn_dsc_input_t *in, const sgn_zoneset_t *zs)
	SGN_NONNULL(1, 2);

/** The per-server gate of a batch: how many queries may be under way to one server at
 * once, over all threads. Opaque; thread-safe. */
typedef struct sgn_dsc_gate sgn_dsc_gate_t;

/**
 * A per-server gate for the collections of a batch.
 * @param out        receives the gate
 * @param per_server queries under way to one server at once, over all threads; 0: no limit
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_dsc_gate_free() (NULL on error).
 * Errors: ::SGN_ENOMEM.
 * Thread safety: the gate may be shared by collections running on any number of threads.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_gate_new(sgn_dsc_gate_t **out, unsigned per_server)
	SGN_NONNULL(1);

/**
 * Free a gate.
 * Ownership: frees @p gate; NULL is ignored. No collection may still be using it.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_dsc_gate_free(sgn_dsc_gate_t *gate);

/** The lookups cache of a batch: the servers of the zones met on the way to each child's
 * parent (the root, the TLD, ...) and the addresses of NS hosts, shared by all threads, so
 * that a batch of many children under the same parent asks the root and the parent's
 * parents once instead of once per domain (and does not run into the servers' response
 * rate limits). Entries expire with their records' TTL, after at most
 * ::SGN_DSC_CACHE_TTL_MAX seconds; at most ::SGN_DSC_CACHE_MAX names are kept, beyond that
 * lookups go uncached. Opaque; thread-safe. */
typedef struct sgn_dsc_cache sgn_dsc_cache_t;

/** Most names in a lookups cache. */
#define SGN_DSC_CACHE_MAX 16384
/** Longest time an entry of a lookups cache is used, in seconds (shorter when its TTL is). */
#define SGN_DSC_CACHE_TTL_MAX 3600

/**
 * An empty lookups cache.
 * @param out receives the cache
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_dsc_cache_free() (NULL on error).
 * Errors: ::SGN_ENOMEM.
 * Thread safety: the cache may be shared by collections running on any number of threads
 *         (a mutex guards it). Its entries expire by the monotonic clock, not `now`.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_cache_new(sgn_dsc_cache_t **out) SGN_NONNULL(1);

/**
 * Free a cache and its entries.
 * Ownership: frees @p cache; NULL is ignored. No collection may still be using it.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_dsc_cache_free(sgn_dsc_cache_t *cache);

/** Options of a live collection. */
typedef struct sgn_dsc_live_opts {
	sgn_live_opts_t live;     /**< how names are resolved (hints, servers, port, timeout) */
	const char *const *ns;    /**< the child's servers, "HOST" or "HOST@ADDR" (NULL: the
	                               parent's NS set, looked up live) */
	size_t nns;
	sgn_dsc_gate_t *gate;     /**< NULL: no per-server limit */
	sgn_dsc_cache_t *cache;   /**< lookups shared with other collections (a batch's); NULL:
	                               the collection keeps its own */
	unsigned budget_ms;       /**< the domain's time bound for all its queries (0: none) */
	unsigned max_servers;     /**< addresses asked (default 8) */
} sgn_dsc_live_opts_t;

/**
 * Defaults: the defaults of sgn_live_opts_init() (port 53, 2 s per query), 10 s per
 * domain, 8 servers, the parent's NS set, no gate, no shared cache.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_dsc_live_opts_init(sgn_dsc_live_opts_t *opts) SGN_NONNULL(1);

/**
 * Collect the child's data live: its NS set (given, or from the parent's servers, found by
 * referrals from the root), every address of every NS host, and from each address over
 * UDP and over TCP the SOA, DNSKEY, CDS and CDNSKEY RRsets with the DO bit, the four
 * questions at once (over TCP pipelined on one connection): one view per address and
 * transport, a failed or lame one with its error. With live.servers, the NS set and the
 * addresses are looked up through those (recursive) servers instead. With @p bootstrap,
 * also the chain data of each NS host's `_dsboot.<domain>._signal.<host>` CDS and CDNSKEY.
 * @return ::SGN_OK when the collection ran (unreachable servers are views with errors);
 *         ::SGN_EIO when the NS set itself could not be found; ::SGN_EPARSE for a bad
 *         HOST@ADDR; ::SGN_ENOMEM.
 * Ownership: the input owns the zone sets of the views and the signal data (freed by
 *         sgn_dsc_input_release()); @p opts, its gate and cache are only borrowed for the
 *         call.
 * Errors: ::SGN_EIO when no NS set was found for the domain, or no address for any of its
 *         hosts; ::SGN_EPARSE for a bad "HOST" or "HOST@ADDR" in opts->ns; ::SGN_ELIMIT
 *         when the input's views or zone set slots run out; ::SGN_ENOMEM. Views added
 *         before an error stay in the input.
 * Thread safety: re-entrant: collections for different inputs may run on several threads
 *         at once, sharing one gate and one cache.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_collect_live(sgn_dsc_input_t *in,
                                                     const sgn_dsc_live_opts_t *opts,
                                                     bool bootstrap, sgn_diag_t *diag)
	SGN_NONNULL(1, 2);

/** Policy: what a registry allows (RFC 8624 defaults). */
typedef struct sgn_dsc_policy {
	uint8_t digests[4];       /**< digest types kept from CDS and made from CDNSKEY
	                               (default SHA-256) */
	size_t ndigests;
	bool allow_sha1;          /**< SHA-1 DS digests (RFC 8624 section 3.3: MUST NOT) */
	bool allow_deprecated;    /**< DNSKEY algorithms RFC 8624 says MUST NOT sign (RSAMD5,
	                               DSA, RSASHA1, ...) */
	bool allow_unsupported;   /**< algorithms or digests libsign cannot check */
	bool has_not_before;
	int64_t not_before;       /**< replay protection: signatures made (inception) before
	                               this do not count */
} sgn_dsc_policy_t;

/** Options of one check. */
typedef struct sgn_dsc_opts {
	int64_t now;              /**< validation time */
	sgn_dsc_mode_t mode;
	sgn_dsc_policy_t policy;
	sgn_limits_t limits;      /**< limits.work 0: 2000 signature checks per domain */
	const sgn_anchors_t *anchors; /**< bootstrap: anchors of the signal zones' chains */
	bool has_ttl;
	uint32_t ttl;             /**< TTL of the new set (default: the current set's) */
} sgn_dsc_opts_t;

/**
 * Defaults with @p now: mode ::SGN_DSC_FROM_DS, SHA-256 only, RFC 8624 policy (no SHA-1,
 * no deprecated or unsupported algorithms), no replay bound, the limits of
 * sgn_limits_init(), no anchors, the current set's TTL.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_dsc_opts_init(sgn_dsc_opts_t *opts, int64_t now) SGN_NONNULL(1);

/** The outcome of one check. */
typedef struct sgn_dsc_result {
	sgn_dsc_verdict_t verdict;
	sgn_dsset_t newset;       /**< the DS set after the change (the current one when the
	                               verdict is not accept); empty: the delegation goes insecure */
	sgn_dsset_t newkeys;      /**< DNSKEY RDATA of each new DS, parallel to @ref newset
	                               (empty RDATA where none matched), for EPP keyData */
	bool delete_requested;    /**< an RFC 8078 delete CDS/CDNSKEY was honoured */
	int64_t newest_inception; /**< of the signatures relied on, for the next replay bound */
	sgn_findings_t findings;  /**< every reason, in order found */
	size_t verifications;     /**< signature checks made */
} sgn_dsc_result_t;

/**
 * Free a result made by sgn_dsc_check(): its sets, findings and the struct itself.
 * Ownership: frees @p res; NULL is ignored. Errors: none (cannot fail).
 */
SGN_API void sgn_dsc_result_free(sgn_dsc_result_t *res);

/**
 * Check one submission: the views agree; the child's DNSKEY RRset is signed; every DS of
 * the new set matches a zone key that signs the DNSKEY RRset now, and every algorithm of
 * the set signs it (RFC 4035 sections 2.2 and 5.2, RFC 6840 section 5.11); digests and
 * algorithms pass the policy; with CDS, the CDS/CDNSKEY RRsets are signed by a key the
 * current DS set authenticates (RFC 7344 section 4.1), agree with each other, are newer
 * than the replay bound, and a delete (RFC 8078 section 4) stands alone; with a bootstrap,
 * the signals under every NS host validate securely and agree with the child (RFC 9615).
 * @param out receives the result; free with sgn_dsc_result_free()
 * @return ::SGN_OK whenever a verdict was reached (a refusal included); ::SGN_ENOMEM;
 *         ::SGN_EINVAL (a bootstrap without anchors).
 * Ownership: the caller frees *@p out with sgn_dsc_result_free() (NULL on error); its sets
 *         and findings are copies and do not borrow from @p in.
 * Errors: ::SGN_EINVAL for ::SGN_DSC_BOOTSTRAP without opts->anchors; ::SGN_ECRYPTO
 *         when the crypto library fails; ::SGN_ENOMEM. Everything else about the child, a
 *         work limit reached included, is a finding of an ::SGN_OK result: CDS or CDNSKEY
 *         records (or signals) that make more than ::SGN_DSSET_MAX DS records refuse the
 *         submission with ds-set-too-large.
 * Thread safety: re-entrant: checks of different inputs may run on several threads at once
 *         (@p in is only read, so one input may be checked twice at once too).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dsc_check(sgn_dsc_result_t **out, const sgn_dsc_input_t *in,
                                              const sgn_dsc_opts_t *opts) SGN_NONNULL(1, 2, 3);

#ifdef __cplusplus
}
#endif
#endif
