#include "autoconfig.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <libconfig.h>

#include "core/conffile.h"
#include "core/config.h"
#include "core/error.h"
#include "core/recipe.h"
#include "core/reflist.h"
#include "core/spec.h"
#include "core/spec_check.h"
#include "core/xmalloc.h"

#define SPEC_TEXT_MAX 255        /* image, flavor and network names */
#define SPEC_DNS_MAX 5           /* Neutron's default max_dns_nameservers */
#define SPEC_CIDRS_MAX 64        /* entries in ssh_cidrs, ui_cidrs */

#define SPEC_KNOWN "image, master_flavor, worker_flavor, workers, network, security, keypair, " \
	"floating_ip, ssh_user, spark, user_data"

/* One group of settings: its name, what it may hold and how each key is applied. */
struct spec_group {
	const char *name;
	const char *known;
	int (*apply)(struct spec *sp, const config_setting_t *s, const char *file, int line);
};

static void spec_free_list(char **list, size_t n)
{
	reflist_free(list, n);
}

void spec_dispose(struct spec *s)
{
	free(s->path);
	free(s->ref);
	free(s->kind);
	free(s->name);
	free(s->cluster_name);
	free(s->image);
	free(s->master_flavor);
	free(s->worker_flavor);
	free(s->cidr);
	free(s->external_network);
	spec_free_list(s->dns, s->n_dns);
	spec_free_list(s->ssh_cidrs, s->n_ssh_cidrs);
	spec_free_list(s->ui_cidrs, s->n_ui_cidrs);
	free(s->public_key_path);
	free(s->public_key);
	free(s->public_key_type);
	free(s->ssh_user);
	free(s->worker_memory);
	free(s->master_user_data_path);
	free(s->master_user_data);
	free(s->worker_user_data_path);
	free(s->worker_user_data);
	memset(s, 0, sizeof *s);
}

int spec_check_ref(const char *ref)
{
	const char *slash = ref ? strchr(ref, '/') : NULL;

	if (slash == NULL || !reflist_valid_name(ref, (size_t)(slash - ref)) ||
	    !reflist_valid_name(slash + 1, strlen(slash + 1)))
		return err_set(ERR_INVALID, "bad cluster spec ref '%.140s': expected KIND/NAME (spark/ld14), "
			       "each of a-z, 0-9, '.', '_', '-' starting with a letter or digit, at most %d "
			       "bytes, no \"..\"", ref ? ref : "", REFLIST_PART_MAX);
	return 0;
}

void spec_free_refs(char **refs, size_t count)
{
	reflist_free(refs, count);
}

int spec_list_refs(char ***refs, size_t *count, const char *clusters_dir)
{
	return reflist_scan(refs, count, clusters_dir, reflist_valid_name, reflist_valid_name, "cluster specs");
}

const char *spec_pick_clusters_dir(const char *explicit_dir, const struct config *c)
{
	const char *env = getenv("SPARKDECK_CLUSTERS_DIR");

	if (explicit_dir && *explicit_dir)
		return explicit_dir;
	if (env && *env)
		return env;
	return c && c->clusters_dir && *c->clusters_dir ? c->clusters_dir : NULL;
}

/* A string setting stored into *dst (max bytes). */
static int spec_apply_string(char **dst, const config_setting_t *s, const char *file, int line,
			     const char *what, size_t max)
{
	const char *v;
	int rc;

	if ((rc = conffile_get_string(s, file, line, what, max, &v)) < 0)
		return rc;
	free(*dst);
	*dst = xstrdup(v);
	return 0;
}

