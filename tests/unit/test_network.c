/*
 * Tests of src/cloud/network.c (parsers on JSON recorded from the sandbox's
 * Neutron, request bodies, bad input) and of the argument checks and
 * cancellation of src/cloud/network_ops.c (against tests/fakecloud/fakecloud.py).
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
#include "cloud/errbody.h"
#include "cloud/network.h"
#include "cloud/ops.h"
#include "cloud/pager.h"
#include "core/clouds.h"
#include "core/error.h"
#include "tests/unit/cloud_testlib.h"

#define PUBLIC "a8cea7c2-3a07-4c84-91a1-632bf16a1b39"
#define NET "a543968f-5db6-42b4-bb32-1b46fbcb321d"
#define SUBNET "828132c9-1367-4ac0-ac0b-e2e948ed3e8c"
#define ROUTER "7c539e7c-4302-4ac1-b783-9a903f1c09cb"
#define PROJECT "6249fd5d123044ae841c7b2132ba27a2"
/* The cluster obs/rec of tests/fakecloud/record_observe.py. */
#define OBS_SECGROUP "866b0bf5-82a7-4e69-a793-2790e51fedd7"
#define OBS_ROUTER "5af0ce9e-6e43-400a-8011-8696176821e7"
#define OBS_SUBNET "12428630-9493-4b5a-9d96-680c8468c951"
#define OBS_PORT "079be090-7a78-43f3-86f5-d5528b869a27"
#define OBS_SERVER "a6574874-368b-4fb6-a3cb-9589d5179785"

static int parse_one(enum net_kind k, const char *text);

static void assert_tags(const struct net_resource *r)
{
	assert_int_equal(r->n_tags, 2);
	assert_string_equal(r->tags[0], "sparkdeck");
	assert_string_equal(r->tags[1], "sparkdeck-cluster=spark/rec");
}

static void test_kinds(void **state)
{
	(void)state;
	assert_string_equal(net_kind_name(NET_NETWORK), "network");
	assert_string_equal(net_kind_name(NET_SECGROUP), "security group");
	assert_string_equal(net_kind_name(NET_FIP), "floating IP");
	assert_string_equal(net_kind_name(NET_NKINDS), "Neutron resource");
	assert_string_equal(network_kind_info(NET_SECGROUP)->collection, "security-groups");
	assert_string_equal(network_kind_info(NET_SECGROUP)->key, "security_group");
	assert_string_equal(network_kind_info(NET_SECGROUP)->links_key, "security_groups_links");
	assert_string_equal(network_kind_info(NET_FIP)->collection, "floatingips");
	assert_string_equal(network_kind_info(NET_PORT)->list_key, "ports");
	assert_null(network_kind_info(NET_NKINDS));
	assert_null(network_kind_info((enum net_kind)-1));
	net_resource_dispose(NULL);
}

/* GET /v2.0/networks?limit=1000 as builders: its own network and the external "public". */
static void test_networks_page(void **state)
{
	cJSON *page = fixture_json("network_networks.json");
	struct net_resource *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(network_parse_page(&v, &n, NET_NETWORK, page), 0);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].kind, NET_NETWORK);
	assert_string_equal(v[0].id, NET);
	assert_string_equal(v[0].name, "a2-rec-net");
	assert_string_equal(v[0].description, "sparkdeck cluster spark/rec");
	assert_string_equal(v[0].project_id, PROJECT);
	assert_string_equal(v[0].status, "ACTIVE");
	assert_false(v[0].external);
	assert_false(v[0].shared);
	assert_tags(&v[0]);
	assert_null(v[0].cidr);
	assert_null(v[0].network_id);
	assert_string_equal(v[1].id, PUBLIC);
	assert_string_equal(v[1].name, "public");
	assert_true(v[1].external);
	assert_string_equal(v[1].description, "");
	assert_int_equal(v[1].n_tags, 0);
	/* The page only links back ("previous"): the list ends here. */
	assert_null(pager_find_next(page, network_kind_info(NET_NETWORK)->links_key));
	/* A second page appends. */
	assert_int_equal(network_parse_page(&v, &n, NET_NETWORK, page), 0);
	assert_int_equal(n, 4);
	assert_string_equal(v[3].name, "public");
	network_resources_free(v, n);
	cJSON_Delete(page);
}

