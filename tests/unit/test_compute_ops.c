/*
 * Tests of the Nova half of src/cloud/ops.h: the pure request bodies
 * (compute_body.c, base64), the parsers of recorded sandbox answers
 * (compute.c, image.c), and the async glue against tests/fakecloud.
 */
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

#include "cloud/cloud.h"
#include "cloud/compute.h"
#include "cloud/errbody.h"
#include "cloud/image.h"
#include "cloud/ops.h"
#include "cloud/pager.h"
#include "core/base64.h"
#include "core/clouds.h"
#include "core/error.h"
#include "core/model.h"
#include "tests/unit/cloud_testlib.h"

#define ERROR_SERVER "ea7ae644-2dde-4ff1-8bd8-c4dc602f9778"
#define FAKE_SERVER "959a1820-f207-47aa-8cf9-a32305c660f0"

/* ---- base64 ---- */

static char *b64_round_trip(const char *text, size_t len)
{
	char *enc = base64_encode(text, len);
	unsigned char *dec;
	size_t n;

	assert_int_equal(base64_decode(&dec, &n, enc), 0);
	assert_int_equal(n, len);
	assert_memory_equal(dec, text, len);
	free(dec);
	return enc;
}

static void test_base64_vectors(void **state)
{
	static const char *const vec[][2] = {
		{ "", "" }, { "f", "Zg==" }, { "fo", "Zm8=" }, { "foo", "Zm9v" },
		{ "foob", "Zm9vYg==" }, { "fooba", "Zm9vYmE=" }, { "foobar", "Zm9vYmFy" },
	};
	static const char bin[] = { '\0', '\xff', '\xfe', '\x80', '\x7f', '#', '\n', '\0' };
	unsigned char *out;
	size_t i, n;
	char *e;

	for (i = 0; i < sizeof vec / sizeof vec[0]; i++) {
		e = b64_round_trip(vec[i][0], strlen(vec[i][0]));
		assert_string_equal(e, vec[i][1]);
		free(e);
	}
	for (i = 0; i <= sizeof bin; i++)
		free(b64_round_trip(bin, i));
	assert_int_equal(base64_decode(&out, &n, "Zm9"), ERR_PARSE);
	assert_null(out);
	assert_int_equal(base64_decode(&out, &n, "Zm=v"), ERR_PARSE);
	assert_int_equal(base64_decode(&out, &n, "Z==="), ERR_PARSE);
	assert_int_equal(base64_decode(&out, &n, "Zg==Zg=="), ERR_PARSE);
	assert_int_equal(base64_decode(&out, &n, "Zm9v\n"), ERR_PARSE);
}

/* ---- bodies ---- */

static cJSON *parse_body(const char *body)
{
	cJSON *j;

	assert_non_null(body);
	j = cJSON_Parse(body);
	assert_non_null(j);
	return j;
}