/* A list of strings each passing ok(); stored into *list (replacing the default). */
static int spec_apply_list(char ***list, size_t *count, const config_setting_t *s, const char *file,
			   int line, const char *what, size_t max_n, int (*ok)(const char *),
			   const char *allowed)
{
	const config_setting_t *e;
	const char *v, *efile;
	char *each = xasprintf("each %s entry", what);
	int i, n, eline, rc = 0, type = config_setting_type(s);
	size_t j;

	spec_free_list(*list, *count);
	*list = NULL;
	*count = 0;
	if (type != CONFIG_TYPE_ARRAY && type != CONFIG_TYPE_LIST) {
		rc = err_set(ERR_CONFIG, "%s:%d: %s must be a list: %s = [ ... ]; allowed: %s",
			     file, line, what, what, allowed);
		goto out;
	}
	n = config_setting_length(s);
	if ((size_t)n > max_n) {
		rc = err_set(ERR_CONFIG, "%s:%d: %s has %d entries; allowed: at most %zu",
			     file, line, what, n, max_n);
		goto out;
	}
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		conffile_locate_setting(e, file, &efile, &eline);
		if (eline <= 0)
			eline = line;
		if ((rc = conffile_get_string(e, efile, eline, each, 64, &v)) < 0)
			goto out;
		if (!ok(v)) {
			rc = err_set(ERR_CONFIG, "%s:%d: %s entry \"%.64s\" is not valid; allowed: %s",
				     efile, eline, what, v, allowed);
			goto out;
		}
		for (j = 0; j < *count; j++)
			if (strcmp((*list)[j], v) == 0) {
				rc = err_set(ERR_CONFIG, "%s:%d: %s names %s twice; list each once",
					     efile, eline, what, v);
				goto out;
			}
		*list = xreallocarray(*list, *count + 1, sizeof **list);
		(*list)[(*count)++] = xstrdup(v);
	}
out:
	free(each);
	return rc;
}

/* Walk the settings of group s, calling g->apply on each; s must be a group. */
static int spec_apply_group(struct spec *sp, const struct spec_group *g, const config_setting_t *s,
			    const char *file, int line)
{
	const config_setting_t *e;
	const char *efile;
	int i, n, eline, rc;

	if (config_setting_type(s) != CONFIG_TYPE_GROUP)
		return err_set(ERR_CONFIG, "%s:%d: %s must be a group: %s = { ... }; known in it: %s",
			       file, line, g->name, g->name, g->known);
	n = config_setting_length(s);
	for (i = 0; i < n; i++) {
		e = config_setting_get_elem(s, (unsigned)i);
		conffile_locate_setting(e, file, &efile, &eline);
		if ((rc = g->apply(sp, e, efile, eline)) < 0)
			return rc;
	}
	return 0;
}

static int spec_unknown(const char *group, const char *name, const char *file, int line, const char *known)
{
	return err_set(ERR_CONFIG, "%s:%d: unknown setting '%s.%.64s'; known in %s: %s",
		       file, line, group, name, group, known);
}

static int spec_apply_network(struct spec *sp, const config_setting_t *s, const char *file, int line)
{
	const char *name = config_setting_name(s), *v;
	int rc, prefix;

	if (strcmp(name, "cidr") == 0) {
		if ((rc = conffile_get_string(s, file, line, "network.cidr", 64, &v)) < 0)
			return rc;
		if (!spec_valid_cidr(v, 0, &prefix) || prefix < 8 || prefix > 28)
			return err_set(ERR_CONFIG, "%s:%d: network.cidr \"%s\" is not an IPv4 network; allowed: "
				       "A.B.C.D/N with N from 8 to 28 and no host bits set (\"10.42.0.0/24\")",
				       file, line, v);
		free(sp->cidr);
		sp->cidr = xstrdup(v);
		return 0;
	}
	if (strcmp(name, "external_network") == 0)
		return spec_apply_string(&sp->external_network, s, file, line, "network.external_network",
					 SPEC_TEXT_MAX);
	if (strcmp(name, "dns") == 0)
		return spec_apply_list(&sp->dns, &sp->n_dns, s, file, line, "network.dns", SPEC_DNS_MAX,
				       spec_ok_ipv4, "IPv4 addresses such as \"192.0.2.53\"");
	return spec_unknown("network", name, file, line, "cidr, external_network, dns");
}

