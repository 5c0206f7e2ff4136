/* SPDX-License-Identifier: MIT */
/* sigil ds check: accept, leave alone or refuse a DS submission (a registrant's DS set, the
 * child's CDS/CDNSKEY, or an RFC 9615 bootstrap) against the child's zone, a bundle or its
 * live servers; one domain here, many with --batch (ds_check_batch.c). */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <libsign/alg.h>
#include <libsign/name.h>
#include <libsign/outfile.h>

#include "anchors.h"
#include "ds_check.h"
#include "timefmt.h"

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static const char usage[] =
	"ds check DOMAIN (--ds FILE | --cds | --bootstrap) [--current-ds FILE]\n"
	"                (--zone FILE [--signals FILE|DIR] | --bundle FILE | --live [--ns HOST[@ADDR]]...)\n"
	"                [options]\n"
	"   or: sigil ds check --batch FILE|- [-j N] [--resume OUT] (--zone-dir DIR | --live) [options]";
static const char description[] =
	"Check a DS submission for DOMAIN before the parent publishes it: a DS set the\n"
	"registrant gave (--ds), the child's own CDS/CDNSKEY (--cds), or an RFC 9615 bootstrap\n"
	"of an unsigned delegation (--bootstrap). Every DS must match a zone key of the child\n"
	"that signs its DNSKEY RRset now; CDS/CDNSKEY must be signed by a key the current DS\n"
	"set (--current-ds) authenticates; every server must agree. Exit 0: accept or no\n"
	"change; 1: refused (the findings say why); 2: the check could not run.";

/* -- the options -- */

static int set_format(struct cli *cli, struct dsc_args *a)
{
	static const char *const names[] = { "text", "zone", "json", "epp", "nsupdate" };
	size_t i = 0;
	a->fmt = cli->json ? DSC_FMT_JSON : DSC_FMT_TEXT;
	if (a->format == NULL) {
		return SIGIL_EXIT_OK;
	}
	while (i < ARRAY_LEN(names) && strcasecmp(a->format, names[i]) != 0) {
		i++;
	}
	if (i == ARRAY_LEN(names)) {
		return cli_error(cli, NULL, 0, "unknown format '%s' (text, zone, json, epp, nsupdate)",
		                 a->format);
	}
	if (cli->json && i != DSC_FMT_JSON) {
		return cli_error(cli, NULL, 0, "--json contradicts --format %s", names[i]);
	}
	a->fmt = (enum dsc_fmt)i;
	return SIGIL_EXIT_OK;
}

static int set_policy(struct cli *cli, struct dsc_args *a)
{
	sgn_dsc_policy_t *p = &a->opts.policy;
	for (size_t i = 0; i < a->allow.n; i++) {
		const char *w = a->allow.items[i];
		bool *flag = strcasecmp(w, "sha1") == 0 || strcasecmp(w, "sha-1") == 0 ? &p->allow_sha1
		             : strcasecmp(w, "deprecated") == 0                        ? &p->allow_deprecated
		             : strcasecmp(w, "unsupported") == 0                       ? &p->allow_unsupported
		                                                                       : NULL;
		if (flag == NULL) {
			return cli_error(cli, NULL, 0, "unknown --allow '%s' (sha1, deprecated, unsupported)", w);
		}
		*flag = true;
	}
	if (a->digests.n > ARRAY_LEN(p->digests)) {
		return cli_error(cli, NULL, 0, "at most %zu --digest options", ARRAY_LEN(p->digests));
	}
	p->ndigests = a->digests.n > 0 ? 0 : 1;
	for (size_t i = 0; i < a->digests.n; i++) {
		uint8_t d;
		if (sgn_digest_from_str(&d,
		    a->digests.items[i]) != SGN_OK || !sgn_digest_is_supported(d)) {
			return cli_error(cli, NULL, 0, "unsupported digest '%s' (SHA-1, SHA-256, SHA-384)",
			                 a->digests.items[i]);
		}
		if (d == SGN_DIGEST_SHA1 && !p->allow_sha1) {
			return cli_error(cli, NULL, 0, "--digest SHA-1 needs --allow sha1 (RFC 8624 section 3.3)");
		}
		p->digests[p->ndigests++] = d;
	}
	if (a->not_before.set) {
		p->has_not_before = true;
		p->not_before = a->not_before.value;
	}
	return SIGIL_EXIT_OK;
}

