/* cluster_apply_run: keypair, Neutron and floating IP actions (deletes retried while in use); shared helpers. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cloud/ops.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/xmalloc.h"
#include "flow/cluster_apply_internal.h"

/* ---- helpers shared by the apply's files ---- */

double apply_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const struct plan_action *apply_pa(const struct apply_act *a)
{
	return &a->f->p->actions[a->i];
}

char *apply_label(const struct apply_act *a)
{
	return plan_action_label(a->f->p, a->i);
}

void apply_set(char **slot, const char *s)
{
	free(*slot);
	*slot = s ? xstrdup(s) : NULL;
}

const char *apply_ref(const struct flow_apply *f, const struct plan_ref *r)
{
	if (r->action >= 0)
		return (size_t)r->action < f->p->n_actions ? f->acts[r->action].id : NULL;
	return r->id;
}

double apply_backoff(struct apply_act *a)
{
	double next = a->wait_s * 1.5, jitter;

	if (next > APPLY_POLL_CAP_S)
		next = APPLY_POLL_CAP_S;
	/* xorshift64: enough to keep twenty servers' polls from marching in step. */
	a->f->rnd ^= a->f->rnd << 13;
	a->f->rnd ^= a->f->rnd >> 7;
	a->f->rnd ^= a->f->rnd << 17;
	jitter = 0.8 + 0.4 * (double)(a->f->rnd % 1000) / 1000.0;
	a->wait_s = next;
	return next * jitter;
}

/* ---- results ---- */

/* A create that answers with an id is done. */
static void run_on_id(void *arg, int rc, const char *msg, const char *id)
{
	struct apply_act *a = arg;
	char *label;

	if (apply_returned(a))
		return;
	if (rc < 0) {
		apply_end(a, rc, msg);
		return;
	}
	apply_set(&a->id, id);
	label = apply_label(a);
	apply_line(a->f, "created %s: %s", label, id);
	free(label);
	apply_end(a, 0, id);
}

/* The Neutron kind of a plan kind, for deletes. */
static enum net_kind run_net_kind(enum plan_kind k)
{
	switch (k) {
	case PLAN_NETWORK: return NET_NETWORK;
	case PLAN_SUBNET: return NET_SUBNET;
	case PLAN_ROUTER: return NET_ROUTER;
	case PLAN_SECGROUP: return NET_SECGROUP;
	case PLAN_FIP: return NET_FIP;
	default: return NET_NKINDS;
	}
}

/* A call answered with a status (keypair create, interface, rule, deletes). */
static void run_on_status(void *arg, int rc, const char *msg, long status)
{
	struct apply_act *a = arg;
	const struct plan_action *pa;
	char *label, *what;

	if (apply_returned(a))
		return;
	pa = apply_pa(a);
	if (rc < 0 && status == 409 && pa->op == PLAN_DELETE && pa->kind != PLAN_KEYPAIR && pa->kind != PLAN_FIP &&
	    ++a->tries < a->f->o.busy_tries) {
		/* Ports of a server just gone, a DHCP port: Neutron lets go of them a little later. */
		double wait;

		a->wait_s = a->tries == 1 ? 2.0 / 1.5 : a->wait_s;
		wait = apply_backoff(a);
		label = apply_label(a);
		apply_line(a->f, "%s is still in use (%s): trying again in %.0f s (%d of %d)", label, msg, wait, a->tries + 1,
			   a->f->o.busy_tries);
		apply_running(a, "in use, try %d of %d", a->tries + 1, a->f->o.busy_tries);
		what = xasprintf("waiting to delete %s, still in use", label);
		free(label);
		apply_later(a, wait, what);
		free(what);
		return;
	}
	if (rc < 0) {
		apply_end(a, rc, msg);
		return;
	}
	label = apply_label(a);
	apply_line(a->f, "%s %s", pa->op == PLAN_CREATE ? "created" : "deleted", label);
	free(label);
	apply_end(a, 0, pa->op == PLAN_CREATE ? "created" : "deleted");
}

/* ---- floating IPs ---- */

static void run_fip_ports(struct apply_act *a);

