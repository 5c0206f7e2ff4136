/* SPDX-License-Identifier: MIT */
/* sigil ds check --batch: one domain per line ("DOMAIN [CURRENT-DS [PROPOSED-DS]]", "-" for
 * none, '#' comments), checked by -j workers at once, one JSON object per line written in
 * input order. With --resume OUT the objects are appended to OUT as each is done, and a
 * restarted run skips the domains OUT already has (a torn last line is cut off first), so
 * an interrupted and resumed run leaves the same OUT as an uninterrupted one. */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "ds_check.h"

/* Bounds on the batch file, untrusted input. */
#define BATCH_LINE_MAX 4096
#define BATCH_DOMAINS_MAX 10000000u

struct bjob {
	char *line;         /* owned; the fields point into it */
	struct dsc_job job;
	bool done;          /* in OUT already (--resume) */
	char *json;         /* the result line, once ready */
	int rc;
};

struct batch {
	struct cli *cli;
	const struct dsc_args *a;
	struct bjob *jobs;
	size_t n, cap, next;
	pthread_mutex_t mu;
	pthread_cond_t ready;
};

/* -- reading -- */

static int add_line(struct batch *b, char *line)
{
	char *save, *f[4] = { NULL };
	size_t nf = 0;
	for (char *t = strtok_r(line, " \t\r\n", &save); t != NULL && nf < 4;
	     t = strtok_r(NULL, " \t\r\n", &save)) {
		f[nf++] = t;
	}
	if (nf == 0 || f[0][0] == '#') {
		free(line);
		return SIGIL_EXIT_OK;
	}
	if (b->n >= BATCH_DOMAINS_MAX) {
		free(line);
		return cli_error(b->cli, NULL, 0, "more than %u domains in one batch", BATCH_DOMAINS_MAX);
	}
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 1024;
		struct bjob *p = realloc(b->jobs, cap * sizeof(*p));
		if (p == NULL) {
			free(line);
			return cli_error(b->cli, NULL, 0, "out of memory");
		}
		b->jobs = p;
		b->cap = cap;
	}
	struct bjob *j = &b->jobs[b->n++];
	memset(j, 0, sizeof(*j));
	j->line = line;
	j->job = (struct dsc_job){ .domain = f[0], .current = f[1], .proposed = f[2], .zone = f[3] };
	return SIGIL_EXIT_OK;
}

static int read_batch(struct batch *b, const char *path)
{
	FILE *fp = strcmp(path, "-") == 0 ? stdin : fopen(path, "r");
	char buf[BATCH_LINE_MAX];
	unsigned long lineno = 0;
	int rc = SIGIL_EXIT_OK;
	if (fp == NULL) {
		return cli_error(b->cli, path, 0, "cannot read the batch file: %s", strerror(errno));
	}
	while (rc == SIGIL_EXIT_OK && fgets(buf, sizeof(buf), fp) != NULL) {
		lineno++;
		if (strchr(buf, '\n') == NULL && !feof(fp)) {
			rc = cli_error(b->cli, path, lineno, "line longer than %d bytes", BATCH_LINE_MAX - 1);
			break;
		}
		char *line = strdup(buf);
		rc = line != NULL ? add_line(b, line) : cli_error(b->cli, NULL, 0, "out of memory");
	}
	if (rc == SIGIL_EXIT_OK && ferror(fp)) {
		rc = cli_error(b->cli, path, 0, "cannot read the batch file");
	}
	if (fp != stdin) {
		fclose(fp);
	}
	return rc;
}

/* The domain of a result line: {"domain":"NAME",... */
static bool line_domain(const char *line, char *out, size_t cap)
{
	static const char key[] = "{\"domain\":\"";
	const char *p = strncmp(line, key, sizeof(key) - 1) == 0 ? line + sizeof(key) - 1 : NULL;
	const char *q = p != NULL ? strchr(p, '"') : NULL;
	if (q == NULL || (size_t)(q - p) >= cap) {
		return false;
	}
	memcpy(out, p, (size_t)(q - p));
	out[q - p] = '\0';
	return true;
}

