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

#endif
