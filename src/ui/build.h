/*
 * build: the console's side of image build (build.c drives flow/image_build)
 * and of deleting what earlier builds left behind (leftovers.c drives
 * flow/build_leftovers and flow/build_cleanup); both show on the build screen
 * (view_build.c), a full-screen overlay over the views.
 *
 * Contract: struct app_build lives in struct app for the whole session and
 * starts zeroed; app_build_dispose() at the end frees it. At most one build
 * or cleanup runs at a time; while the build screen is up it takes the keys
 * (it is modal) and the loop goes on (redraws, spinner, scripts). Flows are
 * never freed inside their own callbacks: an ended one waits in a spent slot.
 * Every text kept here for drawing was sanitized when stored. A quit (q, :q,
 * the end of a script, SIGINT, SIGTERM) while something runs stops it first
 * and quits when it has ended; a second SIGINT or SIGTERM quits at once and
 * the resources stay, marked, for `sparkdeck image cleanup`.
 */
#ifndef SD_UI_BUILD_H
#define SD_UI_BUILD_H

#include <stddef.h>

#include "ui/lines.h"

struct app;
struct recipe;
struct flow_build;
struct flow_leftovers;
struct flow_cleanup;
struct build_leftover;

/* What the build screen shows. */
enum build_screen { BSCREEN_NONE, BSCREEN_BUILD, BSCREEN_CLEANUP };
/* How far a step of a build, or one build's leftovers, got. */
enum build_mark { BMARK_PENDING, BMARK_CURRENT, BMARK_DONE, BMARK_FAILED, BMARK_STOPPED, BMARK_SKIPPED };

/* One build's leftovers as the cleanup screen lists them (sanitized copies). */
struct build_left_row {
	char id[16];
	char *recipe;
	char **labels;
	size_t n_labels;
	int abandoned;          /* only these are deleted */
	enum build_mark mark;
};

struct app_build {
	enum build_screen screen;       /* BSCREEN_NONE: hidden */
	char title[256];                /* "Build hail-base/1.0.0 (build ab12cd34)" */
	int running;                    /* a flow of the screen has not called done */
	int asking;                     /* the y/N question of the screen is up */
	int ended, failed;              /* it has ended (badly) */
	char *result;                   /* how it ended, or NULL */
	char *note;                     /* a state line ("stopping: ..."), or NULL */
	int quit_after;                 /* quit once it has ended (a second SIGINT/SIGTERM quits at once) */
	long scroll;                    /* console lines scrolled back from the newest */
	int page;                       /* console lines shown at the last draw */
	struct lines progress, console;
	char *left_behind;              /* said on stderr at exit, or NULL */
	char *exit_note;                /* said on stderr at exit (a build ended by a quit), or NULL */
	/* the build (build.c) */
	struct flow_build *flow, *spent;
	struct recipe *recipe;          /* read by the flow: freed after it */
	struct recipe *spent_recipe;
	char build_id[16];
	int step;                       /* the flow's enum flow_build_step */
	int last_step;                  /* the step before the cleanup (where it failed) */
	int stopped_by_user;
	char **plan;                    /* sanitized plan lines while asked, or NULL */
	/* leftovers (leftovers.c) */
	struct flow_leftovers *search;  /* a search in flight, or NULL */
	int searched;                   /* the search at start ran */
	int search_for_screen;          /* the search was asked for by B */
	struct build_leftover *left;
	size_t n_left;
	struct build_left_row *rows;
	size_t n_rows;
	size_t cleaning;                /* the row being deleted */
	size_t n_cleaned, n_clean_failed;
	struct flow_cleanup *cleanup, *spent_cleanup;
};

/* build.c */
/* Show the build screen, emptied, for a new build or cleanup. */
void app_build_open(struct app *app, enum build_screen screen);
/* b: ask for the recipe to build, pre-filled with the recipe of image_id (may be NULL). */
void app_build_ask(struct app *app, const char *image_id);
/* The recipe ref was entered at the prompt: load it and start the build (errors on the message line). */
void app_build_asked(struct app *app, const char *text);
/* The y/N question of the build screen was answered. */
void app_build_confirm(struct app *app, int yes);
/* Stop the running build: it deletes what it made, then ends (the screen stays). */
void app_build_stop(struct app *app);
/* Whether a flow of the build screen (or the search at start) is in flight and not waiting for an answer. */
int app_build_busy(const struct app *app);
/* A quit was asked (by_signal: SIGINT/SIGTERM): 1 when it waits for a flow to end, 0 to quit now. */
int app_build_hold_quit(struct app *app, int by_signal);
/* Close the build screen after its end: back to the images view, which reloads. */
void app_build_close(struct app *app);
/* Redraw, spinner and script after a flow event. */
void app_build_kick(struct app *app);
/* Free everything, abandoning flows still running, and say on stderr what was left behind (after the screen closed). */
void app_build_dispose(struct app *app);

/* leftovers.c */
/* After the first images load: look for builds left behind and say so on the message line. */
void app_build_check_leftovers(struct app *app);
/* B: look for builds left behind, list them on the build screen and offer to delete them. */
void app_build_cleanup_ask(struct app *app);
/* The y/N answer to deleting the leftovers listed. */
void app_build_cleanup_confirm(struct app *app, int yes);
/* A quit while the cleanup screen runs something: like app_build_hold_quit(). */
int app_build_cleanup_hold_quit(struct app *app, int by_signal);
/* Stop the searches and cleanups and free what they hold. */
void app_build_leftovers_dispose(struct app *app);

/* view_build.c */
/* Draw the build screen over the whole frame but the status and message lines. */
void view_build_draw(struct app *app, int rows, int cols);
/* A key while the build screen is up (not at a prompt or question). */
void view_build_key(struct app *app, int key);
/* The message line's hint while the build screen is up. */
const char *view_build_hint(const struct app *app);

#endif
