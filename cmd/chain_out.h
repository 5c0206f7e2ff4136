/* SPDX-License-Identifier: MIT */
/* Printing a chain of trust as text, JSON or Graphviz. */
#ifndef SIGIL_CHAIN_OUT_H
#define SIGIL_CHAIN_OUT_H

#include <libsign/chain.h>

#include "cli.h"

/* Text or JSON: one chain as one report; several as one document (JSON: "queries"). */
void chain_print_all(struct cli *cli, const sgn_chain_t *const *chains, size_t n, int64_t now);

/* chain_html.c: one self-contained page with the picture, legend, findings and verdicts. */
int chain_html(struct cli *cli, const char *path, const sgn_chain_t *const *chains, size_t n,
               int64_t now);

/* chain_dot.c: the chains as one Graphviz graph; a key's role (KSK, ZSK, CSK). */
void chain_dot(FILE *fp, const sgn_chain_t *const *chains, size_t n);
const char *chain_key_role(const sgn_chain_key_t *k);

#endif
