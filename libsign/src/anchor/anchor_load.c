/* SPDX-License-Identifier: MIT */
/* Loading trust anchors from a file: DS or DNSKEY records as zone text, or IANA's
 * root-anchors XML (anchor_xml.c), told apart by content. */
#include <string.h>

#include <libsign/anchor.h>
#include <libsign/text.h>

#include "../text/text_internal.h"
#include "anchor_internal.h"

struct text_load {
	sgn_anchors_t *a;
	sgn_diag_t *diag;
};

static sgn_err_t add_rr(void *ctx, const sgn_rr_t *rr, const char *file, unsigned long line)
{
	struct text_load *t = ctx;
	if (rr->type != SGN_TYPE_DS && rr->type != SGN_TYPE_DNSKEY) {
		return SGN_OK;
	}
	sgn_err_t err = rr->type == SGN_TYPE_DS
	                        ? sgn_anchors_add_ds(t->a, rr->owner, rr->rdata, rr->rdlen)
	                        : sgn_anchors_add_dnskey(t->a, rr->owner, rr->rdata, rr->rdlen);
	if (err == SGN_ELIMIT) {
		return sgn_diag_set(t->diag, err, file, line, "more than %d trust anchors",
		                    SGN_ANCHORS_MAX);
	}
	return err == SGN_EPARSE ? sgn_diag_set(t->diag, err, file, line, "malformed trust anchor")
	                         : err;
}

/* XML starts with a tag (or a declaration); zone text never starts with '<'. */
static bool looks_xml(const char *t)
{
	t += strspn(t, " \t\r\n");
	if (strncmp(t, "\xef\xbb\xbf", 3) == 0) { /* a UTF-8 byte order mark */
		t += 3 + strspn(t + 3, " \t\r\n");
	}
	return *t == '<';
}

sgn_err_t sgn_anchors_load(sgn_anchors_t *a, const char *path, int64_t now, sgn_diag_t *diag)
{
	sgn_buf_t text;
	sgn_buf_init(&text);
	size_t before = a->count;
	sgn_err_t err = sgn__read_file(path, 4 * 1024 * 1024, &text, diag);
	if (err == SGN_OK) {
		const char *t = (const char *)text.data;
		err = looks_xml(t) ? sgn__anchors_load_xml(a, path, t, now, diag)
		              : sgn__zonetext_each(path, t, text.len, add_rr,
		                                   &(struct text_load){ a, diag }, diag);
	}
	if (err == SGN_OK && a->count == before) {
		err = sgn_diag_set(diag, SGN_ENOTFOUND, path, 0,
		                   a->skipped > 0 ? "no trust anchor valid at this time"
		                                  : "no DS or DNSKEY trust anchor");
	}
	sgn_buf_release(&text);
	return err;
}
