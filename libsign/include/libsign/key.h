/* SPDX-License-Identifier: MIT */
/** @file key.h
 * DNSSEC keys: DNSKEY construction, key tags, key generation, BIND key files
 * (`K<zone>+<alg>+<tag>.key` / `.private`, Private-key-format v1.3 with timing fields),
 * and signing/verifying raw data with a key.
 *
 * Private key bytes are wiped from memory when a key is freed. Key files are written
 * through a temporary file and a rename, `.private` with mode 0600, and never over an
 * existing file.
 */
#ifndef LIBSIGN_KEY_H
#define LIBSIGN_KEY_H

#include <libsign/base.h>
#include <libsign/rr.h>

#ifdef __cplusplus
extern "C" {
#endif

/** A DNSKEY, with or without its private half. Opaque. */
typedef struct sgn_key sgn_key_t;

/** The BIND key timing events (RFC 7583 names), in .private file order. */
typedef enum sgn_key_event {
	SGN_KEY_CREATED = 0,
	SGN_KEY_PUBLISH,
	SGN_KEY_ACTIVATE,
	SGN_KEY_REVOKE,
	SGN_KEY_INACTIVE,
	SGN_KEY_DELETE,
	SGN_KEY_SYNC_PUBLISH,
	SGN_KEY_SYNC_DELETE,
	SGN_KEY_EVENT__COUNT
} sgn_key_event_t;

/** Name of a timing event as in BIND key files ("Activate"), or NULL when out of range. */
SGN_API const char *sgn_key_event_name(sgn_key_event_t ev);

/**
 * RFC 4034 Appendix B key tag of DNSKEY RDATA (with the algorithm 1 special case).
 * @return the tag; 0 for RDATA shorter than 4 bytes.
 */
SGN_API uint16_t sgn_keytag(const uint8_t *rdata, size_t len);

/**
 * Generate a new key pair.
 * @param out    receives the key; caller frees with sgn_key_free()
 * @param owner  wire-form zone name (copied, lower-cased)
 * @param alg    algorithm number; must satisfy sgn_alg_can_sign()
 * @param bits   key size for RSA (0 for the default); must be 0 or the fixed size for
 *               other algorithms
 * @param flags  DNSKEY flags (::SGN_DNSKEY_ZONE, optionally ::SGN_DNSKEY_SEP)
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED for an algorithm that cannot sign; ::SGN_EINVAL
 *         for a size out of range; ::SGN_ECRYPTO; ::SGN_ENOMEM.
 * Thread safety: re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_generate(sgn_key_t **out, const uint8_t *owner,
                                                 uint8_t alg, unsigned bits, uint16_t flags);

/**
 * Make a public-only key from DNSKEY RDATA.
 * @param out receives the key; caller frees with sgn_key_free()
 * @return ::SGN_OK; ::SGN_EPARSE for short RDATA; ::SGN_ENOMEM. The algorithm need not be
 *         supported: sgn_key_can_verify() tells whether signatures can be checked.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_from_dnskey(sgn_key_t **out, const uint8_t *owner,
                                                    const uint8_t *rdata, size_t len);

/**
 * Read a BIND key pair. @p path is the basename `K<zone>+<alg>+<tag>` or either file
 * name; the `.key` file is required, the `.private` file is read when @p need_private.
 * The `.private` must belong to the `.key` (same algorithm and public key), else
 * ::SGN_EKEY. Timing fields (v1.3) are read from the `.private`, or from the `.key`
 * comments when only the public half is read.
 * @param out  receives the key; caller frees with sgn_key_free()
 * @param diag optional; names the file and line of a parse error
 * @return ::SGN_OK; ::SGN_EIO; ::SGN_EPARSE; ::SGN_EUNSUPPORTED (unknown algorithm);
 *         ::SGN_EKEY; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_read_bind(sgn_key_t **out, const char *path,
                                                  bool need_private, sgn_diag_t *diag);

/**
 * Write a BIND key pair `<dir>/K<zone>+<alg>+<tag>.{key,private}` (v1.3). Each file is
 * written to a temporary file, flushed, synced and linked into place (link(2) refuses an
 * existing target, so nothing is ever overwritten); the `.private` is mode 0600.
 * @param dir      directory ("." when NULL)
 * @param basename receives the `K…` basename without directory (may be NULL)
 * @param cap      size of @p basename
 * @return ::SGN_OK; ::SGN_EEXIST when either file exists; ::SGN_EIO; ::SGN_EKEY when
 *         the key has no private half; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_write_bind(const sgn_key_t *key, const char *dir,
                                                   char *basename, size_t cap,
                                                   sgn_diag_t *diag);

/**
 * Rewrite the timing metadata of the existing key pair `<dir>/K<zone>+<alg>+<tag>` to
 * @p key's: the `.private` file's timing fields and the `.key` file's timing comments are
 * replaced, every other line kept as it is (key material, BIND's other fields). Each file is
 * replaced atomically (see outfile.h), the `.private` with mode 0600; a key without a
 * `.private` (published only) keeps having none.
 * @param dir directory ("." when NULL)
 * @return ::SGN_OK; ::SGN_ENOTFOUND when the `.key` file is missing; ::SGN_EIO; ::SGN_ENOMEM.
 * Ownership: @p key is read only. Errors: as above; a failure leaves each file as it was or
 * wholly rewritten.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_update_bind_times(const sgn_key_t *key, const char *dir,
                                                          sgn_diag_t *diag);

/** The `K<zone>+<alg>+<tag>` basename. @return ::SGN_OK or ::SGN_EINVAL when too small. */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_bind_basename(const sgn_key_t *key, char *buf, size_t cap);

/**
 * Copy a key, private half included (shared by reference where the crypto library
 * allows, copied otherwise; either way freed safely with sgn_key_free()).
 * @return ::SGN_OK or ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_dup(sgn_key_t **out, const sgn_key_t *key);

/** Free a key, wiping its private half. NULL is ignored. */
SGN_API void sgn_key_free(sgn_key_t *key);

/** Owner (zone) name in wire form. Borrowed, valid while the key lives. */
SGN_API const uint8_t *sgn_key_get_owner(const sgn_key_t *key);
SGN_API uint16_t sgn_key_get_flags(const sgn_key_t *key);
SGN_API uint8_t sgn_key_get_algorithm(const sgn_key_t *key);
/** Key tag of the key as published (with its current flags). */
SGN_API uint16_t sgn_key_get_tag(const sgn_key_t *key);
/** Key size in bits (RSA modulus, curve size), 0 when unknown. */
SGN_API unsigned sgn_key_get_bits(const sgn_key_t *key);
/** DNSKEY RDATA. Borrowed, valid until the key is changed or freed. */
SGN_API sgn_rdata_t sgn_key_get_rdata(const sgn_key_t *key);
/** TTL from the key file, 0 when none was given. */
SGN_API uint32_t sgn_key_get_ttl(const sgn_key_t *key);
SGN_API void sgn_key_set_ttl(sgn_key_t *key, uint32_t ttl);

/**
 * Change the DNSKEY flags (for instance set ::SGN_DNSKEY_REVOKE); the tag changes with them.
 * @return ::SGN_OK.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_set_flags(sgn_key_t *key, uint16_t flags);

/** True when the private half is present. */
SGN_API bool sgn_key_has_private(const sgn_key_t *key);
/** True when the key has the SEP bit (a KSK or CSK by convention). */
SGN_API bool sgn_key_is_sep(const sgn_key_t *key);
/** True when libsign can check signatures with this key. */
SGN_API bool sgn_key_can_verify(const sgn_key_t *key);

/**
 * A timing event. @param when receives Unix seconds when set.
 * @return true when the event is set.
 */
SGN_API bool sgn_key_get_time(const sgn_key_t *key, sgn_key_event_t ev, int64_t *when);
/** Set (or, with @p set false, clear) a timing event. */
SGN_API void sgn_key_set_time(sgn_key_t *key, sgn_key_event_t ev, bool set, int64_t when);

/**
 * Check that the key's timing events come in RFC 7583 order: Publish <= Activate <=
 * Inactive <= Delete, Activate <= Revoke <= Delete, and SyncPublish <= SyncDelete (events
 * that are not set are skipped). A key out of order would be signed with before it is
 * published, or deleted while still signing.
 * @param diag receives "Activate time is after the Inactive time" and the like (may be NULL)
 * @return ::SGN_OK, or ::SGN_EINVAL for the first pair out of order.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_check_timing(const sgn_key_t *key, sgn_diag_t *diag);

/**
 * True when @p key's DNSKEY equals the given DNSKEY RDATA in algorithm and public key.
 * With @p same_flags the flags must match too, else the REVOKE bit is ignored. Keys are
 * identified by their full public key, never by the tag alone.
 */
SGN_API bool sgn_key_matches_rdata(const sgn_key_t *key, const uint8_t *rdata, size_t len,
                                   bool same_flags);

/**
 * Sign raw data (the RRSIG signing data) with the private half. The signature is in
 * DNSSEC wire form (ECDSA r||s, RSA PKCS#1 v1.5, EdDSA raw).
 * @param sig  appended to
 * @return ::SGN_OK; ::SGN_EKEY without a private half; ::SGN_ECRYPTO; ::SGN_ENOMEM.
 * Thread safety: one key may sign from several threads at once.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_sign(const sgn_key_t *key, const uint8_t *data,
                                             size_t len, sgn_buf_t *sig);

/**
 * Check a signature over raw data.
 * @param valid receives the verdict; a wrong signature is ::SGN_OK with *valid false
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED for an algorithm libsign cannot verify;
 *         ::SGN_EKEY when the public key is malformed; ::SGN_ECRYPTO.
 * Thread safety: one key may verify from several threads at once.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_verify(const sgn_key_t *key, const uint8_t *data,
                                               size_t len, const uint8_t *sig, size_t siglen,
                                               bool *valid);

/** A list of keys that owns them. Caller storage: init, then release. */
typedef struct sgn_keylist {
	sgn_key_t **keys;
	size_t count;
	size_t cap;
} sgn_keylist_t;

/** Set an empty list. Never fails. */
SGN_API void sgn_keylist_init(sgn_keylist_t *list);
/** Free every key and the list storage; the list is empty afterwards. */
SGN_API void sgn_keylist_release(sgn_keylist_t *list);

/**
 * Append a key; the list takes ownership, and frees @p key on failure too.
 * @return ::SGN_OK or ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_keylist_add_take(sgn_keylist_t *list, sgn_key_t *key);

/**
 * Read every BIND key of @p zone in directory @p dir (files `K<zone>+AAA+TTTTT.key`,
 * zone name compared case-insensitively) and append them in file-name order.
 * @param need_private read each key's `.private` file too when it exists (it must then match);
 *                     a key without one is loaded public-only
 * @return ::SGN_OK; the first failing file's error with @p diag naming it; ::SGN_EIO when
 *         the directory cannot be read.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_keylist_read_dir(sgn_keylist_t *list, const char *dir,
                                                     const uint8_t *zone, bool need_private,
                                                     sgn_diag_t *diag);

/**
 * True when @p key's tag, or its tag with the REVOKE bit flipped, equals the tag or the
 * flipped tag of any key in @p list (RFC 5011 §7: revoking changes the tag).
 */
SGN_API bool sgn_keylist_tag_collides(const sgn_keylist_t *list, const sgn_key_t *key);

/**
 * Like sgn_key_generate(), but draws again while the new key's tag collides with a key in
 * @p existing (see sgn_keylist_tag_collides()).
 * @return as sgn_key_generate(); ::SGN_ELIMIT after 100 colliding draws.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_generate_unique(sgn_key_t **out,
                                                        const sgn_keylist_t *existing,
                                                        const uint8_t *owner, uint8_t alg,
                                                        unsigned bits, uint16_t flags);

#ifdef __cplusplus
}
#endif
#endif
