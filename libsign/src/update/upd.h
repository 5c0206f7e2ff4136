/* SPDX-License-Identifier: MIT */
/* The parts of a dynamic update: change sets as read (changes*.c), staging a change set
 * against the zone (stage.c), the transaction that records each node's state before it
 * changes, undoes a failed change set and gives the difference for the journal (txn.c),
 * the repair of names, classification and the denial chain (repair.c, repair3.c), and the
 * session that runs them (update.c). */
#ifndef SGN_UPDATE_UPD_H
#define SGN_UPDATE_UPD_H

#include <libsign/update.h>

#include "../arena.h"
#include "../denial/chain.h"
#include "../sign/signer.h"
#include "../zone/zone_internal.h"

/* -- change sets (changes.c, changes_ixfr.c, changes_list.c) -- */

enum sgn__change_op {
	SGN__ADD = 0,        /* add an RR (RFC 2136 §2.5.1) */
	SGN__DEL_RR,         /* delete an RR from an RRset (§2.5.4) */
	SGN__DEL_RRSET,      /* delete an RRset (§2.5.2) */
	SGN__DEL_NAME,       /* delete all RRsets from a name (§2.5.3) */
	SGN__PRE_YXDOMAIN,   /* name is in use (§2.4.4) */
	SGN__PRE_NXDOMAIN,   /* name is not in use (§2.4.5) */
	SGN__PRE_YXRRSET,    /* RRset exists, value independent (§2.4.1) */
	SGN__PRE_YXRRSET_RR, /* one RR of an RRset that exists exactly so (§2.4.2) */
	SGN__PRE_NXRRSET,    /* RRset does not exist (§2.4.3) */
};

/* One prerequisite or update: names lower-cased, RDATA canonical (RFC 4034 §6.2). */
struct sgn__change {
	const uint8_t *name;
	const uint8_t *rdata;
	uint32_t ttl;
	uint32_t line;
	uint16_t type;
	uint16_t rdlen;
	uint8_t op;
};

struct sgn__changeset {
	size_t first, n;          /* changes[first .. first + n) */
	unsigned long line;       /* where it begins */
	bool has_from;            /* a difference with SOA records: from and to serials */
	uint32_t from, to;
	const struct sgn__change *soa; /* the new SOA of a difference (one of the adds) */
};

struct sgn_changes {
	sgn__arena_t arena;
	struct sgn__change *c;
	size_t n, cap;
	struct sgn__changeset *sets;
	size_t nsets, setcap;
	sgn_changes_format_t format;
	size_t max_records;
	uint8_t apex[SGN_NAME_MAX];
	char file[SGN_DIAG_FILE_MAX];
};

/* Append a change to the last set (changes_list.c). */
sgn_err_t sgn__changes_add(sgn_changes_t *ch, const struct sgn__change *c,
                           sgn_diag_t *diag) SGN_INTERNAL;
/* Start a new change set at @p line (an empty last set is reused). */
sgn_err_t sgn__changes_begin(sgn_changes_t *ch, unsigned long line) SGN_INTERNAL;
/* Keep a name and RDATA in the change list's arena, in canonical form (SGN_EPARSE when the
 * RDATA does not canonicalise). */
sgn_err_t sgn__changes_keep(sgn_changes_t *ch, struct sgn__change *c, const uint8_t *name,
                            const uint8_t *rdata, size_t rdlen) SGN_INTERNAL;
/* Put the change file and @p line into a message of the zone-text reader; returns @p err. */
sgn_err_t sgn__changes_relocate(const sgn_changes_t *ch, unsigned long line, sgn_diag_t *diag,
                                sgn_err_t err) SGN_INTERNAL;
/* Refuse a meta type (ANY, AXFR, ...) where a record's type belongs. */
sgn_err_t sgn__changes_check_type(const sgn_changes_t *ch, unsigned long line, uint16_t type,
                                  sgn_diag_t *diag) SGN_INTERNAL;
/* An RR of a zone-file style line (owner TTL [CLASS] TYPE RDATA) as a change. */
sgn_err_t sgn__changes_rr(sgn_changes_t *ch, const char *text, unsigned long line,
                          enum sgn__change_op op, struct sgn__change *out,
                          sgn_diag_t *diag) SGN_INTERNAL;
/* One line at a time: the next line of @p text from @p *pos, NUL-terminated in @p line
 * (SGN_UPDATE_LINE_MAX + 1 bytes); false at the end. */
struct sgn__lines {
	const char *text;
	size_t len, pos;
	unsigned long lineno;
	char *line;
};
sgn_err_t sgn__lines_next(sgn_changes_t *ch, struct sgn__lines *l, bool *more,
                          sgn_diag_t *diag) SGN_INTERNAL;
/* The IXFR readers (changes_ixfr.c): "del"/"add" or "-"/"+" lines, or bare RRs. */
sgn_err_t sgn__changes_ixfr(sgn_changes_t *ch, struct sgn__lines *l, sgn_diag_t *diag) SGN_INTERNAL;

/* -- the transaction (txn.c) -- */

