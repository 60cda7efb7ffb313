#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/identity.h"
#include "core/error.h"
#include "core/json.h"
#include "core/model.h"
#include "core/xmalloc.h"

int identity_parse_project(struct project *p, const cJSON *obj)
{
	const char *name;

	memset(p, 0, sizeof *p);
	if (!cJSON_IsObject(obj) || json_get_str(obj, "id") == NULL)
		return err_set(ERR_PARSE, "Keystone sent a project without an id");
	p->id = json_dup_str(obj, "id");
	name = json_get_str(obj, "name");
	p->name = xstrdup(name ? name : "");
	p->domain_id = json_dup_str(obj, "domain_id");
	p->description = json_dup_str(obj, "description");
	p->enabled = json_get_bool(obj, "enabled", 1);
	return 0;
}

int identity_parse_projects(struct project **v, size_t *n, const cJSON *page)
{
	const cJSON *list = cJSON_GetObjectItemCaseSensitive(page, "projects"), *it;
	int rc;

	if (!cJSON_IsArray(list))
		return err_set(ERR_PARSE, "Keystone's project list has no \"projects\" array");
	*v = xreallocarray(*v, *n + (size_t)cJSON_GetArraySize(list) + 1, sizeof **v);
	cJSON_ArrayForEach(it, list) {
		if ((rc = identity_parse_project(&(*v)[*n], it)) < 0) {
			model_project_dispose(&(*v)[*n]);
			return rc;
		}
		(*n)++;
	}
	return 0;
}
