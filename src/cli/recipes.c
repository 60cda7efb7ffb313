/* `sparkdeck image recipes`: list the image recipes and check each, without touching a cloud. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/recipe.h"

int cli_image_recipes(const char *images_dir, enum cli_format fmt)
{
	static const char *const hdr[] = { "RECIPE", "IMAGE", "BASE IMAGE", "FLAVOR", "CHECK" };
	struct out_table t;
	cJSON *a = cJSON_CreateArray();
	char **refs = NULL;
	size_t n = 0, i, bad = 0;
	int rc;

	if ((rc = recipe_list_refs(&refs, &n, images_dir)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		cJSON_Delete(a);
		return cli_exit_status(rc);
	}
	out_table_init(&t, hdr, 5);
	for (i = 0; i < n; i++) {
		struct recipe r;
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "ref", refs[i]);
		if ((rc = recipe_load(&r, images_dir, refs[i])) < 0) {
			const char *row[] = { refs[i], "", "", "", err_last() };

			bad++;
			out_table_row(&t, row);
			cJSON_AddStringToObject(o, "error", err_last());
		} else {
			const char *row[] = { r.ref, r.image_name, r.base_image, r.flavor, "ok" };

			out_table_row(&t, row);
			cJSON_AddStringToObject(o, "image_name", r.image_name);
			cJSON_AddStringToObject(o, "base_image", r.base_image);
			cJSON_AddStringToObject(o, "flavor", r.flavor);
			cJSON_AddStringToObject(o, "path", r.path);
			recipe_dispose(&r);
		}
		cJSON_AddItemToArray(a, o);
	}
	if (n == 0 && fmt != CLI_JSON) {
		fprintf(stderr, "sparkdeck: no image recipes in %s (NAME/VERSION.conf files)\n", images_dir);
		out_table_dispose(&t);
		cJSON_Delete(a);
	} else
		out_emit(&t, a, fmt == CLI_JSON);
	recipe_free_refs(refs, n);
	return bad ? CLI_EXIT_CONFIG : CLI_EXIT_OK;
}
