/* SPDX-License-Identifier: MIT */
/* File i/o: reading small files whole, and whole-or-nothing output files (temporary file,
 * fsync, then rename, or link, which refuses to replace an existing file, for no-clobber). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsign/outfile.h>

#include "internal.h"

struct sgn_outfile {
	FILE *fp;
	char *path;     /* target */
	char *tmp;      /* temporary file, NULL when writing stdout */
	unsigned flags;
};

static void outfile_free(sgn_outfile_t *of)
{
	free(of->path);
	free(of->tmp);
	free(of);
}

sgn_err_t sgn_outfile_open(sgn_outfile_t **out, const char *path, unsigned mode, unsigned flags,
                           sgn_diag_t *diag)
{
	sgn_outfile_t *of = calloc(1, sizeof(*of));
	*out = NULL;
	if (of == NULL || (of->path = strdup(path)) == NULL) {
		free(of);
		return SGN_ENOMEM;
	}
	of->flags = flags;
	if (strcmp(path, "-") == 0) {
		of->fp = stdout;
		*out = of;
		return SGN_OK;
	}
	if ((flags & SGN_OUTFILE_NOCLOBBER) && access(path, F_OK) == 0) {
		outfile_free(of);
		return sgn_diag_set(diag, SGN_EEXIST, path, 0, "refusing to overwrite existing file");
	}
	/* The temporary file sits beside the target so that rename() stays in one file system. */
	const char *slash = strrchr(path, '/');
	int dirlen = slash != NULL ? (int)(slash - path + 1) : 0;
	size_t n = strlen(path) + 32;
	of->tmp = malloc(n);
	if (of->tmp == NULL) {
		outfile_free(of);
		return SGN_ENOMEM;
	}
	snprintf(of->tmp, n, "%.*s.%s.tmp-XXXXXX", dirlen, path, path + dirlen);
	int fd = mkstemp(of->tmp);
	if (fd < 0) {
		sgn_err_t err = sgn__diag_from_errno(diag, path, "cannot create temporary file");
		outfile_free(of);
		return err;
	}
	if (fchmod(fd, (mode_t)mode) != 0 || (of->fp = fdopen(fd, "w")) == NULL) {
		sgn_err_t err = sgn__diag_from_errno(diag, path, "cannot open temporary file");
		close(fd);
		unlink(of->tmp);
		outfile_free(of);
		return err;
	}
	*out = of;
	return SGN_OK;
}

FILE *sgn_outfile_stream(sgn_outfile_t *of)
{
	return of->fp;
}

void sgn_outfile_abort(sgn_outfile_t *of)
{
	if (of == NULL) {
		return;
	}
	if (of->tmp != NULL) {
		fclose(of->fp);
		unlink(of->tmp);
	}
	outfile_free(of);
}

sgn_err_t sgn_outfile_commit(sgn_outfile_t *of, sgn_diag_t *diag)
{
	sgn_err_t err = SGN_OK;
	if (of->tmp == NULL) { /* stdout */
		if (fflush(of->fp) != 0 || ferror(of->fp)) {
			err = sgn__diag_from_errno(diag, "-", "write failed");
		}
		outfile_free(of);
		return err;
	}
	bool failed = ferror(of->fp) || fflush(of->fp) != 0 || fsync(fileno(of->fp)) != 0;
	if (fclose(of->fp) != 0) {
		failed = true;
	}
	if (failed) {
		err = sgn__diag_from_errno(diag, of->path, "write failed");
	} else if (of->flags & SGN_OUTFILE_NOCLOBBER) {
		/* link() fails when the target exists: no window in which it could be replaced. */
		if (link(of->tmp, of->path) != 0) {
			err = errno == EEXIST ? sgn_diag_set(diag, SGN_EEXIST, of->path, 0,
			                                     "refusing to overwrite existing file")
			                      : sgn__diag_from_errno(diag, of->path, "cannot create");
		}
	} else if (rename(of->tmp, of->path) != 0) {
		err = sgn__diag_from_errno(diag, of->path, "cannot rename into place");
	}
	unlink(of->tmp); /* after link(), or after a failure; harmless after rename() */
	outfile_free(of);
	return err;
}

sgn_err_t sgn_outfile_write_all(const char *path, const void *data, size_t len, unsigned mode,
                                unsigned flags, sgn_diag_t *diag)
{
	sgn_outfile_t *of;
	sgn_err_t err = sgn_outfile_open(&of, path, mode, flags, diag);
	if (err != SGN_OK) {
		return err;
	}
	if (len > 0 && fwrite(data, 1, len, of->fp) != len) {
		err = sgn__diag_from_errno(diag, path, "write failed");
		sgn_outfile_abort(of);
		return err;
	}
	return sgn_outfile_commit(of, diag);
}

sgn_err_t sgn__read_file(const char *path, size_t max, sgn_buf_t *out, sgn_diag_t *diag)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		return sgn__diag_from_errno(diag, path, "cannot open");
	}
	sgn_err_t err = SGN_OK;
	for (;;) {
		err = sgn_buf_reserve(out, 4096);
		if (err != SGN_OK) {
			break;
		}
		size_t n = fread(out->data + out->len, 1, out->cap - out->len - 1, fp);
		out->len += n;
		if (out->len > max) {
			err = sgn_diag_set(diag, SGN_ELIMIT, path, 0, "file larger than %zu bytes", max);
			break;
		}
		if (n == 0) {
			if (ferror(fp)) {
				err = sgn__diag_from_errno(diag, path, "read failed");
			}
			break;
		}
	}
	fclose(fp);
	if (err == SGN_OK) {
		out->data[out->len] = '\0'; /* callers may treat the content as a C string */
	}
	return err;
}
