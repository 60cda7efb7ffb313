/* Tests of src/cloud/catalog.c with the catalog of a recorded sandbox token. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "cloud/catalog.h"
#include "core/error.h"
#include "tests/unit/cloud_testlib.h"

static int setup(void **state)
{
	cJSON *tok = fixture_json("token_password.json");
	struct catalog *c = calloc(1, sizeof *c);

	assert_int_equal(catalog_parse(c, cJSON_GetObjectItem(cJSON_GetObjectItem(tok, "token"), "catalog")), 0);
	cJSON_Delete(tok);
	*state = c;
	return 0;
}

static int teardown(void **state)
{
	catalog_dispose(*state);
	free(*state);
	return 0;
}

static void expect_url(const struct catalog *c, const char *type, const char *iface, const char *region,
		       const char *want)
{
	char *url;

	assert_int_equal(catalog_find_endpoint(&url, c, type, iface, region), 0);
	assert_string_equal(url, want);
	free(url);
}

static void test_recorded_endpoints(void **state)
{
	const struct catalog *c = *state;

	expect_url(c, "compute", NULL, NULL, "http://127.0.0.1:8774/v2.1");
	expect_url(c, "compute", "internal", "RegionOne", "http://127.0.0.1:8774/v2.1");
	expect_url(c, "image", "public", "RegionOne", "http://127.0.0.1:9292/v2");
	expect_url(c, "network", "public", NULL, "http://127.0.0.1:9696/v2.0");
	expect_url(c, "identity", "admin", NULL, "http://127.0.0.1:5000/v3");
	assert_string_equal(catalog_first_region(c, "compute"), "RegionOne");
}

static void test_missing_service_names_it(void **state)
{
	const struct catalog *c = *state;
	struct catalog empty = { NULL, 0 };
	char *url = (char *)"x";

	assert_int_equal(catalog_find_endpoint(&url, c, "object-store", "public", NULL), ERR_NOTFOUND);
	assert_null(url);
	assert_non_null(strstr(err_last(), "'object-store'"));
	assert_int_equal(catalog_find_endpoint(&url, c, "compute", "public", "RegionTwo"), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "RegionTwo"));
	assert_int_equal(catalog_find_endpoint(&url, &empty, "compute", NULL, NULL), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "no service catalog"));
}

static void test_first_match_wins(void **state)
{
	const char *text = "[{\"type\": \"image\", \"endpoints\": ["
		"{\"interface\": \"public\", \"region_id\": \"R1\", \"url\": \"https://a.example/image/v2/\"},"
		"{\"interface\": \"public\", \"region_id\": \"R2\", \"url\": \"https://b.example:9292\"}]},"
		"{\"type\": \"image\", \"endpoints\": [{\"interface\": \"public\", \"url\": \"https://c.example\"}]},"
		"{\"type\": \"broken\"}, {\"endpoints\": []}]";
	cJSON *j = cJSON_Parse(text);
	struct catalog c;

	assert_int_equal(catalog_parse(&c, j), 0);
	assert_int_equal(c.n, 3);
	expect_url(&c, "image", NULL, NULL, "https://a.example/image/v2");
	expect_url(&c, "image", NULL, "R2", "https://b.example:9292/v2");
	catalog_dispose(&c);
	cJSON_Delete(j);
	assert_int_equal(catalog_parse(&c, NULL), 0);
	assert_int_equal(c.n, 0);
	j = cJSON_Parse("{}");
	assert_int_equal(catalog_parse(&c, j), ERR_PARSE);
	cJSON_Delete(j);
}

static void test_normalise(void **state)
{
	static const char *const cases[][3] = {
		{ "image", "http://h:9292", "http://h:9292/v2" },
		{ "image", "http://h:9292/", "http://h:9292/v2" },
		{ "image", "http://h/image/v2.0/", "http://h/image/v2" },
		{ "image", "http://h/v2image", "http://h/v2image/v2" },
		{ "network", "http://h:9696", "http://h:9696/v2.0" },
		{ "network", "http://h:9696/v2.0", "http://h:9696/v2.0" },
		{ "compute", "http://h:8774/v2.1/", "http://h:8774/v2.1" },
		{ "compute", "http://h:8774/v2/abc123", "http://h:8774/v2/abc123" },
		{ "compute", "http://h/compute", "http://h/compute/v2.1" },
		{ "placement", "http://h:8778/", "http://h:8778" },
	};
	size_t i;
	char *u;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		u = catalog_normalise_url(cases[i][0], cases[i][1]);
		assert_string_equal(u, cases[i][2]);
		free(u);
	}
	u = catalog_identity_url("http://127.0.0.1:5000");
	assert_string_equal(u, "http://127.0.0.1:5000/v3");
	free(u);
	u = catalog_identity_url("https://k.example/identity/v3/");
	assert_string_equal(u, "https://k.example/identity/v3");
	free(u);
	u = catalog_identity_url("https://k.example/v2.0");
	assert_string_equal(u, "https://k.example/v3");
	free(u);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_endpoints),
		cmocka_unit_test(test_missing_service_names_it),
		cmocka_unit_test(test_first_match_wins),
		cmocka_unit_test(test_normalise),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
