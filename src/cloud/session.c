#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/queue.h>
#include <time.h>

#include <event2/event.h>
#include <event2/event_struct.h>

#include "cloud/auth.h"
#include "cloud/catalog.h"
#include "cloud/session.h"
#include "core/clouds.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

enum call_kind { CALL_REQUEST, CALL_CONNECT, CALL_RESCOPE };

struct call {
	TAILQ_ENTRY(call) entry;
	struct session *s;
	enum call_kind kind;
	char *service, *method, *path, *body;
	size_t body_len;
	char **headers;                 /* NULL-terminated copy */
	char *project_id;               /* CALL_RESCOPE */
	int replayed;                   /* re-sent once after a 401 */
	unsigned token_gen;             /* token it was sent with */
	int fail_rc;                    /* < 0: deliver this error from the dispatcher */
	char *fail_msg;
	struct http_request *inflight;
	http_done_fn done;
	session_done_fn cdone;
	void *arg;
};

TAILQ_HEAD(call_list, call);

struct session {
	struct event_base *base;
	struct http *http;
	struct clouds_config creds;
	char *identity_url;
	char *scope_project_id;         /* set by a successful rescope */
	struct auth_token token;
	unsigned token_gen;             /* bumped by every new token */
	struct http_request *auth_req;  /* the token request in flight */
	struct call *auth_call;         /* the rescope it is for, or NULL */
	struct call_list waiting;       /* need a token, or an error to deliver */
	struct call_list inflight;      /* handed to http */
	struct event dispatch_ev;
	int depth;                      /* > 0 while calling back */
	int dying;
};

static void session_dispatch(struct session *s);

static char **session_copy_headers(const char *const *h)
{
	size_t n = 0, i;
	char **v;

	while (h && h[n])
		n++;
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++)
		v[i] = xstrdup(h[i]);
	return v;
}

static void session_call_free(struct call *c)
{
	size_t i;

	for (i = 0; c->headers && c->headers[i]; i++)
		free(c->headers[i]);
	free(c->headers);
	free(c->service);
	free(c->method);
	free(c->path);
	free(c->body);
	free(c->project_id);
	free(c->fail_msg);
	free(c);
}

static void session_copy_creds(struct clouds_config *d, const struct clouds_config *c)
{
	memset(d, 0, sizeof *d);
	d->name = xstrdup(c->name ? c->name : "envvars");
	d->source = xstrdup(c->source);
	d->auth_type = c->auth_type;
	d->auth_url = xstrdup(c->auth_url);
	d->username = xstrdup(c->username);
	d->user_id = xstrdup(c->user_id);
	d->password = xstrdup(c->password);
	d->user_domain_name = xstrdup(c->user_domain_name);
	d->user_domain_id = xstrdup(c->user_domain_id);
	d->project_name = xstrdup(c->project_name);
	d->project_id = xstrdup(c->project_id);
	d->project_domain_name = xstrdup(c->project_domain_name);
	d->project_domain_id = xstrdup(c->project_domain_id);
	d->app_cred_id = xstrdup(c->app_cred_id);
	d->app_cred_name = xstrdup(c->app_cred_name);
	d->app_cred_secret = xstrdup(c->app_cred_secret);
	d->region_name = xstrdup(c->region_name);
	d->interface = xstrdup(c->interface);
	d->cacert = xstrdup(c->cacert);
	d->verify = c->verify;
}

static void session_wake(struct session *s)
{
	event_active(&s->dispatch_ev, 0, 0);
}

/* Call back for one finished call (unlinked already) and free it. */
static void session_deliver(struct session *s, struct call *c, int rc, const char *msg,
			    const struct http_response *resp)
{
	struct http_response fake;

	s->depth++;
	if (c->kind != CALL_REQUEST)
		c->cdone(c->arg, rc, rc ? msg : "");
	else if (resp)
		c->done(c->arg, resp);
	else {
		memset(&fake, 0, sizeof fake);
		fake.rc = rc;
		fake.error = msg;
		fake.body = "";
		c->done(c->arg, &fake);
	}
	s->depth--;
	session_call_free(c);
}

