/* compute_ops: the Nova half of ops.h (servers, flavors, keypairs) on the loop. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/call.h"
#include "cloud/cloud_internal.h"
#include "cloud/compute.h"
#include "cloud/ops.h"
#include "cloud/pager.h"
#include "core/error.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

/* One operation: registered with the cloud from start to callback (cloud_free() frees it). */
struct nop {
	struct cloud_pending p;         /* first: cloud_free() frees through it */
	struct cloud *c;
	char *what;                     /* "server 1234", "keypair k" (sanitized) */
	char *retry_body;               /* server create: the "networks": "none" body, sent once on a 400 */
	int has_run;
	struct pager_run run;
	struct server *servers;
	size_t n_servers;
	struct compute_flavor *flavors;
	size_t n_flavors;
	char **names;
	size_t n_names;
	char *wanted;                   /* flavor find: the name or id */
	int max_lines;                  /* console: the lines asked for (0: all) */
	cloud_id_fn id_done;
	cloud_server_fn server_done;
	cloud_servers_fn servers_done;
	cloud_text_fn text_done;
	cloud_status_fn status_done;
	cloud_flavor_fn flavor_done;
	cloud_names_fn names_done;
	void *arg;
};

static void nop_free(struct nop *n)
{
	size_t i;

	if (n->has_run)
		pager_run_dispose(&n->run);
	for (i = 0; i < n->n_servers; i++)
		model_server_dispose(&n->servers[i]);
	free(n->servers);
	compute_flavors_free(n->flavors, n->n_flavors);
	compute_names_free(n->names, n->n_names);
	free(n->what);
	free(n->retry_body);
	free(n->wanted);
	free(n);
}

static void nop_free_pending(struct cloud_pending *p)
{
	nop_free((struct nop *)p);
}

/* A new operation on what ("server", id), registered with c. */
static struct nop *nop_new(struct cloud *c, const char *kind, const char *name, void *arg)
{
	struct nop *n = xcalloc(1, sizeof *n);
	char *clean = sanitize_line(name ? name : "", 120);

	n->c = c;
	n->what = name ? xasprintf("%s %s", kind, clean) : xstrdup(kind);
	free(clean);
	n->arg = arg;
	n->p.free_fn = nop_free_pending;
	cloud_pending_add(c, &n->p);
	return n;
}

/* Unregister n (before calling back); the caller frees it after. */
static void nop_end(struct nop *n)
{
	cloud_pending_remove(&n->p);
}

/* Send one Nova request for n; on failure to start, n is unregistered and freed. */
static int nop_call(struct nop *n, const char *method, const char *path, const char *body, long ok_status,
		    cloud_call_fn fn)
{
	struct cloud_call_req req;
	int rc;

	memset(&req, 0, sizeof req);
	req.service = "compute";
	req.method = method;
	req.path = path;
	req.body = body;
	req.what = n->what;
	req.ok_status = ok_status;
	if ((rc = cloud_call_start(n->c, &req, fn, n)) < 0) {
		nop_end(n);
		nop_free(n);
	}
	return rc;
}

/* Follow every page of a Nova list for n; on failure to start, n is unregistered and freed. */
static int nop_list(struct nop *n, const char *path, const char *links, pager_page_fn page, pager_done_fn done)
{
	int rc = pager_run_start(&n->run, cloud_session(n->c), "compute", path, links, compute_api_headers(), page,
				 done, n);

	n->has_run = 1;
	if (rc < 0) {
		nop_end(n);
		nop_free(n);
	}
	return rc;
}

/* The message of a failed list: "cannot list WHAT: cause" (rc kept). */
static const char *nop_list_error(struct nop *n, int rc, const char *msg)
{
	char *clean = sanitize_line(msg ? msg : "", 300);

	err_set(rc, "cannot list %s: %s", n->what, clean);
	free(clean);
	return err_last();
}

/* ---- servers ---- */

