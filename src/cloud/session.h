/*
 * session: authenticated requests to the services of one cloud.
 *
 * Authenticates on demand (Keystone v3 at the auth_url), renews the token
 * AUTH_RENEW_MARGIN_S before it expires, and on a 401 drops the token,
 * authenticates again and replays the request once; a second 401 is ERR_AUTH
 * "token revoked or expired and re-authentication failed: ...". Requests
 * name a service type; the endpoint comes from the token's catalog (the
 * configured interface and region), or is the auth_url for "identity".
 *
 * Contract: session_new() copies the credentials and uses (does not own) the
 * http engine; session_free() cancels what is in flight without calling back
 * and may be called from a callback. Every call below returns 0 and later
 * calls its callback exactly once from the loop, or returns ERR_INVALID at
 * once (bad arguments, rescoping an application credential).
 */
#ifndef SD_CLOUD_SESSION_H
#define SD_CLOUD_SESSION_H

#include <stddef.h>

#include "cloud/http.h"

struct event_base;
struct clouds_config;
struct auth_token;
struct session;

#define SESSION_IDENTITY "identity"

struct session_req {
	const char *service;            /* catalog type, or SESSION_IDENTITY for the auth_url */
	const char *method;
	const char *path;               /* below the endpoint, starting with '/' */
	const char *const *headers;     /* extra "Name: value" lines, NULL-terminated, or NULL; a
					   Content-Type here replaces the default JSON one */
	const char *body;               /* JSON or NULL */
	size_t body_len;
};

typedef void (*session_done_fn)(void *arg, int rc, const char *msg);

/* Create a session for creds (copied) sending through http (not owned). */
int session_new(struct session **out, struct event_base *base, struct http *http,
		const struct clouds_config *creds);
/* Cancel everything without calling back and free the session. */
void session_free(struct session *s);
/* Get a token now unless a fresh one is at hand. */
int session_connect(struct session *s, session_done_fn done, void *arg);
/* Get a token scoped to project_id; on failure the old scope stays. */
int session_rescope(struct session *s, const char *project_id, session_done_fn done, void *arg);
/* Send a request with the token; done gets the response (rc 0 for a 2xx). */
int session_request(struct session *s, const struct session_req *req, http_done_fn done, void *arg);
/* The current token, or NULL before the first one. */
const struct auth_token *session_token(const struct session *s);
/* The credentials in use. */
const struct clouds_config *session_creds(const struct session *s);
/* Requests waiting for a token (not yet handed to http). */
size_t session_waiting(const struct session *s);

#endif
