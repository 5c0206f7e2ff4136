/* SPDX-License-Identifier: MIT */
/* Tokens of named.conf text, as BIND 9's configuration parser sees them: quoted strings,
 * bare words, braces and semicolons; comments in C, C++ and shell style. Only what a
 * dnssec-policy block needs, and enough to step over every other statement. */
#include <string.h>

#include "policy.h"

static bool is_word_char(char c)
{
	return c != '\0' && strchr(" \t\r\n{};\"#", c) == NULL;
}

/* A comment starts at p: "//" or a slash and a star. */
static bool comment_at(const struct sgn__lex *lx)
{
	return lx->p[0] == '/' && lx->p + 1 < lx->end && (lx->p[1] == '/' || lx->p[1] == '*');
}

/* Skip blanks and comments; SGN_EPARSE for a comment that never ends. */
static sgn_err_t skip_space(struct sgn__lex *lx)
{
	while (lx->p < lx->end) {
		char c = *lx->p;
		if (c == '\n') {
			lx->line++;
			lx->p++;
		} else if (c == ' ' || c == '\t' || c == '\r') {
			lx->p++;
		} else if (c == '#' || (comment_at(lx) && lx->p[1] == '/')) {
			while (lx->p < lx->end && *lx->p != '\n') {
				lx->p++;
			}
		} else if (comment_at(lx)) {
			unsigned long start = lx->line;
			lx->p += 2;
			while (lx->p + 1 < lx->end && !(lx->p[0] == '*' && lx->p[1] == '/')) {
				lx->line += *lx->p == '\n';
				lx->p++;
			}
			if (lx->p + 1 >= lx->end) {
				return sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, start,
				                    "comment never ends");
			}
			lx->p += 2;
		} else {
			break;
		}
	}
	return SGN_OK;
}

static sgn_err_t quoted(struct sgn__lex *lx)
{
	size_t n = 0;
	lx->p++;
	while (lx->p < lx->end && *lx->p != '"') {
		if (*lx->p == '\\' && lx->p + 1 < lx->end) {
			lx->p++;
		}
		if (*lx->p == '\n') {
			lx->line++;
		}
		if (n + 1 >= sizeof(lx->tok)) {
			return sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, lx->tok_line, "string too long");
		}
		lx->tok[n++] = *lx->p++;
	}
	if (lx->p >= lx->end) {
		return sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, lx->tok_line, "string never ends");
	}
	lx->p++;
	lx->tok[n] = '\0';
	lx->type = SGN__TOK_STRING;
	return SGN_OK;
}

sgn_err_t sgn__lex_next(struct sgn__lex *lx)
{
	sgn_err_t err = skip_space(lx);
	if (err != SGN_OK) {
		return err;
	}
	lx->tok_line = lx->line;
	lx->tok[0] = '\0';
	if (lx->p >= lx->end) {
		lx->type = SGN__TOK_EOF;
		return SGN_OK;
	}
	char c = *lx->p;
	if (c == '{' || c == '}' || c == ';') {
		lx->type = c == '{' ? SGN__TOK_LBRACE : c == '}' ? SGN__TOK_RBRACE : SGN__TOK_SEMI;
		lx->tok[0] = c;
		lx->tok[1] = '\0';
		lx->p++;
		return SGN_OK;
	}
	if (c == '"') {
		return quoted(lx);
	}
	size_t n = 0;
	while (lx->p < lx->end && is_word_char(*lx->p) && !comment_at(lx)) {
		if (n + 1 >= sizeof(lx->tok)) {
			return sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, lx->line, "word too long");
		}
		lx->tok[n++] = *lx->p++;
	}
	if (n == 0) {
		return sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, lx->line, "unexpected '%c'", c);
	}
	lx->tok[n] = '\0';
	lx->type = SGN__TOK_WORD;
	return SGN_OK;
}

bool sgn__lex_is_value(const struct sgn__lex *lx)
{
	return lx->type == SGN__TOK_WORD || lx->type == SGN__TOK_STRING;
}

sgn_err_t sgn__lex_expect(struct sgn__lex *lx, enum sgn__tok type, const char *after)
{
	sgn_err_t err = sgn__lex_next(lx);
	if (err == SGN_OK && lx->type != type) {
		static const char *const names[] = { "end of file", "a word", "a string", "'{'", "'}'",
		                                     "';'" };
		err = sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, lx->tok_line,
		                   "expected %s after '%s'%s%s%s", names[type], after,
		                   lx->type == SGN__TOK_EOF ? "" : ", not '",
		                   lx->type == SGN__TOK_EOF ? "" : lx->tok,
		                   lx->type == SGN__TOK_EOF ? "" : "'");
	}
	return err;
}

sgn_err_t sgn__lex_skip_statement(struct sgn__lex *lx)
{
	unsigned depth = 0;
	unsigned long start = lx->tok_line;
	for (;;) {
		sgn_err_t err = sgn__lex_next(lx);
		if (err != SGN_OK) {
			return err;
		}
		switch (lx->type) {
		case SGN__TOK_EOF:
			return sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, start,
			                    "statement never ends (missing ';' or '}')");
		case SGN__TOK_LBRACE:
			depth++;
			break;
		case SGN__TOK_RBRACE:
			if (depth == 0) {
				return sgn_diag_set(lx->diag, SGN_EPARSE, lx->file, lx->tok_line,
				                    "unbalanced '}'");
			}
			depth--;
			break;
		case SGN__TOK_SEMI:
			if (depth == 0) {
				return SGN_OK;
			}
			break;
		default:
			break;
		}
	}
}