static void nop_on_id(void *arg, int rc, const char *msg, long status, const cJSON *body,
		      int (*parse)(const char **, const cJSON *))
{
	struct nop *n = arg;
	const char *id = NULL;

	nop_end(n);
	if (rc == 0 && (rc = parse(&id, body)) < 0) {
		err_wrap(rc, "%s", n->what);
		msg = err_last();
	}
	n->id_done(n->arg, rc, rc ? msg : "", rc ? NULL : id);
	nop_free(n);
}

static void nop_on_created(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *n = arg;
	char *retry = n->retry_body;
	cloud_id_fn done = n->id_done;
	void *done_arg = n->arg;

	if (rc < 0 && status == 400 && retry && compute_reason_no_auto_network(msg)) {
		/* No network to pick and none to make: boot without one (ops.h); n stays registered. */
		n->retry_body = NULL;
		if ((rc = nop_call(n, "POST", "/servers", retry, 0, nop_on_created)) < 0)
			done(done_arg, rc, err_last(), NULL);   /* n is freed */
		free(retry);
		return;
	}
	nop_on_id(arg, rc, msg, status, body, compute_parse_created_id);
}

int cloud_server_create(struct cloud *c, const struct cloud_server_spec *spec, cloud_id_fn done, void *arg)
{
	struct nop *n;
	char *body = NULL, *retry = NULL;
	int rc;

	if ((rc = compute_build_server(&body, spec, 0)) < 0)
		return rc;
	if (spec->network_id == NULL && (rc = compute_build_server(&retry, spec, 1)) < 0)
		goto out;
	n = nop_new(c, "server", spec->name, arg);
	n->id_done = done;
	n->retry_body = retry;
	retry = NULL;
	rc = nop_call(n, "POST", "/servers", body, 0, nop_on_created);
out:
	free(body);
	free(retry);
	return rc;
}

static void nop_on_server(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *n = arg;
	struct server s;

	nop_end(n);
	memset(&s, 0, sizeof s);
	if (rc == 0 && (rc = compute_parse_server(&s, cJSON_GetObjectItemCaseSensitive(body, "server"))) < 0) {
		err_wrap(rc, "%s", n->what);
		msg = err_last();
	}
	n->server_done(n->arg, rc, rc ? msg : "", rc ? NULL : &s);
	model_server_dispose(&s);
	nop_free(n);
}

int cloud_server_get(struct cloud *c, const char *id, cloud_server_fn done, void *arg)
{
	struct nop *n;
	char *path;
	int rc;

	if (!cloud_call_safe_segment(id))
		return err_set(ERR_INVALID, "bad server id");
	n = nop_new(c, "server", id, arg);
	n->server_done = done;
	path = xasprintf("/servers/%s", id);
	rc = nop_call(n, "GET", path, NULL, 0, nop_on_server);
	free(path);
	return rc;
}

static int nop_on_servers_page(void *arg, const cJSON *page)
{
	struct nop *n = arg;

	return compute_parse_servers(&n->servers, &n->n_servers, page);
}

static void nop_on_servers_done(void *arg, int rc, const char *msg)
{
	struct nop *n = arg;

	nop_end(n);
	if (rc < 0)
		n->servers_done(n->arg, rc, nop_list_error(n, rc, msg), NULL, 0);
	else
		n->servers_done(n->arg, 0, "", n->servers, n->n_servers);
	nop_free(n);
}

int cloud_server_list(struct cloud *c, cloud_servers_fn done, void *arg)
{
	struct nop *n = nop_new(c, "servers", NULL, arg);

	n->servers_done = done;
	return nop_list(n, COMPUTE_SERVERS_PATH, COMPUTE_SERVERS_LINKS, nop_on_servers_page, nop_on_servers_done);
}

