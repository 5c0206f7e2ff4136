/* SPDX-License-Identifier: MIT */
/* Secrets derived from a key's private half (keysecret.h). */
#include <string.h>

#include <libsign/name.h>

#include "key_internal.h"
#include "keysecret.h"

sgn_err_t sgn__key_secret(const sgn_key_t *key, const char *label,
                          uint8_t out[SGN__KEY_SECRET_LEN])
{
	struct sgn__priv_fields f;
	struct sgn__md *md = NULL;
	if (key->priv == NULL || key->row == NULL) {
		return SGN_EKEY;
	}
	sgn__priv_fields_init(&f);
	sgn_err_t err = key->row->be->priv_export(key->row, key->priv, &f);
	if (err == SGN_OK) {
		err = sgn__md_new("SHA256", &md);
	}
	if (err == SGN_OK) {
		err = sgn__md_update(md, label, strlen(label) + 1);
	}
	if (err == SGN_OK) {
		err = sgn__md_update(md, key->owner, sgn_name_len(key->owner, SGN_NAME_MAX));
	}
	if (err == SGN_OK) {
		err = sgn__md_update(md, key->rdata.data, key->rdata.len);
	}
	for (size_t i = 0; err == SGN_OK && i < f.n; i++) {
		uint8_t len[2] = { (uint8_t)(f.value[i].len >> 8), (uint8_t)f.value[i].len };
		err = sgn__md_update(md, f.name[i], strlen(f.name[i]) + 1);
		if (err == SGN_OK) {
			err = sgn__md_update(md, len, sizeof(len));
		}
		if (err == SGN_OK) {
			err = sgn__md_update(md, f.value[i].data, f.value[i].len);
		}
	}
	size_t n = 0;
	if (err == SGN_OK) {
		err = sgn__md_final(md, out, &n);
	}
	sgn__md_free(md);
	sgn__priv_fields_release(&f);
	return err == SGN_OK && n != SGN__KEY_SECRET_LEN ? SGN_ECRYPTO : err;
}
