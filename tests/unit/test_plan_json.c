/* Unit tests of core/plan: fingerprints, what changed, stale plans, saved plans as JSON. */
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

static void fingerprint_of(struct fx *f, char out[PLAN_HASH_LEN + 1])
{
	struct plan_snap *v;
	size_t n;

	plan_snapshot(&v, &n, fx_obs(f), "spark/ld14", "spark-ld14");
	plan_fingerprint(out, v, n);
	plan_snaps_free(v, n);
}

static void test_fingerprint(void **state)
{
	char a[PLAN_HASH_LEN + 1], b[PLAN_HASH_LEN + 1];
	struct fx f;

	(void)state;
	fx_init(&f, 3);
	fx_healthy(&f, 3);
	fingerprint_of(&f, a);
	assert_int_equal(strlen(a), PLAN_HASH_LEN);
	/* the same resources found in another order */
	for (size_t i = 0, j = f.n - 1; i < j; i++, j--) {
		struct plan_seen t = f.v[i];

		f.v[i] = f.v[j];
		f.v[j] = t;
	}
	fingerprint_of(&f, b);
	assert_string_equal(a, b);
	/* a foreign resource does not count */
	fx_add(&f, PLAN_SERVER, "srv-foreign", "spark-ld14-worker-7")->status = "ERROR";
	fingerprint_of(&f, b);
	assert_string_equal(a, b);
	/* BUILD -> ACTIVE changes no plan; a renamed server neither */
	fx_find(&f, "srv-w1")->status = "BUILD";
	fx_find(&f, "srv-w3")->name = "renamed";
	fingerprint_of(&f, b);
	assert_string_equal(a, b);
	/* ERROR does */
	fx_find(&f, "srv-w2")->status = "ERROR";
	fingerprint_of(&f, b);
	assert_string_not_equal(a, b);
	fx_find(&f, "srv-w2")->status = "ACTIVE";
	fingerprint_of(&f, b);
	assert_string_equal(a, b);
	/* and so does a flavor, a moved floating IP, a new rule, a worker more */
	fx_find(&f, "srv-w2")->flavor_id = "fl-large";
	fingerprint_of(&f, b);
	assert_string_not_equal(a, b);
	fx_find(&f, "srv-w2")->flavor_id = "fl-small";
	fx_find(&f, "fip-1")->server_id = "srv-w1";
	fingerprint_of(&f, b);
	assert_string_not_equal(a, b);
	fx_find(&f, "fip-1")->server_id = "srv-m";
	fx_server(&f, "worker", 4, "ACTIVE");
	fingerprint_of(&f, b);
	assert_string_not_equal(a, b);
	/* nothing at all */
	fx_init(&f, 3);
	fingerprint_of(&f, a);
	assert_string_equal(a, "cbf29ce484222325");
}

static void test_what_changed(void **state)
{
	static const char *const want[] = {
		"server spark-ld14-worker-2 is now ERROR (was ACTIVE)",
		"server spark-ld14-worker-3 changed (role=worker index=3 flavor=fl-large image=img-hail; was role=worker "
		"index=3 flavor=fl-small image=img-hail)",
		"floating IP 203.0.113.10 is gone",
		"server spark-ld14-worker-4 appeared",
		NULL
	};
	struct plan_snap *before, *now;
	size_t nb, nn, i;
	struct fx f;
	char **lines;

	(void)state;
	fx_init(&f, 3);
	fx_healthy(&f, 3);
	plan_snapshot(&before, &nb, fx_obs(&f), "spark/ld14", "spark-ld14");
	fx_find(&f, "srv-w2")->status = "ERROR";
	fx_find(&f, "srv-w3")->flavor_id = "fl-large";
	fx_find(&f, "fip-1")->id = "fip-gone";
	fx_find(&f, "fip-gone")->kind = PLAN_KEYPAIR;   /* no longer a floating IP, nor ours */
	fx_server(&f, "worker", 4, "BUILD");
	plan_snapshot(&now, &nn, fx_obs(&f), "spark/ld14", "spark-ld14");
	lines = plan_what_changed(before, nb, now, nn);
	assert_non_null(lines);
	for (i = 0; want[i] && lines[i]; i++)
		assert_string_equal(lines[i], want[i]);
	assert_null(want[i]);
	assert_null(lines[i]);
	plan_strv_free(lines);
	assert_null(plan_what_changed(before, nb, before, nb));
	plan_snaps_free(before, nb);
	plan_snaps_free(now, nn);
}

