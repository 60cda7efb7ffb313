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
#include "core/recipe.h"
#include "core/xmalloc.h"
#include "tmptree.h"

#define MINIMAL "base_image = \"debian-12-base\";\nflavor = \"m1.small\";\n"

/* A temporary tree (ROOT/images is the images directory), SPARKDECK_IMAGES_DIR unset. */
static int setup(void **state)
{
	char *root = tmptree_new(), *images = tmptree_mkdir(root, "images");

	unsetenv("SPARKDECK_IMAGES_DIR");
	free(images);
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

/* Write text as the recipe ref under ROOT/images; returns the file's path. */
static char *write_recipe(void **state, const char *ref, const char *text)
{
	char *rel = xasprintf("images/%s.conf", ref), *path = tmptree_write(*state, rel, text, 0600);

	free(rel);
	return path;
}

/* Assert that err_last() starts with want. */
static void assert_message(const char *want)
{
	if (strncmp(err_last(), want, strlen(want)) != 0)
		fail_msg("got \"%s\", want \"%s...\"", err_last(), want);
}

static void test_shipped_example(void **state)
{
	const char *top = getenv("top_srcdir");
	char *dir = xasprintf("%s/examples/images", top && *top ? top : ".");
	char *want;
	struct recipe r;
	size_t i;
	int seen = 0;

	(void)state;
	assert_int_equal(recipe_load(&r, dir, "hail-base/1.0.0"), 0);
	want = xasprintf("%s/hail-base/1.0.0.conf", dir);
	assert_string_equal(r.path, want);
	free(want);
	assert_string_equal(r.ref, "hail-base/1.0.0");
	assert_string_equal(r.name, "hail-base");
	assert_string_equal(r.version, "1.0.0");
	assert_string_equal(r.image_name, "hail-base-1.0.0");
	assert_string_equal(r.base_image, "debian-12-base");
	assert_string_equal(r.flavor, "m1.small");
	assert_null(r.network);
	assert_string_equal(r.ssh_user, "debian");
	want = xasprintf("%s/hail-base/user-data.yaml", dir);
	assert_string_equal(r.user_data_path, want);
	free(want);
	assert_true(strncmp(r.user_data, "#cloud-config\n", 14) == 0);
	assert_non_null(strstr(r.user_data, "openjdk-17"));
	assert_string_equal(r.ssh_check, RECIPE_SSH_CHECK_DEFAULT);
	assert_null(r.console_marker);
	assert_int_equal(r.build_timeout, 1800);
	for (i = 0; i < r.n_properties; i++)
		if (strcmp(r.properties[i].key, "spark_version") == 0) {
			assert_string_equal(r.properties[i].value, "3.5.1");
			seen = 1;
		}
	assert_true(seen);
	assert_int_equal(r.n_share_with, 2);
	recipe_dispose(&r);
	/* The shipped directory lists exactly the example. */
	{
		char **refs;
		size_t n;

		assert_int_equal(recipe_list_refs(&refs, &n, dir), 0);
		assert_int_equal(n, 1);
		assert_string_equal(refs[0], "hail-base/1.0.0");
		recipe_free_refs(refs, n);
	}
	free(dir);
}

static void test_defaults(void **state)
{
	char *images = at(state, "images"), *file = write_recipe(state, "hail-base/2.0", MINIMAL);
	struct recipe r;

	assert_int_equal(recipe_load(&r, images, "hail-base/2.0"), 0);
	assert_string_equal(r.path, file);
	assert_string_equal(r.image_name, "hail-base-2.0");
	assert_null(r.network);
	assert_string_equal(r.ssh_user, "debian");
	assert_null(r.user_data_path);
	assert_null(r.user_data);
	assert_string_equal(r.ssh_check, "test -f /var/lib/cloud/instance/boot-finished");
	assert_null(r.console_marker);
	assert_int_equal(r.build_timeout, 1800);
	assert_int_equal(r.n_properties, 0);
	assert_null(r.properties);
	assert_int_equal(r.n_share_with, 0);
	assert_null(r.share_with);
	recipe_dispose(&r);
	recipe_dispose(&r);       /* disposing twice is harmless */
	free(file);
	free(images);
}

static void test_every_key(void **state)
{
	char *dir = tmptree_data("recipes"), *want;
	struct recipe r;

	(void)state;
	assert_int_equal(recipe_load(&r, dir, "spark/3.5.1"), 0);
	assert_string_equal(r.base_image, "0b5e2b5a-31c3-4bd4-9d0b-5d9e2a1b6c01");
	assert_string_equal(r.flavor, "m1.xlarge");
	assert_string_equal(r.network, "builders");
	assert_string_equal(r.ssh_user, "admin");
	want = xasprintf("%s/spark/init/cloud-init.yaml", dir);
	assert_string_equal(r.user_data_path, want);
	free(want);
	assert_string_equal(r.user_data, "#cloud-config\npackages: [openjdk-17-jre-headless]\n");
	assert_string_equal(r.ssh_check, "systemctl is-system-running --wait");
	assert_string_equal(r.console_marker, "spark-ready");
	assert_int_equal(r.build_timeout, 3600);
	assert_int_equal(r.n_properties, 3);
	assert_string_equal(r.properties[0].key, "spark_version");
	assert_string_equal(r.properties[0].value, "3.5.1");
	assert_string_equal(r.properties[2].key, "hw_disk_bus");
	assert_string_equal(r.properties[2].value, "scsi");
	assert_int_equal(r.n_share_with, 2);
	assert_string_equal(r.share_with[0], "proj-a");
	assert_string_equal(r.share_with[1], "4f0c4e53a3b94f0b9d2e1b3c5a7d9e11");
	recipe_dispose(&r);
	free(dir);
}

static void test_readiness(void **state)
{
	char *images = at(state, "images"), *file;
	struct recipe r;

	file = write_recipe(state, "r/1", MINIMAL "console_marker = \"ready\";\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_null(r.ssh_check);
	assert_string_equal(r.console_marker, "ready");
	recipe_dispose(&r);
	free(file);
	file = write_recipe(state, "r/1", MINIMAL "console_marker = \"ready\";\nssh_check = \"true\";\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_string_equal(r.ssh_check, "true");
	assert_string_equal(r.console_marker, "ready");
	recipe_dispose(&r);
	free(file);
	free(images);
}

/* Each broken recipe is refused with its file:line, and the output is left zeroed. */
static void test_errors_name_their_line(void **state)
{
	static const char *const cases[][3] = {
		{ MINIMAL "\nbase_imag = \"x\";\n", "4", "unknown setting 'base_imag'; known: name, version" },
		{ MINIMAL "build_timeout = 59;\n", "3", "build_timeout is 59; allowed: 60 to 86400" },
		{ MINIMAL "build_timeout = 86401;\n", "3", "build_timeout is 86401; allowed: 60 to 86400" },
		{ MINIMAL "build_timeout = \"1800\";\n", "3", "build_timeout must be a whole number from 60 to 86400" },
		{ MINIMAL "build_timeout = 5000000000L;\n", "3", "build_timeout is 5000000000" },
		{ "base_image = \"\";\nflavor = \"m1.small\";\n", "1", "base_image must not be empty" },
		{ "base_image = \"x\";\nflavor = 3;\n", "2", "flavor must be a string in double quotes" },
		{ MINIMAL "network = \"\";\n", "3", "network must not be empty" },
		{ MINIMAL "ssh_user = \"-oProxyCommand=x\";\n", "3", "ssh_user must be a user name" },
		{ MINIMAL "ssh_check = \"a\\nb\";\n", "3", "ssh_check must not contain control characters" },
		{ MINIMAL "console_marker = [\"x\"];\n", "3", "console_marker must be a string in double quotes" },
		{ MINIMAL "user_data = \"\";\n", "3", "user_data must not be empty" },
		{ MINIMAL "name = \"other\";\n", "3", "name is \"other\" but the file is " },
		{ MINIMAL "version = \"2\";\n", "3", "version is \"2\" but the file is " },
		{ MINIMAL "properties = [\"a\"];\n", "3", "properties must be a group" },
		{ MINIMAL "properties = {\n  ok = \"1\";\n  Upper = \"2\";\n};\n", "5",
		  "property 'Upper' is not allowed; allowed: a-z, 0-9" },
		{ MINIMAL "properties = {\n  name = \"2\";\n};\n", "4", "property 'name' is not allowed" },
		{ MINIMAL "properties = {\n  visibility = \"public\";\n};\n", "4", "property 'visibility' is not allowed" },
		{ MINIMAL "properties = {\n  a = \"\";\n};\n", "4", "property a must not be empty" },
		{ MINIMAL "properties = {\n  a = 1;\n};\n", "4", "property a must be a string in double quotes" },
		{ MINIMAL "share_with = \"proj-a\";\n", "3", "share_with must be a list of project names or ids" },
		{ MINIMAL "share_with = ( \"a\",\n  \"\" );\n", "4", "each share_with entry must not be empty" },
		{ MINIMAL "share_with = ( \"a\", 1 );\n", "3", "each share_with entry must be a string" },
		{ MINIMAL "share_with = [ \"a\",\n \"a\" ];\n", "4", "share_with names a twice" },
		{ "flavor = \"m1.small\";\n", NULL, "base_image is missing" },
		{ "base_image = \"x\";\n", NULL, "flavor is missing" },
	};
	char *images = at(state, "images"), *file, *prefix;
	struct recipe r;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		file = write_recipe(state, "r/1", cases[i][0]);
		if (cases[i][1])
			prefix = xasprintf("%s:%s: %s", file, cases[i][1], cases[i][2]);
		else
			prefix = xasprintf("%s: %s", file, cases[i][2]);
		memset(&r, 0x5a, sizeof r);
		if (recipe_load(&r, images, "r/1") != ERR_CONFIG)
			fail_msg("case %zu: not ERR_CONFIG: %s", i, err_last());
		if (strncmp(err_last(), prefix, strlen(prefix)) != 0)
			fail_msg("case %zu: got \"%s\", want \"%s\"", i, err_last(), prefix);
		assert_null(r.path);
		assert_null(r.base_image);
		assert_int_equal(r.n_properties, 0);
		recipe_dispose(&r);
		free(prefix);
		free(file);
	}
	free(images);
}

static void test_syntax_error(void **state)
{
	char *images = at(state, "images"), *file = write_recipe(state, "r/1", MINIMAL "\nflavor = ;\n");
	char *prefix = xasprintf("%s:4: ", file);
	struct recipe r;

	assert_int_equal(recipe_load(&r, images, "r/1"), ERR_PARSE);
	assert_message(prefix);
	free(prefix);
	free(file);
	free(images);
}

static void test_refs(void **state)
{
	static const char *const good[] = {
		"hail-base/1.0.0", "a/1", "x.y_z-1/RC-1_A", "0/v", "a.b/1.2.3-rc.1",
	};
	static const char *const bad[] = {
		"../x/1", "a/b/c", "A/1", "", "a", "a/", "/1", "a/..", "a/.x", "a..b/1", "-a/1",
		".a/1", "a/1..2", "a b/1", "a/1 2", "a/1\n", "_a/1",
		"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa/1",
	};
	char *images = at(state, "images");
	struct recipe r;
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		if (recipe_check_ref(good[i]) != 0)
			fail_msg("ref \"%s\" should be accepted: %s", good[i], err_last());
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (recipe_check_ref(bad[i]) != ERR_INVALID)
			fail_msg("ref \"%s\" should be refused", bad[i]);
		assert_non_null(strstr(err_last(), "expected NAME/VERSION"));
		assert_int_equal(recipe_load(&r, images, bad[i]), ERR_INVALID);
		assert_null(r.path);
	}
	assert_int_equal(recipe_check_ref(NULL), ERR_INVALID);
	assert_int_equal(recipe_load(&r, NULL, "a/1"), ERR_INVALID);
	assert_non_null(strstr(err_last(), "SPARKDECK_IMAGES_DIR"));
	free(images);
}

static void test_user_data(void **state)
{
	char *images = at(state, "images"), *file, *text, *big, *want, *prefix;
	struct recipe r;

	/* Relative to the recipe's directory, also into subdirectories and "..". */
	free(tmptree_write(*state, "images/r/init/u.yaml", "#cloud-config\n", 0600));
	free(tmptree_write(*state, "shared.yaml", "#cloud-config\nshared: 1\n", 0600));
	file = write_recipe(state, "r/1", MINIMAL "user_data = \"init/u.yaml\";\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	want = at(state, "images/r/init/u.yaml");
	assert_string_equal(r.user_data_path, want);
	assert_string_equal(r.user_data, "#cloud-config\n");
	recipe_dispose(&r);
	free(want);
	free(file);
	file = write_recipe(state, "r/1", MINIMAL "user_data = \"../../shared.yaml\";\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_string_equal(r.user_data, "#cloud-config\nshared: 1\n");
	recipe_dispose(&r);
	free(file);
	/* An absolute path stays as it is. */
	want = at(state, "shared.yaml");
	text = xasprintf(MINIMAL "user_data = \"%s\";\n", want);
	file = write_recipe(state, "r/1", text);
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_string_equal(r.user_data_path, want);
	recipe_dispose(&r);
	free(text);
	free(file);
	free(want);
	/* Missing: the message names the file and the recipe line. */
	file = write_recipe(state, "r/1", MINIMAL "user_data = \"nope.yaml\";\n");
	want = at(state, "images/r/nope.yaml");
	prefix = xasprintf("%s:3: user_data file %s cannot be read", file, want);
	assert_int_equal(recipe_load(&r, images, "r/1"), ERR_CONFIG);
	assert_message(prefix);
	free(prefix);
	free(want);
	free(file);
	/* A directory is not user data. */
	free(tmptree_mkdir(*state, "images/r/dir"));
	file = write_recipe(state, "r/1", MINIMAL "user_data = \"dir\";\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "is not a regular file"));
	free(file);
	/* Exactly at the cap is fine; one byte more is ERR_TOOBIG. */
	big = xmalloc(RECIPE_USER_DATA_MAX + 2);
	memset(big, 'x', RECIPE_USER_DATA_MAX + 1);
	big[RECIPE_USER_DATA_MAX] = '\0';
	free(tmptree_write(*state, "images/r/big.yaml", big, 0600));
	file = write_recipe(state, "r/1", MINIMAL "user_data = \"big.yaml\";\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_int_equal(strlen(r.user_data), RECIPE_USER_DATA_MAX);
	recipe_dispose(&r);
	big[RECIPE_USER_DATA_MAX] = 'x';
	big[RECIPE_USER_DATA_MAX + 1] = '\0';
	free(tmptree_write(*state, "images/r/big.yaml", big, 0600));
	assert_int_equal(recipe_load(&r, images, "r/1"), ERR_TOOBIG);
	prefix = xasprintf("%s:3: user_data file ", file);
	assert_message(prefix);
	assert_non_null(strstr(err_last(), "allowed: at most 49149"));
	assert_null(r.user_data);
	free(prefix);
	free(file);
	free(big);
	/* Empty user data is a mistake. */
	free(tmptree_write(*state, "images/r/empty.yaml", "", 0600));
	file = write_recipe(state, "r/1", MINIMAL "user_data = \"empty.yaml\";\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "non-empty text"));
	free(file);
	free(images);
}

static void test_properties(void **state)
{
	char *images = at(state, "images"), *file, *text, *value;
	struct recipe r;

	file = write_recipe(state, "r/1", MINIMAL "properties = {\n  os_distro = \"debian\";\n"
			    "  hw-vif-model = \"virtio\";\n  b2 = \"x y: z\";\n};\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_int_equal(r.n_properties, 3);
	assert_string_equal(r.properties[0].key, "os_distro");
	assert_string_equal(r.properties[0].value, "debian");
	assert_string_equal(r.properties[1].key, "hw-vif-model");
	assert_string_equal(r.properties[2].value, "x y: z");
	recipe_dispose(&r);
	free(file);
	/* An empty group is no properties. */
	file = write_recipe(state, "r/1", MINIMAL "properties = { };\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_int_equal(r.n_properties, 0);
	recipe_dispose(&r);
	free(file);
	/* Values up to 255 bytes. */
	value = xmalloc(257);
	memset(value, 'v', 256);
	value[255] = '\0';
	text = xasprintf(MINIMAL "properties = { a = \"%s\"; };\n", value);
	file = write_recipe(state, "r/1", text);
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	recipe_dispose(&r);
	free(text);
	free(file);
	value[255] = 'v';
	value[256] = '\0';
	text = xasprintf(MINIMAL "properties = { a = \"%s\"; };\n", value);
	file = write_recipe(state, "r/1", text);
	assert_int_equal(recipe_load(&r, images, "r/1"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), ":3: property a is 256 bytes long; allowed: at most 255"));
	free(text);
	free(file);
	free(value);
	free(images);
}

static void test_share_with(void **state)
{
	char *images = at(state, "images"), *file;
	struct recipe r;

	file = write_recipe(state, "r/1", MINIMAL "share_with = [ \"proj-a\", \"proj-b\", \"proj-c\" ];\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_int_equal(r.n_share_with, 3);
	assert_string_equal(r.share_with[0], "proj-a");
	assert_string_equal(r.share_with[2], "proj-c");
	recipe_dispose(&r);
	free(file);
	file = write_recipe(state, "r/1", MINIMAL "share_with = [ ];\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), 0);
	assert_int_equal(r.n_share_with, 0);
	recipe_dispose(&r);
	free(file);
	file = write_recipe(state, "r/1", MINIMAL "share_with = [ \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\" ];\n");
	assert_int_equal(recipe_load(&r, images, "r/1"), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "is 65 bytes long; allowed: at most 64"));
	free(file);
	free(images);
}

static void test_not_found(void **state)
{
	char *dir = tmptree_data("recipes"), *want;
	struct recipe r;

	(void)state;
	want = xasprintf("no recipe hail-base/2.0.0: expected %s/hail-base/2.0.0.conf; "
			 "versions of hail-base there: 0.9.0, 1.9.0, 1.10.0", dir);
	assert_int_equal(recipe_load(&r, dir, "hail-base/2.0.0"), ERR_NOTFOUND);
	assert_string_equal(err_last(), want);
	assert_null(r.path);
	free(want);
	want = xasprintf("no recipe nothing/1: expected %s/nothing/1.conf; there is no recipe named "
			 "nothing in %s", dir, dir);
	assert_int_equal(recipe_load(&r, dir, "nothing/1"), ERR_NOTFOUND);
	assert_string_equal(err_last(), want);
	free(want);
	/* A missing images directory is a missing recipe too. */
	assert_int_equal(recipe_load(&r, "/nonexistent/images", "a/1"), ERR_NOTFOUND);
	free(dir);
}

static void test_list(void **state)
{
	char *dir = tmptree_data("recipes"), *missing = at(state, "missing"), *file;
	char **refs;
	size_t n;

	assert_int_equal(recipe_list_refs(&refs, &n, dir), 0);
	assert_int_equal(n, 4);
	assert_string_equal(refs[0], "hail-base/0.9.0");
	assert_string_equal(refs[1], "hail-base/1.9.0");
	assert_string_equal(refs[2], "hail-base/1.10.0");
	assert_string_equal(refs[3], "spark/3.5.1");
	recipe_free_refs(refs, n);
	assert_int_equal(recipe_list_versions(&refs, &n, dir, "hail-base"), 0);
	assert_int_equal(n, 3);
	assert_string_equal(refs[0], "0.9.0");
	assert_string_equal(refs[1], "1.9.0");
	assert_string_equal(refs[2], "1.10.0");
	recipe_free_refs(refs, n);
	assert_int_equal(recipe_list_versions(&refs, &n, dir, "nothing"), 0);
	assert_int_equal(n, 0);
	assert_null(refs);
	assert_int_equal(recipe_list_versions(&refs, &n, dir, "../recipes"), ERR_INVALID);
	assert_null(refs);
	/* Every listed ref loads. */
	{
		struct recipe r;

		assert_int_equal(recipe_load(&r, dir, "hail-base/1.10.0"), 0);
		assert_null(r.ssh_check);
		assert_string_equal(r.console_marker, "image-ready");
		recipe_dispose(&r);
	}
	assert_int_equal(recipe_list_refs(&refs, &n, missing), 0);
	assert_int_equal(n, 0);
	assert_null(refs);
	free(write_recipe(state, "b/1", MINIMAL));
	free(write_recipe(state, "a/2", MINIMAL));
	free(write_recipe(state, "a/10", MINIMAL));
	free(write_recipe(state, "a/1.0-rc1", MINIMAL));
	free(write_recipe(state, "a/01", MINIMAL));
	free(tmptree_write(*state, "images/a/.hidden.conf", MINIMAL, 0600));
	free(tmptree_write(*state, "images/.git/1.conf", MINIMAL, 0600));
	free(tmptree_write(*state, "images/a.conf", MINIMAL, 0600));
	file = at(state, "images");
	assert_int_equal(recipe_list_refs(&refs, &n, file), 0);
	assert_int_equal(n, 5);
	assert_string_equal(refs[0], "a/01");
	assert_string_equal(refs[1], "a/1.0-rc1");
	assert_string_equal(refs[2], "a/2");
	assert_string_equal(refs[3], "a/10");
	assert_string_equal(refs[4], "b/1");
	recipe_free_refs(refs, n);
	free(file);
	/* A file where the directory should be is an error. */
	file = tmptree_write(*state, "plain", "x", 0600);
	assert_int_equal(recipe_list_refs(&refs, &n, file), ERR_IO);
	assert_non_null(strstr(err_last(), "cannot list"));
	free(file);
	free(missing);
	free(dir);
}

static void test_pick_images_dir(void **state)
{
	struct config c;

	(void)state;
	config_defaults(&c);
	free(c.images_dir);
	c.images_dir = xstrdup("/from/config");
	assert_string_equal(recipe_pick_images_dir(NULL, &c), "/from/config");
	assert_null(recipe_pick_images_dir(NULL, NULL));
	setenv("SPARKDECK_IMAGES_DIR", "", 1);
	assert_string_equal(recipe_pick_images_dir("", &c), "/from/config");
	setenv("SPARKDECK_IMAGES_DIR", "/from/env", 1);
	assert_string_equal(recipe_pick_images_dir(NULL, &c), "/from/env");
	assert_string_equal(recipe_pick_images_dir("/from/arg", &c), "/from/arg");
	unsetenv("SPARKDECK_IMAGES_DIR");
	config_dispose(&c);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_shipped_example),
		T(test_defaults),
		T(test_every_key),
		T(test_readiness),
		T(test_errors_name_their_line),
		T(test_syntax_error),
		T(test_refs),
		T(test_user_data),
		T(test_properties),
		T(test_share_with),
		T(test_not_found),
		T(test_list),
		T(test_pick_images_dir),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
