/* SPDX-License-Identifier: MIT */
/* The output layer: results as JSON or as text from the same calls. In JSON mode the
 * out_* calls build one document; in text mode only out_text() prints. */
#ifndef SIGIL_OUT_H
#define SIGIL_OUT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <libsign/base.h>

#define OUT_DEPTH_MAX 32

struct out {
	FILE *fp;
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

/* Text mode only: printf to the output. */
void out_text(struct out *o, const char *fmt, ...) SGN_PRINTF(2, 3);

/* Finish the document (a newline after JSON) and flush. Returns false on a write error. */
bool out_finish(struct out *o);

#endif
