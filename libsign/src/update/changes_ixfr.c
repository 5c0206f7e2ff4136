/* SPDX-License-Identifier: MIT */
/* Reading IXFR differences (RFC 1995): `del`/`add` lines as named-journalprint prints a
 * journal, `-`/`+` lines, or the bare RRs of an IXFR answer (new SOA, then for each change
 * the old SOA, the records deleted, the new SOA and the records added, and the new SOA
 * again). Each difference between two SOAs is one change set. */
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include <libsign/rr.h>

#include "upd.h"

static uint32_t soa_serial(const struct sgn__change *c)
{
	return c->rdlen >= 20 ? sgn__get32(c->rdata + c->rdlen - 20) : 0;
}

static bool blank(const char *p)
{
	while (*p == ' ' || *p == '\t') {
		p++;
	}
	return *p == '\0' || *p == ';' || *p == '#';
}

/* The line's direction ("del", "add", "-", "+"); @p *rr is the record after it. */
static bool prefix(const char *line, bool *add, const char **rr)
{
	while (*line == ' ' || *line == '\t') {
		line++;
	}
	size_t skip = 0;
	if (*line == '+' || *line == '-') {
		skip = 1;
	} else if ((strncasecmp(line, "add", 3) == 0 || strncasecmp(line, "del", 3) == 0) &&
	           (line[3] == ' ' || line[3] == '\t')) {
		skip = 3;
	} else {
		return false;
	}
	*add = line[0] == '+' || line[0] == 'a' || line[0] == 'A';
	for (line += skip; *line == ' ' || *line == '\t';) {
		line++; /* the record starts with its owner */
	}
	*rr = line;
	return true;
}

struct ixfr {
	sgn_changes_t *ch;
	sgn_diag_t *diag;
	bool have_to;   /* the open set has its new SOA */
	bool any_data;  /* the open set has records other than its SOAs */
};

static struct sgn__changeset *open_set(const struct ixfr *x)
{
	return x->ch->nsets > 0 ? &x->ch->sets[x->ch->nsets - 1] : NULL;
}

/* The old SOA: a new change set from its serial. */
static sgn_err_t from_soa(struct ixfr *x, const struct sgn__change *c)
{
	struct sgn__changeset *s = open_set(x);
	if (s == NULL || s->n > 0 || s->has_from) {
		sgn_err_t err = sgn__changes_begin(x->ch, c->line);
		if (err != SGN_OK) {
			return err;
		}
		s = open_set(x);
	}
	s->line = c->line;
	s->has_from = true;
	s->from = soa_serial(c);
	x->have_to = false;
	x->any_data = false;
	return SGN_OK;
}

/* The new SOA: the serial the set ends at, and an update of the SOA's other fields. */
static sgn_err_t to_soa(struct ixfr *x, const struct sgn__change *c)
{
	struct sgn__changeset *s = open_set(x);
	if (s != NULL && s->soa != NULL) {
		return sgn_diag_set(x->diag, SGN_EPARSE, x->ch->file, c->line,
		                    "a second new SOA in one difference (line %lu has the first)",
		                    (unsigned long)s->soa->line);
	}
	sgn_err_t err = sgn__changes_add(x->ch, c, x->diag);
	s = open_set(x);
	if (err == SGN_OK) {
		s->soa = &x->ch->c[x->ch->n - 1]; /* fixed up once the array stops growing */
		s->to = soa_serial(c);
		x->have_to = true;
	}
	return err;
}

static sgn_err_t record(struct ixfr *x, const struct sgn__change *c)
{
	if (c->type == SGN_TYPE_SOA) {
		return c->op == SGN__ADD ? to_soa(x, c) : from_soa(x, c);
	}
	x->any_data = true;
	return sgn__changes_add(x->ch, c, x->diag);
}

/* Pointers into the change array moved while it grew: point each set at its SOA again. */
static sgn_err_t finish(struct ixfr *x, unsigned long line)
{
	sgn_changes_t *ch = x->ch;
	for (size_t i = 0; i < ch->nsets; i++) {
		struct sgn__changeset *s = &ch->sets[i];
		s->soa = NULL;
		for (size_t k = s->first; k < s->first + s->n; k++) {
			if (ch->c[k].type == SGN_TYPE_SOA && ch->c[k].op == SGN__ADD) {
				s->soa = &ch->c[k];
			}
		}
		if (s->has_from && s->soa == NULL) {
			unsigned long at = i + 1 < ch->nsets ? ch->sets[i + 1].line : line;
			return sgn_diag_set(x->diag, SGN_EPARSE, ch->file, at,
			                    "the difference from serial %u (line %lu) has no new SOA",
			                    s->from, s->line);
		}
	}
	return SGN_OK;
}

