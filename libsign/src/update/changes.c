/* SPDX-License-Identifier: MIT */
/* Reading change sets: lines, the format, nsupdate(1) commands (the IXFR forms are in
 * changes_ixfr.c). Every record is parsed by the zone-text reader one line at a time and
 * kept in canonical form, ready to be compared with the zone's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "upd.h"

#define CHANGES_FILE_MAX ((size_t)1 << 32) /* bytes of one change file */
#define TOKEN_MAX 1024

/* -- tokens -- */

/* The next whitespace-separated token (quotes and backslash escapes kept inside it) into
 * @p out; @p *p moves past it. Returns false when the line has no more tokens (or the
 * rest is a comment). */
static bool token(const char **p, char *out, size_t cap)
{
	const char *s = *p;
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	if (*s == '\0' || *s == ';') {
		*p = s;
		return false;
	}
	size_t n = 0;
	bool quoted = false;
	while (*s != '\0' && (quoted || (*s != ' ' && *s != '\t'))) {
		if (*s == '\\' && s[1] != '\0') {
			if (n + 2 < cap) {
				out[n++] = *s;
				out[n++] = s[1];
			}
			s += 2;
			continue;
		}
		quoted = *s == '"' ? !quoted : quoted;
		if (n + 1 < cap) {
			out[n++] = *s;
		}
		s++;
	}
	out[n] = '\0';
	*p = s;
	return true;
}

/* The rest of the line after the spaces. */
static const char *rest(const char *p)
{
	while (*p == ' ' || *p == '\t') {
		p++;
	}
	return p;
}

static bool is_ttl(const char *tok)
{
	return tok[0] >= '0' && tok[0] <= '9';
}

static bool is_class(const char *tok)
{
	return strcasecmp(tok, "IN") == 0 || strcasecmp(tok, "ANY") == 0 ||
	       strcasecmp(tok, "NONE") == 0 || strcasecmp(tok, "CH") == 0 ||
	       strcasecmp(tok, "HS") == 0 || strncasecmp(tok, "CLASS", 5) == 0;
}

/* -- nsupdate commands -- */

struct nsu {
	sgn_changes_t *ch;
	unsigned long line;
	bool has_ttl;
	uint32_t ttl;
	sgn_diag_t *diag;
};

static sgn_err_t parse_name(struct nsu *u, const char *tok, uint8_t *name)
{
	if (sgn_name_from_str(name, NULL, tok, u->ch->apex) != SGN_OK) {
		return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
		                    "'%s' is not a valid domain name", tok);
	}
	return SGN_OK;
}

/* "[TTL] [CLASS] [TYPE [RDATA]]" after the name: delete, and the RRset prerequisites. */
static sgn_err_t type_data(struct nsu *u, const char *p, struct sgn__change *c,
                           enum sgn__change_op type_only, enum sgn__change_op with_data,
                           sgn_buf_t *rd)
{
	char tok[TOKEN_MAX];
	bool more = token(&p, tok, sizeof(tok));
	if (more && is_ttl(tok)) { /* nsupdate allows and ignores a TTL here */
		more = token(&p, tok, sizeof(tok));
	}
	if (more && is_class(tok)) {
		if (strcasecmp(tok, "IN") != 0) {
			return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
			                    "class '%s' is not supported, only IN", tok);
		}
		more = token(&p, tok, sizeof(tok));
	}
	if (!more || (c->op == SGN__DEL_NAME && strcasecmp(tok, "ANY") == 0)) {
		return c->op == SGN__DEL_NAME ? SGN_OK
		                              : sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
		                                             "no RR type");
	}
	c->op = (uint8_t)type_only;
	if (sgn_type_from_str(&c->type, tok) != SGN_OK) {
		return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line, "unknown RR type '%s'",
		                    tok);
	}
	sgn_err_t err = sgn__changes_check_type(u->ch, u->line, c->type, u->diag);
	if (err == SGN_OK && *rest(p) != '\0' && *rest(p) != ';') {
		c->op = (uint8_t)with_data;
		err = sgn__changes_relocate(u->ch, u->line, u->diag,
		               sgn_rdata_from_str(rd, c->type, rest(p), u->ch->apex, u->diag));
	}
	return err;
}

