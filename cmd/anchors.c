/* SPDX-License-Identifier: MIT */
/* The default trust anchor file of the commands that validate from the root. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "anchors.h"

#ifndef SIGIL_DATADIR
#define SIGIL_DATADIR "/usr/local/share"
#endif

const char *cli_default_anchor(char *buf, size_t cap)
{
	const char *env = getenv("SIGIL_ANCHOR");
	if (env != NULL && *env != '\0') {
		return env;
	}
	snprintf(buf, cap, "%s/sigil/root-anchors.xml", SIGIL_DATADIR);
	if (access(buf, R_OK) == 0) {
		return buf;
	}
	char exe[PATH_MAX - 64];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		char *slash = strrchr(exe, '/');
		if (slash != NULL) {
			*slash = '\0';
			snprintf(buf, cap, "%s/../keys/root-anchors/root-anchors.xml", exe);
			if (access(buf, R_OK) == 0) {
				return buf;
			}
		}
	}
	return NULL;
}
