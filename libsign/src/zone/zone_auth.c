/* SPDX-License-Identifier: MIT */
/* The authenticator line a zone file written by sigil ends with (sign/auth.c writes it):
 * "; sigil-auth v1 TAG ALG MAC", an HMAC by a secret of key TAG over the SHA-256 of every
 * byte before the line. Reading a file, the digest of those bytes is taken as they go by
 * (one line held back: it may be the authenticator), so that a signer holding the key can
 * tell, without verifying a signature, that the file is what it wrote. A file with a
 * directive ($INCLUDE, $ORIGIN, ...) is never vouched for: sigil writes none, and the
 * bytes of an included file would not be in the digest. */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsign/codec.h>

#include "../alg/alg.h"
#include "zone_internal.h"

void sgn__auth_reader_init(struct sgn__auth_reader *r)
{
	memset(r, 0, sizeof(*r));
	sgn_buf_init(&r->tail);
	r->ok = sgn__md_new("SHA256", &r->md) == SGN_OK;
}

void sgn__auth_reader_release(struct sgn__auth_reader *r)
{
	sgn__md_free(r->md);
	sgn_buf_release(&r->tail);
	r->md = NULL;
}

/* Hash [p, p + n), which starts at a line start. */
static void hash(struct sgn__auth_reader *r, const char *p, size_t n)
{
	if (n == 0 || !r->ok) {
		return;
	}
	/* A directive anywhere: nothing to vouch for (and nothing more to hash). A '$' is
	 * rare in zone text; memchr finds each far faster than memmem finds "\n$". */
	for (const char *d = p; (d = memchr(d, '$', n - (size_t)(d - p))) != NULL; d++) {
		if (d == p || d[-1] == '\n') {
			r->ok = false;
			return;
		}
	}
	r->ok = sgn__md_update(r->md, p, n) == SGN_OK;
}

void sgn__auth_reader_feed(struct sgn__auth_reader *r, const char *p, size_t n)
{
	if (!r->ok || n == 0) {
		return;
	}
	/* Complete the held line; once more bytes follow it, it was not the last. */
	if (r->tail.len > 0 && r->tail.data[r->tail.len - 1] != '\n') {
		const char *nl = memchr(p, '\n', n);
		size_t k = nl != NULL ? (size_t)(nl - p) + 1 : n;
		r->ok = sgn_buf_append(&r->tail, p, k) == SGN_OK;
		p += k;
		n -= k;
	}
	if (n == 0 || !r->ok) {
		return;
	}
	hash(r, (const char *)r->tail.data, r->tail.len);
	r->tail.len = 0;
	/* Hold back the last line of what came: everything before it is hashed now. */
	size_t end = p[n - 1] == '\n' ? n - 1 : n, last = end;
	while (last > 0 && p[last - 1] != '\n') {
		last--;
	}
	hash(r, p, last);
	r->ok = r->ok && sgn_buf_append(&r->tail, p + last, n - last) == SGN_OK;
}

/* "; sigil-auth v1 TAG ALG HEX" */
static bool parse_line(struct sgn__zone_auth *a, const char *line, size_t len)
{
	char text[256], hex[2 * SGN__AUTH_MAC_LEN + 2];
	unsigned tag, alg;
	sgn_buf_t mac;
	if (len >= sizeof(text) || strncmp(line, SGN__AUTH_PREFIX, strlen(SGN__AUTH_PREFIX)) != 0) {
		return false;
	}
	memcpy(text, line, len);
	text[len] = '\0';
	if (sscanf(text + strlen(SGN__AUTH_PREFIX), "%5u %3u %65s", &tag, &alg, hex) != 3 ||
	    tag > 65535 || alg > 255 || strlen(hex) != 2 * SGN__AUTH_MAC_LEN) {
		return false;
	}
	sgn_buf_init(&mac);
	bool ok = sgn_hex_decode(&mac, hex, strlen(hex)) == SGN_OK && mac.len == SGN__AUTH_MAC_LEN;
	if (ok) {
		memcpy(a->mac, mac.data, SGN__AUTH_MAC_LEN);
		a->tag = (uint16_t)tag;
		a->alg = (uint8_t)alg;
	}
	sgn_buf_release(&mac);
	return ok;
}

void sgn__auth_reader_finish(struct sgn__auth_reader *r, struct sgn__zone_auth *a)
{
	size_t n = 0;
	memset(a, 0, sizeof(*a));
	size_t len = r->tail.len;
	while (len > 0 && (r->tail.data[len - 1] == '\n' || r->tail.data[len - 1] == '\r')) {
		len--;
	}
	if (!r->ok || !parse_line(a, (const char *)r->tail.data, len)) {
		return;
	}
	uint8_t d[64];
	if (sgn__md_final(r->md, d, &n) == SGN_OK && n == sizeof(a->digest)) {
		memcpy(a->digest, d, sizeof(a->digest));
		a->present = true;
	}
}

void sgn__zone_auth_file(sgn_zone_t *z, const char *path)
{
	struct sgn__auth_reader r;
	char buf[1 << 16];
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return;
	}
	sgn__auth_reader_init(&r);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));
		if (n <= 0) {
			r.ok = r.ok && n == 0;
			break;
		}
		sgn__auth_reader_feed(&r, buf, (size_t)n);
	}
	close(fd);
	sgn__auth_reader_finish(&r, &z->auth);
	sgn__auth_reader_release(&r);
}
