/* SPDX-License-Identifier: MIT */
/* Unit tests for the live collection that asks every server (sgn_live_run, zoneset.h) and
 * the servers of a live chain (sgn_chain_add_servers, chain.h), without the network: the
 * collection's transport is replaced by authoritative servers made of zone models (the
 * test hierarchy of testzones/hierarchy), each up, down, lame or refusing, one of them with
 * an older nsec.test. signed here in January 2025 for 30 days with a third key. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "helpers.h"

#include <libsign/alg.h>
#include <libsign/anchor.h>
#include <libsign/chain.h>
#include <libsign/finding.h>
#include <libsign/sign.h>
#include <libsign/zone.h>
#include <libsign/zoneset.h>

#include "source/live.h"

#define AT "20270101000000" /* the hierarchy's signatures are valid 2026-2036 */

/* -- fake authoritative servers -- */

enum mode { UP, DOWN, LAME, REFUSE };

struct fsrv {
	const char *addr;
	const sgn_zone_t *zones[4];
	size_t nzones;
	enum mode mode;
	atomic_uint calls;
};

struct world {
	struct fsrv s[6];
	size_t n;
};

/* The zone a server answers @p name from: the deepest one at or above it (for a DS at a
 * zone's apex, the one above: the parent's, RFC 4035 section 3.1.4.1). */
static const sgn_zone_t *serving(const struct fsrv *f, const uint8_t *name, uint16_t type)
{
	const sgn_zone_t *best = NULL;
	for (size_t i = 0; i < f->nzones; i++) {
		const uint8_t *apex = sgn_zone_get_apex(f->zones[i]);
		if (!sgn_name_is_subdomain(name, apex) ||
		    (type == SGN_TYPE_DS && sgn_name_equal(name, apex) && apex[0] != 0)) {
			continue;
		}
		if (best == NULL || sgn_name_labels(apex) > sgn_name_labels(sgn_zone_get_apex(best))) {
			best = f->zones[i];
		}
	}
	return best;
}

static void put(struct sgn__lanswer *out, const sgn_zone_rrset_t *rs, uint8_t section)
{
	for (size_t i = 0; rs != NULL && i < rs->rrset.count; i++) {
		sgn_rr_t rr = { .owner = rs->rrset.owner, .type = rs->rrset.type, .rclass = 1,
			        .ttl = rs->rrset.ttl, .rdlen = (uint16_t)rs->rrset.rdata[i].len,
			        .rdata = rs->rrset.rdata[i].data };
		assert_int_equal(sgn__lanswer_add(out, &rr, section), SGN_OK);
	}
	for (size_t i = 0; rs != NULL && i < rs->sig_count; i++) {
		sgn_rr_t rr = { .owner = rs->rrset.owner, .type = SGN_TYPE_RRSIG, .rclass = 1,
			        .ttl = rs->rrset.ttl, .rdlen = (uint16_t)rs->sigs[i].len,
			        .rdata = rs->sigs[i].data };
		assert_int_equal(sgn__lanswer_add(out, &rr, section), SGN_OK);
	}
}

/* A referral to the cut at @p node: its NS (and DS) RRsets, and the glue of its NS names. */
static void referral(const sgn_zone_t *z, const sgn_node_t *node, struct sgn__lanswer *out)
{
	const sgn_zone_rrset_t *ns = sgn_node_find_rrset(node, SGN_TYPE_NS);
	put(out, ns, 1);
	put(out, sgn_node_find_rrset(node, SGN_TYPE_DS), 1);
	for (size_t i = 0; ns != NULL && i < ns->rrset.count; i++) {
		const sgn_node_t *g = sgn_zone_find(z, ns->rrset.rdata[i].data);
		if (g != NULL) {
			put(out, sgn_node_find_rrset(g, SGN_TYPE_A), 2);
			put(out, sgn_node_find_rrset(g, SGN_TYPE_AAAA), 2);
		}
	}
}

/* An authoritative server, as far as the walk needs one: referrals, answers, CNAMEs, and
 * NODATA or NXDOMAIN with the SOA (no denial records). */
