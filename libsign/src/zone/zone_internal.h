/* SPDX-License-Identifier: MIT */
/* The zone model's layout, shared by loading, building, printing, signing and verifying. */
#ifndef SGN_ZONE_ZONE_INTERNAL_H
#define SGN_ZONE_ZONE_INTERNAL_H

#include <stddef.h>

#include <libsign/name.h>
#include <libsign/zone.h>

#include "../arena.h"

/* One RR as loaded, before grouping (arena-allocated, singly linked per owner). */
struct sgn__rr_entry {
	struct sgn__rr_entry *next;
	uint32_t ttl;
	uint16_t type;
	uint16_t rdlen;
	uint32_t line;
	uint16_t file;
	uint8_t rdata[];
};

/* Where entries live until built (zone_store.c): blocks each handed back to the system
 * when the last entry in it is done with. Allocating is for one thread at a time;
 * sgn__store_done() may be called from any. */
struct sgn__entry_store {
	uint8_t *cur;   /* the block being filled */
	size_t used;    /* bytes of it handed out */
	uint8_t **blocks;
	size_t nblocks, cap;
};
void sgn__store_init(struct sgn__entry_store *s) SGN_INTERNAL;
/* @p n bytes aligned to 8 (at most 64 KiB and a little more: one entry); NULL when out
 * of memory. */
void *sgn__store_alloc(struct sgn__entry_store *s, size_t n) SGN_INTERNAL;
/* Whether two allocations share a block. */
bool sgn__store_same_block(const void *a, const void *b) SGN_INTERNAL;
/* @p n allocations in the block of @p p are done with: none may be read again. */
void sgn__store_done(const void *p, size_t n) SGN_INTERNAL;
/* Move the blocks of @p from into @p to (SGN_ENOMEM: they stay in @p from). */
sgn_err_t sgn__store_merge(struct sgn__entry_store *to, struct sgn__entry_store *from) SGN_INTERNAL;
/* Unmap every block. The store is empty and reusable afterwards. */
void sgn__store_release(struct sgn__entry_store *s) SGN_INTERNAL;

/* An RRset: the public view plus where it came from. sigs may point into any arena the
 * zone owns (workers allocate in their own, merged into the zone afterwards). */
struct sgn__zrrset {
	sgn_zone_rrset_t v;
};

struct sgn_node {
	union {
		struct sgn__zrrset *rrsets;     /* sorted by type, once built */
		struct sgn__rr_entry *entries;  /* while loading: its RRs; gone once built */
	};
	uint32_t hash;
	uint32_t line;                  /* first line naming it, 0 for empty non-terminals */
	uint16_t nrrsets;               /* 0 until built */
	uint16_t cap;                   /* slots in rrsets */
	uint16_t file;
	uint8_t kind;                   /* sgn_node_kind_t */
	uint8_t flags;                  /* SGN__NODE_* */
	uint8_t namelen;                /* wire length of name, 1..255 */
	uint8_t name[];                 /* canonical (lower-case) wire name, kept inline: a
	                                   node is 25 bytes and its name */
};

/* Arena bytes for a node named with @p namelen bytes. */
#define SGN__NODE_SIZE(namelen) (offsetof(sgn_node_t, name) + (namelen))

#define SGN__NODE_HAS_SECURE_BELOW 0x01 /* empty non-terminal above data that needs NSEC3 */
#define SGN__NODE_OUT_OF_ZONE 0x02      /* dropped: outside the zone */
#define SGN__NODE_MARK 0x04             /* scratch mark for one pass of an algorithm */
#define SGN__NODE_NSEC 0x08             /* takes part in the NSEC chain (set before signing,
                                           read by every worker) */
#define SGN__NODE_SAVED 0x10            /* its state is kept in an open update transaction */
#define SGN__NODE_HAS_SOA 0x20          /* an SOA entry was loaded at it (the builder looks
                                           only at these for the apex) */

/* A hash table of nodes by canonical name (open addressing). */
struct sgn__ntable {
	sgn_node_t **slots;
	size_t size, used;
};

