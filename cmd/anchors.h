/* SPDX-License-Identifier: MIT */
/* Where the trust anchors are when no --anchor is given (anchors.c), for every command that
 * validates from the root: sigil chain, sigil ds check --bootstrap. */
#ifndef SIGIL_ANCHORS_H
#define SIGIL_ANCHORS_H

#include <stddef.h>

/* The anchor file: $SIGIL_ANCHOR when set and not empty, else the IANA root anchors
 * installed with sigil (DATADIR/sigil/root-anchors.xml), else the source tree's
 * (../keys/root-anchors/root-anchors.xml from the directory of the running binary: a build
 * tree). Returns the path (in @p buf, or the environment's), or NULL when none exists. */
const char *cli_default_anchor(char *buf, size_t cap);

#endif
