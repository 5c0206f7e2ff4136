/* SPDX-License-Identifier: MIT */
/* Every rollover method as data: the stages it goes through and the records each stage
 * introduces or withdraws; and the intervals a record takes to settle.
 *
 * A stage may start once every record an earlier stage changed has settled, so a method is
 * fully described by the order of its changes. The orders are those of RFC 7583 §3.2-3.3
 * (ZSK and KSK methods), RFC 6781 §4.1.4 (algorithm rollover: new signatures everywhere
 * before the new DNSKEYs, DNSKEYs before the DS, and the reverse on the way out) and
 * RFC 8078 §4 (going insecure: the DS goes before the keys). A CSK signs everything it
 * signs at once - no signer following BIND's timing metadata can split a key's roles - so
 * its rollover introduces its signatures with its DNSKEY (double-signature style) and
 * swaps the DS once both are in every cache. */
#include <libsign/rollover.h>

#include "roll.h"

#define UP(g, r) { (g), (r), true }
#define DOWN(g, r) { (g), (r), false }
#define N SGN__NEW
#define O SGN__OLD

static const struct sgn__stage_def zsk_prepub[] = {
	{ "publish the new DNSKEY", { UP(N, SGN_REC_DNSKEY) }, 1 },
	{ "sign with the new key, retire the old one",
	  { UP(N, SGN_REC_ZRRSIG), DOWN(O, SGN_REC_ZRRSIG) }, 2 },
	{ "remove the old DNSKEY", { DOWN(O, SGN_REC_DNSKEY) }, 1 },
};

static const struct sgn__stage_def zsk_double_sig[] = {
	{ "publish and sign with the new key", { UP(N, SGN_REC_DNSKEY), UP(N, SGN_REC_ZRRSIG) }, 2 },
	{ "retire and remove the old key", { DOWN(O, SGN_REC_ZRRSIG), DOWN(O, SGN_REC_DNSKEY) }, 2 },
};

static const struct sgn__stage_def ksk_double_ksk[] = {
	{ "publish the new KSK", { UP(N, SGN_REC_DNSKEY), UP(N, SGN_REC_KRRSIG) }, 2 },
	{ "replace the DS at the parent", { UP(N, SGN_REC_DS), DOWN(O, SGN_REC_DS) }, 2 },
	{ "remove the old KSK", { DOWN(O, SGN_REC_DNSKEY), DOWN(O, SGN_REC_KRRSIG) }, 2 },
};

static const struct sgn__stage_def ksk_double_ds[] = {
	{ "add the new DS at the parent", { UP(N, SGN_REC_DS) }, 1 },
	{ "replace the KSK", { UP(N, SGN_REC_DNSKEY), UP(N, SGN_REC_KRRSIG), DOWN(O, SGN_REC_DNSKEY),
	                       DOWN(O, SGN_REC_KRRSIG) }, 4 },
	{ "withdraw the old DS", { DOWN(O, SGN_REC_DS) }, 1 },
};

static const struct sgn__stage_def ksk_double_rrset[] = {
	{ "publish the new KSK and add its DS", { UP(N, SGN_REC_DNSKEY), UP(N, SGN_REC_KRRSIG),
	                                          UP(N, SGN_REC_DS) }, 3 },
	{ "remove the old KSK and its DS", { DOWN(O, SGN_REC_DNSKEY), DOWN(O, SGN_REC_KRRSIG),
	                                     DOWN(O, SGN_REC_DS) }, 3 },
};

static const struct sgn__stage_def csk[] = {
	{ "publish and sign with the new CSK", { UP(N, SGN_REC_DNSKEY), UP(N, SGN_REC_KRRSIG),
	                                         UP(N, SGN_REC_ZRRSIG) }, 3 },
	{ "replace the DS at the parent", { UP(N, SGN_REC_DS), DOWN(O, SGN_REC_DS) }, 2 },
	{ "retire and remove the old CSK", { DOWN(O, SGN_REC_DNSKEY), DOWN(O, SGN_REC_KRRSIG),
	                                     DOWN(O, SGN_REC_ZRRSIG) }, 3 },
};

