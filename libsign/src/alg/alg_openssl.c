/* SPDX-License-Identifier: MIT */
/* The OpenSSL 3 seam: RSA, ECDSA and Ed448 backends and the DS/NSEC3 digests, through EVP
 * and OSSL_PARAM only. The only file that includes <openssl/...>. */
#include <stdlib.h>
#include <string.h>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>
#include <openssl/sha.h>

#include "alg.h"

/* OpenSSL keeps a per-thread error queue; never leave entries behind for the caller. */
static sgn_err_t crypto_fail(void)
{
	ERR_clear_error();
	return SGN_ECRYPTO;
}

sgn_err_t sgn__openssl_init(void)
{
	return OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CRYPTO_STRINGS, NULL) == 1 ? SGN_OK
	                                                                         : crypto_fail();
}

sgn_err_t sgn__openssl_digest(const char *name, const uint8_t *data, size_t len, uint8_t *out,
                              size_t outlen)
{
	const EVP_MD *md = EVP_get_digestbyname(name);
	unsigned int n = 0;
	if (md == NULL || (size_t)EVP_MD_get_size(md) != outlen ||
	    EVP_Digest(data, len, out, &n, md, NULL) != 1) {
		return crypto_fail();
	}
	return SGN_OK;
}

/* NSEC3 hashing: SHA-1 applied 1 + @p extra times. OpenSSL's SHA-1 functions, deprecated in
 * 3.0 in favour of EVP, are kept here on purpose: one iteration hashes 20 to 275 bytes, and
 * through EVP (a provider call per step) it costs 0.31 us against 0.11 us, which at 2,500
 * iterations a name is most of the time it takes to sign or verify such a zone. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
sgn_err_t sgn__sha1_iterated(uint8_t *out, const uint8_t *x, size_t xlen, const uint8_t *salt,
                             size_t salt_len, unsigned extra)
{
	SHA_CTX ctx;
	for (unsigned i = 0; i <= extra; i++) {
		if (SHA1_Init(&ctx) != 1 || SHA1_Update(&ctx, i == 0 ? x : out, i == 0 ? xlen : 20) != 1 ||
		    SHA1_Update(&ctx, salt, salt_len) != 1 || SHA1_Final(out, &ctx) != 1) {
			return crypto_fail();
		}
	}
	return SGN_OK;
}
#pragma GCC diagnostic pop

static void pkey_free(void *p)
{
	EVP_PKEY_free(p);
}

static sgn_err_t pkey_ref(const void *p, void **out)
{
	*out = (void *)p;
	return EVP_PKEY_up_ref((EVP_PKEY *)p) == 1 ? SGN_OK : crypto_fail();
}

/* -- incremental digests -- */

struct sgn__md {
	EVP_MD_CTX *ctx;
};

sgn_err_t sgn__md_new(const char *name, struct sgn__md **out)
{
	struct sgn__md *md = malloc(sizeof(*md));
	const EVP_MD *type = EVP_get_digestbyname(name);
	*out = NULL;
	if (md == NULL) {
		return SGN_ENOMEM;
	}
	md->ctx = EVP_MD_CTX_new();
	if (type == NULL || md->ctx == NULL || EVP_DigestInit_ex(md->ctx, type, NULL) != 1) {
		sgn__md_free(md);
		return crypto_fail();
	}
	*out = md;
	return SGN_OK;
}

sgn_err_t sgn__md_update(struct sgn__md *md, const void *data, size_t len)
{
	return EVP_DigestUpdate(md->ctx, data, len) == 1 ? SGN_OK : crypto_fail();
}

sgn_err_t sgn__md_final(struct sgn__md *md, uint8_t *out, size_t *len)
{
	unsigned int n = 0;
	if (EVP_DigestFinal_ex(md->ctx, out, &n) != 1) {
		return crypto_fail();
	}
	*len = n;
	return SGN_OK;
}

void sgn__md_free(struct sgn__md *md)
{
	if (md != NULL) {
		EVP_MD_CTX_free(md->ctx);
		free(md);
	}
}

static unsigned pkey_bits(const struct sgn__alg_row *row, const void *pub)
{
	SGN_UNUSED(row);
	int bits = EVP_PKEY_get_bits((EVP_PKEY *)pub);
	return bits > 0 ? (unsigned)bits : 0;
}

