/* `sparkdeck cluster ...`: usage checks, dispatch, `cluster plan`, and the plan and observe flows run to their end. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cli/cluster_internal.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/spec.h"
#include "core/xmalloc.h"
#include "flow/cluster_observe.h"
#include "flow/cluster_plan.h"

/* The cluster commands and what each takes. */
static const struct cluster_cmd {
	const char *name;
	const char *usage;
	int takes_ref;
	int plan_opts;      /* --to, --out */
	int saved_opts;     /* --plan */
	int confirms;       /* --yes; asks otherwise */
} cluster_cmds[] = {
	{ "specs", "sparkdeck cluster specs [--clusters-dir DIR] [-o table|json]", 0, 0, 0, 0 },
	{ "show", "sparkdeck cluster show KIND/NAME [-o table|json]", 1, 0, 0, 0 },
	{ "plan", "sparkdeck cluster plan KIND/NAME [--to up|update|destroy] [--out FILE] [-o table|json]", 1, 1, 0,
	  0 },
	{ "up", "sparkdeck cluster up KIND/NAME [--yes] [-o table|json]", 1, 0, 0, 1 },
	{ "update", "sparkdeck cluster update KIND/NAME [--plan FILE] [--yes] [-o table|json]", 1, 0, 1, 1 },
	{ "down", "sparkdeck cluster down KIND/NAME [--plan FILE] [--yes] [-o table|json]", 1, 0, 1, 1 },
};

