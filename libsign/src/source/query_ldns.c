/* SPDX-License-Identifier: MIT */
/* Questions to one server over the transport the caller chooses (see query.h): ldns makes
 * and reads the wire form, the sockets are our own so that a set of questions shares one
 * (ldns_resolver_send opens a socket, and a TCP connection, per question). Nothing here
 * judges the answers. */
#include <arpa/inet.h>
#include <errno.h>
#include <limits.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include <ldns/ldns.h>

#include <libsign/name.h>
#include <libsign/rr.h>

#include "query.h"

#define QUERY_EDNS_SIZE 1232       /* DNS flag day 2020: no IP fragmentation */
#define QUERY_MSG_MAX   65535      /* a DNS message over TCP (RFC 1035 section 4.2.2) */

struct qset {
	struct sgn__question *q;
	size_t n, left;            /* questions, and those still without an answer */
	uint16_t id[SGN__QUERY_SET_MAX];
	sgn__qsink_fn sink;
	void *arg;
	struct timespec deadline;
	ldns_buffer *rdata;
};

/* Milliseconds to the deadline, 0 once it has passed. */
static int ms_left(const struct qset *s)
{
	struct timespec now;
	if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) {
		return 0;
	}
	long long ms = (long long)(s->deadline.tv_sec - now.tv_sec) * 1000 +
	               (s->deadline.tv_nsec - now.tv_nsec) / 1000000;
	return ms <= 0 ? 0 : ms > INT_MAX ? INT_MAX : (int)ms;
}

/* Every question still without an answer fails with @p why. */
static void fail_rest(struct qset *s, const char *why)
{
	for (size_t i = 0; i < s->n; i++) {
		if (!s->q[i].r.answered && s->q[i].r.why[0] == '\0') {
			snprintf(s->q[i].r.why, sizeof(s->q[i].r.why), "%s", why);
		}
	}
}

/* -- the wire form -- */

/* Question @p i as a DNS message in *wire (free()), with ID s->id[i]. */
static sgn_err_t build(const struct qset *s, size_t i, uint8_t **wire, size_t *len)
{
	const struct sgn__question *q = &s->q[i];
	ldns_rdf *qn = ldns_rdf_new_frm_data(LDNS_RDF_TYPE_DNAME, sgn_name_len(q->name, SGN_NAME_MAX),
	                                     q->name);
	ldns_pkt *p = qn != NULL ? ldns_pkt_query_new(qn, q->type, LDNS_RR_CLASS_IN, 0) : NULL;
	*wire = NULL;
	if (p == NULL) {
		ldns_rdf_deep_free(qn); /* the packet owns it only once made */
		return SGN_ENOMEM;
	}
	ldns_pkt_set_id(p, s->id[i]);
	ldns_pkt_set_cd(p, true); /* a validating server hands over bogus data for us to judge */
	ldns_pkt_set_edns_udp_size(p, QUERY_EDNS_SIZE);
	ldns_pkt_set_edns_do(p, true);
	ldns_status st = ldns_pkt2wire(wire, p, len);
	ldns_pkt_free(p);
	return st == LDNS_STATUS_OK ? SGN_OK : SGN_ENOMEM;
}

static bool matches(const ldns_pkt *p, const uint8_t *name, uint16_t type)
{
	const ldns_rr_list *q = ldns_pkt_question(p);
	const ldns_rr *rr = q != NULL && ldns_rr_list_rr_count(q) == 1 ? ldns_rr_list_rr(q, 0) : NULL;
	const ldns_rdf *o = rr != NULL ? ldns_rr_owner(rr) : NULL;
	return o != NULL && ldns_pkt_qr(p) && ldns_rr_get_type(rr) == type &&
	       sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) == ldns_rdf_size(o) &&
	       sgn_name_equal(ldns_rdf_data(o), name);
}

static sgn_err_t sink_section(struct qset *s, size_t qi, enum sgn__qsection sec,
                              const ldns_rr_list *l)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; l != NULL && i < ldns_rr_list_rr_count(l) && err == SGN_OK; i++) {
		const ldns_rr *rr = ldns_rr_list_rr(l, i);
		const ldns_rdf *o = ldns_rr_owner(rr);
		ldns_buffer_clear(s->rdata);
		if (ldns_rr_get_type(rr) == LDNS_RR_TYPE_OPT || ldns_rr_get_class(rr) != LDNS_RR_CLASS_IN ||
		    sgn_name_len(ldns_rdf_data(o), ldns_rdf_size(o)) != ldns_rdf_size(o) ||
		    ldns_rr_rdata2buffer_wire(s->rdata, rr) != LDNS_STATUS_OK ||
		    ldns_buffer_position(s->rdata) > UINT16_MAX) {
			continue;
		}
		sgn_rr_t v = { .owner = ldns_rdf_data(o), .type = ldns_rr_get_type(rr),
			       .rclass = SGN_CLASS_IN, .ttl = ldns_rr_ttl(rr),
			       .rdlen = (uint16_t)ldns_buffer_position(s->rdata),
			       .rdata = ldns_buffer_begin(s->rdata) };
		if (sgn_rdata_check(v.type, v.rdata, v.rdlen) == SGN_OK) {
			err = s->sink(s->arg, qi, sec, &v);
		}
	}
	return err;
}

