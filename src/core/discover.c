/* discover: which clusters observed resources belong to (pure; see discover.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/discover.h"
#include "core/error.h"
#include "core/model.h"
#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/spec.h"
#include "core/xmalloc.h"

const char *discover_tag_cluster(const char *const *tags, size_t n)
{
	const size_t plen = strlen(PLAN_TAG_CLUSTER_PREFIX);
	const char *ref = NULL;
	int ours = 0;

	for (size_t i = 0; tags && i < n; i++) {
		if (tags[i] == NULL)
			continue;
		if (strcmp(tags[i], MODEL_TAG) == 0)
			ours = 1;
		else if (ref == NULL && strncmp(tags[i], PLAN_TAG_CLUSTER_PREFIX, plen) == 0)
			ref = tags[i] + plen;
	}
	return ours ? ref : NULL;
}

const char *discover_seen_cluster(const struct plan_seen *s)
{
	switch (s->kind) {
	case PLAN_SERVER:
		return s->cluster;
	case PLAN_NETWORK: case PLAN_SUBNET: case PLAN_ROUTER: case PLAN_SECGROUP: case PLAN_FIP:
		return discover_tag_cluster(s->tags, s->n_tags);
	default:
		return NULL;
	}
}

char *discover_cluster_name(const char *ref)
{
	char *s = xstrdup(ref), *slash = strchr(s, '/');

	if (slash)
		*slash = '-';
	return s;
}

static int discover_cmp(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

char **discover_cluster_refs(const struct plan_seen *v, size_t n, size_t *count)
{
	char **refs = NULL;
	size_t k = 0, i, out;

	*count = 0;
	for (i = 0; i < n; i++) {
		const char *ref = discover_seen_cluster(&v[i]);

		if (ref == NULL || spec_check_ref(ref) < 0)
			continue;
		refs = xreallocarray(refs, k + 2, sizeof *refs);
		refs[k++] = xstrdup(ref);
	}
	err_clear();    /* spec_check_ref() said why a ref was left out; nobody asked */
	if (k == 0)
		return NULL;
	qsort(refs, k, sizeof *refs, discover_cmp);
	for (i = 1, out = 1; i < k; i++) {
		if (strcmp(refs[i], refs[out - 1]) == 0)
			free(refs[i]);
		else
			refs[out++] = refs[i];
	}
	refs[out] = NULL;
	*count = out;
	return refs;
}

const struct plan_seen **discover_cluster_resources(const struct plan_observed *obs, const char *ref, size_t *n)
{
	char *name = discover_cluster_name(ref);
	const struct plan_seen **v = plan_ours(obs, ref, name, n);

	free(name);
	return v;
}
