/* SPDX-License-Identifier: MIT */
/* BIND 9.16+ key state files, `K<zone>+<alg>+<tag>.state`: "Field: value" lines with the
 * key's role, lifetime, predecessor and successor, its timing (as in the key files, plus
 * DSPublish and DSRemoved), and for each record its state and when it last changed. The
 * field names and values are BIND's (lib/dns/dst_api.c writes them; facts, not code), so
 * that a directory moves between BIND and sigil. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/key.h>
#include <libsign/time.h>

#include "roll.h"

#define STATEFILE_MAX (64 * 1024)

static const char *const state_fields[SGN_REC__COUNT] = { "DNSKEYState", "KRRSIGState",
	                                                  "ZRRSIGState", "DSState" };
static const char *const change_fields[SGN_REC__COUNT] = { "DNSKEYChange", "KRRSIGChange",
	                                                   "ZRRSIGChange", "DSChange" };

static bool parse_state(const char *v, sgn_rstate_t *st)
{
	for (int i = 0; i <= SGN_RS_UNRETENTIVE; i++) {
		if (strcasecmp(v, sgn_rstate_name((sgn_rstate_t)i)) == 0) {
			*st = (sgn_rstate_t)i;
			return true;
		}
	}
	return false;
}

/* "20240101000000 (Mon Jan  1 ...)" or "0" (unset). */
static bool parse_time(const char *v, int64_t *t, bool *set)
{
	char stamp[SGN_TIME_STR_MAX];
	if (strcmp(v, "0") == 0) {
		*set = false;
		return true;
	}
	if (sscanf(v, "%14s", stamp) != 1 || sgn_time_from_str(t, stamp) != SGN_OK) {
		return false;
	}
	*set = true;
	return true;
}

static bool parse_uint(const char *v, unsigned long max, unsigned long *out)
{
	char *end;
	*out = strtoul(v, &end, 10);
	return v[0] >= '0' && v[0] <= '9' && (*end == '\0' || *end == ' ') && *out <= max;
}

/* One "Name: value" line; false for a bad value of a field sigil reads. */
static bool field(struct sgn__statefile *sf, const char *name, const char *v)
{
	unsigned long n;
	bool set = true;
	for (int r = 0; r < SGN_REC__COUNT; r++) {
		if (strcasecmp(name, state_fields[r]) == 0) {
			if (strcasecmp(v, "na") == 0) {
				return true;
			}
			sf->has_rec[r] = true;
			return parse_state(v, &sf->state[r]);
		}
		if (strcasecmp(name, change_fields[r]) == 0) {
			return parse_time(v, &sf->changed[r], &set);
		}
	}
	if (strcasecmp(name, "GoalState") == 0) {
		sgn_rstate_t g = SGN_RS_HIDDEN;
		sf->has_goal = parse_state(v, &g);
		sf->goal_omnipresent = g == SGN_RS_OMNIPRESENT;
		return sf->has_goal || strcasecmp(v, "na") == 0;
	}
	if (strcasecmp(name, "KSK") == 0 || strcasecmp(name, "ZSK") == 0) {
		bool yes = strcasecmp(v, "yes") == 0;
		unsigned bit = toupper((unsigned char)name[0]) == 'K' ? SGN_ROLE_KSK : SGN_ROLE_ZSK;
		sf->has_role = true;
		sf->role = yes ? sf->role | bit : sf->role & ~bit;
		return yes || strcasecmp(v, "no") == 0;
	}
	if (strcasecmp(name, "DSPublish") == 0) {
		return parse_time(v, &sf->ds_publish, &sf->has_ds_publish);
	}
	if (strcasecmp(name, "DSRemoved") == 0) {
		return parse_time(v, &sf->ds_removed, &sf->has_ds_removed);
	}
	if (strcasecmp(name, "Lifetime") == 0) {
		sf->has_lifetime = parse_uint(v, UINT32_MAX, &n);
		sf->lifetime = (int64_t)n;
		return sf->has_lifetime;
	}
	if (strcasecmp(name, "Predecessor") == 0 || strcasecmp(name, "Successor") == 0) {
		if (!parse_uint(v, 65535, &n)) {
			return false;
		}
		*(toupper((unsigned char)name[0]) == 'P' ? &sf->predecessor : &sf->successor) =
			(uint16_t)n;
		return true;
	}
	return true; /* the timing fields repeat the key files'; others are not sigil's */
}

static char *trim(char *s)
{
	while (*s == ' ' || *s == '\t') {
		s++;
	}
	size_t n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) {
		s[--n] = '\0';
	}
	return s;
}

