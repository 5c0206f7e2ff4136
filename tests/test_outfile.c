/* SPDX-License-Identifier: MIT */
/* Unit tests for outfile.h: a file appears whole on commit or not at all; abort leaves
 * nothing; no-clobber refuses an existing target at open and at commit. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsign/outfile.h>

#include "helpers.h"

static void outfile_commit_renames_the_whole_file_into_place(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "zone.signed");
	sgn_outfile_t *of = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_outfile_open(&of, path, 0640, 0, &diag), SGN_OK);
	FILE *fp = sgn_outfile_stream(of);
	assert_non_null(fp);
	fputs("line one\n", fp);
	/* nothing at the target while writing, nor anywhere in the directory: the data is in
	 * an unnamed (O_TMPFILE) file, which a killed run cannot leave behind */
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(th_dir_entries(dir), 0);
	fputs("line two\n", fp);
	assert_int_equal(sgn_outfile_commit(of, &diag), SGN_OK);
	char *text = th_read_file(path, NULL);
	assert_string_equal(text, "line one\nline two\n");
	free(text);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	assert_int_equal(th_dir_entries(dir), 1); /* the temporary file is gone */
}

static void outfile_commit_replaces_an_existing_file_without_noclobber(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "out");
	sgn_diag_t diag;
	th_write_file(path, "old contents that are longer than the new ones\n");
	assert_int_equal(sgn_outfile_write_all(path, "new\n", 4, 0644, 0, &diag), SGN_OK);
	char *text = th_read_file(path, NULL);
	assert_string_equal(text, "new\n");
	free(text);
	assert_int_equal(th_dir_entries(dir), 1);
}

static void outfile_abort_leaves_no_file(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "aborted");
	sgn_outfile_t *of = NULL;
	assert_int_equal(sgn_outfile_open(&of, path, 0644, 0, NULL), SGN_OK);
	fputs("partial", sgn_outfile_stream(of));
	sgn_outfile_abort(of);
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(th_dir_entries(dir), 0);
	sgn_outfile_abort(NULL); /* accepted */
}

static void outfile_abort_keeps_an_existing_target(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "keep");
	sgn_outfile_t *of = NULL;
	th_write_file(path, "precious\n");
	assert_int_equal(sgn_outfile_open(&of, path, 0644, 0, NULL), SGN_OK);
	fputs("replacement", sgn_outfile_stream(of));
	sgn_outfile_abort(of);
	char *text = th_read_file(path, NULL);
	assert_string_equal(text, "precious\n");
	free(text);
	assert_int_equal(th_dir_entries(dir), 1);
}

static void outfile_noclobber_refuses_an_existing_target_at_open(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "exists");
	sgn_outfile_t *of = (sgn_outfile_t *)&of;
	sgn_diag_t diag;
	th_write_file(path, "precious\n");
	sgn_diag_init(&diag);
	assert_int_equal(sgn_outfile_open(&of, path, 0644, SGN_OUTFILE_NOCLOBBER, &diag),
	                 SGN_EEXIST);
	assert_null(of);
	assert_string_equal(diag.file, path);
	assert_int_equal(sgn_outfile_write_all(path, "x", 1, 0644, SGN_OUTFILE_NOCLOBBER, &diag),
	                 SGN_EEXIST);
	char *text = th_read_file(path, NULL);
	assert_string_equal(text, "precious\n");
	free(text);
	assert_int_equal(th_dir_entries(dir), 1);
}

static void outfile_noclobber_refuses_a_target_created_while_writing(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "race");
	sgn_outfile_t *of = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_outfile_open(&of, path, 0600, SGN_OUTFILE_NOCLOBBER, &diag), SGN_OK);
	fputs("mine", sgn_outfile_stream(of));
	th_write_file(path, "theirs");
	assert_int_equal(sgn_outfile_commit(of, &diag), SGN_EEXIST);
	assert_int_equal(diag.err, SGN_EEXIST);
	char *text = th_read_file(path, NULL);
	assert_string_equal(text, "theirs");
	free(text);
	assert_int_equal(th_dir_entries(dir), 1); /* the temporary file was removed */
}

