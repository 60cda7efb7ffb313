/* Unit tests of the build screen's scrollback (src/ui/lines.c): the builder's console arrives as
 * raw chunks that split lines and escape sequences anywhere; what is kept must be whole lines,
 * sanitized, bounded in number and length. Prints TAP. */
#include "autoconfig.h"

#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "ui/lines.h"

static int n_tests, n_failed;

/* Report one check. */
static void check(int ok, const char *what)
{
	n_tests++;
	if (!ok)
		n_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", n_tests, what);
}

/* Whether no kept line holds a byte a terminal could act on (C0, DEL, ESC) or a newline. */
static int all_clean(const struct lines *l)
{
	size_t i;
	const unsigned char *p;

	for (i = 0; i < l->n; i++)
		for (p = (const unsigned char *)lines_get(l, i); *p; p++)
			if (*p < 0x20 || *p == 0x7f)
				return 0;
	return 1;
}

/* Feed text one byte at a time (the worst split a poll can make). */
static void feed_bytes(struct lines *l, const char *s)
{
	for (; *s; s++)
		lines_feed(l, s, 1);
}

int main(void)
{
	static const char evil[] = "\x1b[2J\x1b]0;pwned\x07red \x1b[31mtext\x1b[0m\r\n"
				   "bidi \xe2\x80\xae""abc\xe2\x80\xac bell\x07 c1 \xc2\x9b""31m bad \xff\n";
	struct lines l;
	char big[10000];
	size_t i;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	lines_init(&l, 5, 64);
	lines_feed(&l, "first\nsec", 9);
	check(l.n == 1 && strcmp(lines_get(&l, 0), "first") == 0, "a whole line is kept, a partial one held");
	lines_feed(&l, "ond\n", 4);
	check(l.n == 2 && strcmp(lines_get(&l, 1), "second") == 0, "the partial line is finished by its newline");
	lines_dispose(&l);

	lines_init(&l, 10, 4096);
	lines_feed(&l, evil, sizeof evil - 1);
	check(l.n == 2 && all_clean(&l), "escape sequences, controls and CR are gone from console lines");
	check(strcmp(lines_get(&l, 0), "red text") == 0, "CSI and OSC sequences are dropped whole");
	check(strstr(lines_get(&l, 1), "\xe2\x80\xae") == NULL && strstr(lines_get(&l, 1), "\xef\xbf\xbd") != NULL,
	      "bidi overrides are dropped, invalid UTF-8 is replaced");
	lines_dispose(&l);

	lines_init(&l, 10, 4096);
	feed_bytes(&l, evil);
	check(l.n == 2 && all_clean(&l) && strcmp(lines_get(&l, 0), "red text") == 0,
	      "an escape sequence split over many chunks is still removed whole");
	lines_dispose(&l);

	lines_init(&l, 3, 4096);
	for (i = 0; i < 10; i++) {
		snprintf(big, sizeof big, "line %zu\n", i);
		lines_feed(&l, big, strlen(big));
	}
	check(l.n == 3 && l.total == 10 && strcmp(lines_get(&l, 0), "line 7") == 0 &&
	      strcmp(lines_get(&l, 2), "line 9") == 0, "the scrollback keeps the newest lines only");
	check(strcmp(lines_get(&l, 3), "") == 0, "a line past the end reads as empty");
	lines_dispose(&l);

	lines_init(&l, 10, 100);
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	lines_feed(&l, big, 250);
	check(l.n == 2 && strlen(lines_get(&l, 0)) == 100, "a line longer than the cap is stored in pieces");
	lines_feed(&l, "\n", 1);
	check(l.n == 3 && strlen(lines_get(&l, 2)) == 50, "... and its end when the newline comes");
	lines_feed(&l, big, sizeof big - 1);
	lines_feed(&l, "\n", 1);
	for (i = 0; i < l.n; i++)
		if (strlen(lines_get(&l, i)) > 1000 + 3)
			break;
	check(i == l.n, "no kept line is longer than the shown maximum");
	lines_flush(&l);
	lines_add(&l, "progress \x1b[1mline\x1b[0m\nwith a newline");
	check(strcmp(lines_get(&l, l.n - 1), "progress line with a newline") == 0,
	      "a progress line is sanitized into one line");
	lines_dispose(&l);

	printf("1..%d\n", n_tests);
	return n_failed ? 1 : 0;
}
