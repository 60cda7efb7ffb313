/* Tests of src/cloud/http.c for real, against tests/fakecloud/fakecloud.py. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>
#include <event2/event.h>

#include "cloud/http.h"
#include "core/error.h"
#include "tests/unit/cloud_testlib.h"

struct result {
	int done;
	int rc;
	long status;
	char error[1024];
	char *body;
	size_t len;
	int has_request_id;
	char token[128];
	unsigned attempts;
	int order;
};

static int finished;

static void on_done(void *arg, const struct http_response *r)
{
	struct result *res = arg;

	res->done = 1;
	res->order = ++finished;
	res->rc = r->rc;
	res->status = r->status;
	snprintf(res->error, sizeof res->error, "%s", r->error);
	res->body = malloc(r->len + 1);
	memcpy(res->body, r->body, r->len + 1);
	res->len = r->len;
	res->has_request_id = r->request_id != NULL;
	snprintf(res->token, sizeof res->token, "%s", r->subject_token ? r->subject_token : "");
	res->attempts = r->attempts;
}

struct env {
	struct fake fake;
	struct event_base *base;
	struct http *http;
};

static struct env *env_new(const char *const *args, const struct http_options *opt)
{
	struct env *e = calloc(1, sizeof *e);
	struct http_options o;

	if (fake_start(&e->fake, args) < 0)
		fail_msg("cannot start fakecloud.py");
	e->base = event_base_new();
	if (opt)
		o = *opt;
	else
		memset(&o, 0, sizeof o);
	o.allow_http = 1;
	if (o.seed == 0)
		o.seed = 1;
	assert_int_equal(http_new(&e->http, e->base, &o), 0);
	finished = 0;
	return e;
}

static void env_free(struct env *e)
{
	http_free(e->http);
	event_base_free(e->base);
	fake_stop(&e->fake);
	free(e);
}

/* Get a token (the fake needs one for Nova/Glance). */
static void get_token(struct env *e, char *tok, size_t size)
{
	static const char body[] = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": "
		"{\"name\": \"demo\", \"domain\": {\"id\": \"default\"}, \"password\": \"secret\"}}}}}";
	const char *headers[] = { "Content-Type: application/json", NULL };
	struct http_req req = { "POST", NULL, headers, body, sizeof body - 1, 1 };
	struct result r = { 0 };
	char url[128];

	snprintf(url, sizeof url, "%s/v3/auth/tokens", e->fake.base);
	req.url = url;
	assert_int_equal(http_send(e->http, &req, on_done, &r, NULL), 0);
	assert_int_equal(r.done, 0); /* never called back from inside http_send */
	assert_int_equal(loop_until(e->base, &r.done, 10), 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.status, 201);
	assert_true(r.has_request_id);
	snprintf(tok, size, "X-Auth-Token: %s", r.token);
	free(r.body);
}

static void nova_get(struct env *e, const char *tok, const char *path, struct result *r)
{
	const char *headers[] = { tok, NULL };
	struct http_req req = { "GET", NULL, headers, NULL, 0, 0 };
	char url[256];

	snprintf(url, sizeof url, "%s/compute/v2.1%s", e->fake.base, path);
	req.url = url;
	assert_int_equal(http_send(e->http, &req, on_done, r, NULL), 0);
}

static void test_get_and_errors(void **state)
{
	struct env *e = env_new(NULL, NULL);
	struct result a = { 0 }, b = { 0 };
	char tok[160];
	cJSON *j;

	get_token(e, tok, sizeof tok);
	nova_get(e, tok, "/servers/detail", &a);
	nova_get(e, tok, "/servers/00000000-0000-0000-0000-000000000000", &b);
	assert_int_equal(http_busy(e->http), 2);
	assert_int_equal(loop_until(e->base, &b.done, 10), 0);
	assert_int_equal(loop_until(e->base, &a.done, 10), 0);
	assert_int_equal(a.rc, 0);
	assert_non_null(j = cJSON_Parse(a.body));
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(j, "servers")), 11);
	cJSON_Delete(j);
	assert_int_equal(b.rc, ERR_HTTP);
	assert_int_equal(b.status, 404);
	assert_int_equal(b.attempts, 1);
	assert_non_null(strstr(b.error, "HTTP 404: Instance 00000000-0000-0000-0000-000000000000 could not be found."));
	assert_non_null(strstr(b.error, "(request req-"));
	assert_null(strstr(b.error, "fake-")); /* no token in messages */
	assert_int_equal(http_busy(e->http), 0);
	free(a.body);
	free(b.body);
	env_free(e);
}

