/* SPDX-License-Identifier: MIT */
/* sigil nsec3-hash: NSEC3 owner hashes of names (RFC 5155 §5). */
#include <stdio.h>
#include <string.h>

#include <libsign/codec.h>
#include <libsign/denial.h>
#include <libsign/name.h>

#include "cli.h"
#include "commands.h"
#include "opt.h"

static const char usage[] = "nsec3-hash [-s SALT] [-i ITERATIONS] [-a ALG] NAME...";
static const char description[] =
	"Print the NSEC3 hash of each NAME, in base32hex, followed by the name. The salt is\n"
	"hexadecimal, '-' or empty for none (the default, as RFC 9276 recommends);\n"
	"iterations default to 0.";

/* The NSEC3 hash algorithms (RFC 5155 §11): SHA-1 is the only one. */
static const struct opt_choice algorithms[] = {
	{ "1", SGN_NSEC3_HASH_SHA1 },
	{ "SHA-1", SGN_NSEC3_HASH_SHA1 },
	{ "SHA1", SGN_NSEC3_HASH_SHA1 },
	{ NULL, 0 },
};

int cmd_nsec3hash(struct cli *cli, int argc, char **argv)
{
	const char *salt_text = NULL;
	unsigned long iterations = 0;
	int alg = SGN_NSEC3_HASH_SHA1;
	const struct opt opts[] = {
		OPT_STRING('s', "salt", &salt_text, "HEX", "salt in hexadecimal ('-' for none)"),
		OPT_UINT('i', "iterations", &iterations, "N", "additional iterations (0..65535)", 65535),
		OPT_ENUM('a', "algorithm", &alg, "hash algorithm: SHA-1, the only one", algorithms),
		OPT_OPERANDS(1, OPT_MANY, "NAME..."),
		OPT_END(),
	};
	int i = opt_parse(cli, argc, argv, opts, usage, description);
	if (i < 0) {
		return i == OPT_HELP_SHOWN ? SIGIL_EXIT_OK : SIGIL_EXIT_USAGE;
	}
	sgn_buf_t salt;
	sgn_buf_init(&salt);
	if (salt_text != NULL && strcmp(salt_text, "-") != 0 &&
	    (sgn_hex_decode(&salt, salt_text, strlen(salt_text)) != SGN_OK || salt.len > 255)) {
		sgn_buf_release(&salt);
		return cli_error(cli, NULL, 0, "bad salt '%s' (hexadecimal, at most 255 bytes)",
		                 salt_text);
	}
	char salt_hex[2 * 255 + 1] = "";
	if (sgn_hex_encode(salt_hex, sizeof(salt_hex), salt.data, salt.len, false) != SGN_OK) {
		salt_hex[0] = '\0'; /* cannot happen: the buffer fits 255 bytes */
	}
	struct out *o = &cli->out;
	out_object_begin(o, NULL);
	out_int(o, "algorithm", (int64_t)alg);
	out_int(o, "iterations", (int64_t)iterations);
	out_str(o, "salt", salt_hex);
	out_array_begin(o, "hashes");
	int rc = SIGIL_EXIT_OK;
	for (; i < argc; i++) {
		uint8_t name[SGN_NAME_MAX], hash[SGN_NSEC3_HASH_LEN];
		char b32[SGN_BASE32HEX_LEN(SGN_NSEC3_HASH_LEN) + 1], text[SGN_NAME_STR_MAX];
		if (sgn_name_from_str(name, NULL, argv[i], NULL) != SGN_OK ||
		    sgn_name_to_str(text, sizeof(text), name) != SGN_OK) {
			rc = cli_error(cli, NULL, 0, "'%s' is not a valid domain name", argv[i]);
			break;
		}
		sgn_err_t err = sgn_nsec3_hash(hash, name, (uint8_t)alg, salt.data, salt.len,
		                               (uint16_t)iterations);
		if (err == SGN_OK) {
			err = sgn_base32hex_encode(b32, sizeof(b32), hash, sizeof(hash));
		}
		if (err != SGN_OK) {
			rc = cli_error(cli, NULL, 0, "cannot hash '%s': %s", argv[i], sgn_strerror(err));
			break;
		}
		out_object_begin(o, NULL);
		out_field(o, "hash", "%s\t", b32);
		out_field(o, "name", "%s\n", text);
		out_object_end(o);
	}
	out_array_end(o);
	out_object_end(o);
	sgn_buf_release(&salt);
	if (!out_finish(o) && rc == SIGIL_EXIT_OK) {
		rc = cli_error(cli, NULL, 0, "cannot write output");
	}
	return rc;
}
