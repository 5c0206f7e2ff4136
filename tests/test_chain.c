/* SPDX-License-Identifier: MIT */
/* Unit tests for sgn_chain_validate() (chain.h) over bundles (zoneset.h): denial of
 * existence proofs that a resolver receives, genuine and forged. A small NSEC zone with
 * wildcards is signed once with a fresh key; each case takes some of its signed records,
 * moves some of them to other owners as an attacker can (a signature made at a wildcard
 * stays valid at any name the wildcard covers, RFC 4035 §5.3.2), and asks for a verdict. */
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

#define ORIGIN "example."

/* Canonical order: example. *.example. b.example. mail.example. ns.example. *.w.example.
 * z.example. - so the NSEC chain is example -> *.example -> b -> mail -> ns -> *.w -> z. */
static const char zone_text[] = "$ORIGIN example.\n"
                                "$TTL 300\n"
                                "@ SOA ns hostmaster 1 3600 900 604800 300\n"
                                "@ NS ns\n"
                                "ns A 192.0.2.1\n"
                                "* TXT \"wildcard\"\n"
                                "b A 192.0.2.2\n"
                                "mail MX 10 ns\n"
                                "*.w TXT \"w wildcard\"\n"
                                "z A 192.0.2.3\n";

/* The signed zone, one line per RR, and its key. */
static struct fixture {
	char dir[64];
	char *signed_text;
	uint8_t key_rdata[512];
	size_t key_len;
} fx;

static int group_setup(void **state)
{
	(void)state;
	assert_int_equal(sgn_init(), SGN_OK);
	th_tmpdir_new(fx.dir);
	const char *in = th_join(fx.dir, "example.zone");
	th_write_file(in, zone_text);

	uint8_t apex[SGN_NAME_MAX];
	sgn_zone_opts_t zopts;
	sgn_zone_opts_init(&zopts);
	zopts.origin = th_name(apex, ORIGIN);
	sgn_diag_t diag;
	memset(&diag, 0, sizeof(diag));
	sgn_zone_t *zone = NULL;
	assert_int_equal(sgn_zone_load(&zone, in, &zopts, &diag), SGN_OK);

	sgn_keylist_t keys;
	sgn_key_t *key = NULL;
	sgn_keylist_init(&keys);
	assert_int_equal(sgn_key_generate(&key, apex, SGN_ALG_ED25519, 0,
	                                  SGN_DNSKEY_ZONE | SGN_DNSKEY_SEP),
	                 SGN_OK);
	sgn_rdata_t rd = sgn_key_get_rdata(key);
	assert_true(rd.len <= sizeof(fx.key_rdata));
	memcpy(fx.key_rdata, rd.data, rd.len);
	fx.key_len = rd.len;
	assert_int_equal(sgn_keylist_add_take(&keys, key), SGN_OK);

	sgn_sign_policy_t pol;
	sgn_sign_policy_init(&pol, TH_NOW);
	pol.threads = 1;
	assert_int_equal(sgn_zone_sign(zone, NULL, &keys, &pol, &diag), SGN_OK);
	const char *out = th_join(fx.dir, "example.signed");
	FILE *fp = fopen(out, "w");
	assert_non_null(fp);
	assert_int_equal(sgn_zone_write(zone, fp, &diag), SGN_OK);
	assert_int_equal(fclose(fp), 0);
	sgn_zone_free(zone);
	sgn_keylist_release(&keys);
	fx.signed_text = th_read_file(out, NULL);
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	free(fx.signed_text);
	th_tmpdir_remove(fx.dir);
	return 0;
}

/* -- bundles made of the signed zone's lines -- */

