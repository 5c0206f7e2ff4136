/* SPDX-License-Identifier: MIT */
/* The algorithm table's private shape: one row per DNSSEC algorithm, each pointing at a
 * backend (OpenSSL or libsodium) and at backend parameters. Signer, validator and key code
 * reach crypto only through these rows. */
#ifndef SGN_ALG_ALG_H
#define SGN_ALG_ALG_H

#include <libsign/base.h>

#include "../internal.h"

struct sgn__alg_row;

/* BIND .private fields of a key: name -> raw bytes (base64 in the file). */
#define SGN__PRIV_FIELDS_MAX 8
struct sgn__priv_fields {
	size_t n;
	const char *name[SGN__PRIV_FIELDS_MAX];
	sgn_buf_t value[SGN__PRIV_FIELDS_MAX];
};

void sgn__priv_fields_init(struct sgn__priv_fields *f) SGN_INTERNAL;
/* Wipes every value: they are secrets. */
void sgn__priv_fields_release(struct sgn__priv_fields *f) SGN_INTERNAL;
sgn_err_t sgn__priv_fields_add(struct sgn__priv_fields *f, const char *name, const uint8_t *data,
                               size_t len) SGN_INTERNAL;
const sgn_buf_t *sgn__priv_fields_get(const struct sgn__priv_fields *f,
                                      const char *name) SGN_INTERNAL;

/* Backend operations. Private and public key objects are opaque to everyone but the
 * backend that made them (void *). Verification reports bogus versus broken apart:
 * *valid false with SGN_OK is a wrong signature; an error code is a failure to check. */
struct sgn__alg_backend {
	sgn_err_t (*keygen)(const struct sgn__alg_row *row, unsigned bits, void **priv);
	sgn_err_t (*priv_to_pub)(const struct sgn__alg_row *row, const void *priv, sgn_buf_t *pub);
	sgn_err_t (*pub_load)(const struct sgn__alg_row *row, const uint8_t *pub, size_t len,
	                      void **out);
	unsigned (*pub_bits)(const struct sgn__alg_row *row, const void *pub);
	/* Signing and verifying go through contexts made once per key and thread, so that all
	 * per-key set-up (provider look-ups, padding, digest) is paid once, not per
	 * signature: OpenSSL 3.0 serialises threads on those look-ups. @p key is the private
	 * key for signing, the public key for verifying. */
	sgn_err_t (*ctx_new)(const struct sgn__alg_row *row, const void *key, bool sign,
	                     void **ctx);
	sgn_err_t (*ctx_sign)(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
	                      size_t len, sgn_buf_t *sig);
	sgn_err_t (*ctx_verify)(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
	                        size_t len, const uint8_t *sig, size_t siglen, bool *valid);
	void (*ctx_free)(void *ctx);
	sgn_err_t (*priv_export)(const struct sgn__alg_row *row, const void *priv,
	                         struct sgn__priv_fields *out);
	sgn_err_t (*priv_import)(const struct sgn__alg_row *row, const struct sgn__priv_fields *in,
	                         void **priv);
	void (*priv_free)(void *priv);
	void (*pub_free)(void *pub);
	/* A second handle on the same private key (reference or copy), freed with priv_free. */
	sgn_err_t (*priv_ref)(const void *priv, void **out);
};

/* Backend parameters, one struct shared by all backends; each reads the fields it needs. */
struct sgn__alg_params {
	const char *digest;     /* OpenSSL digest name for RSA and ECDSA ("SHA256") */
	const char *group;      /* OpenSSL EC group name or EdDSA key type ("P-256", "ED448") */
	size_t key_size;        /* raw public key bytes (ECDSA X||Y, EdDSA) */
	size_t priv_size;       /* raw private key bytes (ECDSA scalar, EdDSA seed) */
	size_t sig_size;        /* raw signature bytes (ECDSA r||s, EdDSA); 0 for RSA */
};

struct sgn__alg_row {
	uint8_t number;
	const char *mnemonic;
	const char *alias;        /* second accepted spelling, or NULL */
	unsigned bits_min, bits_max, bits_default; /* for key generation */
	bool may_sign;            /* RFC 8624: we create keys and signatures */
	bool nsec3_ok;            /* may sign NSEC3 zones (not 5) */
	bool deprecated;          /* RFC 8624 "MUST NOT"/"NOT RECOMMENDED" for signing */
	/* The DNSKEY public key field (RFC 4034 §2.1.4) this algorithm defines, in bytes
	 * (0: unknown), and for RSA the modulus sizes a DNSKEY may have (RFC 3110 §2 and
	 * RFC 5702 §2: 512 or 1024 to 4096 bits), whatever keygen's limits. */
	size_t pub_min, pub_max;
	unsigned pub_bits_min, pub_bits_max;
	const struct sgn__alg_backend *be; /* NULL: known number, not implemented */
	struct sgn__alg_params params;
};

/* The row for an algorithm number, NULL when libsign does not know it. */
const struct sgn__alg_row *sgn__alg_find(uint8_t number) SGN_INTERNAL;
/* The row at index i, for walking the table in tests; NULL past the end. */
const struct sgn__alg_row *sgn__alg_at(size_t i) SGN_INTERNAL;

extern const struct sgn__alg_backend sgn__be_openssl_rsa SGN_INTERNAL;
extern const struct sgn__alg_backend sgn__be_openssl_ecdsa SGN_INTERNAL;
extern const struct sgn__alg_backend sgn__be_openssl_eddsa SGN_INTERNAL;
extern const struct sgn__alg_backend sgn__be_sodium_ed25519 SGN_INTERNAL;

/* Digests (DS types and NSEC3 SHA-1) through OpenSSL. */
sgn_err_t sgn__openssl_digest(const char *name, const uint8_t *data, size_t len,
                              uint8_t *out, size_t outlen) SGN_INTERNAL;
/* Backend set-up, once, from sgn_init() (alg_init.c). */
sgn_err_t sgn__openssl_init(void) SGN_INTERNAL;
sgn_err_t sgn__sodium_init(void) SGN_INTERNAL;
/* SHA-1 of x || salt, then @p extra times of the previous digest || salt (RFC 5155 §5);
 * 20 bytes to @p out. */
sgn_err_t sgn__sha1_iterated(uint8_t *out, const uint8_t *x, size_t xlen, const uint8_t *salt,
                             size_t salt_len, unsigned extra) SGN_INTERNAL;

/* Incremental digests by OpenSSL name ("SHA384"), for ZONEMD. */
struct sgn__md;
sgn_err_t sgn__md_new(const char *name, struct sgn__md **out) SGN_INTERNAL;
sgn_err_t sgn__md_update(struct sgn__md *md, const void *data, size_t len) SGN_INTERNAL;
/* Writes the digest to @p out (room for 64 bytes) and its length to @p len. */
sgn_err_t sgn__md_final(struct sgn__md *md, uint8_t *out, size_t *len) SGN_INTERNAL;
void sgn__md_free(struct sgn__md *md) SGN_INTERNAL;

#endif
