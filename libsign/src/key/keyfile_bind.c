/* SPDX-License-Identifier: MIT */
/* BIND key files: K<zone>+<alg>+<tag>.key (a DNSKEY RR with timing comments) and .private
 * (Private-key-format v1.2/v1.3 "Field: value" lines with base64 key material and
 * timing fields). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include <libsign/alg.h>
#include <libsign/codec.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/outfile.h>
#include <libsign/text.h>
#include <libsign/time.h>

#include "key_internal.h"

/* Key files are tiny; anything bigger is not a key file. */
#define KEYFILE_MAX (64 * 1024)
#define FIELD_NAME_MAX 32

/* -- file names -- */

/* Strip a ".key" or ".private" suffix: the basename both files share. */
static sgn_err_t key_base(const char *path, char *base, size_t cap)
{
	size_t n = strlen(path);
	static const char *const suffixes[] = { ".key", ".private" };
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && strcmp(path + n - s, suffixes[i]) == 0) {
			n -= s;
			break;
		}
	}
	if (n + 9 > cap) { /* room for ".private" and NUL */
		return SGN_EINVAL;
	}
	memcpy(base, path, n);
	base[n] = '\0';
	return SGN_OK;
}

sgn_err_t sgn_key_bind_basename(const sgn_key_t *key, char *buf, size_t cap)
{
	char name[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(name, sizeof(name), key->owner) != SGN_OK) {
		return SGN_EINVAL;
	}
	int n = snprintf(buf, cap, "K%s+%03u+%05u", name, sgn_key_get_algorithm(key), key->tag);
	return n > 0 && (size_t)n < cap ? SGN_OK : SGN_EINVAL;
}

/* If the file name has BIND's "+AAA+TTTTT" tail, it must agree with the content: a
 * renamed or swapped file would otherwise sign under a name that lies. */
static sgn_err_t check_name_matches(const char *base, const sgn_key_t *key, sgn_diag_t *diag)
{
	const char *slash = strrchr(base, '/');
	const char *file = slash != NULL ? slash + 1 : base;
	unsigned alg, tag;
	const char *plus = strrchr(file, '+');
	if (file[0] != 'K' || plus == NULL || plus - file < 5 || plus[-4] != '+' ||
	    sscanf(plus - 4, "+%3u+%5u", &alg, &tag) != 2) {
		return SGN_OK;
	}
	char zone[SGN_NAME_STR_MAX];
	size_t zlen = (size_t)(plus - 4 - (file + 1));
	if (sgn_name_to_str(zone, sizeof(zone), key->owner) == SGN_OK &&
	    (strlen(zone) != zlen || strncasecmp(zone, file + 1, zlen) != 0)) {
		return sgn_diag_set(diag, SGN_EKEY, base, 0,
		                    "file name says zone '%.*s' but the key is for '%s'", (int)zlen,
		                    file + 1, zone);
	}
	if (alg != sgn_key_get_algorithm(key) || tag != key->tag) {
		return sgn_diag_set(diag, SGN_EKEY, base, 0,
		                    "file name says algorithm %u tag %u but the key has algorithm %u "
		                    "tag %u",
		                    alg, tag, sgn_key_get_algorithm(key), key->tag);
	}
	return SGN_OK;
}

/* -- reading -- */

static sgn_key_event_t event_from_name(const char *name)
{
	for (int ev = 0; ev < SGN_KEY_EVENT__COUNT; ev++) {
		if (strcasecmp(name, sgn_key_event_name((sgn_key_event_t)ev)) == 0) {
			return (sgn_key_event_t)ev;
		}
	}
	return SGN_KEY_EVENT__COUNT;
}

/* Split "Name: value" into its parts (in place). False for lines of another shape. */
static bool split_field(char *line, char **name, char **value)
{
	char *colon = strchr(line, ':');
	if (colon == NULL || colon == line) {
		return false;
	}
	*colon = '\0';
	*name = line;
	char *v = colon + 1;
	while (*v == ' ' || *v == '\t') {
		v++;
	}
	size_t n = strlen(v);
	while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t' || v[n - 1] == '\r')) {
		v[--n] = '\0';
	}
	*value = v;
	return true;
}

