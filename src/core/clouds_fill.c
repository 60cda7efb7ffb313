#include "autoconfig.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/clouds_fill.h"
#include "core/clouds_search.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

#define CF(f) offsetof(struct clouds_config, f)

/*
 * Where each setting is looked up, highest priority first. Keys prefixed
 * "auth." live in the cloud's auth mapping. The order follows openstacksdk:
 * auth values win for plugin options, cloud-level values win for project and
 * domain (its _fix_backwards_auth), project_* wins over tenant_*.
 */
static const struct clouds_field {
	size_t off;
	const char *look[5];
	const char *env[3];
} clouds_fields[] = {
	{ CF(auth_url), { "auth.auth_url", "auth_url" }, { "OS_AUTH_URL" } },
	{ CF(username), { "auth.username", "username" }, { "OS_USERNAME" } },
	{ CF(user_id), { "auth.user_id", "user_id" }, { "OS_USER_ID" } },
	{ CF(password), { "auth.password", "password" }, { "OS_PASSWORD" } },
	{ CF(project_name), { "project_name", "auth.project_name", "tenant_name", "auth.tenant_name" },
	  { "OS_PROJECT_NAME", "OS_TENANT_NAME" } },
	{ CF(project_id), { "project_id", "auth.project_id", "tenant_id", "auth.tenant_id" },
	  { "OS_PROJECT_ID", "OS_TENANT_ID" } },
	{ CF(user_domain_name), { "user_domain_name", "auth.user_domain_name" }, { "OS_USER_DOMAIN_NAME" } },
	{ CF(user_domain_id), { "user_domain_id", "auth.user_domain_id" }, { "OS_USER_DOMAIN_ID" } },
	{ CF(project_domain_name), { "project_domain_name", "auth.project_domain_name" },
	  { "OS_PROJECT_DOMAIN_NAME" } },
	{ CF(project_domain_id), { "project_domain_id", "auth.project_domain_id" },
	  { "OS_PROJECT_DOMAIN_ID" } },
	{ CF(app_cred_id), { "auth.application_credential_id", "application_credential_id" },
	  { "OS_APPLICATION_CREDENTIAL_ID" } },
	{ CF(app_cred_name), { "auth.application_credential_name", "application_credential_name" },
	  { "OS_APPLICATION_CREDENTIAL_NAME" } },
	{ CF(app_cred_secret), { "auth.application_credential_secret", "application_credential_secret" },
	  { "OS_APPLICATION_CREDENTIAL_SECRET" } },
	{ CF(cacert), { "cacert" }, { "OS_CACERT" } },
};

/* Variables that make an environment-only cloud (openstacksdk's "envvars"). */
static const char *const clouds_env_extra[] = {
	"OS_AUTH_TYPE", "OS_AUTH_PLUGIN", "OS_IDENTITY_API_VERSION", "OS_INTERFACE",
	"OS_ENDPOINT_TYPE", "OS_INSECURE", "OS_DOMAIN_ID", "OS_DOMAIN_NAME", "OS_DEFAULT_DOMAIN",
};

/* One looked-up value: text NULL when absent; file:line or env tells where from. */
struct clouds_val {
	const char *text;
	const char *file;
	int line;
	const char *env;
	char at[512];
};

const char *clouds_fill_getenv(const struct clouds_env *env, const char *name)
{
	const char *v;

	v = env && env->getenv ? env->getenv(name) : getenv(name);
	return v && *v ? v : NULL;
}

static const char *clouds_getenv(const struct clouds_fill *ctx, const char *name)
{
	return clouds_fill_getenv(ctx->env, name);
}

int clouds_fill_env_has_cloud(const struct clouds_env *env)
{
	size_t i, k;

	for (i = 0; i < sizeof clouds_fields / sizeof clouds_fields[0]; i++)
		for (k = 0; k < 3 && clouds_fields[i].env[k]; k++)
			if (clouds_fill_getenv(env, clouds_fields[i].env[k]))
				return 1;
	for (i = 0; i < sizeof clouds_env_extra / sizeof clouds_env_extra[0]; i++)
		if (clouds_fill_getenv(env, clouds_env_extra[i]))
			return 1;
	return 0;
}

