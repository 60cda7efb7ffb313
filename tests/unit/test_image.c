/* Tests of src/cloud/image.c: recorded Glance pages and members. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "cloud/image.h"
#include "core/error.h"
#include "core/model.h"
#include "tests/unit/cloud_testlib.h"

#define TRAINING "ff28535e775740548cb7ef33f8e524ca"
#define BUILDERS "b5687b4dd97d4c9f8dfa247c04c9295b"

static void free_images(struct image *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		model_image_dispose(&v[i]);
	free(v);
}

static void test_recorded_pages(void **state)
{
	struct image *v = NULL;
	size_t n = 0;
	int i;
	char name[32];

	for (i = 1; i <= 3; i++) {
		cJSON *page;

		snprintf(name, sizeof name, "images_page%d.json", i);
		page = fixture_json(name);
		assert_int_equal(image_parse_images(&v, &n, page), 0);
		cJSON_Delete(page);
	}
	assert_int_equal(n, 2);
	assert_string_equal(v[0].name, "vsnap");
	assert_string_equal(v[0].visibility, "shared");
	assert_string_equal(v[0].owner, BUILDERS);
	assert_string_equal(v[0].disk_format, "qcow2");
	assert_int_equal(v[0].size, 196624);
	assert_string_equal(v[0].status, "active");
	assert_null(v[0].recipe);
	assert_null(v[0].member_status);
	assert_true(image_is_shared_with(&v[0], TRAINING));
	assert_false(image_is_shared_with(&v[0], BUILDERS));
	assert_string_equal(v[1].name, "debian-12-base");
	assert_false(image_is_shared_with(&v[1], TRAINING));
	free_images(v, n);
}

static void test_properties_and_nulls(void **state)
{
	cJSON *page = cJSON_Parse("{\"images\": [{\"id\": \"i1\", \"name\": null, \"size\": null, \"status\": \"queued\","
				  "\"visibility\": \"private\", \"sparkdeck_recipe\": \"hail-base/1.0.0\"}]}");
	struct image *v = NULL;
	size_t n = 0;

	assert_int_equal(image_parse_images(&v, &n, page), 0);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].name, "");
	assert_int_equal(v[0].size, -1);
	assert_string_equal(v[0].recipe, "hail-base/1.0.0");
	assert_null(v[0].owner);
	free_images(v, n);
	cJSON_Delete(page);
	page = cJSON_Parse("{\"images\": [{\"name\": \"no id\"}]}");
	v = NULL;
	n = 0;
	assert_int_equal(image_parse_images(&v, &n, page), ERR_PARSE);
	assert_int_equal(n, 0);
	free(v);
	cJSON_Delete(page);
}

static void test_recorded_member(void **state)
{
	cJSON *m = fixture_json("image_member.json");
	char *status;

	assert_int_equal(image_parse_member_status(&status, m), 0);
	assert_string_equal(status, "accepted");
	free(status);
	cJSON_Delete(m);
	m = cJSON_Parse("{}");
	assert_int_equal(image_parse_member_status(&status, m), ERR_PARSE);
	assert_null(status);
	cJSON_Delete(m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_pages),
		cmocka_unit_test(test_properties_and_nulls),
		cmocka_unit_test(test_recorded_member),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
