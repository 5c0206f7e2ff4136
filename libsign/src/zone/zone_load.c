/* SPDX-License-Identifier: MIT */
/* Loading zone text into the zone model: every RR canonicalised once, stored in the arena
 * and hung on its owner's node (found through the name index, zone_index.c, or the
 * previous RR's node, since zone files mostly keep an owner's records together). */
#include <stdlib.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/name.h>
#include <libsign/text.h>

#include "zone_internal.h"

#define ZONE_ARENA_BLOCK (1024 * 1024)

/* Remember each file name once; entries refer to it by index. */
static sgn_err_t file_index(sgn_zone_t *z, const char *file, uint16_t *idx)
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
	char **f = realloc(z->files, (z->nfiles + 1) * sizeof(*f));
	if (f == NULL) {
		return SGN_ENOMEM;
	}
	z->files = f;
	if ((f[z->nfiles] = strdup(file)) == NULL) {
		return SGN_ENOMEM;
	}
	*idx = (uint16_t)z->nfiles++;
	return SGN_OK;
}

/* Store one RR: owner lower-cased, RDATA canonical (RFC 4034 §6.2). */
static sgn_err_t add_rr(sgn_zone_t *z, const sgn_rr_t *rr, const char *file, unsigned long line,
                        sgn_node_t **last, sgn_diag_t *diag)
{
	uint8_t owner[SGN_NAME_MAX];
	size_t olen = sgn_name_len(rr->owner, SGN_NAME_MAX);
	if (rr->rclass != SGN_CLASS_IN) {
		return sgn_diag_set(diag, SGN_EZONE, file, line, "class %u is not supported, only IN",
		                    rr->rclass);
	}
	memcpy(owner, rr->owner, olen);
	sgn_name_lower(owner);
	/* NSEC3 records and their RRSIGs belong to the NSEC3 name space. */
	bool n3 = rr->type == SGN_TYPE_NSEC3 ||
	          (rr->type == SGN_TYPE_RRSIG && rr->rdlen >= 2 && sgn__get16(rr->rdata) == SGN_TYPE_NSEC3);
	sgn_node_t *node = *last;
	if (n3 || node == NULL || node->kind == SGN_NODE_NSEC3 || node->namelen != olen ||
	    memcmp(node->name, owner, olen) != 0) {
		sgn_err_t err = n3 ? sgn__ntable_intern(&z->n3, &z->arena, owner, &node)
		                   : sgn__zone_intern(z, owner, &node);
		if (err != SGN_OK) {
			return err;
		}
		if (n3) {
			node->kind = SGN_NODE_NSEC3;
		} else {
			*last = node;
		}
	}
	struct sgn__rr_entry *e = sgn__arena_alloc(&z->arena, sizeof(*e) + rr->rdlen);
	if (e == NULL) {
		return SGN_ENOMEM;
	}
	uint16_t fidx;
	sgn_err_t err = file_index(z, file, &fidx);
	if (err != SGN_OK) {
		return err;
	}
	e->ttl = rr->ttl;
	e->type = rr->type;
	e->rdlen = rr->rdlen;
	e->line = (uint32_t)line;
	e->file = fidx;
	memcpy(e->rdata, rr->rdata, rr->rdlen);
	if (sgn_rdata_canonicalize(rr->type, e->rdata, e->rdlen) != SGN_OK) {
		return sgn_diag_set(diag, SGN_EPARSE, file, line, "malformed RDATA");
	}
	if (node->line == 0) {
		node->line = (uint32_t)line;
		node->file = fidx;
	}
	e->next = node->entries;
	node->entries = e;
	return SGN_OK;
}

/* A DS whose digest or a DNSKEY whose key does not fit its type would be signed and
 * published as if it were fine: refuse it where it is written. */
static sgn_err_t check_dnssec_rdata(const sgn_rr_t *rr, const char *file, unsigned long line,
                                    sgn_diag_t *diag)
{
	char why[128], tbuf[SGN_TYPE_STR_MAX];
	sgn_err_t err = SGN_OK;
	if (rr->type == SGN_TYPE_DS || rr->type == SGN_TYPE_CDS) {
		err = sgn_alg_check_ds(rr->rdata, rr->rdlen, why, sizeof(why));
	} else if (rr->type == SGN_TYPE_DNSKEY || rr->type == SGN_TYPE_CDNSKEY) {
		err = sgn_alg_check_dnskey(rr->rdata, rr->rdlen, false, why, sizeof(why));
	}
	if (err == SGN_EPARSE) {
		return sgn_diag_set(diag, err, file, line, "malformed %s: %s",
		                    sgn_type_to_str(rr->type, tbuf), why);
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
	free(zone->nodes);
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
	z->partial = partial;
	if (apex != NULL) {
		memcpy(z->apex, apex, sgn_name_len(apex, SGN_NAME_MAX));
		sgn_name_lower(z->apex);
	}
	*out = z;
	return SGN_OK;
}

sgn_err_t sgn__zone_add_rr(sgn_zone_t *z, const sgn_rr_t *rr, const char *file, unsigned long line,
                           sgn_diag_t *diag)
{
	return add_rr(z, rr, file, line, &z->last, diag);
}

sgn_err_t sgn__zone_finish(sgn_zone_t *z, const sgn_zone_opts_t *opts, sgn_diag_t *diag)
{
	sgn_zone_opts_t defaults;
	if (opts == NULL) {
		sgn_zone_opts_init(&defaults);
		opts = &defaults;
	}
	return sgn__zone_build(z, opts, diag);
}

sgn_err_t sgn_zone_load(sgn_zone_t **out, const char *path, const sgn_zone_opts_t *opts,
                        sgn_diag_t *diag)
{
	sgn_zone_opts_t defaults;
	sgn_zonefile_opts_t zopts;
	sgn_zonefile_t *zf = NULL;
	sgn_zone_t *z;
	sgn_rr_t rr;
	*out = NULL;
	if (opts == NULL) {
		sgn_zone_opts_init(&defaults);
		opts = &defaults;
	}
	sgn_err_t err = sgn__zone_new(&z, opts->origin, false);
	if (err != SGN_OK) {
		return err;
	}
	sgn_zonefile_opts_init(&zopts);
	zopts.origin = opts->origin;
	zopts.no_include = opts->no_include;
	zopts.no_generate = opts->no_generate;
	zopts.include_confine = opts->include_confine;
	if (opts->max_generate != 0) {
		zopts.max_generate = opts->max_generate;
	}
	err = sgn_zonefile_open(&zf, path, &zopts, diag);
	size_t nrr = 0;
	while (err == SGN_OK && (err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		nrr++;
		const char *file;
		unsigned long line;
		sgn_zonefile_location(zf, &file, &line);
		err = opts->lenient_dnssec ? SGN_OK : check_dnssec_rdata(&rr, file, line, diag);
		if (err == SGN_OK) {
			err = add_rr(z, &rr, file, line, &z->last, diag);
		}
	}
	sgn_zonefile_free(zf);
	if (err == SGN_ENOTFOUND && nrr == 0) {
		/* Nothing to build a zone from: unreadable input, not a zone that breaks a rule. */
		err = sgn_diag_set(diag, SGN_EPARSE, strcmp(path, "-") == 0 ? "<stdin>" : path, 0,
		                   "no records, so no SOA record (an empty zone file)");
	} else if (err == SGN_ENOTFOUND) {
		err = sgn__zone_build(z, opts, diag);
	}
	if (err != SGN_OK) {
		sgn_zone_free(z);
		return err;
	}
	*out = z;
	return SGN_OK;
}
