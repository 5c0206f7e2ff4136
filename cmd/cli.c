/* SPDX-License-Identifier: MIT */
/* Diagnostics on stderr, in git's style: lower case, no full stop, subject quoted. */
#include <stdarg.h>
#include <stdio.h>

#include "cli.h"

static void vreport(const struct cli *cli, const char *file, unsigned long line,
                    const char *prefix, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", cli->prog);
	if (file != NULL && *file != '\0') {
		if (line > 0) {
			fprintf(stderr, "%s:%lu: ", file, line);
		} else {
			fprintf(stderr, "%s: ", file);
		}
	}
	fputs(prefix, stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int cli_error(const struct cli *cli, const char *file, unsigned long line, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(cli, file, line, "", fmt, ap);
	va_end(ap);
	return SIGIL_EXIT_USAGE;
}

void cli_warn(const struct cli *cli, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(cli, NULL, 0, "warning: ", fmt, ap);
	va_end(ap);
}

void cli_warn_at(const struct cli *cli, const char *file, unsigned long line, const char *fmt,
                 ...)
{
	va_list ap;
	va_start(ap, fmt);
	vreport(cli, file, line, "warning: ", fmt, ap);
	va_end(ap);
}

void cli_warn_cb(void *ctx, const char *file, unsigned long line, const char *msg)
{
	cli_warn_at(ctx, file, line, "%s", msg);
}

void cli_info(const struct cli *cli, const char *fmt, ...)
{
	if (cli->verbosity <= 0) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vreport(cli, NULL, 0, "", fmt, ap);
	va_end(ap);
}

int cli_diag(const struct cli *cli, const sgn_diag_t *diag, sgn_err_t err, const char *what)
{
	if (diag != NULL && diag->msg[0] != '\0') {
		cli_error(cli, diag->file, diag->line, "%s", diag->msg);
	} else {
		cli_error(cli, NULL, 0, "%s: %s", what, sgn_strerror(err));
	}
	return SIGIL_EXIT_USAGE;
}
