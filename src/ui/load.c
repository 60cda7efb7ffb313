/* load: the console's cloud operations; their callbacks update the message line, the spinner and the script. */
#include "autoconfig.h"

#include <stdlib.h>

#include "cloud/cloud.h"
#include "core/error.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "ui/app.h"

static const char *const load_kind_names[MODEL_NKINDS] = { "projects", "images", "servers" };

/* Bookkeeping after any operation ended: redraw, spinner, script. */
static void load_ended(struct app *app)
{
	if (app->pending > 0)
		app->pending--;
	app_dirty(app);
	app_spinner_update(app);
	script_kick(app);
}

/* Account for an operation the cloud accepted (rc 0), or report why it could not start. */
static int load_started(struct app *app, int rc, const char *what)
{
	if (rc < 0) {
		app_message(app, 1, "%s: %s", what, err_last());
		return rc;
	}
	app->pending++;
	app_spinner_update(app);
	app_dirty(app);
	return 0;
}

/* A load of kind ended: report a failure (the old data stays), reload if asked meanwhile. */
static void load_done(struct app *app, enum model_kind kind, int rc, const char *msg)
{
	app->loading[kind] = 0;
	if (rc < 0)
		app_message(app, 1, "%s: %s", load_kind_names[kind], msg && *msg ? msg : err_name(rc));
	if (kind == MODEL_IMAGES)
		app_share_follow(app, 0);
	if (kind == MODEL_IMAGES && rc == 0)
		app_build_check_leftovers(app);
	if (app->again[kind]) {
		app->again[kind] = 0;
		app_load(app, kind);
	}
	load_ended(app);
}

static void load_on_projects(void *arg, int rc, const char *msg)
{
	load_done(arg, MODEL_PROJECTS, rc, msg);
}

static void load_on_images(void *arg, int rc, const char *msg)
{
	load_done(arg, MODEL_IMAGES, rc, msg);
}

static void load_on_servers(void *arg, int rc, const char *msg)
{
	load_done(arg, MODEL_SERVERS, rc, msg);
}

int app_load(struct app *app, enum model_kind kind)
{
	int rc;

	if (app->loading[kind])
		return 0;
	switch (kind) {
	case MODEL_PROJECTS: rc = cloud_load_projects(app->cloud, app->model, load_on_projects, app); break;
	case MODEL_IMAGES: rc = cloud_load_images(app->cloud, app->model, load_on_images, app); break;
	default: rc = cloud_load_servers(app->cloud, app->model, load_on_servers, app); break;
	}
	rc = load_started(app, rc, load_kind_names[kind]);
	if (rc == 0)
		app->loading[kind] = 1;
	return rc;
}

void app_load_all(struct app *app)
{
	int k;

	for (k = 0; k < MODEL_NKINDS; k++)
		app_load(app, (enum model_kind)k);
}

static void load_on_connect(void *arg, int rc, const char *msg)
{
	struct app *app = arg;

	app->connecting = 0;
	if (rc < 0)
		app_message(app, 1, "login: %s", msg && *msg ? msg : err_name(rc));
	else
		app_load_all(app);
	load_ended(app);
}

void app_load_start(struct app *app)
{
	if (load_started(app, cloud_connect(app->cloud, load_on_connect, app), "login") == 0)
		app->connecting = 1;
}

/* A project switch ended: reload what belongs to the project (loads in flight are for the old one). */
static void load_on_rescope(void *arg, int rc, const char *msg)
{
	struct app *app = arg;
	int k;

	if (rc < 0)
		app_message(app, 1, "switching to project %s: %s", app->rescope_name ? app->rescope_name : "?",
			    msg && *msg ? msg : err_name(rc));
	else {
		app_message(app, 0, "switched to project %s", app->rescope_name ? app->rescope_name : "?");
		for (k = MODEL_IMAGES; k <= MODEL_SERVERS; k++) {
			if (app->loading[k])
				app->again[k] = 1;
			else
				app_load(app, (enum model_kind)k);
		}
		view_invalidate(&app->views[VIEW_PROJECTS]);
		app_share_forget(app);
	}
	free(app->rescope_name);
	app->rescope_name = NULL;
	load_ended(app);
}

int app_rescope(struct app *app, const char *id, const char *name)
{
	int rc;

	if (app->rescope_name) {
		app_message(app, 1, "already switching to project %s; wait for it", app->rescope_name);
		return ERR_INVALID;
	}
	if (app->build.screen != BSCREEN_NONE) {
		/* A build or cleanup works in the current project until it ends. */
		app_message(app, 1, "not while the build screen is open: let it end, then switch");
		return ERR_INVALID;
	}
	if (app->pick.open) {
		/* The picker lists the projects to share with from this one. */
		app_message(app, 1, "not while the project picker is open: Esc closes it");
		return ERR_INVALID;
	}
	if (id == NULL || *id == '\0') {
		app_message(app, 1, "this project has no id; reload the projects (r)");
		return ERR_INVALID;
	}
	app->rescope_name = xstrdup(name && *name ? name : id);
	app_message_clear(app);
	rc = load_started(app, cloud_rescope(app->cloud, id, load_on_rescope, app), "switching project");
	if (rc < 0) {
		free(app->rescope_name);
		app->rescope_name = NULL;
	}
	return rc;
}

int app_busy(const struct app *app)
{
	/* A share flow or build waiting for the y/N answer is not busy: a script's :wait ends there. */
	return app->pending > 0 || cloud_busy(app->cloud) > 0 || app->share.members_flow ||
	       (app->share.flow && !app->share.asking) || app_build_busy(app);
}
