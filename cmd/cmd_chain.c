/* SPDX-License-Identifier: MIT */
/* sigil chain: validate one name and type from the trust anchor down, offline (zone files,
 * a bundle) or live, and show every link. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsign/chain.h>
#include <libsign/name.h>
#include <libsign/outfile.h>
#include <libsign/rr.h>

#include "chain_out.h"
#include "cli.h"
#include "commands.h"
#include "opt.h"
#include "timefmt.h"

#ifndef SIGIL_DATADIR
#define SIGIL_DATADIR "/usr/local/share"
#endif

static const char usage[] = "chain [--anchor FILE] [--at TIME] [--json | --dot] (--zone FILE... | "
                            "--zones DIR | --bundle FILE | --live [--hints FILE] [--server "
                            "ADDR]...) NAME [TYPE]";
static const char description[] =
	"Validate NAME and TYPE (default A) from the trust anchor down - DNSKEY, DS at each\n"
	"zone cut, the answer or its denial - and show each link with its status (secure,\n"
	"insecure, bogus, indeterminate), the keys that vouch for it, and when its signatures\n"
	"expire. Data comes from zone files, a saved bundle, or live servers (--save keeps it\n"
	"for an offline re-run). The default anchor is IANA's root-anchors.xml, installed with\n"
	"sigil. Exit 0 for secure or insecure (1 with --require-secure), 1 for bogus or\n"
	"indeterminate, 2 for usage or unreadable input.";

struct chain_args {
	const char *anchor, *zones, *bundle, *hints, *save, *save_format;
	struct opt_list zone_files, servers;
	bool live, dot, require_secure;
	unsigned long keys_per_tag, sigs_per_rrset, nsec3_iterations, work, timeout, port,
	              max_queries;
	struct opt_time at;
};

/* The anchor file: --anchor, $SIGIL_ANCHOR, the installed one, or the source tree's. */
static const char *default_anchor(char *buf, size_t cap)
{
	const char *env = getenv("SIGIL_ANCHOR");
	if (env != NULL && *env != '\0') {
		return env;
	}
	snprintf(buf, cap, "%s/sigil/root-anchors.xml", SIGIL_DATADIR);
	if (access(buf, R_OK) == 0) {
		return buf;
	}
	char exe[PATH_MAX - 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(buf, cap, "%s/../keys/root-anchors/root-anchors.xml", exe);
			if (access(buf, R_OK) == 0) {
				return buf;
			}
		}
	}
	return NULL;
}

static int load_sources(struct cli *cli, const struct chain_args *a, const uint8_t *qname,
                        uint16_t qtype, sgn_zoneset_t *zs)
{
	sgn_diag_t diag;
	sgn_zone_opts_t zo;
	sgn_diag_init(&diag);
	sgn_zone_opts_init(&zo);
	zo.skip_out_of_zone = true;
	zo.lenient_dnssec = true; /* a malformed DS is the validator's to judge (bogus) */
	for (size_t i = 0; i < a->zone_files.n; i++) {
		sgn_zone_t *z;
		sgn_err_t err = sgn_zone_load(&z, a->zone_files.items[i], &zo, &diag);
		if (err == SGN_OK && (err = sgn_zoneset_add_take(zs, z)) == SGN_EEXIST) {
			return cli_error(cli, a->zone_files.items[i], 0, "a second zone with the same apex");
		}
		if (err != SGN_OK) {
			return cli_diag(cli, &diag, err, a->zone_files.items[i]);
		}
	}
	sgn_err_t err = SGN_OK;
	if (a->zones != NULL) {
		err = sgn_zoneset_load_dir(zs, a->zones, &zo, &diag);
	} else if (a->bundle != NULL) {
		err = sgn_zoneset_load_bundle(zs, a->bundle, &diag);
	} else if (a->live) {
		sgn_live_opts_t lo;
		sgn_live_opts_init(&lo);
		lo.hints = a->hints;
		lo.servers = a->servers.items;
		lo.nservers = a->servers.n;
		if (a->timeout != 0) {
			lo.timeout_ms = (unsigned)a->timeout;
		}
		if (a->max_queries != 0) {
			lo.max_queries = (unsigned)a->max_queries;
		}
		if (a->port != 0) {
			lo.port = (uint16_t)a->port;
		}
		err = sgn_live_collect(zs, qname, qtype, &lo, &diag);
		if (err == SGN_ELIMIT) {
			/* What was collected is validated: the chain ends indeterminate where
			 * data is missing, and the warning says why. */
			cli_warn(cli, "%s; validating what was collected", diag.msg);
			err = SGN_OK;
		}
	}
	return err == SGN_OK ? SIGIL_EXIT_OK : cli_diag(cli, &diag, err, "loading the data");
}

