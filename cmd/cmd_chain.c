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

#include "anchors.h"
#include "chain_out.h"
#include "chain_queries.h"
#include "cli.h"
#include "commands.h"
#include "opt.h"
#include "timefmt.h"

static const char usage[] = "chain [--anchor FILE] [--at TIME] [--json | --dot] [--html FILE] "
                            "(--zone FILE... | --zones DIR | --bundle FILE | --live [--hints "
                            "FILE] [--server ADDR]...) (NAME [TYPE]... | --queries FILE)";
static const char description[] =
	"Validate NAME and TYPE (default A) from the trust anchor down - DNSKEY, DS at each\n"
	"zone cut, the answer or its denial - and show each link with its status (secure,\n"
	"insecure, bogus, indeterminate), the keys that vouch for it, and when its signatures\n"
	"expire; on a failure also the zone's DS set and keys (-v: everywhere), and warnings.\n"
	"Several NAME [TYPE] pairs, or a file of them, make one report. Data comes from zone\n"
	"files, a saved bundle, or live servers (--save keeps it for an offline re-run). The\n"
	"default anchor is IANA's root-anchors.xml, installed with sigil. --dot draws the\n"
	"chains (DNSKEYs, DS, RRsets, proofs per zone) for Graphviz; --html writes one page\n"
	"with that picture, a legend, the findings and the verdict. Exit 0 for secure or\n"
	"insecure (1 with --require-secure), 1 for bogus or indeterminate (the worst query\n"
	"decides), 2 for usage or unreadable input.";

struct chain_args {
	const char *anchor, *zones, *bundle, *hints, *save, *save_format, *html, *queries;
	struct opt_list zone_files, servers;
	bool live, dot, require_secure;
	unsigned long keys_per_tag, sigs_per_rrset, nsec3_iterations, work, timeout, port,
	              max_queries;
	struct opt_time at, expire_within;
};

static int load_sources(struct cli *cli, const struct chain_args *a, sgn_zoneset_t *zs)
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
	}
	return err == SGN_OK ? SIGIL_EXIT_OK : cli_diag(cli, &diag, err, "loading the data");
}

/* --live: every authoritative server of each zone, their answers kept apart. */
static int load_live(struct cli *cli, const struct chain_args *a, const uint8_t *qname,
                     uint16_t qtype, sgn_live_t **lv)
{
	sgn_diag_t diag;
	sgn_live_opts_t lo;
	sgn_diag_init(&diag);
	sgn_live_opts_init(&lo);
	lo.hints = a->hints;
	lo.servers = a->servers.items;
	lo.nservers = a->servers.n;
	if (a->timeout != 0) {
		lo.timeout_ms = (unsigned)a->timeout;
	}
	/* Every server of every zone is asked: more than the library's default for one. */
	lo.max_queries = a->max_queries != 0 ? (unsigned)a->max_queries : 1000;
	if (a->port != 0) {
		lo.port = (uint16_t)a->port;
	}
	sgn_err_t err = sgn_live_run(lv, qname, qtype, &lo, &diag);
	if (err == SGN_ELIMIT) {
		/* What was collected is validated: the chain ends indeterminate where data is
		 * missing, and the warning says why. */
		cli_warn(cli, "%s; validating what was collected", diag.msg);
		err = SGN_OK;
	}
	return err == SGN_OK ? SIGIL_EXIT_OK : cli_diag(cli, &diag, err, "loading the data");
}

/* Live data: the consistent view the chain was validated over; zone files and bundles: what
 * the chain used. */
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
	if (a->expire_within.set) {
		co->expire_within = a->expire_within.value;
	}
}

static int chain_exit(const struct chain_args *a, sgn_status_t verdict)
{
	return verdict == SGN_SECURE ? SIGIL_EXIT_OK
	       : verdict == SGN_INSECURE && !a->require_secure ? SIGIL_EXIT_OK
	                                                       : SIGIL_EXIT_INVALID;
}

static int output(struct cli *cli, const struct chain_args *a, sgn_chain_t *const *chains,
                  size_t n, int64_t now)
{
	if (a->html != NULL) {
		int rc = chain_html(cli, a->html, (const sgn_chain_t *const *)chains, n, now);
		if (rc != SIGIL_EXIT_OK) {
			return rc;
		}
	}
	if (a->dot) {
		chain_dot(cli->out.fp, (const sgn_chain_t *const *)chains, n);
	} else {
		chain_print_all(cli, (const sgn_chain_t *const *)chains, n, now);
	}
	return out_finish(&cli->out) ? SIGIL_EXIT_OK : cli_error(cli, NULL, 0, "cannot write output");
}

