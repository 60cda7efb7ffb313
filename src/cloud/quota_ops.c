/* quota_ops: the project's quotas of ops.h (Nova's limits, Neutron's quota details) on the loop. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/call.h"
#include "cloud/cloud.h"
#include "cloud/cloud_internal.h"
#include "cloud/ops.h"
#include "cloud/quota.h"
#include "core/error.h"
#include "core/xmalloc.h"

/* One read, registered with the cloud until its callback (cloud_free() frees it). */
struct qop {
	struct cloud_pending p;         /* first: cloud_free() frees through it */
	struct cloud *c;
	int network;                    /* 1: Neutron's quota details; 0: Nova's limits */
	cloud_limits_fn done;
	void *arg;
};

static void qop_free_pending(struct cloud_pending *p)
{
	free(p);
}

static struct qop *qop_new(struct cloud *c, int network, cloud_limits_fn done, void *arg)
{
	struct qop *q = xcalloc(1, sizeof *q);

	q->c = c;
	q->network = network;
	q->done = done;
	q->arg = arg;
	q->p.free_fn = qop_free_pending;
	cloud_pending_add(c, &q->p);
	return q;
}

/* Call back once and free q. */
static void qop_finish(struct qop *q, int rc, const char *msg, long status, const struct cloud_limits *l)
{
	cloud_pending_remove(&q->p);
	q->done(q->arg, rc, rc < 0 ? msg : "", status, rc < 0 ? NULL : l);
	free(q);
}

static void qop_on_answer(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct qop *q = arg;
	struct cloud_limits l;

	memset(&l, 0, sizeof l);
	if (rc == 0 && (rc = (q->network ? quota_parse_network : quota_parse_compute)(&l, body)) < 0) {
		err_wrap(rc, "reading the project's %s", q->network ? "Neutron quotas" : "Nova limits");
		msg = err_last();
	}
	qop_finish(q, rc, msg, status, &l);
}

/* Send q's request; on failure to start, q is unregistered and freed (no callback). */
static int qop_send(struct qop *q, const char *path)
{
	struct cloud_call_req req;
	int rc;

	memset(&req, 0, sizeof req);
	req.service = q->network ? "network" : "compute";
	req.method = "GET";
	req.path = path;
	req.what = q->network ? "the project's quota details" : "the project's limits";
	if ((rc = cloud_call_start(q->c, &req, qop_on_answer, q)) < 0) {
		cloud_pending_remove(&q->p);
		free(q);
	}
	return rc;
}

int cloud_compute_limits(struct cloud *c, cloud_limits_fn done, void *arg)
{
	return qop_send(qop_new(c, 0, done, arg), QUOTA_COMPUTE_PATH);
}

/* Start the Neutron request once the token (and so the project id) is there; 0 or a negative code. */
static int qop_send_network(struct qop *q)
{
	const char *project = cloud_project_id(q->c);
	char *path;
	int rc;

	if (!cloud_call_safe_segment(project)) {
		cloud_pending_remove(&q->p);
		free(q);
		return err_set(ERR_AUTH, "the token names no usable project id: scope the cloud entry to a project");
	}
	path = xasprintf(QUOTA_NETWORK_PATH_FMT, project);
	rc = qop_send(q, path);
	free(path);
	return rc;
}

static void qop_on_connected(void *arg, int rc, const char *msg)
{
	struct qop *q = arg;
	cloud_limits_fn done = q->done;
	void *done_arg = q->arg;

	if (rc < 0) {
		qop_finish(q, rc, msg, 0, NULL);
		return;
	}
	if ((rc = qop_send_network(q)) < 0)
		done(done_arg, rc, err_last(), 0, NULL);        /* q is freed */
}

int cloud_network_quotas(struct cloud *c, cloud_limits_fn done, void *arg)
{
	struct qop *q = qop_new(c, 1, done, arg);
	int rc;

	if (cloud_project_id(c) != NULL)
		return qop_send_network(q);
	/* No token yet: the project id comes with the first one. */
	if ((rc = cloud_connect(c, qop_on_connected, q)) < 0) {
		cloud_pending_remove(&q->p);
		free(q);
	}
	return rc;
}
