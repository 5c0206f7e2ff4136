/* SPDX-License-Identifier: MIT */
/* $GENERATE expansion: "$" is the iterator, "${offset,width,base}" formats it (base d, o,
 * x, X, or n/N for reversed nibbles as in reverse zones), "\$" is a literal dollar. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "generate.h"

void sgn__generate_release(struct sgn__generate *g)
{
	sgn_buf_release(&g->tmpl);
	sgn_buf_release(&g->chars);
	memset(g, 0, sizeof(*g));
}

/* A decimal number of the range, 0 to SGN__GENERATE_VALUE_MAX; @p s moves past it. */
static bool range_number(const char **s, int64_t *out)
{
	char *end;
	if (**s < '0' || **s > '9') {
		return false; /* no sign, no blanks */
	}
	errno = 0;
	unsigned long long v = strtoull(*s, &end, 10);
	if (errno == ERANGE || v > SGN__GENERATE_VALUE_MAX) {
		return false;
	}
	*out = (int64_t)v;
	*s = end;
	return true;
}

/* "start-stop[/step]": 0 <= start <= stop <= 2^32 - 1 (as BIND), step >= 1. */
static bool parse_range(const char *s, int64_t *start, int64_t *stop, int64_t *step)
{
	*step = 1;
	if (!range_number(&s, start) || *s++ != '-' || !range_number(&s, stop)) {
		return false;
	}
	if (*s == '/' && (s++, !range_number(&s, step) || *step < 1)) {
		return false;
	}
	return *s == '\0' && *stop >= *start;
}

sgn_err_t sgn__generate_start(struct sgn__generate *g, const struct sgn__tok *toks, size_t n,
                              unsigned long max, char msg[SGN__MSG_MAX])
{
	sgn__generate_release(g);
	if (n < 5 || n > 7) {
		snprintf(msg, SGN__MSG_MAX, "$GENERATE takes: range lhs [ttl] [class] type rhs");
		return SGN_EPARSE;
	}
	if (!parse_range(toks[1].s, &g->cur, &g->stop, &g->step)) {
		snprintf(msg, SGN__MSG_MAX, "bad $GENERATE range '%s'", toks[1].s);
		return SGN_EPARSE;
	}
	uint64_t count = (uint64_t)((g->stop - g->cur) / g->step) + 1; /* no overflow: bounded */
	if (count > max) {
		snprintf(msg, SGN__MSG_MAX, "$GENERATE range '%s' creates more than %lu records",
		         toks[1].s, max);
		return SGN_ELIMIT;
	}
	g->count = (unsigned long)count;
	for (size_t i = 2; i < n; i++) {
		if (sgn_buf_append(&g->tmpl, toks[i].s, toks[i].len + 1) != SGN_OK) {
			return SGN_ENOMEM;
		}
	}
	g->ntmpl = n - 2;
	g->rhs_quoted = toks[n - 1].quoted;
	g->active = true;
	return SGN_OK;
}

/* "offset[,width[,base]]" of a ${...} modifier. The offset stays within +-2^32, which
 * keeps value + offset far from overflow; sscanf is not used, as an out-of-range
 * number is undefined behaviour for it. */
static bool parse_modifier(const char *spec, long long *offset, int *width, char *base)
{
	char *end;
	errno = 0;
	*offset = strtoll(spec, &end, 10);
	if (end == spec || errno == ERANGE || *offset > (long long)SGN__GENERATE_VALUE_MAX ||
	    *offset < -(long long)SGN__GENERATE_VALUE_MAX) {
		return false;
	}
	if (*end == ',') {
		const char *w = end + 1;
		long lw = strtol(w, &end, 10);
		if (end == w || lw < 0 || lw > 64) {
			return false;
		}
		*width = (int)lw;
		if (*end == ',') {
			*base = end[1];
			end += end[1] != '\0' ? 2 : 1;
		}
	}
	return *end == '\0' && *base != '\0' && strchr("doxXnN", *base) != NULL;
}

/* Format one "${offset,width,base}" or "$" at @p p (pointing at '$'); returns the
 * characters consumed, 0 on a syntax error. */