/* "owner TYPE": the RRset and the RRSIGs over it. */
static bool line_is(const char *line, size_t len, const char *owner, const char *type)
{
	size_t ol = strlen(owner), tl = strlen(type);
	if (len <= ol || strncmp(line, owner, ol) != 0 || line[ol] != '\t') {
		return false;
	}
	/* owner TTL IN TYPE rdata, tab-separated as sgn_zone_write() writes them */
	const char *p = line + ol + 1;
	for (int field = 0; field < 2; field++) {
		p = memchr(p, '\t', (size_t)(line + len - p));
		if (p == NULL) {
			return false;
		}
		p++;
	}
	size_t left = (size_t)(line + len - p);
	if (left > tl && strncmp(p, type, tl) == 0 && p[tl] == '\t') {
		return true;
	}
	return left > 6 + tl && strncmp(p, "RRSIG\t", 6) == 0 && strncmp(p + 6, type, tl) == 0 &&
	       p[6 + tl] == ' ';
}

/* Append the lines of RRset "owner TYPE" to @p out, with their owner replaced by @p as
 * (NULL: kept). Returns how many lines. */
static size_t take(char *out, size_t cap, const char *owner, const char *type, const char *as)
{
	size_t n = 0;
	for (const char *line = fx.signed_text; *line != '\0';) {
		const char *eol = strchr(line, '\n');
		size_t len = eol != NULL ? (size_t)(eol - line) : strlen(line);
		if (line_is(line, len, owner, type)) {
			size_t used = strlen(out), ol = strlen(owner);
			int w = as == NULL ? snprintf(out + used, cap - used, "%.*s\n", (int)len, line)
			                   : snprintf(out + used, cap - used, "%s%.*s\n", as,
			                              (int)(len - ol), line + ol);
			assert_true(w > 0 && (size_t)w < cap - used);
			n++;
		}
		line += len + (eol != NULL);
	}
	return n;
}

#define RRSETS_MAX 6

/* One RRset of the signed zone, at its owner or moved to another ("as"). */
struct piece {
	const char *owner, *type, *as;
};

struct chain_case {
	const char *what;
	struct piece pieces[RRSETS_MAX]; /* besides the apex DNSKEY and SOA */
	const char *qname;
	uint16_t qtype;
	sgn_status_t want;
};

static sgn_chain_t *run_case(const struct chain_case *c)
{
	char bundle[32 * 1024] = "";
	assert_int_equal(take(bundle, sizeof(bundle), ORIGIN, "DNSKEY", NULL), 2);
	assert_int_equal(take(bundle, sizeof(bundle), ORIGIN, "SOA", NULL), 2);
	for (size_t i = 0; i < RRSETS_MAX && c->pieces[i].owner != NULL; i++) {
		const struct piece *p = &c->pieces[i];
		if (take(bundle, sizeof(bundle), p->owner, p->type, p->as) < 2) {
			fail_msg("%s: no signed %s %s in the zone", c->what, p->owner, p->type);
		}
	}
	const char *path = th_join(fx.dir, "bundle");
	th_write_file(path, bundle);

	sgn_zoneset_t *zs = NULL;
	sgn_anchors_t *anchors = NULL;
	sgn_diag_t diag;
	uint8_t apex[SGN_NAME_MAX], qname[SGN_NAME_MAX];
	memset(&diag, 0, sizeof(diag));
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	sgn_err_t err = sgn_zoneset_load_bundle(zs, path, &diag);
	if (err != SGN_OK) {
		fail_msg("%s: bundle: %s: %s\n%s", c->what, sgn_strerror(err), diag.msg, bundle);
	}
	assert_int_equal(sgn_anchors_new(&anchors), SGN_OK);
	assert_int_equal(sgn_anchors_add_dnskey(anchors, th_name(apex, ORIGIN), fx.key_rdata,
	                                        fx.key_len),
	                 SGN_OK);
	sgn_chain_opts_t opts;
	sgn_chain_opts_init(&opts, TH_NOW + 60);
	sgn_chain_t *chain = NULL;
	assert_int_equal(sgn_chain_validate(&chain, zs, anchors, th_name(qname, c->qname), c->qtype,
	                                    &opts),
	                 SGN_OK);
	sgn_anchors_free(anchors);
	sgn_zoneset_free(zs);
	return chain;
}