static sgn_err_t fake_send(void *arg, const struct sgn__lsrv *s, bool recursive, bool tcp,
                           unsigned timeout_ms, const uint8_t *name, uint16_t type,
                           struct sgn__lanswer *out, struct sgn__lsent *r)
{
	struct world *w = arg;
	struct fsrv *f = NULL;
	(void)recursive;
	(void)tcp;
	(void)timeout_ms;
	for (size_t i = 0; i < w->n && f == NULL; i++) {
		f = strcmp(w->s[i].addr, s->pub.address) == 0 ? &w->s[i] : NULL;
	}
	memset(r, 0, sizeof(*r));
	if (f == NULL || f->mode == DOWN) {
		snprintf(r->why, sizeof(r->why), "timed out");
		return SGN_OK;
	}
	atomic_fetch_add(&f->calls, 1);
	r->response = true;
	const sgn_zone_t *z = serving(f, name, type);
	if (f->mode == REFUSE || z == NULL) {
		r->rcode = 5;
		return SGN_OK;
	}
	if (f->mode == LAME) {
		return SGN_OK; /* NOERROR, no AA, nothing */
	}
	unsigned al = sgn_name_labels(sgn_zone_get_apex(z)), nl = sgn_name_labels(name);
	for (unsigned l = al + 1; l <= nl; l++) {
		const uint8_t *anc = sgn_name_strip(name, nl - l);
		const sgn_node_t *node = sgn_zone_find(z, anc);
		if (node != NULL && sgn_node_get_kind(node) == SGN_NODE_DELEGATION &&
		    !(type == SGN_TYPE_DS && l == nl)) {
			referral(z, node, out);
			return SGN_OK;
		}
	}
	const sgn_node_t *node = sgn_zone_find(z, name);
	const sgn_zone_rrset_t *rs = node != NULL ? sgn_node_find_rrset(node, type) : NULL;
	if (rs == NULL && node != NULL) {
		rs = sgn_node_find_rrset(node, SGN_TYPE_CNAME);
	}
	r->aa = true;
	if (rs != NULL) {
		put(out, rs, 0);
		return SGN_OK;
	}
	r->rcode = node != NULL ? 0 : 3;
	const sgn_node_t *apex = sgn_zone_find(z, sgn_zone_get_apex(z));
	put(out, sgn_node_find_rrset(apex, SGN_TYPE_SOA), 1);
	return SGN_OK;
}

/* -- fixtures -- */

static struct fixture {
	char dir[64];
	sgn_zone_t *root, *test, *nsec, *nsec3, *old, *nods, *root2;
	sgn_anchors_t *anchors;
	int64_t at;
} fx;

static sgn_zone_t *load(const char *path)
{
	sgn_zone_t *z = NULL;
	sgn_zone_opts_t o;
	sgn_diag_t diag;
	memset(&diag, 0, sizeof(diag));
	sgn_zone_opts_init(&o);
	assert_int_equal(sgn_zone_load(&z, path, &o, &diag), SGN_OK);
	return z;
}

/* nsec.test. as it was: serial 2025010100, signed on 2025-01-01 for 30 days with the
 * hierarchy's keys and one more ZSK, so its DNSKEY RRset has three keys. */
static sgn_zone_t *old_nsec(void)
{
	char *text = th_read_file(th_path("testzones/hierarchy/unsigned/nsec.test.zone"), NULL);
	char *at = strstr(text, "2026010100");
	assert_non_null(at);
	memcpy(at, "2025010100", 10);
	const char *path = th_join(fx.dir, "nsec-old.zone");
	th_write_file(path, text);
	free(text);
	sgn_zone_t *z = load(path);
	uint8_t apex[SGN_NAME_MAX];
	sgn_keylist_t keys;
	sgn_key_t *extra = NULL;
	sgn_diag_t diag;
	memset(&diag, 0, sizeof(diag));
	sgn_keylist_init(&keys);
	th_name(apex, "nsec.test.");
	assert_int_equal(sgn_keylist_read_dir(&keys, th_path("keys/hierarchy"), apex, true, &diag),
	                 SGN_OK);
	assert_int_equal(keys.count, 2);
	assert_int_equal(sgn_key_generate(&extra, apex, SGN_ALG_ECDSAP256SHA256, 0, SGN_DNSKEY_ZONE),
	                 SGN_OK);
	assert_int_equal(sgn_keylist_add_take(&keys, extra), SGN_OK);
	sgn_sign_policy_t pol;
	sgn_sign_policy_init(&pol, th_time("20250101000000"));
	pol.inception_offset = 0;
	pol.validity = 30 * 86400;
	pol.serial = SGN_SERIAL_KEEP;
	pol.threads = 1;
	assert_int_equal(sgn_zone_sign(z, NULL, &keys, &pol, &diag), SGN_OK);
	sgn_keylist_release(&keys);
	return z;
}

/* Zone text signed with the hierarchy's keys for @p apex, as build.sh signs (2026-01-01,
 * ten years, the serial kept). */
static sgn_zone_t *sign_text(const char *text, const char *file, const char *apex)
{
	const char *path = th_join(fx.dir, file);
	th_write_file(path, text);
	sgn_zone_t *z = load(path);
	uint8_t name[SGN_NAME_MAX];
	sgn_keylist_t keys;
	sgn_diag_t diag;
	memset(&diag, 0, sizeof(diag));
	sgn_keylist_init(&keys);
	assert_int_equal(sgn_keylist_read_dir(&keys, th_path("keys/hierarchy"), th_name(name, apex),
	                                      true, &diag),
	                 SGN_OK);
	sgn_sign_policy_t pol;
	sgn_sign_policy_init(&pol, th_time("20260101000000"));
	pol.inception_offset = 0;
	pol.validity = 3652u * 86400u;
	pol.serial = SGN_SERIAL_KEEP;
	pol.threads = 1;
	assert_int_equal(sgn_zone_sign(z, NULL, &keys, &pol, &diag), SGN_OK);
	sgn_keylist_release(&keys);
	return z;
}

