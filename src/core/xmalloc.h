/*
 * xmalloc: allocation that never returns NULL.
 *
 * Contract: every function aborts the program with a message on out-of-memory,
 * so callers never check for NULL. Memory is freed with free().
 */
#ifndef SD_CORE_XMALLOC_H
#define SD_CORE_XMALLOC_H

#include <stddef.h>

/* Allocate size bytes (size 0 gives a valid unique pointer). */
void *xmalloc(size_t size);
/* Allocate n zeroed elements of size bytes, checking the product for overflow. */
void *xcalloc(size_t n, size_t size);
/* Resize to n elements of size bytes, checking the product for overflow. */
void *xreallocarray(void *p, size_t n, size_t size);
/* Duplicate a string; NULL gives NULL. */
char *xstrdup(const char *s);
/* Duplicate at most n bytes of s and terminate the copy. */
char *xstrndup(const char *s, size_t n);
/* printf into a newly allocated string. */
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
