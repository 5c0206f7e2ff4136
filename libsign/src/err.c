/* SPDX-License-Identifier: MIT */
/* Error code messages and diagnostics with file and line. */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include <libsign/base.h>
#include <libsign/version.h>

#include "internal.h"

static const char *const err_msgs[] = {
	[SGN_OK] = "success",
	[SGN_ENOMEM] = "out of memory",
	[SGN_EINVAL] = "invalid argument",
	[SGN_EIO] = "i/o error",
	[SGN_EPARSE] = "parse error",
	[SGN_EUNSUPPORTED] = "not supported",
	[SGN_EKEY] = "unusable or mismatched key",
	[SGN_ECRYPTO] = "crypto library failure",
	[SGN_ELIMIT] = "work or size limit reached",
	[SGN_ENOTFOUND] = "not found",
	[SGN_EEXIST] = "already exists",
	[SGN_EZONE] = "zone content error",
};
_Static_assert(ARRAY_LEN(err_msgs) == SGN_ERR__COUNT, "one message per error code");

const char *sgn_strerror(sgn_err_t err)
{
	if ((unsigned)err >= ARRAY_LEN(err_msgs) || err_msgs[err] == NULL) {
		return "unknown error";
	}
	return err_msgs[err];
}

const char *sgn_version_string(void)
{
#define SGN_STR2(x) #x
#define SGN_STR(x) SGN_STR2(x)
	return SGN_STR(SGN_VERSION_MAJOR) "." SGN_STR(SGN_VERSION_MINOR) "." SGN_STR(SGN_VERSION_PATCH);
}

void sgn_diag_init(sgn_diag_t *diag)
{
	if (diag != NULL) {
		memset(diag, 0, sizeof(*diag));
	}
}

sgn_err_t sgn_diag_set(sgn_diag_t *diag, sgn_err_t err, const char *file, unsigned long line,
                       const char *fmt, ...)
{
	if (diag == NULL) {
		return err;
	}
	diag->err = err;
	diag->line = line;
	snprintf(diag->file, sizeof(diag->file), "%s", file != NULL ? file : "");
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(diag->msg, sizeof(diag->msg), fmt, ap);
	va_end(ap);
	return err;
}

sgn_err_t sgn__diag_from_errno(sgn_diag_t *diag, const char *file, const char *what)
{
	int e = errno;
	return sgn_diag_set(diag, SGN_EIO, file, 0, "%s: %s", what, strerror(e));
}