/* The authenticator line a file sigil wrote ends with (zone_auth.c; sign/auth.c). */
#define SGN__AUTH_PREFIX "; sigil-auth v1 "
#define SGN__AUTH_MAC_LEN 32
struct sgn__zone_auth {
	bool present;      /* the file ended with one and had no directive */
	uint16_t tag;      /* the key whose secret made it */
	uint8_t alg;
	uint8_t mac[SGN__AUTH_MAC_LEN];
	uint8_t digest[32]; /* SHA-256 of every byte before the line */
};

struct sgn_zone {
	sgn__arena_t arena;
	struct sgn__entry_store loaded; /* the entries until built; empty afterwards */
	struct sgn__zone_auth auth; /* of the file it was loaded from */
	uint8_t apex[SGN_NAME_MAX];
	sgn_node_t *apex_node;
	sgn_node_t **nodes;       /* name tree in canonical order (incl. empty non-terminals) */
	size_t nnodes;
	sgn_node_t **n3nodes;     /* NSEC3 owners in canonical order */
	size_t nn3;
	struct sgn__ntable names; /* the name tree's nodes */
	struct sgn__ntable n3;    /* NSEC3 owners: a name space of their own, since a real name
	                             may equal a hashed owner (RFC 5155 Appendix A has one) */
	char **files;             /* file names, indexed by sgn__rr_entry.file */
	size_t nfiles;
	size_t nodecap, n3cap, filecap; /* sgn__grow capacities of nodes, n3nodes, files (0:
	                             not known, enough for the count: whoever replaces an
	                             array resets it) */
	bool partial;             /* pieces of a zone (a bundle, a live collection): no SOA or
	                             NS required, and a DS or a parent-side NSEC marks a cut */
	sgn_node_t *last;         /* node of the previous RR added (loading fast path) */
	sgn_node_t **seq;         /* until built: the names and NSEC3 owners in the order
	                             first met. The build goes in this order, so that the
	                             entries are done with in the order they were stored; it
	                             is mostly canonical order already (the sort's hint) */
	size_t nseq, seqcap;
};

/* Partial zones, built RR by RR (bundles, live collections). */
sgn_err_t sgn__zone_new(sgn_zone_t **out, const uint8_t *apex, bool partial) SGN_INTERNAL;
sgn_err_t sgn__zone_add_rr(sgn_zone_t *z, const sgn_rr_t *rr, const char *file, unsigned long line,
                           sgn_diag_t *diag) SGN_INTERNAL;
sgn_err_t sgn__zone_finish(sgn_zone_t *z, const sgn_zone_opts_t *opts,
                           sgn_diag_t *diag) SGN_INTERNAL;

/* Loading (zone_entry.c): the index of a file name; one RR as an entry, owner lower-cased
 * into @p owner (SGN_NAME_MAX bytes) and RDATA canonical, in @p store; an entry hung on its
 * owner's node (@p last: the node of the previous RR, a fast path). */
sgn_err_t sgn__zone_file_index(sgn_zone_t *z, const char *file, uint16_t *idx) SGN_INTERNAL;
sgn_err_t sgn__zone_entry(struct sgn__entry_store *store, const sgn_rr_t *rr, const char *file,
                          unsigned long line, uint16_t fidx, uint8_t *owner, bool *n3,
                          struct sgn__rr_entry **out, sgn_diag_t *diag) SGN_INTERNAL;
sgn_err_t sgn__zone_link(sgn_zone_t *z, const uint8_t *owner, bool n3, struct sgn__rr_entry *e,
                         sgn_node_t **last) SGN_INTERNAL;
/* A DS or DNSKEY (CDS, CDNSKEY) whose RDATA does not fit its type is refused (SGN_EPARSE). */
sgn_err_t sgn__zone_check_dnssec(const sgn_rr_t *rr, const char *file, unsigned long line,
                                sgn_diag_t *diag) SGN_INTERNAL;
/* Read a zone file on the worker pool (zone_load_par.c) into a built zone. *@p fallback is
 * set when the file is not for it (small, standard input, $INCLUDE or $GENERATE, a
 * directive after the first records) or anything in it failed: then nothing is returned,
 * and the serial reader reads the file again and reports exactly what it finds. */
