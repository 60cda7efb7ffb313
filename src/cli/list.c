/* `sparkdeck list ...`: connect, load one kind of object, print it. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <event2/event.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "cloud/cloud.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"

typedef int (*list_load_fn)(struct cloud *, struct model *, cloud_done_fn, void *);

struct list_wait {
	struct event_base *base;
	int done;
	int rc;
	char *msg;
};

static void list_done(void *arg, int rc, const char *msg)
{
	struct list_wait *w = arg;

	w->done = 1;
	w->rc = rc;
	w->msg = xstrdup(msg);
	event_base_loopbreak(w->base);
}

/* Run one load to completion on the loop; 0 or the load's error (message in err_last()). */
static int list_run(struct event_base *base, struct cloud *c, struct model *m, list_load_fn load)
{
	struct list_wait w = { base, 0, 0, NULL };
	int rc;

	rc = load(c, m, list_done, &w);
	if (rc < 0)
		return rc;
	while (!w.done)
		if (event_base_dispatch(base) < 0) {
			free(w.msg);
			return err_set(ERR_INVALID, "the event loop failed");
		}
	if (w.rc < 0)
		err_set(w.rc, "%s", w.msg);
	free(w.msg);
	return w.rc;
}

/* Addresses as "net=a, b; net2=c", the way the openstack CLI shows them. */
static char *list_addresses(const struct server *s)
{
	struct buf b;
	size_t i;

	buf_init(&b, 1 << 16);
	for (i = 0; i < s->n_addrs; i++) {
		int same = i > 0 && strcmp(s->addrs[i - 1].network, s->addrs[i].network) == 0;

		if (same)
			buf_printf(&b, ", %s", s->addrs[i].addr);
		else
			buf_printf(&b, "%s%s=%s", i ? "; " : "", s->addrs[i].network, s->addrs[i].addr);
	}
	return buf_detach(&b);
}

static void list_print_projects(const struct model *m, enum cli_format fmt)
{
	static const char *const hdr[] = { "ID", "NAME", "DOMAIN", "ENABLED" };
	struct out_table t;
	cJSON *a = cJSON_CreateArray();
	size_t i;

	out_table_init(&t, hdr, 4);
	for (i = 0; i < m->n_projects; i++) {
		const struct project *p = &m->projects[i];
		const char *row[] = { p->id, p->name, p->domain_id, p->enabled ? "yes" : "no" };
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "id", p->id);
		cJSON_AddStringToObject(o, "name", p->name);
		cJSON_AddStringToObject(o, "domain_id", p->domain_id ? p->domain_id : "");
		cJSON_AddBoolToObject(o, "enabled", p->enabled);
		cJSON_AddItemToArray(a, o);
		out_table_row(&t, row);
	}
	out_emit(&t, a, fmt == CLI_JSON);
}

static void list_print_images(const struct model *m, enum cli_format fmt)
{
	static const char *const hdr[] = { "ID", "NAME", "STATUS", "VISIBILITY", "MEMBER", "SIZE" };
	struct out_table t;
	cJSON *a = cJSON_CreateArray();
	size_t i;

	out_table_init(&t, hdr, 6);
	for (i = 0; i < m->n_images; i++) {
		const struct image *im = &m->images[i];
		char size[32] = "";
		const char *row[] = { im->id, im->name, im->status, im->visibility, im->member_status, size };
		cJSON *o = cJSON_CreateObject();

		if (im->size >= 0)
			snprintf(size, sizeof size, "%lld", im->size);
		cJSON_AddStringToObject(o, "id", im->id);
		cJSON_AddStringToObject(o, "name", im->name ? im->name : "");
		cJSON_AddStringToObject(o, "status", im->status ? im->status : "");
		cJSON_AddStringToObject(o, "visibility", im->visibility ? im->visibility : "");
		cJSON_AddStringToObject(o, "owner", im->owner ? im->owner : "");
		if (im->member_status)
			cJSON_AddStringToObject(o, "member_status", im->member_status);
		if (im->size >= 0)
			cJSON_AddNumberToObject(o, "size", (double)im->size);
		if (im->recipe)
			cJSON_AddStringToObject(o, "recipe", im->recipe);
		cJSON_AddItemToArray(a, o);
		out_table_row(&t, row);
	}
	out_emit(&t, a, fmt == CLI_JSON);
}

