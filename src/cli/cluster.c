/* `sparkdeck cluster show KIND/NAME`: what discovery finds of a cluster in the cloud, as a table or JSON. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cloud/cloud.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/cluster_observe.h"

/* How kinds are spelled in the JSON output. */
static const char *const cluster_json_kinds[PLAN_NKINDS] = {
	[PLAN_KEYPAIR] = "keypair", [PLAN_NETWORK] = "network", [PLAN_SUBNET] = "subnet",
	[PLAN_ROUTER] = "router", [PLAN_IFACE] = "router_interface", [PLAN_SECGROUP] = "security_group",
	[PLAN_RULE] = "security_group_rule", [PLAN_SERVER] = "server", [PLAN_FIP] = "floating_ip",
};

/* The quotas in the JSON output, by plan_quota_kind. */
static const char *const cluster_json_quotas[PLAN_Q_NKINDS] = {
	"instances", "cores", "ram_mb", "networks", "subnets", "routers", "security_groups",
	"security_group_rules", "floating_ips",
};

struct cluster_wait {
	struct event_base *base;
	int done;
	int rc;
	char *msg;
	struct flow_observed *seen;
};

static void cluster_on_observed(void *arg, int rc, const char *msg, struct flow_observed *seen)
{
	struct cluster_wait *w = arg;

	w->done = 1;
	w->rc = rc;
	w->msg = xstrdup(msg);
	w->seen = seen;
	event_base_loopbreak(w->base);
}

/* Servers by role (master first) and worker index, the other kinds by name then id (res is sorted so). */
static int cluster_row_cmp(const void *a, const void *b)
{
	const struct plan_seen *x = *(const struct plan_seen *const *)a, *y = *(const struct plan_seen *const *)b;
	long ix, iy;
	int mx, my;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if (x->kind == PLAN_SERVER) {
		mx = x->role && strcmp(x->role, "master") == 0;
		my = y->role && strcmp(y->role, "master") == 0;
		if (mx != my)
			return mx ? -1 : 1;
		ix = x->index ? strtol(x->index, NULL, 10) : 0;
		iy = y->index ? strtol(y->index, NULL, 10) : 0;
		if (ix != iy)
			return ix < iy ? -1 : 1;
	}
	return x < y ? -1 : x > y;
}

/* A rule as read: "tcp 22 from 0.0.0.0/0", "tcp 7077-7078 from ...", "any protocol from ..." (new). */
static char *cluster_rule_text(const struct plan_seen *s)
{
	const char *proto = s->protocol && *s->protocol ? s->protocol : "any protocol";
	const char *from = s->remote_cidr && *s->remote_cidr ? s->remote_cidr : "anywhere";

	if (s->port_min == 0 && s->port_max == 0)
		return xasprintf("%s from %s", proto, from);
	if (s->port_min == s->port_max)
		return xasprintf("%s %d from %s", proto, s->port_min, from);
	return xasprintf("%s %d-%d from %s", proto, s->port_min, s->port_max, from);
}

/* The NAME cell (new): the name, else what stands for it (FIP address, rule text). */
static char *cluster_name_cell(const struct plan_seen *s)
{
	if (s->kind == PLAN_RULE)
		return cluster_rule_text(s);
	if (s->kind == PLAN_FIP && (s->name == NULL || *s->name == '\0'))
		return xstrdup(s->address ? s->address : "");
	return xstrdup(s->name ? s->name : "");
}

/* The ROLE cell (new): "master", "worker 3", or "". */
static char *cluster_role_cell(const struct plan_seen *s)
{
	if (s->kind != PLAN_SERVER || s->role == NULL)
		return xstrdup("");
	if (s->index && *s->index)
		return xasprintf("%s %s", s->role, s->index);
	return xstrdup(s->role);
}

/* The DETAIL cell (new): what else matters about the resource. */
static char *cluster_detail_cell(const struct plan_seen *s)
{
	switch (s->kind) {
	case PLAN_SERVER:
		if (s->fault && *s->fault)
			return xasprintf("fault: %s", s->fault);
		return xasprintf("flavor %s, image %s", s->flavor_name ? s->flavor_name : s->flavor_id ? s->flavor_id
				 : "?", s->image_id && *s->image_id ? s->image_id : "(volume)");
	case PLAN_SUBNET:
		return xasprintf("%s on network %s", s->cidr ? s->cidr : "?", s->network_id ? s->network_id : "?");
	case PLAN_ROUTER:
		return s->network_id ? xasprintf("gateway on network %s", s->network_id) : xstrdup("no gateway");
	case PLAN_IFACE:
		return xasprintf("subnet %s", s->subnet_id ? s->subnet_id : "?");
	case PLAN_RULE:
		return xasprintf("of security group %s", s->secgroup_id ? s->secgroup_id : "?");
	case PLAN_FIP:
		return s->server_id ? xasprintf("on server %s (port %s)", s->server_id, s->port_id ? s->port_id : "?")
		       : s->port_id ? xasprintf("on port %s", s->port_id) : xstrdup("not associated");
	default:
		return xstrdup("");
	}
}

static void cluster_add_str(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
}