/* del/add or -/+ lines. */
static sgn_err_t read_prefixed(struct ixfr *x, struct sgn__lines *l)
{
	bool more;
	sgn_err_t err;
	while ((err = sgn__lines_next(x->ch, l, &more, x->diag)) == SGN_OK && more) {
		bool add;
		const char *rr;
		if (blank(l->line)) {
			continue;
		}
		if (!prefix(l->line, &add, &rr)) {
			return sgn_diag_set(x->diag, SGN_EPARSE, x->ch->file, l->lineno,
			                    "a line of a difference starts with 'del' or 'add' (or '-' or '+')");
		}
		struct sgn__change c;
		err = sgn__changes_rr(x->ch, rr, l->lineno, add ? SGN__ADD : SGN__DEL_RR, &c, x->diag);
		if (err == SGN_OK) {
			err = record(x, &c);
		}
		if (err != SGN_OK) {
			return err;
		}
	}
	return err == SGN_OK ? finish(x, l->lineno) : err;
}

/* The RRs of an IXFR answer. The SOA that ends the answer repeats the first one. */
static sgn_err_t read_answer(struct ixfr *x, struct sgn__lines *l)
{
	struct sgn__change first, pending;
	memset(&first, 0, sizeof(first));
	memset(&pending, 0, sizeof(pending));
	bool more, have_first = false, have_pending = false;
	sgn_err_t err;
	while ((err = sgn__lines_next(x->ch, l, &more, x->diag)) == SGN_OK && more) {
		struct sgn__change c;
		if (blank(l->line)) {
			continue;
		}
		err = sgn__changes_rr(x->ch, l->line, l->lineno, SGN__DEL_RR, &c, x->diag);
		if (err != SGN_OK) {
			return err;
		}
		if (!have_first) {
			if (c.type != SGN_TYPE_SOA) {
				return sgn_diag_set(x->diag, SGN_EPARSE, x->ch->file, l->lineno,
				                    "an IXFR answer starts with the SOA of the new version "
				                    "(or write the difference with 'del' and 'add' lines)");
			}
			first = c;
			have_first = true;
			continue;
		}
		/* An SOA after the additions is the next old SOA - or the end. */
		if (have_pending) {
			err = from_soa(x, &pending);
			have_pending = false;
		}
		if (err == SGN_OK && c.type == SGN_TYPE_SOA && (x->have_to || open_set(x) == NULL)) {
			pending = c;
			have_pending = true;
			continue;
		}
		if (err == SGN_OK && open_set(x) == NULL) {
			err = sgn_diag_set(x->diag, SGN_EPARSE, x->ch->file, l->lineno,
			                   "an IXFR answer has the old SOA after the new one");
		}
		c.op = x->have_to ? SGN__ADD : SGN__DEL_RR;
		if (err == SGN_OK && c.type == SGN_TYPE_SOA) {
			c.op = SGN__ADD; /* the new SOA of this change */
		}
		if (err == SGN_OK) {
			err = record(x, &c);
		}
		if (err != SGN_OK) {
			return err;
		}
	}
	if (err != SGN_OK) {
		return err;
	}
	if (!have_pending || soa_serial(&pending) != soa_serial(&first)) {
		return sgn_diag_set(x->diag, SGN_EPARSE, x->ch->file, l->lineno,
		                    "an IXFR answer ends with the SOA it started with");
	}
	return finish(x, l->lineno);
}

sgn_err_t sgn__changes_ixfr(sgn_changes_t *ch, struct sgn__lines *l, sgn_diag_t *diag)
{
	struct ixfr x = { .ch = ch, .diag = diag };
	/* The first record line tells the form. */
	size_t pos = 0;
	bool prefixed = false;
	while (pos < l->len) {
		const char *line = l->text + pos;
		const char *nl = memchr(line, '\n', l->len - pos);
		size_t n = nl != NULL ? (size_t)(nl - line) : l->len - pos;
		pos += n + 1;
		char head[128] = { 0 };
		memcpy(head, line, n < sizeof(head) - 1 ? n : sizeof(head) - 1);
		bool add;
		const char *rr;
		if (!blank(head)) {
			prefixed = prefix(head, &add, &rr);
			break;
		}
	}
	return prefixed ? read_prefixed(&x, l) : read_answer(&x, l);
}
