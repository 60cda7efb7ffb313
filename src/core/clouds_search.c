#include "autoconfig.h"

#include <errno.h>
#include <pwd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/buf.h"
#include "core/clouds_search.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

static const char *const search_suffixes[] = { ".yaml", ".yml", ".json" };

void clouds_search_warn(struct clouds_search *s, const char *fmt, ...)
{
	va_list ap;
	char msg[1024];

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	s->warnings = xreallocarray(s->warnings, s->n_warnings + 1, sizeof *s->warnings);
	s->warnings[s->n_warnings++] = sanitize_line(msg, sizeof msg);
}

static int search_key_eq(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if (*a != *b && !((*a == '-' || *a == '_') && (*b == '-' || *b == '_')))
			return 0;
	return *a == *b;
}

const struct yaml_node *clouds_search_get(const struct yaml_node *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != YAML_KIND_MAP)
		return NULL;
	for (i = map->n; i-- > 0;)
		if (search_key_eq(map->keys[i], key))
			return map->items[i];
	return NULL;
}

static void search_add_dir(char ***dirs, size_t *n, char *dir)
{
	*dirs = xreallocarray(*dirs, *n + 2, sizeof **dirs);
	(*dirs)[(*n)++] = dir;
	(*dirs)[*n] = NULL;
}

/* The sdk's CONFIG_SEARCH_PATH: cwd, user config dirs, site config dirs. */
static char **search_default_dirs(const char *(*get)(const char *))
{
	const char *home = get("HOME"), *xdg = get("XDG_CONFIG_HOME"), *site = get("XDG_CONFIG_DIRS");
	struct passwd *pw;
	char **dirs = NULL;
	size_t n = 0;

	if ((home == NULL || *home == '\0') && (pw = getpwuid(getuid())) != NULL)
		home = pw->pw_dir;
	search_add_dir(&dirs, &n, xstrdup("."));
	if (xdg && *xdg)
		search_add_dir(&dirs, &n, xasprintf("%s/openstack", xdg));
	if (home && *home) {
		char *d = xasprintf("%s/.config/openstack", home);

		if (n == 2 && strcmp(dirs[1], d) == 0)
			free(d);
		else
			search_add_dir(&dirs, &n, d);
	}
	if (site == NULL || *site == '\0')
		search_add_dir(&dirs, &n, xstrdup("/etc/xdg/openstack"));
	else if (strchr(site, ':') == NULL)
		search_add_dir(&dirs, &n, xasprintf("%s/openstack", site));
	search_add_dir(&dirs, &n, xstrdup("/etc/openstack"));
	return dirs;
}

/* "./, ~/.config/openstack/, /etc/openstack/" for messages. */
static char *search_show_dirs(const char *const *dirs, const char *home)
{
	struct buf b;
	size_t i, hl = home ? strlen(home) : 0;

	buf_init(&b, 4096);
	for (i = 0; dirs[i]; i++) {
		const char *d = dirs[i];

		if (i > 0)
			buf_puts(&b, ", ");
		if (hl > 1 && strncmp(d, home, hl) == 0 && d[hl] == '/')
			buf_printf(&b, "~%s/", d + hl);
		else
			buf_printf(&b, "%s/", d);
	}
	return buf_detach(&b);
}

static int search_has_secret(const struct yaml_node *clouds)
{
	static const char *const keys[] = { "password", "application_credential_secret", "token" };
	size_t i, k;

	for (i = 0; clouds && clouds->kind == YAML_KIND_MAP && i < clouds->n; i++) {
		const struct yaml_node *c = clouds->items[i];
		const struct yaml_node *auth = clouds_search_get(c, "auth");

		for (k = 0; k < sizeof keys / sizeof keys[0]; k++)
			if (!yaml_is_null(clouds_search_get(auth, keys[k])) ||
			    !yaml_is_null(clouds_search_get(c, keys[k])))
				return 1;
	}
	return 0;
}

