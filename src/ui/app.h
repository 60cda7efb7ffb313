/*
 * app: the console's state and the functions the ui files share (private to
 * src/ui; the rest of the program sees only ui.h).
 *
 * Contract: ui_run() (app.c) owns one struct app on its stack for the whole
 * session. Everything that changes what is shown calls app_dirty(); the
 * frame is drawn once per loop turn by the flush event, never directly.
 * Cloud operations go through load.c, which counts them (app->pending), runs
 * the spinner while anything is in flight and puts every failure on the
 * message line, keeping the old data. Messages are copied (app owns them).
 */
#ifndef SD_UI_APP_H
#define SD_UI_APP_H

#include <stddef.h>
#include <time.h>

#include "ui/build.h"
#include "ui/pick.h"
#include "ui/screen.h"
#include "ui/view.h"

struct event;
struct event_base;
struct cloud;
struct model;
struct config;
struct script;
struct flow_share;
struct image_member;

/*
 * The console's side of the image share flow (share.c): at most one change
 * (share, unshare, accept, reject) at a time, and the member list of one own
 * image for the detail pane. Ids and names are copies; the flows are freed
 * when they end or when ui_run() returns.
 */
struct app_share {
	struct flow_share *flow;        /* the change in progress, or NULL */
	int op;                         /* its enum flow_share_op */
	int asking;                     /* the flow waits for the y/N answer */
	char *image_id;                 /* the image of the change (or the one asked about) */
	char *image_name;
	struct flow_share *members_flow;  /* the member list being loaded, or NULL */
	char *members_id;               /* the image whose members are kept, or NULL */
	struct image_member *members;
	size_t n_members;
	char *members_error;            /* the member list failed: why */
	struct flow_share *spent_change, *spent_members;  /* ended flows, freed at the next end */
};

enum app_view { VIEW_PROJECTS, VIEW_IMAGES, VIEW_CLUSTERS, VIEW_HELP, VIEW_COUNT };
/* COMMAND ":", FILTER "/", ASK: text for an action (ask_label), CONFIRM: a y/N question (ask_label). */
enum app_mode { MODE_NORMAL, MODE_COMMAND, MODE_FILTER, MODE_ASK, MODE_CONFIRM };
/* Who asked for the text of MODE_ASK: the projects to unshare, the recipe to build, a project for the picker. */
enum app_ask { ASK_SHARE, ASK_BUILD, ASK_PICK };
enum app_signal { SIG_WINCH, SIG_INT, SIG_TERM, SIG_CHLD, SIG_COUNT };

struct app {
	struct event_base *base;
	struct cloud *cloud;
	struct model *model;
	const struct config *settings;
	const char *images_dir;         /* where `b` finds recipes (borrowed) */
	struct screen screen;
	struct view views[VIEW_COUNT];
	enum app_view current;
	enum app_view last;             /* the view the help returns to */
	enum app_mode mode;
	char prompt[256];               /* the text typed at the ":" or "/" prompt (or asked for) */
	char ask_label[512];            /* MODE_ASK and MODE_CONFIRM: the question */
	char ask_hint[512];             /* MODE_ASK: shown after the text typed (dim), or "" */
	enum app_ask ask_kind;          /* MODE_ASK: where the text goes */
	struct app_share share;
	struct app_build build;         /* image build and leftovers cleanup (build.h) */
	struct app_pick pick;           /* the project picker of + (pick.h) */
	char *message;                  /* the message line, or NULL */
	int message_error;
	size_t pending;                 /* cloud operations whose done has not run */
	int loading[MODEL_NKINDS];      /* a load of that kind is in flight */
	int again[MODEL_NKINDS];        /* load that kind again when the one in flight ends */
	int connecting;
	char *rescope_name;             /* the project being switched to, or NULL */
	unsigned spin;                  /* spinner frame */
	int spinning;
	int dirty;
	int full_redraw;
	int quit;
	time_t now;                     /* the time of the frame being drawn */
	struct event *ev_input, *ev_sig[SIG_COUNT], *ev_refresh, *ev_spin, *ev_flush;
	struct script *script;          /* NULL unless --script */
};

