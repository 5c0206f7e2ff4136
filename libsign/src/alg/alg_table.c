/* SPDX-License-Identifier: MIT */
/* THE algorithm table: one row per DNSSEC algorithm, and the DS digest table. Everything
 * libsign knows about an algorithm is in its row; adding one means adding a row. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/alg.h>

#include "alg.h"

/* An RSA public key field (RFC 3110 §2): a 1-byte exponent length (or 0 and 2 bytes), the
 * exponent and the modulus, of MIN to 4096 bits; the exponent is at most as long. */
#define RSA_PUB(min)                                                                      \
	.pub_min = 1 + 1 + (min) / 8, .pub_max = 3 + 2 * 512, .pub_bits_min = (min),           \
	.pub_bits_max = 4096

/* RFC 8624 §3.1: sign with 8, 10, 13, 14, 15, 16; verify 5 and 7 as well. Key sizes for
 * RSA follow BIND's dnssec-keygen (1024..4096); 512-bit keys (RFC 5702's examples) are
 * still loaded and verified. */
static const struct sgn__alg_row alg_table[] = {
	{ .number = SGN_ALG_RSAMD5, .mnemonic = "RSAMD5", .deprecated = true },
	{ .number = SGN_ALG_DH, .mnemonic = "DH", .deprecated = true },
	{ .number = SGN_ALG_DSA, .mnemonic = "DSA", .deprecated = true },
	{ .number = SGN_ALG_RSASHA1, .mnemonic = "RSASHA1", .deprecated = true, RSA_PUB(512),
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA1" } },
	{ .number = SGN_ALG_DSA_NSEC3_SHA1, .mnemonic = "DSA-NSEC3-SHA1", .alias = "NSEC3DSA",
	  .nsec3_ok = true, .deprecated = true },
	{ .number = SGN_ALG_RSASHA1_NSEC3_SHA1, .mnemonic = "RSASHA1-NSEC3-SHA1",
	  .alias = "NSEC3RSASHA1", .nsec3_ok = true, .deprecated = true, RSA_PUB(512),
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA1" } },
	{ .number = SGN_ALG_RSASHA256, .mnemonic = "RSASHA256", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 1024, .bits_max = 4096, .bits_default = 2048, RSA_PUB(512),
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA256" } },
	{ .number = SGN_ALG_RSASHA512, .mnemonic = "RSASHA512", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 1024, .bits_max = 4096, .bits_default = 2048, RSA_PUB(1024),
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA512" } },
	{ .number = SGN_ALG_ECC_GOST, .mnemonic = "ECC-GOST", .nsec3_ok = true, .deprecated = true },
	{ .number = SGN_ALG_ECDSAP256SHA256, .mnemonic = "ECDSAP256SHA256", .may_sign = true,
	  .nsec3_ok = true, .bits_min = 256, .bits_max = 256, .bits_default = 256,
	  .pub_min = 64, .pub_max = 64, .be = &sgn__be_openssl_ecdsa,
	  .params = { .digest = "SHA256", .group = "P-256", .key_size = 64, .priv_size = 32,
	              .sig_size = 64 } },
	{ .number = SGN_ALG_ECDSAP384SHA384, .mnemonic = "ECDSAP384SHA384", .may_sign = true,
	  .nsec3_ok = true, .bits_min = 384, .bits_max = 384, .bits_default = 384,
	  .pub_min = 96, .pub_max = 96, .be = &sgn__be_openssl_ecdsa,
	  .params = { .digest = "SHA384", .group = "P-384", .key_size = 96, .priv_size = 48,
	              .sig_size = 96 } },
	{ .number = SGN_ALG_ED25519, .mnemonic = "ED25519", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 256, .bits_max = 256, .bits_default = 256, .pub_min = 32, .pub_max = 32,
	  .be = &sgn__be_sodium_ed25519,
	  .params = { .key_size = 32, .priv_size = 32, .sig_size = 64 } },
	{ .number = SGN_ALG_ED448, .mnemonic = "ED448", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 456, .bits_max = 456, .bits_default = 456, .pub_min = 57, .pub_max = 57,
	  .be = &sgn__be_openssl_eddsa,
	  .params = { .group = "ED448", .key_size = 57, .priv_size = 57, .sig_size = 114 } },
	{ .number = SGN_ALG_INDIRECT, .mnemonic = "INDIRECT" },
	{ .number = SGN_ALG_PRIVATEDNS, .mnemonic = "PRIVATEDNS" },
	{ .number = SGN_ALG_PRIVATEOID, .mnemonic = "PRIVATEOID" },
};

/* DS digest types (RFC 3658, RFC 4509, RFC 5933, RFC 6605). GOST is known, not supported. */
struct digest_row {
	uint8_t number;
	const char *mnemonic;
	const char *ossl_name; /* NULL: not supported */
	size_t size;
};

static const struct digest_row digest_table[] = {
	{ SGN_DIGEST_SHA1, "SHA-1", "SHA1", 20 },
	{ SGN_DIGEST_SHA256, "SHA-256", "SHA256", 32 },
	{ SGN_DIGEST_GOST, "GOST R 34.11-94", NULL, 32 },
	{ SGN_DIGEST_SHA384, "SHA-384", "SHA384", 48 },
};

/* -- algorithm rows -- */

const struct sgn__alg_row *sgn__alg_find(uint8_t number)
{
	for (size_t i = 0; i < ARRAY_LEN(alg_table); i++) {
		if (alg_table[i].number == number) {
			return &alg_table[i];
		}
	}
	return NULL;
}

const struct sgn__alg_row *sgn__alg_at(size_t i)
{
	return i < ARRAY_LEN(alg_table) ? &alg_table[i] : NULL;
}

bool sgn_alg_can_sign(uint8_t alg)
{
	const struct sgn__alg_row *row = sgn__alg_find(alg);
	return row != NULL && row->may_sign && row->be != NULL;
}

bool sgn_alg_can_verify(uint8_t alg)
{
	const struct sgn__alg_row *row = sgn__alg_find(alg);
	return row != NULL && row->be != NULL;
}

const char *sgn_alg_mnemonic(uint8_t alg)
{
	const struct sgn__alg_row *row = sgn__alg_find(alg);
	return row != NULL ? row->mnemonic : NULL;
}

bool sgn_alg_allows_nsec3(uint8_t alg)
{
	const struct sgn__alg_row *row = sgn__alg_find(alg);
	return row == NULL || row->nsec3_ok;
}

bool sgn_alg_is_deprecated(uint8_t alg)
{
	const struct sgn__alg_row *row = sgn__alg_find(alg);
	return row != NULL && row->deprecated;
}

/* Parse a decimal number in [0, max]; false when @p s is not entirely digits. */
static bool parse_small_number(const char *s, unsigned max, unsigned *out)
{
	if (*s == '\0') {
		return false;
	}
	unsigned long v = 0;
	for (const char *p = s; *p != '\0'; p++) {
		if (*p < '0' || *p > '9') {
			return false;
		}
		v = v * 10 + (unsigned long)(*p - '0');
		if (v > max) {
			return false;
		}
	}
	*out = (unsigned)v;
	return true;
}

sgn_err_t sgn_alg_from_str(uint8_t *alg, const char *str)
{
	unsigned n;
	if (parse_small_number(str, 255, &n)) {
		*alg = (uint8_t)n;
		return SGN_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(alg_table); i++) {
		const struct sgn__alg_row *row = &alg_table[i];
		if (strcasecmp(str, row->mnemonic) == 0 ||
		    (row->alias != NULL && strcasecmp(str, row->alias) == 0)) {
			*alg = row->number;
			return SGN_OK;
		}
	}
	return SGN_ENOTFOUND;
}

sgn_err_t sgn_alg_key_bits(unsigned *min, unsigned *max, unsigned *dflt, uint8_t alg)
{
	if (!sgn_alg_can_sign(alg)) {
		return SGN_EUNSUPPORTED;
	}
	const struct sgn__alg_row *row = sgn__alg_find(alg);
	if (min != NULL) {
		*min = row->bits_min;
	}
	if (max != NULL) {
		*max = row->bits_max;
	}
	if (dflt != NULL) {
		*dflt = row->bits_default;
	}
	return SGN_OK;
}

/* -- digest rows -- */

/* SGN_EPARSE with the reason in @p why (when not NULL). */
SGN_PRINTF(3, 4) static sgn_err_t why_fail(char *why, size_t cap, const char *fmt, ...)
{
	if (why != NULL && cap > 0) {
		va_list ap;
		va_start(ap, fmt);
		vsnprintf(why, cap, fmt, ap);
		va_end(ap);
	}
	return SGN_EPARSE;
}

static const struct digest_row *digest_find(uint8_t number)
{
	for (size_t i = 0; i < ARRAY_LEN(digest_table); i++) {
		if (digest_table[i].number == number) {
			return &digest_table[i];
		}
	}
	return NULL;
}

bool sgn_digest_is_supported(uint8_t digest)
{
	const struct digest_row *row = digest_find(digest);
	return row != NULL && row->ossl_name != NULL;
}

size_t sgn_digest_size(uint8_t digest)
{
	return sgn_digest_is_supported(digest) ? digest_find(digest)->size : 0;
}

const char *sgn_digest_mnemonic(uint8_t digest)
{
	const struct digest_row *row = digest_find(digest);
	return row != NULL ? row->mnemonic : NULL;
}

sgn_err_t sgn_digest_from_str(uint8_t *digest, const char *str)
{
	unsigned n;
	if (parse_small_number(str, 255, &n)) {
		*digest = (uint8_t)n;
		return SGN_OK;
	}
	for (size_t i = 0; i < ARRAY_LEN(digest_table); i++) {
		const struct digest_row *row = &digest_table[i];
		/* Accept "SHA-256", "SHA256" and any case. */
		char compact[32];
		size_t k = 0;
		for (const char *p = row->mnemonic; *p != '\0' && k + 1 < sizeof(compact); p++) {
			if (*p != '-') {
				compact[k++] = *p;
			}
		}
		compact[k] = '\0';
		if (strcasecmp(str, row->mnemonic) == 0 || strcasecmp(str, compact) == 0) {
			*digest = row->number;
			return SGN_OK;
		}
	}
	return SGN_ENOTFOUND;
}

/* -- RDATA that must fit the table -- */

sgn_err_t sgn_alg_check_dnskey(char *why, size_t cap, const uint8_t *rdata, size_t len,
                               bool load)
{
	if (len < 4) {
		return why_fail(why, cap, "DNSKEY RDATA of %zu bytes, not at least 4", len);
	}
	const struct sgn__alg_row *row = sgn__alg_find(rdata[3]);
	const uint8_t *pub = rdata + 4;
	size_t n = len - 4;
	if (row == NULL || row->pub_max == 0) {
		return SGN_OK; /* nothing known to check against */
	}
	if (n < row->pub_min || n > row->pub_max) {
		return row->pub_min == row->pub_max
		               ? why_fail(why, cap, "%s public key of %zu byte%s, not %zu",
		                          row->mnemonic, n, n == 1 ? "" : "s", row->pub_min)
		               : why_fail(why, cap, "%s public key of %zu bytes, not %zu to %zu",
		                          row->mnemonic, n, row->pub_min, row->pub_max);
	}
	void *key = NULL;
	if (!load || row->be == NULL) {
		return SGN_OK;
	}
	sgn_err_t err = row->be->pub_load(row, pub, n, &key);
	if (err == SGN_ENOMEM) {
		return err;
	}
	unsigned bits = err == SGN_OK ? row->be->pub_bits(row, key) : 0;
	if (key != NULL) {
		row->be->pub_free(key);
	}
	if (err != SGN_OK) {
		return why_fail(why, cap, "%s public key that does not decode", row->mnemonic);
	}
	if (row->pub_bits_max != 0 && (bits < row->pub_bits_min || bits > row->pub_bits_max)) {
		return why_fail(why, cap, "%s key of %u bits, not %u to %u", row->mnemonic, bits,
		                row->pub_bits_min, row->pub_bits_max);
	}
	return SGN_OK;
}

sgn_err_t sgn_alg_check_ds(char *why, size_t cap, const uint8_t *rdata, size_t len)
{
	if (len < 4) {
		return why_fail(why, cap, "DS RDATA of %zu bytes, not at least 4", len);
	}
	const struct digest_row *row = digest_find(rdata[3]);
	if (row != NULL && len - 4 != row->size) {
		return why_fail(why, cap, "%s digest of %zu byte%s, not %zu", row->mnemonic,
		                len - 4, len - 4 == 1 ? "" : "s", row->size);
	}
	return SGN_OK;
}

sgn_err_t sgn_digest(uint8_t *out, uint8_t digest, const uint8_t *data, size_t len)
{
	const struct digest_row *row = digest_find(digest);
	if (row == NULL || row->ossl_name == NULL) {
		return SGN_EUNSUPPORTED;
	}
	return sgn__openssl_digest(row->ossl_name, data, len, out, row->size);
}
