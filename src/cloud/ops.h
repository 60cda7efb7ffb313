/*
 * ops: the single-resource operations sparkdeck's workflows need (create,
 * get, act on and delete servers, keypairs, images, networks, subnets,
 * routers, security groups and floating IPs), asynchronously on the loop.
 *
 * Same rules as cloud.h: each call returns 0 and later calls done exactly
 * once from the loop, or returns a negative code (ERR_INVALID for a bad
 * argument, e.g. an id with '/' in it) without calling back. Messages are one
 * line, sanitized, name the resource and say what to do; a 404 on get is
 * ERR_NOTFOUND, a 403 is ERR_HTTP "... refused (HTTP 403)", a 409 is ERR_HTTP
 * with the server's reason. Deletes count "already gone" (404) as success, so
 * a cleanup can be run twice. Results passed to done are valid only during
 * the callback. cloud_free() cancels these operations too (no callback).
 *
 * Ownership marks: servers carry metadata (key/value pairs), Neutron resources
 * carry tags (set at creation), keypairs only their name; security group
 * rules (NET_RULE, no tags) belong to their group, router interfaces (ports
 * with device_owner "network:router_interface") to their router.
 *
 * Quotas: cloud_compute_limits() reads Nova's GET /limits, cloud_network_quotas()
 * Neutron's GET /quotas/{project}/details (the quota_details extension; the
 * project is the token's). Each fills its own members of struct cloud_limits
 * and leaves the others unknown; done gets the HTTP status, so a caller can
 * take a 403 (policy) or 404 (no such extension) as "quotas unknown".
 */
#ifndef SD_CLOUD_OPS_H
#define SD_CLOUD_OPS_H

#include <stddef.h>

#include "cloud/image_members.h"   /* cloud_status_fn */

struct cloud;
struct server;
struct image;

/* Neutron resource kinds the ops know. */
enum net_kind { NET_NETWORK, NET_SUBNET, NET_ROUTER, NET_SECGROUP, NET_FIP, NET_PORT, NET_RULE, NET_NKINDS };

/* A Neutron resource as listed; fields that do not apply to a kind are NULL / 0. */
struct net_resource {
	enum net_kind kind;
	char *id;
	char *name;
	char *description;
	char *project_id;
	char *status;            /* networks, ports, FIPs, routers */
	char **tags;
	size_t n_tags;
	int external;            /* networks: router:external */
	int shared;              /* networks: shared */
	char *network_id;        /* subnets, ports: their network; FIPs: the floating network */
	char *cidr;              /* subnets */
	char *address;           /* FIPs: floating_ip_address; ports: first fixed IP */
	char *port_id;           /* FIPs: the port it is associated with */
	char *device_id;         /* ports: the server or router */
	char *device_owner;      /* ports: "compute:nova", "network:router_interface", ... */
	char *subnet_id;         /* ports: the subnet of the first fixed IP */
	char *gateway_network_id;/* routers: external_gateway_info.network_id */
	char *security_group_id; /* rules: their group */
	char *direction;         /* rules: "ingress" or "egress" */
	char *ethertype;         /* rules: "IPv4" or "IPv6" */
	char *protocol;          /* rules: "tcp", "udp", "icmp", a number, or NULL for any */
	int port_min, port_max;  /* rules: port_range_min/max; 0, 0 for all ports */
	char *remote_ip_prefix;  /* rules: the remote CIDR, or NULL */
	char *remote_group_id;   /* rules: the remote security group, or NULL */
};

/* A quota: limit -1 is unlimited; known 0 when the cloud did not say (the rest is 0 then). */
struct cloud_quota {
	int known;
	long long used;          /* in use now, plus Neutron's reserved (being made) */
	long long limit;
};

/* The project's quotas sparkdeck checks; RAM in MiB. */
struct cloud_limits {
	struct cloud_quota instances, cores, ram_mb;                         /* Nova */
	struct cloud_quota networks, subnets, routers, secgroups, rules, fips; /* Neutron */
};

