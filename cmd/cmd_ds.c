/* SPDX-License-Identifier: MIT */
/* sigil ds: DS (or CDS, CDNSKEY) records from BIND key files or a DNSKEY set, as zone
 * text, JSON or EPP secDNS XML (RFC 5910). Everything is computed before anything is
 * printed, so a failure never leaves half an answer. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsign/alg.h>
#include <libsign/codec.h>
#include <libsign/ds.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/text.h>

#include "cli.h"
#include "commands.h"
#include "ds_check.h"
#include "dsout.h"
#include "opt.h"

static const char usage[] = "ds [-a DIGEST]... [-A] [--format zone|json|epp] [-C] [--cdnskey] "
                            "[-T TTL] KEYFILE|DNSKEY-FILE...";
static const char description[] =
	"Print DS records for the key-signing (SEP) keys among the inputs: BIND key files\n"
	"(K<zone>+<alg>+<tag>, its .key, or its .private, which is then checked against the\n"
	".key) and zone-text files of DNSKEY records, in any mix. The digest is SHA-256\n"
	"unless -a (or -d) says otherwise, and may be repeated. Revoked keys and keys\n"
	"without the ZONE flag are never used. DNSKEY files may not use $INCLUDE or\n"
	"$GENERATE.";

enum ds_format { FMT_ZONE, FMT_JSON, FMT_EPP };

static const struct opt_choice formats[] = {
	{ "zone", FMT_ZONE },
	{ "json", FMT_JSON },
	{ "epp", FMT_EPP },
	{ NULL, 0 },
};

struct ds_args {
	struct opt_list digests;
	bool all, cds, cdnskey, has_ttl;
	uint8_t digest_types[OPT_LIST_MAX];
	size_t ndigests;
	int fmt;
	uint32_t ttl;
};

/* One output record, computed in full before printing starts. */
struct record {
	const sgn_key_t *key;
	uint16_t type;
	uint8_t rdata[SGN_DS_RDATA_MAX];
	sgn_rdata_t rd;
};

static bool is_bind_key_path(const char *path)
{
	size_t n = strlen(path);
	if ((n > 4 && strcmp(path + n - 4, ".key") == 0) ||
	    (n > 8 && strcmp(path + n - 8, ".private") == 0)) {
		return true;
	}
	const char *slash = strrchr(path, '/');
	const char *file = slash != NULL ? slash + 1 : path;
	unsigned alg, tag;
	const char *plus = strrchr(file, '+');
	/* "K<zone>+AAA+TTTTT" names a key even when its files are missing (say so then). */
	return file[0] == 'K' && plus != NULL && plus - file >= 5 &&
	       sscanf(plus - 4, "+%3u+%5u", &alg, &tag) == 2 && access(path, F_OK) != 0;
}

static bool ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);
	return n > m && strcmp(s + n - m, suffix) == 0;
}

/* A key libsign knows the algorithm of must have a well-formed public key: a DS for an
 * unusable key would break the delegation it is meant to secure. */
static int check_key(struct cli *cli, const sgn_key_t *key, const char *file, unsigned long line)
{
	uint8_t alg = sgn_key_get_algorithm(key);
	if (sgn_alg_can_verify(alg) && !sgn_key_can_verify(key)) {
		return cli_error(cli, file, line, "key %u: the %s public key is malformed",
		                 sgn_key_get_tag(key), sgn_alg_mnemonic(alg));
	}
	if (!sgn_alg_can_verify(alg)) {
		cli_warn_at(cli, file, line, "key %u: algorithm %u is not one libsign can check; DS "
		            "computed anyway", sgn_key_get_tag(key), alg);
	}
	return SIGIL_EXIT_OK;
}

