/* SPDX-License-Identifier: MIT */
/* Timelines: keys and the instants their records are introduced or withdrawn, as a plan
 * makes them or as a file says (so that a hand-made plan, or a deliberately wrong one, can
 * be checked by the simulator). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libsign/alg.h>
#include <libsign/time.h>

#include "roll.h"

#define TL_KEYS_MAX 64
#define TL_NAME_MAX 32

struct tl_event {
	int64_t time;
	size_t key;
	sgn_rec_t rec;
	bool up;
};

struct sgn_timeline {
	struct {
		char name[TL_NAME_MAX];
		unsigned role;
		uint8_t alg;
	} keys[TL_KEYS_MAX];
	size_t nkeys;
	struct tl_event *ev;
	size_t n, cap;
};

sgn_err_t sgn_timeline_new(sgn_timeline_t **out)
{
	*out = calloc(1, sizeof(**out));
	return *out != NULL ? SGN_OK : SGN_ENOMEM;
}

void sgn_timeline_free(sgn_timeline_t *tl)
{
	if (tl != NULL) {
		free(tl->ev);
		free(tl);
	}
}

static bool name_ok(const char *name)
{
	size_t n = strlen(name);
	return n > 0 && n < TL_NAME_MAX && strpbrk(name, " \t;\r\n") == NULL;
}

static size_t find_key(const sgn_timeline_t *tl, const char *name)
{
	for (size_t i = 0; i < tl->nkeys; i++) {
		if (strcmp(tl->keys[i].name, name) == 0) {
			return i;
		}
	}
	return SIZE_MAX;
}

sgn_err_t sgn_timeline_add_key(sgn_timeline_t *tl, size_t *index, const char *name,
                               unsigned role, uint8_t algorithm)
{
	if (!name_ok(name) || role == 0 || role > SGN_ROLE_CSK) {
		return SGN_EINVAL;
	}
	if (find_key(tl, name) != SIZE_MAX) {
		return SGN_EEXIST;
	}
	if (tl->nkeys == TL_KEYS_MAX) {
		return SGN_ELIMIT;
	}
	size_t i = tl->nkeys++;
	snprintf(tl->keys[i].name, TL_NAME_MAX, "%s", name);
	tl->keys[i].role = role;
	tl->keys[i].alg = algorithm;
	if (index != NULL) {
		*index = i;
	}
	return SGN_OK;
}

sgn_err_t sgn__timeline_add_named(sgn_timeline_t *tl, const char *label, unsigned role,
                                  uint8_t alg, size_t *idx)
{
	return sgn_timeline_add_key(tl, idx, label, role, alg);
}

const char *sgn__timeline_key_name(const sgn_timeline_t *tl, size_t i)
{
	return i < tl->nkeys ? tl->keys[i].name : "?";
}

size_t sgn__timeline_key_count(const sgn_timeline_t *tl)
{
	return tl->nkeys;
}

uint8_t sgn__timeline_key_alg(const sgn_timeline_t *tl, size_t i)
{
	return i < tl->nkeys ? tl->keys[i].alg : 0;
}

unsigned sgn__timeline_key_role(const sgn_timeline_t *tl, size_t i)
{
	return i < tl->nkeys ? tl->keys[i].role : 0;
}

sgn_err_t sgn_timeline_add_event(sgn_timeline_t *tl, int64_t time, size_t key, sgn_rec_t rec,
                                 bool up)
{
	if (key >= tl->nkeys || (unsigned)rec >= SGN_REC__COUNT ||
	    !sgn__rec_applies(rec, tl->keys[key].role)) {
		return SGN_EINVAL;
	}
	if (sgn__grow(&tl->ev, &tl->cap, tl->n + 1, sizeof(*tl->ev), 32) != SGN_OK) {
		return SGN_ENOMEM;
	}
	/* Sorted in, after the events of the same instant: appending in time order stays O(1),
	 * and the order is the one a stable sort of the appended events gives. */
	size_t at = tl->n;
	while (at > 0 && tl->ev[at - 1].time > time) {
		at--;
	}
	memmove(&tl->ev[at + 1], &tl->ev[at], (tl->n - at) * sizeof(*tl->ev));
	tl->ev[at] = (struct tl_event){ time, key, rec, up };
	tl->n++;
	return SGN_OK;
}

