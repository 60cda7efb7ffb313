#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/time.h>
#include <time.h>

#include "cloud/errbody.h"
#include "cloud/http_impl.h"
#include "cloud/retry.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

#define HTTP_USER_AGENT "sparkdeck/" PACKAGE_VERSION
#define HTTP_URL_IN_MSG 160

static int http_curl_users;

static void http_move(struct http_request *r, enum http_state to, int at_head)
{
	struct http *h = r->h;

	TAILQ_REMOVE(&h->lists[r->state], r, entry);
	h->counts[r->state]--;
	r->state = to;
	if (at_head)
		TAILQ_INSERT_HEAD(&h->lists[to], r, entry);
	else
		TAILQ_INSERT_TAIL(&h->lists[to], r, entry);
	h->counts[to]++;
}

static void http_reset_attempt(struct http_request *r)
{
	buf_reset(&r->resp);
	free(r->request_id);
	free(r->subject_token);
	free(r->retry_after);
	free(r->location);
	r->request_id = r->subject_token = r->retry_after = r->location = NULL;
	r->status = 0;
	r->too_big = 0;
	r->result = CURLE_OK;
	r->errbuf[0] = '\0';
}

static void http_request_free(struct http_request *r)
{
	struct http *h = r->h;

	if (r->state != REQ_DELIVERING) {
		TAILQ_REMOVE(&h->lists[r->state], r, entry);
		h->counts[r->state]--;
	}
	if (r->easy) {
		curl_multi_remove_handle(h->multi, r->easy);
		curl_easy_cleanup(r->easy);
	}
	if (event_initialized(&r->retry_ev))
		event_del(&r->retry_ev);
	http_reset_attempt(r);
	buf_dispose(&r->resp);
	curl_slist_free_all(r->headers);
	free(r->method);
	free(r->url);
	free(r->body);
	free(r);
}

static size_t http_on_body(char *p, size_t size, size_t n, void *arg)
{
	struct http_request *r = arg;

	if (buf_append(&r->resp, p, n) < 0) {
		r->too_big = 1;
		return 0; /* aborts the transfer with CURLE_WRITE_ERROR */
	}
	return n;
}

static void http_keep_header(char **slot, const char *v, size_t len)
{
	free(*slot);
	*slot = xstrndup(v, len);
}

static size_t http_on_header(char *p, size_t size, size_t n, void *arg)
{
	struct http_request *r = arg;
	size_t nlen, vlen;
	const char *colon, *v;

	if (n >= 5 && strncmp(p, "HTTP/", 5) == 0) {
		/* A new response (after a 100 Continue, say): forget the previous headers. */
		http_reset_attempt(r);
		return n;
	}
	if ((colon = memchr(p, ':', n)) == NULL)
		return n;
	nlen = (size_t)(colon - p);
	for (v = colon + 1; v < p + n && (*v == ' ' || *v == '\t'); v++)
		;
	vlen = (size_t)(p + n - v);
	while (vlen > 0 && (v[vlen - 1] == '\r' || v[vlen - 1] == '\n' || v[vlen - 1] == ' '))
		vlen--;
#define HTTP_IS(name) (nlen == sizeof(name) - 1 && strncasecmp(p, name, nlen) == 0)
	if (HTTP_IS("x-openstack-request-id") || (HTTP_IS("x-compute-request-id") && !r->request_id))
		http_keep_header(&r->request_id, v, vlen);
	else if (HTTP_IS("x-subject-token"))
		http_keep_header(&r->subject_token, v, vlen);
	else if (HTTP_IS("retry-after"))
		http_keep_header(&r->retry_after, v, vlen);
	else if (HTTP_IS("location"))
		http_keep_header(&r->location, v, vlen);
#undef HTTP_IS
	return n;
}

static void http_setopt_method(struct http_request *r)
{
	CURL *e = r->easy;

	if (strcmp(r->method, "GET") == 0)
		curl_easy_setopt(e, CURLOPT_HTTPGET, 1L);
	else if (strcmp(r->method, "HEAD") == 0)
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	else {
		if (strcmp(r->method, "POST") != 0)
			curl_easy_setopt(e, CURLOPT_CUSTOMREQUEST, r->method);
		if (r->body || strcmp(r->method, "POST") == 0) {
			curl_easy_setopt(e, CURLOPT_POSTFIELDS, r->body ? r->body : "");
			curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)r->body_len);
		}
	}
}

