/* call: one JSON request with the shared error mapping (see call.h). */
#include "autoconfig.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/call.h"
#include "cloud/cloud_internal.h"
#include "cloud/compute.h"
#include "cloud/ops.h"
#include "cloud/session.h"
#include "core/error.h"
#include "core/json.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

struct call {
	struct cloud_pending p;         /* first: cloud_free() frees through it */
	char *service;
	char *what;
	long ok_status;
	cloud_call_fn fn;
	void *arg;
};

static void call_free(struct call *k)
{
	free(k->service);
	free(k->what);
	free(k);
}

static void call_free_pending(struct cloud_pending *p)
{
	call_free((struct call *)p);
}

/* The service as a user knows it, for "Nova refused ...". */
static const char *call_service_name(const char *service)
{
	if (strcmp(service, "compute") == 0)
		return "Nova";
	if (strcmp(service, "network") == 0)
		return "Neutron";
	if (strcmp(service, "image") == 0)
		return "Glance";
	if (strcmp(service, SESSION_IDENTITY) == 0)
		return "Keystone";
	return service;
}

static void call_on_response(void *arg, const struct http_response *r)
{
	struct call *k = arg;
	const char *cause = r->cause && *r->cause ? r->cause : r->error;
	cJSON *body = NULL;
	char *msg = NULL;
	int rc = r->rc;

	cloud_pending_remove(&k->p);
	if (rc < 0 && k->ok_status && r->status == k->ok_status)
		rc = 0;
	else if (rc < 0 && r->status == 404)
		rc = err_set(ERR_NOTFOUND, "%s not found", k->what);
	else if (rc < 0 && r->status == 403)
		rc = err_set(ERR_HTTP, "%s refused (HTTP 403) for %s: %s", call_service_name(k->service), k->what,
			     cause);
	else if (rc < 0)
		rc = err_set(rc, "%s: %s", k->what, cause);
	if (rc == 0 && r->status >= 200 && r->status < 300 && r->len > 0 &&
	    json_parse(&body, r->body, r->len, JSON_MAX_DEPTH) < 0)
		body = NULL;
	if (rc < 0)
		msg = xstrdup(err_last());
	k->fn(k->arg, rc, msg ? msg : "", r->status, body);
	free(msg);
	cJSON_Delete(body);
	call_free(k);
}

int cloud_call_start(struct cloud *c, const struct cloud_call_req *req, cloud_call_fn fn, void *arg)
{
	const char *const *compute = compute_api_headers();
	const char *headers[16];
	struct session_req sr;
	struct call *k;
	size_t n = 0, i;
	int rc;

	if (strcmp(req->service, "compute") == 0)
		for (i = 0; compute[i] && n < 8; i++)
			headers[n++] = compute[i];
	for (i = 0; req->headers && req->headers[i] && n < 15; i++)
		headers[n++] = req->headers[i];
	headers[n] = NULL;
	k = xcalloc(1, sizeof *k);
	k->service = xstrdup(req->service);
	k->what = sanitize_line(req->what ? req->what : req->path, 160);
	k->ok_status = req->ok_status;
	k->fn = fn;
	k->arg = arg;
	k->p.free_fn = call_free_pending;
	memset(&sr, 0, sizeof sr);
	sr.service = req->service;
	sr.method = req->method;
	sr.path = req->path;
	sr.headers = headers;
	sr.body = req->body;
	sr.body_len = req->body ? strlen(req->body) : 0;
	cloud_pending_add(c, &k->p);
	rc = session_request(cloud_session(c), &sr, call_on_response, k);
	if (rc < 0) {
		cloud_pending_remove(&k->p);
		call_free(k);
	}
	return rc;
}

int cloud_call_safe_segment(const char *s)
{
	const unsigned char *p;

	if (s == NULL || *s == '\0' || strpbrk(s, "/?#% ") != NULL || strlen(s) >= 256 || strcmp(s, ".") == 0 ||
	    strcmp(s, "..") == 0)
		return 0;
	for (p = (const unsigned char *)s; *p; p++)
		if (*p < 0x20 || *p == 0x7f)
			return 0;
	return 1;
}

char *cloud_call_encode(const char *s)
{
	size_t n = strlen(s), i, k = 0;
	char *o = xmalloc(3 * n + 1);

	for (i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (isalnum(ch) || strchr("-._~", ch))
			o[k++] = (char)ch;
		else
			k += (size_t)snprintf(o + k, 4, "%%%02X", ch);
	}
	o[k] = '\0';
	return o;
}
