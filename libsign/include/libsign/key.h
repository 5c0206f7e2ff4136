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

/**
 * Name of a timing event as in BIND key files ("Activate").
 * @return a static string, or NULL when @p ev is out of range.
 * Ownership: static storage, never freed.
 */
SGN_API const char *sgn_key_event_name(sgn_key_event_t ev);

/**
 * RFC 4034 Appendix B key tag of DNSKEY RDATA (with the algorithm 1 special case).
 * @return the tag; 0 for RDATA shorter than 4 bytes (and for algorithm 1 RDATA shorter
 *         than 7).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
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
 * Ownership: the caller frees *@p out with sgn_key_free() (NULL on error); no timing
 *         events and no TTL are set.
 * Errors: ::SGN_EUNSUPPORTED when sgn_alg_can_sign() refuses @p alg; ::SGN_EINVAL for
 *         @p bits outside sgn_alg_key_bits(); ::SGN_EPARSE for a malformed @p owner;
 *         ::SGN_ECRYPTO when the crypto library fails; ::SGN_ENOMEM.
 * Thread safety: re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_generate(sgn_key_t **out, const uint8_t *owner,
                                                 uint8_t alg, unsigned bits, uint16_t flags)
	SGN_NONNULL(1, 2);

/**
 * Make a public-only key from DNSKEY RDATA.
 * @param out   receives the key; caller frees with sgn_key_free()
 * @param owner wire-form zone name (copied, lower-cased)
 * @return ::SGN_OK; ::SGN_EPARSE for short or overlong RDATA; ::SGN_ENOMEM. The
 *         algorithm need not be supported, nor the key loadable: sgn_key_can_verify()
 *         tells whether signatures can be checked.
 * Ownership: copies @p owner and @p rdata; the caller frees *@p out with sgn_key_free()
 *         (NULL on error).
 * Errors: ::SGN_EPARSE for RDATA shorter than 4 bytes or longer than 65535 (what an RR's
 *         16-bit RDATA length can say), or a malformed owner; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_from_dnskey(sgn_key_t **out, const uint8_t *owner,
                                                    const uint8_t *rdata, size_t len)
	SGN_NONNULL(1, 2);

/**
 * Read a BIND key pair. @p path is the basename `K<zone>+<alg>+<tag>` or either file
 * name; the `.key` file is required, the `.private` file is read when @p need_private.
 * The `.private` must belong to the `.key` (same algorithm and public key), else
 * ::SGN_EKEY. Timing fields (v1.3) are read from the `.private`, or from the `.key`
 * comments when only the public half is read.
 * A private key is checked by signing and verifying a test message before it is accepted.
 * @param out  receives the key; caller frees with sgn_key_free()
 * @param diag optional; names the file and line of a parse error
 * @return ::SGN_OK; ::SGN_EIO; ::SGN_EPARSE; ::SGN_EUNSUPPORTED (unknown algorithm);
 *         ::SGN_EKEY; ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_key_free() (NULL on error); the private key
 *         text read is wiped from memory.
 * Errors: ::SGN_EINVAL for a path over 4087 bytes (without its suffix); ::SGN_EIO when
 *         a file cannot be read; ::SGN_ELIMIT for a file over 64 KiB; ::SGN_EPARSE for a
 *         `.key` without a well-formed DNSKEY record (one whose public key decodes) or a
 *         malformed `.private` field, time or base64;
 *         ::SGN_EKEY when the file name's zone, algorithm or tag disagree with the key, or
 *         the `.private` does not belong to the `.key`, misses fields or makes signatures
 *         that do not verify; ::SGN_EUNSUPPORTED when the `.private`'s algorithm cannot be
 *         used; ::SGN_ECRYPTO; ::SGN_ENOMEM. @p diag names the file (and line).
 * Thread safety: re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_read_bind(sgn_key_t **out, const char *path,
                                                  bool need_private, sgn_diag_t *diag)
	SGN_NONNULL(1, 2);

/**
 * Write a BIND key pair `<dir>/K<zone>+<alg>+<tag>.{key,private}` (v1.3). Each file is
 * written to a temporary file, flushed, synced and linked into place (link(2) refuses an
 * existing target, so nothing is ever overwritten); the `.private` is mode 0600.
 * @param basename receives the `K…` basename without directory (may be NULL)
 * @param cap      size of @p basename
 * @param dir      directory ("." when NULL)
 * @return ::SGN_OK; ::SGN_EEXIST when either file exists; ::SGN_EIO; ::SGN_EKEY when
 *         the key has no private half; ::SGN_ENOMEM.
 * Ownership: @p key is only read; the private key text is wiped from memory after writing.
 * Errors: ::SGN_EKEY without a private half; ::SGN_EEXIST when either file exists (nothing
 *         is written); ::SGN_EIO when a file cannot be written (a `.private` written
 *         before a failed `.key` is removed again); ::SGN_EINVAL when the basename would
 *         be over 511 bytes, when it does not fit @p cap, or when a file's path would be
 *         over 4095 bytes (nothing is written then);
 *         ::SGN_ECRYPTO when the private key cannot be exported; ::SGN_ENOMEM.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_write_bind(const sgn_key_t *key, char *basename,
                                                   size_t cap, const char *dir,
                                                   sgn_diag_t *diag) SGN_NONNULL(1);

/**
 * Rewrite the timing metadata of the existing key pair `<dir>/K<zone>+<alg>+<tag>` to
 * @p key's: the `.private` file's timing fields and the `.key` file's timing comments are
 * replaced, every other line kept as it is (key material, BIND's other fields). Each file is
 * replaced atomically (see outfile.h), the `.private` with mode 0600; a key without a
 * `.private` (published only) keeps having none.
 * @param dir directory ("." when NULL)
 * @return ::SGN_OK; ::SGN_ENOTFOUND when the `.key` file is missing; ::SGN_EIO; ::SGN_ENOMEM.
 * Ownership: @p key is read only.
 * Errors: ::SGN_ENOTFOUND when the `.key` file is missing (checked first: nothing is
 *         rewritten then); ::SGN_EIO when a file cannot be read or replaced; ::SGN_ELIMIT
 *         for a file over 64 KiB; ::SGN_EINVAL when the basename would be over 511 bytes;
 *         ::SGN_ENOMEM. A failure leaves each file as it was or wholly rewritten.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_update_bind_times(const sgn_key_t *key, const char *dir,
                                                          sgn_diag_t *diag) SGN_NONNULL(1);

/**
 * The `K<zone>+<alg>+<tag>` basename (zone in presentation form with its final dot,
 * algorithm in 3 digits, tag in 5), NUL-terminated.
 * @param cap size of @p buf
 * @return ::SGN_OK or ::SGN_EINVAL when too small.
 * Ownership: writes into @p buf only.
 * Errors: ::SGN_EINVAL when @p buf is too small (it may hold a truncated name then).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_bind_basename(const sgn_key_t *key, char *buf, size_t cap)
	SGN_NONNULL(1, 2);

/**
 * Copy a key, private half included (shared by reference where the crypto library
 * allows, copied otherwise; either way freed safely with sgn_key_free()), with its TTL
 * and timing events.
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: the caller frees *@p out with sgn_key_free() (NULL on error), independently
 *         of @p key.
 * Errors: ::SGN_ENOMEM; ::SGN_ECRYPTO when the crypto library cannot take another
 *         reference to the private key.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_dup(sgn_key_t **out, const sgn_key_t *key)
	SGN_NONNULL(1, 2);

/**
 * Free a key, wiping its private half.
 * Ownership: frees @p key; NULL is ignored. Views from the getters die with it.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_key_free(sgn_key_t *key);

/**
 * Owner (zone) name in wire form, lower case.
 * Ownership: borrowed from @p key, valid while the key lives.
 */
