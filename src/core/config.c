#include "autoconfig.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "core/conffile.h"
#include "core/config.h"
#include "core/error.h"
#include "core/xmalloc.h"

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

/* $XDG_CONFIG_HOME/sparkdeck (only an absolute XDG_CONFIG_HOME counts), else ~/.config/sparkdeck. */
static char *config_dir(void)
{
	const char *xdg = getenv("XDG_CONFIG_HOME");

	if (xdg && xdg[0] == '/')
		return xasprintf("%s/sparkdeck", xdg);
	return xasprintf("%s/.config/sparkdeck", conffile_home_dir());
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
		if (!conffile_is_user_name(user))
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

#define CONFIG_FAIL(...) err_set(ERR_CONFIG, __VA_ARGS__)

/* Check one setting against its key and store it into c. */
static int config_apply(struct config *c, const config_setting_t *s, const struct config_key *k,
			const char *file, int line)
{
	char **str = (char **)(void *)((char *)c + k->off);
	int *num = (int *)(void *)((char *)c + k->off);
	const char *v;
	size_t i;
	int rc;

	switch (k->kind) {
	case CK_INT:
		return conffile_get_int(s, file, line, k->name, k->min, k->max, num);
	case CK_BOOL:
		return conffile_get_bool(s, file, line, k->name, num);
	default:
		break;
	}
	if ((rc = conffile_get_string(s, file, line, k->name, 0, &v)) < 0)
		return rc;
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
		if (!conffile_is_user_name(v))
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
	*str = k->kind == CK_PATH ? conffile_expand_path(v, file) : xstrdup(v);
	return 0;
}

/* Validate one top-level setting into the struct config obj. */
static int config_apply_top(void *obj, const config_setting_t *s, const char *file, int line)
{
	const char *name = config_setting_name(s);
	size_t k;

	for (k = 0; k < sizeof config_keys / sizeof config_keys[0]; k++)
		if (strcmp(name, config_keys[k].name) == 0)
			return config_apply(obj, s, &config_keys[k], file, line);
	return CONFIG_FAIL("%s:%d: unknown setting '%.64s'; known: cloud, refresh_seconds, "
			   "max_requests, request_timeout, color, ssh_user, ssh_key, "
			   "known_hosts, jump_host, images_dir, clusters_dir",
			   file, line, name);
}

int config_load(struct config *c, const char *path)
{
	const char *env = getenv("SPARKDECK_CONFIG");
	struct config next;
	struct stat st;
	char *file, *dir;
	int explicit = 1, rc = 0;

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
	if (!explicit && stat(file, &st) != 0 && errno == ENOENT)
		goto out;
	config_copy(&next, c);
	if ((rc = conffile_load(file, config_apply_top, &next)) < 0)
		goto out;
	free(next.path);
	next.path = file;
	file = NULL;
	config_dispose(c);
	*c = next;
	memset(&next, 0, sizeof next);
out:
	config_dispose(&next);
	free(file);
	return rc;
}
