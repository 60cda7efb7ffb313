/* network: Neutron resources as JSON, parsed and built (pure; see network.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/network.h"
#include "core/error.h"
#include "core/xmalloc.h"

static const struct network_kind_info network_kinds[NET_NKINDS] = {
	[NET_NETWORK] = { "networks", "network", "networks", "networks_links" },
	[NET_SUBNET] = { "subnets", "subnet", "subnets", "subnets_links" },
	[NET_ROUTER] = { "routers", "router", "routers", "routers_links" },
	[NET_SECGROUP] = { "security-groups", "security_group", "security_groups", "security_groups_links" },
	[NET_FIP] = { "floatingips", "floatingip", "floatingips", "floatingips_links" },
	[NET_PORT] = { "ports", "port", "ports", "ports_links" },
};

static const char *const network_kind_names[NET_NKINDS] = {
	[NET_NETWORK] = "network",
	[NET_SUBNET] = "subnet",
	[NET_ROUTER] = "router",
	[NET_SECGROUP] = "security group",
	[NET_FIP] = "floating IP",
	[NET_PORT] = "port",
};

const struct network_kind_info *network_kind_info(enum net_kind k)
{
	return (int)k >= 0 && k < NET_NKINDS ? &network_kinds[k] : NULL;
}

const char *net_kind_name(enum net_kind k)
{
	return (int)k >= 0 && k < NET_NKINDS ? network_kind_names[k] : "Neutron resource";
}

static void network_free_tags(struct net_resource *r)
{
	size_t i;

	for (i = 0; i < r->n_tags; i++)
		free(r->tags[i]);
	free(r->tags);
	r->tags = NULL;
	r->n_tags = 0;
}

void net_resource_dispose(struct net_resource *r)
{
	if (r == NULL)
		return;
	free(r->id);
	free(r->name);
	free(r->description);
	free(r->project_id);
	free(r->status);
	network_free_tags(r);
	free(r->network_id);
	free(r->cidr);
	free(r->address);
	free(r->port_id);
	free(r->device_id);
	free(r->gateway_network_id);
	memset(r, 0, sizeof *r);
}

void network_resources_free(struct net_resource *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		net_resource_dispose(&v[i]);
	free(v);
}

static int network_bad_member(enum net_kind k, const char *key, const char *want)
{
	return err_set(ERR_PARSE, "Neutron sent a %s whose \"%s\" is not %s", net_kind_name(k), key, want);
}

/* A copy of the string member key of obj into *out (absent or null: NULL); another type is ERR_PARSE. */
static int network_str(char **out, const cJSON *obj, const char *key, enum net_kind k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	free(*out);
	*out = NULL;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsString(v))
		return network_bad_member(k, key, "a string");
	*out = xstrdup(v->valuestring);
	return 0;
}

/* The boolean member key of obj into *out (absent or null: 0); another type is ERR_PARSE. */
static int network_bool(int *out, const cJSON *obj, const char *key, enum net_kind k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsBool(v))
		return network_bad_member(k, key, "true or false");
	*out = cJSON_IsTrue(v);
	return 0;
}

/* The tags array of obj (absent or null: none). */
static int network_tags(struct net_resource *r, const cJSON *obj, enum net_kind k)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(obj, "tags"), *it;

	network_free_tags(r);
	if (list == NULL || cJSON_IsNull(list))
		return 0;
	if (!cJSON_IsArray(list))
		return network_bad_member(k, "tags", "a list");
	cJSON_ArrayForEach(it, list)
		if (!cJSON_IsString(it))
			return network_bad_member(k, "tags", "a list of strings");
	r->tags = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *r->tags);
	cJSON_ArrayForEach(it, list)
		r->tags[r->n_tags++] = xstrdup(it->valuestring);
	return 0;
}

/* A port's first fixed IP address into r->address. */
static int network_port_address(struct net_resource *r, const cJSON *obj)
{
	const cJSON *ips = cJSON_GetObjectItemCaseSensitive(obj, "fixed_ips");

	if (ips == NULL || cJSON_IsNull(ips))
		return 0;
	if (!cJSON_IsArray(ips))
		return network_bad_member(NET_PORT, "fixed_ips", "a list");
	if (cJSON_GetArraySize(ips) == 0)
		return 0;
	return network_str(&r->address, cJSON_GetArrayItem(ips, 0), "ip_address", NET_PORT);
}

/* A router's gateway network into r->gateway_network_id. */
static int network_router_gateway(struct net_resource *r, const cJSON *obj)
{
	const cJSON *gw = cJSON_GetObjectItemCaseSensitive(obj, "external_gateway_info");

	if (gw == NULL || cJSON_IsNull(gw))
		return 0;
	if (!cJSON_IsObject(gw))
		return network_bad_member(NET_ROUTER, "external_gateway_info", "an object");
	return network_str(&r->gateway_network_id, gw, "network_id", NET_ROUTER);
}

