/*
 * consolekeys: the SSH host key fingerprints a server printed on its console
 * at first boot (cloud-init's keys-to-console), to pin its host key before the
 * first SSH connection:
 *
 *   -----BEGIN SSH HOST KEY FINGERPRINTS-----
 *   256 SHA256:Xy3...43 base64 chars... root@builder (ED25519)
 *   -----END SSH HOST KEY FINGERPRINTS-----
 *
 * Contract:
 * - consolekeys_parse() is pure (no I/O, no crypto): it reads len bytes of a
 *   console log (CR, LF or CRLF line ends, NUL bytes, invalid UTF-8 and
 *   terminal junk allowed) and finds complete BEGIN ... END blocks; each line
 *   may carry a prefix before the marker or the fingerprint ("ec2: ",
 *   "[   12.3] ", "<14>Jan  1 00:00:00 ec2: ", ...).
 * - Inside a block, a fingerprint is a token "SHA256:" followed by exactly
 *   43 base64 characters (no '=' padding: what ssh-keygen -l prints), after
 *   the start of the line or a blank and before a blank or the end of the
 *   line; the first one of each line counts. MD5 and hex fingerprints are
 *   ignored, so are duplicates and anything past the 16th of a block.
 * - The last complete block wins (a server that rebooted printed it again);
 *   a BEGIN without END (the log was cut, or the server is still booting) is
 *   ignored, and so is an END without BEGIN; a second BEGIN restarts the block.
 * - Returns 0 with *fps a heap array of *n heap strings ("SHA256:...") that
 *   the caller frees with consolekeys_free(); *n is 0 and *fps NULL when no
 *   complete block (or none with a fingerprint) was found. ERR_INVALID when
 *   an argument is NULL.
 */
#ifndef SD_CORE_CONSOLEKEYS_H
#define SD_CORE_CONSOLEKEYS_H

#include <stddef.h>

/* Most fingerprints taken from one block. */
#define CONSOLEKEYS_MAX 16

/* Find the host key fingerprints of the last complete block in len bytes of text. */
int consolekeys_parse(char ***fps, size_t *n, const char *text, size_t len);
/* Free the n strings of fps and the array; NULL is ignored. */
void consolekeys_free(char **fps, size_t n);

#endif