/* An unsigned zone of the hierarchy, the DS lines of its signed form for which @p keep_ds
 * says yes, and @p extra. */
static char *zone_text(const char *file, bool (*keep_ds)(const char *line), const char *extra)
{
	char rel[128];
	snprintf(rel, sizeof(rel), "testzones/hierarchy/unsigned/%s", file);
	char *text = th_read_file(th_path(rel), NULL);
	snprintf(rel, sizeof(rel), "testzones/hierarchy/signed/%s", file);
	char *signd = th_read_file(th_path(rel), NULL);
	size_t cap = strlen(text) + strlen(signd) + strlen(extra) + 1, len = strlen(text);
	char *out = malloc(cap);
	assert_non_null(out);
	memcpy(out, text, len + 1);
	for (char *line = strtok(signd, "\n"); line != NULL; line = strtok(NULL, "\n")) {
		if (strstr(line, "\tDS\t") != NULL && keep_ds(line)) {
			len += (size_t)snprintf(out + len, cap - len, "%s\n", line);
		}
	}
	snprintf(out + len, cap - len, "%s", extra);
	free(text);
	free(signd);
	return out;
}

static bool all_ds(const char *line)
{
	(void)line;
	return true;
}

static bool not_nsec(const char *line)
{
	return strncmp(line, "nsec.test.\t", 11) != 0;
}

static int group_setup(void **state)
{
	(void)state;
	sgn_diag_t diag;
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(sgn_init(), SGN_OK);
	th_tmpdir_new(fx.dir);
	fx.at = th_time(AT);
	fx.root = load(th_path("testzones/hierarchy/signed/root.zone"));
	fx.test = load(th_path("testzones/hierarchy/signed/test.zone"));
	fx.nsec = load(th_path("testzones/hierarchy/signed/nsec.test.zone"));
	fx.nsec3 = load(th_path("testzones/hierarchy/signed/nsec3.test.zone"));
	fx.old = old_nsec();
	char *text = zone_text("test.zone", not_nsec, "");
	fx.nods = sign_text(text, "test-nods.zone", "test."); /* test. without nsec.test.'s DS */
	free(text);
	text = zone_text("root.zone", all_ds, "test. NS ns2.test.\nns2.test. A 127.53.0.7\n");
	fx.root2 = sign_text(text, "root2.zone", "."); /* test. on two servers */
	free(text);
	assert_int_equal(sgn_anchors_new(&fx.anchors), SGN_OK);
	assert_int_equal(sgn_anchors_load(fx.anchors, th_path("keys/hierarchy/root.anchor"), fx.at,
	                                  &diag),
	                 SGN_OK);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	sgn_zone_free(fx.root);
	sgn_zone_free(fx.test);
	sgn_zone_free(fx.nsec);
	sgn_zone_free(fx.nsec3);
	sgn_zone_free(fx.old);
	sgn_zone_free(fx.nods);
	sgn_zone_free(fx.root2);
	sgn_anchors_free(fx.anchors);
	th_tmpdir_remove(fx.dir);
	return 0;
}

/* A server serving the whole hierarchy, with @p nsec as its nsec.test. */
static void all_of(struct world *w, const char *addr, const sgn_zone_t *nsec, enum mode mode)
{
	struct fsrv *f = &w->s[w->n++];
	memset(f, 0, sizeof(*f));
	f->addr = addr;
	f->zones[0] = fx.root;
	f->zones[1] = fx.test;
	f->zones[2] = nsec;
	f->zones[3] = fx.nsec3;
	f->nzones = 4;
	f->mode = mode;
	atomic_init(&f->calls, 0);
}

/* The one server of zone @p z at the hierarchy's glue address. */
static void one_zone(struct world *w, const char *addr, const sgn_zone_t *z, enum mode mode)
{
	struct fsrv *f = &w->s[w->n++];
	memset(f, 0, sizeof(*f));
	f->addr = addr;
	f->zones[0] = z;
	f->nzones = 1;
	f->mode = mode;
	atomic_init(&f->calls, 0);
}

struct run {
	sgn_live_t *lv;
	sgn_chain_t *c;
	sgn_err_t err;
};

/* Collect @p qname A from @p w (given servers, or NULL: from hints naming a.root.test. at
 * 127.53.0.1), validate, and add the servers. */
