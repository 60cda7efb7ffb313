/*
 * network: Neutron resources as JSON (pure): parsing networks, subnets,
 * routers, security groups, floating IPs, ports and security group rules
 * into struct net_resource (ops.h) (network.c), and building the bodies of
 * the requests that create them (network_body.c).
 *
 * Paths are below the catalog's network endpoint, which catalog.c already
 * ends with "/v2.0": "/networks", "/security-groups/{id}/tags", ...
 * Lists ask for limit=NETWORK_PAGE_LIMIT and follow "<list key>_links".
 * Tags never go into a POST body (the sandbox's Neutron has standard-attr-tag
 * but not tag-creation): they are PUT afterwards with network_build_tags().
 *
 * Parsing is strict about types: an object without a string "id", or a
 * member present with the wrong JSON type (a number for "name", a string for
 * "tags", ...), is ERR_PARSE naming the kind and the member; so is a rule's
 * port that is not a whole number 0..65535. Members that do not apply to a
 * kind are left NULL / 0; JSON null counts as absent. Rules and floating IPs
 * have no name (NULL); the other kinds get "" for a missing one.
 *
 * Contract: the parsers fill caller-provided structs with heap strings that
 * the caller releases with net_resource_dispose() (arrays: with
 * network_resources_free()); they return 0 or ERR_PARSE, and on error leave
 * nothing allocated in *out (a page parser keeps what it appended before the
 * bad item, counted in *n). The builders return a new JSON string the caller
 * frees with free(), or (rule) ERR_INVALID for bad ports.
 */
#ifndef SD_CLOUD_NETWORK_H
#define SD_CLOUD_NETWORK_H

#include <stddef.h>
#include <cjson/cJSON.h>

#include "cloud/ops.h"

#define NETWORK_PAGE_LIMIT 1000

/* How a kind appears in Neutron's API. */
struct network_kind_info {
	const char *collection;  /* path segment: "networks", "security-groups", "floatingips" */
	const char *key;         /* one object: "network", "security_group", "floatingip" */
	const char *list_key;    /* a page: "networks", "security_groups", "floatingips" */
	const char *links_key;   /* a page's links: "networks_links", ... */
};

/* The API names of kind k, or NULL for a kind that does not exist. */
const struct network_kind_info *network_kind_info(enum net_kind k);
/* Dispose n resources and free the array. */
void network_resources_free(struct net_resource *v, size_t n);
/* Parse one resource object of kind k (the inside of {"network": {...}}). */
int network_parse_resource(struct net_resource *out, enum net_kind k, const cJSON *obj);
/* Parse a create or show answer ({"network": {...}}) of kind k. */
int network_parse_created(struct net_resource *out, enum net_kind k, const cJSON *root);
/* Append the resources of one list page ({"networks": [...]}) of kind k to *v / *n. */
int network_parse_page(struct net_resource **v, size_t *n, enum net_kind k, const cJSON *page);
/* Replace r's tags with those of a tags answer ({"tags": [...]}). */
int network_parse_tags(struct net_resource *r, const cJSON *root);

/* {"network": {"name", "description"?, "admin_state_up": true}}. */
char *network_build_network(const char *name, const char *description);
/* {"subnet": {"network_id", "name", "ip_version": 4, "cidr", "enable_dhcp": true, "dns_nameservers"?, ...}}. */
char *network_build_subnet(const char *network_id, const char *name, const char *cidr, const char *const *dns,
			   const char *description);
/* {"router": {"name", "description"?, "external_gateway_info"?: {"network_id"}}}. */
char *network_build_router(const char *name, const char *external_network_id, const char *description);
/* {"security_group": {"name", "description"?}}. */
char *network_build_secgroup(const char *name, const char *description);
/* An ingress IPv4 rule of secgroup_id; protocol NULL: any; ports 0: all (else 1..65535, min <= max). */
int network_build_rule(char **out, const char *secgroup_id, const char *protocol, int port_min, int port_max,
		       const char *remote_cidr);
/* {"floatingip": {"floating_network_id", "port_id"?, "description"?}}. */
char *network_build_fip(const char *external_network_id, const char *port_id, const char *description);
/* {"subnet_id": ...} for add_router_interface / remove_router_interface. */
char *network_build_interface(const char *subnet_id);
/* {"tags": [...]} from a NULL-terminated list (NULL: none). */
char *network_build_tags(const char *const *tags);

/* 1 if Neutron's reason for a 400 on add_router_interface says subnet_id is already attached to the router. */
int network_is_duplicate_interface(const char *reason, const char *subnet_id);
/* What to do about a 409 on deleting a resource of kind k (a phrase, static). */
const char *network_in_use_hint(enum net_kind k);

#endif
