/* SPDX-License-Identifier: MIT */
/* The output layer: results as JSON or as text from the same calls. In JSON mode the
 * out_* calls build one document; in text mode out_field(), out_flag() and out_text()
 * print, to the text stream. */
#ifndef SIGIL_OUT_H
#define SIGIL_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libsign/base.h>

#define OUT_DEPTH_MAX 32

struct out {
	FILE *fp;
	FILE *text;   /* where text mode prints: fp, another stream, or NULL for nowhere */
	bool json;
	bool compact; /* JSON on one line (JSON Lines), no indentation */
	int depth;
	bool has_items[OUT_DEPTH_MAX]; /* a comma is due before the next item at this depth */
};

void out_init(struct out *o, FILE *fp, bool json);

/* JSON structure; @p key is NULL inside arrays and for the top-level value. */
void out_object_begin(struct out *o, const char *key);
void out_object_end(struct out *o);
void out_array_begin(struct out *o, const char *key);
void out_array_end(struct out *o);
void out_str(struct out *o, const char *key, const char *value); /* NULL value: null */
void out_int(struct out *o, const char *key, int64_t value);
void out_bool(struct out *o, const char *key, bool value);

/* Text mode only: printf to the text stream. */
void out_text(struct out *o, const char *fmt, ...) SGN_PRINTF(2, 3);

/*
 * One result field, rendered in either mode. JSON: `"key": value` (@p key NULL inside an
 * array), the value being the argument of the first conversion of @p fmt: %s a string (NULL:
 * null), %d %i %u %x %c with any length modifier (PRId64, %zu...) an integer, %f %e %g a
 * number. Text: printf(@p fmt, ...) to the text stream. No '*' width or precision.
 *   out_field(o, "names", "%zu names, ", st->names);
 */
void out_field(struct out *o, const char *key, const char *fmt, ...) SGN_PRINTF(3, 4);

/* A boolean field: JSON true or false; text: @p text, only when @p value is true. */
void out_flag(struct out *o, const char *key, bool value, const char *text);

/* Text mode prints to @p fp from now on (NULL: text is dropped, e.g. for --quiet); JSON
 * stays on the output stream. */
void out_text_to(struct out *o, FILE *fp);

/* Finish the document (a newline after JSON) and flush. Returns false on a write error. */
bool out_finish(struct out *o);

#endif
