/* SPDX-License-Identifier: MIT */
/* The findings table and lists of findings. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libsign/finding.h>
#include <libsign/name.h>

#include "../internal.h"
#include "vcore.h"

struct finding_row {
	const char *id;
	sgn_severity_t severity;
	int ede; /* RFC 8914 INFO-CODE, -1: none */
	const char *message;
};

/* EDE codes (RFC 8914 §4): 1 unsupported DNSKEY algorithm, 2 unsupported DS digest,
 * 6 DNSSEC bogus, 7 signature expired, 8 signature not yet valid, 9 DNSKEY missing,
 * 10 RRSIGs missing, 11 no zone key bit set, 12 NSEC missing, 27 unsupported NSEC3
 * iterations value (RFC 9276), 22 no reachable authority. */
static const struct finding_row rows[] = {
	[SGN_FIND_RRSIG_BOGUS] = { "rrsig-bogus", SGN_SEV_ERROR, 6, "signature does not verify" },
	[SGN_FIND_RRSIG_EXPIRED] = { "rrsig-expired", SGN_SEV_ERROR, 7, "signature expired" },
	[SGN_FIND_RRSIG_NOT_YET_VALID] = { "rrsig-not-yet-valid", SGN_SEV_ERROR, 8,
		                           "signature not yet valid" },
	[SGN_FIND_RRSIG_NO_KEY] = { "rrsig-no-key", SGN_SEV_ERROR, 9,
		                    "no DNSKEY at the apex matches the signature's algorithm and "
		                    "key tag" },
	[SGN_FIND_RRSIG_KEY_NOT_ZONE] = { "rrsig-key-not-zone", SGN_SEV_ERROR, 11,
		                          "signing DNSKEY lacks the ZONE flag" },
	[SGN_FIND_RRSIG_KEY_PROTOCOL] = { "rrsig-key-protocol", SGN_SEV_ERROR, 6,
		                          "signing DNSKEY has a protocol other than 3" },
	[SGN_FIND_RRSIG_KEY_REVOKED] = { "rrsig-key-revoked", SGN_SEV_ERROR, 6,
		                         "signed by a revoked DNSKEY (RFC 5011)" },
	[SGN_FIND_RRSIG_SIGNER] = { "rrsig-signer", SGN_SEV_ERROR, 6,
		                    "signer name is not the zone apex" },
	[SGN_FIND_RRSIG_LABELS] = { "rrsig-labels", SGN_SEV_ERROR, 6,
		                    "labels field does not match the owner name" },
	[SGN_FIND_RRSIG_ORIGINAL_TTL] = { "rrsig-original-ttl", SGN_SEV_ERROR, -1,
		                          "original TTL differs from the RRset's TTL" },
	[SGN_FIND_RRSIG_MALFORMED] = { "rrsig-malformed", SGN_SEV_ERROR, 6, "malformed RRSIG" },
	[SGN_FIND_RRSIG_ALGORITHM_UNSUPPORTED] = { "rrsig-algorithm-unsupported", SGN_SEV_WARNING, 1,
		                                   "signature algorithm not supported; not checked" },
	[SGN_FIND_RRSIG_ORPHAN] = { "rrsig-orphan", SGN_SEV_ERROR, -1,
		                    "RRSIG covers a type that has no records here" },
	[SGN_FIND_RRSIG_UNEXPECTED] = { "rrsig-unexpected", SGN_SEV_ERROR, -1,
		                        "RRSIG over data the zone is not authoritative for" },
	[SGN_FIND_RRSET_UNSIGNED] = { "rrset-unsigned", SGN_SEV_ERROR, 10,
		                      "RRset has no valid signature" },
	[SGN_FIND_RRSET_ALGORITHM_MISSING] = { "rrset-algorithm-missing", SGN_SEV_ERROR, 10,
		                               "no valid signature by an algorithm of the DNSKEY "
		                               "RRset (RFC 4035 section 2.2)" },
	[SGN_FIND_DNSKEY_MISSING] = { "dnskey-missing", SGN_SEV_ERROR, 9,
		                      "no DNSKEY RRset at the zone apex" },
	[SGN_FIND_DNSKEY_NOT_SEP_SIGNED] = { "dnskey-not-sep-signed", SGN_SEV_ERROR, 6,
		                             "DNSKEY RRset not signed by a key with the SEP bit" },
	[SGN_FIND_DNSKEY_NOT_ANCHORED] = { "dnskey-not-anchored", SGN_SEV_ERROR, 9,
		                           "DNSKEY RRset not signed by a key matching the trust "
		                           "anchor or DS set" },
	[SGN_FIND_OCCLUDED_DATA] = { "occluded-data", SGN_SEV_WARNING, -1,
		                     "data below a zone cut or DNAME is never served" },
	[SGN_FIND_NSEC_MISSING] = { "nsec-missing", SGN_SEV_ERROR, 12, "name has no NSEC record" },
	[SGN_FIND_NSEC_NEXT] = { "nsec-next", SGN_SEV_ERROR, 6,
		                 "NSEC next name is not the next name of the zone" },
	[SGN_FIND_NSEC_BITMAP] = { "nsec-bitmap", SGN_SEV_ERROR, 6,
		                   "NSEC type bitmap differs from the types present" },
	[SGN_FIND_NSEC_UNEXPECTED] = { "nsec-unexpected", SGN_SEV_ERROR, 6,
		                       "NSEC at a name that should have none" },
	[SGN_FIND_NSEC_TTL] = { "nsec-ttl", SGN_SEV_WARNING, -1,
		                "denial TTL is not min(SOA TTL, SOA MINIMUM) (RFC 9077)" },
	[SGN_FIND_DENIAL_MIXED] = { "denial-mixed", SGN_SEV_ERROR, 6,
		                    "zone has both NSEC and NSEC3 records" },
	[SGN_FIND_DENIAL_MISSING] = { "denial-missing", SGN_SEV_ERROR, 12,
		                      "zone has neither NSEC nor NSEC3 records" },
	[SGN_FIND_NSEC3PARAM_MISSING] = { "nsec3param-missing", SGN_SEV_ERROR, 12,
		                          "NSEC3 records but no usable NSEC3PARAM at the apex" },
	[SGN_FIND_NSEC3_PARAMETERS] = { "nsec3-parameters", SGN_SEV_ERROR, 6,
		                        "NSEC3 parameters differ from NSEC3PARAM" },
	[SGN_FIND_NSEC3_MISSING] = { "nsec3-missing", SGN_SEV_ERROR, 12,
		                     "name has no NSEC3 record" },
	[SGN_FIND_NSEC3_ORPHAN] = { "nsec3-orphan", SGN_SEV_ERROR, 6,
		                    "NSEC3 record matches no name of the zone" },
	[SGN_FIND_NSEC3_NEXT] = { "nsec3-next", SGN_SEV_ERROR, 6,
		                  "NSEC3 next hash is not the next hash of the chain" },
	[SGN_FIND_NSEC3_BITMAP] = { "nsec3-bitmap", SGN_SEV_ERROR, 6,
		                    "NSEC3 type bitmap differs from the types present" },
	[SGN_FIND_NSEC3_OPTOUT] = { "nsec3-optout", SGN_SEV_ERROR, 6,
		                    "insecure delegation has no NSEC3 and is not covered by opt-out" },
	[SGN_FIND_NSEC3_OWNER] = { "nsec3-owner", SGN_SEV_ERROR, 6,
		                   "NSEC3 owner is not a base32hex hash label below the apex" },
	[SGN_FIND_NSEC3_HASH_UNSUPPORTED] = { "nsec3-hash-unsupported", SGN_SEV_ERROR, 6,
		                              "NSEC3 hash algorithm not supported" },
	[SGN_FIND_NSEC3_TTL] = { "nsec3-ttl", SGN_SEV_WARNING, -1,
		                 "NSEC3 TTL is not min(SOA TTL, SOA MINIMUM) (RFC 9077)" },
	[SGN_FIND_ZONEMD_MISMATCH] = { "zonemd-mismatch", SGN_SEV_ERROR, -1,
		                       "ZONEMD digest does not match the zone" },
	[SGN_FIND_ZONEMD_SERIAL] = { "zonemd-serial", SGN_SEV_ERROR, -1,
		                     "ZONEMD serial differs from the SOA serial" },
	[SGN_FIND_ZONEMD_DUPLICATE] = { "zonemd-duplicate", SGN_SEV_ERROR, -1,
		                        "more than one ZONEMD with the same scheme and hash "
		                        "algorithm (RFC 8976 section 2.4)" },
	[SGN_FIND_ZONEMD_UNSUPPORTED] = { "zonemd-unsupported", SGN_SEV_WARNING, -1,
		                          "ZONEMD scheme or hash algorithm not supported" },
	[SGN_FIND_LIMIT_KEYS_PER_TAG] = { "limit-keys-per-tag", SGN_SEV_ERROR, 6,
		                          "too many DNSKEYs share this algorithm and key tag" },
	[SGN_FIND_LIMIT_SIGS_PER_RRSET] = { "limit-signatures-per-rrset", SGN_SEV_ERROR, 6,
		                            "too many signatures on one RRset" },
	[SGN_FIND_LIMIT_NSEC3_ITERATIONS] = { "limit-nsec3-iterations", SGN_SEV_ERROR, 27,
		                              "NSEC3 iterations above the limit" },
	[SGN_FIND_LIMIT_WORK] = { "limit-work", SGN_SEV_ERROR, 6,
		                  "total verification work limit reached" },
	[SGN_FIND_RRSIG_EXPIRING_SOON] = { "rrsig-expiring-soon", SGN_SEV_WARNING, -1,
		                           "signatures expire soon" },
	[SGN_FIND_ALGORITHM_DEPRECATED] = { "algorithm-deprecated", SGN_SEV_WARNING, -1,
		                            "DNSKEY algorithm must not be used for signing "
		                            "(RFC 8624)" },
	[SGN_FIND_RSA_KEY_SHORT] = { "rsa-key-short", SGN_SEV_WARNING, -1,
		                     "RSA key shorter than 2048 bits" },
	[SGN_FIND_NSEC3_ITERATIONS] = { "nsec3-iterations", SGN_SEV_WARNING, -1,
		                        "NSEC3 additional iterations above 0 (RFC 9276)" },
	[SGN_FIND_NSEC3_SALT] = { "nsec3-salt", SGN_SEV_WARNING, -1,
		                  "NSEC3 salt is not empty (RFC 9276)" },
	[SGN_FIND_TTL_EXCEEDS_VALIDITY] = { "ttl-exceeds-validity", SGN_SEV_WARNING, -1,
		                            "TTL longer than the signature validity left" },
	[SGN_FIND_DNSKEY_ALGORITHM_UNSUPPORTED] = { "dnskey-algorithm-unsupported", SGN_SEV_WARNING,
		                                    1, "DNSKEY algorithm not supported; its "
		                                       "signatures are not checked" },
	[SGN_FIND_DS_NO_MATCHING_DNSKEY] = { "ds-no-matching-dnskey", SGN_SEV_ERROR, 9,
		                             "no DNSKEY matches a DS and signs the DNSKEY RRset" },
	[SGN_FIND_DS_ALGORITHM_UNSUPPORTED] = { "ds-algorithm-unsupported", SGN_SEV_NOTICE, 1,
		                                "DS algorithm not supported: insecure "
		                                "(RFC 4035 section 5.2)" },
	[SGN_FIND_DS_DIGEST_UNSUPPORTED] = { "ds-digest-unsupported", SGN_SEV_NOTICE, 2,
		                             "DS digest type not supported: insecure "
		                             "(RFC 4035 section 5.2)" },
	[SGN_FIND_NO_DS_PROVEN] = { "insecure-delegation", SGN_SEV_NOTICE, -1,
		                    "no DS, proven by the parent's denial of existence" },
	[SGN_FIND_NO_DS_UNPROVEN] = { "ds-absence-unproven", SGN_SEV_ERROR, 6,
		                      "no DS and no valid proof that there is none" },
	[SGN_FIND_DATA_MISSING] = { "data-missing", SGN_SEV_ERROR, 6,
		                    "records needed for validation are missing" },
	[SGN_FIND_PROOF_INVALID] = { "denial-proof-invalid", SGN_SEV_ERROR, 12,
		                     "denial of existence proof does not hold" },
	[SGN_FIND_WILDCARD_PROOF_MISSING] = { "wildcard-proof-missing", SGN_SEV_ERROR, 12,
		                              "wildcard answer without proof of no closer match" },
	[SGN_FIND_ZONE_CONTENT] = { "zone-content", SGN_SEV_ERROR, -1,
		                    "zone content breaks a rule of the DNS" },
	[SGN_FIND_DSC_DS_NO_KEY] = { "ds-matches-no-key", SGN_SEV_ERROR, 9,
		                     "a DS of the new set matches no DNSKEY of the child "
		                     "(RFC 4035 section 5.2)" },
	[SGN_FIND_DSC_DS_KEY_UNUSABLE] = { "ds-key-unusable", SGN_SEV_ERROR, 11,
		                           "the DNSKEY a DS names lacks the ZONE flag or is revoked "
		                           "(RFC 4034 section 5.2, RFC 5011 section 2.1)" },
	[SGN_FIND_DSC_DS_KEY_NOT_SIGNING] = { "ds-key-not-signing", SGN_SEV_ERROR, 9,
		                              "the key a DS names does not sign the child's DNSKEY "
		                              "RRset validly now (RFC 4035 section 5.2)" },
	[SGN_FIND_DSC_ALG_NOT_SIGNING] = { "ds-algorithm-not-signing", SGN_SEV_ERROR, 10,
		                           "an algorithm of the new DS set has no valid signature "
		                           "over the DNSKEY RRset (RFC 4035 section 2.2, RFC 6840 "
		                           "section 5.11)" },
	[SGN_FIND_DSC_DIGEST_NOT_ALLOWED] = { "ds-digest-not-allowed", SGN_SEV_ERROR, 2,
		                              "DS digest type not allowed by policy (RFC 8624 "
		                              "section 3.3)" },
	[SGN_FIND_DSC_ALG_NOT_ALLOWED] = { "ds-algorithm-not-allowed", SGN_SEV_ERROR, 1,
		                           "DNSKEY algorithm not allowed by policy (RFC 8624 "
		                           "section 3.1)" },
	[SGN_FIND_DSC_DIGEST_LENGTH] = { "ds-digest-length", SGN_SEV_ERROR, -1,
		                         "DS digest length wrong for its digest type (RFC 4509 "
		                         "section 2.2, RFC 6605 section 4)" },
	[SGN_FIND_DSC_UNCHECKABLE] = { "ds-uncheckable", SGN_SEV_ERROR, 1,
		                       "DS algorithm or digest type that cannot be checked (RFC 8624 "
		                       "section 3)" },
	[SGN_FIND_DSC_SET_UNUSABLE] = { "ds-set-unusable", SGN_SEV_ERROR, -1,
		                        "no usable DS is left in the new set (RFC 7344 section 4.1)" },
	[SGN_FIND_DSC_SET_TOO_LARGE] = { "ds-set-too-large", SGN_SEV_ERROR, -1,
		                         "the new DS set would hold more records than a DS set may" },
	[SGN_FIND_DSC_DNSKEY_MISSING] = { "child-dnskey-missing", SGN_SEV_ERROR, 9,
		                          "the child serves no DNSKEY RRset (RFC 4035 section 5.2)" },
	[SGN_FIND_DSC_NOT_AUTHENTICATED] = { "child-not-authenticated", SGN_SEV_ERROR, 9,
		                             "no key of the current DS set signs the child's DNSKEY "
		                             "RRset validly now (RFC 7344 section 4.1)" },
	[SGN_FIND_DSC_CDS_NOT_AUTHENTICATED] = { "cds-not-authenticated", SGN_SEV_ERROR, 10,
		                                 "CDS or CDNSKEY RRset not signed by a key the "
		                                 "current DS set authenticates (RFC 7344 section "
		                                 "4.1)" },
	[SGN_FIND_DSC_CDS_CDNSKEY_MISMATCH] = { "cds-cdnskey-mismatch", SGN_SEV_ERROR, -1,
		                                "CDS and CDNSKEY RRsets describe different keys "
		                                "(RFC 9975 section 3.1)" },
	[SGN_FIND_DSC_CDS_ABSENT] = { "cds-absent", SGN_SEV_NOTICE, -1,
		                      "the child publishes no CDS or CDNSKEY: nothing to do "
		                      "(RFC 9975 section 3)" },
	[SGN_FIND_DSC_DELETE] = { "ds-delete", SGN_SEV_NOTICE, -1,
		                  "the DS set is to be removed: the delegation becomes insecure "
		                  "(RFC 8078 section 4)" },
	[SGN_FIND_DSC_DELETE_MIXED] = { "cds-delete-mixed", SGN_SEV_ERROR, -1,
		                        "a delete CDS or CDNSKEY stands beside other records "
		                        "(RFC 8078 section 4)" },
	[SGN_FIND_DSC_REPLAY] = { "cds-replay", SGN_SEV_ERROR, -1,
		                  "signatures older than the last accepted ones (replay protection, "
		                  "RFC 7344 section 6.2)" },
	[SGN_FIND_DSC_SERVERS_DISAGREE] = { "servers-disagree", SGN_SEV_ERROR, -1,
		                            "authoritative servers serve different DNSKEY, CDS or "
		                            "CDNSKEY RRsets (RFC 9975 section 3.1)" },
	[SGN_FIND_DSC_SERVER_UNUSABLE] = { "server-unusable", SGN_SEV_ERROR, 22,
		                           "an authoritative server did not answer, or not "
		                           "authoritatively (RFC 9975 section 3, RFC 9615 section "
		                           "4.2)" },
	[SGN_FIND_DSC_BOOT_ALREADY_SECURE] = { "bootstrap-already-secure", SGN_SEV_ERROR, -1,
		                               "bootstrap of a delegation that already has DS "
		                               "records (RFC 9615 section 4.2)" },
	[SGN_FIND_DSC_BOOT_SIGNAL_MISSING] = { "bootstrap-signal-missing", SGN_SEV_ERROR, -1,
		                               "no signaling CDS or CDNSKEY under an NS host "
		                               "(RFC 9615 section 4.2)" },
	[SGN_FIND_DSC_BOOT_SIGNAL_INSECURE] = { "bootstrap-signal-insecure", SGN_SEV_ERROR, 6,
		                                "signaling records do not validate securely "
		                                "(RFC 9615 section 4.2)" },
	[SGN_FIND_DSC_BOOT_SIGNAL_MISMATCH] = { "bootstrap-signal-mismatch", SGN_SEV_ERROR, -1,
		                                "signaling records differ between NS hosts or from "
		                                "the child's own CDS/CDNSKEY (RFC 9615 section "
		                                "4.2)" },
	[SGN_FIND_DSC_BOOT_NS_UNUSABLE] = { "bootstrap-ns-unusable", SGN_SEV_WARNING, -1,
		                            "an NS host at or below the child, or whose signaling "
		                            "name is too long, cannot carry a signal (RFC 9615 "
		                            "sections 4.1 and 4.4)" },
	[SGN_FIND_OPTOUT_INSECURE] = { "nsec3-optout-insecure", SGN_SEV_NOTICE, -1,
		                       "the proof's next closer name lies in an NSEC3 opt-out "
		                       "span, which may hold an insecure delegation: insecure "
		                       "(RFC 5155 section 9.2)" },
	[SGN_FIND_DNSKEY_KEY_SIZE] = { "dnskey-key-size", SGN_SEV_ERROR, 6,
		                       "DNSKEY public key does not fit its algorithm" },
	[SGN_FIND_SERVER_UNREACHABLE] = { "server-unreachable", SGN_SEV_WARNING, 22,
		                          "an authoritative server of the zone did not answer" },
	[SGN_FIND_SERVER_LAME] = { "server-lame", SGN_SEV_WARNING, -1,
		                   "an authoritative server of the zone refused, answered without "
		                   "the AA bit or with an error: a lame delegation (RFC 1912 "
		                   "section 2.8)" },
	[SGN_FIND_SERVER_DATA_DIFFERS] = { "server-data-differs", SGN_SEV_WARNING, -1,
		                           "authoritative servers of the zone serve different data "
		                           "for an RRset the chain uses" },
	[SGN_FIND_SERVER_VERDICT_DIFFERS] = { "server-verdict-differs", SGN_SEV_ERROR, -1,
		                              "validated with this server's answers, the chain "
		                              "would have another outcome" },
};
_Static_assert(ARRAY_LEN(rows) == SGN_FIND__COUNT, "one row per finding code");

