#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include "core/sanitize.h"
#include "core/xmalloc.h"

#define FFFD "\xef\xbf\xbd"

/* sanitize_line() of s must give want. */
static void check_line(const char *s, const char *want)
{
	char *got = sanitize_line(s, 4096);

	assert_string_equal(got, want);
	free(got);
}

/* sanitize_text() of len bytes must give want. */
static void check_text(const char *s, size_t len, const char *want)
{
	char *got = sanitize_text(s, len, 4096);

	assert_string_equal(got, want);
	free(got);
}

/*
 * The output invariant: valid UTF-8 with no C0 (except newline when allowed),
 * DEL, C1, or bidi control, and at most max bytes.
 */
static void assert_terminal_safe(const char *s, size_t max, int newline_ok)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t len = strlen(s), i = 0;

	assert_true(len <= max);
	while (i < len) {
		uint32_t cp;
		size_t n;

		if (p[i] < 0x80) {
			assert_true(p[i] >= 0x20 || (newline_ok && p[i] == '\n'));
			assert_true(p[i] != 0x7f);
			i++;
			continue;
		}
		n = p[i] >= 0xf0 ? 4 : p[i] >= 0xe0 ? 3 : 2;
		assert_true(p[i] >= 0xc2 && p[i] <= 0xf4 && i + n <= len);
		cp = p[i] & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
		for (size_t k = 1; k < n; k++) {
			assert_int_equal(p[i + k] & 0xc0, 0x80);
			cp = (cp << 6) | (p[i + k] & 0x3f);
		}
		assert_true(cp > 0x9f);
		assert_false(cp >= 0xd800 && cp <= 0xdfff);
		assert_false((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069));
		assert_true(cp >= (n == 2 ? 0x80u : n == 3 ? 0x800u : 0x10000u) && cp <= 0x10ffff);
		i += n;
	}
}

static void test_printable_utf8_unchanged(void **state)
{
	check_line("spark-master-01", "spark-master-01");
	check_line("h\xc3\xa9llo w\xc3\xb6rld \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89",
		   "h\xc3\xa9llo w\xc3\xb6rld \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x8e\x89");
	/* Right-to-left text itself is fine; only the override controls go. */
	check_line("\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d", "\xd7\xa9\xd7\x9c\xd7\x95\xd7\x9d");
	check_line(NULL, "");
	check_line("", "");
}

static void test_server_name_full_of_escapes(void **state)
{
	check_line("\x1b]0;pwned\x07" "evil\x1b[2J\x1b[31mred", "evilred");
	check_line("\x1b[1;31;4mA\x1b[0m", "A");
	check_line("\x1b[?1049h\x1b[H\x1b[2Jx", "x");
	check_line("a\x1b[38;5;196mb\x1b[48;2;1;2;3mc", "abc");
	check_line("\x1b" "c\x1b" "7\x1b(B\x1b#8ok", "ok");
	/* A lone ESC at the end, and ESC before a non-sequence byte. */
	check_line("ok\x1b", "ok");
	check_line("a\x1b\x01" "b", "ab");
	/* An escape inside a CSI ends it; the second sequence is dropped too. */
	check_line("a\x1b[31\x1b[0mb", "ab");
}

static void test_osc_and_string_sequences(void **state)
{
	/* OSC 8 hyperlink with ST terminators: only the visible text stays. */
	check_line("\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", "click");
	check_line("\x1b]2;title\x07" "after", "after");
	check_line("a\x1bPq#0;2;0;0;0#1~~\x1b\\b", "ab");
	check_line("\x1b_apc payload\x1b\\x", "x");
	check_line("\x1bXsos\x1b\\y", "y");
	check_line("\x1b^pm\x07z", "z");
	/* CAN aborts a string; an unterminated one runs to the end. */
	check_line("\x1b]0;t\x18ok", "ok");
	check_line("ok\x1b]0;never terminated", "ok");
	/* In text, a newline ends an unterminated string and is kept. */
	check_text("\x1b]0;t\nnext", 10, "\nnext");
}

