/* SPDX-License-Identifier: MIT */
/* Printing findings, as text lines or JSON objects, for every command that reports. */
#ifndef SIGIL_REPORT_H
#define SIGIL_REPORT_H

#include <libsign/finding.h>

#include "cli.h"

/* One finding: a text line, or a JSON object (in an array). */
void report_finding(struct out *o, const sgn_finding_t *f);

/* Print findings grouped by severity and kind, at most @p max (0: all); in JSON, as the
 * array "findings" plus "findings_omitted". */
void report_findings(struct cli *cli, const sgn_findings_t *f, size_t max);

/* "errors": n, "warnings": n, "by_code": {...} in JSON; a two-line tally in text. With
 * @p strict, warnings were counted as errors and are listed with them. */
void report_tally(struct cli *cli, const sgn_findings_t *f, bool strict);

#endif
