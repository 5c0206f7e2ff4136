/* SPDX-License-Identifier: MIT */
/* A chain of trust as a Graphviz graph, in the manner of DNSViz: a cluster per zone with
 * its DNSKEYs, the DS records at its parent, the RRsets the chain checked, edges "this DS
 * matches this key" and "this key signs this RRset", the NSEC/NSEC3 records of each denial,
 * CNAME/DNAME redirections between RRsets; what fails drawn red and dashed with its
 * finding, warnings on the nodes they concern. Several chains share one picture. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "chain_out.h"

#define C_OK "#2e7d32"
#define C_BAD "#c62828"
#define C_INSECURE "#ef6c00"
#define C_GREY "#757575"
#define C_WARN "#f9a825"

static const char *status_color(sgn_status_t s)
{
	return s == SGN_SECURE ? C_OK : s == SGN_BOGUS ? C_BAD : s == SGN_INSECURE ? C_INSECURE
	                                                                           : C_GREY;
}

/* Names quoted for DOT labels: only '"' and '\' need escaping in a name's text form. */
static void qname(const uint8_t *name, char *buf, size_t cap)
{
	char raw[SGN_NAME_STR_MAX];
	size_t n = 0;
	if (sgn_name_to_str(raw, sizeof(raw), name) != SGN_OK) {
		raw[0] = '\0';
	}
	for (const char *p = raw; *p != '\0' && n + 3 < cap; p++) {
		if (*p == '"' || *p == '\\') {
			buf[n++] = '\\';
		}
		buf[n++] = *p;
	}
	buf[n] = '\0';
}

/* A key's role: CSK when it signs the keys and data, else KSK with SEP, ZSK without. */
const char *chain_key_role(const sgn_chain_key_t *k)
{
	if (k->signs_keys && k->signs_data) {
		return "CSK";
	}
	return (k->flags & SGN_DNSKEY_SEP) ? "KSK" : "ZSK";
}

/* The warnings of the chain about @p owner / @p type (key tag @p tag, or -1: any), as
 * "\n! id" label lines. */
static void warn_lines(FILE *fp, const sgn_chain_t *c, const uint8_t *owner, uint16_t type,
                       int tag)
{
	for (size_t i = 0; i < c->findings.count; i++) {
		const sgn_finding_t *f = &c->findings.items[i];
		if (f->severity == SGN_SEV_WARNING && !f->has_server && f->type == type &&
		    sgn_name_equal(f->owner, owner) &&
		    (tag < 0 ? !f->has_key : (f->has_key && f->key_tag == tag))) {
			fprintf(fp, "\\n! %s", sgn_finding_id(f->code));
		}
	}
}

static bool has_warning(const sgn_chain_t *c, const uint8_t *owner, uint16_t type, int tag)
{
	for (size_t i = 0; i < c->findings.count; i++) {
		const sgn_finding_t *f = &c->findings.items[i];
		if (f->severity == SGN_SEV_WARNING && !f->has_server && f->type == type &&
		    sgn_name_equal(f->owner, owner) &&
		    (tag < 0 ? !f->has_key : (f->has_key && f->key_tag == tag))) {
			return true;
		}
	}
	return false;
}

/* Node ids: "z<zone>k<key>", "z<zone>d<ds>", and for RRsets an id from the zone, owner and
 * type, so that the path to the root after a CNAME is drawn once. */
static void rrset_id(char *buf, size_t cap, const uint8_t *zone, const uint8_t *owner,
                     uint16_t type)
{
	size_t n = (size_t)snprintf(buf, cap, "r%u_", type);
	const uint8_t *names[2] = { zone, owner };
	for (int k = 0; k < 2; k++) {
		for (size_t i = 0; n + 3 < cap && i < sgn_name_len(names[k], SGN_NAME_MAX); i++) {
			n += (size_t)snprintf(buf + n, cap - n, "%02x", names[k][i]);
		}
		if (n + 2 < cap) {
			buf[n++] = '_';
			buf[n] = '\0';
		}
	}
}

static long zone_index(const sgn_chain_t *c, const uint8_t *apex)
{
	for (size_t i = 0; i < c->nzones; i++) {
		if (sgn_name_equal(c->zones[i].apex, apex)) {
			return (long)i;
		}
	}
	return -1;
}

