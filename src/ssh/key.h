/*
 * key: a throwaway ed25519 key pair made in memory, for a server that only
 * lives a few minutes (an image builder): its public line goes to Nova as the
 * keypair, its private key to ssh_session_opts.key_pem.
 *
 * Contract:
 * - struct ssh_keypair is caller-owned: ssh_keypair_generate() fills it,
 *   ssh_keypair_dispose() wipes the private key (OPENSSL_cleanse) and frees
 *   every field, leaving the struct zeroed. Disposing a zeroed struct (or one
 *   whose generation failed) is allowed.
 * - The private key never touches the disk: private_pem is an unencrypted
 *   PKCS#8 PEM ("-----BEGIN PRIVATE KEY-----"), which libssh2 1.10 (OpenSSL
 *   backend) accepts from memory with libssh2_userauth_publickey_frommemory().
 * - public_line is "ssh-ed25519 AAAA... COMMENT" (one line, no newline);
 *   fingerprint is "SHA256:..." exactly as `ssh-keygen -lf` prints it.
 * - Returns 0, ERR_INVALID for a comment with control characters, spaces at
 *   either end or over 200 bytes, or ERR_AUTH when OpenSSL cannot make the key
 *   (message in err_last()).
 */
#ifndef SD_SSH_KEY_H
#define SD_SSH_KEY_H

#include <stddef.h>

struct ssh_keypair {
	char *private_pem;  /* PKCS#8 PEM, NUL-terminated; secret */
	size_t private_len; /* strlen(private_pem) */
	char *public_line;  /* "ssh-ed25519 AAAA... COMMENT", for Nova's keypair */
	char *fingerprint;  /* "SHA256:...", like ssh-keygen -lf */
};

/* Make a new ed25519 key pair in memory with comment (NULL: "sparkdeck") into out. */
int ssh_keypair_generate(struct ssh_keypair *out, const char *comment);
/* Wipe the private key, free every field of k and zero it; NULL is ignored. */
void ssh_keypair_dispose(struct ssh_keypair *k);

#endif
