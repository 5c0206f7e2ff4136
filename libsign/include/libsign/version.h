/* SPDX-License-Identifier: MIT */
/** @file version.h
 * libsign version numbers.
 */
#ifndef LIBSIGN_VERSION_H
#define LIBSIGN_VERSION_H

#include <libsign/base.h>

#define SGN_VERSION_MAJOR 0
#define SGN_VERSION_MINOR 1
#define SGN_VERSION_PATCH 0

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The run-time library version as "MAJOR.MINOR.PATCH" (compare with the SGN_VERSION_*
 * macros the caller was built with).
 * @return a static string, never NULL.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_version_string(void);

#ifdef __cplusplus
}
#endif
#endif
