/* SPDX-License-Identifier: MIT */
/* Output streams that sync behind the writer.
 *
 * A zone file is only given its name once it is on disk (fsync before rename). Synced all
 * at the end, a 119 MB zone made the last 0.2-0.26 s of every run on this machine's disk a
 * wait for the fsync: the cost is the flush of the device's cache, which grows with the
 * data not yet flushed, not the kernel's writeback (starting that early with
 * sync_file_range() took off a quarter of it). So a thread of the stream's own calls
 * fdatasync() every few megabytes while the data is still being made, and the final fsync
 * has only the last few megabytes and the metadata left. */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/types.h>
#include <unistd.h>

#include "outstream.h"

#define SYNC_STEP ((off_t)8 << 20) /* bytes written between syncs behind the writer */
#define STREAM_BUFFER (64 * 1024)
#define SYNCER_NAME "sigil-sync"       /* the syncing thread's name (tests look for it) */

struct sgn__outstream {
	int fd;
	off_t written; /* bytes written so far (the writer's) */
	off_t asked;   /* of which the syncer was last asked to put on disk */
	pthread_mutex_t mu;
	pthread_cond_t cv;
	pthread_t thread;
	bool running;  /* the syncer was started and not yet joined */
	bool stop;     /* under mu: the syncer is to finish */
	off_t want;    /* under mu: bytes to be on disk */
	int error;     /* under mu: errno of the first failed sync behind the writer, or 0 */
	int write_error; /* errno of the first failed write, or 0: by commit, errno may be
	                    another call's */
};

static void *syncer(void *arg)
{
	struct sgn__outstream *os = arg;
	off_t done = 0;
	pthread_mutex_lock(&os->mu);
	for (;;) {
		while (!os->stop && os->want <= done) {
			pthread_cond_wait(&os->cv, &os->mu);
		}
		if (os->stop) {
			break;
		}
		off_t target = os->want;
		pthread_mutex_unlock(&os->mu);
		/* Safe beside the writer's write(): the file is synced up to where it was. */
		int failed = fdatasync(os->fd) != 0 ? errno : 0;
		pthread_mutex_lock(&os->mu);
		if (failed != 0 && os->error == 0) {
			/* Kept: the kernel reports a writeback error to one sync only, and the
			 * commit's fsync must not miss it. */
			os->error = failed;
		}
		done = target;
	}
	pthread_mutex_unlock(&os->mu);
	return NULL;
}

/* Ask the syncer (started on first use) for the bytes written so far. Without a thread,
 * everything is left to the final fsync. */
static void ask_sync(struct sgn__outstream *os)
{
	pthread_mutex_lock(&os->mu);
	if (!os->running && !os->stop) {
		os->running = pthread_create(&os->thread, NULL, syncer, os) == 0;
		if (os->running) {
			pthread_setname_np(os->thread, SYNCER_NAME); /* for top -H; may fail */
		}
		os->stop = !os->running; /* no second try */
	}
	os->want = os->written;
	pthread_cond_signal(&os->cv);
	pthread_mutex_unlock(&os->mu);
	os->asked = os->written;
}

static void stop_syncer(struct sgn__outstream *os)
{
	pthread_mutex_lock(&os->mu);
	os->stop = true;
	pthread_cond_signal(&os->cv);
	bool running = os->running;
	os->running = false;
	pthread_mutex_unlock(&os->mu);
	if (running) {
		pthread_join(os->thread, NULL);
	}
}

int sgn__write_all(int fd, const void *data, size_t len)
{
	const char *p = data;
	for (size_t done = 0; done < len;) {
		ssize_t w = write(fd, p + done, len - done);
		if (w < 0 && errno == EINTR) {
			continue;
		}
		if (w <= 0) {
			if (w == 0) {
				errno = EIO;
			}
			return -1;
		}
		done += (size_t)w;
	}
	return 0;
}

static ssize_t stream_write(void *cookie, const char *buf, size_t n)
{
	struct sgn__outstream *os = cookie;
	if (sgn__write_all(os->fd, buf, n) != 0) {
		if (os->write_error == 0) {
			os->write_error = errno;
		}
		return 0; /* the stream marks its error */
	}
	os->written += (off_t)n;
	if (os->written - os->asked >= SYNC_STEP) {
		ask_sync(os);
	}
	return (ssize_t)n;
}

static int stream_close(void *cookie)
{
	struct sgn__outstream *os = cookie;
	stop_syncer(os);
	int rc = os->fd >= 0 ? close(os->fd) : 0;
	pthread_cond_destroy(&os->cv);
	pthread_mutex_destroy(&os->mu);
	free(os);
	return rc;
}

FILE *sgn__outstream_open(int fd, struct sgn__outstream **out)
{
	struct sgn__outstream *os = calloc(1, sizeof(*os));
	if (os == NULL) {
		return NULL;
	}
	os->fd = fd;
	bool mu = pthread_mutex_init(&os->mu, NULL) == 0;
	bool cv = mu && pthread_cond_init(&os->cv, NULL) == 0;
	cookie_io_functions_t io = { .write = stream_write, .close = stream_close };
	FILE *fp = cv ? fopencookie(os, "w", io) : NULL;
	if (fp != NULL && setvbuf(fp, NULL, _IOFBF, STREAM_BUFFER) == 0) {
		*out = os;
		return fp;
	}
	if (fp != NULL) {
		os->fd = -1; /* the caller keeps its descriptor */
		fclose(fp);  /* and os goes with the stream */
	} else {
		if (cv) {
			pthread_cond_destroy(&os->cv);
		}
		if (mu) {
			pthread_mutex_destroy(&os->mu);
		}
		free(os);
	}
	errno = ENOMEM;
	return NULL;
}

int sgn__outstream_sync(struct sgn__outstream *os, FILE *fp)
{
	int failed = (ferror(fp) || fflush(fp) != 0) ? (errno != 0 ? errno : EIO) : 0;
	if (failed != 0 && os->write_error != 0) {
		failed = os->write_error;
	}
	stop_syncer(os);
	if (failed == 0 && os->error != 0) {
		failed = os->error;
	}
	if (failed == 0 && fsync(os->fd) != 0) {
		failed = errno;
	}
	if (failed != 0) {
		errno = failed;
		return -1;
	}
	return 0;
}
