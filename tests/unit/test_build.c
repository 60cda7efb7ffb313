/* Unit tests of core/build: names, marks, network choice, plan, console delta, cleanup order. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "core/build.h"
#include "core/buildlock.h"
#include "core/error.h"
#include "core/recipe.h"

static struct recipe_property props[] = { { "os_distro", "debian" }, { "sparkdeck_recipe", "forged" } };

static struct recipe test_recipe(void)
{
	struct recipe r;

	memset(&r, 0, sizeof r);
	r.ref = "hail-base/1.0.0";
	r.name = "hail-base";
	r.version = "1.0.0";
	r.image_name = "hail-base-1.0.0";
	r.ssh_user = "debian";
	r.ssh_check = RECIPE_SSH_CHECK_DEFAULT;
	r.build_timeout = 600;
	r.properties = props;
	r.n_properties = 2;
	return r;
}

static const char *kv(char **v, const char *key)
{
	for (size_t i = 0; v[i] && v[i + 1]; i += 2)
		if (strcmp(v[i], key) == 0)
			return v[i + 1];
	return NULL;
}

static void test_ids_and_names(void **state)
{
	struct recipe r = test_recipe();
	char id[BUILD_ID_LEN + 1], back[BUILD_ID_LEN + 1];
	char *name;

	(void)state;
	build_make_id(id, 0xab12cd34u);
	assert_string_equal(id, "ab12cd34");
	assert_true(build_id_valid(id));
	assert_false(build_id_valid("AB12CD34"));
	assert_false(build_id_valid("ab12cd3"));
	assert_false(build_id_valid(NULL));
	name = build_server_name(&r, id);
	assert_string_equal(name, "sparkdeck-build-hail-base-1.0.0-ab12cd34");
	assert_true(build_id_from_name(back, name));
	assert_string_equal(back, id);
	free(name);
	name = build_temp_name(id);
	assert_true(build_id_from_name(back, name));
	free(name);
	assert_false(build_id_from_name(back, "sparkdeck-build-"));
	assert_false(build_id_from_name(back, "mybuild-ab12cd34"));
	assert_false(build_id_from_name(back, "sparkdeck-build-xab12cd34"));
	assert_false(build_id_from_name(back, "sparkdeck-build-hail-ZZ12cd34"));
}

static void test_marks(void **state)
{
	struct recipe r = test_recipe();
	char **tags = build_tags("ab12cd34"), **meta, **pr;
	char id[BUILD_ID_LEN + 1];

	(void)state;
	assert_string_equal(tags[0], "sparkdeck");
	assert_string_equal(tags[1], "sparkdeck-build=ab12cd34");
	assert_null(tags[2]);
	assert_true(build_id_from_tags(id, tags, 2));
	assert_string_equal(id, "ab12cd34");
	build_strv_free(tags);
	meta = build_server_metadata(&r, "ab12cd34", 86400);
	assert_string_equal(kv(meta, BUILD_META_ID), "ab12cd34");
	assert_string_equal(kv(meta, "sparkdeck-role"), "builder");
	assert_string_equal(kv(meta, BUILD_META_RECIPE), "hail-base/1.0.0");
	assert_string_equal(kv(meta, BUILD_META_DEADLINE), "1970-01-02T00:00:00Z");
	build_strv_free(meta);
	pr = build_image_properties(&r, "ab12cd34", "base-id", 0, "0.1.0");
	assert_string_equal(kv(pr, "os_distro"), "debian");
	/* A recipe cannot forge sparkdeck's own properties. */
	assert_string_equal(kv(pr, "sparkdeck_recipe"), "hail-base/1.0.0");
	assert_string_equal(kv(pr, "sparkdeck_recipe_version"), "1.0.0");
	assert_string_equal(kv(pr, "sparkdeck_base_image"), "base-id");
	assert_string_equal(kv(pr, "sparkdeck_build_time"), "1970-01-01T00:00:00Z");
	assert_string_equal(kv(pr, "sparkdeck_version"), "0.1.0");
	assert_string_equal(kv(pr, BUILD_PROP_ID), "ab12cd34");
	build_strv_free(pr);
}

