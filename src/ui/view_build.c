/* view_build: the build screen: the plan, the steps, progress lines and the builder's console; or a cleanup. */
#include "autoconfig.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <wchar.h>

#include "flow/image_build.h"
#include "ui/app.h"
#include "ui/keys.h"
#include "ui/screen.h"

#define VB_STEPS_COL 20
#define VB_MIN_CONSOLE 3

static const enum flow_build_step vb_steps[] = {
	FLOW_BUILD_RESOLVE, FLOW_BUILD_CREATE, FLOW_BUILD_BOOT, FLOW_BUILD_READY,
	FLOW_BUILD_STOP, FLOW_BUILD_SNAPSHOT, FLOW_BUILD_CLEANUP
};
#define VB_NSTEPS ((int)(sizeof vb_steps / sizeof vb_steps[0]))

static const char *const vb_mark_text[] = {
	[BMARK_PENDING] = "[    ]", [BMARK_CURRENT] = "[ .. ]", [BMARK_DONE] = "[done]",
	[BMARK_FAILED] = "[FAIL]", [BMARK_STOPPED] = "[stop]", [BMARK_SKIPPED] = "[skip]",
};

static const enum ui_style vb_mark_style[] = {
	[BMARK_PENDING] = STYLE_DIM, [BMARK_CURRENT] = STYLE_WARN, [BMARK_DONE] = STYLE_GOOD,
	[BMARK_FAILED] = STYLE_BAD, [BMARK_STOPPED] = STYLE_WARN, [BMARK_SKIPPED] = STYLE_DIM,
};

/* How the step that was current when the build went to its cleanup ended. */
static enum build_mark vb_last_mark(const struct app_build *b)
{
	/* The flow's message says so when the image was made and only the cleanup failed. */
	if (b->last_step == FLOW_BUILD_SNAPSHOT && (!b->ended || (b->result && strstr(b->result, "image was made"))))
		return b->stopped_by_user && !b->ended ? BMARK_STOPPED : BMARK_DONE;
	return b->stopped_by_user ? BMARK_STOPPED : BMARK_FAILED;
}

/* The mark of step s of the build. */
static enum build_mark vb_step_mark(const struct app_build *b, enum flow_build_step s)
{
	int cleaning = b->step == FLOW_BUILD_CLEANUP || (b->ended && b->failed);

	if (b->ended && !b->failed)
		return BMARK_DONE;
	if (!cleaning) {
		if (b->step == FLOW_BUILD_CONFIRM)
			return s == FLOW_BUILD_RESOLVE ? BMARK_DONE : BMARK_PENDING;
		return (int)s < b->step ? BMARK_DONE : (int)s == b->step ? BMARK_CURRENT : BMARK_PENDING;
	}
	if (s == FLOW_BUILD_CLEANUP) {
		if (!b->ended)
			return BMARK_CURRENT;
		if (b->last_step < FLOW_BUILD_CREATE)
			return BMARK_SKIPPED;
		return b->result && strstr(b->result, "cleanup failed") ? BMARK_FAILED : BMARK_DONE;
	}
	if ((int)s < b->last_step)
		return BMARK_DONE;
	return (int)s == b->last_step ? vb_last_mark(b) : BMARK_SKIPPED;
}

/* Draw lines first..first+height of l (clamped) at y, x. */
static void vb_lines(const struct lines *l, size_t first, int y, int x, int height, int width)
{
	int i;

	for (i = 0; i < height && first + (size_t)i < l->n; i++)
		screen_put(y + i, x, width, lines_get(l, first + (size_t)i), STYLE_NORMAL, 0);
}

/* The newest lines of l that fit in height rows. */
static void vb_tail(const struct lines *l, int y, int x, int height, int width)
{
	size_t first = l->n > (size_t)height ? l->n - (size_t)height : 0;

	vb_lines(l, first, y, x, height, width);
}

