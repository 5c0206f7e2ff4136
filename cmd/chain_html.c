/* SPDX-License-Identifier: MIT */
/* sigil chain --html: one self-contained page (no script, no outside resource) with the
 * verdict of each query, the picture of the chains laid out by graphviz (chain_gv.c) as
 * inline SVG, a legend, each zone's keys and DS set, and the findings with the RFC text
 * behind each. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/chain.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/outfile.h>
#include <libsign/rr.h>
#include <libsign/version.h>

#include "chain_gv.h"
#include "chain_out.h"
#include "timefmt.h"

/* Where the rule behind a finding is written down (the ids of docs/findings.md). */
static const struct {
	const char *id, *rfc;
} refs[] = {
	{ "rrsig-bogus", "RFC 4035 §5.3.3" },         { "rrsig-expired", "RFC 4035 §5.3.1" },
	{ "rrsig-not-yet-valid", "RFC 4035 §5.3.1" }, { "rrsig-no-key", "RFC 4035 §5.3.1" },
	{ "rrsig-labels", "RFC 4035 §5.3.1" },        { "rrsig-signer", "RFC 4035 §5.3.1" },
	{ "rrsig-key-revoked", "RFC 5011 §2.1" },     { "rrset-unsigned", "RFC 4035 §5.3" },
	{ "dnskey-missing", "RFC 4035 §5.2" },        { "dnskey-not-anchored", "RFC 4035 §5.2" },
	{ "ds-no-matching-dnskey", "RFC 4035 §5.2" }, { "ds-algorithm-unsupported", "RFC 4035 §5.2" },
	{ "ds-digest-unsupported", "RFC 4035 §5.2" }, { "insecure-delegation", "RFC 4035 §5.2" },
	{ "ds-absence-unproven", "RFC 4035 §5.4" },   { "denial-proof-invalid", "RFC 4035 §5.4, RFC 5155 §8" },
	{ "wildcard-proof-missing", "RFC 4035 §5.3.4, RFC 5155 §8.8" },
	{ "nsec3-optout-insecure", "RFC 5155 §9.2" }, { "data-missing", "RFC 4035 §4.3" },
	{ "limit-nsec3-iterations", "RFC 9276 §3.2" }, { "rrsig-expiring-soon", "RFC 6781 §4.4" },
	{ "ttl-exceeds-validity", "RFC 4035 §5.3.3" }, { "algorithm-deprecated", "RFC 8624 §3.1" },
	{ "rsa-key-short", "RFC 8624 §3.1, RFC 6781 §3.4.2" }, { "nsec3-iterations", "RFC 9276 §3.1" },
	{ "limit-keys-per-tag", "RFC 9364 (KeyTrap, CVE-2023-50387)" },
	{ "limit-signatures-per-rrset", "RFC 9364 (KeyTrap, CVE-2023-50387)" },
	{ "limit-work", "RFC 9364 (KeyTrap, CVE-2023-50387)" },
	{ "server-unreachable", "RFC 2182 §3" }, { "server-lame", "RFC 1912 §2.8" },
	{ "server-data-differs", "RFC 1034 §4.3.5, RFC 1996" },
	{ "server-verdict-differs", "RFC 4035 §5" },
};

static const char *rfc_of(const char *id)
{
	for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
		if (strcmp(refs[i].id, id) == 0) {
			return refs[i].rfc;
		}
	}
	return "RFC 4035 §5";
}

static void esc(FILE *fp, const char *s)
{
	for (; *s != '\0'; s++) {
		switch (*s) {
		case '<': fputs("&lt;", fp); break;
		case '>': fputs("&gt;", fp); break;
		case '&': fputs("&amp;", fp); break;
		case '"': fputs("&quot;", fp); break;
		default: fputc(*s, fp);
		}
	}
}

static void esc_name(FILE *fp, const uint8_t *name)
{
	char buf[SGN_NAME_STR_MAX];
	esc(fp, sgn_name_to_str(buf, sizeof(buf), name) == SGN_OK ? buf : "?");
}

static const char style[] =
    "body{font-family:Helvetica,Arial,sans-serif;margin:2em;color:#212121}"
    "h1{margin-bottom:0}.secure{color:#2e7d32}.insecure{color:#ef6c00}.bogus{color:#c62828}"
    ".indeterminate{color:#757575}table{border-collapse:collapse;margin:1em 0}"
    "td,th{border:1px solid #cfd8dc;padding:4px 8px;text-align:left;vertical-align:top}"
    "th{background:#eceff1}.verdict{font-size:1.6em;font-weight:bold}"
    "#graph svg{max-width:100%;height:auto;border:1px solid #cfd8dc}"
    ".legend span{display:inline-block;margin-right:1.5em}.sw{display:inline-block;width:1.2em;"
    "height:.8em;margin-right:.3em;border:2px solid}";

