/* Unit tests of core/plan: foreign resources left alone, destroy order, drift refused, quotas, sanitized text. */
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

/* Resources that look like ours but lack the cluster's marks never enter a plan. */
static void fx_foreign(struct fx *f)
{
	struct plan_seen *s;
	static const char *const half[] = { "sparkdeck-cluster=spark/ld14" };

	s = fx_add(f, PLAN_SERVER, "srv-foreign", "spark-ld14-worker-9");   /* no metadata */
	s->status = "ERROR";
	s = fx_add(f, PLAN_SERVER, "srv-other", "spark-ld14-worker-4");     /* another cluster's */
	s->cluster = "spark/ld14x";
	s->role = "worker";
	s->index = "4";
	s = fx_add(f, PLAN_NETWORK, "net-other", "sparkdeck-spark-ld14");
	s->tags = fx_other_tags;
	s = fx_add(f, PLAN_NETWORK, "net-half", "sparkdeck-spark-ld14");     /* no "sparkdeck" tag */
	s->tags = half;
	s->n_tags = 1;
	s = fx_add(f, PLAN_FIP, "fip-user", NULL);
	s->tags = NULL;
	s->n_tags = 0;
	s->address = "203.0.113.99";
	fx_add(f, PLAN_KEYPAIR, "sparkdeck-spark-ld14x", "sparkdeck-spark-ld14x");
	fx_add(f, PLAN_KEYPAIR, "mykey", "mykey");
	s = fx_add(f, PLAN_ROUTER, "rtr-user", "sparkdeck-spark-ld14");
	s->tags = NULL;
	s->n_tags = 0;
	s = fx_add(f, PLAN_IFACE, "rtr-user", NULL);                       /* on a router not ours */
	s->subnet_id = "sub-1";
	s = fx_add(f, PLAN_RULE, "rule-user", NULL);                       /* in a group not ours */
	s->secgroup_id = "sg-user";
}

static void test_foreign_ignored(void **state)
{
	static const char *const none[] = { NULL };
	static const char *const want_destroy[] = {
		"- floating IP 203.0.113.10",
		"- server spark-ld14-worker-1",
		"- server spark-ld14-master",
		"- router interface sparkdeck-spark-ld14",
		"- router sparkdeck-spark-ld14",
		"- subnet sparkdeck-spark-ld14",
		"- network sparkdeck-spark-ld14",
		"- security group sparkdeck-spark-ld14",
		"- keypair sparkdeck-spark-ld14",
		NULL
	};
	struct plan p;
	struct fx f;

	(void)state;
	fx_init(&f, 1);
	fx_healthy(&f, 1);
	fx_foreign(&f);
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, none);
	plan_dispose(&p);
	assert_int_equal(plan_make(&p, PLAN_DESTROY, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want_destroy);
	for (size_t i = 0; i < p.n_actions; i++)
		if (strstr(p.actions[i].id, "user") || strstr(p.actions[i].id, "other") ||
		    strstr(p.actions[i].id, "foreign") || strstr(p.actions[i].id, "half") || strstr(p.actions[i].id, "ld14x"))
			fail_msg("foreign %s in the plan", p.actions[i].id);
	plan_dispose(&p);
	/* an empty cloud with only foreign look-alikes is planned from scratch */
	fx_init(&f, 1);
	fx_foreign(&f);
	assert_int_equal(plan_make(&p, PLAN_UP, &f.t, fx_obs(&f)), 0);
	assert_int_equal(p.n_actions, 13);
	assert_int_equal(p.n_snaps, 0);
	for (size_t i = 0; i < p.n_actions; i++)
		assert_int_equal(p.actions[i].op, PLAN_CREATE);
	plan_dispose(&p);
}

static void test_destroy_order(void **state)
{
	static const char *const want[] = {
		"- floating IP 203.0.113.10",
		"- server spark-ld14-worker-3",
		"- server spark-ld14-worker-2",
		"- server spark-ld14-worker-1",
		"- server spark-ld14-master",
		"- router interface sparkdeck-spark-ld14",
		"- router sparkdeck-spark-ld14",
		"- subnet sparkdeck-spark-ld14",
		"- network sparkdeck-spark-ld14",
		"- security group sparkdeck-spark-ld14",
		"- keypair sparkdeck-spark-ld14",
		NULL
	};
	struct plan p;
	struct fx f;
	char *s;

	(void)state;
	fx_init(&f, 3);
	fx_healthy(&f, 3);
	f.t.image_id = NULL;   /* a destroy needs nothing resolved */
	assert_int_equal(plan_make(&p, PLAN_DESTROY, &f.t, fx_obs(&f)), 0);
	fx_expect_lines(&p, want);
	s = plan_summary(&p);
	assert_string_equal(s, "Plan: 0 to add, 0 to change, 11 to destroy.");
	free(s);
	assert_int_equal(p.actions[0].n_deps, 0);
	assert_true(fx_has_dep(&p, 4, 0));          /* the master after its floating IP */
	assert_int_equal(p.actions[1].n_deps, 0);   /* workers at once */
	for (size_t k = 0; k <= 4; k++)             /* the interface after every server and the floating IP */
		assert_true(fx_has_dep(&p, 5, k));
	assert_string_equal(p.actions[5].id, "rtr-1");
	assert_string_equal(p.actions[5].subnet.id, "sub-1");
	assert_true(fx_has_dep(&p, 6, 5));
	assert_true(fx_has_dep(&p, 7, 5) && fx_has_dep(&p, 7, 1));
	assert_true(fx_has_dep(&p, 8, 7) && fx_has_dep(&p, 8, 4));
	for (size_t k = 1; k <= 4; k++)             /* the security group and keypair after the servers */
		assert_true(fx_has_dep(&p, 9, k) && fx_has_dep(&p, 10, k));
	plan_dispose(&p);
	/* nothing left: nothing to do */
	fx_init(&f, 3);
	assert_int_equal(plan_make(&p, PLAN_DESTROY, &f.t, fx_obs(&f)), 0);
	assert_int_equal(p.n_actions, 0);
	plan_dispose(&p);
}

