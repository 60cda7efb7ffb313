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
	free(i->build_id);
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
	free(s->index);
	free(s->build_id);
	free(s->build_recipe);
	free(s->build_deadline);
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

/* Named clusters by name, the untagged group ("") last; in a cluster the master first, then by name. */
static int cmp_member(const void *a, const void *b)
{
	const struct server *x = *(const struct server *const *)a, *y = *(const struct server *const *)b;
	const char *cx = x->cluster ? x->cluster : "", *cy = y->cluster ? y->cluster : "";
	int c;

	if (!*cx != !*cy)
		return *cx ? -1 : 1;
	if ((c = strcmp(cx, cy)) != 0)
		return c;
	if ((c = server_is_master(y) - server_is_master(x)) != 0)
		return c;
	/* qsort is not stable: names, then ids, keep the order the same on every load. */
	if ((c = strcmp(x->name ? x->name : "", y->name ? y->name : "")) != 0)
		return c;
	return strcmp(x->id, y->id);
}

void model_group_clusters(const struct server *v, size_t n, struct cluster **out, size_t *n_out)
{
	const struct server **by = xcalloc(n, sizeof *by);
	struct cluster *cs = NULL;
	size_t nc = 0, i = 0, j;

	/* Sorting pointers keeps this O(n log n) however many clusters there are. */
	for (j = 0; j < n; j++)
		by[j] = &v[j];
	qsort(by, n, sizeof *by, cmp_member);
	while (i < n) {
		const char *name = by[i]->cluster ? by[i]->cluster : "";
		struct cluster *c;
		int has_master = 0, unknown_role = 0;

		for (j = i; j < n && strcmp(by[j]->cluster ? by[j]->cluster : "", name) == 0; j++)
			;
		cs = xreallocarray(cs, nc + 1, sizeof *cs);
		c = &cs[nc++];
		memset(c, 0, sizeof *c);
		c->name = xstrdup(name);
		c->state = CLUSTER_HEALTHY;
		c->n_servers = j - i;
		c->server_ids = xcalloc(c->n_servers, sizeof *c->server_ids);
		for (; i < j; i++) {
			c->server_ids[c->n_servers - (j - i)] = xstrdup(by[i]->id);
			cluster_account(c, by[i], &has_master, &unknown_role);
		}
		/* The untagged group has no cluster state of its own. */
		if (*name && (!has_master || unknown_role) && c->state != CLUSTER_DEGRADED)
			c->state = CLUSTER_PARTIAL;
	}
	free(by);
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