/* Timing comments in a .key: "; Activate: 20230101000000 (Sun Jan  1 ...)". Split by
 * hand, not with strtok(3), whose hidden state would make reading keys non-re-entrant. */
static void read_key_comments(char *text, sgn_key_t *key)
{
	for (char *line = text, *next; line != NULL; line = next) {
		char *nl = strchr(line, '\n');
		next = nl != NULL ? nl + 1 : NULL;
		if (nl != NULL) {
			*nl = '\0';
		}
		char *name, *value;
		if (line[0] != ';' || !split_field(line + 1, &name, &value)) {
			continue;
		}
		while (*name == ' ') {
			name++;
		}
		char stamp[SGN_TIME_STR_MAX];
		int64_t t;
		sgn_key_event_t ev = event_from_name(name);
		if (ev == SGN_KEY_EVENT__COUNT || sscanf(value, "%14s", stamp) != 1 ||
		    sgn_time_from_str(&t, stamp) != SGN_OK) {
			continue;
		}
		sgn_key_set_time(key, ev, true, t);
	}
}

static sgn_err_t read_public(const char *path, sgn_key_t **out, sgn_diag_t *diag)
{
	sgn_buf_t text;
	sgn_zonefile_t *zf = NULL;
	sgn_rr_t rr;
	sgn_buf_init(&text);
	*out = NULL;
	sgn_zonefile_opts_t opts;
	sgn_zonefile_opts_init(&opts);
	opts.has_default_ttl = true; /* a .key without TTL: 0, meaning "the zone decides" */
	opts.no_include = true;
	opts.no_generate = true;
	sgn_err_t err = sgn__read_file(path, KEYFILE_MAX, &text, diag);
	if (err == SGN_OK) {
		err = sgn_zonefile_open_mem(&zf, path, (const char *)text.data, text.len, &opts, diag);
	}
	while (err == SGN_OK) {
		err = sgn_zonefile_next(zf, &rr, diag);
		if (err == SGN_OK && rr.type == SGN_TYPE_DNSKEY) {
			break;
		}
	}
	if (err == SGN_ENOTFOUND) {
		err = sgn_diag_set(diag, SGN_EPARSE, path, 0, "no DNSKEY record");
	}
	if (err == SGN_OK) {
		char why[128] = "";
		err = sgn_alg_check_dnskey(why, sizeof(why), rr.rdata, rr.rdlen, true);
		if (err == SGN_OK) {
			err = sgn__key_new(out, rr.owner, rr.rdata, rr.rdlen, NULL);
		}
		if (err == SGN_EPARSE) {
			unsigned long line;
			const char *file;
			sgn_zonefile_location(zf, &file, &line);
			err = sgn_diag_set(diag, err, path, line, "malformed DNSKEY record%s%s",
			                   why[0] != '\0' ? ": " : "", why);
		}
	}
	if (err == SGN_OK) {
		sgn_key_set_ttl(*out, rr.ttl);
		read_key_comments((char *)text.data, *out);
	}
	sgn_zonefile_free(zf);
	sgn_buf_release(&text);
	return err;
}

/* State while reading a .private file. */
struct private_read {
	const char *path;
	sgn_diag_t *diag;
	struct sgn__priv_fields fields;
	char names[SGN__PRIV_FIELDS_MAX][FIELD_NAME_MAX];
	bool have_alg;
	unsigned alg;
};

