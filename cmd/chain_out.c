/* SPDX-License-Identifier: MIT */
/* Printing a chain of trust: text (one line per link), JSON, or a Graphviz picture. */
#include <stdio.h>

#include <libsign/alg.h>
#include <libsign/chain.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "chain_out.h"
#include "report.h"
#include "timefmt.h"

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

static const sgn_chain_zone_t *zone_of_link(const sgn_chain_t *c, const sgn_link_t *l)
{
	for (size_t i = 0; i < c->nzones; i++) {
		if (sgn_name_equal(c->zones[i].apex, l->zone) ||
		    (l->kind == SGN_LINK_DNSKEY && sgn_name_equal(c->zones[i].apex, l->owner))) {
			return &c->zones[i];
		}
	}
	return NULL;
}

static void text_keys(struct out *o, const sgn_chain_zone_t *z)
{
	char apex[SGN_NAME_STR_MAX];
	name_str(z->apex, apex);
	out_text(o, "    %s of %s:", z->anchored ? "trust anchors" : "DS set at the parent", apex);
	for (size_t d = 0; d < z->nds; d++) {
		const sgn_chain_ds_t *x = &z->ds[d];
		out_text(o, "%s %u/%u", d > 0 ? "," : "", x->tag, x->algorithm);
		if (x->digest_type != 0) {
			out_text(o, "/%u", x->digest_type);
		}
		out_text(o, " %s", x->key >= 0 ? "matches a key" : x->usable ? "MATCHES NO KEY"
		                                                                : "unsupported");
	}
	out_text(o, "%s\n    DNSKEYs of %s:", z->nds == 0 ? " none" : "", apex);
	for (size_t k = 0; k < z->nkeys; k++) {
		const sgn_chain_key_t *x = &z->keys[k];
		const char *alg = sgn_alg_mnemonic(x->algorithm);
		out_text(o, "%s %u %s %s %u bits%s%s%s", k > 0 ? "," : "", x->tag, chain_key_role(x),
		         alg != NULL ? alg : "?", x->bits, (x->flags & SGN_DNSKEY_REVOKE) ? " revoked" : "",
		         x->trusted ? " trusted" : "", x->signs_keys || x->signs_data ? " signing" : "");
	}
	if (z->keys_total > z->nkeys) {
		out_text(o, ", and %zu more", z->keys_total - z->nkeys);
	}
	out_text(o, "%s\n", z->keys_total == 0 ? " none" : "");
}

/* A proof record of link @p li: its owner and first RDATA as text (NUL-terminated in @p rd,
 * which the caller releases). False for another link's record. */
static bool proof_text(const sgn_chain_proof_t *p, size_t li, char *owner, sgn_buf_t *rd)
{
	const sgn_rrset_t *r = &p->rrset->rrset;
	sgn_buf_init(rd);
	if (p->link != li || r->count == 0) {
		return false;
	}
	name_str(r->owner, owner);
	return sgn_rdata_to_str(rd, r->type, r->rdata[0].data, r->rdata[0].len) == SGN_OK &&
	       sgn_buf_append(rd, "", 1) == SGN_OK;
}

static void text_proofs(struct out *o, const sgn_chain_t *c, size_t li)
{
	for (size_t i = 0; i < c->nproofs; i++) {
		char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX];
		sgn_buf_t rd;
		if (proof_text(&c->proofs[i], li, owner, &rd)) {
			out_text(o, "    proof: %s %s %s%s\n", owner,
			         sgn_type_to_str(tbuf, c->proofs[i].rrset->rrset.type),
			                         (const char *)rd.data,
			         c->proofs[i].valid ? "" : " (not validly signed)");
		}
		sgn_buf_release(&rd);
	}
}