static int http_start(struct http_request *r)
{
	struct http *h = r->h;
	const struct http_options *o = &h->opt;
	CURL *e;

	http_reset_attempt(r);
	if ((e = r->easy = curl_easy_init()) == NULL)
		return -1;
	curl_easy_setopt(e, CURLOPT_URL, r->url);
	http_setopt_method(r);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, r->headers);
	curl_easy_setopt(e, CURLOPT_PRIVATE, r);
	curl_easy_setopt(e, CURLOPT_ERRORBUFFER, r->errbuf);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, http_on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, r);
	curl_easy_setopt(e, CURLOPT_HEADERFUNCTION, http_on_header);
	curl_easy_setopt(e, CURLOPT_HEADERDATA, r);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, HTTP_USER_AGENT);
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, o->allow_http ? "http,https" : "https");
	curl_easy_setopt(e, CURLOPT_REDIR_PROTOCOLS_STR, "https");
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s);
	curl_easy_setopt(e, CURLOPT_TIMEOUT, o->timeout_s);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_LIMIT, 16L);
	curl_easy_setopt(e, CURLOPT_LOW_SPEED_TIME, o->timeout_s < 20 ? o->timeout_s : 20L);
	curl_easy_setopt(e, CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_response);
	if (h->cacert)
		curl_easy_setopt(e, CURLOPT_CAINFO, h->cacert);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, o->insecure ? 0L : 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, o->insecure ? 0L : 2L);
	http_move(r, REQ_ACTIVE, 0);
	if (curl_multi_add_handle(h->multi, e) != CURLM_OK) {
		curl_easy_cleanup(e);
		r->easy = NULL;
		return -1;
	}
	return 0;
}

/* Deliver from the loop, never from inside the caller's http_send(). */
static void http_finish(struct http_request *r)
{
	http_move(r, REQ_FINISHED, 0);
	event_active(&r->h->finish_ev, 0, 0);
}

/* Start queued requests while there is room. */
void http_pump_queue(struct http *h)
{
	struct http_request *r;

	while (h->counts[REQ_ACTIVE] < (size_t)h->opt.max_requests &&
	       (r = TAILQ_FIRST(&h->lists[REQ_QUEUED])) != NULL) {
		if (http_start(r) < 0) {
			r->result = CURLE_FAILED_INIT;
			http_finish(r);
		}
	}
}

static enum retry_net http_classify(const struct http_request *r, long sent)
{
	switch (r->result) {
	case CURLE_OK:
		return RETRY_NET_OK;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_CONNECT:
		return RETRY_NET_CONNECT;
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return sent > 0 ? RETRY_NET_TRANSFER : RETRY_NET_CONNECT;
	default:
		return RETRY_NET_FATAL;
	}
}

static void http_on_retry_timer(evutil_socket_t fd, short what, void *arg)
{
	struct http_request *r = arg;

	http_move(r, REQ_QUEUED, 1);
	http_pump_queue(r->h);
}

void http_end_attempt(struct http_request *r, long sent)
{
	struct http *h = r->h;
	enum retry_net net = http_classify(r, sent);
	long delay, after;
	struct timeval tv;

	r->attempts++;
	if (r->too_big || r->attempts >= (unsigned)h->opt.max_attempts ||
	    !retry_should_repeat(net, r->status, r->method, r->idempotent)) {
		http_finish(r);
		return;
	}
	delay = retry_compute_backoff(r->attempts - 1, h->opt.retry_base_ms, h->opt.retry_cap_ms, &h->rng);
	after = retry_parse_after(r->retry_after, time(NULL), h->opt.retry_after_max_s);
	if (after >= 0 && after * 1000 > delay)
		delay = after * 1000;
	tv.tv_sec = delay / 1000;
	tv.tv_usec = (delay % 1000) * 1000;
	http_move(r, REQ_WAITING, 0);
	evtimer_assign(&r->retry_ev, h->base, http_on_retry_timer, r);
	evtimer_add(&r->retry_ev, &tv);
}

/* The URL without its query, sanitized and short, for messages. */
static char *http_url_for_message(const char *url)
{
	char *copy = xstrndup(url, strcspn(url, "?")), *s;

	s = sanitize_line(copy, HTTP_URL_IN_MSG);
	free(copy);
	return s;
}

