/* Tests of core/consolekeys.h: host key fingerprints from a console log. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/consolekeys.h"
#include "core/error.h"
#include "core/xmalloc.h"

#define FP_A "SHA256:ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs"
#define FP_B "SHA256:PiPoFgA5WUoziU9lZOGxNIu9egCI1CxKy3PurtWcAJ0"
#define FP_C "SHA256:Ln0sA6lQeuJl7PW1NWiFpTOTogKdJBOUmXJloaJa78Y"
#define FP_D "SHA256:GKw+c0PwFokMUQ6T+TUmEWnZ4/VlQ2Qpgw+vCTT0+OQ"
#define BEGIN "-----BEGIN SSH HOST KEY FINGERPRINTS-----"
#define END "-----END SSH HOST KEY FINGERPRINTS-----"
/* 41 base64 digits ending in one a 32-byte digest allows. */
#define TAIL41 "aaaaaaaaaabbbbbbbbbbccccccccccddddddddddA"

struct found {
	char **fps;
	size_t n;
};

static void parse_len(struct found *f, const char *text, size_t len)
{
	assert_int_equal(consolekeys_parse(&f->fps, &f->n, text, len), 0);
	if (f->n == 0)
		assert_null(f->fps);
}

static void parse(struct found *f, const char *text)
{
	parse_len(f, text, strlen(text));
}

static void found_free(struct found *f)
{
	consolekeys_free(f->fps, f->n);
}

/* cloud-init's own output through logger: "ec2: " after the syslog header. */
static void test_cloud_init_ec2(void **state)
{
	struct found f;

	(void)state;
	parse(&f,
	    "[   10.001] cloud-init[612]: Cloud-init v. 22.4.2 running 'modules:final'\n"
	    "<14>Mar  4 10:12:01 ec2: \n"
	    "<14>Mar  4 10:12:01 ec2: #############################################################\n"
	    "<14>Mar  4 10:12:01 ec2: " BEGIN "\n"
	    "<14>Mar  4 10:12:01 ec2: 256 " FP_A " root@builder (ECDSA)\n"
	    "<14>Mar  4 10:12:01 ec2: 256 " FP_B " root@builder (ED25519)\n"
	    "<14>Mar  4 10:12:01 ec2: 3072 " FP_C " root@builder (RSA)\n"
	    "<14>Mar  4 10:12:01 ec2: " END "\n"
	    "<14>Mar  4 10:12:01 ec2: #############################################################\n"
	    "Cloud-init v. 22.4.2 finished at Mon, 04 Mar 2024 10:12:01 +0000. Up 12.40 seconds\n");
	assert_int_equal(f.n, 3);
	assert_string_equal(f.fps[0], FP_A);
	assert_string_equal(f.fps[1], FP_B);
	assert_string_equal(f.fps[2], FP_C);
	found_free(&f);
}

/* Prefix variants: none, "ec2: ", a kernel timestamp, both, ci-info, CRLF and CR ends. */
static void test_prefixes(void **state)
{
	static const char *const texts[] = {
		BEGIN "\n256 " FP_B " root@h (ED25519)\n" END "\n",
		"ec2: " BEGIN "\r\nec2: 256 " FP_B " root@h (ED25519)\r\nec2: " END "\r\n",
		"[   12.345678] " BEGIN "\n[   12.345701] 256 " FP_B " root@h (ED25519)\n"
		"[   12.345720] " END "\n",
		"[  12.3] ec2: " BEGIN "\r\r\n[  12.3] ec2: 256 " FP_B " root@h (ED25519)\r\r\n"
		"[  12.3] ec2: " END "\r\r\n",
		"<14>Jan  1 00:00:01 ci-info: " BEGIN "\n<14>Jan  1 00:00:01 ci-info: 256 " FP_B
		" root@h (ED25519)\n<14>Jan  1 00:00:01 ci-info: " END "\n",
		"[2024-03-04 10:12:01] " BEGIN "\r[2024-03-04 10:12:01] 256 " FP_B
		"\t root@h (ED25519)\r[2024-03-04 10:12:01] " END,
		/* The fingerprint last on its line, no comment, tab before it. */
		BEGIN "\n256\t" FP_B "\n" END,
	};
	struct found f;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(texts) / sizeof(texts[0]); i++) {
		parse(&f, texts[i]);
		assert_int_equal(f.n, 1);
		assert_string_equal(f.fps[0], FP_B);
		found_free(&f);
	}
}

