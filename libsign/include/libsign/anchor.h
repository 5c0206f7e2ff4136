/* SPDX-License-Identifier: MIT */
/** @file anchor.h
 * Trust anchors: DS or DNSKEY records for one or more names, from zone text (root.key,
 * root.ds, `dig DS` output) or IANA's root-anchors.xml, with validity periods honoured.
 */
#ifndef LIBSIGN_ANCHOR_H
#define LIBSIGN_ANCHOR_H

#include <libsign/base.h>
#include <libsign/rr.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A set of trust anchors. Opaque. */
typedef struct sgn_anchors sgn_anchors_t;

/**
 * An empty set of trust anchors.
 * @param out receives the set
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_anchors_free() (NULL on error).
 * Errors: ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_new(sgn_anchors_t **out) SGN_NONNULL(1);

/**
 * Free a set and the RDATA it copied.
 * Ownership: frees @p anchors; NULL is ignored. Views from sgn_anchors_get() die with it.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_anchors_free(sgn_anchors_t *anchors);

/** Most anchors a set holds: a file with more is refused, whatever it is. */
#define SGN_ANCHORS_MAX 1000

/**
 * Add a DS anchor (sgn_anchors_add_ds()) or a DNSKEY anchor (sgn_anchors_add_dnskey()) for
 * @p owner. One identical to an anchor of the set (same owner, type and RDATA) is not
 * added again. The RDATA is not checked beyond its length: a malformed digest or key
 * simply never matches.
 * @param owner wire-form owner name (copied, lower-cased)
 * @param rdata DS or DNSKEY RDATA of @p len bytes
 * @return ::SGN_OK, ::SGN_EPARSE, ::SGN_ELIMIT or ::SGN_ENOMEM.
 * Ownership: copies @p owner and @p rdata.
 * Errors: ::SGN_EPARSE for a malformed owner name or RDATA shorter than 4 or longer than
 *         65535 bytes; ::SGN_ELIMIT when the set holds ::SGN_ANCHORS_MAX anchors already;
 *         ::SGN_ENOMEM. The set is unchanged on error.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_add_ds(sgn_anchors_t *anchors, const uint8_t *owner,
                                                   const uint8_t *rdata, size_t len)
	SGN_NONNULL(1, 2);
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_add_dnskey(sgn_anchors_t *anchors,
                                                       const uint8_t *owner,
                                                       const uint8_t *rdata, size_t len)
	SGN_NONNULL(1, 2);

/**
 * Load anchors from a file: zone text with DS and/or DNSKEY records (other types are
 * ignored), or IANA's root-anchors XML (RFC 7958; a file whose first character other than
 * white space is '<' is read as XML, and must hold a `<TrustAnchor>` element), whose
 * KeyDigest entries are kept only when @p now lies within validFrom/validUntil. Duplicates
 * count once. Reading is linear in the file's size (at most 4 MiB).
 * @param anchors the set the anchors are added to (it may hold anchors already)
 * @param path    the file
 * @param now     Unix seconds, for the XML validity periods
 * @param diag    receives file, line and message on failure (may be NULL)
 * @return ::SGN_OK; ::SGN_EIO; ::SGN_EPARSE with file and line ("root-anchors XML: ..."
 *         for XML); ::SGN_ENOTFOUND when the file holds no anchor; ::SGN_ELIMIT for more
 *         than ::SGN_ANCHORS_MAX; ::SGN_ENOMEM.
 * Ownership: the anchors are copied into @p anchors; nothing else is kept.
 * Errors: ::SGN_EIO when the file cannot be read; ::SGN_ELIMIT for a file over 4 MiB, a
 *         line over 1 MiB, or more than ::SGN_ANCHORS_MAX anchors in the set;
 *         ::SGN_EPARSE for malformed text, XML or anchor records ($INCLUDE and $GENERATE
 *         are refused too); ::SGN_ENOTFOUND when the file adds no anchor (none at all, or
 *         none valid at @p now, or only anchors the set already had); ::SGN_ENOMEM. The
 *         anchors read before an error stay in the set.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_load(sgn_anchors_t *anchors, const char *path,
                                                 int64_t now, sgn_diag_t *diag)
	SGN_NONNULL(1, 2);

/**
 * Counts: sgn_anchors_count() is the number of anchors (DS and DNSKEY together),
 * sgn_anchors_skipped() the number of XML KeyDigest entries sgn_anchors_load() skipped
 * because `now` was outside their validity period (over every load into the set).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API size_t sgn_anchors_count(const sgn_anchors_t *anchors) SGN_NONNULL(1);
SGN_API size_t sgn_anchors_skipped(const sgn_anchors_t *anchors) SGN_NONNULL(1);

/**
 * True when @p owner (wire form, compared case-insensitively) has at least one anchor.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_anchors_has(const sgn_anchors_t *anchors, const uint8_t *owner)
	SGN_NONNULL(1, 2);

/**
 * True when DNSKEY RDATA at @p owner matches an anchor: equal to a DNSKEY anchor (flags
 * aside from REVOKE), or described by a DS anchor with a supported digest (sgn_ds_match()).
 * Ownership: nothing is allocated. Errors: none (cannot fail): a DS anchor that cannot be
 * checked (unsupported digest, malformed) does not match.
 */
SGN_API bool sgn_anchors_match(const sgn_anchors_t *anchors, const uint8_t *owner,
                               const uint8_t *dnskey, size_t len) SGN_NONNULL(1, 2);

/**
 * The @p i-th anchor, in the order added: owner, type (DS or DNSKEY) and RDATA.
 * @param owner receives the wire-form owner name (lower case)
 * @param type  receives ::SGN_TYPE_DS or ::SGN_TYPE_DNSKEY
 * @param rdata receives the RDATA
 * @return true, or false when @p i is past the end (the outputs are untouched then).
 * Ownership: *@p owner and rdata->data are borrowed from @p anchors, valid until it is
 *         freed.
 * Errors: none (cannot fail).
 */
SGN_API bool sgn_anchors_get(const sgn_anchors_t *anchors, const uint8_t **owner, uint16_t *type,
                             sgn_rdata_t *rdata, size_t i) SGN_NONNULL(1, 2, 3, 4);

#ifdef __cplusplus
}
#endif
#endif
