/* SPDX-License-Identifier: MIT */
/* The authoritative servers of a live chain (sgn_chain_t.servers, filled by libsign's
 * sgn_chain_add_servers): text shows the zones where a server fails, disagrees or would
 * change the outcome, one line per server with its findings (-v: every zone, server and
 * answer); JSON has them all as "servers", zone by zone. */
#include <stdio.h>
#include <string.h>

#include <libsign/chain.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "chain_out.h"
#include "timefmt.h"

static const char *rcode_str(int rcode)
{
	static const char *const names[] = { "NOERROR", "FORMERR", "SERVFAIL", "NXDOMAIN",
		                             "NOTIMP",  "REFUSED", "YXDOMAIN", "YXRRSET",
		                             "NXRRSET", "NOTAUTH", "NOTZONE" };
	return rcode >= 0 && (unsigned)rcode < sizeof(names) / sizeof(names[0]) ? names[rcode]
	                                                                          : NULL;
}

static const char *const sections[] = { "answer", "authority", "additional" };

static void name_str(const uint8_t *name, char *buf, size_t cap)
{
	if (sgn_name_to_str(buf, cap, name) != SGN_OK) {
		snprintf(buf, cap, "?");
	}
}

void chain_server_label(char *buf, size_t cap, const sgn_live_server_t *s)
{
	char name[SGN_NAME_STR_MAX];
	name_str(s->name, name, sizeof(name));
	snprintf(buf, cap, "%s%s%s", s->name[0] != 0 ? name : "", s->name[0] != 0 ? " " : "",
	         s->address);
}

static bool troubled(const sgn_chain_server_t *e)
{
	return e->info.state != SGN_LIVE_ANSWERED || e->differs > 0 || e->sigs_differ > 0 ||
	       e->verdict_differs;
}

/* The servers of the zone of entry @p first: [first, *end). */
static bool zone_troubled(const sgn_chain_t *c, size_t first, size_t *end)
{
	bool bad = false;
	for (*end = first; *end < c->nservers && sgn_name_equal(c->servers[*end].zone,
	                                                        c->servers[first].zone);
	     (*end)++) {
		bad = bad || troubled(&c->servers[*end]);
	}
	return bad;
}

/* -- text -- */

static const char *mark(const sgn_chain_server_t *e)
{
	return e->info.state != SGN_LIVE_ANSWERED ? "-"
	       : e->verdict_differs               ? "!"
	       : e->differs > 0 || e->sigs_differ ? "~"
	       : e->reference                     ? "="
	                                          : "+";
}

static void text_finding(struct out *o, const sgn_finding_t *f)
{
	char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], when[32];
	name_str(f->owner, owner, sizeof(owner));
	out_text(o, "      %s %s %s %s", sgn_severity_str(f->severity), sgn_finding_id(f->code), owner,
	         f->type != 0 ? sgn_type_to_str(tbuf, f->type) : "");
	if (f->has_key) {
		out_text(o, " key %u/%u", f->key_tag, f->algorithm);
	}
	if (f->when != 0) {
		out_text(o, " at %s", timefmt_iso(f->when, when));
	}
	out_text(o, ": %s\n", f->detail[0] != '\0' ? f->detail : sgn_finding_message(f->code));
}

static void text_answer(struct out *o, const sgn_chain_answer_t *x)
{
	char qn[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX];
	name_str(x->qname, qn, sizeof(qn));
	out_text(o, "      %s %s: ", qn, sgn_type_to_str(tbuf, x->qtype));
	if (x->state != SGN_LIVE_ANSWERED) {
		out_text(o, "%s%s%s", sgn_live_state_str(x->state), x->why[0] != '\0' ? ": " : "",
		         x->why);
	} else {
		out_text(o, "%s%s%s", rcode_str(x->rcode) != NULL ? rcode_str(x->rcode) : "?",
		         x->aa ? " aa" : "", x->tcp ? " tcp" : "");
	}
	for (size_t i = 0; i < x->nrrsets; i++) {
		const sgn_chain_answer_rrset_t *r = &x->rrsets[i];
		char owner[SGN_NAME_STR_MAX];
		name_str(r->owner, owner, sizeof(owner));
		out_text(o, "%s %s %zu %s", i == 0 ? "," : ";", owner, r->records,
		         sgn_type_to_str(tbuf, r->type));
		if (r->sigs > 0) {
			out_text(o, " (%zu RRSIG)", r->sigs);
		}
		if (r->cmp != SGN_CHAIN_CMP_NONE && r->cmp != SGN_CHAIN_CMP_SAME) {
			out_text(o, " %s", sgn_chain_cmp_str(r->cmp));
		}
	}
	if (x->rrsets_total > x->nrrsets) {
		out_text(o, "; %zu more", x->rrsets_total - x->nrrsets);
	}
	out_text(o, "%s\n", x->reference ? " [validated]" : "");
}

