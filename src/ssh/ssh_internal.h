/*
 * ssh_internal: the session structure shared by the files of src/ssh
 * (session.c drives the loop, hostkey.c checks known_hosts or pinned
 * fingerprints, auth.c authenticates, exec.c runs channels). Not for use outside src/ssh.
 *
 * Contract: every libssh2 call is non-blocking; a step function returns
 * LIBSSH2_ERROR_EAGAIN to wait for the socket, and ssh_session_drive()
 * re-arms the socket events from libssh2_session_block_directions().
 */
#ifndef SD_SSH_INTERNAL_H
#define SD_SSH_INTERNAL_H

#include <libssh2.h>
#include <stddef.h>

#include "ssh/session.h"

struct event;
struct evdns_base;
struct evdns_getaddrinfo_request;
struct evutil_addrinfo;
struct ssh_exec;

enum ssh_state {
	SSH_ST_RESOLVE, SSH_ST_CONNECT, SSH_ST_HANDSHAKE, SSH_ST_HOSTKEY, SSH_ST_ASK,
	SSH_ST_AUTH, SSH_ST_READY, SSH_ST_FAILED
};

struct ssh_zombie {
	LIBSSH2_CHANNEL *ch;
	struct ssh_zombie *next;
};

struct ssh_auth {
	int step;                 /* 0 list, 1 agent, 2 key files, 3 done, 4 memory key */
	char *pem;                /* copy of opts->key_pem, wiped once used */
	size_t pem_len;
	char *methods;            /* copy of the server's list */
	LIBSSH2_AGENT *agent;
	struct libssh2_agent_publickey *ident;
	int agent_tried, agent_rsa;
	char *keys[3];
	int nkeys, key_i, key_pending, key_unusable, rsa_seen;
	char *tried;              /* what was tried, for the message */
};

struct ssh_session {
	struct event_base *base;
	struct evdns_base *dns;
	struct evdns_getaddrinfo_request *dns_req;
	struct evutil_addrinfo *ai, *ai_cur;
	int fd;
	LIBSSH2_SESSION *ssh;
	struct event *rd, *wr, *timer, *kick, *keepalive;
	enum ssh_state state;
	char *host, *user, *key_path, *passphrase, *known_hosts;
	int port;
	enum ssh_hostkey_policy policy;
	int use_agent;
	double timeout_s, keepalive_s;
	void (*on_ready)(struct ssh_session *, int, void *);
	void (*on_ask)(struct ssh_session *, const char *, int, const char *, void *);
	void *arg;
	char *error;
	struct ssh_auth auth;
	struct ssh_exec *execs;
	struct ssh_zombie *zombies;
	int busy, dead;
	int pending_rc;           /* a failure found outside the loop, reported from it */
	char *pending_msg;
	char *offered_fp;         /* the server's host key fingerprint, once known */
	char **pinned;            /* copies of opts->pinned_fps, without '=' padding */
	size_t n_pinned;
};

/* Check the host key (SSH_ST_HOSTKEY); 0 go on to auth, 1 wait for the caller's answer, or ERR_*. */
int ssh_hostkey_check(struct ssh_session *s);
/* Append the session's host key to known_hosts; 0 or ERR_IO. */
int ssh_hostkey_record(struct ssh_session *s);
/* Advance authentication; 0 done, LIBSSH2_ERROR_EAGAIN to wait, or ERR_*. */
int ssh_auth_step(struct ssh_session *s);
/* Keep a copy of a private key held in memory for the login (wiped by ssh_auth_dispose()). */
void ssh_auth_set_key(struct ssh_auth *a, const char *pem, size_t len);
/* Wipe and free the auth state, the in-memory key included. */
void ssh_auth_dispose(struct ssh_auth *a);
/* Run the session's state machine and channels, then re-arm the socket events. */
void ssh_session_drive(struct ssh_session *s);
/* Ask for ssh_session_drive() on the next turn of the loop. */
void ssh_session_kick(struct ssh_session *s);
/* Hand a channel that still needs closing to the session. */
void ssh_session_bury(struct ssh_session *s, LIBSSH2_CHANNEL *ch);
/* Advance every exec of s until none makes progress; nonzero if any still needs the socket. */
int ssh_exec_run_all(struct ssh_session *s);
/* Free execs marked freed; free all when all is set (session teardown). */
void ssh_exec_sweep(struct ssh_session *s, int all);

#endif