static struct run run(struct world *w, const char *const *servers, size_t n, const char *qname,
                      bool every, unsigned max_queries)
{
	struct run r = { 0 };
	uint8_t name[SGN_NAME_MAX];
	sgn_live_opts_t lo;
	sgn_diag_t diag;
	memset(&diag, 0, sizeof(diag));
	sgn_live_opts_init(&lo);
	lo.servers = servers;
	lo.nservers = n;
	if (max_queries != 0) {
		lo.max_queries = max_queries;
	}
	const char *hints = th_join(fx.dir, "hints");
	th_write_file(hints, ". 3600000 NS a.root.test.\na.root.test. 3600000 A 127.53.0.1\n");
	lo.hints = n == 0 ? hints : NULL;
	r.err = sgn__live_run_with(&r.lv, every, fake_send, w, NULL, th_name(name, qname),
	                           SGN_TYPE_A, &lo, &diag);
	if (r.lv != NULL) {
		sgn_chain_opts_t co;
		sgn_chain_opts_init(&co, fx.at);
		assert_int_equal(sgn_chain_validate(&r.c, sgn_live_get_zoneset(r.lv), fx.anchors,
		                                    name, SGN_TYPE_A, &co),
		                 SGN_OK);
		assert_int_equal(sgn_chain_add_servers(r.c, r.lv, fx.anchors, &co), SGN_OK);
	}
	return r;
}

static void run_free(struct run *r)
{
	sgn_chain_free(r->c);
	sgn_live_free(r->lv);
}

/* The findings of @p code that name the server at @p addr (NULL: any server). */
static size_t count(const sgn_chain_t *c, sgn_finding_code_t code, const char *addr)
{
	size_t n = 0;
	for (size_t i = 0; i < c->findings.count; i++) {
		const sgn_finding_t *f = &c->findings.items[i];
		n += f->code == code && f->has_server &&
		     (addr == NULL || strcmp(f->server_address, addr) == 0);
	}
	return n;
}

static const sgn_finding_t *find(const sgn_chain_t *c, sgn_finding_code_t code, const char *addr)
{
	for (size_t i = 0; i < c->findings.count; i++) {
		const sgn_finding_t *f = &c->findings.items[i];
		if (f->code == code && f->has_server && strcmp(f->server_address, addr) == 0) {
			return f;
		}
	}
	return NULL;
}

/* The same at (@p owner, @p type). */
static const sgn_finding_t *find_at(const sgn_chain_t *c, sgn_finding_code_t code,
                                    const char *addr, const char *owner, uint16_t type)
{
	uint8_t name[SGN_NAME_MAX];
	th_name(name, owner);
	for (size_t i = 0; i < c->findings.count; i++) {
		const sgn_finding_t *f = &c->findings.items[i];
		if (f->code == code && f->has_server && strcmp(f->server_address, addr) == 0 &&
		    f->type == type && sgn_name_equal(f->owner, name)) {
			return f;
		}
	}
	return NULL;
}

static const sgn_chain_server_t *entry(const sgn_chain_t *c, const char *zone, const char *addr)
{
	uint8_t apex[SGN_NAME_MAX];
	th_name(apex, zone);
	for (size_t i = 0; i < c->nservers; i++) {
		if (sgn_name_equal(c->servers[i].zone, apex) &&
		    strcmp(c->servers[i].info.address, addr) == 0) {
			return &c->servers[i];
		}
	}
	fail_msg("no server %s of %s", addr, zone);
	return NULL;
}

/* -- tests -- */

/* Four given servers: the old nsec.test. (listed first), the current one, one down, one
 * that serves nothing. The chain is validated with the current one's answers (its serial
 * is higher); each finding names its server. */
