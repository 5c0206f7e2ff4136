/* SPDX-License-Identifier: MIT */
/* sigil keygen: create a key pair in BIND's file format, never with a key tag that
 * collides with a key already in the directory. */
#include <stdio.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "cli.h"
#include "commands.h"
#include "opt.h"

static const char usage[] = "keygen [-a ALG] [-b BITS] [-f KSK|ZSK|CSK] [-K DIR] [-L TTL] "
                            "[OPTIONS] ZONE";
static const char description[] =
	"Create a key pair for ZONE as K<zone>+<alg>+<tag>.key and .private (mode 0600) in\n"
	"DIR and print its basename. The default is an ECDSAP256SHA256 combined signing key\n"
	"(CSK: one key that signs everything, enough to sign a zone), published and active\n"
	"from now. Existing files are never overwritten, and the new key's tag never\n"
	"collides, with or without the REVOKE bit, with a key in DIR.";

enum role { ROLE_ZSK, ROLE_KSK, ROLE_CSK };

static const struct opt_choice roles[] = {
	{ "KSK", ROLE_KSK },
	{ "ZSK", ROLE_ZSK },
	{ "CSK", ROLE_CSK },
	{ NULL, 0 },
};

struct keygen_args {
	const char *alg, *dir;
	int role;
	uint32_t ttl;
	unsigned long bits;
	bool revoked;
	struct opt_time at, times[SGN_KEY_EVENT__COUNT];
};

static const char *role_name(int role)
{
	for (const struct opt_choice *c = roles; c->name != NULL; c++) {
		if (c->value == role) {
			return c->name;
		}
	}
	return "CSK";
}

static int report(struct cli *cli, const sgn_key_t *key, const char *base, const char *dir,
                  const char *role)
{
	struct out *o = &cli->out;
	char zone[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(zone, sizeof(zone), sgn_key_get_owner(key)) != SGN_OK) {
		return SIGIL_EXIT_USAGE;
	}
	out_object_begin(o, NULL);
	out_field(o, "basename", "%s\n", base);
	out_str(o, "directory", dir);
	out_str(o, "zone", zone);
	out_str(o, "role", role);
	out_int(o, "algorithm", sgn_key_get_algorithm(key));
	out_str(o, "algorithm_name", sgn_alg_mnemonic(sgn_key_get_algorithm(key)));
	out_int(o, "key_tag", sgn_key_get_tag(key));
	out_int(o, "flags", sgn_key_get_flags(key));
	out_int(o, "bits", sgn_key_get_bits(key));
	out_object_end(o);
	return out_finish(o) ? SIGIL_EXIT_OK : cli_error(cli, NULL, 0, "cannot write output");
}