static void key_node(FILE *fp, const sgn_chain_t *c, unsigned q, size_t zi, size_t ki)
{
	const sgn_chain_zone_t *z = &c->zones[zi];
	const sgn_chain_key_t *k = &z->keys[ki];
	const char *alg = sgn_alg_mnemonic(k->algorithm);
	bool warn = has_warning(c, z->apex, SGN_TYPE_DNSKEY, k->tag);
	fprintf(fp, "    q%uz%zuk%zu [shape=ellipse, label=\"DNSKEY %s\\n%u %s", q, zi, ki,
	        chain_key_role(k), k->tag, alg != NULL ? alg : "?");
	if (k->bits != 0) {
		fprintf(fp, " %u bits", k->bits);
	}
	if (k->flags & SGN_DNSKEY_REVOKE) {
		fprintf(fp, "\\nREVOKED");
	}
	warn_lines(fp, c, z->apex, SGN_TYPE_DNSKEY, k->tag);
	fprintf(fp, "\", color=\"%s\", style=\"%s\"];\n",
	        warn ? C_WARN : k->trusted || k->signs_data ? C_OK : C_GREY,
	        k->trusted ? "bold" : "solid");
}

/* The deepest zone of the chain above zone @p j: where its DS records are. */
static long parent_of(const sgn_chain_t *c, size_t j)
{
	const uint8_t *child = c->zones[j].apex;
	unsigned labels = sgn_name_labels(child);
	for (unsigned up = 1; up <= labels; up++) {
		long p = zone_index(c, sgn_name_strip(child, up));
		if (p >= 0) {
			return p;
		}
	}
	return -1;
}

/* Who vouches for the zone's keys: DS records in the parent's cluster, or anchors. */
static void ds_nodes(FILE *fp, const sgn_chain_t *c, unsigned q, size_t zi)
{
	const sgn_chain_zone_t *z = &c->zones[zi];
	for (size_t d = 0; d < z->nds; d++) {
		const sgn_chain_ds_t *x = &z->ds[d];
		char dig[24] = "";
		if (x->digest_type != 0) {
			const char *m = sgn_digest_mnemonic(x->digest_type);
			snprintf(dig, sizeof(dig), " %s", m != NULL ? m : "?");
		}
		const char *alg = sgn_alg_mnemonic(x->algorithm);
		fprintf(fp, "    q%uz%zud%zu [shape=%s, label=\"%s %u\\n%s%s%s\", color=\"%s\"];\n", q,
		        zi, d, z->anchored ? "house" : "box", z->anchored ? "trust anchor" : "DS",
		        x->tag, alg != NULL ? alg : "?", dig, x->usable ? "" : "\\nunsupported",
		        x->key >= 0 ? C_OK : x->usable ? C_BAD : C_INSECURE);
	}
}

static void ds_edges(FILE *fp, const sgn_chain_t *c, unsigned q, size_t zi)
{
	const sgn_chain_zone_t *z = &c->zones[zi];
	char dk[160];
	rrset_id(dk, sizeof(dk), z->apex, z->apex, SGN_TYPE_DNSKEY);
	for (size_t d = 0; d < z->nds; d++) {
		if (z->ds[d].key >= 0) {
			fprintf(fp, "  q%uz%zud%zu -> q%uz%zuk%d [color=\"" C_OK "\"];\n", q, zi, d, q, zi,
			        z->ds[d].key);
		} else if (z->ds[d].usable) {
			fprintf(fp, "  q%uz%zud%zu -> q%u%s [color=\"" C_BAD "\", style=dashed, fontcolor=\""
			            C_BAD "\", label=\"ds-no-matching-dnskey\"];\n",
			        q, zi, d, q, dk);
		}
	}
}

/* -- the authoritative servers of a live chain -- */

static bool server_agrees(const sgn_chain_server_t *e)
{
	return e->info.state == SGN_LIVE_ANSWERED && e->differs == 0 && e->sigs_differ == 0 &&
	       !e->verdict_differs;
}

/* A server: green (bold: the one whose answers were validated), yellow when it serves other
 * data, red when its answers change the outcome, grey and dashed when it is unusable; its
 * SOA serial, state and the ids of its findings in the label. */
