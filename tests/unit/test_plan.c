/* Unit tests of core/plan: names and marks, up and update plans and their text. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/plan.h"
#include "plan_fixture.h"

static void test_names_and_marks(void **state)
{
	char *s, **v;

	(void)state;
	s = plan_server_name("spark-ld14", PLAN_ROLE_MASTER, 0);
	assert_string_equal(s, "spark-ld14-master");
	free(s);
	s = plan_server_name("spark-ld14", PLAN_ROLE_WORKER, 3);
	assert_string_equal(s, "spark-ld14-worker-3");
	free(s);
	s = plan_net_name("spark-ld14");
	assert_string_equal(s, "sparkdeck-spark-ld14");
	free(s);
	s = plan_keypair_name("spark-ld1.4");
	assert_string_equal(s, "sparkdeck-spark-ld1_4");
	free(s);
	v = plan_tags("spark/ld14");
	assert_string_equal(v[0], "sparkdeck");
	assert_string_equal(v[1], "sparkdeck-cluster=spark/ld14");
	assert_null(v[2]);
	assert_true(plan_tags_match((const char *const *)v, 2, "spark/ld14"));
	assert_false(plan_tags_match((const char *const *)v, 2, "spark/ld1"));
	assert_false(plan_tags_match((const char *const *)v + 1, 1, "spark/ld14"));   /* "sparkdeck" missing */
	plan_strv_free(v);
	v = plan_server_metadata("spark/ld14", PLAN_ROLE_WORKER, 3);
	assert_string_equal(v[0], "sparkdeck-cluster");
	assert_string_equal(v[1], "spark/ld14");
	assert_string_equal(v[2], "sparkdeck-role");
	assert_string_equal(v[3], "worker");
	assert_string_equal(v[4], "sparkdeck-index");
	assert_string_equal(v[5], "3");
	assert_null(v[6]);
	plan_strv_free(v);
	v = plan_server_metadata("spark/ld14", PLAN_ROLE_MASTER, 0);
	assert_string_equal(v[3], "master");
	assert_null(v[4]);
	plan_strv_free(v);
	s = plan_description("spark/ld14");
	assert_string_equal(s, "sparkdeck cluster spark/ld14");
	free(s);
}

