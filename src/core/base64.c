/* base64: RFC 4648 encoding with padding, and its strict decoding. */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/base64.h"
#include "core/error.h"
#include "core/xmalloc.h"

static const char base64_alphabet[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *base64_encode(const void *p, size_t len)
{
	const unsigned char *in = p;
	char *out = xmalloc((len + 2) / 3 * 4 + 1), *o = out;
	size_t i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned long v = (unsigned long)in[i] << 16 | (unsigned long)in[i + 1] << 8 | in[i + 2];

		*o++ = base64_alphabet[v >> 18 & 63];
		*o++ = base64_alphabet[v >> 12 & 63];
		*o++ = base64_alphabet[v >> 6 & 63];
		*o++ = base64_alphabet[v & 63];
	}
	if (i < len) {
		unsigned long v = (unsigned long)in[i] << 16 | (i + 1 < len ? (unsigned long)in[i + 1] << 8 : 0);

		*o++ = base64_alphabet[v >> 18 & 63];
		*o++ = base64_alphabet[v >> 12 & 63];
		*o++ = i + 1 < len ? base64_alphabet[v >> 6 & 63] : '=';
		*o++ = '=';
	}
	*o = '\0';
	return out;
}

/* The value of one base64 character, or -1. */
static int base64_value(char ch)
{
	const char *at = ch ? strchr(base64_alphabet, ch) : NULL;

	return at ? (int)(at - base64_alphabet) : -1;
}

int base64_decode(unsigned char **out, size_t *len, const char *text)
{
	size_t n = strlen(text), i, k = 0;
	unsigned char *b = NULL;
	int rc = 0;

	*out = NULL;
	*len = 0;
	if (n % 4 != 0) {
		rc = err_set(ERR_PARSE, "base64 text of %zu characters (not a multiple of 4)", n);
		goto out;
	}
	b = xmalloc(n / 4 * 3 + 1);
	for (i = 0; i < n; i += 4) {
		int v[4], j, pad = 0;

		for (j = 0; j < 4; j++) {
			if (text[i + j] == '=' && i + 4 == n && j >= 2 && (j == 3 || text[i + 3] == '=')) {
				v[j] = 0;
				pad++;
			} else if ((v[j] = base64_value(text[i + j])) < 0) {
				rc = err_set(ERR_PARSE, "bad base64 character at offset %zu", i + (size_t)j);
				goto out;
			}
		}
		b[k++] = (unsigned char)(v[0] << 2 | v[1] >> 4);
		if (pad < 2)
			b[k++] = (unsigned char)((v[1] & 15) << 4 | v[2] >> 2);
		if (pad < 1)
			b[k++] = (unsigned char)((v[2] & 3) << 6 | v[3]);
	}
	b[k] = '\0';
	*out = b;
	*len = k;
	b = NULL;
out:
	free(b);
	return rc;
}
