/*
 * screen: the terminal (or, with no_display, an in-memory screen), its
 * colours, text output by terminal cells, and plain-text dumps.
 *
 * Contract: screen_open() a caller-owned struct screen, draw with
 * screen_put() into the curses stdscr, flush with screen_flush() once per
 * loop turn, and screen_close() on every way out (it is also run at exit if
 * the program exits with the screen open, so the terminal is always
 * restored). Only one screen is open at a time. screen_put() sanitizes
 * everything it draws. Functions return 0 or a negative ERR_* with
 * err_last() set.
 */
#ifndef SD_UI_SCREEN_H
#define SD_UI_SCREEN_H

#include <stdio.h>

#include "ui/view.h"

/* The fixed size of the in-memory screen of --no-display. */
#define SCREEN_NODISPLAY_COLS 100
#define SCREEN_NODISPLAY_ROWS 30

struct screen {
	void *term;             /* the curses SCREEN */
	FILE *in, *out;         /* /dev/null streams of no-display mode, else NULL */
	int no_display;
	int colors;             /* colours in use */
	int rows, cols;
};

/* Take over the terminal (or open the in-memory screen); color 0 disables colours. */
int screen_open(struct screen *s, int no_display, int color);
/* Restore the terminal and free the screen; safe to call twice. */
void screen_close(struct screen *s);
/* Resize to rows x cols (no_display), to the terminal's size when rows is 0, or take curses' size when < 0. */
void screen_resize(struct screen *s, int rows, int cols);
/* Erase the whole screen before drawing a frame; full repaints the terminal too. */
void screen_erase(struct screen *s, int full);
/* Draw raw text (sanitized here) at y, x padded or cut to width cells, in a style. */
void screen_put(int y, int x, int width, const char *text, enum ui_style style, int right);
/* Fill width cells at y, x with spaces in a style. */
void screen_fill(int y, int x, int width, enum ui_style style);
/* Show the cursor at y, x (x < 0 hides it). */
void screen_cursor(int y, int x);
/* Send the frame to the terminal (one doupdate). */
void screen_flush(struct screen *s);
/* Write the screen as plain UTF-8 text to path, one line per row, trailing spaces trimmed. */
int screen_dump(const struct screen *s, const char *path);

#endif
