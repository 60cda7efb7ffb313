/*
 * Tests of cluster discovery's bookkeeping (src/flow/observe_acc.c) on the
 * answers tests/fakecloud/record_observe.py recorded from the sandbox for a
 * cluster obs/rec, plus hand-made foreign resources: what is kept, how rules,
 * interfaces and floating IPs are joined, the second round's queries, the
 * quotas, the all-clusters form, and the destroy plan made from the result.
 * Then flow_observe_start() itself against tests/fakecloud/fakecloud.py: a
 * bad ref, lists that fail (a wrong password), one run to its end, a cancel.
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
#include "cloud/compute.h"
#include "cloud/network.h"
#include "cloud/ops.h"
#include "cloud/quota.h"
#include "core/clouds.h"
#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/spec.h"
#include "flow/cluster_observe.h"
#include "flow/observe_internal.h"
#include "tests/unit/cloud_testlib.h"

#define PUBLIC "a8cea7c2-3a07-4c84-91a1-632bf16a1b39"
#define SECGROUP "866b0bf5-82a7-4e69-a793-2790e51fedd7"
#define ROUTER "5af0ce9e-6e43-400a-8011-8696176821e7"
#define SUBNET "12428630-9493-4b5a-9d96-680c8468c951"
#define PORT "079be090-7a78-43f3-86f5-d5528b869a27"
#define SERVER "a6574874-368b-4fb6-a3cb-9589d5179785"
#define FIP "8e4a58a6-1c6e-4d0d-a5b2-cd6170ffa7ba"
#define RULE "4e3cd055-38b7-431e-8072-34c498cb2a0e"
#define MARKS "[\"sparkdeck\", \"sparkdeck-cluster=obs/rec\"]"

/* Feed every resource of a recorded list page of kind k to a. */
static void feed_page(struct obs_acc *a, enum net_kind k, const char *fixture)
{
	cJSON *page = fixture_json(fixture);
	struct net_resource *v = NULL;
	size_t n = 0;

	assert_int_equal(network_parse_page(&v, &n, k, page), 0);
	for (size_t i = 0; i < n; i++)
		obs_acc_net(a, &v[i]);
	network_resources_free(v, n);
	cJSON_Delete(page);
}

/* Feed one resource of kind k written as JSON. */
static void feed_json(struct obs_acc *a, enum net_kind k, const char *text)
{
	cJSON *o = cJSON_Parse(text);
	struct net_resource r;

	assert_non_null(o);
	assert_int_equal(network_parse_resource(&r, k, o), 0);
	obs_acc_net(a, &r);
	net_resource_dispose(&r);
	cJSON_Delete(o);
}

/* The recorded servers, a foreign one named like ours without metadata, and another cluster's. */
static void feed_servers(struct obs_acc *a)
{
	cJSON *page = fixture_json("observe_servers.json");
	struct server *v = NULL, extra[2];
	size_t n = 0;

	assert_int_equal(compute_parse_servers(&v, &n, page), 0);
	for (size_t i = 0; i < n; i++)
		obs_acc_server(a, &v[i]);
	memset(extra, 0, sizeof extra);
	extra[0].id = "foreign-1";
	extra[0].name = "obs-rec-master";
	extra[0].status = "ACTIVE";
	extra[1].id = "spark-x-1";
	extra[1].name = "spark-x-master";
	extra[1].cluster = "spark/x";
	extra[1].role = "master";
	obs_acc_server(a, &extra[0]);
	obs_acc_server(a, &extra[1]);
	for (size_t i = 0; i < n; i++)
		model_server_dispose(&v[i]);
	free(v);
	cJSON_Delete(page);
}

