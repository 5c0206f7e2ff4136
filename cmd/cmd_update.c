/* SPDX-License-Identifier: MIT */
/* sigil update: apply change sets to a signed zone, re-signing only what changed, and
 * write the zone back atomically (with an IXFR journal when asked). The DNSSEC work is
 * libsign's (update.h); this file reads options, times the three phases and writes. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include <libsign/name.h>
#include <libsign/outfile.h>
#include <libsign/update.h>
#include <libsign/zone.h>

#include "cli.h"
#include "commands.h"
#include "signing.h"
#include "opt.h"
#include "update_out.h"

static const char usage[] = "update [-f OUTPUT] [-K DIR | -k KEYFILE...] [--journal FILE] "
                            "[OPTIONS] SIGNED-ZONE [CHANGES]";
static const char description[] =
	"Apply the change sets in CHANGES (default: standard input) to SIGNED-ZONE: nsupdate\n"
	"commands (prereq, update add/delete, send) or an IXFR difference (del/add lines).\n"
	"Each change set is applied whole or refused whole (RFC 2136); only the RRsets it\n"
	"changes are signed again, the NSEC or NSEC3 chain is repaired around them and the SOA\n"
	"serial goes up once per change set. The zone is written back in place (or to -f)\n"
	"through a temporary file; --journal appends each change set's difference as IXFR.";

struct update_args {
	const char *origin, *output, *keydir, *journal;
	struct opt_list keyfiles;
	bool dry_run, atomic, quiet;
	int format, serial;
	unsigned long threads;
	struct sign_times t;
};

static const struct opt_choice serials[] = {
	{ "increment", SGN_SERIAL_INCREMENT },
	{ "unixtime", SGN_SERIAL_UNIXTIME },
	{ "date", SGN_SERIAL_DATE },
	{ NULL, 0 },
};

static const struct opt_choice formats[] = {
	{ "auto", SGN_CHANGES_AUTO },
	{ "nsupdate", SGN_CHANGES_NSUPDATE },
	{ "ixfr", SGN_CHANGES_IXFR },
	{ NULL, 0 },
};

static int64_t usec_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (int64_t)(t1.tv_sec - t0->tv_sec) * 1000000 + (t1.tv_nsec - t0->tv_nsec) / 1000;
}

static int set_policy(struct cli *cli, const struct update_args *a, sgn_sign_policy_t *pol)
{
	if (cli_sign_times(cli, &a->t, pol) != SIGIL_EXIT_OK) {
		return SIGIL_EXIT_USAGE;
	}
	if (opt_given(cli, &a->serial)) {
		pol->serial = (sgn_serial_policy_t)a->serial;
	}
	pol->threads = (unsigned)a->threads;
	pol->warn = cli_warn_cb;
	pol->warn_ctx = cli;
	return SIGIL_EXIT_OK;
}

static int read_changes(struct cli *cli, const struct update_args *a, const char *path,
                        const uint8_t *apex, sgn_changes_t **ch)
{
	sgn_changes_opts_t copts;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_update_changes_opts_init(&copts, apex);
	copts.format = (sgn_changes_format_t)a->format;
	if (sgn_update_changes_read(ch, path, &copts, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, path);
	}
	return SIGIL_EXIT_OK;
}

/* Load the zone, the change sets and the keys. */
static int load(struct cli *cli, const struct update_args *a, const char *zonefile,
                const char *changes, struct update_run *r)
{
	uint8_t origin[SGN_NAME_MAX];
	sgn_zone_opts_t zopts;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_zone_opts_init(&zopts);
	zopts.warn = cli_warn_cb;
	zopts.warn_ctx = cli;
	zopts.threads = (unsigned)a->threads;
	if (a->origin != NULL) {
		if (sgn_name_from_str(origin, NULL, a->origin, NULL) != SGN_OK) {
			return cli_error(cli, NULL, 0, "'%s' is not a valid domain name", a->origin);
		}
		zopts.origin = origin;
	}
	if (sgn_zone_load(&r->zone, zonefile, &zopts, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, zonefile);
	}
	int rc = read_changes(cli, a, changes, sgn_zone_get_apex(r->zone), &r->changes);
	if (rc == SIGIL_EXIT_OK) {
		rc = cli_load_keys(cli, a->keydir, &a->keyfiles, sgn_zone_get_apex(r->zone), &r->keys);
	}
	return rc;
}