static void outfile_noclobber_creates_a_new_file(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "fresh");
	sgn_diag_t diag;
	assert_int_equal(sgn_outfile_write_all(path, "", 0, 0600, SGN_OUTFILE_NOCLOBBER, &diag),
	                 SGN_OK);
	struct stat st;
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_size, 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(th_dir_entries(dir), 1);
}

static void outfile_open_in_a_missing_directory_is_eio(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "no/such/dir/file");
	sgn_outfile_t *of = (sgn_outfile_t *)&of;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_outfile_open(&of, path, 0644, 0, &diag), SGN_EIO);
	assert_null(of);
	assert_int_equal(diag.err, SGN_EIO);
	assert_string_equal(diag.file, path);
	assert_int_equal(th_dir_entries(dir), 0);
}

static void outfile_relative_path_in_the_working_directory(void **state)
{
	const char *dir = *state;
	char cwd[4096];
	sgn_diag_t diag;
	assert_non_null(getcwd(cwd, sizeof(cwd)));
	assert_int_equal(chdir(dir), 0);
	sgn_err_t err = sgn_outfile_write_all("plain", "abc", 3, 0644, 0, &diag);
	assert_int_equal(chdir(cwd), 0);
	assert_int_equal(err, SGN_OK);
	char *text = th_read_file(th_join(dir, "plain"), NULL);
	assert_string_equal(text, "abc");
	free(text);
	assert_int_equal(th_dir_entries(dir), 1);
}

/* `sigil sign -f /dev/null` once renamed a regular file over /dev/null: a FIFO (a device
 * node without being root) stays what it is and receives the bytes. */
static void outfile_to_a_fifo_writes_through_it(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "pipe");
	assert_int_equal(mkfifo(path, 0600), 0);
	int reader = open(path, O_RDONLY | O_NONBLOCK); /* so that opening to write does not wait */
	assert_true(reader >= 0);
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_outfile_write_all(path, "through", 7, 0644, 0, &diag), SGN_OK);
	char buf[16] = { 0 };
	assert_int_equal(read(reader, buf, sizeof(buf) - 1), 7);
	assert_string_equal(buf, "through");
	close(reader);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0600); /* its mode is not ours to change */
	assert_int_equal(th_dir_entries(dir), 1);  /* and no temporary file beside it */
}

/* Aborting a write to a FIFO closes it and leaves it as it was, with nothing beside it. */
static void outfile_abort_of_a_fifo_keeps_it(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "pipe");
	assert_int_equal(mkfifo(path, 0600), 0);
	int reader = open(path, O_RDONLY | O_NONBLOCK);
	assert_true(reader >= 0);
	sgn_outfile_t *of = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_outfile_open(&of, path, 0644, 0, &diag), SGN_OK);
	sgn_outfile_abort(of);
	char buf[4];
	assert_int_equal(read(reader, buf, sizeof(buf)), 0); /* closed, nothing written */
	close(reader);
	struct stat st;
	assert_int_equal(lstat(path, &st), 0);
	assert_true(S_ISFIFO(st.st_mode));
	assert_int_equal(th_dir_entries(dir), 1);
}

/* Threads of this process named @p name (the outfile's syncer is "sigil-sync"). */
static int threads_named(const char *name)
{
	DIR *d = opendir("/proc/self/task");
	assert_non_null(d);
	int n = 0;
	for (struct dirent *e; (e = readdir(d)) != NULL;) {
		if (e->d_name[0] == '.') {
			continue;
		}
		char path[300];
		snprintf(path, sizeof(path), "/proc/self/task/%s/comm", e->d_name);
		char *comm = th_read_file(path, NULL);
		if (comm != NULL && strncmp(comm, name, strlen(name)) == 0 && comm[strlen(name)] == '\n') {
			n++;
		}
		free(comm);
	}
	closedir(d);
	return n;
}