static const char *status_str(sgn_status_t s)
{
	static const char *const names[] = { "secure", "insecure", "bogus", "indeterminate" };
	return (unsigned)s < 4 ? names[s] : "?";
}

static void expect_cases(const struct chain_case *cases, size_t n)
{
	size_t bad = 0;
	for (size_t i = 0; i < n; i++) {
		sgn_chain_t *chain = run_case(&cases[i]);
		if (chain->verdict != cases[i].want) {
			const sgn_link_t *last = &chain->links[chain->nlinks - 1];
			print_error("%s: %s %u is %s, want %s (last link %s: %s)\n", cases[i].what,
			            cases[i].qname, cases[i].qtype, status_str(chain->verdict),
			            status_str(cases[i].want), sgn_link_kind_str(last->kind), last->detail);
			bad++;
		}
		sgn_chain_free(chain);
	}
	assert_int_equal(bad, 0);
}

/* -- the cases -- */

/* CVE-2017-15105 (Unbound's val_nx_failwc, val_nodata_failwc): the NSEC signed at a
 * wildcard, copied to another owner below the wildcard's parent, keeps a valid signature
 * with a labels field smaller than its owner's label count. It proves only what it proves
 * at the wildcard. */
static const struct chain_case forged[] = {
	{ "NXDOMAIN from the wildcard's NSEC moved before the wildcard",
	  { { "*.example.", "NSEC", "!.example." } },
	  "a.example.", 16, SGN_BOGUS },
	{ "NXDOMAIN from the wildcard's NSEC moved before the wildcard, with the real cover",
	  { { "*.example.", "NSEC", "!.example." }, { "b.example.", "NSEC", NULL } },
	  "c.example.", 16, SGN_BOGUS },
	{ "NODATA from the wildcard's NSEC moved to the name",
	  { { "*.example.", "NSEC", "q.example." } },
	  "q.example.", 52, SGN_BOGUS },
	{ "NODATA from the wildcard's NSEC moved to a deeper name",
	  { { "*.example.", "NSEC", "_25._tcp.q.example." } },
	  "_25._tcp.q.example.", 52, SGN_BOGUS },
	{ "NXDOMAIN below the wildcard's parent from its NSEC moved before the wildcard",
	  { { "*.w.example.", "NSEC", "!.w.example." } },
	  "a.w.example.", 16, SGN_BOGUS },
	{ "wildcard answer below a name that exists",
	  { { "*.example.", "TXT", "a.b.example." }, { "b.example.", "NSEC", NULL } },
	  "a.b.example.", 16, SGN_BOGUS },
};

/* The same zone's genuine proofs stay secure. */
static const struct chain_case genuine[] = {
	{ "wildcard answer", { { "*.example.", "TXT", "c.example." }, { "b.example.", "NSEC", NULL } },
	  "c.example.", 16, SGN_SECURE },
	{ "wildcard answer, the wildcard's own NSEC the no-closer proof",
	  { { "*.example.", "TXT", "a.example." }, { "*.example.", "NSEC", NULL } },
	  "a.example.", 16, SGN_SECURE },
	{ "wildcard answer, two labels below the wildcard's parent",
	  { { "*.example.", "TXT", "x.c.example." }, { "b.example.", "NSEC", NULL } },
	  "x.c.example.", 16, SGN_SECURE },
	{ "wildcard NODATA",
	  { { "b.example.", "NSEC", NULL }, { "*.example.", "NSEC", NULL } },
	  "c.example.", 15, SGN_SECURE },
	{ "NXDOMAIN below a name, the wildcard's parent's cover",
	  { { "z.example.", "NSEC", NULL } },
	  "a.z.example.", 1, SGN_SECURE },
	{ "NODATA at a name", { { "b.example.", "NSEC", NULL } }, "b.example.", 15, SGN_SECURE },
	{ "NODATA at an empty non-terminal", { { "ns.example.", "NSEC", NULL } }, "w.example.", 1,
	  SGN_SECURE },
	{ "the wildcard's own name, asked for literally", { { "*.example.", "TXT", NULL } },
	  "*.example.", 16, SGN_SECURE },
	{ "NODATA at the wildcard's own name", { { "*.example.", "NSEC", NULL } }, "*.example.", 1,
	  SGN_SECURE },
};

