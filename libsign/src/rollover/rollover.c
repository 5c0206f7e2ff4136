/* SPDX-License-Identifier: MIT */
/* The rollover object: a zone's keys in one directory under a policy, read once, and the
 * plan made from them. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>

#include "roll.h"

sgn_err_t sgn_rollover_open(sgn_rollover_t **out, const uint8_t *zone, const char *dir,
                            const sgn_policy_t *policy, int64_t now, sgn_diag_t *diag)
{
	*out = NULL;
	size_t zl = sgn_name_len(zone, SGN_NAME_MAX);
	if (zl == 0 || dir == NULL || policy == NULL || strlen(dir) >= sizeof((*out)->dir)) {
		return SGN_EINVAL;
	}
	sgn_rollover_t *r = calloc(1, sizeof(*r));
	if (r == NULL) {
		return SGN_ENOMEM;
	}
	memcpy(r->zone, zone, zl);
	sgn_name_lower(r->zone);
	snprintf(r->dir, sizeof(r->dir), "%s", dir);
	r->pol = policy;
	r->now = now;
	sgn_err_t err = sgn__model_load(r, diag);
	if (err == SGN_OK) {
		/* Refuse a key set no method explains now, rather than at the first plan. */
		sgn_rollover_t copy;
		struct sgn__roll rolls[SGN__ROLLS_MAX];
		size_t n;
		err = sgn__model_copy(&copy, r);
		if (err == SGN_OK) {
			err = sgn__rolls_find(&copy, false, rolls, &n, diag);
			sgn__model_release_copy(&copy);
		}
	}
	if (err != SGN_OK) {
		sgn_rollover_free(r);
		return err;
	}
	*out = r;
	return SGN_OK;
}

void sgn_rollover_free(sgn_rollover_t *r)
{
	if (r != NULL) {
		sgn__model_release(r);
		free(r);
	}
}

size_t sgn_rollover_key_count(const sgn_rollover_t *r)
{
	return r->nfile;
}

const sgn_roll_key_t *sgn_rollover_get_key(const sgn_rollover_t *r, size_t i)
{
	return i < r->nfile ? &r->k[i].v : NULL;
}

sgn_err_t sgn_rollover_plan(const sgn_rollover_t *r, sgn_plan_t **out)
{
	return sgn__plan_build(r, out);
}
