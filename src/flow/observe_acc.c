/* observe_acc: sort what discovery's lists bring into kept resources, and hand them over (no I/O). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/ops.h"
#include "core/buf.h"
#include "core/discover.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/observe_internal.h"

/* Where a result's resources live: what obs.res points into. */
struct flow_observe_mem {
	struct plan_seen *seen;
	void **owned;
	size_t n_owned;
};

void obs_acc_init(struct obs_acc *a, const char *cluster)
{
	memset(a, 0, sizeof *a);
	if (cluster) {
		char *name = discover_cluster_name(cluster);

		a->cluster = xstrdup(cluster);
		a->keypair = plan_keypair_name(name);
		free(name);
	}
}

static void obs_owned_free(void **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void obs_acc_dispose(struct obs_acc *a)
{
	free(a->cluster);
	free(a->keypair);
	free(a->seen);
	obs_owned_free(a->owned, a->n_owned);
	for (size_t i = 0; i < a->n_keypairs; i++)
		free(a->keypairs[i]);
	free(a->keypairs);
	plan_strv_free(a->warnings);
	memset(a, 0, sizeof *a);
}

char *obs_description_query(const char *cluster)
{
	char *desc = plan_description(cluster), *enc = cloud_call_encode(desc), *q = xasprintf("description=%s", enc);

	free(enc);
	free(desc);
	return q;
}

char *obs_tags_query(const char *cluster)
{
	char *tag, *enc, *q;

	if (cluster == NULL)
		return xstrdup("tags=" MODEL_TAG);
	tag = xasprintf(PLAN_TAG_CLUSTER_PREFIX "%s", cluster);
	enc = cloud_call_encode(tag);
	q = xasprintf("tags=" MODEL_TAG ",%s", enc);      /* the ',' separates the tags: all must match */
	free(enc);
	free(tag);
	return q;
}

/* A copy of s that a owns (NULL stays NULL). */
static char *obs_dup(struct obs_acc *a, const char *s)
{
	if (s == NULL)
		return NULL;
	a->owned = xreallocarray(a->owned, a->n_owned + 1, sizeof *a->owned);
	a->owned[a->n_owned] = xstrdup(s);
	return a->owned[a->n_owned++];
}

/* A new kept resource of kind k with its id and name (copied). */
static struct plan_seen *obs_add(struct obs_acc *a, enum plan_kind k, const char *id, const char *name)
{
	struct plan_seen *s;

	a->seen = xreallocarray(a->seen, a->n_seen + 1, sizeof *a->seen);
	s = &a->seen[a->n_seen++];
	memset(s, 0, sizeof *s);
	s->kind = k;
	s->id = obs_dup(a, id);
	s->name = obs_dup(a, name);
	return s;
}

/* The kept resource of kind k with id, or NULL. */
static struct plan_seen *obs_find(struct obs_acc *a, enum plan_kind k, const char *id)
{
	for (size_t i = 0; id && i < a->n_seen; i++)
		if (a->seen[i].kind == k && strcmp(a->seen[i].id, id) == 0)
			return &a->seen[i];
	return NULL;
}

void obs_acc_server(struct obs_acc *a, const struct server *v)
{
	struct plan_seen *s;

	if (v->id == NULL || v->cluster == NULL || *v->cluster == '\0' ||
	    (a->cluster && strcmp(v->cluster, a->cluster) != 0))
		return;
	s = obs_add(a, PLAN_SERVER, v->id, v->name);
	s->cluster = obs_dup(a, v->cluster);
	s->role = obs_dup(a, v->role);
	s->index = obs_dup(a, v->index);
	s->status = obs_dup(a, v->status);
	s->flavor_name = obs_dup(a, v->flavor);   /* Nova 2.47 gives the flavor's name, not its id */
	s->image_id = obs_dup(a, v->image_id);
	s->fault = obs_dup(a, v->fault);
}

void obs_acc_keypair(struct obs_acc *a, const char *name)
{
	if (name == NULL)
		return;
	if (a->cluster) {
		if (strcmp(name, a->keypair) == 0)
			obs_add(a, PLAN_KEYPAIR, name, name);
		return;
	}
	if (strncmp(name, PLAN_NAME_PREFIX, strlen(PLAN_NAME_PREFIX)) != 0)
		return;
	a->keypairs = xreallocarray(a->keypairs, a->n_keypairs + 1, sizeof *a->keypairs);
	a->keypairs[a->n_keypairs++] = xstrdup(name);
}

/* 1 if tags carry the marks of the cluster (any cluster's for every cluster). */
static int obs_tags_ours(const struct obs_acc *a, char *const *tags, size_t n)
{
	const char *const *t = (const char *const *)tags;

	return a->cluster ? plan_tags_match(t, n, a->cluster) : discover_tag_cluster(t, n) != NULL;
}

/* 1 if r carries the cluster's description but not its tags: made by an apply killed before it could tag it. */
static int obs_described_ours(const struct obs_acc *a, const struct net_resource *r)
{
	char *want;
	int ours;

	if (a->cluster == NULL || r->description == NULL)
		return 0;
	want = plan_description(a->cluster);
	ours = strcmp(r->description, want) == 0;
	free(want);
	return ours;
}

static void obs_tagged(struct obs_acc *a, enum plan_kind k, const struct net_resource *r)
{
	struct plan_seen *s;
	char **tags, **mark = NULL;
	size_t n = r->n_tags;

	if (obs_find(a, k, r->id))
		return;
	if (!obs_tags_ours(a, r->tags, r->n_tags)) {
		if (!obs_described_ours(a, r))
			return;
		mark = plan_tags(a->cluster);   /* it is ours: count it as marked */
		for (n = 0; mark[n]; n++)
			;
	}
	s = obs_add(a, k, r->id, r->name);
	tags = xcalloc(n + 1, sizeof *tags);
	for (size_t i = 0; i < n; i++)
		tags[i] = obs_dup(a, mark ? mark[i] : r->tags[i]);
	plan_strv_free(mark);
	a->owned = xreallocarray(a->owned, a->n_owned + 1, sizeof *a->owned);
	a->owned[a->n_owned++] = tags;
	s->tags = (const char *const *)tags;
	s->n_tags = n;
	s->status = obs_dup(a, r->status);
	s->cidr = obs_dup(a, r->cidr);
	s->network_id = obs_dup(a, k == PLAN_ROUTER ? r->gateway_network_id : r->network_id);
	s->port_id = obs_dup(a, r->port_id);
	s->address = obs_dup(a, r->address);
}

/* Keep an ingress IPv4 rule of a kept group that names no remote group. */
static void obs_rule(struct obs_acc *a, const struct net_resource *r)
{
	struct plan_seen *s;

	if (!obs_find(a, PLAN_SECGROUP, r->security_group_id) || obs_find(a, PLAN_RULE, r->id) ||
	    r->direction == NULL || strcmp(r->direction, "ingress") != 0 || r->ethertype == NULL ||
	    strcmp(r->ethertype, "IPv4") != 0 || r->remote_group_id != NULL)
		return;
	s = obs_add(a, PLAN_RULE, r->id, NULL);
	s->secgroup_id = obs_dup(a, r->security_group_id);
	s->protocol = obs_dup(a, r->protocol);
	s->port_min = r->port_min;
	s->port_max = r->port_max;
	s->remote_cidr = obs_dup(a, r->remote_ip_prefix);
}

/* 1 if a port with this device_owner is a router's interface to a subnet. */
static int obs_is_interface(const char *owner)
{
	return owner && (strcmp(owner, "network:router_interface") == 0 ||
			 strcmp(owner, "network:router_interface_distributed") == 0 ||
			 strcmp(owner, "network:ha_router_replicated_interface") == 0);
}

/* A port: a kept router's interface, and the server of the kept floating IPs on it. */
static void obs_port(struct obs_acc *a, const struct net_resource *r)
{
	const struct plan_seen *router = obs_find(a, PLAN_ROUTER, r->device_id);
	int compute = r->device_owner && strncmp(r->device_owner, "compute:", 8) == 0;
	struct plan_seen *s;
	size_t i;

	if (router && obs_is_interface(r->device_owner) && r->subnet_id) {
		for (i = 0; i < a->n_seen; i++)
			if (a->seen[i].kind == PLAN_IFACE && strcmp(a->seen[i].id, router->id) == 0 &&
			    strcmp(a->seen[i].subnet_id, r->subnet_id) == 0)
				break;
		if (i == a->n_seen) {
			char *id = xstrdup(router->id), *name = router->name ? xstrdup(router->name) : NULL;

			s = obs_add(a, PLAN_IFACE, id, name);   /* moves seen: router is stale now */
			s->subnet_id = obs_dup(a, r->subnet_id);
			s->status = obs_dup(a, r->status);
			free(id);
			free(name);
		}
	}
	for (i = 0; compute && r->device_id && i < a->n_seen; i++)
		if (a->seen[i].kind == PLAN_FIP && a->seen[i].port_id && strcmp(a->seen[i].port_id, r->id) == 0)
			a->seen[i].server_id = obs_dup(a, r->device_id);
}

void obs_acc_net(struct obs_acc *a, const struct net_resource *r)
{
	static const enum plan_kind kinds[NET_NKINDS] = {
		[NET_NETWORK] = PLAN_NETWORK, [NET_SUBNET] = PLAN_SUBNET, [NET_ROUTER] = PLAN_ROUTER,
		[NET_SECGROUP] = PLAN_SECGROUP, [NET_FIP] = PLAN_FIP, [NET_PORT] = PLAN_NKINDS,
		[NET_RULE] = PLAN_RULE,
	};

	if (r->id == NULL || (int)r->kind < 0 || r->kind >= NET_NKINDS)
		return;
	if (r->kind == NET_PORT)
		obs_port(a, r);
	else if (r->kind == NET_RULE)
		obs_rule(a, r);
	else
		obs_tagged(a, kinds[r->kind], r);
}

void obs_acc_limits(struct obs_acc *a, const struct cloud_limits *l)
{
	const struct cloud_quota *from[PLAN_Q_NKINDS] = {
		[PLAN_Q_INSTANCES] = &l->instances, [PLAN_Q_CORES] = &l->cores, [PLAN_Q_RAM] = &l->ram_mb,
		[PLAN_Q_NETWORKS] = &l->networks, [PLAN_Q_SUBNETS] = &l->subnets, [PLAN_Q_ROUTERS] = &l->routers,
		[PLAN_Q_SECGROUPS] = &l->secgroups, [PLAN_Q_RULES] = &l->rules, [PLAN_Q_FIPS] = &l->fips,
	};

	for (int q = 0; q < PLAN_Q_NKINDS; q++) {
		if (!from[q]->known)
			continue;   /* the other service's half, or not stated */
		a->quota[q].known = 1;
		a->quota[q].used = from[q]->used;
		a->quota[q].limit = from[q]->limit;
	}
}

void obs_acc_warn(struct obs_acc *a, const char *msg)
{
	char *clean = sanitize_line(msg && *msg ? msg : "no reason given", 300);

	a->warnings = xreallocarray(a->warnings, a->n_warnings + 2, sizeof *a->warnings);
	a->warnings[a->n_warnings++] = xasprintf("%s: those quotas are unknown, so plans are not checked against them",
						 clean);
	a->warnings[a->n_warnings] = NULL;
	free(clean);
}

char **obs_acc_queries(const struct obs_acc *a, enum obs_ids which, const char *key, size_t per)
{
	static const enum plan_kind kinds[] = { [OBS_IDS_SECGROUPS] = PLAN_SECGROUP, [OBS_IDS_ROUTERS] = PLAN_ROUTER,
						[OBS_IDS_FIP_PORTS] = PLAN_FIP };
	char **v = NULL;
	size_t n = 0, in_chunk = 0;
	struct buf q;

	buf_init(&q, 1 << 16);
	for (size_t i = 0; i < a->n_seen; i++) {
		const struct plan_seen *s = &a->seen[i];
		const char *id = which == OBS_IDS_FIP_PORTS ? s->port_id : s->id;
		char *enc;

		if (s->kind != kinds[which] || id == NULL || *id == '\0')
			continue;
		enc = cloud_call_encode(id);
		buf_printf(&q, "%s%s=%s", in_chunk ? "&" : "", key, enc);
		free(enc);
		if (++in_chunk == per) {
			v = xreallocarray(v, n + 2, sizeof *v);
			v[n++] = buf_detach(&q);
			v[n] = NULL;
			buf_init(&q, 1 << 16);
			in_chunk = 0;
		}
	}
	if (in_chunk) {
		v = xreallocarray(v, n + 2, sizeof *v);
		v[n++] = buf_detach(&q);
		v[n] = NULL;
	} else {
		buf_dispose(&q);
	}
	return v;
}

static int obs_seen_cmp(const void *x, const void *y)
{
	const struct plan_seen *a = x, *b = y;
	int c;

	if (a->kind != b->kind)
		return a->kind < b->kind ? -1 : 1;
	if ((c = strcmp(a->name ? a->name : "", b->name ? b->name : "")) != 0)
		return c;
	if ((c = strcmp(a->id, b->id)) != 0)
		return c;
	return strcmp(a->subnet_id ? a->subnet_id : "", b->subnet_id ? b->subnet_id : "");
}

/* Every cluster: keep the keypairs named for a cluster found. */
static void obs_match_keypairs(struct obs_acc *a, char *const *refs, size_t n_refs)
{
	for (size_t r = 0; r < n_refs; r++) {
		char *name = discover_cluster_name(refs[r]), *keypair = plan_keypair_name(name);

		for (size_t k = 0; k < a->n_keypairs; k++)
			if (strcmp(a->keypairs[k], keypair) == 0 && !obs_find(a, PLAN_KEYPAIR, keypair))
				obs_add(a, PLAN_KEYPAIR, keypair, keypair);
		free(keypair);
		free(name);
	}
}

struct flow_observed *obs_acc_result(struct obs_acc *a)
{
	struct flow_observed *out = xcalloc(1, sizeof *out);

	out->refs = discover_cluster_refs(a->seen, a->n_seen, &out->n_refs);
	if (a->cluster == NULL)
		obs_match_keypairs(a, out->refs, out->n_refs);
	if (a->n_seen > 1)
		qsort(a->seen, a->n_seen, sizeof *a->seen, obs_seen_cmp);
	out->cluster = a->cluster ? xstrdup(a->cluster) : NULL;
	out->mem = xcalloc(1, sizeof *out->mem);
	out->mem->seen = a->seen;
	out->mem->owned = a->owned;
	out->mem->n_owned = a->n_owned;
	out->obs.res = a->seen;
	out->obs.n_res = a->n_seen;
	memcpy(out->obs.quota, a->quota, sizeof out->obs.quota);
	out->warnings = a->warnings;
	out->n_warnings = a->n_warnings;
	a->seen = NULL;
	a->n_seen = 0;
	a->owned = NULL;
	a->n_owned = 0;
	a->warnings = NULL;
	a->n_warnings = 0;
	return out;
}

void flow_observed_free(struct flow_observed *seen)
{
	if (seen == NULL)
		return;
	free(seen->cluster);
	plan_strv_free(seen->refs);
	plan_strv_free(seen->warnings);
	if (seen->mem) {
		free(seen->mem->seen);
		obs_owned_free(seen->mem->owned, seen->mem->n_owned);
		free(seen->mem);
	}
	free(seen);
}
