/* SPDX-License-Identifier: MIT */
/** @file finding.h
 * Findings: why a zone or a chain of trust is not valid. One table holds, for each
 * finding code, its stable id (used in JSON and docs), default severity, RFC 8914 Extended
 * DNS Error code and a message; text output, JSON output and docs/ are all driven by it.
 */
#ifndef LIBSIGN_FINDING_H
#define LIBSIGN_FINDING_H

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** How bad a finding is. */
typedef enum sgn_severity {
	SGN_SEV_ERROR = 0, /**< the zone or chain is invalid */
	SGN_SEV_WARNING,   /**< valid, but something needs attention (`--strict` makes it an error) */
	SGN_SEV_NOTICE,    /**< for information */
} sgn_severity_t;

/** Finding codes. The numbering is internal; the stable name is sgn_finding_id(). */
typedef enum sgn_finding_code {
	/* RRSIG records */
	SGN_FIND_RRSIG_BOGUS = 0,
	SGN_FIND_RRSIG_EXPIRED,
	SGN_FIND_RRSIG_NOT_YET_VALID,
	SGN_FIND_RRSIG_NO_KEY,
	SGN_FIND_RRSIG_KEY_NOT_ZONE,
	SGN_FIND_RRSIG_KEY_PROTOCOL,
	SGN_FIND_RRSIG_KEY_REVOKED,
	SGN_FIND_RRSIG_SIGNER,
	SGN_FIND_RRSIG_LABELS,
	SGN_FIND_RRSIG_ORIGINAL_TTL,
	SGN_FIND_RRSIG_MALFORMED,
	SGN_FIND_RRSIG_ALGORITHM_UNSUPPORTED,
	SGN_FIND_RRSIG_ORPHAN,
	SGN_FIND_RRSIG_UNEXPECTED,
	/* coverage */
	SGN_FIND_RRSET_UNSIGNED,
	SGN_FIND_RRSET_ALGORITHM_MISSING,
	SGN_FIND_DNSKEY_MISSING,
	SGN_FIND_DNSKEY_NOT_SEP_SIGNED,
	SGN_FIND_DNSKEY_NOT_ANCHORED,
	SGN_FIND_OCCLUDED_DATA,
	/* NSEC */
	SGN_FIND_NSEC_MISSING,
	SGN_FIND_NSEC_NEXT,
	SGN_FIND_NSEC_BITMAP,
	SGN_FIND_NSEC_UNEXPECTED,
	SGN_FIND_NSEC_TTL,
	SGN_FIND_DENIAL_MIXED,
	SGN_FIND_DENIAL_MISSING,
	/* NSEC3 */
	SGN_FIND_NSEC3PARAM_MISSING,
	SGN_FIND_NSEC3_PARAMETERS,
	SGN_FIND_NSEC3_MISSING,
	SGN_FIND_NSEC3_ORPHAN,
	SGN_FIND_NSEC3_NEXT,
	SGN_FIND_NSEC3_BITMAP,
	SGN_FIND_NSEC3_OPTOUT,
	SGN_FIND_NSEC3_OWNER,
	SGN_FIND_NSEC3_HASH_UNSUPPORTED,
	SGN_FIND_NSEC3_TTL,
	/* ZONEMD */
	SGN_FIND_ZONEMD_MISMATCH,
	SGN_FIND_ZONEMD_SERIAL,
	SGN_FIND_ZONEMD_DUPLICATE,
	SGN_FIND_ZONEMD_UNSUPPORTED,
	/* limits against hostile input */
	SGN_FIND_LIMIT_KEYS_PER_TAG,
	SGN_FIND_LIMIT_SIGS_PER_RRSET,
	SGN_FIND_LIMIT_NSEC3_ITERATIONS,
	SGN_FIND_LIMIT_WORK,
	/* warnings */
	SGN_FIND_RRSIG_EXPIRING_SOON,
	SGN_FIND_ALGORITHM_DEPRECATED,
	SGN_FIND_RSA_KEY_SHORT,
	SGN_FIND_NSEC3_ITERATIONS,
	SGN_FIND_NSEC3_SALT,
	SGN_FIND_TTL_EXCEEDS_VALIDITY,
	SGN_FIND_DNSKEY_ALGORITHM_UNSUPPORTED,
	/* chain of trust */
	SGN_FIND_DS_NO_MATCHING_DNSKEY,
	SGN_FIND_DS_ALGORITHM_UNSUPPORTED,
	SGN_FIND_DS_DIGEST_UNSUPPORTED,
	SGN_FIND_NO_DS_PROVEN,
	SGN_FIND_NO_DS_UNPROVEN,
	SGN_FIND_DATA_MISSING,
	SGN_FIND_PROOF_INVALID,
	SGN_FIND_WILDCARD_PROOF_MISSING,
	SGN_FIND_ZONE_CONTENT,
	/* the registrar's DS check (dscheck.h) */
	SGN_FIND_DSC_DS_NO_KEY,
	SGN_FIND_DSC_DS_KEY_UNUSABLE,
	SGN_FIND_DSC_DS_KEY_NOT_SIGNING,
	SGN_FIND_DSC_ALG_NOT_SIGNING,
	SGN_FIND_DSC_DIGEST_NOT_ALLOWED,
	SGN_FIND_DSC_ALG_NOT_ALLOWED,
	SGN_FIND_DSC_DIGEST_LENGTH,
	SGN_FIND_DSC_UNCHECKABLE,
	SGN_FIND_DSC_SET_UNUSABLE,
	SGN_FIND_DSC_SET_TOO_LARGE,
	SGN_FIND_DSC_DNSKEY_MISSING,
	SGN_FIND_DSC_NOT_AUTHENTICATED,
	SGN_FIND_DSC_CDS_NOT_AUTHENTICATED,
	SGN_FIND_DSC_CDS_CDNSKEY_MISMATCH,
	SGN_FIND_DSC_CDS_ABSENT,
	SGN_FIND_DSC_DELETE,
	SGN_FIND_DSC_DELETE_MIXED,
	SGN_FIND_DSC_REPLAY,
	SGN_FIND_DSC_SERVERS_DISAGREE,
	SGN_FIND_DSC_SERVER_UNUSABLE,
	SGN_FIND_DSC_BOOT_ALREADY_SECURE,
	SGN_FIND_DSC_BOOT_SIGNAL_MISSING,
	SGN_FIND_DSC_BOOT_SIGNAL_INSECURE,
	SGN_FIND_DSC_BOOT_SIGNAL_MISMATCH,
	SGN_FIND_DSC_BOOT_NS_UNUSABLE,
	SGN_FIND_OPTOUT_INSECURE,
	/* DNSSEC RDATA that does not fit the algorithm table (ds-digest-length, above, too) */
	SGN_FIND_DNSKEY_KEY_SIZE,
	/* the authoritative servers of a live chain (sgn_chain_add_servers(), chain.h) */
	SGN_FIND_SERVER_UNREACHABLE,
	SGN_FIND_SERVER_LAME,
	SGN_FIND_SERVER_DATA_DIFFERS,
	SGN_FIND_SERVER_VERDICT_DIFFERS,
	SGN_FIND__COUNT
} sgn_finding_code_t;

