#include "autoconfig.h"

#include <stdint.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/xmalloc.h"

#define ESC 0x1b
#define REPLACEMENT "\xef\xbf\xbd"	/* U+FFFD */
#define ELLIPSIS "\xe2\x80\xa6"		/* U+2026 */

/* Output under construction: stops accepting once a character does not fit. */
struct san_out {
	char *p;
	size_t len;
	size_t max;
	int full;
};

static void san_put(struct san_out *o, const char *s, size_t n)
{
	if (o->full)
		return;
	if (n > o->max - o->len) {
		o->full = 1;
		return;
	}
	memcpy(o->p + o->len, s, n);
	o->len += n;
}

size_t sanitize_utf8_decode(const unsigned char *s, size_t avail, uint32_t *cp)
{
	unsigned char c = s[0];
	unsigned char lo = 0x80, hi = 0xbf;
	size_t n, i;

	/* Well-formed means Unicode's table 3-7: no overlongs, surrogates or values past U+10FFFF. */
	if (avail == 0)
		return 0;
	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	if (c == 0xe0)
		lo = 0xa0;
	else if (c == 0xed)
		hi = 0x9f;
	else if (c == 0xf0)
		lo = 0x90;
	else if (c == 0xf4)
		hi = 0x8f;
	if (avail < n || s[1] < lo || s[1] > hi)
		return 0;
	for (i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	*cp = c & (n == 2 ? 0x1f : n == 3 ? 0x0f : 0x07);
	for (i = 1; i < n; i++)
		*cp = (*cp << 6) | (s[i] & 0x3f);
	return n;
}

/* Skip the rest of a control sequence: parameters, intermediates, final byte. */
static size_t san_skip_csi(const unsigned char *s, size_t len, size_t i)
{
	while (i < len && s[i] >= 0x30 && s[i] <= 0x3f)
		i++;
	while (i < len && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i < len && s[i] >= 0x40 && s[i] <= 0x7e)
		i++;
	return i;
}

/*
 * Skip the body of an OSC, DCS, SOS, PM or APC string up to its terminator:
 * BEL, ST (ESC \, 0x9c or U+009C), CAN or SUB are swallowed; another ESC or a
 * newline ends it too but is processed again by the caller.
 */
static size_t san_skip_string(const unsigned char *s, size_t len, size_t i)
{
	for (; i < len; i++) {
		switch (s[i]) {
		case 0x07: case 0x18: case 0x1a:
			return i + 1;
		case '\n':
			return i;
		case ESC:
			return i + 1 < len && s[i + 1] == '\\' ? i + 2 : i;
		case 0xc2:
			if (i + 1 < len && s[i + 1] == 0x9c)
				return i + 2;
			break;
		}
	}
	return i;
}

/* Skip an escape sequence whose ESC is at s[i]; returns the index after it. */
static size_t san_skip_esc(const unsigned char *s, size_t len, size_t i)
{
	i++;
	if (i >= len)
		return i;
	switch (s[i]) {
	case '[':
		return san_skip_csi(s, len, i + 1);
	case ']': case 'P': case 'X': case '^': case '_':
		return san_skip_string(s, len, i + 1);
	}
	while (i < len && s[i] >= 0x20 && s[i] <= 0x2f)
		i++;
	if (i < len && s[i] >= 0x30 && s[i] <= 0x7e)
		i++;
	return i;
}

/* After the C1 control cp (U+0080..U+009F) ending at s[i], skip what it introduces. */
static size_t san_skip_c1(const unsigned char *s, size_t len, size_t i, uint32_t cp)
{
	switch (cp) {
	case 0x9b:
		return san_skip_csi(s, len, i);
	case 0x90: case 0x98: case 0x9d: case 0x9e: case 0x9f:
		return san_skip_string(s, len, i);
	}
	return i;
}

int sanitize_is_unsafe(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

/* Cut o back on a character boundary so that "…" fits, and add it. */
static void san_add_ellipsis(struct san_out *o)
{
	size_t keep;

	if (o->max < sizeof ELLIPSIS - 1) {
		o->len = 0;
		return;
	}
	keep = o->max - (sizeof ELLIPSIS - 1);
	if (o->len > keep) {
		o->len = keep;
		while (o->len > 0 && ((unsigned char)o->p[o->len] & 0xc0) == 0x80)
			o->len--;
	}
	memcpy(o->p + o->len, ELLIPSIS, sizeof ELLIPSIS - 1);
	o->len += sizeof ELLIPSIS - 1;
}

static char *san_run(const unsigned char *s, size_t len, size_t max_bytes, int one_line)
{
	struct san_out o;
	size_t i = 0, n, cap;
	uint32_t cp;

	/* Each input byte yields at most 3 output bytes (U+FFFD). */
	cap = len <= SIZE_MAX / 4 ? len * 3 : SIZE_MAX / 2;
	if (cap > max_bytes)
		cap = max_bytes;
	o.p = xmalloc(cap + 1);
	o.len = 0;
	o.max = cap;
	o.full = 0;
	while (i < len && !o.full) {
		unsigned char c = s[i];

		if (c == ESC) {
			i = san_skip_esc(s, len, i);
		} else if (c < 0x80) {
			if (c == '\n')
				san_put(&o, one_line ? " " : "\n", 1);
			else if (c == '\t')
				san_put(&o, " ", 1);
			else if (c >= 0x20 && c != 0x7f)
				san_put(&o, (const char *)s + i, 1);
			i++;
		} else if ((n = sanitize_utf8_decode(s + i, len - i, &cp)) == 0) {
			/*
			 * Raw 8-bit C1 bytes are invalid UTF-8 like any other: they
			 * reach the terminal as U+FFFD, so they introduce nothing.
			 */
			san_put(&o, REPLACEMENT, sizeof REPLACEMENT - 1);
			i++;
		} else if (cp <= 0x9f) {
			i = san_skip_c1(s, len, i + n, cp);
		} else {
			if (!sanitize_is_unsafe(cp))
				san_put(&o, (const char *)s + i, n);
			i += n;
		}
	}
	if (o.full)
		san_add_ellipsis(&o);
	o.p[o.len] = '\0';
	return o.p;
}

char *sanitize_text(const char *s, size_t len, size_t max_bytes)
{
	if (s == NULL)
		return xstrdup("");
	return san_run((const unsigned char *)s, len, max_bytes, 0);
}

char *sanitize_line(const char *s, size_t max_bytes)
{
	if (s == NULL)
		return xstrdup("");
	return san_run((const unsigned char *)s, strlen(s), max_bytes, 1);
}
