/*
 * text: terminal-cell arithmetic on UTF-8 strings, and small formatters the
 * views share. No curses here.
 *
 * Contract: every function works in the current locale (LC_CTYPE must be a
 * UTF-8 one for wide characters; in the C locale each byte is one cell).
 * Input strings are NUL-terminated and already sanitized where they came from
 * the network. text_fit() writes at most outsz wide characters (NUL included)
 * into a caller-owned array; the formatters write into caller buffers and
 * return them. Nothing allocates.
 */
#ifndef SD_CORE_TEXT_H
#define SD_CORE_TEXT_H

#include <stddef.h>
#include <time.h>
#include <wchar.h>

/* The number of terminal cells s takes. */
int text_width(const char *s);
/* Convert s into out, cut to at most width cells (ending in an ellipsis when cut); returns the cells used. */
int text_fit(const char *s, int width, wchar_t *out, size_t outsz);
/* Whether needle occurs in hay, ignoring case (needle "" always matches; NULL hay never). */
int text_contains(const char *hay, const char *needle);
/* Compare two possibly-NULL strings, ignoring case, numbers by value ("n-2" < "n-10"); NULL sorts first. */
int text_compare(const char *a, const char *b);
/* Format the age of then at now: "12s ago", "5m ago", "3h ago", "2d ago", or "never" when then is 0. */
const char *text_ago(time_t then, time_t now, char *buf, size_t sz);
/* Format a byte count: "512 B", "1.5 KiB", "20.0 MiB", ..., or "-" when negative. */
const char *text_size(long long bytes, char *buf, size_t sz);
/* Whether the locale's characters may be wider than one byte (UTF-8). */
int text_utf8(void);

#endif
