/*
 * apply_sched: which actions of a plan may run next (pure, no I/O, no clock).
 *
 * Every action starts WAITING. apply_sched_take() hands out the lowest-index
 * WAITING action whose dependencies are all DONE, as long as fewer than
 * max_parallel actions are RUNNING and apply_sched_stop() was not called; it
 * becomes RUNNING. apply_sched_finish() ends a RUNNING action as DONE or
 * FAILED; a failure turns every WAITING action that depends on it, directly
 * or through other dependents, into SKIPPED with cause set to the failed
 * action (independent actions are untouched and still run).
 * apply_sched_interrupt() ends a RUNNING action as FAILED without touching
 * its dependents (an action cut short by a stop: they are not started
 * because of the stop, not because of it). After a stop,
 * apply_sched_cancel_waiting() turns whatever still waits into SKIPPED with
 * cause -1. The schedule is over when apply_sched_over() says so: nothing
 * runs and nothing can be taken any more.
 *
 * Contract: struct apply_sched is caller-owned: apply_sched_init() fills it
 * (0, or ERR_INVALID when a dependency does not name an earlier action, which
 * a plan never does; the struct is then zeroed) and apply_sched_dispose()
 * frees it. The plan is read only during apply_sched_init(). Indexes out of
 * range and finishing an action that is not RUNNING are ignored.
 */
#ifndef SD_CORE_APPLY_SCHED_H
#define SD_CORE_APPLY_SCHED_H

#include <stddef.h>

struct plan;

#define APPLY_SCHED_DEFAULT_PARALLEL 10

enum apply_state { APPLY_WAITING, APPLY_RUNNING, APPLY_DONE, APPLY_FAILED, APPLY_SKIPPED, APPLY_NSTATES };

struct apply_sched {
	size_t n;
	enum apply_state *state;
	long *cause;              /* SKIPPED: the failed action that caused it, or -1 (stopped) */
	size_t **deps;            /* copies of the plan's dependencies */
	size_t *n_deps;
	size_t max_parallel;
	size_t running;
	size_t max_running;       /* the most RUNNING at once so far */
	size_t count[APPLY_NSTATES];
	int stopped;
};

/* Set up the schedule of plan p with at most max_parallel actions running (0: the default). */
int apply_sched_init(struct apply_sched *s, const struct plan *p, size_t max_parallel);
/* Free what s holds and zero it. */
void apply_sched_dispose(struct apply_sched *s);
/* The next action that may start (now RUNNING), or -1 when none may start now. */
long apply_sched_take(struct apply_sched *s);
/* End RUNNING action i as DONE (ok != 0) or FAILED; returns how many actions its failure skipped. */
size_t apply_sched_finish(struct apply_sched *s, size_t i, int ok);
/* End RUNNING action i as FAILED, leaving its dependents WAITING (for an action a stop cut short). */
void apply_sched_interrupt(struct apply_sched *s, size_t i);
/* Start nothing new from now on. */
void apply_sched_stop(struct apply_sched *s);
/* Turn every WAITING action into SKIPPED (cause -1); returns how many. */
size_t apply_sched_cancel_waiting(struct apply_sched *s);
/* 1 when nothing runs and nothing more can be taken (every action ended, or stopped). */
int apply_sched_over(const struct apply_sched *s);
/* The name of a state as shown ("waiting", "running", "done", "failed", "skipped"). */
const char *apply_state_name(enum apply_state st);

#endif