static void test_server_body(void **state)
{
	static const char cloud_init[] = "#cloud-config\nruncmd:\n  - [ sh, -c, \"echo h\u00e9llo > /x\" ]\n";
	static const char *const meta[] = { MODEL_META_ROLE, "builder", "sparkdeck-build", "hail-base/1.0.0", NULL };
	struct cloud_server_spec spec = { .name = "sparkdeck-build-hail", .image_id = "img", .flavor_id = "1",
					  .user_data = cloud_init, .metadata = meta, .key_name = "k",
					  .security_group = "sg" };
	const cJSON *s, *m;
	unsigned char *ud;
	size_t n;
	char *body;
	cJSON *j;

	assert_int_equal(compute_build_server(&body, &spec, 0), 0);
	j = parse_body(body);
	s = cJSON_GetObjectItem(j, "server");
	assert_string_equal(cJSON_GetObjectItem(s, "name")->valuestring, "sparkdeck-build-hail");
	assert_string_equal(cJSON_GetObjectItem(s, "imageRef")->valuestring, "img");
	assert_string_equal(cJSON_GetObjectItem(s, "flavorRef")->valuestring, "1");
	assert_string_equal(cJSON_GetObjectItem(s, "networks")->valuestring, "auto");
	assert_string_equal(cJSON_GetObjectItem(s, "key_name")->valuestring, "k");
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(s, "security_groups"), 0),
						"name")->valuestring, "sg");
	assert_int_equal(base64_decode(&ud, &n, cJSON_GetObjectItem(s, "user_data")->valuestring), 0);
	assert_int_equal(n, strlen(cloud_init));
	assert_string_equal((char *)ud, cloud_init);
	free(ud);
	m = cJSON_GetObjectItem(s, "metadata");
	assert_int_equal(cJSON_GetArraySize(m), 2);
	assert_string_equal(cJSON_GetObjectItem(m, MODEL_META_ROLE)->valuestring, "builder");
	assert_string_equal(cJSON_GetObjectItem(m, "sparkdeck-build")->valuestring, "hail-base/1.0.0");
	cJSON_Delete(j);
	free(body);

	/* The fallback without a network; an explicit network; "none" asked for. */
	assert_int_equal(compute_build_server(&body, &spec, 1), 0);
	j = parse_body(body);
	assert_string_equal(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "server"), "networks")->valuestring, "none");
	cJSON_Delete(j);
	free(body);
	spec.network_id = "net-1";
	assert_int_equal(compute_build_server(&body, &spec, 0), 0);
	j = parse_body(body);
	s = cJSON_GetArrayItem(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "server"), "networks"), 0);
	assert_string_equal(cJSON_GetObjectItem(s, "uuid")->valuestring, "net-1");
	cJSON_Delete(j);
	free(body);
	spec.network_id = CLOUD_NETWORK_NONE;
	spec.user_data = NULL;
	spec.metadata = NULL;
	spec.key_name = NULL;
	spec.security_group = NULL;
	assert_int_equal(compute_build_server(&body, &spec, 0), 0);
	assert_string_equal(body, "{\"server\":{\"name\":\"sparkdeck-build-hail\",\"imageRef\":\"img\","
			    "\"flavorRef\":\"1\",\"networks\":\"none\"}}");
	free(body);
}

static void test_server_body_refused(void **state)
{
	static const char *const odd[] = { "sparkdeck-role", NULL };
	static const char *const empty_key[] = { "", "v", NULL };
	struct cloud_server_spec spec = { .name = "s", .image_id = "i", .flavor_id = "f" };
	char *body = (char *)"x", *big, key[300];

	spec.name = "";
	assert_int_equal(compute_build_server(&body, &spec, 0), ERR_INVALID);
	assert_null(body);
	spec.name = "s";
	spec.flavor_id = NULL;
	assert_int_equal(compute_build_server(&body, &spec, 0), ERR_INVALID);
	spec.flavor_id = "f";
	spec.metadata = odd;
	assert_int_equal(compute_build_server(&body, &spec, 0), ERR_INVALID);
	assert_non_null(strstr(err_last(), "'sparkdeck-role' has no value"));
	spec.metadata = empty_key;
	assert_int_equal(compute_build_server(&body, &spec, 0), ERR_INVALID);
	memset(key, 'k', sizeof key - 1);
	key[sizeof key - 1] = '\0';
	{
		const char *const long_key[] = { key, "v", NULL };

		spec.metadata = long_key;
		assert_int_equal(compute_build_server(&body, &spec, 0), ERR_INVALID);
	}
	spec.metadata = NULL;
	/* 49152 bytes encode to 65536 (one too many); 49149 to 65532. */
	big = malloc(49153);
	memset(big, 'a', 49152);
	big[49152] = '\0';
	spec.user_data = big;
	assert_int_equal(compute_build_server(&body, &spec, 0), ERR_TOOBIG);
	assert_non_null(strstr(err_last(), "65535"));
	assert_null(body);
	big[49149] = '\0';
	assert_int_equal(compute_build_server(&body, &spec, 0), 0);
	free(body);
	free(big);
}

