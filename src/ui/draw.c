/* draw: one frame: the title with the view tabs, the table (and detail pane), the status and message lines. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "cloud/cloud.h"
#include "core/model.h"
#include "ui/app.h"
#include "ui/screen.h"
#include "core/text.h"
#include "ui/view.h"

#define DRAW_MIN_COLS 80
#define DRAW_MIN_ROWS 24

static const char *const draw_tabs[VIEW_COUNT] = { "1 projects", "2 images", "3 clusters", "? help" };
static const char draw_spinner[] = "|/-\\";

/* The title line: program name, view tabs (current in brackets), filter and row position. */
static void draw_title(struct app *app, int y, int width)
{
	const struct view *v = &app->views[app->current];
	char tab[32], right[320];
	int x, i, w, rw;

	screen_fill(y, 0, width, STYLE_TITLE);
	screen_put(y, 0, 11, " sparkdeck", STYLE_TITLE, 0);
	x = 11;
	for (i = 0; i < VIEW_COUNT; i++) {
		if (i == (int)app->current)
			snprintf(tab, sizeof tab, "[%s]", draw_tabs[i]);
		else
			snprintf(tab, sizeof tab, " %s ", draw_tabs[i]);
		w = text_width(tab);
		screen_put(y, x, w, tab, i == (int)app->current ? STYLE_TAB : STYLE_TITLE, 0);
		x += w + 1;
	}
	if (v->filter[0])
		snprintf(right, sizeof right, "/%s  %zu/%zu ", v->filter, v->n_index ? v->cursor + 1 : 0, v->n_index);
	else
		snprintf(right, sizeof right, "%zu/%zu ", v->n_index ? v->cursor + 1 : 0, v->n_index);
	rw = text_width(right);
	if (rw > width - x - 1)
		rw = width - x - 1;
	screen_put(y, width - rw, rw, right, STYLE_TITLE, 1);
}

/* The status line: cloud, project, region, age of the shown data, spinner. */
static void draw_status(struct app *app, int y, int width)
{
	const struct view *v = &app->views[app->current == VIEW_HELP ? app->last : app->current];
	const char *project = cloud_project_name(app->cloud), *region = cloud_region(app->cloud);
	const char *cloud = cloud_name(app->cloud);
	enum model_kind kind = v->ops->kind;
	static const char *const kinds[MODEL_NKINDS] = { "projects", "images", "servers" };
	char line[512], age[32], inv[48] = "";
	size_t n, pending = app_share_invitations(app);

	if (app->model->loaded_at[kind])
		text_ago(app->model->loaded_at[kind], app->now, age, sizeof age);
	else
		snprintf(age, sizeof age, "not loaded");
	if (pending)
		snprintf(inv, sizeof inv, " | %zu invitation%s", pending, pending == 1 ? "" : "s");
	n = (size_t)snprintf(line, sizeof line, " cloud %s | project %s%s | region %s | %s %s%s",
			     cloud ? cloud : "-", project ? project : "-", inv, region ? region : "-", kinds[kind],
			     app->model->loaded_at[kind] ? "loaded " : "", age);
	if (app_busy(app) && n < sizeof line)
		snprintf(line + n, sizeof line - n, "  %c loading", draw_spinner[app->spin % 4]);
	screen_put(y, 0, width, line, STYLE_STATUS, 0);
}

/* The message line: the prompt or question while typing, else the last message, else a hint. */
static void draw_message(struct app *app, int y, int width)
{
	char line[sizeof app->prompt + sizeof app->ask_label + 2];
	int cx;

	if (app->mode == MODE_ASK || app->mode == MODE_CONFIRM) {
		snprintf(line, sizeof line, "%s%s", app->ask_label, app->mode == MODE_ASK ? app->prompt : "");
		screen_put(y, 0, width, line, STYLE_WARN, 0);
		cx = text_width(line);
		if (app->mode == MODE_ASK && app->ask_hint[0] && cx + 2 < width)
			screen_put(y, cx + 2, width - cx - 2, app->ask_hint, STYLE_DIM, 0);
		screen_cursor(y, cx < width ? cx : width - 1);
		return;
	}
	if (app->mode != MODE_NORMAL) {
		snprintf(line, sizeof line, "%c%s", app->mode == MODE_COMMAND ? ':' : '/', app->prompt);
		screen_put(y, 0, width, line, STYLE_NORMAL, 0);
		cx = text_width(line);
		screen_cursor(y, cx < width ? cx : width - 1);
		return;
	}
	screen_cursor(0, -1);
	if (app->message)
		screen_put(y, 0, width, app->message, app->message_error ? STYLE_ERROR : STYLE_INFO, 0);
	else if (app->build.screen != BSCREEN_NONE)
		screen_put(y, 0, width, view_build_hint(app), STYLE_DIM, 0);
	else if (app->pick.open)
		screen_put(y, 0, width, view_pick_hint(app), STYLE_DIM, 0);
	else
		screen_put(y, 0, width, "? help  : command  / filter  s sort  d details  Tab views  q quit", STYLE_DIM, 0);
}

/* Below the minimum size: one notice instead of a broken layout. */
static void draw_too_small(struct app *app)
{
	const struct screen *s = &app->screen;
	char line[128];
	int y = s->rows / 2;

	snprintf(line, sizeof line, "terminal too small: %dx%d, sparkdeck needs %dx%d", s->cols, s->rows,
		 DRAW_MIN_COLS, DRAW_MIN_ROWS);
	screen_put(y > 0 ? y - 1 : 0, 0, s->cols, line, STYLE_ERROR, 0);
	if (y + 1 < s->rows)
		screen_put(y, 0, s->cols, "enlarge the window, or press q to quit", STYLE_NORMAL, 0);
	screen_cursor(0, -1);
}

void app_draw(struct app *app)
{
	const struct screen *s = &app->screen;
	struct view *v = &app->views[app->current];
	int body, detail;

	screen_erase(&app->screen, app->full_redraw);
	app->full_redraw = 0;
	if (s->cols < DRAW_MIN_COLS || s->rows < DRAW_MIN_ROWS) {
		draw_too_small(app);
		return;
	}
	if (app->build.screen != BSCREEN_NONE) {
		/* The build screen covers the views until it is closed. */
		view_build_draw(app, s->rows, s->cols);
	} else if (app->pick.open) {
		/* So does the project picker until it is confirmed or cancelled. */
		view_pick_draw(app, s->rows, s->cols);
	} else {
		view_sync(v, app);
		draw_title(app, 0, s->cols);
		body = s->rows - 3;
		if (v->detail) {
			detail = view_detail_height(v, app, body);
			view_draw(v, app, 1, body - detail, s->cols);
			view_draw_detail(v, app, 1 + body - detail, detail, s->cols);
		} else
			view_draw(v, app, 1, body, s->cols);
	}
	draw_status(app, s->rows - 2, s->cols);
	draw_message(app, s->rows - 1, s->cols);
}
