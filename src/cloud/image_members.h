/*
 * image_members: sharing Glance images with other projects, asynchronously.
 *
 * Pure part: the JSON-patch body that sets an image's visibility, parsing of
 * member objects, and finding an image by a reference: "NAME/VERSION" is the
 * image whose sparkdeck_recipe property equals it (else the one named
 * NAME-VERSION); anything else is an image id or name.
 *
 * Async part (same rules as cloud.h: 0 and exactly one callback from the loop,
 * or a negative code without one; messages one line, sanitized, saying what to
 * do; results valid only during the callback unless the comment says the
 * callee takes them): list images (member_status=all, every page), set the
 * visibility, add a member (409 "already a member" counts as success), remove
 * a member (404 counts as success), list members, set our member status, and
 * resolve a project name or id to an id. cloud_free() cancels these too.
 *
 * Contract: struct image_member is caller-owned, released with
 * image_member_dispose(); arrays from the parsers are freed with
 * image_members_free().
 */
#ifndef SD_CLOUD_IMAGE_MEMBERS_H
#define SD_CLOUD_IMAGE_MEMBERS_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct cloud;
struct image;

/* The content type Glance wants for PATCH /v2/images/{id}. */
#define IMAGE_PATCH_CONTENT_TYPE "Content-Type: application/openstack-images-v2.1-json-patch"

struct image_member {
	char *image_id;
	char *member_id;     /* project id */
	char *status;        /* pending, accepted, rejected */
	char *created_at;
	char *updated_at;
};

/* How an image matched a reference (0: it did not). */
enum image_ref_match { IMAGE_REF_NONE, IMAGE_REF_RECIPE, IMAGE_REF_NAME, IMAGE_REF_ID };

/* Free the strings of one member. */
void image_member_dispose(struct image_member *m);
/* Dispose n members and free the array. */
void image_members_free(struct image_member *v, size_t n);
/* Parse one member object ({"member_id": ..., "status": ...}). */
int image_parse_member(struct image_member *out, const cJSON *obj);
/* Parse GET /v2/images/{id}/members ({"members": [...]}) into a new array *v of *n. */
int image_parse_members(struct image_member **v, size_t *n, const cJSON *root);
/* The JSON-patch body that replaces /visibility with visibility (new string). */
char *image_build_visibility_patch(const char *visibility);
/* How im matches ref: recipe property, name (incl. NAME-VERSION for NAME/VERSION), or id. */
enum image_ref_match image_match_ref(const struct image *im, const char *ref);
/* The indexes of the best matches of ref in v (an id, else recipes, else names); returns how many (0..max). */
size_t image_find_by_ref(size_t *idx, size_t max, const struct image *v, size_t n, const char *ref);

typedef void (*cloud_images_fn)(void *arg, int rc, const char *msg, struct image *v, size_t n);
typedef void (*cloud_members_fn)(void *arg, int rc, const char *msg, const struct image_member *v, size_t n);
typedef void (*cloud_project_fn)(void *arg, int rc, const char *msg, const char *id, const char *name);
typedef void (*cloud_status_fn)(void *arg, int rc, const char *msg, long http_status);

/* List every image visible to the project (member_status=all); done takes v (free each with model_image_dispose). */
int cloud_image_list(struct cloud *c, cloud_images_fn done, void *arg);
/* Set an image's visibility (JSON-patch); only the owner may. */
int cloud_image_set_visibility(struct cloud *c, const char *image_id, const char *visibility,
			       cloud_status_fn done, void *arg);
/* Add project_id as a member of the image; an existing member is success. */
int cloud_image_add_member(struct cloud *c, const char *image_id, const char *project_id,
			   cloud_status_fn done, void *arg);
/* Remove project_id from the image's members; a missing member is success. */
int cloud_image_remove_member(struct cloud *c, const char *image_id, const char *project_id,
			      cloud_status_fn done, void *arg);
/* List the image's members (visible to the owner). */
int cloud_image_list_members(struct cloud *c, const char *image_id, cloud_members_fn done, void *arg);
/* Set the current project's member status ("accepted", "rejected", "pending"); done gets the member. */
int cloud_image_set_member_status(struct cloud *c, const char *image_id, const char *status,
				  cloud_members_fn done, void *arg);
/* Resolve a project name or id to its id (own projects first, then /v3/projects). */
int cloud_project_resolve(struct cloud *c, const char *name_or_id, cloud_project_fn done, void *arg);

#endif
