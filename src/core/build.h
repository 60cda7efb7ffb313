/*
 * build: the pure decisions of an image build (no I/O): the names, marks and
 * properties of what a build creates, which network the builder goes on, the
 * plan shown before anything is created, what new text a console poll
 * brought, and what to delete, in which order, when a build ends or was left
 * behind by a killed process.
 *
 * Every resource a build creates carries its build id (8 hex digits): the
 * server in metadata BUILD_META_ID (and BUILD_META_ROLE = "builder"), Neutron
 * resources in a tag "sparkdeck-build=ID" (plus MODEL_TAG), the keypair in its
 * name "sparkdeck-build-ID", the image in property BUILD_PROP_ID. Nothing is
 * deleted that does not carry one.
 *
 * Contract: structs are caller-owned; *_dispose() frees their strings, arrays
 * returned as new are freed by the caller with the matching *_free(). No
 * globals, no clock or random source of its own (callers pass them in).
 */
#ifndef SD_CORE_BUILD_H
#define SD_CORE_BUILD_H

#include <stddef.h>
#include <time.h>

struct recipe;
struct server;
struct image;

#define BUILD_PREFIX "sparkdeck-build-"
#define BUILD_META_ID "sparkdeck-build"
#define BUILD_META_ROLE_VALUE "builder"
#define BUILD_META_RECIPE "sparkdeck-recipe"
#define BUILD_META_DEADLINE "sparkdeck-build-deadline"
#define BUILD_TAG_PREFIX "sparkdeck-build="
#define BUILD_PROP_ID "sparkdeck_build"
#define BUILD_SUBNET_CIDR "192.168.250.0/24"
#define BUILD_ID_LEN 8

/* What a build creates, in the order it is deleted. */
enum build_res_kind {
	BRES_SERVER,       /* deleted first: it holds ports on the network and the security group */
	BRES_FIP,
	BRES_ROUTER_IFACE, /* id: router id, extra: subnet id */
	BRES_ROUTER,
	BRES_SUBNET,
	BRES_NETWORK,
	BRES_SECGROUP,
	BRES_KEYPAIR,      /* id: the keypair's name */
	BRES_IMAGE,        /* only while the snapshot is not complete */
	BRES_NKINDS
};

struct build_res {
	enum build_res_kind kind;
	char *id;
	char *extra;
	char *label;       /* "server sparkdeck-build-hail-base-1.0.0-ab12cd34", for progress lines */
};

/* The resources of one build (running, finished or left behind). */
struct build_set {
	char build_id[BUILD_ID_LEN + 1];
	char *recipe;      /* "hail-base/1.0.0" when known, else NULL */
	time_t deadline;   /* when a build still running must have ended (0: unknown) */
	struct build_res *res;
	size_t n_res;
};

/* A network as the choice needs it. */
struct build_net {
	const char *id;
	const char *name;
	int external;
	int shared;
	int own;           /* belongs to the current project */
};

enum build_net_choice {
	BUILD_NET_GIVEN,   /* the recipe's network, found */
	BUILD_NET_ONLY,    /* the project's only usable network */
	BUILD_NET_TEMP     /* a temporary network, routed to ext_id when set */
	/* With ext_id set the builder also gets a floating IP: a tenant network is not reachable otherwise. */
};

struct build_net_pick {
	enum build_net_choice choice;
	const char *id;      /* the network to use (GIVEN, ONLY), borrowed from the input */
	const char *ext_id;  /* the only external network, for a floating IP (and TEMP's router), or NULL */
};

/* Make a build id from 4 random bytes (8 lowercase hex digits + NUL into out). */
void build_make_id(char out[BUILD_ID_LEN + 1], unsigned random32);
/* 1 if s is a build id (8 lowercase hex digits). */
int build_id_valid(const char *s);
/* The name of the builder server (new string): "sparkdeck-build-NAME-VERSION-ID". */
char *build_server_name(const struct recipe *r, const char *build_id);
/* The name of the temporary keypair, security group, network, subnet and router (new string). */
char *build_temp_name(const char *build_id);
/* The description put on temporary Neutron resources (new string). */
char *build_description(const struct recipe *r, const char *build_id);
/* The Neutron tags of a build's resources: a new NULL-terminated array, freed with build_strv_free(). */
char **build_tags(const char *build_id);
/* The builder's metadata (key, value, ..., NULL), new; deadline is when the build must be over. */
char **build_server_metadata(const struct recipe *r, const char *build_id, time_t deadline);
/* The snapshot's properties (key, value, ..., NULL), new: the recipe's, then sparkdeck's own. */
char **build_image_properties(const struct recipe *r, const char *build_id, const char *base_image_id,
			      time_t now, const char *version);
/* Free a NULL-terminated array of strings. */
void build_strv_free(char **v);

/* Choose the builder's network; 0, or ERR_NOTFOUND / ERR_CONFIG with a message saying what to set. */
int build_pick_network(struct build_net_pick *out, const char *wanted, const struct build_net *v, size_t n);

/* The plan shown before a build, one line each ("+ server ...", "- server ... (after the snapshot)"); new. */
char **build_plan_lines(const struct recipe *r, const char *build_id, const char *base_label,
			const char *flavor_label, const struct build_net_pick *net, const char *net_label,
			const char *ext_label);

/* The part of now (the console's latest text) not seen in prev; returns its offset in now. */
size_t build_console_delta(const char *prev, size_t prev_len, const char *now, size_t now_len);

/* Add a resource to set (strings copied; extra and label may be NULL). */
void build_set_add(struct build_set *set, enum build_res_kind kind, const char *id, const char *extra,
		   const char *label);
/* Drop the resource of kind with id from set (after it was deleted). */
void build_set_remove(struct build_set *set, enum build_res_kind kind, const char *id);
/* Sort set's resources into deletion order (servers first, the image last). */
void build_set_sort(struct build_set *set);
/* Free a set's strings and resources. */
void build_set_dispose(struct build_set *set);
/* The label of a kind ("server", "floating IP", "router interface", ...). */
const char *build_res_kind_name(enum build_res_kind k);

/* One Neutron or Nova resource seen while looking for builds left behind. */
struct build_seen {
	enum build_res_kind kind;
	const char *id;
	const char *extra;       /* router interfaces: subnet id */
	const char *name;
	const char *build_id;    /* from the metadata, tag, property or name; NULL when not a build's */
	const char *recipe;      /* NULL when unknown */
	time_t deadline;         /* servers: from the metadata; 0 otherwise */
	int image_complete;      /* images: status active (a finished build's result, never deleted) */
};

/* Group what was seen by build id into new sets (*sets, *n), skipping finished images and ids in skip. */
void build_group_leftovers(struct build_set **sets, size_t *n, const struct build_seen *v, size_t n_seen,
			   const char *const *skip, size_t n_skip);
/* Free an array of sets from build_group_leftovers(). */
void build_sets_free(struct build_set *sets, size_t n);
/* The build id in a name made by build_temp_name() or build_server_name() (copied to out), or 0. */
int build_id_from_name(char out[BUILD_ID_LEN + 1], const char *name);
/* The build id in a tag list ("sparkdeck-build=ID"), or 0. */
int build_id_from_tags(char out[BUILD_ID_LEN + 1], char *const *tags, size_t n);

#endif