static void run_on_fip(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct apply_act *a = arg;
	struct flow_apply *f = a->f;
	char *label;

	if (apply_returned(a))
		return;
	if (rc == 0 && n < 1) {
		rc = err_set(ERR_HTTP, "Neutron answered the floating IP create without the floating IP");
		msg = err_last();
	}
	if (rc < 0) {
		apply_end(a, rc, msg);
		return;
	}
	apply_set(&a->id, v[0].id);
	apply_set(&a->address, v[0].address);
	apply_set(&f->master_floating, v[0].address);
	if (a->fixed)
		apply_set(&f->master_fixed, a->fixed);
	label = apply_label(a);
	apply_line(f, "created %s: %s on %s", label, v[0].address ? v[0].address : v[0].id, a->fixed ? a->fixed : a->port);
	free(label);
	apply_end(a, 0, v[0].address ? v[0].address : v[0].id);
}

/* The master's network, when this plan creates the master: its port there is the one for the floating IP. */
static const char *run_master_network(struct apply_act *a)
{
	const struct plan_ref *server = &apply_pa(a)->server;

	if (server->action < 0 || (size_t)server->action >= a->f->p->n_actions)
		return NULL;
	return apply_ref(a->f, &a->f->p->actions[server->action].network);
}

static void run_on_ports(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct apply_act *a = arg;
	const struct plan_action *pa;
	const struct net_resource *pick = NULL;
	const char *net;
	char **tags, *desc;
	size_t i;

	if (apply_returned(a))
		return;
	if (rc < 0) {
		apply_end(a, rc, msg);
		return;
	}
	pa = apply_pa(a);
	net = run_master_network(a);
	for (i = 0; i < n; i++)
		if (v[i].address && *v[i].address && (pick == NULL || (net && v[i].network_id &&
								   strcmp(v[i].network_id, net) == 0)))
			pick = &v[i];
	if (pick == NULL) {
		if (++a->tries < APPLY_PORT_TRIES) {
			a->wait_s = a->tries == 1 ? a->f->o.poll_s / 1.5 : a->wait_s;
			apply_later(a, apply_backoff(a), "waiting for the master's port");
			return;
		}
		apply_end(a, ERR_NOTFOUND, "the master has no port with an address to put the floating IP on");
		return;
	}
	apply_set(&a->port, pick->id);
	apply_set(&a->fixed, pick->address);
	a->phase = APPLY_PH_FIP;
	tags = plan_tags(a->f->p->cluster);
	desc = plan_description(a->f->p->cluster);
	apply_call(a, cloud_fip_create(a->f->c, pa->external_network_id, a->port, desc, (const char *const *)tags,
				       run_on_fip, a));
	free(desc);
	plan_strv_free(tags);
}

static void run_fip_ports(struct apply_act *a)
{
	const char *server = apply_ref(a->f, &apply_pa(a)->server);
	char *enc, *query;

	if (server == NULL || apply_pa(a)->external_network_id == NULL) {
		apply_end(a, ERR_INVALID, "the plan names no master or no external network for the floating IP");
		return;
	}
	a->phase = APPLY_PH_PORTS;
	enc = cloud_call_encode(server);
	query = xasprintf("device_id=%s", enc);
	apply_call(a, cloud_net_list(a->f->c, NET_PORT, query, run_on_ports, a));
	free(query);
	free(enc);
}

/* ---- starting an action ---- */

/* A NULL-terminated copy of the subnet's name servers (the strings are the plan's), or NULL. */
static const char **run_dns(const struct plan_action *pa)
{
	const char **v;

	if (pa->n_dns == 0)
		return NULL;
	v = xcalloc(pa->n_dns + 1, sizeof *v);
	for (size_t i = 0; i < pa->n_dns; i++)
		v[i] = pa->dns[i];
	return v;
}