/* The first round as recorded, with foreign Neutron resources mixed in. */
static void feed_first_round(struct obs_acc *a)
{
	cJSON *root;
	struct cloud_limits l;

	feed_servers(a);
	obs_acc_keypair(a, "sparkdeck-obs-rec");
	obs_acc_keypair(a, "sparkdeck-obs-rec2");
	obs_acc_keypair(a, "sparkdeck-spark-x");
	obs_acc_keypair(a, "sparkdeck-build-0123456789abcdef");
	obs_acc_keypair(a, "mine");
	feed_json(a, NET_NETWORK, "{\"id\": \"net-1\", \"name\": \"sparkdeck-obs-rec\", \"status\": \"ACTIVE\", "
		  "\"tags\": " MARKS "}");
	feed_json(a, NET_NETWORK, "{\"id\": \"net-other\", \"name\": \"sparkdeck-obs-rec\", "
		  "\"tags\": [\"sparkdeck\", \"sparkdeck-cluster=spark/y\"]}");
	feed_json(a, NET_NETWORK, "{\"id\": \"net-build\", \"tags\": [\"sparkdeck\", \"sparkdeck-build=0123\"]}");
	feed_json(a, NET_NETWORK, "{\"id\": \"net-half\", \"tags\": [\"sparkdeck-cluster=obs/rec\"]}");
	feed_json(a, NET_SUBNET, "{\"id\": \"" SUBNET "\", \"name\": \"sparkdeck-obs-rec\", \"network_id\": \"net-1\", "
		  "\"cidr\": \"10.79.0.0/24\", \"tags\": " MARKS "}");
	feed_page(a, NET_ROUTER, "observe_routers.json");
	feed_page(a, NET_SECGROUP, "observe_secgroups.json");
	feed_json(a, NET_SECGROUP, "{\"id\": \"sg-other\", \"tags\": [\"sparkdeck\", \"sparkdeck-cluster=spark/y\"]}");
	feed_page(a, NET_FIP, "observe_fips.json");
	feed_page(a, NET_FIP, "observe_fips.json");     /* seen twice: kept once */
	memset(&l, 0, sizeof l);
	root = fixture_json("observe_limits.json");
	assert_int_equal(quota_parse_compute(&l, root), 0);
	obs_acc_limits(a, &l);
	cJSON_Delete(root);
	memset(&l, 0, sizeof l);
	root = fixture_json("observe_quota_details.json");
	assert_int_equal(quota_parse_network(&l, root), 0);
	obs_acc_limits(a, &l);
	cJSON_Delete(root);
}

/* The second round as recorded (the router's port twice), with a rule of a foreign group. */
static void feed_second_round(struct obs_acc *a)
{
	feed_page(a, NET_RULE, "observe_rules.json");
	feed_json(a, NET_RULE, "{\"id\": \"rule-other\", \"security_group_id\": \"sg-other\", \"direction\": "
		  "\"ingress\", \"ethertype\": \"IPv4\", \"protocol\": \"tcp\", \"port_range_min\": 22, "
		  "\"port_range_max\": 22}");
	feed_json(a, NET_RULE, "{\"id\": \"rule-group\", \"security_group_id\": \"" SECGROUP "\", \"direction\": "
		  "\"ingress\", \"ethertype\": \"IPv4\", \"remote_group_id\": \"" SECGROUP "\"}");
	feed_page(a, NET_PORT, "observe_router_ports.json");
	feed_page(a, NET_PORT, "observe_router_ports.json");
	feed_page(a, NET_PORT, "observe_fip_ports.json");
	/* A DHCP port on a router id is no interface. */
	feed_json(a, NET_PORT, "{\"id\": \"p-dhcp\", \"device_id\": \"" ROUTER "\", \"device_owner\": "
		  "\"network:dhcp\", \"fixed_ips\": [{\"ip_address\": \"10.79.0.2\", \"subnet_id\": \"s-x\"}]}");
}

static const struct plan_seen *find(const struct flow_observed *r, enum plan_kind k)
{
	for (size_t i = 0; i < r->obs.n_res; i++)
		if (r->obs.res[i].kind == k)
			return &r->obs.res[i];
	return NULL;
}

static size_t count(const struct flow_observed *r, enum plan_kind k)
{
	size_t n = 0;

	for (size_t i = 0; i < r->obs.n_res; i++)
		n += r->obs.res[i].kind == k;
	return n;
}