static bool same_domain(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	la -= la > 1 && a[la - 1] == '.';
	lb -= lb > 1 && b[lb - 1] == '.';
	return la == lb && strncasecmp(a, b, la) == 0;
}

/* --resume OUT: mark the domains OUT has, cut a torn last line, and open it to append. */
static int resume(struct batch *b, const char *path, int *fd)
{
	FILE *fp = fopen(path, "r");
	char buf[1 << 16], dom[1024];
	off_t good = 0, pos = 0;
	size_t k = 0;
	while (fp != NULL && fgets(buf, sizeof(buf), fp) != NULL) {
		pos += (off_t)strlen(buf);
		if (strchr(buf, '\n') == NULL) {
			break; /* torn: written in part when the run stopped */
		}
		good = pos;
		if (!line_domain(buf, dom, sizeof(dom))) {
			continue;
		}
		/* results are in input order: the next undone job is normally the one */
		for (size_t tries = 0; tries < b->n; tries++, k = (k + 1) % b->n) {
			if (!b->jobs[k].done && same_domain(b->jobs[k].job.domain, dom)) {
				b->jobs[k].done = true;
				break;
			}
		}
	}
	if (fp != NULL) {
		fclose(fp);
	}
	*fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0644);
	if (*fd < 0 || ftruncate(*fd, good) != 0) {
		return cli_error(b->cli, path, 0, "cannot append to the output: %s", strerror(errno));
	}
	return SIGIL_EXIT_OK;
}

/* -- checking -- */

static char *render(const struct dsc_args *a, const struct bjob *j, const sgn_dsc_input_t *in,
                    const sgn_dsc_result_t *res, const char *why, int rc)
{
	char *text = NULL;
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	struct out o;
	if (fp == NULL) {
		return NULL;
	}
	out_init(&o, fp, true);
	o.compact = true;
	if (res != NULL) {
		dsc_print(&o, a, DSC_FMT_JSON, in, res);
	} else {
		dsc_print_error(&o, j->job.domain, rc, why);
	}
	(void)out_finish(&o);
	fclose(fp);
	return text;
}

static void check_job(struct batch *b, struct bjob *j, sgn_dsc_input_t *in)
{
	char why[512] = "", zone[4096];
	struct dsc_job job = j->job;
	const struct dsc_args *a = b->a;
	sgn_dsc_result_t *res = NULL;
	(void)!sgn_dsc_input_init(in, (const uint8_t *)""); /* the root: cannot fail */
	if (job.zone == NULL && a->zone_dir != NULL) {
		size_t n = strlen(job.domain);
		snprintf(zone, sizeof(zone), "%s/%.*s.zone", a->zone_dir,
		         (int)(n > 1 && job.domain[n - 1] == '.' ? n - 1 : n), job.domain);
		job.zone = zone;
	}
	if (a->ds != NULL && (job.proposed == NULL || strcmp(job.proposed, "-") == 0)) {
		job.proposed = strcmp(a->ds, "-") != 0 ? a->ds : NULL; /* --ds FILE: one for all */
	}
	if (a->ds != NULL && job.proposed == NULL) {
		snprintf(why, sizeof(why), "no proposed DS set (the third column, or --ds FILE)");
		j->rc = SIGIL_EXIT_USAGE;
	} else {
		j->rc = dsc_run(b->cli, a, &job, in, &res, why, sizeof(why));
	}
	if (j->rc == SIGIL_EXIT_OK) {
		j->rc = dsc_exit(res);
	}
	char *json = render(a, j, in, res, why, j->rc);
	sgn_dsc_result_free(res);
	sgn_dsc_input_release(in);
	pthread_mutex_lock(&b->mu);
	j->json = json != NULL ? json : strdup("{\"verdict\":\"error\",\"error\":\"out of memory\"}\n");
	pthread_cond_broadcast(&b->ready);
	pthread_mutex_unlock(&b->mu);
}