/* Two complete blocks (a reboot): the last wins; a later unterminated one is ignored. */
static void test_two_blocks(void **state)
{
	struct found f;

	(void)state;
	parse(&f,
	    "ec2: " BEGIN "\nec2: 256 " FP_A " root@old (ED25519)\nec2: " END "\n"
	    "reboot\n"
	    "ec2: " BEGIN "\nec2: 256 " FP_B " root@new (ED25519)\n"
	    "ec2: 256 " FP_C " root@new (ECDSA)\nec2: " END "\n"
	    "reboot again, cut short\n"
	    "ec2: " BEGIN "\nec2: 256 " FP_D " root@third (ED25519)\n");
	assert_int_equal(f.n, 2);
	assert_string_equal(f.fps[0], FP_B);
	assert_string_equal(f.fps[1], FP_C);
	found_free(&f);
}

/* No END: nothing; END without BEGIN: nothing; BEGIN twice: the block restarts. */
static void test_unterminated(void **state)
{
	struct found f;

	(void)state;
	parse(&f, "ec2: " BEGIN "\nec2: 256 " FP_A " root@h (ED25519)\n");
	assert_int_equal(f.n, 0);
	parse(&f, "ec2: " BEGIN "\nec2: 256 " FP_A " root@h (ED25519)\nec2: -----END SSH HOST KEY FINGERP");
	assert_int_equal(f.n, 0);
	parse(&f, "256 " FP_A " root@h (ED25519)\n" END "\n");
	assert_int_equal(f.n, 0);
	parse(&f, BEGIN "\n256 " FP_A " a (ED25519)\n" BEGIN "\n256 " FP_B " b (ED25519)\n" END "\n");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fps[0], FP_B);
	found_free(&f);
	parse(&f, "");
	assert_int_equal(f.n, 0);
	parse_len(&f, NULL, 0);
	assert_int_equal(f.n, 0);
	/* Fingerprints outside any block do not count. */
	parse(&f, "256 " FP_A " root@h (ED25519)\n" BEGIN "\n" END "\n");
	assert_int_equal(f.n, 0);
}

/* MD5, hex, padded, short, long, lowercase, glued and impossible digests are ignored. */
static void test_not_fingerprints(void **state)
{
	struct found f;

	(void)state;
	parse(&f,
	    BEGIN "\n"
	    "2048 MD5:3b:ad:f0:0d:3b:ad:f0:0d:3b:ad:f0:0d:3b:ad:f0:0d root@h (RSA)\n"
	    "2048 3b:ad:f0:0d:3b:ad:f0:0d:3b:ad:f0:0d:3b:ad:f0:0d root@h (RSA)\n"
	    "256 " FP_A "= root@h (ED25519)\n"
	    "256 SHA256:ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSL root@h (ED25519)\n"
	    "256 " FP_A "x root@h (ED25519)\n"
	    "256 sha256:ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLs root@h (ED25519)\n"
	    "256 x" FP_A " root@h (ED25519)\n"
	    /* Last digit 't' (45) leaves bits a 32-byte digest cannot have. */
	    "256 SHA256:ypeBEsobvcr6wjGzmiPcTaeG7/gUfE5yuYB3ha/uSLt root@h (ED25519)\n"
	    "256 " FP_B " root@h (ED25519)\n"
	    END "\n");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fps[0], FP_B);
	found_free(&f);
}