/* Every change set in order; a refused one is reported and the others go on. */
static int apply(struct cli *cli, const struct update_args *a, struct update_run *r)
{
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_update_new(&r->u, r->zone, &r->keys, &r->pol, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, r->zonefile);
	}
	sgn_update_t *u = r->u;
	r->authenticated = sgn_update_zone_authenticated(u);
	if (!r->authenticated) {
		cli_warn(cli, "'%s' does not end with an authenticator of these keys (signed by "
		         "something else, or edited since): the signatures an update does not "
		         "touch are kept without being verified", r->zonefile);
	}
	size_t n = sgn_update_changes_count(r->changes);
	int rc = update_out_sets_begin(cli, r, n);
	for (size_t i = 0; rc == SIGIL_EXIT_OK && i < n; i++) {
		sgn_update_result_t res;
		if (sgn_update_apply(u, &res, a->journal != NULL ? &r->journal : NULL, r->changes,
		    i,
		                     &diag) != SGN_OK) {
			rc = cli_diag(cli, &diag, diag.err, "update");
			break;
		}
		rc = update_out_set(cli, r, i, &res);
	}
	return rc;
}

/* The zone through a temporary file, the journal appended before the zone is named. */
static int write_out(struct cli *cli, const struct update_args *a, struct update_run *r)
{
	sgn_outfile_t *of = NULL;
	sgn_diag_t diag;
	struct stat st;
	int64_t jsize = -1;
	sgn_diag_init(&diag);
	unsigned mode = a->output == NULL && stat(r->zonefile, &st) == 0 ? (st.st_mode & 0777) : 0644;
	if (sgn_outfile_open(&of, r->output, mode, 0, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, r->output);
	}
	if (sgn_update_write(r->u, sgn_outfile_stream(of), &diag) != SGN_OK) {
		sgn_outfile_abort(of);
		return cli_error(cli, r->output, 0, "%s", diag.msg);
	}
	if (a->journal != NULL && sgn_outfile_append(&jsize, a->journal, r->journal.data,
	                                             r->journal.len, 0644, &diag) != SGN_OK) {
		sgn_outfile_abort(of);
		return cli_diag(cli, &diag, diag.err, a->journal);
	}
	if (sgn_outfile_commit(of, &diag) != SGN_OK) {
		int rc = cli_diag(cli, &diag, diag.err, r->output);
		sgn_diag_t d2;
		if (jsize >= 0 && sgn_outfile_truncate(a->journal, jsize, &d2) != SGN_OK) {
			cli_diag(cli, &d2, d2.err, a->journal);
		}
		return rc;
	}
	r->written = true;
	return SIGIL_EXIT_OK;
}