static void clouds_warn_out(struct clouds_config *out, char *msg)
{
	out->warnings = xreallocarray(out->warnings, out->n_warnings + 1, sizeof *out->warnings);
	out->warnings[out->n_warnings++] = msg;
}

/* Look up a setting through look (file layers) then env (later wins); type errors are ERR_CONFIG. */
static int clouds_get(struct clouds_fill *ctx, const char *const *look, size_t n_look,
		      const char *const *env, size_t n_env, struct clouds_val *v)
{
	size_t k, l;

	memset(v, 0, sizeof *v);
	for (k = 0; k < n_look && look[k] && !v->text; k++) {
		int in_auth = strncmp(look[k], "auth.", 5) == 0;

		for (l = 0; l < ctx->n_layers; l++) {
			const struct yaml_node *m = ctx->layer[l], *node;

			if (in_auth)
				m = clouds_search_get(m, "auth");
			node = clouds_search_get(m, in_auth ? look[k] + 5 : look[k]);
			if (yaml_is_null(node))
				continue;
			if (node->kind != YAML_KIND_SCALAR)
				return err_set(ERR_CONFIG, "%s:%d: %s of cloud '%s' must be a single value",
					       ctx->layer_file[l], node->line, look[k], ctx->shown);
			if (node->value[0] == '\0')
				continue;
			v->text = node->value;
			v->file = ctx->layer_file[l];
			v->line = node->line;
			snprintf(v->at, sizeof v->at, "%s:%d", v->file, v->line);
			break;
		}
	}
	for (k = 0; k < n_env && env[k]; k++) {
		const char *e = clouds_getenv(ctx, env[k]);

		if (e == NULL)
			continue;
		if (v->text && strcmp(v->text, e) != 0)
			clouds_warn_out(ctx->out, xasprintf("%s overrides %s of cloud '%s' (%s)",
							    env[k], look[0], ctx->shown, v->at));
		v->text = e;
		v->file = NULL;
		v->env = env[k];
		snprintf(v->at, sizeof v->at, "%s", env[k]);
		break;
	}
	return 0;
}

/* A boolean setting: *b stays -1 when absent. */
static int clouds_get_bool(struct clouds_fill *ctx, const char *key, int *b)
{
	struct clouds_val v;
	int rc;

	*b = -1;
	if ((rc = clouds_get(ctx, &key, 1, NULL, 0, &v)) < 0 || v.text == NULL)
		return rc;
	if (strcasecmp(v.text, "true") == 0 || strcasecmp(v.text, "yes") == 0 ||
	    strcasecmp(v.text, "on") == 0)
		*b = 1;
	else if (strcasecmp(v.text, "false") == 0 || strcasecmp(v.text, "no") == 0 ||
		 strcasecmp(v.text, "off") == 0)
		*b = 0;
	else
		return err_set(ERR_CONFIG, "%s: %s must be true or false", v.at, key);
	return 0;
}

int clouds_fill_check_entry(const struct clouds_fill *ctx, const char *file, const struct yaml_node *e)
{
	const struct yaml_node *auth, *profile;

	if (e->kind != YAML_KIND_MAP)
		return err_set(ERR_CONFIG, "%s:%d: cloud '%s' must be a mapping of settings",
			       file, e->line, ctx->shown);
	auth = clouds_search_get(e, "auth");
	if (!yaml_is_null(auth) && auth->kind != YAML_KIND_MAP)
		return err_set(ERR_CONFIG, "%s:%d: auth of cloud '%s' must be a mapping",
			       file, auth->line, ctx->shown);
	profile = clouds_search_get(e, "profile");
	if (yaml_is_null(profile))
		profile = clouds_search_get(e, "cloud");
	if (!yaml_is_null(profile))
		return err_set(ERR_CONFIG, "%s:%d: cloud '%s' uses a vendor profile, which sparkdeck does "
			       "not support: write its auth_url and region_name into the cloud",
			       file, profile->line, ctx->shown);
	return 0;
}

