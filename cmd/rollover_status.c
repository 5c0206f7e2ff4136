/* SPDX-License-Identifier: MIT */
/* The status screen of `sigil rollover status`: every key's records, what should be
 * published now, and what to do next - with the DS records (zone text and EPP XML) the
 * parent must then serve. */
#include <stdio.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/ds.h>
#include <libsign/text.h>

#include "dsout.h"
#include "rollover_out.h"

static bool up(sgn_rstate_t s)
{
	return s == SGN_RS_RUMOURED || s == SGN_RS_OMNIPRESENT;
}

void rout_keys(const struct rout *c)
{
	out_array_begin(c->o, "keys");
	out_text(c->o, "\nkeys:\n");
	for (size_t i = 0; i < sgn_rollover_key_count(c->r); i++) {
		const sgn_roll_key_t *k = sgn_rollover_get_key(c->r, i);
		const char *alg = sgn_alg_mnemonic(k->algorithm);
		out_object_begin(c->o, NULL);
		out_str(c->o, "basename", k->basename);
		out_int(c->o, "key_tag", k->tag);
		out_str(c->o, "role", sgn_role_name(k->role));
		out_int(c->o, "algorithm", k->algorithm);
		out_str(c->o, "rfc7583_state", k->rfc7583_state);
		out_str(c->o, "goal", k->goal_omnipresent ? "omnipresent" : "hidden");
		out_bool(c->o, "state_file", k->has_state_file);
		out_bool(c->o, "ds_assumed", k->ds_assumed);
		out_text(c->o, "  %s %-5u %-16s %-9s goal %-11s", sgn_role_name(k->role), k->tag,
		         alg != NULL ? alg : "?", k->rfc7583_state,
		         k->goal_omnipresent ? "omnipresent" : "hidden");
		out_object_begin(c->o, "records");
		for (int rec = 0; rec < SGN_REC__COUNT; rec++) {
			if (!k->has_rec[rec]) {
				continue;
			}
			out_object_begin(c->o, sgn_rec_name((sgn_rec_t)rec));
			out_str(c->o, "state", sgn_rstate_name(k->state[rec]));
			rout_json_time(c->o, "changed", k->changed[rec]);
			out_object_end(c->o);
			out_text(c->o, " %s %s%s", sgn_rec_name((sgn_rec_t)rec), sgn_rstate_name(k->state[rec]),
			         rec == SGN_REC_DS && k->ds_assumed ? " (assumed)" : "");
		}
		out_object_end(c->o);
		out_object_end(c->o);
		out_text(c->o, "%s\n", k->has_state_file ? "" : "  [no .state file: from the timing]");
	}
	out_array_end(c->o);
}

/* The tags of the keys whose record @p rec is up, as one JSON array and a text line. */
static void set_out(const struct rout *c, const char *key, const char *label, sgn_rec_t rec)
{
	size_t n = 0;
	out_array_begin(c->o, key);
	out_text(c->o, "  %-28s", label);
	for (size_t i = 0; i < sgn_rollover_key_count(c->r); i++) {
		const sgn_roll_key_t *k = sgn_rollover_get_key(c->r, i);
		if (k->has_rec[rec] && up(k->state[rec])) {
			out_int(c->o, NULL, k->tag);
			out_text(c->o, " %u", k->tag);
			n++;
		}
	}
	out_text(c->o, "%s\n", n == 0 ? " none" : "");
	out_array_end(c->o);
}

static void cds_out(const struct rout *c)
{
	size_t n = 0;
	out_array_begin(c->o, "cds");
	out_text(c->o, "  %-28s", "CDS/CDNSKEY (sigil sign --cds)");
	for (size_t i = 0; i < sgn_rollover_key_count(c->r); i++) {
		const sgn_roll_key_t *k = sgn_rollover_get_key(c->r, i);
		int64_t p, d;
		if (!sgn_key_is_sep(k->key) || !up(k->state[SGN_REC_DNSKEY]) ||
		    (sgn_key_get_time(k->key, &p, SGN_KEY_SYNC_PUBLISH) && p > c->now) ||
		    !sgn_key_get_time(k->key, &p, SGN_KEY_SYNC_PUBLISH) ||
		    (sgn_key_get_time(k->key, &d, SGN_KEY_SYNC_DELETE) && d <= c->now)) {
			continue;
		}
		out_int(c->o, NULL, k->tag);
		out_text(c->o, " %u", k->tag);
		n++;
	}
	out_text(c->o, "%s\n", n == 0 ? " none" : "");
	out_array_end(c->o);
}

/* DS records of one key: one per policy digest, as zone text and EPP XML. */
static void ds_records(const struct rout *c, const sgn_roll_key_t *k, bool epp)
{
	sgn_buf_t text;
	sgn_buf_init(&text);
	sgn_rdata_t kr = sgn_key_get_rdata(k->key);
	for (size_t d = 0; d < c->policy->ncds_digests; d++) {
		uint8_t rd[SGN_DS_RDATA_MAX];
		size_t len;
		if (sgn_ds_from_dnskey(rd, &len, c->zone_wire, kr.data, kr.len,
		                       c->policy->cds_digests[d]) != SGN_OK) {
			continue;
		}
		text.len = 0;
		if (epp) {
			if (!c->o->json) {
				dsout_epp(c->o->fp, rd, len);
			}
			continue;
		}
		if (sgn_rdata_to_str(&text, SGN_TYPE_DS, rd, len) == SGN_OK) {
			out_str(c->o, NULL, (const char *)text.data);
			out_text(c->o, "    %s %lld IN DS %s\n", c->zone, (long long)c->policy->parent_ds_ttl,
			         (const char *)text.data);
		}
	}
	sgn_buf_release(&text);
}