/* The errors found at a link's RRset, with keys and times (an expired signature's date). */
static void text_errors(struct out *o, const sgn_chain_t *c, const sgn_link_t *l)
{
	char when[32];
	for (size_t i = 0; l->status != SGN_SECURE && i < c->findings.count; i++) {
		const sgn_finding_t *f = &c->findings.items[i];
		if (f->severity != SGN_SEV_ERROR || f->type != l->type || f->has_server ||
		    !sgn_name_equal(f->owner, l->owner) || (l->has_reason && f->code == l->reason &&
		                                            !f->has_key && f->when == 0)) {
			continue;
		}
		out_text(o, "    %s", sgn_finding_id(f->code));
		if (f->has_key) {
			out_text(o, " key %u/%u", f->key_tag, f->algorithm);
		}
		if (f->when != 0) {
			out_text(o, " at %s", timefmt_iso(f->when, when));
		}
		out_text(o, "%s%s\n", f->detail[0] != '\0' ? ": " : "", f->detail);
	}
}

static void text_link(struct out *o, const sgn_link_t *l)
{
	char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	name_str(l->owner, owner);
	out_text(o, "%s %-13s %-8s %-28s %-6s", mark(l->status), sgn_status_str(l->status),
	         sgn_link_kind_str(l->kind), owner, sgn_type_to_str(tbuf, l->type));
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

static void json_proofs(struct out *o, const sgn_chain_t *c, size_t li)
{
	out_array_begin(o, "proofs");
	for (size_t i = 0; i < c->nproofs; i++) {
		char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX];
		sgn_buf_t rd;
		if (proof_text(&c->proofs[i], li, owner, &rd)) {
			out_object_begin(o, NULL);
			out_str(o, "owner", owner);
			out_str(o, "type", sgn_type_to_str(tbuf, c->proofs[i].rrset->rrset.type));
			out_str(o, "rdata", (const char *)rd.data);
			out_bool(o, "valid", c->proofs[i].valid);
			out_object_end(o);
		}
		sgn_buf_release(&rd);
	}
	out_array_end(o);
}

static void json_zones(struct out *o, const sgn_chain_t *c)
{
	char apex[SGN_NAME_STR_MAX];
	out_array_begin(o, "zones");
	for (size_t i = 0; i < c->nzones; i++) {
		const sgn_chain_zone_t *z = &c->zones[i];
		name_str(z->apex, apex);
		out_object_begin(o, NULL);
		out_str(o, "apex", apex);
		out_bool(o, "anchored", z->anchored);
		out_array_begin(o, "keys");
		for (size_t k = 0; k < z->nkeys; k++) {
			const sgn_chain_key_t *x = &z->keys[k];
			out_object_begin(o, NULL);
			out_int(o, "key_tag", x->tag);
			out_int(o, "algorithm", x->algorithm);
			out_str(o, "algorithm_name", sgn_alg_mnemonic(x->algorithm));
			out_int(o, "bits", x->bits);
			out_int(o, "flags", x->flags);
			out_str(o, "role", chain_key_role(x));
			out_bool(o, "revoked", (x->flags & SGN_DNSKEY_REVOKE) != 0);
			out_bool(o, "trusted", x->trusted);
			out_bool(o, "signs_keys", x->signs_keys);
			out_bool(o, "signs_data", x->signs_data);
			out_object_end(o);
		}
		out_array_end(o);
		out_int(o, "keys_total", (int64_t)z->keys_total);
		out_array_begin(o, z->anchored ? "anchors" : "ds");
		for (size_t d = 0; d < z->nds; d++) {
			const sgn_chain_ds_t *x = &z->ds[d];
			out_object_begin(o, NULL);
			out_int(o, "key_tag", x->tag);
			out_int(o, "algorithm", x->algorithm);
			out_int(o, "digest_type", x->digest_type);
			out_bool(o, "usable", x->usable);
			if (x->key >= 0) {
				out_int(o, "matches_key", z->keys[x->key].tag);
			} else {
				out_str(o, "matches_key", NULL);
			}
			out_object_end(o);
		}
		out_array_end(o);
		out_object_end(o);
	}
	out_array_end(o);
}

