/* SPDX-License-Identifier: MIT */
/** @file rr.h
 * Resource records in wire form: type numbers and names, RR views, and parsed views of
 * the DNSSEC record types (DNSKEY, DS, RRSIG, NSEC3PARAM).
 *
 * Views hold borrowed pointers into wire data owned by someone else (a zone, a buffer).
 */
#ifndef LIBSIGN_RR_H
#define LIBSIGN_RR_H

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** RR type numbers used by libsign (others are handled generically, RFC 3597). */
enum sgn_rr_type {
	SGN_TYPE_A = 1,
	SGN_TYPE_NS = 2,
	SGN_TYPE_MD = 3,
	SGN_TYPE_MF = 4,
	SGN_TYPE_CNAME = 5,
	SGN_TYPE_SOA = 6,
	SGN_TYPE_MB = 7,
	SGN_TYPE_MG = 8,
	SGN_TYPE_MR = 9,
	SGN_TYPE_PTR = 12,
	SGN_TYPE_HINFO = 13,
	SGN_TYPE_MINFO = 14,
	SGN_TYPE_MX = 15,
	SGN_TYPE_TXT = 16,
	SGN_TYPE_RP = 17,
	SGN_TYPE_AFSDB = 18,
	SGN_TYPE_RT = 21,
	SGN_TYPE_SIG = 24,
	SGN_TYPE_KEY = 25,
	SGN_TYPE_PX = 26,
	SGN_TYPE_AAAA = 28,
	SGN_TYPE_NXT = 30,
	SGN_TYPE_SRV = 33,
	SGN_TYPE_NAPTR = 35,
	SGN_TYPE_KX = 36,
	SGN_TYPE_A6 = 38,
	SGN_TYPE_DNAME = 39,
	SGN_TYPE_OPT = 41,
	SGN_TYPE_DS = 43,
	SGN_TYPE_RRSIG = 46,
	SGN_TYPE_NSEC = 47,
	SGN_TYPE_DNSKEY = 48,
	SGN_TYPE_NSEC3 = 50,
	SGN_TYPE_NSEC3PARAM = 51,
	SGN_TYPE_CDS = 59,
	SGN_TYPE_CDNSKEY = 60,
	SGN_TYPE_ZONEMD = 63,
	SGN_TYPE_SVCB = 64,
	SGN_TYPE_HTTPS = 65,
	SGN_TYPE_TKEY = 249,
	SGN_TYPE_TSIG = 250,
	SGN_TYPE_IXFR = 251,
	SGN_TYPE_AXFR = 252,
	SGN_TYPE_ANY = 255,
};

/** The IN class. */
#define SGN_CLASS_IN 1

/** DNSKEY flag bits (RFC 4034 §2.1.1, RFC 5011 §7). */
#define SGN_DNSKEY_ZONE 0x0100u
#define SGN_DNSKEY_REVOKE 0x0080u
#define SGN_DNSKEY_SEP 0x0001u
/** The only DNSKEY protocol value (RFC 4034 §2.1.2). */
#define SGN_DNSKEY_PROTOCOL 3

/** Buffer size that holds any type mnemonic ("TYPE65535") plus NUL. */
#define SGN_TYPE_STR_MAX 16

/**
 * Type mnemonic ("AAAA") or RFC 3597 "TYPEnnn" for types without one.
 * @param buf at least ::SGN_TYPE_STR_MAX bytes
 * @return @p buf
 * Ownership: writes into @p buf; the result is @p buf (the caller's storage).
 * Errors: none (cannot fail).
 */
SGN_API const char *sgn_type_to_str(char *buf, uint16_t type) SGN_NONNULL(1);

/**
 * Type number from a mnemonic (case-insensitive) or "TYPEnnn" (0 to 65535).
 * @param type receives the number on success, untouched otherwise
 * @return ::SGN_OK or ::SGN_ENOTFOUND.
 * Ownership: nothing is allocated.
 * Errors: ::SGN_ENOTFOUND when @p str is neither a mnemonic libsign knows nor "TYPEnnn".
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_type_from_str(uint16_t *type, const char *str)
	SGN_NONNULL(1, 2);

/**
 * True for meta and question-only types that may not appear in a zone: 0, OPT and 128 to
 * 255 (TKEY, TSIG, IXFR, AXFR, ANY, ...; RFC 6895 §3.1).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_type_is_meta(uint16_t type);

/** One RR: borrowed views of its owner and RDATA in wire form. */
typedef struct sgn_rr {
	const uint8_t *owner; /**< wire-form owner name */
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint16_t rdlen;
	const uint8_t *rdata;
} sgn_rr_t;

/** One RDATA: borrowed pointer and length. */
typedef struct sgn_rdata {
	const uint8_t *data;
	uint16_t len;
} sgn_rdata_t;

/** Parsed DNSKEY (or CDNSKEY) RDATA. */
typedef struct sgn_dnskey_view {
	uint16_t flags;
	uint8_t protocol;
	uint8_t algorithm;
	const uint8_t *pubkey;
	size_t pubkey_len;
} sgn_dnskey_view_t;

