/* SPDX-License-Identifier: MIT */
/* The key object's layout, shared by the key sources (key.c, keyfile_bind.c). */
#ifndef SGN_KEY_KEY_INTERNAL_H
#define SGN_KEY_KEY_INTERNAL_H

#include <libsign/key.h>
#include <libsign/name.h>

#include "../alg/alg.h"

struct sgn_key {
	uint8_t owner[SGN_NAME_MAX];
	sgn_buf_t rdata;                  /* DNSKEY RDATA: flags, protocol, algorithm, key */
	uint16_t tag;
	uint32_t ttl;
	const struct sgn__alg_row *row;   /* NULL: algorithm unknown to libsign */
	void *pub;                        /* backend public key; NULL when unusable */
	void *priv;                       /* backend private key; NULL for public-only keys */
	bool time_set[SGN_KEY_EVENT__COUNT];
	int64_t times[SGN_KEY_EVENT__COUNT];
};

/* Make a key from DNSKEY RDATA plus an optional backend private key (taken: freed on
 * failure too). */
sgn_err_t sgn__key_new(sgn_key_t **out, const uint8_t *owner, const uint8_t *rdata, size_t len,
                       void *priv) SGN_INTERNAL;

/* "; Name: YYYYMMDDHHMMSS (human time)" and a newline: a timing comment of a .key file. */
sgn_err_t sgn__key_time_comment(sgn_buf_t *b, const char *name, int64_t t) SGN_INTERNAL;

#endif
