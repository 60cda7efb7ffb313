#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/reflist.h"
#include "core/xmalloc.h"

int recipe_check_ref(const char *ref)
{
	const char *slash = ref ? strchr(ref, '/') : NULL;

	if (slash == NULL || !reflist_valid_name(ref, (size_t)(slash - ref)) ||
	    !reflist_valid_version(slash + 1, strlen(slash + 1)))
		return err_set(ERR_INVALID, "bad recipe ref '%.140s': expected NAME/VERSION, NAME of a-z, 0-9, "
			       "'.', '_', '-' starting with a letter or digit, VERSION of letters, digits, "
			       "'.', '_', '-' not starting with '.', each at most %d bytes, no \"..\"",
			       ref ? ref : "", REFLIST_PART_MAX);
	return 0;
}

void recipe_free_refs(char **refs, size_t count)
{
	reflist_free(refs, count);
}

int recipe_list_versions(char ***versions, size_t *count, const char *images_dir, const char *name)
{
	char *dir;
	int rc;

	*versions = NULL;
	*count = 0;
	if (!reflist_valid_name(name, strlen(name)))
		return err_set(ERR_INVALID, "bad recipe name '%.70s': a-z, 0-9, '.', '_', '-' starting with "
			       "a letter or digit, at most %d bytes", name, REFLIST_PART_MAX);
	dir = xasprintf("%s/%s", images_dir, name);
	rc = reflist_scan_leaves(versions, count, dir, reflist_valid_version, "recipes");
	free(dir);
	return rc;
}

int recipe_list_refs(char ***refs, size_t *count, const char *images_dir)
{
	return reflist_scan(refs, count, images_dir, reflist_valid_name, reflist_valid_version, "recipes");
}

const char *recipe_pick_images_dir(const char *explicit_dir, const struct config *c)
{
	const char *env = getenv("SPARKDECK_IMAGES_DIR");

	if (explicit_dir && *explicit_dir)
		return explicit_dir;
	if (env && *env)
		return env;
	return c && c->images_dir && *c->images_dir ? c->images_dir : NULL;
}

