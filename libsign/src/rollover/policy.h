/* SPDX-License-Identifier: MIT */
/* Reading dnssec-policy blocks: the named.conf tokenizer (policy_lex.c), the option parser
 * (policy_parse.c) and the checks a policy must pass (policy_check.c). */
#ifndef SGN_ROLLOVER_POLICY_H
#define SGN_ROLLOVER_POLICY_H

#include <libsign/rollover.h>

#include "../internal.h"

enum sgn__tok {
	SGN__TOK_EOF = 0,
	SGN__TOK_WORD,
	SGN__TOK_STRING,
	SGN__TOK_LBRACE,
	SGN__TOK_RBRACE,
	SGN__TOK_SEMI,
};

struct sgn__lex {
	const char *p, *end;
	const char *file;
	unsigned long line;      /* where p is */
	unsigned long tok_line;  /* where the current token starts */
	enum sgn__tok type;
	char tok[256];
	sgn_diag_t *diag;
};

/* The next token into lx->tok / lx->type; SGN_EPARSE (with diag) for bad text. */
sgn_err_t sgn__lex_next(struct sgn__lex *lx) SGN_INTERNAL;
/* A word or a quoted string. */
bool sgn__lex_is_value(const struct sgn__lex *lx) SGN_INTERNAL;
/* The next token, which must be of @p type ("expected ';' after 'X'" otherwise). */
sgn_err_t sgn__lex_expect(struct sgn__lex *lx, enum sgn__tok type, const char *after) SGN_INTERNAL;
/* Skip to the ';' that ends the statement whose first token was just read. */
sgn_err_t sgn__lex_skip_statement(struct sgn__lex *lx) SGN_INTERNAL;

/* Parse the body of a dnssec-policy block, after its '{', up to and with its "};". */
sgn_err_t sgn__policy_body(sgn_policy_t *p, struct sgn__lex *lx) SGN_INTERNAL;

/* The checks of a complete policy (refresh against validity, a KSK and a ZSK role for each
 * algorithm, lifetimes against the rollover they start); SGN_EPARSE naming the line. */
sgn_err_t sgn__policy_check(const sgn_policy_t *p, sgn_diag_t *diag) SGN_INTERNAL;

/* How long one rollover of @p method takes with policy @p p, from its first stage until
 * every record it changed has settled (parent registration delays not counted), and how
 * long from its start until the old key stops being needed (the "lead" that a successor
 * is started ahead of the old key's retirement). */
int64_t sgn__roll_duration(const sgn_policy_t *p, sgn_roll_method_t method) SGN_INTERNAL;
int64_t sgn__roll_lead(const sgn_policy_t *p, sgn_roll_method_t method) SGN_INTERNAL;

#endif