SGN_API const uint8_t *sgn_key_get_owner(const sgn_key_t *key) SGN_NONNULL(1);

/**
 * Fields of the key: its DNSKEY flags and algorithm, its key tag as published (with its
 * current flags), and its size in bits (RSA modulus, curve size; 0 when no backend could
 * load it).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API uint16_t sgn_key_get_flags(const sgn_key_t *key) SGN_NONNULL(1);
SGN_API uint8_t sgn_key_get_algorithm(const sgn_key_t *key) SGN_NONNULL(1);
SGN_API uint16_t sgn_key_get_tag(const sgn_key_t *key) SGN_NONNULL(1);
SGN_API unsigned sgn_key_get_bits(const sgn_key_t *key) SGN_NONNULL(1);

/**
 * DNSKEY RDATA.
 * Ownership: borrowed from @p key, valid until the key is changed (sgn_key_set_flags()
 *         rewrites it in place) or freed. Errors: none (cannot fail).
 */
SGN_API sgn_rdata_t sgn_key_get_rdata(const sgn_key_t *key) SGN_NONNULL(1);

/**
 * The TTL from the key file, 0 when none was given.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API uint32_t sgn_key_get_ttl(const sgn_key_t *key) SGN_NONNULL(1);

/**
 * Set the TTL written with the key (0: none, the zone's).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_key_set_ttl(sgn_key_t *key, uint32_t ttl) SGN_NONNULL(1);

/**
 * Change the DNSKEY flags (for instance set ::SGN_DNSKEY_REVOKE); the tag changes with them.
 * @return ::SGN_OK.
 * Ownership: rewrites the key's RDATA in place (views of it see the new flags).
 * Errors: none (always ::SGN_OK).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_set_flags(sgn_key_t *key, uint16_t flags) SGN_NONNULL(1);

/**
 * Properties: sgn_key_has_private() is true when the private half is present,
 * sgn_key_is_sep() when the key has the SEP bit (a KSK or CSK by convention),
 * sgn_key_can_verify() when libsign can check signatures with it (its algorithm has a
 * backend that loaded the public key).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_key_has_private(const sgn_key_t *key) SGN_NONNULL(1);
SGN_API bool sgn_key_is_sep(const sgn_key_t *key) SGN_NONNULL(1);
SGN_API bool sgn_key_can_verify(const sgn_key_t *key) SGN_NONNULL(1);

/**
 * A timing event.
 * @param when receives Unix seconds when set (may be NULL)
 * @return true when the event is set; false when not, or @p ev is out of range.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_key_get_time(const sgn_key_t *key, int64_t *when, sgn_key_event_t ev)
	SGN_NONNULL(1);

/**
 * Set (or, with @p set false, clear) a timing event; an @p ev out of range is ignored.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API void sgn_key_set_time(sgn_key_t *key, sgn_key_event_t ev, bool set, int64_t when)
	SGN_NONNULL(1);

/**
 * Check that the key's timing events come in RFC 7583 order: Publish <= Activate <=
 * Inactive <= Delete, Activate <= Revoke <= Delete, and SyncPublish <= SyncDelete (events
 * that are not set are skipped). A key out of order would be signed with before it is
 * published, or deleted while still signing.
 * @param diag receives "Activate time is after the Inactive time" and the like (may be NULL)
 * @return ::SGN_OK, or ::SGN_EINVAL for the first pair out of order.
 * Ownership: nothing is allocated.
 * Errors: ::SGN_EINVAL for the first pair out of order (@p diag without a file name).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_check_timing(const sgn_key_t *key, sgn_diag_t *diag)
	SGN_NONNULL(1);

/**
 * True when @p key's DNSKEY equals the given DNSKEY RDATA in algorithm and public key
 * (and protocol). With @p same_flags the flags must match too, else the REVOKE bit is
 * ignored. Keys are identified by their full public key, never by the tag alone.
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_key_matches_rdata(const sgn_key_t *key, const uint8_t *rdata, size_t len,
                                   bool same_flags) SGN_NONNULL(1);

/**
 * Sign raw data (the RRSIG signing data) with the private half. The signature is in
 * DNSSEC wire form (ECDSA r||s, RSA PKCS#1 v1.5, EdDSA raw).
 * @param sig  appended to
 * @return ::SGN_OK; ::SGN_EKEY without a private half; ::SGN_ECRYPTO; ::SGN_ENOMEM.
 * Ownership: appends to the caller's @p sig.
 * Errors: ::SGN_EKEY without a private half or for an algorithm without a backend;
 *         ::SGN_ECRYPTO when the crypto library fails; ::SGN_ENOMEM.
 * Thread safety: one key may sign from several threads at once.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_sign(const sgn_key_t *key, sgn_buf_t *sig,
                                             const uint8_t *data, size_t len) SGN_NONNULL(1, 2);

/**
 * Check a signature over raw data.
 * @param valid receives the verdict; a wrong signature is ::SGN_OK with *valid false
 *              (false too whenever the result is not ::SGN_OK)
 * @return ::SGN_OK; ::SGN_EUNSUPPORTED for an algorithm libsign cannot verify;
 *         ::SGN_EKEY when the public key is malformed; ::SGN_ECRYPTO.
 * Ownership: nothing is kept.
 * Errors: ::SGN_EUNSUPPORTED for an algorithm without a backend; ::SGN_EKEY when the
 *         public key could not be loaded (malformed, or refused by the backend);
 *         ::SGN_ECRYPTO when the crypto library fails; ::SGN_ENOMEM.
 * Thread safety: one key may verify from several threads at once.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_verify(const sgn_key_t *key, bool *valid,
                                               const uint8_t *data, size_t len, const uint8_t *sig,
                                               size_t siglen) SGN_NONNULL(1, 2);

/** A list of keys that owns them. Caller storage: init, then release. */
typedef struct sgn_keylist {
	sgn_key_t **keys;
	size_t count;
	size_t cap;
} sgn_keylist_t;

