/*
 * image_share: sharing an image with other projects and answering an
 * invitation, as small state machines on the loop (the CLI's `image share`
 * and the console drive the same code; nothing here prints or reads a key).
 *
 *   share     resolve image + projects -> [confirm] -> visibility shared ->
 *             add each member (already one: fine) -> list members -> done
 *   unshare   resolve image + projects -> [confirm] -> remove each member
 *             (not one: fine) -> list members -> done
 *   members   resolve image -> list members -> done
 *   accept,   resolve an image shared with the current project -> [confirm]
 *   reject    -> set our member status -> done with that member
 *
 * The image is found by a reference (see image_members.h); share, unshare and
 * members need an image the current project owns, accept and reject one it
 * does not. Nothing is changed before the image and every project resolved.
 *
 * Contract: flow_share_start() copies its arguments and returns 0 (the first
 * callback comes from the loop) or a negative code. progress may be called
 * any number of times; confirm (when set) once, and the flow waits until the
 * caller answers with flow_share_confirm(); done exactly once, last, with the
 * image (valid during the call) and the members (same). The caller frees the
 * flow with flow_share_free() after done, or before to stop it (no callback
 * comes after that; requests already sent still finish). Free flows before
 * the cloud they use.
 */
#ifndef SD_FLOW_IMAGE_SHARE_H
#define SD_FLOW_IMAGE_SHARE_H

#include <stddef.h>

struct cloud;
struct image;
struct image_member;
struct flow_share;

enum flow_share_op { FLOW_SHARE_ADD, FLOW_SHARE_REMOVE, FLOW_SHARE_MEMBERS, FLOW_SHARE_ACCEPT, FLOW_SHARE_REJECT };

struct flow_share_ops {
	/* One line about the step that starts (for a progress display); may be NULL. */
	void (*progress)(void *arg, const char *line);
	/* Image and projects resolved (names as given when a name is unknown); NULL: no confirmation. */
	void (*confirm)(void *arg, const struct image *im, const char *const *projects, size_t n_projects);
	/* Finished: rc 0 with the image's members (our own member for accept and reject). */
	void (*done)(void *arg, int rc, const char *msg, const struct image *im, const struct image_member *v,
		     size_t n);
};

/* Start op on the image named by ref with projects (names or ids; only for add and remove). */
int flow_share_start(struct flow_share **out, struct cloud *c, enum flow_share_op op, const char *ref,
		     const char *const *projects, size_t n_projects, const struct flow_share_ops *ops, void *arg);
/* Answer the confirm callback: yes != 0 goes on, 0 ends with ERR_CANCELLED. */
void flow_share_confirm(struct flow_share *f, int yes);
/* Stop (if running) and free the flow. */
void flow_share_free(struct flow_share *f);
/* The verb for op as the user says it ("share", "accept", ...). */
const char *flow_share_verb(enum flow_share_op op);

#endif
