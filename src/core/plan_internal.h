/*
 * plan_internal: helpers shared by the plan engine's files (not exported).
 *
 * Contract: plan_add() grows p->actions (pointers into it are invalidated)
 * and returns the new action's index; plan_dep() ignores a dependency that
 * is not earlier than the action. plan_ours() returns a new array of
 * borrowed pointers into obs->res (free() it; NULL when none). struct
 * plan_mk is plan_make()'s working state, owned by it; the emitters only add
 * actions to m->p.
 */
#ifndef SD_CORE_PLAN_INTERNAL_H
#define SD_CORE_PLAN_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "core/plan.h"

#define PLAN_FNV_OFFSET 0xcbf29ce484222325ULL
#define PLAN_FNV_PRIME 0x100000001b3ULL

/* Append an empty action (refs and pair -1) and return its index. */
size_t plan_add(struct plan *p, enum plan_op op, enum plan_kind kind);
/* Make action i wait for action dep (dep < i; duplicates ignored). */
void plan_dep(struct plan *p, size_t i, size_t dep);
/* Free the strings and arrays of one action. */
void plan_action_dispose(struct plan_action *a);
/* The observed resources that carry the cluster's marks, in the order found. */
const struct plan_seen **plan_ours(const struct plan_observed *obs, const char *cluster, const char *cluster_name,
				   size_t *n);
/* The role in a server's metadata. */
enum plan_role plan_seen_role(const struct plan_seen *s);
/* The worker index in a server's metadata (1..100000), or 0 when missing or malformed. */
int plan_seen_index(const struct plan_seen *s);
/* Fold s (NULL differs from "") and a separator into the FNV-1a hash h. */
uint64_t plan_fnv_str(uint64_t h, const char *s);
/* Write h as PLAN_HASH_LEN hex digits + NUL. */
void plan_hash_hex(char out[PLAN_HASH_LEN + 1], uint64_t h);
/* A rule's text: "tcp 22 from 0.0.0.0/0", "tcp 8000-8100 from ...", "all traffic from 10.42.0.0/24" (new). */
char *plan_rule_text(const char *protocol, int port_min, int port_max, const char *remote_cidr);
/* 1 if a and b are equal strings, NULL and "" counting as equal. */
int plan_str_eq(const char *a, const char *b);

/* What happens to one of the cluster's observed resources while planning. */
struct plan_mk_res {
	const struct plan_seen *s;
	int del;             /* 1: delete it */
	char *why;           /* the reason shown, or NULL */
	int replace;         /* 1: a create takes its place (-/+) */
	long act;            /* its delete action, or -1 */
};

/* The planner's state: the cluster's resources and what is kept of each kind. */
struct plan_mk {
	struct plan *p;
	const struct plan_target *t;
	const struct spec *sp;
	struct plan_mk_res *r;
	size_t n;
	struct plan_mk_res *keypair, *network, *subnet, *router, *iface, *secgroup, *fip;
	struct plan_mk_res **slot;          /* servers: [0] master, [i] worker i */
	long made[PLAN_NKINDS];        /* the create action of each singleton kind, or -1 */
};

/* How kinds are spelled in saved plans ("router_interface", "security_group_rule", ...). */
extern const char *const plan_json_kinds[PLAN_NKINDS];
/* Compare two (const struct plan_seen *) by kind, name, id (for qsort). */
int plan_seen_cmp(const void *a, const void *b);
/* Emit the deletes decided in m, in destroy order with their dependencies. */
void plan_emit_deletes(struct plan_mk *m);
/* Emit the creates of what m lacks or replaces, in creation order, then the floating IP. */
void plan_emit_creates(struct plan_mk *m);

#endif
