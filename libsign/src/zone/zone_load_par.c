/* SPDX-License-Identifier: MIT */
/* Reading a large zone file on the worker pool. The file is read in blocks; each block is
 * cut at line starts into chunks that the zone-text reader (text.h, the same code as the
 * serial path) parses on the workers, each with the $ORIGIN and $TTL lines met before it
 * replayed first; the workers also make the RRs into entries, and the entries are hung on
 * their nodes in file order. A chunk starts where the reader's state is known: at depth
 * zero of parentheses (checked: a chunk that ends inside them fails), on a line that names
 * its owner, with an explicit TTL unless a $TTL is in force.
 *
 * Anything unusual - standard input, a small file, $INCLUDE, $GENERATE, a directive after
 * the first records, too many directives, any error in any chunk - sends the file to the
 * serial reader, which reads it again from the start: errors and their line numbers are
 * always the serial reader's. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libsign/name.h>
#include <libsign/text.h>

#include "../pool/pool.h"
#include "zone_internal.h"

#define PAR_CHUNKS_PER_THREAD 4
#define PAR_PREAMBLE_MAX 64              /* $ORIGIN and $TTL lines replayed per chunk */
#define PAR_SCAN_LINES 4096              /* lines looked at for a chunk start */

void sgn__zone_par_tuning_init(struct sgn__zone_par_tuning *t)
{
	t->min_bytes = (size_t)4 << 20;  /* smaller files are read serially */
	t->block = (size_t)2 << 20;      /* bytes read and parsed at a time (twice that buffered):
	                                    small, so that the text never weighs on the peak */
	t->chunk_min = (size_t)64 << 10; /* smaller pieces are not worth a job */
}

struct pitem {
	struct sgn__rr_entry *e;
	const uint8_t *owner;
	bool n3;
};

struct pchunk {
	const char *text;
	size_t len;
	unsigned long lines;  /* newlines in it */
	bool preamble;        /* the directives are replayed before it (not before the first) */
	struct sgn__entry_store store; /* its entries, merged into the zone's */
	sgn__arena_t owners;  /* its owners' names: the zone keeps its own copy, so only until linked */
	struct pitem *items;
	size_t n, cap;
	sgn_err_t err;
};

struct par {
	struct sgn__zone_par_tuning t;
	const char *path;
	const sgn_zone_opts_t *opts;
	uint16_t fidx;
	unsigned threads;
	char *pre;            /* the directive lines met so far, each ending in a newline */
	size_t prelen, precap;
	unsigned long nprelines;
	bool dollar_ttl;      /* a $TTL among them */
	bool records_seen;    /* a record line was met: a directive now means the serial path */
	bool started;         /* the first chunk of the file was cut */
	struct pchunk *chunks;        /* the block being parsed */
	size_t nchunks;
	struct pchunk *prev;          /* the block before it, linked while this one is parsed */
	size_t nprev;
	struct pchunk *sets[2];       /* the two arrays they take turns in */
	unsigned long line0;          /* lines before the block being linked */
	sgn_zone_t *z;
	struct sgn__auth_reader auth; /* fed the bytes read, on the pool beside the parsing */
	const char *fresh;            /* the bytes this block read */
	size_t nfresh;
};

/* -- cutting a block into chunks -- */

static bool word_is(const char *p, const char *end, const char *w)
{
	size_t n = strlen(w);
	return (size_t)(end - p) > n && strncasecmp(p, w, n) == 0 && (p[n] == ' ' || p[n] == '\t');
}

/* A directive line (p at its '$'): $ORIGIN and $TTL are kept for replay; any other, or
 * one after the first records, is for the serial reader. */
static bool note_directive(struct par *P, const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t n = nl != NULL ? (size_t)(nl - p) + 1 : (size_t)(end - p);
	bool ttl = word_is(p, end, "$TTL");
	if (P->records_seen || (!ttl && !word_is(p, end, "$ORIGIN")) ||
	    P->nprelines >= PAR_PREAMBLE_MAX ||
	    sgn__grow(&P->pre, &P->precap, P->prelen + n + 2, 1, 256) != SGN_OK) {
		return false;
	}
	memcpy(P->pre + P->prelen, p, n);
	P->prelen += n;
	if (nl == NULL) {
		P->pre[P->prelen++] = '\n';
	}
	P->nprelines++;
	P->dollar_ttl = P->dollar_ttl || ttl;
	return true;
}

/* The second field of a record line names its TTL (digits), or the class does and the
 * third does: the reader's own test (a TTL starts with a digit). */
