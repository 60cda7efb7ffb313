/*
 * cloud: one authenticated connection to an OpenStack cloud, on the event loop.
 *
 * Contract: cloud_new() binds to an event_base and a loaded clouds_config
 * (copied; the caller may dispose its own). Every operation is asynchronous:
 * it starts requests and returns 0 at once (or a negative code when it could
 * not start), and later calls done exactly once, from the loop, with rc 0 or a
 * negative ERR_* code and a one-line message saying what went wrong and what
 * to do (msg is "" on success; valid only during the callback). Operations
 * authenticate on demand, re-authenticate ahead of token expiry and once on a
 * 401. The cloud_load_*() operations hand their results to the model with
 * model_set_*() before calling done. cloud_free() cancels what is in flight
 * without calling any done. Nothing here draws or blocks.
 */
#ifndef SD_CLOUD_CLOUD_H
#define SD_CLOUD_CLOUD_H

#include <stddef.h>

struct event_base;
struct clouds_config;
struct config;
struct model;
struct cloud;

typedef void (*cloud_done_fn)(void *arg, int rc, const char *msg);

/* Create a connection (no I/O yet); settings gives limits and timeouts. */
int cloud_new(struct cloud **out, struct event_base *base, const struct clouds_config *creds,
	      const struct config *settings);
/* Cancel everything in flight and free the connection. */
void cloud_free(struct cloud *c);

/* Authenticate now (token + catalog), or reuse a valid token. */
int cloud_connect(struct cloud *c, cloud_done_fn done, void *arg);
/* Scope the connection to another project by id (new token and catalog). */
int cloud_rescope(struct cloud *c, const char *project_id, cloud_done_fn done, void *arg);

/* Load the projects the user can scope to (GET /v3/auth/projects) into m. */
int cloud_load_projects(struct cloud *c, struct model *m, cloud_done_fn done, void *arg);
/* Load every image visible to the project (all pages, incl. shared with member status) into m. */
int cloud_load_images(struct cloud *c, struct model *m, cloud_done_fn done, void *arg);
/* Load every server of the project (all pages, details) into m; regroups clusters. */
int cloud_load_servers(struct cloud *c, struct model *m, cloud_done_fn done, void *arg);

struct cloud_hook;

/* Have cloud_free() call fn(arg) unless the hook is removed first: how a flow its owner dropped while its
 * requests were in flight is freed when the cloud goes (cloud_free() drops those requests unanswered). */
struct cloud_hook *cloud_hook_add(struct cloud *c, void (*fn)(void *arg), void *arg);
/* Remove and free a hook (NULL is ignored); not from inside its own fn. */
void cloud_hook_remove(struct cloud_hook *h);

/* The cloud's name as configured ("envvars" for OS_* only). */
const char *cloud_name(const struct cloud *c);
/* The current project's name and id, or NULL before the first token. */
const char *cloud_project_name(const struct cloud *c);
const char *cloud_project_id(const struct cloud *c);
/* The region in use, or NULL when the catalog had none. */
const char *cloud_region(const struct cloud *c);
/* The number of requests in flight or queued (for a spinner). */
size_t cloud_busy(const struct cloud *c);

#endif
