/* SPDX-License-Identifier: MIT */
/* RFC 9615 bootstrap: the child's CDS/CDNSKEY published under each NS host's zone, at
 * _dsboot.<child>._signal.<host>, validated by the chain validator from the trust anchors;
 * every host's signal must be secure and the same, and the same as the child's own. */
#include <stdlib.h>
#include <string.h>

#include <libsign/chain.h>
#include <libsign/name.h>

#include "../internal.h"
#include "dsc.h"

/* One signal RRset: validated, then its RDATA in @p got (empty when securely absent).
 * *secure is false (with a finding) when the chain is not secure. */
static sgn_err_t one_signal(struct sgn__dsc *d, const sgn_zoneset_t *zs, const uint8_t *name,
                            uint16_t type, const char *host, sgn_dsset_t *got, bool *secure)
{
	sgn_chain_opts_t co;
	sgn_chain_t *c = NULL;
	char tb[SGN_TYPE_STR_MAX];
	sgn_chain_opts_init(&co, d->o->now);
	co.limits = d->limits;
	*secure = false;
	sgn_err_t err = sgn_chain_validate(&c, zs, d->o->anchors, name, type, &co);
	if (err != SGN_OK) {
		return err;
	}
	d->v.verifications += c->verifications;
	if (c->verdict != SGN_SECURE) {
		const sgn_link_t *l = c->nlinks > 0 ? &c->links[c->nlinks - 1] : NULL;
		for (size_t i = 0; i < c->nlinks && l != NULL; i++) {
			if (c->links[i].status != SGN_SECURE) {
				l = &c->links[i];
				break;
			}
		}
		err = sgn__dsc_find(d, SGN_FIND_DSC_BOOT_SIGNAL_INSECURE, type, -1, 0,
		                    "%s: %s %s (%s)", host, sgn_type_to_str(tb, type),
		                    sgn_status_str(c->verdict),
		                    l != NULL && l->has_reason ? sgn_finding_id(l->reason) : "no data");
	} else {
		*secure = true;
		const sgn_link_t *last = &c->links[c->nlinks - 1];
		if (last->kind == SGN_LINK_ANSWER) {
			err = sgn__dsc_rrset_set(sgn__dsc_find_any(zs, name, type), got);
		}
		if (err == SGN_ELIMIT) { /* more records than a DS set may hold: a refusal */
			err = sgn__dsc_find(d, SGN_FIND_DSC_SET_TOO_LARGE, type, -1, 0,
			                    "%s: more than %d %s records at the signaling name", host,
			                    SGN_DSSET_MAX, sgn_type_to_str(tb, type));
		}
	}
	sgn_chain_free(c);
	return err;
}

/* The signals of host @p i; *have is false when it has none at all. */
static sgn_err_t host_signals(struct sgn__dsc *d, size_t i, sgn_dsset_t *cds, sgn_dsset_t *key,
                              bool *usable)
{
	static const uint16_t types[] = { SGN_TYPE_CDS, SGN_TYPE_CDNSKEY };
	const sgn_dsc_input_t *in = d->in;
	char host[SGN_NAME_STR_MAX];
	uint8_t name[SGN_NAME_MAX];
	sgn_err_t err = sgn_name_to_str(host, sizeof(host), d->ns[i]);
	*usable = false;
	if (err != SGN_OK) {
		return SGN_OK;
	}
	if (sgn_name_is_subdomain(d->ns[i], in->domain) || !sgn__dsc_signal_name(in->domain, d->ns[i], name)) {
		return sgn__dsc_find(d, SGN_FIND_DSC_BOOT_NS_UNUSABLE, SGN_TYPE_NS, -1, 0, "%s: %s", host,
		                     sgn_name_is_subdomain(d->ns[i], in->domain)
		                         ? "in the child's own zone"
		                         : "the signaling name is too long");
	}
	*usable = true;
	bool all_secure = true;
	for (size_t t = 0; t < ARRAY_LEN(types) && err == SGN_OK; t++) {
		size_t z = in->nsignals == 1 ? 0 : 2 * i + t;
		bool secure = false;
		if (z >= in->nsignals || in->signals[z] == NULL) {
			err = sgn__dsc_find(d, SGN_FIND_DSC_BOOT_SIGNAL_MISSING, types[t], -1, 0,
			                    "%s: no data collected", host);
			all_secure = false;
			continue;
		}
		err = one_signal(d, in->signals[z], name, types[t], host, t == 0 ? cds : key, &secure);
		all_secure = all_secure && secure;
	}
	if (err == SGN_OK && all_secure && cds->n == 0 && key->n == 0) {
		err = sgn__dsc_find(d, SGN_FIND_DSC_BOOT_SIGNAL_MISSING, 0, -1, 0,
		                    "%s: no CDS or CDNSKEY at the signaling name", host);
	}
	return err;
}