static int chain(struct cli *cli, struct chain_args *a, const struct queries *qs)
{
	int64_t now = a->at.set ? a->at.value : cli->now;
	char anchor_buf[PATH_MAX + 64];
	const char *anchor =
	    a->anchor != NULL ? a->anchor : cli_default_anchor(anchor_buf, sizeof(anchor_buf));
	if (anchor == NULL) {
		return cli_error(cli, NULL, 0, "no trust anchor: give one with --anchor");
	}
	sgn_anchors_t *anchors = NULL;
	sgn_zoneset_t *zs[QUERIES_MAX] = { NULL };
	sgn_live_t *lv[QUERIES_MAX] = { NULL };
	sgn_chain_t *c[QUERIES_MAX] = { NULL };
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	int rc = SIGIL_EXIT_USAGE;
	if (sgn_anchors_new(&anchors) != SGN_OK) {
		rc = cli_error(cli, NULL, 0, "out of memory");
		goto out;
	}
	if (sgn_anchors_load(anchors, anchor, now, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, anchor);
		goto out;
	}
	sgn_chain_opts_t co;
	sgn_chain_opts_init(&co, now);
	set_limits(a, &co);
	sgn_status_t worst = SGN_SECURE;
	for (size_t i = 0; i < qs->n; i++) {
		/* Offline data is read once; live data is collected for each query. */
		const sgn_zoneset_t *data = i > 0 && !a->live ? zs[0] : NULL;
		if (a->live) {
			if ((rc = load_live(cli, a, qs->q[i].name, qs->q[i].type, &lv[i])) != SIGIL_EXIT_OK) {
				goto out;
			}
			data = sgn_live_get_zoneset(lv[i]);
		} else if (data == NULL) {
			if (sgn_zoneset_new(&zs[i]) != SGN_OK) {
				rc = cli_error(cli, NULL, 0, "out of memory");
				goto out;
			}
			if ((rc = load_sources(cli, a, zs[i])) != SIGIL_EXIT_OK) {
				goto out;
			}
			data = zs[i];
		}
		if (sgn_chain_validate(&c[i], data, anchors, qs->q[i].name, qs->q[i].type,
		    &co) != SGN_OK ||
		    (a->live && sgn_chain_add_servers(c[i], lv[i], anchors, &co) != SGN_OK)) {
			rc = cli_error(cli, NULL, 0, "validation failed: out of memory");
			goto out;
		}
		if (a->save != NULL && (rc = save_bundle(cli, a, data, c[i])) != SIGIL_EXIT_OK) {
			goto out;
		}
		worst = c[i]->verdict > worst ? c[i]->verdict : worst;
	}
	rc = output(cli, a, c, qs->n, now);
	if (rc == SIGIL_EXIT_OK) {
		rc = chain_exit(a, worst);
	}
out:
	for (size_t i = 0; i < qs->n; i++) {
		sgn_chain_free(c[i]);
		sgn_zoneset_free(zs[i]);
		sgn_live_free(lv[i]);
	}
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
		OPT_UINT(0, "max-queries", &a.max_queries, "N", "with --live, queries in all (default 1000)",
		         100000),
		OPT_STRING(0, "save", &a.save, "FILE", "write the data used, to re-run offline with --bundle"),
		OPT_STRING(0, "save-format", &a.save_format, "FMT", "text (default) or wire (RFC 9102)"),
		OPT_BOOL(0, "dot", &a.dot, "a Graphviz picture of the chain instead of text"),
		OPT_STRING(0, "html", &a.html, "FILE", "also write a report page (HTML, SVG picture)"),
		OPT_STRING(0, "queries", &a.queries, "FILE", "the queries, NAME [TYPE] per line"),
		OPT_DURATION(0, "expire-within", &a.expire_within, "DUR",
		             "warn of signatures expiring within DUR (default 7d, 0: never)"),
		OPT_BOOL(0, "require-secure", &a.require_secure, "exit 1 for an insecure verdict too"),
		OPT_UINT(0, "keys-per-tag", &a.keys_per_tag, "N",
		         "DNSKEYs tried per algorithm and key tag (default 4)", 1000),
		OPT_UINT(0, "sigs-per-rrset", &a.sigs_per_rrset, "N",
		         "RRSIGs examined per RRset (default 8)", 1000),
		OPT_UINT(0, "nsec3-iterations", &a.nsec3_iterations, "N",
		         "more NSEC3 iterations than N count as insecure (default 150)", 65535),
		OPT_UINT(0, "max-work", &a.work, "N", "signature checks in all (default 5000)",
		         100000000),
		OPT_OPERANDS(0, OPT_MANY, "NAME [TYPE]..."),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	int sources = (a.zone_files.n > 0) + (a.zones != NULL) + (a.bundle != NULL) + a.live;
	if ((argc - i < 1 && a.queries == NULL) || sources != 1) {
		cli_error(cli, NULL, 0, sources != 1 ? "chain needs exactly one source: --zone, --zones, "
		                                       "--bundle or --live"
		                                     : "chain needs a name (and optionally a type), or "
		                                       "--queries");
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
	struct queries *qs = calloc(1, sizeof(*qs));
	if (qs == NULL) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	int rc = chain_queries_add_words(cli, qs, argv + i, (size_t)(argc - i));
	if (rc == SIGIL_EXIT_OK && a.queries != NULL) {
		rc = chain_queries_add_file(cli, qs, a.queries);
	}
	if (rc == SIGIL_EXIT_OK && a.save != NULL && qs->n > 1) {
		rc = cli_error(cli, NULL, 0, "--save takes one query");
	}
	if (rc == SIGIL_EXIT_OK) {
		rc = chain(cli, &a, qs);
	}
	free(qs);
	return rc;
}
