/* SPDX-License-Identifier: MIT */
/* sigil ds: DS (or CDS, CDNSKEY) records from BIND key files or a DNSKEY set, as zone
 * text, JSON or EPP secDNS XML (RFC 5910). */
#include <stdio.h>
#include <string.h>
#include <strings.h>
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
#include "opt.h"

static const char usage[] = "ds [-d DIGEST]... [--all] [--format zone|json|epp] [--cds] "
                            "KEYFILE... | DNSKEY-FILE...";
static const char description[] =
	"Print DS records for the key-signing (SEP) keys among the given BIND key files\n"
	"(K<zone>+<alg>+<tag>, .key or .private) or zone-text files of DNSKEY records.\n"
	"The digest is SHA-256 unless -d says otherwise; -d may be repeated. Revoked keys\n"
	"and keys without the ZONE flag are never used.";

enum ds_format { FMT_ZONE, FMT_JSON, FMT_EPP };

struct ds_args {
	struct opt_list digests;
	const char *format, *ttl_text;
	bool all, cds, cdnskey;
	uint8_t digest_types[OPT_LIST_MAX];
	size_t ndigests;
	enum ds_format fmt;
	uint32_t ttl;
	bool has_ttl;
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
	char keyfile[4096];
	snprintf(keyfile, sizeof(keyfile), "%s.key", path);
	return file[0] == 'K' && strchr(file, '+') != NULL && access(keyfile, R_OK) == 0;
}

/* Every DNSKEY record of a zone-text file. */
static sgn_err_t read_dnskey_file(const char *path, sgn_keylist_t *keys, sgn_diag_t *diag)
{
	sgn_zonefile_t *zf;
	sgn_rr_t rr;
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.default_ttl = 0;
	opts.has_default_ttl = true;
	sgn_err_t err = sgn_zonefile_open(&zf, path, &opts, diag);
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		sgn_key_t *key;
		if (rr.type != SGN_TYPE_DNSKEY) {
			continue;
		}
		err = sgn_key_from_dnskey(&key, rr.owner, rr.rdata, rr.rdlen);
		if (err == SGN_OK) {
			sgn_key_set_ttl(key, rr.ttl);
			err = sgn_keylist_add_take(keys, key);
		}
	}
	sgn_zonefile_free(zf);
	return err == SGN_ENOTFOUND ? SGN_OK : err;
}

static int load_inputs(struct cli *cli, int argc, char **argv, sgn_keylist_t *keys)
{
	for (int i = 0; i < argc; i++) {
		sgn_diag_t diag;
		sgn_key_t *key;
		sgn_err_t err;
		sgn_diag_init(&diag);
		if (is_bind_key_path(argv[i])) {
			err = sgn_key_read_bind(&key, argv[i], false, &diag);
			if (err == SGN_OK) {
				err = sgn_keylist_add_take(keys, key);
			}
		} else {
			err = read_dnskey_file(argv[i], keys, &diag);
		}
		if (err != SGN_OK) {
			return cli_diag(cli, &diag, err, argv[i]);
		}
	}
	return SIGIL_EXIT_OK;
}

static bool key_selected(struct cli *cli, const struct ds_args *a, const sgn_key_t *key)
{
	uint16_t flags = sgn_key_get_flags(key);
	if (!(flags & SGN_DNSKEY_ZONE)) {
		return false;
	}
	if (flags & SGN_DNSKEY_REVOKE) {
		cli_info(cli, "skipping revoked key %u", sgn_key_get_tag(key));
		return false;
	}
	return a->all || (flags & SGN_DNSKEY_SEP);
}

/* One record (DS, CDS or CDNSKEY) in the chosen format. */
static void emit(struct cli *cli, const struct ds_args *a, const sgn_key_t *key, uint16_t type,
                 const uint8_t *rdata, size_t len)
{
	struct out *o = &cli->out;
	char owner[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX], ttl[16] = "";
	sgn_buf_t text;
	sgn_buf_init(&text);
	if (sgn_name_to_str(owner, sizeof(owner), sgn_key_get_owner(key)) != SGN_OK ||
	    sgn_rdata_to_str(&text, type, rdata, len) != SGN_OK) {
		sgn_buf_release(&text);
		return;
	}
	uint32_t t = a->has_ttl ? a->ttl : sgn_key_get_ttl(key);
	if (t != 0) {
		snprintf(ttl, sizeof(ttl), "%u\t", t);
	}
	const char *rd = (const char *)text.data;
	sgn_ds_view_t v;
	bool is_ds = type != SGN_TYPE_CDNSKEY && sgn_ds_parse(&v, rdata, len) == SGN_OK;
	if (a->fmt == FMT_EPP && is_ds) {
		char hex[2 * 64 + 1];
		if (sgn_hex_encode(v.digest, v.digest_len, true, hex, sizeof(hex)) == SGN_OK) {
			fprintf(o->fp,
			        "  <secDNS:dsData>\n    <secDNS:keyTag>%u</secDNS:keyTag>\n"
			        "    <secDNS:alg>%u</secDNS:alg>\n    <secDNS:digestType>%u</secDNS:digestType>\n"
			        "    <secDNS:digest>%s</secDNS:digest>\n  </secDNS:dsData>\n",
			        v.key_tag, v.algorithm, v.digest_type, hex);
		}
	} else if (a->fmt == FMT_ZONE) {
		out_text(o, "%s\t%sIN\t%s\t%s\n", owner, ttl, sgn_type_to_str(type, tbuf), rd);
	}
	out_object_begin(o, NULL);
	out_str(o, "owner", owner);
	out_str(o, "type", sgn_type_to_str(type, tbuf));
	if (t != 0) {
		out_int(o, "ttl", t);
	}
	out_int(o, "key_tag", sgn_key_get_tag(key));
	out_int(o, "algorithm", sgn_key_get_algorithm(key));
	if (is_ds) {
		out_int(o, "digest_type", v.digest_type);
		char hex[2 * 64 + 1];
		if (sgn_hex_encode(v.digest, v.digest_len, true, hex, sizeof(hex)) == SGN_OK) {
			out_str(o, "digest", hex);
		}
	}
	out_str(o, "rdata", rd);
	out_object_end(o);
	sgn_buf_release(&text);
}

