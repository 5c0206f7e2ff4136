/* SPDX-License-Identifier: MIT */
/* sigil: command dispatch. Everything else lives in the commands and in libsign. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include <libsign/base.h>
#include <libsign/version.h>

#include "cli.h"
#include "commands.h"

struct command {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "sign", cmd_sign, "sign or re-sign a zone file" },
	{ "update", cmd_update, "apply dynamic updates to a signed zone, re-signing what changed" },
	{ "verify", cmd_verify, "verify a signed zone offline and report every defect" },
	{ "chain", cmd_chain, "validate a name from the root trust anchor down" },
	{ "keygen", cmd_keygen, "create a DNSSEC key pair in BIND's file format" },
	{ "ds", cmd_ds, "DS records from keys or a DNSKEY set" },
	{ "nsec3-hash", cmd_nsec3hash, "NSEC3 owner name hashes" },
	{ "rollover", cmd_rollover, "plan, check and step key rollovers (RFC 7583)" },
};

static const struct command *find(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		if (strcmp(commands[i].name, name) == 0) {
			return &commands[i];
		}
	}
	return NULL;
}

static int usage(FILE *fp, int code)
{
	fprintf(fp, "usage: sigil COMMAND [OPTIONS] [ARGS]\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++) {
		fprintf(fp, "  %-12s %s\n", commands[i].name, commands[i].summary);
	}
	fprintf(fp, "\n'sigil help COMMAND' or 'sigil COMMAND --help' shows a command's options.\n");
	return code;
}

int main(int argc, char **argv)
{
	struct cli cli = { .prog = "sigil", .now = (int64_t)time(NULL) };
	if (sgn_init() != SGN_OK) {
		return cli_error(&cli, NULL, 0, "cannot initialise the crypto libraries");
	}
	if (argc < 2) {
		return usage(stderr, SIGIL_EXIT_USAGE);
	}
	const char *name = argv[1];
	if (strcmp(name, "--version") == 0 || strcmp(name, "version") == 0) {
		printf("sigil %s\n", sgn_version_string());
		return SIGIL_EXIT_OK;
	}
	if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 ||
	    (strcmp(name, "help") == 0 &&
	     (argc == 2 || strcmp(argv[2], "help") == 0 || argv[2][0] == '-'))) {
		return usage(stdout, SIGIL_EXIT_OK);
	}
	char help_flag[] = "--help";
	char *help_argv[] = { NULL, help_flag, NULL };
	if (strcmp(name, "help") == 0) {
		help_argv[0] = argv[2];
		name = argv[2];
		argv = help_argv;
		argc = 2;
	} else {
		argv++;
		argc--;
	}
	const struct command *cmd = find(name);
	if (cmd == NULL) {
		cli_error(&cli, NULL, 0, "unknown command '%s'", name);
		return usage(stderr, SIGIL_EXIT_USAGE);
	}
	cli.cmd = cmd->name;
	return cmd->fn(&cli, argc, argv);
}