static void test_one_cluster(void **state)
{
	const struct plan_seen *s;
	struct flow_observed *r;
	struct obs_acc a;
	char **q;

	(void)state;
	obs_acc_init(&a, "obs/rec");
	feed_first_round(&a);
	q = obs_acc_queries(&a, OBS_IDS_SECGROUPS, "security_group_id", OBSERVE_IDS_PER_REQUEST);
	assert_non_null(q);
	assert_string_equal(q[0], "security_group_id=" SECGROUP);
	assert_null(q[1]);
	plan_strv_free(q);
	q = obs_acc_queries(&a, OBS_IDS_ROUTERS, "device_id", OBSERVE_IDS_PER_REQUEST);
	assert_string_equal(q[0], "device_id=" ROUTER);
	plan_strv_free(q);
	q = obs_acc_queries(&a, OBS_IDS_FIP_PORTS, "id", OBSERVE_IDS_PER_REQUEST);
	assert_string_equal(q[0], "id=" PORT);
	assert_null(q[1]);
	plan_strv_free(q);
	feed_second_round(&a);
	r = obs_acc_result(&a);
	obs_acc_dispose(&a);

	assert_string_equal(r->cluster, "obs/rec");
	assert_int_equal(r->n_refs, 1);
	assert_string_equal(r->refs[0], "obs/rec");
	assert_int_equal(r->n_warnings, 0);
	/* keypair, network, subnet, router, interface, group, rule, server, floating IP; nothing foreign. */
	assert_int_equal(r->obs.n_res, 9);
	for (int k = 0; k < PLAN_NKINDS; k++)
		assert_int_equal(count(r, (enum plan_kind)k), 1);
	for (size_t i = 1; i < r->obs.n_res; i++)
		assert_true(r->obs.res[i - 1].kind <= r->obs.res[i].kind);
	s = find(r, PLAN_KEYPAIR);
	assert_string_equal(s->id, "sparkdeck-obs-rec");
	s = find(r, PLAN_NETWORK);
	assert_string_equal(s->id, "net-1");
	assert_int_equal(s->n_tags, 2);
	assert_string_equal(s->tags[1], "sparkdeck-cluster=obs/rec");
	s = find(r, PLAN_SUBNET);
	assert_string_equal(s->network_id, "net-1");
	assert_string_equal(s->cidr, "10.79.0.0/24");
	s = find(r, PLAN_ROUTER);
	assert_string_equal(s->id, ROUTER);
	assert_string_equal(s->name, "obs-rec-router");
	assert_string_equal(s->network_id, PUBLIC);
	s = find(r, PLAN_IFACE);
	assert_string_equal(s->id, ROUTER);
	assert_string_equal(s->name, "obs-rec-router");
	assert_string_equal(s->subnet_id, SUBNET);
	s = find(r, PLAN_SECGROUP);
	assert_string_equal(s->id, SECGROUP);
	s = find(r, PLAN_RULE);
	assert_string_equal(s->id, RULE);
	assert_string_equal(s->secgroup_id, SECGROUP);
	assert_string_equal(s->protocol, "tcp");
	assert_int_equal(s->port_min, 7077);
	assert_int_equal(s->port_max, 7078);
	assert_string_equal(s->remote_cidr, "10.79.0.0/24");
	s = find(r, PLAN_SERVER);
	assert_string_equal(s->id, SERVER);
	assert_string_equal(s->cluster, "obs/rec");
	assert_string_equal(s->role, "worker");
	assert_string_equal(s->index, "3");
	assert_string_equal(s->status, "ACTIVE");
	assert_string_equal(s->flavor_name, "m1.tiny");
	assert_null(s->flavor_id);
	assert_string_equal(s->image_id, "3f8f0512-3a9c-48f9-8316-1d66f2ae9bba");
	s = find(r, PLAN_FIP);
	assert_string_equal(s->id, FIP);
	assert_string_equal(s->address, "172.24.4.198");
	assert_string_equal(s->network_id, PUBLIC);
	assert_string_equal(s->port_id, PORT);
	assert_string_equal(s->server_id, SERVER);
	/* Quotas: Nova's and Neutron's halves. */
	assert_true(r->obs.quota[PLAN_Q_INSTANCES].known);
	assert_int_equal(r->obs.quota[PLAN_Q_RAM].used, 512);
	assert_int_equal(r->obs.quota[PLAN_Q_ROUTERS].limit, 20);
	assert_int_equal(r->obs.quota[PLAN_Q_RULES].used, 7);
	assert_true(r->obs.quota[PLAN_Q_FIPS].known);
	flow_observed_free(r);
}

