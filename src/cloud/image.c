#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/image.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/xmalloc.h"

static char *image_dup_or(const cJSON *obj, const char *key, const char *fallback)
{
	const char *s = json_get_str(obj, key);

	return xstrdup(s ? s : fallback);
}

int image_parse_image(struct image *im, const cJSON *obj)
{
	const cJSON *size;

	memset(im, 0, sizeof *im);
	if (!cJSON_IsObject(obj) || json_get_str(obj, "id") == NULL)
		return err_set(ERR_PARSE, "Glance sent an image without an id");
	im->id = json_dup_str(obj, "id");
	im->name = image_dup_or(obj, "name", "");
	im->status = image_dup_or(obj, "status", "unknown");
	im->visibility = image_dup_or(obj, "visibility", "private");
	im->owner = json_dup_str(obj, "owner");
	im->disk_format = json_dup_str(obj, "disk_format");
	size = cJSON_GetObjectItemCaseSensitive(obj, "size");
	im->size = cJSON_IsNumber(size) && size->valuedouble >= 0 ? (long long)size->valuedouble : -1;
	im->created_at = json_dup_str(obj, "created_at");
	im->updated_at = json_dup_str(obj, "updated_at");
	im->recipe = json_dup_str(obj, IMAGE_RECIPE_PROPERTY);
	im->build_id = json_dup_str(obj, "sparkdeck_build");
	return 0;
}

int image_parse_images(struct image **v, size_t *n, const cJSON *page)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(page, "images"), *it;
	int rc;

	if (!cJSON_IsArray(list))
		return err_set(ERR_PARSE, "Glance's image list has no \"images\" array");
	*v = xreallocarray(*v, *n + (size_t)cJSON_GetArraySize(list) + 1, sizeof **v);
	cJSON_ArrayForEach(it, list) {
		if ((rc = image_parse_image(&(*v)[*n], it)) < 0) {
			model_image_dispose(&(*v)[*n]);
			return rc;
		}
		(*n)++;
	}
	return 0;
}

int image_parse_member_status(char **status, const cJSON *member)
{
	const char *s = json_get_str(member, "status");

	*status = NULL;
	if (s == NULL)
		return err_set(ERR_PARSE, "Glance sent an image member without a status");
	*status = xstrdup(s);
	return 0;
}

int image_is_shared_with(const struct image *im, const char *project_id)
{
	return project_id && im->visibility && strcmp(im->visibility, "shared") == 0 &&
	       (im->owner == NULL || strcmp(im->owner, project_id) != 0);
}
