/* screen: curses set-up and teardown, styles, cell-exact text output and screen dumps. */
#include "autoconfig.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "ui/screen.h"
#include "core/text.h"

#define SCREEN_MAX_TEXT 4096

static struct screen *screen_active;
static attr_t screen_attrs[STYLE_COUNT];
static short screen_pairs[STYLE_COUNT];

/* Restore the terminal if the program exits with the screen still open. */
static void screen_atexit(void)
{
	if (screen_active)
		screen_close(screen_active);
}

/* Register screen_atexit() once. */
static void screen_register_atexit(void)
{
	static int registered;

	if (!registered && atexit(screen_atexit) == 0)
		registered = 1;
}

/* Colour pair and attributes of each style, with and without colours. */
static void screen_styles(int colors)
{
	static const struct {
		short fg, bg;
		attr_t color_attr, mono_attr;
	} def[STYLE_COUNT] = {
		[STYLE_NORMAL] = { -1, -1, A_NORMAL, A_NORMAL },
		[STYLE_TITLE] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
		[STYLE_TAB] = { COLOR_YELLOW, COLOR_BLUE, A_BOLD, A_REVERSE | A_BOLD },
		[STYLE_HEADER] = { COLOR_CYAN, -1, A_BOLD, A_BOLD | A_UNDERLINE },
		[STYLE_CURSOR] = { COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE },
		[STYLE_STATUS] = { COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_REVERSE },
		[STYLE_ERROR] = { COLOR_RED, -1, A_BOLD, A_BOLD },
		[STYLE_INFO] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
		[STYLE_GOOD] = { COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
		[STYLE_WARN] = { COLOR_YELLOW, -1, A_NORMAL, A_NORMAL },
		[STYLE_BAD] = { COLOR_RED, -1, A_BOLD, A_BOLD },
		[STYLE_DIM] = { -1, -1, A_DIM, A_DIM },
		[STYLE_MARK] = { COLOR_MAGENTA, -1, A_BOLD, A_BOLD },
	};
	int i;

	for (i = 0; i < STYLE_COUNT; i++) {
		screen_pairs[i] = 0;
		screen_attrs[i] = colors ? def[i].color_attr : def[i].mono_attr;
		if (colors && (def[i].fg != -1 || def[i].bg != -1)) {
			init_pair((short)i, def[i].fg, def[i].bg);
			screen_pairs[i] = (short)i;
		}
	}
}

/* Whether the user asked for no colours (https://no-color.org: set and not empty). */
static int screen_no_color(void)
{
	const char *v = getenv("NO_COLOR");

	return v != NULL && *v != '\0';
}

/* Open curses on /dev/null with a known terminal type and a fixed size. */
static int screen_open_memory(struct screen *s)
{
	static const char *const terms[] = { "xterm-256color", "xterm", "vt100", "ansi" };
	SCREEN *sp = NULL;
	size_t i;

	s->out = fopen("/dev/null", "w");
	s->in = fopen("/dev/null", "r");
	if (s->out == NULL || s->in == NULL)
		return err_set(ERR_IO, "cannot open /dev/null for the in-memory screen: %s", strerror(errno));
	for (i = 0; sp == NULL && i < sizeof terms / sizeof terms[0]; i++)
		sp = newterm(terms[i], s->out, s->in);
	if (sp == NULL)
		return err_set(ERR_CONFIG, "no terminfo entry for the in-memory screen (install ncurses-base)");
	s->term = sp;
	resizeterm(SCREEN_NODISPLAY_ROWS, SCREEN_NODISPLAY_COLS);
	return 0;
}

/* Open curses on the controlling terminal (stdin, stdout). */
static int screen_open_tty(struct screen *s)
{
	const char *term = getenv("TERM");
	SCREEN *sp;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO))
		return err_set(ERR_INVALID, "the console needs a terminal; without one use --script FILE --no-display");
	if (term == NULL || *term == '\0')
		return err_set(ERR_CONFIG, "TERM is not set: cannot drive the terminal");
	sp = newterm(NULL, stdout, stdin);
	if (sp == NULL)
		return err_set(ERR_CONFIG, "unknown terminal type '%s' (check TERM)", term);
	s->term = sp;
	return 0;
}

