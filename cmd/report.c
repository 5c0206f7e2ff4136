/* SPDX-License-Identifier: MIT */
/* Findings as text and JSON, both driven by the finding table in libsign. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "report.h"
#include "timefmt.h"

/* Display order: errors first, then warnings, then notices; within that by kind; the
 * library already sorted by owner, and the sort below keeps that order (indices break
 * ties). */
struct ordered {
	const sgn_finding_t *f;
	size_t index;
};

static int ordered_cmp(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;
	if (x->f->severity != y->f->severity) {
		return x->f->severity < y->f->severity ? -1 : 1;
	}
	if (x->f->code != y->f->code) {
		return x->f->code < y->f->code ? -1 : 1;
	}
	return x->index < y->index ? -1 : 1;
}

void report_finding(struct out *o, const sgn_finding_t *f)
{
	char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	if (sgn_name_to_str(owner, sizeof(owner), f->owner) != SGN_OK) {
		owner[0] = '\0';
	}
	out_object_begin(o, NULL);
	out_field(o, "severity", "%-7s ", sgn_severity_str(f->severity));
	out_field(o, "code", "%-28s ", sgn_finding_id(f->code));
	out_field(o, "owner", "%s", owner);
	if (f->type != 0) {
		out_field(o, "type", " %s", sgn_type_to_str(tbuf, f->type));
	} else {
		out_str(o, "type", NULL);
	}
	if (f->has_key) {
		out_field(o, "key_tag", " key %u", f->key_tag);
		out_field(o, "algorithm", " alg %u", f->algorithm);
	}
	out_field(o, "message", ": %s", sgn_finding_message(f->code));
	if (f->when != 0) {
		out_field(o, "time", " (%s)", timefmt_iso(f->when, when));
	} else {
		out_str(o, "time", NULL);
	}
	out_field(o, "detail", f->detail[0] != '\0' ? ": %s" : "%s", f->detail);
	if (f->has_server) { /* the one server it came from (a live chain) */
		char name[SGN_NAME_STR_MAX];
		bool named = f->server_name[0] != 0 &&
		             sgn_name_to_str(name, sizeof(name), f->server_name) == SGN_OK;
		out_text(o, " [server %s%s%s]", named ? name : "", named ? " " : "", f->server_address);
		out_object_begin(o, "server");
		out_str(o, "name", named ? name : NULL);
		out_str(o, "address", f->server_address);
		out_int(o, "port", f->server_port);
		out_object_end(o);
	}
	int ede = sgn_finding_ede(f->code);
	if (ede >= 0) {
		out_int(o, "ede", ede);
	}
	out_object_end(o);
	out_text(o, "\n");
}

void report_findings(struct cli *cli, const sgn_findings_t *f, size_t max)
{
	struct out *o = &cli->out;
	struct ordered *ord = calloc(f->count + 1, sizeof(*ord));
	size_t shown = 0, total = f->errors + f->warnings;
	for (size_t c = 0; c < sgn_finding_code_total(); c++) {
		if (sgn_finding_default_severity((sgn_finding_code_t)c) == SGN_SEV_NOTICE) {
			total += sgn_findings_code_count(f, (sgn_finding_code_t)c);
		}
	}
	out_array_begin(o, "findings");
	if (ord != NULL) {
		for (size_t i = 0; i < f->count; i++) {
			ord[i].f = &f->items[i];
			ord[i].index = i;
		}
		qsort(ord, f->count, sizeof(*ord), ordered_cmp);
		for (size_t i = 0; i < f->count && (max == 0 || shown < max); i++, shown++) {
			report_finding(o, ord[i].f);
		}
	}
	out_array_end(o);
	out_int(o, "findings_omitted", (int64_t)(total > shown ? total - shown : 0));
	if (total > shown) {
		out_text(o, "... and %zu more finding%s (--max-errors 0 shows all)\n", total - shown,
		         total - shown == 1 ? "" : "s");
	}
	free(ord);
}

void report_tally(struct cli *cli, const sgn_findings_t *f, bool strict)
{
	struct out *o = &cli->out;
	out_int(o, "errors", (int64_t)f->errors);
	out_int(o, "warnings", (int64_t)f->warnings);
	out_object_begin(o, "by_code");
	for (size_t c = 0; c < sgn_finding_code_total(); c++) {
		size_t n = sgn_findings_code_count(f, (sgn_finding_code_t)c);
		if (n > 0) {
			out_int(o, sgn_finding_id((sgn_finding_code_t)c), (int64_t)n);
		}
	}
	out_object_end(o);
	for (int sev = SGN_SEV_ERROR; sev <= SGN_SEV_WARNING && !o->json; sev++) {
		size_t n = sev == SGN_SEV_ERROR ? f->errors : f->warnings;
		out_text(o, "  %s%s: %zu", sgn_severity_str((sgn_severity_t)sev), n == 1 ? "" : "s", n);
		const char *sep = " (";
		for (size_t c = 0; c < sgn_finding_code_total(); c++) {
			sgn_severity_t d = sgn_finding_default_severity((sgn_finding_code_t)c);
			bool listed = strict ? (sev == SGN_SEV_ERROR && d != SGN_SEV_NOTICE)
			                     : d == (sgn_severity_t)sev;
			size_t count = sgn_findings_code_count(f, (sgn_finding_code_t)c);
			if (count > 0 && listed) {
				out_text(o, "%s%s %zu", sep, sgn_finding_id((sgn_finding_code_t)c), count);
				sep = ", ";
			}
		}
		out_text(o, "%s\n", sep[0] == ',' ? ")" : "");
	}
}