static int http_describe(const struct http_request *r, char **msg, char **cause)
{
	char *url = http_url_for_message(r->url), *loc = NULL, *rid = NULL, tries[48] = "";
	int rc = ERR_HTTP;

	*cause = NULL;
	if (r->attempts > 1)
		snprintf(tries, sizeof tries, " (after %u attempts)", r->attempts);
	if (r->too_big || r->result == CURLE_FILESIZE_EXCEEDED) {
		size_t cap = r->h->opt.max_response;

		if (cap % (1024 * 1024) == 0)
			*msg = xasprintf("response from %s larger than %zu MB; giving up", url, cap / (1024 * 1024));
		else
			*msg = xasprintf("response from %s larger than %zu bytes; giving up", url, cap);
		rc = ERR_TOOBIG;
	} else if (r->result == CURLE_OPERATION_TIMEDOUT) {
		*cause = sanitize_line(r->errbuf[0] ? r->errbuf : "timed out", 200);
		*msg = xasprintf("%s %s: no complete answer within %ld s%s: %s", r->method, url,
				 r->h->opt.timeout_s, tries, *cause);
		rc = ERR_TIMEOUT;
	} else if (r->result == CURLE_PEER_FAILED_VERIFICATION || r->result == CURLE_SSL_CACERT_BADFILE) {
		/* Not a network fault: retrying or checking that the cloud is up cannot help. */
		char *why = sanitize_line(r->errbuf[0] ? r->errbuf : curl_easy_strerror(r->result), 160);

		*cause = xasprintf("%s: the cloud's TLS certificate is not trusted; set cacert in clouds.yaml "
				   "(or OS_CACERT) to the CA that signed it", why);
		*msg = xasprintf("%s %s: %s", r->method, url, *cause);
		free(why);
		rc = ERR_TLS;
	} else if (r->result != CURLE_OK) {
		*cause = sanitize_line(r->errbuf[0] ? r->errbuf : curl_easy_strerror(r->result), 200);
		*msg = xasprintf("%s %s: %s%s", r->method, url, *cause, tries);
		rc = ERR_NET;
	} else if (r->status >= 200 && r->status < 300) {
		*msg = xstrdup("");
		rc = 0;
	} else if (r->status >= 300 && r->status < 400) {
		loc = sanitize_line(r->location ? r->location : "nowhere", HTTP_URL_IN_MSG);
		*msg = xasprintf("%s %s: HTTP %ld redirect to %s not followed; check the endpoint URL "
				 "(auth_url or the catalog)", r->method, url, r->status, loc);
	} else {
		*cause = errbody_extract_message(r->resp.data, r->resp.len, ERRBODY_MAX_MESSAGE);
		if (r->request_id)
			rid = sanitize_line(r->request_id, 80);
		*msg = xasprintf("%s %s: HTTP %ld%s%s%s%s%s%s", r->method, url, r->status,
				 *cause ? ": " : "", *cause ? *cause : "",
				 rid ? " (request " : "", rid ? rid : "", rid ? ")" : "", tries);
	}
	free(url);
	free(loc);
	free(rid);
	return rc;
}

static void http_on_finish(evutil_socket_t fd, short what, void *arg)
{
	struct http *h = arg;
	struct http_request *r;
	struct http_response resp;
	char *msg, *cause;

	while (!h->dying && (r = TAILQ_FIRST(&h->lists[REQ_FINISHED])) != NULL) {
		memset(&resp, 0, sizeof resp);
		resp.rc = http_describe(r, &msg, &cause);
		resp.error = msg;
		resp.status = r->status;
		resp.body = r->resp.data ? r->resp.data : "";
		resp.len = r->resp.len;
		resp.request_id = r->request_id;
		resp.subject_token = r->subject_token;
		resp.cause = cause;
		resp.attempts = r->attempts;
		/* Unlink first: the callback may free the engine or cancel others. */
		TAILQ_REMOVE(&h->lists[REQ_FINISHED], r, entry);
		h->counts[REQ_FINISHED]--;
		r->state = REQ_DELIVERING;
		h->delivering++;
		r->done(r->arg, &resp);
		h->delivering--;
		http_request_free(r);
		free(msg);
		free(cause);
	}
	if (h->dying && h->delivering == 0)
		http_free(h);
}

