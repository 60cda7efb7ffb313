/* auth: public key login, a key in memory, or ssh-agent first then key files (see session.h). */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "ssh/fp.h"
#include "ssh/ssh_internal.h"

#define AUTH_KEY_MAX (64 * 1024)

enum { AUTH_LIST, AUTH_AGENT, AUTH_FILES, AUTH_DONE, AUTH_MEMORY };

static const char RSA_HELP[] =
    "libssh2 1.10 (Debian 12) cannot sign with RSA-SHA2 (rsa-sha2-256/512), which current "
    "OpenSSH servers require, so RSA keys cannot log in: make an ed25519 key "
    "(ssh-keygen -t ed25519) or an ECDSA key, add its .pub to the server's authorized_keys "
    "(or the cloud keypair), and use it";

/* Append "what" to the list of things tried, for the final message. */
static void auth_note(struct ssh_auth *a, const char *what)
{
	char *t = a->tried ? xasprintf("%s, %s", a->tried, what) : xstrdup(what);

	free(a->tried);
	a->tried = t;
}

/* Read a big-endian uint32 length and skip that string; NULL when out of bounds. */
static const unsigned char *auth_skip_string(const unsigned char *p, const unsigned char *end,
					      const unsigned char **str, uint32_t *len)
{
	uint32_t n;

	if (end - p < 4)
		return NULL;
	n = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
	if ((uint32_t)(end - p - 4) < n)
		return NULL;
	if (str)
		*str = p + 4;
	if (len)
		*len = n;
	return p + 4 + n;
}

/* Whether an OpenSSH-format private key's (unencrypted) public part is ssh-rsa. */
static int auth_openssh_is_rsa(const char *text)
{
	const char *begin = strstr(text, "-----BEGIN OPENSSH PRIVATE KEY-----");
	const unsigned char *p, *end, *pub, *type;
	unsigned char *raw;
	uint32_t publen, typelen;
	struct buf b;
	size_t len;
	int rsa = 0;

	buf_init(&b, AUTH_KEY_MAX);
	for (begin = strchr(begin, '\n'); begin && *begin && *begin != '-'; begin++)
		if (*begin != '\n' && *begin != '\r' && buf_append(&b, begin, 1) < 0)
			break;
	raw = ssh_fp_base64_decode(b.data ? b.data : "", &len);
	buf_dispose(&b);
	if (!raw)
		return 0;
	p = raw;
	end = raw + len;
	if (len > 15 && memcmp(p, "openssh-key-v1", 15) == 0) {
		p += 15;
		p = auth_skip_string(p, end, NULL, NULL);            /* cipher */
		p = p ? auth_skip_string(p, end, NULL, NULL) : NULL; /* kdf */
		p = p ? auth_skip_string(p, end, NULL, NULL) : NULL; /* kdf options */
		if (p && end - p >= 4)
			p += 4;                                      /* number of keys */
		p = p ? auth_skip_string(p, end, &pub, &publen) : NULL;
		if (p && auth_skip_string(pub, pub + publen, &type, &typelen) && typelen == 7 &&
		    memcmp(type, "ssh-rsa", 7) == 0)
			rsa = 1;
	}
	free(raw);
	return rsa;
}

/* 1 if the private key file holds an RSA key, 0 if not, ERR_IO if unreadable. */
static int auth_key_is_rsa(const char *path)
{
	char *text = xmalloc(AUTH_KEY_MAX + 1);
	FILE *f = fopen(path, "r");
	size_t n;
	int rc = 0;

	if (!f) {
		rc = err_set(ERR_IO, "ssh: cannot read the key file %s: %s", path, strerror(errno));
		goto out;
	}
	n = fread(text, 1, AUTH_KEY_MAX, f);
	text[n] = '\0';
	fclose(f);
	if (strstr(text, "-----BEGIN RSA PRIVATE KEY-----") ||
	    (strstr(text, "-----BEGIN OPENSSH PRIVATE KEY-----") && auth_openssh_is_rsa(text)))
		rc = 1;
out:
	free(text);
	return rc;
}

