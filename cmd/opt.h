/* SPDX-License-Identifier: MIT */
/* Declarative options on top of getopt_long: each command lists its options (and the
 * operands it takes) as data, and --help text is generated from the same table. */
#ifndef SIGIL_OPT_H
#define SIGIL_OPT_H

#include <limits.h>
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
	OPT_KIND_DURATION, /* struct opt_time *: seconds, at most `max` (0: 2^31 - 1) */
	OPT_KIND_COUNT,    /* int *: incremented each time */
	OPT_KIND_ENUM,     /* int *: the value of one of `choices`, named in any letter case */
	OPT_KIND_TTL,      /* uint32_t *: a TTL, 0 to 2^31 - 1 (RFC 2181 §8) */
	OPT_KIND_ALIAS,    /* one more short letter for the option called `long_name` */
	OPT_KIND_OPERANDS, /* not an option: how many operands the command takes */
};

/* A time or duration option with a "given" flag, so defaults can be told apart. */
struct opt_time {
	int64_t value;
	bool set;
	bool relative;   /* given as now+DUR, +DUR or now-DUR: value = now + offset */
	int64_t offset;
	bool bare;       /* relative without "now" (+DUR, -DUR): some options count it from
	                    another time (sign -e +30d: from the inception) */
};

/* Re-base a relative time on @p base (for commands with --at). */
void opt_time_rebase(struct opt_time *t, int64_t base);

/* Values of a repeatable option, in order. */
#define OPT_LIST_MAX 64
struct opt_list {
	const char *items[OPT_LIST_MAX];
	size_t n;
};

/* One name of an OPT_ENUM option; a table of them ends with { NULL, 0 }. */
struct opt_choice {
	const char *name;
	int value;
};

struct opt {
	enum opt_kind kind;
	int short_name;      /* 0: long only */
	const char *long_name;
	void *value;
	const char *argh;    /* argument placeholder in --help ("FILE"), NULL for flags */
	const char *help;
	unsigned long max;   /* OPT_KIND_UINT, _DURATION and _OPERANDS upper bound */
	unsigned long min;   /* OPT_KIND_OPERANDS lower bound */
	const struct opt_choice *choices; /* OPT_KIND_ENUM */
};

#define OPT_BOOL(s, l, v, h) { OPT_KIND_BOOL, (s), (l), (v), NULL, (h), 0 }
#define OPT_COUNT(s, l, v, h) { OPT_KIND_COUNT, (s), (l), (v), NULL, (h), 0 }
#define OPT_STRING(s, l, v, a, h) { OPT_KIND_STRING, (s), (l), (v), (a), (h), 0 }
#define OPT_LIST(s, l, v, a, h) { OPT_KIND_LIST, (s), (l), (v), (a), (h), 0 }
#define OPT_UINT(s, l, v, a, h, m) { OPT_KIND_UINT, (s), (l), (v), (a), (h), (m) }
#define OPT_TIME(s, l, v, a, h) { OPT_KIND_TIME, (s), (l), (v), (a), (h), 0 }
#define OPT_DURATION(s, l, v, a, h) { OPT_KIND_DURATION, (s), (l), (v), (a), (h), 0 }
/* A duration of at most @p m seconds. */
#define OPT_DURATION_MAX(s, l, v, a, h, m) { OPT_KIND_DURATION, (s), (l), (v), (a), (h), (m) }
/* @p c: a `struct opt_choice` table; --help and errors list its names as NAME|NAME|... */
#define OPT_ENUM(s, l, v, h, c) { OPT_KIND_ENUM, (s), (l), (v), NULL, (h), 0, 0, (c) }
#define OPT_TTL(s, l, v, a, h) { OPT_KIND_TTL, (s), (l), (v), (a), (h), 0 }
/* -@p s means the same as --@p l (an option of the same table). */
#define OPT_ALIAS(s, l) { OPT_KIND_ALIAS, (s), (l), NULL, NULL, NULL, 0 }
/* The command takes @p min to @p max operands (OPT_MANY: no limit), @p what in messages
 * ("ZONEFILE", "NAME [TYPE]"). Without this entry the count is not checked. */
#define OPT_MANY ULONG_MAX
#define OPT_OPERANDS(min, max, what) \
	{ OPT_KIND_OPERANDS, 0, NULL, NULL, (what), NULL, (max), (min) }
#define OPT_END() { OPT_KIND_END, 0, NULL, NULL, NULL, NULL, 0 }

/* Returned by opt_parse() instead of an argument index. */
#define OPT_HELP_SHOWN (-1) /* --help was printed: exit 0 */
#define OPT_ERROR (-2)      /* a message was printed: exit 2 */

/*
 * Parse options; every command also gets -h/--help, -v/--verbose and --json. Options may
 * come before and after the operands; "--" ends the options. The operands are moved to the
 * end of argv, in their order. @p usage is the synopsis line(s) after "usage: ". Returns
 * the index of the first operand in argv, OPT_HELP_SHOWN or OPT_ERROR (also when the
 * operand count of an OPT_OPERANDS entry is not met).
 */
int opt_parse(struct cli *cli, int argc, char **argv, const struct opt *opts, const char *usage,
              const char *description);

/* Was the option that stores into @p value given on the command line (in the last
 * opt_parse())? Works for every kind, whatever value it was given ("--iterations 0"). */
bool opt_given(const struct cli *cli, const void *value);

/* Print the usage and option list of a command to @p fp. */
void opt_usage(const struct cli *cli, const struct opt *opts, const char *usage,
               const char *description, void *fp);

#endif
