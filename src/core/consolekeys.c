/* consolekeys: host key fingerprints from a console log (see consolekeys.h). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/consolekeys.h"
#include "core/error.h"
#include "core/xmalloc.h"

#define CK_FP_PREFIX "SHA256:"
#define CK_FP_PREFIX_LEN 7
#define CK_FP_B64_LEN 43 /* a 32-byte digest in unpadded base64 */

static const char CK_BEGIN[] = "-----BEGIN SSH HOST KEY FINGERPRINTS-----";
static const char CK_END[] = "-----END SSH HOST KEY FINGERPRINTS-----";

/* Fingerprints of one block. */
struct ck_set {
	char *fp[CONSOLEKEYS_MAX];
	size_t n;
};

/* The value of a base64 digit, or -1. */
static int ck_b64(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

static int ck_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* Where needle (NUL-terminated) starts in the n bytes at p (which may hold NULs), or NULL. */
static const char *ck_find(const char *p, size_t n, const char *needle)
{
	size_t k = strlen(needle), i;

	for (i = 0; k <= n && i <= n - k; i++)
		if (p[i] == needle[0] && memcmp(p + i, needle, k) == 0)
			return p + i;
	return NULL;
}

/* Whether the 43 characters at p end a 32-byte digest: the last digit's two low bits are unused. */
static int ck_digest_ok(const char *p)
{
	size_t i;

	for (i = 0; i < CK_FP_B64_LEN; i++)
		if (ck_b64((unsigned char)p[i]) < 0)
			return 0;
	return (ck_b64((unsigned char)p[CK_FP_B64_LEN - 1]) & 3) == 0;
}

/* The first well-formed fingerprint token of a line, or NULL. */
static const char *ck_line_fp(const char *line, size_t n)
{
	const char *end = line + n, *p = line, *d;

	while ((p = ck_find(p, (size_t)(end - p), CK_FP_PREFIX)) != NULL) {
		d = p + CK_FP_PREFIX_LEN;
		if ((p == line || ck_blank(p[-1])) && end - d >= CK_FP_B64_LEN && ck_digest_ok(d) &&
		    (d + CK_FP_B64_LEN == end || ck_blank(d[CK_FP_B64_LEN])))
			return p;
		p += CK_FP_PREFIX_LEN;
	}
	return NULL;
}

static void ck_clear(struct ck_set *s)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		free(s->fp[i]);
	s->n = 0;
}

/* Add the fingerprint at fp to s unless it is there already or s is full. */
static void ck_add(struct ck_set *s, const char *fp)
{
	size_t len = CK_FP_PREFIX_LEN + CK_FP_B64_LEN, i;

	if (s->n == CONSOLEKEYS_MAX)
		return;
	for (i = 0; i < s->n; i++)
		if (memcmp(s->fp[i], fp, len) == 0)
			return;
	s->fp[s->n++] = xstrndup(fp, len);
}

/* Move the fingerprints of from into to, emptying from. */
static void ck_take(struct ck_set *to, struct ck_set *from)
{
	ck_clear(to);
	*to = *from;
	from->n = 0;
}

int consolekeys_parse(char ***fps, size_t *n, const char *text, size_t len)
{
	struct ck_set cur = { .n = 0 }, best = { .n = 0 };
	size_t at, eol, ll;
	const char *p, *fp;
	int open = 0, rc = 0;

	if (!fps || !n || (!text && len > 0))
		return err_set(ERR_INVALID, "consolekeys: no output or no text");
	*fps = NULL;
	*n = 0;
	for (at = 0; at < len; at = eol + 1) {
		for (eol = at; eol < len && text[eol] != '\n' && text[eol] != '\r'; eol++)
			;
		p = text + at;
		ll = eol - at;
		if (ck_find(p, ll, CK_BEGIN)) {
			ck_clear(&cur);
			open = 1;
		} else if (ck_find(p, ll, CK_END)) {
			if (open)
				ck_take(&best, &cur);
			open = 0;
		} else if (open && (fp = ck_line_fp(p, ll)) != NULL) {
			ck_add(&cur, fp);
		}
	}
	ck_clear(&cur);
	if (best.n == 0)
		goto out;
	*fps = xcalloc(best.n, sizeof(**fps));
	memcpy(*fps, best.fp, best.n * sizeof(**fps));
	*n = best.n;
out:
	return rc;
}

void consolekeys_free(char **fps, size_t n)
{
	size_t i;

	if (!fps)
		return;
	for (i = 0; i < n; i++)
		free(fps[i]);
	free(fps);
}
