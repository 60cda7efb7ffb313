/* compute_body: the JSON bodies of Nova requests (pure; see compute.h). */
#include "autoconfig.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "cloud/compute.h"
#include "cloud/ops.h"
#include "core/base64.h"
#include "core/error.h"
#include "core/xmalloc.h"

/* Print o as the body (*out, a malloc'd string) and free it. */
static int compute_body_finish(char **out, cJSON *o)
{
	char *text = cJSON_PrintUnformatted(o);

	cJSON_Delete(o);
	*out = xstrdup(text);
	cJSON_free(text);
	return 0;
}

/* Add key/value pairs (key, value, ..., NULL) as an object named name; ERR_INVALID for what Nova refuses. */
static int compute_body_add_metadata(cJSON *parent, const char *name, const char *const *kv, const char *what)
{
	cJSON *m;
	size_t i;

	if (kv == NULL || kv[0] == NULL)
		return 0;
	m = cJSON_AddObjectToObject(parent, name);
	for (i = 0; kv[i]; i += 2) {
		if (kv[i + 1] == NULL)
			return err_set(ERR_INVALID, "%s key '%.60s' has no value", what, kv[i]);
		if (*kv[i] == '\0' || strlen(kv[i]) > COMPUTE_META_MAX || strlen(kv[i + 1]) > COMPUTE_META_MAX)
			return err_set(ERR_INVALID, "%s '%.60s': keys need 1 to %d bytes, values at most %d", what,
				       kv[i], COMPUTE_META_MAX, COMPUTE_META_MAX);
		cJSON_DeleteItemFromObjectCaseSensitive(m, kv[i]);
		cJSON_AddStringToObject(m, kv[i], kv[i + 1]);
	}
	return 0;
}

/* 1 if s is a usable name for Nova (1 to 255 bytes). */
static int compute_body_name_ok(const char *s)
{
	return s && *s && strlen(s) <= COMPUTE_META_MAX;
}

int compute_build_server(char **out, const struct cloud_server_spec *spec, int no_network)
{
	cJSON *o = cJSON_CreateObject(), *s, *nets, *net, *groups, *g;
	char *ud = NULL;
	int rc = 0;

	*out = NULL;
	if (!compute_body_name_ok(spec->name) || !spec->image_id || !*spec->image_id || !spec->flavor_id ||
	    !*spec->flavor_id) {
		rc = err_set(ERR_INVALID, "a server needs a name (1 to 255 bytes), an image and a flavor");
		goto out;
	}
	s = cJSON_AddObjectToObject(o, "server");
	cJSON_AddStringToObject(s, "name", spec->name);
	cJSON_AddStringToObject(s, "imageRef", spec->image_id);
	cJSON_AddStringToObject(s, "flavorRef", spec->flavor_id);
	if (no_network || (spec->network_id && strcmp(spec->network_id, CLOUD_NETWORK_NONE) == 0))
		cJSON_AddStringToObject(s, "networks", "none");
	else if (spec->network_id == NULL)
		cJSON_AddStringToObject(s, "networks", "auto");
	else {
		nets = cJSON_AddArrayToObject(s, "networks");
		net = cJSON_CreateObject();
		cJSON_AddStringToObject(net, "uuid", spec->network_id);
		cJSON_AddItemToArray(nets, net);
	}
	if (spec->key_name)
		cJSON_AddStringToObject(s, "key_name", spec->key_name);
	if (spec->security_group) {
		groups = cJSON_AddArrayToObject(s, "security_groups");
		g = cJSON_CreateObject();
		cJSON_AddStringToObject(g, "name", spec->security_group);
		cJSON_AddItemToArray(groups, g);
	}
	if (spec->user_data) {
		ud = base64_encode(spec->user_data, strlen(spec->user_data));
		if (strlen(ud) > COMPUTE_USER_DATA_MAX) {
			rc = err_set(ERR_TOOBIG, "user data of server %.60s is %zu bytes once base64-encoded; Nova "
				     "takes at most %d: make the cloud-init script shorter", spec->name, strlen(ud),
				     COMPUTE_USER_DATA_MAX);
			goto out;
		}
		cJSON_AddStringToObject(s, "user_data", ud);
	}
	if ((rc = compute_body_add_metadata(s, "metadata", spec->metadata, "server metadata")) < 0)
		goto out;
	rc = compute_body_finish(out, o);
	o = NULL;
out:
	free(ud);
	cJSON_Delete(o);
	return rc;
}

int compute_build_snapshot(char **out, const char *name, const char *const *properties)
{
	cJSON *o = cJSON_CreateObject(), *a;
	int rc = 0;

	*out = NULL;
	if (!compute_body_name_ok(name)) {
		rc = err_set(ERR_INVALID, "a snapshot needs a name of 1 to 255 bytes");
		goto out;
	}
	a = cJSON_AddObjectToObject(o, "createImage");
	cJSON_AddStringToObject(a, "name", name);
	if ((rc = compute_body_add_metadata(a, "metadata", properties, "image property")) < 0)
		goto out;
	rc = compute_body_finish(out, o);
	o = NULL;
out:
	cJSON_Delete(o);
	return rc;
}

int compute_build_keypair(char **out, const char *name, const char *public_key)
{
	cJSON *o, *k;

	*out = NULL;
	if (!compute_body_name_ok(name) || public_key == NULL || *public_key == '\0')
		return err_set(ERR_INVALID, "a keypair needs a name of 1 to 255 bytes and a public key");
	o = cJSON_CreateObject();
	k = cJSON_AddObjectToObject(o, "keypair");
	cJSON_AddStringToObject(k, "name", name);
	cJSON_AddStringToObject(k, "public_key", public_key);
	return compute_body_finish(out, o);
}

int compute_build_console(char **out, int max_lines)
{
	cJSON *o, *a;

	*out = NULL;
	if (max_lines < 0)
		return err_set(ERR_INVALID, "a console request for %d lines", max_lines);
	o = cJSON_CreateObject();
	a = cJSON_AddObjectToObject(o, "os-getConsoleOutput");
	if (max_lines > 0 && max_lines < INT_MAX)
		cJSON_AddNumberToObject(a, "length", max_lines + 1);
	return compute_body_finish(out, o);
}
