/* SPDX-License-Identifier: MIT */
/* Fixtures shared by the rollover unit tests (included, not linked): a policy with distinct
 * TTLs and delays, so that a wrong term in any formula shows; key directories in a known
 * state; and a plan's stage times. */
#ifndef SIGIL_TESTS_ROLLOVER_FIXTURE_H
#define SIGIL_TESTS_ROLLOVER_FIXTURE_H

#include <stdio.h>
#include <string.h>

#include <libsign/alg.h>
#include <libsign/key.h>
#include <libsign/rollover.h>

#include "helpers.h"

#define TRF static __attribute__((unused))
#define TRF_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The test policy's numbers (seconds). */
enum {
	T_KEY = 3600,       /* dnskey-ttl: TTLkey */
	T_SIG = 7200,       /* max-zone-ttl: TTLsig */
	T_DPRP = 300,       /* zone-propagation-delay: Dprp */
	T_PUBS = 60,        /* publish-safety */
	T_RETS = 120,       /* retire-safety */
	T_DS = 86400,       /* parent-ds-ttl: TTLds */
	T_DPRPP = 1800,     /* parent-propagation-delay: DprpP */
	T_DSGN = 900,       /* signing-delay: Dsgn */
	T_PURGE = 7 * 86400,
	T_LZSK = 30 * 86400,
	T_LKSK = 365 * 86400,
};

/* RFC 7583's intervals with BIND's safety margins, written out from the numbers above. */
enum {
	I_PUB = T_DPRP + T_KEY + T_PUBS,                /* Ipub = Dprp + TTLkey */
	I_RETC = T_DPRP + T_KEY + T_RETS,               /* the old DNSKEY out of caches */
	I_PUBZ = T_DSGN + T_DPRP + T_SIG + T_PUBS,      /* new signatures in every cache */
	I_RET = T_DSGN + T_DPRP + T_SIG + T_RETS,       /* Iret = Dsgn + Dprp + TTLsig */
	I_PUBP = T_DPRPP + T_DS + T_PUBS,               /* IpubP = DprpP + TTLds */
	I_RETP = T_DPRPP + T_DS + T_RETS,               /* IretP = DprpP + TTLds */
};

/* The policy text: keys as given, every timing option set. */
TRF void trf_policy(sgn_policy_t *p, const char *keys, const char *extra)
{
	char text[2048];
	sgn_diag_t diag;
	snprintf(text, sizeof(text),
	         "dnssec-policy \"t\" {\n keys {\n%s };\n dnskey-ttl %d;\n max-zone-ttl %d;\n"
	         " zone-propagation-delay %d;\n publish-safety %d;\n retire-safety %d;\n"
	         " parent-ds-ttl %d;\n parent-propagation-delay %d;\n signing-delay %d;\n"
	         " purge-keys %d;\n%s};\n",
	         keys, T_KEY, T_SIG, T_DPRP, T_PUBS, T_RETS, T_DS, T_DPRPP, T_DSGN, T_PURGE,
	         extra != NULL ? extra : "");
	sgn_diag_init(&diag);
	sgn_err_t err = sgn_policy_parse(p, text, strlen(text), "test.conf", "t", &diag);
	if (err != SGN_OK) {
		fail_msg("policy: %s:%lu: %s", diag.file, diag.line, diag.msg);
	}
}

/* A key of @p role for example., created, published and active since @p since; its tag. */
TRF uint16_t trf_key(const char *dir, unsigned role, uint8_t alg, int64_t since)
{
	uint16_t flags = SGN_DNSKEY_ZONE | ((role & SGN_ROLE_KSK) ? SGN_DNSKEY_SEP : 0);
	sgn_key_t *k = th_key_generate("example.", alg, flags);
	sgn_key_set_time(k, SGN_KEY_CREATED, true, since);
	sgn_key_set_time(k, SGN_KEY_PUBLISH, true, since);
	sgn_key_set_time(k, SGN_KEY_ACTIVATE, true, since);
	th_key_write(k, dir);
	uint16_t tag = sgn_key_get_tag(k);
	sgn_key_free(k);
	return tag;
}

TRF sgn_rollover_t *trf_open(const char *dir, const sgn_policy_t *p, int64_t now)
{
	uint8_t zone[SGN_NAME_MAX];
	sgn_rollover_t *r = NULL;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	sgn_err_t err = sgn_rollover_open(&r, th_name(zone, "example."), dir, p, now, &diag);
	if (err != SGN_OK) {
		fail_msg("sgn_rollover_open: %s (%s)", diag.msg, sgn_strerror(err));
	}
	return r;
}

TRF sgn_plan_t *trf_plan(const sgn_rollover_t *r)
{
	sgn_plan_t *plan = NULL;
	assert_int_equal(sgn_rollover_plan(r, &plan), SGN_OK);
	return plan;
}

/* The plan's roll of @p method (fails the test when there is none). */
TRF const sgn_plan_roll_t *trf_roll(const sgn_plan_t *p, sgn_roll_method_t method)
{
	for (size_t i = 0; i < p->nrolls; i++) {
		if (p->rolls[i].method == method) {
			return &p->rolls[i];
		}
	}
	fail_msg("no %s rollover in the plan", sgn_roll_method_name(method));
	return NULL;
}

/* Assert a stage's time to the second, and the interval that set it. */
TRF void trf_stage(const sgn_plan_roll_t *r, size_t s, int64_t want, const char *interval)
{
	const sgn_plan_stage_t *st = &r->stages[s];
	if (st->time != want) {
		fail_msg("%s stage %zu (%s): time %lld, want %lld (off by %lld s)",
		         sgn_roll_method_name(r->method), s + 1, st->name, (long long)st->time,
		         (long long)want, (long long)(st->time - want));
	}
	if (interval == NULL) {
		assert_null(st->wait.name);
	} else if (st->wait.name == NULL || strcmp(st->wait.name, interval) != 0) {
		fail_msg("%s stage %zu: set by %s, want %s", sgn_roll_method_name(r->method), s + 1,
		         st->wait.name != NULL ? st->wait.name : "nothing", interval);
	}
}

/* A directory's plan under a policy, and its rollover of one method. */
struct trf_case {
	sgn_policy_t p;
	sgn_rollover_t *r;
	sgn_plan_t *plan;
	const sgn_plan_roll_t *roll;
};

TRF const sgn_plan_roll_t *trf_case_open(struct trf_case *c, const char *dir, const char *keys,
                                         const char *extra, int64_t now, sgn_roll_method_t m)
{
	trf_policy(&c->p, keys, extra);
	c->r = trf_open(dir, &c->p, now);
	c->plan = trf_plan(c->r);
	c->roll = trf_roll(c->plan, m);
	return c->roll;
}

TRF void trf_case_close(struct trf_case *c)
{
	sgn_plan_free(c->plan);
	sgn_rollover_free(c->r);
}

/* The simulator on a plan (strict unless @p lenient), from the plan's now. */
TRF sgn_sim_result_t trf_simulate(const sgn_timeline_t *tl, const sgn_policy_t *p, int64_t from,
                                  bool lenient)
{
	sgn_sim_opts_t so;
	sgn_sim_result_t res;
	sgn_sim_opts_from_policy(&so, p);
	so.from = from;
	so.lenient = lenient;
	assert_int_equal(sgn_simulate(&res, tl, &so), SGN_OK);
	return res;
}

#endif
