/* SPDX-License-Identifier: MIT */
/** @file ds.h
 * DS records (RFC 4034 §5, RFC 4509, RFC 6605): which keys get one, create from a DNSKEY,
 * and match a DS against a DNSKEY.
 */
#ifndef LIBSIGN_DS_H
#define LIBSIGN_DS_H

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/rr.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest DS RDATA libsign creates: 4 bytes of fields plus a SHA-384 digest. */
#define SGN_DS_RDATA_MAX (4 + 48)

/** Whether a key gets a DS (or CDS/CDNSKEY) record, and if not, why. */
typedef enum sgn_ds_pick {
	SGN_DS_PICKED = 0,   /**< a zone key the parent may point at */
	SGN_DS_NOT_ZONE_KEY, /**< no ZONE flag: not a DNSSEC zone key (RFC 4034 §2.1.1) */
	SGN_DS_REVOKED,      /**< REVOKE set: a revoked key is no trust point (RFC 5011 §2.1) */
	SGN_DS_NOT_SEP,      /**< no SEP flag (a ZSK), and only key-signing keys were asked for */
} sgn_ds_pick_t;

/**
 * The one rule for which keys a parent's DS set (or a child's CDS/CDNSKEY set) names:
 * zone keys that are not revoked and, unless @p any_zone_key, carry the SEP flag
 * (RFC 4034 §5, RFC 7344 §4.1). Key timing (SyncPublish/SyncDelete) is the caller's.
 * @return ::SGN_DS_PICKED, or the reason the key is left out.
 * Ownership: @p key is only read. Errors: none (cannot fail).
 */
SGN_API sgn_ds_pick_t sgn_ds_pick_key(const sgn_key_t *key, bool any_zone_key) SGN_NONNULL(1);

/**
 * DS RDATA for a DNSKEY: key tag, algorithm, digest type, digest of
 * (canonical owner name | DNSKEY RDATA).
 * @param out     at least ::SGN_DS_RDATA_MAX bytes
 * @param outlen  receives the RDATA length
 * @param owner   wire-form owner of the DNSKEY (lower-cased for the digest)
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED for an unknown digest; ::SGN_EPARSE for short
 *         DNSKEY RDATA or a malformed owner; ::SGN_ECRYPTO.
 * Ownership: writes into @p out and @p outlen only; nothing is allocated.
 * Errors: ::SGN_EUNSUPPORTED for a digest type sgn_digest_is_supported() refuses;
 *         ::SGN_EPARSE for DNSKEY RDATA shorter than 4 bytes, a malformed owner, or owner
 *         and RDATA together over 4351 bytes; ::SGN_ECRYPTO when the digest fails.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_ds_from_dnskey(uint8_t *out, size_t *outlen,
                                                   const uint8_t *owner,
                                                   const uint8_t *dnskey, size_t dnskey_len,
                                                   uint8_t digest_type) SGN_NONNULL(1, 2, 3);

/**
 * Does DS RDATA @p ds describe the DNSKEY (tag, algorithm, then digest)?
 * A DS whose tag or algorithm differs, or whose digest has the wrong length for its
 * type, is no match (::SGN_OK, *@p match false) without computing anything.
 * @param match receives the verdict; false whenever the result is not ::SGN_OK
 * @param owner wire-form owner of the DNSKEY
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED when the DS digest type is not supported (the
 *         caller decides what that means: insecure per RFC 4035 §5.2); ::SGN_EPARSE.
 * Ownership: nothing is allocated.
 * Errors: ::SGN_EPARSE for DS RDATA shorter than 4 bytes or DNSKEY RDATA shorter than 4,
 *         or (when tag and algorithm agree) a malformed owner, or owner and DNSKEY over
 *         4351 bytes together; ::SGN_EUNSUPPORTED for a digest type libsign cannot
 *         compute; ::SGN_ECRYPTO when the digest fails.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_ds_match(bool *match, const uint8_t *ds, size_t ds_len,
                                             const uint8_t *owner, const uint8_t *dnskey,
                                             size_t dnskey_len) SGN_NONNULL(1, 4);

#ifdef __cplusplus
}
#endif
#endif