static void test_drift_refused(void **state)
{
	struct plan p;
	struct fx f;

	(void)state;
	fx_init(&f, 1);
	fx_healthy(&f, 1);
	fx_find(&f, "sub-1")->cidr = "10.9.0.0/24";
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "has CIDR 10.9.0.0/24 but the spec asks for 10.42.0.0/24"));
	plan_dispose(&p);
	fx_init(&f, 1);
	fx_healthy(&f, 1);
	fx_find(&f, "rtr-1")->network_id = "ext-other";
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "gateway on network ext-other"));
	plan_dispose(&p);
	/* a destroy does not care */
	assert_int_equal(plan_make(&p, PLAN_DESTROY, &f.t, fx_obs(&f)), 0);
	plan_dispose(&p);
	/* nothing resolved: refused */
	f.t.image_id = NULL;
	assert_int_equal(plan_make(&p, PLAN_UP, &f.t, fx_obs(&f)), ERR_INVALID);
	plan_dispose(&p);
}

struct quota_case {
	enum plan_quota_kind q;
	long long used, limit;
	int rc;
	const char *text;
};

static void test_quota(void **state)
{
	/* An empty cloud, up 1+3: 4 instances, 5 cores, 10240 MiB, 1 network ... 6 rules, 1 floating IP. */
	static const struct quota_case cases[] = {
		{ PLAN_Q_INSTANCES, 7, 10, ERR_CONFIG, "the plan needs 4 more instances but the project has 3 of 10 left" },
		{ PLAN_Q_INSTANCES, 6, 10, 0, NULL },
		{ PLAN_Q_INSTANCES, 12, 10, ERR_CONFIG, "needs 4 more instances but the project has 0 of 10 left" },
		{ PLAN_Q_INSTANCES, 500, -1, 0, NULL },
		{ PLAN_Q_CORES, 18, 20, ERR_CONFIG, "the plan needs 5 more cores but the project has 2 of 20 left" },
		{ PLAN_Q_RAM, 45000, 51200, ERR_CONFIG, "needs 10240 more MiB of RAM but the project has 6200 of 51200 left" },
		{ PLAN_Q_NETWORKS, 100, 100, ERR_CONFIG, "needs 1 more network but the project has 0 of 100 left" },
		{ PLAN_Q_SUBNETS, 99, 100, 0, NULL },
		{ PLAN_Q_ROUTERS, 10, 10, ERR_CONFIG, "needs 1 more router but" },
		{ PLAN_Q_SECGROUPS, 10, 10, ERR_CONFIG, "needs 1 more security group but the project has 0 of 10 left" },
		{ PLAN_Q_RULES, 95, 100, ERR_CONFIG, "needs 6 more security group rules but the project has 5 of 100 left" },
		{ PLAN_Q_FIPS, 5, 5, ERR_CONFIG, "the plan needs 1 more floating IP but the project has 0 of 5 left" },
		{ PLAN_Q_FIPS, 4, 5, 0, NULL },
	};

	(void)state;
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		struct plan p;
		struct fx f;
		int rc;

		fx_init(&f, 3);
		fx_quota(&f, cases[c].q, cases[c].used, cases[c].limit);
		rc = plan_make(&p, PLAN_UP, &f.t, fx_obs(&f));
		if (rc != cases[c].rc)
			fail_msg("case %zu: rc %d, want %d (%s)", c, rc, cases[c].rc, err_last());
		if (cases[c].text && strstr(err_last(), cases[c].text) == NULL)
			fail_msg("case %zu: '%s' lacks '%s'", c, err_last(), cases[c].text);
		if (rc == ERR_CONFIG)
			assert_int_equal(p.n_actions, 15);   /* still there, to show with the numbers */
		plan_dispose(&p);
	}
}

static void test_quota_all_named(void **state)
{
	struct plan p;
	struct fx f;

	(void)state;
	fx_init(&f, 5);
	fx_healthy(&f, 3);
	fx_quota(&f, PLAN_Q_INSTANCES, 9, 10);
	fx_quota(&f, PLAN_Q_FIPS, 0, 0);       /* not needed: the master has one */
	fx_quota(&f, PLAN_Q_RAM, 0, -1);
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), ERR_CONFIG);
	assert_string_equal(err_last(), "cluster spark/ld14 would exceed its project's quota: the plan needs 2 more "
			    "instances but the project has 1 of 10 left; ask for fewer workers or smaller flavors, or "
			    "have the quota raised");
	plan_dispose(&p);
}

static void test_render_sanitized(void **state)
{
	struct plan_seen *s;
	struct plan p;
	struct fx f;
	char **lines;

	(void)state;
	fx_init(&f, 1);
	fx_healthy(&f, 1);
	s = fx_find(&f, "srv-w1");
	s->status = "ERROR";
	s->fault = "boom\x1b[2J\nagain";
	assert_int_equal(plan_make(&p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	lines = plan_render(&p);
	assert_null(strchr(lines[0], '\x1b'));
	assert_null(strchr(lines[0], '\n'));
	assert_non_null(strstr(lines[0], "-/+ server spark-ld14-worker-1 (ERROR: boom"));
	plan_strv_free(lines);
	plan_dispose(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_foreign_ignored),
		cmocka_unit_test(test_destroy_order),
		cmocka_unit_test(test_drift_refused),
		cmocka_unit_test(test_quota),
		cmocka_unit_test(test_quota_all_named),
		cmocka_unit_test(test_render_sanitized),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
