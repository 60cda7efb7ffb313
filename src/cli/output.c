#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cli/output.h"
#include "core/sanitize.h"
#include "core/text.h"
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

void out_table_print(const struct out_table *t, FILE *f)
{
	size_t *width = xcalloc(t->n_cols, sizeof *width);
	size_t r, c;

	for (c = 0; c < t->n_cols; c++)
		width[c] = (size_t)text_width(t->headers[c]);
	for (r = 0; r < t->n_rows; r++)
		for (c = 0; c < t->n_cols; c++) {
			size_t w = (size_t)text_width(t->cells[r * t->n_cols + c]);

			if (w > width[c])
				width[c] = w;
		}
	for (r = 0; r <= t->n_rows; r++) {
		for (c = 0; c < t->n_cols; c++) {
			const char *s = r == 0 ? t->headers[c] : t->cells[(r - 1) * t->n_cols + c];
			int last = c + 1 == t->n_cols;

			fputs(s, f);
			if (!last)
				fprintf(f, "%*s", (int)(width[c] - (size_t)text_width(s) + 2), "");
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

void out_json_print(const cJSON *j, FILE *f)
{
	char *text = cJSON_Print(j);
	const unsigned char *p, *end = (const unsigned char *)text + strlen(text);

	/* cJSON escapes C0; anything unsafe beyond ASCII can only sit inside strings. */
	for (p = (const unsigned char *)text; *p;) {
		uint32_t cp = 0;
		size_t n = sanitize_utf8_decode(p, (size_t)(end - p), &cp);

		if (n == 0) {
			fputs("\\ufffd", f);
			p++;
		} else if (sanitize_is_unsafe(cp)) {
			fprintf(f, "\\u%04x", (unsigned)cp);
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
