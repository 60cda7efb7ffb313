/* keys: the key tables, key names for scripts and help, and curses key translation. */
#include "autoconfig.h"

#include <curses.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <wchar.h>

#include "core/error.h"
#include "ui/keys.h"

const struct key_binding keys_table[] = {
	{ { 'j', UI_KEY_DOWN }, ACT_DOWN, "move down one row" },
	{ { 'k', UI_KEY_UP }, ACT_UP, "move up one row" },
	{ { UI_KEY_PGDN, UI_KEY_CTRL('f'), ' ' }, ACT_PAGE_DOWN, "move down one page" },
	{ { UI_KEY_PGUP, UI_KEY_CTRL('b') }, ACT_PAGE_UP, "move up one page" },
	{ { 'g', UI_KEY_HOME }, ACT_TOP, "go to the first row" },
	{ { 'G', UI_KEY_END }, ACT_BOTTOM, "go to the last row" },
	{ { 's' }, ACT_SORT_NEXT, "sort by the next column (the header marks it)" },
	{ { 'S' }, ACT_SORT_REVERSE, "reverse the sort order" },
	{ { '/' }, ACT_FILTER, "filter the rows as you type (substring, any case)" },
	{ { UI_KEY_ENTER }, ACT_OPEN, "switch to the project (projects view), else toggle the details" },
	{ { 'd' }, ACT_DETAIL, "toggle the detail pane of the selected row" },
	{ { UI_KEY_ESC }, ACT_ESCAPE, "close the detail pane, else clear the filter" },
	{ { ':' }, ACT_COMMAND, "type a command (listed below)" },
	{ { 'r' }, ACT_REFRESH, "reload the data of this view" },
	{ { UI_KEY_TAB }, ACT_NEXT_VIEW, "next view" },
	{ { UI_KEY_BACKTAB }, ACT_PREV_VIEW, "previous view" },
	{ { '1' }, ACT_VIEW_PROJECTS, "projects view" },
	{ { '2' }, ACT_VIEW_IMAGES, "images view" },
	{ { '3' }, ACT_VIEW_CLUSTERS, "clusters view" },
	{ { 'a' }, ACT_ACCEPT, "images: accept the selected invitation (asks y/N)" },
	{ { 'x' }, ACT_REJECT, "images: reject the selected invitation (asks y/N)" },
	{ { '+' }, ACT_SHARE, "images: share the selected own image (a project picker, then y/N)" },
	{ { 'b' }, ACT_BUILD, "images: build an image from a recipe (asks which, shows the plan, then y/N)" },
	{ { 'B' }, ACT_CLEANUP, "images: delete what earlier builds left behind (lists it, then y/N)" },
	{ { '?' }, ACT_HELP, "this help" },
	{ { UI_KEY_CTRL('l') }, ACT_REDRAW, "redraw the screen" },
	{ { 'q' }, ACT_QUIT, "quit (in the help: back to the last view)" },
	{ { 0 }, ACT_NONE, NULL }
};

const struct key_binding keys_prompt[] = {
	{ { UI_KEY_ENTER }, ACT_PROMPT_ACCEPT, "prompt: run the command, or keep the filter" },
	{ { UI_KEY_ESC }, ACT_PROMPT_CANCEL, "prompt: cancel (a filter is cleared)" },
	{ { UI_KEY_BACKSPACE, UI_KEY_CTRL('h') }, ACT_PROMPT_ERASE, "prompt: erase the last character" },
	{ { UI_KEY_CTRL('u') }, ACT_PROMPT_KILL, "prompt: erase the whole line" },
	{ { 0 }, ACT_PROMPT_INSERT, "prompt: any other character is typed in" },
	{ { 0 }, ACT_NONE, NULL }
};

const struct key_binding keys_confirm[] = {
	{ { 'y', 'Y' }, ACT_CONFIRM_YES, "[y/N] question: yes, go on" },
	{ { 0 }, ACT_CONFIRM_NO, "[y/N] question: any other key is no (nothing changes)" },
	{ { 0 }, ACT_NONE, NULL }
};

