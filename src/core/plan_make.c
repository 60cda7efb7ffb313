/* plan_make: what to delete, replace and create to take the observed cluster to its goal (pure). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/spec.h"
#include "core/xmalloc.h"

int plan_seen_cmp(const void *a, const void *b)
{
	const struct plan_seen *x = *(const struct plan_seen *const *)a, *y = *(const struct plan_seen *const *)b;
	int c;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	if ((c = strcmp(x->name ? x->name : "", y->name ? y->name : "")) != 0)
		return c;
	return strcmp(x->id, y->id);
}

static int mk_gone(const struct plan_seen *s)
{
	return s->kind == PLAN_SERVER && s->status &&
	       (strcmp(s->status, "DELETED") == 0 || strcmp(s->status, "SOFT_DELETED") == 0);
}

static void mk_delete(struct plan_mk_res *r, char *why)
{
	r->del = 1;
	free(r->why);
	r->why = why;
}

static struct plan_mk_res *mk_find(struct plan_mk *m, enum plan_kind k, const char *id)
{
	for (size_t i = 0; id && i < m->n; i++)
		if (m->r[i].s->kind == k && strcmp(m->r[i].s->id, id) == 0)
			return &m->r[i];
	return NULL;
}

/* Keep the first resource of kind k that ok() accepts (any when ok is NULL); delete the others. */
static struct plan_mk_res *mk_keep_one(struct plan_mk *m, enum plan_kind k, int (*ok)(struct plan_mk *, const struct plan_seen *))
{
	struct plan_mk_res *kept = NULL;

	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].s->kind == k && !kept && (ok == NULL || ok(m, m->r[i].s)))
			kept = &m->r[i];
	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].s->kind == k && &m->r[i] != kept)
			mk_delete(&m->r[i], xstrdup("not part of the spec"));
	if (kept) {
		kept->del = 0;
		free(kept->why);
		kept->why = NULL;
	}
	return kept;
}

static int mk_net_has_subnet(struct plan_mk *m, const struct plan_seen *s)
{
	for (size_t i = 0; i < m->n; i++)
		if (m->r[i].s->kind == PLAN_SUBNET && plan_str_eq(m->r[i].s->network_id, s->id) &&
		    plan_str_eq(m->r[i].s->cidr, m->sp->cidr))
			return 1;
	return 0;
}

static int mk_subnet_ok(struct plan_mk *m, const struct plan_seen *s)
{
	return m->network && plan_str_eq(s->network_id, m->network->s->id) && plan_str_eq(s->cidr, m->sp->cidr);
}

static int mk_router_ok(struct plan_mk *m, const struct plan_seen *s)
{
	return plan_str_eq(s->network_id, m->t->external_network_id);
}

/* The network, subnet, router, interface and security group to keep; ERR_CONFIG for what cannot change. */
static int mk_decide_net(struct plan_mk *m)
{
	size_t i;

	m->keypair = mk_keep_one(m, PLAN_KEYPAIR, NULL);
	m->network = mk_keep_one(m, PLAN_NETWORK, mk_net_has_subnet);
	if (m->network == NULL)
		m->network = mk_keep_one(m, PLAN_NETWORK, NULL);
	for (i = 0; i < m->n; i++)
		if (m->r[i].s->kind == PLAN_SUBNET && m->network && plan_str_eq(m->r[i].s->network_id, m->network->s->id) &&
		    !plan_str_eq(m->r[i].s->cidr, m->sp->cidr))
			return err_set(ERR_CONFIG, "subnet %s of cluster %s has CIDR %s but the spec asks for %s: put cidr "
				       "back, or destroy the cluster before changing it", m->r[i].s->name ? m->r[i].s->name
				       : m->r[i].s->id, m->sp->ref, m->r[i].s->cidr ? m->r[i].s->cidr : "(none)", m->sp->cidr);
	m->subnet = mk_keep_one(m, PLAN_SUBNET, mk_subnet_ok);
	for (i = 0; i < m->n; i++)
		if (m->r[i].s->kind == PLAN_ROUTER && !mk_router_ok(m, m->r[i].s))
			return err_set(ERR_CONFIG, "router %s of cluster %s has its gateway on network %s but the spec's "
				       "external network is %s (%s): put external_network back, or destroy the cluster "
				       "before changing it", m->r[i].s->name ? m->r[i].s->name : m->r[i].s->id, m->sp->ref,
				       m->r[i].s->network_id ? m->r[i].s->network_id : "(none)", m->sp->external_network,
				       m->t->external_network_id);
	m->router = mk_keep_one(m, PLAN_ROUTER, NULL);
	for (i = 0; i < m->n; i++) {
		struct plan_mk_res *r = &m->r[i], *sub, *router;

		if (r->s->kind != PLAN_IFACE)
			continue;
		sub = mk_find(m, PLAN_SUBNET, r->s->subnet_id);      /* NULL: not the cluster's subnet */
		router = mk_find(m, PLAN_ROUTER, r->s->id);          /* always found: that is how it is ours */
		if (router && router == m->router && sub && sub == m->subnet)
			m->iface = r;
		else if ((router && router->del) || (sub && sub->del))
			mk_delete(r, NULL);   /* it goes with its router or subnet */
	}
	m->secgroup = mk_keep_one(m, PLAN_SECGROUP, NULL);
	return 0;
}