static void chain_wildcard_expanded_nsec_proves_nothing_else(void **state)
{
	(void)state;
	expect_cases(forged, sizeof(forged) / sizeof(forged[0]));
}

static void chain_genuine_denials_are_secure(void **state)
{
	(void)state;
	expect_cases(genuine, sizeof(genuine) / sizeof(genuine[0]));
}

/* -- what cannot be asked -- */

static void chain_refuses_meta_types_and_rrsig(void **state)
{
	(void)state;
	static const uint16_t refused[] = { 0, 41, 46, 128, 249, 250, 251, 252, 253, 254, 255 };
	static const uint16_t asked[] = { 1, 2, 6, 43, 47, 48, 50, 127, 256, 65535 };
	sgn_zoneset_t *zs = NULL;
	sgn_anchors_t *anchors = NULL;
	sgn_chain_opts_t opts;
	uint8_t qname[SGN_NAME_MAX];
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	assert_int_equal(sgn_anchors_new(&anchors), SGN_OK);
	sgn_chain_opts_init(&opts, TH_NOW);
	th_name(qname, "www.example.");
	for (size_t i = 0; i < sizeof(refused) / sizeof(refused[0]); i++) {
		sgn_chain_t *c = (sgn_chain_t *)1;
		assert_false(sgn_chain_can_ask(refused[i]));
		assert_int_equal(sgn_chain_validate(&c, zs, anchors, qname, refused[i], &opts),
		                 SGN_EINVAL);
		assert_null(c);
	}
	for (size_t i = 0; i < sizeof(asked) / sizeof(asked[0]); i++) {
		sgn_chain_t *c = NULL;
		assert_true(sgn_chain_can_ask(asked[i]));
		assert_int_equal(sgn_chain_validate(&c, zs, anchors, qname, asked[i], &opts),
		                 SGN_OK);
		assert_int_equal(c->verdict, SGN_INDETERMINATE); /* no anchor, no data */
		sgn_chain_free(c);
	}
	/* a malformed name (a label of 64, or 255 bytes without the root label) is refused,
	 * not validated as the root */
	uint8_t bad[SGN_NAME_MAX];
	memset(bad, 0, sizeof(bad));
	bad[0] = 64;
	sgn_chain_t *c = (sgn_chain_t *)1;
	assert_int_equal(sgn_chain_validate(&c, zs, anchors, bad, SGN_TYPE_A, &opts), SGN_EINVAL);
	assert_null(c);
	memset(bad, 63, sizeof(bad));
	c = (sgn_chain_t *)1;
	assert_int_equal(sgn_chain_validate(&c, zs, anchors, bad, SGN_TYPE_A, &opts), SGN_EINVAL);
	assert_null(c);
	sgn_anchors_free(anchors);
	sgn_zoneset_free(zs);
}

/* -- a saved bundle replays to the same chain -- */

#define HIER_AT "20270101000000"

