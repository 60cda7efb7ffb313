/* What `cluster up|update|down` print at the end: the cluster, its master's addresses, how many actions ran. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cli/cluster_internal.h"
#include "cli/output.h"
#include "cloud/ops.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/xmalloc.h"
#include "flow/cluster_apply.h"
#include "flow/cluster_observe.h"

/* The master's addresses to show (each NULL when unknown). */
struct result_master {
	char *id, *name, *fixed, *floating;
};

struct result_wait {
	struct event_base *base;
	int done;
	struct result_master *m;
};

static void result_on_server(void *arg, int rc, const char *msg, const struct server *s)
{
	struct result_wait *w = arg;

	(void)msg;
	for (size_t i = 0; rc == 0 && s && i < s->n_addrs; i++) {
		const struct server_addr *a = &s->addrs[i];
		char **dst = a->type && strcmp(a->type, "floating") == 0 ? &w->m->floating : &w->m->fixed;

		if (a->version == 4 && *dst == NULL && a->addr)
			*dst = xstrdup(a->addr);
	}
	w->done = 1;
	event_base_loopbreak(w->base);
}

/* 1 if p deletes the server with this id. */
static int result_deleted(const struct plan *p, const char *id)
{
	for (size_t j = 0; j < p->n_actions; j++)
		if (p->actions[j].op == PLAN_DELETE && p->actions[j].kind == PLAN_SERVER && p->actions[j].id &&
		    strcmp(p->actions[j].id, id) == 0)
			return 1;
	return 0;
}

/* The master: made by the apply, else as observed and not deleted by p; then its addresses. */
static void result_find_master(struct result_master *m, struct event_base *base, struct cloud *c,
			       const struct plan *p, const struct cluster_applied *a, const struct flow_observed *seen)
{
	struct result_wait w = { base, 0, m };
	size_t i;

	for (i = 0; a && i < p->n_actions; i++) {
		const struct plan_action *pa = &p->actions[i];

		if (pa->op == PLAN_CREATE && pa->kind == PLAN_SERVER && pa->role == PLAN_ROLE_MASTER && a->ids[i] &&
		    a->states[i] == FLOW_APPLY_DONE) {
			m->id = xstrdup(a->ids[i]);
			m->name = xstrdup(pa->name);
		}
	}
	for (i = 0; m->id == NULL && seen && i < seen->obs.n_res; i++) {
		const struct plan_seen *s = &seen->obs.res[i];

		if (s->kind == PLAN_SERVER && s->role && strcmp(s->role, "master") == 0 && !result_deleted(p, s->id)) {
			m->id = xstrdup(s->id);
			m->name = xstrdup(s->name);
		}
	}
	if (m->id == NULL)
		return;
	m->fixed = a ? xstrdup(a->fixed) : NULL;
	m->floating = a ? xstrdup(a->floating) : NULL;
	for (i = 0; m->floating == NULL && seen && i < seen->obs.n_res; i++) {
		const struct plan_seen *s = &seen->obs.res[i];

		if (s->kind == PLAN_FIP && s->server_id && strcmp(s->server_id, m->id) == 0)
			m->floating = xstrdup(s->address);
	}
	if ((m->fixed == NULL || m->floating == NULL) && cloud_server_get(c, m->id, result_on_server, &w) == 0)
		while (!w.done)
			if (event_base_dispatch(base) != 0)
				break;
}

static void result_add_opt(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
	else
		cJSON_AddNullToObject(o, key);
}

int cluster_print_result(struct event_base *base, struct cloud *c, const char *ref, const struct plan *p,
			 const struct cluster_applied *a, const struct flow_observed *seen, enum cli_format fmt)
{
	static const char *const hdr[] = { "CLUSTER", "MASTER", "FIXED IP", "FLOATING IP", "ACTIONS" };
	struct result_master m = { NULL, NULL, NULL, NULL };
	struct out_table t;
	cJSON *j = cJSON_CreateObject(), *jm;
	char count[32];

	if (p->goal != PLAN_DESTROY)
		result_find_master(&m, base, c, p, a, seen);
	snprintf(count, sizeof count, "%zu", a ? p->n_actions : (size_t)0);
	cJSON_AddStringToObject(j, "cluster", ref);
	if (m.id) {
		jm = cJSON_AddObjectToObject(j, "master");
		cJSON_AddStringToObject(jm, "id", m.id);
		result_add_opt(jm, "name", m.name);
		result_add_opt(jm, "fixed", m.fixed);
		result_add_opt(jm, "floating", m.floating);
	} else {
		cJSON_AddNullToObject(j, "master");
	}
	cJSON_AddNumberToObject(j, "actions", a ? (double)p->n_actions : 0);
	const char *row[] = { ref, m.name ? m.name : "-", m.fixed ? m.fixed : "-", m.floating ? m.floating : "-", count };

	out_table_init(&t, hdr, 5);
	out_table_row(&t, row);
	out_emit(&t, j, fmt == CLI_JSON);
	free(m.id);
	free(m.name);
	free(m.fixed);
	free(m.floating);
	return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}