const struct key_binding keys_pick[] = {
	{ { ' ' }, ACT_PICK_TOGGLE, "picker: check or uncheck the project (members stay checked)" },
	{ { 'j', UI_KEY_DOWN }, ACT_DOWN, "picker: move down one row" },
	{ { 'k', UI_KEY_UP }, ACT_UP, "picker: move up one row" },
	{ { UI_KEY_PGDN, UI_KEY_CTRL('f') }, ACT_PAGE_DOWN, "picker: move down one page" },
	{ { UI_KEY_PGUP, UI_KEY_CTRL('b') }, ACT_PAGE_UP, "picker: move up one page" },
	{ { 'g', UI_KEY_HOME }, ACT_TOP, "picker: go to the first row" },
	{ { 'G', UI_KEY_END }, ACT_BOTTOM, "picker: go to the last row" },
	{ { '/' }, ACT_FILTER, "picker: filter the projects as you type (name, id, description)" },
	{ { 'i' }, ACT_PICK_ADD, "picker: add a project by its id (any project) or name, checked" },
	{ { UI_KEY_ENTER }, ACT_PICK_DONE, "picker: share with the checked projects (asks y/N first)" },
	{ { UI_KEY_ESC }, ACT_PICK_CANCEL, "picker: close it; nothing is shared" },
	{ { 'r' }, ACT_REFRESH, "picker: reload the projects and the image's members" },
	{ { UI_KEY_CTRL('l') }, ACT_REDRAW, "picker: redraw the screen" },
	{ { 0 }, ACT_NONE, NULL }
};

const struct key_binding keys_build[] = {
	{ { 'q' }, ACT_QUIT, "build screen: stop the build, delete what it made, then quit (Ctrl-C too)" },
	{ { 'x' }, ACT_BUILD_STOP, "build screen: stop the build and delete what it made; stay" },
	{ { 'k', UI_KEY_UP }, ACT_UP, "build screen: scroll the builder's console back a line" },
	{ { 'j', UI_KEY_DOWN }, ACT_DOWN, "build screen: scroll the builder's console on a line" },
	{ { UI_KEY_PGUP, UI_KEY_CTRL('b') }, ACT_PAGE_UP, "build screen: scroll the console back a page" },
	{ { UI_KEY_PGDN, UI_KEY_CTRL('f'), ' ' }, ACT_PAGE_DOWN, "build screen: scroll the console on a page" },
	{ { 'g', UI_KEY_HOME }, ACT_TOP, "build screen: the oldest console line kept" },
	{ { 'G', UI_KEY_END }, ACT_BOTTOM, "build screen: follow the newest console lines" },
	{ { ':' }, ACT_COMMAND, "build screen: type a command (:q stops the build first, like q)" },
	{ { UI_KEY_CTRL('l') }, ACT_REDRAW, "build screen: redraw" },
	{ { 0 }, ACT_BUILD_CLOSE, "build screen: once it has ended, any key goes back to the images view" },
	{ { 0 }, ACT_NONE, NULL }
};

/* Names of the keys that are not printable characters, as scripts and the help write them. */
static const struct {
	const char *name;
	int key;
	int alias;      /* accepted in scripts, never written */
} key_names[] = {
	{ "Enter", UI_KEY_ENTER, 0 }, { "Esc", UI_KEY_ESC, 0 }, { "Tab", UI_KEY_TAB, 0 },
	{ "BackTab", UI_KEY_BACKTAB, 0 }, { "Space", ' ', 0 }, { "Backspace", UI_KEY_BACKSPACE, 0 },
	{ "Up", UI_KEY_UP, 0 }, { "Down", UI_KEY_DOWN, 0 }, { "Left", UI_KEY_LEFT, 0 },
	{ "Right", UI_KEY_RIGHT, 0 }, { "PgUp", UI_KEY_PGUP, 0 }, { "PgDn", UI_KEY_PGDN, 0 },
	{ "Home", UI_KEY_HOME, 0 }, { "End", UI_KEY_END, 0 }, { "Delete", UI_KEY_DELETE, 0 },
	{ "LT", '<', 0 },
	/* aliases: script lines cannot start with ':' (a command) or '#' (a comment) */
	{ "Colon", ':', 1 }, { "Hash", '#', 1 },
	{ "Return", UI_KEY_ENTER, 1 }, { "Escape", UI_KEY_ESC, 1 }, { "PageUp", UI_KEY_PGUP, 1 },
	{ "PageDown", UI_KEY_PGDN, 1 }, { "S-Tab", UI_KEY_BACKTAB, 1 }
};