/**
 * Set an empty list, whatever it held before.
 * Ownership: nothing is allocated; a list that held keys must be released first.
 * Errors: none (cannot fail).
 */
SGN_API void sgn_keylist_init(sgn_keylist_t *list) SGN_NONNULL(1);

/**
 * Free every key and the list storage; the list is empty afterwards.
 * Ownership: frees the keys the list owns. Errors: none (cannot fail).
 */
SGN_API void sgn_keylist_release(sgn_keylist_t *list) SGN_NONNULL(1);

/**
 * Append a key; the list takes ownership, and frees @p key on failure too.
 * @return ::SGN_OK or ::SGN_ENOMEM.
 * Ownership: takes @p key, also on failure.
 * Errors: ::SGN_ENOMEM (@p key is freed, the list unchanged).
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_keylist_add_take(sgn_keylist_t *list, sgn_key_t *key)
	SGN_NONNULL(1);

/**
 * Read every BIND key of @p zone in directory @p dir (files `K<zone>+AAA+TTTTT.key`,
 * zone name compared case-insensitively) and append them in file-name order.
 * @param zone         wire-form zone name
 * @param need_private read each key's `.private` file too when it exists (it must then match);
 *                     a key without one is loaded public-only
 * @return ::SGN_OK; the first failing file's error with @p diag naming it; ::SGN_EIO when
 *         the directory cannot be read.
 * Ownership: the list owns the keys appended (sgn_keylist_release()).
 * Errors: ::SGN_EIO when the directory cannot be read; the errors of sgn_key_read_bind()
 *         for the first file that fails; ::SGN_EINVAL for a malformed @p zone; ::SGN_ENOMEM.
 *         The keys read before a failing file stay in the list.
 * Thread safety: re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_keylist_read_dir(sgn_keylist_t *list, const char *dir,
                                                     const uint8_t *zone, bool need_private,
                                                     sgn_diag_t *diag) SGN_NONNULL(1, 2, 3);

/**
 * True when @p key's tag, or its tag with the REVOKE bit flipped, equals the tag or the
 * flipped tag of any key in @p list (RFC 5011 §7: revoking changes the tag).
 * Ownership: nothing is allocated. Errors: none (cannot fail).
 */
SGN_API bool sgn_keylist_tag_collides(const sgn_keylist_t *list, const sgn_key_t *key)
	SGN_NONNULL(1, 2);

/**
 * Like sgn_key_generate(), but draws again while the new key's tag collides with a key in
 * @p existing (see sgn_keylist_tag_collides()).
 * @return as sgn_key_generate(); ::SGN_ELIMIT after 100 colliding draws.
 * Ownership: the caller frees *@p out with sgn_key_free() (NULL on error); @p existing is
 *         only read.
 * Errors: those of sgn_key_generate(); ::SGN_ELIMIT after 100 colliding draws.
 * Thread safety: re-entrant.
 */
SGN_API SGN_NODISCARD sgn_err_t sgn_key_generate_unique(sgn_key_t **out,
                                                        const sgn_keylist_t *existing,
                                                        const uint8_t *owner, uint8_t alg,
                                                        unsigned bits, uint16_t flags)
	SGN_NONNULL(1, 2, 3);

#ifdef __cplusplus
}
#endif
#endif
