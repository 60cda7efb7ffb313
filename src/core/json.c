#include "autoconfig.h"

#include <stddef.h>

#include "core/error.h"
#include "core/json.h"
#include "core/xmalloc.h"

/* Offset of the first bracket nested deeper than max_depth, or len if none (strings skipped). */
static size_t json_find_too_deep(const char *text, size_t len, int max_depth)
{
	int depth = 0, in_string = 0, escaped = 0;
	size_t i;

	for (i = 0; i < len; i++) {
		char c = text[i];

		if (in_string) {
			if (escaped)
				escaped = 0;
			else if (c == '\\')
				escaped = 1;
			else if (c == '"')
				in_string = 0;
			continue;
		}
		switch (c) {
		case '"':
			in_string = 1;
			break;
		case '[': case '{':
			if (++depth > max_depth)
				return i;
			break;
		case ']': case '}':
			if (depth > 0)
				depth--;
			break;
		}
	}
	return len;
}

int json_parse(cJSON **out, const char *text, size_t len, int max_depth)
{
	const char *end = NULL;
	cJSON *root = NULL;
	size_t at;
	int rc = 0;

	*out = NULL;
	if (text == NULL || len == 0) {
		rc = err_set(ERR_PARSE, "malformed JSON: empty document");
		goto out;
	}
	at = json_find_too_deep(text, len, max_depth);
	if (at < len) {
		rc = err_set(ERR_TOOBIG, "JSON nested deeper than %d levels at byte %zu", max_depth, at);
		goto out;
	}
	root = cJSON_ParseWithLengthOpts(text, len, &end, 0);
	if (root == NULL) {
		if (end == NULL || end < text || end > text + len)
			end = cJSON_GetErrorPtr();
		at = end && end >= text && end <= text + len ? (size_t)(end - text) : 0;
		rc = err_set(ERR_PARSE, "malformed JSON at byte %zu", at);
		goto out;
	}
	while (end < text + len && (*end == ' ' || *end == '\t' || *end == '\n' || *end == '\r'))
		end++;
	if (end < text + len) {
		rc = err_set(ERR_PARSE, "malformed JSON: unexpected data after the document at byte %zu",
			     (size_t)(end - text));
		goto out;
	}
	*out = root;
	root = NULL;
out:
	cJSON_Delete(root);
	return rc;
}

const char *json_get_str(const cJSON *obj, const char *key)
{
	const cJSON *item;

	if (obj == NULL || !cJSON_IsObject(obj))
		return NULL;
	item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsString(item) ? item->valuestring : NULL;
}

char *json_dup_str(const cJSON *obj, const char *key)
{
	return xstrdup(json_get_str(obj, key));
}

double json_get_num(const cJSON *obj, const char *key, double fallback)
{
	const cJSON *item;

	if (obj == NULL || !cJSON_IsObject(obj))
		return fallback;
	item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsNumber(item) ? item->valuedouble : fallback;
}

int json_get_bool(const cJSON *obj, const char *key, int fallback)
{
	const cJSON *item;

	if (obj == NULL || !cJSON_IsObject(obj))
		return fallback;
	item = cJSON_GetObjectItemCaseSensitive(obj, key);
	return cJSON_IsBool(item) ? cJSON_IsTrue(item) : fallback;
}