static int run(struct cli *cli, const struct update_args *a, const char *zonefile,
               const char *changes)
{
	struct update_run r = { .zonefile = zonefile, .changes_path = changes };
	struct timespec t0;
	sgn_keylist_init(&r.keys);
	sgn_buf_init(&r.journal);
	r.output = a->output != NULL ? a->output : zonefile;
	r.journal_path = a->journal;
	r.dry_run = a->dry_run;
	int rc = set_policy(cli, a, &r.pol);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == SIGIL_EXIT_OK) {
		rc = load(cli, a, zonefile, changes, &r);
	}
	r.load_us = usec_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (rc == SIGIL_EXIT_OK) {
		rc = apply(cli, a, &r);
	}
	r.apply_us = usec_since(&t0);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	/* Nothing changed, a dry run, or all-or-nothing with a refusal: the file stays as it is. */
	bool write = rc == SIGIL_EXIT_OK && r.changed > 0 && !a->dry_run &&
	             !(a->atomic && r.refused > 0);
	if (write) {
		rc = write_out(cli, a, &r);
	}
	r.write_us = usec_since(&t0);
	if (rc == SIGIL_EXIT_OK) {
		update_out_summary(cli, &r, a->quiet);
		if (!out_finish(&cli->out)) {
			rc = cli_error(cli, NULL, 0, "cannot write output");
		}
	}
	if (rc == SIGIL_EXIT_OK && r.refused > 0) {
		rc = SIGIL_EXIT_INVALID;
	}
	update_out_release(&r);
	sgn_update_free(r.u);
	sgn_buf_release(&r.journal);
	sgn_keylist_release(&r.keys);
	sgn_update_changes_free(r.changes);
	sgn_zone_free(r.zone);
	return rc;
}

int cmd_update(struct cli *cli, int argc, char **argv)
{
	struct update_args a = { 0 };
	const struct opt opts[] = {
		OPT_STRING('f', "output", &a.output, "FILE",
		           "write the updated zone here ('-' for stdout; default: in place)"),
		OPT_STRING('K', "key-directory", &a.keydir, "DIR",
		           "use the zone's keys in DIR (default . without -k)"),
		OPT_LIST('k', "key", &a.keyfiles, "KEYFILE", "use this key (repeatable)"),
		OPT_STRING(0, "journal", &a.journal, "FILE",
		           "append each change set's difference to FILE (IXFR, del/add lines)"),
		OPT_ENUM(0, "format", &a.format, "CHANGES are nsupdate commands or an IXFR "
		         "difference (default: told by the content)", formats),
		OPT_STRING('o', "origin", &a.origin, "ORIGIN", "zone apex (default: the SOA owner)"),
		OPT_TIME(0, "at", &a.t.at, "TIME", "sign as if it were TIME (default now)"),
		OPT_TIME('s', "inception", &a.t.start, "TIME",
		         "new signatures valid from TIME (default: the signing time less the offset)"),
		OPT_TIME('e', "expiration", &a.t.end, "TIME",
		         "new signatures valid until TIME; +DUR counts from the inception"),
		OPT_DURATION(0, "inception-offset", &a.t.inception, "DUR",
		             "inception this long before the signing time (default 1h)"),
		OPT_DURATION(0, "validity", &a.t.validity, "DUR", "signature validity (default 14d)"),
		OPT_DURATION(0, "jitter", &a.t.jitter, "DUR", "spread expirations over DUR (default 0)"),
		OPT_DURATION('i', "refresh", &a.t.refresh, "DUR",
		             "in touched RRsets, replace signatures expiring within DUR (default "
		             "validity/4)"),
		OPT_ENUM('N', "serial", &a.serial, "SOA serial: increment (the default), the Unix time, "
		         "or YYYYMMDDnn", serials),
		OPT_BOOL(0, "atomic", &a.atomic, "write nothing unless every change set applies"),
		OPT_BOOL(0, "dry-run", &a.dry_run, "apply and report, but write nothing"),
		OPT_UINT('j', "threads", &a.threads, "N", "worker threads (default: online cores)", 256),
		OPT_BOOL('q', "quiet", &a.quiet, "no summary on stderr"),
		OPT_OPERANDS(1, 2, "SIGNED-ZONE [CHANGES]"),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	const char *changes = argc - i == 2 ? argv[i + 1] : "-";
	if (strcmp(argv[i], "-") == 0) {
		return cli_error(cli, NULL, 0, "the signed zone must be a file (it is rewritten)");
	}
	if (cli->json && a.output != NULL && strcmp(a.output, "-") == 0) {
		return cli_error(cli, NULL, 0, "--json and '-f -' both want standard output");
	}
	return run(cli, &a, argv[i], changes);
}
