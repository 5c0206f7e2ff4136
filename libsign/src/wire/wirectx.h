/* SPDX-License-Identifier: MIT */
/* A bounds-checked reading cursor over wire data. The first failed read sets `err` and all
 * later reads return zeros, so callers check once at the end. */
#ifndef SGN_WIRE_WIRECTX_H
#define SGN_WIRE_WIRECTX_H

#include <libsign/name.h>

#include "../internal.h"

typedef struct sgn__wctx {
	const uint8_t *start;
	const uint8_t *p;
	const uint8_t *end;
	bool err;
} sgn__wctx_t;

static inline void sgn__wctx_init(sgn__wctx_t *w, const uint8_t *data, size_t len)
{
	w->start = data;
	w->p = data;
	w->end = data + len;
	w->err = false;
}

static inline size_t sgn__wctx_left(const sgn__wctx_t *w)
{
	return w->err ? 0 : (size_t)(w->end - w->p);
}

static inline bool sgn__wctx_need(sgn__wctx_t *w, size_t n)
{
	if (w->err || (size_t)(w->end - w->p) < n) {
		w->err = true;
		return false;
	}
	return true;
}

static inline uint8_t sgn__wctx_u8(sgn__wctx_t *w)
{
	if (!sgn__wctx_need(w, 1)) {
		return 0;
	}
	return *w->p++;
}

static inline uint16_t sgn__wctx_u16(sgn__wctx_t *w)
{
	if (!sgn__wctx_need(w, 2)) {
		return 0;
	}
	uint16_t v = sgn__get16(w->p);
	w->p += 2;
	return v;
}

static inline uint32_t sgn__wctx_u32(sgn__wctx_t *w)
{
	if (!sgn__wctx_need(w, 4)) {
		return 0;
	}
	uint32_t v = sgn__get32(w->p);
	w->p += 4;
	return v;
}

/* Borrow @p n bytes; NULL (and err set) when fewer remain. */
static inline const uint8_t *sgn__wctx_bytes(sgn__wctx_t *w, size_t n)
{
	if (!sgn__wctx_need(w, n)) {
		return NULL;
	}
	const uint8_t *p = w->p;
	w->p += n;
	return p;
}

/* Borrow an uncompressed wire name; NULL (and err set) when malformed or out of bounds. */
static inline const uint8_t *sgn__wctx_name(sgn__wctx_t *w)
{
	if (w->err) {
		return NULL;
	}
	size_t n = sgn_name_len(w->p, (size_t)(w->end - w->p));
	if (n == 0) {
		w->err = true;
		return NULL;
	}
	const uint8_t *p = w->p;
	w->p += n;
	return p;
}

#endif