/* Build an EVP_PKEY of @p type from parameters. */
static sgn_err_t pkey_fromdata(const char *type, int selection, OSSL_PARAM_BLD *bld, void **out)
{
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, type, NULL);
	OSSL_PARAM *params = OSSL_PARAM_BLD_to_param(bld);
	EVP_PKEY *pkey = NULL;
	sgn_err_t err = SGN_OK;
	if (ctx == NULL || params == NULL || EVP_PKEY_fromdata_init(ctx) != 1 ||
	    EVP_PKEY_fromdata(ctx, &pkey, selection, params) != 1) {
		err = SGN_EKEY;
		ERR_clear_error();
	}
	OSSL_PARAM_free(params);
	EVP_PKEY_CTX_free(ctx);
	*out = pkey;
	return err;
}

/* -- signing and verifying contexts -- */

/* RSA and ECDSA: hash with a fetched digest, then EVP_PKEY_sign/verify on a context
 * initialised once. EdDSA (pure, no pre-hash): EVP_DigestSign/Verify, initialised per
 * message, as OpenSSL requires. */
struct pk_ctx {
	EVP_PKEY *pkey;         /* EdDSA only (borrowed) */
	bool sign;
	EVP_PKEY_CTX *pctx;     /* RSA/ECDSA */
	EVP_MD *md;
	EVP_MD_CTX *mdctx;
};

static void pk_ctx_free(void *p)
{
	struct pk_ctx *c = p;
	if (c != NULL) {
		EVP_PKEY_CTX_free(c->pctx);
		EVP_MD_free(c->md);
		EVP_MD_CTX_free(c->mdctx);
		free(c);
	}
}

static sgn_err_t pk_ctx_new(const struct sgn__alg_row *row, const void *key, bool sign, void **out)
{
	struct pk_ctx *c = calloc(1, sizeof(*c));
	*out = NULL;
	if (c == NULL) {
		return SGN_ENOMEM;
	}
	c->sign = sign;
	c->mdctx = EVP_MD_CTX_new();
	if (c->mdctx == NULL) {
		pk_ctx_free(c);
		return SGN_ENOMEM;
	}
	if (row->params.digest == NULL) { /* EdDSA */
		c->pkey = (EVP_PKEY *)key;
		*out = c;
		return SGN_OK;
	}
	c->md = EVP_MD_fetch(NULL, row->params.digest, NULL);
	c->pctx = EVP_PKEY_CTX_new_from_pkey(NULL, (EVP_PKEY *)key, NULL);
	bool ok = c->md != NULL && c->pctx != NULL &&
	          (sign ? EVP_PKEY_sign_init(c->pctx) : EVP_PKEY_verify_init(c->pctx)) == 1;
	if (ok && row->params.group == NULL) { /* RSA: PKCS #1 v1.5 with DigestInfo (RFC 5702) */
		ok = EVP_PKEY_CTX_set_rsa_padding(c->pctx, RSA_PKCS1_PADDING) == 1 &&
		     EVP_PKEY_CTX_set_signature_md(c->pctx, c->md) == 1;
	}
	if (!ok) {
		pk_ctx_free(c);
		return crypto_fail();
	}
	*out = c;
	return SGN_OK;
}

static sgn_err_t pk_digest(struct pk_ctx *c, const uint8_t *msg, size_t len, uint8_t *out,
                           size_t *outlen)
{
	unsigned int n = 0;
	if (EVP_DigestInit_ex2(c->mdctx, c->md, NULL) != 1 ||
	    EVP_DigestUpdate(c->mdctx, msg, len) != 1 || EVP_DigestFinal_ex(c->mdctx, out, &n) != 1) {
		return crypto_fail();
	}
	*outlen = n;
	return SGN_OK;
}

/* Sign @p msg into @p sig (room for *siglen bytes), in the library's own encoding. */
static sgn_err_t pk_sign_raw(struct pk_ctx *c, const uint8_t *msg, size_t len, uint8_t *sig,
                             size_t *siglen)
{
	if (c->pctx == NULL) {
		if (EVP_DigestSignInit_ex(c->mdctx, NULL, NULL, NULL, NULL, c->pkey, NULL) != 1 ||
		    EVP_DigestSign(c->mdctx, sig, siglen, msg, len) != 1) {
			return crypto_fail();
		}
		return SGN_OK;
	}
	uint8_t digest[EVP_MAX_MD_SIZE];
	size_t dlen;
	sgn_err_t err = pk_digest(c, msg, len, digest, &dlen);
	if (err == SGN_OK && EVP_PKEY_sign(c->pctx, sig, siglen, digest, dlen) != 1) {
		err = crypto_fail();
	}
	return err;
}