/* Fill the list of key files: the one given, else the default ed25519 and ECDSA keys. */
static void auth_pick_keys(struct ssh_session *s)
{
	static const char *const names[] = { "id_ed25519", "id_ecdsa" };
	const char *home = getenv("HOME");
	char *path;
	size_t i;

	if (s->key_path) {
		s->auth.keys[s->auth.nkeys++] = xstrdup(s->key_path);
		return;
	}
	for (i = 0; home && i < sizeof(names) / sizeof(names[0]); i++) {
		path = xasprintf("%s/.ssh/%s", home, names[i]);
		if (access(path, R_OK) == 0)
			s->auth.keys[s->auth.nkeys++] = path;
		else
			free(path);
	}
	if (s->auth.nkeys == 0 && home) {
		path = xasprintf("%s/.ssh/id_rsa", home);
		if (access(path, R_OK) == 0)
			s->auth.rsa_seen = 1;
		free(path);
	}
}

static int auth_step_list(struct ssh_session *s)
{
	struct ssh_auth *a = &s->auth;
	char *list = libssh2_userauth_list(s->ssh, s->user, (unsigned)strlen(s->user));

	if (!list) {
		if (libssh2_userauth_authenticated(s->ssh))
			return 0;
		if (libssh2_session_last_errno(s->ssh) == LIBSSH2_ERROR_EAGAIN)
			return LIBSSH2_ERROR_EAGAIN;
		return err_set(ERR_AUTH, "ssh %s@%s:%d: the server closed the login", s->user,
		    s->host, s->port);
	}
	a->methods = xstrdup(list);
	if (!strstr(a->methods, "publickey"))
		return err_set(ERR_AUTH, "ssh %s@%s:%d: the server does not accept keys (it offers: "
		    "%s)", s->user, s->host, s->port, a->methods);
	if (a->pem) {
		a->step = AUTH_MEMORY;
		return 1;
	}
	auth_pick_keys(s);
	a->step = s->use_agent && getenv("SSH_AUTH_SOCK") ? AUTH_AGENT : AUTH_FILES;
	return 1;
}

/* Wipe and forget the in-memory key. */
static void auth_forget_key(struct ssh_auth *a)
{
	if (a->pem)
		OPENSSL_cleanse(a->pem, a->pem_len);
	free(a->pem);
	a->pem = NULL;
	a->pem_len = 0;
}

/* Log in with the key held in memory, and only with it; 0, EAGAIN or ERR_AUTH. */
static int auth_step_memory(struct ssh_session *s)
{
	struct ssh_auth *a = &s->auth;
	char *msg = NULL;
	int rc;

	if (strstr(a->pem, "-----BEGIN RSA PRIVATE KEY-----") ||
	    (strstr(a->pem, "-----BEGIN OPENSSH PRIVATE KEY-----") && auth_openssh_is_rsa(a->pem))) {
		auth_forget_key(a);
		return err_set(ERR_AUTH, "ssh %s@%s:%d: the key given in memory is RSA; %s", s->user,
		    s->host, s->port, RSA_HELP);
	}
	rc = libssh2_userauth_publickey_frommemory(s->ssh, s->user, strlen(s->user), NULL, 0,
	    a->pem, a->pem_len, s->passphrase);
	if (rc == LIBSSH2_ERROR_EAGAIN)
		return rc;
	auth_forget_key(a);
	a->step = AUTH_DONE;
	if (rc == 0)
		return 0;
	libssh2_session_last_error(s->ssh, &msg, NULL, 0);
	if (rc == LIBSSH2_ERROR_AUTHENTICATION_FAILED || rc == LIBSSH2_ERROR_PUBLICKEY_UNVERIFIED)
		return err_set(ERR_AUTH, "ssh %s@%s:%d: the server refused the key given in memory "
		    "(%s); its public line must be in the server's authorized_keys (the cloud keypair "
		    "the server was booted with)", s->user, s->host, s->port, msg ? msg : "refused");
	return err_set(ERR_AUTH, "ssh %s@%s:%d: the key given in memory cannot be used (%s); it "
	    "must be an ed25519 or ECDSA private key in PEM (PKCS#8) or OpenSSH format%s", s->user,
	    s->host, s->port, msg ? msg : "unknown error",
	    s->passphrase ? "" : ", or its passphrase is missing");
}