struct sgn__zone_par_tuning {
	size_t min_bytes; /* smaller files are the serial reader's */
	size_t block;     /* bytes parsed at a time */
	size_t chunk_min; /* bytes at least per job */
};
void sgn__zone_par_tuning_init(struct sgn__zone_par_tuning *t) SGN_INTERNAL;
sgn_err_t sgn__zone_load_parallel(sgn_zone_t **out, const char *path, const sgn_zone_opts_t *opts,
                                  const struct sgn__zone_par_tuning *t, bool *fallback,
                                  sgn_diag_t *diag) SGN_INTERNAL;

/* Reading the authenticator as a file goes by (zone_auth.c): feed every byte in order,
 * then finish. */
struct sgn__md;
struct sgn__auth_reader {
	struct sgn__md *md;
	sgn_buf_t tail; /* the last line so far: not hashed yet */
	bool ok;        /* still a candidate */
};
void sgn__auth_reader_init(struct sgn__auth_reader *r) SGN_INTERNAL;
void sgn__auth_reader_feed(struct sgn__auth_reader *r, const char *p, size_t n) SGN_INTERNAL;
void sgn__auth_reader_finish(struct sgn__auth_reader *r, struct sgn__zone_auth *a) SGN_INTERNAL;
void sgn__auth_reader_release(struct sgn__auth_reader *r) SGN_INTERNAL;
/* The authenticator of the file at @p path into z->auth (absent when there is none). */
void sgn__zone_auth_file(sgn_zone_t *z, const char *path) SGN_INTERNAL;

/* Write @p text to @p fp and feed it to @p md (may be NULL): SGN_EIO with the write's
 * errno in *@p write_errno, or the digest's SGN_ECRYPTO. Shared by every zone writer. */
sgn_err_t sgn__zone_text_out(FILE *fp, struct sgn__md *md, const sgn_buf_t *text,
                             int *write_errno) SGN_INTERNAL;

/* Every node in canonical order, NSEC3 owners merged in, made into bytes on @p threads
 * workers a chunk of names at a time (@p make, given the worker's number below @p
 * threads) and handed on in that order, by one thread at a time (@p take) (zone_pipe.c). */
struct sgn__zone_pipe {
	sgn_err_t (*make)(void *ctx, unsigned worker, const sgn_node_t *node, sgn_buf_t *out);
	sgn_err_t (*take)(void *ctx, const sgn_buf_t *bytes);
	void *ctx;
};
sgn_err_t sgn__zone_pipe_run(const sgn_zone_t *zone, unsigned threads,
                             const struct sgn__zone_pipe *p) SGN_INTERNAL;

/* sgn_zone_write(), with every byte written also fed to @p md (may be NULL). */
sgn_err_t sgn__zone_write_md(const sgn_zone_t *zone, FILE *fp, struct sgn__md *md,
                             sgn_diag_t *diag) SGN_INTERNAL;

/* Presentation text of an RRset and its RRSIGs (with the RRset's TTL, RFC 4034 §3),
 * appended to @p out. */
sgn_err_t sgn__rrset_format(sgn_buf_t *out, const sgn_zone_rrset_t *rs) SGN_INTERNAL;
/* Every zone sigil writes ends with the apex ZONEMD and its RRSIGs (before the
 * authenticator): the digest covers everything else, so a signer that writes as it signs
 * knows it only then, and a zone file may list a name's records anywhere. The text of a
 * node as it goes in the body (SOA first, the apex without its ZONEMD), appended to @p out;
 * and that tail written to @p fp as sgn__zone_text_out() writes (nothing when the zone has
 * no ZONEMD). */
sgn_err_t sgn__node_format_body(sgn_buf_t *out, const sgn_node_t *node,
                                const sgn_node_t *apex) SGN_INTERNAL;
sgn_err_t sgn__zonemd_out(FILE *fp, struct sgn__md *md, const sgn_node_t *apex,
                          int *write_errno) SGN_INTERNAL;

