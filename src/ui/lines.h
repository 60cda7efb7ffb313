/*
 * lines: a bounded scrollback of sanitized one-line strings, for the build
 * screen's progress and builder console panes. No curses here.
 *
 * Contract: lines_init() a caller-owned struct with the most lines kept and
 * the longest raw line held; lines_dispose() frees it. lines_add() stores a
 * sanitized copy of one line (sanitize_line), dropping the oldest when full.
 * lines_feed() takes raw bytes as they came from the network, splits them at
 * '\n', sanitizes each whole line (sanitize_text: controls, ESC sequences,
 * bidi overrides and bad UTF-8 removed or replaced) and holds a partial line
 * until its newline comes; a partial line longer than the raw cap is stored
 * as a line of its own. lines_flush() stores a held partial line.
 * lines_get(0) is the oldest line kept; every string returned is safe to draw.
 */
#ifndef SD_UI_LINES_H
#define SD_UI_LINES_H

#include <stddef.h>

struct lines {
	char **v;               /* a ring of max lines */
	size_t max;
	size_t first;           /* the slot of the oldest line */
	size_t n;               /* lines kept */
	size_t total;           /* lines ever stored */
	char *partial;          /* raw bytes of an unfinished line */
	size_t plen, pmax;
};

/* Start an empty scrollback keeping at most max lines of at most line_max raw bytes each. */
void lines_init(struct lines *l, size_t max, size_t line_max);
/* Free every line and the partial one. */
void lines_dispose(struct lines *l);
/* Store a sanitized copy of one line of raw text. */
void lines_add(struct lines *l, const char *raw);
/* Take len raw bytes: store each finished line sanitized, hold the unfinished end. */
void lines_feed(struct lines *l, const char *raw, size_t len);
/* Store the held partial line, if any. */
void lines_flush(struct lines *l);
/* Line i counting from the oldest kept (0..n-1), or "" when out of range. */
const char *lines_get(const struct lines *l, size_t i);

#endif
