/* SPDX-License-Identifier: MIT */
/* The options of a dnssec-policy block (BIND 9.18's grammar, from its ARM: keys, TTLs,
 * safety margins, delays, signature validity, nsec3param, cds-digest-types) plus sigil's
 * zsk-roll-method, ksk-roll-method and signing-delay; and the named.conf file around it. */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/alg.h>
#include <libsign/time.h>

#include "policy.h"

enum opt_kind { K_DURATION, K_KEYS, K_NSEC3, K_CDS, K_ZSK_METHOD, K_KSK_METHOD, K_OBSOLETE };

struct popt {
	const char *name;
	enum opt_kind kind;
	size_t off; /* of an int64_t duration in sgn_policy_t */
};

#define DUR(n, f) { n, K_DURATION, offsetof(sgn_policy_t, f) }
static const struct popt popts[] = {
	{ "keys", K_KEYS, 0 },
	DUR("dnskey-ttl", dnskey_ttl),
	DUR("max-zone-ttl", max_zone_ttl),
	DUR("publish-safety", publish_safety),
	DUR("retire-safety", retire_safety),
	DUR("purge-keys", purge_keys),
	DUR("zone-propagation-delay", zone_propagation_delay),
	DUR("parent-ds-ttl", parent_ds_ttl),
	DUR("parent-propagation-delay", parent_propagation_delay),
	DUR("signatures-validity", signatures_validity),
	DUR("signatures-validity-dnskey", signatures_validity_dnskey),
	DUR("signatures-refresh", signatures_refresh),
	DUR("signing-delay", signing_delay),
	{ "nsec3param", K_NSEC3, 0 },
	{ "cds-digest-types", K_CDS, 0 },
	{ "zsk-roll-method", K_ZSK_METHOD, 0 },
	{ "ksk-roll-method", K_KSK_METHOD, 0 },
	/* BIND 9.16's option, obsolete (and ignored) in 9.18: accepted so that old files load. */
	{ "parent-registration-delay", K_OBSOLETE, 0 },
};

#define bad(lx, ...) sgn_diag_set((lx)->diag, SGN_EPARSE, (lx)->file, (lx)->tok_line, __VA_ARGS__)

/* The next token, a value (word or string), after @p what. */
static sgn_err_t value(struct sgn__lex *lx, const char *what)
{
	sgn_err_t err = sgn__lex_next(lx);
	if (err == SGN_OK && !sgn__lex_is_value(lx)) {
		err = bad(lx, "'%s' needs a value", what);
	}
	return err;
}

/* BIND keeps the durations of a policy in 32 bits. */
static bool duration(const char *text, int64_t *out)
{
	return sgn_duration_from_str(out, text) == SGN_OK && *out <= INT64_C(4294967295);
}

static sgn_err_t duration_value(struct sgn__lex *lx, const char *what, int64_t *out)
{
	sgn_err_t err = value(lx, what);
	if (err == SGN_OK && !duration(lx->tok, out)) {
		err = bad(lx, "bad duration '%s' for '%s' (ISO 8601 like P30D or PT1H, or 30d, 12h, 3600)",
		          lx->tok, what);
	}
	return err;
}

static sgn_err_t number_value(struct sgn__lex *lx, const char *what, unsigned long max,
                              unsigned long *out)
{
	sgn_err_t err = value(lx, what);
	char *end;
	if (err == SGN_OK) {
		*out = strtoul(lx->tok, &end, 10);
		if (lx->tok[0] < '0' || lx->tok[0] > '9' || *end != '\0' || *out > max) {
			err = bad(lx, "bad number '%s' for '%s'", lx->tok, what);
		}
	}
	return err;
}

/* BIND's dns_secalg_fromtext names plus the short ECDSA names BIND configurations use. */
static bool algorithm(const char *text, uint8_t *alg)
{
	if (strcasecmp(text, "ECDSA256") == 0) {
		*alg = 13;
		return true;
	}
	if (strcasecmp(text, "ECDSA384") == 0) {
		*alg = 14;
		return true;
	}
	return sgn_alg_from_str(alg, text) == SGN_OK;
}

static sgn_err_t key_lifetime(struct sgn__lex *lx, sgn_policy_key_t *k)
{
	sgn_err_t err = value(lx, "lifetime");
	if (err == SGN_OK && strcasecmp(lx->tok, "unlimited") == 0) {
		k->lifetime = 0;
	} else if (err == SGN_OK && !duration(lx->tok, &k->lifetime)) {
		err = bad(lx, "bad lifetime '%s' (a duration or 'unlimited')", lx->tok);
	}
	return err;
}

