/* exec: a command over an exec channel, output streamed (see exec.h). */
#include "ssh/exec.h"

#include <event2/event.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "ssh/ssh_internal.h"

enum exec_state { EX_OPEN, EX_EXEC, EX_EOF, EX_READ, EX_CLOSE, EX_WAIT, EX_DONE };

struct ssh_exec {
	struct ssh_session *s;
	struct ssh_exec *next;
	LIBSSH2_CHANNEL *ch;
	struct event *timer;
	enum exec_state state;
	char *command, *buf, *error, *signal;
	size_t chunk_max, output_max, total[2];
	double timeout_s;
	int pending_rc, freed;
	void (*on_output)(struct ssh_exec *, int, const char *, size_t, void *);
	void (*on_done)(struct ssh_exec *, int, int, void *);
	void *arg;
};

/* End the exec: hand the channel to the session, then tell the caller. */
static void exec_finish(struct ssh_exec *e, int rc, int status)
{
	if (e->ch)
		ssh_session_bury(e->s, e->ch);
	e->ch = NULL;
	e->state = EX_DONE;
	event_del(e->timer);
	if (rc < 0) {
		free(e->error);
		e->error = xstrdup(err_last());
	}
	if (!e->freed && e->on_done)
		e->on_done(e, rc, status, e->arg);
}

/* A libssh2 error on the channel: the session is probably gone. */
static int exec_ssh_error(struct ssh_exec *e, const char *what)
{
	char *msg = NULL;

	libssh2_session_last_error(e->s->ssh, &msg, NULL, 0);
	return err_set(ERR_NET, "ssh %s:%d: %s failed: %s", e->s->host, e->s->port, what,
	    msg ? msg : "connection lost");
}

/* Read what is queued on one stream; 1 if data came, 0 if none, or ERR_*. */
static int exec_read(struct ssh_exec *e, int stream)
{
	ssize_t n;
	int got = 0, rounds;

	for (rounds = 0; rounds < 8 && !e->freed && e->state == EX_READ; rounds++) {
		n = libssh2_channel_read_ex(e->ch, stream, e->buf, e->chunk_max);
		if (n == LIBSSH2_ERROR_EAGAIN || n == 0)
			break;
		if (n < 0)
			return exec_ssh_error(e, "reading command output");
		got = 1;
		e->total[stream] += (size_t)n;
		if (e->output_max && e->total[stream] > e->output_max)
			return err_set(ERR_TOOBIG, "ssh %s:%d: the command wrote more than %zu bytes to %s",
			    e->s->host, e->s->port, e->output_max, stream ? "stderr" : "stdout");
		if (e->on_output)
			e->on_output(e, stream, e->buf, (size_t)n, e->arg);
	}
	return got;
}

/* The command ended: collect its exit status or signal. */
static void exec_collect(struct ssh_exec *e)
{
	char *sig = NULL;
	size_t siglen = 0;
	int status = libssh2_channel_get_exit_status(e->ch);

	if (libssh2_channel_get_exit_signal(e->ch, &sig, &siglen, NULL, NULL, NULL, NULL) == 0 &&
	    sig) {
		e->signal = xstrndup(sig, siglen);
		libssh2_free(e->s->ssh, sig);
		status = -1;
	}
	exec_finish(e, 0, status);
}

/* One step of the state machine; 1 progress, 0 waiting, or a negative ERR_*. */
static int exec_step_once(struct ssh_exec *e)
{
	int rc, eof, a, b;

	switch (e->state) {
	case EX_OPEN:
		e->ch = libssh2_channel_open_session(e->s->ssh);
		if (!e->ch)
			return libssh2_session_last_errno(e->s->ssh) == LIBSSH2_ERROR_EAGAIN ? 0
			    : exec_ssh_error(e, "opening a channel");
		e->state = EX_EXEC;
		return 1;
	case EX_EXEC:
		rc = libssh2_channel_exec(e->ch, e->command);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		if (rc < 0)
			return exec_ssh_error(e, "starting the command");
		e->state = EX_EOF;
		return 1;
	case EX_EOF:
		rc = libssh2_channel_send_eof(e->ch);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		e->state = EX_READ;
		return 1;
	case EX_READ:
		eof = libssh2_channel_eof(e->ch);
		if ((a = exec_read(e, SSH_EXEC_STDOUT)) < 0)
			return a;
		if ((b = exec_read(e, SSH_EXEC_STDERR)) < 0)
			return b;
		if (a || b)
			return 1;
		if (!eof) /* EOF may have come in while reading: look again at once */
			return libssh2_channel_eof(e->ch) ? 1 : 0;
		e->state = EX_CLOSE;
		return 1;
	case EX_CLOSE:
		rc = libssh2_channel_close(e->ch);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		e->state = EX_WAIT;
		return 1;
	case EX_WAIT:
		rc = libssh2_channel_wait_closed(e->ch);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return 0;
		exec_collect(e);
		return 1;
	default:
		return 0;
	}
}

