/*
 * plan_fixture: a cluster spec, its resolved target and observed clouds for
 * the plan engine's tests (spark/ld14: master m1.medium, workers m1.small,
 * image hail-base-1.0.0, subnet 10.42.0.0/24, external network "public").
 *
 * Contract: fx_init() fills a caller-owned struct fx whose strings are static
 * or owned by the fixture's own tables (nothing to free); fx_add() returns a
 * zeroed slot of f->v (at most FX_MAX) for the caller to fill; fx_obs()
 * points f->obs at the slots added so far. fx_expect_lines() fails the test
 * when plan_render() differs from want (NULL-terminated).
 */
#ifndef SD_TESTS_PLAN_FIXTURE_H
#define SD_TESTS_PLAN_FIXTURE_H

#include <stddef.h>

#include "core/plan.h"
#include "core/spec.h"

#define FX_MAX 128

struct fx {
	struct spec spec;
	struct plan_target t;
	struct plan_seen v[FX_MAX];
	size_t n;
	struct plan_observed obs;
};

extern const char *const fx_tags[];       /* "sparkdeck", "sparkdeck-cluster=spark/ld14" */
extern const char *const fx_other_tags[]; /* another cluster's */

/* Spec spark/ld14 with workers workers, its target, and an empty cloud with unknown quotas. */
void fx_init(struct fx *f, int workers);
/* A new zeroed observed resource of kind k (id, name set; Neutron kinds get fx_tags). */
struct plan_seen *fx_add(struct fx *f, enum plan_kind k, const char *id, const char *name);
/* A server of the cluster: role "master" or "worker", index 1..20 for workers, status, the target's flavor and image. */
struct plan_seen *fx_server(struct fx *f, const char *role, int index, const char *status);
/* A whole healthy cluster with workers workers (keypair, network, ..., master, workers, floating IP on the master). */
void fx_healthy(struct fx *f, int workers);
/* Find the observed resource with id. */
struct plan_seen *fx_find(struct fx *f, const char *id);
/* The observed cloud so far. */
const struct plan_observed *fx_obs(struct fx *f);
/* Set a quota: used of limit (-1 unlimited). */
void fx_quota(struct fx *f, enum plan_quota_kind q, long long used, long long limit);
/* Assert that p renders exactly as want. */
void fx_expect_lines(const struct plan *p, const char *const *want);
/* The index of the action whose label (plan_action_label) is label, failing the test if none. */
size_t fx_action(const struct plan *p, const char *label);
/* 1 if action i depends on action dep. */
int fx_has_dep(const struct plan *p, size_t i, size_t dep);

#endif