static void test_503_honours_retry_after(void **state)
{
	static const char *const args[] = { "--fail503", "1", "--retry-after", "1", NULL };
	struct http_options o = { 0 };
	struct env *e;
	struct result r = { 0 };
	char tok[160];
	double t0;

	o.retry_base_ms = 1; /* the backoff alone would retry at once */
	e = env_new(args, &o);
	get_token(e, tok, sizeof tok);
	t0 = now_s();
	nova_get(e, tok, "/servers/detail", &r);
	assert_int_equal(loop_until(e->base, &r.done, 20), 0);
	assert_int_equal(r.rc, 0);
	assert_int_equal(r.attempts, 2);
	assert_true(now_s() - t0 >= 0.95);
	assert_int_equal(fake_stat(&e->fake, "nova"), 2);
	free(r.body);
	env_free(e);
}

static void test_retry_after_http_date_and_give_up(void **state)
{
	static const char *const args[] = { "--fail503", "9", "--retry-after", "date+1", NULL };
	struct http_options o = { 0 };
	struct env *e;
	struct result r = { 0 };
	char tok[160];
	double t0;

	o.retry_base_ms = 1;
	o.max_attempts = 3;
	e = env_new(args, &o);
	get_token(e, tok, sizeof tok);
	t0 = now_s();
	nova_get(e, tok, "/servers/detail", &r);
	assert_int_equal(loop_until(e->base, &r.done, 30), 0);
	assert_int_equal(r.rc, ERR_HTTP);
	assert_int_equal(r.status, 503);
	assert_int_equal(r.attempts, 3);
	/* An HTTP-date one second ahead waits 0-1 s (whole seconds); two waits. */
	assert_true(now_s() - t0 >= 0.5);
	assert_non_null(strstr(r.error, "HTTP 503: 503 Service Unavailable busy (fake)"));
	assert_non_null(strstr(r.error, "after 3 attempts"));
	free(r.body);
	env_free(e);
}

static void test_500_retried_for_get_only(void **state)
{
	static const char *const args[] = { "--fail500", "1", NULL };
	const char *headers[2] = { NULL, NULL };
	struct http_options o = { 0 };
	struct env *e;
	struct result r = { 0 }, p = { 0 };
	struct http_req req = { "POST", NULL, headers, "{}", 2, 0 };
	char tok[160], url[256];

	o.retry_base_ms = 1;
	e = env_new(args, &o);
	get_token(e, tok, sizeof tok);
	headers[0] = tok;
	snprintf(url, sizeof url, "%s/compute/v2.1/servers/detail", e->fake.base);
	req.url = url;
	assert_int_equal(http_send(e->http, &req, on_done, &p, NULL), 0);
	assert_int_equal(loop_until(e->base, &p.done, 10), 0);
	assert_int_equal(p.status, 500);
	assert_int_equal(p.attempts, 1);
	assert_non_null(strstr(p.error, "Unexpected API Error (fake)."));
	nova_get(e, tok, "/servers/detail", &r);
	assert_int_equal(loop_until(e->base, &r.done, 10), 0);
	assert_int_equal(r.rc, 0);
	free(r.body);
	free(p.body);
	env_free(e);
}

static void test_size_cap_aborts(void **state)
{
	static const char *const args[] = { "--huge", NULL };
	struct env *e = env_new(args, NULL);
	struct result r = { 0 };
	char tok[160];

	get_token(e, tok, sizeof tok);
	nova_get(e, tok, "/servers/detail", &r);
	assert_int_equal(loop_until(e->base, &r.done, 30), 0);
	assert_int_equal(r.rc, ERR_TOOBIG);
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(r.error, "larger than 16 MB"));
	assert_non_null(strstr(r.error, "/compute/v2.1/servers/detail"));
	free(r.body);
	env_free(e);
}

