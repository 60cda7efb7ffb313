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

#define LAB "clouds:\n" \
	"  lab:\n" \
	"    auth:\n" \
	"      auth_url: https://keystone.lab:5000/v3\n" \
	"      username: alice\n" \
	"      project_name: spark\n"

/* A one-cloud clouds.yaml naming cloud name. */
static char *one_cloud(const char *name)
{
	return xasprintf("clouds:\n  %s:\n    auth:\n      auth_url: https://%s:5000/v3\n"
			 "      username: u\n", name, name);
}

static void put_cloud(struct fixture *f, const char *rel, const char *name)
{
	char *text = one_cloud(name);

	fixture_put(f, rel, text, 0);
	free(text);
}

/* clouds_load(NULL) must pick cloud name from the file ROOT/rel. */
static void expect_default(struct fixture *f, const char *name, const char *rel)
{
	struct clouds_config c;
	char *path = fixture_path(f, rel);

	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.name, name);
	assert_string_equal(c.source, path);
	clouds_config_dispose(&c);
	free(path);
}

static void test_search_locations_in_order(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	put_cloud(f, "etc/openstack/clouds.yaml", "site");
	expect_default(f, "site", "etc/openstack/clouds.yaml");
	put_cloud(f, "home/.config/openstack/clouds.yml", "user");
	expect_default(f, "user", "home/.config/openstack/clouds.yml");
	put_cloud(f, "cwd/clouds.json", "json");
	expect_default(f, "json", "cwd/clouds.json");
	put_cloud(f, "cwd/clouds.yml", "yml");
	expect_default(f, "yml", "cwd/clouds.yml");
	put_cloud(f, "cwd/clouds.yaml", "local");
	expect_default(f, "local", "cwd/clouds.yaml");
	/* Only the first file found counts: clouds of the others are unknown. */
	assert_int_equal(clouds_load(&c, "site", &f->env), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "known clouds: local"));
}

static void test_client_config_file_first(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *path = fixture_path(f, "elsewhere/my-clouds.yaml");

	put_cloud(f, "cwd/clouds.yaml", "local");
	put_cloud(f, "elsewhere/my-clouds.yaml", "mine");
	fixture_env("OS_CLIENT_CONFIG_FILE", path);
	expect_default(f, "mine", "elsewhere/my-clouds.yaml");
	/* A missing override falls back to the search, with a warning. */
	fixture_env("OS_CLIENT_CONFIG_FILE", "/nonexistent/clouds.yaml");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.name, "local");
	assert_int_equal(c.n_warnings, 1);
	assert_string_equal(c.warnings[0], "OS_CLIENT_CONFIG_FILE=/nonexistent/clouds.yaml does not "
			    "exist; searching the default locations");
	clouds_config_dispose(&c);
	free(path);
}

static void test_secure_yaml_merged(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *path = fixture_path(f, "cwd/clouds.yaml"), *sec;

	fixture_put(f, "cwd/clouds.yaml", LAB "    region_name: R1\n", 0);
	fixture_put(f, "home/.config/openstack/secure.yaml",
		    "clouds:\n  lab:\n    auth:\n      password: pw-from-secure\n    region_name: R2\n"
		    "  only-secure:\n    auth: {auth_url: 'https://s:5000', user_id: abc}\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.source, path);
	assert_string_equal(c.auth_url, "https://keystone.lab:5000/v3");
	assert_string_equal(c.username, "alice");
	assert_string_equal(c.password, "pw-from-secure");
	assert_string_equal(c.project_name, "spark");
	assert_string_equal(c.region_name, "R2");
	assert_int_equal(c.auth_type, CLOUDS_AUTH_PASSWORD);
	clouds_config_dispose(&c);
	/* A cloud defined only in secure.yaml is found there. */
	assert_int_equal(clouds_load(&c, "only-secure", &f->env), 0);
	assert_string_equal(c.user_id, "abc");
	assert_non_null(strstr(c.source, "secure.yaml"));
	clouds_config_dispose(&c);
	/* OS_CLIENT_SECURE_FILE comes first. */
	sec = fixture_path(f, "s/other.yaml");
	fixture_put(f, "s/other.yaml", "clouds: {lab: {auth: {password: other}}}\n", 0);
	fixture_env("OS_CLIENT_SECURE_FILE", sec);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.password, "other");
	assert_string_equal(c.region_name, "R1");
	clouds_config_dispose(&c);
	free(sec);
	free(path);
}

