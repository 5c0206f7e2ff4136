/* SPDX-License-Identifier: MIT */
/* Option parsing from declarative tables (git's parse-options idea) over getopt_long. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"
#include "timefmt.h"

#define INDEX_BASE 256 /* getopt_long `val` for option i is INDEX_BASE + i */

/* Options every command has, after its own. */
static const struct opt common_opts[] = {
	{ OPT_KIND_COUNT, 'v', "verbose", NULL, NULL, "more detail on stderr, where there is more to say", 0 },
	{ OPT_KIND_BOOL, 0, "json", NULL, NULL, "machine-readable JSON on stdout", 0 },
	{ OPT_KIND_BOOL, 'h', "help", NULL, NULL, "show this help and exit", 0 },
};
#define N_COMMON (sizeof(common_opts) / sizeof(common_opts[0]))

static size_t count_opts(const struct opt *opts)
{
	size_t n = 0;
	while (opts[n].kind != OPT_KIND_END) {
		n++;
	}
	return n;
}

static void usage_lines(FILE *fp, const struct opt *o, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char left[64];
		int k = o[i].short_name != 0 ? snprintf(left, sizeof(left), "-%c, ", o[i].short_name)
		                             : snprintf(left, sizeof(left), "    ");
		snprintf(left + k, sizeof(left) - (size_t)k, "--%s%s%s", o[i].long_name,
		         o[i].argh != NULL ? " " : "", o[i].argh != NULL ? o[i].argh : "");
		fprintf(fp, "  %-30s %s\n", left, o[i].help);
	}
}

void opt_usage(const struct cli *cli, const struct opt *opts, const char *usage,
               const char *description, void *fpv)
{
	FILE *fp = fpv;
	fprintf(fp, "usage: %s %s\n", cli->prog, usage);
	if (description != NULL) {
		fprintf(fp, "\n%s\n", description);
	}
	fputs("\noptions:\n", fp);
	usage_lines(fp, opts, count_opts(opts));
	usage_lines(fp, common_opts, N_COMMON);
}

/* Store one option's value. Returns false (after a message) on a bad argument. */
static bool store(struct cli *cli, const struct opt *o, const char *arg)
{
	switch (o->kind) {
	case OPT_KIND_BOOL:
		*(bool *)o->value = true;
		return true;
	case OPT_KIND_COUNT:
		(*(int *)o->value)++;
		return true;
	case OPT_KIND_STRING:
		*(const char **)o->value = arg;
		return true;
	case OPT_KIND_LIST: {
		struct opt_list *l = o->value;
		if (l->n >= OPT_LIST_MAX) {
			cli_error(cli, NULL, 0, "too many '--%s' options", o->long_name);
			return false;
		}
		l->items[l->n++] = arg;
		return true;
	}
	case OPT_KIND_UINT: {
		char *end;
		unsigned long v = strtoul(arg, &end, 10);
		if (*arg == '\0' || *arg == '-' || *end != '\0' || v > o->max) {
			cli_error(cli, NULL, 0, "option '--%s' needs a number from 0 to %lu, not '%s'",
			          o->long_name, o->max, arg);
			return false;
		}
		*(unsigned long *)o->value = v;
		return true;
	}
	case OPT_KIND_TIME:
	case OPT_KIND_DURATION: {
		struct opt_time *t = o->value;
		bool ok = o->kind == OPT_KIND_TIME
		                  ? timefmt_parse_time_rel(arg, cli->now, &t->value, &t->relative,
		                                           &t->offset)
		                  : timefmt_parse_duration(arg, &t->value);
		if (!ok) {
			cli_error(cli, NULL, 0, "option '--%s' needs a %s, not '%s'", o->long_name,
			          o->kind == OPT_KIND_TIME ? "time (YYYYMMDDHHMMSS, YYYYMMDD, Unix seconds, "
			                                     "ISO 8601 or now+DURATION)"
			                                   : "duration (30d, 12h, 3600)",
			          arg);
			return false;
		}
		t->set = true;
		return true;
	}
	default:
		return false;
	}
}

void opt_time_rebase(struct opt_time *t, int64_t base)
{
	if (t->set && t->relative) {
		t->value = base + t->offset;
	}
}

int opt_parse(struct cli *cli, int argc, char **argv, const struct opt *opts, const char *usage,
              const char *description)
{
	size_t n = count_opts(opts);
	struct opt *all = calloc(n + N_COMMON, sizeof(*all));
	struct option *longs = calloc(n + N_COMMON + 1, sizeof(*longs));
	char *shorts = calloc(3 * (n + N_COMMON) + 3, 1);
	bool help = false;
	int result = OPT_ERROR;
	if (all == NULL || longs == NULL || shorts == NULL) {
		cli_error(cli, NULL, 0, "out of memory");
		goto out;
	}
	memcpy(all, opts, n * sizeof(*all));
	memcpy(all + n, common_opts, sizeof(common_opts));
	all[n].value = &cli->verbosity;
	all[n + 1].value = &cli->json;
	all[n + 2].value = &help;

	size_t k = 0;
	shorts[k++] = '+'; /* stop at the first operand: "sigil ds -d 2 file" */
	shorts[k++] = ':';
	for (size_t i = 0; i < n + N_COMMON; i++) {
		longs[i].name = all[i].long_name;
		longs[i].has_arg = all[i].argh != NULL ? required_argument : no_argument;
		longs[i].val = INDEX_BASE + (int)i;
		if (all[i].short_name != 0) {
			shorts[k++] = (char)all[i].short_name;
			if (all[i].argh != NULL) {
				shorts[k++] = ':';
			}
		}
	}
	optind = 1;
	opterr = 0;
	for (;;) {
		int c = getopt_long(argc, argv, shorts, longs, NULL);
		if (c == -1) {
			break;
		}
		if (c == '?' || c == ':') {
			const char *bad = argv[optind - 1];
			cli_error(cli, NULL, 0, c == ':' ? "option '%s' needs an argument"
			                                 : "unknown option '%s'",
			          bad);
			fprintf(stderr, "try '%s %s --help'\n", cli->prog, cli->cmd);
			goto out;
		}
		const struct opt *o = NULL;
		if (c >= INDEX_BASE) {
			o = &all[c - INDEX_BASE];
		} else {
			for (size_t i = 0; i < n + N_COMMON && o == NULL; i++) {
				if (all[i].short_name == c) {
					o = &all[i];
				}
			}
		}
		if (o == NULL || !store(cli, o, optarg)) {
			goto out;
		}
	}
	if (help) {
		opt_usage(cli, opts, usage, description, stdout);
		result = OPT_HELP_SHOWN;
		goto out;
	}
	out_init(&cli->out, stdout, cli->json);
	result = optind;
out:
	free(all);
	free(longs);
	free(shorts);
	return result;
}
