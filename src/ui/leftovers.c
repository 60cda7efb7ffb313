/* leftovers: what earlier builds left behind: a note at start; B lists it, asks y/N and deletes it, build by build. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/cloud.h"
#include "core/build.h"
#include "core/buildlock.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "flow/build_cleanup.h"
#include "flow/build_leftovers.h"
#include "ui/app.h"

#define LEFT_SHOWN_MAX 300

static void left_rows_free(struct app_build *b)
{
	size_t i, j;

	for (i = 0; i < b->n_rows; i++) {
		free(b->rows[i].recipe);
		for (j = 0; j < b->rows[i].n_labels; j++)
			free(b->rows[i].labels[j]);
		free(b->rows[i].labels);
	}
	free(b->rows);
	b->rows = NULL;
	b->n_rows = 0;
	flow_leftovers_free_results(b->left, b->n_left);
	b->left = NULL;
	b->n_left = 0;
}

/* The number of sets that are safe to delete. */
static size_t left_abandoned(const struct build_leftover *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++)
		k += v[i].abandoned != 0;
	return k;
}

/* ---- the search at start ---- */

static void left_on_start_found(void *arg, int rc, const char *msg, struct build_leftover *v, size_t n)
{
	struct app *app = arg;
	size_t k = rc == 0 ? left_abandoned(v, n) : 0;

	/* The search frees itself after done. A failure is not worth a message here: B searches again and says why. */
	app->build.search = NULL;
	if (k > 0)
		app_message(app, 0, "%zu earlier build%s left resources behind: press B to delete them", k,
			    k == 1 ? "" : "s");
	flow_leftovers_free_results(v, n);
	app_build_kick(app);
}

void app_build_check_leftovers(struct app *app)
{
	struct app_build *b = &app->build;
	const char *skip[1];
	size_t n_skip = 0;

	if (b->searched || b->search)
		return;
	b->searched = 1;
	if (b->flow)
		skip[n_skip++] = b->build_id;
	b->search_for_screen = 0;
	if (flow_leftovers_find(&b->search, app->cloud, skip, n_skip, left_on_start_found, app) < 0)
		b->search = NULL;
	app_build_kick(app);
}

/* ---- B: list, ask, delete ---- */

/* The cleanup screen has ended (failed: badly) with a result line. */
static void left_end(struct app *app, int failed, const char *result)
{
	struct app_build *b = &app->build;

	b->running = 0;
	b->asking = 0;
	b->ended = 1;
	b->failed = failed;
	free(b->note);
	b->note = NULL;
	free(b->result);
	b->result = sanitize_line(result, 1000);
	if (b->quit_after)
		app_quit(app);
	app_build_kick(app);
}

/* Leave the cleanup screen with a message (nothing to do, or no). */
static void left_close(struct app *app, const char *msg)
{
	struct app_build *b = &app->build;

	b->running = 0;
	b->asking = 0;
	b->screen = BSCREEN_NONE;
	left_rows_free(b);
	app_message(app, 0, "%s", msg);
	app_build_kick(app);
}

/* Copy what the screen lists of v, sanitized (the sets themselves go to the cleanup). */
static void left_make_rows(struct app_build *b, struct build_leftover *v, size_t n)
{
	size_t i, j;

	b->left = v;
	b->n_left = n;
	b->rows = xcalloc(n ? n : 1, sizeof *b->rows);
	b->n_rows = n;
	for (i = 0; i < n; i++) {
		struct build_left_row *r = &b->rows[i];

		snprintf(r->id, sizeof r->id, "%s", v[i].set.build_id);
		r->recipe = sanitize_line(v[i].set.recipe ? v[i].set.recipe : "unknown recipe", 80);
		r->abandoned = v[i].abandoned;
		r->mark = r->abandoned ? BMARK_PENDING : BMARK_SKIPPED;
		r->labels = xcalloc(v[i].set.n_res + 1, sizeof *r->labels);
		for (j = 0; j < v[i].set.n_res; j++)
			r->labels[j] = sanitize_line(v[i].set.res[j].label, LEFT_SHOWN_MAX);
		r->n_labels = v[i].set.n_res;
	}
}

static void left_on_found(void *arg, int rc, const char *msg, struct build_leftover *v, size_t n)
{
	struct app *app = arg;
	struct app_build *b = &app->build;
	const char *project = cloud_project_name(app->cloud);
	char *m;
	size_t k;

	b->search = NULL;
	if (rc < 0) {
		flow_leftovers_free_results(v, n);
		m = xasprintf("looking for builds left behind: %s", msg && *msg ? msg : err_name(rc));
		left_end(app, 1, m);
		free(m);
		return;
	}
	if (n == 0) {
		flow_leftovers_free_results(v, n);
		m = xasprintf("no earlier build left anything behind in project %s", project ? project : "?");
		left_close(app, m);
		free(m);
		return;
	}
	left_make_rows(b, v, n);
	k = left_abandoned(v, n);
	if (k == 0) {
		m = xasprintf("nothing to delete: %zu build%s may still be running (here or elsewhere); "
			      "'sparkdeck image cleanup ID' deletes one anyway", n, n == 1 ? "" : "s");
		left_end(app, 0, m);
		free(m);
		return;
	}
	free(b->note);
	b->note = xstrdup("builds that may still be running are left alone");
	snprintf(app->ask_label, sizeof app->ask_label, "Delete what %zu build%s left behind? [y/N] ", k,
		 k == 1 ? "" : "s");
	b->asking = 1;
	if (app->mode == MODE_NORMAL)
		app->mode = MODE_CONFIRM;
	app_build_kick(app);
}

