/* network_ops: the Neutron half of ops.h, asynchronous (bodies and parsing in network.c). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/call.h"
#include "cloud/cloud_internal.h"
#include "cloud/network.h"
#include "cloud/ops.h"
#include "cloud/pager.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

#define NOP_SERVICE "network"

enum nop_op { NOP_LIST, NOP_CREATE, NOP_DELETE, NOP_ADD_INTERFACE, NOP_STATUS };

/* One operation: a list (pages), a create (+ tags, + rollback) or a single request. */
struct nop {
	struct cloud_pending p;         /* first: cloud_free() frees through it */
	struct cloud *c;
	enum nop_op op;
	enum net_kind kind;
	char *what;                     /* for messages: "network 1234", "router 'x'" */
	char *subnet_id;                /* router interfaces: the subnet */
	char *tags_body;                /* create: the PUT .../tags body, or NULL */
	struct net_resource res;        /* create: what Neutron made */
	int has_run;
	struct pager_run run;           /* list */
	struct net_resource *v;         /* list: the resources so far */
	size_t n;
	int fail_rc;                    /* create: the tagging error reported after the rollback */
	char *fail_msg;
	cloud_id_fn idone;
	cloud_status_fn sdone;
	cloud_nets_fn ndone;
	void *arg;
};

static void nop_free(struct nop *m)
{
	if (m->has_run)
		pager_run_dispose(&m->run);
	network_resources_free(m->v, m->n);
	net_resource_dispose(&m->res);
	free(m->what);
	free(m->subnet_id);
	free(m->tags_body);
	free(m->fail_msg);
	free(m);
}

static void nop_free_pending(struct cloud_pending *p)
{
	nop_free((struct nop *)p);
}

static struct nop *nop_new(struct cloud *c, enum nop_op op, enum net_kind kind, char *what, void *arg)
{
	struct nop *m = xcalloc(1, sizeof *m);

	m->c = c;
	m->op = op;
	m->kind = kind;
	m->what = sanitize_line(what, 160);     /* ids may hold control characters */
	free(what);
	m->arg = arg;
	m->p.free_fn = nop_free_pending;
	cloud_pending_add(c, &m->p);
	return m;
}

/* Unregister and free m when it could not start (no callback). */
static int nop_abort(struct nop *m, int rc)
{
	cloud_pending_remove(&m->p);
	nop_free(m);
	return rc;
}

/* Call back exactly once with the outcome and free m. */
static void nop_finish(struct nop *m, int rc, const char *msg, long status)
{
	int created = m->op == NOP_CREATE && rc == 0;
	char *safe = rc < 0 ? sanitize_line(msg, 1024) : NULL;

	cloud_pending_remove(&m->p);
	msg = safe ? safe : "";
	if (m->sdone)
		m->sdone(m->arg, rc, msg, status);
	else if (m->idone)
		m->idone(m->arg, rc, msg, created ? m->res.id : NULL);
	else if (m->ndone && m->op == NOP_LIST)
		m->ndone(m->arg, rc, msg, rc == 0 ? m->v : NULL, rc == 0 ? m->n : 0);
	else if (m->ndone)
		m->ndone(m->arg, rc, msg, created ? &m->res : NULL, created ? 1 : 0);
	free(safe);
	nop_free(m);
}

static int nop_call(struct nop *m, const char *method, const char *path, const char *body, const char *what,
		    long ok_status, cloud_call_fn fn)
{
	struct cloud_call_req req;

	memset(&req, 0, sizeof req);
	req.service = NOP_SERVICE;
	req.method = method;
	req.path = path;
	req.body = body;
	req.what = what;
	req.ok_status = ok_status;
	return cloud_call_start(m->c, &req, fn, m);
}

/* "/networks/ID" + suffix (new string). */
static char *nop_path(enum net_kind k, const char *id, const char *suffix)
{
	return xasprintf("/%s/%s%s", network_kind_info(k)->collection, id, suffix ? suffix : "");
}

static int nop_check_kind(enum net_kind k)
{
	return network_kind_info(k) ? 0 : err_set(ERR_INVALID, "unknown Neutron resource kind %d", (int)k);
}

/* 0 if id is a usable id (it may go into a URL path); else ERR_INVALID naming what. */
static int nop_check_id(const char *id, const char *what)
{
	return cloud_call_safe_segment(id) ? 0 : err_set(ERR_INVALID, "bad %s id: give a Neutron id", what);
}