/* A server as JSON: what a script needs to find and reach it. */
static cJSON *list_server_json(const struct server *s)
{
	cJSON *o = cJSON_CreateObject(), *addrs = cJSON_AddArrayToObject(o, "addresses");
	size_t i;

	cJSON_AddStringToObject(o, "id", s->id);
	cJSON_AddStringToObject(o, "name", s->name ? s->name : "");
	cJSON_AddStringToObject(o, "status", s->status ? s->status : "");
	cJSON_AddStringToObject(o, "flavor", s->flavor ? s->flavor : "");
	if (s->image_id)
		cJSON_AddStringToObject(o, "image_id", s->image_id);
	if (s->key_name)
		cJSON_AddStringToObject(o, "key_name", s->key_name);
	if (s->cluster)
		cJSON_AddStringToObject(o, "cluster", s->cluster);
	if (s->role)
		cJSON_AddStringToObject(o, "role", s->role);
	if (s->fault)
		cJSON_AddStringToObject(o, "fault", s->fault);
	for (i = 0; i < s->n_addrs; i++) {
		cJSON *ad = cJSON_CreateObject();

		cJSON_AddStringToObject(ad, "network", s->addrs[i].network);
		cJSON_AddStringToObject(ad, "addr", s->addrs[i].addr);
		cJSON_AddStringToObject(ad, "type", s->addrs[i].type ? s->addrs[i].type : "");
		cJSON_AddItemToArray(addrs, ad);
	}
	return o;
}

static void list_print_servers(const struct model *m, enum cli_format fmt)
{
	static const char *const hdr[] = { "ID", "NAME", "STATUS", "NETWORKS", "FLAVOR", "CLUSTER" };
	struct out_table t;
	cJSON *a = cJSON_CreateArray();
	size_t i;

	out_table_init(&t, hdr, 6);
	for (i = 0; i < m->n_servers; i++) {
		const struct server *s = &m->servers[i];
		char *nets = list_addresses(s);
		const char *row[] = { s->id, s->name, s->status, nets, s->flavor, s->cluster };

		out_table_row(&t, row);
		cJSON_AddItemToArray(a, list_server_json(s));
		free(nets);
	}
	out_emit(&t, a, fmt == CLI_JSON);
}

static void list_print_clusters(const struct model *m, enum cli_format fmt)
{
	static const char *const hdr[] = { "CLUSTER", "STATE", "NODES", "ACTIVE", "WORKERS", "MASTER" };
	struct out_table t;
	cJSON *a = cJSON_CreateArray();
	size_t i, j;

	out_table_init(&t, hdr, 6);
	for (i = 0; i < m->n_clusters; i++) {
		const struct cluster *c = &m->clusters[i];
		const struct server *master = c->n_servers ? model_find_server(m, c->server_ids[0]) : NULL;
		char nodes[24], active[24], workers[24];
		const char *name = *c->name ? c->name : "(other servers)";
		const char *row[] = { name, *c->name ? model_cluster_state_name(c->state) : "-",
				      nodes, active, workers,
				      master && master->role && !strcmp(master->role, "master") ? master->name : "" };
		cJSON *o = cJSON_CreateObject(), *members;

		snprintf(nodes, sizeof nodes, "%zu", c->n_servers);
		snprintf(active, sizeof active, "%zu", c->n_active);
		snprintf(workers, sizeof workers, "%zu", c->n_workers);
		out_table_row(&t, row);
		cJSON_AddStringToObject(o, "name", c->name);
		cJSON_AddStringToObject(o, "state", *c->name ? model_cluster_state_name(c->state) : "untagged");
		cJSON_AddNumberToObject(o, "workers", (double)c->n_workers);
		members = cJSON_AddArrayToObject(o, "servers");
		for (j = 0; j < c->n_servers; j++) {
			const struct server *s = model_find_server(m, c->server_ids[j]);

			if (s)
				cJSON_AddItemToArray(members, list_server_json(s));
		}
		cJSON_AddItemToArray(a, o);
	}
	out_emit(&t, a, fmt == CLI_JSON);
}

int cli_list(struct event_base *base, struct cloud *c, struct model *m, const char *what,
	     enum cli_format fmt)
{
	static const struct {
		const char *name;
		list_load_fn load;
		void (*print)(const struct model *, enum cli_format);
	} kinds[] = {
		{ "projects", cloud_load_projects, list_print_projects },
		{ "images", cloud_load_images, list_print_images },
		{ "servers", cloud_load_servers, list_print_servers },
		{ "clusters", cloud_load_servers, list_print_clusters },
	};
	size_t i;
	int rc;

	for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
		if (strcmp(what, kinds[i].name) != 0)
			continue;
		rc = list_run(base, c, m, kinds[i].load);
		if (rc < 0) {
			fprintf(stderr, "sparkdeck: %s\n", err_last());
			return cli_exit_status(rc);
		}
		kinds[i].print(m, fmt);
		return fflush(stdout) == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
	}
	fprintf(stderr, "sparkdeck: cannot list '%s': use projects, images, servers or clusters\n", what);
	return CLI_EXIT_USAGE;
}
