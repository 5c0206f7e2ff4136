/* SPDX-License-Identifier: MIT */
/* Random change sets through the library, for each chain (NSEC, NSEC3, NSEC3 opt-out):
 * adds, deletes and replacements over a pool of names that make and remove empty
 * non-terminals, cuts secure and insecure, glue, occluded data, wildcards and CNAMEs, and
 * now and then a change the rules refuse. After each: a refused change set left the zone
 * as it was; an applied one left it byte for byte what sgn_zone_sign() makes of its data
 * (Ed25519 at a fixed time); every 20th, sgn_zone_verify() finds no error. This runs under
 * ASan in `make asan`; the 1,000-step sequences against a model of RFC 2136, through
 * `sigil update` and with dnssec-verify, are tests/interop/update.sh's. */
#include "update_fixture.h"

#define STEPS 1000
#define VERIFY_EVERY 20

static const char *const names[] = {
	"a", "b", "c", "*", "x.a", "y.a", "*.a", "m.x.a", "x.b", "m.x.b", "c.d", "e.c.d",
	"f.e.c.d", "q.r", "p.q.r", "sub", "ns.sub", "x.sub", "www", "mail", "deep.er",
};
static const char *const cuts[] = { "b", "x.b", "q.r", "sub", "c.d" };

struct rng {
	uint32_t s;
};

static uint32_t next(struct rng *r)
{
	r->s ^= r->s << 13;
	r->s ^= r->s >> 17;
	r->s ^= r->s << 5;
	return r->s;
}

static const char *pick(struct rng *r, const char *const *v, size_t n)
{
	return v[next(r) % n];
}

/* One random update line into @p out. */
static void random_line(struct rng *r, char *out, size_t cap)
{
	const char *name = pick(r, names, ARRAY_LEN(names));
	unsigned v = next(r) % 5 + 1;
	switch (next(r) % 12) {
	case 0:
	case 1:
		snprintf(out, cap, "update add %s 60 A 192.0.2.%u\n", name, v);
		break;
	case 2:
		snprintf(out, cap, "update add %s 60 TXT \"t%u\"\n", name, v);
		break;
	case 3: {
		const char *cut = pick(r, cuts, ARRAY_LEN(cuts));
		snprintf(out, cap, "update add %s 60 NS ns.%s\nupdate add ns.%s 60 A 192.0.2.9\n", cut,
		         cut, cut);
		break;
	}
	case 4: {
		const char *cut = pick(r, cuts, ARRAY_LEN(cuts));
		snprintf(out, cap, "update add %s 60 NS ns.elsewhere.example.\nupdate add %s 60 DS "
		                   "%u 13 2 %064X\n", cut, cut, v, v);
		break;
	}
	case 5:
		snprintf(out, cap, "update add %s 60 CNAME www\n", name);
		break;
	case 6:
		snprintf(out, cap, "update delete %s A 192.0.2.%u\n", name, v);
		break;
	case 7:
	case 8:
		snprintf(out, cap, "update delete %s\n", name);
		break;
	case 9:
		snprintf(out, cap, "update delete %s %s\n", pick(r, cuts, ARRAY_LEN(cuts)),
		         next(r) % 2 ? "NS" : "DS");
		break;
	case 10:
		snprintf(out, cap, "update delete %s TXT\nupdate add %s 60 TXT \"r%u\"\n", name, name, v);
		break;
	default: /* refused: a DNSSEC record by hand, or the apex NS */
		snprintf(out, cap, next(r) % 2 ? "update delete upd.test. NS\n"
		                               : "update add %s 60 NSEC upd.test. A\n", name);
		break;
	}
}

static void verify_ok(const sgn_zone_t *zone, size_t step)
{
	sgn_verify_opts_t vo;
	sgn_findings_t fs;
	sgn_verify_opts_init(&vo, th_time(AT));
	vo.threads = 1;
	sgn_findings_init(&fs);
	assert_int_equal(sgn_zone_verify(zone, &fs, NULL, &vo), SGN_OK);
	if (fs.errors != 0) {
		print_error("step %zu: %zu verification errors, the first %s\n", step, fs.errors,
		            fs.count > 0 ? sgn_finding_id(fs.items[0].code) : "?");
	}
	assert_int_equal(fs.errors, 0);
	sgn_findings_release(&fs);
}

static void run(struct fixture *f, sgn_denial_t denial, bool opt_out, uint32_t seed)
{
	struct rng r = { seed };
	sgn_zone_t *zone = signed_zone(f, denial, opt_out, false);
	size_t applied = 0, refused = 0;
	for (size_t step = 1; step <= STEPS; step++) {
		char text[1024] = "", line[256];
		for (unsigned k = next(&r) % 3 + 1; k > 0; k--) {
			random_line(&r, line, sizeof(line));
			strncat(text, line, sizeof(text) - strlen(text) - 1);
		}
		char *before = zone_to_text(zone);
		sgn_update_result_t res;
		apply_text(f, zone, text, &res, NULL);
		if (res.rcode != SGN_UPDATE_NOERROR || !res.changed) {
			expect_unchanged(zone, before);
			refused += res.rcode != SGN_UPDATE_NOERROR;
		} else {
			free(before);
			applied++;
			expect_fresh(f, zone, denial, opt_out, false);
		}
		if (step % VERIFY_EVERY == 0) {
			verify_ok(zone, step);
		}
	}
	assert_true(applied > STEPS / 2);
	assert_true(refused > 0);
	sgn_zone_free(zone);
}

static void random_nsec(void **state)
{
	run(*state, SGN_DENIAL_NSEC, false, 11);
}

static void random_nsec3(void **state)
{
	run(*state, SGN_DENIAL_NSEC3, false, 12);
}

static void random_nsec3_opt_out(void **state)
{
	run(*state, SGN_DENIAL_NSEC3, true, 13);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(random_nsec, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(random_nsec3, fx_setup, fx_teardown),
		cmocka_unit_test_setup_teardown(random_nsec3_opt_out, fx_setup, fx_teardown),
	};
	return cmocka_run_group_tests_name("update_random", tests, NULL, NULL);
}