/* The replay bound from --state FILE: the newest inception accepted last time. */
static int read_state(struct cli *cli, struct dsc_args *a)
{
	FILE *fp = a->state != NULL ? fopen(a->state, "r") : NULL;
	long long t;
	if (fp == NULL) {
		return SIGIL_EXIT_OK; /* no state yet: the first check */
	}
	int n = fscanf(fp, "not-before %lld", &t);
	fclose(fp);
	if (n != 1) {
		return cli_error(cli, a->state, 1, "not a ds check state file ('not-before SECONDS')");
	}
	if (!a->opts.policy.has_not_before || t > a->opts.policy.not_before) {
		a->opts.policy.has_not_before = true;
		a->opts.policy.not_before = t;
	}
	return SIGIL_EXIT_OK;
}

static int write_state(struct cli *cli, const struct dsc_args *a, const sgn_dsc_result_t *res)
{
	char text[64];
	sgn_diag_t diag;
	if (a->state == NULL || res->verdict != SGN_DSC_ACCEPT || res->newest_inception == 0) {
		return SIGIL_EXIT_OK;
	}
	int n = snprintf(text, sizeof(text), "not-before %lld\n", (long long)res->newest_inception);
	sgn_diag_init(&diag);
	sgn_err_t err = sgn_outfile_write_all(a->state, text, (size_t)n, 0644, 0, &diag);
	return err == SGN_OK ? SIGIL_EXIT_OK : cli_diag(cli, &diag, err, a->state);
}

static int set_live(struct cli *cli, struct dsc_args *a)
{
	sgn_dsc_live_opts_t *l = &a->live_opts;
	sgn_dsc_live_opts_init(l);
	l->live.hints = a->hints;
	l->live.servers = a->servers.items;
	l->live.nservers = a->servers.n;
	l->ns = a->ns.n > 0 ? a->ns.items : NULL;
	l->nns = a->ns.n;
	if (a->timeout != 0) {
		l->live.timeout_ms = (unsigned)a->timeout;
	}
	if (a->port != 0) {
		l->live.port = (uint16_t)a->port;
	}
	if (a->budget != 0) {
		l->budget_ms = (unsigned)a->budget;
	}
	if ((a->per_server != 0 && sgn_dsc_gate_new(&l->gate, (unsigned)a->per_server) != SGN_OK) ||
	    (a->batch != NULL && sgn_dsc_cache_new(&l->cache) != SGN_OK)) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	return SIGIL_EXIT_OK;
}

static int check_args(struct cli *cli, struct dsc_args *a, int64_t now)
{
	int modes = (a->ds != NULL) + a->cds + a->bootstrap;
	int sources = (a->zone != NULL) + (a->bundle != NULL) + a->live + (a->zone_dir != NULL);
	if (modes != 1) {
		return cli_error(cli, NULL, 0, "give one of --ds FILE, --cds and --bootstrap");
	}
	if (sources != 1) {
		return cli_error(cli, NULL, 0, "give one of --zone, --bundle, --live%s",
		                 a->batch != NULL ? " and --zone-dir" : "");
	}
	if ((a->batch == NULL) != (a->zone_dir == NULL) && a->zone_dir != NULL) {
		return cli_error(cli, NULL, 0, "--zone-dir is for --batch");
	}
	if (a->batch != NULL && (a->zone != NULL || a->bundle != NULL)) {
		return cli_error(cli, NULL, 0, "--batch takes its zones from --zone-dir or --live");
	}
	if (a->signals_path != NULL && (!a->bootstrap || a->live)) {
		return cli_error(cli, NULL, 0, "--signals is for --bootstrap offline (--live looks the "
		                               "signals up)");
	}
	for (size_t i = 0; i < a->ns.n && !a->live; i++) {
		if (!a->bootstrap || strchr(a->ns.items[i], '@') != NULL) {
			return cli_error(cli, NULL, 0, "--ns '%s': without --live, --ns HOST names the NS "
			                 "hosts of a --bootstrap", a->ns.items[i]);
		}
	}
	sgn_dsc_opts_init(&a->opts, now);
	a->opts.mode = a->ds != NULL ? SGN_DSC_FROM_DS : a->cds ? SGN_DSC_FROM_CDS : SGN_DSC_BOOTSTRAP;
	a->opts.limits.work = a->work;
	if (a->ttl_text != NULL && !timefmt_parse_ttl(a->ttl_text, &a->opts.ttl)) {
		return cli_error(cli, NULL, 0, "bad TTL '%s'", a->ttl_text);
	}
	a->opts.has_ttl = a->ttl_text != NULL;
	if (a->epp != NULL && strcmp(a->epp, "update") != 0 && strcmp(a->epp, "create") != 0) {
		return cli_error(cli, NULL, 0, "unknown --epp '%s' (update or create)", a->epp);
	}
	a->epp_create = a->epp != NULL && strcmp(a->epp, "create") == 0;
	int rc = set_format(cli, a);
	rc = rc == SIGIL_EXIT_OK ? set_policy(cli, a) : rc;
	rc = rc == SIGIL_EXIT_OK ? read_state(cli, a) : rc;
	return rc == SIGIL_EXIT_OK && a->live ? set_live(cli, a) : rc;
}

