/* plan_quota: what a plan adds to the project's quotas, and its refusal with the numbers (pure). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/spec.h"
#include "core/xmalloc.h"

/* The flavor (of the two the spec wants) a server has, or NULL when it is another one. */
static const struct plan_flavor *quota_flavor_of(const struct plan_target *t, const struct plan_observed *obs,
						 const char *server_id)
{
	const struct plan_flavor *f[2] = { &t->master, &t->worker };

	for (size_t i = 0; obs && i < obs->n_res; i++) {
		const struct plan_seen *s = &obs->res[i];

		if (s->kind != PLAN_SERVER || !plan_str_eq(s->id, server_id))
			continue;
		for (int k = 0; k < 2; k++)
			if ((s->flavor_id && f[k]->id && strcmp(s->flavor_id, f[k]->id) == 0) ||
			    (s->flavor_id == NULL && s->flavor_name && f[k]->name && strcmp(s->flavor_name, f[k]->name) == 0))
				return f[k];
	}
	return NULL;
}

/* What p needs of each quota: creates, less what the deletes they replace free first. */
static void quota_needs(long long need[PLAN_Q_NKINDS], const struct plan *p, const struct plan_target *t,
			const struct plan_observed *obs)
{
	static const enum plan_quota_kind of_kind[PLAN_NKINDS] = {
		[PLAN_KEYPAIR] = PLAN_Q_NKINDS, [PLAN_NETWORK] = PLAN_Q_NETWORKS, [PLAN_SUBNET] = PLAN_Q_SUBNETS,
		[PLAN_ROUTER] = PLAN_Q_ROUTERS, [PLAN_IFACE] = PLAN_Q_NKINDS, [PLAN_SECGROUP] = PLAN_Q_SECGROUPS,
		[PLAN_RULE] = PLAN_Q_RULES, [PLAN_SERVER] = PLAN_Q_INSTANCES, [PLAN_FIP] = PLAN_Q_FIPS
	};

	memset(need, 0, PLAN_Q_NKINDS * sizeof need[0]);
	for (size_t i = 0; i < p->n_actions; i++) {
		const struct plan_action *a = &p->actions[i];
		const struct plan_flavor *f = NULL;
		enum plan_quota_kind q = of_kind[a->kind];
		int sign;

		/* Only a replaced resource is surely gone before its successor is made. */
		if (a->op == PLAN_DELETE && a->pair < 0)
			continue;
		sign = a->op == PLAN_CREATE ? 1 : -1;
		if (q < PLAN_Q_NKINDS)
			need[q] += sign;
		if (a->kind == PLAN_SECGROUP)
			need[PLAN_Q_RULES] += sign * PLAN_SECGROUP_DEFAULT_RULES;
		if (a->kind != PLAN_SERVER)
			continue;
		if (a->op == PLAN_CREATE)
			f = a->role == PLAN_ROLE_MASTER ? &t->master : &t->worker;
		else
			f = quota_flavor_of(t, obs, a->id);   /* unknown size: count nothing freed */
		if (f) {
			need[PLAN_Q_CORES] += sign * f->vcpus;
			need[PLAN_Q_RAM] += sign * f->ram_mb;
		}
	}
}

int plan_check_quota(const struct plan *p, const struct plan_target *t, const struct plan_observed *obs)
{
	static const char *const nouns[PLAN_Q_NKINDS][2] = {
		{ "instance", "instances" }, { "core", "cores" }, { "MiB of RAM", "MiB of RAM" },
		{ "network", "networks" }, { "subnet", "subnets" }, { "router", "routers" },
		{ "security group", "security groups" }, { "security group rule", "security group rules" },
		{ "floating IP", "floating IPs" }
	};
	long long need[PLAN_Q_NKINDS];
	struct buf msg;
	int rc = 0;

	if (p == NULL || t == NULL || obs == NULL || p->goal == PLAN_DESTROY)
		return 0;
	quota_needs(need, p, t, obs);
	buf_init(&msg, 4096);
	for (int q = 0; q < PLAN_Q_NKINDS; q++) {
		const struct plan_quota *qu = &obs->quota[q];
		long long left;

		if (!qu->known || qu->limit < 0 || need[q] <= 0)
			continue;
		left = qu->limit > qu->used ? qu->limit - qu->used : 0;
		if (need[q] <= left)
			continue;
		buf_printf(&msg, "%sthe plan needs %lld more %s but the project has %lld of %lld left",
			    msg.len ? "; " : "", need[q], nouns[q][need[q] != 1], left, qu->limit);
	}
	if (msg.len)
		rc = err_set(ERR_CONFIG, "cluster %s would exceed its project's quota: %s; ask for fewer workers or "
			     "smaller flavors, or have the quota raised", p->cluster, msg.data);
	buf_dispose(&msg);
	return rc;
}

void plan_count(const struct plan *p, int *add, int *change, int *destroy)
{
	*add = *change = *destroy = 0;
	for (size_t i = 0; i < p->n_actions; i++) {
		if (p->actions[i].op == PLAN_CREATE)
			(*add)++;
		else
			(*destroy)++;
	}
}