/* A network_id that boots a server without any network ("networks": "none"). */
#define CLOUD_NETWORK_NONE "none"

/*
 * network_id NULL asks for "networks": "auto": Nova plugs the project's only
 * network, or auto-allocates one; when it answers that it cannot (HTTP 400
 * "Unable to automatically allocate a network", e.g. a project with no
 * network and no auto-allocated topology), the boot is sent again once with
 * "networks": "none". Several networks to choose from is Nova's HTTP 409
 * "Multiple possible networks found" (ERR_HTTP): name one. CLOUD_NETWORK_NONE
 * asks for no network outright. Missing name/image/flavor, metadata Nova
 * refuses (keys 1-255 bytes, values up to 255) is ERR_INVALID, user data over
 * 65535 bytes once encoded ERR_TOOBIG, all without a callback.
 */
struct cloud_server_spec {
	const char *name;
	const char *image_id;
	const char *flavor_id;
	const char *network_id;       /* a network id; NULL: "auto", else none (above); CLOUD_NETWORK_NONE */
	const char *key_name;         /* NULL: none */
	const char *security_group;   /* name or id; NULL: the project's default */
	const char *user_data;        /* plain text (base64-encoded here), or NULL */
	const char *const *metadata;  /* key, value, key, value, ..., NULL; or NULL */
};

struct cloud_flavor {
	const char *id;
	const char *name;
	int vcpus;
	int ram_mb;
	int disk_gb;
};

typedef void (*cloud_id_fn)(void *arg, int rc, const char *msg, const char *id);
typedef void (*cloud_server_fn)(void *arg, int rc, const char *msg, const struct server *s);
typedef void (*cloud_servers_fn)(void *arg, int rc, const char *msg, const struct server *v, size_t n);
typedef void (*cloud_image_fn)(void *arg, int rc, const char *msg, const struct image *im);
typedef void (*cloud_text_fn)(void *arg, int rc, const char *msg, const char *text, size_t len);
typedef void (*cloud_flavor_fn)(void *arg, int rc, const char *msg, const struct cloud_flavor *f);
typedef void (*cloud_names_fn)(void *arg, int rc, const char *msg, const char *const *names, size_t n);
typedef void (*cloud_nets_fn)(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n);
typedef void (*cloud_limits_fn)(void *arg, int rc, const char *msg, long http_status, const struct cloud_limits *l);

/* 1 if s can go into a URL path segment as it is (ids, names of keypairs). */
int cloud_call_safe_segment(const char *s);
/* Percent-encode s for a query value or path segment (new string). */
char *cloud_call_encode(const char *s);
/* Free the strings of one Neutron resource. */
void net_resource_dispose(struct net_resource *r);
/* The kind's name as the user reads it ("network", "security group", "floating IP", ...). */
const char *net_kind_name(enum net_kind k);

/* ---- Nova ---- */

/* Boot a server; done gets its id (the server is BUILD then). */
int cloud_server_create(struct cloud *c, const struct cloud_server_spec *spec, cloud_id_fn done, void *arg);
/* Get one server with its status, fault message and addresses (404: ERR_NOTFOUND). */
int cloud_server_get(struct cloud *c, const char *id, cloud_server_fn done, void *arg);
/* List every server of the project (details, all pages). */
int cloud_server_list(struct cloud *c, cloud_servers_fn done, void *arg);
/* The last max_lines lines of the server's console log (0: all), raw text to sanitize. */
int cloud_server_console(struct cloud *c, const char *id, int max_lines, cloud_text_fn done, void *arg);
/* Stop (os-stop) a server; a server already stopped (409) is success. */
int cloud_server_stop(struct cloud *c, const char *id, cloud_status_fn done, void *arg);
/* Snapshot a server into a new image named name with properties (key, value, ..., NULL); done gets the image id. */
int cloud_server_snapshot(struct cloud *c, const char *id, const char *name, const char *const *properties,
			  cloud_id_fn done, void *arg);