static sgn_err_t private_line(struct private_read *pr, sgn_key_t *key, char *line,
                              unsigned long lineno)
{
	char *name, *value;
	if (line[0] == '\0' || line[0] == ';' || line[0] == '#') {
		return SGN_OK;
	}
	if (!split_field(line, &name, &value)) {
		return sgn_diag_set(pr->diag, SGN_EPARSE, pr->path, lineno, "expected 'Field: value'");
	}
	if (strcasecmp(name, "Private-key-format") == 0) {
		if (strncmp(value, "v1.", 3) != 0) {
			return sgn_diag_set(pr->diag, SGN_EPARSE, pr->path, lineno,
			                    "unsupported private key format '%s'", value);
		}
		return SGN_OK;
	}
	if (strcasecmp(name, "Algorithm") == 0) {
		if (sscanf(value, "%u", &pr->alg) != 1 || pr->alg > 255) {
			return sgn_diag_set(pr->diag, SGN_EPARSE, pr->path, lineno,
			                    "bad algorithm '%s'", value);
		}
		pr->have_alg = true;
		return SGN_OK;
	}
	sgn_key_event_t ev = event_from_name(name);
	if (ev != SGN_KEY_EVENT__COUNT) {
		int64_t t;
		if (sgn_time_from_str(&t, value) != SGN_OK) {
			return sgn_diag_set(pr->diag, SGN_EPARSE, pr->path, lineno,
			                    "bad time '%s' for '%s'", value, name);
		}
		sgn_key_set_time(key, ev, true, t);
		return SGN_OK;
	}
	if (strlen(name) >= FIELD_NAME_MAX || pr->fields.n >= SGN__PRIV_FIELDS_MAX) {
		return SGN_OK; /* fields we do not use (BIND's "Engine", "Label", ...) */
	}
	sgn_buf_t raw;
	sgn_buf_init(&raw);
	sgn_err_t err = sgn_base64_decode(&raw, value, strlen(value));
	if (err == SGN_OK && raw.len == 0) {
		err = SGN_EPARSE;
	}
	if (err == SGN_OK) {
		char *slot = pr->names[pr->fields.n];
		snprintf(slot, FIELD_NAME_MAX, "%s", name);
		err = sgn__priv_fields_add(&pr->fields, slot, raw.data, raw.len);
	} else if (err == SGN_EPARSE) {
		err = sgn_diag_set(pr->diag, SGN_EPARSE, pr->path, lineno,
		                   "invalid or truncated base64 in '%s'", name);
	}
	sgn_buf_release_wipe(&raw);
	return err;
}

/* Check that the private half belongs to this key's DNSKEY. */
static sgn_err_t private_matches(const sgn_key_t *key, const void *priv, const char *path,
                                 sgn_diag_t *diag)
{
	sgn_buf_t pub;
	sgn_dnskey_view_t v;
	sgn_buf_init(&pub);
	sgn_err_t err = key->row->be->priv_to_pub(key->row, priv, &pub);
	if (err == SGN_OK && sgn_dnskey_parse(&v, key->rdata.data, key->rdata.len) == SGN_OK &&
	    (v.pubkey_len != pub.len || memcmp(v.pubkey, pub.data, pub.len) != 0)) {
		err = sgn_diag_set(diag, SGN_EKEY, path, 0,
		                   "private key does not match the public key in the .key file");
	}
	sgn_buf_release(&pub);
	return err;
}

/* A private key whose other fields do not fit its public half (an RSA prime or exponent
 * changed, say) passes private_matches() but makes signatures no one can verify: sign and
 * verify once before the key is used for a whole zone. */
static sgn_err_t private_signs(const sgn_key_t *key, const char *path, sgn_diag_t *diag)
{
	static const uint8_t msg[] = "sigil private key self-test";
	sgn_buf_t sig;
	bool valid = false;
	sgn_buf_init(&sig);
	sgn_err_t err = sgn_key_sign(key, &sig, msg, sizeof(msg));
	if (err == SGN_OK) {
		err = sgn_key_verify(key, &valid, msg, sizeof(msg), sig.data, sig.len);
	}
	if (err == SGN_ECRYPTO || (err == SGN_OK && !valid)) {
		err = sgn_diag_set(diag, SGN_EKEY, path, 0,
		                   "private key fields do not fit together: its signatures do not "
		                   "verify");
	}
	sgn_buf_release(&sig);
	return err;
}

