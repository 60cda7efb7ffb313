/* plan_json_write: saved plans as JSON (pure; no secrets: no tokens, no user data). */
#include "autoconfig.h"

#include <stdlib.h>

#include <cjson/cJSON.h>

#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/xmalloc.h"

/* How kinds are spelled in a saved plan. */
const char *const plan_json_kinds[PLAN_NKINDS] = {
	"keypair", "network", "subnet", "router", "router_interface", "security_group", "security_group_rule",
	"server", "floating_ip"
};

static void pj_opt(cJSON *o, const char *key, const char *v)
{
	if (v)
		cJSON_AddStringToObject(o, key, v);
}

static void pj_ref(cJSON *o, const char *key, const struct plan_ref *r)
{
	cJSON *j;

	if (r->action < 0 && r->id == NULL)
		return;
	j = cJSON_AddObjectToObject(o, key);
	if (r->action >= 0)
		cJSON_AddNumberToObject(j, "action", (double)r->action);
	else
		cJSON_AddStringToObject(j, "id", r->id);
}

static cJSON *pj_action(const struct plan_action *a)
{
	cJSON *o = cJSON_CreateObject(), *v;

	cJSON_AddStringToObject(o, "op", a->op == PLAN_CREATE ? "create" : "delete");
	cJSON_AddStringToObject(o, "kind", plan_json_kinds[a->kind]);
	pj_opt(o, "name", a->name);
	pj_opt(o, "id", a->id);
	pj_opt(o, "detail", a->detail);
	if (a->role != PLAN_ROLE_NONE)
		cJSON_AddStringToObject(o, "role", a->role == PLAN_ROLE_MASTER ? "master" : "worker");
	if (a->index)
		cJSON_AddNumberToObject(o, "index", a->index);
	pj_opt(o, "flavor_id", a->flavor_id);
	pj_opt(o, "image_id", a->image_id);
	pj_opt(o, "key_name", a->key_name);
	pj_opt(o, "public_key", a->public_key);
	pj_opt(o, "cidr", a->cidr);
	if (a->n_dns) {
		v = cJSON_AddArrayToObject(o, "dns");
		for (size_t i = 0; i < a->n_dns; i++)
			cJSON_AddItemToArray(v, cJSON_CreateString(a->dns[i]));
	}
	pj_opt(o, "protocol", a->protocol);
	if (a->kind == PLAN_RULE && a->op == PLAN_CREATE) {
		cJSON_AddNumberToObject(o, "port_min", a->port_min);
		cJSON_AddNumberToObject(o, "port_max", a->port_max);
	}
	pj_opt(o, "external_network_id", a->external_network_id);
	pj_ref(o, "network", &a->network);
	pj_ref(o, "subnet", &a->subnet);
	pj_ref(o, "router", &a->router);
	pj_ref(o, "secgroup", &a->secgroup);
	pj_ref(o, "server", &a->server);
	v = cJSON_AddArrayToObject(o, "deps");
	for (size_t i = 0; i < a->n_deps; i++)
		cJSON_AddItemToArray(v, cJSON_CreateNumber((double)a->deps[i]));
	if (a->pair >= 0)
		cJSON_AddNumberToObject(o, "pair", (double)a->pair);
	return o;
}

char *plan_to_json(const struct plan *p)
{
	cJSON *root = cJSON_CreateObject(), *arr, *o;
	char *text, *out;
	size_t i;

	cJSON_AddNumberToObject(root, "sparkdeck_plan", PLAN_JSON_VERSION);
	cJSON_AddStringToObject(root, "goal", plan_goal_name(p->goal));
	cJSON_AddStringToObject(root, "cluster", p->cluster ? p->cluster : "");
	cJSON_AddStringToObject(root, "cluster_name", p->cluster_name ? p->cluster_name : "");
	cJSON_AddStringToObject(root, "fingerprint", p->fingerprint);
	cJSON_AddStringToObject(root, "spec_digest", p->spec_digest);
	arr = cJSON_AddArrayToObject(root, "observed");
	for (i = 0; i < p->n_snaps; i++) {
		o = cJSON_CreateObject();
		cJSON_AddStringToObject(o, "kind", plan_json_kinds[p->snaps[i].kind]);
		cJSON_AddStringToObject(o, "id", p->snaps[i].id);
		cJSON_AddStringToObject(o, "name", p->snaps[i].name);
		cJSON_AddStringToObject(o, "status", p->snaps[i].status);
		cJSON_AddStringToObject(o, "attrs", p->snaps[i].attrs);
		cJSON_AddItemToArray(arr, o);
	}
	arr = cJSON_AddArrayToObject(root, "actions");
	for (i = 0; i < p->n_actions; i++)
		cJSON_AddItemToArray(arr, pj_action(&p->actions[i]));
	text = cJSON_Print(root);
	out = xasprintf("%s\n", text ? text : "{}");
	cJSON_free(text);
	cJSON_Delete(root);
	return out;
}

