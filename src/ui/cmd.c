/* cmd: the ":" commands (typed at the prompt or read from a script). */
#include "autoconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/model.h"
#include "flow/image_share.h"
#include "ui/app.h"
#include "core/text.h"

#define CMD_WAIT_DEFAULT 30

static void cmd_projects(struct app *app, const char *arg)
{
	app_show(app, VIEW_PROJECTS);
}

static void cmd_images(struct app *app, const char *arg)
{
	app_show(app, VIEW_IMAGES);
}

static void cmd_clusters(struct app *app, const char *arg)
{
	app_show(app, VIEW_CLUSTERS);
}

static void cmd_help(struct app *app, const char *arg)
{
	app_show(app, VIEW_HELP);
}

/* Find a project by exact name, then id, then name in any case. */
static const struct project *cmd_find_project(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_projects; i++)
		if (m->projects[i].name && strcmp(m->projects[i].name, name) == 0)
			return &m->projects[i];
	for (i = 0; i < m->n_projects; i++)
		if (m->projects[i].id && strcmp(m->projects[i].id, name) == 0)
			return &m->projects[i];
	for (i = 0; i < m->n_projects; i++)
		if (text_compare(m->projects[i].name, name) == 0)
			return &m->projects[i];
	return NULL;
}

static void cmd_project(struct app *app, const char *arg)
{
	const struct project *p;

	if (*arg == '\0') {
		app_message(app, 1, ":project needs a project name (see the projects view, 1)");
		return;
	}
	p = cmd_find_project(app->model, arg);
	if (p == NULL) {
		if (app->model->loaded_at[MODEL_PROJECTS] == 0)
			app_message(app, 1, "the projects are not loaded yet; try again when they are");
		else
			app_message(app, 1, "no project named '%s' (see the projects view, 1)", arg);
		return;
	}
	app_rescope(app, p->id, p->name);
}

static void cmd_refresh(struct app *app, const char *arg)
{
	app_message_clear(app);
	app_load_all(app);
}

static void cmd_dump_screen(struct app *app, const char *arg)
{
	if (*arg == '\0') {
		app_message(app, 1, ":dump-screen needs a file name");
		return;
	}
	app_flush(app);
	if (screen_dump(&app->screen, arg) < 0)
		app_message(app, 1, "%s", err_last());
}

static void cmd_wait(struct app *app, const char *arg)
{
	char *end;
	long secs = CMD_WAIT_DEFAULT;

	if (*arg) {
		secs = strtol(arg, &end, 10);
		if (*end != '\0' || secs < 1 || secs > 3600) {
			app_message(app, 1, ":wait takes a number of seconds, 1 to 3600");
			return;
		}
	}
	if (app->script == NULL || script_done(app)) {
		app_message(app, 1, ":wait only works in a --script file");
		return;
	}
	script_wait(app, (int)secs);
}

static void cmd_resize(struct app *app, const char *arg)
{
	int cols, rows;
	char extra;

	if (!app->screen.no_display) {
		app_message(app, 1, ":resize works with --no-display only; resize the terminal instead");
		return;
	}
	if (sscanf(arg, "%d %d %c", &cols, &rows, &extra) != 2 || cols < 1 || rows < 1 || cols > 1000 ||
	    rows > 1000) {
		app_message(app, 1, ":resize takes COLS ROWS, 1 to 1000 each");
		return;
	}
	app_resize(app, rows, cols);
}

/* The id of the image selected in the images view, or NULL. */
static const char *cmd_selected_image(struct app *app)
{
	struct view *v = &app->views[VIEW_IMAGES];
	size_t row;

	view_sync(v, app);
	return view_selected(v, &row) ? app->model->images[row].id : NULL;
}

static void cmd_share(struct app *app, const char *arg)
{
	app_share_with(app, FLOW_SHARE_ADD, cmd_selected_image(app), arg);
}

