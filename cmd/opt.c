/* SPDX-License-Identifier: MIT */
/* Option parsing from declarative tables (git's parse-options idea) over getopt_long. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cli.h"
#include "opt.h"
#include "timefmt.h"

#define INDEX_BASE 256             /* getopt_long `val` for option i is INDEX_BASE + i */
#define DURATION_MAX 0x7fffffffUL  /* default bound of a duration: 2^31 - 1 seconds */
#define LEFT_WIDTH 30              /* --help: the column where option help starts */

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

static bool takes_arg(const struct opt *o)
{
	return o->argh != NULL || o->kind == OPT_KIND_ENUM;
}

/* A real option: not an alias entry and not the operand count. */
static bool is_option(const struct opt *o)
{
	return o->kind != OPT_KIND_ALIAS && o->kind != OPT_KIND_OPERANDS;
}

/* The names of an enum, "a|b|c", into @p buf. */
static const char *choice_list(const struct opt *o, char *buf, size_t cap)
{
	size_t k = 0;
	buf[0] = '\0';
	for (const struct opt_choice *c = o->choices; c != NULL && c->name != NULL; c++) {
		int w = snprintf(buf + k, cap - k, "%s%s", k > 0 ? "|" : "", c->name);
		if (w < 0 || (size_t)w >= cap - k) {
			break;
		}
		k += (size_t)w;
	}
	return buf;
}

/* Append @p s to @p buf (of @p cap bytes, holding *@p k bytes); truncates quietly. */
static void add(char *buf, size_t cap, size_t *k, const char *s)
{
	while (*s != '\0' && *k + 1 < cap) {
		buf[(*k)++] = *s++;
	}
	buf[*k] = '\0';
}

static void add_short(char *buf, size_t cap, size_t *k, int c)
{
	char s[] = { '-', (char)c, ',', ' ', '\0' };
	add(buf, cap, k, s);
}

/* One --help line: "-x, -y, --name ARG   help", the short letters of aliases included. */
static void usage_line(FILE *fp, const struct opt *tbl, size_t n, const struct opt *o)
{
	char left[160], choices[128];
	size_t k = 0;
	left[0] = '\0';
	if (o->short_name != 0) {
		add_short(left, sizeof(left), &k, o->short_name);
	}
	for (size_t i = 0; i < n; i++) {
		if (tbl[i].kind == OPT_KIND_ALIAS && strcmp(tbl[i].long_name, o->long_name) == 0) {
			add_short(left, sizeof(left), &k, tbl[i].short_name);
		}
	}
	add(left, sizeof(left), &k, k == 0 ? "    --" : "--");
	add(left, sizeof(left), &k, o->long_name);
	if (takes_arg(o)) {
		add(left, sizeof(left), &k, " ");
		add(left, sizeof(left), &k,
		    o->kind == OPT_KIND_ENUM ? choice_list(o, choices, sizeof(choices)) : o->argh);
	}
	if (k <= LEFT_WIDTH) {
		fprintf(fp, "  %-*s %s\n", LEFT_WIDTH, left, o->help);
	} else {
		fprintf(fp, "  %s\n  %-*s %s\n", left, LEFT_WIDTH, "", o->help);
	}
}

void opt_usage(const struct cli *cli, const struct opt *opts, const char *usage,
               const char *description, void *fpv)
{
	FILE *fp = fpv;
	size_t n = count_opts(opts);
	fprintf(fp, "usage: %s %s\n", cli->prog, usage);
	if (description != NULL) {
		fprintf(fp, "\n%s\n", description);
	}
	fputs("\noptions:\n", fp);
	for (size_t i = 0; i < n; i++) {
		if (is_option(&opts[i])) {
			usage_line(fp, opts, n, &opts[i]);
		}
	}
	for (size_t i = 0; i < N_COMMON; i++) {
		usage_line(fp, common_opts, N_COMMON, &common_opts[i]);
	}
}

static bool store_enum(struct cli *cli, const struct opt *o, const char *arg)
{
	char names[128];
	for (const struct opt_choice *c = o->choices; c != NULL && c->name != NULL; c++) {
		if (strcasecmp(arg, c->name) == 0) {
			*(int *)o->value = c->value;
			return true;
		}
	}
	cli_error(cli, NULL, 0, "option '--%s' needs one of %s, not '%s'", o->long_name,
	          choice_list(o, names, sizeof(names)), arg);
	return false;
}