static void test_regions_list(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	fixture_put(f, "cwd/clouds.yaml", LAB
		    "    regions:\n"
		    "      - R1\n"
		    "      - name: R2\n"
		    "        values:\n"
		    "          interface: internal\n"
		    "          auth: {project_name: other}\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.region_name, "R1");
	assert_string_equal(c.interface, "public");
	assert_string_equal(c.project_name, "spark");
	clouds_config_dispose(&c);
	fixture_env("OS_REGION_NAME", "R2");
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.region_name, "R2");
	assert_string_equal(c.interface, "internal");
	assert_string_equal(c.project_name, "other");
	assert_string_equal(c.username, "alice");
	clouds_config_dispose(&c);
	fixture_env("OS_REGION_NAME", "R3");
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "region 'R3' (OS_REGION_NAME) is not a region of cloud 'lab'"));
	assert_non_null(strstr(err_last(), "clouds.yaml:8); its regions: R1, R2"));
	/* The old comma-separated region_name. */
	fixture_env("OS_REGION_NAME", NULL);
	fixture_put(f, "cwd/clouds.yaml", LAB "    region_name: A,B\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.region_name, "A");
	clouds_config_dispose(&c);
}

static void test_unknown_cloud_lists_known(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *path = fixture_path(f, "cwd/clouds.yaml"), *want;

	fixture_put(f, "cwd/clouds.yaml", "clouds:\n  alpha: {auth: {auth_url: x, username: u}}\n"
		    "  beta: {auth: {auth_url: y, username: u}}\n", 0);
	assert_int_equal(clouds_load(&c, "gamma", &f->env), ERR_NOTFOUND);
	want = xasprintf("cloud 'gamma' not found in %s; known clouds: alpha, beta", path);
	assert_string_equal(err_last(), want);
	assert_null(c.name);
	/* Two clouds and no name: say how to choose. */
	assert_int_equal(clouds_load(&c, NULL, &f->env), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "no cloud selected"));
	assert_non_null(strstr(err_last(), "alpha, beta; set OS_CLOUD"));
	/* OS_CLOUD selects; the argument beats it. */
	fixture_env("OS_CLOUD", "beta");
	assert_int_equal(clouds_load(&c, NULL, &f->env), 0);
	assert_string_equal(c.name, "beta");
	clouds_config_dispose(&c);
	assert_int_equal(clouds_load(&c, "alpha", &f->env), 0);
	assert_string_equal(c.name, "alpha");
	clouds_config_dispose(&c);
	free(want);
	free(path);
}

static void test_nothing_found(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *want;

	assert_int_equal(clouds_load(&c, NULL, &f->env), ERR_NOTFOUND);
	want = xasprintf("no clouds.yaml found in %s/cwd/, ~/.config/openstack/, %s/etc/openstack/ "
			 "and no OS_AUTH_URL set: create one or source an openrc", f->root, f->root);
	assert_string_equal(err_last(), want);
	free(want);
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "cloud 'lab' not found: no clouds.yaml in"));
}

