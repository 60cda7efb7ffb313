/* Tests of src/cloud/compute.c: recorded and hand-written Nova server lists. */
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

#include "cloud/compute.h"
#include "core/error.h"
#include "core/model.h"
#include "tests/unit/cloud_testlib.h"

static void free_servers(struct server *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		model_server_dispose(&v[i]);
	free(v);
}

static void test_recorded_pages(void **state)
{
	struct server *v = NULL;
	size_t n = 0;
	int i;
	char name[32];

	for (i = 1; i <= 3; i++) {
		cJSON *page;

		snprintf(name, sizeof name, "servers_page%d.json", i);
		page = fixture_json(name);
		assert_int_equal(compute_parse_servers(&v, &n, page), 0);
		cJSON_Delete(page);
	}
	assert_int_equal(n, 11);
	assert_string_equal(v[0].name, "par-8");
	assert_string_equal(v[0].id, "959a1820-f207-47aa-8cf9-a32305c660f0");
	assert_string_equal(v[0].status, "ACTIVE");
	assert_null(v[0].task_state);
	assert_string_equal(v[0].flavor, "m1.small");
	assert_string_equal(v[0].image_id, "8659b12e-a4ca-4269-bd79-094620d557af");
	assert_string_equal(v[0].project_id, "b5687b4dd97d4c9f8dfa247c04c9295b");
	assert_null(v[0].key_name);
	assert_int_equal(v[0].n_addrs, 1);
	assert_string_equal(v[0].addrs[0].network, "vnet");
	assert_string_equal(v[0].addrs[0].addr, "10.20.0.68");
	assert_string_equal(v[0].addrs[0].type, "fixed");
	assert_int_equal(v[0].addrs[0].version, 4);
	assert_int_equal(v[0].n_tags, 0);
	assert_null(v[0].cluster);
	assert_null(v[0].fault);
	free_servers(v, n);
}

static void test_sparkdeck_servers(void **state)
{
	cJSON *page = fixture_json("servers_sparkdeck.json");
	struct server *v = NULL;
	size_t n = 0;

	assert_int_equal(compute_parse_servers(&v, &n, page), 0);
	cJSON_Delete(page);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].cluster, "spark/ld14");
	assert_string_equal(v[0].role, "master");
	assert_int_equal(v[0].n_tags, 2);
	assert_string_equal(v[0].tags[1], "spark/ld14");
	assert_int_equal(v[0].n_addrs, 3);
	assert_int_equal(v[0].addrs[1].version, 6);
	assert_string_equal(v[0].addrs[2].type, "floating");
	assert_string_equal(v[0].addrs[2].addr, "172.24.4.50");
	assert_string_equal(v[0].key_name, "sparkdeck-ld14");
	/* Booted from a volume: no image. */
	assert_null(v[1].image_id);
	assert_string_equal(v[1].task_state, "spawning");
	assert_string_equal(v[1].role, "worker");
	/* Old microversion shape: flavor id only; junk tolerated; name kept raw (sanitized at display). */
	assert_string_equal(v[2].flavor, "3");
	assert_int_equal(v[2].n_addrs, 0);
	assert_int_equal(v[2].n_tags, 1);
	assert_non_null(strchr(v[2].name, '\x1b'));
	assert_string_equal(v[2].fault, "No valid host was found. There are not enough hosts available.");
	free_servers(v, n);
}

static void test_malformed(void **state)
{
	cJSON *page = cJSON_Parse("{\"servers\": [{\"id\": \"a\"}, {\"name\": \"no id\"}]}");
	struct server *v = NULL;
	size_t n = 0;

	assert_int_equal(compute_parse_servers(&v, &n, page), ERR_PARSE);
	assert_int_equal(n, 1);
	assert_string_equal(v[0].status, "UNKNOWN");
	free_servers(v, n);
	cJSON_Delete(page);
	page = cJSON_Parse("{\"server\": {}}");
	v = NULL;
	n = 0;
	assert_int_equal(compute_parse_servers(&v, &n, page), ERR_PARSE);
	free(v);
	cJSON_Delete(page);
	assert_string_equal(compute_api_headers()[0], "OpenStack-API-Version: compute 2.47");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_pages),
		cmocka_unit_test(test_sparkdeck_servers),
		cmocka_unit_test(test_malformed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
