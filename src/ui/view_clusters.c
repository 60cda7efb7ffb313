/* view_clusters: the clusters found in the project, each with its nodes; untagged servers last. */
#include "autoconfig.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/xmalloc.h"
#include "ui/app.h"
#include "core/text.h"
#include "ui/view.h"

enum { COL_NAME, COL_STATE, COL_NODES, COL_ACTIVE, COL_ROLE, COL_ADDRESSES, COL_FLAVOR, COL_ID, COL_N };

static const struct view_column clusters_columns[COL_N] = {
	[COL_NAME] = { "NAME", 16, 28, 0, 0, 1 },
	[COL_STATE] = { "STATE", 9, 10, 0, 0, 0 },
	[COL_NODES] = { "NODES", 5, 5, 1, 1, 0 },
	[COL_ACTIVE] = { "ACTIVE", 6, 6, 1, 1, 0 },
	[COL_ROLE] = { "ROLE", 6, 7, 1, 0, 0 },
	[COL_ADDRESSES] = { "ADDRESSES", 15, 32, 2, 0, 0 },
	[COL_FLAVOR] = { "FLAVOR", 8, 12, 3, 0, 0 },
	[COL_ID] = { "ID", 36, 36, 4, 0, 0 },
};

#define OTHER_SERVERS "other servers"

/* One line of the view: a cluster, or one of its servers (server == SIZE_MAX for the cluster). */
struct crow {
	size_t cluster;
	size_t server;
};

struct clusters_priv {
	struct crow *rows;
	size_t n, alloc;
	const struct server **by_id;    /* the model's servers sorted by id, for lookups */
};

static int clusters_by_id_cmp(const void *a, const void *b)
{
	const struct server *x = *(const struct server *const *)a, *y = *(const struct server *const *)b;

	return strcmp(x->id ? x->id : "", y->id ? y->id : "");
}

/* The index of the server with id in the model, or SIZE_MAX. */
static size_t clusters_find(const struct clusters_priv *p, const struct model *m, const char *id)
{
	struct server key = { .id = (char *)id };
	const struct server *kp = &key, **hit;

	hit = bsearch(&kp, p->by_id, m->n_servers, sizeof *p->by_id, clusters_by_id_cmp);
	return hit ? (size_t)(*hit - m->servers) : SIZE_MAX;
}

static void clusters_add_row(struct clusters_priv *p, size_t cluster, size_t server)
{
	if (p->n == p->alloc) {
		p->alloc = p->alloc ? 2 * p->alloc : 64;
		p->rows = xreallocarray(p->rows, p->alloc, sizeof *p->rows);
	}
	p->rows[p->n].cluster = cluster;
	p->rows[p->n].server = server;
	p->n++;
}

/* Flatten the clusters and their members into rows (cluster first, then its servers). */
static void clusters_prepare(struct view *v, const struct app *app)
{
	const struct model *m = app->model;
	struct clusters_priv *p = v->priv;
	size_t c, k, s;

	if (p == NULL)
		p = v->priv = xcalloc(1, sizeof *p);
	p->n = 0;
	free(p->by_id);
	p->by_id = xcalloc(m->n_servers ? m->n_servers : 1, sizeof *p->by_id);
	for (s = 0; s < m->n_servers; s++)
		p->by_id[s] = &m->servers[s];
	qsort(p->by_id, m->n_servers, sizeof *p->by_id, clusters_by_id_cmp);
	for (c = 0; c < m->n_clusters; c++) {
		if (m->clusters[c].n_servers == 0)
			continue;
		clusters_add_row(p, c, SIZE_MAX);
		for (k = 0; k < m->clusters[c].n_servers; k++)
			if ((s = clusters_find(p, m, m->clusters[c].server_ids[k])) != SIZE_MAX)
				clusters_add_row(p, c, s);
	}
}

static void clusters_dispose(struct view *v)
{
	struct clusters_priv *p = v->priv;

	if (p == NULL)
		return;
	free(p->rows);
	free(p->by_id);
	free(p);
	v->priv = NULL;
}

static int clusters_load(struct app *app)
{
	return app_load(app, MODEL_SERVERS);
}

static size_t clusters_count(struct view *v, const struct app *app)
{
	struct clusters_priv *p = v->priv;

	return p ? p->n : 0;
}

static enum ui_style clusters_state_style(enum cluster_state s)
{
	switch (s) {
	case CLUSTER_HEALTHY: return STYLE_GOOD;
	case CLUSTER_BUILDING: return STYLE_WARN;
	default: return STYLE_BAD;
	}
}

static enum ui_style clusters_status_style(const char *status)
{
	if (status == NULL)
		return STYLE_NORMAL;
	if (strcmp(status, "ACTIVE") == 0)
		return STYLE_GOOD;
	if (strcmp(status, "BUILD") == 0 || strcmp(status, "REBUILD") == 0 || strcmp(status, "RESIZE") == 0)
		return STYLE_WARN;
	return STYLE_BAD;
}

