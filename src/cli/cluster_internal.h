/*
 * cluster_internal: what the cluster commands of the CLI share --
 * cluster_cmd.c (usage, dispatch, `cluster plan`, running the plan and
 * observe flows to their end), cluster_apply.c (`cluster up`, `update`,
 * `down`: confirm, apply with progress on stderr) and cluster_result.c (what
 * they print at the end: the master's addresses).
 *
 * Contract: cluster_run_plan() and cluster_run_observe() run their flow on
 * the loop until done and return its rc; *msg gets a new message ("" on
 * success; free()) and *res / *seen what done handed (or NULL), which the
 * caller frees. cluster_load_spec() fills a caller-owned struct spec
 * (spec_dispose() it whatever the result) and returns 0 or the exit status
 * after saying why on stderr; so do cluster_up() and cluster_apply_saved(),
 * which return the process exit status, as does cluster_print_result()
 * (cluster_result.c; it borrows everything). Printing functions sanitize nothing
 * more: the plan's lines and the flows' messages are already sanitized.
 */
#ifndef SD_CLI_CLUSTER_INTERNAL_H
#define SD_CLI_CLUSTER_INTERNAL_H

#include <stdio.h>

#include "cli/cli.h"
#include "core/plan.h"
#include "flow/cluster_apply.h"

struct event_base;
struct cloud;
struct spec;
struct flow_plan_req;
struct flow_planned;
struct flow_observed;

/* What an apply left to show (cluster_apply.c fills it from struct flow_apply_result). */
struct cluster_applied {
	char **ids;                         /* per action: the id it created or deleted, or NULL */
	const enum flow_apply_state *states; /* per action: how it ended */
	const char *fixed, *floating;       /* the master's addresses when the apply saw them, or NULL */
};

/* Say "sparkdeck: ..." on stderr. */
void cluster_say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Run the plan flow of req to its end (see the contract). */
int cluster_run_plan(struct event_base *base, struct cloud *c, const struct flow_plan_req *req,
		     struct flow_planned **res, char **msg);
/* Run an observation of cluster ref to its end (see the contract). */
int cluster_run_observe(struct event_base *base, struct cloud *c, const char *ref, struct flow_observed **seen,
			char **msg);
/* Print what discovery could not read ("warning: ...") on stderr. */
void cluster_print_warnings(const struct flow_observed *seen);
/* Print the plan's lines, indented, and its summary to f. */
void cluster_print_plan(FILE *f, const struct plan *p);
/* Load the spec of ref from dir and check that no other spec claims its cluster name. */
int cluster_load_spec(struct spec *sp, const char *dir, const char *ref);
/* Print the cluster, its master's addresses (looked up when a and seen do not say) and the actions run (a NULL: none). */
int cluster_print_result(struct event_base *base, struct cloud *c, const char *ref, const struct plan *p,
			 const struct cluster_applied *a, const struct flow_observed *seen, enum cli_format fmt);
/* `sparkdeck cluster up REF`: plan, show, confirm, apply, print the master's addresses. */
int cluster_up(struct event_base *base, struct cloud *c, const char *ref, const struct cli_cluster_opts *o);
/* `sparkdeck cluster update|down REF`: check the saved plan is fresh, show, confirm, apply, delete it. */
int cluster_apply_saved(struct event_base *base, struct cloud *c, const char *ref, enum plan_goal goal,
			const struct cli_cluster_opts *o);

#endif
