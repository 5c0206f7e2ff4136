/* SPDX-License-Identifier: MIT */
/* The ldns seam for RDATA text of types without a libsign descriptor (LOC, WKS, APL,
 * IPSECKEY, SVCB, ...): libsign's own parser handles every type it signs or validates,
 * ldns the long tail. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ldns/ldns.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "text_internal.h"

sgn_err_t sgn__ldns_rdata_from_str(uint16_t type, const char *text, const uint8_t *origin,
                                   sgn_buf_t *out, char msg[SGN__MSG_MAX])
{
	char otext[SGN_NAME_STR_MAX], tbuf[SGN_TYPE_STR_MAX];
	ldns_rdf *orig = NULL;
	ldns_rr *rr = NULL;
	ldns_buffer *wire = NULL;
	sgn_err_t err = SGN_EPARSE;
	static const uint8_t root[1] = { 0 };

	if (sgn_name_to_str(otext, sizeof(otext), origin != NULL ? origin : root) != SGN_OK ||
	    ldns_str2rdf_dname(&orig, otext) != LDNS_STATUS_OK) {
		snprintf(msg, SGN__MSG_MAX, "bad origin");
		goto out;
	}
	/* A fixed owner and TTL: only the RDATA is taken from ldns's result. */
	size_t n = strlen(text) + 64;
	char *line = malloc(n);
	if (line == NULL) {
		err = SGN_ENOMEM;
		goto out;
	}
	snprintf(line, n, ". 0 IN %s %s", sgn_type_to_str(tbuf, type), text);
	ldns_status st = ldns_rr_new_frm_str(&rr, line, 0, orig, NULL);
	free(line);
	if (st != LDNS_STATUS_OK) {
		snprintf(msg, SGN__MSG_MAX, "bad %s RDATA: %s", tbuf, ldns_get_errorstr_by_id(st));
		goto out;
	}
	wire = ldns_buffer_new(512);
	if (wire == NULL) {
		err = SGN_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < ldns_rr_rd_count(rr); i++) {
		if (ldns_rdf2buffer_wire(wire, ldns_rr_rdf(rr, i)) != LDNS_STATUS_OK) {
			snprintf(msg, SGN__MSG_MAX, "cannot encode %s RDATA", tbuf);
			goto out;
		}
	}
	err = sgn_buf_append(out, ldns_buffer_begin(wire), ldns_buffer_position(wire));
out:
	ldns_buffer_free(wire);
	ldns_rr_free(rr);
	ldns_rdf_deep_free(orig);
	return err;
}

sgn_err_t sgn__ldns_rdata_to_str(sgn_buf_t *out, uint16_t type, const uint8_t *rdata, size_t len)
{
	/* Build a minimal wire RR (root owner) for ldns to parse, then print its RDATA. */
	uint8_t *wire = malloc(len + 11);
	ldns_rr *rr = NULL;
	ldns_buffer *text = NULL;
	size_t pos = 0;
	sgn_err_t err = SGN_EPARSE;
	if (wire == NULL) {
		return SGN_ENOMEM;
	}
	wire[0] = 0;
	sgn__put16(wire + 1, type);
	sgn__put16(wire + 3, SGN_CLASS_IN);
	sgn__put32(wire + 5, 0);
	sgn__put16(wire + 9, (uint16_t)len);
	memcpy(wire + 11, rdata, len);
	if (ldns_wire2rr(&rr, wire, len + 11, &pos, LDNS_SECTION_ANSWER) != LDNS_STATUS_OK ||
	    pos != len + 11 || (text = ldns_buffer_new(256)) == NULL) {
		goto out;
	}
	for (size_t i = 0; i < ldns_rr_rd_count(rr); i++) {
		if (i > 0) {
			ldns_buffer_printf(text, " ");
		}
		if (ldns_rdf2buffer_str(text, ldns_rr_rdf(rr, i)) != LDNS_STATUS_OK) {
			goto out;
		}
	}
	if (ldns_buffer_status_ok(text)) {
		err = sgn_buf_append(out, ldns_buffer_begin(text), ldns_buffer_position(text));
		if (err == SGN_OK) {
			err = sgn_buf_reserve(out, 1);
			if (err == SGN_OK) {
				out->data[out->len] = '\0';
			}
		}
	}
out:
	ldns_buffer_free(text);
	ldns_rr_free(rr);
	free(wire);
	return err;
}
