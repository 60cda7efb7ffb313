/* view: the generic table: index (filter + stable sort), cursor, column layout, drawing, detail pane. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/model.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "ui/app.h"
#include "ui/screen.h"
#include "core/text.h"
#include "ui/view.h"

#define VIEW_MAX_COLUMNS 16
#define VIEW_ID_MAX 256
#define VIEW_GAP 1

void view_init(struct view *v, const struct view_ops *ops)
{
	memset(v, 0, sizeof *v);
	v->ops = ops;
	v->stale = 1;
	v->page = 1;
	v->shown = ~0UL;
	v->sort_col = ops->sort_default;
}

void view_dispose(struct view *v)
{
	if (v->ops && v->ops->dispose)
		v->ops->dispose(v);
	free(v->index);
	free(v->selected_id);
	memset(v, 0, sizeof *v);
}

void view_invalidate(struct view *v)
{
	v->stale = 1;
}

int view_selected(const struct view *v, size_t *row)
{
	if (v->n_index == 0)
		return 0;
	*row = v->index[v->cursor];
	return 1;
}

/* Remember the id of the row under the cursor, to find it again after a reload. */
static void view_remember(struct view *v, const struct app *app)
{
	char buf[VIEW_ID_MAX];
	size_t row;

	free(v->selected_id);
	v->selected_id = NULL;
	if (view_selected(v, &row))
		v->selected_id = xstrdup(v->ops->row_id(v, app, row, buf, sizeof buf));
}

/* Merge the sorted runs a[lo..mid) and a[mid..hi) through tmp (stable: ties keep their order). */
static void view_merge(struct view *v, const struct app *app, size_t *a, size_t *tmp, size_t lo, size_t mid,
		       size_t hi)
{
	size_t i = lo, j = mid, k = lo;

	while (i < mid && j < hi) {
		if (v->ops->compare(v, app, a[j], a[i], v->sort_col, v->sort_rev) < 0)
			tmp[k++] = a[j++];
		else
			tmp[k++] = a[i++];
	}
	while (i < mid)
		tmp[k++] = a[i++];
	while (j < hi)
		tmp[k++] = a[j++];
	memcpy(a + lo, tmp + lo, (hi - lo) * sizeof *a);
}

/* Sort the index with a bottom-up merge sort (stable, O(n log n), no global state). */
static void view_sort(struct view *v, const struct app *app)
{
	size_t n = v->n_index, width, lo, *tmp;

	if (n < 2 || v->ops->compare == NULL)
		return;
	tmp = xcalloc(n, sizeof *tmp);
	for (width = 1; width < n; width *= 2)
		for (lo = 0; lo + width < n; lo += 2 * width)
			view_merge(v, app, v->index, tmp, lo, lo + width, lo + 2 * width < n ? lo + 2 * width : n);
	free(tmp);
}

void view_sync(struct view *v, const struct app *app)
{
	char buf[VIEW_ID_MAX];
	size_t n, i;

	if (!v->stale && v->generation == app->model->generation)
		return;
	if (v->ops->prepare)
		v->ops->prepare(v, app);
	n = v->ops->count(v, app);
	if (n > v->alloc) {
		v->index = xreallocarray(v->index, n, sizeof *v->index);
		v->alloc = n;
	}
	v->n_index = 0;
	for (i = 0; i < n; i++)
		if (v->filter[0] == '\0' || v->ops->match(v, app, i, v->filter))
			v->index[v->n_index++] = i;
	view_sort(v, app);
	v->generation = app->model->generation;
	v->stale = 0;
	if (v->selected_id)
		for (i = 0; i < v->n_index; i++)
			if (strcmp(v->ops->row_id(v, app, v->index[i], buf, sizeof buf), v->selected_id) == 0) {
				v->cursor = i;
				break;
			}
	if (v->cursor >= v->n_index)
		v->cursor = v->n_index ? v->n_index - 1 : 0;
	view_remember(v, app);
}

void view_move(struct view *v, const struct app *app, long delta, int where)
{
	size_t last;

	if (v->n_index == 0)
		return;
	last = v->n_index - 1;
	if (delta == 0)
		v->cursor = where < 0 ? 0 : last;
	else if (delta < 0)
		v->cursor = (size_t)-delta > v->cursor ? 0 : v->cursor - (size_t)-delta;
	else
		v->cursor = (size_t)delta > last - v->cursor ? last : v->cursor + (size_t)delta;
	view_remember(v, app);
}