static void test_malformed_gives_file_line(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;

	fixture_put(f, "cwd/clouds.yaml", "clouds:\n  lab:\n    auth: {auth_url: x\n    region: y\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_PARSE);
	assert_non_null(strstr(err_last(), "cwd/clouds.yaml:"));
	assert_non_null(strstr(err_last(), "(while parsing a flow mapping at line 3)"));
	fixture_put(f, "cwd/clouds.yaml", "base: &b {auth_url: x}\nclouds:\n  lab: {auth: *b}\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_PARSE);
	assert_non_null(strstr(err_last(), "clouds.yaml:1: anchors and aliases are not supported"));
	fixture_put(f, "cwd/clouds.yaml", "- a\n- b\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "clouds.yaml:1: expected a mapping with a 'clouds' key"));
	fixture_put(f, "cwd/clouds.yaml", "clouds:\n  lab:\n    auth: [x]\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "clouds.yaml:3: auth of cloud 'lab' must be a mapping"));
}

static void test_permission_warning(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *path = fixture_path(f, "cwd/clouds.yaml"), *want;

	want = xasprintf("%s is readable by others and holds a password: chmod 600 %s", path, path);
	fixture_put(f, "cwd/clouds.yaml", LAB "      password: pw\n", 0644);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_int_equal(c.n_warnings, 1);
	assert_string_equal(c.warnings[0], want);
	clouds_config_dispose(&c);
	fixture_put(f, "cwd/clouds.yaml", LAB "      password: pw\n", 0600);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_int_equal(c.n_warnings, 0);
	clouds_config_dispose(&c);
	/* No secret in it: nothing to say. A readable secure.yaml with a secret is flagged. */
	fixture_put(f, "cwd/clouds.yaml", LAB, 0644);
	fixture_put(f, "cwd/secure.yaml",
		    "clouds: {lab: {auth: {password: s}}}\n", 0640);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_int_equal(c.n_warnings, 1);
	assert_non_null(strstr(c.warnings[0], "secure.yaml is readable by others"));
	clouds_config_dispose(&c);
	free(want);
	free(path);
}

static void test_missing_auth_url(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *path = fixture_path(f, "cwd/clouds.yaml"), *want;

	fixture_put(f, "cwd/clouds.yaml", "clouds:\n  lab:\n    auth:\n      username: a\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_CONFIG);
	want = xasprintf("cloud 'lab' in %s has no auth_url: add it under auth:", path);
	assert_string_equal(err_last(), want);
	free(want);
	free(path);
}

/* Each bad value is refused with file:line, and the password never shows. */
static void test_bad_values(void **state)
{
	static const char *const cases[][2] = {
		{ "    identity_api_version: 2\n", "clouds.yaml:8: identity_api_version '2' is not supported" },
		{ "    verify: maybe\n", "clouds.yaml:8: verify must be true or false" },
		{ "    interface: private\n", "clouds.yaml:8: interface 'private' is not one of" },
		{ "    auth_type: v3token\n", "clouds.yaml:8: auth_type 'v3token' is not supported" },
		{ "    profile: vexxhost\n", "clouds.yaml:8: cloud 'lab' uses a vendor profile" },
		{ "    cacert: [a, b]\n", "clouds.yaml:8: cacert of cloud 'lab' must be a single value" },
		{ "    regions: {a: b}\n", "clouds.yaml:8: regions of cloud 'lab' must be a list" },
	};
	struct fixture *f = *state;
	struct clouds_config c;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		char *text = xasprintf(LAB "      password: hunter2-SECRET\n%s", cases[i][0]);

		fixture_put(f, "cwd/clouds.yaml", text, 0);
		assert_int_equal(clouds_load(&c, "lab", &f->env), ERR_CONFIG);
		if (strstr(err_last(), cases[i][1]) == NULL)
			fail_msg("case %zu: got \"%s\"", i, err_last());
		assert_null(strstr(err_last(), "hunter2"));
		free(text);
	}
}

static void test_values_and_priorities(void **state)
{
	struct fixture *f = *state;
	struct clouds_config c;
	char *ca;

	fixture_put(f, "cwd/clouds.yaml",
		    "clouds:\n  lab:\n    auth:\n      auth-url: https://k:5000/v3\n"
		    "      user-id: uid\n      project_name: in-auth\n      tenant_id: t-1\n"
		    "      domain_name: Dom\n"
		    "    project_name: top-level\n    identity_api_version: '3'\n"
		    "    interface: internalURL\n    verify: no\n    cacert: ~/ca.pem\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.auth_url, "https://k:5000/v3");
	assert_string_equal(c.user_id, "uid");
	assert_string_equal(c.project_name, "top-level");
	assert_string_equal(c.project_id, "t-1");
	assert_string_equal(c.user_domain_name, "Dom");
	assert_string_equal(c.project_domain_name, "Dom");
	assert_null(c.user_domain_id);
	assert_null(c.project_domain_id);
	assert_string_equal(c.interface, "internal");
	assert_int_equal(c.verify, 0);
	ca = fixture_path(f, "home/ca.pem");
	assert_string_equal(c.cacert, ca);
	free(ca);
	clouds_config_dispose(&c);
	/* Without any domain, the CLI's default domain applies. */
	fixture_put(f, "cwd/clouds.yaml", LAB "    insecure: true\n", 0);
	assert_int_equal(clouds_load(&c, "lab", &f->env), 0);
	assert_string_equal(c.user_domain_id, "default");
	assert_string_equal(c.project_domain_id, "default");
	assert_int_equal(c.verify, 0);
	assert_null(c.region_name);
	assert_null(c.cacert);
	clouds_config_dispose(&c);
	assert_null(c.name);
	assert_int_equal(c.n_warnings, 0);
}

static void test_list_names(void **state)
{
	struct fixture *f = *state;
	char **names;
	size_t n, i;

	assert_int_equal(clouds_list_names(&names, &n, &f->env), 0);
	assert_int_equal(n, 0);
	free(names);
	fixture_put(f, "cwd/clouds.yaml", "clouds: {b: {}, a: {}}\n", 0);
	fixture_put(f, "etc/openstack/secure.yaml", "clouds: {a: {}, c: {}}\n", 0);
	assert_int_equal(clouds_list_names(&names, &n, &f->env), 0);
	assert_int_equal(n, 3);
	assert_string_equal(names[0], "b");
	assert_string_equal(names[1], "a");
	assert_string_equal(names[2], "c");
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	fixture_put(f, "cwd/clouds.yaml", "clouds: {b: [}\n", 0);
	assert_int_equal(clouds_list_names(&names, &n, &f->env), ERR_PARSE);
	assert_int_equal(n, 0);
}

#define T(name) cmocka_unit_test_setup_teardown(name, fixture_setup, fixture_teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_search_locations_in_order),
		T(test_client_config_file_first),
		T(test_secure_yaml_merged),
		T(test_regions_list),
		T(test_unknown_cloud_lists_known),
		T(test_nothing_found),
		T(test_malformed_gives_file_line),
		T(test_permission_warning),
		T(test_missing_auth_url),
		T(test_bad_values),
		T(test_values_and_priorities),
		T(test_list_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
