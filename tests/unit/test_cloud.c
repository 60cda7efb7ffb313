/* Tests of src/cloud/cloud.c (cloud.h) end to end against tests/fakecloud/fakecloud.py. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <event2/event.h>

#include "cloud/cloud.h"
#include "core/clouds.h"
#include "core/config.h"
#include "core/error.h"
#include "core/model.h"
#include "tests/unit/cloud_testlib.h"

#define TRAINING "ff28535e775740548cb7ef33f8e524ca"

struct result {
	int done;
	int calls;
	int rc;
	char msg[1024];
};

static void on_done(void *arg, int rc, const char *msg)
{
	struct result *r = arg;

	r->done = 1;
	r->calls++;
	r->rc = rc;
	snprintf(r->msg, sizeof r->msg, "%s", msg);
}

struct env {
	struct fake fake;
	struct event_base *base;
	struct cloud *cloud;
	struct model model;
};

static struct env *env_new_with(const char *const *args, const char *password, const char *auth_url)
{
	struct env *e = calloc(1, sizeof *e);
	struct clouds_config creds;
	struct config settings;

	if (fake_start(&e->fake, args) < 0)
		fail_msg("cannot start fakecloud.py");
	e->base = event_base_new();
	fake_creds(&e->fake, &creds, password);
	if (auth_url)
		creds.auth_url = (char *)auth_url;
	memset(&settings, 0, sizeof settings);
	settings.max_requests = 4;
	settings.request_timeout = 20;
	assert_int_equal(cloud_new(&e->cloud, e->base, &creds, &settings), 0);
	model_init(&e->model);
	return e;
}

static struct env *env_new(const char *const *args)
{
	return env_new_with(args, "secret", NULL);
}

static void env_free(struct env *e)
{
	cloud_free(e->cloud);
	model_dispose(&e->model);
	event_base_free(e->base);
	fake_stop(&e->fake);
	free(e);
}

static void wait_for(struct env *e, struct result *r, double seconds)
{
	assert_int_equal(loop_until(e->base, &r->done, seconds), 0);
	assert_int_equal(r->calls, 1);
}

static void test_connect_and_servers_across_pages(void **state)
{
	static const char *const args[] = { "--page-size", "4", NULL };
	struct env *e = env_new(args);
	struct result c = { 0 }, s = { 0 };

	assert_null(cloud_project_name(e->cloud));
	assert_string_equal(cloud_name(e->cloud), "fake");
	assert_int_equal(cloud_connect(e->cloud, on_done, &c), 0);
	wait_for(e, &c, 10);
	assert_int_equal(c.rc, 0);
	assert_string_equal(c.msg, "");
	assert_string_equal(cloud_project_name(e->cloud), "builders");
	assert_string_equal(cloud_project_id(e->cloud), "b5687b4dd97d4c9f8dfa247c04c9295b");
	assert_string_equal(cloud_region(e->cloud), "RegionOne");
	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	assert_true(cloud_busy(e->cloud) > 0);
	wait_for(e, &s, 20);
	assert_int_equal(s.rc, 0);
	assert_int_equal(e->model.n_servers, 11);
	assert_non_null(model_find_server(&e->model, "dc1fd926-c980-4efa-be26-345229761443"));
	assert_true(e->model.loaded_at[MODEL_SERVERS] > 0);
	assert_int_equal(fake_stat(&e->fake, "nova"), 3);
	assert_int_equal(fake_stat(&e->fake, "auth"), 1);
	assert_int_equal(cloud_busy(e->cloud), 0);
	env_free(e);
}

static void test_generated_clusters_foreign_links_and_evil_names(void **state)
{
	static const char *const args[] = { "--servers", "25", "--page-size", "10", "--foreign-links",
					    "--evil-name", NULL };
	struct env *e = env_new(args);
	struct result s = { 0 };
	const struct server *evil;
	size_t i;

	/* No connect first: operations authenticate on demand. */
	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	wait_for(e, &s, 20);
	assert_int_equal(s.rc, 0);
	assert_int_equal(e->model.n_servers, 26);
	assert_true(e->model.n_clusters >= 2);
	assert_string_equal(e->model.clusters[0].name, "spark/fake");
	assert_int_equal(e->model.clusters[0].n_servers, 9);
	evil = model_find_server(&e->model, "00000000-0000-4000-8000-000000000025");
	assert_non_null(evil);
	assert_non_null(strchr(evil->name, '\x1b')); /* kept raw; the UI sanitizes */
	assert_non_null(evil->fault);
	for (i = 0; i < e->model.n_servers; i++)
		if (e->model.servers[i].cluster)
			assert_non_null(e->model.servers[i].role);
	assert_int_equal(fake_stat(&e->fake, "nova"), 3);
	env_free(e);
}