static void text_warnings(struct out *o, const sgn_chain_t *c)
{
	for (size_t i = 0; i < c->findings.count; i++) {
		const sgn_finding_t *f = &c->findings.items[i];
		char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
		if (f->severity != SGN_SEV_WARNING || f->has_server) {
			continue; /* a server's are shown with the server */
		}
		name_str(f->owner, owner);
		out_text(o, "warning: %s %s %s", sgn_finding_id(f->code), owner,
		         sgn_type_to_str(tbuf, f->type));
		if (f->has_key) {
			out_text(o, " key %u", f->key_tag);
		}
		out_text(o, ": %s", sgn_finding_message(f->code));
		if (f->when != 0) {
			out_text(o, " (%s)", timefmt_iso(f->when, when));
		}
		out_text(o, "%s%s\n", f->detail[0] != '\0' ? ": " : "", f->detail);
	}
}

static void json_link(struct out *o, const sgn_chain_t *c, size_t li)
{
	const sgn_link_t *l = &c->links[li];
	char owner[SGN_NAME_STR_MAX], zone[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	name_str(l->owner, owner);
	name_str(l->zone, zone);
	out_object_begin(o, NULL);
	out_str(o, "kind", sgn_link_kind_str(l->kind));
	out_str(o, "owner", owner);
	out_str(o, "type", sgn_type_to_str(tbuf, l->type));
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
	json_proofs(o, c, li);
	out_object_end(o);
}

static void chain_print(struct cli *cli, const sgn_chain_t *c, int64_t now)
{
	struct out *o = &cli->out;
	char qname[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	name_str(c->qname, qname);
	out_object_begin(o, NULL);
	out_str(o, "name", qname);
	out_str(o, "type", sgn_type_to_str(tbuf, c->qtype));
	out_str(o, "time", timefmt_iso(now, when));
	out_str(o, "verdict", sgn_status_str(c->verdict));
	out_text(o, "chain of trust for %s %s at %s\n", qname, sgn_type_to_str(tbuf, c->qtype),
	         timefmt_iso(now, when));
	out_array_begin(o, "links");
	for (size_t i = 0; i < c->nlinks; i++) {
		const sgn_link_t *l = &c->links[i];
		if (o->json) {
			json_link(o, c, i);
			continue;
		}
		text_link(o, l);
		/* What an auditor needs at a failure (and with -v everywhere): the DS set and
		 * the keys of the zone, the denial records. */
		if (l->status != SGN_SECURE || cli->verbosity > 0) {
			const sgn_chain_zone_t *z = zone_of_link(c, l);
			if (z != NULL && (l->kind == SGN_LINK_DNSKEY || l->status != SGN_SECURE)) {
				text_keys(o, z);
			}
			text_proofs(o, c, i);
			text_errors(o, c, l);
		}
	}
	out_array_end(o);
	if (o->json) {
		json_zones(o, c);
		chain_servers_json(o, c);
	} else {
		chain_servers_text(o, c, cli->verbosity);
	}
	out_int(o, "verifications", (int64_t)c->verifications);
	if (o->json) {
		report_findings(cli, &c->findings, 0);
	} else {
		text_warnings(o, c);
	}
	out_object_end(o);
	out_text(o, "verdict: %s\n", sgn_status_str(c->verdict));
}

void chain_print_all(struct cli *cli, const sgn_chain_t *const *chains, size_t n, int64_t now)
{
	struct out *o = &cli->out;
	if (n == 1) {
		chain_print(cli, chains[0], now);
		return;
	}
	sgn_status_t worst = SGN_SECURE;
	for (size_t i = 0; i < n; i++) {
		worst = chains[i]->verdict > worst ? chains[i]->verdict : worst;
	}
	out_object_begin(o, NULL);
	out_str(o, "verdict", sgn_status_str(worst));
	out_array_begin(o, "queries");
	for (size_t i = 0; i < n; i++) {
		chain_print(cli, chains[i], now);
		out_text(o, "\n");
	}
	out_array_end(o);
	out_object_end(o);
	out_text(o, "verdict of the %zu queries: %s\n", n, sgn_status_str(worst));
}
