/*
 * model: the domain objects the console and the CLI show (projects, images,
 * servers, clusters), as plain data with no I/O.
 *
 * Contract: a struct model is caller-owned (model_init / model_dispose) and
 * owns every object and string in it. A loader builds a fresh array and hands
 * it over with model_set_*(), which frees the previous array, so views must
 * keep ids (not pointers) across loads. Clusters are derived: model_set_servers()
 * regroups them with model_group_clusters(). Strings are kept as received
 * (not sanitized): sanitize at display time.
 */
#ifndef SD_CORE_MODEL_H
#define SD_CORE_MODEL_H

#include <stddef.h>
#include <time.h>

/* Metadata keys sparkdeck puts on every server it creates (values are free text). */
#define MODEL_META_CLUSTER "sparkdeck-cluster"
#define MODEL_META_ROLE "sparkdeck-role"
#define MODEL_META_INDEX "sparkdeck-index"
/* The tag marking a resource as sparkdeck's own. */
#define MODEL_TAG "sparkdeck"

struct project {
	char *id;
	char *name;
	char *domain_id;
	char *description;
	int enabled;
};

struct image {
	char *id;
	char *name;
	char *status;       /* queued, active, ... */
	char *visibility;   /* public, private, shared, community */
	char *owner;        /* project id */
	char *disk_format;
	long long size;     /* bytes, -1 when unknown */
	char *created_at;
	char *updated_at;
	char *member_status; /* for an image shared with us: pending, accepted, rejected; else NULL */
	char *recipe;       /* sparkdeck recipe property (name/version), or NULL */
	char *build_id;     /* property sparkdeck_build: the build that made it, or NULL */
};

struct server_addr {
	char *network;
	char *addr;
	char *type;         /* "fixed" or "floating" */
	int version;        /* 4 or 6 */
};

struct server {
	char *id;
	char *name;
	char *status;       /* ACTIVE, BUILD, ERROR, SHUTOFF, ... */
	char *task_state;   /* OS-EXT-STS:task_state or NULL */
	char *flavor;       /* flavor name (original_name) or id */
	char *image_id;
	char *key_name;
	char *project_id;
	char *created;
	char *updated;
	char *fault;        /* fault message or NULL */
	struct server_addr *addrs;
	size_t n_addrs;
	char **tags;
	size_t n_tags;
	char *cluster;      /* metadata MODEL_META_CLUSTER, or NULL */
	char *role;         /* metadata MODEL_META_ROLE, or NULL */
	char *index;        /* metadata MODEL_META_INDEX (a worker's number, as text), or NULL */
	char *build_id;     /* metadata "sparkdeck-build" of an image builder, or NULL */
	char *build_recipe; /* metadata "sparkdeck-recipe", or NULL */
	char *build_deadline; /* metadata "sparkdeck-build-deadline" (ISO 8601 UTC), or NULL */
};

enum cluster_state {
	CLUSTER_HEALTHY,    /* master and every worker ACTIVE */
	CLUSTER_BUILDING,   /* some node still building, none failed */
	CLUSTER_DEGRADED,   /* some node in ERROR or stopped */
	CLUSTER_PARTIAL     /* no master, or nodes without a role */
};

struct cluster {
	char *name;         /* e.g. "spark/ld14"; "" for the group of untagged servers */
	enum cluster_state state;
	size_t n_workers;
	size_t n_active;
	char **server_ids;  /* members, master first */
	size_t n_servers;
};

enum model_kind { MODEL_PROJECTS, MODEL_IMAGES, MODEL_SERVERS, MODEL_NKINDS };

struct model {
	struct project *projects;
	size_t n_projects;
	struct image *images;
	size_t n_images;
	struct server *servers;
	size_t n_servers;
	struct cluster *clusters;   /* derived from servers; untagged group last */
	size_t n_clusters;
	time_t loaded_at[MODEL_NKINDS]; /* 0 until first load */
	unsigned generation;        /* bumped by every model_set_*() */
};

/* Start an empty model. */
void model_init(struct model *m);
/* Free everything the model owns. */
void model_dispose(struct model *m);
/* Replace the projects with v (the model takes v and its strings). */
void model_set_projects(struct model *m, struct project *v, size_t n, time_t now);
/* Replace the images with v (the model takes v and its strings). */
void model_set_images(struct model *m, struct image *v, size_t n, time_t now);
/* Replace the servers with v (the model takes v) and regroup the clusters. */
void model_set_servers(struct model *m, struct server *v, size_t n, time_t now);

/* Free the strings of one object (not the object itself). */
void model_project_dispose(struct project *p);
void model_image_dispose(struct image *i);
void model_server_dispose(struct server *s);
void model_cluster_dispose(struct cluster *c);

/* Group servers into clusters by MODEL_META_CLUSTER; untagged ones form a last group named "". */
void model_group_clusters(const struct server *v, size_t n, struct cluster **out, size_t *n_out);
/* The state's name: "healthy", "building", "degraded", "partial". */
const char *model_cluster_state_name(enum cluster_state s);

/* Look an object up by id; NULL when absent. */
const struct project *model_find_project(const struct model *m, const char *id);
const struct image *model_find_image(const struct model *m, const char *id);
const struct server *model_find_server(const struct model *m, const char *id);

#endif
