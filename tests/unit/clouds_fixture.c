#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "clouds_fixture.h"
#include "core/xmalloc.h"
#include "tmptree.h"

#define FIXTURE_MAX_VARS 64

static char *fixture_names[FIXTURE_MAX_VARS];
static char *fixture_values[FIXTURE_MAX_VARS];

static const char *fixture_getenv(const char *name)
{
	size_t i;

	for (i = 0; i < FIXTURE_MAX_VARS; i++)
		if (fixture_names[i] && strcmp(fixture_names[i], name) == 0)
			return fixture_values[i];
	return NULL;
}

void fixture_env(const char *name, const char *value)
{
	size_t i, free_slot = FIXTURE_MAX_VARS;

	for (i = 0; i < FIXTURE_MAX_VARS; i++) {
		if (fixture_names[i] && strcmp(fixture_names[i], name) == 0) {
			free(fixture_names[i]);
			free(fixture_values[i]);
			fixture_names[i] = fixture_values[i] = NULL;
		}
		if (fixture_names[i] == NULL && free_slot == FIXTURE_MAX_VARS)
			free_slot = i;
	}
	if (value == NULL)
		return;
	if (free_slot == FIXTURE_MAX_VARS)
		abort();
	fixture_names[free_slot] = xstrdup(name);
	fixture_values[free_slot] = xstrdup(value);
}

char *fixture_path(const struct fixture *f, const char *rel)
{
	return xasprintf("%s/%s", f->root, rel);
}

void fixture_put(struct fixture *f, const char *rel, const char *text, mode_t mode)
{
	free(tmptree_write(f->root, rel, text, mode ? mode : 0600));
}

int fixture_setup(void **state)
{
	struct fixture *f = xcalloc(1, sizeof *f);
	char *home;

	f->root = tmptree_new();
	f->dirs[0] = tmptree_mkdir(f->root, "cwd");
	f->dirs[1] = tmptree_mkdir(f->root, "home/.config/openstack");
	f->dirs[2] = tmptree_mkdir(f->root, "etc/openstack");
	f->dirs[3] = NULL;
	f->env.getenv = fixture_getenv;
	f->env.dirs = (const char *const *)f->dirs;
	home = fixture_path(f, "home");
	fixture_env("HOME", home);
	free(home);
	*state = f;
	return 0;
}

int fixture_teardown(void **state)
{
	struct fixture *f = *state;
	size_t i;

	for (i = 0; i < FIXTURE_MAX_VARS; i++) {
		free(fixture_names[i]);
		free(fixture_values[i]);
		fixture_names[i] = fixture_values[i] = NULL;
	}
	tmptree_remove(f->root);
	for (i = 0; i < 3; i++)
		free(f->dirs[i]);
	free(f->root);
	free(f);
	return 0;
}
