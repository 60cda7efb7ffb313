/*
 * Tests of flow/cluster_plan: which image and external network a spec's
 * values pick (recipe not built, not active, shared but not accepted, several
 * matches; a network by id or name, not external, ambiguous), then
 * flow_plan_start() against tests/fakecloud/fakecloud.py: arguments refused
 * without a callback, every resolution failure reported in one callback,
 * credentials refused, a cancel without a callback.
 */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/event.h>

#include "cloud/cloud.h"
#include "cloud/ops.h"
#include "core/clouds.h"
#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/spec.h"
#include "flow/cluster_observe.h"
#include "flow/cluster_plan.h"
#include "tests/unit/cloud_testlib.h"

static struct image img(const char *id, const char *name, const char *status, const char *recipe,
			const char *member_status)
{
	struct image im;

	memset(&im, 0, sizeof im);
	im.id = (char *)id;
	im.name = (char *)name;
	im.status = (char *)status;
	im.recipe = (char *)recipe;
	im.member_status = (char *)member_status;
	return im;
}

static void expect_pick_error(const struct image *v, size_t n, const char *ref, int recipe, int rc, const char *want)
{
	size_t idx = 99;

	assert_int_equal(flow_plan_pick_image(&idx, v, n, ref, recipe), rc);
	assert_int_equal(idx, 99);
	if (strstr(err_last(), want) == NULL)
		fail_msg("'%s' does not say '%s'", err_last(), want);
}

static void test_pick_image(void **state)
{
	struct image v[] = {
		img("id-base", "debian-12-base", "active", NULL, NULL),
		img("id-h1", "hail-base-1.0.0", "active", "hail-base/1.0.0", NULL),
		img("id-h2", "hail-base-2.0.0", "saving", "hail-base/2.0.0", NULL),
		img("id-old", "hail-base-3.0.0", "deactivated", "hail-base/3.0.0", NULL),
		img("id-new", "hail-base-3.0.0", "active", "hail-base/3.0.0", NULL),
		img("id-shared", "shared-img", "active", NULL, "pending"),
		img("id-twin1", "twin", "active", NULL, NULL),
		img("id-twin2", "twin", "active", NULL, "accepted"),
		img("id-evil", "evil\x1b[31m", "queued", NULL, NULL),
	};
	size_t n = sizeof v / sizeof v[0], idx = 99;

	(void)state;
	assert_int_equal(flow_plan_pick_image(&idx, v, n, "debian-12-base", 0), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(flow_plan_pick_image(&idx, v, n, "hail-base/1.0.0", 1), 0);
	assert_int_equal(idx, 1);
	assert_int_equal(flow_plan_pick_image(&idx, v, n, "id-base", 0), 0);
	assert_int_equal(idx, 0);
	/* A recipe rebuilt: the active image wins over the old one. */
	assert_int_equal(flow_plan_pick_image(&idx, v, n, "hail-base/3.0.0", 1), 0);
	assert_int_equal(idx, 4);
	expect_pick_error(v, n, "hail-base/9.9.9", 1, ERR_NOTFOUND, "build it first: sparkdeck image build hail-base/9.9.9");
	expect_pick_error(v, n, "hail-base/2.0.0", 1, ERR_CONFIG, "is saving, not active");
	expect_pick_error(v, n, "hail-base/2.0.0", 1, ERR_CONFIG, "sparkdeck image build hail-base/2.0.0");
	expect_pick_error(v, n, "nope", 0, ERR_NOTFOUND, "no image named 'nope'");
	expect_pick_error(v, n, "shared-img", 0, ERR_CONFIG, "not accepted: sparkdeck image accept shared-img");
	expect_pick_error(v, n, "twin", 0, ERR_CONFIG, "names 2 active images (id-twin1, id-twin2)");
	expect_pick_error(v, n, "evil\x1b[31m", 0, ERR_CONFIG, "is queued, not active");
	assert_null(strchr(err_last(), '\x1b'));
	expect_pick_error(NULL, 0, "x", 0, ERR_NOTFOUND, "no image named 'x'");
}

static struct net_resource net(const char *id, const char *name, int external)
{
	struct net_resource r;

	memset(&r, 0, sizeof r);
	r.kind = NET_NETWORK;
	r.id = (char *)id;
	r.name = (char *)name;
	r.external = external;
	return r;
}

static void test_pick_network(void **state)
{
	struct net_resource v[] = {
		net("id-pub", "public", 1),
		net("id-priv", "private", 0),
		net("id-dup1", "dup", 1),
		net("id-dup2", "dup", 1),
		net("public", "named-like-an-id", 1),
	};
	size_t n = sizeof v / sizeof v[0], idx = 99;

	(void)state;
	/* An id first: the network whose id is "public" wins over the one named so. */
	assert_int_equal(flow_plan_pick_network(&idx, v, n, "public"), 0);
	assert_int_equal(idx, 4);
	assert_int_equal(flow_plan_pick_network(&idx, v, 1, "public"), 0);
	assert_int_equal(idx, 0);
	assert_int_equal(flow_plan_pick_network(&idx, v, n, "id-dup2"), 0);
	assert_int_equal(idx, 3);
	idx = 99;
	assert_int_equal(flow_plan_pick_network(&idx, v, n, "private"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "not an external network (router:external); external networks: public, dup"));
	assert_int_equal(flow_plan_pick_network(&idx, v, n, "dup"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "2 networks are named 'dup'"));
	assert_int_equal(flow_plan_pick_network(&idx, v, n, "nonet"), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "no network named 'nonet'"));
	assert_int_equal(flow_plan_pick_network(&idx, v + 1, 1, "nonet"), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "external networks: none"));
	assert_int_equal(idx, 99);
}