/* The anchors of the NS hosts' zones: --anchor, else the ones sigil chain uses. */
static int load_anchors(struct cli *cli, struct dsc_args *a, int64_t now)
{
	char buf[PATH_MAX + 64];
	sgn_diag_t diag;
	if (!a->bootstrap) {
		return SIGIL_EXIT_OK;
	}
	const char *anchor = a->anchor != NULL ? a->anchor : cli_default_anchor(buf, sizeof(buf));
	if (anchor == NULL) {
		return cli_error(cli, NULL, 0, "no trust anchor for the NS hosts' zones: give one with "
		                               "--anchor");
	}
	sgn_diag_init(&diag);
	if (sgn_anchors_new(&a->anchors) != SGN_OK) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	if (sgn_anchors_load(a->anchors, anchor, now, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, anchor);
	}
	a->opts.anchors = a->anchors;
	return SIGIL_EXIT_OK;
}

/* --signals FILE|DIR: a bundle, or the zone files of the NS hosts' zones and those above. */
static int load_signals(struct cli *cli, struct dsc_args *a)
{
	struct stat st;
	sgn_zone_opts_t zo;
	sgn_diag_t diag;
	sgn_err_t err;
	if (a->signals_path == NULL) {
		return SIGIL_EXIT_OK;
	}
	sgn_diag_init(&diag);
	sgn_zone_opts_init(&zo);
	zo.no_include = true;
	zo.no_generate = true;
	if (sgn_zoneset_new(&a->signals) != SGN_OK) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	if (stat(a->signals_path, &st) == 0 && S_ISDIR(st.st_mode)) {
		err = sgn_zoneset_load_dir(a->signals, a->signals_path, &zo, &diag);
	} else {
		err = sgn_zoneset_load_bundle(a->signals, a->signals_path, &diag);
	}
	return err == SGN_OK ? SIGIL_EXIT_OK : cli_diag(cli, &diag, err, a->signals_path);
}

/* -- one domain -- */

static int check_single(struct cli *cli, struct dsc_args *a, const char *domain)
{
	struct dsc_job job = { .domain = domain, .current = a->current, .proposed = a->ds,
		               .zone = a->zone != NULL ? a->zone : a->bundle };
	sgn_dsc_input_t *in = malloc(sizeof(*in));
	sgn_dsc_result_t *res = NULL;
	char why[512] = "";
	if (in == NULL) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	(void)!sgn_dsc_input_init(in, (const uint8_t *)""); /* the root: cannot fail */
	int rc = dsc_run(cli, a, &job, in, &res, why, sizeof(why));
	if (rc != SIGIL_EXIT_OK) {
		cli_error(cli, NULL, 0, "%s", why);
	} else {
		out_init(&cli->out, stdout, a->fmt == DSC_FMT_JSON);
		dsc_print(&cli->out, a, a->fmt, in, res);
		rc = out_finish(&cli->out) ? dsc_exit(res) : cli_error(cli, NULL, 0, "cannot write output");
		if (rc != SIGIL_EXIT_USAGE && write_state(cli, a, res) != SIGIL_EXIT_OK) {
			rc = SIGIL_EXIT_USAGE;
		}
	}
	sgn_dsc_result_free(res);
	sgn_dsc_input_release(in);
	free(in);
	return rc;
}

