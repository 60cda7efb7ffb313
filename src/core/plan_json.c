/* plan_json: saved plans read from JSON, strictly (pure). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/json.h"
#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/spec.h"
#include "core/xmalloc.h"

#define PJ_MAX_BYTES (8u << 20)
#define PJ_MAX_DEPTH 8

static const char *const pj_action_keys[] = {
	"op", "kind", "name", "id", "detail", "role", "index", "flavor_id", "image_id", "key_name", "public_key",
	"cidr", "dns", "protocol", "port_min", "port_max", "external_network_id", "network", "subnet", "router",
	"secgroup", "server", "deps", "pair", NULL
};
static const char *const pj_root_keys[] = {
	"sparkdeck_plan", "goal", "cluster", "cluster_name", "fingerprint", "spec_digest", "observed", "actions", NULL
};
static const char *const pj_snap_keys[] = { "kind", "id", "name", "status", "attrs", NULL };
static const char *const pj_ref_keys[] = { "action", "id", NULL };

static int pj_bad(const char *where, const char *what)
{
	return err_set(ERR_PARSE, "saved plan: %s: %s; make the plan again", where, what);
}

static int pj_keys(const cJSON *o, const char *const *allowed, const char *where)
{
	char msg[160];

	if (!cJSON_IsObject(o))
		return pj_bad(where, "not an object");
	for (const cJSON *c = o->child; c; c = c->next) {
		size_t k;

		for (k = 0; allowed[k] && strcmp(allowed[k], c->string) != 0; k++)
			;
		if (allowed[k] == NULL) {
			snprintf(msg, sizeof msg, "unknown member '%.64s'", c->string);
			return pj_bad(where, msg);
		}
	}
	return 0;
}

/* A string member: copied to *out; missing is an error when required, else NULL. */
static int pj_str(const cJSON *o, const char *key, int required, char **out, const char *where)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char msg[96];

	*out = NULL;
	if (v == NULL && !required)
		return 0;
	if (!cJSON_IsString(v) || (required && *v->valuestring == '\0')) {
		snprintf(msg, sizeof msg, "'%s' must be a %sstring", key, required ? "non-empty " : "");
		return pj_bad(where, msg);
	}
	*out = xstrdup(v->valuestring);
	return 0;
}

/* An integer in lo..hi (fallback when missing). */
static int pj_int(const cJSON *v, long lo, long hi, long fallback, long *out, const char *what, const char *where)
{
	char msg[128];

	*out = fallback;
	if (v == NULL)
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < lo || v->valuedouble > hi ||
	    v->valuedouble != (double)(long)v->valuedouble) {
		if (hi < lo)
			snprintf(msg, sizeof msg, "%s: there is no earlier action", what);
		else
			snprintf(msg, sizeof msg, "%s must be an integer from %ld to %ld", what, lo, hi);
		return pj_bad(where, msg);
	}
	*out = (long)v->valuedouble;
	return 0;
}

static int pj_kind(const cJSON *o, enum plan_kind *k, const char *where)
{
	const char *s = json_get_str(o, "kind");

	for (int i = 0; s && i < PLAN_NKINDS; i++)
		if (strcmp(s, plan_json_kinds[i]) == 0) {
			*k = (enum plan_kind)i;
			return 0;
		}
	return pj_bad(where, "'kind' is not a resource kind sparkdeck knows");
}

