/* fp: OpenSSH-style fingerprints, with OpenSSL's SHA-256 and base64 (libssh2 already links it). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/sha.h>

#include "core/xmalloc.h"
#include "ssh/fp.h"

static const char fp_b64_chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

void ssh_fp_sha256(const void *p, size_t len, unsigned char out[32])
{
	SHA256(p, len, out);
}

char *ssh_fp_base64_encode(const unsigned char *p, size_t len, int pad)
{
	char *out = xmalloc((len + 2) / 3 * 4 + 1);
	int n = EVP_EncodeBlock((unsigned char *)out, p, (int)len);

	while (!pad && n > 0 && out[n - 1] == '=')
		n--;
	out[n] = '\0';
	return out;
}

unsigned char *ssh_fp_base64_decode(const char *text, size_t *len)
{
	size_t n = strspn(text, fp_b64_chars), pad = 0;
	unsigned char *out;
	int got;

	/* EVP_DecodeBlock wants whole, padded quanta; OpenSSH's key fields always are. */
	if (n == 0 || n % 4 != 0 || n > 1 << 20)
		return NULL;
	while (pad < 2 && text[n - 1 - pad] == '=')
		pad++;
	if (memchr(text, '=', n - pad) != NULL)
		return NULL;
	out = xmalloc(n / 4 * 3 + 1);
	got = EVP_DecodeBlock(out, (const unsigned char *)text, (int)n);
	if (got < 0 || (size_t)got < pad) {
		free(out);
		return NULL;
	}
	*len = (size_t)got - pad;
	return out;
}

char *ssh_fp_format_digest(const unsigned char digest[32])
{
	char *b = ssh_fp_base64_encode(digest, 32, 0);
	char *s = xasprintf("SHA256:%s", b);

	free(b);
	return s;
}

char *ssh_fp_format_blob(const void *blob, size_t len)
{
	unsigned char d[32];

	ssh_fp_sha256(blob, len, d);
	return ssh_fp_format_digest(d);
}