static void session_fail(struct call *c, int rc, const char *msg)
{
	c->fail_rc = rc;
	free(c->fail_msg);
	if (c->replayed && rc == ERR_AUTH)
		c->fail_msg = xasprintf("token revoked or expired and re-authentication failed: %s", msg);
	else
		c->fail_msg = xstrdup(msg);
}

/* Turn a failed token request into the message the user needs. */
static int session_auth_error(struct session *s, const struct http_response *r, const char *project_id)
{
	char *who = auth_describe_user(&s->creds), *url = sanitize_line(s->identity_url, 160);
	char *proj = project_id ? sanitize_line(project_id, 80) : NULL;
	int rc;

	if (r->rc == ERR_TLS)
		rc = err_set(ERR_TLS, "cannot trust Keystone at %s: %s", url, r->cause);
	else if (r->rc == ERR_NET || r->rc == ERR_TIMEOUT)
		rc = err_set(ERR_NET, "cannot reach Keystone at %s (is the cloud up? check auth_url): %s", url,
			     r->cause ? r->cause : r->error);
	else if ((r->status == 401 || r->status == 403) && proj)
		rc = err_set(ERR_AUTH, "the cloud refused to scope %s to project %s (HTTP %ld): %s", who, proj,
			     r->status, r->cause ? r->cause : "is the user a member of that project?");
	else if (r->status == 401 && s->creds.auth_type == CLOUDS_AUTH_APPCRED)
		rc = err_set(ERR_AUTH, "the cloud refused the credentials for %s (HTTP 401): check "
			     "application_credential_secret / OS_APPLICATION_CREDENTIAL_SECRET", who);
	else if (r->status == 401)
		rc = err_set(ERR_AUTH, "the cloud refused the credentials for %s (HTTP 401): check the "
			     "password / OS_PASSWORD", who);
	else
		rc = err_set(r->rc, "Keystone refused the token request: %s", r->error);
	free(who);
	free(url);
	free(proj);
	return rc;
}

static void session_on_auth(void *arg, const struct http_response *r)
{
	struct session *s = arg;
	struct call *c = s->auth_call, *w;
	struct auth_token t;
	int rc = r->rc;

	s->auth_req = NULL;
	s->auth_call = NULL;
	if (rc == 0 && (rc = auth_parse_token(&t, r->subject_token, r->body, r->len)) < 0)
		err_wrap(rc, "Keystone at %s", s->identity_url);
	else if (rc < 0)
		rc = session_auth_error(s, r, c ? c->project_id : NULL);
	if (rc == 0) {
		auth_token_dispose(&s->token);
		s->token = t;
		s->token_gen++;
		if (c) {
			free(s->scope_project_id);
			s->scope_project_id = xstrdup(c->project_id);
		}
	}
	if (c) {
		/* A failed rescope leaves the old token for everyone else. */
		session_deliver(s, c, rc, err_last(), NULL);
	} else if (rc < 0) {
		TAILQ_FOREACH(w, &s->waiting, entry)
			if (w->fail_rc == 0 && w->kind != CALL_RESCOPE)
				session_fail(w, rc, err_last());
	}
	session_dispatch(s);
	if (s->dying && s->depth == 0)
		session_free(s);
}

static int session_auth_start(struct session *s, struct call *rescope)
{
	const char *headers[] = { "Content-Type: application/json", "Accept: application/json", NULL };
	struct http_req req;
	char *body = NULL, *url;
	int rc;

	if ((rc = auth_build_request(&body, &s->creds, rescope ? rescope->project_id : s->scope_project_id)) < 0)
		return rc;
	url = xasprintf("%s/auth/tokens", s->identity_url);
	memset(&req, 0, sizeof req);
	req.method = "POST";
	req.url = url;
	req.headers = headers;
	req.body = body;
	req.body_len = strlen(body);
	req.idempotent = 1; /* a second token does no harm */
	rc = http_send(s->http, &req, session_on_auth, s, &s->auth_req);
	if (rc == 0)
		s->auth_call = rescope;
	free(url);
	auth_free_secret(body);
	return rc;
}

