/* cluster_plan: resolve the spec's image, flavors and external network while observing the cluster, then plan. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/image_members.h"
#include "cloud/ops.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/spec.h"
#include "core/xmalloc.h"
#include "flow/cluster_observe.h"
#include "flow/cluster_plan.h"

#define PLAN_MSG_MAX 4096

/* Where each failure is kept: reported in this order, whatever order the answers came in. */
enum fp_slot { FP_IMAGE, FP_MASTER, FP_WORKER, FP_NETWORK, FP_CLOUD, FP_NSLOTS };

static const char *const fp_slot_names[FP_NSLOTS] = {
	"image", "master_flavor", "worker_flavor", "network.external_network", NULL
};

struct plan_flavor_copy {
	char *id;
	char *name;
	int vcpus;
	long long ram_mb;
};

struct flow_plan {
	struct cloud *c;
	enum plan_goal goal;
	char *cluster;
	const struct spec *spec;        /* up, update: borrowed */
	struct spec mini;               /* destroy: the ref and the names derived from it */
	struct flow_observe *obs;       /* until it calls back */
	struct flow_observed *seen;
	int outstanding;                /* calls (observe included) whose callback has not come */
	int cancelled;
	int rcs[FP_NSLOTS];             /* each slot's failure: its code ... */
	char *msgs[FP_NSLOTS];          /* ... and message */
	char *image_id, *image_name;
	struct plan_flavor_copy master, worker;
	char *external_network_id;
	flow_plan_fn done;
	void *arg;
};

static void fp_free(struct flow_plan *f)
{
	flow_observed_free(f->seen);
	spec_dispose(&f->mini);
	for (int i = 0; i < FP_NSLOTS; i++)
		free(f->msgs[i]);
	free(f->cluster);
	free(f->image_id);
	free(f->image_name);
	free(f->master.id);
	free(f->master.name);
	free(f->worker.id);
	free(f->worker.name);
	free(f->external_network_id);
	free(f);
}

/* Record a failure in its slot (the first one there is kept). */
static void fp_fail(struct flow_plan *f, enum fp_slot slot, int rc, const char *msg)
{
	if (f->cancelled || rc >= 0 || f->rcs[slot] < 0)
		return;
	f->rcs[slot] = rc;
	f->msgs[slot] = xasprintf("%s%s%s", fp_slot_names[slot] ? fp_slot_names[slot] : "",
				  fp_slot_names[slot] ? ": " : "", msg && *msg ? msg : err_name(rc));
}

/* The first failure's code (0: none) and every message, "; "-separated, in slot order (new, or NULL). */
static int fp_failures(const struct flow_plan *f, char **msg)
{
	struct buf b;
	int rc = 0;

	*msg = NULL;
	buf_init(&b, PLAN_MSG_MAX);
	for (int i = 0; i < FP_NSLOTS; i++) {
		if (f->rcs[i] == 0)
			continue;
		if (rc == 0)
			rc = f->rcs[i];
		buf_printf(&b, "%s%s", b.len ? "; " : "", f->msgs[i]);
	}
	if (rc < 0)
		*msg = buf_detach(&b);
	buf_dispose(&b);
	return rc;
}

void flow_planned_free(struct flow_planned *res)
{
	if (res == NULL)
		return;
	plan_dispose(&res->plan);
	flow_observed_free(res->seen);
	free(res->image_id);
	free(res->image_name);
	free(res->master_flavor_id);
	free(res->worker_flavor_id);
	free(res->external_network_id);
	free(res);
}