/* The members only some kinds have. */
static int network_parse_specific(struct net_resource *r, enum net_kind k, const cJSON *obj)
{
	switch (k) {
	case NET_NETWORK:
		if (network_bool(&r->external, obj, "router:external", k) < 0 ||
		    network_bool(&r->shared, obj, "shared", k) < 0)
			return ERR_PARSE;
		return network_str(&r->status, obj, "status", k);
	case NET_SUBNET:
		if (network_str(&r->network_id, obj, "network_id", k) < 0)
			return ERR_PARSE;
		return network_str(&r->cidr, obj, "cidr", k);
	case NET_ROUTER:
		if (network_str(&r->status, obj, "status", k) < 0)
			return ERR_PARSE;
		return network_router_gateway(r, obj);
	case NET_SECGROUP:
		return 0;
	case NET_FIP:
		if (network_str(&r->status, obj, "status", k) < 0 ||
		    network_str(&r->network_id, obj, "floating_network_id", k) < 0 ||
		    network_str(&r->address, obj, "floating_ip_address", k) < 0)
			return ERR_PARSE;
		return network_str(&r->port_id, obj, "port_id", k);
	case NET_PORT:
		if (network_str(&r->status, obj, "status", k) < 0 ||
		    network_str(&r->network_id, obj, "network_id", k) < 0 ||
		    network_str(&r->device_id, obj, "device_id", k) < 0)
			return ERR_PARSE;
		return network_port_address(r, obj);
	case NET_NKINDS:
		break;
	}
	return err_set(ERR_INVALID, "unknown Neutron resource kind %d", (int)k);
}

int network_parse_resource(struct net_resource *r, enum net_kind k, const cJSON *obj)
{
	int rc;

	memset(r, 0, sizeof *r);
	r->kind = k;
	if (network_kind_info(k) == NULL)
		return err_set(ERR_INVALID, "unknown Neutron resource kind %d", (int)k);
	if (!cJSON_IsObject(obj))
		return err_set(ERR_PARSE, "Neutron sent a %s that is not an object", net_kind_name(k));
	if ((rc = network_str(&r->id, obj, "id", k)) < 0)
		goto out;
	if (r->id == NULL || *r->id == '\0') {
		rc = err_set(ERR_PARSE, "Neutron sent a %s without an id", net_kind_name(k));
		goto out;
	}
	if ((rc = network_str(&r->name, obj, "name", k)) < 0 ||
	    (rc = network_str(&r->description, obj, "description", k)) < 0 ||
	    (rc = network_str(&r->project_id, obj, "project_id", k)) < 0 ||
	    (rc = network_tags(r, obj, k)) < 0 || (rc = network_parse_specific(r, k, obj)) < 0)
		goto out;
	if (r->project_id == NULL && (rc = network_str(&r->project_id, obj, "tenant_id", k)) < 0)
		goto out;
	if (r->name == NULL && k != NET_FIP)
		r->name = xstrdup("");
out:
	if (rc < 0) {
		net_resource_dispose(r);
		r->kind = k;
	}
	return rc;
}

int network_parse_created(struct net_resource *out, enum net_kind k, const cJSON *root)
{
	const struct network_kind_info *ki = network_kind_info(k);

	memset(out, 0, sizeof *out);
	if (ki == NULL)
		return err_set(ERR_INVALID, "unknown Neutron resource kind %d", (int)k);
	if (!cJSON_IsObject(cJSON_GetObjectItemCaseSensitive(root, ki->key)))
		return err_set(ERR_PARSE, "Neutron's answer has no \"%s\" object", ki->key);
	return network_parse_resource(out, k, cJSON_GetObjectItemCaseSensitive(root, ki->key));
}

int network_parse_page(struct net_resource **v, size_t *n, enum net_kind k, const cJSON *page)
{
	const struct network_kind_info *ki = network_kind_info(k);
	const cJSON *list, *it;
	int rc;

	if (ki == NULL)
		return err_set(ERR_INVALID, "unknown Neutron resource kind %d", (int)k);
	list = cJSON_GetObjectItemCaseSensitive(page, ki->list_key);
	if (!cJSON_IsArray(list))
		return err_set(ERR_PARSE, "Neutron's %s list has no \"%s\" array", net_kind_name(k), ki->list_key);
	*v = xreallocarray(*v, *n + (size_t)cJSON_GetArraySize(list) + 1, sizeof **v);
	cJSON_ArrayForEach(it, list) {
		if ((rc = network_parse_resource(&(*v)[*n], k, it)) < 0)
			return rc;
		(*n)++;
	}
	return 0;
}

int network_parse_tags(struct net_resource *r, const cJSON *root)
{
	if (!cJSON_IsArray(cJSON_GetObjectItemCaseSensitive(root, "tags")))
		return err_set(ERR_PARSE, "Neutron's answer to setting tags has no \"tags\" list");
	return network_tags(r, root, r->kind);
}

/* ---- request bodies ---- */

