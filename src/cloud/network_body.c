/* network_body: the bodies of Neutron requests and the reading of its reasons (pure; see network.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/network.h"
#include "core/error.h"
#include "core/xmalloc.h"

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
	case NET_RULE:
	case NET_NKINDS:
		break;
	}
	return "delete what uses it first";
}
