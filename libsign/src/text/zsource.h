/* SPDX-License-Identifier: MIT */
/* The inputs of the zone text reader: a file, standard input, text in memory or an
 * $INCLUDE file, read one bounded physical line at a time. */
#ifndef SGN_TEXT_ZSOURCE_H
#define SGN_TEXT_ZSOURCE_H

#include <stdio.h>

#include <libsign/name.h>

#include "text_internal.h"

/* Longest physical line (and logical entry): hostile input must not grow without bound,
 * and the line is bounded before it is read whole. */
#define SGN__LINE_MAX (1024 * 1024)

struct sgn__zsource {
	FILE *fp;                       /* NULL for text in memory */
	char *path;
	unsigned long line;             /* physical lines read so far */
	uint8_t origin[SGN_NAME_MAX];   /* origin to restore when this source ends */
	const char *buf;                /* read buffer (or the text in memory) */
	char *own;                      /* the buffer when the source owns it */
	size_t start, end;              /* unread bytes of buf */
	bool eof;                       /* nothing more to read into buf */
};

/* Start reading @p fp (taken: closed by sgn__zsource_close unless it is stdin), or with
 * @p fp NULL, the @p len bytes at @p text (borrowed until the close). */
sgn_err_t sgn__zsource_open(struct sgn__zsource *s, FILE *fp, const char *text, size_t len,
                            const char *path) SGN_INTERNAL;
void sgn__zsource_close(struct sgn__zsource *s) SGN_INTERNAL;

/* The next physical line, newline kept, NUL-terminated in @p line (its NUL not counted).
 * @return SGN_OK; SGN_ENOTFOUND at the end; SGN_ELIMIT for a line over SGN__LINE_MAX and
 * SGN_EPARSE for a NUL byte in it (file and line in @p diag); SGN_EIO; SGN_ENOMEM. */
sgn_err_t sgn__zsource_line(struct sgn__zsource *s, sgn_buf_t *line,
                            sgn_diag_t *diag) SGN_INTERNAL;

/* Open the file an $INCLUDE names, from the file @p including that holds the directive.
 * Only regular files are read (opened without blocking, then checked: never a FIFO or a
 * device). Relative names are looked up in the working directory, then beside
 * @p including; with @p confine, only relative names without ".." are taken, looked up
 * in @p topdir (the zone file's directory), and they must resolve inside it.
 * @param path receives the path opened (4096 bytes)
 * @return SGN_OK with @p fp set; SGN_EIO or SGN_EPARSE with a message in @p msg. */
sgn_err_t sgn__include_open(const char *name, const char *including, const char *topdir,
                            bool confine, FILE **fp, char *path,
                            char msg[SGN__MSG_MAX]) SGN_INTERNAL;

#endif