/* 0 if every tag is a non-empty string. */
static int nop_check_tags(const char *const *tags)
{
	size_t i;

	for (i = 0; tags && tags[i]; i++)
		if (*tags[i] == '\0')
			return err_set(ERR_INVALID, "an empty tag: give every Neutron tag some text");
	return 0;
}

/* ---- lists ---- */

/* 1 if query can go into the URL as it is (NULL too): no spaces, controls or '#'. */
static int nop_query_ok(const char *query)
{
	const unsigned char *p;

	for (p = (const unsigned char *)query; p && *p; p++)
		if (*p <= ' ' || *p == 0x7f || *p == '#')
			return 0;
	return 1;
}

static int nop_on_page(void *arg, const cJSON *page)
{
	struct nop *m = arg;

	return network_parse_page(&m->v, &m->n, m->kind, page);
}

static void nop_on_list_done(void *arg, int rc, const char *msg)
{
	struct nop *m = arg;

	char *cause;

	if (rc < 0) {
		cause = xstrdup(msg);   /* it may be err_last() itself */
		rc = err_set(rc, "listing %ss: %s", net_kind_name(m->kind), cause);
		free(cause);
	}
	nop_finish(m, rc, err_last(), 0);
}

int cloud_net_list(struct cloud *c, enum net_kind k, const char *query, cloud_nets_fn done, void *arg)
{
	const struct network_kind_info *ki = network_kind_info(k);
	struct nop *m;
	char *path;
	int rc;

	if ((rc = nop_check_kind(k)) < 0)
		return rc;
	if (!nop_query_ok(query))
		return err_set(ERR_INVALID, "bad %s list query: encode its values (no spaces or '#')",
			       net_kind_name(k));
	m = nop_new(c, NOP_LIST, k, xasprintf("%ss", net_kind_name(k)), arg);
	m->ndone = done;
	path = xasprintf("/%s?limit=%d%s%s", ki->collection, NETWORK_PAGE_LIMIT, query && *query ? "&" : "",
			 query && *query ? query : "");
	rc = pager_run_start(&m->run, cloud_session(c), NOP_SERVICE, path, ki->links_key, NULL, nop_on_page,
			     nop_on_list_done, m);
	m->has_run = 1;
	free(path);
	return rc < 0 ? nop_abort(m, rc) : 0;
}

/* ---- single requests answered with a status ---- */

/* Neutron's reason in a message "WHAT: reason" from call.c. */
static const char *nop_reason(const struct nop *m, const char *msg)
{
	size_t n = strlen(m->what);

	return strncmp(msg, m->what, n) == 0 && strncmp(msg + n, ": ", 2) == 0 ? msg + n + 2 : msg;
}

static void nop_on_status(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *m = arg;
	const char *reason;
	size_t len;

	(void)body;
	if (rc < 0 && m->op == NOP_ADD_INTERFACE && status == 400 &&
	    network_is_duplicate_interface(nop_reason(m, msg), m->subnet_id))
		rc = 0;
	else if (rc < 0 && m->op == NOP_DELETE && status == 409) {
		reason = nop_reason(m, msg);
		len = strlen(reason);
		while (len > 0 && (reason[len - 1] == '.' || reason[len - 1] == ' '))
			len--;
		rc = err_set(ERR_HTTP, "cannot delete %s: %.*s; %s", m->what, (int)len, reason,
			     network_in_use_hint(m->kind));
		msg = err_last();
	}
	nop_finish(m, rc, msg, status);
}

/* Start one request whose outcome is a status; m takes what, the rest is copied. */
static int nop_start_status(struct cloud *c, enum nop_op op, enum net_kind k, char *what, const char *subnet_id,
			    const char *method, const char *path, const char *body, long ok_status,
			    cloud_status_fn done, void *arg)
{
	struct nop *m = nop_new(c, op, k, what, arg);
	int rc;

	m->sdone = done;
	m->subnet_id = xstrdup(subnet_id);
	rc = nop_call(m, method, path, body, m->what, ok_status, nop_on_status);
	return rc < 0 ? nop_abort(m, rc) : 0;
}

