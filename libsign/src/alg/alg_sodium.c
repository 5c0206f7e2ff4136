/* SPDX-License-Identifier: MIT */
/* The libsodium seam: Ed25519 (RFC 8080). Private key: the 32-byte seed (as BIND stores it)
 * expanded to libsodium's 64-byte secret key; public key and signature are raw. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "alg.h"

sgn_err_t sgn__sodium_init(void)
{
	return sodium_init() < 0 ? SGN_ECRYPTO : SGN_OK;
}

struct ed25519_priv {
	uint8_t sk[crypto_sign_SECRETKEYBYTES]; /* seed || public key */
};

struct ed25519_pub {
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
};

static void priv_free(void *p)
{
	if (p != NULL) {
		sodium_memzero(p, sizeof(struct ed25519_priv));
		free(p);
	}
}

static void pub_free(void *p)
{
	free(p);
}

static sgn_err_t priv_from_seed(const uint8_t *seed, void **out)
{
	struct ed25519_priv *k = malloc(sizeof(*k));
	uint8_t pk[crypto_sign_PUBLICKEYBYTES];
	*out = NULL;
	if (k == NULL) {
		return SGN_ENOMEM;
	}
	if (crypto_sign_seed_keypair(pk, k->sk, seed) != 0) {
		priv_free(k);
		return SGN_ECRYPTO;
	}
	*out = k;
	return SGN_OK;
}

static sgn_err_t ed_keygen(const struct sgn__alg_row *row, unsigned bits, void **priv)
{
	SGN_UNUSED(row);
	SGN_UNUSED(bits);
	uint8_t seed[crypto_sign_SEEDBYTES];
	randombytes_buf(seed, sizeof(seed));
	sgn_err_t err = priv_from_seed(seed, priv);
	sodium_memzero(seed, sizeof(seed));
	return err;
}

static sgn_err_t ed_priv_to_pub(const struct sgn__alg_row *row, const void *priv, sgn_buf_t *pub)
{
	SGN_UNUSED(row);
	const struct ed25519_priv *k = priv;
	return sgn_buf_append(pub, k->sk + crypto_sign_SEEDBYTES, crypto_sign_PUBLICKEYBYTES);
}

static sgn_err_t ed_pub_load(const struct sgn__alg_row *row, const uint8_t *pub, size_t len,
                             void **out)
{
	SGN_UNUSED(row);
	*out = NULL;
	if (len != crypto_sign_PUBLICKEYBYTES) {
		return SGN_EKEY;
	}
	struct ed25519_pub *k = malloc(sizeof(*k));
	if (k == NULL) {
		return SGN_ENOMEM;
	}
	memcpy(k->pk, pub, len);
	*out = k;
	return SGN_OK;
}

static unsigned ed_pub_bits(const struct sgn__alg_row *row, const void *pub)
{
	SGN_UNUSED(row);
	SGN_UNUSED(pub);
	return 256;
}

/* libsodium needs no set-up: the context is the key itself. */
static sgn_err_t ed_ctx_new(const struct sgn__alg_row *row, const void *key, bool sign, void **ctx)
{
	SGN_UNUSED(row);
	SGN_UNUSED(sign);
	*ctx = (void *)key;
	return SGN_OK;
}

static void ed_ctx_free(void *ctx)
{
	SGN_UNUSED(ctx);
}

static sgn_err_t ed_ctx_sign(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                             size_t len, sgn_buf_t *sig)
{
	SGN_UNUSED(row);
	const struct ed25519_priv *k = ctx;
	sgn_err_t err = sgn_buf_reserve(sig, crypto_sign_BYTES);
	if (err != SGN_OK) {
		return err;
	}
	if (crypto_sign_detached(sig->data + sig->len, NULL, msg, len, k->sk) != 0) {
		return SGN_ECRYPTO;
	}
	sig->len += crypto_sign_BYTES;
	return SGN_OK;
}

static sgn_err_t ed_ctx_verify(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                               size_t len, const uint8_t *sig, size_t siglen, bool *valid)
{
	SGN_UNUSED(row);
	const struct ed25519_pub *k = ctx;
	*valid = siglen == crypto_sign_BYTES &&
	         crypto_sign_verify_detached(sig, msg, len, k->pk) == 0;
	return SGN_OK;
}

static sgn_err_t ed_priv_export(const struct sgn__alg_row *row, const void *priv,
                                struct sgn__priv_fields *out)
{
	SGN_UNUSED(row);
	const struct ed25519_priv *k = priv;
	return sgn__priv_fields_add(out, "PrivateKey", k->sk, crypto_sign_SEEDBYTES);
}

static sgn_err_t ed_priv_import(const struct sgn__alg_row *row, const struct sgn__priv_fields *in,
                                void **priv)
{
	SGN_UNUSED(row);
	const sgn_buf_t *v = sgn__priv_fields_get(in, "PrivateKey");
	*priv = NULL;
	if (v == NULL || v->len != crypto_sign_SEEDBYTES) {
		return SGN_EKEY;
	}
	return priv_from_seed(v->data, priv);
}

static sgn_err_t ed_priv_ref(const void *priv, void **out)
{
	struct ed25519_priv *k = malloc(sizeof(*k));
	*out = k;
	if (k == NULL) {
		return SGN_ENOMEM;
	}
	memcpy(k, priv, sizeof(*k));
	return SGN_OK;
}

const struct sgn__alg_backend sgn__be_sodium_ed25519 = {
	.keygen = ed_keygen,
	.priv_to_pub = ed_priv_to_pub,
	.pub_load = ed_pub_load,
	.pub_bits = ed_pub_bits,
	.ctx_new = ed_ctx_new,
	.ctx_sign = ed_ctx_sign,
	.ctx_verify = ed_ctx_verify,
	.ctx_free = ed_ctx_free,
	.priv_export = ed_priv_export,
	.priv_import = ed_priv_import,
	.priv_free = priv_free,
	.pub_free = pub_free,
	.priv_ref = ed_priv_ref,
};