static sgn_err_t key_algorithm(struct sgn__lex *lx, sgn_policy_key_t *k)
{
	sgn_err_t err = value(lx, "algorithm");
	if (err == SGN_OK && !algorithm(lx->tok, &k->algorithm)) {
		return bad(lx, "unknown algorithm '%s'", lx->tok);
	}
	if (err == SGN_OK && !sgn_alg_can_sign(k->algorithm)) {
		return bad(lx, "algorithm '%s' cannot sign", lx->tok);
	}
	if (err == SGN_OK) {
		err = sgn__lex_next(lx);
	}
	if (err != SGN_OK || lx->type == SGN__TOK_SEMI) {
		return err;
	}
	unsigned long bits;
	unsigned min, max;
	char *end;
	bits = strtoul(lx->tok, &end, 10);
	if (lx->type != SGN__TOK_WORD || *end != '\0' || lx->tok[0] < '0' || lx->tok[0] > '9') {
		return bad(lx, "expected a key size or ';' after the algorithm, not '%s'", lx->tok);
	}
	if (sgn_alg_key_bits(&min, &max, NULL,
	    k->algorithm) != SGN_OK || bits < min || bits > max) {
		return bad(lx, "key size '%s' out of range for %s", lx->tok,
		           sgn_alg_mnemonic(k->algorithm));
	}
	/* BIND ignores a size for fixed-size algorithms; so does sigil. */
	k->bits = min == max ? 0 : (unsigned)bits;
	return sgn__lex_expect(lx, SGN__TOK_SEMI, "the key size");
}

/* ( csk | ksk | zsk ) [ key-directory ] lifetime DURATION|unlimited algorithm ALG [ BITS ]; */
static sgn_err_t key_entry(sgn_policy_t *p, struct sgn__lex *lx)
{
	static const char *const roles[] = { "ksk", "zsk", "csk" };
	sgn_policy_key_t k = { .line = lx->tok_line };
	for (unsigned i = 0; i < 3; i++) {
		if (strcasecmp(lx->tok, roles[i]) == 0) {
			k.role = i + 1;
		}
	}
	if (k.role == 0 || lx->type != SGN__TOK_WORD) {
		return bad(lx, "expected ksk, zsk or csk, not '%s'", lx->tok);
	}
	if (p->nkeys == SGN_POLICY_KEYS_MAX) {
		return bad(lx, "more than %d keys in 'keys'", SGN_POLICY_KEYS_MAX);
	}
	sgn_err_t err = value(lx, roles[k.role - 1]);
	if (err == SGN_OK && strcasecmp(lx->tok, "key-directory") == 0) {
		k.key_directory = true;
		err = value(lx, "key-directory");
	}
	if (err == SGN_OK && strcasecmp(lx->tok, "lifetime") != 0) {
		err = bad(lx, "expected 'lifetime', not '%s'", lx->tok);
	}
	if (err == SGN_OK) {
		err = key_lifetime(lx, &k);
	}
	if (err == SGN_OK) {
		err = value(lx, "lifetime");
	}
	if (err == SGN_OK && strcasecmp(lx->tok, "algorithm") != 0) {
		err = bad(lx, "expected 'algorithm', not '%s'", lx->tok);
	}
	if (err == SGN_OK) {
		err = key_algorithm(lx, &k);
	}
	if (err == SGN_OK) {
		p->keys[p->nkeys++] = k;
	}
	return err;
}

static sgn_err_t keys_block(sgn_policy_t *p, struct sgn__lex *lx)
{
	sgn_err_t err = sgn__lex_expect(lx, SGN__TOK_LBRACE, "keys");
	p->nkeys = 0;
	while (err == SGN_OK && (err = sgn__lex_next(lx)) == SGN_OK && lx->type != SGN__TOK_RBRACE) {
		err = key_entry(p, lx);
	}
	return err == SGN_OK ? sgn__lex_expect(lx, SGN__TOK_SEMI, "}") : err;
}

/* nsec3param [ iterations N ] [ optout BOOL ] [ salt-length N ]; */
static sgn_err_t nsec3param(sgn_policy_t *p, struct sgn__lex *lx)
{
	sgn_err_t err;
	unsigned long n;
	p->nsec3 = true;
	while ((err = sgn__lex_next(lx)) == SGN_OK && lx->type != SGN__TOK_SEMI) {
		if (strcasecmp(lx->tok, "iterations") == 0) {
			/* 150: BIND 9.18's maximum (dns_nsec3_maxiterations) */
			err = number_value(lx, "iterations", 150, &n);
			p->nsec3_iterations = (uint16_t)n;
		} else if (strcasecmp(lx->tok, "salt-length") == 0) {
			err = number_value(lx, "salt-length", 255, &n);
			p->nsec3_salt_length = (uint8_t)n;
		} else if (strcasecmp(lx->tok, "optout") == 0) {
			err = value(lx, "optout");
			bool yes = strcasecmp(lx->tok, "yes") == 0 || strcasecmp(lx->tok, "true") == 0;
			if (err == SGN_OK && !yes && strcasecmp(lx->tok, "no") != 0 &&
			    strcasecmp(lx->tok, "false") != 0) {
				err = bad(lx, "bad boolean '%s' for '%s' (yes or no)", lx->tok, "optout");
			}
			p->nsec3_optout = yes;
		} else {
			err = bad(lx, "unknown nsec3param option '%s'", lx->tok);
		}
		if (err != SGN_OK) {
			return err;
		}
	}
	return err;
}