/* Every case of testzones/hierarchy/README.md, and more of the same zones. */
static const struct {
	const char *name;
	uint16_t type;
} hier_cases[] = {
	{ "www.nsec.test.", 1 },         { "www.nsec3.test.", 1 },       { "www.optout.test.", 1 },
	{ "nx.nsec.test.", 1 },          { "nx.nsec3.test.", 1 },        { "www.nsec.test.", 15 },
	{ "www.nsec3.test.", 15 },       { "a.wild.nsec.test.", 16 },    { "a.wild.nsec3.test.", 16 },
	{ "cname.nsec.test.", 1 },       { "www.dname.nsec.test.", 1 },  { "big.nsec.test.", 16 },
	{ "nsec.test.", 48 },            { "nsec3.test.", 43 },          { "www.insecure.test.", 1 },
	{ "www.insecure.nsec3.test.", 1 }, { "www.island.optout.test.", 1 }, { "nx.optout.test.", 1 },
	{ "www.unsupported.test.", 1 },  { "www.baddigest.test.", 1 },   { "www.nokey.test.", 1 },
	{ "www.wrongalg.test.", 1 },     { "www.expired.test.", 1 },     { "www.stripped.test.", 1 },
	/* beyond the README's table */
	{ "test.", 6 },                  { "nokey.test.", 48 },          { "nx.test.", 1 },
	{ "x.insecure.test.", 1 },       { "insecure.test.", 43 },       { "unsupported.test.", 43 },
	{ "*.wild.nsec.test.", 16 },     { "b.a.wild.nsec3.test.", 16 }, { "nx.island.optout.test.", 1 },
	{ "x.y.nsec3.test.", 1 },        { "nx.baddigest.test.", 1 },    { "www.nsec.test.", 28 },
};

static void expect_same_chain(const sgn_chain_t *a, const sgn_chain_t *b, const char *what)
{
	if (a->verdict != b->verdict || a->nlinks != b->nlinks) {
		fail_msg("%s: %s with %zu links, replayed %s with %zu", what, status_str(a->verdict),
		         a->nlinks, status_str(b->verdict), b->nlinks);
	}
	for (size_t i = 0; i < a->nlinks; i++) {
		const sgn_link_t *x = &a->links[i], *y = &b->links[i];
		if (x->kind != y->kind || x->status != y->status || x->has_reason != y->has_reason ||
		    (x->has_reason && x->reason != y->reason) || !sgn_name_equal(x->owner, y->owner)) {
			fail_msg("%s: link %zu is %s %s %s, replayed %s %s %s", what, i,
			         sgn_link_kind_str(x->kind), status_str(x->status),
			         x->has_reason ? sgn_finding_id(x->reason) : "-", sgn_link_kind_str(y->kind),
			         status_str(y->status), y->has_reason ? sgn_finding_id(y->reason) : "-");
		}
	}
}

/* Validate every case over @p zs, save what the chain used (text and wire), load that as a
 * bundle and validate again: the same chain, link for link. */
static void roundtrip_cases(const sgn_zoneset_t *zs, const char *dir)
{
	sgn_anchors_t *anchors = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	int64_t now = th_time(HIER_AT);
	assert_int_equal(sgn_anchors_new(&anchors), SGN_OK);
	assert_int_equal(sgn_anchors_load(anchors, th_path("keys/hierarchy/root.anchor"), now, &diag),
	                 SGN_OK);
	sgn_chain_opts_t opts;
	sgn_chain_opts_init(&opts, now);
	for (size_t i = 0; i < sizeof(hier_cases) / sizeof(hier_cases[0]); i++) {
		uint8_t qname[SGN_NAME_MAX];
		sgn_chain_t *first = NULL;
		th_name(qname, hier_cases[i].name);
		assert_int_equal(sgn_chain_validate(&first, zs, anchors, qname, hier_cases[i].type,
		                 &opts),
		                 SGN_OK);
		for (int wire = 0; wire < 2; wire++) {
			char what[128];
			snprintf(what, sizeof(what), "%s %u (%s bundle)", hier_cases[i].name,
			         hier_cases[i].type, wire ? "wire" : "text");
			const char *path = th_join(dir, "saved.bundle");
			FILE *fp = fopen(path, "wb");
			assert_non_null(fp);
			assert_int_equal(sgn_chain_write_bundle(first, fp, wire, &diag), SGN_OK);
			assert_int_equal(fclose(fp), 0);
			sgn_zoneset_t *again = NULL;
			sgn_chain_t *second = NULL;
			assert_int_equal(sgn_zoneset_new(&again), SGN_OK);
			sgn_err_t err = sgn_zoneset_load_bundle(again, path, &diag);
			if (err != SGN_OK) {
				fail_msg("%s: %s: %s", what, sgn_strerror(err), diag.msg);
			}
			assert_int_equal(
			    sgn_chain_validate(&second, again, anchors, qname, hier_cases[i].type,
			                       &opts),
			    SGN_OK);
			expect_same_chain(first, second, what);
			sgn_chain_free(second);
			sgn_zoneset_free(again);
		}
		sgn_chain_free(first);
	}
	sgn_anchors_free(anchors);
}

