/* text: cell widths, fitting, case-insensitive matching and formatting of UTF-8 strings. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "core/text.h"

/* Decode one character of s into *wc; returns the bytes used (an invalid byte counts as one U+FFFD). */
static size_t text_next(const char *s, wchar_t *wc)
{
	mbstate_t st;
	size_t n;

	if ((unsigned char)*s < 0x80) {
		*wc = (unsigned char)*s;
		return 1;
	}
	memset(&st, 0, sizeof st);
	n = mbrtowc(wc, s, MB_CUR_MAX, &st);
	if (n == (size_t)-1 || n == (size_t)-2) {
		*wc = text_utf8() ? 0xFFFD : '?';
		return 1;
	}
	if (n == 0)
		return 1;
	return n;
}

/* The cells one character takes: non-printable ones take none. */
static int text_cells(wchar_t wc)
{
	int w = wcwidth(wc);

	return w < 0 ? 0 : w;
}

int text_utf8(void)
{
	return MB_CUR_MAX > 1;
}

int text_width(const char *s)
{
	wchar_t wc;
	int w = 0;

	if (s == NULL)
		return 0;
	while (*s) {
		s += text_next(s, &wc);
		w += text_cells(wc);
	}
	return w;
}

int text_fit(const char *s, int width, wchar_t *out, size_t outsz)
{
	wchar_t wc, ellipsis = text_utf8() ? 0x2026 : '~';
	size_t n = 0;
	int used = 0, cw;

	if (outsz == 0)
		return 0;
	if (s == NULL || width <= 0) {
		out[0] = 0;
		return 0;
	}
	if (text_width(s) <= width) {
		while (*s && n + 1 < outsz) {
			s += text_next(s, &wc);
			cw = wcwidth(wc);
			if (cw < 0)
				continue;
			out[n++] = wc;
			used += cw;
		}
		out[n] = 0;
		return used;
	}
	/* Too wide: keep what fits in width - 1 cells, then the ellipsis. */
	while (*s && n + 2 < outsz) {
		s += text_next(s, &wc);
		cw = wcwidth(wc);
		if (cw < 0)
			continue;
		if (used + cw > width - 1)
			break;
		out[n++] = wc;
		used += cw;
	}
	out[n++] = ellipsis;
	out[n] = 0;
	return used + 1;
}

/* Lower-case the next character of s into *wc; returns the bytes used. */
static size_t text_next_lower(const char *s, wchar_t *wc)
{
	size_t n;

	if ((unsigned char)*s < 0x80) {
		*wc = *s >= 'A' && *s <= 'Z' ? *s + ('a' - 'A') : *s;
		return 1;
	}
	n = text_next(s, wc);
	*wc = (wchar_t)towlower((wint_t)*wc);
	return n;
}

/* Whether needle matches hay at its start, ignoring case. */
static int text_prefix(const char *hay, const char *needle)
{
	wchar_t a, b;

	while (*needle) {
		if (*hay == '\0')
			return 0;
		hay += text_next_lower(hay, &a);
		needle += text_next_lower(needle, &b);
		if (a != b)
			return 0;
	}
	return 1;
}

int text_contains(const char *hay, const char *needle)
{
	wchar_t wc;

	if (needle == NULL || *needle == '\0')
		return 1;
	if (hay == NULL)
		return 0;
	for (; *hay; hay += text_next(hay, &wc))
		if (text_prefix(hay, needle))
			return 1;
	return 0;
}

/* Compare the runs of digits at *a and *b by value and advance past them. */
static int text_compare_digits(const char **a, const char **b)
{
	const char *x = *a, *y = *b;
	size_t nx, ny;
	int r;

	while (*x == '0' && x[1] >= '0' && x[1] <= '9')
		x++;
	while (*y == '0' && y[1] >= '0' && y[1] <= '9')
		y++;
	for (nx = 0; x[nx] >= '0' && x[nx] <= '9'; nx++)
		;
	for (ny = 0; y[ny] >= '0' && y[ny] <= '9'; ny++)
		;
	if (nx != ny)
		return nx < ny ? -1 : 1;
	r = memcmp(x, y, nx);
	*a = x + nx;
	*b = y + ny;
	return r < 0 ? -1 : r > 0;
}

int text_compare(const char *a, const char *b)
{
	wchar_t x, y;
	int r;

	if (a == NULL || b == NULL)
		return (a != NULL) - (b != NULL);
	while (*a && *b) {
		if (*a >= '0' && *a <= '9' && *b >= '0' && *b <= '9') {
			if ((r = text_compare_digits(&a, &b)) != 0)
				return r;
			continue;
		}
		a += text_next_lower(a, &x);
		b += text_next_lower(b, &y);
		if (x != y)
			return x < y ? -1 : 1;
	}
	return (*a != '\0') - (*b != '\0');
}

const char *text_ago(time_t then, time_t now, char *buf, size_t sz)
{
	long long d;

	if (then == 0) {
		snprintf(buf, sz, "never");
		return buf;
	}
	d = now > then ? (long long)(now - then) : 0;
	if (d < 60)
		snprintf(buf, sz, "%llds ago", d);
	else if (d < 3600)
		snprintf(buf, sz, "%lldm ago", d / 60);
	else if (d < 86400)
		snprintf(buf, sz, "%lldh ago", d / 3600);
	else
		snprintf(buf, sz, "%lldd ago", d / 86400);
	return buf;
}

const char *text_size(long long bytes, char *buf, size_t sz)
{
	static const char *const units[] = { "KiB", "MiB", "GiB", "TiB", "PiB" };
	double v;
	size_t u = 0;

	if (bytes < 0) {
		snprintf(buf, sz, "-");
		return buf;
	}
	if (bytes < 1024) {
		snprintf(buf, sz, "%lld B", bytes);
		return buf;
	}
	v = (double)bytes / 1024.0;
	while (v >= 1024.0 && u + 1 < sizeof units / sizeof units[0]) {
		v /= 1024.0;
		u++;
	}
	snprintf(buf, sz, "%.1f %s", v, units[u]);
	return buf;
}
