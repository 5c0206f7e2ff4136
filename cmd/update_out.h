/* SPDX-License-Identifier: MIT */
/* sigil update's state for one run and its report: what became of each change set, the
 * three phases' times, in text (stderr) and JSON (stdout). */
#ifndef SIGIL_UPDATE_OUT_H
#define SIGIL_UPDATE_OUT_H

#include <stdbool.h>
#include <stdint.h>

#include <libsign/key.h>
#include <libsign/sign.h>
#include <libsign/update.h>
#include <libsign/zone.h>

struct cli;

/* What the report keeps of one change set. */
struct update_set {
	sgn_update_rcode_t rcode;
	bool changed;
	unsigned long line, at;   /* where the set begins; the line at fault */
	uint32_t serial_before, serial;
	size_t added, deleted, names_added, names_removed, denial, rrsets, created, verified;
	size_t journal;
	bool zonemd;
	char *msg;                /* refused: why (malloc'd) */
};

struct update_run {
	const char *zonefile, *changes_path, *output, *journal_path;
	sgn_zone_t *zone;
	sgn_update_t *u;          /* the session, kept for writing */
	bool authenticated;       /* the file ended with an authenticator of the keys */
	sgn_changes_t *changes;
	sgn_keylist_t keys;
	sgn_sign_policy_t pol;
	sgn_buf_t journal;        /* the differences of the applied change sets */
	bool dry_run, written;
	struct update_set *sets;
	size_t nsets;
	size_t changed, unchanged, refused;
	int64_t load_us, apply_us, write_us;
};

/* Room for @p n change sets. Returns an exit code. */
int update_out_sets_begin(struct cli *cli, struct update_run *r, size_t n);
/* Keep change set @p i's outcome; a refused one is reported on stderr now. */
int update_out_set(struct cli *cli, struct update_run *r, size_t i, const sgn_update_result_t *res);
/* The whole report: JSON on stdout, or a summary line on stderr (unless @p quiet). */
void update_out_summary(struct cli *cli, const struct update_run *r, bool quiet);
void update_out_release(struct update_run *r);

#endif
