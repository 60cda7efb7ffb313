#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli/output.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

/* Cells longer than this are cut: a table is for reading, JSON is for everything. */
#define OUT_CELL_MAX 512

void out_table_init(struct out_table *t, const char *const *headers, size_t n_cols)
{
	memset(t, 0, sizeof *t);
	t->headers = headers;
	t->n_cols = n_cols;
}

void out_table_row(struct out_table *t, const char *const *cells)
{
	size_t i, base = t->n_rows * t->n_cols;

	t->cells = xreallocarray(t->cells, base + t->n_cols, sizeof *t->cells);
	for (i = 0; i < t->n_cols; i++)
		t->cells[base + i] = sanitize_line(cells[i] ? cells[i] : "", OUT_CELL_MAX);
	t->n_rows++;
}

/* Display width of sanitized UTF-8 text (wide characters count 2). */
static size_t out_width(const char *s)
{
	mbstate_t st;
	size_t w = 0, n;
	wchar_t wc;

	memset(&st, 0, sizeof st);
	while (*s) {
		n = mbrtowc(&wc, s, MB_CUR_MAX, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			memset(&st, 0, sizeof st);
			n = 1;
			w++;
		} else {
			int cw = wcwidth(wc);

			w += cw > 0 ? (size_t)cw : 0;
		}
		s += n;
	}
	return w;
}

void out_table_print(const struct out_table *t, FILE *f)
{
	size_t *width = xcalloc(t->n_cols, sizeof *width);
	size_t r, c;

	for (c = 0; c < t->n_cols; c++)
		width[c] = out_width(t->headers[c]);
	for (r = 0; r < t->n_rows; r++)
		for (c = 0; c < t->n_cols; c++) {
			size_t w = out_width(t->cells[r * t->n_cols + c]);

			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r <= t->n_rows; r++) {
		for (c = 0; c < t->n_cols; c++) {
			const char *s = r == 0 ? t->headers[c] : t->cells[(r - 1) * t->n_cols + c];
			int last = c + 1 == t->n_cols;

			fputs(s, f);
			if (!last)
				fprintf(f, "%*s", (int)(width[c] - out_width(s) + 2), "");
		}
		fputc('\n', f);
	}
	free(width);
}

void out_table_dispose(struct out_table *t)
{
	size_t i;

	for (i = 0; i < t->n_rows * t->n_cols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->n_rows = 0;
}

/* Length of the valid UTF-8 sequence at s, or 0 when it is invalid. */
static size_t utf8_seq(const unsigned char *s, unsigned *cp)
{
	size_t n, i;
	unsigned c;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	if (s[0] >= 0xc2 && s[0] <= 0xdf) { n = 2; c = s[0] & 0x1f; }
	else if (s[0] >= 0xe0 && s[0] <= 0xef) { n = 3; c = s[0] & 0x0f; }
	else if (s[0] >= 0xf0 && s[0] <= 0xf4) { n = 4; c = s[0] & 0x07; }
	else
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 || c > 0x10ffff)) ||
	    (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return n;
}

/* True for code points a terminal may act on: C1 controls and bidi controls. */
static int out_unsafe_cp(unsigned cp)
{
	return (cp >= 0x80 && cp <= 0x9f) || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069) || cp == 0x200e || cp == 0x200f || cp == 0x061c;
}

void out_json_print(const cJSON *j, FILE *f)
{
	char *text = cJSON_Print(j);
	const unsigned char *p;

	/* cJSON escapes C0; anything unsafe beyond ASCII can only sit inside strings. */
	for (p = (const unsigned char *)text; *p;) {
		unsigned cp = 0;
		size_t n = utf8_seq(p, &cp);

		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
		} else if (out_unsafe_cp(cp)) {
			fprintf(f, "\\u%04x", cp);
			p += n;
		} else {
			fwrite(p, 1, n, f);
			p += n;
		}
	}
	fputc('\n', f);
	free(text);
}

void out_emit(struct out_table *t, cJSON *j, int json)
{
	if (json)
		out_json_print(j, stdout);
	else
		out_table_print(t, stdout);
	out_table_dispose(t);
	cJSON_Delete(j);
}
