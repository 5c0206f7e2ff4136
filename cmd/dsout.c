/* SPDX-License-Identifier: MIT */
/* DS records as EPP secDNS XML (RFC 5910 §4.1 dsData). */
#include <libsign/codec.h>
#include <libsign/rr.h>

#include "dsout.h"

void dsout_epp(FILE *fp, const uint8_t *rdata, size_t len)
{
	char hex[2 * 64 + 1];
	sgn_ds_view_t v;
	if (sgn_ds_parse(&v, rdata, len) != SGN_OK ||
	    sgn_hex_encode(hex, sizeof(hex), v.digest, v.digest_len, true) != SGN_OK) {
		return;
	}
	fprintf(fp,
	        "  <secDNS:dsData>\n    <secDNS:keyTag>%u</secDNS:keyTag>\n"
	        "    <secDNS:alg>%u</secDNS:alg>\n    <secDNS:digestType>%u</secDNS:digestType>\n"
	        "    <secDNS:digest>%s</secDNS:digest>\n  </secDNS:dsData>\n",
	        v.key_tag, v.algorithm, v.digest_type, hex);
}