/* Every DNSKEY record of a zone-text file. Untrusted input: no $INCLUDE or $GENERATE. */
static int read_dnskey_file(struct cli *cli, const char *path, sgn_keylist_t *keys)
{
	sgn_diag_t diag_store, *diag = &diag_store;
	sgn_diag_init(diag);
	sgn_zonefile_t *zf;
	sgn_rr_t rr;
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.has_default_ttl = true; /* last resort only: $TTL and stated TTLs come first */
	opts.no_include = true;
	opts.no_generate = true;
	sgn_err_t err = sgn_zonefile_open(&zf, path, &opts, diag);
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		sgn_key_t *key;
		if (rr.type != SGN_TYPE_DNSKEY) {
			continue;
		}
		err = sgn_key_from_dnskey(&key, rr.owner, rr.rdata, rr.rdlen);
		if (err != SGN_OK) {
			break;
		}
		const char *file;
		unsigned long line;
		sgn_zonefile_location(zf, &file, &line);
		sgn_key_set_ttl(key, rr.ttl);
		if (check_key(cli, key, file, line) != SIGIL_EXIT_OK) {
			sgn_key_free(key);
			sgn_zonefile_free(zf);
			return SIGIL_EXIT_USAGE;
		}
		err = sgn_keylist_add_take(keys, key);
	}
	sgn_zonefile_free(zf);
	if (err != SGN_OK && err != SGN_ENOTFOUND) {
		return cli_diag(cli, diag, err, path);
	}
	return SIGIL_EXIT_OK;
}

static int load_inputs(struct cli *cli, int argc, char **argv, sgn_keylist_t *keys)
{
	for (int i = 0; i < argc; i++) {
		if (!is_bind_key_path(argv[i])) {
			int rc = read_dnskey_file(cli, argv[i], keys);
			if (rc != SIGIL_EXIT_OK) {
				return rc;
			}
			continue;
		}
		sgn_diag_t diag;
		sgn_key_t *key;
		sgn_diag_init(&diag);
		/* Given the .private by name, check it belongs to its .key. */
		sgn_err_t err = sgn_key_read_bind(&key, argv[i], ends_with(argv[i], ".private"), &diag);
		if (err != SGN_OK) {
			return cli_diag(cli, &diag, err, argv[i]);
		}
		if (check_key(cli, key, argv[i], 0) != SIGIL_EXIT_OK) {
			sgn_key_free(key);
			return SIGIL_EXIT_USAGE;
		}
		if (sgn_keylist_add_take(keys, key) != SGN_OK) {
			return cli_error(cli, NULL, 0, "out of memory");
		}
	}
	return SIGIL_EXIT_OK;
}

static bool key_selected(struct cli *cli, const struct ds_args *a, const sgn_key_t *key,
                         size_t *revoked)
{
	sgn_ds_pick_t pick = sgn_ds_pick_key(key, a->all);
	if (pick == SGN_DS_REVOKED) {
		cli_info(cli, "skipping revoked key %u", sgn_key_get_tag(key));
		(*revoked)++;
	}
	return pick == SGN_DS_PICKED;
}

static int compute(struct cli *cli, const struct ds_args *a, const sgn_keylist_t *keys,
                   struct record *rec, size_t *nrec)
{
	size_t n = 0, revoked = 0, used = 0;
	for (size_t k = 0; k < keys->count; k++) {
		const sgn_key_t *key = keys->keys[k];
		if (!key_selected(cli, a, key, &revoked)) {
			continue;
		}
		used++;
		sgn_rdata_t kr = sgn_key_get_rdata(key);
		for (size_t d = 0; d < a->ndigests; d++) {
			size_t len;
			sgn_err_t err = sgn_ds_from_dnskey(rec[n].rdata, &len, sgn_key_get_owner(key),
			                                   kr.data, kr.len, a->digest_types[d]);
			if (err != SGN_OK) {
				return cli_error(cli, NULL, 0, "cannot compute DS for key %u: %s",
				                 sgn_key_get_tag(key), sgn_strerror(err));
			}
			rec[n].key = key;
			rec[n].type = a->cds ? SGN_TYPE_CDS : SGN_TYPE_DS;
			rec[n].rd = (sgn_rdata_t){ rec[n].rdata, (uint16_t)len };
			n++;
		}
		if (a->cdnskey) {
			rec[n].key = key;
			rec[n].type = SGN_TYPE_CDNSKEY;
			rec[n].rd = kr;
			n++;
		}
	}
	*nrec = n;
	if (used == 0) {
		cli_error(cli, NULL, 0, "no %s among the inputs%s%s",
		          a->all ? "usable zone keys" : "key-signing (SEP) keys",
		          revoked > 0 ? " (revoked keys are never used)" : "",
		          a->all ? "" : "; --all takes every zone key");
		return SIGIL_EXIT_INVALID;
	}
	return SIGIL_EXIT_OK;
}

