/*
 * cluster_observe: discovery -- read what belongs to one cluster, or to
 * every cluster, from the cloud alone and hand it over as the plan engine's
 * input (struct plan_observed, core/plan.h), with the project's quotas.
 *
 * First, in parallel: every server, the keypairs, the networks, subnets,
 * routers, security groups and floating IPs filtered by Neutron tags (the
 * cluster's MODEL_TAG and "sparkdeck-cluster=REF", URL-encoded; MODEL_TAG
 * alone for every cluster), Nova's limits and Neutron's quota details. Then,
 * for what was kept: the rules of its security groups, the ports of its
 * routers and the ports its floating IPs are on, OBSERVE_IDS_PER_REQUEST ids
 * to a request.
 *
 * What is kept (marks in plan.h; a Neutron filter is checked here again):
 *  - servers whose metadata PLAN_META_CLUSTER is the cluster (any cluster
 *    for the all-clusters form), whatever their role or index -- plan_make()
 *    sorts those out; never a server without that metadata;
 *  - Neutron resources tagged MODEL_TAG and "sparkdeck-cluster=REF" (any REF
 *    for the all-clusters form, so an image builder's are not);
 *  - the keypair named plan_keypair_name() of the cluster (of each cluster
 *    found, for the all-clusters form);
 *  - the ingress IPv4 rules of kept groups (not the egress rules Neutron
 *    adds, nor rules naming a remote group: sparkdeck makes neither);
 *  - router interfaces: a kept router's ports whose device_owner is a router
 *    interface, one PLAN_IFACE per router and subnet (the port's first fixed
 *    IP's), named after the router;
 *  - a kept floating IP's server: its port's device when that port belongs
 *    to a server (device_owner "compute:...").
 * res is sorted by kind, then name, then id; discover_cluster_resources()
 * (core/discover.h) picks one cluster's out of an all-clusters result.
 *
 * Contract: flow_observe_start() checks cluster (KIND/NAME or NULL;
 * ERR_INVALID) and returns 0, with *out set until done is called, or a
 * negative code without a callback. done comes exactly once from the loop:
 * rc 0 and a struct flow_observed it takes (flow_observed_free()), or the
 * first error (a list, a parse) with its message and NULL. A quota Nova or
 * Neutron refuses (HTTP 403) or does not offer (404) is no error: it stays
 * unknown (known 0, not checked by plan_check_quota()) and a warning says so.
 * flow_observe_cancel() before done: no callback, requests in flight end
 * harmlessly, and the object is freed when the last one returns (so cancel
 * before cloud_free(), which drops callbacks, would leave it: cloud_free()
 * at exit only). The object must not be used after done or cancel.
 */
#ifndef SD_FLOW_CLUSTER_OBSERVE_H
#define SD_FLOW_CLUSTER_OBSERVE_H

#include <stddef.h>

#include "core/plan.h"

#define OBSERVE_IDS_PER_REQUEST 20

struct cloud;
struct flow_observe;
struct flow_observe_mem;

/* What discovery found; it owns every string obs points to. */
struct flow_observed {
	char *cluster;                 /* the ref asked for ("spark/ld14"), or NULL: every cluster */
	struct plan_observed obs;      /* the resources kept and the quotas */
	char **refs;                   /* the clusters the kept resources name, sorted (NULL-terminated; NULL: none) */
	size_t n_refs;
	char **warnings;               /* what was not read, one line each (NULL-terminated; NULL: none) */
	size_t n_warnings;
	struct flow_observe_mem *mem;  /* private: the storage obs points into */
};

typedef void (*flow_observe_fn)(void *arg, int rc, const char *msg, struct flow_observed *seen);

/* Observe cluster ("spark/ld14"), or every cluster when NULL (see the contract). */
int flow_observe_start(struct flow_observe **out, struct cloud *c, const char *cluster, flow_observe_fn done,
		       void *arg);
/* Stop an observation whose done has not come yet (no callback after this). */
void flow_observe_cancel(struct flow_observe *o);
/* Free what done was handed (NULL: nothing). */
void flow_observed_free(struct flow_observed *seen);

#endif
