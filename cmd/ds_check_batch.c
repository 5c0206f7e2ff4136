/* SPDX-License-Identifier: MIT */
/* sigil ds check --batch: one domain per line, checked in parallel, one JSON object per
 * line in input order. */
#include "ds_check.h"

int dsc_batch(struct cli *cli, const struct dsc_args *a)
{
	(void)a;
	return cli_error(cli, NULL, 0, "--batch: not yet");
}