/* Try each agent identity; 0 logged in, EAGAIN, or 1 to move on to key files. */
static int auth_step_agent(struct ssh_session *s)
{
	struct ssh_auth *a = &s->auth;
	int rc;

	if (!a->agent) {
		a->agent = libssh2_agent_init(s->ssh);
		if (!a->agent || libssh2_agent_connect(a->agent) != 0 ||
		    libssh2_agent_list_identities(a->agent) != 0) {
			auth_note(a, "ssh-agent (not reachable)");
			goto next;
		}
	}
	for (;;) {
		if (!a->ident || a->agent_tried) {
			a->agent_tried = 0;
			rc = libssh2_agent_get_identity(a->agent, &a->ident, a->ident);
			if (rc != 0)
				goto next;
			if (a->ident->blob_len > 11 && memcmp(a->ident->blob + 4, "ssh-rsa", 7) == 0) {
				a->agent_rsa++;
				a->agent_tried = 1;
				continue;
			}
		}
		rc = libssh2_agent_userauth(a->agent, s->user, a->ident);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return rc;
		if (rc == 0)
			return 0;
		a->agent_tried = 1;
		auth_note(a, "an ssh-agent key");
	}
next:
	a->step = AUTH_FILES;
	return 1;
}

/* Try each key file; 0 logged in, EAGAIN, 1 when all were refused, or ERR_IO. */
static int auth_step_files(struct ssh_session *s)
{
	struct ssh_auth *a = &s->auth;
	int rc;

	for (; a->key_i < a->nkeys; a->key_i++) {
		if (!a->key_pending) {
			rc = auth_key_is_rsa(a->keys[a->key_i]);
			if (rc < 0)
				return rc;
			if (rc == 1) {
				a->rsa_seen = 1;
				auth_note(a, a->keys[a->key_i]);
				continue;
			}
		}
		a->key_pending = 1;
		rc = libssh2_userauth_publickey_fromfile_ex(s->ssh, s->user, (unsigned)strlen(s->user),
		    NULL, a->keys[a->key_i], s->passphrase);
		if (rc == LIBSSH2_ERROR_EAGAIN)
			return rc;
		a->key_pending = 0;
		if (rc == 0)
			return 0;
		auth_note(a, a->keys[a->key_i]);
		if (rc == LIBSSH2_ERROR_FILE)
			a->key_unusable = 1;
	}
	a->step = AUTH_DONE;
	return 1;
}

/* Every way failed: say why, RSA first because it needs a new key. */
static int auth_refused(struct ssh_session *s)
{
	struct ssh_auth *a = &s->auth;

	if (a->rsa_seen || a->agent_rsa)
		return err_set(ERR_AUTH, "ssh %s@%s:%d: no usable key: %s; %s", s->user, s->host,
		    s->port, a->rsa_seen ? "the key file is RSA" : "the ssh-agent holds only RSA keys",
		    RSA_HELP);
	if (!a->tried)
		return err_set(ERR_AUTH, "ssh %s@%s:%d: no key to log in with: start ssh-agent with a "
		    "key, or make ~/.ssh/id_ed25519 (ssh-keygen -t ed25519)", s->user, s->host, s->port);
	return err_set(ERR_AUTH, "ssh %s@%s:%d: the server refused every key (tried: %s)%s; add the "
	    ".pub of one of them to the server's authorized_keys", s->user, s->host, s->port,
	    a->tried, a->key_unusable ? " and a key file could not be loaded (passphrase?)" : "");
}

int ssh_auth_step(struct ssh_session *s)
{
	struct ssh_auth *a = &s->auth;
	int rc = 1;

	while (rc == 1) {
		switch (a->step) {
		case AUTH_LIST: rc = auth_step_list(s); break;
		case AUTH_AGENT: rc = auth_step_agent(s); break;
		case AUTH_FILES: rc = auth_step_files(s); break;
		case AUTH_MEMORY: rc = auth_step_memory(s); break;
		default: rc = auth_refused(s); break;
		}
	}
	return rc;
}

void ssh_auth_set_key(struct ssh_auth *a, const char *pem, size_t len)
{
	auth_forget_key(a);
	a->pem = xmalloc(len + 1);
	memcpy(a->pem, pem, len);
	a->pem[len] = '\0';
	a->pem_len = len;
}

void ssh_auth_dispose(struct ssh_auth *a)
{
	int i;

	auth_forget_key(a);
	if (a->agent) {
		libssh2_agent_disconnect(a->agent);
		libssh2_agent_free(a->agent);
	}
	for (i = 0; i < a->nkeys; i++)
		free(a->keys[i]);
	free(a->methods);
	free(a->tried);
	memset(a, 0, sizeof(*a));
}