static int spec_apply_security(struct spec *sp, const config_setting_t *s, const char *file, int line)
{
	const char *name = config_setting_name(s);

	if (strcmp(name, "ssh_cidrs") == 0)
		return spec_apply_list(&sp->ssh_cidrs, &sp->n_ssh_cidrs, s, file, line, "security.ssh_cidrs",
				       SPEC_CIDRS_MAX, spec_ok_cidr,
				       "CIDRs with no host bits set (\"203.0.113.0/24\", \"2001:db8::/32\")");
	if (strcmp(name, "ui_cidrs") == 0)
		return spec_apply_list(&sp->ui_cidrs, &sp->n_ui_cidrs, s, file, line, "security.ui_cidrs",
				       SPEC_CIDRS_MAX, spec_ok_cidr,
				       "CIDRs with no host bits set (\"203.0.113.0/24\", \"2001:db8::/32\")");
	return spec_unknown("security", name, file, line, "ssh_cidrs, ui_cidrs");
}

static int spec_apply_keypair(struct spec *sp, const config_setting_t *s, const char *file, int line)
{
	const char *name = config_setting_name(s), *v;
	char *path, *text = NULL;
	size_t len;
	int rc;

	if (strcmp(name, "public_key") != 0)
		return spec_unknown("keypair", name, file, line, "public_key");
	if ((rc = conffile_get_string(s, file, line, "keypair.public_key", 0, &v)) < 0)
		return rc;
	len = strlen(v);
	/* Only a .pub file is opened, so a private key is never read by mistake. */
	if (len < 5 || strcmp(v + len - 4, ".pub") != 0)
		return err_set(ERR_CONFIG, "%s:%d: keypair.public_key \"%.64s\" does not end in .pub; allowed: "
			       "the public half of an ed25519 or ECDSA key (\"~/.ssh/id_ed25519.pub\"); "
			       "the private key is never read", file, line, v);
	path = conffile_expand_path(v, sp->path);
	if ((rc = conffile_read_text(&text, path, SPEC_PUBLIC_KEY_MAX, file, line, "keypair.public_key",
				     NULL)) == 0)
		rc = spec_check_public_key(sp, text, path, file, line);
	free(text);
	if (rc < 0) {
		free(path);
		return rc;
	}
	free(sp->public_key_path);
	sp->public_key_path = path;
	return 0;
}

static int spec_apply_spark(struct spec *sp, const config_setting_t *s, const char *file, int line)
{
	const char *name = config_setting_name(s), *v;
	long long mb;
	int rc;

	if (strcmp(name, "master_port") == 0)
		return conffile_get_int(s, file, line, "spark.master_port", 1024, 65535, &sp->master_port);
	if (strcmp(name, "ui_port") == 0)
		return conffile_get_int(s, file, line, "spark.ui_port", 1024, 65535, &sp->ui_port);
	if (strcmp(name, "worker_cores") == 0)
		return conffile_get_int(s, file, line, "spark.worker_cores", 1, 256, &sp->worker_cores);
	if (strcmp(name, "worker_memory") == 0) {
		if ((rc = conffile_get_string(s, file, line, "spark.worker_memory", 32, &v)) < 0)
			return rc;
		if ((mb = spec_parse_memory(v)) < 0)
			return err_set(ERR_CONFIG, "%s:%d: spark.worker_memory \"%s\" is not a memory size; "
				       "allowed: a whole number and m, g or t (\"512m\", \"1g\"), from 128m "
				       "to 64t", file, line, v);
		free(sp->worker_memory);
		sp->worker_memory = xstrdup(v);
		sp->worker_memory_mb = mb;
		return 0;
	}
	return spec_unknown("spark", name, file, line, "master_port, ui_port, worker_cores, worker_memory");
}