/* Live data: everything collected; zone files and bundles: what the chain used. */
static int save_bundle(struct cli *cli, const struct chain_args *a, const sgn_zoneset_t *zs,
                       const sgn_chain_t *c)
{
	bool wire = a->save_format != NULL && strcasecmp(a->save_format, "wire") == 0;
	sgn_outfile_t *of;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_outfile_open(&of, a->save, 0644, 0, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, a->save);
	}
	sgn_err_t err = a->live ? sgn_zoneset_write_bundle(zs, sgn_outfile_stream(of), wire, &diag)
	                        : sgn_chain_write_bundle(c, sgn_outfile_stream(of), wire, &diag);
	if (err != SGN_OK) {
		sgn_outfile_abort(of);
		return cli_diag(cli, &diag, diag.err, a->save);
	}
	return sgn_outfile_commit(of, &diag) == SGN_OK ? SIGIL_EXIT_OK
	                                               : cli_diag(cli, &diag, diag.err, a->save);
}

static void set_limits(const struct chain_args *a, sgn_chain_opts_t *co)
{
	if (a->keys_per_tag != 0) {
		co->limits.keys_per_tag = (unsigned)a->keys_per_tag;
	}
	if (a->sigs_per_rrset != 0) {
		co->limits.sigs_per_rrset = (unsigned)a->sigs_per_rrset;
	}
	if (a->nsec3_iterations != (unsigned long)-1) {
		co->limits.nsec3_iterations = (unsigned)a->nsec3_iterations;
	}
	co->limits.work = a->work;
}

/* RRSIG and meta-types name nothing a chain of trust can vouch for: refused up front. */
static int check_qtype(struct cli *cli, const char *type, uint16_t qtype)
{
	if (sgn_chain_can_ask(qtype)) {
		return SIGIL_EXIT_OK;
	}
	if (qtype == SGN_TYPE_RRSIG) {
		return cli_error(cli, NULL, 0, "'%s' cannot be validated: RRSIG records are not signed "
		                 "themselves (RFC 4034 section 3); ask for the type they cover", type);
	}
	return cli_error(cli, NULL, 0, "'%s' is a meta-type or question-only type, not a type of "
	                 "records (RFC 6895 section 3.1): ask for a data type", type);
}

static int chain(struct cli *cli, struct chain_args *a, const char *name, const char *type)
{
	uint8_t qname[SGN_NAME_MAX];
	uint16_t qtype = SGN_TYPE_A;
	int64_t now = a->at.set ? a->at.value : cli->now;
	char anchor_buf[PATH_MAX + 64];
	if (sgn_name_from_str(qname, NULL, name, NULL) != SGN_OK) {
		return cli_error(cli, NULL, 0, "'%s' is not a valid domain name", name);
	}
	if (type != NULL && sgn_type_from_str(type, &qtype) != SGN_OK) {
		return cli_error(cli, NULL, 0, "unknown RR type '%s'", type);
	}
	if (check_qtype(cli, type, qtype) != SIGIL_EXIT_OK) {
		return SIGIL_EXIT_USAGE;
	}
	const char *anchor = a->anchor != NULL ? a->anchor : default_anchor(anchor_buf, sizeof(anchor_buf));
	if (anchor == NULL) {
		return cli_error(cli, NULL, 0, "no trust anchor: give one with --anchor");
	}
	sgn_anchors_t *anchors = NULL;
	sgn_zoneset_t *zs = NULL;
	sgn_chain_t *c = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	int rc = SIGIL_EXIT_USAGE;
	if (sgn_anchors_new(&anchors) != SGN_OK || sgn_zoneset_new(&zs) != SGN_OK) {
		rc = cli_error(cli, NULL, 0, "out of memory");
		goto out;
	}
	if (sgn_anchors_load(anchors, anchor, now, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, anchor);
		goto out;
	}
	if ((rc = load_sources(cli, a, qname, qtype, zs)) != SIGIL_EXIT_OK) {
		goto out;
	}
	sgn_chain_opts_t co;
	sgn_chain_opts_init(&co, now);
	set_limits(a, &co);
	if (sgn_chain_validate(zs, anchors, qname, qtype, &co, &c) != SGN_OK) {
		rc = cli_error(cli, NULL, 0, "validation failed: out of memory");
		goto out;
	}
	if (a->save != NULL && (rc = save_bundle(cli, a, zs, c)) != SIGIL_EXIT_OK) {
		goto out;
	}
	chain_print(cli, c, a->dot, now);
	rc = !out_finish(&cli->out) ? cli_error(cli, NULL, 0, "cannot write output")
	     : c->verdict == SGN_SECURE ? SIGIL_EXIT_OK
	     : c->verdict == SGN_INSECURE && !a->require_secure ? SIGIL_EXIT_OK
	                                                        : SIGIL_EXIT_INVALID;
out:
	sgn_chain_free(c);
	sgn_zoneset_free(zs);
	sgn_anchors_free(anchors);
	return rc;
}

