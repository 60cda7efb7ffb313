/*
 * keys: the one key table of the console. Dispatch, the help view and the
 * script parser all read these tables, so the help can never drift from the
 * code.
 *
 * Contract: a key is an int: a Unicode code point for a character (control
 * characters included: '\n' is Enter, 27 is Esc, '\t' is Tab), or one of the
 * UI_KEY_* values above the Unicode range for function keys. The tables are
 * static and end with an entry whose action is ACT_NONE. keys_parse() reads
 * one key in script syntax ("j", "<Down>", "<C-l>", "<LT>" for '<') and
 * returns 0 or ERR_PARSE with err_last() set.
 */
#ifndef SD_UI_KEYS_H
#define SD_UI_KEYS_H

#include <stddef.h>

enum {
	UI_KEY_BASE = 0x200000,
	UI_KEY_UP, UI_KEY_DOWN, UI_KEY_LEFT, UI_KEY_RIGHT,
	UI_KEY_PGUP, UI_KEY_PGDN, UI_KEY_HOME, UI_KEY_END,
	UI_KEY_BACKSPACE, UI_KEY_DELETE, UI_KEY_BACKTAB,
	UI_KEY_RESIZE, UI_KEY_OTHER
};

#define UI_KEY_CTRL(c) ((c) & 0x1f)
#define UI_KEY_ENTER '\n'
#define UI_KEY_ESC 27
#define UI_KEY_TAB '\t'

enum ui_action {
	ACT_NONE,
	/* the table keys */
	ACT_DOWN, ACT_UP, ACT_PAGE_DOWN, ACT_PAGE_UP, ACT_TOP, ACT_BOTTOM,
	ACT_SORT_NEXT, ACT_SORT_REVERSE, ACT_FILTER, ACT_OPEN, ACT_DETAIL, ACT_ESCAPE,
	ACT_COMMAND, ACT_REFRESH, ACT_NEXT_VIEW, ACT_PREV_VIEW,
	ACT_VIEW_PROJECTS, ACT_VIEW_IMAGES, ACT_VIEW_CLUSTERS, ACT_HELP, ACT_REDRAW, ACT_QUIT,
	/* the images view's keys (sharing, building) */
	ACT_ACCEPT, ACT_REJECT, ACT_SHARE, ACT_BUILD, ACT_CLEANUP,
	/* the build screen's own keys */
	ACT_BUILD_STOP, ACT_BUILD_CLOSE,
	/* the project picker's own keys */
	ACT_PICK_TOGGLE, ACT_PICK_ADD, ACT_PICK_DONE, ACT_PICK_CANCEL,
	/* the prompt keys (":" and "/", and the text asked for by an action) */
	ACT_PROMPT_ACCEPT, ACT_PROMPT_CANCEL, ACT_PROMPT_ERASE, ACT_PROMPT_KILL, ACT_PROMPT_INSERT,
	/* the keys answering a y/N question */
	ACT_CONFIRM_YES, ACT_CONFIRM_NO
};

struct key_binding {
	int keys[3];            /* up to three keys, 0 ends the list early */
	enum ui_action action;
	const char *help;       /* one line for the help view and the man page */
};

/* The keys of the table views, ending with ACT_NONE. */
extern const struct key_binding keys_table[];
/* The keys of the ":" and "/" prompts, ending with ACT_NONE. */
extern const struct key_binding keys_prompt[];
/* The keys answering a "[y/N]" question on the prompt line, ending with ACT_NONE. */
extern const struct key_binding keys_confirm[];
/* The keys of the build screen (image build, cleanup of leftovers), ending with ACT_NONE. */
extern const struct key_binding keys_build[];
/* The keys of the project picker of + (share an image), ending with ACT_NONE. */
extern const struct key_binding keys_pick[];

/* The action bound to key in table, or ACT_NONE. */
enum ui_action keys_lookup(const struct key_binding *table, int key);
/* Write the script name of key ("j", "<Down>", "<C-l>") into buf and return buf. */
const char *keys_name(int key, char *buf, size_t sz);
/* Write the keys of a binding, space separated, into buf and return buf. */
const char *keys_label(const struct key_binding *b, char *buf, size_t sz);
/* Parse one key in script syntax at *s, advance *s past it and store it in *key. */
int keys_parse(const char **s, int *key);
/* Turn what wget_wch() returned (its rc and character) into a key; 0 when there is none. */
int keys_from_curses(int rc, unsigned int wc);

#endif
