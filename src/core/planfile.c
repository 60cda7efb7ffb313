/* planfile: saved cluster plans as files -- where they live by default, written atomically, read with a cap. */
#include "autoconfig.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/error.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/xmalloc.h"

/* The directory of the default plan files (new). */
static char *planfile_dir(void)
{
	const char *xdg = getenv("XDG_STATE_HOME"), *home = getenv("HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/sparkdeck/plans", xdg);
	return xasprintf("%s/.local/state/sparkdeck/plans", home && *home ? home : "/tmp");
}

/* mkdir -p dir, mode 0700 for what it creates; 0 or -1 (errno set). */
static int planfile_mkdirs(const char *dir)
{
	char *p = xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; *s && rc == 0; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0700) < 0 && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (rc == 0 && mkdir(p, 0700) < 0 && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

char *planfile_default_path(const char *cluster)
{
	char *dir = planfile_dir(), *name = xstrdup(cluster ? cluster : ""), *path, *s;

	for (s = name; *s; s++)
		if (*s == '/')
			*s = '-';
	path = xasprintf("%s/%s.json", dir, name);
	free(dir);
	free(name);
	return path;
}

int planfile_write(const char *path, const struct plan *p)
{
	char *dir = planfile_dir(), *tmp = xasprintf("%s.XXXXXX", path), *text = plan_to_json(p);
	size_t len = strlen(text), dlen = strlen(dir);
	int fd = -1, rc = 0, saved;
	FILE *fp = NULL;

	if (strncmp(path, dir, dlen) == 0 && path[dlen] == '/' && planfile_mkdirs(dir) < 0) {
		rc = err_set(ERR_IO, "cannot make the directory %s: %s", dir, strerror(errno));
		goto out;
	}
	/* mkstemp() creates the file with mode 0600. */
	if ((fd = mkstemp(tmp)) < 0 || (fp = fdopen(fd, "w")) == NULL) {
		rc = err_set(ERR_IO, "cannot write the plan to %s: %s", path, strerror(errno));
		goto out;
	}
	fd = -1;
	if (fwrite(text, 1, len, fp) != len || fputc('\n', fp) == EOF || fflush(fp) != 0 || fsync(fileno(fp)) != 0) {
		saved = errno;
		fclose(fp);
		fp = NULL;
		rc = err_set(ERR_IO, "cannot write the plan to %s: %s", path, strerror(saved));
		goto out;
	}
	saved = fclose(fp);
	fp = NULL;
	if (saved != 0 || rename(tmp, path) < 0) {
		rc = err_set(ERR_IO, "cannot write the plan to %s: %s", path, strerror(errno));
		goto out;
	}
out:
	if (fd >= 0)
		close(fd);
	if (rc < 0)
		unlink(tmp);
	free(text);
	free(tmp);
	free(dir);
	return rc;
}

int planfile_read(struct plan *out, const char *path)
{
	FILE *fp;
	char *text = NULL;
	size_t len = 0, cap = 0, got;
	int rc = 0;

	memset(out, 0, sizeof *out);
	if ((fp = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return err_set(ERR_NOTFOUND, "no saved plan at %s", path);
		return err_set(ERR_IO, "cannot read the saved plan %s: %s", path, strerror(errno));
	}
	for (;;) {
		if (cap - len < 65536) {
			cap = cap ? cap * 2 : 65536;
			text = xreallocarray(text, cap + 1, 1);
		}
		got = fread(text + len, 1, cap - len, fp);
		len += got;
		if (len > PLANFILE_MAX) {
			rc = err_set(ERR_TOOBIG, "the saved plan %s is larger than %d MB: not a plan sparkdeck wrote", path,
				     PLANFILE_MAX / (1024 * 1024));
			goto out;
		}
		if (got == 0)
			break;
	}
	if (ferror(fp)) {
		rc = err_set(ERR_IO, "cannot read the saved plan %s: %s", path, strerror(errno));
		goto out;
	}
	text[len] = '\0';
	if ((rc = plan_from_json(out, text, len)) < 0)
		rc = err_wrap(rc, "the saved plan %s", path);
out:
	fclose(fp);
	free(text);
	return rc;
}

int planfile_remove(const char *path)
{
	if (unlink(path) < 0 && errno != ENOENT)
		return err_set(ERR_IO, "cannot delete the saved plan %s: %s", path, strerror(errno));
	return 0;
}
