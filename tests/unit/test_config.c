#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/config.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "tmptree.h"

/* A temporary HOME, with XDG_CONFIG_HOME and SPARKDECK_CONFIG unset. */
static int setup(void **state)
{
	char *root = tmptree_new(), *home = tmptree_mkdir(root, "home");

	setenv("HOME", home, 1);
	unsetenv("XDG_CONFIG_HOME");
	unsetenv("SPARKDECK_CONFIG");
	free(home);
	*state = root;
	return 0;
}

static int teardown(void **state)
{
	tmptree_remove(*state);
	free(*state);
	return 0;
}

/* ROOT/rel as a new string. */
static char *at(void **state, const char *rel)
{
	return xasprintf("%s/%s", (char *)*state, rel);
}

static void test_defaults(void **state)
{
	struct config c;
	char *want;

	config_defaults(&c);
	assert_null(c.path);
	assert_null(c.cloud);
	assert_int_equal(c.refresh_seconds, 30);
	assert_int_equal(c.max_requests, 10);
	assert_int_equal(c.request_timeout, 30);
	assert_int_equal(c.color, 1);
	assert_null(c.ssh_user);
	assert_null(c.ssh_key);
	assert_string_equal(c.known_hosts, "ask");
	assert_null(c.jump_host);
	want = at(state, "home/.config/sparkdeck/images");
	assert_string_equal(c.images_dir, want);
	free(want);
	want = at(state, "home/.config/sparkdeck/clusters");
	assert_string_equal(c.clusters_dir, want);
	free(want);
	/* No file at the default place: the defaults stand. */
	assert_int_equal(config_load(&c, NULL), 0);
	assert_null(c.path);
	assert_int_equal(c.max_requests, 10);
	config_dispose(&c);
}

static void test_xdg_config_home(void **state)
{
	struct config c;
	char *xdg = at(state, "xdg"), *want, *file;

	setenv("XDG_CONFIG_HOME", xdg, 1);
	config_defaults(&c);
	want = at(state, "xdg/sparkdeck/images");
	assert_string_equal(c.images_dir, want);
	free(want);
	file = tmptree_write(*state, "xdg/sparkdeck/sparkdeck.conf", "max_requests = 3;\n", 0600);
	assert_int_equal(config_load(&c, NULL), 0);
	assert_string_equal(c.path, file);
	assert_int_equal(c.max_requests, 3);
	config_dispose(&c);
	free(file);
	/* A relative XDG_CONFIG_HOME is ignored, as the XDG spec says. */
	setenv("XDG_CONFIG_HOME", "relative/dir", 1);
	config_defaults(&c);
	want = at(state, "home/.config/sparkdeck/clusters");
	assert_string_equal(c.clusters_dir, want);
	free(want);
	config_dispose(&c);
	free(xdg);
}

static void test_every_setting(void **state)
{
	struct config c;
	char *file = tmptree_data("config/sparkdeck.conf"), *want;

	config_defaults(&c);
	assert_int_equal(config_load(&c, file), 0);
	assert_string_equal(c.path, file);
	assert_string_equal(c.cloud, "lab");
	assert_int_equal(c.refresh_seconds, 15);
	assert_int_equal(c.max_requests, 20);
	assert_int_equal(c.request_timeout, 120);
	assert_int_equal(c.color, 0);
	assert_string_equal(c.ssh_user, "ubuntu");
	want = at(state, "home/.ssh/id_ed25519");
	assert_string_equal(c.ssh_key, want);
	free(want);
	assert_string_equal(c.known_hosts, "accept-new");
	assert_string_equal(c.jump_host, "admin@bastion.example.org:2222");
	free(file);
	file = tmptree_data("config/images");
	assert_string_equal(c.images_dir, file);
	assert_string_equal(c.clusters_dir, "/srv/sparkdeck/clusters");
	config_dispose(&c);
	free(file);
}

/* The example the project ships (examples/sparkdeck.conf) loads as it is. */
static void test_shipped_example(void **state)
{
	const char *top = getenv("top_srcdir");
	char *file = xasprintf("%s/examples/sparkdeck.conf", top ? top : ".");
	struct config c;

	config_defaults(&c);
	assert_int_equal(config_load(&c, file), 0);
	assert_string_equal(c.cloud, "sandbox-builders");
	assert_string_equal(c.known_hosts, "ask");
	config_dispose(&c);
	free(file);
}