int cmd_ds_check(struct cli *cli, int argc, char **argv)
{
	struct dsc_args a = { 0 };
	const struct opt opts[] = {
		OPT_STRING(0, "ds", &a.ds, "FILE", "check this proposed DS set (zone text)"),
		OPT_BOOL(0, "cds", &a.cds, "take the proposal from the child's CDS/CDNSKEY (RFC 7344)"),
		OPT_BOOL(0, "bootstrap", &a.bootstrap, "RFC 9615 bootstrap of an unsigned delegation"),
		OPT_STRING(0, "current-ds", &a.current, "FILE", "the parent's DS set now (default none)"),
		OPT_STRING(0, "zone", &a.zone, "FILE", "the child's signed zone file"),
		OPT_STRING(0, "bundle", &a.bundle, "FILE", "a bundle saved by sigil chain --save"),
		OPT_BOOL(0, "live", &a.live, "ask every authoritative server, over UDP and TCP"),
		OPT_LIST(0, "ns", &a.ns, "HOST[@ADDR]", "the child's servers (with --live) or NS hosts "
		         "(--bootstrap offline); repeatable"),
		OPT_STRING(0, "hints", &a.hints, "FILE", "with --live, root hints"),
		OPT_LIST(0, "server", &a.servers, "ADDR[@PORT]", "with --live, a resolver for lookups"),
		OPT_UINT(0, "port", &a.port, "N", "with --live, the servers' port (default 53)", 65535),
		OPT_UINT(0, "timeout", &a.timeout, "MS", "with --live, per query (default 2000)", 600000),
		OPT_UINT(0, "budget", &a.budget, "MS", "with --live, per domain (default 10000)", 3600000),
		OPT_STRING(0, "anchor", &a.anchor, "FILE", "--bootstrap: trust anchors of the NS hosts' zones "
		           "(default: those of sigil chain)"),
		OPT_STRING(0, "signals", &a.signals_path, "FILE|DIR", "--bootstrap offline: the signaling "
		           "names' chains, a bundle or the zone files of the NS hosts' zones and above"),
		OPT_TIME(0, "at", &a.at, "TIME", "check as of TIME (default now)"),
		OPT_TIME(0, "not-before", &a.not_before, "TIME", "refuse signatures made before TIME"),
		OPT_STRING(0, "state", &a.state, "FILE", "keep the replay bound of the domain in FILE"),
		OPT_LIST('d', "digest", &a.digests, "DIGEST", "digest types kept from CDS and made from "
		         "CDNSKEY (default SHA-256; repeatable)"),
		OPT_LIST(0, "allow", &a.allow, "WHAT", "sha1, deprecated or unsupported (RFC 8624)"),
		OPT_STRING(0, "ttl", &a.ttl_text, "TTL", "TTL of the new DS set (default the current)"),
		OPT_STRING(0, "format", &a.format, "FMT", "text (default), zone, json, epp or nsupdate"),
		OPT_STRING(0, "epp", &a.epp, "KIND", "update (default) or create, for --format epp"),
		OPT_BOOL(0, "keydata", &a.keydata, "EPP keyData instead of dsData (RFC 5910 section 4.2)"),
		OPT_UINT(0, "max-work", &a.work, "N", "signature checks per domain (default 2000)", 1000000),
		OPT_STRING(0, "batch", &a.batch, "FILE", "one domain per line: DOMAIN [CURRENT [PROPOSED]]"),
		OPT_STRING(0, "zone-dir", &a.zone_dir, "DIR", "with --batch, DIR/DOMAIN.zone per domain"),
		OPT_UINT('j', "jobs", &a.jobs, "N", "with --batch, domains checked at once (default the cores)",
		         1024),
		OPT_UINT(0, "per-server", &a.per_server, "N", "with --live, queries at once per server "
		         "(default 4)", 1024),
		OPT_STRING(0, "resume", &a.resume, "OUT", "with --batch, append to OUT, skipping its domains"),
		OPT_END(),
	};
	cli->cmd = "ds check";
	a.per_server = 4;
	/* DOMAIN first ("sigil ds check example.com --cds ...") or after the options */
	const char *domain = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
	if (domain != NULL) {
		argc--;
		argv++;
	}
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	if (domain == NULL && i < argc) {
		domain = argv[i++];
	}
	if (i < argc || (a.batch == NULL) != (domain != NULL)) {
		cli_error(cli, NULL, 0, a.batch == NULL ? "ds check needs one DOMAIN"
		                                        : "--batch takes its domains from the file");
		opt_usage(cli, opts, usage, NULL, stderr);
		return SIGIL_EXIT_USAGE;
	}
	int64_t now = a.at.set ? a.at.value : cli->now;
	if (a.not_before.set && a.not_before.relative) {
		opt_time_rebase(&a.not_before, now);
	}
	int rc = check_args(cli, &a, now);
	rc = rc == SIGIL_EXIT_OK ? load_anchors(cli, &a, now) : rc;
	rc = rc == SIGIL_EXIT_OK ? load_signals(cli, &a) : rc;
	if (rc == SIGIL_EXIT_OK) {
		rc = a.batch != NULL ? dsc_batch(cli, &a) : check_single(cli, &a, domain);
	}
	sgn_anchors_free(a.anchors);
	sgn_zoneset_free(a.signals);
	sgn_dsc_gate_free(a.live_opts.gate);
	sgn_dsc_cache_free(a.live_opts.cache);
	return rc;
}
