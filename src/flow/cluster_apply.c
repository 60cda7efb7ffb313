/* cluster_apply: schedule a plan's actions on the loop, end them, and say how the apply ended. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>

#include <event2/event.h>

#include "core/apply_sched.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/cluster_apply.h"
#include "flow/cluster_apply_internal.h"

#define APPLY_LINE_MAX 1024
#define APPLY_DETAIL_MAX 300

_Static_assert((int)FLOW_APPLY_SKIPPED == (int)APPLY_SKIPPED && (int)FLOW_APPLY_WAITING == (int)APPLY_WAITING &&
	       (int)FLOW_APPLY_DONE == (int)APPLY_DONE, "flow_apply_state follows apply_state");

static void apply_pump(struct flow_apply *f);

const char *flow_apply_state_name(enum flow_apply_state st)
{
	return apply_state_name((enum apply_state)st);
}

static void apply_really_free(struct flow_apply *f)
{
	for (size_t i = 0; f->acts && i < f->p->n_actions; i++) {
		struct apply_act *a = &f->acts[i];

		if (a->timer)
			event_free(a->timer);
		free(a->id);
		free(a->address);
		free(a->port);
		free(a->fixed);
		free(a->what);
		free(a->last);
	}
	free(f->acts);
	if (f->kick)
		event_free(f->kick);
	apply_sched_dispose(&f->sched);
	free(f->msg);
	free(f->master_fixed);
	free(f->master_floating);
	free(f);
}

void apply_line(struct flow_apply *f, const char *fmt, ...)
{
	char raw[APPLY_LINE_MAX], *clean;
	va_list ap;

	if (f->ops.line == NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	clean = sanitize_line(raw, APPLY_LINE_MAX);
	f->ops.line(f->arg, clean);
	free(clean);
}

/* Tell the caller that action i is in state st now. */
static void apply_report(struct flow_apply *f, size_t i, enum apply_state st, const char *detail)
{
	char *clean;

	if (f->ops.action == NULL)
		return;
	clean = sanitize_line(detail ? detail : "", APPLY_DETAIL_MAX);
	f->ops.action(f->arg, i, (enum flow_apply_state)st, clean);
	free(clean);
}

void apply_running(struct apply_act *a, const char *fmt, ...)
{
	char raw[APPLY_LINE_MAX];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof raw, fmt, ap);
	va_end(ap);
	apply_report(a->f, a->i, APPLY_RUNNING, raw);
}

int apply_call(struct apply_act *a, int rc)
{
	if (rc < 0) {
		apply_end(a, rc, err_last());
		return rc;
	}
	a->busy = 1;
	a->f->outstanding++;
	return 0;
}

int apply_returned(struct apply_act *a)
{
	struct flow_apply *f = a->f;

	a->busy = 0;
	f->outstanding--;
	if (f->freed) {
		if (f->outstanding == 0)
			apply_really_free(f);
		return 1;
	}
	return 0;
}

static void apply_on_timer(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	apply_resume(arg);
}

void apply_later(struct apply_act *a, double seconds, const char *what)
{
	struct timeval tv;

	if (a->f->stopping) {
		char *m = xasprintf("stopped by the user while %s", what);

		apply_end(a, ERR_CANCELLED, m);
		free(m);
		return;
	}
	apply_set(&a->what, what);
	if (a->timer == NULL && (a->timer = evtimer_new(a->f->base, apply_on_timer, a)) == NULL) {
		apply_end(a, ERR_INVALID, "cannot make a timer");
		return;
	}
	tv.tv_sec = (time_t)seconds;
	tv.tv_usec = (suseconds_t)((seconds - (double)tv.tv_sec) * 1e6);
	evtimer_add(a->timer, &tv);
}