/* The first good token of a line counts, duplicates once, at most CONSOLEKEYS_MAX. */
static void test_dups_and_cap(void **state)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct found f;
	struct buf b;
	char fp[64];
	int i;

	(void)state;
	parse(&f, BEGIN "\n256 " FP_A " " FP_B "\n256 " FP_A " again\n" END "\n");
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fps[0], FP_A);
	found_free(&f);

	buf_init(&b, 1 << 16);
	assert_int_equal(buf_puts(&b, BEGIN "\n"), 0);
	for (i = 0; i < 40; i++) {
		/* Distinct well-formed fingerprints: vary the first digit, keep the last 'A'. */
		snprintf(fp, sizeof(fp), "SHA256:%c%c%s", b64[i % 64], b64[i / 64],
		    TAIL41);
		assert_int_equal(strlen(fp), 50);
		assert_int_equal(buf_puts(&b, "256 "), 0);
		assert_int_equal(buf_puts(&b, fp), 0);
		assert_int_equal(buf_puts(&b, " x (ED25519)\n"), 0);
	}
	assert_int_equal(buf_puts(&b, END "\n"), 0);
	parse_len(&f, b.data, b.len);
	assert_int_equal(f.n, CONSOLEKEYS_MAX);
	for (i = 0; i < CONSOLEKEYS_MAX; i++) {
		snprintf(fp, sizeof(fp), "SHA256:%cA%s", b64[i], TAIL41);
		assert_string_equal(f.fps[i], fp);
	}
	found_free(&f);
	buf_dispose(&b);
}

/* NUL bytes, invalid UTF-8, escape sequences and binary junk around and inside the block. */
static void test_hostile_bytes(void **state)
{
	static const char text[] =
	    "\xff\xfe\x00\x01junk\x1b[2J\x1b]0;title\x07\xc3\x28\xe2\x82\n"
	    "\x1b[0;32mec2: " BEGIN "\x1b[0m\n"
	    "\x00\x00\xff ec2: 256 " FP_B " root@h\xc0\xaf (ED25519)\n"
	    "\x80\x80\x80\n"
	    "ec2: 256 \x00" FP_C " split by a NUL\n"
	    "ec2: " END "\xff\n"
	    "\xf0\x9f\x98";
	struct found f;
	size_t len = sizeof(text) - 1;

	(void)state;
	parse_len(&f, text, len);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fps[0], FP_B);
	found_free(&f);

	/* Every prefix of the text parses without reading past it (run under ASan too). */
	for (size_t i = 0; i <= len; i++) {
		char *copy = xmalloc(i ? i : 1);

		memcpy(copy, text, i);
		parse_len(&f, copy, i);
		assert_true(f.n <= 1);
		found_free(&f);
		free(copy);
	}
}

/* A line holding only the fingerprint, a block made of one huge junk line, arguments. */
static void test_edges(void **state)
{
	struct found f;
	char *big;
	size_t n = 1 << 20;

	(void)state;
	parse(&f, BEGIN "\n" FP_D "\n" END);
	assert_int_equal(f.n, 1);
	assert_string_equal(f.fps[0], FP_D);
	found_free(&f);

	big = xmalloc(n);
	memset(big, 'S', n);
	memcpy(big, BEGIN "\n", sizeof(BEGIN));
	memcpy(big + n - sizeof(END), "\n" END, sizeof(END));
	parse_len(&f, big, n);
	assert_int_equal(f.n, 0);
	free(big);

	assert_int_equal(consolekeys_parse(NULL, &f.n, "", 0), ERR_INVALID);
	assert_int_equal(consolekeys_parse(&f.fps, NULL, "", 0), ERR_INVALID);
	assert_int_equal(consolekeys_parse(&f.fps, &f.n, NULL, 3), ERR_INVALID);
	consolekeys_free(NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cloud_init_ec2),
		cmocka_unit_test(test_prefixes),
		cmocka_unit_test(test_two_blocks),
		cmocka_unit_test(test_unterminated),
		cmocka_unit_test(test_not_fingerprints),
		cmocka_unit_test(test_dups_and_cap),
		cmocka_unit_test(test_hostile_bytes),
		cmocka_unit_test(test_edges),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
