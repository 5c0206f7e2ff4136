/* SPDX-License-Identifier: MIT */
/* sigil ds check output: a report (text), the new DS set (zone), an nsupdate script, JSON
 * (added, removed, kept), and EPP secDNS-1.1 XML (RFC 5910: update with rem/add of dsData
 * or keyData, or create). */
#include <stdio.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/name.h>
#include <libsign/text.h>

#include "ds_check.h"
#include "report.h"

/* Default TTL of an added DS when neither --ttl nor the current set gives one: nsupdate
 * needs one. */
#define DSC_NSUPDATE_TTL 3600

static const char *rdata_text(sgn_buf_t *b, uint16_t type, const sgn_rdata_t *rd)
{
	b->len = 0;
	return sgn_rdata_to_str(b, type, rd->data, rd->len) == SGN_OK ? (const char *)b->data : "?";
}

static void zone_lines(struct out *o, const char *owner, const sgn_dsset_t *set, const char *prefix,
                       bool force_ttl)
{
	sgn_buf_t b;
	char ttl[24] = "";
	sgn_buf_init(&b);
	if (set->has_ttl || force_ttl) {
		snprintf(ttl, sizeof(ttl), "%u\t", set->has_ttl ? set->ttl : DSC_NSUPDATE_TTL);
	}
	for (size_t i = 0; i < set->n; i++) {
		fprintf(o->fp, "%s%s\t%sIN\tDS\t%s\n", prefix, owner, ttl,
		        rdata_text(&b, SGN_TYPE_DS, &set->rd[i]));
	}
	sgn_buf_release(&b);
}

/* What changes: the records of @p a that @p b lacks. */
static void only_in(const sgn_dsset_t *a, const sgn_dsset_t *b, sgn_dsset_t *out)
{
	sgn_dsset_init(out);
	out->has_ttl = a->has_ttl;
	out->ttl = a->ttl;
	for (size_t i = 0; i < a->n; i++) {
		if (!sgn_dsset_contains(b, a->rd[i].data, a->rd[i].len) &&
		    sgn_dsset_add(out, a->rd[i].data, a->rd[i].len) != SGN_OK) {
			break;
		}
	}
}

static void print_nsupdate(struct out *o, const char *owner, const sgn_dsc_input_t *in,
                           const sgn_dsc_result_t *res)
{
	sgn_dsset_t added, removed;
	only_in(&res->newset, &in->current, &added);
	only_in(&in->current, &res->newset, &removed);
	fprintf(o->fp, "; sigil ds check %s: %s\n", owner, sgn_dsc_verdict_str(res->verdict));
	if (added.n + removed.n > 0) {
		zone_lines(o, owner, &removed, "update delete ", false);
		/* nsupdate needs a TTL to add: the set's, else a default */
		added.has_ttl = res->newset.has_ttl;
		added.ttl = res->newset.ttl;
		zone_lines(o, owner, &added, "update add ", true);
		fputs("send\n", o->fp);
	}
	sgn_dsset_release(&added);
	sgn_dsset_release(&removed);
}

/* -- EPP (RFC 5910) -- */

static void epp_ds(FILE *fp, const sgn_rdata_t *rd, const char *ind)
{
	sgn_ds_view_t v;
	char hex[2 * 64 + 1];
	if (sgn_ds_parse(&v, rd->data, rd->len) != SGN_OK ||
	    sgn_hex_encode(hex, sizeof(hex), v.digest, v.digest_len, true) != SGN_OK) {
		return;
	}
	fprintf(fp, "%s<secDNS:dsData>\n%s  <secDNS:keyTag>%u</secDNS:keyTag>\n"
	        "%s  <secDNS:alg>%u</secDNS:alg>\n%s  <secDNS:digestType>%u</secDNS:digestType>\n"
	        "%s  <secDNS:digest>%s</secDNS:digest>\n%s</secDNS:dsData>\n",
	        ind, ind, v.key_tag, ind, v.algorithm, ind, v.digest_type, ind, hex, ind);
}

