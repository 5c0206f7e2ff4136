/* SPDX-License-Identifier: MIT */
/* Region allocator: bump allocation in large blocks, freed together. */
#include <stdlib.h>
#include <string.h>

#include "arena.h"

struct sgn__arena_block {
	struct sgn__arena_block *next;
	size_t used, size;
	_Alignas(16) uint8_t data[];
};

void sgn__arena_init(sgn__arena_t *a, size_t block_size)
{
	a->head = NULL;
	a->block_size = block_size > 0 ? block_size : 256 * 1024;
	a->total = 0;
}

void sgn__arena_release(sgn__arena_t *a)
{
	struct sgn__arena_block *b = a->head;
	while (b != NULL) {
		struct sgn__arena_block *next = b->next;
		free(b);
		b = next;
	}
	a->head = NULL;
	a->total = 0;
}

void sgn__arena_reset(sgn__arena_t *a)
{
	struct sgn__arena_block *keep = a->head;
	if (keep == NULL) {
		return;
	}
	struct sgn__arena_block *b = keep->next;
	while (b != NULL) {
		struct sgn__arena_block *next = b->next;
		free(b);
		b = next;
	}
	keep->next = NULL;
	keep->used = 0;
	a->total = 0;
}

void *sgn__arena_alloc(sgn__arena_t *a, size_t n)
{
	size_t need = (n + 7) & ~(size_t)7;
	struct sgn__arena_block *b = a->head;
	if (need < n) {
		return NULL;
	}
	if (b == NULL || b->size - b->used < need) {
		/* Large requests get a block of their own, placed behind the current one so the
		 * current block's free space is not wasted. */
		size_t size = need > a->block_size / 4 ? need : a->block_size;
		struct sgn__arena_block *nb = malloc(sizeof(*nb) + size);
		if (nb == NULL) {
			return NULL;
		}
		nb->used = 0;
		nb->size = size;
		if (b != NULL && size == need) {
			nb->next = b->next;
			b->next = nb;
		} else {
			nb->next = b;
			a->head = nb;
		}
		b = nb;
	}
	void *p = b->data + b->used;
	b->used += need;
	a->total += need;
	return p;
}

void *sgn__arena_dup(sgn__arena_t *a, const void *p, size_t n)
{
	void *q = sgn__arena_alloc(a, n);
	if (q != NULL && n > 0) {
		memcpy(q, p, n);
	}
	return q;
}

void sgn__arena_merge(sgn__arena_t *to, sgn__arena_t *from)
{
	if (from->head == NULL) {
		return;
	}
	struct sgn__arena_block *tail = from->head;
	while (tail->next != NULL) {
		tail = tail->next;
	}
	/* Keep `to`'s current block first so its free space stays in use. */
	if (to->head != NULL) {
		tail->next = to->head->next;
		to->head->next = from->head;
	} else {
		to->head = from->head;
	}
	to->total += from->total;
	from->head = NULL;
	from->total = 0;
}
