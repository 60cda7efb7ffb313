#include "autoconfig.h"

#include <errno.h>
#include <limits.h>
#include <pwd.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libconfig.h>

#include "core/config.h"
#include "core/error.h"
#include "core/xmalloc.h"

#define CONFIG_MAX_BYTES (1024 * 1024)
#define CONFIG_OFF(f) offsetof(struct config, f)

enum config_kind { CK_STRING, CK_INT, CK_BOOL, CK_ENUM, CK_PATH, CK_USER, CK_HOSTPORT };

static const struct config_key {
	const char *name;
	enum config_kind kind;
	size_t off;
	long long min, max;
} config_keys[] = {
	{ "cloud", CK_STRING, CONFIG_OFF(cloud), 0, 0 },
	{ "refresh_seconds", CK_INT, CONFIG_OFF(refresh_seconds), 0, 3600 },
	{ "max_requests", CK_INT, CONFIG_OFF(max_requests), 1, 64 },
	{ "request_timeout", CK_INT, CONFIG_OFF(request_timeout), 1, 3600 },
	{ "color", CK_BOOL, CONFIG_OFF(color), 0, 0 },
	{ "ssh_user", CK_USER, CONFIG_OFF(ssh_user), 0, 0 },
	{ "ssh_key", CK_PATH, CONFIG_OFF(ssh_key), 0, 0 },
	{ "known_hosts", CK_ENUM, CONFIG_OFF(known_hosts), 0, 0 },
	{ "jump_host", CK_HOSTPORT, CONFIG_OFF(jump_host), 0, 0 },
	{ "images_dir", CK_PATH, CONFIG_OFF(images_dir), 0, 0 },
	{ "clusters_dir", CK_PATH, CONFIG_OFF(clusters_dir), 0, 0 },
};

static const char *const config_known_hosts[] = { "ask", "accept-new", "yes" };

static const char *config_home(void)
{
	const char *home = getenv("HOME");
	struct passwd *pw;

	if ((home == NULL || *home == '\0') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	return home && *home ? home : "/";
}

/* $XDG_CONFIG_HOME/sparkdeck (only an absolute XDG_CONFIG_HOME counts), else ~/.config/sparkdeck. */
static char *config_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/sparkdeck", xdg);
	return xasprintf("%s/.config/sparkdeck", config_home());
}

void config_defaults(struct config *c)
{
	char *dir = config_dir();

	memset(c, 0, sizeof *c);
	c->refresh_seconds = 30;
	c->max_requests = 10;
	c->request_timeout = 30;
	c->color = 1;
	c->known_hosts = xstrdup("ask");
	c->images_dir = xasprintf("%s/images", dir);
	c->clusters_dir = xasprintf("%s/clusters", dir);
	free(dir);
}

void config_dispose(struct config *c)
{
	free(c->path);
	free(c->cloud);
	free(c->ssh_user);
	free(c->ssh_key);
	free(c->known_hosts);
	free(c->jump_host);
	free(c->images_dir);
	free(c->clusters_dir);
	memset(c, 0, sizeof *c);
}

/* A deep copy of src. */
static void config_copy(struct config *dst, const struct config *src)
{
	*dst = *src;
	dst->path = xstrdup(src->path);
	dst->cloud = xstrdup(src->cloud);
	dst->ssh_user = xstrdup(src->ssh_user);
	dst->ssh_key = xstrdup(src->ssh_key);
	dst->known_hosts = xstrdup(src->known_hosts);
	dst->jump_host = xstrdup(src->jump_host);
	dst->images_dir = xstrdup(src->images_dir);
	dst->clusters_dir = xstrdup(src->clusters_dir);
}

/* "~/x" under $HOME; a relative path under the directory of the file read. */
static char *config_expand(const char *value, const char *file)
{
	const char *slash;

	if (strcmp(value, "~") == 0)
		return xstrdup(config_home());
	if (strncmp(value, "~/", 2) == 0)
		return xasprintf("%s%s", config_home(), value + 1);
	if (value[0] == '/' || (slash = strrchr(file, '/')) == NULL)
		return xstrdup(value);
	return xasprintf("%.*s/%s", (int)(slash - file), file, value);
}

