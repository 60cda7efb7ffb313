/*
 * clouds_search: find and read clouds.yaml and secure.yaml the way
 * openstacksdk does (used by clouds.c only).
 *
 * Each file is searched separately: $OS_CLIENT_CONFIG_FILE (resp.
 * $OS_CLIENT_SECURE_FILE) first if set, then in each search directory
 * clouds.yaml, clouds.yml, clouds.json (resp. secure.*); the first that
 * exists is read (JSON is read by the YAML parser). Default directories: ".",
 * $XDG_CONFIG_HOME/openstack (if set), ~/.config/openstack,
 * $XDG_CONFIG_DIRS/openstack (/etc/xdg/openstack by default), /etc/openstack.
 * An override naming a missing file, or an unreadable file, is skipped with a
 * warning, as the sdk skips it. A file holding a password, secret or token
 * that is readable by group or others gets a warning.
 *
 * Contract: clouds_search_load() fills a caller-owned struct and returns 0
 * (no file found is not an error), or ERR_PARSE / ERR_CONFIG / ERR_TOOBIG /
 * ERR_IO with "file:line: what". Release it with clouds_search_dispose() in
 * every case. getenv returns NULL for unset variables.
 */
#ifndef SD_CORE_CLOUDS_SEARCH_H
#define SD_CORE_CLOUDS_SEARCH_H

#include <stddef.h>

#include "core/clouds.h"
#include "core/yaml.h"

enum { CLOUDS_FILE_CLOUDS, CLOUDS_FILE_SECURE, CLOUDS_N_FILES };

struct clouds_search {
	char *dirs_shown;                              /* "./, ~/.config/openstack/, ..." */
	char *path[CLOUDS_N_FILES];                    /* the file read, or NULL */
	struct yaml_node *root[CLOUDS_N_FILES];        /* its tree (NULL if empty or none) */
	const struct yaml_node *clouds[CLOUDS_N_FILES]; /* its "clouds" mapping, or NULL */
	char **warnings;                               /* to hand on to clouds_config */
	size_t n_warnings;
};

/* Find and read both files. */
int clouds_search_load(struct clouds_search *s, const struct clouds_env *env,
		       const char *(*get)(const char *name));
/* Free everything in s. */
void clouds_search_dispose(struct clouds_search *s);
/* Every cloud name of both files, clouds.yaml order first (caller frees each and the array). */
void clouds_search_names(const struct clouds_search *s, char ***names, size_t *n);
/* The value of key in map, '-' and '_' being the same (the sdk normalises keys), or NULL. */
const struct yaml_node *clouds_search_get(const struct yaml_node *map, const char *key);
/* Append a formatted warning to s. */
void clouds_search_warn(struct clouds_search *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif
