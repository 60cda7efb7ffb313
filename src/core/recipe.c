#include "autoconfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "core/conffile.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/xmalloc.h"

#define RECIPE_TEXT_MAX 255      /* image, flavor, network, property values, console marker */
#define RECIPE_COMMAND_MAX 1024  /* ssh_check */
#define RECIPE_PROJECT_MAX 64    /* a Keystone project name or id */
#define RECIPE_PROPERTIES_MAX 128 /* Glance's default image_property_quota */
#define RECIPE_SHARE_MAX 64

#define RECIPE_KNOWN "name, version, base_image, flavor, network, ssh_user, user_data, " \
	"ssh_check, console_marker, build_timeout, properties, share_with"

/* Image attributes Glance or sparkdeck sets itself: not allowed as properties. */
static const char *const recipe_reserved[] = {
	"checksum", "container_format", "created_at", "direct_url", "disk_format", "file", "id",
	"locations", "min_disk", "min_ram", "name", "os_hash_algo", "os_hash_value", "os_hidden",
	"owner", "protected", "schema", "self", "size", "status", "tags", "updated_at",
	"virtual_size", "visibility",
};

void recipe_dispose(struct recipe *r)
{
	size_t i;

	free(r->path);
	free(r->ref);
	free(r->name);
	free(r->version);
	free(r->image_name);
	free(r->base_image);
	free(r->flavor);
	free(r->network);
	free(r->ssh_user);
	free(r->user_data_path);
	free(r->user_data);
	free(r->ssh_check);
	free(r->console_marker);
	for (i = 0; i < r->n_properties; i++) {
		free(r->properties[i].key);
		free(r->properties[i].value);
	}
	free(r->properties);
	recipe_free_refs(r->share_with, r->n_share_with);
	memset(r, 0, sizeof *r);
}

/* ERR_NOTFOUND for a recipe file that does not exist, naming the versions of that name that do. */
static int recipe_not_found(const struct recipe *r, const char *images_dir)
{
	char **versions = NULL, *have = NULL, *next;
	size_t n = 0, i;
	int rc;

	if (recipe_list_versions(&versions, &n, images_dir, r->name) < 0 || n == 0) {
		rc = err_set(ERR_NOTFOUND, "no recipe %s: expected %s; there is no recipe named %s in %s",
			     r->ref, r->path, r->name, images_dir);
		goto out;
	}
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", have ? have : "", have ? ", " : "", versions[i]);
		free(have);
		have = next;
	}
	rc = err_set(ERR_NOTFOUND, "no recipe %s: expected %s; versions of %s there: %s",
		     r->ref, r->path, r->name, have);
out:
	recipe_free_refs(versions, n);
	free(have);
	return rc;
}

/* Read the cloud-init file named by the user_data setting (file:line) into r. */
static int recipe_read_user_data(struct recipe *r, const char *value, const char *file, int line)
{
	char *text = NULL, *path = conffile_expand_path(value, r->path);
	int rc;

	if ((rc = conffile_read_text(&text, path, RECIPE_USER_DATA_MAX, file, line, "user_data",
				     "Nova takes 65535 bytes of base64")) < 0) {
		free(path);
		return rc;
	}
	free(r->user_data_path);
	free(r->user_data);
	r->user_data_path = path;
	r->user_data = text;
	return 0;
}

static int recipe_valid_property_key(const char *k)
{
	size_t i;

	if (strlen(k) > RECIPE_TEXT_MAX ||
	    strspn(k, "abcdefghijklmnopqrstuvwxyz0123456789_:.-") != strlen(k))
		return 0;
	for (i = 0; i < sizeof recipe_reserved / sizeof recipe_reserved[0]; i++)
		if (strcmp(k, recipe_reserved[i]) == 0)
			return 0;
	return 1;
}