static sgn_err_t read_private(const char *path, sgn_key_t *key, sgn_diag_t *diag)
{
	struct private_read pr = { .path = path, .diag = diag };
	sgn_buf_t text;
	void *priv = NULL;
	sgn_buf_init(&text);
	sgn__priv_fields_init(&pr.fields);
	sgn_err_t err = sgn__read_file(path, KEYFILE_MAX, &text, diag);
	unsigned long lineno = 0;
	for (char *p = (char *)text.data; err == SGN_OK && p != NULL && *p != '\0';) {
		char *nl = strchr(p, '\n');
		if (nl != NULL) {
			*nl = '\0';
		}
		err = private_line(&pr, key, p, ++lineno);
		p = nl != NULL ? nl + 1 : NULL;
	}
	uint8_t alg = sgn_key_get_algorithm(key);
	if (err == SGN_OK && !pr.have_alg) {
		err = sgn_diag_set(diag, SGN_EPARSE, path, 0, "no 'Algorithm' field");
	} else if (err == SGN_OK && pr.alg != alg) {
		err = sgn_diag_set(diag, SGN_EKEY, path, 0,
		                   "algorithm %u does not match the .key file's algorithm %u", pr.alg,
		                   alg);
	} else if (err == SGN_OK && !sgn_alg_can_verify(alg)) {
		err = sgn_diag_set(diag, SGN_EUNSUPPORTED, path, 0, "unsupported algorithm %u", alg);
	}
	if (err == SGN_OK) {
		err = key->row->be->priv_import(key->row, &pr.fields, &priv);
		if (err == SGN_EKEY) {
			sgn_diag_set(diag, err, path, 0, "missing or malformed private key fields");
		}
	}
	if (err == SGN_OK) {
		err = private_matches(key, priv, path, diag);
	}
	if (err == SGN_OK) {
		key->priv = priv;
		priv = NULL;
		err = private_signs(key, path, diag);
		if (err != SGN_OK) {
			priv = key->priv;
			key->priv = NULL;
		}
	}
	if (priv != NULL) {
		key->row->be->priv_free(priv);
	}
	sgn__priv_fields_release(&pr.fields);
	sgn_buf_release_wipe(&text);
	return err;
}

sgn_err_t sgn_key_read_bind(sgn_key_t **out, const char *path, bool need_private,
                            sgn_diag_t *diag)
{
	char base[4096], file[4096 + 16];
	sgn_key_t *key = NULL;
	*out = NULL;
	if (key_base(path, base, sizeof(base)) != SGN_OK) {
		return sgn_diag_set(diag, SGN_EINVAL, path, 0, "key file name too long");
	}
	snprintf(file, sizeof(file), "%s.key", base);
	sgn_err_t err = read_public(file, &key, diag);
	if (err == SGN_OK) {
		err = check_name_matches(base, key, diag);
	}
	if (err == SGN_OK && need_private) {
		snprintf(file, sizeof(file), "%s.private", base);
		err = read_private(file, key, diag);
	}
	if (err != SGN_OK) {
		sgn_key_free(key);
		return err;
	}
	*out = key;
	return SGN_OK;
}

/* -- writing -- */

sgn_err_t sgn__key_time_comment(sgn_buf_t *b, const char *name, int64_t t)
{
	char stamp[SGN_TIME_STR_MAX], human[64];
	return sgn__buf_printf(b, "; %s: %s (%s)\n", name, sgn_time_to_str(stamp, t),
	                       sgn__time_human(t, human, sizeof(human)));
}

static sgn_err_t format_public(const sgn_key_t *key, sgn_buf_t *b)
{
	char name[SGN_NAME_STR_MAX];
	sgn_err_t err = sgn_name_to_str(name, sizeof(name), key->owner);
	if (err == SGN_OK) {
		err = sgn__buf_printf(b, "; This is a %s key, keyid %u, for %s\n",
		                      sgn_key_is_sep(key) ? "key-signing" : "zone-signing", key->tag,
		                      name);
	}
	for (int ev = 0; err == SGN_OK && ev < SGN_KEY_EVENT__COUNT; ev++) {
		int64_t t;
		if (sgn_key_get_time(key, &t, (sgn_key_event_t)ev)) {
			err = sgn__key_time_comment(b, sgn_key_event_name((sgn_key_event_t)ev), t);
		}
	}
	/* Without a TTL, "owner IN DNSKEY ..." as BIND writes it, so the zone's TTL applies. */
	if (err == SGN_OK) {
		err = key->ttl != 0 ? sgn__buf_printf(b, "%s %u IN DNSKEY ", name, key->ttl)
		                    : sgn__buf_printf(b, "%s IN DNSKEY ", name);
	}
	if (err == SGN_OK) {
		err = sgn_rdata_to_str(b, SGN_TYPE_DNSKEY, key->rdata.data, key->rdata.len);
	}
	return err == SGN_OK ? sgn__buf_puts(b, "\n") : err;
}

