/* session: connect, handshake, host key, auth on the event loop (see session.h). */
#include "ssh/session.h"

#include <errno.h>
#include <event2/dns.h>
#include <event2/event.h>
#include <event2/util.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "ssh/ssh_internal.h"

#define SESSION_PINS_MAX 64

static int session_try_connect(struct ssh_session *s);

static void session_tv(struct timeval *tv, double seconds)
{
	tv->tv_sec = (time_t)seconds;
	tv->tv_usec = (suseconds_t)((seconds - (double)tv->tv_sec) * 1e6);
}

/* Record the failure, stop the socket events and tell the caller. */
static void session_fail(struct ssh_session *s, int code, const char *msg)
{
	if (s->state == SSH_ST_FAILED)
		return;
	if (s->state == SSH_ST_READY) {
		/* A ready session lost: fail its channels, on_ready was already called. */
		s->state = SSH_ST_FAILED;
		free(s->error);
		s->error = xstrdup(msg);
		return;
	}
	s->state = SSH_ST_FAILED;
	free(s->error);
	s->error = xstrdup(msg);
	event_del(s->timer);
	if (s->rd)
		event_del(s->rd);
	if (s->wr)
		event_del(s->wr);
	err_set(code, "%s", msg);
	s->on_ready(s, code, s->arg);
}

/* Fail with the message already in err_last(). */
static void session_fail_last(struct ssh_session *s, int code)
{
	char *msg = xstrdup(err_last());

	session_fail(s, code, msg);
	free(msg);
}

static void session_io_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ssh_session_drive(arg);
}

static void session_timeout_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ssh_session *s = arg;

	(void)fd;
	(void)what;
	s->busy++;
	err_set(ERR_TIMEOUT, "ssh %s:%d: no connection within %g s (connect, handshake and login); "
	    "check the address, the port and the security group", s->host, s->port, s->timeout_s);
	session_fail_last(s, ERR_TIMEOUT);
	s->busy--;
	if (s->dead)
		ssh_session_free(s);
}

static void session_keepalive_cb(evutil_socket_t fd, short what, void *arg)
{
	struct ssh_session *s = arg;
	int next = 0;

	(void)fd;
	(void)what;
	if (s->state == SSH_ST_READY)
		libssh2_keepalive_send(s->ssh, &next);
	ssh_session_drive(s);
}

static void session_kick_cb(evutil_socket_t fd, short what, void *arg)
{
	(void)fd;
	(void)what;
	ssh_session_drive(arg);
}

void ssh_session_kick(struct ssh_session *s)
{
	event_active(s->kick, EV_TIMEOUT, 0);
}

static void session_dns_cb(int result, struct evutil_addrinfo *res, void *arg)
{
	struct ssh_session *s = arg;

	if (result == EVUTIL_EAI_CANCEL)
		return;
	s->dns_req = NULL;
	if (result != 0) {
		err_set(ERR_NET, "ssh: cannot resolve %s: %s", s->host, evutil_gai_strerror(result));
		s->pending_rc = ERR_NET;
		s->pending_msg = xstrdup(err_last());
	} else {
		s->ai = s->ai_cur = res;
		s->state = SSH_ST_CONNECT;
	}
	/* The answer may come from inside ssh_session_open(): go on from the loop. */
	ssh_session_kick(s);
}

/* Start a non-blocking connect to s->ai_cur; EAGAIN, or ERR_NET when no address is left. */
static int session_try_connect(struct ssh_session *s)
{
	int fl;

	err_set(ERR_NET, "ssh: no address for %s", s->host);
	for (; s->ai_cur; s->ai_cur = s->ai_cur->ai_next) {
		if (s->fd >= 0) {
			event_free(s->rd);
			event_free(s->wr);
			s->rd = s->wr = NULL;
			close(s->fd);
		}
		s->fd = socket(s->ai_cur->ai_family, s->ai_cur->ai_socktype | SOCK_CLOEXEC,
		    s->ai_cur->ai_protocol);
		if (s->fd < 0)
			continue;
		fl = fcntl(s->fd, F_GETFL);
		fcntl(s->fd, F_SETFL, fl | O_NONBLOCK);
		s->rd = event_new(s->base, s->fd, EV_READ, session_io_cb, s);
		s->wr = event_new(s->base, s->fd, EV_WRITE, session_io_cb, s);
		if (connect(s->fd, s->ai_cur->ai_addr, s->ai_cur->ai_addrlen) == 0 ||
		    errno == EINPROGRESS)
			return LIBSSH2_ERROR_EAGAIN;
		err_set(ERR_NET, "ssh: cannot connect to %s:%d: %s", s->host, s->port, strerror(errno));
	}
	return ERR_NET;
}

