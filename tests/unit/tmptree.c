#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xmalloc.h"
#include "tmptree.h"

static void tmptree_die(const char *what, const char *path)
{
	fprintf(stderr, "tmptree: %s %s: %s\n", what, path, strerror(errno));
	abort();
}

char *tmptree_new(void)
{
	const char *tmp = getenv("TMPDIR");
	char *dir = xasprintf("%s/sparkdeck-test-XXXXXX", tmp && *tmp ? tmp : "/tmp");

	if (mkdtemp(dir) == NULL)
		tmptree_die("mkdtemp", dir);
	return dir;
}

char *tmptree_mkdir(const char *root, const char *rel)
{
	char *path = xasprintf("%s/%s", root, rel), *p;

	for (p = path + strlen(root) + 1; (p = strchr(p, '/')) != NULL; p++) {
		*p = '\0';
		if (mkdir(path, 0700) < 0 && errno != EEXIST)
			tmptree_die("mkdir", path);
		*p = '/';
	}
	if (mkdir(path, 0700) < 0 && errno != EEXIST)
		tmptree_die("mkdir", path);
	return path;
}

char *tmptree_write(const char *root, const char *rel, const char *text, mode_t mode)
{
	char *path = xasprintf("%s/%s", root, rel), *slash = strrchr(path, '/');
	size_t len = strlen(text);
	int fd;

	if (slash > path + strlen(root)) {
		*slash = '\0';
		free(tmptree_mkdir(root, path + strlen(root) + 1));
		*slash = '/';
	}
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, len) != (ssize_t)len || fchmod(fd, mode) < 0 || close(fd) < 0)
		tmptree_die("write", path);
	return path;
}

static int tmptree_unlink(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

void tmptree_remove(const char *root)
{
	nftw(root, tmptree_unlink, 16, FTW_DEPTH | FTW_PHYS);
}

char *tmptree_data(const char *rel)
{
	const char *top = getenv("top_srcdir");

	return xasprintf("%s/tests/unit/data/%s", top && *top ? top : ".", rel);
}