/* One record: a zone-text line, or a JSON object. */
static void emit_record(struct out *o, const struct record *r, const char *owner, uint32_t ttl,
                        const char *rdata_text)
{
	char tbuf[SGN_TYPE_STR_MAX], hex[2 * 64 + 1];
	sgn_ds_view_t v;
	out_object_begin(o, NULL);
	out_field(o, "owner", "%s\t", owner);
	if (ttl != 0) {
		out_field(o, "ttl", "%u\t", ttl);
	}
	out_text(o, "IN\t");
	out_field(o, "type", "%s\t", sgn_type_to_str(tbuf, r->type));
	out_int(o, "key_tag", sgn_key_get_tag(r->key));
	out_int(o, "algorithm", sgn_key_get_algorithm(r->key));
	if (r->type != SGN_TYPE_CDNSKEY && sgn_ds_parse(&v, r->rd.data, r->rd.len) == SGN_OK &&
	    sgn_hex_encode(hex, sizeof(hex), v.digest, v.digest_len, true) == SGN_OK) {
		out_int(o, "digest_type", v.digest_type);
		out_str(o, "digest", hex);
	}
	out_field(o, "rdata", "%s\n", rdata_text);
	out_object_end(o);
}

static int print_records(struct cli *cli, const struct ds_args *a, const struct record *rec,
                         size_t n)
{
	struct out *o = &cli->out;
	sgn_buf_t text;
	sgn_buf_init(&text);
	if (a->fmt == FMT_EPP) {
		fputs(DSOUT_EPP_OPEN, o->fp);
	}
	out_object_begin(o, NULL);
	out_array_begin(o, "records");
	for (size_t i = 0; i < n; i++) {
		char owner[SGN_NAME_STR_MAX];
		uint32_t ttl = a->has_ttl ? a->ttl : sgn_key_get_ttl(rec[i].key);
		text.len = 0;
		if (sgn_name_to_str(owner, sizeof(owner), sgn_key_get_owner(rec[i].key)) != SGN_OK ||
		    sgn_rdata_to_str(&text, rec[i].type, rec[i].rd.data, rec[i].rd.len) != SGN_OK) {
			continue;
		}
		if (a->fmt == FMT_EPP) {
			dsout_epp(o->fp, rec[i].rd.data, rec[i].rd.len);
		} else {
			emit_record(o, &rec[i], owner, ttl, (const char *)text.data);
		}
	}
	out_array_end(o);
	out_object_end(o);
	if (a->fmt == FMT_EPP) {
		fputs(DSOUT_EPP_CLOSE, o->fp);
	}
	sgn_buf_release(&text);
	return out_finish(o) ? SIGIL_EXIT_OK : cli_error(cli, NULL, 0, "cannot write output");
}

