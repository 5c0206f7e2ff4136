/* SPDX-License-Identifier: MIT */
/* A stdio stream over a file descriptor whose data is put on disk behind the writer, and
 * the loop that writes a buffer whole to a descriptor. */
#ifndef SGN_OUTSTREAM_H
#define SGN_OUTSTREAM_H

#include <stdio.h>

#include "internal.h"

/* Write all @p len bytes of @p data to @p fd, again after EINTR and short writes: 0, or
 * -1 with errno set (EIO when write() wrote nothing and gave no reason). */
int sgn__write_all(int fd, const void *data, size_t len) SGN_INTERNAL;

struct sgn__outstream;

/* A fully buffered stream writing to @p fd, which it owns from then on: fclose() closes
 * it and frees *@p os. Once several megabytes are written, a thread of its own syncs them
 * to disk while the writer goes on, so that the fsync a commit needs finds little left
 * to do. NULL with errno set on failure (@p fd is then still the caller's). */
FILE *sgn__outstream_open(int fd, struct sgn__outstream **os) SGN_INTERNAL;

/* Flush @p fp (the stream of @p os), stop the syncing thread and fsync(2) the file: 0, or
 * -1 with errno when a write, a sync behind the writer or this one failed. The stream
 * stays open, to be closed by the caller. */
int sgn__outstream_sync(struct sgn__outstream *os, FILE *fp) SGN_INTERNAL;

#endif