/* 1 valid; anything else is a bad signature (OpenSSL reports malformed encodings as
 * errors too, and a caller cannot tell those from a wrong signature). */
static sgn_err_t pk_verify_raw(struct pk_ctx *c, const uint8_t *msg, size_t len,
                               const uint8_t *sig, size_t siglen, bool *valid)
{
	*valid = false;
	if (c->pctx == NULL) {
		if (EVP_DigestVerifyInit_ex(c->mdctx, NULL, NULL, NULL, NULL, c->pkey, NULL) != 1) {
			return crypto_fail();
		}
		*valid = EVP_DigestVerify(c->mdctx, sig, siglen, msg, len) == 1;
		ERR_clear_error();
		return SGN_OK;
	}
	uint8_t digest[EVP_MAX_MD_SIZE];
	size_t dlen;
	sgn_err_t err = pk_digest(c, msg, len, digest, &dlen);
	if (err == SGN_OK) {
		*valid = EVP_PKEY_verify(c->pctx, sig, siglen, digest, dlen) == 1;
		ERR_clear_error();
	}
	return err;
}

static sgn_err_t keygen_simple(const char *type, const char *group, void **priv)
{
	EVP_PKEY *pkey = group != NULL ? EVP_PKEY_Q_keygen(NULL, NULL, type, group)
	                               : EVP_PKEY_Q_keygen(NULL, NULL, type);
	*priv = pkey;
	return pkey != NULL ? SGN_OK : crypto_fail();
}

/* Append a BIGNUM parameter of @p pkey as a big-endian field, padded to @p pad bytes. */
static sgn_err_t export_bn(EVP_PKEY *pkey, const char *param, size_t pad, const char *field,
                           struct sgn__priv_fields *out)
{
	BIGNUM *bn = NULL;
	uint8_t buf[1024];
	if (EVP_PKEY_get_bn_param(pkey, param, &bn) != 1) {
		return crypto_fail();
	}
	size_t n = pad != 0 ? pad : (size_t)BN_num_bytes(bn);
	sgn_err_t err = SGN_EKEY;
	if (n <= sizeof(buf) && BN_bn2binpad(bn, buf, (int)n) == (int)n) {
		err = sgn__priv_fields_add(out, field, buf, n);
	}
	OPENSSL_cleanse(buf, sizeof(buf));
	BN_clear_free(bn);
	return err;
}

/* -- RSA (RFC 3110 public key, RFC 5702 signatures) -- */

/* BIND's RSA .private fields, with the OpenSSL parameter each maps to. */
static const struct {
	const char *field;
	const char *param;
} rsa_fields[] = {
	{ "Modulus", OSSL_PKEY_PARAM_RSA_N },
	{ "PublicExponent", OSSL_PKEY_PARAM_RSA_E },
	{ "PrivateExponent", OSSL_PKEY_PARAM_RSA_D },
	{ "Prime1", OSSL_PKEY_PARAM_RSA_FACTOR1 },
	{ "Prime2", OSSL_PKEY_PARAM_RSA_FACTOR2 },
	{ "Exponent1", OSSL_PKEY_PARAM_RSA_EXPONENT1 },
	{ "Exponent2", OSSL_PKEY_PARAM_RSA_EXPONENT2 },
	{ "Coefficient", OSSL_PKEY_PARAM_RSA_COEFFICIENT1 },
};

static sgn_err_t rsa_keygen(const struct sgn__alg_row *row, unsigned bits, void **priv)
{
	SGN_UNUSED(row);
	EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new_from_name(NULL, "RSA", NULL);
	EVP_PKEY *pkey = NULL;
	sgn_err_t err = SGN_OK;
	if (ctx == NULL || EVP_PKEY_keygen_init(ctx) != 1 ||
	    EVP_PKEY_CTX_set_rsa_keygen_bits(ctx, (int)bits) != 1 ||
	    EVP_PKEY_generate(ctx, &pkey) != 1) {
		err = crypto_fail();
	}
	EVP_PKEY_CTX_free(ctx);
	*priv = pkey;
	return err;
}