static void test_pick_network(void **state)
{
	struct build_net nets[] = {
		{ "ext-1", "public", 1, 0, 0 },
		{ "net-1", "builders", 0, 0, 1 },
		{ "net-2", "dup", 0, 0, 1 },
		{ "net-3", "dup", 0, 1, 0 },
		{ "prov-1", "provider", 1, 1, 0 },
	};
	struct build_net_pick p;

	(void)state;
	assert_int_equal(build_pick_network(&p, "builders", nets, 5), 0);
	assert_int_equal(p.choice, BUILD_NET_GIVEN);
	assert_string_equal(p.id, "net-1");
	assert_string_equal(p.ext_id, "ext-1");   /* a tenant network: reach the builder by a floating IP */
	assert_int_equal(build_pick_network(&p, "provider", nets, 5), 0);
	assert_null(p.ext_id);                    /* a provider network is reachable as it is */
	assert_int_equal(build_pick_network(&p, "net-3", nets, 5), 0);
	assert_string_equal(p.id, "net-3");
	assert_int_equal(build_pick_network(&p, "dup", nets, 5), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "give its id"));
	assert_int_equal(build_pick_network(&p, "nope", nets, 5), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), "builders"));
	assert_null(strstr(err_last(), "public"));
	/* Several usable networks and none named: refuse and list them. */
	assert_int_equal(build_pick_network(&p, NULL, nets, 5), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "set network in the recipe"));
	/* The project's only network. */
	assert_int_equal(build_pick_network(&p, NULL, nets, 2), 0);
	assert_int_equal(p.choice, BUILD_NET_ONLY);
	assert_string_equal(p.id, "net-1");
	assert_string_equal(p.ext_id, "ext-1");
	/* No network: a temporary one routed to the only external network. */
	assert_int_equal(build_pick_network(&p, NULL, nets, 1), 0);
	assert_int_equal(p.choice, BUILD_NET_TEMP);
	assert_string_equal(p.ext_id, "ext-1");
	assert_int_equal(build_pick_network(&p, NULL, NULL, 0), 0);
	assert_int_equal(p.choice, BUILD_NET_TEMP);
	assert_null(p.ext_id);
	/* Two external networks: the user must choose. */
	nets[1].external = 1;
	assert_int_equal(build_pick_network(&p, NULL, nets, 2), ERR_CONFIG);
	assert_non_null(strstr(err_last(), "2 external networks"));
}

static void test_plan_lines(void **state)
{
	struct recipe r = test_recipe();
	struct build_net_pick temp = { BUILD_NET_TEMP, NULL, "ext-1" }, given = { BUILD_NET_GIVEN, "net-1", NULL };
	char **lines;
	size_t n;

	(void)state;
	lines = build_plan_lines(&r, "ab12cd34", "debian-12-base", "m1.small", &temp, "none", "public");
	for (n = 0; lines[n]; n++)
		;
	assert_int_equal(n, 10);
	assert_string_equal(lines[0], "+ keypair sparkdeck-build-ab12cd34 (temporary, ed25519, private key kept in "
				      "memory)");
	assert_non_null(strstr(lines[3], "router sparkdeck-build-ab12cd34 to public"));
	assert_string_equal(lines[4], "+ server sparkdeck-build-hail-base-1.0.0-ab12cd34 from image debian-12-base, "
				      "flavor m1.small, on network sparkdeck-build-ab12cd34");
	assert_string_equal(lines[5], "+ floating IP on public for the server (temporary)");
	assert_non_null(strstr(lines[6], "ssh debian succeeds"));
	assert_non_null(strstr(lines[8], "+ image hail-base-1.0.0"));
	assert_int_equal(lines[9][0], '-');
	build_strv_free(lines);
	r.ssh_check = NULL;
	r.console_marker = "ready";
	lines = build_plan_lines(&r, "ab12cd34", "base", "m1.small", &given, "builders", "none");
	for (n = 0; lines[n]; n++)
		;
	assert_int_equal(n, 7);
	assert_non_null(strstr(lines[2], "on network builders"));
	assert_non_null(strstr(lines[3], "wait until ready: the console shows the marker"));
	build_strv_free(lines);
}

