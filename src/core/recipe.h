/*
 * recipe: image recipes, libconfig files at IMAGES_DIR/NAME/VERSION.conf that
 * say how to bake a Spark image (base image, flavor, cloud-init user data,
 * readiness check, image properties, projects to share it with).
 *
 * A ref "NAME/VERSION" (hail-base/1.0.0) names IMAGES_DIR/hail-base/1.0.0.conf;
 * NAME is [a-z0-9][a-z0-9._-]* (at most 64), VERSION is [0-9A-Za-z._-]+ (at
 * most 64) not starting with '.', and neither holds "..". The image baked
 * from it is named NAME-VERSION.
 *
 * Contract: recipe_load() fills a caller-owned struct recipe (memset or not,
 * it is overwritten; on error it is left zeroed) that the caller releases with
 * recipe_dispose(); every string in it is owned by the struct. Errors:
 * ERR_INVALID for a malformed ref; ERR_NOTFOUND when the file does not exist
 * (the message names the expected path and the versions that do exist);
 * ERR_PARSE for libconfig syntax, ERR_CONFIG for unknown keys, wrong types,
 * out-of-range numbers, empty strings and a missing user_data file, all as
 * "FILE:LINE: what is wrong; what is allowed"; ERR_TOOBIG for user data over
 * Nova's limit; ERR_IO for unreadable files.
 * recipe_list_refs() and recipe_list_versions() return a new sorted array of
 * new strings (NULL when empty), released with recipe_free_refs(); versions
 * sort by number (1.9 before 1.10). Both skip entries that are not valid
 * refs. recipe_pick_images_dir() returns a borrowed
 * pointer. None of these keep state between calls.
 */
#ifndef SD_CORE_RECIPE_H
#define SD_CORE_RECIPE_H

#include <stddef.h>

struct config;

/* Largest user data kept: its base64 form must fit Nova's 65535-byte limit. */
#define RECIPE_USER_DATA_MAX 49149
/* Default readiness command, run over SSH on the builder. */
#define RECIPE_SSH_CHECK_DEFAULT "test -f /var/lib/cloud/instance/boot-finished"

struct recipe_property {
	char *key;               /* [a-z0-9_:.-], 1..255 bytes */
	char *value;             /* non-empty, at most 255 bytes */
};

struct recipe {
	char *path;              /* the file read: IMAGES_DIR/NAME/VERSION.conf */
	char *ref;               /* "hail-base/1.0.0" */
	char *name;              /* "hail-base" */
	char *version;           /* "1.0.0" */
	char *image_name;        /* "hail-base-1.0.0", the image to create */
	char *base_image;        /* image name or id to boot the builder from */
	char *flavor;            /* flavor name or id of the builder */
	char *network;           /* network name or id; NULL: the project's only one or a temporary one */
	char *ssh_user;          /* login user on the builder; default "debian" */
	char *user_data_path;    /* the cloud-init file read, or NULL */
	char *user_data;         /* its text (no NUL bytes, <= RECIPE_USER_DATA_MAX), or NULL */
	char *ssh_check;         /* readiness command over SSH, or NULL when only console_marker is used */
	char *console_marker;    /* text whose appearance in the console log means ready, or NULL */
	int build_timeout;       /* seconds, 60..86400; default 1800 */
	struct recipe_property *properties; /* copied onto the image, in file order */
	size_t n_properties;
	char **share_with;       /* project names or ids, in file order */
	size_t n_share_with;
};

/* Load the recipe named ref ("NAME/VERSION") from images_dir into out. */
int recipe_load(struct recipe *out, const char *images_dir, const char *ref);
/* Free everything in r and zero it. */
void recipe_dispose(struct recipe *r);
/* Check that ref is "NAME/VERSION" with valid parts; 0 or ERR_INVALID with a message. */
int recipe_check_ref(const char *ref);
/* List the versions of recipe name under images_dir, sorted as versions (none if there are none). */
int recipe_list_versions(char ***versions, size_t *count, const char *images_dir, const char *name);
/* List every recipe ref under images_dir, sorted by name then version (a missing directory gives none). */
int recipe_list_refs(char ***refs, size_t *count, const char *images_dir);
/* Free an array returned by recipe_list_refs(). */
void recipe_free_refs(char **refs, size_t count);
/* The images directory to use: explicit_dir if set, else $SPARKDECK_IMAGES_DIR, else c->images_dir (c may be NULL). */
const char *recipe_pick_images_dir(const char *explicit_dir, const struct config *c);

#endif
