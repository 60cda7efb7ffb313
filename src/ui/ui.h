/*
 * ui: the full-screen console (ncurses), driven by the event loop.
 *
 * Contract: ui_run() takes over the terminal (or, with no_display, draws into
 * memory only), loads the data through the cloud connection in the
 * background, and returns when the user quits (0) or on a fatal error
 * (negative ERR_* with err_last() set). It never blocks on the network: every
 * load is a cloud_*() call whose callback updates the model and marks the
 * screen dirty. A quit while an image build runs stops it and waits for its
 * cleanup; after the terminal is restored, ui_run() says on stderr how such a
 * build ended, or what it left behind when a second SIGINT/SIGTERM cut it
 * short. The caller owns base, cloud, model and settings.
 */
#ifndef SD_UI_UI_H
#define SD_UI_UI_H

struct event_base;
struct cloud;
struct model;
struct config;

struct ui_options {
	const char *script;      /* read keys and :commands from this file (tests, automation) */
	int no_display;          /* draw into memory only; needs script */
	const char *view;        /* first view: "projects", "images", "clusters"; NULL: clusters */
	const char *images_dir;  /* --images-dir: recipes for `b`; NULL: $SPARKDECK_IMAGES_DIR, then the config */
};

/* Run the console until the user quits. */
int ui_run(struct event_base *base, struct cloud *c, struct model *m, const struct config *settings,
	   const struct ui_options *opt);

#endif
