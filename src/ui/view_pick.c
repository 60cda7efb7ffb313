/* view_pick: the project picker's list and screen: the projects an own image can be shared with, with checkboxes. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/cloud.h"
#include "cloud/image_members.h"
#include "core/model.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "ui/app.h"
#include "ui/screen.h"
#include "ui/view.h"

enum { COL_CHECK, COL_NAME, COL_SHARE, COL_ID, COL_DESC, COL_N };

static const struct view_column pick_columns[COL_N] = {
	[COL_CHECK] = { "", 3, 3, 0, 0, 0 },
	[COL_NAME] = { "PROJECT", 12, 24, 0, 0, 0 },
	[COL_SHARE] = { "SHARE", 17, 18, 0, 0, 0 },
	[COL_ID] = { "ID", 32, 32, 1, 0, 0 },
	[COL_DESC] = { "DESCRIPTION", 11, 0, 2, 0, 1 },
};

/* The member list kept by share.c, when it is the picked image's; NULL otherwise. */
static const struct app_share *pick_members(const struct app *app)
{
	const struct app_share *s = &app->share;

	if (s->members_id == NULL || app->pick.image_id == NULL || strcmp(s->members_id, app->pick.image_id) != 0)
		return NULL;
	return s;
}

/* The member status of project id, or NULL when it is no member (as far as the list says). */
static const char *pick_member_status(const struct app *app, const char *id)
{
	const struct app_share *s = pick_members(app);
	size_t k;

	for (k = 0; s && id && k < s->n_members; k++)
		if (s->members[k].member_id && strcmp(s->members[k].member_id, id) == 0)
			return s->members[k].status ? s->members[k].status : "?";
	return NULL;
}

/* Whether the project of id is one of the rows listed from the model. */
static int pick_is_listed(const struct pick_rows *r, const struct app *app, const char *id)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		if (r->v[i].kind == PICK_LISTED && strcmp(app->model->projects[r->v[i].ix].id, id) == 0)
			return 1;
	return 0;
}

static void pick_push(struct pick_rows *r, enum pick_kind kind, size_t ix)
{
	if (r->n == r->alloc) {
		r->alloc = r->alloc ? 2 * r->alloc : 16;
		r->v = xreallocarray(r->v, r->alloc, sizeof *r->v);
	}
	r->v[r->n].kind = kind;
	r->v[r->n].ix = ix;
	r->n++;
}

/* The rows: the projects the user can scope to but this one, the members the model lacks, the added ones. */
static void pick_prepare(struct view *v, const struct app *app)
{
	struct pick_rows *r = v->priv;
	const struct app_share *s = pick_members(app);
	const char *me = cloud_project_id(app->cloud);
	size_t i;

	r->n = 0;
	for (i = 0; i < app->model->n_projects; i++) {
		const char *id = app->model->projects[i].id;

		if (id && *id && !(me && strcmp(id, me) == 0))
			pick_push(r, PICK_LISTED, i);
	}
	for (i = 0; s && i < s->n_members; i++) {
		const char *id = s->members[i].member_id;

		if (id && !(me && strcmp(id, me) == 0) && !pick_is_listed(r, app, id))
			pick_push(r, PICK_MEMBER, i);
	}
	for (i = 0; i < app->pick.n_added; i++)
		pick_push(r, PICK_ADDED, i);
}

static const struct pick_row *pick_row(const struct app *app, size_t row)
{
	return &app->pick.rows.v[row];
}

const char *view_pick_row_id(const struct app *app, size_t row)
{
	const struct pick_row *r = pick_row(app, row);

	switch (r->kind) {
	case PICK_LISTED: return app->model->projects[r->ix].id;
	case PICK_MEMBER: return app->share.members[r->ix].member_id;
	default: return app->pick.added[r->ix];
	}
}

const char *view_pick_row_name(const struct app *app, size_t row)
{
	const struct pick_row *r = pick_row(app, row);
	const char *name = r->kind == PICK_LISTED ? app->model->projects[r->ix].name : NULL;

	return name && *name ? name : view_pick_row_id(app, row);
}

const char *view_pick_row_member(const struct app *app, size_t row)
{
	const struct pick_row *r = pick_row(app, row);

	return r->kind == PICK_ADDED ? NULL : pick_member_status(app, view_pick_row_id(app, row));
}

int view_pick_row_checked(const struct app *app, size_t row)
{
	const char *id = view_pick_row_id(app, row);
	size_t i;

	if (view_pick_row_member(app, row))
		return 1;
	for (i = 0; i < app->pick.n_checked; i++)
		if (strcmp(app->pick.checked[i], id) == 0)
			return 1;
	return 0;
}

static int pick_load(struct app *app)
{
	return app_load(app, MODEL_PROJECTS);
}

static size_t pick_count(struct view *v, const struct app *app)
{
	return app->pick.rows.n;
}

/* The style of a member status. */
static enum ui_style pick_status_style(const char *st)
{
	if (strcmp(st, "accepted") == 0)
		return STYLE_GOOD;
	return strcmp(st, "rejected") == 0 ? STYLE_BAD : STYLE_WARN;
}

/* Whether typed text looks like a project id (32 hex digits, dashes allowed): shown in the ID column. */
static int pick_looks_like_id(const char *s)
{
	size_t n = strspn(s, "0123456789abcdefABCDEF-");

	return s[n] == '\0' && n >= 32;
}