void view_sort_next(struct view *v)
{
	size_t i, n = v->ops->n_columns;

	for (i = 0; i < n; i++) {
		v->sort_col = (v->sort_col + 1) % n;
		if (v->sort_col >= sizeof v->shown * 8 || (v->shown & (1UL << v->sort_col)))
			break;
	}
	v->stale = 1;
}

void view_sort_reverse(struct view *v)
{
	v->sort_rev = !v->sort_rev;
	v->stale = 1;
}

void view_set_filter(struct view *v, const char *text)
{
	snprintf(v->filter, sizeof v->filter, "%s", text ? text : "");
	v->stale = 1;
}

/* Give each column a width (0: hidden) for a table width cells wide; returns the bit set of shown columns. */
static unsigned long view_layout(const struct view_column *c, size_t n, int width, int *w)
{
	unsigned long shown = 0;
	int sum = 0, extra, k = 0, prio, maxprio = 0, grow;
	size_t i, drop, flex = 0;

	for (i = 0; i < n; i++) {
		shown |= 1UL << i;
		sum += c[i].min + (k++ ? VIEW_GAP : 0);
		if (c[i].priority > maxprio)
			maxprio = c[i].priority;
	}
	/* Hide the least important columns until the minimum widths fit. */
	while (sum > width) {
		drop = n;
		for (i = 0; i < n; i++)
			if ((shown & (1UL << i)) && c[i].priority > 0 && (drop == n || c[i].priority >= c[drop].priority))
				drop = i;
		if (drop == n)
			break;
		shown &= ~(1UL << drop);
		sum -= c[drop].min + VIEW_GAP;
	}
	for (i = 0; i < n; i++)
		w[i] = (shown & (1UL << i)) ? c[i].min : 0;
	/* Grow them towards their preferred widths, most important first. */
	extra = width - sum;
	for (prio = 0; prio <= maxprio && extra > 0; prio++)
		for (i = 0; i < n && extra > 0; i++)
			if (w[i] && c[i].priority == prio && c[i].want > w[i]) {
				grow = c[i].want - w[i] < extra ? c[i].want - w[i] : extra;
				w[i] += grow;
				extra -= grow;
			}
	/* What is left goes to the flexible columns. */
	for (i = 0; i < n; i++)
		if (w[i] && c[i].flex)
			flex++;
	for (i = 0; i < n && extra > 0 && flex > 0; i++)
		if (w[i] && c[i].flex) {
			grow = extra / (int)flex--;
			w[i] += grow;
			extra -= grow;
		}
	return shown;
}

/* Draw the header line: column titles, the sort column marked. */
static void view_draw_header(const struct view *v, int y, int width, const int *w)
{
	const struct view_column *c = v->ops->columns;
	char title[96];
	size_t i;
	int x = 1;

	screen_fill(y, 0, width, STYLE_HEADER);
	for (i = 0; i < v->ops->n_columns && x < width; i++) {
		if (w[i] == 0)
			continue;
		if (i == v->sort_col)
			snprintf(title, sizeof title, "%s%s", c[i].title,
				 text_utf8() ? (v->sort_rev ? "\u25bc" : "\u25b2") : (v->sort_rev ? "v" : "^"));
		else
			snprintf(title, sizeof title, "%s", c[i].title);
		screen_put(y, x, w[i] < width - x ? w[i] : width - x, title, STYLE_HEADER,
			   c[i].right && text_width(title) < w[i]);
		x += w[i] + VIEW_GAP;
	}
}

/* Draw one row of the table at y. */
static void view_draw_row(struct view *v, const struct app *app, int y, int width, const int *w, size_t pos)
{
	const struct view_column *c = v->ops->columns;
	struct view_cell cells[VIEW_MAX_COLUMNS];
	enum ui_style st;
	int cur = pos == v->cursor, x = 1, cw;
	size_t i, n = v->ops->n_columns;

	memset(cells, 0, n * sizeof cells[0]);
	v->ops->draw_row(v, app, v->index[pos], cells);
	screen_fill(y, 0, width, cur ? STYLE_CURSOR : STYLE_NORMAL);
	if (cur)
		screen_put(y, 0, 1, ">", STYLE_CURSOR, 0);
	for (i = 0; i < n && x < width; i++) {
		if (w[i] == 0)
			continue;
		cw = w[i] < width - x ? w[i] : width - x;
		st = cur ? STYLE_CURSOR : cells[i].style;
		if (cells[i].indent > 0 && cells[i].indent < cw)
			screen_put(y, x + cells[i].indent, cw - cells[i].indent, cells[i].text, st, c[i].right);
		else
			screen_put(y, x, cw, cells[i].text, st, c[i].right);
		x += w[i] + VIEW_GAP;
	}
}

