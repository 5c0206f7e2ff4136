/* SPDX-License-Identifier: MIT */
/* Rewriting the timing metadata of an existing BIND key pair: the timing fields of the
 * .private file and the timing comments of the .key file are replaced, every other line
 * (key material, fields of BIND's that libsign does not use) kept as it was. */
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsign/key.h>
#include <libsign/outfile.h>
#include <libsign/time.h>

#include "key_internal.h"

#define KEYFILE_MAX (64 * 1024)

/* "Name:" (after an optional "; ") names a timing event. */
static bool is_time_line(const char *line, size_t len, bool comment)
{
	if (comment) {
		if (len < 2 || line[0] != ';') {
			return false;
		}
		line++;
		len--;
		while (len > 0 && *line == ' ') {
			line++;
			len--;
		}
	}
	for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
		const char *name = sgn_key_event_name((sgn_key_event_t)ev);
		size_t n = strlen(name);
		if (len > n && strncasecmp(line, name, n) == 0 && line[n] == ':') {
			return true;
		}
	}
	return false;
}

static sgn_err_t times(const sgn_key_t *key, sgn_buf_t *b, bool comment)
{
	sgn_err_t err = SGN_OK;
	for (int ev = 0; err == SGN_OK && ev < SGN_KEY_EVENT__COUNT; ev++) {
		int64_t t;
		char stamp[SGN_TIME_STR_MAX];
		const char *name = sgn_key_event_name((sgn_key_event_t)ev);
		if (!sgn_key_get_time(key, &t, (sgn_key_event_t)ev)) {
			continue;
		}
		err = comment ? sgn__key_time_comment(b, name, t)
		              : sgn__buf_printf(b, "%s: %s\n", name, sgn_time_to_str(stamp, t));
	}
	return err;
}

/* The file's lines without its timing lines; the new ones go after the leading comment
 * lines of a .key file (BIND's "; This is a ... key" header) or at the end of a .private. */
static sgn_err_t rewrite(const sgn_key_t *key, const char *path, bool is_key, unsigned mode,
                         sgn_diag_t *diag)
{
	sgn_buf_t in, out;
	sgn_buf_init(&in);
	sgn_buf_init(&out);
	sgn_err_t err = sgn__read_file(path, KEYFILE_MAX, &in, diag);
	bool placed = !is_key;
	const char *p = (const char *)in.data, *end = p + in.len;
	while (err == SGN_OK && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		size_t len = nl != NULL ? (size_t)(nl - p) : (size_t)(end - p);
		if (!placed && p[0] != ';') {
			err = times(key, &out, true);
			placed = true;
		}
		if (err == SGN_OK && !is_time_line(p, len, is_key)) {
			err = sgn_buf_append(&out, p, len);
			if (err == SGN_OK) {
				err = sgn__buf_puts(&out, "\n");
			}
		}
		p += len + 1;
	}
	if (err == SGN_OK && !is_key) {
		err = times(key, &out, false);
	}
	if (err == SGN_OK) {
		err = sgn_outfile_write_all(path, out.data, out.len, mode, 0, diag);
	}
	sgn_buf_release_wipe(&in);
	sgn_buf_release_wipe(&out);
	return err;
}

sgn_err_t sgn_key_update_bind_times(const sgn_key_t *key, const char *dir, sgn_diag_t *diag)
{
	char base[512], path[4096 + 600];
	if (sgn_key_bind_basename(key, base, sizeof(base)) != SGN_OK) {
		return SGN_EINVAL;
	}
	if (dir == NULL || *dir == '\0') {
		dir = ".";
	}
	/* The .key must be there before the .private is rewritten: a missing one would
	 * otherwise leave the pair with the new times in one file and the old in the other. */
	snprintf(path, sizeof(path), "%s/%s.key", dir, base);
	if (access(path, F_OK) != 0) {
		return sgn_diag_set(diag, SGN_ENOTFOUND, path, 0, "no such key file");
	}
	snprintf(path, sizeof(path), "%s/%s.private", dir, base);
	sgn_err_t err = access(path, F_OK) == 0 ? rewrite(key, path, false, 0600, diag) : SGN_OK;
	if (err == SGN_OK) {
		snprintf(path, sizeof(path), "%s/%s.key", dir, base);
		err = rewrite(key, path, true, 0644, diag);
	}
	return err;
}
