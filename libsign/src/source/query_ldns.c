/* SPDX-License-Identifier: MIT */
/* One question to one server over a transport the caller chooses, through ldns (see
 * query.h). Nothing here judges the answer. */
#include <stdio.h>
#include <string.h>
#include <sys/time.h>

#include <ldns/ldns.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "query.h"

#define QUERY_EDNS_SIZE 1232 /* DNS flag day 2020: no IP fragmentation */

static ldns_resolver *resolver(const char *addr, uint16_t port, bool tcp, unsigned timeout_ms)
{
	bool v6 = strchr(addr, ':') != NULL;
	ldns_resolver *r = ldns_resolver_new();
	ldns_rdf *a = ldns_rdf_new_frm_str(v6 ? LDNS_RDF_TYPE_AAAA : LDNS_RDF_TYPE_A, addr);
	struct timeval tv = { .tv_sec = timeout_ms / 1000, .tv_usec = (long)(timeout_ms % 1000) * 1000 };
	bool ok = r != NULL && a != NULL && ldns_resolver_push_nameserver(r, a) == LDNS_STATUS_OK;
	ldns_rdf_deep_free(a);
	if (!ok) {
		ldns_resolver_deep_free(r);
		return NULL;
	}
	ldns_resolver_set_port(r, port);
	ldns_resolver_set_recursive(r, false);
	ldns_resolver_set_dnssec(r, true);
	ldns_resolver_set_dnssec_cd(r, true);
	ldns_resolver_set_edns_udp_size(r, QUERY_EDNS_SIZE);
	ldns_resolver_set_timeout(r, tv);
	ldns_resolver_set_retry(r, 1);
	ldns_resolver_set_fallback(r, false);
	ldns_resolver_set_usevc(r, tcp);
	return r;
}

static bool matches(const ldns_pkt *p, const uint8_t *name, uint16_t type)
{
	const ldns_rr_list *q = ldns_pkt_question(p);
	const ldns_rr *rr = q != NULL && ldns_rr_list_rr_count(q) == 1 ? ldns_rr_list_rr(q, 0) : NULL;
	const ldns_rdf *o = rr != NULL ? ldns_rr_owner(rr) : NULL;
	return o != NULL && ldns_pkt_qr(p) && ldns_rr_get_type(rr) == type &&
	       sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) == ldns_rdf_size(o) &&
	       sgn_name_equal(ldns_rdf_data(o), name);
}

static sgn_err_t add_section(const ldns_rr_list *l, ldns_buffer *buf, sgn_zoneset_t *zs)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; l != NULL && i < ldns_rr_list_rr_count(l) && err == SGN_OK; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(l, i);
		const ldns_rdf *o = ldns_rr_owner(rr);
		ldns_buffer_clear(buf);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT || ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) != ldns_rdf_size(o) ||
		    ldns_rr_rdata2buffer_wire(buf, rr) != LDNS_STATUS_OK ||
		    ldns_buffer_position(buf) > UINT16_MAX) {
			continue;
		}
		sgn_rr_t v = { .owner = ldns_rdf_data(o), .type = ldns_rr_get_type(rr),
			       .rclass = SGN_CLASS_IN, .ttl = ldns_rr_ttl(rr),
			       .rdlen = (uint16_t)ldns_buffer_position(buf), .rdata = ldns_buffer_begin(buf) };
		if (sgn_rdata_check(v.type, v.rdata, v.rdlen) == SGN_OK) {
			err = sgn_zoneset_add_rr(zs, &v);
		}
	}
	return err;
}

sgn_err_t sgn__query_one(const char *addr, uint16_t port, bool tcp, unsigned timeout_ms,
                         const uint8_t *name, uint16_t type, sgn_zoneset_t *zs,
                         struct sgn__qresult *r)
{
	ldns_resolver *res = resolver(addr, port, tcp, timeout_ms);
	ldns_rdf *qn = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sgn_name_len(name, SGN_NAME_MAX), name);
	ldns_buffer *buf = ldns_buffer_new(UINT16_MAX);
	ldns_pkt *p = NULL;
	sgn_err_t err = SGN_OK;
	memset(r, 0, sizeof(*r));
	if (res == NULL || qn == NULL || buf == NULL) {
		err = res == NULL && qn != NULL && buf != NULL ? SGN_EPARSE : SGN_ENOMEM;
		goto out;
	}
	ldns_status st = ldns_resolver_send(&p, res, qn, type, LDNS_RR_CLASS_IN, 0);
	if (st != LDNS_STATUS_OK || p == NULL || !matches(p, name, type)) {
		snprintf(r->why, sizeof(r->why), "%s", st != LDNS_STATUS_OK ? ldns_get_errorstr_by_id(st)
		                                       : p == NULL          ? "no answer"
		                                                            : "an answer to another question");
		goto out;
	}
	r->answered = true;
	r->aa = ldns_pkt_aa(p);
	r->tc = ldns_pkt_tc(p);
	r->rcode = ldns_pkt_get_rcode(p);
	if (!r->tc) {
		err = add_section(ldns_pkt_answer(p), buf, zs);
		err = err == SGN_OK ? add_section(ldns_pkt_authority(p), buf, zs) : err;
	}
out:
	ldns_pkt_free(p);
	ldns_rdf_deep_free(qn);
	ldns_buffer_free(buf);
	ldns_resolver_deep_free(res);
	return err;
}
