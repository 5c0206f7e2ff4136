/* SPDX-License-Identifier: MIT */
/* Key tags (RFC 4034 Appendix B). */
#include <libsign/alg.h>
#include <libsign/key.h>

#include "../internal.h"

uint16_t sgn_keytag(const uint8_t *rdata, size_t len)
{
	if (len < 4) {
		return 0;
	}
	/* Appendix B.1: for algorithm 1 the tag is the most significant 16 of the least
	 * significant 24 bits of the modulus. */
	if (rdata[3] == SGN_ALG_RSAMD5) {
		return len >= 7 ? sgn__get16(rdata + len - 3) : 0;
	}
	uint32_t ac = 0;
	for (size_t i = 0; i < len; i++) {
		ac += (i & 1) ? rdata[i] : (uint32_t)rdata[i] << 8;
	}
	ac += (ac >> 16) & 0xFFFF;
	return (uint16_t)(ac & 0xFFFF);
}
