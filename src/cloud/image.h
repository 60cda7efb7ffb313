/*
 * image: Glance v2 images and their members, parsed into the model (pure).
 *
 * The list asks for member_status=all so images shared with the project show
 * while the invitation is pending or rejected too. Glance's list does not say
 * which member status the current project has, so for an image shared by
 * another project (visibility "shared", owner not us) the loader asks
 * GET /v2/images/{id}/members/{project}: one small request per such image
 * (there are few; at most IMAGE_MAX_MEMBER_LOOKUPS, the rest stay NULL). The
 * list filters cannot be used instead: for an admin Glance ignores them.
 *
 * Contract: the parsers fill caller-provided structs with heap strings that
 * the caller releases with model_image_dispose() (or hands to the model).
 * They return 0 or ERR_PARSE; on error nothing is left allocated.
 */
#ifndef SD_CLOUD_IMAGE_H
#define SD_CLOUD_IMAGE_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct image;

#define IMAGE_RECIPE_PROPERTY "sparkdeck_recipe"
#define IMAGE_LIST_PATH "/images?limit=1000&member_status=all"
#define IMAGE_LIST_LINKS "next"
#define IMAGE_MAX_MEMBER_LOOKUPS 100

/* Parse one image object of GET /v2/images. */
int image_parse_image(struct image *out, const cJSON *obj);
/* Append the images of one page ({"images": [...]}) to *v / *n. */
int image_parse_images(struct image **v, size_t *n, const cJSON *page);
/* The status ("pending", "accepted", "rejected") of a member object (new string). */
int image_parse_member_status(char **status, const cJSON *member);
/* 1 if im was shared with project_id by another project, so its member status is worth asking. */
int image_is_shared_with(const struct image *im, const char *project_id);

#endif
