/* SPDX-License-Identifier: MIT */
/* Zone text reader: physical lines to entries (parentheses, comments, quotes), directives
 * ($ORIGIN, $TTL, $INCLUDE, $GENERATE), then entries to RRs in wire form. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#include <libsign/name.h>
#include <libsign/text.h>
#include <libsign/time.h>

#include "../wire/name_internal.h"
#include "generate.h"
#include "text_internal.h"
#include "zsource.h"

/* Longest owner text remembered: every name's text fits (255 octets, each escaped as \DDD). */
#define OWNER_TEXT_MAX (4 * SGN_NAME_MAX)

struct sgn_zonefile {
	sgn_zonefile_opts_t opts;
	struct sgn__zsource src[32];
	unsigned depth;                 /* sources open; src[depth-1] is current */
	char *mem;                      /* copy of in-memory text */
	char *topdir;                   /* the zone file's directory, for confined $INCLUDEs */
	unsigned long generated;        /* RRs the $GENERATE directives made so far */
	uint8_t origin[SGN_NAME_MAX];
	bool origin_set;                /* by the options or $ORIGIN */

	/* the entry being read */
	sgn_buf_t line;
	sgn_buf_t chars;                /* token characters, NUL-separated */
	size_t *tok_off;
	struct sgn__tok *toks;
	size_t ntoks, tokcap;
	bool blank_owner;
	unsigned long entry_line;

	/* RR state */
	uint8_t owner[SGN_NAME_MAX];
	bool have_owner;
	/* The text the owner was parsed from (with the origin in force): the records after it
	 * with the same text, most of a zone, skip the name parser. 0 when there is none. */
	char owner_text[OWNER_TEXT_MAX];
	size_t owner_text_len;
	uint32_t dollar_ttl, last_ttl;
	bool have_dollar_ttl, have_last_ttl;
	sgn_buf_t rdata;
	struct sgn__type_memo types;

	struct sgn__generate gen;
	const char *loc_file;
	unsigned long loc_line;
};

void sgn_zonefile_opts_init(sgn_zonefile_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
	opts->max_include_depth = 16;
	opts->max_generate = SGN_ZONEFILE_MAX_GENERATE;
}

/* -- sources -- */

/* A new origin: relative owner names mean something else from here on. */
static void set_origin(sgn_zonefile_t *zf, const uint8_t *origin, size_t len)
{
	memcpy(zf->origin, origin, len);
	zf->owner_text_len = 0;
}

/* Read @p fp (or, when NULL, the text in zf->mem) next; on failure @p fp is not taken. */
static sgn_err_t push_source(sgn_zonefile_t *zf, FILE *fp, size_t len, const char *path,
                             sgn_diag_t *diag)
{
	if (zf->depth >= ARRAY_LEN(zf->src) || zf->depth > zf->opts.max_include_depth) {
		return sgn_diag_set(diag, SGN_ELIMIT, path, 0, "$INCLUDE nested too deeply");
	}
	struct sgn__zsource *s = &zf->src[zf->depth];
	sgn_err_t err = sgn__zsource_open(s, fp, zf->mem, len, path);
	if (err != SGN_OK) {
		return err;
	}
	memcpy(s->origin, zf->origin, sizeof(zf->origin));
	if (zf->depth == 0) {
		/* The directory confined $INCLUDEs are looked up in. */
		const char *slash = strrchr(path, '/');
		zf->topdir = slash == NULL ? strdup(".")
		             : slash == path ? strdup("/")
		                             : strndup(path, (size_t)(slash - path));
		if (zf->topdir == NULL) {
			s->fp = NULL; /* not taken */
			sgn__zsource_close(s);
			return SGN_ENOMEM;
		}
	}
	zf->depth++;
	return SGN_OK;
}

static void pop_source(sgn_zonefile_t *zf)
{
	struct sgn__zsource *s = &zf->src[--zf->depth];
	/* RFC 1035 §5.1: the origin an $INCLUDE set does not leak out of the included file. */
	set_origin(zf, s->origin, sizeof(zf->origin));
	sgn__zsource_close(s);
}