static void live_disagreeing_servers_are_named_in_findings(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	all_of(&w, "192.0.2.2", fx.old, UP);
	all_of(&w, "192.0.2.1", fx.nsec, UP);
	all_of(&w, "192.0.2.3", fx.nsec, DOWN);
	all_of(&w, "192.0.2.4", fx.nsec, REFUSE);
	const char *servers[] = { "192.0.2.2", "192.0.2.1", "192.0.2.3", "192.0.2.4" };
	struct run r = run(&w, servers, 4, "www.nsec.test.", true, 0);
	assert_int_equal(r.err, SGN_OK);
	assert_int_equal(r.c->verdict, SGN_SECURE);
	uint8_t apex[SGN_NAME_MAX];
	size_t z = sgn_live_zone_find(r.lv, th_name(apex, "nsec.test."));
	assert_int_not_equal(z, SIZE_MAX);
	assert_string_equal(sgn_live_get_server(r.lv, z, sgn_live_zone_reference(r.lv, z))->address,
	                    "192.0.2.1");

	const sgn_finding_t *f = find(r.c, SGN_FIND_SERVER_DATA_DIFFERS, "192.0.2.2");
	assert_non_null(f);
	assert_string_equal(th_name_str(f->owner), "nsec.test.");
	assert_int_equal(f->type, SGN_TYPE_DNSKEY);
	assert_int_equal(f->severity, SGN_SEV_WARNING);
	assert_non_null(strstr(f->detail, "2025010100 here, 2026010100 there"));
	assert_non_null(strstr(f->detail, "3 records"));
	f = find(r.c, SGN_FIND_SERVER_VERDICT_DIFFERS, "192.0.2.2");
	assert_non_null(f);
	assert_int_equal(f->type, SGN_TYPE_DNSKEY);
	assert_non_null(strstr(f->detail, "bogus (rrsig-expired)"));
	assert_int_equal(count(r.c, SGN_FIND_SERVER_VERDICT_DIFFERS, NULL), 1);
	assert_true(count(r.c, SGN_FIND_RRSIG_EXPIRED, "192.0.2.2") >= 1);
	assert_int_equal(count(r.c, SGN_FIND_RRSIG_EXPIRED, "192.0.2.1"), 0);
	/* the down and the refusing server: once in each zone of the chain (., test., nsec.test.) */
	assert_int_equal(count(r.c, SGN_FIND_SERVER_UNREACHABLE, "192.0.2.3"), 3);
	assert_int_equal(count(r.c, SGN_FIND_SERVER_LAME, "192.0.2.4"), 3);
	assert_int_equal(count(r.c, SGN_FIND_SERVER_UNREACHABLE, NULL), 3);
	assert_int_equal(count(r.c, SGN_FIND_SERVER_LAME, NULL), 3);
	/* nothing names the reference; no server-less finding is an error */
	for (size_t i = 0; i < r.c->findings.count; i++) {
		const sgn_finding_t *x = &r.c->findings.items[i];
		assert_false(x->has_server && strcmp(x->server_address, "192.0.2.1") == 0);
		assert_false(!x->has_server && x->severity == SGN_SEV_ERROR);
	}
	const sgn_chain_server_t *e = entry(r.c, "nsec.test.", "192.0.2.2");
	assert_false(e->reference);
	assert_true(e->checked && e->verdict_differs);
	assert_int_equal(e->verdict, SGN_BOGUS);
	assert_true(e->differs >= 1);
	assert_true(e->info.has_serial && e->info.serial == 2025010100u);
	e = entry(r.c, "nsec.test.", "192.0.2.1");
	assert_true(e->reference && !e->checked && e->differs == 0);
	assert_int_equal(entry(r.c, "nsec.test.", "192.0.2.3")->info.state, SGN_LIVE_UNREACHABLE);
	assert_int_equal(entry(r.c, "nsec.test.", "192.0.2.4")->info.state, SGN_LIVE_REFUSED);
	/* the root and test. are the same everywhere: no difference there */
	e = entry(r.c, "test.", "192.0.2.2");
	assert_true(e->differs == 0 && e->sigs_differ == 0 && !e->verdict_differs);
	/* the unusable servers were asked the SOA question only */
	assert_int_equal(entry(r.c, "test.", "192.0.2.4")->info.asked, 1);
	assert_int_equal(atomic_load(&w.s[3].calls), 3);
	run_free(&r);
}

/* Two servers with the same zones: every answer compared the same, no finding names one. */
static void live_consistent_servers_show_no_disagreement(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	all_of(&w, "192.0.2.1", fx.nsec, UP);
	all_of(&w, "192.0.2.5", fx.nsec, UP);
	const char *servers[] = { "192.0.2.1", "192.0.2.5" };
	struct run r = run(&w, servers, 2, "www.nsec.test.", true, 0);
	assert_int_equal(r.err, SGN_OK);
	assert_int_equal(r.c->verdict, SGN_SECURE);
	assert_true(r.c->nservers >= 6); /* ., test., nsec.test.: two each */
	size_t compared = 0;
	for (size_t i = 0; i < r.c->nservers; i++) {
		const sgn_chain_server_t *e = &r.c->servers[i];
		assert_int_equal(e->info.state, SGN_LIVE_ANSWERED);
		assert_true(e->differs == 0 && e->sigs_differ == 0 && !e->verdict_differs);
		assert_true(e->reference || (e->checked && e->verdict == SGN_SECURE));
		for (size_t a = 0; a < e->nanswers; a++) {
			const sgn_chain_answer_t *x = &r.c->answers[e->first_answer + a];
			for (size_t k = 0; k < x->nrrsets; k++) {
				assert_true(x->rrsets[k].cmp == SGN_CHAIN_CMP_NONE ||
				            x->rrsets[k].cmp == SGN_CHAIN_CMP_SAME);
				compared += x->rrsets[k].cmp == SGN_CHAIN_CMP_SAME;
			}
		}
	}
	assert_true(compared >= 3); /* the DNSKEY RRsets and the answer, at least */
	for (size_t i = 0; i < r.c->findings.count; i++) {
		assert_false(r.c->findings.items[i].has_server);
	}
	run_free(&r);
}

/* With the same serial, the first server given is the reference; the other one's other
 * DNSKEY RRset is the finding, with "the same SOA serial". */
