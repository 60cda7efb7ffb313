/*
 * discover: the pure part of cluster discovery -- which clusters the marks
 * on observed resources name, and how a cluster ref maps to the names of its
 * resources (see plan.h for the marks).
 *
 * A cluster is named by a server's metadata PLAN_META_CLUSTER, or by a
 * Neutron resource tagged both MODEL_TAG and PLAN_TAG_CLUSTER_PREFIX + ref.
 * Keypairs, router interfaces and rules name none (a keypair name cannot be
 * read back into a ref: "spark-x/ld14" and "spark/x-ld14" share it). Refs
 * that are not valid KIND/NAME (spec_check_ref()) are left out: no spec and
 * no plan can name them.
 *
 * Contract: no I/O, no globals. discover_tag_cluster() and
 * discover_seen_cluster() return pointers into their argument; the other
 * functions return new memory: free() a string or the array of
 * discover_cluster_resources(), plan_strv_free() an array of refs
 * (NULL-terminated; NULL when empty).
 */
#ifndef SD_CORE_DISCOVER_H
#define SD_CORE_DISCOVER_H

#include <stddef.h>

#include "core/plan.h"

/* The ref a Neutron resource's tags name (needs MODEL_TAG too), or NULL; the first such tag wins. */
const char *discover_tag_cluster(const char *const *tags, size_t n);
/* The ref that marks s as a cluster's (server metadata or Neutron tags), or NULL. */
const char *discover_seen_cluster(const struct plan_seen *s);
/* "spark-ld14" for "spark/ld14": what a cluster's resources are named after (new). */
char *discover_cluster_name(const char *ref);
/* Every valid cluster ref that v names, unique and sorted; *count gets their number. */
char **discover_cluster_refs(const struct plan_seen *v, size_t n, size_t *count);
/* The resources of obs that belong to ref, as plan_make() sees them (marks; interfaces and rules through their
   router or group), in obs order; a new array of pointers into obs (free() it; NULL when none). */
const struct plan_seen **discover_cluster_resources(const struct plan_observed *obs, const char *ref, size_t *n);

#endif
