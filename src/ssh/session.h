/*
 * session: one SSH connection on the event loop (libssh2, non-blocking):
 * resolve and connect with a deadline, handshake, check the host key against
 * known_hosts (or against pinned fingerprints), authenticate with a key held
 * in memory, or with ssh-agent then key files.
 *
 * Contract:
 * - ssh_session_open() starts the work and returns at once; opts->on_ready is
 *   called exactly once later from the loop with 0 (ready for ssh_exec_start())
 *   or a negative ERR_* code; the message is then in ssh_session_error() (and
 *   err_last() during the callback). Nothing is drawn; messages never hold a
 *   secret.
 * - Host keys: known_hosts lines (hashed or plain, "[host]:port" for ports other
 *   than 22) are checked with libssh2's knownhost API. A changed key is always
 *   refused (ERR_AUTH) with both fingerprints and the file:line to remove. An
 *   unknown key is refused under SSH_HOSTKEY_YES, appended to the file under
 *   SSH_HOSTKEY_ACCEPT_NEW, and under SSH_HOSTKEY_ASK passed to opts->on_ask
 *   with its "SHA256:..." fingerprint; the caller answers later with
 *   ssh_session_answer_hostkey() (the deadline is paused meanwhile).
 * - Pinned host keys: when opts->n_pinned > 0 the server's key must have one
 *   of the "SHA256:..." fingerprints in opts->pinned_fps (those a server
 *   printed on its console at first boot: consolekeys_parse()'s char ** goes
 *   in as (const char *const *)fps, C having no implicit conversion); policy and
 *   on_ask are then ignored and known_hosts is neither read nor written. Any
 *   other key is refused with ERR_AUTH: "HOST KEY MISMATCH, refusing to
 *   connect: the server offers SHA256:x but its console log reported other
 *   keys (SHA256:y, ...); someone may be intercepting the connection (man in
 *   the middle), or the address now belongs to another server". A pin that is
 *   not "SHA256:" + 43 base64 characters, or more than 64 pins, make
 *   ssh_session_open() fail with ERR_INVALID.
 * - Auth: with opts->key_pem, that private key from memory and nothing else
 *   (no agent, no key file): passed to libssh2_userauth_publickey_frommemory(),
 *   which in libssh2 1.10 with OpenSSL takes an unencrypted PKCS#8 ed25519 PEM
 *   ("BEGIN PRIVATE KEY", as ssh/key.h makes) and OpenSSH's own format; it is
 *   never written to a file. The session keeps a copy and wipes it
 *   (OPENSSL_cleanse) once the login is over, or when freed. Otherwise
 *   ssh-agent ($SSH_AUTH_SOCK) first when opts->use_agent, then
 *   opts->key_path, else ~/.ssh/id_ed25519 and ~/.ssh/id_ecdsa. RSA keys are
 *   refused with an explanation (libssh2 1.10 cannot sign with RSA-SHA2).
 * - Strings, pins and the key in opts are copied (the caller may wipe and
 *   free its own key right after ssh_session_open()). The session is owned
 *   by the caller and freed with ssh_session_free(), which may be called from
 *   any callback of this layer (it is then deferred until the callback
 *   returns). Freeing a session frees its exec channels without calling
 *   their callbacks.
 */
#ifndef SD_SSH_SESSION_H
#define SD_SSH_SESSION_H

#include <stddef.h>

struct event_base;
struct ssh_session;

enum ssh_hostkey_policy {
	SSH_HOSTKEY_ASK,        /* ask the caller about unknown keys */
	SSH_HOSTKEY_ACCEPT_NEW, /* add unknown keys to known_hosts */
	SSH_HOSTKEY_YES         /* refuse unknown keys */
};

struct ssh_session_opts {
	const char *host;        /* name or address */
	int port;                /* 0 means 22 */
	const char *user;        /* required */
	const char *key_path;    /* private key; NULL: ~/.ssh/id_ed25519, id_ecdsa */
	const char *passphrase;  /* for key_path or key_pem, or NULL */
	const char *key_pem;     /* private key in memory; used instead of agent and files */
	size_t key_pem_len;      /* its length; 0: strlen(key_pem) */
	const char *const *pinned_fps; /* "SHA256:..." host key fingerprints, or NULL */
	size_t n_pinned;         /* > 0: only these host keys; known_hosts unused */
	const char *known_hosts; /* NULL: ~/.ssh/known_hosts */
	enum ssh_hostkey_policy policy; /* ignored when n_pinned > 0 */
	int use_agent;           /* try $SSH_AUTH_SOCK first */
	double timeout_s;        /* deadline for connect to authenticated; 0: 30 s */
	double keepalive_s;      /* keepalive interval once ready; 0: none */
	/* Called once: 0 when authenticated, else a negative ERR_* code. */
	void (*on_ready)(struct ssh_session *s, int rc, void *arg);
	/* SSH_HOSTKEY_ASK only: an unknown key; answer with ssh_session_answer_hostkey(). */
	void (*on_ask)(struct ssh_session *s, const char *host, int port,
	    const char *fingerprint, void *arg);
	void *arg;
};

/* Start connecting to opts->host on base; 0 and *out set, or a negative ERR_* code. */
int ssh_session_open(struct ssh_session **out, struct event_base *base,
    const struct ssh_session_opts *opts);
/* Answer an on_ask question: accept nonzero trusts the key and records it in known_hosts. */
void ssh_session_answer_hostkey(struct ssh_session *s, int accept);
/* The message of the failure passed to on_ready, or "" if none. */
const char *ssh_session_error(const struct ssh_session *s);
/* Whether the session is authenticated and usable for exec channels. */
int ssh_session_is_ready(const struct ssh_session *s);
/* Disconnect and free the session and its channels; NULL is ignored. */
void ssh_session_free(struct ssh_session *s);

#endif
