/* SPDX-License-Identifier: MIT */
/* What a step writes: the lock that keeps two steps on one directory apart, new keys
 * (through the key generator, never with a colliding tag), the timing metadata and `.state`
 * file of every key that changed (each replaced atomically), and purges. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <unistd.h>

#include <libsign/key.h>
#include <libsign/outfile.h>

#include "step.h"

void sgn__step_note(struct sgn__step *st, const char *fmt, ...)
{
	sgn_step_result_t *res = st->res;
	if (res->nchanges == SGN_STEP_CHANGES_MAX) {
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(res->changes[res->nchanges++], sizeof(res->changes[0]), fmt, ap);
	va_end(ap);
}

sgn_err_t sgn__step_lock(const char *dir, int *fd, sgn_diag_t *diag)
{
	char path[4096 + 32];
	snprintf(path, sizeof(path), "%s/.sigil-rollover.lock", dir);
	*fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (*fd < 0) {
		return sgn__diag_from_errno(diag, path, "cannot create the lock file");
	}
	/* flock: released by the kernel when the process ends, however it ends. */
	if (flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		int e = errno;
		close(*fd);
		*fd = -1;
		return e == EWOULDBLOCK
		               ? sgn_diag_set(diag, SGN_EEXIST, path, 0,
		                              "another 'sigil rollover step' is running on this directory")
		               : sgn__diag_from_errno(diag, path, "cannot lock");
	}
	return SGN_OK;
}

void sgn__step_unlock(int fd)
{
	if (fd >= 0) {
		close(fd);
	}
}

/* The keys already there, for the tag collision check (borrowed). */
static sgn_err_t existing_keys(const sgn_rollover_t *r, sgn_keylist_t *list)
{
	sgn_keylist_init(list);
	list->keys = calloc(r->n + 1, sizeof(*list->keys));
	if (list->keys == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < r->n; i++) {
		if (r->k[i].key != NULL) {
			list->keys[list->count++] = r->k[i].key;
		}
	}
	list->cap = r->n + 1;
	return SGN_OK;
}

static sgn_err_t generate_one(sgn_rollover_t *r, size_t idx, int64_t now, sgn_diag_t *diag)
{
	struct sgn__rkey *k = &r->k[idx];
	sgn_keylist_t existing;
	uint16_t flags = SGN_DNSKEY_ZONE | ((k->v.role & SGN_ROLE_KSK) ? SGN_DNSKEY_SEP : 0);
	sgn_err_t err = existing_keys(r, &existing);
	if (err == SGN_OK) {
		err = sgn_key_generate_unique(&k->key, &existing, r->zone, k->v.algorithm, k->bits, flags);
	}
	free(existing.keys);
	if (err != SGN_OK) {
		return sgn_diag_set(diag, err, r->dir, 0, "cannot generate a %s: %s",
		                    sgn_role_name(k->v.role), sgn_strerror(err));
	}
	sgn_key_set_ttl(k->key, (uint32_t)r->pol->dnskey_ttl);
	sgn_key_set_time(k->key, SGN_KEY_CREATED, true, now);
	/* Not published nor signing until a stage says so. */
	sgn_key_set_time(k->key, SGN_KEY_PUBLISH, true, SGN__NOT_YET);
	sgn_key_set_time(k->key, SGN_KEY_ACTIVATE, true, SGN__NOT_YET);
	err = sgn_key_write_bind(k->key, k->v.basename, sizeof(k->v.basename), r->dir, diag);
	if (err != SGN_OK) {
		sgn_key_free(k->key);
		k->key = NULL;
		return err;
	}
	k->v.key = k->key;
	k->v.tag = sgn_key_get_tag(k->key);
	k->sf.present = true;
	k->v.has_state_file = true;
	return SGN_OK;
}

/* Predecessor and Successor links that hold the roll's keys together when the directory
 * is read again: each new key's predecessor is an old key of its role (or the first), and
 * the old keys' successors go round the new keys, so that every key of a key set change
 * (two old, two new) is linked to the others. */
static void link_keys(sgn_rollover_t *r, const struct sgn__roll *roll, struct sgn__step *st)
{
	for (size_t i = 0; i < roll->nnew && roll->nold > 0; i++) {
		struct sgn__rkey *k = &r->k[roll->new_[i]];
		size_t pick = roll->old[i % roll->nold];
		for (size_t j = 0; j < roll->nold; j++) {
			if (r->k[roll->old[j]].v.role == k->v.role) {
				pick = roll->old[j];
				break;
			}
		}
		k->v.predecessor = r->k[pick].v.tag;
	}
	for (size_t j = 0; j < roll->nold && roll->nnew > 0; j++) {
		struct sgn__rkey *o = &r->k[roll->old[j]];
		o->v.successor = r->k[roll->new_[(j + 1) % roll->nnew]].v.tag;
		st->dirty[roll->old[j]] = true;
	}
}

sgn_err_t sgn__step_generate(sgn_rollover_t *r, struct sgn__roll *roll, int64_t now,
                             struct sgn__step *st, sgn_diag_t *diag)
{
	for (size_t i = 0; i < roll->nnew; i++) {
		size_t idx = roll->new_[i];
		if (r->k[idx].key != NULL) {
			continue;
		}
		sgn_err_t err = st->dry_run ? SGN_OK : generate_one(r, idx, now, diag);
		if (err != SGN_OK) {
			return err;
		}
		st->dirty[idx] = true;
		sgn__step_note(st, "generated %s (%s)", st->dry_run ? "a key" : r->k[idx].v.basename,
		               sgn_role_name(r->k[idx].v.role));
	}
	link_keys(r, roll, st);
	for (size_t j = 0; j < roll->nold; j++) {
		struct sgn__rkey *o = &r->k[roll->old[j]];
		if (o->v.goal_omnipresent) {
			o->v.goal_omnipresent = false;
			st->dirty[roll->old[j]] = true;
		}
	}
	roll->started = true;
	return SGN_OK;
}

sgn_err_t sgn__step_write(sgn_rollover_t *r, const struct sgn__step *st, sgn_diag_t *diag)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; err == SGN_OK && i < r->n; i++) {
		struct sgn__rkey *k = &r->k[i];
		if (!st->dirty[i] || k->key == NULL || k->removed) {
			continue;
		}
		char path[4096 + 300];
		sgn_buf_t text;
		sgn_buf_init(&text);
		err = sgn_key_update_bind_times(k->key, r->dir, diag);
		if (err == SGN_OK) {
			k->sf.lifetime = k->v.lifetime;
			err = sgn__statefile_format(k, r->zone, &text);
		}
		if (err == SGN_OK) {
			snprintf(path, sizeof(path), "%s/%s.state", r->dir, k->v.basename);
			err = sgn_outfile_write_all(path, text.data, text.len, 0644, 0, diag);
		}
		sgn_buf_release(&text);
	}
	return err;
}

sgn_err_t sgn__step_purge(sgn_rollover_t *r, size_t i, sgn_diag_t *diag)
{
	static const char *const ext[] = { ".key", ".private", ".state" };
	struct sgn__rkey *k = &r->k[i];
	for (size_t e = 0; e < ARRAY_LEN(ext); e++) {
		char path[4096 + 300];
		snprintf(path, sizeof(path), "%s/%s%s", r->dir, k->v.basename, ext[e]);
		if (unlink(path) != 0 && errno != ENOENT) {
			return sgn__diag_from_errno(diag, path, "cannot remove");
		}
	}
	k->removed = true;
	return SGN_OK;
}