static cJSON *cluster_json_resource(const struct plan_seen *s)
{
	cJSON *o = cJSON_CreateObject(), *tags;

	cJSON_AddStringToObject(o, "kind", cluster_json_kinds[s->kind]);
	cJSON_AddStringToObject(o, "id", s->id);
	cluster_add_str(o, "name", s->name);
	cluster_add_str(o, "status", s->status);
	cluster_add_str(o, "cluster", s->cluster);
	cluster_add_str(o, "role", s->role);
	cluster_add_str(o, "index", s->index);
	cluster_add_str(o, "flavor_id", s->flavor_id);
	cluster_add_str(o, "flavor", s->flavor_name);
	cluster_add_str(o, "image_id", s->image_id);
	cluster_add_str(o, "fault", s->fault);
	cluster_add_str(o, "network_id", s->network_id);
	cluster_add_str(o, "subnet_id", s->subnet_id);
	cluster_add_str(o, "cidr", s->cidr);
	cluster_add_str(o, "security_group_id", s->secgroup_id);
	if (s->kind == PLAN_RULE) {
		cluster_add_str(o, "protocol", s->protocol);
		cJSON_AddNumberToObject(o, "port_min", s->port_min);
		cJSON_AddNumberToObject(o, "port_max", s->port_max);
		cluster_add_str(o, "remote_cidr", s->remote_cidr);
	}
	cluster_add_str(o, "port_id", s->port_id);
	cluster_add_str(o, "server_id", s->server_id);
	cluster_add_str(o, "address", s->address);
	if (s->n_tags) {
		tags = cJSON_AddArrayToObject(o, "tags");
		for (size_t i = 0; i < s->n_tags; i++)
			cJSON_AddItemToArray(tags, cJSON_CreateString(s->tags[i]));
	}
	return o;
}

/* Print what was seen; the caller still frees seen. */
static void cluster_print(const struct flow_observed *seen, enum cli_format fmt)
{
	static const char *const hdr[] = { "KIND", "NAME", "ID", "STATUS", "ROLE", "DETAIL" };
	const struct plan_seen **rows = xcalloc(seen->obs.n_res + 1, sizeof *rows);
	cJSON *j = cJSON_CreateObject(), *a, *q, *w;
	struct out_table t;
	size_t i;

	for (i = 0; i < seen->obs.n_res; i++)
		rows[i] = &seen->obs.res[i];
	qsort(rows, seen->obs.n_res, sizeof *rows, cluster_row_cmp);
	out_table_init(&t, hdr, 6);
	cJSON_AddStringToObject(j, "cluster", seen->cluster);
	a = cJSON_AddArrayToObject(j, "resources");
	for (i = 0; i < seen->obs.n_res; i++) {
		char *name = cluster_name_cell(rows[i]), *role = cluster_role_cell(rows[i]);
		char *detail = cluster_detail_cell(rows[i]);
		const char *row[] = { plan_kind_name(rows[i]->kind), name, rows[i]->id, rows[i]->status, role, detail };

		out_table_row(&t, row);
		cJSON_AddItemToArray(a, cluster_json_resource(rows[i]));
		free(name);
		free(role);
		free(detail);
	}
	q = cJSON_AddObjectToObject(j, "quotas");
	for (i = 0; i < PLAN_Q_NKINDS; i++) {
		cJSON *one;

		if (!seen->obs.quota[i].known)
			continue;
		one = cJSON_AddObjectToObject(q, cluster_json_quotas[i]);
		cJSON_AddNumberToObject(one, "used", (double)seen->obs.quota[i].used);
		cJSON_AddNumberToObject(one, "limit", (double)seen->obs.quota[i].limit);
	}
	w = cJSON_AddArrayToObject(j, "warnings");
	for (i = 0; i < seen->n_warnings; i++)
		cJSON_AddItemToArray(w, cJSON_CreateString(seen->warnings[i]));
	out_emit(&t, j, fmt == CLI_JSON);
	free(rows);
}

int cli_cluster_show(struct event_base *base, struct cloud *c, const char *ref, enum cli_format fmt)
{
	struct cluster_wait w = { base, 0, 0, NULL, NULL };
	struct flow_observe *o;
	int rc, status = CLI_EXIT_OK;

	if ((rc = flow_observe_start(&o, c, ref, cluster_on_observed, &w)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		return rc == ERR_INVALID ? CLI_EXIT_USAGE : cli_exit_status(rc);
	}
	while (!w.done)
		if (event_base_dispatch(base) < 0) {
			flow_observe_cancel(o);
			fputs("sparkdeck: the event loop failed\n", stderr);
			return CLI_EXIT_FAIL;
		}
	if (w.rc < 0) {
		fprintf(stderr, "sparkdeck: cluster %s: %s\n", ref, w.msg);
		status = cli_exit_status(w.rc);
		goto out;
	}
	for (size_t i = 0; i < w.seen->n_warnings; i++)
		fprintf(stderr, "sparkdeck: warning: %s\n", w.seen->warnings[i]);
	if (w.seen->obs.n_res == 0 && fmt != CLI_JSON) {
		char *project = sanitize_line(cloud_project_name(c) ? cloud_project_name(c) : "?", 120);

		fprintf(stderr, "sparkdeck: nothing of cluster %s in project %s\n", ref, project);
		free(project);
	}
	cluster_print(w.seen, fmt);
out:
	flow_observed_free(w.seen);
	free(w.msg);
	return status;
}
