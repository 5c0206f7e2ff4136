/* SPDX-License-Identifier: MIT */
/* Rendering DOT to SVG through graphviz's library (chain_gv.c, the graphviz seam). */
#ifndef SIGIL_CHAIN_GV_H
#define SIGIL_CHAIN_GV_H

#include <stddef.h>
#include <stdio.h>

/* Lay out @p dot with graphviz's "dot" engine and render SVG into *svg (malloc'd, caller
 * frees, NUL-terminated, *len bytes). 0 on success; -1 with a message in @p err. */
int chain_gv_svg(const char *dot, char **svg, size_t *len, char *err, size_t errcap);

#endif