static int pj_hash(const cJSON *root, const char *key, char out[PLAN_HASH_LEN + 1])
{
	const char *s = json_get_str(root, key);
	size_t i;

	for (i = 0; s && s[i] && ((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')); i++)
		;
	if (s == NULL || i != PLAN_HASH_LEN || s[i] != '\0')
		return pj_bad(key, "must be 16 lowercase hex digits");
	memcpy(out, s, PLAN_HASH_LEN + 1);
	return 0;
}

static int pj_read_snaps(struct plan *p, const cJSON *arr)
{
	char where[48];
	const cJSON *o;
	int rc = 0;

	if (!cJSON_IsArray(arr))
		return pj_bad("observed", "must be an array");
	p->snaps = xcalloc((size_t)cJSON_GetArraySize(arr) + 1, sizeof *p->snaps);
	cJSON_ArrayForEach(o, arr) {
		struct plan_snap *s = &p->snaps[p->n_snaps];

		snprintf(where, sizeof where, "observed[%zu]", p->n_snaps);
		p->n_snaps++;
		if ((rc = pj_keys(o, pj_snap_keys, where)) < 0 || (rc = pj_kind(o, &s->kind, where)) < 0 ||
		    (rc = pj_str(o, "id", 1, &s->id, where)) < 0 || (rc = pj_str(o, "name", 1, &s->name, where)) < 0 ||
		    (rc = pj_str(o, "status", 0, &s->status, where)) < 0 || (rc = pj_str(o, "attrs", 0, &s->attrs, where)) < 0)
			return rc;
		if (s->status == NULL || s->attrs == NULL)
			return pj_bad(where, "'status' and 'attrs' are required");
	}
	return 0;
}

/* A reference: {"action": N} to an earlier create of kind, or {"id": "..."}. */
static int pj_read_ref(struct plan *p, size_t i, const cJSON *o, const char *key, enum plan_kind kind,
		       struct plan_ref *r, const char *where)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	char sub[96];
	long a;
	int rc;

	if (v == NULL)
		return 0;
	snprintf(sub, sizeof sub, "%s.%s", where, key);
	if ((rc = pj_keys(v, pj_ref_keys, sub)) < 0 || (rc = pj_str(v, "id", 0, &r->id, sub)) < 0 ||
	    (rc = pj_int(cJSON_GetObjectItemCaseSensitive(v, "action"), 0, (long)i - 1, -1, &a, "'action'", sub)) < 0)
		return rc;
	r->action = a;
	if ((r->id == NULL) == (a < 0))
		return pj_bad(sub, "needs exactly one of 'action' (an earlier action) and 'id'");
	if (a >= 0 && (p->actions[a].op != PLAN_CREATE || p->actions[a].kind != kind))
		return pj_bad(sub, "does not name an earlier create of the right kind");
	return 0;
}

static int pj_read_lists(struct plan_action *a, size_t i, const cJSON *o, const char *where)
{
	const cJSON *deps = cJSON_GetObjectItemCaseSensitive(o, "deps"), *dns = cJSON_GetObjectItemCaseSensitive(o, "dns");
	const cJSON *v;
	long d;
	int rc;

	if (!cJSON_IsArray(deps))
		return pj_bad(where, "'deps' must be an array");
	cJSON_ArrayForEach(v, deps) {
		if ((rc = pj_int(v, 0, (long)i - 1, -1, &d, "each of 'deps' (an earlier action)", where)) < 0)
			return rc;
		a->deps = xreallocarray(a->deps, a->n_deps + 1, sizeof *a->deps);
		a->deps[a->n_deps++] = (size_t)d;
	}
	if (dns && !cJSON_IsArray(dns))
		return pj_bad(where, "'dns' must be an array of strings");
	cJSON_ArrayForEach(v, dns) {
		if (!cJSON_IsString(v))
			return pj_bad(where, "'dns' must be an array of strings");
		a->dns = xreallocarray(a->dns, a->n_dns + 1, sizeof *a->dns);
		a->dns[a->n_dns++] = xstrdup(v->valuestring);
	}
	return 0;
}

/* What each kind of action cannot do without, so an apply can trust a loaded plan. */
static int pj_check_action(const struct plan_action *a, const char *where)
{
	int ok = 1;

#define PJ_REF(r) ((r).action >= 0 || (r).id != NULL)
	if (a->op == PLAN_DELETE)
		ok = a->id != NULL && (a->kind != PLAN_IFACE || a->subnet.id != NULL) && a->kind != PLAN_RULE;
	else if (a->name == NULL)
		ok = 0;
	else if (a->kind == PLAN_KEYPAIR)
		ok = a->public_key != NULL;
	else if (a->kind == PLAN_SUBNET)
		ok = a->cidr != NULL && PJ_REF(a->network);
	else if (a->kind == PLAN_ROUTER)
		ok = a->external_network_id != NULL;
	else if (a->kind == PLAN_IFACE)
		ok = PJ_REF(a->router) && PJ_REF(a->subnet);
	else if (a->kind == PLAN_RULE)
		ok = a->cidr != NULL && PJ_REF(a->secgroup) && (a->port_min || a->port_max ? a->protocol != NULL : 1);
	else if (a->kind == PLAN_SERVER)
		ok = a->flavor_id && a->image_id && a->key_name && PJ_REF(a->network) && PJ_REF(a->secgroup) &&
		     a->role != PLAN_ROLE_NONE && (a->role == PLAN_ROLE_MASTER) == (a->index == 0);
	else if (a->kind == PLAN_FIP)
		ok = a->external_network_id != NULL && PJ_REF(a->server);
#undef PJ_REF
	return ok ? 0 : pj_bad(where, "lacks what this kind of action needs");
}

static int pj_read_action(struct plan *p, size_t i, const cJSON *o)
{
	struct plan_action *a = &p->actions[i];
	const char *op = json_get_str(o, "op"), *role = json_get_str(o, "role");
	char where[32];
	long v;
	int rc;

	snprintf(where, sizeof where, "actions[%zu]", i);
	if ((rc = pj_keys(o, pj_action_keys, where)) < 0 || (rc = pj_kind(o, &a->kind, where)) < 0)
		return rc;
	if (op && (strcmp(op, "create") == 0 || strcmp(op, "delete") == 0))
		a->op = strcmp(op, "create") == 0 ? PLAN_CREATE : PLAN_DELETE;
	else
		return pj_bad(where, "'op' must be \"create\" or \"delete\"");
	if (role && strcmp(role, "master") != 0 && strcmp(role, "worker") != 0)
		return pj_bad(where, "'role' must be \"master\" or \"worker\"");
	a->role = role == NULL ? PLAN_ROLE_NONE : strcmp(role, "master") == 0 ? PLAN_ROLE_MASTER : PLAN_ROLE_WORKER;
	if ((rc = pj_str(o, "name", 0, &a->name, where)) < 0 || (rc = pj_str(o, "id", 0, &a->id, where)) < 0 ||
	    (rc = pj_str(o, "detail", 0, &a->detail, where)) < 0 || (rc = pj_str(o, "flavor_id", 0, &a->flavor_id, where)) < 0 ||
	    (rc = pj_str(o, "image_id", 0, &a->image_id, where)) < 0 || (rc = pj_str(o, "key_name", 0, &a->key_name, where)) < 0 ||
	    (rc = pj_str(o, "public_key", 0, &a->public_key, where)) < 0 || (rc = pj_str(o, "cidr", 0, &a->cidr, where)) < 0 ||
	    (rc = pj_str(o, "protocol", 0, &a->protocol, where)) < 0 ||
	    (rc = pj_str(o, "external_network_id", 0, &a->external_network_id, where)) < 0)
		return rc;
	if ((rc = pj_int(cJSON_GetObjectItemCaseSensitive(o, "index"), 0, SPEC_WORKERS_MAX * 100, 0, &v, "'index'", where)) < 0)
		return rc;
	a->index = (int)v;
	if ((rc = pj_int(cJSON_GetObjectItemCaseSensitive(o, "port_min"), 0, 65535, 0, &v, "'port_min'", where)) < 0)
		return rc;
	a->port_min = (int)v;
	if ((rc = pj_int(cJSON_GetObjectItemCaseSensitive(o, "port_max"), 0, 65535, 0, &v, "'port_max'", where)) < 0)
		return rc;
	a->port_max = (int)v;
	if ((rc = pj_int(cJSON_GetObjectItemCaseSensitive(o, "pair"), 0, (long)p->n_actions - 1, -1, &v, "'pair'", where)) < 0)
		return rc;
	a->pair = v;
	if ((rc = pj_read_ref(p, i, o, "network", PLAN_NETWORK, &a->network, where)) < 0 ||
	    (rc = pj_read_ref(p, i, o, "subnet", PLAN_SUBNET, &a->subnet, where)) < 0 ||
	    (rc = pj_read_ref(p, i, o, "router", PLAN_ROUTER, &a->router, where)) < 0 ||
	    (rc = pj_read_ref(p, i, o, "secgroup", PLAN_SECGROUP, &a->secgroup, where)) < 0 ||
	    (rc = pj_read_ref(p, i, o, "server", PLAN_SERVER, &a->server, where)) < 0 ||
	    (rc = pj_read_lists(a, i, o, where)) < 0)
		return rc;
	return pj_check_action(a, where);
}

/* Every -/+ is a delete and a later create of the same kind naming each other. */
static int pj_check_pairs(const struct plan *p)
{
	char where[32];

	for (size_t i = 0; i < p->n_actions; i++) {
		const struct plan_action *a = &p->actions[i], *b;

		if (a->pair < 0)
			continue;
		b = &p->actions[a->pair];
		snprintf(where, sizeof where, "actions[%zu]", i);
		if ((size_t)a->pair == i || b->pair != (long)i || b->kind != a->kind || b->op == a->op ||
		    (a->op == PLAN_DELETE) != ((size_t)a->pair > i))
			return pj_bad(where, "'pair' must name the other half of a replace (a later create for a delete)");
	}
	return 0;
}

int plan_from_json(struct plan *out, const char *text, size_t len)
{
	const cJSON *actions, *o;
	cJSON *root = NULL;
	char goal_msg[128], fp[PLAN_HASH_LEN + 1];
	long version;
	int rc;

	memset(out, 0, sizeof *out);
	if (len > PJ_MAX_BYTES) {
		rc = err_set(ERR_TOOBIG, "saved plan: %zu bytes, more than a plan ever takes (%u)", len, PJ_MAX_BYTES);
		goto out;
	}
	if ((rc = json_parse(&root, text, len, PJ_MAX_DEPTH)) < 0) {
		rc = err_wrap(rc, "saved plan");
		goto out;
	}
	if ((rc = pj_keys(root, pj_root_keys, "the document")) < 0)
		goto out;
	if ((rc = pj_int(cJSON_GetObjectItemCaseSensitive(root, "sparkdeck_plan"), 0, 1000000, 0, &version,
			 "'sparkdeck_plan'", "the document")) < 0)
		goto out;
	if (version != PLAN_JSON_VERSION) {
		snprintf(goal_msg, sizeof goal_msg, "version %ld is not one this sparkdeck reads (%d)", version,
			 PLAN_JSON_VERSION);
		rc = pj_bad("sparkdeck_plan", goal_msg);
		goto out;
	}
	if (plan_goal_parse(&out->goal, json_get_str(root, "goal")) < 0) {
		snprintf(goal_msg, sizeof goal_msg, "unknown goal '%.32s' (up, update or destroy)",
			 json_get_str(root, "goal") ? json_get_str(root, "goal") : "");
		rc = pj_bad("goal", goal_msg);
		goto out;
	}
	if ((rc = pj_str(root, "cluster", 1, &out->cluster, "the document")) < 0 ||
	    (rc = pj_str(root, "cluster_name", 1, &out->cluster_name, "the document")) < 0)
		goto out;
	if (spec_check_ref(out->cluster) < 0) {
		rc = pj_bad("cluster", "not a cluster ref KIND/NAME");
		goto out;
	}
	if ((rc = pj_hash(root, "fingerprint", out->fingerprint)) < 0 ||
	    (rc = pj_hash(root, "spec_digest", out->spec_digest)) < 0 ||
	    (rc = pj_read_snaps(out, cJSON_GetObjectItemCaseSensitive(root, "observed"))) < 0)
		goto out;
	plan_fingerprint(fp, out->snaps, out->n_snaps);
	if (strcmp(fp, out->fingerprint) != 0) {
		rc = pj_bad("fingerprint", "does not match the observed resources listed");
		goto out;
	}
	actions = cJSON_GetObjectItemCaseSensitive(root, "actions");
	if (!cJSON_IsArray(actions)) {
		rc = pj_bad("actions", "must be an array");
		goto out;
	}
	out->n_actions = (size_t)cJSON_GetArraySize(actions);
	out->actions = xcalloc(out->n_actions + 1, sizeof *out->actions);
	for (size_t i = 0; i < out->n_actions; i++) {
		out->actions[i].pair = -1;
		out->actions[i].network.action = out->actions[i].subnet.action = out->actions[i].router.action = -1;
		out->actions[i].secgroup.action = out->actions[i].server.action = -1;
	}
	o = actions->child;
	for (size_t i = 0; i < out->n_actions; i++, o = o->next)
		if ((rc = pj_read_action(out, i, o)) < 0)
			goto out;
	rc = pj_check_pairs(out);
out:
	cJSON_Delete(root);
	return rc;
}
