/*
 * reflist: refs "TOP/LEAF" that name files DIR/TOP/LEAF.conf, shared by image
 * recipes (NAME/VERSION) and cluster specs (KIND/NAME): checking the parts,
 * listing them under a directory and sorting them as people do (digit runs by
 * value, so 1.9 sorts before 1.10 and ld9 before ld14).
 *
 * Contract: reflist_scan() and reflist_scan_leaves() return a new sorted array
 * of new strings (NULL when empty), released with reflist_free(); a missing
 * directory gives none; entries whose parts fail the given checks are skipped;
 * at most REFLIST_MAX entries, else ERR_TOOBIG. ERR_IO when a directory that
 * exists cannot be read. Nothing is kept between calls.
 */
#ifndef SD_CORE_REFLIST_H
#define SD_CORE_REFLIST_H

#include <stddef.h>

#define REFLIST_PART_MAX 64      /* bytes in each part of a ref */
#define REFLIST_MAX 10000        /* entries listed at most */

/* 1 if s (len bytes) is [a-z0-9][a-z0-9._-]*, at most REFLIST_PART_MAX bytes, without "..". */
int reflist_valid_name(const char *s, size_t len);
/* 1 if s (len bytes) is [0-9A-Za-z._-]+ not starting with '.', at most REFLIST_PART_MAX bytes, without "..". */
int reflist_valid_version(const char *s, size_t len);
/* Compare two strings with digit runs by value (1.9 < 1.10), the rest byte by byte. */
int reflist_compare_natural(const char *a, const char *b);
/* List "TOP/LEAF" for every DIR/TOP/LEAF.conf with top_ok(TOP) and leaf_ok(LEAF), sorted; what names the files in messages. */
int reflist_scan(char ***refs, size_t *count, const char *dir, int (*top_ok)(const char *, size_t),
		 int (*leaf_ok)(const char *, size_t), const char *what);
/* List "LEAF" for every DIR/LEAF.conf with leaf_ok(LEAF), sorted. */
int reflist_scan_leaves(char ***leaves, size_t *count, const char *dir,
			int (*leaf_ok)(const char *, size_t), const char *what);
/* Free an array returned by reflist_scan() or reflist_scan_leaves(). */
void reflist_free(char **refs, size_t count);

#endif
