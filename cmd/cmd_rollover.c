/* SPDX-License-Identifier: MIT */
/* sigil rollover: plan, status, step and simulate key rollovers by RFC 7583 timing, with a
 * BIND dnssec-policy and the state in BIND's key and .state files. The work is libsign's
 * (rollover.h); this file reads options and hands results to rollover_out.c. */
#include <stdio.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rollover.h>

#include "cli.h"
#include "commands.h"
#include "opt.h"
#include "rollover_out.h"
#include "timefmt.h"

static const char usage[] =
	"rollover plan|status|step|simulate [-K DIR] [--policy FILE [--policy-name NAME]] "
	"[--now TIME] [OPTIONS] ZONE";
static const char description[] =
	"plan      the dated timeline of every rollover under way or due, each event at its\n"
	"          earliest safe time with the RFC 7583 interval that sets it (--check: and\n"
	"          simulate it)\n"
	"status    each key's state, the rollover and stage under way, what must be published\n"
	"          now, what to do next (the DS to submit, with EPP XML) and when it is safe\n"
	"step      perform every stage whose time has come: generate successors, rewrite the\n"
	"          key files' timing and .state files; exit 0 nothing due or all done, 1 due\n"
	"          but blocked (the parent, --check-child), 2 error\n"
	"simulate  model what validating resolvers may cache at every instant of the plan (or\n"
	"          of --timeline FILE) and check every combination; exit 1 on a counterexample\n"
	"The policy is a BIND 9.18 dnssec-policy block (docs/rollover-policy.md); without\n"
	"--policy, BIND's built-in default. The key files are any signer's input:\n"
	"'sigil sign -K DIR' or 'dnssec-signzone -S -K DIR' after each step.";

struct rollover_args {
	const char *dir, *policy_file, *policy_name, *timeline, *hints, *negative_ttl;
	struct opt_time now;
	bool check, print_timeline, lenient, force, ds_seen, ds_withdrawn, dry_run;
	bool check_parent, check_child;
	struct opt_list servers;
	unsigned long port, timeout;
	struct rout c;
	sgn_rollover_t *r;
	sgn_policy_t policy;
	uint8_t zone[SGN_NAME_MAX];
};

typedef int (*sub_fn)(struct cli *cli, struct rollover_args *a);

static int finish(struct cli *cli, int rc)
{
	out_object_end(&cli->out);
	if (!out_finish(&cli->out)) {
		return cli_error(cli, NULL, 0, "cannot write output");
	}
	return rc;
}

static int simulate_plan(struct cli *cli, struct rollover_args *a, const sgn_plan_t *plan,
                         const sgn_timeline_t *tl)
{
	sgn_sim_opts_t so;
	sgn_sim_result_t res;
	sgn_sim_opts_from_policy(&so, &a->policy);
	so.lenient = a->lenient;
	so.from = tl == NULL ? a->c.now : INT64_MIN;
	if (a->negative_ttl != NULL) {
		uint32_t ttl;
		if (!timefmt_parse_ttl(a->negative_ttl, &ttl)) {
			return cli_error(cli, NULL, 0, "bad --negative-ttl '%s'", a->negative_ttl);
		}
		so.negative_ttl = ttl;
	}
	sgn_err_t err = sgn_simulate(&res, tl != NULL ? tl : plan->timeline, &so);
	if (err != SGN_OK) {
		return cli_error(cli, NULL, 0, "simulation failed: %s", sgn_strerror(err));
	}
	rout_sim(&a->c, "simulation", &res, a->lenient);
	return res.safe ? SIGIL_EXIT_OK : SIGIL_EXIT_INVALID;
}

static int print_timeline(struct cli *cli, const sgn_timeline_t *tl)
{
	if (cli->json) {
		return cli_error(cli, NULL, 0, "--print-timeline writes the timeline format, not JSON");
	}
	return sgn_timeline_write(tl, stdout) == SGN_OK ? SIGIL_EXIT_OK
	                                                 : cli_error(cli, NULL, 0, "cannot write output");
}