/* Delete a server (404: success). */
int cloud_server_delete(struct cloud *c, const char *id, cloud_status_fn done, void *arg);
/* Find a flavor by id or name (404 / no match: ERR_NOTFOUND naming a few that exist). */
int cloud_flavor_find(struct cloud *c, const char *name_or_id, cloud_flavor_fn done, void *arg);
/* Upload a public key as keypair name (409 name taken: ERR_HTTP). */
int cloud_keypair_create(struct cloud *c, const char *name, const char *public_key, cloud_status_fn done,
			 void *arg);
/* Delete keypair name (404: success). */
int cloud_keypair_delete(struct cloud *c, const char *name, cloud_status_fn done, void *arg);
/* The names of the user's keypairs. */
int cloud_keypair_list(struct cloud *c, cloud_names_fn done, void *arg);
/* The project's instances, cores and RAM: limit and use (GET /limits). */
int cloud_compute_limits(struct cloud *c, cloud_limits_fn done, void *arg);

/* ---- Glance ---- */

/* Get one image (404: ERR_NOTFOUND). */
int cloud_image_get(struct cloud *c, const char *id, cloud_image_fn done, void *arg);
/* Delete an image (404: success). */
int cloud_image_delete(struct cloud *c, const char *id, cloud_status_fn done, void *arg);

/* ---- Neutron ---- */

/* List resources of kind k visible to the project; query ("name=x&device_id=y", already encoded) or NULL.
   Rules: security_group_id=X (repeat it for several groups); router interfaces: NET_PORT, device_id=ROUTER. */
int cloud_net_list(struct cloud *c, enum net_kind k, const char *query, cloud_nets_fn done, void *arg);
/* Delete a resource of kind k, rules too (404: success; 409 "in use": ERR_HTTP with Neutron's reason). */
int cloud_net_delete(struct cloud *c, enum net_kind k, const char *id, cloud_status_fn done, void *arg);
/* Create a network; tags (NULL-terminated or NULL) are set on it. */
int cloud_network_create(struct cloud *c, const char *name, const char *description, const char *const *tags,
			 cloud_id_fn done, void *arg);
/* Create an IPv4 subnet with DHCP; dns is a NULL-terminated list or NULL. */
int cloud_subnet_create(struct cloud *c, const char *network_id, const char *name, const char *cidr,
			const char *const *dns, const char *description, const char *const *tags, cloud_id_fn done,
			void *arg);
/* Create a router, with its gateway on external_network_id unless NULL. */
int cloud_router_create(struct cloud *c, const char *name, const char *external_network_id,
			const char *description, const char *const *tags, cloud_id_fn done, void *arg);
/* Attach a subnet to a router (already attached: success). */
int cloud_router_add_subnet(struct cloud *c, const char *router_id, const char *subnet_id, cloud_status_fn done,
			    void *arg);
/* Detach a subnet from a router (not attached, router gone: success). */
int cloud_router_remove_subnet(struct cloud *c, const char *router_id, const char *subnet_id,
			       cloud_status_fn done, void *arg);
/* Create a security group (without Neutron's default egress rules removed). */
int cloud_secgroup_create(struct cloud *c, const char *name, const char *description, const char *const *tags,
			  cloud_id_fn done, void *arg);
/* Allow ingress IPv4 protocol ("tcp") ports port_min..port_max from remote_cidr (duplicate rule: success). */
int cloud_secgroup_add_rule(struct cloud *c, const char *secgroup_id, const char *protocol, int port_min,
			    int port_max, const char *remote_cidr, cloud_status_fn done, void *arg);
/* Allocate a floating IP on external_network_id, associated with port_id unless NULL; done gets it. */
int cloud_fip_create(struct cloud *c, const char *external_network_id, const char *port_id,
		     const char *description, const char *const *tags, cloud_nets_fn done, void *arg);
/* The project's networks, subnets, routers, security groups, rules and floating IPs: limit and use. */
int cloud_network_quotas(struct cloud *c, cloud_limits_fn done, void *arg);

#endif