/* A node's state before the change set first touched it. */
struct sgn__saved {
	sgn_node_t *node;
	struct sgn__zrrset *rrsets;   /* the node's array as it was (the pointer) */
	struct sgn__zrrset *copy;     /* and its contents then */
	uint16_t nrrsets, cap;
	uint8_t kind, flags;
	bool present;                 /* in the tree (or the NSEC3 owners) then */
	bool nsec_before;             /* it had an NSEC, or an NSEC3 record of its own */
	bool nsec3_before;
};

enum sgn__txn_op { SGN__TXN_SAVED = 0, SGN__TXN_INSERTED, SGN__TXN_REMOVED };

struct sgn__txn_entry {
	uint8_t op;
	size_t saved;                 /* SAVED: index into saved[]; else the node */
	sgn_node_t *node;
};

struct sgn__txn {
	sgn_zone_t *zone;
	bool opt_out;
	sgn__arena_t arena;
	struct sgn__saved *saved;
	size_t nsaved, savedcap;
	struct sgn__txn_entry *log;
	size_t nlog, logcap;
};

void sgn__txn_init(struct sgn__txn *t, sgn_zone_t *zone, bool opt_out) SGN_INTERNAL;
void sgn__txn_release(struct sgn__txn *t) SGN_INTERNAL;
/* Record the node's state once per transaction, before it changes. */
sgn_err_t sgn__txn_save(struct sgn__txn *t, sgn_node_t *node) SGN_INTERNAL;
/* A new name in the tree (or a new NSEC3 owner), empty until given RRsets; saved. */
sgn_err_t sgn__txn_insert(struct sgn__txn *t, const uint8_t *name, bool n3,
                          sgn_node_t **out) SGN_INTERNAL;
/* Take a saved node out of the tree (or the NSEC3 owners). */
sgn_err_t sgn__txn_remove(struct sgn__txn *t, sgn_node_t *node) SGN_INTERNAL;
/* Undo everything since sgn__txn_init, newest first. */
void sgn__txn_undo(struct sgn__txn *t) SGN_INTERNAL;
/* Keep the changes: clear the marks (the log stays for the journal until released). */
void sgn__txn_commit(struct sgn__txn *t) SGN_INTERNAL;
/* The difference as IXFR text: del old SOA, dels, add new SOA, adds. @p nrr gets the
 * number of records written. */
sgn_err_t sgn__txn_journal(const struct sgn__txn *t, const sgn_node_t *apex, sgn_buf_t *out,
                           size_t *nrr) SGN_INTERNAL;

/* -- staging a change set (stage.c) -- */

/* One RRset as the change set leaves it. */
struct sgn__stype {
	uint16_t type;
	bool touched;        /* an update named it */
	uint32_t ttl;
	sgn_rdata_t *rd;
	size_t n, cap;
};

/* One name the change set touches. */
struct sgn__sname {
	const uint8_t *name;
	sgn_node_t *node;    /* in the zone, or NULL */
	struct sgn__stype *types;
	size_t ntypes, cap;
	struct sgn__sname *next; /* hash chain */
};

struct sgn__stage {
	const sgn_zone_t *zone;
	sgn__arena_t arena;
	struct sgn__sname **buckets;
	size_t nbuckets;
	struct sgn__sname **names; /* in the order first touched */
	size_t nnames, namecap;
	/* the outcome */
	sgn_update_result_t *res;
	const struct sgn__change *soa; /* an SOA the change set adds */
};

/* Check the prerequisites and stage the updates of @p set; a refusal fills res (rcode,
 * line, msg) and returns SGN_OK. */
sgn_err_t sgn__stage_run(struct sgn__stage *st, const sgn_changes_t *ch,
                         const struct sgn__changeset *set, sgn_update_result_t *res) SGN_INTERNAL;
void sgn__stage_release(struct sgn__stage *st) SGN_INTERNAL;
/* Does the staged RRset differ from the zone's? */
bool sgn__stage_differs(const struct sgn__sname *sn, const struct sgn__stype *sty) SGN_INTERNAL;
/* Refuse in @p res with a message about @p name. Returns SGN_OK. */
sgn_err_t sgn__refuse(sgn_update_result_t *res, sgn_update_rcode_t rcode, unsigned long line,
                      const uint8_t *name, const char *fmt, ...) SGN_PRINTF(5, 6) SGN_INTERNAL;

/* -- repairs (repair.c, repair3.c) -- */

struct sgn__repair {
	sgn_zone_t *zone;
	struct sgn__txn *txn;
	struct sgn__denial_scratch sc;
	sgn_denial_t denial;
	struct sgn__nsec3_params p;
	uint32_t denial_ttl;
	bool ttl_changed;         /* every denial record takes the new TTL */
	size_t names_added, names_removed, denial_changed;
};

/* Put the staged RRsets into the zone: names and empty non-terminals made or removed, the
 * changed names and the names below a changed cut classified again. */
sgn_err_t sgn__repair_names(struct sgn__repair *r, const struct sgn__stage *st) SGN_INTERNAL;
/* Mend the NSEC chain around every saved name (repair.c) or the NSEC3 chain (repair3.c). */
sgn_err_t sgn__repair_nsec(struct sgn__repair *r) SGN_INTERNAL;
sgn_err_t sgn__repair_nsec3(struct sgn__repair *r, sgn_diag_t *diag) SGN_INTERNAL;

#endif
