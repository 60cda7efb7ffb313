/* script: --script FILE: keys and :commands read from a file, one line per loop turn, with :wait. */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cloud/cloud.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "ui/app.h"
#include "ui/keys.h"

#define SCRIPT_MAX_BYTES (1024 * 1024)
#define SCRIPT_RECHECK_MS 10

struct script_line {
	int lineno;
	char *command;          /* text after ':' for a command line, else NULL */
	int *keys;
	size_t n_keys;
};

struct script {
	char *path;
	struct script_line *lines;
	size_t n, pos;
	int waiting;
	int wait_seconds;
	int done;
	struct event *ev_step, *ev_timeout, *ev_recheck;
};

/* Read the whole file into b. */
static int script_read(struct buf *b, const char *path)
{
	char chunk[4096];
	size_t n;
	FILE *f;
	int rc = 0;

	f = fopen(path, "r");
	if (f == NULL)
		return err_set(ERR_IO, "cannot read the script %s: %s", path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (buf_append(b, chunk, n) < 0) {
			rc = err_set(ERR_TOOBIG, "the script %s is larger than %d bytes", path, SCRIPT_MAX_BYTES);
			goto out;
		}
	if (ferror(f))
		rc = err_set(ERR_IO, "cannot read the script %s: %s", path, strerror(errno));
out:
	fclose(f);
	return rc;
}

/* Parse one line of keys ("jj<Down>/text") into l. */
static int script_parse_keys(struct script_line *l, const char *s, const char *path)
{
	size_t alloc = 0;
	int key, rc;

	while (*s) {
		if ((rc = keys_parse(&s, &key)) < 0)
			return err_wrap(rc, "%s:%d", path, l->lineno);
		if (l->n_keys == alloc) {
			alloc = alloc ? 2 * alloc : 8;
			l->keys = xreallocarray(l->keys, alloc, sizeof *l->keys);
		}
		l->keys[l->n_keys++] = key;
	}
	return 0;
}

/* Add one line of the file to the script (comments and blank lines are dropped). */
static int script_add_line(struct script *s, char *text, int lineno)
{
	struct script_line *l;
	size_t len = strlen(text);

	if (len > 0 && text[len - 1] == '\r')
		text[--len] = '\0';
	while (*text == ' ' || *text == '\t')
		text++;
	if (*text == '\0' || *text == '#')
		return 0;
	s->lines = xreallocarray(s->lines, s->n + 1, sizeof *s->lines);
	l = &s->lines[s->n++];
	memset(l, 0, sizeof *l);
	l->lineno = lineno;
	if (*text == ':') {
		l->command = xstrdup(text + 1);
		return 0;
	}
	return script_parse_keys(l, text, s->path);
}

int script_open(struct script **out, const char *path)
{
	struct script *s = xcalloc(1, sizeof *s);
	struct buf b;
	char *line, *next;
	int rc, lineno = 0;

	buf_init(&b, SCRIPT_MAX_BYTES);
	s->path = xstrdup(path);
	if ((rc = script_read(&b, path)) < 0)
		goto out;
	for (line = b.data; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		if ((rc = script_add_line(s, line, ++lineno)) < 0)
			goto out;
	}
out:
	buf_dispose(&b);
	if (rc < 0) {
		script_free(s);
		s = NULL;
	}
	*out = s;
	return rc;
}

void script_free(struct script *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->n; i++) {
		free(s->lines[i].command);
		free(s->lines[i].keys);
	}
	free(s->lines);
	if (s->ev_step)
		event_free(s->ev_step);
	if (s->ev_timeout)
		event_free(s->ev_timeout);
	if (s->ev_recheck)
		event_free(s->ev_recheck);
	free(s->path);
	free(s);
}

/* Run the next line at the next loop turn, so replies and redraws happen in between. */
static void script_schedule(struct script *s)
{
	struct timeval now = { 0, 0 };

	evtimer_add(s->ev_step, &now);
}

/* Run one line of the script. */
static void script_on_step(evutil_socket_t fd, short what, void *arg)
{
	struct app *app = arg;
	struct script *s = app->script;
	struct script_line *l;
	size_t i;

	if (s->waiting || s->done)
		return;
	if (s->pos == s->n) {
		s->done = 1;
		app_script_finished(app);
		return;
	}
	l = &s->lines[s->pos++];
	if (l->command)
		app_command(app, l->command);
	else
		for (i = 0; i < l->n_keys && !app->quit; i++)
			app_key(app, l->keys[i]);
	if (!app->quit && !s->waiting)
		script_schedule(s);
}

/* A :wait ran out of time: say so on the message line (the dump will show it) and go on. */
static void script_on_timeout(evutil_socket_t fd, short what, void *arg)
{
	struct app *app = arg;
	struct script *s = app->script;

	if (!s->waiting)
		return;
	s->waiting = 0;
	evtimer_del(s->ev_recheck);
	app_message(app, 1, "%s:%d: :wait gave up after %d s with loads still in flight", s->path,
		    s->lines[s->pos - 1].lineno, s->wait_seconds);
	script_schedule(s);
}

static void script_on_recheck(evutil_socket_t fd, short what, void *arg)
{
	script_kick(arg);
}

void script_start(struct app *app)
{
	struct script *s = app->script;

	s->ev_step = evtimer_new(app->base, script_on_step, app);
	s->ev_timeout = evtimer_new(app->base, script_on_timeout, app);
	s->ev_recheck = evtimer_new(app->base, script_on_recheck, app);
	script_schedule(s);
}

void script_kick(struct app *app)
{
	struct script *s = app->script;
	struct timeval tv = { 0, SCRIPT_RECHECK_MS * 1000 };

	if (s == NULL || !s->waiting)
		return;
	if (!app_busy(app)) {
		s->waiting = 0;
		evtimer_del(s->ev_timeout);
		evtimer_del(s->ev_recheck);
		script_schedule(s);
	} else if (app->pending == 0) {
		/* Our operations are done but the cloud still has requests of its own: look again shortly. */
		evtimer_add(s->ev_recheck, &tv);
	}
}

int script_done(const struct app *app)
{
	return app->script == NULL || app->script->done;
}

void script_wait(struct app *app, int seconds)
{
	struct script *s = app->script;
	struct timeval tv = { seconds, 0 };

	s->waiting = 1;
	s->wait_seconds = seconds;
	evtimer_add(s->ev_timeout, &tv);
	script_kick(app);
}