/* "NAME [TTL] [CLASS] [TYPE [RDATA]]"; @p none is the operation without a type. */
static sgn_err_t name_type_data(struct nsu *u, const char *p, enum sgn__change_op none,
                                enum sgn__change_op type_only, enum sgn__change_op with_data)
{
	char tok[TOKEN_MAX];
	uint8_t name[SGN_NAME_MAX];
	struct sgn__change c = { .op = (uint8_t)none, .line = (uint32_t)u->line };
	if (!token(&p, tok, sizeof(tok))) {
		return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line, "no domain name");
	}
	sgn_buf_t rd;
	sgn_buf_init(&rd);
	sgn_err_t err = parse_name(u, tok, name);
	if (err == SGN_OK) {
		err = type_data(u, p, &c, type_only, with_data, &rd);
	}
	if (err == SGN_OK && rd.len > 0) {
		sgn_rr_t rr = { .owner = name, .type = c.type, .rdata = rd.data, .rdlen = rd.len };
		err = sgn__zone_check_dnssec(&rr, u->ch->file, u->line, u->diag);
	}
	if (err == SGN_OK && (err = sgn__changes_keep(u->ch, &c, name, rd.data, rd.len)) == SGN_EPARSE) {
		err = sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line, "malformed RDATA");
	}
	sgn_buf_release(&rd);
	return err == SGN_OK ? sgn__changes_add(u->ch, &c, u->diag) : err;
}

/* "NAME [TTL] [CLASS] TYPE RDATA" */
static sgn_err_t update_add(struct nsu *u, const char *p)
{
	char name[TOKEN_MAX], second[TOKEN_MAX];
	const char *q = p;
	if (!token(&q, name, sizeof(name))) {
		name[0] = '\0';
	}
	const char *after_name = q;
	if (name[0] == '\0' || !token(&q, second, sizeof(second))) {
		return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
		                    "'update add' needs NAME [TTL] [CLASS] TYPE RDATA");
	}
	if (!is_ttl(second) && !u->has_ttl) {
		return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
		                    "no TTL for '%s' (write one, or set a default with 'ttl')", name);
	}
	size_t need = strlen(p) + 32;
	char *text = malloc(need);
	if (text == NULL) {
		return SGN_ENOMEM;
	}
	/* The zone-text reader takes an owner at the start of the line, then a TTL or none. */
	if (is_ttl(second)) {
		snprintf(text, need, "%s", rest(p));
	} else {
		snprintf(text, need, "%s %u %s", name, u->ttl, rest(after_name));
	}
	struct sgn__change c;
	sgn_err_t err = sgn__changes_rr(u->ch, text, u->line, SGN__ADD, &c, u->diag);
	free(text);
	return err == SGN_OK ? sgn__changes_add(u->ch, &c, u->diag) : err;
}

/* "add ..." or "delete ...", after "update" or alone. */
static sgn_err_t update_command(struct nsu *u, const char *verb, const char *p)
{
	if (strcasecmp(verb, "add") == 0) {
		return update_add(u, p);
	}
	if (strcasecmp(verb, "delete") == 0 || strcasecmp(verb, "del") == 0) {
		return name_type_data(u, p, SGN__DEL_NAME, SGN__DEL_RRSET, SGN__DEL_RR);
	}
	return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
	                    "unknown update '%s' (add or delete)", verb);
}

static sgn_err_t prereq_command(struct nsu *u, const char *p)
{
	char kind[TOKEN_MAX], tok[TOKEN_MAX];
	uint8_t name[SGN_NAME_MAX];
	if (!token(&p, kind, sizeof(kind))) {
		kind[0] = '\0';
	}
	bool yx = strcasecmp(kind, "yxdomain") == 0;
	if (yx || strcasecmp(kind, "nxdomain") == 0) {
		struct sgn__change c = { .op = yx ? SGN__PRE_YXDOMAIN : SGN__PRE_NXDOMAIN,
			                 .line = (uint32_t)u->line };
		if (!token(&p, tok, sizeof(tok))) {
			return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line, "no domain name");
		}
		sgn_err_t err = parse_name(u, tok, name);
		if (err == SGN_OK) {
			err = sgn__changes_keep(u->ch, &c, name, NULL, 0);
		}
		return err == SGN_OK ? sgn__changes_add(u->ch, &c, u->diag) : err;
	}
	if (strcasecmp(kind, "yxrrset") == 0) {
		return name_type_data(u, p, SGN__PRE_YXRRSET, SGN__PRE_YXRRSET, SGN__PRE_YXRRSET_RR);
	}
	if (strcasecmp(kind, "nxrrset") == 0) {
		return name_type_data(u, p, SGN__PRE_NXRRSET, SGN__PRE_NXRRSET, SGN__PRE_NXRRSET);
	}
	return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
	                    "unknown prerequisite '%s' (nxdomain, yxdomain, nxrrset or yxrrset)",
	                    kind);
}