static void session_on_response(void *arg, const struct http_response *r)
{
	struct call *c = arg;
	struct session *s = c->s;

	c->inflight = NULL;
	TAILQ_REMOVE(&s->inflight, c, entry);
	if (r->status == 401 && !c->replayed) {
		/* Revoked or expired early: a new token, then the same request once more. */
		c->replayed = 1;
		if (c->token_gen == s->token_gen)
			auth_token_dispose(&s->token);
		TAILQ_INSERT_HEAD(&s->waiting, c, entry);
		session_wake(s);
		return;
	}
	if (r->status == 401) {
		err_set(ERR_AUTH, "token revoked or expired and re-authentication failed: %s", r->error);
		session_deliver(s, c, ERR_AUTH, err_last(), NULL);
	} else
		session_deliver(s, c, r->rc, r->error, r);
	if (s->dying && s->depth == 0)
		session_free(s);
}

/* 1 if the caller's headers set the content type (a JSON-patch, say). */
static int session_has_content_type(char *const *h)
{
	for (; h && *h; h++)
		if (strncasecmp(*h, "Content-Type:", 13) == 0)
			return 1;
	return 0;
}

/* Hand a request to http with the current token. */
static int session_send(struct session *s, struct call *c)
{
	struct http_req req;
	char *base = NULL, *url = NULL, *auth = NULL;
	const char **headers = NULL;
	size_t n = 0, i;
	int rc;

	if (strcmp(c->service, SESSION_IDENTITY) == 0)
		base = xstrdup(s->identity_url);
	else if ((rc = catalog_find_endpoint(&base, &s->token.catalog, c->service, s->creds.interface,
					     s->creds.region_name)) < 0)
		goto out;
	url = xasprintf("%s%s", base, c->path);
	auth = xasprintf("X-Auth-Token: %s", s->token.id);
	while (c->headers[n])
		n++;
	headers = xcalloc(n + 4, sizeof *headers);
	headers[0] = auth;
	headers[1] = "Accept: application/json";
	i = 2;
	if (c->body && !session_has_content_type(c->headers))
		headers[i++] = "Content-Type: application/json";
	memcpy(headers + i, c->headers, n * sizeof *headers);
	memset(&req, 0, sizeof req);
	req.method = c->method;
	req.url = url;
	req.headers = headers;
	req.body = c->body;
	req.body_len = c->body_len;
	if ((rc = http_send(s->http, &req, session_on_response, c, &c->inflight)) < 0)
		goto out;
	c->token_gen = s->token_gen;
	TAILQ_INSERT_TAIL(&s->inflight, c, entry);
out:
	free(base);
	free(url);
	auth_free_secret(auth);
	free(headers);
	return rc;
}

/* Work through the waiting calls: deliver errors, get a token, send. */
static void session_dispatch(struct session *s)
{
	struct call *c;
	int rc;

	while (!s->dying && s->auth_req == NULL && (c = TAILQ_FIRST(&s->waiting)) != NULL) {
		if (c->fail_rc == 0 && c->kind == CALL_RESCOPE) {
			TAILQ_REMOVE(&s->waiting, c, entry);
			if ((rc = session_auth_start(s, c)) < 0)
				session_deliver(s, c, rc, err_last(), NULL);
			continue;
		}
		if (c->fail_rc == 0 && !auth_token_fresh(&s->token, time(NULL))) {
			if ((rc = session_auth_start(s, NULL)) < 0)
				TAILQ_FOREACH(c, &s->waiting, entry)
					if (c->fail_rc == 0 && c->kind != CALL_RESCOPE)
						session_fail(c, rc, err_last());
			continue;
		}
		TAILQ_REMOVE(&s->waiting, c, entry);
		if (c->fail_rc < 0)
			session_deliver(s, c, c->fail_rc, c->fail_msg, NULL);
		else if (c->kind == CALL_CONNECT)
			session_deliver(s, c, 0, "", NULL);
		else if ((rc = session_send(s, c)) < 0)
			session_deliver(s, c, rc, err_last(), NULL);
	}
}

static void session_on_wake(evutil_socket_t fd, short what, void *arg)
{
	struct session *s = arg;

	session_dispatch(s);
	if (s->dying && s->depth == 0)
		session_free(s);
}

