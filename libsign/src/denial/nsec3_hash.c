/* SPDX-License-Identifier: MIT */
/* NSEC3 owner hashing, RFC 5155 §5: IH(salt, x, 0) = H(x || salt),
 * IH(salt, x, k) = H(IH(salt, x, k-1) || salt). */
#include <string.h>

#include <libsign/alg.h>
#include <libsign/denial.h>
#include <libsign/name.h>

#include "../alg/alg.h"
#include "../internal.h"

sgn_err_t sgn_nsec3_hash(uint8_t *out, const uint8_t *name, uint8_t hash_alg, const uint8_t *salt,
                         size_t salt_len, uint16_t iterations)
{
	uint8_t buf[SGN_NAME_MAX];
	if (hash_alg != SGN_NSEC3_HASH_SHA1) {
		return SGN_EUNSUPPORTED;
	}
	size_t nlen = sgn_name_len(name, SGN_NAME_MAX);
	if (nlen == 0 || salt_len > 255) {
		return SGN_EPARSE;
	}
	memcpy(buf, name, nlen);
	sgn_name_lower(buf);
	return sgn__sha1_iterated(out, buf, nlen, salt, salt_len, iterations);
}
