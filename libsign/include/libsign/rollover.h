/* SPDX-License-Identifier: MIT */
/** @file rollover.h
 * Key rollovers by RFC 7583 timing: BIND 9.18 `dnssec-policy` blocks, the state of a key
 * directory (BIND key-file timing metadata plus BIND 9.16+ `K*.state` files), the dated
 * plan of every rollover method, the step that carries a plan out, and a simulator that
 * checks, for every combination of RRset versions a resolver may hold in its cache, that
 * the chain of trust never breaks.
 *
 * The model is the one BIND's key manager uses (after "Flexible and Robust Key Rollover",
 * van Rijswijk-Deij and Mekking): each key has up to four records - its DNSKEY, its RRSIGs
 * over the DNSKEY RRset (KRRSIG), its RRSIGs over the zone data (ZRRSIG) and its DS at the
 * parent - and each record is hidden, rumoured (introduced, not yet in every cache),
 * omnipresent, or unretentive (withdrawn, still in some caches). Every rollover method is a
 * sequence of stages, each introducing or withdrawing records; a stage may start when every
 * record an earlier stage changed has settled (RFC 7583 §3's intervals). libsign never
 * signs a zone here: it writes key files that any signer honouring BIND's timing metadata
 * (`sigil sign -K`, `dnssec-signzone -S`) follows.
 *
 * libsign never reads the wall clock: every function takes `now`.
 */
#ifndef LIBSIGN_ROLLOVER_H
#define LIBSIGN_ROLLOVER_H

#include <stdio.h>

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/zoneset.h>

