#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/xmalloc.h"

void buf_init(struct buf *b, size_t max)
{
	b->data = NULL;
	b->len = 0;
	b->alloc = 0;
	b->max = max;
}

void buf_dispose(struct buf *b)
{
	free(b->data);
	buf_init(b, b->max);
}

void buf_reset(struct buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

int buf_append(struct buf *b, const void *p, size_t len)
{
	size_t need;

	if (len > b->max || b->len > b->max - len)
		return err_set(ERR_TOOBIG, "more than %zu bytes", b->max);
	need = b->len + len + 1;
	if (need > b->alloc) {
		size_t n = b->alloc ? b->alloc : 256;

		while (n < need)
			n *= 2;
		if (n > b->max + 1)
			n = b->max + 1;
		b->data = xreallocarray(b->data, n, 1);
		b->alloc = n;
	}
	if (len)
		memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = '\0';
	return 0;
}

int buf_puts(struct buf *b, const char *s)
{
	return buf_append(b, s, strlen(s));
}

int buf_printf(struct buf *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int n, rc;

	va_start(ap, fmt);
	n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0)
		return err_set(ERR_INVALID, "cannot format text");
	rc = buf_append(b, s, (size_t)n);
	free(s);
	return rc;
}

char *buf_detach(struct buf *b)
{
	char *s = b->data ? b->data : xstrdup("");

	buf_init(b, b->max);
	return s;
}
