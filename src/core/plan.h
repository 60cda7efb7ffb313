/*
 * plan: the pure plan engine of a cluster (no I/O): (spec + resolved ids,
 * observed cloud) -> actions with dependencies; their terraform-style text;
 * the quota check; a fingerprint of what was observed and what changed since;
 * saved plans as JSON.
 *
 * Marks of cluster KIND/NAME (ref "spark/ld14", cluster_name "spark-ld14"):
 *  - servers: metadata PLAN_META_CLUSTER = "spark/ld14", PLAN_META_ROLE =
 *    "master" or "worker", PLAN_META_INDEX = "N" on workers (1..workers);
 *  - networks, subnets, routers, security groups, floating IPs: the Neutron
 *    tags MODEL_TAG ("sparkdeck") and "sparkdeck-cluster=spark/ld14". Neutron
 *    takes any string of up to 255 characters as a tag. A ',' would split the
 *    tag in a ?tags= filter (KIND and NAME never hold one); a '/' only breaks
 *    the single-tag URL PUT .../tags/{tag}, which sparkdeck never uses (it sets
 *    tags with a PUT .../tags body and filters with a URL-encoded ?tags=), and
 *    keeps the tag unambiguous where cluster_name is not ("spark-x/ld14" and
 *    "spark/x-ld14" are both "spark-x-ld14");
 *  - the keypair: its name, "sparkdeck-" + cluster_name with each '.' turned
 *    into '_' (Nova before 2.92 refuses '.' in keypair names);
 *  - router interfaces and security group rules: their router or group.
 * Names: network, subnet, router and security group "sparkdeck-spark-ld14";
 * servers "spark-ld14-master" and "spark-ld14-worker-N".
 *
 * Only observed resources carrying the cluster's marks ever enter a plan:
 * plan_make() skips the others (a server named like ours without the
 * metadata, a network tagged for another cluster, an interface of a router
 * that is not ours), whatever discovery handed in.
 *
 * Up and update plan the same diff (an up over a cluster left half-made by a
 * killed apply only adds what is missing); the CLI differs in what it asks.
 * The plan engine never changes in place ("~"): every change in cloud/ops.h
 * is a create or a delete, so the summary's "to change" is always 0.
 *
 * Fingerprint: 64-bit FNV-1a over the cluster's resources sorted by kind and
 * id: each one's kind, id, attributes (role, index, flavor, image, network,
 * CIDR, gateway, subnet, rule, port, server) and, for servers, whether they
 * are ERROR or deleted. A server going BUILD -> ACTIVE or being renamed does
 * not make a saved plan stale; a server going ERROR, appearing or vanishing,
 * a floating IP moving, a rule added do.
 *
 * Actions: each maps onto one call of cloud/ops.h (create or delete of one
 * resource; a router interface is add/remove_subnet, a rule add_rule). A
 * replace (-/+) is a delete and a create pointing at each other (pair), the
 * create depending on the delete. deps[] and refs always name earlier
 * actions, so running them in list order (as deps allow) never deadlocks.
 * Deletes come first (floating IPs, servers with workers highest index first,
 * router interfaces, routers, subnets, networks, security groups, keypair),
 * then creates (keypair, network, subnet, router, interface, security group,
 * rules, master, workers, floating IP).
 *
 * Contract: struct plan_observed and struct plan_target are borrowed input
 * (plan_seen strings are not copied); struct plan is caller-owned and owns
 * all its strings: plan_dispose() it after plan_make() or plan_from_json()
 * whatever they returned. plan_make() returns 0; ERR_INVALID for missing
 * target ids; ERR_CONFIG when the cloud holds something the plan cannot
 * change (a subnet with another CIDR, a router gatewayed elsewhere) or when
 * the plan exceeds a known quota (the plan is then kept in *out, so it can be
 * shown next to the numbers). Functions returning char * or char ** give new
 * memory (free(), plan_strv_free()). Text from the cloud is sanitized by the
 * renderers, not by plan_make(). No globals, no clock, no random source.
 */
#ifndef SD_CORE_PLAN_H
#define SD_CORE_PLAN_H

#include <stddef.h>

#include "core/model.h"

struct spec;

#define PLAN_META_CLUSTER MODEL_META_CLUSTER    /* "sparkdeck-cluster" */
#define PLAN_META_ROLE MODEL_META_ROLE          /* "sparkdeck-role" */
#define PLAN_META_INDEX MODEL_META_INDEX        /* "sparkdeck-index" */
#define PLAN_TAG_CLUSTER_PREFIX "sparkdeck-cluster="
#define PLAN_NAME_PREFIX "sparkdeck-"
#define PLAN_SPARK_APP_UI_PORT 4040             /* the driver's UI, opened with ui_port */
#define PLAN_SECGROUP_DEFAULT_RULES 2           /* egress IPv4 + IPv6 that Neutron adds to a new group */
#define PLAN_JSON_VERSION 1
#define PLAN_HASH_LEN 16                        /* hex digits of a fingerprint or digest */

enum plan_goal { PLAN_UP, PLAN_UPDATE, PLAN_DESTROY };

