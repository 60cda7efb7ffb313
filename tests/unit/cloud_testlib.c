#include "autoconfig.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>
#include <event2/event.h>

#include "core/buf.h"
#include "core/clouds.h"
#include "tests/unit/cloud_testlib.h"

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

static const char *top_srcdir(void)
{
	const char *t = getenv("top_srcdir");

	return t && *t ? t : TOP_SRCDIR;
}

char *fixture_read(const char *name, size_t *len)
{
	char path[4096];
	FILE *f;
	char *data;
	long n;

	snprintf(path, sizeof path, "%s/tests/unit/data/cloud/%s", top_srcdir(), name);
	f = fopen(path, "rb");
	if (f == NULL)
		fail_msg("cannot open fixture %s: %s", path, strerror(errno));
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	fseek(f, 0, SEEK_SET);
	data = malloc((size_t)n + 1);
	assert_non_null(data);
	assert_int_equal(fread(data, 1, (size_t)n, f), (size_t)n);
	data[n] = '\0';
	fclose(f);
	if (len)
		*len = (size_t)n;
	return data;
}

void *fixture_json(const char *name)
{
	char *text = fixture_read(name, NULL);
	cJSON *j = cJSON_Parse(text);

	free(text);
	assert_non_null(j);
	return j;
}

/* The fake of a test that failed before fake_stop(): stopped by the next fake_start(). */
static pid_t fake_leftover;

int fake_start(struct fake *f, const char *const *args)
{
	char script[4096], line[128];
	const char *argv[40];
	int fds[2], n = 0, i;
	size_t got = 0;
	struct pollfd pfd;
	double deadline = now_s() + 20;

	if (fake_leftover > 0) {
		kill(fake_leftover, SIGTERM);
		waitpid(fake_leftover, NULL, 0);
		fake_leftover = 0;
	}
	memset(f, 0, sizeof f[0]);
	snprintf(script, sizeof script, "%s/tests/fakecloud/fakecloud.py", top_srcdir());
	argv[n++] = "python3";
	argv[n++] = script;
	for (i = 0; args && args[i] && n < 38; i++)
		argv[n++] = args[i];
	argv[n] = NULL;
	if (pipe(fds) < 0)
		return -1;
	f->pid = fork();
	if (f->pid < 0)
		return -1;
	if (f->pid == 0) {
		/* Dies with the test, also when a failed assertion skips fake_stop(). */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv("/usr/bin/python3", (char *const *)argv);
		_exit(127);
	}
	close(fds[1]);
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (got < sizeof line - 1 && memchr(line, '\n', got) == NULL && now_s() < deadline) {
		ssize_t r;

		if (poll(&pfd, 1, 500) <= 0)
			continue;
		if ((r = read(fds[0], line + got, sizeof line - 1 - got)) <= 0)
			break;
		got += (size_t)r;
	}
	close(fds[0]);
	line[got] = '\0';
	if (sscanf(line, "PORT %d", &f->port) != 1) {
		fake_stop(f);
		return -1;
	}
	fake_leftover = f->pid;
	snprintf(f->base, sizeof f->base, "http://127.0.0.1:%d", f->port);
	snprintf(f->auth_url, sizeof f->auth_url, "http://127.0.0.1:%d/v3", f->port);
	return 0;
}

void fake_stop(struct fake *f)
{
	if (f->pid > 0) {
		kill(f->pid, SIGTERM);
		waitpid(f->pid, NULL, 0);
		if (fake_leftover == f->pid)
			fake_leftover = 0;
		f->pid = 0;
	}
}

static size_t fake_collect(char *p, size_t size, size_t n, void *arg)
{
	return buf_append(arg, p, n) == 0 ? n : 0;
}

int fake_stat(const struct fake *f, const char *key)
{
	char url[128];
	struct buf b;
	CURL *e = curl_easy_init();
	cJSON *j;
	int v = -1;

	buf_init(&b, 1 << 20);
	snprintf(url, sizeof url, "%s/_fake/stats", f->base);
	curl_easy_setopt(e, CURLOPT_URL, url);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, fake_collect);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, &b);
	if (curl_easy_perform(e) == CURLE_OK && (j = cJSON_Parse(b.data)) != NULL) {
		cJSON *it = cJSON_GetObjectItem(j, key);

		if (cJSON_IsNumber(it))
			v = it->valueint;
		cJSON_Delete(j);
	}
	curl_easy_cleanup(e);
	buf_dispose(&b);
	return v;
}

void fake_creds(const struct fake *f, struct clouds_config *c, const char *password)
{
	memset(c, 0, sizeof *c);
	c->name = (char *)"fake";
	c->auth_type = CLOUDS_AUTH_PASSWORD;
	c->auth_url = (char *)f->auth_url;
	c->username = (char *)"demo";
	c->password = (char *)password;
	c->user_domain_name = (char *)"Default";
	c->project_name = (char *)"builders";
	c->project_domain_name = (char *)"Default";
	c->region_name = (char *)"RegionOne";
	c->interface = (char *)"public";
	c->verify = 1;
}

static void loop_timeout(evutil_socket_t fd, short what, void *arg)
{
	*(int *)arg = 1;
}

int loop_until(struct event_base *base, const int *flag, double seconds)
{
	struct timeval tv = { (time_t)seconds, (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6) };
	int timed_out = 0;
	struct event *t = evtimer_new(base, loop_timeout, &timed_out);

	evtimer_add(t, &tv);
	while (!*flag && !timed_out)
		event_base_loop(base, EVLOOP_ONCE);
	event_free(t);
	return *flag ? 0 : -1;
}

double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}