static int config_valid_user(const char *s)
{
	if (*s == '\0' || *s == '-' || strlen(s) > 64)
		return 0;
	return strspn(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-") == strlen(s);
}

/* [user@]host[:port], host a name, an IPv4 address or a bracketed IPv6 address. */
static int config_valid_hostport(const char *s)
{
	static const char name_chars[] =
		"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_";
	const char *at = strchr(s, '@'), *host = at ? at + 1 : s, *end, *colon;
	char user[128];
	long port;
	char *stop;

	if (at) {
		if ((size_t)(at - s) >= sizeof user)
			return 0;
		memcpy(user, s, (size_t)(at - s));
		user[at - s] = '\0';
		if (!config_valid_user(user))
			return 0;
	}
	if (*host == '[') {
		end = strchr(host, ']');
		if (end == NULL || end == host + 1 ||
		    strspn(host + 1, "0123456789abcdefABCDEF:.") != (size_t)(end - host - 1))
			return 0;
		colon = end[1] == ':' ? end + 1 : NULL;
		if (end[1] != '\0' && colon == NULL)
			return 0;
	} else {
		end = host + strspn(host, name_chars);
		if (end == host || *host == '-' || (*end != '\0' && *end != ':'))
			return 0;
		colon = *end == ':' ? end : NULL;
	}
	if (colon == NULL)
		return 1;
	errno = 0;
	port = strtol(colon + 1, &stop, 10);
	return colon[1] >= '0' && colon[1] <= '9' && *stop == '\0' && errno == 0 &&
	       port >= 1 && port <= 65535;
}

static int config_has_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x20 || *s == 0x7f)
			return 1;
	return 0;
}

#define CONFIG_FAIL(...) err_set(ERR_CONFIG, __VA_ARGS__)

/* Check one setting against its key and store it into c. */
static int config_apply(struct config *c, const config_setting_t *s, const struct config_key *k,
			const char *file, int line)
{
	char **str = (char **)(void *)((char *)c + k->off);
	int *num = (int *)(void *)((char *)c + k->off);
	int type = config_setting_type(s);
	const char *v;
	long long n;
	size_t i;

	switch (k->kind) {
	case CK_INT:
		if (type != CONFIG_TYPE_INT && type != CONFIG_TYPE_INT64)
			return CONFIG_FAIL("%s:%d: %s must be a whole number from %lld to %lld",
					   file, line, k->name, k->min, k->max);
		n = config_setting_get_int64(s);
		if (n < k->min || n > k->max)
			return CONFIG_FAIL("%s:%d: %s is %lld; allowed: %lld to %lld",
					   file, line, k->name, n, k->min, k->max);
		*num = (int)n;
		return 0;
	case CK_BOOL:
		if (type != CONFIG_TYPE_BOOL)
			return CONFIG_FAIL("%s:%d: %s must be true or false", file, line, k->name);
		*num = config_setting_get_bool(s);
		return 0;
	default:
		break;
	}
	if (type != CONFIG_TYPE_STRING)
		return CONFIG_FAIL("%s:%d: %s must be a string in double quotes", file, line, k->name);
	v = config_setting_get_string(s);
	if (*v == '\0')
		return CONFIG_FAIL("%s:%d: %s must not be empty (remove the line for the default)",
				   file, line, k->name);
	if (config_has_control(v))
		return CONFIG_FAIL("%s:%d: %s must not contain control characters", file, line, k->name);
	switch (k->kind) {
	case CK_ENUM:
		for (i = 0; i < sizeof config_known_hosts / sizeof config_known_hosts[0]; i++)
			if (strcmp(v, config_known_hosts[i]) == 0)
				break;
		if (i == sizeof config_known_hosts / sizeof config_known_hosts[0])
			return CONFIG_FAIL("%s:%d: %s must be \"ask\", \"accept-new\" or \"yes\"",
					   file, line, k->name);
		break;
	case CK_USER:
		if (!config_valid_user(v))
			return CONFIG_FAIL("%s:%d: %s must be a user name (letters, digits, '.', '_', '-')",
					   file, line, k->name);
		break;
	case CK_HOSTPORT:
		if (!config_valid_hostport(v))
			return CONFIG_FAIL("%s:%d: %s must look like host, user@host or user@host:port",
					   file, line, k->name);
		break;
	default:
		break;
	}
	free(*str);
	*str = k->kind == CK_PATH ? config_expand(v, file) : xstrdup(v);
	return 0;
}