static void live_equal_serials_first_server_is_reference(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	all_of(&w, "192.0.2.1", fx.nsec, UP);
	all_of(&w, "192.0.2.2", fx.old, UP);
	const char *servers[] = { "192.0.2.2", "192.0.2.1" };
	struct run r = run(&w, servers, 2, "www.nsec.test.", true, 0);
	uint8_t apex[SGN_NAME_MAX];
	size_t z = sgn_live_zone_find(r.lv, th_name(apex, "test."));
	/* test.: the same serial on both: the first given is the reference */
	assert_string_equal(sgn_live_get_server(r.lv, z, sgn_live_zone_reference(r.lv, z))->address,
	                    "192.0.2.2");
	z = sgn_live_zone_find(r.lv, th_name(apex, "nsec.test."));
	assert_string_equal(sgn_live_get_server(r.lv, z, sgn_live_zone_reference(r.lv, z))->address,
	                    "192.0.2.1");
	run_free(&r);
}

/* Iteratively from hints: the root at 127.53.0.1, test. at 127.53.0.2 and the domains at
 * 127.53.0.3 (the hierarchy's glue), which answers without the AA bit: lame, the only
 * server of nsec.test., so still asked; the chain validates, the finding says lame. */
static void live_iterative_lame_only_server_still_asked(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	one_zone(&w, "127.53.0.1", fx.root, UP);
	one_zone(&w, "127.53.0.2", fx.test, UP);
	one_zone(&w, "127.53.0.3", fx.nsec, UP);
	struct run r = run(&w, NULL, 0, "www.nsec.test.", true, 0);
	assert_int_equal(r.err, SGN_OK);
	assert_int_equal(r.c->verdict, SGN_SECURE);
	const sgn_chain_server_t *e = entry(r.c, "nsec.test.", "127.53.0.3");
	assert_string_equal(th_name_str(e->info.name), "ns.nsec.test.");
	assert_true(e->reference && e->info.state == SGN_LIVE_ANSWERED);
	assert_string_equal(th_name_str(entry(r.c, ".", "127.53.0.1")->info.name), "a.root.test.");
	run_free(&r);

	w.s[2].mode = LAME;
	r = run(&w, NULL, 0, "www.nsec.test.", true, 0);
	assert_int_equal(r.err, SGN_OK);
	e = entry(r.c, "nsec.test.", "127.53.0.3");
	assert_int_equal(e->info.state, SGN_LIVE_LAME);
	const sgn_finding_t *f = find(r.c, SGN_FIND_SERVER_LAME, "127.53.0.3");
	assert_non_null(f);
	assert_string_equal(th_name_str(f->server_name), "ns.nsec.test.");
	assert_non_null(strstr(f->detail, "no AA bit"));
	assert_true(e->info.asked > 1); /* no better server: asked on */
	run_free(&r);
}

/* A collection that asks one server (sgn_live_collect's way) puts each question once. */
static void live_one_server_mode_asks_each_question_once(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	all_of(&w, "192.0.2.1", fx.nsec, UP);
	all_of(&w, "192.0.2.5", fx.nsec, UP);
	const char *servers[] = { "192.0.2.1", "192.0.2.5" };
	struct run r = run(&w, servers, 2, "www.nsec.test.", false, 0);
	assert_int_equal(r.err, SGN_OK);
	assert_int_equal(r.c->verdict, SGN_SECURE);
	assert_int_equal(atomic_load(&w.s[1].calls), 0);
	size_t questions = 0;
	for (size_t z = 0; z < sgn_live_zone_count(r.lv); z++) {
		questions += sgn_live_question_count(r.lv, z);
		assert_int_equal(sgn_live_zone_reference(r.lv, z), SIZE_MAX); /* no SOA asked */
	}
	assert_int_equal(atomic_load(&w.s[0].calls), questions);
	assert_int_equal(sgn_live_queries(r.lv), questions);
	run_free(&r);
}

/* The query budget: at the limit the collection ends with ELIMIT and what it has, and
 * never sends more; one more query than needed is enough for a full one. */
static void live_query_budget_limit_and_limit_plus_one(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	all_of(&w, "192.0.2.1", fx.nsec, UP);
	all_of(&w, "192.0.2.5", fx.nsec, UP);
	const char *servers[] = { "192.0.2.1", "192.0.2.5" };
	struct run full = run(&w, servers, 2, "www.nsec.test.", true, 0);
	unsigned need = sgn_live_queries(full.lv);
	run_free(&full);
	struct run r = run(&w, servers, 2, "www.nsec.test.", true, need);
	assert_int_equal(r.err, SGN_OK);
	assert_int_equal(r.c->verdict, SGN_SECURE);
	run_free(&r);
	/* one short: the last question reaches one server only; that is said (ELIMIT), and
	 * what was collected is still enough for the chain */
	r = run(&w, servers, 2, "www.nsec.test.", true, need - 1);
	assert_int_equal(r.err, SGN_ELIMIT);
	assert_non_null(r.lv);
	assert_int_equal(sgn_live_queries(r.lv), need - 1);
	assert_int_equal(r.c->verdict, SGN_SECURE);
	run_free(&r);
	/* far too few: the walk stops, and the chain cannot be secure */
	r = run(&w, servers, 2, "www.nsec.test.", true, 3);
	assert_int_equal(r.err, SGN_ELIMIT);
	assert_true(sgn_live_queries(r.lv) <= 3);
	assert_int_not_equal(r.c->verdict, SGN_SECURE);
	run_free(&r);
}

