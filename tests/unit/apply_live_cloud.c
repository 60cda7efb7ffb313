/* apply_live_cloud: what the cloud holds, for test_apply_live: lookups, lists, and the sweep by marks. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "apply_live.h"
#include "cloud/call.h"
#include "cloud/cloud.h"
#include "cloud/image_members.h"
#include "cloud/ops.h"
#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "tests/unit/cloud_testlib.h"

#define LIVE_CALL_WAIT_S 120
#define LIVE_GONE_WAIT_S 300

/* ---- lists ---- */

struct wait {
	int done, rc;
	long status;
	char msg[1024];
	struct live_net *v;
	size_t n;
	const char *cluster;
	const char *want;             /* image name, keypair name */
	char id[64];
	int found;
	struct live_server *servers;
};

static void w_status(void *arg, int rc, const char *msg, long status)
{
	struct wait *w = arg;

	w->done = 1;
	w->rc = rc;
	w->status = status;
	snprintf(w->msg, sizeof w->msg, "%s", msg);
}

static void w_nets(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct wait *w = arg;

	for (size_t i = 0; i < n && w->n < LIVE_LIST_MAX; i++) {
		struct live_net *d = &w->v[w->n++];
		int own = 0, ours = 0;

		memset(d, 0, sizeof *d);
		snprintf(d->id, sizeof d->id, "%s", v[i].id);
		snprintf(d->name, sizeof d->name, "%s", v[i].name ? v[i].name : "");
		snprintf(d->description, sizeof d->description, "%s", v[i].description ? v[i].description : "");
		snprintf(d->network_id, sizeof d->network_id, "%s", v[i].network_id ? v[i].network_id : "");
		snprintf(d->cidr, sizeof d->cidr, "%s", v[i].cidr ? v[i].cidr : "");
		snprintf(d->address, sizeof d->address, "%s", v[i].address ? v[i].address : "");
		snprintf(d->port_id, sizeof d->port_id, "%s", v[i].port_id ? v[i].port_id : "");
		snprintf(d->device_id, sizeof d->device_id, "%s", v[i].device_id ? v[i].device_id : "");
		snprintf(d->gateway, sizeof d->gateway, "%s", v[i].gateway_network_id ? v[i].gateway_network_id : "");
		for (size_t k = 0; k < v[i].n_tags; k++) {
			own += strcmp(v[i].tags[k], MODEL_TAG) == 0;
			ours += w->cluster && strncmp(v[i].tags[k], PLAN_TAG_CLUSTER_PREFIX, strlen(PLAN_TAG_CLUSTER_PREFIX)) == 0
				&& strcmp(v[i].tags[k] + strlen(PLAN_TAG_CLUSTER_PREFIX), w->cluster) == 0;
		}
		d->tags_ok = own == 1 && ours == 1 && v[i].n_tags == 2;
	}
	w_status(arg, rc, msg, 0);
}

static void w_wait(struct live_env *e, struct wait *w, double seconds)
{
	if (loop_until(e->base, &w->done, seconds) < 0)
		fail_msg("a cloud call did not answer within %.0f s", seconds);
}

size_t live_list(struct live_env *e, int kind, const char *cluster, const char *query, struct live_net *v)
{
	struct wait w;
	char *tag, *enc, *q = NULL;

	memset(&w, 0, sizeof w);
	w.v = v;
	w.cluster = cluster;
	if (cluster) {
		tag = xasprintf(PLAN_TAG_CLUSTER_PREFIX "%s", cluster);
		enc = cloud_call_encode(tag);
		q = xasprintf("tags=%s", enc);
		free(enc);
		free(tag);
	}
	assert_int_equal(cloud_net_list(e->cloud, (enum net_kind)kind, q ? q : query, w_nets, &w), 0);
	free(q);
	w_wait(e, &w, LIVE_CALL_WAIT_S);
	if (w.rc != 0)
		fail_msg("listing %ss: %s", net_kind_name((enum net_kind)kind), w.msg);
	return w.n;
}

/* ---- the sweep ---- */