static void test_stale_plan(void **state)
{
	struct plan p;
	struct fx f;

	(void)state;
	fx_init(&f, 3);
	fx_healthy(&f, 3);
	fx_find(&f, "srv-w3")->status = "BUILD";
	assert_int_equal(plan_make(&p, PLAN_DESTROY, &f.t, fx_obs(&f)), 0);
	assert_int_equal(plan_check_fresh(&p, fx_obs(&f)), 0);
	fx_find(&f, "srv-w3")->status = "ACTIVE";
	assert_int_equal(plan_check_fresh(&p, fx_obs(&f)), 0);
	fx_find(&f, "srv-w2")->status = "ERROR";
	fx_server(&f, "worker", 4, "BUILD");
	assert_int_equal(plan_check_fresh(&p, fx_obs(&f)), ERR_CONFIG);
	assert_string_equal(err_last(), "the plan for spark/ld14 is stale, the cloud changed since it was made: server "
			    "spark-ld14-worker-2 is now ERROR (was ACTIVE); server spark-ld14-worker-4 appeared; make the "
			    "plan again");
	plan_dispose(&p);
}

static void test_spec_digest(void **state)
{
	char a[PLAN_HASH_LEN + 1], b[PLAN_HASH_LEN + 1];
	struct fx f;

	(void)state;
	fx_init(&f, 3);
	plan_spec_digest(a, &f.spec);
	plan_spec_digest(b, &f.spec);
	assert_string_equal(a, b);
	f.spec.worker_user_data = "#cloud-config\n";
	plan_spec_digest(b, &f.spec);
	assert_string_not_equal(a, b);
}

/* A plan with a bit of everything: creates with refs, a -/+ pair, deletes with deps. */
static void make_mixed(struct plan *p, struct fx *f)
{
	struct plan_seen *s;

	fx_init(f, 3);
	fx_healthy(f, 4);
	s = fx_find(f, "srv-m");
	s->status = "ERROR";
	s->fault = "disk \"full\"";
	/* the router and its interface were lost */
	for (size_t i = 0; i < f->n; i++)
		if (f->v[i].kind == PLAN_ROUTER || f->v[i].kind == PLAN_IFACE)
			f->v[i].kind = PLAN_KEYPAIR;   /* a name that is not ours: ignored */
	assert_int_equal(plan_make(p, PLAN_UPDATE, &f->t, fx_obs(f)), 0);
}

static void assert_ref_equal(const struct plan_ref *a, const struct plan_ref *b)
{
	assert_int_equal(a->action, b->action);
	if (a->id || b->id)
		assert_string_equal(a->id, b->id);
}

static void test_json_round_trip(void **state)
{
	struct plan p, q;
	struct fx f;
	char *text, *again, **l1, **l2;
	size_t i;

	(void)state;
	make_mixed(&p, &f);
	text = plan_to_json(&p);
	assert_null(strstr(text, "cloud-config"));   /* never user data */
	assert_int_equal(plan_from_json(&q, text, strlen(text)), 0);
	assert_int_equal(q.goal, PLAN_UPDATE);
	assert_string_equal(q.cluster, "spark/ld14");
	assert_string_equal(q.cluster_name, "spark-ld14");
	assert_string_equal(q.fingerprint, p.fingerprint);
	assert_string_equal(q.spec_digest, p.spec_digest);
	assert_int_equal(q.n_snaps, p.n_snaps);
	assert_int_equal(q.n_actions, p.n_actions);
	for (i = 0; i < p.n_actions; i++) {
		const struct plan_action *a = &p.actions[i], *b = &q.actions[i];

		assert_int_equal(a->op, b->op);
		assert_int_equal(a->kind, b->kind);
		assert_int_equal(a->pair, b->pair);
		assert_int_equal(a->role, b->role);
		assert_int_equal(a->index, b->index);
		assert_int_equal(a->n_deps, b->n_deps);
		assert_memory_equal(a->deps, b->deps, a->n_deps * sizeof *a->deps);
		assert_int_equal(a->n_dns, b->n_dns);
		assert_ref_equal(&a->network, &b->network);
		assert_ref_equal(&a->subnet, &b->subnet);
		assert_ref_equal(&a->router, &b->router);
		assert_ref_equal(&a->secgroup, &b->secgroup);
		assert_ref_equal(&a->server, &b->server);
	}
	l1 = plan_render(&p);
	l2 = plan_render(&q);
	for (i = 0; l1[i]; i++)
		assert_string_equal(l1[i], l2[i]);
	assert_null(l2[i]);
	assert_string_equal(l1[0], "-/+ floating IP 203.0.113.10 (its server is replaced)");
	assert_string_equal(l1[1], "- server spark-ld14-worker-4");
	assert_string_equal(l1[2], "-/+ server spark-ld14-master (ERROR: disk \"full\")");
	plan_strv_free(l1);
	plan_strv_free(l2);
	again = plan_to_json(&q);
	assert_string_equal(text, again);
	/* the loaded plan checks freshness like the one made */
	assert_int_equal(plan_check_fresh(&q, fx_obs(&f)), 0);
	fx_find(&f, "srv-w1")->status = "ERROR";
	assert_int_equal(plan_check_fresh(&q, fx_obs(&f)), ERR_CONFIG);
	free(text);
	free(again);
	plan_dispose(&p);
	plan_dispose(&q);
}

struct bad_case {
	const char *from, *to;   /* replace the first from in a good plan with to (from NULL: the whole text is to) */
	int rc;
	const char *msg;
};

