/* SPDX-License-Identifier: MIT */
/* The live DS check's transport and lookups against a fake authoritative server in this
 * process, on the loopback only (127.0.0.1-3, one ephemeral port): a set of questions goes
 * out at once (UDP from one socket, TCP pipelined on one connection) and answers are matched
 * by ID in any order; the NS set comes from the parent by referrals; a batch's lookups cache
 * saves asking the root again. */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <libsign/dscheck.h>
#include <libsign/name.h>

#include "dscheck/dsc.h"
#include "helpers.h"
#include "source/query.h"

/* -- the fake server: 127.0.0.1 the root, .2 serves reg. and op., .3 the children -- */

#define NADDR 3

struct fake {
	int udp[NADDR], tcp[NADDR], stop[2];
	uint16_t port;
	pthread_t th;
	pthread_mutex_t mu;
	unsigned queries[NADDR], conns[NADDR];
	size_t batch;       /* answer this many questions at once, the last first */
	bool junk;          /* before the answers, one with a wrong ID */
	uint16_t drop_type; /* never answer questions of this type */
};

static struct fake F;

static size_t put_name(uint8_t *p, const char *text)
{
	size_t len = 0;
	assert_int_equal(sgn_name_from_str(p, &len, text, NULL), SGN_OK);
	return len;
}

static size_t put_rr(uint8_t *p, const char *owner, uint16_t type, const uint8_t *rd, size_t rdlen)
{
	size_t n = put_name(p, owner);
	uint8_t fixed[10] = { (uint8_t)(type >> 8), (uint8_t)type, 0, 1, 0, 0, 0x0e, 0x10,
		              (uint8_t)(rdlen >> 8), (uint8_t)rdlen };
	memcpy(p + n, fixed, sizeof(fixed));
	memcpy(p + n + 10, rd, rdlen);
	return n + 10 + rdlen;
}

static size_t put_ns(uint8_t *p, const char *owner, const char *target)
{
	uint8_t rd[SGN_NAME_MAX];
	return put_rr(p, owner, SGN_TYPE_NS, rd, put_name(rd, target));
}

static size_t put_a(uint8_t *p, const char *owner, const char *addr)
{
	uint8_t rd[4];
	assert_int_equal(inet_pton(AF_INET, addr, rd), 1);
	return put_rr(p, owner, SGN_TYPE_A, rd, 4);
}

/* The answer of server @p a to the query @p q (its question section uncompressed). */
static size_t respond(int a, const uint8_t *q, size_t qlen, uint8_t *out)
{
	char name[SGN_NAME_STR_MAX], tail[8];
	size_t nlen = sgn_name_len(q + 12, qlen - 12);
	uint16_t type = (uint16_t)(q[12 + nlen] << 8 | q[13 + nlen]);
	uint16_t counts[3] = { 0 };
	size_t n = 12 + nlen + 4;
	bool aa = false;
	assert_int_equal(sgn_name_to_str(name, sizeof(name), q + 12), SGN_OK);
	memcpy(out, q, n);
	size_t l = strlen(name);
	snprintf(tail, sizeof(tail), "%.4s", l >= 4 ? name + l - 4 : name);
	if (a == 0) { /* the root: referrals to reg. and op., both served by .2 */
		const char *cut = strcmp(tail, "reg.") == 0 ? "reg." : "op.";
		char ns[16];
		snprintf(ns, sizeof(ns), "ns.%s", cut);
		n += put_ns(out + n, cut, ns);
		n += put_a(out + n, ns, "127.0.0.2");
		counts[1] = 1, counts[2] = 1;
	} else if (a == 1 && type == SGN_TYPE_NS) { /* reg.: the children, served by ns1/ns2.op. */
		n += put_ns(out + n, name, "ns1.op.");
		n += put_ns(out + n, name, "ns2.op.");
		counts[1] = 2;
	} else if (a == 1) { /* op.: its hosts, all on .3 */
		n += put_a(out + n, name, "127.0.0.3");
		counts[0] = 1, aa = true;
	} else { /* a child: a TXT record that names the type asked (and the SOA asked for) */
		uint8_t rd[SGN_NAME_MAX * 2 + 20] = { 0 };
		rd[0] = (uint8_t)snprintf((char *)rd + 1, 8, "%u", type);
		n += put_rr(out + n, name, SGN_TYPE_TXT, rd, 1 + rd[0]);
		counts[0] = 1, aa = true;
		if (type == SGN_TYPE_SOA) {
			size_t k = put_name(rd, "ns1.op.");
			k += put_name(rd + k, "hostmaster.op.");
			memset(rd + k, 0, 20);
			n += put_rr(out + n, name, SGN_TYPE_SOA, rd, k + 20);
			counts[0] = 2;
		}
	}
	out[2] = (uint8_t)(0x80 | (aa ? 0x04 : 0)); /* QR, AA; opcode 0, RD 0 */
	out[3] = 0;
	out[5] = 1;
	for (int s = 0; s < 3; s++) {
		out[6 + 2 * s] = (uint8_t)(counts[s] >> 8);
		out[7 + 2 * s] = (uint8_t)counts[s];
	}
	return n;
}