int cmd_chain(struct cli *cli, int argc, char **argv)
{
	struct chain_args a = { .nsec3_iterations = (unsigned long)-1 };
	const struct opt opts[] = {
		OPT_STRING(0, "anchor", &a.anchor, "FILE",
		           "trust anchors: DS or DNSKEY zone text, or root-anchors XML"),
		OPT_TIME(0, "at", &a.at, "TIME", "validate as of TIME (default now)"),
		OPT_LIST(0, "zone", &a.zone_files, "FILE", "a zone file of the path (repeatable)"),
		OPT_STRING(0, "zones", &a.zones, "DIR", "every *.zone, *.signed, *.db file in DIR"),
		OPT_STRING(0, "bundle", &a.bundle, "FILE", "a saved bundle (text or RFC 9102 wire)"),
		OPT_BOOL(0, "live", &a.live, "ask live servers, iteratively from the root hints"),
		OPT_STRING(0, "hints", &a.hints, "FILE", "root hints for --live"),
		OPT_LIST(0, "server", &a.servers, "ADDR[@PORT]",
		         "with --live, ask this server for every zone (repeatable)"),
		OPT_UINT(0, "timeout", &a.timeout, "MS", "per query, with --live (default 2000)", 600000),
		OPT_UINT(0, "port", &a.port, "N",
		         "with --live, the port of servers from hints and referrals (default 53)", 65535),
		OPT_UINT(0, "max-queries", &a.max_queries, "N", "with --live, queries in all (default 200)",
		         100000),
		OPT_STRING(0, "save", &a.save, "FILE", "write the data used, to re-run offline with --bundle"),
		OPT_STRING(0, "save-format", &a.save_format, "FMT", "text (default) or wire (RFC 9102)"),
		OPT_BOOL(0, "dot", &a.dot, "a Graphviz picture of the chain instead of text"),
		OPT_BOOL(0, "require-secure", &a.require_secure, "exit 1 for an insecure verdict too"),
		OPT_UINT(0, "keys-per-tag", &a.keys_per_tag, "N",
		         "DNSKEYs tried per algorithm and key tag (default 4)", 1000),
		OPT_UINT(0, "sigs-per-rrset", &a.sigs_per_rrset, "N",
		         "RRSIGs examined per RRset (default 8)", 1000),
		OPT_UINT(0, "nsec3-iterations", &a.nsec3_iterations, "N",
		         "more NSEC3 iterations than N count as insecure (default 150)", 65535),
		OPT_UINT(0, "max-work", &a.work, "N", "signature checks in all (default 5000)",
		         100000000),
		OPT_OPERANDS(1, 2, "NAME [TYPE]"),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	int sources = (a.zone_files.n > 0) + (a.zones != NULL) + (a.bundle != NULL) + a.live;
	if (sources != 1) {
		cli_error(cli, NULL, 0, "chain needs exactly one source: --zone, --zones, --bundle or "
		                        "--live");
		opt_usage(cli, opts, usage, NULL, stderr);
		return SIGIL_EXIT_USAGE;
	}
	if (a.dot && cli->json) {
		return cli_error(cli, NULL, 0, "--dot and --json cannot be used together");
	}
	if (!a.live && (a.hints != NULL || a.servers.n > 0 || a.timeout != 0 || a.port != 0 ||
	                a.max_queries != 0)) {
		return cli_error(cli, NULL, 0,
		                 "--hints, --server, --timeout, --port and --max-queries go with --live");
	}
	if (a.save_format != NULL && (a.save == NULL || (strcasecmp(a.save_format, "text") != 0 &&
	                                                 strcasecmp(a.save_format, "wire") != 0))) {
		return cli_error(cli, NULL, 0, a.save == NULL ? "--save-format goes with --save"
		                                              : "unknown bundle format (text or wire)");
	}
	return chain(cli, &a, argv[i], argc - i == 2 ? argv[i + 1] : NULL);
}
