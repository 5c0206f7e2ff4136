/* SPDX-License-Identifier: MIT */
/* Text and JSON for `sigil rollover`: every result is built by libsign; this file only
 * renders it. */
#include <stdio.h>
#include <string.h>

#include "rollover_out.h"
#include "timefmt.h"

const char *rout_iso(int64_t t, char *buf)
{
	if (t == INT64_MAX || t == INT64_MIN) {
		snprintf(buf, 32, "never");
		return buf;
	}
	return timefmt_iso(t, buf);
}

void rout_json_time(struct out *o, const char *key, int64_t t)
{
	char b[32];
	if (t == INT64_MAX || t == INT64_MIN) {
		out_str(o, key, NULL);
	} else {
		out_str(o, key, timefmt_iso(t, b));
	}
}

void rout_head(const struct rout *c, const char *what)
{
	char b[32];
	out_object_begin(c->o, NULL);
	out_str(c->o, "command", what);
	out_str(c->o, "zone", c->zone);
	rout_json_time(c->o, "now", c->now);
	out_object_begin(c->o, "policy");
	out_str(c->o, "name", c->policy->name);
	out_str(c->o, "file", c->policy->file[0] != '\0' ? c->policy->file : NULL);
	out_object_end(c->o);
	out_text(c->o, "%s %s at %s, policy \"%s\"%s%s\n", what, c->zone, rout_iso(c->now, b),
	         c->policy->name, c->policy->file[0] != '\0' ? " from " : " (built in)",
	         c->policy->file);
}

/* -- rollovers -- */

static void wait_out(const struct rout *c, const sgn_plan_t *p, const sgn_roll_wait_t *w)
{
	char d[32], t[32];
	if (w->name == NULL) {
		out_str(c->o, "wait", NULL);
		return;
	}
	out_object_begin(c->o, "wait");
	out_str(c->o, "interval", w->name);
	out_str(c->o, "formula", w->formula);
	out_int(c->o, "seconds", w->value);
	rout_json_time(c->o, "since", w->since);
	out_str(c->o, "key", p->keys[w->key].label);
	out_str(c->o, "record", sgn_rec_name(w->rec));
	out_object_end(c->o);
	out_text(c->o, "        %s = %s = %s, from %s %s at %s\n", w->name, w->formula,
	         sgn_duration_str(d, w->value), p->keys[w->key].label, sgn_rec_name(w->rec),
	         rout_iso(w->since, t));
}

static void events_out(const struct rout *c, const sgn_plan_t *p, size_t roll, size_t stage)
{
	char t[32];
	out_array_begin(c->o, "events");
	for (size_t i = 0; i < p->nevents; i++) {
		const sgn_plan_event_t *e = &p->events[i];
		if (e->roll != roll || e->stage != stage) {
			continue;
		}
		out_object_begin(c->o, NULL);
		rout_json_time(c->o, "time", e->time);
		out_str(c->o, "event", sgn_roll_event_name(e->kind));
		out_str(c->o, "key", p->keys[e->key].label);
		out_int(c->o, "key_tag", p->keys[e->key].tag);
		out_bool(c->o, "done", e->done);
		out_bool(c->o, "operator", e->operator_action);
		out_object_end(c->o);
		out_text(c->o, "        %-20s %-14s %s%s\n", rout_iso(e->time, t), sgn_roll_event_name(e->kind),
		         p->keys[e->key].label, e->operator_action ? "  (at the parent)" : "");
	}
	out_array_end(c->o);
}

static void keys_list(const struct rout *c, const sgn_plan_t *p, const char *key,
                      const size_t *idx, size_t n)
{
	out_array_begin(c->o, key);
	for (size_t i = 0; i < n; i++) {
		out_str(c->o, NULL, p->keys[idx[i]].label);
		out_text(c->o, "%s%s", i ? ", " : "", p->keys[idx[i]].label);
	}
	if (n == 0) {
		out_text(c->o, "none");
	}
	out_array_end(c->o);
}

static void stage_out(const struct rout *c, const sgn_plan_t *p, size_t ri, size_t s)
{
	const sgn_plan_stage_t *st = &p->rolls[ri].stages[s];
	char t[32];
	const char *mark = st->done ? "done" : st->due ? "due" : st->early ? "scheduled early" : "";
	out_object_begin(c->o, NULL);
	out_str(c->o, "name", st->name);
	rout_json_time(c->o, "time", st->time);
	out_bool(c->o, "done", st->done);
	out_bool(c->o, "due", st->due);
	out_bool(c->o, "needs_parent", st->needs_parent);
	out_bool(c->o, "scheduled", st->scheduled);
	out_bool(c->o, "early", st->early);
	out_text(c->o, "    %zu. %-46s %s%s%s%s\n", s + 1, st->name, rout_iso(st->time, t),
	         *mark ? "  [" : "", mark, *mark ? "]" : "");
	if (st->early) {
		out_text(c->o, "        the key files schedule it before the intervals allow:\n");
	}
	wait_out(c, p, &st->wait);
	events_out(c, p, ri, s);
	out_object_end(c->o);
}

