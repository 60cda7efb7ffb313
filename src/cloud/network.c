/* network: Neutron resources as JSON, parsed (pure; see network.h; the request bodies are in network_body.c). */
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
	[NET_RULE] = { "security-group-rules", "security_group_rule", "security_group_rules",
		       "security_group_rules_links" },
};

static const char *const network_kind_names[NET_NKINDS] = {
	[NET_NETWORK] = "network",
	[NET_SUBNET] = "subnet",
	[NET_ROUTER] = "router",
	[NET_SECGROUP] = "security group",
	[NET_FIP] = "floating IP",
	[NET_PORT] = "port",
	[NET_RULE] = "security group rule",
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
	free(r->device_owner);
	free(r->subnet_id);
	free(r->gateway_network_id);
	free(r->security_group_id);
	free(r->direction);
	free(r->ethertype);
	free(r->protocol);
	free(r->remote_ip_prefix);
	free(r->remote_group_id);
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

/* The port number member key of obj into *out (absent or null: 0); anything but 0..65535 is ERR_PARSE. */
static int network_port_number(int *out, const cJSON *obj, const char *key, enum net_kind k)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(obj, key);

	*out = 0;
	if (v == NULL || cJSON_IsNull(v))
		return 0;
	if (!cJSON_IsNumber(v) || v->valuedouble < 0 || v->valuedouble > 65535 || v->valuedouble != (int)v->valuedouble)
		return network_bad_member(k, key, "a port number");
	*out = (int)v->valuedouble;
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

/* A port's first fixed IP into r->address and r->subnet_id. */
static int network_port_address(struct net_resource *r, const cJSON *obj)
{
	const cJSON *ips = cJSON_GetObjectItemCaseSensitive(obj, "fixed_ips"), *first;

	if (ips == NULL || cJSON_IsNull(ips))
		return 0;
	if (!cJSON_IsArray(ips))
		return network_bad_member(NET_PORT, "fixed_ips", "a list");
	if (cJSON_GetArraySize(ips) == 0)
		return 0;
	first = cJSON_GetArrayItem(ips, 0);
	if (!cJSON_IsObject(first))
		return network_bad_member(NET_PORT, "fixed_ips", "a list of objects");
	if (network_str(&r->address, first, "ip_address", NET_PORT) < 0)
		return ERR_PARSE;
	return network_str(&r->subnet_id, first, "subnet_id", NET_PORT);
}

/* A security group rule's members; a port Neutron gives as null is 0 (both 0: all ports). */
static int network_rule(struct net_resource *r, const cJSON *obj)
{
	const enum net_kind k = NET_RULE;

	if (network_str(&r->security_group_id, obj, "security_group_id", k) < 0 ||
	    network_str(&r->direction, obj, "direction", k) < 0 ||
	    network_str(&r->ethertype, obj, "ethertype", k) < 0 ||
	    network_str(&r->protocol, obj, "protocol", k) < 0 ||
	    network_port_number(&r->port_min, obj, "port_range_min", k) < 0 ||
	    network_port_number(&r->port_max, obj, "port_range_max", k) < 0 ||
	    network_str(&r->remote_ip_prefix, obj, "remote_ip_prefix", k) < 0 ||
	    network_str(&r->remote_group_id, obj, "remote_group_id", k) < 0)
		return ERR_PARSE;
	return 0;
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
		    network_str(&r->device_id, obj, "device_id", k) < 0 ||
		    network_str(&r->device_owner, obj, "device_owner", k) < 0)
			return ERR_PARSE;
		return network_port_address(r, obj);
	case NET_RULE:
		return network_rule(r, obj);
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
	if (r->name == NULL && k != NET_FIP && k != NET_RULE)
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
