/*
 * base64: the standard alphabet of RFC 4648 with '=' padding (Nova's
 * user_data), so core needs no crypto library for it.
 *
 * Contract: base64_encode() returns a new NUL-terminated string the caller
 * frees. base64_decode() returns 0 and a new buffer (NUL-terminated for
 * convenience, *len excludes the NUL) or ERR_PARSE for a character outside
 * the alphabet, a bad length or misplaced padding; nothing is left
 * allocated on error.
 */
#ifndef SD_CORE_BASE64_H
#define SD_CORE_BASE64_H

#include <stddef.h>

/* Encode len bytes of p as padded base64 (new string). */
char *base64_encode(const void *p, size_t len);
/* Decode padded base64 text into a new buffer *out of *len bytes. */
int base64_decode(unsigned char **out, size_t *len, const char *text);

#endif