int cloud_net_delete(struct cloud *c, enum net_kind k, const char *id, cloud_status_fn done, void *arg)
{
	char *path, *what;
	int rc;

	if ((rc = nop_check_kind(k)) < 0 || (rc = nop_check_id(id, net_kind_name(k))) < 0)
		return rc;
	path = nop_path(k, id, NULL);
	what = xasprintf("%s %s", net_kind_name(k), id);
	rc = nop_start_status(c, NOP_DELETE, k, what, NULL, "DELETE", path, NULL, 404, done, arg);
	free(path);
	return rc;
}

/* add_router_interface or remove_router_interface. */
static int nop_router_interface(struct cloud *c, const char *router_id, const char *subnet_id, int add,
				cloud_status_fn done, void *arg)
{
	char *path, *body, *what;
	int rc;

	if ((rc = nop_check_id(router_id, "router")) < 0 || (rc = nop_check_id(subnet_id, "subnet")) < 0)
		return rc;
	path = nop_path(NET_ROUTER, router_id, add ? "/add_router_interface" : "/remove_router_interface");
	body = network_build_interface(subnet_id);
	what = xasprintf("router %s (%s subnet %s)", router_id, add ? "attaching" : "detaching", subnet_id);
	rc = nop_start_status(c, add ? NOP_ADD_INTERFACE : NOP_STATUS, NET_ROUTER, what, subnet_id, "PUT", path,
			      body, add ? 0 : 404, done, arg);
	free(path);
	free(body);
	return rc;
}

int cloud_router_add_subnet(struct cloud *c, const char *router_id, const char *subnet_id, cloud_status_fn done,
			    void *arg)
{
	return nop_router_interface(c, router_id, subnet_id, 1, done, arg);
}

int cloud_router_remove_subnet(struct cloud *c, const char *router_id, const char *subnet_id,
			       cloud_status_fn done, void *arg)
{
	return nop_router_interface(c, router_id, subnet_id, 0, done, arg);
}

int cloud_secgroup_add_rule(struct cloud *c, const char *secgroup_id, const char *protocol, int port_min,
			    int port_max, const char *remote_cidr, cloud_status_fn done, void *arg)
{
	char *body, *what;
	int rc;

	if ((rc = nop_check_id(secgroup_id, "security group")) < 0 ||
	    (rc = network_build_rule(&body, secgroup_id, protocol, port_min, port_max, remote_cidr)) < 0)
		return rc;
	what = xasprintf("rule %s %d-%d from %s of security group %s", protocol ? protocol : "any", port_min,
			 port_max, remote_cidr ? remote_cidr : "anywhere", secgroup_id);
	rc = nop_start_status(c, NOP_STATUS, NET_SECGROUP, what, NULL, "POST", "/security-group-rules", body, 409,
			      done, arg);
	free(body);
	return rc;
}

/* ---- creates: POST, then PUT the tags, deleting the new resource if that fails ---- */

static void nop_on_rolled_back(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *m = arg;
	char *cause = xstrdup(msg);     /* it may be err_last() itself */

	(void)status;
	(void)body;
	if (rc == 0)
		err_set(m->fail_rc, "%s; the new %s was deleted again", m->fail_msg, net_kind_name(m->kind));
	else
		err_set(m->fail_rc, "%s; deleting the new %s %s failed too (%s): delete it by hand", m->fail_msg,
			net_kind_name(m->kind), m->res.id, cause);
	free(cause);
	nop_finish(m, m->fail_rc, err_last(), 0);
}

/* Report rc/msg after trying to delete what was created. */
static void nop_roll_back(struct nop *m, int rc, const char *msg)
{
	char *path = nop_path(m->kind, m->res.id, NULL), *what;

	m->fail_rc = rc;
	m->fail_msg = xstrdup(msg);
	what = xasprintf("%s %s", net_kind_name(m->kind), m->res.id);
	rc = nop_call(m, "DELETE", path, NULL, what, 404, nop_on_rolled_back);
	free(path);
	free(what);
	if (rc < 0)
		nop_on_rolled_back(m, rc, err_last(), 0, NULL);
}

static void nop_on_tagged(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *m = arg;

	if (rc < 0) {
		nop_roll_back(m, rc, msg);
		return;
	}
	if (body == NULL || network_parse_tags(&m->res, body) < 0)
		err_clear();    /* tagged (2xx); only the echo was odd: keep the id */
	nop_finish(m, 0, "", status);
}

