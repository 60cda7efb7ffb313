/*
 * buf: a growable byte buffer with a hard cap (like curl's dynbuf).
 *
 * Contract: buf_init() a caller-owned struct with its cap, append, then
 * buf_dispose(). data is always NUL-terminated (len excludes the NUL).
 * An append past the cap fails with ERR_TOOBIG and leaves the buffer as it was.
 */
#ifndef SD_CORE_BUF_H
#define SD_CORE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct buf {
	char *data;
	size_t len;
	size_t alloc;
	size_t max;
};

/* Start an empty buffer that may hold at most max bytes. */
void buf_init(struct buf *b, size_t max);
/* Free the memory and leave an empty buffer with the same cap. */
void buf_dispose(struct buf *b);
/* Empty the buffer, keeping its memory. */
void buf_reset(struct buf *b);
/* Append len bytes; 0 or ERR_TOOBIG. */
int buf_append(struct buf *b, const void *p, size_t len);
/* Append a C string; 0 or ERR_TOOBIG. */
int buf_puts(struct buf *b, const char *s);
/* Append formatted text; 0 or ERR_TOOBIG. */
int buf_printf(struct buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Take the contents as a heap string (caller frees) and leave the buffer empty. */
char *buf_detach(struct buf *b);

#endif