size_t sgn_timeline_event_count(const sgn_timeline_t *tl)
{
	return tl->n;
}

/* Insertion sort: stable (the order of events at one instant is kept) and the lists are
 * short and nearly sorted. */
void sgn__timeline_sort(sgn_timeline_t *tl)
{
	for (size_t i = 1; i < tl->n; i++) {
		struct tl_event e = tl->ev[i];
		size_t j = i;
		while (j > 0 && tl->ev[j - 1].time > e.time) {
			tl->ev[j] = tl->ev[j - 1];
			j--;
		}
		tl->ev[j] = e;
	}
}

bool sgn_timeline_get_event(const sgn_timeline_t *tl, int64_t *time, size_t *key, sgn_rec_t *rec,
                            bool *up, size_t i)
{
	if (i >= tl->n) {
		return false;
	}
	*time = tl->ev[i].time;
	*key = tl->ev[i].key;
	*rec = tl->ev[i].rec;
	*up = tl->ev[i].up;
	return true;
}

sgn_err_t sgn_timeline_move_event(sgn_timeline_t *tl, size_t i, int64_t time)
{
	if (i >= tl->n) {
		return SGN_EINVAL;
	}
	tl->ev[i].time = time;
	sgn__timeline_sort(tl);
	return SGN_OK;
}

/* -- the file format -- */

static const char *const rec_words[SGN_REC__COUNT] = { "dnskey", "krrsig", "zrrsig", "ds" };

static sgn_err_t parse_key(sgn_timeline_t *tl, char *args, const char *file, unsigned long line,
                           sgn_diag_t *diag)
{
	char name[64], role[16], alg[32], extra[8];
	uint8_t a;
	unsigned r = 0;
	if (sscanf(args, "%63s %15s %31s %7s", name, role, alg, extra) != 3) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "expected 'key NAME ROLE ALGORITHM'");
	}
	for (unsigned i = 1; i <= SGN_ROLE_CSK; i++) {
		if (strcasecmp(role, sgn_role_name(i)) == 0) {
			r = i;
		}
	}
	if (r == 0) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "unknown role '%s' (KSK, ZSK or CSK)",
		                    role);
	}
	if (sgn_alg_from_str(&a, alg) != SGN_OK) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "unknown algorithm '%s'", alg);
	}
	sgn_err_t err = sgn_timeline_add_key(tl, NULL, name, r, a);
	if (err != SGN_OK) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "%s key name '%s'",
		                    err == SGN_EEXIST ? "duplicate" : "bad", name);
	}
	return SGN_OK;
}

static bool parse_when(const char *s, int64_t *t)
{
	char *end;
	if (strcmp(s, "always") == 0) {
		*t = INT64_MIN;
		return true;
	}
	if (strlen(s) == 14 && sgn_time_from_str(t, s) == SGN_OK) {
		return true;
	}
	long long v = strtoll(s, &end, 10);
	*t = v;
	return *s != '\0' && *end == '\0';
}

static sgn_err_t parse_event(sgn_timeline_t *tl, char *line_text, const char *file,
                             unsigned long line, sgn_diag_t *diag)
{
	char *save = NULL;
	char *when = strtok_r(line_text, " \t", &save), *sign = strtok_r(NULL, " \t", &save);
	char *name = strtok_r(NULL, " \t", &save);
	int64_t t;
	if (when == NULL || sign == NULL || name == NULL || strlen(sign) != 1 ||
	    (sign[0] != '+' && sign[0] != '-')) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "expected 'TIME +|- KEY RECORD...'");
	}
	if (!parse_when(when, &t)) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line,
		                    "bad time '%s' (Unix seconds, YYYYMMDDHHMMSS or 'always')", when);
	}
	size_t k = find_key(tl, name);
	if (k == SIZE_MAX) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "unknown key '%s' (declare it with 'key')",
		                    name);
	}
	size_t nrec = 0;
	for (char *w = strtok_r(NULL, " \t", &save); w != NULL; w = strtok_r(NULL, " \t", &save)) {
		int rec = 0;
		while (rec < SGN_REC__COUNT && strcasecmp(w, rec_words[rec]) != 0) {
			rec++;
		}
		if (rec == SGN_REC__COUNT) {
			return sgn_diag_set(diag, SGN_EPARSE, file, line,
			                    "unknown record '%s' (dnskey, krrsig, zrrsig, ds)", w);
		}
		sgn_err_t err = sgn_timeline_add_event(tl, t, k, (sgn_rec_t)rec, sign[0] == '+');
		if (err == SGN_EINVAL) {
			return sgn_diag_set(diag, SGN_EPARSE, file, line, "a %s has no %s record",
			                    sgn_role_name(tl->keys[k].role), w);
		}
		if (err != SGN_OK) {
			return err;
		}
		nrec++;
	}
	return nrec > 0 ? SGN_OK : sgn_diag_set(diag, SGN_EPARSE, file, line, "no record named");
}