static void verdicts(FILE *fp, const sgn_chain_t *const *chains, size_t n)
{
	char tbuf[SGN_TYPE_STR_MAX];
	fputs("<section id=\"verdicts\"><h2>Verdict</h2><table><tr><th>name</th><th>type</th>"
	      "<th>verdict</th><th>deciding link</th></tr>\n", fp);
	for (size_t i = 0; i < n; i++) {
		const sgn_chain_t *c = chains[i];
		const sgn_link_t *d = NULL;
		for (size_t k = 0; k < c->nlinks && d == NULL; k++) {
			d = c->links[k].status != SGN_SECURE ? &c->links[k] : NULL;
		}
		const char *v = sgn_status_str(c->verdict);
		fputs("<tr class=\"query\"><td>", fp);
		esc_name(fp, c->qname);
		fprintf(fp, "</td><td>%s</td><td class=\"verdict %s\" data-verdict=\"%s\">%s</td><td>",
		        sgn_type_to_str(tbuf, c->qtype), v, v, v);
		if (d != NULL) {
			fprintf(fp, "%s ", sgn_link_kind_str(d->kind));
			esc_name(fp, d->owner);
			if (d->has_reason) {
				fprintf(fp, ": %s", sgn_finding_id(d->reason));
			}
		}
		fputs("</td></tr>\n", fp);
	}
	fputs("</table></section>\n", fp);
}

static const char legend[] =
    "<section id=\"legend\" class=\"legend\"><h2>Legend</h2><p>"
    "<span><b>ellipse</b> DNSKEY (role KSK, ZSK or CSK; tag, algorithm, size; bold: trusted "
    "by a DS or an anchor)</span><span><b>box</b> DS record at the parent</span>"
    "<span><b>house</b> trust anchor</span><span><b>rounded box</b> an RRset the chain "
    "checked</span><span><b>note</b> an NSEC or NSEC3 record of a denial</span></p><p>"
    "<span><i class=\"sw\" style=\"border-color:#2e7d32\"></i>secure / valid</span>"
    "<span><i class=\"sw\" style=\"border-color:#ef6c00\"></i>insecure</span>"
    "<span><i class=\"sw\" style=\"border-color:#c62828\"></i>bogus; a dashed red edge is a "
    "broken link, labelled with its finding</span>"
    "<span><i class=\"sw\" style=\"border-color:#757575\"></i>indeterminate or unused</span>"
    "<span><i class=\"sw\" style=\"border-color:#f9a825\"></i>warning (\"! id\" on the "
    "node)</span><span><i class=\"sw\" style=\"border-color:#1565c0\"></i>CNAME or DNAME "
    "redirection</span></p><p>Edges: DS &rarr; the DNSKEY it matches; DNSKEY &rarr; the "
    "RRset it signs; NSEC/NSEC3 &rarr; the denial it proves.</p><p><span><b>component</b> "
    "an authoritative server (with <code>--live</code>): bold green, the one whose answers "
    "were validated; green, the same answers; yellow, other data (a dashed edge to each RRset "
    "it serves otherwise); red, its answers would change the outcome; grey dashed, "
    "unreachable, refusing or lame</span></p></section>\n";

