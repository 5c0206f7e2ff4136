/* SPDX-License-Identifier: MIT */
/* Printing a chain of trust as text, JSON or Graphviz. */
#ifndef SIGIL_CHAIN_OUT_H
#define SIGIL_CHAIN_OUT_H

#include <libsign/chain.h>

#include "cli.h"

void chain_print(struct cli *cli, const sgn_chain_t *c, bool as_dot, int64_t now);

#endif
