/* SPDX-License-Identifier: MIT */
/* Shared helpers for the cmocka unit tests (see helpers.h). */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "helpers.h"

#include <libsign/alg.h>
#include <libsign/codec.h>
#include <libsign/text.h>
#include <libsign/time.h>

/* -- fixed clock -- */

int64_t th_time(const char *stamp)
{
	int64_t t = 0;
	assert_int_equal(sgn_time_from_str(&t, stamp), SGN_OK);
	return t;
}

/* -- rotating static buffers for path-like results -- */

#define TH_RING      16
#define TH_RING_SIZE 4096

static char *ring_next(void)
{
	static char ring[TH_RING][TH_RING_SIZE];
	static unsigned next;
	char *b = ring[next];
	next = (next + 1) % TH_RING;
	return b;
}

/* -- fixtures -- */

const char *th_top(void)
{
	const char *top = getenv("SIGIL_TOP");
	return top != NULL && *top != '\0' ? top : ".";
}

const char *th_path(const char *rel)
{
	char *b = ring_next();
	int n = snprintf(b, TH_RING_SIZE, "%s/%s", th_top(), rel);
	assert_true(n > 0 && n < TH_RING_SIZE);
	return b;
}

const char *th_join(const char *dir, const char *name)
{
	char *b = ring_next();
	int n = snprintf(b, TH_RING_SIZE, "%s/%s", dir, name);
	assert_true(n > 0 && n < TH_RING_SIZE);
	return b;
}

char *th_read_file(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (fp == NULL) {
		fail_msg("cannot open '%s': %s", path, strerror(errno));
	}
	size_t cap = 4096, n = 0;
	char *data = malloc(cap);
	assert_non_null(data);
	for (;;) {
		if (cap - n < 2) {
			cap *= 2;
			data = realloc(data, cap);
			assert_non_null(data);
		}
		size_t got = fread(data + n, 1, cap - n - 1, fp);
		n += got;
		if (got == 0) {
			break;
		}
	}
	assert_false(ferror(fp));
	fclose(fp);
	data[n] = '\0';
	if (len != NULL) {
		*len = n;
	}
	return data;
}

void th_write_file(const char *path, const char *text)
{
	FILE *fp = fopen(path, "wb");
	if (fp == NULL) {
		fail_msg("cannot create '%s': %s", path, strerror(errno));
	}
	size_t n = strlen(text);
	assert_int_equal(fwrite(text, 1, n, fp), n);
	assert_int_equal(fclose(fp), 0);
}

/* -- temporary directories -- */

void th_tmpdir_new(char dir[64])
{
	snprintf(dir, 64, "/tmp/sigil-test-XXXXXX");
	assert_non_null(mkdtemp(dir));
}

static void remove_tree(const char *dir, int depth)
{
	DIR *d = opendir(dir);
	if (d == NULL) {
		return;
	}
	for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
			continue;
		}
		char path[TH_RING_SIZE];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (lstat(path, &st) == 0 && S_ISDIR(st.st_mode) && depth > 0) {
			remove_tree(path, depth - 1);
		} else {
			unlink(path);
		}
	}
	closedir(d);
	rmdir(dir);
}

void th_tmpdir_remove(const char *dir)
{
	/* Only ever our own mkdtemp directories. */
	assert_int_equal(strncmp(dir, "/tmp/sigil-test-", 16), 0);
	remove_tree(dir, 1);
}

int th_tmpdir_setup(void **state)
{
	static char dir[64];
	if (sgn_init() != SGN_OK) {
		return -1;
	}
	th_tmpdir_new(dir);
	*state = dir;
	return 0;
}

int th_tmpdir_teardown(void **state)
{
	th_tmpdir_remove(*state);
	return 0;
}

size_t th_dir_entries(const char *dir)
{
	DIR *d = opendir(dir);
	size_t n = 0;
	assert_non_null(d);
	for (struct dirent *e = readdir(d); e != NULL; e = readdir(d)) {
		n += strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0;
	}
	closedir(d);
	return n;
}

/* -- RFC example keys -- */

