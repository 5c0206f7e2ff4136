/* SPDX-License-Identifier: MIT */
/* The sigil subcommands. Each takes argv with argv[0] the command name. */
#ifndef SIGIL_COMMANDS_H
#define SIGIL_COMMANDS_H

struct cli;

int cmd_keygen(struct cli *cli, int argc, char **argv);
int cmd_ds(struct cli *cli, int argc, char **argv);
int cmd_nsec3hash(struct cli *cli, int argc, char **argv);
int cmd_sign(struct cli *cli, int argc, char **argv);
int cmd_verify(struct cli *cli, int argc, char **argv);
int cmd_chain(struct cli *cli, int argc, char **argv);
int cmd_update(struct cli *cli, int argc, char **argv);
int cmd_rollover(struct cli *cli, int argc, char **argv);

#endif
