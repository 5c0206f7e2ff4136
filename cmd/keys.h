/* SPDX-License-Identifier: MIT */
/* The zone's keys as the signing commands take them: -k files, then a -K directory. */
#ifndef SIGIL_KEYS_H
#define SIGIL_KEYS_H

#include <stdint.h>

#include <libsign/key.h>

#include "opt.h"

struct cli;

/* Read every file in @p keyfiles, and the keys of @p apex in @p keydir (default "." when no
 * file was named), into @p keys; at least one key must come of it. Returns an exit code
 * (an error message printed). */
int cli_load_keys(struct cli *cli, const char *keydir, const struct opt_list *keyfiles,
                  const uint8_t *apex, sgn_keylist_t *keys);

#endif