/* Everything came back: plan and call done (the last thing that touches f). */
static void fp_finish(struct flow_plan *f)
{
	struct flow_planned *res = NULL;
	struct plan_target t;
	char *msg = NULL;
	int rc = fp_failures(f, &msg);

	if (rc == 0) {
		memset(&t, 0, sizeof t);
		t.spec = f->goal == PLAN_DESTROY ? &f->mini : f->spec;
		t.image_id = f->image_id;
		t.image_name = f->image_name;
		t.master.id = f->master.id;
		t.master.name = f->master.name;
		t.master.vcpus = f->master.vcpus;
		t.master.ram_mb = f->master.ram_mb;
		t.worker.id = f->worker.id;
		t.worker.name = f->worker.name;
		t.worker.vcpus = f->worker.vcpus;
		t.worker.ram_mb = f->worker.ram_mb;
		t.external_network_id = f->external_network_id;
		res = xcalloc(1, sizeof *res);
		/* plan_make() ends an up or update with plan_check_quota(): ERR_CONFIG keeps the plan. */
		rc = plan_make(&res->plan, f->goal, &t, &f->seen->obs);
		if (rc < 0) {
			msg = xstrdup(err_last());
			res->over_quota = rc == ERR_CONFIG && f->goal != PLAN_DESTROY &&
					  plan_check_quota(&res->plan, &t, &f->seen->obs) < 0 && res->plan.n_actions > 0;
			if (!res->over_quota) {
				flow_planned_free(res);
				res = NULL;
			}
		}
		if (res) {
			res->seen = f->seen;
			f->seen = NULL;
			res->image_id = xstrdup(f->image_id);
			res->image_name = xstrdup(f->image_name);
			res->master_flavor_id = xstrdup(f->master.id);
			res->worker_flavor_id = xstrdup(f->worker.id);
			res->external_network_id = xstrdup(f->external_network_id);
		}
	}
	f->done(f->arg, rc, rc < 0 && msg ? msg : "", res);
	free(msg);
	fp_free(f);
}

/* A call came back: when it was the last, finish (or, cancelled, free). */
static void fp_returned(struct flow_plan *f)
{
	if (--f->outstanding > 0)
		return;
	if (f->cancelled)
		fp_free(f);
	else
		fp_finish(f);
}

/* ---- the calls ---- */

static void fp_on_images(void *arg, int rc, const char *msg, struct image *v, size_t n)
{
	struct flow_plan *f = arg;
	size_t i = 0;

	if (!f->cancelled) {
		if (rc == 0 && (rc = flow_plan_pick_image(&i, v, n, f->spec->image, f->spec->image_is_recipe)) < 0)
			msg = err_last();
		if (rc < 0) {
			fp_fail(f, FP_IMAGE, rc, msg);
		} else {
			f->image_id = xstrdup(v[i].id);
			f->image_name = xstrdup(v[i].name ? v[i].name : v[i].id);
		}
	}
	for (i = 0; v && i < n; i++)
		model_image_dispose(&v[i]);
	free(v);
	fp_returned(f);
}

static void fp_keep_flavor(struct flow_plan *f, struct plan_flavor_copy *dst, enum fp_slot slot, int rc,
			   const char *msg, const struct cloud_flavor *fl)
{
	if (f->cancelled)
		return;
	if (rc < 0 || fl == NULL) {
		fp_fail(f, slot, rc < 0 ? rc : ERR_NOTFOUND, msg);
		return;
	}
	dst->id = xstrdup(fl->id);
	dst->name = xstrdup(fl->name ? fl->name : fl->id);
	dst->vcpus = fl->vcpus;
	dst->ram_mb = fl->ram_mb;
}

static void fp_on_master_flavor(void *arg, int rc, const char *msg, const struct cloud_flavor *fl)
{
	struct flow_plan *f = arg;

	fp_keep_flavor(f, &f->master, FP_MASTER, rc, msg, fl);
	fp_returned(f);
}

static void fp_on_worker_flavor(void *arg, int rc, const char *msg, const struct cloud_flavor *fl)
{
	struct flow_plan *f = arg;

	fp_keep_flavor(f, &f->worker, FP_WORKER, rc, msg, fl);
	fp_returned(f);
}

static void fp_on_networks(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct flow_plan *f = arg;
	size_t i = 0;

	if (!f->cancelled) {
		if (rc == 0 && (rc = flow_plan_pick_network(&i, v, n, f->spec->external_network)) < 0)
			msg = err_last();
		if (rc < 0)
			fp_fail(f, FP_NETWORK, rc, msg);
		else
			f->external_network_id = xstrdup(v[i].id);
	}
	fp_returned(f);
}

