/* `sparkdeck cluster specs`: list the cluster specs and check each, without touching a cloud. */
#include "autoconfig.h"

#include <stdio.h>
#include <stdlib.h>

#include "cli/cli.h"
#include "cli/output.h"
#include "core/error.h"
#include "core/spec.h"

int cli_cluster_specs(const char *clusters_dir, enum cli_format fmt)
{
	static const char *const hdr[] = { "SPEC", "IMAGE", "WORKERS", "MASTER FLAVOR", "WORKER FLAVOR", "CHECK" };
	struct out_table t;
	cJSON *a = cJSON_CreateArray();
	char **refs = NULL, workers[16];
	size_t n = 0, i, bad = 0;
	int rc;

	if (clusters_dir == NULL) {
		fputs("sparkdeck: no clusters directory: set clusters_dir in sparkdeck.conf, "
		      "SPARKDECK_CLUSTERS_DIR or --clusters-dir\n", stderr);
		cJSON_Delete(a);
		return CLI_EXIT_CONFIG;
	}
	if ((rc = spec_list_refs(&refs, &n, clusters_dir)) < 0) {
		fprintf(stderr, "sparkdeck: %s\n", err_last());
		cJSON_Delete(a);
		return cli_exit_status(rc);
	}
	out_table_init(&t, hdr, 6);
	for (i = 0; i < n; i++) {
		struct spec s;
		cJSON *o = cJSON_CreateObject();

		cJSON_AddStringToObject(o, "ref", refs[i]);
		if ((rc = spec_load(&s, clusters_dir, refs[i])) < 0) {
			const char *row[] = { refs[i], "", "", "", "", err_last() };

			bad++;
			out_table_row(&t, row);
			cJSON_AddStringToObject(o, "error", err_last());
		} else {
			const char *row[] = { s.ref, s.image, workers, s.master_flavor, s.worker_flavor, "ok" };

			snprintf(workers, sizeof workers, "%d", s.workers);
			out_table_row(&t, row);
			cJSON_AddStringToObject(o, "image", s.image);
			cJSON_AddBoolToObject(o, "image_is_recipe", s.image_is_recipe);
			cJSON_AddNumberToObject(o, "workers", s.workers);
			cJSON_AddStringToObject(o, "master_flavor", s.master_flavor);
			cJSON_AddStringToObject(o, "worker_flavor", s.worker_flavor);
			cJSON_AddStringToObject(o, "cidr", s.cidr);
			cJSON_AddStringToObject(o, "public_key_type", s.public_key_type);
			cJSON_AddStringToObject(o, "path", s.path);
			spec_dispose(&s);
		}
		cJSON_AddItemToArray(a, o);
	}
	if (n == 0 && fmt != CLI_JSON) {
		fprintf(stderr, "sparkdeck: no cluster specs in %s (KIND/NAME.conf files)\n", clusters_dir);
		out_table_dispose(&t);
		cJSON_Delete(a);
	} else
		out_emit(&t, a, fmt == CLI_JSON);
	spec_free_refs(refs, n);
	return bad ? CLI_EXIT_CONFIG : CLI_EXIT_OK;
}
