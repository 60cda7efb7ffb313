/* plan_emit: the actions of a plan, in order, with their dependencies and inputs (pure). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/spec.h"
#include "core/xmalloc.h"

/* Where a delete goes: floating IPs, servers (workers highest index first), interfaces, ... keypair. */
static int mk_delete_rank(const struct plan_mk_res *r)
{
	static const int kind_rank[PLAN_NKINDS] = {
		[PLAN_FIP] = 0, [PLAN_SERVER] = 1, [PLAN_IFACE] = 2, [PLAN_ROUTER] = 3, [PLAN_SUBNET] = 4,
		[PLAN_NETWORK] = 5, [PLAN_SECGROUP] = 6, [PLAN_KEYPAIR] = 7, [PLAN_RULE] = 8
	};

	return kind_rank[r->s->kind];
}

static int mk_server_order(const struct plan_seen *s)
{
	enum plan_role role = plan_seen_role(s);

	/* Workers by index, highest first, then the master, then servers without a role. */
	if (role == PLAN_ROLE_WORKER && plan_seen_index(s) > 0)
		return 200000 - plan_seen_index(s);
	return role == PLAN_ROLE_MASTER ? 300000 : 400000;
}

static int mk_del_cmp(const void *a, const void *b)
{
	const struct plan_mk_res *x = *(const struct plan_mk_res *const *)a, *y = *(const struct plan_mk_res *const *)b;
	int rx = mk_delete_rank(x), ry = mk_delete_rank(y);

	if (rx != ry)
		return rx < ry ? -1 : 1;
	if (x->s->kind == PLAN_SERVER && mk_server_order(x->s) != mk_server_order(y->s))
		return mk_server_order(x->s) < mk_server_order(y->s) ? -1 : 1;
	return plan_seen_cmp(&x->s, &y->s);
}

/* Make delete action i wait for every earlier delete that must go first. */
static void mk_delete_deps(struct plan_mk *m, size_t i, const struct plan_mk_res *r)
{
	for (size_t k = 0; k < m->n; k++) {
		const struct plan_mk_res *o = &m->r[k];
		const struct plan_seen *s = r->s, *t = o->s;
		int need = 0;

		if (o->act < 0 || o == r)
			continue;
		switch (s->kind) {
		case PLAN_SERVER: need = t->kind == PLAN_FIP && plan_str_eq(t->server_id, s->id); break;
		case PLAN_IFACE: need = t->kind == PLAN_FIP || t->kind == PLAN_SERVER; break;
		case PLAN_ROUTER: need = t->kind == PLAN_FIP || (t->kind == PLAN_IFACE && strcmp(t->id, s->id) == 0); break;
		case PLAN_SUBNET:
			need = t->kind == PLAN_SERVER || (t->kind == PLAN_IFACE && plan_str_eq(t->subnet_id, s->id));
			break;
		case PLAN_NETWORK:
			need = t->kind == PLAN_SERVER || (t->kind == PLAN_SUBNET && plan_str_eq(t->network_id, s->id));
			break;
		case PLAN_SECGROUP: case PLAN_KEYPAIR: need = t->kind == PLAN_SERVER; break;
		default: break;
		}
		if (need)
			plan_dep(m->p, i, (size_t)o->act);
	}
}

/* Emit the deletes in destroy order, with their dependencies. */
void plan_emit_deletes(struct plan_mk *m)
{
	struct plan_mk_res **v = xcalloc(m->n ? m->n : 1, sizeof *v);
	size_t i, k = 0;

	for (i = 0; i < m->n; i++)
		if (m->r[i].del)
			v[k++] = &m->r[i];
	qsort(v, k, sizeof *v, mk_del_cmp);
	for (i = 0; i < k; i++) {
		const struct plan_seen *s = v[i]->s;
		size_t a = plan_add(m->p, PLAN_DELETE, s->kind);
		struct plan_action *act = &m->p->actions[a];

		v[i]->act = (long)a;
		act->id = xstrdup(s->id);
		act->name = xstrdup(s->kind == PLAN_FIP && s->address ? s->address : s->name && *s->name ? s->name : s->id);
		act->detail = v[i]->why ? xstrdup(v[i]->why) : NULL;
		if (s->kind == PLAN_SERVER) {
			act->role = plan_seen_role(s);
			act->index = plan_seen_index(s);
		}
		if (s->kind == PLAN_IFACE)
			act->subnet.id = xstrdup(s->subnet_id);
		mk_delete_deps(m, a, v[i]);
	}
	free(v);
}

