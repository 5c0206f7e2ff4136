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

/**
 * What libsign can do with algorithm @p alg, from the algorithm table:
 * sgn_alg_can_sign() is true when it can create keys and signatures (RSASHA256,
 * RSASHA512, ECDSAP256SHA256, ECDSAP384SHA384, ED25519, ED448), sgn_alg_can_verify() when
 * it can check signatures; both false for a number without a row or a crypto backend.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_alg_can_sign(uint8_t alg);
SGN_API bool sgn_alg_can_verify(uint8_t alg);

/**
 * Mnemonic of an algorithm ("ECDSAP256SHA256").
 * @return a static string, or NULL for a number libsign does not know.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_alg_mnemonic(uint8_t alg);

/**
 * Algorithm number from a mnemonic (case-insensitive, "ECDSAP256SHA256", also BIND's
 * "NSEC3RSASHA1") or a decimal number 0 to 255 (any number, known or not).
 * @param alg receives the number on success, untouched otherwise
 * @param str NUL-terminated text
 * @return ::SGN_OK, or ::SGN_ENOTFOUND.
 * Ownership: nothing is allocated.
 * Errors: ::SGN_ENOTFOUND when the text is neither a known mnemonic nor a number up to 255.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_from_str(uint8_t *alg, const char *str)
	SGN_NONNULL(1, 2);

/**
 * Key size limits for key generation.
 * @param min   receives the smallest size accepted, in bits (may be NULL)
 * @param max   receives the largest (may be NULL)
 * @param dflt  receives the default (may be NULL)
 * @param alg   algorithm number
 * @return ::SGN_OK, or ::SGN_EUNSUPPORTED when @p alg cannot sign. Fixed-size
 *         algorithms report the same value three times.
 * Ownership: nothing is allocated.
 * Errors: ::SGN_EUNSUPPORTED when sgn_alg_can_sign() is false for @p alg (the outputs are
 *         untouched then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_key_bits(unsigned *min, unsigned *max, unsigned *dflt,
                                                 uint8_t alg);

/**
 * True when DNSKEYs of this algorithm may appear in an NSEC3-signed zone (RFC 5155 §2:
 * not DSA and RSASHA1, 3 and 5). False for the rows without the table's NSEC3 mark:
 * RSAMD5, DH, DSA, RSASHA1 (1, 2, 3, 5) and INDIRECT, PRIVATEDNS, PRIVATEOID (252 to
 * 254); true for every number without a row.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_alg_allows_nsec3(uint8_t alg);

/**
 * True when RFC 8624 deprecates signing with @p alg: RSAMD5, DH, DSA, RSASHA1,
 * DSA-NSEC3-SHA1, RSASHA1-NSEC3-SHA1 and ECC-GOST (1, 2, 3, 5, 6, 7, 12); false for the
 * others and for numbers libsign does not know.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_alg_is_deprecated(uint8_t alg);

/**
 * True when libsign can compute DS digests of type @p digest (SHA-1, SHA-256, SHA-384).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_digest_is_supported(uint8_t digest);

/**
 * Digest output size in bytes.
 * @return the size, 0 for a digest type sgn_digest_is_supported() refuses.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API size_t sgn_digest_size(uint8_t digest);

/**
 * Mnemonic of a digest type ("SHA-256"), also for types libsign knows but cannot compute
 * (GOST).
 * @return a static string, or NULL for an unknown digest type.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_digest_mnemonic(uint8_t digest);

/**
 * Digest type from "SHA-256", "SHA256", "sha256" or a decimal number 0 to 255.
 * @param digest receives the number on success, untouched otherwise
 * @return ::SGN_OK or ::SGN_ENOTFOUND.
 * Ownership: nothing is allocated.
 * Errors: ::SGN_ENOTFOUND when the text is neither a known mnemonic nor a number up to 255.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_digest_from_str(uint8_t *digest, const char *str)
	SGN_NONNULL(1, 2);

/**
 * Does DNSKEY (or CDNSKEY) RDATA fit its algorithm's row: a public key field of the size
 * the algorithm defines (exact for ECDSA and EdDSA, RFC 6605 §4 and RFC 8032 §5; for
 * RSA, RFC 3110 §2, 1 + 1 + 64 (RSASHA512: 128) to 3 + 1024 bytes) and, with @p load,
 * that the crypto backend can load (an ECDSA point on its curve, an RSA modulus of 512
 * bits (1024 for RSASHA512) to 4096)?
 * @param why  receives the reason on ::SGN_EPARSE ("ECDSAP256SHA256 public key of 3
 *             bytes, not 64"); may be NULL
 * @param cap  size of @p why
 * @param load also load the key (a signer refuses sizes only: a zone may carry keys it
 *             cannot use, as hostile test zones do; a verifier reports both)
 * @return ::SGN_OK, also for algorithms without known sizes; ::SGN_EPARSE; ::SGN_ENOMEM.
 * Ownership: writes into @p why only; nothing is kept.
 * Errors: ::SGN_EPARSE for RDATA shorter than 4 bytes, a public key of the wrong size, or
 *         (with @p load) one the backend cannot decode or of a size out of range;
 *         ::SGN_ENOMEM (with @p load) when loading the key runs out of memory.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_check_dnskey(char *why, size_t cap, const uint8_t *rdata,
                                                     size_t len, bool load);

/**
 * Does DS (or CDS) RDATA have the digest length of its digest type (SHA-1 20 bytes,
 * SHA-256 32, GOST 32, SHA-384 48)?
 * @param why  receives the reason on ::SGN_EPARSE ("SHA-256 digest of 2 bytes, not
 *             32"); may be NULL
 * @param cap  size of @p why
 * @return ::SGN_OK, also for digest types libsign does not know; ::SGN_EPARSE.
 * Ownership: writes into @p why only.
 * Errors: ::SGN_EPARSE for RDATA shorter than 4 bytes or a digest of the wrong length.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_alg_check_ds(char *why, size_t cap, const uint8_t *rdata,
                                                 size_t len);

/**
 * Compute a DS-type digest over @p len bytes.
 * @param out  receives sgn_digest_size(digest) bytes
 * @return ::SGN_OK, ::SGN_EUNSUPPORTED, or ::SGN_ECRYPTO.
 * Ownership: writes into @p out only.
 * Errors: ::SGN_EUNSUPPORTED for a digest type sgn_digest_is_supported() refuses;
 *         ::SGN_ECRYPTO when OpenSSL fails.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_digest(uint8_t *out, uint8_t digest, const uint8_t *data,
                                           size_t len) SGN_NONNULL(1);

#ifdef __cplusplus
}
#endif
#endif
