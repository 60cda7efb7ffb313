/* `sparkdeck cluster up|update|down`: show the plan, confirm, apply it with progress on stderr, show the master. */
#include "autoconfig.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cli/cluster_internal.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/sanitize.h"
#include "core/spec.h"
#include "core/xmalloc.h"
#include "flow/cluster_apply.h"
#include "flow/cluster_observe.h"
#include "flow/cluster_plan.h"

struct apply_run {
	struct event_base *base;
	const struct plan *p;
	struct flow_apply *flow;
	char *started;              /* per action: its start was shown */
	int stopping;               /* a signal asked the apply to stop */
	char *last_end;             /* the detail of the last action that ended (the log repeats it) */
	int done;
	int rc;
	char *msg;
	char **ids;                 /* copies of the result's ids */
	enum flow_apply_state *states;
	char *fixed, *floating;     /* the master's addresses, when the apply saw them */
};

/* Ask on the terminal; 1 for yes. */
static int apply_ask(const char *question)
{
	char line[64];

	fprintf(stderr, "%s [y/N] ", question);
	fflush(stderr);
	if (fgets(line, sizeof line, stdin) == NULL)
		return 0;
	return line[0] == 'y' || line[0] == 'Y';
}

/* ---- progress ---- */

/* "+ server spark-ld14-worker-2" (new, sanitized): the action without its detail. */
static char *apply_label(const struct plan *p, size_t i)
{
	const struct plan_action *a = &p->actions[i];
	char *raw = xasprintf("%s %s %s", a->op == PLAN_CREATE ? "+" : "-", plan_kind_name(a->kind),
			      a->name && *a->name ? a->name : a->id ? a->id : ""), *s = sanitize_line(raw, 300);

	free(raw);
	return s;
}

static void apply_on_action(void *arg, size_t i, enum flow_apply_state st, const char *detail)
{
	struct apply_run *r = arg;
	char *label;

	if (i >= r->p->n_actions || st == FLOW_APPLY_WAITING || (st == FLOW_APPLY_RUNNING && r->started[i]))
		return;
	/* What a stop leaves unstarted is counted in the final message, not listed. */
	if (st == FLOW_APPLY_SKIPPED && r->stopping && !r->started[i])
		return;
	label = apply_label(r->p, i);
	if (st == FLOW_APPLY_RUNNING) {
		r->started[i] = 1;
		fprintf(stderr, "[%zu/%zu] %s ...\n", i + 1, r->p->n_actions, label);
	} else {
		fprintf(stderr, "[%zu/%zu] %s ... %s%s%s\n", i + 1, r->p->n_actions, label, flow_apply_state_name(st),
			*detail && st != FLOW_APPLY_DONE ? ": " : "", st != FLOW_APPLY_DONE ? detail : "");
		free(r->last_end);
		r->last_end = xstrdup(detail);
	}
	free(label);
}

/* The event log, less what the progress lines and the stop message say already (created, deleted, failed, stopping). */
static void apply_on_line(void *arg, const char *text)
{
	struct apply_run *r = arg;

	if ((r->last_end && strcmp(text, r->last_end) == 0) || strncmp(text, "stopping: ", 10) == 0 || strncmp(text, "created ", 8) == 0 ||
	    strncmp(text, "deleted ", 8) == 0 ||
	    ((strncmp(text, "creating ", 9) == 0 || strncmp(text, "deleting ", 9) == 0) && strstr(text, " failed: ")))
		return;
	cluster_say("%s", text);
}

static void apply_on_done(void *arg, int rc, const char *msg, const struct flow_apply_result *res)
{
	struct apply_run *r = arg;

	r->done = 1;
	r->rc = rc;
	r->msg = xstrdup(msg);
	for (size_t i = 0; i < res->n_actions && i < r->p->n_actions; i++) {
		r->ids[i] = xstrdup(res->ids[i]);
		r->states[i] = res->states[i];
	}
	r->fixed = xstrdup(res->master_fixed_ip);
	r->floating = xstrdup(res->master_floating_ip);
	event_base_loopbreak(r->base);
}

static void apply_on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct apply_run *r = arg;
	static int count;

	(void)what;
	if (++count == 1) {
		cluster_say("%s: stopping after the running actions; plan again to resume (Ctrl-C again leaves at once)",
			    sig == SIGINT ? "interrupted" : "terminated");
		r->stopping = 1;
		flow_apply_stop(r->flow);
		return;
	}
	cluster_say("left at once: what was made carries the cluster's marks; plan again to resume");
	_exit(CLI_EXIT_FAIL);
}

