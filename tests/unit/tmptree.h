/*
 * tmptree: throw-away directory trees for unit tests that read files.
 *
 * Contract: tmptree_new() makes a fresh directory under $TMPDIR (or /tmp) and
 * returns its path (caller frees); tmptree_write() creates parent
 * directories as needed and aborts the test program on failure;
 * tmptree_remove() deletes the tree. Paths are relative to the tree's root.
 */
#ifndef SD_TESTS_TMPTREE_H
#define SD_TESTS_TMPTREE_H

#include <sys/types.h>

/* Make a new empty directory; the caller frees the returned path. */
char *tmptree_new(void);
/* Write text to root/rel with mode, making directories; returns the full path (caller frees). */
char *tmptree_write(const char *root, const char *rel, const char *text, mode_t mode);
/* Make the directory root/rel (and its parents); returns the full path (caller frees). */
char *tmptree_mkdir(const char *root, const char *rel);
/* Remove root and everything under it. */
void tmptree_remove(const char *root);
/* The path of a file under tests/unit/data, found through $top_srcdir (caller frees). */
char *tmptree_data(const char *rel);

#endif