/* The NS host names: the input's (given, or the parent's found live), else the NS RRset at
 * the child's name in its zone or bundle (offline, with no parent to ask). */
static void ns_hosts(struct sgn__dsc *d)
{
	const sgn_node_t *n = d->in->nns == 0 && d->z != NULL ? sgn_zone_find(d->z, d->in->domain) : NULL;
	const sgn_zone_rrset_t *rs = n != NULL ? sgn_node_find_rrset(n, SGN_TYPE_NS) : NULL;
	d->ns = d->in->ns;
	d->nns = d->in->nns;
	if (rs == NULL) {
		return;
	}
	d->ns = (const uint8_t(*)[SGN_NAME_MAX])d->own_ns;
	for (size_t i = 0; i < rs->rrset.count && d->nns < SGN_DSC_NS_MAX; i++) {
		const sgn_rdata_t *rd = &rs->rrset.rdata[i];
		if (sgn_name_len(rd->data, rd->len) == rd->len) {
			memcpy(d->own_ns[d->nns], rd->data, rd->len);
			sgn_name_lower(d->own_ns[d->nns++]);
		}
	}
}

sgn_err_t sgn__dsc_signals(struct sgn__dsc *d)
{
	sgn_dsset_t own[2];
	size_t usable = 0;
	ns_hosts(d);
	sgn_dsset_init(&own[0]);
	sgn_dsset_init(&own[1]);
	sgn_err_t err = sgn__dsc_rrset_set(d->cds, &own[0]);
	if (err == SGN_OK) {
		err = sgn__dsc_rrset_set(d->cdnskey, &own[1]);
	}
	/* Each host against the child's own RRsets: then all hosts agree with each other too. */
	for (size_t i = 0; i < d->nns && err == SGN_OK; i++) {
		sgn_dsset_t got[2];
		bool ok;
		sgn_dsset_init(&got[0]);
		sgn_dsset_init(&got[1]);
		size_t errors = d->res->findings.errors;
		err = host_signals(d, i, &got[0], &got[1], &ok);
		usable += ok;
		for (size_t t = 0; t < 2 && err == SGN_OK && ok && d->res->findings.errors == errors; t++) {
			char host[SGN_NAME_STR_MAX];
			if (!sgn__dsset_equal(&got[t], &own[t]) &&
			    sgn_name_to_str(host, sizeof(host), d->ns[i]) == SGN_OK) {
				err = sgn__dsc_find(d, SGN_FIND_DSC_BOOT_SIGNAL_MISMATCH,
				                    t == 0 ? SGN_TYPE_CDS : SGN_TYPE_CDNSKEY, -1, 0,
				                    "%s: %zu records, the child's own %s has %zu", host, got[t].n,
				                    t == 0 ? "CDS" : "CDNSKEY", own[t].n);
			}
		}
		sgn_dsset_release(&got[0]);
		sgn_dsset_release(&got[1]);
	}
	if (err == SGN_OK && usable == 0 && d->res->findings.errors == 0) {
		err = sgn__dsc_find(d, SGN_FIND_DSC_BOOT_SIGNAL_MISSING, SGN_TYPE_NS, -1, 0, "%s",
		                    d->nns == 0 ? "no NS host names" : "no NS host can carry a signal");
	}
	sgn_dsset_release(&own[0]);
	sgn_dsset_release(&own[1]);
	return err;
}
