#include "autoconfig.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <cjson/cJSON.h>

#include "cloud/errbody.h"
#include "core/buf.h"
#include "core/json.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

/* Only this much of a body is looked at. */
#define ERRBODY_SCAN_MAX (64 * 1024)

/* A non-empty string member key of obj, or NULL. */
static const char *errbody_str(const cJSON *obj, const char *key)
{
	const char *s = json_get_str(obj, key);

	return s && *s ? s : NULL;
}

static const char *errbody_from_json(const cJSON *root)
{
	const cJSON *it, *first;
	const char *s;

	if (!cJSON_IsObject(root))
		return NULL;
	if ((s = errbody_str(root, "message")) || (s = errbody_str(root, "detail")))
		return s;
	it = cJSON_GetObjectItemCaseSensitive(root, "errors");
	if (cJSON_IsArray(it) && (first = cJSON_GetArrayItem(it, 0)) != NULL &&
	    ((s = errbody_str(first, "detail")) || (s = errbody_str(first, "title"))))
		return s;
	/* {"itemNotFound": {...}}, {"error": {...}}, {"NeutronError": {...}} */
	cJSON_ArrayForEach(it, root) {
		if (cJSON_IsObject(it) && ((s = errbody_str(it, "message")) || (s = errbody_str(it, "detail"))))
			return s;
		if (cJSON_IsString(it) && strcmp(it->string, "NeutronError") == 0 && *it->valuestring)
			return it->valuestring;
	}
	return NULL;
}

/* Text of an HTML-ish page: the body part if any, tags dropped, whitespace collapsed. */
static char *errbody_from_text(const char *body, size_t len)
{
	struct buf out;
	const char *p = body, *end = body + len, *b;
	int in_tag = 0, space = 0;

	for (b = body; b + 6 <= end; b++)
		if (strncasecmp(b, "<body", 5) == 0) {
			p = b;
			break;
		}
	buf_init(&out, len + 1);
	for (; p < end; p++) {
		if (*p == '<') {
			in_tag = 1;
			space = out.len > 0;
			continue;
		}
		if (in_tag) {
			in_tag = *p != '>';
			continue;
		}
		if (isspace((unsigned char)*p)) {
			space = out.len > 0;
			continue;
		}
		if (space && buf_append(&out, " ", 1) < 0)
			break;
		space = 0;
		if (buf_append(&out, p, 1) < 0)
			break;
	}
	if (out.len == 0) {
		buf_dispose(&out);
		return NULL;
	}
	return buf_detach(&out);
}

char *errbody_extract_message(const char *body, size_t len, size_t max_bytes)
{
	cJSON *root = NULL;
	const char *s;
	char *text = NULL, *msg = NULL;

	if (body == NULL || len == 0)
		goto out;
	if (len > ERRBODY_SCAN_MAX)
		len = ERRBODY_SCAN_MAX;
	if (json_parse(&root, body, len, JSON_MAX_DEPTH) == 0) {
		/* Glance's JSON messages carry HTML too ("...<br /><br />"). */
		if ((s = errbody_from_json(root)) != NULL)
			text = errbody_from_text(s, strlen(s));
	} else
		text = errbody_from_text(body, len);
	if (text != NULL)
		msg = sanitize_line(text, max_bytes);
out:
	cJSON_Delete(root);
	free(text);
	return msg;
}