void apply_end(struct apply_act *a, int rc, const char *msg)
{
	struct flow_apply *f = a->f;
	size_t j, skipped;
	char *label;

	if (a->timer)
		evtimer_del(a->timer);
	if (rc == ERR_CANCELLED && f->stopping) {
		/* Cut short by the stop: what waits on it is not started because of the stop, not skipped. */
		apply_sched_interrupt(&f->sched, a->i);
		f->interrupted++;
		apply_report(f, a->i, APPLY_FAILED, msg);
		apply_line(f, "%s", msg);
		apply_pump(f);
		return;
	}
	skipped = apply_sched_finish(&f->sched, a->i, rc == 0);
	if (rc == 0) {
		apply_report(f, a->i, APPLY_DONE, msg);
		apply_pump(f);
		return;
	}
	label = apply_label(a);
	apply_report(f, a->i, APPLY_FAILED, msg);
	apply_line(f, "%s %s failed: %s", apply_pa(a)->op == PLAN_CREATE ? "creating" : "deleting", label, msg);
	if (f->rc == 0 && rc != ERR_CANCELLED) {
		f->rc = rc;
		f->first_failed = (long)a->i;
		f->msg = xasprintf("%s %s failed: %s", apply_pa(a)->op == PLAN_CREATE ? "creating" : "deleting", label,
				   msg && *msg ? msg : err_name(rc));
	}
	if (skipped) {
		char *why = xasprintf("because %s failed", label);

		for (j = a->i + 1; j < f->p->n_actions; j++)
			if (f->sched.state[j] == APPLY_SKIPPED && f->sched.cause[j] == (long)a->i)
				apply_report(f, j, APPLY_SKIPPED, why);
		apply_line(f, "%zu action%s skipped %s", skipped, skipped == 1 ? "" : "s", why);
		free(why);
	}
	free(label);
	apply_pump(f);
}

/* The message of an apply that did not complete (new). */
static char *apply_end_message(struct flow_apply *f)
{
	size_t failed = f->sched.count[APPLY_FAILED] - f->interrupted, skipped = f->sched.count[APPLY_SKIPPED];
	size_t others = failed > 0 && f->rc < 0 ? failed - 1 : failed;
	char more[128] = "", cut[128] = "";

	if (others)
		snprintf(more, sizeof more, "; %zu other action%s failed", others, others == 1 ? "" : "s");
	if (f->interrupted)
		snprintf(cut, sizeof cut, ", %zu cut short", f->interrupted);
	if (f->stopping)
		return xasprintf("stopped by the user: %zu of %zu actions done%s, %zu not started%s%s%s; plan again to "
				 "resume", f->sched.count[APPLY_DONE], f->p->n_actions, cut, skipped,
				 f->rc < 0 ? "; " : "", f->rc < 0 ? f->msg : "", more);
	return xasprintf("%s%s; %zu action%s skipped; plan again to resume", f->msg, more, skipped,
			 skipped == 1 ? "" : "s");
}

/* Everything ended: say so (done is the last thing that touches f). */
static void apply_finish(struct flow_apply *f)
{
	size_t n = f->p->n_actions, i, stopped;
	struct flow_apply_result res;
	enum flow_apply_state *states = xcalloc(n ? n : 1, sizeof *states);
	const char **ids = xcalloc(n ? n : 1, sizeof *ids);
	char *msg = NULL;
	int rc = 0;

	stopped = apply_sched_cancel_waiting(&f->sched);
	for (i = 0; i < n && stopped; i++)
		if (f->sched.state[i] == APPLY_SKIPPED && f->sched.cause[i] < 0)
			apply_report(f, i, APPLY_SKIPPED, "not started: stopped by the user");
	memset(&res, 0, sizeof res);
	res.n_actions = n;
	res.done = f->sched.count[APPLY_DONE];
	res.failed = f->sched.count[APPLY_FAILED];
	res.skipped = f->sched.count[APPLY_SKIPPED];
	for (i = 0; i < n; i++) {
		states[i] = (enum flow_apply_state)f->sched.state[i];
		ids[i] = f->acts[i].id;
	}
	res.states = states;
	res.ids = ids;
	res.master_fixed_ip = f->master_fixed;
	res.master_floating_ip = f->master_floating;
	res.max_running = f->sched.max_running;
	res.seconds = apply_now() - f->t0;
	if (f->stopping || f->rc < 0) {
		rc = f->stopping ? ERR_CANCELLED : f->rc;
		msg = apply_end_message(f);
	}
	f->finished = 1;
	f->ops.done(f->arg, rc, msg ? msg : "", &res);
	free(msg);
	free(states);
	free(ids);
}

