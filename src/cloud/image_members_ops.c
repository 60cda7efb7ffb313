/* image_members: the asynchronous half (Glance members, Keystone project lookup). */
#include "autoconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/call.h"
#include "cloud/ops.h"
#include "cloud/cloud.h"
#include "cloud/cloud_internal.h"
#include "cloud/identity.h"
#include "cloud/image.h"
#include "cloud/image_members.h"
#include "cloud/pager.h"
#include "cloud/session.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

enum mop_kind { MOP_IMAGES, MOP_STATUS, MOP_MEMBERS, MOP_PROJECT };

struct mop {
	struct cloud_pending p;         /* first: cloud_free() frees through it */
	struct cloud *c;
	enum mop_kind kind;
	char *what;                     /* image id or project as given (for messages) */
	int ok_status;                  /* an HTTP status that counts as success (409, 404) */
	int has_run;
	struct pager_run run;
	struct image *images;
	size_t n_images;
	struct project *projects;
	size_t n_projects;
	cloud_images_fn idone;
	cloud_status_fn sdone;
	cloud_members_fn mdone;
	cloud_project_fn pdone;
	void *arg;
};

static void mop_free(struct mop *m)
{
	size_t i;

	if (m->has_run)
		pager_run_dispose(&m->run);
	for (i = 0; i < m->n_images; i++)
		model_image_dispose(&m->images[i]);
	free(m->images);
	for (i = 0; i < m->n_projects; i++)
		model_project_dispose(&m->projects[i]);
	free(m->projects);
	free(m->what);
	free(m);
}

static void mop_free_pending(struct cloud_pending *p)
{
	mop_free((struct mop *)p);
}

static struct mop *mop_new(struct cloud *c, enum mop_kind kind, const char *what, void *arg)
{
	struct mop *m = xcalloc(1, sizeof *m);

	m->c = c;
	m->kind = kind;
	m->what = sanitize_line(what ? what : "", 120);
	m->arg = arg;
	m->p.free_fn = mop_free_pending;
	cloud_pending_add(c, &m->p);
	return m;
}

/* Unregister m; the caller frees it after calling back. */
static void mop_end(struct mop *m)
{
	cloud_pending_remove(&m->p);
}

/* The cause of a failed response for a message: the server's words, else the engine's. */
static const char *mop_cause(const struct http_response *r)
{
	return r->cause && *r->cause ? r->cause : r->error;
}

static int mop_send(struct mop *m, const char *service, const char *method, const char *path,
		    const char *const *headers, const char *body, http_done_fn done)
{
	struct session_req req;

	memset(&req, 0, sizeof req);
	req.service = service;
	req.method = method;
	req.path = path;
	req.headers = headers;
	req.body = body;
	req.body_len = body ? strlen(body) : 0;
	return session_request(cloud_session(m->c), &req, done, m);
}

/* ---- image list ---- */

static int mop_on_image_page(void *arg, const cJSON *page)
{
	struct mop *m = arg;

	return image_parse_images(&m->images, &m->n_images, page);
}

static void mop_on_images_done(void *arg, int rc, const char *msg)
{
	struct mop *m = arg;
	struct image *v = m->images;
	size_t n = m->n_images;

	mop_end(m);
	m->images = NULL;
	m->n_images = 0;
	if (rc < 0) {
		for (size_t i = 0; i < n; i++)
			model_image_dispose(&v[i]);
		free(v);
		v = NULL;
		n = 0;
	}
	m->idone(m->arg, rc, rc ? msg : "", v, n);
	mop_free(m);
}

int cloud_image_list(struct cloud *c, cloud_images_fn done, void *arg)
{
	struct mop *m = mop_new(c, MOP_IMAGES, NULL, arg);
	int rc;

	m->idone = done;
	rc = pager_run_start(&m->run, cloud_session(c), "image", IMAGE_LIST_PATH, IMAGE_LIST_LINKS, NULL,
			     mop_on_image_page, mop_on_images_done, m);
	m->has_run = 1;
	if (rc < 0) {
		mop_end(m);
		mop_free(m);
	}
	return rc;
}

/* ---- requests answered with a status only ---- */

static void mop_on_status(void *arg, const struct http_response *r)
{
	struct mop *m = arg;
	int rc = r->rc;
	char *msg = NULL;

	mop_end(m);
	if (rc < 0 && m->ok_status && r->status == m->ok_status)
		rc = 0;
	else if (rc < 0 && r->status == 404)
		rc = err_set(ERR_NOTFOUND, "image %s not found: check the id with 'sparkdeck list images'", m->what);
	else if (rc < 0 && r->status == 403)
		rc = err_set(ERR_HTTP, "Glance refused (HTTP 403) for image %s: %s", m->what, mop_cause(r));
	else if (rc < 0)
		rc = err_set(rc, "image %s: %s", m->what, mop_cause(r));
	if (rc < 0)
		msg = xstrdup(err_last());
	m->sdone(m->arg, rc, msg ? msg : "", r->status);
	free(msg);
	mop_free(m);
}

