/* SPDX-License-Identifier: MIT */
/* The live source's transport through ldns: one question to one server, UDP or TCP, with
 * the DO bit and EDNS (1232 bytes), RD=0 for an authoritative server or RD=1 CD=1 for a
 * given one (which may be a recursive resolver: CD=1 makes a validating one hand over bogus
 * data for us to judge). Every RR of a complete answer goes to the collection; nothing here
 * judges the data. */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include <ldns/ldns.h>

#include <libsign/zoneset.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "live.h"

#define LIVE_EDNS_SIZE 1232 /* DNS flag day 2020: no IP fragmentation */

static bool pkt_matches(const ldns_pkt *p, const uint8_t *name, uint16_t type)
{
	const ldns_rr_list *q = ldns_pkt_question(p);
	const ldns_rr *rr =
	    q != NULL && ldns_rr_list_rr_count(q) == 1 ? ldns_rr_list_rr(q, 0) : NULL;
	const ldns_rdf *o = rr != NULL ? ldns_rr_owner(rr) : NULL;
	return o != NULL && ldns_pkt_qr(p) && ldns_rr_get_type(rr) == type &&
	       sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) == ldns_rdf_size(o) &&
	       sgn_name_equal(ldns_rdf_data(o), name);
}

static ldns_resolver *resolver_for(const struct sgn__lsrv *s, bool recursive, bool tcp,
                                   unsigned timeout_ms)
{
	ldns_resolver *r = ldns_resolver_new();
	ldns_rdf *a =
	    ldns_rdf_new_frm_str(s->v6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, s->pub.address);
	struct timeval tv = { .tv_sec = timeout_ms / 1000,
		              .tv_usec = (long)(timeout_ms % 1000) * 1000 };
	bool ok = r != NULL && a != NULL && ldns_resolver_push_nameserver(r, a) == LDNS_STATUS_OK;
	ldns_rdf_deep_free(a); /* the resolver keeps its own copy */
	if (!ok) {
		ldns_resolver_deep_free(r);
		return NULL;
	}
	ldns_resolver_set_port(r, s->pub.port);
	ldns_resolver_set_recursive(r, recursive);
	ldns_resolver_set_dnssec_cd(r, recursive);
	ldns_resolver_set_dnssec(r, true); /* the DO bit: RRSIGs and denials come back */
	ldns_resolver_set_edns_udp_size(r, LIVE_EDNS_SIZE);
	ldns_resolver_set_timeout(r, tv);
	ldns_resolver_set_retry(r, 1);
	ldns_resolver_set_fallback(r, false); /* truncation is handled by the caller */
	ldns_resolver_set_random(r, false);
	ldns_resolver_set_usevc(r, tcp);
	return r;
}

/* Every RR of every section into the answer. Malformed and non-IN records are left out:
 * the validator has no use for them. */
static sgn_err_t add_packet(const ldns_pkt *p, ldns_buffer *buf, struct sgn__lanswer *out)
{
	const ldns_rr_list *sec[] = { ldns_pkt_answer(p), ldns_pkt_authority(p),
		                      ldns_pkt_additional(p) };
	sgn_err_t err = SGN_OK;
	for (size_t s = 0; s < ARRAY_LEN(sec) && err == SGN_OK; s++) {
		for (size_t i = 0;
		     sec[s] != NULL && i < ldns_rr_list_rr_count(sec[s]) && err == SGN_OK; i++) {
			const ldns_rr *rr = ldns_rr_list_rr(sec[s], i);
			const ldns_rdf *o = ldns_rr_owner(rr);
			ldns_buffer_clear(buf);
			if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT ||
			    ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
			    sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) != ldns_rdf_size(o) ||
			    ldns_rr_rdata2buffer_wire(buf, rr) != LDNS_STATUS_OK ||
			    ldns_buffer_position(buf) > UINT16_MAX) {
				continue;
			}
			sgn_rr_t v = { .owner = ldns_rdf_data(o),
				       .type = ldns_rr_get_type(rr),
				       .rclass = SGN_CLASS_IN,
				       .ttl = ldns_rr_ttl(rr),
				       .rdlen = (uint16_t)ldns_buffer_position(buf),
				       .rdata = ldns_buffer_begin(buf) };
			if (sgn_rdata_check(v.type, v.rdata, v.rdlen) == SGN_OK) {
				err = sgn__lanswer_add(out, &v, (uint8_t)s);
			}
		}
	}
	return err;
}

sgn_err_t sgn__live_send_ldns(void *arg, const struct sgn__lsrv *s, bool recursive, bool tcp,
                              unsigned timeout_ms, const uint8_t *name, uint16_t type,
                              struct sgn__lanswer *out, struct sgn__lsent *r)
{
	SGN_UNUSED(arg);
	ldns_resolver *res = resolver_for(s, recursive, tcp, timeout_ms);
	ldns_rdf *qn =
	    ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sgn_name_len(name, SGN_NAME_MAX), name);
	ldns_buffer *buf = ldns_buffer_new(UINT16_MAX);
	ldns_pkt *p = NULL;
	sgn_err_t err = SGN_OK;
	memset(r, 0, sizeof(*r));
	if (res == NULL || qn == NULL || buf == NULL) {
		err = SGN_ENOMEM;
		goto out;
	}
	ldns_status st = ldns_resolver_send(&p, res, qn, type, LDNS_RR_CLASS_IN, 0);
	if (st != LDNS_STATUS_OK || p == NULL) {
		snprintf(r->why, sizeof(r->why), "%s",
		         st != LDNS_STATUS_OK ? ldns_get_errorstr_by_id(st) : "no answer");
		goto out;
	}
	if (!pkt_matches(p, name, type)) {
		r->mismatch = true;
		snprintf(r->why, sizeof(r->why), "an answer to another question");
		goto out;
	}
	r->response = true;
	r->aa = ldns_pkt_aa(p);
	r->tc = ldns_pkt_tc(p);
	r->rcode = ldns_pkt_get_rcode(p);
	if (!r->tc) {
		err = add_packet(p, buf, out);
	}
out:
	ldns_pkt_free(p);
	ldns_rdf_deep_free(qn);
	ldns_buffer_free(buf);
	ldns_resolver_deep_free(res);
	return err;
}
