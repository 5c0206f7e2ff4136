/* SPDX-License-Identifier: MIT */
/* RDATA descriptors: for each RR type libsign knows, the list of its fields. One table
 * drives wire checks, canonical form (which names are lower-cased), text parsing and
 * printing, so a type's layout is written down exactly once. */
#ifndef SGN_WIRE_RDESC_H
#define SGN_WIRE_RDESC_H

#include "../internal.h"

enum sgn__field {
	SGN_F_END = 0,
	SGN_F_NAME,      /* domain name, lower-cased in canonical form (RFC 4034 §6.2 list) */
	SGN_F_NAME_KEEP, /* domain name never lower-cased (NSEC, RRSIG: RFC 6840 §5.1) */
	SGN_F_U8,
	SGN_F_U16,
	SGN_F_U32,
	SGN_F_TTL,       /* u32 written with BIND units in text ("1h30m") */
	SGN_F_ALG,       /* u8, algorithm mnemonic accepted in text */
	SGN_F_TYPE,      /* u16, type mnemonic in text */
	SGN_F_TIME,      /* u32 RRSIG time, YYYYMMDDHHmmSS in text */
	SGN_F_IPV4,
	SGN_F_IPV6,
	SGN_F_STR,       /* one <character-string> */
	SGN_F_STRS,      /* character-strings to the end of the RDATA (at least one) */
	SGN_F_B64,       /* base64 to the end (whitespace allowed in text) */
	SGN_F_HEX,       /* hexadecimal to the end */
	SGN_F_BITMAP,    /* NSEC/NSEC3 type bitmap to the end */
	SGN_F_SALT,      /* length byte + bytes, hex in text, "-" for empty */
	SGN_F_B32HEX,    /* length byte + bytes, base32hex in text (NSEC3 next hash) */
	SGN_F_TEXT,      /* the rest as one string without length byte (CAA value, URI) */
	SGN_F_TAG,       /* one <character-string> written without quotes (CAA tag, RFC 8659
	                    §4.1.1: BIND refuses a quoted tag) */
};

#define SGN__RDESC_FIELDS 10

struct sgn__rdesc {
	uint16_t type;
	const char *name;
	uint8_t fields[SGN__RDESC_FIELDS];
};

/* Descriptor for @p type, NULL for types without one (handled as opaque data). */
const struct sgn__rdesc *sgn__rdesc_find(uint16_t type) SGN_INTERNAL;
/* Descriptor by mnemonic (case-insensitive), NULL when none. */
const struct sgn__rdesc *sgn__rdesc_find_name(const char *name) SGN_INTERNAL;

/* Validate a type bitmap (RFC 4034 §4.1.2): windows ascending, lengths 1..32, no trailing
 * zero octet. */
bool sgn__bitmap_is_valid(const uint8_t *p, size_t len) SGN_INTERNAL;

#endif

/* Largest type bitmap: 256 windows of 2 + 32 bytes. */
#define SGN__BITMAP_MAX (256 * 34)

/* Build a type bitmap from types in any order (duplicates allowed) into @p out
 * (SGN__BITMAP_MAX bytes); returns its length. */
size_t sgn__bitmap_build(const uint16_t *types, size_t n, uint8_t *out) SGN_INTERNAL;

/* Types listed in a bitmap, into @p types (room for 65536); returns the count. */
size_t sgn__bitmap_types(const uint8_t *bitmap, size_t len, uint16_t *types) SGN_INTERNAL;
/* Does a bitmap list @p type? */
bool sgn__bitmap_has(const uint8_t *bitmap, size_t len, uint16_t type) SGN_INTERNAL;

/* Split wire RDATA into its fields: @p off receives the start of each field and
 * off[nfields] the end. Returns the field count, or -1 when the RDATA does not match the
 * descriptor exactly (short, trailing bytes, malformed names or bitmaps). */
int sgn__rdata_split(const struct sgn__rdesc *d, const uint8_t *rdata, size_t len,
                     size_t off[SGN__RDESC_FIELDS + 1]) SGN_INTERNAL;
