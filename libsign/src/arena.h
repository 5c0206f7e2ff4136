/* SPDX-License-Identifier: MIT */
/* Region allocator (Unbound's `regional` idea): many small allocations, freed all at once.
 * The zone model lives in one; each worker has its own for what it creates. Not for
 * secrets. Not thread-safe: one arena per thread. */
#ifndef SGN_ARENA_H
#define SGN_ARENA_H

#include "internal.h"

struct sgn__arena_block;

typedef struct sgn__arena {
	struct sgn__arena_block *head;
	size_t block_size;
	size_t total;         /* bytes handed out, for statistics */
} sgn__arena_t;

void sgn__arena_init(sgn__arena_t *a, size_t block_size) SGN_INTERNAL;
/* Free every block. The arena is empty and reusable afterwards. */
void sgn__arena_release(sgn__arena_t *a) SGN_INTERNAL;
/* Forget everything allocated but keep one block for reuse (a per-chunk scratch arena). */
void sgn__arena_reset(sgn__arena_t *a) SGN_INTERNAL;
/* @p n bytes aligned to 8; NULL when out of memory. */
void *sgn__arena_alloc(sgn__arena_t *a, size_t n) SGN_INTERNAL;
/* Copy @p n bytes into the arena. */
void *sgn__arena_dup(sgn__arena_t *a, const void *p, size_t n) SGN_INTERNAL;
/* Move all blocks of @p from into @p to (both must use compatible lifetimes). */
void sgn__arena_merge(sgn__arena_t *to, sgn__arena_t *from) SGN_INTERNAL;

#endif