static bool explicit_ttl(const char *p, const char *end)
{
	for (int field = 0; field < 3 && p < end && *p != '\n'; field++) {
		if (field > 0 && *p >= '0' && *p <= '9') {
			return true;
		}
		if (field == 2 || (field == 1 && !(word_is(p, end, "IN") || word_is(p, end, "CH") ||
		                                   word_is(p, end, "HS") || word_is(p, end, "CS")))) {
			return false;
		}
		while (p < end && *p != ' ' && *p != '\t' && *p != '\n') {
			p++;
		}
		while (p < end && (*p == ' ' || *p == '\t')) {
			p++;
		}
	}
	return false;
}

/* Can a chunk start at line @p p? An owner in the first column and a TTL the reader
 * need not take from an earlier record. */
static bool chunk_start(const struct par *P, const char *p, const char *end)
{
	char c = p < end ? *p : '\n';
	if (c == ' ' || c == '\t' || c == ';' || c == '$' || c == '(' || c == '\n' || c == '\r') {
		return false;
	}
	return P->dollar_ttl || explicit_ttl(p, end);
}

/* The first chunk start at or after @p from (a line start), or NULL. */
static const char *next_start(const struct par *P, const char *from, const char *end)
{
	for (int i = 0; i < PAR_SCAN_LINES && from < end; i++) {
		if (chunk_start(P, from, end)) {
			return from;
		}
		const char *nl = memchr(from, '\n', (size_t)(end - from));
		if (nl == NULL) {
			return NULL;
		}
		from = nl + 1;
	}
	return NULL;
}

/* Directives in [p, end): noted, or false for the serial path. Also notes whether a record
 * line came before. */
static bool scan_directives(struct par *P, const char *p, const char *end)
{
	while (p < end) {
		if (*p == '$') {
			if (!note_directive(P, p, end)) {
				return false;
			}
		} else if (*p != ' ' && *p != '\t' && *p != ';' && *p != '\n' && *p != '\r') {
			P->records_seen = true;
		}
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		p = nl != NULL ? nl + 1 : end;
		/* Past the first records a directive ends the parallel path: look only for a '$'
		 * that starts a line (memchr: several times quicker than memmem of "\n$"). */
		if (P->records_seen && p < end) {
			for (const char *d = p; (d = memchr(d, '$', (size_t)(end - d))) != NULL; d++) {
				if (d[-1] == '\n') {
					return false;
				}
			}
			return true;
		}
	}
	return true;
}

/* Cut [text, text + len) into chunks; @p last tells whether the file ends there. Returns
 * where the block's text ends (the rest is carried to the next block), or NULL for the
 * serial path. */
static const char *cut(struct par *P, const char *text, size_t len, bool last)
{
	const char *end = text + len, *p = text, *stop = end;
	size_t want = (size_t)P->threads * PAR_CHUNKS_PER_THREAD;
	if (!scan_directives(P, text, end)) {
		return NULL;
	}
	if (!last) { /* the block ends where a chunk could start: the rest comes again */
		const char *tail = end;
		while (tail > text && tail[-1] != '\n') {
			tail--;
		}
		stop = tail;
		for (int i = 0; i < PAR_SCAN_LINES && stop > text && !chunk_start(P, stop, end); i++) {
			do {
				stop--;
			} while (stop > text && stop[-1] != '\n');
		}
		if (stop == text) {
			return NULL;
		}
	}
	size_t size = SGN_MAX((size_t)(stop - text) / want, P->t.chunk_min);
	P->nchunks = 0;
	while (p < stop) {
		const char *target = (size_t)(stop - p) > size ? p + size : stop;
		const char *next = NULL;
		if (target < stop && P->nchunks + 1 < want) {
			const char *nl = memchr(target, '\n', (size_t)(stop - target));
			next = nl != NULL ? next_start(P, nl + 1, stop) : NULL;
		}
		next = next != NULL ? next : stop;
		P->chunks[P->nchunks++] = (struct pchunk){ .text = p, .len = (size_t)(next - p),
			                                   .preamble = P->started };
		P->started = true;
		p = next;
	}
	return stop;
}

/* -- parsing a chunk -- */

static sgn_err_t chunk_add(struct pchunk *c, struct sgn__rr_entry *e, const uint8_t *owner,
                           bool n3)
{
	/* An owner's records mostly come together: they share one copy of the name. */
	size_t olen = sgn_name_len(owner, SGN_NAME_MAX);
	const uint8_t *prev = c->n > 0 ? c->items[c->n - 1].owner : NULL;
	bool same = prev != NULL && sgn_name_len(prev, SGN_NAME_MAX) == olen &&
	            memcmp(prev, owner, olen) == 0;
	const uint8_t *o = same ? prev : sgn__arena_dup(&c->owners, owner, olen);
	if (o == NULL || sgn__grow(&c->items, &c->cap, c->n + 1, sizeof(*c->items), 1024) != SGN_OK) {
		return SGN_ENOMEM;
	}
	c->items[c->n++] = (struct pitem){ e, o, n3 };
	return SGN_OK;
}