static uint16_t qtype_of(const uint8_t *q, size_t len)
{
	size_t nlen = sgn_name_len(q + 12, len - 12);
	return (uint16_t)(q[12 + nlen] << 8 | q[13 + nlen]);
}

/* Answer a batch of queries (held until F.batch of them came), the last one first. */
struct held {
	uint8_t q[SGN__QUERY_SET_MAX][512];
	size_t len[SGN__QUERY_SET_MAX], n;
};

static void flush(int a, struct held *h, int fd, const struct sockaddr_storage *to, socklen_t tolen,
                  bool tcp)
{
	uint8_t out[2 + 4096];
	if (F.junk) {
		size_t n = respond(a, h->q[0], h->len[0], out + 2);
		out[2] ^= 0xff; /* another ID */
		out[0] = (uint8_t)(n >> 8), out[1] = (uint8_t)n;
		tcp ? (void)!write(fd, out, n + 2) : (void)!sendto(fd, out + 2, n, 0, (const struct sockaddr *)to, tolen);
	}
	for (size_t i = h->n; i-- > 0;) {
		if (qtype_of(h->q[i], h->len[i]) == F.drop_type) {
			continue;
		}
		size_t n = respond(a, h->q[i], h->len[i], out + 2);
		out[0] = (uint8_t)(n >> 8), out[1] = (uint8_t)n;
		tcp ? (void)!write(fd, out, n + 2) : (void)!sendto(fd, out + 2, n, 0, (const struct sockaddr *)to, tolen);
	}
	h->n = 0;
}

static void hold(int a, struct held *h, const uint8_t *q, size_t len)
{
	pthread_mutex_lock(&F.mu);
	F.queries[a]++;
	pthread_mutex_unlock(&F.mu);
	if (len <= sizeof(h->q[0]) && h->n < SGN__QUERY_SET_MAX) {
		memcpy(h->q[h->n], q, len);
		h->len[h->n++] = len;
	}
}

static void serve_tcp(int a)
{
	int fd = accept(F.tcp[a], NULL, NULL);
	struct held h = { .n = 0 };
	uint8_t buf[4096];
	size_t have = 0;
	pthread_mutex_lock(&F.mu);
	F.conns[a]++;
	pthread_mutex_unlock(&F.mu);
	while (fd >= 0) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		if (poll(&p, 1, 2000) <= 0) {
			break;
		}
		ssize_t got = read(fd, buf + have, sizeof(buf) - have);
		if (got <= 0) {
			break;
		}
		have += (size_t)got;
		while (have >= 2 && have >= 2 + (size_t)(buf[0] << 8 | buf[1])) {
			size_t m = (size_t)(buf[0] << 8 | buf[1]);
			hold(a, &h, buf + 2, m);
			memmove(buf, buf + 2 + m, have - 2 - m);
			have -= 2 + m;
			if (h.n >= F.batch) {
				flush(a, &h, fd, NULL, 0, true);
			}
		}
	}
	if (fd >= 0) {
		close(fd);
	}
}