static void text_server(struct out *o, const sgn_chain_t *c, const sgn_chain_server_t *e,
                        int verbosity)
{
	char who[SGN_NAME_STR_MAX + 64];
	chain_server_label(who, sizeof(who), &e->info);
	out_text(o, "  %s %s", mark(e), who);
	if (e->info.has_serial) {
		out_text(o, " serial %u", e->info.serial);
	}
	if (e->info.state != SGN_LIVE_ANSWERED) {
		out_text(o, ": %s%s%s\n", sgn_live_state_str(e->info.state),
		         e->info.why[0] != '\0' ? ": " : "", e->info.why);
	} else {
		out_text(o, ": answered %u of %u%s", e->info.answered, e->info.asked,
		         e->reference ? ", its answers validated" : "");
		if (e->differs > 0 || e->sigs_differ > 0) {
			out_text(o, ", %zu RRset%s with other records, %zu with other RRSIGs",
			         e->differs, e->differs == 1 ? "" : "s", e->sigs_differ);
		}
		if (e->checked) {
			out_text(o, ", with its answers %s", sgn_status_str(e->verdict));
		}
		out_text(o, "\n");
	}
	for (size_t i = 0; i < e->nfindings; i++) {
		const sgn_finding_t *f = &c->findings.items[e->first_finding + i];
		if (verbosity > 0 || f->severity != SGN_SEV_NOTICE) {
			text_finding(o, f);
		}
	}
	for (size_t i = 0; verbosity > 0 && i < e->nanswers; i++) {
		text_answer(o, &c->answers[e->first_answer + i]);
	}
}

void chain_servers_text(struct out *o, const sgn_chain_t *c, int verbosity)
{
	char apex[SGN_NAME_STR_MAX];
	size_t ncalm = 0;
	for (size_t first = 0, end; first < c->nservers; first = end) {
		if (!zone_troubled(c, first, &end) && verbosity == 0) {
			ncalm++;
			continue;
		}
		name_str(c->servers[first].zone, apex, sizeof(apex));
		out_text(o, "servers of %s: %zu", apex, end - first);
		if (c->servers[first].zone_left_out > 0) {
			out_text(o, " (%zu more not asked: beyond the limit)",
			         c->servers[first].zone_left_out);
		}
		out_text(o, "\n");
		for (size_t s = first; s < end; s++) {
			text_server(o, c, &c->servers[s], verbosity);
		}
	}
	/* the zones whose servers all answer alike, on one line */
	for (size_t first = 0, end, k = 0; ncalm > 0 && first < c->nservers; first = end) {
		if (zone_troubled(c, first, &end)) {
			continue;
		}
		name_str(c->servers[first].zone, apex, sizeof(apex));
		out_text(o, "%s%s (%zu", k++ == 0 ? "servers of " : ", ", apex, end - first);
		if (c->servers[first].zone_left_out > 0) {
			out_text(o, ", %zu more not asked", c->servers[first].zone_left_out);
		}
		out_text(o, ")");
	}
	if (ncalm > 0) {
		out_text(o, ": every one answers the same\n");
	}
}

/* -- JSON -- */

