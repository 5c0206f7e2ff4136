/* SPDX-License-Identifier: MIT */
/* sigil verify: offline verification of a whole signed zone, every defect reported. */
#include <stdio.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/anchor.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/validate.h>
#include <libsign/zone.h>

#include "cli.h"
#include "commands.h"
#include "opt.h"
#include "report.h"
#include "timefmt.h"

static const char usage[] = "verify [-o ORIGIN] [--at TIME] [--expire-within DUR] "
                            "[--anchor FILE | --ds FILE] [--strict] [--max-errors N] ZONEFILE";
static const char description[] =
	"Verify a signed zone offline: every RRSIG, coverage by every algorithm of the DNSKEY\n"
	"RRset, the DNSKEY RRset's signature by a SEP key (or by a key matching --anchor or\n"
	"--ds), the NSEC or NSEC3 chain, and ZONEMD. Every defect is reported; exit status 0\n"
	"means valid, 1 invalid, 2 unreadable input. Work is bounded against hostile zones.";

struct verify_args {
	const char *origin, *anchor, *ds;
	bool strict, no_include, no_generate, confine_include;
	unsigned long max_generate;
	unsigned long threads, max_errors, keys_per_tag, sigs_per_rrset, nsec3_iterations, work;
	struct opt_time at, expire_within;
};

static int load_anchors(struct cli *cli, const struct verify_args *a, int64_t now,
                        sgn_anchors_t **out)
{
	const char *path = a->anchor != NULL ? a->anchor : a->ds;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	*out = NULL;
	if (path == NULL) {
		return SIGIL_EXIT_OK;
	}
	if (sgn_anchors_new(out) != SGN_OK) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	if (sgn_anchors_load(*out, path, now, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, path);
	}
	return SIGIL_EXIT_OK;
}

static void summary(struct cli *cli, const sgn_zone_t *zone, const sgn_verify_stats_t *st,
                    const sgn_findings_t *f, int64_t now, bool strict)
{
	struct out *o = &cli->out;
	char apex[SGN_NAME_STR_MAX] = "", when[32], owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX];
	if (zone != NULL && sgn_name_to_str(apex, sizeof(apex), sgn_zone_get_apex(zone)) != SGN_OK) {
		apex[0] = '\0';
	}
	out_object_begin(o, "summary");
	out_text(o, "summary: %s at %s: ", apex, timefmt_iso(now, when));
	out_field(o, "names", "%zu names, ", st->names);
	out_field(o, "rrsets", "%zu RRsets, ", st->rrsets);
	out_field(o, "signatures", "%zu signatures ", st->signatures);
	out_field(o, "verifications", "(%zu verified, ", st->verifications);
	out_field(o, "valid_signatures", "%zu valid), ", st->valid);
	if (st->denial_records == 0) {
		out_str(o, "denial", "none");
		out_int(o, "denial_records", 0);
		out_text(o, "no denial of existence records\n");
	} else {
		out_field(o, "denial", "%s chain of ", st->nsec3 ? "NSEC3" : "NSEC");
		out_field(o, "denial_records", "%zu records\n", st->denial_records);
	}
	out_array_begin(o, "algorithms");
	for (size_t i = 0; i < st->nalgorithms; i++) {
		out_int(o, NULL, st->algorithms[i]);
	}
	out_array_end(o);
	if (st->has_expiry && sgn_name_to_str(owner, sizeof(owner), st->earliest_owner) == SGN_OK) {
		out_field(o, "earliest_expiry", "  earliest expiry: %s",
		          timefmt_iso(st->earliest_expiry, when));
		out_field(o, "earliest_expiry_owner", " (%s", owner);
		out_field(o, "earliest_expiry_type", " %s)", sgn_type_to_str(tbuf,
		          st->earliest_type));
		out_text(o, "%s\n", st->earliest_expiry < now ? ", already expired" : "");
	}
	report_tally(cli, f, strict);
	out_object_end(o);
}

/* The whole report: findings, summary, verdict. @p zone may be NULL (not loaded). */
static int report(struct cli *cli, const struct verify_args *a, const char *path,
                  const sgn_zone_t *zone, const sgn_verify_stats_t *st, const sgn_findings_t *f,
                  int64_t now)
{
	char apex[SGN_NAME_STR_MAX], when[32];
	if (zone == NULL || sgn_name_to_str(apex, sizeof(apex), sgn_zone_get_apex(zone)) != SGN_OK) {
		snprintf(apex, sizeof(apex), "%s", path);
	}
	struct out *o = &cli->out;
	out_object_begin(o, NULL);
	out_str(o, "zone", zone != NULL ? apex : NULL);
	out_str(o, "file", path);
	out_str(o, "time", timefmt_iso(now, when));
	out_bool(o, "valid", f->errors == 0);
	report_findings(cli, f, 0);
	summary(cli, zone, st, f, now, a->strict);
	out_object_end(o);
	out_text(o, "%s: %s\n", apex, f->errors == 0 ? "valid" : "INVALID");
	if (!out_finish(o)) {
		return cli_error(cli, NULL, 0, "cannot write output");
	}
	return f->errors == 0 ? SIGIL_EXIT_OK : SIGIL_EXIT_INVALID;
}