static const struct sgn__stage_def algorithm[] = {
	{ "sign with the new keys", { UP(N, SGN_REC_KRRSIG), UP(N, SGN_REC_ZRRSIG) }, 2 },
	{ "publish the new DNSKEYs", { UP(N, SGN_REC_DNSKEY) }, 1 },
	{ "replace the DS at the parent", { UP(N, SGN_REC_DS), DOWN(O, SGN_REC_DS) }, 2 },
	{ "remove the old DNSKEYs", { DOWN(O, SGN_REC_DNSKEY) }, 1 },
	{ "remove the old signatures", { DOWN(O, SGN_REC_KRRSIG), DOWN(O, SGN_REC_ZRRSIG) }, 2 },
};

static const struct sgn__stage_def go_secure[] = {
	{ "sign the zone", { UP(N, SGN_REC_DNSKEY), UP(N, SGN_REC_KRRSIG), UP(N, SGN_REC_ZRRSIG) }, 3 },
	{ "submit the DS to the parent", { UP(N, SGN_REC_DS) }, 1 },
};

static const struct sgn__stage_def go_insecure[] = {
	{ "withdraw the DS (CDS/CDNSKEY delete)", { DOWN(O, SGN_REC_DS) }, 1 },
	{ "stop signing the zone", { DOWN(O, SGN_REC_DNSKEY), DOWN(O, SGN_REC_KRRSIG),
	                             DOWN(O, SGN_REC_ZRRSIG) }, 3 },
};

#define M(n, r, s, t) { (n), (r), (s), ARRAY_LEN(s), (t) }
static const struct sgn__method_def methods[] = {
	[SGN_ROLL_ZSK_PRE_PUBLICATION] = M("zsk-pre-publication", "RFC 7583 section 3.2.1", zsk_prepub, 1),
	[SGN_ROLL_ZSK_DOUBLE_SIGNATURE] = M("zsk-double-signature", "RFC 7583 section 3.2.2",
	                                    zsk_double_sig, 1),
	[SGN_ROLL_KSK_DOUBLE_KSK] = M("ksk-double-ksk", "RFC 7583 section 3.3.1", ksk_double_ksk, 1),
	[SGN_ROLL_KSK_DOUBLE_DS] = M("ksk-double-ds", "RFC 7583 section 3.3.2", ksk_double_ds, 1),
	[SGN_ROLL_KSK_DOUBLE_RRSET] = M("ksk-double-rrset", "RFC 7583 section 3.3.3", ksk_double_rrset, 1),
	[SGN_ROLL_CSK] = M("csk", "RFC 7583 sections 3.2.2 and 3.3.1", csk, 1),
	[SGN_ROLL_ALGORITHM] = M("algorithm", "RFC 6781 section 4.1.4", algorithm, 2),
	[SGN_ROLL_GO_SECURE] = M("go-secure", "RFC 7583 section 3.3.1 (first KSK)", go_secure, 2),
	[SGN_ROLL_GO_INSECURE] = M("go-insecure", "RFC 8078 section 4", go_insecure, 0),
};
_Static_assert(ARRAY_LEN(methods) == SGN_ROLL_METHOD__COUNT, "one row per method");

const struct sgn__method_def *sgn__method(sgn_roll_method_t m)
{
	return (unsigned)m < ARRAY_LEN(methods) ? &methods[m] : NULL;
}

const char *sgn_roll_method_name(sgn_roll_method_t m)
{
	return (unsigned)m < ARRAY_LEN(methods) ? methods[m].name : NULL;
}

const char *sgn_roll_method_rfc(sgn_roll_method_t m)
{
	return (unsigned)m < ARRAY_LEN(methods) ? methods[m].rfc : NULL;
}

bool sgn__stage_needs_parent(const struct sgn__stage_def *st)
{
	for (size_t i = 0; i < st->nacts; i++) {
		if (st->acts[i].rec == SGN_REC_DS) {
			return true;
		}
	}
	return false;
}

/* -- records and intervals -- */

