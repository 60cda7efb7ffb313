#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/json.h"
#include "core/xmalloc.h"

/* depth opening brackets (alternating arrays and objects) and their closers. */
static char *nested(int depth)
{
	char *s = xmalloc((size_t)depth * 6 + 8), *p = s;
	int i;

	for (i = 0; i < depth; i++) {
		if (i % 2) {
			memcpy(p, "{\"k\":", 5);
			p += 5;
		} else {
			*p++ = '[';
		}
	}
	memcpy(p, "1", 1);
	p++;
	for (i = depth - 1; i >= 0; i--)
		*p++ = i % 2 ? '}' : ']';
	*p = '\0';
	return s;
}

static void test_depth_64_accepted_65_refused(void **state)
{
	cJSON *root = NULL;
	char *s;

	s = nested(JSON_MAX_DEPTH);
	assert_int_equal(json_parse(&root, s, strlen(s), JSON_MAX_DEPTH), 0);
	assert_non_null(root);
	cJSON_Delete(root);
	free(s);

	s = nested(JSON_MAX_DEPTH + 1);
	assert_int_equal(json_parse(&root, s, strlen(s), JSON_MAX_DEPTH), ERR_TOOBIG);
	assert_null(root);
	assert_non_null(strstr(err_last(), "deeper than 64"));
	free(s);

	/* Far deeper than cJSON's own limit: refused by the pre-scan, not by recursion. */
	s = nested(100000);
	assert_int_equal(json_parse(&root, s, strlen(s), JSON_MAX_DEPTH), ERR_TOOBIG);
	free(s);
}

static void test_brackets_inside_strings_not_counted(void **state)
{
	static const char doc[] =
		"{\"name\":\"[[[[[[[[{{{{{{{{\",\"esc\":\"\\\"[[[[[[[[\\\\\",\"n\":[1]}";
	cJSON *root = NULL;

	assert_int_equal(json_parse(&root, doc, sizeof doc - 1, 2), 0);
	assert_string_equal(json_get_str(root, "name"), "[[[[[[[[{{{{{{{{");
	assert_string_equal(json_get_str(root, "esc"), "\"[[[[[[[[\\");
	cJSON_Delete(root);
	/* The same brackets outside a string do count. */
	assert_int_equal(json_parse(&root, "[[[1]]]", 7, 2), ERR_TOOBIG);
}

static void test_malformed_is_parse_error_with_offset(void **state)
{
	cJSON *root = NULL;

	assert_int_equal(json_parse(&root, "{\"a\":1,}", 8, JSON_MAX_DEPTH), ERR_PARSE);
	assert_null(root);
	assert_non_null(strstr(err_last(), "malformed JSON at byte 7"));
	assert_int_equal(json_parse(&root, "{\"a\":tru}", 9, JSON_MAX_DEPTH), ERR_PARSE);
	assert_non_null(strstr(err_last(), "byte"));
	assert_int_equal(json_parse(&root, "{} x", 4, JSON_MAX_DEPTH), ERR_PARSE);
	assert_non_null(strstr(err_last(), "after the document at byte 3"));
	assert_int_equal(json_parse(&root, "", 0, JSON_MAX_DEPTH), ERR_PARSE);
	assert_int_equal(json_parse(&root, NULL, 0, JSON_MAX_DEPTH), ERR_PARSE);
	assert_int_equal(json_parse(&root, "[1,2", 4, JSON_MAX_DEPTH), ERR_PARSE);
	assert_int_equal(json_parse(&root, "\"unterminated", 13, JSON_MAX_DEPTH), ERR_PARSE);
}

static void test_length_bounds_the_input(void **state)
{
	static const char buf[] = "{\"a\":1}garbage that is not looked at";
	cJSON *root = NULL;

	assert_int_equal(json_parse(&root, buf, 7, JSON_MAX_DEPTH), 0);
	assert_int_equal((int)json_get_num(root, "a", 0), 1);
	cJSON_Delete(root);
	assert_int_equal(json_parse(&root, " \n{\"a\":[]}\r\n\t", 13, JSON_MAX_DEPTH), 0);
	cJSON_Delete(root);
}

static void test_getters_never_fail(void **state)
{
	static const char doc[] =
		"{\"s\":\"text\",\"n\":2.5,\"t\":true,\"f\":false,\"null\":null,\"o\":{}}";
	cJSON *root = NULL;
	char *dup;

	assert_int_equal(json_parse(&root, doc, sizeof doc - 1, JSON_MAX_DEPTH), 0);
	assert_string_equal(json_get_str(root, "s"), "text");
	assert_null(json_get_str(root, "n"));
	assert_null(json_get_str(root, "missing"));
	assert_null(json_get_str(NULL, "s"));
	dup = json_dup_str(root, "s");
	assert_string_equal(dup, "text");
	free(dup);
	assert_null(json_dup_str(root, "null"));
	assert_true(json_get_num(root, "n", 0) == 2.5);
	assert_true(json_get_num(root, "s", -1) == -1);
	assert_true(json_get_num(NULL, "n", 7) == 7);
	assert_int_equal(json_get_bool(root, "t", 0), 1);
	assert_int_equal(json_get_bool(root, "f", 1), 0);
	assert_int_equal(json_get_bool(root, "null", -1), -1);
	assert_int_equal(json_get_bool(root, "s", 1), 1);
	/* Members of a non-object are absent. */
	assert_null(json_get_str(cJSON_GetObjectItem(root, "s"), "s"));
	cJSON_Delete(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_depth_64_accepted_65_refused),
		cmocka_unit_test(test_brackets_inside_strings_not_counted),
		cmocka_unit_test(test_malformed_is_parse_error_with_offset),
		cmocka_unit_test(test_length_bounds_the_input),
		cmocka_unit_test(test_getters_never_fail),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
