/* SPDX-License-Identifier: MIT */
/* BIND's $GENERATE directive: "$GENERATE range lhs [ttl] [class] type rhs", expanded into
 * one entry per value of the range. */
#ifndef SGN_TEXT_GENERATE_H
#define SGN_TEXT_GENERATE_H

#include "text_internal.h"

/* Largest value of a range (BIND's limit too) and of an offset's magnitude. */
#define SGN__GENERATE_VALUE_MAX UINT64_C(4294967295)

struct sgn__generate {
	bool active;
	int64_t cur, stop, step;    /* 0..2^32 - 1: cur + step never overflows */
	unsigned long count;        /* RRs this directive makes */
	sgn_buf_t tmpl;             /* template tokens, NUL-separated */
	size_t ntmpl;               /* lhs, [ttl], [class], type, rhs */
	bool rhs_quoted;
	sgn_buf_t chars;            /* expanded tokens */
	struct sgn__tok toks[64];
	const char *file;
	unsigned long line;
};

/* Parse the directive's tokens (toks[0] is "$GENERATE") and start expanding: SGN_ELIMIT
 * when it would make more than @p max RRs. */
sgn_err_t sgn__generate_start(struct sgn__generate *g, const struct sgn__tok *toks, size_t n,
                              unsigned long max, char msg[SGN__MSG_MAX]) SGN_INTERNAL;
/* Tokens of the next entry (valid until the next call); SGN_ENOTFOUND when done. */
sgn_err_t sgn__generate_next(struct sgn__generate *g, struct sgn__tok **toks, size_t *n,
                             char msg[SGN__MSG_MAX]) SGN_INTERNAL;
void sgn__generate_release(struct sgn__generate *g) SGN_INTERNAL;

#endif