const char *const th_rfc_keys[TH_RFC_KEYS] = {
	"testzones/rfc5702-rsasha2-examples/Kexample.net.+008+09033",
	"testzones/rfc5702-rsasha2-examples/Kexample.net.+010+03740",
	"testzones/rfc6605-ecdsa-examples/Kexample.net.+013+55648",
	"testzones/rfc6605-ecdsa-examples/Kexample.net.+014+10771",
	"testzones/rfc8080-eddsa-examples/Kexample.com.+015+03613",
	"testzones/rfc8080-eddsa-examples/Kexample.com.+015+35217",
	"testzones/rfc8080-eddsa-examples/Kexample.com.+016+09713",
	"testzones/rfc8080-eddsa-examples/Kexample.com.+016+38353",
};

/* -- bytes -- */

size_t th_hex(uint8_t *out, size_t cap, const char *hex)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	assert_int_equal(sgn_hex_decode(&b, hex, strlen(hex)), SGN_OK);
	assert_true(b.len <= cap);
	if (b.len > 0) {
		memcpy(out, b.data, b.len);
	}
	size_t n = b.len;
	sgn_buf_release(&b);
	return n;
}

const char *th_to_hex(const uint8_t *data, size_t len)
{
	char *b = ring_next();
	assert_true(2 * len + 1 <= TH_RING_SIZE);
	assert_int_equal(sgn_hex_encode(b, TH_RING_SIZE, data, len, false), SGN_OK);
	return b;
}

void th_fill(uint8_t *out, size_t len, uint32_t seed)
{
	uint32_t x = seed != 0 ? seed : 0x9e3779b9u;
	for (size_t i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		out[i] = (uint8_t)(x >> 24);
	}
}

/* -- names -- */

const uint8_t *th_name(uint8_t out[SGN_NAME_MAX], const char *str)
{
	if (sgn_name_from_str(out, NULL, str, NULL) != SGN_OK) {
		fail_msg("bad test name '%s'", str);
	}
	return out;
}

const char *th_name_str(const uint8_t *name)
{
	char *b = ring_next();
	assert_int_equal(sgn_name_to_str(b, TH_RING_SIZE, name), SGN_OK);
	return b;
}

/* -- keys and signatures -- */

sgn_key_t *th_key_generate(const char *zone, uint8_t alg, uint16_t flags)
{
	uint8_t owner[SGN_NAME_MAX];
	sgn_key_t *key = NULL;
	unsigned bits = (alg == 8 || alg == 10) ? 1024 : 0;
	assert_int_equal(sgn_key_generate(&key, th_name(owner, zone), alg, bits, flags), SGN_OK);
	return key;
}

const char *th_key_write(const sgn_key_t *key, const char *dir)
{
	char base[256];
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	if (sgn_key_write_bind(key, base, sizeof(base), dir, &diag) != SGN_OK) {
		fail_msg("%s: %s", diag.file, diag.msg);
	}
	return th_join(dir, base);
}

sgn_sig_result_t th_sig_check(const sgn_rrset_t *set, const uint8_t *sig, size_t len,
                              const sgn_key_t *key, int64_t now)
{
	sgn_sigcheck_opts_t opts = { .now = now };
	sgn_sig_result_t res = SGN_SIG_RESULT__COUNT;
	assert_int_equal(sgn_rrsig_check(&res, set, sig, len, key, &opts, NULL), SGN_OK);
	return res;
}

void th_expect_sig(sgn_sig_result_t got, sgn_sig_result_t want, const char *what)
{
	if (got != want) {
		fail_msg("%s: got '%s', expected '%s'", what, sgn_sig_result_str(got),
		         sgn_sig_result_str(want));
	}
}

/* -- zone fixtures -- */

static void zone_add(th_zone_t *z, const sgn_rr_t *rr, unsigned long line)
{
	if (z->count == z->cap) {
		z->cap = z->cap ? z->cap * 2 : 64;
		z->rrs = realloc(z->rrs, z->cap * sizeof(*z->rrs));
		assert_non_null(z->rrs);
	}
	th_rr_t *r = &z->rrs[z->count++];
	size_t olen = sgn_name_len(rr->owner, SGN_NAME_MAX);
	assert_true(olen > 0);
	memcpy(r->owner, rr->owner, olen);
	r->type = rr->type;
	r->rclass = rr->rclass;
	r->ttl = rr->ttl;
	r->rdlen = rr->rdlen;
	r->rdata = malloc(rr->rdlen > 0 ? rr->rdlen : 1);
	assert_non_null(r->rdata);
	if (rr->rdlen > 0) {
		memcpy(r->rdata, rr->rdata, rr->rdlen);
	}
	r->line = line;
	z->sorted = false;
}

