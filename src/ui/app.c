/* app: ui_run() and the loop glue: keyboard, signals, refresh and spinner timers, one flush per loop turn. */
#include "autoconfig.h"

#include <curses.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <event2/event.h>

#include "cloud/cloud.h"
#include "core/config.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/model.h"
#include "core/xmalloc.h"
#include "ui/app.h"
#include "ui/keys.h"
#include "ui/ui.h"

#define APP_SPIN_MS 125
#define APP_MAX_KEYS_PER_TURN 4096

static const int app_signals[SIG_COUNT] = { SIGWINCH, SIGINT, SIGTERM, SIGCHLD };

static const struct view_ops *const app_view_ops[VIEW_COUNT] = {
	&view_projects_ops, &view_images_ops, &view_clusters_ops, &view_help_ops
};

void app_dirty(struct app *app)
{
	app->dirty = 1;
	if (app->ev_flush)
		event_active(app->ev_flush, EV_TIMEOUT, 0);
}

void app_message(struct app *app, int error, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	free(app->message);
	app->message = xstrdup(buf);
	app->message_error = error;
	app_dirty(app);
}

void app_message_clear(struct app *app)
{
	free(app->message);
	app->message = NULL;
	app->message_error = 0;
	app_dirty(app);
}

void app_quit(struct app *app)
{
	app->quit = 1;
	event_base_loopbreak(app->base);
}

void app_quit_asked(struct app *app, int by_signal)
{
	if (!app_build_hold_quit(app, by_signal))
		app_quit(app);
}

int app_view_by_name(const char *name)
{
	int i;

	for (i = 0; i < VIEW_COUNT; i++)
		if (strcmp(app_view_ops[i]->name, name) == 0)
			return i;
	return -1;
}

void app_show(struct app *app, enum app_view view)
{
	if (view == VIEW_HELP && app->current != VIEW_HELP)
		app->last = app->current;
	app->current = view;
	app_dirty(app);
}

void app_resize(struct app *app, int rows, int cols)
{
	screen_resize(&app->screen, rows, cols);
	app->full_redraw = 1;
	app_dirty(app);
}

void app_flush(struct app *app)
{
	if (!app->dirty)
		return;
	app->dirty = 0;
	app->now = time(NULL);
	app_draw(app);
	screen_flush(&app->screen);
}

/* The one place a frame is drawn: activated by app_dirty(), so it runs after the events of this turn. */
static void app_on_flush(evutil_socket_t fd, short what, void *arg)
{
	app_flush(arg);
}

/* Keys are ready on the terminal: read them all without blocking and handle each. */
static void app_on_input(evutil_socket_t fd, short what, void *arg)
{
	struct app *app = arg;
	int rc, key, n = 0, avail = 0;
	wint_t wc;

	if (ioctl(fd, FIONREAD, &avail) == 0 && avail == 0) {
		/* Readable with nothing to read: the terminal is gone. */
		app_quit(app);
		return;
	}
	while (n++ < APP_MAX_KEYS_PER_TURN && !app->quit && (rc = wget_wch(stdscr, &wc)) != ERR) {
		key = keys_from_curses(rc, (unsigned)wc);
		if (key == UI_KEY_RESIZE)
			app_resize(app, -1, -1); /* curses resized already; resizing again would queue another */
		else if (key)
			app_key(app, key);
	}
}

static void app_on_signal(evutil_socket_t sig, short what, void *arg)
{
	struct app *app = arg;
	int status;

	switch (sig) {
	case SIGWINCH:
		app_resize(app, 0, 0);
		break;
	case SIGCHLD:
		while (waitpid(-1, &status, WNOHANG) > 0)
			;
		break;
	default:
		app_quit_asked(app, 1);
		break;
	}
}

/* The auto-refresh timer: the only periodic wakeup of an idle console. */
static void app_on_refresh(evutil_socket_t fd, short what, void *arg)
{
	struct app *app = arg;

	if (!app_busy(app))
		app_load_all(app);
}

static void app_on_spin(evutil_socket_t fd, short what, void *arg)
{
	struct app *app = arg;

	app->spin++;
	app_dirty(app);
	app_spinner_update(app);
}

void app_spinner_update(struct app *app)
{
	struct timeval tv = { 0, APP_SPIN_MS * 1000 };
	int busy = app_busy(app);

	if (busy && !app->spinning)
		evtimer_add(app->ev_spin, &tv);
	else if (!busy && app->spinning)
		evtimer_del(app->ev_spin);
	app->spinning = busy;
}