static int verify(struct cli *cli, const struct verify_args *a, const char *path)
{
	sgn_verify_opts_t vo;
	int64_t now = a->at.set ? a->at.value : cli->now;
	sgn_verify_opts_init(&vo, now);
	if (a->expire_within.set) {
		vo.expire_within = a->expire_within.value;
	}
	vo.threads = (unsigned)a->threads;
	vo.limits.keys_per_tag = a->keys_per_tag != 0 ? (unsigned)a->keys_per_tag : vo.limits.keys_per_tag;
	vo.limits.sigs_per_rrset = a->sigs_per_rrset != 0 ? (unsigned)a->sigs_per_rrset
	                                                   : vo.limits.sigs_per_rrset;
	if (opt_given(cli, &a->nsec3_iterations)) {
		vo.limits.nsec3_iterations = (unsigned)a->nsec3_iterations;
	}
	vo.limits.work = a->work;

	uint8_t origin[SGN_NAME_MAX];
	sgn_zone_opts_t zo;
	sgn_zone_opts_init(&zo);
	zo.no_include = a->no_include;
	zo.no_generate = a->no_generate;
	zo.include_confine = a->confine_include;
	zo.max_generate = a->max_generate;
	zo.skip_out_of_zone = true;
	zo.lenient_dnssec = true; /* malformed DS and DNSKEY records are findings here */
	zo.threads = (unsigned)a->threads; /* -j bounds the reading too */
	zo.warn = cli_warn_cb;
	zo.warn_ctx = cli;
	if (a->origin != NULL) {
		if (sgn_name_from_str(origin, NULL, a->origin, NULL) != SGN_OK) {
			return cli_error(cli, NULL, 0, "'%s' is not a valid domain name", a->origin);
		}
		zo.origin = origin;
	}
	sgn_anchors_t *anchors = NULL;
	int rc = load_anchors(cli, a, now, &anchors);
	if (rc != SIGIL_EXIT_OK) {
		sgn_anchors_free(anchors);
		return rc;
	}
	vo.anchors = anchors;
	sgn_zone_t *zone = NULL;
	sgn_diag_t diag;
	sgn_findings_t f;
	sgn_verify_stats_t st;
	memset(&st, 0, sizeof(st));
	sgn_diag_init(&diag);
	sgn_findings_init(&f);
	f.keep_per_code = a->max_errors;
	sgn_err_t err = sgn_zone_load(&zone, path, &zo, &diag);
	if (err == SGN_EZONE) {
		/* Read, but it breaks a rule of the DNS: an invalid zone, reported as such. */
		err = sgn_findings_add(&f, SGN_FIND_ZONE_CONTENT, NULL, 0, "%s:%lu: %s", diag.file,
		                       diag.line, diag.msg);
		rc = err == SGN_OK ? report(cli, a, path, NULL, &st, &f, now)
		                   : cli_error(cli, NULL, 0, "out of memory");
	} else if (err != SGN_OK) {
		rc = cli_diag(cli, &diag, err, path);
	} else if ((err = sgn_zone_verify(zone, &f, &st, &vo)) != SGN_OK) {
		rc = cli_error(cli, path, 0, "verification failed: %s", sgn_strerror(err));
	} else {
		if (a->strict) {
			sgn_findings_make_strict(&f);
		}
		rc = report(cli, a, path, zone, &st, &f, now);
	}
	sgn_findings_release(&f);
	sgn_zone_free(zone);
	sgn_anchors_free(anchors);
	return rc;
}

int cmd_verify(struct cli *cli, int argc, char **argv)
{
	struct verify_args a = { .max_errors = 100 };
	const struct opt opts[] = {
		OPT_STRING('o', "origin", &a.origin, "ORIGIN", "zone apex (default: the SOA owner)"),
		OPT_TIME(0, "at", &a.at, "TIME", "verify as of TIME (default now)"),
		OPT_DURATION(0, "expire-within", &a.expire_within, "DUR",
		             "warn about signatures expiring within DUR (default 7d)"),
		OPT_STRING(0, "anchor", &a.anchor, "FILE",
		           "DNSKEY RRset must be signed by a key of this trust anchor (DS, DNSKEY or "
		           "root-anchors XML)"),
		OPT_STRING(0, "ds", &a.ds, "FILE", "DNSKEY RRset must be signed by a key of this DS set"),
		OPT_BOOL(0, "strict", &a.strict, "count warnings as errors"),
		OPT_UINT(0, "max-errors", &a.max_errors, "N",
		         "show at most N findings of each kind (default 100, 0 for all); all are counted",
		         100000000),
		OPT_UINT('j', "threads", &a.threads, "N", "worker threads (default: online cores)", 256),
		OPT_UINT(0, "keys-per-tag", &a.keys_per_tag, "N",
		         "DNSKEYs tried per algorithm and key tag (default 4)", 1000),
		OPT_UINT(0, "sigs-per-rrset", &a.sigs_per_rrset, "N",
		         "RRSIGs examined per RRset (default 8)", 1000),
		OPT_UINT(0, "nsec3-iterations", &a.nsec3_iterations, "N",
		         "highest NSEC3 iteration count accepted (default 150)", 65535),
		OPT_UINT(0, "max-work", &a.work, "N",
		         "signature verifications in all (default: twice the RRSIGs, plus 1000)",
		         (unsigned long)1 << 40),
		OPT_BOOL(0, "no-include", &a.no_include, "refuse $INCLUDE (untrusted input)"),
		OPT_BOOL(0, "no-generate", &a.no_generate, "refuse $GENERATE (untrusted input)"),
		OPT_BOOL(0, "confine-include", &a.confine_include,
		         "$INCLUDE only files inside the zone file's directory"),
		OPT_UINT(0, "max-generate", &a.max_generate, "N",
		         "records all $GENERATE lines may make (default 1000000)", 1000000000),
		OPT_OPERANDS(1, 1, "ZONEFILE"),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	if (a.anchor != NULL && a.ds != NULL) {
		return cli_error(cli, NULL, 0, "--anchor and --ds cannot be used together");
	}
	return verify(cli, &a, argv[i]);
}
