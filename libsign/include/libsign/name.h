/* SPDX-License-Identifier: MIT */
/** @file name.h
 * Domain names in uncompressed wire form: conversion, comparison, canonical order.
 *
 * A name is a sequence of length-prefixed labels ending with the root label (a zero
 * byte), at most ::SGN_NAME_MAX bytes. sgn_name_len() and sgn_name_from_str() check their
 * input; the other functions expect well-formed names (sgn_name_len() > 0), and then never
 * read past the root label and never past ::SGN_NAME_MAX bytes.
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
 * Ownership: writes into @p out (and @p outlen); nothing is allocated. Letter case is kept.
 * Errors: ::SGN_EPARSE for an empty name or label, a label over 63 or a name over 255
 *         octets (with the origin), a bad escape, or a malformed @p origin; @p out may
 *         hold a partial name then.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_name_from_str(uint8_t *out, size_t *outlen, const char *str,
                                                  const uint8_t *origin) SGN_NONNULL(1, 3);

/**
 * Write a wire name in presentation form with a final dot; special characters are
 * escaped as BIND and ldns do (\. \\ \" \( \) \; \@ \$, and \DDD for space and
 * non-printables).
 * @param cap size of @p buf (::SGN_NAME_STR_MAX always suffices)
 * @return ::SGN_OK, or ::SGN_EINVAL when @p cap is too small or the name is malformed.
 * Ownership: writes into @p buf only.
 * Errors: ::SGN_EINVAL when the name is malformed (sgn_name_len() is 0) or @p cap is too
 *         small (@p buf holds a partial, unterminated text then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_name_to_str(char *buf, size_t cap, const uint8_t *name)
	SGN_NONNULL(1, 3);

/**
 * Length of a well-formed wire name including the root label; reads at most @p max bytes
 * (and never more than ::SGN_NAME_MAX).
 * @return the length, or 0 when the name runs past @p max bytes or ::SGN_NAME_MAX, or
 *         has a label longer than 63 bytes or a compression pointer.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API size_t sgn_name_len(const uint8_t *name, size_t max);

/**
 * Label counts of a well-formed name: sgn_name_labels() not counting the root label
 * ("www.example.com." is 3), sgn_name_rrsig_labels() the RRSIG Labels value of an owner,
 * the same without a leading "*" label.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API unsigned sgn_name_labels(const uint8_t *name) SGN_NONNULL(1);
SGN_API unsigned sgn_name_rrsig_labels(const uint8_t *name) SGN_NONNULL(1);

/**
 * True when the first label is exactly "*".
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_name_is_wildcard(const uint8_t *name) SGN_NONNULL(1);

/**
 * The wildcard name "*.<encloser>" (RFC 4592).
 * @param out at least ::SGN_NAME_MAX bytes
 * @return ::SGN_OK, or ::SGN_EPARSE when the result would be too long.
 * Ownership: writes into @p out only.
 * Errors: ::SGN_EPARSE when @p encloser is malformed or the result would be over 255
 *         octets (@p out untouched then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_name_wildcard(uint8_t *out, const uint8_t *encloser)
	SGN_NONNULL(1, 2);

/**
 * Lower-case ASCII letters of a well-formed name in place (RFC 4034 §6.2).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_name_lower(uint8_t *name) SGN_NONNULL(1);

/**
 * Case-insensitive (ASCII) equality of two well-formed names.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_name_equal(const uint8_t *a, const uint8_t *b) SGN_NONNULL(1, 2);

/**
 * Canonical DNS name order (RFC 4034 §6.1): compare labels right to left, each as a
 * lower-cased octet string. @return <0, 0, >0.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API int sgn_name_compare(const uint8_t *a, const uint8_t *b) SGN_NONNULL(1, 2);

/**
 * True when @p name is @p parent or below it (case-insensitive).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_name_is_subdomain(const uint8_t *name, const uint8_t *parent)
	SGN_NONNULL(1, 2);

/**
 * Pointer to the name with its first @p n labels removed (a suffix of @p name, no copy).
 * Returns the root label if @p n is at least the label count.
 * @return a pointer into @p name.
 * Ownership: borrowed from @p name (the caller's storage).
 */
SGN_API const uint8_t *sgn_name_strip(const uint8_t *name, unsigned n) SGN_NONNULL(1);

#ifdef __cplusplus
}
#endif
#endif