/* When the budget runs out (ELIMIT: what was collected is usable) and the set then does
 * not seal, the seal's error is the result, not ELIMIT. */
static void live_budget_out_and_seal_failure_reports_the_seal(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	all_of(&w, "192.0.2.1", fx.nsec, UP);
	const char *servers[] = { "192.0.2.1" };
	uint8_t name[SGN_NAME_MAX];
	sgn_live_opts_t lo;
	sgn_diag_t diag;
	sgn_zoneset_t *into = NULL;
	sgn_live_t *lv = (sgn_live_t *)&lv;
	sgn_live_opts_init(&lo);
	lo.servers = servers;
	lo.nservers = 1;
	lo.max_queries = 1;
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(sgn_zoneset_new(&into), SGN_OK);
	/* a record whose RDATA does not parse: the seal fails with EPARSE */
	static const uint8_t soa[5] = { 0 };
	uint8_t apex[SGN_NAME_MAX];
	sgn_rr_t rr = { .owner = th_name(apex, "bad.test."), .type = SGN_TYPE_SOA, .rclass = 1,
		        .ttl = 60, .rdlen = sizeof(soa), .rdata = soa };
	assert_int_equal(sgn_zoneset_add_rr(into, &rr), SGN_OK);
	sgn_err_t err = sgn__live_run_with(&lv, false, fake_send, &w, into,
	                                   th_name(name, "www.nsec.test."), SGN_TYPE_A, &lo, &diag);
	assert_int_equal(err, SGN_EPARSE);
	assert_null(lv);
	sgn_zoneset_free(into);
}

/* A server's own view: alone it holds only its answers for its zone; in full, the others'
 * zones as the consistent view has them. */
static void live_view_alone_and_in_full(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	all_of(&w, "192.0.2.1", fx.nsec, UP);
	all_of(&w, "192.0.2.2", fx.old, UP);
	const char *servers[] = { "192.0.2.1", "192.0.2.2" };
	struct run r = run(&w, servers, 2, "www.nsec.test.", true, 0);
	uint8_t apex[SGN_NAME_MAX];
	size_t z = sgn_live_zone_find(r.lv, th_name(apex, "nsec.test."));
	sgn_zoneset_t *alone = NULL, *full = NULL;
	assert_int_equal(sgn_live_view(r.lv, &alone, z, 1, true), SGN_OK);
	assert_int_equal(sgn_live_view(r.lv, &full, z, 1, false), SGN_OK);
	assert_non_null(sgn_zoneset_find(alone, apex));
	th_name(apex, ".");
	const sgn_zone_t *root = sgn_zoneset_find(alone, apex);
	assert_true(root == NULL || !sgn_name_equal(sgn_zone_get_apex(root), apex));
	assert_non_null(sgn_zoneset_find(full, apex));
	th_name(apex, "nsec.test.");
	const sgn_node_t *n = sgn_zone_find(sgn_zoneset_find(full, apex), apex);
	assert_int_equal(sgn_node_find_rrset(n, SGN_TYPE_DNSKEY)->rrset.count, 3);
	sgn_zoneset_t *none = NULL;
	assert_int_equal(sgn_live_view(r.lv, &none, z, 9, false), SGN_EINVAL);
	assert_null(none);
	sgn_zoneset_free(alone);
	sgn_zoneset_free(full);
	sgn_chain_opts_t co;
	sgn_chain_opts_init(&co, fx.at);
	assert_int_equal(sgn_chain_add_servers(r.c, r.lv, fx.anchors, &co), SGN_EINVAL); /* once */
	run_free(&r);
}

/* A second server of test. (iteratively: the root re-signed with ns2.test. 127.53.0.7)
 * that has no DS for nsec.test., at the same serial as the reference: validated with its
 * answers the cut has no proven absence of DS, though the reference's referral (the NS
 * question that only it was asked) carries the DS set - its view must not. */
