/* SPDX-License-Identifier: MIT */
/* The named fields of a BIND private key file ("Modulus", "PrivateKey", ...) as the
 * backends export and import them: a small list of wiped buffers. */
#include <string.h>
#include <strings.h>

#include <libsign/base.h>

#include "alg.h"

void sgn__priv_fields_init(struct sgn__priv_fields *f)
{
	f->n = 0;
}

void sgn__priv_fields_release(struct sgn__priv_fields *f)
{
	for (size_t i = 0; i < f->n; i++) {
		sgn_buf_release_wipe(&f->value[i]);
	}
	f->n = 0;
}

sgn_err_t sgn__priv_fields_add(struct sgn__priv_fields *f, const char *name, const uint8_t *data,
                               size_t len)
{
	if (f->n >= SGN__PRIV_FIELDS_MAX) {
		return SGN_ELIMIT;
	}
	sgn_buf_init(&f->value[f->n]);
	sgn_err_t err = sgn_buf_append(&f->value[f->n], data, len);
	if (err != SGN_OK) {
		sgn_buf_release_wipe(&f->value[f->n]);
		return err;
	}
	f->name[f->n++] = name;
	return SGN_OK;
}

const sgn_buf_t *sgn__priv_fields_get(const struct sgn__priv_fields *f, const char *name)
{
	for (size_t i = 0; i < f->n; i++) {
		if (strcasecmp(f->name[i], name) == 0) {
			return &f->value[i];
		}
	}
	return NULL;
}
