/* view_help: every key and command, generated from the tables the code dispatches on. */
#include "autoconfig.h"

#include <stdio.h>
#include <string.h>

#include "core/model.h"
#include "ui/app.h"
#include "ui/keys.h"
#include "core/text.h"
#include "ui/view.h"

enum { COL_SECTION, COL_KEY, COL_HELP, COL_N };

static const struct view_column help_columns[COL_N] = {
	[COL_SECTION] = { "SECTION", 8, 8, 1, 0, 0 },
	[COL_KEY] = { "KEY", 12, 24, 0, 0, 0 },
	[COL_HELP] = { "DESCRIPTION", 20, 60, 0, 0, 1 },
};

enum help_section { HELP_KEY, HELP_PROMPT, HELP_CONFIRM, HELP_PICK, HELP_BUILD, HELP_COMMAND };

static const char *const help_section_names[] = { "key", "prompt", "confirm", "picker", "build", "command" };

/* The key tables, in the order of the sections before the commands. */
static const struct key_binding *const help_tables[HELP_COMMAND] = {
	keys_table, keys_prompt, keys_confirm, keys_pick, keys_build
};

/* The number of entries of a key table. */
static size_t help_n_keys(const struct key_binding *t)
{
	size_t n = 0;

	while (t[n].action != ACT_NONE)
		n++;
	return n;
}

static size_t help_n_commands(void)
{
	size_t n = 0;

	while (app_commands[n].name)
		n++;
	return n;
}

/* Map a row to its section and the index in that section's table. */
static enum help_section help_locate(size_t row, size_t *i)
{
	int sec;
	size_t n;

	for (sec = 0; sec < HELP_COMMAND; sec++) {
		n = help_n_keys(help_tables[sec]);
		if (row < n) {
			*i = row;
			return (enum help_section)sec;
		}
		row -= n;
	}
	*i = row;
	return HELP_COMMAND;
}

/* Write the key (or command synopsis) of row into buf; return its help line. */
static const char *help_entry(size_t row, char *buf, size_t sz, enum help_section *sec)
{
	const struct app_command *c;
	size_t i;

	*sec = help_locate(row, &i);
	if (*sec != HELP_COMMAND) {
		keys_label(&help_tables[*sec][i], buf, sz);
		return help_tables[*sec][i].help;
	}
	c = &app_commands[i];
	snprintf(buf, sz, ":%s%s%s%s%s", c->name, c->args ? " " : "", c->args ? c->args : "",
		 c->alias ? "  :" : "", c->alias ? c->alias : "");
	return c->help;
}

static int help_load(struct app *app)
{
	return 0;
}

static size_t help_count(struct view *v, const struct app *app)
{
	size_t n = help_n_commands();
	int sec;

	for (sec = 0; sec < HELP_COMMAND; sec++)
		n += help_n_keys(help_tables[sec]);
	return n;
}

static void help_draw_row(struct view *v, const struct app *app, size_t row, struct view_cell *c)
{
	enum help_section sec;

	c[COL_HELP].text = help_entry(row, c[COL_KEY].buf, sizeof c[COL_KEY].buf, &sec);
	c[COL_KEY].text = c[COL_KEY].buf;
	c[COL_KEY].style = STYLE_MARK;
	c[COL_SECTION].text = help_section_names[sec];
	c[COL_SECTION].style = STYLE_DIM;
}

static int help_compare(struct view *v, const struct app *app, size_t a, size_t b, size_t col, int rev)
{
	char ka[64], kb[64];
	enum help_section sa, sb;
	const char *ha = help_entry(a, ka, sizeof ka, &sa), *hb = help_entry(b, kb, sizeof kb, &sb);

	switch (col) {
	case COL_KEY: return view_cmp_str(ka, kb, rev);
	case COL_HELP: return view_cmp_str(ha, hb, rev);
	default: return view_cmp_num(sa, sb, rev);
	}
}

static int help_match(struct view *v, const struct app *app, size_t row, const char *needle)
{
	char key[64];
	enum help_section sec;
	const char *h = help_entry(row, key, sizeof key, &sec);

	return text_contains(key, needle) || text_contains(h, needle) || text_contains(help_section_names[sec], needle);
}

static const char *help_row_id(struct view *v, const struct app *app, size_t row, char *buf, size_t sz)
{
	snprintf(buf, sz, "help:%zu", row);
	return buf;
}

static void help_detail(struct view *v, const struct app *app, size_t row, struct view_detail *d)
{
	char key[64];
	enum help_section sec;
	const char *h = help_entry(row, key, sizeof key, &sec);

	view_detail_add(d, "section", help_section_names[sec]);
	view_detail_add(d, sec == HELP_COMMAND ? "command" : "keys", key);
	view_detail_add(d, "does", h);
}

/* In the help, q goes back to the view it was opened from. */
static int help_act(struct view *v, struct app *app, enum ui_action action)
{
	if (action != ACT_QUIT)
		return 0;
	app_show(app, app->last);
	return 1;
}

const struct view_ops view_help_ops = {
	.name = "help",
	.columns = help_columns,
	.n_columns = COL_N,
	.kind = MODEL_PROJECTS,
	.sort_default = COL_SECTION,
	.load = help_load,
	.count = help_count,
	.draw_row = help_draw_row,
	.compare = help_compare,
	.match = help_match,
	.row_id = help_row_id,
	.detail = help_detail,
	.act = help_act,
};
