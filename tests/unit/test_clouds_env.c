#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "clouds_fixture.h"
#include "core/clouds.h"
#include "core/error.h"
#include "core/xmalloc.h"

/* An openrc as Horizon writes it (v3, password). */
static void openrc_password(void)
{
	fixture_env("OS_AUTH_URL", "https://keystone.env:5000/v3");
	fixture_env("OS_USERNAME", "bob");
	fixture_env("OS_PASSWORD", "env-pw");
	fixture_env("OS_PROJECT_NAME", "hail");
	fixture_env("OS_USER_DOMAIN_NAME", "Default");
	fixture_env("OS_PROJECT_DOMAIN_ID", "default");
	fixture_env("OS_REGION_NAME", "RegionOne");
	fixture_env("OS_INTERFACE", "public");
	fixture_env("OS_IDENTITY_API_VERSION", "3");
}

static void test_env_only_password(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	openrc_password();
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.name, "envvars");
	assert_null(c.source);
	assert_int_equal(c.auth_type, CLOUDS_AUTH_PASSWORD);
	assert_string_equal(c.auth_url, "https://keystone.env:5000/v3");
	assert_string_equal(c.username, "bob");
	assert_string_equal(c.password, "env-pw");
	assert_string_equal(c.project_name, "hail");
	assert_string_equal(c.user_domain_name, "Default");
	assert_null(c.user_domain_id);
	assert_string_equal(c.project_domain_id, "default");
	assert_string_equal(c.region_name, "RegionOne");
	assert_string_equal(c.interface, "public");
	assert_int_equal(c.verify, 1);
	assert_int_equal(c.n_warnings, 0);
	clouds_config_dispose(&c);
}

static void test_env_only_old_names(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	fixture_env("OS_AUTH_URL", "http://127.0.0.1:5000/v3");
	fixture_env("OS_USER_ID", "u-1");
	fixture_env("OS_TENANT_NAME", "tenant");
	fixture_env("OS_TENANT_ID", "t-1");
	fixture_env("OS_DOMAIN_NAME", "Lab");
	fixture_env("OS_ENDPOINT_TYPE", "internalURL");
	fixture_env("OS_INSECURE", "True");
	fixture_env("OS_CACERT", "/etc/ssl/lab.pem");
	fixture_env("OS_AUTH_TYPE", "v3password");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.user_id, "u-1");
	assert_string_equal(c.project_name, "tenant");
	assert_string_equal(c.project_id, "t-1");
	assert_string_equal(c.user_domain_name, "Lab");
	assert_string_equal(c.project_domain_name, "Lab");
	assert_string_equal(c.interface, "internal");
	assert_int_equal(c.verify, 0);
	assert_string_equal(c.cacert, "/etc/ssl/lab.pem");
	assert_null(c.region_name);
	clouds_config_dispose(&c);
	/* OS_PROJECT_* wins over OS_TENANT_*; only "true" means insecure, as in the sdk. */
	fixture_env("OS_PROJECT_NAME", "project");
	fixture_env("OS_INSECURE", "1");
	fixture_env("OS_INTERFACE", "admin");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.project_name, "project");
	assert_string_equal(c.interface, "admin");
	assert_int_equal(c.verify, 1);
	clouds_config_dispose(&c);
}

static void test_env_only_application_credential(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	fixture_env("OS_AUTH_TYPE", "v3applicationcredential");
	fixture_env("OS_AUTH_URL", "https://k:5000/v3");
	fixture_env("OS_APPLICATION_CREDENTIAL_ID", "ac-id");
	assert_int_equal(clouds_load(&c, NULL, &f->env), ERR_CONFIG);
	assert_string_equal(err_last(), "OS_APPLICATION_CREDENTIAL_SECRET is not set (other OS_* "
			    "variables are): source a complete openrc, or set OS_CLOUD to a cloud of "
			    "clouds.yaml");
	fixture_env("OS_APPLICATION_CREDENTIAL_SECRET", "ac-secret");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_int_equal(c.auth_type, CLOUDS_AUTH_APPCRED);
	assert_string_equal(c.app_cred_id, "ac-id");
	assert_string_equal(c.app_cred_secret, "ac-secret");
	assert_null(c.user_domain_id);
	clouds_config_dispose(&c);
	/* Without OS_AUTH_TYPE, a secret and no password mean an application credential. */
	fixture_env("OS_AUTH_TYPE", NULL);
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_int_equal(c.auth_type, CLOUDS_AUTH_APPCRED);
	clouds_config_dispose(&c);
	/* By name, the credential needs its user. */
	fixture_env("OS_APPLICATION_CREDENTIAL_ID", NULL);
	fixture_env("OS_APPLICATION_CREDENTIAL_NAME", "ci");
	assert_int_equal(clouds_load(&c, NULL, &f->env), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "OS_USERNAME is not set"));
	fixture_env("OS_USERNAME", "carol");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.app_cred_name, "ci");
	clouds_config_dispose(&c);
	assert_null(strstr(err_last(), "ac-secret"));
}

