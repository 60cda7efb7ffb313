#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "core/buf.h"
#include "core/clouds_fill.h"
#include "core/clouds_search.h"
#include "core/error.h"
#include "core/sanitize.h"
#include "core/xmalloc.h"

/* The regions a cloud lists: "regions" (names or {name, values}), else "region_name". */
struct clouds_regions {
	char **names;
	const struct yaml_node **values;
	size_t n;
	const char *file;
	int line;
};

static void clouds_regions_add(struct clouds_regions *r, const char *name, size_t len,
			       const struct yaml_node *values)
{
	r->names = xreallocarray(r->names, r->n + 1, sizeof *r->names);
	r->values = xreallocarray(r->values, r->n + 1, sizeof *r->values);
	r->names[r->n] = xstrndup(name, len);
	r->values[r->n++] = values;
}

static int clouds_regions_read(struct clouds_fill *ctx, struct clouds_regions *r)
{
	static const char *const keys[] = { "regions", "region_name" };
	const struct yaml_node *list = NULL, *item, *name, *values;
	const char *p, *comma;
	size_t k, l, i;

	for (k = 0; k < 2 && list == NULL; k++)
		for (l = 0; l < ctx->n_layers && list == NULL; l++)
			if (!yaml_is_null(list = clouds_search_get(ctx->layer[l], keys[k])))
				r->file = ctx->layer_file[l];
			else
				list = NULL;
	if (list == NULL)
		return 0;
	r->line = list->line;
	if (list->kind == YAML_KIND_SCALAR) {
		for (p = list->value; (comma = strchr(p, ',')) != NULL; p = comma + 1)
			clouds_regions_add(r, p, (size_t)(comma - p), NULL);
		clouds_regions_add(r, p, strlen(p), NULL);
		return 0;
	}
	for (i = 0; list->kind == YAML_KIND_SEQ && i < list->n; i++) {
		item = list->items[i];
		if (item->kind == YAML_KIND_SCALAR) {
			clouds_regions_add(r, item->value, strlen(item->value), NULL);
			continue;
		}
		name = clouds_search_get(item, "name");
		values = clouds_search_get(item, "values");
		if (name == NULL || name->kind != YAML_KIND_SCALAR ||
		    (!yaml_is_null(values) && values->kind != YAML_KIND_MAP))
			return err_set(ERR_CONFIG, "%s:%d: a region of cloud '%s' must be a name or a "
				       "mapping with name and values", r->file, item->line, ctx->shown);
		clouds_regions_add(r, name->value, strlen(name->value),
				   yaml_is_null(values) ? NULL : values);
	}
	if (list->kind == YAML_KIND_MAP)
		return err_set(ERR_CONFIG, "%s:%d: regions of cloud '%s' must be a list",
			       r->file, list->line, ctx->shown);
	return 0;
}

int clouds_fill_pick_region(struct clouds_fill *ctx)
{
	const char *want = clouds_fill_getenv(ctx->env, "OS_REGION_NAME");
	struct clouds_regions r;
	struct buf known;
	char *shown, *list;
	size_t i = 0;
	int rc;

	memset(&r, 0, sizeof r);
	if ((rc = clouds_regions_read(ctx, &r)) < 0 || r.n == 0) {
		ctx->out->region_name = rc == 0 && want ? xstrdup(want) : NULL;
		goto out;
	}
	while (want && i < r.n && strcmp(r.names[i], want) != 0)
		i++;
	if (i == r.n) {
		buf_init(&known, 512);
		for (i = 0; i < r.n; i++)
			buf_printf(&known, "%s%s", i ? ", " : "", r.names[i]);
		shown = sanitize_line(want, 128);
		list = sanitize_line(known.data, 512);
		rc = err_set(ERR_CONFIG, "region '%s' (OS_REGION_NAME) is not a region of cloud '%s' "
			     "(%s:%d); its regions: %s", shown, ctx->shown, r.file, r.line, list);
		free(shown);
		free(list);
		buf_dispose(&known);
		goto out;
	}
	ctx->out->region_name = xstrdup(r.names[i]);
	if (r.values[i]) {
		if ((rc = clouds_fill_check_entry(ctx, r.file, r.values[i])) < 0)
			goto out;
		if (ctx->n_layers == CLOUDS_FILL_MAX_LAYERS) {
			rc = err_set(ERR_CONFIG, "%s: too many layers", ctx->where);
			goto out;
		}
		memmove(ctx->layer + 1, ctx->layer, ctx->n_layers * sizeof *ctx->layer);
		memmove(ctx->layer_file + 1, ctx->layer_file, ctx->n_layers * sizeof *ctx->layer_file);
		ctx->layer[0] = r.values[i];
		ctx->layer_file[0] = r.file;
		ctx->n_layers++;
	}
out:
	for (i = 0; i < r.n; i++)
		free(r.names[i]);
	free(r.names);
	free(r.values);
	return rc;
}