static int mop_start_status(struct cloud *c, const char *image_id, const char *method, const char *path,
			    const char *const *headers, const char *body, int ok_status, cloud_status_fn done,
			    void *arg)
{
	struct mop *m = mop_new(c, MOP_STATUS, image_id, arg);
	int rc;

	m->sdone = done;
	m->ok_status = ok_status;
	rc = mop_send(m, "image", method, path, headers, body, mop_on_status);
	if (rc < 0) {
		mop_end(m);
		mop_free(m);
	}
	return rc;
}

int cloud_image_set_visibility(struct cloud *c, const char *image_id, const char *visibility,
			       cloud_status_fn done, void *arg)
{
	const char *headers[] = { IMAGE_PATCH_CONTENT_TYPE, NULL };
	char *path, *body;
	int rc;

	if (!cloud_call_safe_segment(image_id))
		return err_set(ERR_INVALID, "bad image id");
	path = xasprintf("/images/%s", image_id);
	body = image_build_visibility_patch(visibility);
	rc = mop_start_status(c, image_id, "PATCH", path, headers, body, 0, done, arg);
	free(path);
	free(body);
	return rc;
}

int cloud_image_add_member(struct cloud *c, const char *image_id, const char *project_id,
			   cloud_status_fn done, void *arg)
{
	cJSON *o;
	char *path, *body;
	int rc;

	if (!cloud_call_safe_segment(image_id) || !cloud_call_safe_segment(project_id))
		return err_set(ERR_INVALID, "bad image or project id");
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "member", project_id);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	path = xasprintf("/images/%s/members", image_id);
	rc = mop_start_status(c, image_id, "POST", path, NULL, body, 409, done, arg);
	free(path);
	cJSON_free(body);
	return rc;
}

int cloud_image_remove_member(struct cloud *c, const char *image_id, const char *project_id,
			      cloud_status_fn done, void *arg)
{
	char *path;
	int rc;

	if (!cloud_call_safe_segment(image_id) || !cloud_call_safe_segment(project_id))
		return err_set(ERR_INVALID, "bad image or project id");
	path = xasprintf("/images/%s/members/%s", image_id, project_id);
	rc = mop_start_status(c, image_id, "DELETE", path, NULL, NULL, 404, done, arg);
	free(path);
	return rc;
}

/* ---- requests answered with members ---- */

static void mop_on_members(void *arg, const struct http_response *r)
{
	struct mop *m = arg;
	struct image_member *v = NULL, one;
	size_t n = 0;
	cJSON *root = NULL;
	int rc = r->rc;
	char *msg = NULL;

	mop_end(m);
	memset(&one, 0, sizeof one);
	if (rc == 0 && (rc = json_parse(&root, r->body, r->len, JSON_MAX_DEPTH)) == 0) {
		if (cJSON_GetObjectItemCaseSensitive(root, "members"))
			rc = image_parse_members(&v, &n, root);
		else if ((rc = image_parse_member(&one, root)) == 0) {
			v = xcalloc(1, sizeof *v);
			v[0] = one;
			n = 1;
		}
		if (rc < 0)
			err_wrap(rc, "image %s", m->what);
	} else if (rc < 0 && r->status == 404)
		rc = err_set(ERR_NOTFOUND, "image %s is not shared with this project (or does not exist)", m->what);
	else if (rc < 0 && r->status == 403)
		rc = err_set(ERR_HTTP, "Glance refused (HTTP 403) for image %s: %s", m->what, mop_cause(r));
	else if (rc < 0)
		rc = err_set(rc, "image %s: %s", m->what, mop_cause(r));
	if (rc < 0)
		msg = xstrdup(err_last());
	m->mdone(m->arg, rc, msg ? msg : "", v, n);
	free(msg);
	image_members_free(v, n);
	cJSON_Delete(root);
	mop_free(m);
}

int cloud_image_list_members(struct cloud *c, const char *image_id, cloud_members_fn done, void *arg)
{
	struct mop *m;
	char *path;
	int rc;

	if (!cloud_call_safe_segment(image_id))
		return err_set(ERR_INVALID, "bad image id");
	m = mop_new(c, MOP_MEMBERS, image_id, arg);
	m->mdone = done;
	path = xasprintf("/images/%s/members", image_id);
	rc = mop_send(m, "image", "GET", path, NULL, NULL, mop_on_members);
	free(path);
	if (rc < 0) {
		mop_end(m);
		mop_free(m);
	}
	return rc;
}

