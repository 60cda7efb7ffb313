/* build: the console's side of image build: asks for the recipe, shows the plan, drives flow/image_build. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/cloud.h"
#include "core/error.h"
#include "core/model.h"
#include "core/recipe.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/image_build.h"
#include "flow/image_share.h"
#include "ui/app.h"

#define BUILD_CONSOLE_LINES 2000
#define BUILD_PROGRESS_LINES 500
#define BUILD_RAW_LINE_MAX 4096
#define BUILD_SHOWN_MAX 1000

/* Replace a kept string with a sanitized one-line copy of s (NULL clears it). */
static void build_set(char **dst, const char *s)
{
	free(*dst);
	*dst = s ? sanitize_line(s, BUILD_SHOWN_MAX) : NULL;
}

static void build_plan_free(struct app_build *b)
{
	size_t i;

	for (i = 0; b->plan && b->plan[i]; i++)
		free(b->plan[i]);
	free(b->plan);
	b->plan = NULL;
}

/* Keep the flow that called done (and its recipe) and free the ones kept before: never inside their callbacks. */
static void build_retire(struct app_build *b)
{
	if (b->spent && b->spent != b->flow)
		flow_build_free(b->spent);
	if (b->spent_recipe && b->spent_recipe != b->recipe) {
		recipe_dispose(b->spent_recipe);
		free(b->spent_recipe);
	}
	b->spent = b->flow;
	b->spent_recipe = b->recipe;
	b->flow = NULL;
	b->recipe = NULL;
}

void app_build_kick(struct app *app)
{
	app_dirty(app);
	app_spinner_update(app);
	script_kick(app);
}

void app_build_open(struct app *app, enum build_screen screen)
{
	struct app_build *b = &app->build;

	lines_dispose(&b->progress);
	lines_dispose(&b->console);
	lines_init(&b->progress, BUILD_PROGRESS_LINES, BUILD_RAW_LINE_MAX);
	lines_init(&b->console, BUILD_CONSOLE_LINES, BUILD_RAW_LINE_MAX);
	build_set(&b->result, NULL);
	build_set(&b->note, NULL);
	build_plan_free(b);
	b->screen = screen;
	b->title[0] = '\0';
	b->running = b->asking = b->ended = b->failed = 0;
	b->quit_after = b->stopped_by_user = 0;
	b->scroll = 0;
	b->step = b->last_step = FLOW_BUILD_RESOLVE;
	app_message_clear(app);
}

/* ---- the flow's callbacks ---- */

static void build_on_step(void *arg, enum flow_build_step step)
{
	struct app *app = arg;

	app->build.step = step;
	if (step < FLOW_BUILD_CLEANUP)
		app->build.last_step = step;
	app_build_kick(app);
}

static void build_on_line(void *arg, const char *line)
{
	struct app *app = arg;

	lines_add(&app->build.progress, line);
	app_build_kick(app);
}

static void build_on_console(void *arg, const char *text, size_t len)
{
	struct app *app = arg;

	/* Raw bytes from the builder: split into lines, each sanitized (sanitize_text) when stored. */
	lines_feed(&app->build.console, text, len);
	app_build_kick(app);
}

static void build_on_confirm(void *arg, char *const *plan)
{
	struct app *app = arg;
	struct app_build *b = &app->build;
	size_t i, n = 0;

	build_plan_free(b);
	while (plan[n])
		n++;
	b->plan = xcalloc(n + 1, sizeof *b->plan);
	for (i = 0; i < n; i++)
		b->plan[i] = sanitize_line(plan[i], BUILD_SHOWN_MAX);
	snprintf(app->ask_label, sizeof app->ask_label, "Build it? [y/N] ");
	b->asking = 1;
	/* A prompt being typed is left alone: the question comes when it ends. */
	if (app->mode == MODE_NORMAL)
		app->mode = MODE_CONFIRM;
	app_build_kick(app);
}