static void test_images_with_member_status(void **state)
{
	static const char *const args[] = { "--images", "23", "--page-size", "5", NULL };
	struct env *e = env_new(args);
	struct result r = { 0 };
	const struct image *im;

	assert_int_equal(cloud_load_images(e->cloud, &e->model, on_done, &r), 0);
	wait_for(e, &r, 20);
	assert_int_equal(r.rc, 0);
	assert_int_equal(e->model.n_images, 23);
	im = model_find_image(&e->model, "11111111-0000-4000-8000-000000000000");
	assert_string_equal(im->member_status, "pending");
	im = model_find_image(&e->model, "11111111-0000-4000-8000-000000000005");
	assert_string_equal(im->member_status, "accepted");
	im = model_find_image(&e->model, "11111111-0000-4000-8000-000000000010");
	assert_string_equal(im->member_status, "rejected");
	im = model_find_image(&e->model, "11111111-0000-4000-8000-000000000007");
	assert_null(im->member_status);
	assert_string_equal(im->recipe, "hail-base/1.7.0");
	/* 5 pages of 5 (the last one empty: Glance links while a page is full) + 5 member lookups. */
	assert_int_equal(fake_stat(&e->fake, "glance"), 5 + 5);
	env_free(e);
}

static void test_projects_and_rescope(void **state)
{
	struct env *e = env_new(NULL);
	struct result p = { 0 }, s = { 0 }, i = { 0 }, bad = { 0 };
	const struct image *vsnap;

	assert_int_equal(cloud_load_projects(e->cloud, &e->model, on_done, &p), 0);
	wait_for(e, &p, 10);
	assert_int_equal(p.rc, 0);
	assert_int_equal(e->model.n_projects, 2);
	assert_string_equal(model_find_project(&e->model, TRAINING)->name, "training");
	assert_int_equal(cloud_rescope(e->cloud, "no-such-project", on_done, &bad), 0);
	wait_for(e, &bad, 10);
	assert_int_equal(bad.rc, ERR_AUTH);
	assert_non_null(strstr(bad.msg, "refused to scope user demo to project no-such-project"));
	assert_string_equal(cloud_project_name(e->cloud), "builders"); /* the old scope stays */
	assert_int_equal(cloud_rescope(e->cloud, TRAINING, on_done, &s), 0);
	wait_for(e, &s, 10);
	assert_int_equal(s.rc, 0);
	assert_string_equal(cloud_project_name(e->cloud), "training");
	/* The recorded shared image is accepted by training. */
	assert_int_equal(cloud_load_images(e->cloud, &e->model, on_done, &i), 0);
	wait_for(e, &i, 10);
	assert_int_equal(i.rc, 0);
	vsnap = model_find_image(&e->model, "d44cc0b9-49e8-45a0-b441-ed424a1f52c6");
	assert_non_null(vsnap);
	assert_string_equal(vsnap->member_status, "accepted");
	assert_null(model_find_image(&e->model, "8659b12e-a4ca-4269-bd79-094620d557af")->member_status);
	assert_int_equal(cloud_rescope(e->cloud, "", on_done, &s), ERR_INVALID);
	env_free(e);
}

