/* cloud: the public API (cloud.h) on top of session, pager and the parsers. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/event.h>

#include "cloud/auth.h"
#include "cloud/cloud.h"
#include "cloud/cloud_internal.h"
#include "cloud/compute.h"
#include "cloud/http.h"
#include "cloud/identity.h"
#include "cloud/image.h"
#include "cloud/pager.h"
#include "cloud/session.h"
#include "core/clouds.h"
#include "core/config.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/xmalloc.h"

enum op_kind { OP_PROJECTS, OP_IMAGES, OP_SERVERS };

struct op_lookup {
	struct op *op;
	size_t index;
};

struct op {
	LIST_ENTRY(op) entry;
	struct cloud *c;
	enum op_kind kind;
	struct model *m;
	cloud_done_fn done;
	void *arg;
	struct pager_run run;
	struct project *projects;
	size_t n_projects;
	struct image *images;
	size_t n_images;
	struct server *servers;
	size_t n_servers;
	struct op_lookup *lookups;      /* image member status lookups */
	size_t n_lookups;
	size_t outstanding;
	int fail_rc;
	char *fail_msg;
};

struct cloud {
	struct event_base *base;
	struct http *http;
	struct session *session;
	LIST_HEAD(, op) ops;
	LIST_HEAD(, cloud_pending) pending;   /* operations of the other files */
};

static void op_free(struct op *op)
{
	size_t i;

	pager_run_dispose(&op->run);
	for (i = 0; i < op->n_projects; i++)
		model_project_dispose(&op->projects[i]);
	free(op->projects);
	for (i = 0; i < op->n_images; i++)
		model_image_dispose(&op->images[i]);
	free(op->images);
	for (i = 0; i < op->n_servers; i++)
		model_server_dispose(&op->servers[i]);
	free(op->servers);
	free(op->lookups);
	free(op->fail_msg);
	free(op);
}

/* Hand the results to the model (on success), free the op, then call back last. */
static void op_finish(struct op *op, int rc, const char *msg)
{
	cloud_done_fn done = op->done;
	void *arg = op->arg;
	char copy[1024];
	time_t now = time(NULL);

	snprintf(copy, sizeof copy, "%s", rc ? msg : "");
	if (rc == 0) {
		switch (op->kind) {
		case OP_PROJECTS:
			model_set_projects(op->m, op->projects, op->n_projects, now);
			op->projects = NULL;
			op->n_projects = 0;
			break;
		case OP_IMAGES:
			model_set_images(op->m, op->images, op->n_images, now);
			op->images = NULL;
			op->n_images = 0;
			break;
		case OP_SERVERS:
			model_set_servers(op->m, op->servers, op->n_servers, now);
			op->servers = NULL;
			op->n_servers = 0;
			break;
		}
	}
	LIST_REMOVE(op, entry);
	op_free(op);
	done(arg, rc, copy);
}

static struct op *op_new(struct cloud *c, enum op_kind kind, struct model *m, cloud_done_fn done, void *arg)
{
	struct op *op = xcalloc(1, sizeof *op);

	op->c = c;
	op->kind = kind;
	op->m = m;
	op->done = done;
	op->arg = arg;
	LIST_INSERT_HEAD(&c->ops, op, entry);
	return op;
}

static int op_on_page(void *arg, const cJSON *page)
{
	struct op *op = arg;

	switch (op->kind) {
	case OP_PROJECTS:
		return identity_parse_projects(&op->projects, &op->n_projects, page);
	case OP_IMAGES:
		return image_parse_images(&op->images, &op->n_images, page);
	case OP_SERVERS:
		return compute_parse_servers(&op->servers, &op->n_servers, page);
	}
	return 0;
}

static void op_on_member(void *arg, const struct http_response *r)
{
	struct op_lookup *l = arg;
	struct op *op = l->op;
	cJSON *member = NULL;

	op->outstanding--;
	if (r->rc == 0 && json_parse(&member, r->body, r->len, JSON_MAX_DEPTH) == 0)
		image_parse_member_status(&op->images[l->index].member_status, member);
	else if (r->rc == ERR_AUTH && op->fail_rc == 0) {
		/* 404 means we are not a member (an admin sees every image): no status. */
		op->fail_rc = r->rc;
		op->fail_msg = xstrdup(r->error);
	}
	cJSON_Delete(member);
	if (op->outstanding == 0)
		op_finish(op, op->fail_rc, op->fail_msg ? op->fail_msg : "");
}

/* Ask Glance for our member status of every image shared with us. */
static void op_lookup_members(struct op *op)
{
	const struct auth_token *t = session_token(op->c->session);
	const char *project = t ? t->project_id : NULL;
	struct session_req req;
	char *path;
	size_t i;

	op->lookups = xcalloc(op->n_images + 1, sizeof *op->lookups);
	op->outstanding = 1; /* held until every lookup is started */
	for (i = 0; i < op->n_images && op->n_lookups < IMAGE_MAX_MEMBER_LOOKUPS; i++) {
		if (!image_is_shared_with(&op->images[i], project))
			continue;
		op->lookups[op->n_lookups].op = op;
		op->lookups[op->n_lookups].index = i;
		path = xasprintf("/images/%s/members/%s", op->images[i].id, project);
		memset(&req, 0, sizeof req);
		req.service = "image";
		req.method = "GET";
		req.path = path;
		if (strpbrk(op->images[i].id, "/?#%") == NULL &&
		    session_request(op->c->session, &req, op_on_member, &op->lookups[op->n_lookups]) == 0) {
			op->n_lookups++;
			op->outstanding++;
		}
		free(path);
	}
	if (--op->outstanding == 0)
		op_finish(op, 0, "");
}

static void op_on_list_done(void *arg, int rc, const char *msg)
{
	struct op *op = arg;

	if (rc == 0 && op->kind == OP_IMAGES)
		op_lookup_members(op);
	else
		op_finish(op, rc, msg);
}

static int cloud_start_list(struct cloud *c, enum op_kind kind, struct model *m, cloud_done_fn done, void *arg)
{
	static const struct {
		const char *service, *path, *links;
	} lists[] = {
		[OP_PROJECTS] = { SESSION_IDENTITY, IDENTITY_PROJECTS_PATH, IDENTITY_PROJECTS_LINKS },
		[OP_IMAGES] = { "image", IMAGE_LIST_PATH, IMAGE_LIST_LINKS },
		[OP_SERVERS] = { "compute", COMPUTE_SERVERS_PATH, COMPUTE_SERVERS_LINKS },
	};
	struct op *op = op_new(c, kind, m, done, arg);
	int rc;

	rc = pager_run_start(&op->run, c->session, lists[kind].service, lists[kind].path, lists[kind].links,
			     kind == OP_SERVERS ? compute_api_headers() : NULL, op_on_page, op_on_list_done, op);
	if (rc < 0) {
		LIST_REMOVE(op, entry);
		op_free(op);
	}
	return rc;
}

int cloud_new(struct cloud **out, struct event_base *base, const struct clouds_config *creds,
	      const struct config *settings)
{
	struct http_options opt;
	struct cloud *c;
	int rc;

	*out = NULL;
	if (creds == NULL || creds->auth_url == NULL || *creds->auth_url == '\0')
		return err_set(ERR_CONFIG, "cloud %s has no auth_url: set auth.auth_url in clouds.yaml or OS_AUTH_URL",
			       creds && creds->name ? creds->name : "envvars");
	memset(&opt, 0, sizeof opt);
	if (settings) {
		opt.max_requests = settings->max_requests;
		opt.timeout_s = settings->request_timeout;
	}
	opt.cacert = creds->cacert;
	opt.insecure = !creds->verify;
	opt.allow_http = strncasecmp(creds->auth_url, "http://", 7) == 0;
	c = xcalloc(1, sizeof *c);
	c->base = base;
	LIST_INIT(&c->ops);
	LIST_INIT(&c->pending);
	if ((rc = http_new(&c->http, base, &opt)) < 0 ||
	    (rc = session_new(&c->session, base, c->http, creds)) < 0) {
		cloud_free(c);
		return rc;
	}
	*out = c;
	return 0;
}

