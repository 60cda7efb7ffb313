/*
 * cluster_plan: the plan of a cluster against the live cloud -- resolve what
 * the spec names, observe the cluster, compute the plan and check it against
 * the quotas (the CLI's `cluster plan|up` and the console's plan screen drive
 * the same code; nothing here prints or reads a key).
 *
 *   up, update   in parallel: the image (cloud_image_list, found by
 *                image_find_by_ref(): it must be active and usable by the
 *                project; a recipe ref NAME/VERSION with no image says
 *                "build it first: sparkdeck image build NAME/VERSION"), the
 *                master and worker flavors (cloud_flavor_find), the external
 *                network (by id or name among the networks the project sees;
 *                it must be router:external) and the cluster
 *                (flow_observe_start) -> plan_make() with the struct
 *                plan_target, which ends with plan_check_quota() -> done
 *   destroy      the cluster ref alone: observe -> plan_make() -> done; no
 *                spec is read or needed (the spec file may be gone), so a
 *                cluster can always be taken down from the cloud alone
 *
 * Nothing is created or changed: every call here is a read. Every resolution
 * failure is reported, not only the first ("image: ...; worker_flavor: ...").
 *
 * Contract: flow_plan_start() copies req->cluster and borrows req->spec
 * (up and update: required, its ref must be req->cluster; destroy: ignored),
 * which must stay valid until done or flow_plan_cancel(). It returns 0, *out
 * set until done is called, or a negative code (ERR_INVALID: bad ref, no
 * spec) without a callback. done comes exactly once, from the loop: rc 0 and
 * a struct flow_planned it takes (flow_planned_free()); or rc < 0 with the
 * message and NULL -- except when only the quotas are exceeded (ERR_CONFIG
 * from plan_check_quota()), where the plan comes too so it can be shown next
 * to the numbers (res->over_quota is 1; it must not be applied).
 * flow_plan_cancel() before done: no callback; calls in flight end harmlessly
 * and the object is freed when the last returns (cancel before cloud_free(),
 * which drops callbacks, would leave it: cloud_free() at exit only). The
 * object must not be used after done or cancel.
 *
 * flow_plan_pick_image() and flow_plan_pick_network() are the pure choices
 * the flow makes, exported for tests: 0 with *idx set, or a negative code
 * with the message (ERR_NOTFOUND nothing matches, ERR_CONFIG several match or
 * the match cannot be used).
 */
#ifndef SD_FLOW_CLUSTER_PLAN_H
#define SD_FLOW_CLUSTER_PLAN_H

#include <stddef.h>

#include "core/plan.h"

struct cloud;
struct image;
struct net_resource;
struct spec;
struct flow_plan;
struct flow_observed;

/* What to plan. */
struct flow_plan_req {
	enum plan_goal goal;
	const char *cluster;          /* "KIND/NAME" */
	const struct spec *spec;      /* up, update: the loaded spec of cluster; destroy: ignored (may be NULL) */
};

/* The result: the plan and what it was made from. */
struct flow_planned {
	struct plan plan;             /* the plan (owned; flow_planned_free() disposes it) */
	struct flow_observed *seen;   /* the observed cluster: plan_check_fresh() input, warnings, addresses */
	int over_quota;               /* 1: done came with ERR_CONFIG because of quotas (see the contract) */
	char *image_id;               /* up, update: what the spec's names resolved to; destroy: NULL */
	char *image_name;
	char *master_flavor_id;
	char *worker_flavor_id;
	char *external_network_id;
};

typedef void (*flow_plan_fn)(void *arg, int rc, const char *msg, struct flow_planned *res);

/* Start planning req on cloud c (see the contract). */
int flow_plan_start(struct flow_plan **out, struct cloud *c, const struct flow_plan_req *req, flow_plan_fn done,
		    void *arg);
/* Stop a planning whose done has not come yet (no callback after this). */
void flow_plan_cancel(struct flow_plan *f);
/* Free what done was handed (NULL: nothing). */
void flow_planned_free(struct flow_planned *res);
/* Pick the image the spec value ref names in v (is_recipe: ref is NAME/VERSION of a recipe). */
int flow_plan_pick_image(size_t *idx, const struct image *v, size_t n, const char *ref, int is_recipe);
/* Pick the external network name_or_id names in v (an id first, else a unique name). */
int flow_plan_pick_network(size_t *idx, const struct net_resource *v, size_t n, const char *name_or_id);

#endif
