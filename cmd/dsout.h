/* SPDX-License-Identifier: MIT */
/* DS records as EPP secDNS XML (RFC 5910), shared by `sigil ds` and `sigil rollover`. */
#ifndef SIGIL_DSOUT_H
#define SIGIL_DSOUT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The opening and closing of a secDNS:create element. */
#define DSOUT_EPP_OPEN "<secDNS:create xmlns:secDNS=\"urn:ietf:params:xml:ns:secDNS-1.1\">\n"
#define DSOUT_EPP_CLOSE "</secDNS:create>\n"

/* One <secDNS:dsData> element for DS RDATA; nothing for malformed RDATA. */
void dsout_epp(FILE *fp, const uint8_t *rdata, size_t len);

#endif
