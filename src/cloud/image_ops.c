/* image_ops: the Glance half of ops.h (get and delete one image) on the loop. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/call.h"
#include "cloud/cloud_internal.h"
#include "cloud/image.h"
#include "cloud/ops.h"
#include "core/error.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

/* One operation, registered with the cloud until its callback (cloud_free() frees it). */
struct gop {
	struct cloud_pending p;         /* first: cloud_free() frees through it */
	char *id;                       /* the image id (sanitized, for messages) */
	cloud_image_fn image_done;
	cloud_status_fn status_done;
	void *arg;
};

static void gop_free_pending(struct cloud_pending *p)
{
	struct gop *g = (struct gop *)p;

	free(g->id);
	free(g);
}

/* Send one Glance request on /images/{id} for a new operation. */
static int gop_start(struct cloud *c, const char *id, const char *method, long ok_status, cloud_call_fn fn,
		     cloud_image_fn image_done, cloud_status_fn status_done, void *arg)
{
	struct cloud_call_req req;
	struct gop *g;
	char *path, *what;
	int rc;

	if (!cloud_call_safe_segment(id))
		return err_set(ERR_INVALID, "bad image id");
	g = xcalloc(1, sizeof *g);
	g->id = sanitize_line(id, 120);
	g->image_done = image_done;
	g->status_done = status_done;
	g->arg = arg;
	g->p.free_fn = gop_free_pending;
	path = xasprintf("/images/%s", id);
	what = xasprintf("image %s", id);
	memset(&req, 0, sizeof req);
	req.service = "image";
	req.method = method;
	req.path = path;
	req.what = what;
	req.ok_status = ok_status;
	cloud_pending_add(c, &g->p);
	if ((rc = cloud_call_start(c, &req, fn, g)) < 0) {
		cloud_pending_remove(&g->p);
		gop_free_pending(&g->p);
	}
	free(path);
	free(what);
	return rc;
}

static void gop_on_image(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct gop *g = arg;
	struct image im;

	cloud_pending_remove(&g->p);
	memset(&im, 0, sizeof im);
	if (rc == 0 && (rc = image_parse_image(&im, body)) < 0) {
		err_wrap(rc, "image %s", g->id);
		msg = err_last();
	}
	g->image_done(g->arg, rc, rc ? msg : "", rc ? NULL : &im);
	model_image_dispose(&im);
	gop_free_pending(&g->p);
}

int cloud_image_get(struct cloud *c, const char *id, cloud_image_fn done, void *arg)
{
	return gop_start(c, id, "GET", 0, gop_on_image, done, NULL, arg);
}

static void gop_on_deleted(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct gop *g = arg;

	cloud_pending_remove(&g->p);
	if (rc < 0 && (status == 403 || status == 409) && strstr(msg, "protected")) {
		rc = err_set(ERR_HTTP, "image %s is protected: unprotect it first (openstack image set "
			     "--unprotected %s), then delete it", g->id, g->id);
		msg = err_last();
	}
	g->status_done(g->arg, rc, rc ? msg : "", status);
	gop_free_pending(&g->p);
}

int cloud_image_delete(struct cloud *c, const char *id, cloud_status_fn done, void *arg)
{
	return gop_start(c, id, "DELETE", 404, gop_on_deleted, NULL, done, arg);
}