static void zones(FILE *fp, const sgn_chain_t *const *chains, size_t n)
{
	fputs("<section id=\"zones\"><h2>Zones</h2>\n", fp);
	for (size_t i = 0; i < n; i++) {
		for (size_t zi = 0; zi < chains[i]->nzones; zi++) {
			const sgn_chain_zone_t *z = &chains[i]->zones[zi];
			char apex[SGN_NAME_STR_MAX];
			if (sgn_name_to_str(apex, sizeof(apex), z->apex) != SGN_OK) {
				continue;
			}
			fputs("<div class=\"zone\" data-zone=\"", fp);
			esc(fp, apex);
			fputs("\"><h3>", fp);
			esc(fp, apex);
			fputs("</h3><table><tr><th>DNSKEY</th><th>role</th><th>algorithm</th><th>bits</th>"
			      "<th>trusted</th><th>signs</th></tr>\n", fp);
			for (size_t k = 0; k < z->nkeys; k++) {
				const sgn_chain_key_t *x = &z->keys[k];
				const char *alg = sgn_alg_mnemonic(x->algorithm);
				fprintf(fp, "<tr><td>%u</td><td>%s%s</td><td>%s (%u)</td><td>%u</td><td>%s</td>"
				            "<td>%s%s</td></tr>\n",
				        x->tag, chain_key_role(x), (x->flags & SGN_DNSKEY_REVOKE) ? " revoked" : "",
				        alg != NULL ? alg : "?", x->algorithm, x->bits, x->trusted ? "yes" : "no",
				        x->signs_keys ? "keys " : "", x->signs_data ? "data" : "");
			}
			fprintf(fp, "</table><table><tr><th>%s</th><th>algorithm</th><th>digest</th>"
			            "<th>matches</th></tr>\n",
			        z->anchored ? "trust anchor" : "DS at the parent");
			for (size_t d = 0; d < z->nds; d++) {
				const sgn_chain_ds_t *x = &z->ds[d];
				fprintf(fp, "<tr><td>%u</td><td>%u</td><td>%u</td><td>", x->tag, x->algorithm,
				        x->digest_type);
				if (x->key >= 0) {
					fprintf(fp, "DNSKEY %u", z->keys[x->key].tag);
				} else {
					fputs(x->usable ? "<b class=\"bogus\">no DNSKEY</b>" : "unsupported", fp);
				}
				fputs("</td></tr>\n", fp);
			}
			fputs("</table></div>\n", fp);
		}
	}
	fputs("</section>\n", fp);
}

/* The authoritative servers of live chains, zone by zone: state, serial, how their answers
 * compare, and the outcome with them. */
static void servers(FILE *fp, const sgn_chain_t *const *chains, size_t n)
{
	bool any = false;
	for (size_t i = 0; i < n; i++) {
		any = any || chains[i]->nservers > 0;
	}
	if (!any) {
		return;
	}
	fputs("<section id=\"servers\"><h2>Authoritative servers</h2>\n", fp);
	for (size_t i = 0; i < n; i++) {
		const sgn_chain_t *c = chains[i];
		for (size_t si = 0; si < c->nservers; si++) {
			const sgn_chain_server_t *e = &c->servers[si];
			char who[SGN_NAME_STR_MAX + 64];
			if (si == 0 || !sgn_name_equal(c->servers[si - 1].zone, e->zone)) {
				fputs(si > 0 ? "</table>\n<h3>" : "<h3>", fp);
				esc_name(fp, e->zone);
				fputs("</h3><table><tr><th>server</th><th>state</th><th>SOA serial</th>"
				      "<th>answered</th><th>RRsets with other records / RRSIGs</th>"
				      "<th>outcome with its answers</th><th>findings</th></tr>\n", fp);
			}
			chain_server_label(who, sizeof(who), &e->info);
			fputs("<tr class=\"server\" data-server=\"", fp);
			esc(fp, e->info.address);
			fputs("\"><td>", fp);
			esc(fp, who);
			fprintf(fp, "</td><td>%s%s", sgn_live_state_str(e->info.state),
			        e->info.why[0] != '\0' ? ": " : "");
			esc(fp, e->info.why);
			fputs("</td><td>", fp);
			if (e->info.has_serial) {
				fprintf(fp, "%u", e->info.serial);
			}
			fprintf(fp, "</td><td>%u of %u</td><td>%zu / %zu</td><td class=\"%s\">%s</td><td>",
			        e->info.answered, e->info.asked, e->differs, e->sigs_differ,
			        e->verdict_differs ? "bogus" : "",
			        e->reference ? "validated" : e->checked ? sgn_status_str(e->verdict) : "");
			const sgn_finding_t *f = &c->findings.items[e->first_finding];
			for (size_t k = 0, shown = 0; k < e->nfindings; k++) {
				size_t times = 0, before = 0;
				for (size_t j = 0; j < e->nfindings; j++) {
					times += f[j].code == f[k].code;
					before += j < k && f[j].code == f[k].code;
				}
				if (before == 0) { /* each id once, with how many */
					fprintf(fp, "%s%s", shown++ > 0 ? ", " : "", sgn_finding_id(f[k].code));
					if (times > 1) {
						fprintf(fp, " (%zu)", times);
					}
				}
			}
			fputs("</td></tr>\n", fp);
		}
		if (c->nservers > 0) {
			fputs("</table>\n", fp);
		}
	}
	fputs("</section>\n", fp);
}