int screen_open(struct screen *s, int no_display, int color)
{
	int rc;

	memset(s, 0, sizeof *s);
	s->no_display = no_display;
	rc = no_display ? screen_open_memory(s) : screen_open_tty(s);
	if (rc < 0)
		goto out;
	screen_active = s;
	screen_register_atexit();
	set_escdelay(25);
	cbreak();
	noecho();
	nonl();
	intrflush(stdscr, FALSE);
	keypad(stdscr, TRUE);
	nodelay(stdscr, TRUE);
	leaveok(stdscr, FALSE);
	curs_set(0);
	s->colors = color && !screen_no_color() && has_colors();
	if (s->colors && start_color() == OK)
		use_default_colors();
	else
		s->colors = 0;
	screen_styles(s->colors);
	getmaxyx(stdscr, s->rows, s->cols);
out:
	if (rc < 0)
		screen_close(s);
	return rc;
}

void screen_close(struct screen *s)
{
	if (s->term) {
		endwin();
		delscreen(s->term);
		s->term = NULL;
	}
	if (s->out)
		fclose(s->out);
	if (s->in)
		fclose(s->in);
	s->out = s->in = NULL;
	if (screen_active == s)
		screen_active = NULL;
}

void screen_resize(struct screen *s, int rows, int cols)
{
	struct winsize ws;

	if (rows < 0) {
		getmaxyx(stdscr, s->rows, s->cols);
		return;
	}
	if (rows == 0) {
		if (s->no_display || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 || ws.ws_row == 0)
			return;
		rows = ws.ws_row;
		cols = ws.ws_col;
	}
	resizeterm(rows, cols);
	getmaxyx(stdscr, s->rows, s->cols);
}

void screen_erase(struct screen *s, int full)
{
	if (full)
		clearok(curscr, TRUE);
	wattrset(stdscr, A_NORMAL);
	werase(stdscr);
}

/* Set the style for the next output to stdscr. */
static void screen_style(enum ui_style style)
{
	wattr_set(stdscr, screen_attrs[style], screen_pairs[style], NULL);
}

void screen_fill(int y, int x, int width, enum ui_style style)
{
	screen_style(style);
	if (width > 0)
		mvwhline(stdscr, y, x, ' ', width);
}

void screen_put(int y, int x, int width, const char *text, enum ui_style style, int right)
{
	wchar_t w[SCREEN_MAX_TEXT];
	char *clean;
	int used;

	if (width <= 0)
		return;
	clean = sanitize_line(text ? text : "", SCREEN_MAX_TEXT);
	used = text_fit(clean, width, w, sizeof w / sizeof w[0]);
	screen_fill(y, x, width, style);
	wmove(stdscr, y, right ? x + width - used : x);
	waddnwstr(stdscr, w, -1);
	free(clean);
}

void screen_cursor(int y, int x)
{
	if (x < 0) {
		curs_set(0);
		return;
	}
	curs_set(1);
	wmove(stdscr, y, x);
}

void screen_flush(struct screen *s)
{
	wnoutrefresh(stdscr);
	doupdate();
}

int screen_dump(const struct screen *s, const char *path)
{
	wchar_t *line = NULL;
	char mb[MB_LEN_MAX];
	char *out = NULL;
	mbstate_t st;
	size_t len, n;
	int y, x, rc = 0;
	FILE *f;

	f = fopen(path, "w");
	if (f == NULL)
		return err_set(ERR_IO, "cannot write the screen to %s: %s", path, strerror(errno));
	line = xcalloc((size_t)s->cols + 1, sizeof *line);
	out = xmalloc(((size_t)s->cols + 1) * MB_LEN_MAX + 2);
	for (y = 0; y < s->rows; y++) {
		if (mvwinnwstr(stdscr, y, 0, line, s->cols) == ERR)
			line[0] = 0;
		memset(&st, 0, sizeof st);
		len = 0;
		for (x = 0; line[x]; x++) {
			n = wcrtomb(mb, line[x], &st);
			if (n == (size_t)-1) {
				mb[0] = '?';
				n = 1;
				memset(&st, 0, sizeof st);
			}
			memcpy(out + len, mb, n);
			len += n;
		}
		while (len > 0 && out[len - 1] == ' ')
			len--;
		out[len++] = '\n';
		if (fwrite(out, 1, len, f) != len) {
			rc = err_set(ERR_IO, "cannot write the screen to %s: %s", path, strerror(errno));
			goto out;
		}
	}
out:
	if (fclose(f) != 0 && rc == 0)
		rc = err_set(ERR_IO, "cannot write the screen to %s: %s", path, strerror(errno));
	free(line);
	free(out);
	return rc;
}
