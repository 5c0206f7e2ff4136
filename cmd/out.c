/* SPDX-License-Identifier: MIT */
/* JSON writer (RFC 8259 string escaping, two-space indentation) and text output. */
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>

#include "out.h"

void out_init(struct out *o, FILE *fp, bool json)
{
	o->fp = fp;
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
	if (o->json) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vfprintf(o->fp, fmt, ap);
	va_end(ap);
}

bool out_finish(struct out *o)
{
	if (o->json) {
		fputc('\n', o->fp);
	}
	return fflush(o->fp) == 0 && !ferror(o->fp);
}