static void server_node(FILE *fp, const sgn_chain_t *c, unsigned q, size_t si)
{
	const sgn_chain_server_t *e = &c->servers[si];
	char name[SGN_NAME_STR_MAX * 2];
	qname(e->info.name, name, sizeof(name));
	fprintf(fp, "    q%us%zu [shape=component, fontsize=10, label=\"%s%s%s", q, si,
	        e->info.name[0] != 0 ? name : "", e->info.name[0] != 0 ? "\\n" : "", e->info.address);
	if (e->info.has_serial) {
		fprintf(fp, "\\nserial %u", e->info.serial);
	}
	if (e->info.state != SGN_LIVE_ANSWERED) {
		fprintf(fp, "\\n%s", sgn_live_state_str(e->info.state));
	} else if (e->reference) {
		fprintf(fp, "\\nits answers validated");
	} else if (e->checked) {
		fprintf(fp, "\\nwith its answers: %s", sgn_status_str(e->verdict));
	}
	for (size_t i = 0; i < e->nfindings; i++) {
		const sgn_finding_t *f = &c->findings.items[e->first_finding + i];
		bool again = false;
		for (size_t k = 0; k < i && !again; k++) {
			again = c->findings.items[e->first_finding + k].code == f->code;
		}
		if (!again && f->severity != SGN_SEV_NOTICE) {
			fprintf(fp, "\\n! %s", sgn_finding_id(f->code));
		}
	}
	const char *color = e->info.state != SGN_LIVE_ANSWERED ? C_GREY
	                    : e->verdict_differs               ? C_BAD
	                    : server_agrees(e)                 ? C_OK
	                                                       : C_WARN;
	fprintf(fp, "\", color=\"%s\", style=\"%s\"];\n", color,
	        e->info.state != SGN_LIVE_ANSWERED ? "dashed" : e->reference ? "bold" : "solid");
}

/* The servers of zone @p apex; servers that answer like the reference are drawn one by one
 * up to three, else as one node that counts them. */
static void server_nodes(FILE *fp, const sgn_chain_t *c, unsigned q, const uint8_t *apex)
{
	size_t agree = 0, first = SIZE_MAX;
	for (size_t si = 0; si < c->nservers; si++) {
		const sgn_chain_server_t *e = &c->servers[si];
		if (sgn_name_equal(e->zone, apex) && !e->reference && server_agrees(e)) {
			agree++;
			first = first == SIZE_MAX ? si : first;
		}
	}
	for (size_t si = 0; si < c->nservers; si++) {
		const sgn_chain_server_t *e = &c->servers[si];
		if (sgn_name_equal(e->zone, apex) &&
		    (agree <= 3 || e->reference || !server_agrees(e))) {
			server_node(fp, c, q, si);
		}
	}
	if (agree > 3) {
		fprintf(fp, "    q%us%zu [shape=component, fontsize=10, label=\"%zu more servers\\n"
		            "answer the same\", color=\"" C_OK "\"];\n",
		        q, first, agree);
	}
}

/* The node of the RRset (@p owner, @p type) of zone @p zone: a link's, or a proof's. */
static bool node_of(const sgn_chain_t *c, unsigned q, const uint8_t *zone, const uint8_t *owner,
                    uint16_t type, char *id, size_t cap)
{
	for (size_t li = 0; li < c->nlinks; li++) {
		const sgn_link_t *l = &c->links[li];
		if (l->type == type && sgn_name_equal(l->owner, owner) && sgn_name_equal(l->zone, zone)) {
			char r[160];
			rrset_id(r, sizeof(r), l->zone, l->owner, l->type);
			snprintf(id, cap, "q%u%s", q, r);
			return true;
		}
	}
	for (size_t i = 0; i < c->nproofs; i++) {
		const sgn_rrset_t *r = &c->proofs[i].rrset->rrset;
		if (r->type == type && sgn_name_equal(r->owner, owner)) {
			snprintf(id, cap, "q%up%zu", q, i);
			return true;
		}
	}
	return false;
}

/* A server that disagrees points at each RRset it serves otherwise (and, when its answers
 * change the outcome, at the link that would change). */