static int keygen(struct cli *cli, struct keygen_args *a, const char *zone_text)
{
	uint8_t zone[SGN_NAME_MAX], alg = SGN_ALG_DEFAULT;
	/* KSK and CSK carry the SEP bit; the difference is how the signer uses them. The
	 * default is a CSK: a zone signed by one key needs a SEP key over its DNSKEY RRset. */
	uint16_t flags = SGN_DNSKEY_ZONE | (a->role != ROLE_ZSK ? SGN_DNSKEY_SEP : 0);
	sgn_keylist_t existing;
	sgn_key_t *key = NULL;
	sgn_diag_t diag;
	char base[1024];
	int rc = SIGIL_EXIT_USAGE;

	sgn_diag_init(&diag);
	sgn_keylist_init(&existing);
	if (sgn_name_from_str(zone, NULL, zone_text, NULL) != SGN_OK) {
		return cli_error(cli, NULL, 0, "'%s' is not a valid domain name", zone_text);
	}
	if (a->alg != NULL && sgn_alg_from_str(&alg, a->alg) != SGN_OK) {
		return cli_error(cli, NULL, 0, "unknown algorithm '%s'", a->alg);
	}
	if (!sgn_alg_can_sign(alg)) {
		return cli_error(cli, NULL, 0, "algorithm '%s' cannot be used for new keys", a->alg);
	}
	unsigned min, max;
	if (sgn_alg_key_bits(&min, &max, NULL, alg) != SGN_OK ||
	    (a->bits != 0 && (a->bits < min || a->bits > max))) {
		return cli_error(cli, NULL, 0, "key size %lu out of range for %s (%u..%u)", a->bits,
		                 sgn_alg_mnemonic(alg), min, max);
	}
	if (sgn_keylist_read_dir(&existing, a->dir, zone, false, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, "reading the key directory");
		goto out;
	}
	sgn_err_t err = sgn_key_generate_unique(&key, &existing, zone, alg, (unsigned)a->bits, flags);
	if (err != SGN_OK) {
		rc = cli_error(cli, NULL, 0, "key generation failed: %s", sgn_strerror(err));
		goto out;
	}
	if (a->revoked && sgn_key_set_flags(key, flags | SGN_DNSKEY_REVOKE) != SGN_OK) {
		goto out;
	}
	sgn_key_set_ttl(key, a->ttl);
	/* BIND's defaults: created, published and active now, unless told otherwise;
	 * relative times count from then. */
	int64_t now = a->at.set ? a->at.value : cli->now;
	sgn_key_set_time(key, SGN_KEY_CREATED, true, now);
	sgn_key_set_time(key, SGN_KEY_PUBLISH, true, now);
	sgn_key_set_time(key, SGN_KEY_ACTIVATE, true, now);
	for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
		opt_time_rebase(&a->times[ev], now);
		if (a->times[ev].set) {
			sgn_key_set_time(key, (sgn_key_event_t)ev, true, a->times[ev].value);
		}
	}
	if (sgn_key_check_timing(key, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, "key timing");
		goto out;
	}
	if (sgn_key_write_bind(key, base, sizeof(base), a->dir, &diag) != SGN_OK) {
		rc = cli_diag(cli, &diag, diag.err, "writing the key files");
		goto out;
	}
	rc = report(cli, key, base, a->dir, role_name(a->role));
out:
	sgn_key_free(key);
	sgn_keylist_release(&existing);
	return rc;
}

int cmd_keygen(struct cli *cli, int argc, char **argv)
{
	struct keygen_args a = { .dir = ".", .role = ROLE_CSK };
	const struct opt opts[] = {
		OPT_STRING('a', "algorithm", &a.alg, "ALG",
		           "algorithm name or number (default ECDSAP256SHA256)"),
		OPT_UINT('b', "bits", &a.bits, "BITS",
		         "RSA key size, 1024..4096 (default 2048); other algorithms have one size",
		         4096),
		OPT_ENUM('f', "role", &a.role, "key-signing, zone-signing or combined signing key "
		         "(the default)", roles),
		OPT_STRING('K', "key-directory", &a.dir, "DIR", "write the key files here (default .)"),
		OPT_TTL('L', "ttl", &a.ttl, "TTL", "TTL of the DNSKEY record in the .key file"),
		OPT_BOOL(0, "revoked", &a.revoked, "create the key with the REVOKE bit set"),
		OPT_TIME(0, "at", &a.at, "TIME",
		         "act as if it were TIME: creation, publication and activation default to "
		         "it, and relative times count from it"),
		OPT_TIME('P', "publish", &a.times[SGN_KEY_PUBLISH], "TIME", "publication time"),
		OPT_TIME('A', "activate", &a.times[SGN_KEY_ACTIVATE], "TIME", "activation time"),
		OPT_TIME('R', "revoke", &a.times[SGN_KEY_REVOKE], "TIME", "revocation time"),
		OPT_TIME('I', "inactive", &a.times[SGN_KEY_INACTIVE], "TIME", "retirement time"),
		OPT_TIME('D', "delete", &a.times[SGN_KEY_DELETE], "TIME", "deletion time"),
		OPT_TIME(0, "sync-publish", &a.times[SGN_KEY_SYNC_PUBLISH], "TIME",
		         "time to publish CDS/CDNSKEY"),
		OPT_TIME(0, "sync-delete", &a.times[SGN_KEY_SYNC_DELETE], "TIME",
		         "time to withdraw CDS/CDNSKEY"),
		OPT_OPERANDS(1, 1, "ZONE"),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	return keygen(cli, &a, argv[i]);
}