static sgn_err_t format_private(const sgn_key_t *key, sgn_buf_t *b)
{
	struct sgn__priv_fields f;
	uint8_t alg = sgn_key_get_algorithm(key);
	sgn__priv_fields_init(&f);
	sgn_err_t err = key->row->be->priv_export(key->row, key->priv, &f);
	if (err == SGN_OK) {
		err = sgn__buf_printf(b, "Private-key-format: v1.3\nAlgorithm: %u (%s)\n", alg,
		                      sgn_alg_mnemonic(alg));
	}
	for (size_t i = 0; err == SGN_OK && i < f.n; i++) {
		err = sgn__buf_printf(b, "%s: ", f.name[i]);
		if (err == SGN_OK) {
			err = sgn_base64_encode(b, f.value[i].data, f.value[i].len);
		}
		if (err == SGN_OK) {
			err = sgn__buf_puts(b, "\n");
		}
	}
	for (int ev = 0; err == SGN_OK && ev < SGN_KEY_EVENT__COUNT; ev++) {
		int64_t t;
		char stamp[SGN_TIME_STR_MAX];
		if (sgn_key_get_time(key, &t, (sgn_key_event_t)ev)) {
			err = sgn__buf_printf(b, "%s: %s\n", sgn_key_event_name((sgn_key_event_t)ev),
			                      sgn_time_to_str(stamp, t));
		}
	}
	sgn__priv_fields_release(&f);
	return err;
}

sgn_err_t sgn_key_write_bind(const sgn_key_t *key, char *basename, size_t cap, const char *dir,
                             sgn_diag_t *diag)
{
	char base[512], path[4096], keypath[4096];
	sgn_buf_t pub, priv;
	if (key->priv == NULL) {
		return sgn_diag_set(diag, SGN_EKEY, "", 0, "key has no private half");
	}
	if (sgn_key_bind_basename(key, base, sizeof(base)) != SGN_OK) {
		return SGN_EINVAL;
	}
	if (dir == NULL || *dir == '\0') {
		dir = ".";
	}
	/* Every name must fit before anything is written: a file written under a cut-off name,
	 * or a pair written whose name the caller cannot be told, would be left behind. */
	int np = snprintf(path, sizeof(path), "%s/%s.private", dir, base);
	int nk = snprintf(keypath, sizeof(keypath), "%s/%s.key", dir, base);
	if (np < 0 || (size_t)np >= sizeof(path) || nk < 0 || (size_t)nk >= sizeof(keypath)) {
		return sgn_diag_set(diag, SGN_EINVAL, dir, 0, "key directory name too long");
	}
	if (basename != NULL && strlen(base) >= cap) {
		return SGN_EINVAL;
	}
	sgn_buf_init(&pub);
	sgn_buf_init(&priv);
	sgn_err_t err = format_public(key, &pub);
	if (err == SGN_OK) {
		err = format_private(key, &priv);
	}
	/* Private half first: if the .key cannot be written either, the .private is removed,
	 * so no half pair is left behind. */
	if (err == SGN_OK && access(keypath, F_OK) == 0) {
		err = sgn_diag_set(diag, SGN_EEXIST, keypath, 0, "refusing to overwrite existing file");
	}
	if (err == SGN_OK) {
		err = sgn_outfile_write_all(path, priv.data, priv.len, 0600, SGN_OUTFILE_NOCLOBBER, diag);
	}
	if (err == SGN_OK) {
		err = sgn_outfile_write_all(keypath, pub.data, pub.len, 0644, SGN_OUTFILE_NOCLOBBER, diag);
		if (err != SGN_OK) {
			unlink(path);
		}
	}
	if (err == SGN_OK && basename != NULL) {
		memcpy(basename, base, strlen(base) + 1);
	}
	sgn_buf_release(&pub);
	sgn_buf_release_wipe(&priv);
	return err;
}
