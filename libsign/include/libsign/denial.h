/* SPDX-License-Identifier: MIT */
/** @file denial.h
 * Authenticated denial of existence: NSEC3 owner hashing (RFC 5155 §5).
 */
#ifndef LIBSIGN_DENIAL_H
#define LIBSIGN_DENIAL_H

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** The NSEC3 hash algorithm SHA-1 (RFC 5155 §11). */
#define SGN_NSEC3_HASH_SHA1 1
/** Size of a SHA-1 NSEC3 hash. */
#define SGN_NSEC3_HASH_LEN 20
/** The NSEC3 opt-out flag (RFC 5155 §3.1.2.1). */
#define SGN_NSEC3_FLAG_OPTOUT 0x01

/**
 * NSEC3 hash of a wire-form name: IH(salt, x, k) of RFC 5155 §5, on the canonical
 * (lower-case) name.
 * @param out        receives ::SGN_NSEC3_HASH_LEN bytes
 * @param name       wire-form name
 * @param hash_alg   must be ::SGN_NSEC3_HASH_SHA1
 * @param salt       salt bytes (may be NULL when @p salt_len is 0)
 * @param iterations additional iterations
 * @param salt_len   at most 255
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED for another hash algorithm; ::SGN_EPARSE for a
 *         malformed name; ::SGN_ECRYPTO.
 * Ownership: writes into @p out only; nothing is allocated.
 * Errors: ::SGN_EUNSUPPORTED when @p hash_alg is not SHA-1; ::SGN_EPARSE for a malformed
 *         name or @p salt_len over 255; ::SGN_ECRYPTO when OpenSSL's SHA-1 fails.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_nsec3_hash(uint8_t *out, const uint8_t *name, uint8_t hash_alg,
                                               const uint8_t *salt, size_t salt_len,
                                               uint16_t iterations) SGN_NONNULL(1, 2);

#ifdef __cplusplus
}
#endif
#endif