/* cds-digest-types { "sha-256"; ... }; */
static sgn_err_t cds_digests(sgn_policy_t *p, struct sgn__lex *lx)
{
	sgn_err_t err = sgn__lex_expect(lx, SGN__TOK_LBRACE, "cds-digest-types");
	p->ncds_digests = 0;
	while (err == SGN_OK && (err = sgn__lex_next(lx)) == SGN_OK && lx->type != SGN__TOK_RBRACE) {
		uint8_t d;
		if (!sgn__lex_is_value(lx) || sgn_digest_from_str(&d, lx->tok) != SGN_OK ||
		    !sgn_digest_is_supported(d)) {
			return bad(lx, "unknown digest type '%s' in '%s'", lx->tok, "cds-digest-types");
		}
		if (p->ncds_digests == ARRAY_LEN(p->cds_digests)) {
			return bad(lx, "too many digest types in 'cds-digest-types'");
		}
		p->cds_digests[p->ncds_digests++] = d;
		err = sgn__lex_expect(lx, SGN__TOK_SEMI, "the digest type");
	}
	if (err == SGN_OK && p->ncds_digests == 0) {
		return bad(lx, "'cds-digest-types' lists no digest type");
	}
	return err == SGN_OK ? sgn__lex_expect(lx, SGN__TOK_SEMI, "}") : err;
}

static sgn_err_t method(struct sgn__lex *lx, const char *opt, const char *const *names,
                        const sgn_roll_method_t *methods, size_t n, sgn_roll_method_t *out)
{
	sgn_err_t err = value(lx, opt);
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		if (strcasecmp(lx->tok, names[i]) == 0) {
			*out = methods[i];
			return sgn__lex_expect(lx, SGN__TOK_SEMI, lx->tok);
		}
	}
	return err == SGN_OK ? bad(lx, "unknown %s '%s'", opt, lx->tok) : err;
}

static sgn_err_t option(sgn_policy_t *p, struct sgn__lex *lx, const struct popt *o)
{
	static const char *const zsk_names[] = { "pre-publication", "double-signature" };
	static const sgn_roll_method_t zsk_methods[] = { SGN_ROLL_ZSK_PRE_PUBLICATION,
		                                         SGN_ROLL_ZSK_DOUBLE_SIGNATURE };
	static const char *const ksk_names[] = { "double-ksk", "double-ds", "double-rrset" };
	static const sgn_roll_method_t ksk_methods[] = { SGN_ROLL_KSK_DOUBLE_KSK,
		                                         SGN_ROLL_KSK_DOUBLE_DS,
		                                         SGN_ROLL_KSK_DOUBLE_RRSET };
	int64_t ignored;
	sgn_err_t err;
	switch (o->kind) {
	case K_DURATION:
		err = duration_value(lx, o->name, (int64_t *)(void *)((char *)p + o->off));
		return err == SGN_OK ? sgn__lex_expect(lx, SGN__TOK_SEMI, lx->tok) : err;
	case K_OBSOLETE:
		err = duration_value(lx, o->name, &ignored);
		return err == SGN_OK ? sgn__lex_expect(lx, SGN__TOK_SEMI, lx->tok) : err;
	case K_KEYS:
		return keys_block(p, lx);
	case K_NSEC3:
		return nsec3param(p, lx);
	case K_CDS:
		return cds_digests(p, lx);
	case K_ZSK_METHOD:
		return method(lx, o->name, zsk_names, zsk_methods, 2, &p->zsk_method);
	case K_KSK_METHOD:
		return method(lx, o->name, ksk_names, ksk_methods, 3, &p->ksk_method);
	}
	return SGN_EINVAL;
}