/* The reason a kept server must be replaced (new), or NULL when it is right. */
static char *mk_server_drift(struct plan_mk *m, const struct plan_seen *s, const struct plan_flavor *f)
{
	const char *old = s->flavor_name ? s->flavor_name : s->flavor_id;
	int flavor = 0, image;

	if (s->status && strcmp(s->status, "ERROR") == 0)
		return xasprintf("ERROR: %s", s->fault && *s->fault ? s->fault : "no fault message");
	if (s->flavor_id && *s->flavor_id && f->id)
		flavor = strcmp(s->flavor_id, f->id) != 0;
	else if (s->flavor_name && *s->flavor_name && f->name)
		flavor = strcmp(s->flavor_name, f->name) != 0;
	image = s->image_id && *s->image_id && m->t->image_id && strcmp(s->image_id, m->t->image_id) != 0;
	if (flavor && image)
		return xasprintf("flavor %s -> %s, image %s -> %s", old, f->name ? f->name : f->id, s->image_id,
				 m->t->image_name ? m->t->image_name : m->t->image_id);
	if (flavor)
		return xasprintf("flavor %s -> %s", old, f->name ? f->name : f->id);
	if (image)
		return xasprintf("image %s -> %s", s->image_id, m->t->image_name ? m->t->image_name : m->t->image_id);
	return NULL;
}

/* Put each server in its slot (master, worker 1..N), keep the best of each, delete the rest. */
static void mk_decide_servers(struct plan_mk *m)
{
	size_t i, nslots = (size_t)m->sp->workers + 1;

	m->slot = xcalloc(nslots, sizeof *m->slot);
	for (i = 0; i < m->n; i++) {
		struct plan_mk_res *r = &m->r[i];
		enum plan_role role;
		int idx;
		size_t k;

		if (r->s->kind != PLAN_SERVER)
			continue;
		role = plan_seen_role(r->s);
		idx = plan_seen_index(r->s);
		if (role == PLAN_ROLE_MASTER)
			k = 0;
		else if (role == PLAN_ROLE_WORKER && idx >= 1 && (size_t)idx < nslots)
			k = (size_t)idx;
		else {
			mk_delete(r, role == PLAN_ROLE_NONE ? xstrdup("no role") : role == PLAN_ROLE_WORKER && idx == 0
				  ? xstrdup("no worker index") : NULL);
			continue;
		}
		if (m->slot[k] == NULL || (plan_str_eq(m->slot[k]->s->status, "ERROR") &&
					   !plan_str_eq(r->s->status, "ERROR"))) {
			if (m->slot[k])
				mk_delete(m->slot[k], xstrdup("duplicate"));
			m->slot[k] = r;
		} else {
			mk_delete(r, xstrdup("duplicate"));
		}
	}
	for (i = 0; i < nslots; i++) {
		char *why;

		if (m->slot[i] == NULL)
			continue;
		why = mk_server_drift(m, m->slot[i]->s, i == 0 ? &m->t->master : &m->t->worker);
		if (why) {
			mk_delete(m->slot[i], why);
			m->slot[i]->replace = 1;
		}
	}
}

