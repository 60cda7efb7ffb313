/* Unit tests of core/apply_sched: ready actions, the parallel bound, failures skipping dependents, stops. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/apply_sched.h"
#include "core/error.h"
#include "core/plan.h"
#include "plan_fixture.h"

/* A plan of n actions without dependencies (plan_dispose() frees it). */
static void hand_plan(struct plan *p, size_t n)
{
	memset(p, 0, sizeof *p);
	p->actions = calloc(n ? n : 1, sizeof *p->actions);
	assert_non_null(p->actions);
	p->n_actions = n;
	for (size_t i = 0; i < n; i++)
		p->actions[i].pair = -1;
}

/* Make action i of p wait for action d. */
static void hand_dep(struct plan *p, size_t i, size_t d)
{
	struct plan_action *a = &p->actions[i];

	a->deps = realloc(a->deps, (a->n_deps + 1) * sizeof *a->deps);
	assert_non_null(a->deps);
	a->deps[a->n_deps++] = d;
}

static void test_empty_plan_is_over_at_once(void **state)
{
	struct apply_sched s;
	struct plan p;

	(void)state;
	hand_plan(&p, 0);
	assert_int_equal(apply_sched_init(&s, &p, 0), 0);
	assert_int_equal(s.max_parallel, APPLY_SCHED_DEFAULT_PARALLEL);
	assert_true(apply_sched_over(&s));
	assert_int_equal(apply_sched_take(&s), -1);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_deps_order_a_diamond(void **state)
{
	struct apply_sched s;
	struct plan p;

	/* 0 -> 1, 0 -> 2, {1, 2} -> 3 */
	(void)state;
	hand_plan(&p, 4);
	hand_dep(&p, 1, 0);
	hand_dep(&p, 2, 0);
	hand_dep(&p, 3, 1);
	hand_dep(&p, 3, 2);
	assert_int_equal(apply_sched_init(&s, &p, 4), 0);
	assert_int_equal(apply_sched_take(&s), 0);
	assert_int_equal(apply_sched_take(&s), -1);      /* everything else waits for 0 */
	assert_false(apply_sched_over(&s));
	assert_int_equal(apply_sched_finish(&s, 0, 1), 0);
	assert_int_equal(apply_sched_take(&s), 1);
	assert_int_equal(apply_sched_take(&s), 2);       /* 1 and 2 run together */
	assert_int_equal(apply_sched_take(&s), -1);
	assert_int_equal(s.running, 2);
	apply_sched_finish(&s, 2, 1);
	assert_int_equal(apply_sched_take(&s), -1);      /* 3 still waits for 1 */
	apply_sched_finish(&s, 1, 1);
	assert_int_equal(apply_sched_take(&s), 3);
	apply_sched_finish(&s, 3, 1);
	assert_true(apply_sched_over(&s));
	assert_int_equal(s.count[APPLY_DONE], 4);
	assert_int_equal(s.max_running, 2);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_parallel_bound(void **state)
{
	struct apply_sched s;
	struct plan p;
	long i;

	(void)state;
	hand_plan(&p, 20);
	assert_int_equal(apply_sched_init(&s, &p, 10), 0);
	for (i = 0; i < 10; i++)
		assert_int_equal(apply_sched_take(&s), i);
	assert_int_equal(apply_sched_take(&s), -1);      /* the bound */
	assert_int_equal(s.running, 10);
	apply_sched_finish(&s, 4, 1);
	assert_int_equal(apply_sched_take(&s), 10);      /* one ends, one starts */
	assert_int_equal(apply_sched_take(&s), -1);
	apply_sched_finish(&s, 0, 0);                    /* a failure frees its slot too */
	assert_int_equal(apply_sched_take(&s), 11);
	assert_int_equal(s.max_running, 10);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_failure_skips_dependents_transitively(void **state)
{
	struct apply_sched s;
	struct plan p;

	/* 0 -> 1 -> 2, 0 -> 3, 4 alone, {2, 4} -> 5, 6 waits for 4 only */
	(void)state;
	hand_plan(&p, 7);
	hand_dep(&p, 1, 0);
	hand_dep(&p, 2, 1);
	hand_dep(&p, 3, 0);
	hand_dep(&p, 5, 2);
	hand_dep(&p, 5, 4);
	hand_dep(&p, 6, 4);
	assert_int_equal(apply_sched_init(&s, &p, 10), 0);
	assert_int_equal(apply_sched_take(&s), 0);
	assert_int_equal(apply_sched_take(&s), 4);
	assert_int_equal(apply_sched_finish(&s, 0, 0), 4);   /* 1, 2, 3 and 5 */
	assert_int_equal(s.state[0], APPLY_FAILED);
	for (size_t i = 1; i <= 5; i++) {
		if (i == 4)
			continue;
		assert_int_equal(s.state[i], APPLY_SKIPPED);
		assert_int_equal(s.cause[i], 0);
	}
	assert_int_equal(s.state[4], APPLY_RUNNING);         /* independent work goes on */
	assert_false(apply_sched_over(&s));
	apply_sched_finish(&s, 4, 1);
	assert_int_equal(apply_sched_take(&s), 6);
	assert_int_equal(apply_sched_take(&s), -1);
	apply_sched_finish(&s, 6, 1);
	assert_true(apply_sched_over(&s));
	assert_int_equal(s.count[APPLY_DONE], 2);
	assert_int_equal(s.count[APPLY_FAILED], 1);
	assert_int_equal(s.count[APPLY_SKIPPED], 4);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_two_failures_keep_their_causes(void **state)
{
	struct apply_sched s;
	struct plan p;

	/* 0 -> 2, 1 -> 3, {0, 1} -> 4 */
	(void)state;
	hand_plan(&p, 5);
	hand_dep(&p, 2, 0);
	hand_dep(&p, 3, 1);
	hand_dep(&p, 4, 0);
	hand_dep(&p, 4, 1);
	assert_int_equal(apply_sched_init(&s, &p, 10), 0);
	assert_int_equal(apply_sched_take(&s), 0);
	assert_int_equal(apply_sched_take(&s), 1);
	assert_int_equal(apply_sched_finish(&s, 1, 0), 2);   /* 3 and 4 */
	assert_int_equal(apply_sched_finish(&s, 0, 0), 1);   /* only 2: 4 was skipped already */
	assert_int_equal(s.cause[2], 0);
	assert_int_equal(s.cause[3], 1);
	assert_int_equal(s.cause[4], 1);
	assert_true(apply_sched_over(&s));
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_stop_starts_nothing_new(void **state)
{
	struct apply_sched s;
	struct plan p;

	(void)state;
	hand_plan(&p, 5);
	hand_dep(&p, 4, 3);
	assert_int_equal(apply_sched_init(&s, &p, 2), 0);
	assert_int_equal(apply_sched_take(&s), 0);
	assert_int_equal(apply_sched_take(&s), 1);
	apply_sched_stop(&s);
	apply_sched_finish(&s, 0, 1);
	assert_int_equal(apply_sched_take(&s), -1);          /* a slot is free, but stopped */
	assert_false(apply_sched_over(&s));                  /* 1 still runs */
	apply_sched_finish(&s, 1, 1);
	assert_true(apply_sched_over(&s));
	assert_int_equal(apply_sched_cancel_waiting(&s), 3);
	assert_int_equal(s.state[4], APPLY_SKIPPED);
	assert_int_equal(s.cause[4], -1);
	assert_int_equal(s.count[APPLY_DONE], 2);
	assert_int_equal(s.count[APPLY_SKIPPED], 3);
	assert_int_equal(s.count[APPLY_WAITING], 0);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_interrupt_leaves_dependents_to_the_stop(void **state)
{
	struct apply_sched s;
	struct plan p;

	/* 0 -> 1 -> 2 */
	(void)state;
	hand_plan(&p, 3);
	hand_dep(&p, 1, 0);
	hand_dep(&p, 2, 1);
	assert_int_equal(apply_sched_init(&s, &p, 10), 0);
	assert_int_equal(apply_sched_take(&s), 0);
	apply_sched_stop(&s);
	apply_sched_interrupt(&s, 0);
	apply_sched_interrupt(&s, 0);                        /* not running any more: ignored */
	assert_int_equal(s.state[0], APPLY_FAILED);
	assert_int_equal(s.state[1], APPLY_WAITING);         /* not skipped because of 0 */
	assert_true(apply_sched_over(&s));
	assert_int_equal(apply_sched_cancel_waiting(&s), 2);
	assert_int_equal(s.cause[1], -1);
	assert_int_equal(s.cause[2], -1);
	assert_int_equal(s.count[APPLY_FAILED], 1);
	assert_int_equal(s.count[APPLY_SKIPPED], 2);
	assert_int_equal(s.running, 0);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_misuse_is_ignored_or_refused(void **state)
{
	struct apply_sched s;
	struct plan p;

	(void)state;
	hand_plan(&p, 3);
	assert_int_equal(apply_sched_init(&s, &p, 1), 0);
	assert_int_equal(apply_sched_finish(&s, 2, 0), 0);   /* not running: ignored */
	assert_int_equal(apply_sched_finish(&s, 99, 0), 0);
	assert_int_equal(s.state[2], APPLY_WAITING);
	assert_int_equal(s.count[APPLY_FAILED], 0);
	apply_sched_dispose(&s);
	hand_dep(&p, 1, 1);                                  /* not an earlier action */
	assert_int_equal(apply_sched_init(&s, &p, 1), ERR_INVALID);
	assert_non_null(strstr(err_last(), "does not come before it"));
	assert_null(s.state);
	plan_dispose(&p);
	assert_string_equal(apply_state_name(APPLY_SKIPPED), "skipped");
	assert_string_equal(apply_state_name(APPLY_WAITING), "waiting");
}

/* Run a whole schedule, finishing the running action with the lowest index first; fail where fail[i]. */
static size_t drive(struct apply_sched *s, const int *fail)
{
	size_t steps = 0;

	while (!apply_sched_over(s)) {
		while (apply_sched_take(s) >= 0)
			;
		for (size_t i = 0; i < s->n; i++) {
			if (s->state[i] == APPLY_RUNNING) {
				apply_sched_finish(s, i, !(fail && fail[i]));
				break;
			}
		}
		assert_true(++steps < 10000);
	}
	return steps;
}

static void test_up_plan_boots_workers_side_by_side(void **state)
{
	struct apply_sched s;
	struct plan p;
	struct fx f;
	size_t w1, w20, master, fip, i;

	(void)state;
	fx_init(&f, 20);
	assert_int_equal(plan_make(&p, PLAN_UP, &f.t, fx_obs(&f)), 0);
	master = fx_action(&p, "server spark-ld14-master (m1.medium, image hail-base-1.0.0)");
	w1 = fx_action(&p, "server spark-ld14-worker-1 (m1.small, image hail-base-1.0.0)");
	w20 = fx_action(&p, "server spark-ld14-worker-20 (m1.small, image hail-base-1.0.0)");
	fip = fx_action(&p, "floating IP for spark-ld14-master (from public)");
	assert_int_equal(apply_sched_init(&s, &p, 10), 0);
	/* Finish everything before the servers; then master and workers are ready together. */
	while (!(s.state[master] == APPLY_RUNNING)) {
		long k = apply_sched_take(&s);

		if (k >= 0)
			continue;
		for (i = 0; i < s.n; i++)
			if (s.state[i] == APPLY_RUNNING) {
				apply_sched_finish(&s, i, 1);
				break;
			}
	}
	for (i = 0; i < master; i++)
		if (s.state[i] == APPLY_RUNNING)
			apply_sched_finish(&s, i, 1);
	while (apply_sched_take(&s) >= 0)
		;
	assert_int_equal(s.running, 10);                     /* master + 9 workers at once, the bound */
	assert_int_equal(s.state[w1], APPLY_RUNNING);
	assert_int_equal(s.state[w20], APPLY_WAITING);
	/* The master fails: its floating IP is skipped, every worker still boots. */
	assert_int_equal(apply_sched_finish(&s, master, 0), 1);
	assert_int_equal(s.state[fip], APPLY_SKIPPED);
	assert_int_equal(s.cause[fip], (long)master);
	drive(&s, NULL);
	assert_int_equal(s.state[w20], APPLY_DONE);
	assert_int_equal(s.count[APPLY_DONE], p.n_actions - 2);
	assert_int_equal(s.max_running, 10);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

static void test_destroy_plan_frees_network_after_servers(void **state)
{
	struct apply_sched s;
	struct plan p;
	struct fx f;
	size_t net, sg, w1, w3, i;
	int *fail;

	(void)state;
	fx_init(&f, 3);
	fx_healthy(&f, 3);
	assert_int_equal(plan_make(&p, PLAN_DESTROY, &f.t, fx_obs(&f)), 0);
	net = fx_action(&p, "network sparkdeck-spark-ld14");
	sg = fx_action(&p, "security group sparkdeck-spark-ld14");
	w1 = fx_action(&p, "server spark-ld14-worker-1");
	w3 = fx_action(&p, "server spark-ld14-worker-3");
	assert_int_equal(apply_sched_init(&s, &p, 10), 0);
	while (apply_sched_take(&s) >= 0)
		;
	assert_int_equal(s.state[w1], APPLY_RUNNING);        /* workers go together */
	assert_int_equal(s.state[w3], APPLY_RUNNING);
	assert_int_equal(s.state[net], APPLY_WAITING);
	assert_int_equal(s.state[sg], APPLY_WAITING);
	/* A worker that cannot be deleted keeps the interface, router, subnet, network and group; not the floating IP. */
	fail = calloc(p.n_actions, sizeof *fail);
	assert_non_null(fail);
	fail[w1] = 1;
	drive(&s, fail);
	assert_int_equal(s.state[w1], APPLY_FAILED);
	assert_int_equal(s.state[net], APPLY_SKIPPED);
	assert_int_equal(s.state[sg], APPLY_SKIPPED);
	assert_int_equal(s.state[fx_action(&p, "router sparkdeck-spark-ld14")], APPLY_SKIPPED);
	for (i = 0; i < p.n_actions; i++) {
		if (s.state[i] == APPLY_SKIPPED)
			assert_int_equal(s.cause[i], (long)w1);
		if (p.actions[i].kind == PLAN_FIP || (p.actions[i].kind == PLAN_SERVER && i != w1))
			assert_int_equal(s.state[i], APPLY_DONE);
	}
	free(fail);
	apply_sched_dispose(&s);
	plan_dispose(&p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_empty_plan_is_over_at_once),
		cmocka_unit_test(test_deps_order_a_diamond),
		cmocka_unit_test(test_parallel_bound),
		cmocka_unit_test(test_failure_skips_dependents_transitively),
		cmocka_unit_test(test_two_failures_keep_their_causes),
		cmocka_unit_test(test_stop_starts_nothing_new),
		cmocka_unit_test(test_interrupt_leaves_dependents_to_the_stop),
		cmocka_unit_test(test_misuse_is_ignored_or_refused),
		cmocka_unit_test(test_up_plan_boots_workers_side_by_side),
		cmocka_unit_test(test_destroy_plan_frees_network_after_servers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
