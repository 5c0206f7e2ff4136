/* SPDX-License-Identifier: MIT */
/** @file outfile.h
 * Output files that appear whole or not at all: data goes to an unnamed file in the
 * target's directory (Linux O_TMPFILE; a named temporary file `.NAME.tmp-XXXXXX` where the
 * file system lacks it), which is flushed, synced and given its name on commit. A killed
 * or failed run never leaves a partial or truncated target, nor, with O_TMPFILE, any file
 * at all - even after SIGKILL. A large file is synced behind the writer, every 8 MB on a
 * thread of its own, so that the sync on commit has only the last few megabytes left;
 * an error of any of these syncs fails the commit.
 */
#ifndef LIBSIGN_OUTFILE_H
#define LIBSIGN_OUTFILE_H

#include <stdio.h>

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** An output file being written. Opaque. */
typedef struct sgn_outfile sgn_outfile_t;

/** Refuse to replace an existing target (commit fails with ::SGN_EEXIST). */
#define SGN_OUTFILE_NOCLOBBER 0x1u

/**
 * Start writing @p path. "-" writes standard output directly (no atomicity), and so does
 * a @p path that is a device, FIFO or socket (`/dev/null`, `/dev/stdout`, a pipe): a file
 * renamed over it would replace the node itself; @p mode is not applied to it.
 * @param out   receives the output file
 * @param mode  permission bits of the final file (0600 for secrets)
 * @param flags ::SGN_OUTFILE_NOCLOBBER or 0
 * @return ::SGN_OK; ::SGN_EEXIST (no-clobber and the target exists); ::SGN_EIO; ::SGN_ENOMEM.
 * Ownership: the caller ends *@p out with sgn_outfile_commit() or sgn_outfile_abort(),
 *         which free it (NULL on error); @p path is copied.
 * Errors: ::SGN_EEXIST under no-clobber when the target exists now (it is checked again on
 *         commit); ::SGN_EIO when the temporary file cannot be made or opened (@p diag
 *         has the system's reason); ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_outfile_open(sgn_outfile_t **out, const char *path,
                                                 unsigned mode, unsigned flags,
                                                 sgn_diag_t *diag) SGN_NONNULL(1, 2);

/**
 * The stream to write to.
 * Ownership: borrowed from @p of, valid until commit or abort; never fclose() it.
 */
SGN_API FILE *sgn_outfile_stream(sgn_outfile_t *of) SGN_NONNULL(1);

/**
 * Flush, sync and move the file into place (rename(2), or link(2) under
 * ::SGN_OUTFILE_NOCLOBBER, which fails on an existing target), then free @p of (whatever
 * the result).
 * @return ::SGN_OK; ::SGN_EIO when a write failed earlier or now (the target is left
 *         untouched and the temporary file removed); ::SGN_EEXIST under no-clobber.
 * Ownership: frees @p of, also on failure. For "-", flushes standard output (not closed).
 * Errors: ::SGN_EIO when a write, flush, sync or the rename failed (@p diag has the
 *         system's reason); ::SGN_EEXIST under no-clobber when the target appeared.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_outfile_commit(sgn_outfile_t *of, sgn_diag_t *diag)
	SGN_NONNULL(1);

/**
 * Remove the temporary file and free @p of; the target is untouched. For "-", only frees.
 * Ownership: frees @p of; NULL is ignored. Errors: none (cannot fail).
 */
SGN_API void sgn_outfile_abort(sgn_outfile_t *of);

/**
 * Write @p len bytes to @p path in one go through an outfile.
 * @param data the bytes (may be NULL when @p len is 0)
 * @return as sgn_outfile_open() and sgn_outfile_commit().
 * Ownership: nothing is kept.
 * Errors: those of sgn_outfile_open() and sgn_outfile_commit(), and ::SGN_EIO when the
 *         write itself fails (nothing is left behind then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_outfile_write_all(const char *path, const void *data,
                                                      size_t len, unsigned mode, unsigned flags,
                                                      sgn_diag_t *diag) SGN_NONNULL(1);

/**
 * Append @p len bytes to @p path (made with @p mode when it does not exist) in one write,
 * and sync them: for logs such as an IXFR journal, which grow and are never rewritten. A
 * write that fails part-way is cut back, so the file only ever holds whole appends.
 * @param old_size receives the size before the append (for sgn_outfile_truncate()); may
 *                 be NULL
 * @return ::SGN_OK; ::SGN_EIO (@p diag has the system's reason).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_outfile_append(int64_t *old_size, const char *path,
                                                   const void *data,
                                                   size_t len, unsigned mode,
                                                   sgn_diag_t *diag);

/**
 * Cut @p path back to @p size bytes: undoes an append whose companion output could not be
 * committed.
 * @return ::SGN_OK; ::SGN_EIO.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_outfile_truncate(const char *path, int64_t size,
                                                     sgn_diag_t *diag);

#ifdef __cplusplus
}
#endif
#endif