/* Apply p (user data from s, or none) until done, stopping on SIGINT/SIGTERM; 0 or the apply's code (r->msg). */
static int apply_run(struct apply_run *r, struct cloud *c, const struct plan *p, const struct spec *s)
{
	static const struct flow_apply_ops ops = { apply_on_action, apply_on_line, apply_on_done };
	struct event *sigint = NULL, *sigterm = NULL;
	int rc;

	r->p = p;
	r->started = xcalloc(p->n_actions + 1, 1);
	r->ids = xcalloc(p->n_actions + 1, sizeof *r->ids);
	r->states = xcalloc(p->n_actions + 1, sizeof *r->states);
	if ((rc = flow_apply_start(&r->flow, r->base, c, p, s, NULL, &ops, r)) < 0) {
		r->msg = xstrdup(err_last());
		return rc;
	}
	if ((sigint = evsignal_new(r->base, SIGINT, apply_on_signal, r)) != NULL)
		evsignal_add(sigint, NULL);
	if ((sigterm = evsignal_new(r->base, SIGTERM, apply_on_signal, r)) != NULL)
		evsignal_add(sigterm, NULL);
	while (!r->done)
		if (event_base_dispatch(r->base) != 0)
			break;
	if (sigint)
		event_free(sigint);
	if (sigterm)
		event_free(sigterm);
	flow_apply_free(r->flow);
	r->flow = NULL;
	if (!r->done) {
		r->msg = xstrdup("the event loop stopped before the apply ended");
		return ERR_INVALID;
	}
	return r->rc;
}

static void apply_run_dispose(struct apply_run *r)
{
	for (size_t i = 0; r->ids && i < r->p->n_actions; i++)
		free(r->ids[i]);
	free(r->ids);
	free(r->states);
	free(r->started);
	free(r->last_end);
	free(r->msg);
	free(r->fixed);
	free(r->floating);
}

/* Show p, confirm, apply, print the result; the exit status (0 also for "No changes."). */
static int apply_confirmed(struct event_base *base, struct cloud *c, const char *ref, const char *verb,
			   const struct plan *p, const struct spec *s, const struct flow_observed *seen,
			   const struct cli_cluster_opts *o)
{
	struct apply_run r;
	struct cluster_applied applied;
	char *question;
	int rc, status, yes;

	memset(&r, 0, sizeof r);
	r.base = base;
	fprintf(stderr, "Plan for cluster %s %s:\n", verb, ref);
	cluster_print_plan(stderr, p);
	if (p->n_actions == 0)
		return cluster_print_result(base, c, ref, p, NULL, seen, o->format);
	question = p->goal == PLAN_DESTROY ? xasprintf("Destroy cluster %s?", ref)
					   : xasprintf("Apply this plan to cluster %s?", ref);
	yes = o->yes || apply_ask(question);
	free(question);
	if (!yes) {
		cluster_say("nothing changed");
		return CLI_EXIT_FAIL;
	}
	if ((rc = apply_run(&r, c, p, s)) < 0) {
		cluster_say("cluster %s %s: %s", verb, ref, r.msg);
		status = rc == ERR_CANCELLED ? CLI_EXIT_FAIL : cli_exit_status(rc);
		goto out;
	}
	applied.ids = r.ids;
	applied.states = r.states;
	applied.fixed = r.fixed;
	applied.floating = r.floating;
	status = cluster_print_result(base, c, ref, p, &applied, seen, o->format);
out:
	apply_run_dispose(&r);
	return status;
}

int cluster_up(struct event_base *base, struct cloud *c, const char *ref, const struct cli_cluster_opts *o)
{
	struct flow_plan_req req = { PLAN_UP, ref, NULL };
	struct flow_planned *res = NULL;
	struct spec sp;
	char *msg = NULL;
	int rc, status;

	memset(&sp, 0, sizeof sp);
	if ((status = cluster_load_spec(&sp, o->clusters_dir, ref)) != 0)
		goto out;
	req.spec = &sp;
	rc = cluster_run_plan(base, c, &req, &res, &msg);
	cluster_print_warnings(res ? res->seen : NULL);
	if (rc < 0) {
		if (res && res->over_quota) {
			fprintf(stderr, "Plan for cluster up %s (refused):\n", ref);
			cluster_print_plan(stderr, &res->plan);
		}
		cluster_say("cluster up %s: %s", ref, msg);
		status = cli_exit_status(rc);
		goto out;
	}
	status = apply_confirmed(base, c, ref, "up", &res->plan, &sp, res->seen, o);
out:
	flow_planned_free(res);
	spec_dispose(&sp);
	free(msg);
	return status;
}

