/* SPDX-License-Identifier: MIT */
/* Canonical order of the zone's names (RFC 4034 §6.1): sort keys, the full sort, and the
 * hinted sort the builder uses, since zone files mostly list names in order already. */
#include <stdlib.h>
#include <string.h>

#include <libsign/name.h>

#include "../pool/pool.h"
#include "zone_internal.h"

size_t sgn__name_sort_key(const uint8_t *name, uint8_t *key)
{
	uint8_t off[128];
	unsigned n = 0;
	for (unsigned i = 0; name[i] != 0 && n < 128; i += 1u + name[i]) {
		off[n++] = (uint8_t)i;
	}
	size_t k = 0;
	while (n > 0) {
		const uint8_t *l = name + off[--n];
		for (unsigned i = 1; i <= l[0]; i++) {
			uint8_t c = l[i];
			/* 0x00 ends a label; 0x00 and 0x01 inside one become 0x01 0x00/0x01 0x01,
			 * which keeps byte order and makes a shorter label sort first. */
			if (c <= 1) {
				key[k++] = 1;
			}
			key[k++] = c;
		}
		key[k++] = 0;
	}
	return k;
}

int sgn__node_cmp(const void *a, const void *b)
{
	const sgn_node_t *x = *(sgn_node_t *const *)a, *y = *(sgn_node_t *const *)b;
	return sgn_name_compare(x->name, y->name);
}

struct keyed {
	const uint8_t *key;
	size_t len;
	sgn_node_t *node;
};

static int keyed_cmp(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(x->key, y->key, n);
	return c != 0 ? c : (x->len > y->len) - (x->len < y->len);
}

sgn_err_t sgn__nodes_sort(sgn_node_t **nodes, size_t n)
{
	if (n < 2) {
		return SGN_OK;
	}
	struct keyed *k = malloc(n * sizeof(*k));
	sgn__arena_t keys;
	sgn__arena_init(&keys, 1024 * 1024);
	sgn_err_t err = k != NULL ? SGN_OK : SGN_ENOMEM;
	for (size_t i = 0; err == SGN_OK && i < n; i++) {
		uint8_t buf[2 * SGN_NAME_MAX];
		k[i].len = sgn__name_sort_key(nodes[i]->name, buf);
		k[i].key = sgn__arena_dup(&keys, buf, k[i].len);
		k[i].node = nodes[i];
		if (k[i].key == NULL) {
			err = SGN_ENOMEM;
		}
	}
	if (err == SGN_OK) {
		qsort(k, n, sizeof(*k), keyed_cmp);
		for (size_t i = 0; i < n; i++) {
			nodes[i] = k[i].node;
		}
	}
	sgn__arena_release(&keys);
	free(k);
	return err;
}

/* Where the order first breaks in ranges of the array, looked for on the pool. */
struct sorted_upto {
	sgn_node_t **nodes;
	size_t n, nparts;
	size_t *stop; /* per range: the first i with nodes[i - 1] >= nodes[i], or SIZE_MAX */
};

static sgn_err_t sorted_job(void *ctx, unsigned worker, size_t job)
{
	struct sorted_upto *s = ctx;
	SGN_UNUSED(worker);
	size_t lo = s->n * job / s->nparts, hi = s->n * (job + 1) / s->nparts;
	s->stop[job] = SIZE_MAX;
	for (size_t i = lo > 0 ? lo : 1; i < hi; i++) {
		if (sgn_name_compare(s->nodes[i - 1]->name, s->nodes[i]->name) >= 0) {
			s->stop[job] = i;
			break;
		}
	}
	return SGN_OK;
}

/* The length of the longest sorted prefix. */
static sgn_err_t sorted_prefix(sgn_node_t **nodes, size_t n, unsigned threads, size_t *p)
{
	struct sorted_upto s = { nodes, n, sgn__zone_ranges(threads, n), NULL };
	s.stop = malloc(s.nparts * sizeof(*s.stop));
	if (s.stop == NULL) {
		return SGN_ENOMEM;
	}
	sgn_err_t err = s.nparts > 1 ? sgn__pool_run(threads, s.nparts, sorted_job, &s)
	                             : sorted_job(&s, 0, 0);
	*p = n > 0 ? n : 1;
	for (size_t k = 0; err == SGN_OK && k < s.nparts; k++) {
		if (s.stop[k] != SIZE_MAX) {
			*p = s.stop[k];
			break;
		}
	}
	free(s.stop);
	return err;
}

sgn_err_t sgn__nodes_sort_hinted(sgn_node_t **nodes, size_t n, unsigned threads)
{
	size_t p;
	sgn_err_t err = sorted_prefix(nodes, n, threads, &p);
	if (err != SGN_OK || p >= n) {
		return err;
	}
	err = sgn__nodes_sort(nodes + p, n - p);
	/* Merged from the back, with only the sorted rest set aside: the prefix is most of
	 * the array, and this runs where the built zone is at its largest. */
	size_t m = n - p;
	sgn_node_t **rest = err == SGN_OK ? malloc(m * sizeof(*rest)) : NULL;
	if (err == SGN_OK && rest == NULL) {
		err = SGN_ENOMEM;
	}
	if (err == SGN_OK) {
		memcpy(rest, nodes + p, m * sizeof(*rest));
		for (size_t i = p, j = m, k = n; j > 0; k--) {
			bool left = i > 0 && sgn_name_compare(nodes[i - 1]->name, rest[j - 1]->name) > 0;
			nodes[k - 1] = left ? nodes[--i] : rest[--j];
		}
	}
	free(rest);
	return err;
}
