/*
 * view: a sortable, filterable table over the model, like tig's view_ops.
 *
 * A view is a table of functions (struct view_ops, one file per view) plus
 * the generic state in struct view (index, cursor, sort, filter, detail).
 * A view's rows are numbered 0..count-1 in its own source order (for most
 * views the model array); the index holds the row numbers that pass the
 * filter, in sort order, so the data is never copied and only the visible
 * rows are drawn.
 *
 * Contract: view_init() / view_dispose() a caller-owned struct view (it owns
 * its index, its selected id and its private data). view_sync() rebuilds the
 * index when the model's generation, the sort or the filter changed, and
 * finds the selected row again by its id; call it before reading the index.
 * Views keep ids, never pointers into the model, across loads. The ops
 * functions get the app read-only except load and act, which may start cloud
 * operations. Strings in cells and details are raw model text: view_draw and
 * the detail pane sanitize them.
 */
#ifndef SD_UI_VIEW_H
#define SD_UI_VIEW_H

#include <stddef.h>

#include "core/model.h"
#include "ui/keys.h"

struct app;
struct view;

enum ui_style {
	STYLE_NORMAL, STYLE_TITLE, STYLE_TAB, STYLE_HEADER, STYLE_CURSOR, STYLE_STATUS,
	STYLE_ERROR, STYLE_INFO, STYLE_GOOD, STYLE_WARN, STYLE_BAD, STYLE_DIM, STYLE_MARK,
	STYLE_COUNT
};

struct view_column {
	const char *title;
	int min;        /* the narrowest width worth showing */
	int want;       /* the preferred width; 0: takes the space left over */
	int priority;   /* 0: always shown; larger numbers are hidden first on narrow screens */
	int right;      /* right-aligned (numbers) */
	int flex;       /* takes the width left over once every column has its want */
};

struct view_cell {
	const char *text;       /* raw text (sanitized when drawn) or NULL */
	enum ui_style style;
	int indent;             /* cells of indentation before the text */
	char buf[64];           /* scratch space: text may point here */
};

/* The detail pane's lines, filled by view_ops.detail with view_detail_add(). */
struct view_detail {
	char **labels;
	char **values;          /* sanitized copies */
	size_t n, alloc;
};

struct view_ops {
	const char *name;                       /* "images"; also the :command */
	const struct view_column *columns;
	size_t n_columns;
	enum model_kind kind;                   /* whose age the status line shows */
	size_t sort_default;                    /* the column sorted by at first */
	/* Start loading this view's data (cloud calls); 0 or negative ERR_*. */
	int (*load)(struct app *app);
	/* Prepare private row data after the model changed (may be NULL). */
	void (*prepare)(struct view *v, const struct app *app);
	/* The number of rows in the view's source. */
	size_t (*count)(struct view *v, const struct app *app);
	/* Fill one cell per column for row. */
	void (*draw_row)(struct view *v, const struct app *app, size_t row, struct view_cell *cells);
	/* Order rows a and b by column (rev: descending); ties may return 0. */
	int (*compare)(struct view *v, const struct app *app, size_t a, size_t b, size_t column, int rev);
	/* Whether row matches the filter text (case-insensitive substring). */
	int (*match)(struct view *v, const struct app *app, size_t row, const char *needle);
	/* Write a stable id of row (kept across reloads) into buf and return buf. */
	const char *(*row_id)(struct view *v, const struct app *app, size_t row, char *buf, size_t sz);
	/* Describe every field of row. */
	void (*detail)(struct view *v, const struct app *app, size_t row, struct view_detail *d);
	/* Handle an action on the selected row first: 1 handled, 0 for the default (may be NULL). */
	int (*act)(struct view *v, struct app *app, enum ui_action action);
	/* Free the private data (may be NULL). */
	void (*dispose)(struct view *v);
};

struct view {
	const struct view_ops *ops;
	size_t *index;          /* rows passing the filter, in sort order */
	size_t n_index, alloc;
	unsigned generation;    /* model generation the index was built from */
	int stale;              /* sort or filter changed: rebuild */
	size_t cursor;          /* position in index */
	size_t top;             /* first visible position */
	size_t page;            /* visible rows at the last draw */
	unsigned long shown;    /* bit i: column i was shown at the last draw */
	size_t sort_col;
	int sort_rev;
	char filter[256];
	char *selected_id;      /* id of the row under the cursor, or NULL */
	int detail;             /* detail pane shown */
	void *priv;             /* the view's own data */
};

/* Start a view with its ops; nothing indexed yet. */
void view_init(struct view *v, const struct view_ops *ops);
/* Free what the view owns. */
void view_dispose(struct view *v);
/* Rebuild the index if the model, sort or filter changed. */
void view_sync(struct view *v, const struct app *app);
/* Force a rebuild at the next view_sync(). */
void view_invalidate(struct view *v);
/* The source row under the cursor; 0 when empty (check n_index). */
int view_selected(const struct view *v, size_t *row);
/* Move the cursor by delta rows, or to the top (where < 0) or bottom (where > 0) when delta is 0. */
void view_move(struct view *v, const struct app *app, long delta, int where);
/* Sort by the next shown column. */
void view_sort_next(struct view *v);
/* Reverse the sort order. */
void view_sort_reverse(struct view *v);
/* Replace the filter text (NULL or "" clears it). */
void view_set_filter(struct view *v, const char *text);
/* Draw the header and the visible rows in the given area of the screen. */
void view_draw(struct view *v, const struct app *app, int y, int height, int width);
/* The height the detail pane wants in a body of that many lines (half of it at least). */
int view_detail_height(struct view *v, const struct app *app, int body);
/* Draw the detail pane of the selected row in the given area. */
void view_draw_detail(struct view *v, const struct app *app, int y, int height, int width);

/* Add a line to a detail pane (value is sanitized; NULL shows as "-"). */
void view_detail_add(struct view_detail *d, const char *label, const char *value);
/* Add a formatted line to a detail pane. */
void view_detail_addf(struct view_detail *d, const char *label, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Free the lines of a detail pane. */
void view_detail_dispose(struct view_detail *d);

/* Order two strings for a view (case-insensitive, numbers by value), descending when rev. */
int view_cmp_str(const char *a, const char *b, int rev);
/* Order two numbers for a view, descending when rev. */
int view_cmp_num(long long a, long long b, int rev);

/* The views, one per file: view_projects.c, view_images.c, view_clusters.c, view_help.c. */
extern const struct view_ops view_projects_ops;
extern const struct view_ops view_images_ops;
extern const struct view_ops view_clusters_ops;
extern const struct view_ops view_help_ops;

#endif
