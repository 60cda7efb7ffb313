#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clouds.h"
#include "core/clouds_fill.h"
#include "core/clouds_search.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

#define CLOUDS_ENV_NAME "envvars"

static const char *clouds_stdlib_getenv(const char *name)
{
	return getenv(name);
}

/* "a, b, c" from names, made safe for a terminal. */
static char *clouds_join_names(char **names, size_t n)
{
	struct buf b;
	size_t i;

	buf_init(&b, 700);
	for (i = 0; i < n; i++) {
		char *s = sanitize_line(names[i], 64);

		if (buf_printf(&b, "%s%s", i ? ", " : "", s) < 0) {
			free(s);
			break;
		}
		free(s);
	}
	return b.data ? buf_detach(&b) : xstrdup("");
}

/* The message for a cloud name that neither file defines. */
static int clouds_not_found(const struct clouds_search *s, const char *shown, char **names, size_t n)
{
	const char *file = s->path[CLOUDS_FILE_CLOUDS] ? s->path[CLOUDS_FILE_CLOUDS] :
			   s->path[CLOUDS_FILE_SECURE];
	char *known;
	int rc;

	if (file == NULL)
		return err_set(ERR_NOTFOUND, "cloud '%s' not found: no clouds.yaml in %s",
			       shown, s->dirs_shown);
	if (n == 0)
		return err_set(ERR_NOTFOUND, "cloud '%s' not found: %s defines no clouds", shown, file);
	known = clouds_join_names(names, n);
	rc = err_set(ERR_NOTFOUND, "cloud '%s' not found in %s; known clouds: %s", shown, file, known);
	free(known);
	return rc;
}

/* The message when no cloud is named and neither OS_* nor a single-cloud file decides. */
static int clouds_no_choice(const struct clouds_search *s, char **names, size_t n)
{
	const char *file = s->path[CLOUDS_FILE_CLOUDS] ? s->path[CLOUDS_FILE_CLOUDS] :
			   s->path[CLOUDS_FILE_SECURE];
	char *known;
	int rc;

	if (file == NULL)
		return err_set(ERR_NOTFOUND, "no clouds.yaml found in %s and no OS_AUTH_URL set: "
			       "create one or source an openrc", s->dirs_shown);
	if (n == 0)
		return err_set(ERR_NOTFOUND, "%s defines no clouds and no OS_AUTH_URL is set: add a "
			       "cloud or source an openrc", file);
	known = clouds_join_names(names, n);
	rc = err_set(ERR_NOTFOUND, "no cloud selected: %s defines %s; set OS_CLOUD or name one",
		     file, known);
	free(known);
	return rc;
}

static int clouds_from_env(struct clouds_config *out, const struct clouds_env *env)
{
	struct clouds_fill f;

	memset(&f, 0, sizeof f);
	f.env = env;
	f.out = out;
	f.shown = CLOUDS_ENV_NAME;
	f.where = "the OS_* environment";
	f.env_only = 1;
	out->name = xstrdup(CLOUDS_ENV_NAME);
	return clouds_fill_resolve(&f);
}

/* Resolve the cloud called name from the files of s. */
static int clouds_from_files(struct clouds_config *out, const struct clouds_env *env,
			     const struct clouds_search *s, const char *name, const char *shown)
{
	struct clouds_fill f;
	const struct yaml_node *entry;
	char *where = NULL;
	int i, rc = 0;

	memset(&f, 0, sizeof f);
	f.env = env;
	f.out = out;
	f.shown = shown;
	for (i = CLOUDS_FILE_SECURE; i >= CLOUDS_FILE_CLOUDS; i--) {
		if ((entry = yaml_map_get(s->clouds[i], name)) == NULL)
			continue;
		if ((rc = clouds_fill_check_entry(&f, s->path[i], entry)) < 0)
			goto out;
		f.layer[f.n_layers] = entry;
		f.layer_file[f.n_layers++] = s->path[i];
	}
	out->name = xstrdup(name);
	out->source = xstrdup(f.layer_file[f.n_layers - 1]);
	f.where = where = xasprintf("cloud '%s' in %s", shown, out->source);
	rc = clouds_fill_resolve(&f);
out:
	free(where);
	return rc;
}

int clouds_load(struct clouds_config *out, const char *name, const struct clouds_env *env)
{
	const char *(*get)(const char *) = env && env->getenv ? env->getenv : clouds_stdlib_getenv;
	struct clouds_search s;
	char **names = NULL, *shown = NULL;
	size_t n = 0, i;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&s, 0, sizeof s);
	out->verify = 1;
	if (name == NULL || *name == '\0')
		name = clouds_fill_getenv(env, "OS_CLOUD");
	if (name == NULL && clouds_fill_env_has_cloud(env)) {
		rc = clouds_from_env(out, env);
		goto out;
	}
	rc = clouds_search_load(&s, env, get);
	for (i = 0; i < s.n_warnings; i++) {
		out->warnings = xreallocarray(out->warnings, out->n_warnings + 1, sizeof *out->warnings);
		out->warnings[out->n_warnings++] = s.warnings[i];
	}
	s.n_warnings = 0;
	if (rc < 0)
		goto out;
	clouds_search_names(&s, &names, &n);
	if (name == NULL && n != 1) {
		rc = clouds_no_choice(&s, names, n);
		goto out;
	}
	if (name == NULL)
		name = names[0];
	shown = sanitize_line(name, 128);
	for (i = 0; i < n && strcmp(names[i], name) != 0; i++)
		;
	if (i < n)
		rc = clouds_from_files(out, env, &s, name, shown);
	else if (strcmp(name, CLOUDS_ENV_NAME) == 0 && clouds_fill_env_has_cloud(env))
		rc = clouds_from_env(out, env);
	else
		rc = clouds_not_found(&s, shown, names, n);
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	free(shown);
	clouds_search_dispose(&s);
	if (rc < 0)
		clouds_config_dispose(out);
	return rc;
}

static void clouds_wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void clouds_config_dispose(struct clouds_config *c)
{
	char **strs[] = {
		&c->name, &c->source, &c->auth_url, &c->username, &c->user_id, &c->password,
		&c->user_domain_name, &c->user_domain_id, &c->project_name, &c->project_id,
		&c->project_domain_name, &c->project_domain_id, &c->app_cred_id, &c->app_cred_name,
		&c->app_cred_secret, &c->region_name, &c->interface, &c->cacert,
	};
	size_t i;

	for (i = 0; i < sizeof strs / sizeof strs[0]; i++)
		clouds_wipe_free(*strs[i]);
	for (i = 0; i < c->n_warnings; i++)
		free(c->warnings[i]);
	free(c->warnings);
	memset(c, 0, sizeof *c);
	c->verify = 1;
}

int clouds_list_names(char ***names, size_t *n, const struct clouds_env *env)
{
	const char *(*get)(const char *) = env && env->getenv ? env->getenv : clouds_stdlib_getenv;
	struct clouds_search s;
	int rc;

	*names = NULL;
	*n = 0;
	if ((rc = clouds_search_load(&s, env, get)) == 0)
		clouds_search_names(&s, names, n);
	clouds_search_dispose(&s);
	return rc;
}
