/* spec_check: the value checks of cluster specs (addresses, sizes, public keys), apart from the file walk. */
#include "autoconfig.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "core/error.h"
#include "core/spec.h"
#include "core/spec_check.h"
#include "core/xmalloc.h"

/* 1 if text is "ADDRESS/PREFIX" (IPv4, or IPv6 when v6 is set) with no host bits set; *prefix gets N. */
int spec_valid_cidr(const char *text, int v6, int *prefix)
{
	unsigned char addr[16];
	const char *slash = strchr(text, '/');
	char host[64];
	size_t len;
	int bits, family, n, i;
	char *end;

	if (slash == NULL || (len = (size_t)(slash - text)) == 0 || len >= sizeof host)
		return 0;
	memcpy(host, text, len);
	host[len] = '\0';
	if (inet_pton(AF_INET, host, addr) == 1)
		family = AF_INET;
	else if (v6 && inet_pton(AF_INET6, host, addr) == 1)
		family = AF_INET6;
	else
		return 0;
	bits = family == AF_INET ? 32 : 128;
	if (slash[1] < '0' || slash[1] > '9' || (slash[1] == '0' && slash[2] != '\0'))
		return 0;
	errno = 0;
	n = (int)strtol(slash + 1, &end, 10);
	if (*end != '\0' || errno != 0 || strlen(slash + 1) > 3 || n < 0 || n > bits)
		return 0;
	for (i = n; i < bits; i++)
		if (addr[i / 8] & (0x80 >> (i % 8)))
			return 0;
	if (prefix)
		*prefix = n;
	return 1;
}

int spec_valid_ipv4_cidr(const char *text)
{
	return spec_valid_cidr(text, 0, NULL);
}

long long spec_parse_memory(const char *text)
{
	const char *p = text;
	long long n = 0, mb;

	if (*p < '1' || *p > '9')
		return -1;
	for (; *p >= '0' && *p <= '9'; p++) {
		n = n * 10 + (*p - '0');
		if (n > 100000000)
			return -1;
	}
	if (p[0] == '\0' || p[1] != '\0')
		return -1;
	switch (*p) {
	case 'm': case 'M': mb = n; break;
	case 'g': case 'G': mb = n * 1024; break;
	case 't': case 'T': mb = n * 1024 * 1024; break;
	default: return -1;
	}
	return mb < 128 || mb > 64LL * 1024 * 1024 ? -1 : mb;
}

int spec_ok_ipv4(const char *v)
{
	unsigned char a[4];

	return inet_pton(AF_INET, v, a) == 1;
}

int spec_ok_cidr(const char *v)
{
	return spec_valid_cidr(v, 1, NULL);
}

/* Decode standard base64 (with padding) into out (cap bytes); the length or -1. */
static long spec_base64_decode(const char *in, size_t len, unsigned char *out, size_t cap)
{
	static const char tab[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	unsigned long acc = 0;
	size_t i, n = 0, pad = 0;
	int bits = 0;
	const char *p;

	if (len == 0 || len % 4 != 0)
		return -1;
	for (i = 0; i < len; i++) {
		if (in[i] == '=') {
			if (++pad > 2 || i < len - 2)
				return -1;
			continue;
		}
		if (pad || (p = memchr(tab, in[i], 64)) == NULL)
			return -1;
		acc = (acc << 6) | (unsigned long)(p - tab);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			if (n >= cap)
				return -1;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	return (long)n;
}

/* Check the text of a .pub file (one key line) and keep it in sp. */
int spec_check_public_key(struct spec *sp, const char *text, const char *path, const char *file, int line)
{
	static const char *const types[] = {
		"ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521",
	};
	const char *p = text, *type, *b64, *end;
	unsigned char blob[1024];
	size_t type_len, b64_len, i, n_lines = 0;
	unsigned long tl;
	long got;
	const char *key_line = NULL;

	/* Exactly one key line; blank lines and # comments are allowed around it. */
	while (*p) {
		end = p + strcspn(p, "\n");
		if (end > p && *p != '#' && strspn(p, " \t\r") < (size_t)(end - p)) {
			key_line = p;
			n_lines++;
		}
		p = *end ? end + 1 : end;
	}
	if (n_lines != 1)
		return err_set(ERR_CONFIG, "%s:%d: keypair.public_key %s holds %zu key lines; allowed: exactly "
			       "one \"ssh-ed25519 AAAA... comment\" line", file, line, path, n_lines);
	type = key_line;
	type_len = strcspn(type, " \t\r\n");
	if (strncmp(type, "ssh-rsa", type_len) == 0 && type_len == 7)
		return err_set(ERR_CONFIG, "%s:%d: keypair.public_key %s is an RSA key; libssh2 1.10 cannot "
			       "sign with RSA-SHA2 (rsa-sha2-256/512), which current OpenSSH servers require, "
			       "so sparkdeck could not log in with it; allowed: an ed25519 or ECDSA key "
			       "(ssh-keygen -t ed25519)", file, line, path);
	for (i = 0; i < sizeof types / sizeof types[0]; i++)
		if (strlen(types[i]) == type_len && strncmp(type, types[i], type_len) == 0)
			break;
	if (i == sizeof types / sizeof types[0] || strncmp(type, "-----BEGIN", 10) == 0)
		return err_set(ERR_CONFIG, "%s:%d: keypair.public_key %s is not an OpenSSH public key line "
			       "of a known type; allowed: ssh-ed25519 or ecdsa-sha2-nistp256/384/521 "
			       "(the .pub file from ssh-keygen)", file, line, path);
	b64 = type + type_len;
	b64 += strspn(b64, " \t");
	b64_len = strcspn(b64, " \t\r\n");
	got = spec_base64_decode(b64, b64_len, blob, sizeof blob);
	if (got < 4 || (tl = ((unsigned long)blob[0] << 24) | ((unsigned long)blob[1] << 16) |
			     ((unsigned long)blob[2] << 8) | blob[3]) != type_len ||
	    (size_t)got < 4 + type_len || memcmp(blob + 4, type, type_len) != 0)
		return err_set(ERR_CONFIG, "%s:%d: keypair.public_key %s: the key data is not a valid %.*s "
			       "key; allowed: the .pub file as ssh-keygen wrote it", file, line, path,
			       (int)type_len, type);
	end = key_line + strcspn(key_line, "\r\n");
	free(sp->public_key);
	free(sp->public_key_type);
	sp->public_key = xstrndup(key_line, (size_t)(end - key_line));
	sp->public_key_type = xstrndup(type, type_len);
	return 0;
}