/* Check the shape of a file read into s->root[idx] and warn about its mode. */
static int search_check(struct clouds_search *s, int idx)
{
	const char *path = s->path[idx];
	const struct yaml_node *root = s->root[idx], *clouds;
	struct stat st;

	if (root == NULL)
		return 0;
	if (root->kind != YAML_KIND_MAP)
		return err_set(ERR_CONFIG, "%s:%d: expected a mapping with a 'clouds' key", path, root->line);
	clouds = yaml_map_get(root, "clouds");
	if (clouds == NULL) {
		clouds_search_warn(s, "%s has no 'clouds' key", path);
		return 0;
	}
	if (yaml_is_null(clouds))
		return 0;
	if (clouds->kind != YAML_KIND_MAP)
		return err_set(ERR_CONFIG, "%s:%d: 'clouds' must be a mapping of cloud names to settings",
			       path, clouds->line);
	s->clouds[idx] = clouds;
	if (stat(path, &st) == 0 && (st.st_mode & (S_IRGRP | S_IROTH)) && search_has_secret(clouds))
		clouds_search_warn(s, "%s is readable by others and holds a password: chmod 600 %s",
				   path, path);
	return 0;
}

/* Read the first existing candidate of base ("clouds" or "secure") into slot idx. */
static int search_one(struct clouds_search *s, const char *const *dirs, const char *base,
		      const char *override_var, int idx, const char *(*get)(const char *))
{
	const char *override = get(override_var);
	struct stat st;
	size_t d = 0, k = 0;
	char *path;
	int rc;

	if (override && *override == '\0')
		override = NULL;
	for (;;) {
		if (override) {
			path = xstrdup(override);
		} else {
			if (dirs[d] == NULL)
				return 0;
			path = xasprintf("%s/%s%s", dirs[d], base, search_suffixes[k]);
			if (++k == sizeof search_suffixes / sizeof search_suffixes[0]) {
				k = 0;
				d++;
			}
		}
		if (stat(path, &st) != 0) {
			if (override)
				clouds_search_warn(s, "%s=%s does not exist; searching the default locations",
						   override_var, path);
		} else if (access(path, R_OK) != 0) {
			clouds_search_warn(s, "cannot read %s (%s): skipped", path, strerror(errno));
		} else {
			s->path[idx] = path;
			if ((rc = yaml_load_file(&s->root[idx], path)) < 0)
				return rc;
			return search_check(s, idx);
		}
		free(path);
		override = NULL;
	}
}

int clouds_search_load(struct clouds_search *s, const struct clouds_env *env,
		       const char *(*get)(const char *name))
{
	char **dirs = NULL;
	const char *const *use;
	const char *home = get("HOME");
	size_t i;
	int rc;

	memset(s, 0, sizeof *s);
	if (home && *home == '\0')
		home = NULL;
	if (env && env->dirs)
		use = env->dirs;
	else
		use = (const char *const *)(dirs = search_default_dirs(get));
	s->dirs_shown = search_show_dirs(use, home);
	rc = search_one(s, use, "clouds", "OS_CLIENT_CONFIG_FILE", CLOUDS_FILE_CLOUDS, get);
	if (rc == 0)
		rc = search_one(s, use, "secure", "OS_CLIENT_SECURE_FILE", CLOUDS_FILE_SECURE, get);
	for (i = 0; dirs && dirs[i]; i++)
		free(dirs[i]);
	free(dirs);
	return rc;
}

void clouds_search_dispose(struct clouds_search *s)
{
	size_t i;

	free(s->dirs_shown);
	for (i = 0; i < CLOUDS_N_FILES; i++) {
		free(s->path[i]);
		yaml_node_free(s->root[i]);
	}
	for (i = 0; i < s->n_warnings; i++)
		free(s->warnings[i]);
	free(s->warnings);
	memset(s, 0, sizeof *s);
}

void clouds_search_names(const struct clouds_search *s, char ***names, size_t *n)
{
	size_t f, i, j;

	*names = NULL;
	*n = 0;
	for (f = 0; f < CLOUDS_N_FILES; f++) {
		const struct yaml_node *c = s->clouds[f];

		for (i = 0; c && i < c->n; i++) {
			for (j = 0; j < *n && strcmp((*names)[j], c->keys[i]) != 0; j++)
				;
			if (j < *n)
				continue;
			*names = xreallocarray(*names, *n + 1, sizeof **names);
			(*names)[(*n)++] = xstrdup(c->keys[i]);
		}
	}
}