static void nop_on_console(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *n = arg;
	const char *text = NULL;

	nop_end(n);
	if (rc == 0 && (rc = compute_parse_console(&text, body)) < 0) {
		err_wrap(rc, "console of %s", n->what);
		msg = err_last();
	}
	if (rc == 0)
		text = compute_console_tail(text, n->max_lines);
	n->text_done(n->arg, rc, rc ? msg : "", rc ? NULL : text, rc ? 0 : strlen(text));
	nop_free(n);
}

int cloud_server_console(struct cloud *c, const char *id, int max_lines, cloud_text_fn done, void *arg)
{
	struct nop *n;
	char *path, *body;
	int rc;

	if (!cloud_call_safe_segment(id))
		return err_set(ERR_INVALID, "bad server id");
	if ((rc = compute_build_console(&body, max_lines)) < 0)
		return rc;
	n = nop_new(c, "server", id, arg);
	n->text_done = done;
	n->max_lines = max_lines;
	path = xasprintf("/servers/%s/action", id);
	rc = nop_call(n, "POST", path, body, 0, nop_on_console);
	free(path);
	free(body);
	return rc;
}

static void nop_on_status(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *n = arg;

	nop_end(n);
	n->status_done(n->arg, rc, rc ? msg : "", status);
	nop_free(n);
}

static void nop_on_stopped(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	if (rc < 0 && status == 409 && compute_reason_already_stopped(msg))
		rc = 0;
	nop_on_status(arg, rc, msg, status, body);
}

/* Start a request on /servers/{id}/... answered with a status only. */
static int nop_server_status(struct cloud *c, const char *id, const char *method, const char *suffix,
			     const char *body, long ok_status, cloud_call_fn fn, cloud_status_fn done, void *arg)
{
	struct nop *n;
	char *path;
	int rc;

	if (!cloud_call_safe_segment(id))
		return err_set(ERR_INVALID, "bad server id");
	n = nop_new(c, "server", id, arg);
	n->status_done = done;
	path = xasprintf("/servers/%s%s", id, suffix);
	rc = nop_call(n, method, path, body, ok_status, fn);
	free(path);
	return rc;
}

int cloud_server_stop(struct cloud *c, const char *id, cloud_status_fn done, void *arg)
{
	return nop_server_status(c, id, "POST", "/action", "{\"os-stop\":null}", 0, nop_on_stopped, done, arg);
}

int cloud_server_delete(struct cloud *c, const char *id, cloud_status_fn done, void *arg)
{
	return nop_server_status(c, id, "DELETE", "", NULL, 404, nop_on_status, done, arg);
}

static void nop_on_snapshot(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	nop_on_id(arg, rc, msg, status, body, compute_parse_snapshot_id);
}

int cloud_server_snapshot(struct cloud *c, const char *id, const char *name, const char *const *properties,
			  cloud_id_fn done, void *arg)
{
	struct nop *n;
	char *path, *body;
	int rc;

	if (!cloud_call_safe_segment(id))
		return err_set(ERR_INVALID, "bad server id");
	if ((rc = compute_build_snapshot(&body, name, properties)) < 0)
		return rc;
	n = nop_new(c, "server", id, arg);
	n->id_done = done;
	path = xasprintf("/servers/%s/action", id);
	rc = nop_call(n, "POST", path, body, 0, nop_on_snapshot);
	free(path);
	free(body);
	return rc;
}

/* ---- flavors ---- */

static int nop_on_flavors_page(void *arg, const cJSON *page)
{
	struct nop *n = arg;

	return compute_parse_flavors(&n->flavors, &n->n_flavors, page);
}

