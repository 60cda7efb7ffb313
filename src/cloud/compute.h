/*
 * compute: Nova servers, parsed into the model (pure).
 *
 * Requests carry microversion COMPUTE_MICROVERSION: tags need 2.26, the
 * flavor's original_name in a server 2.47, and nothing later is read; later
 * microversions make Nova's listing slower (1000 servers: 1.3 s at 2.47,
 * 1.9 s at 2.79 on the sandbox). Pages are Nova's default maximum.
 *
 * Request bodies (compute_body.c) are built here too, purely, so they can be
 * tested: a server (user_data base64-encoded, metadata), a snapshot
 * (createImage with metadata), a keypair, a console request.
 *
 * Contract: the parsers fill caller-provided structs with heap strings that
 * the caller releases with model_server_dispose() (or hands to the model),
 * flavors with compute_flavors_free(), names with compute_names_free().
 * They return 0 or ERR_PARSE; on error nothing is left allocated. The
 * builders return 0 and a new JSON string (*out, free with free()), or
 * ERR_INVALID / ERR_TOOBIG (a missing name, metadata Nova would refuse, too
 * much user data) with *out NULL.
 */
#ifndef SD_CLOUD_COMPUTE_H
#define SD_CLOUD_COMPUTE_H

#include <stddef.h>
#include <cjson/cJSON.h>

struct server;
struct cloud_server_spec;

#define COMPUTE_MICROVERSION "2.47"
/* The first page of the server list (details, this project only). */
#define COMPUTE_SERVERS_PATH "/servers/detail?limit=1000"
#define COMPUTE_SERVERS_LINKS "servers_links"
#define COMPUTE_FLAVORS_PATH "/flavors/detail?limit=1000"
#define COMPUTE_FLAVORS_LINKS "flavors_links"
#define COMPUTE_KEYPAIRS_PATH "/os-keypairs?limit=1000"
#define COMPUTE_KEYPAIRS_LINKS "keypairs_links"
/* Nova's limits: user_data once encoded, metadata keys and values. */
#define COMPUTE_USER_DATA_MAX 65535
#define COMPUTE_META_MAX 255

/* A flavor as listed by GET /flavors/detail. */
struct compute_flavor {
	char *id;
	char *name;
	int vcpus;
	int ram_mb;
	int disk_gb;
};

/* The microversion headers every Nova request sends (NULL-terminated). */
const char *const *compute_api_headers(void);
/* Parse one server object of GET /servers/detail. */
int compute_parse_server(struct server *out, const cJSON *obj);
/* Append the servers of one page ({"servers": [...]}) to *v / *n. */
int compute_parse_servers(struct server **v, size_t *n, const cJSON *page);

/* Append the flavors of one page ({"flavors": [...]}) to *v / *n. */
int compute_parse_flavors(struct compute_flavor **v, size_t *n, const cJSON *page);
/* Free n flavors and the array. */
void compute_flavors_free(struct compute_flavor *v, size_t n);
/* The index of the flavor whose id is name_or_id, else whose name is; -1 when none. */
long compute_flavor_match(const struct compute_flavor *v, size_t n, const char *name_or_id);
/* Record ERR_NOTFOUND "flavor 'X' not found; flavors: a, b, c" (a few of v) and return it. */
int compute_flavor_not_found(const struct compute_flavor *v, size_t n, const char *name_or_id);
/* Append the keypair names of one page ({"keypairs": [{"keypair": {...}}]}) to *names / *n. */
int compute_parse_keypair_names(char ***names, size_t *n, const cJSON *page);
/* Free n names and the array. */
void compute_names_free(char **names, size_t n);
/* The id of a created server ({"server": {"id": ...}}) into *id (points into root). */
int compute_parse_created_id(const char **id, const cJSON *root);
/* The image id of a createImage answer ({"image_id": ...}, 2.45+) into *id (points into root). */
int compute_parse_snapshot_id(const char **id, const cJSON *root);
/* The text of a console answer ({"output": ...}) into *text (points into root). */
int compute_parse_console(const char **text, const cJSON *root);
/* Where the last max_lines lines of text start (a final '\n' ends the last line; 0: text itself). */
const char *compute_console_tail(const char *text, int max_lines);
/* 1 if a 409 reason of os-stop means the server is stopped or stopping already. */
int compute_reason_already_stopped(const char *reason);
/* 1 if a 400 reason of a boot means Nova could not pick or make a network ("auto"). */
int compute_reason_no_auto_network(const char *reason);

/* The body of POST /servers; no_network forces "networks": "none" (see ops.h for network_id). */
int compute_build_server(char **out, const struct cloud_server_spec *spec, int no_network);
/* The body of a createImage action: the image name and its properties (key, value, ..., NULL). */
int compute_build_snapshot(char **out, const char *name, const char *const *properties);
/* The body of POST /os-keypairs importing public_key as name. */
int compute_build_keypair(char **out, const char *name, const char *public_key);
/* The body of an os-getConsoleOutput action for max_lines lines (0: all); one more is asked, since
   Nova counts the empty string after a final '\n' as a line (trim with compute_console_tail()). */
int compute_build_console(char **out, int max_lines);

#endif
