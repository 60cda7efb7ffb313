/* build_leftovers: list every kind of resource a build makes and group the marked ones by build id. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cloud/cloud.h"
#include "cloud/image_members.h"
#include "cloud/ops.h"
#include "core/build.h"
#include "core/buildlock.h"
#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "flow/build_leftovers.h"

/* What is listed, one request each. */
enum lo_list { LO_SERVERS, LO_KEYPAIRS, LO_IMAGES, LO_NETS, LO_NLISTS = LO_NETS + NET_NKINDS };

struct lo_seen {
	struct build_seen s;
	char *id, *extra, *name, *build_id, *recipe;   /* owned copies of what s points to */
};

struct flow_leftovers {
	struct cloud *c;
	char **skip;
	size_t n_skip;
	struct lo_seen *seen;
	size_t n_seen;
	int outstanding;
	int cancelled;
	struct cloud_hook *hook;        /* frees a cancelled search if the cloud goes first */
	int rc;
	char *msg;
	flow_leftovers_fn done;
	void *arg;
};

static void lo_free(struct flow_leftovers *l)
{
	size_t i;

	cloud_hook_remove(l->hook);
	for (i = 0; i < l->n_seen; i++) {
		free(l->seen[i].id);
		free(l->seen[i].extra);
		free(l->seen[i].name);
		free(l->seen[i].build_id);
		free(l->seen[i].recipe);
	}
	free(l->seen);
	for (i = 0; i < l->n_skip; i++)
		free(l->skip[i]);
	free(l->skip);
	free(l->msg);
	free(l);
}

static void lo_add(struct flow_leftovers *l, enum build_res_kind kind, const char *id, const char *extra,
		   const char *name, const char *build_id, const char *recipe, time_t deadline, int complete)
{
	struct lo_seen *e;

	l->seen = xreallocarray(l->seen, l->n_seen + 1, sizeof *l->seen);
	e = &l->seen[l->n_seen++];
	memset(e, 0, sizeof *e);
	e->id = xstrdup(id);
	e->extra = extra ? xstrdup(extra) : NULL;
	e->name = name ? xstrdup(name) : NULL;
	e->build_id = build_id ? xstrdup(build_id) : NULL;
	e->recipe = recipe ? xstrdup(recipe) : NULL;
	e->s.kind = kind;
	e->s.deadline = deadline;
	e->s.image_complete = complete;
}

/* Router interfaces: every (router, subnet) pair of the same build. */
static void lo_add_interfaces(struct flow_leftovers *l)
{
	size_t i, j, n = l->n_seen;

	for (i = 0; i < n; i++) {
		if (l->seen[i].s.kind != BRES_ROUTER || l->seen[i].build_id == NULL)
			continue;
		for (j = 0; j < n; j++)
			if (l->seen[j].s.kind == BRES_SUBNET && l->seen[j].build_id &&
			    strcmp(l->seen[j].build_id, l->seen[i].build_id) == 0)
				/* lo_add() moves the array, not the strings these point to. */
				lo_add(l, BRES_ROUTER_IFACE, l->seen[i].id, l->seen[j].id, NULL, l->seen[i].build_id,
				       NULL, 0, 0);
	}
}

static void lo_finish(struct flow_leftovers *l)
{
	struct build_seen *v = xcalloc(l->n_seen + 1, sizeof *v);
	struct build_leftover *out = NULL;
	struct build_set *sets = NULL;
	size_t i, n = 0;
	time_t now = time(NULL);

	if (l->rc < 0) {
		l->done(l->arg, l->rc, l->msg, NULL, 0);
		free(v);
		lo_free(l);
		return;
	}
	lo_add_interfaces(l);
	for (i = 0; i < l->n_seen; i++) {
		v[i] = l->seen[i].s;
		v[i].id = l->seen[i].id;
		v[i].extra = l->seen[i].extra;
		v[i].name = l->seen[i].name;
		v[i].build_id = l->seen[i].build_id;
		v[i].recipe = l->seen[i].recipe;
	}
	build_group_leftovers(&sets, &n, v, l->n_seen, (const char *const *)l->skip, l->n_skip);
	free(v);
	if (n > 0)
		out = xcalloc(n, sizeof *out);
	for (i = 0; i < n; i++) {
		enum buildlock_state st = buildlock_state(sets[i].build_id);

		out[i].set = sets[i];
		out[i].abandoned = st == BUILDLOCK_DEAD ||
				   (st == BUILDLOCK_NONE && sets[i].deadline != 0 && sets[i].deadline < now);
	}
	free(sets);
	l->done(l->arg, 0, "", out, n);
	lo_free(l);
}

/* A list came back: 1 if the search is over for this object (cancelled and freed). */
static int lo_returned(struct flow_leftovers *l, int rc, const char *msg)
{
	l->outstanding--;
	if (!l->cancelled && rc < 0 && l->rc == 0) {
		l->rc = rc;
		l->msg = xstrdup(msg);
	}
	if (l->outstanding > 0)
		return 1;
	if (l->cancelled)
		lo_free(l);
	else
		lo_finish(l);
	return 1;
}

/* "2026-11-25T10:00:00Z" as time_t, or 0. */
static time_t lo_parse_time(const char *s)
{
	struct tm tm;

	memset(&tm, 0, sizeof tm);
	if (s == NULL || strptime(s, "%Y-%m-%dT%H:%M:%SZ", &tm) == NULL)
		return 0;
	return timegm(&tm);
}

