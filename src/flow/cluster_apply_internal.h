/*
 * cluster_apply_internal: the state shared by cluster_apply.c (scheduling,
 * the end), cluster_apply_run.c (keypair and Neutron actions, floating IPs,
 * the small helpers below) and cluster_apply_server.c (server creates and
 * deletes with their waits).
 *
 * Contract: every cloud call of an action goes through apply_call(), whose
 * callback starts with apply_returned() and stops there when it returns 1
 * (the flow was freed meanwhile). An action ends exactly once, with
 * apply_end(), as the last thing its code does (the end may call done, which
 * may free the flow). apply_later() schedules apply_resume() of the action;
 * after flow_apply_stop() it ends the action instead ("stopped by the user
 * while WHAT"). Strings passed in are copied.
 */
#ifndef SD_FLOW_CLUSTER_APPLY_INTERNAL_H
#define SD_FLOW_CLUSTER_APPLY_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/apply_sched.h"
#include "flow/cluster_apply.h"

struct event;
struct plan_action;
struct plan_ref;

#define APPLY_POLL_CAP_S 10.0       /* the longest wait between polls or retries */
#define APPLY_BUSY_TRIES 8          /* deletes answered 409 "in use" (2, 3, 4.5 ... 10 s: about 45 s) */
#define APPLY_IP_TRIES 3            /* server creates that could not get an address */
#define APPLY_PORT_TRIES 5          /* looks for the master's port before giving up */

/* Steps within one action. */
enum apply_phase {
	APPLY_PH_CALL,      /* the action's main call (create or delete) */
	APPLY_PH_WAIT,      /* polling a server until ACTIVE or gone */
	APPLY_PH_DROP,      /* a server create: deleting the failed server before trying again */
	APPLY_PH_DROP_WAIT, /* ... and waiting until it is gone */
	APPLY_PH_PORTS,     /* a floating IP: looking for the master's port */
	APPLY_PH_FIP        /* ... and creating the floating IP on it */
};

struct apply_act {
	struct flow_apply *f;
	size_t i;
	char *id;               /* what the action created or deleted */
	char *address;          /* servers: a fixed IPv4; floating IPs: the address */
	char *port;             /* floating IPs: the master's port */
	char *fixed;            /* floating IPs: that port's fixed address */
	enum apply_phase phase;
	int tries;              /* attempts of the current phase that failed */
	int ip_tries;           /* server creates that could not get an address */
	double wait_s;          /* the next wait */
	double since;           /* when the current wait began (monotonic seconds) */
	char *what;             /* what a scheduled wait is for, for the stop message */
	char *last;             /* the last poll error, for a timeout's message */
	struct event *timer;
	int busy;               /* a cloud call of this action is in flight */
};

struct flow_apply {
	struct event_base *base;
	struct cloud *c;
	const struct plan *p;
	const struct spec *s;
	struct flow_apply_opts o;
	struct flow_apply_ops ops;
	void *arg;
	struct apply_sched sched;
	struct apply_act *acts;
	struct event *kick;     /* the first step, from the loop */
	int outstanding;        /* cloud calls not called back yet */
	int freed;              /* flow_apply_free() came before the calls returned */
	int stopping;           /* flow_apply_stop() */
	int finished;           /* done was called */
	int pumping;
	int rc;                 /* the first failure (not counting stops) */
	char *msg;
	long first_failed;
	size_t interrupted;     /* actions a stop cut short (FAILED, counted apart) */
	char *master_fixed;
	char *master_floating;
	double t0;
	uint64_t rnd;
};

/* Seconds on a monotonic clock. */
double apply_now(void);
/* The action's plan entry. */
const struct plan_action *apply_pa(const struct apply_act *a);
/* The action's label ("server spark-ld14-master (...)"), sanitized (new). */
char *apply_label(const struct apply_act *a);
/* The id a reference stands for: an earlier action's result or the given id (NULL: none). */
const char *apply_ref(const struct flow_apply *f, const struct plan_ref *r);
/* Send one line to the event log (printf-like). */
void apply_line(struct flow_apply *f, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Report that action a runs, with detail (printf-like). */
void apply_running(struct apply_act *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Count a cloud call that rc says was started; on failure end the action with err_last(). 0 or rc. */
int apply_call(struct apply_act *a, int rc);
/* A callback of a's call arrived: 1 if the flow was freed meanwhile (stop there). */
int apply_returned(struct apply_act *a);
/* End action a: rc 0 done (detail: what it did), else failed with msg. */
void apply_end(struct apply_act *a, int rc, const char *msg);
/* Resume a in seconds (what: "waiting for ...", for the stop message). */
void apply_later(struct apply_act *a, double seconds, const char *what);
/* The next backoff wait after a->wait_s: x1.5 up to APPLY_POLL_CAP_S, with +-20 % jitter. */
double apply_backoff(struct apply_act *a);
/* Replace *slot with a copy of s (NULL allowed). */
void apply_set(char **slot, const char *s);

/* Start action a (cluster_apply_run.c). */
void apply_start(struct apply_act *a);
/* Go on with action a after a wait (cluster_apply_run.c). */
void apply_resume(struct apply_act *a);
/* Servers (cluster_apply_server.c): create and wait for ACTIVE, delete and wait until gone, resume a wait. */
void apply_server_create(struct apply_act *a);
void apply_server_delete(struct apply_act *a);
void apply_server_resume(struct apply_act *a);
/* 1 if a cloud message says Neutron ran out of addresses (worth another try). */
int apply_is_ip_exhausted(const char *msg);

#endif
