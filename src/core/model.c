#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/xmalloc.h"

void model_init(struct model *m)
{
	memset(m, 0, sizeof *m);
}

void model_project_dispose(struct project *p)
{
	free(p->id);
	free(p->name);
	free(p->domain_id);
	free(p->description);
}

void model_image_dispose(struct image *i)
{
	free(i->id);
	free(i->name);
	free(i->status);
	free(i->visibility);
	free(i->owner);
	free(i->disk_format);
	free(i->created_at);
	free(i->updated_at);
	free(i->member_status);
	free(i->recipe);
}

void model_server_dispose(struct server *s)
{
	size_t i;

	free(s->id);
	free(s->name);
	free(s->status);
	free(s->task_state);
	free(s->flavor);
	free(s->image_id);
	free(s->key_name);
	free(s->project_id);
	free(s->created);
	free(s->updated);
	free(s->fault);
	for (i = 0; i < s->n_addrs; i++) {
		free(s->addrs[i].network);
		free(s->addrs[i].addr);
		free(s->addrs[i].type);
	}
	free(s->addrs);
	for (i = 0; i < s->n_tags; i++)
		free(s->tags[i]);
	free(s->tags);
	free(s->cluster);
	free(s->role);
}

void model_cluster_dispose(struct cluster *c)
{
	size_t i;

	free(c->name);
	for (i = 0; i < c->n_servers; i++)
		free(c->server_ids[i]);
	free(c->server_ids);
}

/* Free an array of n objects of size sz with its per-object dispose function. */
static void model_free_array(void *v, size_t n, size_t sz, void (*dispose)(void *))
{
	size_t i;

	for (i = 0; i < n; i++)
		dispose((char *)v + i * sz);
	free(v);
}

static void dispose_project(void *p) { model_project_dispose(p); }
static void dispose_image(void *p) { model_image_dispose(p); }
static void dispose_server(void *p) { model_server_dispose(p); }
static void dispose_cluster(void *p) { model_cluster_dispose(p); }

void model_dispose(struct model *m)
{
	model_free_array(m->projects, m->n_projects, sizeof *m->projects, dispose_project);
	model_free_array(m->images, m->n_images, sizeof *m->images, dispose_image);
	model_free_array(m->servers, m->n_servers, sizeof *m->servers, dispose_server);
	model_free_array(m->clusters, m->n_clusters, sizeof *m->clusters, dispose_cluster);
	model_init(m);
}

void model_set_projects(struct model *m, struct project *v, size_t n, time_t now)
{
	model_free_array(m->projects, m->n_projects, sizeof *m->projects, dispose_project);
	m->projects = v;
	m->n_projects = n;
	m->loaded_at[MODEL_PROJECTS] = now;
	m->generation++;
}

void model_set_images(struct model *m, struct image *v, size_t n, time_t now)
{
	model_free_array(m->images, m->n_images, sizeof *m->images, dispose_image);
	m->images = v;
	m->n_images = n;
	m->loaded_at[MODEL_IMAGES] = now;
	m->generation++;
}

void model_set_servers(struct model *m, struct server *v, size_t n, time_t now)
{
	model_free_array(m->servers, m->n_servers, sizeof *m->servers, dispose_server);
	model_free_array(m->clusters, m->n_clusters, sizeof *m->clusters, dispose_cluster);
	m->servers = v;
	m->n_servers = n;
	model_group_clusters(v, n, &m->clusters, &m->n_clusters);
	m->loaded_at[MODEL_SERVERS] = now;
	m->generation++;
}

static int server_is_master(const struct server *s)
{
	return s->role && strcmp(s->role, "master") == 0;
}

/* Fold one member's status into its cluster's counters and state. */
static void cluster_account(struct cluster *c, const struct server *s, int *has_master, int *unknown_role)
{
	if (server_is_master(s))
		*has_master = 1;
	else if (s->role && strcmp(s->role, "worker") == 0)
		c->n_workers++;
	else
		*unknown_role = 1;
	if (s->status && strcmp(s->status, "ACTIVE") == 0)
		c->n_active++;
	else if (s->status && strcmp(s->status, "BUILD") == 0) {
		if (c->state == CLUSTER_HEALTHY)
			c->state = CLUSTER_BUILDING;
	} else
		c->state = CLUSTER_DEGRADED;
}

static int cmp_cluster(const void *a, const void *b)
{
	const struct cluster *x = a, *y = b;

	/* The untagged group ("") sorts last. */
	if (!*x->name != !*y->name)
		return *x->name ? -1 : 1;
	return strcmp(x->name, y->name);
}

void model_group_clusters(const struct server *v, size_t n, struct cluster **out, size_t *n_out)
{
	struct cluster *cs = NULL;
	size_t nc = 0, i, j;

	for (i = 0; i < n; i++) {
		const char *name = v[i].cluster ? v[i].cluster : "";
		struct cluster *c = NULL;

		for (j = 0; j < nc; j++)
			if (strcmp(cs[j].name, name) == 0)
				c = &cs[j];
		if (c == NULL) {
			cs = xreallocarray(cs, nc + 1, sizeof *cs);
			c = &cs[nc++];
			memset(c, 0, sizeof *c);
			c->name = xstrdup(name);
			c->state = CLUSTER_HEALTHY;
		}
		c->server_ids = xreallocarray(c->server_ids, c->n_servers + 1, sizeof *c->server_ids);
		/* Master first, so a cluster's first member is its master. */
		if (server_is_master(&v[i]) && c->n_servers > 0) {
			memmove(c->server_ids + 1, c->server_ids, c->n_servers * sizeof *c->server_ids);
			c->server_ids[0] = xstrdup(v[i].id);
		} else
			c->server_ids[c->n_servers] = xstrdup(v[i].id);
		c->n_servers++;
	}
	for (j = 0; j < nc; j++) {
		int has_master = 0, unknown_role = 0;

		if (!*cs[j].name)
			continue;
		for (i = 0; i < n; i++)
			if (v[i].cluster && strcmp(v[i].cluster, cs[j].name) == 0)
				cluster_account(&cs[j], &v[i], &has_master, &unknown_role);
		if ((!has_master || unknown_role) && cs[j].state != CLUSTER_DEGRADED)
			cs[j].state = CLUSTER_PARTIAL;
	}
	if (nc > 1)
		qsort(cs, nc, sizeof *cs, cmp_cluster);
	*out = cs;
	*n_out = nc;
}

const char *model_cluster_state_name(enum cluster_state s)
{
	switch (s) {
	case CLUSTER_HEALTHY: return "healthy";
	case CLUSTER_BUILDING: return "building";
	case CLUSTER_DEGRADED: return "degraded";
	case CLUSTER_PARTIAL: return "partial";
	}
	return "?";
}

const struct project *model_find_project(const struct model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_projects; i++)
		if (strcmp(m->projects[i].id, id) == 0)
			return &m->projects[i];
	return NULL;
}

const struct image *model_find_image(const struct model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_images; i++)
		if (strcmp(m->images[i].id, id) == 0)
			return &m->images[i];
	return NULL;
}

const struct server *model_find_server(const struct model *m, const char *id)
{
	size_t i;

	for (i = 0; i < m->n_servers; i++)
		if (strcmp(m->servers[i].id, id) == 0)
			return &m->servers[i];
	return NULL;
}