static const struct finding_row *row(sgn_finding_code_t code)
{
	return (unsigned)code < ARRAY_LEN(rows) ? &rows[code] : NULL;
}

const char *sgn_finding_id(sgn_finding_code_t code)
{
	return row(code) != NULL ? row(code)->id : "unknown";
}

const char *sgn_finding_message(sgn_finding_code_t code)
{
	return row(code) != NULL ? row(code)->message : "unknown finding";
}

sgn_severity_t sgn_finding_default_severity(sgn_finding_code_t code)
{
	return row(code) != NULL ? row(code)->severity : SGN_SEV_ERROR;
}

int sgn_finding_ede(sgn_finding_code_t code)
{
	return row(code) != NULL ? row(code)->ede : -1;
}

const char *sgn_severity_str(sgn_severity_t sev)
{
	static const char *const names[] = { "error", "warning", "notice" };
	return (unsigned)sev < ARRAY_LEN(names) ? names[sev] : "unknown";
}

void sgn_findings_init(sgn_findings_t *list)
{
	memset(list, 0, sizeof(*list));
	list->keep_per_code = 1000;
}

void sgn_findings_release(sgn_findings_t *list)
{
	size_t keep = list->keep_per_code;
	free(list->items);
	free(list->per_code);
	sgn_findings_init(list);
	list->keep_per_code = keep;
}