static void findings(FILE *fp, const sgn_chain_t *const *chains, size_t n)
{
	char tbuf[SGN_TYPE_STR_MAX], when[32];
	fputs("<section id=\"findings\"><h2>Findings</h2><table><tr><th>severity</th><th>finding"
	      "</th><th>where</th><th>server</th><th>what</th><th>rule</th></tr>\n", fp);
	for (size_t i = 0; i < n; i++) {
		const sgn_findings_t *f = &chains[i]->findings;
		for (size_t k = 0; k < f->count; k++) {
			const sgn_finding_t *x = &f->items[k];
			const char *id = sgn_finding_id(x->code);
			fprintf(fp, "<tr class=\"finding\" data-finding=\"%s\"><td>%s</td><td>%s</td><td>",
			        id, sgn_severity_str(x->severity), id);
			esc_name(fp, x->owner);
			fprintf(fp, " %s", x->type != 0 ? sgn_type_to_str(tbuf, x->type) : "");
			if (x->has_key) {
				fprintf(fp, " key %u/%u", x->key_tag, x->algorithm);
			}
			fputs("</td><td>", fp);
			if (x->has_server) {
				if (x->server_name[0] != 0) {
					esc_name(fp, x->server_name);
					fputs(" ", fp);
				}
				esc(fp, x->server_address);
			}
			fputs("</td><td>", fp);
			esc(fp, sgn_finding_message(x->code));
			if (x->when != 0) {
				fprintf(fp, " (%s)", timefmt_iso(x->when, when));
			}
			if (x->detail[0] != '\0') {
				fputs(": ", fp);
				esc(fp, x->detail);
			}
			fprintf(fp, "</td><td>%s</td></tr>\n", rfc_of(id));
		}
	}
	fputs("</table></section>\n", fp);
}

/* The picture: DOT from chain_dot(), SVG from graphviz, without its XML prologue. */
static int picture(struct cli *cli, FILE *fp, const sgn_chain_t *const *chains, size_t n)
{
	char *dot = NULL, *svg = NULL, err[256];
	size_t dlen = 0, slen = 0;
	FILE *mem = open_memstream(&dot, &dlen);
	if (mem == NULL) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	chain_dot(mem, chains, n);
	if (fclose(mem) != 0 || chain_gv_svg(dot, &svg, &slen, err, sizeof(err)) != 0) {
		free(dot);
		return cli_error(cli, NULL, 0, "cannot draw the chain: %s", err);
	}
	const char *start = strstr(svg, "<svg");
	fprintf(fp, "<section id=\"graph\"><h2>Chain</h2>\n%s</section>\n",
	        start != NULL ? start : svg);
	free(svg);
	free(dot);
	return SIGIL_EXIT_OK;
}

int chain_html(struct cli *cli, const char *path, const sgn_chain_t *const *chains, size_t n,
               int64_t now)
{
	sgn_outfile_t *of;
	sgn_diag_t diag;
	char when[32], tbuf[SGN_TYPE_STR_MAX];
	sgn_diag_init(&diag);
	if (sgn_outfile_open(&of, path, 0644, 0, &diag) != SGN_OK) {
		return cli_diag(cli, &diag, diag.err, path);
	}
	FILE *fp = sgn_outfile_stream(of);
	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>sigil chain: ",
	      fp);
	esc_name(fp, chains[0]->qname);
	fprintf(fp, " %s%s</title>\n<style>%s</style></head><body>\n<h1>Chain of trust</h1>\n",
	        sgn_type_to_str(tbuf, chains[0]->qtype), n > 1 ? " and more" : "", style);
	fprintf(fp, "<p>Validated as of %s by sigil %s.</p>\n", timefmt_iso(now, when),
	        sgn_version_string());
	verdicts(fp, chains, n);
	int rc = picture(cli, fp, chains, n);
	if (rc != SIGIL_EXIT_OK) {
		sgn_outfile_abort(of);
		return rc;
	}
	fputs(legend, fp);
	zones(fp, chains, n);
	servers(fp, chains, n);
	findings(fp, chains, n);
	fputs("</body></html>\n", fp);
	return sgn_outfile_commit(of, &diag) == SGN_OK ? SIGIL_EXIT_OK
	                                               : cli_diag(cli, &diag, diag.err, path);
}