#ifdef __cplusplus
extern "C" {
#endif

/* -- durations (parsed by sgn_duration_from_str(), time.h) -------------------------------- */

/**
 * Write a duration for people: "2h5m", "30d", "0s", "-1h" (days, hours, minutes and
 * seconds; every int64_t, INT64_MIN included, fits).
 * @param buf at least 32 bytes
 * @return @p buf.
 * Ownership: writes into @p buf, allocates nothing. Errors: none; re-entrant.
 */
SGN_API const char *sgn_duration_str(char *buf, int64_t seconds) SGN_NONNULL(1);

/* -- policy ---------------------------------------------------------------------------- */

/** Key roles: bits, a CSK being both. */
#define SGN_ROLE_KSK 1u
#define SGN_ROLE_ZSK 2u
#define SGN_ROLE_CSK 3u

/**
 * "KSK", "ZSK", "CSK" (or "key" for 0 and for anything above ::SGN_ROLE_CSK).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_role_name(unsigned role);

/** Every rollover (and going secure or insecure) sigil plans. */
typedef enum sgn_roll_method {
	SGN_ROLL_ZSK_PRE_PUBLICATION = 0, /**< RFC 7583 §3.2.1 */
	SGN_ROLL_ZSK_DOUBLE_SIGNATURE,    /**< RFC 7583 §3.2.2 */
	SGN_ROLL_KSK_DOUBLE_KSK,          /**< RFC 7583 §3.3.1 */
	SGN_ROLL_KSK_DOUBLE_DS,           /**< RFC 7583 §3.3.2 */
	SGN_ROLL_KSK_DOUBLE_RRSET,        /**< RFC 7583 §3.3.3 */
	SGN_ROLL_CSK,                     /**< a CSK, double-signature style, then the DS */
	SGN_ROLL_ALGORITHM,               /**< RFC 6781 §4.1.4 (any change of the key set) */
	SGN_ROLL_GO_SECURE,               /**< first keys, then the DS */
	SGN_ROLL_GO_INSECURE,             /**< RFC 8078 §4 CDS/CDNSKEY delete, then unsigned */
	SGN_ROLL_METHOD__COUNT
} sgn_roll_method_t;

/**
 * A method's name, sgn_roll_method_name() ("zsk-pre-publication", "ksk-double-ds",
 * "algorithm", ...), and where it comes from, sgn_roll_method_rfc() ("RFC 7583 section
 * 3.2.1", ...).
 * @return a static string; NULL when @p m is out of range.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_roll_method_name(sgn_roll_method_t m);
SGN_API const char *sgn_roll_method_rfc(sgn_roll_method_t m);

#define SGN_POLICY_KEYS_MAX 8
#define SGN_POLICY_NAME_MAX 64

/** One `keys { ... }` entry. */
typedef struct sgn_policy_key {
	unsigned role;           /**< ::SGN_ROLE_KSK, ::SGN_ROLE_ZSK or ::SGN_ROLE_CSK */
	bool key_directory;      /**< `key-directory` was given (the only key store) */
	int64_t lifetime;        /**< seconds; 0: unlimited */
	uint8_t algorithm;
	unsigned bits;           /**< 0: the algorithm's default size */
	unsigned long line;      /**< where it was written (0: a default) */
} sgn_policy_key_t;

/**
 * A `dnssec-policy` block, with BIND 9.18's defaults for what it does not say (see
 * sgn_policy_init()). Durations are in seconds.
 */
typedef struct sgn_policy {
	char name[SGN_POLICY_NAME_MAX];
	sgn_policy_key_t keys[SGN_POLICY_KEYS_MAX];
	size_t nkeys;                 /**< 0: an insecure policy (the zone goes unsigned) */
	int64_t dnskey_ttl;           /**< TTLkey, default 1h */
	int64_t max_zone_ttl;         /**< TTLsig, default 1d */
	int64_t publish_safety;       /**< default 1h */
	int64_t retire_safety;        /**< default 1h */
	int64_t purge_keys;           /**< default 90d; 0: never purge */
	int64_t zone_propagation_delay;   /**< Dprp (DprpC), default 5m */
	int64_t parent_ds_ttl;            /**< TTLds, default 1d */
	int64_t parent_propagation_delay; /**< DprpP, default 1h */
	int64_t signatures_validity;        /**< default 14d */
	int64_t signatures_validity_dnskey; /**< default 14d */
	int64_t signatures_refresh;         /**< default 5d */
	int64_t signing_delay;        /**< Dsgn (sigil's `signing-delay`): how long after a ZSK
	                                   change every RRset carries the new signatures; default,
	                                   as BIND reckons for its incremental signer,
	                                   signatures-validity - signatures-refresh */
	bool nsec3;                   /**< `nsec3param` was given */
	uint16_t nsec3_iterations;    /**< default 0 */
	bool nsec3_optout;
	uint8_t nsec3_salt_length;    /**< default 0 */
	uint8_t cds_digests[4];       /**< `cds-digest-types`, default SHA-256 */
	size_t ncds_digests;
	sgn_roll_method_t zsk_method; /**< sigil's `zsk-roll-method`, default pre-publication */
	sgn_roll_method_t ksk_method; /**< sigil's `ksk-roll-method`, default double-KSK */
	char file[SGN_DIAG_FILE_MAX]; /**< where it was read from, "" for the built-in default */
	unsigned long line;           /**< the line of `dnssec-policy` */
} sgn_policy_t;

/**
 * BIND's built-in "default" policy: one CSK, unlimited lifetime, ECDSAP256SHA256, and the
 * default of every option (dnskey-ttl 1h, max-zone-ttl 1d, publish-safety 1h,
 * retire-safety 1h, purge-keys 90d, zone-propagation-delay 5m, parent-ds-ttl 1d,
 * parent-propagation-delay 1h, signatures-validity 14d, signatures-validity-dnskey 14d,
 * signatures-refresh 5d, no NSEC3, cds-digest-types SHA-256), named "default".
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_policy_init(sgn_policy_t *policy) SGN_NONNULL(1);

/**
 * Read the `dnssec-policy "NAME" { ... };` block named @p name from named.conf text (other
 * statements are skipped, braces balanced; comments `//`, `#` and `/ * * /`). Options left out
 * keep BIND's defaults. Beyond BIND 9.18's options, the block may hold sigil's
 * `zsk-roll-method pre-publication|double-signature`, `ksk-roll-method
 * double-ksk|double-ds|double-rrset` and `signing-delay DURATION`. The policy is then
 * checked: every algorithm has a KSK and a ZSK role (or a CSK), signatures-refresh is below
 * 90% of both validities, and no key lifetime is shorter than the rollover it starts.
 * BIND's built-in "default" and "insecure" may be named without a block for them.
 * @param name the policy to take; NULL: the only one in the text
 * @param file the file name for diagnostics
 * @return ::SGN_OK; ::SGN_EPARSE (syntax, unknown option, bad value, unsafe policy) with
 *         @p diag naming the file and line; ::SGN_ENOTFOUND (no such policy, or several and
 *         @p name NULL).
 * Ownership: fills the caller's @p policy (no allocation; unchanged on error). Errors: as
 * above (::SGN_EPARSE also for a policy block defined twice). Re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_policy_parse(sgn_policy_t *policy, const char *text,
                                                 size_t len, const char *file, const char *name,
                                                 sgn_diag_t *diag) SGN_NONNULL(1);

/**
 * sgn_policy_parse() on a file.
 * @return as sgn_policy_parse(); ::SGN_EIO when the file cannot be read.
 * Ownership: as sgn_policy_parse(). Errors: as above, and ::SGN_ELIMIT for a file over
 * 4 MiB, ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_policy_read(sgn_policy_t *policy, const char *path,
                                                const char *name, sgn_diag_t *diag)
	SGN_NONNULL(1, 2);

/* -- key states ------------------------------------------------------------------------ */

/** The records of a key, as in BIND's `.state` files. */
typedef enum sgn_rec {
	SGN_REC_DNSKEY = 0, /**< the DNSKEY in the zone's DNSKEY RRset */
	SGN_REC_KRRSIG,     /**< its RRSIGs over the DNSKEY RRset (KSK role) */
	SGN_REC_ZRRSIG,     /**< its RRSIGs over the zone data (ZSK role) */
	SGN_REC_DS,         /**< its DS at the parent (KSK role) */
	SGN_REC__COUNT
} sgn_rec_t;

/**
 * "DNSKEY", "KRRSIG", "ZRRSIG", "DS" ("?" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_rec_name(sgn_rec_t rec);

/** Where a record is, as far as caches are concerned. */
typedef enum sgn_rstate {
	SGN_RS_HIDDEN = 0,   /**< not published, in no cache */
	SGN_RS_RUMOURED,     /**< published, not yet in every cache */
	SGN_RS_OMNIPRESENT,  /**< published and in every cache that holds the RRset */
	SGN_RS_UNRETENTIVE,  /**< withdrawn, still in some caches */
} sgn_rstate_t;

/**
 * "hidden", "rumoured", "omnipresent", "unretentive" (BIND's words; "?" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_rstate_name(sgn_rstate_t st);

/** One key of a directory as the rollover model sees it. Borrowed view. */
typedef struct sgn_roll_key {
	const sgn_key_t *key;        /**< the key (public half at least); NULL for a key the
	                                  plan will generate */
	char basename[256];          /**< `K<zone>+AAA+TTTTT`, "" for a planned key */
	unsigned role;               /**< ::SGN_ROLE_* */
	uint8_t algorithm;
	uint16_t tag;                /**< 0 for a planned key */
	bool has_rec[SGN_REC__COUNT];        /**< the record belongs to the key's role */
	sgn_rstate_t state[SGN_REC__COUNT];  /**< at `now` */
	int64_t changed[SGN_REC__COUNT];     /**< when the record last changed state */
	bool goal_omnipresent;       /**< BIND's GoalState: the key is wanted (not retiring) */
	bool has_state_file;         /**< a `.state` file was read; else states come from the
	                                  timing metadata */
	bool ds_assumed;             /**< no `.state`: the DS is assumed to be at the parent
	                                  because the key signs */
	int64_t lifetime;            /**< 0: unlimited */
	uint16_t predecessor, successor; /**< key tags, 0 for none */
	const char *rfc7583_state;   /**< RFC 7583 §3.1: "generated", "published", "ready",
	                                  "active", "retired", "dead", "removed" */
} sgn_roll_key_t;

/* -- a key directory under a policy ---------------------------------------------------- */

/** The keys of one zone in one directory, their states, and the rollovers they are in. Opaque. */
typedef struct sgn_rollover sgn_rollover_t;

/**
 * Read every key of @p zone in @p dir (with its `.state` file when there is one), derive
 * each record's state at @p now (from the `.state` file, settled by the policy's intervals,
 * or from the timing metadata), and find the rollovers under way or due.
 * @param zone   wire-form zone name (copied)
 * @param policy borrowed; must outlive the object
 * @param out    receives the object; free with sgn_rollover_free()
 * @param dir    the key directory (must not be NULL, at most 4095 bytes)
 * @return ::SGN_OK; errors of sgn_keylist_read_dir(); ::SGN_EPARSE for a malformed `.state`
 *         file (file and line in @p diag); ::SGN_EKEY when the keys match no rollover
 *         stage (a state no method leads to); ::SGN_ENOMEM.
 * Ownership: *@p out is the caller's (sgn_rollover_free()); @p policy stays the caller's
 * and is read for as long as the object lives. Errors: as above, and ::SGN_EINVAL for a
 * malformed @p zone, a NULL or too long @p dir, or a NULL @p policy. Not shareable between
 * threads while a step runs.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rollover_open(sgn_rollover_t **out, const uint8_t *zone,
                                                  const char *dir, const sgn_policy_t *policy,
                                                  int64_t now, sgn_diag_t *diag)
	SGN_NONNULL(1, 2);

/**
 * Free the object and the keys it read (the policy is the caller's).
 * Ownership: frees @p r; NULL is ignored. Views from sgn_rollover_get_key() die with it.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_rollover_free(sgn_rollover_t *r);

/**
 * The keys read: sgn_rollover_key_count() of them, and the @p i-th in file-name order
 * (NULL out of range).
 * Ownership: the key view is borrowed, valid while @p r lives and is not stepped.
 * Errors: none (cannot fail).
 */
SGN_API size_t sgn_rollover_key_count(const sgn_rollover_t *r) SGN_NONNULL(1);
SGN_API const sgn_roll_key_t *sgn_rollover_get_key(const sgn_rollover_t *r, size_t i)
	SGN_NONNULL(1);

/* -- the plan -------------------------------------------------------------------------- */

/** What happens at one instant of a plan. */
typedef enum sgn_roll_event_kind {
	SGN_EV_GENERATE = 0,    /**< create the key files */
	SGN_EV_PUBLISH_DNSKEY,  /**< put the DNSKEY into the zone */
	SGN_EV_ACTIVATE,        /**< start signing with the key */
	SGN_EV_PUBLISH_CDS,     /**< publish its CDS/CDNSKEY (RFC 7344) */
	SGN_EV_SUBMIT_DS,       /**< send its DS to the parent (registrar, EPP) */
	SGN_EV_DS_SEEN,         /**< the parent serves it (confirmed by the operator or
	                             --check-parent) */
	SGN_EV_WITHDRAW_DS,     /**< ask the parent to remove its DS */
	SGN_EV_DS_GONE,         /**< the parent no longer serves it */
	SGN_EV_RETIRE,          /**< stop signing with the key */
	SGN_EV_REMOVE_DNSKEY,   /**< take the DNSKEY out of the zone */
	SGN_EV_DELETE_CDS,      /**< withdraw its CDS/CDNSKEY */
	SGN_EV_PURGE,           /**< delete the key files (purge-keys after removal) */
	SGN_EV__COUNT
} sgn_roll_event_kind_t;

/**
 * "generate", "publish-dnskey", "activate", ... (the JSON names).
 * @return a static string; NULL when @p kind is out of range.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_roll_event_name(sgn_roll_event_kind_t kind);

/** The interval that sets a time: the record whose settling it waits for. */
typedef struct sgn_roll_wait {
	const char *name;     /**< RFC 7583's name ("Ipub", "Iret", "IpubP", ...); NULL: no wait */
	const char *formula;  /**< "Dprp + TTLkey + publish-safety", ... */
	int64_t value;        /**< the interval, seconds */
	int64_t since;        /**< the change it counts from */
	size_t key;           /**< the plan key whose record it is */
	sgn_rec_t rec;
} sgn_roll_wait_t;

/** A key in a plan: one of the directory's or one the plan generates. */
typedef struct sgn_plan_key {
	uint16_t tag;         /**< 0 until generated */
	unsigned role;
	uint8_t algorithm;
	char label[48];       /**< "ZSK 12345" ("ZSK 12345 #2" for a second key of one role
	                           and tag) or "new ZSK 1 (ECDSAP256SHA256)" */
} sgn_plan_key_t;

/** One event of a plan. */
typedef struct sgn_plan_event {
	int64_t time;              /**< earliest safe time (or when it happened) */
	sgn_roll_event_kind_t kind;
	size_t key;                /**< index in the plan's keys */
	size_t roll;               /**< index in the plan's rolls */
	size_t stage;              /**< index in that roll's stages */
	bool done;                 /**< already happened */
	bool operator_action;      /**< someone outside the zone must act (the parent) */
	sgn_roll_wait_t wait;      /**< what sets its time */
} sgn_plan_event_t;

/** One stage of a rollover. */
typedef struct sgn_plan_stage {
	const char *name;          /**< "publish the new DNSKEY", ... */
	int64_t time;              /**< when it happened, or its earliest safe time */
	bool done;
	bool due;                  /**< not done and its time has come */
	bool needs_parent;         /**< changes the DS set: waits for --ds-seen / --ds-withdrawn /
	                                --check-parent */
	bool scheduled;            /**< the key files set its time (timing metadata) */
	bool early;                /**< ... earlier than the intervals allow (see `wait`) */
	sgn_roll_wait_t wait;      /**< the interval that sets the earliest safe time */
} sgn_plan_stage_t;

#define SGN_PLAN_STAGES_MAX 8

/** One rollover: a method, the keys it retires and introduces, its stages. */
typedef struct sgn_plan_roll {
	sgn_roll_method_t method;
	bool under_way;            /**< a stage is done already */
	size_t old_keys[4], nold;  /**< plan key indices */
	size_t new_keys[4], nnew;
	sgn_plan_stage_t stages[SGN_PLAN_STAGES_MAX];
	size_t nstages;
	size_t current;            /**< first stage not done (nstages when all are) */
	int64_t purge;             /**< when the old keys' files may go (INT64_MAX: never) */
} sgn_plan_roll_t;

/** A dated plan. Free with sgn_plan_free(). */
typedef struct sgn_plan {
	int64_t now;
	sgn_plan_key_t *keys;
	size_t nkeys;
	sgn_plan_roll_t *rolls;
	size_t nrolls;
	sgn_plan_event_t *events;  /**< every event, in time order */
	size_t nevents;
	struct sgn_timeline *timeline; /**< the plan as a timeline (see sgn_simulate()); owned */
} sgn_plan_t;

/**
 * The plan from @p r's state: every rollover under way carried to its end, and for each
 * key with a finite lifetime its next rollover (for instance a ZSK pre-publication roll
 * starts at Tact + Lzsk - Ipub, RFC 7583 §3.2.1), with the earliest safe time of every
 * event and the interval that sets it. DS changes are assumed to be seen by the parent
 * as soon as they are due; later confirmation shifts what follows.
 * @param out receives the plan; free with sgn_plan_free()
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: *@p out is the caller's (NULL on error), its keys, rolls, events and timeline
 * with it; @p r is not changed. Errors: ::SGN_ENOMEM; ::SGN_ELIMIT for more than 64 keys in
 * the plan's timeline; ::SGN_EEXIST when two keys of one role have the same tag (their
 * timeline names clash); ::SGN_EKEY when the keys match no rollover stage.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rollover_plan(const sgn_rollover_t *r, sgn_plan_t **out)
	SGN_NONNULL(1, 2);

/**
 * Free a plan, its arrays and its timeline.
 * Ownership: frees @p plan; NULL is ignored. Errors: none (cannot fail).
 */
SGN_API void sgn_plan_free(sgn_plan_t *plan);

/* -- step ------------------------------------------------------------------------------ */

/** What sgn_rollover_step() may do. */
typedef struct sgn_step_opts {
	int64_t now;
	bool force;          /**< also perform the next stage before its time (with a warning) */
	bool ds_seen;        /**< the operator says the parent serves the submitted DS set */
	bool ds_withdrawn;   /**< the operator says the parent removed the withdrawn DS */
	bool dry_run;        /**< write nothing, say what would be done */
	const sgn_live_opts_t *check_parent; /**< ask every server of the parent for the DS set */
	const sgn_live_opts_t *check_child;  /**< ask every server of the zone for the DNSKEY set */
} sgn_step_opts_t;

#define SGN_STEP_CHANGES_MAX 64
#define SGN_STEP_TEXT_MAX 512

/** What a step did, or why it did not. */
typedef struct sgn_step_result {
	char changes[SGN_STEP_CHANGES_MAX][160]; /**< one line per change, in order */
	size_t nchanges;
	bool due;            /**< a stage was due */
	bool blocked;        /**< ... and could not be performed (see `why`) */
	char why[SGN_STEP_TEXT_MAX];
	char warning[SGN_STEP_TEXT_MAX]; /**< --force: what may break */
	int64_t next;        /**< when the next stage becomes safe (INT64_MAX: nothing planned) */
	char next_what[160];
} sgn_step_result_t;

/**
 * Perform every stage whose time has come: generate successor keys (collision-free tags,
 * through sgn_key_generate_unique()), rewrite the timing metadata of the key files and the
 * `.state` files (each atomically), and purge keys whose purge-keys time has passed. A
 * stage that changes the DS set is performed only when the parent's change is confirmed
 * (@p opts ds_seen / ds_withdrawn, or every server of the parent agrees under
 * check_parent); until then the step is blocked. A second step on the same directory at
 * the same time is refused (a lock file, `.sigil-rollover.lock`). @p r is re-read
 * afterwards.
 * @return ::SGN_OK when the step ran (see @p res for what it did or why not); ::SGN_EEXIST
 *         when another step holds the lock; ::SGN_EIO; ::SGN_ECRYPTO / ::SGN_ELIMIT from key
 *         generation; ::SGN_ENOMEM. @p diag says which.
 * Ownership: @p res is the caller's storage; @p opts and its live options are borrowed for
 * the call. Views from sgn_rollover_get_key() taken before the step are invalid after it.
 * Errors: as above, and the errors of sgn_rollover_open() from re-reading the directory
 * (before the step, under the lock, and again after it; dry_run re-reads before it only,
 * without the lock, and writes nothing); on an error after some files were written, each
 * file written is whole. After an error @p r may hold no keys: free it.
 * Thread safety: one step per directory at a time, also across processes (the lock).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rollover_step(sgn_rollover_t *r, sgn_step_result_t *res,
                                                  const sgn_step_opts_t *opts, sgn_diag_t *diag)
	SGN_NONNULL(1, 2, 3);

/* -- timelines and the cache simulator ------------------------------------------------- */

/**
 * A timeline: keys and the instants their records are introduced or withdrawn, the first
 * instant's records in place since forever. Made from a plan, read from a file, or built
 * by hand. Opaque.
 *
 * The file format, one statement a line (`;` starts a comment):
 *
 *     key NAME ROLE ALGORITHM          ROLE: KSK, ZSK or CSK; ALGORITHM: number or mnemonic
 *     TIME +|- NAME RECORD...          RECORD: dnskey, krrsig, zrrsig, ds
 *
 * TIME is Unix seconds, YYYYMMDDHHMMSS, or `always`: records in place since forever (the
 * state the timeline starts from). Before the first instant nothing else was published.
 * The lines of one TIME may come in any order.
 */
typedef struct sgn_timeline sgn_timeline_t;

/**
 * An empty timeline.
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: *@p out is the caller's (sgn_timeline_free(); NULL on error). Errors: as above.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_timeline_new(sgn_timeline_t **out) SGN_NONNULL(1);

/**
 * Free a timeline.
 * Ownership: frees @p tl; NULL is ignored. Errors: none (cannot fail).
 */
SGN_API void sgn_timeline_free(sgn_timeline_t *tl);

/**
 * Add a key.
 * @param index receives its index (may be NULL)
 * @param name  1 to 31 characters without space, tab, ';' or line breaks; unique
 * @param role  ::SGN_ROLE_KSK, ::SGN_ROLE_ZSK or ::SGN_ROLE_CSK
 * @return ::SGN_OK; ::SGN_EEXIST for a name in use; ::SGN_EINVAL; ::SGN_ELIMIT beyond 64
 *         keys.
 * Ownership: copies @p name.
 * Errors: ::SGN_EINVAL for a bad name or role; ::SGN_EEXIST for a name in use;
 *         ::SGN_ELIMIT when the timeline has 64 keys.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_timeline_add_key(sgn_timeline_t *tl, size_t *index,
                                                     const char *name, unsigned role,
                                                     uint8_t algorithm) SGN_NONNULL(1, 3);

/**
 * Introduce (@p up) or withdraw a record of key @p key at @p time (INT64_MIN: always, the
 * state the timeline starts from).
 * The event is sorted in by time, after the events of the same instant (which keep the
 * order they were added in), so events may be added in any order.
 * @return ::SGN_OK; ::SGN_EINVAL for a key out of range or a record its role lacks;
 *         ::SGN_ENOMEM.
 * Ownership: nothing the caller frees. Errors: as above.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_timeline_add_event(sgn_timeline_t *tl, int64_t time,
                                                       size_t key, sgn_rec_t rec, bool up)
	SGN_NONNULL(1);

/**
 * Number of events.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API size_t sgn_timeline_event_count(const sgn_timeline_t *tl) SGN_NONNULL(1);

/**
 * The @p i-th event in time order.
 * @return false when @p i is out of range (the outputs are untouched then).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_timeline_get_event(const sgn_timeline_t *tl, int64_t *time, size_t *key,
                                    sgn_rec_t *rec, bool *up, size_t i)
	SGN_NONNULL(1, 2, 3, 4, 5);

/**
 * Move the @p i-th event (time order) to @p time: how a test or an operator makes a
 * deliberately wrong variant of a plan. The events are sorted again (stably).
 * @return ::SGN_OK or ::SGN_EINVAL.
 * Ownership: nothing is allocated. Errors: ::SGN_EINVAL for @p i out of range.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_timeline_move_event(sgn_timeline_t *tl, size_t i,
                                                        int64_t time) SGN_NONNULL(1);

/**
 * Read a timeline file (format above).
 * @return ::SGN_OK; ::SGN_EPARSE with the file and line; ::SGN_EIO; ::SGN_ENOMEM.
 * Ownership: *@p out is the caller's (sgn_timeline_free()); it is set only on success,
 * untouched on error. Errors: as above, and ::SGN_ELIMIT for a file over 16 MiB.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_timeline_read(sgn_timeline_t **out, const char *path,
                                                  sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Parse timeline text. A line may hold up to 511 bytes; a longer one is an error.
 * @param file the name for diagnostics (may be NULL)
 * @return as sgn_timeline_read().
 * Ownership: as sgn_timeline_read(): *@p out is set only on success.
 * Errors: ::SGN_EPARSE with file and line for a malformed line or one over 511 bytes, an
 *         unknown key, role, algorithm or record, a bad or duplicate key name (more than 64
 *         keys included), or no events at all; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_timeline_parse(sgn_timeline_t **out, const char *text,
                                                   size_t len, const char *file,
                                                   sgn_diag_t *diag) SGN_NONNULL(1);

/**
 * Write a timeline in the file format (times as YYYYMMDDHHMMSS, `always` for the start),
 * and flush @p fp.
 * @return ::SGN_OK or ::SGN_EIO.
 * Ownership: @p fp stays the caller's (flushed, not closed).
 * Errors: ::SGN_EIO when flushing fails or @p fp has its error flag set.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_timeline_write(const sgn_timeline_t *tl, FILE *fp)
	SGN_NONNULL(1, 2);

/** How long each kind of data may be held, and which validator to model. */
typedef struct sgn_sim_opts {
	int64_t dnskey_ttl;
	int64_t max_zone_ttl;
	int64_t negative_ttl;          /**< SOA minimum (RFC 2308); default max_zone_ttl */
	int64_t parent_ds_ttl;
	int64_t zone_propagation_delay;
	int64_t parent_propagation_delay;
	int64_t signing_delay;         /**< Dsgn: an old data version may be served this long
	                                    after a signer change */
	bool lenient;                  /**< accept any single valid path (RFC 6840 §5.11), as
	                                    validators do by default; else also require what the
	                                    zone must offer: a DNSKEY signing the DNSKEY RRset for
	                                    every DS algorithm, and a signature of every DNSKEY
	                                    algorithm on every RRset (RFC 6840 §5.11, RFC 6781
	                                    §4.1.4) */
	int64_t from;                  /**< check instants at or after this (INT64_MIN: all) */
} sgn_sim_opts_t;

/**
 * The cache model of a policy: its TTLs, delays and signing delay, the negative TTL equal
 * to max-zone-ttl, every instant checked; strict validator.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_sim_opts_from_policy(sgn_sim_opts_t *opts, const sgn_policy_t *policy)
	SGN_NONNULL(1, 2);

/** Which link of the chain breaks. */
typedef enum sgn_sim_link {
	SGN_SIM_OK = 0,
	SGN_SIM_DS_DNSKEY,        /**< no DS of the cached DS set matches a key of the cached
	                               DNSKEY set that signs that set */
	SGN_SIM_DS_ALGORITHM,     /**< strict: a DS algorithm without such a key */
	SGN_SIM_DNSKEY_ALGORITHM, /**< strict: a DNSKEY algorithm that does not sign the DNSKEY set */
	SGN_SIM_DATA_SIGNATURE,   /**< a cached RRset signed by no key of the cached DNSKEY set */
	SGN_SIM_DATA_ALGORITHM,   /**< strict: a DNSKEY algorithm missing from an RRset's RRSIGs */
	SGN_SIM_LINK__COUNT
} sgn_sim_link_t;

/**
 * "ok", "ds-dnskey", "ds-algorithm", "dnskey-algorithm", "data-signature",
 * "data-algorithm" ("?" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_sim_link_name(sgn_sim_link_t link);

/** One version of a published RRset and how long caches may hold it. */
typedef struct sgn_sim_version {
	int64_t from, until;      /**< published [from, until); INT64_MIN/INT64_MAX: open */
	int64_t cached_until;     /**< may be held until then */
	uint64_t keys;            /**< DS: keys with a DS; DNSKEY: keys in the set; data: signers */
	uint64_t signers;         /**< DNSKEY: keys signing the set */
} sgn_sim_version_t;

/** What the simulator found. */
typedef struct sgn_sim_result {
	bool safe;
	size_t instants;          /**< event boundaries checked */
	size_t combinations;      /**< cache contents checked */
	/* the first counterexample, when not safe: */
	int64_t time;
	sgn_sim_link_t link;
	bool negative;            /**< the broken RRset is a negative answer (NSEC/NSEC3) */
	uint8_t algorithm;        /**< the algorithm of a *-algorithm link */
	sgn_sim_version_t ds, dnskey, data;
	char message[SGN_STEP_TEXT_MAX]; /**< the counterexample in words, key names from the
	                                      timeline */
} sgn_sim_result_t;

/**
 * Check a timeline: at every instant where what caches may hold changes, every
 * combination of a DS RRset version (published within the last parent-ds-ttl +
 * parent-propagation-delay), a DNSKEY RRset version (dnskey-ttl + zone-propagation-delay),
 * a data RRset version (max-zone-ttl + zone-propagation-delay, plus the signing delay) and
 * a negative answer (the SOA minimum instead of max-zone-ttl) must validate: see
 * ::sgn_sim_link_t. An empty DS set is an insecure delegation and needs nothing.
 * @return ::SGN_OK when the check ran (see res->safe); ::SGN_EINVAL for an empty timeline;
 *         ::SGN_ENOMEM.
 * Ownership: @p res is the caller's storage; nothing is kept after the call. Errors: as
 * above. Re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_simulate(sgn_sim_result_t *res, const sgn_timeline_t *tl,
                                             const sgn_sim_opts_t *opts) SGN_NONNULL(1, 2, 3);

#ifdef __cplusplus
}
#endif
#endif
