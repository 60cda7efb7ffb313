/* view_images: the images the project sees: its own, shared with it (and pending invitations), public. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "cloud/cloud.h"
#include "cloud/image_members.h"
#include "core/model.h"
#include "flow/image_share.h"
#include "ui/app.h"
#include "core/text.h"
#include "ui/view.h"

enum { COL_NAME, COL_STATUS, COL_VISIBILITY, COL_MEMBER, COL_SIZE, COL_CREATED, COL_ID, COL_N };

static const struct view_column images_columns[COL_N] = {
	[COL_NAME] = { "NAME", 16, 30, 0, 0, 1 },
	[COL_STATUS] = { "STATUS", 8, 10, 0, 0, 0 },
	[COL_VISIBILITY] = { "VISIBILITY", 10, 10, 1, 0, 0 },
	[COL_MEMBER] = { "MEMBER", 8, 8, 1, 0, 0 },
	[COL_SIZE] = { "SIZE", 10, 10, 2, 1, 0 },
	[COL_CREATED] = { "CREATED", 10, 10, 3, 0, 0 },
	[COL_ID] = { "ID", 36, 36, 4, 0, 0 },
};

/* The style of an image or member status. */
static enum ui_style images_status_style(const char *status)
{
	if (status == NULL)
		return STYLE_NORMAL;
	if (strcmp(status, "active") == 0 || strcmp(status, "accepted") == 0)
		return STYLE_GOOD;
	if (strcmp(status, "killed") == 0 || strcmp(status, "deleted") == 0 ||
	    strcmp(status, "deactivated") == 0 || strcmp(status, "rejected") == 0)
		return STYLE_BAD;
	return STYLE_WARN;
}

/* Where the image comes from, relative to the current project. */
static const char *images_origin(const struct app *app, const struct image *i)
{
	const char *project = cloud_project_id(app->cloud);

	if (i->member_status && strcmp(i->member_status, "pending") == 0)
		return "invitation (pending: accept or reject it)";
	if (project && i->owner && strcmp(project, i->owner) == 0)
		return "own";
	if (i->member_status)
		return "shared with this project";
	return i->visibility && strcmp(i->visibility, "public") == 0 ? "public" : "visible";
}

static int images_load(struct app *app)
{
	int rc = app_load(app, MODEL_IMAGES);

	app_share_follow(app, 1);
	return rc;
}

static size_t images_count(struct view *v, const struct app *app)
{
	return app->model->n_images;
}

static void images_draw_row(struct view *v, const struct app *app, size_t row, struct view_cell *c)
{
	const struct image *i = &app->model->images[row];

	c[COL_NAME].text = i->name && *i->name ? i->name : "(no name)";
	c[COL_STATUS].text = i->status;
	c[COL_STATUS].style = images_status_style(i->status);
	c[COL_VISIBILITY].text = i->visibility;
	c[COL_MEMBER].text = i->member_status ? i->member_status : "";
	c[COL_MEMBER].style = images_status_style(i->member_status);
	c[COL_SIZE].text = text_size(i->size, c[COL_SIZE].buf, sizeof c[COL_SIZE].buf);
	/* The date is enough in the table; the detail pane has the time. */
	snprintf(c[COL_CREATED].buf, sizeof c[COL_CREATED].buf, "%.10s", i->created_at ? i->created_at : "");
	c[COL_CREATED].text = c[COL_CREATED].buf;
	c[COL_ID].text = i->id;
	c[COL_ID].style = STYLE_DIM;
}

static int images_compare(struct view *v, const struct app *app, size_t a, size_t b, size_t col, int rev)
{
	const struct image *x = &app->model->images[a], *y = &app->model->images[b];

	switch (col) {
	case COL_STATUS: return view_cmp_str(x->status, y->status, rev);
	case COL_VISIBILITY: return view_cmp_str(x->visibility, y->visibility, rev);
	case COL_MEMBER: return view_cmp_str(x->member_status, y->member_status, rev);
	case COL_SIZE: return view_cmp_num(x->size, y->size, rev);
	case COL_CREATED: return view_cmp_str(x->created_at, y->created_at, rev);
	case COL_ID: return view_cmp_str(x->id, y->id, rev);
	default: return view_cmp_str(x->name, y->name, rev);
	}
}