void cloud_free(struct cloud *c)
{
	struct cloud_pending *p;
	struct op *op;

	if (c == NULL)
		return;
	session_free(c->session);
	http_free(c->http);
	while ((op = LIST_FIRST(&c->ops)) != NULL) {
		LIST_REMOVE(op, entry);
		op_free(op);
	}
	while ((p = LIST_FIRST(&c->pending)) != NULL) {
		LIST_REMOVE(p, entry);
		p->free_fn(p);
	}
	free(c);
}

struct cloud_hook {
	struct cloud_pending p;         /* first: cloud_free() calls through it */
	void (*fn)(void *arg);
	void *arg;
};

static void cloud_hook_fire(struct cloud_pending *p)
{
	struct cloud_hook *h = (struct cloud_hook *)p;

	h->fn(h->arg);
	free(h);
}

struct cloud_hook *cloud_hook_add(struct cloud *c, void (*fn)(void *arg), void *arg)
{
	struct cloud_hook *h = xcalloc(1, sizeof *h);

	h->fn = fn;
	h->arg = arg;
	h->p.free_fn = cloud_hook_fire;
	cloud_pending_add(c, &h->p);
	return h;
}

void cloud_hook_remove(struct cloud_hook *h)
{
	if (h == NULL)
		return;
	cloud_pending_remove(&h->p);
	free(h);
}

struct session *cloud_session(struct cloud *c)
{
	return c->session;
}

void cloud_pending_add(struct cloud *c, struct cloud_pending *p)
{
	LIST_INSERT_HEAD(&c->pending, p, entry);
}

void cloud_pending_remove(struct cloud_pending *p)
{
	LIST_REMOVE(p, entry);
}

int cloud_connect(struct cloud *c, cloud_done_fn done, void *arg)
{
	return session_connect(c->session, done, arg);
}

int cloud_rescope(struct cloud *c, const char *project_id, cloud_done_fn done, void *arg)
{
	return session_rescope(c->session, project_id, done, arg);
}

int cloud_load_projects(struct cloud *c, struct model *m, cloud_done_fn done, void *arg)
{
	return cloud_start_list(c, OP_PROJECTS, m, done, arg);
}

int cloud_load_images(struct cloud *c, struct model *m, cloud_done_fn done, void *arg)
{
	return cloud_start_list(c, OP_IMAGES, m, done, arg);
}

int cloud_load_servers(struct cloud *c, struct model *m, cloud_done_fn done, void *arg)
{
	return cloud_start_list(c, OP_SERVERS, m, done, arg);
}

const char *cloud_name(const struct cloud *c)
{
	return session_creds(c->session)->name;
}

const char *cloud_project_name(const struct cloud *c)
{
	const struct auth_token *t = session_token(c->session);

	return t ? t->project_name : NULL;
}

const char *cloud_project_id(const struct cloud *c)
{
	const struct auth_token *t = session_token(c->session);

	return t ? t->project_id : NULL;
}

const char *cloud_region(const struct cloud *c)
{
	const struct clouds_config *cr = session_creds(c->session);
	const struct auth_token *t = session_token(c->session);
	const char *r;

	if (cr->region_name && *cr->region_name)
		return cr->region_name;
	if (t == NULL)
		return NULL;
	if ((r = catalog_first_region(&t->catalog, "compute")) != NULL)
		return r;
	return catalog_first_region(&t->catalog, NULL);
}

size_t cloud_busy(const struct cloud *c)
{
	return http_busy(c->http) + session_waiting(c->session);
}
