/* SPDX-License-Identifier: MIT */
/* Growable byte buffers, and wiping secrets from memory. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/base.h>

#include "internal.h"

void sgn_buf_init(sgn_buf_t *buf)
{
	buf->data = NULL;
	buf->len = 0;
	buf->cap = 0;
}

void sgn_buf_release(sgn_buf_t *buf)
{
	free(buf->data);
	sgn_buf_init(buf);
}

void sgn_buf_release_wipe(sgn_buf_t *buf)
{
	if (buf->data != NULL) {
		sgn_wipe(buf->data, buf->cap);
	}
	sgn_buf_release(buf);
}

sgn_err_t sgn_buf_reserve(sgn_buf_t *buf, size_t extra)
{
	size_t need;
	if (!sgn__add_ok(buf->len, extra, &need)) {
		return SGN_ENOMEM;
	}
	if (need <= buf->cap) {
		return SGN_OK;
	}
	size_t cap = buf->cap < 64 ? 64 : buf->cap;
	while (cap < need) {
		if (!sgn__mul_ok(cap, 2, &cap)) {
			return SGN_ENOMEM;
		}
	}
	uint8_t *p = realloc(buf->data, cap);
	if (p == NULL) {
		return SGN_ENOMEM;
	}
	buf->data = p;
	buf->cap = cap;
	return SGN_OK;
}

sgn_err_t sgn_buf_append(sgn_buf_t *buf, const void *data, size_t len)
{
	if (len == 0) {
		return SGN_OK;
	}
	sgn_err_t err = sgn_buf_reserve(buf, len);
	if (err != SGN_OK) {
		return err;
	}
	memcpy(buf->data + buf->len, data, len);
	buf->len += len;
	return SGN_OK;
}

sgn_err_t sgn__buf_put8(sgn_buf_t *b, uint8_t v)
{
	return sgn_buf_append(b, &v, 1);
}

sgn_err_t sgn__buf_put16(sgn_buf_t *b, uint16_t v)
{
	uint8_t p[2];
	sgn__put16(p, v);
	return sgn_buf_append(b, p, 2);
}

sgn_err_t sgn__buf_put32(sgn_buf_t *b, uint32_t v)
{
	uint8_t p[4];
	sgn__put32(p, v);
	return sgn_buf_append(b, p, 4);
}

sgn_err_t sgn__buf_puts(sgn_buf_t *b, const char *s)
{
	size_t n = strlen(s);
	sgn_err_t err = sgn_buf_reserve(b, n + 1);
	if (err != SGN_OK) {
		return err;
	}
	memcpy(b->data + b->len, s, n + 1);
	b->len += n;
	return SGN_OK;
}

sgn_err_t sgn__buf_printf(sgn_buf_t *b, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		return SGN_EINVAL;
	}
	sgn_err_t err = sgn_buf_reserve(b, (size_t)n + 1);
	if (err != SGN_OK) {
		return err;
	}
	va_start(ap, fmt);
	vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return SGN_OK;
}

sgn_err_t sgn__grow(void *items, size_t *cap, size_t need, size_t size, size_t first)
{
	if (need <= *cap) {
		return SGN_OK;
	}
	size_t n = *cap > 0 ? *cap : first, bytes;
	while (n < need) {
		if (!sgn__mul_ok(n, 2, &n)) {
			return SGN_ENOMEM;
		}
	}
	if (!sgn__mul_ok(n, size, &bytes)) {
		return SGN_ENOMEM;
	}
	void *old, *grown; /* the pointer is copied in and out: *items is some T *, not a void * */
	memcpy(&old, items, sizeof(old));
	grown = realloc(old, bytes);
	if (grown == NULL) {
		return SGN_ENOMEM;
	}
	memcpy(items, &grown, sizeof(grown));
	*cap = n;
	return SGN_OK;
}

void sgn_wipe(void *p, size_t len)
{
	if (p != NULL && len > 0) {
		explicit_bzero(p, len); /* a memset the compiler may not drop as a dead store */
	}
}
