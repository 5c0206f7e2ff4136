/* SPDX-License-Identifier: MIT */
/*
 * sigfloor: libsign's own cost per signature, for the crypto floor in bench/run.sh.
 *
 *   sigfloor ALG [COUNT] [THREADS] [verify]
 *
 * Generates a zone-signing key of algorithm ALG (a number) with sgn_key_generate() and
 * signs COUNT (default 20000) pseudo-random 100-byte messages with sgn_key_sign(), on
 * THREADS threads (default 1) that share the key, as sigil's workers do. Prints one
 * line: "alg=13 count=20000 threads=1 ... wall_s=... cpu_s=... us_per_sig=...
 * cpu_us_per_sig=..." where us_per_sig is wall time per signature per thread
 * (wall * THREADS / COUNT) and cpu_us_per_sig is CPU time per signature (cpu / COUNT),
 * which other load on the machine disturbs less. With "verify", the COUNT messages are
 * signed first (not timed) and what is timed is sgn_key_verify() of each signature: the
 * verification floor of `sigil verify`.
 * Exit 0 on success, 1 on a library error, 2 on a usage error.
 *
 * sgn_key_sign() sets up the signing context on every call, so this is an upper bound
 * of the library's per-signature cost; `openssl speed` gives the raw primitive.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include <libsign/base.h>
#include <libsign/key.h>
#include <libsign/name.h>
#include <libsign/rr.h>

#define MSG_LEN 100

struct job {
	const sgn_key_t *key;
	const uint8_t *msgs;
	sgn_buf_t *sigs; /* verify: the signature of each message; else NULL */
	size_t first, count;
	sgn_err_t err;
	size_t siglen;
};

static void *worker(void *arg)
{
	struct job *j = arg;
	sgn_buf_t sig;
	sgn_buf_init(&sig);
	j->err = SGN_OK;
	for (size_t i = j->first; i < j->first + j->count; i++) {
		const uint8_t *msg = j->msgs + i * MSG_LEN;
		sgn_err_t err;
		if (j->sigs != NULL) {
			bool valid = false;
			err = sgn_key_verify(j->key, &valid, msg, MSG_LEN, j->sigs[i].data, j->sigs[i].len);
			if (err == SGN_OK && !valid) {
				err = SGN_ECRYPTO;
			}
		} else {
			sig.len = 0;
			err = sgn_key_sign(j->key, &sig, msg, MSG_LEN);
			j->siglen = sig.len;
		}
		if (err != SGN_OK) {
			j->err = err;
			break;
		}
	}
	sgn_buf_release(&sig);
	return NULL;
}

static double now_s(clockid_t clk)
{
	struct timespec ts;
	clock_gettime(clk, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return (double)ru.ru_utime.tv_sec + (double)ru.ru_utime.tv_usec / 1e6 +
	       (double)ru.ru_stime.tv_sec + (double)ru.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv)
{
	if (argc < 2 || argc > 5 || (argc == 5 && strcmp(argv[4], "verify") != 0)) {
		fprintf(stderr, "usage: sigfloor ALG [COUNT] [THREADS] [verify]\n");
		return 2;
	}
	bool verify = argc == 5;
	unsigned alg = (unsigned)strtoul(argv[1], NULL, 10);
	size_t count = argc > 2 ? strtoul(argv[2], NULL, 10) : 20000;
	unsigned threads = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 1;
	if (alg == 0 || alg > 255 || count == 0 || threads == 0 || threads > 64) {
		fprintf(stderr, "sigfloor: bad arguments\n");
		return 2;
	}
	if (sgn_init() != SGN_OK) {
		fprintf(stderr, "sigfloor: sgn_init failed\n");
		return 1;
	}
	uint8_t owner[SGN_NAME_MAX];
	if (sgn_name_from_str(owner, NULL, "bench.test.", NULL) != SGN_OK) {
		return 1;
	}
	sgn_key_t *key = NULL;
	sgn_err_t err = sgn_key_generate(&key, owner, (uint8_t)alg, 0, SGN_DNSKEY_ZONE);
	if (err != SGN_OK) {
		fprintf(stderr, "sigfloor: sgn_key_generate(%u): %s\n", alg, sgn_strerror(err));
		return 1;
	}
	uint8_t *msgs = malloc(count * MSG_LEN);
	struct job *jobs = calloc(threads, sizeof(*jobs));
	pthread_t *tids = calloc(threads, sizeof(*tids));
	if (msgs == NULL || jobs == NULL || tids == NULL) {
		fprintf(stderr, "sigfloor: out of memory\n");
		return 1;
	}
	uint64_t x = 0x9E3779B97F4A7C15u; /* xorshift64: the messages need not be secret */
	for (size_t i = 0; i < count * MSG_LEN; i++) {
		x ^= x << 13;
		x ^= x >> 7;
		x ^= x << 17;
		msgs[i] = (uint8_t)x;
	}
	/* One warm-up signature (first-use initialisation inside the crypto libraries). */
	struct job warm = { .key = key, .msgs = msgs, .first = 0, .count = 1 };
	worker(&warm);
	if (warm.err != SGN_OK) {
		fprintf(stderr, "sigfloor: sgn_key_sign: %s\n", sgn_strerror(warm.err));
		return 1;
	}
	sgn_buf_t *sigs = NULL;
	if (verify) { /* the signatures to verify, made before the clock starts */
		if ((sigs = calloc(count, sizeof(*sigs))) == NULL) {
			fprintf(stderr, "sigfloor: out of memory\n");
			return 1;
		}
		for (size_t i = 0; i < count; i++) {
			sgn_buf_init(&sigs[i]);
			if (sgn_key_sign(key, &sigs[i], msgs + i * MSG_LEN, MSG_LEN) != SGN_OK) {
				fprintf(stderr, "sigfloor: sgn_key_sign failed\n");
				return 1;
			}
		}
	}
	double w0 = now_s(CLOCK_MONOTONIC), c0 = cpu_s();
	size_t per = count / threads, rest = count % threads, at = 0;
	for (unsigned t = 0; t < threads; t++) {
		jobs[t] = (struct job){ .key = key, .msgs = msgs, .sigs = sigs, .first = at,
			                .count = per + (t < rest ? 1 : 0) };
		at += jobs[t].count;
		if (pthread_create(&tids[t], NULL, worker, &jobs[t]) != 0) {
			fprintf(stderr, "sigfloor: pthread_create failed\n");
			return 1;
		}
	}
	int rc = 0;
	for (unsigned t = 0; t < threads; t++) {
		pthread_join(tids[t], NULL);
		if (jobs[t].err != SGN_OK) {
			fprintf(stderr, "sigfloor: %s: %s\n", verify ? "sgn_key_verify" : "sgn_key_sign",
			        sgn_strerror(jobs[t].err));
			rc = 1;
		}
	}
	double wall = now_s(CLOCK_MONOTONIC) - w0, cpu = cpu_s() - c0;
	if (rc == 0) {
		printf("alg=%u op=%s count=%zu threads=%u siglen=%zu wall_s=%.3f cpu_s=%.3f "
		       "us_per_sig=%.2f cpu_us_per_sig=%.2f\n",
		       alg, verify ? "verify" : "sign", count, threads, warm.siglen, wall, cpu, wall * threads / (double)count * 1e6,
		       cpu / (double)count * 1e6);
	}
	for (size_t i = 0; sigs != NULL && i < count; i++) {
		sgn_buf_release(&sigs[i]);
	}
	free(sigs);
	free(tids);
	free(jobs);
	free(msgs);
	sgn_key_free(key);
	return rc;
}