static sgn_err_t zone_read(th_zone_t *z, sgn_zonefile_t *zf, sgn_diag_t *diag)
{
	sgn_rr_t rr;
	sgn_err_t err;
	while ((err = sgn_zonefile_next(zf, &rr, diag)) == SGN_OK) {
		const char *file;
		unsigned long line;
		sgn_zonefile_location(zf, &file, &line);
		zone_add(z, &rr, line);
	}
	return err == SGN_ENOTFOUND ? SGN_OK : err;
}

static void zone_opts(sgn_zonefile_opts_t *opts, uint8_t origin[SGN_NAME_MAX],
                      const char *origin_str)
{
	sgn_zonefile_opts_init(opts);
	if (origin_str != NULL) {
		opts->origin = th_name(origin, origin_str);
	}
}

void th_zone_load(th_zone_t *z, const char *rel, const char *origin)
{
	sgn_zonefile_opts_t opts;
	uint8_t obuf[SGN_NAME_MAX];
	sgn_zonefile_t *zf = NULL;
	sgn_diag_t diag;
	memset(z, 0, sizeof(*z));
	sgn_diag_init(&diag);
	zone_opts(&opts, obuf, origin);
	/* Anchor files such as root.key have no TTL at all. */
	opts.has_default_ttl = true;
	opts.default_ttl = 0;
	sgn_err_t err = sgn_zonefile_open(&zf, th_path(rel), &opts, &diag);
	if (err == SGN_OK) {
		err = zone_read(z, zf, &diag);
	}
	sgn_zonefile_free(zf);
	if (err != SGN_OK) {
		fail_msg("%s:%lu: %s (%s)", diag.file, diag.line, diag.msg, sgn_strerror(err));
	}
}

sgn_err_t th_zone_load_text(th_zone_t *z, const char *text, const char *origin, sgn_diag_t *diag)
{
	sgn_zonefile_opts_t opts;
	uint8_t obuf[SGN_NAME_MAX];
	sgn_zonefile_t *zf = NULL;
	memset(z, 0, sizeof(*z));
	zone_opts(&opts, obuf, origin);
	sgn_err_t err = sgn_zonefile_open_mem(&zf, "test.zone", text, strlen(text), &opts, diag);
	if (err == SGN_OK) {
		err = zone_read(z, zf, diag);
	}
	sgn_zonefile_free(zf);
	return err;
}

void th_zone_load_text_ok(th_zone_t *z, const char *text, const char *origin)
{
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_err_t err = th_zone_load_text(z, text, origin, &diag);
	if (err != SGN_OK) {
		fail_msg("%s:%lu: %s (%s)", diag.file, diag.line, diag.msg, sgn_strerror(err));
	}
}

sgn_diag_t th_zone_load_text_fails(const char *text, sgn_err_t want, unsigned long line)
{
	th_zone_t z;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_err_t err = th_zone_load_text(&z, text, "example.", &diag);
	th_zone_release(&z);
	if (err != want) {
		fail_msg("got %s (%s), expected %s", sgn_strerror(err), diag.msg,
		         sgn_strerror(want));
	}
	assert_int_equal(diag.err, want);
	if (diag.line != line) {
		fail_msg("error reported at line %lu, expected %lu (%s)", diag.line, line,
		         diag.msg);
	}
	assert_true(strlen(diag.msg) > 0);
	return diag;
}

char *th_rdata_str(uint16_t type, const uint8_t *rdata, size_t len)
{
	sgn_buf_t b;
	sgn_buf_init(&b);
	assert_int_equal(sgn_rdata_to_str(&b, type, rdata, len), SGN_OK);
	assert_int_equal(sgn_buf_append(&b, "", 1), SGN_OK);
	return (char *)b.data;
}

void th_expect_rr(const th_rr_t *r, const char *owner, uint32_t ttl, uint16_t type,
                  const char *rdata)
{
	char *text = th_rdata_str(r->type, r->rdata, r->rdlen);
	assert_string_equal(th_name_str(r->owner), owner);
	assert_int_equal(r->ttl, ttl);
	assert_int_equal(r->type, type);
	assert_string_equal(text, rdata);
	free(text);
}

void th_zone_release(th_zone_t *z)
{
	for (size_t i = 0; i < z->count; i++) {
		free(z->rrs[i].rdata);
	}
	free(z->rrs);
	memset(z, 0, sizeof(*z));
}