static void test_size_cap_without_content_length(void **state)
{
	static const char *const args[] = { "--huge-mb", "3", "--chunked", NULL };
	struct http_options o = { 0 };
	struct env *e;
	struct result r = { 0 };
	char tok[160];

	o.max_response = 2 * 1024 * 1024;
	e = env_new(args, &o);
	get_token(e, tok, sizeof tok);
	nova_get(e, tok, "/servers/detail", &r);
	assert_int_equal(loop_until(e->base, &r.done, 30), 0);
	assert_int_equal(r.rc, ERR_TOOBIG);
	assert_int_equal(r.attempts, 1);
	assert_non_null(strstr(r.error, "larger than 2 MB"));
	free(r.body);
	env_free(e);
}

static void test_timeout_is_retried_for_get(void **state)
{
	static const char *const args[] = { "--slow", "1.5", NULL };
	struct http_options o = { 0 };
	struct env *e;
	struct result r = { 0 };
	char tok[160];

	o.timeout_s = 1;
	o.max_attempts = 2;
	o.retry_base_ms = 1;
	e = env_new(args, &o);
	get_token(e, tok, sizeof tok);
	nova_get(e, tok, "/servers/detail", &r);
	assert_int_equal(loop_until(e->base, &r.done, 30), 0);
	assert_int_equal(r.rc, ERR_TIMEOUT);
	assert_int_equal(r.attempts, 2);
	assert_non_null(strstr(r.error, "no complete answer within 1 s (after 2 attempts)"));
	free(r.body);
	env_free(e);
}

static void test_small_cap(void **state)
{
	struct http_options o = { 0 };
	struct env *e;
	struct result t = { 0 };
	struct http_req req = { "POST", NULL, NULL, NULL, 0, 0 };
	static const char body[] = "{\"auth\": {\"identity\": {\"methods\": [\"password\"], \"password\": {\"user\": "
		"{\"name\": \"demo\", \"domain\": {\"id\": \"default\"}, \"password\": \"secret\"}}}}}";
	char url[128];

	o.max_response = 1000;
	e = env_new(NULL, &o);
	/* The token response (about 2.5 kB) is over this cap. */
	snprintf(url, sizeof url, "%s/v3/auth/tokens", e->fake.base);
	req.url = url;
	req.body = body;
	req.body_len = sizeof body - 1;
	assert_int_equal(http_send(e->http, &req, on_done, &t, NULL), 0);
	assert_int_equal(loop_until(e->base, &t.done, 10), 0);
	assert_int_equal(t.rc, ERR_TOOBIG);
	assert_int_equal(t.attempts, 1);
	assert_non_null(strstr(t.error, "larger than 1000 bytes"));
	free(t.body);
	env_free(e);
}

static void test_redirect_not_followed(void **state)
{
	static const char *const args[] = { "--redirect", NULL };
	struct env *e = env_new(args, NULL);
	struct result r = { 0 };
	char tok[160];

	get_token(e, tok, sizeof tok);
	nova_get(e, tok, "/servers/detail", &r);
	assert_int_equal(loop_until(e->base, &r.done, 10), 0);
	assert_int_equal(r.rc, ERR_HTTP);
	assert_int_equal(r.status, 302);
	assert_non_null(strstr(r.error, "redirect to http://elsewhere.invalid/ not followed"));
	free(r.body);
	env_free(e);
}

static void test_scheme_refused_and_connection_refused(void **state)
{
	struct event_base *base = event_base_new();
	struct http *h;
	struct http_options o = { 0 };
	struct http_req req = { "GET", "http://127.0.0.1:1/x", NULL, NULL, 0, 0 };
	struct result r = { 0 };

	o.retry_base_ms = 1;
	o.seed = 3;
	assert_int_equal(http_new(&h, base, &o), 0);
	assert_int_equal(http_send(h, &req, on_done, &r, NULL), ERR_INVALID);
	assert_non_null(strstr(err_last(), "only https://"));
	req.url = "ftp://127.0.0.1/x";
	assert_int_equal(http_send(h, &req, on_done, &r, NULL), ERR_INVALID);
	http_free(h);
	o.allow_http = 1;
	assert_int_equal(http_new(&h, base, &o), 0);
	req.url = "http://127.0.0.1:1/x";
	assert_int_equal(http_send(h, &req, on_done, &r, NULL), 0);
	assert_int_equal(loop_until(base, &r.done, 20), 0);
	assert_int_equal(r.rc, ERR_NET);
	assert_int_equal(r.status, 0);
	assert_int_equal(r.attempts, 4);
	assert_non_null(strstr(r.error, "GET http://127.0.0.1:1/x: "));
	free(r.body);
	http_free(h);
	event_base_free(base);
}

