#include "autoconfig.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "cloud/catalog.h"
#include "core/error.h"
#include "core/json.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

int catalog_parse(struct catalog *c, const cJSON *array)
{
	const cJSON *svc, *eps, *ep;
	const char *type, *url, *region;
	struct catalog_endpoint *e;

	c->v = NULL;
	c->n = 0;
	if (array == NULL || cJSON_IsNull(array))
		return 0;
	if (!cJSON_IsArray(array))
		return err_set(ERR_PARSE, "token catalog is not a list");
	cJSON_ArrayForEach(svc, array) {
		type = json_get_str(svc, "type");
		eps = cJSON_GetObjectItemCaseSensitive(svc, "endpoints");
		if (type == NULL || !cJSON_IsArray(eps))
			continue;
		cJSON_ArrayForEach(ep, eps) {
			if ((url = json_get_str(ep, "url")) == NULL)
				continue;
			if ((region = json_get_str(ep, "region_id")) == NULL)
				region = json_get_str(ep, "region");
			c->v = xreallocarray(c->v, c->n + 1, sizeof *c->v);
			e = &c->v[c->n++];
			e->type = xstrdup(type);
			e->interface = xstrdup(json_get_str(ep, "interface") ? json_get_str(ep, "interface") : "public");
			e->region = xstrdup(region);
			e->url = xstrdup(url);
		}
	}
	return 0;
}

void catalog_dispose(struct catalog *c)
{
	size_t i;

	for (i = 0; i < c->n; i++) {
		free(c->v[i].type);
		free(c->v[i].interface);
		free(c->v[i].region);
		free(c->v[i].url);
	}
	free(c->v);
	c->v = NULL;
	c->n = 0;
}

/* Length of url without trailing slashes. */
static size_t catalog_trim(const char *url)
{
	size_t n = strlen(url);

	while (n > 0 && url[n - 1] == '/')
		n--;
	return n;
}

/* Length of the path segment "/vN" or "/vN.M" ending url[0..n), 0 if none. */
static size_t catalog_version_suffix(const char *url, size_t n)
{
	size_t i = n;

	while (i > 0 && (isdigit((unsigned char)url[i - 1]) || url[i - 1] == '.'))
		i--;
	if (i == n || i < 2 || url[i - 1] != 'v' || url[i - 2] != '/' || !isdigit((unsigned char)url[i]))
		return 0;
	return n - (i - 2);
}

char *catalog_normalise_url(const char *type, const char *url)
{
	size_t n = catalog_trim(url), v = catalog_version_suffix(url, n);

	if (strcmp(type, "image") == 0)
		return xasprintf("%.*s/v2", (int)(n - v), url);
	if (strcmp(type, "network") == 0)
		return xasprintf("%.*s/v2.0", (int)(n - v), url);
	if (strcmp(type, "compute") == 0 && strstr(url, "/v2") == NULL)
		return xasprintf("%.*s/v2.1", (int)n, url);
	return xstrndup(url, n);
}

char *catalog_identity_url(const char *auth_url)
{
	size_t n = catalog_trim(auth_url), v = catalog_version_suffix(auth_url, n);

	return xasprintf("%.*s/v3", (int)(n - v), auth_url);
}

int catalog_find_endpoint(char **url, const struct catalog *c, const char *type, const char *interface,
			  const char *region)
{
	size_t i;
	char *safe_region;
	int rc;

	if (interface == NULL || *interface == '\0')
		interface = "public";
	for (i = 0; i < c->n; i++) {
		const struct catalog_endpoint *e = &c->v[i];

		if (strcmp(e->type, type) != 0 || strcmp(e->interface, interface) != 0)
			continue;
		if (region && *region && (e->region == NULL || strcmp(e->region, region) != 0))
			continue;
		*url = catalog_normalise_url(type, e->url);
		return 0;
	}
	*url = NULL;
	if (c->n == 0)
		return err_set(ERR_NOTFOUND, "the token has no service catalog (no project scope?): "
			       "choose a project or set project_name / OS_PROJECT_NAME");
	safe_region = region && *region ? sanitize_line(region, 64) : NULL;
	rc = err_set(ERR_NOTFOUND, "the cloud's catalog has no '%s' endpoint for interface %s%s%s: "
		     "is the service installed? check region_name / interface", type, interface,
		     safe_region ? " in region " : "", safe_region ? safe_region : "");
	free(safe_region);
	return rc;
}

const char *catalog_first_region(const struct catalog *c, const char *type)
{
	size_t i;

	for (i = 0; i < c->n; i++)
		if ((type == NULL || strcmp(c->v[i].type, type) == 0) && c->v[i].region)
			return c->v[i].region;
	return NULL;
}