sgn_err_t sgn__statefile_read(struct sgn__statefile *sf, const char *path, sgn_diag_t *diag)
{
	sgn_buf_t text;
	memset(sf, 0, sizeof(*sf));
	sgn_buf_init(&text);
	sgn_err_t err = sgn__read_file(path, STATEFILE_MAX, &text, diag);
	unsigned long lineno = 0;
	for (char *p = (char *)text.data; err == SGN_OK && p != NULL && *p != '\0';) {
		char *nl = strchr(p, '\n');
		if (nl != NULL) {
			*nl = '\0';
		}
		lineno++;
		char *colon = strchr(p, ':');
		if (*p != ';' && *trim(p) != '\0') {
			if (colon == NULL) {
				err = sgn_diag_set(diag, SGN_EPARSE, path, lineno, "expected 'Field: value'");
				break;
			}
			*colon = '\0';
			char *name = trim(p), *value = trim(colon + 1);
			if (!field(sf, name, value)) {
				err = sgn_diag_set(diag, SGN_EPARSE, path, lineno, "bad value '%s' for '%s'",
				                   value, name);
			}
		}
		p = nl != NULL ? nl + 1 : NULL;
	}
	sf->present = err == SGN_OK;
	sgn_buf_release(&text);
	return err;
}

/* -- writing -- */

static sgn_err_t time_line(sgn_buf_t *b, const char *name, bool set, int64_t t)
{
	char stamp[SGN_TIME_STR_MAX], human[64];
	if (!set) {
		return SGN_OK;
	}
	return sgn__buf_printf(b, "%s: %s (%s)\n", name, sgn_time_to_str(stamp, t),
	                       sgn__time_human(t, human, sizeof(human)));
}

static sgn_err_t key_time(sgn_buf_t *b, const sgn_key_t *key, const char *name,
                          sgn_key_event_t ev)
{
	int64_t t = 0;
	bool set = sgn_key_get_time(key, &t, ev);
	return time_line(b, name, set, t);
}

static sgn_err_t header(const struct sgn__rkey *k, const uint8_t *zone, sgn_buf_t *b)
{
	char zname[SGN_NAME_STR_MAX];
	sgn_err_t err = sgn_name_to_str(zname, sizeof(zname), zone);
	if (err == SGN_OK) {
		err = sgn__buf_printf(b, "; This is the state of key %u, for %s\nAlgorithm: %u\n"
		                      "Length: %u\nLifetime: %lld\n",
		                      k->v.tag, zname, k->v.algorithm, sgn_key_get_bits(k->key),
		                      (long long)k->v.lifetime);
	}
	if (err == SGN_OK && k->v.predecessor != 0) {
		err = sgn__buf_printf(b, "Predecessor: %u\n", k->v.predecessor);
	}
	if (err == SGN_OK && k->v.successor != 0) {
		err = sgn__buf_printf(b, "Successor: %u\n", k->v.successor);
	}
	if (err == SGN_OK) {
		err = sgn__buf_printf(b, "KSK: %s\nZSK: %s\n", k->v.role & SGN_ROLE_KSK ? "yes" : "no",
		                      k->v.role & SGN_ROLE_ZSK ? "yes" : "no");
	}
	return err;
}

sgn_err_t sgn__statefile_format(const struct sgn__rkey *k, const uint8_t *zone, sgn_buf_t *b)
{
	static const struct {
		const char *name;
		sgn_key_event_t ev;
	} times[] = {
		{ "Generated", SGN_KEY_CREATED },        { "Published", SGN_KEY_PUBLISH },
		{ "Active", SGN_KEY_ACTIVATE },          { "Retired", SGN_KEY_INACTIVE },
		{ "Revoked", SGN_KEY_REVOKE },           { "Removed", SGN_KEY_DELETE },
	};
	sgn_err_t err = header(k, zone, b);
	for (size_t i = 0; err == SGN_OK && i < ARRAY_LEN(times); i++) {
		err = key_time(b, k->key, times[i].name, times[i].ev);
	}
	if (err == SGN_OK) {
		err = time_line(b, "DSPublish", k->sf.has_ds_publish, k->sf.ds_publish);
	}
	if (err == SGN_OK) {
		err = time_line(b, "DSRemoved", k->sf.has_ds_removed, k->sf.ds_removed);
	}
	if (err == SGN_OK) {
		err = key_time(b, k->key, "PublishCDS", SGN_KEY_SYNC_PUBLISH);
	}
	if (err == SGN_OK) {
		err = key_time(b, k->key, "DeleteCDS", SGN_KEY_SYNC_DELETE);
	}
	/* BIND's order: DNSKEY, ZRRSIG, KRRSIG, DS. */
	static const sgn_rec_t order[] = { SGN_REC_DNSKEY, SGN_REC_ZRRSIG, SGN_REC_KRRSIG, SGN_REC_DS };
	for (size_t i = 0; err == SGN_OK && i < ARRAY_LEN(order); i++) {
		sgn_rec_t r = order[i];
		err = k->v.has_rec[r] ? time_line(b, change_fields[r], true, k->v.changed[r]) : SGN_OK;
	}
	for (size_t i = 0; err == SGN_OK && i < ARRAY_LEN(order); i++) {
		sgn_rec_t r = order[i];
		if (k->v.has_rec[r]) {
			err = sgn__buf_printf(b, "%s: %s\n", state_fields[r], sgn_rstate_name(k->v.state[r]));
		}
	}
	if (err == SGN_OK) {
		err = sgn__buf_printf(b, "GoalState: %s\n", k->v.goal_omnipresent ? "omnipresent" : "hidden");
	}
	return err;
}