/* Point ref at the kept resource r, or at the create action made (with a dependency on it). */
static void mk_use(struct plan_mk *m, size_t i, struct plan_ref *ref, const struct plan_mk_res *r, long made)
{
	if (r) {
		ref->id = xstrdup(r->s->id);
	} else if (made >= 0) {
		ref->action = made;
		plan_dep(m->p, i, (size_t)made);
	}
}

static void mk_dep_on(struct plan_mk *m, size_t i, long made)
{
	if (made >= 0)
		plan_dep(m->p, i, (size_t)made);
}

/* Pair a create with the delete it replaces. */
static void mk_pair(struct plan_mk *m, size_t i, const struct plan_mk_res *old)
{
	if (old == NULL || !old->replace || old->act < 0)
		return;
	m->p->actions[i].pair = old->act;
	m->p->actions[old->act].pair = (long)i;
	plan_dep(m->p, i, (size_t)old->act);
}

static size_t mk_create(struct plan_mk *m, enum plan_kind k, char *name, char *detail)
{
	size_t i = plan_add(m->p, PLAN_CREATE, k);

	m->p->actions[i].name = name;
	m->p->actions[i].detail = detail;
	return i;
}

/* Create the keypair, network, subnet, router, interface and security group that are missing. */
static void mk_emit_net(struct plan_mk *m)
{
	const struct spec *sp = m->sp;
	size_t i;

	if (m->keypair == NULL) {
		i = mk_create(m, PLAN_KEYPAIR, plan_keypair_name(sp->cluster_name), xstrdup(sp->public_key_type));
		m->p->actions[i].public_key = xstrdup(sp->public_key);
		m->made[PLAN_KEYPAIR] = (long)i;
	}
	if (m->network == NULL)
		m->made[PLAN_NETWORK] = (long)mk_create(m, PLAN_NETWORK, plan_net_name(sp->cluster_name), NULL);
	if (m->subnet == NULL) {
		i = mk_create(m, PLAN_SUBNET, plan_net_name(sp->cluster_name), xstrdup(sp->cidr));
		m->p->actions[i].cidr = xstrdup(sp->cidr);
		if (sp->n_dns) {
			m->p->actions[i].dns = xcalloc(sp->n_dns, sizeof *m->p->actions[i].dns);
			for (size_t k = 0; k < sp->n_dns; k++)
				m->p->actions[i].dns[k] = xstrdup(sp->dns[k]);
			m->p->actions[i].n_dns = sp->n_dns;
		}
		mk_use(m, i, &m->p->actions[i].network, m->network, m->made[PLAN_NETWORK]);
		m->made[PLAN_SUBNET] = (long)i;
	}
	if (m->router == NULL) {
		i = mk_create(m, PLAN_ROUTER, plan_net_name(sp->cluster_name),
			      xasprintf("gateway on %s", sp->external_network));
		m->p->actions[i].external_network_id = xstrdup(m->t->external_network_id);
		m->made[PLAN_ROUTER] = (long)i;
	}
	if (m->iface == NULL) {
		i = mk_create(m, PLAN_IFACE, plan_net_name(sp->cluster_name), xasprintf("subnet %s", sp->cidr));
		mk_use(m, i, &m->p->actions[i].router, m->router, m->made[PLAN_ROUTER]);
		mk_use(m, i, &m->p->actions[i].subnet, m->subnet, m->made[PLAN_SUBNET]);
		m->made[PLAN_IFACE] = (long)i;
	}
	if (m->secgroup == NULL)
		m->made[PLAN_SECGROUP] = (long)mk_create(m, PLAN_SECGROUP, plan_net_name(sp->cluster_name), NULL);
}