static void cmd_unshare(struct app *app, const char *arg)
{
	app_share_with(app, FLOW_SHARE_REMOVE, cmd_selected_image(app), arg);
}

static void cmd_accept(struct app *app, const char *arg)
{
	app_share_answer(app, FLOW_SHARE_ACCEPT, cmd_selected_image(app));
}

static void cmd_reject(struct app *app, const char *arg)
{
	app_share_answer(app, FLOW_SHARE_REJECT, cmd_selected_image(app));
}

static void cmd_members(struct app *app, const char *arg)
{
	const char *id = cmd_selected_image(app);
	const struct image *im = id ? model_find_image(app->model, id) : NULL;

	if (im == NULL) {
		app_message(app, 1, "no image selected: pick one in the images view (2)");
		return;
	}
	if (!app_share_owns(app, im)) {
		app_message(app, 1, "only the owner sees the members of %s: it is not this project's image",
			    im->name && *im->name ? im->name : id);
		return;
	}
	app_show(app, VIEW_IMAGES);
	app->views[VIEW_IMAGES].detail = 1;
	app_share_follow(app, 1);
}

static void cmd_quit(struct app *app, const char *arg)
{
	app_quit_asked(app, 0);
}

const struct app_command app_commands[] = {
	{ "projects", NULL, NULL, "show the projects view", cmd_projects },
	{ "images", NULL, NULL, "show the images view", cmd_images },
	{ "clusters", NULL, NULL, "show the clusters view", cmd_clusters },
	{ "help", NULL, NULL, "show this help", cmd_help },
	{ "project", NULL, "NAME", "switch to project NAME (or id) and reload its images and servers", cmd_project },
	{ "refresh", NULL, NULL, "reload projects, images and servers", cmd_refresh },
	{ "dump-screen", NULL, "FILE", "write the screen to FILE as plain text, one line per row", cmd_dump_screen },
	{ "wait", NULL, "[SECONDS]", "scripts: pause until nothing is in flight, a build too (default 30 s)", cmd_wait },
	{ "share", NULL, "[P1,P2]", "images: share the selected own image with P1,P2 (none: a picker)", cmd_share },
	{ "unshare", NULL, "[P1,P2]", "images: stop sharing the selected own image with P1,P2", cmd_unshare },
	{ "accept", NULL, NULL, "images: accept the invitation of the selected image (like a)", cmd_accept },
	{ "reject", NULL, NULL, "images: reject the invitation of the selected image (like x)", cmd_reject },
	{ "members", NULL, NULL, "images: show (reload) the members of the selected own image", cmd_members },
	{ "resize", NULL, "COLS ROWS", "no-display: resize the in-memory screen", cmd_resize },
	{ "quit", "q", NULL, "quit (a running build is stopped and cleaned up first)", cmd_quit },
	{ NULL, NULL, NULL, NULL, NULL }
};

void app_command(struct app *app, const char *line)
{
	char name[64], arg[1024];
	size_t i, n, len;

	while (*line == ' ' || *line == ':')
		line++;
	n = strcspn(line, " ");
	if (n == 0)
		return;
	if (n >= sizeof name) {
		app_message(app, 1, "unknown command (press ? for the list)");
		return;
	}
	memcpy(name, line, n);
	name[n] = '\0';
	line += n;
	while (*line == ' ')
		line++;
	snprintf(arg, sizeof arg, "%s", line);
	len = strlen(arg);
	while (len > 0 && isspace((unsigned char)arg[len - 1]))
		arg[--len] = '\0';
	for (i = 0; app_commands[i].name; i++)
		if (strcmp(app_commands[i].name, name) == 0 ||
		    (app_commands[i].alias && strcmp(app_commands[i].alias, name) == 0)) {
			app_commands[i].run(app, arg);
			app_share_follow(app, 0);
			return;
		}
	app_message(app, 1, "unknown command ':%s' (press ? for the list)", name);
}
