#include "autoconfig.h"

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "core/buf.h"
#include "core/error.h"
#include "core/xmalloc.h"
#include "core/yaml.h"
#include "tmptree.h"

static int load_data(struct yaml_node **root, const char *rel)
{
	char *path = tmptree_data(rel);
	int rc = yaml_load_file(root, path);

	free(path);
	return rc;
}

static int load_str(struct yaml_node **root, const char *text)
{
	return yaml_load_buffer(root, "test.yaml", text, strlen(text));
}

static void test_nested_maps_and_sequences(void **state)
{
	struct yaml_node *root = NULL;
	const struct yaml_node *lab, *auth, *regions, *r2, *flow, *b;

	assert_int_equal(load_data(&root, "yaml/nested.yaml"), 0);
	assert_int_equal(root->kind, YAML_KIND_MAP);
	lab = yaml_map_get(yaml_map_get(root, "clouds"), "lab");
	assert_non_null(lab);
	assert_int_equal(lab->line, 4);
	auth = yaml_map_get(lab, "auth");
	assert_string_equal(yaml_map_get(auth, "auth_url")->value, "https://keystone.example:5000/v3");
	assert_int_equal(yaml_map_get(auth, "auth_url")->line, 5);
	assert_true(yaml_map_get(auth, "auth_url")->plain);
	assert_string_equal(yaml_map_get(auth, "username")->value, "alice");
	assert_false(yaml_map_get(auth, "username")->plain);
	assert_string_equal(yaml_map_get(auth, "project_name")->value, "spark");

	regions = yaml_map_get(lab, "regions");
	assert_int_equal(regions->kind, YAML_KIND_SEQ);
	assert_int_equal(regions->n, 2);
	assert_string_equal(regions->items[0]->value, "RegionOne");
	assert_int_equal(regions->items[0]->line, 9);
	r2 = regions->items[1];
	assert_int_equal(r2->kind, YAML_KIND_MAP);
	assert_string_equal(yaml_map_get(r2, "name")->value, "RegionTwo");
	assert_string_equal(yaml_map_get(yaml_map_get(r2, "values"), "interface")->value, "internal");
	assert_int_equal(r2->key_lines[1], 11);

	assert_int_equal(yaml_scalar_bool(yaml_map_get(lab, "verify")), 0);
	assert_int_equal(yaml_scalar_bool(yaml_map_get(auth, "username")), -1);
	assert_true(yaml_is_null(yaml_map_get(lab, "empty")));
	assert_true(yaml_is_null(yaml_map_get(lab, "tilde")));
	assert_false(yaml_is_null(yaml_map_get(lab, "quoted_null")));
	assert_true(yaml_is_null(yaml_map_get(lab, "absent")));

	flow = yaml_map_get(yaml_map_get(root, "clouds"), "flow");
	assert_int_equal(flow->kind, YAML_KIND_MAP);
	b = yaml_map_get(flow, "b");
	assert_int_equal(b->kind, YAML_KIND_SEQ);
	assert_int_equal(b->n, 3);
	assert_string_equal(b->items[2]->value, "z");
	/* Lookups on the wrong kind give NULL. */
	assert_null(yaml_map_get(b, "x"));
	assert_null(yaml_map_get(NULL, "x"));
	yaml_node_free(root);
}

static void test_malformed_file_gives_its_line(void **state)
{
	struct yaml_node *root = NULL;

	assert_int_equal(load_data(&root, "yaml/malformed.yaml"), ERR_PARSE);
	assert_null(root);
	assert_non_null(strstr(err_last(), "malformed.yaml:7: "));
	assert_non_null(strstr(err_last(), "line 6"));

	assert_int_equal(load_str(&root, "a: 1\nb: 2\n  c: 3\n"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "test.yaml:3: "));
	assert_int_equal(load_str(&root, "a: 1\nb:\t\"x\"\n\tc: 3\n"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "test.yaml:3: "));
	/* Invalid UTF-8 is a reader error; the line is counted from the offset. */
	assert_int_equal(load_str(&root, "a: 1\nb: 2\nc: \xff\n"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "test.yaml:3: "));
}

static void test_alias_bomb_refused(void **state)
{
	struct yaml_node *root = NULL;

	assert_int_equal(load_data(&root, "yaml/bomb.yaml"), ERR_PARSE);
	assert_null(root);
	assert_non_null(strstr(err_last(), "bomb.yaml:2: anchors and aliases are not supported"));
	assert_int_equal(load_data(&root, "yaml/alias.yaml"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "alias.yaml:1: "));
	/* An alias with no anchor, and an anchor on a scalar. */
	assert_int_equal(load_str(&root, "a: 1\nb: *nothing\n"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "test.yaml:2: aliases are not supported"));
	assert_int_equal(load_str(&root, "a: &x 1\n"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "test.yaml:1: anchors"));
}

/* depth nested flow sequences: [[[...]]]. */
static char *deep(int depth)
{
	struct buf b;
	int i;

	buf_init(&b, 1 << 20);
	for (i = 0; i < depth; i++)
		buf_puts(&b, "[");
	buf_puts(&b, "x");
	for (i = 0; i < depth; i++)
		buf_puts(&b, "]");
	return buf_detach(&b);
}

