/* Tests of src/cloud/pager.c: next links of recorded Nova, Glance and Keystone pages, loops. */
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

#include "cloud/pager.h"
#include "core/error.h"
#include "tests/unit/cloud_testlib.h"

/* Follow recorded pages prefix1.json, prefix2.json ...; returns the number of pages. */
static int follow(const char *first, const char *links, const char *prefix, const char *const *want)
{
	struct pager p;
	char name[64], *path = strdup(first), *next;
	int n = 0;

	pager_init(&p, first, links, 0);
	for (;;) {
		cJSON *page;

		snprintf(name, sizeof name, "%s%d.json", prefix, n + 1);
		page = fixture_json(name);
		assert_int_equal(pager_next_path(&p, path, page, &next), 0);
		cJSON_Delete(page);
		free(path);
		n++;
		if (next == NULL)
			break;
		assert_non_null(want[n - 1]);
		assert_string_equal(next, want[n - 1]);
		path = next;
	}
	assert_null(want[n - 1]);
	pager_dispose(&p);
	return n;
}

static void test_recorded_nova_pages(void **state)
{
	static const char *const want[] = {
		"/servers/detail?limit=4&marker=35e63c97-2082-4698-9eea-25d5c7e43fcd",
		"/servers/detail?limit=4&marker=bc84398b-b436-4519-bc83-f1f47449ed5e",
		NULL
	};

	/* Only the query of Nova's absolute href is used, below our own endpoint. */
	assert_int_equal(follow("/servers/detail?limit=4", "servers_links", "servers_page", want), 3);
}

static void test_recorded_glance_pages(void **state)
{
	static const char *const want[] = {
		"/images?limit=1&member_status=all&marker=d44cc0b9-49e8-45a0-b441-ed424a1f52c6",
		"/images?limit=1&member_status=all&marker=8659b12e-a4ca-4269-bd79-094620d557af",
		NULL
	};

	assert_int_equal(follow("/images?limit=1&member_status=all", "next", "images_page", want), 3);
}

static void test_recorded_keystone_single_page(void **state)
{
	cJSON *page = fixture_json("auth_projects.json");

	assert_null(pager_find_next(page, "links"));
	cJSON_Delete(page);
}

static void test_foreign_host_is_never_used(void **state)
{
	struct pager p;
	cJSON *page = cJSON_Parse("{\"servers\": [], \"servers_links\": [{\"rel\": \"self\", \"href\": \"x\"},"
				  "{\"rel\": \"next\", \"href\": \"https://evil.example/steal?marker=m1\"}]}");
	char *next;

	pager_init(&p, "/servers/detail", "servers_links", 0);
	assert_int_equal(pager_next_path(&p, "/servers/detail", page, &next), 0);
	assert_string_equal(next, "/servers/detail?marker=m1");
	free(next);
	pager_dispose(&p);
	cJSON_Delete(page);
}

static void test_repeated_marker_is_a_loop(void **state)
{
	struct pager p;
	cJSON *a = cJSON_Parse("{\"next\": \"/v2/images?limit=2&marker=m1\"}");
	cJSON *b = cJSON_Parse("{\"next\": \"/v2/images?marker=m1&limit=3\"}");
	char *next, *prev;

	pager_init(&p, "/images?limit=2", "next", 0);
	assert_int_equal(pager_next_path(&p, "/images?limit=2", a, &next), 0);
	assert_string_equal(next, "/images?limit=2&marker=m1");
	/* Same marker, other link: still a loop. */
	prev = next;
	assert_int_equal(pager_next_path(&p, prev, b, &next), ERR_HTTP);
	assert_null(next);
	free(prev);
	assert_non_null(strstr(err_last(), "pagination loop"));
	pager_dispose(&p);

	pager_init(&p, "/images?limit=2", "next", 0);
	assert_int_equal(pager_next_path(&p, "/images?limit=2", a, &next), 0);
	free(next);
	assert_int_equal(pager_next_path(&p, "/images?limit=2&marker=m1", a, &next), ERR_HTTP);
	pager_dispose(&p);
	cJSON_Delete(a);
	cJSON_Delete(b);
}

static void test_bad_links_and_page_cap(void **state)
{
	struct pager p;
	cJSON *page = cJSON_Parse("{\"links\": {\"next\": \"https://k/v3/auth/projects\"}}");
	char *next, path[64];
	int i;

	pager_init(&p, "/auth/projects", "links", 0);
	assert_int_equal(pager_next_path(&p, "/auth/projects", page, &next), ERR_HTTP);
	pager_dispose(&p);
	cJSON_Delete(page);

	pager_init(&p, "/x", "next", 5);
	for (i = 0; i < 5; i++) {
		char text[64];

		snprintf(text, sizeof text, "{\"next\": \"/v2/x?marker=m%d\"}", i);
		page = cJSON_Parse(text);
		snprintf(path, sizeof path, "/x?marker=m%d", i - 1);
		assert_int_equal(pager_next_path(&p, path, page, &next), i < 4 ? 0 : ERR_TOOBIG);
		free(next);
		cJSON_Delete(page);
	}
	pager_dispose(&p);
	page = cJSON_Parse("{\"next\": null, \"servers_links\": []}");
	assert_null(pager_find_next(page, "next"));
	assert_null(pager_find_next(page, "servers_links"));
	assert_null(pager_find_next(page, "absent"));
	cJSON_Delete(page);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_nova_pages),
		cmocka_unit_test(test_recorded_glance_pages),
		cmocka_unit_test(test_recorded_keystone_single_page),
		cmocka_unit_test(test_foreign_host_is_never_used),
		cmocka_unit_test(test_repeated_marker_is_a_loop),
		cmocka_unit_test(test_bad_links_and_page_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
