/*
 * compute: Nova servers, parsed into the model (pure).
 *
 * Requests carry microversion COMPUTE_MICROVERSION: tags need 2.26, the
 * flavor's original_name in a server 2.47, and nothing later is read; later
 * microversions make Nova's listing slower (1000 servers: 1.3 s at 2.47,
 * 1.9 s at 2.79 on the sandbox). Pages are Nova's default maximum.
 *
 * Contract: the parsers fill caller-provided structs with heap strings that
 * the caller releases with model_server_dispose() (or hands to the model).
 * They return 0 or ERR_PARSE; on error nothing is left allocated.
 */
#ifndef SD_CLOUD_COMPUTE_H
#define SD_CLOUD_COMPUTE_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct server;

#define COMPUTE_MICROVERSION "2.47"
/* The first page of the server list (details, this project only). */
#define COMPUTE_SERVERS_PATH "/servers/detail?limit=1000"
#define COMPUTE_SERVERS_LINKS "servers_links"

/* The microversion headers every Nova request sends (NULL-terminated). */
const char *const *compute_api_headers(void);
/* Parse one server object of GET /servers/detail. */
int compute_parse_server(struct server *out, const cJSON *obj);
/* Append the servers of one page ({"servers": [...]}) to *v / *n. */
int compute_parse_servers(struct server **v, size_t *n, const cJSON *page);

#endif