static size_t expand_dollar(const char *p, int64_t value, sgn_buf_t *out, sgn_err_t *err)
{
	long long offset = 0;
	int width = 0;
	char base = 'd';
	size_t used = 1;
	if (p[1] == '{') {
		const char *close = strchr(p, '}');
		if (close == NULL) {
			return 0;
		}
		char spec[64];
		size_t sl = (size_t)(close - p - 2);
		if (sl >= sizeof(spec)) {
			return 0;
		}
		memcpy(spec, p + 2, sl);
		spec[sl] = '\0';
		if (!parse_modifier(spec, &offset, &width, &base)) {
			return 0;
		}
		used = (size_t)(close - p) + 1;
	}
	int64_t v = value + offset;
	if (v < 0) {
		return 0;
	}
	char num[160];
	if (base == 'n' || base == 'N') {
		/* Reversed nibbles, "1.2.3" for 0x321; width counts output characters, dots too. */
		const char *digits = base == 'n' ? "0123456789abcdef" : "0123456789ABCDEF";
		size_t k = 0;
		unsigned long u = (unsigned long)v;
		do {
			if (k > 0) {
				num[k++] = '.';
			}
			num[k++] = digits[u & 15];
			u >>= 4;
		} while ((u != 0 || (int)k < width) && k + 2 < sizeof(num));
		num[k] = '\0';
	} else {
		switch (base) {
		case 'o': snprintf(num, sizeof(num), "%0*lo", width, (unsigned long)v); break;
		case 'x': snprintf(num, sizeof(num), "%0*lx", width, (unsigned long)v); break;
		case 'X': snprintf(num, sizeof(num), "%0*lX", width, (unsigned long)v); break;
		default: snprintf(num, sizeof(num), "%0*lu", width, (unsigned long)v); break;
		}
	}
	*err = sgn__buf_puts(out, num);
	return used;
}

/* Substitute into one template token, appending the result plus NUL to @p out. */
static sgn_err_t expand(const char *tmpl, int64_t value, sgn_buf_t *out, char *msg)
{
	sgn_err_t err = SGN_OK;
	for (const char *p = tmpl; err == SGN_OK && *p != '\0';) {
		if (p[0] == '\\' && p[1] == '$') {
			err = sgn_buf_append(out, "$", 1);
			p += 2;
		} else if (p[0] == '$') {
			size_t used = expand_dollar(p, value, out, &err);
			if (used == 0) {
				snprintf(msg, SGN__MSG_MAX, "bad $GENERATE modifier in '%s'", tmpl);
				return SGN_EPARSE;
			}
			p += used;
		} else {
			err = sgn_buf_append(out, p++, 1);
		}
	}
	return err == SGN_OK ? sgn_buf_append(out, "", 1) : err;
}

sgn_err_t sgn__generate_next(struct sgn__generate *g, struct sgn__tok **toks, size_t *n,
                             char msg[SGN__MSG_MAX])
{
	if (!g->active || g->cur > g->stop) {
		g->active = false;
		return SGN_ENOTFOUND;
	}
	int64_t value = g->cur;
	g->cur += g->step;
	g->chars.len = 0;
	const char *t = (const char *)g->tmpl.data;
	size_t offs[64], count = 0;
	for (size_t i = 0; i < g->ntmpl; i++, t += strlen(t) + 1) {
		size_t start = g->chars.len;
		sgn_err_t err = expand(t, value, &g->chars, msg);
		if (err != SGN_OK) {
			return err;
		}
		if (i + 1 < g->ntmpl || !g->rhs_quoted) {
			offs[count++] = start;
			continue;
		}
		/* A quoted rhs ("10 mail$") holds several RDATA fields: split it at blanks. */
		char *s = (char *)g->chars.data + start;
		for (char *p = s; *p != '\0' && count < ARRAY_LEN(offs);) {
			while (*p == ' ' || *p == '\t') {
				*p++ = '\0';
			}
			if (*p == '\0') {
				break;
			}
			offs[count++] = (size_t)(p - (char *)g->chars.data);
			while (*p != '\0' && *p != ' ' && *p != '\t') {
				p++;
			}
		}
	}
	for (size_t i = 0; i < count; i++) {
		g->toks[i].s = (char *)g->chars.data + offs[i];
		g->toks[i].len = strlen(g->toks[i].s);
		g->toks[i].quoted = false;
		g->toks[i].glued = false;
	}
	*toks = g->toks;
	*n = count;
	return SGN_OK;
}
