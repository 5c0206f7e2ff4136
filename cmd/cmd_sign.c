/* SPDX-License-Identifier: MIT */
/* sigil sign: sign or re-sign a zone file, writing the result atomically. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <libsign/codec.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/outfile.h>
#include <libsign/sign.h>
#include <libsign/zone.h>

#include "cli.h"
#include "commands.h"
#include "signing.h"
#include "opt.h"
#include "timefmt.h"

static const char usage[] = "sign [-o ORIGIN] [-f OUTPUT] [-K DIR | -k KEYFILE...] [--nsec3 | -3 "
                            "SALT] [-H N] [-A] [-s TIME] [-e TIME] [-N POLICY] [OPTIONS] "
                            "ZONEFILE";
static const char description[] =
	"Sign ZONEFILE with the zone's keys and write the signed zone to OUTPUT (default\n"
	"ZONEFILE.signed) through a temporary file, so a failed or killed run never leaves a\n"
	"partial zone. Keys come from -K DIR (default .) or -k; each is used by its timing\n"
	"metadata at the signing time. Re-signing keeps valid signatures by active keys that\n"
	"do not expire within the refresh period; a zone signed with --zonemd is re-signed\n"
	"without verifying each of its signatures again.";

struct sign_args {
	const char *origin, *output, *keydir, *salt, *previous;
	int serial;
	struct opt_list keyfiles;
	bool nsec, nsec3, opt_out, zonemd, no_zonemd, cds, no_include, no_generate, force, quiet;
	bool confine_include;
	unsigned long max_generate;
	unsigned long iterations, threads;
	bool smart;
	struct sign_times t;
};

static void progress_cb(void *ctx, size_t done, size_t total)
{
	(void)ctx;
	fprintf(stderr, "\rsigning: %3zu%% (%zu of %zu names)", total ? done * 100 / total : 100,
	        done, total);
	if (done >= total) {
		fputc('\n', stderr);
	}
}

static const struct opt_choice serials[] = {
	{ "increment", SGN_SERIAL_INCREMENT },
	{ "keep", SGN_SERIAL_KEEP },
	{ "unixtime", SGN_SERIAL_UNIXTIME },
	{ "date", SGN_SERIAL_DATE },
	{ NULL, 0 },
};

/* Any NSEC3 option given (--iterations 0 too) asks for NSEC3. */
static bool wants_nsec3(const struct cli *cli, const struct sign_args *a)
{
	return a->nsec3 || a->opt_out || a->salt != NULL || opt_given(cli, &a->iterations);
}

static int set_policy(struct cli *cli, const struct sign_args *a, sgn_sign_policy_t *pol)
{
	if (cli_sign_times(cli, &a->t, pol) != SIGIL_EXIT_OK) {
		return SIGIL_EXIT_USAGE;
	}
	if (opt_given(cli, &a->serial)) {
		pol->serial = (sgn_serial_policy_t)a->serial;
	}
	pol->denial = wants_nsec3(cli, a) ? SGN_DENIAL_NSEC3 : SGN_DENIAL_NSEC;
	pol->nsec3_iterations = (uint16_t)a->iterations;
	pol->nsec3_opt_out = a->opt_out;
	pol->force_iterations = a->force;
	if (a->salt != NULL && strcmp(a->salt, "-") != 0) {
		sgn_buf_t salt;
		sgn_buf_init(&salt);
		if (sgn_hex_decode(&salt, a->salt, strlen(a->salt)) != SGN_OK || salt.len > 255) {
			sgn_buf_release(&salt);
			return cli_error(cli, NULL, 0, "bad salt '%s' (hexadecimal, at most 255 bytes)",
			                 a->salt);
		}
		memcpy(pol->nsec3_salt, salt.data, salt.len);
		pol->nsec3_salt_len = (uint8_t)salt.len;
		sgn_buf_release(&salt);
	}
	pol->zonemd = a->zonemd;
	pol->cds = a->cds;
	pol->threads = (unsigned)a->threads;
	pol->warn = cli_warn_cb;
	pol->warn_ctx = cli;
	pol->authenticator = true; /* a re-sign of the output need not verify its signatures */
	return SIGIL_EXIT_OK;
}

static int load_keys(struct cli *cli, const struct sign_args *a, const uint8_t *apex,
                     sgn_keylist_t *keys)
{
	return cli_load_keys(cli, a->keydir, &a->keyfiles, apex, keys);
}

