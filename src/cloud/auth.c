#include "autoconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloud/auth.h"
#include "core/clouds.h"
#include "core/error.h"
#include "core/json.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

/* Like the openstack CLI's default_domain. */
#define AUTH_DEFAULT_DOMAIN_ID "default"

static int auth_set(const char *s)
{
	return s != NULL && *s != '\0';
}

/* {"id": ...} or {"name": ...} for a domain, defaulting to the default domain. */
static void auth_add_domain(cJSON *parent, const char *id, const char *name)
{
	cJSON *d = cJSON_AddObjectToObject(parent, "domain");

	if (auth_set(id))
		cJSON_AddStringToObject(d, "id", id);
	else if (auth_set(name))
		cJSON_AddStringToObject(d, "name", name);
	else
		cJSON_AddStringToObject(d, "id", AUTH_DEFAULT_DOMAIN_ID);
}

static int auth_add_user(cJSON *parent, const struct clouds_config *c, int need)
{
	cJSON *user;

	if (!auth_set(c->user_id) && !auth_set(c->username)) {
		if (!need)
			return 0;
		return err_set(ERR_CONFIG, "cloud %s: no username or user_id: set username in clouds.yaml "
			       "or OS_USERNAME", c->name ? c->name : "?");
	}
	user = cJSON_AddObjectToObject(parent, "user");
	if (auth_set(c->user_id))
		cJSON_AddStringToObject(user, "id", c->user_id);
	else {
		cJSON_AddStringToObject(user, "name", c->username);
		auth_add_domain(user, c->user_domain_id, c->user_domain_name);
	}
	return 0;
}

static int auth_add_password(cJSON *identity, const struct clouds_config *c)
{
	cJSON *pw;
	int rc;

	cJSON_AddItemToArray(cJSON_GetObjectItem(identity, "methods"), cJSON_CreateString("password"));
	pw = cJSON_AddObjectToObject(identity, "password");
	if ((rc = auth_add_user(pw, c, 1)) < 0)
		return rc;
	if (!auth_set(c->password))
		return err_set(ERR_CONFIG, "cloud %s: no password: set password in clouds.yaml / secure.yaml "
			       "or OS_PASSWORD", c->name ? c->name : "?");
	cJSON_AddStringToObject(cJSON_GetObjectItem(pw, "user"), "password", c->password);
	return 0;
}

static int auth_add_appcred(cJSON *identity, const struct clouds_config *c)
{
	cJSON *ac;
	int rc;

	cJSON_AddItemToArray(cJSON_GetObjectItem(identity, "methods"), cJSON_CreateString("application_credential"));
	ac = cJSON_AddObjectToObject(identity, "application_credential");
	if (auth_set(c->app_cred_id))
		cJSON_AddStringToObject(ac, "id", c->app_cred_id);
	else if (auth_set(c->app_cred_name)) {
		cJSON_AddStringToObject(ac, "name", c->app_cred_name);
		if ((rc = auth_add_user(ac, c, 1)) < 0)
			return err_wrap(rc, "an application credential given by name needs its user");
	} else
		return err_set(ERR_CONFIG, "cloud %s: no application_credential_id: set it in clouds.yaml or "
			       "OS_APPLICATION_CREDENTIAL_ID", c->name ? c->name : "?");
	if (!auth_set(c->app_cred_secret))
		return err_set(ERR_CONFIG, "cloud %s: no application_credential_secret: set it in clouds.yaml / "
			       "secure.yaml or OS_APPLICATION_CREDENTIAL_SECRET", c->name ? c->name : "?");
	cJSON_AddStringToObject(ac, "secret", c->app_cred_secret);
	return 0;
}

static void auth_add_scope(cJSON *auth, const struct clouds_config *c, const char *project_id)
{
	cJSON *project;

	if (!auth_set(project_id))
		project_id = c->project_id;
	if (!auth_set(project_id) && !auth_set(c->project_name))
		return; /* unscoped: Keystone uses the user's default project, if any */
	project = cJSON_AddObjectToObject(cJSON_AddObjectToObject(auth, "scope"), "project");
	if (auth_set(project_id))
		cJSON_AddStringToObject(project, "id", project_id);
	else {
		cJSON_AddStringToObject(project, "name", c->project_name);
		auth_add_domain(project, c->project_domain_id, c->project_domain_name);
	}
}

int auth_build_request(char **body, const struct clouds_config *creds, const char *project_id)
{
	cJSON *root = cJSON_CreateObject(), *auth, *identity;
	int rc;

	*body = NULL;
	auth = cJSON_AddObjectToObject(root, "auth");
	identity = cJSON_AddObjectToObject(auth, "identity");
	cJSON_AddArrayToObject(identity, "methods");
	if (creds->auth_type == CLOUDS_AUTH_APPCRED) {
		if (project_id)
			rc = err_set(ERR_INVALID, "an application credential is bound to its project: cannot scope "
				     "to another one; use a cloud entry with a password or another credential");
		else
			rc = auth_add_appcred(identity, creds);
	} else {
		rc = auth_add_password(identity, creds);
		if (rc == 0)
			auth_add_scope(auth, creds, project_id);
	}
	if (rc == 0 && (*body = cJSON_PrintUnformatted(root)) == NULL)
		rc = err_set(ERR_INVALID, "cannot build the token request");
	/* Wipe the secret inside the tree before freeing it. */
	if (creds->auth_type == CLOUDS_AUTH_APPCRED) {
		cJSON *s = cJSON_GetObjectItem(cJSON_GetObjectItem(identity, "application_credential"), "secret");

		if (cJSON_IsString(s))
			explicit_bzero(s->valuestring, strlen(s->valuestring));
	} else {
		cJSON *u = cJSON_GetObjectItem(cJSON_GetObjectItem(identity, "password"), "user");
		cJSON *s = cJSON_GetObjectItem(u, "password");

		if (cJSON_IsString(s))
			explicit_bzero(s->valuestring, strlen(s->valuestring));
	}
	cJSON_Delete(root);
	return rc;
}

