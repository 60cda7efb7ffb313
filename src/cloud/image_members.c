/* image_members: the pure half (member parsing, JSON-patch, references). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/image_members.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/xmalloc.h"

void image_member_dispose(struct image_member *m)
{
	free(m->image_id);
	free(m->member_id);
	free(m->status);
	free(m->created_at);
	free(m->updated_at);
	memset(m, 0, sizeof *m);
}

void image_members_free(struct image_member *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		image_member_dispose(&v[i]);
	free(v);
}

int image_parse_member(struct image_member *m, const cJSON *obj)
{
	memset(m, 0, sizeof *m);
	if (!cJSON_IsObject(obj) || json_get_str(obj, "member_id") == NULL || json_get_str(obj, "status") == NULL)
		return err_set(ERR_PARSE, "Glance sent an image member without a member_id or status");
	m->member_id = json_dup_str(obj, "member_id");
	m->status = json_dup_str(obj, "status");
	m->image_id = json_dup_str(obj, "image_id");
	m->created_at = json_dup_str(obj, "created_at");
	m->updated_at = json_dup_str(obj, "updated_at");
	return 0;
}

int image_parse_members(struct image_member **v, size_t *n, const cJSON *root)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(root, "members"), *it;
	struct image_member *out;
	size_t k = 0;
	int rc = 0;

	*v = NULL;
	*n = 0;
	if (!cJSON_IsArray(list))
		return err_set(ERR_PARSE, "Glance's member list has no \"members\" array");
	out = xcalloc((size_t)cJSON_GetArraySize(list) + 1, sizeof *out);
	cJSON_ArrayForEach(it, list) {
		if ((rc = image_parse_member(&out[k], it)) < 0)
			goto out;
		k++;
	}
out:
	if (rc < 0) {
		image_members_free(out, k);
		return rc;
	}
	*v = out;
	*n = k;
	return 0;
}

char *image_build_visibility_patch(const char *visibility)
{
	cJSON *a = cJSON_CreateArray(), *op = cJSON_CreateObject();
	char *s;

	cJSON_AddStringToObject(op, "op", "replace");
	cJSON_AddStringToObject(op, "path", "/visibility");
	cJSON_AddStringToObject(op, "value", visibility);
	cJSON_AddItemToArray(a, op);
	s = cJSON_PrintUnformatted(a);
	cJSON_Delete(a);
	if (s == NULL)
		abort();
	return s;
}

enum image_ref_match image_match_ref(const struct image *im, const char *ref)
{
	const char *slash = strrchr(ref, '/');
	enum image_ref_match how = IMAGE_REF_NONE;

	if (slash && slash != ref && slash[1] != '\0') {
		size_t nlen = (size_t)(slash - ref);

		if (im->recipe && strcmp(im->recipe, ref) == 0)
			how = IMAGE_REF_RECIPE;
		else if (im->name && strlen(im->name) == strlen(ref) && strncmp(im->name, ref, nlen) == 0 &&
			 im->name[nlen] == '-' && strcmp(im->name + nlen + 1, slash + 1) == 0)
			how = IMAGE_REF_NAME;
	} else if (im->name && strcmp(im->name, ref) == 0)
		how = IMAGE_REF_NAME;
	if (how == IMAGE_REF_NONE && im->id && strcmp(im->id, ref) == 0)
		how = IMAGE_REF_ID;
	return how;
}

size_t image_find_by_ref(size_t *idx, size_t max, const struct image *v, size_t n, const char *ref)
{
	static const enum image_ref_match order[] = { IMAGE_REF_ID, IMAGE_REF_RECIPE, IMAGE_REF_NAME };
	size_t i, j, found;

	for (j = 0; j < sizeof order / sizeof order[0]; j++) {
		found = 0;
		for (i = 0; i < n; i++)
			if (image_match_ref(&v[i], ref) == order[j] && found < max)
				idx[found++] = i;
		if (found > 0)
			return found;
	}
	return 0;
}
