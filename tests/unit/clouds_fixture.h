/*
 * clouds_fixture: a fake home, current directory and /etc, plus a fake
 * environment, for the clouds_load() tests.
 *
 * Contract: fixture_setup() / fixture_teardown() are cmocka setup and
 * teardown functions; *state is a struct fixture. Search directories are
 * ROOT/cwd, ROOT/home/.config/openstack, ROOT/etc/openstack in that order;
 * HOME is ROOT/home. fixture_put() writes a file under ROOT (mode 0600
 * unless given) and returns nothing; fixture_env() sets a fake variable
 * (value NULL unsets it).
 */
#ifndef SD_TESTS_CLOUDS_FIXTURE_H
#define SD_TESTS_CLOUDS_FIXTURE_H

#include <sys/types.h>

#include "core/clouds.h"

struct fixture {
	char *root;
	char *dirs[4];
	struct clouds_env env;
};

/* cmocka setup: make the tree and an environment holding only HOME. */
int fixture_setup(void **state);
/* cmocka teardown: remove the tree and forget the environment. */
int fixture_teardown(void **state);
/* Write text to ROOT/rel with mode. */
void fixture_put(struct fixture *f, const char *rel, const char *text, mode_t mode);
/* Set (or with NULL, unset) a fake environment variable. */
void fixture_env(const char *name, const char *value);
/* The full path of ROOT/rel (caller frees). */
char *fixture_path(const struct fixture *f, const char *rel);

#endif
