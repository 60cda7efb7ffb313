/* lines: a bounded ring of sanitized lines, fed whole lines or raw text that may end mid-line. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/sanitize.h"
#include "core/xmalloc.h"
#include "ui/lines.h"

/* Sanitized lines are cut at this many bytes (an ellipsis marks the cut). */
#define LINES_SHOWN_MAX 1000

void lines_init(struct lines *l, size_t max, size_t line_max)
{
	memset(l, 0, sizeof *l);
	l->max = max ? max : 1;
	l->v = xcalloc(l->max, sizeof *l->v);
	l->pmax = line_max ? line_max : 1;
	l->partial = xmalloc(l->pmax);
}

void lines_dispose(struct lines *l)
{
	size_t i;

	for (i = 0; l->v && i < l->max; i++)
		free(l->v[i]);
	free(l->v);
	free(l->partial);
	memset(l, 0, sizeof *l);
}

/* Keep s (already sanitized, owned now) as the newest line. */
static void lines_keep(struct lines *l, char *s)
{
	size_t slot;

	if (l->n == l->max) {
		free(l->v[l->first]);
		l->v[l->first] = s;
		l->first = (l->first + 1) % l->max;
	} else {
		slot = (l->first + l->n) % l->max;
		l->v[slot] = s;
		l->n++;
	}
	l->total++;
}

void lines_add(struct lines *l, const char *raw)
{
	lines_keep(l, sanitize_line(raw, LINES_SHOWN_MAX));
}

/* Store len raw bytes as one line. */
static void lines_store(struct lines *l, const char *raw, size_t len)
{
	lines_keep(l, sanitize_text(raw, len, LINES_SHOWN_MAX));
}

void lines_flush(struct lines *l)
{
	if (l->plen == 0)
		return;
	lines_store(l, l->partial, l->plen);
	l->plen = 0;
}

void lines_feed(struct lines *l, const char *raw, size_t len)
{
	const char *nl;
	size_t n, room;

	while (len > 0) {
		nl = memchr(raw, '\n', len);
		n = nl ? (size_t)(nl - raw) : len;
		if (l->plen == 0 && nl && n <= l->pmax) {
			lines_store(l, raw, n);
		} else {
			/* Add to the held part; a line that outgrows the cap is stored in pieces. */
			while (n > 0) {
				room = l->pmax - l->plen;
				if (room == 0) {
					lines_flush(l);
					room = l->pmax;
				}
				if (room > n)
					room = n;
				memcpy(l->partial + l->plen, raw, room);
				l->plen += room;
				raw += room;
				len -= room;
				n -= room;
			}
			if (nl) {
				lines_store(l, l->partial, l->plen);
				l->plen = 0;
			}
			if (!nl)
				return;
			raw++;
			len--;
			continue;
		}
		raw += n + 1;
		len -= n + 1;
	}
}

const char *lines_get(const struct lines *l, size_t i)
{
	if (i >= l->n || l->v == NULL)
		return "";
	return l->v[(l->first + i) % l->max];
}