/* Keep one floating IP on the master when the spec wants one; replace or delete the others. */
static void mk_decide_fip(struct plan_mk *m)
{
	struct plan_mk_res *master = m->slot[0] && !m->slot[0]->del ? m->slot[0] : NULL, *spare = NULL;

	for (size_t i = 0; i < m->n; i++) {
		struct plan_mk_res *r = &m->r[i];

		if (r->s->kind != PLAN_FIP)
			continue;
		if (!m->sp->floating_ip) {
			mk_delete(r, xstrdup("the spec has floating_ip off"));
		} else if (m->fip == NULL && master && plan_str_eq(r->s->server_id, master->s->id) &&
			   (r->s->network_id == NULL || plan_str_eq(r->s->network_id, m->t->external_network_id))) {
			m->fip = r;
		} else if (spare == NULL) {
			spare = r;
		} else {
			mk_delete(r, xstrdup("not part of the spec"));
		}
	}
	if (spare && m->fip)
		mk_delete(spare, xstrdup("not part of the spec"));
	else if (spare) {
		mk_delete(spare, xstrdup(master ? "not on the master" : "its server is replaced"));
		spare->replace = 1;
	}
}

static int mk_check_target(const struct plan_target *t)
{
	if (t->image_id == NULL || t->master.id == NULL || t->worker.id == NULL || t->external_network_id == NULL)
		return err_set(ERR_INVALID, "plan for %s: the image, flavors and external network must be resolved first",
			       t->spec->ref);
	if (t->spec->workers < 0 || t->spec->workers > SPEC_WORKERS_MAX)
		return err_set(ERR_INVALID, "plan for %s: %d workers is not 0..%d", t->spec->ref, t->spec->workers,
			       SPEC_WORKERS_MAX);
	if (t->spec->cidr == NULL || t->spec->external_network == NULL || t->spec->public_key == NULL)
		return err_set(ERR_INVALID, "plan for %s: the spec lacks its CIDR, external network or public key",
			       t->spec->ref);
	return 0;
}

int plan_make(struct plan *out, enum plan_goal goal, const struct plan_target *t, const struct plan_observed *obs)
{
	const struct plan_seen **ours = NULL;
	struct plan_mk m;
	size_t i, n = 0;
	int rc = 0;

	memset(out, 0, sizeof *out);
	memset(&m, 0, sizeof m);
	if (t == NULL || t->spec == NULL || t->spec->ref == NULL || t->spec->cluster_name == NULL) {
		rc = err_set(ERR_INVALID, "plan: no cluster spec");
		goto out;
	}
	out->goal = goal;
	out->cluster = xstrdup(t->spec->ref);
	out->cluster_name = xstrdup(t->spec->cluster_name);
	plan_spec_digest(out->spec_digest, t->spec);
	plan_snapshot(&out->snaps, &out->n_snaps, obs, out->cluster, out->cluster_name);
	plan_fingerprint(out->fingerprint, out->snaps, out->n_snaps);
	if (goal != PLAN_DESTROY && (rc = mk_check_target(t)) < 0)
		goto out;
	m.p = out;
	m.t = t;
	m.sp = t->spec;
	for (i = 0; i < PLAN_NKINDS; i++)
		m.made[i] = -1;
	ours = plan_ours(obs, out->cluster, out->cluster_name, &n);
	if (n > 1)
		qsort(ours, n, sizeof *ours, plan_seen_cmp);
	m.r = xcalloc(n ? n : 1, sizeof *m.r);
	for (i = 0; i < n; i++)
		if (!mk_gone(ours[i])) {
			m.r[m.n].s = ours[i];
			m.r[m.n++].act = -1;
		}
	if (goal == PLAN_DESTROY) {
		for (i = 0; i < m.n; i++)
			m.r[i].del = m.r[i].s->kind != PLAN_RULE;   /* rules go with their group */
		plan_emit_deletes(&m);
		goto out;
	}
	if ((rc = mk_decide_net(&m)) < 0)
		goto out;
	mk_decide_servers(&m);
	mk_decide_fip(&m);
	plan_emit_deletes(&m);
	plan_emit_creates(&m);
	rc = plan_check_quota(out, t, obs);
out:
	for (i = 0; i < m.n; i++)
		free(m.r[i].why);
	free(m.r);
	free(m.slot);
	free(ours);
	return rc;
}
