/* apply_sched: ready actions, the parallel bound and failure propagation of a plan's apply (pure). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/apply_sched.h"
#include "core/error.h"
#include "core/plan.h"
#include "core/xmalloc.h"

const char *apply_state_name(enum apply_state st)
{
	static const char *const names[APPLY_NSTATES] = { "waiting", "running", "done", "failed", "skipped" };

	return st < APPLY_NSTATES ? names[st] : "?";
}

void apply_sched_dispose(struct apply_sched *s)
{
	for (size_t i = 0; s->deps && i < s->n; i++)
		free(s->deps[i]);
	free(s->deps);
	free(s->n_deps);
	free(s->state);
	free(s->cause);
	memset(s, 0, sizeof *s);
}

int apply_sched_init(struct apply_sched *s, const struct plan *p, size_t max_parallel)
{
	size_t i, k, n = p ? p->n_actions : 0;

	memset(s, 0, sizeof *s);
	s->n = n;
	s->max_parallel = max_parallel ? max_parallel : APPLY_SCHED_DEFAULT_PARALLEL;
	s->state = xcalloc(n ? n : 1, sizeof *s->state);
	s->cause = xcalloc(n ? n : 1, sizeof *s->cause);
	s->deps = xcalloc(n ? n : 1, sizeof *s->deps);
	s->n_deps = xcalloc(n ? n : 1, sizeof *s->n_deps);
	for (i = 0; i < n; i++) {
		const struct plan_action *a = &p->actions[i];

		s->cause[i] = -1;
		s->deps[i] = xcalloc(a->n_deps ? a->n_deps : 1, sizeof *s->deps[i]);
		for (k = 0; k < a->n_deps; k++) {
			if (a->deps[k] >= i) {
				apply_sched_dispose(s);
				return err_set(ERR_INVALID, "plan action %zu depends on action %zu, which does not come "
					       "before it: make the plan again", i + 1, a->deps[k] + 1);
			}
			s->deps[i][k] = a->deps[k];
		}
		s->n_deps[i] = a->n_deps;
	}
	s->count[APPLY_WAITING] = n;
	return 0;
}

static void sched_set(struct apply_sched *s, size_t i, enum apply_state st)
{
	s->count[s->state[i]]--;
	s->state[i] = st;
	s->count[st]++;
}

static int sched_ready(const struct apply_sched *s, size_t i)
{
	for (size_t k = 0; k < s->n_deps[i]; k++)
		if (s->state[s->deps[i][k]] != APPLY_DONE)
			return 0;
	return 1;
}

long apply_sched_take(struct apply_sched *s)
{
	if (s->stopped || s->running >= s->max_parallel)
		return -1;
	for (size_t i = 0; i < s->n; i++) {
		if (s->state[i] != APPLY_WAITING || !sched_ready(s, i))
			continue;
		sched_set(s, i, APPLY_RUNNING);
		if (++s->running > s->max_running)
			s->max_running = s->running;
		return (long)i;
	}
	return -1;
}

/* 1 if WAITING action j depends on failed action i, directly or through an action i skipped. */
static int sched_hit(const struct apply_sched *s, size_t j, size_t i)
{
	for (size_t k = 0; k < s->n_deps[j]; k++) {
		size_t d = s->deps[j][k];

		if (d == i || (s->state[d] == APPLY_SKIPPED && s->cause[d] == (long)i))
			return 1;
	}
	return 0;
}

size_t apply_sched_finish(struct apply_sched *s, size_t i, int ok)
{
	size_t j, skipped = 0;

	if (i >= s->n || s->state[i] != APPLY_RUNNING)
		return 0;
	s->running--;
	sched_set(s, i, ok ? APPLY_DONE : APPLY_FAILED);
	if (ok)
		return 0;
	/* Dependencies always name earlier actions, so one pass forward reaches every dependent. */
	for (j = i + 1; j < s->n; j++) {
		if (s->state[j] == APPLY_WAITING && sched_hit(s, j, i)) {
			sched_set(s, j, APPLY_SKIPPED);
			s->cause[j] = (long)i;
			skipped++;
		}
	}
	return skipped;
}

void apply_sched_interrupt(struct apply_sched *s, size_t i)
{
	if (i >= s->n || s->state[i] != APPLY_RUNNING)
		return;
	s->running--;
	sched_set(s, i, APPLY_FAILED);
}

void apply_sched_stop(struct apply_sched *s)
{
	s->stopped = 1;
}

size_t apply_sched_cancel_waiting(struct apply_sched *s)
{
	size_t n = 0;

	for (size_t i = 0; i < s->n; i++) {
		if (s->state[i] == APPLY_WAITING) {
			sched_set(s, i, APPLY_SKIPPED);
			s->cause[i] = -1;
			n++;
		}
	}
	return n;
}

int apply_sched_over(const struct apply_sched *s)
{
	return s->running == 0 && (s->stopped || s->count[APPLY_WAITING] == 0);
}
