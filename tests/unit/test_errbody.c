/* Tests of src/cloud/errbody.c against error bodies recorded from the sandbox. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cloud/errbody.h"
#include "tests/unit/cloud_testlib.h"

static void expect_fixture(const char *name, const char *want)
{
	size_t len;
	char *body = fixture_read(name, &len), *msg;

	msg = errbody_extract_message(body, len, ERRBODY_MAX_MESSAGE);
	assert_non_null(msg);
	assert_string_equal(msg, want);
	free(msg);
	free(body);
}

static void expect_text(const char *body, const char *want)
{
	char *msg = errbody_extract_message(body, body ? strlen(body) : 0, ERRBODY_MAX_MESSAGE);

	if (want == NULL)
		assert_null(msg);
	else {
		assert_non_null(msg);
		assert_string_equal(msg, want);
	}
	free(msg);
}

static void test_recorded_bodies(void **state)
{
	expect_fixture("error_nova_404.json", "Instance 00000000-0000-0000-0000-000000000000 could not be found.");
	expect_fixture("error_keystone_401.json", "The request you have made requires authentication.");
	expect_fixture("error_neutron_404.json", "Network 00000000-0000-0000-0000-000000000000 could not be found.");
	/* Glance puts HTML into its JSON message. */
	expect_fixture("error_glance_404.txt", "No image found with ID 00000000-0000-0000-0000-000000000000");
}

static void test_other_shapes(void **state)
{
	expect_text("{\"errors\": [{\"status\": 404, \"title\": \"Not Found\", \"detail\": \"No resource provider\"}]}",
		    "No resource provider");
	expect_text("{\"message\": \"top level\"}", "top level");
	expect_text("{\"computeFault\": {\"code\": 500, \"message\": \"Unexpected API Error.\"}}",
		    "Unexpected API Error.");
	expect_text("<html>\n <head>\n  <title>404 Not Found</title>\n </head>\n <body>\n  <h1>404 Not Found</h1>\n"
		    "  No image found with ID x<br /><br />\n\n\n\n </body>\n</html>",
		    "404 Not Found No image found with ID x");
	expect_text("404 Not Found\n\nThe resource could not be found.\n\n   ", "404 Not Found The resource could not be found.");
	expect_text("{\"unrelated\": 1}", NULL);
	expect_text("", NULL);
	expect_text(NULL, NULL);
}

static void test_hostile_messages_are_sanitized_and_capped(void **state)
{
	char big[8192], *msg;

	expect_text("{\"itemNotFound\": {\"message\": \"bad\\u001b[2J\\u001b]0;title\\u0007name\\n2nd\"}}",
		    "badname 2nd");
	memset(big, 'a', sizeof big);
	memcpy(big, "{\"message\": \"", 13);
	memcpy(big + sizeof big - 3, "\"}", 3);
	msg = errbody_extract_message(big, strlen(big), 100);
	assert_non_null(msg);
	assert_true(strlen(msg) <= 100);
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_recorded_bodies),
		cmocka_unit_test(test_other_shapes),
		cmocka_unit_test(test_hostile_messages_are_sanitized_and_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
