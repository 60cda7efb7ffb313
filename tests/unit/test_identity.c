/* Tests of src/cloud/identity.c: the recorded GET /v3/auth/projects. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "cloud/identity.h"
#include "core/error.h"
#include "core/model.h"
#include "tests/unit/cloud_testlib.h"

static void test_recorded_projects(void **state)
{
	cJSON *page = fixture_json("auth_projects.json");
	struct project *v = NULL;
	size_t n = 0, i;

	assert_int_equal(identity_parse_projects(&v, &n, page), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "admin");
	assert_string_equal(v[0].id, "8050dc77c69d487c9fcc901157dc2c59");
	assert_string_equal(v[0].domain_id, "default");
	assert_string_equal(v[0].description, "Bootstrap project for initializing the cloud.");
	assert_int_equal(v[0].enabled, 1);
	for (i = 0; i < n; i++)
		model_project_dispose(&v[i]);
	free(v);
	cJSON_Delete(page);
}

static void test_disabled_and_malformed(void **state)
{
	cJSON *page = cJSON_Parse("{\"projects\": [{\"id\": \"p1\", \"enabled\": false}, {\"name\": \"x\"}]}");
	struct project *v = NULL;
	size_t n = 0;

	assert_int_equal(identity_parse_projects(&v, &n, page), ERR_PARSE);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].enabled, 0);
	assert_string_equal(v[0].name, "");
	assert_null(v[0].description);
	model_project_dispose(&v[0]);
	free(v);
	cJSON_Delete(page);
	page = cJSON_Parse("[]");
	v = NULL;
	n = 0;
	assert_int_equal(identity_parse_projects(&v, &n, page), ERR_PARSE);
	free(v);
	cJSON_Delete(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_projects),
		cmocka_unit_test(test_disabled_and_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