static void epp_key(FILE *fp, const sgn_rdata_t *rd, const char *ind)
{
	sgn_dnskey_view_t k;
	sgn_buf_t b;
	sgn_buf_init(&b);
	if (sgn_dnskey_parse(&k, rd->data, rd->len) != SGN_OK ||
	    sgn_base64_encode(&b, k.pubkey, k.pubkey_len) != SGN_OK) {
		sgn_buf_release(&b);
		return;
	}
	const char *b64 = (const char *)b.data;
	fprintf(fp, "%s<secDNS:keyData>\n%s  <secDNS:flags>%u</secDNS:flags>\n"
	        "%s  <secDNS:protocol>%u</secDNS:protocol>\n%s  <secDNS:alg>%u</secDNS:alg>\n"
	        "%s  <secDNS:pubKey>%s</secDNS:pubKey>\n%s</secDNS:keyData>\n",
	        ind, ind, k.flags, ind, k.protocol, ind, k.algorithm, ind, b64, ind);
	sgn_buf_release(&b);
}

/* The new set's records (or, with keyData, their keys, once each) at indentation @p ind. */
static void epp_items(FILE *fp, const struct dsc_args *a, const sgn_dsset_t *set,
                      const sgn_dsc_result_t *res, const char *ind)
{
	sgn_dsset_t seen;
	sgn_dsset_init(&seen);
	for (size_t i = 0; i < set->n; i++) {
		if (!a->keydata) {
			epp_ds(fp, &set->rd[i], ind);
			continue;
		}
		for (size_t j = 0; j < res->newset.n && j < res->newkeys.n; j++) {
			const sgn_rdata_t *k = &res->newkeys.rd[j];
			if (res->newset.rd[j].len == set->rd[i].len &&
			    memcmp(res->newset.rd[j].data, set->rd[i].data, set->rd[i].len) == 0 && k->len > 0 &&
			    !sgn_dsset_contains(&seen, k->data, k->len) && sgn_dsset_add(&seen, k->data, k->len) == SGN_OK) {
				epp_key(fp, k, ind);
			}
		}
	}
	sgn_dsset_release(&seen);
}

static void print_epp(struct out *o, const struct dsc_args *a, const sgn_dsc_input_t *in,
                      const sgn_dsc_result_t *res)
{
	static const char ns[] = "xmlns:secDNS=\"urn:ietf:params:xml:ns:secDNS-1.1\"";
	FILE *fp = o->fp;
	sgn_dsset_t added, removed;
	if (res->verdict != SGN_DSC_ACCEPT) {
		return; /* nothing to send */
	}
	if (a->epp_create) {
		fprintf(fp, "<secDNS:create %s>\n", ns);
		epp_items(fp, a, &res->newset, res, "  ");
		fputs("</secDNS:create>\n", fp);
		return;
	}
	only_in(&res->newset, &in->current, &added);
	only_in(&in->current, &res->newset, &removed);
	fprintf(fp, "<secDNS:update %s>\n", ns);
	/* Removing everything, or keys (whose DNSKEYs the parent may not know): rem all. */
	if (res->newset.n == 0 || (a->keydata && removed.n > 0)) {
		fputs("  <secDNS:rem>\n    <secDNS:all>true</secDNS:all>\n  </secDNS:rem>\n", fp);
	} else if (removed.n > 0) {
		fputs("  <secDNS:rem>\n", fp);
		epp_items(fp, a, &removed, res, "    ");
		fputs("  </secDNS:rem>\n", fp);
	}
	const sgn_dsset_t *add = a->keydata && removed.n > 0 ? &res->newset : &added;
	if (add->n > 0) {
		fputs("  <secDNS:add>\n", fp);
		epp_items(fp, a, add, res, "    ");
		fputs("  </secDNS:add>\n", fp);
	}
	fputs("</secDNS:update>\n", fp);
	sgn_dsset_release(&added);
	sgn_dsset_release(&removed);
}

/* -- JSON and text -- */

static void json_set(struct out *o, const char *key, const char *owner, const sgn_dsset_t *set)
{
	sgn_buf_t b;
	char hex[2 * 64 + 1];
	sgn_buf_init(&b);
	out_array_begin(o, key);
	for (size_t i = 0; i < set->n; i++) {
		sgn_ds_view_t v;
		out_object_begin(o, NULL);
		out_str(o, "owner", owner);
		if (sgn_ds_parse(&v, set->rd[i].data, set->rd[i].len) == SGN_OK &&
		    sgn_hex_encode(hex, sizeof(hex), v.digest, v.digest_len, true) == SGN_OK) {
			out_int(o, "key_tag", v.key_tag);
			out_int(o, "algorithm", v.algorithm);
			out_int(o, "digest_type", v.digest_type);
			out_str(o, "digest", hex);
		}
		out_str(o, "rdata", rdata_text(&b, SGN_TYPE_DS, &set->rd[i]));
		out_object_end(o);
	}
	out_array_end(o);
	sgn_buf_release(&b);
}