/**
 * The finding table's row of @p code: sgn_finding_id() is its stable id ("rrsig-expired";
 * "unknown" out of range), sgn_finding_message() its one-line description ("unknown
 * finding" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_finding_id(sgn_finding_code_t code);
SGN_API const char *sgn_finding_message(sgn_finding_code_t code);

/**
 * Default severity of @p code (::SGN_SEV_ERROR out of range).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API sgn_severity_t sgn_finding_default_severity(sgn_finding_code_t code);

/**
 * RFC 8914 Extended DNS Error INFO-CODE for the finding.
 * @return the code, -1 when none fits or @p code is out of range.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API int sgn_finding_ede(sgn_finding_code_t code);

/**
 * "error", "warning", "notice" ("unknown" out of range).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_severity_str(sgn_severity_t sev);

/** Size of the detail text of a finding. */
#define SGN_FINDING_DETAIL_MAX 200

/** Size of a server address in a finding (an IPv6 address in presentation form). */
#define SGN_FINDING_ADDRESS_MAX 46

/**
 * One finding. The owner is copied in.
 *
 * ABI: fields are only ever appended at the end (the server fields came last). Appending
 * changes sizeof(sgn_finding_t), and so the stride of sgn_findings_t.items: a program that
 * reads findings must be built with the header of the libsign it runs with (libsign's
 * soname stays libsign.so.0 until 1.0). Findings made by sgn_findings_add() and the
 * validators have every field it does not set zeroed: no key, no time, no server.
 */
typedef struct sgn_finding {
	sgn_finding_code_t code;
	sgn_severity_t severity;
	uint8_t owner[255];   /**< wire-form name the finding is about (root if none) */
	uint16_t type;        /**< RR type concerned, 0 if none */
	uint16_t key_tag;     /**< key involved, when @ref has_key */
	uint8_t algorithm;
	bool has_key;
	int64_t when;         /**< a time the finding is about (expiry...), 0 if none */
	char detail[SGN_FINDING_DETAIL_MAX]; /**< specifics, may be empty */
	bool has_server;      /**< it came from one authoritative server's answers (a live
	                           chain, sgn_chain_add_servers()): the server fields say which */
	uint16_t server_port;
	uint8_t server_name[255]; /**< the server's NS name (wire form); the root name for a
	                               server given by address */
	char server_address[SGN_FINDING_ADDRESS_MAX]; /**< IPv4 or IPv6, presentation form */
} sgn_finding_t;

