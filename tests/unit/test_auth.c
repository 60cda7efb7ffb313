/* Tests of src/cloud/auth.c: token request bodies and the recorded token. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "cloud/auth.h"
#include "core/clouds.h"
#include "core/error.h"
#include "tests/unit/cloud_testlib.h"

static void base_creds(struct clouds_config *c)
{
	memset(c, 0, sizeof *c);
	c->name = (char *)"test";
	c->auth_type = CLOUDS_AUTH_PASSWORD;
	c->auth_url = (char *)"https://keystone.example:5000/v3";
	c->username = (char *)"alice";
	c->password = (char *)"s3cret";
	c->user_domain_name = (char *)"Users";
	c->project_name = (char *)"spark";
	c->project_domain_id = (char *)"d1";
}

/* Build and parse a body; returns the tree (caller deletes). */
static cJSON *build(const struct clouds_config *c, const char *project)
{
	char *body;
	cJSON *j;

	assert_int_equal(auth_build_request(&body, c, project), 0);
	j = cJSON_Parse(body);
	assert_non_null(j);
	auth_free_secret(body);
	return j;
}

static const char *path_str(const cJSON *j, const char *const *path)
{
	for (; *path; path++)
		j = cJSON_GetObjectItemCaseSensitive(j, *path);
	return cJSON_IsString(j) ? j->valuestring : NULL;
}

#define P(...) ((const char *const[]){ __VA_ARGS__, NULL })

static void test_password_by_name_scoped_by_name(void **state)
{
	struct clouds_config c;
	cJSON *j, *methods;

	base_creds(&c);
	j = build(&c, NULL);
	methods = cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "auth"), "identity"), "methods");
	assert_int_equal(cJSON_GetArraySize(methods), 1);
	assert_string_equal(cJSON_GetArrayItem(methods, 0)->valuestring, "password");
	assert_string_equal(path_str(j, P("auth", "identity", "password", "user", "name")), "alice");
	assert_string_equal(path_str(j, P("auth", "identity", "password", "user", "password")), "s3cret");
	assert_string_equal(path_str(j, P("auth", "identity", "password", "user", "domain", "name")), "Users");
	assert_string_equal(path_str(j, P("auth", "scope", "project", "name")), "spark");
	assert_string_equal(path_str(j, P("auth", "scope", "project", "domain", "id")), "d1");
	cJSON_Delete(j);
}

static void test_password_by_id_defaults_and_override(void **state)
{
	struct clouds_config c;
	cJSON *j;

	base_creds(&c);
	c.user_domain_name = NULL;
	c.project_domain_id = NULL;
	j = build(&c, NULL);
	/* Like the openstack CLI, the default domain when none is named. */
	assert_string_equal(path_str(j, P("auth", "identity", "password", "user", "domain", "id")), "default");
	assert_string_equal(path_str(j, P("auth", "scope", "project", "domain", "id")), "default");
	cJSON_Delete(j);

	c.user_id = (char *)"u-1";
	c.project_id = (char *)"p-1";
	j = build(&c, NULL);
	assert_string_equal(path_str(j, P("auth", "identity", "password", "user", "id")), "u-1");
	assert_null(path_str(j, P("auth", "identity", "password", "user", "name")));
	assert_string_equal(path_str(j, P("auth", "scope", "project", "id")), "p-1");
	assert_null(path_str(j, P("auth", "scope", "project", "name")));
	cJSON_Delete(j);

	/* Rescoping names the project by id, whatever was configured. */
	j = build(&c, "p-2");
	assert_string_equal(path_str(j, P("auth", "scope", "project", "id")), "p-2");
	cJSON_Delete(j);

	c.project_id = NULL;
	c.project_name = NULL;
	j = build(&c, NULL);
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "auth"), "scope"));
	cJSON_Delete(j);
}

static void test_application_credential(void **state)
{
	struct clouds_config c;
	char *body = NULL;
	cJSON *j;

	memset(&c, 0, sizeof c);
	c.name = (char *)"ac";
	c.auth_type = CLOUDS_AUTH_APPCRED;
	c.app_cred_id = (char *)"ac-1";
	c.app_cred_secret = (char *)"shh";
	c.project_name = (char *)"ignored";
	j = build(&c, NULL);
	assert_string_equal(cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "auth"),
		"identity"), "methods"), 0)->valuestring, "application_credential");
	assert_string_equal(path_str(j, P("auth", "identity", "application_credential", "id")), "ac-1");
	assert_string_equal(path_str(j, P("auth", "identity", "application_credential", "secret")), "shh");
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "auth"), "scope"));
	cJSON_Delete(j);

	c.app_cred_id = NULL;
	c.app_cred_name = (char *)"my-cred";
	c.username = (char *)"bob";
	j = build(&c, NULL);
	assert_string_equal(path_str(j, P("auth", "identity", "application_credential", "name")), "my-cred");
	assert_string_equal(path_str(j, P("auth", "identity", "application_credential", "user", "name")), "bob");
	cJSON_Delete(j);

	/* Project-bound: no rescoping. */
	assert_int_equal(auth_build_request(&body, &c, "p-9"), ERR_INVALID);
	assert_null(body);
	assert_non_null(strstr(err_last(), "bound to its project"));
}

