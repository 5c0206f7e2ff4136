/* SPDX-License-Identifier: MIT */
/* Names in presentation form, with the reason a text is no name. */
#ifndef SGN_WIRE_NAME_INTERNAL_H
#define SGN_WIRE_NAME_INTERNAL_H

#include <libsign/name.h>

#include "../internal.h"

/* sgn_name_from_str() that says why it failed: @p why (may be NULL) receives a static
 * text ("label longer than 63 octets", "name longer than 255 octets", "empty label",
 * ...) on SGN_EPARSE. */
sgn_err_t sgn__name_from_str_why(uint8_t *out, size_t *outlen, const char *str,
                                 const uint8_t *origin, const char **why) SGN_INTERNAL;

/* NSEC3 owner names "<base32hex of the hash>.<apex>" (RFC 5155 §3), both ways.
 * sgn__nsec3_owner_name: the owner of the @p len bytes of @p hash below @p apex into
 * @p owner (SGN_NAME_MAX bytes); its length, 0 when it would be too long.
 * sgn__nsec3_owner_hash: the @p len bytes of hash that the first label of @p owner spells
 * (case-insensitive) into @p hash; SGN_OK, SGN_EPARSE when that label is not the
 * base32hex of exactly @p len bytes, SGN_ENOMEM. */
size_t sgn__nsec3_owner_name(const uint8_t *hash, size_t len, const uint8_t *apex,
                             uint8_t *owner) SGN_INTERNAL;
sgn_err_t sgn__nsec3_owner_hash(const uint8_t *owner, uint8_t *hash, size_t len) SGN_INTERNAL;

/* sgn_name_to_str() into @p buf of at least SGN_NAME_STR_MAX bytes, for a name known to
 * be well formed (sgn_name_len() is not 0): the length of the text, NUL not counted. */
size_t sgn__name_text(char *buf, const uint8_t *name) SGN_INTERNAL;

#endif