static void test_empty_cloud_up(void **state)
{
	static const char *const want[] = {
		"+ keypair sparkdeck-spark-ld14 (ssh-ed25519)",
		"+ network sparkdeck-spark-ld14",
		"+ subnet sparkdeck-spark-ld14 (10.42.0.0/24)",
		"+ router sparkdeck-spark-ld14 (gateway on public)",
		"+ router interface sparkdeck-spark-ld14 (subnet 10.42.0.0/24)",
		"+ security group sparkdeck-spark-ld14",
		"+ security group rule tcp 22 from 0.0.0.0/0",
		"+ security group rule tcp 8080 from 198.51.100.0/24",
		"+ security group rule tcp 4040 from 198.51.100.0/24",
		"+ security group rule all traffic from 10.42.0.0/24",
		"+ server spark-ld14-master (m1.medium, image hail-base-1.0.0)",
		"+ server spark-ld14-worker-1 (m1.small, image hail-base-1.0.0)",
		"+ server spark-ld14-worker-2 (m1.small, image hail-base-1.0.0)",
		"+ server spark-ld14-worker-3 (m1.small, image hail-base-1.0.0)",
		"+ floating IP for spark-ld14-master (from public)",
		NULL
	};
	struct plan p;
	struct fx f;
	char *s;

	(void)state;
	fx_init(&f, 3);
	assert_int_equal(plan_make(&p, PLAN_UP, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	s = plan_summary(&p);
	assert_string_equal(s, "Plan: 15 to add, 0 to change, 0 to destroy.");
	free(s);
	assert_string_equal(p.cluster, "spark/ld14");
	assert_int_equal(p.n_snaps, 0);
	/* inputs come from earlier actions, which are also dependencies */
	assert_int_equal(p.actions[2].network.action, 1);
	assert_true(fx_has_dep(&p, 2, 1));
	assert_int_equal(p.actions[4].router.action, 3);
	assert_int_equal(p.actions[4].subnet.action, 2);
	assert_int_equal(p.actions[6].secgroup.action, 5);
	assert_null(p.actions[9].protocol);
	assert_int_equal(p.actions[9].port_min, 0);
	assert_string_equal(p.actions[9].cidr, "10.42.0.0/24");
	assert_int_equal(p.actions[12].role, PLAN_ROLE_WORKER);
	assert_int_equal(p.actions[12].index, 2);
	assert_string_equal(p.actions[12].flavor_id, "fl-small");
	assert_string_equal(p.actions[12].image_id, "img-hail");
	assert_string_equal(p.actions[12].key_name, "sparkdeck-spark-ld14");
	assert_int_equal(p.actions[12].network.action, 1);
	assert_int_equal(p.actions[12].secgroup.action, 5);
	for (size_t d = 0; d < 5; d++)   /* keypair, subnet, interface, security group */
		assert_int_equal(fx_has_dep(&p, 12, d), d == 0 || d == 1 || d == 2 || d == 4);
	assert_true(fx_has_dep(&p, 12, 5));
	assert_int_equal(p.actions[14].server.action, 10);
	assert_true(fx_has_dep(&p, 14, 10) && fx_has_dep(&p, 14, 4));
	assert_string_equal(p.actions[14].external_network_id, "ext-public");
	assert_string_equal(p.actions[0].public_key, f.spec.public_key);
	assert_string_equal(p.actions[2].dns[0], "192.0.2.53");
	for (size_t i = 0; i < p.n_actions; i++)
		for (size_t k = 0; k < p.actions[i].n_deps; k++)
			assert_true(p.actions[i].deps[k] < i);
	plan_dispose(&p);
}

static void test_healthy_no_changes(void **state)
{
	static const char *const want[] = { NULL };
	struct plan p;
	struct fx f;
	char *s;

	(void)state;
	fx_init(&f, 3);
	fx_healthy(&f, 3);
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	s = plan_summary(&p);
	assert_string_equal(s, "No changes.");
	free(s);
	assert_int_equal(p.n_snaps, f.n);
	plan_dispose(&p);
}

/* After a crash: keypair, network, subnet, security group with one rule and the master exist. */
static void test_partial_after_crash(void **state)
{
	static const char *const want[] = {
		"+ router sparkdeck-spark-ld14 (gateway on public)",
		"+ router interface sparkdeck-spark-ld14 (subnet 10.42.0.0/24)",
		"+ security group rule tcp 8080 from 198.51.100.0/24",
		"+ security group rule tcp 4040 from 198.51.100.0/24",
		"+ security group rule all traffic from 10.42.0.0/24",
		"+ server spark-ld14-worker-1 (m1.small, image hail-base-1.0.0)",
		"+ server spark-ld14-worker-2 (m1.small, image hail-base-1.0.0)",
		"+ server spark-ld14-worker-3 (m1.small, image hail-base-1.0.0)",
		"+ floating IP for spark-ld14-master (from public)",
		NULL
	};
	struct plan_seen *s;
	struct plan p;
	struct fx f;
	size_t i;

	(void)state;
	fx_init(&f, 3);
	fx_add(&f, PLAN_KEYPAIR, "sparkdeck-spark-ld14", "sparkdeck-spark-ld14");
	fx_add(&f, PLAN_NETWORK, "net-1", "sparkdeck-spark-ld14");
	s = fx_add(&f, PLAN_SUBNET, "sub-1", "sparkdeck-spark-ld14");
	s->network_id = "net-1";
	s->cidr = "10.42.0.0/24";
	fx_add(&f, PLAN_SECGROUP, "sg-1", "sparkdeck-spark-ld14");
	s = fx_add(&f, PLAN_RULE, "rule-ssh", NULL);
	s->secgroup_id = "sg-1";
	s->protocol = "tcp";
	s->port_min = s->port_max = 22;
	s->remote_cidr = "0.0.0.0/0";
	fx_server(&f, "master", 0, "BUILD");
	assert_int_equal(plan_make(&p, PLAN_UP, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	assert_int_equal(p.actions[1].router.action, 0);
	assert_string_equal(p.actions[1].subnet.id, "sub-1");
	assert_string_equal(p.actions[2].secgroup.id, "sg-1");
	i = fx_action(&p, "server spark-ld14-worker-1 (m1.small, image hail-base-1.0.0)");
	assert_string_equal(p.actions[i].network.id, "net-1");
	assert_true(fx_has_dep(&p, i, 1));
	assert_int_equal(p.actions[i].n_deps, 1);   /* only the interface is new */
	i = fx_action(&p, "floating IP for spark-ld14-master (from public)");
	assert_string_equal(p.actions[i].server.id, "srv-m");
	plan_dispose(&p);
}

struct scale_case {
	int observed, wanted;
	const char *const want[6];
	const char *summary;
};

static void test_scale(void **state)
{
	static const struct scale_case cases[] = {
		{ 3, 5, { "+ server spark-ld14-worker-4 (m1.small, image hail-base-1.0.0)",
			  "+ server spark-ld14-worker-5 (m1.small, image hail-base-1.0.0)", NULL },
		  "Plan: 2 to add, 0 to change, 0 to destroy." },
		{ 5, 2, { "- server spark-ld14-worker-5", "- server spark-ld14-worker-4", "- server spark-ld14-worker-3",
			  NULL },
		  "Plan: 0 to add, 0 to change, 3 to destroy." },
		{ 12, 9, { "- server spark-ld14-worker-12", "- server spark-ld14-worker-11",
			   "- server spark-ld14-worker-10", NULL },
		  "Plan: 0 to add, 0 to change, 3 to destroy." },
		{ 2, 0, { "- server spark-ld14-worker-2", "- server spark-ld14-worker-1", NULL },
		  "Plan: 0 to add, 0 to change, 2 to destroy." },
	};

	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct plan p;
		struct fx f;
		char *s;

		fx_init(&f, cases[c].wanted);
		fx_healthy(&f, cases[c].observed);
		/* discovery's order must not matter: put the servers last-first */
		for (size_t i = 0, j = f.n - 1; i < j; i++, j--) {
			struct plan_seen t = f.v[i];

			f.v[i] = f.v[j];
			f.v[j] = t;
		}
		assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
		fx_expect_lines(&p, cases[c].want);
		s = plan_summary(&p);
		assert_string_equal(s, cases[c].summary);
		free(s);
		plan_dispose(&p);
	}
}

static void test_error_worker_replaced(void **state)
{
	static const char *const want[] = {
		"-/+ server spark-ld14-worker-2 (ERROR: No valid host was found. There are not enough hosts available.)",
		NULL
	};
	struct plan_seen *s;
	struct plan p;
	struct fx f;
	char *sum;

	(void)state;
	fx_init(&f, 3);
	fx_healthy(&f, 3);
	s = fx_find(&f, "srv-w2");
	s->status = "ERROR";
	s->fault = "No valid host was found. There are not enough hosts available.";
	fx_quota(&f, PLAN_Q_INSTANCES, 10, 10);   /* full: a replace needs no more */
	fx_quota(&f, PLAN_Q_CORES, 20, 20);
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	sum = plan_summary(&p);
	assert_string_equal(sum, "Plan: 1 to add, 0 to change, 1 to destroy.");
	free(sum);
	assert_int_equal(p.n_actions, 2);
	assert_int_equal(p.actions[0].op, PLAN_DELETE);
	assert_string_equal(p.actions[0].id, "srv-w2");
	assert_int_equal(p.actions[0].pair, 1);
	assert_int_equal(p.actions[1].op, PLAN_CREATE);
	assert_int_equal(p.actions[1].pair, 0);
	assert_int_equal(p.actions[1].index, 2);
	assert_true(fx_has_dep(&p, 1, 0));
	plan_dispose(&p);
}

static void test_flavor_and_image_change(void **state)
{
	static const char *const want_flavor[] = {
		"-/+ server spark-ld14-worker-2 (flavor m1.small -> m1.large)",
		"-/+ server spark-ld14-worker-1 (flavor m1.small -> m1.large)",
		NULL
	};
	static const char *const want_image[] = {
		"-/+ floating IP 203.0.113.10 (its server is replaced)",
		"-/+ server spark-ld14-master (image img-old -> hail-base-1.0.0)",
		NULL
	};
	struct plan p;
	struct fx f;

	(void)state;
	fx_init(&f, 2);
	fx_healthy(&f, 2);
	f.t.worker = (struct plan_flavor){ "fl-large", "m1.large", 4, 8192 };
	fx_quota(&f, PLAN_Q_CORES, 4, 12);   /* 4 + 4: the old m1.small is not one of the target's, so nothing counts as freed */
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want_flavor);
	plan_dispose(&p);

	fx_init(&f, 2);
	fx_healthy(&f, 2);
	fx_find(&f, "srv-m")->image_id = "img-old";
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want_image);   /* the floating IP on the master is replaced with it */
	assert_int_equal(p.n_actions, 4);
	plan_dispose(&p);
}

static void test_master_replaced_moves_fip(void **state)
{
	static const char *const want[] = {
		"-/+ floating IP 203.0.113.10 (its server is replaced)",
		"-/+ server spark-ld14-master (ERROR: no fault message)",
		NULL
	};
	struct plan p;
	struct fx f;
	size_t fip_del, srv_del, srv_new, fip_new;

	(void)state;
	fx_init(&f, 1);
	fx_healthy(&f, 1);
	fx_find(&f, "srv-m")->status = "ERROR";
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	fip_del = fx_action(&p, "floating IP 203.0.113.10 (its server is replaced)");
	srv_del = fx_action(&p, "server spark-ld14-master (ERROR: no fault message)");
	srv_new = fx_action(&p, "server spark-ld14-master (m1.medium, image hail-base-1.0.0)");
	fip_new = fx_action(&p, "floating IP for spark-ld14-master (from public)");
	assert_true(fx_has_dep(&p, srv_del, fip_del));
	assert_true(fx_has_dep(&p, srv_new, srv_del));
	assert_true(fx_has_dep(&p, fip_new, srv_new) && fx_has_dep(&p, fip_new, fip_del));
	assert_int_equal(p.actions[fip_new].server.action, (long)srv_new);
	plan_dispose(&p);
}

static void test_floating_ip_off(void **state)
{
	static const char *const want[] = { "- floating IP 203.0.113.10 (the spec has floating_ip off)", NULL };
	struct plan p;
	struct fx f;

	(void)state;
	fx_init(&f, 2);
	fx_healthy(&f, 2);
	f.spec.floating_ip = 0;
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	plan_dispose(&p);
}

static void test_extras_and_duplicates(void **state)
{
	static const char *const want[] = {
		"- server spark-ld14-worker-1 (duplicate)",
		"- server spark-ld14-stray (no role)",
		"- network sparkdeck-spark-ld14 (not part of the spec)",
		NULL
	};
	struct plan_seen *s;
	struct plan p;
	struct fx f;

	(void)state;
	fx_init(&f, 1);
	fx_healthy(&f, 1);
	s = fx_add(&f, PLAN_SERVER, "srv-dup", "spark-ld14-worker-1");
	s->cluster = "spark/ld14";
	s->role = "worker";
	s->index = "1";
	s->status = "ERROR";
	s = fx_add(&f, PLAN_SERVER, "srv-stray", "spark-ld14-stray");
	s->cluster = "spark/ld14";
	s->status = "ACTIVE";
	fx_add(&f, PLAN_NETWORK, "net-2", "sparkdeck-spark-ld14");   /* no subnet: the other one is kept */
	s = fx_add(&f, PLAN_SERVER, "srv-gone", "spark-ld14-worker-1");
	s->cluster = "spark/ld14";
	s->role = "worker";
	s->index = "1";
	s->status = "DELETED";
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	assert_string_equal(p.actions[0].id, "srv-dup");
	assert_string_equal(p.actions[2].id, "net-2");
	assert_true(fx_has_dep(&p, 2, 0) && fx_has_dep(&p, 2, 1));
	plan_dispose(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_names_and_marks),
		cmocka_unit_test(test_empty_cloud_up),
		cmocka_unit_test(test_healthy_no_changes),
		cmocka_unit_test(test_partial_after_crash),
		cmocka_unit_test(test_scale),
		cmocka_unit_test(test_error_worker_replaced),
		cmocka_unit_test(test_flavor_and_image_change),
		cmocka_unit_test(test_master_replaced_moves_fip),
		cmocka_unit_test(test_floating_ip_off),
		cmocka_unit_test(test_extras_and_duplicates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