static bool store_time(struct cli *cli, const struct opt *o, const char *arg)
{
	struct opt_time *t = o->value;
	unsigned long max = o->max != 0 ? o->max : DURATION_MAX;
	if (o->kind == OPT_KIND_TIME) {
		if (!timefmt_parse_time_rel(arg, cli->now, &t->value, &t->relative, &t->offset)) {
			cli_error(cli, NULL, 0, "option '--%s' needs a time (YYYYMMDDHHMMSS, YYYYMMDD, "
			          "Unix seconds, ISO 8601 or now+DURATION), not '%s'", o->long_name, arg);
			return false;
		}
		t->bare = t->relative && strncmp(arg, "now", 3) != 0;
	} else if (!timefmt_parse_duration(arg, &t->value) || t->value < 0 ||
	           (uint64_t)t->value > max) {
		cli_error(cli, NULL, 0, "option '--%s' needs a duration (30d, 1h30m, 3600, P30D) of "
		          "at most %lu seconds, not '%s'", o->long_name, max, arg);
		return false;
	}
	t->set = true;
	return true;
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
	case OPT_KIND_TTL:
		if (!timefmt_parse_ttl(arg, (uint32_t *)o->value)) {
			cli_error(cli, NULL, 0, "option '--%s' needs a TTL (3600, 1h30m, PT1H) of at most "
			          "2147483647 seconds, not '%s'", o->long_name, arg);
			return false;
		}
		return true;
	case OPT_KIND_ENUM:
		return store_enum(cli, o, arg);
	case OPT_KIND_TIME:
	case OPT_KIND_DURATION:
		return store_time(cli, o, arg);
	default:
		return false;
	}
}

static void mark_given(struct cli *cli, const void *value)
{
	if (opt_given(cli, value) || cli->ngiven >= CLI_GIVEN_MAX) {
		return; /* the table size is checked before parsing: never full */
	}
	cli->given[cli->ngiven++] = value;
}

bool opt_given(const struct cli *cli, const void *value)
{
	for (size_t i = 0; i < cli->ngiven; i++) {
		if (cli->given[i] == value) {
			return true;
		}
	}
	return false;
}

void opt_time_rebase(struct opt_time *t, int64_t base)
{
	if (t->set && t->relative) {
		t->value = base + t->offset;
	}
}

/* An alias takes the kind, value and argument of the option it names. */
static bool resolve_aliases(struct cli *cli, struct opt *all, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (all[i].kind != OPT_KIND_ALIAS) {
			continue;
		}
		size_t t = 0;
		while (t < n && !(is_option(&all[t]) && strcmp(all[t].long_name, all[i].long_name) == 0)) {
			t++;
		}
		if (t == n) {
			cli_error(cli, NULL, 0, "internal error: '-%c' is an alias of no option '--%s'",
			          all[i].short_name, all[i].long_name);
			return false;
		}
		int s = all[i].short_name;
		all[i] = all[t];
		all[i].short_name = s;
	}
	return true;
}

/* "sign expects 1 operand (ZONEFILE), got 2", then the usage. */
static bool check_operands(struct cli *cli, const struct opt *opts, const char *usage, int got)
{
	const struct opt *spec = NULL;
	for (size_t i = 0; opts[i].kind != OPT_KIND_END; i++) {
		if (opts[i].kind == OPT_KIND_OPERANDS) {
			spec = &opts[i];
		}
	}
	if (spec == NULL || ((unsigned long)got >= spec->min && (unsigned long)got <= spec->max)) {
		return true;
	}
	char want[64];
	if (spec->min == spec->max) {
		snprintf(want, sizeof(want), "%lu operand%s", spec->min, spec->min == 1 ? "" : "s");
	} else if (spec->max == OPT_MANY) {
		snprintf(want, sizeof(want), "at least %lu operand%s", spec->min,
		         spec->min == 1 ? "" : "s");
	} else {
		snprintf(want, sizeof(want), "%lu %s %lu operands", spec->min,
		         spec->max == spec->min + 1 ? "or" : "to", spec->max);
	}
	cli_error(cli, NULL, 0, "%s expects %s (%s), got %d", cli->cmd, want, spec->argh, got);
	opt_usage(cli, opts, usage, NULL, stderr);
	return false;
}

/* The option getopt_long returned @p c for. */
static const struct opt *find_opt(const struct opt *all, size_t total, int c)
{
	if (c >= INDEX_BASE) {
		return &all[c - INDEX_BASE];
	}
	for (size_t i = 0; i < total; i++) {
		if (all[i].short_name == c && is_option(&all[i])) {
			return &all[i];
		}
	}
	return NULL;
}