void view_draw(struct view *v, const struct app *app, int y, int height, int width)
{
	int w[VIEW_MAX_COLUMNS];
	size_t page, pos;
	int row;

	if (height < 1)
		return;
	view_sync(v, app);
	v->shown = view_layout(v->ops->columns, v->ops->n_columns, width - 1, w);
	view_draw_header(v, y, width, w);
	page = height > 1 ? (size_t)height - 1 : 1;
	v->page = page;
	if (v->cursor < v->top)
		v->top = v->cursor;
	if (v->cursor >= v->top + page)
		v->top = v->cursor - page + 1;
	if (v->top + page > v->n_index)
		v->top = v->n_index > page ? v->n_index - page : 0;
	for (row = 1, pos = v->top; row < height && pos < v->n_index; row++, pos++)
		view_draw_row(v, app, y + row, width, w, pos);
	if (v->n_index == 0 && height > 1) {
		if (v->filter[0])
			screen_put(y + 1, 1, width - 1, "(no row matches the filter; Esc clears it)", STYLE_DIM, 0);
		else if (app->model->loaded_at[v->ops->kind] == 0 && app_busy(app))
			screen_put(y + 1, 1, width - 1, "loading...", STYLE_DIM, 0);
		else if (app->model->loaded_at[v->ops->kind] == 0)
			screen_put(y + 1, 1, width - 1, "(not loaded: r tries again)", STYLE_DIM, 0);
		else
			screen_put(y + 1, 1, width - 1, "(nothing here)", STYLE_DIM, 0);
	}
}

int view_detail_height(struct view *v, const struct app *app, int body)
{
	struct view_detail d;
	int want, half = body / 2;
	size_t row;

	memset(&d, 0, sizeof d);
	view_sync(v, app);
	if (view_selected(v, &row))
		v->ops->detail(v, app, row, &d);
	want = (int)d.n + 1;
	view_detail_dispose(&d);
	if (want > body - 6)
		want = body - 6;
	return want > half ? want : half;
}

void view_draw_detail(struct view *v, const struct app *app, int y, int height, int width)
{
	struct view_detail d;
	char more[64];
	int lw = 0, l, i, rows;
	size_t row;

	if (height < 1)
		return;
	memset(&d, 0, sizeof d);
	view_sync(v, app);
	screen_put(y, 0, width, " details (d or Enter closes)", STYLE_TITLE, 0);
	if (!view_selected(v, &row)) {
		if (height > 1)
			screen_put(y + 1, 1, width - 1, "(nothing selected)", STYLE_DIM, 0);
		goto out;
	}
	v->ops->detail(v, app, row, &d);
	for (i = 0; i < (int)d.n; i++)
		if ((l = text_width(d.labels[i])) > lw)
			lw = l;
	if (lw > 18)
		lw = 18;
	rows = height - 1;
	for (i = 0; i < (int)d.n && i < rows; i++) {
		if (i == rows - 1 && (int)d.n > rows) {
			snprintf(more, sizeof more, "... %d more lines", (int)d.n - i);
			screen_put(y + 1 + i, 1, width - 1, more, STYLE_DIM, 0);
			break;
		}
		screen_put(y + 1 + i, 1, lw, d.labels[i], STYLE_HEADER, 0);
		screen_put(y + 1 + i, 1 + lw, 2, ":", STYLE_NORMAL, 0);
		screen_put(y + 1 + i, 3 + lw, width - 3 - lw, d.values[i], STYLE_NORMAL, 0);
	}
out:
	view_detail_dispose(&d);
}

void view_detail_add(struct view_detail *d, const char *label, const char *value)
{
	if (d->n == d->alloc) {
		d->alloc = d->alloc ? 2 * d->alloc : 16;
		d->labels = xreallocarray(d->labels, d->alloc, sizeof *d->labels);
		d->values = xreallocarray(d->values, d->alloc, sizeof *d->values);
	}
	d->labels[d->n] = xstrdup(label);
	d->values[d->n] = sanitize_line(value ? value : "-", 2048);
	d->n++;
}

void view_detail_addf(struct view_detail *d, const char *label, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	view_detail_add(d, label, buf);
}

void view_detail_dispose(struct view_detail *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->labels[i]);
		free(d->values[i]);
	}
	free(d->labels);
	free(d->values);
	memset(d, 0, sizeof *d);
}

int view_cmp_str(const char *a, const char *b, int rev)
{
	int r = text_compare(a, b);

	return rev ? -r : r;
}

int view_cmp_num(long long a, long long b, int rev)
{
	int r = (a > b) - (a < b);

	return rev ? -r : r;
}
