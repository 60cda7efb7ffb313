/*
 * catalog: the service catalog of a Keystone v3 token, and endpoint choice.
 *
 * Contract: catalog_parse() fills a caller-owned struct from the token's
 * "catalog" array (release with catalog_dispose()). catalog_find_endpoint()
 * picks the first endpoint of the service type with the interface and (if
 * given) region, and returns its URL normalised for sparkdeck's use: image
 * ends in /v2, network in /v2.0, compute keeps its /v2.1 (added when the
 * catalog has no version), no trailing slash. The URL is a new string the
 * caller frees. The catalog is network data: it is never printed unsanitized.
 */
#ifndef SD_CLOUD_CATALOG_H
#define SD_CLOUD_CATALOG_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct catalog_endpoint {
	char *type;         /* "compute", "image", "network", "identity", ... */
	char *interface;    /* "public", "internal", "admin" */
	char *region;       /* region_id (or region), or NULL */
	char *url;
};

struct catalog {
	struct catalog_endpoint *v;
	size_t n;
};

/* Fill c from a token's catalog array (NULL or missing: an empty catalog); ERR_PARSE on a malformed one. */
int catalog_parse(struct catalog *c, const cJSON *array);
/* Free everything in c and leave it empty. */
void catalog_dispose(struct catalog *c);
/* Choose the endpoint of type for interface (NULL: public) and region (NULL: any); ERR_NOTFOUND names the type. */
int catalog_find_endpoint(char **url, const struct catalog *c, const char *type, const char *interface,
			  const char *region);
/* Normalise an endpoint URL of a service type (see above); a new string. */
char *catalog_normalise_url(const char *type, const char *url);
/* The Keystone v3 base URL for an auth_url: trailing slashes dropped, /v3 appended when absent; a new string. */
char *catalog_identity_url(const char *auth_url);
/* The region of the first endpoint of type (any type when NULL), or NULL. */
const char *catalog_first_region(const struct catalog *c, const char *type);

#endif
