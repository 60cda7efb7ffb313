#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "core/model.h"
#include "core/xmalloc.h"

static void server_make(struct server *s, const char *id, const char *status, const char *cluster,
			const char *role)
{
	memset(s, 0, sizeof *s);
	s->id = xstrdup(id);
	s->name = xstrdup(id);
	s->status = xstrdup(status);
	s->cluster = xstrdup(cluster);
	s->role = xstrdup(role);
}

static const struct cluster *find(const struct model *m, const char *name)
{
	size_t i;

	for (i = 0; i < m->n_clusters; i++)
		if (strcmp(m->clusters[i].name, name) == 0)
			return &m->clusters[i];
	return NULL;
}

static void test_groups_by_cluster_master_first(void **state)
{
	struct model m;
	struct server *v = xcalloc(5, sizeof *v);
	const struct cluster *c;

	model_init(&m);
	server_make(&v[0], "w1", "ACTIVE", "spark/ld14", "worker");
	server_make(&v[1], "m", "ACTIVE", "spark/ld14", "master");
	server_make(&v[2], "lone", "ACTIVE", NULL, NULL);
	server_make(&v[3], "w2", "ACTIVE", "spark/ld14", "worker");
	server_make(&v[4], "b-m", "BUILD", "spark/b", "master");
	model_set_servers(&m, v, 5, 100);

	assert_int_equal(m.n_clusters, 3);
	assert_string_equal(m.clusters[0].name, "spark/b");
	assert_string_equal(m.clusters[2].name, "");
	c = find(&m, "spark/ld14");
	assert_non_null(c);
	assert_int_equal(c->n_servers, 3);
	assert_string_equal(c->server_ids[0], "m");
	assert_string_equal(c->server_ids[1], "w1");
	assert_string_equal(c->server_ids[2], "w2");
	assert_int_equal(c->n_workers, 2);
	assert_int_equal(c->n_active, 3);
	assert_int_equal(c->state, CLUSTER_HEALTHY);
	assert_int_equal(find(&m, "spark/b")->state, CLUSTER_BUILDING);
	assert_int_equal(find(&m, "")->n_servers, 1);
	assert_int_equal(find(&m, "")->n_active, 1);
	assert_int_equal(m.loaded_at[MODEL_SERVERS], 100);
	model_dispose(&m);
}

static void test_states_degraded_and_partial(void **state)
{
	struct model m;
	struct server *v = xcalloc(4, sizeof *v);

	model_init(&m);
	server_make(&v[0], "a-m", "ACTIVE", "a", "master");
	server_make(&v[1], "a-w", "ERROR", "a", "worker");
	server_make(&v[2], "b-w", "ACTIVE", "b", "worker");
	server_make(&v[3], "c-m", "BUILD", "c", "master");
	model_set_servers(&m, v, 4, 1);
	assert_int_equal(find(&m, "a")->state, CLUSTER_DEGRADED);
	assert_int_equal(find(&m, "b")->state, CLUSTER_PARTIAL);
	assert_int_equal(find(&m, "c")->state, CLUSTER_BUILDING);
	assert_string_equal(model_cluster_state_name(CLUSTER_PARTIAL), "partial");
	assert_non_null(model_find_server(&m, "b-w"));
	assert_null(model_find_server(&m, "zz"));
	/* A second load replaces the first wholesale. */
	model_set_servers(&m, NULL, 0, 2);
	assert_int_equal(m.n_clusters, 0);
	assert_null(model_find_server(&m, "b-w"));
	model_dispose(&m);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_groups_by_cluster_master_first),
		cmocka_unit_test(test_states_degraded_and_partial),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
