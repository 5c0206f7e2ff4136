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

/** @return ::SGN_OK or ::SGN_ENOMEM. Free with sgn_anchors_free(). */
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_new(sgn_anchors_t **out);
/** NULL is ignored. */
SGN_API void sgn_anchors_free(sgn_anchors_t *anchors);

/** Most anchors a set holds: a file with more is refused, whatever it is. */
#define SGN_ANCHORS_MAX 1000

/** Add a DS anchor (RDATA copied); one identical to an anchor of the set is not added
 * again. @return ::SGN_OK, ::SGN_EPARSE, ::SGN_ELIMIT (::SGN_ANCHORS_MAX anchors already) or
 * ::SGN_ENOMEM. */
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_add_ds(sgn_anchors_t *anchors, const uint8_t *owner,
                                                   const uint8_t *rdata, size_t len);
/** Add a DNSKEY anchor (RDATA copied), likewise. @return ::SGN_OK, ::SGN_EPARSE,
 * ::SGN_ELIMIT or ::SGN_ENOMEM. */
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_add_dnskey(sgn_anchors_t *anchors,
                                                       const uint8_t *owner,
                                                       const uint8_t *rdata, size_t len);

/**
 * Load anchors from a file: zone text with DS and/or DNSKEY records (other types are
 * ignored), or IANA's root-anchors XML (RFC 7958; a file whose first character other than
 * white space is '<' is read as XML, and must hold a `<TrustAnchor>` element), whose
 * KeyDigest entries are kept only when @p now lies within validFrom/validUntil. Duplicates
 * count once. Reading is linear in the file's size (at most 4 MiB).
 * @return ::SGN_OK; ::SGN_EIO; ::SGN_EPARSE with file and line ("root-anchors XML: ..."
 *         for XML); ::SGN_ENOTFOUND when the file holds no anchor; ::SGN_ELIMIT for more
 *         than ::SGN_ANCHORS_MAX; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_anchors_load(sgn_anchors_t *anchors, const char *path,
                                                 int64_t now, sgn_diag_t *diag);

/** Number of anchors (DS and DNSKEY together). */
SGN_API size_t sgn_anchors_count(const sgn_anchors_t *anchors);
/** Number of anchors skipped by sgn_anchors_load() because @p now was outside their period. */
SGN_API size_t sgn_anchors_skipped(const sgn_anchors_t *anchors);

/** True when @p owner has at least one anchor. */
SGN_API bool sgn_anchors_has(const sgn_anchors_t *anchors, const uint8_t *owner);

/**
 * True when DNSKEY RDATA at @p owner matches an anchor: equal to a DNSKEY anchor (flags
 * aside from REVOKE), or described by a DS anchor with a supported digest.
 */
SGN_API bool sgn_anchors_match(const sgn_anchors_t *anchors, const uint8_t *owner,
                               const uint8_t *dnskey, size_t len);

/** The i-th anchor: owner, type (DS or DNSKEY) and RDATA, borrowed. false past the end. */
SGN_API bool sgn_anchors_get(const sgn_anchors_t *anchors, size_t i, const uint8_t **owner,
                             uint16_t *type, sgn_rdata_t *rdata);

#ifdef __cplusplus
}
#endif
#endif
