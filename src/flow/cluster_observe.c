/* cluster_observe: list what belongs to a cluster (or to every cluster) in two rounds and hand it over. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/cloud.h"
#include "cloud/ops.h"
#include "core/discover.h"
#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/spec.h"
#include "core/xmalloc.h"
#include "flow/cluster_observe.h"
#include "flow/observe_internal.h"

struct flow_observe {
	struct cloud *c;
	struct obs_acc acc;
	int outstanding;        /* requests whose callback has not come */
	int second;             /* 1 once the rules and ports were asked for */
	int cancelled;
	struct cloud_hook *hook;  /* frees a cancelled observe if the cloud goes first */
	int rc;
	char *msg;
	flow_observe_fn done;
	void *arg;
};

static void obs_free(struct flow_observe *o)
{
	cloud_hook_remove(o->hook);
	obs_acc_dispose(&o->acc);
	free(o->msg);
	free(o);
}

/* Remember the first error (not after a cancel). */
static void obs_fail(struct flow_observe *o, int rc, const char *msg)
{
	if (!o->cancelled && rc < 0 && o->rc == 0) {
		o->rc = rc;
		o->msg = xstrdup(msg);
	}
}

static void obs_finish(struct flow_observe *o)
{
	struct flow_observed *seen = NULL;

	if (o->rc == 0)
		seen = obs_acc_result(&o->acc);
	o->done(o->arg, o->rc, o->rc < 0 ? o->msg : "", seen);
	obs_free(o);
}

static void obs_start_second(struct flow_observe *o);

/* A request came back: go on to the second round, finish, or (cancelled) free. */
static void obs_returned(struct flow_observe *o, int rc, const char *msg)
{
	o->outstanding--;
	obs_fail(o, rc, msg);
	if (o->outstanding > 0)
		return;
	if (o->cancelled) {
		obs_free(o);
		return;
	}
	if (o->rc == 0 && !o->second) {
		o->second = 1;
		obs_start_second(o);
		if (o->outstanding > 0)
			return;
	}
	obs_finish(o);
}

static void obs_on_servers(void *arg, int rc, const char *msg, const struct server *v, size_t n)
{
	struct flow_observe *o = arg;

	for (size_t i = 0; rc == 0 && !o->cancelled && i < n; i++)
		obs_acc_server(&o->acc, &v[i]);
	obs_returned(o, rc, msg);
}

static void obs_on_keypairs(void *arg, int rc, const char *msg, const char *const *names, size_t n)
{
	struct flow_observe *o = arg;

	for (size_t i = 0; rc == 0 && !o->cancelled && i < n; i++)
		obs_acc_keypair(&o->acc, names[i]);
	obs_returned(o, rc, msg);
}

static void obs_on_nets(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct flow_observe *o = arg;

	for (size_t i = 0; rc == 0 && !o->cancelled && i < n; i++)
		obs_acc_net(&o->acc, &v[i]);
	obs_returned(o, rc, msg);
}

static void obs_on_limits(void *arg, int rc, const char *msg, long status, const struct cloud_limits *l)
{
	struct flow_observe *o = arg;

	if (!o->cancelled && rc == 0)
		obs_acc_limits(&o->acc, l);
	else if (!o->cancelled && (status == 403 || status == 404 || rc == ERR_NOTFOUND)) {
		obs_acc_warn(&o->acc, msg);
		rc = 0;
	}
	obs_returned(o, rc, msg);
}

/* Start one list of kind k with query (NULL: none); 0, or the error recorded. */
static int obs_list(struct flow_observe *o, enum net_kind k, const char *query)
{
	int rc = cloud_net_list(o->c, k, query, obs_on_nets, o);

	if (rc < 0)
		obs_fail(o, rc, err_last());
	else
		o->outstanding++;
	return rc;
}

/* Ask for the rules of the kept groups and the ports of the kept routers and floating IPs, a chunk at a time. */
static void obs_start_second(struct flow_observe *o)
{
	static const struct {
		enum obs_ids which;
		enum net_kind kind;
		const char *key;
	} asks[] = {
		{ OBS_IDS_SECGROUPS, NET_RULE, "security_group_id" },
		{ OBS_IDS_ROUTERS, NET_PORT, "device_id" },
		{ OBS_IDS_FIP_PORTS, NET_PORT, "id" },
	};
	char **queries;

	for (size_t a = 0; a < sizeof asks / sizeof asks[0] && o->rc == 0; a++) {
		queries = obs_acc_queries(&o->acc, asks[a].which, asks[a].key, OBSERVE_IDS_PER_REQUEST);
		for (size_t i = 0; queries && queries[i] && o->rc == 0; i++)
			obs_list(o, asks[a].kind, queries[i]);
		plan_strv_free(queries);
	}
}

/* Start every list of the first round; 0 or the first error (the rest not started). Neutron resources are
 * listed by tags, and for one cluster also by description (desc_query): an apply killed between a create
 * and its tagging leaves a resource with only the description. */
static int obs_start_first(struct flow_observe *o, const char *tags_query, const char *desc_query)
{
	static const enum net_kind nets[] = { NET_NETWORK, NET_SUBNET, NET_ROUTER, NET_SECGROUP, NET_FIP };
	int rc;

	if ((rc = cloud_server_list(o->c, obs_on_servers, o)) < 0)
		return rc;
	o->outstanding++;
	if ((rc = cloud_keypair_list(o->c, obs_on_keypairs, o)) < 0)
		return rc;
	o->outstanding++;
	for (size_t i = 0; i < sizeof nets / sizeof nets[0]; i++) {
		if ((rc = cloud_net_list(o->c, nets[i], tags_query, obs_on_nets, o)) < 0)
			return rc;
		o->outstanding++;
		if (desc_query && (rc = cloud_net_list(o->c, nets[i], desc_query, obs_on_nets, o)) < 0)
			return rc;
		o->outstanding += desc_query != NULL;
	}
	if ((rc = cloud_compute_limits(o->c, obs_on_limits, o)) < 0)
		return rc;
	o->outstanding++;
	if ((rc = cloud_network_quotas(o->c, obs_on_limits, o)) < 0)
		return rc;
	o->outstanding++;
	return 0;
}

int flow_observe_start(struct flow_observe **out, struct cloud *c, const char *cluster, flow_observe_fn done,
		       void *arg)
{
	struct flow_observe *o;
	char *query, *desc;
	int rc;

	*out = NULL;
	if (cluster && (rc = spec_check_ref(cluster)) < 0)
		return rc;
	o = xcalloc(1, sizeof *o);
	o->c = c;
	o->done = done;
	o->arg = arg;
	obs_acc_init(&o->acc, cluster);
	query = obs_tags_query(cluster);
	desc = cluster ? obs_description_query(cluster) : NULL;
	rc = obs_start_first(o, query, desc);
	free(query);
	free(desc);
	if (rc < 0) {
		/* Lists already started still call back: let them find it cancelled. */
		o->cancelled = 1;
		if (o->outstanding == 0)
			obs_free(o);
		return rc;
	}
	*out = o;
	return 0;
}

/* The cloud is freed with our requests unanswered: nothing will call back. */
static void obs_on_cloud_free(void *arg)
{
	struct flow_observe *o = arg;

	o->hook = NULL;
	obs_free(o);
}

void flow_observe_cancel(struct flow_observe *o)
{
	if (o == NULL || o->cancelled)
		return;
	o->cancelled = 1;
	o->hook = cloud_hook_add(o->c, obs_on_cloud_free, o);
}