enum ui_action keys_lookup(const struct key_binding *table, int key)
{
	size_t i, j;

	for (i = 0; table[i].action != ACT_NONE; i++)
		for (j = 0; j < 3 && table[i].keys[j]; j++)
			if (table[i].keys[j] == key)
				return table[i].action;
	return ACT_NONE;
}

const char *keys_name(int key, char *buf, size_t sz)
{
	mbstate_t st;
	char mb[MB_LEN_MAX + 1];
	size_t i, n;

	for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].key == key && !key_names[i].alias) {
			snprintf(buf, sz, "<%s>", key_names[i].name);
			return buf;
		}
	if (key > 0 && key < 32) {
		snprintf(buf, sz, "<C-%c>", key + 'a' - 1);
		return buf;
	}
	memset(&st, 0, sizeof st);
	n = key < UI_KEY_BASE ? wcrtomb(mb, (wchar_t)key, &st) : (size_t)-1;
	if (n == (size_t)-1)
		snprintf(buf, sz, "<0x%x>", (unsigned)key);
	else {
		mb[n] = '\0';
		snprintf(buf, sz, "%s", mb);
	}
	return buf;
}

const char *keys_label(const struct key_binding *b, char *buf, size_t sz)
{
	char one[32];
	size_t j, len = 0;

	buf[0] = '\0';
	if (b->keys[0] == 0) {
		snprintf(buf, sz, "(any)");
		return buf;
	}
	for (j = 0; j < 3 && b->keys[j]; j++) {
		keys_name(b->keys[j], one, sizeof one);
		len += (size_t)snprintf(buf + len, len < sz ? sz - len : 0, "%s%s", j ? " " : "", one);
		if (len >= sz)
			break;
	}
	return buf;
}

int keys_parse(const char **s, int *key)
{
	const char *p = *s, *end;
	mbstate_t st;
	wchar_t wc;
	size_t i, n;

	if (*p == '<' && (end = strchr(p, '>')) != NULL && end > p + 1) {
		n = (size_t)(end - p - 1);
		if (n == 3 && (p[1] == 'C' || p[1] == 'c') && p[2] == '-' && p[3] >= 'a' - 32 && p[3] <= 'z') {
			*key = UI_KEY_CTRL(p[3]);
			*s = end + 1;
			return 0;
		}
		for (i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
			if (strlen(key_names[i].name) == n && strncasecmp(key_names[i].name, p + 1, n) == 0) {
				*key = key_names[i].key;
				*s = end + 1;
				return 0;
			}
		return err_set(ERR_PARSE, "unknown key name '%.*s' (write a literal < as <LT>)", (int)n + 2, p);
	}
	if (*p == '<')
		return err_set(ERR_PARSE, "a lone '<': write it as <LT>");
	memset(&st, 0, sizeof st);
	n = mbrtowc(&wc, p, strlen(p), &st);
	if (n == (size_t)-1 || n == (size_t)-2 || n == 0)
		return err_set(ERR_PARSE, "invalid character in the key script");
	*key = (int)wc;
	*s = p + n;
	return 0;
}

int keys_from_curses(int rc, unsigned int wc)
{
	if (rc == OK) {
		if (wc == '\r')
			return UI_KEY_ENTER;
		if (wc == 127)
			return UI_KEY_BACKSPACE;
		return (int)wc;
	}
	if (rc != KEY_CODE_YES)
		return 0;
	switch (wc) {
	case KEY_UP: return UI_KEY_UP;
	case KEY_DOWN: return UI_KEY_DOWN;
	case KEY_LEFT: return UI_KEY_LEFT;
	case KEY_RIGHT: return UI_KEY_RIGHT;
	case KEY_PPAGE: return UI_KEY_PGUP;
	case KEY_NPAGE: return UI_KEY_PGDN;
	case KEY_HOME: return UI_KEY_HOME;
	case KEY_END: return UI_KEY_END;
	case KEY_BACKSPACE: return UI_KEY_BACKSPACE;
	case KEY_DC: return UI_KEY_DELETE;
	case KEY_BTAB: return UI_KEY_BACKTAB;
	case KEY_ENTER: return UI_KEY_ENTER;
	case KEY_RESIZE: return UI_KEY_RESIZE;
	default: return UI_KEY_OTHER;
	}
}
