/* SPDX-License-Identifier: MIT */
/* Declarative options on top of getopt_long: each command lists its options as data, and
 * --help text is generated from the same table. */
#ifndef SIGIL_OPT_H
#define SIGIL_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct cli;

enum opt_kind {
	OPT_KIND_END = 0,
	OPT_KIND_BOOL,     /* bool * */
	OPT_KIND_STRING,   /* const char ** */
	OPT_KIND_LIST,     /* struct opt_list *: repeatable */
	OPT_KIND_UINT,     /* unsigned long *, bounded by `max` */
	OPT_KIND_TIME,     /* struct opt_time * */
	OPT_KIND_DURATION, /* struct opt_time *: seconds */
	OPT_KIND_COUNT,    /* int *: incremented each time */
};

/* A time or duration option with a "given" flag, so defaults can be told apart. */
struct opt_time {
	int64_t value;
	bool set;
	bool relative;   /* given as now+DUR, +DUR or now-DUR: value = now + offset */
	int64_t offset;
};

/* Re-base a relative time on @p base (for commands with --at). */
void opt_time_rebase(struct opt_time *t, int64_t base);

/* Values of a repeatable option, in order. */
#define OPT_LIST_MAX 64
struct opt_list {
	const char *items[OPT_LIST_MAX];
	size_t n;
};

struct opt {
	enum opt_kind kind;
	int short_name;      /* 0: long only */
	const char *long_name;
	void *value;
	const char *argh;    /* argument placeholder in --help ("FILE"), NULL for flags */
	const char *help;
	unsigned long max;   /* OPT_KIND_UINT upper bound */
};

#define OPT_BOOL(s, l, v, h) { OPT_KIND_BOOL, (s), (l), (v), NULL, (h), 0 }
#define OPT_COUNT(s, l, v, h) { OPT_KIND_COUNT, (s), (l), (v), NULL, (h), 0 }
#define OPT_STRING(s, l, v, a, h) { OPT_KIND_STRING, (s), (l), (v), (a), (h), 0 }
#define OPT_LIST(s, l, v, a, h) { OPT_KIND_LIST, (s), (l), (v), (a), (h), 0 }
#define OPT_UINT(s, l, v, a, h, m) { OPT_KIND_UINT, (s), (l), (v), (a), (h), (m) }
#define OPT_TIME(s, l, v, a, h) { OPT_KIND_TIME, (s), (l), (v), (a), (h), 0 }
#define OPT_DURATION(s, l, v, a, h) { OPT_KIND_DURATION, (s), (l), (v), (a), (h), 0 }
#define OPT_END() { OPT_KIND_END, 0, NULL, NULL, NULL, NULL, 0 }

/* Returned by opt_parse() instead of an argument index. */
#define OPT_HELP_SHOWN (-1) /* --help was printed: exit 0 */
#define OPT_ERROR (-2)      /* a message was printed: exit 2 */

/*
 * Parse options; every command also gets -h/--help, -v/--verbose and --json (when @p json
 * is non-NULL). @p usage is the synopsis line(s) after "usage: ". Returns the index of the
 * first operand in argv, OPT_HELP_SHOWN or OPT_ERROR.
 */
int opt_parse(struct cli *cli, int argc, char **argv, const struct opt *opts, const char *usage,
              const char *description);

/* Print the usage and option list of a command to @p fp. */
void opt_usage(const struct cli *cli, const struct opt *opts, const char *usage,
               const char *description, void *fp);

#endif