int session_new(struct session **out, struct event_base *base, struct http *http,
		const struct clouds_config *creds)
{
	struct session *s;

	if (creds->auth_url == NULL || *creds->auth_url == '\0')
		return err_set(ERR_CONFIG, "cloud %s has no auth_url: set auth.auth_url in clouds.yaml or OS_AUTH_URL",
			       creds->name ? creds->name : "envvars");
	s = xcalloc(1, sizeof *s);
	s->base = base;
	s->http = http;
	session_copy_creds(&s->creds, creds);
	s->identity_url = catalog_identity_url(creds->auth_url);
	TAILQ_INIT(&s->waiting);
	TAILQ_INIT(&s->inflight);
	event_assign(&s->dispatch_ev, base, -1, 0, session_on_wake, s);
	*out = s;
	return 0;
}

void session_free(struct session *s)
{
	struct call *c;

	if (s == NULL)
		return;
	if (s->auth_req) {
		http_cancel(s->http, s->auth_req);
		s->auth_req = NULL;
	}
	if (s->auth_call) {
		session_call_free(s->auth_call);
		s->auth_call = NULL;
	}
	while ((c = TAILQ_FIRST(&s->inflight)) != NULL) {
		TAILQ_REMOVE(&s->inflight, c, entry);
		http_cancel(s->http, c->inflight);
		session_call_free(c);
	}
	while ((c = TAILQ_FIRST(&s->waiting)) != NULL) {
		TAILQ_REMOVE(&s->waiting, c, entry);
		session_call_free(c);
	}
	if (s->depth > 0) {
		/* Called from one of our callbacks: finish when it returns. */
		s->dying = 1;
		return;
	}
	event_del(&s->dispatch_ev);
	auth_token_dispose(&s->token);
	clouds_config_dispose(&s->creds);
	free(s->identity_url);
	free(s->scope_project_id);
	free(s);
}

static struct call *session_call_new(struct session *s, enum call_kind kind, void *arg)
{
	struct call *c = xcalloc(1, sizeof *c);

	c->s = s;
	c->kind = kind;
	c->arg = arg;
	c->headers = session_copy_headers(NULL);
	return c;
}

int session_connect(struct session *s, session_done_fn done, void *arg)
{
	struct call *c = session_call_new(s, CALL_CONNECT, arg);

	c->cdone = done;
	TAILQ_INSERT_TAIL(&s->waiting, c, entry);
	session_wake(s);
	return 0;
}

int session_rescope(struct session *s, const char *project_id, session_done_fn done, void *arg)
{
	struct call *c;

	if (project_id == NULL || *project_id == '\0')
		return err_set(ERR_INVALID, "no project to switch to");
	if (s->creds.auth_type == CLOUDS_AUTH_APPCRED)
		return err_set(ERR_INVALID, "cloud %s uses an application credential, which is bound to its "
			       "project: switching projects needs a cloud entry with a password", s->creds.name);
	c = session_call_new(s, CALL_RESCOPE, arg);
	c->cdone = done;
	c->project_id = xstrdup(project_id);
	TAILQ_INSERT_TAIL(&s->waiting, c, entry);
	session_wake(s);
	return 0;
}

int session_request(struct session *s, const struct session_req *req, http_done_fn done, void *arg)
{
	struct call *c;

	if (req->service == NULL || req->path == NULL || req->path[0] != '/')
		return err_set(ERR_INVALID, "bad request path");
	c = session_call_new(s, CALL_REQUEST, arg);
	c->done = done;
	c->service = xstrdup(req->service);
	c->method = xstrdup(req->method ? req->method : "GET");
	c->path = xstrdup(req->path);
	if (req->body) {
		c->body = xstrndup(req->body, req->body_len);
		c->body_len = req->body_len;
	}
	free(c->headers);
	c->headers = session_copy_headers(req->headers);
	TAILQ_INSERT_TAIL(&s->waiting, c, entry);
	session_wake(s);
	return 0;
}

const struct auth_token *session_token(const struct session *s)
{
	return s->token.id ? &s->token : NULL;
}

const struct clouds_config *session_creds(const struct session *s)
{
	return &s->creds;
}

size_t session_waiting(const struct session *s)
{
	size_t n = 0;
	const struct call *c;

	TAILQ_FOREACH(c, &s->waiting, entry)
		n++;
	return n + (s->auth_call != NULL);
}