int ssh_exec_run_all(struct ssh_session *s)
{
	struct ssh_exec *e;
	int progress, active, rc;

	do {
		progress = 0;
		active = 0;
		for (e = s->execs; e && !s->dead; e = e->next) {
			if (e->freed || e->state == EX_DONE)
				continue;
			if (e->pending_rc) {
				exec_finish(e, e->pending_rc, -1);
				progress = 1;
				continue;
			}
			rc = exec_step_once(e);
			if (rc < 0)
				exec_finish(e, rc, -1);
			if (rc != 0)
				progress = 1;
			else
				active = 1;
		}
	} while (progress && !s->dead);
	return active || s->zombies;
}

static void exec_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ssh_exec *e = arg;

	(void)fd;
	(void)what;
	err_set(ERR_TIMEOUT, "ssh %s:%d: the command did not finish within %g s", e->s->host,
	    e->s->port, e->timeout_s);
	e->pending_rc = ERR_TIMEOUT;
	free(e->error);
	e->error = xstrdup(err_last());
	ssh_session_drive(e->s);
}

int ssh_exec_start(struct ssh_exec **out, struct ssh_session *s, const struct ssh_exec_opts *o)
{
	struct ssh_exec *e, **tail;
	struct timeval tv;

	*out = NULL;
	if (!o->command || !o->on_done)
		return err_set(ERR_INVALID, "ssh: exec needs a command and on_done");
	if (!ssh_session_is_ready(s))
		return err_set(ERR_INVALID, "ssh %s:%d: the session is not connected%s%s", s->host,
		    s->port, s->error ? ": " : "", s->error ? s->error : "");
	e = xcalloc(1, sizeof(*e));
	e->s = s;
	e->command = xstrdup(o->command);
	e->chunk_max = o->chunk_max ? o->chunk_max : 16 * 1024;
	e->buf = xmalloc(e->chunk_max);
	e->output_max = o->output_max;
	e->timeout_s = o->timeout_s == 0 ? 300 : o->timeout_s;
	e->on_output = o->on_output;
	e->on_done = o->on_done;
	e->arg = o->arg;
	e->timer = evtimer_new(s->base, exec_timeout_cb, e);
	if (e->timeout_s > 0) {
		tv.tv_sec = (time_t)e->timeout_s;
		tv.tv_usec = (suseconds_t)((e->timeout_s - (double)tv.tv_sec) * 1e6);
		event_add(e->timer, &tv);
	}
	for (tail = &s->execs; *tail; tail = &(*tail)->next)
		;
	*tail = e;
	ssh_session_kick(s);
	*out = e;
	return 0;
}

void ssh_exec_cancel(struct ssh_exec *e)
{
	if (!e || e->state == EX_DONE || e->pending_rc)
		return;
	err_set(ERR_CANCELLED, "ssh %s:%d: the command was cancelled", e->s->host, e->s->port);
	e->pending_rc = ERR_CANCELLED;
	ssh_session_kick(e->s);
}

const char *ssh_exec_signal(const struct ssh_exec *e)
{
	return e->signal;
}

const char *ssh_exec_error(const struct ssh_exec *e)
{
	return e->error ? e->error : "";
}

/* Release one exec's memory (the channel goes to the session first). */
static void exec_destroy(struct ssh_exec *e)
{
	if (e->ch)
		ssh_session_bury(e->s, e->ch);
	event_free(e->timer);
	free(e->command);
	free(e->buf);
	free(e->error);
	free(e->signal);
	free(e);
}

void ssh_exec_free(struct ssh_exec *e)
{
	if (!e)
		return;
	e->freed = 1;
	event_del(e->timer);
	if (e->s->busy == 0)
		ssh_exec_sweep(e->s, 0);
}

void ssh_exec_sweep(struct ssh_session *s, int all)
{
	struct ssh_exec **p = &s->execs, *e;

	while ((e = *p)) {
		if (e->freed || all) {
			*p = e->next;
			if (all)
				e->ch = NULL; /* libssh2_session_free() frees the channels */
			exec_destroy(e);
		} else {
			p = &e->next;
		}
	}
}