sgn_err_t sgn_timeline_parse(sgn_timeline_t **out, const char *text, size_t len,
                             const char *file, sgn_diag_t *diag)
{
	sgn_timeline_t *tl;
	char buf[512];
	unsigned long line = 0;
	sgn_err_t err = sgn_timeline_new(&tl);
	for (size_t i = 0; err == SGN_OK && i < len;) {
		size_t j = i;
		while (j < len && text[j] != '\n') {
			j++;
		}
		line++;
		if (j - i > sizeof(buf) - 1) {
			err = sgn_diag_set(diag, SGN_EPARSE, file, line, "line longer than %zu bytes",
			                   sizeof(buf) - 1);
			break;
		}
		size_t n = j - i;
		memcpy(buf, text + i, n);
		buf[n] = '\0';
		i = j + 1;
		char *semi = strchr(buf, ';');
		if (semi != NULL) {
			*semi = '\0';
		}
		char *p = buf + strspn(buf, " \t\r");
		p[strcspn(p, "\r")] = '\0';
		if (*p == '\0') {
			continue;
		}
		err = strncmp(p, "key", 3) == 0 && (p[3] == ' ' || p[3] == '\t')
		              ? parse_key(tl, p + 4, file, line, diag)
		              : parse_event(tl, p, file, line, diag);
	}
	if (err == SGN_OK && tl->n == 0) {
		err = sgn_diag_set(diag, SGN_EPARSE, file, line, "the timeline has no events");
	}
	if (err != SGN_OK) {
		sgn_timeline_free(tl);
		return err;
	}
	sgn__timeline_sort(tl);
	*out = tl;
	return SGN_OK;
}

sgn_err_t sgn_timeline_read(sgn_timeline_t **out, const char *path, sgn_diag_t *diag)
{
	sgn_buf_t text;
	sgn_buf_init(&text);
	sgn_err_t err = sgn__read_file(path, 16 << 20, &text, diag);
	if (err == SGN_OK) {
		err = sgn_timeline_parse(out, (const char *)text.data, text.len, path, diag);
	}
	sgn_buf_release(&text);
	return err;
}

sgn_err_t sgn_timeline_write(const sgn_timeline_t *tl, FILE *fp)
{
	char stamp[SGN_TIME_STR_MAX];
	fprintf(fp, "; sigil rollover timeline: keys, then TIME +|- KEY RECORD...\n");
	for (size_t i = 0; i < tl->nkeys; i++) {
		const char *m = sgn_alg_mnemonic(tl->keys[i].alg);
		if (m != NULL) {
			fprintf(fp, "key %s %s %s\n", tl->keys[i].name, sgn_role_name(tl->keys[i].role), m);
		} else {
			fprintf(fp, "key %s %s %u\n", tl->keys[i].name, sgn_role_name(tl->keys[i].role),
			        tl->keys[i].alg);
		}
	}
	for (size_t i = 0; i < tl->n;) {
		const struct tl_event *e = &tl->ev[i];
		fprintf(fp, "%s %c %s", e->time == INT64_MIN ? "always" : sgn_time_to_str(stamp,
		        e->time),
		        e->up ? '+' : '-', tl->keys[e->key].name);
		size_t j = i;
		while (j < tl->n && tl->ev[j].time == e->time && tl->ev[j].key == e->key &&
		       tl->ev[j].up == e->up) {
			fprintf(fp, " %s", rec_words[tl->ev[j].rec]);
			j++;
		}
		fputc('\n', fp);
		i = j;
	}
	return fflush(fp) == 0 && !ferror(fp) ? SGN_OK : SGN_EIO;
}