static void test_snapshot_keypair_console_bodies(void **state)
{
	static const char *const props[] = { IMAGE_RECIPE_PROPERTY, "hail-base/1.0.0", "sparkdeck_built_by",
					     "sparkdeck", NULL };
	const cJSON *a, *m;
	char *body;
	cJSON *j;

	assert_int_equal(compute_build_snapshot(&body, "hail-base-1.0.0", props), 0);
	j = parse_body(body);
	a = cJSON_GetObjectItem(j, "createImage");
	assert_string_equal(cJSON_GetObjectItem(a, "name")->valuestring, "hail-base-1.0.0");
	m = cJSON_GetObjectItem(a, "metadata");
	assert_int_equal(cJSON_GetArraySize(m), 2);
	assert_string_equal(cJSON_GetObjectItem(m, IMAGE_RECIPE_PROPERTY)->valuestring, "hail-base/1.0.0");
	cJSON_Delete(j);
	free(body);
	assert_int_equal(compute_build_snapshot(&body, "plain", NULL), 0);
	assert_string_equal(body, "{\"createImage\":{\"name\":\"plain\"}}");
	free(body);
	assert_int_equal(compute_build_snapshot(&body, NULL, props), ERR_INVALID);

	assert_int_equal(compute_build_keypair(&body, "sparkdeck-build-x", "ssh-ed25519 AAAA x"), 0);
	assert_string_equal(body, "{\"keypair\":{\"name\":\"sparkdeck-build-x\",\"public_key\":\"ssh-ed25519 AAAA x\"}}");
	free(body);
	assert_int_equal(compute_build_keypair(&body, "k", ""), ERR_INVALID);

	assert_int_equal(compute_build_console(&body, 0), 0);
	assert_string_equal(body, "{\"os-getConsoleOutput\":{}}");
	free(body);
	assert_int_equal(compute_build_console(&body, 40), 0);
	assert_string_equal(body, "{\"os-getConsoleOutput\":{\"length\":41}}");
	free(body);
	assert_int_equal(compute_build_console(&body, -1), ERR_INVALID);
}

/* ---- recorded answers ---- */

static void test_recorded_error_server(void **state)
{
	cJSON *j = fixture_json("compute_server_error.json");
	struct server s;

	assert_int_equal(compute_parse_server(&s, cJSON_GetObjectItem(j, "server")), 0);
	assert_string_equal(s.id, ERROR_SERVER);
	assert_string_equal(s.status, "ERROR");
	assert_null(s.task_state);
	assert_string_equal(s.fault, "No valid host was found. ");
	assert_string_equal(s.role, "builder");
	assert_null(s.cluster);
	assert_int_equal(s.n_addrs, 0);
	model_server_dispose(&s);
	cJSON_Delete(j);

	j = fixture_json("compute_server_metadata.json");
	assert_int_equal(compute_parse_server(&s, cJSON_GetObjectItem(j, "server")), 0);
	assert_string_equal(s.status, "ACTIVE");
	assert_null(s.fault);
	assert_string_equal(s.flavor, "m1.tiny");
	assert_string_equal(s.role, "builder");
	model_server_dispose(&s);
	cJSON_Delete(j);
}

static void test_recorded_action_answers(void **state)
{
	cJSON *j = fixture_json("compute_server_create.json");
	const char *id, *text;
	char *reason, *raw;
	size_t len;

	assert_int_equal(compute_parse_created_id(&id, j), 0);
	assert_string_equal(id, "a5127aef-6c37-4e21-9d6a-54bb97a9e5cd");
	assert_null(cJSON_GetObjectItem(cJSON_GetObjectItem(j, "server"), "adminPass")); /* not recorded */
	assert_int_equal(compute_parse_snapshot_id(&id, j), ERR_PARSE);
	cJSON_Delete(j);
	j = fixture_json("compute_snapshot.json");
	assert_int_equal(compute_parse_snapshot_id(&id, j), 0);
	assert_string_equal(id, "0bf2a730-30b3-4717-97a8-cdcad0a5a5a7");
	assert_int_equal(compute_parse_created_id(&id, j), ERR_PARSE);
	cJSON_Delete(j);
	j = fixture_json("compute_console.json");
	assert_int_equal(compute_parse_console(&text, j), 0);
	assert_string_equal(text, "LAST LINE");
	cJSON_Delete(j);
	j = cJSON_Parse("{\"output\": null}");
	assert_int_equal(compute_parse_console(&text, j), 0);
	assert_string_equal(text, "");
	cJSON_Delete(j);
	assert_int_equal(compute_parse_console(&text, NULL), ERR_PARSE);
	assert_string_equal(compute_console_tail("a\nb\nc\n", 1), "c\n");
	assert_string_equal(compute_console_tail("a\nb\nc\n", 2), "b\nc\n");
	assert_string_equal(compute_console_tail("a\nb\nc", 1), "c");
	assert_string_equal(compute_console_tail("a\nb\nc", 5), "a\nb\nc");
	assert_string_equal(compute_console_tail("a\n\n", 1), "\n");
	assert_string_equal(compute_console_tail("only yet\n", 1), "only yet\n");
	assert_string_equal(compute_console_tail("x\ny", 0), "x\ny");
	assert_string_equal(compute_console_tail("", 3), "");

	/* The reasons the ops look at, as errbody extracts them from recorded errors. */
	raw = fixture_read("compute_error_stop_409.json", &len);
	reason = errbody_extract_message(raw, len, ERRBODY_MAX_MESSAGE);
	assert_true(compute_reason_already_stopped(reason));
	assert_false(compute_reason_no_auto_network(reason));
	free(reason);
	free(raw);
	raw = fixture_read("compute_error_auto_network.json", &len);
	reason = errbody_extract_message(raw, len, ERRBODY_MAX_MESSAGE);
	assert_true(compute_reason_no_auto_network(reason));
	assert_false(compute_reason_already_stopped(reason));
	free(reason);
	free(raw);
	assert_false(compute_reason_already_stopped("Cannot 'stop' instance x while it is in vm_state building"));
	assert_true(compute_reason_already_stopped("Cannot 'stop' instance x while it is in task_state powering-off"));
	raw = fixture_read("image_error_protected.txt", &len);
	reason = errbody_extract_message(raw, len, ERRBODY_MAX_MESSAGE);
	assert_non_null(strstr(reason, "is protected and cannot be deleted"));
	free(reason);
	free(raw);
}

