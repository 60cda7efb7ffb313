#include "autoconfig.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "core/error.h"
#include "core/xmalloc.h"
#include "core/yaml.h"

/* An open map or sequence, with the key read but not yet given a value. */
struct yaml_frame {
	struct yaml_node *node;
	char *key;
	int key_line;
	size_t cap;
};

struct yaml_build {
	const char *name;
	const char *data;
	size_t len;
	struct yaml_frame stack[YAML_MAX_DEPTH];
	int depth;
	int docs;
	struct yaml_node *root;
};

static void yaml_wipe_free(char *s)
{
	if (s) {
		explicit_bzero(s, strlen(s));
		free(s);
	}
}

void yaml_node_free(struct yaml_node *node)
{
	size_t i;

	if (node == NULL)
		return;
	for (i = 0; i < node->n; i++) {
		if (node->keys)
			yaml_wipe_free(node->keys[i]);
		yaml_node_free(node->items[i]);
	}
	free(node->keys);
	free(node->key_lines);
	free(node->items);
	yaml_wipe_free(node->value);
	free(node);
}

static struct yaml_node *yaml_node_new(enum yaml_kind kind, int line)
{
	struct yaml_node *n = xcalloc(1, sizeof *n);

	n->kind = kind;
	n->line = line;
	return n;
}

/* Give node to the open container (or make it the root); on error the caller still owns it. */
static int yaml_attach(struct yaml_build *b, struct yaml_node *node)
{
	struct yaml_frame *f;
	struct yaml_node *c;

	if (b->depth == 0) {
		b->root = node;
		return 0;
	}
	f = &b->stack[b->depth - 1];
	c = f->node;
	if (c->kind == YAML_KIND_MAP && f->key == NULL) {
		if (node->kind != YAML_KIND_SCALAR)
			return err_set(ERR_PARSE, "%s:%d: a mapping key must be a plain value, not a %s",
				       b->name, node->line,
				       node->kind == YAML_KIND_MAP ? "mapping" : "sequence");
		f->key = node->value;
		f->key_line = node->line;
		node->value = NULL;
		yaml_node_free(node);
		return 0;
	}
	if (c->n == f->cap) {
		f->cap = f->cap ? f->cap * 2 : 8;
		c->items = xreallocarray(c->items, f->cap, sizeof *c->items);
		if (c->kind == YAML_KIND_MAP) {
			c->keys = xreallocarray(c->keys, f->cap, sizeof *c->keys);
			c->key_lines = xreallocarray(c->key_lines, f->cap, sizeof *c->key_lines);
		}
	}
	if (c->kind == YAML_KIND_MAP) {
		c->keys[c->n] = f->key;
		c->key_lines[c->n] = f->key_line;
		f->key = NULL;
	}
	c->items[c->n++] = node;
	return 0;
}

static int yaml_parser_fail(struct yaml_build *b, const yaml_parser_t *p)
{
	size_t line = p->problem_mark.line + 1, i;
	const char *problem = p->problem ? p->problem : "out of memory";

	if (p->error == YAML_READER_ERROR) {
		line = 1;
		for (i = 0; i < p->problem_offset && i < b->len; i++)
			line += b->data[i] == '\n';
	}
	if (p->context)
		return err_set(ERR_PARSE, "%s:%zu: %s (%s at line %zu)", b->name, line, problem,
			       p->context, (size_t)p->context_mark.line + 1);
	return err_set(ERR_PARSE, "%s:%zu: %s", b->name, line, problem);
}

/* Handle one event; *done is set at the end of the stream. */
static int yaml_on_event(struct yaml_build *b, yaml_event_t *ev, int *done)
{
	int line = (int)ev->start_mark.line + 1;
	const yaml_char_t *anchor = NULL;
	struct yaml_node *node = NULL;
	enum yaml_kind kind;
	int rc = 0;

	switch (ev->type) {
	case YAML_STREAM_END_EVENT:
		*done = 1;
		return 0;
	case YAML_DOCUMENT_START_EVENT:
		if (++b->docs > 1)
			return err_set(ERR_PARSE, "%s:%d: only one YAML document is allowed", b->name, line);
		return 0;
	case YAML_ALIAS_EVENT:
		return err_set(ERR_PARSE, "%s:%d: aliases are not supported", b->name, line);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return 0;
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor)
			return err_set(ERR_PARSE, "%s:%d: anchors and aliases are not supported", b->name, line);
		if (memchr(ev->data.scalar.value, '\0', ev->data.scalar.length))
			return err_set(ERR_PARSE, "%s:%d: a value holds a NUL character", b->name, line);
		node = yaml_node_new(YAML_KIND_SCALAR, line);
		node->value = xstrndup((const char *)ev->data.scalar.value, ev->data.scalar.length);
		node->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		if ((rc = yaml_attach(b, node)) < 0)
			yaml_node_free(node);
		return rc;
	case YAML_SEQUENCE_START_EVENT:
	case YAML_MAPPING_START_EVENT:
		if (ev->type == YAML_SEQUENCE_START_EVENT) {
			kind = YAML_KIND_SEQ;
			anchor = ev->data.sequence_start.anchor;
		} else {
			kind = YAML_KIND_MAP;
			anchor = ev->data.mapping_start.anchor;
		}
		if (anchor)
			return err_set(ERR_PARSE, "%s:%d: anchors and aliases are not supported", b->name, line);
		if (b->depth == YAML_MAX_DEPTH)
			return err_set(ERR_TOOBIG, "%s:%d: nested deeper than %d levels", b->name, line,
				       YAML_MAX_DEPTH);
		node = yaml_node_new(kind, line);
		if ((rc = yaml_attach(b, node)) < 0) {
			yaml_node_free(node);
			return rc;
		}
		b->stack[b->depth].node = node;
		b->stack[b->depth].key = NULL;
		b->stack[b->depth].cap = 0;
		b->depth++;
		return 0;
	default:
		return 0;
	}
}

