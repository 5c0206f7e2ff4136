/* SPDX-License-Identifier: MIT */
/* The step: its state (step.c) and what it writes (step_files.c), and the live checks it
 * may ask for (live_check.c). */
#ifndef SGN_ROLLOVER_STEP_H
#define SGN_ROLLOVER_STEP_H

#include "roll.h"

struct sgn__step {
	const sgn_step_opts_t *o;
	sgn_step_result_t *res;
	bool *dirty;      /* per model key: files to write */
	bool dry_run;
	bool forced;      /* --force was used up */
};

/* Add a change line to the result (printf style). */
void sgn__step_note(struct sgn__step *st, const char *fmt, ...) SGN_PRINTF(2, 3) SGN_INTERNAL;

sgn_err_t sgn__step_lock(const char *dir, int *fd, sgn_diag_t *diag) SGN_INTERNAL;
void sgn__step_unlock(int fd) SGN_INTERNAL;
/* Generate the planned keys of @p roll, link them to the old keys, retire the old keys'
 * goal. */
sgn_err_t sgn__step_generate(sgn_rollover_t *r, struct sgn__roll *roll, int64_t now,
                             struct sgn__step *st, sgn_diag_t *diag) SGN_INTERNAL;
/* Write the key files' timing and the `.state` files of the keys marked dirty. */
sgn_err_t sgn__step_write(sgn_rollover_t *r, const struct sgn__step *st,
                          sgn_diag_t *diag) SGN_INTERNAL;
/* Remove a key's files. */
sgn_err_t sgn__step_purge(sgn_rollover_t *r, size_t k, sgn_diag_t *diag) SGN_INTERNAL;

/* Ask every server of the parent whether it serves exactly the DS of the keys in @p want
 * (a bit per model key, SIZE_MAX-free), and every server of the zone whether it serves the
 * DNSKEY set of @p want. True when all agree; @p why says which did not. */
bool sgn__live_parent_ok(const sgn_rollover_t *r, const bool *want, const sgn_live_opts_t *lo,
                         char *why, size_t cap) SGN_INTERNAL;
bool sgn__live_child_ok(const sgn_rollover_t *r, const bool *want, const sgn_live_opts_t *lo,
                        char *why, size_t cap) SGN_INTERNAL;

#endif
