/* SPDX-License-Identifier: MIT */
/* Loading the zone's keys for sign and update. */
#include <libsign/name.h>

#include "cli.h"
#include "keys.h"

int cli_load_keys(struct cli *cli, const char *keydir, const struct opt_list *keyfiles,
                  const uint8_t *apex, sgn_keylist_t *keys)
{
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	for (size_t i = 0; i < keyfiles->n; i++) {
		sgn_key_t *key;
		if (sgn_key_read_bind(&key, keyfiles->items[i], true, &diag) != SGN_OK ||
		    sgn_keylist_add_take(keys, key) != SGN_OK) {
			return cli_diag(cli, &diag, diag.err, keyfiles->items[i]);
		}
	}
	if (keyfiles->n == 0 || keydir != NULL) {
		const char *dir = keydir != NULL ? keydir : ".";
		if (sgn_keylist_read_dir(keys, dir, apex, true, &diag) != SGN_OK) {
			return cli_diag(cli, &diag, diag.err, dir);
		}
	}
	if (keys->count == 0) {
		char zone[SGN_NAME_STR_MAX];
		if (sgn_name_to_str(zone, sizeof(zone), apex) != SGN_OK) {
			zone[0] = '\0';
		}
		return cli_error(cli, NULL, 0, "no keys for '%s' in '%s'; create them with 'sigil "
		                 "keygen' or name them with -k", zone, keydir ? keydir : ".");
	}
	return SIGIL_EXIT_OK;
}
