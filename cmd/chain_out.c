/* SPDX-License-Identifier: MIT */
/* Printing a chain of trust: text (one line per link), JSON, or a Graphviz picture. */
#include <stdio.h>

#include <libsign/chain.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "chain_out.h"
#include "report.h"
#include "timefmt.h"

static const char *status_color(sgn_status_t s)
{
	static const char *const colors[] = { [SGN_SECURE] = "#2e7d32", [SGN_INSECURE] = "#ef6c00",
		                              [SGN_BOGUS] = "#c62828", [SGN_INDETERMINATE] = "#757575" };
	return (unsigned)s < 4 ? colors[s] : "#000000";
}

static const char *mark(sgn_status_t s)
{
	static const char *const marks[] = { [SGN_SECURE] = "+", [SGN_INSECURE] = "-",
		                             [SGN_BOGUS] = "!", [SGN_INDETERMINATE] = "?" };
	return (unsigned)s < 4 ? marks[s] : " ";
}

static void name_str(const uint8_t *name, char *buf)
{
	if (sgn_name_to_str(buf, SGN_NAME_STR_MAX, name) != SGN_OK) {
		buf[0] = '\0';
	}
}

static void text_link(struct out *o, const sgn_link_t *l)
{
	char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	name_str(l->owner, owner);
	out_text(o, "%s %-13s %-8s %-28s %-6s", mark(l->status), sgn_status_str(l->status),
	         sgn_link_kind_str(l->kind), owner, sgn_type_to_str(l->type, tbuf));
	for (size_t k = 0; k < l->nkeys; k++) {
		out_text(o, "%s%u/%u", k == 0 ? " signed by " : ",", l->key_tags[k], l->algorithms[k]);
	}
	if (l->has_expiry) {
		out_text(o, " expires %s", timefmt_iso(l->expires, when));
	}
	if (l->wildcard) {
		out_text(o, " (wildcard)");
	}
	if (l->has_reason) {
		out_text(o, "\n    %s: %s", sgn_finding_id(l->reason), sgn_finding_message(l->reason));
		if (l->detail[0] != '\0') {
			out_text(o, ": %s", l->detail);
		}
	}
	out_text(o, "\n");
}

static void json_link(struct out *o, const sgn_link_t *l)
{
	char owner[SGN_NAME_STR_MAX], zone[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	name_str(l->owner, owner);
	name_str(l->zone, zone);
	out_object_begin(o, NULL);
	out_str(o, "kind", sgn_link_kind_str(l->kind));
	out_str(o, "owner", owner);
	out_str(o, "type", sgn_type_to_str(l->type, tbuf));
	out_str(o, "zone", zone);
	out_str(o, "status", sgn_status_str(l->status));
	out_str(o, "reason", l->has_reason ? sgn_finding_id(l->reason) : NULL);
	out_str(o, "reason_message", l->has_reason ? sgn_finding_message(l->reason) : NULL);
	out_str(o, "detail", l->detail);
	out_array_begin(o, "keys");
	for (size_t k = 0; k < l->nkeys; k++) {
		out_object_begin(o, NULL);
		out_int(o, "key_tag", l->key_tags[k]);
		out_int(o, "algorithm", l->algorithms[k]);
		out_object_end(o);
	}
	out_array_end(o);
	out_str(o, "expires", l->has_expiry ? timefmt_iso(l->expires, when) : NULL);
	out_bool(o, "wildcard", l->wildcard);
	out_int(o, "records", (int64_t)l->records);
	out_object_end(o);
}

/* Graphviz: one box per link, top to bottom, coloured by status, like DNSViz's pictures. */
static void dot(FILE *fp, const sgn_chain_t *c)
{
	char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], qname[SGN_NAME_STR_MAX];
	name_str(c->qname, qname);
	fprintf(fp, "digraph chain {\n  rankdir=TB;\n  node [shape=box, style=\"rounded,filled\", "
	            "fontname=\"Helvetica\", fillcolor=\"#ffffff\"];\n");
	fprintf(fp, "  label=\"%s %s: %s\";\n  labelloc=t;\n", qname, sgn_type_to_str(c->qtype, tbuf),
	        sgn_status_str(c->verdict));
	fprintf(fp, "  anchor [label=\"trust anchor\", shape=ellipse, color=\"#1565c0\"];\n");
	for (size_t i = 0; i < c->nlinks; i++) {
		const sgn_link_t *l = &c->links[i];
		name_str(l->owner, owner);
		fprintf(fp, "  l%zu [label=\"%s %s\\n%s", i, owner, sgn_type_to_str(l->type, tbuf),
		        sgn_link_kind_str(l->kind));
		for (size_t k = 0; k < l->nkeys; k++) {
			fprintf(fp, "%s%u/%u", k == 0 ? "\\nkeys " : ", ", l->key_tags[k], l->algorithms[k]);
		}
		if (l->has_reason) {
			fprintf(fp, "\\n%s", sgn_finding_id(l->reason));
		}
		fprintf(fp, "\", color=\"%s\", penwidth=2];\n", status_color(l->status));
		if (i == 0) {
			fprintf(fp, "  anchor -> l0 [color=\"%s\"];\n", status_color(l->status));
		} else {
			fprintf(fp, "  l%zu -> l%zu [color=\"%s\"];\n", i - 1, i, status_color(l->status));
		}
	}
	fprintf(fp, "}\n");
}

void chain_print(struct cli *cli, const sgn_chain_t *c, bool as_dot, int64_t now)
{
	struct out *o = &cli->out;
	char qname[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	if (as_dot) {
		dot(o->fp, c);
		return;
	}
	name_str(c->qname, qname);
	out_object_begin(o, NULL);
	out_str(o, "name", qname);
	out_str(o, "type", sgn_type_to_str(c->qtype, tbuf));
	out_str(o, "time", timefmt_iso(now, when));
	out_str(o, "verdict", sgn_status_str(c->verdict));
	out_text(o, "chain of trust for %s %s at %s\n", qname, sgn_type_to_str(c->qtype, tbuf),
	         timefmt_iso(now, when));
	out_array_begin(o, "links");
	for (size_t i = 0; i < c->nlinks; i++) {
		if (o->json) {
			json_link(o, &c->links[i]);
		} else {
			text_link(o, &c->links[i]);
		}
	}
	out_array_end(o);
	out_int(o, "verifications", (int64_t)c->verifications);
	if (o->json) {
		report_findings(cli, &c->findings, 0);
	}
	out_object_end(o);
	out_text(o, "verdict: %s\n", sgn_status_str(c->verdict));
}