size_t sgn_findings_code_count(const sgn_findings_t *list, sgn_finding_code_t code)
{
	return list->per_code != NULL && (unsigned)code < SGN_FIND__COUNT ? list->per_code[code] : 0;
}

size_t sgn_finding_code_total(void)
{
	return SGN_FIND__COUNT;
}

static sgn_err_t per_code_init(sgn_findings_t *list)
{
	if (list->per_code == NULL) {
		list->per_code = calloc(SGN_FIND__COUNT, sizeof(*list->per_code));
	}
	return list->per_code != NULL ? SGN_OK : SGN_ENOMEM;
}

static void count(sgn_findings_t *list, sgn_severity_t sev)
{
	if (sev == SGN_SEV_ERROR) {
		list->errors++;
	} else if (sev == SGN_SEV_WARNING) {
		list->warnings++;
	}
}

/* Store @p f unless its code already has keep_per_code stored; counted either way. */
static sgn_err_t push(sgn_findings_t *list, const sgn_finding_t *f)
{
	if ((unsigned)f->code >= SGN_FIND__COUNT) {
		return SGN_EINVAL;
	}
	if (per_code_init(list) != SGN_OK) {
		return SGN_ENOMEM;
	}
	size_t seen = list->per_code[f->code]++;
	count(list, f->severity);
	if (list->keep_per_code != 0 && seen >= list->keep_per_code) {
		return SGN_OK;
	}
	if (sgn__grow(&list->items, &list->cap, list->count + 1, sizeof(*list->items), 16) != SGN_OK) {
		return SGN_ENOMEM;
	}
	list->items[list->count++] = *f;
	return SGN_OK;
}