/* A message from the server: the answer to the question with its ID and question section,
 * if one still waits for it; anything else is ignored. */
static sgn_err_t take(struct qset *s, const uint8_t *wire, size_t len)
{
	ldns_pkt *p = NULL;
	sgn_err_t err = SGN_OK;
	if (ldns_wire2pkt(&p, wire, len) != LDNS_STATUS_OK || p == NULL) {
		return SGN_OK;
	}
	for (size_t i = 0; i < s->n; i++) {
		struct sgn__qresult *r = &s->q[i].r;
		if (r->answered || s->id[i] != ldns_pkt_id(p) || !matches(p, s->q[i].name, s->q[i].type)) {
			continue;
		}
		r->answered = true;
		r->why[0] = '\0';
		r->aa = ldns_pkt_aa(p);
		r->tc = ldns_pkt_tc(p);
		r->rcode = ldns_pkt_get_rcode(p);
		s->left--;
		if (!r->tc && s->sink != NULL) {
			err = sink_section(s, i, SGN__QS_ANSWER, ldns_pkt_answer(p));
			err = err == SGN_OK ? sink_section(s, i, SGN__QS_AUTHORITY, ldns_pkt_authority(p)) : err;
			err = err == SGN_OK ? sink_section(s, i, SGN__QS_ADDITIONAL, ldns_pkt_additional(p)) : err;
		}
		break;
	}
	ldns_pkt_free(p);
	return err;
}

/* -- the transports -- */

/* Wait for @p events on @p fd until the deadline: true when they came. */
static bool wait_for(const struct qset *s, int fd, short events)
{
	for (;;) {
		struct pollfd pfd = { .fd = fd, .events = events };
		int ms = ms_left(s);
		int n = ms > 0 ? poll(&pfd, 1, ms) : 0;
		if (n < 0 && errno == EINTR) {
			continue;
		}
		return n > 0;
	}
}

static sgn_err_t over_udp(struct qset *s, int fd, uint8_t *const *wire, const size_t *len,
                          uint8_t *buf)
{
	sgn_err_t err = SGN_OK;
	for (size_t i = 0; i < s->n; i++) {
		if (send(fd, wire[i], len[i], 0) != (ssize_t)len[i]) {
			fail_rest(s, strerror(errno));
			return SGN_OK;
		}
	}
	while (s->left > 0 && err == SGN_OK && wait_for(s, fd, POLLIN)) {
		ssize_t got = recv(fd, buf, QUERY_MSG_MAX, 0);
		if (got < 0 && (errno == EINTR || errno == EAGAIN)) {
			continue;
		}
		if (got < 0) { /* e.g. ECONNREFUSED: an ICMP port unreachable */
			fail_rest(s, strerror(errno));
			break;
		}
		err = take(s, buf, (size_t)got);
	}
	return err;
}

/* All messages, each with its two-byte length (RFC 1035 section 4.2.2), in one write. */
static bool send_all_tcp(struct qset *s, int fd, uint8_t *const *wire, const size_t *len,
                         uint8_t *buf)
{
	size_t total = 0, off = 0;
	for (size_t i = 0; i < s->n; i++) {
		buf[total] = (uint8_t)(len[i] >> 8);
		buf[total + 1] = (uint8_t)len[i];
		memcpy(buf + total + 2, wire[i], len[i]);
		total += 2 + len[i];
	}
	while (off < total) {
		ssize_t w = send(fd, buf + off, total - off, MSG_NOSIGNAL);
		if (w < 0 && (errno == EINTR || ((errno == EAGAIN || errno == EWOULDBLOCK) &&
		                                 wait_for(s, fd, POLLOUT)))) {
			continue;
		}
		if (w <= 0) {
			fail_rest(s, w < 0 ? strerror(errno) : "cannot send");
			return false;
		}
		off += (size_t)w;
	}
	return true;
}

static sgn_err_t over_tcp(struct qset *s, int fd, const struct sockaddr *to, socklen_t tolen,
                          uint8_t *const *wire, const size_t *len, uint8_t *buf)
{
	int soerr = 0;
	socklen_t sl = sizeof(soerr);
	if (connect(fd, to, tolen) != 0 &&
	    (errno != EINPROGRESS || !wait_for(s, fd, POLLOUT) ||
	     getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr, &sl) != 0 || soerr != 0)) {
		fail_rest(s, soerr != 0 ? strerror(soerr) : errno == EINPROGRESS ? "connect timed out"
		                                                                  : strerror(errno));
		return SGN_OK;
	}
	if (!send_all_tcp(s, fd, wire, len, buf)) {
		return SGN_OK;
	}
	size_t have = 0;
	sgn_err_t err = SGN_OK;
	while (s->left > 0 && err == SGN_OK) {
		size_t mlen = have >= 2 ? (size_t)buf[0] << 8 | buf[1] : SIZE_MAX;
		if (have >= 2 && have >= 2 + mlen) { /* a whole message */
			err = take(s, buf + 2, mlen);
			memmove(buf, buf + 2 + mlen, have - 2 - mlen);
			have -= 2 + mlen;
			continue;
		}
		if (!wait_for(s, fd, POLLIN)) {
			break;
		}
		ssize_t got = recv(fd, buf + have, 2 + QUERY_MSG_MAX - have, 0);
		if (got < 0 && (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK)) {
			continue;
		}
		if (got <= 0) {
			fail_rest(s, got < 0 ? strerror(errno) : "the server closed the connection");
			break;
		}
		have += (size_t)got;
	}
	return err;
}