static void fp_on_observed(void *arg, int rc, const char *msg, struct flow_observed *seen)
{
	struct flow_plan *f = arg;

	f->obs = NULL;
	if (rc < 0)
		fp_fail(f, FP_CLOUD, rc, msg);
	f->seen = seen;
	fp_returned(f);
}

/* Count a call that started, or record why it did not; 0 or the code. */
static int fp_started(struct flow_plan *f, int rc, enum fp_slot slot)
{
	if (rc < 0) {
		fp_fail(f, slot, rc, err_last());
		return rc;
	}
	f->outstanding++;
	return 0;
}

/* Start every call: the observation, then (up, update) the resolutions; 0 or the first error. */
static int fp_start_calls(struct flow_plan *f)
{
	int rc;

	if ((rc = fp_started(f, flow_observe_start(&f->obs, f->c, f->cluster, fp_on_observed, f), FP_CLOUD)) < 0)
		return rc;
	if (f->goal == PLAN_DESTROY)
		return 0;
	if ((rc = fp_started(f, cloud_image_list(f->c, fp_on_images, f), FP_IMAGE)) < 0 ||
	    (rc = fp_started(f, cloud_flavor_find(f->c, f->spec->master_flavor, fp_on_master_flavor, f),
			     FP_MASTER)) < 0 ||
	    (rc = fp_started(f, cloud_flavor_find(f->c, f->spec->worker_flavor, fp_on_worker_flavor, f),
			     FP_WORKER)) < 0 ||
	    (rc = fp_started(f, cloud_net_list(f->c, NET_NETWORK, NULL, fp_on_networks, f),
			     FP_NETWORK)) < 0)
		return rc;
	return 0;
}

int flow_plan_start(struct flow_plan **out, struct cloud *c, const struct flow_plan_req *req, flow_plan_fn done,
		    void *arg)
{
	struct flow_plan *f;
	const char *slash;
	int rc;

	*out = NULL;
	if (c == NULL || req == NULL || done == NULL)
		return err_set(ERR_INVALID, "plan: no cloud, request or done callback");
	if ((rc = spec_check_ref(req->cluster)) < 0)
		return rc;
	if (req->goal != PLAN_DESTROY && (req->spec == NULL || req->spec->ref == NULL ||
					 strcmp(req->spec->ref, req->cluster) != 0))
		return err_set(ERR_INVALID, "plan %s of %s: the cluster's spec is needed", plan_goal_name(req->goal),
			       req->cluster);
	f = xcalloc(1, sizeof *f);
	f->c = c;
	f->goal = req->goal;
	f->cluster = xstrdup(req->cluster);
	f->spec = req->goal == PLAN_DESTROY ? NULL : req->spec;
	slash = strchr(req->cluster, '/');
	f->mini.ref = xstrdup(req->cluster);
	f->mini.kind = xstrndup(req->cluster, (size_t)(slash - req->cluster));
	f->mini.name = xstrdup(slash + 1);
	f->mini.cluster_name = xasprintf("%s-%s", f->mini.kind, f->mini.name);
	f->done = done;
	f->arg = arg;
	if ((rc = fp_start_calls(f)) < 0) {
		char *msg;

		fp_failures(f, &msg);
		err_set(rc, "%s", msg ? msg : err_name(rc));
		free(msg);
		/* Calls already started still call back: let them find it cancelled. */
		flow_plan_cancel(f);
		return rc;
	}
	*out = f;
	return 0;
}

void flow_plan_cancel(struct flow_plan *f)
{
	if (f == NULL || f->cancelled)
		return;
	f->cancelled = 1;
	if (f->obs) {
		/* The observation never calls back after its cancel: count it returned now. */
		flow_observe_cancel(f->obs);
		f->obs = NULL;
		f->outstanding--;
	}
	if (f->outstanding == 0)
		fp_free(f);
}