static void test_env_only_incomplete(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	fixture_env("OS_USERNAME", "bob");
	fixture_env("OS_PASSWORD", "pw");
	assert_int_equal(clouds_load(&c, NULL, &f->env), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "OS_AUTH_URL is not set"));
	fixture_env("OS_AUTH_URL", "https://k/v3");
	fixture_env("OS_IDENTITY_API_VERSION", "2.0");
	assert_int_equal(clouds_load(&c, NULL, &f->env), ERR_CONFIG);
	assert_string_equal(err_last(), "OS_IDENTITY_API_VERSION: identity_api_version '2.0' is not "
			    "supported: sparkdeck speaks Keystone v3 only (set it to 3 or remove it)");
	fixture_env("OS_IDENTITY_API_VERSION", NULL);
	fixture_env("OS_AUTH_TYPE", "token");
	assert_int_equal(clouds_load(&c, NULL, &f->env), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "OS_AUTH_TYPE: auth_type 'token' is not supported"));
	assert_null(strstr(err_last(), "pw"));
}

/* An openrc never needs the files: a broken clouds.yaml does not matter then. */
static void test_env_only_ignores_files(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	fixture_put(f, "cwd/clouds.yaml", "clouds: [broken\n", 0);
	openrc_password();
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.name, "envvars");
	clouds_config_dispose(&c);
	/* Naming a cloud reads them. */
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_PARSE);
}

/* With a named cloud, OS_* variables override it as the openstack CLI does. */
static void test_env_overrides_named_cloud(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *want, *path = fixture_path(f, "cwd/clouds.yaml");

	fixture_put(f, "cwd/clouds.yaml",
		    "clouds:\n  lab:\n    auth:\n      auth_url: https://file:5000/v3\n"
		    "      username: alice\n      password: file-pw\n    interface: internal\n"
		    "    regions: [R1, R2]\n", 0);
	fixture_env("OS_PASSWORD", "file-pw");
	fixture_env("OS_AUTH_URL", "https://env:5000/v3");
	fixture_env("OS_PROJECT_NAME", "from-env");
	fixture_env("OS_REGION_NAME", "R2");
	fixture_env("OS_INSECURE", "true");
	fixture_env("OS_ENDPOINT_TYPE", "adminURL");
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.name, "lab");
	assert_string_equal(c.auth_url, "https://env:5000/v3");
	assert_string_equal(c.username, "alice");
	assert_string_equal(c.project_name, "from-env");
	assert_string_equal(c.region_name, "R2");
	/* OS_INSECURE and OS_ENDPOINT_TYPE only count for an environment-only cloud. */
	assert_int_equal(c.verify, 1);
	assert_string_equal(c.interface, "internal");
	/* Only a real change is reported, naming the variable, never a value. */
	assert_int_equal(c.n_warnings, 1);
	want = xasprintf("OS_AUTH_URL overrides auth.auth_url of cloud 'lab' (%s:4)", path);
	assert_string_equal(c.warnings[0], want);
	free(want);
	clouds_config_dispose(&c);
	fixture_env("OS_PASSWORD", "other-pw");
	fixture_env("OS_INTERFACE", "public");
	fixture_env("OS_CLOUD", "lab");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.password, "other-pw");
	assert_string_equal(c.interface, "public");
	assert_int_equal(c.n_warnings, 3);
	assert_non_null(strstr(c.warnings[1], "OS_PASSWORD overrides auth.password"));
	assert_null(strstr(c.warnings[1], "other-pw"));
	assert_null(strstr(c.warnings[1], "file-pw"));
	clouds_config_dispose(&c);
	free(path);
}

/* OS_CLOUD and OS_REGION_NAME only select: they make no environment cloud. */
static void test_selectors_are_not_a_cloud(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	fixture_put(f, "cwd/clouds.yaml", "clouds:\n  solo:\n    auth: {auth_url: https://s/v3, "
		    "username: u}\n    region_name: R9\n", 0);
	fixture_env("OS_REGION_NAME", "R9");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.name, "solo");
	assert_string_equal(c.region_name, "R9");
	clouds_config_dispose(&c);
	/* "envvars" names the environment cloud when clouds.yaml has none of that name. */
	fixture_env("OS_AUTH_URL", "https://e/v3");
	fixture_env("OS_USERNAME", "e");
	assert_int_equal(clouds_load(&c, "envvars", &f->env), 0);
	assert_string_equal(c.name, "envvars");
	assert_string_equal(c.auth_url, "https://e/v3");
	clouds_config_dispose(&c);
	/* An empty OS_CLOUD is no OS_CLOUD. */
	fixture_env("OS_CLOUD", "");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.name, "envvars");
	clouds_config_dispose(&c);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_env_only_password),
		T(test_env_only_old_names),
		T(test_env_only_application_credential),
		T(test_env_only_incomplete),
		T(test_env_only_ignores_files),
		T(test_env_overrides_named_cloud),
		T(test_selectors_are_not_a_cloud),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