int yaml_load_buffer(struct yaml_node **root, const char *name, const char *data, size_t len)
{
	struct yaml_build b;
	yaml_parser_t parser;
	yaml_event_t ev;
	int rc = 0, done = 0, i;

	*root = NULL;
	memset(&b, 0, sizeof b);
	b.name = name;
	b.data = data;
	b.len = len;
	if (len > YAML_MAX_BYTES)
		return err_set(ERR_TOOBIG, "%s: larger than %d bytes", name, YAML_MAX_BYTES);
	if (!yaml_parser_initialize(&parser))
		return err_set(ERR_PARSE, "%s: cannot start the YAML parser", name);
	yaml_parser_set_input_string(&parser, (const unsigned char *)data, len);
	while (!done) {
		if (!yaml_parser_parse(&parser, &ev)) {
			rc = yaml_parser_fail(&b, &parser);
			goto out;
		}
		rc = yaml_on_event(&b, &ev, &done);
		if (ev.type == YAML_SCALAR_EVENT)
			explicit_bzero(ev.data.scalar.value, ev.data.scalar.length);
		yaml_event_delete(&ev);
		if (rc < 0)
			goto out;
	}
	*root = b.root;
	b.root = NULL;
out:
	for (i = 0; i < b.depth; i++)
		yaml_wipe_free(b.stack[i].key);
	yaml_node_free(b.root);
	yaml_parser_delete(&parser);
	return rc;
}

/* Read the whole regular file at path, refusing more than YAML_MAX_BYTES. */
static int yaml_read_file(const char *path, char **data, size_t *len)
{
	struct stat st;
	size_t cap, n = 0;
	char *buf = NULL;
	ssize_t got;
	int fd, rc = 0;

	*data = NULL;
	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return err_set(ERR_IO, "cannot open %s: %s", path, strerror(errno));
	if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode)) {
		rc = err_set(ERR_IO, "cannot read %s: not a regular file", path);
		goto out;
	}
	if (st.st_size > YAML_MAX_BYTES) {
		rc = err_set(ERR_TOOBIG, "%s: larger than %d bytes", path, YAML_MAX_BYTES);
		goto out;
	}
	cap = (size_t)st.st_size + 1;
	buf = xmalloc(cap);
	for (;;) {
		if (n == cap) {
			if (cap > YAML_MAX_BYTES) {
				rc = err_set(ERR_TOOBIG, "%s: larger than %d bytes", path, YAML_MAX_BYTES);
				goto out;
			}
			cap = cap * 2 > YAML_MAX_BYTES + 1 ? YAML_MAX_BYTES + 1 : cap * 2;
			buf = xreallocarray(buf, cap, 1);
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got < 0) {
			rc = err_set(ERR_IO, "cannot read %s: %s", path, strerror(errno));
			goto out;
		}
		if (got == 0)
			break;
		n += (size_t)got;
	}
	*data = buf;
	*len = n;
	buf = NULL;
out:
	if (buf) {
		explicit_bzero(buf, n);
		free(buf);
	}
	close(fd);
	return rc;
}

int yaml_load_file(struct yaml_node **root, const char *path)
{
	char *data;
	size_t len = 0;
	int rc;

	*root = NULL;
	if ((rc = yaml_read_file(path, &data, &len)) < 0)
		return rc;
	rc = yaml_load_buffer(root, path, data, len);
	explicit_bzero(data, len);
	free(data);
	return rc;
}

const struct yaml_node *yaml_map_get(const struct yaml_node *map, const char *key)
{
	size_t i;

	if (map == NULL || map->kind != YAML_KIND_MAP)
		return NULL;
	for (i = map->n; i-- > 0;)
		if (strcmp(map->keys[i], key) == 0)
			return map->items[i];
	return NULL;
}

int yaml_is_null(const struct yaml_node *node)
{
	if (node == NULL)
		return 1;
	if (node->kind != YAML_KIND_SCALAR || !node->plain)
		return 0;
	return node->value[0] == '\0' || strcmp(node->value, "~") == 0 ||
	       strcmp(node->value, "null") == 0 || strcmp(node->value, "Null") == 0 ||
	       strcmp(node->value, "NULL") == 0;
}

int yaml_scalar_bool(const struct yaml_node *node)
{
	static const char *const yes[] = { "true", "yes", "on" };
	static const char *const no[] = { "false", "no", "off" };
	size_t i;

	if (node == NULL || node->kind != YAML_KIND_SCALAR)
		return -1;
	for (i = 0; i < 3; i++) {
		if (strcasecmp(node->value, yes[i]) == 0)
			return 1;
		if (strcasecmp(node->value, no[i]) == 0)
			return 0;
	}
	return -1;
}