static void test_recorded_flavors(void **state)
{
	cJSON *j = fixture_json("compute_flavors.json");
	struct compute_flavor *v = NULL;
	size_t n = 0;

	assert_int_equal(compute_parse_flavors(&v, &n, j), 0);
	cJSON_Delete(j);
	assert_int_equal(n, 3);
	assert_string_equal(v[0].id, "1");
	assert_string_equal(v[0].name, "m1.tiny");
	assert_int_equal(v[0].ram_mb, 512);
	assert_int_equal(v[0].disk_gb, 1);
	assert_int_equal(v[2].vcpus, 2);
	assert_int_equal(compute_flavor_match(v, n, "1"), 0);
	assert_int_equal(compute_flavor_match(v, n, "m1.small"), 1);
	assert_int_equal(compute_flavor_match(v, n, "m1.SMALL"), -1);
	assert_int_equal(compute_flavor_match(v, n, "m1.nope"), -1);
	assert_int_equal(compute_flavor_not_found(v, n, "m1.nope"), ERR_NOTFOUND);
	assert_string_equal(err_last(), "flavor 'm1.nope' not found; flavors: m1.tiny, m1.small, m1.medium");
	/* An id wins over a name that looks like it. */
	free(v[1].name);
	v[1].name = strdup("1");
	assert_int_equal(compute_flavor_match(v, n, "1"), 0);
	compute_flavors_free(v, n);
	assert_int_equal(compute_flavor_not_found(NULL, 0, "x\x1b[2J"), ERR_NOTFOUND);
	assert_null(strchr(err_last(), '\x1b'));
}

static void test_recorded_keypairs(void **state)
{
	cJSON *j = fixture_json("compute_keypairs.json");
	char **names = NULL;
	size_t n = 0;

	assert_int_equal(compute_parse_keypair_names(&names, &n, j), 0);
	assert_int_equal(n, 1);
	assert_string_equal(names[0], "sdtest a1 k2"); /* spaces are allowed */
	assert_null(names[1]);
	assert_non_null(strstr(pager_find_next(j, COMPUTE_KEYPAIRS_LINKS), "marker=sdtest+a1+k2"));
	cJSON_Delete(j);
	compute_names_free(names, n);
}

static void test_recorded_snapshot_image(void **state)
{
	cJSON *j = fixture_json("image_snapshot.json");
	struct image im;

	assert_int_equal(image_parse_image(&im, j), 0);
	assert_string_equal(im.id, "0bf2a730-30b3-4717-97a8-cdcad0a5a5a7");
	assert_string_equal(im.status, "active");
	assert_string_equal(im.name, "sdtest-a1-snap");
	assert_string_equal(im.recipe, "a1/1.0");
	model_image_dispose(&im);
	cJSON_Delete(j);
}

