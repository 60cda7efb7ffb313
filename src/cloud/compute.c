#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/compute.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

const char *const *compute_api_headers(void)
{
	static const char *const headers[] = {
		"OpenStack-API-Version: compute " COMPUTE_MICROVERSION,
		"X-OpenStack-Nova-API-Version: " COMPUTE_MICROVERSION,
		NULL
	};

	return headers;
}

static void compute_parse_addresses(struct server *s, const cJSON *addresses)
{
	const cJSON *net, *a;
	struct server_addr *d;
	const char *type;

	cJSON_ArrayForEach(net, addresses) {
		if (!cJSON_IsArray(net))
			continue;
		cJSON_ArrayForEach(a, net) {
			if (json_get_str(a, "addr") == NULL)
				continue;
			s->addrs = xreallocarray(s->addrs, s->n_addrs + 1, sizeof *s->addrs);
			d = &s->addrs[s->n_addrs++];
			d->network = xstrdup(net->string);
			d->addr = json_dup_str(a, "addr");
			type = json_get_str(a, "OS-EXT-IPS:type");
			d->type = xstrdup(type ? type : "fixed");
			d->version = (int)json_get_num(a, "version", 4);
		}
	}
}

static void compute_parse_tags(struct server *s, const cJSON *tags)
{
	const cJSON *t;

	cJSON_ArrayForEach(t, tags) {
		if (!cJSON_IsString(t))
			continue;
		s->tags = xreallocarray(s->tags, s->n_tags + 1, sizeof *s->tags);
		s->tags[s->n_tags++] = xstrdup(t->valuestring);
	}
}

int compute_parse_server(struct server *s, const cJSON *obj)
{
	const cJSON *flavor, *image, *fault, *meta;
	const char *fl;

	memset(s, 0, sizeof *s);
	if (!cJSON_IsObject(obj) || json_get_str(obj, "id") == NULL)
		return err_set(ERR_PARSE, "Nova sent a server without an id");
	s->id = json_dup_str(obj, "id");
	s->name = xstrdup(json_get_str(obj, "name") ? json_get_str(obj, "name") : "");
	s->status = xstrdup(json_get_str(obj, "status") ? json_get_str(obj, "status") : "UNKNOWN");
	s->task_state = json_dup_str(obj, "OS-EXT-STS:task_state");
	flavor = cJSON_GetObjectItemCaseSensitive(obj, "flavor");
	if ((fl = json_get_str(flavor, "original_name")) == NULL)
		fl = json_get_str(flavor, "id");
	s->flavor = xstrdup(fl);
	image = cJSON_GetObjectItemCaseSensitive(obj, "image");
	s->image_id = json_dup_str(image, "id"); /* "" when booted from a volume */
	s->key_name = json_dup_str(obj, "key_name");
	s->project_id = json_dup_str(obj, "tenant_id");
	s->created = json_dup_str(obj, "created");
	s->updated = json_dup_str(obj, "updated");
	fault = cJSON_GetObjectItemCaseSensitive(obj, "fault");
	s->fault = json_dup_str(fault, "message");
	compute_parse_addresses(s, cJSON_GetObjectItemCaseSensitive(obj, "addresses"));
	compute_parse_tags(s, cJSON_GetObjectItemCaseSensitive(obj, "tags"));
	meta = cJSON_GetObjectItemCaseSensitive(obj, "metadata");
	s->cluster = json_dup_str(meta, MODEL_META_CLUSTER);
	s->role = json_dup_str(meta, MODEL_META_ROLE);
	s->index = json_dup_str(meta, MODEL_META_INDEX);
	s->build_id = json_dup_str(meta, "sparkdeck-build");
	s->build_recipe = json_dup_str(meta, "sparkdeck-recipe");
	s->build_deadline = json_dup_str(meta, "sparkdeck-build-deadline");
	return 0;
}

int compute_parse_servers(struct server **v, size_t *n, const cJSON *page)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(page, "servers"), *it;
	int rc;

	if (!cJSON_IsArray(list))
		return err_set(ERR_PARSE, "Nova's server list has no \"servers\" array");
	*v = xreallocarray(*v, *n + (size_t)cJSON_GetArraySize(list) + 1, sizeof **v);
	cJSON_ArrayForEach(it, list) {
		if ((rc = compute_parse_server(&(*v)[*n], it)) < 0) {
			model_server_dispose(&(*v)[*n]);
			return rc;
		}
		(*n)++;
	}
	return 0;
}

/* ---- flavors, keypairs, action answers ---- */