static void live_server_view_takes_the_ds_from_the_server(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	one_zone(&w, "127.53.0.1", fx.root2, UP);
	one_zone(&w, "127.53.0.2", fx.test, UP);
	one_zone(&w, "127.53.0.7", fx.nods, UP);
	one_zone(&w, "127.53.0.3", fx.nsec, UP);
	struct run r = run(&w, NULL, 0, "www.nsec.test.", true, 0);
	assert_int_equal(r.err, SGN_OK);
	assert_int_equal(r.c->verdict, SGN_SECURE);
	assert_true(entry(r.c, "test.", "127.53.0.2")->reference);
	const sgn_finding_t *f =
	    find_at(r.c, SGN_FIND_SERVER_DATA_DIFFERS, "127.53.0.7", "nsec.test.", SGN_TYPE_DS);
	assert_non_null(f);
	assert_int_equal(f->severity, SGN_SEV_WARNING);
	assert_non_null(strstr(f->detail, "not in its answer to nsec.test. DS"));
	assert_non_null(strstr(f->detail, "the same SOA serial 2026010100"));
	f = find(r.c, SGN_FIND_SERVER_VERDICT_DIFFERS, "127.53.0.7");
	assert_non_null(f);
	assert_int_equal(f->type, SGN_TYPE_DS);
	assert_non_null(strstr(f->detail, "a no-ds link here, bogus (ds-absence-unproven)"));
	/* re-signed: its other RRsets have the same records and other RRSIGs, notices */
	f = find_at(r.c, SGN_FIND_SERVER_DATA_DIFFERS, "127.53.0.7", "test.", SGN_TYPE_DNSKEY);
	assert_non_null(f);
	assert_int_equal(f->severity, SGN_SEV_NOTICE);
	const sgn_chain_server_t *e = entry(r.c, "test.", "127.53.0.7");
	assert_string_equal(th_name_str(e->info.name), "ns2.test.");
	assert_true(e->checked && e->verdict == SGN_BOGUS && e->differs == 1 && e->sigs_differ >= 1);
	run_free(&r);
}

/* optout.test. has one NS name without glue, ns2.nsec.test., whose zone's server is down:
 * no address for the cut, the chain indeterminate there, and a finding that says why. */
static void live_cut_without_any_address_is_a_finding(void **state)
{
	(void)state;
	struct world w = { .n = 0 };
	one_zone(&w, "127.53.0.1", fx.root, UP);
	one_zone(&w, "127.53.0.2", fx.test, UP);
	one_zone(&w, "127.53.0.3", fx.nsec, DOWN);
	struct run r = run(&w, NULL, 0, "www.optout.test.", true, 0);
	assert_int_equal(r.err, SGN_OK);
	assert_int_equal(r.c->verdict, SGN_INDETERMINATE);
	uint8_t apex[SGN_NAME_MAX];
	th_name(apex, "optout.test.");
	size_t found = 0;
	for (size_t i = 0; i < r.c->findings.count; i++) {
		const sgn_finding_t *f = &r.c->findings.items[i];
		found += f->code == SGN_FIND_SERVER_UNREACHABLE && !f->has_server &&
		         sgn_name_equal(f->owner, apex) && strstr(f->detail, "no address") != NULL;
	}
	assert_int_equal(found, 1);
	run_free(&r);
}

/* A zone keeps 32 addresses, each once; the rest are counted as left out. */
static void live_zone_keeps_32_addresses_and_counts_the_rest(void **state)
{
	(void)state;
	struct sgn__lzone z;
	uint8_t name[SGN_NAME_MAX];
	memset(&z, 0, sizeof(z));
	th_name(name, "ns.example.");
	for (unsigned i = 0; i < 34; i++) {
		uint8_t a[4] = { 192, 0, 2, (uint8_t)(i + 1) };
		struct sgn__lsrv s;
		for (int twice = 0; twice < 2; twice++) {
			assert_true(sgn__lsrv_from_rdata(&s, SGN_TYPE_A, a, sizeof(a), name, 53));
			sgn__lzone_add_srv(&z, &s);
		}
	}
	assert_int_equal(z.nsrv, SGN__LIVE_SRV_MAX);
	assert_int_equal(SGN__LIVE_SRV_MAX, 32);
	assert_int_equal(z.left_out, 2); /* the two beyond, each counted once */
	assert_string_equal(z.srv[31].pub.address, "192.0.2.32");
	assert_string_equal(th_name_str(z.srv[0].pub.name), "ns.example.");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(live_disagreeing_servers_are_named_in_findings),
		cmocka_unit_test(live_consistent_servers_show_no_disagreement),
		cmocka_unit_test(live_equal_serials_first_server_is_reference),
		cmocka_unit_test(live_iterative_lame_only_server_still_asked),
		cmocka_unit_test(live_one_server_mode_asks_each_question_once),
		cmocka_unit_test(live_query_budget_limit_and_limit_plus_one),
		cmocka_unit_test(live_budget_out_and_seal_failure_reports_the_seal),
		cmocka_unit_test(live_view_alone_and_in_full),
		cmocka_unit_test(live_zone_keeps_32_addresses_and_counts_the_rest),
		cmocka_unit_test(live_server_view_takes_the_ds_from_the_server),
		cmocka_unit_test(live_cut_without_any_address_is_a_finding),
	};
	return cmocka_run_group_tests_name("live", tests, group_setup, group_teardown);
}