/* ---- async glue against the fake cloud ---- */

struct got {
	int done;
	int calls;
	int rc;
	char msg[512];
	char text[128];
	size_t n;
};

static void got(struct got *g, int rc, const char *msg)
{
	g->done = 1;
	g->calls++;
	g->rc = rc;
	snprintf(g->msg, sizeof g->msg, "%s", msg);
}

static void on_server(void *arg, int rc, const char *msg, const struct server *s)
{
	struct got *g = arg;

	got(g, rc, msg);
	if (s)
		snprintf(g->text, sizeof g->text, "%s %s", s->name, s->status);
}

static void on_servers(void *arg, int rc, const char *msg, const struct server *v, size_t n)
{
	struct got *g = arg;

	got(g, rc, msg);
	g->n = n;
}

static void on_status(void *arg, int rc, const char *msg, long status)
{
	got(arg, rc, msg);
}

static void on_never(void *arg, int rc, const char *msg, const struct server *s)
{
	fail_msg("called back after cloud_free: %d %s", rc, msg);
}

static void test_fake_get_list_and_cancel(void **state)
{
	static const char *const slow[] = { "--slow", "2", NULL };
	struct got a = { 0 }, b = { 0 }, l = { 0 }, z = { 0 };
	struct event_base *base = event_base_new();
	struct clouds_config creds;
	struct cloud *c;
	struct fake f;

	assert_int_equal(fake_start(&f, NULL), 0);
	fake_creds(&f, &creds, "secret");
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	assert_int_equal(cloud_server_get(c, "a/b", on_server, &a), ERR_INVALID);
	assert_int_equal(cloud_server_delete(c, "..", on_status, &a), ERR_INVALID);
	assert_int_equal(cloud_keypair_delete(c, "a/b", on_status, &a), ERR_INVALID);
	assert_int_equal(cloud_image_delete(c, "", on_status, &a), ERR_INVALID);
	assert_int_equal(a.calls, 0);
	assert_int_equal(cloud_server_get(c, FAKE_SERVER, on_server, &a), 0);
	assert_int_equal(cloud_server_get(c, "00000000-0000-0000-0000-000000000000", on_server, &b), 0);
	assert_int_equal(cloud_server_list(c, on_servers, &l), 0);
	assert_int_equal(loop_until(base, &a.done, 10), 0);
	assert_int_equal(loop_until(base, &b.done, 10), 0);
	assert_int_equal(loop_until(base, &l.done, 10), 0);
	assert_int_equal(a.rc, 0);
	assert_string_equal(a.text, "par-8 ACTIVE");
	assert_int_equal(b.rc, ERR_NOTFOUND);
	assert_string_equal(b.msg, "server 00000000-0000-0000-0000-000000000000 not found");
	assert_int_equal(l.rc, 0);
	assert_int_equal(l.n, 11);
	assert_int_equal(a.calls + b.calls + l.calls, 3);
	cloud_free(c);
	fake_stop(&f);

	/* Freed while in flight: no callback, nothing leaked (ASan builds check). */
	assert_int_equal(fake_start(&f, slow), 0);
	fake_creds(&f, &creds, "secret");
	assert_int_equal(cloud_new(&c, base, &creds, NULL), 0);
	assert_int_equal(cloud_server_get(c, FAKE_SERVER, on_never, NULL), 0);
	assert_int_equal(cloud_server_list(c, on_servers, &z), 0);
	assert_int_equal(cloud_server_delete(c, FAKE_SERVER, on_status, &z), 0);
	event_base_loop(base, EVLOOP_NONBLOCK);
	cloud_free(c);
	event_base_free(base);
	fake_stop(&f);
	assert_int_equal(z.calls, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_base64_vectors),
		cmocka_unit_test(test_server_body),
		cmocka_unit_test(test_server_body_refused),
		cmocka_unit_test(test_snapshot_keypair_console_bodies),
		cmocka_unit_test(test_recorded_error_server),
		cmocka_unit_test(test_recorded_action_answers),
		cmocka_unit_test(test_recorded_flavors),
		cmocka_unit_test(test_recorded_keypairs),
		cmocka_unit_test(test_recorded_snapshot_image),
		cmocka_unit_test(test_fake_get_list_and_cancel),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