static void pick_draw_row(struct view *v, const struct app *app, size_t row, struct view_cell *c)
{
	const struct pick_row *r = pick_row(app, row);
	const struct project *p = r->kind == PICK_LISTED ? &app->model->projects[r->ix] : NULL;
	const char *member = view_pick_row_member(app, row);

	c[COL_CHECK].text = view_pick_row_checked(app, row) ? "[x]" : "[ ]";
	c[COL_CHECK].style = member ? STYLE_DIM : STYLE_MARK;
	if (member) {
		snprintf(c[COL_SHARE].buf, sizeof c[COL_SHARE].buf, "member (%s)", member);
		c[COL_SHARE].text = c[COL_SHARE].buf;
		c[COL_SHARE].style = pick_status_style(member);
	} else if (r->kind == PICK_ADDED) {
		c[COL_SHARE].text = "added with i";
		c[COL_SHARE].style = STYLE_DIM;
	}
	if (r->kind == PICK_ADDED && !pick_looks_like_id(app->pick.added[r->ix])) {
		c[COL_NAME].text = app->pick.added[r->ix];
		return;
	}
	c[COL_ID].text = view_pick_row_id(app, row);
	c[COL_ID].style = STYLE_DIM;
	if (p == NULL) {
		c[COL_NAME].text = r->kind == PICK_ADDED ? "(by id)" : "(not your project)";
		c[COL_NAME].style = STYLE_DIM;
		return;
	}
	c[COL_NAME].text = p->name && *p->name ? p->name : "(no name)";
	c[COL_DESC].text = p->description;
}

/* Listed projects by name, then the other members, then the added ones as typed. */
static int pick_compare(struct view *v, const struct app *app, size_t a, size_t b, size_t col, int rev)
{
	const struct pick_row *x = pick_row(app, a), *y = pick_row(app, b);
	int r;

	if (x->kind != y->kind)
		return view_cmp_num(x->kind, y->kind, 0);
	if (x->kind == PICK_ADDED)
		return view_cmp_num((long long)x->ix, (long long)y->ix, 0);
	if ((r = view_cmp_str(view_pick_row_name(app, a), view_pick_row_name(app, b), rev)) != 0)
		return r;
	return view_cmp_str(view_pick_row_id(app, a), view_pick_row_id(app, b), rev);
}

static int pick_match(struct view *v, const struct app *app, size_t row, const char *needle)
{
	const struct pick_row *r = pick_row(app, row);
	const char *member = view_pick_row_member(app, row);

	return text_contains(view_pick_row_name(app, row), needle) ||
	       text_contains(view_pick_row_id(app, row), needle) || (member && text_contains(member, needle)) ||
	       (r->kind == PICK_LISTED && text_contains(app->model->projects[r->ix].description, needle));
}

static const char *pick_row_id(struct view *v, const struct app *app, size_t row, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s", view_pick_row_id(app, row));
	return buf;
}

static void pick_dispose(struct view *v)
{
	struct pick_rows *r = v->priv;

	if (r) {
		free(r->v);
		memset(r, 0, sizeof *r);
	}
}

const struct view_ops view_pick_ops = {
	.name = "pick",
	.columns = pick_columns,
	.n_columns = COL_N,
	.kind = MODEL_PROJECTS,
	.sort_default = COL_NAME,
	.load = pick_load,
	.prepare = pick_prepare,
	.count = pick_count,
	.draw_row = pick_draw_row,
	.compare = pick_compare,
	.match = pick_match,
	.row_id = pick_row_id,
	.dispose = pick_dispose,
};

void view_pick_sync(struct app *app)
{
	view_invalidate(&app->pick.view);
	view_sync(&app->pick.view, app);
}

/* The number of rows checked that are not members yet (the ones Enter shares with). */
static size_t pick_n_new(const struct app *app)
{
	size_t i, n = 0;

	for (i = 0; i < app->pick.rows.n; i++)
		if (!view_pick_row_member(app, i) && view_pick_row_checked(app, i))
			n++;
	return n;
}

/* The line under the list: where the members stand, else how to reach other projects. */
static void pick_draw_note(struct app *app, int y, int width)
{
	const struct app_share *s = pick_members(app);
	char line[512];

	if (s == NULL || s->members_flow)
		snprintf(line, sizeof line, " loading the members of %s...", app->pick.image_name);
	else if (s->members_error)
		snprintf(line, sizeof line, " members not loaded (r tries again): %s", s->members_error);
	else
		snprintf(line, sizeof line, " Members stay checked (:unshare removes them). A project you cannot "
			 "switch to: i, then its id.");
	screen_put(y, 0, width, line, STYLE_DIM, 0);
}

void view_pick_draw(struct app *app, int rows, int cols)
{
	struct view *v = &app->pick.view;
	char left[320], right[320];
	int body = rows - 3, rw;

	view_pick_sync(app);
	screen_fill(0, 0, cols, STYLE_TITLE);
	snprintf(left, sizeof left, " sparkdeck  Share %s with:", app->pick.image_name);
	snprintf(right, sizeof right, "%s%s%s%zu checked  %zu/%zu ", v->filter[0] ? "/" : "", v->filter,
		 v->filter[0] ? "  " : "", pick_n_new(app), v->n_index ? v->cursor + 1 : 0, v->n_index);
	rw = text_width(right);
	if (rw > cols / 2)
		rw = cols / 2;
	screen_put(0, 0, cols - rw - 1, left, STYLE_TITLE, 0);
	screen_put(0, cols - rw, rw, right, STYLE_TITLE, 1);
	view_draw(v, app, 1, body - 1, cols);
	if (v->n_index == 0 && v->filter[0] == '\0' && app->model->loaded_at[MODEL_PROJECTS] && body > 2)
		screen_put(2, 1, cols - 1, "(no other project of yours: i adds one by id)", STYLE_DIM, 0);
	pick_draw_note(app, body, cols);
}

const char *view_pick_hint(const struct app *app)
{
	return "Space check  i add by id  / filter  Enter share  Esc cancel  r reload";
}