static int print_records(struct cli *cli, const struct ds_args *a, const sgn_keylist_t *keys)
{
	size_t used = 0;
	if (a->fmt == FMT_EPP) {
		fputs("<secDNS:create xmlns:secDNS=\"urn:ietf:params:xml:ns:secDNS-1.1\">\n",
		      cli->out.fp);
	}
	out_object_begin(&cli->out, NULL);
	out_array_begin(&cli->out, "records");
	for (size_t k = 0; k < keys->count; k++) {
		const sgn_key_t *key = keys->keys[k];
		if (!key_selected(cli, a, key)) {
			continue;
		}
		used++;
		for (size_t d = 0; d < a->ndigests; d++) {
			uint8_t ds[SGN_DS_RDATA_MAX];
			size_t len;
			sgn_rdata_t kr = sgn_key_get_rdata(key);
			sgn_err_t err = sgn_ds_from_dnskey(ds, &len, sgn_key_get_owner(key), kr.data,
			                                   kr.len, a->digest_types[d]);
			if (err != SGN_OK) {
				return cli_error(cli, NULL, 0, "cannot compute DS for key %u: %s",
				                 sgn_key_get_tag(key), sgn_strerror(err));
			}
			emit(cli, a, key, a->cds ? SGN_TYPE_CDS : SGN_TYPE_DS, ds, len);
		}
		if (a->cdnskey) {
			sgn_rdata_t kr = sgn_key_get_rdata(key);
			emit(cli, a, key, SGN_TYPE_CDNSKEY, kr.data, kr.len);
		}
	}
	out_array_end(&cli->out);
	out_object_end(&cli->out);
	if (a->fmt == FMT_EPP) {
		fputs("</secDNS:create>\n", cli->out.fp);
	}
	if (!out_finish(&cli->out)) {
		return cli_error(cli, NULL, 0, "cannot write output");
	}
	if (used == 0) {
		cli_error(cli, NULL, 0, "no %s found among the inputs%s",
		          a->all ? "usable zone keys" : "key-signing (SEP) keys",
		          a->all ? "" : " (--all takes every zone key)");
		return SIGIL_EXIT_INVALID;
	}
	return SIGIL_EXIT_OK;
}

static int check_args(struct cli *cli, struct ds_args *a)
{
	a->fmt = cli->json ? FMT_JSON : FMT_ZONE;
	if (a->format != NULL) {
		static const char *const names[] = { "zone", "json", "epp" };
		size_t i = 0;
		while (i < 3 && strcasecmp(a->format, names[i]) != 0) {
			i++;
		}
		if (i == 3) {
			return cli_error(cli, NULL, 0, "unknown format '%s' (zone, json or epp)", a->format);
		}
		a->fmt = (enum ds_format)i;
		if (a->fmt == FMT_JSON && !cli->json) {
			cli->json = true;
			out_init(&cli->out, stdout, true);
		}
	}
	if (a->digests.n == 0) {
		a->digest_types[a->ndigests++] = SGN_DIGEST_SHA256;
	}
	for (size_t i = 0; i < a->digests.n; i++) {
		uint8_t d;
		if (sgn_digest_from_str(a->digests.items[i], &d) != SGN_OK || !sgn_digest_is_supported(d)) {
			return cli_error(cli, NULL, 0, "unsupported digest '%s' (SHA-1, SHA-256, SHA-384)",
			                 a->digests.items[i]);
		}
		a->digest_types[a->ndigests++] = d;
	}
	if (a->ttl_text != NULL) {
		if (sscanf(a->ttl_text, "%u", &a->ttl) != 1) {
			return cli_error(cli, NULL, 0, "bad TTL '%s'", a->ttl_text);
		}
		a->has_ttl = true;
	}
	return SIGIL_EXIT_OK;
}

int cmd_ds(struct cli *cli, int argc, char **argv)
{
	struct ds_args a = { 0 };
	const struct opt opts[] = {
		OPT_LIST('d', "digest", &a.digests, "DIGEST",
		         "SHA-256 (default), SHA-384 or SHA-1; repeatable"),
		OPT_BOOL('a', "all", &a.all, "use every zone key, not only SEP keys"),
		OPT_STRING(0, "format", &a.format, "FMT", "zone (default), json or epp (RFC 5910 XML)"),
		OPT_STRING(0, "ttl", &a.ttl_text, "TTL", "TTL of the output records"),
		OPT_BOOL(0, "cds", &a.cds, "print CDS instead of DS (RFC 7344)"),
		OPT_BOOL(0, "cdnskey", &a.cdnskey, "also print CDNSKEY records"),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	if (i >= argc) {
		cli_error(cli, NULL, 0, "ds needs at least one key file or DNSKEY file");
		opt_usage(cli, opts, usage, NULL, stderr);
		return SIGIL_EXIT_USAGE;
	}
	int rc = check_args(cli, &a);
	if (rc != SIGIL_EXIT_OK) {
		return rc;
	}
	sgn_keylist_t keys;
	sgn_keylist_init(&keys);
	rc = load_inputs(cli, argc - i, argv + i, &keys);
	if (rc == SIGIL_EXIT_OK) {
		rc = print_records(cli, &a, &keys);
	}
	sgn_keylist_release(&keys);
	return rc;
}
