/* SPDX-License-Identifier: MIT */
/* sigil update's report (docs/json/update.schema.json): each change set, the totals and
 * the load, apply and write times. */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>

#include "cli.h"
#include "update_out.h"

int update_out_sets_begin(struct cli *cli, struct update_run *r, size_t n)
{
	r->sets = calloc(n + 1, sizeof(*r->sets));
	if (r->sets == NULL) {
		return cli_error(cli, NULL, 0, "out of memory");
	}
	return SIGIL_EXIT_OK;
}

int update_out_set(struct cli *cli, struct update_run *r, size_t i, const sgn_update_result_t *res)
{
	struct update_set *s = &r->sets[r->nsets++];
	s->rcode = res->rcode;
	s->changed = res->changed;
	s->line = sgn_update_changes_line(r->changes, i);
	s->at = res->line != 0 ? res->line : s->line;
	s->serial_before = res->serial_before;
	s->serial = res->serial;
	s->added = res->rrs_added;
	s->deleted = res->rrs_deleted;
	s->names_added = res->names_added;
	s->names_removed = res->names_removed;
	s->denial = res->denial_changed;
	s->rrsets = res->rrsets_signed;
	s->created = res->sigs_created;
	s->verified = res->sigs_verified;
	s->journal = res->journal_records;
	s->zonemd = res->zonemd;
	const char *where = strcmp(r->changes_path, "-") == 0 ? "<stdin>" : r->changes_path;
	if (res->rcode != SGN_UPDATE_NOERROR) {
		r->refused++;
		if ((s->msg = strdup(res->msg)) == NULL) {
			return cli_error(cli, NULL, 0, "out of memory");
		}
		cli_error(cli, where, s->at, "change set %zu refused (%s): %s", i + 1,
		          sgn_update_rcode_str(res->rcode), res->msg);
	} else if (res->changed) {
		r->changed++;
		cli_info(cli, "%s:%lu: change set %zu: serial %u -> %u, %zu records added, %zu "
		         "deleted, %zu denial records changed, %zu RRsets signed", where, s->line,
		         i + 1, res->serial_before, res->serial, res->rrs_added, res->rrs_deleted,
		         res->denial_changed, res->rrsets_signed);
	} else {
		r->unchanged++;
		cli_info(cli, "%s:%lu: change set %zu changes nothing", where, s->line, i + 1);
	}
	return SIGIL_EXIT_OK;
}

static const char *status(const struct update_set *s)
{
	return s->rcode != SGN_UPDATE_NOERROR ? "refused" : s->changed ? "applied" : "unchanged";
}

static void json_set(struct out *o, size_t i, const struct update_set *s)
{
	out_object_begin(o, NULL);
	out_int(o, "index", (int64_t)i + 1);
	out_int(o, "line", (int64_t)s->line);
	out_str(o, "status", status(s));
	out_str(o, "rcode", sgn_update_rcode_str(s->rcode));
	if (s->msg != NULL) {
		out_str(o, "message", s->msg);
		out_int(o, "fault_line", (int64_t)s->at);
	}
	out_int(o, "serial_before", s->serial_before);
	out_int(o, "serial", s->serial);
	out_int(o, "records_added", (int64_t)s->added);
	out_int(o, "records_deleted", (int64_t)s->deleted);
	out_int(o, "names_added", (int64_t)s->names_added);
	out_int(o, "names_removed", (int64_t)s->names_removed);
	out_int(o, "denial_records_changed", (int64_t)s->denial);
	out_int(o, "rrsets_signed", (int64_t)s->rrsets);
	out_int(o, "signatures_created", (int64_t)s->created);
	out_int(o, "signatures_verified", (int64_t)s->verified);
	out_bool(o, "zonemd", s->zonemd);
	out_int(o, "journal_records", (int64_t)s->journal);
	out_object_end(o);
}

/* "1.234 s" or "0.812 ms": the times span six orders of magnitude. */
static void fmt_time(char *buf, size_t cap, int64_t us)
{
	if (us >= 1000000) {
		snprintf(buf, cap, "%.3f s", (double)us / 1e6);
	} else {
		snprintf(buf, cap, "%.3f ms", (double)us / 1e3);
	}
}

static void text_summary(const struct cli *cli, const struct update_run *r, const char *apex,
                         uint32_t before, uint32_t after)
{
	size_t rrsets = 0, created = 0;
	for (size_t i = 0; i < r->nsets; i++) {
		rrsets += r->sets[i].rrsets;
		created += r->sets[i].created;
	}
	char tl[32], ta[32], tw[32];
	fmt_time(tl, sizeof(tl), r->load_us);
	fmt_time(ta, sizeof(ta), r->apply_us);
	fmt_time(tw, sizeof(tw), r->write_us);
	const char *done = r->written      ? "written to"
	                   : r->dry_run    ? "not written (dry run):"
	                   : r->changed == 0 ? "left as it was in"
	                                     : "not written (--atomic):";
	fprintf(stderr,
	        "%s: '%s' %s '%s': %zu change sets applied, %zu without change, %zu refused; "
	        "serial %u -> %u; %zu RRsets signed, %zu signatures new; load %s, apply %s, "
	        "write %s\n",
	        cli->prog, apex, done, r->output, r->changed, r->unchanged, r->refused, before,
	        after, rrsets, created, tl, ta, tw);
}

void update_out_summary(struct cli *cli, const struct update_run *r, bool quiet)
{
	char apex[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(apex, sizeof(apex), sgn_zone_get_apex(r->zone)) != SGN_OK) {
		apex[0] = '\0';
	}
	uint32_t before = r->nsets > 0 ? r->sets[0].serial_before : 0, after = before;
	for (size_t i = 0; i < r->nsets; i++) {
		after = r->sets[i].changed ? r->sets[i].serial : after;
	}
	if (!cli->json) {
		if (!quiet) {
			text_summary(cli, r, apex, before, after);
		}
		return;
	}
	struct out *o = &cli->out;
	out_object_begin(o, NULL);
	out_str(o, "zone", apex);
	out_str(o, "file", r->zonefile);
	out_str(o, "output", r->output);
	out_bool(o, "written", r->written);
	out_bool(o, "authenticated", r->authenticated);
	out_str(o, "journal", r->journal_path);
	out_str(o, "format", sgn_update_changes_format(r->changes) == SGN_CHANGES_NSUPDATE
	                             ? "nsupdate"
	                             : "ixfr");
	out_int(o, "names", (int64_t)sgn_zone_node_count(r->zone));
	out_int(o, "serial_before", before);
	out_int(o, "serial", after);
	out_array_begin(o, "change_sets");
	for (size_t i = 0; i < r->nsets; i++) {
		json_set(o, i, &r->sets[i]);
	}
	out_array_end(o);
	out_int(o, "applied", (int64_t)r->changed);
	out_int(o, "unchanged", (int64_t)r->unchanged);
	out_int(o, "refused", (int64_t)r->refused);
	out_int(o, "load_us", r->load_us);
	out_int(o, "apply_us", r->apply_us);
	out_int(o, "write_us", r->write_us);
	out_object_end(o);
}

void update_out_release(struct update_run *r)
{
	for (size_t i = 0; r->sets != NULL && i < r->nsets; i++) {
		free(r->sets[i].msg);
	}
	free(r->sets);
	r->sets = NULL;
}