/* Write a server's addresses, comma separated, floating ones marked, into buf. */
static const char *clusters_addresses(const struct server *s, char *buf, size_t sz)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < s->n_addrs && len < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%s%s", i ? ", " : "",
					s->addrs[i].addr ? s->addrs[i].addr : "?",
					s->addrs[i].type && strcmp(s->addrs[i].type, "floating") == 0 ? " (fip)" : "");
	return buf;
}

/* The status of a server with its task state: "BUILD/spawning". */
static const char *clusters_status(const struct server *s, char *buf, size_t sz)
{
	if (s->task_state && *s->task_state)
		snprintf(buf, sz, "%s/%s", s->status ? s->status : "?", s->task_state);
	else
		snprintf(buf, sz, "%s", s->status ? s->status : "?");
	return buf;
}

static void clusters_draw_row(struct view *v, const struct app *app, size_t row, struct view_cell *c)
{
	const struct clusters_priv *p = v->priv;
	const struct crow *r = &p->rows[row];
	const struct cluster *cl = &app->model->clusters[r->cluster];
	const struct server *s;

	if (r->server == SIZE_MAX) {
		c[COL_NAME].text = *cl->name ? cl->name : OTHER_SERVERS;
		c[COL_NAME].style = *cl->name ? STYLE_MARK : STYLE_DIM;
		if (*cl->name) {
			c[COL_STATE].text = model_cluster_state_name(cl->state);
			c[COL_STATE].style = clusters_state_style(cl->state);
		}
		snprintf(c[COL_NODES].buf, sizeof c[COL_NODES].buf, "%zu", cl->n_servers);
		c[COL_NODES].text = c[COL_NODES].buf;
		snprintf(c[COL_ACTIVE].buf, sizeof c[COL_ACTIVE].buf, "%zu", cl->n_active);
		c[COL_ACTIVE].text = c[COL_ACTIVE].buf;
		return;
	}
	s = &app->model->servers[r->server];
	c[COL_NAME].text = s->name;
	c[COL_NAME].indent = 2;
	c[COL_STATE].text = clusters_status(s, c[COL_STATE].buf, sizeof c[COL_STATE].buf);
	c[COL_STATE].style = clusters_status_style(s->status);
	c[COL_ROLE].text = s->role ? s->role : "-";
	c[COL_ADDRESSES].text = clusters_addresses(s, c[COL_ADDRESSES].buf, sizeof c[COL_ADDRESSES].buf);
	c[COL_FLAVOR].text = s->flavor;
	c[COL_ID].text = s->id;
	c[COL_ID].style = STYLE_DIM;
}

/* Order two clusters by column. */
static int clusters_cmp_cluster(const struct cluster *x, const struct cluster *y, size_t col, int rev)
{
	switch (col) {
	case COL_STATE: return view_cmp_num(x->state, y->state, rev);
	case COL_NODES: return view_cmp_num((long long)x->n_servers, (long long)y->n_servers, rev);
	case COL_ACTIVE: return view_cmp_num((long long)x->n_active, (long long)y->n_active, rev);
	case COL_NAME: return view_cmp_str(x->name, y->name, rev);
	default: return 0;
	}
}

/* Order two servers of one cluster by column; ties put the master first, then order by name. */
static int clusters_cmp_server(const struct server *x, const struct server *y, size_t col, int rev)
{
	int r = 0, mx, my;

	switch (col) {
	case COL_NAME: r = view_cmp_str(x->name, y->name, rev); break;
	case COL_STATE: r = view_cmp_str(x->status, y->status, rev); break;
	case COL_ROLE: r = view_cmp_str(x->role, y->role, rev); break;
	case COL_ADDRESSES:
		r = view_cmp_str(x->n_addrs ? x->addrs[0].addr : NULL, y->n_addrs ? y->addrs[0].addr : NULL, rev);
		break;
	case COL_FLAVOR: r = view_cmp_str(x->flavor, y->flavor, rev); break;
	case COL_ID: r = view_cmp_str(x->id, y->id, rev); break;
	}
	if (r)
		return r;
	mx = x->role && strcmp(x->role, "master") == 0;
	my = y->role && strcmp(y->role, "master") == 0;
	if (mx != my)
		return my - mx;
	return view_cmp_str(x->name, y->name, 0);
}

static int clusters_compare(struct view *v, const struct app *app, size_t a, size_t b, size_t col, int rev)
{
	const struct clusters_priv *p = v->priv;
	const struct crow *x = &p->rows[a], *y = &p->rows[b];
	const struct model *m = app->model;
	const struct cluster *cx = &m->clusters[x->cluster], *cy = &m->clusters[y->cluster];
	int r;

	if (x->cluster != y->cluster) {
		/* Keep each cluster with its nodes; the untagged servers always come last. */
		if ((*cx->name == '\0') != (*cy->name == '\0'))
			return *cx->name == '\0' ? 1 : -1;
		r = clusters_cmp_cluster(cx, cy, col, rev);
		if (r == 0)
			r = view_cmp_str(cx->name, cy->name, rev);
		return r ? r : (x->cluster < y->cluster ? -1 : 1);
	}
	if ((x->server == SIZE_MAX) != (y->server == SIZE_MAX))
		return x->server == SIZE_MAX ? -1 : 1;
	if (x->server == SIZE_MAX)
		return 0;
	return clusters_cmp_server(&m->servers[x->server], &m->servers[y->server], col, rev);
}