/* 20 MB in pieces of every size: several syncs happen behind the writer, on a thread of
 * the outfile's own that is gone again after commit, and the file is whole. */
static void outfile_large_file_is_synced_behind_the_writer(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "big");
	sgn_outfile_t *of = NULL;
	sgn_diag_t diag;
	size_t total = 20u << 20, piece = 0;
	char *data = malloc(total);
	assert_non_null(data);
	for (size_t i = 0; i < total; i++) {
		data[i] = (char)('a' + (i * 7 + i / 4093) % 26);
	}
	assert_int_equal(sgn_outfile_open(&of, path, 0644, 0, &diag), SGN_OK);
	FILE *fp = sgn_outfile_stream(of);
	for (size_t at = 0; at < total; at += piece) {
		piece = 1 + (at * 31) % 3000000;
		piece = piece < total - at ? piece : total - at;
		assert_int_equal(fwrite(data + at, 1, piece, fp), piece);
	}
	assert_int_equal(threads_named("sigil-sync"), 1);
	assert_int_equal(sgn_outfile_commit(of, &diag), SGN_OK);
	assert_int_equal(threads_named("sigil-sync"), 0);
	size_t len = 0;
	char *back = th_read_file(path, &len);
	assert_int_equal(len, total);
	assert_memory_equal(back, data, total);
	free(back);
	free(data);
}

/* A write that fails part way (here: over the file size limit) fails the commit with the
 * write's reason, and leaves neither the target nor a temporary file. */
static void outfile_failed_write_fails_the_commit(void **state)
{
	const char *dir = *state;
	const char *path = th_join(dir, "big");
	struct rlimit old, lim;
	assert_int_equal(getrlimit(RLIMIT_FSIZE, &old), 0);
	lim = old;
	lim.rlim_cur = 10u << 20;
	void (*was)(int) = signal(SIGXFSZ, SIG_IGN);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &lim), 0);
	sgn_outfile_t *of = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	char block[65536];
	memset(block, 'x', sizeof(block));
	assert_int_equal(sgn_outfile_open(&of, path, 0644, 0, &diag), SGN_OK);
	FILE *fp = sgn_outfile_stream(of);
	for (int i = 0; i < 320; i++) { /* 20 MB */
		fwrite(block, 1, sizeof(block), fp);
	}
	sgn_err_t err = sgn_outfile_commit(of, &diag);
	assert_int_equal(setrlimit(RLIMIT_FSIZE, &old), 0);
	signal(SIGXFSZ, was);
	assert_int_equal(err, SGN_EIO);
	assert_string_equal(diag.msg, "write failed: File too large");
	assert_int_equal(access(path, F_OK), -1);
	assert_int_equal(th_dir_entries(dir), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(f) cmocka_unit_test_setup_teardown(f, th_tmpdir_setup, th_tmpdir_teardown)
		T(outfile_commit_renames_the_whole_file_into_place),
		T(outfile_commit_replaces_an_existing_file_without_noclobber),
		T(outfile_abort_leaves_no_file),
		T(outfile_abort_keeps_an_existing_target),
		T(outfile_noclobber_refuses_an_existing_target_at_open),
		T(outfile_noclobber_refuses_a_target_created_while_writing),
		T(outfile_noclobber_creates_a_new_file),
		T(outfile_open_in_a_missing_directory_is_eio),
		T(outfile_relative_path_in_the_working_directory),
		T(outfile_to_a_fifo_writes_through_it),
		T(outfile_abort_of_a_fifo_keeps_it),
		T(outfile_large_file_is_synced_behind_the_writer),
		T(outfile_failed_write_fails_the_commit),
#undef T
	};
	return cmocka_run_group_tests_name("outfile", tests, NULL, NULL);
}