/* ERR_CONFIG "at: what 'value' why", the value made safe for a terminal (never a secret here). */
static int clouds_bad_value(const struct clouds_val *v, const char *what, const char *why)
{
	char *shown = sanitize_line(v->text, 64);
	int rc = err_set(ERR_CONFIG, "%s: %s '%s' %s", v->at, what, shown, why);

	free(shown);
	return rc;
}

static char *clouds_expand_home(struct clouds_fill *ctx, const char *path)
{
	const char *home = clouds_getenv(ctx, "HOME");

	if (home && strncmp(path, "~/", 2) == 0)
		return xasprintf("%s%s", home, path + 1);
	return xstrdup(path);
}

/* "cloud 'x' in FILE has no K" or "OS_K is not set", for a missing setting. */
static int clouds_missing(struct clouds_fill *ctx, const char *key, const char *var)
{
	if (ctx->env_only)
		return err_set(ERR_CONFIG, "%s is not set (other OS_* variables are): source a complete "
			       "openrc, or set OS_CLOUD to a cloud of clouds.yaml", var);
	return err_set(ERR_CONFIG, "%s has no %s: add it under auth:", ctx->where, key);
}

static int clouds_fill_auth_type(struct clouds_fill *ctx)
{
	static const char *const look[] = { "auth_type", "auth_plugin" };
	static const char *const env[] = { "OS_AUTH_TYPE", "OS_AUTH_PLUGIN" };
	struct clouds_config *out = ctx->out;
	struct clouds_val v;
	int rc;

	if ((rc = clouds_get(ctx, look, 2, env, 2, &v)) < 0)
		return rc;
	if (v.text == NULL)
		out->auth_type = out->app_cred_secret && !out->password ?
				 CLOUDS_AUTH_APPCRED : CLOUDS_AUTH_PASSWORD;
	else if (strcmp(v.text, "password") == 0 || strcmp(v.text, "v3password") == 0)
		out->auth_type = CLOUDS_AUTH_PASSWORD;
	else if (strcmp(v.text, "v3applicationcredential") == 0 ||
		 strcmp(v.text, "applicationcredential") == 0)
		out->auth_type = CLOUDS_AUTH_APPCRED;
	else
		return clouds_bad_value(&v, "auth_type",
					"is not supported: use password or v3applicationcredential");
	return 0;
}

static int clouds_fill_endpoint(struct clouds_fill *ctx)
{
	static const char *const iface[] = { "interface", "endpoint_type" };
	static const char *const iface_env[] = { "OS_INTERFACE", "OS_ENDPOINT_TYPE" };
	static const char *const ver[] = { "identity_api_version" };
	static const char *const ver_env[] = { "OS_IDENTITY_API_VERSION" };
	struct clouds_config *out = ctx->out;
	struct clouds_val v;
	size_t n;
	int rc, verify, insecure;

	if ((rc = clouds_get(ctx, ver, 1, ver_env, 1, &v)) < 0)
		return rc;
	if (v.text && !(v.text[0] == '3' && (v.text[1] == '\0' || v.text[1] == '.')))
		return clouds_bad_value(&v, "identity_api_version", "is not supported: sparkdeck "
					"speaks Keystone v3 only (set it to 3 or remove it)");
	/* OS_ENDPOINT_TYPE only counts for an environment-only cloud, as in the CLI. */
	if ((rc = clouds_get(ctx, iface, 2, iface_env, ctx->env_only ? 2 : 1, &v)) < 0)
		return rc;
	n = v.text ? strlen(v.text) : 0;
	if (n > 3 && strcmp(v.text + n - 3, "URL") == 0)
		n -= 3;
	if (v.text == NULL)
		out->interface = xstrdup("public");
	else if ((n == 6 && strncmp(v.text, "public", n) == 0) ||
		 (n == 8 && strncmp(v.text, "internal", n) == 0) ||
		 (n == 5 && strncmp(v.text, "admin", n) == 0))
		out->interface = xstrndup(v.text, n);
	else
		return clouds_bad_value(&v, "interface", "is not one of public, internal, admin");
	if ((rc = clouds_get_bool(ctx, "verify", &verify)) < 0 ||
	    (rc = clouds_get_bool(ctx, "insecure", &insecure)) < 0)
		return rc;
	out->verify = verify != 0 && insecure != 1;
	if (ctx->env_only && clouds_getenv(ctx, "OS_INSECURE") &&
	    strcasecmp(clouds_getenv(ctx, "OS_INSECURE"), "true") == 0)
		out->verify = 0;
	return 0;
}

