/* plan_snap: what a plan was made from, its fingerprint, and what changed since (pure). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

#define SNAP_LINE_MAX 400
#define SNAP_SHOWN_MAX 8     /* changes named in a refusal; the rest are counted */

static char *snap_attrs(const struct plan_seen *s)
{
	char *rule, *out;

	switch (s->kind) {
	case PLAN_SERVER:
		return xasprintf("role=%s index=%s flavor=%s image=%s", s->role ? s->role : "-", s->index ? s->index : "-",
				 s->flavor_id && *s->flavor_id ? s->flavor_id : s->flavor_name ? s->flavor_name : "-",
				 s->image_id && *s->image_id ? s->image_id : "-");
	case PLAN_SUBNET:
		return xasprintf("network=%s cidr=%s", s->network_id ? s->network_id : "-", s->cidr ? s->cidr : "-");
	case PLAN_ROUTER:
		return xasprintf("gateway=%s", s->network_id ? s->network_id : "-");
	case PLAN_IFACE:
		return xasprintf("subnet=%s", s->subnet_id);
	case PLAN_RULE:
		rule = plan_rule_text(s->protocol, s->port_min, s->port_max, s->remote_cidr);
		out = xasprintf("group=%s %s", s->secgroup_id, rule);
		free(rule);
		return out;
	case PLAN_FIP:
		return xasprintf("network=%s port=%s server=%s", s->network_id ? s->network_id : "-",
				 s->port_id ? s->port_id : "-", s->server_id ? s->server_id : "-");
	default:
		return xstrdup("");
	}
}

static int snap_cmp(const void *a, const void *b)
{
	const struct plan_snap *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id);
}

void plan_snapshot(struct plan_snap **out, size_t *n, const struct plan_observed *obs, const char *cluster,
		   const char *cluster_name)
{
	const struct plan_seen **ours;
	size_t i, k;

	ours = plan_ours(obs, cluster, cluster_name, &k);
	*out = NULL;
	*n = k;
	if (k == 0)
		return;
	*out = xcalloc(k, sizeof **out);
	for (i = 0; i < k; i++) {
		const struct plan_seen *s = ours[i];
		struct plan_snap *p = &(*out)[i];

		p->kind = s->kind;
		p->id = s->kind == PLAN_IFACE ? xasprintf("%s+%s", s->id, s->subnet_id) : xstrdup(s->id);
		if (s->kind == PLAN_RULE)
			p->name = plan_rule_text(s->protocol, s->port_min, s->port_max, s->remote_cidr);
		else if (s->kind == PLAN_IFACE)
			p->name = xasprintf("%s to subnet %s", s->name && *s->name ? s->name : s->id, s->subnet_id);
		else
			p->name = xstrdup(s->name && *s->name ? s->name : s->kind == PLAN_FIP && s->address ? s->address
					  : s->id);
		p->status = xstrdup(s->status ? s->status : "");
		p->attrs = snap_attrs(s);
	}
	free(ours);
	qsort(*out, k, sizeof **out, snap_cmp);
}

void plan_snaps_free(struct plan_snap *v, size_t n)
{
	for (size_t i = 0; v && i < n; i++) {
		free(v[i].id);
		free(v[i].name);
		free(v[i].status);
		free(v[i].attrs);
	}
	free(v);
}

/* The part of a status that a plan depends on: only a server's ERROR or deletion changes what is planned. */
static const char *snap_state(const struct plan_snap *s)
{
	if (s->kind != PLAN_SERVER)
		return "";
	if (strcmp(s->status, "ERROR") == 0 || strcmp(s->status, "DELETED") == 0 || strcmp(s->status, "SOFT_DELETED") == 0)
		return s->status;
	return "up";
}