static void *server(void *arg)
{
	struct held h[NADDR] = { { .n = 0 } };
	struct sockaddr_storage from[NADDR];
	socklen_t fromlen[NADDR];
	(void)arg;
	for (;;) {
		struct pollfd p[2 * NADDR + 1];
		for (int a = 0; a < NADDR; a++) {
			p[a] = (struct pollfd){ .fd = F.udp[a], .events = POLLIN };
			p[NADDR + a] = (struct pollfd){ .fd = F.tcp[a], .events = POLLIN };
		}
		p[2 * NADDR] = (struct pollfd){ .fd = F.stop[0], .events = POLLIN };
		if (poll(p, 2 * NADDR + 1, -1) < 0 || p[2 * NADDR].revents != 0) {
			return NULL;
		}
		for (int a = 0; a < NADDR; a++) {
			if (p[a].revents & POLLIN) {
				uint8_t q[512];
				fromlen[a] = sizeof(from[a]);
				ssize_t got = recvfrom(F.udp[a], q, sizeof(q), 0, (struct sockaddr *)&from[a], &fromlen[a]);
				if (got > 12) {
					hold(a, &h[a], q, (size_t)got);
				}
				if (h[a].n >= F.batch) {
					flush(a, &h[a], F.udp[a], &from[a], fromlen[a], false);
				}
			}
			if (p[NADDR + a].revents & POLLIN) {
				serve_tcp(a);
			}
		}
	}
}

static int bound(int type, const char *addr, uint16_t *port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET, .sin_port = htons(*port) };
	socklen_t len = sizeof(sa);
	int one = 1, fd = socket(AF_INET, type, 0);
	assert_true(fd >= 0);
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	inet_pton(AF_INET, addr, &sa.sin_addr);
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0) {
		close(fd);
		return -1;
	}
	assert_int_equal(getsockname(fd, (struct sockaddr *)&sa, &len), 0);
	*port = ntohs(sa.sin_port);
	if (type == SOCK_STREAM) {
		assert_int_equal(listen(fd, 8), 0);
	}
	return fd;
}

static int fake_start(void **state)
{
	static const char *const addrs[NADDR] = { "127.0.0.1", "127.0.0.2", "127.0.0.3" };
	(void)state;
	assert_int_equal(sgn_init(), SGN_OK);
	for (int tries = 0; tries < 20; tries++) {
		bool ok = true;
		F.port = 0;
		for (int a = 0; a < NADDR; a++) {
			F.tcp[a] = bound(SOCK_STREAM, addrs[a], &F.port);
			F.udp[a] = F.tcp[a] >= 0 ? bound(SOCK_DGRAM, addrs[a], &F.port) : -1;
			ok = ok && F.tcp[a] >= 0 && F.udp[a] >= 0;
		}
		if (ok) {
			break;
		}
		for (int a = 0; a < NADDR; a++) {
			close(F.tcp[a]);
			close(F.udp[a]);
		}
	}
	F.batch = 1;
	assert_int_equal(pipe(F.stop), 0);
	pthread_mutex_init(&F.mu, NULL);
	assert_int_equal(pthread_create(&F.th, NULL, server, NULL), 0);
	return 0;
}

static int fake_stop(void **state)
{
	(void)state;
	assert_int_equal(write(F.stop[1], "x", 1), 1);
	pthread_join(F.th, NULL);
	for (int a = 0; a < NADDR; a++) {
		close(F.tcp[a]);
		close(F.udp[a]);
	}
	close(F.stop[0]);
	close(F.stop[1]);
	pthread_mutex_destroy(&F.mu);
	return 0;
}

static void fake_reset(size_t batch, bool junk, uint16_t drop)
{
	pthread_mutex_lock(&F.mu);
	memset(F.queries, 0, sizeof(F.queries));
	memset(F.conns, 0, sizeof(F.conns));
	F.batch = batch, F.junk = junk, F.drop_type = drop;
	pthread_mutex_unlock(&F.mu);
}