static void *worker(void *arg)
{
	struct batch *b = arg;
	sgn_dsc_input_t *in = malloc(sizeof(*in));
	for (;;) {
		pthread_mutex_lock(&b->mu);
		while (b->next < b->n && b->jobs[b->next].done) {
			b->next++;
		}
		size_t i = b->next < b->n ? b->next++ : b->n;
		pthread_mutex_unlock(&b->mu);
		if (i == b->n) {
			break;
		}
		if (in != NULL) {
			check_job(b, &b->jobs[i], in);
		} else {
			pthread_mutex_lock(&b->mu);
			b->jobs[i].json = strdup("{\"verdict\":\"error\",\"error\":\"out of memory\"}\n");
			b->jobs[i].rc = SIGIL_EXIT_USAGE;
			pthread_cond_broadcast(&b->ready);
			pthread_mutex_unlock(&b->mu);
		}
	}
	free(in);
	return NULL;
}

/* Write the results in input order as they come; the worst exit code of all. */
static int write_all(struct batch *b, int fd)
{
	int worst = SIGIL_EXIT_OK;
	bool failed = false;
	for (size_t i = 0; i < b->n; i++) {
		struct bjob *j = &b->jobs[i];
		if (j->done) {
			continue;
		}
		pthread_mutex_lock(&b->mu);
		while (j->json == NULL) {
			pthread_cond_wait(&b->ready, &b->mu);
		}
		pthread_mutex_unlock(&b->mu);
		size_t len = j->json != NULL ? strlen(j->json) : 0;
		/* one write per line: with O_APPEND a line is whole or, if the run is killed, torn at
		 * the end only (which --resume cuts off) */
		failed = failed || (fd >= 0 ? write(fd, j->json, len) != (ssize_t)len
		                            : fwrite(j->json, 1, len, stdout) != len || fflush(stdout) != 0);
		worst = j->rc > worst ? j->rc : worst;
		free(j->json);
		j->json = NULL;
	}
	return failed ? cli_error(b->cli, NULL, 0, "cannot write the output") : worst;
}

int dsc_batch(struct cli *cli, const struct dsc_args *a)
{
	struct batch b = { .cli = cli, .a = a };
	int fd = -1;
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned nt = a->jobs != 0 ? (unsigned)a->jobs : cores > 0 ? (unsigned)cores : 1;
	pthread_t *t = NULL;
	unsigned started = 0;
	pthread_mutex_init(&b.mu, NULL);
	pthread_cond_init(&b.ready, NULL);
	int rc = read_batch(&b, a->batch);
	if (rc == SIGIL_EXIT_OK && a->resume != NULL) {
		rc = resume(&b, a->resume, &fd);
	}
	if (rc == SIGIL_EXIT_OK && (t = calloc(nt, sizeof(*t))) == NULL) {
		rc = cli_error(cli, NULL, 0, "out of memory");
	}
	for (; rc == SIGIL_EXIT_OK && started < nt; started++) {
		if (pthread_create(&t[started], NULL, worker, &b) != 0) {
			break;
		}
	}
	if (rc == SIGIL_EXIT_OK) {
		rc = started > 0 ? write_all(&b, fd) : cli_error(cli, NULL, 0, "cannot start workers");
	}
	for (unsigned i = 0; i < started; i++) {
		pthread_join(t[i], NULL);
	}
	if (fd >= 0 && (fsync(fd) != 0 || close(fd) != 0) && rc != SIGIL_EXIT_USAGE) {
		rc = cli_error(cli, a->resume, 0, "cannot write the output");
	}
	for (size_t i = 0; i < b.n; i++) {
		free(b.jobs[i].line);
		free(b.jobs[i].json);
	}
	free(b.jobs);
	free(t);
	pthread_mutex_destroy(&b.mu);
	pthread_cond_destroy(&b.ready);
	return rc;
}
