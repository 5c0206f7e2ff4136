/* SPDX-License-Identifier: MIT */
/* The zone's name index: an open-addressing hash table from wire-form owner name to
 * node, with the nodes themselves allocated in the zone's arena. */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>

#include "zone_internal.h"

uint32_t sgn__name_hash(const uint8_t *name, size_t len)
{
	uint32_t h = 2166136261u; /* FNV-1a */
	for (size_t i = 0; i < len; i++) {
		h = (h ^ name[i]) * 16777619u;
	}
	return h;
}

static bool node_is(const sgn_node_t *n, const uint8_t *name, size_t len, uint32_t h)
{
	return n->hash == h && n->namelen == len && memcmp(n->name, name, len) == 0;
}

sgn_node_t *sgn__ntable_lookup(const struct sgn__ntable *t, const uint8_t *name)
{
	size_t len = sgn_name_len(name, SGN_NAME_MAX);
	if (t->size == 0 || len == 0) {
		return NULL;
	}
	uint32_t h = sgn__name_hash(name, len);
	for (size_t i = h & (t->size - 1);; i = (i + 1) & (t->size - 1)) {
		sgn_node_t *n = t->slots[i];
		if (n == NULL) {
			return NULL;
		}
		if (node_is(n, name, len, h)) {
			return n;
		}
	}
}

static sgn_err_t table_grow(struct sgn__ntable *t)
{
	size_t size = t->size ? t->size * 2 : 1024;
	sgn_node_t **slots = calloc(size, sizeof(*slots));
	if (slots == NULL) {
		return SGN_ENOMEM;
	}
	for (size_t i = 0; i < t->size; i++) {
		sgn_node_t *n = t->slots[i];
		if (n != NULL) {
			size_t j = n->hash & (size - 1);
			while (slots[j] != NULL) {
				j = (j + 1) & (size - 1);
			}
			slots[j] = n;
		}
	}
	free(t->slots);
	t->slots = slots;
	t->size = size;
	return SGN_OK;
}

sgn_err_t sgn__ntable_intern(struct sgn__ntable *t, sgn__arena_t *arena, const uint8_t *name,
                             sgn_node_t **out)
{
	size_t len = sgn_name_len(name, SGN_NAME_MAX);
	if (len == 0) {
		return SGN_EINVAL;
	}
	/* Linear probing stays short up to three quarters full (2.5 probes on a hit). */
	if ((t->used + 1) * 4 > t->size * 3 && table_grow(t) != SGN_OK) {
		return SGN_ENOMEM;
	}
	uint32_t h = sgn__name_hash(name, len);
	size_t i = h & (t->size - 1);
	for (; t->slots[i] != NULL; i = (i + 1) & (t->size - 1)) {
		if (node_is(t->slots[i], name, len, h)) {
			*out = t->slots[i];
			return SGN_OK;
		}
	}
	sgn_node_t *n = sgn__arena_alloc(arena, SGN__NODE_SIZE(len));
	if (n == NULL) {
		return SGN_ENOMEM;
	}
	memset(n, 0, sizeof(*n));
	memcpy(n->name, name, len);
	n->namelen = (uint8_t)len;
	n->hash = h;
	n->kind = SGN_NODE_AUTH;
	t->slots[i] = n;
	t->used++;
	*out = n;
	return SGN_OK;
}

sgn_node_t *sgn__zone_lookup(const sgn_zone_t *z, const uint8_t *name)
{
	return sgn__ntable_lookup(&z->names, name);
}

/* Find or make a node in table @p t; before the build, a new one is also put in z->seq,
 * the order names come in: the build's and the sort's. */
static sgn_err_t zone_intern(sgn_zone_t *z, struct sgn__ntable *t, const uint8_t *name,
                             sgn_node_t **out)
{
	size_t used = t->used;
	sgn_err_t err = sgn__ntable_intern(t, &z->arena, name, out);
	if (err == SGN_OK && t->used != used && z->nodes == NULL &&
	    (err = sgn__grow(&z->seq, &z->seqcap, z->nseq + 1, sizeof(*z->seq), 1024)) == SGN_OK) {
		z->seq[z->nseq++] = *out;
	}
	return err;
}

sgn_err_t sgn__zone_intern(sgn_zone_t *z, const uint8_t *name, sgn_node_t **out)
{
	return zone_intern(z, &z->names, name, out);
}

sgn_err_t sgn__zone_intern3(sgn_zone_t *z, const uint8_t *name, sgn_node_t **out)
{
	sgn_err_t err = zone_intern(z, &z->n3, name, out);
	if (err == SGN_OK) {
		(*out)->kind = SGN_NODE_NSEC3;
	}
	return err;
}

sgn_err_t sgn__ntable_put(struct sgn__ntable *t, sgn_node_t *node)
{
	if ((t->used + 1) * 4 > t->size * 3 && table_grow(t) != SGN_OK) {
		return SGN_ENOMEM;
	}
	size_t i = node->hash & (t->size - 1);
	while (t->slots[i] != NULL) {
		if (t->slots[i] == node) {
			return SGN_OK;
		}
		i = (i + 1) & (t->size - 1);
	}
	t->slots[i] = node;
	t->used++;
	return SGN_OK;
}

/* Linear probing without tombstones: after emptying a slot, move back every later entry
 * of the run that would no longer be found (Knuth's algorithm R). */
void sgn__ntable_remove(struct sgn__ntable *t, const sgn_node_t *node)
{
	if (t->size == 0) {
		return;
	}
	size_t mask = t->size - 1, i = node->hash & mask;
	while (t->slots[i] != node) {
		if (t->slots[i] == NULL) {
			return;
		}
		i = (i + 1) & mask;
	}
	t->slots[i] = NULL;
	t->used--;
	for (size_t j = (i + 1) & mask; t->slots[j] != NULL; j = (j + 1) & mask) {
		size_t home = t->slots[j]->hash & mask;
		/* The entry at j may stay unless its home lies cyclically in (i, j]. */
		bool stays = i <= j ? (i < home && home <= j) : (i < home || home <= j);
		if (!stays) {
			t->slots[i] = t->slots[j];
			t->slots[j] = NULL;
			i = j;
		}
	}
}