/* The result feeds the plan engine: a destroy plan deletes exactly what was kept (rules go with their group). */
static void test_destroy_plan(void **state)
{
	static const char *const want[] = { FIP, SERVER, ROUTER, ROUTER, SUBNET, "net-1", SECGROUP,
					     "sparkdeck-obs-rec" };
	struct flow_observed *r;
	struct plan p;
	struct plan_target t;
	struct spec sp;
	struct obs_acc a;
	size_t i;

	(void)state;
	obs_acc_init(&a, "obs/rec");
	feed_first_round(&a);
	feed_second_round(&a);
	r = obs_acc_result(&a);
	obs_acc_dispose(&a);
	memset(&sp, 0, sizeof sp);
	sp.ref = "obs/rec";
	sp.cluster_name = "obs-rec";
	memset(&t, 0, sizeof t);
	t.spec = &sp;
	assert_int_equal(plan_make(&p, PLAN_DESTROY, &t, &r->obs), 0);
	assert_int_equal(p.n_actions, sizeof want / sizeof want[0]);
	for (i = 0; i < p.n_actions; i++) {
		assert_int_equal(p.actions[i].op, PLAN_DELETE);
		assert_string_equal(p.actions[i].id, want[i]);
	}
	assert_int_equal(p.actions[3].kind, PLAN_ROUTER);
	assert_int_equal(p.n_snaps, 9);
	plan_dispose(&p);
	flow_observed_free(r);
}

static void test_every_cluster(void **state)
{
	struct flow_observed *r;
	struct obs_acc a;
	size_t i, keypairs = 0;

	(void)state;
	obs_acc_init(&a, NULL);
	feed_first_round(&a);
	feed_second_round(&a);
	r = obs_acc_result(&a);
	obs_acc_dispose(&a);
	assert_null(r->cluster);
	/* Named by metadata (spark/x), tags (spark/y) or both (obs/rec); not the builder's network. */
	assert_int_equal(r->n_refs, 3);
	assert_string_equal(r->refs[0], "obs/rec");
	assert_string_equal(r->refs[1], "spark/x");
	assert_string_equal(r->refs[2], "spark/y");
	assert_null(r->refs[3]);
	for (i = 0; i < r->obs.n_res; i++) {
		const struct plan_seen *s = &r->obs.res[i];

		assert_string_not_equal(s->id, "net-build");
		assert_string_not_equal(s->id, "net-half");
		assert_string_not_equal(s->id, "foreign-1");
		assert_string_not_equal(s->id, "rule-group");
		if (s->kind == PLAN_KEYPAIR) {
			keypairs++;
			assert_true(strcmp(s->id, "sparkdeck-obs-rec") == 0 || strcmp(s->id, "sparkdeck-spark-x") == 0);
		}
	}
	assert_int_equal(keypairs, 2);
	/* The other cluster's group and its rule are there too. */
	assert_int_equal(count(r, PLAN_RULE), 2);
	assert_int_equal(count(r, PLAN_SERVER), 2);
	assert_int_equal(count(r, PLAN_NETWORK), 2);
	flow_observed_free(r);
}