static sgn_err_t rsa_priv_to_pub(const struct sgn__alg_row *row, const void *priv, sgn_buf_t *pub)
{
	SGN_UNUSED(row);
	BIGNUM *n = NULL, *e = NULL;
	sgn_err_t err = SGN_ECRYPTO;
	EVP_PKEY *pkey = (EVP_PKEY *)priv;
	if (EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_N, &n) != 1 ||
	    EVP_PKEY_get_bn_param(pkey, OSSL_PKEY_PARAM_RSA_E, &e) != 1) {
		goto out;
	}
	size_t elen = (size_t)BN_num_bytes(e), nlen = (size_t)BN_num_bytes(n);
	uint8_t hdr[3];
	size_t hlen;
	/* RFC 3110 §2: one length byte, or zero then two length bytes for long exponents. */
	if (elen <= 255) {
		hdr[0] = (uint8_t)elen;
		hlen = 1;
	} else {
		hdr[0] = 0;
		sgn__put16(hdr + 1, (uint16_t)elen);
		hlen = 3;
	}
	err = sgn_buf_reserve(pub, hlen + elen + nlen);
	if (err != SGN_OK) {
		goto out;
	}
	memcpy(pub->data + pub->len, hdr, hlen);
	BN_bn2bin(e, pub->data + pub->len + hlen);
	BN_bn2bin(n, pub->data + pub->len + hlen + elen);
	pub->len += hlen + elen + nlen;
	err = SGN_OK;
out:
	BN_free(n);
	BN_free(e);
	ERR_clear_error();
	return err;
}

static sgn_err_t rsa_pub_load(const struct sgn__alg_row *row, const uint8_t *pub, size_t len,
                              void **out)
{
	SGN_UNUSED(row);
	*out = NULL;
	if (len < 1) {
		return SGN_EKEY;
	}
	size_t elen = pub[0], off = 1;
	if (elen == 0) {
		if (len < 3) {
			return SGN_EKEY;
		}
		elen = sgn__get16(pub + 1);
		off = 3;
	}
	if (elen == 0 || off + elen >= len) {
		return SGN_EKEY;
	}
	BIGNUM *e = BN_bin2bn(pub + off, (int)elen, NULL);
	BIGNUM *n = BN_bin2bn(pub + off + elen, (int)(len - off - elen), NULL);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	sgn_err_t err = SGN_EKEY;
	if (e != NULL && n != NULL && bld != NULL &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_N, n) == 1 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_RSA_E, e) == 1) {
		err = pkey_fromdata("RSA", EVP_PKEY_PUBLIC_KEY, bld, out);
	}
	OSSL_PARAM_BLD_free(bld);
	BN_free(e);
	BN_free(n);
	ERR_clear_error();
	return err;
}

static sgn_err_t rsa_ctx_sign(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                              size_t len, sgn_buf_t *sig)
{
	SGN_UNUSED(row);
	struct pk_ctx *c = ctx;
	size_t siglen = (size_t)EVP_PKEY_get_size(EVP_PKEY_CTX_get0_pkey(c->pctx));
	sgn_err_t err = sgn_buf_reserve(sig, siglen);
	if (err == SGN_OK) {
		err = pk_sign_raw(c, msg, len, sig->data + sig->len, &siglen);
	}
	if (err == SGN_OK) {
		sig->len += siglen;
	}
	return err;
}

static sgn_err_t rsa_ctx_verify(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                                size_t len, const uint8_t *sig, size_t siglen, bool *valid)
{
	SGN_UNUSED(row);
	return pk_verify_raw(ctx, msg, len, sig, siglen, valid);
}

static sgn_err_t rsa_priv_export(const struct sgn__alg_row *row, const void *priv,
                                 struct sgn__priv_fields *out)
{
	SGN_UNUSED(row);
	for (size_t i = 0; i < ARRAY_LEN(rsa_fields); i++) {
		sgn_err_t err = export_bn((EVP_PKEY *)priv, rsa_fields[i].param, 0, rsa_fields[i].field,
		                          out);
		if (err != SGN_OK) {
			return err;
		}
	}
	return SGN_OK;
}