static void server_edges(FILE *fp, const sgn_chain_t *c, unsigned q, size_t si)
{
	const sgn_chain_server_t *e = &c->servers[si];
	char id[200];
	for (size_t i = 0; i < e->nanswers; i++) {
		const sgn_chain_answer_t *x = &c->answers[e->first_answer + i];
		for (size_t k = 0; k < x->nrrsets; k++) {
			const sgn_chain_answer_rrset_t *r = &x->rrsets[k];
			bool seen = false;
			for (size_t j = 0; j < i && !seen; j++) { /* the same RRset in an earlier answer */
				const sgn_chain_answer_t *y = &c->answers[e->first_answer + j];
				for (size_t m = 0; m < y->nrrsets && !seen; m++) {
					seen = y->rrsets[m].type == r->type &&
					       sgn_name_equal(y->rrsets[m].owner, r->owner) &&
					       y->rrsets[m].cmp > SGN_CHAIN_CMP_SAME;
				}
			}
			if (seen || r->cmp <= SGN_CHAIN_CMP_SAME ||
			    !node_of(c, q, e->zone, r->owner, r->type, id, sizeof(id))) {
				continue;
			}
			fprintf(fp, "  q%us%zu -> %s [style=dashed, color=\"%s\", fontcolor=\"%s\", "
			            "label=\"%s\"];\n",
			        q, si, id, r->cmp == SGN_CHAIN_CMP_SIGS_DIFFER ? C_GREY : C_WARN,
			        r->cmp == SGN_CHAIN_CMP_SIGS_DIFFER ? C_GREY : C_WARN,
			        r->cmp == SGN_CHAIN_CMP_MISSING       ? "does not serve it"
			        : r->cmp == SGN_CHAIN_CMP_SIGS_DIFFER ? "other RRSIGs"
			                                               : "other data");
		}
	}
	for (size_t i = 0; i < e->nfindings; i++) {
		const sgn_finding_t *f = &c->findings.items[e->first_finding + i];
		if (f->code == SGN_FIND_SERVER_VERDICT_DIFFERS) {
			for (size_t li = 0; li < c->nlinks; li++) {
				const sgn_link_t *l = &c->links[li];
				if (l->type == f->type && sgn_name_equal(l->owner, f->owner)) {
					char r[160];
					rrset_id(r, sizeof(r), l->zone, l->owner, l->type);
					fprintf(fp, "  q%us%zu -> q%u%s [style=dashed, color=\"" C_BAD "\", "
					            "fontcolor=\"" C_BAD "\", label=\"server-verdict-differs\"];\n",
					        q, si, q, r);
					break;
				}
			}
		}
	}
}

/* The servers of zones the chain has no keys of, each zone a cluster of its own. */
static void orphan_servers(FILE *fp, const sgn_chain_t *c, unsigned q)
{
	for (size_t si = 0; si < c->nservers; si++) {
		const sgn_chain_server_t *e = &c->servers[si];
		if (zone_index(c, e->zone) >= 0 ||
		    (si > 0 && sgn_name_equal(c->servers[si - 1].zone, e->zone))) {
			continue;
		}
		char apex[SGN_NAME_STR_MAX * 2];
		qname(e->zone, apex, sizeof(apex));
		fprintf(fp, "  subgraph cluster_q%us%zu {\n    label=\"servers of %s\";\n"
		            "    style=rounded;\n    color=\"#90a4ae\";\n",
		        q, si, apex);
		server_nodes(fp, c, q, e->zone);
		fprintf(fp, "  }\n");
	}
}

/* One cluster per zone: its keys, the DS records of its children, its RRsets. */
static void cluster(FILE *fp, const sgn_chain_t *c, unsigned q, size_t zi)
{
	char apex[SGN_NAME_STR_MAX * 2];
	const sgn_chain_zone_t *z = &c->zones[zi];
	qname(z->apex, apex, sizeof(apex));
	fprintf(fp, "  subgraph cluster_q%uz%zu {\n    label=\"%s\";\n    style=rounded;\n"
	            "    color=\"#90a4ae\";\n",
	        q, zi, apex);
	for (size_t k = 0; k < z->nkeys; k++) {
		key_node(fp, c, q, zi, k);
	}
	if (z->keys_total > z->nkeys) {
		fprintf(fp, "    q%uz%zumore [shape=plaintext, label=\"and %zu more DNSKEYs\"];\n", q,
		        zi, z->keys_total - z->nkeys);
	}
	/* the DS records of the zones below this one, at the parent as in the DNS */
	for (size_t j = 0; j < c->nzones; j++) {
		if (!c->zones[j].anchored && parent_of(c, j) == (long)zi) {
			ds_nodes(fp, c, q, j);
		}
	}
	if (z->anchored) {
		ds_nodes(fp, c, q, zi);
	}
	server_nodes(fp, c, q, z->apex);
}