static void lo_on_servers(void *arg, int rc, const char *msg, const struct server *v, size_t n)
{
	struct flow_leftovers *l = arg;
	size_t i;

	for (i = 0; rc == 0 && !l->cancelled && i < n; i++)
		if (v[i].build_id && build_id_valid(v[i].build_id))
			lo_add(l, BRES_SERVER, v[i].id, NULL, v[i].name, v[i].build_id, v[i].build_recipe,
			       lo_parse_time(v[i].build_deadline), 0);
	lo_returned(l, rc, msg);
}

static void lo_on_keypairs(void *arg, int rc, const char *msg, const char *const *names, size_t n)
{
	struct flow_leftovers *l = arg;
	char id[BUILD_ID_LEN + 1];
	size_t i;

	for (i = 0; rc == 0 && !l->cancelled && i < n; i++)
		if (build_id_from_name(id, names[i]) && strlen(names[i]) == strlen(BUILD_PREFIX) + BUILD_ID_LEN)
			lo_add(l, BRES_KEYPAIR, names[i], NULL, names[i], id, NULL, 0, 0);
	lo_returned(l, rc, msg);
}

static void lo_on_images(void *arg, int rc, const char *msg, struct image *v, size_t n)
{
	struct flow_leftovers *l = arg;
	const char *me = cloud_project_id(l->c);
	size_t i;

	for (i = 0; rc == 0 && !l->cancelled && i < n; i++)
		if (v[i].build_id && build_id_valid(v[i].build_id) && me && v[i].owner && strcmp(v[i].owner, me) == 0)
			lo_add(l, BRES_IMAGE, v[i].id, NULL, v[i].name, v[i].build_id, v[i].recipe, 0,
			       v[i].status && strcmp(v[i].status, "active") == 0);
	for (i = 0; i < n; i++)
		model_image_dispose(&v[i]);
	free(v);
	lo_returned(l, rc, msg);
}

static void lo_on_nets(void *arg, int rc, const char *msg, const struct net_resource *v, size_t n)
{
	static const enum build_res_kind kinds[NET_NKINDS] = {
		[NET_NETWORK] = BRES_NETWORK, [NET_SUBNET] = BRES_SUBNET, [NET_ROUTER] = BRES_ROUTER,
		[NET_SECGROUP] = BRES_SECGROUP, [NET_FIP] = BRES_FIP, [NET_PORT] = BRES_NKINDS,
		[NET_RULE] = BRES_NKINDS,
	};
	struct flow_leftovers *l = arg;
	char id[BUILD_ID_LEN + 1];
	size_t i;

	for (i = 0; rc == 0 && !l->cancelled && i < n; i++)
		if (kinds[v[i].kind] != BRES_NKINDS && build_id_from_tags(id, v[i].tags, v[i].n_tags))
			lo_add(l, kinds[v[i].kind], v[i].id, NULL,
			       v[i].kind == NET_FIP && v[i].address ? v[i].address : v[i].name, id, NULL, 0, 0);
	lo_returned(l, rc, msg);
}

/* The cloud is freed with our lists unanswered: nothing will call back. */
static void lo_on_cloud_free(void *arg)
{
	struct flow_leftovers *l = arg;

	l->hook = NULL;
	lo_free(l);
}

int flow_leftovers_find(struct flow_leftovers **out, struct cloud *c, const char *const *skip, size_t n_skip,
			flow_leftovers_fn done, void *arg)
{
	static const enum net_kind nets[] = { NET_NETWORK, NET_SUBNET, NET_ROUTER, NET_SECGROUP, NET_FIP };
	struct flow_leftovers *l = xcalloc(1, sizeof *l);
	size_t i;
	int rc = 0;

	l->c = c;
	l->done = done;
	l->arg = arg;
	l->skip = xcalloc(n_skip + 1, sizeof *l->skip);
	for (i = 0; i < n_skip; i++)
		l->skip[i] = xstrdup(skip[i]);
	l->n_skip = n_skip;
	/* Held until every list is started, so a failure to start cannot finish the search early. */
	l->outstanding = 1;
	l->outstanding++;
	if ((rc = cloud_server_list(c, lo_on_servers, l)) < 0)
		goto fail;
	l->outstanding++;
	if ((rc = cloud_keypair_list(c, lo_on_keypairs, l)) < 0)
		goto fail;
	l->outstanding++;
	if ((rc = cloud_image_list(c, lo_on_images, l)) < 0)
		goto fail;
	for (i = 0; i < sizeof nets / sizeof nets[0]; i++) {
		l->outstanding++;
		if ((rc = cloud_net_list(c, nets[i], "tags=" MODEL_TAG, lo_on_nets, l)) < 0)
			goto fail;
	}
	l->outstanding--;
	*out = l;
	return 0;
fail:
	/* Lists already started still call back: let them find the search cancelled. */
	l->outstanding -= 2;
	l->cancelled = 1;
	if (l->outstanding == 0)
		lo_free(l);
	else
		l->hook = cloud_hook_add(c, lo_on_cloud_free, l);
	*out = NULL;
	return rc;
}

void flow_leftovers_cancel(struct flow_leftovers *l)
{
	if (l == NULL || l->cancelled)
		return;
	l->cancelled = 1;
	l->hook = cloud_hook_add(l->c, lo_on_cloud_free, l);
}

void flow_leftovers_free_results(struct build_leftover *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		build_set_dispose(&v[i].set);
	free(v);
}