sgn_err_t sgn__policy_body(sgn_policy_t *p, struct sgn__lex *lx)
{
	bool seen[ARRAY_LEN(popts)] = { false };
	bool signing_delay = false;
	sgn_err_t err;
	while ((err = sgn__lex_next(lx)) == SGN_OK && lx->type != SGN__TOK_RBRACE) {
		size_t i = 0;
		while (i < ARRAY_LEN(popts) && strcasecmp(lx->tok, popts[i].name) != 0) {
			i++;
		}
		if (lx->type != SGN__TOK_WORD || i == ARRAY_LEN(popts)) {
			return lx->type == SGN__TOK_EOF
			               ? bad(lx, "dnssec-policy '%s' never ends (missing '}')", p->name)
			               : bad(lx, "unknown dnssec-policy option '%s'", lx->tok);
		}
		if (seen[i]) {
			return bad(lx, "'%s' given twice", popts[i].name);
		}
		seen[i] = true;
		signing_delay = signing_delay || popts[i].off == offsetof(sgn_policy_t, signing_delay);
		if ((err = option(p, lx, &popts[i])) != SGN_OK) {
			return err;
		}
	}
	if (err != SGN_OK) {
		return err;
	}
	if (!signing_delay) {
		p->signing_delay = p->signatures_validity - p->signatures_refresh;
	}
	return sgn__lex_expect(lx, SGN__TOK_SEMI, "}");
}

/* -- the file around the block -- */

/* Parse "dnssec-policy NAME { ... };" (just read its first word) into @p p when NAME is the
 * one wanted, else skip it. */
static sgn_err_t policy_statement(sgn_policy_t *p, struct sgn__lex *lx, const char *want,
                                  size_t *found)
{
	unsigned long line = lx->tok_line;
	sgn_err_t err = sgn__lex_next(lx);
	if (err == SGN_OK && !sgn__lex_is_value(lx)) {
		err = bad(lx, "'dnssec-policy' needs a name");
	}
	if (err != SGN_OK) {
		return err;
	}
	bool take = want == NULL || strcmp(lx->tok, want) == 0;
	if (!take) {
		return sgn__lex_skip_statement(lx);
	}
	if (++*found > 1) {
		return want != NULL ? bad(lx, "dnssec-policy '%s' defined twice", want)
		                    : sgn_diag_set(lx->diag, SGN_ENOTFOUND, lx->file, lx->tok_line,
		                                   "several dnssec-policy blocks: name the one to use");
	}
	sgn_policy_init(p);
	snprintf(p->name, sizeof(p->name), "%.63s", lx->tok);
	snprintf(p->file, sizeof(p->file), "%s", lx->file);
	p->line = line;
	err = sgn__lex_expect(lx, SGN__TOK_LBRACE, p->name);
	return err == SGN_OK ? sgn__policy_body(p, lx) : err;
}

sgn_err_t sgn_policy_parse(sgn_policy_t *policy, const char *text, size_t len, const char *file,
                           const char *name, sgn_diag_t *diag)
{
	struct sgn__lex lx = { .p = text, .end = text + len, .file = file, .line = 1, .diag = diag };
	sgn_policy_t p;
	size_t found = 0;
	sgn_err_t err;
	sgn_policy_init(&p);
	while ((err = sgn__lex_next(&lx)) == SGN_OK && lx.type != SGN__TOK_EOF) {
		if (lx.type == SGN__TOK_WORD && strcasecmp(lx.tok, "dnssec-policy") == 0) {
			err = policy_statement(&p, &lx, name, &found);
		} else if (lx.type == SGN__TOK_SEMI) {
			continue;
		} else {
			err = sgn__lex_skip_statement(&lx);
		}
		if (err != SGN_OK) {
			return err;
		}
	}
	if (err != SGN_OK) {
		return err;
	}
	if (found == 0 && name != NULL &&
	    (strcmp(name, "default") == 0 || strcmp(name, "insecure") == 0)) {
		/* BIND's built-in policies, when the file does not redefine them. */
		sgn_policy_init(&p);
		p.nkeys = strcmp(name, "insecure") == 0 ? 0 : p.nkeys;
		snprintf(p.name, sizeof(p.name), "%s", name);
		found = 1;
	}
	if (found == 0) {
		return name != NULL ? sgn_diag_set(diag, SGN_ENOTFOUND, file, 0,
		                                   "no dnssec-policy '%s'", name)
		                    : sgn_diag_set(diag, SGN_ENOTFOUND, file, 0, "no dnssec-policy block");
	}
	err = sgn__policy_check(&p, diag);
	if (err == SGN_OK) {
		*policy = p;
	}
	return err;
}

sgn_err_t sgn_policy_read(sgn_policy_t *policy, const char *path, const char *name,
                          sgn_diag_t *diag)
{
	sgn_buf_t text;
	sgn_buf_init(&text);
	sgn_err_t err = sgn__read_file(path, 4 << 20, &text, diag);
	if (err == SGN_OK) {
		err = sgn_policy_parse(policy, (const char *)text.data, text.len, path, name, diag);
	}
	sgn_buf_release(&text);
	return err;
}