static void test_appcred_cannot_rescope(void **state)
{
	struct event_base *base = event_base_new();
	struct clouds_config creds;
	struct cloud *c;
	struct result r = { 0 };

	memset(&creds, 0, sizeof creds);
	creds.name = (char *)"ac";
	creds.auth_type = CLOUDS_AUTH_APPCRED;
	creds.auth_url = (char *)"https://keystone.example/v3";
	creds.app_cred_id = (char *)"appcred-id";
	creds.app_cred_secret = (char *)"secret";
	creds.verify = 1;
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	assert_int_equal(cloud_rescope(c, TRAINING, on_done, &r), ERR_INVALID);
	assert_non_null(strstr(err_last(), "application credential"));
	cloud_free(c);
	creds.auth_url = NULL;
	assert_int_equal(cloud_new(&c, base, &creds, NULL), ERR_CONFIG);
	assert_null(c);
	event_base_free(base);
}

static void test_appcred_connects(void **state)
{
	struct env *e = env_new(NULL);
	struct clouds_config creds;
	struct cloud *c;
	struct result r = { 0 };

	memset(&creds, 0, sizeof creds);
	creds.name = (char *)"fake-appcred";
	creds.auth_type = CLOUDS_AUTH_APPCRED;
	creds.auth_url = e->fake.auth_url;
	creds.app_cred_id = (char *)"appcred-id";
	creds.app_cred_secret = (char *)"secret";
	creds.verify = 1;
	assert_int_equal(cloud_new(&c, e->base, &creds, NULL), 0);
	assert_int_equal(cloud_connect(c, on_done, &r), 0);
	wait_for(e, &r, 10);
	assert_int_equal(r.rc, 0);
	assert_string_equal(cloud_project_name(c), "builders");
	cloud_free(c);
	env_free(e);
}

static void test_token_revoked_once_is_renewed(void **state)
{
	static const char *const args[] = { "--page-size", "4", "--revoke-after", "2", NULL };
	struct env *e = env_new(args);
	struct result s = { 0 };

	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	wait_for(e, &s, 20);
	assert_int_equal(s.rc, 0);
	assert_int_equal(e->model.n_servers, 11);
	assert_int_equal(fake_stat(&e->fake, "auth"), 2);
	assert_int_equal(fake_stat(&e->fake, "unauthorized"), 1);
	env_free(e);
}

static void test_token_revoked_for_good(void **state)
{
	static const char *const args[] = { "--revoke-all", NULL };
	struct env *e = env_new(args);
	struct result s = { 0 };

	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	wait_for(e, &s, 20);
	assert_int_equal(s.rc, ERR_AUTH);
	assert_non_null(strstr(s.msg, "token revoked or expired and re-authentication failed: "));
	assert_int_equal(fake_stat(&e->fake, "auth"), 2);
	assert_int_equal(fake_stat(&e->fake, "nova"), 2);
	assert_int_equal(e->model.n_servers, 0);
	env_free(e);
}

static void test_wrong_password(void **state)
{
	struct env *e = env_new_with(NULL, "wrong", NULL);
	struct result c = { 0 }, s = { 0 };

	assert_int_equal(cloud_connect(e->cloud, on_done, &c), 0);
	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	wait_for(e, &c, 10);
	wait_for(e, &s, 10);
	assert_int_equal(c.rc, ERR_AUTH);
	assert_string_equal(c.msg, "the cloud refused the credentials for user demo (HTTP 401): check the password / "
			    "OS_PASSWORD");
	assert_int_equal(s.rc, ERR_AUTH);
	assert_null(strstr(c.msg, "wrong"));
	/* One token request answered both. */
	assert_int_equal(fake_stat(&e->fake, "auth_failed"), 1);
	env_free(e);
}

static void test_unreachable_keystone(void **state)
{
	struct env *e = env_new_with(NULL, "secret", "http://127.0.0.1:1/v3");
	struct result c = { 0 };

	assert_int_equal(cloud_connect(e->cloud, on_done, &c), 0);
	wait_for(e, &c, 30);
	assert_int_equal(c.rc, ERR_NET);
	assert_non_null(strstr(c.msg, "cannot reach Keystone at http://127.0.0.1:1/v3 "));
	assert_non_null(strstr(c.msg, " (is the cloud up? check auth_url): "));
	env_free(e);
}

