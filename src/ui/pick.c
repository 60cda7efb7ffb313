/* pick: whom to share with: the picker of + (check projects, add others by id), or the typed list of :unshare. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/cloud.h"
#include "core/model.h"
#include "core/text.h"
#include "core/xmalloc.h"
#include "flow/image_share.h"
#include "ui/app.h"
#include "ui/keys.h"

/* As many projects as app_share_with() takes at once. */
#define PICK_MAX 64

/* Append a copy of s to a list of strings. */
static void pick_list_add(char ***v, size_t *n, const char *s)
{
	*v = xreallocarray(*v, *n + 1, sizeof **v);
	(*v)[(*n)++] = xstrdup(s);
}

/* Free a list of strings. */
static void pick_list_free(char ***v, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*v)[i]);
	free(*v);
	*v = NULL;
	*n = 0;
}

/* The position of s in a list of strings, or -1. */
static long pick_list_find(char *const *v, size_t n, const char *s)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i], s) == 0)
			return (long)i;
	return -1;
}

void app_pick_open(struct app *app, const struct image *im)
{
	struct app_pick *p = &app->pick;

	app_pick_close(app);
	p->open = 1;
	p->image_id = xstrdup(im->id);
	p->image_name = xstrdup(im->name && *im->name ? im->name : im->id);
	view_init(&p->view, &view_pick_ops);
	p->view.priv = &p->rows;
	app_message_clear(app);
	if (app->model->loaded_at[MODEL_PROJECTS] == 0)
		app_load(app, MODEL_PROJECTS);
	/* Already members are shown checked: load them unless the member pane has them. */
	app_share_load_members(app, im->id, app->share.members_error != NULL);
	app_dirty(app);
}

void app_pick_close(struct app *app)
{
	struct app_pick *p = &app->pick;

	if (p->open)
		view_dispose(&p->view);
	free(p->image_id);
	free(p->image_name);
	pick_list_free(&p->checked, &p->n_checked);
	pick_list_free(&p->added, &p->n_added);
	free(p->rows.v);
	memset(p, 0, sizeof *p);
	app_dirty(app);
}

/* Space: check or uncheck the selected project; a member stays checked. */
static void pick_toggle(struct app *app)
{
	struct app_pick *p = &app->pick;
	const char *id, *member;
	size_t row;
	long at;

	if (!view_selected(&p->view, &row))
		return;
	id = view_pick_row_id(app, row);
	if ((member = view_pick_row_member(app, row)) != NULL) {
		app_message(app, 0, "%s is a member of %s already (%s): :unshare removes it", view_pick_row_name(app, row),
			    p->image_name, member);
		return;
	}
	app_message_clear(app);
	if ((at = pick_list_find(p->checked, p->n_checked, id)) < 0) {
		pick_list_add(&p->checked, &p->n_checked, id);
		return;
	}
	free(p->checked[at]);
	memmove(p->checked + at, p->checked + at + 1, (p->n_checked - (size_t)at - 1) * sizeof *p->checked);
	p->n_checked--;
}

/* The row naming a project as typed: by id, by name, then by name in any case; -1 if none. */
static long pick_find_row(struct app *app, const char *word)
{
	const struct pick_rows *r = &app->pick.rows;
	size_t i;
	int pass;

	for (pass = 0; pass < 3; pass++)
		for (i = 0; i < r->n; i++) {
			const char *id = view_pick_row_id(app, i), *name = view_pick_row_name(app, i);

			if ((pass == 0 && strcmp(id, word) == 0) || (pass == 1 && strcmp(name, word) == 0) ||
			    (pass == 2 && text_compare(name, word) == 0))
				return (long)i;
		}
	return -1;
}

/* Move the cursor to row (when the filter shows it). */
static void pick_cursor_to(struct app *app, size_t row)
{
	struct view *v = &app->pick.view;
	size_t i;

	for (i = 0; i < v->n_index; i++)
		if (v->index[i] == row) {
			if (i != v->cursor)
				view_move(v, app, (long)i - (long)v->cursor, 0);
			return;
		}
}

/* Check the project one typed word names, adding a row for it when none does; a message says what happened. */
static void pick_add_one(struct app *app, const char *word)
{
	struct app_pick *p = &app->pick;
	const char *me = cloud_project_id(app->cloud), *me_name = cloud_project_name(app->cloud);
	const char *member;
	long row;

	if ((me && strcmp(word, me) == 0) || (me_name && strcmp(word, me_name) == 0)) {
		app_message(app, 1, "%s is this project: the image is its own already", word);
		return;
	}
	view_pick_sync(app);
	if ((row = pick_find_row(app, word)) >= 0) {
		pick_cursor_to(app, (size_t)row);
		if ((member = view_pick_row_member(app, (size_t)row)) != NULL)
			app_message(app, 0, "%s is a member of %s already (%s)", view_pick_row_name(app, (size_t)row),
				    p->image_name, member);
		else {
			if (!view_pick_row_checked(app, (size_t)row))
				pick_list_add(&p->checked, &p->n_checked, view_pick_row_id(app, (size_t)row));
			app_message(app, 0, "%s is in the list: checked", view_pick_row_name(app, (size_t)row));
		}
		return;
	}
	if (p->n_added >= PICK_MAX) {
		app_message(app, 1, "at most %d projects can be added with i", PICK_MAX);
		return;
	}
	pick_list_add(&p->added, &p->n_added, word);
	pick_list_add(&p->checked, &p->n_checked, word);
	view_pick_sync(app);
	pick_cursor_to(app, p->rows.n - 1);
	app_message(app, 0, "added %s, checked: Enter looks it up and asks before sharing", word);
}