static void report(struct cli *cli, const struct sign_args *a, const char *apex,
                   const sgn_sign_stats_t *st, const char *output, double load, double secs)
{
	const char *denial = st->denial == SGN_DENIAL_NSEC3 ? "NSEC3" : "NSEC";
	struct out *o = &cli->out;
	out_text_to(o, a->quiet ? NULL : stderr); /* the summary is a line on stderr */
	out_object_begin(o, NULL);
	out_text(o, "%s: ", cli->prog);
	out_field(o, "zone", "signed '%s'", apex);
	out_field(o, "output", " into '%s'", output);
	out_field(o, "serial", ": serial %u", st->serial);
	out_int(o, "names", (int64_t)st->names);
	out_field(o, "rrsets_signed", ", %zu RRsets signed", st->rrsets_signed);
	out_field(o, "signatures_created", ", %zu signatures new", st->sigs_created);
	out_field(o, "signatures_reused", ", %zu reused", st->sigs_reused);
	out_flag(o, "previous_signatures_trusted", st->source_trusted,
	         " (taken on the strength of the zone's ZONEMD or authenticator)");
	out_int(o, "signatures_verified", (int64_t)st->sigs_verified);
	out_field(o, "signatures_dropped", ", %zu dropped", st->sigs_dropped);
	out_field(o, "denial_records", ", %zu", st->denial_records);
	out_field(o, "denial", " %s records", denial);
	out_int(o, "keys_signing", (int64_t)st->keys_signing);
	out_int(o, "keys_published", (int64_t)st->keys_published);
	out_int(o, "milliseconds", (int64_t)(secs * 1000));
	out_int(o, "load_milliseconds", (int64_t)(load * 1000));
	out_text(o, ", %.2f s\n", secs);
	out_object_end(o);
}