static sgn_err_t rsa_priv_import(const struct sgn__alg_row *row, const struct sgn__priv_fields *in,
                                 void **priv)
{
	SGN_UNUSED(row);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	BIGNUM *bn[ARRAY_LEN(rsa_fields)] = { NULL };
	sgn_err_t err = bld != NULL ? SGN_OK : SGN_ENOMEM;
	*priv = NULL;
	for (size_t i = 0; err == SGN_OK && i < ARRAY_LEN(rsa_fields); i++) {
		const sgn_buf_t *v = sgn__priv_fields_get(in, rsa_fields[i].field);
		if (v == NULL || v->len == 0) {
			err = SGN_EKEY;
			break;
		}
		bn[i] = BN_secure_new();
		if (bn[i] == NULL || BN_bin2bn(v->data, (int)v->len, bn[i]) == NULL ||
		    OSSL_PARAM_BLD_push_BN(bld, rsa_fields[i].param, bn[i]) != 1) {
			err = SGN_EKEY;
		}
	}
	if (err == SGN_OK) {
		err = pkey_fromdata("RSA", EVP_PKEY_KEYPAIR, bld, priv);
	}
	for (size_t i = 0; i < ARRAY_LEN(bn); i++) {
		BN_clear_free(bn[i]);
	}
	OSSL_PARAM_BLD_free(bld);
	ERR_clear_error();
	return err;
}

const struct sgn__alg_backend sgn__be_openssl_rsa = {
	.keygen = rsa_keygen,
	.priv_to_pub = rsa_priv_to_pub,
	.pub_load = rsa_pub_load,
	.pub_bits = pkey_bits,
	.ctx_new = pk_ctx_new,
	.ctx_sign = rsa_ctx_sign,
	.ctx_verify = rsa_ctx_verify,
	.ctx_free = pk_ctx_free,
	.priv_export = rsa_priv_export,
	.priv_import = rsa_priv_import,
	.priv_free = pkey_free,
	.pub_free = pkey_free,
	.priv_ref = pkey_ref,
};

/* -- ECDSA (RFC 6605): public key X||Y, signature r||s -- */

static sgn_err_t ecdsa_keygen(const struct sgn__alg_row *row, unsigned bits, void **priv)
{
	SGN_UNUSED(bits);
	return keygen_simple("EC", row->params.group, priv);
}

static sgn_err_t ecdsa_priv_to_pub(const struct sgn__alg_row *row, const void *priv,
                                   sgn_buf_t *pub)
{
	uint8_t point[1 + 96];
	size_t n = 0;
	if (EVP_PKEY_get_octet_string_param((EVP_PKEY *)priv, OSSL_PKEY_PARAM_PUB_KEY, point,
	                                    sizeof(point), &n) != 1 ||
	    n != 1 + row->params.key_size || point[0] != 0x04) {
		return crypto_fail();
	}
	return sgn_buf_append(pub, point + 1, row->params.key_size);
}

static sgn_err_t ecdsa_pub_load(const struct sgn__alg_row *row, const uint8_t *pub, size_t len,
                                void **out)
{
	uint8_t point[1 + 96];
	*out = NULL;
	if (len != row->params.key_size) {
		return SGN_EKEY;
	}
	point[0] = 0x04; /* uncompressed point */
	memcpy(point + 1, pub, len);
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	sgn_err_t err = SGN_ENOMEM;
	if (bld != NULL &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, row->params.group, 0) ==
	        1 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, len + 1) == 1) {
		err = pkey_fromdata("EC", EVP_PKEY_PUBLIC_KEY, bld, out);
	}
	OSSL_PARAM_BLD_free(bld);
	return err;
}

/* RFC 6605 §4: r and s, each padded to half the signature size, instead of DER. */
static sgn_err_t ecdsa_ctx_sign(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                                size_t len, sgn_buf_t *sig)
{
	uint8_t der[160];
	size_t derlen = sizeof(der);
	sgn_err_t err = pk_sign_raw(ctx, msg, len, der, &derlen);
	if (err != SGN_OK) {
		return err;
	}
	const unsigned char *p = der;
	ECDSA_SIG *es = d2i_ECDSA_SIG(NULL, &p, (long)derlen);
	size_t half = row->params.sig_size / 2;
	if (es == NULL) {
		return crypto_fail();
	}
	err = sgn_buf_reserve(sig, row->params.sig_size);
	if (err == SGN_OK) {
		if (BN_bn2binpad(ECDSA_SIG_get0_r(es), sig->data + sig->len, (int)half) != (int)half ||
		    BN_bn2binpad(ECDSA_SIG_get0_s(es), sig->data + sig->len + half, (int)half) !=
		        (int)half) {
			err = crypto_fail();
		} else {
			sig->len += row->params.sig_size;
		}
	}
	ECDSA_SIG_free(es);
	return err;
}