/* app.c: the loop */
/* Mark the screen as changed; it is redrawn once at the end of this loop turn. */
void app_dirty(struct app *app);
/* Put a one-line message (error or info) on the message line; the text is copied. */
void app_message(struct app *app, int error, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Clear the message line. */
void app_message_clear(struct app *app);
/* Draw the frame now if it changed and send it to the terminal (one doupdate). */
void app_flush(struct app *app);
/* The script has run out: quit (no-display) or hand over to the keyboard. */
void app_script_finished(struct app *app);
/* Start or stop the spinner to match app_busy(). */
void app_spinner_update(struct app *app);
/* Leave the loop at the end of this turn. */
void app_quit(struct app *app);
/* Quit as the user asked (q, :q, a script's end; by_signal for SIGINT/SIGTERM): a running build is stopped first. */
void app_quit_asked(struct app *app, int by_signal);
/* Make view the current one. */
void app_show(struct app *app, enum app_view view);
/* Find a view by name ("images"); -1 when unknown. */
int app_view_by_name(const char *name);
/* Resize the in-memory screen (no-display), follow the terminal (rows 0) or curses (rows < 0). */
void app_resize(struct app *app, int rows, int cols);

/* input.c: keys */
/* Handle one key as if typed (keyboard and scripts both come here). */
void app_key(struct app *app, int key);

/* draw.c: the frame */
/* Draw the whole frame into the curses screen (no output to the terminal). */
void app_draw(struct app *app);

/* cmd.c: ":" commands */
struct app_command {
	const char *name;
	const char *alias;      /* a short name, or NULL */
	const char *args;       /* argument synopsis for the help, or NULL */
	const char *help;
	void (*run)(struct app *app, const char *arg);
};
/* The commands, ending with a NULL name. */
extern const struct app_command app_commands[];
/* Run a command line (without the ':'); failures go to the message line. */
void app_command(struct app *app, const char *line);

/* load.c: cloud operations */
/* Authenticate, then load everything. */
void app_load_start(struct app *app);
/* Load the projects, images or servers (kind), unless that load is already in flight. */
int app_load(struct app *app, enum model_kind kind);
/* Reload projects, images and servers (the refresh timer, :refresh). */
void app_load_all(struct app *app);
/* Switch to project id (name for messages), then reload images and servers. */
int app_rescope(struct app *app, const char *id, const char *name);
/* Whether anything is in flight (our operations or the cloud's requests). */
int app_busy(const struct app *app);

/* share.c: image sharing, driving flow/image_share */
/* Ask to accept (op FLOW_SHARE_ACCEPT) or reject the invitation of image id; a message says why not. */
void app_share_answer(struct app *app, int op, const char *image_id);
/* Share image id with the projects in list ("p1,p2"); NULL or "": ask for them (pick.c: the picker to share). */
void app_share_with(struct app *app, int op, const char *image_id, const char *list);
/* The y/N question was answered. */
void app_share_confirm(struct app *app, int yes);
/* Load the members of the image the images view's detail pane shows, if it is an own one. */
void app_share_follow(struct app *app, int reload);
/* Load the members of own image image_id into app->share, unless kept already (reload: again). */
void app_share_load_members(struct app *app, const char *image_id, int reload);
/* Forget the member list (the project changed); the next follow loads it again. */
void app_share_forget(struct app *app);
/* Whether image is owned by the current project. */
int app_share_owns(const struct app *app, const struct image *im);
/* The number of images shared with the current project whose invitation is pending. */
size_t app_share_invitations(const struct app *app);
/* Stop the flows and free what app->share holds. */
void app_share_dispose(struct app *app);

/* script.c: --script */
/* Read and check a script file; 0, ERR_IO or ERR_PARSE with file:line. */
int script_open(struct script **out, const char *path);
/* Free a script and its events. */
void script_free(struct script *s);
/* Start running the script on the loop. */
void script_start(struct app *app);
/* Tell the script that something finished (a :wait may be over). */
void script_kick(struct app *app);
/* Whether the script has finished (keys then come from the keyboard). */
int script_done(const struct app *app);
/* Make the script pause until nothing is in flight (a running build included), at most seconds. */
void script_wait(struct app *app, int seconds);

#endif
