/* SPDX-License-Identifier: MIT */
/* What sign and update take alike: the zone's keys (-k files, then a -K directory) and the
 * signature timing options. */
#ifndef SIGIL_SIGNING_H
#define SIGIL_SIGNING_H

#include <stdint.h>

#include <libsign/key.h>
#include <libsign/sign.h>

#include "opt.h"

struct cli;

/* Read every file in @p keyfiles, and the keys of @p apex in @p keydir (default "." when no
 * file was named), into @p keys; at least one key must come of it. Returns an exit code
 * (an error message printed). */
int cli_load_keys(struct cli *cli, const char *keydir, const struct opt_list *keyfiles,
                  const uint8_t *apex, sgn_keylist_t *keys);

/* The signature timing options: --at, -s/--inception and -e/--expiration (dnssec-signzone's
 * start and end times; -e +DUR counts from the inception), --inception-offset,
 * --validity, --jitter, -i/--refresh. */
struct sign_times {
	struct opt_time at, start, end, inception, validity, jitter, refresh;
};

/* The policy's defaults at --at (else now), then the window, jitter and refresh the options
 * give; contradictions and out-of-range times are refused. Returns an exit code. */
int cli_sign_times(struct cli *cli, const struct sign_times *t, sgn_sign_policy_t *pol);

#endif