void app_pick_added(struct app *app, const char *text)
{
	char *buf, *w, *save = NULL, *p, *end;

	if (!app->pick.open)
		return;
	if (text[strspn(text, ", ")] == '\0') {
		app_message(app, 0, "no project given: nothing added");
		return;
	}
	buf = xstrdup(text);
	for (p = buf; (w = strtok_r(p, ",", &save)) != NULL; p = NULL) {
		while (*w == ' ')
			w++;
		end = w + strlen(w);
		while (end > w && end[-1] == ' ')
			*--end = '\0';
		if (*w)
			pick_add_one(app, w);
	}
	free(buf);
}

/* i: ask for a project by id or name on the prompt line. */
static void pick_ask(struct app *app)
{
	snprintf(app->ask_label, sizeof app->ask_label, "Add a project to share %s with (id or name): ",
		 app->pick.image_name);
	snprintf(app->ask_hint, sizeof app->ask_hint, "an id reaches a project you cannot switch to");
	app_message_clear(app);
	app->prompt[0] = '\0';
	app->ask_kind = ASK_PICK;
	app->mode = MODE_ASK;
}

/* Enter: share with the checked projects that are no members yet, in the order shown (y/N first). */
static void pick_done(struct app *app)
{
	struct app_pick *p = &app->pick;
	struct view *v = &p->view;
	char filter[sizeof v->filter], *id, list[8192];
	size_t i, row, len = 0, n = 0;

	/* Checked rows the filter hides count too. */
	memcpy(filter, v->filter, sizeof filter);
	view_set_filter(v, NULL);
	view_pick_sync(app);
	list[0] = '\0';
	for (i = 0; i < v->n_index && len < sizeof list; i++) {
		row = v->index[i];
		if (view_pick_row_member(app, row) || !view_pick_row_checked(app, row))
			continue;
		len += (size_t)snprintf(list + len, sizeof list - len, "%s%s", n++ ? "," : "", view_pick_row_id(app, row));
	}
	if (n == 0) {
		view_set_filter(v, filter);
		app_message(app, 1, "nothing checked: Space checks a project, i adds one by id; Esc cancels");
		return;
	}
	if (n > PICK_MAX || len >= sizeof list) {
		view_set_filter(v, filter);
		app_message(app, 1, "%zu projects checked: share with %d at most at once", n, PICK_MAX);
		return;
	}
	id = xstrdup(p->image_id);
	app_pick_close(app);
	app_share_with(app, FLOW_SHARE_ADD, id, list);
	free(id);
}

/* The user's other projects, as a hint for the typed list: comma-separated, into buf. */
static void pick_hint_projects(const struct app *app, char *buf, size_t sz)
{
	const char *me = cloud_project_id(app->cloud);
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < app->model->n_projects && len < sz; i++) {
		const struct project *p = &app->model->projects[i];

		if (p->name == NULL || (me && p->id && strcmp(p->id, me) == 0))
			continue;
		len += (size_t)snprintf(buf + len, sz - len, "%s%s", len ? ", " : "", p->name);
	}
}

void app_pick_ask(struct app *app, int op, const struct image *im)
{
	const char *name = im->name && *im->name ? im->name : im->id;
	char hint[256];

	if (op == FLOW_SHARE_ADD) {
		app_pick_open(app, im);
		return;
	}
	pick_hint_projects(app, hint, sizeof hint);
	app->share.op = op;
	free(app->share.image_id);
	app->share.image_id = xstrdup(im->id);
	snprintf(app->ask_label, sizeof app->ask_label, "Stop sharing %s with (names or ids, comma-separated%s%s): ",
		 name, *hint ? "; yours: " : "", hint);
	app_message_clear(app);
	app->prompt[0] = '\0';
	app->ask_hint[0] = '\0';
	app->ask_kind = ASK_SHARE;
	app->mode = MODE_ASK;
}

void app_pick_typed(struct app *app, const char *text)
{
	char *id = app->share.image_id ? xstrdup(app->share.image_id) : NULL;

	if (text[strspn(text, ", ")] == '\0')
		app_message(app, 0, "%s: no project given, nothing changed", flow_share_verb((enum flow_share_op)app->share.op));
	else
		app_share_with(app, app->share.op, id, text);
	free(id);
}

void app_pick_key(struct app *app, int key)
{
	struct app_pick *p = &app->pick;
	struct view *v = &p->view;

	view_pick_sync(app);
	switch (keys_lookup(keys_pick, key)) {
	case ACT_DOWN: view_move(v, app, 1, 0); break;
	case ACT_UP: view_move(v, app, -1, 0); break;
	case ACT_PAGE_DOWN: view_move(v, app, (long)v->page, 0); break;
	case ACT_PAGE_UP: view_move(v, app, -(long)v->page, 0); break;
	case ACT_TOP: view_move(v, app, 0, -1); break;
	case ACT_BOTTOM: view_move(v, app, 0, 1); break;
	case ACT_PICK_TOGGLE: pick_toggle(app); break;
	case ACT_FILTER:
		app_message_clear(app);
		app->mode = MODE_FILTER;
		memcpy(app->prompt, v->filter, sizeof app->prompt);
		break;
	case ACT_PICK_ADD: pick_ask(app); break;
	case ACT_PICK_DONE: pick_done(app); break;
	case ACT_PICK_CANCEL:
		app_message(app, 0, "share %s: cancelled, nothing changed", p->image_name);
		app_pick_close(app);
		break;
	case ACT_REFRESH:
		app_message_clear(app);
		app_load(app, MODEL_PROJECTS);
		app_share_load_members(app, p->image_id, 1);
		break;
	case ACT_REDRAW: app->full_redraw = 1; break;
	default: app_message_clear(app); break; /* the message line shows the picker's keys */
	}
}