static void json_sources(struct out *o, const sgn_dsc_input_t *in)
{
	out_array_begin(o, "sources");
	for (size_t i = 0; i < in->nviews; i++) {
		out_object_begin(o, NULL);
		out_str(o, "source", in->views[i].source);
		out_bool(o, "ok", in->views[i].zone != NULL);
		out_str(o, "error", in->views[i].zone != NULL ? NULL : in->views[i].error);
		out_object_end(o);
	}
	out_array_end(o);
}

static void print_json(struct out *o, const struct dsc_args *a, const char *owner,
                       const sgn_dsc_input_t *in, const sgn_dsc_result_t *res)
{
	sgn_dsset_t added, removed, kept;
	only_in(&res->newset, &in->current, &added);
	only_in(&in->current, &res->newset, &removed);
	only_in(&res->newset, &added, &kept);
	struct cli c = { .out = *o, .json = true };
	out_object_begin(&c.out, NULL);
	out_str(&c.out, "domain", owner);
	out_str(&c.out, "mode", sgn_dsc_mode_str(a->opts.mode));
	out_str(&c.out, "verdict", sgn_dsc_verdict_str(res->verdict));
	out_int(&c.out, "exit", dsc_exit(res));
	out_bool(&c.out, "delete", res->delete_requested);
	if (res->newset.has_ttl) {
		out_int(&c.out, "ttl", res->newset.ttl);
	}
	json_set(&c.out, "current", owner, &in->current);
	json_set(&c.out, "new", owner, &res->newset);
	json_set(&c.out, "added", owner, &added);
	json_set(&c.out, "removed", owner, &removed);
	json_set(&c.out, "kept", owner, &kept);
	report_findings(&c, &res->findings, 0);
	out_int(&c.out, "errors", (int64_t)res->findings.errors);
	out_int(&c.out, "warnings", (int64_t)res->findings.warnings);
	json_sources(&c.out, in);
	out_int(&c.out, "verifications", (int64_t)res->verifications);
	out_object_end(&c.out);
	*o = c.out;
	sgn_dsset_release(&added);
	sgn_dsset_release(&removed);
	sgn_dsset_release(&kept);
}

static void print_text(struct out *o, const struct dsc_args *a, const char *owner,
                       const sgn_dsc_input_t *in, const sgn_dsc_result_t *res)
{
	struct cli c = { .out = *o };
	fprintf(o->fp, "%s: %s (%s; %zu source%s, %zu signature check%s)\n", owner,
	        sgn_dsc_verdict_str(res->verdict), sgn_dsc_mode_str(a->opts.mode), in->nviews,
	        in->nviews == 1 ? "" : "s", res->verifications, res->verifications == 1 ? "" : "s");
	report_findings(&c, &res->findings, 0);
	if (res->verdict == SGN_DSC_ACCEPT) {
		fputs(res->newset.n > 0 ? "new DS set:\n" : "new DS set: none (the delegation becomes "
		                                            "insecure)\n", o->fp);
		zone_lines(o, owner, &res->newset, "  ", false);
	}
}

void dsc_print(struct out *o, const struct dsc_args *a, enum dsc_fmt fmt, const sgn_dsc_input_t *in,
               const sgn_dsc_result_t *res)
{
	char owner[SGN_NAME_STR_MAX];
	if (sgn_name_to_str(owner, sizeof(owner), in->domain) != SGN_OK) {
		snprintf(owner, sizeof(owner), ".");
	}
	switch (fmt) {
	case DSC_FMT_ZONE:
		zone_lines(o, owner, &res->newset, "", false);
		break;
	case DSC_FMT_NSUPDATE:
		print_nsupdate(o, owner, in, res);
		break;
	case DSC_FMT_EPP:
		print_epp(o, a, in, res);
		break;
	case DSC_FMT_JSON:
		print_json(o, a, owner, in, res);
		break;
	case DSC_FMT_TEXT:
		print_text(o, a, owner, in, res);
		break;
	}
}

void dsc_print_error(struct out *o, const char *domain, int code, const char *why)
{
	out_object_begin(o, NULL);
	out_str(o, "domain", domain);
	out_str(o, "verdict", "error");
	out_int(o, "exit", code);
	out_str(o, "error", why);
	out_object_end(o);
}