/* -- one set -- */

static bool parse_addr(const char *addr, uint16_t port, struct sockaddr_storage *ss, socklen_t *len)
{
	struct sockaddr_in *v4 = (struct sockaddr_in *)ss;
	struct sockaddr_in6 *v6 = (struct sockaddr_in6 *)ss;
	memset(ss, 0, sizeof(*ss));
	if (strchr(addr, ':') != NULL && inet_pton(AF_INET6, addr, &v6->sin6_addr) == 1) {
		v6->sin6_family = AF_INET6;
		v6->sin6_port = htons(port);
		*len = sizeof(*v6);
		return true;
	}
	if (inet_pton(AF_INET, addr, &v4->sin_addr) == 1) {
		v4->sin_family = AF_INET;
		v4->sin_port = htons(port);
		*len = sizeof(*v4);
		return true;
	}
	return false;
}

/* Distinct unpredictable IDs for the questions of a set (RFC 5452 section 9.2), from one
 * getrandom() call: ldns_get_random() costs a locked OpenSSL RAND_bytes() per ID, which
 * showed as 7% of a live batch's CPU time. */
static void pick_ids(struct qset *s)
{
	uint16_t pool[4 * SGN__QUERY_SET_MAX];
	size_t used = 0;
	if (getrandom(pool, sizeof(pool), 0) != (ssize_t)sizeof(pool)) {
		for (size_t i = 0; i < ARRAY_LEN(pool); i++) {
			pool[i] = ldns_get_random();
		}
	}
	for (size_t i = 0; i < s->n; i++) {
		bool again = true;
		while (again) {
			s->id[i] = used < ARRAY_LEN(pool) ? pool[used++] : ldns_get_random();
			again = false;
			for (size_t k = 0; k < i; k++) {
				again = again || s->id[k] == s->id[i];
			}
		}
	}
}

sgn_err_t sgn__query_set(const char *addr, uint16_t port, bool tcp, unsigned timeout_ms,
                         struct sgn__question *q, size_t n, sgn__qsink_fn sink, void *arg)
{
	struct qset s = { .q = q, .n = n, .left = n, .sink = sink, .arg = arg };
	struct sockaddr_storage to;
	socklen_t tolen = 0;
	uint8_t *wire[SGN__QUERY_SET_MAX] = { NULL };
	size_t len[SGN__QUERY_SET_MAX] = { 0 };
	uint8_t *buf = NULL;
	int fd = -1;
	sgn_err_t err = SGN_OK;
	if (n == 0 || n > SGN__QUERY_SET_MAX) {
		return SGN_EINVAL;
	}
	for (size_t i = 0; i < n; i++) {
		memset(&q[i].r, 0, sizeof(q[i].r));
	}
	if (!parse_addr(addr, port, &to, &tolen)) {
		return SGN_EPARSE;
	}
	pick_ids(&s);
	for (size_t i = 0; i < n && err == SGN_OK; i++) {
		err = build(&s, i, &wire[i], &len[i]);
	}
	s.rdata = err == SGN_OK ? ldns_buffer_new(UINT16_MAX) : NULL;
	buf = s.rdata != NULL ? malloc(2 + QUERY_MSG_MAX) : NULL;
	if (buf == NULL) {
		err = SGN_ENOMEM;
		goto out;
	}
	clock_gettime(CLOCK_MONOTONIC, &s.deadline);
	s.deadline.tv_sec += timeout_ms / 1000;
	s.deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000;
	if (s.deadline.tv_nsec >= 1000000000) {
		s.deadline.tv_sec++;
		s.deadline.tv_nsec -= 1000000000;
	}
	fd = socket(to.ss_family, (tcp ? SOCK_STREAM | SOCK_NONBLOCK : SOCK_DGRAM) | SOCK_CLOEXEC, 0);
	if (fd < 0) {
		fail_rest(&s, strerror(errno));
	} else if (tcp) {
		err = over_tcp(&s, fd, (const struct sockaddr *)&to, tolen, wire, len, buf);
	} else if (connect(fd, (const struct sockaddr *)&to, tolen) != 0) {
		fail_rest(&s, strerror(errno));
	} else {
		err = over_udp(&s, fd, wire, len, buf);
	}
	fail_rest(&s, "timed out");
out:
	if (fd >= 0) {
		close(fd);
	}
	for (size_t i = 0; i < n; i++) {
		free(wire[i]);
	}
	free(buf);
	ldns_buffer_free(s.rdata);
	return err;
}