/* properties = { key = "value"; ... }; */
static int recipe_apply_properties(struct recipe *r, const config_setting_t *s, const char *file, int line)
{
	const config_setting_t *e;
	const char *key, *value, *efile;
	char *what;
	int i, n, eline, rc;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return err_set(ERR_CONFIG, "%s:%d: properties must be a group: properties = { key = \"value\"; };",
			       file, line);
	n = config_setting_length(s);
	if (n > RECIPE_PROPERTIES_MAX)
		return err_set(ERR_CONFIG, "%s:%d: properties has %d entries; allowed: at most %d",
			       file, line, n, RECIPE_PROPERTIES_MAX);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		key = config_setting_name(e);
		conffile_locate_setting(e, file, &efile, &eline);
		if (!recipe_valid_property_key(key))
			return err_set(ERR_CONFIG, "%s:%d: property '%.64s' is not allowed; allowed: a-z, 0-9, "
				       "'_', ':', '.', '-', at most %d, and none that Glance sets itself "
				       "(name, visibility, ...)", efile, eline, key, RECIPE_TEXT_MAX);
		what = xasprintf("property %s", key);
		rc = conffile_get_string(e, efile, eline, what, RECIPE_TEXT_MAX, &value);
		free(what);
		if (rc < 0)
			return rc;
		r->properties = xreallocarray(r->properties, r->n_properties + 1, sizeof *r->properties);
		r->properties[r->n_properties].key = xstrdup(key);
		r->properties[r->n_properties].value = xstrdup(value);
		r->n_properties++;
	}
	return 0;
}

/* share_with = [ "project", ... ]; */
static int recipe_apply_share_with(struct recipe *r, const config_setting_t *s, const char *file, int line)
{
	const config_setting_t *e;
	const char *value, *efile;
	int i, n, eline, rc, type = config_setting_type(s);
	size_t j;

	if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST)
		return err_set(ERR_CONFIG, "%s:%d: share_with must be a list of project names or ids: "
			       "share_with = [ \"proj-a\", \"proj-b\" ];", file, line);
	n = config_setting_length(s);
	if (n > RECIPE_SHARE_MAX)
		return err_set(ERR_CONFIG, "%s:%d: share_with has %d projects; allowed: at most %d",
			       file, line, n, RECIPE_SHARE_MAX);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		conffile_locate_setting(e, file, &efile, &eline);
		if (eline <= 0)
			eline = line;
		if ((rc = conffile_get_string(e, efile, eline, "each share_with entry",
					      RECIPE_PROJECT_MAX, &value)) < 0)
			return rc;
		for (j = 0; j < r->n_share_with; j++)
			if (strcmp(r->share_with[j], value) == 0)
				return err_set(ERR_CONFIG, "%s:%d: share_with names %s twice; list each project once",
					       efile, eline, value);
		r->share_with = xreallocarray(r->share_with, r->n_share_with + 1, sizeof *r->share_with);
		r->share_with[r->n_share_with++] = xstrdup(value);
	}
	return 0;
}

/* A string setting stored into *dst (max bytes). */
static int recipe_apply_string(char **dst, const config_setting_t *s, const char *file, int line,
			       const char *what, size_t max)
{
	const char *v;
	int rc;

	if ((rc = conffile_get_string(s, file, line, what, max, &v)) < 0)
		return rc;
	free(*dst);
	*dst = xstrdup(v);
	return 0;
}

/* name and version, when written, must agree with where the file is. */
static int recipe_apply_identity(const struct recipe *r, const config_setting_t *s, const char *file,
				 int line, const char *what, const char *want)
{
	const char *v;
	int rc;

	if ((rc = conffile_get_string(s, file, line, what, 0, &v)) < 0)
		return rc;
	if (strcmp(v, want) != 0)
		return err_set(ERR_CONFIG, "%s:%d: %s is \"%.64s\" but the file is %s; allowed: \"%s\" "
			       "(or move the file)", file, line, what, v, r->path, want);
	return 0;
}