static void test_depth_cap(void **state)
{
	struct yaml_node *root = NULL;
	const struct yaml_node *n;
	char *s;
	int depth = 0;

	s = deep(YAML_MAX_DEPTH);
	assert_int_equal(load_str(&root, s), 0);
	for (n = root; n->kind == YAML_KIND_SEQ; n = n->items[0])
		depth++;
	assert_int_equal(depth, YAML_MAX_DEPTH);
	assert_string_equal(n->value, "x");
	yaml_node_free(root);
	free(s);

	s = deep(YAML_MAX_DEPTH + 1);
	assert_int_equal(load_str(&root, s), ERR_TOOBIG);
	assert_null(root);
	assert_non_null(strstr(err_last(), "nested deeper than 32 levels"));
	free(s);
	/* Block mappings count too. */
	s = xstrdup("a:\n b:\n  c: 1\n");
	assert_int_equal(load_str(&root, s), 0);
	yaml_node_free(root);
	free(s);
}

static void test_size_cap_and_io_errors(void **state)
{
	struct yaml_node *root = NULL;
	char *dir = tmptree_new(), *path, *big;
	size_t n = YAML_MAX_BYTES + 1;

	big = xmalloc(n + 1);
	memset(big, '#', n);
	big[n] = '\0';
	assert_int_equal(yaml_load_buffer(&root, "big.yaml", big, n), ERR_TOOBIG);
	path = tmptree_write(dir, "big.yaml", big, 0600);
	assert_int_equal(yaml_load_file(&root, path), ERR_TOOBIG);
	assert_non_null(strstr(err_last(), "larger than"));
	free(path);
	/* Exactly at the cap is fine (a comment-only file is an empty document). */
	big[n - 1] = '\0';
	path = tmptree_write(dir, "edge.yaml", big, 0600);
	assert_int_equal(yaml_load_file(&root, path), 0);
	assert_null(root);
	free(path);
	free(big);

	path = xasprintf("%s/missing.yaml", dir);
	assert_int_equal(yaml_load_file(&root, path), ERR_IO);
	assert_non_null(strstr(err_last(), "missing.yaml"));
	free(path);
	assert_int_equal(yaml_load_file(&root, dir), ERR_IO);
	assert_non_null(strstr(err_last(), "not a regular file"));
	tmptree_remove(dir);
	free(dir);
}

static void test_documents_keys_and_styles(void **state)
{
	struct yaml_node *root = NULL;

	assert_int_equal(load_str(&root, ""), 0);
	assert_null(root);
	assert_int_equal(load_str(&root, "a: 1\n---\nb: 2\n"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "test.yaml:2: only one YAML document"));
	assert_int_equal(load_str(&root, "? [a, b]\n: 1\n"), ERR_PARSE);
	assert_non_null(strstr(err_last(), "mapping key must be a plain value"));
	assert_int_equal(yaml_load_buffer(&root, "nul.yaml", "a: \"x\\0y\"\n", 10), ERR_PARSE);
	assert_non_null(strstr(err_last(), "NUL"));

	/* A repeated key: the last one wins. Tags are ignored. */
	assert_int_equal(load_str(&root, "a: 1\na: 2\nb: !!str 3\nc: |\n  two\n  lines\n"), 0);
	assert_string_equal(yaml_map_get(root, "a")->value, "2");
	assert_string_equal(yaml_map_get(root, "b")->value, "3");
	assert_string_equal(yaml_map_get(root, "c")->value, "two\nlines\n");
	assert_false(yaml_map_get(root, "c")->plain);
	yaml_node_free(root);

	assert_int_equal(load_str(&root, "[yes, No, ON, off, TRUE, false, maybe]"), 0);
	assert_int_equal(yaml_scalar_bool(root->items[0]), 1);
	assert_int_equal(yaml_scalar_bool(root->items[1]), 0);
	assert_int_equal(yaml_scalar_bool(root->items[2]), 1);
	assert_int_equal(yaml_scalar_bool(root->items[3]), 0);
	assert_int_equal(yaml_scalar_bool(root->items[4]), 1);
	assert_int_equal(yaml_scalar_bool(root->items[5]), 0);
	assert_int_equal(yaml_scalar_bool(root->items[6]), -1);
	assert_int_equal(yaml_scalar_bool(root), -1);
	yaml_node_free(root);
	yaml_node_free(NULL);
}

/* A JSON clouds file goes through the same reader. */
static void test_json_is_read_as_yaml(void **state)
{
	struct yaml_node *root = NULL;

	assert_int_equal(load_str(&root, "{\"clouds\": {\"lab\": {\"auth\": {\"auth_url\": "
				  "\"https://k:5000\"}, \"verify\": false}}}"), 0);
	assert_string_equal(yaml_map_get(yaml_map_get(yaml_map_get(yaml_map_get(root, "clouds"),
				"lab"), "auth"), "auth_url")->value, "https://k:5000");
	yaml_node_free(root);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_nested_maps_and_sequences),
		cmocka_unit_test(test_malformed_file_gives_its_line),
		cmocka_unit_test(test_alias_bomb_refused),
		cmocka_unit_test(test_depth_cap),
		cmocka_unit_test(test_size_cap_and_io_errors),
		cmocka_unit_test(test_documents_keys_and_styles),
		cmocka_unit_test(test_json_is_read_as_yaml),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
