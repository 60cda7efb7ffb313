/* Unit tests of core/planfile: the default saved-plan file, atomic 0600 writes, reading back, errors naming the path. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "core/error.h"
#include "core/plan.h"
#include "core/planfile.h"
#include "core/xmalloc.h"
#include "plan_fixture.h"
#include "tmptree.h"

static int setup(void **state)
{
	*state = tmptree_new();
	return 0;
}

static int teardown(void **state)
{
	tmptree_remove(*state);
	free(*state);
	unsetenv("XDG_STATE_HOME");
	return 0;
}

/* An update plan of spark/ld14 from 3 to 5 workers. */
static void make_plan(struct plan *p)
{
	struct fx f;

	fx_init(&f, 5);
	fx_healthy(&f, 3);
	assert_int_equal(plan_make(p, PLAN_UPDATE, &f.t, fx_obs(&f)), 0);
	assert_int_equal(p->n_actions, 2);
}

static mode_t mode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* How many entries dir holds (no temporary file left behind). */
static int entries(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		n += e->d_name[0] != '.';
	closedir(d);
	return n;
}

static void test_default_path(void **state)
{
	char *p;

	(void)state;
	setenv("XDG_STATE_HOME", "/state", 1);
	p = planfile_default_path("spark/ld14");
	assert_string_equal(p, "/state/sparkdeck/plans/spark-ld14.json");
	free(p);
	/* A relative XDG_STATE_HOME is ignored, as the XDG spec says. */
	setenv("XDG_STATE_HOME", "rel", 1);
	setenv("HOME", "/home/u", 1);
	p = planfile_default_path("e2e/c1");
	assert_string_equal(p, "/home/u/.local/state/sparkdeck/plans/e2e-c1.json");
	free(p);
}

static void test_write_and_read_back(void **state)
{
	char *state_home = xasprintf("%s/state", (char *)*state), *path, *dir, *a, *b;
	struct plan p, q;

	setenv("XDG_STATE_HOME", state_home, 1);
	make_plan(&p);
	path = planfile_default_path(p.cluster);
	assert_int_equal(planfile_write(path, &p), 0);
	dir = xasprintf("%s/sparkdeck/plans", state_home);
	assert_int_equal(mode_of(dir), 0700);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(entries(dir), 1);
	assert_int_equal(planfile_read(&q, path), 0);
	assert_int_equal(q.goal, PLAN_UPDATE);
	assert_string_equal(q.cluster, "spark/ld14");
	assert_string_equal(q.fingerprint, p.fingerprint);
	assert_string_equal(q.spec_digest, p.spec_digest);
	a = plan_to_json(&p);
	b = plan_to_json(&q);
	assert_string_equal(a, b);
	free(a);
	free(b);
	plan_dispose(&q);
	/* Written again over a file someone made readable: still 0600, still one file. */
	assert_int_equal(chmod(path, 0644), 0);
	assert_int_equal(planfile_write(path, &p), 0);
	assert_int_equal(mode_of(path), 0600);
	assert_int_equal(entries(dir), 1);
	/* Removed, then removed again: both fine. */
	assert_int_equal(planfile_remove(path), 0);
	assert_int_equal(entries(dir), 0);
	assert_int_equal(planfile_remove(path), 0);
	plan_dispose(&p);
	free(dir);
	free(path);
	free(state_home);
}

static void test_errors_name_the_path(void **state)
{
	char *missing = xasprintf("%s/nope/plan.json", (char *)*state), *bad, *big_path, *big;
	struct plan p, q;

	setenv("XDG_STATE_HOME", "/nonexistent-state", 1);
	make_plan(&p);
	/* --out FILE in a directory that does not exist: not created, ERR_IO naming the file. */
	assert_int_equal(planfile_write(missing, &p), ERR_IO);
	assert_non_null(strstr(err_last(), missing));
	assert_int_equal(planfile_read(&q, missing), ERR_NOTFOUND);
	assert_non_null(strstr(err_last(), missing));
	plan_dispose(&q);
	bad = tmptree_write(*state, "bad.json", "{\"version\": 1, \"goal\": ", 0600);
	assert_int_equal(planfile_read(&q, bad), ERR_PARSE);
	assert_non_null(strstr(err_last(), bad));
	plan_dispose(&q);
	big = xmalloc(PLANFILE_MAX + 2);
	memset(big, ' ', PLANFILE_MAX + 1);
	big[PLANFILE_MAX + 1] = '\0';
	big_path = tmptree_write(*state, "big.json", big, 0600);
	assert_int_equal(planfile_read(&q, big_path), ERR_TOOBIG);
	assert_non_null(strstr(err_last(), big_path));
	plan_dispose(&q);
	plan_dispose(&p);
	free(big);
	free(big_path);
	free(bad);
	free(missing);
}

#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)

int main(void)
{
	const struct CMUnitTest tests[] = {
		T(test_default_path),
		T(test_write_and_read_back),
		T(test_errors_name_the_path),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
