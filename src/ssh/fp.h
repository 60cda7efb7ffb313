/*
 * fp: SHA-256 fingerprints and base64 for SSH host keys, the way OpenSSH
 * prints them ("SHA256:" + unpadded base64 of the digest of the key blob).
 *
 * Contract: pure functions, no I/O. Strings returned are heap-allocated and
 * freed by the caller with free(); decoding returns a heap buffer too.
 */
#ifndef SD_SSH_FP_H
#define SD_SSH_FP_H

#include <stddef.h>

/* Compute the SHA-256 digest of len bytes of p into out. */
void ssh_fp_sha256(const void *p, size_t len, unsigned char out[32]);
/* Encode len bytes as base64, with '=' padding unless pad is 0 (caller frees). */
char *ssh_fp_base64_encode(const unsigned char *p, size_t len, int pad);
/* Decode padded base64 text (stops at the first non-base64 byte); NULL if malformed, else *len set (caller frees). */
unsigned char *ssh_fp_base64_decode(const char *text, size_t *len);
/* The OpenSSH fingerprint "SHA256:..." of a raw key blob (caller frees). */
char *ssh_fp_format_blob(const void *blob, size_t len);
/* The OpenSSH fingerprint of a 32-byte SHA-256 digest (caller frees). */
char *ssh_fp_format_digest(const unsigned char digest[32]);

#endif
