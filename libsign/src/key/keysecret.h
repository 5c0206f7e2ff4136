/* SPDX-License-Identifier: MIT */
/* Secrets derived from a key's private half, for authenticating what its holder wrote. */
#ifndef SGN_KEY_KEYSECRET_H
#define SGN_KEY_KEYSECRET_H

#include <libsign/key.h>

#define SGN__KEY_SECRET_LEN 32

/* SHA-256 over @p label, the key's owner, its DNSKEY RDATA and every field of its private
 * half: a secret only the key's holder can make, and one that says nothing about the key
 * (a one-way function of it, kept apart from other uses by the label). SGN_EKEY for a key
 * without a private half. */
sgn_err_t sgn__key_secret(const sgn_key_t *key, const char *label,
                          uint8_t out[SGN__KEY_SECRET_LEN]) SGN_INTERNAL;

#endif