static void bad_option(struct cli *cli, const struct opt *all, int c, char **argv)
{
	if (optopt >= INDEX_BASE) {
		cli_error(cli, NULL, 0, "option '--%s' needs an argument", all[optopt - INDEX_BASE].long_name);
	} else if (optopt != 0) {
		cli_error(cli, NULL, 0, c == ':' ? "option '-%c' needs an argument" : "unknown option '-%c'",
		          optopt);
	} else {
		cli_error(cli, NULL, 0, "unknown option '%s'", argv[optind - 1]);
	}
	fprintf(stderr, "try '%s %s --help'\n", cli->prog, cli->cmd);
}

/* getopt_long over argv, collecting the operands (which may come between options) in
 * @p operands. Returns their number, or -1 after a message. */
static int scan(struct cli *cli, int argc, char **argv, const struct opt *opts,
                const struct opt *all, size_t total, char **operands)
{
	struct option *longs = calloc(total + 1, sizeof(*longs));
	char *shorts = calloc(3 * total + 3, 1);
	int nops = -1;
	if (longs == NULL || shorts == NULL) {
		cli_error(cli, NULL, 0, "out of memory");
		goto out;
	}
	size_t k = 0, nl = 0;
	shorts[k++] = '+'; /* stop at each operand: it is collected, and scanning goes on */
	shorts[k++] = ':';
	for (size_t i = 0; i < total; i++) {
		if (all[i].kind == OPT_KIND_OPERANDS) {
			continue;
		}
		if (all[i].long_name != NULL && (i >= total - N_COMMON || opts[i].kind != OPT_KIND_ALIAS)) {
			longs[nl].name = all[i].long_name;
			longs[nl].has_arg = takes_arg(&all[i]) ? required_argument : no_argument;
			longs[nl++].val = INDEX_BASE + (int)i;
		}
		if (all[i].short_name != 0) {
			shorts[k++] = (char)all[i].short_name;
			if (takes_arg(&all[i])) {
				shorts[k++] = ':';
			}
		}
	}
	optind = 0; /* glibc: start afresh */
	opterr = 0;
	nops = 0;
	for (;;) {
		int prev = optind == 0 ? 1 : optind;
		int c = getopt_long(argc, argv, shorts, longs, NULL);
		if (c == -1) {
			if (optind >= argc) {
				break;
			}
			if (optind == prev + 1 && strcmp(argv[prev], "--") == 0) {
				while (optind < argc) {
					operands[nops++] = argv[optind++]; /* after "--": operands only */
				}
				break;
			}
			operands[nops++] = argv[optind++];
			continue;
		}
		const struct opt *o = c == '?' || c == ':' ? NULL : find_opt(all, total, c);
		if (o == NULL) {
			bad_option(cli, all, c, argv);
			nops = -1;
			break;
		}
		if (!store(cli, o, optarg)) {
			nops = -1;
			break;
		}
		mark_given(cli, o->value);
	}
out:
	free(longs);
	free(shorts);
	return nops;
}

int opt_parse(struct cli *cli, int argc, char **argv, const struct opt *opts, const char *usage,
              const char *description)
{
	size_t n = count_opts(opts), total = n + N_COMMON;
	struct opt *all = calloc(total, sizeof(*all));
	char **operands = calloc((size_t)argc + 1, sizeof(*operands));
	bool help = false;
	int result = OPT_ERROR;
	cli->ngiven = 0;
	if (all == NULL || operands == NULL) {
		cli_error(cli, NULL, 0, "out of memory");
		goto out;
	}
	if (total > CLI_GIVEN_MAX) {
		cli_error(cli, NULL, 0, "internal error: more than %d options", CLI_GIVEN_MAX);
		goto out;
	}
	memcpy(all, opts, n * sizeof(*all));
	memcpy(all + n, common_opts, sizeof(common_opts));
	all[n].value = &cli->verbosity;
	all[n + 1].value = &cli->json;
	all[n + 2].value = &help;
	if (!resolve_aliases(cli, all, n)) {
		goto out;
	}
	int nops = scan(cli, argc, argv, opts, all, total, operands);
	if (nops < 0) {
		goto out;
	}
	if (help) {
		opt_usage(cli, opts, usage, description, stdout);
		result = OPT_HELP_SHOWN;
		goto out;
	}
	/* The operands go to the end of argv, in order; what was before them does not
	 * matter any more (values point into the strings, not into argv). */
	memcpy(argv + argc - nops, operands, (size_t)nops * sizeof(*argv));
	if (!check_operands(cli, opts, usage, nops)) {
		goto out;
	}
	out_init(&cli->out, stdout, cli->json);
	result = argc - nops;
out:
	free(all);
	free(operands);
	return result;
}