/** A growable list of findings. Caller storage: init, then release. */
typedef struct sgn_findings {
	sgn_finding_t *items;
	size_t count;
	size_t cap;
	size_t *per_code;                /**< private: read with sgn_findings_code_count()
	                                      (an array sized by the library, so that a new
	                                      code does not change this struct) */
	size_t errors, warnings;         /**< totals by effective severity */
	size_t keep_per_code;            /**< store at most this many of one code (the rest are
	                                      only counted); 0: no limit. Default 1000. */
} sgn_findings_t;

/**
 * Start an empty list (keep_per_code 1000), whatever it held before.
 * Ownership: nothing is allocated (memory comes with the first finding); a list that held
 * findings must be released first. Errors: none (cannot fail).
 */
SGN_API void sgn_findings_init(sgn_findings_t *list) SGN_NONNULL(1);

/**
 * Free the findings and empty the list, keeping keep_per_code.
 * Ownership: frees the items and the per-code counts; the struct is the caller's.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_findings_release(sgn_findings_t *list) SGN_NONNULL(1);

/**
 * How many findings of @p code were added, stored or only counted (0 for codes out of
 * range, and for a list that never had a finding).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API size_t sgn_findings_code_count(const sgn_findings_t *list, sgn_finding_code_t code)
	SGN_NONNULL(1);

/**
 * The number of finding codes this library knows: iterate codes 0 to this, exclusive,
 * instead of ::SGN_FIND__COUNT, which is only the count the caller was compiled with.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API size_t sgn_finding_code_total(void);

/**
 * Append a finding (its severity is the code's default; no key, time or server). Beyond
 * keep_per_code findings of one code, it is only counted, not stored.
 * @param owner wire-form name the finding is about (copied); NULL: the root
 * @param type  RR type concerned, 0 for none
 * @param fmt   printf format of the detail (truncated to ::SGN_FINDING_DETAIL_MAX - 1
 *              characters); NULL: no detail
 * @return ::SGN_OK, ::SGN_EINVAL or ::SGN_ENOMEM.
 * Ownership: copies @p owner and the detail into the list.
 * Errors: ::SGN_EINVAL for a code out of range (nothing counted); ::SGN_ENOMEM (the
 *         finding is not stored, and may have been counted).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_findings_add(sgn_findings_t *list, sgn_finding_code_t code,
                                                 const uint8_t *owner, uint16_t type,
                                                 const char *fmt, ...) SGN_PRINTF(5, 6)
	SGN_NONNULL(1);

/**
 * Append a finding as given (its own severity, key, time and server fields), counted by
 * its severity; stored only while its code has fewer than keep_per_code.
 * @return ::SGN_OK, ::SGN_EINVAL or ::SGN_ENOMEM.
 * Ownership: copies the finding.
 * Errors: ::SGN_EINVAL for a code out of range (nothing counted); ::SGN_ENOMEM (not
 *         stored, and may have been counted).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_findings_push(sgn_findings_t *list, const sgn_finding_t *f)
	SGN_NONNULL(1, 2);

/**
 * Move every finding of @p from into @p to (counts included); @p from is left empty. The
 * findings beyond @p to's keep_per_code are counted, not stored.
 * @return ::SGN_OK, ::SGN_EINVAL or ::SGN_ENOMEM.
 * Ownership: copies the findings into @p to and releases @p from (keeping its
 *         keep_per_code), also on failure.
 * Errors: ::SGN_ENOMEM, or ::SGN_EINVAL for a finding of @p from with a code out of range:
 *         @p to is left as it was (nothing of @p from is in it) and @p from's findings
 *         are lost.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_findings_merge(sgn_findings_t *to, sgn_findings_t *from)
	SGN_NONNULL(1, 2);

/**
 * Sort the stored findings by owner (canonical order), then code, type, key tag and
 * detail: a stable order for reports.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_findings_sort(sgn_findings_t *list) SGN_NONNULL(1);

/**
 * Count warnings as errors (`--strict`): every stored warning becomes an error, and the
 * warning total moves into the error total (counted-only warnings included).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_findings_make_strict(sgn_findings_t *list) SGN_NONNULL(1);

#ifdef __cplusplus
}
#endif
#endif
