/* Tests of src/cloud/image_members.c: JSON-patch body, member parsing, image references. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "cloud/image_members.h"
#include "core/error.h"
#include "core/model.h"

static void test_visibility_patch(void **state)
{
	char *s = image_build_visibility_patch("shared");

	(void)state;
	assert_string_equal(s, "[{\"op\":\"replace\",\"path\":\"/visibility\",\"value\":\"shared\"}]");
	free(s);
	assert_string_equal(IMAGE_PATCH_CONTENT_TYPE,
			    "Content-Type: application/openstack-images-v2.1-json-patch");
}

/* Recorded from the sandbox's Glance: GET /v2/images/{id}/members. */
static const char members_json[] =
	"{\"members\": [{\"status\": \"pending\", \"created_at\": \"2026-11-25T00:52:01Z\", "
	"\"updated_at\": \"2026-11-25T00:52:01Z\", \"image_id\": \"ab55d37e-e27f-4541-8931-7f6d7804f5a2\", "
	"\"member_id\": \"85121f6a609c4e7f90cc7204e5539ee7\", \"schema\": \"/v2/schemas/member\"}, "
	"{\"status\": \"accepted\", \"member_id\": \"ffffffffffffffffffffffffffffffff\"}], "
	"\"schema\": \"/v2/schemas/members\"}";

static void test_parse_members(void **state)
{
	cJSON *root = cJSON_Parse(members_json);
	struct image_member *v = NULL, one;
	size_t n = 99;

	(void)state;
	assert_int_equal(image_parse_members(&v, &n, root), 0);
	assert_int_equal(n, 2);
	assert_string_equal(v[0].member_id, "85121f6a609c4e7f90cc7204e5539ee7");
	assert_string_equal(v[0].status, "pending");
	assert_string_equal(v[0].image_id, "ab55d37e-e27f-4541-8931-7f6d7804f5a2");
	assert_string_equal(v[0].updated_at, "2026-11-25T00:52:01Z");
	assert_string_equal(v[1].status, "accepted");
	assert_null(v[1].created_at);
	image_members_free(v, n);
	cJSON_Delete(root);

	root = cJSON_Parse("{\"members\": [{\"member_id\": \"a\", \"status\": \"pending\"}, {\"member_id\": \"b\"}]}");
	assert_int_equal(image_parse_members(&v, &n, root), ERR_PARSE);
	assert_null(v);
	assert_int_equal(n, 0);
	cJSON_Delete(root);
	root = cJSON_Parse("{\"members\": {}}");
	assert_int_equal(image_parse_members(&v, &n, root), ERR_PARSE);
	cJSON_Delete(root);
	root = cJSON_Parse("{\"member_id\": \"p\", \"status\": \"rejected\"}");
	assert_int_equal(image_parse_member(&one, root), 0);
	assert_string_equal(one.status, "rejected");
	image_member_dispose(&one);
	cJSON_Delete(root);
}

static void test_match_ref(void **state)
{
	struct image im = { 0 };

	(void)state;
	im.id = "11111111-2222";
	im.name = "hail-base-1.0.0";
	im.recipe = "hail-base/1.0.0";
	assert_int_equal(image_match_ref(&im, "hail-base/1.0.0"), IMAGE_REF_RECIPE);
	assert_int_equal(image_match_ref(&im, "hail-base-1.0.0"), IMAGE_REF_NAME);
	assert_int_equal(image_match_ref(&im, "11111111-2222"), IMAGE_REF_ID);
	assert_int_equal(image_match_ref(&im, "hail-base/1.0"), IMAGE_REF_NONE);
	/* "hail/base-1.0.0" is NAME hail, VERSION base-1.0.0: that name too */
	assert_int_equal(image_match_ref(&im, "hail/base-1.0.0"), IMAGE_REF_NAME);
	assert_int_equal(image_match_ref(&im, "hail-bas/e-1.0.0"), IMAGE_REF_NONE);
	assert_int_equal(image_match_ref(&im, "/1.0.0"), IMAGE_REF_NONE);
	assert_int_equal(image_match_ref(&im, "hail-base/"), IMAGE_REF_NONE);
	/* Without the property, NAME/VERSION falls back to the name NAME-VERSION. */
	im.recipe = NULL;
	assert_int_equal(image_match_ref(&im, "hail-base/1.0.0"), IMAGE_REF_NAME);
	/* The property wins over a name that merely looks right. */
	im.recipe = "other/2";
	assert_int_equal(image_match_ref(&im, "hail-base/1.0.0"), IMAGE_REF_NAME);
	assert_int_equal(image_match_ref(&im, "other/2"), IMAGE_REF_RECIPE);
}

static void test_find_by_ref(void **state)
{
	struct image v[4];
	size_t idx[4], n;

	(void)state;
	memset(v, 0, sizeof v);
	v[0].id = "a"; v[0].name = "spark-3.5"; v[0].recipe = NULL;
	v[1].id = "b"; v[1].name = "renamed"; v[1].recipe = "spark/3.5";
	v[2].id = "c"; v[2].name = "spark/3.5";
	v[3].id = "d"; v[3].name = "dup"; v[3].recipe = "dup/1";
	/* the recipe property beats the NAME-VERSION name */
	n = image_find_by_ref(idx, 4, v, 4, "spark/3.5");
	assert_int_equal(n, 1);
	assert_int_equal(idx[0], 1);
	n = image_find_by_ref(idx, 4, v, 4, "spark-3.5");
	assert_int_equal(n, 1);
	assert_int_equal(idx[0], 0);
	n = image_find_by_ref(idx, 4, v, 4, "c");
	assert_int_equal(n, 1);
	assert_int_equal(idx[0], 2);
	assert_int_equal(image_find_by_ref(idx, 4, v, 4, "nothing/1"), 0);
	v[2].recipe = "dup/1";
	n = image_find_by_ref(idx, 4, v, 4, "dup/1");
	assert_int_equal(n, 2);
	assert_int_equal(idx[0], 2);
	assert_int_equal(idx[1], 3);
	assert_int_equal(image_find_by_ref(idx, 1, v, 4, "dup/1"), 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_visibility_patch),
		cmocka_unit_test(test_parse_members),
		cmocka_unit_test(test_match_ref),
		cmocka_unit_test(test_find_by_ref),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
