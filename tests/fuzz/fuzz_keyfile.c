/* SPDX-License-Identifier: MIT */
/* BIND key files: the input is a .key file, optionally followed by a line "-----" and the
 * .private file. Both halves are read together (which checks that they match) and the
 * public half alone; a key read with its private half signs and verifies a message. */
#include <libsign/key.h>

#include "fuzz.h"

static void use_key(const sgn_key_t *key)
{
	static const uint8_t msg[] = "sigil fuzz message";
	sgn_buf_t sig;
	sgn_buf_init(&sig);
	(void)sgn_key_get_tag(key);
	(void)sgn_key_get_bits(key);
	if (sgn_key_has_private(key) && sgn_key_sign(key, &sig, msg, sizeof(msg)) == SGN_OK) {
		bool ok = false;
		FUZZ_ASSERT(sgn_key_verify(key, &ok, msg, sizeof(msg), sig.data,
		            sig.len) == SGN_OK);
		FUZZ_ASSERT(ok);
	}
	sgn_buf_release(&sig);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char sep[] = "\n-----\n";
	const uint8_t *priv = NULL;
	size_t publen = size, privlen = 0;
	for (size_t i = 0; i + sizeof(sep) - 1 <= size; i++) {
		if (memcmp(data + i, sep, sizeof(sep) - 1) == 0) {
			publen = i + 1;
			priv = data + i + sizeof(sep) - 1;
			privlen = size - i - (sizeof(sep) - 1);
			break;
		}
	}
	char path[4096];
	fuzz_write("Kfuzz.key", data, publen, path);
	fuzz_write("Kfuzz.private", priv != NULL ? priv : data, privlen, path);
	sgn_diag_t diag;
	sgn_key_t *key;
	sgn_diag_init(&diag);
	if (sgn_key_read_bind(&key, path, true, &diag) == SGN_OK) {
		use_key(key);
		sgn_key_free(key);
	}
	snprintf(path, sizeof(path), "%s/Kfuzz.key", fuzz_dir());
	if (sgn_key_read_bind(&key, path, false, &diag) == SGN_OK) {
		use_key(key);
		sgn_key_free(key);
	}
	return 0;
}
