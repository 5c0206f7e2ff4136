/* SPDX-License-Identifier: MIT */
/* The queries of one sigil chain run (chain_queries.c). */
#ifndef SIGIL_CHAIN_QUERIES_H
#define SIGIL_CHAIN_QUERIES_H

#include <stddef.h>
#include <stdint.h>

#include <libsign/name.h>

#include "cli.h"

#define QUERIES_MAX 256

struct query {
	uint8_t name[SGN_NAME_MAX];
	uint16_t type;
};

struct queries {
	struct query q[QUERIES_MAX];
	size_t n;
	char *file_text;      /* --queries FILE, its words point into it */
};

/* RRSIG and meta-types are refused (exit 2) with a message saying why. */
int chain_check_qtype(struct cli *cli, const char *type, uint16_t qtype);
/* NAME [TYPE] NAME [TYPE]...: after a name, a word without a dot is its type. */
int chain_queries_add_words(struct cli *cli, struct queries *qs, char **words, size_t n);
/* A file of queries: NAME [TYPE] per line, '#' comments. */
int chain_queries_add_file(struct cli *cli, struct queries *qs, const char *path);

#endif