static void chain_saved_bundle_replays_every_hierarchy_case(void **state)
{
	(void)state;
	sgn_zoneset_t *zs = NULL;
	sgn_zone_opts_t zo;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_zone_opts_init(&zo);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	assert_int_equal(sgn_zoneset_load_dir(zs, th_path("testzones/hierarchy/signed"), &zo, &diag),
	                 SGN_OK);
	roundtrip_cases(zs, fx.dir);
	sgn_zoneset_free(zs);
}

/* A child zone without keys below a DS is bogus (dnskey-missing); its saved bundle must
 * show that the zone exists, or the replay finds no data and says indeterminate. */
static void chain_saved_bundle_keeps_a_keyless_zone(void **state)
{
	(void)state;
	static const char *const files[] = { "testzones/hierarchy/signed/root.zone",
		                             "testzones/hierarchy/signed/test.zone",
		                             "testzones/hierarchy/unsigned/nsec.test.zone" };
	sgn_zoneset_t *zs = NULL;
	sgn_zone_opts_t zo;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_zone_opts_init(&zo);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	for (size_t i = 0; i < 3; i++) {
		sgn_zone_t *z = NULL;
		assert_int_equal(sgn_zone_load(&z, th_path(files[i]), &zo, &diag), SGN_OK);
		assert_int_equal(sgn_zoneset_add_take(zs, z), SGN_OK);
	}
	roundtrip_cases(zs, fx.dir);
	sgn_zoneset_free(zs);
}

/* -- what an audit report shows -- */

static sgn_chain_t *hier_chain(const sgn_zoneset_t *zs, const char *name, uint16_t type,
                               const char *at, int64_t expire_within)
{
	sgn_anchors_t *anchors = NULL;
	sgn_diag_t diag;
	uint8_t qname[SGN_NAME_MAX];
	sgn_diag_init(&diag);
	assert_int_equal(sgn_anchors_new(&anchors), SGN_OK);
	assert_int_equal(sgn_anchors_load(anchors, th_path("keys/hierarchy/root.anchor"), th_time(at),
	                                  &diag),
	                 SGN_OK);
	sgn_chain_opts_t opts;
	sgn_chain_opts_init(&opts, th_time(at));
	opts.expire_within = expire_within;
	sgn_chain_t *c = NULL;
	assert_int_equal(sgn_chain_validate(&c, zs, anchors, th_name(qname, name), type, &opts),
	                 SGN_OK);
	sgn_anchors_free(anchors);
	return c;
}

static size_t count_code(const sgn_chain_t *c, sgn_finding_code_t code)
{
	size_t n = 0;
	for (size_t i = 0; i < c->findings.count; i++) {
		n += c->findings.items[i].code == code;
	}
	return n;
}

