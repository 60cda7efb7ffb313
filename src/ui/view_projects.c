/* view_projects: the projects the user can scope to; Enter switches to one. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "cloud/cloud.h"
#include "core/model.h"
#include "ui/app.h"
#include "core/text.h"
#include "ui/view.h"

enum { COL_CURRENT, COL_NAME, COL_ENABLED, COL_DOMAIN, COL_ID, COL_DESCRIPTION, COL_N };

static const struct view_column projects_columns[COL_N] = {
	[COL_CURRENT] = { "*", 1, 1, 0, 0, 0 },
	[COL_NAME] = { "NAME", 14, 28, 0, 0, 1 },
	[COL_ENABLED] = { "ENABLED", 7, 7, 1, 0, 0 },
	[COL_DOMAIN] = { "DOMAIN", 8, 12, 3, 0, 0 },
	[COL_ID] = { "ID", 32, 32, 2, 0, 0 },
	[COL_DESCRIPTION] = { "DESCRIPTION", 11, 40, 4, 0, 1 },
};

/* Whether p is the project the connection is scoped to. */
static int projects_is_current(const struct app *app, const struct project *p)
{
	const char *id = cloud_project_id(app->cloud);

	return id != NULL && p->id != NULL && strcmp(id, p->id) == 0;
}

static int projects_load(struct app *app)
{
	return app_load(app, MODEL_PROJECTS);
}

static size_t projects_count(struct view *v, const struct app *app)
{
	return app->model->n_projects;
}

static void projects_draw_row(struct view *v, const struct app *app, size_t row, struct view_cell *c)
{
	const struct project *p = &app->model->projects[row];
	int cur = projects_is_current(app, p);

	c[COL_CURRENT].text = cur ? "*" : "";
	c[COL_CURRENT].style = STYLE_MARK;
	c[COL_NAME].text = p->name;
	c[COL_NAME].style = cur ? STYLE_MARK : STYLE_NORMAL;
	c[COL_ENABLED].text = p->enabled ? "yes" : "no";
	c[COL_ENABLED].style = p->enabled ? STYLE_NORMAL : STYLE_BAD;
	c[COL_DOMAIN].text = p->domain_id;
	c[COL_ID].text = p->id;
	c[COL_ID].style = STYLE_DIM;
	c[COL_DESCRIPTION].text = p->description;
}

static int projects_compare(struct view *v, const struct app *app, size_t a, size_t b, size_t col, int rev)
{
	const struct project *x = &app->model->projects[a], *y = &app->model->projects[b];

	switch (col) {
	case COL_CURRENT:
		return view_cmp_num(projects_is_current(app, y), projects_is_current(app, x), rev);
	case COL_ENABLED: return view_cmp_num(y->enabled, x->enabled, rev);
	case COL_DOMAIN: return view_cmp_str(x->domain_id, y->domain_id, rev);
	case COL_ID: return view_cmp_str(x->id, y->id, rev);
	case COL_DESCRIPTION: return view_cmp_str(x->description, y->description, rev);
	default: return view_cmp_str(x->name, y->name, rev);
	}
}

static int projects_match(struct view *v, const struct app *app, size_t row, const char *needle)
{
	const struct project *p = &app->model->projects[row];

	return text_contains(p->name, needle) || text_contains(p->id, needle) ||
	       text_contains(p->description, needle) || text_contains(p->domain_id, needle);
}

static const char *projects_row_id(struct view *v, const struct app *app, size_t row, char *buf, size_t sz)
{
	snprintf(buf, sz, "%s", app->model->projects[row].id ? app->model->projects[row].id : "");
	return buf;
}

static void projects_detail(struct view *v, const struct app *app, size_t row, struct view_detail *d)
{
	const struct project *p = &app->model->projects[row];

	view_detail_add(d, "name", p->name);
	view_detail_add(d, "id", p->id);
	view_detail_add(d, "domain", p->domain_id);
	view_detail_add(d, "enabled", p->enabled ? "yes" : "no");
	view_detail_add(d, "description", p->description);
	view_detail_add(d, "current", projects_is_current(app, p) ? "yes (the console is scoped to it)" : "no");
}

/* Enter switches the connection to the selected project. */
static int projects_act(struct view *v, struct app *app, enum ui_action action)
{
	const struct project *p;
	size_t row;

	if (action != ACT_OPEN)
		return 0;
	if (!view_selected(v, &row))
		return 1;
	p = &app->model->projects[row];
	app_rescope(app, p->id, p->name);
	return 1;
}

const struct view_ops view_projects_ops = {
	.name = "projects",
	.columns = projects_columns,
	.n_columns = COL_N,
	.kind = MODEL_PROJECTS,
	.sort_default = COL_NAME,
	.load = projects_load,
	.count = projects_count,
	.draw_row = projects_draw_row,
	.compare = projects_compare,
	.match = projects_match,
	.row_id = projects_row_id,
	.detail = projects_detail,
	.act = projects_act,
};
