/*
 * identity: Keystone projects, parsed into the model (pure).
 *
 * Contract: the parsers fill caller-provided structs with heap strings that
 * the caller releases with model_project_dispose() (or hands to the model).
 * They return 0 or ERR_PARSE; on error nothing is left allocated.
 */
#ifndef SD_CLOUD_IDENTITY_H
#define SD_CLOUD_IDENTITY_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct project;

/* The projects the token's user can scope to (below the identity endpoint). */
#define IDENTITY_PROJECTS_PATH "/auth/projects"
#define IDENTITY_PROJECTS_LINKS "links"

/* Parse one project object. */
int identity_parse_project(struct project *out, const cJSON *obj);
/* Append the projects of one page ({"projects": [...]}) to *v / *n. */
int identity_parse_projects(struct project **v, size_t *n, const cJSON *page);

#endif