static sgn_err_t zonefile_new(sgn_zonefile_t **out, const sgn_zonefile_opts_t *opts)
{
	sgn_zonefile_t *zf = calloc(1, sizeof(*zf));
	*out = NULL;
	if (zf == NULL) {
		return SGN_ENOMEM;
	}
	if (opts != NULL) {
		zf->opts = *opts;
	} else {
		sgn_zonefile_opts_init(&zf->opts);
	}
	if (zf->opts.origin != NULL) {
		size_t n = sgn_name_len(zf->opts.origin, SGN_NAME_MAX);
		if (n == 0) {
			free(zf);
			return SGN_EINVAL;
		}
		memcpy(zf->origin, zf->opts.origin, n);
		zf->origin_set = true;
	}
	zf->opts.origin = NULL; /* copied; the caller's buffer may go away */
	sgn_buf_init(&zf->line);
	sgn_buf_init(&zf->chars);
	sgn_buf_init(&zf->rdata);
	*out = zf;
	return SGN_OK;
}

sgn_err_t sgn_zonefile_open(sgn_zonefile_t **out, const char *path,
                            const sgn_zonefile_opts_t *opts, sgn_diag_t *diag)
{
	sgn_zonefile_t *zf;
	*out = NULL;
	sgn_err_t err = zonefile_new(&zf, opts);
	if (err != SGN_OK) {
		return err;
	}
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	if (fp == NULL) {
		err = sgn__diag_from_errno(diag, path, "cannot open"); /* zone text: a zone, keys, anchors */
	} else {
		err = push_source(zf, fp, 0, path, diag);
		if (err != SGN_OK && fp != stdin) {
			fclose(fp);
		}
	}
	if (err != SGN_OK) {
		sgn_zonefile_free(zf);
		return err;
	}
	*out = zf;
	return SGN_OK;
}

sgn_err_t sgn_zonefile_open_mem(sgn_zonefile_t **out, const char *name, const char *text,
                                size_t len, const sgn_zonefile_opts_t *opts, sgn_diag_t *diag)
{
	sgn_zonefile_t *zf;
	*out = NULL;
	sgn_err_t err = zonefile_new(&zf, opts);
	if (err != SGN_OK) {
		return err;
	}
	zf->mem = malloc(len + 1);
	if (zf->mem == NULL) {
		err = SGN_ENOMEM;
	} else {
		if (len > 0) {
			memcpy(zf->mem, text, len);
		}
		err = push_source(zf, NULL, len, name, diag);
	}
	if (err != SGN_OK) {
		sgn_zonefile_free(zf);
		return err;
	}
	*out = zf;
	return SGN_OK;
}

void sgn_zonefile_free(sgn_zonefile_t *zf)
{
	if (zf == NULL) {
		return;
	}
	while (zf->depth > 0) {
		pop_source(zf);
	}
	sgn__generate_release(&zf->gen);
	free(zf->mem);
	free(zf->topdir);
	sgn_buf_release(&zf->line);
	free(zf->tok_off);
	free(zf->toks);
	sgn_buf_release(&zf->chars);
	sgn_buf_release(&zf->rdata);
	free(zf);
}

void sgn_zonefile_location(const sgn_zonefile_t *zf, const char **file, unsigned long *line)
{
	*file = zf->loc_file != NULL ? zf->loc_file : "";
	*line = zf->loc_line;
}

const uint8_t *sgn_zonefile_origin(const sgn_zonefile_t *zf)
{
	return zf->origin;
}

/* -- tokenizer -- */

/* What ends a token: TOK_END_BARE ends an unquoted one (blanks, comments, parentheses, a
 * quote that starts the next token), TOK_END_QUOTED a quoted one (its closing quote); both
 * stop at the end of the line and at a backslash, which takes the next character with it.
 * One table look-up per character: the tokenizer sees every byte of the zone. */
enum { TOK_END_BARE = 1, TOK_END_QUOTED = 2 };
static const uint8_t tok_end[256] = {
	['\0'] = TOK_END_BARE | TOK_END_QUOTED, ['\n'] = TOK_END_BARE | TOK_END_QUOTED,
	['\r'] = TOK_END_BARE | TOK_END_QUOTED, ['\\'] = TOK_END_BARE | TOK_END_QUOTED,
	['"'] = TOK_END_BARE | TOK_END_QUOTED, [' '] = TOK_END_BARE, ['\t'] = TOK_END_BARE,
	[';'] = TOK_END_BARE, ['('] = TOK_END_BARE, [')'] = TOK_END_BARE,
};

/* Skip ahead, 16 bytes at a time, to the first byte that could end a token of either kind:
 * one up to ')' (0x29, which takes in NUL, blanks, line ends, '"', '(' and ')'), ';' or
 * a backslash. It stops no later than 16 bytes before @p end, the line's end; the exact
 * test, a byte at a time, goes on from there. Most of a zone's bytes are in long tokens
 * (base64, hex, names), which this crosses in a few steps. */
