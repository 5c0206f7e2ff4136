/* SPDX-License-Identifier: MIT */
/* The zone object and the entries it is loaded from: made and freed, file names kept once,
 * one RR made into an entry (owner lower-cased, RDATA canonical and checked) and hung on
 * its owner's node. Both readers (zone_load.c, zone_load_par.c) build on these. */
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/name.h>

#include "zone_internal.h"

#define ZONE_ARENA_BLOCK (1024 * 1024)

/* Remember each file name once; entries refer to it by index. */
sgn_err_t sgn__zone_file_index(sgn_zone_t *z, const char *file, uint16_t *idx)
{
	for (size_t i = z->nfiles; i > 0; i--) {
		if (strcmp(z->files[i - 1], file) == 0) {
			*idx = (uint16_t)(i - 1);
			return SGN_OK;
		}
	}
	if (z->nfiles >= 65535) {
		return SGN_ELIMIT;
	}
	if (sgn__grow(&z->files, &z->filecap, z->nfiles + 1, sizeof(*z->files), 4) != SGN_OK) {
		return SGN_ENOMEM;
	}
	if ((z->files[z->nfiles] = strdup(file)) == NULL) {
		return SGN_ENOMEM;
	}
	*idx = (uint16_t)z->nfiles++;
	return SGN_OK;
}

/* One RR as an entry (owner lower-cased, RDATA canonical: RFC 4034 §6.2), refused unless
 * its class is IN. Pure: the parallel reader makes entries on its workers. */
sgn_err_t sgn__zone_entry(struct sgn__entry_store *store, const sgn_rr_t *rr, const char *file,
                          unsigned long line, uint16_t fidx, uint8_t *owner, bool *n3,
                          struct sgn__rr_entry **out, sgn_diag_t *diag)
{
	size_t olen = sgn_name_len(rr->owner, SGN_NAME_MAX);
	if (rr->rclass != SGN_CLASS_IN) {
		return sgn_diag_set(diag, SGN_EZONE, file, line, "class %u is not supported, only IN",
		                    rr->rclass);
	}
	memcpy(owner, rr->owner, olen);
	sgn_name_lower(owner);
	/* NSEC3 records and their RRSIGs belong to the NSEC3 name space. */
	*n3 = rr->type == SGN_TYPE_NSEC3 ||
	      (rr->type == SGN_TYPE_RRSIG && rr->rdlen >= 2 && sgn__get16(rr->rdata) == SGN_TYPE_NSEC3);
	struct sgn__rr_entry *e = sgn__store_alloc(store, sizeof(*e) + rr->rdlen);
	if (e == NULL) {
		return SGN_ENOMEM;
	}
	e->next = NULL;
	e->ttl = rr->ttl;
	e->type = rr->type;
	e->rdlen = rr->rdlen;
	e->line = (uint32_t)line;
	e->file = fidx;
	memcpy(e->rdata, rr->rdata, rr->rdlen);
	if (sgn_rdata_canonicalize(rr->type, e->rdata, e->rdlen) != SGN_OK) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "malformed RDATA");
	}
	*out = e;
	return SGN_OK;
}

sgn_err_t sgn__zone_link(sgn_zone_t *z, const uint8_t *owner, bool n3, struct sgn__rr_entry *e,
                         sgn_node_t **last)
{
	size_t olen = sgn_name_len(owner, SGN_NAME_MAX);
	sgn_node_t *node = *last;
	if (n3 || node == NULL || node->kind == SGN_NODE_NSEC3 || node->namelen != olen ||
	    memcmp(node->name, owner, olen) != 0) {
		sgn_err_t err = n3 ? sgn__zone_intern3(z, owner, &node) : sgn__zone_intern(z, owner, &node);
		if (err != SGN_OK) {
			return err;
		}
		if (!n3) {
			*last = node;
		}
	}
	if (node->line == 0) {
		node->line = e->line;
		node->file = e->file;
	}
	if (e->type == SGN_TYPE_SOA) {
		node->flags |= SGN__NODE_HAS_SOA;
	}
	e->next = node->entries;
	node->entries = e;
	return SGN_OK;
}

/* A DS whose digest or a DNSKEY whose key does not fit its type would be signed and
 * published as if it were fine: refuse it where it is written. */
sgn_err_t sgn__zone_check_dnssec(const sgn_rr_t *rr, const char *file, unsigned long line,
                                sgn_diag_t *diag)
{
	char why[128], tbuf[SGN_TYPE_STR_MAX];
	sgn_err_t err = SGN_OK;
	if (rr->type == SGN_TYPE_DS || rr->type == SGN_TYPE_CDS) {
		err = sgn_alg_check_ds(why, sizeof(why), rr->rdata, rr->rdlen);
	} else if (rr->type == SGN_TYPE_DNSKEY || rr->type == SGN_TYPE_CDNSKEY) {
		err = sgn_alg_check_dnskey(why, sizeof(why), rr->rdata, rr->rdlen, false);
	}
	if (err == SGN_EPARSE) {
		return sgn_diag_set(diag, err, file, line, "malformed %s: %s",
		                    sgn_type_to_str(tbuf, rr->type), why);
	}
	return err;
}

void sgn_zone_opts_init(sgn_zone_opts_t *opts)
{
	memset(opts, 0, sizeof(*opts));
}

void sgn_zone_free(sgn_zone_t *zone)
{
	if (zone == NULL) {
		return;
	}
	sgn__arena_release(&zone->arena);
	sgn__store_release(&zone->loaded);
	free(zone->nodes);
	free(zone->seq);
	free(zone->n3nodes);
	free(zone->names.slots);
	free(zone->n3.slots);
	for (size_t i = 0; i < zone->nfiles; i++) {
		free(zone->files[i]);
	}
	free(zone->files);
	free(zone);
}

sgn_err_t sgn__zone_new(sgn_zone_t **out, const uint8_t *apex, bool partial)
{
	sgn_zone_t *z = calloc(1, sizeof(*z));
	*out = NULL;
	if (z == NULL) {
		return SGN_ENOMEM;
	}
	sgn__arena_init(&z->arena, partial ? 64 * 1024 : ZONE_ARENA_BLOCK);
	sgn__store_init(&z->loaded);
	z->partial = partial;
	if (apex != NULL) {
		memcpy(z->apex, apex, sgn_name_len(apex, SGN_NAME_MAX));
		sgn_name_lower(z->apex);
	}
	*out = z;
	return SGN_OK;
}