void app_script_finished(struct app *app)
{
	if (app->screen.no_display)
		app_quit_asked(app, 0);
	else
		event_add(app->ev_input, NULL);
}

/* Create the events; the signal handlers are installed before curses starts so it leaves them alone. */
static int app_events_new(struct app *app)
{
	int i;

	app->ev_flush = event_new(app->base, -1, 0, app_on_flush, app);
	app->ev_input = event_new(app->base, STDIN_FILENO, EV_READ | EV_PERSIST, app_on_input, app);
	app->ev_spin = event_new(app->base, -1, EV_PERSIST, app_on_spin, app);
	app->ev_refresh = event_new(app->base, -1, EV_PERSIST, app_on_refresh, app);
	if (!app->ev_flush || !app->ev_input || !app->ev_spin || !app->ev_refresh)
		return err_set(ERR_INVALID, "cannot create the console's events");
	for (i = 0; i < SIG_COUNT; i++) {
		app->ev_sig[i] = evsignal_new(app->base, app_signals[i], app_on_signal, app);
		if (app->ev_sig[i] == NULL || evsignal_add(app->ev_sig[i], NULL) < 0)
			return err_set(ERR_INVALID, "cannot watch signal %d", app_signals[i]);
	}
	return 0;
}

static void app_events_free(struct app *app)
{
	struct event **evs[] = { &app->ev_flush, &app->ev_input, &app->ev_spin, &app->ev_refresh };
	size_t i;

	for (i = 0; i < sizeof evs / sizeof evs[0]; i++)
		if (*evs[i]) {
			event_free(*evs[i]);
			*evs[i] = NULL;
		}
	for (i = 0; i < SIG_COUNT; i++)
		if (app->ev_sig[i]) {
			event_free(app->ev_sig[i]);
			app->ev_sig[i] = NULL;
		}
}

/* Check the options and pick the first view. */
static int app_check_options(struct app *app, const struct ui_options *opt)
{
	int v = VIEW_CLUSTERS;

	if (opt->no_display && opt->script == NULL)
		return err_set(ERR_INVALID, "--no-display needs --script FILE");
	if (opt->view && (v = app_view_by_name(opt->view)) < 0)
		return err_set(ERR_INVALID, "unknown view '%s': use projects, images, clusters or help", opt->view);
	app->current = (enum app_view)v;
	app->last = v == VIEW_HELP ? VIEW_CLUSTERS : (enum app_view)v;
	return 0;
}

int ui_run(struct event_base *base, struct cloud *c, struct model *m, const struct config *settings,
	   const struct ui_options *opt)
{
	struct timeval every;
	struct app app;
	int rc, i;

	memset(&app, 0, sizeof app);
	app.base = base;
	app.cloud = c;
	app.model = m;
	app.settings = settings;
	for (i = 0; i < VIEW_COUNT; i++)
		view_init(&app.views[i], app_view_ops[i]);
	if ((rc = app_check_options(&app, opt)) < 0)
		goto out;
	app.images_dir = recipe_pick_images_dir(opt->images_dir, settings);
	if (opt->script && (rc = script_open(&app.script, opt->script)) < 0)
		goto out;
	if ((rc = app_events_new(&app)) < 0)
		goto out;
	if ((rc = screen_open(&app.screen, opt->no_display, settings->color)) < 0)
		goto out;
	app_load_start(&app);
	if (app.script)
		script_start(&app);
	else
		event_add(app.ev_input, NULL);
	/* Scripts must be deterministic: no auto-refresh in no-display mode. */
	if (settings->refresh_seconds > 0 && !opt->no_display) {
		every.tv_sec = settings->refresh_seconds;
		every.tv_usec = 0;
		evtimer_add(app.ev_refresh, &every);
	}
	app_dirty(&app);
	while (!app.quit) {
		if (event_base_loop(base, EVLOOP_NO_EXIT_ON_EMPTY) < 0) {
			rc = err_set(ERR_INVALID, "the event loop failed");
			break;
		}
	}
out:
	/* Callbacks still in flight point at app: the caller frees the cloud (cancelling them) next. */
	app_pick_close(&app);
	app_share_dispose(&app);
	screen_close(&app.screen);
	/* After the screen: it may say on stderr what a build left behind. */
	app_build_dispose(&app);
	if (app.script)
		script_free(app.script);
	app_events_free(&app);
	for (i = 0; i < VIEW_COUNT; i++)
		view_dispose(&app.views[i]);
	free(app.message);
	free(app.rescope_name);
	return rc;
}