/* Start the create of a keypair or Neutron resource; the call's rc (an error ends the action). */
static int run_create(struct apply_act *a, const struct plan_action *pa)
{
	struct flow_apply *f = a->f;
	char **tags = plan_tags(f->p->cluster), *desc = plan_description(f->p->cluster);
	const char *const *t = (const char *const *)tags;
	const char **dns;
	int rc = ERR_INVALID;

	switch (pa->kind) {
	case PLAN_KEYPAIR:
		apply_set(&a->id, pa->name);
		rc = cloud_keypair_create(f->c, pa->name, pa->public_key, run_on_status, a);
		break;
	case PLAN_NETWORK:
		rc = cloud_network_create(f->c, pa->name, desc, t, run_on_id, a);
		break;
	case PLAN_SUBNET:
		dns = run_dns(pa);
		rc = cloud_subnet_create(f->c, apply_ref(f, &pa->network), pa->name, pa->cidr, dns, desc, t, run_on_id,
					 a);
		free(dns);
		break;
	case PLAN_ROUTER:
		rc = cloud_router_create(f->c, pa->name, pa->external_network_id, desc, t, run_on_id, a);
		break;
	case PLAN_IFACE:
		apply_set(&a->id, apply_ref(f, &pa->router));
		rc = cloud_router_add_subnet(f->c, a->id, apply_ref(f, &pa->subnet), run_on_status, a);
		break;
	case PLAN_SECGROUP:
		rc = cloud_secgroup_create(f->c, pa->name, desc, t, run_on_id, a);
		break;
	case PLAN_RULE:
		rc = cloud_secgroup_add_rule(f->c, apply_ref(f, &pa->secgroup), pa->protocol, pa->port_min,
					     pa->port_max, pa->cidr, run_on_status, a);
		break;
	default:
		rc = err_set(ERR_INVALID, "no create for a %s here", plan_kind_name(pa->kind));
		break;
	}
	free(desc);
	plan_strv_free(tags);
	return rc;
}

/* Start the delete of a keypair or Neutron resource; the call's rc. */
static int run_delete(struct apply_act *a, const struct plan_action *pa)
{
	struct flow_apply *f = a->f;

	switch (pa->kind) {
	case PLAN_KEYPAIR:
		return cloud_keypair_delete(f->c, pa->id, run_on_status, a);
	case PLAN_IFACE:
		return cloud_router_remove_subnet(f->c, pa->id, apply_ref(f, &pa->subnet), run_on_status, a);
	case PLAN_NETWORK: case PLAN_SUBNET: case PLAN_ROUTER: case PLAN_SECGROUP: case PLAN_FIP:
		return cloud_net_delete(f->c, run_net_kind(pa->kind), pa->id, run_on_status, a);
	case PLAN_RULE:
		return err_set(ERR_INVALID, "security group rules go with their group; sparkdeck does not delete one "
			       "alone: make the plan again");
	default:
		return err_set(ERR_INVALID, "no delete for a %s here", plan_kind_name(pa->kind));
	}
}

/* 1 when an input the action needs is missing (it is then ended). */
static int run_missing_input(struct apply_act *a, const struct plan_action *pa)
{
	const struct plan_ref *refs[] = { &pa->network, &pa->subnet, &pa->router, &pa->secgroup, &pa->server };
	static const char *const names[] = { "network", "subnet", "router", "security group", "server" };

	for (size_t k = 0; k < sizeof refs / sizeof refs[0]; k++) {
		if (refs[k]->action >= 0 && apply_ref(a->f, refs[k]) == NULL) {
			char *m = xasprintf("the %s it needs (action %ld) has no id", names[k], refs[k]->action + 1);

			apply_end(a, ERR_INVALID, m);
			free(m);
			return 1;
		}
	}
	return 0;
}

void apply_start(struct apply_act *a)
{
	const struct plan_action *pa = apply_pa(a);

	a->phase = APPLY_PH_CALL;
	a->tries = 0;
	if (pa->op == PLAN_DELETE && pa->id == NULL) {
		apply_end(a, ERR_INVALID, "the plan does not say what to delete");
		return;
	}
	if (pa->op == PLAN_DELETE)
		apply_set(&a->id, pa->id);   /* interfaces: the router's id */
	if (run_missing_input(a, pa))
		return;
	if (pa->kind == PLAN_SERVER) {
		if (pa->op == PLAN_CREATE)
			apply_server_create(a);
		else
			apply_server_delete(a);
		return;
	}
	if (pa->kind == PLAN_FIP && pa->op == PLAN_CREATE) {
		run_fip_ports(a);
		return;
	}
	apply_call(a, pa->op == PLAN_CREATE ? run_create(a, pa) : run_delete(a, pa));
}

void apply_resume(struct apply_act *a)
{
	const struct plan_action *pa = apply_pa(a);

	if (pa->kind == PLAN_SERVER) {
		apply_server_resume(a);
		return;
	}
	if (pa->kind == PLAN_FIP && pa->op == PLAN_CREATE) {
		run_fip_ports(a);
		return;
	}
	apply_call(a, run_delete(a, pa));   /* a delete answered "in use" */
}