static int images_match(struct view *v, const struct app *app, size_t row, const char *needle)
{
	const struct image *i = &app->model->images[row];

	return text_contains(i->name, needle) || text_contains(i->id, needle) ||
	       text_contains(i->status, needle) || text_contains(i->visibility, needle) ||
	       text_contains(i->member_status, needle) || text_contains(i->recipe, needle);
}

static const char *images_row_id(struct view *v, const struct app *app, size_t row, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s", app->model->images[row].id ? app->model->images[row].id : "");
	return buf;
}

/* The members of an own image, as the share flow last listed them (loaded when the pane opens). */
static void images_detail_members(const struct app *app, const struct image *i, struct view_detail *d)
{
	const struct app_share *s = &app->share;
	const struct project *p;
	size_t k;

	if (s->members_id == NULL || i->id == NULL || strcmp(s->members_id, i->id) != 0 || s->members_flow) {
		view_detail_add(d, "members", "loading...");
		return;
	}
	if (s->members_error) {
		view_detail_addf(d, "members", "not loaded: %s (r tries again)", s->members_error);
		return;
	}
	if (s->n_members == 0) {
		view_detail_add(d, "members", "none (+ shares the image with other projects)");
		return;
	}
	for (k = 0; k < s->n_members; k++) {
		const char *id = s->members[k].member_id ? s->members[k].member_id : "?";
		const char *st = s->members[k].status ? s->members[k].status : "?";

		p = model_find_project(app->model, id);
		if (p && p->name)
			view_detail_addf(d, k ? "" : "members", "%-9s %s (%s)", st, p->name, id);
		else
			view_detail_addf(d, k ? "" : "members", "%-9s %s", st, id);
	}
}

static void images_detail(struct view *v, const struct app *app, size_t row, struct view_detail *d)
{
	const struct image *i = &app->model->images[row];
	char size[32];

	view_detail_add(d, "name", i->name);
	view_detail_add(d, "id", i->id);
	view_detail_add(d, "status", i->status);
	view_detail_add(d, "visibility", i->visibility);
	view_detail_add(d, "origin", images_origin(app, i));
	view_detail_add(d, "member status", i->member_status);
	view_detail_add(d, "owner", i->owner);
	view_detail_add(d, "disk format", i->disk_format);
	if (i->size >= 0)
		view_detail_addf(d, "size", "%s (%lld bytes)", text_size(i->size, size, sizeof size), i->size);
	else
		view_detail_add(d, "size", NULL);
	view_detail_add(d, "created", i->created_at);
	view_detail_add(d, "updated", i->updated_at);
	view_detail_add(d, "recipe", i->recipe);
	if (app_share_owns(app, i))
		images_detail_members(app, i, d);
}

/* Keys on the selected image: a accepts, x rejects, + shares, b builds (its recipe offered), B cleans up. */
static int images_act(struct view *v, struct app *app, enum ui_action action)
{
	size_t row;
	const char *id = NULL;

	if (action != ACT_ACCEPT && action != ACT_REJECT && action != ACT_SHARE && action != ACT_BUILD &&
	    action != ACT_CLEANUP)
		return 0;
	if (view_selected(v, &row))
		id = app->model->images[row].id;
	if (action == ACT_BUILD)
		app_build_ask(app, id);
	else if (action == ACT_CLEANUP)
		app_build_cleanup_ask(app);
	else if (action == ACT_SHARE)
		app_share_with(app, FLOW_SHARE_ADD, id, NULL);
	else
		app_share_answer(app, action == ACT_ACCEPT ? FLOW_SHARE_ACCEPT : FLOW_SHARE_REJECT, id);
	return 1;
}

const struct view_ops view_images_ops = {
	.name = "images",
	.columns = images_columns,
	.n_columns = COL_N,
	.kind = MODEL_IMAGES,
	.sort_default = COL_NAME,
	.load = images_load,
	.count = images_count,
	.draw_row = images_draw_row,
	.compare = images_compare,
	.match = images_match,
	.row_id = images_row_id,
	.detail = images_detail,
	.act = images_act,
};
