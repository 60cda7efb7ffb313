/* input: what each key does, in the table views and at the ":" and "/" prompts. */
#include "autoconfig.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "core/model.h"
#include "ui/app.h"
#include "ui/keys.h"
#include "ui/view.h"

/* The table view the help returns to, or the current one. */
static enum app_view input_main_view(const struct app *app)
{
	return app->current == VIEW_HELP ? app->last : app->current;
}

/* Keep the filter (of the picker when it is open) in step with the prompt while it is typed. */
static void input_prompt_changed(struct app *app)
{
	if (app->mode == MODE_FILTER)
		view_set_filter(app->pick.open ? &app->pick.view : &app->views[app->current], app->prompt);
}

/* The text asked for (MODE_ASK) was dropped: say so. */
static void input_ask_cancelled(struct app *app)
{
	app_message(app, 0, "%s", app->ask_kind == ASK_PICK ? "nothing added" : "cancelled: nothing changed");
}

/* Remove the last character of the prompt. */
static void input_prompt_erase(struct app *app)
{
	size_t len = strlen(app->prompt);

	while (len > 0) {
		len--;
		/* Stop at the first byte of a UTF-8 sequence. */
		if (((unsigned char)app->prompt[len] & 0xC0) != 0x80)
			break;
	}
	app->prompt[len] = '\0';
}

/* Append a typed character to the prompt if it is printable and fits. */
static void input_prompt_insert(struct app *app, int key)
{
	char mb[MB_LEN_MAX];
	size_t len = strlen(app->prompt), n;
	mbstate_t st;

	if (key < 32 || key == 127 || key >= UI_KEY_BASE || !iswprint((wint_t)key))
		return;
	memset(&st, 0, sizeof st);
	n = wcrtomb(mb, (wchar_t)key, &st);
	if (n == (size_t)-1 || len + n >= sizeof app->prompt)
		return;
	memcpy(app->prompt + len, mb, n);
	app->prompt[len + n] = '\0';
}

/* A key typed at the ":" or "/" prompt. */
static void input_prompt_key(struct app *app, int key)
{
	char line[sizeof app->prompt];
	enum app_mode mode = app->mode;

	switch (keys_lookup(keys_prompt, key)) {
	case ACT_PROMPT_ACCEPT:
		app->mode = MODE_NORMAL;
		if (mode == MODE_COMMAND || mode == MODE_ASK) {
			memcpy(line, app->prompt, sizeof line);
			app->prompt[0] = '\0';
			if (mode == MODE_COMMAND)
				app_command(app, line);
			else if (app->ask_kind == ASK_BUILD)
				app_build_asked(app, line);
			else if (app->ask_kind == ASK_PICK)
				app_pick_added(app, line);
			else
				app_pick_typed(app, line);
		}
		break;
	case ACT_PROMPT_CANCEL:
		app->prompt[0] = '\0';
		input_prompt_changed(app);
		app->mode = MODE_NORMAL;
		if (mode == MODE_ASK)
			input_ask_cancelled(app);
		break;
	case ACT_PROMPT_ERASE:
		if (app->prompt[0] == '\0') {
			app->mode = MODE_NORMAL;
			if (mode == MODE_ASK)
				input_ask_cancelled(app);
			break;
		}
		input_prompt_erase(app);
		input_prompt_changed(app);
		break;
	case ACT_PROMPT_KILL:
		app->prompt[0] = '\0';
		input_prompt_changed(app);
		break;
	default:
		input_prompt_insert(app, key);
		input_prompt_changed(app);
		break;
	}
}

/* Reload the data of the current view (the help reloads nothing). */
static void input_refresh(struct app *app)
{
	struct view *v = &app->views[app->current];

	app_message_clear(app);
	if (app->current == VIEW_HELP) {
		app_message(app, 0, "the help has nothing to reload");
		return;
	}
	v->ops->load(app);
}

/* Run a table-view action on the current view. */
static void input_action(struct app *app, struct view *v, enum ui_action action)
{
	switch (action) {
	case ACT_DOWN: view_move(v, app, 1, 0); break;
	case ACT_UP: view_move(v, app, -1, 0); break;
	case ACT_PAGE_DOWN: view_move(v, app, (long)v->page, 0); break;
	case ACT_PAGE_UP: view_move(v, app, -(long)v->page, 0); break;
	case ACT_TOP: view_move(v, app, 0, -1); break;
	case ACT_BOTTOM: view_move(v, app, 0, 1); break;
	case ACT_SORT_NEXT: view_sort_next(v); break;
	case ACT_SORT_REVERSE: view_sort_reverse(v); break;
	case ACT_FILTER:
		app_message_clear(app);
		app->mode = MODE_FILTER;
		memcpy(app->prompt, v->filter, sizeof app->prompt);
		break;
	case ACT_OPEN:
	case ACT_DETAIL: v->detail = !v->detail; break;
	case ACT_ESCAPE:
		if (v->detail)
			v->detail = 0;
		else
			view_set_filter(v, NULL);
		break;
	case ACT_COMMAND:
		app_message_clear(app);
		app->mode = MODE_COMMAND;
		app->prompt[0] = '\0';
		break;
	case ACT_REFRESH: input_refresh(app); break;
	case ACT_NEXT_VIEW: app_show(app, (enum app_view)((input_main_view(app) + 1) % VIEW_HELP)); break;
	case ACT_PREV_VIEW: app_show(app, (enum app_view)((input_main_view(app) + VIEW_HELP - 1) % VIEW_HELP)); break;
	case ACT_VIEW_PROJECTS: app_show(app, VIEW_PROJECTS); break;
	case ACT_VIEW_IMAGES: app_show(app, VIEW_IMAGES); break;
	case ACT_VIEW_CLUSTERS: app_show(app, VIEW_CLUSTERS); break;
	case ACT_HELP: app_show(app, app->current == VIEW_HELP ? app->last : VIEW_HELP); break;
	case ACT_REDRAW: app->full_redraw = 1; break;
	case ACT_QUIT: app_quit_asked(app, 0); break;
	case ACT_ACCEPT:
	case ACT_REJECT:
	case ACT_SHARE:
		app_message(app, 1, "a (accept), x (reject) and + (share) work in the images view (2)");
		break;
	case ACT_BUILD:
	case ACT_CLEANUP:
		app_message(app, 1, "b (build) and B (delete what builds left behind) work in the images view (2)");
		break;
	default: break;
	}
}

void app_key(struct app *app, int key)
{
	struct view *v = &app->views[app->current];
	enum ui_action action;

	app_dirty(app);
	if (app->mode == MODE_CONFIRM && app->build.asking)
		app_build_confirm(app, keys_lookup(keys_confirm, key) == ACT_CONFIRM_YES);
	else if (app->mode == MODE_CONFIRM)
		app_share_confirm(app, keys_lookup(keys_confirm, key) == ACT_CONFIRM_YES);
	else if (app->mode != MODE_NORMAL)
		input_prompt_key(app, key);
	else if (app->build.screen != BSCREEN_NONE)
		view_build_key(app, key);
	else if (app->pick.open)
		app_pick_key(app, key);
	else if ((action = keys_lookup(keys_table, key)) != ACT_NONE) {
		view_sync(v, app);
		if (v->ops->act == NULL || !v->ops->act(v, app, action))
			input_action(app, v, action);
	}
	/* A question that came while a prompt was typed is asked now. */
	if (app->mode == MODE_NORMAL && (app->share.asking || app->build.asking))
		app->mode = MODE_CONFIRM;
	app_share_follow(app, 0);
}