int cloud_image_set_member_status(struct cloud *c, const char *image_id, const char *status,
				  cloud_members_fn done, void *arg)
{
	const char *project = cloud_project_id(c);
	struct mop *m;
	cJSON *o;
	char *path, *body;
	int rc;

	if (!cloud_call_safe_segment(image_id) || !cloud_call_safe_segment(project))
		return err_set(ERR_INVALID, "bad image id, or not connected to a project yet");
	m = mop_new(c, MOP_MEMBERS, image_id, arg);
	m->mdone = done;
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "status", status);
	body = cJSON_PrintUnformatted(o);
	cJSON_Delete(o);
	path = xasprintf("/images/%s/members/%s", image_id, project);
	rc = mop_send(m, "image", "PUT", path, NULL, body, mop_on_members);
	free(path);
	cJSON_free(body);
	if (rc < 0) {
		mop_end(m);
		mop_free(m);
	}
	return rc;
}

/* ---- projects ---- */

/* 1 if s looks like a Keystone project id (32 hex digits). */
static int mop_looks_like_id(const char *s)
{
	size_t i;

	for (i = 0; s[i]; i++)
		if (!isxdigit((unsigned char)s[i]))
			return 0;
	return i == 32;
}

static void mop_project_finish(struct mop *m, int rc, const char *msg, const char *id, const char *name)
{
	mop_end(m);
	m->pdone(m->arg, rc, rc ? msg : "", id, name);
	mop_free(m);
}

static void mop_on_project_get(void *arg, const struct http_response *r)
{
	struct mop *m = arg;
	cJSON *root = NULL;
	const cJSON *p = NULL, *list;
	int rc = r->rc;

	if (rc == 0 && (rc = json_parse(&root, r->body, r->len, JSON_MAX_DEPTH)) == 0) {
		list = cJSON_GetObjectItemCaseSensitive(root, "projects");
		p = cJSON_IsArray(list) ? cJSON_GetArrayItem(list, 0) : cJSON_GetObjectItemCaseSensitive(root, "project");
		if (json_get_str(p, "id") == NULL)
			rc = err_set(ERR_NOTFOUND, "project '%s' does not exist: check the name with 'openstack "
				     "project list' (as someone allowed to)", m->what);
	} else if (rc < 0 && r->status == 404)
		rc = err_set(ERR_NOTFOUND, "project '%s' does not exist: check the id", m->what);
	else if (rc < 0 && r->status == 403 && mop_looks_like_id(m->what)) {
		/* Not allowed to look: take the id as given. */
		mop_project_finish(m, 0, "", m->what, NULL);
		return;
	} else if (rc < 0 && r->status == 403)
		rc = err_set(ERR_NOTFOUND, "cannot look up project '%s': give its id (openstack project show %s "
			     "as someone allowed)", m->what, m->what);
	else if (rc < 0)
		rc = err_set(rc, "cannot look up project '%s': %s", m->what, mop_cause(r));
	if (rc < 0)
		mop_project_finish(m, rc, err_last(), NULL, NULL);
	else
		mop_project_finish(m, 0, "", json_get_str(p, "id"), json_get_str(p, "name"));
	cJSON_Delete(root);
}

static int mop_on_project_page(void *arg, const cJSON *page)
{
	struct mop *m = arg;

	return identity_parse_projects(&m->projects, &m->n_projects, page);
}

static void mop_on_projects_done(void *arg, int rc, const char *msg)
{
	struct mop *m = arg;
	char *path, *enc;
	size_t i;

	if (rc < 0) {
		mop_project_finish(m, rc, msg, NULL, NULL);
		return;
	}
	for (i = 0; i < m->n_projects; i++)
		if (strcmp(m->projects[i].id, m->what) == 0 || strcmp(m->projects[i].name, m->what) == 0) {
			mop_project_finish(m, 0, "", m->projects[i].id, m->projects[i].name);
			return;
		}
	enc = cloud_call_encode(m->what);
	if (mop_looks_like_id(m->what))
		path = xasprintf("/projects/%s", m->what);
	else
		path = xasprintf("/projects?name=%s", enc);
	rc = mop_send(m, SESSION_IDENTITY, "GET", path, NULL, NULL, mop_on_project_get);
	free(path);
	free(enc);
	if (rc < 0)
		mop_project_finish(m, rc, err_last(), NULL, NULL);
}

int cloud_project_resolve(struct cloud *c, const char *name_or_id, cloud_project_fn done, void *arg)
{
	struct mop *m;
	int rc;

	if (name_or_id == NULL || *name_or_id == '\0')
		return err_set(ERR_INVALID, "an empty project name");
	m = mop_new(c, MOP_PROJECT, name_or_id, arg);
	m->pdone = done;
	rc = pager_run_start(&m->run, cloud_session(c), SESSION_IDENTITY, IDENTITY_PROJECTS_PATH,
			     IDENTITY_PROJECTS_LINKS, NULL, mop_on_project_page, mop_on_projects_done, m);
	m->has_run = 1;
	if (rc < 0) {
		mop_end(m);
		mop_free(m);
	}
	return rc;
}
