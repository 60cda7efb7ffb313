/* spec_clash: two specs whose clusters would share resource names (spark-x/ld14 and spark/x-ld14). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/plan.h"
#include "core/spec.h"
#include "core/xmalloc.h"

/* The keypair name of ref: the name every other resource name of the cluster derives from, '.' as '_' (new). */
static char *clash_key(const char *ref)
{
	const char *slash = strchr(ref, '/');
	char *cluster_name, *key;

	if (slash == NULL)
		return xstrdup(ref);
	cluster_name = xasprintf("%.*s-%s", (int)(slash - ref), ref, slash + 1);
	key = plan_keypair_name(cluster_name);
	free(cluster_name);
	return key;
}

int spec_check_unique(const char *clusters_dir, const char *ref)
{
	char **refs = NULL, *mine, *theirs;
	size_t n = 0, i;
	int rc;

	if ((rc = spec_check_ref(ref)) < 0)
		return rc;
	if (clusters_dir == NULL || (rc = spec_list_refs(&refs, &n, clusters_dir)) < 0)
		return rc < 0 ? rc : 0;
	mine = clash_key(ref);
	for (i = 0; i < n && rc == 0; i++) {
		if (strcmp(refs[i], ref) == 0)
			continue;
		theirs = clash_key(refs[i]);
		if (strcmp(mine, theirs) == 0)
			rc = err_set(ERR_CONFIG, "%s/%s.conf and %s/%s.conf claim the same cluster name (their resources "
				     "would both be named %s): rename one of them", clusters_dir, ref, clusters_dir,
				     refs[i], mine + strlen(PLAN_NAME_PREFIX));
		free(theirs);
	}
	free(mine);
	spec_free_refs(refs, n);
	return rc;
}