static int rr_key_cmp(const uint8_t *owner, uint16_t type, const th_rr_t *r)
{
	int c = sgn_name_compare(owner, r->owner);
	if (c != 0) {
		return c;
	}
	return type == r->type ? 0 : (type < r->type ? -1 : 1);
}

static int rr_sort_cmp(const void *a, const void *b)
{
	const th_rr_t *x = a, *y = b;
	int c = rr_key_cmp(x->owner, x->type, y);
	return c != 0 ? c : sgn_rdata_compare(x->rdata, x->rdlen, y->rdata, y->rdlen);
}

void th_zone_sort(th_zone_t *z)
{
	if (z->count > 1) {
		qsort(z->rrs, z->count, sizeof(*z->rrs), rr_sort_cmp);
	}
	z->sorted = true;
}

size_t th_zone_count(const th_zone_t *z, uint16_t type)
{
	size_t n = 0;
	for (size_t i = 0; i < z->count; i++) {
		n += type == 0 || z->rrs[i].type == type;
	}
	return n;
}

/* Index of the first RR at (owner, type) in a sorted zone, or z->count. */
static size_t lower_bound(const th_zone_t *z, const uint8_t *owner, uint16_t type)
{
	size_t lo = 0, hi = z->count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (rr_key_cmp(owner, type, &z->rrs[mid]) > 0) {
			lo = mid + 1;
		} else {
			hi = mid;
		}
	}
	return lo;
}

static bool rr_matches(const th_rr_t *r, const uint8_t *owner, uint16_t type)
{
	return r->type == type && (owner == NULL || sgn_name_equal(r->owner, owner));
}

static const th_rr_t *find_wire(const th_zone_t *z, const uint8_t *owner, uint16_t type, size_t nth)
{
	size_t i = z->sorted && owner != NULL ? lower_bound(z, owner, type) : 0;
	for (; i < z->count; i++) {
		const th_rr_t *r = &z->rrs[i];
		if (rr_matches(r, owner, type)) {
			if (nth-- == 0) {
				return r;
			}
		} else if (z->sorted && owner != NULL) {
			break;
		}
	}
	return NULL;
}

const th_rr_t *th_zone_find(const th_zone_t *z, const char *owner, uint16_t type, size_t nth)
{
	uint8_t o[SGN_NAME_MAX];
	return find_wire(z, owner != NULL ? th_name(o, owner) : NULL, type, nth);
}

const th_rr_t *th_zone_rrsig(const th_zone_t *z, const char *owner, uint16_t covered, uint16_t tag)
{
	uint8_t o[SGN_NAME_MAX];
	th_name(o, owner);
	for (size_t n = 0;; n++) {
		const th_rr_t *r = find_wire(z, o, SGN_TYPE_RRSIG, n);
		sgn_rrsig_view_t v;
		if (r == NULL) {
			return NULL;
		}
		assert_int_equal(sgn_rrsig_parse(&v, r->rdata, r->rdlen), SGN_OK);
		if (v.type_covered == covered && (tag == 0 || v.key_tag == tag)) {
			return r;
		}
	}
}

sgn_key_t *th_zone_key(const th_zone_t *z, const char *owner, uint16_t tag)
{
	uint8_t o[SGN_NAME_MAX];
	th_name(o, owner);
	for (size_t n = 0;; n++) {
		const th_rr_t *r = find_wire(z, o, SGN_TYPE_DNSKEY, n);
		if (r == NULL) {
			fail_msg("no DNSKEY with tag %u at %s", tag, owner);
		}
		if (sgn_keytag(r->rdata, r->rdlen) == tag) {
			sgn_key_t *key = NULL;
			assert_int_equal(sgn_key_from_dnskey(&key, r->owner, r->rdata, r->rdlen),
			                 SGN_OK);
			return key;
		}
	}
}

/* Fill @p out from @p n RDATA of one RRset: copies, canonical form, canonical order. */
static void rrset_build(th_rrset_t *out, const uint8_t *owner, uint16_t type, uint16_t rclass,
                        uint32_t ttl, const sgn_rdata_t *src, size_t n)
{
	size_t total = 0;
	memset(out, 0, sizeof(*out));
	memcpy(out->owner, owner, sgn_name_len(owner, SGN_NAME_MAX));
	sgn_name_lower(out->owner);
	for (size_t i = 0; i < n; i++) {
		total += src[i].len;
	}
	out->store = malloc(total > 0 ? total : 1);
	out->rd = calloc(n > 0 ? n : 1, sizeof(*out->rd));
	assert_non_null(out->store);
	assert_non_null(out->rd);
	size_t off = 0;
	for (size_t i = 0; i < n; i++) {
		memcpy(out->store + off, src[i].data, src[i].len);
		assert_int_equal(sgn_rdata_canonicalize(type, out->store + off, src[i].len),
		                 SGN_OK);
		out->rd[i].data = out->store + off;
		out->rd[i].len = src[i].len;
		off += src[i].len;
	}
	size_t count = n;
	sgn_rdata_sort_unique(out->rd, &count);
	out->set.owner = out->owner;
	out->set.type = type;
	out->set.rclass = rclass;
	out->set.ttl = ttl;
	out->set.count = count;
	out->set.rdata = out->rd;
}