static int spec_apply_user_data(struct spec *sp, const config_setting_t *s, const char *file, int line)
{
	const char *name = config_setting_name(s), *v;
	char **dst_path, **dst_text, *path, *text, *what;
	int rc;

	if (strcmp(name, "master") == 0) {
		dst_path = &sp->master_user_data_path;
		dst_text = &sp->master_user_data;
	} else if (strcmp(name, "worker") == 0) {
		dst_path = &sp->worker_user_data_path;
		dst_text = &sp->worker_user_data;
	} else
		return spec_unknown("user_data", name, file, line, "master, worker");
	what = xasprintf("user_data.%s", name);
	if ((rc = conffile_get_string(s, file, line, what, 0, &v)) == 0) {
		path = conffile_expand_path(v, sp->path);
		if ((rc = conffile_read_text(&text, path, SPEC_USER_DATA_MAX, file, line, what,
					     "Nova takes 65535 bytes of base64")) < 0)
			free(path);
		else {
			free(*dst_path);
			free(*dst_text);
			*dst_path = path;
			*dst_text = text;
		}
	}
	free(what);
	return rc;
}

static const struct spec_group spec_groups[] = {
	{ "network", "cidr, external_network, dns", spec_apply_network },
	{ "security", "ssh_cidrs, ui_cidrs", spec_apply_security },
	{ "keypair", "public_key", spec_apply_keypair },
	{ "spark", "master_port, ui_port, worker_cores, worker_memory", spec_apply_spark },
	{ "user_data", "master, worker", spec_apply_user_data },
};

/* Check and store one top-level setting. */
static int spec_apply_top(void *obj, const config_setting_t *s, const char *file, int line)
{
	struct spec *sp = obj;
	const char *name = config_setting_name(s), *v;
	size_t i;
	int rc;

	for (i = 0; i < sizeof spec_groups / sizeof spec_groups[0]; i++)
		if (strcmp(name, spec_groups[i].name) == 0)
			return spec_apply_group(sp, &spec_groups[i], s, file, line);
	if (strcmp(name, "image") == 0) {
		if ((rc = spec_apply_string(&sp->image, s, file, line, name, SPEC_TEXT_MAX)) < 0)
			return rc;
		sp->image_is_recipe = strchr(sp->image, '/') != NULL;
		if (sp->image_is_recipe && recipe_check_ref(sp->image) < 0)
			return err_set(ERR_CONFIG, "%s:%d: image \"%.64s\" holds a '/' but is not a recipe ref; "
				       "allowed: NAME/VERSION of an image recipe (\"hail-base/1.0.0\") or an "
				       "image name or id without '/'", file, line, sp->image);
		return 0;
	}
	if (strcmp(name, "master_flavor") == 0)
		return spec_apply_string(&sp->master_flavor, s, file, line, name, SPEC_TEXT_MAX);
	if (strcmp(name, "worker_flavor") == 0)
		return spec_apply_string(&sp->worker_flavor, s, file, line, name, SPEC_TEXT_MAX);
	if (strcmp(name, "workers") == 0)
		return conffile_get_int(s, file, line, name, 0, SPEC_WORKERS_MAX, &sp->workers);
	if (strcmp(name, "floating_ip") == 0)
		return conffile_get_bool(s, file, line, name, &sp->floating_ip);
	if (strcmp(name, "ssh_user") == 0) {
		if ((rc = conffile_get_string(s, file, line, name, 0, &v)) < 0)
			return rc;
		if (!conffile_is_user_name(v))
			return err_set(ERR_CONFIG, "%s:%d: ssh_user must be a user name (letters, digits, "
				       "'.', '_', '-', not starting with '-', at most 64)", file, line);
		free(sp->ssh_user);
		sp->ssh_user = xstrdup(v);
		return 0;
	}
	return err_set(ERR_CONFIG, "%s:%d: unknown setting '%.64s'; known: " SPEC_KNOWN, file, line, name);
}