/* Validate every top-level setting of cfg into c. */
static int config_apply_all(struct config *c, const config_t *cfg, const char *path)
{
	const config_setting_t *root = config_root_setting(cfg), *s;
	const char *name, *file;
	int i, n = config_setting_length(root), line, rc;
	size_t k;

	for (i = 0; i < n; i++) {
		s = config_setting_get_elem(root, (unsigned)i);
		name = config_setting_name(s);
		file = config_setting_source_file(s) ? config_setting_source_file(s) : path;
		line = config_setting_source_line(s);
		for (k = 0; k < sizeof config_keys / sizeof config_keys[0]; k++)
			if (strcmp(name, config_keys[k].name) == 0)
				break;
		if (k == sizeof config_keys / sizeof config_keys[0])
			return CONFIG_FAIL("%s:%d: unknown setting '%.64s'; known: cloud, refresh_seconds, "
					   "max_requests, request_timeout, color, ssh_user, ssh_key, "
					   "known_hosts, jump_host, images_dir, clusters_dir",
					   file, line, name);
		if ((rc = config_apply(c, s, &config_keys[k], file, line)) < 0)
			return rc;
	}
	return 0;
}

int config_load(struct config *c, const char *path)
{
	const char *env = getenv("SPARKDECK_CONFIG");
	struct config next;
	struct stat st;
	config_t cfg;
	char *file, *dir, *slash;
	int explicit = 1, rc = 0, have_cfg = 0;

	memset(&next, 0, sizeof next);
	if (path && *path)
		file = xstrdup(path);
	else if (env && *env)
		file = xstrdup(env);
	else {
		dir = config_dir();
		file = xasprintf("%s/sparkdeck.conf", dir);
		free(dir);
		explicit = 0;
	}
	if (stat(file, &st) != 0) {
		if (errno == ENOENT && !explicit)
			goto out;
		rc = err_set(ERR_IO, "cannot read %s: %s", file, strerror(errno));
		goto out;
	}
	if (!S_ISREG(st.st_mode) || st.st_size > CONFIG_MAX_BYTES) {
		rc = err_set(ERR_IO, "cannot read %s: not a regular file of at most %d bytes",
			     file, CONFIG_MAX_BYTES);
		goto out;
	}
	config_init(&cfg);
	have_cfg = 1;
	dir = xstrdup(file);
	if ((slash = strrchr(dir, '/')) != NULL) {
		*slash = '\0';
		config_set_include_dir(&cfg, *dir ? dir : "/");
	}
	free(dir);
	if (!config_read_file(&cfg, file)) {
		if (config_error_type(&cfg) == CONFIG_ERR_FILE_IO)
			rc = err_set(ERR_IO, "cannot read %s: %s", config_error_file(&cfg) ?
				     config_error_file(&cfg) : file, strerror(errno));
		else
			rc = err_set(ERR_PARSE, "%s:%d: %s", config_error_file(&cfg) ?
				     config_error_file(&cfg) : file, config_error_line(&cfg),
				     config_error_text(&cfg));
		goto out;
	}
	config_copy(&next, c);
	if ((rc = config_apply_all(&next, &cfg, file)) < 0)
		goto out;
	free(next.path);
	next.path = file;
	file = NULL;
	config_dispose(c);
	*c = next;
	memset(&next, 0, sizeof next);
out:
	config_dispose(&next);
	if (have_cfg)
		config_destroy(&cfg);
	free(file);
	return rc;
}
