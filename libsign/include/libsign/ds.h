/* SPDX-License-Identifier: MIT */
/** @file ds.h
 * DS records (RFC 4034 §5, RFC 4509, RFC 6605): create from a DNSKEY, and match a DS
 * against a DNSKEY.
 */
#ifndef LIBSIGN_DS_H
#define LIBSIGN_DS_H

#include <libsign/base.h>
#include <libsign/rr.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest DS RDATA libsign creates: 4 bytes of fields plus a SHA-384 digest. */
#define SGN_DS_RDATA_MAX (4 + 48)

/**
 * DS RDATA for a DNSKEY: key tag, algorithm, digest type, digest of
 * (canonical owner name | DNSKEY RDATA).
 * @param out     at least ::SGN_DS_RDATA_MAX bytes
 * @param outlen  receives the RDATA length
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED for an unknown digest; ::SGN_EPARSE for short
 *         DNSKEY RDATA or a malformed owner; ::SGN_ECRYPTO.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_ds_from_dnskey(uint8_t *out, size_t *outlen,
                                                   const uint8_t *owner,
                                                   const uint8_t *dnskey, size_t dnskey_len,
                                                   uint8_t digest_type);

/**
 * Does DS RDATA @p ds describe the DNSKEY (tag, algorithm, then digest)?
 * @param match receives the verdict
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED when the DS digest type is not supported (the
 *         caller decides what that means: insecure per RFC 4035 §5.2); ::SGN_EPARSE.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_ds_match(const uint8_t *ds, size_t ds_len, const uint8_t *owner,
                                             const uint8_t *dnskey, size_t dnskey_len,
                                             bool *match);

#ifdef __cplusplus
}
#endif
#endif
