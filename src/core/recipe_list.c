#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/xmalloc.h"

#define RECIPE_PART_MAX 64       /* bytes in NAME and in VERSION */
#define RECIPE_LIST_MAX 10000    /* recipes listed at most */

static int recipe_valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > RECIPE_PART_MAX || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", s[i]) || s[i] == '\0' ||
		    (s[i] == '.' && i + 1 < len && s[i + 1] == '.'))
			return 0;
	return 1;
}

static int recipe_valid_version(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > RECIPE_PART_MAX || s[0] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[i]) ||
		    s[i] == '\0' || (s[i] == '.' && i + 1 < len && s[i + 1] == '.'))
			return 0;
	return 1;
}

int recipe_check_ref(const char *ref)
{
	const char *slash = ref ? strchr(ref, '/') : NULL;

	if (slash == NULL || !recipe_valid_name(ref, (size_t)(slash - ref)) ||
	    !recipe_valid_version(slash + 1, strlen(slash + 1)))
		return err_set(ERR_INVALID, "bad recipe ref '%.140s': expected NAME/VERSION, NAME of a-z, 0-9, "
			       "'.', '_', '-' starting with a letter or digit, VERSION of letters, digits, "
			       "'.', '_', '-' not starting with '.', each at most %d bytes, no \"..\"",
			       ref ? ref : "", RECIPE_PART_MAX);
	return 0;
}

/* Order versions as people do: digit runs by value (1.9 < 1.10), the rest byte by byte. */
static int recipe_compare_versions(const char *a, const char *b)
{
	const char *pa = a, *pb = b, *ea, *eb;
	size_t la, lb;
	int c;

	while (*pa && *pb) {
		if (*pa >= '0' && *pa <= '9' && *pb >= '0' && *pb <= '9') {
			while (*pa == '0' && pa[1] >= '0' && pa[1] <= '9')
				pa++;
			while (*pb == '0' && pb[1] >= '0' && pb[1] <= '9')
				pb++;
			ea = pa + strspn(pa, "0123456789");
			eb = pb + strspn(pb, "0123456789");
			la = (size_t)(ea - pa);
			lb = (size_t)(eb - pb);
			if (la != lb)
				return la < lb ? -1 : 1;
			if ((c = memcmp(pa, pb, la)) != 0)
				return c;
			pa = ea;
			pb = eb;
			continue;
		}
		if (*pa != *pb)
			return (unsigned char)*pa < (unsigned char)*pb ? -1 : 1;
		pa++;
		pb++;
	}
	if (*pa || *pb)
		return *pa ? 1 : -1;
	return strcmp(a, b);
}

static int recipe_compare_version_ptrs(const void *a, const void *b)
{
	return recipe_compare_versions(*(char *const *)a, *(char *const *)b);
}

/* "NAME/VERSION": names byte by byte, then versions as recipe_compare_versions(). */
static int recipe_compare_refs(const void *a, const void *b)
{
	const char *ra = *(char *const *)a, *rb = *(char *const *)b;
	size_t la = strcspn(ra, "/"), lb = strcspn(rb, "/");
	int c = memcmp(ra, rb, la < lb ? la : lb);

	if (c != 0)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return recipe_compare_versions(ra + la + 1, rb + lb + 1);
}

void recipe_free_refs(char **refs, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(refs[i]);
	free(refs);
}

/* Append "PREFIX" + VERSION for each valid VERSION.conf in dir to *list (a missing dir adds none). */
static int recipe_scan_versions(char ***list, size_t *count, const char *dir, const char *prefix)
{
	DIR *d;
	struct dirent *e;
	size_t len;
	int rc = 0;

	if ((d = opendir(dir)) == NULL) {
		if (errno == ENOENT || errno == ENOTDIR)
			return 0;
		return err_set(ERR_IO, "cannot list %s: %s", dir, strerror(errno));
	}
	while ((e = readdir(d)) != NULL) {
		len = strlen(e->d_name);
		if (len <= 5 || strcmp(e->d_name + len - 5, ".conf") != 0 ||
		    !recipe_valid_version(e->d_name, len - 5))
			continue;
		if (*count >= RECIPE_LIST_MAX) {
			rc = err_set(ERR_TOOBIG, "more than %d recipes under %s", RECIPE_LIST_MAX, dir);
			goto out;
		}
		*list = xreallocarray(*list, *count + 1, sizeof **list);
		(*list)[(*count)++] = xasprintf("%s%.*s", prefix, (int)(len - 5), e->d_name);
	}
out:
	closedir(d);
	return rc;
}

int recipe_list_versions(char ***versions, size_t *count, const char *images_dir, const char *name)
{
	char *dir = NULL;
	int rc;

	*versions = NULL;
	*count = 0;
	if (!recipe_valid_name(name, strlen(name))) {
		rc = err_set(ERR_INVALID, "bad recipe name '%.70s': a-z, 0-9, '.', '_', '-' starting with "
			     "a letter or digit, at most %d bytes", name, RECIPE_PART_MAX);
		goto out;
	}
	dir = xasprintf("%s/%s", images_dir, name);
	rc = recipe_scan_versions(versions, count, dir, "");
	if (rc < 0) {
		recipe_free_refs(*versions, *count);
		*versions = NULL;
		*count = 0;
	} else if (*count > 1) {
		qsort(*versions, *count, sizeof **versions, recipe_compare_version_ptrs);
	}
out:
	free(dir);
	return rc;
}

int recipe_list_refs(char ***refs, size_t *count, const char *images_dir)
{
	char **list = NULL, *sub, *prefix;
	size_t n = 0;
	DIR *d = NULL;
	struct dirent *e;
	int rc = 0;

	*refs = NULL;
	*count = 0;
	if ((d = opendir(images_dir)) == NULL) {
		if (errno != ENOENT)
			rc = err_set(ERR_IO, "cannot list %s: %s", images_dir, strerror(errno));
		goto out;
	}
	while ((e = readdir(d)) != NULL) {
		if (!recipe_valid_name(e->d_name, strlen(e->d_name)))
			continue;
		sub = xasprintf("%s/%s", images_dir, e->d_name);
		prefix = xasprintf("%s/", e->d_name);
		rc = recipe_scan_versions(&list, &n, sub, prefix);
		free(sub);
		free(prefix);
		if (rc < 0)
			goto out;
	}
	if (n > 1)
		qsort(list, n, sizeof *list, recipe_compare_refs);
	*refs = list;
	*count = n;
	list = NULL;
	n = 0;
out:
	if (d)
		closedir(d);
	recipe_free_refs(list, n);
	return rc;
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

