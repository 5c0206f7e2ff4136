/* SPDX-License-Identifier: MIT */
/** @file update.h
 * Dynamic updates of a signed zone: change sets read from nsupdate(1) scripts or from IXFR
 * differences (RFC 1995), applied to the zone model one at a time with the semantics of
 * RFC 2136 §3 (prerequisites, then updates), re-signing only the RRsets that change. Around
 * the changed names the NSEC or NSEC3 chain is repaired (neighbours, empty non-terminals
 * that appear or vanish, opt-out, type bitmaps), the SOA serial goes up once per change set
 * and a ZONEMD the zone has is computed again. A change set is applied whole or not at all;
 * what it changed, DNSSEC records included, can be had as IXFR text for a journal.
 *
 * The signed zone is taken as the output of an earlier signing: signatures over RRsets an
 * update does not touch are neither verified nor changed (sgn_zone_verify() checks them).
 */
#ifndef LIBSIGN_UPDATE_H
#define LIBSIGN_UPDATE_H

#include <stdio.h>

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/sign.h>
#include <libsign/zone.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The change sets of one input, in order. Opaque. */
typedef struct sgn_changes sgn_changes_t;

/** How change sets are written. */
typedef enum sgn_changes_format {
	SGN_CHANGES_AUTO = 0, /**< told by the content: nsupdate commands, else a difference */
	SGN_CHANGES_NSUPDATE, /**< nsupdate(1) commands: `prereq`, `update add|delete`, `send` */
	SGN_CHANGES_IXFR,     /**< an IXFR difference: `del`/`add` lines (named-journalprint),
	                           `-`/`+` lines, or the RRs of an IXFR answer (RFC 1995 §4) */
} sgn_changes_format_t;

/** Longest line of a change file, in bytes (a 65,535-byte RDATA in hexadecimal fits). */
#define SGN_UPDATE_LINE_MAX 262144

/** Options for reading change sets; set the defaults with sgn_update_changes_opts_init(). */
typedef struct sgn_changes_opts {
	const uint8_t *apex;        /**< the zone (wire form, required): names without a final dot
	                                 are relative to it */
	sgn_changes_format_t format;/**< default ::SGN_CHANGES_AUTO */
	size_t max_records;         /**< prerequisites and records in all (default 1,000,000):
	                                 more is ::SGN_ELIMIT */
} sgn_changes_opts_t;

/** Defaults for the zone @p apex (borrowed, not copied: keep it alive while reading). */
SGN_API void sgn_update_changes_opts_init(sgn_changes_opts_t *opts, const uint8_t *apex);

/**
 * Read change sets from a file ("-" reads standard input).
 *
 * nsupdate commands: `prereq nxdomain|yxdomain NAME`, `prereq nxrrset|yxrrset NAME [CLASS]
 * TYPE [RDATA]`, `update add NAME [TTL] [CLASS] TYPE RDATA`, `update delete NAME [TTL]
 * [CLASS] [TYPE [RDATA]]` (`add`, `del` and `delete` alone too), `ttl SECONDS|none`,
 * `class IN`, `zone NAME` (which must name this zone), and `send` or a blank line between
 * change sets; `quit` ends the input, `;` starts a comment; `server`, `local`, `key` and
 * the other commands about talking to a server are ignored.
 *
 * IXFR differences: each change set is the old SOA, the records deleted, the new SOA and
 * the records added; the old SOA's serial must be the zone's and the new one's becomes
 * the zone's. Without SOA records a difference is one change set whose serial is bumped.
 *
 * @param out  receives the change sets; free with sgn_update_changes_free()
 * @return ::SGN_OK; ::SGN_EPARSE with the file and line in @p diag (a malformed record or
 *         command, a line longer than ::SGN_UPDATE_LINE_MAX, a NUL byte, a `zone` naming
 *         another zone, a class other than IN, a meta type); ::SGN_ELIMIT; ::SGN_EIO;
 *         ::SGN_ENOMEM.
 * Ownership: *@p out is the caller's; @p path and @p opts are borrowed for the call.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_update_changes_read(sgn_changes_t **out, const char *path,
                                                        const sgn_changes_opts_t *opts,
                                                        sgn_diag_t *diag) SGN_NONNULL(1, 2, 3);

/**
 * Read change sets from memory, as sgn_update_changes_read() does; @p name (NULL for none) is used in
 * diagnostics. @p text need not be NUL-terminated.
 * @return as sgn_update_changes_read(), without ::SGN_EIO.
 * Errors: ::SGN_EPARSE (file and line in @p diag); ::SGN_ELIMIT; ::SGN_ENOMEM.
 * Ownership: *@p out is the caller's and copies what it needs: @p text may be freed after.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_update_changes_parse(sgn_changes_t **out, const char *name,
                                                         const char *text, size_t len,
                                                         const sgn_changes_opts_t *opts,
                                                         sgn_diag_t *diag) SGN_NONNULL(1, 5);

/** Free change sets. NULL is ignored.
 * Ownership: frees @p changes and everything read into it. */
