/* SPDX-License-Identifier: MIT */
/* Where loaded entries live until the build has made them into RRsets: blocks that give
 * their memory back as soon as the last entry in them is done with, so that a zone being
 * built never holds its loaded form and its built form whole at once.
 *
 * Each block is aligned to its own size, so an entry finds its block's live count by
 * masking its address; an entry is always far smaller than a block (RDATA is at most
 * 65535 bytes), so none needs a block of its own. A block whose count falls to zero is
 * handed back with MADV_DONTNEED: its pages go, the mapping stays (and reads as zeros, a
 * count of zero) until the store is released. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "zone_internal.h"

#define STORE_BLOCK ((size_t)256 << 10)

struct store_head {
	uint32_t live; /* entries in the block not yet done with */
	uint32_t pad[3];
};

_Static_assert(sizeof(struct store_head) % 16 == 0, "entries after the head stay aligned");
_Static_assert(sizeof(struct store_head) + sizeof(struct sgn__rr_entry) + 65536 + 8 <= STORE_BLOCK,
               "any entry fits in an empty block");

void sgn__store_init(struct sgn__entry_store *s)
{
	memset(s, 0, sizeof(*s));
}

/* A block aligned to its size: twice that mapped, the ends unmapped. */
static uint8_t *block_map(void)
{
	uint8_t *p = mmap(NULL, 2 * STORE_BLOCK, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
	                  -1, 0);
	if (p == MAP_FAILED) {
		return NULL;
	}
	uint8_t *b = (uint8_t *)(((uintptr_t)p + STORE_BLOCK - 1) & ~(uintptr_t)(STORE_BLOCK - 1));
	if (b > p) {
		munmap(p, (size_t)(b - p));
	}
	munmap(b + STORE_BLOCK, (size_t)(p + STORE_BLOCK - b));
	return b;
}

void *sgn__store_alloc(struct sgn__entry_store *s, size_t n)
{
	size_t need = (n + 7) & ~(size_t)7;
	if (n > STORE_BLOCK - sizeof(struct store_head)) {
		return NULL;
	}
	if (s->cur == NULL || STORE_BLOCK - s->used < need) {
		if (sgn__grow(&s->blocks, &s->cap, s->nblocks + 1, sizeof(*s->blocks), 64) != SGN_OK) {
			return NULL;
		}
		uint8_t *b = block_map();
		if (b == NULL) {
			return NULL;
		}
		s->blocks[s->nblocks++] = b;
		s->cur = b;
		s->used = sizeof(struct store_head);
	}
	void *p = s->cur + s->used;
	s->used += need;
	((struct store_head *)(void *)s->cur)->live++;
	return p;
}

static struct store_head *head_of(const void *p)
{
	return (struct store_head *)((uintptr_t)p & ~(uintptr_t)(STORE_BLOCK - 1));
}

bool sgn__store_same_block(const void *a, const void *b)
{
	return head_of(a) == head_of(b);
}

void sgn__store_done(const void *p, size_t n)
{
	struct store_head *h = head_of(p);
	if (__atomic_sub_fetch(&h->live, (uint32_t)n, __ATOMIC_ACQ_REL) == 0) {
		madvise(h, STORE_BLOCK, MADV_DONTNEED);
	}
}

sgn_err_t sgn__store_merge(struct sgn__entry_store *to, struct sgn__entry_store *from)
{
	if (from->nblocks == 0) {
		return SGN_OK;
	}
	if (sgn__grow(&to->blocks, &to->cap, to->nblocks + from->nblocks, sizeof(*to->blocks),
	              64) != SGN_OK) {
		return SGN_ENOMEM; /* `from` keeps them */
	}
	memcpy(to->blocks + to->nblocks, from->blocks, from->nblocks * sizeof(*from->blocks));
	to->nblocks += from->nblocks;
	free(from->blocks);
	sgn__store_init(from);
	return SGN_OK;
}

void sgn__store_release(struct sgn__entry_store *s)
{
	for (size_t i = 0; i < s->nblocks; i++) {
		munmap(s->blocks[i], STORE_BLOCK);
	}
	free(s->blocks);
	sgn__store_init(s);
}
