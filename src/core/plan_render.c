/* plan_render: a plan as terraform-style lines and its summary (pure). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/plan.h"
#include "core/plan_internal.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

#define RENDER_LINE_MAX 512

/* "server spark-ld14-worker-3 (m1.small, image ...)": the raw text, before sanitizing. */
static char *render_raw(const struct plan_action *a)
{
	const char *name = a->name && *a->name ? a->name : a->id ? a->id : "";

	if (a->detail && *a->detail)
		return xasprintf("%s %s (%s)", plan_kind_name(a->kind), name, a->detail);
	return xasprintf("%s %s", plan_kind_name(a->kind), name);
}

char *plan_action_label(const struct plan *p, size_t i)
{
	char *raw, *out;

	if (i >= p->n_actions)
		return xstrdup("");
	raw = render_raw(&p->actions[i]);
	out = sanitize_line(raw, RENDER_LINE_MAX);
	free(raw);
	return out;
}

char **plan_render(const struct plan *p)
{
	char **lines = xcalloc(p->n_actions + 1, sizeof *lines);
	size_t i, n = 0;

	for (i = 0; i < p->n_actions; i++) {
		const struct plan_action *a = &p->actions[i];
		const char *sign;
		char *label, *raw;

		if (a->op == PLAN_CREATE && a->pair >= 0)
			continue;   /* shown with the delete it replaces */
		sign = a->op == PLAN_CREATE ? "+" : a->pair >= 0 ? "-/+" : "-";
		label = render_raw(a);
		raw = xasprintf("%s %s", sign, label);
		lines[n++] = sanitize_line(raw, RENDER_LINE_MAX);
		free(raw);
		free(label);
	}
	lines[n] = NULL;
	return lines;
}

char *plan_summary(const struct plan *p)
{
	int add, change, destroy;

	plan_count(p, &add, &change, &destroy);
	if (add + change + destroy == 0)
		return xstrdup("No changes.");
	return xasprintf("Plan: %d to add, %d to change, %d to destroy.", add, change, destroy);
}