sgn_err_t sgn_findings_push(sgn_findings_t *list, const sgn_finding_t *f)
{
	return push(list, f);
}

/* Fill a finding; key_tag < 0 means no key. */
static void make(sgn_finding_t *f, sgn_finding_code_t code, const uint8_t *owner, uint16_t type,
                 int key_tag, int alg, int64_t when, const char *fmt, va_list ap)
{
	memset(f, 0, sizeof(*f));
	f->code = code;
	f->severity = sgn_finding_default_severity(code);
	f->type = type;
	if (owner != NULL) {
		size_t len = sgn_name_len(owner, SGN_NAME_MAX);
		memcpy(f->owner, owner, len > 0 ? len : 1);
	}
	if (key_tag >= 0) {
		f->has_key = true;
		f->key_tag = (uint16_t)key_tag;
		f->algorithm = (uint8_t)alg;
	}
	f->when = when;
	if (fmt != NULL) {
		vsnprintf(f->detail, sizeof(f->detail), fmt, ap);
	}
}

static void fill(sgn_finding_t *f, sgn_finding_code_t code, const uint8_t *owner,
                            uint16_t type, const char *fmt, ...) SGN_PRINTF(5, 6);

static void fill(sgn_finding_t *f, sgn_finding_code_t code, const uint8_t *owner,
                            uint16_t type, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	make(f, code, owner, type, -1, 0, 0, fmt, ap);
	va_end(ap);
}

