/*
 * call: one JSON request of an operation in src/cloud, with the error
 * mapping every operation shares (the ops files use it; nothing outside
 * src/cloud includes it: the encoding helpers are public in ops.h).
 *
 * Contract: cloud_call_start() registers the call with the cloud (cloud_free()
 * cancels it without calling back), sends it through the session and returns
 * 0, or a negative code without calling back. fn is called exactly once from
 * the loop: rc 0 with the parsed body (NULL when empty or not JSON) for a 2xx
 * or for req->ok_status; else a negative code and a one-line sanitized message
 * naming req->what: 404 is ERR_NOTFOUND "WHAT not found", 403 ERR_HTTP
 * "SERVICE refused (HTTP 403) for WHAT: reason", anything else "WHAT: reason".
 * The body and message are valid only during fn; the call frees itself after.
 */
#ifndef SD_CLOUD_CALL_H
#define SD_CLOUD_CALL_H

#include <cjson/cJSON.h>

struct cloud;

struct cloud_call_req {
	const char *service;           /* catalog type ("compute", "network", "image") */
	const char *method;
	const char *path;              /* below the endpoint */
	const char *const *headers;    /* NULL-terminated or NULL; compute adds its microversion itself */
	const char *body;              /* JSON or NULL */
	const char *what;              /* "server 1234", "security group x" (for messages; sanitized here) */
	long ok_status;                /* a failure status that counts as success (404 for deletes), or 0 */
};

typedef void (*cloud_call_fn)(void *arg, int rc, const char *msg, long status, const cJSON *body);

/* Send req; fn gets the outcome (see the contract). */
int cloud_call_start(struct cloud *c, const struct cloud_call_req *req, cloud_call_fn fn, void *arg);

#endif