static void json_answer(struct out *o, const sgn_chain_answer_t *x)
{
	char qn[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX];
	name_str(x->qname, qn, sizeof(qn));
	out_object_begin(o, NULL);
	out_str(o, "name", qn);
	out_str(o, "type", sgn_type_to_str(tbuf, x->qtype));
	out_bool(o, "every_server", x->every_server);
	out_bool(o, "validated", x->reference);
	out_str(o, "state", sgn_live_state_str(x->state));
	out_str(o, "rcode", rcode_str(x->rcode));
	out_bool(o, "aa", x->aa);
	out_bool(o, "tcp", x->tcp);
	out_str(o, "why", x->why);
	out_array_begin(o, "rrsets");
	for (size_t i = 0; i < x->nrrsets; i++) {
		const sgn_chain_answer_rrset_t *r = &x->rrsets[i];
		char owner[SGN_NAME_STR_MAX];
		name_str(r->owner, owner, sizeof(owner));
		out_object_begin(o, NULL);
		out_str(o, "owner", owner);
		out_str(o, "type", sgn_type_to_str(tbuf, r->type));
		out_str(o, "section", r->section < 3 ? sections[r->section] : "additional");
		out_int(o, "records", (int64_t)r->records);
		out_int(o, "rrsigs", (int64_t)r->sigs);
		out_bool(o, "used", r->used);
		out_str(o, "compared", r->cmp != SGN_CHAIN_CMP_NONE ? sgn_chain_cmp_str(r->cmp) : NULL);
		out_object_end(o);
	}
	out_array_end(o);
	out_int(o, "rrsets_total", (int64_t)x->rrsets_total);
	out_object_end(o);
}

static void json_server(struct out *o, const sgn_chain_t *c, const sgn_chain_server_t *e)
{
	char name[SGN_NAME_STR_MAX];
	name_str(e->info.name, name, sizeof(name));
	out_object_begin(o, NULL);
	out_str(o, "name", e->info.name[0] != 0 ? name : NULL);
	out_str(o, "address", e->info.address);
	out_int(o, "port", e->info.port);
	out_str(o, "state", sgn_live_state_str(e->info.state));
	out_str(o, "why", e->info.why);
	if (e->info.has_serial) {
		out_int(o, "serial", e->info.serial);
	} else {
		out_str(o, "serial", NULL);
	}
	out_bool(o, "reference", e->reference);
	out_int(o, "asked", e->info.asked);
	out_int(o, "answered", e->info.answered);
	out_int(o, "differs", (int64_t)e->differs);
	out_int(o, "signatures_differ", (int64_t)e->sigs_differ);
	out_str(o, "verdict", e->checked ? sgn_status_str(e->verdict) : NULL);
	out_bool(o, "verdict_differs", e->verdict_differs);
	out_int(o, "findings", (int64_t)e->nfindings);
	out_array_begin(o, "answers");
	for (size_t i = 0; i < e->nanswers; i++) {
		json_answer(o, &c->answers[e->first_answer + i]);
	}
	out_array_end(o);
	out_object_end(o);
}

void chain_servers_json(struct out *o, const sgn_chain_t *c)
{
	char apex[SGN_NAME_STR_MAX];
	if (c->nservers == 0) {
		return; /* not a live chain */
	}
	out_array_begin(o, "servers");
	for (size_t first = 0, end; first < c->nservers; first = end) {
		bool agree = true, answered = true;
		(void)zone_troubled(c, first, &end);
		for (size_t s = first; s < end; s++) {
			const sgn_chain_server_t *e = &c->servers[s];
			agree = agree && e->differs == 0 && e->sigs_differ == 0 && !e->verdict_differs;
			answered = answered && e->info.state == SGN_LIVE_ANSWERED;
		}
		name_str(c->servers[first].zone, apex, sizeof(apex));
		out_object_begin(o, NULL);
		out_str(o, "zone", apex);
		out_bool(o, "all_answered", answered);
		out_bool(o, "agree", agree);
		out_int(o, "left_out", (int64_t)c->servers[first].zone_left_out);
		out_array_begin(o, "servers");
		for (size_t s = first; s < end; s++) {
			json_server(o, c, &c->servers[s]);
		}
		out_array_end(o);
		out_object_end(o);
	}
	out_array_end(o);
}
