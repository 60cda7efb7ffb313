/*
 * http: HTTP requests on the event loop (curl multi socket API on libevent,
 * the hiperfifo pattern), with bounded concurrency, a response size cap,
 * timeouts, and retries with exponential backoff and full jitter that honour
 * Retry-After (see retry.h for which failures are repeated).
 *
 * Contract: http_new() binds an engine to a caller-owned event_base; free it
 * with http_free(), which cancels every request without calling back (it may
 * be called from inside a done callback). http_send() copies everything it is
 * given, starts the request or queues it (FIFO, at most max_requests in
 * flight) and returns 0, or ERR_INVALID without calling back (URL not https,
 * or not http:// when allow_http is off). Otherwise done is called exactly
 * once, from the loop, never from inside http_send(); the response and its
 * strings are valid only during the callback. Redirects are not followed (a
 * 3xx is an error). Headers and bodies are never logged: they carry tokens.
 */
#ifndef SD_CLOUD_HTTP_H
#define SD_CLOUD_HTTP_H

#include <stddef.h>
#include <stdint.h>

struct event_base;
struct http;
struct http_request;

#define HTTP_DEFAULT_MAX_REQUESTS 10
#define HTTP_DEFAULT_TIMEOUT_S 30
#define HTTP_DEFAULT_MAX_RESPONSE (16u * 1024 * 1024)

struct http_options {
	int max_requests;         /* in flight at once; <= 0: 10 */
	long timeout_s;           /* whole transfer of one attempt; <= 0: 30 */
	long connect_timeout_s;   /* <= 0: min(10, timeout_s) */
	size_t max_response;      /* body bytes; 0: 16 MB */
	int max_attempts;         /* tries per request incl. the first; <= 0: RETRY_MAX_ATTEMPTS */
	long retry_base_ms;       /* <= 0: RETRY_BASE_MS */
	long retry_cap_ms;        /* <= 0: RETRY_CAP_MS */
	long retry_after_max_s;   /* <= 0: RETRY_AFTER_MAX_S */
	const char *cacert;       /* CA bundle, NULL: system store */
	int insecure;             /* 1: no TLS verification (only when the config says verify: false) */
	int allow_http;           /* 1: http:// allowed besides https:// */
	uint64_t seed;            /* jitter seed; 0: from the clock */
};

struct http_req {
	const char *method;             /* "GET", "POST", ... */
	const char *url;
	const char *const *headers;     /* NULL-terminated "Name: value" lines, or NULL */
	const char *body;               /* JSON body or NULL */
	size_t body_len;
	int idempotent;                 /* 1: may be repeated after it was sent (GET etc. always are) */
};

struct http_response {
	int rc;                   /* 0 for a 2xx, else ERR_NET, ERR_TIMEOUT, ERR_TOOBIG, ERR_HTTP ... */
	const char *error;        /* one-line message when rc != 0, else "" */
	long status;              /* HTTP status, 0 when none arrived */
	const char *body;         /* NUL-terminated, also on errors ("" when none) */
	size_t len;
	const char *request_id;   /* x-openstack-request-id / x-compute-request-id, or NULL */
	const char *subject_token;/* X-Subject-Token (a secret), or NULL */
	const char *cause;        /* the error without method and URL: curl's message or the
				     error body's message (sanitized), or NULL */
	unsigned attempts;        /* tries made */
};

typedef void (*http_done_fn)(void *arg, const struct http_response *resp);

/* Create an engine on base; opt NULL gives the defaults. */
int http_new(struct http **out, struct event_base *base, const struct http_options *opt);
/* Cancel every request without calling back and free the engine. */
void http_free(struct http *h);
/* Start or queue a request; *handle (if not NULL) may be given to http_cancel() until done runs. */
int http_send(struct http *h, const struct http_req *req, http_done_fn done, void *arg,
	      struct http_request **handle);
/* Drop one request without calling back. */
void http_cancel(struct http *h, struct http_request *r);
/* Requests in flight, queued or waiting to be retried. */
size_t http_busy(const struct http *h);

#endif