/* The RRset nodes of a zone, and its edges: signed by which keys, proven by which NSECs. */
static void link_node(FILE *fp, const sgn_chain_t *c, unsigned q, size_t li)
{
	const sgn_link_t *l = &c->links[li];
	char id[160], owner[SGN_NAME_STR_MAX * 2], tbuf[SGN_TYPE_STR_MAX];
	rrset_id(id, sizeof(id), l->zone, l->owner, l->type);
	qname(l->owner, owner, sizeof(owner));
	fprintf(fp, "  q%u%s [shape=box, style=\"rounded\", label=\"%s %s\\n%s%s", q, id, owner,
	        sgn_type_to_str(tbuf, l->type), sgn_link_kind_str(l->kind),
	        l->wildcard ? " (wildcard)" : "");
	if (l->has_reason) {
		fprintf(fp, "\\n%s", sgn_finding_id(l->reason));
	}
	warn_lines(fp, c, l->owner, l->type, -1);
	fprintf(fp, "\", color=\"%s\", penwidth=2];\n",
	        has_warning(c, l->owner, l->type, -1) && l->status == SGN_SECURE ? C_WARN
	                                                                         : status_color(l->status));
}

static void sign_edges(FILE *fp, const sgn_chain_t *c, unsigned q, size_t li)
{
	const sgn_link_t *l = &c->links[li];
	char id[160];
	long zi = zone_index(c, l->zone);
	rrset_id(id, sizeof(id), l->zone, l->owner, l->type);
	bool drawn = false;
	if (zi >= 0 && l->kind == SGN_LINK_DNSKEY && l->status != SGN_SECURE) {
		/* keys that signed the key set though nothing above vouches for them */
		for (size_t j = 0; j < c->zones[zi].nkeys; j++) {
			if (c->zones[zi].keys[j].signs_keys) {
				fprintf(fp, "  q%uz%ldk%zu -> q%u%s [color=\"" C_GREY "\"];\n", q, zi, j, q, id);
			}
		}
	}
	for (size_t k = 0; zi >= 0 && k < l->nkeys; k++) {
		const sgn_chain_zone_t *z = &c->zones[zi];
		for (size_t j = 0; j < z->nkeys; j++) {
			if (z->keys[j].tag == l->key_tags[k] && z->keys[j].algorithm == l->algorithms[k]) {
				fprintf(fp, "  q%uz%ldk%zu -> q%u%s [color=\"%s\"];\n", q, zi, j, q, id,
				        status_color(l->status == SGN_BOGUS ? SGN_SECURE : l->status));
				drawn = true;
				break;
			}
		}
	}
	if (!drawn && zi >= 0 && l->status == SGN_BOGUS && c->zones[zi].nkeys > 0 &&
	    l->kind != SGN_LINK_DNSKEY) {
		fprintf(fp, "  q%uz%ldk0 -> q%u%s [color=\"" C_BAD "\", style=dashed, fontcolor=\"" C_BAD
		            "\", label=\"%s\"];\n",
		        q, zi, q, id, l->has_reason ? sgn_finding_id(l->reason) : "bogus");
	}
}

static void proof_nodes(FILE *fp, const sgn_chain_t *c, unsigned q, size_t li)
{
	const sgn_link_t *l = &c->links[li];
	char id[160], owner[SGN_NAME_STR_MAX * 2], tbuf[SGN_TYPE_STR_MAX];
	rrset_id(id, sizeof(id), l->zone, l->owner, l->type);
	for (size_t i = 0; i < c->nproofs; i++) {
		const sgn_chain_proof_t *p = &c->proofs[i];
		if (p->link != li) {
			continue;
		}
		const sgn_rrset_t *r = &p->rrset->rrset;
		sgn_buf_t rd;
		sgn_buf_init(&rd);
		if (r->count == 0 || sgn_rdata_to_str(&rd, r->type, r->rdata[0].data,
		                                      r->rdata[0].len) != SGN_OK ||
		    sgn_buf_append(&rd, "", 1) != SGN_OK) {
			sgn_buf_release(&rd);
			continue;
		}
		qname(r->owner, owner, sizeof(owner));
		fprintf(fp, "  q%up%zu [shape=note, fontsize=10, label=\"%s %s\\n%.120s\", color=\"%s\"];\n",
		        q, i, owner, sgn_type_to_str(tbuf, r->type), (const char *)rd.data,
		        p->valid ? C_OK : C_BAD);
		fprintf(fp, "  q%up%zu -> q%u%s [style=dotted, color=\"%s\"%s];\n", q, i, q, id,
		        p->valid ? C_OK : C_BAD, p->valid ? "" : ", label=\"not validly signed\"");
		sgn_buf_release(&rd);
	}
}

