/* Unit tests of the ui's text and key helpers: cell widths of wide characters, fitting with
 * an ellipsis, natural case-insensitive order, substring matching, and the key names that
 * scripts and the help share. Prints TAP. */
#include "autoconfig.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "ui/keys.h"
#include "core/text.h"

static int n_tests, n_failed;

/* Report one check. */
static void check(int ok, const char *what)
{
	n_tests++;
	if (!ok)
		n_failed++;
	printf("%sok %d - %s\n", ok ? "" : "not ", n_tests, what);
}

/* Fit s into width cells and compare the result (as UTF-8) and the cells used. */
static void check_fit(const char *s, int width, const char *want, int want_cells)
{
	wchar_t w[64];
	char out[256], what[300];
	int cells = text_fit(s, width, w, 64);

	wcstombs(out, w, sizeof out);
	snprintf(what, sizeof what, "fit '%s' in %d cells -> '%s' (%d cells)", s, width, want, want_cells);
	check(strcmp(out, want) == 0 && cells == want_cells, what);
}

/* Parse a script key name, then write it back. */
static void check_key(const char *name, int want, const char *back)
{
	const char *p = name;
	char buf[32], what[128];
	int key = 0;

	snprintf(what, sizeof what, "key '%s' parses and is written as '%s'", name, back);
	check(keys_parse(&p, &key) == 0 && *p == '\0' && key == want &&
	      strcmp(keys_name(key, buf, sizeof buf), back) == 0, what);
}

int main(void)
{
	const char *p;
	char buf[32];
	int key;

	if (setlocale(LC_ALL, "C.UTF-8") == NULL) {
		printf("1..0 # SKIP no C.UTF-8 locale\n");
		return 0;
	}
	check(text_width("abc") == 3, "ASCII is one cell a character");
	check(text_width("\xe5\x9b\xbe\xe5\x83\x8f") == 4, "CJK characters take two cells");
	check(text_width("\xf0\x9f\x9a\x80") == 2, "an emoji takes two cells");
	check(text_width("e\xcc\x81") == 1, "a combining accent takes none");
	check_fit("hello", 10, "hello", 5);
	check_fit("hello world", 5, "hell\xe2\x80\xa6", 5);
	check_fit("\xe5\x9b\xbe\xe5\x83\x8f\xe6\xb5\x8b", 4, "\xe5\x9b\xbe\xe2\x80\xa6", 3);
	check_fit("\xe5\x9b\xbe\xe5\x83\x8f\xe6\xb5\x8b", 5, "\xe5\x9b\xbe\xe5\x83\x8f\xe2\x80\xa6", 5);
	check_fit("ab", 0, "", 0);
	check(text_compare("node-2", "node-10") < 0, "numbers compare by value");
	check(text_compare("Image-1", "image-1") == 0, "case is ignored");
	check(text_compare(NULL, "a") < 0 && text_compare("a", NULL) > 0, "NULL sorts first");
	check(text_compare("n-007", "n-7") == 0 && text_compare("a", "ab") < 0, "leading zeros, prefixes");
	check(text_contains("Spark-Cluster", "CLUSTER"), "substring match ignores case");
	check(text_contains("\xc3\x89TAT", "\xc3\xa9tat"), "case folding beyond ASCII");
	check(!text_contains("spark", "sparks") && !text_contains(NULL, "x") && text_contains("x", ""),
	      "no match, NULL and empty needle");
	check(strcmp(text_size(-1, buf, sizeof buf), "-") == 0, "unknown size");
	check(strcmp(text_size(1536, buf, sizeof buf), "1.5 KiB") == 0, "size in KiB");
	check(strcmp(text_ago(100, 172900, buf, sizeof buf), "2d ago") == 0, "age in days");
	check(strcmp(text_ago(0, 5, buf, sizeof buf), "never") == 0, "never loaded");
	check_key("j", 'j', "j");
	check_key("<Down>", UI_KEY_DOWN, "<Down>");
	check_key("<enter>", UI_KEY_ENTER, "<Enter>");
	check_key("<C-l>", UI_KEY_CTRL('l'), "<C-l>");
	check_key("<LT>", '<', "<LT>");
	check_key("<Colon>", ':', ":");
	check_key("<Space>", ' ', "<Space>");
	check_key("\xc3\xa9", 0xe9, "\xc3\xa9");
	p = "<Nope>";
	check(keys_parse(&p, &key) < 0, "an unknown key name is an error");
	p = "<";
	check(keys_parse(&p, &key) < 0, "a lone < is an error");
	check(keys_lookup(keys_table, 'q') == ACT_QUIT && keys_lookup(keys_table, UI_KEY_PGDN) == ACT_PAGE_DOWN,
	      "the key table binds q and <PgDn>");
	check(keys_lookup(keys_prompt, UI_KEY_ESC) == ACT_PROMPT_CANCEL, "the prompt table binds <Esc>");
	check(keys_lookup(keys_pick, ' ') == ACT_PICK_TOGGLE && keys_lookup(keys_pick, UI_KEY_ESC) == ACT_PICK_CANCEL,
	      "in the picker <Space> checks (no page down) and <Esc> cancels");
	printf("1..%d\n", n_tests);
	return n_failed != 0;
}