struct result {
	int done;
	int calls;
	int rc;
	char msg[2048];
	struct flow_planned *res;
};

static void on_planned(void *arg, int rc, const char *msg, struct flow_planned *res)
{
	struct result *r = arg;

	r->done = 1;
	r->calls++;
	r->rc = rc;
	snprintf(r->msg, sizeof r->msg, "%s", msg);
	r->res = res;
}

/* A spec as spec_load() would give it, with names the fake cloud does not have. */
static void fake_spec(struct spec *s)
{
	memset(s, 0, sizeof *s);
	s->ref = "spark/ld14";
	s->kind = "spark";
	s->name = "ld14";
	s->cluster_name = "spark-ld14";
	s->image = "no-such-image";
	s->master_flavor = "m1.medium";
	s->worker_flavor = "m1.small";
	s->workers = 2;
	s->cidr = "10.42.0.0/24";
	s->external_network = "public";
	s->public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFixtureKeyOnly test@sparkdeck";
}

static void test_flow_against_the_fake(void **state)
{
	struct event_base *base = event_base_new();
	struct clouds_config creds, wrong;
	struct flow_plan *f = (struct flow_plan *)&f;
	struct flow_plan_req req;
	struct spec sp;
	struct fake fk;
	struct cloud *c, *bad;
	struct result r = { 0 }, refused = { 0 }, cancelled = { 0 }, destroy = { 0 };
	int never = 0;

	(void)state;
	if (fake_start(&fk, NULL) < 0)
		fail_msg("cannot start fakecloud.py");
	fake_creds(&fk, &creds, "secret");
	fake_creds(&fk, &wrong, "not-the-password");
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	assert_int_equal(cloud_new(&bad, base, &wrong, NULL), 0);
	fake_spec(&sp);
	/* Refused at once, without a callback: a bad ref, an up without its spec, a spec of another cluster. */
	req = (struct flow_plan_req){ PLAN_UP, "Spark/LD14", &sp };
	assert_int_equal(flow_plan_start(&f, c, &req, on_planned, &r), ERR_INVALID);
	assert_null(f);
	req = (struct flow_plan_req){ PLAN_UPDATE, "spark/ld14", NULL };
	assert_int_equal(flow_plan_start(&f, c, &req, on_planned, &r), ERR_INVALID);
	req = (struct flow_plan_req){ PLAN_UP, "spark/other", &sp };
	assert_int_equal(flow_plan_start(&f, c, &req, on_planned, &r), ERR_INVALID);
	assert_int_equal(r.calls, 0);
	/* Credentials refused: one callback, the error, nothing handed over. */
	req = (struct flow_plan_req){ PLAN_UP, "spark/ld14", &sp };
	assert_int_equal(flow_plan_start(&f, bad, &req, on_planned, &refused), 0);
	assert_int_equal(refused.done, 0);   /* never from inside start */
	assert_int_equal(loop_until(base, &refused.done, 20), 0);
	assert_int_equal(loop_until(base, &never, 0.3), -1);
	assert_int_equal(refused.calls, 1);
	assert_int_equal(refused.rc, ERR_AUTH);
	assert_null(refused.res);
	/* The fake has no such image and serves no flavors: every failure in the one message. */
	assert_int_equal(flow_plan_start(&f, c, &req, on_planned, &r), 0);
	assert_int_equal(loop_until(base, &r.done, 20), 0);
	assert_int_equal(loop_until(base, &never, 0.3), -1);
	assert_int_equal(r.calls, 1);
	assert_true(r.rc < 0);
	assert_null(r.res);
	print_message("# %s\n", r.msg);
	assert_non_null(strstr(r.msg, "image: no image named 'no-such-image'"));
	assert_non_null(strstr(r.msg, "master_flavor: "));
	assert_non_null(strstr(r.msg, "worker_flavor: "));
	/* A destroy needs no spec: whatever the fake serves, done comes once and keeps the contract. */
	req = (struct flow_plan_req){ PLAN_DESTROY, "spark/ld14", NULL };
	assert_int_equal(flow_plan_start(&f, c, &req, on_planned, &destroy), 0);
	assert_int_equal(loop_until(base, &destroy.done, 20), 0);
	assert_int_equal(destroy.calls, 1);
	print_message("# destroy: %s\n", destroy.rc < 0 ? destroy.msg : "planned");
	assert_true(destroy.rc < 0 ? destroy.res == NULL : destroy.res != NULL && destroy.res->plan.goal == PLAN_DESTROY);
	flow_planned_free(destroy.res);
	/* Cancelled at once: no callback, the calls in flight end harmlessly. */
	req = (struct flow_plan_req){ PLAN_UP, "spark/ld14", &sp };
	assert_int_equal(flow_plan_start(&f, c, &req, on_planned, &cancelled), 0);
	flow_plan_cancel(f);
	loop_until(base, &never, 1.0);
	assert_int_equal(cloud_busy(c), 0);
	assert_int_equal(cancelled.calls, 0);
	flow_planned_free(NULL);
	cloud_free(bad);
	cloud_free(c);
	event_base_free(base);
	fake_stop(&fk);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pick_image),
		cmocka_unit_test(test_pick_network),
		cmocka_unit_test(test_flow_against_the_fake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
