/* SPDX-License-Identifier: MIT */
/* What `sigil update` reads and does: the first byte picks a signed zone (NSEC, NSEC3 or
 * NSEC3 opt-out, signed once per process with two Ed25519 keys), the rest is read as change
 * sets (nsupdate or IXFR, told by the content) and each is applied. Oracles: a refused
 * change set leaves the zone's text as it was; after one that changed the zone, the zone is
 * byte for byte what a fresh signing of its data makes at the same time (the chain repaired
 * locally equals the chain made whole). */
#include <libsign/alg.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/sign.h>
#include <libsign/update.h>
#include <libsign/zone.h>

#include "fuzz.h"
#include "../zone_data.h"

#define SETS_MAX 8
#define NOW INT64_C(1704844800) /* 2024-01-10 */

static const char zone_src[] = "$ORIGIN fz.test.\n"
                               "$TTL 3600\n"
                               "@          SOA   ns1 h 2024010100 7200 3600 1209600 300\n"
                               "@          NS    ns1\n"
                               "ns1        A     192.0.2.53\n"
                               "www        A     192.0.2.80\n"
                               "alias      CNAME www\n"
                               "*.wild     TXT   \"wildcard\"\n"
                               "a.b.c      A     192.0.2.3\n"
                               "secure     NS    ns.secure\n"
                               "           DS    12345 13 2 0123456789ABCDEF0123456789ABCDEF"
                               "0123456789ABCDEF0123456789ABCDEF\n"
                               "ns.secure  A     192.0.2.99\n"
                               "insecure   NS    ns.elsewhere.example.\n";

static sgn_keylist_t keys;

static void policy(sgn_sign_policy_t *pol, int kind)
{
	sgn_sign_policy_init(pol, NOW);
	pol->threads = 1;
	pol->denial = kind == 0 ? SGN_DENIAL_NSEC : SGN_DENIAL_NSEC3;
	pol->nsec3_opt_out = kind == 2;
}

static char *text_of(const sgn_zone_t *zone)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	FUZZ_ASSERT(fp != NULL);
	FUZZ_ASSERT(sgn_zone_write(zone, fp, NULL) == SGN_OK);
	FUZZ_ASSERT(fclose(fp) == 0);
	return buf;
}

static const char *write_text(const char *name, const char *text)
{
	static char path[128];
	snprintf(path, sizeof(path), "%s/%s", fuzz_dir(), name);
	FILE *fp = fopen(path, "w");
	FUZZ_ASSERT(fp != NULL && fputs(text, fp) >= 0 && fclose(fp) == 0);
	return path;
}

static sgn_zone_t *load(const char *path)
{
	sgn_zone_t *zone = NULL;
	FUZZ_ASSERT(sgn_zone_load(&zone, path, NULL, NULL) == SGN_OK);
	return zone;
}

static sgn_zone_t *signed_from(const char *text, int kind, bool keep_serial)
{
	sgn_zone_t *zone = load(write_text("data.zone", text));
	sgn_sign_policy_t pol;
	policy(&pol, kind);
	if (keep_serial) {
		pol.serial = SGN_SERIAL_KEEP;
	}
	FUZZ_ASSERT(sgn_zone_sign(zone, NULL, &keys, &pol, NULL) == SGN_OK);
	return zone;
}

static void init_once(void)
{
	static bool done;
	if (done) {
		return;
	}
	done = true;
	fuzz_dir();
	uint8_t owner[SGN_NAME_MAX];
	size_t len;
	FUZZ_ASSERT(sgn_name_from_str(owner, &len, "fz.test.", NULL) == SGN_OK);
	sgn_keylist_init(&keys);
	for (int sep = 0; sep < 2; sep++) {
		sgn_key_t *key;
		FUZZ_ASSERT(sgn_key_generate(&key, owner, SGN_ALG_ED25519, 0,
		                             SGN_DNSKEY_ZONE | (sep ? SGN_DNSKEY_SEP : 0)) == SGN_OK);
		FUZZ_ASSERT(sgn_keylist_add_take(&keys, key) == SGN_OK);
	}
	for (int kind = 0; kind < 3; kind++) {
		sgn_zone_t *zone = signed_from(zone_src, kind, false);
		char *text = text_of(zone);
		char name[32];
		snprintf(name, sizeof(name), "signed%d.zone", kind);
		write_text(name, text);
		free(text);
		sgn_zone_free(zone);
	}
}

static void check_fresh(const sgn_zone_t *zone, int kind)
{
	char *got = text_of(zone);
	char *data = zone_data_of(got);
	FUZZ_ASSERT(data != NULL);
	sgn_zone_t *fresh = signed_from(data, kind, true);
	char *want = text_of(fresh);
	FUZZ_ASSERT(strcmp(got, want) == 0);
	free(got);
	free(data);
	free(want);
	sgn_zone_free(fresh);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	init_once();
	if (size < 1) {
		return 0;
	}
	int kind = data[0] % 3;
	char path[128];
	snprintf(path, sizeof(path), "%s/signed%d.zone", fuzz_dir(), kind);
	sgn_zone_t *zone = load(path);
	sgn_changes_opts_t o;
	sgn_update_changes_opts_init(&o, sgn_zone_get_apex(zone));
	o.max_records = 256;
	sgn_changes_t *ch = NULL;
	sgn_update_t *u = NULL;
	sgn_sign_policy_t pol;
	policy(&pol, kind);
	if (sgn_update_changes_parse(&ch, "changes", (const char *)data + 1, size - 1, &o, NULL) !=
	            SGN_OK ||
	    sgn_update_new(&u, zone, &keys, &pol, NULL) != SGN_OK) {
		goto out;
	}
	for (size_t i = 0; i < sgn_update_changes_count(ch) && i < SETS_MAX; i++) {
		char *before = text_of(zone);
		sgn_update_result_t res;
		sgn_err_t err = sgn_update_apply(u, &res, NULL, ch, i, NULL);
		if (err != SGN_OK || !res.changed) {
			/* refused, failed or nothing to do: the zone is as it was */
			char *after = text_of(zone);
			FUZZ_ASSERT(strcmp(before, after) == 0);
			free(after);
		} else {
			check_fresh(zone, kind);
		}
		free(before);
		if (err != SGN_OK) {
			break;
		}
	}
out:
	sgn_update_free(u);
	sgn_update_changes_free(ch);
	sgn_zone_free(zone);
	return 0;
}
