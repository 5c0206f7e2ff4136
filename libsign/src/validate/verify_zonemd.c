/* SPDX-License-Identifier: MIT */
/* Checking a zone's ZONEMD records (RFC 8976 §4): the zone verifies when one supported
 * ZONEMD's digest matches; duplicates of a scheme and hash pair make it fail. */
#include <string.h>

#include <libsign/rr.h>

#include "../zone/zonemd.h"
#include "verify.h"

sgn_err_t sgn__verify_zonemd(struct sgn__verifier *vf)
{
	const sgn_zone_t *z = vf->zone;
	const struct sgn__zrrset *zm = sgn__node_rrset(z->apex_node, SGN_TYPE_ZONEMD);
	const struct sgn__zrrset *soa = sgn__node_rrset(z->apex_node, SGN_TYPE_SOA);
	if (zm == NULL) {
		return SGN_OK;
	}
	const sgn_rdata_t *srd = &soa->v.rrset.rdata[0];
	uint32_t serial = sgn__get32(srd->data + srd->len - 20);
	size_t supported = 0, matched = 0;
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < zm->v.rrset.count && err == SGN_OK; i++) {
		const sgn_rdata_t *rd = &zm->v.rrset.rdata[i];
		if (rd->len < 6) {
			err = sgn__vfind(vf->out, SGN_FIND_ZONEMD_UNSUPPORTED, z->apex, SGN_TYPE_ZONEMD, -1, 0,
			                 0, "malformed ZONEMD");
			continue;
		}
		for (size_t j = 0; j < i; j++) {
			const sgn_rdata_t *o = &zm->v.rrset.rdata[j];
			if (o->len >= 6 && o->data[4] == rd->data[4] && o->data[5] == rd->data[5]) {
				err = sgn__vfind(vf->out, SGN_FIND_ZONEMD_DUPLICATE, z->apex, SGN_TYPE_ZONEMD, -1,
				                 0, 0, "scheme %u, hash algorithm %u", rd->data[4], rd->data[5]);
			}
		}
		size_t dlen = sgn__zonemd_digest_size(rd->data[5]);
		if (rd->data[4] != SGN__ZONEMD_SCHEME_SIMPLE || dlen == 0) {
			err = sgn__vfind(vf->out, SGN_FIND_ZONEMD_UNSUPPORTED, z->apex, SGN_TYPE_ZONEMD, -1, 0,
			                 0, "scheme %u, hash algorithm %u", rd->data[4], rd->data[5]);
			continue;
		}
		supported++;
		if (sgn__get32(rd->data) != serial) {
			err = sgn__vfind(vf->out, SGN_FIND_ZONEMD_SERIAL, z->apex, SGN_TYPE_ZONEMD, -1, 0, 0,
			                 "ZONEMD serial %u, SOA serial %u", sgn__get32(rd->data), serial);
			continue;
		}
		uint8_t digest[SGN__ZONEMD_DIGEST_MAX];
		size_t len = 0;
		err = sgn__zonemd_compute(z, rd->data[5], vf->nworkers, digest, &len);
		matched += err == SGN_OK && len == (size_t)rd->len - 6 && memcmp(digest, rd->data + 6, len) == 0;
	}
	if (err == SGN_OK && supported > 0 && matched == 0) {
		err = sgn__vfind(vf->out, SGN_FIND_ZONEMD_MISMATCH, z->apex, SGN_TYPE_ZONEMD, -1, 0, 0, NULL);
	}
	return err;
}