/* -- the transport -- */

struct seen {
	unsigned txt[4];   /* the type named by the TXT answer of each question */
};

static sgn_err_t count(void *arg, size_t q, enum sgn__qsection sec, const sgn_rr_t *rr)
{
	struct seen *s = arg;
	char text[8] = "";
	if (sec == SGN__QS_ANSWER && rr->type == SGN_TYPE_TXT && q < 4 && rr->rdlen > 1 &&
	    rr->rdata[0] == rr->rdlen - 1 && rr->rdlen <= sizeof(text)) {
		memcpy(text, rr->rdata + 1, rr->rdlen - 1u);
		s->txt[q] = (unsigned)strtoul(text, NULL, 10);
	}
	return SGN_OK;
}

static void ask_four(bool tcp, unsigned timeout_ms, struct sgn__question *q, struct seen *s)
{
	static const uint16_t types[] = { SGN_TYPE_SOA, SGN_TYPE_DNSKEY, SGN_TYPE_CDS, SGN_TYPE_CDNSKEY };
	static uint8_t name[SGN_NAME_MAX];
	assert_int_equal(sgn_name_from_str(name, NULL, "c1.reg.", NULL), SGN_OK);
	memset(s, 0, sizeof(*s));
	for (size_t i = 0; i < 4; i++) {
		q[i] = (struct sgn__question){ .name = name, .type = types[i] };
	}
	assert_int_equal(sgn__query_set("127.0.0.3", F.port, tcp, timeout_ms, q, 4, count, s), SGN_OK);
}

static void query_set_udp_matches_answers_in_any_order(void **state)
{
	struct sgn__question q[4];
	struct seen s;
	(void)state;
	fake_reset(4, true, 0); /* all four held, a wrong ID first, then the last one first */
	ask_four(false, 5000, q, &s);
	for (size_t i = 0; i < 4; i++) {
		assert_true(q[i].r.answered);
		assert_true(q[i].r.aa);
		assert_int_equal(s.txt[i], q[i].type);
	}
	assert_int_equal(F.queries[2], 4);
}

static void query_set_tcp_pipelines_on_one_connection(void **state)
{
	struct sgn__question q[4];
	struct seen s;
	(void)state;
	fake_reset(4, true, 0);
	ask_four(true, 5000, q, &s);
	for (size_t i = 0; i < 4; i++) {
		assert_true(q[i].r.answered);
		assert_int_equal(s.txt[i], q[i].type);
	}
	assert_int_equal(F.conns[2], 1);
	assert_int_equal(F.queries[2], 4);
}

static void query_set_unanswered_question_times_out_alone(void **state)
{
	struct sgn__question q[4];
	struct seen s;
	(void)state;
	for (int tcp = 0; tcp < 2; tcp++) {
		fake_reset(1, false, SGN_TYPE_CDS);
		ask_four(tcp, 300, q, &s);
		for (size_t i = 0; i < 4; i++) {
			assert_int_equal(q[i].r.answered, q[i].type != SGN_TYPE_CDS);
		}
		assert_string_equal(q[2].r.why, "timed out");
	}
}

static void query_set_refuses_bad_arguments(void **state)
{
	struct sgn__question q[SGN__QUERY_SET_MAX + 1];
	uint8_t name[SGN_NAME_MAX];
	(void)state;
	assert_int_equal(sgn_name_from_str(name, NULL, "c1.reg.", NULL), SGN_OK);
	for (size_t i = 0; i < ARRAY_LEN(q); i++) {
		q[i] = (struct sgn__question){ .name = name, .type = SGN_TYPE_SOA };
	}
	assert_int_equal(sgn__query_set("127.0.0.3", F.port, false, 100, q, 0, NULL, NULL), SGN_EINVAL);
	assert_int_equal(sgn__query_set("127.0.0.3", F.port, false, 100, q, ARRAY_LEN(q), NULL, NULL),
	                 SGN_EINVAL);
	assert_int_equal(sgn__query_set("not-an-address", F.port, false, 100, q, 1, NULL, NULL), SGN_EPARSE);
}