static const char *skip_plain(const char *p, const char *end)
{
#ifdef __SSE2__
	const __m128i top = _mm_set1_epi8(0x29), semi = _mm_set1_epi8(';'),
	              bslash = _mm_set1_epi8('\\');
	while (end - p >= 16) {
		__m128i v = _mm_loadu_si128((const __m128i *)(const void *)p);
		__m128i low = _mm_cmpeq_epi8(_mm_max_epu8(v, top), top); /* v <= 0x29 */
		__m128i m = _mm_or_si128(low, _mm_or_si128(_mm_cmpeq_epi8(v, semi),
		                                           _mm_cmpeq_epi8(v, bslash)));
		unsigned bits = (unsigned)_mm_movemask_epi8(m);
		if (bits != 0) {
			return p + __builtin_ctz(bits);
		}
		p += 16;
	}
#else
	(void)end;
#endif
	return p;
}

static sgn_err_t add_token(sgn_zonefile_t *zf, bool quoted, bool glued, size_t len)
{
	if (zf->ntoks == zf->tokcap) { /* two arrays of one capacity: each grows from it */
		size_t cap = zf->tokcap;
		if (sgn__grow(&zf->tok_off, &cap, zf->ntoks + 1, sizeof(*zf->tok_off), 32) != SGN_OK) {
			return SGN_ENOMEM;
		}
		cap = zf->tokcap;
		if (sgn__grow(&zf->toks, &cap, zf->ntoks + 1, sizeof(*zf->toks), 32) != SGN_OK) {
			return SGN_ENOMEM;
		}
		zf->tokcap = cap;
	}
	zf->tok_off[zf->ntoks] = zf->chars.len;
	zf->toks[zf->ntoks].len = len;
	zf->toks[zf->ntoks].quoted = quoted;
	zf->toks[zf->ntoks].glued = glued;
	zf->ntoks++;
	return SGN_OK;
}

/* Tokenize one physical line of @p len bytes into the current entry. @p depth tracks
 * parentheses. */
static sgn_err_t tokenize_line(sgn_zonefile_t *zf, const char *p, size_t len, int *depth,
                               const char **why)
{
	/* Each token is followed in the text by a character that ends it (or by the line's
	 * end), and a quoted one has two quotes: its characters and NUL never take more than
	 * the line and one byte. Reserved once, so the copies below need no checks. */
	if (sgn_buf_reserve(&zf->chars, len + 1) != SGN_OK) {
		return SGN_ENOMEM;
	}
	const char *last_end = NULL; /* just past the previous token */
	const char *end = p + len;
	while (*p != '\0') {
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			p++;
			continue;
		}
		if (*p == ';') {
			break;
		}
		if (*p == '(' || *p == ')') {
			*depth += *p == '(' ? 1 : -1;
			if (*depth < 0) {
				*why = "unbalanced ')'";
				return SGN_EPARSE;
			}
			p++;
			continue;
		}
		bool quoted = *p == '"';
		bool glued = p == last_end;
		if (quoted) {
			p++;
		}
		/* Find the end of the token first, then copy it in one go. */
		const uint8_t stop = quoted ? TOK_END_QUOTED : TOK_END_BARE;
		const char *start = p;
		for (;;) {
			p = skip_plain(p, end);
			while ((tok_end[(unsigned char)*p] & stop) == 0) {
				p++;
			}
			if (*p != '\\') {
				break;
			}
			p += p[1] != '\0' ? 2 : 1;
		}
		if (quoted && *p != '"') {
			*why = "unterminated quoted string";
			return SGN_EPARSE;
		}
		size_t n = (size_t)(p - start);
		if (add_token(zf, quoted, glued, n) != SGN_OK) {
			return SGN_ENOMEM;
		}
		char *to = (char *)zf->chars.data + zf->chars.len;
		memcpy(to, start, n);
		to[n] = '\0';
		zf->chars.len += n + 1;
		if (quoted) {
			p++; /* the closing quote */
		}
		last_end = p;
		if (zf->chars.len > SGN__LINE_MAX) {
			*why = "entry longer than 1 MiB";
			return SGN_ELIMIT;
		}
	}
	return SGN_OK;
}

