/*
 * json: parse untrusted JSON with a depth cap before cJSON sees it.
 *
 * Contract: json_parse() returns 0 and a cJSON tree the caller frees with
 * cJSON_Delete(), or ERR_PARSE (malformed, with the byte offset) or
 * ERR_TOOBIG (nesting deeper than max_depth). The json_get_*() helpers never
 * fail: a missing or mistyped member gives NULL / the fallback.
 */
#ifndef SD_CORE_JSON_H
#define SD_CORE_JSON_H

#include <stddef.h>
#include <cjson/cJSON.h>

#define JSON_MAX_DEPTH 64

/* Parse len bytes of text, refusing nesting deeper than max_depth. */
int json_parse(cJSON **out, const char *text, size_t len, int max_depth);
/* The string member key of obj, or NULL. */
const char *json_get_str(const cJSON *obj, const char *key);
/* A heap copy of the string member key of obj, or NULL. */
char *json_dup_str(const cJSON *obj, const char *key);
/* The numeric member key of obj, or fallback. */
double json_get_num(const cJSON *obj, const char *key, double fallback);
/* The boolean member key of obj (1/0), or fallback. */
int json_get_bool(const cJSON *obj, const char *key, int fallback);

#endif
