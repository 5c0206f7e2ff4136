/* SPDX-License-Identifier: MIT */
/* Zone sets: the zones a chain is validated over, from zone files, a directory, or loose
 * records (a bundle, a live collection) sorted into partial zones by their signers. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>

#include "../zone/zone_internal.h"
#include "zoneset_internal.h"

sgn_err_t sgn_zoneset_new(sgn_zoneset_t **out)
{
	sgn_zoneset_t *zs = calloc(1, sizeof(*zs));
	*out = zs;
	if (zs == NULL) {
		return SGN_ENOMEM;
	}
	sgn__arena_init(&zs->arena, 64 * 1024);
	return SGN_OK;
}

void sgn_zoneset_free(sgn_zoneset_t *zs)
{
	if (zs == NULL) {
		return;
	}
	for (size_t i = 0; i < zs->n; i++) {
		sgn_zone_free(zs->zones[i]);
	}
	free(zs->zones);
	free(zs->pending);
	sgn__arena_release(&zs->arena);
	free(zs);
}

/* The first zone whose apex is not below @p apex in canonical order (binary search). */
static size_t lower_bound(const sgn_zoneset_t *zs, const uint8_t *apex)
{
	size_t lo = 0, hi = zs->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (sgn_name_compare(zs->zones[mid]->apex, apex) < 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

sgn_err_t sgn_zoneset_add_take(sgn_zoneset_t *zs, sgn_zone_t *zone)
{
	size_t pos = lower_bound(zs, zone->apex);
	if (pos < zs->n && sgn_name_equal(zs->zones[pos]->apex, zone->apex)) {
		sgn_zone_free(zone);
		return SGN_EEXIST;
	}
	if (sgn__grow(&zs->zones, &zs->cap, zs->n + 1, sizeof(*zs->zones), 8) != SGN_OK) {
		sgn_zone_free(zone);
		return SGN_ENOMEM;
	}
	memmove(zs->zones + pos + 1, zs->zones + pos, (zs->n - pos) * sizeof(*zs->zones));
	zs->zones[pos] = zone;
	zs->n++;
	return SGN_OK;
}

size_t sgn_zoneset_count(const sgn_zoneset_t *zs)
{
	return zs->n;
}

const sgn_zone_t *sgn_zoneset_get(const sgn_zoneset_t *zs, size_t i)
{
	return i < zs->n ? zs->zones[i] : NULL;
}

const sgn_zone_t *sgn_zoneset_find(const sgn_zoneset_t *zs, const uint8_t *name)
{
	/* The name and its ancestors, deepest first: one binary search each. */
	unsigned labels = sgn_name_labels(name);
	for (unsigned up = 0; up <= labels; up++) {
		const uint8_t *anc = sgn_name_strip(name, up);
		size_t i = lower_bound(zs, anc);
		if (i < zs->n && sgn_name_equal(zs->zones[i]->apex, anc)) {
			return zs->zones[i];
		}
	}
	return NULL;
}

static bool zone_file_name(const char *name, const void *arg)
{
	static const char *const suffixes[] = { ".zone", ".signed", ".db" };
	size_t n = strlen(name);
	(void)arg;
	if (name[0] == '.') {
		return false;
	}
	for (size_t i = 0; i < ARRAY_LEN(suffixes); i++) {
		size_t s = strlen(suffixes[i]);
		if (n > s && strcmp(name + n - s, suffixes[i]) == 0) {
			return true;
		}
	}
	return false;
}

sgn_err_t sgn_zoneset_load_dir(sgn_zoneset_t *zs, const char *dir, const sgn_zone_opts_t *opts,
                               sgn_diag_t *diag)
{
	char **names;
	size_t n;
	sgn_err_t err = sgn__dir_names(dir, zone_file_name, NULL, "cannot read zone directory",
	                               &names, &n, diag);
	for (size_t i = 0; i < n && err == SGN_OK; i++) {
		char path[4096];
		sgn_zone_t *zone;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		err = sgn__check_regular(path, diag);
		if (err == SGN_OK) {
			err = sgn_zone_load(&zone, path, opts, diag);
		}
		if (err == SGN_OK && (err = sgn_zoneset_add_take(zs, zone)) == SGN_EEXIST) {
			err = sgn_diag_set(diag, err, path, 0, "a second zone with the same apex");
		}
	}
	if (err == SGN_OK && n == 0) {
		err = sgn_diag_set(diag, SGN_ENOTFOUND, dir, 0, "no zone files (*.zone, *.signed, *.db)");
	}
	sgn__dir_names_free(names, n);
	return err;
}