/* Fill the domains: domain_* stand in for both, then OS_DEFAULT_DOMAIN ("default") as the CLI does. */
static int clouds_fill_domains(struct clouds_fill *ctx)
{
	static const char *const did[] = { "domain_id", "auth.domain_id" };
	static const char *const did_env[] = { "OS_DOMAIN_ID" };
	static const char *const dname[] = { "domain_name", "auth.domain_name" };
	static const char *const dname_env[] = { "OS_DOMAIN_NAME" };
	struct clouds_config *out = ctx->out;
	struct clouds_val id, name;
	const char *dflt;
	int rc;

	if ((rc = clouds_get(ctx, did, 2, did_env, 1, &id)) < 0 ||
	    (rc = clouds_get(ctx, dname, 2, dname_env, 1, &name)) < 0)
		return rc;
	if (id.text && !out->user_domain_id)
		out->user_domain_id = xstrdup(id.text);
	if (id.text && !out->project_domain_id)
		out->project_domain_id = xstrdup(id.text);
	if (name.text && !out->user_domain_name)
		out->user_domain_name = xstrdup(name.text);
	if (name.text && !out->project_domain_name)
		out->project_domain_name = xstrdup(name.text);
	dflt = clouds_getenv(ctx, "OS_DEFAULT_DOMAIN");
	if (dflt == NULL)
		dflt = "default";
	if (!out->project_domain_id && !out->project_domain_name)
		out->project_domain_id = xstrdup(dflt);
	if (out->auth_type == CLOUDS_AUTH_PASSWORD && !out->user_domain_id && !out->user_domain_name)
		out->user_domain_id = xstrdup(dflt);
	return 0;
}

int clouds_fill_resolve(struct clouds_fill *ctx)
{
	struct clouds_config *out = ctx->out;
	struct clouds_val v;
	size_t i;
	int rc;

	if ((rc = clouds_fill_pick_region(ctx)) < 0)
		return rc;
	for (i = 0; i < sizeof clouds_fields / sizeof clouds_fields[0]; i++) {
		const struct clouds_field *f = &clouds_fields[i];
		char **slot = (char **)(void *)((char *)out + f->off);

		if ((rc = clouds_get(ctx, f->look, 5, f->env, 3, &v)) < 0)
			return rc;
		if (v.text)
			*slot = f->off == CF(cacert) ? clouds_expand_home(ctx, v.text) : xstrdup(v.text);
	}
	if ((rc = clouds_fill_auth_type(ctx)) < 0 || (rc = clouds_fill_endpoint(ctx)) < 0 ||
	    (rc = clouds_fill_domains(ctx)) < 0)
		return rc;
	if (out->auth_url == NULL)
		return clouds_missing(ctx, "auth_url", "OS_AUTH_URL");
	if (out->auth_type == CLOUDS_AUTH_APPCRED) {
		if (out->app_cred_secret == NULL)
			return clouds_missing(ctx, "application_credential_secret",
					      "OS_APPLICATION_CREDENTIAL_SECRET");
		if (out->app_cred_id == NULL && out->app_cred_name == NULL)
			return clouds_missing(ctx, "application_credential_id",
					      "OS_APPLICATION_CREDENTIAL_ID");
		if (out->app_cred_id == NULL && !out->username && !out->user_id)
			return clouds_missing(ctx, "username", "OS_USERNAME");
	} else if (!out->username && !out->user_id) {
		return clouds_missing(ctx, "username", "OS_USERNAME");
	}
	return 0;
}