/* ttl, class, zone: the session's settings. */
static sgn_err_t setting_command(struct nsu *u, const char *cmd, const char *p)
{
	char tok[TOKEN_MAX];
	bool has = token(&p, tok, sizeof(tok));
	if (strcasecmp(cmd, "ttl") == 0) {
		char *end = NULL;
		unsigned long v = has ? strtoul(tok, &end, 10) : 0;
		if (has && strcasecmp(tok, "none") == 0) {
			u->has_ttl = false;
			return SGN_OK;
		}
		if (!has || end == tok || *end != '\0' || v > 0x7fffffffu) {
			return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
			                    "'ttl' needs seconds or 'none'");
		}
		u->has_ttl = true;
		u->ttl = (uint32_t)v;
		return SGN_OK;
	}
	if (strcasecmp(cmd, "class") == 0) {
		return has && strcasecmp(tok, "IN") == 0
		               ? SGN_OK
		               : sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
		                              "class '%s' is not supported, only IN", has ? tok : "");
	}
	uint8_t zone[SGN_NAME_MAX];
	if (!has || sgn_name_from_str(zone, NULL, tok, NULL) != SGN_OK ||
	    !sgn_name_equal(zone, u->ch->apex)) {
		char apex[SGN_NAME_STR_MAX];
		if (sgn_name_to_str(apex, sizeof(apex), u->ch->apex) != SGN_OK) {
			apex[0] = '\0';
		}
		return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
		                    "zone '%s' is not the zone being updated ('%s')", has ? tok : "",
		                    apex);
	}
	return SGN_OK;
}

/* Commands about talking to a server: no meaning for a zone file. */
static bool ignored(const char *cmd)
{
	static const char *const words[] = { "server", "local", "key", "gsstsig", "oldgsstsig",
		                             "realm", "check-names", "check-svcb", "debug",
		                             "show", "answer", "version", "help" };
	for (size_t i = 0; i < ARRAY_LEN(words); i++) {
		if (strcasecmp(cmd, words[i]) == 0) {
			return true;
		}
	}
	return false;
}

/* One line; *quit when the input ends here. */
static sgn_err_t nsupdate_line(struct nsu *u, const char *p, bool *quit)
{
	char cmd[TOKEN_MAX], verb[TOKEN_MAX];
	if (*rest(p) == ';') {
		return SGN_OK; /* a comment */
	}
	if (!token(&p, cmd, sizeof(cmd)) || strcasecmp(cmd, "send") == 0) {
		return sgn__changes_begin(u->ch, u->line + 1); /* a blank line sends too */
	}
	if (strcasecmp(cmd, "quit") == 0) {
		*quit = true;
		return SGN_OK;
	}
	if (strcasecmp(cmd, "update") == 0) {
		if (!token(&p, verb, sizeof(verb))) {
			return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line,
			                    "'update' needs 'add' or 'delete'");
		}
		return update_command(u, verb, p);
	}
	if (strcasecmp(cmd, "add") == 0 || strcasecmp(cmd, "del") == 0 ||
	    strcasecmp(cmd, "delete") == 0) {
		return update_command(u, cmd, p);
	}
	if (strcasecmp(cmd, "prereq") == 0) {
		return prereq_command(u, p);
	}
	if (strcasecmp(cmd, "ttl") == 0 || strcasecmp(cmd, "class") == 0 ||
	    strcasecmp(cmd, "zone") == 0) {
		return setting_command(u, cmd, p);
	}
	if (ignored(cmd)) {
		return SGN_OK;
	}
	return sgn_diag_set(u->diag, SGN_EPARSE, u->ch->file, u->line, "unknown command '%s'", cmd);
}

static sgn_err_t read_nsupdate(sgn_changes_t *ch, struct sgn__lines *l, sgn_diag_t *diag)
{
	struct nsu u = { .ch = ch, .diag = diag };
	bool more, quit = false;
	sgn_err_t err = SGN_OK;
	while (!quit && (err = sgn__lines_next(ch, l, &more, diag)) == SGN_OK && more) {
		u.line = l->lineno;
		err = nsupdate_line(&u, l->line, &quit);
		if (err != SGN_OK) {
			return err;
		}
	}
	return quit ? SGN_OK : err;
}