/* The bytes of s that fit in width cells, broken after a space when one is near the end. */
static size_t vb_fit(const char *s, int width)
{
	mbstate_t st;
	wchar_t wc;
	size_t i = 0, n, len = strlen(s), space = 0;
	int used = 0, w;

	memset(&st, 0, sizeof st);
	while (i < len) {
		n = mbrtowc(&wc, s + i, len - i, &st);
		if (n == (size_t)-1 || n == (size_t)-2 || n == 0) {
			n = 1;
			memset(&st, 0, sizeof st);
			wc = L'?';
		}
		w = wcwidth(wc);
		if (used + (w < 0 ? 1 : w) > width)
			return space > i / 2 ? space : (i ? i : n);
		used += w < 0 ? 1 : w;
		i += n;
		if (wc == L' ')
			space = i;
	}
	return len;
}

/* The plan, while the question is asked: every line whole (long ones wrap), so it can be read before y. */
static void vb_draw_plan(const struct app_build *b, int y, int height, int width)
{
	char part[1024], more[64];
	const char *p;
	size_t i, n = 0, k;
	int row = 1, indent;

	while (b->plan[n])
		n++;
	screen_put(y, 0, width, "Plan:", STYLE_HEADER, 0);
	for (i = 0; i < n; i++) {
		for (p = b->plan[i], indent = 2; *p; p += k, indent = 6) {
			k = vb_fit(p, width - indent);
			if (row == height - 1 && (p[k] || i + 1 < n)) {
				snprintf(more, sizeof more, "  … %zu more line%s", n - i, n - i == 1 ? "" : "s");
				screen_put(y + row, 0, width, more, STYLE_DIM, 0);
				return;
			}
			snprintf(part, sizeof part, "%.*s", (int)k, p);
			screen_put(y + row++, indent, width - indent, part,
				   b->plan[i][0] == '-' ? STYLE_WARN : STYLE_NORMAL, 0);
		}
	}
}

/* The steps with their marks, the progress lines beside them, the console below. */
static void vb_draw_progress(struct app *app, int y, int height, int width)
{
	struct app_build *b = &app->build;
	const struct lines *c = &b->console;
	enum build_mark m;
	int top = height * 2 / 5, i, h;
	long most;
	char line[160];

	if (top < VB_NSTEPS)
		top = VB_NSTEPS;
	if (height - top - 1 < VB_MIN_CONSOLE)
		top = height - 1 - VB_MIN_CONSOLE;
	for (i = 0; i < VB_NSTEPS && i < top; i++) {
		m = vb_step_mark(b, vb_steps[i]);
		screen_put(y + i, 1, 7, vb_mark_text[m], vb_mark_style[m], 0);
		screen_put(y + i, 9, VB_STEPS_COL - 9, flow_build_step_name(vb_steps[i]),
			   m == BMARK_CURRENT ? STYLE_MARK : STYLE_NORMAL, 0);
	}
	vb_tail(&b->progress, y, VB_STEPS_COL, top, width - VB_STEPS_COL);
	h = height - top - 1;
	b->page = h;
	most = c->n > (size_t)h ? (long)(c->n - (size_t)h) : 0;
	if (b->scroll > most)
		b->scroll = most;
	if (b->scroll < 0)
		b->scroll = 0;
	if (b->scroll)
		snprintf(line, sizeof line, " builder console: %zu lines, %ld back from the newest (G follows)", c->n,
			 b->scroll);
	else
		snprintf(line, sizeof line, " builder console: %zu lines", c->n);
	screen_put(y + top, 0, width, line, STYLE_HEADER, 0);
	vb_lines(c, (size_t)(most - b->scroll), y + top + 1, 1, h, width - 1);
}

/* The builds left behind, each with its resources, in list rows at y (the last says how many more). */
static void vb_draw_sets(const struct app_build *b, int y, int list, int width)
{
	size_t i, j, left = 0;
	int row = 0;
	char line[512];

	for (i = 0; i < b->n_rows; i++)
		left += 1 + b->rows[i].n_labels;
	for (i = 0; i < b->n_rows; i++) {
		const struct build_left_row *r = &b->rows[i];

		for (j = 0; j <= r->n_labels; j++, left--, row++) {
			if (row >= list)
				return;
			if (row == list - 1 && left > 1) {
				snprintf(line, sizeof line, "… %zu more lines", left);
				screen_put(y + row, 11, width - 11, line, STYLE_DIM, 0);
				return;
			}
			if (j > 0) {
				snprintf(line, sizeof line, "- %s", r->labels[j - 1]);
				screen_put(y + row, 11, width - 11, line, STYLE_NORMAL, 0);
				continue;
			}
			snprintf(line, sizeof line, "build %s (%s): %zu resource%s%s", r->id, r->recipe, r->n_labels,
				 r->n_labels == 1 ? "" : "s", r->abandoned ? "" : " -- may still be running: left alone");
			screen_put(y + row, 1, 7, vb_mark_text[r->mark], vb_mark_style[r->mark], 0);
			screen_put(y + row, 9, width - 9, line, STYLE_NORMAL, 0);
		}
	}
}

