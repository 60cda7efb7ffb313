/* build: names, marks, network choice, plan and cleanup order of an image build (pure). */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/build.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/xmalloc.h"

/* A growable NULL-terminated string vector. */
struct strv {
	char **v;
	size_t n;
};

static void strv_push(struct strv *s, char *owned)
{
	s->v = xreallocarray(s->v, s->n + 2, sizeof *s->v);
	s->v[s->n++] = owned;
	s->v[s->n] = NULL;
}

void build_strv_free(char **v)
{
	for (size_t i = 0; v && v[i]; i++)
		free(v[i]);
	free(v);
}

void build_make_id(char out[BUILD_ID_LEN + 1], unsigned random32)
{
	snprintf(out, BUILD_ID_LEN + 1, "%08x", random32 & 0xffffffffu);
}

int build_id_valid(const char *s)
{
	size_t i;

	for (i = 0; s && s[i]; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return s && i == BUILD_ID_LEN;
}

char *build_server_name(const struct recipe *r, const char *build_id)
{
	return xasprintf(BUILD_PREFIX "%s-%s", r->image_name, build_id);
}

char *build_temp_name(const char *build_id)
{
	return xasprintf(BUILD_PREFIX "%s", build_id);
}

char *build_description(const struct recipe *r, const char *build_id)
{
	return xasprintf("sparkdeck image build %s of %s (temporary)", build_id, r->ref);
}

char **build_tags(const char *build_id)
{
	struct strv s = { NULL, 0 };

	strv_push(&s, xstrdup("sparkdeck"));
	strv_push(&s, xasprintf(BUILD_TAG_PREFIX "%s", build_id));
	return s.v;
}

static char *build_iso_time(time_t t)
{
	char buf[32];
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
	return xstrdup(buf);
}

char **build_server_metadata(const struct recipe *r, const char *build_id, time_t deadline)
{
	struct strv s = { NULL, 0 };

	strv_push(&s, xstrdup(BUILD_META_ID));
	strv_push(&s, xstrdup(build_id));
	strv_push(&s, xstrdup("sparkdeck-role"));
	strv_push(&s, xstrdup(BUILD_META_ROLE_VALUE));
	strv_push(&s, xstrdup(BUILD_META_RECIPE));
	strv_push(&s, xstrdup(r->ref));
	strv_push(&s, xstrdup(BUILD_META_DEADLINE));
	strv_push(&s, build_iso_time(deadline));
	return s.v;
}

char **build_image_properties(const struct recipe *r, const char *build_id, const char *base_image_id,
			      time_t now, const char *version)
{
	static const char *const own[] = { "sparkdeck_recipe", "sparkdeck_recipe_name", "sparkdeck_recipe_version",
					   "sparkdeck_base_image", "sparkdeck_build_time", "sparkdeck_version",
					   BUILD_PROP_ID };
	struct strv s = { NULL, 0 };
	size_t i, k;

	for (i = 0; i < r->n_properties; i++) {
		for (k = 0; k < sizeof own / sizeof own[0]; k++)
			if (strcmp(r->properties[i].key, own[k]) == 0)
				break;
		if (k < sizeof own / sizeof own[0])
			continue; /* sparkdeck's own values win */
		strv_push(&s, xstrdup(r->properties[i].key));
		strv_push(&s, xstrdup(r->properties[i].value));
	}
	strv_push(&s, xstrdup(own[0]));
	strv_push(&s, xstrdup(r->ref));
	strv_push(&s, xstrdup(own[1]));
	strv_push(&s, xstrdup(r->name));
	strv_push(&s, xstrdup(own[2]));
	strv_push(&s, xstrdup(r->version));
	strv_push(&s, xstrdup(own[3]));
	strv_push(&s, xstrdup(base_image_id));
	strv_push(&s, xstrdup(own[4]));
	strv_push(&s, build_iso_time(now));
	strv_push(&s, xstrdup(own[5]));
	strv_push(&s, xstrdup(version));
	strv_push(&s, xstrdup(own[6]));
	strv_push(&s, xstrdup(build_id));
	return s.v;
}

/* "a, b, c" of the usable networks' names (new string), at most 5. */
static char *build_net_names(const struct build_net *v, size_t n, int usable_only)
{
	char buf[512] = "";
	size_t i, shown = 0;

	for (i = 0; i < n && shown < 5; i++) {
		if (usable_only && v[i].external && !v[i].shared)
			continue;
		snprintf(buf + strlen(buf), sizeof buf - strlen(buf), "%s%s", shown ? ", " : "",
			 v[i].name && *v[i].name ? v[i].name : v[i].id);
		shown++;
	}
	return xstrdup(shown ? buf : "none");
}

/* The only external network (not shared) to route a builder on net to, or NULL. */
static const char *build_only_external(const struct build_net *v, size_t n, const struct build_net *net)
{
	const char *ext = NULL;
	size_t i, count = 0;

	if (net && net->external)
		return NULL; /* a provider network is reachable as it is */
	for (i = 0; i < n; i++)
		if (v[i].external && !v[i].shared) {
			ext = v[i].id;
			count++;
		}
	return count == 1 ? ext : NULL;
}

int build_pick_network(struct build_net_pick *out, const char *wanted, const struct build_net *v, size_t n)
{
	const struct build_net *hit = NULL;
	size_t i, usable = 0, n_ext = 0, n_named = 0;
	char *names;
	int rc;

	memset(out, 0, sizeof *out);
	if (wanted && *wanted) {
		for (i = 0; i < n && hit == NULL; i++)
			if (strcmp(v[i].id, wanted) == 0)
				hit = &v[i];
		for (i = 0; i < n && hit == NULL; i++)
			if (v[i].name && strcmp(v[i].name, wanted) == 0)
				n_named++;
		for (i = 0; i < n && hit == NULL && n_named == 1; i++)
			if (v[i].name && strcmp(v[i].name, wanted) == 0)
				hit = &v[i];
		if (n_named > 1)
			return err_set(ERR_CONFIG, "%zu networks are named '%s': give its id as network in the recipe",
				       n_named, wanted);
		if (hit == NULL) {
			names = build_net_names(v, n, 1);
			rc = err_set(ERR_NOTFOUND, "network '%s' not found; networks: %s", wanted, names);
			free(names);
			return rc;
		}
		out->choice = BUILD_NET_GIVEN;
		out->id = hit->id;
		out->ext_id = build_only_external(v, n, hit);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (v[i].external && !v[i].shared)
			n_ext++;
		else if (v[i].own || v[i].shared) {
			usable++;
			hit = &v[i];
		}
	}
	if (usable == 1) {
		out->choice = BUILD_NET_ONLY;
		out->id = hit->id;
		out->ext_id = build_only_external(v, n, hit);
		return 0;
	}
	if (usable > 1) {
		names = build_net_names(v, n, 1);
		rc = err_set(ERR_CONFIG, "the project has %zu networks (%s): set network in the recipe", usable, names);
		free(names);
		return rc;
	}
	if (n_ext > 1) {
		names = build_net_names(v, n, 0);
		rc = err_set(ERR_CONFIG, "the project has no network and %zu external networks (%s): set network in "
			     "the recipe, or create a network for builders", n_ext, names);
		free(names);
		return rc;
	}
	out->choice = BUILD_NET_TEMP;
	out->ext_id = build_only_external(v, n, NULL);
	return 0;
}

char **build_plan_lines(const struct recipe *r, const char *build_id, const char *base_label,
			const char *flavor_label, const struct build_net_pick *net, const char *net_label,
			const char *ext_label)
{
	struct strv s = { NULL, 0 };
	char *tmp = build_temp_name(build_id), *server = build_server_name(r, build_id);
	const char *where = net->choice == BUILD_NET_TEMP ? tmp : net_label;

	strv_push(&s, xasprintf("+ keypair %s (temporary, ed25519, private key kept in memory)", tmp));
	strv_push(&s, xasprintf("+ security group %s (temporary: SSH from anywhere)", tmp));
	if (net->choice == BUILD_NET_TEMP) {
		strv_push(&s, xasprintf("+ network %s with subnet %s (temporary)", tmp, BUILD_SUBNET_CIDR));
		if (net->ext_id)
			strv_push(&s, xasprintf("+ router %s to %s (temporary)", tmp, ext_label));
	}
	strv_push(&s, xasprintf("+ server %s from image %s, flavor %s, on network %s", server, base_label,
				flavor_label, where));
	if (net->ext_id)
		strv_push(&s, xasprintf("+ floating IP on %s for the server (temporary)", ext_label));
	strv_push(&s, xasprintf("  wait until ready: %s%s%s%s%s (at most %d s)",
				r->ssh_check ? "ssh " : "", r->ssh_check ? r->ssh_user : "",
				r->ssh_check ? " succeeds" : "", r->ssh_check && r->console_marker ? " and " : "",
				r->console_marker ? "the console shows the marker" : "", r->build_timeout));
	strv_push(&s, xasprintf("  stop the server"));
	strv_push(&s, xasprintf("+ image %s (snapshot, %zu properties + sparkdeck's)", r->image_name,
				r->n_properties));
	strv_push(&s, xasprintf("- server %s and every temporary resource above (also on failure or Ctrl-C)",
				server));
	free(tmp);
	free(server);
	return s.v;
}

size_t build_console_delta(const char *prev, size_t prev_len, const char *now, size_t now_len)
{
	size_t tail, off, j, min;

	if (prev_len == 0)
		return 0;
	/* The log only grows, but a poll returns a window of it: find where the last text seen ends. */
	tail = prev_len < 256 ? prev_len : 256;
	for (off = now_len >= tail ? now_len - tail + 1 : 0; off-- > 0;)
		if (memcmp(now + off, prev + prev_len - tail, tail) == 0)
			return off + tail;
	/* The window slid past the start of what was seen: the longest end of prev (at least 32 bytes or half of it) now starts with. */
	min = prev_len < 64 ? prev_len / 2 + 1 : 32;
	for (j = prev_len > now_len ? prev_len - now_len : 0; j < prev_len && prev_len - j >= min; j++)
		if (prev[j] == now[0] && memcmp(prev + j, now, prev_len - j) == 0)
			return prev_len - j;
	return 0;
}

void build_set_add(struct build_set *set, enum build_res_kind kind, const char *id, const char *extra,
		   const char *label)
{
	struct build_res *r;

	set->res = xreallocarray(set->res, set->n_res + 1, sizeof *set->res);
	r = &set->res[set->n_res++];
	r->kind = kind;
	r->id = xstrdup(id);
	r->extra = extra ? xstrdup(extra) : NULL;
	r->label = label ? xstrdup(label) : xasprintf("%s %s", build_res_kind_name(kind), id);
}

static void build_res_dispose(struct build_res *r)
{
	free(r->id);
	free(r->extra);
	free(r->label);
}

void build_set_remove(struct build_set *set, enum build_res_kind kind, const char *id)
{
	size_t i;

	for (i = 0; i < set->n_res; i++)
		if (set->res[i].kind == kind && strcmp(set->res[i].id, id) == 0) {
			build_res_dispose(&set->res[i]);
			memmove(&set->res[i], &set->res[i + 1], (set->n_res - i - 1) * sizeof *set->res);
			set->n_res--;
			return;
		}
}

static int build_res_cmp(const void *a, const void *b)
{
	const struct build_res *x = a, *y = b;

	if (x->kind != y->kind)
		return x->kind < y->kind ? -1 : 1;
	return strcmp(x->id, y->id);
}

void build_set_sort(struct build_set *set)
{
	if (set->n_res > 1)
		qsort(set->res, set->n_res, sizeof *set->res, build_res_cmp);
}

void build_set_dispose(struct build_set *set)
{
	for (size_t i = 0; i < set->n_res; i++)
		build_res_dispose(&set->res[i]);
	free(set->res);
	free(set->recipe);
	memset(set, 0, sizeof *set);
}

const char *build_res_kind_name(enum build_res_kind k)
{
	static const char *const names[BRES_NKINDS] = {
		"server", "floating IP", "router interface", "router", "subnet", "network", "security group",
		"keypair", "image"
	};

	return k < BRES_NKINDS ? names[k] : "resource";
}

static struct build_set *build_sets_find(struct build_set **sets, size_t *n, const char *id)
{
	size_t i;

	for (i = 0; i < *n; i++)
		if (strcmp((*sets)[i].build_id, id) == 0)
			return &(*sets)[i];
	*sets = xreallocarray(*sets, *n + 1, sizeof **sets);
	memset(&(*sets)[*n], 0, sizeof **sets);
	snprintf((*sets)[*n].build_id, sizeof (*sets)[*n].build_id, "%s", id);
	return &(*sets)[(*n)++];
}

void build_group_leftovers(struct build_set **sets, size_t *n, const struct build_seen *v, size_t n_seen,
			   const char *const *skip, size_t n_skip)
{
	struct build_set *set;
	size_t i, k;

	*sets = NULL;
	*n = 0;
	for (i = 0; i < n_seen; i++) {
		if (!build_id_valid(v[i].build_id) || (v[i].kind == BRES_IMAGE && v[i].image_complete))
			continue;
		for (k = 0; k < n_skip; k++)
			if (strcmp(skip[k], v[i].build_id) == 0)
				break;
		if (k < n_skip)
			continue;
		set = build_sets_find(sets, n, v[i].build_id);
		if (set->recipe == NULL && v[i].recipe)
			set->recipe = xstrdup(v[i].recipe);
		if (v[i].deadline > set->deadline)
			set->deadline = v[i].deadline;
		build_set_add(set, v[i].kind, v[i].id, v[i].extra, NULL);
		if (v[i].name && *v[i].name) {
			free(set->res[set->n_res - 1].label);
			set->res[set->n_res - 1].label = xasprintf("%s %s", build_res_kind_name(v[i].kind), v[i].name);
		}
	}
	for (i = 0; i < *n; i++)
		build_set_sort(&(*sets)[i]);
}

void build_sets_free(struct build_set *sets, size_t n)
{
	for (size_t i = 0; i < n; i++)
		build_set_dispose(&sets[i]);
	free(sets);
}

int build_id_from_name(char out[BUILD_ID_LEN + 1], const char *name)
{
	size_t len, plen = strlen(BUILD_PREFIX);

	if (name == NULL || strncmp(name, BUILD_PREFIX, plen) != 0)
		return 0;
	len = strlen(name);
	if (len < plen + BUILD_ID_LEN || (len > plen + BUILD_ID_LEN && name[len - BUILD_ID_LEN - 1] != '-'))
		return 0;
	if (!build_id_valid(name + len - BUILD_ID_LEN))
		return 0;
	memcpy(out, name + len - BUILD_ID_LEN, BUILD_ID_LEN + 1);
	return 1;
}

int build_id_from_tags(char out[BUILD_ID_LEN + 1], char *const *tags, size_t n)
{
	size_t plen = strlen(BUILD_TAG_PREFIX);

	for (size_t i = 0; i < n; i++)
		if (tags[i] && strncmp(tags[i], BUILD_TAG_PREFIX, plen) == 0 && build_id_valid(tags[i] + plen)) {
			memcpy(out, tags[i] + plen, BUILD_ID_LEN + 1);
			return 1;
		}
	return 0;
}