static void build_on_done(void *arg, int rc, const char *msg, const char *image_id, const char *image_name)
{
	struct app *app = arg;
	struct app_build *b = &app->build;
	const char *ref = b->recipe ? b->recipe->ref : "?";
	char *text;

	b->running = 0;
	b->asking = 0;
	if (app->mode == MODE_CONFIRM)
		app->mode = MODE_NORMAL;
	build_plan_free(b);
	lines_flush(&b->console);
	build_set(&b->note, NULL);
	if (rc == ERR_CANCELLED && b->last_step <= FLOW_BUILD_CONFIRM && !b->quit_after) {
		/* Not confirmed (or stopped before anything was made): back to the images at once. */
		b->screen = BSCREEN_NONE;
		app_message(app, 0, "image build %s: not confirmed, nothing was created", ref);
		build_retire(b);
		app_build_kick(app);
		return;
	}
	b->ended = 1;
	b->failed = rc < 0;
	if (rc == 0)
		text = xasprintf("image %s (%s) is active", image_name ? image_name : "?", image_id ? image_id : "?");
	else
		text = xasprintf("image build %s %s: %s", ref, rc == ERR_CANCELLED ? "stopped" : "failed",
				 msg && *msg ? msg : err_name(rc));
	build_set(&b->result, text);
	free(text);
	build_retire(b);
	if (b->quit_after) {
		build_set(&b->exit_note, b->result);
		app_quit(app);
	}
	app_build_kick(app);
}

static const struct flow_build_ops build_ops = { build_on_step, build_on_line, build_on_console, build_on_confirm,
						 build_on_done };

/* ---- asking, starting, stopping ---- */

/* The refs of the recipes there are, as a hint for the prompt, into buf. */
static void build_hint(const char *dir, char *buf, size_t sz)
{
	char **refs = NULL;
	size_t n = 0, i, len;

	if (dir == NULL) {
		snprintf(buf, sz, "(no images directory: set images_dir in sparkdeck.conf or SPARKDECK_IMAGES_DIR)");
		return;
	}
	if (recipe_list_refs(&refs, &n, dir) < 0) {
		snprintf(buf, sz, "(%s)", err_last());
		return;
	}
	if (n == 0) {
		snprintf(buf, sz, "(no recipes in %s)", dir);
		return;
	}
	len = (size_t)snprintf(buf, sz, "(recipes: ");
	for (i = 0; i < n && len < sz; i++)
		len += (size_t)snprintf(buf + len, sz - len, "%s%s", i ? ", " : "", refs[i]);
	if (len < sz)
		snprintf(buf + len, sz - len, ")");
	recipe_free_refs(refs, n);
}

void app_build_ask(struct app *app, const char *image_id)
{
	const struct image *im = image_id ? model_find_image(app->model, image_id) : NULL;

	if (app->share.flow) {
		app_message(app, 1, "wait: %s %s is still running", flow_share_verb((enum flow_share_op)app->share.op),
			    app->share.image_name ? app->share.image_name : "?");
		return;
	}
	app_message_clear(app);
	snprintf(app->ask_label, sizeof app->ask_label, "build recipe (NAME/VERSION): ");
	build_hint(app->images_dir, app->ask_hint, sizeof app->ask_hint);
	app->prompt[0] = '\0';
	/* The image's own recipe is offered when it is a well-formed ref (it came from the network). */
	if (im && im->recipe && recipe_check_ref(im->recipe) == 0)
		snprintf(app->prompt, sizeof app->prompt, "%s", im->recipe);
	app->ask_kind = ASK_BUILD;
	app->mode = MODE_ASK;
}

void app_build_asked(struct app *app, const char *text)
{
	struct app_build *b = &app->build;
	struct recipe *rec;
	char ref[256];
	size_t len;

	while (*text == ' ')
		text++;
	snprintf(ref, sizeof ref, "%s", text);
	len = strlen(ref);
	while (len > 0 && ref[len - 1] == ' ')
		ref[--len] = '\0';
	if (len == 0) {
		app_message(app, 0, "image build: no recipe given, nothing started");
		return;
	}
	rec = xcalloc(1, sizeof *rec);
	if (recipe_load(rec, app->images_dir, ref) < 0) {
		/* A bad recipe says FILE:LINE and what is wrong; nothing starts. */
		app_message(app, 1, "%s", err_last());
		free(rec);
		return;
	}
	app_build_open(app, BSCREEN_BUILD);
	b->recipe = rec;
	if (flow_build_start(&b->flow, app->base, app->cloud, rec, NULL, &build_ops, app) < 0) {
		b->screen = BSCREEN_NONE;
		app_message(app, 1, "image build %s: %s", rec->ref, err_last());
		b->flow = NULL;
		build_retire(b);
		return;
	}
	snprintf(b->build_id, sizeof b->build_id, "%s", flow_build_id(b->flow));
	snprintf(b->title, sizeof b->title, "Build %s (build %s)", rec->ref, b->build_id);
	b->running = 1;
	app_build_kick(app);
}