/* ERR_NOTFOUND for a spec file that does not exist, naming the specs of that kind that do. */
static int spec_not_found(const struct spec *sp, const char *clusters_dir)
{
	char **names = NULL, *have = NULL, *next, *dir = xasprintf("%s/%s", clusters_dir, sp->kind);
	size_t n = 0, i;
	int rc;

	if (reflist_scan_leaves(&names, &n, dir, reflist_valid_name, "cluster specs") < 0 || n == 0) {
		rc = err_set(ERR_NOTFOUND, "no cluster spec %s: expected %s; there are no %s specs in %s",
			     sp->ref, sp->path, sp->kind, clusters_dir);
		goto out;
	}
	for (i = 0; i < n; i++) {
		next = xasprintf("%s%s%s", have ? have : "", have ? ", " : "", names[i]);
		free(have);
		have = next;
	}
	rc = err_set(ERR_NOTFOUND, "no cluster spec %s: expected %s; %s specs there: %s",
		     sp->ref, sp->path, sp->kind, have);
out:
	reflist_free(names, n);
	free(have);
	free(dir);
	return rc;
}

/* Checks across settings, after the whole file is read. */
static int spec_check_whole(const struct spec *sp)
{
	static const char *const required[] = { "image", "master_flavor", "worker_flavor", "keypair.public_key" };
	const char *const have[] = { sp->image, sp->master_flavor, sp->worker_flavor, sp->public_key };
	int prefix = 24;
	long long room;
	size_t i;

	for (i = 0; i < sizeof required / sizeof required[0]; i++)
		if (have[i] == NULL)
			return err_set(ERR_CONFIG, "%s: %s is missing; it is required (see sparkdeck.conf(5), "
				       "CLUSTER SPECS)", sp->path, required[i]);
	if (sp->master_port == sp->ui_port)
		return err_set(ERR_CONFIG, "%s: spark.master_port and spark.ui_port are both %d; allowed: "
			       "two different ports", sp->path, sp->ui_port);
	spec_valid_cidr(sp->cidr, 0, &prefix);
	/* Network and broadcast addresses, the gateway and DHCP port, the master, the workers. */
	room = (1LL << (32 - prefix)) - 4;
	if (room < 1LL + sp->workers)
		return err_set(ERR_CONFIG, "%s: network.cidr %s has room for %lld servers but the cluster "
			       "has %d; allowed: a larger network (a smaller /N)", sp->path, sp->cidr,
			       room, 1 + sp->workers);
	return 0;
}

int spec_load(struct spec *out, const char *clusters_dir, const char *ref)
{
	struct spec sp;
	struct stat st;
	int rc;
	size_t len;

	memset(&sp, 0, sizeof sp);
	memset(out, 0, sizeof *out);
	if ((rc = spec_check_ref(ref)) < 0)
		goto out;
	if (clusters_dir == NULL || *clusters_dir == '\0') {
		rc = err_set(ERR_INVALID, "no clusters directory: set clusters_dir in sparkdeck.conf, "
			     "SPARKDECK_CLUSTERS_DIR or --clusters-dir");
		goto out;
	}
	len = strcspn(ref, "/");
	sp.ref = xstrdup(ref);
	sp.kind = xstrndup(ref, len);
	sp.name = xstrdup(ref + len + 1);
	sp.cluster_name = xasprintf("%s-%s", sp.kind, sp.name);
	sp.path = xasprintf("%s/%s/%s.conf", clusters_dir, sp.kind, sp.name);
	sp.workers = 2;
	sp.cidr = xstrdup(SPEC_CIDR_DEFAULT);
	sp.external_network = xstrdup("public");
	sp.ssh_cidrs = xmalloc(sizeof *sp.ssh_cidrs);
	sp.ssh_cidrs[0] = xstrdup("0.0.0.0/0");
	sp.n_ssh_cidrs = 1;
	sp.floating_ip = 1;
	sp.ssh_user = xstrdup("debian");
	sp.master_port = 7077;
	sp.ui_port = 8080;
	sp.worker_cores = 1;
	if (stat(sp.path, &st) != 0 && (errno == ENOENT || errno == ENOTDIR)) {
		rc = spec_not_found(&sp, clusters_dir);
		goto out;
	}
	if ((rc = conffile_load(sp.path, spec_apply_top, &sp)) < 0)
		goto out;
	if ((rc = spec_check_whole(&sp)) < 0)
		goto out;
	*out = sp;
	memset(&sp, 0, sizeof sp);
out:
	spec_dispose(&sp);
	return rc;
}