/* A resource an apply created but was killed before tagging carries only the description: it is ours. */
static void test_untagged_but_described(void **state)
{
	struct flow_observed *r;
	struct obs_acc a;
	char *q;

	(void)state;
	q = obs_description_query("spark/ld14");
	assert_string_equal(q, "description=sparkdeck%20cluster%20spark%2Fld14");
	free(q);
	obs_acc_init(&a, "spark/ld14");
	feed_json(&a, NET_FIP, "{\"id\": \"fip-1\", \"description\": \"sparkdeck cluster spark/ld14\", "
		  "\"floating_ip_address\": \"172.24.4.9\", \"tags\": []}");
	feed_json(&a, NET_FIP, "{\"id\": \"fip-2\", \"description\": \"sparkdeck cluster spark/other\", "
		  "\"floating_ip_address\": \"172.24.4.10\", \"tags\": []}");
	feed_json(&a, NET_NETWORK, "{\"id\": \"net-1\", \"description\": \"mine, not sparkdeck's\", \"tags\": []}");
	r = obs_acc_result(&a);
	obs_acc_dispose(&a);
	assert_int_equal(r->obs.n_res, 1);
	assert_string_equal(r->obs.res[0].id, "fip-1");
	assert_true(plan_tags_match(r->obs.res[0].tags, r->obs.res[0].n_tags, "spark/ld14"));
	flow_observed_free(r);
	/* Every cluster: only tags count (a description alone names no cluster to group by). */
	obs_acc_init(&a, NULL);
	feed_json(&a, NET_FIP, "{\"id\": \"fip-1\", \"description\": \"sparkdeck cluster spark/ld14\", \"tags\": []}");
	r = obs_acc_result(&a);
	obs_acc_dispose(&a);
	assert_int_equal(r->obs.n_res, 0);
	flow_observed_free(r);
}

static void test_queries_and_warnings(void **state)
{
	struct cloud_limits l;
	struct flow_observed *r;
	struct obs_acc a;
	char *s, **q, id[32], text[160];
	size_t n, i;

	(void)state;
	s = obs_tags_query("spark/ld14");
	assert_string_equal(s, "tags=sparkdeck,sparkdeck-cluster%3Dspark%2Fld14");
	free(s);
	s = obs_tags_query(NULL);
	assert_string_equal(s, "tags=sparkdeck");
	free(s);
	obs_acc_init(&a, "spark/ld14");
	assert_null(obs_acc_queries(&a, OBS_IDS_SECGROUPS, "security_group_id", 20));
	for (i = 0; i < 45; i++) {
		snprintf(id, sizeof id, i == 44 ? "sg %zu&x" : "sg-%zu", i);
		snprintf(text, sizeof text, "{\"id\": \"%s\", \"tags\": [\"sparkdeck\", "
			 "\"sparkdeck-cluster=spark/ld14\"]}", id);
		feed_json(&a, NET_SECGROUP, text);
	}
	q = obs_acc_queries(&a, OBS_IDS_SECGROUPS, "security_group_id", 20);
	for (n = 0; q[n]; n++)
		;
	assert_int_equal(n, 3);
	assert_non_null(strstr(q[0], "security_group_id=sg-0&security_group_id=sg-1&"));
	assert_null(strstr(q[1], "sg-19&"));
	assert_non_null(strstr(q[1], "security_group_id=sg-20&"));
	assert_string_equal(q[2], "security_group_id=sg-40&security_group_id=sg-41&security_group_id=sg-42&"
			    "security_group_id=sg-43&security_group_id=sg%2044%26x");
	plan_strv_free(q);
	/* Nova answered, Neutron refused: its quotas stay unknown, with a warning. */
	memset(&l, 0, sizeof l);
	l.cores.known = 1;
	l.cores.used = 3;
	l.cores.limit = 10;
	obs_acc_limits(&a, &l);
	obs_acc_warn(&a, "Neutron refused (HTTP 403) for the project's quota details: \x1b[31mno");
	r = obs_acc_result(&a);
	obs_acc_dispose(&a);
	assert_int_equal(r->n_refs, 1);
	assert_true(r->obs.quota[PLAN_Q_CORES].known);
	assert_int_equal(r->obs.quota[PLAN_Q_CORES].limit, 10);
	assert_false(r->obs.quota[PLAN_Q_INSTANCES].known);
	assert_false(r->obs.quota[PLAN_Q_NETWORKS].known);
	assert_int_equal(r->n_warnings, 1);
	assert_null(r->warnings[1]);
	assert_null(strchr(r->warnings[0], '\x1b'));
	assert_non_null(strstr(r->warnings[0], "HTTP 403"));
	assert_non_null(strstr(r->warnings[0], "quotas are unknown"));
	flow_observed_free(r);
	flow_observed_free(NULL);
}

