/*
 * cluster_apply: run a cluster plan (core/plan.h) against the cloud, one
 * cloud/ops.h call per action, as a state machine on the loop (the CLI's
 * `cluster up|update|down` and the console's apply screen drive the same
 * code; nothing here prints or reads a key).
 *
 * Scheduling (core/apply_sched.h): an action starts once every action it
 * depends on is done, lowest index first, at most max_parallel at once (an
 * action holds its slot until it has ended, waits included; the http engine
 * bounds the requests in flight on top). Inputs (struct plan_ref) are the ids
 * earlier actions produced, or the ids the plan names. A failed action skips
 * its dependents, transitively ("because X failed"); independent actions go on.
 *
 * Per kind: Neutron resources are created with plan_tags() and
 * plan_description() set in the create call; servers with
 * plan_server_metadata(), the keypair, security group, network, image,
 * flavor and the spec's user data of their role, and a server create is done
 * only when Nova says ACTIVE: polled from poll_s on, backing off to 10 s,
 * ERROR ends the wait at once with Nova's fault, server_timeout_s bounds it.
 * A server that fails to get an address (Neutron IpAddressGenerationFailure
 * or "No more IP addresses" in an API error; Nova's fault "... No fixed IP
 * addresses available for network ..." on a server in ERROR, which is what
 * the sandbox shows) is deleted if it exists and created again, up to 3
 * tries in all; quota errors are never retried. The
 * floating IP goes on the master's port (looked up once the master is
 * ACTIVE). A server delete is done only when Nova no longer has the server;
 * a router, subnet, network or security group still "in use" (409) is
 * retried with backoff from 2 s (8 tries in all: about 45 s); deletes count
 * "already gone" as success.
 *
 * Contract: flow_apply_start() borrows c, p and s (s may be NULL: no user
 * data), which must stay valid until done or flow_apply_free(); it returns 0
 * (the first callback comes from the loop) or a negative code without any
 * callback. Every action starts waiting; action() reports each change (and
 * new details of a running action); line() an event log; both may be NULL.
 * done() comes exactly once, last: rc 0 when every action is done, else the
 * first failure (message: the action, the cloud's reason, how many actions
 * were skipped, "plan again to resume"), or ERR_CANCELLED after
 * flow_apply_stop(): running calls finish, waits and retries end there,
 * nothing new starts; what was created carries its marks, so the next plan
 * resumes it. flow_apply_stop() may be called at any time, from action() and
 * line() too (done then comes from the loop). The result and every string
 * passed to callbacks are valid only during the callback. flow_apply_free()
 * may be called from done or after it, or outside any callback before done
 * to abandon the apply without a callback (calls in flight are dropped when
 * they return). Free the flow before the cloud.
 */
#ifndef SD_FLOW_CLUSTER_APPLY_H
#define SD_FLOW_CLUSTER_APPLY_H

#include <stddef.h>

struct event_base;
struct cloud;
struct plan;
struct spec;
struct flow_apply;

/* The same values as core/apply_sched.h's enum apply_state. */
enum flow_apply_state {
	FLOW_APPLY_WAITING,
	FLOW_APPLY_RUNNING,
	FLOW_APPLY_DONE,
	FLOW_APPLY_FAILED,
	FLOW_APPLY_SKIPPED
};

struct flow_apply_opts {
	int max_parallel;          /* actions running at once; <= 0: 10 */
	double poll_s;             /* first wait between polls of a server; <= 0: 2 */
	double server_timeout_s;   /* how long a server may take to be ACTIVE, or to go; <= 0: 600 */
	int busy_tries;            /* tries of a delete answered 409 "in use", the first included; <= 0: 8 */
};

struct flow_apply_result {
	size_t n_actions;
	size_t done, failed, skipped;        /* actions that ended so (stopped waits count as failed) */
	const enum flow_apply_state *states; /* n_actions: how each action ended */
	const char *const *ids;              /* n_actions: the id each action created or deleted, or NULL
						(keypairs: the name; router interfaces: the router's id; rules:
						NULL); failed creates too when they left something (a server
						in ERROR or cut short by a stop) */
	const char *master_fixed_ip;         /* the master's private IPv4 address when this apply saw it, or NULL */
	const char *master_floating_ip;      /* its floating IP when this apply made it, or NULL */
	size_t max_running;                  /* the most actions that ran at once */
	double seconds;                      /* from start to done */
};

struct flow_apply_ops {
	/* Action index entered state (or, running, has news); detail is a short sanitized text or "". */
	void (*action)(void *arg, size_t index, enum flow_apply_state state, const char *detail);
	/* One line for the event log (created X, waiting for Y, retrying Z); sanitized. */
	void (*line)(void *arg, const char *text);
	/* Finished (see the contract). */
	void (*done)(void *arg, int rc, const char *msg, const struct flow_apply_result *res);
};

/* Start applying plan p on cloud c (see the contract). */
int flow_apply_start(struct flow_apply **out, struct event_base *base, struct cloud *c, const struct plan *p,
		     const struct spec *s, const struct flow_apply_opts *o, const struct flow_apply_ops *ops,
		     void *arg);
/* Stop: let the calls in flight finish, start nothing new, then done with ERR_CANCELLED. */
void flow_apply_stop(struct flow_apply *f);
/* Free the flow (before done: abandon it, no callback). */
void flow_apply_free(struct flow_apply *f);
/* The name of a state as shown ("waiting", "running", "done", "failed", "skipped"). */
const char *flow_apply_state_name(enum flow_apply_state st);

#endif
