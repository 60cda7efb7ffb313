/*
 * Tests of src/cloud/quota.c (Nova's limits and Neutron's quota details,
 * recorded from the sandbox by tests/fakecloud/record_observe.py, and
 * hand-made oddities) and of the two quota operations of quota_ops.c
 * against tests/fakecloud/fakecloud.py, which serves neither: the caller
 * gets the HTTP status to tell "not offered" from a failure.
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

#include <cjson/cJSON.h>
#include <event2/event.h>

#include "cloud/cloud.h"
#include "cloud/ops.h"
#include "cloud/quota.h"
#include "core/clouds.h"
#include "core/error.h"
#include "tests/unit/cloud_testlib.h"

static void assert_quota(const struct cloud_quota *q, long long used, long long limit)
{
	assert_true(q->known);
	assert_int_equal(q->used, used);
	assert_int_equal(q->limit, limit);
}

static void assert_unknown(const struct cloud_quota *q)
{
	assert_false(q->known);
	assert_int_equal(q->used, 0);
	assert_int_equal(q->limit, 0);
}

/* GET /limits with one m1.tiny server (1 vCPU, 512 MiB) in the project. */
static void test_compute_limits(void **state)
{
	cJSON *root = fixture_json("observe_limits.json");
	struct cloud_limits l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(quota_parse_compute(&l, root), 0);
	assert_quota(&l.instances, 1, 50);
	assert_quota(&l.cores, 1, 200);
	assert_quota(&l.ram_mb, 512, 409600);
	assert_unknown(&l.networks);   /* Neutron's half is not Nova's to say */
	assert_unknown(&l.fips);
	cJSON_Delete(root);
}

/* GET /quotas/{project}/details with the recorded cluster in the project. */
static void test_network_quotas(void **state)
{
	cJSON *root = fixture_json("observe_quota_details.json");
	struct cloud_limits l;

	(void)state;
	memset(&l, 0, sizeof l);
	assert_int_equal(quota_parse_network(&l, root), 0);
	assert_quota(&l.networks, 1, 50);
	assert_quota(&l.subnets, 1, 50);
	assert_quota(&l.routers, 1, 20);
	assert_quota(&l.secgroups, 2, 100);
	assert_quota(&l.rules, 7, 1000);
	assert_quota(&l.fips, 1, 50);
	assert_unknown(&l.instances);
	cJSON_Delete(root);
}

/* Parse text with the Nova (network 0) or Neutron parser into l (zeroed first). */
static int parse(int network, const char *text, struct cloud_limits *l)
{
	cJSON *root = cJSON_Parse(text);
	int rc;

	assert_non_null(root);
	memset(l, 0, sizeof *l);
	rc = network ? quota_parse_network(l, root) : quota_parse_compute(l, root);
	cJSON_Delete(root);
	return rc;
}

static void test_odd_answers(void **state)
{
	struct cloud_limits l;

	(void)state;
	/* Unlimited, a missing use, a fraction, a string: each quota on its own. */
	assert_int_equal(parse(0, "{\"limits\": {\"absolute\": {\"maxTotalInstances\": -1, \"totalInstancesUsed\": 7, "
			       "\"maxTotalCores\": 10, \"maxTotalRAMSize\": 1.5, \"totalRAMUsed\": 0, "
			       "\"totalCoresUsed\": \"3\"}}}", &l), 0);
	assert_quota(&l.instances, 7, -1);
	assert_unknown(&l.cores);
	assert_unknown(&l.ram_mb);
	/* Reserved counts as used; a bad reserved makes the quota unknown; a missing one is unknown. */
	assert_int_equal(parse(1, "{\"quota\": {\"network\": {\"limit\": 10, \"used\": 2, \"reserved\": 1}, "
			       "\"router\": {\"limit\": 5, \"used\": 1, \"reserved\": \"x\"}, \"floatingip\": 3, "
			       "\"subnet\": {\"limit\": -5, \"used\": -2}}}", &l), 0);
	assert_quota(&l.networks, 3, 10);
	assert_unknown(&l.routers);
	assert_unknown(&l.fips);
	assert_unknown(&l.secgroups);
	assert_quota(&l.subnets, 0, -1);
	/* Neutron's plain GET /quotas/{project} (no details) has bare numbers: nothing known. */
	assert_int_equal(parse(1, "{\"quota\": {\"network\": 50, \"subnet\": 50}}", &l), 0);
	assert_unknown(&l.networks);
	/* No top object: ERR_PARSE naming what is missing. */
	assert_int_equal(parse(0, "{\"limits\": {\"rate\": []}}", &l), ERR_PARSE);
	assert_non_null(strstr(err_last(), "\"absolute\""));
	assert_int_equal(parse(1, "{\"quotas\": []}", &l), ERR_PARSE);
	assert_string_equal(err_last(), "Neutron's quota details have no \"quota\" object");
	assert_int_equal(parse(0, "[]", &l), ERR_PARSE);
}

struct result {
	int done;
	int calls;
	int rc;
	long status;
	int got_limits;
	char msg[512];
};

static void on_limits(void *arg, int rc, const char *msg, long status, const struct cloud_limits *l)
{
	struct result *r = arg;

	r->done = 1;
	r->calls++;
	r->rc = rc;
	r->status = status;
	r->got_limits = l != NULL;
	snprintf(r->msg, sizeof r->msg, "%s", msg);
}

/* The fake has no /limits (404) and answers Neutron with a network list (not quota details). */
static void test_ops_against_the_fake(void **state)
{
	struct event_base *base = event_base_new();
	struct clouds_config creds;
	struct fake f;
	struct cloud *c;
	struct result nova = { 0 }, neutron = { 0 }, cancelled = { 0 };
	int never = 0;

	(void)state;
	if (fake_start(&f, NULL) < 0)
		fail_msg("cannot start fakecloud.py");
	fake_creds(&f, &creds, "secret");
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	/* No token yet: the Neutron read connects first to learn the project id. */
	assert_int_equal(cloud_network_quotas(c, on_limits, &neutron), 0);
	assert_int_equal(cloud_compute_limits(c, on_limits, &nova), 0);
	assert_int_equal(loop_until(base, &nova.done, 20), 0);
	assert_int_equal(loop_until(base, &neutron.done, 20), 0);
	assert_int_equal(loop_until(base, &never, 0.2), -1);
	assert_int_equal(nova.calls, 1);
	assert_int_equal(nova.rc, ERR_NOTFOUND);
	assert_int_equal(nova.status, 404);
	assert_false(nova.got_limits);
	assert_string_equal(nova.msg, "the project's limits not found");
	assert_int_equal(neutron.calls, 1);
	assert_int_equal(neutron.rc, ERR_PARSE);
	assert_int_equal(neutron.status, 200);
	assert_non_null(strstr(neutron.msg, "no \"quota\" object"));
	/* Started, then the cloud is freed: no callback. */
	assert_int_equal(cloud_network_quotas(c, on_limits, &cancelled), 0);
	assert_int_equal(cloud_compute_limits(c, on_limits, &cancelled), 0);
	cloud_free(c);
	event_base_loop(base, EVLOOP_NONBLOCK);
	assert_int_equal(cancelled.calls, 0);
	event_base_free(base);
	fake_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_compute_limits),
		cmocka_unit_test(test_network_quotas),
		cmocka_unit_test(test_odd_answers),
		cmocka_unit_test(test_ops_against_the_fake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
