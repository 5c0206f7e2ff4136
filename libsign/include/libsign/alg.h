/* SPDX-License-Identifier: MIT */
/** @file alg.h
 * DNSSEC algorithm and digest numbers, with capability queries answered by the one
 * algorithm table inside libsign.
 */
#ifndef LIBSIGN_ALG_H
#define LIBSIGN_ALG_H

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** DNSKEY/RRSIG algorithm numbers (IANA "DNS Security Algorithm Numbers"). */
typedef enum sgn_alg_number {
	SGN_ALG_RSAMD5 = 1,
	SGN_ALG_DH = 2,
	SGN_ALG_DSA = 3,
	SGN_ALG_RSASHA1 = 5,
	SGN_ALG_DSA_NSEC3_SHA1 = 6,
	SGN_ALG_RSASHA1_NSEC3_SHA1 = 7,
	SGN_ALG_RSASHA256 = 8,
	SGN_ALG_RSASHA512 = 10,
	SGN_ALG_ECC_GOST = 12,
	SGN_ALG_ECDSAP256SHA256 = 13,
	SGN_ALG_ECDSAP384SHA384 = 14,
	SGN_ALG_ED25519 = 15,
	SGN_ALG_ED448 = 16,
	SGN_ALG_INDIRECT = 252,
	SGN_ALG_PRIVATEDNS = 253,
	SGN_ALG_PRIVATEOID = 254,
} sgn_alg_number_t;

/** DS digest type numbers. */
typedef enum sgn_digest_number {
	SGN_DIGEST_SHA1 = 1,
	SGN_DIGEST_SHA256 = 2,
	SGN_DIGEST_GOST = 3,
	SGN_DIGEST_SHA384 = 4,
} sgn_digest_number_t;

/** The default signing algorithm: ECDSAP256SHA256 (RFC 8624 "MUST"). */
#define SGN_ALG_DEFAULT SGN_ALG_ECDSAP256SHA256

/** True when libsign can create signatures and keys with algorithm @p alg. */
SGN_API bool sgn_alg_can_sign(uint8_t alg);

/** True when libsign can check signatures made with algorithm @p alg. */
SGN_API bool sgn_alg_can_verify(uint8_t alg);

/**
 * Mnemonic of an algorithm ("ECDSAP256SHA256"), or NULL for a number libsign does not
 * know. @return a static string.
 */
SGN_API const char *sgn_alg_mnemonic(uint8_t alg);

/**
 * Algorithm number from a mnemonic (case-insensitive, "ECDSAP256SHA256", also BIND's
 * "NSEC3RSASHA1") or a decimal number.
 * @return ::SGN_OK, or ::SGN_ENOTFOUND when the text names no known algorithm.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_from_str(const char *str, uint8_t *alg);

/**
 * Key size limits for key generation.
 * @param alg   algorithm number
 * @param min   receives the smallest size accepted, in bits (may be NULL)
 * @param max   receives the largest (may be NULL)
 * @param dflt  receives the default (may be NULL)
 * @return ::SGN_OK, or ::SGN_EUNSUPPORTED when @p alg cannot sign. Fixed-size
 *         algorithms report the same value three times.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_key_bits(uint8_t alg, unsigned *min, unsigned *max,
                                                 unsigned *dflt);

/** True when DNSKEYs of this algorithm may appear in an NSEC3-signed zone (not 5 or 3). */
SGN_API bool sgn_alg_allows_nsec3(uint8_t alg);

/** True when RFC 8624 deprecates signing with @p alg (RSASHA1 and older). */
SGN_API bool sgn_alg_is_deprecated(uint8_t alg);

/** True when libsign can compute DS digests of type @p digest. */
SGN_API bool sgn_digest_is_supported(uint8_t digest);

/** Digest output size in bytes, 0 for an unsupported digest type. */
SGN_API size_t sgn_digest_size(uint8_t digest);

/** Mnemonic ("SHA-256"), or NULL for an unknown digest type. */
SGN_API const char *sgn_digest_mnemonic(uint8_t digest);

/**
 * Digest type from "SHA-256", "SHA256", "sha256" or a decimal number.
 * @return ::SGN_OK or ::SGN_ENOTFOUND.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_digest_from_str(const char *str, uint8_t *digest);

/**
 * Does DNSKEY (or CDNSKEY) RDATA fit its algorithm's row: a public key field of the size
 * the algorithm defines (exact for ECDSA and EdDSA, RFC 6605 §4 and RFC 8032 §5; for
 * RSA, RFC 3110 §2, 1 + 1 + 64 (RSASHA512: 128) to 3 + 1024 bytes) and, with @p load,
 * that the crypto backend can load (an ECDSA point on its curve, an RSA modulus of 512
 * bits (1024 for RSASHA512) to 4096)?
 * @param load also load the key (a signer refuses sizes only: a zone may carry keys it
 *             cannot use, as hostile test zones do; a verifier reports both)
 * @param why  receives the reason on ::SGN_EPARSE ("ECDSAP256SHA256 public key of 3
 *             bytes, not 64"); may be NULL
 * @param cap  size of @p why
 * @return ::SGN_OK, also for algorithms without known sizes; ::SGN_EPARSE; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_check_dnskey(const uint8_t *rdata, size_t len, bool load,
                                                     char *why, size_t cap);

/**
 * Does DS (or CDS) RDATA have the digest length of its digest type (SHA-1 20 bytes,
 * SHA-256 32, GOST 32, SHA-384 48)?
 * @param why  receives the reason on ::SGN_EPARSE ("SHA-256 digest of 2 bytes, not
 *             32"); may be NULL
 * @return ::SGN_OK, also for digest types libsign does not know; ::SGN_EPARSE.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_check_ds(const uint8_t *rdata, size_t len, char *why,
                                                 size_t cap);

/**
 * Compute a DS-type digest over @p len bytes.
 * @param out  receives sgn_digest_size(digest) bytes
 * @return ::SGN_OK, ::SGN_EUNSUPPORTED, or ::SGN_ECRYPTO.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_digest(uint8_t digest, const uint8_t *data, size_t len,
                                           uint8_t *out);

#ifdef __cplusplus
}
#endif
#endif
