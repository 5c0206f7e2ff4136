/* SPDX-License-Identifier: MIT */
/* Lists of keys: reading a key directory for a zone, key tag collision checks, and
 * generation that avoids colliding tags. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsign/key.h>
#include <libsign/name.h>

#include "key_internal.h"

void sgn_keylist_init(sgn_keylist_t *list)
{
	list->keys = NULL;
	list->count = 0;
	list->cap = 0;
}

void sgn_keylist_release(sgn_keylist_t *list)
{
	for (size_t i = 0; i < list->count; i++) {
		sgn_key_free(list->keys[i]);
	}
	free(list->keys);
	sgn_keylist_init(list);
}

sgn_err_t sgn_keylist_add_take(sgn_keylist_t *list, sgn_key_t *key)
{
	if (sgn__grow(&list->keys, &list->cap, list->count + 1, sizeof(*list->keys), 8) != SGN_OK) {
		sgn_key_free(key);
		return SGN_ENOMEM;
	}
	list->keys[list->count++] = key;
	return SGN_OK;
}

/* "K<zone>+AAA+TTTTT.key" for this zone (@p arg, its name as text)? */
static bool is_key_file(const char *file, const void *arg)
{
	const char *zone = arg;
	size_t zl = strlen(zone), fl = strlen(file);
	unsigned alg, tag;
	char tail[8];
	return fl == 1 + zl + 14 && file[0] == 'K' && strncasecmp(file + 1, zone, zl) == 0 &&
	       sscanf(file + 1 + zl, "+%3u+%5u%7s", &alg, &tag, tail) == 3 &&
	       strcmp(tail, ".key") == 0;
}

sgn_err_t sgn_keylist_read_dir(sgn_keylist_t *list, const char *dir, const uint8_t *zone,
                               bool need_private, sgn_diag_t *diag)
{
	char zname[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(zname, sizeof(zname), zone) != SGN_OK) {
		return SGN_EINVAL;
	}
	char **names;
	size_t n;
	sgn_err_t err = sgn__dir_names(dir, is_key_file, zname, "cannot read key directory", &names,
	                               &n, diag);
	for (size_t i = 0; i < n && err == SGN_OK; i++) {
		char path[4096];
		sgn_key_t *key;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		/* A published-only key (its private half kept elsewhere) has no .private here. */
		char priv[4096 + 8];
		snprintf(priv, sizeof(priv), "%.*s.private", (int)(strlen(path) - 4), path);
		bool have_private = need_private && access(priv, F_OK) == 0;
		err = sgn_key_read_bind(&key, path, have_private, diag);
		if (err == SGN_OK) {
			err = sgn_keylist_add_take(list, key);
		}
	}
	sgn__dir_names_free(names, n);
	return err;
}

/* The key's tag with the REVOKE bit flipped. */
static uint16_t flipped_tag(const sgn_key_t *key)
{
	uint8_t buf[4096];
	size_t len = key->rdata.len < sizeof(buf) ? key->rdata.len : sizeof(buf);
	memcpy(buf, key->rdata.data, len);
	buf[1] ^= (uint8_t)SGN_DNSKEY_REVOKE;
	return sgn_keytag(buf, len);
}

bool sgn_keylist_tag_collides(const sgn_keylist_t *list, const sgn_key_t *key)
{
	uint16_t a = key->tag, ar = flipped_tag(key);
	for (size_t i = 0; i < list->count; i++) {
		const sgn_key_t *e = list->keys[i];
		uint16_t b = e->tag, br = flipped_tag(e);
		if (a == b || a == br || ar == b || ar == br) {
			return true;
		}
	}
	return false;
}

sgn_err_t sgn_key_generate_unique(sgn_key_t **out, const sgn_keylist_t *existing,
                                  const uint8_t *owner, uint8_t alg, unsigned bits,
                                  uint16_t flags)
{
	for (int tries = 0; tries < 100; tries++) {
		sgn_err_t err = sgn_key_generate(out, owner, alg, bits, flags);
		if (err != SGN_OK || !sgn_keylist_tag_collides(existing, *out)) {
			return err;
		}
		sgn_key_free(*out);
		*out = NULL;
	}
	return SGN_ELIMIT;
}
