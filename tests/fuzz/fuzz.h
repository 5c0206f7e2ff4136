/* SPDX-License-Identifier: MIT */
/* Shared pieces of the libFuzzer harnesses: one-time library set-up, a fixed validation
 * time, and a private scratch directory for the APIs that read files. */
#ifndef SGN_FUZZ_H
#define SGN_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libsign/base.h>

/* 2026-06-01: inside the validity period of every signature in testzones/hierarchy. */
#define FUZZ_NOW INT64_C(1780272000)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a crash libFuzzer reports) when an oracle does not hold. */
#define FUZZ_ASSERT(cond)                                                                 \
	do {                                                                                  \
		if (!(cond)) {                                                                    \
			fprintf(stderr, "fuzz oracle failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
			abort();                                                                      \
		}                                                                                 \
	} while (0)

/* The scratch directory, made once per process ("/tmp/sigil-fuzz.XXXXXX"). */
static inline const char *fuzz_dir(void)
{
	static char dir[64];
	if (dir[0] == '\0') {
		snprintf(dir, sizeof(dir), "%s", "/tmp/sigil-fuzz.XXXXXX");
		if (mkdtemp(dir) == NULL || sgn_init() != SGN_OK) {
			abort();
		}
	}
	return dir;
}

/* Write @p len bytes to <fuzz_dir>/<name>; the path goes to @p path (4096 bytes). */
static inline void fuzz_write(const char *name, const uint8_t *data, size_t len, char *path)
{
	snprintf(path, 4096, "%s/%s", fuzz_dir(), name);
	FILE *fp = fopen(path, "wb");
	if (fp == NULL || (len > 0 && fwrite(data, 1, len, fp) != len) || fclose(fp) != 0) {
		abort();
	}
}

#endif