static void test_incomplete_credentials(void **state)
{
	struct clouds_config c;
	char *body = NULL;

	base_creds(&c);
	c.password = NULL;
	assert_int_equal(auth_build_request(&body, &c, NULL), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "OS_PASSWORD"));
	base_creds(&c);
	c.username = NULL;
	assert_int_equal(auth_build_request(&body, &c, NULL), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "OS_USERNAME"));
	memset(&c, 0, sizeof c);
	c.auth_type = CLOUDS_AUTH_APPCRED;
	c.app_cred_id = (char *)"x";
	assert_int_equal(auth_build_request(&body, &c, NULL), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "application_credential_secret"));
	/* The messages never carry the secret. */
	base_creds(&c);
	c.username = NULL;
	auth_build_request(&body, &c, NULL);
	assert_null(strstr(err_last(), "s3cret"));
}

static void test_parse_recorded_token(void **state)
{
	size_t len;
	char *body = fixture_read("token_password.json", &len);
	struct auth_token t;

	assert_int_equal(auth_parse_token(&t, "gAAAA-scrubbed", body, len), 0);
	assert_string_equal(t.id, "gAAAA-scrubbed");
	assert_string_equal(t.project_name, "builders");
	assert_string_equal(t.project_id, "b5687b4dd97d4c9f8dfa247c04c9295b");
	assert_string_equal(t.user_name, "builders-user");
	assert_int_equal(t.expires_at - t.issued_at, 3600);
	assert_true(t.catalog.n >= 12);
	assert_true(auth_token_fresh(&t, t.issued_at));
	assert_true(auth_token_fresh(&t, t.expires_at - AUTH_RENEW_MARGIN_S - 1));
	assert_false(auth_token_fresh(&t, t.expires_at - AUTH_RENEW_MARGIN_S));
	auth_token_dispose(&t);
	assert_null(t.id);

	assert_int_equal(auth_parse_token(&t, NULL, body, len), ERR_PARSE);
	assert_non_null(strstr(err_last(), "X-Subject-Token"));
	assert_int_equal(auth_parse_token(&t, "x", "{\"token\": {}}", 13), ERR_PARSE);
	assert_int_equal(auth_parse_token(&t, "x", "not json", 8), ERR_PARSE);
	free(body);
}

static void test_times(void **state)
{
	time_t t;
	struct auth_token tok;

	assert_int_equal(auth_parse_time("1994-11-06T08:49:37Z", &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(auth_parse_time("1994-11-06T08:49:37.123456Z", &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(auth_parse_time("1994-11-06T10:49:37+02:00", &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(auth_parse_time("1994-11-06T08:49:37.000000", &t), 0);
	assert_int_equal(t, 784111777);
	assert_int_equal(auth_parse_time("yesterday", &t), ERR_PARSE);
	assert_int_equal(auth_parse_time(NULL, &t), ERR_PARSE);
	/* A 10-minute token is renewed in its last quarter, not 5 minutes early. */
	memset(&tok, 0, sizeof tok);
	tok.id = (char *)"x";
	tok.issued_at = 1000;
	tok.expires_at = 1600;
	assert_true(auth_token_fresh(&tok, 1449));
	assert_false(auth_token_fresh(&tok, 1450));
}

static void test_describe_user(void **state)
{
	struct clouds_config c;
	char *s;

	base_creds(&c);
	s = auth_describe_user(&c);
	assert_string_equal(s, "user alice");
	free(s);
	c.username = (char *)"evil\x1b[2Jname";
	s = auth_describe_user(&c);
	assert_null(strchr(s, '\x1b'));
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_password_by_name_scoped_by_name),
		cmocka_unit_test(test_password_by_id_defaults_and_override),
		cmocka_unit_test(test_application_credential),
		cmocka_unit_test(test_incomplete_credentials),
		cmocka_unit_test(test_parse_recorded_token),
		cmocka_unit_test(test_times),
		cmocka_unit_test(test_describe_user),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
