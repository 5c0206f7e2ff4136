/* SPDX-License-Identifier: MIT */
/* Shared helpers for the cmocka unit tests: fixture paths under $SIGIL_TOP, hex, zone fixtures
 * read into RR lists, RRsets in canonical form, a fixed clock and temporary directories.
 *
 * Every helper that cannot do its job fails the running test through a cmocka assertion, so
 * tests read as a list of facts. Tests never read the wall clock, the network or ../shared. */
#ifndef SIGIL_TESTS_HELPERS_H
#define SIGIL_TESTS_HELPERS_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <stdbool.h>
#include <cmocka.h>

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/rr.h>
#include <libsign/rrset.h>
#include <libsign/validate.h>

/* -- fixed clock -- */

/* The "now" of tests that need one but do not care which: 2023-11-14 22:13:20 UTC. */
#define TH_NOW INT64_C(1700000000)

/* Unix seconds of a "YYYYMMDDHHMMSS" time (asserts that it parses). */
int64_t th_time(const char *stamp);

/* -- fixtures -- */

/* The repository root: $SIGIL_TOP (set by `make unit`), else ".". */
const char *th_top(void);

/* "<top>/<rel>". The result lives in one of 16 rotating static buffers: use it before calling
 * th_path() 16 more times. Asserts that the path fits. */
const char *th_path(const char *rel);

/* Read a whole file into a NUL-terminated malloc'd string; *len (may be NULL) gets its size. */
char *th_read_file(const char *path, size_t *len);

/* Write (create or replace) a file with @p text. */
void th_write_file(const char *path, const char *text);

/* -- temporary directories -- */

/* Create a fresh directory under /tmp (mkdtemp) and write its path into @p dir. */
void th_tmpdir_new(char dir[64]);

/* Remove a directory made by th_tmpdir_new() and everything in it (one level of
 * subdirectories). */
void th_tmpdir_remove(const char *dir);

/* "<dir>/<name>" in a rotating static buffer, like th_path(). */
const char *th_join(const char *dir, const char *name);

/* A cmocka setup/teardown pair: libsign initialised and a fresh temporary directory for
 * each test, its path (a char *) in *state; the directory is removed afterwards. One test
 * at a time (the path lives in a static buffer). */
int th_tmpdir_setup(void **state);
int th_tmpdir_teardown(void **state);

/* The entries in a directory, "." and ".." aside: dot files (temporary files) count. */
size_t th_dir_entries(const char *dir);

/* -- RFC example keys -- */

/* The BIND key files (basenames, relative to the top of the tree) of the RFC 5702, RFC 6605
 * and RFC 8080 examples: algorithms 8, 10, 13, 14, 15, 15, 16, 16, in that order. */
#define TH_RFC_KEYS 8
extern const char *const th_rfc_keys[TH_RFC_KEYS];

/* -- whole zones -- */

/* A KSK and a ZSK for @p zone, Ed25519 (deterministic signatures: outputs compare byte for
 * byte), added to @p keys; asserts success. */
void th_keys_ed25519(sgn_keylist_t *keys, const char *zone);

/* Load zone text with sgn_zone_load(), through the file "<dir>/in.zone"; asserts success
 * (printing the diagnostic otherwise). Free with sgn_zone_free(). */
sgn_zone_t *th_zone_from_text(const char *dir, const char *text);

/* The zone as sgn_zone_write() prints it (malloc'd; the caller frees). */
char *th_zone_to_text(const sgn_zone_t *zone);

/* -- bytes -- */

/* Decode hex (whitespace allowed) into @p out; returns the length. Asserts valid hex that fits. */
size_t th_hex(uint8_t *out, size_t cap, const char *hex);

/* Lower-case hex of @p len bytes in a rotating static buffer (up to 2048 bytes of input). */
const char *th_to_hex(const uint8_t *data, size_t len);

/* A deterministic pseudo-random byte stream (xorshift) for round-trip tests. */
void th_fill(uint8_t *out, size_t len, uint32_t seed);

/* -- names -- */

/* Parse an absolute or root-relative presentation name into @p out (asserts success). */
const uint8_t *th_name(uint8_t out[SGN_NAME_MAX], const char *str);

/* Presentation form of a wire name, in a rotating static buffer like th_path(). */
const char *th_name_str(const uint8_t *name);

/* -- keys and signatures -- */

/* Generate a key for @p zone (RSA at 1024 bits to stay fast, the others at their size). */
sgn_key_t *th_key_generate(const char *zone, uint8_t alg, uint16_t flags);

/* Write @p key as BIND files into @p dir; returns "<dir>/K..." (rotating buffer). */
const char *th_key_write(const sgn_key_t *key, const char *dir);

/* sgn_rrsig_check() at @p now (time window checked, no revoked keys); asserts that it ran. */
sgn_sig_result_t th_sig_check(const sgn_rrset_t *set, const uint8_t *sig, size_t len,
                              const sgn_key_t *key, int64_t now);

/* Fail, naming both results and @p what, unless @p got is @p want. */
void th_expect_sig(sgn_sig_result_t got, sgn_sig_result_t want, const char *what);

/* -- zone fixtures -- */

/* One RR with owned storage, as read from a zone file. */
typedef struct th_rr {
	uint8_t owner[SGN_NAME_MAX];
	uint16_t type;
	uint16_t rclass;
	uint32_t ttl;
	uint16_t rdlen;
	uint8_t *rdata;
	unsigned long line;
} th_rr_t;

/* The RRs of a zone file in file order (or canonical order after th_zone_sort()). */
typedef struct th_zone {
	th_rr_t *rrs;
	size_t count;
	size_t cap;
	bool sorted;
} th_zone_t;

/* Read a fixture zone (path relative to the repository root) with @p origin ("example." or
 * NULL for the root); RRs without any TTL in the file (root.key) get TTL 0. Asserts that the
 * whole file reads. */
void th_zone_load(th_zone_t *z, const char *rel, const char *origin);

/* Read zone text from memory; returns the reader's error (SGN_OK at a clean end), with
 * @p diag filled on failure. RRs read before an error stay in @p z. */
sgn_err_t th_zone_load_text(th_zone_t *z, const char *text, const char *origin, sgn_diag_t *diag);

/* th_zone_load_text() that must succeed. */
void th_zone_load_text_ok(th_zone_t *z, const char *text, const char *origin);

/* th_zone_load_text() (origin "example.") that must fail with @p want at @p line, with a
 * message; returns the diagnostic. */
sgn_diag_t th_zone_load_text_fails(const char *text, sgn_err_t want, unsigned long line);

/* RDATA in presentation form (malloc'd, caller frees). */
char *th_rdata_str(uint16_t type, const uint8_t *rdata, size_t len);

/* Assert an RR's owner, TTL, type and RDATA, the last two as presentation text. */
void th_expect_rr(const th_rr_t *r, const char *owner, uint32_t ttl, uint16_t type,
                  const char *rdata);

/* Free the RRs; the zone is empty afterwards. */
void th_zone_release(th_zone_t *z);

/* Sort into canonical order (owner, type, RDATA) so that RRset lookups are fast. */
void th_zone_sort(th_zone_t *z);

/* Number of RRs of @p type (0 counts every RR). */
size_t th_zone_count(const th_zone_t *z, uint16_t type);

/* The @p nth (0-based) RR of @p type at @p owner (NULL: any owner), or NULL. */
const th_rr_t *th_zone_find(const th_zone_t *z, const char *owner, uint16_t type, size_t nth);

/* The RRSIG at @p owner covering @p covered made by key @p tag (0: any tag), or NULL. */
const th_rr_t *th_zone_rrsig(const th_zone_t *z, const char *owner, uint16_t covered, uint16_t tag);

/* A public key made from the DNSKEY at @p owner with key tag @p tag (asserts it exists).
 * Free with sgn_key_free(). */
sgn_key_t *th_zone_key(const th_zone_t *z, const char *owner, uint16_t tag);

/* An RRset with owned storage: owner lower-cased, RDATA canonical, sorted and unique. */
typedef struct th_rrset {
	sgn_rrset_t set;
	uint8_t owner[SGN_NAME_MAX];
	sgn_rdata_t *rd;
	uint8_t *store;
} th_rrset_t;

/* Gather the RRset (@p owner, @p type) of a zone; asserts that it has at least one RR. */
void th_zone_rrset(const th_zone_t *z, const char *owner, uint16_t type, th_rrset_t *out);

/* Like th_zone_rrset() with a wire-form owner; returns false when the RRset is empty. */
bool th_zone_rrset_wire(const th_zone_t *z, const uint8_t *owner, uint16_t type, th_rrset_t *out);

/* Build an RRset from RDATA texts ("192.0.2.1", ...) terminated by NULL. */
void th_rrset_from_text(th_rrset_t *out, const char *owner, uint16_t type, uint32_t ttl, ...);

void th_rrset_release(th_rrset_t *s);

#endif