static int sub_plan(struct cli *cli, struct rollover_args *a)
{
	sgn_plan_t *plan;
	if (sgn_rollover_plan(a->c.r, &plan) != SGN_OK) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	if (a->print_timeline) {
		int rc = print_timeline(cli, plan->timeline);
		sgn_plan_free(plan);
		return rc;
	}
	rout_head(&a->c, "plan");
	rout_rolls(&a->c, plan);
	int rc = a->check ? simulate_plan(cli, a, plan, NULL) : SIGIL_EXIT_OK;
	sgn_plan_free(plan);
	return rc == SIGIL_EXIT_USAGE ? rc : finish(cli, rc);
}

static int sub_status(struct cli *cli, struct rollover_args *a)
{
	sgn_plan_t *plan;
	if (sgn_rollover_plan(a->c.r, &plan) != SGN_OK) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	rout_head(&a->c, "status");
	rout_keys(&a->c);
	rout_publish(&a->c, plan);
	rout_rolls(&a->c, plan);
	sgn_plan_free(plan);
	return finish(cli, SIGIL_EXIT_OK);
}

static int sub_simulate(struct cli *cli, struct rollover_args *a)
{
	sgn_plan_t *plan = NULL;
	sgn_timeline_t *tl = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (a->timeline != NULL && sgn_timeline_read(&tl, a->timeline, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, "reading the timeline");
	}
	if (tl == NULL && sgn_rollover_plan(a->c.r, &plan) != SGN_OK) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	int rc;
	if (a->print_timeline) {
		rc = print_timeline(cli, tl != NULL ? tl : plan->timeline);
	} else {
		rout_head(&a->c, "simulate");
		rc = simulate_plan(cli, a, plan, tl);
		rc = rc == SIGIL_EXIT_USAGE ? rc : finish(cli, rc);
	}
	sgn_timeline_free(tl);
	sgn_plan_free(plan);
	return rc;
}

static int sub_step(struct cli *cli, struct rollover_args *a)
{
	sgn_live_opts_t lo;
	sgn_step_opts_t so = { .now = a->c.now, .force = a->force, .ds_seen = a->ds_seen,
		               .ds_withdrawn = a->ds_withdrawn, .dry_run = a->dry_run };
	sgn_step_result_t res;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_live_opts_init(&lo);
	lo.hints = a->hints;
	lo.servers = a->servers.items;
	lo.nservers = a->servers.n;
	lo.port = a->port != 0 ? (uint16_t)a->port : lo.port;
	lo.timeout_ms = a->timeout != 0 ? (unsigned)a->timeout : lo.timeout_ms;
	so.check_parent = a->check_parent ? &lo : NULL;
	so.check_child = a->check_child ? &lo : NULL;
	sgn_err_t err = sgn_rollover_step(a->r, &res, &so, &diag);
	if (err != SGN_OK) {
		return cli_diag(cli, &diag, err, "step");
	}
	if (res.warning[0] != '\0') {
		cli_warn(cli, "%s", res.warning);
	}
	rout_head(&a->c, "step");
	out_bool(&cli->out, "dry_run", a->dry_run);
	out_text(&cli->out, "%s", a->dry_run ? "dry run: nothing is written\n" : "");
	rout_step(&a->c, &res);
	return finish(cli, res.blocked ? SIGIL_EXIT_INVALID : SIGIL_EXIT_OK);
}

static const struct {
	const char *name;
	sub_fn fn;
} subs[] = {
	{ "plan", sub_plan },
	{ "status", sub_status },
	{ "step", sub_step },
	{ "simulate", sub_simulate },
};
#define NSUBS (sizeof(subs) / sizeof(subs[0]))

/* Policy, zone, keys: what every subcommand starts from. */
static int setup(struct cli *cli, struct rollover_args *a, const char *zone_text)
{
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_name_from_str(a->zone, NULL, zone_text, NULL) != SGN_OK) {
		return cli_error(cli, NULL, 0, "'%s' is not a valid domain name", zone_text);
	}
	sgn_policy_init(&a->policy);
	if (a->policy_file != NULL &&
	    sgn_policy_read(&a->policy, a->policy_file, a->policy_name, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, "reading the policy");
	}
	if (a->policy_file == NULL && a->policy_name != NULL &&
	    sgn_policy_parse(&a->policy, "", 0, "", a->policy_name, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, "choosing the policy");
	}
	a->c.now = a->now.set ? a->now.value : cli->now;
	sgn_rollover_t *r;
	if (sgn_rollover_open(&r, a->zone, a->dir, &a->policy, a->c.now, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, "reading the keys");
	}
	a->r = r;
	a->c.r = r;
	a->c.o = &cli->out;
	a->c.zone = zone_text;
	a->c.zone_wire = a->zone;
	a->c.policy = &a->policy;
	return SIGIL_EXIT_OK;
}