/* Check and store one top-level setting. */
static int recipe_apply(void *obj, const config_setting_t *s, const char *file, int line)
{
	struct recipe *r = obj;
	const char *name = config_setting_name(s), *v;
	int rc;

	if (strcmp(name, "name") == 0)
		return recipe_apply_identity(r, s, file, line, name, r->name);
	if (strcmp(name, "version") == 0)
		return recipe_apply_identity(r, s, file, line, name, r->version);
	if (strcmp(name, "base_image") == 0)
		return recipe_apply_string(&r->base_image, s, file, line, name, RECIPE_TEXT_MAX);
	if (strcmp(name, "flavor") == 0)
		return recipe_apply_string(&r->flavor, s, file, line, name, RECIPE_TEXT_MAX);
	if (strcmp(name, "network") == 0)
		return recipe_apply_string(&r->network, s, file, line, name, RECIPE_TEXT_MAX);
	if (strcmp(name, "ssh_check") == 0)
		return recipe_apply_string(&r->ssh_check, s, file, line, name, RECIPE_COMMAND_MAX);
	if (strcmp(name, "console_marker") == 0)
		return recipe_apply_string(&r->console_marker, s, file, line, name, RECIPE_TEXT_MAX);
	if (strcmp(name, "build_timeout") == 0)
		return conffile_get_int(s, file, line, name, 60, 86400, &r->build_timeout);
	if (strcmp(name, "properties") == 0)
		return recipe_apply_properties(r, s, file, line);
	if (strcmp(name, "share_with") == 0)
		return recipe_apply_share_with(r, s, file, line);
	if (strcmp(name, "ssh_user") == 0) {
		if ((rc = conffile_get_string(s, file, line, name, 0, &v)) < 0)
			return rc;
		if (!conffile_is_user_name(v))
			return err_set(ERR_CONFIG, "%s:%d: ssh_user must be a user name (letters, digits, "
				       "'.', '_', '-', not starting with '-', at most 64)", file, line);
		free(r->ssh_user);
		r->ssh_user = xstrdup(v);
		return 0;
	}
	if (strcmp(name, "user_data") == 0) {
		if ((rc = conffile_get_string(s, file, line, name, 0, &v)) < 0)
			return rc;
		return recipe_read_user_data(r, v, file, line);
	}
	return err_set(ERR_CONFIG, "%s:%d: unknown setting '%.64s'; known: " RECIPE_KNOWN, file, line, name);
}

int recipe_load(struct recipe *out, const char *images_dir, const char *ref)
{
	struct recipe r;
	struct stat st;
	int rc;
	size_t len;

	memset(&r, 0, sizeof r);
	memset(out, 0, sizeof *out);
	if ((rc = recipe_check_ref(ref)) < 0)
		goto out;
	if (images_dir == NULL || *images_dir == '\0') {
		rc = err_set(ERR_INVALID, "no images directory: set images_dir in sparkdeck.conf, "
			     "SPARKDECK_IMAGES_DIR or --images-dir");
		goto out;
	}
	len = strcspn(ref, "/");
	r.ref = xstrdup(ref);
	r.name = xstrndup(ref, len);
	r.version = xstrdup(ref + len + 1);
	r.image_name = xasprintf("%s-%s", r.name, r.version);
	r.path = xasprintf("%s/%s/%s.conf", images_dir, r.name, r.version);
	r.ssh_user = xstrdup("debian");
	r.build_timeout = 1800;
	if (stat(r.path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		rc = recipe_not_found(&r, images_dir);
		goto out;
	}
	if ((rc = conffile_load(r.path, recipe_apply, &r)) < 0)
		goto out;
	if (r.base_image == NULL || r.flavor == NULL) {
		rc = err_set(ERR_CONFIG, "%s: %s is missing; it names the %s (name or id)", r.path,
			     r.base_image == NULL ? "base_image" : "flavor",
			     r.base_image == NULL ? "image the builder boots from" : "flavor of the builder");
		goto out;
	}
	if (r.ssh_check == NULL && r.console_marker == NULL)
		r.ssh_check = xstrdup(RECIPE_SSH_CHECK_DEFAULT);
	*out = r;
	memset(&r, 0, sizeof r);
out:
	recipe_dispose(&r);
	return rc;
}
