/* SPDX-License-Identifier: MIT */
/* The change list both readers fill: change sets, changes in canonical form, records
 * parsed from zone-file style text, and the input cut into bounded lines. */
#include <stdio.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "upd.h"

sgn_err_t sgn__changes_begin(sgn_changes_t *ch, unsigned long line)
{
	if (ch->nsets > 0 && ch->sets[ch->nsets - 1].n == 0) {
		ch->sets[ch->nsets - 1].line = line;
		return SGN_OK;
	}
	if (sgn__grow(&ch->sets, &ch->setcap, ch->nsets + 1, sizeof(*ch->sets), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	struct sgn__changeset *s = &ch->sets[ch->nsets++];
	memset(s, 0, sizeof(*s));
	s->first = ch->n;
	s->line = line;
	return SGN_OK;
}

sgn_err_t sgn__changes_add(sgn_changes_t *ch, const struct sgn__change *c, sgn_diag_t *diag)
{
	if (ch->n >= ch->max_records) {
		return sgn_diag_set(diag, SGN_ELIMIT, ch->file, c->line,
		                    "more than %zu records and prerequisites", ch->max_records);
	}
	if (sgn__grow(&ch->c, &ch->cap, ch->n + 1, sizeof(*ch->c), 64) != SGN_OK) {
		return SGN_ENOMEM;
	}
	if (ch->nsets == 0 && sgn__changes_begin(ch, c->line) != SGN_OK) {
		return SGN_ENOMEM;
	}
	ch->c[ch->n++] = *c;
	ch->sets[ch->nsets - 1].n++;
	return SGN_OK;
}

/* Keep a name and RDATA in the arena, in canonical form. */
sgn_err_t sgn__changes_keep(sgn_changes_t *ch, struct sgn__change *c, const uint8_t *name,
                      const uint8_t *rdata, size_t rdlen)
{
	uint8_t *n = sgn__arena_dup(&ch->arena, name, sgn_name_len(name, SGN_NAME_MAX));
	uint8_t *r = rdlen > 0 ? sgn__arena_dup(&ch->arena, rdata, rdlen) : NULL;
	if (n == NULL || (rdlen > 0 && r == NULL)) {
		return SGN_ENOMEM;
	}
	sgn_name_lower(n);
	c->name = n;
	c->rdata = r;
	c->rdlen = (uint16_t)rdlen;
	return r != NULL && sgn_rdata_canonicalize(c->type, r, rdlen) != SGN_OK ? SGN_EPARSE : SGN_OK;
}

/* Messages from the zone-text reader name "<text>" and line 1: put ours in. */
sgn_err_t sgn__changes_relocate(const sgn_changes_t *ch, unsigned long line, sgn_diag_t *diag,
                          sgn_err_t err)
{
	if (diag != NULL && err != SGN_ENOMEM) {
		snprintf(diag->file, sizeof(diag->file), "%s", ch->file);
		diag->line = line;
		diag->err = err;
	}
	return err;
}

sgn_err_t sgn__changes_check_type(const sgn_changes_t *ch, unsigned long line, uint16_t type,
                            sgn_diag_t *diag)
{
	char tb[SGN_TYPE_STR_MAX];
	if (sgn_type_is_meta(type) || type == 0) {
		return sgn_diag_set(diag, SGN_EPARSE, ch->file, line,
		                    "'%s' is a meta type, not one a zone holds",
		                    sgn_type_to_str(tb, type));
	}
	return SGN_OK;
}

sgn_err_t sgn__changes_rr(sgn_changes_t *ch, const char *text, unsigned long line,
                          enum sgn__change_op op, struct sgn__change *out, sgn_diag_t *diag)
{
	uint8_t owner[SGN_NAME_MAX];
	sgn_buf_t rd;
	sgn_rr_t rr;
	sgn_buf_init(&rd);
	sgn_err_t err = sgn_rr_from_str(&rr, owner, &rd, text, ch->apex, 0, diag);
	if (err != SGN_OK) {
		sgn_buf_release(&rd);
		return sgn__changes_relocate(ch, line, diag, err);
	}
	memset(out, 0, sizeof(*out));
	out->op = (uint8_t)op;
	out->type = rr.type;
	out->ttl = rr.ttl;
	out->line = (uint32_t)line;
	if (rr.rclass != SGN_CLASS_IN) {
		err = sgn_diag_set(diag, SGN_EPARSE, ch->file, line, "class %u is not supported, only IN",
		                   rr.rclass);
	}
	if (err == SGN_OK) {
		err = sgn__changes_check_type(ch, line, rr.type, diag);
	}
	if (err == SGN_OK) { /* a DS or DNSKEY the zone reader would refuse (RDATA sizes) */
		err = sgn__zone_check_dnssec(&rr, ch->file, line, diag);
	}
	if (err == SGN_OK && (err = sgn__changes_keep(ch, out, rr.owner, rr.rdata, rr.rdlen)) == SGN_EPARSE) {
		err = sgn_diag_set(diag, SGN_EPARSE, ch->file, line, "malformed RDATA");
	}
	sgn_buf_release(&rd);
	return err;
}

/* -- lines -- */

sgn_err_t sgn__lines_next(sgn_changes_t *ch, struct sgn__lines *l, bool *more, sgn_diag_t *diag)
{
	*more = l->pos < l->len;
	if (!*more) {
		return SGN_OK;
	}
	const char *start = l->text + l->pos;
	const char *nl = memchr(start, '\n', l->len - l->pos);
	size_t n = nl != NULL ? (size_t)(nl - start) : l->len - l->pos;
	l->pos += n + (nl != NULL);
	l->lineno++;
	if (n > 0 && start[n - 1] == '\r') {
		n--;
	}
	if (n > SGN_UPDATE_LINE_MAX) {
		return sgn_diag_set(diag, SGN_EPARSE, ch->file, l->lineno, "line longer than %d bytes",
		                    SGN_UPDATE_LINE_MAX);
	}
	if (memchr(start, '\0', n) != NULL) {
		return sgn_diag_set(diag, SGN_EPARSE, ch->file, l->lineno, "NUL byte in the line");
	}
	memcpy(l->line, start, n);
	l->line[n] = '\0';
	return SGN_OK;
}

