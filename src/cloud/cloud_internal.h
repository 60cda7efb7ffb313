/*
 * cloud_internal: what the files of src/cloud that add operations to the
 * public API need from cloud.c (the session, and cancellation on free).
 * Only the .c files of src/cloud include it.
 *
 * Contract: an operation embeds a struct cloud_pending, registers it with
 * cloud_pending_add() when it starts and removes it with cloud_pending_remove()
 * before calling back; cloud_free() frees the session first (so nothing calls
 * back), then calls free_fn on every operation still registered.
 */
#ifndef SD_CLOUD_CLOUD_INTERNAL_H
#define SD_CLOUD_CLOUD_INTERNAL_H

#include <sys/queue.h>

struct cloud;
struct session;

struct cloud_pending {
	LIST_ENTRY(cloud_pending) entry;
	void (*free_fn)(struct cloud_pending *p);
};

/* The session requests go through. */
struct session *cloud_session(struct cloud *c);
/* Register an operation in flight, to be freed by cloud_free(). */
void cloud_pending_add(struct cloud *c, struct cloud_pending *p);
/* Unregister a finished operation. */
void cloud_pending_remove(struct cloud_pending *p);

#endif