void auth_free_secret(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

int auth_parse_time(const char *iso, time_t *out)
{
	struct tm tm;
	int y, mo, d, H, M, S, n = 0, oh = 0, om = 0, sign = 1;
	const char *p;
	time_t t;

	if (iso == NULL || sscanf(iso, "%4d-%2d-%2dT%2d:%2d:%2d%n", &y, &mo, &d, &H, &M, &S, &n) != 6 || n == 0)
		return err_set(ERR_PARSE, "bad time '%.40s'", iso ? iso : "(none)");
	p = iso + n;
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++)
			;
	if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
			return err_set(ERR_PARSE, "bad time zone in '%.40s'", iso);
	} else if (*p != 'Z' && *p != 'z' && *p != '\0')
		return err_set(ERR_PARSE, "bad time '%.40s'", iso);
	memset(&tm, 0, sizeof tm);
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = H;
	tm.tm_min = M;
	tm.tm_sec = S;
	if ((t = timegm(&tm)) == (time_t)-1)
		return err_set(ERR_PARSE, "bad time '%.40s'", iso);
	*out = t - sign * (oh * 3600 + om * 60);
	return 0;
}

int auth_parse_token(struct auth_token *t, const char *subject_token, const char *body, size_t len)
{
	cJSON *root = NULL;
	const cJSON *tok, *user, *project;
	int rc;

	memset(t, 0, sizeof *t);
	if (!auth_set(subject_token)) {
		rc = err_set(ERR_PARSE, "Keystone answered without an X-Subject-Token header");
		goto out;
	}
	if ((rc = json_parse(&root, body, len, JSON_MAX_DEPTH)) < 0) {
		rc = err_wrap(ERR_PARSE, "Keystone's token response");
		goto out;
	}
	tok = cJSON_GetObjectItemCaseSensitive(root, "token");
	if (!cJSON_IsObject(tok)) {
		rc = err_set(ERR_PARSE, "Keystone's token response has no \"token\" object");
		goto out;
	}
	if ((rc = auth_parse_time(json_get_str(tok, "expires_at"), &t->expires_at)) < 0) {
		rc = err_wrap(ERR_PARSE, "token expires_at");
		goto out;
	}
	if (auth_parse_time(json_get_str(tok, "issued_at"), &t->issued_at) < 0)
		t->issued_at = 0;
	user = cJSON_GetObjectItemCaseSensitive(tok, "user");
	t->user_id = json_dup_str(user, "id");
	t->user_name = json_dup_str(user, "name");
	project = cJSON_GetObjectItemCaseSensitive(tok, "project");
	t->project_id = json_dup_str(project, "id");
	t->project_name = json_dup_str(project, "name");
	if ((rc = catalog_parse(&t->catalog, cJSON_GetObjectItemCaseSensitive(tok, "catalog"))) < 0)
		goto out;
	t->id = xstrdup(subject_token);
out:
	cJSON_Delete(root);
	if (rc < 0)
		auth_token_dispose(t);
	return rc;
}

void auth_token_dispose(struct auth_token *t)
{
	auth_free_secret(t->id);
	free(t->user_id);
	free(t->user_name);
	free(t->project_id);
	free(t->project_name);
	catalog_dispose(&t->catalog);
	memset(t, 0, sizeof *t);
}

int auth_token_fresh(const struct auth_token *t, time_t now)
{
	time_t margin = AUTH_RENEW_MARGIN_S;

	if (t == NULL || t->id == NULL)
		return 0;
	/* A short-lived token (tests, strict clouds) is renewed in its last quarter. */
	if (t->issued_at > 0 && t->expires_at > t->issued_at && (t->expires_at - t->issued_at) / 4 < margin)
		margin = (t->expires_at - t->issued_at) / 4;
	return now < t->expires_at - margin;
}

char *auth_describe_user(const struct clouds_config *c)
{
	const char *what = "user", *who = c->username;
	char *safe, *s;

	if (c->auth_type == CLOUDS_AUTH_APPCRED) {
		what = "application credential";
		who = auth_set(c->app_cred_name) ? c->app_cred_name : c->app_cred_id;
	} else if (!auth_set(who)) {
		what = "user id";
		who = c->user_id;
	}
	safe = sanitize_line(who ? who : "?", 80);
	s = xasprintf("%s %s", what, safe);
	free(safe);
	return s;
}