static void test_subnet_router_secgroup(void **state)
{
	cJSON *root = fixture_json("network_subnet.json");
	struct net_resource r;

	(void)state;
	assert_int_equal(network_parse_created(&r, NET_SUBNET, root), 0);
	assert_string_equal(r.id, SUBNET);
	assert_string_equal(r.network_id, NET);
	assert_string_equal(r.cidr, "10.78.0.0/24");
	assert_string_equal(r.name, "a2-rec-subnet");
	assert_null(r.status);
	assert_tags(&r);
	net_resource_dispose(&r);
	assert_null(r.id);
	cJSON_Delete(root);

	root = fixture_json("network_router.json");
	assert_int_equal(network_parse_created(&r, NET_ROUTER, root), 0);
	assert_string_equal(r.id, ROUTER);
	assert_string_equal(r.gateway_network_id, PUBLIC);
	assert_string_equal(r.status, "ACTIVE");
	assert_string_equal(r.project_id, PROJECT);
	assert_tags(&r);
	net_resource_dispose(&r);
	/* The same object asked for as another kind is not there. */
	assert_int_equal(network_parse_created(&r, NET_NETWORK, root), ERR_PARSE);
	assert_non_null(strstr(err_last(), "\"network\""));
	cJSON_Delete(root);

	root = fixture_json("network_secgroup.json");
	assert_int_equal(network_parse_created(&r, NET_SECGROUP, root), 0);
	assert_string_equal(r.id, "6bb21a42-07af-4210-8589-b85c23b19d7a");
	assert_string_equal(r.name, "a2-rec-sg");
	assert_string_equal(r.description, "sparkdeck cluster spark/rec");
	assert_false(r.shared);
	assert_int_equal(r.n_tags, 1);
	assert_string_equal(r.tags[0], "sparkdeck");
	net_resource_dispose(&r);
	cJSON_Delete(root);
}

static void test_fip_and_ports(void **state)
{
	cJSON *root = fixture_json("network_floatingip.json");
	struct net_resource r, *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(network_parse_created(&r, NET_FIP, root), 0);
	assert_string_equal(r.id, "0fd944a1-0d5a-491d-9338-d71bb75f0d08");
	assert_string_equal(r.address, "172.24.4.18");
	assert_string_equal(r.network_id, PUBLIC);
	assert_string_equal(r.status, "DOWN");
	assert_null(r.port_id);
	assert_null(r.name);
	assert_tags(&r);
	net_resource_dispose(&r);
	cJSON_Delete(root);

	root = fixture_json("network_ports.json");
	assert_int_equal(network_parse_page(&v, &n, NET_PORT, root), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].device_id, ROUTER);
	assert_string_equal(v[0].address, "10.78.0.1");
	assert_string_equal(v[0].network_id, NET);
	assert_string_equal(v[0].status, "DOWN");
	assert_string_equal(v[1].address, "10.78.0.177");
	assert_string_equal(v[1].device_id, "567cd165-165c-4e88-b786-669cb9a3eb9d");
	assert_string_equal(v[1].name, "");
	network_resources_free(v, n);
	cJSON_Delete(root);
}