/* Add the rule unless the kept security group has it. */
static void mk_emit_rule(struct plan_mk *m, const char *protocol, int port_min, int port_max, const char *cidr)
{
	struct plan_action *a;
	size_t i;

	for (size_t k = 0; m->secgroup && k < m->n; k++) {
		const struct plan_seen *s = m->r[k].s;

		if (s->kind == PLAN_RULE && plan_str_eq(s->secgroup_id, m->secgroup->s->id) &&
		    plan_str_eq(s->protocol, protocol) && s->port_min == port_min && s->port_max == port_max &&
		    plan_str_eq(s->remote_cidr, cidr))
			return;
	}
	i = mk_create(m, PLAN_RULE, plan_rule_text(protocol, port_min, port_max, cidr), NULL);
	a = &m->p->actions[i];
	a->protocol = protocol ? xstrdup(protocol) : NULL;
	a->port_min = port_min;
	a->port_max = port_max;
	a->cidr = xstrdup(cidr);
	mk_use(m, i, &a->secgroup, m->secgroup, m->made[PLAN_SECGROUP]);
}

static void mk_emit_rules(struct plan_mk *m)
{
	const struct spec *sp = m->sp;
	size_t k;

	for (k = 0; k < sp->n_ssh_cidrs; k++)
		mk_emit_rule(m, "tcp", 22, 22, sp->ssh_cidrs[k]);
	for (k = 0; k < sp->n_ui_cidrs; k++) {
		mk_emit_rule(m, "tcp", sp->ui_port, sp->ui_port, sp->ui_cidrs[k]);
		mk_emit_rule(m, "tcp", PLAN_SPARK_APP_UI_PORT, PLAN_SPARK_APP_UI_PORT, sp->ui_cidrs[k]);
	}
	mk_emit_rule(m, NULL, 0, 0, sp->cidr);   /* members talk to each other freely */
}

/* Create the missing or replaced servers, then the floating IP. */
static void mk_emit_servers(struct plan_mk *m)
{
	const struct spec *sp = m->sp;
	long master = -1;

	for (int k = 0; k <= sp->workers; k++) {
		const struct plan_flavor *f = k == 0 ? &m->t->master : &m->t->worker;
		struct plan_action *a;
		size_t i;

		if (m->slot[k] && !m->slot[k]->del)
			continue;
		i = mk_create(m, PLAN_SERVER, plan_server_name(sp->cluster_name, k ? PLAN_ROLE_WORKER : PLAN_ROLE_MASTER, k),
			      xasprintf("%s, image %s", f->name ? f->name : f->id,
					m->t->image_name ? m->t->image_name : m->t->image_id));
		a = &m->p->actions[i];
		a->role = k ? PLAN_ROLE_WORKER : PLAN_ROLE_MASTER;
		a->index = k;
		a->flavor_id = xstrdup(f->id);
		a->image_id = xstrdup(m->t->image_id);
		a->key_name = plan_keypair_name(sp->cluster_name);
		mk_use(m, i, &a->network, m->network, m->made[PLAN_NETWORK]);
		mk_use(m, i, &m->p->actions[i].secgroup, m->secgroup, m->made[PLAN_SECGROUP]);
		mk_dep_on(m, i, m->made[PLAN_KEYPAIR]);
		mk_dep_on(m, i, m->made[PLAN_SUBNET]);
		mk_dep_on(m, i, m->made[PLAN_IFACE]);   /* user data may need the internet at boot */
		mk_pair(m, i, m->slot[k]);
		if (k == 0)
			master = (long)i;
	}
	if (sp->floating_ip && m->fip == NULL) {
		char *master_name = plan_server_name(sp->cluster_name, PLAN_ROLE_MASTER, 0);
		struct plan_mk_res *old = NULL;
		size_t i;

		i = mk_create(m, PLAN_FIP, xasprintf("for %s", master_name), xasprintf("from %s", sp->external_network));
		free(master_name);
		m->p->actions[i].external_network_id = xstrdup(m->t->external_network_id);
		mk_use(m, i, &m->p->actions[i].server, master < 0 ? m->slot[0] : NULL, master);
		mk_dep_on(m, i, m->made[PLAN_IFACE]);
		for (size_t k = 0; k < m->n; k++)
			if (m->r[k].s->kind == PLAN_FIP && m->r[k].replace)
				old = &m->r[k];
		mk_pair(m, i, old);
	}
}

void plan_emit_creates(struct plan_mk *m)
{
	mk_emit_net(m);
	mk_emit_rules(m);
	mk_emit_servers(m);
}