static sgn_err_t ecdsa_ctx_verify(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                                  size_t len, const uint8_t *sig, size_t siglen, bool *valid)
{
	*valid = false;
	if (siglen != row->params.sig_size) {
		return SGN_OK; /* wrong size: a bad signature, not a failure */
	}
	size_t half = siglen / 2;
	ECDSA_SIG *es = ECDSA_SIG_new();
	BIGNUM *r = BN_bin2bn(sig, (int)half, NULL);
	BIGNUM *s = BN_bin2bn(sig + half, (int)half, NULL);
	unsigned char *der = NULL;
	sgn_err_t err = SGN_ENOMEM;
	if (es == NULL || r == NULL || s == NULL || ECDSA_SIG_set0(es, r, s) != 1) {
		BN_free(r);
		BN_free(s);
		goto out;
	}
	int derlen = i2d_ECDSA_SIG(es, &der);
	if (derlen <= 0) {
		err = crypto_fail();
		goto out;
	}
	err = pk_verify_raw(ctx, msg, len, der, (size_t)derlen, valid);
out:
	OPENSSL_free(der);
	ECDSA_SIG_free(es);
	return err;
}

static sgn_err_t ecdsa_priv_export(const struct sgn__alg_row *row, const void *priv,
                                   struct sgn__priv_fields *out)
{
	return export_bn((EVP_PKEY *)priv, OSSL_PKEY_PARAM_PRIV_KEY, row->params.priv_size,
	                 "PrivateKey", out);
}

/* Derive the public point from the private scalar (the .private file holds only d). */
static sgn_err_t ecdsa_pub_point(const char *group, const BIGNUM *d, uint8_t *point, size_t cap,
                                 size_t *len)
{
	int nid = strcmp(group, "P-256") == 0 ? NID_X9_62_prime256v1 : NID_secp384r1;
	EC_GROUP *g = EC_GROUP_new_by_curve_name(nid);
	EC_POINT *pt = g != NULL ? EC_POINT_new(g) : NULL;
	sgn_err_t err = SGN_EKEY;
	if (pt != NULL && EC_POINT_mul(g, pt, d, NULL, NULL, NULL) == 1) {
		*len = EC_POINT_point2oct(g, pt, POINT_CONVERSION_UNCOMPRESSED, point, cap, NULL);
		err = *len > 0 ? SGN_OK : SGN_EKEY;
	}
	EC_POINT_free(pt);
	EC_GROUP_free(g);
	ERR_clear_error();
	return err;
}

static sgn_err_t ecdsa_priv_import(const struct sgn__alg_row *row,
                                   const struct sgn__priv_fields *in, void **priv)
{
	const sgn_buf_t *v = sgn__priv_fields_get(in, "PrivateKey");
	*priv = NULL;
	if (v == NULL || v->len == 0 || v->len > row->params.priv_size) {
		return SGN_EKEY;
	}
	BIGNUM *d = BN_secure_new();
	OSSL_PARAM_BLD *bld = OSSL_PARAM_BLD_new();
	uint8_t point[1 + 96];
	size_t plen = 0;
	sgn_err_t err = SGN_EKEY;
	if (d != NULL && bld != NULL && BN_bin2bn(v->data, (int)v->len, d) != NULL && !BN_is_zero(d) &&
	    ecdsa_pub_point(row->params.group, d, point, sizeof(point), &plen) == SGN_OK &&
	    OSSL_PARAM_BLD_push_utf8_string(bld, OSSL_PKEY_PARAM_GROUP_NAME, row->params.group, 0) ==
	        1 &&
	    OSSL_PARAM_BLD_push_BN(bld, OSSL_PKEY_PARAM_PRIV_KEY, d) == 1 &&
	    OSSL_PARAM_BLD_push_octet_string(bld, OSSL_PKEY_PARAM_PUB_KEY, point, plen) == 1) {
		err = pkey_fromdata("EC", EVP_PKEY_KEYPAIR, bld, priv);
	}
	OSSL_PARAM_BLD_free(bld);
	BN_clear_free(d);
	ERR_clear_error();
	return err;
}

const struct sgn__alg_backend sgn__be_openssl_ecdsa = {
	.keygen = ecdsa_keygen,
	.priv_to_pub = ecdsa_priv_to_pub,
	.pub_load = ecdsa_pub_load,
	.pub_bits = pkey_bits,
	.ctx_new = pk_ctx_new,
	.ctx_sign = ecdsa_ctx_sign,
	.ctx_verify = ecdsa_ctx_verify,
	.ctx_free = pk_ctx_free,
	.priv_export = ecdsa_priv_export,
	.priv_import = ecdsa_priv_import,
	.priv_free = pkey_free,
	.pub_free = pkey_free,
	.priv_ref = pkey_ref,
};

