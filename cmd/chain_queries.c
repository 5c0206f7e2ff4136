/* SPDX-License-Identifier: MIT */
/* The queries of one sigil chain run: NAME [TYPE] words on the command line, or a file of
 * them, and which types a chain can be asked for. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/chain.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "chain_queries.h"

/* RRSIG and meta-types name nothing a chain of trust can vouch for: refused up front. */
int chain_check_qtype(struct cli *cli, const char *type, uint16_t qtype)
{
	if (sgn_chain_can_ask(qtype)) {
		return SIGIL_EXIT_OK;
	}
	if (qtype == SGN_TYPE_RRSIG) {
		return cli_error(cli, NULL, 0, "'%s' cannot be validated: RRSIG records are not signed "
		                 "themselves (RFC 4034 section 3); ask for the type they cover", type);
	}
	return cli_error(cli, NULL, 0, "'%s' is a meta-type or question-only type, not a type of "
	                 "records (RFC 6895 section 3.1): ask for a data type", type);
}

/* NAME [TYPE] NAME [TYPE]...: after a name, a word without a dot is its type (so a name of
 * one label takes its final dot there: "com."). */
int chain_queries_add_words(struct cli *cli, struct queries *qs, char **words, size_t n)
{
	bool typed = true;
	for (size_t i = 0; i < n; i++) {
		uint16_t t;
		if (i > 0 && strchr(words[i], '.') == NULL) {
			if (typed) {
				return cli_error(cli, NULL, 0, "'%s' follows a type: a name needs a dot ('%s.')",
				                 words[i], words[i]);
			}
			if (sgn_type_from_str(&t, words[i]) != SGN_OK) {
				return cli_error(cli, NULL, 0, "unknown RR type '%s'", words[i]);
			}
			if (chain_check_qtype(cli, words[i], t) != SIGIL_EXIT_OK) {
				return SIGIL_EXIT_USAGE;
			}
			qs->q[qs->n - 1].type = t;
			typed = true;
			continue;
		}
		if (qs->n == QUERIES_MAX) {
			return cli_error(cli, NULL, 0, "more than %d queries", QUERIES_MAX);
		}
		if (sgn_name_from_str(qs->q[qs->n].name, NULL, words[i], NULL) != SGN_OK) {
			return cli_error(cli, NULL, 0, "'%s' is not a valid domain name", words[i]);
		}
		qs->q[qs->n++].type = SGN_TYPE_A;
		typed = false;
	}
	return SIGIL_EXIT_OK;
}

/* A file of queries: "NAME [TYPE]" per line, '#' comments. */
int chain_queries_add_file(struct cli *cli, struct queries *qs, const char *path)
{
	FILE *fp = fopen(path, "r");
	char line[1024];
	unsigned long no = 0;
	if (fp == NULL) {
		return cli_error(cli, path, 0, "cannot read the queries");
	}
	int rc = SIGIL_EXIT_OK;
	while (rc == SIGIL_EXIT_OK && fgets(line, sizeof(line), fp) != NULL) {
		char *words[3], *save = NULL;
		size_t n = 0;
		no++;
		line[strcspn(line, "#")] = '\0';
		for (char *w = strtok_r(line, " \t\r\n", &save); w != NULL && n < 3;
		     w = strtok_r(NULL, " \t\r\n", &save)) {
			words[n++] = w;
		}
		if (n == 3 || (n == 2 && strchr(words[1], '.') != NULL)) {
			rc = cli_error(cli, path, no, "a line holds NAME and an optional TYPE");
		} else if (n > 0) {
			rc = chain_queries_add_words(cli, qs, words, n);
		}
	}
	fclose(fp);
	if (rc == SIGIL_EXIT_OK && qs->n == 0) {
		rc = cli_error(cli, path, 0, "no queries in the file");
	}
	return rc;
}