/* GET /security-group-rules?security_group_id=SG: the ingress rule made, and the two egress rules Neutron adds. */
static void test_rules(void **state)
{
	cJSON *page = fixture_json("observe_rules.json");
	struct net_resource *v = NULL;
	size_t n = 0;

	(void)state;
	assert_string_equal(net_kind_name(NET_RULE), "security group rule");
	assert_string_equal(network_kind_info(NET_RULE)->collection, "security-group-rules");
	assert_int_equal(network_parse_page(&v, &n, NET_RULE, page), 0);
	assert_int_equal(n, 3);
	assert_int_equal(v[0].kind, NET_RULE);
	assert_string_equal(v[0].id, "4e3cd055-38b7-431e-8072-34c498cb2a0e");
	assert_string_equal(v[0].security_group_id, OBS_SECGROUP);
	assert_string_equal(v[0].direction, "ingress");
	assert_string_equal(v[0].ethertype, "IPv4");
	assert_string_equal(v[0].protocol, "tcp");
	assert_int_equal(v[0].port_min, 7077);
	assert_int_equal(v[0].port_max, 7078);
	assert_string_equal(v[0].remote_ip_prefix, "10.79.0.0/24");
	assert_null(v[0].remote_group_id);
	assert_null(v[0].name);         /* rules have no name */
	assert_int_equal(v[0].n_tags, 0);
	assert_string_equal(v[0].project_id, PROJECT);
	/* null ports and protocol: any protocol, all ports. */
	assert_string_equal(v[1].direction, "egress");
	assert_null(v[1].protocol);
	assert_int_equal(v[1].port_min, 0);
	assert_int_equal(v[1].port_max, 0);
	assert_null(v[1].remote_ip_prefix);
	assert_string_equal(v[2].ethertype, "IPv6");
	assert_null(pager_find_next(page, network_kind_info(NET_RULE)->links_key));
	network_resources_free(v, n);
	cJSON_Delete(page);

	assert_int_equal(parse_one(NET_RULE, "{\"id\": \"r\", \"port_range_min\": 70000}"), ERR_PARSE);
	assert_string_equal(err_last(),
			    "Neutron sent a security group rule whose \"port_range_min\" is not a port number");
	assert_int_equal(parse_one(NET_RULE, "{\"id\": \"r\", \"port_range_max\": \"22\"}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_RULE, "{\"id\": \"r\", \"port_range_max\": 22.5}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_RULE, "{\"id\": \"r\", \"port_range_min\": -1}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_RULE, "{\"id\": \"r\", \"protocol\": 6}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_RULE, "{\"id\": \"r\", \"remote_group_id\": null, \"protocol\": \"icmp\", "
				   "\"port_range_min\": 8, \"port_range_max\": null}"), 0);
}

/* The ports of a router (its interface, with the subnet of its fixed IP) and of a floating IP (a server's). */
static void test_port_subnets(void **state)
{
	cJSON *page = fixture_json("observe_router_ports.json");
	struct net_resource *v = NULL;
	size_t n = 0;

	(void)state;
	assert_int_equal(network_parse_page(&v, &n, NET_PORT, page), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].device_id, OBS_ROUTER);
	assert_string_equal(v[0].device_owner, "network:router_interface");
	assert_string_equal(v[0].subnet_id, OBS_SUBNET);
	assert_string_equal(v[0].address, "10.79.0.1");
	network_resources_free(v, n);
	cJSON_Delete(page);

	page = fixture_json("observe_fip_ports.json");
	v = NULL;
	n = 0;
	assert_int_equal(network_parse_page(&v, &n, NET_PORT, page), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, OBS_PORT);
	assert_string_equal(v[0].device_owner, "compute:nova");
	assert_string_equal(v[0].device_id, OBS_SERVER);
	assert_string_equal(v[0].subnet_id, OBS_SUBNET);
	network_resources_free(v, n);
	cJSON_Delete(page);

	/* The router's gateway, as discovery reads it. */
	page = fixture_json("observe_routers.json");
	v = NULL;
	n = 0;
	assert_int_equal(network_parse_page(&v, &n, NET_ROUTER, page), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].gateway_network_id, PUBLIC);
	network_resources_free(v, n);
	cJSON_Delete(page);

	assert_int_equal(parse_one(NET_PORT, "{\"id\": \"a\", \"fixed_ips\": [\"10.0.0.1\"]}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_PORT, "{\"id\": \"a\", \"fixed_ips\": [{\"subnet_id\": 1}]}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_PORT, "{\"id\": \"a\", \"device_owner\": []}"), ERR_PARSE);
}

/* Parse text as one resource of kind k: the return code. */
static int parse_one(enum net_kind k, const char *text)
{
	cJSON *o = cJSON_Parse(text);
	struct net_resource r;
	int rc;

	assert_non_null(o);
	rc = network_parse_resource(&r, k, o);
	if (rc < 0) {
		assert_null(r.id);
		assert_null(r.name);
		assert_null(r.tags);
	}
	net_resource_dispose(&r);
	cJSON_Delete(o);
	return rc;
}

static void test_bad_input(void **state)
{
	cJSON *page;
	struct net_resource *v = NULL, r;
	size_t n = 0;

	(void)state;
	assert_int_equal(parse_one(NET_NETWORK, "{\"name\": \"no id\"}"), ERR_PARSE);
	assert_string_equal(err_last(), "Neutron sent a network without an id");
	assert_int_equal(parse_one(NET_NETWORK, "{\"id\": \"\"}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_SUBNET, "{\"id\": 42}"), ERR_PARSE);
	assert_string_equal(err_last(), "Neutron sent a subnet whose \"id\" is not a string");
	assert_int_equal(parse_one(NET_NETWORK, "{\"id\": \"a\", \"name\": 5}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_NETWORK, "{\"id\": \"a\", \"tags\": \"sparkdeck\"}"), ERR_PARSE);
	assert_string_equal(err_last(), "Neutron sent a network whose \"tags\" is not a list");
	assert_int_equal(parse_one(NET_NETWORK, "{\"id\": \"a\", \"tags\": [\"x\", 1]}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_NETWORK, "{\"id\": \"a\", \"router:external\": \"yes\"}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_ROUTER, "{\"id\": \"a\", \"external_gateway_info\": \"public\"}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_PORT, "{\"id\": \"a\", \"fixed_ips\": {}}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_PORT, "{\"id\": \"a\", \"fixed_ips\": [{\"ip_address\": 10}]}"), ERR_PARSE);
	assert_int_equal(parse_one(NET_FIP, "[]"), ERR_PARSE);
	assert_int_equal(parse_one(NET_NKINDS, "{\"id\": \"a\"}"), ERR_INVALID);
	/* JSON null is absent; a router without a gateway and a port without addresses are fine. */
	assert_int_equal(parse_one(NET_ROUTER, "{\"id\": \"a\", \"name\": null, \"external_gateway_info\": null, "
				   "\"tags\": null}"), 0);
	assert_int_equal(parse_one(NET_PORT, "{\"id\": \"a\", \"fixed_ips\": []}"), 0);

	page = cJSON_Parse("{\"networks\": {}}");
	assert_int_equal(network_parse_page(&v, &n, NET_NETWORK, page), ERR_PARSE);
	assert_string_equal(err_last(), "Neutron's network list has no \"networks\" array");
	cJSON_Delete(page);
	page = cJSON_Parse("{\"routers\": [{\"id\": \"a\"}, {\"name\": \"b\"}, {\"id\": \"c\"}]}");
	assert_int_equal(network_parse_page(&v, &n, NET_ROUTER, page), ERR_PARSE);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].id, "a");
	network_resources_free(v, n);
	cJSON_Delete(page);

	page = cJSON_Parse("{\"tags\": [\"a\", \"b\"]}");
	assert_int_equal(parse_one(NET_FIP, "{\"id\": \"f\"}"), 0);
	memset(&r, 0, sizeof r);
	r.kind = NET_FIP;
	assert_int_equal(network_parse_tags(&r, page), 0);
	assert_int_equal(r.n_tags, 2);
	assert_string_equal(r.tags[1], "b");
	net_resource_dispose(&r);
	cJSON_Delete(page);
	page = cJSON_Parse("{\"tag\": []}");
	assert_int_equal(network_parse_tags(&r, page), ERR_PARSE);
	cJSON_Delete(page);
}

static void test_bodies(void **state)
{
	const char *const dns[] = { "8.8.8.8", "1.1.1.1", NULL };
	const char *const tags[] = { "sparkdeck", "sparkdeck-cluster=spark/ld14", NULL };
	char *s;

	(void)state;
	s = network_build_network("sd-net", "sparkdeck cluster spark/ld14");
	assert_string_equal(s, "{\"network\":{\"name\":\"sd-net\",\"description\":\"sparkdeck cluster spark/ld14\","
			    "\"admin_state_up\":true}}");
	free(s);
	s = network_build_network("n\"x", NULL);
	assert_string_equal(s, "{\"network\":{\"name\":\"n\\\"x\",\"admin_state_up\":true}}");
	free(s);
	s = network_build_subnet(NET, "sd-subnet", "10.77.0.0/24", dns, "d");
	assert_string_equal(s, "{\"subnet\":{\"network_id\":\"" NET "\",\"name\":\"sd-subnet\",\"ip_version\":4,"
			    "\"cidr\":\"10.77.0.0/24\",\"enable_dhcp\":true,\"dns_nameservers\":[\"8.8.8.8\",\"1.1.1.1\"],"
			    "\"description\":\"d\"}}");
	free(s);
	s = network_build_subnet(NET, NULL, "10.77.0.0/24", NULL, NULL);
	assert_string_equal(s, "{\"subnet\":{\"network_id\":\"" NET "\",\"name\":\"\",\"ip_version\":4,"
			    "\"cidr\":\"10.77.0.0/24\",\"enable_dhcp\":true}}");
	free(s);
	s = network_build_router("sd-router", PUBLIC, "d");
	assert_string_equal(s, "{\"router\":{\"name\":\"sd-router\",\"description\":\"d\","
			    "\"external_gateway_info\":{\"network_id\":\"" PUBLIC "\"}}}");
	free(s);
	s = network_build_router("r", NULL, NULL);
	assert_string_equal(s, "{\"router\":{\"name\":\"r\"}}");
	free(s);
	s = network_build_secgroup("sd-sg", "d");
	assert_string_equal(s, "{\"security_group\":{\"name\":\"sd-sg\",\"description\":\"d\"}}");
	free(s);
	assert_int_equal(network_build_rule(&s, "sg1", "tcp", 22, 22, "0.0.0.0/0"), 0);
	assert_string_equal(s, "{\"security_group_rule\":{\"security_group_id\":\"sg1\",\"direction\":\"ingress\","
			    "\"ethertype\":\"IPv4\",\"protocol\":\"tcp\",\"port_range_min\":22,\"port_range_max\":22,"
			    "\"remote_ip_prefix\":\"0.0.0.0/0\"}}");
	free(s);
	assert_int_equal(network_build_rule(&s, "sg1", "icmp", 0, 0, NULL), 0);
	assert_string_equal(s, "{\"security_group_rule\":{\"security_group_id\":\"sg1\",\"direction\":\"ingress\","
			    "\"ethertype\":\"IPv4\",\"protocol\":\"icmp\"}}");
	free(s);
	s = network_build_fip(PUBLIC, "p1", "d");
	assert_string_equal(s, "{\"floatingip\":{\"floating_network_id\":\"" PUBLIC "\",\"port_id\":\"p1\","
			    "\"description\":\"d\"}}");
	free(s);
	s = network_build_fip(PUBLIC, NULL, NULL);
	assert_string_equal(s, "{\"floatingip\":{\"floating_network_id\":\"" PUBLIC "\"}}");
	free(s);
	s = network_build_interface(SUBNET);
	assert_string_equal(s, "{\"subnet_id\":\"" SUBNET "\"}");
	free(s);
	s = network_build_tags(tags);
	assert_string_equal(s, "{\"tags\":[\"sparkdeck\",\"sparkdeck-cluster=spark/ld14\"]}");
	free(s);
	s = network_build_tags(NULL);
	assert_string_equal(s, "{\"tags\":[]}");
	free(s);
}

static void test_bad_rules(void **state)
{
	char *s = (char *)"untouched";

	(void)state;
	assert_int_equal(network_build_rule(&s, "sg", "tcp", 0, 22, NULL), ERR_INVALID);
	assert_null(s);
	assert_int_equal(network_build_rule(&s, "sg", "tcp", 23, 22, NULL), ERR_INVALID);
	assert_int_equal(network_build_rule(&s, "sg", "tcp", 1, 65536, NULL), ERR_INVALID);
	assert_int_equal(network_build_rule(&s, "sg", "tcp", -1, 5, NULL), ERR_INVALID);
	assert_int_equal(network_build_rule(&s, "sg", NULL, 22, 22, NULL), ERR_INVALID);
	assert_non_null(strstr(err_last(), "needs a protocol"));
	assert_int_equal(network_build_rule(&s, "sg", "udp", 1, 65535, "10.0.0.0/8"), 0);
	free(s);
}

/* Neutron's words for the cases the ops turn into success or a better message. */
static void test_reasons(void **state)
{
	size_t len;
	char *body = fixture_read("network_error_in_use.json", &len), *msg;

	(void)state;
	assert_true(network_is_duplicate_interface("Bad router request: Router already has a port on subnet "
						   SUBNET ".", SUBNET));
	assert_false(network_is_duplicate_interface("Bad router request: Router already has a port on subnet "
						    "other.", SUBNET));
	assert_false(network_is_duplicate_interface("Bad router request: IP address 10.0.0.1 already allocated "
						    "in subnet " SUBNET, SUBNET));
	assert_false(network_is_duplicate_interface(NULL, SUBNET));
	assert_false(network_is_duplicate_interface("already has a port on subnet ", ""));
	assert_non_null(strstr(network_in_use_hint(NET_NETWORK), "router interfaces"));
	assert_non_null(strstr(network_in_use_hint(NET_ROUTER), "interfaces"));
	assert_string_equal(network_in_use_hint(NET_FIP), "delete what uses it first");
	/* The reason a 409 carries names the ports that still use the network. */
	msg = errbody_extract_message(body, len, ERRBODY_MAX_MESSAGE);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "Unable to complete operation on network " NET));
	assert_non_null(strstr(msg, "7abfac77-27e7-4fdb-aa06-ccd81c515a13"));
	free(msg);
	free(body);
}

/* ---- the async ops: argument checks (no I/O) and against the fake ---- */

struct result {
	int done;
	int calls;
	int rc;
	size_t n;
	char msg[512];
};

static void on_status(void *arg, int rc, const char *msg, long status)
{
	struct result *r = arg;

	(void)status;
	r->done = 1;
	r->calls++;
	r->rc = rc;
	snprintf(r->msg, sizeof r->msg, "%s", msg);
}

static void on_id(void *arg, int rc, const char *msg, const char *id)
{
	(void)id;
	on_status(arg, rc, msg, 0);
}

static void on_nets(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	struct result *r = arg;

	(void)v;
	r->n = n;
	on_status(arg, rc, msg, 0);
}

static void test_ops_refuse_bad_arguments(void **state)
{
	const char *const empty_tag[] = { "sparkdeck", "", NULL };
	struct event_base *base = event_base_new();
	struct clouds_config creds;
	struct fake f;
	struct cloud *c;
	struct result r = { 0 };

	(void)state;
	memset(&f, 0, sizeof f);
	strcpy(f.auth_url, "http://127.0.0.1:9/v3");
	fake_creds(&f, &creds, "secret");
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	assert_int_equal(cloud_net_delete(c, NET_NETWORK, "a/b", on_status, &r), ERR_INVALID);
	assert_string_equal(err_last(), "bad network id: give a Neutron id");
	assert_int_equal(cloud_net_delete(c, NET_SUBNET, "..", on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_net_delete(c, NET_SUBNET, NULL, on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_net_delete(c, NET_NKINDS, "x", on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_net_list(c, NET_NKINDS, NULL, on_nets, &r), ERR_INVALID);
	assert_int_equal(cloud_net_list(c, NET_PORT, "name=a b", on_nets, &r), ERR_INVALID);
	assert_int_equal(cloud_net_list(c, NET_PORT, "name=a#frag", on_nets, &r), ERR_INVALID);
	assert_int_equal(cloud_net_list(c, NET_PORT, "name=a\x1b[2J", on_nets, &r), ERR_INVALID);
	assert_int_equal(cloud_router_add_subnet(c, "r?x", SUBNET, on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_router_add_subnet(c, ROUTER, "", on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_router_remove_subnet(c, "r/../x", SUBNET, on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_secgroup_add_rule(c, "sg 1", "tcp", 22, 22, NULL, on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_secgroup_add_rule(c, "sg", "tcp", 22, 21, NULL, on_status, &r), ERR_INVALID);
	assert_int_equal(cloud_subnet_create(c, NULL, "s", "10.0.0.0/24", NULL, NULL, NULL, on_id, &r), ERR_INVALID);
	assert_int_equal(cloud_subnet_create(c, NET, "s", "", NULL, NULL, NULL, on_id, &r), ERR_INVALID);
	assert_int_equal(cloud_router_create(c, "r", "pub/x", NULL, NULL, on_id, &r), ERR_INVALID);
	assert_int_equal(cloud_network_create(c, "n", NULL, empty_tag, on_id, &r), ERR_INVALID);
	assert_int_equal(cloud_fip_create(c, NULL, NULL, NULL, NULL, on_nets, &r), ERR_INVALID);
	assert_int_equal(cloud_fip_create(c, PUBLIC, "p\n", NULL, NULL, on_nets, &r), ERR_INVALID);
	assert_int_equal(cloud_busy(c), 0);
	event_base_loop(base, EVLOOP_NONBLOCK);
	assert_int_equal(r.calls, 0);
	cloud_free(c);
	event_base_free(base);
}

static void test_ops_list_and_cancel(void **state)
{
	const char *const tags[] = { "sparkdeck", NULL };
	struct event_base *base = event_base_new();
	struct clouds_config creds;
	struct fake f;
	struct cloud *c;
	struct result r = { 0 }, cancelled = { 0 };
	int never = 0;

	(void)state;
	if (fake_start(&f, NULL) < 0)
		fail_msg("cannot start fakecloud.py");
	fake_creds(&f, &creds, "secret");
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	/* The fake's Neutron answers every path with an empty network list. */
	assert_int_equal(cloud_net_list(c, NET_NETWORK, "name=x", on_nets, &r), 0);
	assert_int_equal(loop_until(base, &r.done, 20), 0);
	assert_int_equal(loop_until(base, &never, 0.2), -1);
	assert_int_equal(r.calls, 1);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.n, 0);
	assert_string_equal(r.msg, "");
	/* Started, then the cloud is freed: no callback, nothing leaked (ASan builds check). */
	assert_int_equal(cloud_net_list(c, NET_ROUTER, NULL, on_nets, &cancelled), 0);
	assert_int_equal(cloud_network_create(c, "n", "d", tags, on_id, &cancelled), 0);
	assert_int_equal(cloud_net_delete(c, NET_NETWORK, NET, on_status, &cancelled), 0);
	cloud_free(c);
	event_base_loop(base, EVLOOP_NONBLOCK);
	assert_int_equal(cancelled.calls, 0);
	event_base_free(base);
	fake_stop(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_kinds),
		cmocka_unit_test(test_networks_page),
		cmocka_unit_test(test_subnet_router_secgroup),
		cmocka_unit_test(test_fip_and_ports),
		cmocka_unit_test(test_rules),
		cmocka_unit_test(test_port_subnets),
		cmocka_unit_test(test_bad_input),
		cmocka_unit_test(test_bodies),
		cmocka_unit_test(test_bad_rules),
		cmocka_unit_test(test_reasons),
		cmocka_unit_test(test_ops_refuse_bad_arguments),
		cmocka_unit_test(test_ops_list_and_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