/* -- the format -- */

/* nsupdate when a line starts with one of its commands that a difference never has. */
static sgn_changes_format_t detect(const char *text, size_t len)
{
	static const char *const words[] = { "update", "prereq", "send", "zone", "ttl", "class",
		                             "server", "key", "local", "quit" };
	size_t pos = 0;
	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl != NULL ? (size_t)(nl - line) : len - pos;
		pos += n + 1;
		while (n > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			n--;
		}
		for (size_t i = 0; i < ARRAY_LEN(words); i++) {
			size_t w = strlen(words[i]);
			if (n >= w && strncasecmp(line, words[i], w) == 0 &&
			    (n == w || line[w] == ' ' || line[w] == '\t' || line[w] == '\r')) {
				return SGN_CHANGES_NSUPDATE;
			}
		}
	}
	return SGN_CHANGES_IXFR;
}

/* -- public API -- */

void sgn_update_changes_opts_init(sgn_changes_opts_t *opts, const uint8_t *apex)
{
	memset(opts, 0, sizeof(*opts));
	opts->apex = apex;
	opts->format = SGN_CHANGES_AUTO;
	opts->max_records = 1000000;
}

sgn_err_t sgn_update_changes_parse(sgn_changes_t **out, const char *name, const char *text,
                                   size_t len, const sgn_changes_opts_t *opts, sgn_diag_t *diag)
{
	*out = NULL;
	if (opts->apex == NULL || sgn_name_len(opts->apex, SGN_NAME_MAX) == 0) {
		return SGN_EINVAL;
	}
	sgn_changes_t *ch = calloc(1, sizeof(*ch));
	struct sgn__lines l = { .text = text, .len = len, .line = malloc(SGN_UPDATE_LINE_MAX + 1) };
	if (ch == NULL || l.line == NULL) {
		free(ch);
		free(l.line);
		return SGN_ENOMEM;
	}
	sgn__arena_init(&ch->arena, 64 * 1024);
	memcpy(ch->apex, opts->apex, sgn_name_len(opts->apex, SGN_NAME_MAX));
	sgn_name_lower(ch->apex);
	snprintf(ch->file, sizeof(ch->file), "%s", name != NULL ? name : "");
	ch->max_records = opts->max_records;
	ch->format = opts->format != SGN_CHANGES_AUTO ? opts->format : detect(text, len);
	sgn_err_t err = ch->format == SGN_CHANGES_NSUPDATE ? read_nsupdate(ch, &l, diag)
	                                                   : sgn__changes_ixfr(ch, &l, diag);
	free(l.line);
	if (err == SGN_OK && ch->nsets > 0 && ch->sets[ch->nsets - 1].n == 0) {
		ch->nsets--; /* a trailing "send" or blank line */
	}
	if (err != SGN_OK) {
		sgn_update_changes_free(ch);
		return err;
	}
	*out = ch;
	return SGN_OK;
}

sgn_err_t sgn_update_changes_read(sgn_changes_t **out, const char *path,
                                  const sgn_changes_opts_t *opts, sgn_diag_t *diag)
{
	sgn_buf_t text;
	sgn_buf_init(&text);
	*out = NULL;
	bool in = strcmp(path, "-") == 0;
	sgn_err_t err = sgn__read_file(in ? "/dev/stdin" : path, CHANGES_FILE_MAX, &text, diag);
	if (err == SGN_OK) {
		err = sgn_update_changes_parse(out, in ? "<stdin>" : path, (const char *)text.data,
		                               text.len, opts, diag);
	} else if (in && diag != NULL) {
		snprintf(diag->file, sizeof(diag->file), "<stdin>");
	}
	sgn_buf_release(&text);
	return err;
}

void sgn_update_changes_free(sgn_changes_t *changes)
{
	if (changes == NULL) {
		return;
	}
	sgn__arena_release(&changes->arena);
	free(changes->c);
	free(changes->sets);
	free(changes);
}

size_t sgn_update_changes_count(const sgn_changes_t *changes)
{
	return changes->nsets;
}

sgn_changes_format_t sgn_update_changes_format(const sgn_changes_t *changes)
{
	return changes->format;
}

unsigned long sgn_update_changes_line(const sgn_changes_t *changes, size_t i)
{
	return i < changes->nsets ? changes->sets[i].line : 0;
}
