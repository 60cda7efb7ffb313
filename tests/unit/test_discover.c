/* Tests of src/core/discover.c: which clusters the marks on observed resources name, and one cluster's share. */
#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/discover.h"
#include "core/plan.h"

static const char *const tags_ld14[] = { "sparkdeck", "sparkdeck-cluster=spark/ld14" };
static const char *const tags_other[] = { "sparkdeck-cluster=spark/other", "sparkdeck", "extra" };
static const char *const tags_unmarked[] = { "sparkdeck-cluster=spark/ld14" };       /* no "sparkdeck" */
static const char *const tags_build[] = { "sparkdeck", "sparkdeck-build=0123456789abcdef" };
static const char *const tags_bad[] = { "sparkdeck", "sparkdeck-cluster=Spark/LD14" };

static void test_tag_cluster(void **state)
{
	static const char *const two[] = { "sparkdeck", "sparkdeck-cluster=a/b", "sparkdeck-cluster=c/d" };

	(void)state;
	assert_string_equal(discover_tag_cluster(tags_ld14, 2), "spark/ld14");
	assert_string_equal(discover_tag_cluster(tags_other, 3), "spark/other");
	assert_null(discover_tag_cluster(tags_unmarked, 1));
	assert_null(discover_tag_cluster(tags_build, 2));
	assert_null(discover_tag_cluster(NULL, 0));
	assert_null(discover_tag_cluster(tags_ld14, 1));        /* only what n covers counts */
	assert_string_equal(discover_tag_cluster(two, 3), "a/b");
}

static void test_cluster_name(void **state)
{
	char *s;

	(void)state;
	s = discover_cluster_name("spark/ld14");
	assert_string_equal(s, "spark-ld14");
	free(s);
	s = discover_cluster_name("e2e/obs.1");
	assert_string_equal(s, "e2e-obs.1");
	free(s);
}

/* A kind of everything: two clusters, unmarked and foreign resources, kinds that name no cluster. */
static void fill(struct plan_seen *v, size_t *n)
{
	memset(v, 0, 16 * sizeof *v);
	v[0] = (struct plan_seen){ .kind = PLAN_SERVER, .id = "s1", .name = "spark-ld14-master",
				   .cluster = "spark/ld14", .role = "master" };
	v[1] = (struct plan_seen){ .kind = PLAN_SERVER, .id = "s2", .name = "spark-ld14-worker-1" };   /* no metadata */
	v[2] = (struct plan_seen){ .kind = PLAN_SERVER, .id = "s3", .cluster = "Bad Ref" };
	v[3] = (struct plan_seen){ .kind = PLAN_NETWORK, .id = "n1", .tags = tags_ld14, .n_tags = 2 };
	v[4] = (struct plan_seen){ .kind = PLAN_NETWORK, .id = "n2", .tags = tags_other, .n_tags = 3 };
	v[5] = (struct plan_seen){ .kind = PLAN_FIP, .id = "f1", .tags = tags_unmarked, .n_tags = 1 };
	v[6] = (struct plan_seen){ .kind = PLAN_ROUTER, .id = "r1", .tags = tags_build, .n_tags = 2 };
	v[7] = (struct plan_seen){ .kind = PLAN_SECGROUP, .id = "g1", .tags = tags_bad, .n_tags = 2 };
	v[8] = (struct plan_seen){ .kind = PLAN_ROUTER, .id = "r2", .tags = tags_ld14, .n_tags = 2 };
	v[9] = (struct plan_seen){ .kind = PLAN_IFACE, .id = "r2", .subnet_id = "sub1" };
	v[10] = (struct plan_seen){ .kind = PLAN_IFACE, .id = "r1", .subnet_id = "sub2" };
	v[11] = (struct plan_seen){ .kind = PLAN_KEYPAIR, .id = "sparkdeck-spark-ld14",
				    .name = "sparkdeck-spark-ld14" };
	v[12] = (struct plan_seen){ .kind = PLAN_KEYPAIR, .id = "sparkdeck-spark-other" };
	v[13] = (struct plan_seen){ .kind = PLAN_SECGROUP, .id = "g2", .tags = tags_ld14, .n_tags = 2 };
	v[14] = (struct plan_seen){ .kind = PLAN_RULE, .id = "rule1", .secgroup_id = "g2", .protocol = "tcp" };
	v[15] = (struct plan_seen){ .kind = PLAN_SERVER, .id = "s4", .cluster = "a/b" };
	*n = 16;
}

static void test_cluster_refs(void **state)
{
	struct plan_seen v[16];
	size_t n, count = 99;
	char **refs;

	(void)state;
	fill(v, &n);
	refs = discover_cluster_refs(v, n, &count);
	/* From metadata and tags, each once, sorted; not "Bad Ref", the builder's, the unmarked FIP's, keypairs. */
	assert_int_equal(count, 3);
	assert_string_equal(refs[0], "a/b");
	assert_string_equal(refs[1], "spark/ld14");
	assert_string_equal(refs[2], "spark/other");
	assert_null(refs[3]);
	plan_strv_free(refs);
	assert_null(discover_cluster_refs(v + 9, 4, &count));   /* interfaces and keypairs name none */
	assert_int_equal(count, 0);
	assert_null(discover_cluster_refs(NULL, 0, &count));
}

static void test_cluster_resources(void **state)
{
	const struct plan_seen **mine;
	struct plan_observed obs;
	struct plan_seen v[16];
	size_t n, k;

	(void)state;
	fill(v, &n);
	memset(&obs, 0, sizeof obs);
	obs.res = v;
	obs.n_res = n;
	mine = discover_cluster_resources(&obs, "spark/ld14", &k);
	/* Marked ones first (in obs order), then the interface and rule through their router and group. */
	assert_int_equal(k, 7);
	assert_string_equal(mine[0]->id, "s1");
	assert_string_equal(mine[1]->id, "n1");
	assert_string_equal(mine[2]->id, "r2");
	assert_string_equal(mine[3]->id, "sparkdeck-spark-ld14");
	assert_string_equal(mine[4]->id, "g2");
	assert_int_equal(mine[5]->kind, PLAN_IFACE);
	assert_string_equal(mine[5]->subnet_id, "sub1");
	assert_string_equal(mine[6]->id, "rule1");
	free(mine);
	mine = discover_cluster_resources(&obs, "spark/other", &k);
	assert_int_equal(k, 2);
	assert_string_equal(mine[0]->id, "n2");
	assert_string_equal(mine[1]->id, "sparkdeck-spark-other");
	free(mine);
	assert_null(discover_cluster_resources(&obs, "spark/none", &k));
	assert_int_equal(k, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tag_cluster),
		cmocka_unit_test(test_cluster_name),
		cmocka_unit_test(test_cluster_refs),
		cmocka_unit_test(test_cluster_resources),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