bool th_zone_rrset_wire(const th_zone_t *z, const uint8_t *owner, uint16_t type, th_rrset_t *out)
{
	size_t n = 0, cap = 16;
	sgn_rdata_t *src = malloc(cap * sizeof(*src));
	const th_rr_t *first = NULL;
	assert_non_null(src);
	for (const th_rr_t *r; (r = find_wire(z, owner, type, n)) != NULL; n++) {
		if (n == cap) {
			cap *= 2;
			src = realloc(src, cap * sizeof(*src));
			assert_non_null(src);
		}
		if (first == NULL) {
			first = r;
		}
		src[n].data = r->rdata;
		src[n].len = r->rdlen;
	}
	if (first != NULL) {
		rrset_build(out, owner, type, first->rclass, first->ttl, src, n);
	}
	free(src);
	return first != NULL;
}

void th_zone_rrset(const th_zone_t *z, const char *owner, uint16_t type, th_rrset_t *out)
{
	uint8_t o[SGN_NAME_MAX];
	if (!th_zone_rrset_wire(z, th_name(o, owner), type, out)) {
		fail_msg("no RRset %s type %u in the zone", owner, type);
	}
}

void th_rrset_from_text(th_rrset_t *out, const char *owner, uint16_t type, uint32_t ttl, ...)
{
	sgn_buf_t bufs[32];
	sgn_rdata_t src[32] = { { NULL, 0 } };
	size_t n = 0;
	uint8_t o[SGN_NAME_MAX];
	va_list ap;
	va_start(ap, ttl);
	for (const char *t = va_arg(ap, const char *); t != NULL; t = va_arg(ap, const char *)) {
		sgn_diag_t diag;
		assert_true(n < 32);
		sgn_buf_init(&bufs[n]);
		sgn_diag_init(&diag);
		if (sgn_rdata_from_str(&bufs[n], type, t, NULL, &diag) != SGN_OK) {
			fail_msg("bad RDATA '%s': %s", t, diag.msg);
		}
		src[n].data = bufs[n].data;
		src[n].len = (uint16_t)bufs[n].len;
		n++;
	}
	va_end(ap);
	rrset_build(out, th_name(o, owner), type, SGN_CLASS_IN, ttl, src, n);
	for (size_t i = 0; i < n; i++) {
		sgn_buf_release(&bufs[i]);
	}
}

void th_rrset_release(th_rrset_t *s)
{
	free(s->store);
	free(s->rd);
	memset(s, 0, sizeof(*s));
}

/* -- whole zones -- */

void th_keys_ed25519(sgn_keylist_t *keys, const char *zone)
{
	for (int sep = 0; sep < 2; sep++) {
		sgn_key_t *key = th_key_generate(zone, SGN_ALG_ED25519,
		                                 SGN_DNSKEY_ZONE | (sep ? SGN_DNSKEY_SEP : 0));
		assert_non_null(key);
		assert_int_equal(sgn_keylist_add_take(keys, key), SGN_OK);
	}
}

sgn_zone_t *th_zone_from_text(const char *dir, const char *text)
{
	const char *path = th_join(dir, "in.zone");
	th_write_file(path, text);
	sgn_zone_t *zone = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_err_t err = sgn_zone_load(&zone, path, NULL, &diag);
	if (err != SGN_OK) {
		print_error("%s:%lu: %s\n", diag.file, diag.line, diag.msg);
	}
	assert_int_equal(err, SGN_OK);
	return zone;
}

char *th_zone_to_text(const sgn_zone_t *zone)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&buf, &len);
	assert_non_null(fp);
	assert_int_equal(sgn_zone_write(zone, fp, NULL), SGN_OK);
	assert_int_equal(fclose(fp), 0);
	return buf;
}
