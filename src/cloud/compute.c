#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/compute.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
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
