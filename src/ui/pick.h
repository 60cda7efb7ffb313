/*
 * pick: whom to share an own image with: the project picker of `+` (and of
 * `:share` without projects), a list to check instead of names to type; and
 * the typed list of `:unshare` without projects.
 *
 * The list (view_pick.c, a struct view over struct pick_rows) holds the
 * projects the user can scope to (the model's, loaded by the projects view)
 * except the current one, then the image's members the model does not know,
 * then the projects added by id or name with `i` (for projects the user
 * cannot scope to). Each row has a checkbox; a project that is a member of
 * the image already (app->share's member list, loaded for the picker when it
 * is not there) is shown checked and marked with its status and cannot be
 * unchecked here (`:unshare` removes members). Enter hands the checked ones
 * to app_share_with(), which asks y/N and runs the share flow; Esc closes the
 * picker and nothing changes.
 *
 * Contract: struct app_pick lives in struct app and starts zeroed;
 * app_pick_close() frees what it holds (safe when closed; ui_run() calls it
 * at the end). While open it takes the keys (it is modal, like the build
 * screen; prompts and y/N questions still come first) and covers the views.
 * It keeps ids and typed text (copies), never pointers into the model; rows
 * are rebuilt from the model and the member list at every sync
 * (view_pick_sync()), so they are valid until the next one. Texts from the
 * cloud are raw here: screen_put() sanitizes them when drawn.
 */
#ifndef SD_UI_PICK_H
#define SD_UI_PICK_H

#include <stddef.h>

#include "ui/view.h"

struct app;
struct image;

/* Where a row comes from. */
enum pick_kind { PICK_LISTED, PICK_MEMBER, PICK_ADDED };

struct pick_row {
	enum pick_kind kind;
	size_t ix;              /* into model->projects, share.members or pick.added */
};

struct pick_rows {
	struct pick_row *v;
	size_t n, alloc;
};

struct app_pick {
	int open;
	char *image_id;         /* the image to share */
	char *image_name;
	char **checked;         /* ids of the rows checked (a typed text for an added row) */
	size_t n_checked;
	char **added;           /* typed with i: names or ids, as typed */
	size_t n_added;
	struct pick_rows rows;  /* the view's rows (its priv) */
	struct view view;       /* the list: view_pick_ops */
};

/* pick.c */
/* Ask whom to share own image im with (op FLOW_SHARE_ADD: the picker), or to stop sharing with (typed). */
void app_pick_ask(struct app *app, int op, const struct image *im);
/* The typed list asked for by app_pick_ask() was entered (MODE_ASK, ASK_SHARE). */
void app_pick_typed(struct app *app, const char *text);
/* Open the picker for own image im, loading the projects and its members when they are not there. */
void app_pick_open(struct app *app, const struct image *im);
/* A key while the picker is open (not at a prompt or question). */
void app_pick_key(struct app *app, int key);
/* The text asked for by i was entered: check the projects it names, adding those not listed. */
void app_pick_added(struct app *app, const char *text);
/* Close the picker and free what it holds; nothing is shared. */
void app_pick_close(struct app *app);

/* view_pick.c */
/* The picker's list, a view over app->pick.rows. */
extern const struct view_ops view_pick_ops;
/* Rebuild the rows and the index (the member list changes outside the model). */
void view_pick_sync(struct app *app);
/* The id of a row: the project's id, or the typed text of an added one. */
const char *view_pick_row_id(const struct app *app, size_t row);
/* The name of a row for messages: the project's name, else its id or typed text. */
const char *view_pick_row_name(const struct app *app, size_t row);
/* The image's member status of a row's project ("pending", ...), or NULL when it is no member. */
const char *view_pick_row_member(const struct app *app, size_t row);
/* Whether a row is checked (members always are). */
int view_pick_row_checked(const struct app *app, size_t row);
/* Draw the picker over the whole frame but the status and message lines. */
void view_pick_draw(struct app *app, int rows, int cols);
/* The message line's hint while the picker is open. */
const char *view_pick_hint(const struct app *app);

#endif