/* Hash of a canonical wire name. */
uint32_t sgn__name_hash(const uint8_t *name, size_t len) SGN_INTERNAL;
/* Find a node by canonical name in a table (NULL if absent). */
sgn_node_t *sgn__ntable_lookup(const struct sgn__ntable *t, const uint8_t *name) SGN_INTERNAL;
/* Find or create the node for a canonical name in a table; new nodes live in @p arena. */
sgn_err_t sgn__ntable_intern(struct sgn__ntable *t, sgn__arena_t *arena, const uint8_t *name,
                             sgn_node_t **out) SGN_INTERNAL;
/* Enter an existing node in a table (it must not be there under another pointer). */
sgn_err_t sgn__ntable_put(struct sgn__ntable *t, sgn_node_t *node) SGN_INTERNAL;
/* Take a node out of a table (the node itself stays valid in the arena). */
void sgn__ntable_remove(struct sgn__ntable *t, const sgn_node_t *node) SGN_INTERNAL;
/* The name tree's table (most callers). */
sgn_node_t *sgn__zone_lookup(const sgn_zone_t *z, const uint8_t *name) SGN_INTERNAL;
sgn_err_t sgn__zone_intern(sgn_zone_t *z, const uint8_t *name, sgn_node_t **out) SGN_INTERNAL;
/* The same in the NSEC3 owners' table (the node's kind is SGN_NODE_NSEC3). */
sgn_err_t sgn__zone_intern3(sgn_zone_t *z, const uint8_t *name, sgn_node_t **out) SGN_INTERNAL;
/* Build nodes[0, n): their entries grouped into RRsets with their RRSIGs, and (@p check)
 * the rules per name checked, on @p threads workers (zone_rrsets.c); warnings, the first
 * error and the model are those of building them one by one in order. */
sgn_err_t sgn__zone_build_nodes(sgn_zone_t *z, const sgn_zone_opts_t *opts, unsigned threads,
                               sgn_node_t **nodes, size_t n, bool check,
                               sgn_diag_t *diag) SGN_INTERNAL;
/* Ranges the builder cuts @p n nodes into for @p threads workers (1: build serially). */
size_t sgn__zone_ranges(unsigned threads, size_t n) SGN_INTERNAL;
/* fn(ctx, lo, hi) for the sgn__zone_ranges() of [0, n), on the pool (on the calling thread
 * when that is one range). For passes over the nodes that write only each node's own
 * fields. */
typedef void (*sgn__range_fn)(void *ctx, size_t lo, size_t hi);
sgn_err_t sgn__zone_for_ranges(unsigned threads, size_t n, sgn__range_fn fn,
                               void *ctx) SGN_INTERNAL;
/* "<before>'<name>'<after>" (SGN_EZONE) at @p line, or the node's line when 0. */
sgn_err_t sgn__zone_name_error(const sgn_zone_t *z, sgn_diag_t *diag, const sgn_node_t *node,
                               unsigned long line, const char *before,
                               const char *after) SGN_INTERNAL;
/* The name of file @p idx of the zone ("" when unknown). */
const char *sgn__zone_file(const sgn_zone_t *z, uint16_t idx) SGN_INTERNAL;
/* Group loaded entries into RRsets, add empty non-terminals, sort, classify, check. */
sgn_err_t sgn__zone_build(sgn_zone_t *z, const sgn_zone_opts_t *opts,
                          sgn_diag_t *diag) SGN_INTERNAL;
/* Order-preserving sort key of a name: labels right to left, each byte escaped so memcmp
 * gives RFC 4034 §6.1 order. Returns the key length; @p key holds 2 * SGN_NAME_MAX bytes. */
size_t sgn__name_sort_key(const uint8_t *name, uint8_t *key) SGN_INTERNAL;
/* Compare nodes in canonical order (qsort on sgn_node_t *). */
int sgn__node_cmp(const void *a, const void *b) SGN_INTERNAL;
/* Sort a node array canonically using precomputed keys. */
sgn_err_t sgn__nodes_sort(sgn_node_t **nodes, size_t n) SGN_INTERNAL;
/* The same, faster when most of it is in order already (zone files mostly list names in
 * order; empty non-terminals come last): the longest sorted prefix (found on @p threads
 * workers) stays, the rest is sorted and merged in. */