/* -- the lookups -- */

static void collect(const char *domain, sgn_dsc_cache_t *cache, const char *hints, sgn_dsc_input_t *in)
{
	uint8_t name[SGN_NAME_MAX];
	sgn_dsc_live_opts_t o;
	sgn_diag_t diag;
	sgn_diag_init(&diag);
	assert_int_equal(sgn_name_from_str(name, NULL, domain, NULL), SGN_OK);
	assert_int_equal(sgn_dsc_input_init(in, name), SGN_OK);
	sgn_dsc_live_opts_init(&o);
	o.live.hints = hints;
	o.live.port = F.port;
	o.cache = cache;
	assert_int_equal(sgn_dsc_collect_live(in, &o, false, &diag), SGN_OK);
	assert_int_equal(in->nns, 2);
	assert_int_equal(in->nviews, 2); /* ns1.op. and ns2.op. share 127.0.0.3: UDP and TCP */
	for (size_t i = 0; i < in->nviews; i++) {
		assert_string_equal(in->views[i].error, "");
	}
	sgn_dsc_input_release(in);
}

static void collect_live_finds_ns_by_referrals_and_caches_them(void **state)
{
	char dir[64], hints[128];
	sgn_dsc_cache_t *cache = NULL;
	sgn_dsc_input_t *in = malloc(sizeof(*in));
	(void)state;
	assert_non_null(in);
	th_tmpdir_new(dir);
	snprintf(hints, sizeof(hints), "%s", th_join(dir, "hints"));
	th_write_file(hints, ".\t3600000\tNS\ta.root.\na.root.\t3600000\tA\t127.0.0.1\n");
	fake_reset(1, false, 0);
	assert_int_equal(sgn_dsc_cache_new(&cache), SGN_OK);
	/* the first domain: the root for reg. and op., reg. for the NS set, op. for the hosts */
	collect("c1.reg.", cache, hints, in);
	assert_int_equal(F.queries[0], 2);
	assert_int_equal(F.queries[1], 3);
	assert_int_equal(F.conns[2], 1); /* the four questions over TCP share one connection */
	/* the next domain of the batch: only its NS set from reg.'s server */
	collect("c2.reg.", cache, hints, in);
	assert_int_equal(F.queries[0], 2);
	assert_int_equal(F.queries[1], 4);
	/* without the batch's cache, the walk starts at the root again */
	collect("c3.reg.", NULL, hints, in);
	assert_int_equal(F.queries[0], 4);
	sgn_dsc_cache_free(cache);
	free(in);
	th_tmpdir_remove(dir);
}

/* An input whose zone set slots are full: the collection's sets are freed and never read
 * again (the NS set is then not found: EIO); an input whose views are full: the server's
 * set is freed, not leaked (ELIMIT). Run under ASan (make asan) to see the difference. */
static void collect_live_with_a_full_input_frees_each_set_once(void **state)
{
	static const char *const servers[] = { "127.0.0.3" };
	static const char *const ns[] = { "ns1.op.@127.0.0.3" };
	uint8_t name[SGN_NAME_MAX];
	sgn_dsc_live_opts_t o;
	sgn_diag_t diag;
	sgn_dsc_input_t *in = malloc(sizeof(*in));
	(void)state;
	assert_non_null(in);
	fake_reset(1, false, 0);
	sgn_diag_init(&diag);
	assert_int_equal(sgn_name_from_str(name, NULL, "c1.reg.", NULL), SGN_OK);
	assert_int_equal(sgn_dsc_input_init(in, name), SGN_OK);
	while (in->nzsets < sizeof(in->zsets) / sizeof(in->zsets[0])) {
		assert_int_equal(sgn_zoneset_new(&in->zsets[in->nzsets]), SGN_OK);
		in->nzsets++;
	}
	sgn_dsc_live_opts_init(&o);
	o.live.servers = servers;
	o.live.nservers = 1;
	o.live.port = F.port;
	assert_int_equal(sgn_dsc_collect_live(in, &o, false, &diag), SGN_EIO);
	assert_non_null(strstr(diag.msg, "no NS set found"));
	sgn_dsc_input_release(in);
	assert_int_equal(sgn_dsc_input_init(in, name), SGN_OK);
	in->nviews = SGN_DSC_VIEWS_MAX;
	sgn_dsc_live_opts_init(&o);
	o.live.port = F.port;
	o.ns = ns;
	o.nns = 1;
	assert_int_equal(sgn_dsc_collect_live(in, &o, false, &diag), SGN_ELIMIT);
	assert_int_equal(in->nzsets, 0);
	sgn_dsc_input_release(in);
	free(in);
}

