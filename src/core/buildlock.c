/* buildlock: one file per build running on this machine (see buildlock.h). */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/build.h"
#include "core/buildlock.h"
#include "core/error.h"
#include "core/xmalloc.h"

/* The directory of the lock files (new string). */
static char *buildlock_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/sparkdeck/builds", xdg);
	return xasprintf("%s/.local/state/sparkdeck/builds", home && *home ? home : "/tmp");
}

/* mkdir -p with mode 0700 for what it creates. */
static int buildlock_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

static char *buildlock_path(const char *build_id)
{
	char *dir = buildlock_dir(), *path = xasprintf("%s/%s", dir, build_id);

	free(dir);
	return path;
}

/* The command name and state of process pid from /proc (name into out, "" when gone); the state or 0. */
static char buildlock_proc(long pid, char *out, size_t sz)
{
	char *path = pid > 0 ? xasprintf("/proc/%ld/stat", pid) : xstrdup("/proc/self/stat");
	char line[512] = "", *open_p, *close_p, state = 0;
	FILE *fp = fopen(path, "r");

	out[0] = '\0';
	if (fp && fgets(line, sizeof line, fp) && (open_p = strchr(line, '(')) && (close_p = strrchr(line, ')')) &&
	    close_p > open_p) {
		snprintf(out, sz, "%.*s", (int)(close_p - open_p - 1), open_p + 1);
		if (sscanf(close_p + 1, " %c", &state) != 1)
			state = 0;
	}
	if (fp)
		fclose(fp);
	free(path);
	return state;
}

int buildlock_create(const char *build_id)
{
	char *dir, *path;
	FILE *fp;
	int rc = 0;

	if (!build_id_valid(build_id))
		return err_set(ERR_INVALID, "bad build id");
	dir = buildlock_dir();
	path = buildlock_path(build_id);
	if (buildlock_mkdirs(dir) < 0 || (fp = fopen(path, "w")) == NULL)
		rc = err_set(ERR_IO, "cannot write %s: %s", path, strerror(errno));
	else {
		char comm[64];

		buildlock_proc(0, comm, sizeof comm);
		fprintf(fp, "%ld %s\n", (long)getpid(), comm[0] ? comm : "?");
		if (fclose(fp) != 0)
			rc = err_set(ERR_IO, "cannot write %s: %s", path, strerror(errno));
	}
	free(dir);
	free(path);
	return rc;
}

void buildlock_remove(const char *build_id)
{
	char *path;

	if (!build_id_valid(build_id))
		return;
	path = buildlock_path(build_id);
	unlink(path);
	free(path);
}

enum buildlock_state buildlock_state(const char *build_id)
{
	char *path, want[64] = "", have[64];
	enum buildlock_state st = BUILDLOCK_NONE;
	long pid = 0;
	char state;
	FILE *fp;

	if (!build_id_valid(build_id))
		return BUILDLOCK_NONE;
	path = buildlock_path(build_id);
	if ((fp = fopen(path, "r")) != NULL) {
		st = BUILDLOCK_DEAD;
		/* The pid must still run the program that wrote the file (pids are reused), and not as a zombie. */
		if (fscanf(fp, "%ld %63s", &pid, want) == 2 && pid > 0) {
			state = buildlock_proc(pid, have, sizeof have);
			if (state && state != 'Z' && strcmp(have, want) == 0)
				st = BUILDLOCK_RUNNING;
		}
		fclose(fp);
	}
	free(path);
	return st;
}
