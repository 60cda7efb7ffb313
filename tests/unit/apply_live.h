/*
 * apply_live: the plumbing of test_apply_live (flow/cluster_apply.h against
 * the sandbox): running one apply to its end and keeping what it reported,
 * turning what applies created into an observed cloud for the plan engine,
 * one-action plans by hand (apply_live.c); lookups, Neutron lists by cluster
 * tag, and a sweep that deletes whatever carries the test's clusters' marks
 * (apply_live_cloud.c). Lookups and lists fail the test when the cloud
 * refuses.
 *
 * Contract: the test owns one struct live_env (base, cloud) set up before any
 * call here. live_apply() runs the loop until done (fails the test on
 * timeout) and fills a struct live_outcome that live_outcome_dispose()
 * frees. struct live_obs is filled by live_obs_add() from a plan and its
 * outcome, borrowing from neither (it copies); live_obs_dispose() frees it.
 * live_sweep() only deletes resources marked for the clusters it is given.
 */
#ifndef SD_TESTS_APPLY_LIVE_H
#define SD_TESTS_APPLY_LIVE_H

#include <stddef.h>

#include "core/plan.h"
#include "flow/cluster_apply.h"

struct event_base;
struct cloud;
struct spec;
struct flow_apply;

#define LIVE_OBS_MAX 128
#define LIVE_LIST_MAX 64

struct live_env {
	struct event_base *base;
	struct cloud *cloud;
	char public_id[64];
};

/* What one apply reported. */
struct live_outcome {
	int done, calls, rc;
	char *msg;
	size_t n;
	enum flow_apply_state *end;     /* the result's states */
	char **ids;                     /* the result's ids (copies) */
	enum flow_apply_state *last;    /* the last state action() reported of each */
	char **detail;                  /* ... with its detail */
	char *fixed, *floating;
	size_t n_done, n_failed, n_skipped, max_running, max_busy, lines;
	double seconds;
	int late;                       /* callbacks after done */
	size_t retried;                 /* lines about a server that could not get an address */
	size_t busy;                    /* lines about a delete answered "in use" */
	int stop_at_build;              /* call flow_apply_stop() from action() at the first server in BUILD */
	int stop_sent;
	struct flow_apply *flow;
};

/* An observed cloud made of what applies created (copied strings). */
struct live_obs {
	struct plan_seen v[LIVE_OBS_MAX];
	size_t n;
	char *own[LIVE_OBS_MAX * 6];
	size_t n_own;
	char *tags[2];
	struct plan_observed obs;
};

/* A Neutron resource as listed (copied). */
struct live_net {
	char id[64], name[128], description[128], network_id[64], cidr[32], address[64], port_id[64];
	char device_id[64], gateway[64];
	int tags_ok;                    /* exactly "sparkdeck" and the cluster's tag */
};

/* A server of a cluster as listed. */
struct live_server {
	char id[64], name[64], role[16], status[16];
};

/* Apply p (user data from s; opts NULL: 10 at once, polls from 1 s) and wait for done; o is overwritten. */
void live_apply(struct live_env *e, struct live_outcome *o, const struct plan *p, const struct spec *s,
		const struct flow_apply_opts *opts, int stop_at_build);
/* Free what o holds. */
void live_outcome_dispose(struct live_outcome *o);
/* Add what the apply o of p created (and servers it made but did not see ACTIVE, as BUILD). */
void live_obs_add(struct live_obs *b, const struct plan *p, const struct live_outcome *o);
/* Free what b holds. */
void live_obs_dispose(struct live_obs *b);
/* A plan of one action by hand (plan_dispose() frees it): op on kind k named name (deletes: also its id). */
void live_hand_plan(struct plan *p, const char *cluster, enum plan_op op, enum plan_kind k, const char *name);
/* The index of p's first action op on kind k (servers: of role, and index for workers); fails the test if none. */
size_t live_find_action(const struct plan *p, enum plan_op op, enum plan_kind k, enum plan_role role, int index);
/* The id of the image named name (fails the test if none). */
void live_find_image(struct live_env *e, const char *name, char id[64]);
/* The id of the flavor named name. */
void live_find_flavor(struct live_env *e, const char *name, char id[64]);
/* The servers whose metadata names cluster, into v (at most LIVE_LIST_MAX); how many. */
size_t live_servers(struct live_env *e, const char *cluster, struct live_server *v);
/* 1 if the user has a keypair named name. */
int live_keypair_exists(struct live_env *e, const char *name);
/* Add an ingress rule to a group; the HTTP status (409: it was there already). */
long live_add_rule(struct live_env *e, const char *secgroup, const char *protocol, int port_min, int port_max,
		   const char *cidr);
/* List Neutron resources of kind k tagged for cluster (or with query when cluster is NULL) into v; how many. */
size_t live_list(struct live_env *e, int kind, const char *cluster, const char *query, struct live_net *v);
/* Delete every server, floating IP, router (with interfaces), subnet, network, group and keypair of the clusters. */
size_t live_sweep(struct live_env *e, const char *const *clusters, const char *const *keypairs);

#endif
