/* SPDX-License-Identifier: MIT */
/** @file rrset.h
 * RRsets: canonical order within an RRset and the RRSIG signing data (RFC 4034 §3.1.8.1),
 * built in one place and used by both signing and validation.
 */
#ifndef LIBSIGN_RRSET_H
#define LIBSIGN_RRSET_H

#include <libsign/base.h>
#include <libsign/rr.h>

#ifdef __cplusplus
extern "C" {
#endif

/**
 * An RRset: RRs of one owner, class and type. Views are borrowed. The RDATA array is
 * expected in canonical form and canonical order, without duplicates, as the zone model
 * keeps it; sgn_rdata_canonicalize() on each RDATA and then sgn_rdata_sort_unique() bring
 * an arbitrary RRset there.
 */
typedef struct sgn_rrset {
	const uint8_t *owner; /**< wire-form owner (canonical: lower case) */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	size_t count;
	const sgn_rdata_t *rdata;
} sgn_rrset_t;

/**
 * Sort an RDATA array into canonical order (RFC 4034 §6.3) and drop duplicates
 * (RFC 6840 §5.1 is why duplicates must go before signing).
 * @param rdata  array sorted in place (may be NULL when *@p count is 0)
 * @param count  in: entries; out: entries left after removing duplicates
 * Ownership: only the array entries move; the RDATA they point to stay where they are
 *         (the dropped duplicates' data is not freed). Errors: none (cannot fail).
 */
SGN_API void sgn_rdata_sort_unique(sgn_rdata_t *rdata, size_t *count) SGN_NONNULL(2);

/**
 * Build the data an RRSIG signs or verifies (RFC 4034 §3.1.8.1, §6.2; RFC 4035 §5.3.2):
 * the RRSIG RDATA up to the signature field, then every RR in canonical form and order
 * with the owner reduced to `*.<last labels>` when the RRSIG labels field is smaller
 * than the owner's label count (wildcard expansion), and the TTL replaced by the
 * original TTL.
 *
 * @param out          appended to (not reset)
 * @param rrsig_prefix the RRSIG RDATA fields before the signature (signer name in
 *                     canonical form)
 * @param prefix_len   their length
 * @param rrset        the covered RRset, its RDATA already canonical, sorted and unique
 * @return ::SGN_OK, ::SGN_ENOMEM, or ::SGN_EPARSE when the labels field exceeds the
 *         owner's label count or the prefix is malformed.
 * Ownership: appends to the caller's @p out; nothing else is kept.
 * Errors: ::SGN_EPARSE for a prefix that is not 18 bytes and a signer name exactly, a
 *         malformed owner, or a labels field larger than the owner's label count;
 *         ::SGN_ENOMEM. @p out is unchanged on error.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rrset_signing_data(sgn_buf_t *out, const uint8_t *rrsig_prefix,
                                                       size_t prefix_len,
                                                       const sgn_rrset_t *rrset)
	SGN_NONNULL(1, 4);

#ifdef __cplusplus
}
#endif
#endif
