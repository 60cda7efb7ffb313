/*
 * sanitize: make text from the network safe to put on a terminal.
 *
 * Removes or replaces C0 and C1 controls, DEL, ESC sequences (CSI, OSC, DCS
 * ... dropped whole, including their parameters), Unicode bidi overrides and
 * isolates (U+202A..U+202E, U+2066..U+2069), and invalid or overlong UTF-8
 * (each bad byte becomes U+FFFD). Tabs become a space, and in sanitize_line()
 * so do newlines. Output longer than max_bytes is cut on a character
 * boundary and ends with "…". Valid printable UTF-8 passes through unchanged.
 *
 * Contract: both return a new NUL-terminated string the caller frees; they
 * never fail (NULL input gives "").
 */
#ifndef SD_CORE_SANITIZE_H
#define SD_CORE_SANITIZE_H

#include <stddef.h>
#include <stdint.h>

/* Sanitize len bytes of multi-line text (newlines kept), at most max_bytes of output. */
char *sanitize_text(const char *s, size_t len, size_t max_bytes);
/* Sanitize a NUL-terminated string into one line, at most max_bytes of output. */
char *sanitize_line(const char *s, size_t max_bytes);
/* Decode the well-formed UTF-8 sequence at s (avail bytes left): its length and *cp, or 0 when ill-formed. */
size_t sanitize_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp);
/* True for a code point a terminal may act on beyond C0 and DEL: C1 controls, bidi overrides and isolates. */
int sanitize_is_unsafe(uint32_t cp);

#endif
