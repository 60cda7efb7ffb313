/* plan_fixture: spec, target and observed clouds shared by the plan engine's tests. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "plan_fixture.h"

const char *const fx_tags[] = { "sparkdeck", "sparkdeck-cluster=spark/ld14" };
const char *const fx_other_tags[] = { "sparkdeck", "sparkdeck-cluster=spark/other" };

static char *fx_dns[] = { "192.0.2.53" };
static char *fx_ssh[] = { "0.0.0.0/0" };
static char *fx_ui[] = { "198.51.100.0/24" };
static const char *const fx_index[] = {
	"0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20"
};
static const char *const fx_worker_ids[] = {
	"", "srv-w1", "srv-w2", "srv-w3", "srv-w4", "srv-w5", "srv-w6", "srv-w7", "srv-w8", "srv-w9", "srv-w10",
	"srv-w11", "srv-w12", "srv-w13", "srv-w14", "srv-w15", "srv-w16", "srv-w17", "srv-w18", "srv-w19", "srv-w20"
};
static const char *const fx_worker_names[] = {
	"", "spark-ld14-worker-1", "spark-ld14-worker-2", "spark-ld14-worker-3", "spark-ld14-worker-4",
	"spark-ld14-worker-5", "spark-ld14-worker-6", "spark-ld14-worker-7", "spark-ld14-worker-8",
	"spark-ld14-worker-9", "spark-ld14-worker-10", "spark-ld14-worker-11", "spark-ld14-worker-12",
	"spark-ld14-worker-13", "spark-ld14-worker-14", "spark-ld14-worker-15", "spark-ld14-worker-16",
	"spark-ld14-worker-17", "spark-ld14-worker-18", "spark-ld14-worker-19", "spark-ld14-worker-20"
};

void fx_init(struct fx *f, int workers)
{
	memset(f, 0, sizeof *f);
	f->spec.ref = "spark/ld14";
	f->spec.kind = "spark";
	f->spec.name = "ld14";
	f->spec.cluster_name = "spark-ld14";
	f->spec.image = "hail-base/1.0.0";
	f->spec.image_is_recipe = 1;
	f->spec.master_flavor = "m1.medium";
	f->spec.worker_flavor = "m1.small";
	f->spec.workers = workers;
	f->spec.cidr = "10.42.0.0/24";
	f->spec.external_network = "public";
	f->spec.dns = fx_dns;
	f->spec.n_dns = 1;
	f->spec.ssh_cidrs = fx_ssh;
	f->spec.n_ssh_cidrs = 1;
	f->spec.ui_cidrs = fx_ui;
	f->spec.n_ui_cidrs = 1;
	f->spec.public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFixtureKeyOnly test@sparkdeck";
	f->spec.public_key_type = "ssh-ed25519";
	f->spec.floating_ip = 1;
	f->spec.ssh_user = "debian";
	f->spec.master_port = 7077;
	f->spec.ui_port = 8080;
	f->spec.worker_cores = 1;
	f->t.spec = &f->spec;
	f->t.image_id = "img-hail";
	f->t.image_name = "hail-base-1.0.0";
	f->t.master = (struct plan_flavor){ "fl-medium", "m1.medium", 2, 4096 };
	f->t.worker = (struct plan_flavor){ "fl-small", "m1.small", 1, 2048 };
	f->t.external_network_id = "ext-public";
}

struct plan_seen *fx_add(struct fx *f, enum plan_kind k, const char *id, const char *name)
{
	struct plan_seen *s;

	assert_true(f->n < FX_MAX);
	s = &f->v[f->n++];
	memset(s, 0, sizeof *s);
	s->kind = k;
	s->id = id;
	s->name = name;
	if (k == PLAN_NETWORK || k == PLAN_SUBNET || k == PLAN_ROUTER || k == PLAN_SECGROUP || k == PLAN_FIP) {
		s->tags = fx_tags;
		s->n_tags = 2;
		s->status = "ACTIVE";
	}
	return s;
}

struct plan_seen *fx_server(struct fx *f, const char *role, int index, const char *status)
{
	int master = strcmp(role, "master") == 0;
	struct plan_seen *s;

	assert_true(index >= 0 && index <= 20);
	s = fx_add(f, PLAN_SERVER, master ? "srv-m" : fx_worker_ids[index],
		   master ? "spark-ld14-master" : fx_worker_names[index]);
	s->cluster = "spark/ld14";
	s->role = role;
	s->index = master ? NULL : fx_index[index];
	s->status = status;
	s->flavor_id = master ? f->t.master.id : f->t.worker.id;
	s->flavor_name = master ? f->t.master.name : f->t.worker.name;
	s->image_id = f->t.image_id;
	return s;
}

static void fx_rule(struct fx *f, const char *id, const char *protocol, int port, const char *cidr)
{
	struct plan_seen *s = fx_add(f, PLAN_RULE, id, NULL);

	s->secgroup_id = "sg-1";
	s->protocol = protocol;
	s->port_min = s->port_max = port;
	s->remote_cidr = cidr;
}

void fx_healthy(struct fx *f, int workers)
{
	struct plan_seen *s;

	fx_add(f, PLAN_KEYPAIR, "sparkdeck-spark-ld14", "sparkdeck-spark-ld14");
	fx_add(f, PLAN_NETWORK, "net-1", "sparkdeck-spark-ld14");
	s = fx_add(f, PLAN_SUBNET, "sub-1", "sparkdeck-spark-ld14");
	s->network_id = "net-1";
	s->cidr = "10.42.0.0/24";
	s = fx_add(f, PLAN_ROUTER, "rtr-1", "sparkdeck-spark-ld14");
	s->network_id = "ext-public";
	s = fx_add(f, PLAN_IFACE, "rtr-1", "sparkdeck-spark-ld14");
	s->subnet_id = "sub-1";
	fx_add(f, PLAN_SECGROUP, "sg-1", "sparkdeck-spark-ld14");
	fx_rule(f, "rule-ssh", "tcp", 22, "0.0.0.0/0");
	fx_rule(f, "rule-ui", "tcp", 8080, "198.51.100.0/24");
	fx_rule(f, "rule-app", "tcp", 4040, "198.51.100.0/24");
	fx_rule(f, "rule-all", NULL, 0, "10.42.0.0/24");
	fx_server(f, "master", 0, "ACTIVE");
	for (int i = 1; i <= workers; i++)
		fx_server(f, "worker", i, "ACTIVE");
	s = fx_add(f, PLAN_FIP, "fip-1", NULL);
	s->network_id = "ext-public";
	s->port_id = "port-m";
	s->server_id = "srv-m";
	s->address = "203.0.113.10";
}

struct plan_seen *fx_find(struct fx *f, const char *id)
{
	for (size_t i = 0; i < f->n; i++)
		if (strcmp(f->v[i].id, id) == 0)
			return &f->v[i];
	fail_msg("no observed resource %s", id);
	return NULL;
}

const struct plan_observed *fx_obs(struct fx *f)
{
	f->obs.res = f->v;
	f->obs.n_res = f->n;
	return &f->obs;
}

void fx_quota(struct fx *f, enum plan_quota_kind q, long long used, long long limit)
{
	f->obs.quota[q].known = 1;
	f->obs.quota[q].used = used;
	f->obs.quota[q].limit = limit;
}

void fx_expect_lines(const struct plan *p, const char *const *want)
{
	char **got = plan_render(p);
	size_t i;

	for (i = 0; want[i] && got[i]; i++)
		if (strcmp(want[i], got[i]) != 0) {
			print_error("line %zu: want '%s'\n          got  '%s'\n", i, want[i], got[i]);
			break;
		}
	if (want[i] || got[i]) {
		for (size_t k = 0; got[k]; k++)
			print_error("  %s\n", got[k]);
		plan_strv_free(got);
		fail_msg("plan lines differ at line %zu", i);
	}
	plan_strv_free(got);
}

size_t fx_action(const struct plan *p, const char *label)
{
	for (size_t i = 0; i < p->n_actions; i++) {
		char *l = plan_action_label(p, i);
		int same = strcmp(l, label) == 0;

		free(l);
		if (same)
			return i;
	}
	fail_msg("no action '%s'", label);
	return 0;
}

int fx_has_dep(const struct plan *p, size_t i, size_t dep)
{
	for (size_t k = 0; k < p->actions[i].n_deps; k++)
		if (p->actions[i].deps[k] == dep)
			return 1;
	return 0;
}