/* Print o (a new string to free()) and delete it. */
static char *network_print(cJSON *o)
{
	char *s = cJSON_PrintUnformatted(o), *copy;

	cJSON_Delete(o);
	if (s == NULL)
		abort();        /* cJSON's allocation failed: out of memory, like xmalloc */
	copy = xstrdup(s);
	cJSON_free(s);
	return copy;
}

/* Print {key: inner}. */
static char *network_wrap(const char *key, cJSON *inner)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, key, inner);
	return network_print(o);
}

static void network_add_opt(cJSON *o, const char *key, const char *value)
{
	if (value)
		cJSON_AddStringToObject(o, key, value);
}

static cJSON *network_string_list(const char *const *v)
{
	cJSON *a = cJSON_CreateArray();
	size_t i;

	for (i = 0; v && v[i]; i++)
		cJSON_AddItemToArray(a, cJSON_CreateString(v[i]));
	return a;
}

char *network_build_network(const char *name, const char *description)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", name ? name : "");
	network_add_opt(o, "description", description);
	cJSON_AddTrueToObject(o, "admin_state_up");
	return network_wrap("network", o);
}

char *network_build_subnet(const char *network_id, const char *name, const char *cidr, const char *const *dns,
			   const char *description)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "network_id", network_id);
	cJSON_AddStringToObject(o, "name", name ? name : "");
	cJSON_AddNumberToObject(o, "ip_version", 4);
	cJSON_AddStringToObject(o, "cidr", cidr);
	cJSON_AddTrueToObject(o, "enable_dhcp");
	if (dns && dns[0])
		cJSON_AddItemToObject(o, "dns_nameservers", network_string_list(dns));
	network_add_opt(o, "description", description);
	return network_wrap("subnet", o);
}

char *network_build_router(const char *name, const char *external_network_id, const char *description)
{
	cJSON *o = cJSON_CreateObject(), *gw;

	cJSON_AddStringToObject(o, "name", name ? name : "");
	network_add_opt(o, "description", description);
	if (external_network_id) {
		gw = cJSON_AddObjectToObject(o, "external_gateway_info");
		cJSON_AddStringToObject(gw, "network_id", external_network_id);
	}
	return network_wrap("router", o);
}

char *network_build_secgroup(const char *name, const char *description)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "name", name ? name : "");
	network_add_opt(o, "description", description);
	return network_wrap("security_group", o);
}

int network_build_rule(char **out, const char *secgroup_id, const char *protocol, int port_min, int port_max,
		       const char *remote_cidr)
{
	int all_ports = port_min == 0 && port_max == 0;
	cJSON *o;

	*out = NULL;
	if (!all_ports && (port_min < 1 || port_max > 65535 || port_min > port_max))
		return err_set(ERR_INVALID, "bad port range %d-%d: give 1..65535 with min <= max (or 0-0 for all)",
			       port_min, port_max);
	if (!all_ports && protocol == NULL)
		return err_set(ERR_INVALID, "a port range needs a protocol (tcp or udp)");
	o = cJSON_CreateObject();
	cJSON_AddStringToObject(o, "security_group_id", secgroup_id);
	cJSON_AddStringToObject(o, "direction", "ingress");
	cJSON_AddStringToObject(o, "ethertype", "IPv4");
	network_add_opt(o, "protocol", protocol);
	if (port_min > 0) {
		cJSON_AddNumberToObject(o, "port_range_min", port_min);
		cJSON_AddNumberToObject(o, "port_range_max", port_max);
	}
	network_add_opt(o, "remote_ip_prefix", remote_cidr);
	*out = network_wrap("security_group_rule", o);
	return 0;
}

char *network_build_fip(const char *external_network_id, const char *port_id, const char *description)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "floating_network_id", external_network_id);
	network_add_opt(o, "port_id", port_id);
	network_add_opt(o, "description", description);
	return network_wrap("floatingip", o);
}

char *network_build_interface(const char *subnet_id)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddStringToObject(o, "subnet_id", subnet_id);
	return network_print(o);
}

char *network_build_tags(const char *const *tags)
{
	cJSON *o = cJSON_CreateObject();

	cJSON_AddItemToObject(o, "tags", network_string_list(tags));
	return network_print(o);
}

/* ---- reading Neutron's reasons ---- */

int network_is_duplicate_interface(const char *reason, const char *subnet_id)
{
	const char *p;

	if (reason == NULL || subnet_id == NULL || *subnet_id == '\0')
		return 0;
	p = strstr(reason, "already has a port on subnet");
	return p != NULL && strstr(p, subnet_id) != NULL;
}

const char *network_in_use_hint(enum net_kind k)
{
	switch (k) {
	case NET_NETWORK:
		return "delete its servers' ports and remove its subnets' router interfaces first";
	case NET_SUBNET:
		return "remove its router interface and delete the ports on it first";
	case NET_ROUTER:
		return "remove its subnet interfaces (and floating IPs using it) first";
	case NET_SECGROUP:
		return "delete or change the servers that use it first";
	case NET_FIP:
	case NET_PORT:
	case NET_NKINDS:
		break;
	}
	return "delete what uses it first";
}
