/* SPDX-License-Identifier: MIT */
/* Shared state of one sigil run, exit codes, and diagnostics on stderr. */
#ifndef SIGIL_CLI_H
#define SIGIL_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libsign/base.h>

#include "out.h"

/* One enum for every command (DESIGN.md): 0 valid, 1 read but invalid, 2 usage/input. */
enum sigil_exit {
	SIGIL_EXIT_OK = 0,
	SIGIL_EXIT_INVALID = 1,
	SIGIL_EXIT_USAGE = 2,
};

#define CLI_GIVEN_MAX 128

struct cli {
	const char *prog;     /* "sigil" */
	const char *cmd;      /* the subcommand being run */
	int verbosity;        /* -v raises it */
	bool json;            /* --json */
	int64_t now;          /* the wall clock once, at start; --at overrides per command */
	struct out out;       /* results go here (stdout) */
	/* The value pointers of the options the last opt_parse() saw given (opt_given()). */
	const void *given[CLI_GIVEN_MAX];
	size_t ngiven;
};

/* "sigil: FILE:LINE: message" (file and line optional). Returns SIGIL_EXIT_USAGE. */
int cli_error(const struct cli *cli, const char *file, unsigned long line, const char *fmt, ...)
	SGN_PRINTF(4, 5);
/* "sigil: warning: ..." */
void cli_warn(const struct cli *cli, const char *fmt, ...) SGN_PRINTF(2, 3);
/* "sigil: FILE:LINE: warning: ..." (file and line optional, as for cli_error()). */
void cli_warn_at(const struct cli *cli, const char *file, unsigned long line, const char *fmt,
                 ...) SGN_PRINTF(4, 5);
/* libsign's warning callback (sgn_warn_fn, as in sgn_zone_opts_t and sgn_sign_policy_t)
 * printing through cli_warn_at(); @p ctx is the struct cli. */
void cli_warn_cb(void *ctx, const char *file, unsigned long line, const char *msg);
/* "sigil: ..." only when -v was given. */
void cli_info(const struct cli *cli, const char *fmt, ...) SGN_PRINTF(2, 3);

/* Report a libsign failure with its diagnostic (file:line: message) and return the exit
 * code it maps to: SIGIL_EXIT_USAGE for input-side errors. @p what names the operation
 * when the diagnostic carries no message. */
int cli_diag(const struct cli *cli, const sgn_diag_t *diag, sgn_err_t err, const char *what);

#endif