/* A CNAME or DNAME link points at the first RRset link of the walk that follows it. */
static void redirect_edges(FILE *fp, const sgn_chain_t *c, unsigned q)
{
	for (size_t i = 0; i < c->nlinks; i++) {
		const sgn_link_t *l = &c->links[i];
		if (l->kind != SGN_LINK_CNAME && l->kind != SGN_LINK_DNAME) {
			continue;
		}
		for (size_t j = i + 1; j < c->nlinks; j++) {
			const sgn_link_t *t = &c->links[j];
			if (t->kind == SGN_LINK_DNSKEY || t->kind == SGN_LINK_DS || t->kind == SGN_LINK_NO_DS) {
				continue;
			}
			char a[160], b[160];
			rrset_id(a, sizeof(a), l->zone, l->owner, l->type);
			rrset_id(b, sizeof(b), t->zone, t->owner, t->type);
			/* (no constraint=false: graphviz 2.42's dot layout frees such edges twice) */
			fprintf(fp, "  q%u%s -> q%u%s [color=\"#1565c0\", penwidth=2, label=\"%s\"];\n", q,
			        a, q, b, sgn_link_kind_str(l->kind));
			break;
		}
	}
}

/* The same RRset met again after a CNAME (the path from the root once more): drawn once. */
static bool met_before(const sgn_chain_t *c, size_t li)
{
	for (size_t k = 0; k < li; k++) {
		if (sgn_name_equal(c->links[k].zone, c->links[li].zone) &&
		    sgn_name_equal(c->links[k].owner, c->links[li].owner) &&
		    c->links[k].type == c->links[li].type) {
			return true;
		}
	}
	return false;
}

/* The graph of one chain, its nodes prefixed "q<q>" (a picture may hold several). */
static void chain_graph(FILE *fp, const sgn_chain_t *c, unsigned q)
{
	for (size_t zi = 0; zi < c->nzones; zi++) {
		cluster(fp, c, q, zi);
		for (size_t li = 0; li < c->nlinks; li++) {
			if (sgn_name_equal(c->links[li].zone, c->zones[zi].apex) && !met_before(c, li)) {
				link_node(fp, c, q, li);
			}
		}
		fprintf(fp, "  }\n");
	}
	for (size_t zi = 0; zi < c->nzones; zi++) {
		ds_edges(fp, c, q, zi);
	}
	for (size_t li = 0; li < c->nlinks; li++) {
		if (met_before(c, li)) {
			continue;
		}
		if (zone_index(c, c->links[li].zone) < 0) { /* a zone the chain has no keys of */
			link_node(fp, c, q, li);
		}
		sign_edges(fp, c, q, li);
		proof_nodes(fp, c, q, li);
	}
	redirect_edges(fp, c, q);
	orphan_servers(fp, c, q);
	for (size_t si = 0; si < c->nservers; si++) {
		if (!server_agrees(&c->servers[si])) {
			server_edges(fp, c, q, si);
		}
	}
}

void chain_dot(FILE *fp, const sgn_chain_t *const *chains, size_t n)
{
	fprintf(fp, "digraph chain {\n  rankdir=TB;\n  fontname=\"Helvetica\";\n"
	            "  node [fontname=\"Helvetica\", fontsize=11];\n  edge [fontname=\"Helvetica\", "
	            "fontsize=9];\n");
	for (size_t i = 0; i < n; i++) {
		const sgn_chain_t *c = chains[i];
		char name[SGN_NAME_STR_MAX * 2], tbuf[SGN_TYPE_STR_MAX];
		qname(c->qname, name, sizeof(name));
		fprintf(fp, "  subgraph cluster_query%zu {\n  label=\"%s %s: %s\";\n  fontsize=14;\n"
		            "  color=\"%s\";\n  penwidth=2;\n",
		        i, name, sgn_type_to_str(tbuf, c->qtype), sgn_status_str(c->verdict),
		        status_color(c->verdict));
		chain_graph(fp, c, (unsigned)i);
		fprintf(fp, "  }\n");
	}
	fprintf(fp, "}\n");
}
