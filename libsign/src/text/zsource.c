/* SPDX-License-Identifier: MIT */
/* Zone text sources: bounded physical lines from a file or memory, and the $INCLUDE rules
 * (regular files only, never blocking, optionally confined to the zone's directory). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "zsource.h"

#define READ_BLOCK (64 * 1024)

sgn_err_t sgn__zsource_open(struct sgn__zsource *s, FILE *fp, const char *text, size_t len,
                            const char *path)
{
	memset(s, 0, sizeof(*s));
	s->path = strdup(path);
	if (s->path == NULL) {
		return SGN_ENOMEM;
	}
	if (fp == NULL) {
		s->buf = text;
		s->end = len;
		s->eof = true;
		return SGN_OK;
	}
	s->own = malloc(READ_BLOCK);
	if (s->own == NULL) {
		free(s->path);
		s->path = NULL;
		return SGN_ENOMEM;
	}
	s->buf = s->own;
	s->fp = fp;
	return SGN_OK;
}

void sgn__zsource_close(struct sgn__zsource *s)
{
	if (s->fp != NULL && s->fp != stdin) {
		fclose(s->fp);
	}
	free(s->own);
	free(s->path);
	memset(s, 0, sizeof(*s));
}

/* Refill the buffer; false at the end of the input (or on a read error: see ferror). */
static bool refill(struct sgn__zsource *s)
{
	if (s->eof) {
		return false;
	}
	size_t n = fread(s->own, 1, READ_BLOCK, s->fp);
	if (n == 0) {
		s->eof = true;
		return false;
	}
	s->start = 0;
	s->end = n;
	return true;
}

sgn_err_t sgn__zsource_line(struct sgn__zsource *s, sgn_buf_t *line, sgn_diag_t *diag)
{
	line->len = 0;
	for (;;) {
		if (s->start == s->end && !refill(s)) {
			if (s->fp != NULL && ferror(s->fp)) {
				return sgn__diag_from_errno(diag, s->path, "read failed");
			}
			if (line->len == 0) {
				return SGN_ENOTFOUND;
			}
			break; /* a last line without a newline */
		}
		const char *p = s->buf + s->start;
		size_t avail = s->end - s->start;
		const char *nl = memchr(p, '\n', avail);
		size_t take = nl != NULL ? (size_t)(nl - p) + 1 : avail;
		if (line->len + take > SGN__LINE_MAX) {
			return sgn_diag_set(diag, SGN_ELIMIT, s->path, s->line + 1,
			                    "line longer than 1 MiB");
		}
		/* Room for the NUL too, so that nothing below grows the buffer again. */
		sgn_err_t err = sgn_buf_reserve(line, take + 1);
		if (err != SGN_OK) {
			return err;
		}
		memcpy(line->data + line->len, p, take);
		line->len += take;
		s->start += take;
		if (nl != NULL) {
			break;
		}
	}
	s->line++;
	/* A NUL would cut the line short for every string function after this one: the text
	 * after it would be dropped without a word. */
	if (memchr(line->data, '\0', line->len) != NULL) {
		return sgn_diag_set(diag, SGN_EPARSE, s->path, s->line, "NUL byte in line");
	}
	line->data[line->len] = '\0'; /* room reserved with the line's last part */
	return SGN_OK;
}

/* -- $INCLUDE -- */

/* Open a regular file without blocking on a FIFO or a device, then read it blocking. */
static FILE *open_regular(const char *path, bool *not_regular)
{
	*not_regular = false;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd < 0) {
		return NULL;
	}
	struct stat st = { 0 };
	int flags = fcntl(fd, F_GETFL);
	int rc = fstat(fd, &st);
	if (rc != 0 || !S_ISREG(st.st_mode)) {
		int e = errno;
		*not_regular = rc == 0;
		close(fd);
		errno = e;
		return NULL;
	}
	FILE *fp = NULL;
	if (flags >= 0 && fcntl(fd, F_SETFL, flags & ~O_NONBLOCK) == 0) {
		fp = fdopen(fd, "r");
	}
	if (fp == NULL) {
		int e = errno;
		close(fd);
		errno = e;
	}
	return fp;
}

static bool has_dotdot(const char *name)
{
	for (const char *p = name; (p = strstr(p, "..")) != NULL; p += 2) {
		if ((p == name || p[-1] == '/') && (p[2] == '\0' || p[2] == '/')) {
			return true;
		}
	}
	return false;
}

/* Is @p path, symbolic links resolved, inside the directory @p dir? */
static bool inside(const char *path, const char *dir)
{
	char rp[PATH_MAX], rd[PATH_MAX];
	if (realpath(path, rp) == NULL || realpath(dir, rd) == NULL) {
		return false;
	}
	size_t n = strlen(rd);
	return strncmp(rp, rd, n) == 0 && (rp[n] == '/' || (n == 1 && rd[0] == '/'));
}

static sgn_err_t open_confined(const char *name, const char *topdir, FILE **fp, char *path,
                               char *msg)
{
	if (name[0] == '/' || has_dotdot(name)) {
		snprintf(msg, SGN__MSG_MAX,
		         "$INCLUDE file '%s' is outside the zone file's directory (includes are "
		         "confined to it)", name);
		return SGN_EPARSE;
	}
	bool not_regular;
	snprintf(path, 4096, "%s/%s", topdir, name);
	*fp = open_regular(path, &not_regular);
	if (*fp != NULL && !inside(path, topdir)) {
		fclose(*fp);
		*fp = NULL;
		snprintf(msg, SGN__MSG_MAX,
		         "$INCLUDE file '%s' leads outside the zone file's directory (includes are "
		         "confined to it)", name);
		return SGN_EPARSE;
	}
	if (*fp == NULL) {
		int e = errno;
		snprintf(msg, SGN__MSG_MAX, not_regular ? "$INCLUDE file '%s' is not a regular file"
		                                        : "cannot open $INCLUDE file '%s': %s",
		         name, strerror(e));
		return not_regular ? SGN_EPARSE : SGN_EIO;
	}
	return SGN_OK;
}

sgn_err_t sgn__include_open(const char *name, const char *including, const char *topdir,
                            bool confine, FILE **fp, char *path, char msg[SGN__MSG_MAX])
{
	if (confine) {
		return open_confined(name, topdir, fp, path, msg);
	}
	/* The working directory first (as BIND and ldns), then the including file's. */
	bool not_regular;
	snprintf(path, 4096, "%s", name);
	*fp = open_regular(path, &not_regular);
	const char *slash = strrchr(including, '/');
	if (*fp == NULL && !not_regular && errno == ENOENT && name[0] != '/' && slash != NULL) {
		snprintf(path, 4096, "%.*s/%s", (int)(slash - including), including, name);
		*fp = open_regular(path, &not_regular);
	}
	if (*fp == NULL) {
		int e = errno;
		if (not_regular) {
			snprintf(msg, SGN__MSG_MAX, "$INCLUDE file '%s' is not a regular file", name);
			return SGN_EPARSE;
		}
		snprintf(msg, SGN__MSG_MAX, "cannot open $INCLUDE file '%s': %s", name, strerror(e));
		return SGN_EIO;
	}
	return SGN_OK;
}