static void nop_on_created(void *arg, int rc, const char *msg, long status, const cJSON *body)
{
	struct nop *m = arg;
	char *path, *what;

	if (rc == 0 && (rc = network_parse_created(&m->res, m->kind, body)) < 0) {
		err_wrap(rc, "creating %s", m->what);
		msg = err_last();
	}
	if (rc < 0 || m->tags_body == NULL) {
		nop_finish(m, rc, msg, status);
		return;
	}
	if (!cloud_call_safe_segment(m->res.id)) {
		rc = err_set(ERR_PARSE, "Neutron gave the new %s an id that cannot go into a URL", m->what);
		nop_finish(m, rc, err_last(), status);
		return;
	}
	path = nop_path(m->kind, m->res.id, "/tags");
	what = xasprintf("tagging %s %s", net_kind_name(m->kind), m->res.id);
	rc = nop_call(m, "PUT", path, m->tags_body, what, 0, nop_on_tagged);
	free(path);
	free(what);
	if (rc < 0)
		nop_roll_back(m, rc, err_last());
}

/* Create a resource of kind k from body and tag it; done or ndone gets it. */
static int nop_create(struct cloud *c, enum net_kind k, char *what, const char *body, const char *const *tags,
		      cloud_id_fn idone, cloud_nets_fn ndone, void *arg)
{
	struct nop *m;
	char *path;
	int rc;

	if ((rc = nop_check_tags(tags)) < 0) {
		free(what);
		return rc;
	}
	m = nop_new(c, NOP_CREATE, k, what, arg);
	m->idone = idone;
	m->ndone = ndone;
	if (tags && tags[0])
		m->tags_body = network_build_tags(tags);
	path = xasprintf("/%s", network_kind_info(k)->collection);
	rc = nop_call(m, "POST", path, body, m->what, 0, nop_on_created);
	free(path);
	return rc < 0 ? nop_abort(m, rc) : 0;
}

int cloud_network_create(struct cloud *c, const char *name, const char *description, const char *const *tags,
			 cloud_id_fn done, void *arg)
{
	char *body = network_build_network(name, description);
	int rc;

	rc = nop_create(c, NET_NETWORK, xasprintf("network '%s'", name ? name : ""), body, tags, done, NULL, arg);
	free(body);
	return rc;
}

int cloud_subnet_create(struct cloud *c, const char *network_id, const char *name, const char *cidr,
			const char *const *dns, const char *description, const char *const *tags, cloud_id_fn done,
			void *arg)
{
	char *body;
	int rc;

	if ((rc = nop_check_id(network_id, "network")) < 0)
		return rc;
	if (cidr == NULL || *cidr == '\0')
		return err_set(ERR_INVALID, "a subnet needs a CIDR (10.0.0.0/24, say)");
	body = network_build_subnet(network_id, name, cidr, dns, description);
	rc = nop_create(c, NET_SUBNET, xasprintf("subnet '%s' (%s)", name ? name : "", cidr), body, tags, done,
			NULL, arg);
	free(body);
	return rc;
}

int cloud_router_create(struct cloud *c, const char *name, const char *external_network_id,
			const char *description, const char *const *tags, cloud_id_fn done, void *arg)
{
	char *body;
	int rc;

	if (external_network_id && (rc = nop_check_id(external_network_id, "external network")) < 0)
		return rc;
	body = network_build_router(name, external_network_id, description);
	rc = nop_create(c, NET_ROUTER, xasprintf("router '%s'", name ? name : ""), body, tags, done, NULL, arg);
	free(body);
	return rc;
}

int cloud_secgroup_create(struct cloud *c, const char *name, const char *description, const char *const *tags,
			  cloud_id_fn done, void *arg)
{
	char *body = network_build_secgroup(name, description);
	int rc;

	rc = nop_create(c, NET_SECGROUP, xasprintf("security group '%s'", name ? name : ""), body, tags, done,
			NULL, arg);
	free(body);
	return rc;
}

int cloud_fip_create(struct cloud *c, const char *external_network_id, const char *port_id,
		     const char *description, const char *const *tags, cloud_nets_fn done, void *arg)
{
	char *body;
	int rc;

	if ((rc = nop_check_id(external_network_id, "external network")) < 0 ||
	    (port_id && (rc = nop_check_id(port_id, "port")) < 0))
		return rc;
	body = network_build_fip(external_network_id, port_id, description);
	rc = nop_create(c, NET_FIP, xasprintf("floating IP on network %s", external_network_id), body, tags, NULL,
			done, arg);
	free(body);
	return rc;
}
