/* plan: names and marks of a cluster's resources, and the helpers the plan engine shares (pure). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/spec.h"
#include "core/xmalloc.h"

/* A growable NULL-terminated string vector. */
struct plan_strv {
	char **v;
	size_t n;
};

static void plan_strv_push(struct plan_strv *s, char *owned)
{
	s->v = xreallocarray(s->v, s->n + 2, sizeof *s->v);
	s->v[s->n++] = owned;
	s->v[s->n] = NULL;
}

void plan_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

char *plan_server_name(const char *cluster_name, enum plan_role role, int index)
{
	if (role == PLAN_ROLE_MASTER)
		return xasprintf("%s-master", cluster_name);
	return xasprintf("%s-worker-%d", cluster_name, index);
}

char *plan_net_name(const char *cluster_name)
{
	return xasprintf(PLAN_NAME_PREFIX "%s", cluster_name);
}

char *plan_keypair_name(const char *cluster_name)
{
	char *s = xasprintf(PLAN_NAME_PREFIX "%s", cluster_name);

	for (char *c = s; *c; c++)
		if (*c == '.')
			*c = '_';
	return s;
}

char **plan_tags(const char *cluster)
{
	struct plan_strv s = { NULL, 0 };

	plan_strv_push(&s, xstrdup(MODEL_TAG));
	plan_strv_push(&s, xasprintf(PLAN_TAG_CLUSTER_PREFIX "%s", cluster));
	return s.v;
}

char **plan_server_metadata(const char *cluster, enum plan_role role, int index)
{
	struct plan_strv s = { NULL, 0 };

	plan_strv_push(&s, xstrdup(PLAN_META_CLUSTER));
	plan_strv_push(&s, xstrdup(cluster));
	plan_strv_push(&s, xstrdup(PLAN_META_ROLE));
	plan_strv_push(&s, xstrdup(role == PLAN_ROLE_MASTER ? "master" : "worker"));
	if (role == PLAN_ROLE_WORKER) {
		plan_strv_push(&s, xstrdup(PLAN_META_INDEX));
		plan_strv_push(&s, xasprintf("%d", index));
	}
	return s.v;
}

char *plan_description(const char *cluster)
{
	return xasprintf("sparkdeck cluster %s", cluster);
}

int plan_tags_match(const char *const *tags, size_t n, const char *cluster)
{
	size_t plen = strlen(PLAN_TAG_CLUSTER_PREFIX);
	int own = 0, ours = 0;

	for (size_t i = 0; i < n && tags; i++) {
		if (tags[i] == NULL)
			continue;
		if (strcmp(tags[i], MODEL_TAG) == 0)
			own = 1;
		else if (strncmp(tags[i], PLAN_TAG_CLUSTER_PREFIX, plen) == 0 && strcmp(tags[i] + plen, cluster) == 0)
			ours = 1;
	}
	return own && ours;
}

const char *plan_kind_name(enum plan_kind k)
{
	static const char *const names[PLAN_NKINDS] = {
		"keypair", "network", "subnet", "router", "router interface", "security group",
		"security group rule", "server", "floating IP"
	};

	return k < PLAN_NKINDS ? names[k] : "resource";
}

const char *plan_goal_name(enum plan_goal g)
{
	return g == PLAN_UP ? "up" : g == PLAN_UPDATE ? "update" : "destroy";
}

int plan_goal_parse(enum plan_goal *g, const char *name)
{
	if (name && strcmp(name, "up") == 0)
		*g = PLAN_UP;
	else if (name && strcmp(name, "update") == 0)
		*g = PLAN_UPDATE;
	else if (name && strcmp(name, "destroy") == 0)
		*g = PLAN_DESTROY;
	else
		return err_set(ERR_INVALID, "unknown plan goal '%s': use up, update or destroy", name ? name : "");
	return 0;
}