struct result {
	int done;
	int calls;
	int rc;
	char msg[512];
	struct flow_observed *seen;
};

static void on_observed(void *arg, int rc, const char *msg, struct flow_observed *seen)
{
	struct result *r = arg;

	r->done = 1;
	r->calls++;
	r->rc = rc;
	snprintf(r->msg, sizeof r->msg, "%s", msg);
	r->seen = seen;
}

static void test_flow_against_the_fake(void **state)
{
	struct event_base *base = event_base_new();
	struct clouds_config creds, wrong;
	struct flow_observe *o = (struct flow_observe *)&o;
	struct fake f;
	struct cloud *c, *bad;
	struct result r = { 0 }, refused = { 0 }, cancelled = { 0 };
	int never = 0;

	(void)state;
	if (fake_start(&f, NULL) < 0)
		fail_msg("cannot start fakecloud.py");
	fake_creds(&f, &creds, "secret");
	fake_creds(&f, &wrong, "not-the-password");
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	assert_int_equal(cloud_new(&bad, base, &wrong, NULL), 0);
	assert_int_equal(flow_observe_start(&o, c, "Spark/LD14", on_observed, &r), ERR_INVALID);
	assert_null(o);
	assert_int_equal(flow_observe_start(&o, c, "spark/../x", on_observed, &r), ERR_INVALID);
	/* Every list fails: one callback with the first error, nothing handed over. */
	assert_int_equal(flow_observe_start(&o, bad, "spark/ld14", on_observed, &refused), 0);
	assert_non_null(o);
	assert_int_equal(loop_until(base, &refused.done, 20), 0);
	assert_int_equal(loop_until(base, &never, 0.3), -1);
	assert_int_equal(refused.calls, 1);
	assert_int_equal(refused.rc, ERR_AUTH);
	assert_null(refused.seen);
	assert_true(refused.msg[0] != '\0');
	/* With the right password: whatever the fake serves, done comes once and keeps the contract. */
	assert_int_equal(flow_observe_start(&o, c, "spark/ld14", on_observed, &r), 0);
	assert_int_equal(loop_until(base, &r.done, 20), 0);
	assert_int_equal(loop_until(base, &never, 0.3), -1);
	assert_int_equal(r.calls, 1);
	print_message("# %s\n", r.rc < 0 ? r.msg : "observed");
	assert_true(r.rc < 0 ? r.seen == NULL && r.msg[0] != '\0' : r.seen != NULL && r.msg[0] == '\0');
	flow_observed_free(r.seen);
	/* Cancelled at once: no callback, and the requests in flight end harmlessly. */
	assert_int_equal(flow_observe_start(&o, c, NULL, on_observed, &cancelled), 0);
	flow_observe_cancel(o);
	loop_until(base, &never, 1.0);
	assert_int_equal(cloud_busy(c), 0);
	assert_int_equal(cancelled.calls, 0);
	cloud_free(bad);
	cloud_free(c);
	event_base_free(base);
	fake_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_one_cluster),
		cmocka_unit_test(test_destroy_plan),
		cmocka_unit_test(test_every_cluster),
		cmocka_unit_test(test_queries_and_warnings),
		cmocka_unit_test(test_untagged_but_described),
		cmocka_unit_test(test_flow_against_the_fake),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