sgn_err_t sgn_findings_add(sgn_findings_t *list, sgn_finding_code_t code, const uint8_t *owner,
                           uint16_t type, const char *fmt, ...)
{
	sgn_finding_t f;
	va_list ap;
	va_start(ap, fmt);
	make(&f, code, owner, type, -1, 0, 0, fmt, ap);
	va_end(ap);
	return push(list, &f);
}

sgn_err_t sgn__vfind_as(sgn_findings_t *list, sgn_severity_t sev, sgn_finding_code_t code,
                        const uint8_t *owner, uint16_t type, const char *detail)
{
	sgn_finding_t f;
	fill(&f, code, owner, type, "%s", detail);
	f.severity = sev;
	return push(list, &f);
}

sgn_err_t sgn__vfind(sgn_findings_t *list, sgn_finding_code_t code, const uint8_t *owner,
                     uint16_t type, int key_tag, int alg, int64_t when, const char *fmt, ...)
{
	sgn_finding_t f;
	va_list ap;
	va_start(ap, fmt);
	make(&f, code, owner, type, key_tag, alg, when, fmt, ap);
	va_end(ap);
	return push(list, &f);
}

/* How many of @p from's stored findings @p to keeps (while a code has fewer than
 * keep_per_code, counting those before them); with @p move they are appended (the room is
 * there). The per-code counts are as they were on return. */
