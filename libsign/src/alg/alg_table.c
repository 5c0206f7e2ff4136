/* SPDX-License-Identifier: MIT */
/* THE algorithm table: one row per DNSSEC algorithm, and the DS digest table. Everything
 * libsign knows about an algorithm is in its row; adding one means adding a row. */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/alg.h>

#include "alg.h"

/* RFC 8624 §3.1: sign with 8, 10, 13, 14, 15, 16; verify 5 and 7 as well. Key sizes for
 * RSA follow BIND's dnssec-keygen (1024..4096); 512-bit keys (RFC 5702's examples) are
 * still loaded and verified. */
static const struct sgn__alg_row alg_table[] = {
	{ .number = SGN_ALG_RSAMD5, .mnemonic = "RSAMD5", .deprecated = true },
	{ .number = SGN_ALG_DH, .mnemonic = "DH", .deprecated = true },
	{ .number = SGN_ALG_DSA, .mnemonic = "DSA", .deprecated = true },
	{ .number = SGN_ALG_RSASHA1, .mnemonic = "RSASHA1", .deprecated = true,
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA1" } },
	{ .number = SGN_ALG_DSA_NSEC3_SHA1, .mnemonic = "DSA-NSEC3-SHA1", .alias = "NSEC3DSA",
	  .nsec3_ok = true, .deprecated = true },
	{ .number = SGN_ALG_RSASHA1_NSEC3_SHA1, .mnemonic = "RSASHA1-NSEC3-SHA1",
	  .alias = "NSEC3RSASHA1", .nsec3_ok = true, .deprecated = true,
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA1" } },
	{ .number = SGN_ALG_RSASHA256, .mnemonic = "RSASHA256", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 1024, .bits_max = 4096, .bits_default = 2048,
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA256" } },
	{ .number = SGN_ALG_RSASHA512, .mnemonic = "RSASHA512", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 1024, .bits_max = 4096, .bits_default = 2048,
	  .be = &sgn__be_openssl_rsa, .params = { .digest = "SHA512" } },
	{ .number = SGN_ALG_ECC_GOST, .mnemonic = "ECC-GOST", .nsec3_ok = true, .deprecated = true },
	{ .number = SGN_ALG_ECDSAP256SHA256, .mnemonic = "ECDSAP256SHA256", .may_sign = true,
	  .nsec3_ok = true, .bits_min = 256, .bits_max = 256, .bits_default = 256,
	  .be = &sgn__be_openssl_ecdsa,
	  .params = { .digest = "SHA256", .group = "P-256", .key_size = 64, .priv_size = 32,
	              .sig_size = 64 } },
	{ .number = SGN_ALG_ECDSAP384SHA384, .mnemonic = "ECDSAP384SHA384", .may_sign = true,
	  .nsec3_ok = true, .bits_min = 384, .bits_max = 384, .bits_default = 384,
	  .be = &sgn__be_openssl_ecdsa,
	  .params = { .digest = "SHA384", .group = "P-384", .key_size = 96, .priv_size = 48,
	              .sig_size = 96 } },
	{ .number = SGN_ALG_ED25519, .mnemonic = "ED25519", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 256, .bits_max = 256, .bits_default = 256, .be = &sgn__be_sodium_ed25519,
	  .params = { .key_size = 32, .priv_size = 32, .sig_size = 64 } },
	{ .number = SGN_ALG_ED448, .mnemonic = "ED448", .may_sign = true, .nsec3_ok = true,
	  .bits_min = 456, .bits_max = 456, .bits_default = 456, .be = &sgn__be_openssl_eddsa,
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

sgn_err_t sgn_alg_from_str(const char *str, uint8_t *alg)
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

sgn_err_t sgn_alg_key_bits(uint8_t alg, unsigned *min, unsigned *max, unsigned *dflt)
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

sgn_err_t sgn_digest_from_str(const char *str, uint8_t *digest)
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

sgn_err_t sgn_digest(uint8_t digest, const uint8_t *data, size_t len, uint8_t *out)
{
	const struct digest_row *row = digest_find(digest);
	if (row == NULL || row->ossl_name == NULL) {
		return SGN_EUNSUPPORTED;
	}
	return sgn__openssl_digest(row->ossl_name, data, len, out, row->size);
}
