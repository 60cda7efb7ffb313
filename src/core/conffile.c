#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libconfig.h>

#include "core/conffile.h"
#include "core/error.h"
#include "core/xmalloc.h"

int conffile_read_file(config_t *cfg, const char *file)
{
	struct stat st;
	char *dir, *slash;
	int rc = 0;

	config_init(cfg);
	if (stat(file, &st) != 0) {
		rc = err_set(ERR_IO, "cannot read %s: %s", file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CONFFILE_MAX_BYTES) {
		rc = err_set(ERR_IO, "cannot read %s: not a regular file of at most %d bytes",
			     file, CONFFILE_MAX_BYTES);
		goto out;
	}
	dir = xstrdup(file);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		config_set_include_dir(cfg, *dir ? dir : "/");
	}
	free(dir);
	if (!config_read_file(cfg, file)) {
		if (config_error_type(cfg) == CONFIG_ERR_FILE_IO)
			rc = err_set(ERR_IO, "cannot read %s: %s", config_error_file(cfg) ?
				     config_error_file(cfg) : file, strerror(errno));
		else
			rc = err_set(ERR_PARSE, "%s:%d: %s", config_error_file(cfg) ?
				     config_error_file(cfg) : file, config_error_line(cfg),
				     config_error_text(cfg));
		goto out;
	}
out:
	if (rc < 0)
		config_destroy(cfg);
	return rc;
}

int conffile_load(const char *path, conffile_apply_fn apply, void *obj)
{
	const config_setting_t *root, *s;
	const char *file;
	config_t cfg;
	int i, n, line, rc;

	if ((rc = conffile_read_file(&cfg, path)) < 0)
		return rc;
	root = config_root_setting(&cfg);
	n = config_setting_length(root);
	for (i = 0; i < n && rc == 0; i++) {
		s = config_setting_get_elem(root, (unsigned)i);
		conffile_locate_setting(s, path, &file, &line);
		rc = apply(obj, s, file, line);
	}
	config_destroy(&cfg);
	return rc;
}

void conffile_locate_setting(const config_setting_t *s, const char *fallback, const char **file, int *line)
{
	*file = config_setting_source_file(s) ? config_setting_source_file(s) : fallback;
	*line = config_setting_source_line(s);
}

int conffile_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

int conffile_is_user_name(const char *s)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 64)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(s);
}

int conffile_get_string(const config_setting_t *s, const char *file, int line, const char *what,
			size_t max, const char **out)
{
	const char *v;

	if (config_setting_type(s) != CONFIG_TYPE_STRING)
		return err_set(ERR_CONFIG, "%s:%d: %s must be a string in double quotes", file, line, what);
	v = config_setting_get_string(s);
	if (*v == '\0')
		return err_set(ERR_CONFIG, "%s:%d: %s must not be empty (remove the line for the default)",
			       file, line, what);
	if (conffile_has_control(v))
		return err_set(ERR_CONFIG, "%s:%d: %s must not contain control characters", file, line, what);
	if (max > 0 && strlen(v) > max)
		return err_set(ERR_CONFIG, "%s:%d: %s is %zu bytes long; allowed: at most %zu",
			       file, line, what, strlen(v), max);
	*out = v;
	return 0;
}

int conffile_get_int(const config_setting_t *s, const char *file, int line, const char *what,
		     long long min, long long max, int *out)
{
	int type = config_setting_type(s);
	long long n;

	if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
		return err_set(ERR_CONFIG, "%s:%d: %s must be a whole number from %lld to %lld",
			       file, line, what, min, max);
	n = config_setting_get_int64(s);
	if (n < min || n > max)
		return err_set(ERR_CONFIG, "%s:%d: %s is %lld; allowed: %lld to %lld",
			       file, line, what, n, min, max);
	*out = (int)n;
	return 0;
}

int conffile_get_bool(const config_setting_t *s, const char *file, int line, const char *what, int *out)
{
	if (config_setting_type(s) != CONFIG_TYPE_BOOL)
		return err_set(ERR_CONFIG, "%s:%d: %s must be true or false", file, line, what);
	*out = config_setting_get_bool(s);
	return 0;
}

const char *conffile_home_dir(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if ((home == NULL || *home == '\0') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return home && *home ? home : "/";
}

char *conffile_expand_path(const char *value, const char *file)
{
	const char *slash;

	if (strcmp(value, "~") == 0)
		return xstrdup(conffile_home_dir());
	if (strncmp(value, "~/", 2) == 0)
		return xasprintf("%s%s", conffile_home_dir(), value + 1);
	if (value[0] == '/' || (slash = strrchr(file, '/')) == NULL)
		return xstrdup(value);
	return xasprintf("%.*s/%s", (int)(slash - file), file, value);
}

int conffile_read_text(char **out, const char *path, size_t max, const char *file, int line,
		       const char *what, const char *why)
{
	struct stat st;
	char *text = NULL;
	ssize_t got;
	size_t have = 0;
	int fd = -1, rc = 0;

	*out = NULL;
	if ((fd = open(path, O_RDONLY | O_NOCTTY)) < 0 || fstat(fd, &st) != 0) {
		rc = err_set(errno == ENOENT ? ERR_CONFIG : ERR_IO,
			     "%s:%d: %s file %s cannot be read: %s; give a path relative to this "
			     "file's directory, one starting with ~/, or an absolute one",
			     file, line, what, path, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		rc = err_set(ERR_CONFIG, "%s:%d: %s file %s is not a regular file", file, line, what, path);
		goto out;
	}
	if ((unsigned long long)st.st_size > max) {
		rc = err_set(ERR_TOOBIG, "%s:%d: %s file %s is %lld bytes; allowed: at most %zu%s%s%s",
			     file, line, what, path, (long long)st.st_size, max,
			     why ? " (" : "", why ? why : "", why ? ")" : "");
		goto out;
	}
	text = xmalloc(max + 2);
	while (have <= max && (got = read(fd, text + have, max + 1 - have)) != 0) {
		if (got < 0) {
			if (errno == EINTR)
				continue;
			rc = err_set(ERR_IO, "%s:%d: cannot read %s file %s: %s",
				     file, line, what, path, strerror(errno));
			goto out;
		}
		have += (size_t)got;
	}
	if (have > max) {
		rc = err_set(ERR_TOOBIG, "%s:%d: %s file %s grew over %zu bytes while read",
			     file, line, what, path, max);
		goto out;
	}
	text[have] = '\0';
	if (memchr(text, '\0', have) != NULL || have == 0) {
		rc = err_set(ERR_CONFIG, "%s:%d: %s file %s must be non-empty text without NUL bytes",
			     file, line, what, path);
		goto out;
	}
	*out = text;
	text = NULL;
out:
	if (fd >= 0)
		close(fd);
	free(text);
	return rc;
}