static void test_json_malformed(void **state)
{
	static const struct bad_case cases[] = {
		{ NULL, "", ERR_PARSE, "empty document" },
		{ NULL, "{\"sparkdeck_plan\": 1,", ERR_PARSE, "malformed JSON" },
		{ NULL, "[1, 2]", ERR_PARSE, "the document: not an object" },
		{ NULL, "[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]", ERR_TOOBIG, "nested deeper" },
		{ "\"sparkdeck_plan\":\t1", "\"sparkdeck_plan\":\t2", ERR_PARSE, "version 2 is not one this sparkdeck reads" },
		{ "\"sparkdeck_plan\":\t1", "\"sparkdeck_plan\":\t\"1\"", ERR_PARSE, "'sparkdeck_plan' must be an integer" },
		{ "\"goal\":\t\"update\"", "\"goal\":\t\"sideways\"", ERR_PARSE, "goal: unknown goal 'sideways'" },
		{ "\"goal\":\t\"update\"", "\"gaol\":\t\"update\"", ERR_PARSE, "unknown member 'gaol'" },
		{ "\"cluster\":\t\"spark/ld14\"", "\"cluster\":\t\"../etc\"", ERR_PARSE, "cluster: not a cluster ref" },
		{ "\"fingerprint\":\t\"", "\"fingerprint\":\t\"0", ERR_PARSE, "fingerprint: must be 16 lowercase hex" },
		{ "\"status\":\t\"ERROR\"", "\"status\":\t\"ACTIVE\"", ERR_PARSE, "does not match the observed resources" },
		{ "\"kind\":\t\"server\"", "\"kind\":\t\"volume\"", ERR_PARSE, "is not a resource kind sparkdeck knows" },
		{ "\"op\":\t\"delete\"", "\"op\":\t\"nuke\"", ERR_PARSE, "actions[0]: 'op' must be" },
		{ "\"op\":\t\"create\"", "\"op\":\t\"create\", \"user_data\": \"x\"", ERR_PARSE,
		  "actions[3]: unknown member 'user_data'" },
		{ "\"deps\":\t[]", "\"deps\":\t[5]", ERR_PARSE, "actions[0]: each of 'deps' (an earlier action): there is no" },
		{ "\"deps\":\t[0]", "\"deps\":\t[0.5]", ERR_PARSE, "actions[2]: each of 'deps' (an earlier action) must be" },
		{ "\"deps\":\t[3]", "\"deps\":\t[4]", ERR_PARSE, "actions[4]: each of 'deps' (an earlier action) must be" },
		{ "\"pair\":\t6", "\"pair\":\t5", ERR_PARSE, "'pair' must name the other half" },
		{ "\"flavor_id\":\t\"fl-medium\",", "", ERR_PARSE, "actions[5]: lacks what this kind of action needs" },
		{ "\"network\":\t{", "\"network\":\t{\"action\": 0, ", ERR_PARSE, "exactly one of 'action'" },
		{ "\"action\":\t3", "\"action\":\t2", ERR_PARSE, "does not name an earlier create of the right kind" },
		{ "\"role\":\t\"master\"", "\"role\":\t\"boss\"", ERR_PARSE, "'role' must be" },
		{ "\"actions\":\t[", "\"actions\":\t{\"x\": 1}, \"y\":\t[", ERR_PARSE, "unknown member 'y'" },
	};
	struct plan p, q;
	struct fx f;
	char *good;

	(void)state;
	make_mixed(&p, &f);
	good = plan_to_json(&p);
	plan_dispose(&p);
	for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
		char *text;
		int rc;

		if (cases[c].from == NULL) {
			text = strdup(cases[c].to);
		} else {
			const char *at = strstr(good, cases[c].from);
			size_t pre;

			if (at == NULL)
				fail_msg("case %zu: '%s' is not in the plan:\n%s", c, cases[c].from, good);
			pre = (size_t)(at - good);
			text = malloc(strlen(good) + strlen(cases[c].to) + 1);
			memcpy(text, good, pre);
			strcpy(text + pre, cases[c].to);
			strcat(text, at + strlen(cases[c].from));
		}
		rc = plan_from_json(&q, text, strlen(text));
		if (rc != cases[c].rc || strstr(err_last(), cases[c].msg) == NULL)
			fail_msg("case %zu: rc %d '%s', want %d '%s'", c, rc, err_last(), cases[c].rc, cases[c].msg);
		if (cases[c].from)
			assert_non_null(strstr(err_last(), "saved plan"));
		plan_dispose(&q);
		free(text);
	}
	/* and the good one loads */
	assert_int_equal(plan_from_json(&q, good, strlen(good)), 0);
	plan_dispose(&q);
	free(good);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fingerprint),
		cmocka_unit_test(test_what_changed),
		cmocka_unit_test(test_stale_plan),
		cmocka_unit_test(test_spec_digest),
		cmocka_unit_test(test_json_round_trip),
		cmocka_unit_test(test_json_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
