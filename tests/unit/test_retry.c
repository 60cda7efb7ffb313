/* Tests of src/cloud/retry.c: backoff with full jitter, Retry-After, the retry policy. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "cloud/retry.h"

static void test_backoff_bounds_grow_and_cap(void **state)
{
	uint64_t seed = 42;
	unsigned attempt;
	int i;

	for (attempt = 0; attempt < 12; attempt++) {
		long ceiling = 500L << (attempt < 10 ? attempt : 10);

		if (ceiling > 30000)
			ceiling = 30000;
		for (i = 0; i < 200; i++) {
			long d = retry_compute_backoff(attempt, 500, 30000, &seed);

			assert_true(d >= 0);
			assert_true(d <= ceiling);
		}
	}
}

static void test_backoff_is_seeded_and_jittered(void **state)
{
	uint64_t a = 7, b = 7, c = 8;
	long x[8], y[8], z[8];
	int i, differ = 0, spread = 0;

	for (i = 0; i < 8; i++) {
		x[i] = retry_compute_backoff(5, 500, 30000, &a);
		y[i] = retry_compute_backoff(5, 500, 30000, &b);
		z[i] = retry_compute_backoff(5, 500, 30000, &c);
		differ += x[i] != z[i];
		spread += i > 0 && x[i] != x[i - 1];
	}
	assert_memory_equal(x, y, sizeof x);
	assert_true(differ > 0);
	assert_true(spread > 0);
	assert_int_equal(retry_compute_backoff(3, 0, 1000, &a), 0);
	/* A huge attempt number neither overflows nor exceeds the cap. */
	assert_true(retry_compute_backoff(4000000000u, 500, 30000, &a) <= 30000);
}

static void test_retry_after_seconds(void **state)
{
	assert_int_equal(retry_parse_after("0", 1000, 60), 0);
	assert_int_equal(retry_parse_after("7", 1000, 60), 7);
	assert_int_equal(retry_parse_after(" 12 ", 1000, 60), 12);
	assert_int_equal(retry_parse_after("3600", 1000, 60), 60);
	assert_int_equal(retry_parse_after("99999999999999999999999", 1000, 60), 60);
	assert_int_equal(retry_parse_after("-1", 1000, 60), -1);
	assert_int_equal(retry_parse_after("1.5", 1000, 60), -1);
	assert_int_equal(retry_parse_after("soon", 1000, 60), -1);
	assert_int_equal(retry_parse_after("", 1000, 60), -1);
	assert_int_equal(retry_parse_after(NULL, 1000, 60), -1);
}

static void test_retry_after_dates(void **state)
{
	/* Sun, 06 Nov 1994 08:49:37 GMT = 784111777 */
	time_t t = 784111777;

	assert_int_equal(retry_parse_after("Sun, 06 Nov 1994 08:49:47 GMT", t, 60), 10);
	assert_int_equal(retry_parse_after("Sunday, 06-Nov-94 08:49:57 GMT", t, 60), 20);
	assert_int_equal(retry_parse_after("Sun Nov  6 08:50:07 1994", t, 60), 30);
	assert_int_equal(retry_parse_after("Sun, 06 Nov 1994 08:49:37 GMT", t + 100, 60), 0);
	assert_int_equal(retry_parse_after("Sun, 06 Nov 1994 09:49:37 GMT", t, 60), 60);
	assert_int_equal(retry_parse_after("Sun, 06 Nov 1994 08:49:47 CET", t, 60), -1);
	assert_int_equal(retry_parse_after("Sun, 06 Foo 1994 08:49:47 GMT", t, 60), -1);
	assert_int_equal(retry_parse_after("Sun, 06 Nov 1994 08:49:47 GMT trailing", t, 60), -1);
}

static void test_policy(void **state)
{
	/* Nothing sent yet: always safe. */
	assert_true(retry_should_repeat(RETRY_NET_CONNECT, 0, "POST", 0));
	/* Broken after sending: only idempotent requests. */
	assert_true(retry_should_repeat(RETRY_NET_TRANSFER, 0, "GET", 1));
	assert_false(retry_should_repeat(RETRY_NET_TRANSFER, 0, "POST", 0));
	assert_false(retry_should_repeat(RETRY_NET_FATAL, 0, "GET", 1));
	assert_true(retry_should_repeat(RETRY_NET_OK, 429, "POST", 0));
	assert_true(retry_should_repeat(RETRY_NET_OK, 503, "POST", 0));
	assert_true(retry_should_repeat(RETRY_NET_OK, 502, "DELETE", 1));
	assert_false(retry_should_repeat(RETRY_NET_OK, 504, "POST", 0));
	assert_true(retry_should_repeat(RETRY_NET_OK, 500, "GET", 1));
	assert_false(retry_should_repeat(RETRY_NET_OK, 500, "PUT", 1));
	assert_false(retry_should_repeat(RETRY_NET_OK, 500, "POST", 1));
	assert_false(retry_should_repeat(RETRY_NET_OK, 404, "GET", 1));
	assert_false(retry_should_repeat(RETRY_NET_OK, 401, "GET", 1));
	assert_false(retry_should_repeat(RETRY_NET_OK, 200, "GET", 1));
	assert_true(retry_is_idempotent("DELETE"));
	assert_false(retry_is_idempotent("POST"));
	assert_false(retry_is_idempotent("PATCH"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_backoff_bounds_grow_and_cap),
		cmocka_unit_test(test_backoff_is_seeded_and_jittered),
		cmocka_unit_test(test_retry_after_seconds),
		cmocka_unit_test(test_retry_after_dates),
		cmocka_unit_test(test_policy),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
