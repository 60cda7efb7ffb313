#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/error.h"

static void test_append_grows_and_terminates(void **state)
{
	struct buf b;
	int i;

	buf_init(&b, 1 << 20);
	for (i = 0; i < 1000; i++)
		assert_int_equal(buf_puts(&b, "abc"), 0);
	assert_int_equal(b.len, 3000);
	assert_int_equal(b.data[b.len], '\0');
	assert_memory_equal(b.data + 2997, "abc", 3);
	buf_dispose(&b);
}

static void test_cap_refuses_and_keeps_contents(void **state)
{
	struct buf b;

	buf_init(&b, 8);
	assert_int_equal(buf_puts(&b, "12345"), 0);
	assert_int_equal(buf_puts(&b, "6789"), ERR_TOOBIG);
	assert_string_equal(b.data, "12345");
	assert_int_equal(buf_puts(&b, "678"), 0);
	assert_string_equal(b.data, "12345678");
	assert_int_equal(buf_append(&b, "x", 1), ERR_TOOBIG);
	assert_non_null(strstr(err_last(), "8 bytes"));
	buf_dispose(&b);
}

static void test_printf_and_detach(void **state)
{
	struct buf b;
	char *s;

	buf_init(&b, 64);
	assert_int_equal(buf_printf(&b, "%s=%d", "n", 42), 0);
	s = buf_detach(&b);
	assert_string_equal(s, "n=42");
	assert_null(b.data);
	assert_int_equal(b.len, 0);
	free(s);
	s = buf_detach(&b);
	assert_string_equal(s, "");
	free(s);
}

static void test_err_wrap_adds_context(void **state)
{
	assert_int_equal(err_set(ERR_NET, "connection refused"), ERR_NET);
	assert_int_equal(err_wrap(ERR_NET, "keystone at %s", "127.0.0.1:5000"), ERR_NET);
	assert_string_equal(err_last(), "keystone at 127.0.0.1:5000: connection refused");
	assert_string_equal(err_name(ERR_AUTH), "auth");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_append_grows_and_terminates),
		cmocka_unit_test(test_cap_refuses_and_keeps_contents),
		cmocka_unit_test(test_printf_and_detach),
		cmocka_unit_test(test_err_wrap_adds_context),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