/* -- the cache -- */

static void cache_keeps_at_most_its_limit(void **state)
{
	sgn_dsc_cache_t *c = NULL;
	struct sgn__dsc_addrs a = { 0 }, got;
	const uint8_t four[4] = { 192, 0, 2, 1 };
	uint8_t name[SGN_NAME_MAX];
	char text[32];
	(void)state;
	assert_int_equal(sgn_dsc_cache_new(&c), SGN_OK);
	sgn__dsc_addrs_add(&a, SGN_TYPE_A, four, 4);
	sgn__dsc_addrs_add(&a, SGN_TYPE_A, four, 4); /* once */
	assert_int_equal(a.n, 1);
	for (unsigned i = 0; i <= SGN_DSC_CACHE_MAX; i++) {
		snprintf(text, sizeof(text), "h%u.example.", i);
		assert_int_equal(sgn_name_from_str(name, NULL, text, NULL), SGN_OK);
		sgn__dsc_cache_put(c, SGN__DSC_CACHE_HOST, name, &a, 60);
	}
	assert_int_equal(sgn_name_from_str(name, NULL, "H0.Example.", NULL), SGN_OK);
	assert_true(sgn__dsc_cache_get(c, SGN__DSC_CACHE_HOST, name, &got)); /* case-blind */
	assert_int_equal(got.n, 1);
	assert_false(sgn__dsc_cache_get(c, SGN__DSC_CACHE_CUT, name, &got)); /* another kind */
	snprintf(text, sizeof(text), "h%u.example.", SGN_DSC_CACHE_MAX - 1);
	assert_int_equal(sgn_name_from_str(name, NULL, text, NULL), SGN_OK);
	assert_true(sgn__dsc_cache_get(c, SGN__DSC_CACHE_HOST, name, &got)); /* at the limit */
	snprintf(text, sizeof(text), "h%u.example.", SGN_DSC_CACHE_MAX);
	assert_int_equal(sgn_name_from_str(name, NULL, text, NULL), SGN_OK);
	assert_false(sgn__dsc_cache_get(c, SGN__DSC_CACHE_HOST, name, &got)); /* limit + 1 */
	sgn__dsc_cache_put(c, SGN__DSC_CACHE_CUT, name, &a, 0); /* TTL 0: not kept */
	assert_false(sgn__dsc_cache_get(c, SGN__DSC_CACHE_CUT, name, &got));
	sgn_dsc_cache_free(c);
	sgn_dsc_cache_free(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(query_set_udp_matches_answers_in_any_order),
		cmocka_unit_test(query_set_tcp_pipelines_on_one_connection),
		cmocka_unit_test(query_set_unanswered_question_times_out_alone),
		cmocka_unit_test(query_set_refuses_bad_arguments),
		cmocka_unit_test(collect_live_finds_ns_by_referrals_and_caches_them),
		cmocka_unit_test(collect_live_with_a_full_input_frees_each_set_once),
		cmocka_unit_test(cache_keeps_at_most_its_limit),
	};
	return cmocka_run_group_tests_name("dsc_live", tests, fake_start, fake_stop);
}