/* The connect finished (or failed): move to the handshake or the next address. */
static int session_step_connect(struct ssh_session *s)
{
	int soerr = 0;
	socklen_t len = sizeof(soerr);

	if (getsockopt(s->fd, SOL_SOCKET, SO_ERROR, &soerr, &len) < 0)
		soerr = errno;
	if (soerr == EINPROGRESS)
		return LIBSSH2_ERROR_EAGAIN;
	if (soerr != 0) {
		s->ai_cur = s->ai_cur->ai_next;
		if (!s->ai_cur)
			return err_set(ERR_NET, "ssh: cannot connect to %s:%d: %s", s->host, s->port,
			    strerror(soerr));
		return session_try_connect(s);
	}
	s->ssh = libssh2_session_init_ex(NULL, NULL, NULL, s);
	libssh2_session_set_blocking(s->ssh, 0);
	s->state = SSH_ST_HANDSHAKE;
	return 0;
}

static int session_step_handshake(struct ssh_session *s)
{
	char *msg = NULL;
	int rc = libssh2_session_handshake(s->ssh, s->fd);

	if (rc == LIBSSH2_ERROR_EAGAIN)
		return rc;
	if (rc != 0) {
		libssh2_session_last_error(s->ssh, &msg, NULL, 0);
		return err_set(ERR_NET, "ssh %s:%d: handshake failed: %s", s->host, s->port,
		    msg ? msg : "unknown error");
	}
	s->state = SSH_ST_HOSTKEY;
	return 0;
}

/* Run the setup state machine until it waits, fails or is ready. */
static void session_setup(struct ssh_session *s)
{
	struct timeval tv;
	int rc = 0;

	while (rc == 0) {
		switch (s->state) {
		case SSH_ST_CONNECT:
			rc = s->fd < 0 ? session_try_connect(s) : session_step_connect(s);
			break;
		case SSH_ST_HANDSHAKE:
			rc = session_step_handshake(s);
			break;
		case SSH_ST_HOSTKEY:
			rc = ssh_hostkey_check(s);
			if (rc == 1) {
				s->state = SSH_ST_ASK;
				event_del(s->timer);
				s->on_ask(s, s->host, s->port, s->offered_fp, s->arg);
				return;
			}
			if (rc == 0)
				s->state = SSH_ST_AUTH;
			break;
		case SSH_ST_AUTH:
			rc = ssh_auth_step(s);
			if (rc == 0) {
				s->state = SSH_ST_READY;
				event_del(s->timer);
				if (s->keepalive_s > 0) {
					libssh2_keepalive_config(s->ssh, 1, (unsigned)(s->keepalive_s + 0.5));
					session_tv(&tv, s->keepalive_s);
					event_add(s->keepalive, &tv);
				}
				err_clear();
				s->on_ready(s, 0, s->arg);
				return;
			}
			break;
		default:
			return;
		}
	}
	if (rc != LIBSSH2_ERROR_EAGAIN && rc < 0)
		session_fail_last(s, rc);
}

/* Watch the socket in the directions libssh2 is blocked on (or for the connect). */
static void session_rearm(struct ssh_session *s, int active)
{
	int dir;

	if (s->fd < 0 || !s->rd)
		return;
	event_del(s->rd);
	event_del(s->wr);
	if (s->state == SSH_ST_CONNECT) {
		event_add(s->wr, NULL);
		return;
	}
	if (!s->ssh || s->state == SSH_ST_FAILED || s->state == SSH_ST_ASK || !active)
		return;
	dir = libssh2_session_block_directions(s->ssh);
	if (dir & LIBSSH2_SESSION_BLOCK_OUTBOUND)
		event_add(s->wr, NULL);
	if ((dir & LIBSSH2_SESSION_BLOCK_INBOUND) || !(dir & LIBSSH2_SESSION_BLOCK_OUTBOUND))
		event_add(s->rd, NULL);
}