static double seconds_since(const struct timespec *t0)
{
	struct timespec t1;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

static int sign_zone(struct cli *cli, struct sign_args *a, const char *input)
{
	struct timespec t0;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	uint8_t origin[SGN_NAME_MAX];
	sgn_zone_opts_t zopts;
	sgn_zone_opts_init(&zopts);
	zopts.no_include = a->no_include;
	zopts.no_generate = a->no_generate;
	zopts.include_confine = a->confine_include;
	zopts.max_generate = a->max_generate;
	zopts.warn = cli_warn_cb;
	zopts.warn_ctx = cli;
	zopts.threads = (unsigned)a->threads; /* -j bounds the reading too */
	if (a->origin != NULL) {
		if (sgn_name_from_str(origin, NULL, a->origin, NULL) != SGN_OK) {
			return cli_error(cli, NULL, 0, "'%s' is not a valid domain name", a->origin);
		}
		zopts.origin = origin;
	}
	char defout[4096];
	const char *output = a->output;
	if (output == NULL) {
		if (strcmp(input, "-") == 0) {
			return cli_error(cli, NULL, 0, "reading standard input needs -f OUTPUT");
		}
		snprintf(defout, sizeof(defout), "%s.signed", input);
		output = defout;
	}
	if (cli->json && strcmp(output, "-") == 0) {
		return cli_error(cli, NULL, 0, "--json and '-f -' both want standard output");
	}
	sgn_sign_policy_t pol;
	int rc = set_policy(cli, a, &pol);
	if (rc != SIGIL_EXIT_OK) {
		return rc;
	}
	sgn_zone_t *zone = NULL, *prev = NULL;
	sgn_keylist_t keys;
	sgn_diag_t diag;
	sgn_sign_stats_t st;
	sgn_diag_init(&diag);
	sgn_keylist_init(&keys);
	if (sgn_zone_load(&zone, input, &zopts, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, input);
		goto out;
	}
	double load = seconds_since(&t0);
	if (a->previous != NULL) {
		zopts.origin = sgn_zone_get_apex(zone);
		if (sgn_zone_load(&prev, a->previous, &zopts, &diag) != SGN_OK) {
			rc = cli_diag(cli, &diag, diag.err, a->previous);
			goto out;
		}
		pol.previous = prev;
	}
	/* Re-signing keeps the zone's denial of existence unless told otherwise. */
	if (!a->nsec && !wants_nsec3(cli, a) && sgn_sign_policy_denial_from_zone(&pol, zone)) {
		cli_info(cli, "keeping the zone's NSEC3 chain parameters");
	}
	/* A zone that carries a ZONEMD keeps one (a stale digest would break it). */
	const sgn_node_t *apex = sgn_zone_find(zone, sgn_zone_get_apex(zone));
	if (!a->no_zonemd && sgn_node_find_rrset(apex, SGN_TYPE_ZONEMD) != NULL) {
		pol.zonemd = true;
	}
	if (a->no_zonemd) {
		pol.zonemd = false;
	}
	rc = load_keys(cli, a, sgn_zone_get_apex(zone), &keys);
	if (rc != SIGIL_EXIT_OK) {
		goto out;
	}
	if (isatty(STDERR_FILENO) && !a->quiet && sgn_zone_node_count(zone) > 20000) {
		pol.progress = progress_cb;
	}
	sgn_outfile_t *of = NULL;
	if (sgn_outfile_open(&of, output, 0644, 0, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, output);
		goto out;
	}
	char apex_text[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(apex_text, sizeof(apex_text), sgn_zone_get_apex(zone)) != SGN_OK) {
		apex_text[0] = '\0';
	}
	/* The zone is consumed: written as it is signed, never held signed in memory. */
	sgn_err_t err = sgn_zone_sign_write(&zone, sgn_outfile_stream(of), &st, &keys, &pol, &diag);
	if (err != SGN_OK) {
		sgn_outfile_abort(of);
		/* The library writes to a stream: the file name is ours to give. */
		rc = err == SGN_EIO ? cli_error(cli, output, 0, "%s", diag.msg)
		                    : cli_diag(cli, &diag, err, "signing");
		goto out;
	}
	if (sgn_outfile_commit(of, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, output);
		goto out;
	}
	report(cli, a, apex_text, &st, output, load, seconds_since(&t0));
	if (!out_finish(&cli->out)) {
		rc = cli_error(cli, NULL, 0, "cannot write output");
	}
out:
	sgn_keylist_release(&keys);
	sgn_zone_free(zone);
	sgn_zone_free(prev);
	return rc;
}

int cmd_sign(struct cli *cli, int argc, char **argv)
{
	struct sign_args a = { 0 };
	const struct opt opts[] = {
		OPT_STRING('o', "origin", &a.origin, "ORIGIN", "zone apex (default: the SOA owner)"),
		OPT_STRING('f', "output", &a.output, "FILE", "signed zone ('-' for stdout; default "
		                                              "ZONEFILE.signed)"),
		OPT_STRING('K', "key-directory", &a.keydir, "DIR", "use the zone's keys in DIR "
		                                                    "(default . without -k)"),
		OPT_LIST('k', "key", &a.keyfiles, "KEYFILE", "use this key (repeatable)"),
		OPT_BOOL(0, "nsec", &a.nsec, "NSEC (the default for an unsigned or NSEC zone)"),
		OPT_BOOL(0, "nsec3", &a.nsec3,
		         "NSEC3 (the default when re-signing an NSEC3 zone, with its parameters)"),
		OPT_STRING('3', "salt", &a.salt, "SALT",
		           "NSEC3 with this hexadecimal salt ('-': none, the default)"),
		OPT_UINT('H', "iterations", &a.iterations, "N",
		         "NSEC3 additional iterations, implies --nsec3 (default 0)", 65535),
		OPT_BOOL('A', "opt-out", &a.opt_out,
		         "NSEC3 opt-out, implies --nsec3: no NSEC3 for insecure delegations"),
		OPT_TIME(0, "at", &a.t.at, "TIME", "sign as if it were TIME (default now)"),
		OPT_TIME('s', "inception", &a.t.start, "TIME",
		         "signatures valid from TIME (default: the signing time less the offset)"),
		OPT_TIME('e', "expiration", &a.t.end, "TIME",
		         "signatures valid until TIME; +DUR counts from the inception"),
		OPT_DURATION(0, "inception-offset", &a.t.inception, "DUR",
		             "inception this long before the signing time (default 1h)"),
		OPT_DURATION(0, "validity", &a.t.validity, "DUR", "signature validity (default 14d)"),
		OPT_DURATION(0, "jitter", &a.t.jitter, "DUR", "spread expirations over DUR (default 0)"),
		OPT_DURATION('i', "refresh", &a.t.refresh, "DUR",
		             "replace signatures expiring within DUR (default validity/4)"),
		OPT_ENUM('N', "serial", &a.serial, "SOA serial: increment (the default), keep, the Unix "
		         "time, or YYYYMMDDnn", serials),
		OPT_BOOL(0, "zonemd", &a.zonemd, "add a ZONEMD record (RFC 8976, SHA-384)"),
		OPT_BOOL(0, "no-zonemd", &a.no_zonemd, "remove a ZONEMD record the zone has"),
		OPT_BOOL(0, "cds", &a.cds, "publish CDS and CDNSKEY for the KSKs (RFC 7344)"),
		OPT_STRING(0, "previous", &a.previous, "FILE",
		           "take signatures from an earlier signed version"),
		OPT_UINT('j', "threads", &a.threads, "N", "worker threads (default: online cores)", 256),
		OPT_ALIAS('n', "threads"),
		OPT_BOOL('S', "smart", &a.smart,
		         "accepted for dnssec-signzone's -S: keys always come by their timing"),
		OPT_BOOL(0, "no-include", &a.no_include, "refuse $INCLUDE (untrusted input)"),
		OPT_BOOL(0, "no-generate", &a.no_generate, "refuse $GENERATE (untrusted input)"),
		OPT_BOOL(0, "confine-include", &a.confine_include,
		         "$INCLUDE only files inside the zone file's directory"),
		OPT_UINT(0, "max-generate", &a.max_generate, "N",
		         "records all $GENERATE lines may make (default 1000000)", 1000000000),
		OPT_BOOL(0, "force", &a.force, "allow more than 150 NSEC3 iterations"),
		OPT_BOOL('q', "quiet", &a.quiet, "no summary on stderr"),
		OPT_OPERANDS(1, 1, "ZONEFILE"),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	if (a.nsec && wants_nsec3(cli, &a)) {
		return cli_error(cli, NULL, 0, "--nsec contradicts the NSEC3 options");
	}
	if (a.zonemd && a.no_zonemd) {
		return cli_error(cli, NULL, 0, "--zonemd and --no-zonemd contradict each other");
	}
	return sign_zone(cli, &a, argv[i]);
}