/* The DS set the parent should serve once the current stage of roll @p ri is done. */
static void ds_target(const struct rout *c, const sgn_plan_t *p, size_t ri, bool *want)
{
	size_t s = p->rolls[ri].current;
	for (size_t i = 0; i < sgn_rollover_key_count(c->r); i++) {
		const sgn_roll_key_t *k = sgn_rollover_get_key(c->r, i);
		want[i] = k->has_rec[SGN_REC_DS] && up(k->state[SGN_REC_DS]);
	}
	for (size_t e = 0; e < p->nevents; e++) {
		const sgn_plan_event_t *ev = &p->events[e];
		if (ev->roll != ri || ev->stage != s || ev->key >= sgn_rollover_key_count(c->r)) {
			continue;
		}
		if (ev->kind == SGN_EV_SUBMIT_DS || ev->kind == SGN_EV_WITHDRAW_DS) {
			want[ev->key] = ev->kind == SGN_EV_SUBMIT_DS;
		}
	}
}

static void submit_out(const struct rout *c, const sgn_plan_t *p, size_t ri)
{
	bool want[256] = { false }, any = false;
	size_t n = sgn_rollover_key_count(c->r);
	ds_target(c, p, ri, want);
	for (size_t i = 0; i < n && i < 256; i++) {
		any = any || want[i];
	}
	out_array_begin(c->o, "ds_set");
	if (!any) {
		/* RFC 8078 §4: the delete form of CDS and CDNSKEY asks the parent to remove them. */
		out_text(c->o, "  the parent must then serve no DS: ask the registrar to remove them all, "
		               "or publish the RFC 8078 delete records in the zone:\n"
		               "    %s 0 IN CDS 0 0 0 00\n    %s 0 IN CDNSKEY 0 3 0 AA==\n",
		         c->zone, c->zone);
		out_array_end(c->o);
		return;
	}
	out_text(c->o, "  the parent must then serve exactly this DS set:\n");
	for (size_t i = 0; i < n && i < 256; i++) {
		if (want[i]) {
			ds_records(c, sgn_rollover_get_key(c->r, i), false);
		}
	}
	out_array_end(c->o);
	if (!c->o->json) {
		fputs("  as EPP (RFC 5910) for the registrar:\n" DSOUT_EPP_OPEN, c->o->fp);
		for (size_t i = 0; i < n && i < 256; i++) {
			if (want[i]) {
				ds_records(c, sgn_rollover_get_key(c->r, i), true);
			}
		}
		fputs(DSOUT_EPP_CLOSE, c->o->fp);
	}
}

static void action_out(const struct rout *c, const sgn_plan_t *p, size_t ri)
{
	const sgn_plan_roll_t *r = &p->rolls[ri];
	const sgn_plan_stage_t *st = &r->stages[r->current];
	char t[32], d[32];
	out_object_begin(c->o, NULL);
	out_str(c->o, "method", sgn_roll_method_name(r->method));
	out_int(c->o, "stage", (int64_t)r->current + 1);
	out_str(c->o, "name", st->name);
	out_bool(c->o, "due", st->due);
	out_bool(c->o, "needs_parent", st->needs_parent);
	rout_json_time(c->o, "safe_at", st->time);
	out_text(c->o, "\n%s, stage %zu of %zu: %s\n", sgn_roll_method_name(r->method), r->current + 1,
	         r->nstages, st->name);
	if (st->due && st->needs_parent) {
		bool adds = false;
		for (size_t e = 0; e < p->nevents; e++) {
			adds = adds || (p->events[e].roll == ri && p->events[e].stage == r->current &&
			                p->events[e].kind == SGN_EV_SUBMIT_DS);
		}
		out_text(c->o, "  due now: run 'sigil rollover step', have the parent serve the DS set "
		               "below, then run 'sigil rollover step %s' (or --check-parent)\n",
		         adds ? "--ds-seen" : "--ds-withdrawn");
	} else if (st->due) {
		out_text(c->o, "  due now: run 'sigil rollover step'\n");
	} else if (st->wait.name != NULL) {
		out_text(c->o, "  safe to proceed at %s: %s = %s (%s) after %s %s changed at ",
		         rout_iso(st->time, t), st->wait.name, sgn_duration_str(d, st->wait.value),
		         st->wait.formula, p->keys[st->wait.key].label, sgn_rec_name(st->wait.rec));
		out_text(c->o, "%s\n", rout_iso(st->wait.since, t));
	} else {
		out_text(c->o, "  starts at %s (the old key's lifetime)\n", rout_iso(st->time, t));
	}
	if (st->needs_parent) {
		submit_out(c, p, ri);
	} else {
		out_array_begin(c->o, "ds_set");
		out_array_end(c->o);
	}
	out_object_end(c->o);
}

void rout_publish(const struct rout *c, const sgn_plan_t *p)
{
	out_object_begin(c->o, "publish");
	out_text(c->o, "\npublished now (what 'sigil sign -K' and 'dnssec-signzone -S' put in the "
	               "zone):\n");
	set_out(c, "dnskey", "DNSKEY RRset", SGN_REC_DNSKEY);
	set_out(c, "dnskey_signers", "RRSIGs over the DNSKEY RRset", SGN_REC_KRRSIG);
	set_out(c, "data_signers", "RRSIGs over the zone data", SGN_REC_ZRRSIG);
	set_out(c, "ds", "DS at the parent", SGN_REC_DS);
	cds_out(c);
	out_object_end(c->o);
	out_array_begin(c->o, "next");
	for (size_t i = 0; i < p->nrolls; i++) {
		if (p->rolls[i].current < p->rolls[i].nstages) {
			action_out(c, p, i);
		}
	}
	out_array_end(c->o);
}