static void test_c1_controls(void **state)
{
	/* U+009B (CSI), U+009D (OSC) ... U+009C (ST) as UTF-8. */
	check_line("a\xc2\x9b" "31mb", "ab");
	check_line("\xc2\x9d" "0;title\xc2\x9c" "z", "z");
	check_line("\xc2\x90q\xc2\x9c" "d", "d");
	check_line("x\xc2\x85y\xc2\x8dz", "xyz");
	/* Raw 8-bit C1 bytes are invalid UTF-8: shown as U+FFFD, they introduce nothing. */
	check_line("a\x9b" "2Jb", "a" FFFD "2Jb");
	check_line("a\x85" "b", "a" FFFD "b");
	/* So a truncated emoji does not swallow the text after it (0x9f is APC in 8-bit C1). */
	check_line("\xf0\x9f" " ok", FFFD FFFD " ok");
	check_line("\xf4\x90\x80\x80" "ok", FFFD FFFD FFFD FFFD "ok");
}

static void test_c0_del_tabs_newlines(void **state)
{
	check_text("a\0b", 3, "ab");
	check_line("\x07\x08\x7f\r\x0e\x0fok", "ok");
	check_line("a\tb", "a b");
	check_text("line1\r\nline2\n", 13, "line1\nline2\n");
	check_line("line1\r\nline2\n", "line1 line2 ");
}

/* CVE-2021-25743: kubectl printed object names and event messages raw. */
static void test_kubectl_style_injection(void **state)
{
	/* Cursor up + erase line hides what was printed before. */
	check_line("Created pod\x1b[1A\x1b[2KAll good", "Created podAll good");
	/* Hidden text, save/restore cursor, screen clear. */
	check_line("visible\x1b[8mhidden-command\x1b[28m", "visiblehidden-command");
	check_line("\x1b" "7\x1b[10;10Hfake prompt$ \x1b" "8", "fake prompt$ ");
	/* Window title with a command and a report request that would echo input. */
	check_line("\x1b]2;;rm -rf ~\x07\x1b[21t\x1b[6n", "");
	/* A terminal reset hidden in a pod name. */
	check_line("web-\x1b" "c-0", "web--0");
}

static void test_bidi_controls_removed(void **state)
{
	check_line("abc\xe2\x80\xae" "def", "abcdef");
	check_line("\xe2\x80\xaa" "1\xe2\x80\xab" "2\xe2\x80\xac" "3\xe2\x80\xad" "4", "1234");
	check_line("\xe2\x81\xa6" "a\xe2\x81\xa7" "b\xe2\x81\xa8" "c\xe2\x81\xa9", "abc");
	/* "Trojan source": the override would show "txt.exe" as "exe.txt". */
	check_line("invoice\xe2\x80\xaetxt.exe", "invoicetxt.exe");
}

static void test_invalid_utf8(void **state)
{
	check_line("\xc0\xaf", FFFD FFFD);
	check_line("\xe0\x80\xaf", FFFD FFFD FFFD);
	check_line("\xed\xa0\x80", FFFD FFFD FFFD);            /* surrogate U+D800 */
	check_line("\xf4\x90\x80\x80", FFFD FFFD FFFD FFFD);   /* above U+10FFFF */
	check_line("a\xff" "b\xfe", "a" FFFD "b" FFFD);
	check_line("\xf0\x9f\x8e", FFFD FFFD FFFD);
	/* Truncated multibyte at the end, and in the middle. */
	check_line("ab\xe2\x82", "ab" FFFD FFFD);
	check_line("ab\xe2\x82" "c", "ab" FFFD FFFD "c");
	check_line("ab\xe2\x82\xac", "ab\xe2\x82\xac");
	check_text("ab\xe2", 3, "ab" FFFD);
}