static void test_pagination_loop_and_huge(void **state)
{
	static const char *const loop_args[] = { "--page-size", "4", "--page-loop", NULL };
	static const char *const huge_args[] = { "--huge", NULL };
	struct env *e = env_new(loop_args);
	struct result s = { 0 };

	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	wait_for(e, &s, 20);
	assert_int_equal(s.rc, ERR_HTTP);
	assert_non_null(strstr(s.msg, "pagination loop"));
	assert_int_equal(e->model.n_servers, 0);
	env_free(e);

	e = env_new(huge_args);
	memset(&s, 0, sizeof s);
	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	wait_for(e, &s, 30);
	assert_int_equal(s.rc, ERR_TOOBIG);
	assert_non_null(strstr(s.msg, "larger than 16 MB"));
	env_free(e);
}

static void test_retry_on_503_then_ok(void **state)
{
	static const char *const args[] = { "--fail503", "2", "--retry-after", "0", NULL };
	struct env *e = env_new(args);
	struct result s = { 0 };

	assert_int_equal(cloud_load_servers(e->cloud, &e->model, on_done, &s), 0);
	wait_for(e, &s, 20);
	assert_int_equal(s.rc, 0);
	assert_int_equal(e->model.n_servers, 11);
	assert_int_equal(fake_stat(&e->fake, "nova"), 3);
	env_free(e);
}

static void never_called(void *arg, int rc, const char *msg)
{
	fail_msg("cloud_free called back: %s", msg);
}

struct freer {
	struct env *e;
	int done;
};

static void free_in_callback(void *arg, int rc, const char *msg)
{
	struct freer *f = arg;

	f->done = 1;
	cloud_free(f->e->cloud);
	f->e->cloud = NULL;
}

static void test_free_with_work_in_flight(void **state)
{
	static const char *const args[] = { "--slow", "0.3", "--images", "30", "--page-size", "5", NULL };
	struct env *e = env_new(args);
	struct result c = { 0 };
	struct freer f = { e, 0 };

	assert_int_equal(cloud_connect(e->cloud, on_done, &c), 0);
	wait_for(e, &c, 10);
	assert_int_equal(cloud_load_images(e->cloud, &e->model, never_called, NULL), 0);
	assert_int_equal(cloud_load_servers(e->cloud, &e->model, never_called, NULL), 0);
	assert_int_equal(cloud_load_projects(e->cloud, &e->model, never_called, NULL), 0);
	/* With a fresh token this finishes on the next turn of the loop, the loads still in flight. */
	assert_int_equal(cloud_connect(e->cloud, free_in_callback, &f), 0);
	assert_int_equal(loop_until(e->base, &f.done, 20), 0);
	assert_null(e->cloud);
	event_base_loop(e->base, EVLOOP_NONBLOCK);

	e->cloud = NULL;
	{
		struct clouds_config creds;

		fake_creds(&e->fake, &creds, "secret");
		assert_int_equal(cloud_new(&e->cloud, e->base, &creds, NULL), 0);
		assert_int_equal(cloud_load_images(e->cloud, &e->model, never_called, NULL), 0);
		assert_int_equal(cloud_connect(e->cloud, never_called, NULL), 0);
		/* Free before the loop ever ran. */
	}
	env_free(e);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_connect_and_servers_across_pages),
		cmocka_unit_test(test_generated_clusters_foreign_links_and_evil_names),
		cmocka_unit_test(test_images_with_member_status),
		cmocka_unit_test(test_projects_and_rescope),
		cmocka_unit_test(test_appcred_cannot_rescope),
		cmocka_unit_test(test_appcred_connects),
		cmocka_unit_test(test_token_revoked_once_is_renewed),
		cmocka_unit_test(test_token_revoked_for_good),
		cmocka_unit_test(test_wrong_password),
		cmocka_unit_test(test_unreachable_keystone),
		cmocka_unit_test(test_pagination_loop_and_huge),
		cmocka_unit_test(test_retry_on_503_then_ok),
		cmocka_unit_test(test_free_with_work_in_flight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
