/*
 * build_cleanup: delete what an image build created (its struct build_set),
 * one resource after the other in deletion order: the server first (and wait
 * until Nova has really removed it, so its ports free the network and the
 * security group), then the floating IP, router interface, router, subnet,
 * network, security group, keypair and a half-made image. A resource already
 * gone counts as deleted; a network or security group still "in use" is
 * retried for a while. Every resource is tried even after a failure, so one
 * stuck resource does not keep the others.
 *
 * Contract: flow_cleanup_start() takes over set's contents (set is left
 * empty) and returns 0 (callbacks come from the loop) or a negative code.
 * progress gets one line per resource deleted or failed; done comes exactly
 * once, last: rc 0 when everything is gone, else the first error and a
 * message naming what is left and how to retry. flow_cleanup_free() after
 * done, or before it to abandon the cleanup (no callback after that).
 */
#ifndef SD_FLOW_BUILD_CLEANUP_H
#define SD_FLOW_BUILD_CLEANUP_H

struct event_base;
struct cloud;
struct build_set;
struct flow_cleanup;

struct flow_cleanup_ops {
	void (*progress)(void *arg, const char *line);
	void (*done)(void *arg, int rc, const char *msg);
};

/* Start deleting set's resources (set is emptied). */
int flow_cleanup_start(struct flow_cleanup **out, struct event_base *base, struct cloud *c, struct build_set *set,
		       const struct flow_cleanup_ops *ops, void *arg);
/* Free the cleanup (abandoning it when it has not called done yet). */
void flow_cleanup_free(struct flow_cleanup *k);

#endif