static int check_format(struct cli *cli, struct ds_args *a)
{
	if (!opt_given(cli, &a->fmt)) {
		a->fmt = cli->json ? FMT_JSON : FMT_ZONE;
		return SIGIL_EXIT_OK;
	}
	if (cli->json && a->fmt != FMT_JSON) {
		return cli_error(cli, NULL, 0, "--json contradicts --format %s", formats[a->fmt].name);
	}
	if (a->fmt == FMT_EPP && a->cdnskey) {
		return cli_error(cli, NULL, 0, "--format epp carries DS data only, not CDNSKEY");
	}
	if (a->fmt == FMT_JSON && !cli->json) {
		cli->json = true;
		out_init(&cli->out, stdout, true);
	}
	return SIGIL_EXIT_OK;
}

static int check_args(struct cli *cli, struct ds_args *a)
{
	int rc = check_format(cli, a);
	if (rc != SIGIL_EXIT_OK) {
		return rc;
	}
	if (a->digests.n == 0) {
		a->digest_types[a->ndigests++] = SGN_DIGEST_SHA256;
	}
	for (size_t i = 0; i < a->digests.n; i++) {
		uint8_t d;
		if (sgn_digest_from_str(&d, a->digests.items[i]) != SGN_OK ||
		    !sgn_digest_is_supported(d)) {
			return cli_error(cli, NULL, 0, "unsupported digest '%s' (SHA-1, SHA-256, SHA-384)",
			                 a->digests.items[i]);
		}
		if (d == SGN_DIGEST_SHA1) {
			cli_warn(cli, "SHA-1 DS records must not be published (RFC 8624 section 3.3)");
		}
		a->digest_types[a->ndigests++] = d;
	}
	a->has_ttl = opt_given(cli, &a->ttl);
	return SIGIL_EXIT_OK;
}

/* Subcommands of ds ("sigil ds check ..."); anything else is plain ds. */
static const struct ds_sub {
	const char *name;
	int (*fn)(struct cli *cli, int argc, char **argv);
} ds_subs[] = {
	{ "check", cmd_ds_check },
};

int cmd_ds(struct cli *cli, int argc, char **argv)
{
	for (size_t s = 0; argc > 1 && s < sizeof(ds_subs) / sizeof(ds_subs[0]); s++) {
		if (strcmp(argv[1], ds_subs[s].name) == 0) {
			return ds_subs[s].fn(cli, argc - 1, argv + 1);
		}
	}
	struct ds_args a = { 0 };
	const struct opt opts[] = {
		OPT_LIST('d', "digest", &a.digests, "DIGEST",
		         "SHA-256 (default), SHA-384 or SHA-1; repeatable"),
		OPT_ALIAS('a', "digest"),
		OPT_BOOL('A', "all", &a.all, "use every zone key, not only SEP keys"),
		OPT_ENUM(0, "format", &a.fmt, "zone text (the default), JSON, or EPP (RFC 5910 XML)",
		         formats),
		OPT_TTL('T', "ttl", &a.ttl, "TTL", "TTL of the output records"),
		OPT_BOOL('C', "cds", &a.cds, "print CDS instead of DS (RFC 7344)"),
		OPT_BOOL(0, "cdnskey", &a.cdnskey, "also print CDNSKEY records"),
		OPT_OPERANDS(1, OPT_MANY, "KEYFILE|DNSKEY-FILE..."),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	int rc = check_args(cli, &a);
	if (rc != SIGIL_EXIT_OK) {
		return rc;
	}
	sgn_keylist_t keys;
	struct record *rec = NULL;
	size_t nrec = 0;
	sgn_keylist_init(&keys);
	rc = load_inputs(cli, argc - i, argv + i, &keys);
	if (rc == SIGIL_EXIT_OK) {
		rec = calloc(keys.count * (a.ndigests + 1) + 1, sizeof(*rec));
		rc = rec != NULL ? compute(cli, &a, &keys, rec, &nrec)
		                 : cli_error(cli, NULL, 0, "out of memory");
	}
	if (rc == SIGIL_EXIT_OK) {
		rc = print_records(cli, &a, rec, nrec);
	}
	free(rec);
	sgn_keylist_release(&keys);
	return rc;
}
