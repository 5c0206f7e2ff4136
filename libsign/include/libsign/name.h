/* SPDX-License-Identifier: MIT */
/** @file name.h
 * Domain names in uncompressed wire form: conversion, comparison, canonical order.
 *
 * A name is a sequence of length-prefixed labels ending with the root label (a zero
 * byte), at most ::SGN_NAME_MAX bytes. Functions here never read past the root label
 * and never past ::SGN_NAME_MAX bytes.
 */
#ifndef LIBSIGN_NAME_H
#define LIBSIGN_NAME_H

#include <libsign/base.h>

#ifdef __cplusplus
extern "C" {
#endif

/** Largest wire-form name, in bytes (RFC 1035 §2.3.4). */
#define SGN_NAME_MAX 255
/** Largest label, in bytes. */
#define SGN_LABEL_MAX 63
/** Buffer size that holds any name in presentation form with escapes, plus NUL. */
#define SGN_NAME_STR_MAX 1024

/**
 * Parse a presentation-form name ("www.example.com.", "www", "@", with \DDD and \X
 * escapes) into wire form.
 * @param out     receives the wire name; at least ::SGN_NAME_MAX bytes
 * @param outlen  receives its length (may be NULL)
 * @param str     the text; a name without a final dot is relative to @p origin
 * @param origin  wire-form origin for relative names and "@"; NULL means the root
 * @return ::SGN_OK; ::SGN_EPARSE for an empty label, an overlong label or name, or a
 *         bad escape.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_name_from_str(uint8_t *out, size_t *outlen, const char *str,
                                                  const uint8_t *origin);

/**
 * Write a wire name in presentation form with a final dot; special characters are
 * escaped as BIND and ldns do (\. \\ \" and \DDD for non-printables).
 * @return ::SGN_OK, or ::SGN_EINVAL when @p cap is too small or the name is malformed.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_name_to_str(char *buf, size_t cap, const uint8_t *name);

/**
 * Length of a well-formed wire name including the root label.
 * @return the length, or 0 when the name runs past @p max bytes or ::SGN_NAME_MAX, or
 *         has a label longer than 63 bytes or a compression pointer.
 */
SGN_API size_t sgn_name_len(const uint8_t *name, size_t max);

/** Number of labels, not counting the root label: "www.example.com." is 3. */
SGN_API unsigned sgn_name_labels(const uint8_t *name);

/** RRSIG Labels value for an owner: like sgn_name_labels() but a leading "*" is not counted. */
SGN_API unsigned sgn_name_rrsig_labels(const uint8_t *name);

/** True when the first label is exactly "*". */
SGN_API bool sgn_name_is_wildcard(const uint8_t *name);

/**
 * The wildcard name "*.<encloser>" (RFC 4592).
 * @param out at least ::SGN_NAME_MAX bytes
 * @return ::SGN_OK, or ::SGN_EPARSE when the result would be too long.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_name_wildcard(uint8_t *out, const uint8_t *encloser);

/** Lower-case ASCII letters in place (RFC 4034 §6.2). */
SGN_API void sgn_name_lower(uint8_t *name);

/** Case-insensitive equality. */
SGN_API bool sgn_name_equal(const uint8_t *a, const uint8_t *b);

/**
 * Canonical DNS name order (RFC 4034 §6.1): compare labels right to left, each as a
 * lower-cased octet string. @return <0, 0, >0.
 */
SGN_API int sgn_name_compare(const uint8_t *a, const uint8_t *b);

/** True when @p name is @p parent or below it (case-insensitive). */
SGN_API bool sgn_name_is_subdomain(const uint8_t *name, const uint8_t *parent);

/**
 * Pointer to the name with its first @p n labels removed (a suffix of @p name, no copy).
 * Returns the root label if @p n is at least the label count.
 */
SGN_API const uint8_t *sgn_name_strip(const uint8_t *name, unsigned n);

#ifdef __cplusplus
}
#endif
#endif