/* Start whatever may start; when nothing runs any more, finish. */
static void apply_pump(struct flow_apply *f)
{
	long i;

	if (f->pumping || f->finished)
		return;
	f->pumping = 1;
	while ((i = apply_sched_take(&f->sched)) >= 0) {
		apply_report(f, (size_t)i, APPLY_RUNNING, "");
		apply_start(&f->acts[i]);
	}
	f->pumping = 0;
	if (apply_sched_over(&f->sched))
		apply_finish(f);
}

/* After a stop: end the actions that sit in a wait or a retry (calls in flight end theirs when they return). */
static void apply_stop_waits(struct flow_apply *f)
{
	f->pumping = 1;
	for (size_t i = 0; i < f->p->n_actions; i++) {
		struct apply_act *a = &f->acts[i];

		if (f->sched.state[i] == APPLY_RUNNING && !a->busy && a->timer && evtimer_pending(a->timer, NULL)) {
			char *m = xasprintf("stopped by the user while %s", a->what ? a->what : "waiting");

			apply_end(a, ERR_CANCELLED, m);
			free(m);
		}
	}
	f->pumping = 0;
}

static void apply_on_kick(evutil_socket_t fd, short what, void *arg)
{
	struct flow_apply *f = arg;

	(void)fd;
	(void)what;
	if (f->stopping)
		apply_stop_waits(f);
	apply_pump(f);
}

int flow_apply_start(struct flow_apply **out, struct event_base *base, struct cloud *c, const struct plan *p,
		     const struct spec *s, const struct flow_apply_opts *o, const struct flow_apply_ops *ops,
		     void *arg)
{
	struct flow_apply *f;
	struct timeval now = { 0, 0 };
	int rc;

	*out = NULL;
	if (base == NULL || c == NULL || p == NULL || ops == NULL || ops->done == NULL)
		return err_set(ERR_INVALID, "apply: no loop, cloud, plan or done callback");
	f = xcalloc(1, sizeof *f);
	f->base = base;
	f->c = c;
	f->p = p;
	f->s = s;
	if (o)
		f->o = *o;
	if (f->o.max_parallel <= 0)
		f->o.max_parallel = APPLY_SCHED_DEFAULT_PARALLEL;
	if (f->o.poll_s <= 0)
		f->o.poll_s = 2;
	if (f->o.server_timeout_s <= 0)
		f->o.server_timeout_s = 600;
	if (f->o.busy_tries <= 0)
		f->o.busy_tries = APPLY_BUSY_TRIES;
	f->ops = *ops;
	f->arg = arg;
	f->first_failed = -1;
	if ((rc = apply_sched_init(&f->sched, p, (size_t)f->o.max_parallel)) < 0) {
		free(f);
		return rc;
	}
	f->acts = xcalloc(p->n_actions ? p->n_actions : 1, sizeof *f->acts);
	for (size_t i = 0; i < p->n_actions; i++) {
		f->acts[i].f = f;
		f->acts[i].i = i;
	}
	gettimeofday(&now, NULL);
	f->rnd = ((uint64_t)now.tv_sec << 20) ^ (uint64_t)now.tv_usec ^ ((uint64_t)getpid() << 40) ^ (uintptr_t)f;
	if (f->rnd == 0)
		f->rnd = 0x9e3779b97f4a7c15ULL;
	f->t0 = apply_now();
	if ((f->kick = evtimer_new(base, apply_on_kick, f)) == NULL) {
		apply_really_free(f);
		return err_set(ERR_INVALID, "cannot make a timer for the apply");
	}
	now.tv_sec = now.tv_usec = 0;
	evtimer_add(f->kick, &now);
	*out = f;
	return 0;
}

void flow_apply_stop(struct flow_apply *f)
{
	struct timeval now = { 0, 0 };

	if (f == NULL || f->finished || f->stopping)
		return;
	f->stopping = 1;
	apply_sched_stop(&f->sched);
	apply_line(f, "stopping: the calls in flight finish, nothing new starts");
	/* The rest happens from the loop, so stop may be called from anywhere, callbacks included. */
	evtimer_add(f->kick, &now);
}

void flow_apply_free(struct flow_apply *f)
{
	if (f == NULL)
		return;
	if (f->kick)
		evtimer_del(f->kick);
	for (size_t i = 0; f->acts && i < f->p->n_actions; i++)
		if (f->acts[i].timer)
			evtimer_del(f->acts[i].timer);
	if (f->outstanding > 0) {
		f->freed = 1;
		return;
	}
	apply_really_free(f);
}