static void w_servers(void *arg, int rc, const char *msg, const struct server *v, size_t n)
{
	struct wait *w = arg;

	for (size_t i = 0; rc == 0 && i < n && w->n < LIVE_LIST_MAX; i++) {
		struct live_server *s = &w->servers[w->n];

		if (v[i].cluster == NULL || strcmp(v[i].cluster, w->cluster) != 0)
			continue;
		snprintf(s->id, sizeof s->id, "%s", v[i].id);
		snprintf(s->name, sizeof s->name, "%s", v[i].name ? v[i].name : "");
		snprintf(s->role, sizeof s->role, "%s", v[i].role ? v[i].role : "");
		snprintf(s->status, sizeof s->status, "%s", v[i].status ? v[i].status : "");
		w->n++;
	}
	w_status(arg, rc, msg, 0);
}

size_t live_servers(struct live_env *e, const char *cluster, struct live_server *v)
{
	struct wait w;

	memset(&w, 0, sizeof w);
	w.cluster = cluster;
	w.servers = v;
	assert_int_equal(cloud_server_list(e->cloud, w_servers, &w), 0);
	w_wait(e, &w, LIVE_CALL_WAIT_S);
	if (w.rc != 0)
		fail_msg("listing servers: %s", w.msg);
	return w.n;
}

static void w_images(void *arg, int rc, const char *msg, struct image *v, size_t n)
{
	struct wait *w = arg;

	for (size_t i = 0; i < n; i++) {
		if (rc == 0 && v[i].name && strcmp(v[i].name, w->want) == 0)
			snprintf(w->id, sizeof w->id, "%s", v[i].id);
		model_image_dispose(&v[i]);
	}
	free(v);
	w_status(arg, rc, msg, 0);
}

void live_find_image(struct live_env *e, const char *name, char id[64])
{
	struct wait w;

	memset(&w, 0, sizeof w);
	w.want = name;
	assert_int_equal(cloud_image_list(e->cloud, w_images, &w), 0);
	w_wait(e, &w, LIVE_CALL_WAIT_S);
	if (w.rc != 0 || w.id[0] == '\0')
		fail_msg("no image %s: %s", name, w.msg);
	snprintf(id, 64, "%s", w.id);
}

static void w_flavor(void *arg, int rc, const char *msg, const struct cloud_flavor *f)
{
	struct wait *w = arg;

	if (rc == 0)
		snprintf(w->id, sizeof w->id, "%s", f->id);
	w_status(arg, rc, msg, 0);
}

void live_find_flavor(struct live_env *e, const char *name, char id[64])
{
	struct wait w;

	memset(&w, 0, sizeof w);
	assert_int_equal(cloud_flavor_find(e->cloud, name, w_flavor, &w), 0);
	w_wait(e, &w, LIVE_CALL_WAIT_S);
	if (w.rc != 0)
		fail_msg("no flavor %s: %s", name, w.msg);
	snprintf(id, 64, "%s", w.id);
}

static void w_names(void *arg, int rc, const char *msg, const char *const *names, size_t n)
{
	struct wait *w = arg;

	for (size_t i = 0; rc == 0 && i < n; i++)
		w->found += strcmp(names[i], w->want) == 0;
	w_status(arg, rc, msg, 0);
}

int live_keypair_exists(struct live_env *e, const char *name)
{
	struct wait w;

	memset(&w, 0, sizeof w);
	w.want = name;
	assert_int_equal(cloud_keypair_list(e->cloud, w_names, &w), 0);
	w_wait(e, &w, LIVE_CALL_WAIT_S);
	if (w.rc != 0)
		fail_msg("listing keypairs: %s", w.msg);
	return w.found;
}

long live_add_rule(struct live_env *e, const char *secgroup, const char *protocol, int port_min, int port_max,
		   const char *cidr)
{
	struct wait w;

	memset(&w, 0, sizeof w);
	assert_int_equal(cloud_secgroup_add_rule(e->cloud, secgroup, protocol, port_min, port_max, cidr, w_status, &w),
			 0);
	w_wait(e, &w, LIVE_CALL_WAIT_S);
	if (w.rc != 0)
		fail_msg("adding a rule: %s", w.msg);
	return w.status;
}