/* Resource kinds, in creation order. */
enum plan_kind {
	PLAN_KEYPAIR,
	PLAN_NETWORK,
	PLAN_SUBNET,
	PLAN_ROUTER,
	PLAN_IFACE,      /* a router interface: id is the router's id, subnet_id its subnet */
	PLAN_SECGROUP,
	PLAN_RULE,       /* an ingress IPv4 rule of a security group */
	PLAN_SERVER,
	PLAN_FIP,
	PLAN_NKINDS
};

enum plan_role { PLAN_ROLE_NONE, PLAN_ROLE_MASTER, PLAN_ROLE_WORKER };

enum plan_quota_kind {
	PLAN_Q_INSTANCES, PLAN_Q_CORES, PLAN_Q_RAM, /* Nova limits (RAM in MiB) */
	PLAN_Q_NETWORKS, PLAN_Q_SUBNETS, PLAN_Q_ROUTERS, PLAN_Q_SECGROUPS, PLAN_Q_RULES, PLAN_Q_FIPS,
	PLAN_Q_NKINDS
};

/* One resource discovery found; fields that do not apply to its kind are NULL / 0. */
struct plan_seen {
	enum plan_kind kind;
	const char *id;           /* keypairs: the name; interfaces: the router's id */
	const char *name;
	const char *cluster;      /* servers: metadata PLAN_META_CLUSTER */
	const char *role;         /* servers: metadata PLAN_META_ROLE */
	const char *index;        /* servers: metadata PLAN_META_INDEX, as text */
	const char *const *tags;  /* Neutron kinds: their tags */
	size_t n_tags;
	const char *status;       /* servers: ACTIVE, BUILD, ERROR, ...; Neutron status */
	const char *flavor_id;    /* servers: may be NULL when Nova gives only the name */
	const char *flavor_name;
	const char *image_id;     /* servers: NULL or "" when booted from a volume */
	const char *fault;        /* servers: fault message, or NULL */
	const char *network_id;   /* subnets: their network; routers: the gateway's; FIPs: the floating network */
	const char *subnet_id;    /* interfaces */
	const char *cidr;         /* subnets */
	const char *secgroup_id;  /* rules: their group */
	const char *protocol;     /* rules: "tcp", ... or NULL for any */
	int port_min, port_max;   /* rules: 0, 0 for all ports */
	const char *remote_cidr;  /* rules: remote_ip_prefix, or NULL */
	const char *port_id;      /* FIPs: the port it is on, or NULL */
	const char *server_id;    /* FIPs: the server that port belongs to, or NULL */
	const char *address;      /* FIPs: the floating address */
};

/* A quota: limit -1 is unlimited; known 0 means it was not read (not checked). */
struct plan_quota {
	int known;
	long long used;
	long long limit;
};

/* The observed cloud: every resource found (ours or not), and the project's quotas. */
struct plan_observed {
	const struct plan_seen *res;
	size_t n_res;
	struct plan_quota quota[PLAN_Q_NKINDS];
};

struct plan_flavor {
	const char *id;
	const char *name;
	int vcpus;
	long long ram_mb;
};

/* The desired cluster: its spec plus what was resolved from it (unused by a destroy). */
struct plan_target {
	const struct spec *spec;
	const char *image_id;
	const char *image_name;
	struct plan_flavor master;
	struct plan_flavor worker;
	const char *external_network_id;
};

enum plan_op { PLAN_CREATE, PLAN_DELETE };

/* An input id: the id a previous action (index action >= 0) creates, or a known id (action -1; NULL: none). */
struct plan_ref {
	long action;
	char *id;
};

struct plan_action {
	enum plan_op op;
	enum plan_kind kind;
	char *name;             /* create: the name to give; delete: its name (FIPs: the address) */
	char *id;               /* delete: its id (keypair: its name; interface: the router's id) */
	char *detail;           /* shown in parentheses; for the delete half of a -/+ the reason */
	enum plan_role role;    /* servers */
	int index;              /* workers: 1..N */
	char *flavor_id;        /* server create */
	char *image_id;         /* server create */
	char *key_name;         /* server create: the keypair; keypair create: NULL */
	char *public_key;       /* keypair create: the key line (public, not a secret) */
	char *cidr;             /* subnet create: its CIDR; rule create: the remote CIDR */
	char **dns;             /* subnet create: name servers */
	size_t n_dns;
	char *protocol;         /* rule create: "tcp" or NULL for any */
	int port_min, port_max; /* rule create: 0, 0 for all */
	char *external_network_id; /* router and FIP create */
	struct plan_ref network;   /* subnet, server create */
	struct plan_ref subnet;    /* interface create and delete */
	struct plan_ref router;    /* interface create */
	struct plan_ref secgroup;  /* rule, server create */
	struct plan_ref server;    /* FIP create: the master */
	size_t *deps;              /* indexes of the actions that must finish first (all smaller) */
	size_t n_deps;
	long pair;                 /* -/+: the index of the other half; else -1 */
};

