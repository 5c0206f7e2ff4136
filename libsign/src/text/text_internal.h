/* SPDX-License-Identifier: MIT */
/* Shared pieces of the presentation-format code: tokens, RDATA text <-> wire, the ldns
 * fallback for types without a descriptor. */
#ifndef SGN_TEXT_TEXT_INTERNAL_H
#define SGN_TEXT_TEXT_INTERNAL_H

#include <libsign/base.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#include "../internal.h"

/* One token of zone text: NUL-terminated, escapes still in place, quotes removed. */
struct sgn__tok {
	char *s;
	size_t len;
	bool quoted;
	bool glued;  /* no blank before it (key="value" is two tokens that read as one) */
};

/* Size of the message buffer the RDATA parsers write into. */
#define SGN__MSG_MAX 200

/* The type mnemonics one reader has met, each with its number. A zone uses a handful of
 * types, named by every record and again in NSEC bitmaps and RRSIGs: with this the type
 * table is searched once per mnemonic, not once per use. Direct-mapped on the text
 * (NUL-padded; longer texts are not kept); all zero is empty. */
#define SGN__TYPE_MEMO_BITS 6
#define SGN__TYPE_MEMO_TEXT 12
struct sgn__type_memo_slot {
	char text[SGN__TYPE_MEMO_TEXT];
	uint16_t type;
};
struct sgn__type_memo {
	struct sgn__type_memo_slot slot[1 << SGN__TYPE_MEMO_BITS];
};

/* sgn_type_from_str() of token @p t, through @p m. */
sgn_err_t sgn__type_from_tok(struct sgn__type_memo *m, const struct sgn__tok *t,
                             uint16_t *type) SGN_INTERNAL;

/* Parse RDATA tokens for @p type into wire form (appended to @p out). Handles RFC 3597
 * "\# len hex", descriptor types, and falls back to ldns for the rest. Type mnemonics
 * (RRSIG, NSEC) are looked up through @p memo. On SGN_EPARSE, @p msg holds the reason. */
sgn_err_t sgn__rdata_from_tokens(uint16_t type, const struct sgn__tok *toks, size_t n,
                                 const uint8_t *origin, struct sgn__type_memo *memo,
                                 sgn_buf_t *out, char msg[SGN__MSG_MAX]) SGN_INTERNAL;

/* Does a field of this descriptor kind take the rest of the RDATA (or the tokens)? */
bool sgn__field_takes_rest(uint8_t kind) SGN_INTERNAL;

/* Class mnemonic ("IN", "CH", "HS", "CS", "CLASS3"). SGN_ENOTFOUND when not a class. */
sgn_err_t sgn__class_from_str(const char *s, uint16_t *out) SGN_INTERNAL;
/* Class mnemonic for printing; @p buf holds at least 16 bytes. */
const char *sgn__class_to_str(uint16_t rclass, char *buf) SGN_INTERNAL;

/* The text before an RR's RDATA, "owner\tTTL\tCLASS\tTYPE\t": the same for every RR of an
 * RRset, and the owner's part for every RRset of a name, so writing a zone makes each
 * once. */
struct sgn__rdesc;
struct sgn__rr_head {
	char text[SGN_NAME_STR_MAX + 48]; /* the owner, a TTL, a class, a type and 4 tabs */
	size_t owner_len;                 /* the owner's text */
	size_t type_at;                   /* where the type begins; 0: no TTL and class yet */
	size_t len;
	uint32_t ttl;
	uint16_t rclass, type;
	const struct sgn__rdesc *desc;    /* the type's RDATA descriptor, NULL: none */
};
/* The owner's text, for a well-formed @p owner (sgn_name_len() is not 0). */
void sgn__rr_head_owner(struct sgn__rr_head *h, const uint8_t *owner) SGN_INTERNAL;
/* TTL, class and type after the owner's text (replacing those set before). */
void sgn__rr_head_set(struct sgn__rr_head *h, uint32_t ttl, uint16_t rclass,
                      uint16_t type) SGN_INTERNAL;
/* Append @p h and the text of the RDATA (of h->type) as sgn_rr_to_str() does, then a
 * newline if @p newline. The buffer stays NUL-terminated. SGN_OK, SGN_ENOMEM. */
sgn_err_t sgn__rr_text(sgn_buf_t *out, const struct sgn__rr_head *h, const uint8_t *rdata,
                       size_t len, bool newline) SGN_INTERNAL;

/* Read zone text from memory that may not pull in anything else (untrusted data: no
 * $INCLUDE, no $GENERATE; TTL 0 when none is stated) and call @p each for every RR, with
 * its location. Stops at the first error @p each returns. */
typedef sgn_err_t (*sgn__rr_fn)(void *ctx, const sgn_rr_t *rr, const char *file,
                                unsigned long line);
sgn_err_t sgn__zonetext_each(const char *name, const char *text, size_t len, sgn__rr_fn each,
                             void *ctx, sgn_diag_t *diag) SGN_INTERNAL;

/* ldns fallback (text/rdata_ldns.c, the only text file that includes ldns). */
sgn_err_t sgn__ldns_rdata_from_str(uint16_t type, const char *text, const uint8_t *origin,
                                   sgn_buf_t *out, char msg[SGN__MSG_MAX]) SGN_INTERNAL;
sgn_err_t sgn__ldns_rdata_to_str(sgn_buf_t *out, uint16_t type, const uint8_t *rdata,
                                 size_t len) SGN_INTERNAL;

#endif
