/*
 * output: print rows of text as an aligned table or as JSON for scripts.
 *
 * Contract: a table is built with out_table_init(), out_table_row() per row
 * (cells are copied and sanitized for the terminal), then out_table_print()
 * and out_table_dispose(). JSON is printed from a cJSON tree the caller keeps;
 * strings in it are printed exactly, but every byte a terminal could act on
 * (C1 controls, bidi overrides, invalid UTF-8) is \u-escaped.
 */
#ifndef SD_CLI_OUTPUT_H
#define SD_CLI_OUTPUT_H

#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>

struct out_table {
	size_t n_cols;
	const char *const *headers;
	char **cells;           /* n_rows * n_cols sanitized strings */
	size_t n_rows;
};

/* Start a table with n_cols columns named by headers (kept by pointer). */
void out_table_init(struct out_table *t, const char *const *headers, size_t n_cols);
/* Add a row of n_cols cells (NULL cells print as empty). */
void out_table_row(struct out_table *t, const char *const *cells);
/* Print the table aligned by display width, header first. */
void out_table_print(const struct out_table *t, FILE *f);
/* Free the rows. */
void out_table_dispose(struct out_table *t);
/* Print a cJSON tree, formatted, with terminal-unsafe characters escaped. */
void out_json_print(const cJSON *j, FILE *f);
/* Print j on stdout when json is set, else t; then free both. */
void out_emit(struct out_table *t, cJSON *j, int json);

#endif