/** Parsed DS (or CDS) RDATA. */
typedef struct sgn_ds_view {
	uint16_t key_tag;
	uint8_t algorithm;
	uint8_t digest_type;
	const uint8_t *digest;
	size_t digest_len;
} sgn_ds_view_t;

/** Parsed RRSIG RDATA (RFC 4034 §3.1). */
typedef struct sgn_rrsig_view {
	uint16_t type_covered;
	uint8_t algorithm;
	uint8_t labels;
	uint32_t original_ttl;
	uint32_t expiration;
	uint32_t inception;
	uint16_t key_tag;
	const uint8_t *signer;   /**< wire name inside the RDATA */
	size_t prefix_len;       /**< bytes of RDATA before the signature */
	const uint8_t *signature;
	size_t signature_len;
} sgn_rrsig_view_t;

/** Parsed NSEC3PARAM RDATA, or the parameter part of an NSEC3 RDATA. */
typedef struct sgn_nsec3param_view {
	uint8_t hash_alg;
	uint8_t flags;
	uint16_t iterations;
	uint8_t salt_len;
	const uint8_t *salt;
} sgn_nsec3param_view_t;

/**
 * Parse DNSKEY (or CDNSKEY) RDATA into @p v; the public key is the rest (possibly empty).
 * @return ::SGN_OK, or ::SGN_EPARSE when @p rdata is too short.
 * Ownership: v->pubkey is borrowed from @p rdata.
 * Errors: ::SGN_EPARSE for RDATA shorter than 4 bytes (@p v must not be used then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_dnskey_parse(sgn_dnskey_view_t *v, const uint8_t *rdata,
                                                 size_t len) SGN_NONNULL(1);

/**
 * Parse DS (or CDS) RDATA into @p v; the digest is the rest (its length is not checked:
 * see sgn_alg_check_ds()).
 * @return ::SGN_OK, or ::SGN_EPARSE when @p rdata is too short.
 * Ownership: v->digest is borrowed from @p rdata.
 * Errors: ::SGN_EPARSE for RDATA shorter than 4 bytes (@p v must not be used then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_ds_parse(sgn_ds_view_t *v, const uint8_t *rdata, size_t len)
	SGN_NONNULL(1);

/**
 * Parse RRSIG RDATA into @p v; the signature is the rest (possibly empty).
 * @return ::SGN_OK, or ::SGN_EPARSE when @p rdata is short or the signer name malformed.
 * Ownership: v->signer and v->signature are borrowed from @p rdata.
 * Errors: ::SGN_EPARSE for RDATA shorter than its 18 fixed bytes or a malformed signer
 *         name (@p v must not be used then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rrsig_parse(sgn_rrsig_view_t *v, const uint8_t *rdata,
                                                size_t len) SGN_NONNULL(1);

/**
 * Parse NSEC3PARAM RDATA, or the leading fields of NSEC3 RDATA, into @p v (anything after
 * the salt is ignored).
 * @return ::SGN_OK or ::SGN_EPARSE.
 * Ownership: v->salt is borrowed from @p rdata.
 * Errors: ::SGN_EPARSE for RDATA shorter than 5 bytes plus the salt length it states
 *         (@p v must not be used then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_nsec3param_parse(sgn_nsec3param_view_t *v,
                                                     const uint8_t *rdata, size_t len)
	SGN_NONNULL(1);

/**
 * Check that @p rdata is well-formed for @p type (names well-formed and in bounds,
 * fixed-size fields present, nothing left over; SVCB and HTTPS by their RFC 9460
 * layout). Unknown types are accepted as opaque (RFC 3597).
 * @return ::SGN_OK or ::SGN_EPARSE.
 * Ownership: nothing is allocated. Errors: ::SGN_EPARSE for malformed RDATA.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rdata_check(uint16_t type, const uint8_t *rdata, size_t len);

/**
 * Canonical RDATA form (RFC 4034 §6.2 with RFC 6840 §5.1): lower-case the domain names
 * embedded in the RDATA of the types listed there (NS, CNAME, SOA, MX, SRV, DNAME, ...),
 * in place. NSEC and RRSIG RDATA, and all other types, are left unchanged.
 * @return ::SGN_OK, or ::SGN_EPARSE when the RDATA is malformed.
 * Ownership: rewrites the caller's @p rdata in place; nothing is allocated.
 * Errors: ::SGN_EPARSE when RDATA of a type libsign has a layout for is malformed (nothing
 *         is changed then); RDATA of other types is never checked.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_rdata_canonicalize(uint16_t type, uint8_t *rdata, size_t len);

/**
 * Compare two RDATA as left-justified unsigned octet strings, shorter first on a common
 * prefix (RFC 4034 §6.3). @return <0, 0, >0.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API int sgn_rdata_compare(const uint8_t *a, size_t alen, const uint8_t *b, size_t blen);

#ifdef __cplusplus
}
#endif
#endif
