#include "autoconfig.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/reflist.h"
#include "core/xmalloc.h"

int reflist_valid_name(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > REFLIST_PART_MAX || !((s[0] >= 'a' && s[0] <= 'z') || (s[0] >= '0' && s[0] <= '9')))
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", s[i]) || s[i] == '\0' ||
		    (s[i] == '.' && i + 1 < len && s[i + 1] == '.'))
			return 0;
	return 1;
}

int reflist_valid_version(const char *s, size_t len)
{
	size_t i;

	if (len == 0 || len > REFLIST_PART_MAX || s[0] == '.')
		return 0;
	for (i = 0; i < len; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-", s[i]) ||
		    s[i] == '\0' || (s[i] == '.' && i + 1 < len && s[i + 1] == '.'))
			return 0;
	return 1;
}

int reflist_compare_natural(const char *a, const char *b)
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

static int reflist_compare_leaf_ptrs(const void *a, const void *b)
{
	return reflist_compare_natural(*(char *const *)a, *(char *const *)b);
}

/* "TOP/LEAF": tops byte by byte, then leaves as reflist_compare_natural(). */
static int reflist_compare_ref_ptrs(const void *a, const void *b)
{
	const char *ra = *(char *const *)a, *rb = *(char *const *)b;
	size_t la = strcspn(ra, "/"), lb = strcspn(rb, "/");
	int c = memcmp(ra, rb, la < lb ? la : lb);

	if (c != 0)
		return c;
	if (la != lb)
		return la < lb ? -1 : 1;
	return reflist_compare_natural(ra + la + 1, rb + lb + 1);
}

void reflist_free(char **refs, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(refs[i]);
	free(refs);
}

/* Append PREFIX + LEAF for each LEAF.conf in dir with leaf_ok(LEAF) to *list (a missing dir adds none). */
static int reflist_scan_dir(char ***list, size_t *count, const char *dir, const char *prefix,
			    int (*leaf_ok)(const char *, size_t), const char *what)
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
		if (len <= 5 || strcmp(e->d_name + len - 5, ".conf") != 0 || !leaf_ok(e->d_name, len - 5))
			continue;
		if (*count >= REFLIST_MAX) {
			rc = err_set(ERR_TOOBIG, "more than %d %s under %s", REFLIST_MAX, what, dir);
			goto out;
		}
		*list = xreallocarray(*list, *count + 1, sizeof **list);
		(*list)[(*count)++] = xasprintf("%s%.*s", prefix, (int)(len - 5), e->d_name);
	}
out:
	closedir(d);
	return rc;
}

int reflist_scan_leaves(char ***leaves, size_t *count, const char *dir,
			int (*leaf_ok)(const char *, size_t), const char *what)
{
	char **list = NULL;
	size_t n = 0;
	int rc;

	*leaves = NULL;
	*count = 0;
	if ((rc = reflist_scan_dir(&list, &n, dir, "", leaf_ok, what)) < 0) {
		reflist_free(list, n);
		return rc;
	}
	if (n > 1)
		qsort(list, n, sizeof *list, reflist_compare_leaf_ptrs);
	*leaves = list;
	*count = n;
	return 0;
}

int reflist_scan(char ***refs, size_t *count, const char *dir, int (*top_ok)(const char *, size_t),
		 int (*leaf_ok)(const char *, size_t), const char *what)
{
	char **list = NULL, *sub, *prefix;
	size_t n = 0;
	DIR *d = NULL;
	struct dirent *e;
	int rc = 0;

	*refs = NULL;
	*count = 0;
	if ((d = opendir(dir)) == NULL) {
		if (errno != ENOENT)
			rc = err_set(ERR_IO, "cannot list %s: %s", dir, strerror(errno));
		goto out;
	}
	while ((e = readdir(d)) != NULL) {
		if (!top_ok(e->d_name, strlen(e->d_name)))
			continue;
		sub = xasprintf("%s/%s", dir, e->d_name);
		prefix = xasprintf("%s/", e->d_name);
		rc = reflist_scan_dir(&list, &n, sub, prefix, leaf_ok, what);
		free(sub);
		free(prefix);
		if (rc < 0)
			goto out;
	}
	if (n > 1)
		qsort(list, n, sizeof *list, reflist_compare_ref_ptrs);
	*refs = list;
	*count = n;
	list = NULL;
	n = 0;
out:
	if (d)
		closedir(d);
	reflist_free(list, n);
	return rc;
}
