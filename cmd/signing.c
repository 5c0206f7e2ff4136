/* SPDX-License-Identifier: MIT */
/* What sign and update take alike: the zone's keys, and the signature timing options. */
#include <libsign/name.h>

#include "cli.h"
#include "signing.h"
#include "timefmt.h"

int cli_load_keys(struct cli *cli, const char *keydir, const struct opt_list *keyfiles,
                  const uint8_t *apex, sgn_keylist_t *keys)
{
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	for (size_t i = 0; i < keyfiles->n; i++) {
		sgn_key_t *key;
		if (sgn_key_read_bind(&key, keyfiles->items[i], true, &diag) != SGN_OK ||
		    sgn_keylist_add_take(keys, key) != SGN_OK) {
			return cli_diag(cli, &diag, diag.err, keyfiles->items[i]);
		}
	}
	if (keyfiles->n == 0 || keydir != NULL) {
		const char *dir = keydir != NULL ? keydir : ".";
		if (sgn_keylist_read_dir(keys, dir, apex, true, &diag) != SGN_OK) {
			return cli_diag(cli, &diag, diag.err, dir);
		}
	}
	if (keys->count == 0) {
		char zone[SGN_NAME_STR_MAX];
		if (sgn_name_to_str(zone, sizeof(zone), apex) != SGN_OK) {
			zone[0] = '\0';
		}
		return cli_error(cli, NULL, 0, "no keys for '%s' in '%s'; create them with 'sigil "
		                 "keygen' or name them with -k", zone, keydir ? keydir : ".");
	}
	return SIGIL_EXIT_OK;
}

#define WINDOW_MAX 0x7fffffff /* RRSIG times compare by RFC 1982: at most 2^31 - 1 apart */

/* The signature window: -s and -e (dnssec-signzone's start and end times; -e +DUR counts
 * from the inception) or --inception-offset and --validity, as offsets from the signing
 * time. */
static int set_window(struct cli *cli, const struct sign_times *a, sgn_sign_policy_t *pol)
{
	struct opt_time start = a->start, end = a->end;
	char t1[32], t2[32];
	opt_time_rebase(&start, pol->now);
	opt_time_rebase(&end, pol->now);
	if (a->inception.set) {
		pol->inception_offset = (uint32_t)a->inception.value;
	}
	if (start.set && (start.value > pol->now || pol->now - start.value > WINDOW_MAX)) {
		return cli_error(cli, NULL, 0, "the inception time %s is %s the signing time %s",
		                 timefmt_iso(start.value, t1), start.value > pol->now ? "after"
		                 : "more than 68 years before", timefmt_iso(pol->now, t2));
	}
	if (start.set) {
		pol->inception_offset = (uint32_t)(pol->now - start.value);
	}
	if (a->validity.set) {
		pol->validity = (uint32_t)a->validity.value;
	}
	int64_t expiration = end.bare ? pol->now - pol->inception_offset + end.offset : end.value;
	if (end.set && (expiration <= pol->now || expiration - pol->now > WINDOW_MAX)) {
		return cli_error(cli, NULL, 0, "the expiration time %s is %s the signing time %s",
		                 timefmt_iso(expiration, t1), expiration <= pol->now ? "not after"
		                 : "more than 68 years after", timefmt_iso(pol->now, t2));
	}
	if (end.set) {
		pol->validity = (uint32_t)(expiration - pol->now);
	}
	if (a->validity.set || end.set) {
		pol->refresh = pol->validity / 4;
	}
	return SIGIL_EXIT_OK;
}

int cli_sign_times(struct cli *cli, const struct sign_times *t, sgn_sign_policy_t *pol)
{
	if ((t->start.set && t->inception.set) || (t->end.set && t->validity.set)) {
		return cli_error(cli, NULL, 0, "%s contradicts %s", t->start.set && t->inception.set
		                 ? "-s (--inception)" : "-e (--expiration)", t->start.set &&
		                 t->inception.set ? "--inception-offset" : "--validity");
	}
	sgn_sign_policy_init(pol, t->at.set ? t->at.value : cli->now);
	if (set_window(cli, t, pol) != SIGIL_EXIT_OK) {
		return SIGIL_EXIT_USAGE;
	}
	if (t->refresh.set) {
		pol->refresh = (uint32_t)t->refresh.value;
	}
	if (t->jitter.set) {
		pol->jitter = (uint32_t)t->jitter.value;
	}
	return SIGIL_EXIT_OK;
}
