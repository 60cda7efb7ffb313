/*
 * yaml: a small, bounded YAML reader on libyaml (for clouds.yaml and
 * secure.yaml).
 *
 * A document becomes a tree of maps, sequences and scalars; every node keeps
 * the line it starts on so callers can say "file:line: what is wrong".
 * Untrusted input is bounded: files larger than YAML_MAX_BYTES are
 * ERR_TOOBIG, nesting deeper than YAML_MAX_DEPTH is ERR_TOOBIG, and anchors
 * and aliases are refused (ERR_PARSE, "aliases are not supported"), so an
 * alias bomb ("billion laughs") never expands. Map keys must be scalars; a
 * repeated key is kept and the last one wins in yaml_map_get(), as in PyYAML.
 * Tags are ignored (every scalar is text). Only one document is allowed.
 *
 * Contract: yaml_load_file() / yaml_load_buffer() return 0 and *root (NULL
 * for an empty document), which the caller frees with yaml_node_free(); or a
 * negative ERR_* with err_last() set to "name:line: problem" (ERR_IO when the
 * file cannot be read, ERR_PARSE for malformed YAML). yaml_node_free() wipes
 * every scalar before freeing it (credential files hold passwords). Lookups
 * never fail: a missing key or a wrong kind gives NULL.
 */
#ifndef SD_CORE_YAML_H
#define SD_CORE_YAML_H

#include <stddef.h>

#define YAML_MAX_BYTES (1024 * 1024)
#define YAML_MAX_DEPTH 32

enum yaml_kind { YAML_KIND_SCALAR, YAML_KIND_MAP, YAML_KIND_SEQ };

struct yaml_node {
	enum yaml_kind kind;
	int line;                  /* 1-based line where the node starts */
	char *value;               /* scalar: its text (NUL-terminated), else NULL */
	int plain;                 /* scalar written without quotes or block style */
	size_t n;                  /* map: number of pairs; sequence: number of items */
	char **keys;               /* map: the key texts, parallel to items */
	int *key_lines;            /* map: the line of each key */
	struct yaml_node **items;  /* map: the values; sequence: the items */
};

/* Read and parse the file at path (at most YAML_MAX_BYTES). */
int yaml_load_file(struct yaml_node **root, const char *path);
/* Parse len bytes of YAML; name is used in messages. */
int yaml_load_buffer(struct yaml_node **root, const char *name, const char *data, size_t len);
/* Wipe and free a tree (NULL is fine). */
void yaml_node_free(struct yaml_node *node);
/* The value of key in map (last one if repeated), or NULL if absent or map is not a map. */
const struct yaml_node *yaml_map_get(const struct yaml_node *map, const char *key);
/* Whether node is a plain null scalar (empty, "~", "null"), or absent. */
int yaml_is_null(const struct yaml_node *node);
/* The boolean of a scalar (YAML 1.1: true/false/yes/no/on/off, any case): 1, 0, or -1 if not a boolean. */
int yaml_scalar_bool(const struct yaml_node *node);

#endif