static sgn_err_t parse_chunk(void *ctx, unsigned worker, size_t job)
{
	struct par *P = ctx;
	SGN_UNUSED(worker);
	if (job == 0) { /* the first job takes the digest a step further */
		sgn__auth_reader_feed(&P->auth, P->fresh, P->nfresh);
		return SGN_OK;
	}
	struct pchunk *c = &P->chunks[job - 1];
	sgn_zonefile_opts_t zo;
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_zonefile_opts_init(&zo);
	zo.origin = P->opts->origin;
	zo.no_include = true;
	zo.no_generate = true;
	size_t prelen = c->preamble ? P->prelen : 0;
	unsigned long prelines = c->preamble ? P->nprelines : 0;
	/* The reader copies its text: only a chunk with directives before it needs one more. */
	char *text = prelen > 0 ? malloc(prelen + c->len + 1) : NULL;
	sgn_err_t err = prelen == 0 || text != NULL ? SGN_OK : SGN_ENOMEM;
	if (err == SGN_OK && text != NULL) {
		memcpy(text, P->pre, prelen);
		memcpy(text + prelen, c->text, c->len);
	}
	if (err == SGN_OK) {
		err = sgn_zonefile_open_mem(&zf, P->path, text != NULL ? text : c->text, prelen + c->len,
		                            &zo, NULL);
	}
	const char *q = c->text, *end = c->text + c->len;
	while ((q = memchr(q, '\n', (size_t)(end - q))) != NULL) {
		c->lines++;
		q++;
	}
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, NULL)) == SGN_OK) {
		const char *file;
		unsigned long line;
		uint8_t owner[SGN_NAME_MAX];
		bool n3;
		struct sgn__rr_entry *e;
		sgn_zonefile_location(zf, &file, &line);
		/* Lines counted from the chunk's start; the block's offset comes when linking. */
		err = P->opts->lenient_dnssec ? SGN_OK : sgn__zone_check_dnssec(&rr, file, line, NULL);
		if (err == SGN_OK) {
			err = sgn__zone_entry(&c->store, &rr, P->path, line - prelines, P->fidx, owner,
			                      &n3, &e, NULL);
		}
		if (err == SGN_OK) {
			err = chunk_add(c, e, owner, n3);
		}
	}
	sgn_zonefile_free(zf);
	free(text);
	c->err = err == SGN_ENOTFOUND ? SGN_OK : err;
	return SGN_OK; /* every chunk runs; a failed one sends the file to the serial reader */
}

/* -- the whole file -- */

/* A block's entries into the zone, in file order. */
static sgn_err_t link_chunks(struct par *P, struct pchunk *chunks, size_t n)
{
	sgn_zone_t *z = P->z;
	sgn_err_t err = SGN_OK;
	for (size_t k = 0; k < n; k++) {
		struct pchunk *c = &chunks[k];
		for (size_t i = 0; err == SGN_OK && i < c->n; i++) {
			c->items[i].e->line += (uint32_t)P->line0;
			err = sgn__zone_link(z, c->items[i].owner, c->items[i].n3, c->items[i].e, &z->last);
		}
		P->line0 += c->lines;
		sgn_err_t merged = sgn__store_merge(&z->loaded, &c->store);
		err = err == SGN_OK ? merged : err;
		free(c->items);
		c->items = NULL;
		c->n = c->cap = 0;
	}
	return err;
}

static void chunks_release(struct pchunk *chunks, size_t *n)
{
	for (size_t k = 0; k < *n; k++) {
		sgn__store_release(&chunks[k].store);
		sgn__arena_release(&chunks[k].owners);
		free(chunks[k].items);
		chunks[k].items = NULL;
	}
	*n = 0;
}

/* Linking is serial (the name table is the zone's), so it runs as a job of the next
 * block's pool run, beside that block's parsing: the first job, so that it starts first. */
static sgn_err_t block_job(void *ctx, unsigned worker, size_t job)
{
	struct par *P = ctx;
	if (job == 0) {
		return link_chunks(P, P->prev, P->nprev);
	}
	return parse_chunk(ctx, worker, job - 1);
}

/* One block: cut and parsed on the pool while the block before it is linked. *@p used:
 * the bytes consumed. */