void app_build_confirm(struct app *app, int yes)
{
	struct app_build *b = &app->build;

	app->mode = MODE_NORMAL;
	b->asking = 0;
	if (b->screen == BSCREEN_CLEANUP) {
		app_build_cleanup_confirm(app, yes);
		return;
	}
	build_plan_free(b);
	if (b->flow)
		flow_build_confirm(b->flow, yes);
	app_build_kick(app);
}

void app_build_stop(struct app *app)
{
	struct app_build *b = &app->build;

	if (b->flow == NULL || !b->running)
		return;
	b->stopped_by_user = 1;
	/* At the plan or before anything was made, done comes at once. */
	flow_build_stop(b->flow);
	if (b->running)
		build_set(&b->note, "stopping: deleting what the build made… (Ctrl-C again leaves at once)");
	app_build_kick(app);
}

int app_build_busy(const struct app *app)
{
	const struct app_build *b = &app->build;

	return (b->running && !b->asking) || b->search != NULL;
}

int app_build_hold_quit(struct app *app, int by_signal)
{
	struct app_build *b = &app->build;
	char *m;

	if (b->screen == BSCREEN_CLEANUP)
		return app_build_cleanup_hold_quit(app, by_signal);
	if (b->flow == NULL || !b->running)
		return 0;
	if (by_signal && b->quit_after) {
		/* The second Ctrl-C: leave now; what the build made stays, marked, for `image cleanup`. */
		if (b->last_step >= FLOW_BUILD_CREATE) {
			m = xasprintf("left at once: build %s (%s) left resources behind; 'sparkdeck image cleanup' "
				      "deletes them", b->build_id, b->recipe ? b->recipe->ref : "?");
			build_set(&b->left_behind, m);
			free(m);
		}
		flow_build_free(b->flow);
		b->flow = NULL;
		b->running = 0;
		return 0;
	}
	b->quit_after = 1;
	app_build_stop(app);
	if (!b->running)
		return 0;
	return 1;
}

void app_build_close(struct app *app)
{
	struct app_build *b = &app->build;

	if (b->running)
		return;
	b->screen = BSCREEN_NONE;
	if (b->result)
		app_message(app, b->failed, "%s", b->result);
	app_show(app, VIEW_IMAGES);
	if (app->loading[MODEL_IMAGES])
		app->again[MODEL_IMAGES] = 1;
	else
		app_load(app, MODEL_IMAGES);
	app_build_kick(app);
}

void app_build_dispose(struct app *app)
{
	struct app_build *b = &app->build;
	char *m;

	if (b->flow) {
		/* Still running when the console ends (the terminal went away): abandoned, marked. */
		if (b->running && b->last_step >= FLOW_BUILD_CREATE && b->left_behind == NULL) {
			m = xasprintf("build %s (%s) left resources behind; 'sparkdeck image cleanup' deletes them",
				      b->build_id, b->recipe ? b->recipe->ref : "?");
			build_set(&b->left_behind, m);
			free(m);
		}
		flow_build_free(b->flow);
		b->flow = NULL;
	}
	build_retire(b);
	build_retire(b);
	app_build_leftovers_dispose(app);
	if (b->exit_note)
		fprintf(stderr, "sparkdeck: %s\n", b->exit_note);
	if (b->left_behind)
		fprintf(stderr, "sparkdeck: %s\n", b->left_behind);
	build_plan_free(b);
	lines_dispose(&b->progress);
	lines_dispose(&b->console);
	free(b->result);
	free(b->note);
	free(b->left_behind);
	free(b->exit_note);
	memset(b, 0, sizeof *b);
}
