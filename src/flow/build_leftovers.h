/*
 * build_leftovers: find what image builds left behind in the current
 * project -- servers with sparkdeck-build metadata, Neutron resources tagged
 * sparkdeck-build=ID, keypairs named sparkdeck-build-ID, and images of a
 * build that never became active -- grouped by build id, each with whether
 * it is abandoned (its process on this machine died, or its deadline passed)
 * or may still be running (here or elsewhere).
 *
 * Contract: flow_leftovers_find() lists everything in parallel and returns 0
 * (done comes once, from the loop) or a negative code. done takes the array
 * of results (free with flow_leftovers_free_results()). Builds in skip (run
 * by this process) are left out. flow_leftovers_cancel() before done stops
 * the search without a callback; it is freed on its own after done.
 */
#ifndef SD_FLOW_BUILD_LEFTOVERS_H
#define SD_FLOW_BUILD_LEFTOVERS_H

#include <stddef.h>

#include "core/build.h"

struct cloud;
struct flow_leftovers;

struct build_leftover {
	struct build_set set;
	int abandoned;          /* 1: safe to clean up; 0: may still be running */
};

typedef void (*flow_leftovers_fn)(void *arg, int rc, const char *msg, struct build_leftover *v, size_t n);

/* Look for builds left behind (see the contract). */
int flow_leftovers_find(struct flow_leftovers **out, struct cloud *c, const char *const *skip, size_t n_skip,
			flow_leftovers_fn done, void *arg);
/* Stop a search whose done has not come yet (no callback after this). */
void flow_leftovers_cancel(struct flow_leftovers *l);
/* Free the results handed to done. */
void flow_leftovers_free_results(struct build_leftover *v, size_t n);

#endif