uint64_t plan_fnv_str(uint64_t h, const char *s)
{
	if (s == NULL) {
		h = (h ^ 0x01u) * PLAN_FNV_PRIME;   /* NULL differs from "" */
	} else {
		for (const unsigned char *c = (const unsigned char *)s; *c; c++)
			h = (h ^ *c) * PLAN_FNV_PRIME;
	}
	return (h ^ 0x00u) * PLAN_FNV_PRIME;    /* the separator */
}

void plan_hash_hex(char out[PLAN_HASH_LEN + 1], uint64_t h)
{
	snprintf(out, PLAN_HASH_LEN + 1, "%016llx", (unsigned long long)h);
}

static uint64_t plan_fnv_int(uint64_t h, long long v)
{
	char buf[32];

	snprintf(buf, sizeof buf, "%lld", v);
	return plan_fnv_str(h, buf);
}

static uint64_t plan_fnv_strs(uint64_t h, char *const *v, size_t n)
{
	h = plan_fnv_int(h, (long long)n);
	for (size_t i = 0; i < n; i++)
		h = plan_fnv_str(h, v[i]);
	return h;
}

void plan_spec_digest(char out[PLAN_HASH_LEN + 1], const struct spec *s)
{
	uint64_t h = PLAN_FNV_OFFSET;

	h = plan_fnv_str(h, s->ref);
	h = plan_fnv_str(h, s->cluster_name);
	h = plan_fnv_str(h, s->image);
	h = plan_fnv_str(h, s->master_flavor);
	h = plan_fnv_str(h, s->worker_flavor);
	h = plan_fnv_int(h, s->workers);
	h = plan_fnv_str(h, s->cidr);
	h = plan_fnv_str(h, s->external_network);
	h = plan_fnv_strs(h, s->dns, s->n_dns);
	h = plan_fnv_strs(h, s->ssh_cidrs, s->n_ssh_cidrs);
	h = plan_fnv_strs(h, s->ui_cidrs, s->n_ui_cidrs);
	h = plan_fnv_str(h, s->public_key);
	h = plan_fnv_int(h, s->floating_ip);
	h = plan_fnv_str(h, s->ssh_user);
	h = plan_fnv_int(h, s->master_port);
	h = plan_fnv_int(h, s->ui_port);
	h = plan_fnv_int(h, s->worker_cores);
	h = plan_fnv_int(h, s->worker_memory_mb);
	h = plan_fnv_str(h, s->master_user_data);
	h = plan_fnv_str(h, s->worker_user_data);
	plan_hash_hex(out, h);
}

size_t plan_add(struct plan *p, enum plan_op op, enum plan_kind kind)
{
	struct plan_action *a;

	p->actions = xreallocarray(p->actions, p->n_actions + 1, sizeof *p->actions);
	a = &p->actions[p->n_actions];
	memset(a, 0, sizeof *a);
	a->op = op;
	a->kind = kind;
	a->pair = -1;
	a->network.action = a->subnet.action = a->router.action = -1;
	a->secgroup.action = a->server.action = -1;
	return p->n_actions++;
}

void plan_dep(struct plan *p, size_t i, size_t dep)
{
	struct plan_action *a = &p->actions[i];

	if (dep >= i)
		return;
	for (size_t k = 0; k < a->n_deps; k++)
		if (a->deps[k] == dep)
			return;
	a->deps = xreallocarray(a->deps, a->n_deps + 1, sizeof *a->deps);
	a->deps[a->n_deps++] = dep;
}

void plan_action_dispose(struct plan_action *a)
{
	free(a->name);
	free(a->id);
	free(a->detail);
	free(a->flavor_id);
	free(a->image_id);
	free(a->key_name);
	free(a->public_key);
	free(a->cidr);
	for (size_t i = 0; i < a->n_dns; i++)
		free(a->dns[i]);
	free(a->dns);
	free(a->protocol);
	free(a->external_network_id);
	free(a->network.id);
	free(a->subnet.id);
	free(a->router.id);
	free(a->secgroup.id);
	free(a->server.id);
	free(a->deps);
}

void plan_dispose(struct plan *p)
{
	for (size_t i = 0; i < p->n_actions; i++)
		plan_action_dispose(&p->actions[i]);
	free(p->actions);
	plan_snaps_free(p->snaps, p->n_snaps);
	free(p->cluster);
	free(p->cluster_name);
	memset(p, 0, sizeof *p);
}

enum plan_role plan_seen_role(const struct plan_seen *s)
{
	if (s->role && strcmp(s->role, "master") == 0)
		return PLAN_ROLE_MASTER;
	if (s->role && strcmp(s->role, "worker") == 0)
		return PLAN_ROLE_WORKER;
	return PLAN_ROLE_NONE;
}

int plan_seen_index(const struct plan_seen *s)
{
	const char *c = s->index;
	long v = 0;

	if (c == NULL || *c < '1' || *c > '9')
		return 0;
	for (; *c; c++) {
		if (*c < '0' || *c > '9')
			return 0;
		v = v * 10 + (*c - '0');
		if (v > 100000)
			return 0;
	}
	return (int)v;
}

static int plan_id_in(const char *id, const struct plan_seen **v, size_t n, enum plan_kind kind)
{
	for (size_t i = 0; id && i < n; i++)
		if (v[i]->kind == kind && v[i]->id && strcmp(v[i]->id, id) == 0)
			return 1;
	return 0;
}

const struct plan_seen **plan_ours(const struct plan_observed *obs, const char *cluster, const char *cluster_name,
				   size_t *n)
{
	const struct plan_seen **v = NULL;
	char *keypair = plan_keypair_name(cluster_name);
	size_t i, k = 0;
	int pass;

	*n = 0;
	if (obs == NULL || obs->n_res == 0)
		goto out;
	v = xcalloc(obs->n_res, sizeof *v);
	/* Pass 0: what carries marks itself; pass 1: interfaces and rules, through their router or group. */
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < obs->n_res; i++) {
			const struct plan_seen *s = &obs->res[i];
			int ok = 0;

			if (s->id == NULL || *s->id == '\0')
				continue;
			switch (s->kind) {
			case PLAN_SERVER:
				ok = pass == 0 && s->cluster && strcmp(s->cluster, cluster) == 0;
				break;
			case PLAN_KEYPAIR:
				ok = pass == 0 && strcmp(s->id, keypair) == 0;
				break;
			case PLAN_NETWORK: case PLAN_SUBNET: case PLAN_ROUTER: case PLAN_SECGROUP: case PLAN_FIP:
				ok = pass == 0 && plan_tags_match(s->tags, s->n_tags, cluster);
				break;
			case PLAN_IFACE:
				ok = pass == 1 && s->subnet_id && plan_id_in(s->id, v, k, PLAN_ROUTER);
				break;
			case PLAN_RULE:
				ok = pass == 1 && plan_id_in(s->secgroup_id, v, k, PLAN_SECGROUP);
				break;
			default:
				break;
			}
			if (ok)
				v[k++] = s;
		}
	}
	*n = k;
	if (k == 0) {
		free(v);
		v = NULL;
	}
out:
	free(keypair);
	return v;
}

char *plan_rule_text(const char *protocol, int port_min, int port_max, const char *remote_cidr)
{
	const char *from = remote_cidr && *remote_cidr ? remote_cidr : "anywhere";

	if (port_min == 0 && port_max == 0)
		return protocol && *protocol ? xasprintf("%s from %s", protocol, from)
					     : xasprintf("all traffic from %s", from);
	if (port_min == port_max)
		return xasprintf("%s %d from %s", protocol ? protocol : "any", port_min, from);
	return xasprintf("%s %d-%d from %s", protocol ? protocol : "any", port_min, port_max, from);
}

int plan_str_eq(const char *a, const char *b)
{
	return strcmp(a ? a : "", b ? b : "") == 0;
}