sgn_err_t sgn__nodes_sort_hinted(sgn_node_t **nodes, size_t n, unsigned threads) SGN_INTERNAL;

/* The RRset of @p type at a node (NULL when absent). */
struct sgn__zrrset *sgn__node_rrset(const sgn_node_t *node, uint16_t type) SGN_INTERNAL;
/* Replace or add the RRset of @p type at a node; arrays are reallocated in @p arena.
 * Returns the slot, its sigs cleared, or NULL when out of memory. */
struct sgn__zrrset *sgn__node_put_rrset(sgn_node_t *node, uint16_t type,
                                        sgn__arena_t *arena) SGN_INTERNAL;
/* Set the RRset of @p type at a node to the given data (RDATA copied into @p arena and
 * put in canonical order). When an RRset with the same TTL and data was there, its
 * signatures stay (they may be reused); otherwise they go. Returns the slot or NULL. */
struct sgn__zrrset *sgn__node_set_rrset(sgn_node_t *node, uint16_t type, uint32_t ttl,
                                        const sgn_rdata_t *rdata, size_t n,
                                        sgn__arena_t *arena) SGN_INTERNAL;
/* -- editing a built zone (zone_edit.c) -- */

/* Place of @p name in zone->nodes (or of an NSEC3 owner in zone->n3nodes) in canonical
 * order: its index when @p found, else where it would go. */
size_t sgn__zone_pos(const sgn_zone_t *z, const uint8_t *name, bool *found) SGN_INTERNAL;
size_t sgn__zone_n3_pos(const sgn_zone_t *z, const uint8_t *owner, bool *found) SGN_INTERNAL;
/* The end of the names below nodes[pos]: they are nodes[pos + 1 .. end). */
size_t sgn__zone_subtree_end(const sgn_zone_t *z, size_t pos) SGN_INTERNAL;
/* The node of a canonical name, entered in the tree (an empty non-terminal, no RRsets)
 * unless it is there already; its ancestors are the caller's business. */
sgn_err_t sgn__zone_insert(sgn_zone_t *z, const uint8_t *name, sgn_node_t **out) SGN_INTERNAL;
/* The same for an NSEC3 owner. */
sgn_err_t sgn__zone_n3_insert(sgn_zone_t *z, const uint8_t *owner, sgn_node_t **out) SGN_INTERNAL;
/* Take a node out of the tree or the NSEC3 owners (array and table); its memory stays. */
void sgn__zone_remove(sgn_zone_t *z, sgn_node_t *node) SGN_INTERNAL;
/* Put a node taken out by sgn__zone_remove() back in its place. */
sgn_err_t sgn__zone_reinsert(sgn_zone_t *z, sgn_node_t *node) SGN_INTERNAL;
/* Has the node data other than NSEC, NSEC3 and RRSIG records? */
bool sgn__node_has_data(const sgn_node_t *node) SGN_INTERNAL;
/* Classify zone->nodes[lo .. hi) (apex, authoritative, delegation, glue, occluded, empty),
 * with the cuts above nodes[lo] taken into account; [lo, hi) must hold nodes[lo] and names
 * below it, or be the whole tree, or one of ranges that together are (the builder's). */
void sgn__zone_classify_range(sgn_zone_t *z, size_t lo, size_t hi) SGN_INTERNAL;
/* Is there a name below nodes[pos] that needs an NSEC3 record even under opt-out
 * (authoritative data or a secure delegation; RFC 5155 §7.1)? */
bool sgn__zone_secure_below(const sgn_zone_t *z, size_t pos) SGN_INTERNAL;

/* Is the RRset of @p type at @p node authoritative, and so signed (RFC 4035 §2.2)? All of
 * the apex's and ordinary names'; at a zone cut only DS and NSEC; at an NSEC3 owner its
 * NSEC3; nothing below a cut. */
bool sgn__rrset_is_authoritative(const sgn_node_t *node, uint16_t type) SGN_INTERNAL;
/* Remove the RRset of @p type (and its sigs) from a node. */
void sgn__node_drop_rrset(sgn_node_t *node, uint16_t type) SGN_INTERNAL;

#endif
