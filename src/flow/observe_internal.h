/*
 * observe_internal: the bookkeeping of cluster_observe.c, apart from the
 * requests so it can be tested on recorded answers: what each list brings
 * is sorted into kept resources (plan_seen with owned strings), and turned
 * into the struct flow_observed handed to done (see cluster_observe.h for
 * what is kept).
 *
 * Contract: struct obs_acc is caller-owned (obs_acc_init / obs_acc_dispose)
 * and copies what it keeps from its arguments (they may die after the call).
 * Rules and ports must come after the groups, routers and floating IPs they
 * belong to (the second round). obs_acc_result() moves everything into a
 * new struct flow_observed (flow_observed_free()) and leaves acc empty but
 * still to dispose. obs_tags_query() and obs_acc_queries() return new
 * memory (free(), plan_strv_free()); no I/O anywhere.
 */
#ifndef SD_FLOW_OBSERVE_INTERNAL_H
#define SD_FLOW_OBSERVE_INTERNAL_H

#include <stddef.h>

#include "core/plan.h"
#include "flow/cluster_observe.h"

struct server;
struct net_resource;
struct cloud_limits;

/* Which kept ids the second round asks about. */
enum obs_ids { OBS_IDS_SECGROUPS, OBS_IDS_ROUTERS, OBS_IDS_FIP_PORTS };

struct obs_acc {
	char *cluster;              /* the ref asked for, or NULL: every cluster */
	char *keypair;              /* its keypair's name (NULL for every cluster) */
	struct plan_seen *seen;     /* kept so far; strings in owned */
	size_t n_seen;
	void **owned;               /* every string and tag array seen points to */
	size_t n_owned;
	char **keypairs;            /* every cluster: the sparkdeck-* keypair names, matched at the end */
	size_t n_keypairs;
	struct plan_quota quota[PLAN_Q_NKINDS];
	char **warnings;            /* NULL-terminated */
	size_t n_warnings;
};

/* The Neutron list query for resources with the cluster's description (new). */
char *obs_description_query(const char *cluster);
/* Start collecting for cluster (NULL: every cluster). */
void obs_acc_init(struct obs_acc *a, const char *cluster);
/* Free what a holds. */
void obs_acc_dispose(struct obs_acc *a);
/* The Neutron filter of the first round: "tags=sparkdeck,sparkdeck-cluster%3Dspark%2Fld14" or "tags=sparkdeck". */
char *obs_tags_query(const char *cluster);
/* Keep s if its metadata names the cluster (any cluster for every cluster). */
void obs_acc_server(struct obs_acc *a, const struct server *s);
/* Keep a keypair named for the cluster (every cluster: remember sparkdeck-* names for later). */
void obs_acc_keypair(struct obs_acc *a, const char *name);
/* Keep a tagged Neutron resource, a rule of a kept group, or learn from a port (interfaces, floating IP servers). */
void obs_acc_net(struct obs_acc *a, const struct net_resource *r);
/* Take the quotas l knows. */
void obs_acc_limits(struct obs_acc *a, const struct cloud_limits *l);
/* Note that a quota read failed with msg (its quotas stay unknown). */
void obs_acc_warn(struct obs_acc *a, const char *msg);
/* The second round's queries "key=ID&key=ID..." of at most per ids each over the kept ids of which (NULL: none). */
char **obs_acc_queries(const struct obs_acc *a, enum obs_ids which, const char *key, size_t per);
/* Hand everything kept over as a new result. */
struct flow_observed *obs_acc_result(struct obs_acc *a);

#endif