static size_t merge_pass(sgn_findings_t *to, const sgn_findings_t *from, bool move)
{
	size_t n = 0;
	for (size_t i = 0; i < from->count; i++) {
		size_t *seen = &to->per_code[from->items[i].code];
		if (to->keep_per_code == 0 || *seen < to->keep_per_code) {
			if (move) {
				to->items[to->count++] = from->items[i];
			}
			n++;
		}
		(*seen)++;
	}
	for (size_t i = 0; i < from->count; i++) {
		to->per_code[from->items[i].code]--;
	}
	return n;
}

sgn_err_t sgn_findings_merge(sgn_findings_t *to, sgn_findings_t *from)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < from->count && err == SGN_OK; i++) {
		err = (unsigned)from->items[i].code < SGN_FIND__COUNT ? SGN_OK : SGN_EINVAL;
	}
	if (err == SGN_OK && (from->count > 0 || from->per_code != NULL)) {
		err = per_code_init(to);
	}
	/* Room first, so that @p to is either merged whole or left as it was. */
	size_t n = err == SGN_OK && from->count > 0 ? merge_pass(to, from, false) : 0;
	if (err == SGN_OK && n > 0) {
		err = sgn__grow(&to->items, &to->cap, to->count + n, sizeof(*to->items), 16);
	}
	if (err == SGN_OK) {
		merge_pass(to, from, true);
		for (size_t c = 0; from->per_code != NULL && c < SGN_FIND__COUNT; c++) {
			to->per_code[c] += from->per_code[c];
		}
		to->errors += from->errors;
		to->warnings += from->warnings;
	}
	sgn_findings_release(from);
	return err;
}

static int finding_cmp(const void *a, const void *b)
{
	const sgn_finding_t *x = a, *y = b;
	int c = sgn_name_compare(x->owner, y->owner);
	if (c != 0) {
		return c;
	}
	if (x->code != y->code) {
		return x->code < y->code ? -1 : 1;
	}
	if (x->type != y->type) {
		return x->type < y->type ? -1 : 1;
	}
	if (x->key_tag != y->key_tag) {
		return x->key_tag < y->key_tag ? -1 : 1;
	}
	return strcmp(x->detail, y->detail);
}

void sgn_findings_sort(sgn_findings_t *list)
{
	if (list->count > 1) {
		qsort(list->items, list->count, sizeof(*list->items), finding_cmp);
	}
}

void sgn_findings_make_strict(sgn_findings_t *list)
{
	for (size_t i = 0; i < list->count; i++) {
		if (list->items[i].severity == SGN_SEV_WARNING) {
			list->items[i].severity = SGN_SEV_ERROR;
		}
	}
	list->errors += list->warnings;
	list->warnings = 0;
}
