/*
 * clouds: find the credentials of one cloud exactly as the openstack CLI does.
 *
 * Files (searched like openstacksdk, first found wins, each on its own):
 * clouds.yaml from $OS_CLIENT_CONFIG_FILE, else ./, $XDG_CONFIG_HOME/openstack,
 * ~/.config/openstack, /etc/xdg/openstack, /etc/openstack (clouds.yaml, .yml,
 * .json in each); secure.yaml likewise from $OS_CLIENT_SECURE_FILE, and
 * merged over clouds.yaml (deep merge of auth).
 * The cloud: the name argument, else $OS_CLOUD; with neither, OS_* variables
 * (an openrc) make the cloud "envvars" and no file is read; without those
 * either, the only cloud of clouds.yaml. For a named cloud, set OS_*
 * variables (OS_AUTH_URL, OS_PASSWORD, OS_PROJECT_NAME, OS_REGION_NAME,
 * OS_INTERFACE, OS_CACERT, ...) override the file, as the CLI's options do;
 * each real change adds a warning. See clouds_fill.h for the exact list.
 *
 * Contract: clouds_load() fills a caller-owned struct (release it with
 * clouds_config_dispose(), which also wipes every string; a zeroed struct is
 * fine). It returns 0, or ERR_NOTFOUND (unknown cloud: the message lists the
 * known ones; nothing found), ERR_PARSE (file:line: what), ERR_CONFIG
 * (missing auth_url, unsupported auth_type or identity_api_version, bad
 * value: file:line), ERR_TOOBIG / ERR_IO (file too big or unreadable); on
 * error the struct is left empty. A world- or group-readable file holding a
 * secret adds a line to warnings (never fatal). No message holds a secret.
 * Keystone should prefer the *_id fields over the *_name ones when both are set.
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