static void w_server(void *arg, int rc, const char *msg, const struct server *s)
{
	(void)s;
	w_status(arg, rc, msg, 0);
}

/* Run a status call and wait; retry a 409 for up to a minute. */
static int sweep_call(struct live_env *e, int (*start)(struct live_env *, const char *, const char *, struct wait *),
		      const char *a, const char *b)
{
	double end = now_s() + 60;
	int never = 0;
	struct wait w;

	for (;;) {
		memset(&w, 0, sizeof w);
		if (start(e, a, b, &w) < 0)
			return -1;
		w_wait(e, &w, LIVE_CALL_WAIT_S);
		if (w.rc == 0 || w.status != 409 || now_s() > end) {
			if (w.rc != 0)
				fprintf(stderr, "# sweep: %s\n", w.msg);
			return w.rc;
		}
		loop_until(e->base, &never, 3);
	}
}

static int st_server(struct live_env *e, const char *id, const char *unused, struct wait *w)
{
	(void)unused;
	return cloud_server_delete(e->cloud, id, w_status, w);
}

static int st_iface(struct live_env *e, const char *router, const char *subnet, struct wait *w)
{
	return cloud_router_remove_subnet(e->cloud, router, subnet, w_status, w);
}

static int st_keypair(struct live_env *e, const char *name, const char *unused, struct wait *w)
{
	(void)unused;
	return cloud_keypair_delete(e->cloud, name, w_status, w);
}

static enum net_kind sweep_kind;

static int st_net(struct live_env *e, const char *id, const char *unused, struct wait *w)
{
	(void)unused;
	return cloud_net_delete(e->cloud, sweep_kind, id, w_status, w);
}

/* Delete the servers of cluster and wait until Nova has let them go; how many there were. */
static size_t sweep_servers(struct live_env *e, const char *cluster)
{
	struct live_server ids[LIVE_LIST_MAX];
	struct wait w;
	size_t i, n = live_servers(e, cluster, ids);
	int never = 0;

	for (i = 0; i < n; i++)
		sweep_call(e, st_server, ids[i].id, NULL);
	for (i = 0; i < n; i++) {
		double end = now_s() + LIVE_GONE_WAIT_S;

		for (;;) {
			memset(&w, 0, sizeof w);
			assert_int_equal(cloud_server_get(e->cloud, ids[i].id, w_server, &w), 0);
			w_wait(e, &w, LIVE_CALL_WAIT_S);
			if (w.rc == ERR_NOTFOUND || now_s() > end)
				break;
			loop_until(e->base, &never, 2);
		}
	}
	return n;
}

size_t live_sweep(struct live_env *e, const char *const *clusters, const char *const *keypairs)
{
	static const enum net_kind after[] = { NET_ROUTER, NET_SUBNET, NET_NETWORK, NET_SECGROUP };
	struct live_net fips[LIVE_LIST_MAX], routers[LIVE_LIST_MAX], subnets[LIVE_LIST_MAX], v[LIVE_LIST_MAX];
	size_t total = 0, nf, nr, ns, n, i, k, c;

	for (c = 0; clusters[c]; c++) {
		total += sweep_servers(e, clusters[c]);
		nf = live_list(e, NET_FIP, clusters[c], NULL, fips);
		sweep_kind = NET_FIP;
		for (i = 0; i < nf; i++)
			sweep_call(e, st_net, fips[i].id, NULL);
		nr = live_list(e, NET_ROUTER, clusters[c], NULL, routers);
		ns = live_list(e, NET_SUBNET, clusters[c], NULL, subnets);
		for (i = 0; i < nr; i++)
			for (k = 0; k < ns; k++)
				sweep_call(e, st_iface, routers[i].id, subnets[k].id);
		total += nf;
		for (k = 0; k < sizeof after / sizeof after[0]; k++) {
			n = live_list(e, (int)after[k], clusters[c], NULL, v);
			sweep_kind = after[k];
			for (i = 0; i < n; i++)
				sweep_call(e, st_net, v[i].id, NULL);
			total += n;
		}
	}
	for (c = 0; keypairs[c]; c++)
		sweep_call(e, st_keypair, keypairs[c], NULL);
	return total;
}