/* Read the next non-empty entry from the current source. SGN_ENOTFOUND at its end. */
static sgn_err_t read_entry(sgn_zonefile_t *zf, sgn_diag_t *diag)
{
	struct sgn__zsource *s = &zf->src[zf->depth - 1];
	zf->ntoks = 0;
	zf->chars.len = 0;
	int depth = 0;
	for (;;) {
		sgn_err_t err = sgn__zsource_line(s, &zf->line, diag);
		if (err == SGN_ENOTFOUND && depth > 0) {
			return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
			                    "unbalanced '(' at end of file");
		}
		if (err != SGN_OK) {
			return err;
		}
		const char *text = (const char *)zf->line.data;
		if (depth == 0) {
			zf->entry_line = s->line;
			zf->blank_owner = text[0] == ' ' || text[0] == '\t';
		}
		const char *why = NULL;
		err = tokenize_line(zf, text, zf->line.len, &depth, &why);
		if (err != SGN_OK) {
			return err == SGN_ENOMEM ? err
			                         : sgn_diag_set(diag, err, s->path, s->line, "%s", why);
		}
		if (depth == 0 && zf->ntoks > 0) {
			break;
		}
	}
	for (size_t i = 0; i < zf->ntoks; i++) {
		zf->toks[i].s = (char *)zf->chars.data + zf->tok_off[i];
	}
	return SGN_OK;
}

/* -- entries to RRs -- */

static bool looks_like_ttl(const char *s)
{
	return isdigit((unsigned char)s[0]);
}

/* An RR's or $TTL's TTL: RFC 2181 §8 makes it a value of 0 to 2^31 - 1. */
static sgn_err_t entry_ttl(const char *s, uint32_t *ttl, char msg[SGN__MSG_MAX])
{
	sgn_err_t err = sgn_ttl_from_str(ttl, s);
	if (err == SGN_ELIMIT) {
		snprintf(msg, SGN__MSG_MAX, "TTL '%s' is more than %lu: out of range (RFC 2181 "
		         "section 8)", s, (unsigned long)SGN_TTL_MAX);
		return SGN_EPARSE;
	}
	if (err != SGN_OK) {
		snprintf(msg, SGN__MSG_MAX, "bad TTL '%s'", s);
		return SGN_EPARSE;
	}
	return SGN_OK;
}

/* Is @p t the text zf->owner was parsed from? */
static bool same_owner_text(const sgn_zonefile_t *zf, const struct sgn__tok *t)
{
	return zf->owner_text_len != 0 && t->len == zf->owner_text_len &&
	       memcmp(t->s, zf->owner_text, t->len) == 0;
}

