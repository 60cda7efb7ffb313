/*
 * image_build: bake an image from a recipe, as a state machine on the loop
 * (the CLI's `image build` and the console's `b` drive the same code; nothing
 * here prints or reads a key):
 *
 *   resolve   base image, flavor, networks, an existing version (refused
 *             unless force) -- nothing is created before all of it checks out
 *   confirm   the plan (lines from build_plan_lines()); optional
 *   create    temporary keypair (ed25519 made in memory), security group with
 *             SSH, [network, subnet, router, interface], the builder server
 *   boot      wait for ACTIVE (ERROR ends the build with Nova's fault text);
 *             [floating IP when the network is temporary and routed]
 *   ready     the console marker shows and/or the SSH check exits 0; the
 *             builder's host key must be one cloud-init printed on its
 *             console (until it does, and for at most a minute, no login)
 *   stop      os-stop, wait for SHUTOFF
 *   snapshot  createImage with the recipe's and sparkdeck's properties, wait
 *             until the image is active (killed ends the build)
 *   cleanup   delete the builder and every temporary resource, and the image
 *             unless it completed -- also after any failure, the timeout
 *             (the recipe's build_timeout, from the server's creation) or
 *             flow_build_stop()
 *
 * The console log is polled while the builder boots and until it is ready;
 * new text goes to ops->console raw (sanitize before showing).
 *
 * Contract: flow_build_start() uses r and the cloud, which must stay valid
 * until done, and returns 0 (the first callback comes from the loop) or a
 * negative code. step and line may be called any number of times, confirm at
 * most once (answer with flow_build_confirm()), done exactly once, last,
 * with the image id on success. flow_build_stop() is safe at any time before
 * done and makes done come with ERR_CANCELLED after the cleanup. The caller
 * frees the flow with flow_build_free() after done (before done it abandons
 * the build without cleanup: the resources stay, marked, for `image cleanup`).
 */
#ifndef SD_FLOW_IMAGE_BUILD_H
#define SD_FLOW_IMAGE_BUILD_H

#include <stddef.h>

struct event_base;
struct cloud;
struct recipe;
struct flow_build;

enum flow_build_step {
	FLOW_BUILD_RESOLVE,
	FLOW_BUILD_CONFIRM,
	FLOW_BUILD_CREATE,
	FLOW_BUILD_BOOT,
	FLOW_BUILD_READY,
	FLOW_BUILD_STOP,
	FLOW_BUILD_SNAPSHOT,
	FLOW_BUILD_CLEANUP,
	FLOW_BUILD_DONE,
	FLOW_BUILD_NSTEPS
};

struct flow_build_opts {
	int force;              /* build even if the version exists */
	const char *version;    /* sparkdeck's version, recorded on the image */
	double poll_s;          /* seconds between polls; 0: 2 */
	double ssh_timeout_s;   /* per SSH attempt; 0: 20 */
	double keys_wait_s;     /* how long to wait for the console's host keys before trusting the first; 0: 60 */
};

struct flow_build_ops {
	/* A step starts. */
	void (*step)(void *arg, enum flow_build_step step);
	/* One line about what happens (created X, waiting for Y); may be NULL. */
	void (*line)(void *arg, const char *line);
	/* New console text of the builder (raw bytes); may be NULL. */
	void (*console)(void *arg, const char *text, size_t len);
	/* The plan, NULL-terminated; NULL: no confirmation. */
	void (*confirm)(void *arg, char *const *plan);
	/* Finished: rc 0 and the image's id and name, or the error. */
	void (*done)(void *arg, int rc, const char *msg, const char *image_id, const char *image_name);
};

/* Start building recipe r (see the contract). */
int flow_build_start(struct flow_build **out, struct event_base *base, struct cloud *c, const struct recipe *r,
		     const struct flow_build_opts *opts, const struct flow_build_ops *ops, void *arg);
/* Answer confirm: yes != 0 creates the builder, 0 ends with ERR_CANCELLED. */
void flow_build_confirm(struct flow_build *f, int yes);
/* Stop the build: clean up what was created, then done with ERR_CANCELLED. */
void flow_build_stop(struct flow_build *f);
/* Free the flow (see the contract for before done). */
void flow_build_free(struct flow_build *f);
/* The build's id (8 hex digits), marking everything it creates. */
const char *flow_build_id(const struct flow_build *f);
/* The step's name as shown ("resolve", "create", "boot", ...). */
const char *flow_build_step_name(enum flow_build_step s);

#endif