static void chain_audit_shows_keys_ds_proofs_and_warnings(void **state)
{
	(void)state;
	sgn_zoneset_t *zs = NULL;
	sgn_zone_opts_t zo;
	sgn_diag_t diag;
	uint8_t name[SGN_NAME_MAX];
	sgn_diag_init(&diag);
	sgn_zone_opts_init(&zo);
	assert_int_equal(sgn_zoneset_new(&zs), SGN_OK);
	assert_int_equal(sgn_zoneset_load_dir(zs, th_path("testzones/hierarchy/signed"), &zo, &diag),
	                 SGN_OK);

	/* a DS matching no key: the zone's keys, its DS set, which key each DS matches */
	sgn_chain_t *c = hier_chain(zs, "www.baddigest.test.", 1, HIER_AT, 0);
	assert_int_equal(c->verdict, SGN_BOGUS);
	assert_int_equal(c->nzones, 3);
	assert_true(c->zones[0].anchored && c->zones[0].nds == 1 && c->zones[0].ds[0].tag == 9326);
	assert_true(c->zones[0].ds[0].key >= 0);
	assert_true(c->zones[0].keys[c->zones[0].ds[0].key].trusted);
	const sgn_chain_zone_t *z = &c->zones[2];
	assert_true(sgn_name_equal(z->apex, th_name(name, "baddigest.test.")));
	assert_int_equal(z->nkeys, 2);
	assert_int_equal(z->nds, 1);
	assert_int_equal(z->ds[0].tag, 61111);
	assert_int_equal(z->ds[0].key, -1);
	assert_true(z->ds[0].usable);
	for (size_t k = 0; k < z->nkeys; k++) {
		assert_false(z->keys[k].trusted);
		assert_int_equal(z->keys[k].signs_keys, z->keys[k].tag == 61111);
	}
	assert_int_equal(count_code(c, SGN_FIND_RRSIG_EXPIRING_SOON), 0);
	sgn_chain_free(c);

	/* a CNAME across zones: each zone once; the NSEC3 proofs of an NXDOMAIN */
	c = hier_chain(zs, "cname.nsec.test.", 1, HIER_AT, 0);
	assert_int_equal(c->verdict, SGN_SECURE);
	assert_int_equal(c->nzones, 4); /* ., test., nsec.test., nsec3.test. */
	sgn_chain_free(c);
	c = hier_chain(zs, "nx.nsec3.test.", 1, HIER_AT, 0);
	assert_int_equal(c->verdict, SGN_SECURE);
	assert_true(c->nproofs >= 2);
	for (size_t i = 0; i < c->nproofs; i++) {
		assert_int_equal(c->proofs[i].link, c->nlinks - 1);
		assert_int_equal(c->proofs[i].rrset->rrset.type, SGN_TYPE_NSEC3);
		assert_true(c->proofs[i].valid);
	}
	sgn_chain_free(c);

	/* two days before every signature expires: warned of with 7 days, not with 1 */
	c = hier_chain(zs, "www.nsec.test.", 1, "20351230000000", 7 * 86400);
	assert_int_equal(c->verdict, SGN_SECURE);
	assert_true(count_code(c, SGN_FIND_RRSIG_EXPIRING_SOON) >= 5);
	assert_int_equal(c->findings.errors, 0);
	sgn_chain_free(c);
	c = hier_chain(zs, "www.nsec.test.", 1, "20351230000000", 86400);
	assert_int_equal(count_code(c, SGN_FIND_RRSIG_EXPIRING_SOON), 0);
	sgn_chain_free(c);
	/* an hour before: TTLs of 3600 s outlive the signatures */
	c = hier_chain(zs, "www.nsec.test.", 1, "20351231233000", 0);
	assert_true(count_code(c, SGN_FIND_TTL_EXCEEDS_VALIDITY) >= 1);
	sgn_chain_free(c);
	sgn_zoneset_free(zs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chain_wildcard_expanded_nsec_proves_nothing_else),
		cmocka_unit_test(chain_genuine_denials_are_secure),
		cmocka_unit_test(chain_refuses_meta_types_and_rrsig),
		cmocka_unit_test(chain_saved_bundle_replays_every_hierarchy_case),
		cmocka_unit_test(chain_saved_bundle_keeps_a_keyless_zone),
		cmocka_unit_test(chain_audit_shows_keys_ds_proofs_and_warnings),
	};
	return cmocka_run_group_tests_name("chain", tests, group_setup, group_teardown);
}