static sgn_err_t entry_to_rr(sgn_zonefile_t *zf, const struct sgn__tok *toks, size_t n,
                           bool blank_owner, sgn_rr_t *rr, char msg[SGN__MSG_MAX])
{
	size_t i = 0;
	uint32_t ttl = 0;
	bool have_ttl = false, have_class = false;
	uint16_t rclass = SGN_CLASS_IN;
	if (!blank_owner) {
		if (!same_owner_text(zf, &toks[0])) {
			const char *why;
			zf->owner_text_len = 0; /* the parser writes into zf->owner */
			if (sgn__name_from_str_why(zf->owner, NULL, toks[0].s, zf->origin, &why) != SGN_OK) {
				snprintf(msg, SGN__MSG_MAX, "bad owner name '%.60s%s': %s", toks[0].s,
				         toks[0].len > 60 ? "..." : "", why);
				return SGN_EPARSE;
			}
			if (toks[0].len <= sizeof(zf->owner_text)) {
				memcpy(zf->owner_text, toks[0].s, toks[0].len);
				zf->owner_text_len = toks[0].len;
			}
		}
		zf->have_owner = true;
		i = 1;
	} else if (!zf->have_owner) {
		snprintf(msg, SGN__MSG_MAX, "no owner name and no previous owner");
		return SGN_EPARSE;
	}
	/* RFC 1035 §5.1: TTL and class are optional and may come in either order. */
	for (int k = 0; k < 2 && i < n && !toks[i].quoted; k++) {
		if (!have_ttl && looks_like_ttl(toks[i].s)) {
			if (entry_ttl(toks[i].s, &ttl, msg) != SGN_OK) {
				return SGN_EPARSE;
			}
			have_ttl = true;
			i++;
		} else if (!have_class && sgn__class_from_str(toks[i].s, &rclass) == SGN_OK) {
			have_class = true;
			i++;
		} else {
			break;
		}
	}
	if (i >= n) {
		snprintf(msg, SGN__MSG_MAX, "missing RR type");
		return SGN_EPARSE;
	}
	uint16_t type;
	if (toks[i].quoted || sgn__type_from_tok(&zf->types, &toks[i], &type) != SGN_OK) {
		snprintf(msg, SGN__MSG_MAX, "unknown RR type '%s'", toks[i].s);
		return SGN_EPARSE;
	}
	if (sgn_type_is_meta(type)) {
		snprintf(msg, SGN__MSG_MAX, "meta type '%s' cannot appear in zone data", toks[i].s);
		return SGN_EPARSE;
	}
	/* Without an origin from the caller or $ORIGIN, an SOA with an absolute owner sets it,
	 * as ldns does: "example. SOA ns1 admin ..." then means ns1.example. */
	if (type == SGN_TYPE_SOA && !zf->origin_set && !blank_owner) {
		size_t tl = toks[0].len;
		if (tl > 0 && toks[0].s[tl - 1] == '.' && (tl < 2 || toks[0].s[tl - 2] != '\\')) {
			set_origin(zf, zf->owner, sgn_name_len(zf->owner, SGN_NAME_MAX));
			zf->origin_set = true;
		}
	}
	i++;
	zf->rdata.len = 0;
	sgn_err_t err = sgn__rdata_from_tokens(type, toks + i, n - i, zf->origin, &zf->types,
	                                       &zf->rdata, msg);
	if (err != SGN_OK) {
		return err;
	}
	if (have_ttl) {
		zf->last_ttl = ttl;
		zf->have_last_ttl = true;
	} else if (zf->have_dollar_ttl) {
		ttl = zf->dollar_ttl;
	} else if (zf->have_last_ttl) {
		ttl = zf->last_ttl; /* RFC 1035 §5.1: the last explicitly stated value */
	} else if (zf->opts.has_default_ttl) {
		ttl = zf->opts.default_ttl;
	} else if (type == SGN_TYPE_SOA && zf->rdata.len >= 4) {
		ttl = sgn__get32(zf->rdata.data + zf->rdata.len - 4); /* BIND: SOA MINIMUM */
		zf->last_ttl = ttl;
		zf->have_last_ttl = true;
	} else {
		snprintf(msg, SGN__MSG_MAX, "no TTL given and no $TTL in effect");
		return SGN_EPARSE;
	}
	rr->owner = zf->owner;
	rr->type = type;
	rr->rclass = rclass;
	rr->ttl = ttl;
	rr->rdlen = (uint16_t)zf->rdata.len;
	rr->rdata = zf->rdata.data;
	return SGN_OK;
}

/* -- directives -- */

static sgn_err_t directive_include(sgn_zonefile_t *zf, sgn_diag_t *diag)
{
	struct sgn__zsource *s = &zf->src[zf->depth - 1];
	if (zf->opts.no_include) {
		return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
		                    "$INCLUDE is not allowed for this input");
	}
	if (zf->ntoks < 2 || zf->ntoks > 3) {
		return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
		                    "$INCLUDE takes a file name and an optional origin");
	}
	uint8_t new_origin[SGN_NAME_MAX];
	const char *why;
	if (zf->ntoks == 3 &&
	    sgn__name_from_str_why(new_origin, NULL, zf->toks[2].s, zf->origin, &why) != SGN_OK) {
		return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
		                    "bad origin '%.60s': %s", zf->toks[2].s, why);
	}
	char path[4096], msg[SGN__MSG_MAX];
	FILE *fp;
	sgn_err_t err = sgn__include_open(zf->toks[1].s, s->path, zf->topdir,
	                                  zf->opts.include_confine, &fp, path, msg);
	if (err != SGN_OK) {
		return sgn_diag_set(diag, err, s->path, zf->entry_line, "%s", msg);
	}
	err = push_source(zf, fp, 0, path, diag);
	if (err != SGN_OK) {
		fclose(fp);
		if (err == SGN_ELIMIT) {
			sgn_diag_set(diag, err, s->path, zf->entry_line, "$INCLUDE nested too deeply");
		}
		return err;
	}
	if (zf->ntoks == 3) {
		set_origin(zf, new_origin, sizeof(new_origin));
	}
	return SGN_OK;
}

