/*
 * clouds: find the credentials of one cloud exactly as the openstack CLI does.
 *
 * Sources, merged in this order (later wins): clouds.yaml, then secure.yaml
 * (same search path: $OS_CLIENT_CONFIG_FILE / $OS_CLIENT_SECURE_FILE, else the
 * current directory, ~/.config/openstack, /etc/openstack; first file found),
 * then OS_* environment variables when no cloud name is given (openrc).
 * The cloud name comes from the argument, else $OS_CLOUD.
 *
 * Contract: clouds_load() fills a caller-owned struct (release it with
 * clouds_config_dispose(), which also wipes secrets). It returns 0, or
 * ERR_NOTFOUND (unknown cloud: the message lists the known ones), ERR_PARSE
 * (file:line: what), ERR_CONFIG (missing auth_url etc.). A world- or
 * group-readable file holding a secret adds a line to warnings (never fatal).
 */
#ifndef SD_CORE_CLOUDS_H
#define SD_CORE_CLOUDS_H

#include <stddef.h>

enum clouds_auth { CLOUDS_AUTH_PASSWORD, CLOUDS_AUTH_APPCRED };

struct clouds_config {
	char *name;              /* cloud name, or "envvars" for OS_* only */
	char *source;            /* file the cloud came from, for messages; NULL for env */
	enum clouds_auth auth_type;
	char *auth_url;
	char *username;
	char *user_id;
	char *password;          /* secret */
	char *user_domain_name;
	char *user_domain_id;
	char *project_name;
	char *project_id;
	char *project_domain_name;
	char *project_domain_id;
	char *app_cred_id;
	char *app_cred_name;
	char *app_cred_secret;   /* secret */
	char *region_name;       /* NULL: any region */
	char *interface;         /* "public" (default), "internal", "admin" */
	char *cacert;            /* CA bundle path, or NULL for the system store */
	int verify;              /* TLS verification, 1 unless verify: false */
	char **warnings;         /* human-readable warnings, e.g. file permissions */
	size_t n_warnings;
};

/* How clouds_load() looks things up; tests replace these. */
struct clouds_env {
	const char *(*getenv)(const char *name);
	const char *const *dirs; /* NULL-terminated search directories; NULL: the defaults */
};

/* Load the named cloud (NULL: $OS_CLOUD, else OS_* variables); env NULL: the process environment. */
int clouds_load(struct clouds_config *out, const char *name, const struct clouds_env *env);
/* Free and wipe everything in c. */
void clouds_config_dispose(struct clouds_config *c);
/* List the cloud names of the clouds.yaml found (caller frees each and the array). */
int clouds_list_names(char ***names, size_t *n, const struct clouds_env *env);

#endif