SGN_API void sgn_update_changes_free(sgn_changes_t *changes);

/** Number of change sets (a set with nothing in it is not counted). */
SGN_API size_t sgn_update_changes_count(const sgn_changes_t *changes);

/** The format the input was read as (never ::SGN_CHANGES_AUTO). */
SGN_API sgn_changes_format_t sgn_update_changes_format(const sgn_changes_t *changes);

/** The line where change set @p i begins (0 when @p i is out of range). */
SGN_API unsigned long sgn_update_changes_line(const sgn_changes_t *changes, size_t i);

/** An update session on one signed zone. Opaque. */
typedef struct sgn_update sgn_update_t;

/**
 * Start updating @p zone, a zone signed with NSEC or NSEC3 (its chain parameters and
 * opt-out are kept), with @p keys used as sgn_zone_sign() uses them at `policy->now`.
 * The policy's signature timing, refresh period, jitter, serial policy (::SGN_SERIAL_KEEP
 * is taken as ::SGN_SERIAL_INCREMENT: a change always gives a new serial), threads and
 * warnings apply; its denial, ZONEMD, CDS and `previous` fields do not (the zone's own
 * chain is repaired, and a ZONEMD the zone has is recomputed).
 *
 * Refused: a zone without a DNSKEY RRset or without an NSEC or NSEC3 chain (::SGN_EZONE);
 * keys that would publish another DNSKEY RRset than the zone's, since the whole zone would
 * have to be signed again (::SGN_EKEY); and whatever sgn_zone_sign() refuses about the
 * policy and keys.
 *
 * @param out    receives the session; free with sgn_update_free()
 * @param zone   the zone, changed in place by sgn_update_apply()
 * @return ::SGN_OK; ::SGN_EZONE; ::SGN_EKEY; ::SGN_EINVAL (policy); ::SGN_ENOMEM.
 * Ownership: @p zone, @p keys and @p policy are borrowed and must outlive the session.
 * Thread safety: one session per zone, used from one thread at a time.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_update_new(sgn_update_t **out, sgn_zone_t *zone,
                                               const sgn_keylist_t *keys,
                                               const sgn_sign_policy_t *policy, sgn_diag_t *diag)
	SGN_NONNULL(1, 2, 3, 4);

/** Free a session (the zone stays as the applied change sets left it). NULL is ignored.
 * Ownership: frees @p update; the zone, keys and policy it borrowed stay the caller's. */
SGN_API void sgn_update_free(sgn_update_t *update);

/** What became of a change set, as the DNS response codes of RFC 2136 §2.2 (IANA numbers). */
typedef enum sgn_update_rcode {
	SGN_UPDATE_NOERROR = 0,  /**< applied (or there was nothing to change) */
	SGN_UPDATE_NXDOMAIN = 3, /**< a name that should exist does not (`prereq yxdomain`) */
	SGN_UPDATE_REFUSED = 5,  /**< a change the rules forbid (see sgn_update_apply()) */
	SGN_UPDATE_YXDOMAIN = 6, /**< a name that should not exist does (`prereq nxdomain`) */
	SGN_UPDATE_YXRRSET = 7,  /**< an RRset that should not exist does (`prereq nxrrset`) */
	SGN_UPDATE_NXRRSET = 8,  /**< an RRset that should exist does not, or differs, or a
	                              difference does not start at the zone's serial */
	SGN_UPDATE_NOTZONE = 10, /**< a name outside the zone */
} sgn_update_rcode_t;

/** "NOERROR", "NXDOMAIN", ...; "unknown" for other values. Never NULL.
 * Ownership: a static string; never free it. */
SGN_API const char *sgn_update_rcode_str(sgn_update_rcode_t rcode);

/** What one sgn_update_apply() did. */
typedef struct sgn_update_result {
	sgn_update_rcode_t rcode;   /**< ::SGN_UPDATE_NOERROR unless the change set was refused */
	bool changed;               /**< the zone changed, and has a new serial */
	unsigned long line;         /**< refused: the line of the prerequisite or record at fault */
	char msg[SGN_DIAG_MSG_MAX]; /**< refused: why, lower case, no full stop */
	uint32_t serial_before;     /**< the SOA serial before and after */
	uint32_t serial;
	size_t rrs_added;           /**< data records added and deleted (DNSSEC records aside) */
	size_t rrs_deleted;
	size_t names_added;         /**< names created and removed (empty non-terminals too) */
	size_t names_removed;
	size_t denial_changed;      /**< NSEC or NSEC3 records made, changed or removed */
	size_t rrsets_signed;       /**< RRsets signed again */
	size_t sigs_created;        /**< signatures made */
	size_t sigs_verified;       /**< signatures verified to be kept (in refreshed RRsets) */
	bool zonemd;                /**< the ZONEMD digest was computed again */
	size_t journal_records;     /**< records in the difference (its two SOAs included) */
} sgn_update_result_t;

/**
 * Apply change set @p i of @p changes (RFC 2136 §3.2-§3.4): the prerequisites against the
 * zone as it is, then the updates in order; a change set that leaves the zone as it was
 * changes nothing, not even the serial. Otherwise the changed RRsets are signed, the NSEC
 * or NSEC3 chain is repaired around the changed names, touched RRsets whose signatures
 * expire within the refresh period are signed again, the SOA serial goes up (by the
 * policy, or to the serial the change set gives), and the ZONEMD is recomputed.
 *
 * Refused (the zone unchanged, @p res says why, and the call still returns ::SGN_OK): a
 * failed prerequisite; a name outside the zone (NOTZONE); a change to DNSSEC records
 * (DNSKEY, RRSIG, NSEC, NSEC3, NSEC3PARAM, ZONEMD: RFC 3007 §4, they are libsign's to
 * make); deleting the SOA, the apex NS RRset or its last record; an SOA away from the apex;
 * a CNAME beside other data or a second CNAME or DNAME at a name (RFC 2181 §10.1, RFC 6672
 * §2.4); a DS at the apex or at a name without NS; a difference whose old serial is not
 * the zone's (one whose new serial is the zone's is taken as applied already).
 *
 * @param res      receives the outcome (required)
 * @param journal  when not NULL, the difference is appended as IXFR text: `del` lines for
 *                 the old SOA and the records removed, then `add` lines for the new SOA and
 *                 the records added, as named-journalprint prints them. DNSSEC records are
 *                 in it: it is what a secondary needs to follow the signed zone (an update
 *                 refuses such records by hand); the buffer stays NUL-terminated
 * @return ::SGN_OK when the change set was applied or refused; ::SGN_EZONE (an NSEC3 hash
 *         collision, or a chain the zone had broken already); ::SGN_ECRYPTO; ::SGN_ENOMEM;
 *         ::SGN_EINVAL (@p i out of range). On an error the zone is as it was.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_update_apply(sgn_update_t *update, sgn_update_result_t *res,
                                                 sgn_buf_t *journal, const sgn_changes_t *changes,
                                                 size_t i, sgn_diag_t *diag)
	SGN_NONNULL(1, 2, 4);

/**
 * Write the updated zone (the text of sgn_zone_write()) and, after it, the authenticator
 * line sigil ends every signed zone with: a comment that lets a later sgn_zone_sign() or
 * update by the same keys know the file is unchanged since, without verifying its
 * signatures.
 * @return ::SGN_OK; ::SGN_EIO (@p diag has the reason); ::SGN_ENOMEM; ::SGN_ECRYPTO.
 * Ownership: @p out stays the caller's (not flushed or closed).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_update_write(const sgn_update_t *update, FILE *out,
                                                 sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * Whether the zone's file ended with an authenticator line made by one of the session's
 * active keys over its bytes (see sgn_update_write()): then the signatures an update does
 * not touch are known to be the ones sigil made.
 */
SGN_API bool sgn_update_zone_authenticated(const sgn_update_t *update) SGN_NONNULL(1);

#ifdef __cplusplus
}
#endif
#endif