void ssh_session_drive(struct ssh_session *s)
{
	struct ssh_zombie **z, *dead;
	int active = 1;

	s->busy++;
	if (s->pending_rc) {
		err_set(s->pending_rc, "%s", s->pending_msg);
		session_fail_last(s, s->pending_rc);
		s->pending_rc = 0;
	}
	if (s->state < SSH_ST_READY && s->state != SSH_ST_ASK && s->state != SSH_ST_RESOLVE)
		session_setup(s);
	if (s->state == SSH_ST_READY && !s->dead) {
		active = ssh_exec_run_all(s);
		for (z = &s->zombies; *z;) {
			if (libssh2_channel_free((*z)->ch) == LIBSSH2_ERROR_EAGAIN) {
				active = 1;
				z = &(*z)->next;
				continue;
			}
			dead = *z;
			*z = dead->next;
			free(dead);
		}
	}
	s->busy--;
	ssh_exec_sweep(s, 0);
	if (s->dead && s->busy == 0) {
		ssh_session_free(s);
		return;
	}
	session_rearm(s, active);
}

void ssh_session_bury(struct ssh_session *s, LIBSSH2_CHANNEL *ch)
{
	struct ssh_zombie *z = xmalloc(sizeof(*z));

	z->ch = ch;
	z->next = s->zombies;
	s->zombies = z;
	ssh_session_kick(s);
}

/* A copy of a pinned "SHA256:" + 43 base64 fingerprint without '=' padding, or NULL if malformed. */
static char *session_pin_copy(const char *fp)
{
	static const char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t n;

	if (!fp || strncmp(fp, "SHA256:", 7) != 0)
		return NULL;
	n = strspn(fp + 7, b64);
	if (n != 43 || strspn(fp + 7 + n, "=") > 1 || fp[7 + n + strspn(fp + 7 + n, "=")] != '\0')
		return NULL;
	return xstrndup(fp, 7 + n);
}

/* Copy the pins of o into s; 0 or ERR_INVALID. */
static int session_copy_pins(struct ssh_session *s, const struct ssh_session_opts *o)
{
	size_t i;

	if (o->n_pinned == 0)
		return 0;
	if (!o->pinned_fps || o->n_pinned > SESSION_PINS_MAX)
		return err_set(ERR_INVALID, "ssh: 1 to %d pinned host key fingerprints are allowed, "
		    "got %zu", SESSION_PINS_MAX, o->n_pinned);
	s->pinned = xcalloc(o->n_pinned, sizeof(*s->pinned));
	for (i = 0; i < o->n_pinned; i++) {
		s->pinned[i] = session_pin_copy(o->pinned_fps[i]);
		if (!s->pinned[i])
			return err_set(ERR_INVALID, "ssh: pinned host key fingerprint %zu is not "
			    "\"SHA256:\" followed by 43 base64 characters", i + 1);
		s->n_pinned++;
	}
	return 0;
}