void plan_fingerprint(char out[PLAN_HASH_LEN + 1], const struct plan_snap *v, size_t n)
{
	const struct plan_snap **sorted = NULL;
	uint64_t h = PLAN_FNV_OFFSET;
	size_t i, j;

	/* Sort pointers (insertion sort: the input is small and usually sorted already). */
	if (n)
		sorted = xcalloc(n, sizeof *sorted);
	for (i = 0; i < n; i++) {
		for (j = i; j > 0 && snap_cmp(sorted[j - 1], &v[i]) > 0; j--)
			sorted[j] = sorted[j - 1];
		sorted[j] = &v[i];
	}
	for (i = 0; i < n; i++) {
		h = plan_fnv_str(h, plan_kind_name(sorted[i]->kind));
		h = plan_fnv_str(h, sorted[i]->id);
		h = plan_fnv_str(h, snap_state(sorted[i]));
		h = plan_fnv_str(h, sorted[i]->attrs);
	}
	free(sorted);
	plan_hash_hex(out, h);
}

static const struct plan_snap *snap_find(const struct plan_snap *v, size_t n, const struct plan_snap *key)
{
	for (size_t i = 0; i < n; i++)
		if (v[i].kind == key->kind && strcmp(v[i].id, key->id) == 0)
			return &v[i];
	return NULL;
}

static void snap_push(char ***lines, size_t *n, char *raw)
{
	*lines = xreallocarray(*lines, *n + 2, sizeof **lines);
	(*lines)[(*n)++] = sanitize_line(raw, SNAP_LINE_MAX);
	(*lines)[*n] = NULL;
	free(raw);
}

char **plan_what_changed(const struct plan_snap *before, size_t n_before, const struct plan_snap *now, size_t n_now)
{
	char **lines = NULL;
	size_t i, n = 0;

	for (i = 0; i < n_before; i++) {
		const struct plan_snap *b = &before[i], *a = snap_find(now, n_now, b);
		const char *kind = plan_kind_name(b->kind);

		if (a == NULL)
			snap_push(&lines, &n, xasprintf("%s %s is gone", kind, b->name));
		else if (strcmp(snap_state(a), snap_state(b)) != 0)
			snap_push(&lines, &n, xasprintf("%s %s is now %s (was %s)", kind, a->name, a->status, b->status));
		else if (strcmp(a->attrs, b->attrs) != 0)
			snap_push(&lines, &n, xasprintf("%s %s changed (%s; was %s)", kind, a->name, a->attrs, b->attrs));
	}
	for (i = 0; i < n_now; i++)
		if (snap_find(before, n_before, &now[i]) == NULL)
			snap_push(&lines, &n, xasprintf("%s %s appeared", plan_kind_name(now[i].kind), now[i].name));
	return lines;
}

int plan_check_fresh(const struct plan *saved, const struct plan_observed *obs)
{
	struct plan_snap *now = NULL;
	char fp[PLAN_HASH_LEN + 1];
	char **lines = NULL;
	struct buf msg;
	size_t n = 0, i;
	int rc = 0;

	buf_init(&msg, 8192);
	plan_snapshot(&now, &n, obs, saved->cluster, saved->cluster_name);
	plan_fingerprint(fp, now, n);
	if (strcmp(fp, saved->fingerprint) == 0)
		goto out;
	lines = plan_what_changed(saved->snaps, saved->n_snaps, now, n);
	for (i = 0; lines && lines[i]; i++) {
		if (i == SNAP_SHOWN_MAX) {
			size_t more = i;

			while (lines[more])
				more++;
			buf_printf(&msg, "; and %zu more", more - i);
			break;
		}
		buf_printf(&msg, "%s%s", i ? "; " : "", lines[i]);
	}
	if (msg.len == 0)
		buf_printf(&msg, "fingerprint %s, now %s", saved->fingerprint, fp);
	rc = err_set(ERR_CONFIG, "the plan for %s is stale, the cloud changed since it was made: %s; make the plan again",
		     saved->cluster, msg.data);
out:
	plan_strv_free(lines);
	plan_snaps_free(now, n);
	buf_dispose(&msg);
	return rc;
}