/* Check the saved plan: its cluster, its goal, (update) the spec it was made from; 0 or the exit status. */
static int apply_check_saved(const struct plan *saved, const char *path, const char *ref, enum plan_goal goal,
			     const struct spec *sp)
{
	const char *to = goal == PLAN_UPDATE ? "update" : "destroy", *cmd = goal == PLAN_UPDATE ? "update" : "down";
	char digest[PLAN_HASH_LEN + 1];

	if (saved->cluster == NULL || strcmp(saved->cluster, ref) != 0) {
		cluster_say("the saved plan %s is for cluster %s, not %s: make one with 'sparkdeck cluster plan %s --to %s'",
			    path, saved->cluster ? saved->cluster : "(none)", ref, ref, to);
		return CLI_EXIT_CONFIG;
	}
	if (saved->goal != goal) {
		cluster_say("the saved plan %s is a plan to %s, not to %s: make one with 'sparkdeck cluster plan %s --to "
			    "%s'", path, plan_goal_name(saved->goal), to, ref, to);
		return CLI_EXIT_CONFIG;
	}
	if (sp == NULL)
		return 0;
	plan_spec_digest(digest, sp);
	if (strcmp(digest, saved->spec_digest) != 0) {
		cluster_say("the spec %s changed since the plan %s was made: plan again with 'sparkdeck cluster plan %s "
			    "--to update', then 'sparkdeck cluster %s %s'", sp->path, path, ref, cmd, ref);
		return CLI_EXIT_CONFIG;
	}
	return 0;
}

int cluster_apply_saved(struct event_base *base, struct cloud *c, const char *ref, enum plan_goal goal,
			const struct cli_cluster_opts *o)
{
	const char *verb = goal == PLAN_UPDATE ? "update" : "down", *to = goal == PLAN_UPDATE ? "update" : "destroy";
	struct flow_observed *seen = NULL;
	struct plan saved;
	struct spec sp;
	char *path = o->plan ? xstrdup(o->plan) : planfile_default_path(ref), *msg = NULL;
	int rc, status;

	memset(&sp, 0, sizeof sp);
	if ((rc = planfile_read(&saved, path)) < 0) {
		if (rc == ERR_NOTFOUND)
			cluster_say("no saved plan at %s: make one with 'sparkdeck cluster plan %s --to %s'%s", path, ref,
				    to, o->plan ? " --out FILE" : "");
		else
			cluster_say("%s", err_last());
		status = cli_exit_status(rc);
		goto out;
	}
	/* An update applies user data from the spec, so the spec must be the one planned from; down needs none. */
	if (goal == PLAN_UPDATE && (status = cluster_load_spec(&sp, o->clusters_dir, ref)) != 0)
		goto out;
	if ((status = apply_check_saved(&saved, path, ref, goal, goal == PLAN_UPDATE ? &sp : NULL)) != 0)
		goto out;
	rc = cluster_run_observe(base, c, ref, &seen, &msg);
	cluster_print_warnings(seen);
	if (rc < 0) {
		cluster_say("cluster %s %s: %s", verb, ref, msg);
		status = cli_exit_status(rc);
		goto out;
	}
	if ((rc = plan_check_fresh(&saved, &seen->obs)) < 0) {
		cluster_say("cluster %s %s: %s: sparkdeck cluster plan %s --to %s (the saved plan: %s)", verb, ref,
			    err_last(), ref, to, path);
		status = cli_exit_status(rc);
		goto out;
	}
	status = apply_confirmed(base, c, ref, verb, &saved, goal == PLAN_UPDATE ? &sp : NULL, seen, o);
	if (status == CLI_EXIT_OK && (rc = planfile_remove(path)) < 0)
		cluster_say("warning: %s", err_last());
out:
	flow_observed_free(seen);
	plan_dispose(&saved);
	spec_dispose(&sp);
	free(path);
	free(msg);
	return status;
}