int ssh_session_open(struct ssh_session **out, struct event_base *base,
    const struct ssh_session_opts *o)
{
	struct evutil_addrinfo hints;
	struct ssh_session *s;
	struct timeval tv;
	static int inited;
	char port[16];
	int rc;

	*out = NULL;
	if (!o->host || !*o->host || !o->user || !*o->user || !o->on_ready)
		return err_set(ERR_INVALID, "ssh: host, user and on_ready are required");
	if (o->policy == SSH_HOSTKEY_ASK && !o->on_ask && o->n_pinned == 0)
		return err_set(ERR_INVALID, "ssh: the ask host key policy needs an on_ask callback");
	if (!inited) {
		if (libssh2_init(0) != 0)
			return err_set(ERR_NET, "ssh: libssh2 could not be initialised");
		inited = 1;
	}
	s = xcalloc(1, sizeof(*s));
	s->base = base;
	s->fd = -1;
	s->host = xstrdup(o->host);
	s->port = o->port > 0 ? o->port : 22;
	s->user = xstrdup(o->user);
	s->key_path = xstrdup(o->key_path);
	s->passphrase = xstrdup(o->passphrase);
	if (o->known_hosts)
		s->known_hosts = xstrdup(o->known_hosts);
	else
		s->known_hosts = xasprintf("%s/.ssh/known_hosts", getenv("HOME") ? getenv("HOME") : "");
	s->policy = o->policy;
	s->use_agent = o->use_agent;
	s->timeout_s = o->timeout_s > 0 ? o->timeout_s : 30;
	s->keepalive_s = o->keepalive_s;
	s->on_ready = o->on_ready;
	s->on_ask = o->on_ask;
	s->arg = o->arg;
	s->timer = evtimer_new(base, session_timeout_cb, s);
	s->kick = event_new(base, -1, 0, session_kick_cb, s);
	s->keepalive = event_new(base, -1, EV_PERSIST, session_keepalive_cb, s);
	if (o->key_pem)
		ssh_auth_set_key(&s->auth, o->key_pem, o->key_pem_len ? o->key_pem_len : strlen(o->key_pem));
	rc = session_copy_pins(s, o);
	if (rc < 0)
		goto fail;
	session_tv(&tv, s->timeout_s);
	event_add(s->timer, &tv);

	snprintf(port, sizeof(port), "%d", s->port);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = EVUTIL_AI_NUMERICHOST | EVUTIL_AI_NUMERICSERV;
	rc = evutil_getaddrinfo(s->host, port, &hints, &s->ai);
	if (rc == 0) {
		/* An address: connect from the loop, so on_ready never runs inside this call. */
		s->ai_cur = s->ai;
		s->state = SSH_ST_CONNECT;
		ssh_session_kick(s);
	} else {
		s->state = SSH_ST_RESOLVE;
		s->dns = evdns_base_new(base, EVDNS_BASE_INITIALIZE_NAMESERVERS |
		    EVDNS_BASE_DISABLE_WHEN_INACTIVE);
		if (!s->dns) {
			rc = err_set(ERR_NET, "ssh: cannot read the resolver configuration to look up %s", s->host);
			goto fail;
		}
		hints.ai_flags = EVUTIL_AI_NUMERICSERV | EVUTIL_AI_ADDRCONFIG;
		s->dns_req = evdns_getaddrinfo(s->dns, s->host, port, &hints, session_dns_cb, s);
	}
	*out = s;
	return 0;
fail:
	s->on_ready = NULL;
	ssh_session_free(s);
	return rc;
}

void ssh_session_answer_hostkey(struct ssh_session *s, int accept)
{
	struct timeval tv;
	int code;

	if (s->state != SSH_ST_ASK)
		return;
	if (!accept)
		code = err_set(ERR_AUTH, "ssh %s:%d: host key %s not trusted: refused by the user",
		    s->host, s->port, s->offered_fp);
	else if ((code = ssh_hostkey_record(s)) == 0) {
		s->state = SSH_ST_AUTH;
		session_tv(&tv, s->timeout_s);
		event_add(s->timer, &tv);
		ssh_session_kick(s);
		return;
	}
	/* Report from the loop: the caller may be inside on_ask. */
	s->pending_rc = code;
	free(s->pending_msg);
	s->pending_msg = xstrdup(err_last());
	ssh_session_kick(s);
}

const char *ssh_session_error(const struct ssh_session *s)
{
	return s->error ? s->error : "";
}

int ssh_session_is_ready(const struct ssh_session *s)
{
	return s->state == SSH_ST_READY;
}

void ssh_session_free(struct ssh_session *s)
{
	struct ssh_zombie *z;
	size_t i;

	if (!s)
		return;
	if (s->busy) {
		s->dead = 1;
		return;
	}
	ssh_exec_sweep(s, 1);
	if (s->dns_req)
		evdns_getaddrinfo_cancel(s->dns_req);
	if (s->dns)
		evdns_base_free(s->dns, 0);
	if (s->ai)
		evutil_freeaddrinfo(s->ai);
	ssh_auth_dispose(&s->auth);
	while ((z = s->zombies)) {
		s->zombies = z->next;
		free(z);
	}
	if (s->ssh) {
		/* One polite try, then cut the socket so freeing can never wait. */
		libssh2_session_disconnect(s->ssh, "bye");
		if (s->fd >= 0)
			shutdown(s->fd, SHUT_RDWR);
		libssh2_session_free(s->ssh);
	}
	if (s->rd)
		event_free(s->rd);
	if (s->wr)
		event_free(s->wr);
	if (s->fd >= 0)
		close(s->fd);
	event_free(s->timer);
	event_free(s->kick);
	event_free(s->keepalive);
	free(s->host);
	free(s->user);
	if (s->passphrase)
		memset(s->passphrase, 0, strlen(s->passphrase));
	free(s->passphrase);
	free(s->key_path);
	free(s->known_hosts);
	free(s->error);
	free(s->pending_msg);
	free(s->offered_fp);
	for (i = 0; i < s->n_pinned; i++)
		free(s->pinned[i]);
	free(s->pinned);
	free(s);
}