static sgn_err_t block(struct par *P, const char *text, size_t len, bool last, size_t *used,
                       bool *fallback)
{
	P->prev = P->chunks;
	P->nprev = P->nchunks;
	P->chunks = P->sets[P->prev == P->sets[0]];
	P->nchunks = 0;
	const char *stop = cut(P, text, len, last);
	if (stop == NULL) {
		*fallback = true;
		return SGN_OK;
	}
	for (size_t k = 0; k < P->nchunks; k++) {
		sgn__store_init(&P->chunks[k].store);
		sgn__arena_init(&P->chunks[k].owners, 64 * 1024);
	}
	sgn_err_t err = sgn__pool_run(P->threads, P->nchunks + 2, block_job, P);
	chunks_release(P->prev, &P->nprev);
	for (size_t k = 0; err == SGN_OK && k < P->nchunks; k++) {
		if (P->chunks[k].err != SGN_OK) {
			*fallback = true;
		}
	}
	*used = (size_t)(stop - text);
	return err;
}

static sgn_err_t read_some(int fd, char *buf, size_t cap, size_t *got)
{
	*got = 0;
	while (*got < cap) {
		ssize_t n = read(fd, buf + *got, cap - *got);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			return SGN_EIO;
		}
		if (n == 0) {
			break;
		}
		*got += (size_t)n;
	}
	return SGN_OK;
}

static sgn_err_t read_all(struct par *P, int fd, bool *fallback)
{
	size_t cap = 2 * P->t.block, have = 0;
	char *buf = malloc(cap);
	sgn_err_t err = buf != NULL ? SGN_OK : SGN_ENOMEM;
	bool eof = false;
	while (err == SGN_OK && !*fallback && (!eof || have > 0)) {
		size_t got = 0;
		if (!eof && (err = read_some(fd, buf + have, cap - have, &got)) == SGN_OK) {
			eof = have + got < cap;
		}
		P->fresh = buf + have;
		P->nfresh = got;
		have += got;
		size_t used = 0;
		if (err == SGN_OK) {
			err = block(P, buf, have, eof, &used, fallback);
		}
		if (err == SGN_OK && !*fallback && !eof && used == 0) {
			*fallback = true; /* no place to cut in a whole block: very long records */
		}
		memmove(buf, buf + used, have - used);
		have -= used;
	}
	if (err == SGN_OK && !*fallback) {
		err = link_chunks(P, P->chunks, P->nchunks);
	}
	chunks_release(P->chunks, &P->nchunks);
	chunks_release(P->prev, &P->nprev);
	free(buf);
	return err;
}

sgn_err_t sgn__zone_load_parallel(sgn_zone_t **out, const char *path, const sgn_zone_opts_t *opts,
                                  const struct sgn__zone_par_tuning *t, bool *fallback,
                                  sgn_diag_t *diag)
{
	struct stat st;
	struct par P = { .t = *t, .path = path, .opts = opts,
		         .threads = sgn__pool_threads(opts->threads) };
	size_t nsets = (size_t)P.threads * PAR_CHUNKS_PER_THREAD + 1;
	*out = NULL;
	*fallback = true;
	if (P.threads < 2 || strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode) || (size_t)st.st_size < P.t.min_bytes) {
		return SGN_OK;
	}
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		return SGN_OK; /* the serial reader says why */
	}
	*fallback = false;
	sgn_zone_t *z = NULL;
	P.sets[0] = calloc(2 * nsets, sizeof(*P.sets[0]));
	P.sets[1] = P.sets[0] != NULL ? P.sets[0] + nsets : NULL;
	P.chunks = P.sets[1]; /* the first block takes the other */
	sgn_err_t err = P.sets[0] != NULL ? sgn__zone_new(&z, opts->origin, false) : SGN_ENOMEM;
	P.z = z;
	if (err == SGN_OK) {
		err = sgn__zone_file_index(z, path, &P.fidx);
	}
	sgn__auth_reader_init(&P.auth);
	if (err == SGN_OK) {
		err = read_all(&P, fd, fallback);
	}
	if (err == SGN_OK && !*fallback) {
		sgn__auth_reader_finish(&P.auth, &z->auth);
	}
	sgn__auth_reader_release(&P.auth);
	close(fd);
	free(P.sets[0]);
	free(P.pre);
	if (err == SGN_OK && !*fallback) {
		err = sgn__zone_build(z, opts, diag);
	}
	if (err != SGN_OK || *fallback) {
		sgn_zone_free(z);
		*fallback = *fallback || err == SGN_EIO;
		return *fallback ? SGN_OK : err;
	}
	*out = z;
	return SGN_OK;
}