static void test_cap_on_character_boundary(void **state)
{
	char *s;

	s = sanitize_line("hello world", 8);
	assert_string_equal(s, "hello\xe2\x80\xa6");
	free(s);
	/* Five two-byte characters into 8 bytes: two fit beside the ellipsis. */
	s = sanitize_line("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 8);
	assert_string_equal(s, "\xc3\xa9\xc3\xa9\xe2\x80\xa6");
	free(s);
	s = sanitize_line("abc", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = sanitize_line("abcd", 3);
	assert_string_equal(s, "\xe2\x80\xa6");
	free(s);
	s = sanitize_line("abcd", 2);
	assert_string_equal(s, "");
	free(s);
	/* Dropped sequences do not count against the cap. */
	s = sanitize_line("\x1b[31mabc\x1b[0m", 3);
	assert_string_equal(s, "abc");
	free(s);
	s = sanitize_line("\xf0\x9f\x8e\x89\xf0\x9f\x8e\x89", 7);
	assert_string_equal(s, "\xf0\x9f\x8e\x89\xe2\x80\xa6");
	free(s);
}

static void test_random_bytes_are_safe(void **state)
{
	unsigned char buf[512];
	size_t max, i;
	int round;

	srand(42);
	for (round = 0; round < 2000; round++) {
		size_t len = (size_t)rand() % sizeof buf;
		char *a, *b;

		for (i = 0; i < len; i++) {
			int r = rand() % 8;

			/* Bias towards the interesting bytes. */
			buf[i] = r == 0 ? 0x1b : r == 1 ? (unsigned char)(0x80 + rand() % 0x20) :
				 r == 2 ? "[]P\\\x07\n"[rand() % 6] : (unsigned char)rand();
		}
		max = (size_t)rand() % 600;
		a = sanitize_text((const char *)buf, len, max);
		assert_terminal_safe(a, max, 1);
		buf[len] = '\0';
		b = sanitize_line((const char *)buf, max);
		assert_terminal_safe(b, max, 0);
		free(a);
		free(b);
	}
}

static double elapsed(const struct timespec *t0)
{
	struct timespec t1;

	clock_gettime(CLOCK_MONOTONIC, &t1);
	return (double)(t1.tv_sec - t0->tv_sec) + (double)(t1.tv_nsec - t0->tv_nsec) / 1e9;
}

/* One megabyte of each worst case goes through in linear time. */
static void test_one_megabyte_is_linear(void **state)
{
	static const char *const units[] = {
		"\x1b[", "\x1b]0;", "\xff", "\xc2\x9b" "1;", "ab\xe2\x80\xae\t", "\x1b[1;2;3;4;5m",
	};
	size_t n = 1 << 20, i, u, ulen;
	struct timespec t0;
	char *in = xmalloc(n + 1), *out;

	for (u = 0; u < sizeof units / sizeof units[0]; u++) {
		ulen = strlen(units[u]);
		for (i = 0; i < n; i++)
			in[i] = units[u][i % ulen];
		in[n] = '\0';
		clock_gettime(CLOCK_MONOTONIC, &t0);
		out = sanitize_text(in, n, 4 * n);
		assert_true(elapsed(&t0) < 2.0);
		assert_terminal_safe(out, 4 * n, 1);
		free(out);
		out = sanitize_line(in, 1000);
		assert_terminal_safe(out, 1000, 0);
		free(out);
	}
	/* Invalid bytes triple in size (U+FFFD) and are capped. */
	memset(in, 0xff, n);
	out = sanitize_text(in, n, 4 * n);
	assert_int_equal(strlen(out), 3 * n);
	free(out);
	out = sanitize_text(in, n, 4096);
	assert_true(strlen(out) <= 4096);
	free(out);
	free(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_printable_utf8_unchanged),
		cmocka_unit_test(test_server_name_full_of_escapes),
		cmocka_unit_test(test_osc_and_string_sequences),
		cmocka_unit_test(test_c1_controls),
		cmocka_unit_test(test_c0_del_tabs_newlines),
		cmocka_unit_test(test_kubectl_style_injection),
		cmocka_unit_test(test_bidi_controls_removed),
		cmocka_unit_test(test_invalid_utf8),
		cmocka_unit_test(test_cap_on_character_boundary),
		cmocka_unit_test(test_random_bytes_are_safe),
		cmocka_unit_test(test_one_megabyte_is_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