int cmd_rollover(struct cli *cli, int argc, char **argv)
{
	struct rollover_args a = { .dir = "." };
	const struct opt opts[] = {
		OPT_STRING('K', "key-directory", &a.dir, "DIR", "the zone's keys (default .)"),
		OPT_STRING(0, "policy", &a.policy_file, "FILE", "a file with a dnssec-policy block "
		           "(named.conf syntax)"),
		OPT_STRING(0, "policy-name", &a.policy_name, "NAME", "the dnssec-policy to use when "
		           "the file has several ('default', 'insecure': BIND's built-in ones)"),
		OPT_TIME(0, "now", &a.now, "TIME", "act as if it were TIME"),
		OPT_BOOL(0, "check", &a.check, "plan: also run the simulator on the plan"),
		OPT_STRING(0, "timeline", &a.timeline, "FILE", "simulate: check this timeline instead "
		           "of the plan"),
		OPT_BOOL(0, "print-timeline", &a.print_timeline, "plan, simulate: print the timeline "
		         "(the --timeline format) instead"),
		OPT_BOOL(0, "lenient", &a.lenient, "simulate: model validators that accept any one valid "
		         "path (RFC 6840 5.11) instead of the strict model"),
		OPT_STRING(0, "negative-ttl", &a.negative_ttl, "TTL", "simulate: how long negative answers "
		           "are cached (SOA minimum; default max-zone-ttl)"),
		OPT_BOOL(0, "force", &a.force, "step: do the next stage even before its time"),
		OPT_BOOL(0, "ds-seen", &a.ds_seen, "step: the parent serves the submitted DS set"),
		OPT_BOOL(0, "ds-withdrawn", &a.ds_withdrawn, "step: the parent removed the withdrawn DS"),
		OPT_BOOL(0, "dry-run", &a.dry_run, "step: say what would be done, write nothing"),
		OPT_BOOL(0, "check-parent", &a.check_parent, "step: ask every server of the parent for "
		         "the DS set"),
		OPT_BOOL(0, "check-child", &a.check_child, "step: ask every server of the zone for the "
		         "DNSKEY set before going on"),
		OPT_STRING(0, "hints", &a.hints, "FILE", "root hints for the --check-* queries"),
		OPT_LIST(0, "server", &a.servers, "ADDR", "start the --check-* queries here (repeatable)"),
		OPT_UINT(0, "port", &a.port, "N", "port of the servers --check-* asks (default 53)", 65535),
		OPT_UINT(0, "timeout", &a.timeout, "MS", "per query of --check-* (default 2000)", 600000),
		OPT_END(),
	};
	size_t which = NSUBS;
	for (size_t i = 0; argc > 1 && i < NSUBS; i++) {
		if (strcmp(argv[1], subs[i].name) == 0) {
			which = i;
		}
	}
	int i = opt_parse(cli, which == NSUBS ? argc : argc - 1,
	                  which == NSUBS ? argv : argv + 1, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	int nops = (which == NSUBS ? argc : argc - 1) - i;
	if (which == NSUBS || nops != 1) {
		if (which == NSUBS) {
			cli_error(cli, NULL, 0, "rollover needs plan, status, step or simulate");
		} else {
			cli_error(cli, NULL, 0, "rollover %s needs exactly one zone name", argv[1]);
		}
		opt_usage(cli, opts, usage, NULL, stderr);
		return SIGIL_EXIT_USAGE;
	}
	char **ops = (which == NSUBS ? argv : argv + 1) + i;
	int rc = setup(cli, &a, ops[0]);
	if (rc == SIGIL_EXIT_OK) {
		rc = subs[which].fn(cli, &a);
	}
	sgn_rollover_free(a.r);
	return rc;
}
