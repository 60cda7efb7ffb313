/*
 * clouds_fill: resolve the settings of one cloud (used by clouds.c only).
 *
 * A cloud is a stack of mappings, highest priority first: the chosen
 * region's values, its secure.yaml entry, its clouds.yaml entry (the sdk's
 * deep merge of auth falls out of looking each key up through the stack).
 * OS_* variables then override, as the openstack CLI's argparse defaults do:
 * OS_AUTH_URL, OS_USERNAME, OS_USER_ID, OS_PASSWORD, OS_PROJECT_NAME /
 * OS_TENANT_NAME, OS_PROJECT_ID / OS_TENANT_ID, OS_{USER,PROJECT}_DOMAIN_
 * {NAME,ID}, OS_DOMAIN_{NAME,ID}, OS_APPLICATION_CREDENTIAL_{ID,NAME,SECRET},
 * OS_AUTH_TYPE, OS_IDENTITY_API_VERSION, OS_INTERFACE, OS_CACERT,
 * OS_REGION_NAME, OS_DEFAULT_DOMAIN; each override of a file value adds a
 * warning naming the variable. With env_only set (no layers) the cloud is
 * built from those variables alone, plus OS_ENDPOINT_TYPE and OS_INSECURE.
 *
 * Contract: the caller zeroes the struct, sets env, out, shown, where, the
 * layers (already checked with clouds_fill_check_entry()) or env_only, then
 * calls clouds_fill_resolve() once; it returns 0 or ERR_CONFIG with
 * "file:line: what" or "where: what". Nothing secret goes into a message.
 * The struct borrows everything it points to.
 */
#ifndef SD_CORE_CLOUDS_FILL_H
#define SD_CORE_CLOUDS_FILL_H

#include <stddef.h>

#include "core/clouds.h"
#include "core/yaml.h"

#define CLOUDS_FILL_MAX_LAYERS 3

struct clouds_fill {
	const struct clouds_env *env;
	struct clouds_config *out;
	const char *shown;                                    /* cloud name safe for messages */
	const char *where;                                    /* "cloud 'x' in FILE" */
	const struct yaml_node *layer[CLOUDS_FILL_MAX_LAYERS]; /* highest priority first */
	const char *layer_file[CLOUDS_FILL_MAX_LAYERS];
	size_t n_layers;
	int env_only;
};

/* The value of an environment variable through env, NULL when unset or empty. */
const char *clouds_fill_getenv(const struct clouds_env *env, const char *name);
/* Whether OS_* variables describe a cloud (any besides the selectors OS_CLOUD, OS_REGION_NAME, ...). */
int clouds_fill_env_has_cloud(const struct clouds_env *env);
/* Check that a cloud entry from file is a mapping with a mapping auth and no vendor profile. */
int clouds_fill_check_entry(const struct clouds_fill *f, const char *file, const struct yaml_node *e);
/* Choose the region ($OS_REGION_NAME, which must be listed if any are, else the first) and put its values on top. */
int clouds_fill_pick_region(struct clouds_fill *f);
/* Pick the region, resolve every setting into f->out and check that they suffice. */
int clouds_fill_resolve(struct clouds_fill *f);

#endif