/* The builds left behind, then the progress lines. */
static void vb_draw_cleanup(const struct app_build *b, int y, int height, int width)
{
	int prog = b->progress.n ? height / 3 : 0, list = height - prog - (prog ? 1 : 0);

	vb_draw_sets(b, y, list, width);
	if (prog == 0)
		return;
	screen_put(y + list, 0, width, " progress", STYLE_HEADER, 0);
	vb_tail(&b->progress, y + list + 1, 1, prog, width - 1);
}

void view_build_draw(struct app *app, int rows, int cols)
{
	struct app_build *b = &app->build;
	char title[sizeof b->title + 16];
	const char *state;
	enum ui_style style = STYLE_INFO;
	int body = rows - 2 - 3;

	snprintf(title, sizeof title, " sparkdeck  %s", b->title);
	screen_put(0, 0, cols, title, STYLE_TITLE, 0);
	if (b->ended) {
		state = b->result ? b->result : "ended";
		style = b->failed ? STYLE_BAD : STYLE_GOOD;
	} else if (b->note) {
		state = b->note;
		style = STYLE_WARN;
	} else if (b->screen == BSCREEN_BUILD && b->plan) {
		state = "nothing exists yet: y creates what the plan shows, any other key leaves";
	} else if (b->screen == BSCREEN_BUILD) {
		state = b->step == FLOW_BUILD_RESOLVE ? "looking up the base image, flavor and network…" : "building…";
	} else {
		state = b->running ? "deleting…" : "";
	}
	screen_put(1, 0, cols, state, style, 0);
	if (body < 1)
		return;
	if (b->screen == BSCREEN_CLEANUP)
		vb_draw_cleanup(b, 3, body, cols);
	else if (b->plan)
		vb_draw_plan(b, 3, body, cols);
	else
		vb_draw_progress(app, 3, body, cols);
}

const char *view_build_hint(const struct app *app)
{
	const struct app_build *b = &app->build;

	if (b->ended && b->screen == BSCREEN_CLEANUP)
		return "any key: back to the images view  : command";
	if (b->ended)
		return "any key: back to the images view  j k PgUp PgDn scroll the console  : command";
	if (b->screen == BSCREEN_CLEANUP)
		return "q quits once the cleanup is done (Ctrl-C twice leaves at once)";
	return "q stops the build, deletes what it made, then quits  x stops it and stays  j k scroll";
}

void view_build_key(struct app *app, int key)
{
	struct app_build *b = &app->build;
	enum ui_action a = keys_lookup(keys_build, key);
	long page = b->page > 1 ? b->page - 1 : 1;

	switch (a) {
	case ACT_UP: b->scroll++; return;
	case ACT_DOWN: b->scroll--; return;
	case ACT_PAGE_UP: b->scroll += page; return;
	case ACT_PAGE_DOWN: b->scroll -= page; return;
	case ACT_TOP: b->scroll = LONG_MAX / 2; return;
	case ACT_BOTTOM: b->scroll = 0; return;
	case ACT_REDRAW: app->full_redraw = 1; return;
	case ACT_COMMAND:
		app_message_clear(app);
		app->mode = MODE_COMMAND;
		app->prompt[0] = '\0';
		return;
	default: break;
	}
	if (b->ended) {
		app_build_close(app);
		return;
	}
	if (a == ACT_QUIT)
		app_quit_asked(app, 0);
	else if (a == ACT_BUILD_STOP && b->screen == BSCREEN_BUILD)
		app_build_stop(app);
	else
		app_message_clear(app); /* the message line shows the keys of the screen */
}