void cluster_say(const char *fmt, ...)
{
	va_list ap;

	fputs("sparkdeck: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int cli_cluster_usage(char **args, int n, const struct cli_cluster_opts *o)
{
	const struct cluster_cmd *cmd = NULL;
	enum plan_goal goal;

	for (size_t i = 0; n > 0 && i < sizeof cluster_cmds / sizeof cluster_cmds[0]; i++)
		if (strcmp(args[0], cluster_cmds[i].name) == 0)
			cmd = &cluster_cmds[i];
	if (cmd == NULL) {
		if (n == 0)
			cluster_say("cluster needs a command: specs, show, plan, up, update or down");
		else
			cluster_say("unknown cluster command '%s': use specs, show, plan, up, update or down", args[0]);
		return CLI_EXIT_USAGE;
	}
	if (!cmd->plan_opts && (o->to || o->out)) {
		cluster_say("--to and --out are for cluster plan (usage: %s)", cmd->usage);
		return CLI_EXIT_USAGE;
	}
	if (!cmd->saved_opts && o->plan) {
		cluster_say("--plan is for cluster update and down, which apply a saved plan%s", strcmp(cmd->name, "up") == 0
			    ? "; cluster up plans afresh" : "");
		return CLI_EXIT_USAGE;
	}
	if (!cmd->confirms && o->yes) {
		cluster_say("cluster %s changes nothing and asks nothing: --yes is for cluster up, update and down",
			    cmd->name);
		return CLI_EXIT_USAGE;
	}
	if (o->to && plan_goal_parse(&goal, o->to) < 0) {
		cluster_say("--to takes up, update or destroy, not '%s'", o->to);
		return CLI_EXIT_USAGE;
	}
	if (cmd->takes_ref && n == 1) {
		cluster_say("cluster %s needs the cluster, KIND/NAME (spark/ld14): %s", cmd->name, cmd->usage);
		return CLI_EXIT_USAGE;
	}
	if (n != 1 + cmd->takes_ref) {
		cluster_say("usage: %s", cmd->usage);
		return CLI_EXIT_USAGE;
	}
	if (cmd->takes_ref && spec_check_ref(args[1]) < 0) {
		cluster_say("%s", err_last());
		return CLI_EXIT_USAGE;
	}
	if (cmd->confirms && !o->yes && !isatty(STDIN_FILENO)) {
		cluster_say("cluster %s asks before changing anything and stdin is not a terminal to ask on: pass --yes",
			    cmd->name);
		return CLI_EXIT_USAGE;
	}
	return 0;
}

/* ---- running flows to their end ---- */

struct cluster_wait {
	struct event_base *base;
	int done;
	int rc;
	char *msg;
	struct flow_planned *res;
	struct flow_observed *seen;
};

static void cluster_on_planned(void *arg, int rc, const char *msg, struct flow_planned *res)
{
	struct cluster_wait *w = arg;

	w->done = 1;
	w->rc = rc;
	w->msg = xstrdup(msg);
	w->res = res;
	event_base_loopbreak(w->base);
}

static void cluster_on_seen(void *arg, int rc, const char *msg, struct flow_observed *seen)
{
	struct cluster_wait *w = arg;

	w->done = 1;
	w->rc = rc;
	w->msg = xstrdup(msg);
	w->seen = seen;
	event_base_loopbreak(w->base);
}

/* Run the loop until w->done; 0, or ERR_INVALID when the loop cannot go on. */
static int cluster_wait_done(struct cluster_wait *w)
{
	while (!w->done)
		if (event_base_dispatch(w->base) != 0)
			return err_set(ERR_INVALID, "the event loop stopped before the cloud answered");
	return 0;
}

int cluster_run_plan(struct event_base *base, struct cloud *c, const struct flow_plan_req *req,
		     struct flow_planned **res, char **msg)
{
	struct cluster_wait w = { base, 0, 0, NULL, NULL, NULL };
	struct flow_plan *f = NULL;
	int rc;

	*res = NULL;
	if ((rc = flow_plan_start(&f, c, req, cluster_on_planned, &w)) < 0 || (rc = cluster_wait_done(&w)) < 0) {
		if (rc < 0 && !w.done && f)
			flow_plan_cancel(f);
		*msg = xstrdup(err_last());
		return rc;
	}
	*res = w.res;
	*msg = w.msg;
	return w.rc;
}

int cluster_run_observe(struct event_base *base, struct cloud *c, const char *ref, struct flow_observed **seen,
			char **msg)
{
	struct cluster_wait w = { base, 0, 0, NULL, NULL, NULL };
	struct flow_observe *o = NULL;
	int rc;

	*seen = NULL;
	if ((rc = flow_observe_start(&o, c, ref, cluster_on_seen, &w)) < 0 || (rc = cluster_wait_done(&w)) < 0) {
		if (rc < 0 && !w.done && o)
			flow_observe_cancel(o);
		*msg = xstrdup(err_last());
		return rc;
	}
	*seen = w.seen;
	*msg = w.msg;
	return w.rc;
}

void cluster_print_warnings(const struct flow_observed *seen)
{
	for (size_t i = 0; seen && i < seen->n_warnings; i++)
		cluster_say("warning: %s", seen->warnings[i]);
}

void cluster_print_plan(FILE *f, const struct plan *p)
{
	char **lines = plan_render(p), *summary = plan_summary(p);

	for (size_t i = 0; lines[i]; i++)
		fprintf(f, "  %s\n", lines[i]);
	if (lines[0])
		fputc('\n', f);
	fprintf(f, "%s\n", summary);
	plan_strv_free(lines);
	free(summary);
}

int cluster_load_spec(struct spec *sp, const char *dir, const char *ref)
{
	int rc;

	if ((rc = spec_load(sp, dir, ref)) < 0 || (rc = spec_check_unique(dir, ref)) < 0) {
		cluster_say("%s", err_last());
		return cli_exit_status(rc);
	}
	return 0;
}

/* ---- cluster plan ---- */

/* Print the plan on stdout: its lines and summary, or (json) the saved plan's JSON. */
static void cluster_plan_print(const struct plan *p, enum cli_format fmt)
{
	char *text;
	cJSON *j;

	if (fmt != CLI_JSON) {
		cluster_print_plan(stdout, p);
		return;
	}
	text = plan_to_json(p);
	if ((j = cJSON_Parse(text)) != NULL) {
		out_json_print(j, stdout);
		cJSON_Delete(j);
	}
	free(text);
}

static int cluster_plan(struct event_base *base, struct cloud *c, const char *ref, const struct cli_cluster_opts *o)
{
	enum plan_goal goal = PLAN_UP;
	struct flow_plan_req req;
	struct flow_planned *res = NULL;
	struct spec sp;
	char *msg = NULL, *path = NULL, *hint = NULL;
	int rc, status = CLI_EXIT_OK;

	memset(&sp, 0, sizeof sp);
	if (o->to)
		plan_goal_parse(&goal, o->to);
	/* A destroy plan needs the cluster's name alone: the spec may be gone. */
	if (goal != PLAN_DESTROY && (status = cluster_load_spec(&sp, o->clusters_dir, ref)) != 0)
		goto out;
	req.goal = goal;
	req.cluster = ref;
	req.spec = goal == PLAN_DESTROY ? NULL : &sp;
	rc = cluster_run_plan(base, c, &req, &res, &msg);
	cluster_print_warnings(res ? res->seen : NULL);
	if (rc < 0) {
		if (res && res->over_quota) {
			fprintf(stderr, "The plan for cluster %s (not saved):\n", ref);
			cluster_print_plan(stderr, &res->plan);
		}
		cluster_say("cluster plan %s: %s", ref, msg);
		status = cli_exit_status(rc);
		goto out;
	}
	cluster_plan_print(&res->plan, o->format);
	path = o->out ? xstrdup(o->out) : planfile_default_path(ref);
	if ((rc = planfile_write(path, &res->plan)) < 0) {
		cluster_say("%s", err_last());
		status = CLI_EXIT_FAIL;
		goto out;
	}
	if (goal == PLAN_UP)
		hint = xasprintf("; 'sparkdeck cluster up %s' plans afresh and applies", ref);
	else
		hint = xasprintf("; apply it with: sparkdeck cluster %s %s%s%s", goal == PLAN_UPDATE ? "update" : "down",
				 ref, o->out ? " --plan " : "", o->out ? o->out : "");
	cluster_say("%s plan of %s saved to %s%s", plan_goal_name(goal), ref, path, hint);
	status = fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
out:
	flow_planned_free(res);
	spec_dispose(&sp);
	free(msg);
	free(path);
	free(hint);
	return status;
}

int cli_cluster(struct event_base *base, struct cloud *c, char **args, int n, const struct cli_cluster_opts *o)
{
	const char *cmd = args[0], *ref = n > 1 ? args[1] : NULL;

	if (strcmp(cmd, "show") == 0)
		return cli_cluster_show(base, c, ref, o->format);
	if (strcmp(cmd, "plan") == 0)
		return cluster_plan(base, c, ref, o);
	if (strcmp(cmd, "up") == 0)
		return cluster_up(base, c, ref, o);
	if (strcmp(cmd, "update") == 0)
		return cluster_apply_saved(base, c, ref, PLAN_UPDATE, o);
	if (strcmp(cmd, "down") == 0)
		return cluster_apply_saved(base, c, ref, PLAN_DESTROY, o);
	cluster_say("unknown cluster command '%s'", cmd);
	return CLI_EXIT_USAGE;
}