/* What was observed, kept in a saved plan to say what changed (no secrets). */
struct plan_snap {
	enum plan_kind kind;
	char *id;
	char *name;
	char *status;
	char *attrs;            /* "role=worker index=2 flavor=F image=I", ... (canonical) */
};

struct plan {
	enum plan_goal goal;
	char *cluster;          /* "spark/ld14" */
	char *cluster_name;     /* "spark-ld14" */
	char fingerprint[PLAN_HASH_LEN + 1]; /* of snaps */
	char spec_digest[PLAN_HASH_LEN + 1]; /* of the spec the plan was made from */
	struct plan_action *actions;
	size_t n_actions;
	struct plan_snap *snaps; /* the cluster's observed resources, sorted */
	size_t n_snaps;
};

/* ---- names and marks (plan.c) ---- */

/* The name of a server (new): "spark-ld14-master", "spark-ld14-worker-3". */
char *plan_server_name(const char *cluster_name, enum plan_role role, int index);
/* The name of the network, subnet, router and security group (new): "sparkdeck-spark-ld14". */
char *plan_net_name(const char *cluster_name);
/* The name of the keypair (new): "sparkdeck-spark-ld14" ('.' becomes '_'). */
char *plan_keypair_name(const char *cluster_name);
/* The Neutron tags of a cluster's resources (new, NULL-terminated). */
char **plan_tags(const char *cluster);
/* A server's metadata (key, value, ..., NULL; new); index is used for workers only. */
char **plan_server_metadata(const char *cluster, enum plan_role role, int index);
/* The description put on Neutron resources (new). */
char *plan_description(const char *cluster);
/* 1 if tags hold both MODEL_TAG and the cluster's tag. */
int plan_tags_match(const char *const *tags, size_t n, const char *cluster);
/* Free a NULL-terminated array of strings. */
void plan_strv_free(char **v);
/* The name of a kind as shown ("server", "router interface", "security group rule", ...). */
const char *plan_kind_name(enum plan_kind k);
/* The name of a goal: "up", "update", "destroy". */
const char *plan_goal_name(enum plan_goal g);
/* Parse a goal name into *g; 0 or ERR_INVALID. */
int plan_goal_parse(enum plan_goal *g, const char *name);
/* A digest (hex, PLAN_HASH_LEN digits + NUL into out) of everything in spec an apply uses, user data included. */
void plan_spec_digest(char out[PLAN_HASH_LEN + 1], const struct spec *spec);
/* Free everything a plan owns and zero it. */
void plan_dispose(struct plan *p);

/* ---- the engine (plan_make.c, plan_quota.c) ---- */

/* Compute the plan that takes the observed cluster to goal. */
int plan_make(struct plan *out, enum plan_goal goal, const struct plan_target *t, const struct plan_observed *obs);
/* Check p against the quotas in obs; 0 or ERR_CONFIG with the numbers of every quota exceeded. */
int plan_check_quota(const struct plan *p, const struct plan_target *t, const struct plan_observed *obs);
/* Count what p adds, changes and destroys (a replace counts as one add and one destroy). */
void plan_count(const struct plan *p, int *add, int *change, int *destroy);

/* ---- text (plan_render.c) ---- */

/* The plan's lines ("+ server spark-ld14-worker-3 (m1.small, image hail-base-1.0.0)", "-/+ ...", "- ..."), sanitized. */
char **plan_render(const struct plan *p);
/* "Plan: N to add, M to change, K to destroy." or "No changes." (new). */
char *plan_summary(const struct plan *p);
/* One action's line without its sign ("server spark-ld14-master (...)"), sanitized, for progress lines (new). */
char *plan_action_label(const struct plan *p, size_t i);

/* ---- what was observed (plan_snap.c) ---- */

/* The cluster's observed resources (those with its marks) as sorted snapshots (*out new, or NULL). */
void plan_snapshot(struct plan_snap **out, size_t *n, const struct plan_observed *obs, const char *cluster,
		   const char *cluster_name);
/* Free an array of snapshots. */
void plan_snaps_free(struct plan_snap *v, size_t n);
/* The fingerprint of snapshots (64-bit FNV-1a, hex), the same in any order. */
void plan_fingerprint(char out[PLAN_HASH_LEN + 1], const struct plan_snap *v, size_t n);
/* What changed from before to now, one line each ("server spark-ld14-worker-2 is now ERROR"); NULL if nothing. */
char **plan_what_changed(const struct plan_snap *before, size_t n_before, const struct plan_snap *now,
			 size_t n_now);
/* 0 if the cloud still looks as when saved was made; else ERR_CONFIG saying what changed. */
int plan_check_fresh(const struct plan *saved, const struct plan_observed *obs);

/* ---- saved plans (plan_json.c) ---- */

/* The plan as JSON text (new; no secrets: no tokens, no user data). */
char *plan_to_json(const struct plan *p);
/* Read a saved plan from len bytes of JSON into out; 0 or ERR_PARSE / ERR_TOOBIG saying what is wrong. */
int plan_from_json(struct plan *out, const char *text, size_t len);

#endif
