/* SPDX-License-Identifier: MIT */
/* File i/o: reading small files whole, listing a directory, and whole-or-nothing output
 * files.
 *
 * An output file is written first to an unnamed file in the target's directory (Linux
 * O_TMPFILE), so that a run killed by SIGKILL, which no handler can clean up after, leaves
 * nothing behind. Once complete and on disk it gets a name: link() straight to the target
 * for no-clobber (link refuses to replace an existing file), else link() to a temporary
 * name and rename() over the target. Where O_TMPFILE or /proc is missing, a named
 * temporary file (mkstemp) stands in for the unnamed one. */
#define _GNU_SOURCE /* O_TMPFILE */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsign/outfile.h>

#include "internal.h"
#include "outstream.h"

struct sgn_outfile {
	FILE *fp;
	int fd;                    /* under fp, for a temporary file */
	struct sgn__outstream *os; /* fp's state, for a temporary file (freed by fclose) */
	char *path;     /* target */
	char *tmp;      /* temporary name beside the target, NULL when writing stdout or direct */
	bool unnamed;   /* the data is in an O_TMPFILE file, not (yet) at tmp */
	bool direct;    /* writing straight to a device or FIFO (fp is ours to close) */
	unsigned flags;
};

/* The path through which the kernel lets an unnamed file be linked into a directory. */
static void fd_path(char buf[static 32], int fd)
{
	snprintf(buf, 32, "/proc/self/fd/%d", fd);
}

/* An unnamed file in the directory part (the first dirlen bytes) of path, or -1. */
static int open_unnamed(const char *path, int dirlen)
{
#ifdef O_TMPFILE
	char dir[PATH_MAX];
	if (dirlen >= (int)sizeof(dir)) {
		return -1;
	}
	if (dirlen > 0) {
		snprintf(dir, sizeof(dir), "%.*s", dirlen, path);
	} else {
		strcpy(dir, ".");
	}
	int fd = open(dir, O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	if (fd < 0) {
		return -1;
	}
	char proc[32];
	fd_path(proc, fd);
	if (access(proc, F_OK) != 0) { /* without /proc it could never be given a name */
		close(fd);
		return -1;
	}
	return fd;
#else
	(void)path;
	(void)dirlen;
	return -1;
#endif
}

/* Links the unnamed file open at fd to of->tmp, a name made unique by pid and attempt. */
static int link_unnamed_tmp(sgn_outfile_t *of, int fd)
{
	char proc[32];
	fd_path(proc, fd);
	char *suffix = strrchr(of->tmp, '-') + 1; /* the template's XXXXXX */
	for (unsigned attempt = 0; attempt < 1000; attempt++) {
		sprintf(suffix, "%ld.%u", (long)getpid(), attempt);
		if (linkat(AT_FDCWD, proc, AT_FDCWD, of->tmp, AT_SYMLINK_FOLLOW) == 0) {
			return 0;
		}
		if (errno != EEXIST) {
			return -1;
		}
	}
	return -1;
}

static sgn_err_t create_failed(sgn_diag_t *diag, const char *path)
{
	return errno == EEXIST
	               ? sgn_diag_set(diag, SGN_EEXIST, path, 0, "refusing to overwrite existing file")
	               : sgn__diag_from_errno(diag, path, "cannot create");
}

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
	/* A device, FIFO or socket (/dev/null, /dev/stdout, a pipe) is written as it is: a
	 * file renamed over it would replace the node itself, and it holds no old content for
	 * a rename to protect. Directories fall through, to fail at the rename. */
	struct stat st;
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
		int fd = open(path, O_WRONLY | O_NOCTTY | O_CLOEXEC);
		if (fd < 0 || (of->fp = fdopen(fd, "w")) == NULL) {
			sgn_err_t err = sgn__diag_from_errno(diag, path, "cannot open");
			if (fd >= 0) {
				close(fd);
			}
			outfile_free(of);
			return err;
		}
		of->direct = true;
		*out = of;
		return SGN_OK;
	}
	/* The temporary file sits beside the target so that rename() stays in one file system. */
	const char *slash = strrchr(path, '/');
	int dirlen = slash != NULL ? (int)(slash - path + 1) : 0;
	size_t n = strlen(path) + 48; /* room for a pid and attempt in place of XXXXXX */
	of->tmp = malloc(n);
	if (of->tmp == NULL) {
		outfile_free(of);
		return SGN_ENOMEM;
	}
	snprintf(of->tmp, n, "%.*s.%s.tmp-XXXXXX", dirlen, path, path + dirlen);
	int fd = open_unnamed(path, dirlen);
	of->unnamed = fd >= 0;
	if (fd < 0) {
		fd = mkstemp(of->tmp);
	}
	if (fd < 0) {
		sgn_err_t err = sgn__diag_from_errno(diag, path, "cannot create temporary file");
		outfile_free(of);
		return err;
	}
	of->fd = fd;
	if (fchmod(fd, (mode_t)mode) != 0 || (of->fp = sgn__outstream_open(fd, &of->os)) == NULL) {
		sgn_err_t err = sgn__diag_from_errno(diag, path, "cannot open temporary file");
		close(fd);
		if (!of->unnamed) {
			unlink(of->tmp);
		}
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
	if (of->tmp != NULL || of->direct) {
		fclose(of->fp); /* an unnamed file vanishes with its last descriptor */
		if (of->tmp != NULL && !of->unnamed) { /* a device or FIFO is not ours to remove */
			unlink(of->tmp);
		}
	}
	outfile_free(of);
}

