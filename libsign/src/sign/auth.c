/* SPDX-License-Identifier: MIT */
/* The authenticator line sigil ends every signed zone file with (zone/zone_auth.c reads
 * it): "; sigil-auth v1 TAG ALG MAC", where MAC is HMAC-SHA256 (RFC 2104) keyed with a
 * secret of key TAG's private half (key/keysecret.c) over the SHA-256 of every byte before
 * the line. A re-sign that finds it valid for one of its active keys knows the file is, to
 * the byte, one it wrote itself - so its signatures are known good for the data beside
 * them, and need not be verified one by one. Anyone without the private key can neither
 * make nor mend the line: an edited file, or one from elsewhere, is verified in full. */
#include <stdio.h>
#include <string.h>

#include <libsign/codec.h>

#include "../alg/alg.h"
#include "../key/keysecret.h"
#include "signer.h"

#define AUTH_LABEL "sigil zone authenticator v1"
#define HMAC_BLOCK 64

static sgn_err_t hmac_sha256(const uint8_t *key, size_t klen, const uint8_t *msg, size_t mlen,
                             uint8_t out[32])
{
	uint8_t pad[HMAC_BLOCK], inner[64];
	size_t n = 0;
	struct sgn__md *md = NULL;
	sgn_err_t err = SGN_OK;
	for (int round = 0; round < 2 && err == SGN_OK; round++) {
		memset(pad, round == 0 ? 0x36 : 0x5c, sizeof(pad));
		for (size_t i = 0; i < klen && i < sizeof(pad); i++) {
			pad[i] ^= key[i];
		}
		err = sgn__md_new("SHA256", &md);
		if (err == SGN_OK) {
			err = sgn__md_update(md, pad, sizeof(pad));
		}
		if (err == SGN_OK) {
			err = round == 0 ? sgn__md_update(md, msg, mlen) : sgn__md_update(md, inner, n);
		}
		if (err == SGN_OK) {
			err = sgn__md_final(md, round == 0 ? inner : out, &n);
		}
		sgn__md_free(md);
		md = NULL;
	}
	sgn_wipe(pad, sizeof(pad));
	return err;
}

/* The MAC key @p k makes for a file whose bytes have SHA-256 @p digest. */
static sgn_err_t auth_mac(const struct sgn__signkey *k, const uint8_t digest[32],
                          uint8_t mac[SGN__AUTH_MAC_LEN])
{
	uint8_t secret[SGN__KEY_SECRET_LEN], msg[4 + 32];
	sgn_err_t err = sgn__key_secret(k->key, AUTH_LABEL, secret);
	sgn__put16(msg, k->tag);
	msg[2] = k->alg;
	msg[3] = 1; /* the line's version */
	memcpy(msg + 4, digest, 32);
	if (err == SGN_OK) {
		err = hmac_sha256(secret, sizeof(secret), msg, sizeof(msg), mac);
	}
	sgn_wipe(secret, sizeof(secret));
	return err;
}

sgn_err_t sgn__signer_auth_line(const struct sgn__signer *s, const uint8_t digest[32],
                                sgn_buf_t *out)
{
	uint8_t mac[SGN__AUTH_MAC_LEN];
	char hex[2 * SGN__AUTH_MAC_LEN + 1];
	const struct sgn__signkey *k = &s->keys[0];
	for (size_t i = 0; i < s->nkeys && !k->signs_data; i++) {
		k = &s->keys[i]; /* a ZSK when there is one: it signs what the line vouches for */
	}
	sgn_err_t err = auth_mac(k, digest, mac);
	if (err == SGN_OK) {
		err = sgn_hex_encode(hex, sizeof(hex), mac, sizeof(mac), false);
	}
	if (err == SGN_OK) {
		err = sgn__buf_printf(out, "%s%u %u %s\n", SGN__AUTH_PREFIX, k->tag, k->alg, hex);
	}
	return err;
}

bool sgn__signer_auth_ok(const struct sgn__signer *s, const sgn_zone_t *z)
{
	const struct sgn__zone_auth *a = &z->auth;
	for (size_t i = 0; a->present && i < s->nkeys; i++) {
		const struct sgn__signkey *k = &s->keys[i];
		uint8_t mac[SGN__AUTH_MAC_LEN], diff = 0;
		if (k->tag != a->tag || k->alg != a->alg || auth_mac(k, a->digest, mac) != SGN_OK) {
			continue;
		}
		for (size_t j = 0; j < sizeof(mac); j++) {
			diff |= (uint8_t)(mac[j] ^ a->mac[j]); /* in constant time */
		}
		if (diff == 0) {
			return true;
		}
	}
	return false;
}

sgn_err_t sgn__signer_auth_write(const struct sgn__signer *s, struct sgn__md *md, FILE *out)
{
	uint8_t digest[64];
	size_t n = 0;
	sgn_buf_t line;
	sgn_buf_init(&line);
	sgn_err_t err = sgn__md_final(md, digest, &n);
	if (err == SGN_OK) {
		err = n == 32 ? sgn__signer_auth_line(s, digest, &line) : SGN_ECRYPTO;
	}
	if (err == SGN_OK && fwrite(line.data, 1, line.len, out) != line.len) {
		err = SGN_EIO;
	}
	sgn_buf_release(&line);
	return err;
}