int http_new(struct http **out, struct event_base *base, const struct http_options *opt)
{
	struct http *h;
	int i;

	if (http_curl_users++ == 0 && curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		http_curl_users--;
		return err_set(ERR_NET, "cannot initialise libcurl");
	}
	h = xcalloc(1, sizeof *h);
	h->base = base;
	if (opt)
		h->opt = *opt;
	if (h->opt.max_requests <= 0)
		h->opt.max_requests = HTTP_DEFAULT_MAX_REQUESTS;
	if (h->opt.timeout_s <= 0)
		h->opt.timeout_s = HTTP_DEFAULT_TIMEOUT_S;
	if (h->opt.connect_timeout_s <= 0)
		h->opt.connect_timeout_s = h->opt.timeout_s < 10 ? h->opt.timeout_s : 10;
	if (h->opt.max_response == 0)
		h->opt.max_response = HTTP_DEFAULT_MAX_RESPONSE;
	if (h->opt.max_attempts <= 0)
		h->opt.max_attempts = RETRY_MAX_ATTEMPTS;
	if (h->opt.retry_base_ms <= 0)
		h->opt.retry_base_ms = RETRY_BASE_MS;
	if (h->opt.retry_cap_ms <= 0)
		h->opt.retry_cap_ms = RETRY_CAP_MS;
	if (h->opt.retry_after_max_s <= 0)
		h->opt.retry_after_max_s = RETRY_AFTER_MAX_S;
	h->cacert = xstrdup(h->opt.cacert);
	h->opt.cacert = NULL;
	h->rng = h->opt.seed ? h->opt.seed : (uint64_t)time(NULL) ^ (uint64_t)(uintptr_t)h;
	for (i = 0; i < 4; i++)
		TAILQ_INIT(&h->lists[i]);
	LIST_INIT(&h->socks);
	http_loop_attach(h);
	event_assign(&h->finish_ev, base, -1, 0, http_on_finish, h);
	*out = h;
	return 0;
}

void http_free(struct http *h)
{
	struct http_request *r;
	int i;

	if (h == NULL)
		return;
	for (i = 0; i < 4; i++)
		while ((r = TAILQ_FIRST(&h->lists[i])) != NULL)
			http_request_free(r);
	if (h->delivering > 0) {
		/* Called from a done callback: finish after it returns. */
		h->dying = 1;
		return;
	}
	http_loop_detach(h);
	event_del(&h->finish_ev);
	free(h->cacert);
	free(h);
	if (--http_curl_users == 0)
		curl_global_cleanup();
}

static int http_scheme_ok(const struct http *h, const char *url)
{
	return strncasecmp(url, "https://", 8) == 0 || (h->opt.allow_http && strncasecmp(url, "http://", 7) == 0);
}

int http_send(struct http *h, const struct http_req *req, http_done_fn done, void *arg,
	      struct http_request **handle)
{
	struct http_request *r;
	size_t i;

	if (req->url == NULL || !http_scheme_ok(h, req->url)) {
		char *url = sanitize_line(req->url, HTTP_URL_IN_MSG);
		int rc = err_set(ERR_INVALID, "refusing %s: only https:// URLs are allowed (http:// only when "
				 "auth_url itself is http://)", url);

		free(url);
		return rc;
	}
	r = xcalloc(1, sizeof *r);
	r->h = h;
	r->method = xstrdup(req->method ? req->method : "GET");
	r->url = xstrdup(req->url);
	if (req->body) {
		r->body = xstrndup(req->body, req->body_len);
		r->body_len = req->body_len;
	}
	r->idempotent = req->idempotent || retry_is_idempotent(r->method);
	for (i = 0; req->headers && req->headers[i]; i++)
		r->headers = curl_slist_append(r->headers, req->headers[i]);
	r->headers = curl_slist_append(r->headers, "Expect:");
	buf_init(&r->resp, h->opt.max_response);
	r->done = done;
	r->arg = arg;
	r->state = REQ_QUEUED;
	TAILQ_INSERT_TAIL(&h->lists[REQ_QUEUED], r, entry);
	h->counts[REQ_QUEUED]++;
	if (handle)
		*handle = r;
	http_pump_queue(h);
	return 0;
}

void http_cancel(struct http *h, struct http_request *r)
{
	if (r)
		http_request_free(r);
}

size_t http_busy(const struct http *h)
{
	return h->counts[REQ_QUEUED] + h->counts[REQ_ACTIVE] + h->counts[REQ_WAITING] + h->counts[REQ_FINISHED];
}