void app_build_cleanup_ask(struct app *app)
{
	struct app_build *b = &app->build;
	const char *project = cloud_project_name(app->cloud);
	char *m;

	if (b->search) {
		/* The search at start is replaced by this one, which shows its result. */
		flow_leftovers_cancel(b->search);
		b->search = NULL;
	}
	left_rows_free(b);
	app_build_open(app, BSCREEN_CLEANUP);
	snprintf(b->title, sizeof b->title, "Delete what earlier builds left behind in project %s",
		 project ? project : "?");
	b->note = xstrdup("looking for builds left behind…");
	b->running = 1;
	b->search_for_screen = 1;
	if (flow_leftovers_find(&b->search, app->cloud, NULL, 0, left_on_found, app) < 0) {
		b->search = NULL;
		m = xasprintf("looking for builds left behind: %s", err_last());
		left_end(app, 1, m);
		free(m);
		return;
	}
	app_build_kick(app);
}

static void left_next(struct app *app);

static void left_on_progress(void *arg, const char *line)
{
	struct app *app = arg;

	lines_add(&app->build.progress, line);
	app_build_kick(app);
}

static void left_on_cleaned(void *arg, int rc, const char *msg)
{
	struct app *app = arg;
	struct app_build *b = &app->build;
	struct build_left_row *r = &b->rows[b->cleaning];
	char *m;

	/* Never freed inside its own callback: kept until the next one ends. */
	flow_cleanup_free(b->spent_cleanup);
	b->spent_cleanup = b->cleanup;
	b->cleanup = NULL;
	if (rc == 0) {
		buildlock_remove(r->id);
		r->mark = BMARK_DONE;
		b->n_cleaned++;
	} else {
		r->mark = BMARK_FAILED;
		b->n_clean_failed++;
		m = xasprintf("build %s: %s", r->id, msg && *msg ? msg : err_name(rc));
		lines_add(&b->progress, m);
		free(m);
	}
	b->cleaning++;
	left_next(app);
}

static const struct flow_cleanup_ops left_cleanup_ops = { left_on_progress, left_on_cleaned };

/* Start deleting the next abandoned set, or end when there is none left. */
static void left_next(struct app *app)
{
	struct app_build *b = &app->build;
	struct build_left_row *r;
	char *m;

	for (; b->cleaning < b->n_rows; b->cleaning++) {
		r = &b->rows[b->cleaning];
		if (!r->abandoned)
			continue;
		r->mark = BMARK_CURRENT;
		m = xasprintf("build %s (%s): deleting %zu resource%s", r->id, r->recipe, r->n_labels,
			      r->n_labels == 1 ? "" : "s");
		lines_add(&b->progress, m);
		free(m);
		if (flow_cleanup_start(&b->cleanup, app->base, app->cloud, &b->left[b->cleaning].set,
				       &left_cleanup_ops, app) == 0) {
			app_build_kick(app);
			return;
		}
		b->cleanup = NULL;
		r->mark = BMARK_FAILED;
		b->n_clean_failed++;
		lines_add(&b->progress, err_last());
	}
	if (b->n_clean_failed == 0)
		m = xasprintf("deleted what %zu earlier build%s left behind", b->n_cleaned, b->n_cleaned == 1 ? "" : "s");
	else
		m = xasprintf("%zu of %zu builds could not be cleaned up (see above): B tries again, so does "
			      "'sparkdeck image cleanup'", b->n_clean_failed, b->n_cleaned + b->n_clean_failed);
	left_end(app, b->n_clean_failed > 0, m);
	free(m);
}

void app_build_cleanup_confirm(struct app *app, int yes)
{
	struct app_build *b = &app->build;

	if (!yes) {
		left_close(app, "nothing deleted");
		return;
	}
	free(b->note);
	b->note = NULL;
	b->cleaning = 0;
	b->n_cleaned = b->n_clean_failed = 0;
	left_next(app);
}

int app_build_cleanup_hold_quit(struct app *app, int by_signal)
{
	struct app_build *b = &app->build;

	if (b->search) {
		flow_leftovers_cancel(b->search);
		b->search = NULL;
		b->running = 0;
		return 0;
	}
	if (!b->running || b->asking || b->cleanup == NULL)
		return 0;
	if (by_signal && b->quit_after) {
		free(b->left_behind);
		b->left_behind = xstrdup("left at once: the cleanup of earlier builds was not finished; "
					 "'sparkdeck image cleanup' deletes the rest");
		flow_cleanup_free(b->cleanup);
		b->cleanup = NULL;
		b->running = 0;
		return 0;
	}
	b->quit_after = 1;
	free(b->note);
	b->note = xstrdup("finishing the cleanup: the console quits when it is done (Ctrl-C again leaves at once)");
	app_build_kick(app);
	return 1;
}

void app_build_leftovers_dispose(struct app *app)
{
	struct app_build *b = &app->build;

	if (b->search)
		flow_leftovers_cancel(b->search);
	b->search = NULL;
	if (b->cleanup && b->left_behind == NULL)
		b->left_behind = xstrdup("the cleanup of earlier builds was not finished; "
					 "'sparkdeck image cleanup' deletes the rest");
	flow_cleanup_free(b->cleanup);
	flow_cleanup_free(b->spent_cleanup);
	b->cleanup = b->spent_cleanup = NULL;
	left_rows_free(b);
}
