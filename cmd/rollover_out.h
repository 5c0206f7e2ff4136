/* SPDX-License-Identifier: MIT */
/* Rendering for `sigil rollover`: plans, status screens, simulator verdicts and steps, in
 * text and JSON from the same calls (docs/json/rollover-*.schema.json). */
#ifndef SIGIL_ROLLOVER_OUT_H
#define SIGIL_ROLLOVER_OUT_H

#include <libsign/rollover.h>

#include "out.h"

struct rout {
	struct out *o;
	const char *zone;             /* presentation form */
	const uint8_t *zone_wire;
	const sgn_policy_t *policy;
	const sgn_rollover_t *r;
	int64_t now;
};

/* A time as ISO 8601 UTC ("never" for INT64_MIN/MAX) into @p buf (32 bytes). */
const char *rout_iso(int64_t t, char *buf);
/* A time as a JSON string, null for never. */
void rout_json_time(struct out *o, const char *key, int64_t t);

/* The document's opening fields: zone, now, policy. */
void rout_head(const struct rout *c, const char *what);

/* The rollovers of a plan, stage by stage with their events. */
void rout_rolls(const struct rout *c, const sgn_plan_t *plan);

/* Every key with its records' states (rollover_status.c). */
void rout_keys(const struct rout *c);

/* What should be published now, and what the operator must do next (DS to submit, as
 * records and EPP XML) (rollover_status.c). */
void rout_publish(const struct rout *c, const sgn_plan_t *plan);

/* A simulator verdict (named @p key in JSON). */
void rout_sim(const struct rout *c, const char *key, const sgn_sim_result_t *res, bool lenient);

/* What a step did. */
void rout_step(const struct rout *c, const sgn_step_result_t *res);

#endif