/* -- EdDSA through OpenSSL (Ed448, RFC 8080): raw keys and signatures -- */

static sgn_err_t eddsa_keygen(const struct sgn__alg_row *row, unsigned bits, void **priv)
{
	SGN_UNUSED(bits);
	return keygen_simple(row->params.group, NULL, priv);
}

static sgn_err_t eddsa_priv_to_pub(const struct sgn__alg_row *row, const void *priv,
                                   sgn_buf_t *pub)
{
	size_t n = row->params.key_size;
	sgn_err_t err = sgn_buf_reserve(pub, n);
	if (err != SGN_OK) {
		return err;
	}
	if (EVP_PKEY_get_raw_public_key((EVP_PKEY *)priv, pub->data + pub->len, &n) != 1 ||
	    n != row->params.key_size) {
		return crypto_fail();
	}
	pub->len += n;
	return SGN_OK;
}

static sgn_err_t eddsa_pub_load(const struct sgn__alg_row *row, const uint8_t *pub, size_t len,
                                void **out)
{
	*out = NULL;
	if (len != row->params.key_size) {
		return SGN_EKEY;
	}
	*out = EVP_PKEY_new_raw_public_key_ex(NULL, row->params.group, NULL, pub, len);
	if (*out == NULL) {
		ERR_clear_error();
		return SGN_EKEY;
	}
	return SGN_OK;
}

static sgn_err_t eddsa_ctx_sign(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                                size_t len, sgn_buf_t *sig)
{
	size_t n = row->params.sig_size;
	sgn_err_t err = sgn_buf_reserve(sig, n);
	if (err == SGN_OK) {
		err = pk_sign_raw(ctx, msg, len, sig->data + sig->len, &n);
	}
	if (err == SGN_OK) {
		sig->len += n;
	}
	return err;
}

static sgn_err_t eddsa_ctx_verify(const struct sgn__alg_row *row, void *ctx, const uint8_t *msg,
                                  size_t len, const uint8_t *sig, size_t siglen, bool *valid)
{
	*valid = false;
	if (siglen != row->params.sig_size) {
		return SGN_OK;
	}
	return pk_verify_raw(ctx, msg, len, sig, siglen, valid);
}

static sgn_err_t eddsa_priv_export(const struct sgn__alg_row *row, const void *priv,
                                   struct sgn__priv_fields *out)
{
	uint8_t raw[64];
	size_t n = sizeof(raw);
	if (EVP_PKEY_get_raw_private_key((EVP_PKEY *)priv, raw, &n) != 1 ||
	    n != row->params.priv_size) {
		OPENSSL_cleanse(raw, sizeof(raw));
		return crypto_fail();
	}
	sgn_err_t err = sgn__priv_fields_add(out, "PrivateKey", raw, n);
	OPENSSL_cleanse(raw, sizeof(raw));
	return err;
}

static sgn_err_t eddsa_priv_import(const struct sgn__alg_row *row,
                                   const struct sgn__priv_fields *in, void **priv)
{
	const sgn_buf_t *v = sgn__priv_fields_get(in, "PrivateKey");
	*priv = NULL;
	if (v == NULL || v->len != row->params.priv_size) {
		return SGN_EKEY;
	}
	*priv = EVP_PKEY_new_raw_private_key_ex(NULL, row->params.group, NULL, v->data, v->len);
	if (*priv == NULL) {
		ERR_clear_error();
		return SGN_EKEY;
	}
	return SGN_OK;
}

const struct sgn__alg_backend sgn__be_openssl_eddsa = {
	.keygen = eddsa_keygen,
	.priv_to_pub = eddsa_priv_to_pub,
	.pub_load = eddsa_pub_load,
	.pub_bits = pkey_bits,
	.ctx_new = pk_ctx_new,
	.ctx_sign = eddsa_ctx_sign,
	.ctx_verify = eddsa_ctx_verify,
	.ctx_free = pk_ctx_free,
	.priv_export = eddsa_priv_export,
	.priv_import = eddsa_priv_import,
	.priv_free = pkey_free,
	.pub_free = pkey_free,
	.priv_ref = pkey_ref,
};