sgn_err_t sgn_outfile_commit(sgn_outfile_t *of, sgn_diag_t *diag)
{
	sgn_err_t err = SGN_OK;
	if (of->tmp == NULL) { /* stdout, or a device or FIFO written directly */
		bool failed = fflush(of->fp) != 0 || ferror(of->fp);
		if (of->direct && fclose(of->fp) != 0) {
			failed = true;
		}
		if (failed) {
			err = sgn__diag_from_errno(diag, of->path, "write failed");
		}
		outfile_free(of);
		return err;
	}
	/* An unnamed file lives on after fclose() through this descriptor, until it is linked. */
	int keep = of->unnamed ? dup(of->fd) : -1;
	bool failed = (of->unnamed && keep < 0) || sgn__outstream_sync(of->os, of->fp) != 0;
	int why = failed ? errno : 0; /* before fclose(), which may change errno even when it works */
	if (fclose(of->fp) != 0 && !failed) {
		failed = true;
		why = errno;
	}
	bool named = !of->unnamed; /* of->tmp exists, to be removed in the end */
	char proc[32];
	if (failed) {
		errno = why;
		err = sgn__diag_from_errno(diag, of->path, "write failed");
	} else if (of->flags & SGN_OUTFILE_NOCLOBBER) {
		/* link() fails when the target exists: no window in which it could be replaced. */
		if (of->unnamed) {
			fd_path(proc, keep);
		}
		if (linkat(AT_FDCWD, of->unnamed ? proc : of->tmp, AT_FDCWD, of->path,
		           AT_SYMLINK_FOLLOW) != 0) {
			err = create_failed(diag, of->path);
		}
	} else if (of->unnamed && link_unnamed_tmp(of, keep) != 0) {
		err = sgn__diag_from_errno(diag, of->path, "cannot create");
	} else {
		named = rename(of->tmp, of->path) != 0;
		if (named) {
			err = sgn__diag_from_errno(diag, of->path, "cannot rename into place");
		}
	}
	if (keep >= 0) {
		close(keep);
	}
	if (named) {
		unlink(of->tmp); /* after link(), or after a failure */
	}
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

sgn_err_t sgn__check_regular(const char *path, sgn_diag_t *diag)
{
	struct stat st;
	if (stat(path, &st) != 0) {
		return sgn__diag_from_errno(diag, path, "cannot open");
	}
	return S_ISREG(st.st_mode) ? SGN_OK
	                           : sgn_diag_set(diag, SGN_EPARSE, path, 0, "not a regular file");
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

sgn_err_t sgn_outfile_append(int64_t *old_size, const char *path, const void *data, size_t len,
                             unsigned mode, sgn_diag_t *diag)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, (mode_t)mode);
	struct stat st;
	if (fd < 0) {
		return sgn__diag_from_errno(diag, path, "cannot open");
	}
	if (fstat(fd, &st) != 0) {
		sgn_err_t err = sgn__diag_from_errno(diag, path, "cannot open");
		close(fd);
		return err;
	}
	if (old_size != NULL) {
		*old_size = (int64_t)st.st_size;
	}
	sgn_err_t err = SGN_OK;
	if (sgn__write_all(fd, data, len) != 0 || fsync(fd) != 0) {
		err = sgn__diag_from_errno(diag, path, "write failed");
		if (ftruncate(fd, st.st_size) != 0) {
			/* the reason above is the one that matters */
		}
	}
	if (close(fd) != 0 && err == SGN_OK) {
		err = sgn__diag_from_errno(diag, path, "write failed");
	}
	return err;
}

sgn_err_t sgn_outfile_truncate(const char *path, int64_t size, sgn_diag_t *diag)
{
	if (size < 0 || truncate(path, (off_t)size) != 0) {
		return sgn__diag_from_errno(diag, path, "cannot truncate");
	}
	return SGN_OK;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void sgn__dir_names_free(char **names, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(names[i]);
	}
	free(names);
}

sgn_err_t sgn__dir_names(const char *dir, bool (*keep)(const char *, const void *),
                         const void *arg, const char *what, char ***names, size_t *n,
                         sgn_diag_t *diag)
{
	*names = NULL;
	*n = 0;
	DIR *d = opendir(dir);
	if (d == NULL) {
		return sgn__diag_from_errno(diag, dir, what);
	}
	char **list = NULL;
	size_t count = 0, cap = 0;
	sgn_err_t err = SGN_OK;
	for (struct dirent *e = readdir(d); e != NULL && err == SGN_OK; e = readdir(d)) {
		if (!keep(e->d_name, arg)) {
			continue;
		}
		if ((err = sgn__grow(&list, &cap, count + 1, sizeof(*list), 16)) == SGN_OK) {
			list[count] = strdup(e->d_name);
			err = list[count] != NULL ? SGN_OK : SGN_ENOMEM;
			count += err == SGN_OK;
		}
	}
	closedir(d);
	if (err != SGN_OK) {
		sgn__dir_names_free(list, count);
		return err;
	}
	if (count > 1) {
		qsort(list, count, sizeof(*list), cmp_str);
	}
	*names = list;
	*n = count;
	return SGN_OK;
}