static void nop_on_flavors_done(void *arg, int rc, const char *msg)
{
	struct nop *n = arg;
	struct cloud_flavor f;
	long i = -1;

	nop_end(n);
	if (rc < 0)
		msg = nop_list_error(n, rc, msg);
	else if ((i = compute_flavor_match(n->flavors, n->n_flavors, n->wanted)) < 0) {
		rc = compute_flavor_not_found(n->flavors, n->n_flavors, n->wanted);
		msg = err_last();
	}
	if (rc < 0) {
		n->flavor_done(n->arg, rc, msg, NULL);
	} else {
		f.id = n->flavors[i].id;
		f.name = n->flavors[i].name;
		f.vcpus = n->flavors[i].vcpus;
		f.ram_mb = n->flavors[i].ram_mb;
		f.disk_gb = n->flavors[i].disk_gb;
		n->flavor_done(n->arg, 0, "", &f);
	}
	nop_free(n);
}

int cloud_flavor_find(struct cloud *c, const char *name_or_id, cloud_flavor_fn done, void *arg)
{
	struct nop *n;

	if (name_or_id == NULL || *name_or_id == '\0')
		return err_set(ERR_INVALID, "an empty flavor name");
	n = nop_new(c, "flavors", NULL, arg);
	n->flavor_done = done;
	n->wanted = xstrdup(name_or_id);
	return nop_list(n, COMPUTE_FLAVORS_PATH, COMPUTE_FLAVORS_LINKS, nop_on_flavors_page, nop_on_flavors_done);
}

/* ---- keypairs ---- */

/* 1 if name can be a keypair name in a URL path once encoded (no '/', no controls, not "." or ".."). */
static int nop_keypair_name_ok(const char *name)
{
	const unsigned char *s = (const unsigned char *)name;

	if (name == NULL || *name == '\0' || strlen(name) > COMPUTE_META_MAX || strcmp(name, ".") == 0 ||
	    strcmp(name, "..") == 0)
		return 0;
	for (; *s; s++)
		if (*s < 0x20 || *s == 0x7f || *s == '/')
			return 0;
	return 1;
}

int cloud_keypair_create(struct cloud *c, const char *name, const char *public_key, cloud_status_fn done,
			 void *arg)
{
	struct nop *n;
	char *body;
	int rc;

	if (!nop_keypair_name_ok(name))
		return err_set(ERR_INVALID, "bad keypair name");
	if ((rc = compute_build_keypair(&body, name, public_key)) < 0)
		return rc;
	n = nop_new(c, "keypair", name, arg);
	n->status_done = done;
	rc = nop_call(n, "POST", "/os-keypairs", body, 0, nop_on_status);
	free(body);
	return rc;
}

int cloud_keypair_delete(struct cloud *c, const char *name, cloud_status_fn done, void *arg)
{
	struct nop *n;
	char *path, *enc;
	int rc;

	if (!nop_keypair_name_ok(name))
		return err_set(ERR_INVALID, "bad keypair name");
	n = nop_new(c, "keypair", name, arg);
	n->status_done = done;
	enc = cloud_call_encode(name);
	path = xasprintf("/os-keypairs/%s", enc);
	rc = nop_call(n, "DELETE", path, NULL, 404, nop_on_status);
	free(path);
	free(enc);
	return rc;
}

static int nop_on_keypairs_page(void *arg, const cJSON *page)
{
	struct nop *n = arg;

	return compute_parse_keypair_names(&n->names, &n->n_names, page);
}

static void nop_on_keypairs_done(void *arg, int rc, const char *msg)
{
	struct nop *n = arg;

	nop_end(n);
	if (rc < 0)
		n->names_done(n->arg, rc, nop_list_error(n, rc, msg), NULL, 0);
	else
		n->names_done(n->arg, 0, "", (const char *const *)n->names, n->n_names);
	nop_free(n);
}

int cloud_keypair_list(struct cloud *c, cloud_names_fn done, void *arg)
{
	struct nop *n = nop_new(c, "keypairs", NULL, arg);

	n->names_done = done;
	return nop_list(n, COMPUTE_KEYPAIRS_PATH, COMPUTE_KEYPAIRS_LINKS, nop_on_keypairs_page, nop_on_keypairs_done);
}