/* Each broken file is refused with its file:line, and c is left as it was. */
static void test_errors_name_their_line(void **state)
{
	static const char *const cases[][3] = {
		{ "cloud = \"lab\";\nrefresh_seconds = 10;\ncolour = true;\n", "3",
		  "unknown setting 'colour'; known: cloud, refresh_seconds" },
		{ "max_requests = \"10\";\n", "1", "max_requests must be a whole number from 1 to 64" },
		{ "\n\nmax_requests = 100;\n", "3", "max_requests is 100; allowed: 1 to 64" },
		{ "request_timeout = 0;\n", "1", "request_timeout is 0; allowed: 1 to 3600" },
		{ "refresh_seconds = -1;\n", "1", "refresh_seconds is -1; allowed: 0 to 3600" },
		{ "refresh_seconds = 5000000000L;\n", "1", "refresh_seconds is 5000000000" },
		{ "max_requests = 1.5;\n", "1", "max_requests must be a whole number" },
		{ "known_hosts = \"no\";\n", "1", "known_hosts must be \"ask\", \"accept-new\" or \"yes\"" },
		{ "color = 1;\n", "1", "color must be true or false" },
		{ "ssh_user = \"\";\n", "1", "ssh_user must not be empty" },
		{ "ssh_user = \"-oProxyCommand=x\";\n", "1", "ssh_user must be a user name" },
		{ "jump_host = \"user@host:99999\";\n", "1", "jump_host must look like host" },
		{ "jump_host = \"a b\";\n", "1", "jump_host must look like host" },
		{ "images_dir = [\"a\"];\n", "1", "images_dir must be a string in double quotes" },
		{ "cloud = \"a\\nb\";\n", "1", "cloud must not contain control characters" },
		{ "sparkdeck = { cloud = \"x\"; };\n", "1", "unknown setting 'sparkdeck'" },
	};
	struct config c;
	char *file, *prefix;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		config_defaults(&c);
		file = tmptree_write(*state, "bad.conf", cases[i][0], 0600);
		prefix = xasprintf("%s:%s: %s", file, cases[i][1], cases[i][2]);
		assert_int_equal(config_load(&c, file), ERR_CONFIG);
		if (strncmp(err_last(), prefix, strlen(prefix)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err_last(), prefix);
		assert_null(c.path);
		assert_null(c.cloud);
		assert_int_equal(c.max_requests, 10);
		assert_int_equal(c.refresh_seconds, 30);
		config_dispose(&c);
		free(prefix);
		free(file);
	}
}

static void test_syntax_error_line(void **state)
{
	struct config c;
	char *file = tmptree_write(*state, "syntax.conf", "cloud = \"x\";\n\nmax_requests = ;\n", 0600);
	char *prefix = xasprintf("%s:3: ", file);

	config_defaults(&c);
	assert_int_equal(config_load(&c, file), ERR_PARSE);
	assert_true(strncmp(err_last(), prefix, strlen(prefix)) == 0);
	assert_null(c.cloud);
	config_dispose(&c);
	free(prefix);
	free(file);
}

static void test_explicit_paths(void **state)
{
	struct config c;
	char *missing = at(state, "nope.conf"), *env_file, *arg_file;

	env_file = tmptree_write(*state, "env.conf", "max_requests = 7;\n", 0600);
	arg_file = tmptree_write(*state, "arg.conf", "max_requests = 8;\n", 0600);
	config_defaults(&c);
	assert_int_equal(config_load(&c, missing), ERR_IO);
	assert_non_null(strstr(err_last(), "nope.conf"));
	setenv("SPARKDECK_CONFIG", missing, 1);
	assert_int_equal(config_load(&c, NULL), ERR_IO);
	setenv("SPARKDECK_CONFIG", env_file, 1);
	assert_int_equal(config_load(&c, NULL), 0);
	assert_int_equal(c.max_requests, 7);
	assert_string_equal(c.path, env_file);
	/* The argument beats $SPARKDECK_CONFIG, and loading again replaces the path. */
	assert_int_equal(config_load(&c, arg_file), 0);
	assert_int_equal(c.max_requests, 8);
	assert_string_equal(c.path, arg_file);
	assert_int_equal(config_load(&c, *state), ERR_IO);
	assert_non_null(strstr(err_last(), "not a regular file"));
	config_dispose(&c);
	free(env_file);
	free(arg_file);
	free(missing);
}

static void test_jump_host_forms(void **state)
{
	static const char *const good[] = {
		"bastion", "admin@bastion.example:2222", "[2001:db8::1]:22", "u@10.0.0.1", "h_1:1",
	};
	static const char *const bad[] = {
		"@host", "user@", "host:", "host:0", "[::1", "[]", "-oProxy", "a@b@c", "[::1]x",
	};
	struct config c;
	char *text, *file;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0] + sizeof bad / sizeof bad[0]; i++) {
		int ok = i < sizeof good / sizeof good[0];
		const char *v = ok ? good[i] : bad[i - sizeof good / sizeof good[0]];

		text = xasprintf("jump_host = \"%s\";\n", v);
		file = tmptree_write(*state, "jump.conf", text, 0600);
		config_defaults(&c);
		if (config_load(&c, file) != (ok ? 0 : ERR_CONFIG))
			fail_msg("jump_host \"%s\" should be %s", v, ok ? "accepted" : "refused");
		if (ok)
			assert_string_equal(c.jump_host, v);
		config_dispose(&c);
		free(text);
		free(file);
	}
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_defaults),
		T(test_xdg_config_home),
		T(test_every_setting),
		T(test_shipped_example),
		T(test_errors_name_their_line),
		T(test_syntax_error_line),
		T(test_explicit_paths),
		T(test_jump_host_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