static sgn_err_t directive(sgn_zonefile_t *zf, sgn_diag_t *diag)
{
	struct sgn__zsource *s = &zf->src[zf->depth - 1];
	const char *d = zf->toks[0].s;
	if (strcasecmp(d, "$ORIGIN") == 0) {
		/* A relative name is completed by the current origin: parse into a copy, as the
		 * parser reads the origin after it has started writing its output. */
		uint8_t origin[SGN_NAME_MAX];
		size_t len;
		const char *why;
		if (zf->ntoks != 2) {
			return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
			                    "$ORIGIN takes one domain name");
		}
		if (sgn__name_from_str_why(origin, &len, zf->toks[1].s, zf->origin, &why) != SGN_OK) {
			return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
			                    "bad $ORIGIN '%.60s': %s", zf->toks[1].s, why);
		}
		set_origin(zf, origin, len);
		zf->origin_set = true;
		return SGN_OK;
	}
	if (strcasecmp(d, "$TTL") == 0) {
		char msg[SGN__MSG_MAX];
		if (zf->ntoks != 2) {
			return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
			                    "$TTL takes one TTL value");
		}
		if (entry_ttl(zf->toks[1].s, &zf->dollar_ttl, msg) != SGN_OK) {
			return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line, "$TTL: %s", msg);
		}
		zf->have_dollar_ttl = true;
		return SGN_OK;
	}
	if (strcasecmp(d, "$INCLUDE") == 0) {
		return directive_include(zf, diag);
	}
	if (strcasecmp(d, "$GENERATE") == 0) {
		char msg[SGN__MSG_MAX];
		if (zf->opts.no_generate) {
			return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line,
			                    "$GENERATE is not allowed for this input");
		}
		unsigned long left = zf->opts.max_generate > zf->generated
		                             ? zf->opts.max_generate - zf->generated : 0;
		sgn_err_t err = sgn__generate_start(&zf->gen, zf->toks, zf->ntoks, left, msg);
		if (err == SGN_ELIMIT) {
			return sgn_diag_set(diag, err, s->path, zf->entry_line,
			                    "$GENERATE: more than %lu records in the zone from $GENERATE "
			                    "(%lu so far; raise the limit with --max-generate)",
			                    zf->opts.max_generate, zf->generated);
		}
		if (err != SGN_OK) {
			return sgn_diag_set(diag, err, s->path, zf->entry_line, "%s", msg);
		}
		zf->generated += zf->gen.count;
		zf->gen.file = s->path;
		zf->gen.line = zf->entry_line;
		return SGN_OK;
	}
	return sgn_diag_set(diag, SGN_EPARSE, s->path, zf->entry_line, "unknown directive '%s'", d);
}

/* Next RR from an active $GENERATE, SGN_ENOTFOUND when it is done. */
static sgn_err_t next_generated(sgn_zonefile_t *zf, sgn_rr_t *rr, sgn_diag_t *diag)
{
	char msg[SGN__MSG_MAX];
	struct sgn__tok *toks;
	size_t n;
	sgn_err_t err = sgn__generate_next(&zf->gen, &toks, &n, msg);
	if (err == SGN_ENOTFOUND) {
		return err;
	}
	zf->loc_file = zf->gen.file;
	zf->loc_line = zf->gen.line;
	if (err == SGN_OK) {
		err = entry_to_rr(zf, toks, n, false, rr, msg);
	}
	if (err != SGN_OK && err != SGN_ENOMEM) {
		sgn_diag_set(diag, err, zf->gen.file, zf->gen.line, "%s", msg);
	}
	return err;
}

sgn_err_t sgn_zonefile_next(sgn_zonefile_t *zf, sgn_rr_t *rr, sgn_diag_t *diag)
{
	for (;;) {
		if (zf->gen.active) {
			sgn_err_t err = next_generated(zf, rr, diag);
			if (err != SGN_ENOTFOUND) {
				return err;
			}
		}
		if (zf->depth == 0) {
			return SGN_ENOTFOUND;
		}
		sgn_err_t err = read_entry(zf, diag);
		if (err == SGN_ENOTFOUND) {
			pop_source(zf);
			continue;
		}
		if (err != SGN_OK) {
			return err;
		}
		struct sgn__zsource *s = &zf->src[zf->depth - 1];
		if (!zf->blank_owner && !zf->toks[0].quoted && zf->toks[0].s[0] == '$') {
			err = directive(zf, diag);
			if (err != SGN_OK) {
				return err;
			}
			continue;
		}
		char msg[SGN__MSG_MAX];
		zf->loc_file = s->path;
		zf->loc_line = zf->entry_line;
		err = entry_to_rr(zf, zf->toks, zf->ntoks, zf->blank_owner, rr, msg);
		if (err != SGN_OK && err != SGN_ENOMEM) {
			sgn_diag_set(diag, err, s->path, zf->entry_line, "%s", msg);
		}
		return err;
	}
}