static void test_console_delta(void **state)
{
	const char *a = "line 1\nline 2\n", *b = "line 1\nline 2\nline 3\n", *c = "line 2\nline 3\nline 4\n";
	char big_prev[600], big_now[900];

	(void)state;
	assert_int_equal(build_console_delta("", 0, a, strlen(a)), 0);
	assert_int_equal(build_console_delta(a, strlen(a), b, strlen(b)), strlen(a));
	assert_int_equal(build_console_delta(a, strlen(a), a, strlen(a)), strlen(a));
	/* A window that moved: only "line 4" is new. */
	assert_string_equal(c + build_console_delta(b, strlen(b), c, strlen(c)), "line 4\n");
	/* Nothing in common: everything is new. */
	assert_int_equal(build_console_delta(a, strlen(a), "other\n", 6), 0);
	/* Long logs compare their last 256 bytes only. */
	memset(big_prev, 'x', sizeof big_prev);
	memcpy(big_now, big_prev, sizeof big_prev);
	memset(big_now + sizeof big_prev, 'y', sizeof big_now - sizeof big_prev);
	assert_int_equal(build_console_delta(big_prev, sizeof big_prev, big_now, sizeof big_now), sizeof big_prev);
}

static void test_cleanup_order(void **state)
{
	struct build_set set;

	(void)state;
	memset(&set, 0, sizeof set);
	build_set_add(&set, BRES_KEYPAIR, "sparkdeck-build-ab12cd34", NULL, NULL);
	build_set_add(&set, BRES_NETWORK, "net", NULL, NULL);
	build_set_add(&set, BRES_IMAGE, "img", NULL, NULL);
	build_set_add(&set, BRES_ROUTER_IFACE, "rtr", "sub", NULL);
	build_set_add(&set, BRES_SERVER, "srv", NULL, "server sparkdeck-build-x");
	build_set_add(&set, BRES_SECGROUP, "sg", NULL, NULL);
	build_set_add(&set, BRES_ROUTER, "rtr", NULL, NULL);
	build_set_add(&set, BRES_FIP, "fip", NULL, NULL);
	build_set_sort(&set);
	assert_int_equal(set.n_res, 8);
	assert_int_equal(set.res[0].kind, BRES_SERVER);
	assert_string_equal(set.res[0].label, "server sparkdeck-build-x");
	assert_int_equal(set.res[1].kind, BRES_FIP);
	assert_int_equal(set.res[2].kind, BRES_ROUTER_IFACE);
	assert_string_equal(set.res[2].extra, "sub");
	assert_int_equal(set.res[3].kind, BRES_ROUTER);
	assert_int_equal(set.res[4].kind, BRES_NETWORK);
	assert_int_equal(set.res[5].kind, BRES_SECGROUP);
	assert_int_equal(set.res[6].kind, BRES_KEYPAIR);
	assert_int_equal(set.res[7].kind, BRES_IMAGE);
	assert_string_equal(set.res[7].label, "image img");
	build_set_remove(&set, BRES_ROUTER, "rtr");
	assert_int_equal(set.n_res, 7);
	assert_int_equal(set.res[3].kind, BRES_NETWORK);
	build_set_remove(&set, BRES_ROUTER, "rtr");
	assert_int_equal(set.n_res, 7);
	build_set_dispose(&set);
	assert_int_equal(set.n_res, 0);
}