static void test_bounded_concurrency_fifo(void **state)
{
	static const char *const args[] = { "--slow", "0.3", NULL };
	struct http_options o = { 0 };
	struct env *e;
	struct result r[6];
	char tok[160];
	double t0;
	int i;

	o.max_requests = 2;
	e = env_new(args, &o);
	get_token(e, tok, sizeof tok);
	memset(r, 0, sizeof r);
	finished = 0;
	t0 = now_s();
	for (i = 0; i < 6; i++)
		nova_get(e, tok, "/servers/detail", &r[i]);
	assert_int_equal(http_busy(e->http), 6);
	assert_int_equal(loop_until(e->base, &r[5].done, 20), 0);
	/* Three rounds of two at 0.3 s each. */
	assert_true(now_s() - t0 >= 0.85);
	for (i = 0; i < 6; i++) {
		assert_int_equal(loop_until(e->base, &r[i].done, 5), 0);
		assert_int_equal(r[i].rc, 0);
		free(r[i].body);
	}
	/* Queued ones start in order: the last two finish last. */
	assert_true(r[4].order >= 5 && r[5].order >= 5);
	env_free(e);
}

struct freer {
	struct http **h;
	int done;
};

static void free_from_callback(void *arg, const struct http_response *r)
{
	struct freer *f = arg;

	f->done = 1;
	http_free(*f->h);
	*f->h = NULL;
}

static void never_called(void *arg, const struct http_response *r)
{
	fail_msg("a cancelled request was called back");
}

static void test_free_inside_callback_and_cancel(void **state)
{
	static const char *const args[] = { "--slow", "0.2", NULL };
	struct http_options o = { 0 };
	struct env *e;
	struct freer f = { 0 };
	struct http_request *handle;
	const char *headers[2] = { NULL, NULL };
	struct http_req req = { "GET", NULL, headers, NULL, 0, 0 };
	char tok[160], url[256], url2[256];

	o.max_requests = 1;
	e = env_new(args, &o);
	get_token(e, tok, sizeof tok);
	headers[0] = tok;
	snprintf(url, sizeof url, "%s/compute/v2.1/servers/detail", e->fake.base);
	snprintf(url2, sizeof url2, "%s/image/v2/images", e->fake.base);
	req.url = url;
	f.h = &e->http;
	assert_int_equal(http_send(e->http, &req, free_from_callback, &f, NULL), 0);
	req.url = url2;
	assert_int_equal(http_send(e->http, &req, never_called, NULL, &handle), 0);
	assert_int_equal(http_send(e->http, &req, never_called, NULL, NULL), 0);
	http_cancel(e->http, handle);
	assert_int_equal(http_busy(e->http), 2);
	assert_int_equal(loop_until(e->base, &f.done, 10), 0);
	assert_null(e->http);
	/* Nothing else runs: the loop is quiet. */
	event_base_loop(e->base, EVLOOP_NONBLOCK);
	event_base_free(e->base);
	fake_stop(&e->fake);
	free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_get_and_errors),
		cmocka_unit_test(test_503_honours_retry_after),
		cmocka_unit_test(test_retry_after_http_date_and_give_up),
		cmocka_unit_test(test_500_retried_for_get_only),
		cmocka_unit_test(test_size_cap_aborts),
		cmocka_unit_test(test_size_cap_without_content_length),
		cmocka_unit_test(test_timeout_is_retried_for_get),
		cmocka_unit_test(test_small_cap),
		cmocka_unit_test(test_redirect_not_followed),
		cmocka_unit_test(test_scheme_refused_and_connection_refused),
		cmocka_unit_test(test_bounded_concurrency_fifo),
		cmocka_unit_test(test_free_inside_callback_and_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