const char *sgn_rec_name(sgn_rec_t rec)
{
	static const char *const names[] = { "DNSKEY", "KRRSIG", "ZRRSIG", "DS" };
	_Static_assert(ARRAY_LEN(names) == SGN_REC__COUNT, "one name per record");
	return (unsigned)rec < ARRAY_LEN(names) ? names[rec] : "?";
}

const char *sgn_rstate_name(sgn_rstate_t st)
{
	static const char *const names[] = { "hidden", "rumoured", "omnipresent", "unretentive" };
	return (unsigned)st < ARRAY_LEN(names) ? names[st] : "?";
}

const char *sgn_role_name(unsigned role)
{
	static const char *const names[] = { "key", "KSK", "ZSK", "CSK" };
	return role < ARRAY_LEN(names) ? names[role] : "key";
}

bool sgn__rec_applies(sgn_rec_t rec, unsigned role)
{
	switch (rec) {
	case SGN_REC_DNSKEY:
		return role != 0;
	case SGN_REC_KRRSIG:
	case SGN_REC_DS:
		return (role & SGN_ROLE_KSK) != 0;
	case SGN_REC_ZRRSIG:
		return (role & SGN_ROLE_ZSK) != 0;
	default:
		return false;
	}
}

/* RFC 7583 §3: a DNSKEY (and the RRSIGs over the DNSKEY RRset, which travel with it) is in
 * every cache Dprp + TTLkey after it changed; zone signatures Dsgn + Dprp + TTLsig (the
 * signer needs Dsgn to re-sign every RRset); a DS DprpP + TTLds after the parent published
 * it. BIND adds publish-safety on the way in and retire-safety on the way out. */
void sgn__intervals_init(struct sgn__intervals *iv, const sgn_policy_t *p)
{
	int64_t key = p->zone_propagation_delay + p->dnskey_ttl;
	int64_t sig = p->signing_delay + p->zone_propagation_delay + p->max_zone_ttl;
	int64_t ds = p->parent_propagation_delay + p->parent_ds_ttl;
	iv->pub[SGN_REC_DNSKEY] = iv->pub[SGN_REC_KRRSIG] = key + p->publish_safety;
	iv->ret[SGN_REC_DNSKEY] = iv->ret[SGN_REC_KRRSIG] = key + p->retire_safety;
	iv->pub[SGN_REC_ZRRSIG] = sig + p->publish_safety;
	iv->ret[SGN_REC_ZRRSIG] = sig + p->retire_safety;
	iv->pub[SGN_REC_DS] = ds + p->publish_safety;
	iv->ret[SGN_REC_DS] = ds + p->retire_safety;
}

const char *sgn__interval_name(sgn_rec_t rec, bool up)
{
	static const char *const names[SGN_REC__COUNT][2] = {
		[SGN_REC_DNSKEY] = { "IretC", "Ipub" },
		[SGN_REC_KRRSIG] = { "IretC", "Ipub" },
		[SGN_REC_ZRRSIG] = { "Iret", "IpubZ" },
		[SGN_REC_DS] = { "IretP", "IpubP" },
	};
	return (unsigned)rec < SGN_REC__COUNT ? names[rec][up] : "?";
}

const char *sgn__interval_formula(sgn_rec_t rec, bool up)
{
	static const char *const f[SGN_REC__COUNT][2] = {
		[SGN_REC_DNSKEY] = { "Dprp + TTLkey + retire-safety", "Dprp + TTLkey + publish-safety" },
		[SGN_REC_KRRSIG] = { "Dprp + TTLkey + retire-safety", "Dprp + TTLkey + publish-safety" },
		[SGN_REC_ZRRSIG] = { "Dsgn + Dprp + TTLsig + retire-safety",
		                     "Dsgn + Dprp + TTLsig + publish-safety" },
		[SGN_REC_DS] = { "DprpP + TTLds + retire-safety", "DprpP + TTLds + publish-safety" },
	};
	return (unsigned)rec < SGN_REC__COUNT ? f[rec][up] : "?";
}