static void test_leftovers(void **state)
{
	const struct build_seen seen[] = {
		{ BRES_KEYPAIR, "sparkdeck-build-11111111", NULL, "sparkdeck-build-11111111", "11111111", NULL, 0, 0 },
		{ BRES_SERVER, "s1", NULL, "sparkdeck-build-a-1-11111111", "11111111", "a/1", 500, 0 },
		{ BRES_IMAGE, "i1", NULL, "a-1", "11111111", NULL, 0, 0 },
		{ BRES_IMAGE, "i2", NULL, "b-2", "22222222", NULL, 0, 1 },       /* a finished image stays */
		{ BRES_SECGROUP, "g3", NULL, "sparkdeck-build-33333333", "33333333", NULL, 0, 0 },
		{ BRES_SERVER, "s4", NULL, "someone-else", NULL, NULL, 0, 0 },   /* not a build's */
		{ BRES_NETWORK, "n5", NULL, "x", "NOTANID", NULL, 0, 0 },
		{ BRES_SERVER, "s6", NULL, "sparkdeck-build-c-1-66666666", "66666666", NULL, 0, 0 },
	};
	const char *skip[] = { "66666666" };   /* the build running in this process */
	struct build_set *sets;
	size_t n;

	(void)state;
	build_group_leftovers(&sets, &n, seen, sizeof seen / sizeof seen[0], skip, 1);
	assert_int_equal(n, 2);
	assert_string_equal(sets[0].build_id, "11111111");
	assert_string_equal(sets[0].recipe, "a/1");
	assert_int_equal(sets[0].deadline, 500);
	assert_int_equal(sets[0].n_res, 3);
	assert_int_equal(sets[0].res[0].kind, BRES_SERVER);
	assert_string_equal(sets[0].res[0].label, "server sparkdeck-build-a-1-11111111");
	assert_int_equal(sets[0].res[1].kind, BRES_KEYPAIR);
	assert_int_equal(sets[0].res[2].kind, BRES_IMAGE);
	assert_string_equal(sets[1].build_id, "33333333");
	assert_null(sets[1].recipe);
	assert_int_equal(sets[1].n_res, 1);
	build_sets_free(sets, n);
	build_group_leftovers(&sets, &n, seen, 0, NULL, 0);
	assert_int_equal(n, 0);
	assert_null(sets);
}

static void test_buildlock(void **state)
{
	char dir[] = "/tmp/sparkdeck-test-lock-XXXXXX", path[128];
	FILE *fp;

	(void)state;
	assert_non_null(mkdtemp(dir));
	setenv("XDG_STATE_HOME", dir, 1);
	assert_int_equal(buildlock_state("ab12cd34"), BUILDLOCK_NONE);
	assert_int_equal(buildlock_create("ab12cd34"), 0);
	assert_int_equal(buildlock_state("ab12cd34"), BUILDLOCK_RUNNING);
	/* A lock naming a pid that runs another program is a dead build's (pids are reused). */
	snprintf(path, sizeof path, "%s/sparkdeck/builds/ab12cd34", dir);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "%ld some-other-program\n", (long)getpid());
	fclose(fp);
	assert_int_equal(buildlock_state("ab12cd34"), BUILDLOCK_DEAD);
	assert_non_null(fp = fopen(path, "w"));
	fprintf(fp, "999999999 test_build\n");
	fclose(fp);
	assert_int_equal(buildlock_state("ab12cd34"), BUILDLOCK_DEAD);
	buildlock_remove("ab12cd34");
	assert_int_equal(buildlock_state("ab12cd34"), BUILDLOCK_NONE);
	assert_int_equal(buildlock_create("../etc"), ERR_INVALID);
	snprintf(path, sizeof path, "%s/sparkdeck/builds", dir);
	rmdir(path);
	snprintf(path, sizeof path, "%s/sparkdeck", dir);
	rmdir(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ids_and_names),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_pick_network),
		cmocka_unit_test(test_plan_lines),
		cmocka_unit_test(test_console_delta),
		cmocka_unit_test(test_cleanup_order),
		cmocka_unit_test(test_leftovers),
		cmocka_unit_test(test_buildlock),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