int compute_parse_flavors(struct compute_flavor **v, size_t *n, const cJSON *page)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(page, "flavors"), *it;
	struct compute_flavor *f;

	if (!cJSON_IsArray(list))
		return err_set(ERR_PARSE, "Nova's flavor list has no \"flavors\" array");
	*v = xreallocarray(*v, *n + (size_t)cJSON_GetArraySize(list) + 1, sizeof **v);
	cJSON_ArrayForEach(it, list) {
		if (json_get_str(it, "id") == NULL)
			return err_set(ERR_PARSE, "Nova sent a flavor without an id");
		f = &(*v)[(*n)++];
		f->id = json_dup_str(it, "id");
		f->name = xstrdup(json_get_str(it, "name") ? json_get_str(it, "name") : "");
		f->vcpus = (int)json_get_num(it, "vcpus", 0);
		f->ram_mb = (int)json_get_num(it, "ram", 0);
		f->disk_gb = (int)json_get_num(it, "disk", 0);
	}
	return 0;
}

void compute_flavors_free(struct compute_flavor *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].id);
		free(v[i].name);
	}
	free(v);
}

long compute_flavor_match(const struct compute_flavor *v, size_t n, const char *name_or_id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].id, name_or_id) == 0)
			return (long)i;
	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name_or_id) == 0)
			return (long)i;
	return -1;
}

int compute_flavor_not_found(const struct compute_flavor *v, size_t n, const char *name_or_id)
{
	char *what = sanitize_line(name_or_id, 80), *name;
	struct buf list;
	size_t i;
	int rc;

	buf_init(&list, 400);
	for (i = 0; i < n && i < 5; i++) {
		name = sanitize_line(v[i].name, 40);
		buf_printf(&list, "%s%s", i ? ", " : "", name);
		free(name);
	}
	if (n > i)
		buf_puts(&list, ", ...");
	if (n == 0)
		rc = err_set(ERR_NOTFOUND, "flavor '%s' not found; this project sees no flavors", what);
	else
		rc = err_set(ERR_NOTFOUND, "flavor '%s' not found; flavors: %s", what, list.data);
	buf_dispose(&list);
	free(what);
	return rc;
}

int compute_parse_keypair_names(char ***names, size_t *n, const cJSON *page)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(page, "keypairs"), *it;
	const char *name;

	if (!cJSON_IsArray(list))
		return err_set(ERR_PARSE, "Nova's keypair list has no \"keypairs\" array");
	*names = xreallocarray(*names, *n + (size_t)cJSON_GetArraySize(list) + 1, sizeof **names);
	cJSON_ArrayForEach(it, list) {
		name = json_get_str(cJSON_GetObjectItemCaseSensitive(it, "keypair"), "name");
		if (name == NULL)
			return err_set(ERR_PARSE, "Nova sent a keypair without a name");
		(*names)[(*n)++] = xstrdup(name);
	}
	(*names)[*n] = NULL;
	return 0;
}

void compute_names_free(char **names, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
}

int compute_parse_created_id(const char **id, const cJSON *root)
{
	*id = json_get_str(cJSON_GetObjectItemCaseSensitive(root, "server"), "id");
	return *id && **id ? 0 : err_set(ERR_PARSE, "Nova accepted the server but sent no id");
}

int compute_parse_snapshot_id(const char **id, const cJSON *root)
{
	*id = json_get_str(root, "image_id");
	return *id && **id ? 0 : err_set(ERR_PARSE, "Nova accepted the snapshot but sent no image id");
}

int compute_parse_console(const char **text, const cJSON *root)
{
	const cJSON *out = cJSON_GetObjectItemCaseSensitive(root, "output");

	*text = NULL;
	if (cJSON_IsNull(out)) {
		*text = "";
		return 0;
	}
	if (!cJSON_IsString(out))
		return err_set(ERR_PARSE, "Nova's console answer has no \"output\" text");
	*text = out->valuestring;
	return 0;
}

const char *compute_console_tail(const char *text, int max_lines)
{
	size_t i = strlen(text);
	int lines = 0;

	if (max_lines <= 0)
		return text;
	if (i > 0 && text[i - 1] == '\n')
		i--;
	for (; i > 0; i--)
		if (text[i - 1] == '\n' && ++lines == max_lines)
			return text + i;
	return text;
}

int compute_reason_already_stopped(const char *reason)
{
	return reason && (strstr(reason, "vm_state stopped") || strstr(reason, "task_state powering-off"));
}

int compute_reason_no_auto_network(const char *reason)
{
	return reason && strstr(reason, "automatically allocate a network");
}