/* Whether a server's own fields match the filter. */
static int clusters_match_server(const struct server *s, const char *needle)
{
	size_t i;

	if (text_contains(s->name, needle) || text_contains(s->id, needle) || text_contains(s->status, needle) ||
	    text_contains(s->role, needle) || text_contains(s->flavor, needle))
		return 1;
	for (i = 0; i < s->n_addrs; i++)
		if (text_contains(s->addrs[i].addr, needle))
			return 1;
	return 0;
}

static int clusters_match(struct view *v, const struct app *app, size_t row, const char *needle)
{
	const struct clusters_priv *p = v->priv;
	const struct crow *r = &p->rows[row];
	const struct cluster *cl = &app->model->clusters[r->cluster];
	const char *name = *cl->name ? cl->name : OTHER_SERVERS;
	size_t k;

	if (text_contains(name, needle))
		return 1;
	if (r->server != SIZE_MAX)
		return clusters_match_server(&app->model->servers[r->server], needle);
	/* A cluster is shown when any of its nodes is. */
	for (k = row + 1; k < p->n && p->rows[k].server != SIZE_MAX; k++)
		if (clusters_match_server(&app->model->servers[p->rows[k].server], needle))
			return 1;
	return 0;
}

static const char *clusters_row_id(struct view *v, const struct app *app, size_t row, char *buf, size_t sz)
{
	const struct clusters_priv *p = v->priv;
	const struct crow *r = &p->rows[row];

	if (r->server == SIZE_MAX)
		snprintf(buf, sz, "cluster:%s", app->model->clusters[r->cluster].name);
	else
		snprintf(buf, sz, "%s", app->model->servers[r->server].id ? app->model->servers[r->server].id : "");
	return buf;
}

/* Describe a cluster: its state, counts and members. */
static void clusters_detail_cluster(const struct app *app, const struct cluster *cl, struct view_detail *d)
{
	const struct server *s;
	size_t k;

	view_detail_add(d, "cluster", *cl->name ? cl->name : OTHER_SERVERS " (no sparkdeck-cluster metadata)");
	if (*cl->name)
		view_detail_add(d, "state", model_cluster_state_name(cl->state));
	view_detail_addf(d, "nodes", "%zu", cl->n_servers);
	view_detail_addf(d, "workers", "%zu", cl->n_workers);
	view_detail_addf(d, "active", "%zu", cl->n_active);
	for (k = 0; k < cl->n_servers; k++) {
		s = model_find_server(app->model, cl->server_ids[k]);
		view_detail_addf(d, "member", "%s (%s, %s)", s && s->name ? s->name : cl->server_ids[k],
				 s && s->role ? s->role : "no role", s && s->status ? s->status : "missing");
	}
}

/* Describe one server: every field. */
static void clusters_detail_server(const struct server *s, struct view_detail *d)
{
	size_t i;

	view_detail_add(d, "name", s->name);
	view_detail_add(d, "id", s->id);
	view_detail_add(d, "cluster", s->cluster);
	view_detail_add(d, "role", s->role);
	view_detail_add(d, "status", s->status);
	view_detail_add(d, "task state", s->task_state);
	view_detail_add(d, "flavor", s->flavor);
	view_detail_add(d, "image", s->image_id);
	view_detail_add(d, "key pair", s->key_name);
	view_detail_add(d, "project", s->project_id);
	view_detail_add(d, "created", s->created);
	view_detail_add(d, "updated", s->updated);
	for (i = 0; i < s->n_addrs; i++)
		view_detail_addf(d, "address", "%s (%s, %s, IPv%d)", s->addrs[i].addr ? s->addrs[i].addr : "?",
				 s->addrs[i].network ? s->addrs[i].network : "?",
				 s->addrs[i].type ? s->addrs[i].type : "?", s->addrs[i].version);
	if (s->n_addrs == 0)
		view_detail_add(d, "address", "(none)");
	for (i = 0; i < s->n_tags; i++)
		view_detail_add(d, "tag", s->tags[i]);
	if (s->fault)
		view_detail_add(d, "fault", s->fault);
}

static void clusters_detail(struct view *v, const struct app *app, size_t row, struct view_detail *d)
{
	const struct clusters_priv *p = v->priv;
	const struct crow *r = &p->rows[row];

	if (r->server == SIZE_MAX)
		clusters_detail_cluster(app, &app->model->clusters[r->cluster], d);
	else
		clusters_detail_server(&app->model->servers[r->server], d);
}

const struct view_ops view_clusters_ops = {
	.name = "clusters",
	.columns = clusters_columns,
	.n_columns = COL_N,
	.kind = MODEL_SERVERS,
	.sort_default = COL_NAME,
	.load = clusters_load,
	.prepare = clusters_prepare,
	.count = clusters_count,
	.draw_row = clusters_draw_row,
	.compare = clusters_compare,
	.match = clusters_match,
	.row_id = clusters_row_id,
	.detail = clusters_detail,
	.dispose = clusters_dispose,
};
