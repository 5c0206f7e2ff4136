/* SPDX-License-Identifier: MIT */
/* JSON writer (RFC 8259 string escaping, two-space indentation) and text output. */
#include <ctype.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "out.h"

void out_init(struct out *o, FILE *fp, bool json)
{
	o->fp = fp;
	o->text = fp;
	o->json = json;
	o->depth = 0;
	o->has_items[0] = false;
	o->compact = false;
}

static void indent(struct out *o)
{
	for (int i = 0; i < o->depth; i++) {
		fputs("  ", o->fp);
	}
}

static void json_string(FILE *fp, const char *s)
{
	fputc('"', fp);
	for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
		switch (*p) {
		case '"': fputs("\\\"", fp); break;
		case '\\': fputs("\\\\", fp); break;
		case '\n': fputs("\\n", fp); break;
		case '\r': fputs("\\r", fp); break;
		case '\t': fputs("\\t", fp); break;
		default:
			if (*p < 0x20) {
				fprintf(fp, "\\u%04x", *p);
			} else {
				fputc(*p, fp);
			}
		}
	}
	fputc('"', fp);
}

/* Comma, newline, indentation and key before a value. */
static void item(struct out *o, const char *key)
{
	if (o->depth > 0 && o->compact) {
		fputs(o->has_items[o->depth] ? "," : "", o->fp);
		o->has_items[o->depth] = true;
	} else if (o->depth > 0) {
		fputs(o->has_items[o->depth] ? ",\n" : "\n", o->fp);
		o->has_items[o->depth] = true;
		indent(o);
	}
	if (key != NULL) {
		json_string(o->fp, key);
		fputs(o->compact ? ":" : ": ", o->fp);
	}
}

static void open_(struct out *o, const char *key, char c)
{
	if (!o->json) {
		return;
	}
	item(o, key);
	fputc(c, o->fp);
	if (o->depth + 1 < OUT_DEPTH_MAX) {
		o->depth++;
		o->has_items[o->depth] = false;
	}
}

static void close_(struct out *o, char c)
{
	if (!o->json) {
		return;
	}
	bool had = o->has_items[o->depth];
	o->depth--;
	if (had && !o->compact) {
		fputc('\n', o->fp);
		indent(o);
	}
	fputc(c, o->fp);
}

void out_object_begin(struct out *o, const char *key)
{
	open_(o, key, '{');
}

void out_object_end(struct out *o)
{
	close_(o, '}');
}

void out_array_begin(struct out *o, const char *key)
{
	open_(o, key, '[');
}

void out_array_end(struct out *o)
{
	close_(o, ']');
}

void out_str(struct out *o, const char *key, const char *value)
{
	if (!o->json) {
		return;
	}
	item(o, key);
	if (value == NULL) {
		fputs("null", o->fp);
	} else {
		json_string(o->fp, value);
	}
}

void out_int(struct out *o, const char *key, int64_t value)
{
	if (!o->json) {
		return;
	}
	item(o, key);
	fprintf(o->fp, "%" PRId64, value);
}

void out_bool(struct out *o, const char *key, bool value)
{
	if (!o->json) {
		return;
	}
	item(o, key);
	fputs(value ? "true" : "false", o->fp);
}

void out_text(struct out *o, const char *fmt, ...)
{
	if (o->json || o->text == NULL) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(o->text, fmt, ap);
	va_end(ap);
}

void out_text_to(struct out *o, FILE *fp)
{
	o->text = fp;
}

/* What the first conversion of a printf format takes. */
enum arg_kind { ARG_NONE, ARG_INT, ARG_UINT, ARG_CHAR, ARG_DOUBLE, ARG_STR };
struct conv {
	enum arg_kind kind;
	char len[3]; /* length modifier: "", "h", "hh", "l", "ll", "z", "j", "t", "L" */
};

static struct conv first_conversion(const char *fmt)
{
	struct conv c = { ARG_NONE, "" };
	const char *p = fmt;
	while ((p = strchr(p, '%')) != NULL && p[1] == '%') {
		p += 2;
	}
	if (p == NULL) {
		return c;
	}
	for (p++; *p != '\0' && strchr("-+ #0'", *p) != NULL; p++) {
	}
	while (isdigit((unsigned char)*p) || *p == '.') {
		p++;
	}
	size_t n = 0;
	while (*p != '\0' && strchr("hlLjzt", *p) != NULL && n < 2) {
		c.len[n++] = *p++;
	}
	c.len[n] = '\0';
	switch (*p) {
	case 'd': case 'i': c.kind = ARG_INT; break;
	case 'u': case 'x': case 'X': case 'o': c.kind = ARG_UINT; break;
	case 'c': c.kind = ARG_CHAR; break;
	case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': c.kind = ARG_DOUBLE; break;
	case 's': c.kind = ARG_STR; break;
	default: break; /* '*' and the rest: not supported, JSON null */
	}
	return c;
}

static intmax_t arg_int(va_list *ap, const char *len)
{
	switch (len[0]) {
	case 'l': return len[1] == 'l' ? va_arg(*ap, long long) : va_arg(*ap, long);
	case 'z': return (intmax_t)va_arg(*ap, size_t);
	case 'j': return va_arg(*ap, intmax_t);
	case 't': return va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, int); /* hh, h and none: promoted to int */
	}
}

static uintmax_t arg_uint(va_list *ap, const char *len)
{
	switch (len[0]) {
	case 'l': return len[1] == 'l' ? va_arg(*ap, unsigned long long) : va_arg(*ap, unsigned long);
	case 'z': return va_arg(*ap, size_t);
	case 'j': return va_arg(*ap, uintmax_t);
	case 't': return (uintmax_t)va_arg(*ap, ptrdiff_t);
	default: return va_arg(*ap, unsigned);
	}
}

/* The JSON value of the first conversion's argument. */
static void json_arg(struct out *o, struct conv c, va_list *ap)
{
	switch (c.kind) {
	case ARG_INT:
		fprintf(o->fp, "%jd", arg_int(ap, c.len));
		return;
	case ARG_UINT:
		fprintf(o->fp, "%ju", arg_uint(ap, c.len));
		return;
	case ARG_CHAR: {
		char s[2] = { (char)va_arg(*ap, int), '\0' };
		json_string(o->fp, s);
		return;
	}
	case ARG_DOUBLE: {
		double d = c.len[0] == 'L' ? (double)va_arg(*ap, long double) : va_arg(*ap, double);
		if (isfinite(d)) {
			fprintf(o->fp, "%.17g", d);
		} else {
			fputs("null", o->fp);
		}
		return;
	}
	case ARG_STR: {
		const char *s = va_arg(*ap, const char *);
		if (s != NULL) {
			json_string(o->fp, s);
		} else {
			fputs("null", o->fp);
		}
		return;
	}
	default:
		fputs("null", o->fp);
	}
}

void out_field(struct out *o, const char *key, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	if (o->json) {
		item(o, key);
		json_arg(o, first_conversion(fmt), &ap);
	} else if (o->text != NULL) {
		vfprintf(o->text, fmt, ap);
	}
	va_end(ap);
}

void out_flag(struct out *o, const char *key, bool value, const char *text)
{
	if (o->json) {
		out_bool(o, key, value);
	} else if (value && o->text != NULL) {
		fputs(text, o->text);
	}
}

bool out_finish(struct out *o)
{
	if (o->json) {
		fputc('\n', o->fp);
	}
	bool ok = fflush(o->fp) == 0 && !ferror(o->fp);
	if (o->text != NULL && o->text != o->fp) {
		ok = fflush(o->text) == 0 && !ferror(o->text) && ok;
	}
	return ok;
}