void rout_rolls(const struct rout *c, const sgn_plan_t *p)
{
	char t[32];
	out_array_begin(c->o, "rollovers");
	if (p->nrolls == 0) {
		out_text(c->o, "no rollover under way or planned (no key has a lifetime)\n");
	}
	for (size_t i = 0; i < p->nrolls; i++) {
		const sgn_plan_roll_t *r = &p->rolls[i];
		out_object_begin(c->o, NULL);
		out_str(c->o, "method", sgn_roll_method_name(r->method));
		out_str(c->o, "rfc", sgn_roll_method_rfc(r->method));
		out_bool(c->o, "under_way", r->under_way);
		out_text(c->o, "\n%s (%s)%s: ", sgn_roll_method_name(r->method), sgn_roll_method_rfc(r->method),
		         r->under_way ? ", under way" : "");
		keys_list(c, p, "old_keys", r->old_keys, r->nold);
		out_text(c->o, " -> ");
		keys_list(c, p, "new_keys", r->new_keys, r->nnew);
		out_text(c->o, "\n");
		out_int(c->o, "current_stage", (int64_t)r->current + 1);
		out_array_begin(c->o, "stages");
		for (size_t s = 0; s < r->nstages; s++) {
			stage_out(c, p, i, s);
		}
		out_array_end(c->o);
		rout_json_time(c->o, "purge", r->purge);
		if (r->purge != INT64_MAX) {
			out_text(c->o, "    purge of the old keys' files at %s (purge-keys)\n", rout_iso(r->purge, t));
		}
		out_object_end(c->o);
	}
	out_array_end(c->o);
}

/* -- simulator and step -- */

void rout_sim(const struct rout *c, const char *key, const sgn_sim_result_t *res, bool lenient)
{
	char t[32];
	out_object_begin(c->o, key);
	out_bool(c->o, "safe", res->safe);
	out_str(c->o, "model", lenient ? "lenient" : "strict");
	out_int(c->o, "instants", (int64_t)res->instants);
	out_int(c->o, "combinations", (int64_t)res->combinations);
	out_text(c->o, "\n%s: %zu instants, %zu combinations of cached RRset versions checked "
	         "(%s validator)\n", res->safe ? "safe" : "UNSAFE", res->instants, res->combinations,
	         lenient ? "lenient" : "strict");
	if (!res->safe) {
		out_object_begin(c->o, "counterexample");
		rout_json_time(c->o, "time", res->time);
		out_str(c->o, "link", sgn_sim_link_name(res->link));
		out_int(c->o, "algorithm", res->algorithm);
		out_bool(c->o, "negative", res->negative);
		out_str(c->o, "message", res->message);
		out_object_end(c->o);
		out_text(c->o, "first counterexample at %s (%s):\n  %s\n", rout_iso(res->time, t),
		         sgn_sim_link_name(res->link), res->message);
	}
	out_object_end(c->o);
}

void rout_step(const struct rout *c, const sgn_step_result_t *res)
{
	char t[32];
	out_array_begin(c->o, "changes");
	for (size_t i = 0; i < res->nchanges; i++) {
		out_str(c->o, NULL, res->changes[i]);
		out_text(c->o, "  %s\n", res->changes[i]);
	}
	out_array_end(c->o);
	if (res->nchanges == 0) {
		out_text(c->o, "  nothing changed\n");
	}
	out_bool(c->o, "due", res->due);
	out_bool(c->o, "blocked", res->blocked);
	out_str(c->o, "why", res->why[0] != '\0' ? res->why : NULL);
	out_str(c->o, "warning", res->warning[0] != '\0' ? res->warning : NULL);
	rout_json_time(c->o, "next", res->next);
	out_str(c->o, "next_what", res->next_what[0] != '\0' ? res->next_what : NULL);
	if (res->blocked) {
		out_text(c->o, "blocked: %s\n", res->why);
	}
	if (res->next != INT64_MAX) {
		out_text(c->o, "next: %s at %s\n", res->next_what, rout_iso(res->next, t));
		if (!res->blocked && res->why[0] != '\0') {
			out_text(c->o, "  done now, it would break: %s\n", res->why);
		}
	}
}
